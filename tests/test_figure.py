"""Test the figure SVG: reproducibility, XML validity, accessibility, axes, clipping and text handling."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from generator.outputs.figure import MINUS, Axis, FigurePanel, FigureRow, FigureSpec
from generator.outputs.figure_axis import nice_axis, tick_label
from generator.outputs.figure_svg import render_svg

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
NARROW = 4.2

# Rebuilds the spec from JSON on stdin, writes the SVG's UTF-8 bytes to stdout, and fails if
# rendering loaded a plotting or font library.
RENDER_IN_CHILD = """
import json, sys
from generator.outputs.figure import Axis, FigurePanel, FigureRow, FigureSpec
from generator.outputs.figure_svg import render_svg
data = json.load(sys.stdin)
panels = tuple(
    FigurePanel(p["title"], tuple(FigureRow(**row) for row in p["rows"]), Axis(**p["axis"]))
    for p in data.pop("panels")
)
svg = render_svg(FigureSpec(panels=panels, **data))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("matplotlib", "PIL", "fontTools", "cairo"))
assert not loaded, loaded
sys.stdout.buffer.write(svg.encode("utf-8"))
"""


def rate_axis(reference: float | None, reference_label: str | None, label: str) -> Axis:
    return Axis("linear", 0.0, 1.0, label, percent=True, reference=reference, reference_label=reference_label)


def japanese_spec() -> FigureSpec:
    axis = rate_axis(0.05, "対照 5%", "妊娠率 (%)")
    return FigureSpec(
        panels=(
            FigurePanel(
                "臨床的妊娠率",
                (
                    FigureRow("低用量 (2 mg/日)", 10 / 15, 0.384, 0.882, "66.7% (38.4–88.2)"),
                    FigureRow("高用量 (4 mg/日)", 12 / 15, 0.519, 0.957, "80.0% (51.9–95.7)"),
                ),
                axis,
            ),
            FigurePanel(
                "継続妊娠率（12週）",
                (
                    FigureRow("低用量 (2 mg/日)", 8 / 15, 0.266, 0.787, "53.3% (26.6–78.7)"),
                    FigureRow("高用量 (4 mg/日)", 11 / 15, 0.449, 0.922, "73.3% (44.9–92.2)"),
                ),
                axis,
            ),
        ),
        title="用量別の妊娠率と95%信頼区間",
        description="2つの評価項目について、各用量群の妊娠率と95%信頼区間を示す。破線は対照群の5%。",
    )


def english_spec() -> FigureSpec:
    axis = rate_axis(0.05, "Control 5%", "Pregnancy rate (%)")
    return FigureSpec(
        panels=(
            FigurePanel(
                "Clinical pregnancy",
                (
                    FigureRow("Low dose (2 mg/day)", 10 / 15, 0.384, 0.882, "66.7% (38.4–88.2)"),
                    FigureRow("High dose (4 mg/day)", 12 / 15, 0.519, 0.957, "80.0% (51.9–95.7)"),
                ),
                axis,
            ),
            FigurePanel(
                "Ongoing pregnancy (12 weeks)",
                (
                    FigureRow("Low dose (2 mg/day)", 8 / 15, 0.266, 0.787, "53.3% (26.6–78.7)"),
                    FigureRow("High dose (4 mg/day)", 11 / 15, 0.449, 0.922, "73.3% (44.9–92.2)"),
                ),
                axis,
            ),
        ),
        title="Pregnancy rate by dose with 95% confidence intervals",
        description=(
            "Point estimates and 95% confidence intervals for two endpoints; the dashed line is the 5% control rate."
        ),
    )


def forest_spec(width: float = 7.5) -> FigureSpec:
    """A two-arm trial: rates without a fixed control, a risk difference, and ratios on a log axis."""
    rates = FigurePanel(
        "Pregnancy",
        (
            FigureRow("Experimental (18/40)", 0.45, 0.303, 0.607, "45.0% (30.3–60.7)"),
            FigureRow("Placebo (8/41)", 0.195, 0.088, 0.349, "19.5% (8.8–34.9)"),
        ),
        rate_axis(None, None, "Rate (%)"),
    )
    difference = FigurePanel(
        "Risk difference",
        (
            FigureRow("Experimental − placebo", 0.255, 0.051, 0.433, "25.5 (5.1 to 43.3)"),
            FigureRow("Low dose − placebo", -0.05, -0.21, 0.12, "−5.0 (−21.0 to 12.0)"),
        ),
        Axis("linear", -0.4, 0.6, "Difference (percentage points)", True, 0.0, "No difference"),
    )
    ratios = FigurePanel(
        "Risk and odds ratios",
        (
            FigureRow("Risk ratio", 2.31, 1.13, 4.70, "2.31 (1.13–4.70)"),
            FigureRow("Odds ratio", 3.38, 1.24, 9.19, "3.38 (1.24–9.19)"),
        ),
        Axis("log", 0.5, 10.0, "Ratio (log scale)", reference=1.0, reference_label="No difference"),
    )
    return FigureSpec(
        panels=(rates, difference, ratios),
        title="Effects of the experimental treatment",
        description="Rates, the risk difference and the ratios with 95% confidence intervals.",
        width=width,
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
                rate_axis(0.0, "対照 0%", "割合 (%)"),
            ),
        ),
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
    axis = rate_axis(0.05, ("対照 5%", "Control 5%")[i], ("妊娠率 (%)", "Pregnancy rate (%)")[i])
    return FigureSpec(
        panels=tuple(FigurePanel(title[i], rows, axis) for title in titles),
        title=("用量別の妊娠率", "Pregnancy rate by dose")[i],
        description=("破線は対照の5%。", "The dashed line is the 5% control rate.")[i],
        width=NARROW,
    )


def with_rows(spec: FigureSpec, *rows: FigureRow, axis: Axis | None = None) -> FigureSpec:
    """Return spec with one panel holding rows, on axis or the first panel's axis."""
    return dataclasses.replace(spec, panels=(FigurePanel("Endpoint", rows, axis or spec.panels[0].axis),))


