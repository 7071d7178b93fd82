"""Attribute each recognized figure of a text to a computed value of the release, and judge it.

A figure is attributed by its context, never by its value: the arm named in its clause (the
sentence split at commas and conjunctions outside parentheses; "respectively" and それぞれ pair
figures and arms in order), else the arm named last before it in the sentence; the endpoint whose
distinctive words the sentence (else the paragraph so far) holds; for a table cell, its row and
column header. An
interval, a count or a P value that follows an estimate closely, as in "66.7% (95% CI, 38.4-88.2)",
belongs to the same arm and endpoint. The figure is attributed when every value left agrees on
what should be printed; it then agrees or disagrees by the rules `verify` applies to quotes.
Figures that no count, interval or probability can give are reported whether or not attributed.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from generator.data.analyses import kind_of
from generator.data.languages import LANGUAGES
from generator.data.models import Release
from generator.errors import N_, Message
from generator.maths.numbers import rounds_to, to_decimal
from generator.stats.compute import ReleaseFigures
from generator.stats.recognize import Figure, fold, recognize

Exact = float | Fraction | Decimal
Status = Literal["agreed", "disagreed", "impossible", "unattributed"]

DEFAULT_TOLERANCE = Decimal(5)
"""Percentage points an approximate figure (約60%, about 60%) may be off when the data declares none."""

GAP = 24
"""Characters between an estimate and the interval, count or P value that belongs to it."""

_FAMILIES = {"percent": "percent", "range": "ci", "p": "p", "count": "count", "number": "number"}
_DIFFERENCE = re.compile(r"差|difference|differed", re.IGNORECASE)
"""Words that make a bare number a comparison's estimate."""
_MARGIN = re.compile(r"margin|マージン", re.IGNORECASE)
"""The word that makes a figure a non-inferiority or equivalence margin."""
_FOLLOWERS = ("ci", "count", "p")
"""What may follow an estimate and belong to it."""
_SCALAR = ("percent", "number", "diff", "ratio", "odds-ratio", "hazard-ratio")


@dataclass(frozen=True)
class Target:
    """One computed value a printed figure may stand for."""

    family: str
    """percent, ci, p, count, number, null, or an effect: diff, ratio, odds-ratio, hazard-ratio."""
    exact: tuple[Exact, ...]
    endpoint: str | None
    arms: tuple[str, ...]
    what: dict[str, str]
    """What it is in each language, e.g. low dose, clinical pregnancy."""
    analysis: str | None = None
    tolerance: Decimal | None = None
    """For a declared approximate figure: the tolerance of its quote."""
    margin: bool = False
    """A non-inferiority or equivalence margin: a figure of the plan, named by the word margin."""


@dataclass(frozen=True)
class Passage:
    """A text figures are read in: a paragraph, or a table cell with its row and column header."""

    text: str
    where: Message
    header: str = ""
    row: str = ""
    before: str = ""
    """The text before it (earlier paragraphs), where an endpoint named earlier may be found."""


@dataclass(frozen=True)
class Finding:
    """The verdict on one figure."""

    figure: Figure
    passage: Passage
    status: Status
    expected: str = ""
    what: Message | None = None
    """What the figure was attributed to, or why it is impossible."""


@dataclass
class Labels:
    """Arm and endpoint names to find in a text."""

    arms: dict[str, list[str]] = field(default_factory=dict)
    endpoints: dict[str, set[str]] = field(default_factory=dict)


def _norm(text: str) -> str:
    """Fold, lower-case, and read hyphens as spaces ("low-dose" names the arm "Low dose"); length kept."""
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a letter whose lower case is longer (İ): keep it as it is
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in folded)
    return lowered.replace("-", " ")


def _grams(text: str) -> set[str]:
    """Return the words of an English text and the character pairs of a Japanese one."""
    folded = _norm(text)
    words = {word for word in re.findall(r"[a-z]{4,}", folded)}
    cjk = re.sub(r"[a-z\s().,:;、。（）「」]+", "|", folded)
    return words | {cjk[i : i + 2] for i in range(len(cjk) - 1) if "|" not in cjk[i : i + 2]}


