"""One build at a time per project: an exclusive lock on a file in docs/.

`generator build`, `mkdocs build` and `mkdocs serve` (through hooks/generate.py) take the lock
for the whole of a build, so two processes never write docs/ or site/ at the same time; a second
one waits for the first. The lock is an flock(2) on docs/.build.lock: the kernel releases it when
the process exits, crashes or is killed, so a stale lock cannot block later builds. (The file
itself stays; it is empty, and MkDocs does not publish dotfiles.)
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from generator.errors import N_, Message, Problem, WriteError

log = logging.getLogger(__name__)

LOCK_FILE = ".build.lock"
"""The lock's file name inside docs/."""


class BuildLock:
    """An exclusive, blocking lock on docs/.build.lock; re-entrant within one object."""

    def __init__(self, docs_dir: Path, logger: logging.Logger = log) -> None:
        self.path = docs_dir / LOCK_FILE
        self._fd: int | None = None
        self._log = logger
        """Where waiting is reported (MkDocs shows only its own loggers' records)."""

    @property
    def held(self) -> bool:
        """Return whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting (and saying so) while another build holds it; raise WriteError if impossible."""
        if self._fd is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            # flock needs no write access: an existing lock file on a read-only docs/ still serves,
            # and the writer then reports the read-only file system for the page it cannot write.
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                raise self._error(error) from error
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._log.info(N_("another build of this project is running: waiting for it to finish"))
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._log.info(N_("the other build finished: building"))
        except OSError as error:
            os.close(fd)
            raise self._error(error) from error
        self._fd = fd

    def _error(self, error: OSError) -> WriteError:
        where = f"{self.path.parent.name}/{LOCK_FILE}"
        found = f"{error.strerror or error} (errno {error.errno})"
        return WriteError([Problem(where, "", Message(N_("a writable file")), found)])

    def release(self) -> None:
        """Give the lock back (closing the file releases the flock)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
