"""Write generated files: the only code that touches docs/."""

from __future__ import annotations

import contextlib
import logging
import queue
import tempfile
import threading
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
    """Make the owned folders under root hold exactly outputs, writing only what changed (see Staging)."""
    with Staging(root, owned) as staging:
        return staging.commit(dict(sorted(outputs.items())))


_DONE = None
"""What tells the staging thread that no more files come."""


class Staging:
    """Write files under root while the caller is still producing them; put them in place at the end.

    A build writes a few thousand files, and on a slow disk creating them takes as long as
    rendering them. add() hands a batch to a thread, which writes each changed file in full to a
    temporary file next to its place: creating files is work for the kernel, so it goes on while
    the caller renders the next pages (which hold Python's lock). commit() waits for the thread,
    then renames every temporary file into place and removes the owned files that are no longer
    outputs. Until commit(), nothing in place has changed: leaving the `with` block without a
    commit (a failed render), or a write failing (read-only file system, disk full), removes the
    temporary files and the folders made for them; a failed write raises WriteError.

    Unchanged files are left alone so that `mkdocs serve`'s watcher sees no change and does not
    rebuild for ever.
    """

    def __init__(self, root: Path, owned: tuple[str, ...]) -> None:
        """Prepare to write under root, inside the owned folders only."""
        self.root = root
        self.owned = owned
        self._queue: queue.SimpleQueue[tuple[str, bytes] | None] = queue.SimpleQueue()
        self._added: set[str] = set()
        self._staged: dict[str, Path] = {}
        """Temporary file by relative path, in the order written."""
        self._unchanged: set[str] = set()
        self._made: list[Path] = []
        self._folders: set[Path] = set()
        self._error: tuple[str, Exception] | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._closed:
            self._finish()
            self._discard()

    def add(self, files: Mapping[str, bytes]) -> None:
        """Start writing files (content by path relative to root) in the background."""
        for relative, content in files.items():
            if not any(relative.startswith(folder + "/") for folder in self.owned):
                raise ValueError(f"refusing to write {relative!r} outside {self.owned}")
            if relative in self._added:
                raise ValueError(f"{relative!r} is written twice")
            self._added.add(relative)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="docs-writer", daemon=True)
                self._thread.start()
            self._queue.put((relative, content))

    def commit(self, outputs: Mapping[str, bytes]) -> WriteReport:
        """Make the owned folders hold exactly outputs (every file added must be among them); return what changed."""
        stray = self._added - set(outputs)
        if stray:
            raise ValueError(f"files added but not in the outputs: {sorted(stray)[:3]}")
        self.add({relative: content for relative, content in outputs.items() if relative not in self._added})
        self._finish()
        if self._error is not None:
            relative, error = self._error
            self._discard()
            if isinstance(error, OSError):
                raise WriteError([_io_problem(self.root, self.root / relative, error)]) from error
            raise error
        self._closed = True
        try:
            for relative, temporary in self._staged.items():
                temporary.replace(self.root / relative)
                log.debug("wrote %s", relative)
            removed = sorted(owned_files(self.root, self.owned) - set(outputs))
            for relative in removed:
                (self.root / relative).unlink()
                log.debug("removed %s", relative)
            for owned_folder in self.owned:
                base = self.root / owned_folder
                if base.is_dir():
                    for directory in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
                        if not any(directory.iterdir()):
                            directory.rmdir()
        except OSError as error:
            for temporary in self._staged.values():
                temporary.unlink(missing_ok=True)
            raise WriteError([_io_problem(self.root, error.filename or self.root, error)]) from error
        return WriteReport(tuple(sorted(self._staged)), tuple(removed), len(self._unchanged))

    def _finish(self) -> None:
        """Wait until the thread has written everything added."""
        if self._thread is not None:
            self._queue.put(_DONE)
            self._thread.join()
            self._thread = None

    def _discard(self) -> None:
        """Remove the temporary files and the folders made for them."""
        self._closed = True
        for temporary in self._staged.values():
            temporary.unlink(missing_ok=True)
        for made_folder in reversed(self._made):
            with contextlib.suppress(OSError):
                made_folder.rmdir()

    def _work(self) -> None:
        """Write what add() queues, until _DONE; after an error, only drain the queue."""
        while (item := self._queue.get()) is not _DONE:
            if self._error is None:
                relative, content = item
                try:
                    self._stage(relative, content)
                except Exception as error:  # raised again by commit(), in the caller's thread
                    self._error = (relative, error)

    def _stage(self, relative: str, content: bytes) -> None:
        """Write content to a temporary file next to root/relative, unless the file already holds it."""
        path = self.root / relative
        if path.is_file() and path.read_bytes() == content:
            self._unchanged.add(relative)
            return
        if path.parent not in self._folders:
            for parent in reversed([path.parent, *path.parent.parents]):
                if parent != self.root and self.root in parent.parents and not parent.is_dir():
                    parent.mkdir()
                    self._made.append(parent)
            self._folders.add(path.parent)
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False)  # noqa: SIM115
        temporary = Path(handle.name)
        self._staged[relative] = temporary
        with handle:
            handle.write(content)
        temporary.chmod(0o644)  # NamedTemporaryFile creates 0600 files
