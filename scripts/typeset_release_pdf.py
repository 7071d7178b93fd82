r"""Typeset the Japanese text of a press release as a PDF, reproducibly (same text, same bytes).

The real release's office PDF is not in the repository; this makes a faithful stand-in from the
release's plain text (../shared/000_bdb7ba9b751a9e8e.txt), typeset as it reads: headings,
paragraphs, superscript affiliation numbers, bulleted and numbered lists, and the tab-separated
Table 1 as a table. ReportLab and fontTools (pinned in requirements-dev.txt) in invariant mode.
The font is Noto Sans CJK JP from the pinned font package the social cards use
(manimgx-fonts-cjk): its variable CFF2 outlines are instanced at two weights, cut down to the
characters of the text and converted to TrueType outlines, which ReportLab embeds (`pdffonts`
lists them as embedded subsets).

    .venv/bin/python scripts/typeset_release_pdf.py ../shared/000_bdb7ba9b751a9e8e.txt \
        data/releases/2026-05-18-tacrolimus/release-ja.pdf
"""

from __future__ import annotations

import argparse
import io
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.varLib.instancer import instantiateVariableFont
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_FILE = ("manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc")
"""Noto Sans CJK (variable, CFF2) from the pinned package; the Japanese face is the collection's first."""
WEIGHTS = {"NotoSansJP": 400, "NotoSansJP-Bold": 700}
BULLET = "•"
REGULAR, BOLD = WEIGHTS


def truetype(text: str, weight: int) -> io.BytesIO:
    """Return Noto Sans CJK JP at weight, with only text's characters, as a TrueType font file.

    ReportLab embeds TrueType outlines only: the cubic CFF2 curves become quadratic ones (cu2qu,
    at most 1 unit of 1000 away), and the tables a static TrueType font has no use for go.
    """
    with resources.as_file(resources.files(FONT_FILE[0]) / FONT_FILE[1]) as path:
        font = TTCollection(str(path), lazy=False).fonts[0]
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["BASE", "DSIG", "GDEF", "GPOS", "GSUB", "STAT", "VORG", "VVAR", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(char) for char in text + BULLET + " "})
    subsetter.subset(font)
    font = instantiateVariableFont(font, {"wght": weight})
    style = "Regular" if weight < 600 else "Bold"
    for record_id, value in (
        (1, "Noto Sans CJK JP"),
        (2, style),
        (4, f"Noto Sans CJK JP {style}"),
        (6, f"NotoSansCJKjp-{style}"),
    ):
        font["name"].setName(value, record_id, 3, 1, 0x409)
        font["name"].setName(value, record_id, 1, 0, 0)
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for tag in ("CFF2", "CFF "):
        if tag in font:
            del font[tag]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"
    font.recalcTimestamp = False  # the same bytes on every run
    out = io.BytesIO()
    font.save(out)
    # Left side bearings and bounds follow the new outlines: read back and save once more.
    rebuilt = TTFont(io.BytesIO(out.getvalue()), recalcTimestamp=False)
    glyphs = rebuilt["glyf"]
    metrics = rebuilt["hmtx"].metrics
    for name in order:
        glyph = glyphs[name]
        glyph.recalcBounds(glyphs)
        metrics[name] = (metrics[name][0], getattr(glyph, "xMin", 0))
    final = io.BytesIO()
    rebuilt.save(final)
    final.seek(0)
    return final


# ---------------------------------------------------------------------------------------------
# The text's structure


@dataclass(frozen=True)
class Block:
    """One block of the text: a heading, a paragraph, a list or a table."""

    kind: str
    """heading, paragraph, bullets, numbered or table."""
    lines: tuple[str, ...]


_HEADING = re.compile(r"^(#+ )?\*{0,2}(【[^】]+】)\*{0,2}$")
_BULLET = re.compile(r"^- (?!\d+\) )")
_NUMBERED = re.compile(r"^(?:- )?(\d+)\) ")


def blocks(text: str) -> list[Block]:
    """Return the text's blocks in order: blank lines separate them; a tab marks a table row."""
    found: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if any("\t" in line for line in lines):
            found.append(Block("table", tuple(lines)))
        elif len(lines) == 1 and _HEADING.match(lines[0].strip()):
            found.append(Block("heading", (_HEADING.match(lines[0].strip())[2],)))  # type: ignore[index]
        elif all(_NUMBERED.match(line) for line in lines):
            found.append(Block("numbered", tuple(lines)))
        elif all(_BULLET.match(line) for line in lines):
            found.append(Block("bullets", tuple(line[2:] for line in lines)))
        else:
            found.append(Block("paragraph", tuple(lines)))
    # A numbered item the source set apart by a blank line (its "9)") continues the list above.
    merged: list[Block] = []
    for block in found:
        if block.kind == "numbered" and merged and merged[-1].kind == "numbered":
            merged[-1] = Block("numbered", merged[-1].lines + block.lines)
        else:
            merged.append(block)
    return merged


