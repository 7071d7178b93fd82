"""Write forest-style plots of estimates with confidence intervals as accessible SVG.

The SVG is written directly from a FigureSpec: every position is computed here from estimated
text widths (no font is read, no plotting library is imported), every number is printed with one
formatter and every attribute and text goes through one escaping function, so the same spec gives
the same bytes on any machine, in any process.

A figure is a column of panels. Each panel has its own x axis (linear or log, with its own ticks,
tick labels and axis label under it) and, optionally, a dashed reference line with its label: a
control rate, or the null value of an effect (0 for a difference, 1 for a ratio). Each row is a
square estimate with its interval. A part of an interval outside the panel's domain is cut at the
edge and ends in an arrowhead pointing outwards instead of a cap; an estimate outside the domain
has no square (the annotation still gives its value).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)

FONT_FAMILY = ("Noto Sans CJK JP", "DejaVu Sans", "sans-serif")
"""CSS font stack written into the SVG; the browser picks the font and draws the text."""

WIDTH_IN = 7.5
"""Default figure width in inches (the viewBox is 72 units per inch)."""

STACK_BELOW_IN = 5.5
"""Below this width each row's annotation goes under its label instead of in a right-hand column."""

MIN_WIDTH_IN = 3.0
"""The narrowest figure that still leaves room for labels and a readable plot."""

FONT_SIZE = 11.0
TICK_FONT_SIZE = 10.0
TITLE_FONT_SIZE = 12.0
LINE_HEIGHT = 1.35
"""Line height as a multiple of the font size, for wrapped labels."""

INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#e3e3e3"
ACCENT = "#1f4e79"

MINUS = "\u2212"
"""The minus sign of negative tick labels."""

Scale = Literal["linear", "log"]

_PT = 72.0
"""Points (viewBox units) per inch."""
_PAD_IN = 0.12
_GAP_IN = 0.16
_LABEL_MAX_IN = 2.8
_LABEL_MIN_IN = 1.0
_ANNOTATION_MAX_IN = 2.2
_ANNOTATION_MIN_IN = 0.8
_TITLE_TOP_IN = 0.14
_TITLE_GAP_IN = 0.08
_REFERENCE_BAND_IN = 0.26
"""Height of the band above a panel's rows holding its reference label."""
_NO_REFERENCE_BAND_IN = 0.06
_PANEL_GAP_IN = 0.22
_BOTTOM_PAD_IN = 0.1
_MIN_ROW_IN = 0.44
_MIN_PLOT_SHARE = 0.45
"""The smallest share of the figure width left to the plot area when annotations are stacked."""
_MIN_WIDE_PLOT_SHARE = 0.33
"""The same for a figure with an annotation column; at the default width the columns' own caps bind first."""
_STACKED_RIGHT_IN = 0.3
"""Right margin of a stacked figure: room for half the last tick label and some air."""
_TICK_PT = 4.0
_TICK_LABEL_GAP_IN = 0.06
"""The least space between two tick labels; closer ones make the axis take sparser ticks."""
_MAX_INTERVALS = 6
"""The most intervals between the ticks of a linear axis, before labels are checked for room."""
_MARKER_PT = 7.0
_CAP_PT = 5.0
_ARROW_PT = 6.0
_INTERVAL_WIDTH_PT = 1.6
_ASCENT = 0.88
"""Height of capitals and CJK characters above the baseline, in ems."""
_DESCENT = 0.12
_CENTER_DROP = 0.36
"""How far below a row's center line the baseline sits, in ems, to center the glyphs."""
_BOLD = 1.08
"""How much wider bold text runs than regular text."""

_STEPS = (1, 2, 5)
"""Mantissas of nice tick steps and of the log axis's nice values: ..., 0.5, 1, 2, 5, 10, ..."""
_NO_LINE_START = frozenset(")]}、。，．：；！？）」』】〕％%,.:;!?・ー")
_OPENING = "([{（「『【〔"
_CLOSING = ")]}）」』】〕"
_NARROW = frozenset(" .,:;!|'`()[]{}ilIjtf/\\-\u2013")
_BROAD = frozenset("MWmw%@")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Axis:
    """A panel's x axis: its scale, the domain shown, its label and an optional reference line."""

    scale: Scale
    low: float
    """Left end of the domain shown (for a percent axis 0 and 1 give ticks 0 to 100)."""
    high: float
    label: str
    """Axis title under the tick labels, e.g. "Rate (%)" or "Risk ratio (log scale)"."""
    percent: bool = False
    """Values are proportions shown as percentages: tick labels are the values × 100."""
    reference: float | None = None
    """Where the dashed vertical line stands: a control rate, or the null value 0 or 1."""
    reference_label: str | None = None
    """Text above the reference line, e.g. "Control 5%" or "No difference"."""


