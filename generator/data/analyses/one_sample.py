"""Each arm's rate against a fixed rate: the exact binomial test (SciPy's binomtest)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field

from generator.data.analyses.base import (
    AnalysisKind,
    ArmFigures,
    Check,
    Exact,
    Formatter,
    Loc,
    TestedAnalysis,
    TestResult,
    test_result,
)
from generator.data.fields import Model, Probability, PublishedP, Slug, Text
from generator.data.languages import join_and, mid_sentence
from generator.errors import N_
from generator.maths import inference


class PublishedArmP(Model):
    """One arm's P value as printed."""

    arm: Slug
    """Id of the arm."""
    p: PublishedP
    """P value as printed, e.g. <0.0001."""


class OneSampleBinomial(TestedAnalysis):
    """Each listed arm's rate tested against a fixed rate by an exact binomial test."""

    type: Literal["one-sample-binomial"]
    """Selects this kind of analysis."""
    null_rate: Probability
    """The fixed rate each arm is tested against, e.g. 0.05 (a control rate from earlier data)."""
    null_rationale: Text | None = None
    """Where that rate comes from."""
    published: list[PublishedArmP] = Field(default_factory=list)
    """The P values as printed, one per arm, kept only to be checked."""


@dataclass(frozen=True)
class OneSampleResult:
    """Each arm's exact binomial P value, by arm id."""

    p: dict[str, float]
    counts: dict[str, str]


class OneSampleKind(AnalysisKind[OneSampleBinomial, OneSampleResult]):
    """Exact binomial test of each arm against a fixed rate."""

    type = "one-sample-binomial"
    spec = OneSampleBinomial

    def validate(
        self, spec: OneSampleBinomial, kinds: Mapping[str, str]
    ) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        if kinds.get(spec.endpoint) not in (None, "binary"):
            found = str(kinds.get(spec.endpoint))
            yield ("endpoint",), N_("an endpoint of kind {kinds}"), {"kinds": "binary"}, found
        published = [item.arm for item in spec.published]
        for index, arm in enumerate(published):
            if arm not in spec.arms or published.index(arm) != index:
                yield (
                    ("published", index, "arm"),
                    N_("one of {ids}, each once"),
                    {"ids": ", ".join(spec.arms)},
                    repr(arm),
                )

    def compute(self, spec: OneSampleBinomial, arms: Sequence[ArmFigures], level: float) -> OneSampleResult:
        p: dict[str, float] = {}
        counts: dict[str, str] = {}
        for figures in arms:
            assert figures.events is not None and figures.analyzed is not None
            if figures.analyzed:
                p[figures.arm] = inference.binomial_p(
                    figures.events, figures.analyzed, spec.null_rate, spec.alternative
                )
            counts[figures.arm] = f"{figures.events}/{figures.analyzed}"
        return OneSampleResult(p, counts)

    def checks(self, spec: OneSampleBinomial, result: OneSampleResult) -> Iterator[Check]:
        for index, item in enumerate(spec.published):
            # An arm with nobody analyzed has no P: a printed one cannot be right.
            yield Check(("published", index, "p"), item.p, (result.p.get(item.arm, math.nan),), is_p=True)

    def quoted(
        self, spec: OneSampleBinomial, result: OneSampleResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        if value == "p" and arm in result.p:
            return [result.p[arm]]
        return None

    def _test_name(self, spec: OneSampleBinomial, fmt: Formatter) -> str:
        return fmt._(N_("exact binomial test, {sided}"), sided=fmt.sided(spec.alternative))

    def describe(
        self, spec: OneSampleBinomial, result: OneSampleResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> str:
        groups = join_and((mid_sentence(arm_labels[arm], fmt.lang) for arm in spec.arms), fmt.lang)
        rate = fmt.plain(float(Decimal(repr(spec.null_rate)) * 100))
        if spec.alpha is None:
            return fmt._(
                N_(
                    "the rate in each group ({groups}) was compared with a fixed rate of {rate}% "
                    "by a {sided} exact binomial test."
                ),
                groups=groups,
                rate=rate,
                sided=fmt.sided(spec.alternative),
            )
        return fmt._(
            N_(
                "the rate in each group ({groups}) was compared with a fixed rate of {rate}% by a {sided} exact "
                "binomial test at a significance level of {alpha}."
            ),
            groups=groups,
            rate=rate,
            sided=fmt.sided(spec.alternative),
            alpha=fmt.plain(spec.alpha),
        )

    def tests(
        self, spec: OneSampleBinomial, result: OneSampleResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> list[TestResult]:
        rate = fmt.plain(float(Decimal(repr(spec.null_rate)) * 100))
        return [
            test_result(
                fmt._(N_("{group} against {rate}%"), group=arm_labels[arm], rate=rate),
                p,
                spec.alpha,
                result.counts[arm],
                fmt,
            )
            for arm, p in result.p.items()
        ]

    def arm_p(self, spec: OneSampleBinomial, result: OneSampleResult, fmt: Formatter) -> dict[str, str]:
        return {arm: fmt.p(p) for arm, p in result.p.items()}

    def reference(self, spec: OneSampleBinomial) -> float | None:
        return spec.null_rate


KIND = OneSampleKind()
