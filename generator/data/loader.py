"""Read release folders from data/ and validate them into models."""

from __future__ import annotations

import logging
import math
import re
import stat
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.data import sourcing
from generator.data.analyses import KINDS, kind_of
from generator.data.models import Cell, Endpoint, Release, prose_fields
from generator.data.press import press_cross_check
from generator.errors import N_, DataError, Message, Problem

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


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def field_path(loc: Sequence[str | int]) -> str:
    """Return a location as people write it: results.cells[0].events; an odd key is shown quoted."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.match(str(part)):
            text += f"[{str(part)!r}]"
        else:
            text += f".{part}" if text else str(part)
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
    """A safe YAML loader for data: plain keys, no duplicates, and only the scalars people mean.

    YAML 1.1 reads some text as numbers or booleans nobody intended: 010 is 8 (octal), 1:30 is 90
    (base 60), .inf and .nan are numbers, yes/no/on/off are booleans, 2026-05-18 is a date. This
    loader recognises only plain decimal integers (no leading zero), plain decimal numbers,
    true/false and null; everything else stays text, so a model field that expects a number
    reports it as text it cannot accept instead of silently using a different value. Merge keys
    (<<) are plain keys too (and so unknown ones).
    """


_DROPPED_RESOLVERS = {
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
# Without dropping the timestamp resolver, PyYAML turns 2026-05-18 into a date itself and fails on
# 2026-13-01 with a bare ValueError; as text, the date is checked by the model like every other field.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF")
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789")
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    "-+0123456789.",
)


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> float | str:
    """Return a decimal number, or its text when it is too large to be finite (1e400)."""
    value = float(loader.construct_scalar(node))
    return value if math.isfinite(value) else str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)

_MISREAD = (
    (
        re.compile(r"^[-+]?0[0-9_]+(?:\.[0-9]*)?$"),
        N_("{value} (a number with a leading zero, which YAML reads as octal)"),
    ),
    (
        re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"),
        N_("{value} (a number with a colon, which YAML reads in base 60)"),
    ),
    (re.compile(r"^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$"), N_("{value} (not a finite number)")),
    (re.compile(r"^[-+]?[0-9.]+[eE][-+]?[0-9]+$"), N_("{value} (a number too large to compute with)")),
    (re.compile(r"^[-+]?0[xXoObB][0-9a-fA-F_]+$"), N_("{value} (a number in another base)")),
    (re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$"), N_("{value} (text, not true or false)")),
)
"""Text YAML 1.1 would have read as a number or a boolean, with why it is refused."""

MAX_FILE_BYTES = 2_000_000
"""Largest release file read; a real release is about 20 kB."""

_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_FILE_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class _DuplicateKey(yaml.MarkedYAMLError):
    """A mapping names the same key twice."""


class _NotData(Exception):
    """Valid YAML that is not plain data: a complex key, an anchor, an alias or a tag."""

    def __init__(self, found: Message, mark: yaml.Mark | None) -> None:
        super().__init__(found.msgid)
        self.found = found
        self.mark = mark


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _NotData(Message(N_("a key that is a list or a mapping")), key_node.start_mark)
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark)
        seen[key] = key_node
    return dict(loader.construct_mapping(node, deep=deep))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_NOT_DATA_TOKENS: tuple[tuple[type[yaml.Token], str], ...] = (
    (yaml.AnchorToken, N_("an anchor &{name}")),
    (yaml.AliasToken, N_("an alias *{name}")),
    (yaml.TagToken, N_("a tag {name}")),
)


_REFERENCE_MARKS = ("&", "*", "!")
"""The first character of an anchor, an alias and a tag token."""


def _refuse_references(text: str) -> None:
    """Raise _NotData at the first anchor, alias or tag: data is written out in full.

    Aliases let a few lines expand into billions of values ("billion laughs"); refusing them
    before anything is built keeps every file's size a bound on the work it causes.
    """
    if not any(mark in text for mark in _REFERENCE_MARKS):
        return  # every anchor starts with &, every alias with *, every tag with !: none can be here
    scanner = _Loader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            for kind, found in _NOT_DATA_TOKENS:
                if isinstance(token, kind):
                    value = getattr(token, "value", "")
                    name = "".join(value) if isinstance(value, tuple) else str(value)
                    raise _NotData(Message(found, {"name": name}), token.start_mark)
    finally:
        scanner.dispose()


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
    "string_too_long": N_("text of at most {max_length} characters"),
    "control_character": N_("text without control characters"),
    "blank_text": N_("text that is not blank"),
    "finite_number": N_("a finite number"),
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


def _found(kind: str, value: object, context: Mapping[str, Any]) -> str | Message:
    """Return what was found, saying why text that looks like a number or a boolean is refused."""
    if kind == "missing":
        return Message(N_("nothing"))
    if kind == "control_character":
        return Message(N_("the control character {code} at character {position}"), dict(context))
    if kind == "string_too_long" and isinstance(value, str):
        return Message(N_("{length} characters"), {"length": len(value)})
    if kind in {"int_type", "float_type", "bool_type"} and isinstance(value, str):
        for pattern, why in _MISREAD:
            if pattern.match(value):
                return Message(why, {"value": repr(value)})
    return show(value)


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
    found = _found(kind, error.get("input"), context)
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


QUOTED_LINE = 80
"""How much of the broken line a YAML error quotes, in characters."""

_OPEN_QUOTE = re.compile(r'^\s*(?:-\s+(?:[\w-]+:\s+)?|[\w-]+:\s+)()"[^"]*$')
"""A key's or a list item's value that opens a double quote and does not close it on its line."""


def _read_release(path: Path, display: str, data_dir: Path) -> str:
    """Return the text of a release file after checking it is a regular file inside data/ of a sane size.

    A symbolic link that leads outside data/ is refused before anything is read from it, so no
    message can show another file's content.
    """

    def refuse(expected: str | Message, found: Message | str) -> DataError:
        wanted = expected if isinstance(expected, Message) else Message(expected)
        return DataError([Problem(display, "", wanted, found)])

    try:
        if not path.resolve().is_relative_to(data_dir.resolve()):
            raise refuse(N_("a regular file inside data/"), Message(N_("a symbolic link leading outside data/")))
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise refuse(N_("a regular file inside data/"), Message(N_("a special file (not a regular file)")))
        if status.st_size > MAX_FILE_BYTES:
            size = {"size": status.st_size, "limit": MAX_FILE_BYTES}
            raise refuse(Message(N_("a file of at most {limit} bytes"), size), Message(N_("{size} bytes"), size))
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        return raw.decode("utf-8")
    except (OSError, RuntimeError, UnicodeDecodeError) as error:
        raise refuse(N_("a readable UTF-8 file"), _os_error_text(error)) from error


def _os_error_text(error: BaseException) -> str:
    """Return an I/O or decoding error without the file name (the message names the file already)."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _where(mark: yaml.Mark | None) -> dict[str, int | None]:
    return {"line": mark.line + 1 if mark else None, "column": mark.column + 1 if mark else None}


