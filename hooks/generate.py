"""MkDocs hook: run the generator before every build, so `mkdocs build` and `mkdocs serve` do everything."""

from __future__ import annotations

import json
import logging
import os
import posixpath
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any, Literal

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.build import embargo, preview, protect
from generator.build.builder import BuildReport, build, last_good_nav, recorded_report
from generator.build.lock import BuildLock
from generator.build.memo import Memo
from generator.build.parallel import (
    fork_languages,
    fork_plan,
    generated_by_caller,
    language_only,
    wait_for_caller,
    writes_shared_files,
)
from generator.build.problems import FOUND, problems_pages, unexpected, with_banner
from generator.build.problems import PAGE as PROBLEMS_PAGE
from generator.build.project import SITE_URL_VARIABLE, Project, site_address
from generator.build.sources import fingerprint, folders_digest
from generator.build.writer import sync
from generator.data.i18n import LOCALES_DIR, language_from_environment, translations
from generator.data.languages import LANGUAGES
from generator.errors import GeneratorError
from generator.pages.phrase_breaks import break_phrases

log = logging.getLogger("mkdocs.hooks.generate")

# Under `mkdocs serve` a data error must not stop the preview: it is reported on this logger,
# which is outside the "mkdocs" logger tree, so strict mode does not turn it into a failed build,
# and the pages of the last good generation are served until the data is fixed.
preview_log = logging.getLogger("press_site.preview")


class _State:
    """What the hook remembers between builds of one MkDocs process."""

    command: str = "build"
    dirty: bool = False
    """`mkdocs serve --dirty` (make serve): MkDocs renders only the pages whose Markdown changed."""
    shown: str | None = None
    """Under a dirty preview, what every page showed at the last build besides its own content (see _site_wide)."""
    theme = preview.ThemeCache()
    """The theme's compiled templates and file list: kept between the rebuilds of a dirty preview; under the
    parallel build (PRESS_FORK), the list made before the fork, the templates compiled into a shared folder."""
    i18n = preview.I18nFiles()
    """Under a dirty preview, the i18n plugin's per-file work, kept between rebuilds."""
    stamp: str | None = None
    site: BuildReport | None = None
    nav: tuple[str, ...] | None = None
    """The navigation of the pages in docs/ while the data is broken (last good pages, or the problems page)."""
    lock: BuildLock | None = None
    memo = Memo()
    """What the last generation made, reused by the next for the releases that did not change."""
    error: GeneratorError | None = None
    """Under `mkdocs serve`, the problems of the data while it is broken: every page shows them in a banner."""
    locker: protect.Locker | None = None
    """Encrypts the pages of the releases under embargo when the journalists' passphrase is set."""
    protected_files: dict[str, Path] = {}  # noqa: RUF012 (one process, one state)
    """The protected releases' files (figures, attachments) by address in the site, folded into their pages."""


# The i18n plugin runs a whole build per language, so on_config runs once per language per build:
# remember the last generated site and regenerate only when an input changed.
_state = _State()


