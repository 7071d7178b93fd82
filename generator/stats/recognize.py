"""Recognize the figures a text states, in Japanese and English.

One recognizer serves `check` (the data's own prose) and `proof` (the office's draft): it finds
percentages (66.7%, ６６．７％, 約60%, about 60%, 6割), intervals (38.4-88.2, 38.4～88.2,
"(38.4 to 88.2)"), P values (P<0.0001, P＝0.03, P = .03), counts (10/15, 15例中10例, 10 of 15,
n=15), effects (25.5 percentage points, risk ratio 2.31, HR 0.72) and other decimals (18.2
months). Full-width digits and signs are folded one character for one, so every position found
is a position in the original text. Plain whole numbers (ages, doses, dates, years) and the
confidence level of "95% CI" are not figures of a result and are not returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Kind = Literal["percent", "range", "p", "count", "effect", "number"]

_FOLD = str.maketrans(
    {chr(0xFF01 + offset): chr(0x21 + offset) for offset in range(94)}
    | {
        "〜": "~",
        "−": "-",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "―": "-",
        "﹣": "-",
        "　": " ",
        "≦": "≤",
        "≧": "≥",
        "\u00a0": " ",
    }
)
"""Full-width ASCII, wave dashes, minus signs and dashes folded to ASCII, one character for one."""


def fold(text: str) -> str:
    """Return text with full-width digits and signs as ASCII, every character in its place."""
    folded = text.translate(_FOLD)
    assert len(folded) == len(text)
    return folded


_NUM = r"\d+(?:\.\d+)?"
_SNUM = r"-?\d+(?:\.\d+)?"
_APPROX = r"(?:約|およそ|ほぼ|(?i:about|approximately|nearly|almost|around|roughly)\s+)"
_REL = r"(?:<=|>=|[<>=≤≥])"
_SEP = r"\s*(?:-|~|to|から)\s*"

_MASKS = (
    ("10.", re.compile(r"10\.\d{4,9}/\S+")),  # DOIs
    ("http", re.compile(r"https?://\S+")),
    ("@", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),  # e-mail addresses
    (
        "",
        re.compile(
            r"\b\d{2,5}-\d{2,4}-\d{3,4}\b"  # telephone numbers
            r"|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?!\d)"  # dates written with digits only
            r"|\d+(?:\.\d+)?\s*(?:年|月|日|歳|時|分|週|回|mg|μg|kg|g|mL|ml|L)(?![a-zA-Z])",
            re.IGNORECASE,
        ),
    ),
)
"""Spans that hold digits but never a result: DOIs, addresses, phone numbers, dates, ages, doses.

