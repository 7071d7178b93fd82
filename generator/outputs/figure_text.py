"""The text of a figure: widths estimated per character, and wrapping that keeps words and brackets together."""

from __future__ import annotations

import functools
import unicodedata

from generator.data.phrases import has_japanese, phrases
from generator.outputs.figure import BROAD, CLOSING, NARROW, NO_LINE_START, OPENING, PT


def pt(inches: float) -> float:
    """Return a length in inches in viewBox units (points)."""
    return inches * PT


def em_in(size: float) -> float:
    """Return the em of a font size in points, in inches."""
    return size / PT


# ---------------------------------------------------------------------------------------------
# Text width and line breaking, estimated without fonts


def _is_wide(char: str) -> bool:
    """Return whether char takes a full em, as CJK characters do."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def em_width(text: str) -> float:
    """Estimate the width of the longest line of text in ems, erring on the wide side."""
    return max(sum(map(_char_em, line)) for line in text.split("\n"))


@functools.lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    """Estimate one character's advance in ems for a DejaVu-like sans-serif."""
    if unicodedata.combining(char):
        return 0.0
    if _is_wide(char):
        return 1.0
    if char in NARROW:
        return 0.36
    if char in BROAD:
        return 0.92
    if char.isupper() or char.isdigit():
        return 0.7
    return 0.62


def wrap(text: str, max_em: float) -> str:
    """Break text into lines no wider than max_em, at spaces or between Japanese phrases (BudouX).

    A bracketed group that fits on one line is kept whole: "Low dose" / "(2 mg a day)"; a phrase
    wider than a line is broken between its characters.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _keep_groups(_phrase_tokens(paragraph, max_em), max_em):
            if line and em_width((line + token).rstrip()) > max_em:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "\n".join(lines)


def _phrase_tokens(text: str, max_em: float) -> list[str]:
    """Split text into unbreakable pieces: Japanese by phrase (低用量対5% stays whole), other text by word."""
    if not has_japanese(text):
        return _tokens(text)
    pieces: list[str] = []
    for phrase in phrases(text):
        for word in phrase.split(" "):
            piece = word + " "
            pieces.extend(_script_runs(piece, max_em) if em_width(word) > max_em else [piece])
        pieces[-1] = pieces[-1][:-1]  # the phrase's own text, without the space added after its last word
    return [piece for piece in pieces if piece]


def _script(char: str) -> str:
    """Return the kind of script of a character: kanji, katakana, hiragana or other."""
    name = unicodedata.name(char, "")
    if name.startswith("CJK UNIFIED") or char in "々〆":
        return "kanji"
    if name.startswith("KATAKANA") or char == "ー":
        return "katakana"
    if name.startswith("HIRAGANA"):
        return "hiragana"
    return "other"


def _script_runs(text: str, max_em: float) -> list[str]:
    """Split a phrase too wide for a line where its script changes: 新薬X対|プラセボ.

    Never before hiragana (の, ます end the word before them) or closing punctuation; a run still
    too wide for the line breaks between its characters.
    """
    runs: list[str] = []
    for char in text:
        if runs and (
            _script(char) == _script(runs[-1][-1])
            or _script(char) == "hiragana"
            or char in NO_LINE_START
            or (
                _script(char) == "other"
                and not _is_wide(char)
                and not char.isspace()
                and _script(runs[-1][-1]) == "other"
            )
        ):
            runs[-1] += char
        else:
            runs.append(char)
    return [piece for run in runs for piece in (_tokens(run) if em_width(run) > max_em else [run])]


def _keep_groups(tokens: list[str], max_em: float) -> list[str]:
    """Join the tokens of each bracketed group into one token, unless the group is too wide for a line."""
    joined: list[str] = []
    index = 0
    while index < len(tokens):
        end = index
        if tokens[index][0] in OPENING:
            depth = 0
            for end in range(index, len(tokens)):
                depth += sum(char in OPENING for char in tokens[end]) - sum(char in CLOSING for char in tokens[end])
                if depth <= 0:
                    break
            group = "".join(tokens[index : end + 1])
            if depth > 0 or em_width(group.rstrip()) > max_em:
                end = index
        joined.append("".join(tokens[index : end + 1]))
        index = end + 1
    return joined


def _tokens(text: str) -> list[str]:
    """Split text into unbreakable pieces: words with their trailing space, or CJK characters.

    A word written directly against a CJK character stays with it ("mg/日"), and closing
    punctuation stays with what it closes.
    """
    tokens: list[str] = []
    word = ""
    for char in text:
        if char.isspace():
            tokens.append(word + char)
            word = ""
        elif char in NO_LINE_START and not word and tokens and not tokens[-1][-1].isspace():
            tokens[-1] += char
        elif _is_wide(char):
            tokens.append(word + char)
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens
