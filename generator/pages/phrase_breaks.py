"""Let Japanese headings, table cells, captions and labels break only between phrases.

Runs on each page's HTML (the MkDocs hook's on_page_content): inside the elements below, a text
holding Japanese gets a <wbr> between its phrases (BudouX, `generator.data.phrases`), and the
stylesheet gives those elements `word-break: keep-all`, so a browser breaks their Japanese only
at a <wbr>, a space or punctuation, never inside a word. Everything else passes through as written.
"""

from __future__ import annotations

from html.parser import HTMLParser

from generator.data.phrases import has_japanese, phrases

PHRASED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "caption", "figcaption", "dt", "summary"})
"""Elements whose Japanese breaks only between phrases (short text: headings, table cells, captions)."""
PHRASED_CLASSES = frozenset({"study-label", "release-meta", "result-glance"})
"""Classes of other elements treated the same (the label chips, the date line, the result at a glance)."""
VERBATIM = frozenset({"script", "style", "pre", "code", "textarea", "svg", "math"})
"""Elements whose text is left exactly as it is."""
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _PhraseBreaker(HTMLParser):
    """Copy HTML through, adding <wbr> between the phrases of Japanese text inside phrased elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._open: list[tuple[str, bool, bool]] = []
        """Open elements: (tag, phrased inside, verbatim inside)."""

    def _state(self) -> tuple[bool, bool]:
        return (self._open[-1][1], self._open[-1][2]) if self._open else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in VOID:
            return
        phrased, verbatim = self._state()
        classes = set((dict(attrs).get("class") or "").split())
        phrased = phrased or tag in PHRASED or bool(classes & PHRASED_CLASSES)
        self._open.append((tag, phrased, verbatim or tag in VERBATIM))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        phrased, verbatim = self._state()
        if phrased and not verbatim and has_japanese(data):
            self.out.append("<wbr>".join(phrases(data)))
        else:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def break_phrases(html: str) -> str:
    """Return html with a <wbr> between the phrases of the Japanese text of headings, table cells and captions."""
    if not has_japanese(html):
        return html
    breaker = _PhraseBreaker()
    breaker.feed(html)
    breaker.close()
    return "".join(breaker.out)
