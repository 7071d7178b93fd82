"""Test the forest-plot SVG: reproducibility, XML validity, accessibility and text handling."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.figure import FigurePanel, FigureRow, FigureSpec, render_svg

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"

# Rebuilds the spec from JSON on stdin and writes the SVG's UTF-8 bytes to stdout.
RENDER_IN_CHILD = """
import json, sys
{prelude}
from generator.figure import FigurePanel, FigureRow, FigureSpec, render_svg
data = json.load(sys.stdin)
panels = tuple(
    FigurePanel(p["title"], tuple(FigureRow(**row) for row in p["rows"])) for p in data.pop("panels")
)
sys.stdout.buffer.write(render_svg(FigureSpec(panels=panels, **data)).encode("utf-8"))
"""

HIDE_CJK_FONTS = """
from matplotlib import font_manager
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
"""


def japanese_spec() -> FigureSpec:
    return FigureSpec(
        panels=(
            FigurePanel(
                "臨床的妊娠率",
                (
                    FigureRow("低用量 (2 mg/日)", 10 / 15, 0.384, 0.882, "66.7% (38.4–88.2)"),
                    FigureRow("高用量 (4 mg/日)", 12 / 15, 0.519, 0.957, "80.0% (51.9–95.7)"),
                ),
            ),
            FigurePanel(
                "継続妊娠率（12週）",
                (
                    FigureRow("低用量 (2 mg/日)", 8 / 15, 0.266, 0.787, "53.3% (26.6–78.7)"),
                    FigureRow("高用量 (4 mg/日)", 11 / 15, 0.449, 0.922, "73.3% (44.9–92.2)"),
                ),
            ),
        ),
        reference=0.05,
        reference_label="対照 5%",
        axis_label="妊娠率 (%)",
        title="用量別の妊娠率と95%信頼区間",
        description="2つの評価項目について、各用量群の妊娠率と95%信頼区間を示す。破線は対照群の5%。",
    )


def english_spec() -> FigureSpec:
    return FigureSpec(
        panels=(
            FigurePanel(
                "Clinical pregnancy",
                (
                    FigureRow("Low dose (2 mg/day)", 10 / 15, 0.384, 0.882, "66.7% (38.4–88.2)"),
                    FigureRow("High dose (4 mg/day)", 12 / 15, 0.519, 0.957, "80.0% (51.9–95.7)"),
                ),
            ),
            FigurePanel(
                "Ongoing pregnancy (12 weeks)",
                (
                    FigureRow("Low dose (2 mg/day)", 8 / 15, 0.266, 0.787, "53.3% (26.6–78.7)"),
                    FigureRow("High dose (4 mg/day)", 11 / 15, 0.449, 0.922, "73.3% (44.9–92.2)"),
                ),
            ),
        ),
        reference=0.05,
        reference_label="Control 5%",
        axis_label="Pregnancy rate (%)",
        title="Pregnancy rate by dose with 95% confidence intervals",
        description=(
            "Point estimates and 95% confidence intervals for two endpoints; the dashed line is the 5% control rate."
        ),
    )


def boundary_spec() -> FigureSpec:
    return FigureSpec(
        panels=(
            FigurePanel(
                "境界",
                (
                    FigureRow("推定値 0%", 0.0, 0.0, 1.0, "0.0% (0.0–100.0)"),
                    FigureRow("推定値 100%", 1.0, 0.0, 1.0, "100.0% (0.0–100.0)"),
                ),
            ),
        ),
        reference=0.0,
        reference_label="対照 0%",
        axis_label="割合 (%)",
        title="境界値",
        description="推定値が0%と100%の行。",
    )


def phone_spec(lang: str) -> FigureSpec:
    """The narrow variant for a 390 px phone, with long Japanese and English labels."""
    low = ("低用量（1日2mg）", "Low dose (2 mg a day)")
    high = ("高用量（1日4mg）", "High dose (4 mg a day)")
    titles = (
        ("胚移植後3週間での臨床的妊娠の有無", "Clinical pregnancy 3 weeks after embryo transfer"),
        ("胚移植後2週間での生化学的妊娠の有無", "Biochemical pregnancy 2 weeks after embryo transfer"),
    )
    i = 0 if lang == "ja" else 1
    rows = (
        FigureRow(low[i], 0.667, 0.384, 0.882, "66.7% (38.4–88.2)"),
        FigureRow(high[i], 0.556, 0.212, 0.863, "55.6% (21.2–86.3)"),
    )
    return FigureSpec(
        panels=tuple(FigurePanel(title[i], rows) for title in titles),
        reference=0.05,
        reference_label=("対照 5%", "Control 5%")[i],
        axis_label=("妊娠率 (%)", "Pregnancy rate (%)")[i],
        title=("用量別の妊娠率", "Pregnancy rate by dose")[i],
        description=("破線は対照の5%。", "The dashed line is the 5% control rate.")[i],
        width=NARROW,
    )


NARROW = 4.2
SPECS = pytest.mark.parametrize("spec", [japanese_spec(), english_spec()], ids=["ja", "en"])
NARROW_SPECS = pytest.mark.parametrize(
    "spec",
    [
        phone_spec("ja"),
        phone_spec("en"),
        dataclasses.replace(japanese_spec(), width=NARROW),
        dataclasses.replace(english_spec(), width=NARROW),
    ],
    ids=["phone-ja", "phone-en", "ja", "en"],
)


def render_in_child(
    spec: FigureSpec, *, prelude: str = "", hash_seed: str = "4242"
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", RENDER_IN_CHILD.format(prelude=prelude)],
        input=json.dumps(dataclasses.asdict(spec)).encode("utf-8"),
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def text_elements(root: ET.Element) -> list[tuple[str, float, float]]:
    """Return each text's content, x and baseline y, in document order."""
    return [
        ("".join(element.itertext()), float(element.attrib["x"]), float(element.attrib["y"]))
        for element in root.iter(f"{SVG}text")
    ]


