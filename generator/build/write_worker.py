"""Write a build's files to temporary files in a child process: `python -m generator.build.write_worker ROOT`.

Standard input holds, for each file, its path relative to ROOT and then its content, each as its
length in 8 big-endian bytes followed by the bytes; an empty path ends it. Standard output gets a
JSON line for each thing done, as soon as it is done, so that a parent whose child died still
knows which temporary files and folders to remove: {"made": folder}, {"staged": path,
"temporary": file}, {"unchanged": path}, {"error": path, "errno": …, "strerror": …, "filename": …}
(after which nothing more is written, and the input is only read to its end), and last
{"done": true}. writer.Staging starts it and puts the temporary files in place.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from generator.build.writer import Stager
from generator.outputs.children import LENGTH_BYTES


def _read(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise EOFError("the input ended in the middle of a file")
    return data


def _field(source: BinaryIO) -> bytes:
    return _read(source, int.from_bytes(_read(source, LENGTH_BYTES), "big"))


def _say(target: TextIO, event: dict[str, object]) -> None:
    target.write(json.dumps(event, ensure_ascii=False) + "\n")
    target.flush()


def stage(root: Path, source: BinaryIO, target: TextIO) -> None:
    """Stage every file read from source under root, reporting each step to target."""
    stager = Stager(root)
    failed = False
    while relative := _field(source).decode("utf-8"):
        content = _field(source)
        if failed:
            continue
        made, staged = len(stager.made), len(stager.staged)
        try:
            stager.stage(relative, content)
        except OSError as error:
            failed = True
            for folder in stager.made[made:]:
                _say(target, {"made": str(folder)})
            _say(
                target,
                {"error": relative, "errno": error.errno, "strerror": error.strerror, "filename": error.filename},
            )
            if len(stager.staged) > staged:  # the temporary file exists: the parent removes it
                _say(target, {"staged": relative, "temporary": str(stager.staged[relative])})
            continue
        for folder in stager.made[made:]:
            _say(target, {"made": str(folder)})
        if relative in stager.unchanged:
            _say(target, {"unchanged": relative})
        else:
            _say(target, {"staged": relative, "temporary": str(stager.staged[relative])})
    _say(target, {"done": True})


if __name__ == "__main__":
    stage(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout)
