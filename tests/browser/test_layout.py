"""Layout at phone width (390 px): no sideways scrolling, a readable results table, screenshots."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWPORTS, PageReport

pytestmark = pytest.mark.slow

MIN_TABLE_FONT_PX = 12.0
"""Smallest text size in a table cell that stays readable on a phone."""


def test_page_body_never_scrolls_sideways(survey: list[PageReport]) -> None:
    problems = [
        f"{report.where}: scrolls {report.measures['scrolledX']} px sideways "
        f"(content {report.measures['scrollWidth']} px wide, window {report.measures['clientWidth']} px)"
        for report in survey
        if report.measures["scrolledX"] > 0 or report.measures["scrollWidth"] > report.measures["clientWidth"]
    ]
    assert not problems, "\n".join(problems)


def test_tables_fit_and_stay_readable_on_a_phone(survey: list[PageReport]) -> None:
    """At phone width a table fits the screen whole: no scrolling box, no clipped cell, text not too small."""
    problems = []
    phone = [report for report in survey if report.viewport == "phone"]
    for report in phone:
        width = report.measures["clientWidth"]
        for index, table in enumerate(report.measures["tables"], start=1):
            where = f"{report.where}: table {index}"
            if table["left"] < 0 or table["right"] > width:
                problems.append(f"{where} spans {table['left']:.0f}-{table['right']:.0f} px of a {width} px screen")
            if table["scrollers"]:
                problems.append(f"{where} scrolls sideways inside {table['scrollers']}")
            if table["overflowingCells"]:
                problems.append(f"{where} has cells whose text overflows: {table['overflowingCells']}")
            if table["minFontPx"] < MIN_TABLE_FONT_PX:
                problems.append(f"{where} has {table['minFontPx']} px text (at least {MIN_TABLE_FONT_PX} px wanted)")
    assert not problems, "\n".join(problems)


def test_screenshots_of_every_page_at_desktop_and_phone_width(survey: list[PageReport]) -> None:
    """The survey saved a full-page screenshot of every page at both widths, under artifacts/screenshots/."""
    pages = {report.page.url for report in survey}
    for name in VIEWPORTS:
        shots = [report.screenshot for report in survey if report.viewport == name]
        assert len(shots) == len(pages)
        for shot in shots:
            assert shot.is_file() and shot.stat().st_size > 10_000, shot
