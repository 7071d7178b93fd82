"""Text that fits: on the real release and every example, at 1280 and 390 px, no table or heading is
wider than the text column, and no Japanese word is broken across two lines.

Words are judged by a morphological analyzer (Janome), independently of the BudouX phrases the
site breaks at: a line break inside one of its words (低用／量, プラセ／ボ, 無治／療群) is a broken
word; between two words (低用量対／5%) it is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from generator.data.phrases import has_japanese
from tests.browser.conftest import VIEWPORTS, find_pages, serve_directory
from tests.conftest import example_ids
from tests.line_breaks import broken_words

pytestmark = pytest.mark.slow

SHORT_TEXT = (
    "article h1, article h2, article h3, article h4, article th, article td, article caption, "
    "article figcaption, article dt, article .study-label, article .release-meta, article .result-glance li, "
    ".md-header__topic:first-child .md-ellipsis"
)
"""Headings, table cells, captions, labels and the header's name: text that must not break inside a word."""

MEASURE = """selector => {
  const article = document.querySelector("article");
  const style = getComputedStyle(article);
  const box = article.getBoundingClientRect();
  const column = {
    left: box.left + parseFloat(style.paddingLeft),
    right: box.right - parseFloat(style.paddingRight),
  };
  const describe = el => (el.tagName.toLowerCase() + " " + el.textContent.trim().slice(0, 40));
  const range = document.createRange();
  // A table by its box; a heading by its text, without the permalink (¶, shown only on hover).
  const extent = el => {
    if (el.tagName === "TABLE") return el.getBoundingClientRect();
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".headerlink")) continue;
      range.selectNodeContents(node);
      rects.push(...[...range.getClientRects()].filter(r => r.width > 0));
    }
    return {left: Math.min(...rects.map(r => r.left)), right: Math.max(...rects.map(r => r.right))};
  };
  const outside = [...article.querySelectorAll("table, h1, h2, h3, h4")]
    .filter(el => el.getClientRects().length)
    .map(el => ({what: describe(el), ...(({left, right}) => ({left, right}))(extent(el))}))
    .filter(found => found.left < column.left - 1 || found.right > column.right + 1);
  // Where each short text breaks into lines: the text (a <br> as a line feed) and the positions of
  // the characters that start a new line.
  const lines = el => {
    let text = "", last = null;
    const breaks = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === "BR") text += "\\n";
        continue;
      }
      if (node.parentElement.closest(".headerlink")) continue;
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = [...range.getClientRects()].find(r => r.width > 0);
        if (rect) {
          if (last && rect.top > last.top + last.height / 2) breaks.push(text.length);
          last = rect;
        }
        text += node.data[i];
      }
    }
    return {text, breaks};
  };
  const texts = [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length)
    .map(el => ({what: el.tagName.toLowerCase(), ...lines(el)}))
    .filter(found => found.breaks.length);
  return {column, outside, texts};
}"""


@pytest.fixture(scope="module")
def measured(browser: Browser, every_release_site: Path) -> Iterator[list[tuple[str, str, dict[str, Any]]]]:
    """Visit every page at both widths and measure its tables, headings and short texts."""
    pages = find_pages(every_release_site)
    found = []
    with serve_directory(every_release_site) as url:
        for name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, service_workers="block")
            tab = context.new_page()
            for page in pages:
                tab.goto(url + page.url, wait_until="load")
                found.append((page.url, name, tab.evaluate(MEASURE, SHORT_TEXT)))
            context.close()
    yield found


def test_the_site_holds_the_real_release_and_every_example(every_release_site: Path) -> None:
    for release_id in ["2026-05-18-tacrolimus", *example_ids()]:
        assert (every_release_site / release_id / "results" / "index.html").is_file()
        assert (every_release_site / "en" / release_id / "results" / "index.html").is_file()


def test_no_table_or_heading_is_wider_than_the_text_column(measured: list[tuple[str, str, dict[str, Any]]]) -> None:
    problems = [
        f"{url} at {viewport}: {item['what']!r} spans {item['left']:.0f}-{item['right']:.0f} px "
        f"(column {found['column']['left']:.0f}-{found['column']['right']:.0f})"
        for url, viewport, found in measured
        for item in found["outside"]
    ]
    assert not problems, "\n".join(problems)


def test_no_japanese_word_is_broken_across_lines(measured: list[tuple[str, str, dict[str, Any]]]) -> None:
    problems = []
    checked = 0
    for url, viewport, found in measured:
        for item in found["texts"]:
            if not has_japanese(item["text"]):
                continue
            checked += 1
            for word in broken_words(item["text"], item["breaks"]):
                problems.append(f"{url} at {viewport}: {item['what']} {item['text']!r} breaks {word}")
    assert checked, "no Japanese text wrapped onto a second line: the check would prove nothing"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "breaks", "expected"),
    [
        ("低用量対5%", [2], ["用／量"]),
        ("新薬X対プラセボ", [7], ["プラセ／ボ"]),
        ("無治療群との比較", [2], ["治／療"]),
        ("低用量対5%", [4], []),
        ("胚移植後3週間での臨床的妊娠の有無", [4, 9], []),
    ],
)
def test_the_judge_tells_a_broken_word(text: str, breaks: list[int], expected: list[str]) -> None:
    assert broken_words(text, breaks) == expected
