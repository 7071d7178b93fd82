"""Start a child process running one of this package's modules (`python -m generator.…`).

The children are new interpreters started by subprocess (fork and exec at once), never a fork
of this process: the MkDocs hook runs inside `mkdocs serve`, whose process has threads, and a
forked copy of a threaded process can deadlock. Unlike multiprocessing's spawn, they do not
import this process's main module again, so a script that calls generate() without an
`if __name__ == "__main__"` guard is not run twice.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import generator

log = logging.getLogger(__name__)


def start(
    module: str, *args: str, stdin: IO[bytes] | int, stdout: IO[bytes] | int, stderr: IO[bytes]
) -> subprocess.Popen[bytes]:
    """Start `python -m module args` with this interpreter; raise OSError or ValueError when it cannot start."""
    # The child finds this generator package first, wherever this process found it.
    package_root = str(Path(generator.__file__).resolve().parent.parent)
    python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    options: dict[str, Any] = {"stdin": stdin, "stdout": stdout, "stderr": stderr}
    return subprocess.Popen(
        [sys.executable, "-m", module, *args], env={**os.environ, "PYTHONPATH": python_path}, **options
    )


LENGTH_BYTES = 8
"""The children's outputs are items each preceded by its length in this many big-endian bytes."""


def frame(data: bytes) -> bytes:
    """Return data preceded by its length, as the children read their input and write their output."""
    return len(data).to_bytes(LENGTH_BYTES, "big") + data


def answer(process: subprocess.Popen[bytes], output: IO[bytes], errors: IO[bytes], count: int) -> list[bytes] | None:
    """Wait for a child and return the count items it wrote to output; None when it failed."""
    code = process.wait()
    output.seek(0)
    data = output.read()
    items: list[bytes] = []
    offset = 0
    while code == 0 and offset + LENGTH_BYTES <= len(data):
        length = int.from_bytes(data[offset : offset + LENGTH_BYTES], "big")
        offset += LENGTH_BYTES
        items.append(data[offset : offset + length])
        offset += length
    if code != 0 or offset != len(data) or len(items) != count:
        errors.seek(0)
        last = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        log.debug("the child process %s failed (exit code %d %s)", process.args, code, last)
        return None
    return items


def processors() -> int:
    """Return how many processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
