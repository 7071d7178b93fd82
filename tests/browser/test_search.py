"""Search, typed into Material's search box, finds each term on the pages that hold it, in the page's language.

The terms are the issue's fixed list plus terms taken from every release's data (headline,
endpoint labels and key points), so a new release is searched too. Each term is searched on the
Japanese and on the English site: every result must be a page of the site's language, and every
page of that language whose text holds the term must be among the results. A Japanese term finds
exactly the pages that hold it (Japanese is indexed by character, and the site's search script
keeps only results that hold the typed word whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator.data.languages import LANGUAGES
from generator.data.models import Release, Text
from tests.browser.conftest import Browsing, SitePage, article_text, is_japanese, language_prefix
from tests.conftest import real_release

pytestmark = pytest.mark.slow

FIXED_TERMS = (
    "タクロリムス",
    "免疫抑制剤",
    "不妊症",
    "体外受精",
    "胚移植",
    "妊娠率",
    "信頼区間",
    "細胞性免疫",
    "tacrolimus",
    "infertility",
    "embryo transfer",
    "confidence interval",
    "randomized",
)
"""The terms the issues name (issue 11: the English site spells "randomized" the American way)."""

WAIT_MS = 20_000
"""How long to wait for the search worker's answer (it builds the index first) on a busy machine."""

TERMS_PER_RELEASE = 8
"""How many terms of each language to take from each release's text."""

JAPANESE_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}|[\u4e00-\u9fff\u3005]{2,}")
"""A run of three or more katakana, or of two or more kanji: a Japanese word or compound."""
ENGLISH_WORD = re.compile(r"[A-Za-z]{8,}")
"""An English word of eight letters or more (no Lunr stop word is that long)."""


def release_texts(release: Release, lang: str) -> list[str]:
    """Return the texts the terms come from, in order: headline, endpoint labels, key points."""
    endpoints = [endpoint.label for endpoint in release.design.endpoints]
    texts: list[Text] = [release.headline, *endpoints, *release.key_points]
    return [getattr(text, lang) for text in texts]


def data_terms() -> list[str]:
    """Return the first few distinct words of each language from the built release's text."""
    terms: list[str] = []
    for item in [real_release()]:  # the built site holds the real release alone
        for lang in LANGUAGES:
            pattern = JAPANESE_WORD if lang == "ja" else ENGLISH_WORD
            found: list[str] = []
            for text in release_texts(item.release, lang):
                for word in pattern.findall(text):
                    word = word if lang == "ja" else word.lower()
                    if word not in found:
                        found.append(word)
            terms += [word for word in found[:TERMS_PER_RELEASE] if word not in terms]
    return terms


def search_terms() -> list[str]:
    """Return the fixed terms and the data's terms, without repeats."""
    return list(dict.fromkeys([*FIXED_TERMS, *data_terms()]))


def holds(text: str, term: str) -> bool:
    """Return whether a page's text holds the term (English ignoring case)."""
    return term in text if is_japanese(term) else term.lower() in text.lower()


@dataclass
class SearchBox:
    """Material's search box on an open page."""

    page: Page

    def __post_init__(self) -> None:
        # The count line shows this text while the box is empty, in the page's language.
        self.placeholder = str(
            self.page.evaluate(
                "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
            )
        )

    def search(self, term: str) -> tuple[str, list[str]]:
        """Type term into the search box and return the result count line and the result links' paths."""
        box = self.page.locator("input.md-search__input")
        meta = self.page.locator(".md-search-result__meta")
        # Start from an empty box, which shows the placeholder, so the next count is the term's.
        box.fill("")
        box.press("End")  # Material reads the box on keyup
        expect(meta).to_have_text(self.placeholder, timeout=WAIT_MS)
        box.fill(term)
        box.press("End")
        expect(meta).not_to_have_text(self.placeholder, timeout=WAIT_MS)
        count_line = meta.inner_text()
        count = int(match[0]) if (match := re.search(r"\d+", count_line)) else 0
        items = self.page.locator(".md-search-result__list > li")
        for _ in range(50):  # Material renders 10 results, then more as the list is scrolled
            if items.count() >= count:
                break
            items.last.scroll_into_view_if_needed()
            self.page.wait_for_timeout(100)
        links = self.page.eval_on_selector_all(".md-search-result__list a[href]", "links => links.map(a => a.href)")
        return count_line, [unquote(urlsplit(link).path) for link in links]


def test_terms_come_from_the_data() -> None:
    terms = data_terms()
    assert any(is_japanese(term) for term in terms) and any(not is_japanese(term) for term in terms)


def test_search_finds_each_term_in_the_page_language(browsing: Browsing, site_pages: list[SitePage]) -> None:
    terms = search_terms()
    texts = {page.url: article_text(page.file) for page in site_pages}
    problems = []
    searched = 0
    with browsing.tab() as tab:
        for lang in LANGUAGES:
            own = [page for page in site_pages if page.lang == lang]
            own_urls = {page.url for page in own}
            tab.goto(f"/{language_prefix(lang)}")
            box = SearchBox(tab.page)
            for term in terms:
                expected = {page.url for page in own if holds(texts[page.url], term)}
                count_line, paths = box.search(term)
                searched += 1
                found = set(paths)
                foreign = sorted(found - own_urls)
                if foreign:
                    problems.append(f"{lang} site, {term!r}: results outside the {lang} pages: {foreign}")
                if missing := sorted(expected - found):
                    problems.append(f"{lang} site, {term!r}: pages holding it not found: {missing} ({count_line})")
                if is_japanese(term) and (extra := sorted(found - expected - set(foreign))):
                    problems.append(f"{lang} site, {term!r}: found on pages that do not hold it: {extra}")
            problems += [f"{lang} site: {problem}" for problem in tab.problems]
    assert searched == len(terms) * len(LANGUAGES)
    assert not problems, "\n".join(problems)


def test_each_term_is_held_by_a_page_in_its_language(site_pages: list[SitePage]) -> None:
    """Keeps the search test honest: every term is on at least one page of its own language."""
    texts = {page.url: (page.lang, article_text(page.file)) for page in site_pages}
    orphans = [
        term
        for term in search_terms()
        if not any(holds(text, term) for lang, text in texts.values() if (lang == "ja") == is_japanese(term))
    ]
    assert not orphans, f"terms on no page of their language: {orphans}"
