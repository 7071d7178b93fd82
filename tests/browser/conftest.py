"""Browser test fixtures: the built site served on 127.0.0.1, Debian's Chromium driven by Playwright.

Every page is found in the built site (each index.html outside search/ and assets/), so a new
release is covered without touching the tests. Screenshots and print output go to artifacts/
(git-ignored) for people to look at.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Request,
    Response,
    Route,
    ViewportSize,
    sync_playwright,
)

from generator.data.languages import LANGUAGES
from tests.conftest import EXAMPLES_DIR, ROOT, copy_project, example_ids, mkdocs_build

DEFAULT_LANGUAGE = LANGUAGES[0]
"""The language the i18n plugin builds at the site's root; the others live under /<lang>/."""

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Belt and braces: no host name but the local server resolves, whatever a page asks for.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
VIEWPORTS: dict[str, ViewportSize] = {"desktop": DESKTOP, "phone": PHONE}

ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
PRINTS = ARTIFACTS / "print"

AXE_PACKAGE = ROOT / "node_modules" / "axe-core"
AXE_SCRIPT = AXE_PACKAGE / "axe.min.js"

JAPANESE = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
"""Kana, CJK ideographs (with 々 and 〆) and half-width katakana."""


def is_japanese(text: str) -> bool:
    """Return whether text holds any Japanese character."""
    return bool(JAPANESE.search(text))


# --------------------------------------------------------------------------------------------
# The pages of the built site


@dataclass(frozen=True)
class SitePage:
    """One page of the built site, as a reader reaches it."""

    url: str
    """Path on the server, e.g. /en/results/."""
    file: Path
    lang: str
    """The language the page must be in, from where it lives."""
    page: str
    """Path inside its language, e.g. results/ (the same for every language of a page)."""

    @property
    def name(self) -> str:
        """Return a short name for file names and messages, e.g. en-results."""
        if self.file.name == "404.html":
            return f"{self.lang}-404"
        inner = self.page.strip("/").replace("/", "-") or "home"
        return f"{self.lang}-{inner}"

    def counterpart(self, lang: str) -> str:
        """Return the URL of the same page in another language."""
        return f"/{language_prefix(lang)}{self.page}"


def language_prefix(lang: str) -> str:
    """Return the folder of a language inside the site: '' for the default language, else 'en/'."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def find_pages(site: Path) -> list[SitePage]:
    """Return every reader-facing page of the built site: each index.html but search/ and assets/."""
    pages = []
    for file in sorted(site.rglob("index.html")):
        parts = file.parent.relative_to(site).parts
        if {"search", "assets"} & set(parts[:2]):  # the search index and static files, per language too
            continue
        lang = parts[0] if parts and parts[0] in LANGUAGES[1:] else DEFAULT_LANGUAGE
        inner = parts[1:] if lang != DEFAULT_LANGUAGE else parts
        page = "".join(f"{part}/" for part in inner)
        url = "/" + "".join(f"{part}/" for part in parts)
        pages.append(SitePage(url=url, file=file, lang=lang, page=page))
    return pages


def find_not_found_pages(site: Path) -> list[SitePage]:
    """Return the 404 pages: the site's root one (default language) and any per-language one."""
    pages = [SitePage(url="/404.html", file=site / "404.html", lang=DEFAULT_LANGUAGE, page="404.html")]
    for lang in LANGUAGES[1:]:
        file = site / lang / "404.html"
        if file.is_file():
            pages.append(SitePage(url=f"/{lang}/404.html", file=file, lang=lang, page="404.html"))
    return pages


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
"""HTML elements without an end tag."""


class _ArticleText(HTMLParser):
    """Collect the text of the page's <article> (Material's md-content__inner)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (tag == "article" or self.depth) and tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <img/>: nothing to count

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def article_text(file: Path) -> str:
    """Return the text of a built page's article, whitespace collapsed."""
    parser = _ArticleText()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts))


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[SitePage]:
    """Every page of the built site, in both languages."""
    pages = find_pages(built_site)
    langs = {page.lang for page in pages}
    assert langs == set(LANGUAGES), f"pages found only in {sorted(langs)}"
    return pages


