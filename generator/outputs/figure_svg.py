"""Write a FigureSpec as accessible SVG: every position computed here, every number and text escaped once."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from xml.sax.saxutils import escape

from generator.outputs.figure import (
    ACCENT,
    ANNOTATION_MAX_IN,
    ANNOTATION_MIN_IN,
    ARROW_PT,
    ASCENT,
    BOLD,
    BOTTOM_PAD_IN,
    CAP_PT,
    CENTER_DROP,
    DESCENT,
    FONT_FAMILY,
    FONT_SIZE,
    GAP_IN,
    GRID,
    INK,
    INTERVAL_WIDTH_PT,
    LABEL_MAX_IN,
    LABEL_MIN_IN,
    LINE_HEIGHT,
    MARGIN,
    MARKER_PT,
    MIN_PLOT_SHARE,
    MIN_ROW_IN,
    MIN_WIDE_PLOT_SHARE,
    MUTED,
    NO_REFERENCE_BAND_IN,
    PAD_IN,
    PANEL_GAP_IN,
    PT,
    REFERENCE_BAND_IN,
    STACK_BELOW_IN,
    STACKED_RIGHT_IN,
    TICK_FONT_SIZE,
    TICK_PT,
    TITLE_FONT_SIZE,
    TITLE_GAP_IN,
    TITLE_TOP_IN,
    Axis,
    FigurePanel,
    FigureRow,
    FigureSpec,
    validate,
)
from generator.outputs.figure_axis import AxisScale
from generator.outputs.figure_text import em_in, em_width, pt, wrap

logger = logging.getLogger(__name__)


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
    em = em_in(FONT_SIZE)
    stacked = width < STACK_BELOW_IN
    # Stacked, the annotation goes under the label, so both share the left column.
    label_max = width * (1 - MIN_PLOT_SHARE) - STACKED_RIGHT_IN
    note_max = label_max if stacked else ANNOTATION_MAX_IN
    note_wrap = (note_max - GAP_IN - PAD_IN) / em
    notes = tuple(tuple(wrap(row.annotation, note_wrap) for row in panel.rows) for panel in spec.panels)
    note_width = max(em_width(text) for panel in notes for text in panel)
    if stacked:
        note_col = STACKED_RIGHT_IN
    else:
        note_col = min(max(GAP_IN + note_width * em + PAD_IN, ANNOTATION_MIN_IN), note_max)
        label_max = min(LABEL_MAX_IN, width * (1 - MIN_WIDE_PLOT_SHARE) - note_col)
    label_wrap = (label_max - PAD_IN - GAP_IN) / em
    labels = tuple(tuple(wrap(row.label, label_wrap) for row in panel.rows) for panel in spec.panels)
    label_width = max(em_width(text) for panel in labels for text in panel)
    if stacked:
        label_width = max(label_width, note_width)
    label_col = min(max(PAD_IN + label_width * em + GAP_IN, LABEL_MIN_IN), label_max)
    title_em = em_in(TITLE_FONT_SIZE)
    titles = tuple(wrap(panel.title, (width - 2 * PAD_IN) / (title_em * BOLD)) for panel in spec.panels)
    if stacked:
        line_counts = [
            label.count("\n") + note.count("\n") + 2
            for panel_labels, panel_notes in zip(labels, notes, strict=True)
            for label, note in zip(panel_labels, panel_notes, strict=True)
        ]
    else:
        line_counts = [text.count("\n") + 1 for panel in (*labels, *notes) for text in panel]
    row_height = max(MIN_ROW_IN, max(line_counts) * LINE_HEIGHT * em + 0.25)
    return _Columns(
        width=width,
        stacked=stacked,
        label_right=label_col - GAP_IN,
        axes_left=label_col,
        axes_right=width - note_col,
        annotation_left=width - note_col + GAP_IN,
        row_height=row_height,
        labels=labels,
        notes=notes,
        titles=titles,
    )


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
        attributes: dict[str, str | float] = {"x": pt(x), "y": pt(baseline), "font-size": size}
        if anchor != "start":
            attributes["text-anchor"] = anchor
        if bold:
            attributes["font-weight"] = "bold"
        attributes["fill"] = color
        self.add("text", attributes, text)

    def lines(self, x: float, center: float, texts: tuple[tuple[str, str], ...], anchor: str) -> None:
        """Draw the lines of texts, each text in its color, as one stack vertically centered on center."""
        lines = [(line, color) for text, color in texts for line in text.split("\n")]
        em = em_in(FONT_SIZE)
        first = center - (len(lines) - 1) * LINE_HEIGHT * em / 2 + CENTER_DROP * em
        for number, (line, color) in enumerate(lines):
            self.text(x, first + number * LINE_HEIGHT * em, line, anchor=anchor, color=color)


def render_svg(spec: FigureSpec) -> str:
    """Render spec as a responsive, accessible, byte-reproducible SVG document."""
    validate(spec)
    uid = "forest-" + hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()[:12]
    columns = _plan(spec)
    canvas = _Canvas()
    top = 0.0
    for index, panel in enumerate(spec.panels):
        if index:
            top += PANEL_GAP_IN
        top = _draw_panel(canvas, columns, panel, index, uid, top)
    height = top + BOTTOM_PAD_IN
    width_pt, height_pt = _num(pt(columns.width)), _num(pt(height))
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


def _draw_margin(
    canvas: _Canvas,
    scale: AxisScale,
    axis: Axis,
    margin: float,
    width: float,
    label_top: float,
    line_top: float,
    rows_bottom: float,
) -> None:
    """Draw a margin's dotted line from under its label to the axis, its label beside the line."""
    assert axis.margin_label is not None and axis.reference is not None
    x = scale.x(margin)
    tick_em = em_in(TICK_FONT_SIZE)
    text_width = em_width(axis.margin_label) * tick_em
    gap = 0.04
    anchor = "end" if margin < axis.reference else "start"
    if anchor == "end" and x - gap - text_width < PAD_IN:
        anchor = "start"
    elif anchor == "start" and x + gap + text_width > width - PAD_IN:
        anchor = "end"
    label_x = x - gap if anchor == "end" else x + gap
    baseline = label_top + 0.02 + ASCENT * tick_em
    canvas.text(label_x, baseline, axis.margin_label, size=TICK_FONT_SIZE, color=MARGIN, anchor=anchor)
    canvas.add(
        "path",
        {
            "class": "margin",
            "d": f"M{_num(pt(x))} {_num(pt(line_top))}V{_num(pt(rows_bottom))}",
            "fill": "none",
            "stroke": MARGIN,
            "stroke-width": 1.4,
            "stroke-dasharray": "1.2 2.4",
            "stroke-linecap": "round",
        },
    )


