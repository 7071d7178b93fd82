"""`check` reads every text of the data: each figure of a result is quoted, attributed or listed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import RELEASE_ID


def _check(project: Path, caplog: pytest.LogCaptureFixture) -> tuple[int, list[str]]:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="generator"):
        code = main(["--lang", "en", "--project", str(project), "check"])
    return code, [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]


def _without_line(error: str) -> str:
    """Return an error without its line number (the file's lines move as the data grows)."""
    return re.sub(r"\.yaml:\d+:", ".yaml:", error, count=1)


def _replace(project: Path, old: str, new: str) -> None:
    release = project / "data" / "releases" / RELEASE_ID / "release.yaml"
    text = release.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    release.write_text(text.replace(old, new), encoding="utf-8")


def test_real_release_passes_with_four_quotes_fewer(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    # The summary's four figures (two rates, two intervals) need no quote: they are attributed.
    release = project / "data" / "releases" / RELEASE_ID / "release.yaml"
    data = yaml.safe_load(release.read_text(encoding="utf-8"))
    assert len(data["design"]["summary"].pop("quotes")) == 4
    release.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _check(project, caplog) == (0, [])
    _replace(project, "in the low-dose group and 55.6%", "in the low-dose group and 57.6%")
    assert _check(project, caplog)[0] == 1


def test_an_undeclared_figure_is_an_error_naming_the_field(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    _replace(project, "解決へ向けた一つの治療法として", "解決へ向けた一つの治療法（有効率70.0%）として")
    code, errors = _check(project, caplog)
    assert code == 1
    assert [_without_line(error) for error in errors] == [
        "data/releases/2026-05-18-tacrolimus/release.yaml: outlook[0].ja: expected a figure declared under "
        "quotes or not_results, or one that names its arm and endpoint, found '70.0%'"
    ]


def test_a_changed_background_figure_is_caught(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Changing "0%" to "5%" in a sentence that lists 0% as not a result: the 5% is undeclared.
    _replace(project, "しても0%の生化学的妊娠確率", "しても5%の生化学的妊娠確率")
    code, errors = _check(project, caplog)
    assert code == 1
    assert any(
        "key_points[3].ja: expected a figure declared under quotes or not_results" in e and "'5%'" in e for e in errors
    )


def test_an_attributed_figure_that_disagrees(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    release = project / "data" / "releases" / RELEASE_ID / "release.yaml"
    data = yaml.safe_load(release.read_text(encoding="utf-8"))
    data["design"]["summary"].pop("quotes")  # no quote: the figure is attributed by its context alone
    release.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _replace(project, "in the low-dose group and 55.6%", "in the low-dose group and 57.6%")
    code, errors = _check(project, caplog)
    assert code == 1
    assert [_without_line(error) for error in errors] == [
        "data/releases/2026-05-18-tacrolimus/release.yaml: design.summary.en: expected 55.6 (High dose, "
        "Clinical pregnancy 3 weeks after embryo transfer, rate), found '57.6%'"
    ]


def test_a_release_read_before_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.stats import undeclared
    from generator.stats.compute import release_figures
    from tests.conftest import real_release

    loaded = real_release()
    figures = release_figures(loaded.release)
    assert undeclared.check_figures(loaded, figures) == []

    def refuse(*args: object) -> list[object]:
        raise AssertionError("read again")

    monkeypatch.setattr(undeclared, "_check_figures", refuse)
    assert undeclared.check_figures(loaded, figures) == []  # the preview's unchanged release
    with pytest.raises(AssertionError, match="read again"):
        undeclared.check_figures(loaded, release_figures(loaded.release))  # recomputed: read again
