"""The theme's work done once for several MkDocs processes (generator/build/preview.py ThemeCache)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config

from generator.build.preview import ThemeCache

ROOT = Path(__file__).resolve().parents[1]


def test_templates_compiled_into_a_shared_folder_are_loaded_there_not_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the parallel build's MkDocs process does after forking, and what each language's process then finds.
    config = load_config(str(ROOT / "mkdocs.yml"))
    compiler = ThemeCache()
    compiler.share(tmp_path)
    compiler.compile(config)
    compiled = sorted(path.name for path in tmp_path.iterdir())
    assert len(compiled) >= 20  # main.html, 404.html, sitemap.xml and what they extend, include and import
    assert not [name for name in compiled if name.endswith(".tmp")]  # each written whole, then renamed

    fresh = load_config(str(ROOT / "mkdocs.yml"))  # another process: its own theme, its own environments
    reader = ThemeCache()
    reader.share(tmp_path)
    reader.attach(fresh.theme)

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    env = fresh.theme.get_env()
    for name in ("main.html", "404.html", "sitemap.xml", "base.html", "partials/header.html"):
        assert env.get_template(name).name == name
