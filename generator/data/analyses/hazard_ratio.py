"""A hazard ratio as the paper reports it, checked for internal consistency.

A press site has no patient-level data, so the hazard ratio, its interval and its P value are
shown as reported. What can be checked is checked: the P value the interval implies on the log
scale (Altman & Bland, BMJ 2011;343:d2090) must agree with the printed P, and the estimate must
sit at the center of the interval on the log scale, both allowing for the rounding of every
printed figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from generator.data.analyses.base import (
    AnalysisKind,
    ArmFigures,
    Check,
    Effect,
    Exact,
    Formatter,
    Loc,
    TestedAnalysis,
    TestResult,
    z_quantile,
)
from generator.data.fields import Model, PublishedNumber, PublishedP, PublishedRange, Slug, Text
from generator.errors import N_
from generator.maths import numbers


class ReportedRatio(Model):
    """A hazard ratio, its interval and P value exactly as the paper prints them."""

    estimate: PublishedNumber
    """Hazard ratio as printed, e.g. 0.72."""
    ci: PublishedRange
    """Its confidence interval as printed, e.g. 0.58-0.89."""
    p: PublishedP | None = None
    """P value as printed, e.g. 0.003."""


class HazardRatio(TestedAnalysis):
    """A hazard ratio of the first arm against the second, as reported."""

    type: Literal["hazard-ratio"]
    """Selects this kind of analysis."""
    arms: Annotated[list[Slug], Field(min_length=2, max_length=2)]
    """The two arms: the hazard of the first relative to the second."""
    reported: ReportedRatio
    """The figures as the paper prints them; shown as reported and checked for consistency."""
    model: Text | None = None
    """How the paper estimated it, e.g. a Cox proportional-hazards model stratified by center."""


@dataclass(frozen=True)
class HazardRatioResult:
    """The reported figures as numbers, and the P value range their interval implies."""

    estimate: Decimal
    low: Decimal
    high: Decimal
    implied_p: tuple[float, float]
    """The smallest and largest P the printed estimate and interval allow, given their rounding."""
    implied_estimate: tuple[float, float]
    """The range of the interval's center on the log scale, given the rounding of its bounds."""
    counts: str


def _half_unit(printed: str) -> Decimal:
    return Decimal(1).scaleb(-numbers.decimals_of(printed)) / 2


def _p_from(log_estimate: float, se: float, alternative: str) -> float:
    from scipy.stats import norm

    z = log_estimate / se
    if alternative == "two-sided":
        return float(2 * norm.sf(abs(z)))
    return float(norm.cdf(z)) if alternative == "less" else float(norm.sf(z))


def implied_p_range(estimate: str, low: str, high: str, level: float, alternative: str) -> tuple[float, float]:
    """Return the range of P values the printed ratio and interval imply, allowing for their rounding."""
    z = z_quantile(level)
    est, lo, hi = Decimal(estimate), Decimal(low), Decimal(high)
    h_est, h_lo, h_hi = _half_unit(estimate), _half_unit(low), _half_unit(high)
    smallest = max(lo - h_lo, Decimal("1e-12"))
    se_min = (math.log(hi - h_hi) - math.log(lo + h_lo)) / (2 * z)
    se_max = (math.log(hi + h_hi) - math.log(smallest)) / (2 * z)
    se_min = max(se_min, 1e-12)
    candidates = [max(est - h_est, Decimal("1e-12")), est + h_est]
    logs = [math.log(value) for value in candidates]
    if candidates[0] <= 1 <= candidates[1]:
        logs.append(0.0)
    values = [_p_from(value, se, alternative) for value in logs for se in (se_min, se_max)]
    return min(values), max(values)


