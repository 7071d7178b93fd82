"""Draw a release's social card: a 1200×630 PNG with its headline, issuer and date.

The font is Noto Sans CJK from a pinned Python package (manimgx-fonts-cjk), so the cards need
no download and no system font, and the same inputs give the same bytes: Pillow's basic layout
engine (no dependence on the optional raqm library), fixed colours and PNG settings, and no
metadata chunk (no time stamp).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from importlib import metadata, resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

WIDTH, HEIGHT = 1200, 630
"""The size Open Graph and Twitter's large summary card expect."""

FONT_PACKAGE = "manimgx-fonts-cjk"
"""The distribution that ships the font file; its version is part of the build's inputs."""
_FONT_FILE = ("manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc")
_FONT_INDEX = {"ja": 0}
"""Face of the collection per language (0 is Japanese); other languages use the Japanese face,
whose Latin glyphs are Noto Sans'."""

_BACKGROUND = (255, 255, 255)
_BAND = (63, 81, 181)  # the site's primary colour (Material's indigo)
_INK = (33, 33, 33)
_MUTED = (97, 97, 97)
_MARGIN = 72
_BAND_HEIGHT = 14
_HEADLINE_SIZES = (64, 58, 52, 46, 40)
_HEADLINE_LINES = 4
_SPACES = re.compile(r"\s+")
_UNIT = re.compile(r"[0-9A-Za-z\u00c0-\u024f'’.,:;!?%&/()\-–—]+|\s+|.", re.DOTALL)
"""Line-breaking units: a run of Latin letters, digits and their punctuation stays whole; a
space is a break opportunity; any other character (kana, kanji) can be broken after."""
_NO_LINE_START = frozenset("、。，．・：；？！ー―…‥）」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜")
"""Characters Japanese typesetting keeps off the start of a line (kinsoku)."""


@dataclass(frozen=True)
class Card:
    """The text of one social card."""

    lang: str
    headline: str
    issuer: str
    date: str
    """The release date as the page shows it, e.g. 2026年5月18日."""
    label: str
    """What the card shows, e.g. プレスリリース / Press release."""


KEY_CHUNK = "press-site-card"
"""The PNG text chunk that records what a card was drawn from, so that a later build can reuse it."""


def font_version() -> str:
    """Return the version of the package the font comes from."""
    return metadata.version(FONT_PACKAGE)


@functools.cache
def _drawing_digest() -> str:
    """Return a digest of what draws the cards: this code, Pillow and the font."""
    code = Path(__file__).read_bytes()
    return hashlib.sha256(code + f"{metadata.version('pillow')};{font_version()}".encode()).hexdigest()


