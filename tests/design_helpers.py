"""Helpers of the tests of study designs, claims and undefined statistics: copies of the examples, edited."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.build.project import Project
from generator.build.site import generate
from generator.data.languages import LANGUAGES
from tests.conftest import EXAMPLES_DIR, ROOT

COHORT = "2026-06-01-cohort"
NON_INFERIORITY = "2026-06-15-non-inferiority"
DIAGNOSTIC = "2026-07-01-diagnostic"
CONTINUOUS = "2026-04-01-continuous"
PLACEBO = "2026-02-10-placebo-trial"


def copy(tmp_path: Path, *ids: str) -> Path:
    data = tmp_path / "examples"
    for release_id in ids:
        shutil.copytree(EXAMPLES_DIR / release_id, data / release_id)
    return data


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(ROOT), "--data", str(data), *extra],
        capture_output=True,
        text=True,
        check=False,
    )


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["date"] = str(document["date"])
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def results(data: Path, release_id: str) -> dict[str, str]:
    files = generate(Project(ROOT, data)).files  # each release in its own folder, even alone
    return {lang: files[f"{lang}/{release_id}/results/index.md"].decode() for lang in LANGUAGES}


def p_cells(page: str) -> list[str]:
    return re.findall(r'<td rowspan="\d+"[^>]*>([^<]*)</td>', page)  # the comparison's P cell (with its data-label)


def unquote(paragraph: dict[str, Any]) -> None:
    """Drop a text's quotes and the figures they declared: data changed under it no longer gives them.

    `check` attributes the figures of a text by their context, quoted or not; a test that changes the
    counts a text reports takes the figures out of the text too.
    """
    from generator.stats.recognize import recognize

    paragraph.pop("quotes", None)
    for lang in ("ja", "en"):
        text = str(paragraph[lang])
        for figure in reversed(recognize(text)):
            text = text[: figure.start] + text[figure.end :]
        paragraph[lang] = text
