"""Two arms' means compared from their summary statistics: the mean difference, Welch's interval and test."""

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
from generator.data.fields import PublishedP, Slug
from generator.data.languages import mid_sentence
from generator.errors import N_
from generator.maths import inference


class PublishedMeanDifference(PublishedEstimate):
    """The mean difference as printed, with its P value."""

    p: PublishedP | None = None
    """P value as printed."""


class TwoMeans(TestedAnalysis):
    """The first arm's mean compared with the second's, from n, mean and SD."""

    type: Literal["two-means"]
    """Selects this kind of analysis."""
    arms: Annotated[list[Slug], Field(min_length=2, max_length=2)]
    """The two arms, compared first minus second."""
    test: Literal["welch", "student"] = "welch"
    """welch (unequal variances, the default) or student (pooled variance) t test and interval."""
    published: PublishedMeanDifference | None = None
    """The difference as printed, kept only to be checked."""


@dataclass(frozen=True)
class TwoMeansResult:
    """The mean difference, its interval and the test's P value."""

    difference: float
    low: float
    high: float
    p: float | None
    counts: str
    decimals: int
    """Decimals of the endpoint's means, used for the difference too."""
    reason: str | None = None
    """Why the difference and test cannot be computed (no variation, too few participants), where they cannot."""


TESTS = {"welch": N_("Welch's t test"), "student": N_("Student's t test")}


class TwoMeansKind(AnalysisKind[TwoMeans, TwoMeansResult]):
    """Mean difference with a t interval and test from summary statistics."""

    type = "two-means"
    spec = TwoMeans

    def validate(self, spec: TwoMeans, kinds: Mapping[str, str]) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        yield from endpoint_kind_problems(spec.endpoint, kinds, ("continuous",))

    def compute(self, spec: TwoMeans, arms: Sequence[ArmFigures], level: float) -> TwoMeansResult:
        first, second = arms
        counts = f"n = {first.analyzed or 0} vs {second.analyzed or 0}"
        assert first.mean is not None and first.sd is not None
        assert second.mean is not None and second.sd is not None
        try:
            difference, low, high, p = inference.mean_difference(
                first.mean,
                first.sd,
                first.analyzed or 0,
                second.mean,
                second.sd,
                second.analyzed or 0,
                level=level,
                equal_var=spec.test == "student",
                alternative=spec.alternative,
            )
        except inference.NotComputable as error:
            return TwoMeansResult(math.nan, math.nan, math.nan, None, counts, first.decimals, error.reason)
        return TwoMeansResult(difference, low, high, p, counts, first.decimals)

    def checks(self, spec: TwoMeans, result: TwoMeansResult) -> Iterator[Check]:
        published = spec.published
        if published is None:
            return
        if published.estimate is not None:
            yield Check(("published", "estimate"), published.estimate, (result.difference,))
        if published.ci is not None:
            yield Check(("published", "ci"), published.ci, (result.low, result.high))
        if published.p is not None:
            yield Check(("published", "p"), published.p, (math.nan if result.p is None else result.p,), is_p=True)

    def quoted(
        self, spec: TwoMeans, result: TwoMeansResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        values: dict[str, list[Exact]] = {
            "estimate": [result.difference],
            "ci": [result.low, result.high],
            "p": [math.nan if result.p is None else result.p],
        }
        return values.get(value)

    def _test_name(self, spec: TwoMeans, fmt: Formatter) -> str:
        return fmt._(N_("{test}, {sided}"), test=fmt._(TESTS[spec.test]), sided=fmt.sided(spec.alternative))

    def describe(self, spec: TwoMeans, result: TwoMeansResult, arm_labels: Mapping[str, str], fmt: Formatter) -> str:
        first, second = (mid_sentence(arm_labels[arm], fmt.lang) for arm in spec.arms)
        sentence = fmt._(
            N_(
                "the mean in {first} was compared with the mean in {second} by the mean difference "
                "with a {level}% CI and {test}."
            ),
            first=first,
            second=second,
            level=fmt.level_percent(),
            test=self._test_name(spec, fmt),
        )
        if spec.alpha is None:
            return sentence
        return fmt._(N_("{sentence} Significance level: {alpha}."), sentence=sentence, alpha=fmt.plain(spec.alpha))

    def tests(
        self, spec: TwoMeans, result: TwoMeansResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> list[TestResult]:
        name = self._test_name(spec, fmt)
        return [comparison_test(spec.arms, arm_labels, name, result.p, spec.alpha, result.counts, fmt, result.reason)]

    def effects(self, spec: TwoMeans, result: TwoMeansResult, fmt: Formatter) -> list[Effect]:
        places = result.decimals
        if result.reason is not None:
            return [
                Effect(
                    measure="mean-diff",
                    name=fmt._(N_("Mean difference")),
                    method=fmt._(TESTS[spec.test]),
                    estimate=math.nan,
                    low=math.nan,
                    high=math.nan,
                    shown=fmt.not_computable(result.reason),
                    shown_ci="–",
                    scale="linear",
                    null=0.0,
                )
            ]
        return [
            Effect(
                measure="mean-diff",
                name=fmt._(N_("Mean difference")),
                method=fmt._(TESTS[spec.test]),
                estimate=result.difference,
                low=result.low,
                high=result.high,
                shown=fmt.signed(result.difference, places),
                shown_ci=fmt.range(fmt.signed(result.low, places), fmt.signed(result.high, places)),
                scale="linear",
                null=0.0,
            )
        ]


KIND = TwoMeansKind()