class HazardRatioKind(AnalysisKind[HazardRatio, HazardRatioResult]):
    """A reported hazard ratio, with its P checked against its interval."""

    type = "hazard-ratio"
    spec = HazardRatio

    def validate(
        self, spec: HazardRatio, kinds: Mapping[str, str]
    ) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        kind = kinds.get(spec.endpoint)
        if kind not in (None, "time-to-event"):
            yield ("endpoint",), N_("an endpoint of kind {kinds}"), {"kinds": "time-to-event"}, str(kind)
        numbers_ = [Decimal(n.replace("−", "-")) for n in numbers.printed_numbers(spec.reported.ci)]
        estimate = Decimal(spec.reported.estimate)
        if len(numbers_) == 2:
            low, high = numbers_
            if not (0 < low <= estimate <= high):
                yield (
                    ("reported", "ci"),
                    N_("an interval around the estimate {estimate}, above 0"),
                    {"estimate": spec.reported.estimate},
                    repr(spec.reported.ci),
                )
        if estimate <= 0:
            yield ("reported", "estimate"), N_("a ratio above 0"), {}, repr(spec.reported.estimate)

    def compute(self, spec: HazardRatio, arms: Sequence[ArmFigures], level: float) -> HazardRatioResult:
        reported = spec.reported
        low_text, high_text = numbers.printed_numbers(reported.ci)
        low, high = Decimal(low_text), Decimal(high_text)
        implied = implied_p_range(reported.estimate, low_text, high_text, level, spec.alternative)
        h_lo, h_hi = _half_unit(low_text), _half_unit(high_text)
        centre_low = math.sqrt(float(max(low - h_lo, Decimal("1e-12")) * (high - h_hi)))
        centre_high = math.sqrt(float((low + h_lo) * (high + h_hi)))
        counts = " vs ".join(f"{figures.events}/{figures.analyzed}" for figures in arms)
        return HazardRatioResult(Decimal(reported.estimate), low, high, implied, (centre_low, centre_high), counts)

    def checks(self, spec: HazardRatio, result: HazardRatioResult) -> Iterator[Check]:
        yield Check(("reported", "estimate"), spec.reported.estimate, (), implied=result.implied_estimate)
        if spec.reported.p is not None:
            yield Check(("reported", "p"), spec.reported.p, (), is_p=True, implied=result.implied_p)

    def quoted(
        self, spec: HazardRatio, result: HazardRatioResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        values: dict[str, list[Exact]] = {"estimate": [result.estimate], "ci": [result.low, result.high]}
        return values.get(value)

    def describe(
        self, spec: HazardRatio, result: HazardRatioResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> str:
        first, second = (arm_labels[arm] for arm in spec.arms)
        sentence = fmt._(
            N_(
                "the hazard ratio of {first} against {second}, with its {level}% CI and P value, "
                "is shown as reported in the paper."
            ),
            first=first,
            second=second,
            level=fmt.level_percent(),
        )
        if spec.model is not None:
            sentence = fmt._(N_("{sentence} Model: {model}."), sentence=sentence, model=spec.model[fmt.lang])
        return sentence

    def tests(
        self, spec: HazardRatio, result: HazardRatioResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> list[TestResult]:
        if spec.reported.p is None:
            return []
        first, second = (arm_labels[arm] for arm in spec.arms)
        printed = spec.reported.p
        value = float(Decimal(printed.lstrip("<> ")))
        low, high = result.implied_p
        return [
            TestResult(
                name=fmt._(N_("{first} vs {second}: hazard ratio, as reported"), first=first, second=second),
                p=value,
                shown=_shown_printed(printed, fmt),
                exact=fmt._(N_("{low} to {high} (implied by the CI)"), low=fmt.exact_p(low), high=fmt.exact_p(high)),
                significant=None if spec.alpha is None else high < spec.alpha,
                counts=result.counts,
            )
        ]

    def effects(self, spec: HazardRatio, result: HazardRatioResult, fmt: Formatter) -> list[Effect]:
        places_est = numbers.decimals_of(spec.reported.estimate)
        low_text, high_text = numbers.printed_numbers(spec.reported.ci)
        return [
            Effect(
                measure="hazard-ratio",
                name=fmt._(N_("Hazard ratio")),
                method=fmt._(N_("as reported")),
                estimate=float(result.estimate),
                low=float(result.low),
                high=float(result.high),
                shown=numbers.number(result.estimate, places_est, fmt.lang),
                shown_ci=fmt.range(
                    numbers.number(result.low, numbers.decimals_of(low_text), fmt.lang),
                    numbers.number(result.high, numbers.decimals_of(high_text), fmt.lang),
                ),
                scale="log",
                null=1.0,
                as_reported=True,
            )
        ]


def _shown_printed(printed: str, fmt: Formatter) -> str:
    """Return a printed P formatted for the page's locale, keeping its precision and sign."""
    sign = "<" if printed.startswith("<") else ">" if printed.startswith(">") else ""
    digits = printed.lstrip("<> ")
    return sign + numbers.number(Decimal(digits), numbers.decimals_of(digits), fmt.lang)


KIND = HazardRatioKind()
