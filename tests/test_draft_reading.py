"""Reading drafts: every part of a Word file, PDF tables whose cells wrap, text tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.drafts.read import Block, read_draft
from generator.errors import DataError
from tests import draft_files

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = (
    f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:200pt;height:40pt">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    "</v:shape></w:pict></w:r>"
)


def _where(blocks: list[Block], text: str) -> str:
    return next(block.where.render(lambda message: message) for block in blocks if text in block.text)


def test_word_parts_are_read_with_where_they_stand(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("First paragraph.")
    holder = document.add_paragraph("Second paragraph, holding a text box.")
    holder._p.append(parse_xml(TEXT_BOX.format(text="In a box: the low-dose rate was 68.7%.")))
    document.add_paragraph("- a list item")
    document.sections[0].header.paragraphs[0].text = "Embargoed until May 18, 2026"
    document.sections[0].footer.paragraphs[0].text = "DOI 10.1016/j.jri.2026.104904"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Group", "Rate, %"
    table.cell(1, 0).text, table.cell(1, 1).text = "Low dose", "66.7"
    path = tmp_path / "parts.docx"
    document.save(str(path))
    blocks = read_draft(path, "parts.docx")
    assert _where(blocks, "Second paragraph") == "paragraph 2"
    assert _where(blocks, "a list item") == "paragraph 3"
    assert _where(blocks, "In a box") == "text box 1, paragraph 1"
    assert _where(blocks, "Embargoed") == "header, paragraph 1"
    assert _where(blocks, "DOI") == "footer, paragraph 1"
    cell = next(block for block in blocks if block.text == "66.7")
    assert (cell.where.render(lambda message: message), cell.header, cell.row) == (
        "table 1, row 2, column 2",
        "Rate, %",
        "Low dose 66.7",
    )


def test_a_figure_in_a_text_box_is_proofed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import docx
    from docx.oxml import parse_xml

    from tests.test_proof import run_proof

    document = docx.Document()
    document.add_paragraph("World first: a new treatment developed for infertility")
    holder = document.add_paragraph("")
    holder._p.append(parse_xml(TEXT_BOX.format(text="The rate was 68.7% in the low-dose group.")))
    path = tmp_path / "box.docx"
    document.save(str(path))
    code, lines = run_proof(caplog, str(path))
    assert code == 1
    assert lines[0] == (
        f"{path}:text box 1, paragraph 1: printed '68.7%', expected '66.7' "
        "(Low dose, Clinical pregnancy 3 weeks after embryo transfer, rate)"
    )


def test_pdf_table_cells_that_wrap_stay_one_cell(tmp_path: Path) -> None:
    path = draft_files.write_pdf(draft_files.japanese(), tmp_path / "draft.pdf")
    blocks = read_draft(path, "draft.pdf")
    first = next(block for block in blocks if block.table is not None)
    assert first.table is not None
    # The endpoint's label is wider than its column: typeset on two lines, read as one cell.
    assert [row[0] for row in first.table[1:]] == [
        "胚移植後3週間での臨床的妊娠の有無",
        "",
        "胚移植後2週間での生化学的妊娠の有無",
        "",
    ]
    assert first.table[1][1:] == ["低用量", "66.7 (10/15)", "38.4-88.2", "<0.0001"]


def test_markdown_and_tab_tables(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text("Intro\n\n| Group | Rate, % |\n|---|---|\n| Low dose | 66.7 |\n", encoding="utf-8")
    blocks = read_draft(path, "draft.md")
    cell = next(block for block in blocks if block.text == "66.7")
    assert (cell.where.render(lambda message: message), cell.header, cell.cell) == ("line 5", "Rate, %", True)


def test_a_broken_word_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(DataError) as caught:
        read_draft(path, "broken.docx")
    assert caught.value.render(lambda message: message).startswith(
        "broken.docx: (document): expected a readable .docx file, found "
    )


def test_a_missing_draft_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_draft(tmp_path / "missing.pdf", "missing.pdf")
    assert caught.value.render(lambda message: message) == (
        "missing.pdf: (document): expected a draft file, found no such file"
    )
