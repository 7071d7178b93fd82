"""Where a field stands: its path as people write it, its line in the file, and validation messages."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml
from pydantic import BaseModel

from generator.data.analyses import KINDS
from generator.data.models import Release
from generator.errors import N_, Message, Problem

Path_ = tuple[str | int, ...]

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


def node_lines(node: yaml.Node | None, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    """Yield the 1-based line of every key and item below node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            yield child, key_node.start_mark.line + 1
            yield from node_lines(value_node, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            yield child, item.start_mark.line + 1
            yield from node_lines(item, child)


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
    "format_character": N_("text without invisible formatting characters"),
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
    if kind == "format_character":
        return Message(N_("the invisible character {code} at character {position}"), dict(context))
    if kind == "string_too_long" and isinstance(value, str):
        return Message(N_("{length} characters"), {"length": len(value)})
    if kind in {"int_type", "float_type", "bool_type"} and isinstance(value, str):
        for pattern, why in _MISREAD:
            if pattern.match(value):
                return Message(why, {"value": repr(value)})
    return show(value)


def validation_problem(file: str, lines: Mapping[Path_, int], error: Mapping[str, Any]) -> Problem:
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