def labels_of(release: Release) -> Labels:
    """Return the names of the release's arms, and the distinctive words of its endpoints."""
    labels = Labels()
    for arm in release.design.arms:
        names = [_norm(arm.label[lang]) for lang in LANGUAGES]
        labels.arms[arm.id] = sorted({name for name in names if name}, key=len, reverse=True)
    grams = {
        endpoint.id: set().union(*(_grams(endpoint.label[lang]) for lang in LANGUAGES))
        for endpoint in release.design.endpoints
    }
    for endpoint_id, own in grams.items():
        others = set().union(*(other for other_id, other in grams.items() if other_id != endpoint_id))
        labels.endpoints[endpoint_id] = own - others
    return labels


def targets_of(release: Release, figures: ReleaseFigures) -> list[Target]:
    """Return every computed value of the release a printed figure may stand for (none that is not computable)."""
    return [target for target in _targets(release, figures) if all(_finite(value) for value in target.exact)]


def _finite(value: Exact) -> bool:
    return isinstance(value, Fraction) or math.isfinite(value)


def _targets(release: Release, figures: ReleaseFigures) -> list[Target]:
    """Return every value a figure may stand for, computable or not."""
    arm_label = {arm.id: arm.label for arm in release.design.arms}
    endpoint_label = {endpoint.id: endpoint.label for endpoint in release.design.endpoints}
    kinds = {endpoint.id: endpoint.kind for endpoint in release.design.endpoints}
    found: list[Target] = []
    for (endpoint, arm), computed in figures.arms.items():
        what = {lang: f"{arm_label[arm][lang]}, {endpoint_label[endpoint][lang]}" for lang in LANGUAGES}
        scale = 1 if computed.kind == "continuous" else 100
        if computed.rate is not None:
            found.append(Target("percent", (computed.rate * 100,), endpoint, (arm,), what))
        if computed.mean is not None:
            found.append(Target("number", (computed.mean,), endpoint, (arm,), what))
        if computed.median is not None:
            found.append(Target("number", (Decimal(computed.median),), endpoint, (arm,), what))
        if computed.ci is not None:
            found.append(Target("ci", (computed.ci.low * scale, computed.ci.high * scale), endpoint, (arm,), what))
        if computed.events is not None and computed.analyzed is not None:
            found.append(Target("count", (computed.events, computed.analyzed), endpoint, (arm,), what))
    for analysis_id, (spec, result) in figures.analyses.items():
        kind = kind_of(spec)
        if spec.label is not None:  # the analysis's own label says what it is, endpoint included
            what = {lang: spec.label[lang] for lang in LANGUAGES}
        else:
            what = {
                lang: " / ".join(arm_label[arm][lang] for arm in spec.arms) + f", {endpoint_label[spec.endpoint][lang]}"
                for lang in LANGUAGES
            }
        reference = kind.reference(spec)
        if reference is not None:
            found.append(
                Target("null", (Decimal(repr(reference)) * 100,), spec.endpoint, tuple(spec.arms), what, analysis_id)
            )
        for arm in spec.arms:
            p = kind.quoted(spec, result, "p", arm, None)
            if p is not None and kind.type == "one-sample-binomial":
                arm_what = {
                    lang: f"{arm_label[arm][lang]}, {endpoint_label[spec.endpoint][lang]}" for lang in LANGUAGES
                }
                found.append(Target("p", tuple(p), spec.endpoint, (arm,), arm_what, analysis_id))
        margin = getattr(spec, "margin", None)
        if margin is not None:
            family = "number" if kinds[spec.endpoint] == "continuous" else "diff"
            found.append(
                Target(
                    family, (Decimal(repr(margin)),), spec.endpoint, tuple(spec.arms), what, analysis_id, margin=True
                )
            )
            if getattr(spec, "type", "") == "equivalence":
                found.append(replace(found[-1], exact=(-Decimal(repr(margin)),)))
        effects = [None, *(effect.compare for effect in getattr(spec, "effects", []))]
        for effect in effects:
            estimate = kind.quoted(spec, result, "estimate", None, effect)
            ci = kind.quoted(spec, result, "ci", None, effect)
            family = _estimate_family(kind.type, getattr(spec, "measure", None), kinds[spec.endpoint], effect)
            if estimate is not None and (effect is not None or not effects[1:]):
                found.append(Target(family, tuple(estimate), spec.endpoint, tuple(spec.arms), what, analysis_id))
            if ci is not None and (effect is not None or not effects[1:]):
                found.append(Target("ci", tuple(ci), spec.endpoint, tuple(spec.arms), what, analysis_id))
        p = kind.quoted(spec, result, "p", None, None)
        if p is not None:
            found.append(Target("p", tuple(p), spec.endpoint, tuple(spec.arms), what, analysis_id))
    return found


