"""The results and publication pages print cleanly on A4: Chromium's PDF, checked as text and turned into PNG."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.browser.conftest import Browsing, SitePage

pytestmark = pytest.mark.slow

PRINTED = ("results/", "publication/")
"""The pages people print."""

CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-top, .md-search, .release-pages, .headerlink"
"""Navigation chrome that has no place on paper."""

A4_POINTS = (595.0, 842.0)

VISIBLE_CHROME = f"""() => [...document.querySelectorAll({CHROME!r})]
  .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
  .map(el => el.className)"""

TABLES = """() => [...document.querySelectorAll("article table")].map(table => ({
  caption: table.caption ? table.caption.textContent : "",
  cells: [...table.querySelectorAll("th, td")].map(cell => cell.textContent),
}))"""


def squeeze(text: str) -> str:
    """Drop all white space, so text laid out in lines compares with the page's text."""
    return re.sub(r"\s+", "", text)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run `make system-deps` (Debian's poppler-utils)")
    return path


def pdf_pages(pdf: Path) -> list[str]:
    """Return the text of each page of a PDF, from pdftotext."""
    command = [tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return result.stdout.split("\f")[:-1]


def pdf_page_size(pdf: Path) -> tuple[float, float]:
    result = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", result.stdout)
    assert match, result.stdout
    return float(match[1]), float(match[2])


@pytest.fixture(scope="module")
def printed_pages(site_pages: list[SitePage]) -> list[SitePage]:
    pages = [page for page in site_pages if page.page.endswith(PRINTED)]
    assert {page.page.split("/")[-2] + "/" for page in pages} == set(PRINTED)
    return pages


def test_results_and_publication_pages_print_cleanly_on_a4(
    browsing: Browsing, printed_pages: list[SitePage], prints: Path
) -> None:
    problems = []
    with browsing.tab() as tab:
        for page in printed_pages:
            tab.goto(page.url)
            tab.page.emulate_media(media="print")
            if chrome := tab.page.evaluate(VISIBLE_CHROME):
                problems.append(f"{page.url}: navigation chrome shows in print: {chrome}")
            tables = tab.page.evaluate(TABLES)
            nav_text = tab.page.eval_on_selector_all(".release-pages", "els => els.map(el => el.textContent)")
            pdf = prints / f"{page.name}.pdf"
            tab.page.pdf(path=pdf, format="A4", prefer_css_page_size=True)
            tab.page.emulate_media(media="screen")

            width, height = pdf_page_size(pdf)
            if abs(width - A4_POINTS[0]) > 2 or abs(height - A4_POINTS[1]) > 2:
                problems.append(f"{page.url}: PDF pages are {width} x {height} pt, not A4")
            texts = [squeeze(text) for text in pdf_pages(pdf)]
            for nav in nav_text:
                if squeeze(nav) and any(squeeze(nav) in text for text in texts):
                    problems.append(f"{page.url}: the page navigation {nav.strip()!r} is printed")
            for index, table in enumerate(tables, start=1):
                # Unbroken: one PDF page holds every character of the caption and the cells, as
                # often as the table does (pdftotext may read a cell's words out of order).
                wanted = Counter(squeeze(table["caption"] + "".join(table["cells"])))
                if not any(wanted <= Counter(text) for text in texts):
                    problems.append(f"{page.url}: table {index} is not whole on one printed page")

            command = [tool("pdftoppm"), "-png", "-r", "100", str(pdf), str(prints / page.name)]
            subprocess.run(command, check=True, capture_output=True)
            images = sorted(prints.glob(f"{page.name}-*.png"))
            if len(images) != len(texts):
                problems.append(f"{page.url}: {len(images)} PNG page(s) for {len(texts)} PDF page(s)")
    assert not problems, "\n".join(problems)
