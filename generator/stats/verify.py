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

from generator.data.analyses import kind_of
from generator.data.languages import LANGUAGES
from generator.data.loader import LoadedRelease
from generator.data.models import Quote, prose_fields
from generator.data.positions import Path_, field_path, line_of
from generator.errors import N_, Message, Problem
from generator.maths.numbers import is_finite, round_half_up, rounds_to, to_decimal
from generator.stats.compute import ReleaseFigures

MINUS_SIGNS = "-−－﹣‐‑‒–—⁻₋"
"""Characters printed as a minus: hyphen-minus, minus, full-width and small minus, hyphens, dashes, raised, lowered."""
SIGNS = MINUS_SIGNS + "+＋﹢⁺₊±∓"
"""Every sign that can stand in front of a figure."""
POINTS = ".．"
"""Decimal points, ASCII and full-width."""
_NUMBER = re.compile(rf"(?<![\d{POINTS}])[{MINUS_SIGNS}]?\d+(?:\.\d+)?")
_TO_MINUS = str.maketrans(dict.fromkeys(MINUS_SIGNS, "-"))

ROUNDED = N_("recomputed from the counts, rounded half up or down")
BELOW = N_("recomputed exact value; '<x' holds when it is below x")
WITHIN = N_("recomputed from the counts, within {tolerance} points")

NOT_COMPUTABLE = Message(N_("not computable"))
"""What a recomputed figure that is undefined (NaN, infinite) is shown as in a mismatch."""

Exact = float | Fraction | Decimal


def signed_numbers(printed: str) -> list[str]:
    """Return the numbers in a printed figure: "38.4-88.2" -> ["38.4", "88.2"], "−24.6 to 45.2" keeps the sign."""
    return [number.translate(_TO_MINUS) for number in _NUMBER.findall(printed)]


def consistent(printed: str, exact: Sequence[Exact], tolerance: float | None = None) -> bool:
    """Return whether a printed figure agrees with the exact values it stands for."""
    numbers = signed_numbers(printed)
    if len(numbers) != len(exact) or not all(is_finite(value) for value in exact):
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


def _shown(printed: str, exact: Sequence[Exact], is_p: bool) -> str | Message:
    """Return the recomputed values at the printed precision, to set beside the printed figure.

    A P value is shown to 3 significant digits (a printed "<0.0001" has no precision to match).
    """
    if not all(is_finite(value) for value in exact):
        return NOT_COMPUTABLE
    if is_p:
        return ", ".join(f"{float(value):.3g}" for value in exact)
    numbers = signed_numbers(printed) or ["0"]
    places = max(len(number.partition(".")[2]) for number in numbers)
    shown = [str(round_half_up(value, places)) for value in exact]
    return "-".join(shown) if len(exact) == 2 and min(exact) >= 0 else " to ".join(shown)


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


def _range_consistent(printed: str, implied: tuple[float, float]) -> bool:
    """Return whether some value in implied rounds to printed (or satisfies its "<x" or ">x")."""
    numbers = signed_numbers(printed)
    if len(numbers) != 1:
        return False
    low, high = (Decimal(repr(value)) for value in implied)
    bound = Decimal(numbers[0])
    if "<" in printed:
        return low < bound
    if ">" in printed:
        return high > bound
    half = Decimal(1).scaleb(-len(numbers[0].partition(".")[2])) / 2
    return low <= bound + half and high >= bound - half


