"""Published figures that the counts do not reproduce fail the check with one clear line each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import VerificationError
from generator.site import Project, generate

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
        f"{FILE}:{_line(project, 'ci: 38.5-88.2')}: results.cells[0].published.ci: expected 38.380-88.176 "
        "(recomputed from the counts, rounded half up or down), found '38.5-88.2'"
    ]


def test_every_mismatch_is_reported_at_once(project: Path, edit_release: EditRelease) -> None:
    def change(data: dict[str, Any]) -> None:
        data["results"]["cells"][1]["published"].update(rate="55.5", p="<0.00001")
        data["results"]["cells"][3]["events"] = 6

    edit_release(change)
    with pytest.raises(VerificationError) as caught:
        generate(Project(project))
    fields = [problem.field for problem in caught.value.problems]
    assert fields == [
        "results.cells[1].published.rate",
        "results.cells[1].published.p",
        "results.cells[3].published.rate",
        "results.cells[3].published.ci",
    ]


def _line(project: Path, text: str) -> int:
    lines = (project / FILE).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)
