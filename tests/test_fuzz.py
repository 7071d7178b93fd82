"""Random and mutated data: the generator either builds or reports a clean error; it never raises."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.site import Project, generate
from generator.data.fields import MAX_COUNT, MAX_HEADLINE, MAX_LABEL, MAX_PARAGRAPH, MAX_TOLERANCE
from generator.data.loader import parse_release
from generator.errors import GeneratorError
from tests.conftest import RELEASE_FILE, copy_project, load_release_data, write_release

LIMITS = st.sampled_from(
    [
        MAX_COUNT - 1,
        MAX_COUNT,
        MAX_COUNT + 1,
        10**12,
        10**29,
        MAX_TOLERANCE,
        MAX_TOLERANCE + 0.5,
        "x" * MAX_HEADLINE,
        "x" * (MAX_HEADLINE + 1),
        "y" * MAX_LABEL,
        "y" * (MAX_LABEL + 1),
        "z" * MAX_PARAGRAPH,
        "z" * (MAX_PARAGRAPH + 1),
        "   ",
        "\u3000",
        "a\x0bb\x0cc",
        "a\x7fb",
        "\x00",
        "\x1b[31m",
        '!!! danger "x"',
        ":   x",
        "010",
        "1:30",
        ".inf",
        ".nan",
        "yes",
    ]
)
"""Numbers and strings at and just beyond the data's limits."""
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates().map(str),
    LIMITS,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every key and item in a data tree."""
    found: list[tuple[Any, ...]] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in children:
        found.append((*prefix, key))
        found.extend(paths(value, (*prefix, key)))
    return found


BASE = load_release_data()
ALL_PATHS = paths(BASE)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return data


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "project")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(mutated())
def test_mutated_data_builds_or_fails_cleanly(fuzz_project: Path, data: dict[str, Any]) -> None:
    write_release(fuzz_project, "2026-05-18-tacrolimus", data)
    try:
        generate(Project(fuzz_project))
    except GeneratorError as error:
        assert error.problems
        for problem in error.problems:
            assert "\n" not in problem.render(lambda message: message)


TEXT = RELEASE_FILE.read_text(encoding="utf-8")


YAML_SNIPPETS = st.sampled_from(
    ["&a ", "*a", "!!float ", "? [a]\n: 1\n", "<<: {a: 1}\n", "010", "1:30", ".inf", "\x0b"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(min_value=0, max_value=len(TEXT)),
    st.integers(min_value=0, max_value=40),
    st.text(max_size=6) | YAML_SNIPPETS,
)
def test_mangled_yaml_text_loads_or_fails_cleanly(tmp_path: Path, start: int, length: int, insert: str) -> None:
    path = tmp_path / "release.yaml"
    path.write_text(TEXT[:start] + insert + TEXT[start + length :], encoding="utf-8")
    try:
        parse_release(path, "release.yaml")
    except GeneratorError as error:
        assert error.problems


def test_yaml_that_is_not_a_mapping_fails_cleanly(tmp_path: Path) -> None:
    for text in ("", "- a list\n", "just text\n", "null\n", yaml.safe_dump([1, 2])):
        path = tmp_path / "release.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(GeneratorError):
            parse_release(path, "release.yaml")
