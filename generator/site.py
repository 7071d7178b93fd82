"""Generate the whole site in memory: load and check everything first, then render."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from generator import compute, verify
from generator.context import (
    FIGURE_FILE,
    FIGURE_NARROW_FILE,
    HOME_TEMPLATE,
    NARROW_FIGURE_WIDTH,
    PAGE_KINDS,
    figure_spec,
    home_context,
    release_context,
    release_pages,
    template_variables,
)
from generator.errors import GeneratorError, Problem, VerificationError
from generator.figure import FigureSpec, render_svg
from generator.languages import LANGUAGES
from generator.loader import load_releases
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
    for item in loaded:
        release = item.release
        base = "" if single else f"{release.id}/"
        if single:
            nav.extend(kind.filename for kind in PAGE_KINDS)
        for lang in LANGUAGES:
            # Everything but the current page is the same on every page of a release: build it once.
            shared = release_context(release, figures[release.id], lang, PAGE_KINDS[0].name)
            for kind in PAGE_KINDS:
                context = replace(shared, page=kind.name, pages=release_pages(kind.name, lang))
                text = render(project.templates_dir, lang, f"{kind.name}.md.j2", template_variables(context))
                files[f"{lang}/{base}{kind.filename}"] = text.encode("utf-8")
        for lang in LANGUAGES:
            for name, width in ((FIGURE_FILE, None), (FIGURE_NARROW_FILE, NARROW_FIGURE_WIDTH)):
                spec = figure_spec(release, figures[release.id], lang, width)
                if spec is not None:
                    specs[f"{lang}/{base}results/{name}"] = spec
    if not single:
        releases = [item.release for item in loaded]
        for lang in LANGUAGES:
            text = render(project.templates_dir, lang, HOME_TEMPLATE, template_variables(home_context(releases, lang)))
            files[f"{lang}/index.md"] = text.encode("utf-8")
    files.update(draw_figures(specs))
    return Site(files=dict(sorted(files.items())), nav=tuple(nav), releases=len(loaded))


__all__ = ["GeneratorError", "Project", "Site", "generate"]
