"""Compute proportions, exact intervals and P values from counts."""

from __future__ import annotations

import importlib
import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from types import ModuleType

from generator.errors import N_

__all__ = [
    "Interval",
    "NotComputable",
    "binomial_p_greater",
    "binomial_p_less",
    "binomial_p_two_sided",
    "clopper_pearson",
    "fisher_exact_two_sided",
    "newcombe_difference",
    "proportion",
    "wilson",
]


def _scipy_stats() -> ModuleType:
    """Return scipy.stats, imported on first use.

    It takes about a second to import: a build with nothing to regenerate, `generator check`'s
    loading and the social cards' child processes never compute a statistic, so they never pay for it.
    """
    return importlib.import_module("scipy.stats")


class NotComputable(ValueError):
    """A statistic is undefined for these data; reason is a message id saying why, for people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NOBODY = N_("nobody was analyzed in one of the arms")
NO_VARIATION = N_("the standard deviation is 0 in both arms")
TOO_FEW = N_("a t test needs at least 2 participants in each arm")
ALL_OR_NONE = N_("every participant or none had the outcome, in both arms")
UNDEFINED = N_("the test statistic is undefined for these data")


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


def _check_counts(events: object, analyzed: object, suffix: str = "") -> tuple[int, int]:
    """Validate that 0 <= events <= analyzed and analyzed >= 1."""
    k = _check_count(f"events{suffix}", events)
    n = _check_count(f"analyzed{suffix}", analyzed)
    if n == 0:
        raise NotComputable(NOBODY)
    if n < 1:
        msg = f"analyzed{suffix} must be at least 1, got {n}"
        raise ValueError(msg)
    if not 0 <= k <= n:
        msg = f"events{suffix} must be between 0 and analyzed{suffix} ({n}), got {k}"
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


def _p_value(value: float, reason: str = UNDEFINED) -> float:
    """Convert a SciPy P value to a Python float in [0, 1]; raise NotComputable for NaN.

    min() and max() pass a NaN through or drop it depending on the order of their arguments, so
    a NaN is caught here, before it could be clipped into a P of 0 and printed as "<0.0001".
    """
    result = float(value)
    if math.isnan(result):
        raise NotComputable(reason)
    return _clip(result, 0.0, 1.0)


def proportion(events: int, analyzed: int) -> Fraction:
    """Return the exact observed proportion events/analyzed."""
    k, n = _check_counts(events, analyzed)
    return Fraction(k, n)


def clopper_pearson(events: int, analyzed: int, level: float = 0.95) -> Interval:
    """Return the two-sided Clopper-Pearson exact interval for a proportion."""
    k, n = _check_counts(events, analyzed)
    conf = _check_open_unit("level", level)
    # Two-sided: each tail gets half of 1 - level (a one-sided interval, such as the one from a
    # binomtest built with alternative="greater", puts it all in one tail). The beta quantiles are
    # the exact Clopper-Pearson bounds, and take microseconds where binomtest's root search takes
    # milliseconds; tests check them against binomtest(...).proportion_ci(method="exact").
    tail = (1.0 - conf) / 2.0
    low = 0.0 if k == 0 else _clip(float(_scipy_stats().beta.ppf(tail, k, n - k + 1)), 0.0, 1.0)
    high = 1.0 if k == n else _clip(float(_scipy_stats().beta.ppf(1.0 - tail, k + 1, n - k)), 0.0, 1.0)
    return Interval(low, high)


def _binomial_p(events: int, analyzed: int, p0: float, alternative: str) -> float:
    """Return the exact binomial test P value for the given alternative."""
    k, n = _check_counts(events, analyzed)
    p = _check_open_unit("p0", p0)
    return _p_value(_scipy_stats().binomtest(k, n, p=p, alternative=alternative).pvalue)


def binomial_p_greater(events: int, analyzed: int, p0: float) -> float:
    """Return the one-sided exact binomial P value P(X >= events | analyzed, p0)."""
    return _binomial_p(events, analyzed, p0, "greater")


def binomial_p_less(events: int, analyzed: int, p0: float) -> float:
    """Return the one-sided exact binomial P value P(X <= events | analyzed, p0)."""
    return _binomial_p(events, analyzed, p0, "less")


def binomial_p_two_sided(events: int, analyzed: int, p0: float) -> float:
    """Return the two-sided exact binomial P value against p0."""
    return _binomial_p(events, analyzed, p0, "two-sided")


def fisher_exact_two_sided(events_a: int, analysed_a: int, events_b: int, analysed_b: int) -> float:
    """Return the two-sided Fisher exact P value comparing two proportions."""
    a, na = _check_counts(events_a, analysed_a, "_a")
    b, nb = _check_counts(events_b, analysed_b, "_b")
    table = [[a, na - a], [b, nb - b]]
    return _p_value(_scipy_stats().fisher_exact(table, alternative="two-sided").pvalue)


def _z(level: float) -> float:
    """Return the standard normal quantile for a two-sided level."""
    return float(_scipy_stats().norm.ppf(1.0 - (1.0 - level) / 2.0))


def wilson(events: int, analyzed: int, level: float = 0.95) -> Interval:
    """Return the Wilson score interval for a proportion."""
    k, n = _check_counts(events, analyzed)
    z = _z(_check_open_unit("level", level))
    z2 = z * z
    denom = n + z2
    center = (k + z2 / 2.0) / denom
    half = z / denom * math.sqrt(k * (n - k) / n + z2 / 4.0)
    low = 0.0 if k == 0 else _clip(center - half, 0.0, 1.0)
    high = 1.0 if k == n else _clip(center + half, 0.0, 1.0)
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


_CI_METHODS = {"clopper-pearson": "beta", "wilson": "wilson", "jeffreys": "jeffreys", "agresti-coull": "agresti_coull"}
"""Interval methods for one proportion as the data names them, and statsmodels' names for them."""


