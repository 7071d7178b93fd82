"""The interface every kind of analysis implements, and what the kinds share.

An analysis kind is one module under generator/analyses/ with one spec model (what it needs
from the data, under `analysis.analyses[]` with its `type`) and one `AnalysisKind` object that
computes its figures, lists the printed figures to check, and describes, tabulates and draws
them. The rest of the generator only talks to this interface.
"""

from __future__ import annotations

import builtins
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import Field

from generator.data.fields import Alternative, Model, Probability, PublishedP, PublishedRange, Slug, Text
from generator.errors import N_
from generator.maths import inference, numbers

Exact = float | Fraction | Decimal
Loc = tuple[str | int, ...]


def endpoint_kind_problems(
    endpoint: str, kinds: Mapping[str, str], allowed: Sequence[str]
) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
    """Yield the problem of an analysis whose endpoint is not of an allowed kind (an unknown one: elsewhere)."""
    kind = kinds.get(endpoint)
    if kind not in (None, *allowed):
        yield ("endpoint",), N_("an endpoint of kind {kinds}"), {"kinds": ", ".join(allowed)}, str(kind)


class AnalysisBase(Model):
    """What every analysis states: which endpoint and arms, planned or exploratory, and a label."""

    id: Slug
    """Identifier, used by quotes."""
    endpoint: Slug
    """Id of the endpoint analyzed."""
    arms: Annotated[list[Slug], Field(min_length=1)]
    """Ids of the arms, in the order the analysis compares them (first against second)."""
    status: Literal["planned", "exploratory", "reported"]
    """planned: pre-specified in the protocol; exploratory: shown with the release's statement that it
    was not; reported: taken from the paper, with no protocol documented (an observational study)."""
    label: Text | None = None
    """What the figure is, e.g. both doses pooled (post hoc); generated from the arms when absent."""
    source: Slug | None = None
    """Id of the source (under analysis.sources) that documents the analysis, its fixed rate and
    its level, where the release itself does not."""


class TestedAnalysis(AnalysisBase):
    """An analysis with a hypothesis test and its significance level."""

    alternative: Alternative = "two-sided"
    """Direction of the test: two-sided (the default), greater or less (one-sided)."""
    alpha: Probability | None = None
    """Significance level of the test, e.g. 0.05, where the plan states one."""
    alpha_rationale: Text | None = None
    """Why that level, e.g. a family level split between several comparisons."""


class PublishedTest(Model):
    """A P value as printed, kept only to be checked."""

    p: PublishedP | None = None
    """P value as printed, e.g. <0.0001."""


class PublishedEstimate(Model):
    """An estimate with its interval as printed, kept only to be checked."""

    estimate: Annotated[str, Field(min_length=1)] | None = None
    """Estimate as printed, e.g. 25.5 or 2.31."""
    ci: PublishedRange | None = None
    """Confidence interval as printed, e.g. 5.1-43.3."""


@dataclass(frozen=True)
class Interval:
    """The bounds of a confidence interval."""

    low: float
    high: float


@dataclass(frozen=True)
class ArmFigures:
    """What the data and the computation give for one arm and one endpoint."""

    arm: str
    endpoint: str
    kind: str
    """The endpoint's kind: binary, descriptive, continuous or time-to-event."""
    events: int | None = None
    analyzed: int | None = None
    rate: Fraction | None = None
    """events / analyzed; None when nobody was analyzed."""
    mean: float | None = None
    sd: float | None = None
    ci: Interval | None = None
    """Of the rate (binary kinds) or of the mean (continuous)."""
    median: str | None = None
    """Median time as reported (time-to-event)."""
    decimals: int = 1
    """Decimals the endpoint's means and their differences are shown with (continuous)."""


@dataclass(frozen=True)
class Check:
    """One printed figure and the exact values it must agree with."""

    loc: Loc
    """Where the printed figure stands, relative to the analysis."""
    printed: str
    exact: tuple[Exact, ...]
    """Exact values in display units; with `implied`, the P implied by other printed figures."""
    is_p: bool = False
    implied: tuple[float, float] | None = None
    """A range the exact value lies in, when it is recomputed from rounded printed figures."""
    conflict: str | None = None
    """A message id saying what the printed figure should be instead, when it contradicts other
    printed figures (a significant P with an interval containing 1); {alpha} is filled in."""
    conflict_params: Mapping[str, object] = field(default_factory=dict)
    """The conflict message's other parameters."""


@dataclass(frozen=True)
class Effect:
    """One effect measure of one comparison, ready to tabulate and draw."""

    measure: str
    """Key of the measure: diff, ratio, odds-ratio, mean-diff, hazard-ratio, pooled."""
    name: str
    """Name of the measure in the page's language, e.g. Risk ratio."""
    method: str
    """How its interval was computed, e.g. Newcombe hybrid score."""
    estimate: float
    low: float
    high: float
    """Estimate and interval in display units (percentage points for a difference of rates)."""
    shown: str
    """The estimate as displayed, e.g. 25.5 or 2.31."""
    shown_ci: str
    """The interval as displayed, e.g. 5.1 to 43.3."""
    scale: Literal["linear", "log"]
    null: float | None
    """The value of no effect: 0 for differences, 1 for ratios; None for a single pooled rate."""
    as_reported: bool = False
    """True when the figures are the paper's own (a hazard ratio), not recomputed."""
    margins: tuple[float, ...] = ()
    """Non-inferiority or equivalence margins, in display units, drawn next to the null line."""
    conclusion: str | None = None
    """What the interval shows against its margins, in words, e.g. non-inferior (margin −10 percentage points)."""


@dataclass(frozen=True)
class TestResult:
    """A test's P value and how it was reached."""

    name: str
    """The test in the page's language, e.g. Fisher's exact test, two-sided."""
    p: float | None
    """None when the test cannot be computed from these data (shown then says why)."""
    shown: str
    exact: str
    significant: bool | None
    """Whether P is below the analysis's level; None without a level."""
    counts: str
    """The data behind it, e.g. 18/40 vs 8/41."""


def test_result(name: str, p: float, alpha: float | None, counts: str, fmt: Formatter) -> TestResult:
    """Return a test's P value as tables show it, exactly, and against the analysis's level."""
    return TestResult(
        name=name,
        p=p,
        shown=fmt.p(p),
        exact=fmt.exact_p(p),
        significant=None if alpha is None else p < alpha,
        counts=counts,
    )


def comparison_test(
    arms: Sequence[str],
    arm_labels: Mapping[str, str],
    test: str,
    p: float | None,
    alpha: float | None,
    counts: str,
    fmt: Formatter,
    reason: str | None = None,
) -> TestResult:
    """Return the test of a comparison of two arms, named "First vs Second: test".

    p None means the test cannot be computed, for the reason given: it is shown as such, never as a number.
    """
    first, second = (arm_labels[arm] for arm in arms)
    name = fmt._(N_("{first} vs {second}: {test}"), first=first, second=second, test=test)
    if p is None:
        shown = fmt.not_computable(reason or inference.UNDEFINED)
        return TestResult(name=name, p=None, shown=shown, exact=shown, significant=None, counts=counts)
    return test_result(name, p, alpha, counts, fmt)


