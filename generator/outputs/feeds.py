"""Write the Atom feed of one language: the site's releases, newest first, with feedgen."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

FEED_FILE = "feed.xml"
"""The feed's file name inside each language's folder (site/feed.xml, site/en/feed.xml)."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")
_NAMESPACE = uuid.UUID("5b0c4d8e-3f0a-5a43-9c5e-1b1d6f0a7a10")
"""Namespace of the feed's and entries' urn:uuid ids: derived from stable names, never random."""


@dataclass(frozen=True)
class FeedEntry:
    """One release as a feed entry, in the feed's language."""

    key: str
    """Stable id of the release (its data id)."""
    title: str
    summary: str
    href: str
    """Address of the release's overview: absolute with a site URL, else relative to the feed."""
    author: str
    published: dt.datetime
    updated: dt.datetime


def _text(value: str) -> str:
    """Return value on one line without the characters XML cannot carry."""
    return _SPACES.sub(" ", _NOT_XML.sub("", value)).strip()


def entry_id(key: str, lang: str) -> str:
    """Return an entry's Atom id: the same for a release and language wherever the site is hosted."""
    return uuid.uuid5(_NAMESPACE, f"release:{key}:{lang}").urn


def atom_feed(entries: list[FeedEntry], lang: str, title: str, feed_href: str, home_href: str, feed_key: str) -> bytes:
    """Return the Atom feed of entries; the feed's updated time is the newest entry's (no "now")."""
    generator = FeedGenerator()
    generator.id(uuid.uuid5(_NAMESPACE, f"feed:{feed_key}:{lang}").urn)
    generator.title(_text(title))
    generator.language(lang)
    generator.link(href=feed_href, rel="self", type="application/atom+xml")
    generator.link(href=home_href, rel="alternate", type="text/html")
    generator.updated(max(entry.updated for entry in entries))
    # feedgen prepends each added entry; add the oldest first so that the newest comes first.
    for entry in sorted(entries, key=lambda item: (item.published, item.key)):
        item = generator.add_entry()
        item.id(entry_id(entry.key, lang))
        item.title(_text(entry.title))
        item.link(href=entry.href, rel="alternate", type="text/html")
        item.summary(_text(entry.summary))
        item.author(name=_text(entry.author))
        item.published(entry.published)
        item.updated(entry.updated)
    return bytes(generator.atom_str(pretty=True))
