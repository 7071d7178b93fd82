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


def build_in_processes(project: Path, site: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Build as `generator site` does where processes cannot fork: one MkDocs process started per language."""
    from generator.build.parallel import build_site
    from generator.build.project import Project, site_address

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    build_site(Project.from_environment(project, site_address(env["SITE_URL"] or None)), site, fork=False)


@pytest.mark.parametrize(
    ("site_url", "fork"),
    [("", True), (SITE_URL, True), (SITE_URL, False)],
    ids=["no-site-url", "site-url", "site-url-one-process-started-per-language"],
)
def test_the_parallel_build_writes_the_same_bytes_as_one_mkdocs_build(
    tmp_path: Path, site_url: str, fork: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several releases (the home page lists them, each has its folder) and the real one with its files.
    project = copy_project(tmp_path / "project")
    for example in example_ids():
        shutil.copytree(EXAMPLES_DIR / example, project / "data" / "releases" / example)
    env = {"SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1779062400"}
    one = mkdocs_build(project, "--site-dir", str(tmp_path / "one"), env=env)
    assert one.returncode == 0, one.stderr
    if fork:
        both = parallel_build(project, "--site-dir", str(tmp_path / "both"), env=env)
        assert both.returncode == 0, both.stdout + both.stderr
        assert "[ja] INFO    -  Documentation built in" in both.stderr
        assert "[en] INFO    -  Documentation built in" in both.stderr
    else:
        build_in_processes(project, tmp_path / "both", env, monkeypatch)
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


def test_a_bad_configuration_is_reported_once_and_leaves_the_site_folder_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_a_setting: 1\n", encoding="utf-8")
    result = parallel_build(project)
    assert result.returncode == 1
    # MkDocs read its configuration once, before it forked into the languages.
    assert result.stderr.count("Config value 'not_a_setting'") == 1
    assert "[mkdocs] WARNING -  Config value 'not_a_setting'" in result.stderr
    expected = "mkdocs build: ja, en: expected a successful build, found exit code 1 (its messages are above)"
    assert expected in result.stderr
    assert [path.name for path in site.iterdir()] == ["old.html"]
    assert [path.name for path in project.iterdir() if path.name.startswith(".site")] == []


def test_a_language_whose_build_fails_is_named_and_the_site_folder_is_left_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    # A template that fails for the English pages only.
    main = project / "overrides" / "main.html"
    broken = '{% if config.theme.language == "en" %}{{ no_such_function() }}{% endif %}\n'
    main.write_text(
        main.read_text(encoding="utf-8").replace("{% block site_meta %}", "{% block site_meta %}" + broken, 1)
    )
    result = parallel_build(project)
    assert result.returncode == 1
    assert "mkdocs build: en: expected a successful build, found exit code 1 (its messages are above)" in result.stderr
    assert "mkdocs build: ja:" not in result.stderr
    assert "[en] " in result.stderr and "no_such_function" in result.stderr
    assert "[ja] INFO    -  Documentation built in" in result.stderr
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


def test_the_files_only_one_language_wrote_outside_its_folder_are_moved_into_the_site(tmp_path: Path) -> None:
    # The parallel build has the theme's assets written by one language's process only.
    (tmp_path / "ja" / "assets").mkdir(parents=True)
    (tmp_path / "ja" / "assets" / "extra.css").write_text("a", encoding="utf-8")
    (tmp_path / "ja" / "index.html").write_text("ja", encoding="utf-8")
    for path, content in (("assets/extra.css", "a"), ("assets/js/bundle.js", "b"), ("en/index.html", "en")):
        (tmp_path / "en" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "en" / path).write_text(content, encoding="utf-8")
    merge({"ja": tmp_path / "ja", "en": tmp_path / "en"}, "ja", tmp_path / "merged")
    assert {path: content.decode() for path, content in tree(tmp_path / "merged").items()} == {
        "assets/extra.css": "a",
        "assets/js/bundle.js": "b",
        "en/index.html": "en",
        "index.html": "ja",
    }


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
