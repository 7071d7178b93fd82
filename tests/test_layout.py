"""The layout of generator/: stages as subpackages, imports only downward, no module or class too long."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 200


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(item for item in config["tool"]["importlinter"]["contracts"] if item["type"] == "layers")
    return list(contract["layers"])


def test_only_the_command_line_and_the_error_tree_stay_at_the_top() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "errors.py"]


def test_every_subpackage_is_a_layer_with_a_docstring_saying_what_it_holds_and_may_use() -> None:
    subpackages = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))
    layers = _layers()
    assert sorted(layer.removeprefix("generator.") for layer in layers if layer.count(".") == 1) == sorted(
        [*subpackages, "cli", "errors"]
    )
    for name in subpackages:
        docstring = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert docstring is not None and "May use" in docstring, name


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("generator")
    circles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert circles == []


def test_no_module_or_class_is_too_long_to_live_in() -> None:
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append((name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_CLASS_LINES:
                    too_long.append((f"{name}:{node.name}", lines))
    assert too_long == []
