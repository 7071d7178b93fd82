"""The figure's Japanese labels wrap between words: every wrapped label of the real release and of
every example, in the wide and the narrow figure, judged by a morphological analyzer (Janome)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.data.loader import load_releases
from generator.data.phrases import has_japanese
from generator.outputs import figure_svg, figure_text
from generator.outputs.figure_spec import NARROW_FIGURE_WIDTH, figure_spec
from generator.stats.compute import release_figures
from generator.stats.shown import ShownRelease
from tests.conftest import EXAMPLES_DIR, ROOT
from tests.line_breaks import broken_words


def wrapped_labels(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Draw every figure in Japanese, wide and narrow, and return each label the figure wrapped onto lines."""
    seen: list[str] = []
    original = figure_text.wrap

    def spy(text: str, max_em: float) -> str:
        lines = original(text, max_em)
        if "\n" in lines:
            seen.append(lines)
        return lines

    monkeypatch.setattr(figure_svg, "wrap", spy)  # the name figure_svg draws with
    for folder in (ROOT / "data", EXAMPLES_DIR):
        for item in load_releases(Path(folder)):
            spec = figure_spec(ShownRelease(item.release, release_figures(item.release), "ja"))
            assert spec is not None
            for width in (spec.width, NARROW_FIGURE_WIDTH):
                figure_svg.render_svg(replace(spec, width=width))
    return seen


def test_no_japanese_word_is_broken_in_a_figure_label(monkeypatch: pytest.MonkeyPatch) -> None:
    labels = [lines for lines in wrapped_labels(monkeypatch) if has_japanese(lines)]
    assert labels, "no Japanese label was wrapped: the check would prove nothing"
    problems = []
    for lines in labels:
        text = lines.replace("\n", "")
        breaks, position = [], 0
        for line in lines.split("\n")[:-1]:
            position += len(line)
            breaks.append(position)
        problems += [f"{lines!r} breaks {word}" for word in broken_words(text, breaks)]
    assert not problems, "\n".join(problems)
