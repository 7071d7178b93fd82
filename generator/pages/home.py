"""The home page of a site of several releases: the list of releases, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.data.models import Release
from generator.pages.common import long_date


@dataclass(frozen=True)
class HomeEntry:
    """One release in the home page's list."""

    date: str
    headline: str
    subtitle: str
    issuer: str
    href: Markup
    """Link to the release's overview, built from its validated id."""


@dataclass(frozen=True)
class HomeContext:
    """Everything the home page template is rendered with."""

    lang: str
    releases: tuple[HomeEntry, ...]


def home_context(releases: list[Release], lang: str) -> HomeContext:
    """Return the context of the home page listing releases, newest first."""
    entries = tuple(
        HomeEntry(
            date=long_date(release.date, lang),
            headline=release.headline[lang],
            subtitle=release.subtitle[lang],
            issuer=release.issuer[lang],
            href=Markup(f"{release.id}/index.md"),  # noqa: S704 - the id is validated as a slug
        )
        for release in releases
    )
    return HomeContext(lang=lang, releases=entries)