@dataclass(frozen=True)
class FigureRow:
    """One row of a panel: an estimate with its confidence interval, in the axis's units."""

    label: str
    estimate: float
    low: float
    high: float
    annotation: str


@dataclass(frozen=True)
class FigurePanel:
    """A titled group of rows sharing one x axis."""

    title: str
    rows: tuple[FigureRow, ...]
    axis: Axis


@dataclass(frozen=True)
class FigureSpec:
    """Everything needed to draw one figure."""

    panels: tuple[FigurePanel, ...]
    title: str
    description: str
    width: float = WIDTH_IN
    """Figure width in inches; below STACK_BELOW_IN annotations are stacked under the labels."""


# ---------------------------------------------------------------------------------------------
# Domains and ticks


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
        if (high - low) / step <= _MAX_INTERVALS:
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
        sets = [_nice_values(low, high, _STEPS)]
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
    """Return nice steps (1, 2, 5 × 10^k) from the smallest giving at most _MAX_INTERVALS over span up."""
    if span <= 0:
        span = Decimal(1)
    raw = span / _MAX_INTERVALS
    exponent = raw.adjusted()
    steps = [Decimal(mantissa).scaleb(power) for power in range(exponent - 1, exponent + 4) for mantissa in _STEPS]
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
    candidates = [Decimal(mantissa).scaleb(power) for power in (exponent - 1, exponent) for mantissa in _STEPS]
    return max(candidate for candidate in candidates if candidate <= value)


def _nice_at_or_above(value: Decimal) -> Decimal:
    """Return the smallest value of the 1-2-5 sequence at or above value (> 0)."""
    exponent = value.adjusted()
    candidates = [Decimal(mantissa).scaleb(power) for power in (exponent, exponent + 1) for mantissa in _STEPS]
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


def _validate(spec: FigureSpec) -> None:
    """Raise ValueError unless every number of spec can be drawn and every text can be written as XML."""
    if not spec.panels:
        raise ValueError("a figure needs at least one panel")
    if not (math.isfinite(spec.width) and spec.width >= MIN_WIDTH_IN):
        raise ValueError(f"width {spec.width!r} is not a number of inches >= {MIN_WIDTH_IN}")
    _validate_text("title", spec.title)
    _validate_text("description", spec.description)
    for panel in spec.panels:
        _validate_text("panel title", panel.title)
        _validate_axis(panel)
        if not panel.rows:
            raise ValueError(f"panel {panel.title!r} has no rows")
        for row in panel.rows:
            _validate_text("row label", row.label)
            _validate_text("row annotation", row.annotation)
            values = (row.low, row.estimate, row.high)
            if not all(math.isfinite(value) for value in values):
                raise ValueError(f"row {row.label!r} has a value that is not a finite number: {values}")
            if not row.low <= row.estimate <= row.high:
                raise ValueError(f"row {row.label!r} is not ordered low <= estimate <= high: {values}")
            if panel.axis.scale == "log" and row.low <= 0:
                raise ValueError(f"row {row.label!r} has a value <= 0 on a log scale: {values}")


def _validate_axis(panel: FigurePanel) -> None:
    axis = panel.axis
    where = f"panel {panel.title!r}: axis"
    _validate_text("axis label", axis.label)
    if not (math.isfinite(axis.low) and math.isfinite(axis.high) and axis.low < axis.high):
        raise ValueError(f"{where} domain {axis.low!r} to {axis.high!r} is not two finite numbers, low < high")
    if axis.scale == "log" and axis.low <= 0:
        raise ValueError(f"{where} domain {axis.low!r} to {axis.high!r} does not fit a log scale (low must be > 0)")
    if axis.scale not in ("linear", "log"):
        raise ValueError(f"{where} scale {axis.scale!r} is not 'linear' or 'log'")
    if axis.reference is not None:
        if not (math.isfinite(axis.reference) and axis.low <= axis.reference <= axis.high):
            raise ValueError(
                f"{where} reference {axis.reference!r} is outside the domain {axis.low!r} to {axis.high!r}"
            )
        if axis.reference_label is None:
            raise ValueError(f"{where} reference {axis.reference!r} has no label")
        _validate_text("reference label", axis.reference_label)
    elif axis.reference_label is not None:
        raise ValueError(f"{where} reference label {axis.reference_label!r} has no reference")


