"""Warn where a release's words claim more than its design and data show.

The most common fault of health press releases is to say more than the study found: a cause
from an association, a claim about people from animals, advice or safety the data do not
address (Sumner et al., BMJ 2014;349:g7015). Each text of a release (headline, subtitle, lead,
key points, summary, outlook) is searched, in each language, for the wording listed in
locales/<lang>/claims.yaml; a word is a warning when the design or the data do not support it:

- causal wording in an observational study;
- "safe" with no safety outcome in the data;
- "significant" with no test in the data, or no P below its level;
- superiority wording where a non-inferiority or equivalence analysis does not show superiority;
- a claim about people from a study in animals or cells only.

A text may attribute its claim (the review board's judgement, with its source): its warnings are
still shown, marked as attributed, and `check --strict` does not count them as errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.data.analyses import kind_of
from generator.data.analyses.base import AnalysisBase, Formatter
from generator.data.claims import wording
from generator.data.languages import LANGUAGES
from generator.data.loader import LoadedRelease
from generator.data.models import Release, prose_fields
from generator.data.positions import field_path, line_of
from generator.errors import N_, ClaimWarning, Message
from generator.stats.compute import ReleaseFigures

OBSERVATIONAL = ("observational", "case-series")
"""Study types (labels.study_type) that show associations, not causes."""

REASONS = {
    "causal": N_("causal wording in an observational study, whose numbers show an association, not a cause"),
    "safety": N_("a claim of safety, but the data hold no safety outcome"),
    "significance-untested": N_("a claim of significance, but the data hold no test"),
    "significance-above": N_("a claim of significance, but no P value is below its significance level"),
    "superiority": N_(
        "superiority wording in a non-inferiority or equivalence comparison whose interval does not show superiority"
    ),
    "people": N_("a claim about people from a study in animals or cells"),
}


def is_observational(release: Release) -> bool:
    """Return whether the release reports an observational study."""
    if release.labels is not None and release.labels.study_type in OBSERVATIONAL:
        return True
    return release.study is not None and release.study.kind == "observational"


def _p_values(release: Release, figures: ReleaseFigures) -> list[tuple[float | None, float]]:
    """Return every test's P (None when not computable) with its level: the analysis's alpha, else 1 - CI level."""
    fmt = Formatter("en", lambda message: message, release.analysis.ci.level)
    labels = {arm.id: arm.id for arm in release.design.arms}
    found: list[tuple[float | None, float]] = []
    for spec, result in figures.analyses.values():
        level = getattr(spec, "alpha", None) or round(1 - release.analysis.ci.level, 10)
        found.extend((test.p, level) for test in kind_of(spec).tests(spec, result, labels, fmt))
    return found


def _analyses(figures: ReleaseFigures, *types: str) -> list[tuple[AnalysisBase, Any]]:
    return [(spec, result) for spec, result in figures.analyses.values() if getattr(spec, "type", None) in types]


def unsupported(release: Release, figures: ReleaseFigures) -> dict[str, str]:
    """Return, for each category of claim the data do not support, the reason's key."""
    found: dict[str, str] = {}
    if is_observational(release):
        found["causal"] = "causal"
    if not any(endpoint.role == "safety" for endpoint in release.design.endpoints):
        found["safety"] = "safety"
    tests = _p_values(release, figures)
    if not tests:
        found["significance"] = "significance-untested"
    elif not any(p is not None and p < level for p, level in tests):
        found["significance"] = "significance-above"
    margins = _analyses(figures, "non-inferiority", "equivalence")
    if margins and not any(result.superior for _, result in margins):
        found["superiority"] = "superiority"
    if release.labels is not None and "people" not in release.labels.subjects:
        found["people"] = "people"
    return found


def check_claims(loaded: LoadedRelease, figures: ReleaseFigures) -> Iterator[ClaimWarning]:
    """Yield one warning per text, language and kind of claim the design or data do not support."""
    release = loaded.release
    categories = unsupported(release, figures)
    if not categories:
        return
    for loc, prose in prose_fields(release):
        attributed = prose.attribution
        for lang in LANGUAGES:
            lists = wording(lang)
            for category, reason in categories.items():
                words = lists[category].found(prose[lang])
                if not words:
                    continue
                where = (*loc, lang)
                yield ClaimWarning(
                    loaded.file,
                    field_path(where),
                    Message(REASONS[reason]),
                    ", ".join(words),
                    line_of(loaded.lines, where),
                    attributed=None if attributed is None else attributed.by[lang],
                )
