"""site.Memo: a generation that reuses an earlier one's work (as `mkdocs serve` does after an
edit) makes exactly the files a fresh generation makes, and reuses only what did not change."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import site
from generator.build.memo import Memo
from generator.build.project import Project
from tests.conftest import copy_project, synthetic_release, write_release


@pytest.fixture
def three_releases(tmp_path: Path) -> Project:
    root = copy_project(tmp_path / "project")
    for number in (1, 2):
        write_release(
            root,
            f"2027-01-1{number}-synthetic",
            synthetic_release(f"2027-01-1{number}-synthetic", f"2027-01-1{number}"),
        )
    return Project(root)


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the releases whose pages are rendered (not reused)."""
    rendered: list[str] = []
    real = site._release_files

    def spy(project: Project, release: object, *args: object, **options: bool) -> tuple[dict[str, bytes], list[str]]:
        rendered.append(release.id)  # type: ignore[attr-defined]
        return real(project, release, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "_release_files", spy)
    return rendered


def test_a_memo_reuses_the_unchanged_releases_and_gives_the_fresh_files(
    three_releases: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = Memo()
    first = site.generate(three_releases, memo=memo)
    rendered = _rendered(monkeypatch)
    assert site.generate(three_releases, memo=memo).files == first.files
    assert rendered == []  # nothing changed: every release reused
    path = three_releases.data_dir / "releases" / "2027-01-12-synthetic" / "release.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("A synthetic test release", "An edited release"), encoding="utf-8"
    )
    again = site.generate(three_releases, memo=memo)
    assert rendered == ["2027-01-12-synthetic"]  # only the edited release
    assert again.files == site.generate(three_releases).files  # what a fresh generation makes
    assert again.files != first.files


def test_a_template_change_renders_every_release_again(
    three_releases: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = Memo()
    site.generate(three_releases, memo=memo)
    rendered = _rendered(monkeypatch)
    template = three_releases.templates_dir / "design.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    again = site.generate(three_releases, memo=memo)
    assert sorted(rendered) == ["2026-05-18-tacrolimus", "2027-01-11-synthetic", "2027-01-12-synthetic"]
    assert all(
        b"An added line." in content for path, content in again.files.items() if path.endswith("design/index.md")
    )


@pytest.mark.parametrize("child_threshold", [1, 10**9])
def test_figures_drawn_by_a_child_are_the_same_and_kept_for_the_next_run(
    three_releases: Project, monkeypatch: pytest.MonkeyPatch, child_threshold: int, started_children: list[str]
) -> None:
    from generator.outputs import figure_drawing

    monkeypatch.setattr(figure_drawing, "CHILD_THRESHOLD", 10**9)
    here = site.generate(three_releases).files
    monkeypatch.setattr(figure_drawing, "CHILD_THRESHOLD", child_threshold)
    memo = Memo()
    assert site.generate(three_releases, memo=memo).files == here
    assert ("generator.outputs.figure_worker" in started_children) == (child_threshold == 1)
    assert site.generate(three_releases, memo=memo).files == here  # reused, figures included


def test_a_figure_child_that_fails_leaves_the_drawing_here(
    three_releases: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.outputs import children, figure_drawing

    expected = site.generate(three_releases).files
    real = children.start

    def dying(module: str, *args: str, **kwargs: object) -> object:
        target = "generator.no_such_module" if module == "generator.outputs.figure_worker" else module
        return real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(children, "start", dying)
    monkeypatch.setattr(figure_drawing, "CHILD_THRESHOLD", 1)
    assert site.generate(three_releases).files == expected
