"""Diagnostic accuracy of an index test against a reference standard, from its 2×2 table (STARD 2015).

The two arms are the participants with the target condition and those without it, as the
reference standard classifies them; the endpoint counts the index test's positive results. So
the results table holds TP/(TP+FN) and FP/(FP+TN), and this analysis gives sensitivity,
specificity, and the positive and negative predictive values, each with its exact
(Clopper–Pearson) interval. The predictive values hold at the prevalence of the study sample.
Likelihood ratios, where the release prints them, are ratios of two proportions with the log
(Katz) interval, which is the interval of Simel et al. (J Clin Epidemiol 1991;44:763-770).
"""

from __future__ import annotations

import math
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
    Loc,
    PublishedEstimate,
    endpoint_kind_problems,
)
from generator.data.fields import Model, Slug
from generator.errors import N_
from generator.maths import inference

Measure = Literal["sensitivity", "specificity", "ppv", "npv", "lr-positive", "lr-negative"]

NAMES: dict[str, str] = {
    "sensitivity": N_("Sensitivity"),
    "specificity": N_("Specificity"),
    "ppv": N_("Positive predictive value"),
    "npv": N_("Negative predictive value"),
    "lr-positive": N_("Positive likelihood ratio"),
    "lr-negative": N_("Negative likelihood ratio"),
}
PROPORTIONS = ("sensitivity", "specificity", "ppv", "npv")
RATIOS = ("lr-positive", "lr-negative")


class PublishedAccuracy(Model):
    """The accuracy figures as printed (percent for the four proportions), kept only to be checked."""

    sensitivity: PublishedEstimate | None = None
    """Sensitivity in percent and its interval, e.g. 90.0 (82.4-95.1)."""
    specificity: PublishedEstimate | None = None
    """Specificity in percent and its interval."""
    ppv: PublishedEstimate | None = None
    """Positive predictive value in percent and its interval."""
    npv: PublishedEstimate | None = None
    """Negative predictive value in percent and its interval."""
    lr_positive: PublishedEstimate | None = None
    """Positive likelihood ratio and its interval; shown when printed."""
    lr_negative: PublishedEstimate | None = None
    """Negative likelihood ratio and its interval; shown when printed."""


class DiagnosticAccuracy(AnalysisBase):
    """An index test's accuracy: the arms are those with and without the condition (reference standard)."""

    type: Literal["diagnostic-accuracy"]
    """Selects this kind of analysis."""
    arms: Annotated[list[Slug], Field(min_length=2, max_length=2)]
    """The arm with the target condition first, the arm without it second, as the reference standard says;
    the endpoint's events are the index test's positive results."""
    published: PublishedAccuracy | None = None
    """The figures as printed, kept only to be checked; printed likelihood ratios are also shown."""


@dataclass(frozen=True)
class Proportion:
    """One accuracy proportion with its exact interval."""

    numerator: int
    denominator: int
    value: Fraction
    low: float
    high: float


@dataclass(frozen=True)
class DiagnosticResult:
    """The 2×2 table and every accuracy figure."""

    tp: int
    fn: int
    fp: int
    tn: int
    proportions: dict[str, Proportion]
    ratios: dict[str, tuple[float, float, float]]
    """Likelihood ratios: estimate, low, high (infinite or NaN when a count is 0)."""


def _proportion(numerator: int, denominator: int, level: float) -> Proportion:
    interval = inference.clopper_pearson(numerator, denominator, level)
    return Proportion(numerator, denominator, Fraction(numerator, denominator), interval.low, interval.high)


def _published_key(measure: str) -> str:
    return measure.replace("-", "_")


