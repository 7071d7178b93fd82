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


# ---- Every text field, every construct, at the start, the middle and the end (issue 21) -----------

EVIL = "evil.example"
"""The host every hostile construct points at: nothing on a page may load from it."""

INLINE_CONSTRUCTS = [
    f"![i](https://{EVIL}/i.png)",
    f"[l](https://{EVIL}/l)",
    "[j](javascript:alert(1))",
    f"<img src=https://{EVIL}/h.png>",
    f"<script src=https://{EVIL}/s.js></script>",
    f"<iframe src=https://{EVIL}/f></iframe>",
    f"<https://{EVIL}/auto>",
    f"<style>@import 'https://{EVIL}/s.css'</style>",
    f'<b style="background:url(https://{EVIL}/b.png)">b</b>',
    "*em* **strong** _u_ `code` ~~s~~",
    f'{{: style="background:url(//{EVIL}/a.png)" }}',
    f"&#x3C;img src=https://{EVIL}/e.png&#x3E;",
    "<!-- c --> <?php x ?> <![CDATA[x]]>",
    f"\\![x](https://{EVIL}/x.png)",
    f"[![n](https://{EVIL}/n.png)](https://{EVIL}/)",
    f"<svg><image href=https://{EVIL}/s.png /></svg>",
    f"<link rel=stylesheet href=https://{EVIL}/l.css>",
    f"<video poster=https://{EVIL}/v.png></video>",
    "![r][r] [r][]",
    f"**![s](https://{EVIL}/s.png)**",
]
BLOCK_CONSTRUCTS = [
    f"\n[r]: https://{EVIL}/r.png\n",
    f'\n!!! danger "x"\n    ![a](https://{EVIL}/a.png)\n',
    f"\n:   ![d](https://{EVIL}/d.png)\n",
    f"\n- ![l](https://{EVIL}/l.png)\n",
    "\n1. item\n",
    "\n# heading {: #x }\n",
    "\nHeading\n=======\n",
    f"\na | b\n--|--\n![t](https://{EVIL}/t.png) | 2\n",
    f'\n<div markdown="1">![m](https://{EVIL}/m.png)</div>\n',
    "\n***\n",
    f"\n> ![q](https://{EVIL}/q.png)\n",
    f"\n    ![c](https://{EVIL}/c.png)\n",
    "\n---\ntitle: x\n---\n",
    f'\n<p style="background:url(https://{EVIL}/p.png)">\n',
]
CONSTRUCTS = INLINE_CONSTRUCTS + BLOCK_CONSTRUCTS
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "content", "data-label"}
"""Attributes that hold text to show or read out, never an address to load (data-label: shown by CSS)."""


def _is_text(info: Any) -> bool:
    from generator.data import fields

    return any(getattr(item, "func", None) is fields._clean_text for item in info.metadata)


def text_paths(model: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Return the path of every free-text field of a validated model (labels, names, paragraphs)."""
    from pydantic import BaseModel

    found: list[tuple[str | int, ...]] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, str) and index is None and _is_text(info):
                found.append(where)
            elif isinstance(item, BaseModel):
                found.extend(text_paths(item, where))
    return found


def without_quotes(data: Any) -> Any:
    """Drop every quoted-figure declaration: the texts they are checked in are replaced."""
    if isinstance(data, dict):
        return {key: without_quotes(value) for key, value in data.items() if key != "quotes"}
    if isinstance(data, list):
        return [without_quotes(item) for item in data]
    return data


def set_at(data: Any, loc: tuple[str | int, ...], value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def everywhere(construct_of: Any) -> tuple[dict[str, Any], list[tuple[str | int, ...]]]:
    """Return the real release with every text field holding its construct at the start, the middle and the end."""
    data = without_quotes(load_release_data())
    paths = text_paths(Release.model_validate(data))
    for number, loc in enumerate(paths):
        construct = construct_of(number)
        set_at(data, loc, f"{construct} words {construct} words {construct}")
    return data, paths


def test_every_text_field_is_found() -> None:
    data = without_quotes(load_release_data())
    paths = text_paths(Release.model_validate(data))
    assert ("headline", "en") in paths and ("publication", "authors", 0, "name") in paths
    assert ("design", "arms", 0, "label", "ja") in paths and ("funding", "en") in paths
    assert len(paths) > 100, len(paths)


def _elements(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    return collector


def test_no_construct_in_any_field_becomes_markup_or_loads_from_another_host() -> None:
    """Every field holds every construct (one per field and render, rotated) at its start, middle and end.

    The pages have no element the same pages with plain words lack, except the paragraphs' own
    emphasis, strong and http(s) links; nothing on them names the hostile host but such a link.
    """
    plain, _ = everywhere(lambda number: "plain")
    plain_tags = {key: {tag for tag, _ in _elements(page).tags} for key, page in pages(plain).items()}
    for rotation in range(len(CONSTRUCTS)):
        data, _ = everywhere(lambda number, rotation=rotation: CONSTRUCTS[(number + rotation) % len(CONSTRUCTS)])
        for key, page in pages(data).items():
            collector = assert_safe(page)
            extra = {tag for tag, _ in collector.tags} - plain_tags[key] - {"a", "em", "strong"}
            assert not extra, (rotation, key, extra)
            for tag, attrs in collector.tags:
                for name, value in attrs.items():
                    if value and EVIL in value and name not in TEXT_ATTRIBUTES:
                        assert (tag, name) == ("a", "href") and value.startswith(f"https://{EVIL}/"), (tag, attrs)
                if tag == "img":
                    assert EVIL not in (attrs.get("src") or ""), (rotation, key, attrs)
