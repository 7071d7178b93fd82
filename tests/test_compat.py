"""scripts/compat.py's comparison: only the generator meta tag may differ between two builds."""

from __future__ import annotations

import gzip
from pathlib import Path

from scripts.compat import compare

PAGE = '<html><head><meta name="generator" content="{tool}"><title>Results</title></head><body>{body}</body></html>\n'


def site(root: Path, tool: str, body: str = "55.6 (5/9)", extra: str | None = None) -> Path:
    (root / "en").mkdir(parents=True)
    (root / "en" / "index.html").write_text(PAGE.format(tool=tool, body=body), encoding="utf-8")
    (root / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=hash(tool) % 1000))
    if extra:
        (root / extra).write_text("x", encoding="utf-8")
    return root


def test_builds_that_differ_only_in_the_generator_meta_tag_match(tmp_path: Path) -> None:
    first = site(tmp_path / "a", "mkdocs-1.6.1, mkdocs-material-9.8.2")
    second = site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2")
    assert compare(first, second) == []


def test_a_changed_page_is_reported_with_the_lines_that_differ(tmp_path: Path) -> None:
    first = site(tmp_path / "a", "mkdocs-1.6.1")
    second = site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7", body="55.5 (5/9)")
    (problem,) = compare(first, second)
    assert problem.startswith("en/index.html: differs\n")
    assert "-<html><head>" in problem and "55.6 (5/9)" in problem and "55.5 (5/9)" in problem


def test_a_file_made_by_one_tool_only_is_reported(tmp_path: Path) -> None:
    first = site(tmp_path / "a", "mkdocs-1.6.1", extra="extra.js")
    second = site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7")
    assert compare(first, second) == ["extra.js: only in the mkdocs build"]
