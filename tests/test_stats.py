"""Test the statistics module against published figures and independent formulas."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom, binomtest

from generator.maths import inference

SETTINGS = settings(max_examples=200, deadline=None)
P0S = [
    Fraction(1, 20),
    Fraction(1, 5),
    Fraction(1, 2),
    Fraction(4, 5),
    Fraction(19, 20),
]


def pct(value: float, decimals: int = 1) -> str:
    """Format a proportion as a percentage string, as printed in tables."""
    return f"{100 * value:.{decimals}f}"


@st.composite
def counts(draw: st.DrawFn, max_n: int = 200) -> tuple[int, int]:
    """Draw a valid (events, analyzed) pair."""
    n = draw(st.integers(min_value=1, max_value=max_n))
    k = draw(st.integers(min_value=0, max_value=n))
    return k, n


open_unit = st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True)
levels = st.floats(min_value=0.5, max_value=0.999)


# Reference values: the press release, the ministry's analysis plan, and the
# exploratory figures gathered for the project, each at its printed precision.


def test_clopper_pearson_low_dose_matches_release() -> None:
    ci = inference.clopper_pearson(10, 15)
    assert (pct(ci.low), pct(ci.high)) == ("38.4", "88.2")
    assert (pct(ci.low, 2), pct(ci.high, 2)) == ("38.38", "88.18")
    assert ci.low == pytest.approx(0.383804, abs=5e-7)
    assert ci.high == pytest.approx(0.881759, abs=5e-7)


def test_clopper_pearson_high_dose_matches_release() -> None:
    ci = inference.clopper_pearson(5, 9)
    assert (pct(ci.low), pct(ci.high)) == ("21.2", "86.3")
    assert (pct(ci.low, 2), pct(ci.high, 2)) == ("21.20", "86.30")
    assert ci.low == pytest.approx(0.212009, abs=5e-7)
    assert ci.high == pytest.approx(0.863004, abs=5e-7)


def test_clopper_pearson_pooled() -> None:
    ci = inference.clopper_pearson(15, 24)
    assert pct(float(inference.proportion(15, 24))) == "62.5"
    assert (pct(ci.low), pct(ci.high)) == ("40.6", "81.2")


def test_clopper_pearson_is_two_sided_not_one_sided() -> None:
    # binomtest(..., alternative="greater").proportion_ci() gives 42.3-100 %.
    ci = inference.clopper_pearson(10, 15)
    assert ci.high < 1.0
    assert pct(ci.low) != "42.3"


@pytest.mark.parametrize(
    ("events", "analyzed", "printed"),
    [(10, 15, "2.32e-10"), (5, 9, "3.32e-05")],
)
def test_binomial_p_greater_matches_analysis_plan(events: int, analyzed: int, printed: str) -> None:
    p = inference.binomial_p_greater(events, analyzed, 0.05)
    assert f"{p:.2e}" == printed
    assert p < 0.0001


def test_difference_and_newcombe_interval() -> None:
    diff = inference.proportion(10, 15) - inference.proportion(5, 9)
    assert diff == Fraction(1, 9)
    assert pct(float(diff)) == "11.1"
    ci = inference.newcombe_difference(10, 15, 5, 9)
    assert (pct(ci.low), pct(ci.high)) == ("-24.6", "45.2")


def test_fisher_exact_between_doses() -> None:
    assert f"{inference.fisher_exact_two_sided(10, 15, 5, 9):.3f}" == "0.678"


def test_wilson_differs_from_release() -> None:
    ci = inference.wilson(10, 15)
    assert (pct(ci.low), pct(ci.high)) == ("41.7", "84.8")


# Independent cross-checks.


def root_search_interval(k: int, n: int, level: float) -> tuple[float, float]:
    """Return the Clopper-Pearson bounds as SciPy's binomtest finds them, by a root search."""
    ci = binomtest(k, n).proportion_ci(confidence_level=level, method="exact")
    return float(ci.low), float(ci.high)


