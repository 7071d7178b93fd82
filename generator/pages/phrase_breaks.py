"""Let Japanese headings, table cells, captions and labels break only between phrases.

Runs on each page's HTML (the MkDocs hook's on_page_content): inside the elements below, a text
holding Japanese gets a <wbr> between its phrases (BudouX, `generator.data.phrases`), and the
stylesheet gives those elements `word-break: keep-all`, so a browser breaks their Japanese only
at a <wbr>, a space or punctuation, never inside a word. Everything else passes through as written.

The HTML is Python-Markdown's, so it is cut into tags, comments and text by one regular
expression rather than by `html.parser`, which took 1.1 ms a page (0.6 s of the 0.9 s the
Japanese pages of 100 releases spent here): the same cuts for the HTML Markdown writes (the
tests compare the two on every generated page). Text stays as written, character references
included; only a phrased text's Japanese gets <wbr> between its phrases.
"""

from __future__ import annotations

import functools
import re

from generator.data.phrases import has_japanese, phrases

PHRASED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "caption", "figcaption", "dt", "summary"})
"""Elements whose Japanese breaks only between phrases (short text: headings, table cells, captions)."""
PHRASED_CLASSES = frozenset({"study-label", "release-meta", "result-glance"})
"""Classes of other elements treated the same (the label chips, the date line, the result at a glance)."""
VERBATIM = frozenset({"script", "style", "pre", "code", "textarea", "svg", "math"})
"""Elements whose text is left exactly as it is."""
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
RAW_TEXT = frozenset({"script", "style"})
"""Elements whose content is text up to their end tag, whatever it holds (as html.parser reads them)."""

_TOKEN = re.compile(
    r"""
    (?P<comment><!--.*?-->)
    | (?P<markup><![^>]*>|<\?[^>]*>)
    | <(?P<end>/)?(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>
    | (?P<text>[^<]+|<)
    """,
    re.DOTALL | re.VERBOSE,
)
"""A comment, a declaration or processing instruction, a start or end tag, or text (a stray < is text)."""
_CLASS = re.compile(r"""(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in RAW_TEXT}
"""Where each raw-text element's content ends."""
_REFERENCE = re.compile(r"(&#?[a-zA-Z0-9]+;)")
"""A character reference, kept whole between the pieces of text around it."""


@functools.lru_cache(maxsize=8192)
def _phrased(text: str) -> str:
    """Return text with a <wbr> between its phrases, character references kept whole."""
    pieces = _REFERENCE.split(text)
    return "".join(piece if index % 2 else "<wbr>".join(phrases(piece)) for index, piece in enumerate(pieces))


def _classes(attrs: str) -> set[str]:
    found = _CLASS.search(attrs)
    return set(next(group for group in found.groups() if group is not None).split()) if found else set()


def break_phrases(html: str) -> str:
    """Return html with a <wbr> between the phrases of the Japanese text of headings, table cells and captions."""
    if not has_japanese(html):
        return html
    out: list[str] = []
    open_elements: list[tuple[str, bool, bool]] = []
    """Open elements: (tag, phrased inside, verbatim inside)."""
    phrased = verbatim = False
    position = 0
    while position < len(html):
        token = _TOKEN.match(html, position)
        assert token is not None  # a stray "<" is text: every position starts a token
        position = token.end()
        text = token["text"]
        if text is not None:
            out.append(_phrased(text) if phrased and not verbatim and has_japanese(text) else text)
            continue
        out.append(token.group())
        tag = (token["tag"] or "").lower()
        if not tag:
            continue  # a comment, a declaration
        if token["end"]:
            for index in range(len(open_elements) - 1, -1, -1):
                if open_elements[index][0] == tag:
                    del open_elements[index:]
                    break
        elif tag not in VOID and not token["attrs"].endswith("/"):
            phrased = phrased or tag in PHRASED or bool(_classes(token["attrs"]) & PHRASED_CLASSES)
            open_elements.append((tag, phrased, verbatim or tag in VERBATIM))
            if tag in RAW_TEXT:
                end = _RAW_TEXT_END[tag].search(html, position)
                content_end = end.start() if end else len(html)
                out.append(html[position:content_end])
                position = content_end
        _, phrased, verbatim = open_elements[-1] if open_elements else ("", False, False)
    return "".join(out)
