"""Generate the whole site in memory: load and check everything first, then render."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from generator import compute, meta, verify
from generator.cards import Card, render_card, reusable_card
from generator.citations import citation_files, file_names
from generator.context import (
    CITATION_FOLDER,
    FIGURE_FILE,
    FIGURE_NARROW_FILE,
    HOME_TEMPLATE,
    NARROW_FIGURE_WIDTH,
    PAGE_KINDS,
    figure_spec,
    home_context,
    long_date,
    release_context,
    release_pages,
    template_variables,
)
from generator.errors import GeneratorError, Problem, VerificationError
from generator.feeds import FEED_FILE, FeedEntry, atom_feed
from generator.figure import FigureSpec, render_svg
from generator.i18n import translations
from generator.languages import LANGUAGES
from generator.loader import load_releases
from generator.models import Release
from generator.project import Project
from generator.render import render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Site:
    """The generated files, in memory, and the navigation MkDocs should show."""

    files: dict[str, bytes]
    """Content by path relative to docs/, e.g. ja/results.md."""
    nav: tuple[str, ...]
    """Page paths inside each language folder, in navigation order."""
    releases: int


def draw_figures(specs: dict[str, FigureSpec]) -> dict[str, bytes]:
    """Return the SVG of every spec by path.

    Every build draws every figure: writing an SVG from its spec takes about a millisecond, so
    nothing from an earlier build is reused (a damaged file on disk can never be published again).
    """
    files = {relative: render_svg(spec).encode("utf-8") for relative, spec in specs.items()}
    log.debug("figures: %d drawn", len(files))
    return files


def card(release: Release, lang: str) -> Card:
    """Return the text of a release's social card in lang."""
    gettext = translations(lang).gettext
    date = long_date(release.date, lang)
    return Card(lang, release.headline[lang], release.issuer[lang], date, gettext("Press release"))


def feed_title(lang: str) -> str:
    """Return the title of the feed in lang."""
    return translations(lang).gettext("Press releases")


def feed_links(paths: meta.Addresses) -> list[tuple[str, str, str]]:
    """Return each language's feed: its language, title and path from the site root."""
    return [(lang, feed_title(lang), paths.prefix(lang) + FEED_FILE) for lang in LANGUAGES]


def feed(releases: list[Release], lang: str, single: bool, paths: meta.Addresses) -> bytes:
    """Return the Atom feed of the published releases in lang."""
    here = paths.prefix(lang)
    entries = [
        FeedEntry(
            key=release.id,
            title=release.headline[lang],
            summary=meta.description(release, lang),
            href=paths.href(here, paths.page(lang, "" if single else f"{release.id}/", "index.md")),
            author=release.issuer[lang],
            published=meta.feed_time(meta.published(release)),
            updated=meta.feed_time(meta.modified(release)),
        )
        for release in releases
    ]
    # The feed's id must not change when a release is added: it comes from the site's address,
    # or, without one, from the issuers' names.
    key = paths.site_url or "|".join(sorted({release.issuer["en"] for release in releases}))
    return atom_feed(entries, lang, feed_title(lang), paths.href(here, here + FEED_FILE), paths.href(here, here), key)


def generate(project: Project) -> Site:
    """Load, compute, verify and render every page; raise GeneratorError before anything is written."""
    # 1. Read and validate every release; every data problem is reported at once.
    loaded = load_releases(project.data_dir)
    # 2. Compute every figure and check the published ones against it.
    figures = {item.release.id: compute.release_figures(item.release) for item in loaded}
    mismatches: list[Problem] = []
    for item in loaded:
        mismatches.extend(verify.check_release(item, figures[item.release.id]))
    if mismatches:
        raise VerificationError(mismatches)
    # 3. Render every page of every language. With one release the site is that release;
    #    with several the home page lists them and each release lives in its own folder.
    single = len(loaded) == 1
    files: dict[str, bytes] = {}
    specs: dict[str, FigureSpec] = {}
    # One release: its pages are the navigation. Several: the navigation is the home page alone,
    # which lists them; each release's pages link to each other. Material renders the whole
    # navigation into every page, so a section per release made a 100-release build 3.5 times
    # slower (see bench/).
    nav: list[str] = [] if single else ["index.md"]
    paths = meta.Addresses(project.site_url)
    feeds = feed_links(paths)
    pages = [(kind.filename, kind.name, kind.title) for kind in PAGE_KINDS]
    for item in loaded:
        release = item.release
        base = "" if single else f"{release.id}/"
        if single:
            nav.extend(kind.filename for kind in PAGE_KINDS)
        cite = citation_files(release)
        names = file_names(release)
        for lang in LANGUAGES:
            # Everything but the current page is the same on every page of a release: build it once.
            shared = release_context(release, figures[release.id], lang, PAGE_KINDS[0].name)
            heads = meta.release_heads(release, lang, base, pages, paths)
            for kind in PAGE_KINDS:
                context = replace(shared, page=kind.name, pages=release_pages(kind.name, lang))
                text = render(project.templates_dir, lang, f"{kind.name}.md.j2", template_variables(context))
                alternates = {other: paths.page(other, base, kind.filename) for other in LANGUAGES}
                head = meta.front_matter(heads[kind.filename], alternates, feeds, paths)
                files[f"{lang}/{base}{kind.filename}"] = (head + text).encode("utf-8")
            for fmt, name in names.items():
                files[f"{lang}/{base}{CITATION_FOLDER}/{name}"] = getattr(cite, fmt)
            path = f"{lang}/{base}{meta.CARD_FILE}"
            social = card(release, lang)
            files[path] = reusable_card(social, project.docs_dir / path) or render_card(social)
        for lang in LANGUAGES:
            for name, width in ((FIGURE_FILE, None), (FIGURE_NARROW_FILE, NARROW_FIGURE_WIDTH)):
                spec = figure_spec(release, figures[release.id], lang, width)
                if spec is not None:
                    specs[f"{lang}/{base}results/{name}"] = spec
    releases = [item.release for item in loaded]
    if not single:
        for lang in LANGUAGES:
            text = render(project.templates_dir, lang, HOME_TEMPLATE, template_variables(home_context(releases, lang)))
            alternates = {other: paths.page(other, "", "index.md") for other in LANGUAGES}
            head = meta.front_matter(meta.home_head(releases, lang, paths), alternates, feeds, paths)
            files[f"{lang}/index.md"] = (head + text).encode("utf-8")
    if releases:
        for lang in LANGUAGES:
            files[f"{lang}/{FEED_FILE}"] = feed(releases, lang, single, paths)
    files[f"{LANGUAGES[0]}/robots.txt"] = meta.robots_txt(paths).encode("utf-8")
    files.update(draw_figures(specs))
    return Site(files=dict(sorted(files.items())), nav=tuple(nav), releases=len(loaded))


__all__ = ["GeneratorError", "Project", "Site", "generate"]
