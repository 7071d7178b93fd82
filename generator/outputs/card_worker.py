"""Draw social cards in a child process: `python -m generator.outputs.card_worker < cards.json > cards.bin`.

Standard input is a JSON list of cards (the fields of cards.Card); standard output is, for each
card in that order, its PNG's length as 8 big-endian bytes and then the PNG. card_drawing.py
starts these children while the build renders its pages.
"""

from __future__ import annotations

import json
import sys
from typing import BinaryIO

from generator.outputs.cards import Card, render_card
from generator.outputs.children import LENGTH_BYTES


def draw(source: BinaryIO, target: BinaryIO) -> int:
    """Draw every card listed in source into target; return how many."""
    cards = [Card(**fields) for fields in json.loads(source.read().decode("utf-8"))]
    for card in cards:
        png = render_card(card)
        target.write(len(png).to_bytes(LENGTH_BYTES, "big"))
        target.write(png)
    target.flush()
    return len(cards)


if __name__ == "__main__":
    draw(sys.stdin.buffer, sys.stdout.buffer)
