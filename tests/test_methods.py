"""The methods page and the exploratory figures, computed at build time."""

from __future__ import annotations

from generator import compute
from generator.context import exploratory_rows, p_value_rows
from generator.loader import load_releases
from tests.conftest import ROOT


def test_exploratory_figures_match_the_analysis_plan() -> None:
    (loaded,) = load_releases(ROOT / "data")
    computed = compute.release_figures(loaded.release)
    pooled, difference = exploratory_rows(computed, "en")
    assert (pooled.estimate, pooled.ci, pooled.p) == ("62.5% (15/24)", "40.6–81.2", None)
    assert (difference.estimate, difference.ci) == ("11.1 percentage points", "−24.6 to 45.2")
    assert difference.p == "Fisher's exact test, two-sided: P = 0.678"
    ja_pooled, ja_difference = exploratory_rows(computed, "ja")
    assert ja_pooled.estimate == "62.5%（15/24）"
    assert ja_difference.ci == "−24.6～45.2"


def test_exact_p_values_are_shown_next_to_their_display_form() -> None:
    (loaded,) = load_releases(ROOT / "data")
    rows = p_value_rows(loaded.release, compute.release_figures(loaded.release), "en")
    assert [(row.counts, row.exact, row.shown, row.significant) for row in rows] == [
        ("10/15", "2.3 × 10⁻¹⁰", "<0.0001", True),
        ("5/9", "3.3 × 10⁻⁵", "<0.0001", True),
        ("10/15", "2.3 × 10⁻¹⁰", "<0.0001", True),
        ("5/9", "3.3 × 10⁻⁵", "<0.0001", True),
    ]
