"""Compute every figure of a release from its counts."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator import stats
from generator.models import Analysis, Cell, Comparison, Release


@dataclass(frozen=True)
class CellFigures:
    """The figures computed for one arm and one endpoint."""

    cell: Cell
    rate: Fraction
    ci: stats.Interval
    p: float


@dataclass(frozen=True)
class PooledFigures:
    """One rate over several arms of an endpoint (post hoc)."""

    comparison: Comparison
    events: int
    analysed: int
    rate: Fraction
    ci: stats.Interval


@dataclass(frozen=True)
class DifferenceFigures:
    """The difference between two arms' rates, with its interval and Fisher's exact P."""

    comparison: Comparison
    first: CellFigures
    second: CellFigures
    difference: Fraction
    ci: stats.Interval
    """Newcombe hybrid score interval of the difference."""
    p: float
    """Fisher's exact test, two-sided."""


ComparisonFigures = PooledFigures | DifferenceFigures


@dataclass(frozen=True)
class ReleaseFigures:
    """Every computed figure of a release."""

    cells: dict[tuple[str, str], CellFigures]
    """Keyed by (endpoint id, arm id)."""
    comparisons: dict[str, ComparisonFigures]
    """Keyed by comparison id, in display order."""


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


def comparison_figures(
    analysis: Analysis, comparison: Comparison, cells: dict[tuple[str, str], CellFigures]
) -> ComparisonFigures:
    """Compute one exploratory figure from the cells it combines."""
    parts = [cells[(comparison.endpoint, arm)] for arm in comparison.arms]
    if comparison.kind == "pooled":
        events = sum(part.cell.events for part in parts)
        analysed = sum(part.cell.analysed for part in parts)
        return PooledFigures(
            comparison,
            events,
            analysed,
            stats.proportion(events, analysed),
            stats.clopper_pearson(events, analysed, analysis.ci.level),
        )
    first, second = parts
    a, b = first.cell, second.cell
    return DifferenceFigures(
        comparison,
        first,
        second,
        first.rate - second.rate,
        stats.newcombe_difference(a.events, a.analysed, b.events, b.analysed, analysis.ci.level),
        stats.fisher_exact_two_sided(a.events, a.analysed, b.events, b.analysed),
    )


def release_figures(release: Release) -> ReleaseFigures:
    """Compute every cell of the results table and every exploratory figure."""
    analysis = release.analysis
    cells = {(cell.endpoint, cell.arm): cell_figures(analysis, cell) for cell in release.results.cells}
    comparisons = analysis.exploratory.comparisons if analysis.exploratory else []
    return ReleaseFigures(
        cells=cells,
        comparisons={item.id: comparison_figures(analysis, item, cells) for item in comparisons},
    )