class DiagnosticKind(AnalysisKind[DiagnosticAccuracy, DiagnosticResult]):
    """Sensitivity, specificity, PPV and NPV with Clopper–Pearson intervals; likelihood ratios where printed."""

    type = "diagnostic-accuracy"
    spec = DiagnosticAccuracy

    def validate(
        self, spec: DiagnosticAccuracy, kinds: Mapping[str, str]
    ) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        yield from endpoint_kind_problems(spec.endpoint, kinds, ("binary",))
        if spec.arms[0] == spec.arms[1]:
            yield ("arms", 1), N_("an arm other than {arm}"), {"arm": spec.arms[0]}, repr(spec.arms[1])

    def compute(self, spec: DiagnosticAccuracy, arms: Sequence[ArmFigures], level: float) -> DiagnosticResult:
        diseased, healthy = arms
        tp, d = diseased.events or 0, diseased.analyzed or 0
        fp, h = healthy.events or 0, healthy.analyzed or 0
        fn, tn = d - tp, h - fp
        proportions = {
            "sensitivity": _proportion(tp, tp + fn, level),
            "specificity": _proportion(tn, tn + fp, level),
        }
        # The predictive values exist only when some results were positive, or negative.
        if tp + fp:
            proportions["ppv"] = _proportion(tp, tp + fp, level)
        if tn + fn:
            proportions["npv"] = _proportion(tn, tn + fn, level)
        ratios = {
            # LR+ = sensitivity / (1 - specificity): positives among the diseased over positives among the others.
            "lr-positive": inference.two_proportions_ci(tp, d, fp, h, "ratio", "log", level),
            # LR- = (1 - sensitivity) / specificity.
            "lr-negative": inference.two_proportions_ci(fn, d, tn, h, "ratio", "log", level),
        }
        return DiagnosticResult(tp, fn, fp, tn, proportions, ratios)

    def _shown_measures(self, spec: DiagnosticAccuracy, result: DiagnosticResult) -> list[str]:
        published = spec.published
        shown = [measure for measure in PROPORTIONS if measure in result.proportions]
        shown += [
            measure for measure in RATIOS if published is not None and getattr(published, _published_key(measure))
        ]
        return shown

    def _exact(self, result: DiagnosticResult, measure: str) -> tuple[Exact, Exact, Exact]:
        if measure in result.proportions:
            item = result.proportions[measure]
            return item.value * 100, item.low * 100, item.high * 100
        return result.ratios[measure]

    def checks(self, spec: DiagnosticAccuracy, result: DiagnosticResult) -> Iterator[Check]:
        published = spec.published
        if published is None:
            return
        for measure in (*PROPORTIONS, *RATIOS):
            key = _published_key(measure)
            item: PublishedEstimate | None = getattr(published, key)
            if item is None:
                continue
            estimate: Exact
            low: Exact
            high: Exact
            if measure not in result.proportions and measure not in result.ratios:
                estimate = low = high = float("nan")  # a predictive value with no result of its sign
            else:
                estimate, low, high = self._exact(result, measure)
            if item.estimate is not None:
                yield Check(("published", key, "estimate"), item.estimate, (estimate,))
            if item.ci is not None:
                yield Check(("published", key, "ci"), item.ci, (low, high))

    def quoted(
        self, spec: DiagnosticAccuracy, result: DiagnosticResult, value: str, arm: str | None, effect: str | None
    ) -> list[Exact] | None:
        if effect is None or (effect not in result.proportions and effect not in result.ratios):
            return None
        estimate, low, high = self._exact(result, effect)
        return {"estimate": [estimate], "ci": [low, high]}.get(value)

    def describe(
        self, spec: DiagnosticAccuracy, result: DiagnosticResult, arm_labels: Mapping[str, str], fmt: Formatter
    ) -> str:
        diseased, healthy = (arm_labels[arm] for arm in spec.arms)
        prevalence = Fraction(result.tp + result.fn, result.tp + result.fn + result.fp + result.tn)
        sentence = fmt._(
            N_(
                "the index test's results were compared with the reference standard ({diseased}: {d}; "
                "{healthy}: {h}): sensitivity, specificity and the predictive values, each with a {level}% "
                "Clopper–Pearson interval. The predictive values hold at the study's prevalence of {prevalence}%."
            ),
            diseased=diseased,
            healthy=healthy,
            d=result.tp + result.fn,
            h=result.fp + result.tn,
            level=fmt.level_percent(),
            prevalence=fmt.percent(prevalence),
        )
        if any(measure in RATIOS for measure in self._shown_measures(spec, result)):
            sentence = fmt._(
                N_("{sentence} Likelihood ratios: log (Katz) {level}% interval."),
                sentence=sentence,
                level=fmt.level_percent(),
            )
        return sentence

    def effects(self, spec: DiagnosticAccuracy, result: DiagnosticResult, fmt: Formatter) -> list[Effect]:
        shown: list[Effect] = []
        for measure in self._shown_measures(spec, result):
            if measure in result.proportions:
                item = result.proportions[measure]
                shown.append(
                    Effect(
                        measure=measure,
                        name=fmt._(NAMES[measure]),
                        method=fmt._(N_("Clopper–Pearson")),
                        estimate=float(item.value) * 100,
                        low=item.low * 100,
                        high=item.high * 100,
                        shown=fmt._(
                            N_("{rate}% ({events}/{analyzed})"),
                            rate=fmt.percent(item.value),
                            events=item.numerator,
                            analyzed=item.denominator,
                        ),
                        shown_ci=fmt.range(fmt.percent(item.low), fmt.percent(item.high)),
                        scale="linear",
                        null=None,
                    )
                )
                continue
            estimate, low, high = result.ratios[measure]
            finite = all(map(math.isfinite, (estimate, low, high)))
            not_estimable = fmt._(N_("not estimable"))
            shown.append(
                Effect(
                    measure=measure,
                    name=fmt._(NAMES[measure]),
                    method=fmt._(N_("log (Katz)")),
                    estimate=estimate,
                    low=low,
                    high=high,
                    shown=fmt.signed(estimate, 2) if math.isfinite(estimate) else not_estimable,
                    shown_ci=fmt.range(fmt.signed(low, 2), fmt.signed(high, 2)) if finite else "–",
                    scale="log",
                    null=None,
                )
            )
        return shown


KIND = DiagnosticKind()
