"""Declare the field types every part of a release's data is built from.

The models of a release (generator/models.py) and of each kind of analysis
(generator/analyses/) are made of these, so that every text, id, count and printed figure is
checked the same way wherever it stands.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from generator.errors import N_

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$", re.ASCII)
_YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII)
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
_PUBLISHED_NUMBER = re.compile(r"^[-−]?\d+(?:\.\d+)?$", re.ASCII)
_PUBLISHED_RANGE = re.compile(r"^[-−]?\d+(?:\.\d+)?\s*(?:[-–~～]|to)\s*[-−]?\d+(?:\.\d+)?$", re.ASCII)
_PUBLISHED_P = re.compile(r"^[<>]?\s*(?:0|1)?\.\d+$|^[01]$", re.ASCII)


def matching(pattern: re.Pattern[str], kind: str, example: str) -> AfterValidator:
    """Return a validator that accepts text matching pattern, describing it by example."""

    def check(value: str) -> str:
        # A format character (a bidi control, a zero width space) in an id or an address is never meant.
        if not pattern.match(value) or _REFUSED.search(value) or any(character in _REMOVED for character in value):
            raise PydanticCustomError("format", "{kind} such as {example}", {"kind": kind, "example": example})
        return value

    return AfterValidator(check)


def _year_month(value: str) -> str:
    if not _YEAR_MONTH.match(value):
        raise PydanticCustomError(
            "format", "{kind} such as {example}", {"kind": N_("a year and month"), "example": "2022-08"}
        )
    return value


EARLIEST_YEAR = 1900
"""No date or time in the data lies before this year."""
LATEST_YEAR = 2199
"""No date or time in the data lies after this year: far from 9999, so no date arithmetic overflows."""


def _iso_date(value: object) -> object:
    """Turn YYYY-MM-DD text into a date within the years allowed; leave other values to the type check."""
    if not isinstance(value, str):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
            raise ValueError(value)
        date = dt.date.fromisoformat(value)
    except ValueError:
        context = {"kind": N_("a date"), "example": "2026-05-18"}
        raise PydanticCustomError("format", "{kind} such as {example}", context) from None
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        context = {"kind": N_("a date between 1900 and 2199"), "example": "2026-05-18"}
        raise PydanticCustomError("format", "{kind} such as {example}", context)
    return date


# Limits of the data, each reported with its own message (see the README, "What the data may hold").
MAX_COUNT = 10**7
"""Largest count accepted: the exact statistics stay well under a second at this size."""
MAX_HEADLINE = 200
"""Longest headline or subtitle, in characters."""
MAX_LABEL = 300
"""Longest short text (label, name, caption, title), in characters."""
MAX_PARAGRAPH = 4000
"""Longest paragraph, in characters."""
MAX_TOLERANCE = 10
"""Largest tolerance of an approximate quoted figure, in the figure's units (percentage points for rates)."""
MAX_MEASURE = 10**9
"""Largest absolute value of a mean or SD."""

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode category Cc) other than tab, line feed and carriage return."""


_REMOVED = "\u00ad\u200b\u2060\ufeff"
"""The invisible characters removed from text: soft hyphen, zero width space, word joiner, BOM.

Unicode TR36 (security considerations) counts them among the default-ignorable characters: they
show nothing, so removing them leaves the text exactly as it looks. Word and web pages leave them
in pasted text (a soft hyphen from hyphenation, a BOM at the start of a pasted file), and refusing
them would send editors hunting for what they cannot see. Once they are removed, the figure checks
see the text as readers do: "1<U+200B>60%" is "160%", in which a quoted "60%" does not stand whole.
"""
_REMOVE = str.maketrans(dict.fromkeys(_REMOVED))

_REFUSED = re.compile(
    "[\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200c-\u200f\u202a-\u202e\u2061-\u2064"
    "\u2066-\u206f\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
"""Every other format character (Unicode category Cf): refused, named with its position.

- The bidi controls (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C) reorder
  what is shown: an override displays "62" as "26" while the checks read "62" (TR36,
  "bidirectional text spoofing"). A Japanese and English site has no right-to-left text that needs them.
