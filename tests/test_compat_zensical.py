"""scripts/compat_zensical.py without Zensical: the configurations it writes and its offline check of a built site."""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.compat_zensical import _Dumper, check_site, expected_pages, language_configs
from tests.conftest import ROOT

NAV = ("index.md", "design/index.md", "results/index.md")


def test_one_configuration_per_language_from_mkdocs_yml() -> None:
    configs = language_configs(ROOT / "mkdocs.yml", NAV)
    assert sorted(configs) == ["en", "ja"]
    ja, en = configs["ja"], configs["en"]
    assert (ja["docs_dir"], ja["site_dir"], en["docs_dir"], en["site_dir"]) == (
        "docs-ja",
        "site-ja",
        "docs-en",
        "site-en",
    )
    assert (ja["theme"]["language"], en["theme"]["language"]) == ("ja", "en")
    assert (ja["site_name"], en["site_name"]) == ("プレスリリース", "Press releases")
    # Every 404 page shows both languages: the wording of each is in the shared extra.not_found.
    assert en["extra"]["not_found"] == ja["extra"]["not_found"]
    assert [(item["lang"], item["title"]) for item in en["extra"]["not_found"]] == [
        ("ja", "ページが見つかりません"),
        ("en", "Page not found"),
    ]
    assert ja["nav"] == en["nav"] == list(NAV)
    # The language menu links from each language's root to the other's, relatively.
    assert [(item["lang"], item["link"]) for item in ja["extra"]["alternate"]] == [("ja", "./"), ("en", "en/")]
    assert [(item["lang"], item["link"]) for item in en["extra"]["alternate"]] == [("ja", "../"), ("en", "../en/")]
    # MkDocs-only settings stay out; the slugify function is passed on under its Python tag.
    assert not {"hooks", "plugins", "validation", "watch"} & set(ja)
    text = yaml.dump(ja, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    assert "!!python/object/apply:pymdownx.slugs.slugify" in text


def page(lang: str, body: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><link rel="stylesheet" href="{body}"></head></html>'


def test_a_built_site_is_checked_for_pages_addresses_fragments_and_lang(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "results").mkdir(parents=True)
    (site / "en" / "results").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "extra.css").write_text("", encoding="utf-8")
    (site / "results" / "figure.svg").write_text("<svg/>", encoding="utf-8")
    (site / "index.html").write_text(
        '<html lang="ja"><body><h2 id="a">A</h2><a href="results/">r</a><a href="#a">a</a><a href="#b">b</a>'
        '<a href="https://example.org/x">x</a><a href="mailto:a@b">m</a>'
        '<a href="/assets/extra.css">c</a></body></html>',
        encoding="utf-8",
    )
    (site / "results" / "index.html").write_text(
        '<html lang="ja"><picture><source srcset="figure-narrow.svg"><img src="figure.svg"></picture>'
        '<a href="../en/results/">en</a></html>',
        encoding="utf-8",
    )
    (site / "en" / "results" / "index.html").write_text(page("ja", "../../assets/extra.css"), encoding="utf-8")
    problems, checked = check_site(site, ["index.html", "results/index.html", "en/index.html", "en/results/index.html"])
    assert sorted(str(problem) for problem in problems) == [
        "en/index.html: page missing",
        'en/results/index.html: lang="ja", expected lang="en"',
        "index.html: <a href> #b: no element with this id",
        "results/index.html: <source srcset> figure-narrow.svg: no such file",
    ]
    assert checked == 8  # the https: and mailto: addresses are not the site's


def test_each_markdown_page_becomes_a_folder_index(tmp_path: Path) -> None:
    for relative in ("ja/index.md", "ja/results/index.md", "en/index.md", "en/2026-x/design/index.md"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("", encoding="utf-8")
    assert expected_pages(tmp_path) == [
        "index.html",
        "results/index.html",
        "en/2026-x/design/index.html",
        "en/index.html",
    ]