def assert_clopper_pearson_equals_beta_quantiles(max_n: int, level: float) -> None:
    """Compare every interval with 0 <= k <= n <= max_n with a root search and with its definition."""
    a = 1.0 - level
    for n in range(1, max_n + 1):
        for k in range(n + 1):
            ci = inference.clopper_pearson(k, n, level)
            low, high = root_search_interval(k, n, level)
            assert ci.low == pytest.approx(low, abs=1e-9), (k, n)
            assert ci.high == pytest.approx(high, abs=1e-9), (k, n)
            # The definition: at each bound, the tail beyond the observed count holds a/2.
            if k > 0:
                assert binom.sf(k - 1, n, ci.low) == pytest.approx(a / 2, rel=1e-7), (k, n)
            if k < n:
                assert binom.cdf(k, n, ci.high) == pytest.approx(a / 2, rel=1e-7), (k, n)


def test_clopper_pearson_equals_beta_quantiles() -> None:
    assert_clopper_pearson_equals_beta_quantiles(40, 0.95)


@pytest.mark.parametrize("level", [0.90, 0.99])
def test_clopper_pearson_equals_beta_quantiles_other_levels(level: float) -> None:
    # Each interval costs a root search in SciPy; a smaller grid keeps this fast.
    assert_clopper_pearson_equals_beta_quantiles(8, level)


def hypergeometric_two_sided(a: int, na: int, b: int, nb: int) -> float:
    """Sum the probabilities of all same-margin tables no likelier than the observed."""
    m = a + b
    total = math.comb(na + nb, m)

    def prob(x: int) -> Fraction:
        return Fraction(math.comb(na, x) * math.comb(nb, m - x), total)

    observed = prob(a) * (1 + Fraction(1e-7))
    support = range(max(0, m - nb), min(na, m) + 1)
    return float(sum((prob(x) for x in support if prob(x) <= observed), Fraction(0)))


def small_tables() -> list[tuple[int, int, int, int]]:
    """List every 2x2 table with group sizes 1 to 6."""
    return [(a, na, b, nb) for na in range(1, 7) for nb in range(1, 7) for a in range(na + 1) for b in range(nb + 1)]


def test_fisher_exact_equals_hypergeometric_sum() -> None:
    for a, na, b, nb in small_tables():
        expected = hypergeometric_two_sided(a, na, b, nb)
        got = inference.fisher_exact_two_sided(a, na, b, nb)
        assert got == pytest.approx(expected, rel=1e-9), (a, na, b, nb)


def binomial_weights(n: int, p: Fraction) -> tuple[list[int], int]:
    """Return integer weights w and total t with P(X = i) = w[i] / t exactly."""
    a, b = p.numerator, p.denominator - p.numerator
    weights = [math.comb(n, i) * a**i * b ** (n - i) for i in range(n + 1)]
    return weights, p.denominator**n


@pytest.mark.parametrize("p", P0S, ids=str)
def test_binomial_p_greater_equals_direct_sum(p: Fraction) -> None:
    for n in range(1, 31):
        weights, total = binomial_weights(n, p)
        for k in range(n + 1):
            expected = float(Fraction(sum(weights[k:]), total))
            got = inference.binomial_p_greater(k, n, float(p))
            assert got == pytest.approx(expected, rel=1e-9), (k, n)


@pytest.mark.parametrize("p", P0S, ids=str)
def test_binomial_p_less_equals_direct_sum(p: Fraction) -> None:
    for n in range(1, 31):
        weights, total = binomial_weights(n, p)
        for k in range(n + 1):
            expected = float(Fraction(sum(weights[: k + 1]), total))
            got = inference.binomial_p_less(k, n, float(p))
            assert got == pytest.approx(expected, rel=1e-9), (k, n)


@pytest.mark.parametrize("p", P0S, ids=str)
def test_binomial_p_two_sided_equals_direct_sum(p: Fraction) -> None:
    # Outcomes count as no likelier than the observed one within a relative
    # tolerance of 1e-7, as in SciPy, so that exact ties are not lost to rounding.
    for n in range(1, 21):
        weights, total = binomial_weights(n, p)
        for k in range(n + 1):
            limit = (10**7 + 1) * weights[k]
            tail = sum(w for w in weights if 10**7 * w <= limit)
            expected = float(Fraction(tail, total))
            got = inference.binomial_p_two_sided(k, n, float(p))
            assert got == pytest.approx(expected, rel=1e-9), (k, n)


def test_newcombe_from_wilson_by_hand() -> None:
    # Newcombe (1998), method 10: combine the two Wilson intervals.
    wa, wb = inference.wilson(10, 15), inference.wilson(5, 9)
    pa, pb = 10 / 15, 5 / 9
    low = pa - pb - math.sqrt((pa - wa.low) ** 2 + (wb.high - pb) ** 2)
    high = pa - pb + math.sqrt((wa.high - pa) ** 2 + (pb - wb.low) ** 2)
    ci = inference.newcombe_difference(10, 15, 5, 9)
    assert ci.low == pytest.approx(low, abs=1e-12)
    assert ci.high == pytest.approx(high, abs=1e-12)


