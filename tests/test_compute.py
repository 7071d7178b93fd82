"""Table 1 of the release, reproduced from the counts alone."""

from __future__ import annotations

from pathlib import Path

from generator import compute
from generator.context import results_table
from generator.loader import load_releases
from tests.conftest import ROOT


def test_every_figure_of_table_1_is_reproduced_from_the_counts() -> None:
    (loaded,) = load_releases(ROOT / "data")
    figures = compute.release_figures(loaded.release)
    for lang in ("ja", "en"):
        table = results_table(loaded.release, figures, lang)
        shown = [(row.rate, row.counts, row.ci, row.p) for group in table for row in group.rows]
        assert shown == [
            ("66.7", "10/15", "38.4–88.2", "<0.0001"),
            ("55.6", "5/9", "21.2–86.3", "<0.0001"),
            ("66.7", "10/15", "38.4–88.2", "<0.0001"),
            ("55.6", "5/9", "21.2–86.3", "<0.0001"),
        ]


def test_exact_p_values_match_the_analysis_plan() -> None:
    (loaded,) = load_releases(Path(ROOT / "data"))
    figures = compute.release_figures(loaded.release)
    assert f"{figures.cells[('clinical', 'low')].p:.3g}" == "2.32e-10"
    assert f"{figures.cells[('clinical', 'high')].p:.3g}" == "3.32e-05"
