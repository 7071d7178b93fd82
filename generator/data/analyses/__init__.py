"""Every kind of analysis a release can state, one module each, behind one interface.

To add a design: write a module with a spec model (its `type` literal) and an `AnalysisKind`,
then add both to `AnalysisSpec` and `KINDS` below. Nothing else changes: validation, computing,
verification, the pages and the figure all go through `kind_of(spec)`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from generator.data.analyses import diagnostic, non_inferiority, one_sample, pooled, ratio, two_means, two_proportions
from generator.data.analyses.base import AnalysisBase, AnalysisKind

AnalysisSpec = Annotated[
    one_sample.OneSampleBinomial
    | pooled.PooledProportion
    | two_proportions.TwoProportions
    | two_means.TwoMeans
    | ratio.Ratio
    | non_inferiority.NonInferiority
    | diagnostic.DiagnosticAccuracy,
    Field(discriminator="type"),
]
"""One entry of `analysis.analyses`, chosen by its `type`."""

KINDS: dict[str, AnalysisKind[Any, Any]] = {
    one_sample.KIND.type: one_sample.KIND,
    pooled.KIND.type: pooled.KIND,
    two_proportions.KIND.type: two_proportions.KIND,
    two_means.KIND.type: two_means.KIND,
    ratio.KIND.type: ratio.KIND,
    "hazard-ratio": ratio.KIND,
    non_inferiority.KIND.type: non_inferiority.KIND,
    "equivalence": non_inferiority.KIND,
    diagnostic.KIND.type: diagnostic.KIND,
}
"""Each kind by the `type` that selects it (hazard-ratio: a ratio, by its former name; equivalence:
judged against its margins like non-inferiority)."""


def kind_of(spec: AnalysisBase) -> AnalysisKind[Any, Any]:
    """Return the kind that handles spec."""
    return KINDS[str(getattr(spec, "type"))]  # noqa: B009 - each spec model declares its own type literal