def _draw_panel(canvas: _Canvas, columns: _Columns, panel: FigurePanel, index: int, uid: str, top: float) -> float:
    """Draw one panel from top down: title, reference label, rows, axis. Return its bottom."""
    axis = panel.axis
    scale = AxisScale(axis, columns.axes_left, columns.axes_right)
    canvas.open("g", {"id": f"{uid}-panel-{index + 1}", "class": "panel"})
    # Title.
    title_em = em_in(TITLE_FONT_SIZE)
    title_lines = columns.titles[index].split("\n")
    for number, line in enumerate(title_lines):
        baseline = top + TITLE_TOP_IN + (ASCENT + number * LINE_HEIGHT) * title_em
        canvas.text(PAD_IN, baseline, line, size=TITLE_FONT_SIZE, anchor="start", bold=True)
    top += TITLE_TOP_IN + (ASCENT + (len(title_lines) - 1) * LINE_HEIGHT + DESCENT) * title_em + TITLE_GAP_IN
    # Reference label, above the rows.
    line_top = top
    line_label_top = top
    if axis.reference is not None and axis.reference_label is not None:
        tick_em = em_in(TICK_FONT_SIZE)
        x = scale.x(axis.reference)
        half = em_width(axis.reference_label) * tick_em / 2 + PAD_IN
        label_x = min(max(x, half), columns.width - half)
        canvas.text(label_x, top + 0.02 + ASCENT * tick_em, axis.reference_label, size=TICK_FONT_SIZE, color=MUTED)
        line_top = top + 0.02 + (ASCENT + DESCENT) * tick_em + 0.03
        top += REFERENCE_BAND_IN
    else:
        top += NO_REFERENCE_BAND_IN
    rows_top = top
    rows_bottom = rows_top + columns.row_height * len(panel.rows)
    ticks = scale.ticks()
    # Grid, behind everything else.
    grid = " ".join(f"M{_num(pt(x))} {_num(pt(rows_top))}V{_num(pt(rows_bottom))}" for x, _ in ticks)
    canvas.add("path", {"class": "grid", "d": grid, "fill": "none", "stroke": GRID, "stroke-width": 0.8})
    # Reference line, from under its label to the axis.
    if axis.reference is not None:
        reference_x = _num(pt(scale.x(axis.reference)))
        canvas.add(
            "path",
            {
                "class": "reference",
                "d": f"M{reference_x} {_num(pt(line_top))}V{_num(pt(rows_bottom))}",
                "fill": "none",
                "stroke": MUTED,
                "stroke-width": 1.2,
                "stroke-dasharray": "4.8 3.6",
            },
        )
    # Margins: dotted, labeled on the side away from the reference line so the two labels do not meet.
    for margin in axis.margins:
        _draw_margin(canvas, scale, axis, margin, columns.width, line_label_top, line_top, rows_bottom)
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
    tick_marks = "".join(f"M{_num(pt(x))} {_num(pt(rows_bottom))}v{_num(TICK_PT)}" for x, _ in ticks)
    canvas.add(
        "path",
        {
            "class": "axis",
            "d": f"M{_num(pt(scale.left))} {_num(pt(rows_bottom))}H{_num(pt(scale.right))}{tick_marks}",
            "fill": "none",
            "stroke": MUTED,
            "stroke-width": 0.8,
        },
    )
    tick_em = em_in(TICK_FONT_SIZE)
    tick_baseline = rows_bottom + (TICK_PT + 3) / PT + ASCENT * tick_em
    for x, text in ticks:
        canvas.text(x, tick_baseline, text, size=TICK_FONT_SIZE, color=MUTED)
    em = em_in(FONT_SIZE)
    axis_lines = wrap(axis.label, (columns.width - 2 * PAD_IN) / em).split("\n")
    center = (scale.left + scale.right) / 2
    half = max(em_width(line) for line in axis_lines) * em / 2 + PAD_IN
    center = min(max(center, half), columns.width - half)
    baseline = tick_baseline + DESCENT * tick_em + 0.08 + ASCENT * em
    for number, line in enumerate(axis_lines):
        canvas.text(center, baseline + number * LINE_HEIGHT * em, line)
    canvas.close("g")
    return baseline + (len(axis_lines) - 1) * LINE_HEIGHT * em + DESCENT * em