# Properties.


@SETTINGS
@given(counts(), levels)
def test_clopper_pearson_properties(kn: tuple[int, int], level: float) -> None:
    k, n = kn
    ci = inference.clopper_pearson(k, n, level)
    assert 0.0 <= ci.low <= k / n <= ci.high <= 1.0


@SETTINGS
@given(st.integers(min_value=1, max_value=30), open_unit)
def test_p_greater_non_increasing_in_events(n: int, p0: float) -> None:
    p_values = [inference.binomial_p_greater(k, n, p0) for k in range(n + 1)]
    assert p_values[0] == 1.0
    assert all(later <= earlier for earlier, later in itertools.pairwise(p_values))
    assert all(0.0 <= p <= 1.0 for p in p_values)


@SETTINGS
@given(counts(), counts(), levels)
def test_newcombe_properties(kn_a: tuple[int, int], kn_b: tuple[int, int], level: float) -> None:
    (a, na), (b, nb) = kn_a, kn_b
    ci = inference.newcombe_difference(a, na, b, nb, level)
    assert -1.0 <= ci.low <= a / na - b / nb <= ci.high <= 1.0


@SETTINGS
@given(counts(), levels)
def test_wilson_properties(kn: tuple[int, int], level: float) -> None:
    k, n = kn
    ci = inference.wilson(k, n, level)
    assert 0.0 <= ci.low <= k / n <= ci.high <= 1.0


@SETTINGS
@given(counts(max_n=20), counts(max_n=20))
def test_fisher_is_a_probability(kn_a: tuple[int, int], kn_b: tuple[int, int]) -> None:
    p = inference.fisher_exact_two_sided(*kn_a, *kn_b)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(inference.fisher_exact_two_sided(*kn_b, *kn_a), rel=1e-12)


# Edge cases.


@pytest.mark.parametrize("n", [1, 2, 15, 40])
def test_zero_events(n: int) -> None:
    ci = inference.clopper_pearson(0, n)
    assert ci.low == 0.0
    assert ci.high == pytest.approx(1 - 0.025 ** (1 / n), abs=1e-12)
    assert inference.wilson(0, n).low == 0.0
    assert inference.proportion(0, n) == 0
    assert inference.binomial_p_greater(0, n, 0.05) == 1.0


@pytest.mark.parametrize("n", [1, 2, 15, 40])
def test_all_events(n: int) -> None:
    ci = inference.clopper_pearson(n, n)
    assert ci.high == 1.0
    assert ci.low == pytest.approx(0.025 ** (1 / n), abs=1e-12)
    assert inference.wilson(n, n).high == 1.0
    assert inference.proportion(n, n) == 1
    assert inference.binomial_p_less(n, n, 0.05) == 1.0


def test_single_participant() -> None:
    none, one = inference.clopper_pearson(0, 1), inference.clopper_pearson(1, 1)
    assert none.low == 0.0
    assert none.high == pytest.approx(0.975)
    assert one.low == pytest.approx(0.025)
    assert one.high == 1.0
    assert inference.binomial_p_greater(1, 1, 0.05) == pytest.approx(0.05)
    assert inference.binomial_p_less(0, 1, 0.05) == pytest.approx(0.95)
    assert inference.fisher_exact_two_sided(1, 1, 0, 1) == 1.0
    assert inference.newcombe_difference(1, 1, 1, 1).low < 0 < (inference.newcombe_difference(1, 1, 1, 1).high)


def test_results_are_python_floats() -> None:
    ci = inference.clopper_pearson(10, 15)
    values = [
        ci.low,
        ci.high,
        inference.binomial_p_greater(10, 15, 0.05),
        inference.binomial_p_less(10, 15, 0.05),
        inference.binomial_p_two_sided(10, 15, 0.05),
        inference.fisher_exact_two_sided(10, 15, 5, 9),
        inference.newcombe_difference(10, 15, 5, 9).low,
        inference.wilson(10, 15).high,
    ]
    assert all(type(v) is float for v in values)


CountFunction = Callable[[int, int], object]

