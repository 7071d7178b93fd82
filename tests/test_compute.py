"""Table 1 of the real release, reproduced from the counts alone."""

from __future__ import annotations

from generator.pages.context import release_context
from generator.pages.results import ResultsContext
from generator.stats import compute
from tests.conftest import real_release


def test_every_figure_of_table_1_is_reproduced_from_the_counts() -> None:
    loaded = real_release()
    figures = compute.release_figures(loaded.release)
    for lang, (left, right, dash) in (("ja", ("（", "）", "～")), ("en", (" (", ")", "–"))):
        context = release_context(loaded.release, figures, lang, "results")
        assert isinstance(context, ResultsContext)
        shown = [(row.summary, row.ci, row.p) for group in context.table for row in group.rows]
        assert shown == [
            (f"66.7%{left}10/15{right}", f"38.4{dash}88.2", "<0.0001"),
            (f"55.6%{left}5/9{right}", f"21.2{dash}86.3", "<0.0001"),
            (f"66.7%{left}10/15{right}", f"38.4{dash}88.2", "<0.0001"),
            (f"55.6%{left}5/9{right}", f"21.2{dash}86.3", "<0.0001"),
        ]
        assert context.has_arm_p
        assert context.effects == ()


def test_exact_p_values_match_the_analysis_plan() -> None:
    figures = compute.release_figures(real_release().release)
    _, result = figures.analyses["clinical-against-control"]
    assert f"{result.p['low']:.3g}" == "2.32e-10"
    assert f"{result.p['high']:.3g}" == "3.32e-05"
