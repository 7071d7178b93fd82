"""Draw results figures in a child process: `python -m generator.outputs.figure_worker`.

Standard input holds frames, each its length as 8 big-endian bytes followed by a pickle of a
figure.FigureSpec; an empty frame ends it. Standard output gets, for each figure in that
order, the length of its SVG as 8 big-endian bytes and the SVG's UTF-8 bytes, drawn by the
same render_svg as in the parent. figure_drawing.FigureDrawing starts it while the build
renders its pages.
"""

from __future__ import annotations

import pickle
import sys
from typing import BinaryIO

from generator.outputs.children import LENGTH_BYTES, frame
from generator.outputs.figure_svg import render_svg


def _read(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise EOFError("the input ended in the middle of a figure")
    return data


def draw(source: BinaryIO, target: BinaryIO) -> int:
    """Draw every figure read from source into target; return how many."""
    count = 0
    while size := int.from_bytes(_read(source, LENGTH_BYTES), "big"):
        spec = pickle.loads(_read(source, size))  # noqa: S301 - from the parent process, through a pipe
        svg = render_svg(spec).encode("utf-8")
        target.write(frame(svg))
        count += 1
    target.flush()
    return count


if __name__ == "__main__":
    draw(sys.stdin.buffer, sys.stdout.buffer)