def _validate_text(what: str, text: str) -> None:
    match = _NOT_XML.search(text)
    if match is not None:
        raise ValueError(f"{what} {text!r} holds {match.group()!r}, which XML cannot hold")


# ---------------------------------------------------------------------------------------------
# Layout


@dataclass(frozen=True)
class _Columns:
    """Horizontal positions in inches, shared by every panel.

    When stacked, each row's annotation is drawn under its label, right-aligned at
    label_right, and annotation_left is unused.
    """

    width: float
    stacked: bool
    label_right: float
    axes_left: float
    axes_right: float
    annotation_left: float
    row_height: float
    labels: tuple[tuple[str, ...], ...]
    notes: tuple[tuple[str, ...], ...]
    titles: tuple[str, ...]


def _plan(spec: FigureSpec) -> _Columns:
    """Lay the columns out from estimated text widths, independent of installed fonts."""
    width = spec.width
    em = _em_in(FONT_SIZE)
    stacked = width < STACK_BELOW_IN
    # Stacked, the annotation goes under the label, so both share the left column.
    label_max = width * (1 - _MIN_PLOT_SHARE) - _STACKED_RIGHT_IN
    note_max = label_max if stacked else _ANNOTATION_MAX_IN
    note_wrap = (note_max - _GAP_IN - _PAD_IN) / em
    notes = tuple(tuple(_wrap(row.annotation, note_wrap) for row in panel.rows) for panel in spec.panels)
    note_width = max(_em_width(text) for panel in notes for text in panel)
    if stacked:
        note_col = _STACKED_RIGHT_IN
    else:
        note_col = min(max(_GAP_IN + note_width * em + _PAD_IN, _ANNOTATION_MIN_IN), note_max)
        label_max = min(_LABEL_MAX_IN, width * (1 - _MIN_WIDE_PLOT_SHARE) - note_col)
    label_wrap = (label_max - _PAD_IN - _GAP_IN) / em
    labels = tuple(tuple(_wrap(row.label, label_wrap) for row in panel.rows) for panel in spec.panels)
    label_width = max(_em_width(text) for panel in labels for text in panel)
    if stacked:
        label_width = max(label_width, note_width)
    label_col = min(max(_PAD_IN + label_width * em + _GAP_IN, _LABEL_MIN_IN), label_max)
    title_em = _em_in(TITLE_FONT_SIZE)
    titles = tuple(_wrap(panel.title, (width - 2 * _PAD_IN) / (title_em * _BOLD)) for panel in spec.panels)
    if stacked:
        line_counts = [
            label.count("\n") + note.count("\n") + 2
            for panel_labels, panel_notes in zip(labels, notes, strict=True)
            for label, note in zip(panel_labels, panel_notes, strict=True)
        ]
    else:
        line_counts = [text.count("\n") + 1 for panel in (*labels, *notes) for text in panel]
    row_height = max(_MIN_ROW_IN, max(line_counts) * LINE_HEIGHT * em + 0.25)
    return _Columns(
        width=width,
        stacked=stacked,
        label_right=label_col - _GAP_IN,
        axes_left=label_col,
        axes_right=width - note_col,
        annotation_left=width - note_col + _GAP_IN,
        row_height=row_height,
        labels=labels,
        notes=notes,
        titles=titles,
    )


@dataclass(frozen=True)
class _Scale:
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
    """Return whether neighboring tick labels, centered on their ticks, keep _TICK_LABEL_GAP_IN apart."""
    em = _em_in(TICK_FONT_SIZE)
    for (x1, text1), (x2, text2) in itertools.pairwise(ticks):
        if x2 - x1 < (_em_width(text1) + _em_width(text2)) * em / 2 + _TICK_LABEL_GAP_IN:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Drawing