def proportion_ci(
    events: int, analyzed: int, level: float = 0.95, method: str = "clopper-pearson"
) -> tuple[float, float]:
    """Return a two-sided interval for one proportion.

    Clopper-Pearson comes from SciPy's beta quantiles (clopper_pearson, the computation
    statsmodels' proportion_confint does for it); the other methods from proportion_confint.
    Importing statsmodels (and the pandas it loads) takes about a second, which a release whose
    analyses need nothing else from it, such as a single-arm trial, does not pay.
    """
    if method == "clopper-pearson":
        interval = clopper_pearson(events, analyzed, level)
        return interval.low, interval.high
    from statsmodels.stats.proportion import proportion_confint

    k, n = _check_counts(events, analyzed)
    conf = _check_open_unit("level", level)
    low, high = proportion_confint(k, n, alpha=1.0 - conf, method=_CI_METHODS[method])
    low = 0.0 if k == 0 else _clip(float(low), 0.0, 1.0)
    high = 1.0 if k == n else _clip(float(high), 0.0, 1.0)
    return low, high


def binomial_p(events: int, analyzed: int, p0: float, alternative: str) -> float:
    """Return the exact binomial test's P value for alternative (greater, less or two-sided)."""
    return _binomial_p(events, analyzed, p0, alternative)


def two_proportions_ci(
    events_a: int, analysed_a: int, events_b: int, analysed_b: int, compare: str, method: str, level: float = 0.95
) -> tuple[float, float, float]:
    """Return the estimate and interval of p_a - p_b, p_a / p_b or their odds ratio (statsmodels).

    A ratio with a zero count has no finite estimate or bound: those come back as inf or nan.
    """
    import numpy as np
    from statsmodels.stats.proportion import confint_proportions_2indep

    a, na = _check_counts(events_a, analysed_a, "_a")
    b, nb = _check_counts(events_b, analysed_b, "_b")
    conf = _check_open_unit("level", level)
    pa, pb = a / na, b / nb
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if compare == "diff":
            estimate = pa - pb
        elif compare == "ratio":
            estimate = pa / pb if pb else math.inf
        else:
            estimate = (a * (nb - b)) / (b * (na - a)) if b * (na - a) else math.inf
        try:
            low, high = confint_proportions_2indep(a, na, b, nb, compare=compare, method=method, alpha=1.0 - conf)
            bounds = (float(low), float(high))
        except (ZeroDivisionError, ValueError, FloatingPointError):
            bounds = (math.nan, math.nan)
    return float(estimate), *bounds


