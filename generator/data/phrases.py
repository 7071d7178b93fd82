"""Japanese phrases: where a line of Japanese may break without cutting a word (BudouX).

Japanese has no spaces; a browser breaks it between any two characters, so a narrow column cuts
words (低用／量, プラセ／ボ). BudouX's model splits text into phrases (文節): lines break only
between them. The pages mark those places with <wbr> (`generator.pages.phrase_breaks`), the figure
wraps its labels at them.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budoux import Parser

_KANJI = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""CJK ideographs and 々."""

NO_LINE_START = frozenset(")]}）」』】〕〉》、。，．：；！？・ー～〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%")
"""Characters that never start a line (closing brackets, punctuation, ー, small kana, ～): kept with what precedes."""

JAPANESE = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
"""Kana, CJK ideographs (with 々 and 〆) and half-width katakana."""


def has_japanese(text: str) -> bool:
    """Return whether text holds any Japanese character."""
    return JAPANESE.search(text) is not None


@functools.cache
def _parser() -> Parser:
    import budoux  # loaded on first use: its model is read from a file

    return budoux.load_default_japanese_parser()


def phrases(text: str) -> list[str]:
    """Return text cut into the pieces a line may break between: its phrases where it is Japanese.

    Text without Japanese is one piece; joined together the pieces are the text.
    """
    if not has_japanese(text):
        return [text]
    pieces: list[str] = []
    for piece in _parser().parse(text):
        # BudouX sometimes cuts a run of kanji inside a word (全解|析対象, 全生|存期間): a run of
        # kanji stays whole; the stylesheet still breaks a run too long for its line.
        if (
            pieces
            and piece
            and (piece[0] in NO_LINE_START or (_KANJI.match(pieces[-1][-1]) and _KANJI.match(piece[0])))
        ):
            pieces[-1] += piece
        elif piece:
            pieces.append(piece)
    return pieces
