"""A ratio as the paper reports it (hazard, odds, risk or rate ratio, adjusted or not), checked for consistency.

A press site has no patient-level data, and an adjusted ratio cannot be recomputed from the
counts of a table, so the ratio, its interval and its P value are shown as reported. What can be
checked is checked: the P value the interval implies on the log scale (Altman & Bland, BMJ
2011;343:d2090) must agree with the printed P, the estimate must sit at the center of the
interval on the log scale (its geometric midpoint), both allowing for the rounding of every
printed figure, and a P below the interval's level must go with an interval that excludes 1,
and the reverse.
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
    endpoint_kind_problems,
    z_quantile,
)
from generator.data.fields import Model, PublishedNumber, PublishedP, PublishedRange, Slug, Text
from generator.data.languages import mid_sentence
from generator.errors import N_
from generator.maths import numbers

Measure = Literal["hazard-ratio", "odds-ratio", "risk-ratio", "rate-ratio"]

MEASURES = {
    "hazard-ratio": N_("Hazard ratio"),
    "odds-ratio": N_("Odds ratio"),
    "risk-ratio": N_("Risk ratio"),
    "rate-ratio": N_("Incidence rate ratio"),
}
ADJUSTED = {
    "hazard-ratio": N_("Adjusted hazard ratio"),
    "odds-ratio": N_("Adjusted odds ratio"),
    "risk-ratio": N_("Adjusted risk ratio"),
    "rate-ratio": N_("Adjusted incidence rate ratio"),
}
IN_SENTENCE = {
    "hazard-ratio": N_("hazard ratio"),
    "odds-ratio": N_("odds ratio"),
    "risk-ratio": N_("risk ratio"),
    "rate-ratio": N_("incidence rate ratio"),
}
ADJUSTED_IN_SENTENCE = {
    "hazard-ratio": N_("adjusted hazard ratio"),
    "odds-ratio": N_("adjusted odds ratio"),
    "risk-ratio": N_("adjusted risk ratio"),
    "rate-ratio": N_("adjusted incidence rate ratio"),
}
ENDPOINT_KINDS = {
    "hazard-ratio": ("time-to-event",),
    "rate-ratio": ("time-to-event", "binary", "descriptive"),
    "odds-ratio": ("binary", "descriptive"),
    "risk-ratio": ("binary", "descriptive"),
}
"""The endpoint kinds each ratio can describe."""


class ReportedRatio(Model):
    """A ratio, its interval and P value exactly as the paper prints them."""

    estimate: PublishedNumber
    """Ratio as printed, e.g. 0.72."""
    ci: PublishedRange
    """Its confidence interval as printed, e.g. 0.58-0.89."""
    p: PublishedP | None = None
    """P value as printed, e.g. 0.003."""


class Ratio(TestedAnalysis):
    """A ratio of the first arm against the second, as reported in the paper."""

    type: Literal["ratio", "hazard-ratio"]
    """Selects this kind of analysis: ratio (with its measure), or hazard-ratio (a ratio of measure hazard-ratio)."""
    measure: Measure = "hazard-ratio"
    """hazard-ratio (the default), odds-ratio, risk-ratio or rate-ratio (incidence rate ratio)."""
    arms: Annotated[list[Slug], Field(min_length=2, max_length=2)]
    """The two arms (groups, exposed and unexposed in a cohort): the first relative to the second."""
    reported: ReportedRatio
    """The figures as the paper prints them; shown as reported and checked for consistency."""
    adjusted_for: Text | None = None
    """For an adjusted ratio: what it is adjusted for, e.g. age, sex and smoking; absent for a crude ratio."""
    model: Text | None = None
    """How the paper estimated it, e.g. a Cox proportional-hazards model stratified by center."""


HazardRatio = Ratio
"""The former name of this analysis (type: hazard-ratio)."""


@dataclass(frozen=True)
class RatioResult:
    """The reported figures as numbers, and the P value range their interval implies."""

    estimate: Decimal
    low: Decimal
    high: Decimal
    implied_p: tuple[float, float]
    """The smallest and largest P the printed estimate and interval allow, given their rounding."""
    implied_estimate: tuple[float, float]
    """The range of the interval's center on the log scale, given the rounding of its bounds."""
    counts: str
    level: float
    """The interval's level: a P below 1 - level goes with an interval that excludes 1."""


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


