"""MkDocs hook: run the generator before every build, so `mkdocs build` and `mkdocs serve` do everything."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.errors import GeneratorError
from generator.i18n import language_from_environment, translations
from generator.site import Project, Site, build
from generator.sources import fingerprint

log = logging.getLogger("mkdocs.hooks.generate")

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
        log.info("generator: %d page file(s), %d written, %d removed", len(site.files), len(report.written), len(report.removed))
    config.nav = list(site.nav)
    return config
