"""The publication page: the paper's reference, formatted, and its citation files."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_skeleton

from generator.data.models import Release
from generator.outputs.citations import STYLE_NAME, csl_item, file_names, formatted_reference
from generator.pages.common import PageContext, base_fields, month
from generator.stats.shown import ShownRelease


@dataclass(frozen=True)
class CiteRef:
    """The paper's formatted reference and its citation files (generator/citations.py)."""

    reference: str
    style: str
    files: dict[str, str]
    """Each format's file (ris, bibtex, csl_json), relative to the publication page's Markdown file."""


CITATION_FOLDER = "publication"
"""The citation files' folder in a release's folder: the publication page's own folder."""


def cite_ref(release: Release) -> CiteRef:
    """Return the paper's reference and the paths of its citation files."""
    files = dict(file_names(release))  # beside publication/index.md
    return CiteRef(formatted_reference(csl_item(release)), STYLE_NAME, files)


@dataclass(frozen=True)
class PublicationContext(PageContext):
    """What the publication template is rendered with."""

    published: str
    cite: CiteRef


def publication_context(view: ShownRelease, base: PageContext) -> PublicationContext:
    """Return the publication page's context."""
    published = format_skeleton("yMMMM", month(view.release.publication.published), locale=view.lang)
    return PublicationContext(**base_fields(base), published=published, cite=cite_ref(view.release))  # type: ignore[arg-type]
