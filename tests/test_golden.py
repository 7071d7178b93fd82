"""Golden files pin the generated Markdown and figures of both languages.

Two sites are pinned: the real release alone (tests/golden/release/) and the examples of other
study designs built as one press room (tests/golden/examples/). After an intended change,
regenerate them with `make golden` (pytest tests/test_golden.py --update-golden) and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build.site import Project, generate
from tests.conftest import EXAMPLES_DIR, ROOT, copy_project

GOLDEN = Path(__file__).resolve().parent / "golden"


def _project(site: str, tmp_path: Path) -> Project:
    """Return the project whose pages a golden site pins."""
    if site == "examples":
        return Project(ROOT, EXAMPLES_DIR)
    return Project(copy_project(tmp_path / "project"))


@pytest.mark.parametrize("site", ["release", "examples"])
def test_generated_markdown_matches_the_golden_files(site: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    # The pages and figures; a release's own files (its PDF) are copied as they are and tested elsewhere.
    generated = generate(_project(site, tmp_path)).files
    files = {name: data for name, data in generated.items() if name.endswith((".md", ".svg"))}
    folder = GOLDEN / site
    if request.config.getoption("--update-golden"):
        shutil.rmtree(folder, ignore_errors=True)
        for relative, content in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(content)
    golden = {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert sorted(files) == sorted(golden), "pages added or removed: run `make golden` and review the diff"
    for relative, content in files.items():
        if relative.endswith(".png"):  # social cards: compared byte for byte
            assert content == golden[relative], f"{relative} differs: run `make golden` and look at the image"
            continue
        assert content.decode() == golden[relative].decode(), (
            f"{site}/{relative} differs: run `make golden` and review the diff"
        )


def test_generation_is_deterministic(tmp_path: Path) -> None:
    project = _project("release", tmp_path)
    assert generate(project).files == generate(project).files
    examples = _project("examples", tmp_path)
    assert generate(examples).files == generate(examples).files
