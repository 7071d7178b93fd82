"""The text of a figure: widths estimated per character, and wrapping that keeps words and brackets together."""

from __future__ import annotations

import functools
import unicodedata

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
    """Break text into lines no wider than max_em, at spaces or between CJK characters.

    A bracketed group that fits on one line is kept whole: "Low dose" / "(2 mg a day)".
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _keep_groups(_tokens(paragraph), max_em):
            if line and em_width((line + token).rstrip()) > max_em:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "\n".join(lines)


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
