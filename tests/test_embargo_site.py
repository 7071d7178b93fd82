"""Embargo end to end: no trace before the lift, a marked preview, published at the lift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build, synthetic_release, write_release

pytestmark = pytest.mark.slow

HELD = "2027-01-15-synthetic"
EMBARGO = "2027-01-15T09:00:00+09:00[Asia/Tokyo]"
BEFORE = "2027-01-15T08:59:59+09:00"
AFTER = "2027-01-15T00:00:00Z"  # 09:00 in Tokyo: the lift itself
PAGES = ("index.html", "design/index.html", "results/index.html", "methods/index.html", "publication/index.html")
TRACES = (HELD, "A synthetic test release", "合成データによる試験リリース")


def traces(folder: Path) -> list[str]:
    """Return every file under folder that mentions the held release, in plain or JSON-escaped text."""
    needles = [text.encode("utf-8") for text in TRACES]
    needles += [json.dumps(text).strip('"').encode("ascii") for text in TRACES]
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    )


@pytest.fixture(scope="module")
def embargoed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("embargo") / "project")
    data = synthetic_release(HELD, "2027-01-15")
    data["embargo"] = EMBARGO
    data["updates"] = [
        # Dated the day of the lift: a correction dated after the build (the preview's) is refused.
        {"date": "2027-01-15", "kind": "correction", "ja": "数値を訂正しました。", "en": "A figure was corrected."}
    ]
    write_release(project, HELD, data)
    return project


def test_embargo_before_preview_and_after(embargoed_project: Path) -> None:
    project = embargoed_project
    # 1. Before the lift: no trace anywhere in site/, search index included; the log says so.
    before = mkdocs_build(project, env={"PRESS_AS_OF": BEFORE})
    assert before.returncode == 0, before.stderr
    assert f"held back by embargo: {HELD} until 2027-01-15T09:00:00+09:00" in before.stderr
    assert traces(project / "site") == []
    assert (project / "site" / "search" / "search_index.json").is_file()
    assert "World first: a new treatment" in (project / "site" / "en" / "index.html").read_text(encoding="utf-8")
    # The same inputs at a later time still before the lift: nothing to generate.
    again = mkdocs_build(project, env={"PRESS_AS_OF": "2027-01-15T08:00:00+09:00"})
    assert again.returncode == 0 and "(up to date)" in again.stderr, again.stderr

    # 2. The preview: every page of the held release in both languages, with the banner and noindex.
    preview = mkdocs_build(project, "-d", str(project / "preview"), env={"PRESS_AS_OF": BEFORE, "PRESS_PREVIEW": "1"})
    assert preview.returncode == 0, preview.stderr
    assert f"previewing (with a banner, noindex): {HELD}" in preview.stderr
    for prefix, banner, correction in (
        ("", "報道解禁日時：2027年1月15日 9:00 JST（1月15日 0:00 UTC）", "2027年1月15日の訂正"),
        ("en/", "Embargoed until Jan 15, 2027, 09:00 JST (Jan 15, 00:00 UTC)", "Correction of January 15, 2027"),
    ):
        for page in PAGES:
            html = (project / "preview" / prefix / HELD / page).read_text(encoding="utf-8")
            assert banner in html, (prefix, page)
            assert correction in html, (prefix, page)
            assert '<meta name="robots" content="noindex">' in html, (prefix, page)
        real = (project / "preview" / prefix / "2026-05-18-tacrolimus" / "index.html").read_text(encoding="utf-8")
        assert "noindex" not in real and "admonition danger" not in real
        home = (project / "preview" / prefix / "index.html").read_text(encoding="utf-8")
        assert ("2027年1月15日訂正" if not prefix else "Corrected January 15, 2027") in home
        assert ("報道解禁日時：2027年1月15日" if not prefix else "Embargoed until Jan 15, 2027") in home
        assert '<meta name="robots" content="noindex">' in home

    # 3. At the lift: published, without banner or noindex, although no input changed.
    after = mkdocs_build(project, env={"PRESS_AS_OF": AFTER})
    assert after.returncode == 0, after.stderr
    assert "held back" not in after.stderr
    for prefix in ("", "en/"):
        for page in PAGES:
            html = (project / "site" / prefix / HELD / page).read_text(encoding="utf-8")
            assert "noindex" not in html and "admonition danger" not in html, (prefix, page)
    assert HELD in (project / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