def _draw_interval(canvas: _Canvas, scale: AxisScale, row: FigureRow, center: float) -> None:
    """Draw a row's interval with caps, cut at the domain's edges with an arrowhead, and its estimate."""
    axis = scale.axis
    y = _num(pt(center))
    cut_low, cut_high = row.low < axis.low, row.high > axis.high
    left = scale.left if cut_low else scale.x(row.low)
    right = scale.right if cut_high else scale.x(row.high)
    canvas.open("g", {"class": "row"})
    if row.high >= axis.low and row.low <= axis.high:
        d = f"M{_num(pt(left))} {y}H{_num(pt(right))}"
        for x, cut in ((left, cut_low), (right, cut_high)):
            if not cut:
                d += f"M{_num(pt(x))} {_num(pt(center) - CAP_PT)}v{_num(2 * CAP_PT)}"
        canvas.add(
            "path",
            {"class": "interval", "d": d, "fill": "none", "stroke": ACCENT, "stroke-width": INTERVAL_WIDTH_PT},
        )
    for x, cut, direction in ((scale.left, cut_low, -1), (scale.right, cut_high, 1)):
        if cut:
            tip, back = _num(pt(x)), _num(pt(x) - direction * ARROW_PT)
            spread = ARROW_PT * 0.6
            canvas.add(
                "path",
                {
                    "class": "clipped",
                    "d": f"M{tip} {y}L{back} {_num(pt(center) - spread)}v{_num(2 * spread)}Z",
                    "fill": ACCENT,
                },
            )
    if axis.low <= row.estimate <= axis.high:
        x = pt(scale.x(row.estimate))
        side = MARKER_PT
        canvas.add(
            "rect",
            {
                "class": "estimate",
                "x": x - side / 2,
                "y": pt(center) - side / 2,
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
