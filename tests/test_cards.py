"""Social cards: size, identical bytes on every render, Japanese glyphs, wrapping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from generator.build.site import Project, generate
from generator.outputs.cards import HEIGHT, WIDTH, Card, _font, render_card, reusable_card, wrap
from tests.conftest import RELEASE_ID, copy_project

JA = Card(
    "ja", "世界初・不妊症に対する新たな治療方法を開発", "国立成育医療研究センター", "2026年5月18日", "プレスリリース"
)
EN = Card("en", "A world first: a new treatment for infertility", "National Center", "May 18, 2026", "Press release")
LONG_JA = (
    "免疫の関与する不妊症に対して「タクロリムス」は安全かつ有効であることを多施設共同の2用量単群試験で確認しました。"
    * 3
)
LONG_EN = "Tacrolimus is safe and effective for infertility in which the immune system is involved, a trial finds. " * 4


@pytest.mark.parametrize("card", [JA, EN], ids=["ja", "en"])
def test_a_card_is_a_1200_by_630_png_with_the_same_bytes_every_time(card: Card) -> None:
    first, second = render_card(card), render_card(card)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert not {key for key in image.info if str(key).lower() in {"date", "creation time", "timestamp"}}


def _drawn(char: str) -> bytes:
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((5, 5), char, font=_font("ja", 60, "Bold"), fill=255)
    return image.tobytes()


def test_every_character_of_the_japanese_card_has_a_glyph() -> None:
    missing = _drawn("\U0010fffd")  # a private-use character: the font's .notdef box ("tofu")
    text = JA.headline + JA.issuer + JA.date + JA.label + "「」（）、。ー"
    tofu = sorted(char for char in set(text) if _drawn(char) == missing)
    assert tofu == []
    assert _drawn("\U0010fffd") != _drawn("\u3000")  # the check can tell a box from a blank


@pytest.mark.parametrize(("lang", "text"), [("ja", LONG_JA[:60]), ("en", LONG_EN[:120])])
def test_a_long_headline_wraps_inside_the_margins(lang: str, text: str) -> None:
    font = _font(lang, 52, "Bold")
    lines = wrap(text, font, 1000)
    assert len(lines) > 1
    assert all(font.getlength(line) <= 1000 + font.getlength("。") for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if lang == "ja":
        assert not any(line[0] in "、。」）" for line in lines)
    else:
        assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)


@pytest.mark.parametrize(
    "card",
    [
        Card("ja", LONG_JA, "発行元", "2026年5月18日", "プレスリリース"),
        Card("en", LONG_EN, "Issuer", "May 18, 2026", "Press release"),
    ],
)
def test_a_headline_too_long_for_the_card_is_cut_and_still_renders(card: Card) -> None:
    assert Image.open(io.BytesIO(render_card(card))).size == (WIDTH, HEIGHT)


def test_the_site_has_a_card_per_language(tmp_path: Path) -> None:
    files = generate(Project(copy_project(tmp_path / "project"))).files
    cards = {lang: files[f"{lang}/{RELEASE_ID}/card.png"] for lang in ("ja", "en")}
    assert cards["ja"] != cards["en"]
    for content in cards.values():
        assert Image.open(io.BytesIO(content)).size == (WIDTH, HEIGHT)


def test_a_card_drawn_earlier_is_reused_only_when_whole_and_the_same(tmp_path: Path) -> None:
    previous = tmp_path / "card.png"
    previous.write_bytes(render_card(JA))
    assert reusable_card(JA, previous) == previous.read_bytes()
    assert reusable_card(EN, previous) is None  # another card's text
    previous.write_bytes(render_card(JA)[:-40])  # truncated, e.g. by a full disk
    assert reusable_card(JA, previous) is None
    assert reusable_card(JA, tmp_path / "missing.png") is None


def test_each_text_of_the_card_is_in_its_colour() -> None:
    # The card is a palette image: every text's shades must be of its own colour, the label
    # indigo, the headline and issuer near-black, the date grey, on white.
    card = Card("en", "Headline", "Issuer", "May 18, 2026", "Press release")
    image = Image.open(io.BytesIO(render_card(card))).convert("RGB")

    def darkest(box: tuple[int, int, int, int]) -> tuple[int, ...]:
        colours = image.crop(box).getcolors(WIDTH * HEIGHT) or []
        return min((tuple(colour) for _, colour in colours if isinstance(colour, tuple)), key=sum)

    assert darkest((0, 0, WIDTH, 14)) == (63, 81, 181)  # the band
    assert darkest((72, 80, WIDTH - 72, 130)) == (63, 81, 181)  # "Press release"
    assert darkest((72, 140, WIDTH - 72, 440)) == (33, 33, 33)  # the headline
    assert darkest((72, 470, WIDTH - 72, 519)) == (33, 33, 33)  # the issuer
    assert darkest((72, 520, WIDTH - 72, HEIGHT)) == (97, 97, 97)  # the date
    assert image.getpixel((WIDTH - 1, HEIGHT - 1)) == (255, 255, 255)
