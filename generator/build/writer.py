"""Write generated files: the only code that touches docs/."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from generator.errors import N_, Message, Problem, WriteError
from generator.outputs import children

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
        _walk(root / folder, f"{folder}/", found)
    return found


def _walk(folder: Path, prefix: str, found: set[str]) -> None:
    """Add every file under folder to found, as prefix + its path inside folder.

    os.scandir: pathlib's rglob took 0.3 s for the 2,400 files of 100 releases, on every build.
    """
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), f"{prefix}{entry.name}/", found)
        elif entry.is_file():
            found.add(prefix + entry.name)


def _entries(folder: Path) -> bool:
    """Return whether folder exists and holds anything."""
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except (FileNotFoundError, NotADirectoryError):
        return False


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


class Stager:
    """Write files to temporary files next to their place under root, unless they already hold the content.

    The part of a sync that takes time on a slow disk (creating folders and files); the same
    code runs in this process and in a write_worker child.
    """

    def __init__(self, root: Path) -> None:
        """Prepare to stage files under root."""
        self.root = root
        self.staged: dict[str, Path] = {}
        """Temporary file by path relative to root, in the order written."""
        self.unchanged: set[str] = set()
        self.made: list[Path] = []
        """Folders made for the files, parents first."""
        self._folders: set[Path] = set()

    def stage(self, relative: str, content: bytes) -> None:
        """Write content to a temporary file next to root/relative, unless that file already holds it."""
        path = self.root / relative
        if path.is_file() and path.read_bytes() == content:
            self.unchanged.add(relative)
            return
        if path.parent not in self._folders:
            for parent in reversed([path.parent, *path.parent.parents]):
                if parent != self.root and self.root in parent.parents and not parent.is_dir():
                    parent.mkdir()
                    self.made.append(parent)
            self._folders.add(path.parent)
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False)  # noqa: SIM115
        temporary = Path(handle.name)
        self.staged[relative] = temporary
        with handle:
            handle.write(content)
        temporary.chmod(0o644)  # NamedTemporaryFile creates 0600 files


class OnDisk:
    """What a process's last commit left under its root: each file's content and its identity on disk."""

    def __init__(self) -> None:
        self._root: Path | None = None
        self._files: dict[str, tuple[bytes, tuple[int, int, int]]] = {}

    def holds(self, relative: str, content: bytes) -> bool:
        """Return whether the last commit left content at relative, and the file there is still that file.

        As git's index does, a file is taken to be unchanged when its size, modification time
        (to the nanosecond) and inode are: the generator replaces files (a new inode), and docs/
        is not edited by hand.
        """
        recorded = self._files.get(relative)
        if self._root is None or recorded is None or (recorded[0] is not content and recorded[0] != content):
            return False
        try:
            return file_identity(self._root / relative) == recorded[1]
        except OSError:
            return False

    def record(self, root: Path, outputs: Mapping[str, bytes], keep: set[str]) -> None:
        """Remember outputs as what is now under root (the files in keep were checked in add())."""
        self._root = root
        files: dict[str, tuple[bytes, tuple[int, int, int]]] = {}
        for relative, content in outputs.items():
            try:
                identity = self._files[relative][1] if relative in keep else file_identity(root / relative)
            except OSError:
                continue
            files[relative] = (content, identity)
        self._files = files

    def identities(self) -> dict[str, tuple[int, int, int]]:
        """Return the size, time and inode of each file the last commit left, by path relative to its root."""
        return {relative: identity for relative, (_, identity) in self._files.items()}

    def forget(self) -> None:
        """Forget everything: the next commit compares every file with the disk."""
        self._files = {}

    def __bool__(self) -> bool:
        return bool(self._files)


def file_identity(path: Path) -> tuple[int, int, int]:
    """Return what changes when a file is written or replaced: its size, modification time and inode."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


_PIPE_SIZE = 1 << 20
"""The size asked for the pipe to the child (Linux's default limit for a process that is not privileged)."""

CHILD_THRESHOLD = 200
"""Stage files in a write_worker child once this many are added; a smaller sync stages them here."""


