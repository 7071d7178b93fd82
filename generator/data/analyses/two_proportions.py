"""Two arms' rates compared: risk difference, risk ratio and odds ratio, and a test.

Intervals come from statsmodels' `confint_proportions_2indep`, whose `compare` and `method`
names the data uses as they are; the test is Fisher's exact test (SciPy) or one of statsmodels'
`test_proportions_2indep` methods.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
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
    PublishedEstimate,
    TestedAnalysis,
    TestResult,
    comparison_test,
    endpoint_kind_problems,
)
from generator.data.fields import Model, PublishedP, Slug
from generator.data.languages import mid_sentence
from generator.errors import N_
from generator.maths import inference

Compare = Literal["diff", "ratio", "odds-ratio"]

METHODS: dict[str, dict[str, str]] = {
    "diff": {
        "newcomb": N_("Newcombe hybrid score"),
        "wald": N_("Wald"),
        "agresti-caffo": N_("Agresti–Caffo"),
        "score": N_("Miettinen–Nurminen score"),
    },
    "ratio": {"log": N_("log (Katz)"), "log-adjusted": N_("log, adjusted"), "score": N_("score")},
    "odds-ratio": {"logit": N_("logit (Woolf)"), "logit-adjusted": N_("logit, adjusted"), "score": N_("score")},
}
"""The interval methods of each comparison, named as statsmodels names them, with their names for people."""

DEFAULT_METHOD = {"diff": "newcomb", "ratio": "log", "odds-ratio": "logit"}

MEASURES = {"diff": N_("Risk difference"), "ratio": N_("Risk ratio"), "odds-ratio": N_("Odds ratio")}

TESTS = {
    "fisher-exact": N_("Fisher's exact test"),
    "score": N_("score test"),
    "wald": N_("Wald test"),
    "agresti-caffo": N_("Agresti–Caffo test"),
}


class EffectSpec(Model):
    """One effect measure and the method of its interval."""

    compare: Compare
    """diff (risk difference), ratio (risk ratio) or odds-ratio, as statsmodels names them."""
    method: str | None = None
    """Interval method as statsmodels names it: diff: newcomb (default), wald, agresti-caffo, score;
    ratio: log (Katz, default), log-adjusted, score; odds-ratio: logit (Woolf, default), logit-adjusted, score."""


class PublishedEffect(PublishedEstimate):
    """One effect as printed."""

    compare: Compare
    """Which effect it is."""


class PublishedComparison(Model):
    """A comparison's figures as printed, kept only to be checked."""

    p: PublishedP | None = None
    """P value of the test as printed."""
    effects: list[PublishedEffect] = Field(default_factory=list)
    """Effects as printed (a difference in percentage points)."""


class TwoProportions(TestedAnalysis):
    """The first arm's rate compared with the second's."""

    type: Literal["two-proportions"]
    """Selects this kind of analysis."""
    arms: Annotated[list[Slug], Field(min_length=2, max_length=2)]
    """The two arms, compared first against second (e.g. [treatment, placebo])."""
    effects: Annotated[list[EffectSpec], Field(min_length=1)]
    """The effect measures shown, in order."""
    test: Literal["fisher-exact", "score", "wald", "agresti-caffo"] | None = None
    """The test: fisher-exact (SciPy), or score, wald, agresti-caffo (statsmodels); none for estimates alone."""
    published: PublishedComparison | None = None
    """The comparison's figures as printed, kept only to be checked."""


@dataclass(frozen=True)
class EffectResult:
    """One effect: estimate and interval in natural units (a difference as a proportion)."""

    compare: str
    method: str
    estimate: float
    low: float
    high: float
    reason: str | None = None
    """Why the effect cannot be computed (NaN figures), where it cannot."""


@dataclass(frozen=True)
class TwoProportionsResult:
    """Every effect and the test's P value."""

    effects: tuple[EffectResult, ...]
    p: float | None
    counts: str
    p_reason: str | None = None
    """Why the test cannot be computed, where it cannot (p is then None)."""


def _method(effect: EffectSpec) -> str:
    return effect.method or DEFAULT_METHOD[effect.compare]


def _display(compare: str, value: float) -> Exact:
    """Return a value in display units: a difference in percentage points, a ratio as it is."""
    return value * 100 if compare == "diff" else value


