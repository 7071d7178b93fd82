"""Draw forest-style plots of proportions with confidence intervals as accessible SVG."""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.typing import RcKeyType

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

_PAD_IN = 0.12
_GAP_IN = 0.16
_LABEL_MAX_IN = 2.8
_LABEL_MIN_IN = 1.0
_ANNOTATION_MAX_IN = 2.2
_ANNOTATION_MIN_IN = 0.8
_TOP_BAND_IN = 0.38
_BOTTOM_BAND_IN = 0.62
_PANEL_GAP_IN = 0.1
_TITLE_TOP_IN = 0.14
_TITLE_GAP_IN = 0.1
_MIN_ROW_IN = 0.5
_MIN_PLOT_SHARE = 0.45
"""The smallest share of the figure width left to the plot area when annotations are stacked."""
_MIN_WIDE_PLOT_SHARE = 0.33
"""The same for a figure with an annotation column; at the default width the columns' own caps bind first."""
_STACKED_RIGHT_IN = 0.3
"""Right margin of a stacked figure: room for half the "100" tick label and some air."""
_TICK_PT = 4.0
_ASCENT = 0.88
"""Height of capitals and CJK characters above the baseline, in ems."""
_DESCENT = 0.12
_CENTER_DROP = 0.36
"""How far below a row's centre line the baseline sits, in ems, to centre the glyphs."""
_BOLD = 1.08
"""How much wider bold text runs than regular text."""

_HASH_SALT = "generator.figure/v1"
_TICKS = (0, 20, 40, 60, 80, 100)
_NO_LINE_START = frozenset(")]}、。，．：；！？）」』】〕％%,.:;!?・ー")
_OPENING = "([{（「『【〔"
_CLOSING = ")]}）」』】〕"
_NARROW = frozenset(" .,:;!|'`()[]{}ilIjtf/\\-\u2013")
_BROAD = frozenset("MWmw%@")
_GLYPH_MISSING = r"Glyph \d+ \(.*\) missing from font\(s\)"
_ROOT_TAG = re.compile(r"<svg\b[^>]*>")
_SIZE_ATTR = re.compile(r'\s(width|height)="[^"]*"')


@dataclass(frozen=True)
class FigureRow:
    """One arm of one endpoint: a proportion with its confidence interval."""

    label: str
    estimate: float
    low: float
    high: float
    annotation: str


@dataclass(frozen=True)
class FigurePanel:
    """One endpoint: a titled group of rows sharing the x axis."""

    title: str
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class FigureSpec:
    """Everything needed to draw one forest plot."""

    panels: tuple[FigurePanel, ...]
    reference: float
    reference_label: str
    axis_label: str
    title: str
    description: str
    width: float = WIDTH_IN
    """Figure width in inches; below STACK_BELOW_IN annotations are stacked under the labels."""


_CODE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
CACHE_MARK = "press-site-figure:"
"""Prefix of the comment that names what an SVG was drawn from (see cache_key)."""


def cache_key(spec: FigureSpec) -> str:
    """Return a digest of everything an SVG depends on: the spec, this module and matplotlib's version.

    Two specs with the same key give the same bytes, so a file whose key matches can be reused
    instead of drawn again (drawing takes about 0.1 s a figure).
    """
    material = f"{spec!r}\0{_CODE_DIGEST}\0{matplotlib.__version__}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def cache_comment(spec: FigureSpec) -> str:
    """Return the comment render_svg puts at the top of the SVG it draws for spec."""
    return f"<!-- {CACHE_MARK} {cache_key(spec)} -->"


def render_svg(spec: FigureSpec) -> str:
    """Render spec as a responsive, accessible, byte-reproducible SVG document."""
    _validate(spec)
    uid = "forest-" + hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()[:12]
    rc: dict[RcKeyType, Any] = {
        "svg.hashsalt": f"{_HASH_SALT}/{uid}",
        "svg.fonttype": "none",
        "svg.id": None,
        "font.family": list(FONT_FAMILY),
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": FONT_SIZE,
        "text.usetex": False,
        "axes.unicode_minus": True,
    }
    buffer = io.StringIO()
    with matplotlib.style.context("default"), matplotlib.rc_context(rc), _quiet_font_fallback():
        figure = _draw(spec, uid)
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    svg = _make_accessible(buffer.getvalue(), spec, uid)
    declaration, newline, rest = svg.partition("\n")
    svg = f"{declaration}{newline}{cache_comment(spec)}\n{rest}" if declaration.startswith("<?xml") else svg
    logger.debug("rendered %s: %d panels, %d characters", uid, len(spec.panels), len(svg))
    return svg