def _warm_up(project: Project) -> None:
    """Run the generator once, in memory, on one release: the first edit then finds it ready.

    A preview usually starts on an up-to-date docs/, so its first build imports nothing; the
    first edit then paid for SciPy, statsmodels and pandas being imported and the templates
    compiled (about 1.6 s, longer than the whole build of a one-release site). One release is
    enough to load all of that, so the cost does not grow with the site. Writes nothing.
    """
    started = time.perf_counter()
    try:
        from generator.build.site import generate

        releases = project.data_dir / "releases"
        folders = sorted(
            path for path in (releases if releases.is_dir() else project.data_dir).iterdir() if path.is_dir()
        )
        with tempfile.TemporaryDirectory(prefix="press-warm-up-") as folder:
            (Path(folder) / folders[0].name).symlink_to(folders[0], target_is_directory=True)
            generate(Project(project.root, Path(folder)))
    except Exception as error:  # a failed warm-up costs only time; the next build reports any data problem
        log.debug("generator: warm-up skipped (%s)", error)
        return
    log.debug("generator: warmed up in the background in %.3f s", time.perf_counter() - started)


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether this process previews (serve) or publishes (build), and whether it renders only changes."""
    _state.command = command
    _state.dirty = dirty
    if command == "serve" and dirty:
        # The preview's dirty builds are how it stays fast (see _render_all); MkDocs' warning
        # about them would fail every build under strict mode.
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())
    if command == "serve" and not preview_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("ERROR   -  %(message)s"))
        preview_log.addHandler(handler)
        preview_log.propagate = False


class _DirtyWarningFilter(logging.Filter):
    """Drop MkDocs' warning that a dirty build may leave navigation stale: the hook rebuilds all when it would."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _site_wide(project: Project, config: MkDocsConfig) -> str:
    """Return what every page shows besides its own Markdown: when it changes, every page must be rendered again.

    The navigation, the header's name and logo, the problems banner, and the theme's templates,
    assets and settings; a removed page (a release gone) too, since a dirty build leaves its old HTML.
    """
    site = _state.site
    error = _state.error.render(str) if _state.error is not None else None
    nav = _state.nav if _state.nav is not None else (site.nav if site is not None else None)
    shared = [
        nav,
        site.site_names if site is not None else None,
        site.logo if site is not None else None,
        error,
        folders_digest(project.root / "overrides", project.docs_dir / "assets", extra=str(config.config_file_path)),
    ]
    return json.dumps(shared, sort_keys=True, default=str)


def _render_all(project: Project, config: MkDocsConfig, removed: bool) -> None:
    """Under `mkdocs serve --dirty`, empty the served folder when every page must change, so MkDocs renders them all.

    A dirty build renders only the pages whose Markdown is newer than their HTML; the generator
    rewrites only the Markdown that changed (one release's pages for one edit: 10 of 2,004
    pages at 100 releases). What all pages share is checked here instead.
    """
    _state.theme.attach(config.theme)
    _state.i18n.install()
    preview.merge_search_entries()
    shown = _site_wide(project, config)
    if shown == _state.shown and not removed:
        return
    _state.shown = shown
    _state.theme.forget_listings()
    _state.i18n.forget()
    preview.empty_folder(Path(config.site_dir))
    log.debug("preview: every page is rendered again")


def _take_lock(project: Project) -> None:
    """Hold the project's build lock from the first language's on_config to the end of the build.

    A second `mkdocs build`, `mkdocs serve` or `generator build` of the same project waits here,
    before MkDocs cleans or writes site/, until this build is over.
    """
    if _state.lock is None or _state.lock.path.parent != project.docs_dir:
        _state.lock = BuildLock(project.docs_dir, log)
    _state.lock.acquire()


def _release_lock() -> None:
    if _state.lock is not None:
        _state.lock.release()


def _preview_broken(project: Project, summary: str, error: GeneratorError) -> None:
    """Under `mkdocs serve`, report a failed generation and keep something worth serving in docs/."""
    _state.error = error
    if _state.site is not None:
        _state.nav = _state.site.nav
        preview_log.error("%s\nThe preview keeps showing the last good pages until this is fixed.", summary)
        return
    nav = last_good_nav(project)
    if nav is not None:
        _state.nav = nav
        preview_log.error("%s\nThe preview shows the pages of the last good build until this is fixed.", summary)
        return
    _state.nav = (PROBLEMS_PAGE,)
    try:
        sync(project.docs_dir, problems_pages(error), owned=LANGUAGES)
    except GeneratorError as write_error:
        preview_log.error("%s", write_error.render(translations(language_from_environment()).gettext))
    except Exception as write_error:  # the preview must go on whatever happens
        preview_log.error("the problems page could not be written: %s", write_error)
    preview_log.error(
        "%s\nThere are no good pages yet: the preview shows a page listing the problems until they are fixed.",
        summary,
    )


