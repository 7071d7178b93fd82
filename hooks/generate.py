"""MkDocs hook: run the generator before every build, so `mkdocs build` and `mkdocs serve` do everything."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

import generator
from generator.errors import GeneratorError
from generator.i18n import LOCALES_DIR, language_from_environment, translations
from generator.site import Project, Site, build
from generator.sources import fingerprint

log = logging.getLogger("mkdocs.hooks.generate")
PACKAGE_DIR = Path(generator.__file__).resolve().parent

# The i18n plugin runs a whole build per language, so on_config runs once per language per build:
# remember the last generated site and regenerate only when an input changed.
_last: dict[str, object] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate docs/ from data/ and templates/, and give MkDocs the navigation."""
    project = Project(Path(config.config_file_path).resolve().parent)
    stamp = fingerprint(project)
    site = _last.get("site")
    if _last.get("stamp") != stamp or not isinstance(site, Site):
        try:
            site, report = build(project)
        except GeneratorError as error:
            _last.clear()
            message = error.render(translations(language_from_environment()).gettext)
            raise PluginError(f"the generator found {len(error.problems)} problem(s):\n{message}") from None
        _last.update(stamp=stamp, site=site)
        log.info(
            "generator: %d page file(s), %d written, %d removed",
            len(site.files),
            len(report.written),
            len(report.removed),
        )
    config.nav = list(site.nav)
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    """Also rebuild when a translation catalog or the generator's code changes."""
    for folder in (LOCALES_DIR, PACKAGE_DIR):
        server.watch(str(folder))
    return server