SPECS = pytest.mark.parametrize(
    "spec", [japanese_spec(), english_spec(), forest_spec(), boundary_spec()], ids=["ja", "en", "forest", "boundary"]
)
NARROW_SPECS = pytest.mark.parametrize(
    "spec",
    [
        phone_spec("ja"),
        phone_spec("en"),
        dataclasses.replace(japanese_spec(), width=NARROW),
        dataclasses.replace(english_spec(), width=NARROW),
        forest_spec(NARROW),
    ],
    ids=["phone-ja", "phone-en", "ja", "en", "forest"],
)


def render_in_child(spec: FigureSpec, *, hash_seed: str = "4242") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", RENDER_IN_CHILD],
        input=json.dumps(dataclasses.asdict(spec)).encode("utf-8"),
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def texts(root: ET.Element) -> list[str]:
    return [text_of(element) for element in root.iter(f"{SVG}text")]


def text_elements(root: ET.Element) -> list[tuple[str, float, float]]:
    """Return each text's content, x and baseline y, in document order."""
    return [
        (text_of(element), float(element.attrib["x"]), float(element.attrib["y"]))
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


def panels(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "panel"]


def of_class(element: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [child for child in element.iter(f"{SVG}{tag}") if child.attrib.get("class") == name]


def numbers_in(d: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def path_xs(d: str) -> list[float]:
    """Return the absolute x coordinates a path's M, L and H commands move to."""
    xs = []
    for command, arguments in re.findall(r"([MLHVvZ])([^MLHVvZ]*)", d):
        if command in "MLH":
            xs.append(numbers_in(arguments)[0])
    return xs


def plot_extent(panel: ET.Element) -> tuple[float, float, float]:
    """Return the left and right ends of a panel's axis line and its y: the plot area's bottom edge."""
    (axis,) = of_class(panel, "path", "axis")
    match = re.match(r"M(-?[\d.]+) (-?[\d.]+)H(-?[\d.]+)", axis.attrib["d"])
    assert match, axis.attrib["d"]
    left, y, right = (float(group) for group in match.groups())
    return left, right, y


def ticks(panel: ET.Element) -> dict[str, float]:
    """Return a panel's tick labels and their x, read from the texts under its axis line."""
    _, _, axis_y = plot_extent(panel)
    return {
        text_of(element): float(element.attrib["x"])
        for element in panel.iter(f"{SVG}text")
        if axis_y < float(element.attrib["y"]) < axis_y + 20 and element.attrib.get("font-size") == "10"
    }


def reference_x(panel: ET.Element) -> float:
    (path,) = of_class(panel, "path", "reference")
    x1, _, _ = numbers_in(path.attrib["d"])
    return x1


def estimate_xs(panel: ET.Element) -> list[float]:
    return [float(rect.attrib["x"]) + float(rect.attrib["width"]) / 2 for rect in of_class(panel, "rect", "estimate")]


def text_x(root: ET.Element, content: str) -> float:
    (element,) = [element for element in root.iter(f"{SVG}text") if text_of(element) == content]
    return float(element.attrib["x"])


# Reproducibility ------------------------------------------------------------------------------


@SPECS
def test_rendering_twice_gives_identical_bytes(spec: FigureSpec) -> None:
    assert render_svg(spec) == render_svg(spec)


@SPECS
def test_another_process_renders_identical_bytes_without_plotting_or_font_libraries(spec: FigureSpec) -> None:
    child = render_in_child(spec)
    assert child.returncode == 0, child.stderr.decode()
    assert child.stderr == b""
    assert child.stdout == render_svg(spec).encode("utf-8")


def test_no_module_imports_a_plotting_library() -> None:
    sources = [*(ROOT / "generator").rglob("*.py"), *(ROOT / "hooks").rglob("*.py")]
    assert sources
    for path in sources:
        assert not re.search(r"^\s*(import|from)\s+matplotlib", path.read_text(encoding="utf-8"), re.M), path
    for requirements in ROOT.glob("requirements*.txt"):
        assert "matplotlib" not in requirements.read_text(encoding="utf-8")


def test_drawing_is_fast() -> None:
    # Generous bound (the measured time is about 1 ms a figure) that a plotting library would break.
    specs = [japanese_spec(), english_spec(), phone_spec("ja"), forest_spec(NARROW)]
    start = time.perf_counter()
    for _ in range(25):
        for spec in specs:
            render_svg(spec)
    assert (time.perf_counter() - start) / 100 < 0.02


# Root, accessibility, text ----------------------------------------------------------------------


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
    assert "Noto Sans CJK JP" in root.attrib["font-family"]


@SPECS
def test_view_box_is_the_width_in_points_and_holds_every_text(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    x, y, width, height = (float(value) for value in root.attrib["viewBox"].split())
    assert (x, y, width) == (0, 0, spec.width * 72)
    rows = sum(len(panel.rows) for panel in spec.panels)
    assert 0.44 * 72 * rows < height < (1.2 + 1.2 * rows + 0.9 * len(spec.panels)) * 72
    for _, text_x_, baseline in text_elements(root):
        assert 0 < text_x_ < width
        assert 0 < baseline < height


def test_text_content_is_escaped_not_interpreted() -> None:
    axis = Axis("linear", 0, 1, "Costs $5 & <b>x</b> (%)", percent=True, reference=0.5, reference_label='"half" & <i>')
    spec = dataclasses.replace(
        english_spec(),
        title='Rates <by> dose & "arm"',
        description="a < b & c > d ]]> <!-- x -->",
        panels=(FigurePanel("<script>alert(1)</script>", (FigureRow("A & B", 0.5, 0.2, 0.8, "<50%>"),), axis),),
    )
    svg = render_svg(spec)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)
    title, desc = list(root)[:2]
    assert title.text == spec.title
    assert desc.text == spec.description
    drawn = texts(root)
    for text in (axis.label, axis.reference_label, "<script>alert(1)</script>", "A & B", "<50%>"):
        assert text in drawn


@SPECS
def test_all_labels_are_svg_text(spec: FigureSpec) -> None:
    svg = render_svg(spec)
    drawn = texts(parse(svg))
    expected = set()
    for panel in spec.panels:
        expected.update({panel.title, panel.axis.label})
        if panel.axis.reference_label is not None:
            expected.add(panel.axis.reference_label)
        expected.update(row.label for row in panel.rows)
        expected.update(row.annotation for row in panel.rows)
    assert expected <= set(drawn)
    assert "<path" in svg and "glyph" not in svg.lower() and "<image" not in svg


def test_japanese_appears_literally() -> None:
    svg = render_svg(japanese_spec())
    for word in ("低用量 (2 mg/日)", "高用量 (4 mg/日)", "臨床的妊娠率", "継続妊娠率（12週）", "対照 5%", "妊娠率 (%)"):
        assert f">{word}</text>" in svg


@SPECS
def test_output_has_no_date_or_creator(spec: FigureSpec) -> None:
    svg = render_svg(spec)
    assert "<metadata" not in svg
    assert "dc:date" not in svg
    assert "matplotlib" not in svg.lower()
    assert not re.search(r"\d{4}-\d{2}-\d{2}", svg)


def test_long_labels_wrap_onto_several_lines() -> None:
    label = "A very long arm label which certainly needs wrapping over more than one line"
    spec = with_rows(english_spec(), FigureRow(label, 0.5, 0.25, 0.75, "50.0% (25.0–75.0)"))
    drawn = texts(parse(render_svg(spec)))
    pieces = [text for text in drawn if text and text in label]
    assert len(pieces) > 1
    assert " ".join(pieces) == label


# Percent axis and reference line -----------------------------------------------------------------


@pytest.mark.parametrize("spec", [japanese_spec(), english_spec()], ids=["ja", "en"])
def test_percent_axis_ticks_run_from_0_to_100_under_every_panel(spec: FigureSpec) -> None:
    for panel in panels(parse(render_svg(spec))):
        left, right, _ = plot_extent(panel)
        drawn = ticks(panel)
        assert list(drawn) == ["0", "20", "40", "60", "80", "100"]
        assert drawn["0"] == pytest.approx(left, abs=0.01)
        assert drawn["100"] == pytest.approx(right, abs=0.01)


@pytest.mark.parametrize("spec", [japanese_spec(), english_spec()], ids=["ja", "en"])
def test_reference_is_a_dashed_vertical_line_at_the_control_rate(spec: FigureSpec) -> None:
    for panel in panels(parse(render_svg(spec))):
        (path,) = of_class(panel, "path", "reference")
        assert path.attrib["stroke-dasharray"]
        x1, y1, y2 = numbers_in(path.attrib["d"])
        assert y1 < y2
        drawn = ticks(panel)
        assert x1 == pytest.approx(drawn["0"] + 0.05 * (drawn["100"] - drawn["0"]), abs=0.01)
        label = [text for text in panel.iter(f"{SVG}text") if text_of(text) == spec.panels[0].axis.reference_label]
        assert len(label) == 1
        assert float(label[0].attrib["y"]) < y1


def test_reference_is_drawn_only_in_panels_that_have_one() -> None:
    spec = forest_spec()
    root = parse(render_svg(spec))
    drawn_panels = panels(root)
    assert len(drawn_panels) == len(spec.panels)
    for panel, drawn in zip(spec.panels, drawn_panels, strict=True):
        references = of_class(drawn, "path", "reference")
        labels = [text for text in texts(drawn) if text == "No difference"]
        assert len(references) == len(labels) == (panel.axis.reference is not None)


def test_estimates_at_zero_and_one_with_full_intervals() -> None:
    spec = boundary_spec()
    (panel,) = panels(parse(render_svg(spec)))
    left, right, _ = plot_extent(panel)
    assert sorted(estimate_xs(panel)) == pytest.approx([left, right], abs=0.01)
    intervals = of_class(panel, "path", "interval")
    assert len(intervals) == 2
    for interval in intervals:
        start, _, end = numbers_in(interval.attrib["d"])[:3]
        assert (start, end) == pytest.approx((left, right), abs=0.01)
        assert interval.attrib["d"].count("v") == 2  # a cap at each end: nothing is cut
    assert not of_class(panel, "path", "clipped")
    assert reference_x(panel) == pytest.approx(left, abs=0.01)


# Log axis, difference axis, clipping ------------------------------------------------------------


def test_log_axis_ticks_are_placed_by_their_logarithm() -> None:
    panel = panels(parse(render_svg(forest_spec())))[2]
    drawn = ticks(panel)
    assert list(drawn) == ["0.5", "1", "2", "5", "10"]
    left, right, _ = plot_extent(panel)
    assert drawn["0.5"] == pytest.approx(left, abs=0.01)
    assert drawn["10"] == pytest.approx(right, abs=0.01)
    for text, x in drawn.items():
        assert (x - left) / (right - left) == pytest.approx(math.log(float(text) / 0.5) / math.log(20), abs=1e-3)
    # 1 to 2 and 5 to 10 are the same distance on a log scale.
    assert drawn["2"] - drawn["1"] == pytest.approx(drawn["10"] - drawn["5"], abs=0.02)


def test_log_axis_null_line_and_estimates_stand_at_their_log_position() -> None:
    spec = forest_spec()
    panel = panels(parse(render_svg(spec)))[2]
    left, right, _ = plot_extent(panel)

    def at(value: float) -> float:
        return left + math.log(value / 0.5) / math.log(10 / 0.5) * (right - left)

    assert reference_x(panel) == pytest.approx(at(1.0), abs=0.01)
    assert reference_x(panel) == pytest.approx(ticks(panel)["1"], abs=0.01)
    assert estimate_xs(panel) == pytest.approx([at(row.estimate) for row in spec.panels[2].rows], abs=0.01)
    for interval, row in zip(of_class(panel, "path", "interval"), spec.panels[2].rows, strict=True):
        start, _, end = numbers_in(interval.attrib["d"])[:3]
        assert (start, end) == pytest.approx((at(row.low), at(row.high)), abs=0.01)


def test_difference_axis_with_negative_values() -> None:
    spec = forest_spec()
    panel = panels(parse(render_svg(spec)))[1]
    drawn = ticks(panel)
    assert list(drawn) == [f"{MINUS}40", f"{MINUS}20", "0", "20", "40", "60"]
    assert not any("-" in text for text in drawn)
    steps = [b - a for a, b in itertools.pairwise(drawn.values())]
    assert all(step == pytest.approx(steps[0], abs=0.02) for step in steps)
    assert reference_x(panel) == pytest.approx(drawn["0"], abs=0.01)
    left, right, _ = plot_extent(panel)
    expected = [left + (row.estimate + 0.4) / 1.0 * (right - left) for row in spec.panels[1].rows]
    assert estimate_xs(panel) == pytest.approx(expected, abs=0.01)
    assert estimate_xs(panel)[1] < reference_x(panel) < estimate_xs(panel)[0]


@pytest.mark.parametrize(
    ("row", "arrows", "square"),
    [
        (FigureRow("above", 0.55, 0.5, 1.4, ""), ["right"], True),
        (FigureRow("below", -0.55, -0.6, 0.2, ""), ["left"], False),
        (FigureRow("both", 0.2, -0.7, 0.9, ""), ["left", "right"], True),
        (FigureRow("beyond", 0.8, 0.7, 0.9, ""), ["right"], False),
    ],
    ids=lambda value: value.label if isinstance(value, FigureRow) else None,
)
def test_intervals_outside_the_domain_are_cut_with_an_arrow(row: FigureRow, arrows: list[str], square: bool) -> None:
    axis = Axis("linear", -0.5, 0.6, "Difference", reference=0.0, reference_label="0")
    spec = with_rows(english_spec(), FigureRow("inside", 0.1, 0.0, 0.2, ""), row, axis=axis)
    (panel,) = panels(parse(render_svg(spec)))
    left, right, _ = plot_extent(panel)
    inside, cut = [g for g in panel.iter(f"{SVG}g") if g.attrib.get("class") == "row"]
    assert not of_class(inside, "path", "clipped")
    tips = sorted(numbers_in(path.attrib["d"])[0] for path in of_class(cut, "path", "clipped"))
    assert tips == pytest.approx([{"left": left, "right": right}[side] for side in arrows], abs=0.01)
    assert bool(of_class(cut, "rect", "estimate")) == square
    for path in of_class(cut, "path", "clipped") + of_class(cut, "path", "interval"):
        assert all(left - 8 <= x <= right + 8 for x in path_xs(path.attrib["d"]))
    for interval in of_class(cut, "path", "interval"):
        start, _, end = numbers_in(interval.attrib["d"])[:3]
        assert left - 0.01 <= start <= end <= right + 0.01
        assert interval.attrib["d"].count("v") == 2 - len(arrows)  # no cap where the interval is cut


def test_log_axis_clipping() -> None:
    axis = Axis("log", 0.5, 2.0, "Hazard ratio (log scale)", reference=1.0, reference_label="No difference")
    spec = with_rows(english_spec(), FigureRow("HR", 0.8, 0.3, 1.5, "0.80 (0.30–1.50)"), axis=axis)
    (panel,) = panels(parse(render_svg(spec)))
    left, _, _ = plot_extent(panel)
    (arrow,) = of_class(panel, "path", "clipped")
    assert numbers_in(arrow.attrib["d"])[0] == pytest.approx(left, abs=0.01)
    assert list(ticks(panel)) == ["0.5", "1", "2"]


# Domains and tick labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "scale", "include", "expected"),
    [
        ([1.13, 4.70, 1.24, 9.19], "log", 1.0, (1.0, 10.0)),
        ([0.31, 2.4], "log", 1.0, (0.2, 5.0)),
        ([1.5, 3.0], "log", 1.0, (1.0, 5.0)),
        ([0.012, 0.9], "log", None, (0.01, 1.0)),
        ([1.0], "log", 1.0, (0.5, 2.0)),
        ([0.051, 0.433, -0.21, 0.12], "linear", 0.0, (-0.4, 0.6)),
        ([0.384, 0.957], "linear", 0.0, (0.0, 1.0)),
        ([-3.1, 0.4], "linear", 0.0, (-4.0, 1.0)),
        ([12.0, 17.5], "linear", None, (12.0, 18.0)),
        ([0.0], "linear", 0.0, (-1.0, 1.0)),
    ],
)
def test_nice_axis_covers_the_values_and_the_reference(
    values: list[float], scale: str, include: float | None, expected: tuple[float, float]
) -> None:
    low, high = nice_axis(values, scale, include=include)  # type: ignore[arg-type]
    assert (low, high) == pytest.approx(expected)
    assert low <= min([*values, *([include] if include is not None else [])])
    assert high >= max([*values, *([include] if include is not None else [])])


@pytest.mark.parametrize(
    ("values", "scale"),
    [([], "linear"), ([0.0, 1.0], "log"), ([-1.0], "log"), ([math.nan], "linear"), ([math.inf], "linear")],
)
def test_nice_axis_refuses_what_it_cannot_show(values: list[float], scale: str) -> None:
    with pytest.raises(ValueError, match="value"):
        nice_axis(values, scale)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tick", "text"),
    [
        ("0", "0"),
        ("-0", "0"),
        ("100", "100"),
        ("1E+2", "100"),
        ("-20", f"{MINUS}20"),
        ("0.50", "0.5"),
        ("0.05", "0.05"),
    ],
)
def test_tick_labels_are_plain_decimals_with_a_true_minus(tick: str, text: str) -> None:
    assert tick_label(Decimal(tick)) == text


def test_crowded_log_ticks_thin_out_on_a_phone() -> None:
    axis = Axis("log", 0.001, 1000.0, "Odds ratio (log scale)", reference=1.0, reference_label="1")
    spec = dataclasses.replace(
        with_rows(english_spec(), FigureRow("OR", 3.0, 0.002, 800.0, ""), axis=axis), width=NARROW
    )
    (panel,) = panels(parse(render_svg(spec)))
    drawn = ticks(panel)
    assert "1" in drawn and "0.001" in drawn and "1000" in drawn
    assert "2" not in drawn  # the 1-2-5 ticks would collide at this width
    xs = list(drawn.values())
    assert all(b - a > 25 for a, b in itertools.pairwise(xs))


def test_narrow_log_domain_gets_linear_ticks() -> None:
    axis = Axis("log", 0.7, 1.5, "Ratio (log scale)", reference=1.0, reference_label="1")
    (panel,) = panels(parse(render_svg(with_rows(english_spec(), FigureRow("R", 1.1, 0.8, 1.4, ""), axis=axis))))
    drawn = ticks(panel)
    assert len(drawn) >= 3
    assert "1" in drawn


# Validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        FigureRow("low above estimate", 0.4, 0.5, 0.6, ""),
        FigureRow("high below estimate", 0.4, 0.3, 0.35, ""),
        FigureRow("not a number", math.nan, 0.3, 0.5, ""),
        FigureRow("infinite", 0.4, 0.3, math.inf, ""),
    ],
    ids=lambda row: row.label,
)
def test_rows_out_of_order_or_not_finite_are_rejected(row: FigureRow) -> None:
    with pytest.raises(ValueError, match="row"):
        render_svg(with_rows(english_spec(), row))


