"""Editorial checks on every generated page: American spelling in English, textlint in Japanese.

Both sites are checked: the real release and the examples of other designs. A failure names the
page and the line; `make lint-copy` runs the same checks on docs/ after a build.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build.site import Project, generate
from tests.conftest import EXAMPLES_DIR, RELEASE_ID, ROOT, copy_project
from tests.copy_rules import TEXTLINT, british_words, check_english, check_japanese


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the Markdown pages of the release and of the examples under one folder per site."""
    out = tmp_path_factory.mktemp("copy")
    sites = {
        "release": Project(copy_project(out / "project")),
        "examples": Project(ROOT, EXAMPLES_DIR),
    }
    for name, project in sites.items():
        for relative, content in generate(project).files.items():
            if relative.endswith(".md"):
                path = out / name / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    return out


def _pages(root: Path, lang: str) -> list[Path]:
    found = sorted(path for site in ("release", "examples") for path in (root / site / lang).rglob("*.md"))
    assert found, f"no {lang} pages generated"
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Patients were randomised 2:1.",
        "in vitro fertilisation",
        "a multicentre trial",
        "the mother recognises the embryo",
        "the data were analysed",
        "the colour of the line",
        "Clinical Research Programme",
        "a licence to practise",
        "enrolment figures",
    ],
)
def test_british_forms_are_caught(text: str) -> None:
    assert british_words(text), text


def test_official_names_keep_their_spelling() -> None:
    assert british_words("the Ministry of Health, Labour and Welfare randomized 26 participants") == []


def test_english_pages_use_american_spelling(pages: Path) -> None:
    problems = check_english(_pages(pages, "en"))
    assert not problems, "\n".join(problems)


def test_english_pages_say_randomized(pages: Path) -> None:
    text = (pages / "release" / "en" / RELEASE_ID / "design" / "index.md").read_text(encoding="utf-8")
    assert "Randomized" in text


@pytest.fixture(scope="module")
def textlint() -> Path:
    """Return textlint's command, installing the locked packages with `npm ci` when they are missing."""
    if not TEXTLINT.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm, then run `npm ci` at the repository root")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"npm ci failed:\n{result.stdout}\n{result.stderr}"
    return TEXTLINT


def test_japanese_pages_pass_textlint(pages: Path, textlint: Path) -> None:
    code, report = check_japanese(_pages(pages, "ja"))
    assert code == 0, report


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("登録 17 人でした。", "ja-space-between-half-and-full-width"),
        ("11.1 ポイントでした。", "ja-space-between-half-and-full-width"),
        ("結果です. 次の文です。", "4.1.3.ピリオド"),
    ],
)
def test_textlint_catches_japanese_typography(text: str, rule: str, tmp_path: Path, textlint: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"# 見出し\n\n{text}\n", encoding="utf-8")
    code, report = check_japanese([page])
    assert code != 0 and rule in report, report
