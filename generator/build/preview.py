"""What makes `mkdocs serve --dirty` fast: work MkDocs would redo on every rebuild, done once per process.

(The parallel build uses ThemeCache too: its MkDocs process lists the theme's folders once before
it forks into the languages, and compiles the templates into files the languages' processes load.)

MkDocs loads its configuration again for every rebuild, and with it a new theme and a new Jinja
environment: every template of the theme was compiled again (69 of them, 0.4 s) and the theme's
folders, Material's thousands of icons included, listed again to find its static files (0.3 s),
once per language. The hook (hooks/generate.py) gives each new environment the bytecode of the
templates compiled before (Jinja checks each template's source against it) and the listing of
the theme's folders, until the theme changes.
"""

from __future__ import annotations

import copy
import functools
import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

log = logging.getLogger(__name__)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between the rebuilds of one process (checked against their source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class ThemeCache:
    """What a preview process keeps of the theme between rebuilds: compiled templates, the theme's file list."""

    def __init__(self) -> None:
        self.bytecode: jinja2.BytecodeCache = MemoryBytecodeCache()
        self.listings: dict[tuple[object, ...], list[str]] = {}

    def forget_listings(self) -> None:
        """Forget the theme's file lists (a file was added to or removed from overrides/)."""
        self.listings.clear()

    def attach(self, theme: Any) -> None:
        """Make theme.get_env() return environments that reuse what earlier ones compiled and listed."""
        if getattr(theme, "_press_preview_cache", None) is self:
            return
        original: Callable[[], jinja2.Environment] = theme.get_env

        def get_env() -> jinja2.Environment:
            env = original()
            env.bytecode_cache = self.bytecode
            listing = env.list_templates
            key = tuple(str(folder) for folder in theme.dirs)

            def list_templates(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
                # MkDocs' filter is the same function on every rebuild (of the same settings).
                code = getattr(filter_func, "__code__", filter_func)
                entry = (*key, repr(extensions), id(code))
                if entry not in self.listings:
                    self.listings[entry] = listing(extensions, filter_func)
                return list(self.listings[entry])

            env.list_templates = list_templates  # type: ignore[method-assign]
            return env

        theme.get_env = get_env
        theme._press_preview_cache = self

    def share(self, folder: Path) -> None:
        """Keep compiled templates as files in folder, where other processes (the forked languages) find them."""
        self.bytecode = jinja2.FileSystemBytecodeCache(str(folder))  # written whole, then renamed

    def list_folders(self, config: Any) -> None:
        """Attach to config's theme and list its folders (Material's thousands of icons) for the processes to come."""
        from mkdocs.structure.files import Files

        self.attach(config.theme)
        Files([]).add_files_from_theme(config.theme.get_env(), config)

    def compile(self, config: Any) -> None:
        """Compile the templates config's theme renders its pages and static pages with, into the bytecode cache.

        A template named only at render time (the theme's language partial) is compiled by the
        process that renders it.
        """
        from jinja2 import meta

        self.attach(config.theme)
        env = config.theme.get_env()
        names = ["main.html", *config.theme.static_templates]
        seen: set[str] = set()
        while names:
            name = names.pop()
            if name in seen:
                continue
            seen.add(name)
            try:
                source, filename, _ = env.loader.get_source(env, name)
            except jinja2.TemplateNotFound:
                continue
            tree = env.parse(source, name, filename)
            bucket = self.bytecode.get_bucket(env, name, filename, source)
            bucket.code = env.compile(tree, name, filename)
            self.bytecode.set_bucket(bucket)
            names += [found for found in meta.find_referenced_templates(tree) if found]


class I18nFiles:
    """mkdocs-static-i18n's per-file work (folder structure), remembered between the rebuilds of one process."""

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], Any] = {}
        self._installed = False

    def forget(self) -> None:
        """Forget every file (the site's settings or theme changed)."""
        self.made.clear()

    def install(self) -> None:
        """Wrap the plugin's create_i18n_file and is_relative_to (pure functions of their arguments)."""
        if self._installed:
            return
        import mkdocs_static_i18n
        from mkdocs_static_i18n import folder, reconfigure

        original = folder.create_i18n_file
        made = self.made

        def create_i18n_file(
            file: Any, current_language: str, default_language: str, all_languages: list[str], config: Any
        ) -> Any:
            key = (
                file.src_path,
                file.dest_path,
                file.dest_uri,
                file.abs_src_path,
                file.inclusion,
                current_language,
                default_language,
                tuple(all_languages),
                config.docs_dir,
                config.site_dir,
                config.use_directory_urls,
            )
            if key not in made:
                made[key] = original(file, current_language, default_language, all_languages, config)
            clone = copy.copy(made[key])
            clone.alternates = {current_language: clone}  # filled in place by the plugin: one per copy
            return clone

        relative = functools.lru_cache(maxsize=65536)(mkdocs_static_i18n.is_relative_to)
        folder.create_i18n_file = create_i18n_file
        folder.is_relative_to = relative
        reconfigure.is_relative_to = relative
        self._installed = True


_search_merged = False


def merge_search_entries() -> None:
    """Make Material's search index of a dirty rebuild the last index with each rebuilt section replaced."""
    global _search_merged
    if _search_merged:
        return
    from material.plugins.search import plugin as search  # type: ignore[import-untyped]

    original = search.SearchIndex.generate_search_index

    def generate_search_index(index: Any, prev: Any) -> str:
        merged: dict[str, Any] = {}
        for entry in [*(prev.entries if prev is not None else []), *index.entries]:
            merged[entry["location"]] = entry  # the newest entry of a location wins
        index.entries = list(merged.values())
        return str(original(index, None))

    search.SearchIndex.generate_search_index = generate_search_index
    _search_merged = True


def watch_events(server: Any, later: Sequence[str]) -> bool:
    """Have the preview server hear of a saved file at once (inotify on Linux) instead of every 0.5 s.

    MkDocs' server looks at every watched file twice a second (watchdog's polling observer):
    an edit waited 0.25 s on average, up to 0.5 s, before the rebuild started, a fifth of the
    whole preview at 100 releases. Where the system reports changes itself, the server's
    watches, with their handlers, move to watchdog's native observer, started here (later: the
    paths MkDocs watches after the hooks' on_serve, mkdocs.yml's `watch`, watched now; MkDocs'
    own watch() of them then only counts them). Return False, and leave the polling observer,
    where there is no native observer or it cannot watch (out of inotify watches, a mount that
    reports no changes).
    """
    from watchdog import events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    # What the polling observer reports: a file written, touched, made, removed or moved, not opened or
    # read (the generator reads data/ at every build, which would start another build).
    changes = [
        events.FileCreatedEvent,
        events.FileDeletedEvent,
        events.FileModifiedEvent,
        events.FileMovedEvent,
        events.FileClosedEvent,
        events.FileAttribEvent,
        events.DirCreatedEvent,
        events.DirDeletedEvent,
        events.DirModifiedEvent,
        events.DirMovedEvent,
    ]
    old = server.observer
    if Observer is PollingObserver or old.is_alive():
        return False
    for path in later:
        server.watch(path)

    class Native(Observer):  # type: ignore[misc,valid-type]
        def start(self) -> None:
            if not self.is_alive():  # started here: MkDocs' serve() starts it again
                super().start()

    native = Native()
    moved = {}
    for path, watch in server._watch_refs.items():
        for handler in old._handlers.get(watch, ()):
            # path, not watch.path: a watched file's (mkdocs.yml) is its folder, whose other files
            # (the server's log, written at every build) must not count.
            moved[path] = native.schedule(handler, path, recursive=watch.is_recursive, event_filter=changes)
    try:
        native.start()
    except OSError as error:
        log.info("preview: watching for changes every 0.5 s (%s)", error)
        native.stop()
        return False
    server._watch_refs.update(moved)
    server.observer = native
    log.debug("preview: watching %s for file events", ", ".join(sorted(moved)))
    return True


def empty_folder(folder: Path) -> None:
    """Remove everything inside folder (the preview's site/), keeping the folder."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
