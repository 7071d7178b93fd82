"""The overview's first screen on a phone (390 × 800 px), in both languages: the headline as the
strongest line, the subtitle, date and issuer, the result at a glance (computed) and a way to the
press contact, before any scrolling; on the real release and on every example.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize

from tests.browser.conftest import serve_directory
from tests.conftest import RELEASE_ID, example_ids

pytestmark = pytest.mark.slow

FIRST_SCREEN: ViewportSize = {"width": 390, "height": 800}

MEASURE = """() => {
  const box = selector => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {top: rect.top, bottom: rect.bottom, text: el.innerText, size: parseFloat(style.fontSize),
            weight: parseInt(style.fontWeight, 10), color: style.color};
  };
  return {
    headline: box("article h1"),
    subtitle: box("article .release-subtitle"),
    meta: box("article .release-meta"),
    glance: box("article .result-glance"),
    contact: box("article .release-meta a[href='#contact']"),
    contactTarget: box("#contact"),
    figureLink: box("article .result-glance a[href$='#figure']"),
  };
}"""


@pytest.fixture(scope="module")
def first_screens(browser: Browser, every_release_site: Path) -> Iterator[dict[tuple[str, str], dict[str, Any]]]:
    """Open every release's overview in both languages at 390 × 800 px, without scrolling."""
    found = {}
    with serve_directory(every_release_site) as url:
        context = browser.new_context(viewport=FIRST_SCREEN, service_workers="block")
        tab = context.new_page()
        for release_id in [RELEASE_ID, *example_ids()]:
            for prefix in ("", "en/"):
                tab.goto(f"{url}/{prefix}{release_id}/", wait_until="load")
                found[(prefix, release_id)] = tab.evaluate(MEASURE)
        context.close()
    yield found


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ["66.7%（10/15）", "38.4～88.2", "55.6%（5/9）", "21.2～86.3", "主要評価項目"]),
        ("en/", ["66.7% (10/15)", "38.4–88.2", "55.6% (5/9)", "21.2–86.3", "primary endpoint"]),
    ],
)
def test_the_real_release_shows_its_result_on_the_first_screen(
    first_screens: dict[tuple[str, str], dict[str, Any]], prefix: str, expected: list[str]
) -> None:
    screen = first_screens[(prefix, RELEASE_ID)]
    glance = screen["glance"]
    assert glance is not None and glance["bottom"] <= FIRST_SCREEN["height"], glance
    text = " ".join(glance["text"].split())
    for figure in expected:
        assert figure in text, (figure, text)


def test_every_overview_opens_with_the_headline_then_the_result(
    first_screens: dict[tuple[str, str], dict[str, Any]],
) -> None:
    problems = []
    for (prefix, release_id), screen in first_screens.items():
        where = f"/{prefix}{release_id}/"
        headline, subtitle, meta, glance = screen["headline"], screen["subtitle"], screen["meta"], screen["glance"]
        if not (headline["bottom"] <= subtitle["top"] and subtitle["bottom"] <= meta["top"] <= glance["top"]):
            problems.append(f"{where}: not headline, subtitle, date and issuer, then the result")
        if glance["bottom"] > FIRST_SCREEN["height"]:
            problems.append(f"{where}: the result at a glance ends at {glance['bottom']:.0f} px, below the screen")
        if not (headline["size"] > subtitle["size"] and headline["weight"] > subtitle["weight"]):
            problems.append(f"{where}: the headline is not the strongest line ({headline}, {subtitle})")
        if screen["contact"] is None or screen["contact"]["bottom"] > FIRST_SCREEN["height"]:
            problems.append(f"{where}: no link to the press contact on the first screen")
        if screen["contactTarget"] is None or screen["figureLink"] is None:
            problems.append(f"{where}: the contact's or the figure's link leads nowhere on the page")
    assert not problems, "\n".join(problems)
