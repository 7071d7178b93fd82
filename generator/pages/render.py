"""Render Markdown pages from Jinja templates, one environment per language."""

from __future__ import annotations

import functools
import html
import re
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import pass_context
from markupsafe import Markup

from generator.data.i18n import translations
from generator.data.languages import join_sentences
from generator.data.models import Text
from generator.errors import N_, Message, Problem, TemplateError
from generator.pages.common import page_href

# "!" too: before a link the paragraphs allow, it would turn the link into an image loaded from its address.
_MD_BACKSLASH = re.compile(r"([\\`*_{}\[\]#|!])")
_LINE_START = re.compile(r"^(\s*)(\d+)\.(\s)|^(\s*)([-+=>!])", re.MULTILINE)
_LEADING_COLON = re.compile(r"^(\s*):", re.MULTILINE)
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def _literal(text: str) -> str:
    """Escape text so that Markdown shows it as it is (the same labels recur on every page: cached)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_BACKSLASH.sub(r"\\\1", text)
    # A leading "1." or "-" would start a list; "=" a heading underline; "!!!" an admonition.
    text = _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\.{m[3]}" if m[2] else f"{m[4]}\\{m[5]}", text)
    # A leading ":" would turn the line into a definition (Markdown has no backslash escape for it).
    return _LEADING_COLON.sub(r"\1&#58;", text)


def md_escape(value: Any) -> Any:
    """Return value as literal Markdown text: no markup, no HTML, no link can come from data.

    Runs of white space become one space (a pasted line break must not end a paragraph or a
    table row); a leading or trailing space is kept, so that translated fragments such as
    " (%(text)s)" keep their spacing.
    """
    if isinstance(value, Markup) or value is None:
        return value
    return _literal(_SPACES.sub(" ", str(value)))


# Not after "!": image syntax is text wherever it stands (an image would load from another host).
_LINK = re.compile(
    r"(?<!!)\[([^\[\]]+)\]\((https?://[^\s()<>\"'`\\]+|(?:index|design|results|methods|publication)\.md(?:#[a-z0-9-]+)?)\)"
)
"""A link a paragraph may hold: to an http(s) address, or to a page of the release itself (results.md#results-table)."""
_EMPHASIS = re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*|\*(?=\S)([^*]+?)(?<=\S)\*")


_RANGE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?%?[～\u2013-]\d+(?:\.\d+)?%?)(?![\w.])")
"""A range of numbers in running text, e.g. 38.4～88.2 or 10–15%."""


def _keep_whole(escaped: str) -> str:
    """Wrap each range of numbers in escaped text so that a narrow screen does not break it."""
    return _RANGE.sub(r'<span class="nowrap">\1</span>', escaped)


def _with_emphasis(text: str) -> str:
    """Escape text, keeping *emphasis* and **strong** markers; ranges of numbers stay on one line."""
    pieces, position = [], 0
    for match in _EMPHASIS.finditer(text):
        marker, inner = ("**", match[1]) if match[1] is not None else ("*", match[2])
        pieces += [_keep_whole(_literal(text[position : match.start()])), marker, _keep_whole(_literal(inner)), marker]
        position = match.end()
    pieces.append(_keep_whole(_literal(text[position:])))
    return "".join(pieces)


def prose(value: str, page: str = "overview") -> Markup:
    """Return a paragraph as Markdown allowing only *emphasis*, **strong** and links (http(s), or the release's pages).

    Everything else in the text (HTML, other Markdown, javascript: links) is escaped and shown as it is.
    A link to a page of the release (results.md#results-table) is written relative to page, the
    page the paragraph is on.
    """
    text = _SPACES.sub(" ", str(value)).strip()
    pieces, position = [], 0
    for match in _LINK.finditer(text):
        target = match[2]
        if not target.startswith(("http://", "https://")):
            name, _, fragment = target.partition("#")
            stem = name.removesuffix(".md")
            target = page_href(page, "overview" if stem == "index" else stem) + (f"#{fragment}" if fragment else "")
        url = quote(target, safe=":/?#[]@!$&'*+,;=%-._~")
        pieces += [_with_emphasis(text[position : match.start()]), f"[{_with_emphasis(match[1])}](<{url}>)"]
        position = match.end()
    pieces.append(_with_emphasis(text[position:]))
    return Markup("".join(pieces))  # noqa: S704 - every piece is escaped above


