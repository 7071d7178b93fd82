"""What `mkdocs serve` shows while the data is broken: a banner on every page, or a page of problems.

Both list the problems as the terminal does (file, line, field, expected, found), in the page's
language, escaped: data never becomes markup. Neither ever reaches `mkdocs build`'s output,
which stops at the first problem.
"""

from __future__ import annotations

import html
import json

from generator.data.i18n import translations
from generator.data.languages import LANGUAGES
from generator.errors import N_, GeneratorError, Message, Problem

FOUND = N_("the generator found {count} problem(s):")
"""The line before the problems, when a build (`mkdocs build`, `mkdocs serve`) stops on them."""

PAGE = "index.md"
"""The problems page replaces the home page of every language."""


def problems_pages(error: GeneratorError) -> dict[str, bytes]:
    """Return, for every language, a home page listing the problems (escaped: data never becomes markup)."""
    from generator.pages.render import md_escape  # the pages' modules load only when the data is broken

    pages: dict[str, bytes] = {}
    for lang in LANGUAGES:
        gettext = translations(lang).gettext
        title = gettext(N_("The site cannot be built"))
        intro = gettext(
            N_(
                "The generator found the problems below. Fix the data and save: this page is replaced "
                "by the site as soon as the data is valid."
            )
        )
        items = "".join(f"1. {md_escape(problem.render(gettext))}\n" for problem in error.problems)
        front = f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n---\n\n"
        text = f"{front}# {md_escape(title)}\n\n{md_escape(intro)}\n\n{items}"
        pages[f"{lang}/{PAGE}"] = text.encode("utf-8")
    return pages


def unexpected(error: BaseException) -> GeneratorError:
    """Return an unexpected failure (a bug, an I/O error outside docs/) as a problem to list."""
    found = f"{type(error).__name__}: {error}"
    return GeneratorError([Problem("generator", "", Message(N_("a generation without error")), found)])


BANNER_CLASS = "press-problems"
_BANNER_STYLE = (
    "margin:0;padding:.8rem 1.2rem;color:#5f0000;background:#fdecea;border-bottom:3px solid #b00020;"
    "font-size:.75rem;overflow-wrap:anywhere"
)


def banner(error: GeneratorError, lang: str) -> str:
    """Return the HTML banner listing the problems in lang, for every page served while the data is broken."""
    gettext = translations(lang).gettext
    count = len(error.problems)
    title = gettext(N_("The data has {count} problem(s): the pages are not updated until they are fixed.")).format(
        count=count
    )
    items = "".join(
        f'<li><code style="white-space:pre-wrap;background:none">{html.escape(problem.render(gettext))}</code></li>'
        for problem in error.problems
    )
    # Styled here, not in extra.css: the published site carries nothing of the preview.
    return (
        f'<div class="{BANNER_CLASS}" role="alert" lang="{lang}" style="{_BANNER_STYLE}">'
        f'<p style="margin:0"><strong>{html.escape(title)}</strong></p>'
        f'<ol style="margin:.4rem 0 0;padding-left:1.4rem">{items}</ol></div>'
    )


def with_banner(page: str, error: GeneratorError, lang: str) -> str:
    """Return a rendered page with the problems banner at the top of its content (after <body> at worst)."""
    for mark in ('<main class="md-main"', "<main"):
        at = page.find(mark)
        if at >= 0:
            return page[:at] + banner(error, lang) + page[at:]
    at = page.find(">", page.find("<body"))
    return page[: at + 1] + banner(error, lang) + page[at + 1 :] if at >= 0 else banner(error, lang) + page
