"""The benchmark's command line and the data edit its preview measurement makes (no timings here)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.bench import PREVIEW_CELL, REAL_RELEASE_ID, edit_count, parser


def test_sizes_take_spaces_or_commas_and_default_to_1_to_1000() -> None:
    assert parser().parse_args([]).sizes == [(1, 10, 100, 1000)]
    args = parser().parse_args(["--sizes", "1", "10,100", "1000", "--preview-sizes", "1"])
    assert sorted({size for group in args.sizes for size in group}) == [1, 10, 100, 1000]
    assert args.preview_sizes == [(1,)]


def test_the_preview_edit_changes_one_count_and_drops_its_published_figures(project: Path) -> None:
    path = project / "data" / "releases" / REAL_RELEASE_ID / "release.yaml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    marker = edit_count(project)
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    old, new = before["results"]["cells"][PREVIEW_CELL], after["results"]["cells"][PREVIEW_CELL]
    assert abs(new["events"] - old["events"]) == 1
    assert marker == f"({new['events']}/{new['analyzed']})"
    assert "published" not in new
    before["results"]["cells"][PREVIEW_CELL] = new
    assert after == before  # nothing else changed