@pass_context
def prose_on_page(context: jinja2.runtime.Context, value: str) -> Markup:
    """Return a paragraph as prose() does, its links to the release's pages relative to the page rendered."""
    return prose(value, context.get("page") or "overview")


def ranges_whole(value: object) -> Markup:
    """Return text escaped as Markdown, each range of numbers (38.4～88.2) kept on one line."""
    return Markup(_keep_whole(md_escape(str(value))))  # noqa: S704 - escaped by md_escape


def html_escape(value: object) -> Markup:
    """Return value escaped for raw HTML inside the Markdown (tables, figures)."""
    return Markup(html.escape(_SPACES.sub(" ", str(value)).strip(), quote=True))  # noqa: S704 - escaped here


def doi_url(doi: str) -> Markup:
    """Return the https://doi.org/ address of a DOI, percent-encoded for a Markdown link."""
    return Markup("https://doi.org/" + quote(doi, safe="/.-_;:"))  # noqa: S704 - percent-encoded here


def mailto(email: str) -> Markup:
    """Return the mailto: address of a validated e-mail address."""
    return Markup("mailto:" + quote(email, safe="@.+-_"))  # noqa: S704 - percent-encoded here


@pass_context
def translate_text(context: jinja2.runtime.Context, value: Text) -> str:
    """Return the text of a bilingual field in the page's language."""
    return value[context["lang"]]


@pass_context
def source_ref(context: jinja2.runtime.Context, number: int) -> Markup:
    """Return a citation of the numbered source listed on the release's methods page."""
    href = "#sources" if context["page"] == "methods" else page_href(context["page"], "methods") + "#sources"
    return Markup(f"<sup>[{int(number)}]({href})</sup>")  # noqa: S704 - a number and a fixed link


@pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> str:
    return translations(context["lang"]).gettext(message)


@pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int) -> str:
    return translations(context["lang"]).ngettext(singular, plural, count)


@pass_context
def sentences(context: jinja2.runtime.Context, items: Iterable[object]) -> str:
    """Join sentences as the page's language writes them."""
    return join_sentences(items, lang=context["lang"])


@functools.cache
def environment(templates_dir: Path) -> jinja2.Environment:
    """Return the Jinja environment that renders pages, in the language each render names.

    One environment serves every language, so each template is compiled once: the wording is
    translated when a page renders, in its `lang`.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        finalize=md_escape,
        # Pages are Markdown, not HTML: every {{ value }} goes through md_escape (finalize) instead.
        autoescape=False,  # noqa: S701
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["tr"] = translate_text
    env.filters["html"] = html_escape
    env.filters["prose"] = prose_on_page
    env.filters["ranges_whole"] = ranges_whole
    env.filters["doi_url"] = doi_url
    env.filters["mailto"] = mailto
    env.filters["sentences"] = sentences
    env.globals["source_ref"] = source_ref
    return env


def _template_line(error: BaseException, templates_dir: Path) -> tuple[str, int | None]:
    """Return the template file and line an error was raised from."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.suffix == ".j2" and templates_dir in path.parents:
            return str(path.relative_to(templates_dir.parent)), frame.lineno
    return str(templates_dir.name), None


def render(templates_dir: Path, lang: str, template: str, context: Mapping[str, Any]) -> str:
    """Render one page; raise TemplateError naming the template file and line on failure."""
    env = environment(templates_dir)
    try:
        return env.get_template(template).render({**context, "lang": lang})
    except jinja2.TemplateNotFound as error:
        where = str((templates_dir / template).relative_to(templates_dir.parent))
        raise TemplateError(
            [Problem(where, "", Message(N_("a template file")), Message(N_("no such file")))]
        ) from error
    except jinja2.TemplateSyntaxError as error:
        file = str(Path(error.filename).relative_to(templates_dir.parent)) if error.filename else template
        problem = Problem(file, "", Message(N_("a valid template")), error.message or str(error), error.lineno)
        raise TemplateError([problem]) from error
    except jinja2.TemplateError as error:
        file, line = _template_line(error, templates_dir)
        raise TemplateError([Problem(file, "", Message(N_("a template that renders")), str(error), line)]) from error