def check_cells(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[Problem]:
    """Yield one problem per published table figure that the data do not reproduce."""
    for index, cell in enumerate(loaded.release.results.cells):
        published = cell.published
        if published is None:
            continue
        computed = figures.arms[(cell.endpoint, cell.arm)]
        checks: list[tuple[str, str | None, list[Exact]]] = []
        if computed.rate is not None:
            checks.append(("rate", published.rate, [computed.rate * 100]))
        if computed.ci is not None:
            scale = 1 if computed.kind == "continuous" else 100
            checks.append(("ci", published.ci, [computed.ci.low * scale, computed.ci.high * scale]))
        for name, printed, exact in checks:
            if printed is not None and not consistent(printed, exact):
                yield _mismatch(loaded, ("results", "cells", index, "published", name), printed, exact, None, False)


def check_analyses(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[Problem]:
    """Yield one problem per printed figure of an analysis that disagrees with its recomputed value."""
    for index, spec in enumerate(loaded.release.analysis.analyses):
        _, result = figures.analyses[spec.id]
        for check in kind_of(spec).checks(spec, result):
            loc = ("analysis", "analyses", index, *check.loc)
            if check.conflict is not None:
                alpha = Decimal(repr(round(1 - loaded.release.analysis.ci.level, 10)))
                expected = Message(check.conflict, {"alpha": str(alpha), **check.conflict_params})
                yield Problem(loaded.file, field_path(loc), expected, repr(check.printed), line_of(loaded.lines, loc))
            elif check.implied is not None:
                if not _range_consistent(check.printed, check.implied):
                    low, high = check.implied
                    shown = f"{low:.3g} to {high:.3g}" if check.is_p else f"{low:.3f} to {high:.3f}"
                    what = N_("the P implied by the printed CI") if check.is_p else N_("the center of the printed CI")
                    expected = Message(N_("{what}: {implied}"), {"what": Message(what), "implied": shown})
                    yield Problem(
                        loaded.file, field_path(loc), expected, repr(check.printed), line_of(loaded.lines, loc)
                    )
            elif not consistent(check.printed, check.exact):
                yield _mismatch(loaded, loc, check.printed, check.exact, None, check.is_p)


def quoted_values(quote: Quote, figures: ReleaseFigures) -> list[Exact] | None:
    """Return the exact values a quote stands for, in display units, or None if there is no such figure."""
    if quote.analysis is not None:
        spec, result = figures.analyses[quote.analysis]
        return kind_of(spec).quoted(spec, result, quote.value, quote.arm, quote.effect)
    arm = figures.arms[(str(quote.endpoint), str(quote.arm))]
    scale = 1 if arm.kind == "continuous" else 100
    by_value: dict[str, list[Exact] | None] = {
        "rate": None if arm.rate is None else [arm.rate * 100],
        "ci": None if arm.ci is None else [arm.ci.low * scale, arm.ci.high * scale],
        "mean": None if arm.mean is None else [arm.mean],
    }
    return by_value.get(quote.value)


def stands_whole(printed: str, text: str) -> bool:
    """Return whether printed occurs in text with no digit, point or sign glued to either side.

    A sign or a digit next to a figure is part of it: a quoted "0%" is not found inside "10%", nor
    "1.5" inside "11.5" or "1.55", nor "25.5" inside "−25.5", "－25.5" or "+25.5" (any digit counts,
    full-width ones too).
    """
    start = text.find(printed)
    while start != -1:
        before = text[start - 1] if start else ""
        after = text[start + len(printed) : start + len(printed) + 2]
        glued_before = bool(before) and (before.isdigit() or before in SIGNS or before in POINTS)
        glued_after = after[:1].isdigit() or (after[:1] in POINTS and after[1:2].isdigit())
        if not glued_before and not glued_after:
            return True
        start = text.find(printed, start + 1)
    return False


def check_quotes(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[Problem]:
    """Yield one problem per quoted figure that is missing from its text or disagrees with the computed value."""
    for loc, prose in prose_fields(loaded.release):
        for index, quote in enumerate(prose.quotes):
            where = (*loc, "quotes", index, "printed")
            exact = quoted_values(quote, figures)
            if exact is None:
                yield Problem(
                    loaded.file,
                    field_path((*loc, "quotes", index, "value")),
                    Message(N_("a figure the analysis or arm has")),
                    repr(quote.value),
                    line_of(loaded.lines, (*loc, "quotes", index)),
                )
                continue
            is_p = quote.value == "p"
            for lang in LANGUAGES:
                printed = quote.printed[lang]
                context = quote.context[lang] if quote.context is not None else None
                if context is not None and not stands_whole(printed, context):
                    expected = Message(N_("words that contain the quoted figure {printed}"), {"printed": repr(printed)})
                    context_loc = (*loc, "quotes", index, "context", lang)
                    yield Problem(
                        loaded.file,
                        field_path(context_loc),
                        expected,
                        repr(context),
                        line_of(loaded.lines, context_loc),
                    )
                found = prose[lang].find(context) != -1 if context is not None else stands_whole(printed, prose[lang])
                if not found:
                    expected = Message(
                        N_("text that contains the quoted figure {printed}"), {"printed": repr(context or printed)}
                    )
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
    from generator.stats.undeclared import check_figures

    return [
        *check_cells(loaded, figures),
        *check_analyses(loaded, figures),
        *check_quotes(loaded, figures),
        *check_figures(loaded, figures),
    ]
