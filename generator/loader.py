"""Read release folders from data/ and validate them into models."""

from __future__ import annotations

import logging
import re
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator import sourcing
from generator.analyses import KINDS, kind_of
from generator.errors import N_, DataError, Message, Problem
from generator.models import Cell, Endpoint, Release, prose_fields

log = logging.getLogger(__name__)

RELEASE_FILE = "release.yaml"
"""The file that holds a release, one folder per release under data/releases/."""

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LoadedRelease:
    """A validated release with where it came from."""

    release: Release
    file: str
    """Path of the release file relative to the project, for messages."""
    lines: Mapping[Path_, int]
    """Line of each field path in the file."""


def field_path(loc: Sequence[str | int]) -> str:
    """Return a location as people write it: results.cells[0].events."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def show(value: object) -> str | Message:
    """Return a short, literal rendering of a found value."""
    if isinstance(value, Mapping):
        return Message(N_("a mapping"))
    if isinstance(value, list):
        return Message(N_("a list"))
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that rejects duplicate keys and leaves dates as text for the models to check."""


# Without this, PyYAML turns 2026-05-18 into a date itself and fails on 2026-13-01 with a bare
# ValueError; as text, the date is checked by the model like every other field.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


class _DuplicateKey(yaml.MarkedYAMLError):
    """A mapping names the same key twice."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark)
        seen[key] = key_node
    return dict(loader.construct_mapping(node, deep=deep))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _lines(node: yaml.Node | None, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    """Yield the 1-based line of every key and item below node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            yield child, key_node.start_mark.line + 1
            yield from _lines(value_node, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            yield child, item.start_mark.line + 1
            yield from _lines(item, child)


def line_of(lines: Mapping[Path_, int], loc: Sequence[str | int]) -> int | None:
    """Return the line of loc, or of its nearest parent that has one."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """Return the model class that holds the field at loc, if the path leads to one."""
    model: Any = Release
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if part in KINDS:
            model = KINDS[str(part)].spec
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = _unwrap(annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Return the model inside list[...], X | None and Annotated[...]."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = typing.get_args(arg)
        for candidate in inner:
            found = _unwrap(candidate)
            if found is not None:
                return found
    return None


_EXPECTED: dict[str, str] = {
    "missing": N_("a value"),
    "string_type": N_("text"),
    "string_too_short": N_("non-empty text"),
    "int_type": N_("a whole number"),
    "float_type": N_("a number"),
    "bool_type": N_("true or false"),
    "date_type": N_("a date such as 2026-05-18"),
    "list_type": N_("a list"),
    "model_type": N_("a mapping of keys to values"),
    "dict_type": N_("a mapping of keys to values"),
    "too_short": N_("at least {min_length} item(s)"),
    "greater_than": N_("a number greater than {gt}"),
    "greater_than_equal": N_("a number of at least {ge}"),
    "less_than": N_("a number less than {lt}"),
    "less_than_equal": N_("a number of at most {le}"),
    "literal_error": N_("one of {expected}"),
    "string_pattern_mismatch": N_("text matching {pattern}"),
    "format": N_("{kind} such as {example}"),
}


def _problem(file: str, lines: Mapping[Path_, int], error: Mapping[str, Any]) -> Problem:
    """Turn one pydantic error into a problem for people."""
    # A discriminated union puts the chosen `type` into the location: analyses[0].two-means.arms.
    raw = tuple(error["loc"])
    loc = tuple(
        part for index, part in enumerate(raw) if not (part in KINDS and index and isinstance(raw[index - 1], int))
    )
    kind = error["type"]
    context = dict(error.get("ctx") or {})
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return Problem(
            file,
            field_path((*loc, "type")),
            Message(N_("one of {expected}"), {"expected": ", ".join(KINDS)}),
            Message(N_("nothing")) if kind == "union_tag_not_found" else show(context.get("tag")),
            line_of(lines, loc),
        )
    if kind == "extra_forbidden":
        model = _model_at(raw)
        known = ", ".join(sorted(model.model_fields)) if model else ""
        return Problem(
            file,
            field_path(loc),
            Message(N_("one of the known keys ({known})"), {"known": known}),
            Message(N_("unknown key {key}"), {"key": repr(loc[-1])}),
            line_of(lines, loc),
        )
    found = Message(N_("nothing")) if kind == "missing" else show(error.get("input"))
    if kind in _EXPECTED:
        params: dict[str, object] = {key: str(value) for key, value in context.items()}
        if "kind" in context:
            params["kind"] = Message(str(context["kind"]))
        expected = Message(_EXPECTED[kind], params)
    else:
        expected = Message(N_("{description}"), {"description": error["msg"]})
    return Problem(file, field_path(loc), expected, found, line_of(lines, loc))


def broken_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Return where the mistake is: the start of an unclosed quote or bracket, else where parsing failed.

    PyYAML reports an unclosed quote at the end of the file (its problem mark) and the opening
    quote as the context; for a bad indent the context is the parent mapping and the problem
    mark is the broken line.
    """
    context = error.context or ""
    if error.context_mark is not None and (
        context.startswith("while scanning") or context.startswith("while parsing a flow")
    ):
        return error.context_mark
    return error.problem_mark


def _unbalanced_quote(text: str, mark: yaml.Mark | None, start: yaml.Mark | None) -> yaml.Mark | None:
    """Return the nearest line from mark back to start whose value opens a quote it does not close.

    A quote left open in mid-file runs on to the next quote, and PyYAML reports the line where
    that swallowed text ends; the line that opened it is the one to fix.
    """
    if mark is None:
        return None
    lines = text.splitlines()
    first = start.line if start is not None and start.line <= mark.line else mark.line
    for number in range(min(mark.line, len(lines) - 1), first - 1, -1):
        opened = _OPEN_QUOTE.match(lines[number])
        if opened:
            return yaml.Mark(mark.name, 0, number, opened.end(1), "", 0)
    return mark


_OPEN_QUOTE = re.compile(r'^\s*(?:-\s+(?:[\w-]+:\s+)?|[\w-]+:\s+)()"[^"]*$')
"""A key's or a list item's value that opens a double quote and does not close it on its line."""


def parse_release(path: Path, display: str) -> LoadedRelease:
    """Read and validate one release file; raise DataError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError([Problem(display, "", Message(N_("a readable UTF-8 file")), str(error))]) from error
    tab = _TAB_INDENT.search(text)
    if tab:
        tab_line = text.count("\n", 0, tab.start()) + 1
        where = {"line": tab_line, "column": tab.end() - tab.start()}
        tab_found = Message(N_("a tab (line {line}, column {column})"), where)
        raise DataError([Problem(display, "", Message(N_("indentation with spaces")), tab_found, tab_line)])
    loader = _Loader(text)
    try:
        # One parse gives both the data and the line of every field.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = _unbalanced_quote(text, broken_mark(error), error.context_mark)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else 0
        source = text.splitlines()[mark.line].strip() if mark and mark.line < len(text.splitlines()) else ""
        found = Message(
            N_("{problem} (line {line}, column {column}: {source})") if source else N_("{problem} (line {line})"),
            {"problem": error.problem, "line": line, "column": column, "source": source},
        )
        raise DataError([Problem(display, "", Message(N_("valid YAML")), found, line)]) from error
    except yaml.YAMLError as error:
        raise DataError([Problem(display, "", Message(N_("valid YAML")), str(error))]) from error
    finally:
        loader.dispose()
    lines = dict(_lines(node))
    try:
        release = Release.model_validate(data)
    except ValidationError as error:
        raise DataError([_problem(display, lines, detail) for detail in error.errors()]) from error
    problems = list(cross_check(release, display, lines))
    if problems:
        raise DataError(problems)
    return LoadedRelease(release, display, lines)


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


def load_releases(data_dir: Path) -> list[LoadedRelease]:
    """Load every release under data_dir, newest first; raise DataError listing every problem.

    The release folders are in data_dir/releases/ (the layout of data/), or directly in data_dir
    when it has no releases/ folder (the layout of examples/).
    """
    releases_dir = data_dir / "releases" if (data_dir / "releases").is_dir() or not data_dir.is_dir() else data_dir
    display_root = data_dir.parent
    folders = sorted(path for path in releases_dir.iterdir() if path.is_dir()) if releases_dir.is_dir() else []
    if not folders:
        raise DataError(
            [
                Problem(
                    str(releases_dir.relative_to(display_root)),
                    "",
                    Message(N_("at least one release folder")),
                    Message(N_("none")),
                )
            ]
        )
    problems: list[Problem] = []
    releases: list[LoadedRelease] = []
    for folder in folders:
        path = folder / RELEASE_FILE
        display = str(path.relative_to(display_root))
        if not path.is_file():
            problems.append(Problem(display, "", Message(N_("a release file")), Message(N_("no such file"))))
            continue
        try:
            releases.append(parse_release(path, display))
        except DataError as error:
            problems.extend(error.problems)
    first_file: dict[str, str] = {}
    for loaded in releases:
        release_id = loaded.release.id
        if release_id in first_file:
            other = {"other": first_file[release_id]}
            problems.append(
                Problem(
                    loaded.file,
                    "id",
                    Message(N_("an id not used by {other}"), other),
                    repr(release_id),
                    line_of(loaded.lines, ("id",)),
                )
            )
        first_file.setdefault(release_id, loaded.file)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d release(s) from %s", len(releases), releases_dir)
    return sorted(releases, key=lambda loaded: (loaded.release.date, loaded.release.id), reverse=True)