def _estimate_family(kind: str, measure: str | None, endpoint_kind: str, effect: str | None) -> str:
    """Return the family of figures an analysis's estimate is printed as."""
    if kind == "pooled-proportion":
        return "percent"
    if kind in ("ratio", "hazard-ratio"):
        return {"hazard-ratio": "hazard-ratio", "odds-ratio": "odds-ratio"}.get(str(measure), "ratio")
    if kind in ("non-inferiority", "equivalence"):  # a difference: percentage points for proportions
        return "number" if endpoint_kind == "continuous" else "diff"
    return effect or "number"


def declared_targets(release: Release, figures: ReleaseFigures, targets: Sequence[Target]) -> list[Target]:
    """Return the values the release's quotes declare approximate, with their tolerance."""
    from generator.data.models import prose_fields

    declared: list[Target] = []
    for _, prose in prose_fields(release):
        for quote in prose.quotes:
            if quote.tolerance is None:
                continue
            for target in targets:
                same_analysis = quote.analysis is not None and target.analysis == quote.analysis
                same_cell = quote.endpoint == target.endpoint and quote.arm is not None and target.arms == (quote.arm,)
                family_ok = target.family in ("percent", "number", "diff", "ratio", "odds-ratio", "hazard-ratio")
                if (same_analysis or same_cell) and family_ok and quote.value in ("rate", "estimate", "mean"):
                    declared.append(replace(target, tolerance=Decimal(repr(quote.tolerance))))
    return declared


def _is_japanese(text: str) -> bool:
    return bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))


def _sentence(text: str, start: int) -> tuple[int, int]:
    """Return the bounds of the sentence around position start."""
    ends = [m.end() for m in re.finditer(r"。|\.\s+(?=[A-Z(])|\n", text)]
    begin = max([end for end in ends if end <= start], default=0)
    finish = min([end for end in ends if end > start], default=len(text))
    return begin, finish


_CLAUSE_BREAK = re.compile(r"[、,;]|\s(?:and|but|while|whereas|versus|vs\.?|compared\s+with)\s|対")


def _clause(text: str, begin: int, finish: int, at: int) -> tuple[int, int]:
    """Return the bounds of the clause around position at: split at commas and conjunctions outside parentheses."""
    depth = 0
    breaks = [begin]
    folded = fold(text)
    position = begin
    while position < finish:
        char = folded[position]
        if char in "(「":
            depth += 1
        elif char in ")」":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _CLAUSE_BREAK.match(folded, position)
            if match is not None:
                breaks.append(match.end())
                position = match.end()
                continue
        position += 1
    breaks.append(finish)
    first = max(point for point in breaks if point <= at)
    last = min(point for point in breaks if point > at)
    return first, last


def _arm_mentions(text: str, labels: Labels) -> list[tuple[int, str]]:
    normalized = _norm(text)
    mentions: list[tuple[int, str]] = []
    for arm, names in labels.arms.items():
        for name in names:
            mentions.extend((match.start(), arm) for match in re.finditer(re.escape(name), normalized))
    return sorted(set(mentions))


def _endpoints_named(text: str, labels: Labels) -> list[str]:
    grams = _grams(text)
    scores = {endpoint: len(own & grams) for endpoint, own in labels.endpoints.items()}
    best = max(scores.values(), default=0)
    return [endpoint for endpoint, score in scores.items() if score == best] if best else []


