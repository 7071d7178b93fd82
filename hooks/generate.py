"""MkDocs hook: run the generator before every build, so `mkdocs build` and `mkdocs serve` do everything."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from generator.builder import BuildReport, build
from generator.errors import GeneratorError
from generator.i18n import LOCALES_DIR, language_from_environment, translations
from generator.project import Project
from generator.sources import fingerprint

log = logging.getLogger("mkdocs.hooks.generate")

# Under `mkdocs serve` a data error must not stop the preview: it is reported on this logger,
# which is outside the "mkdocs" logger tree, so strict mode does not turn it into a failed build,
# and the pages of the last good generation are served until the data is fixed.
preview_log = logging.getLogger("press_site.preview")


class _State:
    """What the hook remembers between builds of one MkDocs process."""

    command: str = "build"
    stamp: str | None = None
    site: BuildReport | None = None


# The i18n plugin runs a whole build per language, so on_config runs once per language per build:
# remember the last generated site and regenerate only when an input changed.
_state = _State()


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether this process previews (serve) or publishes (build)."""
    _state.command = command
    if command == "serve" and not preview_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("ERROR   -  %(message)s"))
        preview_log.addHandler(handler)
        preview_log.propagate = False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate docs/ from data/ and templates/, and give MkDocs the navigation."""
    started = time.perf_counter()
    project = Project.from_environment(Path(config.config_file_path).resolve().parent, config.site_url or None)
    stamp = fingerprint(project)
    if stamp != _state.stamp or _state.site is None:
        try:
            site = build(project)
        except GeneratorError as error:
            message = error.render(translations(language_from_environment()).gettext)
            summary = f"the generator found {len(error.problems)} problem(s):\n{message}"
            if _state.command != "serve":
                raise PluginError(summary) from None
            _state.stamp = stamp  # report a broken state once, not once per language
            preview_log.error("%s\nThe preview keeps showing the last good pages until this is fixed.", summary)
            if _state.site is not None:
                config.nav = list(_state.site.nav)
            return config
        _state.stamp, _state.site = stamp, site
        log.info(
            "generator: %d file(s), %d written, %d removed%s in %.3f s",
            site.files,
            site.written,
            site.removed,
            " (up to date)" if site.reused else "",
            time.perf_counter() - started,
        )
    if _state.site is not None:
        config.nav = list(_state.site.nav)
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    """Also rebuild when a translation catalog changes (data/ and templates/ are in mkdocs.yml's watch)."""
    server.watch(str(LOCALES_DIR))
    return server


# The i18n plugin builds every language into the same site_dir, one after the other, and each
# build writes site/404.html: the language built last (en) wins. Keep each language's page as its
# build writes it and, once every language is built, put the default language's at the root and
# each other language's at <lang>/404.html.
_not_found_pages: dict[str, bytes] = {}


def on_post_build(config: MkDocsConfig) -> None:
    """Give every language its own 404 page; the site's root 404.html is the default language's."""
    i18n: Any = config.plugins.get("i18n")
    page = Path(config.site_dir) / "404.html"
    if i18n is None or not page.is_file():
        return
    _not_found_pages[i18n.current_language] = page.read_bytes()
    languages = list(i18n.build_languages)
    if not set(languages) <= set(_not_found_pages):
        return  # the other languages are still to be built
    for language in languages:
        target = page if language == i18n.default_language else Path(config.site_dir) / language / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_not_found_pages[language])
    _not_found_pages.clear()
    if not config.site_url:
        # A sitemap needs absolute addresses; without site_url it would list "None/..." URLs.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (Path(config.site_dir) / name).unlink(missing_ok=True)
        log.info("no site_url (set SITE_URL): the sitemap is left out")
