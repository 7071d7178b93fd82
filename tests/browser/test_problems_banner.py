"""Under a real `mkdocs serve`, broken data shows as a banner on every page in Chromium, and a fix takes it away."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.conftest import RELEASE_ID
from tests.test_serve import EditRelease, Server

pytestmark = pytest.mark.slow

PROBLEM = re.compile(
    r"release\.yaml:\d+: results\.cells\[3\]\.events: expected at most the analyzed count \(9\), found 50"
)
PROBLEM_JA = re.compile(r"release\.yaml:\d+: results\.cells\[3\]\.events")


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    yield running
    running.stop()


def _fix(data: dict[str, Any]) -> None:
    cell = data["results"]["cells"][3]
    cell["events"] = 6
    cell["published"] = {"rate": "66.7", "ci": "29.9-92.5"}


def _tab(browser: Browser, width: str = "desktop") -> Page:
    context = browser.new_context(viewport=DESKTOP if width == "desktop" else PHONE, service_workers="block")
    return context.new_page()


def test_the_banner_appears_on_every_page_while_the_data_is_broken_and_goes_with_the_fix(
    server: Server, edit_release: EditRelease, browser: Browser
) -> None:
    server.wait_for(lambda: "55.6%（5/9）" in server.get(f"/{RELEASE_ID}/results/"))
    server.settled()
    base = f"http://127.0.0.1:{server.port}"
    english, japanese = _tab(browser), _tab(browser, "phone")
    english.goto(f"{base}/en/{RELEASE_ID}/results/")
    japanese.goto(f"{base}/{RELEASE_ID}/design/")
    expect(english.locator(".press-problems")).to_have_count(0)
    expect(english.get_by_text("55.6% (5/9)").first).to_be_visible()

    # Break the data: the open pages reload themselves (live reload) with the problems on top.
    edit_release(lambda data: data["results"]["cells"][3].update(events=50))
    banner = english.get_by_role("alert")
    expect(banner).to_be_visible(timeout=90_000)
    expect(banner).to_contain_text("The data has 1 problem(s)")
    expect(banner).to_contain_text(PROBLEM)
    banner_ja = japanese.get_by_role("alert")
    expect(banner_ja).to_be_visible(timeout=30_000)
    expect(banner_ja).to_contain_text("データに1件の問題があります")
    expect(banner_ja).to_contain_text(PROBLEM_JA)
    assert banner_ja.get_attribute("lang") == "ja" and banner.get_attribute("lang") == "en"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    english.screenshot(path=str(SCREENSHOTS / "serve-problems-desktop-en-results.png"))
    japanese.screenshot(path=str(SCREENSHOTS / "serve-problems-phone-ja-design.png"))
    # Every page carries it, in its language; the pages are still the last good ones.
    for path, text in (
        ("/en/", "The data has 1 problem(s)"),
        (f"/{RELEASE_ID}/methods/", "データに1件の問題があります"),
    ):
        english.goto(f"{base}{path}")
        expect(english.get_by_role("alert")).to_contain_text(text)
    english.goto(f"{base}/en/{RELEASE_ID}/results/")
    expect(english.get_by_text("55.6% (5/9)").first).to_be_visible()

    # Fix it: the first good build takes the banner away, and the page shows the new figure.
    edit_release(_fix)
    expect(english.get_by_text("66.7% (6/9)").first).to_be_visible(timeout=90_000)
    expect(english.locator(".press-problems")).to_have_count(0)
    expect(japanese.locator(".press-problems")).to_have_count(0, timeout=30_000)
