"""No undeclared figure in the data's prose: every figure of a result is quoted, attributed or listed.

`check` reads every text field of a release with the recognizer `proof` uses. Each figure of a
result must be declared as a quote (checked by verify), or attributed automatically by its
context (and then checked here like a quote), or listed under the text's `not_results` with
why it is not a result. Anything else is an error naming the field and the figure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from pydantic import BaseModel

from generator.data.fields import Prose, Text
from generator.data.languages import LANGUAGES
from generator.data.loader import LoadedRelease
from generator.data.positions import Path_, field_path, line_of
from generator.errors import N_, Message, Problem
from generator.stats.attribute import Attributor, Passage
from generator.stats.compute import ReleaseFigures

log = logging.getLogger(__name__)

UNDECLARED = N_("a figure declared under quotes or not_results, or one that names its arm and endpoint")
DISAGREES = N_("{expected} ({what})")
IMPOSSIBLE = N_("a possible figure: {what}")

PLACEHOLDERS = {"en": "(no English text yet)", "ja": "(no Japanese text yet)"}
"""What `import` writes where a draft has no text in a language: `check` reports each such field."""
PLACEHOLDER = PLACEHOLDERS["en"]
MISSING_TEXT = {
    "en": (N_("an English text"), N_("no English text yet")),
    "ja": (N_("a Japanese text"), N_("no Japanese text yet")),
}


def text_fields(model: BaseModel, loc: Path_ = ()) -> Iterator[tuple[Path_, Text]]:
    """Yield every text of a model with its location; a prose text's quotes are not texts of their own."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, Text):
                yield where, item
            elif isinstance(item, BaseModel):
                yield from text_fields(item, where)


def _declared(prose: Prose, lang: str, text: str) -> list[tuple[int, int]]:
    """Return the spans of the text its quotes and not_results declare.

    Where a figure stands whole, that is where it is; where it stands nowhere whole, every
    occurrence counts: a quoted 66.7% printed as 166.7% is the quote's own problem ("text that
    contains the quoted figure"), which verify reports once.
    """
    printed = [quote.context[lang] if quote.context is not None else quote.printed[lang] for quote in prose.quotes]
    printed += [value for item in prose.not_results if (value := item.printed.get(lang))]
    spans: list[tuple[int, int]] = []
    for value in printed:
        every = []
        start = text.find(value)
        while start != -1:
            every.append((start, start + len(value)))
            start = text.find(value, start + 1)
        standing = [(begin, end) for begin, end in every if _stands_whole(text, begin, end)]
        spans.extend(standing or every)
    return spans


def _stands_whole(text: str, start: int, end: int) -> bool:
    """Return whether text[start:end] has no digit, point or sign glued to either side."""
    before = text[start - 1] if start else ""
    after = text[end : end + 2]
    glued_before = before.isdigit() or (before in ".−-" and text[start : start + 1].isdigit())
    glued_after = after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit())
    return not glued_before and not glued_after


_SEEN: dict[int, tuple[LoadedRelease, ReleaseFigures, list[Problem]]] = {}
"""The problems found in a release and its figures, while `mkdocs serve` keeps both (memo.py)."""
SEEN_LIMIT = 2048
"""Releases remembered: twice the largest site `make bench` measures."""


def check_figures(loaded: LoadedRelease, figures: ReleaseFigures) -> list[Problem]:
    """Return one problem per figure of a result in a text that is neither declared nor attributed and right.

    A release whose parsed data and figures are the very objects of an earlier build (the
    preview reuses both when the file did not change) is not read again.
    """
    seen = _SEEN.get(id(loaded))
    if seen is not None and seen[0] is loaded and seen[1] is figures:
        return list(seen[2])
    problems = list(_check_figures(loaded, figures))
    while len(_SEEN) >= SEEN_LIMIT:  # forget the oldest first
        del _SEEN[next(iter(_SEEN))]
    _SEEN[id(loaded)] = (loaded, figures, problems)
    return list(problems)


def _check_figures(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[Problem]:
    release = loaded.release
    attributed = 0
    first = Attributor(release, figures, LANGUAGES[0])
    for lang in LANGUAGES:
        attributor = first.in_language(lang)
        for loc, field in text_fields(release):
            text = field[lang]
            if text == PLACEHOLDERS.get(lang):
                where = (*loc, lang)
                expected, found = (Message(message) for message in MISSING_TEXT[lang])
                yield Problem(loaded.file, field_path(where), expected, found, line_of(loaded.lines, where))
                continue
            declared: list[tuple[int, int]] = []
            if isinstance(field, Prose):
                declared = _declared(field, lang, text)
            for finding in attributor.judge(Passage(text, Message(field_path(loc)))):
                figure = finding.figure
                if any(start < figure.end and figure.start < end for start, end in declared):
                    continue
                where = (*loc, lang)
                line = line_of(loaded.lines, where)
                if finding.status == "agreed":
                    attributed += 1
                    continue
                what = finding.what or Message(N_("no computed value"))
                if finding.status == "disagreed":
                    expected = Message(DISAGREES, {"expected": finding.expected, "what": what})
                elif finding.status == "impossible":
                    expected = Message(IMPOSSIBLE, {"what": what})
                else:
                    expected = Message(UNDECLARED)
                yield Problem(loaded.file, field_path(where), expected, repr(figure.printed), line)
    log.debug("%s: %d figure(s) of the prose attributed without a quote", loaded.file, attributed)
