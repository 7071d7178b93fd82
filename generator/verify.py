"""Check every figure the data records as published against the recomputed one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.compute import CellFigures
from generator.errors import N_, Message, Problem
from generator.loader import LoadedRelease, field_path, line_of
from generator.numbers import printed_numbers, rounds_to, to_decimal


def _p_consistent(printed: str, p: float) -> bool:
    """Return whether a printed P ("<0.0001", "0.678") agrees with the exact P."""
    text = printed.replace(" ", "")
    if text.startswith("<"):
        return to_decimal(p) < to_decimal(float(text[1:])) if text[1:] else False
    if text.startswith(">"):
        return to_decimal(p) > to_decimal(float(text[1:])) if text[1:] else False
    return rounds_to(text, p)


def _digits(value: float, printed: str) -> str:
    """Return value with two more decimals than printed, to show what was recomputed."""
    places = len(printed.partition(".")[2]) + 2
    return f"{value:.{places}f}"


def check_cells(loaded: LoadedRelease, figures: Mapping[tuple[str, str], CellFigures]) -> Iterator[Problem]:
    """Yield one problem per published table figure that the counts do not reproduce."""
    for index, cell in enumerate(loaded.release.results.cells):
        published = cell.published
        if published is None:
            continue
        computed = figures[(cell.endpoint, cell.arm)]
        rate = float(computed.rate) * 100
        low, high = computed.ci.low * 100, computed.ci.high * 100

        def problem(name: str, rule: Message, recomputed: str, printed: str, index: int = index) -> Problem:
            loc = ("results", "cells", index, "published", name)
            expected = Message(N_("{recomputed} ({rule})"), {"recomputed": recomputed, "rule": rule})
            return Problem(loaded.file, field_path(loc), expected, repr(printed), line_of(loaded.lines, loc))

        if not rounds_to(published.rate, computed.rate * 100):
            yield problem(
                "rate",
                Message(N_("recomputed from the counts, rounded half up or down")),
                _digits(rate, published.rate),
                published.rate,
            )
        bounds = printed_numbers(published.ci)
        if len(bounds) != 2 or not (rounds_to(bounds[0], low) and rounds_to(bounds[1], high)):
            shown = f"{_digits(low, bounds[0])}-{_digits(high, bounds[-1])}"
            yield problem("ci", Message(N_("recomputed from the counts, rounded half up or down")), shown, published.ci)
        if not _p_consistent(published.p, computed.p):
            yield problem(
                "p", Message(N_("recomputed exact P; '<x' holds when P is below x")), f"{computed.p:.3g}", published.p
            )
