"""Compute every figure of a release from its counts."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator import stats
from generator.models import Analysis, Cell, Release


@dataclass(frozen=True)
class CellFigures:
    """The figures computed for one arm and one endpoint."""

    cell: Cell
    rate: Fraction
    ci: stats.Interval
    p: float


def test_p(analysis: Analysis, events: int, analysed: int) -> float:
    """Return the P value of the plan's test of one arm against the control rate."""
    tests = {
        "greater": stats.binomial_p_greater,
        "less": stats.binomial_p_less,
        "two-sided": stats.binomial_p_two_sided,
    }
    return tests[analysis.alternative](events, analysed, analysis.control_rate)


def cell_figures(analysis: Analysis, cell: Cell) -> CellFigures:
    """Compute the rate, its interval and the test's P value for one cell."""
    return CellFigures(
        cell=cell,
        rate=stats.proportion(cell.events, cell.analysed),
        ci=stats.clopper_pearson(cell.events, cell.analysed, analysis.ci.level),
        p=test_p(analysis, cell.events, cell.analysed),
    )


def release_figures(release: Release) -> dict[tuple[str, str], CellFigures]:
    """Compute every cell of the results table, keyed by (endpoint id, arm id)."""
    return {(cell.endpoint, cell.arm): cell_figures(release.analysis, cell) for cell in release.results.cells}
