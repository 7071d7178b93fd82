"""Participant flow (CONSORT 2025) on the design page, and citations of sources by id."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build.site import Project, generate
from generator.data.i18n import translations
from generator.data.loader import load_releases
from generator.errors import DataError
from tests.conftest import RELEASE_ID

Edit = Callable[[Callable[[dict[str, Any]], None]], Path]


def _design(project: Path, lang: str) -> str:
    """Return the design page, its cells without their column labels (data-label, for phones)."""
    page = generate(Project(project)).files[f"{lang}/{RELEASE_ID}/design/index.md"].decode()
    return re.sub(r' data-label="[^"]*"', "", page)


def test_a_difference_without_a_reason_is_stated(project: Path) -> None:
    en, ja = _design(project, "en"), _design(project, "ja")
    assert "<td>17</td><td>15</td><td>2 of 17 were not in the full analysis set; no reason is given.</td>" in en
    assert "<td>17</td><td>15</td><td>17人のうち2人は全解析対象集団に含まれていません（理由の記載なし）。</td>" in ja
    # No sentence opens with a numeral; the enrollment's source is the second the page cites.
    assert "A total of 26 participants were enrolled.<sup>[2](../methods/index.md#sources)</sup>" in en
    assert "登録者は計26人でした。<sup>[2](../methods/index.md#sources)</sup>" in ja


def test_reasons_from_the_data_are_shown_and_the_rest_stated(project: Path, edit_release: Edit) -> None:
    reason = {"ja": "治療開始前に同意撤回", "en": "withdrew consent before treatment"}
    edit_release(lambda data: data["design"]["arms"][0].update(excluded=[{"count": 1, "reason": reason}]))
    en, ja = _design(project, "en"), _design(project, "ja")
    assert "<td>1: withdrew consent before treatment<br>1 of 17 was not in the full analysis set" in en
    assert "<td>1人：治療開始前に同意撤回<br>17人のうち1人は" in ja


def test_more_excluded_than_missing_is_an_error(project: Path, edit_release: Edit) -> None:
    reason = {"ja": "同意撤回", "en": "withdrew consent"}
    edit_release(lambda data: data["design"]["arms"][0].update(excluded=[{"count": 3, "reason": reason}]))
    with pytest.raises(DataError) as caught:
        load_releases(project / "data")
    (line,) = caught.value.render(translations("en").gettext).splitlines()
    assert line.endswith("design.arms[0].excluded: expected at most 2 (enrolled 17 minus analyzed 15), found 3"), line


def test_an_unknown_source_id_is_an_error(project: Path, edit_release: Edit) -> None:
    edit_release(lambda data: data["analysis"]["analyses"][0].update(source="minutes"))
    with pytest.raises(DataError) as caught:
        load_releases(project / "data")
    (line,) = caught.value.render(translations("en").gettext).splitlines()
    assert line.endswith("analysis.analyses[0].source: expected one of review-documents, protocol, found 'minutes'")


def test_every_fact_not_in_the_release_cites_a_listed_source(project: Path) -> None:
    methods = generate(Project(project)).files[f"en/{RELEASE_ID}/methods/index.md"].decode()
    assert "## Sources { #sources }" in methods
    assert "2. Documents for this trial (Advanced Medical Care B) reviewed by" in methods
    assert "none of 17 untreated patients reached biochemical pregnancy.<sup>[2](#sources)</sup>" in methods
    assert "Significance level 0.0125" not in methods, "the level's rationale has no source and is not shown"


def test_footnotes_are_numbered_in_order_of_appearance(project: Path) -> None:
    design = _design(project, "en")
    numbers = [int(number) for number in re.findall(r"<sup>\[(\d+)\]\(\.\./methods/index\.md#sources\)</sup>", design)]
    assert numbers == [1, 2, 2]
    methods = generate(Project(project)).files[f"en/{RELEASE_ID}/methods/index.md"].decode()
    assert methods.index("1. Protocol paper") < methods.index("2. Documents for this trial")


def test_generated_sentences_join_lists_and_name_one_allocation(project: Path) -> None:
    en, ja = _design(project, "en"), _design(project, "ja")
    assert (
        "For clinical pregnancy 3 weeks after embryo transfer and biochemical pregnancy 2 weeks after embryo "
        "transfer, the rate in each group (low dose and high dose) was compared with a fixed rate of 5%" in en
    )
    assert (
        "胚移植後3週間での臨床的妊娠の有無と胚移植後2週間での生化学的妊娠の有無について、各群（低用量と高用量）の割合を"
        in ja
    )
    for page in (en, ja):
        assert "；" not in page and "; Biochemical" not in page
    assert en.count("\nAllocation\n") == 1 and "Allocation ratio" not in en
    assert "[Table 1](<../results/index.md#results-table>)" in en and "[表1](<../results/index.md#results-table>)" in ja
