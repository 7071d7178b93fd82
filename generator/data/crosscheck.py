"""Checks that span several fields of a release: ids, references, counts, the press parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping

from generator.data import sourcing
from generator.data.analyses import kind_of
from generator.data.models import Cell, Endpoint, Release, prose_fields
from generator.data.positions import Path_, field_path, line_of
from generator.data.press import EMBARGO_YEARS, EXTENSIONS, MONTHS_AFTER, MONTHS_BEFORE, REGISTRIES, REGISTRY_NAMES
from generator.errors import N_, Message, Problem


def cross_check(release: Release, file: str, lines: Mapping[Path_, int]) -> Iterator[Problem]:
    """Yield the problems that span several fields: ids, references, counts."""

    def problem(loc: Path_, expected: Message, found: str | Message) -> Problem:
        return Problem(file, field_path(loc), expected, found, line_of(lines, loc))

    arms = [arm.id for arm in release.design.arms]
    endpoints = [endpoint.id for endpoint in release.design.endpoints]
    for name, ids in (("arms", arms), ("endpoints", endpoints)):
        for index, item_id in enumerate(ids):
            if ids.index(item_id) != index:
                yield problem(("design", name, index, "id"), Message(N_("an id not used before")), repr(item_id))
    primaries = [endpoint.id for endpoint in release.design.endpoints if endpoint.role == "primary"]
    if not primaries:
        yield problem(("design", "endpoints"), Message(N_("at least one primary endpoint")), str(len(primaries)))
    by_id = {endpoint.id: endpoint for endpoint in release.design.endpoints}
    covered: set[tuple[str, str]] = set()
    for index, cell in enumerate(release.results.cells):
        where = ("results", "cells", index)
        if cell.endpoint not in endpoints:
            yield problem(
                (*where, "endpoint"), Message(N_("one of {ids}"), {"ids": ", ".join(endpoints)}), repr(cell.endpoint)
            )
        if cell.arm not in arms:
            yield problem((*where, "arm"), Message(N_("one of {ids}"), {"ids": ", ".join(arms)}), repr(cell.arm))
        if (cell.endpoint, cell.arm) in covered:
            yield problem(where, Message(N_("one cell per endpoint and arm")), f"{cell.endpoint} × {cell.arm} again")
        covered.add((cell.endpoint, cell.arm))
        if cell.endpoint in by_id:
            yield from _check_cell(by_id[cell.endpoint], cell, where, problem)
    for endpoint in endpoints:
        for arm in arms:
            if (endpoint, arm) not in covered:
                yield problem(
                    ("results", "cells"),
                    Message(N_("a cell for {endpoint} × {arm}"), {"endpoint": endpoint, "arm": arm}),
                    Message(N_("none")),
                )
    yield from _check_analyses(release, problem, endpoints, arms)
    primary = primaries[0] if primaries else None
    analyzed = {cell.arm: cell.analyzed for cell in release.results.cells if cell.endpoint == primary}
    yield from sourcing.check(release, problem, analyzed.get)
    yield from press_cross_check(release, problem)
    for index, endpoint_model in enumerate(release.design.endpoints):
        if endpoint_model.kind in ("continuous", "time-to-event") and endpoint_model.unit is None:
            yield problem(
                ("design", "endpoints", index, "unit"),
                Message(N_("the unit of a {kind} endpoint"), {"kind": endpoint_model.kind}),
                Message(N_("nothing")),
            )
    age = release.design.age
    if age is not None and age.min > age.max:
        yield problem(
            ("design", "age", "max"), Message(N_("at least the minimum age ({min})"), {"min": age.min}), str(age.max)
        )
    period = release.design.period
    if period.start > period.end:
        yield problem(
            ("design", "period", "end"),
            Message(N_("a month not before {start}"), {"start": period.start}),
            repr(period.end),
        )
    affiliation_ids = [affiliation.id for affiliation in release.publication.affiliations]
    for index, affiliation in enumerate(release.publication.affiliations):
        if affiliation_ids.index(affiliation.id) != index:
            yield problem(
                ("publication", "affiliations", index, "id"), Message(N_("an id not used before")), str(affiliation.id)
            )
    for index, author in enumerate(release.publication.authors):
        for number_index, number in enumerate(author.affiliations):
            if number not in affiliation_ids:
                yield problem(
                    ("publication", "authors", index, "affiliations", number_index),
                    Message(N_("the number of a listed affiliation")),
                    str(number),
                )


_CELL_FIELDS = {
    "binary": ("events",),
    "descriptive": ("events",),
    "time-to-event": ("events",),
    "continuous": ("mean", "sd"),
}
"""The fields a cell must have for each kind of endpoint."""

_CELL_FORBIDDEN = {
    "binary": ("mean", "sd", "median"),
    "descriptive": ("mean", "sd", "median"),
    "time-to-event": ("mean", "sd"),
    "continuous": ("events", "median"),
}


def _check_cell(
    endpoint: Endpoint, cell: Cell, where: Path_, problem: Callable[[Path_, Message, str | Message], Problem]
) -> Iterator[Problem]:
    """Yield the problems of one cell given its endpoint's kind."""
    kind = endpoint.kind
    for name in _CELL_FIELDS[kind]:
        if getattr(cell, name) is None:
            yield problem(
                (*where, name), Message(N_("a value for a {kind} endpoint"), {"kind": kind}), Message(N_("nothing"))
            )
    for name in _CELL_FORBIDDEN[kind]:
        if getattr(cell, name) is not None:
            yield problem(
                (*where, name),
                Message(N_("no {name} for a {kind} endpoint"), {"name": name, "kind": kind}),
                str(getattr(cell, name)),
            )
    if cell.events is not None and cell.events > cell.analyzed:
        yield problem(
            (*where, "events"),
            Message(N_("at most the analyzed count ({analyzed})"), {"analyzed": cell.analyzed}),
            str(cell.events),
        )
    minimum = 0 if endpoint.among is not None else (2 if kind == "continuous" else 1)
    if cell.analyzed < minimum:
        expected = (
            Message(N_("at least {minimum} (a mean needs 2 for its interval)"), {"minimum": minimum})
            if kind == "continuous"
            else Message(N_("at least 1 (0 only for an endpoint measured among some participants: set its among)"))
        )
        yield problem((*where, "analyzed"), expected, str(cell.analyzed))
    if cell.published is not None and cell.published.rate is not None and kind == "continuous":
        yield problem(
            (*where, "published", "rate"), Message(N_("no rate for a continuous endpoint")), repr(cell.published.rate)
        )


