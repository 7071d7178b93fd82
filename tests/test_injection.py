"""Text from the data is shown as text: it never becomes markup, a script or a live link.

Pages are rendered by the real templates and converted to HTML by Python-Markdown with the
extensions and settings of mkdocs.yml, as MkDocs converts them.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from typing import Any

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from generator.data.attachments import Attachment
from generator.data.fields import MAX_HEADLINE
from generator.data.languages import LANGUAGES
from generator.data.models import Release
from generator.pages.common import PAGE_KINDS, template_variables
from generator.pages.context import release_context
from generator.pages.press_context import press_context
from generator.pages.render import render
from generator.stats import compute
from tests.conftest import RELEASE_FILE, ROOT, load_release_data

NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[x](https://example.org/) and <a href='javascript:alert(1)'>y</a>",
    "a | b | c",
    "*emphasis* **strong** _under_ `code`",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    "&lt;already escaped&gt; &amp; &#x3C;",
    "{: onclick=alert(1) }",
    "<!-- comment -->",
    "\\* backslash \\",
    "![img](x.png)",
    "<https://example.org>",
    "line one\n\nline two",
    "免疫抑制剤「タクロリムス」<b>太字</b>",
]

ALLOWED_HREF = re.compile(
    r"^(https?://|mailto:|tel:\+?[0-9][0-9-]*$|#|[a-z0-9./_-]*\.md(#.*)?$|[a-z0-9./_-]*/?(#.*)?$)"
)


class Collector(HTMLParser):
    """Collect tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@cache
def converter_settings() -> tuple[list[Any], dict[str, Any]]:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def to_html(text: str) -> str:
    """Convert a page as MkDocs does: front matter apart, then Python-Markdown with mkdocs.yml's extensions."""
    content, meta = get_data(text)
    title = str(meta.get("title", ""))
    assert "<" not in title and ">" not in title, title
    extensions, configs = converter_settings()
    body = str(markdown.markdown(content, extensions=extensions, extension_configs=configs))
    return f"<title>{title}</title>{body}"


def pages(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Render every page of a release in every language, as HTML."""
    release = Release.model_validate(data)
    figures = compute.release_figures(release)
    files = {
        item.file: Attachment(item.file, (RELEASE_FILE.parent / item.file).read_bytes()) for item in release.materials
    }
    out = {}
    for lang in LANGUAGES:
        press = press_context(release, lang, files, embargoed=False, previewing=False)
        for kind in PAGE_KINDS:
            context = {**template_variables(release_context(release, figures, lang, kind.name)), "press": press}
            out[(lang, kind.name)] = to_html(render(ROOT / "templates", lang, f"{kind.name}.md.j2", context))
    return out


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_safe(page: str) -> Collector:
    """Assert a page has no script, no event handler and no link other than http(s), mailto and local."""
    collector = Collector()
    collector.feed(page)
    for tag, attrs in collector.tags:
        assert tag not in {"script", "iframe", "object", "embed", "style", "form", "input"}, (tag, attrs)
        if tag == "img":
            assert attrs.get("src") in {"figure.svg"}, attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in {"href", "src", "srcset"} and value is not None:
                assert ALLOWED_HREF.match(value), (tag, attrs)
    return collector


def with_text(text: str) -> dict[str, Any]:
    """Return the real release with text in plain fields (headline, caption, labels) and one paragraph."""
    data = load_release_data()
    data["headline"]["en"] = text
    data["subtitle"]["ja"] = text
    data["results"]["caption"]["en"] = text
    data["design"]["arms"][0]["label"]["ja"] = text
    data["publication"]["affiliations"][0]["name"]["en"] = text
    data["publication"]["authors"][0]["name"] = text
    data["key_points"][0]["en"] = text
    return data


def check(text: str) -> None:
    rendered = pages(with_text(text))
    shown = collapse(text)
    plain_pages = {("en", "overview"), ("ja", "overview"), ("en", "results"), ("ja", "results"), ("en", "publication")}
    for key, page in rendered.items():
        collector = assert_safe(page)
        if key in plain_pages:
            assert shown in collapse("".join(collector.text)), (key, shown)


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_is_shown_literally(text: str) -> None:
    check(text)


RANDOM_PIECE = 12
"""Longest random piece joined with the nasty samples."""
PIECES = MAX_HEADLINE // max(RANDOM_PIECE, *map(len, NASTY))
"""Most pieces whose joined text still fits the shortest field it is put in (the headline)."""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            # Format characters (Cf) are refused or removed before anything renders: tested apart.
            st.sampled_from(NASTY),
            st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cf")), max_size=RANDOM_PIECE),
        ),
        min_size=1,
        max_size=PIECES,
    ).map("".join)
)
def test_random_text_never_becomes_markup(text: str) -> None:
    assume(collapse(text))
    check(text)


def test_paragraphs_allow_only_emphasis_and_http_links() -> None:
    data = load_release_data()
    data["key_points"][0]["en"] = (
        "See **this** *study* at [the journal](https://doi.org/10.1/x) or [not](javascript:alert(1))."
    )
    page = pages(data)[("en", "overview")]
    collector = assert_safe(page)
    assert "<strong>this</strong>" in page
    assert "<em>study</em>" in page
    assert '<a href="https://doi.org/10.1/x">the journal</a>' in page
    assert "[not](javascript:alert(1))" in html.unescape("".join(collector.text))


BLOCK_SYNTAX = [
    '!!! danger "Funding withdrawn"',
    ":   a definition",
    "- a list item",
    "1. a numbered item",
    "# a heading",
    "Heading\n=======",
    "a | b\n--|--\n1 | 2",
    "<div>an HTML block</div>",
    "***",
    "> a quote",
    "    indented code",
]


def _paragraph_fields(data: dict[str, Any], text: str) -> None:
    """Put text in every paragraph field and every plain text field that starts a line in a template."""
    for paragraph in [*data["lead"], *data["key_points"], *data["outlook"], data["design"]["summary"]]:
        paragraph["en"] = text
        paragraph.pop("quotes", None)
    for field in (
        data["funding"],
        data["contact"]["office"],
        data["contact"]["people"],
        data["design"]["population"],
        data["design"]["intervention"],
        data["design"]["allocation"],
        data["analysis"]["population"],
        data["analysis"]["exploratory_statement"],
        data["publication"]["affiliations"][0]["name"],
    ):
        field["en"] = text


def _tags(page: str) -> list[str]:
    collector = Collector()
    collector.feed(page)
    return sorted(tag for tag, _ in collector.tags)


@pytest.mark.parametrize("text", BLOCK_SYNTAX)
def test_block_syntax_in_any_paragraph_is_literal_text(text: str) -> None:
    """A page with block syntax in its text has exactly the elements of the page with plain words."""
    plain, hostile = load_release_data(), load_release_data()
    _paragraph_fields(plain, "plain words")
    _paragraph_fields(hostile, text)
    plain_pages, hostile_pages = pages(plain), pages(hostile)
    for key, page in hostile_pages.items():
        assert _tags(page) == _tags(plain_pages[key]), (key, text)
        assert page.count('class="admonition') == plain_pages[key].count('class="admonition'), (key, text)
    overview = hostile_pages[("en", "overview")]
    assert collapse(text) in collapse(html.unescape(re.sub(r"<[^>]+>", "", overview)))