def _embargo_lifted(site: BuildReport) -> bool:
    """Return whether the build time left the span in which the last generation holds (an embargo lifted)."""
    try:
        return site.schedule is not None and not site.schedule.holds_at(embargo.as_of())
    except GeneratorError:
        return True  # let the build report the bad PRESS_AS_OF


def _one_language(config: MkDocsConfig) -> None:
    """Under the parallel build (PRESS_LANGUAGE), have the i18n plugin build that language alone.

    This hook's on_config runs before the plugin's (priority -100), which starts with the
    language it is given, the default one otherwise; on_post_build stops it from going on to the
    other languages, which their own processes build.
    """
    language = language_only()
    if language is None:
        return
    i18n: Any = config.plugins.get("i18n")
    if i18n is None or i18n.current_language is not None:
        return
    if language not in i18n.build_languages:
        raise PluginError(f"PRESS_LANGUAGE={language}: expected one of {', '.join(i18n.build_languages)}")
    i18n.current_language = language


def _generated(project: Project) -> BuildReport:
    """Return what the caller generated (PRESS_GENERATED: it builds docs/ and holds the lock)."""
    if _state.site is None:
        if not wait_for_caller():
            raise PluginError("the generator failed (see its messages): nothing to build")
        _state.site = recorded_report(project)
        if _state.site is None:
            raise PluginError(
                "PRESS_GENERATED=1 but docs/ holds no generated site: run `python -m generator build` first"
            )
    return _state.site


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate docs/ from data/ and templates/, and give MkDocs the navigation."""
    started = time.perf_counter()
    # mkdocs.yml leaves site_url to SITE_URL, read and checked here so that a bad address is one
    # error naming SITE_URL, before anything is written (MkDocs' own check lets markup through).
    try:
        site_url = site_address(config.site_url or os.environ.get(SITE_URL_VARIABLE) or None)
    except GeneratorError as error:
        message = error.render(translations(language_from_environment()).gettext)
        raise PluginError(f"the generator found {len(error.problems)} problem(s):\n{message}") from None
    config.site_url = site_url
    project = Project.from_environment(Path(config.config_file_path).resolve().parent, site_url)
    plan = fork_plan() if generated_by_caller() else None
    if plan is not None:
        # The parallel build: what both languages' builds share is done here, once; then this
        # process forks into one process per language, which goes on from here, and compiles
        # the theme's templates into files they load when they render their first page.
        _state.theme.share(Path(plan.shared))
        _state.theme.list_folders(config)  # needs no docs/: done while the generator runs
        _generated(project)
        fork_languages(plan, config, meanwhile=lambda: _state.theme.compile(config))
    _one_language(config)
    if generated_by_caller():
        config.nav = list(_generated(project).nav)
        return config
    _take_lock(project)
    stamp = f"{fingerprint(project)};preview={embargo.preview()}"
    removed = False
    broken = _state.nav is not None
    if (
        stamp != _state.stamp
        or (_state.site is None and not broken)
        or (_state.site is not None and not broken and _embargo_lifted(_state.site))
    ):
        _state.stamp = stamp  # report a broken state once, not once per language
        try:
            site = build(project, locked=True, memo=_state.memo)
        except GeneratorError as error:
            gettext = translations(language_from_environment()).gettext
            summary = gettext(FOUND).format(count=len(error.problems)) + "\n" + error.render(gettext)
            if _state.command != "serve":
                raise PluginError(summary) from None
            _preview_broken(project, summary, error)
        except Exception as error:
            # A bug or an unexpected failure must not leave the preview stuck: report it, keep serving.
            if _state.command != "serve":
                raise
            preview_log.debug("the generator failed unexpectedly", exc_info=True)
            problem = unexpected(error)
            _preview_broken(project, f"the generator failed unexpectedly: {problem.problems[0].found}", problem)
        else:
            _state.site, _state.nav, _state.error = site, None, None
            removed = site.removed > 0
            if site.schedule is not None and site.schedule.held:
                what = "previewing (with a banner, noindex)" if embargo.preview() else "held back by embargo"
                log.info("%s: %s", what, site.schedule.describe_held())
            log.info(
                "generator: %d file(s), %d written, %d removed%s in %.3f s",
                site.files,
                site.written,
                site.removed,
                " (up to date)" if site.reused else "",
                time.perf_counter() - started,
            )
    nav = _state.nav if _state.nav is not None else (_state.site.nav if _state.site is not None else None)
    if nav is not None:
        config.nav = list(nav)
    if _state.command == "serve" and _state.dirty:
        i18n: Any = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):  # the first language's build: site_dir is still the last build's
            _render_all(project, config, removed)
    return config


def on_build_error(error: Exception) -> None:
    """Let the next build (or another process) run after a failed one."""
    _release_lock()


def on_shutdown() -> None:
    """Release the build lock when MkDocs exits (the kernel would release it anyway)."""
    _release_lock()


def on_pre_build(config: MkDocsConfig) -> None:
    """Name the site after its issuer in the header (with its logo), in the language being built, when there is one."""
    i18n: Any = config.plugins.get("i18n")
    names = _state.site.site_names if _state.site is not None else None
    if names and i18n is not None and i18n.current_language in names:
        # MkDocs' templates do not escape: the name comes from the data, so it goes in as Markup,
        # escaped once here (Jinja's `e` filter leaves Markup as it is, so nothing is escaped twice).
        config.site_name = escape(names[i18n.current_language])
    logo = _state.site.logo if _state.site is not None else None
    if logo and i18n is not None:
        # Each language's pages and files live in its folder of docs/; the default language's at the root.
        prefix = "" if i18n.current_language == i18n.default_language else f"{i18n.current_language}/"
        config.theme["logo"] = prefix + logo


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Under the parallel build, leave out the files this language's process does not write.

    The other languages' files, which the i18n plugin (after this hook) would only set aside; and,
    in all languages' processes but one (writes_shared_files), the theme's assets, which the merge
    takes from that one process. (docs/' files outside the languages' folders, docs/assets/, are
    the default language's to the plugin: its build writes them.)
    """
    only = language_only()
    i18n: Any = config.plugins.get("i18n")
    if only is None or i18n is None or i18n.config.fallback_to_default:
        return files  # with the fallback, a language's build uses the default language's files
    shared = writes_shared_files()
    docs = str(Path(config.docs_dir)) + os.sep
    for file in list(files):
        if file.is_documentation_page():
            continue  # the other languages' pages give the language menu its addresses
        if file.abs_src_path is not None and file.abs_src_path.startswith(docs):
            folder = file.src_uri.split("/", 1)[0]
            if folder in LANGUAGES and folder != only:
                files.remove(file)
        elif not shared:
            files.remove(file)
    return files


