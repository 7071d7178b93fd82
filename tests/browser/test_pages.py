"""Every page of both languages loads clean, declares its language and switches language."""

from __future__ import annotations

import pytest

from generator.data.languages import LANGUAGES
from tests.browser.conftest import Browsing, PageReport, SitePage

pytestmark = pytest.mark.slow


def test_every_page_loads_clean(survey: list[PageReport]) -> None:
    """No console error, no failed request and no request to another host, at desktop and phone width."""
    problems = [f"{report.where}: {problem}" for report in survey for problem in report.problems]
    assert not problems, "\n".join(problems)


def wrong_languages(survey: list[PageReport], file_name: str) -> list[str]:
    """Return the visits to pages named file_name whose <html lang> is not their language's."""
    return [
        f"{report.where}: lang={report.measures['lang']!r}, expected {report.page.lang!r}"
        for report in survey
        if report.page.file.name == file_name and report.measures["lang"] != report.page.lang
    ]


def test_every_page_declares_its_language(survey: list[PageReport]) -> None:
    wrong = wrong_languages(survey, "index.html")
    assert not wrong, "\n".join(wrong)


def test_not_found_pages_declare_their_language(survey: list[PageReport]) -> None:
    """The root 404.html is in the default language; a per-language 404 page is in its own."""
    wrong = wrong_languages(survey, "404.html")
    assert not wrong, "\n".join(wrong)


def test_language_switch_leads_to_the_same_page_and_back(browsing: Browsing, site_pages: list[SitePage]) -> None:
    """From every page, the header's language menu leads to the same page in the other language, and back.

    Going there and back from each page of one language uses the menu of every page of both.
    """
    urls = {page.url for page in site_pages}
    problems = []
    with browsing.tab() as tab:
        for page in site_pages:
            for other in LANGUAGES[LANGUAGES.index(page.lang) + 1 :]:
                there = page.counterpart(other)
                if there not in urls:
                    problems.append(f"{page.url}: the site has no {other} counterpart {there}")
                    continue
                tab.goto(page.url)
                for lang, expected in ((other, there), (page.lang, page.url)):
                    # Open the language menu and choose the language, as a reader does with a mouse.
                    tab.page.locator(".md-header__option .md-select").hover()
                    with tab.page.expect_navigation():
                        tab.page.locator(f".md-header__option a.md-select__link[hreflang='{lang}']").click()
                    reached = tab.page.evaluate("location.pathname")
                    reached_lang = tab.page.evaluate("document.documentElement.lang")
                    if (reached, reached_lang) != (expected, lang):
                        problems.append(f"{page.url} -> {lang}: reached {reached} ({reached_lang}), not {expected}")
                        break
    assert not problems, "\n".join(problems)
