"""The context of every page of a release, each page's from its own module.

One `ShownRelease` (the release's figures formatted in one language) serves the five pages and
the results figure; `release_contexts` builds them all, `release_context` one of them.
"""

from __future__ import annotations

from generator.data.models import Release
from generator.outputs.figure import FigureSpec
from generator.outputs.figure_spec import figure_spec
from generator.pages.common import PageContext, release_pages
from generator.pages.design import design_context
from generator.pages.methods import methods_context
from generator.pages.overview import overview_context
from generator.pages.publication import publication_context
from generator.pages.results import results_context
from generator.stats.compute import ReleaseFigures
from generator.stats.shown import ShownRelease


def release_contexts(
    release: Release, figures: ReleaseFigures, lang: str
) -> tuple[dict[str, PageContext], FigureSpec | None]:
    """Return the context of each page of a release in lang, by page name, and its results figure."""
    view = ShownRelease(release, figures, lang)
    spec = figure_spec(view)

    def base(page: str) -> PageContext:
        return PageContext(lang=lang, release=release, page=page, pages=release_pages(page, lang))

    contexts: dict[str, PageContext] = {
        "overview": overview_context(view, base("overview")),
        "design": design_context(view, base("design")),
        "results": results_context(view, base("results"), spec),
        "methods": methods_context(view, base("methods")),
        "publication": publication_context(view, base("publication")),
    }
    return contexts, spec


def release_context(release: Release, figures: ReleaseFigures, lang: str, page: str) -> PageContext:
    """Return the context of one page of a release in lang."""
    return release_contexts(release, figures, lang)[0][page]
