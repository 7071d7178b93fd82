"""Walk the release folders of data/ and validate each release file into its models.

Reading the YAML is `yaml_reading`, the position of each field `positions`, the checks that span
several fields `crosscheck`; this module ties them together for one file and for a folder.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.data.crosscheck import cross_check
from generator.data.models import Release
from generator.data.positions import Path_, line_of, node_lines, validation_problem
from generator.data.yaml_reading import read_release, read_yaml
from generator.errors import N_, DataError, Message, Problem

log = logging.getLogger(__name__)

RELEASE_FILE = "release.yaml"
"""The file that holds a release, one folder per release under data/releases/."""


@dataclass(frozen=True)
class LoadedRelease:
    """A validated release with where it came from."""

    release: Release
    file: str
    """Path of the release file relative to the project, for messages."""
    lines: Mapping[Path_, int]
    """Line of each field path in the file."""


def parse_release(path: Path, display: str, data_dir: Path | None = None) -> LoadedRelease:
    """Read and validate one release file; raise DataError listing every problem."""
    return _parse_text(read_release(path, display, data_dir if data_dir is not None else path.parent), display)


def _parse_text(text: str, display: str) -> LoadedRelease:
    """Validate the text of one release file; raise DataError listing every problem."""
    data, node = read_yaml(text, display)
    lines = dict(node_lines(node))
    try:
        release = Release.model_validate(data)
    except ValidationError as error:
        raise DataError([validation_problem(display, lines, detail) for detail in error.errors()]) from error
    problems = list(cross_check(release, display, lines))
    if problems:
        raise DataError(problems)
    return LoadedRelease(release, display, lines)


def load_releases(data_dir: Path, parsed: dict[tuple[str, str], LoadedRelease] | None = None) -> list[LoadedRelease]:
    """Load every release under data_dir, newest first; raise DataError listing every problem.

    The release folders are in data_dir/releases/ (the layout of data/), or directly in data_dir
    when it has no releases/ folder (the layout of examples/). parsed, when given, holds the
    releases an earlier load validated, by file and text: a file whose text is the same is not
    validated again (`mkdocs serve` after an edit to one release). It is left holding this
    load's releases.
    """
    used: dict[tuple[str, str], LoadedRelease] = {}
    releases_dir = data_dir / "releases" if (data_dir / "releases").is_dir() or not data_dir.is_dir() else data_dir
    display_root = data_dir.parent
    folders = sorted(path for path in releases_dir.iterdir() if path.is_dir()) if releases_dir.is_dir() else []
    if not folders:
        raise DataError(
            [
                Problem(
                    str(releases_dir.relative_to(display_root)),
                    "",
                    Message(N_("at least one release folder")),
                    Message(N_("none")),
                )
            ]
        )
    problems: list[Problem] = []
    releases: list[LoadedRelease] = []
    for folder in folders:
        path = folder / RELEASE_FILE
        display = str(path.relative_to(display_root))
        if not (path.exists() or path.is_symlink()):
            problems.append(Problem(display, "", Message(N_("a release file")), Message(N_("no such file"))))
            continue
        try:
            text = read_release(path, display, data_dir)
            key = (display, text)
            loaded = parsed[key] if parsed is not None and key in parsed else _parse_text(text, display)
        except DataError as error:
            problems.extend(error.problems)
            continue
        used[key] = loaded
        if loaded.release.id != folder.name:
            problems.append(
                Problem(
                    display,
                    "id",
                    Message(N_("the name of the release's folder ({folder})"), {"folder": repr(folder.name)}),
                    repr(loaded.release.id),
                    line_of(loaded.lines, ("id",)),
                )
            )
            continue
        releases.append(loaded)
    if parsed is not None:
        parsed.clear()
        parsed.update(used)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d release(s) from %s", len(releases), releases_dir)
    return sorted(releases, key=lambda loaded: (loaded.release.date, loaded.release.id), reverse=True)
