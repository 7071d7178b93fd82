"""Compute proportions, exact intervals and P values from counts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from scipy import stats as _sps

__all__ = [
    "Interval",
    "binomial_p_greater",
    "binomial_p_less",
    "binomial_p_two_sided",
    "clopper_pearson",
    "fisher_exact_two_sided",
    "newcombe_difference",
    "proportion",
    "wilson",
]


@dataclass(frozen=True)
class Interval:
    """Hold the lower and upper bound of a confidence interval."""

    low: float
    high: float


def _check_count(name: str, value: object) -> int:
    """Return value as an int, rejecting bools and non-integers."""
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name} must be an int, got {value!r}"
        # One exception type for every bad argument keeps callers simple.
        raise ValueError(msg)
    return value


def _check_counts(events: object, analysed: object, suffix: str = "") -> tuple[int, int]:
    """Validate that 0 <= events <= analysed and analysed >= 1."""
    k = _check_count(f"events{suffix}", events)
    n = _check_count(f"analysed{suffix}", analysed)
    if n < 1:
        msg = f"analysed{suffix} must be at least 1, got {n}"
        raise ValueError(msg)
    if not 0 <= k <= n:
        msg = f"events{suffix} must be between 0 and analysed{suffix} ({n}), got {k}"
        raise ValueError(msg)
    return k, n


def _check_open_unit(name: str, value: object) -> float:
    """Return value as a float strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        msg = f"{name} must be a number, got {value!r}"
        raise ValueError(msg)
    x = float(value)
    if not 0.0 < x < 1.0:  # also rejects NaN
        msg = f"{name} must be strictly between 0 and 1, got {value!r}"
        raise ValueError(msg)
    return x


def _clip(value: float, low: float, high: float) -> float:
    """Clamp value into [low, high]."""
    return min(high, max(low, value))


def _p_value(value: float) -> float:
    """Convert a SciPy P value to a Python float in [0, 1]."""
    return _clip(float(value), 0.0, 1.0)


def proportion(events: int, analysed: int) -> Fraction:
    """Return the exact observed proportion events/analysed."""
    k, n = _check_counts(events, analysed)
    return Fraction(k, n)


def clopper_pearson(events: int, analysed: int, level: float = 0.95) -> Interval:
    """Return the two-sided Clopper-Pearson exact interval for a proportion."""
    k, n = _check_counts(events, analysed)
    conf = _check_open_unit("level", level)
    # Two-sided: each tail gets half of 1 - level (a one-sided interval, such as the one from a
    # binomtest built with alternative="greater", puts it all in one tail). The beta quantiles are
    # the exact Clopper-Pearson bounds, and take microseconds where binomtest's root search takes
    # milliseconds; tests check them against binomtest(...).proportion_ci(method="exact").
    tail = (1.0 - conf) / 2.0
    low = 0.0 if k == 0 else _clip(float(_sps.beta.ppf(tail, k, n - k + 1)), 0.0, 1.0)
    high = 1.0 if k == n else _clip(float(_sps.beta.ppf(1.0 - tail, k + 1, n - k)), 0.0, 1.0)
    return Interval(low, high)


def _binomial_p(events: int, analysed: int, p0: float, alternative: str) -> float:
    """Return the exact binomial test P value for the given alternative."""
    k, n = _check_counts(events, analysed)
    p = _check_open_unit("p0", p0)
    return _p_value(_sps.binomtest(k, n, p=p, alternative=alternative).pvalue)


def binomial_p_greater(events: int, analysed: int, p0: float) -> float:
    """Return the one-sided exact binomial P value P(X >= events | analysed, p0)."""
    return _binomial_p(events, analysed, p0, "greater")


def binomial_p_less(events: int, analysed: int, p0: float) -> float:
    """Return the one-sided exact binomial P value P(X <= events | analysed, p0)."""
    return _binomial_p(events, analysed, p0, "less")


def binomial_p_two_sided(events: int, analysed: int, p0: float) -> float:
    """Return the two-sided exact binomial P value against p0."""
    return _binomial_p(events, analysed, p0, "two-sided")


def fisher_exact_two_sided(events_a: int, analysed_a: int, events_b: int, analysed_b: int) -> float:
    """Return the two-sided Fisher exact P value comparing two proportions."""
    a, na = _check_counts(events_a, analysed_a, "_a")
    b, nb = _check_counts(events_b, analysed_b, "_b")
    table = [[a, na - a], [b, nb - b]]
    return _p_value(_sps.fisher_exact(table, alternative="two-sided").pvalue)


def _z(level: float) -> float:
    """Return the standard normal quantile for a two-sided level."""
    return float(_sps.norm.ppf(1.0 - (1.0 - level) / 2.0))


def wilson(events: int, analysed: int, level: float = 0.95) -> Interval:
    """Return the Wilson score interval for a proportion."""
    k, n = _check_counts(events, analysed)
    z = _z(_check_open_unit("level", level))
    z2 = z * z
    denom = n + z2
    centre = (k + z2 / 2.0) / denom
    half = z / denom * math.sqrt(k * (n - k) / n + z2 / 4.0)
    low = 0.0 if k == 0 else _clip(centre - half, 0.0, 1.0)
    high = 1.0 if k == n else _clip(centre + half, 0.0, 1.0)
    return Interval(low, high)


def newcombe_difference(
    events_a: int,
    analysed_a: int,
    events_b: int,
    analysed_b: int,
    level: float = 0.95,
) -> Interval:
    """Return the Newcombe hybrid score interval for p_a - p_b (method 10)."""
    a, na = _check_counts(events_a, analysed_a, "_a")
    b, nb = _check_counts(events_b, analysed_b, "_b")
    conf = _check_open_unit("level", level)
    pa, pb = a / na, b / nb
    wa, wb = wilson(a, na, conf), wilson(b, nb, conf)
    diff = pa - pb
    delta = math.hypot(pa - wa.low, wb.high - pb)
    epsilon = math.hypot(wa.high - pa, pb - wb.low)
    return Interval(_clip(diff - delta, -1.0, 1.0), _clip(diff + epsilon, -1.0, 1.0))
