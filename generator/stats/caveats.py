"""The cautions a study's design calls for, shown near its results in every language.

They follow from the data, not from the release's words: an observational study shows an
association; groups not assigned at random may differ in other ways; a single group has no
concurrent control; few participants give wide intervals.
"""

from __future__ import annotations

from generator.data.models import Release
from generator.errors import N_
from generator.stats.claims import is_observational
from generator.stats.compute import ReleaseFigures

FEW = 30
"""Fewer participants than this in an arm of the primary endpoint make its intervals wide
(the normal approximation's rule of thumb; an exact interval for 15 participants spans about 50 points)."""

COMPARISONS = ("two-proportions", "two-means", "ratio", "hazard-ratio", "non-inferiority", "equivalence")
"""Analyses that compare groups, whose difference is only as fair as their allocation."""

SINGLE_GROUP = ("one-sample-binomial",)
"""Analyses that compare one group with a fixed rate instead of a concurrent control."""

CONTROL_ROLES = ("control", "placebo", "active-control", "reference")
"""Arm roles that make a concurrent control."""

CAVEATS = {
    "observational": N_(
        "This is an observational study: its numbers show an association, not that one thing causes another."
    ),
    "not-randomized": N_(
        "The groups were not assigned at random: they may differ in other ways that affect the results."
    ),
    "single-group": N_(
        "There is no concurrent control group: the results are compared with a fixed rate, not with "
        "patients treated otherwise at the same time."
    ),
    "few": N_("Few participants were analyzed ({count} in the smallest group): the intervals are wide."),
}


def caveats(release: Release, figures: ReleaseFigures) -> list[tuple[str, dict[str, object]]]:
    """Return the cautions the release's design calls for: (message id, parameters), in display order."""
    found: list[tuple[str, dict[str, object]]] = []
    # An exploratory comparison (two doses of one single-group trial) does not make the design comparative.
    types = {str(getattr(spec, "type", "")) for spec, _ in figures.analyses.values() if spec.status != "exploratory"}
    if is_observational(release):
        found.append((CAVEATS["observational"], {}))
    if types & set(COMPARISONS) and release.design.randomized is not True:
        found.append((CAVEATS["not-randomized"], {}))
    controls = [arm for arm in release.design.arms if arm.role in CONTROL_ROLES]
    if types & set(SINGLE_GROUP) and not controls:
        found.append((CAVEATS["single-group"], {}))
    primary = {endpoint.id for endpoint in release.design.endpoints if endpoint.role == "primary"}
    analyzed = [cell.analyzed for cell in release.results.cells if cell.endpoint in primary and cell.analyzed]
    if analyzed and min(analyzed) < FEW:
        found.append((CAVEATS["few"], {"count": min(analyzed)}))
    return found
