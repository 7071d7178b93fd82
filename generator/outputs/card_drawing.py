"""Draw the social cards a build needs, in child processes while the pages are rendered.

A card takes about 12 ms to draw, so for 100 releases the 200 cards would be a third of a cold
generation. The cards an earlier build left in docs/ are reused (see cards.reusable_card); the
others are shared between children (one on a two-processor machine) running `python -m
generator.outputs.card_worker`, which draw them with the same `render_card` while this process renders
the pages (see children.py for how they start). Their input and output are temporary
files, not pipes, so a child never waits for this process to read. Each card is put back by its
position, so the bytes never depend on which child finished first, and they are the bytes a card
drawn here would have. A few cards are drawn here (starting a child costs more), and when a
child cannot start or fails, its cards are drawn here too: the result is the same, only slower.
"""

from __future__ import annotations

import json
import logging
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from generator.outputs import children
from generator.outputs.cards import Card, render_card, reusable_card

log = logging.getLogger(__name__)

CHILD_THRESHOLD = 24
"""Draw at least this many cards in child processes; fewer are drawn in this process."""
MAX_CHILDREN = 2


def _children() -> int:
    """Return how many children may draw: the processors this process may use but one, at most MAX_CHILDREN.

    This process keeps a processor for the pages: on two processors one child draws every card
    while this process renders, 0.8 s sooner for 100 releases than two children sharing the
    processors with it. On one processor the cards are drawn here.
    """
    available = children.processors()
    return max(0, min(MAX_CHILDREN, available - 1))


@dataclass
class _Child:
    """One child drawing some of the cards into a temporary file."""

    paths: list[str]
    process: subprocess.Popen[bytes]
    output: IO[bytes]
    errors: IO[bytes]


class CardDrawing:
    """The cards of one build: reused from docs/, drawn by children in the background, or drawn here."""

    def __init__(self, cards: Mapping[str, Card], docs_dir: Path) -> None:
        """Reuse what docs/ already holds and start drawing the rest (cards by path relative to docs/)."""
        self._files: dict[str, bytes] = {}
        self._pending: dict[str, Card] = {}
        for path, card in cards.items():
            previous = reusable_card(card, docs_dir / path)
            if previous is not None:
                self._files[path] = previous
            else:
                self._pending[path] = card
        self._children: list[_Child] = []
        count = _children()
        if len(self._pending) >= CHILD_THRESHOLD and count >= 1:
            paths = list(self._pending)
            for index in range(count):
                share = paths[index::count]  # every count-th card: an even share of long and short headlines
                child = self._start(share)
                if child is not None:
                    self._children.append(child)
        log.debug(
            "cards: %d reused, %d to draw, %d in %d child process(es)",
            len(self._files),
            len(self._pending),
            sum(len(child.paths) for child in self._children),
            len(self._children),
        )

    def _start(self, paths: list[str]) -> _Child | None:
        """Start a child drawing the cards at paths; return None when it cannot start."""
        # The output files live until collect() or close() has read them.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        errors = tempfile.TemporaryFile()  # noqa: SIM115
        with tempfile.TemporaryFile() as source:  # the child has its own descriptor of it
            cards = [asdict(self._pending[path]) for path in paths]
            source.write(json.dumps(cards, ensure_ascii=False).encode("utf-8"))
            source.seek(0)
            try:
                process = children.start("generator.outputs.card_worker", stdin=source, stdout=output, stderr=errors)
            except (OSError, ValueError) as error:
                log.debug("cards: no child process (%s); drawing here", error)
                output.close()
                errors.close()
                return None
        return _Child(paths, process, output, errors)

    def collect(self) -> dict[str, bytes]:
        """Return every card's PNG by path, waiting for the children."""
        drawn: dict[str, bytes] = {}
        for child in self._children:
            drawn.update(self._result(child))
        self.close()
        files = dict(self._files)
        for path, card in self._pending.items():
            files[path] = drawn[path] if path in drawn else render_card(card)
        return files

    @staticmethod
    def _result(child: _Child) -> dict[str, bytes]:
        """Return the cards a child drew, by path; nothing when it failed (they are drawn here)."""
        pngs = children.answer(child.process, child.output, child.errors, len(child.paths))
        if pngs is None:
            log.debug("cards: drawing a failed child's cards here")
            return {}
        return dict(zip(child.paths, pngs, strict=True))

    def close(self) -> None:
        """Stop the children that are still drawing and free their files; collect() then draws here."""
        for child in self._children:
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait()
            child.output.close()
            child.errors.close()
        self._children = []
