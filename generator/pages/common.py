"""What every page of a release shares: the kinds of page, their links, dates, and the page context's base."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, fields

from babel.dates import format_date

from generator.data.analyses import kind_of
from generator.data.i18n import translations
from generator.data.languages import join_and, mid_sentence
from generator.data.models import Release
from generator.errors import N_
from generator.stats.caveats import caveats as design_caveats
from generator.stats.shown import ShownRelease


@dataclass(frozen=True)
class PageKind:
    """A kind of page every release has, rendered from one template."""

    name: str
    """Template stem and page id."""
    filename: str
    """The page's Markdown file inside the release's folder: each page is the index of its own
    folder, with the files it shows (its figure, its citation files) beside it, so that an address
    relative to the Markdown file is the same relative to the built page (results/index.md is
    served as results/). No address in a page's raw HTML then depends on whether the engine
    rewrites it (MkDocs does not, Zensical does)."""
    title: str
    """English title; translated through the catalogs."""


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("overview", "index.md", N_("Overview")),
    PageKind("design", "design/index.md", N_("Study design")),
    PageKind("results", "results/index.md", N_("Results")),
    PageKind("methods", "methods/index.md", N_("Methods")),
    PageKind("publication", "publication/index.md", N_("Publication")),
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
class Cited:
    """A statement and the number of the source it comes from (None: from the release itself)."""

    text: str
    source: int | None

    def __str__(self) -> str:
        return self.text


CI_METHODS = {
    "clopper-pearson": N_("exact (Clopper–Pearson)"),
    "wilson": N_("Wilson score"),
    "jeffreys": N_("Jeffreys"),
    "agresti-coull": N_("Agresti–Coull"),
}


@dataclass(frozen=True)
class PageContext:
    """What every release page template is rendered with; each page's context adds its own fields."""

    lang: str
    release: Release
    page: str
    """The PageKind name being rendered."""
    pages: tuple[Link, ...]
    """The release's pages, for the in-page navigation."""


def template_variables(context: object) -> dict[str, object]:
    """Return a context's fields as template variables (shallow: models stay models)."""
    return {field.name: getattr(context, field.name) for field in fields(context)}  # type: ignore[arg-type]


def base_fields(context: PageContext) -> dict[str, object]:
    """Return the fields of a page context's base, to build a page's own context from it."""
    return {field.name: getattr(context, field.name) for field in fields(PageContext)}


def month(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def long_date(value: dt.date, lang: str) -> str:
    """Format a date as 2026年5月18日 / May 18, 2026."""
    return format_date(value, format="long", locale=lang)


def page_href(page: str, target: str) -> str:
    """Return the address of the page named target on the page named page (both of one release)."""
    files = {kind.name: kind.filename for kind in PAGE_KINDS}
    return posixpath.relpath(files[target], posixpath.dirname(files[page]) or ".")


def release_pages(page: str, lang: str) -> tuple[Link, ...]:
    """Return the links of a release's pages, marking the current one."""
    gettext = translations(lang).gettext
    return tuple(Link(gettext(kind.title), page_href(page, kind.name), kind.name == page) for kind in PAGE_KINDS)


def describe(view: ShownRelease, status: str | tuple[str, ...]) -> tuple[Cited, ...]:
    """Return each analysis of a status in words, with its source; endpoints analyzed alike share one sentence."""
    grouped: dict[tuple[str, int | None], list[str]] = {}
    for spec, result in view.analyses(status):
        sentence = kind_of(spec).describe(spec, result, view.arm_labels, view.fmt)
        key = (sentence, view.source_number(spec.source))
        grouped.setdefault(key, []).append(view.endpoints[spec.endpoint].label[view.lang])
    return tuple(
        Cited(
            view.fmt._(
                N_("For {endpoints}, {sentence}"),
                endpoints=join_and((mid_sentence(label, view.lang) for label in labels), view.lang),
                sentence=sentence,
            ),
            source,
        )
        for (sentence, source), labels in grouped.items()
    )


def caveats(view: ShownRelease) -> tuple[str, ...]:
    """Return the cautions the release's design calls for, in the page's language."""
    return tuple(view.fmt._(msgid, **params) for msgid, params in design_caveats(view.release, view.figures))