def card_key(card: Card) -> str:
    """Return a digest of a card's text and of everything that draws it."""
    text = json.dumps(asdict(card), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{text}\0{_drawing_digest()}".encode()).hexdigest()


def reusable_card(card: Card, previous: Path) -> bytes | None:
    """Return the PNG an earlier build drew for the same card, if it is there and whole."""
    if not previous.is_file():
        return None
    content = previous.read_bytes()
    try:
        with Image.open(io.BytesIO(content)) as image:
            key = image.info.get(KEY_CHUNK)  # text chunks before the image data are read on opening
            image.verify()  # every chunk's checksum: a truncated or damaged file is drawn again
    except (OSError, SyntaxError, ValueError):
        return None
    return content if key == card_key(card) else None


@functools.cache
def _font(lang: str, size: int, weight: str) -> ImageFont.FreeTypeFont:
    """Return the font at size and named weight (Regular, Bold) for lang."""
    path = resources.files(_FONT_FILE[0]) / _FONT_FILE[1]
    with resources.as_file(path) as file:
        font = ImageFont.truetype(str(file), size, index=_FONT_INDEX.get(lang, 0), layout_engine=ImageFont.Layout.BASIC)
    font.set_variation_by_name(weight)
    return font


def _units(text: str) -> list[str]:
    return _UNIT.findall(_SPACES.sub(" ", text).strip())


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Break text into lines no wider than width, at spaces or between CJK characters.

    A character that must not start a line (。、」…) stays at the end of the previous one, as
    Japanese typesetting hangs it; a unit wider than the line is cut between characters.
    """
    lines: list[str] = []
    line = ""
    for unit in _units(text):
        candidate = line + unit
        if not line or font.getlength(candidate.rstrip()) <= width or (unit[0] in _NO_LINE_START and len(unit) == 1):
            line = candidate
            continue
        lines.append(line.rstrip())
        line = "" if unit.isspace() else unit
        while font.getlength(line) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit(text: str, lang: str, width: float) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """Return the largest headline font whose lines fit, cutting the text with … at the smallest."""
    for size in _HEADLINE_SIZES:
        font = _font(lang, size, "Bold")
        lines = wrap(text, font, width)
        if len(lines) <= _HEADLINE_LINES:
            return font, lines
    lines = lines[:_HEADLINE_LINES]
    lines[-1] = _single_line(lines[-1], font, width, lang, cut=True)
    return font, lines


def _single_line(text: str, font: ImageFont.FreeTypeFont, width: float, lang: str, *, cut: bool = False) -> str:
    """Return text on one line, cut with an ellipsis when it is wider than width (or always, with cut)."""
    # The Japanese face centres U+2026 on the line, as Japanese text sets it; Latin text wants it low.
    ellipsis = "…" if lang == "ja" else "..."
    text = _SPACES.sub(" ", text).strip()
    if not cut and font.getlength(text) <= width:
        return text
    while text and font.getlength(text + ellipsis) > width:
        text = text[:-1]
    return text.rstrip() + ellipsis


_LEVELS = 64
"""Shades of each ink between the background and the full colour: the antialiased edges of the text."""
_INKS = (_INK, _BAND, _MUTED)
"""The text colours; the band is the full shade of _BAND and the rule is _RULE."""
_RULE = (224, 224, 224)


def _palette() -> list[int]:
    """Return the card's palette: the background, each ink's shades over it, and the rule."""
    palette = list(_BACKGROUND)
    for ink in _INKS:
        for step in range(1, _LEVELS + 1):
            share = step / _LEVELS
            palette += [round(back + (front - back) * share) for back, front in zip(_BACKGROUND, ink, strict=True)]
    return palette + list(_RULE)


_PALETTE = _palette()
_RULE_INDEX = 1 + len(_INKS) * _LEVELS


def _recolour(ink: int) -> list[int]:
    """Return the table from a shade index of the first ink (0 to _LEVELS) to the same shade of another ink."""
    return [0] + [shade + ink * _LEVELS for shade in range(1, 256)]


_RECOLOUR = [_recolour(ink) for ink in range(len(_INKS))]


def _text(image: Image.Image, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont, ink: int) -> None:
    """Draw text in _INKS[ink], antialiased, on the card's palette image.

    Drawn with the fill _LEVELS on the background (index 0), each pixel blends to the index of
    its shade of the first ink (0 to _LEVELS); for another ink, the text's box is then moved to
    that ink's shades. The texts of a card never overlap.
    """
    draw = ImageDraw.Draw(image)
    draw.text(xy, text, font=font, fill=_LEVELS)
    if ink:
        left, top, right, bottom = draw.textbbox(xy, text, font=font)
        box = (int(left), int(top), int(right), int(bottom))
        image.paste(image.crop(box).point(_RECOLOUR[ink]), box)


def render_card(card: Card) -> bytes:
    """Return the card as PNG bytes; the same card gives the same bytes.

    The card is a palette image: each text is drawn antialiased, its pixels taking one of 64
    shades of its colour over the white background. That is within a few 255ths of drawing on
    an RGB image, and the PNG is half the size and is saved in a fifth of the time (about 3
    against 14 ms): a card takes half the time.
    """
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    text_width = WIDTH - 2 * _MARGIN

    small = _font(card.lang, 32, "Regular")
    top = _MARGIN + 8
    _text(image, (_MARGIN, top), _single_line(card.label, small, text_width, card.lang), small, _INKS.index(_BAND))

    font, lines = _fit(card.headline, card.lang, text_width)
    size = int(font.size)
    line_height = round(size * 1.3)
    block = line_height * len(lines)
    footer_top = HEIGHT - _MARGIN - 2 * 44
    headline_top = top + 56 + max(0, (footer_top - (top + 56) - block) // 2)
    for number, text in enumerate(lines):
        _text(image, (_MARGIN, headline_top + number * line_height), text, font, _INKS.index(_INK))

    issuer_font = _font(card.lang, 34, "Bold")
    issuer = _single_line(card.issuer, issuer_font, text_width, card.lang)
    _text(image, (_MARGIN, footer_top), issuer, issuer_font, _INKS.index(_INK))
    date = _single_line(card.date, small, text_width, card.lang)
    _text(image, (_MARGIN, footer_top + 50), date, small, _INKS.index(_MUTED))

    shapes = ImageDraw.Draw(image)
    shapes.rectangle((0, 0, WIDTH, _BAND_HEIGHT), fill=_LEVELS * (1 + _INKS.index(_BAND)))
    shapes.line((_MARGIN, footer_top - 20, WIDTH - _MARGIN, footer_top - 20), fill=_RULE_INDEX, width=2)
    image.putpalette(_PALETTE)

    # The only metadata is the card's key (no time stamp). Level 1 saves faster than level 6 for
    # a slightly larger file; the pixels are the same at every level.
    info = PngImagePlugin.PngInfo()
    info.add_text(KEY_CHUNK, card_key(card))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=1, pnginfo=info)
    return buffer.getvalue()
