"""What a forest-style plot of estimates with confidence intervals draws, and how it looks.

The spec (`FigureSpec`) and the figure's style live here; `figure_svg` writes it as SVG, with the
axes from `figure_axis` and the text measured and wrapped by `figure_text`.

Forest-style plots of estimates with confidence intervals as accessible SVG.

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

import logging
import math
import re
from dataclasses import dataclass
from typing import Literal

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
MARGIN = "#8a4b08"
"""The non-inferiority or equivalence margin's dotted line and label (6.3:1 on white)."""

MINUS = "\u2212"
"""The minus sign of negative tick labels."""

Scale = Literal["linear", "log"]

PT = 72.0
"""Points (viewBox units) per inch."""
PAD_IN = 0.12
GAP_IN = 0.16
LABEL_MAX_IN = 2.8
LABEL_MIN_IN = 1.0
ANNOTATION_MAX_IN = 2.2
ANNOTATION_MIN_IN = 0.8
TITLE_TOP_IN = 0.14
TITLE_GAP_IN = 0.08
REFERENCE_BAND_IN = 0.26
"""Height of the band above a panel's rows holding its reference label."""
NO_REFERENCE_BAND_IN = 0.06
PANEL_GAP_IN = 0.22
BOTTOM_PAD_IN = 0.1
MIN_ROW_IN = 0.44
MIN_PLOT_SHARE = 0.45
"""The smallest share of the figure width left to the plot area when annotations are stacked."""
MIN_WIDE_PLOT_SHARE = 0.33
"""The same for a figure with an annotation column; at the default width the columns' own caps bind first."""
STACKED_RIGHT_IN = 0.3
"""Right margin of a stacked figure: room for half the last tick label and some air."""
TICK_PT = 4.0
TICK_LABEL_GAP_IN = 0.06
"""The least space between two tick labels; closer ones make the axis take sparser ticks."""
MAX_INTERVALS = 6
"""The most intervals between the ticks of a linear axis, before labels are checked for room."""
MARKER_PT = 7.0
CAP_PT = 5.0
ARROW_PT = 6.0
INTERVAL_WIDTH_PT = 1.6
ASCENT = 0.88
"""Height of capitals and CJK characters above the baseline, in ems."""
DESCENT = 0.12
CENTER_DROP = 0.36
"""How far below a row's center line the baseline sits, in ems, to center the glyphs."""
BOLD = 1.08
"""How much wider bold text runs than regular text."""

STEPS = (1, 2, 5)
"""Mantissas of nice tick steps and of the log axis's nice values: ..., 0.5, 1, 2, 5, 10, ..."""
NO_LINE_START = frozenset(")]}、。，．：；！？）」』】〕％%,.:;!?・ー")
OPENING = "([{（「『【〔"
CLOSING = ")]}）」』】〕"
NARROW = frozenset(" .,:;!|'`()[]{}ilIjtf/\\-\u2013")
BROAD = frozenset("MWmw%@")
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
    margins: tuple[float, ...] = ()
    """Non-inferiority or equivalence margins: dotted lines next to the reference line."""
    margin_label: str | None = None
    """Text above each margin line, e.g. "Margin"."""

    def __post_init__(self) -> None:
        # A spec read back from JSON (a child process) holds a list: the same figure, the same bytes.
        object.__setattr__(self, "margins", tuple(self.margins))


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


def validate(spec: FigureSpec) -> None:
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
    for margin in axis.margins:
        if not (math.isfinite(margin) and axis.low <= margin <= axis.high):
            raise ValueError(f"{where} margin {margin!r} is outside the domain {axis.low!r} to {axis.high!r}")
    if axis.margins and (axis.margin_label is None or axis.reference is None):
        raise ValueError(f"{where} margins {axis.margins!r} need a label and a reference line")
    if axis.margin_label is not None:
        _validate_text("margin label", axis.margin_label)


def _validate_text(what: str, text: str) -> None:
    match = _NOT_XML.search(text)
    if match is not None:
        raise ValueError(f"{what} {text!r} holds {match.group()!r}, which XML cannot hold")


# ---------------------------------------------------------------------------------------------
# Layout
