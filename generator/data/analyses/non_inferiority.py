"""Non-inferiority and equivalence of two arms against a margin, for two proportions or two means.

The difference (first arm minus second, in percentage points for proportions and in the
endpoint's units for means) and its interval are recomputed from the counts or the summary
statistics; the conclusion follows from where the interval lies against the margin, as the
CONSORT extension for non-inferiority and equivalence trials sets out (Piaggio et al., JAMA
2012;308:2594-2604):

- non-inferiority, margin below 0 (higher is better): non-inferior when the lower bound is above
  the margin, inferior when the whole interval is below it, inconclusive otherwise; a margin
  above 0 (lower is better, e.g. a rate of harm) mirrors it;
- equivalence, margin m above 0: equivalent when the interval lies within −m to m.

A one-sided 97.5% interval has the bound of the two-sided 95% interval, and is computed as such.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
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
    Loc,
    PublishedEstimate,
    endpoint_kind_problems,
)
from generator.data.analyses.two_proportions import METHODS as PROPORTION_METHODS
from generator.data.fields import Measure, Probability, Slug
from generator.data.languages import mid_sentence
from generator.errors import N_
from generator.maths import inference

Conclusion = Literal["non-inferior", "inconclusive", "inferior", "equivalent", "not-equivalent"]

CONCLUSIONS: dict[str, str] = {
    "non-inferior": N_("non-inferior"),
    "inconclusive": N_("inconclusive"),
    "inferior": N_("inferior"),
    "equivalent": N_("equivalent"),
    "not-equivalent": N_("not shown to be equivalent"),
}
"""Each conclusion in words, as the results page states it."""

MEAN_METHODS = {"welch": N_("Welch's t"), "student": N_("Student's t")}


class NonInferiority(AnalysisBase):
    """The first arm (the new treatment) against the second (the reference) within a margin."""

    type: Literal["non-inferiority", "equivalence"]
    """non-inferiority (one margin) or equivalence (the interval must lie within −margin to margin)."""
    arms: Annotated[list[Slug], Field(min_length=2, max_length=2)]
    """The two arms: the new treatment first, the reference second (difference = first − second)."""
    margin: Annotated[Measure, Field(allow_inf_nan=False)]
    """The margin in the effect's units: percentage points for proportions (e.g. −10), the endpoint's
    units for means. Non-inferiority: below 0 when higher is better, above 0 when lower is better;
    equivalence: above 0."""
    level: Probability = 0.95
    """The interval's level as the protocol states it: 0.95 two-sided, or 0.975 with sided: one-sided."""
    sided: Literal["two-sided", "one-sided"] = "two-sided"
    """Whether the protocol's interval is two-sided (the default) or one-sided."""
    method: str | None = None
    """Interval of the difference: for proportions, as statsmodels names it (newcomb, the default;
    wald, agresti-caffo, score); for means, welch (the default) or student."""
    conclusion: Conclusion | None = None
    """The conclusion the release states, checked against the one the interval gives."""
    published: PublishedEstimate | None = None
    """The difference and its interval as printed, kept only to be checked."""


@dataclass(frozen=True)
class NonInferiorityResult:
    """The difference, its interval, where it lies against the margin, and what the data are."""

    estimate: float
    low: float
    high: float
    """In display units: percentage points for proportions, the endpoint's units for means."""
    conclusion: str | None
    """non-inferior, inconclusive, inferior, equivalent or not-equivalent; None when not computable."""
    superior: bool
    """Whether the interval also excludes 0 on the favorable side (superiority shown)."""
    proportions: bool
    method: str
    counts: str
    decimals: int
    reason: str | None = None
    """Why the difference cannot be computed, where it cannot."""


def conclude(kind: str, margin: float, low: float, high: float) -> tuple[str, bool]:
    """Return the conclusion of an interval against a margin, and whether it also shows superiority."""
    if kind == "equivalence":
        return ("equivalent" if -margin < low and high < margin else "not-equivalent"), False
    if margin < 0:  # higher is better
        superior = low > 0
        if low > margin:
            return "non-inferior", superior
        return ("inferior" if high < margin else "inconclusive"), superior
    superior = high < 0
    if high < margin:
        return "non-inferior", superior
    return ("inferior" if low > margin else "inconclusive"), superior


