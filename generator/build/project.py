"""Where a project keeps its data, templates and MkDocs sources."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT_ITEMS = ("data", "templates", "hooks", "overrides", "mkdocs.yml", "docs/assets")
"""What a project consists of, besides the generator itself: enough to build its site."""


@dataclass(frozen=True)
class Project:
    """The folders of one project, found from its root."""

    root: Path
    data: Path | None = None
    """Another folder of release data than data/ (e.g. examples/), absolute or relative to root."""
    site_url: str | None = None
    """The address the site is published at (MkDocs' site_url, from SITE_URL); None when unknown."""

    @property
    def data_dir(self) -> Path:
        """Return the folder of release data."""
        return self.root / "data" if self.data is None else self.root / self.data

    @classmethod
    def from_environment(cls, root: Path, site_url: str | None = None) -> Project:
        """Return the project at root, reading another data folder from DATA_DIR when it is set."""
        data = os.environ.get("DATA_DIR")
        return cls(root, Path(data) if data else None, site_url)

    @property
    def templates_dir(self) -> Path:
        """Return the folder of page templates."""
        return self.root / "templates"

    @property
    def docs_dir(self) -> Path:
        """Return MkDocs' docs_dir; the generator owns its language folders."""
        return self.root / "docs"

    def copy_to(self, target: Path) -> Project:
        """Copy what a build needs into target (for tests and benchmarks) and return the copy."""
        for item in PROJECT_ITEMS:
            source = self.root / item
            if source.is_dir():
                shutil.copytree(source, target / item, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                (target / item).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / item)
        return Project(target, self.data, self.site_url)
