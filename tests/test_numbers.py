from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from generator.maths import numbers


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (62.5, 0, "63"),
        (0.5, 0, "1"),
        (2.5, 0, "3"),
        (Fraction(2, 3) * 100, 1, "66.7"),
        (Fraction(5, 9) * 100, 1, "55.6"),
        (0.125, 2, "0.13"),
    ],
)
def test_round_half_up_not_half_even(value: numbers.Exact, places: int, expected: str) -> None:
    assert str(numbers.round_half_up(value, places)) == expected


@pytest.mark.parametrize(
    ("printed", "exact", "consistent"),
    [
        ("66.7", Fraction(200, 3), True),
        ("66.6", Fraction(200, 3), False),
        ("62", 62.5, True),  # half down is allowed, as the GRIM test allows
        ("63", 62.5, True),
        ("38.4", 38.38, True),
        ("38.5", 38.38, False),
        ("40", 40.6, False),
    ],
)
def test_rounds_to_accepts_half_up_or_half_down(printed: str, exact: numbers.Exact, consistent: bool) -> None:
    assert numbers.rounds_to(printed, exact) is consistent


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_display_forms(lang: str) -> None:
    assert numbers.percent(Fraction(10, 15), 1, lang) == "66.7"
    assert numbers.percent_range(0.38384, 0.88176, 1, lang) == "38.4–88.2"
    assert numbers.p_value(2.32e-10, lang) == "<0.0001"
    assert numbers.p_value(0.6783, lang) == "0.678"
    assert numbers.p_value(0.00042, lang) == "0.0004"
    assert numbers.plain(0.0125, lang) == "0.0125"
    assert numbers.plain(Decimal("5.00"), lang) == "5"
    assert numbers.number(12345.25, 1, lang) == "12,345.3"


def test_printed_numbers_split_ranges() -> None:
    assert numbers.printed_numbers("38.4-88.2") == ["38.4", "88.2"]
    assert numbers.printed_numbers("21.2–86.3") == ["21.2", "86.3"]
