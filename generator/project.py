"""Where a project keeps its data, templates and MkDocs sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of one project, found from its root."""

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