def test_values_at_or_below_zero_are_rejected_on_a_log_axis() -> None:
    axis = Axis("log", 0.1, 10.0, "Ratio", reference=1.0, reference_label="1")
    with pytest.raises(ValueError, match="log scale"):
        render_svg(with_rows(english_spec(), FigureRow("OR", 1.0, 0.0, 2.0, ""), axis=axis))


@pytest.mark.parametrize(
    ("axis", "message"),
    [
        (Axis("log", 0.0, 10.0, "Ratio"), "log scale"),
        (Axis("log", -1.0, 10.0, "Ratio"), "log scale"),
        (Axis("linear", 1.0, 1.0, "Rate"), "low < high"),
        (Axis("linear", 1.0, 0.0, "Rate"), "low < high"),
        (Axis("linear", 0.0, math.inf, "Rate"), "finite"),
        (Axis("linear", 0.0, 1.0, "Rate", reference=1.5, reference_label="x"), "outside the domain"),
        (Axis("log", 2.0, 10.0, "Ratio", reference=1.0, reference_label="1"), "outside the domain"),
        (Axis("linear", 0.0, 1.0, "Rate", reference=math.nan, reference_label="x"), "outside the domain"),
        (Axis("linear", 0.0, 1.0, "Rate", reference=0.5), "no label"),
        (Axis("linear", 0.0, 1.0, "Rate", reference_label="Control"), "no reference"),
        (Axis("curved", 0.0, 1.0, "Rate"), "scale"),  # type: ignore[arg-type]
    ],
)
def test_unusable_axes_are_rejected(axis: Axis, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_svg(with_rows(english_spec(), FigureRow("A", 5.0, 5.0, 5.0, ""), axis=axis))


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "form\x0cfeed", "\ufffe"])
def test_text_xml_cannot_hold_is_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="XML"):
        render_svg(with_rows(english_spec(), FigureRow(text, 0.5, 0.4, 0.6, "")))
    with pytest.raises(ValueError, match="XML"):
        render_svg(dataclasses.replace(english_spec(), description=text))


