"""Write the office's drafts of the first release as the tests need them: Word and PDF, Japanese and English.

The Japanese draft is the release's own text (tests/data/drafts/release-ja.txt, a copy of the
press release); the English one is the English texts of the release's data. Table 1 is a real
Word table (its endpoint cells merged down) and, in the PDF, a ruled table whose long cells
wrap. `plant` swaps printed figures for wrong ones before the files are written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import RELEASE_FILE

JA_TEXT = Path(__file__).resolve().parent / "data" / "drafts" / "release-ja.txt"
"""The Japanese press release as the office wrote it (a copy of shared/000_bdb7ba9b751a9e8e.txt)."""


@dataclass
class Draft:
    """A draft as paragraphs, with Table 1 after the paragraph at table_at."""

    paragraphs: list[str]
    table: list[list[str]]
    table_at: int
    superscripts: bool = True
    notes: list[str] = field(default_factory=list)


def japanese() -> Draft:
    """Return the Japanese release as paragraphs and Table 1."""
    text = JA_TEXT.read_text(encoding="utf-8")
    paragraphs: list[str] = []
    table: list[list[str]] = []
    table_at = 0
    for raw in re.split(r"\n[ ]*\n", text):
        block = raw.strip()
        if not block:
            continue
        if "\t" in block:
            table = [line.split("\t") for line in raw.strip("\n").splitlines()]
            table_at = len(paragraphs)
            continue
        block = re.sub(r"^#+ ", "", block.replace("**", ""), flags=re.MULTILINE)
        for line in re.split(r" {2,}\n|\n(?=- )", block):
            paragraphs.append(line.strip().removeprefix("- ").strip())
    return Draft(paragraphs, table, table_at)


def en(value: Any) -> str:
    """Return the English text of a bilingual value, on one line."""
    return " ".join(str(value["en"]).split())


def english() -> Draft:
    """Return the English texts of the release's data as a draft with Table 1."""
    data = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    paragraphs = ["For immediate release", data["date"].strftime("%B %-d, %Y"), en(data["issuer"])]
    paragraphs += [en(data["headline"]), en(data["subtitle"])]
    paragraphs += [en(item) for item in data["lead"]]
    table_at = len(paragraphs)
    paragraphs += [en(data["results"]["caption"]), "Key points"]
    paragraphs += [en(item) for item in data["key_points"]]
    paragraphs += ["Study summary", en(data["design"]["summary"]), "Outlook"]
    paragraphs += [en(item) for item in data["outlook"]]
    publication = data["publication"]
    paragraphs += ["Publication", f"Title: {publication['title']}", f"Journal: {publication['journal']}"]
    paragraphs += [f"DOI: {publication['doi']}", "Funding", en(data["funding"])]
    labels = {item["id"]: en(item["label"]) for item in data["design"]["endpoints"] + data["design"]["arms"]}
    table = [["", "Group", "Pregnancy rate - % (n/N)", "95% CI", "P value"]]
    for cell in data["results"]["cells"]:
        first = labels[cell["endpoint"]] if cell["arm"] == "low" else ""
        rate = f"{cell['published']['rate']} ({cell['events']}/{cell['analyzed']})"
        table.append([first, labels[cell["arm"]], rate, cell["published"]["ci"], "<0.0001"])
    return Draft(paragraphs, table, table_at)


def plant(draft: Draft, swaps: Mapping[tuple[str, int], tuple[str, str]]) -> Draft:
    """Return the draft with figures swapped: {(where, index): (old, new)}.

    where is "table" (index: row) or "text" (index: the paragraph holding old, counted among those
    that hold it). Each swap must change the draft: a swap that finds nothing fails the test.
    """
    paragraphs = list(draft.paragraphs)
    table = [list(row) for row in draft.table]
    for (where, index), (old, new) in swaps.items():
        if where == "table":
            row = table[index]
            changed = [cell.replace(old, new, 1) for cell in row]
            assert changed != row, (old, index)
            table[index] = changed
            continue
        holding = [number for number, text in enumerate(paragraphs) if old in text]
        number = holding[index]
        paragraphs[number] = paragraphs[number].replace(old, new, 1)
    return Draft(paragraphs, table, draft.table_at, draft.superscripts)


def write_docx(draft: Draft, target: Path) -> Path:
    """Write the draft as a Word file, Table 1 a real table with its endpoint cells merged down."""
    import docx

    document = docx.Document()
    for number, text in enumerate(draft.paragraphs):
        if number == draft.table_at:
            _docx_table(document, draft.table)
        paragraph = document.add_paragraph()
        for part in re.split(r"(<sup>\d+</sup>)", text):
            if part.startswith("<sup>"):
                paragraph.add_run(part[5:-6]).font.superscript = True
            elif part:
                paragraph.add_run(part)
    document.save(str(target))
    return target


def _docx_table(document: object, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for row_index, row in enumerate(rows):
        for column, text in enumerate(row):
            if text:
                table.cell(row_index, column).text = text
    row_index = 1
    while row_index < len(rows):
        end = row_index
        while end + 1 < len(rows) and not rows[end + 1][0]:
            end += 1
        if end > row_index:
            table.cell(row_index, 0).merge(table.cell(end, 0))
            table.cell(row_index, 0).text = rows[row_index][0]
        row_index = end + 1


def write_pdf(draft: Draft, target: Path) -> Path:
    """Write the draft as a PDF typeset with ReportLab, Table 1 a ruled table whose long cells wrap."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "HeiseiKakuGo-W5"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    story: list[object] = []
    for number, text in enumerate(draft.paragraphs):
        if number == draft.table_at:
            cells = [[Paragraph(_escape(text), cell_style) for text in row] for row in draft.table]
            table = Table(cells, colWidths=[45 * mm, 22 * mm, 35 * mm, 30 * mm, 20 * mm])
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            )
            story += [table, Spacer(1, 4 * mm)]
        story.append(
            Paragraph(_escape(text).replace("&lt;sup&gt;", "<super>").replace("&lt;/sup&gt;", "</super>"), style)
        )
        story.append(Spacer(1, 2 * mm))
    document = SimpleDocTemplate(str(target), pagesize=A4, invariant=1, leftMargin=20 * mm, rightMargin=20 * mm)
    document.build(story)
    return target


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