def two_proportions_p(
    events_a: int, analysed_a: int, events_b: int, analysed_b: int, test: str, alternative: str = "two-sided"
) -> float:
    """Return the P value of a test of p_a = p_b: fisher-exact (SciPy) or a statsmodels method."""
    a, na = _check_counts(events_a, analysed_a, "_a")
    b, nb = _check_counts(events_b, analysed_b, "_b")
    if test == "fisher-exact":
        return _p_value(_scipy_stats().fisher_exact([[a, na - a], [b, nb - b]], alternative=alternative).pvalue)
    from statsmodels.stats.proportion import test_proportions_2indep

    if a + b in (0, na + nb):
        # Every method but Fisher's divides by the pooled variance, which is 0 here.
        raise NotComputable(ALL_OR_NONE)
    alternatives = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = test_proportions_2indep(a, na, b, nb, method=test, alternative=alternatives[alternative])
    return _p_value(result.pvalue)


def mean_difference(
    mean_a: float,
    sd_a: float,
    n_a: int,
    mean_b: float,
    sd_b: float,
    n_b: int,
    *,
    level: float = 0.95,
    equal_var: bool = False,
    alternative: str = "two-sided",
) -> tuple[float, float, float, float]:
    """Return mean_a - mean_b, its two-sided t interval and the t test's P (SciPy), from summary statistics.

    Welch's interval (equal_var False) uses the Welch–Satterthwaite degrees of freedom; Student's
    pools the variances. The P value is scipy.stats.ttest_ind_from_stats's.
    """
    conf = _check_open_unit("level", level)
    if n_a < 1 or n_b < 1:
        raise NotComputable(NOBODY)
    if n_a < 2 or n_b < 2:
        raise NotComputable(TOO_FEW)
    if sd_a == 0 and sd_b == 0:
        # t = difference / 0: undefined with equal means, infinite otherwise; no interval either.
        raise NotComputable(NO_VARIATION)
    va, vb = sd_a**2 / n_a, sd_b**2 / n_b
    dof: float
    if equal_var:
        dof = n_a + n_b - 2
        pooled = ((n_a - 1) * sd_a**2 + (n_b - 1) * sd_b**2) / dof
        se = math.sqrt(pooled * (1 / n_a + 1 / n_b))
    else:
        se = math.sqrt(va + vb)
        dof = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1)) if va + vb > 0 else n_a + n_b - 2
    difference = mean_a - mean_b
    half = float(_scipy_stats().t.ppf(1.0 - (1.0 - conf) / 2.0, dof)) * se
    result = _scipy_stats().ttest_ind_from_stats(
        mean_a, sd_a, n_a, mean_b, sd_b, n_b, equal_var=equal_var, alternative=alternative
    )
    return difference, difference - half, difference + half, _p_value(result.pvalue)


def t_half_width(sd: float, n: int, level: float = 0.95) -> float:
    """Return the half-width of the two-sided t interval of a mean: t(n-1) · sd / √n."""
    conf = _check_open_unit("level", level)
    if n < 2:
        raise ValueError("a t interval needs at least 2 observations")
    return float(_scipy_stats().t.ppf(1.0 - (1.0 - conf) / 2.0, n - 1)) * sd / math.sqrt(n)


def two_sided_level(level: float, sided: str) -> float:
    """Return the two-sided level whose interval has the bounds of a one-sided level's: 0.975 one-sided -> 0.95.

    A non-inferiority protocol may state its interval as one-sided 97.5%: its bound is the lower
    (or upper) bound of the two-sided 95% interval (CONSORT extension, Piaggio et al., JAMA 2012).
    """
    conf = _check_open_unit("level", level)
    if sided == "two-sided":
        return conf
    two_sided = 2.0 * conf - 1.0
    if two_sided <= 0.0:
        raise ValueError(f"a one-sided level must be above 0.5, got {level!r}")
    return two_sided