def _validate(spec: FigureSpec) -> None:
    """Raise ValueError unless every number of spec is a proportion in order."""
    if not spec.panels:
        raise ValueError("a figure needs at least one panel")
    if not (math.isfinite(spec.width) and spec.width >= MIN_WIDTH_IN):
        raise ValueError(f"width {spec.width!r} is not a number of inches >= {MIN_WIDTH_IN}")
    if not _is_proportion(spec.reference):
        raise ValueError(f"reference {spec.reference!r} is not a proportion in [0, 1]")
    for panel in spec.panels:
        if not panel.rows:
            raise ValueError(f"panel {panel.title!r} has no rows")
        for row in panel.rows:
            values = (row.low, row.estimate, row.high)
            if not all(_is_proportion(value) for value in values):
                raise ValueError(f"row {row.label!r} has a value outside [0, 1]: {values}")
            if not row.low <= row.estimate <= row.high:
                raise ValueError(f"row {row.label!r} is not ordered low <= estimate <= high")


def _is_proportion(value: float) -> bool:
    """Return whether value is a finite number in [0, 1]."""
    return math.isfinite(value) and 0.0 <= value <= 1.0


@contextmanager
def _quiet_font_fallback() -> Iterator[None]:
    """Silence font-fallback noise that only concerns matplotlib's own text measurement.

    With svg.fonttype "none" the browser draws the text, and every text here is placed
    by its anchor and baseline, so a family or glyph missing from this machine changes
    nothing in the output.
    """
    font_logger = logging.getLogger("matplotlib.font_manager")
    quiet = _MissingFamilyFilter()
    font_logger.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_GLYPH_MISSING, category=UserWarning)
            yield
    finally:
        font_logger.removeFilter(quiet)


class _MissingFamilyFilter(logging.Filter):
    """Drop matplotlib's "font family not found" records for families of FONT_FAMILY."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Return False for a not-found record about one of our families."""
        if not isinstance(record.msg, str) or not record.msg.startswith("findfont:"):
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        return not (args and args[0] in FONT_FAMILY)


@dataclass(frozen=True)
class _Layout:
    """Positions in inches; vertical ones are measured down from the top edge.

    When stacked, each row's annotation is drawn under its label, right-aligned at
    label_right, and annotation_left is unused.
    """

    width: float
    height: float
    stacked: bool
    label_right: float
    axes_left: float
    axes_right: float
    annotation_left: float
    row_height: float
    title_bands: tuple[float, ...]
    labels: tuple[tuple[str, ...], ...]
    notes: tuple[tuple[str, ...], ...]
    titles: tuple[str, ...]

    def x(self, inches: float) -> float:
        """Return a horizontal position in figure coordinates."""
        return inches / self.width

    def y(self, inches: float) -> float:
        """Return a position measured down from the top in figure coordinates."""
        return 1 - inches / self.height

    def at_percent(self, percent: float) -> float:
        """Return the horizontal position in inches of a value on the x axis."""
        return self.axes_left + percent / 100 * (self.axes_right - self.axes_left)


def _plan(spec: FigureSpec) -> _Layout:
    """Lay the figure out from estimated text widths, independent of installed fonts."""
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
    title_bands = tuple(
        _TITLE_TOP_IN + (_ASCENT + title.count("\n") * LINE_HEIGHT + _DESCENT) * title_em + _TITLE_GAP_IN
        for title in titles
    )
    rows_total = sum(len(panel.rows) for panel in spec.panels)
    fixed = _TOP_BAND_IN + sum(title_bands) + _PANEL_GAP_IN * (len(titles) - 1) + _BOTTOM_BAND_IN
    if stacked:
        line_counts = [
            label.count("\n") + note.count("\n") + 2
            for panel_labels, panel_notes in zip(labels, notes, strict=True)
            for label, note in zip(panel_labels, panel_notes, strict=True)
        ]
    else:
        line_counts = [text.count("\n") + 1 for panel in (*labels, *notes) for text in panel]
    row_height = max(
        (1.2 + 1.1 * rows_total - fixed) / rows_total,
        _MIN_ROW_IN,
        max(line_counts) * LINE_HEIGHT * em + 0.25,
    )
    return _Layout(
        width=width,
        height=fixed + row_height * rows_total,
        stacked=stacked,
        label_right=label_col - _GAP_IN,
        axes_left=label_col,
        axes_right=width - note_col,
        annotation_left=width - note_col + _GAP_IN,
        row_height=row_height,
        title_bands=title_bands,
        labels=labels,
        notes=notes,
        titles=titles,
    )


