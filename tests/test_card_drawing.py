"""Cards drawn in child processes: the same bytes as in-process, in order, and a fallback when a child fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.outputs import card_drawing
from generator.outputs.card_drawing import CardDrawing
from generator.outputs.cards import Card, render_card

CARDS = {
    f"{lang}/release-{index}/card.png": Card(
        lang,
        f"見出し {index}：長さの違う見出し" * (1 + index % 3)
        if lang == "ja"
        else f"Headline {index} " * (1 + index % 4),
        "発行者" if lang == "ja" else "Issuer",
        "2026年5月18日" if lang == "ja" else "May 18, 2026",
        "プレスリリース" if lang == "ja" else "Press release",
    )
    for index in range(3)
    for lang in ("ja", "en")
}


@pytest.fixture
def few_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Draw even these few cards in children, and allow two on any machine."""
    monkeypatch.setattr(card_drawing, "CHILD_THRESHOLD", 2)
    monkeypatch.setattr(card_drawing, "_children", lambda: 2)


@pytest.mark.usefixtures("few_is_enough")
def test_children_draw_the_bytes_this_process_draws_and_each_card_lands_at_its_path(tmp_path: Path) -> None:
    drawing = CardDrawing(CARDS, tmp_path)
    assert len(drawing._children) == 2  # the cards really went to children
    assert sorted(path for child in drawing._children for path in child.paths) == sorted(CARDS)
    drawn = drawing.collect()
    assert drawn == {path: render_card(card) for path, card in CARDS.items()}
    assert list(drawn) == list(CARDS)


@pytest.mark.usefixtures("few_is_enough")
@pytest.mark.parametrize("python", ["/bin/false", "/no/such/python"], ids=["child-fails", "child-cannot-start"])
def test_the_cards_are_drawn_here_when_a_child_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, python: str
) -> None:
    monkeypatch.setattr(sys, "executable", python)
    assert CardDrawing(CARDS, tmp_path).collect() == {path: render_card(card) for path, card in CARDS.items()}


@pytest.mark.usefixtures("few_is_enough")
def test_cards_an_earlier_build_left_are_reused_not_drawn(tmp_path: Path) -> None:
    reused = next(iter(CARDS))
    (tmp_path / reused).parent.mkdir(parents=True)
    (tmp_path / reused).write_bytes(render_card(CARDS[reused]))
    drawing = CardDrawing(CARDS, tmp_path)
    assert reused not in {path for child in drawing._children for path in child.paths}
    assert drawing.collect() == {path: render_card(card) for path, card in CARDS.items()}


def test_a_few_cards_are_drawn_in_this_process(tmp_path: Path) -> None:
    drawing = CardDrawing(CARDS, tmp_path)  # fewer than CHILD_THRESHOLD
    assert drawing._children == []
    assert drawing.collect() == {path: render_card(card) for path, card in CARDS.items()}


@pytest.mark.usefixtures("few_is_enough")
def test_closing_before_collecting_stops_the_children_and_still_gives_every_card(tmp_path: Path) -> None:
    drawing = CardDrawing(CARDS, tmp_path)
    processes = [child.process for child in drawing._children]
    drawing.close()
    assert all(process.poll() is not None for process in processes)
    assert drawing.collect() == {path: render_card(card) for path, card in CARDS.items()}
