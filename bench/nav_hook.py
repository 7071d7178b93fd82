"""MkDocs hook for bench/nav_variants.py: set one candidate navigation over already generated pages.

It does not run the generator, so a build with it measures MkDocs and Material alone. The variant
comes from the environment: BENCH_NAV (home, overviews, sections) and BENCH_FEATURES (theme
features to add, comma-separated).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

PAGES = ("index.md", "design/index.md", "results/index.md", "methods/index.md", "publication/index.md")


def navigation(variant: str, releases: list[str]) -> list[Any]:
    """Return the navigation of one variant, as paths inside each language folder."""
    if variant == "home":
        return ["index.md"]
    if variant == "overviews":
        return ["index.md", *(f"{release}/index.md" for release in releases)]
    if variant == "sections":
        return ["index.md", *({release: [f"{release}/{page}" for page in PAGES]} for release in releases)]
    raise ValueError(f"unknown BENCH_NAV {variant!r}: expected home, overviews or sections")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Give MkDocs the variant's navigation and theme features."""
    docs = Path(config.docs_dir) / "ja"
    releases = sorted((path.name for path in docs.iterdir() if (path / "index.md").is_file()), reverse=True)
    config.nav = navigation(os.environ.get("BENCH_NAV", "overviews"), releases)
    features = [feature for feature in os.environ.get("BENCH_FEATURES", "").split(",") if feature]
    config.theme["features"] = [*config.theme["features"], *features]
    return config