class NonInferiorityKind(AnalysisKind[NonInferiority, NonInferiorityResult]):
    """A difference and its interval judged against a margin."""

    type = "non-inferiority"
    spec = NonInferiority

    def validate(
        self, spec: NonInferiority, kinds: Mapping[str, str]
    ) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        kind = kinds.get(spec.endpoint)
        yield from endpoint_kind_problems(spec.endpoint, kinds, ("binary", "continuous"))
        if spec.arms[0] == spec.arms[1]:
            yield ("arms", 1), N_("an arm other than {arm}"), {"arm": spec.arms[0]}, repr(spec.arms[1])
        if spec.type == "equivalence" and spec.margin <= 0:
            yield (
                ("margin",),
                N_("a margin above 0 (the interval must lie within −margin to margin)"),
                {},
                repr(spec.margin),
            )
        if spec.type == "non-inferiority" and spec.margin == 0:
            yield ("margin",), N_("a margin other than 0"), {}, repr(spec.margin)
        if spec.sided == "one-sided" and spec.level <= 0.5:
            yield ("level",), N_("a one-sided level above 0.5, e.g. 0.975"), {}, repr(spec.level)
        methods = MEAN_METHODS if kind == "continuous" else PROPORTION_METHODS["diff"]
        if spec.method is not None and spec.method not in methods:
            yield ("method",), N_("one of {ids}"), {"ids": ", ".join(methods)}, repr(spec.method)
        allowed = (
            ("equivalent", "not-equivalent")
            if spec.type == "equivalence"
            else ("non-inferior", "inconclusive", "inferior")
        )
        if spec.conclusion is not None and spec.conclusion not in allowed:
            yield ("conclusion",), N_("one of {ids}"), {"ids": ", ".join(allowed)}, repr(spec.conclusion)

    def compute(self, spec: NonInferiority, arms: Sequence[ArmFigures], level: float) -> NonInferiorityResult:
        first, second = arms
        two_sided = inference.two_sided_level(spec.level, spec.sided)
        proportions = first.kind != "continuous"
        if proportions:
            method = spec.method or "newcomb"
            a, na, b, nb = first.events or 0, first.analyzed or 0, second.events or 0, second.analyzed or 0
            counts = f"{a}/{na} vs {b}/{nb}"
            try:
                values = inference.two_proportions_ci(a, na, b, nb, "diff", method, two_sided)
            except inference.NotComputable as error:
                return NonInferiorityResult(
                    math.nan, math.nan, math.nan, None, False, True, method, counts, 1, error.reason
                )
            estimate, low, high = (value * 100 for value in values)
        else:
            method = spec.method or "welch"
            counts = f"n = {first.analyzed or 0} vs {second.analyzed or 0}"
            assert first.mean is not None and first.sd is not None
            assert second.mean is not None and second.sd is not None
            try:
                estimate, low, high, _ = inference.mean_difference(
                    first.mean,
                    first.sd,
                    first.analyzed or 0,
                    second.mean,
                    second.sd,
                    second.analyzed or 0,
                    level=two_sided,
                    equal_var=method == "student",
                )
            except inference.NotComputable as error:
                return NonInferiorityResult(
                    math.nan, math.nan, math.nan, None, False, False, method, counts, first.decimals, error.reason
                )
        if not all(math.isfinite(value) for value in (estimate, low, high)):
            return NonInferiorityResult(
                estimate, low, high, None, False, proportions, method, counts, first.decimals, inference.UNDEFINED
            )
        conclusion, superior = conclude(spec.type, spec.margin, low, high)
        return NonInferiorityResult(
            estimate, low, high, conclusion, superior, proportions, method, counts, 1 if proportions else first.decimals
        )

    def checks(self, spec: NonInferiority, result: NonInferiorityResult) -> Iterator[Check]:
        published = spec.published
        if published is not None and published.estimate is not None:
            yield Check(("published", "estimate"), published.estimate, (result.estimate,))
        if published is not None and published.ci is not None:
            yield Check(("published", "ci"), published.ci, (result.low, result.high))
        if spec.conclusion is not None and spec.conclusion != result.conclusion:
            computed = "not computable" if result.conclusion is None else result.conclusion
            yield Check(
                ("conclusion",),
                spec.conclusion,
                (),
                conflict=N_("the conclusion the interval gives against the margin: {computed}"),
                conflict_params={"computed": computed},
            )

    def quoted(
        self, spec: NonInferiority, result: NonInferiorityResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        values: dict[str, list[Exact]] = {"estimate": [result.estimate], "ci": [result.low, result.high]}
        return values.get(value)

    def _level(self, spec: NonInferiority, fmt: Formatter) -> str:
        level = fmt.plain(round(spec.level * 100, 10))
        return fmt._(N_("{sided} {level}% CI"), sided=fmt.sided(spec.sided), level=level)

    def _margin(self, spec: NonInferiority, result: NonInferiorityResult, fmt: Formatter) -> str:
        places = _places(spec.margin)
        shown = fmt.signed(spec.margin, places)
        if result.proportions:
            return fmt._(N_("{value} percentage points"), value=shown)
        return shown

    def describe(
        self, spec: NonInferiority, result: NonInferiorityResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> str:
        first, second = (mid_sentence(arm_labels[arm], fmt.lang) for arm in spec.arms)
        methods = PROPORTION_METHODS["diff"] if result.proportions else MEAN_METHODS
        what = N_("rates") if result.proportions else N_("means")
        if spec.type == "equivalence":
            return fmt._(
                N_(
                    "{first} was compared with {second} for equivalence: the difference in {what} ({method}, "
                    "{level}) had to lie within ±{margin}."
                ),
                first=first,
                second=second,
                what=fmt._(what),
                method=fmt._(methods[result.method]),
                level=self._level(spec, fmt),
                margin=self._margin(spec, result, fmt).lstrip("−"),
            )
        rule = (
            N_("non-inferiority is shown when its lower bound lies above the margin of {margin}.")
            if spec.margin < 0
            else N_("non-inferiority is shown when its upper bound lies below the margin of {margin}.")
        )
        return fmt._(
            N_(
                "{first} was compared with {second} for non-inferiority by the difference in {what} "
                "({method}, {level}): {rule}"
            ),
            first=first,
            second=second,
            what=fmt._(what),
            method=fmt._(methods[result.method]),
            level=self._level(spec, fmt),
            rule=fmt._(rule, margin=self._margin(spec, result, fmt)),
        )

    def effects(self, spec: NonInferiority, result: NonInferiorityResult, fmt: Formatter) -> list[Effect]:
        name = fmt._(N_("Risk difference")) if result.proportions else fmt._(N_("Mean difference"))
        methods = PROPORTION_METHODS["diff"] if result.proportions else MEAN_METHODS
        margins = (-spec.margin, spec.margin) if spec.type == "equivalence" else (spec.margin,)
        if result.reason is not None:
            shown, shown_ci = fmt.not_computable(result.reason), "–"
            conclusion = None
        else:
            places = result.decimals
            shown = fmt.signed(result.estimate, places)
            if result.proportions:
                shown = fmt._(N_("{value} percentage points"), value=shown)
            shown_ci = fmt.range(fmt.signed(result.low, places), fmt.signed(result.high, places))
            assert result.conclusion is not None
            conclusion = fmt._(
                N_("{conclusion} (margin {margin})"),
                conclusion=fmt._(CONCLUSIONS[result.conclusion]),
                margin=self._margin(spec, result, fmt),
            )
        return [
            Effect(
                measure="diff" if result.proportions else "mean-diff",
                name=name,
                method=fmt._(methods[result.method]),
                estimate=result.estimate,
                low=result.low,
                high=result.high,
                shown=shown,
                shown_ci=shown_ci,
                scale="linear",
                null=0.0,
                margins=margins,
                conclusion=conclusion,
            )
        ]


def _places(value: float) -> int:
    """Return the decimals a margin was written with: −10 -> 0, −2.5 -> 1."""
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.partition(".")[2])


KIND = NonInferiorityKind()