class _Canvas:
    """Collects SVG elements; every number goes through _num and every text through escape."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, tag: str, attributes: dict[str, str | float], text: str | None = None) -> None:
        """Append one element; numeric attributes are in viewBox units (points)."""
        self.parts.append(_element(tag, attributes, text))

    def open(self, tag: str, attributes: dict[str, str | float]) -> None:
        """Append the start tag of a group."""
        self.parts.append(_start(tag, attributes))

    def close(self, tag: str) -> None:
        """Append an end tag."""
        self.parts.append(f"</{tag}>")

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        *,
        size: float = FONT_SIZE,
        anchor: str = "middle",
        color: str = INK,
        bold: bool = False,
    ) -> None:
        """Draw one line of text with its baseline at a fixed position (no font metrics needed)."""
        attributes: dict[str, str | float] = {"x": _pt(x), "y": _pt(baseline), "font-size": size}
        if anchor != "start":
            attributes["text-anchor"] = anchor
        if bold:
            attributes["font-weight"] = "bold"
        attributes["fill"] = color
        self.add("text", attributes, text)

    def lines(self, x: float, center: float, texts: tuple[tuple[str, str], ...], anchor: str) -> None:
        """Draw the lines of texts, each text in its color, as one stack vertically centered on center."""
        lines = [(line, color) for text, color in texts for line in text.split("\n")]
        em = _em_in(FONT_SIZE)
        first = center - (len(lines) - 1) * LINE_HEIGHT * em / 2 + _CENTER_DROP * em
        for number, (line, color) in enumerate(lines):
            self.text(x, first + number * LINE_HEIGHT * em, line, anchor=anchor, color=color)


def render_svg(spec: FigureSpec) -> str:
    """Render spec as a responsive, accessible, byte-reproducible SVG document."""
    _validate(spec)
    uid = "forest-" + hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()[:12]
    columns = _plan(spec)
    canvas = _Canvas()
    top = 0.0
    for index, panel in enumerate(spec.panels):
        if index:
            top += _PANEL_GAP_IN
        top = _draw_panel(canvas, columns, panel, index, uid, top)
    height = top + _BOTTOM_PAD_IN
    width_pt, height_pt = _num(_pt(columns.width)), _num(_pt(height))
    title_id, desc_id = f"{uid}-title", f"{uid}-desc"
    family = ", ".join(f"'{name}'" if " " in name else name for name in FONT_FAMILY)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        _start(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {width_pt} {height_pt}",
                "width": "100%",
                "role": "img",
                "aria-labelledby": title_id,
                "aria-describedby": desc_id,
                "font-family": family,
            },
        ),
        _element("title", {"id": title_id}, spec.title),
        _element("desc", {"id": desc_id}, spec.description),
        _element("rect", {"width": width_pt, "height": height_pt, "fill": "#ffffff"}),
    ]
    svg = "\n".join([*head, *canvas.parts, "</svg>", ""])
    logger.debug("rendered %s: %d panels, %d characters", uid, len(spec.panels), len(svg))
    return svg


def _draw_panel(canvas: _Canvas, columns: _Columns, panel: FigurePanel, index: int, uid: str, top: float) -> float:
    """Draw one panel from top down: title, reference label, rows, axis. Return its bottom."""
    axis = panel.axis
    scale = _Scale(axis, columns.axes_left, columns.axes_right)
    canvas.open("g", {"id": f"{uid}-panel-{index + 1}", "class": "panel"})
    # Title.
    title_em = _em_in(TITLE_FONT_SIZE)
    title_lines = columns.titles[index].split("\n")
    for number, line in enumerate(title_lines):
        baseline = top + _TITLE_TOP_IN + (_ASCENT + number * LINE_HEIGHT) * title_em
        canvas.text(_PAD_IN, baseline, line, size=TITLE_FONT_SIZE, anchor="start", bold=True)
    top += _TITLE_TOP_IN + (_ASCENT + (len(title_lines) - 1) * LINE_HEIGHT + _DESCENT) * title_em + _TITLE_GAP_IN
    # Reference label, above the rows.
    line_top = top
    if axis.reference is not None and axis.reference_label is not None:
        tick_em = _em_in(TICK_FONT_SIZE)
        x = scale.x(axis.reference)
        half = _em_width(axis.reference_label) * tick_em / 2 + _PAD_IN
        label_x = min(max(x, half), columns.width - half)
        canvas.text(label_x, top + 0.02 + _ASCENT * tick_em, axis.reference_label, size=TICK_FONT_SIZE, color=MUTED)
        line_top = top + 0.02 + (_ASCENT + _DESCENT) * tick_em + 0.03
        top += _REFERENCE_BAND_IN
    else:
        top += _NO_REFERENCE_BAND_IN
    rows_top = top
    rows_bottom = rows_top + columns.row_height * len(panel.rows)
    ticks = scale.ticks()
    # Grid, behind everything else.
    grid = " ".join(f"M{_num(_pt(x))} {_num(_pt(rows_top))}V{_num(_pt(rows_bottom))}" for x, _ in ticks)
    canvas.add("path", {"class": "grid", "d": grid, "fill": "none", "stroke": GRID, "stroke-width": 0.8})
    # Reference line, from under its label to the axis.
    if axis.reference is not None:
        reference_x = _num(_pt(scale.x(axis.reference)))
        canvas.add(
            "path",
            {
                "class": "reference",
                "d": f"M{reference_x} {_num(_pt(line_top))}V{_num(_pt(rows_bottom))}",
                "fill": "none",
                "stroke": MUTED,
                "stroke-width": 1.2,
                "stroke-dasharray": "4.8 3.6",
            },
        )
    # Rows: label (and, stacked, annotation under it), interval, estimate.
    for row_index, row in enumerate(panel.rows):
        center = rows_top + (row_index + 0.5) * columns.row_height
        label, note = columns.labels[index][row_index], columns.notes[index][row_index]
        if columns.stacked:
            canvas.lines(columns.label_right, center, ((label, INK), (note, MUTED)), "end")
        else:
            canvas.lines(columns.label_right, center, ((label, INK),), "end")
            canvas.lines(columns.annotation_left, center, ((note, INK),), "start")
        _draw_interval(canvas, scale, row, center)
    # Axis: line along the bottom with tick marks, tick labels, axis label.
    tick_marks = "".join(f"M{_num(_pt(x))} {_num(_pt(rows_bottom))}v{_num(_TICK_PT)}" for x, _ in ticks)
    canvas.add(
        "path",
        {
            "class": "axis",
            "d": f"M{_num(_pt(scale.left))} {_num(_pt(rows_bottom))}H{_num(_pt(scale.right))}{tick_marks}",
            "fill": "none",
            "stroke": MUTED,
            "stroke-width": 0.8,
        },
    )
    tick_em = _em_in(TICK_FONT_SIZE)
    tick_baseline = rows_bottom + (_TICK_PT + 3) / _PT + _ASCENT * tick_em
    for x, text in ticks:
        canvas.text(x, tick_baseline, text, size=TICK_FONT_SIZE, color=MUTED)
    em = _em_in(FONT_SIZE)
    axis_lines = _wrap(axis.label, (columns.width - 2 * _PAD_IN) / em).split("\n")
    center = (scale.left + scale.right) / 2
    half = max(_em_width(line) for line in axis_lines) * em / 2 + _PAD_IN
    center = min(max(center, half), columns.width - half)
    baseline = tick_baseline + _DESCENT * tick_em + 0.08 + _ASCENT * em
    for number, line in enumerate(axis_lines):
        canvas.text(center, baseline + number * LINE_HEIGHT * em, line)
    canvas.close("g")
    return baseline + (len(axis_lines) - 1) * LINE_HEIGHT * em + _DESCENT * em


def _draw_interval(canvas: _Canvas, scale: _Scale, row: FigureRow, center: float) -> None:
    """Draw a row's interval with caps, cut at the domain's edges with an arrowhead, and its estimate."""
    axis = scale.axis
    y = _num(_pt(center))
    cut_low, cut_high = row.low < axis.low, row.high > axis.high
    left = scale.left if cut_low else scale.x(row.low)
    right = scale.right if cut_high else scale.x(row.high)
    canvas.open("g", {"class": "row"})
    if row.high >= axis.low and row.low <= axis.high:
        d = f"M{_num(_pt(left))} {y}H{_num(_pt(right))}"
        for x, cut in ((left, cut_low), (right, cut_high)):
            if not cut:
                d += f"M{_num(_pt(x))} {_num(_pt(center) - _CAP_PT)}v{_num(2 * _CAP_PT)}"
        canvas.add(
            "path",
            {"class": "interval", "d": d, "fill": "none", "stroke": ACCENT, "stroke-width": _INTERVAL_WIDTH_PT},
        )
    for x, cut, direction in ((scale.left, cut_low, -1), (scale.right, cut_high, 1)):
        if cut:
            tip, back = _num(_pt(x)), _num(_pt(x) - direction * _ARROW_PT)
            spread = _ARROW_PT * 0.6
            canvas.add(
                "path",
                {
                    "class": "clipped",
                    "d": f"M{tip} {y}L{back} {_num(_pt(center) - spread)}v{_num(2 * spread)}Z",
                    "fill": ACCENT,
                },
            )
    if axis.low <= row.estimate <= axis.high:
        x = _pt(scale.x(row.estimate))
        side = _MARKER_PT
        canvas.add(
            "rect",
            {
                "class": "estimate",
                "x": x - side / 2,
                "y": _pt(center) - side / 2,
                "width": side,
                "height": side,
                "fill": ACCENT,
            },
        )
    canvas.close("g")


# ---------------------------------------------------------------------------------------------
# Writing


def _start(tag: str, attributes: dict[str, str | float]) -> str:
    """Return a start tag; attribute values are escaped, numbers printed by _num."""
    written = "".join(
        f' {name}="{_num(value) if isinstance(value, float | int) else _attribute(value)}"'
        for name, value in attributes.items()
    )
    return f"<{tag}{written}>"


def _element(tag: str, attributes: dict[str, str | float], text: str | None = None) -> str:
    """Return one XML element, empty or holding text (escaped)."""
    start = _start(tag, attributes)
    if text is None:
        return start[:-1] + "/>"
    return f"{start}{escape(text)}</{tag}>"


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _num(value: float | str) -> str:
    """Print a coordinate with at most two decimals, without trailing zeros or a negative zero."""
    if isinstance(value, str):
        return value
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pt(inches: float) -> float:
    """Return a length in inches in viewBox units (points)."""
    return inches * _PT


def _em_in(size: float) -> float:
    """Return the em of a font size in points, in inches."""
    return size / _PT


# ---------------------------------------------------------------------------------------------
# Text width and line breaking, estimated without fonts


def _is_wide(char: str) -> bool:
    """Return whether char takes a full em, as CJK characters do."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _em_width(text: str) -> float:
    """Estimate the width of the longest line of text in ems, erring on the wide side."""
    return max(sum(map(_char_em, line)) for line in text.split("\n"))


