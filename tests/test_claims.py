"""Claims that fit the design: each listed word, the warnings of check and --strict, attributions, caveats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build.project import Project
from generator.build.site import generate
from generator.data.claims import CATEGORIES, wording
from generator.data.languages import LANGUAGES
from generator.data.loader import load_releases
from generator.errors import ClaimsError, DataError
from generator.stats import caveats, compute
from tests.conftest import EXAMPLES_DIR, ROOT, real_release
from tests.design_helpers import (
    COHORT,
    CONTINUOUS,
    DIAGNOSTIC,
    NON_INFERIORITY,
    check,
    copy,
    edit,
    rewrite,
    unquote,
)


def test_a_causal_headline_in_the_cohort_warns_naming_the_field_and_the_words(tmp_path: Path) -> None:
    data = copy(tmp_path, COHORT)
    release = data / COHORT / "release.yaml"
    edit(release, "ja: 毎日の歩行は心不全のリスクの低さと関連（架空の例）", "ja: 毎日の歩行が心不全を防ぐ（架空の例）")
    edit(
        release,
        "en: Daily walking was linked to a lower risk of heart failure (a made-up example)",
        "en: Daily walking prevents heart failure (a made-up example)",
    )
    result = check(data)
    assert result.returncode == 0, result.stderr
    reason = "causal wording in an observational study, whose numbers show an association, not a cause"
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"examples/{COHORT}/release.yaml:11: headline.ja: warning: “防ぐ”: {reason}",
        f"examples/{COHORT}/release.yaml:12: headline.en: warning: “prevents”: {reason}",
    ]
    strict = check(data, "--strict")
    assert strict.returncode == 1
    assert "headline.en: warning: “prevents”" in strict.stderr
    assert "check passed" not in strict.stderr
    japanese = check(data, "--lang", "ja")
    assert "headline.en: 警告: 「prevents」: 因果を示す表現" in japanese.stderr


def test_the_examples_as_written_give_no_warning() -> None:
    result = check(EXAMPLES_DIR, "--strict")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def test_an_attributed_claim_warns_as_attributed_and_passes_strict(tmp_path: Path) -> None:
    data = copy(tmp_path, COHORT)
    release = data / COHORT / "release.yaml"
    edit(
        release,
        "  - ja: 歩行を勧める効果を確かめるには、無作為化試験が必要です。\n"
        "    en: A randomized trial is needed to find out whether advising people to walk has an effect.",
        "  - ja: 審査委員会は、歩行が心不全を防ぐと判断しました。\n"
        "    en: The review board judged that walking prevents heart failure.\n"
        "    attribution: {by: {ja: 架空審査委員会, en: the Example Review Board}}",
    )
    result = check(data, "--strict")
    assert result.returncode == 0, result.stderr
    assert "outlook[0].en: warning (claim attributed to the Example Review Board): “prevents”" in result.stderr


def test_a_superiority_variant_of_the_non_inferiority_trial_warns(tmp_path: Path) -> None:
    data = copy(tmp_path, NON_INFERIORITY)
    release = data / NON_INFERIORITY / "release.yaml"
    edit(
        release,
        "en: Five days of antibiotics were non-inferior to ten days",
        "en: Five days of antibiotics were superior to ten days",
    )
    edit(release, "ja: 5日間の抗菌薬治療は10日間の治療に劣らない", "ja: 5日間の抗菌薬治療は10日間の治療より優れる")
    result = check(data)
    assert result.returncode == 0, result.stderr
    reason = (
        "superiority wording in a non-inferiority or equivalence comparison whose interval does not show superiority"
    )
    warnings = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [f"headline.ja: warning: “優れ”: {reason}", f"headline.en: warning: “superior”: {reason}"]


@pytest.mark.parametrize(
    ("lang", "category", "word"),
    [(lang, category, word) for lang in LANGUAGES for category in CATEGORIES for word in wording(lang)[category].words],
)
def test_each_listed_word_is_found_in_a_sentence(lang: str, category: str, word: str) -> None:
    sentence = f"In 2026 the team said {word.upper()} here." if lang == "en" else f"研究チームは{word}と述べました。"
    assert word in wording(lang)[category].found(sentence)


@pytest.mark.parametrize(
    ("lang", "category", "phrase"),
    [
        (lang, category, phrase)
        for lang in LANGUAGES
        for category in CATEGORIES
        for phrase in wording(lang)[category].exceptions
    ],
)
def test_each_listed_exception_makes_no_claim(lang: str, category: str, phrase: str) -> None:
    assert wording(lang)[category].found(f"研究チームは{phrase}と述べました。") == []


@pytest.mark.parametrize(
    ("lang", "category", "text"),
    [
        ("en", "significance", "an insignificant change"),
        ("en", "safety", "the safety of the drug was assessed"),
        ("en", "causal", "the cause-specific mortality"),
        ("en", "people", "a menu"),
        ("ja", "significance", "有意義な研究"),
    ],
)
def test_words_inside_other_words_are_not_claims(lang: str, category: str, text: str) -> None:
    assert wording(lang)[category].found(text) == []


def test_each_design_gets_its_caveats() -> None:
    loaded = {item.release.id: item.release for item in load_releases(EXAMPLES_DIR)}
    real = real_release().release

    def ids(release_id: str | None) -> list[str]:
        release = real if release_id is None else loaded[release_id]
        found = caveats.caveats(release, compute.release_figures(release))
        return [key for key, message in caveats.CAVEATS.items() for msgid, _ in found if msgid == message]

    assert ids(COHORT) == ["observational", "not-randomized"]
    assert ids(NON_INFERIORITY) == []
    assert ids(DIAGNOSTIC) == []
    assert ids(None) == ["single-group", "few"]


def test_the_real_release_warns_on_its_unattributed_safety_claim() -> None:
    site = generate(Project(ROOT), draw=False)
    found = [(warning.field, warning.found, warning.attributed is not None) for warning in site.warnings]
    assert found == [
        ("subtitle.ja", "安全", False),
        ("subtitle.en", "safe", False),
        ("lead[0].ja", "安全", True),
        ("lead[0].en", "safe", True),
    ]
    with pytest.raises(ClaimsError):
        generate(Project(ROOT), draw=False, strict=True)


def test_an_attribution_cites_a_listed_source(tmp_path: Path) -> None:
    data = copy(tmp_path, COHORT)
    edit(
        data / COHORT / "release.yaml",
        "  - ja: 歩行を勧める効果を確かめるには、無作為化試験が必要です。\n"
        "    en: A randomized trial is needed to find out whether advising people to walk has an effect.",
        "  - ja: 審査委員会は、歩行が心不全を防ぐと判断しました。\n"
        "    en: The review board judged that walking prevents heart failure.\n"
        "    attribution: {by: {ja: 架空審査委員会, en: the Example Review Board}, source: minutes}",
    )
    with pytest.raises(DataError) as caught:
        load_releases(data)
    (problem,) = caught.value.problems
    assert problem.render(lambda message: message).endswith(
        "outlook[0].attribution.source: expected a source listed under analysis.sources, found 'minutes'"
    )


def test_significance_without_a_test_and_people_from_animals_warn(tmp_path: Path) -> None:
    data = copy(tmp_path, NON_INFERIORITY)
    release = data / NON_INFERIORITY / "release.yaml"
    edit(
        release,
        "en: Further studies will look at whether shorter treatment reduces the use of antibiotics.",
        "en: Shorter treatment was significantly better tolerated by patients.",
    )
    edit(release, "subjects: [people]", "subjects: [animals]")
    result = check(data)
    assert result.returncode == 0, result.stderr
    warnings = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "design.summary.en: warning: “patients”: a claim about people from a study in animals or cells",
        "outlook[0].en: warning: “significantly”: a claim of significance, but the data hold no test",
        "outlook[0].en: warning: “patients”: a claim about people from a study in animals or cells",
    ]


def test_significance_with_no_p_below_its_level_warns(tmp_path: Path) -> None:
    data = copy(tmp_path, CONTINUOUS)
    release = data / CONTINUOUS / "release.yaml"

    def not_significant(document: dict[str, Any]) -> None:
        unquote(document["subtitle"])
        document["analysis"]["analyses"][0].pop("published")
        document["results"]["cells"][0]["mean"] = -3.0  # a difference of 0.5 with SDs near 9: P about 0.77
        document["outlook"][0]["en"] = "The exercise program significantly lowered blood pressure."

    rewrite(release, not_significant)
    result = check(data)
    assert result.returncode == 0, result.stderr
    assert (
        "outlook[0].en: warning: “significantly”: a claim of significance, but no P value is below its "
        "significance level"
    ) in result.stderr
