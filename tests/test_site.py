"""The whole site, built by `mkdocs build --strict` as `make site` does."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import (
    EXAMPLES_DIR,
    RELEASE_ID,
    copy_project,
    example_ids,
    mkdocs_build,
    synthetic_release,
    write_release,
)

pytestmark = pytest.mark.slow

PAGES = ("", "design/", "results/", "methods/", "publication/")
EditRelease = Callable[[Callable[[dict[str, Any]], None]], Path]


def html_lang(path: Path) -> str:
    match = re.search(r'<html lang="([a-z]+)"', path.read_text(encoding="utf-8"))
    assert match, path
    return match[1]


def text_of(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_both_languages_have_every_page(built_site: Path) -> None:
    for page in PAGES:
        assert html_lang(built_site / RELEASE_ID / page / "index.html") == "ja"
        assert html_lang(built_site / "en" / RELEASE_ID / page / "index.html") == "en"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            [
                "世界初・不妊症に対する新たな治療方法を開発",
                "2026年5月18日",
                "プレスリリースのポイント",
                "今後の展望・発表者のコメント",
            ],
        ),
        (
            "en/",
            [
                "World first: a new treatment developed for infertility",
                "May 18, 2026",
                "Key points",
                "Outlook",
            ],
        ),
    ],
)
def test_overview_content(built_site: Path, prefix: str, expected: list[str]) -> None:
    text = text_of(built_site / prefix / RELEASE_ID / "index.html")
    for snippet in expected:
        assert snippet in text


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_results_table_is_computed(built_site: Path, prefix: str) -> None:
    html = (built_site / prefix / RELEASE_ID / "results" / "index.html").read_text(encoding="utf-8")
    left, right, dash = ("（", "）", "～") if prefix == "" else (" (", ")", "–")
    assert html.count(f">66.7%{left}10/15{right}</td>") == 2
    assert html.count(f">55.6%{left}5/9{right}</td>") == 2
    assert html.count(f">38.4{dash}88.2<") == 2
    assert html.count(f">21.2{dash}86.3<") == 2
    assert html.count(">&lt;0.0001</td>") == 4
    assert "<caption>" in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_publication_page(built_site: Path, prefix: str) -> None:
    html = (built_site / prefix / RELEASE_ID / "publication" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/10.1016/j.jri.2026.104904"' in html
    assert len(re.findall(r"</sup>", html)) >= 11 + 9
    assert "Efficacy of tacrolimus treatment in two-dose single-group controlled trial" in html
    assert 'href="mailto:koho@ncchd.go.jp"' in html


@pytest.mark.parametrize(("prefix", "period"), [("", "2022年8月～2025年9月"), ("en/", "August 2022 – September 2025")])
def test_design_page(built_site: Path, prefix: str, period: str) -> None:
    assert period in text_of(built_site / prefix / RELEASE_ID / "design" / "index.html")


def test_japanese_heading_ids_keep_the_japanese(built_site: Path) -> None:
    assert 'id="プレスリリースのポイント"' in (built_site / RELEASE_ID / "index.html").read_text(encoding="utf-8")


def test_no_third_party_font_request(built_site: Path) -> None:
    assert "fonts.googleapis.com" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_a_second_release_with_extreme_counts_builds(project: Path) -> None:
    write_release(project, "2027-01-15-synthetic", synthetic_release())
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    home = text_of(site / "index.html")
    assert home.index("合成データによる試験リリース") < home.index("世界初・不妊症に対する新たな治療方法を開発")
    results = (site / "2027-01-15-synthetic" / "results" / "index.html").read_text(encoding="utf-8")
    assert ">0.0%（0/12）</td>" in results
    assert ">0.0～26.5<" in results
    assert ">100.0%（7/7）</td>" in results
    assert ">59.0～100.0<" in results
    assert ">100.0%（1/1）</td>" in results
    assert (site / "en" / "2026-05-18-tacrolimus" / "publication" / "index.html").is_file()


def test_a_data_error_fails_the_build_cleanly_and_leaves_docs_alone(project: Path, edit_release: EditRelease) -> None:
    assert mkdocs_build(project).returncode == 0
    before = {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()}
    edit_release(lambda data: data["results"]["cells"][0].update(events=16))
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "results.cells[0].events: expected at most the analyzed count (15), found 16" in result.stderr
    assert "Traceback" not in result.stderr
    after = {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()}
    assert after == before
    assert "the generator found 1 problem(s):" in result.stderr
    # The build speaks the language of the environment, as `generator --lang` does.
    japanese = mkdocs_build(project, env={"LANG": "ja_JP.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert "ジェネレーターが1件の問題を見つけました：" in japanese.stderr
    assert "results.cells[0].events: 解析対象数（15）以下が必要ですが、16となっています" in japanese.stderr


def test_a_wrong_published_figure_fails_the_build(project: Path, edit_release: EditRelease) -> None:
    edit_release(lambda data: data["results"]["cells"][0]["published"].update(ci="38.5-88.2"))
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "results.cells[0].published.ci: expected 38.4-88.2 (recomputed" in result.stderr
    assert "found '38.5-88.2'" in result.stderr


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ["解析計画", "2.3 × 10⁻¹⁰", "探索的解析", "62.5%（15/24）", "−24.6～45.2", "scipy 1."]),
        (
            "en/",
            ["Analysis plan", "2.3 × 10⁻¹⁰", "not designed to compare", "62.5% (15/24)", "−24.6 to 45.2", "scipy 1."],
        ),
    ],
)
def test_methods_page(built_site: Path, prefix: str, expected: list[str]) -> None:
    text = text_of(built_site / prefix / RELEASE_ID / "methods" / "index.html")
    for snippet in expected:
        assert snippet in text


@pytest.mark.parametrize(
    ("prefix", "alt"), [("", "結果と95%信頼区間"), ("en/", "Results with 95% confidence intervals")]
)
def test_results_figure_in_both_languages(built_site: Path, prefix: str, alt: str) -> None:
    html = (built_site / prefix / RELEASE_ID / "results" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img alt="' + re.escape(alt) + r'[^"]*" src="figure.svg"', html) or (
        f'src="figure.svg" alt="{alt}' in html
    )
    assert 'srcset="figure-narrow.svg"' in html
    for name in ("figure.svg", "figure-narrow.svg"):
        svg = (built_site / prefix / RELEASE_ID / "results" / name).read_text(encoding="utf-8")
        assert "<title" in svg
        assert alt in svg


def test_injected_markup_in_the_data_stays_text_in_the_built_html(project: Path, edit_release: EditRelease) -> None:
    nasty = "<script>alert(1)</script><img src=x onerror=alert(2)> | *a* [b](javascript:alert(3)) `c`"

    def change(data: dict[str, Any]) -> None:
        for lang in ("ja", "en"):
            data["headline"][lang] = nasty
            data["results"]["caption"][lang] = nasty
            data["key_points"][0][lang] = nasty

    edit_release(change)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        for page in ("", "results/"):
            built = (project / "site" / prefix / RELEASE_ID / page / "index.html").read_text(encoding="utf-8")
            assert "<script>alert(1)" not in built
            assert "<img src=x" not in built
            # The text is in the page escaped for HTML, and in the JSON-LD escaped for a script (\u003e).
            rest = built.replace("onerror=alert(2)&gt;", "").replace("onerror=alert(2)\\u003e", "")
            assert "onerror=" not in rest
            assert 'href="javascript:' not in built
            assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in built


def test_no_sitemap_without_a_site_url(built_site: Path) -> None:
    assert not (built_site / "sitemap.xml").exists()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_not_found_page_in_both_languages(built_site: Path, prefix: str) -> None:
    """Static hosts serve only the root 404.html, for /en/ addresses too: every 404 page speaks both languages."""
    page = built_site / prefix / "404.html"
    own, other = ("ja", "en") if prefix == "" else ("en", "ja")
    assert html_lang(page) == own
    html = page.read_text(encoding="utf-8")
    headings = {"ja": "404 - ページが見つかりません", "en": "404 - Page not found"}
    assert f"<h1>{headings[own]}</h1>" in html
    assert f'<div lang="{other}">\n      <h2>{headings[other]}</h2>' in html
    assert "Go to the English home page" in html and "トップページへ" in html


def site_files(site: Path) -> dict[str, str]:
    """Return the published files of a site by path, with the title of each page ("" for other files)."""
    found = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith(("search/", "assets/")) and not name.startswith("sitemap"):
            title = re.search(r"<title>(.*?)</title>", path.read_text("utf-8")) if path.suffix == ".html" else None
            found[name] = title[1] if title else ""
    return found


def test_a_second_release_moves_no_address_of_the_first(tmp_path: Path) -> None:
    """Every address of a one-release site still answers, with the same page, once a second release is added."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project).returncode == 0
    first = site_files(project / "site")
    release_pages = {
        name: title for name, title in first.items() if name.startswith((f"{RELEASE_ID}/", f"en/{RELEASE_ID}/"))
    }
    assert len([name for name in release_pages if name.endswith("index.html")]) == 2 * 5
    assert {"index.html", "en/index.html", "404.html"} <= set(first)
    write_release(project, "2027-01-15-synthetic", synthetic_release())
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    second = site_files(project / "site")
    assert set(first) <= set(second), sorted(set(first) - set(second))
    assert {name: second[name] for name in release_pages} == release_pages
    home = text_of(project / "site" / "en" / "index.html")
    assert "World first: a new treatment developed for infertility" in home and "A synthetic test release" in home


def test_the_examples_build_as_one_press_room(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copytree(EXAMPLES_DIR, project / "examples")
    result = mkdocs_build(project, env={"DATA_DIR": "examples"})
    assert result.returncode == 0, result.stderr
    site = project / "site"
    home = text_of(site / "en" / "index.html")
    for release_id in example_ids():
        assert (site / release_id / "results" / "index.html").is_file()
        assert (site / "en" / release_id / "results" / "index.html").is_file()
    assert "Drug X raised the pregnancy rate" in home
    assert "2026-05-18-tacrolimus" not in home
    placebo = text_of(site / "en" / "2026-02-10-placebo-trial" / "results" / "index.html")
    for snippet in ("45.0% (18/40)", "19.5% (8/41)", "25.5 percentage points", "5.1–43.3", "0.018"):
        assert snippet in placebo
