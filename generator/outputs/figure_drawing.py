"""Draw a build's results figures, in a child process while the pages are rendered.

Writing an SVG from its spec takes about a millisecond; a site of 100 releases has 400 of
them, drawn in this process they were a tenth of a cold generation. With enough figures to draw
and a processor to spare, a child (`python -m generator.outputs.figure_worker`) draws them from their
specs, handed to it through a pipe as each release is rendered, and this process takes the SVGs
back at the end. The child runs the same render_svg on the same spec, so the bytes are the
ones drawn here; when it cannot start or fails, the figures are drawn here.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import pickle
import subprocess
import tempfile
from typing import IO

from generator.outputs import children
from generator.outputs.figure import FigureSpec
from generator.outputs.figure_svg import render_svg

log = logging.getLogger(__name__)

CHILD_THRESHOLD = 40
"""Draw in a child when a build has at least this many figures (10 releases); fewer are drawn here."""


class FigureDrawing:
    """The figures of one build: drawn by a child in the background, or here."""

    def __init__(self, expected: int) -> None:
        """Start a child when about `expected` figures are to be drawn and a processor is free for it."""
        self._specs: dict[str, FigureSpec] = {}
        """The figures handed to the child, by path, in order (drawn here if it fails)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None
        self._errors: IO[bytes] | None = None
        if expected >= CHILD_THRESHOLD and children.processors() >= 2:
            self._start()

    def _start(self) -> None:
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 - read by collect()
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - read by collect()
        try:
            self._process = children.start(
                "generator.outputs.figure_worker", stdin=subprocess.PIPE, stdout=self._output, stderr=self._errors
            )
        except (OSError, ValueError) as error:
            log.debug("figures: no child process (%s); drawing here", error)
            self.close()
            return
        if self._process.stdin is not None and hasattr(fcntl, "F_SETPIPE_SZ"):
            with contextlib.suppress(OSError):  # room for a few releases' figures
                fcntl.fcntl(self._process.stdin.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)

    def add(self, specs: dict[str, FigureSpec]) -> dict[str, bytes]:
        """Start drawing specs (by path); return the SVGs drawn here at once (none when a child draws)."""
        if self._process is not None and self._process.stdin is not None:
            pickles = [pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL) for spec in specs.values()]
            try:
                self._process.stdin.write(b"".join(children.frame(data) for data in pickles))
                self._specs.update(specs)
                return {}
            except OSError:
                log.debug("figures: the child process is gone; drawing here")
                self.close()
        return {path: render_svg(spec).encode("utf-8") for path, spec in specs.items()}

    def collect(self) -> dict[str, bytes]:
        """Return the SVG of every figure the child was given, by path, waiting for it."""
        drawn = self._from_child()
        self.close()
        if drawn is None:
            drawn = {path: render_svg(spec).encode("utf-8") for path, spec in self._specs.items()}
        self._specs = {}
        log.debug("figures: %d drawn by a child process", len(drawn))
        return drawn

    def _from_child(self) -> dict[str, bytes] | None:
        process, output, errors = self._process, self._output, self._errors
        if process is None or output is None or errors is None or process.stdin is None:
            return None
        try:
            process.stdin.write(children.frame(b""))
            process.stdin.close()
        except OSError:
            pass  # the child is gone: its exit code says so
        svgs = children.answer(process, output, errors, len(self._specs))
        if svgs is None:
            return None
        return dict(zip(self._specs, svgs, strict=True))

    def close(self) -> None:
        """Stop the child if it still runs and free its files."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            if self._process.stdin is not None:
                with contextlib.suppress(OSError):
                    self._process.stdin.close()
        for file in (self._output, self._errors):
            if file is not None:
                file.close()
        self._process, self._output, self._errors = None, None, None
