"""Start a child process running one of this package's modules (`python -m generator.…`).

The children are new interpreters started by subprocess (fork and exec at once), never a fork
of this process: the MkDocs hook runs inside `mkdocs serve`, whose process has threads, and a
forked copy of a threaded process can deadlock. Unlike multiprocessing's spawn, they do not
import this process's main module again, so a script that calls generate() without an
`if __name__ == "__main__"` guard is not run twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import generator


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