def _check_analyses(
    release: Release, problem: Callable[[Path_, Message, str | Message], Problem], endpoints: list[str], arms: list[str]
) -> Iterator[Problem]:
    """Yield the problems of the analyses and of the quotes that refer to figures."""
    kinds = {endpoint.id: endpoint.kind for endpoint in release.design.endpoints}
    seen: set[str] = set()
    exploratory = False
    for index, spec in enumerate(release.analysis.analyses):
        where: Path_ = ("analysis", "analyses", index)
        if spec.id in seen:
            yield problem((*where, "id"), Message(N_("an id not used before")), repr(spec.id))
        seen.add(spec.id)
        exploratory = exploratory or spec.status == "exploratory"
        if spec.endpoint not in endpoints:
            yield problem(
                (*where, "endpoint"), Message(N_("one of {ids}"), {"ids": ", ".join(endpoints)}), repr(spec.endpoint)
            )
        for arm_index, arm in enumerate(spec.arms):
            if arm not in arms or spec.arms.index(arm) != arm_index:
                expected = Message(N_("one of {ids}, each once"), {"ids": ", ".join(arms)})
                yield problem((*where, "arms", arm_index), expected, repr(arm))
        for loc, msgid, params, found in kind_of(spec).validate(spec, kinds):
            yield problem((*where, *loc), Message(msgid, params), found)
    if exploratory and release.analysis.exploratory_statement is None:
        yield problem(
            ("analysis", "exploratory_statement"),
            Message(N_("a statement of why the exploratory analyses are exploratory")),
            Message(N_("nothing")),
        )
    for loc, prose in prose_fields(release):
        for index, quote in enumerate(prose.quotes):
            where = (*loc, "quotes", index)
            if quote.analysis is not None:
                if quote.endpoint is not None:
                    yield problem(
                        (*where, "analysis"),
                        Message(N_("either an analysis or an endpoint and an arm")),
                        repr(quote.analysis),
                    )
                elif quote.analysis not in seen:
                    yield problem(
                        (*where, "analysis"),
                        Message(N_("one of {ids}"), {"ids": ", ".join(sorted(seen)) or "-"}),
                        repr(quote.analysis),
                    )
                continue
            if quote.endpoint not in endpoints or quote.arm not in arms:
                expected = Message(
                    N_("an endpoint ({endpoints}) and an arm ({arms}), or an analysis"),
                    {"endpoints": ", ".join(endpoints), "arms": ", ".join(arms)},
                )
                yield problem(where, expected, f"{quote.endpoint!r} × {quote.arm!r}")
            elif quote.value not in ("rate", "ci", "mean"):
                expected = Message(N_("one of {values}"), {"values": "rate, ci, mean"})
                yield problem((*where, "value"), expected, repr(quote.value))