def _only_arm(text: str, labels: Labels) -> str | None:
    arms = {arm for _, arm in _arm_mentions(text, labels)}
    return arms.pop() if len(arms) == 1 else None


@dataclass(frozen=True)
class _Scope:
    arm: str | None
    endpoints: tuple[str, ...]


def _scope(passage: Passage, figure: Figure, figures: Sequence[Figure], labels: Labels) -> _Scope:
    """Return the arm and endpoints the context of a figure names."""
    if passage.header or passage.row:
        named = _only_arm(passage.header, labels) or _only_arm(passage.row + " " + passage.text, labels)
        named_endpoints = _endpoints_named(passage.row + " " + passage.text, labels) or _endpoints_named(
            passage.header, labels
        )
        return _Scope(named, tuple(named_endpoints))
    text = passage.text
    begin, finish = _sentence(text, figure.start)
    first, last = _clause(text, begin, finish, figure.start)
    mentions = [(begin + position, arm) for position, arm in _arm_mentions(text[begin:finish], labels)]
    in_clause = {arm for position, arm in mentions if first <= position < last}
    before = [arm for position, arm in mentions if position < figure.start]
    arm: str | None
    respectively = _respectively(text, begin, finish, figure, figures, mentions)
    if respectively is not None:
        arm = respectively or None
    elif len(in_clause) == 1:
        arm = in_clause.pop()
    elif in_clause:
        near = [arm for position, arm in mentions if first <= position < figure.start]
        arm = near[-1] if near else None
    else:
        arm = before[-1] if before else None
    endpoints = _endpoints_named(text[begin:finish], labels) or _endpoints_named(
        passage.before + text[: figure.start], labels
    )
    return _Scope(arm, tuple(endpoints))


_RESPECTIVELY = re.compile(r"それぞれ|respectively", re.IGNORECASE)


def _respectively(
    text: str, begin: int, finish: int, figure: Figure, figures: Sequence[Figure], mentions: Sequence[tuple[int, str]]
) -> str | None:
    """Return the arm of a figure in "A and B were 66.7% and 55.6%, respectively" ("" when they do not pair).

    None when the sentence says neither "respectively" nor それぞれ.
    """
    if not _RESPECTIVELY.search(text[begin:finish]):
        return None
    arms = list(dict.fromkeys(arm for _, arm in mentions))
    same = [other for other in figures if begin <= other.start < finish and _family(other) == _family(figure)]
    if len(arms) != len(same):
        return ""
    return arms[same.index(figure)]


def _family(figure: Figure, header: str = "") -> str:
    if figure.kind == "effect":
        return figure.measure or "diff"
    if figure.kind == "range" and figure.measure == "percent":
        return "ci"
    if figure.kind == "number":
        folded = _norm(header)
        if re.search(r"(?<![a-z])p(?![a-z])|p値|p value", folded):
            return "p"
        if "%" in folded or "率" in folded or "rate" in folded:
            return "percent"
        if figure.relation == "<":
            return "p"
    return _FAMILIES.get(figure.kind, figure.kind)


def _expected(figure: Figure, exact: Sequence[Exact]) -> str:
    places = max(figure.decimals, 1) if figure.approximate else figure.decimals
    if _family(figure) == "p" or figure.kind == "p":
        value = to_decimal(exact[0])
        return "<0.0001" if value < Decimal("0.0001") else f"{float(value):.3g}"
    shown = [str(to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)) for value in exact]
    return "-".join(shown)


def _agrees(figure: Figure, exact: Sequence[Exact], tolerance: Decimal | None) -> bool:
    numbers = figure.values()
    if figure.kind == "count":
        expected = [to_decimal(value) for value in exact]
        return numbers == expected[-len(numbers) :] if numbers else False
    if len(numbers) != len(exact):
        return False
    if figure.relation in "<>" and figure.relation != "=":
        value = to_decimal(exact[0])
        return value < numbers[0] if figure.relation == "<" else value > numbers[0]
    if figure.approximate:
        limit = tolerance if tolerance is not None else DEFAULT_TOLERANCE
        return all(abs(number - to_decimal(value)) <= limit for number, value in zip(numbers, exact, strict=True))
    return all(rounds_to(str(number), value) for number, value in zip(figure.numbers, exact, strict=True) if number)


