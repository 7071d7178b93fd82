"""Golden files pin the generated Markdown of both languages.

After an intended change, regenerate them with `make golden` (pytest tests/test_golden.py --update-golden)
and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.site import Project, generate
from tests.conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_generated_markdown_matches_the_golden_files(request: pytest.FixtureRequest) -> None:
    # The pages and figures; a release's own files (its PDF) are copied as they are and tested elsewhere.
    files = {name: content for name, content in generate(Project(ROOT)).files.items() if name.endswith((".md", ".svg"))}
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, content in files.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(content)
    golden = {path.relative_to(GOLDEN).as_posix(): path.read_bytes() for path in GOLDEN.rglob("*") if path.is_file()}
    assert sorted(files) == sorted(golden), "pages added or removed: run `make golden` and review the diff"
    for relative, content in files.items():
        assert content.decode() == golden[relative].decode(), (
            f"{relative} differs: run `make golden` and review the diff"
        )


def test_generation_is_deterministic() -> None:
    assert generate(Project(ROOT)).files == generate(Project(ROOT)).files
