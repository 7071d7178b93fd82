"""Judge a line break in Japanese text with a morphological analyzer (Janome), independently of the
BudouX phrases the site breaks at: a break inside one of its words (低用／量, プラセ／ボ, 無治／療群) is a
broken word; between two words (低用量対／5%) it is not."""

from __future__ import annotations

import functools

from janome.tokenizer import Tokenizer  # type: ignore[import-untyped]

from generator.data.phrases import has_japanese


@functools.cache
def _tokenizer() -> Tokenizer:
    return Tokenizer()


def broken_words(text: str, breaks: list[int]) -> list[str]:
    """Return each line break of text that falls inside a word, shown as word／word."""
    starts: dict[int, tuple[int, str, str]] = {}
    position = 0
    for token in _tokenizer().tokenize(text):
        surface = token.surface
        for inside in range(position + 1, position + len(surface)):
            starts[inside] = (position, surface, token.part_of_speech.split(",")[0])
        position += len(surface)
    wrong = []
    for index in breaks:
        if index not in starts:
            continue
        start, surface, kind = starts[index]
        # A compound particle (に対する) is grammar, not a word of meaning: a phrase may end inside it.
        if kind == "助詞" or not has_japanese(surface):
            continue
        wrong.append(f"{surface[: index - start]}／{surface[index - start :]}")
    return wrong