def test_empty_figures_are_rejected() -> None:
    with pytest.raises(ValueError, match="panel"):
        render_svg(dataclasses.replace(english_spec(), panels=()))
    with pytest.raises(ValueError, match="no rows"):
        render_svg(with_rows(english_spec()))


@pytest.mark.parametrize("width", [2.0, 0.0, -4.2, math.nan, math.inf])
def test_unusable_widths_are_rejected(width: float) -> None:
    with pytest.raises(ValueError, match="width"):
        render_svg(dataclasses.replace(english_spec(), width=width))


# Wide and narrow layouts ------------------------------------------------------------------------


def test_width_defaults_to_the_wide_layout() -> None:
    assert english_spec().width == 7.5
    root = parse(render_svg(english_spec()))
    for panel in panels(root):
        _, right, _ = plot_extent(panel)
        # Wide: the annotations stand in a column right of the plot area.
        assert text_x(root, "66.7% (38.4–88.2)") > right


def test_panels_share_the_plot_columns() -> None:
    extents = {plot_extent(panel)[:2] for panel in panels(parse(render_svg(forest_spec())))}
    assert len(extents) == 1


@NARROW_SPECS
def test_narrow_rendering_is_reproducible(spec: FigureSpec) -> None:
    svg = render_svg(spec)
    assert svg == render_svg(spec)
    child = render_in_child(spec, hash_seed="99")
    assert child.returncode == 0, child.stderr.decode()
    assert child.stdout == svg.encode("utf-8")


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
    drawn_panels = panels(root)
    assert len(drawn_panels) == len(spec.panels)
    for panel in drawn_panels:
        left, right, _ = plot_extent(panel)
        assert right - left >= 0.45 * view_width
        assert left > 0
        # The last tick label, centered on the right edge, needs room to its right.
        assert view_width - right >= 12


