"""Atom feeds: parsed back with feedparser, newest first, deterministic, absolute only with a site URL."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from generator.build.site import Project, generate
from tests.conftest import synthetic_release, write_release


@pytest.fixture
def two_releases(project: Path) -> Path:
    write_release(project, "2027-01-15-synthetic", synthetic_release())
    return project


def parse(content: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize(
    ("lang", "headlines"),
    [
        ("ja", ["合成データによる試験リリース", "世界初・不妊症に対する新たな治療方法を開発"]),
        ("en", ["A synthetic test release", "World first: a new treatment developed for infertility"]),
    ],
)
def test_each_language_has_a_feed_of_its_releases_newest_first(
    two_releases: Path, lang: str, headlines: list[str]
) -> None:
    files = generate(Project(two_releases)).files
    feed = parse(files[f"{lang}/feed.xml"])
    assert [entry.title for entry in feed.entries] == headlines
    assert feed.feed.language == lang
    # The feed's time is its newest entry's, never the time of the build.
    assert feed.feed.updated == "2027-01-15T00:00:00+00:00"
    assert [entry.published for entry in feed.entries] == ["2027-01-15T00:00:00+00:00", "2026-05-18T00:00:00+00:00"]
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    assert len({entry.id for entry in feed.entries}) == 2
    assert [entry.link for entry in feed.entries] == ["2027-01-15-synthetic/", "2026-05-18-tacrolimus/"]
    assert all(entry.summary and entry.author for entry in feed.entries)


def test_entry_ids_do_not_depend_on_the_language_folder_or_the_build(two_releases: Path) -> None:
    first = generate(Project(two_releases)).files
    second = generate(Project(two_releases)).files
    assert first["ja/feed.xml"] == second["ja/feed.xml"]
    ja = {entry.id for entry in parse(first["ja/feed.xml"]).entries}
    en = {entry.id for entry in parse(first["en/feed.xml"]).entries}
    assert not ja & en  # an entry per release and language


def test_with_a_site_url_the_links_are_absolute(two_releases: Path) -> None:
    files = generate(Project(two_releases, site_url="https://press.example.org/")).files
    feed = parse(files["en/feed.xml"])
    assert feed.entries[0].link == "https://press.example.org/en/2027-01-15-synthetic/"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": "https://press.example.org/en/feed.xml",
        "alternate": "https://press.example.org/en/",
    }
    ja = parse(files["ja/feed.xml"])
    assert ja.entries[1].link == "https://press.example.org/2026-05-18-tacrolimus/"


def test_a_single_release_links_to_its_own_folder(project: Path) -> None:
    files = generate(Project(project)).files
    [entry] = parse(files["en/feed.xml"]).entries
    assert entry.link == "2026-05-18-tacrolimus/"