Each is searched only in a text holding its first characters (most texts hold no address)."""

_APPROX_BEFORE = re.compile(_APPROX + r"$")
"""An approximate word just before a figure: 約, about, nearly."""

_LEVEL = re.compile(r"\d+(?:\.\d+)?\s*%\s*(?:CI|信頼区間|confidence\s+interval|credible)", re.IGNORECASE)
"""A confidence level, "95% CI": not a figure of the result."""

_EFFECT_NAMES = {
    "diff": r"percentage\s+points?|%\s*points?|ポイント|pp\b",
    "ratio": r"risk\s+ratio|relative\s+risk|リスク比|相対リスク|RR",
    "odds-ratio": r"odds\s+ratio|オッズ比|OR",
    "hazard-ratio": r"hazard\s+ratio|ハザード比|HR",
}
_RATIO_NAME = (
    r"(?P<name>risk\s+ratio|relative\s+risk|リスク比|相対リスク|odds\s+ratio|オッズ比"
    r"|hazard\s+ratio|ハザード比|\bRR|\bOR|\bHR)"
)

_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (
        "p",
        re.compile(
            rf"(?<![A-Za-z])[Pp]\s*(?:値|-?value)?\s*(?:は)?\s*(?P<rel>{_REL})\s*(?P<a>-?\d*\.?\d+(?:[eE]-?\d+)?)"
        ),
    ),
    (
        "effect",
        re.compile(
            rf"{_RATIO_NAME}\s*(?:[:=,]|は|of|was|,\s*)?\s*(?P<approx>{_APPROX})?(?P<a>{_NUM})(?![\d/])", re.IGNORECASE
        ),
    ),
    (
        "effect",
        re.compile(rf"(?P<a>{_SNUM})\s*(?P<name>percentage\s+points?|%\s*points?|ポイント)"),
    ),
    ("count", re.compile(r"(?P<b>\d+)\s*(?:例|人|名)中\s*(?P<a>\d+)\s*(?:例|人|名)")),
    ("count", re.compile(r"(?<![\d/.])(?P<a>\d+)\s*/\s*(?P<b>\d+)(?![\d/.])")),
    ("count", re.compile(r"(?<![\d.])(?P<a>\d+)\s+(?:of|out\s+of)\s+(?P<b>\d+)(?![\d.])")),
    ("count", re.compile(r"(?<![A-Za-z])[nN]\s*=\s*(?P<b>\d+)")),
    (
        "range",
        re.compile(rf"(?<![\d.])(?P<a>{_SNUM}){_SEP}(?P<b>{_SNUM})\s*(?P<pct>%|percent\b)?"),
    ),
    ("percent", re.compile(rf"(?P<rel>{_REL})?\s*(?P<a>{_NUM})\s*(?:%|percent\b|パーセント)")),
    ("percent", re.compile(r"(?P<a>\d+)割(?:(?P<b>\d)分)?")),
    ("number", re.compile(rf"(?P<rel>{_REL})?(?<![\d.])(?P<a>{_SNUM})(?![\d])")),
]


@dataclass(frozen=True)
class Figure:
    """One figure of a text, where it stands and what it says."""

    kind: Kind
    printed: str
    """The figure as it stands in the original text."""
    start: int
    end: int
    numbers: tuple[str, ...]
    """Its numbers in ASCII, sign "-": a range's two bounds, a count's events and total (events "" for n=15)."""
    relation: str = "="
    """"<" or ">" for "P<0.0001" and "<5%"."""
    approximate: bool = False
    """約60%, about 60%, 6割."""
    measure: str | None = None
    """For an effect: diff, ratio, odds-ratio or hazard-ratio; for a range: percent when it ends in %."""

    @property
    def decimals(self) -> int:
        """The most decimals among its numbers."""
        return max((len(number.partition(".")[2]) for number in self.numbers if number), default=0)

    def values(self) -> list[Decimal]:
        """Return its numbers as Decimals (a count's missing events left out)."""
        return [Decimal(number) for number in self.numbers if number]


def _measure(name: str) -> str:
    for measure, pattern in _EFFECT_NAMES.items():
        if re.fullmatch(pattern, name.strip(), re.IGNORECASE):
            return measure
    return "diff"


def _relation(raw: str | None) -> str:
    return {"<=": "<", "≤": "<", ">=": ">", "≥": ">"}.get(raw or "=", raw or "=")


def _is_result_number(text: str, match: re.Match[str]) -> bool:
    """Return whether a bare number is result-like: a decimal that is not part of a name or a version."""
    number = match.group("a")
    if "." not in number:
        return False
    before = text[max(0, match.start() - 1) : match.start()]
    after = text[match.end() : match.end() + 1]
    return not (before.isalpha() and before.isascii()) and not (after.isalpha() and after.isascii() and after != "m")


_DIGIT = re.compile(r"\d")


def recognize(text: str) -> list[Figure]:
    """Return every figure of a result in text, in reading order."""
    folded = fold(text)
    if not _DIGIT.search(folded):
        return []
    taken = [False] * len(folded)
    masks = [mask for trigger, mask in _MASKS if trigger in folded] + [_LEVEL]
    for mask in masks:
        for match in mask.finditer(folded):
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    found: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            while start < end and folded[start].isspace():
                start += 1
            while end > start and folded[end - 1].isspace():
                end -= 1
            if any(taken[start:end]):
                continue
            prefix = _APPROX_BEFORE.search(folded, max(0, start - 16), start) if kind != "p" else None
            if prefix is not None and not any(taken[prefix.start() : start]):
                start = prefix.start()
            figure = _figure(kind, folded, match, text[start:end], start, end, approximate=prefix is not None)
            if figure is None:
                continue
            taken[start:end] = [True] * (end - start)
            found.append(figure)
    return sorted(found, key=lambda figure: figure.start)


def _figure(
    kind: Kind, folded: str, match: re.Match[str], printed: str, start: int, end: int, *, approximate: bool
) -> Figure | None:
    groups = match.groupdict()
    approximate = approximate or bool(groups.get("approx"))
    relation = _relation(groups.get("rel"))
    if kind == "p":
        return Figure(kind, printed, start, end, (_plain(groups["a"]),), relation)
    if kind == "effect":
        return Figure(
            kind, printed, start, end, (groups["a"],), approximate=approximate, measure=_measure(groups["name"])
        )
    if kind == "count":
        return Figure(kind, printed, start, end, (groups.get("a") or "", groups["b"]))
    if kind == "range":
        low, high = groups["a"], groups["b"]
        percent = bool(groups.get("pct"))
        if not percent and "." not in low + high and not _after_level(folded, start):
            return None  # whole numbers joined by a dash: a span of years, ages or doses
        return Figure(
            kind, printed, start, end, (low, high), approximate=approximate, measure="percent" if percent else None
        )
    if kind == "percent":
        if "割" in match.group(0):
            tenths = Decimal(groups["a"]) * 10 + Decimal(groups.get("b") or 0)
            return Figure(kind, printed, start, end, (str(tenths),), approximate=True)
        return Figure(kind, printed, start, end, (groups["a"],), relation, approximate)
    if not _is_result_number(folded, match):
        return None
    return Figure(kind, printed, start, end, (groups["a"],), relation, approximate)


def _after_level(folded: str, start: int) -> bool:
    """Return whether a range follows the words of a confidence interval, as "95% CI, 38-88"."""
    return bool(re.search(r"(?:CI|信頼区間|interval)[\s,:、：]*$", folded[max(0, start - 20) : start], re.IGNORECASE))


def _plain(number: str) -> str:
    """Return a P value's number in plain notation: .03 -> 0.03, 2e-10 stays exact."""
    if number.startswith("."):
        number = "0" + number
    if "e" in number.lower():
        return format(Decimal(number), "f")
    return number
