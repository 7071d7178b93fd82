"""What a process that generates again and again keeps from one generation to the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.build.writer import OnDisk

if TYPE_CHECKING:  # imported by the MkDocs hook before anything needs the statistics libraries
    from generator.data.loader import LoadedRelease
    from generator.errors import ClaimWarning, Problem
    from generator.stats.compute import ReleaseFigures


@dataclass
class Memo:
    """What generate() made in earlier runs of this process, to reuse what nothing changed (`mkdocs serve`).

    After an edit to one release of a hundred, the others' files are the same: they are taken
    from here instead of being validated, computed and rendered again. A release's files are
    reused only when its validated data, its attached files, its state (held back, previewed)
    and everything shared by all releases (templates, catalogs, the site's address, one release
    or several) are all the same, so a reused file is the file a new run would write.
    """

    parsed: dict[tuple[str, str], LoadedRelease] = field(default_factory=dict)
    """Validated releases by file and text (see load_releases)."""
    digests: dict[str, tuple[LoadedRelease, str]] = field(default_factory=dict)
    """The digest of each release's validated data, with the release read, by id."""
    figures: dict[str, tuple[str, ReleaseFigures]] = field(default_factory=dict)
    """Each release's figures, with the digest of its data, by release id."""
    checks: dict[str, tuple[LoadedRelease, ReleaseFigures, list[Problem], list[ClaimWarning]]] = field(
        default_factory=dict
    )
    """Each release's verification problems and claims warnings, with the release and figures checked, by id."""
    files: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)
    """Each release's files (pages, figures, citations, attachments), with their key, by release id."""
    on_disk: OnDisk = field(default_factory=OnDisk)
    """What the last generation left in docs/, so that the next one sends only the files that changed."""
    kept: bool = True
    """False for a one-off generation: nothing is reused, so no digest is worth computing."""
