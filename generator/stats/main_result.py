"""The release's main result, computed: what a reader must see first and what a description says.

The primary endpoint's figures in each group (rate or mean, n/N, interval) and, where the plan
compares groups on it, the comparison's first effect with its interval and P value. The
overview's "result at a glance" block, the page descriptions and the feed summaries all take
it from here, so none of them is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.analyses import kind_of
from generator.data.languages import mid_sentence
from generator.errors import N_
from generator.stats.shown import MAIN, ShownRelease


@dataclass(frozen=True)
class GroupResult:
    """One group's figures on the primary endpoint, as shown."""

    label: str
    """The group with its dose: Low dose (2 mg a day)."""
    short: str
    """The group alone: Low dose."""
    summary: str
    """Its figures: 66.7% (10/15)."""
    ci: str | None
    """Its interval: 38.4–88.2 (None where it has none)."""


@dataclass(frozen=True)
class ComparisonResult:
    """The primary comparison's first effect, as shown."""

    comparison: str
    """Drug X vs Placebo."""
    measure: str
    """Risk difference."""
    measure_in_text: str
    """The measure inside a sentence: risk difference."""
    estimate: str
    ci: str
    p: str | None
    """The comparison's P value as shown (0.018, <0.0001), where it has one test."""
    as_reported: bool


@dataclass(frozen=True)
class MainResult:
    """The primary endpoint's result."""

    endpoint: str
    """The primary endpoint's label."""
    primary: bool
    """Whether the data names this endpoint primary (else it is the first endpoint)."""
    ci_label: str
    """The interval's name: 95% CI."""
    groups: tuple[GroupResult, ...]
    comparison: ComparisonResult | None


def main_result(view: ShownRelease) -> MainResult:
    """Return the primary endpoint's figures in each group and its planned comparison."""
    endpoints = view.release.design.endpoints
    endpoint = next((item for item in endpoints if item.role == "primary"), endpoints[0])
    fmt = view.fmt
    groups = tuple(
        GroupResult(
            label=view.arm_label(arm),
            short=arm.label[view.lang],
            summary=view.summary(endpoint, figures),
            ci=None if figures.ci is None else view.interval(endpoint, figures),
        )
        for arm in view.release.design.arms
        if (figures := view.figures.arms[(endpoint.id, arm.id)]).analyzed
    )
    comparison = None
    for spec, result in view.analyses(MAIN):
        if spec.endpoint != endpoint.id:
            continue
        effects = [effect for effect in kind_of(spec).effects(spec, result, fmt) if effect.null is not None]
        if not effects:
            continue
        tests = kind_of(spec).tests(spec, result, view.arm_labels, fmt)
        effect = effects[0]
        comparison = ComparisonResult(
            comparison=view.comparison(spec),
            measure=effect.name,
            measure_in_text=mid_sentence(effect.name, view.lang),
            estimate=effect.shown,
            ci=effect.shown_ci,
            p=tests[0].shown if len(tests) == 1 else None,
            as_reported=effect.as_reported,
        )
        break
    return MainResult(
        endpoint=endpoint.label[view.lang],
        primary=endpoint.role == "primary",
        ci_label=fmt.gettext(N_("%(level)s%% CI")) % {"level": fmt.level_percent()},
        groups=groups,
        comparison=comparison,
    )
