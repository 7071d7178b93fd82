"""Round numbers as published tables do and format them for a locale with Babel."""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel.numbers import format_decimal

Exact = float | Fraction | Decimal | int

_PRINTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")
RANGE_DASH = "\u2013"
"""En dash between the bounds of a displayed range."""

P_FLOOR = Decimal("0.0001")
"""P values below this are displayed as "<0.0001", as the release does."""


class NotFinite(ValueError):
    """A NaN or an infinity reached a function that formats or rounds numbers."""


def is_finite(value: Exact) -> bool:
    """Return whether value is a number that can be printed (not NaN, not infinite)."""
    return isinstance(value, (int, Fraction)) or Decimal(value).is_finite()


def to_decimal(value: Exact) -> Decimal:
    """Return value as a Decimal without losing precision (a Fraction to 40 digits).

    NaN and infinities are refused: no undefined statistic is ever rounded, compared or printed
    as a number (a NaN P once came out as "<0.0001").
    """
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    result = Decimal(value)
    if not result.is_finite():
        raise NotFinite(f"not a finite number: {value!r}")
    return result


def round_half_up(value: Exact, places: int) -> Decimal:
    """Round to places decimals, halves away from zero (Python's round() rounds half to even)."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimals_of(printed: str) -> int:
    """Return how many decimals a printed number has."""
    _, _, fraction = printed.partition(".")
    return len(fraction)


def rounds_to(printed: str, exact: Exact) -> bool:
    """Return whether exact rounds to printed at its precision, half up or half down (as GRIM allows)."""
    places = decimals_of(printed)
    quantum = Decimal(1).scaleb(-places)
    target = Decimal(printed)
    value = to_decimal(exact)
    return any(value.quantize(quantum, rounding=mode) == target for mode in (ROUND_HALF_UP, ROUND_HALF_DOWN))


def printed_numbers(printed: str) -> list[str]:
    """Return the numbers in a printed figure: "38.4-88.2" -> ["38.4", "88.2"]."""
    return _PRINTED_NUMBER.findall(printed)


@functools.lru_cache(maxsize=4096)
def number(value: Exact, places: int, locale: str) -> str:
    """Format value rounded half up to places decimals for locale."""
    rounded = round_half_up(value, places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(rounded, format=pattern, locale=locale, decimal_quantization=True)


def plain(value: float | Decimal, locale: str) -> str:
    """Format a plan parameter (0.0125, 0.05) with exactly the digits it was written with."""
    exact = (Decimal(repr(value)) if isinstance(value, float) else value).normalize()
    places = max(0, -int(exact.as_tuple().exponent))
    return number(exact, places, locale)


def percent(proportion: Exact, places: int, locale: str) -> str:
    """Format a proportion (0..1) as a percentage number without the sign: 0.6667 -> 66.7."""
    return number(to_decimal(proportion) * 100, places, locale)


def percent_range(low: Exact, high: Exact, places: int, locale: str) -> str:
    """Format two proportions as a percentage range: 38.4–88.2."""
    return f"{percent(low, places, locale)}{RANGE_DASH}{percent(high, places, locale)}"


def p_value(p: float, locale: str) -> str:
    """Format a P value as the release does: <0.0001 below the floor, else 3 or 4 decimals."""
    value = to_decimal(p)
    if value < P_FLOOR:
        return "<" + number(P_FLOOR, 4, locale)
    places = 4 if value < Decimal("0.001") else 3
    return number(value, places, locale)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
MINUS = "\u2212"
"""Minus sign for negative figures (not a hyphen)."""


def signed(value: Exact, places: int, locale: str) -> str:
    """Format a number that may be negative with a true minus sign: −24.6."""
    text = number(value, places, locale)
    return MINUS + text[1:] if text.startswith("-") else text


def scientific(value: float, locale: str) -> str:
    """Format a small P value exactly enough to read: 2.3 × 10⁻¹⁰; 0.001 and above as 0.678."""
    exact = to_decimal(value)
    if exact >= Decimal("0.001") or exact == 0:
        return number(exact, 3, locale)
    exponent = exact.adjusted()
    mantissa = round_half_up(exact.scaleb(-exponent), 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{number(mantissa, 1, locale)} × 10{str(exponent).translate(_SUPERSCRIPT)}"
