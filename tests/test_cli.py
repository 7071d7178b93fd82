"""The command line: options before or after the command, listed by --help; --debug shows the project's log only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import RELEASE_ID, ROOT

CHECK_PASSED_JA = "チェック完了"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def generator(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator` as a user does, in its own process (its own logging set-up)."""
    env = {key: value for key, value in os.environ.items() if key not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    env["LANG"] = "C.UTF-8"
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_top_level_help_lists_the_options() -> None:
    result = generator("--help")
    assert result.returncode == 0
    for option in ("--project", "--lang", "--debug"):
        assert option in result.stdout
    assert "before or after the command" in result.stdout


@pytest.mark.parametrize(
    "order",
    [
        ("--lang", "ja", "--project", "{project}", "check"),
        ("check", "--lang", "ja", "--project", "{project}"),
        ("--project", "{project}", "check", "--lang", "ja"),
    ],
    ids=["before", "after", "mixed"],
)
def test_options_work_before_and_after_the_command(project: Path, tmp_path: Path, order: tuple[str, ...]) -> None:
    # Run from an unrelated folder, so --project is what finds the data.
    result = generator(*(part.format(project=project) for part in order), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(CHECK_PASSED_JA), result.stdout


def test_an_option_after_the_command_wins_over_the_same_option_before_it(project: Path, tmp_path: Path) -> None:
    result = generator("--lang", "ja", "check", "--lang", "en", "--project", str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("check passed: 1 release(s)"), result.stdout


def test_an_unknown_language_is_a_usage_error_before_or_after() -> None:
    for args in (("--lang", "fr", "check"), ("check", "--lang", "fr")):
        result = generator(*args)
        assert result.returncode == 2
        assert "invalid choice: 'fr'" in result.stderr


def test_debug_shows_the_generators_log_and_no_library_debug_log(project: Path) -> None:
    result = generator("--debug", "build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    debug = [line for line in lines if line.startswith("DEBUG ")]
    assert any(line.startswith("DEBUG generator.data.loader: loaded 1 release(s)") for line in debug), lines
    assert any(line.startswith("DEBUG generator.build.writer: wrote ja/") for line in debug), lines
    # Only the project's own loggers speak at DEBUG: matplotlib, PIL, markdown... stay quiet.
    names = {line.split()[1].rstrip(":") for line in debug}
    assert names and all(name.startswith("generator") for name in names), names


def test_without_debug_there_is_no_debug_log(project: Path) -> None:
    result = generator("build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "DEBUG" not in result.stderr
    assert result.stderr.startswith("generated ")


def test_a_data_error_follows_lang_given_before_the_command(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    release = project / "data" / "releases" / RELEASE_ID / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace("date: 2026-05-18\n", "date: soon\n"), "utf-8")
    assert main(["--lang", "ja", "--project", str(project), "check"]) == 1
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 1
    assert "release.yaml" in errors[0]
    assert any("\u3040" <= char <= "\u30ff" for char in errors[0]), errors[0]  # kana: the Japanese message


def test_check_draws_nothing_and_starts_no_child_process(
    project: Path, monkeypatch: pytest.MonkeyPatch, started_children: list[str]
) -> None:
    from generator.build import writer
    from generator.outputs import card_drawing, cards, figure_drawing, figure_svg

    # Children would be started for a handful of files: check must start none and draw nothing.
    monkeypatch.setattr(card_drawing, "CHILD_THRESHOLD", 1)
    monkeypatch.setattr(figure_drawing, "CHILD_THRESHOLD", 1)
    monkeypatch.setattr(writer, "CHILD_THRESHOLD", 1)

    def refuse(*args: object) -> str:
        raise AssertionError("check drew something")

    monkeypatch.setattr(cards, "render_card", refuse)
    monkeypatch.setattr(card_drawing, "render_card", refuse)
    monkeypatch.setattr(figure_svg, "render_svg", refuse)
    monkeypatch.setattr(figure_drawing, "render_svg", refuse)
    before = sorted(path.relative_to(project).as_posix() for path in (project / "docs").rglob("*"))
    assert main(["--project", str(project), "check"]) == 0
    assert started_children == []
    assert sorted(path.relative_to(project).as_posix() for path in (project / "docs").rglob("*")) == before


def test_lang_ja_translates_every_line(project: Path) -> None:
    """Every line the command prints follows --lang, the embargo's and the problems' included."""
    from tests.conftest import synthetic_release, write_release

    held = synthetic_release("2099-01-15-held", "2099-01-15")
    held["embargo"] = "2099-01-15T09:00:00+09:00"
    write_release(project, "2099-01-15-held", held)
    result = generator("--lang", "ja", "check", "--project", str(project))
    assert result.returncode == 0, result.stderr
    # The embargo's line and the claims' warnings on stderr, the result on stdout: all in Japanese.
    assert "報道解禁前：2099-01-15-heldを2099-01-15T09:00:00+09:00" in result.stderr, result.stderr
    assert all(JAPANESE.search(line) for line in result.stderr.splitlines()), result.stderr
    assert result.stdout.startswith(CHECK_PASSED_JA) and result.stdout.count("\n") == 1, result.stdout
    (project / "data" / "releases" / "2099-01-15-held" / "release.yaml").write_text("id: [\n", encoding="utf-8")
    broken = generator("--lang", "ja", "check", "--project", str(project))
    assert broken.returncode == 1 and broken.stdout == ""
    assert all(JAPANESE.search(line) for line in broken.stderr.splitlines()), broken.stderr
