"""Participant flow (CONSORT 2025) on the design page, and citations of sources by id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build.site import Project, generate
from generator.data.i18n import translations
from generator.data.loader import load_releases
from generator.errors import DataError

Edit = Callable[[Callable[[dict[str, Any]], None]], Path]


def _design(project: Path, lang: str) -> str:
    return generate(Project(project)).files[f"{lang}/design/index.md"].decode()


def test_a_difference_without_a_reason_is_stated(project: Path) -> None:
    en, ja = _design(project, "en"), _design(project, "ja")
    assert "<td>17</td><td>15</td><td>2 of 17 were not in the full analysis set; no reason is given.</td>" in en
    assert "<td>17</td><td>15</td><td>17人のうち2人は全解析対象集団に含まれていません（理由の記載なし）。</td>" in ja
    assert "26 participants were enrolled.<sup>[1](../methods/index.md#sources)</sup>" in en


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
    methods = generate(Project(project)).files["en/methods/index.md"].decode()
    assert "## Sources { #sources }" in methods
    assert "1. Documents for this trial (Advanced Medical Care B) reviewed by" in methods
    assert "none of 17 untreated patients reached biochemical pregnancy.<sup>[1](#sources)</sup>" in methods
    assert "Significance level 0.0125" not in methods, "the level's rationale has no source and is not shown"