def press_cross_check(
    release: Release, problem: Callable[[tuple[str | int, ...], Message, str | Message], Problem]
) -> Iterator[Problem]:
    """Yield the problems of the press parts that span several fields."""
    for index, entry in enumerate(release.registration):
        pattern, example, _ = REGISTRIES[entry.registry]
        if not pattern.match(entry.id):
            expected = Message(
                N_("{kind} such as {example}"),
                {
                    "kind": Message(N_("a {registry} id"), {"registry": REGISTRY_NAMES[entry.registry]}),
                    "example": example,
                },
            )
            yield problem(("registration", index, "id"), expected, repr(entry.id))
    yield from _dates(release, problem)
    seen: set[str] = set()
    named: list[tuple[str, int, str, str]]
    named = [("materials", index, item.file, item.type) for index, item in enumerate(release.materials)]
    named += [("images", index, item.file, item.type) for index, item in enumerate(release.images)]
    named += [("logo", -1, release.logo.file, release.logo.type)] if release.logo else []
    for key, index, file, kind in named:
        where = (key, index, "file") if index >= 0 else (key, "file")
        extensions = EXTENSIONS[kind]
        if not file.lower().endswith(extensions):
            # The name decides how a server and MkDocs treat the file: a PDF named .html is a web page.
            expected = Message(
                N_("a file name ending in {extensions} (the declared type, {type})"),
                {"extensions": " or ".join(extensions), "type": kind},
            )
            yield problem(where, expected, repr(file))
        # Two names that differ only in case are one file on macOS and Windows, and on many servers.
        folded = file.casefold()
        if folded in seen or folded == "release.yaml":
            expected = Message(N_("a file not listed before (names are compared without regard to case)"))
            yield problem(where, expected, repr(file))
        seen.add(folded)
    languages = [item.lang for item in release.materials]
    for index, lang in enumerate(languages):
        if languages.index(lang) != index:
            yield problem(("materials", index, "lang"), Message(N_("one file per language")), repr(lang))


def _years_later(date: dt.date, years: int) -> dt.date:
    """Return the same day years later (or earlier); 29 February becomes 28 February."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def _month_number(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def _month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _dates(
    release: Release, problem: Callable[[tuple[str | int, ...], Message, str | Message], Problem]
) -> Iterator[Problem]:
    """Yield the dates and times that lie outside a sane window around the release date, and repeated updates.

    Updates dated after the build, and a release dated after it without an embargo, depend on the
    build's time: `generator.build.embargo.check_dates` refuses them.
    """
    if release.embargo is not None:
        # The embargo's own date (in its offset) lies within a year of the release date, either way.
        first, last = _years_later(release.date, -EMBARGO_YEARS), _years_later(release.date, EMBARGO_YEARS)
        if not first <= release.embargo.date() <= last:
            expected = Message(
                N_("a time at most a year before or after the release date ({date})"),
                {"date": release.date.isoformat()},
            )
            yield problem(("embargo",), expected, release.embargo.isoformat())
    for index, update in enumerate(release.updates):
        if update.date < release.date:
            yield problem(
                ("updates", index, "date"),
                Message(N_("a date not before the release date ({date})"), {"date": release.date.isoformat()}),
                update.date.isoformat(),
            )
        # The same correction twice (in either language's words) is a paste, not a second correction.
        earlier = next(
            (
                number
                for number, other in enumerate(release.updates[:index])
                if other.kind == update.kind and (other.ja == update.ja or other.en == update.en)
            ),
            None,
        )
        if earlier is not None:
            yield problem(
                ("updates", index),
                Message(N_("an update not listed before")),
                Message(N_("the same {kind} as updates[{earlier}]"), {"kind": update.kind, "earlier": earlier}),
            )
    release_month = release.date.year * 12 + release.date.month - 1
    earliest, latest = release_month - MONTHS_BEFORE, release_month + MONTHS_AFTER
    months = [
        (("design", "period", "start"), release.design.period.start),
        (("design", "period", "end"), release.design.period.end),
        (("publication", "published"), release.publication.published),
    ]
    for where, month in months:
        if not earliest <= _month_number(month) <= latest:
            expected = Message(
                N_("a month between {earliest} and {latest} (100 years before to 10 years after the release date)"),
                {"earliest": _month_text(earliest), "latest": _month_text(latest)},
            )
            yield problem(where, expected, repr(month))