class TwoProportionsKind(AnalysisKind[TwoProportions, TwoProportionsResult]):
    """Risk difference, risk ratio and odds ratio of two arms, and a test."""

    type = "two-proportions"
    spec = TwoProportions

    def validate(
        self, spec: TwoProportions, kinds: Mapping[str, str]
    ) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        kind = kinds.get(spec.endpoint)
        yield from endpoint_kind_problems(spec.endpoint, kinds, ("binary", "descriptive"))
        if kind == "descriptive" and spec.test is not None:
            yield ("test",), N_("no test for a descriptive endpoint"), {}, repr(spec.test)
        if spec.arms[0] == spec.arms[1]:
            yield ("arms", 1), N_("an arm other than {arm}"), {"arm": spec.arms[0]}, repr(spec.arms[1])
        for index, effect in enumerate(spec.effects):
            methods = METHODS[effect.compare]
            if effect.method is not None and effect.method not in methods:
                yield ("effects", index, "method"), N_("one of {ids}"), {"ids": ", ".join(methods)}, repr(effect.method)
        declared = [effect.compare for effect in spec.effects]
        published = spec.published
        for index, item in enumerate(published.effects if published else []):
            if item.compare not in declared:
                yield (
                    ("published", "effects", index, "compare"),
                    N_("one of {ids}"),
                    {"ids": ", ".join(declared)},
                    repr(item.compare),
                )
        if published and published.p is not None and spec.test is None:
            yield ("published", "p"), N_("no P value without a test"), {}, repr(published.p)

    def compute(self, spec: TwoProportions, arms: Sequence[ArmFigures], level: float) -> TwoProportionsResult:
        first, second = arms
        a, na = first.events or 0, first.analyzed or 0
        b, nb = second.events or 0, second.analyzed or 0
        effects = []
        for effect in spec.effects:
            method = _method(effect)
            try:
                estimate, low, high = inference.two_proportions_ci(a, na, b, nb, effect.compare, method, level)
            except inference.NotComputable as error:
                effects.append(EffectResult(effect.compare, method, math.nan, math.nan, math.nan, error.reason))
                continue
            effects.append(EffectResult(effect.compare, method, estimate, low, high))
        p, reason = None, None
        if spec.test is not None:
            try:
                p = inference.two_proportions_p(a, na, b, nb, spec.test, spec.alternative)
            except inference.NotComputable as error:
                reason = error.reason
        return TwoProportionsResult(tuple(effects), p, f"{a}/{na} vs {b}/{nb}", reason)

    def checks(self, spec: TwoProportions, result: TwoProportionsResult) -> Iterator[Check]:
        published = spec.published
        if published is None:
            return
        if published.p is not None:
            yield Check(("published", "p"), published.p, (math.nan if result.p is None else result.p,), is_p=True)
        by_compare = {effect.compare: effect for effect in result.effects}
        for index, item in enumerate(published.effects):
            computed = by_compare[item.compare]
            if item.estimate is not None:
                yield Check(
                    ("published", "effects", index, "estimate"),
                    item.estimate,
                    (_display(item.compare, computed.estimate),),
                )
            if item.ci is not None:
                exact = (_display(item.compare, computed.low), _display(item.compare, computed.high))
                yield Check(("published", "effects", index, "ci"), item.ci, exact)

    def quoted(
        self, spec: TwoProportions, result: TwoProportionsResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        if value == "p":
            return None if result.p is None else [result.p]
        chosen = [item for item in result.effects if effect in (None, item.compare)]
        if len(chosen) != 1:
            return None
        item = chosen[0]
        if value == "estimate":
            return [_display(item.compare, item.estimate)]
        if value == "ci":
            return [_display(item.compare, item.low), _display(item.compare, item.high)]
        return None

    def _test_name(self, spec: TwoProportions, fmt: Formatter) -> str:
        assert spec.test is not None
        return fmt._(N_("{test}, {sided}"), test=fmt._(TESTS[spec.test]), sided=fmt.sided(spec.alternative))

    def describe(
        self, spec: TwoProportions, result: TwoProportionsResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> str:
        measures = fmt._(N_(", ")).join(
            fmt._(
                N_("{measure} ({method} {level}% CI)"),
                measure=fmt._(MEASURES[effect.compare]).lower()
                if fmt.lang == "en"
                else fmt._(MEASURES[effect.compare]),
                method=fmt._(METHODS[effect.compare][_method(effect)]),
                level=fmt.level_percent(),
            )
            for effect in spec.effects
        )
        first, second = (mid_sentence(arm_labels[arm], fmt.lang) for arm in spec.arms)
        sentence = fmt._(
            N_("{first} was compared with {second} by the {measures}."), first=first, second=second, measures=measures
        )
        if spec.test is None:
            return sentence
        if spec.alpha is None:
            return fmt._(N_("{sentence} Test: {test}."), sentence=sentence, test=self._test_name(spec, fmt))
        return fmt._(
            N_("{sentence} Test: {test}, at a significance level of {alpha}."),
            sentence=sentence,
            test=self._test_name(spec, fmt),
            alpha=fmt.plain(spec.alpha),
        )

    def tests(
        self, spec: TwoProportions, result: TwoProportionsResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> list[TestResult]:
        if spec.test is None:
            return []
        name = self._test_name(spec, fmt)
        return [comparison_test(spec.arms, arm_labels, name, result.p, spec.alpha, result.counts, fmt, result.p_reason)]

    def effects(self, spec: TwoProportions, result: TwoProportionsResult, fmt: Formatter) -> list[Effect]:
        shown: list[Effect] = []
        for item in result.effects:
            is_diff = item.compare == "diff"
            places = 1 if is_diff else 2
            values = [_display(item.compare, value) for value in (item.estimate, item.low, item.high)]
            estimate, low, high = (float(value) for value in values)
            if item.reason is not None:
                shown_estimate, shown_ci = fmt.not_computable(item.reason), "–"
            elif not all(math.isfinite(value) for value in (estimate, low, high)):
                text = fmt._(N_("not estimable"))
                shown_estimate, shown_ci = (
                    (text, "–") if not math.isfinite(estimate) else (fmt.signed(estimate, places), text)
                )
            else:
                shown_estimate = fmt.signed(estimate, places)
                shown_ci = fmt.range(fmt.signed(low, places), fmt.signed(high, places))
            shown.append(
                Effect(
                    measure=item.compare,
                    name=fmt._(MEASURES[item.compare]),
                    method=fmt._(METHODS[item.compare][item.method]),
                    estimate=estimate,
                    low=low,
                    high=high,
                    shown=fmt._(N_("{value} percentage points"), value=shown_estimate)
                    if is_diff and math.isfinite(estimate) and item.reason is None
                    else shown_estimate,
                    shown_ci=shown_ci,
                    scale="linear" if is_diff else "log",
                    null=0.0 if is_diff else 1.0,
                )
            )
        return shown


KIND = TwoProportionsKind()
