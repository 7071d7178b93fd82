"""Japanese phrases (BudouX) and the <wbr> the pages get between them."""

from __future__ import annotations

import shutil
import tempfile
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.cli import main
from generator.data.phrases import has_japanese, phrases
from generator.pages.phrase_breaks import PHRASED, PHRASED_CLASSES, RAW_TEXT, VERBATIM, VOID, break_phrases
from tests.conftest import EXAMPLES_DIR, ROOT, copy_project, example_ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("胚移植後3週間での臨床的妊娠の有無", ["胚移植後", "3週間での", "臨床的妊娠の", "有無"]),
        ("低用量対5%", ["低用量対5%"]),
        ("新薬X対プラセボ", ["新薬X対プラセボ"]),
        # BudouX alone cuts 全解|析: a run of kanji stays whole.
        ("表1：全解析対象集団に対する有効性の調査結果", ["表1：全解析対象集団に", "対する", "有効性の", "調査結果"]),
        ("Clinical pregnancy", ["Clinical pregnancy"]),
    ],
)
def test_phrases_cut_between_words(text: str, expected: list[str]) -> None:
    assert phrases(text) == expected
    assert "".join(phrases(text)) == text


def test_headings_cells_and_captions_get_a_break_between_phrases() -> None:
    page = (
        '<h2 id="x">胚移植後3週間での有無<a class="headerlink" href="#x">&para;</a></h2>'
        '<table><caption>表1：結果</caption><tr><th scope="row">低用量<br><span class="dose">1日2mg</span></th>'
        '<td title="臨床的妊娠の有無">66.7%（10/15）</td></tr></table>'
        '<p class="x"><span class="study-label">単群試験（同時対照群なし）</span></p>'
    )
    assert break_phrases(page) == (
        '<h2 id="x">胚移植後<wbr>3週間での<wbr>有無<a class="headerlink" href="#x">&para;</a></h2>'
        '<table><caption>表1：結果</caption><tr><th scope="row">低用量<br><span class="dose">1日2mg</span></th>'
        '<td title="臨床的妊娠の有無">66.7%（10/15）</td></tr></table>'
        '<p class="x"><span class="study-label">単群試験<wbr>（同時対照群なし）</span></p>'
    )


def test_other_text_and_markup_pass_through_unchanged() -> None:
    page = (
        "<!-- 注記 --><p>臨床研究を実施し、その安全性と有効性を検証しました。</p>"
        "<h3><code>胚移植後3週間</code> &amp; &#x3C;script&#x3E;</h3><script>var s = '胚移植後3週間での';</script>"
        '<img alt="結果と95%信頼区間" src="figure.svg"><br/>'
    )
    assert break_phrases(page) == page
    assert break_phrases("<h1>Results</h1>") == "<h1>Results</h1>"


def test_a_script_is_text_up_to_its_end_tag_whatever_it_holds() -> None:
    page = '<td><script>var s = "</td>";</script>胚移植後3週間</td><p><style>/* <h2> */</style>胚移植後3週間</p>'
    expected = page.replace("</script>胚移植後", "</script>胚移植後<wbr>")
    assert break_phrases(page) == expected == reference(page)


class _Reference(HTMLParser):
    """The phrase breaker as html.parser reads the page: the oracle the fast tokenizer must match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._open: list[tuple[str, bool, bool]] = []

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
        self.out.append("<wbr>".join(phrases(data)) if phrased and not verbatim and has_japanese(data) else data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def reference(html: str) -> str:
    parser = _Reference()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def test_the_tokenizer_reads_every_built_page_as_html_parser_does(built_site: Path) -> None:
    # Whole pages: the theme's markup, scripts, inline SVG, tables, the language menu, both languages.
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert break_phrases(html) == reference(html), page.relative_to(built_site)


def test_the_tokenizer_reads_every_page_of_every_design_as_html_parser_does() -> None:
    # Each example's Markdown as Python-Markdown renders it (what on_page_content receives).
    config = load_config(str(ROOT / "mkdocs.yml"))
    renderer = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    checked = 0
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        for example in example_ids():
            shutil.copytree(EXAMPLES_DIR / example, project / "data" / "releases" / example)
        assert main(["--project", str(project), "build"]) == 0
        for page in sorted((project / "docs").rglob("*.md")):
            html = renderer.reset().convert(page.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
            assert break_phrases(html) == reference(html), page
            checked += has_japanese(html)
    assert checked >= 20


_text = st.text(alphabet="胚移植後3週間での臨床的妊娠の有無 Low dose,.%（）&<>\"'", max_size=30)
_escaped = _text.map(lambda text: html_escape(text, quote=False))
# Each attribute once, as Markdown writes them: with two class attributes, browsers read the first,
# html.parser's attribute dict the last, so the two readers would rightly differ.
_attrs = st.lists(
    st.tuples(
        st.sampled_from(["class", "id", "title", "data-x"]), st.one_of(st.sampled_from(sorted(PHRASED_CLASSES)), _text)
    ),
    max_size=3,
    unique_by=lambda pair: pair[0],
).map(lambda pairs: "".join(f' {name}="{html_escape(value)}"' for name, value in pairs))
_tags = st.sampled_from(sorted(PHRASED | VERBATIM | {"p", "div", "span", "a", "em", "table", "tr"}))


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "element", "void", "comment", "reference"] if depth < 4 else ["text"]))
        if kind == "text":
            parts.append(draw(_escaped))
        elif kind == "void":
            void = draw(st.sampled_from(["br", "img", "wbr", "hr"]))
            parts.append(f"<{void}{draw(_attrs)}{draw(st.sampled_from(['', '/', ' /']))}>")
        elif kind == "comment":
            parts.append(f"<!-- {draw(_escaped)} -->")
        elif kind == "reference":
            parts.append(draw(st.sampled_from(["&amp;", "&para;", "&#x3C;", "&#12354;", "&lt;"])))
        else:
            tag = draw(_tags)
            inner = draw(_escaped) if tag in RAW_TEXT else draw(_fragments(depth + 1))
            parts.append(f"<{tag}{draw(_attrs)}>{inner}</{tag}>")
    return "".join(parts)


@given(_fragments())
@settings(max_examples=300, deadline=None)
def test_the_tokenizer_reads_generated_html_as_html_parser_does(html: str) -> None:
    assert break_phrases(html) == reference(html)
