"""Invalid data gives one message per problem: file, line, field, expected, found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.data.i18n import translations
from generator.data.loader import load_releases
from generator.errors import DataError
from tests.conftest import real_release, synthetic_release, write_release

EditRelease = Callable[[Callable[[dict[str, Any]], None]], Path]
FILE = "data/releases/2026-05-18-tacrolimus/release.yaml"
ANALYZED_9 = "analyzed: '9'"


def messages(project: Path, lang: str = "en") -> list[str]:
    with pytest.raises(DataError) as caught:
        load_releases(project / "data")
    return caught.value.render(translations(lang).gettext).splitlines()


def line_of(project: Path, text: str, file: str = FILE) -> int:
    lines = (project / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_real_data_loads() -> None:
    loaded = real_release()
    assert loaded.release.id == "2026-05-18-tacrolimus"
    assert [cell.events for cell in loaded.release.results.cells] == [10, 5, 10, 5]


def test_unknown_key_and_wrong_type_and_missing_language(project: Path, edit_release: EditRelease) -> None:
    def change(data: dict[str, Any]) -> None:
        cell = data["results"]["cells"][0]
        cell["evnets"] = cell.pop("events")
        data["results"]["cells"][1]["analyzed"] = "9"
        del data["headline"]["en"]

    edit_release(change)
    assert messages(project) == [
        f"{FILE}:{line_of(project, 'headline:')}: headline.en: expected a value, found nothing",
        f"{FILE}:{line_of(project, 'evnets:')}: results.cells[0].evnets: expected one of the known keys "
        "(analyzed, arm, endpoint, events, mean, median, published, sd), found unknown key 'evnets'",
        f"{FILE}:{line_of(project, ANALYZED_9)}: results.cells[1].analyzed: expected a whole number, found '9'",
    ]


def test_events_above_analyzed_is_an_error(project: Path, edit_release: EditRelease) -> None:
    edit_release(lambda data: data["results"]["cells"][0].update(events=16))
    assert messages(project) == [
        f"{FILE}:{line_of(project, 'events: 16')}: results.cells[0].events: "
        "expected at most the analyzed count (15), found 16"
    ]


def test_messages_exist_in_japanese(project: Path, edit_release: EditRelease) -> None:
    edit_release(lambda data: data["results"]["cells"][0].update(events=16))
    assert messages(project, "ja") == [
        f"{FILE}:{line_of(project, 'events: 16')}: results.cells[0].events: "
        "解析対象数（15）以下が必要ですが、16となっています"
    ]


def test_releases_are_sorted_newest_first(project: Path) -> None:
    write_release(project, "2027-01-15-synthetic", synthetic_release())
    loaded = load_releases(project / "data")
    assert [item.release.id for item in loaded] == ["2027-01-15-synthetic", "2026-05-18-tacrolimus"]