def _draw(spec: FigureSpec, uid: str) -> Figure:
    """Draw the panels, reference line and all text on a new Figure."""
    layout = _plan(spec)
    figure = Figure(figsize=(layout.width, layout.height), facecolor="white")
    top = _TOP_BAND_IN
    for index, panel in enumerate(spec.panels):
        _draw_title(figure, layout, layout.titles[index], top)
        top += layout.title_bands[index]
        panel_height = layout.row_height * len(panel.rows)
        axes = figure.add_axes(
            (
                layout.x(layout.axes_left),
                layout.y(top + panel_height),
                layout.x(layout.axes_right - layout.axes_left),
                panel_height / layout.height,
            )
        )
        is_last = index == len(spec.panels) - 1
        _draw_panel(axes, panel, is_last=is_last)
        for row_index, (label, note) in enumerate(zip(layout.labels[index], layout.notes[index], strict=True)):
            center = top + (row_index + 0.5) * layout.row_height
            if layout.stacked:
                _draw_lines(figure, layout, layout.label_right, center, ((label, INK), (note, MUTED)), "right")
            else:
                _draw_lines(figure, layout, layout.label_right, center, ((label, INK),), "right")
                _draw_lines(figure, layout, layout.annotation_left, center, ((note, INK),), "left")
        top += panel_height
        if not is_last:
            top += _PANEL_GAP_IN
    _draw_axis_text(figure, layout, spec.axis_label, top)
    _draw_reference(figure, layout, spec, uid, top)
    return figure


def _draw_title(figure: Figure, layout: _Layout, title: str, top: float) -> None:
    """Draw a panel title on a white mask that interrupts the reference line."""
    em = _em_in(TITLE_FONT_SIZE)
    lines = title.split("\n")
    mask_top = top + _TITLE_TOP_IN - 0.03
    mask_bottom = top + _TITLE_TOP_IN + (_ASCENT + (len(lines) - 1) * LINE_HEIGHT + _DESCENT) * em
    mask_width = _em_width(title) * em * _BOLD + 0.06
    figure.add_artist(
        Rectangle(
            (layout.x(_PAD_IN - 0.03), layout.y(mask_bottom + 0.03)),
            layout.x(mask_width),
            (mask_bottom + 0.03 - mask_top) / layout.height,
            transform=figure.transFigure,
            facecolor="white",
            edgecolor="none",
            zorder=2,
        )
    )
    for number, line in enumerate(lines):
        baseline = top + _TITLE_TOP_IN + (_ASCENT + number * LINE_HEIGHT) * em
        _draw_text(figure, layout, _PAD_IN, baseline, line, TITLE_FONT_SIZE, "left", bold=True)


def _draw_panel(axes: Axes, panel: FigurePanel, *, is_last: bool) -> None:
    """Draw one panel's grid and, per row, the estimate and its interval with caps."""
    axes.patch.set_visible(False)
    axes.set_xlim(0, 100)
    axes.set_ylim(len(panel.rows) - 0.5, -0.5)
    axes.set_yticks([])
    axes.set_xticks(list(_TICKS))
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_visible(is_last)
    axes.spines["bottom"].set_color(MUTED)
    axes.tick_params(axis="x", colors=MUTED, length=_TICK_PT if is_last else 0, labelbottom=False)
    for y, row in enumerate(panel.rows):
        estimate, low, high = 100 * row.estimate, 100 * row.low, 100 * row.high
        container = axes.errorbar(
            [estimate],
            [y],
            xerr=[[estimate - low], [high - estimate]],
            fmt="s",
            markersize=7,
            color=ACCENT,
            ecolor=ACCENT,
            elinewidth=1.6,
            capsize=5,
            capthick=1.6,
            zorder=3,
        )
        for artist in container.get_children():
            artist.set_clip_on(False)