class Staging:
    """Write files under root while the caller is still producing them; put them in place at the end.

    A build writes a few thousand files, and on a slow disk creating them takes a third of the
    time of rendering them. Once CHILD_THRESHOLD files are added, a child process
    (`python -m generator.build.write_worker`) writes them to temporary files next to their place
    while this process renders the next pages: it needs neither this process's processor nor
    its interpreter lock (a thread here waited for the lock after every system call, and fell
    behind). commit() waits for it, then renames every temporary file into place and removes
    the owned files that are no longer outputs.

    Until commit(), nothing in place has changed: leaving the `with` block without a commit (a
    failed render), or a write failing (read-only file system, disk full), removes the
    temporary files and the folders made for them; a failed write raises WriteError. When the
    child cannot start or dies, the files are staged here: the result is the same, only slower.
    Unchanged files are left alone so that `mkdocs serve`'s watcher sees no change and does not
    rebuild for ever.
    """

    def __init__(self, root: Path, owned: tuple[str, ...], on_disk: OnDisk | None = None) -> None:
        """Prepare to write under root, inside the owned folders only.

        on_disk, kept by a process that writes again and again (`mkdocs serve`), records what
        its last commit left in place: a file whose content is the one recorded, and which is
        still the file that commit left (same size, time and inode), is not compared or sent
        again. commit() updates it.
        """
        self.root = root
        self.owned = owned
        self._on_disk = on_disk
        self._kept: set[str] = set()
        """Files added that on_disk shows are in place already."""
        self._added: set[str] = set()
        self._waiting: dict[str, bytes] = {}
        """Files added while there are too few to start a child."""
        self._child: _Child | None = None
        self._child_failed = False
        self._here = Stager(root)
        self._closed = False
        self._was_empty = not any(_entries(root / folder) for folder in owned)
        """Whether the owned folders held nothing (a cold build): then nothing can be left to remove."""

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._closed:
            self._closed = True
            self._discard(self._finish())
            self._discard(self._here)

    def add(self, files: Mapping[str, bytes]) -> None:
        """Start writing files (content by path relative to root), in a child once there are enough."""
        for relative in files:
            if not any(relative.startswith(folder + "/") for folder in self.owned):
                raise ValueError(f"refusing to write {relative!r} outside {self.owned}")
            if relative in self._added:
                raise ValueError(f"{relative!r} is added twice")
        self._added.update(files)
        if self._on_disk:
            in_place = {relative for relative, content in files.items() if self._on_disk.holds(relative, content)}
            self._kept |= in_place
            files = {relative: content for relative, content in files.items() if relative not in in_place}
        self._waiting.update(files)
        if self._child is None and not self._child_failed and len(self._waiting) >= CHILD_THRESHOLD:
            self._child = _Child.start(self.root)
            self._child_failed = self._child is None
        if self._child is not None:
            if not self._child.send(self._waiting):
                self._child_failed = True
            self._waiting = {}

    def commit(self, outputs: Mapping[str, bytes]) -> WriteReport:
        """Make the owned folders hold exactly outputs (every file added must be among them); return what changed."""
        stray = self._added - set(outputs)
        if stray:
            raise ValueError(f"files added but not in the outputs: {sorted(stray)[:3]}")
        self.add({relative: content for relative, content in outputs.items() if relative not in self._added})
        report = self._finish()
        stager: Stager
        if report is not None:
            stager, error = report, report.error
        else:  # no child, or it failed: everything it did is undone, and everything is staged here
            stager, error = self._here, self._stage_here(outputs if self._child_failed else self._waiting)
        self._closed = True
        if error is not None:
            self._discard(stager)
            if self._on_disk is not None:
                self._on_disk.forget()
            relative, failure = error
            raise WriteError([_io_problem(self.root, self.root / relative, failure)]) from failure
        try:
            for relative, temporary in stager.staged.items():
                temporary.replace(self.root / relative)
                log.debug("wrote %s", relative)
            removed = [] if self._was_empty else sorted(owned_files(self.root, self.owned) - set(outputs))
            for relative in removed:
                (self.root / relative).unlink()
                log.debug("removed %s", relative)
            for owned_folder in () if self._was_empty or not removed else self.owned:  # folders emptied
                base = self.root / owned_folder
                if base.is_dir():
                    for directory in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
                        if not any(directory.iterdir()):
                            directory.rmdir()
        except OSError as failure:
            for temporary in stager.staged.values():
                temporary.unlink(missing_ok=True)
            if self._on_disk is not None:
                self._on_disk.forget()
            raise WriteError([_io_problem(self.root, failure.filename or self.root, failure)]) from failure
        if self._on_disk is not None:
            self._on_disk.record(self.root, outputs, keep=self._kept)
        return WriteReport(tuple(sorted(stager.staged)), tuple(removed), len(stager.unchanged) + len(self._kept))

    def _stage_here(self, files: Mapping[str, bytes]) -> tuple[str, OSError] | None:
        """Stage files in this process; return the file that failed and its error, if one did."""
        for relative, content in files.items():
            try:
                self._here.stage(relative, content)
            except OSError as error:
                return relative, error
        return None

    def _finish(self) -> _Report | None:
        """Wait for the child and return what it staged; None when there was no child or it failed.

        What a failed child staged is removed at once: commit() then stages everything here.
        """
        child, self._child = self._child, None
        if child is None:
            return None
        report = child.finish()
        if report.complete and not self._child_failed:
            return report
        self._child_failed = True
        self._discard(report)
        log.debug("write: the child process failed; writing here")
        return None

    def _discard(self, stager: Stager | None) -> None:
        """Remove the temporary files stager made and the folders made for them."""
        if stager is None:
            return
        for temporary in stager.staged.values():
            temporary.unlink(missing_ok=True)
        for made_folder in reversed(stager.made):
            with contextlib.suppress(OSError):
                made_folder.rmdir()


