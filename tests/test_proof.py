"""`proof`: drafts of the first release, in Word and PDF, clean and with planted errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from generator.cli import main
from generator.stats.recognize import recognize
from tests import draft_files
from tests.conftest import ROOT

DATA = ROOT / "data"

JA_ERRORS = {
    ("table", 1): ("38.4-88.2", "38.4-88.9"),  # Table 1: the upper bound of a CI
    ("table", 2): ("55.6 (5/9)", "57.6 (5/9)"),  # Table 1: a rate
    ("text", 0): ("21.2-86.3", "21.2-83.6"),  # 研究概要: a CI bound
    ("text", 1): ("低用量群で66.7%", "低用量群で６８．７％"),  # 研究概要: a rate, in full-width digits
    ("text", 2): ("約60%", "約80%"),
}
"""The five planted errors of the Japanese draft (the prose's CI is the only 21.2-86.3 outside the table)."""


def _planted_ja() -> draft_files.Draft:
    draft = draft_files.japanese()
    for (where, index), swap in JA_ERRORS.items():
        draft = draft_files.plant(draft, {(where, 0 if where == "text" else index): swap})
    return draft


def run_proof(caplog: pytest.LogCaptureFixture, *args: str) -> tuple[int, list[str]]:
    """Run `proof` and return its exit code and its lines."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="generator"):
        code = main(["--data", str(DATA), "proof", *args])
    return code, [record.getMessage() for record in caplog.records]


JA_DOCX_LINES = [
    "{draft}:table 1, row 2, column 4: printed '88.9', expected '88.2' "
    "(Low dose, Clinical pregnancy 3 weeks after embryo transfer, 95% CI upper bound)",
    "{draft}:table 1, row 3, column 3: printed '57.6', expected '55.6' "
    "(High dose, Clinical pregnancy 3 weeks after embryo transfer, rate)",
    "{draft}:paragraph 13: printed '約80%', expected '62.5 ± 5' "
    "(Clinical pregnancy rate, both doses pooled (post hoc), rate)",
    "{draft}:paragraph 15: printed '６８．７％', expected '66.7' "
    "(Low dose, Clinical pregnancy 3 weeks after embryo transfer, rate)",
    "{draft}:paragraph 15: printed '83.6', expected '86.3' "
    "(High dose, Clinical pregnancy 3 weeks after embryo transfer, 95% CI upper bound)",
    "{draft}: release 2026-05-18-tacrolimus: 21 figure(s) checked, 16 agreed, 5 disagreed, 0 not attributed",
]


def test_word_draft_japanese_five_planted_errors(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    draft = draft_files.write_docx(_planted_ja(), tmp_path / "draft-ja.docx")
    code, lines = run_proof(caplog, "--lang", "en", str(draft))
    assert code == 1
    assert lines == [line.format(draft=draft) for line in JA_DOCX_LINES]


def test_word_draft_japanese_messages_in_japanese(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    draft = draft_files.write_docx(_planted_ja(), tmp_path / "draft-ja.docx")
    code, lines = run_proof(caplog, "--lang", "ja", str(draft))
    assert code == 1
    assert lines[0] == (
        f"{draft}:表1 2行 4列: 印刷 '88.9'、期待値 '88.2'"
        "（低用量, 胚移植後3週間での臨床的妊娠の有無, 95%信頼区間の上限）"
    )
    assert lines[-1] == (f"{draft}: リリース 2026-05-18-tacrolimus: 数値21件を確認、一致16件、不一致5件、帰属できず0件")


def test_pdf_draft_japanese_same_five_errors(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    draft = draft_files.write_pdf(_planted_ja(), tmp_path / "draft-ja.pdf")
    code, lines = run_proof(caplog, "--lang", "en", str(draft))
    assert code == 1
    errors = [line for line in lines if "printed" in line]
    printed = sorted(line.split("printed ")[1].split(",")[0] for line in errors)
    assert printed == sorted(["'88.9'", "'57.6'", "'約80%'", "'６８．７％'", "'83.6'"])
    assert all(f"{draft}:page " in line for line in errors)
    assert any("table 1, row 2, column 4" in line and "expected '88.2'" in line for line in errors)
    assert lines[-1].endswith("21 figure(s) checked, 16 agreed, 5 disagreed, 0 not attributed")


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_clean_drafts_pass(tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str, language: str) -> None:
    draft = draft_files.japanese() if language == "ja" else draft_files.english()
    path = tmp_path / f"draft.{kind}"
    (draft_files.write_docx if kind == "docx" else draft_files.write_pdf)(draft, path)
    code, lines = run_proof(caplog, str(path))
    assert code == 0
    assert lines == [
        f"{path}: release 2026-05-18-tacrolimus: 21 figure(s) checked, 21 agreed, 0 disagreed, 0 not attributed"
    ]


EN_ERRORS = {
    ("text", 0): ("66.7% (95% CI", "68.7% (95% CI"),  # the summary's rate of the low dose
    ("table", 2): ("21.2-86.3", "21.2-88.3"),  # Table 1: a CI bound
    ("text", 1): ("about 60%", "about 75%"),
}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_english_draft_three_planted_errors(tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str) -> None:
    draft = draft_files.english()
    for swap_at, swap in EN_ERRORS.items():
        draft = draft_files.plant(draft, {(swap_at[0], 0 if swap_at[0] == "text" else swap_at[1]): swap})
    path = tmp_path / f"draft-en.{kind}"
    (draft_files.write_docx if kind == "docx" else draft_files.write_pdf)(draft, path)
    code, lines = run_proof(caplog, str(path))
    assert code == 1
    errors = [line for line in lines if "printed" in line]
    assert len(errors) == 3
    assert any("printed '68.7%', expected '66.7' (Low dose" in line for line in errors)
    assert any("printed '88.3', expected '86.3' (High dose" in line and "upper bound" in line for line in errors)
    assert any("printed 'about 75%', expected '62.5 ± 5'" in line for line in errors)
    assert lines[-1].endswith("3 disagreed, 0 not attributed")


def test_impossible_figures_reported_without_attribution(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# World first: a new treatment developed for infertility\n\n"
        "In an unrelated survey, 66.8% (10/15) said yes.\n\n"
        "Another figure was 45.0% (95% CI, 50.1-60.2).\n\n"
        "The difference had P = 1.3, and another P = 0.\n",
        encoding="utf-8",
    )
    code, lines = run_proof(caplog, str(draft))
    assert code == 1
    assert lines[:4] == [
        f"{draft}:line 3: printed '66.8%', impossible: expected a percentage some count out of 15 gives (66.7)",
        f"{draft}:line 5: printed '50.1-60.2', impossible: expected an interval that contains its estimate 45.0%",
        f"{draft}:line 7: printed 'P = 1.3', impossible: expected a P value above 0 and at most 1 (0 < P ≤ 1)",
        f"{draft}:line 7: printed 'P = 0', impossible: expected a P value above 0 and at most 1 (0 < P ≤ 1)",
    ]


def test_release_not_found_and_unknown_kind(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Nothing here names a release.\n", encoding="utf-8")
    assert run_proof(caplog, str(draft))[0] == 1
    assert "expected a release the draft names by its DOI, headline or date" in caplog.text
    assert run_proof(caplog, "--release", "2026-05-18-tacrolimus", str(draft))[0] == 0
    other = tmp_path / "draft.odt"
    other.write_text("x", encoding="utf-8")
    assert run_proof(caplog, str(other))[0] == 1
    assert "expected a draft ending in .docx, .pdf, .txt, .md, found 'draft.odt'" in caplog.text


def test_report_marks_every_figure(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    draft = draft_files.write_docx(_planted_ja(), tmp_path / "draft-ja.docx")
    report = tmp_path / "report.html"
    code, _ = run_proof(caplog, "--report", str(report), str(draft))
    assert code == 1
    page = report.read_text(encoding="utf-8")
    assert page.count('<mark class="agreed"') == 16
    assert page.count('<mark class="disagreed"') == 5
    assert (
        'title="expected 88.2 (Low dose, Clinical pregnancy 3 weeks after embryo transfer, 95% CI upper bound)">'
        "88.9</mark>" in page
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("６６．７％（95% CI、38.4～88.2）", [("percent", "66.7"), ("range", "38.4,88.2")]),
        ("約6割, nearly 60%", [("percent", "60"), ("percent", "60")]),
        ("15例中10例, 10 of 15, n=15", [("count", "10,15"), ("count", "10,15"), ("count", ",15")]),
        ("(38.4 to 88.2)", [("range", "38.4,88.2")]),
        ("P<0.0001, P＝0.03, P = .03", [("p", "0.0001"), ("p", "0.03"), ("p", "0.03")]),
        (
            "25.5 percentage points, risk ratio 2.31, HR 0.72",
            [("effect", "25.5"), ("effect", "2.31"), ("effect", "0.72")],
        ),
        ("18歳から40歳, 1日2mg, 2022年8月～2025年9月, 2:1, DOI 10.1016/j.jri.2026.104904, 95% CI", []),
    ],
)
def test_recognizer(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(figure.kind, ",".join(figure.numbers)) for figure in recognize(text)] == expected