class Formatter:
    """Format figures and wording in one language."""

    def __init__(self, lang: str, gettext: Callable[[str], str], level: float) -> None:
        self.lang = lang
        self.gettext = gettext
        self.level = level

    def _(self, message: str, **params: object) -> str:
        """Translate message and fill in its named placeholders."""
        return self.gettext(message).format(**params)

    def plain(self, value: float) -> str:
        """Format a plan parameter (0.0125, 0.05) as written."""
        return numbers.plain(value, self.lang)

    def percent(self, value: Exact, places: int = 1) -> str:
        """Format a proportion as a percentage number: 0.6667 -> 66.7."""
        return numbers.percent(value, places, self.lang)

    def signed(self, value: Exact, places: int) -> str:
        """Format a number that may be negative with a true minus sign."""
        return numbers.signed(value, places, self.lang)

    def range(self, low: str, high: str) -> str:
        """Join two displayed bounds in the language's one range style.

        English: 38.4–88.2, or −24.6 to 45.2 when a bound is negative; Japanese: 38.4～88.2 and
        −24.6～45.2 alike.
        """
        if low.startswith(numbers.MINUS) or high.startswith(numbers.MINUS):
            return self._(N_("{low} to {high}"), low=low, high=high)
        return self._(N_("{low}{dash}{high}"), low=low, high=high, dash=numbers.RANGE_DASH)

    def level_percent(self) -> str:
        """Return the confidence level in percent, e.g. 95."""
        return numbers.plain(Decimal(repr(self.level)) * 100, self.lang)

    def sided(self, alternative: str) -> str:
        """Return one-sided or two-sided in the page's language."""
        return self._(N_("two-sided")) if alternative == "two-sided" else self._(N_("one-sided"))

    def p(self, value: float) -> str:
        """Format a P value as tables show it."""
        return numbers.p_value(value, self.lang)

    def exact_p(self, value: float) -> str:
        """Format a P value exactly enough to read: 2.3 × 10⁻¹⁰."""
        return numbers.scientific(value, self.lang)

    def not_computable(self, reason: str) -> str:
        """Say that a statistic cannot be computed, and why (reason is a message id)."""
        return self._(N_("not computable: {reason}"), reason=self._(reason))


Spec = TypeVar("Spec", bound=AnalysisBase)
Result = TypeVar("Result")


class AnalysisKind(ABC, Generic[Spec, Result]):
    """One kind of analysis: what it computes, checks, says, tabulates and draws."""

    type: str
    """The value of `type` that selects this kind in the data."""
    spec: builtins.type[Spec]

    def validate(self, spec: Spec, kinds: Mapping[str, str]) -> Iterator[tuple[Loc, str, dict[str, object], str]]:
        """Yield (loc, expected msgid, params, found) for each rule the spec breaks given the endpoints' kinds."""
        return iter(())

    @abstractmethod
    def compute(self, spec: Spec, arms: Sequence[ArmFigures], level: float) -> Result:
        """Compute the analysis from the figures of its arms, in the spec's order."""

    def checks(self, spec: Spec, result: Result) -> Iterator[Check]:
        """Yield every printed figure of the spec with the exact values it must agree with."""
        return iter(())

    @abstractmethod
    def quoted(self, spec: Spec, result: Result, value: str, arm: str | None, effect: str | None) -> list[Exact] | None:
        """Return the exact values a quote of value stands for, or None if the analysis has no such figure."""

    @abstractmethod
    def describe(self, spec: Spec, result: Result, arm_labels: Mapping[str, str], fmt: Formatter) -> str:
        """Return one sentence that states the analysis in words, in the formatter's language."""

    def tests(self, spec: Spec, result: Result, arm_labels: Mapping[str, str], fmt: Formatter) -> list[TestResult]:
        """Return the analysis's tests, if it has any."""
        return []

    def arm_p(self, spec: Spec, result: Result, fmt: Formatter) -> dict[str, str]:
        """Return a P value to show next to an arm's own figures (a test of one arm), by arm id."""
        return {}

    def reference(self, spec: Spec) -> float | None:
        """Return a fixed rate the endpoint's arms are tested against, to draw as a line."""
        return None

    def effects(self, spec: Spec, result: Result, fmt: Formatter) -> list[Effect]:
        """Return the effect measures to tabulate and draw."""
        return []


def z_quantile(level: float) -> float:
    """Return the standard normal quantile of a two-sided level."""
    from scipy.stats import norm

    return float(norm.ppf(1.0 - (1.0 - level) / 2.0))


def finite(value: float) -> float:
    """Return value as a Python float, refusing NaN and infinities from a library."""
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"not a finite number: {value!r}")
    return result
