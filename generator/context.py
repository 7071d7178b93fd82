"""Build the typed context each page template is rendered with."""

from __future__ import annotations

import datetime as dt
import functools
import platform
from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from importlib import metadata

from babel.dates import format_date, format_interval, format_skeleton
from markupsafe import Markup

from generator import numbers
from generator.citations import STYLE_NAME, csl_item, file_names, formatted_reference
from generator.compute import CellFigures, PooledFigures, ReleaseFigures
from generator.errors import N_
from generator.figure import FigurePanel, FigureRow, FigureSpec
from generator.i18n import translations
from generator.models import Arm, Endpoint, Release


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
    PageKind("methods", "methods.md", N_("Methods")),
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
class PValueRow:
    """One planned test: an arm against the control rate."""

    endpoint: str
    arm: str
    counts: str
    exact: str
    """The exact P, e.g. 2.3 × 10⁻¹⁰."""
    shown: str
    """The P as the table shows it, e.g. <0.0001."""
    significant: bool


@dataclass(frozen=True)
class ExploratoryRow:
    """One exploratory figure, formatted for display."""

    label: str
    estimate: str
    ci: str
    p: str | None


@dataclass(frozen=True)
class FigureRef:
    """The results figure: its files and its text alternatives."""

    src: str
    """Wide variant, relative to the page's URL."""
    src_narrow: str
    """Variant laid out for phones."""
    alt: str
    caption: str


@dataclass(frozen=True)
class CiteRef:
    """The paper's formatted reference and its citation files (generator/citations.py)."""

    reference: str
    style: str
    files: dict[str, str]
    """Each format's file (ris, bibtex, csl_json), relative to the publication page's Markdown file."""


def cite_ref(release: Release) -> CiteRef:
    """Return the paper's reference and the paths of its citation files."""
    files = {fmt: f"{CITATION_FOLDER}/{name}" for fmt, name in file_names(release).items()}
    return CiteRef(formatted_reference(csl_item(release)), STYLE_NAME, files)


CITATION_FOLDER = "publication"
"""The citation files' folder in a release's folder, named after the page that links them."""


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
    p_values: tuple[PValueRow, ...]
    exploratory: tuple[ExploratoryRow, ...]
    software: tuple[tuple[str, str], ...]
    """Name and version of every package that computed or formatted a figure."""
    figure: FigureRef
    cite: CiteRef


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


def template_variables(context: ReleaseContext | HomeContext) -> dict[str, object]:
    """Return a context's fields as template variables (shallow: models stay models)."""
    return {field.name: getattr(context, field.name) for field in fields(context)}


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


def by_endpoint(release: Release, figures: ReleaseFigures) -> Iterator[tuple[Endpoint, list[tuple[Arm, CellFigures]]]]:
    """Yield each endpoint in table order with its arms, in order, and their figures."""
    for endpoint in release.design.endpoints:
        yield endpoint, [(arm, figures.cells[(endpoint.id, arm.id)]) for arm in release.design.arms]


def results_table(release: Release, figures: ReleaseFigures, lang: str) -> tuple[TableGroup, ...]:
    """Return the results table: endpoints in order, arms in order within each."""
    return tuple(
        TableGroup(
            endpoint.label[lang],
            tuple(
                TableRow(
                    arm=arm.label[lang],
                    dose=arm.dose[lang],
                    rate=numbers.percent(computed.rate, 1, lang),
                    counts=f"{computed.cell.events}/{computed.cell.analysed}",
                    ci=numbers.percent_range(computed.ci.low, computed.ci.high, 1, lang),
                    p=numbers.p_value(computed.p, lang),
                )
                for arm, computed in arms
            ),
        )
        for endpoint, arms in by_endpoint(release, figures)
    )


FIGURE_FILE = "figure.svg"
FIGURE_NARROW_FILE = "figure-narrow.svg"
"""The results figure's files, in a folder named after the results page so relative URLs work."""

NARROW_FIGURE_WIDTH = 4.2
"""Width in inches of the figure variant for phones: its text stays readable at 390 px."""

SOFTWARE = ("scipy", "numpy", "babel", "pydantic", "jinja2", "matplotlib", "mkdocs")
"""Packages whose versions the methods page lists."""


@functools.cache
def software_versions() -> tuple[tuple[str, str], ...]:
    """Return Python's and the computing packages' versions."""
    return (("Python", platform.python_version()), *((name, metadata.version(name)) for name in SOFTWARE))


