"""One rate over several arms of an endpoint, with its exact interval (post hoc pooling)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field

from generator.data.analyses.base import (
    AnalysisBase,
    AnalysisKind,
    ArmFigures,
    Check,
    Effect,
    Exact,
    Formatter,
    Interval,
    Loc,
)
from generator.data.fields import Model, PublishedNumber, PublishedRange, Slug
from generator.data.languages import join_and, mid_sentence
from generator.errors import N_
from generator.maths import inference


class PublishedRate(Model):
    """A rate and its interval as printed, kept only to be checked."""

    rate: PublishedNumber | None = None
    """Rate in percent, as printed, e.g. 62.5."""
    ci: PublishedRange | None = None
    """Confidence interval in percent, as printed, e.g. 40.6-81.2."""


class PooledProportion(AnalysisBase):
    """The events and analyzed counts of several arms added up, as one rate."""

    type: Literal["pooled-proportion"]
    """Selects this kind of analysis."""
    arms: Annotated[list[Slug], Field(min_length=2)]
    """Ids of the arms pooled."""
    published: PublishedRate | None = None
    """The pooled figures as printed, kept only to be checked."""


@dataclass(frozen=True)
class PooledResult:
    """The pooled counts, rate and interval."""

    events: int
    analyzed: int
    rate: Fraction
    ci: Interval


class PooledKind(AnalysisKind[PooledProportion, PooledResult]):
    """A rate pooled over arms, with a Clopper–Pearson interval."""

    type = "pooled-proportion"
    spec = PooledProportion

    def validate(
        self, spec: PooledProportion, kinds: Mapping[str, str]
    ) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        if kinds.get(spec.endpoint) not in (None, "binary", "descriptive"):
            found = str(kinds.get(spec.endpoint))
            yield ("endpoint",), N_("an endpoint of kind {kinds}"), {"kinds": "binary, descriptive"}, found

    def compute(self, spec: PooledProportion, arms: Sequence[ArmFigures], level: float) -> PooledResult:
        events = sum(figures.events or 0 for figures in arms)
        analyzed = sum(figures.analyzed or 0 for figures in arms)
        low, high = inference.proportion_ci(events, analyzed, level)
        return PooledResult(events, analyzed, Fraction(events, analyzed), Interval(low, high))

    def checks(self, spec: PooledProportion, result: PooledResult) -> Iterator[Check]:
        published = spec.published
        if published is None:
            return
        if published.rate is not None:
            yield Check(("published", "rate"), published.rate, (result.rate * 100,))
        if published.ci is not None:
            yield Check(("published", "ci"), published.ci, (result.ci.low * 100, result.ci.high * 100))

    def quoted(
        self, spec: PooledProportion, result: PooledResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        if value in ("estimate", "rate"):
            return [result.rate * 100]
        if value == "ci":
            return [result.ci.low * 100, result.ci.high * 100]
        return None

    def describe(
        self, spec: PooledProportion, result: PooledResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> str:
        groups = join_and((mid_sentence(arm_labels[arm], fmt.lang) for arm in spec.arms), fmt.lang)
        return fmt._(
            N_("the {groups} groups were pooled into one rate with a {level}% Clopper–Pearson interval."),
            groups=groups,
            level=fmt.level_percent(),
        )

    def effects(self, spec: PooledProportion, result: PooledResult, fmt: Formatter) -> list[Effect]:
        shown_low, shown_high = fmt.percent(result.ci.low), fmt.percent(result.ci.high)
        return [
            Effect(
                measure="pooled",
                name=fmt._(N_("Pooled rate")),
                method=fmt._(N_("Clopper–Pearson")),
                estimate=float(result.rate) * 100,
                low=result.ci.low * 100,
                high=result.ci.high * 100,
                shown=fmt._(
                    N_("{rate}% ({events}/{analyzed})"),
                    rate=fmt.percent(result.rate),
                    events=result.events,
                    analyzed=result.analyzed,
                ),
                shown_ci=fmt.range(shown_low, shown_high),
                scale="linear",
                null=None,
            )
        ]


KIND = PooledKind()