def parse_release(path: Path, display: str, data_dir: Path | None = None) -> LoadedRelease:
    """Read and validate one release file; raise DataError listing every problem."""
    return _parse_text(_read_release(path, display, data_dir if data_dir is not None else path.parent), display)


def _parse_text(text: str, display: str) -> LoadedRelease:
    """Validate the text of one release file; raise DataError listing every problem."""
    tab = _TAB_INDENT.search(text)
    if tab:
        tab_line = text.count("\n", 0, tab.start()) + 1
        where = {"line": tab_line, "column": tab.end() - tab.start()}
        tab_found = Message(N_("a tab (line {line}, column {column})"), where)
        raise DataError([Problem(display, "", Message(N_("indentation with spaces")), tab_found, tab_line)])
    # Word's manual line and page breaks become spaces (see the README); other control characters
    # are refused here, with their position, rather than by PyYAML's reader with an offset.
    text = text.replace("\x0b", " ").replace("\x0c", " ")
    control = _FILE_CONTROL.search(text)
    if control:
        control_line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        found = Message(
            N_("the control character {code} (line {line}, column {column})"),
            {"code": f"U+{ord(control[0]):04X}", "line": control_line, "column": column},
        )
        raise DataError([Problem(display, "", Message(N_("text without control characters")), found, control_line)])
    loader = _Loader(text)
    try:
        # One parse gives both the data and the line of every field. Composing does not expand
        # aliases (they share nodes); they are refused before the data is built.
        node = loader.get_single_node()
        _refuse_references(text)
        data = loader.construct_document(node) if node is not None else None
    except _NotData as error:
        where_ = _where(error.mark)
        found = Message(N_("{what} (line {line}, column {column})"), {"what": error.found, **where_})
        expected = Message(N_("plain data (no anchors, aliases, tags or complex keys)"))
        raise DataError([Problem(display, "", expected, found, where_["line"])]) from None
    except yaml.MarkedYAMLError as error:
        mark = _unbalanced_quote(text, broken_mark(error), error.context_mark)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else 0
        source = text.splitlines()[mark.line].strip() if mark and mark.line < len(text.splitlines()) else ""
        source = source if len(source) <= QUOTED_LINE else source[: QUOTED_LINE - 1] + "…"
        found = Message(
            N_("{problem} (line {line}, column {column}: {source})") if source else N_("{problem} (line {line})"),
            {"problem": error.problem, "line": line, "column": column, "source": source},
        )
        raise DataError([Problem(display, "", Message(N_("valid YAML")), found, line)]) from error
    except yaml.YAMLError as error:
        raise DataError([Problem(display, "", Message(N_("valid YAML")), str(error))]) from error
    except RecursionError as error:
        raise DataError([Problem(display, "", Message(N_("valid YAML")), Message(N_("nesting too deep")))]) from error
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


def load_releases(data_dir: Path, parsed: dict[tuple[str, str], LoadedRelease] | None = None) -> list[LoadedRelease]:
    """Load every release under data_dir, newest first; raise DataError listing every problem.

    The release folders are in data_dir/releases/ (the layout of data/), or directly in data_dir
    when it has no releases/ folder (the layout of examples/). parsed, when given, holds the
    releases an earlier load validated, by file and text: a file whose text is the same is not
    validated again (`mkdocs serve` after an edit to one release). It is left holding this
    load's releases.
    """
    used: dict[tuple[str, str], LoadedRelease] = {}
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
        if not (path.exists() or path.is_symlink()):
            problems.append(Problem(display, "", Message(N_("a release file")), Message(N_("no such file"))))
            continue
        try:
            text = _read_release(path, display, data_dir)
            key = (display, text)
            loaded = parsed[key] if parsed is not None and key in parsed else _parse_text(text, display)
        except DataError as error:
            problems.extend(error.problems)
            continue
        used[key] = loaded
        if loaded.release.id != folder.name:
            problems.append(
                Problem(
                    display,
                    "id",
                    Message(N_("the name of the release's folder ({folder})"), {"folder": repr(folder.name)}),
                    repr(loaded.release.id),
                    line_of(loaded.lines, ("id",)),
                )
            )
            continue
        releases.append(loaded)
    if parsed is not None:
        parsed.clear()
        parsed.update(used)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d release(s) from %s", len(releases), releases_dir)
    return sorted(releases, key=lambda loaded: (loaded.release.date, loaded.release.id), reverse=True)
