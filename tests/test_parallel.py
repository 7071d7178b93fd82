"""The parallel build (`make site`): one MkDocs process per language gives the site one `mkdocs build` gives."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from generator.build.parallel import gzip_like, merge, merge_search_indexes, merge_sitemaps
from tests.conftest import EXAMPLES_DIR, copy_project, example_ids, mkdocs_build, parallel_build

SITE_URL = "https://press.example.org/sub/"


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("site_url", ["", SITE_URL], ids=["no-site-url", "site-url"])
def test_the_parallel_build_writes_the_same_bytes_as_one_mkdocs_build(tmp_path: Path, site_url: str) -> None:
    # Several releases (the home page lists them, each has its folder) and the real one with its files.
    project = copy_project(tmp_path / "project")
    for example in example_ids():
        shutil.copytree(EXAMPLES_DIR / example, project / "data" / "releases" / example)
    env = {"SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1779062400"}
    one = mkdocs_build(project, "--site-dir", str(tmp_path / "one"), env=env)
    assert one.returncode == 0, one.stderr
    both = parallel_build(project, "--site-dir", str(tmp_path / "both"), env=env)
    assert both.returncode == 0, both.stdout + both.stderr
    expected, found = tree(tmp_path / "one"), tree(tmp_path / "both")
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if expected[name] != found[name]] == []
    # The files each language's build writes for itself alone were merged, not taken from one build:
    index = json.loads(found["search/search_index.json"])
    assert {doc["location"].startswith("en/") for doc in index["docs"]} == {True, False}
    assert ("sitemap.xml" in found) == bool(site_url)
    if site_url:
        assert f"<loc>{SITE_URL}en/</loc>".encode() in found["sitemap.xml"]
        assert f"<loc>{SITE_URL}</loc>".encode() in found["sitemap.xml"]
    assert b'lang="ja"' in found["404.html"] and b'lang="en"' in found["en/404.html"]


def test_a_failed_language_build_leaves_the_site_folder_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_a_setting: 1\n", encoding="utf-8")
    result = parallel_build(project)
    assert result.returncode == 1
    for language in ("ja", "en"):
        assert f"[{language}] WARNING -  Config value 'not_a_setting'" in result.stderr
        expected = f"mkdocs build: {language}: expected a successful build, found exit code 1 (its messages are above)"
        assert expected in result.stderr
    assert [path.name for path in site.iterdir()] == ["old.html"]
    assert [path.name for path in project.iterdir() if path.name.startswith(".site")] == []


def test_search_indexes_are_merged_in_order_as_material_writes_them() -> None:
    config = {"lang": ["ja", "en"], "separator": "[\\s]+", "pipeline": ["trimmer"]}
    ja_docs = [{"location": "", "title": "結果", "text": "妊娠"}]
    en_docs = [{"location": "en/", "title": "Results", "text": "pregnancy"}]
    dump = [json.dumps({"config": config, "docs": docs}, separators=(",", ":")).encode() for docs in (ja_docs, en_docs)]
    merged = merge_search_indexes(dump)
    assert merged == json.dumps({"config": config, "docs": ja_docs + en_docs}, separators=(",", ":")).encode()
    other = {"config": {**config, "lang": ["en"]}, "docs": []}
    with pytest.raises(ValueError, match="different search settings"):
        merge_search_indexes([dump[0], json.dumps(other, separators=(",", ":")).encode()])


def test_sitemaps_are_merged_into_one_urlset() -> None:
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="x" xmlns:xhtml="y">'
    ja = head + b"\n    <url>\n        <loc>https://a/</loc>\n    </url>\n</urlset>"
    en = head + b"\n    <url>\n        <loc>https://a/en/</loc>\n    </url>\n</urlset>"
    merged = merge_sitemaps([ja, en])
    assert merged == head + (
        b"\n    <url>\n        <loc>https://a/</loc>\n    </url>"
        b"\n    <url>\n        <loc>https://a/en/</loc>\n    </url>\n</urlset>"
    )
    original = gzip.compress(ja, mtime=1779062400)
    again = gzip_like(original, merged)
    assert gzip.decompress(again) == merged and again[4:8] == original[4:8]


def test_a_shared_file_that_differs_between_the_languages_builds_is_refused(tmp_path: Path) -> None:
    for language, content in (("ja", "a"), ("en", "b")):
        (tmp_path / language / "assets").mkdir(parents=True)
        (tmp_path / language / "assets" / "extra.css").write_text(content, encoding="utf-8")
    trees = {"ja": tmp_path / "ja", "en": tmp_path / "en"}
    with pytest.raises(ValueError, match=r"assets/extra\.css: the en build wrote another file than the ja build"):
        merge(trees, "ja", tmp_path / "merged")


def test_bad_data_stops_the_parallel_build_before_mkdocs_reads_anything(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    release = next((project / "data" / "releases").glob("*/release.yaml"))
    release.write_text(release.read_text(encoding="utf-8").replace("analyzed: 15", "analyzed: -15"), encoding="utf-8")
    result = parallel_build(project)
    assert result.returncode == 1
    assert "release.yaml" in result.stderr and "analyzed" in result.stderr
    assert "Traceback" not in result.stderr and "[ja]" not in result.stderr and "[en]" not in result.stderr
    assert not (project / "site").exists()
    assert [path.name for path in project.iterdir() if path.name.startswith(".site")] == []