- The joiners (U+200C, U+200D) change how their neighbours show (emoji sequences, cursive scripts):
  removing them would change what is shown, keeping them lets a digit sit invisibly against a
  quoted figure ("1<ZWJ>60%" reads "160%").
- The rest (invisible operators, tags, interlinear annotations, prepended number signs) have no
  use in press copy.
Refusing, not removing, leaves the decision to the editor, who sees the position in the message.
"""


def _clean_text(value: str) -> str:
    """Turn Word's breaks into spaces, drop invisible characters; refuse other control and format characters."""
    # Word's manual line break (vertical tab) and page break (form feed): pasted text carries them.
    value = value.replace("\x0b", " ").replace("\x0c", " ")
    control = _CONTROL.search(value)
    if control:
        raise PydanticCustomError(
            "control_character",
            "text without control characters",
            {"code": f"U+{ord(control[0]):04X}", "position": control.start() + 1},
        )
    refused = _REFUSED.search(value)
    if refused:
        character = refused[0]
        raise PydanticCustomError(
            "format_character",
            "text without invisible formatting characters",
            {
                "code": f"U+{ord(character):04X} {unicodedata.name(character, '')}".strip(),
                "position": refused.start() + 1,
            },
        )
    value = value.translate(_REMOVE)
    if not value.strip():  # str.strip() also removes the ideographic space U+3000
        raise PydanticCustomError("blank_text", "text that is not blank")
    return value


NonEmpty = Annotated[str, Field(min_length=1, max_length=MAX_LABEL), AfterValidator(_clean_text)]
"""Short text: a label, a name, a caption, a title."""
HeadlineText = Annotated[str, Field(min_length=1, max_length=MAX_HEADLINE), AfterValidator(_clean_text)]
"""A headline or subtitle."""
ParagraphText = Annotated[str, Field(min_length=1, max_length=MAX_PARAGRAPH), AfterValidator(_clean_text)]
"""A paragraph."""
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Slug = Annotated[
    str,
    Field(max_length=100),
    matching(_SLUG, N_("a lower-case id of letters, digits and hyphens"), "2026-05-18-tacrolimus"),
]
Doi = Annotated[str, Field(max_length=300), matching(_DOI, N_("a DOI"), "10.1016/j.jri.2026.104904")]
Email = Annotated[str, Field(max_length=254), matching(_EMAIL, N_("an e-mail address"), "press@example.org")]
YearMonth = Annotated[str, Field(max_length=7), AfterValidator(_year_month)]
PublishedNumber = Annotated[str, Field(max_length=30), matching(_PUBLISHED_NUMBER, N_("a number as printed"), "66.7")]
PublishedRange = Annotated[str, Field(max_length=60), matching(_PUBLISHED_RANGE, N_("a range as printed"), "38.4-88.2")]


def _p_above_zero(value: str) -> str:
    """Refuse a printed P of 0 ("0", "0.000"): no test gives exactly 0, and "<0.001" says what it means."""
    if not value.startswith("<") and not value.strip("0.>< "):
        context = {"kind": N_("a P value above 0"), "example": "<0.001"}
        raise PydanticCustomError("format", "{kind} such as {example}", context)
    return value


PublishedP = Annotated[
    str,
    Field(max_length=30),
    matching(_PUBLISHED_P, N_("a P value as printed"), "<0.0001"),
    AfterValidator(_p_above_zero),
]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
PositiveCount = Annotated[int, Field(ge=1, le=MAX_COUNT)]
SmallNumber = Annotated[int, Field(ge=1, le=1000)]
Measure = Annotated[float, Field(ge=-MAX_MEASURE, le=MAX_MEASURE)]
Probability = Annotated[float, Field(gt=0, lt=1)]
Alternative = Literal["two-sided", "greater", "less"]
"""Direction of a test, as SciPy and statsmodels name it."""


