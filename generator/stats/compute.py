"""Compute every figure of a release: each arm's own figures, then every analysis."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from generator.data.analyses import kind_of
from generator.data.analyses.base import AnalysisBase, ArmFigures, Interval
from generator.data.loader import LoadedRelease
from generator.data.models import Cell, Endpoint, Release
from generator.data.positions import field_path, line_of
from generator.errors import N_, DataError, Message, Problem
from generator.maths import inference

__all__ = ["ArmFigures", "ReleaseFigures", "arm_figures", "release_figures"]


@dataclass(frozen=True)
class ReleaseFigures:
    """Every computed figure of a release."""

    arms: dict[tuple[str, str], ArmFigures]
    """Keyed by (endpoint id, arm id)."""
    analyses: dict[str, tuple[AnalysisBase, Any]]
    """Each analysis's spec and result, keyed by analysis id, in display order."""


def arm_figures(endpoint: Endpoint, cell: Cell, level: float, method: str) -> ArmFigures:
    """Compute one arm's own figures for one endpoint: a rate and its interval, or a mean's interval."""
    if endpoint.kind == "continuous":
        assert cell.mean is not None and cell.sd is not None
        ci = None
        if cell.analyzed >= 2:
            half = inference.t_half_width(cell.sd, cell.analyzed, level)
            ci = Interval(cell.mean - half, cell.mean + half)
        return ArmFigures(
            cell.arm, endpoint.id, endpoint.kind, analyzed=cell.analyzed, mean=cell.mean, sd=cell.sd, ci=ci
        )
    assert cell.events is not None
    rate = Fraction(cell.events, cell.analyzed) if cell.analyzed else None
    ci = None
    if cell.analyzed and endpoint.kind != "time-to-event":
        ci = Interval(*inference.proportion_ci(cell.events, cell.analyzed, level, method))
    return ArmFigures(
        cell.arm,
        endpoint.id,
        endpoint.kind,
        events=cell.events,
        analyzed=cell.analyzed,
        rate=rate,
        ci=ci,
        median=cell.median,
    )


def release_figures(release: Release) -> ReleaseFigures:
    """Compute every arm's figures and every analysis of a release."""
    plan = release.analysis
    endpoints = {endpoint.id: endpoint for endpoint in release.design.endpoints}
    arms = {
        (cell.endpoint, cell.arm): arm_figures(endpoints[cell.endpoint], cell, plan.ci.level, plan.ci.method)
        for cell in release.results.cells
    }
    analyses: dict[str, tuple[AnalysisBase, Any]] = {}
    for index, spec in enumerate(plan.analyses):
        parts = [arms[(spec.endpoint, arm)] for arm in spec.arms]
        try:
            analyses[spec.id] = (spec, kind_of(spec).compute(spec, parts, plan.ci.level))
        except inference.NotComputable as error:
            raise AnalysisNotComputable(index, error.reason) from error
    return ReleaseFigures(arms=arms, analyses=analyses)


class AnalysisNotComputable(Exception):
    """An analysis whose kind shows nothing when its figures are undefined (e.g. nobody analyzed)."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.reason = reason


def loaded_figures(loaded: LoadedRelease) -> ReleaseFigures:
    """Compute a loaded release's figures; an analysis that cannot be computed is one data problem."""
    try:
        return release_figures(loaded.release)
    except AnalysisNotComputable as error:
        loc = ("analysis", "analyses", error.index, "arms")
        problem = Problem(
            loaded.file,
            field_path(loc),
            Message(N_("arms whose figures give the analysis")),
            Message(error.reason),
            line_of(loaded.lines, loc),
        )
        raise DataError([problem]) from None


def is_finite(*values: float) -> bool:
    """Return whether every value is a finite number."""
    return all(math.isfinite(value) for value in values)
