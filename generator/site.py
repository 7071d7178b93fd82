"""Generate the whole site: load and check everything first, then render, then write."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

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
    template_variables,
)
from generator.errors import GeneratorError, Problem, VerificationError
from generator.figure import render_svg
from generator.loader import load_releases
from generator.models import LANGUAGES
from generator.render import render
from generator.writer import WriteReport, sync

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Project:
    """Where a project keeps its data, templates and MkDocs sources."""

    root: Path

    @property
    def data_dir(self) -> Path:
        """Return the folder of release data."""
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        """Return the folder of page templates."""
        return self.root / "templates"

    @property
    def docs_dir(self) -> Path:
        """Return MkDocs' docs_dir; the generator owns its language folders."""
        return self.root / "docs"


@dataclass(frozen=True)
class Site:
    """The generated files, in memory, and the navigation MkDocs should show."""

    files: dict[str, bytes]
    """Content by path relative to docs/, e.g. ja/results.md."""
    nav: tuple[str, ...]
    """Page paths inside each language folder, in navigation order."""
    releases: int


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
    nav: list[str] = []
    if not single:
        nav.append("index.md")
    for item in loaded:
        release = item.release
        base = "" if single else f"{release.id}/"
        for kind in PAGE_KINDS:
            if single:
                nav.append(kind.filename)
            for lang in LANGUAGES:
                context = release_context(release, figures[release.id], lang, kind.name)
                text = render(project.templates_dir, lang, f"{kind.name}.md.j2", template_variables(context))
                files[f"{lang}/{base}{kind.filename}"] = text.encode("utf-8")
        for lang in LANGUAGES:
            wide = render_svg(figure_spec(release, figures[release.id], lang))
            narrow = render_svg(figure_spec(release, figures[release.id], lang, NARROW_FIGURE_WIDTH))
            files[f"{lang}/{base}results/{FIGURE_FILE}"] = wide.encode("utf-8")
            files[f"{lang}/{base}results/{FIGURE_NARROW_FILE}"] = narrow.encode("utf-8")
        if not single:
            nav.append(f"{base}index.md")
    if not single:
        releases = [item.release for item in loaded]
        for lang in LANGUAGES:
            text = render(project.templates_dir, lang, HOME_TEMPLATE, template_variables(home_context(releases, lang)))
            files[f"{lang}/index.md"] = text.encode("utf-8")
    return Site(files=files, nav=tuple(nav), releases=len(loaded))


def build(project: Project) -> tuple[Site, WriteReport]:
    """Generate the site and write the files that changed under docs/."""
    site = generate(project)
    report = sync(project.docs_dir, site.files, owned=LANGUAGES)
    log.info(
        "generated %d file(s) for %d release(s): %d written, %d removed, %d unchanged",
        len(site.files),
        site.releases,
        len(report.written),
        len(report.removed),
        report.unchanged,
    )
    return site, report


__all__ = ["GeneratorError", "Project", "Site", "build", "generate"]
