"""Accessibility of every page: axe-core, table headers and captions, image alternatives."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageReport, is_japanese

pytestmark = pytest.mark.slow

BLOCKING_IMPACTS = {"serious", "critical"}


def test_axe_reports_no_serious_or_critical_violation(survey: list[PageReport]) -> None:
    """axe-core (injected from node_modules) on every page at desktop and phone width."""
    found = [
        f"{report.where}: [{violation['impact']}] {violation['id']}: {violation['help']} -> {violation['targets']}"
        for report in survey
        for violation in report.violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not found, "\n".join(found)


def test_tables_have_header_cells_and_a_caption(survey: list[PageReport]) -> None:
    problems = []
    for report in survey:
        for index, table in enumerate(report.measures["tables"], start=1):
            if not table["caption"]:
                problems.append(f"{report.where}: table {index} has no caption")
            if not table["columnHeaders"]:
                problems.append(f"{report.where}: table {index} has no column header cells")
    assert not problems, "\n".join(problems)


def test_results_pages_have_a_table(survey: list[PageReport]) -> None:
    """Keeps the table checks honest: the results pages do hold a table."""
    results = [report for report in survey if report.page.page.endswith("results/")]
    assert results
    empty = [report.where for report in results if not report.measures["tables"]]
    assert not empty, f"no table on {empty}"


def test_every_image_has_alt_text_in_the_page_language(survey: list[PageReport]) -> None:
    """Every <img> and role=img element has a name, in the language of the page it is on."""
    problems = []
    for report in survey:
        lang = report.page.lang
        for image in report.measures["images"]:
            name = (image["name"] or "").strip()
            where = f"{report.where}: {image['what']}"
            if not name:
                problems.append(f"{where} has no alternative text")
            elif image["lang"] != lang:
                problems.append(f"{where} sits in lang={image['lang']!r}, expected {lang!r}")
            elif lang == "ja" and not is_japanese(name):
                problems.append(f"{where}: alternative text is not Japanese: {name!r}")
            elif lang != "ja" and is_japanese(name):
                problems.append(f"{where}: alternative text holds Japanese on a {lang} page: {name!r}")
    assert not problems, "\n".join(problems)
