"""The site works wherever it is put: under a sub-path of a server and opened from file://, with or without SITE_URL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, serve_directory
from tests.conftest import RELEASE_ID, copy_project, mkdocs_build

pytestmark = pytest.mark.slow

SUB_PATH = "/press/"


@pytest.fixture(scope="module", params=["no SITE_URL", "SITE_URL with a sub-path"])
def hosted_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site with and without SITE_URL and return its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("hosted") / "project")
    env = {"SITE_URL": "https://press.example.org/press/"} if request.param != "no SITE_URL" else {}
    saved = os.environ.pop("SITE_URL", None)
    try:
        result = mkdocs_build(project, env=env)
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sub_path_url(hosted_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the site under /press/ on 127.0.0.1 and return the site's address (ending in /press/)."""
    root = tmp_path_factory.mktemp("server")
    shutil.copytree(hosted_site, root / SUB_PATH.strip("/"))
    with serve_directory(root) as url:
        yield f"{url}{SUB_PATH}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    # Nothing leaves the machine: only the local server and files.
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("http://127.0.0.1", "file:")) else route.abort()
        ),
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def switch_language(page: Page, lang: str) -> tuple[str, str]:
    """Choose lang in the header's language menu, as a reader does, and return where it led (URL, <html lang>)."""
    page.locator(".md-header__option .md-select").hover()
    with page.expect_navigation():
        page.locator(f".md-header__option a.md-select__link[hreflang='{lang}']").click()
    return page.url, page.evaluate("document.documentElement.lang")


# Pages inside the site and their counterpart in the other language.
ROUTES = [
    ("", "en/", "en"),
    ("en/", "", "ja"),
    (f"{RELEASE_ID}/results/", f"en/{RELEASE_ID}/results/", "en"),
    (f"en/{RELEASE_ID}/publication/", f"{RELEASE_ID}/publication/", "ja"),
]


@pytest.mark.parametrize(("start", "target", "lang"), ROUTES)
def test_language_switch_under_a_sub_path(page: Page, sub_path_url: str, start: str, target: str, lang: str) -> None:
    page.goto(sub_path_url + start)
    assert switch_language(page, lang) == (sub_path_url + target, lang)


def test_every_link_stays_under_the_sub_path_and_resolves(page: Page, sub_path_url: str) -> None:
    problems = []
    for start in ("", "en/", f"{RELEASE_ID}/results/", f"en/{RELEASE_ID}/publication/"):
        page.goto(sub_path_url + start)
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        for href in sorted(set(hrefs)):
            if not href.startswith("http://127.0.0.1"):
                continue  # mailto:, tel:, doi.org, ...
            if not href.startswith(sub_path_url):
                problems.append(f"{start}: {href} leaves {SUB_PATH}")
                continue
            response = page.request.get(href.split("#")[0])
            if response.status != 200:
                problems.append(f"{start}: {href} -> HTTP {response.status}")
    assert not problems, "\n".join(problems)


def file_url(site: Path, page: str) -> str:
    return (site / page / "index.html").as_uri()


@pytest.mark.parametrize(("start", "target", "lang"), ROUTES)
def test_language_switch_from_file(page: Page, hosted_site: Path, start: str, target: str, lang: str) -> None:
    page.goto(file_url(hosted_site, start))
    assert switch_language(page, lang) == (file_url(hosted_site, target), lang)


def test_page_links_work_from_file(page: Page, hosted_site: Path) -> None:
    page.goto(file_url(hosted_site, "en/"))
    with page.expect_navigation():
        page.locator("article a", has_text="World first").click()
    assert page.url == file_url(hosted_site, f"en/{RELEASE_ID}/")
    with page.expect_navigation():
        page.locator(".release-pages a", has_text="Results").click()
    assert page.url == file_url(hosted_site, f"en/{RELEASE_ID}/results/")
    with page.expect_navigation():
        page.locator(".md-header a.md-logo").click()
    assert page.url == file_url(hosted_site, "en/")


def test_not_found_page_leads_home_in_both_languages(page: Page, hosted_site: Path, sub_path_url: str) -> None:
    """The root 404.html, the only one static hosts serve, links to both home pages: under the sub-path with
    SITE_URL, at the server's root without (a 404 page can be served at any depth, so it cannot be relative)."""
    page.goto(sub_path_url + "404.html")
    root = sub_path_url if (hosted_site / "sitemap.xml").is_file() else sub_path_url.removesuffix(SUB_PATH) + "/"
    links = page.evaluate(
        "Array.from(document.querySelectorAll('article a[href]'), a => [a.lang || a.hreflang, a.href])"
    )
    assert sorted(links) == [["", root], ["en", root + "en/"]]
    assert page.locator("article [lang='en'] h2").inner_text() == "404 - Page not found"
