"""Read a release file's YAML: a safe loader for plain data, with the position of every problem."""

from __future__ import annotations

import math
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from generator.errors import N_, DataError, Message, Problem


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


def read_release(path: Path, display: str, data_dir: Path) -> str:
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


def read_yaml(text: str, display: str) -> tuple[Any, yaml.Node | None]:
    """Return the data of a release file's text and its root node (for the lines of its fields).

    Raise DataError with the line and column of the first problem.
    """
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
    return data, node
