"""Two builds of the same commit give byte-identical sites."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build

pytestmark = pytest.mark.slow


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(project: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1779062400", "SITE_URL": "https://press.example.org/"}
    assert mkdocs_build(project, env=env).returncode == 0
    first = tree_digest(project / "site")
    # A second build from scratch: generated pages and the site are both made again.
    shutil.rmtree(project / "site")
    for lang in ("ja", "en"):
        shutil.rmtree(project / "docs" / lang)
    assert mkdocs_build(project, env=env).returncode == 0
    second = tree_digest(project / "site")
    assert first == second
    assert "sitemap.xml" in first and "sitemap.xml.gz" in first
    assert "<lastmod>2026-05-18</lastmod>" in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://press.example.org/en/2026-05-18-tacrolimus/results/</loc>" in sitemap
