"""The axes of a figure: nice domains, tick candidates and labels, and the scale from values to points."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from generator.outputs.figure import MAX_INTERVALS, MINUS, STEPS, TICK_FONT_SIZE, TICK_LABEL_GAP_IN, Axis, Scale
from generator.outputs.figure_text import em_in, em_width


def nice_axis(values: Iterable[float], scale: Scale, *, include: float | None = None) -> tuple[float, float]:
    """Return a readable domain (low, high) that covers every value and include.

    Linear: the ends are multiples of a step 1, 2 or 5 × 10^k chosen so that the domain holds at most
    six steps. Log: the ends are the nearest values of the sequence ..., 0.1, 0.2, 0.5, 1, 2, 5, 10, ...
    outside the values. A single value gets a domain around it.
    """
    points = [*values, *(() if include is None else (include,))]
    if not points:
        raise ValueError("a domain needs at least one value")
    for value in points:
        if not math.isfinite(value):
            raise ValueError(f"value {value!r} is not a finite number")
        if scale == "log" and value <= 0:
            raise ValueError(f"value {value!r} cannot be shown on a log scale")
    lowest, highest = _decimal(min(points)), _decimal(max(points))
    if scale == "log":
        low, high = _nice_at_or_below(lowest), _nice_at_or_above(highest)
        if low == high:
            low, high = _nice_at_or_below(low * Decimal("0.99")), _nice_at_or_above(high * Decimal("1.01"))
        return float(low), float(high)
    if lowest == highest:
        margin = abs(lowest) or Decimal(1)
        lowest, highest = lowest - margin, highest + margin
    for step in _nice_steps(highest - lowest):
        low = (lowest / step).to_integral_value(ROUND_FLOOR) * step
        high = (highest / step).to_integral_value(ROUND_CEILING) * step
        if (high - low) / step <= MAX_INTERVALS:
            return float(low), float(high)
    raise AssertionError("unreachable: the steps grow without bound")  # pragma: no cover


def tick_candidates(axis: Axis) -> list[list[Decimal]]:
    """Return the axis's possible tick sets in display units (× 100 for percent), densest first.

    Linear: multiples of a nice step inside the domain, the first step giving at most six
    intervals, then ever larger steps. Log: the 1-2-5 values inside the domain, then powers of ten,
    then every second, fifth, tenth power. A log domain too narrow for two such values gets linear
    ticks. The drawing takes the densest set whose labels do not collide.
    """
    low, high = _display(axis.low, axis), _display(axis.high, axis)
    if axis.scale == "log":
        sets = [_nice_values(low, high, STEPS)]
        decades = _nice_values(low, high, (1,))
        sets += [[tick for tick in decades if tick.adjusted() % every == 0] for every in (1, 2, 5, 10)]
        sets = [ticks for ticks in sets if len(ticks) >= 2]
        if sets:
            return _distinct(sets)
    sets = []
    for step in _nice_steps(high - low):
        ticks = _linear_ticks(low, high, step)
        if len(ticks) >= 2:
            sets.append(ticks)
        if len(ticks) <= 2:
            break
    if not sets:  # pragma: no cover - the first step always leaves at least two multiples in the domain
        sets.append([low, high])
    return _distinct(sets)


def tick_label(tick: Decimal) -> str:
    """Return a tick value as printed: plain decimals, no exponent, a true minus sign."""
    text = format(tick.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", MINUS)


def _decimal(value: float) -> Decimal:
    """Return the shortest decimal that reads back as value, so 0.2 is 0.2 and not 0.2000000000000000111."""
    return Decimal(repr(float(value)))


def _display(value: float, axis: Axis) -> Decimal:
    """Return a value of the axis in display units."""
    return _decimal(value) * 100 if axis.percent else _decimal(value)


def _nice_steps(span: Decimal) -> list[Decimal]:
    """Return nice steps (1, 2, 5 × 10^k) from the smallest giving at most MAX_INTERVALS over span up."""
    if span <= 0:
        span = Decimal(1)
    raw = span / MAX_INTERVALS
    exponent = raw.adjusted()
    steps = [Decimal(mantissa).scaleb(power) for power in range(exponent - 1, exponent + 4) for mantissa in STEPS]
    return [step for step in steps if step >= raw]


def _linear_ticks(low: Decimal, high: Decimal, step: Decimal) -> list[Decimal]:
    """Return the multiples of step in [low, high]."""
    first = (low / step).to_integral_value(ROUND_CEILING)
    last = (high / step).to_integral_value(ROUND_FLOOR)
    return [index * step for index in range(int(first), int(last) + 1)]


def _nice_values(low: Decimal, high: Decimal, mantissas: Sequence[int]) -> list[Decimal]:
    """Return the values mantissa × 10^k in [low, high], in order."""
    values = [
        Decimal(mantissa).scaleb(power)
        for power in range(low.adjusted() - 1, high.adjusted() + 2)
        for mantissa in mantissas
    ]
    return [value for value in values if low <= value <= high]


def _nice_at_or_below(value: Decimal) -> Decimal:
    """Return the largest value of the 1-2-5 sequence at or below value (> 0)."""
    exponent = value.adjusted()
    candidates = [Decimal(mantissa).scaleb(power) for power in (exponent - 1, exponent) for mantissa in STEPS]
    return max(candidate for candidate in candidates if candidate <= value)


def _nice_at_or_above(value: Decimal) -> Decimal:
    """Return the smallest value of the 1-2-5 sequence at or above value (> 0)."""
    exponent = value.adjusted()
    candidates = [Decimal(mantissa).scaleb(power) for power in (exponent, exponent + 1) for mantissa in STEPS]
    return min(candidate for candidate in candidates if candidate >= value)


def _distinct(sets: list[list[Decimal]]) -> list[list[Decimal]]:
    """Drop repeated tick sets, keeping the order."""
    unique: list[list[Decimal]] = []
    for ticks in sets:
        if ticks not in unique:
            unique.append(ticks)
    return unique


# ---------------------------------------------------------------------------------------------
# Validation


@dataclass(frozen=True)
class AxisScale:
    """Maps an axis's values to horizontal positions in inches."""

    axis: Axis
    left: float
    right: float

    def x(self, value: float) -> float:
        """Return the position of value, which may lie outside the domain."""
        if self.axis.scale == "log":
            share = math.log(value / self.axis.low) / math.log(self.axis.high / self.axis.low)
        else:
            share = (value - self.axis.low) / (self.axis.high - self.axis.low)
        return self.left + share * (self.right - self.left)

    def ticks(self) -> list[tuple[float, str]]:
        """Return the densest tick set whose labels leave room between each other, as (x, label)."""
        factor = 100 if self.axis.percent else 1
        candidates = tick_candidates(self.axis)
        chosen: list[tuple[float, str]] = []
        for ticks in candidates:
            chosen = [(self.x(float(tick) / factor), tick_label(tick)) for tick in ticks]
            if _labels_fit(chosen):
                break
        return chosen


def _labels_fit(ticks: list[tuple[float, str]]) -> bool:
    """Return whether neighboring tick labels, centered on their ticks, keep TICK_LABEL_GAP_IN apart."""
    em = em_in(TICK_FONT_SIZE)
    for (x1, text1), (x2, text2) in itertools.pairwise(ticks):
        if x2 - x1 < (em_width(text1) + em_width(text2)) * em / 2 + TICK_LABEL_GAP_IN:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Drawing
