"""A page that lists the data's problems, for `mkdocs serve` when there are no good pages to show."""

from __future__ import annotations

import html
import json

from generator.data.i18n import translations
from generator.data.languages import LANGUAGES
from generator.errors import N_, GeneratorError, Message, Problem
from generator.pages.render import md_escape

PAGE = "index.md"
"""The problems page replaces the home page of every language."""


def problems_pages(error: GeneratorError) -> dict[str, bytes]:
    """Return, for every language, a home page listing the problems (escaped: data never becomes markup)."""
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