class _Report(Stager):
    """What a write_worker child reported it staged, and the first error it met."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.error: tuple[str, OSError] | None = None
        self.complete = False


@dataclass
class _Child:
    """A write_worker child, the pipe to its standard input and the file its report goes to."""

    root: Path
    process: subprocess.Popen[bytes]
    report: IO[bytes]
    errors: IO[bytes]
    pending: bytearray = field(default_factory=bytearray)
    """What is handed over but not yet in the pipe (the child is behind)."""

    @classmethod
    def start(cls, root: Path) -> _Child | None:
        """Start a child writing under root; None when it cannot start."""
        report = tempfile.TemporaryFile()  # noqa: SIM115 - read by finish()
        errors = tempfile.TemporaryFile()  # noqa: SIM115 - read by finish()
        try:
            process = children.start(
                "generator.build.write_worker", str(root), stdin=subprocess.PIPE, stdout=report, stderr=errors
            )
        except (OSError, ValueError) as error:
            log.debug("write: no child process (%s); writing here", error)
            report.close()
            errors.close()
            return None
        if process.stdin is not None:
            # A release's files are a few hundred kB: a larger pipe, written without waiting,
            # lets this process hand them over and go on rendering while the child writes
            # (waiting for the pipe took 0.4 s of a 100-release generation).
            if hasattr(fcntl, "F_SETPIPE_SZ"):
                with contextlib.suppress(OSError):
                    fcntl.fcntl(process.stdin.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
            os.set_blocking(process.stdin.fileno(), False)
        return cls(root, process, report, errors)

    def send(self, files: Mapping[str, bytes]) -> bool:
        """Hand files to the child, as much as its pipe takes now; False when it is gone."""
        for relative, content in files.items():
            self.pending += children.frame(relative.encode("utf-8")) + children.frame(content)
        return self._flush(wait=False)

    def _flush(self, *, wait: bool) -> bool:
        """Put what is pending into the pipe, all of it (wait) or what fits now; False when the child is gone."""
        assert self.process.stdin is not None
        descriptor = self.process.stdin.fileno()
        try:
            if wait:
                os.set_blocking(descriptor, True)
            while self.pending:
                written = os.write(descriptor, self.pending)
                del self.pending[:written]
        except BlockingIOError:
            return True  # the pipe is full: the rest goes with the next files
        except OSError:  # BrokenPipeError: the child died
            return False
        return True

    def finish(self) -> _Report:
        """Tell the child that no more files come, wait for it and return its report."""
        assert self.process.stdin is not None
        self.pending += children.frame(b"")
        self._flush(wait=True)
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        code = self.process.wait()
        self.report.seek(0)
        result = _Report(self.root)
        for line in self.report.read().decode("utf-8").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                break  # the child died while writing this line
            if "made" in event:
                result.made.append(Path(event["made"]))
            elif "staged" in event:
                result.staged[event["staged"]] = Path(event["temporary"])
            elif "unchanged" in event:
                result.unchanged.add(event["unchanged"])
            elif "error" in event:
                failure = OSError(event["errno"], event["strerror"], event["filename"])
                result.error = (event["error"], failure)
            elif event.get("done"):
                result.complete = code == 0
        if not result.complete:
            self.errors.seek(0)
            last = self.errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            log.debug("write: the child process failed (exit code %d %s)", code, last)
        self.report.close()
        self.errors.close()
        return result