def inline(text: str) -> str:
    """Return a line as ReportLab markup: escaped, **bold** in the bold face, <sup>n</sup> as superscript."""
    marked = escape(text.strip())
    marked = re.sub(r"&lt;sup&gt;(.*?)&lt;/sup&gt;", r"<super>\1</super>", marked)
    return re.sub(r"\*\*(.+?)\*\*", rf'<font name="{BOLD}">\1</font>', marked)


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=16, alignment=TA_LEFT, wordWrap="CJK")
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=14, leading=22, spaceAfter=6),
        "heading": ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=11, leading=18, spaceBefore=6),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=13),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=9, leading=13),
        "caption": ParagraphStyle("caption", parent=body, fontName=BOLD, fontSize=9, leading=14),
    }


def table(block: Block, style: dict[str, ParagraphStyle]) -> Table:
    """Return tab-separated rows as a table, the first row its header.

    An empty first cell continues the cell above it (the endpoint of a group of rows): they are merged.
    """
    rows = [line.split("\t") for line in block.lines]
    width = max(len(row) for row in rows)
    cells = [
        [Paragraph(inline(cell), style["head" if index == 0 else "cell"]) for cell in row + [""] * (width - len(row))]
        for index, row in enumerate(rows)
    ]
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    start = None
    for index, row in enumerate(rows[1:], start=1):
        if row[0].strip():
            start = index
        elif start is not None:
            commands.append(("SPAN", (0, start), (0, index)))
    columns = [62 * mm, 17 * mm, 32 * mm, 28 * mm, 21 * mm][:width]
    return Table(cells, colWidths=columns, style=TableStyle(commands), hAlign="LEFT")


def story(text: str) -> list[Flowable]:
    """Return the flowables of the text, block by block."""
    style = styles()
    flowables: list[Flowable] = []
    for block in blocks(text):
        if block.kind == "table":
            flowables.append(table(block, style))
        elif block.kind == "heading":
            flowables.append(Paragraph(inline(block.lines[0]), style["heading"]))
        elif block.kind == "bullets":
            items = [ListItem(Paragraph(inline(line), style["body"])) for line in block.lines]
            flowables.append(ListFlowable(items, bulletType="bullet", start=BULLET, bulletFontName=REGULAR))
        elif block.kind == "numbered":
            items = []
            for line in block.lines:
                match = _NUMBERED.match(line)
                assert match is not None
                items.append(ListItem(Paragraph(inline(line[match.end() :]), style["body"]), value=int(match[1])))
            flowables.append(
                ListFlowable(items, bulletType="1", bulletFormat="%s)", bulletFontName=REGULAR, bulletFontSize=10)
            )
        else:
            joined = "<br/>".join(inline(line) for line in block.lines)
            bold_title = all(line.startswith("**") or line.endswith("**") for line in block.lines)
            caption = block.lines[0].startswith("【表")
            kind = "title" if bold_title and "～" in joined else "caption" if caption else "body"
            flowables.append(Paragraph(joined.replace("**", ""), style[kind]))
        flowables.append(Spacer(1, 2 * mm))
    return flowables


def typeset(source: Path, target: Path, title: str) -> None:
    """Write the PDF of source's text to target."""
    text = source.read_text(encoding="utf-8")
    for name, weight in WEIGHTS.items():
        pdfmetrics.registerFont(ReportLabFont(name, truetype(text + title, weight)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    document = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="",
        creator="",
        producer="",
        subject="",
        invariant=1,
        initialFontName=REGULAR,  # not ReportLab's Helvetica, which the PDF would name without carrying
    )
    # Invariant mode's fixed date, not SOURCE_DATE_EPOCH (which ReportLab prefers and `make`
    # sets from the last commit): the PDF's bytes must not depend on the commit that builds them.
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    document.build(story(text))


def main() -> None:
    """Typeset the file named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the release's plain text (UTF-8)")
    parser.add_argument("target", type=Path, help="the PDF to write")
    parser.add_argument("--title", default="世界初・不妊症に対する新たな治療方法を開発", help="the PDF's title")
    args = parser.parse_args()
    typeset(args.source, args.target, args.title)


if __name__ == "__main__":
    main()