class Model(BaseModel):
    """Forbid unknown keys and coercion in every data model."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True, allow_inf_nan=False
    )


class Text(Model):
    """A short piece of text (a label, a name, a caption) in every language of the site."""

    ja: NonEmpty
    """Japanese text."""
    en: NonEmpty
    """English text."""

    def __getitem__(self, lang: str) -> str:
        """Return the text in lang."""
        return str(getattr(self, lang))


class Paragraph(Text):
    """A paragraph of text in every language of the site."""

    ja: ParagraphText
    """Japanese text."""
    en: ParagraphText
    """English text."""


QuotedValue = Literal["rate", "ci", "mean", "estimate", "p"]


class Quote(Model):
    """A figure quoted in a text, declared so that it is checked against the computed one."""

    printed: Text
    """The figure exactly as it stands in the text in each language, e.g. 約60% / about 60%."""
    value: QuotedValue
    """Which computed value it quotes: an arm's rate, ci or mean (with endpoint and arm), or an
    analysis's estimate, ci or p (with analysis, and arm or effect where the analysis has several)."""
    endpoint: Slug | None = None
    """With arm: the results cell it quotes."""
    arm: Slug | None = None
    """The arm it quotes: with endpoint, a results cell; with analysis, that arm's test."""
    analysis: Slug | None = None
    """Instead of endpoint: the id of the analysis it quotes."""
    effect: (
        Literal["diff", "ratio", "odds-ratio", "sensitivity", "specificity", "ppv", "npv", "lr-positive", "lr-negative"]
        | None
    ) = None
    """With analysis: which effect it quotes, of a two-group comparison (diff, ratio, odds-ratio) or
    of a diagnostic accuracy analysis (sensitivity, specificity, ppv, npv, lr-positive, lr-negative)."""
    tolerance: Annotated[float, Field(gt=0, le=MAX_TOLERANCE)] | None = None
    """For an approximate figure ("about 60%"): the largest distance, in the figure's units
    (percentage points for rates), still consistent."""
    context: Text | None = None
    """Surrounding words as printed, when the figure alone is not where it stands (the words may
    hold other digits); the figure must stand whole inside them."""


class Attribution(Model):
    """Who made the claim a text states, when it is theirs and not the study's, e.g. a review board's judgement."""

    by: Text
    """Who made it, e.g. 先進医療技術審査部会 / the Advanced Medical Care review board."""
    source: Slug | None = None
    """Id of the source (under analysis.sources) where the judgement is recorded."""


class PrintedFigure(Model):
    """A figure as it stands in a text, in the languages that print it."""

    ja: NonEmpty | None = None
    """As printed in the Japanese text, where it has it."""
    en: NonEmpty | None = None
    """As printed in the English text, where it has it."""

    def get(self, lang: str) -> str | None:
        """Return the figure as printed in lang, or None."""
        value = getattr(self, lang)
        return None if value is None else str(value)


class NotResult(Model):
    """A figure of a text that is not a result of the study, and why: `check` leaves it unchecked."""

    printed: PrintedFigure
    """The figure as it stands in the text, e.g. 10～15% / 10–15%."""
    why: Literal["background", "eligibility", "design", "age", "dose", "date"]
    """background: a fact from elsewhere (10–15% of all infertility); eligibility: who could take part
    (no pregnancy, 0%, before the study); design: a figure of the plan (a fixed comparison rate);
    age, dose, date: what they say."""


class Prose(Paragraph):
    """A text in every language, with the figures it quotes."""

    quotes: list[Quote] = []
    """Figures quoted in the text, each checked against the computed value."""
    attribution: Attribution | None = None
    """Who made the claim the text states, when it is not the study's own finding: the page says
    "judged by …", and `check` shows its claims warnings as attributed."""
    not_results: list[NotResult] = []
    """Figures of the text that are not results of the study (background, eligibility, design);
    every other figure of a result must be quoted or name its arm and endpoint."""


class Headline(Prose):
    """A headline or subtitle in every language, with the figures it quotes."""

    ja: HeadlineText
    """Japanese text."""
    en: HeadlineText
    """English text."""