WHAT = N_("{what}, {quantity}")
QUANTITIES = {
    "percent": N_("rate"),
    "number": N_("value"),
    "ci": N_("95% CI"),
    "ci-low": N_("95% CI lower bound"),
    "ci-high": N_("95% CI upper bound"),
    "p": N_("P value"),
    "count": N_("events / analyzed"),
    "null": N_("fixed comparison rate"),
    "diff": N_("difference in percentage points"),
    "ratio": N_("risk ratio"),
    "odds-ratio": N_("odds ratio"),
    "hazard-ratio": N_("hazard ratio"),
    "margin": N_("margin"),
}


class Attributor:
    """Attribute and judge the figures of passages against one release's computed values."""

    def __init__(self, release: Release, figures: ReleaseFigures, lang: str) -> None:
        self.labels = labels_of(release)
        self.targets = targets_of(release, figures)
        self.approximate = declared_targets(release, figures, self.targets)
        self.lang = lang

    def in_language(self, lang: str) -> Attributor:
        """Return the same attributor naming what it attributes in lang."""
        other = copy.copy(self)
        other.lang = lang
        return other

    def judge(self, passage: Passage) -> Iterator[Finding]:
        """Yield a finding for every figure of the passage."""
        figures = recognize(passage.text)
        previous: tuple[Figure, Target] | None = None
        for figure in figures:
            finding, target = self._judge(passage, figure, figures, previous)
            yield finding
            if target is not None:
                previous = (figure, target)
            elif (
                previous is not None
                and _family(figure, passage.header) in _FOLLOWERS
                and _follows(passage.text, previous[0], figure)
            ):
                previous = (figure, previous[1])
            else:
                previous = None

    def _judge(
        self, passage: Passage, figure: Figure, figures: Sequence[Figure], previous: tuple[Figure, Target] | None
    ) -> tuple[Finding, Target | None]:
        family = _family(figure, passage.header)
        impossible = _impossible(passage, figure, figures, family)
        begin, _ = _sentence(passage.text, figure.start)
        named_margin = bool(_MARGIN.search(passage.text[max(begin, figure.start - 30) : figure.start]))
        candidates = [target for target in self.targets if target.family == family and target.margin == named_margin]
        if figure.approximate and family in _SCALAR:
            declared = [target for target in self.approximate if target.family == family]
            candidates = declared or candidates
        elif previous is not None and family in _FOLLOWERS and _follows(passage.text, previous[0], figure):
            anchor = previous[1]
            candidates = [
                target
                for target in candidates
                if target.endpoint == anchor.endpoint
                and target.arms == anchor.arms
                and target.analysis == anchor.analysis
            ]
            if family == "p" and not candidates:  # a one-sample test's P follows its arm's rate
                candidates = [
                    target
                    for target in self.targets
                    if target.family == "p" and target.endpoint == anchor.endpoint and target.arms == anchor.arms
                ]
        else:
            scope = _scope(passage, figure, figures, self.labels)
            begin = _sentence(passage.text, figure.start)[0]
            if family == "number" and _DIFFERENCE.search(passage.text[begin : figure.start]):
                # "the difference ... was −6.0": a comparison's estimate, not an arm's own mean
                candidates = [target for target in candidates if len(target.arms) > 1 and target.analysis]
                scope = _Scope(None, scope.endpoints)
            if scope.arm is not None:
                own = [target for target in candidates if target.arms == (scope.arm,)]
                candidates = own or [target for target in candidates if scope.arm in target.arms]
            if scope.endpoints:
                candidates = [target for target in candidates if target.endpoint in scope.endpoints]
        expected = {(_expected(figure, target.exact), target.tolerance) for target in candidates}
        if len(expected) != 1:
            if impossible is not None:
                return impossible, None
            return Finding(figure, passage, "unattributed"), None
        target = candidates[0]
        what = self._what(target, figure)
        if _agrees(figure, target.exact, target.tolerance):
            # It is what the data gives: a count or interval beside it that disagrees is judged on its own.
            return Finding(figure, passage, "agreed", _expected(figure, target.exact), what), target
        return self._disagreement(passage, figure, target), target

    def _what(self, target: Target, figure: Figure, quantity: str | None = None) -> Message:
        return Message(
            WHAT,
            {
                "what": target.what[self.lang],
                "quantity": Message(QUANTITIES[quantity or ("margin" if target.margin else target.family)]),
            },
        )

    def _disagreement(self, passage: Passage, figure: Figure, target: Target) -> Finding:
        if target.family == "ci" and not figure.approximate:
            bounds = [
                (number, value, name)
                for number, value, name in zip(figure.numbers, target.exact, ("ci-low", "ci-high"), strict=True)
                if not rounds_to(number, value)
            ]
            if len(bounds) == 1:
                number, value, name = bounds[0]
                offset = fold(figure.printed).rfind(number) if name == "ci-high" else fold(figure.printed).find(number)
                start = figure.start + max(offset, 0)
                single = replace(figure, printed=number, numbers=(number,), start=start, end=start + len(number))
                return Finding(
                    single, passage, "disagreed", _expected(single, [value]), self._what(target, figure, name)
                )
        expected = _expected(figure, target.exact)
        if figure.kind == "count":
            expected = "/".join(str(value) for value in target.exact)
        if figure.approximate:
            limit = target.tolerance if target.tolerance is not None else DEFAULT_TOLERANCE
            expected = f"{expected} ± {limit.normalize():f}"
        return Finding(figure, passage, "disagreed", expected, self._what(target, figure))