@functools.lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    """Estimate one character's advance in ems for a DejaVu-like sans-serif."""
    if unicodedata.combining(char):
        return 0.0
    if _is_wide(char):
        return 1.0
    if char in _NARROW:
        return 0.36
    if char in _BROAD:
        return 0.92
    if char.isupper() or char.isdigit():
        return 0.7
    return 0.62


def _wrap(text: str, max_em: float) -> str:
    """Break text into lines no wider than max_em, at spaces or between CJK characters.

    A bracketed group that fits on one line is kept whole: "Low dose" / "(2 mg a day)".
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _keep_groups(_tokens(paragraph), max_em):
            if line and _em_width((line + token).rstrip()) > max_em:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "\n".join(lines)


def _keep_groups(tokens: list[str], max_em: float) -> list[str]:
    """Join the tokens of each bracketed group into one token, unless the group is too wide for a line."""
    joined: list[str] = []
    index = 0
    while index < len(tokens):
        end = index
        if tokens[index][0] in _OPENING:
            depth = 0
            for end in range(index, len(tokens)):
                depth += sum(char in _OPENING for char in tokens[end]) - sum(char in _CLOSING for char in tokens[end])
                if depth <= 0:
                    break
            group = "".join(tokens[index : end + 1])
            if depth > 0 or _em_width(group.rstrip()) > max_em:
                end = index
        joined.append("".join(tokens[index : end + 1]))
        index = end + 1
    return joined


def _tokens(text: str) -> list[str]:
    """Split text into unbreakable pieces: words with their trailing space, or CJK characters.

    A word written directly against a CJK character stays with it ("mg/日"), and closing
    punctuation stays with what it closes.
    """
    tokens: list[str] = []
    word = ""
    for char in text:
        if char.isspace():
            tokens.append(word + char)
            word = ""
        elif char in _NO_LINE_START and not word and tokens and not tokens[-1][-1].isspace():
            tokens[-1] += char
        elif _is_wide(char):
            tokens.append(word + char)
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens
