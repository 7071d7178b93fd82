"""Read a draft (Word, PDF, plain text or Markdown) into blocks of text that know where they stand.

Word (python-docx): body paragraphs and lists in order, tables cell by cell, text boxes, headers
and footers. PDF (pdfplumber): each page's lines outside its tables as one text, and each table
found on the page cell by cell (a cell's wrapped lines joined). Text and Markdown: the lines.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.errors import N_, DataError, Message, Problem

SUFFIXES = (".docx", ".pdf", ".txt", ".md")

PARAGRAPH = N_("paragraph {n}")
HEADER = N_("header, paragraph {n}")
FOOTER = N_("footer, paragraph {n}")
TEXT_BOX = N_("text box {box}, paragraph {n}")
CELL = N_("table {table}, row {row}, column {column}")
PAGE_LINE = N_("page {page}, line {line}")
PAGE_CELL = N_("page {page}, table {table}, row {row}, column {column}")
LINE = N_("line {line}")


@dataclass(frozen=True)
class Block:
    """A run of text of a draft: a paragraph, a table cell, or a page's running text."""

    text: str
    where: Message
    """Where the block starts, for people."""
    header: str = ""
    """A table cell's column header."""
    row: str = ""
    """A table cell's whole row (an empty leading cell holds the one above: a merged cell)."""
    lines: tuple[int, ...] = ()
    """For a block of several lines: the offset where each line starts."""
    line_where: tuple[Message, ...] = field(default=())
    """Where each of those lines stands."""
    table: list[list[str]] | None = None
    """For the first cell of a table: the whole table, row by row (for the import and the report)."""
    cell: bool = False
    """Whether the block is a table cell."""
    position: tuple[int, int] = (0, 0)
    """A table cell's row and column, from 1."""

    def where_at(self, offset: int) -> Message:
        """Return where the character at offset stands."""
        if not self.lines:
            return self.where
        return self.line_where[bisect.bisect_right(self.lines, offset) - 1]


def read_draft(path: Path, display: str) -> list[Block]:
    """Return the blocks of the draft at path, in reading order; raise DataError if it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        expected = Message(N_("a draft ending in {suffixes}"), {"suffixes": ", ".join(SUFFIXES)})
        raise DataError([Problem(display, "", expected, repr(path.name))])
    if not path.is_file():
        raise DataError([Problem(display, "", Message(N_("a draft file")), Message(N_("no such file")))])
    try:
        if suffix == ".docx":
            return list(_docx(path))
        if suffix == ".pdf":
            return list(_pdf(path))
        return list(_text(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        found = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        raise DataError(
            [Problem(display, "", Message(N_("a readable {kind} file"), {"kind": suffix}), found)]
        ) from error
    except Exception as error:  # python-docx and pdfminer raise their own kinds on a broken file
        raise DataError(
            [Problem(display, "", Message(N_("a readable {kind} file"), {"kind": suffix}), str(error))]
        ) from error


def _text(text: str) -> Iterator[Block]:
    """Yield each line of a text, and each run of tab-separated or Markdown table lines as a table."""
    lines = text.splitlines()
    index = 0
    tables = 0
    while index < len(lines):
        if not _table_line(lines[index]):
            if lines[index].strip():
                yield Block(lines[index], Message(LINE, {"line": index + 1}))
            index += 1
            continue
        first = index
        while index < len(lines) and _table_line(lines[index]):
            index += 1
        tables += 1
        rows = [_split(line) for line in lines[first:index] if not re.fullmatch(r"[\s|:-]+", line)]
        lines_of = [number for number in range(first, index) if not re.fullmatch(r"[\s|:-]+", lines[number])]

        def where(row: int, column: int, lines_of: list[int] = lines_of) -> Message:
            return Message(LINE, {"line": lines_of[row - 1] + 1})

        yield from _table_blocks(rows, where)


def _table_line(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def _split(line: str) -> list[str]:
    if line.lstrip().startswith("|"):
        return [cell.strip() for cell in line.strip().strip("|").split("|")]
    return [cell.strip() for cell in line.split("\t")]


def _table_blocks(rows: Sequence[Sequence[str]], where: Any) -> Iterator[Block]:
    """Yield one block per cell, the header row first; an empty first cell repeats the one above.

    The first block carries the whole table, for the import and the report.
    """
    if not rows:
        return
    header = list(rows[0])
    blocks: list[Block] = [
        Block(cell, where(1, column), cell=True, position=(1, column))
        for column, cell in enumerate(header, start=1)
        if cell.strip()
    ]
    carried = ""
    for row_index, cells in enumerate(rows[1:], start=2):
        first = cells[0].strip() if cells else ""
        carried = first or carried
        row_text = " ".join([carried, *cells[1:]])
        for column, cell in enumerate(cells, start=1):
            if not cell.strip():
                continue
            head = header[column - 1] if column - 1 < len(header) else ""
            blocks.append(
                Block(
                    cell, where(row_index, column), header=head, row=row_text, cell=True, position=(row_index, column)
                )
            )
    if blocks:
        blocks[0] = replace(blocks[0], table=[list(row) for row in rows])
    yield from blocks


def _docx(path: Path) -> Iterator[Block]:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    count = 0
    tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            rows = [[_cell_text(cell) for cell in _unique_cells(row)] for row in item.rows]
            number = tables

            def where(row: int, column: int, number: int = number) -> Message:
                return Message(CELL, {"table": number, "row": row, "column": column})

            yield from _table_blocks(rows, where)
            continue
        if item.text.strip():
            count += 1
            yield Block(item.text, Message(PARAGRAPH, {"n": count}))
    body = document.element.body
    for box, content in enumerate(
        body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"), 1
    ):
        texts = [_xml_text(paragraph) for paragraph in content.iter(_W + "p")]
        for n, text in enumerate((text for text in texts if text.strip()), start=1):
            yield Block(text, Message(TEXT_BOX, {"box": box, "n": n}))
    for section in document.sections:
        for part, kind in ((section.header, HEADER), (section.footer, FOOTER)):
            if part.is_linked_to_previous and section is not document.sections[0]:
                continue
            texts = [paragraph.text for paragraph in part.paragraphs if paragraph.text.strip()]
            for n, text in enumerate(texts, start=1):
                yield Block(text, Message(kind, {"n": n}))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml_text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(_W + "t"))


def _unique_cells(row: Any) -> list[Any]:
    """Return a row's cells, a horizontally merged cell once."""
    cells: list[Any] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells


def _cell_text(cell: Any) -> str:
    return "\n".join(paragraph.text for paragraph in cell.paragraphs).strip()


def _join(lines: Sequence[str]) -> tuple[str, list[int]]:
    """Join wrapped lines: Japanese lines run on, others take a space; return the text and line offsets."""
    text = ""
    offsets: list[int] = []
    for line in lines:
        if text and not (_cjk(text[-1]) or _cjk(line[:1])):
            text += " "
        offsets.append(len(text))
        text += line
    return text, offsets


def _cjk(char: str) -> bool:
    return bool(char) and bool(re.match(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]", char))


def join_cell(text: str) -> str:
    """Return a table cell's wrapped lines as one line."""
    joined, _ = _join([line.strip() for line in text.splitlines() if line.strip()])
    return joined


SUPERSCRIPT_RISE = 5
"""Points a character may sit above its line and still belong to it (an author's affiliation number)."""
PARAGRAPH_GAP = 0.8
"""Blank space between two lines, as a share of the line's height, that starts a paragraph."""


def _paragraphs(numbered: Sequence[tuple[int, dict[str, Any]]]) -> list[list[tuple[int, dict[str, Any]]]]:
    """Group a page's lines into paragraphs where the space between two lines is wider than within one."""
    paragraphs: list[list[tuple[int, dict[str, Any]]]] = []
    for item in numbered:
        if paragraphs:
            previous = paragraphs[-1][-1][1]
            blank = item[1]["top"] - previous["bottom"]
            if blank <= PARAGRAPH_GAP * (previous["bottom"] - previous["top"]):
                paragraphs[-1].append(item)
                continue
        paragraphs.append([item])
    return paragraphs


def _inside(line: dict[str, Any], boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    """Return whether a line of text lies within one of a page's tables."""
    middle = (line["top"] + line["bottom"]) / 2
    return any(top <= middle <= bottom and x0 - 1 <= line["x0"] <= x1 for x0, top, x1, bottom in boxes)


def _pdf(path: Path) -> Iterator[Block]:
    import pdfplumber

    tables_seen = 0
    with pdfplumber.open(str(path)) as pdf:
        for page_number, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            boxes = [table.bbox for table in tables]

            numbered = [
                (number, line)
                for number, line in enumerate(page.extract_text_lines(y_tolerance=SUPERSCRIPT_RISE), start=1)
                if line["text"].strip() and not _inside(line, boxes)
            ]
            for paragraph in _paragraphs(numbered):
                text, offsets = _join([line["text"] for _, line in paragraph])
                wheres = tuple(Message(PAGE_LINE, {"page": page_number, "line": number}) for number, _ in paragraph)
                yield Block(text, wheres[0], lines=tuple(offsets), line_where=wheres)
            for table in tables:
                tables_seen += 1
                rows = [[join_cell(cell or "") for cell in row] for row in table.extract()]
                number = tables_seen

                def where(row: int, column: int, number: int = number, page: int = page_number) -> Message:
                    return Message(PAGE_CELL, {"page": page, "table": number, "row": row, "column": column})

                yield from _table_blocks(rows, where)
