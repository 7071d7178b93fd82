"""Published figures that the counts do not reproduce fail the check with one clear line each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build.site import Project, generate
from generator.errors import VerificationError

EditRelease = Callable[[Callable[[dict[str, Any]], None]], Path]
FILE = "data/releases/2026-05-18-tacrolimus/release.yaml"


def test_the_real_release_passes(project: Path) -> None:
    site = generate(Project(project))
    assert site.releases == 1


def test_a_wrong_ci_bound_names_field_printed_and_recomputed(project: Path, edit_release: EditRelease) -> None:
    edit_release(lambda data: data["results"]["cells"][0]["published"].update(ci="38.5-88.2"))
    with pytest.raises(VerificationError) as caught:
        generate(Project(project))
    assert str(caught.value).splitlines() == [
        f"{FILE}:{_line(project, 'ci: 38.5-88.2')}: results.cells[0].published.ci: expected 38.4-88.2 "
        "(recomputed from the counts, rounded half up or down), found '38.5-88.2'"
    ]


def test_every_mismatch_is_reported_at_once(project: Path, edit_release: EditRelease) -> None:
    def change(data: dict[str, Any]) -> None:
        data["results"]["cells"][1]["published"].update(rate="55.5")
        data["analysis"]["analyses"][0]["published"][1]["p"] = "<0.00001"
        data["results"]["cells"][3]["events"] = 6

    edit_release(change)
    with pytest.raises(VerificationError) as caught:
        generate(Project(project))
    fields = [problem.field for problem in caught.value.problems]
    assert fields == [
        "results.cells[1].published.rate",
        "results.cells[3].published.rate",
        "results.cells[3].published.ci",
        "analysis.analyses[0].published[1].p",
    ]


def _line(project: Path, text: str) -> int:
    lines = (project / FILE).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_quoted_figure_that_disagrees_is_reported_with_its_rule(project: Path, edit_release: EditRelease) -> None:
    def change(data: dict[str, Any]) -> None:
        point = data["key_points"][3]
        point["ja"] = point["ja"].replace("約60%", "約70%")
        point["quotes"][0]["printed"]["ja"] = "約70%"

    edit_release(change)
    with pytest.raises(VerificationError) as caught:
        generate(Project(project))
    line = _line(project, "quotes:")
    assert str(caught.value).splitlines() == [
        f"{FILE}:{line + 2}: key_points[3].quotes[0].printed.ja: expected 63 "
        "(recomputed from the counts, within 5.0 points), found '約70%'",
        f"{FILE}:{line + 3}: key_points[3].quotes[0].printed.en: expected the same figure as the ja text ('約70%'), "
        "found 'about 60%'",
    ]


def test_a_quote_missing_from_its_text_is_reported(project: Path, edit_release: EditRelease) -> None:
    def change(data: dict[str, Any]) -> None:
        point = data["key_points"][3]
        point["en"] = point["en"].replace("about 60%", "roughly 60%")

    edit_release(change)
    with pytest.raises(VerificationError) as caught:
        generate(Project(project))
    assert [problem.render(lambda message: message).split(": ", 1)[1] for problem in caught.value.problems] == [
        "key_points[3].en: expected text that contains the quoted figure 'about 60%', found no such text"
    ]


@pytest.mark.parametrize(
    ("printed", "exact", "tolerance", "expected"),
    [
        ("<0.0001", [2.3e-10], None, True),
        ("<0.0001", [0.0002], None, False),
        ("38.4-88.2", [38.38, 88.18], None, True),
        ("−24.6 to 45.2", [-24.61, 45.23], None, True),
        ("24.6 to 45.2", [-24.61, 45.23], None, False),
        ("約60%", [62.5], 5.0, True),
        ("約60%", [65.5], 5.0, False),
    ],
)
def test_consistency_rules(printed: str, exact: list[float], tolerance: float | None, expected: bool) -> None:
    from generator.stats.verify import consistent

    assert consistent(printed, exact, tolerance) is expected
