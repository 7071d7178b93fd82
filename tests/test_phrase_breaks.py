"""Japanese phrases (BudouX) and the <wbr> the pages get between them."""

from __future__ import annotations

import pytest

from generator.data.phrases import phrases
from generator.pages.phrase_breaks import break_phrases


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