def _follows(text: str, first: Figure, second: Figure) -> bool:
    """Return whether second comes right after first, as an interval or count in its parenthesis."""
    gap = fold(text[first.end : second.start])
    return len(gap) <= GAP and not re.search(r"[。;\d]|\.\s", _LEVEL_WORDS.sub("", gap))


_LEVEL_WORDS = re.compile(r"\d+(?:\.\d+)?\s*%\s*(?:CI|信頼区間|confidence)", re.IGNORECASE)


IMPOSSIBLE_PERCENT = N_("a percentage some count out of {n} gives")
IMPOSSIBLE_CI = N_("an interval that contains its estimate {estimate}")
IMPOSSIBLE_P = N_("a P value above 0 and at most 1")


def _impossible(passage: Passage, figure: Figure, figures: Sequence[Figure], family: str) -> Finding | None:
    """Return a finding when no data can give the figure: GRIM, an interval without its estimate, a P of 0."""
    index = figures.index(figure)
    if family == "p" and figure.relation == "=" and not Decimal(0) < figure.values()[0] <= 1:
        return Finding(figure, passage, "impossible", "0 < P ≤ 1", Message(IMPOSSIBLE_P))
    if family == "percent" and not figure.approximate and index + 1 < len(figures):
        count = figures[index + 1]
        if count.kind == "count" and _follows(passage.text, figure, count):
            n = int(count.numbers[1])
            possible = [Fraction(k * 100, n) for k in range(n + 1)] if n else []
            if count.numbers[0]:
                possible = [Fraction(int(count.numbers[0]) * 100, n)] if n else []
            if not any(rounds_to(figure.numbers[0], value) for value in possible):
                nearest = min(possible, key=lambda value: abs(to_decimal(value) - figure.values()[0]), default=None)
                shown = "" if nearest is None else _expected(figure, [nearest])
                return Finding(figure, passage, "impossible", shown, Message(IMPOSSIBLE_PERCENT, {"n": n}))
    if family == "ci" and index > 0 and figure.kind == "range":
        estimate = figures[index - 1]
        if estimate.kind in ("percent", "number", "effect") and _follows(passage.text, estimate, figure):
            low, high = figure.values()
            value = estimate.values()[0]
            if not low <= value <= high:
                return Finding(
                    figure, passage, "impossible", "", Message(IMPOSSIBLE_CI, {"estimate": estimate.printed})
                )
    return None
