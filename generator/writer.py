"""Write generated files: the only code that touches docs/."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import N_, Message, Problem, WriteError

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


def _io_problem(root: Path, path: Path | str, error: OSError) -> Problem:
    """Return an I/O error as a problem naming the file it was writing (not a temporary name)."""
    target = Path(path)
    try:
        where = (root.name / target.relative_to(root)).as_posix()
    except ValueError:
        where = str(target)
    found = error.strerror or str(error)
    return Problem(where, "", Message(N_("a writable file")), f"{found} (errno {error.errno})")


def sync(root: Path, outputs: Mapping[str, bytes], owned: tuple[str, ...]) -> WriteReport:
    """Make the owned folders under root hold exactly outputs, writing only what changed.

    Unchanged files are left alone so that `mkdocs serve`'s watcher sees no change and does
    not rebuild for ever. Every changed file is first written in full to a temporary file next
    to it; only when all of them are written are they renamed into place. A failure while
    writing (read-only file system, disk full) removes the temporary files and the folders made
    for them and raises WriteError: the files in place are left as they were.
    """
    for relative in outputs:
        if not any(relative.startswith(folder + "/") for folder in owned):
            raise ValueError(f"refusing to write {relative!r} outside {owned}")
    report = plan(root, outputs, owned)
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for relative in report.written:
            path = root / relative
            for parent in reversed([path.parent, *path.parent.parents]):
                if parent != root and root in parent.parents and not parent.is_dir():
                    parent.mkdir()
                    made.append(parent)
            handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False)  # noqa: SIM115
            temporary = Path(handle.name)
            staged.append((temporary, path))
            with handle:
                handle.write(outputs[relative])
            temporary.chmod(0o644)  # NamedTemporaryFile creates 0600 files
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for made_folder in reversed(made):
            with contextlib.suppress(OSError):
                made_folder.rmdir()
        raise WriteError([_io_problem(root, root / relative, error)]) from error
    try:
        for temporary, path in staged:
            temporary.replace(path)
            log.debug("wrote %s", path.relative_to(root))
        for relative in report.removed:
            (root / relative).unlink()
            log.debug("removed %s", relative)
        for owned_folder in owned:
            base = root / owned_folder
            if base.is_dir():
                for directory in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
                    if not any(directory.iterdir()):
                        directory.rmdir()
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise WriteError([_io_problem(root, error.filename or root, error)]) from error
    return report
