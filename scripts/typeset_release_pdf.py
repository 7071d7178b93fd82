r"""Typeset the Japanese text of a press release as a PDF, reproducibly (same text, same bytes).

The real release's office PDF is not in the repository; this makes a faithful stand-in from the
release's plain text (../shared/000_bdb7ba9b751a9e8e.txt): ReportLab (pinned in
requirements-dev.txt) in invariant mode, with the standard Japanese CID font HeiseiKakuGo-W5,
which PDF readers supply, so no font file is embedded or needed.

    .venv/bin/python scripts/typeset_release_pdf.py ../shared/000_bdb7ba9b751a9e8e.txt \
        data/releases/2026-05-18-tacrolimus/release-ja.pdf
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT = "HeiseiKakuGo-W5"


def paragraphs(text: str) -> list[str]:
    """Return the text's paragraphs: blank-line separated, Markdown headings, emphasis and table tabs flattened."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text)]
    cleaned = []
    for block in blocks:
        if not block:
            continue
        block = re.sub(r"^#+ ", "", block.replace("**", "").replace("\t", "　"), flags=re.MULTILINE)
        cleaned.append(re.sub(r" {2,}\n", "\n", block))
    return cleaned


def typeset(source: Path, target: Path, title: str) -> None:
    """Write the PDF of source's text to target."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=16, alignment=TA_LEFT, wordWrap="CJK", spaceAfter=4
    )
    story = []
    for block in paragraphs(source.read_text(encoding="utf-8")):
        story.append(Paragraph(escape(block).replace("\n", "<br/>"), style))
        story.append(Spacer(1, 2 * mm))
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
    )
    # Invariant mode's fixed date, not SOURCE_DATE_EPOCH (which ReportLab prefers and `make`
    # sets from the last commit): the PDF's bytes must not depend on the commit that builds them.
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    document.build(story)


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
