"""Build the typed context each page template is rendered with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date, format_interval, format_skeleton
from markupsafe import Markup

from generator import numbers
from generator.compute import CellFigures
from generator.errors import N_
from generator.i18n import translations
from generator.models import Release


@dataclass(frozen=True)
class PageKind:
    """A kind of page every release has, rendered from one template."""

    name: str
    """Template stem and page id."""
    filename: str
    """File name inside the release's folder."""
    title: str
    """English title; translated through the catalogs."""


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("overview", "index.md", N_("Overview")),
    PageKind("design", "design.md", N_("Study design")),
    PageKind("results", "results.md", N_("Results")),
    PageKind("publication", "publication.md", N_("Publication")),
)
"""The pages of a release, in reading order."""

HOME_TEMPLATE = "home.md.j2"
"""Template of the home page that lists the releases when there are several."""


@dataclass(frozen=True)
class Link:
    """A link from one page to another, relative to the linking page."""

    title: str
    href: str
    current: bool


@dataclass(frozen=True)
class TableRow:
    """One arm of one endpoint in the results table, formatted for display."""

    arm: str
    dose: str
    rate: str
    counts: str
    ci: str
    p: str


@dataclass(frozen=True)
class TableGroup:
    """The rows of one endpoint in the results table."""

    endpoint: str
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class ReleaseContext:
    """Everything a release page template is rendered with."""

    lang: str
    release: Release
    page: str
    """The PageKind name being rendered."""
    pages: tuple[Link, ...]
    """The release's pages, for the in-page navigation."""
    date: str
    period: str
    published: str
    ci_level: str
    control: str
    """Control rate in percent, e.g. 5."""
    alpha: str
    """Significance level, e.g. 0.0125."""
    table: tuple[TableGroup, ...]

    def as_mapping(self) -> dict[str, object]:
        """Return the context as template variables."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


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

    def as_mapping(self) -> dict[str, object]:
        """Return the context as template variables."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _month(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def long_date(value: dt.date, lang: str) -> str:
    """Format a date as 2026年5月18日 / May 18, 2026."""
    return format_date(value, format="long", locale=lang)


def release_pages(page: str, lang: str) -> tuple[Link, ...]:
    """Return the links of a release's pages, marking the current one."""
    gettext = translations(lang).gettext
    return tuple(Link(gettext(kind.title), kind.filename, kind.name == page) for kind in PAGE_KINDS)


def results_table(
    release: Release, figures: Mapping[tuple[str, str], CellFigures], lang: str
) -> tuple[TableGroup, ...]:
    """Return the results table: endpoints in order, arms in order within each."""
    groups: list[TableGroup] = []
    for endpoint in release.design.endpoints:
        rows: list[TableRow] = []
        for arm in release.design.arms:
            computed = figures[(endpoint.id, arm.id)]
            rows.append(
                TableRow(
                    arm=arm.label[lang],
                    dose=arm.dose[lang],
                    rate=numbers.percent(computed.rate, 1, lang),
                    counts=f"{computed.cell.events}/{computed.cell.analysed}",
                    ci=numbers.percent_range(computed.ci.low, computed.ci.high, 1, lang),
                    p=numbers.p_value(computed.p, lang),
                )
            )
        groups.append(TableGroup(endpoint.label[lang], tuple(rows)))
    return tuple(groups)


def release_context(
    release: Release, figures: Mapping[tuple[str, str], CellFigures], lang: str, page: str
) -> ReleaseContext:
    """Return the context of one page of a release in lang."""
    period = release.design.period
    return ReleaseContext(
        lang=lang,
        release=release,
        page=page,
        pages=release_pages(page, lang),
        date=long_date(release.date, lang),
        period=format_interval(_month(period.start), _month(period.end), "yMMMM", locale=lang),
        published=format_skeleton("yMMMM", _month(release.publication.published), locale=lang),
        ci_level=numbers.plain(Decimal(repr(release.analysis.ci.level)) * 100, lang),
        control=numbers.plain(Decimal(repr(release.analysis.control_rate)) * 100, lang),
        alpha=numbers.plain(release.analysis.alpha, lang),
        table=results_table(release, figures, lang),
    )


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