def lines_of(
    content: str, drawn: list[tuple[str, float, float]], after: int = 0
) -> tuple[int, list[tuple[str, float, float]]]:
    """Return the end index and the first consecutive texts from after on that spell content, maybe wrapped."""
    for start in range(after, len(drawn)):
        for end in range(start + 1, len(drawn) + 1):
            pieces = [text for text, _, _ in drawn[start:end]]
            if content in (" ".join(pieces), "".join(pieces)):
                return end, drawn[start:end]
    raise AssertionError(f"{content!r} is not drawn as text")


def clip_rects(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """Return x, y, width and height of every clip rectangle: the plot area of each panel."""
    return [
        tuple(float(rect.attrib[key]) for key in ("x", "y", "width", "height"))  # type: ignore[misc]
        for clip in root.iter(f"{SVG}clipPath")
        for rect in clip.iter(f"{SVG}rect")
    ]


def text_x(root: ET.Element, content: str) -> float:
    (element,) = [element for element in root.iter(f"{SVG}text") if "".join(element.itertext()) == content]
    return float(element.attrib["x"])


@SPECS
def test_rendering_twice_gives_identical_bytes(spec: FigureSpec) -> None:
    assert render_svg(spec) == render_svg(spec)


@SPECS
def test_another_process_renders_identical_bytes(spec: FigureSpec) -> None:
    child = render_in_child(spec)
    assert child.returncode == 0, child.stderr.decode()
    assert child.stdout == render_svg(spec).encode("utf-8")


def test_output_does_not_depend_on_installed_cjk_fonts() -> None:
    # Without a CJK font matplotlib measures Japanese with DejaVu Sans; that must neither
    # warn (the child turns warnings into errors) nor log, nor change a single byte.
    spec = japanese_spec()
    child = render_in_child(spec, prelude=HIDE_CJK_FONTS, hash_seed="7")
    assert child.returncode == 0, child.stderr.decode()
    assert child.stderr == b""
    assert child.stdout == render_svg(spec).encode("utf-8")


@SPECS
def test_root_is_an_accessible_fluid_image(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    assert root.tag == f"{SVG}svg"
    title, desc = list(root)[:2]
    assert title.tag == f"{SVG}title"
    assert title.text == spec.title
    assert desc.tag == f"{SVG}desc"
    assert desc.text == spec.description
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == title.attrib["id"]
    assert root.attrib["aria-describedby"] == desc.attrib["id"]
    assert root.attrib["width"] == "100%"
    assert "height" not in root.attrib


@SPECS
def test_view_box_has_the_planned_size(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    x, y, width, height = (float(value) for value in root.attrib["viewBox"].split())
    rows = sum(len(panel.rows) for panel in spec.panels)
    assert (x, y, width) == (0, 0, 7.5 * 72)
    assert height == pytest.approx((1.2 + 1.1 * rows) * 72, rel=0.1)


def test_text_content_is_escaped_not_interpreted() -> None:
    spec = dataclasses.replace(
        english_spec(),
        title='Rates <by> dose & "arm"',
        description="a < b & c > d",
        axis_label="Costs $5 and $x$ (%)",
    )
    svg = render_svg(spec)
    root = parse(svg)
    title, desc = list(root)[:2]
    assert title.text == spec.title
    assert desc.text == spec.description
    assert spec.axis_label in texts(root)


@SPECS
def test_all_labels_are_svg_text(spec: FigureSpec) -> None:
    svg = render_svg(spec)
    drawn = texts(parse(svg))
    expected = {spec.reference_label, spec.axis_label, *(str(tick) for tick in range(0, 101, 20))}
    for panel in spec.panels:
        expected.add(panel.title)
        expected.update(row.label for row in panel.rows)
        expected.update(row.annotation for row in panel.rows)
    assert expected <= set(drawn)
    assert "glyph" not in svg.lower()
    assert "Noto Sans CJK JP" in svg


def test_japanese_appears_literally() -> None:
    svg = render_svg(japanese_spec())
    for word in ("低用量 (2 mg/日)", "高用量 (4 mg/日)", "臨床的妊娠率", "継続妊娠率（12週）", "対照 5%", "妊娠率 (%)"):
        assert f">{word}</text>" in svg


@SPECS
def test_output_has_no_date_or_creator(spec: FigureSpec) -> None:
    svg = render_svg(spec)
    assert "<metadata" not in svg
    assert "dc:date" not in svg
    assert "Matplotlib v" not in svg
    assert not re.search(r"\d{4}-\d{2}-\d{2}", svg)


@SPECS
def test_reference_is_a_dashed_vertical_line_at_the_control_rate(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    (group,) = [g for g in root.iter(f"{SVG}g") if g.attrib.get("id", "").endswith("-reference")]
    (path,) = group.iter(f"{SVG}path")
    assert "stroke-dasharray" in path.attrib["style"]
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    x1, y1, x2, y2 = numbers
    assert x1 == x2
    assert y1 != y2
    zero, hundred = text_x(root, "0"), text_x(root, "100")
    assert x1 == pytest.approx(zero + spec.reference * (hundred - zero), abs=0.01)


def test_estimates_at_zero_and_one_with_full_intervals() -> None:
    spec = boundary_spec()
    svg = render_svg(spec)
    root = parse(svg)
    zero, hundred = text_x(root, "0"), text_x(root, "100")
    # Each row draws its estimate and two caps (tick marks are grey); all sit on 0 or 100.
    marker_xs = [float(use.attrib["x"]) for use in root.iter(f"{SVG}use") if "#1f4e79" in use.attrib["style"]]
    assert len(marker_xs) == 6
    assert all(math.isclose(x, zero, abs_tol=0.01) or math.isclose(x, hundred, abs_tol=0.01) for x in marker_xs)
    assert sum(math.isclose(x, zero, abs_tol=0.01) for x in marker_xs) == 3
    assert render_svg(spec) == svg


def test_long_labels_wrap_onto_several_lines() -> None:
    label = "A very long arm label which certainly needs wrapping over more than one line"
    spec = dataclasses.replace(
        english_spec(),
        panels=(FigurePanel("Endpoint", (FigureRow(label, 0.5, 0.25, 0.75, "50.0% (25.0–75.0)"),)),),
    )
    drawn = texts(parse(render_svg(spec)))
    pieces = [text for text in drawn if text and text in label]
    assert len(pieces) > 1
    assert " ".join(pieces) == label


@pytest.mark.parametrize(
    "row",
    [
        FigureRow("low above estimate", 0.4, 0.5, 0.6, ""),
        FigureRow("high below estimate", 0.4, 0.3, 0.35, ""),
        FigureRow("above one", 0.4, 0.3, 1.2, ""),
        FigureRow("negative", -0.1, -0.2, 0.3, ""),
        FigureRow("not a number", math.nan, 0.3, 0.5, ""),
    ],
    ids=lambda row: row.label,
)
def test_rows_out_of_order_or_range_are_rejected(row: FigureRow) -> None:
    spec = dataclasses.replace(english_spec(), panels=(FigurePanel("Endpoint", (row,)),))
    with pytest.raises(ValueError, match="row"):
        render_svg(spec)


def test_empty_figures_are_rejected() -> None:
    with pytest.raises(ValueError, match="panel"):
        render_svg(dataclasses.replace(english_spec(), panels=()))
    with pytest.raises(ValueError, match="no rows"):
        render_svg(dataclasses.replace(english_spec(), panels=(FigurePanel("Empty", ()),)))


def test_width_defaults_to_the_wide_layout() -> None:
    assert english_spec().width == 7.5
    root = parse(render_svg(english_spec()))
    ((x, width),) = {(rect[0], rect[2]) for rect in clip_rects(root)}
    # Wide: the annotations stand in a column right of the plot area.
    assert text_x(root, "66.7% (38.4–88.2)") > x + width


@NARROW_SPECS
def test_narrow_rendering_is_reproducible(spec: FigureSpec) -> None:
    svg = render_svg(spec)
    assert svg == render_svg(spec)
    child = render_in_child(spec, hash_seed="99")
    assert child.returncode == 0, child.stderr.decode()
    assert child.stdout == svg.encode("utf-8")


def test_narrow_output_does_not_depend_on_installed_cjk_fonts() -> None:
    spec = phone_spec("ja")
    child = render_in_child(spec, prelude=HIDE_CJK_FONTS, hash_seed="7")
    assert child.returncode == 0, child.stderr.decode()
    assert child.stderr == b""
    assert child.stdout == render_svg(spec).encode("utf-8")


def test_narrow_and_wide_variants_differ_in_ids() -> None:
    wide, narrow = render_svg(english_spec()), render_svg(dataclasses.replace(english_spec(), width=NARROW))
    assert parse(wide).attrib["aria-labelledby"] != parse(narrow).attrib["aria-labelledby"]


@NARROW_SPECS
def test_narrow_view_box_and_accessibility(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    x, y, width, height = (float(value) for value in root.attrib["viewBox"].split())
    assert (x, y) == (0, 0)
    assert width == pytest.approx(NARROW * 72)
    assert height > 0
    title, desc = list(root)[:2]
    assert (title.text, desc.text) == (spec.title, spec.description)
    assert root.attrib["width"] == "100%"
    assert "height" not in root.attrib


@NARROW_SPECS
def test_narrow_plot_area_keeps_most_of_the_width(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    view_width = float(root.attrib["viewBox"].split()[2])
    rects = clip_rects(root)
    assert len(rects) == len(spec.panels)
    for x, _, width, _ in rects:
        assert width >= 0.45 * view_width
        assert x > 0
        assert x + width < view_width
    zero, hundred = text_x(root, "0"), text_x(root, "100")
    assert hundred - zero >= 0.45 * view_width
    # The "100" tick label, centred on the right edge, needs room to its right.
    assert view_width - hundred >= 12


@NARROW_SPECS
def test_narrow_rows_stack_annotation_under_label(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    drawn = text_elements(root)
    (plot_left,) = {rect[0] for rect in clip_rects(root)}
    assert {spec.reference_label, spec.axis_label, *(str(tick) for tick in range(0, 101, 20))} <= {
        text for text, _, _ in drawn
    }
    line_pitch = 11 * 1.35
    cursor = 0
    for panel in spec.panels:
        cursor, _ = lines_of(panel.title, drawn, cursor)
        previous_bottom = -math.inf
        for row in panel.rows:
            cursor, label = lines_of(row.label, drawn, cursor)
            cursor, note = lines_of(row.annotation, drawn, cursor)
            stack = [*label, *note]
            assert stack == drawn[cursor - len(stack) : cursor]
            # Label lines then the annotation, right-aligned at one x left of the plot area.
            assert len({x for _, x, _ in stack}) == 1
            assert stack[0][1] < plot_left
            baselines = [y for _, _, y in stack]
            assert baselines[0] > previous_bottom + line_pitch
            assert all(b - a == pytest.approx(line_pitch) for a, b in itertools.pairwise(baselines))
            previous_bottom = baselines[-1]


@NARROW_SPECS
def test_narrow_estimates_stay_inside_the_plot_area(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    zero, hundred = text_x(root, "0"), text_x(root, "100")
    (plot_left,) = {rect[0] for rect in clip_rects(root)}
    assert zero == pytest.approx(plot_left, abs=0.01)
    markers = [float(use.attrib["x"]) for use in root.iter(f"{SVG}use") if "#1f4e79" in use.attrib["style"]]
    assert len(markers) == 3 * sum(len(panel.rows) for panel in spec.panels)
    assert all(zero <= x <= hundred for x in markers)


def test_narrow_labels_break_before_a_bracketed_group() -> None:
    drawn = [text for text, _, _ in text_elements(parse(render_svg(phone_spec("en"))))]
    assert "(2 mg a day)" in drawn
    assert "Low dose" in drawn


def test_between_widths_keep_the_annotation_column() -> None:
    spec = dataclasses.replace(english_spec(), width=6.0)
    root = parse(render_svg(spec))
    assert float(root.attrib["viewBox"].split()[2]) == pytest.approx(6 * 72)
    ((x, width),) = {(rect[0], rect[2]) for rect in clip_rects(root)}
    assert text_x(root, "66.7% (38.4–88.2)") > x + width
    assert width >= 0.33 * 6 * 72


@pytest.mark.parametrize("width", [2.0, 0.0, -4.2, math.nan, math.inf])
def test_unusable_widths_are_rejected(width: float) -> None:
    with pytest.raises(ValueError, match="width"):
        render_svg(dataclasses.replace(english_spec(), width=width))
