"""Messages people read follow --lang: the summary lines of the command line and data errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from generator.build.site import Project, generate
from generator.cli import main


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [line for record in caplog.records for line in record.getMessage().splitlines()]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "check passed: 1 release(s), {files} page file(s), every published figure reproduced"),
        ("ja", "チェック完了：リリース1件、ページファイル{files}件、公表値はすべて再現されました"),
    ],
)
def test_the_check_line_follows_lang(
    lang: str, expected: str, project: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.INFO, logger="generator")
    files = len(generate(Project(project), draw=False).files)  # check draws no card and no figure
    capsys.readouterr()
    assert main(["check", "--project", str(project), "--lang", lang]) == 0
    # The real release's claims warnings (its subtitle's unattributed "safe") go to the log, in lang too;
    # the command's result goes to stdout.
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 4 and all(("警告" if lang == "ja" else "warning") in line for line in warnings)
    assert [line for line in _lines(caplog) if line not in warnings] == []
    assert capsys.readouterr().out == expected.format(files=files) + "\n"


def test_the_build_line_follows_lang(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    files = len(generate(Project(project)).files)
    caplog.set_level(logging.INFO, logger="generator")
    assert main(["build", "--project", str(project), "--lang", "ja"]) == 0
    assert main(["build", "--project", str(project), "--lang", "ja"]) == 0
    assert _lines(caplog) == [
        f"1件のリリースから{files}件のファイルを生成しました（書き込み{files + 1}件、削除0件、変更なし0件）",
        "docs/は1件のリリースについて最新です。生成するものはありません",
    ]


def test_a_japanese_verification_error_reads_naturally(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    release = project / "data" / "releases" / "2026-05-18-tacrolimus" / "release.yaml"
    text = release.read_text(encoding="utf-8")
    wrong = text.replace('published: {rate: "66.7", ci: "38.4-88.2"}', 'published: {rate: "60.0", ci: "38.4-88.2"}', 1)
    release.write_text(wrong, encoding="utf-8")
    assert main(["check", "--project", str(project), "--lang", "ja"]) == 1
    (line,) = [line for line in _lines(caplog) if "published.rate" in line]
    assert line.endswith(
        "results.cells[0].published.rate: "
        "66.7（人数から再計算し、四捨五入または五捨六入した値）が必要ですが、'60.0'となっています"
    ), line