@pytest.fixture(scope="session")
def every_release_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real release and every example as one site (the press room lists them all)."""
    project = copy_project(tmp_path_factory.mktemp("every-release") / "project")
    for release_id in example_ids():
        shutil.copytree(EXAMPLES_DIR / release_id, project / "data" / "releases" / release_id)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def not_found_pages(built_site: Path) -> list[SitePage]:
    """The built 404 pages."""
    return find_not_found_pages(built_site)


# --------------------------------------------------------------------------------------------
# The local server


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker throttles requests to a host unless the host answers with this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve directory on 127.0.0.1 (a free port) while inside the block; give its address, without a slash."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) and return its base URL, without a slash."""
    with serve_directory(built_site) as url:
        yield url


# --------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once per session through Playwright."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """One browser page at one viewport, reused from visit to visit, that records what goes wrong."""

    def __init__(self, browser: Browser, base_url: str, viewport: ViewportSize) -> None:
        self.base_url = base_url
        self.origin = urlsplit(base_url).netloc
        phone = viewport["width"] < 600
        self.context = browser.new_context(
            viewport=viewport,
            device_scale_factor=2 if phone else 1,
            is_mobile=phone,
            has_touch=phone,
            service_workers="block",
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.context.on("requestfailed", self._failed)
        self.context.on("response", self._response)

    def is_local(self, url: str) -> bool:
        """Return whether a request stays on the local server (or inside the page)."""
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob", "about"} or (parts.scheme == "http" and parts.netloc == self.origin)

    def _route(self, route: Route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def _page_error(self, error: Error) -> None:
        self.problems.append(f"uncaught error: {error.message}")

    def _failed(self, request: Request) -> None:
        if self.is_local(request.url):
            self.problems.append(f"failed request: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def goto(self, url: str, *, settle: bool = False) -> list[str]:
        """Open url (a path on the local server) and return the list its problems are recorded in.

        With settle, wait until the network has been idle for half a second: the search index,
        the search worker and its scripts have loaded by then.
        """
        self.page.goto("about:blank")  # let the previous page's requests end before recording
        self.problems = []
        self.page.goto(self.base_url + url, wait_until="load")
        if settle:
            self.page.wait_for_load_state("networkidle")
        return self.problems

    def close(self) -> None:
        """Close the page and its context."""
        self.context.close()


class Browsing:
    """Open tabs on the local site."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url

    @contextmanager
    def tab(self, viewport: ViewportSize = DESKTOP) -> Iterator[Tab]:
        """Yield a fresh tab at the given viewport, closed afterwards."""
        tab = Tab(self.browser, self.base_url, viewport)
        try:
            yield tab
        finally:
            tab.close()


@pytest.fixture(scope="session")
def browsing(browser: Browser, base_url: str) -> Browsing:
    """Open pages of the served site in Chromium."""
    return Browsing(browser, base_url)


# --------------------------------------------------------------------------------------------
# axe-core and output folders


def _locked_axe_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/axe-core"]["version"])


def _installed_axe_version() -> str | None:
    manifest = AXE_PACKAGE / "package.json"
    if not (manifest.is_file() and AXE_SCRIPT.is_file()):
        return None
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """Return axe-core's script, installing the locked version with `npm ci` when it is missing."""
    locked = _locked_axe_version()
    if _installed_axe_version() != locked:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm, then run `npm ci` at the repository root")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"npm ci failed:\n{result.stdout}\n{result.stderr}"
    assert _installed_axe_version() == locked, "npm ci did not install the locked axe-core"
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Return the (git-ignored) folder for screenshots, emptied once per session."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def prints() -> Path:
    """Return the (git-ignored) folder for print output (PDF and PNG pages), emptied once per session."""
    shutil.rmtree(PRINTS, ignore_errors=True)
    PRINTS.mkdir(parents=True)
    return PRINTS


# --------------------------------------------------------------------------------------------
# One visit to every page at every viewport, shared by the tests that only look


MEASURE = """() => {
  const root = document.documentElement;
  const article = document.querySelector("article") || document.body;
  window.scrollTo(10000, 0);
  const scrolledX = window.scrollX;
  window.scrollTo(0, 0);
  const nameOf = el => {
    if (el.tagName === "IMG") return el.getAttribute("alt");
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const labeledBy = ids.map(id => document.getElementById(id)).filter(Boolean)
      .map(node => node.textContent.trim()).join(" ");
    const title = el.querySelector(":scope > title");
    return el.getAttribute("aria-label") || labeledBy || (title ? title.textContent.trim() : null);
  };
  const scrollers = el => {  // boxes around el that scroll sideways because el is too wide
    const found = [];
    for (let node = el.parentElement; node && node !== article.parentElement; node = node.parentElement)
      if (["auto", "scroll"].includes(getComputedStyle(node).overflowX) && node.scrollWidth > node.clientWidth + 1)
        found.push(node.className || node.tagName);
    return found;
  };
  return {
    lang: root.lang,
    scrolledX,
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    tables: [...article.querySelectorAll("table")].map(table => {
      const cells = [...table.querySelectorAll("th, td")];
      const box = table.getBoundingClientRect();
      const caption = table.querySelector("caption");
      return {
        caption: caption ? caption.textContent.trim() : "",
        headerCells: table.querySelectorAll("th").length,
        columnHeaders: table.querySelectorAll("thead th, th[scope=col]").length,
        rows: table.querySelectorAll("tr").length,
        left: box.left,
        right: box.right,
        minFontPx: Math.min(...cells.map(cell => parseFloat(getComputedStyle(cell).fontSize))),
        // Cells out of sight (the column headers a phone keeps only for screen readers) do not count.
        overflowingCells: cells
          .filter(cell => !cell.closest("thead") || cell.closest("thead").getBoundingClientRect().width > 2)
          .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
          .map(cell => cell.textContent.trim()),
        scrollers: scrollers(table),
      };
    }),
    images: [...document.querySelectorAll("img, [role=img]")]
      .filter(el => !el.closest("[aria-hidden=true]"))
      .map(el => ({
        what: el.tagName.toLowerCase() + (el.getAttribute("src") ? " " + el.getAttribute("src") : ""),
        name: nameOf(el),
        lang: (el.closest("[lang]") || root).getAttribute("lang"),
      })),
  };
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map(node => node.target.join(" ")),
  }));
}"""


@dataclass
class PageReport:
    """What one visit to one page at one viewport found."""

    page: SitePage
    viewport: str
    problems: list[str]
    measures: dict[str, Any]
    violations: list[dict[str, Any]]
    screenshot: Path

    @property
    def where(self) -> str:
        """Return the page and viewport, for messages."""
        return f"{self.page.url} at {self.viewport}"


@pytest.fixture(scope="session")
def survey(
    browsing: Browsing,
    site_pages: list[SitePage],
    not_found_pages: list[SitePage],
    axe_script: Path,
    screenshots: Path,
) -> list[PageReport]:
    """Visit every page (404 pages too) at desktop and phone width once, and report what was seen.

    Each visit waits for the network to settle, records console errors and failed or foreign
    requests, measures the layout, tables and images, saves a full-page screenshot, and runs axe-core.
    """
    reports = []
    for viewport_name, viewport in VIEWPORTS.items():
        with browsing.tab(viewport) as tab:
            for page in [*site_pages, *not_found_pages]:
                problems = tab.goto(page.url, settle=True)
                measures = tab.page.evaluate(MEASURE)
                shot = screenshots / f"{viewport_name}-{page.name}.png"
                tab.page.screenshot(path=shot, full_page=True)
                tab.page.add_script_tag(path=axe_script)
                violations = tab.page.evaluate(AXE_RUN)
                reports.append(PageReport(page, viewport_name, list(problems), measures, violations, shot))
    summary = [
        {"page": report.page.url, "viewport": report.viewport, "violations": report.violations} for report in reports
    ]
    (ARTIFACTS / "axe.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return reports