class RatioKind(AnalysisKind[Ratio, RatioResult]):
    """A reported ratio, with its estimate and P checked against its interval."""

    type = "ratio"
    spec = Ratio

    def validate(self, spec: Ratio, kinds: Mapping[str, str]) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        yield from endpoint_kind_problems(spec.endpoint, kinds, ENDPOINT_KINDS[spec.measure])
        if spec.type == "hazard-ratio" and spec.measure != "hazard-ratio":
            yield ("type",), N_("type ratio (hazard-ratio is only for a hazard ratio)"), {}, repr(spec.type)
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

    def compute(self, spec: Ratio, arms: Sequence[ArmFigures], level: float) -> RatioResult:
        reported = spec.reported
        low_text, high_text = numbers.printed_numbers(reported.ci)
        low, high = Decimal(low_text), Decimal(high_text)
        implied = implied_p_range(reported.estimate, low_text, high_text, level, spec.alternative)
        h_lo, h_hi = _half_unit(low_text), _half_unit(high_text)
        centre_low = math.sqrt(float(max(low - h_lo, Decimal("1e-12")) * (high - h_hi)))
        centre_high = math.sqrt(float((low + h_lo) * (high + h_hi)))
        counts = " vs ".join(f"{figures.events}/{figures.analyzed}" for figures in arms)
        return RatioResult(Decimal(reported.estimate), low, high, implied, (centre_low, centre_high), counts, level)

    def checks(self, spec: Ratio, result: RatioResult) -> Iterator[Check]:
        yield Check(("reported", "estimate"), spec.reported.estimate, (), implied=result.implied_estimate)
        if spec.reported.p is not None:
            yield Check(("reported", "p"), spec.reported.p, (), is_p=True, implied=result.implied_p)
            conflict = significance_conflict(spec.reported.p, result.low, result.high, result.level)
            if conflict is not None:
                yield Check(("reported", "p"), spec.reported.p, (), is_p=True, conflict=conflict)

    def quoted(
        self, spec: Ratio, result: RatioResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        values: dict[str, list[Exact]] = {"estimate": [result.estimate], "ci": [result.low, result.high]}
        return values.get(value)

    def describe(self, spec: Ratio, result: RatioResult, arm_labels: Mapping[str, str], fmt: Formatter) -> str:
        first, second = (mid_sentence(arm_labels[arm], fmt.lang) for arm in spec.arms)
        measures = IN_SENTENCE if spec.adjusted_for is None else ADJUSTED_IN_SENTENCE
        sentence = fmt._(
            N_(
                "the {measure} of {first} against {second}, with its {level}% CI and P value, "
                "is shown as reported in the paper."
            ),
            measure=fmt._(measures[spec.measure]),
            first=first,
            second=second,
            level=fmt.level_percent(),
        )
        if spec.adjusted_for is not None:
            sentence = fmt._(
                N_("{sentence} Adjusted for {factors}."), sentence=sentence, factors=spec.adjusted_for[fmt.lang]
            )
        if spec.model is not None:
            sentence = fmt._(N_("{sentence} Model: {model}."), sentence=sentence, model=spec.model[fmt.lang])
        return sentence

    def tests(
        self, spec: Ratio, result: RatioResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> list[TestResult]:
        if spec.reported.p is None:
            return []
        first, second = (arm_labels[arm] for arm in spec.arms)
        printed = spec.reported.p
        value = float(Decimal(printed.lstrip("<> ")))
        low, high = result.implied_p
        return [
            TestResult(
                name=fmt._(
                    N_("{first} vs {second}: {measure}, as reported"),
                    first=first,
                    second=second,
                    measure=fmt._(IN_SENTENCE[spec.measure]),
                ),
                p=value,
                shown=_shown_printed(printed, fmt),
                exact=fmt._(N_("{low} to {high} (implied by the CI)"), low=fmt.exact_p(low), high=fmt.exact_p(high)),
                significant=None if spec.alpha is None else high < spec.alpha,
                counts=result.counts,
            )
        ]

    def effects(self, spec: Ratio, result: RatioResult, fmt: Formatter) -> list[Effect]:
        places_est = numbers.decimals_of(spec.reported.estimate)
        low_text, high_text = numbers.printed_numbers(spec.reported.ci)
        return [
            Effect(
                measure=spec.measure,
                name=fmt._((MEASURES if spec.adjusted_for is None else ADJUSTED)[spec.measure]),
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


def _p_bound(printed: str) -> tuple[Decimal, str]:
    """Return a printed P's number and its sign: "<0.001" -> (0.001, "<")."""
    sign = printed[0] if printed[:1] in "<>" else ""
    return Decimal(printed.lstrip("<> ")), sign


def significance_conflict(printed_p: str, low: Decimal, high: Decimal, level: float) -> str | None:
    """Return why a printed P and interval disagree on significance at the interval's level, or None.

    A P below 1 - level goes with an interval that excludes 1, and a P above it with one that
    contains 1. A bound printed as 1.00 or a P printed as the level itself sits on the edge
    after rounding, and decides nothing.
    """
    alpha = Decimal(repr(round(1 - level, 10)))
    value, sign = _p_bound(printed_p)
    below = value <= alpha if sign == "<" else value < alpha and sign != ">"
    above = value >= alpha if sign == ">" else value > alpha and sign != "<"
    excludes = high < 1 or low > 1
    contains = low < 1 < high
    if below and contains:
        return N_("an interval that excludes 1, as a P below {alpha} implies")
    if above and excludes:
        return N_("a P below {alpha}, as an interval that excludes 1 implies")
    return None


KIND = RatioKind()
