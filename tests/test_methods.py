"""The real release's methods page: exploratory figures and exact P values, computed at build time."""

from __future__ import annotations

from generator.data.models import Release
from generator.pages.context import release_context
from generator.pages.methods import MethodsContext
from generator.stats import compute
from tests.conftest import real_release


def methods_page(release: Release, figures: compute.ReleaseFigures, lang: str) -> MethodsContext:
    context = release_context(release, figures, lang, "methods")
    assert isinstance(context, MethodsContext)
    return context


def test_exploratory_figures_match_the_analysis_plan() -> None:
    loaded = real_release()
    computed = compute.release_figures(loaded.release)
    pooled, difference = methods_page(loaded.release, computed, "en").exploratory
    assert (pooled.estimate, pooled.ci, pooled.p) == ("62.5% (15/24)", "40.6–81.2", None)
    assert (difference.estimate, difference.ci) == ("11.1 percentage points", "−24.6 to 45.2")
    assert difference.p == "Low dose vs High dose: Fisher's exact test, two-sided: P = 0.678"
    ja_pooled, ja_difference = methods_page(loaded.release, computed, "ja").exploratory
    assert ja_pooled.estimate == "62.5%（15/24）"
    assert ja_difference.ci == "−24.6～45.2"


def test_exact_p_values_are_shown_next_to_their_display_form() -> None:
    loaded = real_release()
    rows = methods_page(loaded.release, compute.release_figures(loaded.release), "en").p_values
    assert [(row.counts, row.exact, row.shown, row.significant) for row in rows] == [
        ("10/15", "2.3 × 10⁻¹⁰", "<0.0001", True),
        ("5/9", "3.3 × 10⁻⁵", "<0.0001", True),
        ("10/15", "2.3 × 10⁻¹⁰", "<0.0001", True),
        ("5/9", "3.3 × 10⁻⁵", "<0.0001", True),
    ]
