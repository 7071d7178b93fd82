"""`import`: a release started from the Word draft of the first release."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.stats.undeclared import PLACEHOLDER
from tests import draft_files
from tests.conftest import RELEASE_FILE, RELEASE_ID

Leaf = tuple[tuple[str | int, ...], Any]


def leaves(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[Leaf]:
    """Yield every scalar of a YAML value with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def at(value: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


@pytest.fixture
def imported(project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> tuple[Path, dict[str, Any]]:
    """Import the Word draft of the first release into a project without it; return the file and its data."""
    draft = draft_files.write_docx(draft_files.japanese(), tmp_path / "tacrolimus.docx")
    release_dir = project / "data" / "releases" / RELEASE_ID
    for path in sorted(release_dir.iterdir()):
        path.unlink()
    release_dir.rmdir()
    with caplog.at_level(logging.INFO, logger="generator"):
        assert main(["--project", str(project), "import", str(draft)]) == 0
    target = release_dir / "release.yaml"
    assert f"wrote data/releases/{RELEASE_ID}/release.yaml" in caplog.text
    return target, yaml.safe_load(target.read_text(encoding="utf-8"))


def test_import_reproduces_the_japanese_fields_and_the_results(imported: tuple[Path, dict[str, Any]]) -> None:
    _, data = imported
    real = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    ids = {"arm-1": "low", "arm-2": "high", "endpoint-1": "clinical", "endpoint-2": "biochemical"}
    filled = [(path, ids.get(value, value)) for path, value in leaves(data) if value != PLACEHOLDER]
    same = [path for path, value in filled if at(real, path) == value]
    different = sorted(".".join(map(str, path)) for path, value in filled if at(real, path) != value)
    # What differs is the draft's spacing around Latin words and its hyphen in "38.4-88.2", which the
    # data writes "38.4～88.2"; the results cells (counts and printed figures) are all the same.
    assert different == ["design.summary.ja", "funding.ja", "lead.1.ja"]
    assert len(same) == 93
    assert [cell for cell in data["results"]["cells"]] == [
        {
            "endpoint": f"endpoint-{e}",
            "arm": f"arm-{a}",
            "events": cell["events"],
            "analyzed": cell["analyzed"],
            "published": cell["published"],
        }
        for cell, (e, a) in zip(real["results"]["cells"], [(1, 1), (1, 2), (2, 1), (2, 2)], strict=True)
    ]


def test_import_never_overwrites(imported: tuple[Path, dict[str, Any]], tmp_path: Path, project: Path) -> None:
    target, _ = imported
    before = target.read_bytes()
    draft = tmp_path / "tacrolimus.docx"
    assert main(["--project", str(project), "import", str(draft), "--id", RELEASE_ID]) == 1
    assert target.read_bytes() == before


def _fill(data: dict[str, Any], real: dict[str, Any]) -> dict[str, Any]:
    """Do the hand work the import leaves: English texts, the design, the analyses, the sources, three declarations."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for old, new in {"arm-1": "low", "arm-2": "high", "endpoint-1": "clinical", "endpoint-2": "biochemical"}.items():
        text = text.replace(old, new)
    data = yaml.safe_load(text)
    for path, value in list(leaves(data)):
        if value == PLACEHOLDER:
            parent = at(data, path[:-1])
            parent["en"] = at(real, path)
    design = dict(real["design"])
    design["summary"] = data["design"]["summary"]
    data["design"] = design
    data["analysis"] = real["analysis"]
    for index in (1, 3):  # 10～15% and 0% are not results; 約60% is the pooled rate, about 5 points off
        for key in ("quotes", "not_results"):
            if key in real["key_points"][index]:
                data["key_points"][index][key] = real["key_points"][index][key]
    return data


def test_import_then_hand_work_passes_check(
    imported: tuple[Path, dict[str, Any]], project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target, data = imported
    real = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    filled = _fill(data, real)
    filled["headline"]["en"] = PLACEHOLDER  # one English text left: check names that field
    target.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    caplog.clear()
    assert main(["--lang", "en", "--project", str(project), "check"]) == 1
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors == [
        f"data/releases/{RELEASE_ID}/release.yaml:8: headline.en: expected an English text, found no English text yet"
    ]
    filled["headline"]["en"] = real["headline"]["en"]
    target.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    caplog.clear()
    assert main(["--lang", "en", "--project", str(project), "check"]) == 0, caplog.text


def test_import_from_the_pdf_draft(project: Path, tmp_path: Path) -> None:
    draft = draft_files.write_pdf(draft_files.japanese(), tmp_path / "tacrolimus.pdf")
    assert main(["--project", str(project), "import", str(draft), "--id", "2026-05-18-from-pdf"]) == 0
    target = project / "data" / "releases" / "2026-05-18-from-pdf" / "release.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    real = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    ids = {"arm-1": "low", "arm-2": "high", "endpoint-1": "clinical", "endpoint-2": "biochemical"}
    filled = [(path, ids.get(value, value)) for path, value in leaves(data) if value != PLACEHOLDER and path != ("id",)]
    different = sorted(".".join(map(str, path)) for path, value in filled if at(real, path) != value)
    # The PDF font prints ～ as 〜 (wave dash); the rest differs as the Word draft does (spaces, a hyphen).
    assert different == ["design.summary.ja", "funding.ja", "key_points.1.ja", "lead.1.ja"]
    assert len(filled) - len(different) == 91
    assert [{key: cell[key] for key in ("events", "analyzed", "published")} for cell in data["results"]["cells"]] == [
        {key: cell[key] for key in ("events", "analyzed", "published")} for cell in real["results"]["cells"]
    ]


def test_import_from_an_english_draft(project: Path, tmp_path: Path) -> None:
    draft = draft_files.write_docx(draft_files.english(), tmp_path / "tacrolimus.docx")
    assert main(["--project", str(project), "import", str(draft), "--id", "2026-05-18-from-english"]) == 0
    target = project / "data" / "releases" / "2026-05-18-from-english" / "release.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    real = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    ids = {"arm-1": "low", "arm-2": "high", "endpoint-1": "clinical", "endpoint-2": "biochemical"}
    placeholder = "(no Japanese text yet)"
    filled = [(path, ids.get(value, value)) for path, value in leaves(data) if value != placeholder and path != ("id",)]
    different = sorted(".".join(map(str, path)) for path, value in filled if at(real, path) != value)
    assert different == []
    assert len(filled) == 50
    assert data["headline"] == {"ja": placeholder, "en": real["headline"]["en"]}
