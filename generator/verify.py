"""Check every figure the data records as published against the recomputed one.

A printed value with d decimals is consistent when the exact value rounds to it at d decimals,
half up or half down (as the GRIM test allows); "<x" is consistent when the exact value is below x;
an approximate figure is consistent within the tolerance its quote declares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

from generator.compute import DifferenceFigures, PooledFigures, ReleaseFigures
from generator.errors import N_, Message, Problem
from generator.languages import LANGUAGES
from generator.loader import LoadedRelease, Path_, field_path, line_of
from generator.models import Quote, prose_fields
from generator.numbers import rounds_to, to_decimal

_NUMBER = re.compile(r"(?<![\d.])[-−]?\d+(?:\.\d+)?")

ROUNDED = N_("recomputed from the counts, rounded half up or down")
BELOW = N_("recomputed exact value; '<x' holds when it is below x")
WITHIN = N_("recomputed from the counts, within {tolerance} points")

Exact = float | Fraction


def signed_numbers(printed: str) -> list[str]:
    """Return the numbers in a printed figure: "38.4-88.2" -> ["38.4", "88.2"], "−24.6 to 45.2" keeps the sign."""
    return [number.replace("−", "-") for number in _NUMBER.findall(printed)]


def consistent(printed: str, exact: Sequence[Exact], tolerance: float | None = None) -> bool:
    """Return whether a printed figure agrees with the exact values it stands for."""
    numbers = signed_numbers(printed)
    if len(numbers) != len(exact):
        return False
    if "<" in printed or ">" in printed:
        bound = Decimal(numbers[0])
        value = to_decimal(exact[0])
        return len(exact) == 1 and (value < bound if "<" in printed else value > bound)
    if tolerance is not None:
        limit = Decimal(repr(tolerance))
        return all(
            abs(Decimal(number) - to_decimal(value)) <= limit for number, value in zip(numbers, exact, strict=True)
        )
    return all(rounds_to(number, value) for number, value in zip(numbers, exact, strict=True))


def _shown(printed: str, exact: Sequence[Exact], is_p: bool) -> str:
    """Return the exact values with two more decimals than printed, to show what was recomputed."""
    if is_p:
        return ", ".join(f"{float(value):.3g}" for value in exact)
    numbers = signed_numbers(printed) or ["0"]
    places = max(len(number.partition(".")[2]) for number in numbers) + 2
    return (
        "-".join(f"{float(value):.{places}f}" for value in exact)
        if len(exact) == 2 and min(exact) >= 0
        else " to ".join(f"{float(value):.{places}f}" for value in exact)
    )


def _rule(printed: str, tolerance: float | None) -> Message:
    if "<" in printed or ">" in printed:
        return Message(BELOW)
    if tolerance is not None:
        return Message(WITHIN, {"tolerance": tolerance})
    return Message(ROUNDED)


def _mismatch(
    loaded: LoadedRelease, loc: Path_, printed: str, exact: Sequence[Exact], tolerance: float | None, is_p: bool
) -> Problem:
    expected = Message(
        N_("{recomputed} ({rule})"), {"recomputed": _shown(printed, exact, is_p), "rule": _rule(printed, tolerance)}
    )
    return Problem(loaded.file, field_path(loc), expected, repr(printed), line_of(loaded.lines, loc))


def check_cells(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[Problem]:
    """Yield one problem per published table figure that the counts do not reproduce."""
    for index, cell in enumerate(loaded.release.results.cells):
        published = cell.published
        if published is None:
            continue
        computed = figures.cells[(cell.endpoint, cell.arm)]
        checks: list[tuple[str, str, list[Exact], bool]] = [
            ("rate", published.rate, [computed.rate * 100], False),
            ("ci", published.ci, [computed.ci.low * 100, computed.ci.high * 100], False),
            ("p", published.p, [computed.p], True),
        ]
        for name, printed, exact, is_p in checks:
            if not consistent(printed, exact):
                yield _mismatch(loaded, ("results", "cells", index, "published", name), printed, exact, None, is_p)


def quoted_values(quote: Quote, figures: ReleaseFigures) -> list[Exact]:
    """Return the exact values a quote stands for, in display units (percent, points or P)."""
    if quote.comparison is not None:
        target = figures.comparisons[quote.comparison]
        if isinstance(target, PooledFigures):
            values: dict[str, list[Exact]] = {
                "rate": [target.rate * 100],
                "ci": [target.ci.low * 100, target.ci.high * 100],
            }
        else:
            assert isinstance(target, DifferenceFigures)
            values = {
                "difference": [target.difference * 100],
                "difference_ci": [target.ci.low * 100, target.ci.high * 100],
                "p": [target.p],
            }
        return values[quote.value]
    cell = figures.cells[(str(quote.endpoint), str(quote.arm))]
    by_value: dict[str, list[Exact]] = {
        "rate": [cell.rate * 100],
        "ci": [cell.ci.low * 100, cell.ci.high * 100],
        "p": [cell.p],
    }
    return by_value[quote.value]


def check_quotes(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[Problem]:
    """Yield one problem per quoted figure that is missing from its text or disagrees with the computed value."""
    for loc, prose in prose_fields(loaded.release):
        for index, quote in enumerate(prose.quotes):
            where = (*loc, "quotes", index, "printed")
            exact = quoted_values(quote, figures)
            is_p = quote.value == "p"
            for lang in LANGUAGES:
                printed = quote.printed[lang]
                if printed not in prose[lang]:
                    expected = Message(N_("text that contains the quoted figure {printed}"), {"printed": repr(printed)})
                    yield Problem(
                        loaded.file,
                        field_path((*loc, lang)),
                        expected,
                        Message(N_("no such text")),
                        line_of(loaded.lines, (*loc, lang)),
                    )
                if not consistent(printed, exact, quote.tolerance):
                    yield _mismatch(loaded, (*where, lang), printed, exact, quote.tolerance, is_p)
            numbers = {lang: [Decimal(n) for n in signed_numbers(quote.printed[lang])] for lang in LANGUAGES}
            if len({tuple(values) for values in numbers.values()}) > 1:
                first, *others = LANGUAGES
                for lang in others:
                    expected = Message(
                        N_("the same figure as the {lang} text ({printed})"),
                        {"lang": first, "printed": repr(quote.printed[first])},
                    )
                    yield Problem(
                        loaded.file,
                        field_path((*where, lang)),
                        expected,
                        repr(quote.printed[lang]),
                        line_of(loaded.lines, (*where, lang)),
                    )


def check_release(loaded: LoadedRelease, figures: ReleaseFigures) -> list[Problem]:
    """Return every inconsistency between the published figures and the computed ones."""
    return [*check_cells(loaded, figures), *check_quotes(loaded, figures)]