def on_page_content(html: str, **_: Any) -> str:
    """Let the Japanese of headings, table cells and captions break only between phrases (BudouX)."""
    return break_phrases(html)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    """Watch the inputs rather than the generated pages; warm the generator up.

    MkDocs watches all of docs/, and the pages the hook writes there made every edit rebuild
    the site twice: once for the edit, once more for the pages written (10 s each for 100
    releases). The hook generates before each build, so the generated folders need no watch:
    docs/'s other entries (assets/) are watched, with data/ and templates/ (mkdocs.yml's watch)
    and the catalogs, by the system's file events where it has them (preview.watch_events).
    """
    server.watch(str(LOCALES_DIR))
    project = Project.from_environment(Path(config.config_file_path).resolve().parent)
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        if entry.name not in LANGUAGES and not entry.name.startswith("."):
            server.watch(str(entry))
    preview.watch_events(server, later=config.watch)
    threading.Thread(target=_warm_up, args=(project,), name="generator-warm-up", daemon=True).start()
    return server


def _protected_folders() -> set[str]:
    """Return the folders of the releases published encrypted (none without the passphrase or in a preview)."""
    secret = protect.passphrase()
    plan = _state.site.schedule if _state.site is not None else None
    if secret is None or embargo.preview() or plan is None:
        return set()
    return {protect.address(secret, release) for release in plan.held}


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Keep the files of the releases under embargo out of site/: their pages carry them, encrypted."""
    folders = _protected_folders()
    if not folders:
        # No locked page: the site carries nothing of the protection, not even its script.
        script = files.get_file_from_path(protect.SCRIPT)
        if script is not None:
            files.remove(script)
        return env
    for file in list(files):
        if not file.is_documentation_page() and folders.intersection(file.dest_uri.split("/")[:-1]):
            _state.protected_files[file.dest_uri] = Path(file.abs_src_path or "")
            files.remove(file)
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Show the data's problems on every page under `mkdocs serve`; encrypt the pages of a release under embargo."""
    i18n: Any = config.plugins.get("i18n")
    lang = i18n.current_language if i18n is not None else LANGUAGES[0]
    if _state.command == "serve" and _state.error is not None:
        output = with_banner(output, _state.error, lang)
    notice = page.meta.get("locked")
    if not notice:
        return output
    secret = protect.passphrase()
    folders = [part for part in page.file.dest_uri.split("/") if part in _protected_folders()]
    if secret is None or not folders:
        raise PluginError(f"{page.file.src_uri}: a page to encrypt, but {protect.PASSPHRASE_VARIABLE} is not set")
    if _state.locker is None or _state.locker.secret != secret:
        _state.locker = protect.Locker(secret)
    here = posixpath.dirname(page.file.dest_uri)

    def read(address: str) -> bytes | None:
        source = _state.protected_files.get(posixpath.normpath(posixpath.join(here, address)))
        return source.read_bytes() if source is not None else None

    return _state.locker.lock(
        output,
        folder=folders[0],
        lang=lang,
        notice=str(notice),
        script=posixpath.relpath(protect.SCRIPT, here or "."),
        read=read,
    )


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Leave the releases published encrypted out of the sitemap: their address is for journalists only."""
    folders = _protected_folders()
    if template_name != "sitemap.xml" or not folders:
        return output
    return protect.drop_from_sitemap(output, folders)


# The i18n plugin builds every language into the same site_dir, one after the other, and each
# build writes site/404.html: the language built last (en) wins. Keep each language's page as its
# build writes it and, once every language is built, put the default language's at the root and
# each other language's at <lang>/404.html.
_not_found_pages: dict[str, bytes] = {}


def on_pre_template(template: Any, template_name: str, config: MkDocsConfig) -> Any:
    """Give the 404 page the language menu of the languages' home pages.

    The i18n plugin sets each page's menu as it renders it; the 404 page, rendered after the
    pages, would keep the last page's (a release's results page, in a one-process build) and
    differ from the language's own build (`generator site`).
    """
    i18n: Any = config.plugins.get("i18n")
    roots = getattr(i18n, "extra_alternate", None)
    if template_name == "404.html" and roots:
        extra: Any = config.extra  # the plugin sets the menu as an attribute, which Jinja reads first
        extra.alternate = deepcopy(roots)
    return template


def on_post_build(config: MkDocsConfig) -> None:
    """Give every language its own 404 page; the site's root 404.html is the default language's."""
    i18n: Any = config.plugins.get("i18n")
    only = language_only()
    if only is not None and i18n is not None:
        # The parallel build: the plugin's on_post_build (after this one) checks this flag first
        # and then builds no other language; each has its own process.
        i18n.building = True
    page = Path(config.site_dir) / "404.html"
    if i18n is None or not page.is_file():
        return
    _not_found_pages[i18n.current_language] = page.read_bytes()
    languages = [only] if only is not None else list(i18n.build_languages)
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
    if _state.command == "serve":
        _release_lock()  # every language is built; `mkdocs build` keeps the lock until it exits
