"""Write generated files: the only code that touches docs/."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WriteReport:
    """What a sync changed."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def owned_files(root: Path, owned: tuple[str, ...]) -> set[str]:
    """Return every file under the owned folders, relative to root."""
    found: set[str] = set()
    for folder in owned:
        base = root / folder
        if base.is_dir():
            found.update(path.relative_to(root).as_posix() for path in base.rglob("*") if path.is_file())
    return found


def plan(root: Path, outputs: Mapping[str, bytes], owned: tuple[str, ...]) -> WriteReport:
    """Return what sync would write and remove, without touching the disk."""
    written = []
    unchanged = 0
    for relative, content in sorted(outputs.items()):
        path = root / relative
        if path.is_file() and path.read_bytes() == content:
            unchanged += 1
        else:
            written.append(relative)
    removed = sorted(owned_files(root, owned) - set(outputs))
    return WriteReport(tuple(written), tuple(removed), unchanged)


def sync(root: Path, outputs: Mapping[str, bytes], owned: tuple[str, ...]) -> WriteReport:
    """Make the owned folders under root hold exactly outputs, writing only what changed.

    Unchanged files are left alone so that `mkdocs serve`'s watcher sees no change and does
    not rebuild for ever. Each file is written to a temporary file and renamed into place.
    """
    for relative in outputs:
        if not any(relative.startswith(folder + "/") for folder in owned):
            raise ValueError(f"refusing to write {relative!r} outside {owned}")
    report = plan(root, outputs, owned)
    for relative in report.written:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            handle.write(outputs[relative])
        temporary = Path(handle.name)
        temporary.chmod(0o644)  # NamedTemporaryFile creates 0600 files
        temporary.replace(path)
        log.debug("wrote %s", relative)
    for relative in report.removed:
        (root / relative).unlink()
        log.debug("removed %s", relative)
    for folder in owned:
        base = root / folder
        if base.is_dir():
            for directory in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
                if not any(directory.iterdir()):
                    directory.rmdir()
    return report