def p_value_rows(release: Release, figures: ReleaseFigures, lang: str) -> tuple[PValueRow, ...]:
    """Return the planned tests with their exact and displayed P values."""
    return tuple(
        PValueRow(
            endpoint=endpoint.label[lang],
            arm=arm.label[lang],
            counts=f"{computed.cell.events}/{computed.cell.analysed}",
            exact=numbers.scientific(computed.p, lang),
            shown=numbers.p_value(computed.p, lang),
            significant=computed.p < release.analysis.alpha,
        )
        for endpoint, arms in by_endpoint(release, figures)
        for arm, computed in arms
    )


def exploratory_rows(figures: ReleaseFigures, lang: str) -> tuple[ExploratoryRow, ...]:
    """Return the exploratory figures formatted for lang."""
    gettext = translations(lang).gettext
    rows = []
    for item in figures.comparisons.values():
        label = item.comparison.label[lang]
        if isinstance(item, PooledFigures):
            estimate = gettext(N_("{rate}% ({events}/{analysed})")).format(
                rate=numbers.percent(item.rate, 1, lang), events=item.events, analysed=item.analysed
            )
            ci = numbers.percent_range(item.ci.low, item.ci.high, 1, lang)
            rows.append(ExploratoryRow(label, estimate, ci, None))
        else:
            estimate = gettext(N_("{value} percentage points")).format(
                value=numbers.signed(item.difference * 100, 1, lang)
            )
            ci = gettext(N_("{low} to {high}")).format(
                low=numbers.signed(item.ci.low * 100, 1, lang), high=numbers.signed(item.ci.high * 100, 1, lang)
            )
            p = gettext(N_("Fisher's exact test, two-sided: P = {p}")).format(p=numbers.scientific(item.p, lang))
            rows.append(ExploratoryRow(label, estimate, ci, p))
    return tuple(rows)


def figure_spec(release: Release, figures: ReleaseFigures, lang: str, width: float | None = None) -> FigureSpec:
    """Return the results figure: each arm's rate and interval, one panel per endpoint."""
    gettext = translations(lang).gettext
    panels = [
        FigurePanel(
            endpoint.label[lang],
            tuple(
                FigureRow(
                    label=gettext(N_("{arm} ({dose})")).format(arm=arm.label[lang], dose=arm.dose[lang]),
                    estimate=float(computed.rate),
                    low=computed.ci.low,
                    high=computed.ci.high,
                    annotation=f"{numbers.percent(computed.rate, 1, lang)}% "
                    f"({numbers.percent_range(computed.ci.low, computed.ci.high, 1, lang)})",
                )
                for arm, computed in arms
            ),
        )
        for endpoint, arms in by_endpoint(release, figures)
    ]
    control = numbers.plain(Decimal(repr(release.analysis.control_rate)) * 100, lang)
    level = numbers.plain(Decimal(repr(release.analysis.ci.level)) * 100, lang)
    title = gettext(N_("Rates with {level}% confidence intervals by group")).format(level=level)
    description = " ".join(
        gettext(N_("{endpoint}: {rows}.")).format(
            endpoint=panel.title, rows="; ".join(f"{row.label} {row.annotation}" for row in panel.rows)
        )
        for panel in panels
    )
    extra = {"width": width} if width is not None else {}
    return FigureSpec(
        panels=tuple(panels),
        reference=release.analysis.control_rate,
        reference_label=gettext(N_("Control {control}%")).format(control=control),
        axis_label=gettext(N_("Rate (%)")),
        title=title,
        description=description,
        **extra,
    )


def figure_ref(release: Release, figures: ReleaseFigures, lang: str) -> FigureRef:
    """Return the text alternatives and files of the results figure."""
    gettext = translations(lang).gettext
    spec = figure_spec(release, figures, lang)
    control = numbers.plain(Decimal(repr(release.analysis.control_rate)) * 100, lang)
    caption = gettext(
        N_(
            "Figure: each group's rate (square) with its {level}% confidence interval (line), "
            "one panel per endpoint; the dashed line is the control rate of {control}%."
        )
    ).format(level=numbers.plain(Decimal(repr(release.analysis.ci.level)) * 100, lang), control=control)
    return FigureRef(
        src=FIGURE_FILE,
        src_narrow=FIGURE_NARROW_FILE,
        alt=f"{spec.title}. {spec.description}",
        caption=caption,
    )


def release_context(release: Release, figures: ReleaseFigures, lang: str, page: str) -> ReleaseContext:
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
        p_values=p_value_rows(release, figures, lang),
        exploratory=exploratory_rows(figures, lang),
        software=software_versions(),
        figure=figure_ref(release, figures, lang),
        cite=cite_ref(release),
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
