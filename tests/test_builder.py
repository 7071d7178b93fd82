"""The writer and the build stamp: only what changed is written, and nothing is hidden by the stamp."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build import builder
from generator.build.builder import INDEX, STAMP, build
from generator.build.project import Project
from generator.build.writer import sync
from tests.conftest import RELEASE_ID

EditRelease = Callable[[Callable[[dict[str, Any]], None]], Path]


def test_a_second_build_reuses_the_files_on_disk(project: Path) -> None:
    first = build(Project(project))
    assert not first.reused and first.written == first.files + 1  # the pages, figures and the stamp
    mtimes = {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*") if path.is_file()}
    second = build(Project(project))
    assert second.reused and second.written == 0 and second.nav == first.nav
    assert {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*") if path.is_file()} == mtimes


def test_a_changed_or_missing_output_is_regenerated(project: Path) -> None:
    build(Project(project))
    page = project / "docs" / "en" / RELEASE_ID / "results" / "index.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    (project / "docs" / "ja" / RELEASE_ID / "methods" / "index.md").unlink()
    (project / "docs" / "ja" / "stray.md").write_text("left over\n", encoding="utf-8")
    report = build(Project(project))
    assert not report.reused and report.written == 2 and report.removed == 1
    assert "66.7% (10/15)" in page.read_text(encoding="utf-8")
    assert not (project / "docs" / "ja" / "stray.md").exists()


def test_docs_up_to_date_is_found_without_reading_the_files_the_index_vouches_for(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(Project(project))
    assert (project / "docs" / INDEX).is_file()
    hashed: list[int] = []
    original = builder._sha256

    def counted(data: bytes) -> str:
        hashed.append(len(data))
        return original(data)

    monkeypatch.setattr(builder, "_sha256", counted)
    assert build(Project(project)).reused and hashed == []
    # A file edited in place, to the same size (another modification time): read and found changed.
    page = project / "docs" / "ja" / RELEASE_ID / "results" / "index.md"
    page.write_bytes(page.read_bytes().replace("妊娠".encode(), "任娠".encode(), 1))
    report = build(Project(project))
    assert not report.reused and report.written == 1 and "任娠" not in page.read_text(encoding="utf-8")
    # Without the index (removed, unreadable), every file is hashed: still reused, never wrong.
    (project / "docs" / INDEX).write_text("not json", encoding="utf-8")
    hashed.clear()
    assert build(Project(project)).reused and len(hashed) == report.files


def test_a_damaged_figure_is_drawn_again(project: Path) -> None:
    build(Project(project))
    figure = project / "docs" / "en" / RELEASE_ID / "results" / "figure.svg"
    whole = figure.read_bytes()
    figure.write_bytes(whole[:600])  # truncated, as by a build killed while writing
    report = build(Project(project))
    assert not report.reused and report.written == 1
    assert figure.read_bytes() == whole


def test_a_changed_input_regenerates(project: Path, edit_release: EditRelease) -> None:
    build(Project(project))
    edit_release(lambda data: data["outlook"][0].update(en="A new outlook."))
    report = build(Project(project))
    assert not report.reused and report.written == 2  # the English overview and the stamp
    assert "A new outlook." in (project / "docs" / "en" / RELEASE_ID / "index.md").read_text(encoding="utf-8")
    assert (project / "docs" / STAMP).is_file()


def test_sync_writes_only_what_changed_and_removes_what_it_no_longer_produces(tmp_path: Path) -> None:
    first = sync(tmp_path, {"ja/a.md": b"a", "ja/sub/b.md": b"b", "en/a.md": b"c"}, owned=("ja", "en"))
    assert first.written == ("en/a.md", "ja/a.md", "ja/sub/b.md")
    second = sync(tmp_path, {"ja/a.md": b"a", "en/a.md": b"changed"}, owned=("ja", "en"))
    assert (second.written, second.removed, second.unchanged) == (("en/a.md",), ("ja/sub/b.md",), 1)
    assert not (tmp_path / "ja" / "sub").exists()
    assert oct((tmp_path / "en" / "a.md").stat().st_mode & 0o777) == "0o644"