@NARROW_SPECS
def test_narrow_rows_stack_annotation_under_label(spec: FigureSpec) -> None:
    root = parse(render_svg(spec))
    line_pitch = 11 * 1.35
    for panel_spec, panel in zip(spec.panels, panels(root), strict=True):
        drawn = text_elements(panel)
        plot_left, _, _ = plot_extent(panel)
        cursor, _ = lines_of(panel_spec.title, drawn)
        previous_bottom = -math.inf
        for row in panel_spec.rows:
            cursor, label = lines_of(row.label, drawn, cursor)
            cursor, note = lines_of(row.annotation, drawn, cursor)
            stack = [*label, *note]
            assert stack == drawn[cursor - len(stack) : cursor]
            # Label lines then the annotation, right-aligned at one x left of the plot area.
            assert len({x for _, x, _ in stack}) == 1
            assert stack[0][1] < plot_left
            baselines = [y for _, _, y in stack]
            assert baselines[0] > previous_bottom + line_pitch
            assert all(b - a == pytest.approx(line_pitch, abs=0.02) for a, b in itertools.pairwise(baselines))
            previous_bottom = baselines[-1]


@NARROW_SPECS
def test_narrow_estimates_stay_inside_the_plot_area(spec: FigureSpec) -> None:
    for panel in panels(parse(render_svg(spec))):
        left, right, _ = plot_extent(panel)
        markers = estimate_xs(panel)
        assert markers
        assert all(left <= x <= right for x in markers)


def test_narrow_labels_break_before_a_bracketed_group() -> None:
    drawn = [text for text, _, _ in text_elements(parse(render_svg(phone_spec("en"))))]
    assert "(2 mg a day)" in drawn
    assert "Low dose" in drawn


def test_between_widths_keep_the_annotation_column() -> None:
    spec = dataclasses.replace(english_spec(), width=6.0)
    root = parse(render_svg(spec))
    assert float(root.attrib["viewBox"].split()[2]) == pytest.approx(6 * 72)
    for panel in panels(root):
        left, right, _ = plot_extent(panel)
        assert text_x(root, "66.7% (38.4–88.2)") > right
        assert right - left >= 0.33 * 6 * 72