def _draw_axis_text(figure: Figure, layout: _Layout, axis_label: str, bottom: float) -> None:
    """Draw the tick labels and the axis label under the lowest panel."""
    tick_baseline = bottom + (_TICK_PT + 3) / 72 + _ASCENT * _em_in(TICK_FONT_SIZE)
    for tick in _TICKS:
        _draw_text(figure, layout, layout.at_percent(tick), tick_baseline, str(tick), TICK_FONT_SIZE, "center")
    label_baseline = tick_baseline + _DESCENT * _em_in(TICK_FONT_SIZE) + 0.08 + _ASCENT * _em_in(FONT_SIZE)
    _draw_text(figure, layout, layout.at_percent(50), label_baseline, axis_label, FONT_SIZE, "center")


def _draw_reference(figure: Figure, layout: _Layout, spec: FigureSpec, uid: str, bottom: float) -> None:
    """Draw the dashed reference line from its label down through every panel."""
    x = layout.at_percent(100 * spec.reference)
    half = _em_width(spec.reference_label) * _em_in(TICK_FONT_SIZE) / 2 + _PAD_IN
    label_x = min(max(x, half), layout.width - half)
    _draw_text(
        figure, layout, label_x, _TOP_BAND_IN - 0.14, spec.reference_label, TICK_FONT_SIZE, "center", color=MUTED
    )
    line = Line2D(
        [layout.x(x), layout.x(x)],
        [layout.y(bottom), layout.y(_TOP_BAND_IN - 0.08)],
        transform=figure.transFigure,
        color=MUTED,
        linewidth=1.2,
        linestyle=(0, (4, 3)),
        zorder=-1,
    )
    line.set_gid(f"{uid}-reference")
    figure.add_artist(line)


def _draw_lines(
    figure: Figure, layout: _Layout, x: float, center: float, texts: tuple[tuple[str, str], ...], align: str
) -> None:
    """Draw the lines of texts, each text in its colour, as one stack vertically centred on center."""
    lines = [(line, color) for text, color in texts for line in text.split("\n")]
    em = _em_in(FONT_SIZE)
    first = center - (len(lines) - 1) * LINE_HEIGHT * em / 2 + _CENTER_DROP * em
    for number, (line, color) in enumerate(lines):
        _draw_text(figure, layout, x, first + number * LINE_HEIGHT * em, line, FONT_SIZE, align, color=color)


def _draw_text(
    figure: Figure,
    layout: _Layout,
    x: float,
    baseline: float,
    text: str,
    size: float,
    align: str,
    *,
    bold: bool = False,
    color: str = INK,
) -> None:
    """Draw one line of text with its baseline at a fixed position.

    Baseline alignment keeps the output independent of the fonts installed here:
    matplotlib needs no font metrics to place the text.
    """
    figure.text(
        layout.x(x),
        layout.y(baseline),
        text,
        ha=align,
        va="baseline",
        fontsize=size,
        fontweight="bold" if bold else "normal",
        color=color,
        parse_math=False,
        zorder=3,
    )


def _em_in(size: float) -> float:
    """Return the em of a font size in points, in inches."""
    return size / 72


def _make_accessible(svg: str, spec: FigureSpec, uid: str) -> str:
    """Give the root element a title, description, img role and a fluid width."""
    root = _ROOT_TAG.search(svg)
    if root is None:
        raise RuntimeError("matplotlib produced SVG without a root <svg> element")
    tag = root.group(0)
    if "viewBox=" not in tag or len(_SIZE_ATTR.findall(tag)) != 2:
        raise RuntimeError(f"unexpected root element from matplotlib: {tag}")
    tag = _SIZE_ATTR.sub("", tag)
    title_id, desc_id = f"{uid}-title", f"{uid}-desc"
    tag = f'{tag[:-1]} width="100%" role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}">'
    children = (
        f'\n <title id="{title_id}">{escape(spec.title)}</title>'
        f'\n <desc id="{desc_id}">{escape(spec.description)}</desc>'
    )
    return svg[: root.start()] + tag + children + svg[root.end() :]


def _is_wide(char: str) -> bool:
    """Return whether char takes a full em, as CJK characters do."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _em_width(text: str) -> float:
    """Estimate the width of the longest line of text in ems, erring on the wide side."""
    return max(sum(_char_em(char) for char in line) for line in text.split("\n"))


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