# Each function with the suffix its messages give the first group's arguments.
COUNT_FUNCTIONS: list[tuple[CountFunction, str]] = [
    (inference.proportion, ""),
    (inference.clopper_pearson, ""),
    (inference.wilson, ""),
    (lambda k, n: inference.binomial_p_greater(k, n, 0.05), ""),
    (lambda k, n: inference.binomial_p_less(k, n, 0.05), ""),
    (lambda k, n: inference.binomial_p_two_sided(k, n, 0.05), ""),
    (lambda k, n: inference.fisher_exact_two_sided(k, n, 1, 2), "_a"),
    (lambda k, n: inference.newcombe_difference(k, n, 1, 2), "_a"),
]


@pytest.mark.parametrize(("function", "suffix"), COUNT_FUNCTIONS)
@pytest.mark.parametrize(
    ("events", "analyzed", "message"),
    [
        (0, 0, "nobody was analyzed in one of the arms"),
        (0, -3, "analyzed{s} must be at least 1, got -3"),
        (-1, 5, "events{s} must be between 0 and analyzed{s} (5), got -1"),
        (6, 5, "events{s} must be between 0 and analyzed{s} (5), got 6"),
        (1.0, 5, "events{s} must be an int, got 1.0"),
        (True, 5, "events{s} must be an int, got True"),
        (1, 5.0, "analyzed{s} must be an int, got 5.0"),
    ],
)
def test_bad_counts_raise(function: CountFunction, suffix: str, events: int, analyzed: int, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message.format(s=suffix))}$"):
        function(events, analyzed)


def test_bad_second_group_names_it() -> None:
    with pytest.raises(ValueError, match=re.escape("events_b must be between 0")):
        inference.fisher_exact_two_sided(1, 2, 3, 2)
    with pytest.raises(ValueError, match=re.escape("analyzed_b must be at least 1")):
        inference.newcombe_difference(1, 2, 0, -1)


@pytest.mark.parametrize(
    "function",
    [inference.binomial_p_greater, inference.binomial_p_less, inference.binomial_p_two_sided],
)
@pytest.mark.parametrize("p0", [0.0, 1.0, -0.1, 1.5, math.nan])
def test_bad_p0_raises(function: Callable[[int, int, float], float], p0: float) -> None:
    with pytest.raises(ValueError, match=r"^p0 must be strictly between 0 and 1"):
        function(1, 2, p0)


@pytest.mark.parametrize(
    "function",
    [inference.clopper_pearson, inference.wilson],
)
@pytest.mark.parametrize("level", [0.0, 1.0, 95.0, math.nan])
def test_bad_level_raises(function: Callable[[int, int, float], inference.Interval], level: float) -> None:
    with pytest.raises(ValueError, match=r"^level must be strictly between 0 and 1"):
        function(1, 2, level)


def test_bad_level_raises_for_newcombe() -> None:
    with pytest.raises(ValueError, match=r"^level must be strictly between 0 and 1"):
        inference.newcombe_difference(1, 2, 1, 2, 1.0)


def test_p0_must_be_a_number() -> None:
    with pytest.raises(ValueError, match=r"^p0 must be a number, got '0.5'"):
        inference.binomial_p_greater(1, 2, "0.5")  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["clopper-pearson", "wilson", "jeffreys", "agresti-coull"])
@given(data=st.data(), level=levels)
def test_proportion_ci_is_statsmodels_proportion_confint(method: str, data: st.DataObject, level: float) -> None:
    # Clopper-Pearson is computed from SciPy's beta quantiles without importing statsmodels:
    # it must be the interval statsmodels gives for method="beta", at every count and level.
    from statsmodels.stats.proportion import proportion_confint

    analyzed = data.draw(st.integers(min_value=1, max_value=500))
    events = data.draw(st.integers(min_value=0, max_value=analyzed))
    names = {"clopper-pearson": "beta", "wilson": "wilson", "jeffreys": "jeffreys", "agresti-coull": "agresti_coull"}
    low, high = inference.proportion_ci(events, analyzed, level, method)
    expected_low, expected_high = proportion_confint(events, analyzed, alpha=1.0 - level, method=names[method])
    assert low == pytest.approx(0.0 if events == 0 else min(max(expected_low, 0.0), 1.0), abs=1e-12)
    assert high == pytest.approx(1.0 if events == analyzed else min(max(expected_high, 0.0), 1.0), abs=1e-12)
