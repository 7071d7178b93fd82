"""Observational, non-inferiority and diagnostic designs: the examples' numbers, their checks, claims and caveats.

Every example figure is recomputed here by a second formula (the textbook one, written out) or
compared with published values, so a change in the library path cannot move both sides.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from scipy.stats import binomtest

from generator.build.project import Project
from generator.build.site import generate
from generator.data.analyses.non_inferiority import conclude
from generator.data.analyses.ratio import implied_p_range, significance_conflict
from generator.data.claims import CATEGORIES, wording
from generator.data.languages import LANGUAGES
from generator.data.loader import load_releases
from generator.errors import ClaimsError, DataError, VerificationError
from generator.maths import inference, numbers
from generator.outputs.figure import Axis, FigurePanel, FigureRow, FigureSpec
from generator.outputs.figure_svg import render_svg
from generator.stats import caveats, compute
from tests.conftest import EXAMPLES_DIR, ROOT, real_release

COHORT = "2026-06-01-cohort"
NON_INFERIORITY = "2026-06-15-non-inferiority"
DIAGNOSTIC = "2026-07-01-diagnostic"
CONTINUOUS = "2026-04-01-continuous"
PLACEBO = "2026-02-10-placebo-trial"
Z95 = 1.959963984540054
SVG = "{http://www.w3.org/2000/svg}"


def _copy(tmp_path: Path, *ids: str) -> Path:
    data = tmp_path / "examples"
    for release_id in ids:
        shutil.copytree(EXAMPLES_DIR / release_id, data / release_id)
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(ROOT), "--data", str(data), *extra],
        capture_output=True,
        text=True,
        check=False,
    )


def _normal_p(z: float) -> float:
    """Two-sided P of a standard normal z, from the error function (no SciPy)."""
    return math.erfc(abs(z) / math.sqrt(2))


# Cohort: adjusted HR 0.76 (95% CI 0.65-0.89).


def test_the_cohort_ratio_implies_p_0_0006_and_0_0003_to_0_0013_over_its_rounding() -> None:
    # Altman & Bland (BMJ 2011;343:d2090), by hand: SE = (ln U - ln L) / (2 x 1.96), z = ln(est) / SE.
    se = (math.log(0.89) - math.log(0.65)) / (2 * Z95)
    assert round(_normal_p(math.log(0.76) / se), 4) == 0.0006
    corners = [
        _normal_p(math.log(estimate) / ((math.log(high) - math.log(low)) / (2 * Z95)))
        for estimate in (0.755, 0.765)
        for low in (0.645, 0.655)
        for high in (0.885, 0.895)
    ]
    low, high = implied_p_range("0.76", "0.65", "0.89", 0.95, "two-sided")
    assert (low, high) == pytest.approx((min(corners), max(corners)), rel=1e-9)
    assert (round(low, 4), round(high, 4)) == (0.0003, 0.0013)


def test_the_cohort_example_with_p_0_03_fails_check_naming_the_field(tmp_path: Path) -> None:
    data = _copy(tmp_path, COHORT)
    _edit(data / COHORT / "release.yaml", 'p: "0.001"', 'p: "0.03"')
    result = _check(data)
    assert result.returncode == 1, result.stderr
    (line,) = [text for text in result.stderr.splitlines() if "reported.p" in text]
    assert line.endswith(
        "analysis.analyses[0].reported.p: expected the P implied by the printed CI: 0.000252 to 0.00135, found '0.03'"
    )
    assert "Traceback" not in result.stderr


def test_a_causal_headline_in_the_cohort_warns_naming_the_field_and_the_words(tmp_path: Path) -> None:
    data = _copy(tmp_path, COHORT)
    release = data / COHORT / "release.yaml"
    _edit(release, "ja: 毎日の歩行は心不全のリスクの低さと関連（架空の例）", "ja: 毎日の歩行が心不全を防ぐ（架空の例）")
    _edit(
        release,
        "en: Daily walking was linked to a lower risk of heart failure (a made-up example)",
        "en: Daily walking prevents heart failure (a made-up example)",
    )
    result = _check(data)
    assert result.returncode == 0, result.stderr
    reason = "causal wording in an observational study, whose numbers show an association, not a cause"
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"examples/{COHORT}/release.yaml:11: headline.ja: warning: “防ぐ”: {reason}",
        f"examples/{COHORT}/release.yaml:12: headline.en: warning: “prevents”: {reason}",
    ]
    strict = _check(data, "--strict")
    assert strict.returncode == 1
    assert "headline.en: warning: “prevents”" in strict.stderr
    assert "check passed" not in strict.stderr
    japanese = _check(data, "--lang", "ja")
    assert "headline.en: 警告: 「prevents」: 因果を示す表現" in japanese.stderr


def test_the_examples_as_written_give_no_warning() -> None:
    result = _check(EXAMPLES_DIR, "--strict")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def test_an_attributed_claim_warns_as_attributed_and_passes_strict(tmp_path: Path) -> None:
    data = _copy(tmp_path, COHORT)
    release = data / COHORT / "release.yaml"
    _edit(
        release,
        "  - ja: 歩行を勧める効果を確かめるには、無作為化試験が必要です。\n"
        "    en: A randomized trial is needed to find out whether advising people to walk has an effect.",
        "  - ja: 審査委員会は、歩行が心不全を防ぐと判断しました。\n"
        "    en: The review board judged that walking prevents heart failure.\n"
        "    attribution: {by: {ja: 架空審査委員会, en: the Example Review Board}}",
    )
    result = _check(data, "--strict")
    assert result.returncode == 0, result.stderr
    assert "outlook[0].en: warning (claim attributed to the Example Review Board): “prevents”" in result.stderr


# Non-inferiority: 180/200 vs 176/200, margin -10 points.


def test_the_non_inferiority_example_is_non_inferior_with_newcombe_minus_4_2_to_8_3() -> None:
    # Newcombe's method 10 from Wilson intervals written out (inference.newcombe_difference), not statsmodels.
    interval = inference.newcombe_difference(180, 200, 176, 200)
    assert (round(interval.low * 100, 1), round(interval.high * 100, 1)) == (-4.2, 8.3)
    estimate, low, high = inference.two_proportions_ci(180, 200, 176, 200, "diff", "newcomb")
    assert (low, high) == pytest.approx((interval.low, interval.high), abs=1e-12)
    assert round(estimate * 100, 1) == 2.0
    assert conclude("non-inferiority", -10, low * 100, high * 100) == ("non-inferior", False)
    loaded = load_releases(EXAMPLES_DIR)
    item = next(item for item in loaded if item.release.id == NON_INFERIORITY)
    _, result = compute.release_figures(item.release).analyses["primary"]
    assert (result.conclusion, result.superior) == ("non-inferior", False)


@pytest.mark.parametrize(
    ("kind", "margin", "low", "high", "expected"),
    [
        ("non-inferiority", -10, -4.2, 8.3, ("non-inferior", False)),
        ("non-inferiority", -10, 1.0, 8.3, ("non-inferior", True)),
        ("non-inferiority", -10, -12.0, 3.0, ("inconclusive", False)),
        ("non-inferiority", -10, -20.0, -11.0, ("inferior", False)),
        ("non-inferiority", 5, -3.0, 4.0, ("non-inferior", False)),
        ("non-inferiority", 5, -3.0, 6.0, ("inconclusive", False)),
        ("non-inferiority", 5, 5.5, 9.0, ("inferior", False)),
        ("equivalence", 10, -4.2, 8.3, ("equivalent", False)),
        ("equivalence", 5, -4.2, 8.3, ("not-equivalent", False)),
    ],
)
def test_conclusions_follow_piaggio_2012(
    kind: str, margin: float, low: float, high: float, expected: tuple[str, bool]
) -> None:
    assert conclude(kind, margin, low, high) == expected


def test_a_one_sided_97_5_interval_has_the_bounds_of_the_two_sided_95() -> None:
    assert inference.two_sided_level(0.975, "one-sided") == pytest.approx(0.95)
    assert inference.two_sided_level(0.95, "two-sided") == 0.95


def test_a_superiority_variant_of_the_non_inferiority_trial_warns(tmp_path: Path) -> None:
    data = _copy(tmp_path, NON_INFERIORITY)
    release = data / NON_INFERIORITY / "release.yaml"
    _edit(
        release,
        "en: Five days of antibiotics were non-inferior to ten days",
        "en: Five days of antibiotics were superior to ten days",
    )
    _edit(release, "ja: 5日間の抗菌薬治療は10日間の治療に劣らない", "ja: 5日間の抗菌薬治療は10日間の治療より優れる")
    result = _check(data)
    assert result.returncode == 0, result.stderr
    reason = (
        "superiority wording in a non-inferiority or equivalence comparison whose interval does not show superiority"
    )
    warnings = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [f"headline.ja: warning: “優れ”: {reason}", f"headline.en: warning: “superior”: {reason}"]


def test_a_stated_conclusion_the_interval_does_not_give_fails_check(tmp_path: Path) -> None:
    data = _copy(tmp_path, NON_INFERIORITY)
    _edit(data / NON_INFERIORITY / "release.yaml", "margin: -10", "margin: -4")
    with pytest.raises(VerificationError) as caught:
        generate(Project(ROOT, data), draw=False)
    (problem,) = caught.value.problems
    assert problem.render(lambda message: message).endswith(
        "analysis.analyses[0].conclusion: expected the conclusion the interval gives against the margin: "
        "inconclusive, found 'non-inferior'"
    )


# Diagnostic accuracy: TP 90, FN 10, FP 30, TN 170.

DIAGNOSTIC_VALUES = {
    # measure: (numerator, denominator, printed estimate, printed interval) from issue 19 / FACTS (STARD 2015).
    "sensitivity": (90, 100, "90.0", ("82.4", "95.1")),
    "specificity": (170, 200, "85.0", ("79.3", "89.6")),
    "ppv": (90, 120, "75.0", ("66.3", "82.5")),
    "npv": (170, 180, "94.4", ("90.0", "97.3")),
}


@pytest.mark.parametrize("measure", list(DIAGNOSTIC_VALUES))
def test_diagnostic_accuracy_matches_clopper_pearson_from_scipy_binomtest(measure: str) -> None:
    numerator, denominator, estimate, (low, high) = DIAGNOSTIC_VALUES[measure]
    # A second path: SciPy's binomtest root search, not the beta quantiles the generator uses.
    reference = binomtest(numerator, denominator).proportion_ci(confidence_level=0.95, method="exact")
    assert f"{reference.low * 100:.1f}" == low and f"{reference.high * 100:.1f}" == high
    loaded = load_releases(EXAMPLES_DIR)
    item = next(item for item in loaded if item.release.id == DIAGNOSTIC)
    _, result = compute.release_figures(item.release).analyses["accuracy"]
    proportion = result.proportions[measure]
    assert (proportion.numerator, proportion.denominator) == (numerator, denominator)
    assert numbers.rounds_to(estimate, proportion.value * 100)
    assert (proportion.low, proportion.high) == pytest.approx((reference.low, reference.high), abs=1e-9)


def test_likelihood_ratios_match_simel_1991() -> None:
    # LR+ = sens / (1 - spec), SE of ln LR+ = sqrt(1/TP - 1/(TP+FN) + 1/FP - 1/(FP+TN)) (Simel et al. 1991).
    tp, fn, fp, tn = 90, 10, 30, 170
    lr = (tp / (tp + fn)) / (fp / (fp + tn))
    se = math.sqrt(1 / tp - 1 / (tp + fn) + 1 / fp - 1 / (fp + tn))
    estimate, low, high = inference.two_proportions_ci(tp, tp + fn, fp, fp + tn, "ratio", "log")
    assert (estimate, low, high) == pytest.approx((lr, lr * math.exp(-Z95 * se), lr * math.exp(Z95 * se)))
    assert (f"{estimate:.1f}", f"{low:.1f}", f"{high:.1f}") == ("6.0", "4.3", "8.4")


def test_the_three_examples_show_their_numbers_on_both_results_pages() -> None:
    files = generate(Project(ROOT, EXAMPLES_DIR), draw=False).files
    expected = {
        COHORT: ["0.76", "0.65", "0.89"],
        NON_INFERIORITY: ["2.0", "−4.2", "8.3", "−10"],
        DIAGNOSTIC: ["90.0", "82.4", "95.1", "85.0", "79.3", "89.6", "75.0", "66.3", "82.5", "94.4", "90.0", "97.3"],
    }
    for release_id, figures in expected.items():
        for lang in LANGUAGES:
            page = files[f"{lang}/{release_id}/results.md"].decode()
            for figure in figures:
                assert figure in page, (lang, release_id, figure)


# Undefined statistics.


def test_a_nan_or_an_infinity_is_never_formatted_as_a_number() -> None:
    for value in (math.nan, math.inf, -math.inf):
        for formatter in (numbers.p_value, numbers.scientific):
            with pytest.raises(numbers.NotFinite):
                formatter(value, "en")
        with pytest.raises(numbers.NotFinite):
            numbers.number(value, 1, "ja")


def test_a_nan_p_from_a_library_is_not_computable_rather_than_0() -> None:
    with pytest.raises(inference.NotComputable) as caught:
        inference.two_proportions_p(0, 40, 0, 41, "wald")
    assert caught.value.reason == inference.ALL_OR_NONE
    with pytest.raises(inference.NotComputable) as caught:
        inference.mean_difference(5.0, 0.0, 10, 5.0, 0.0, 12)
    assert caught.value.reason == inference.NO_VARIATION


@pytest.mark.parametrize("printed", ["0", "0.000", "0.0"])
def test_a_p_printed_as_0_is_refused(tmp_path: Path, printed: str) -> None:
    data = _copy(tmp_path, COHORT)
    _edit(data / COHORT / "release.yaml", 'p: "0.001"', f'p: "{printed}"')
    with pytest.raises(DataError) as caught:
        load_releases(data)
    (problem,) = caught.value.problems
    assert problem.render(lambda message: message).endswith(
        f"analysis.analyses[0].reported.p: expected a P value above 0 such as <0.001, found '{printed}'"
    )


def test_a_printed_p_that_contradicts_the_interval_on_significance_is_found() -> None:
    alpha_message = significance_conflict("0.20", Decimal("0.65"), Decimal("0.89"), 0.95)
    assert alpha_message == "a P below {alpha}, as an interval that excludes 1 implies"
    assert significance_conflict("0.01", Decimal("0.80"), Decimal("1.20"), 0.95) == (
        "an interval that excludes 1, as a P below {alpha} implies"
    )
    assert significance_conflict("<0.001", Decimal("0.80"), Decimal("1.20"), 0.95) is not None
    assert significance_conflict("0.001", Decimal("0.65"), Decimal("0.89"), 0.95) is None
    assert significance_conflict("0.05", Decimal("0.80"), Decimal("1.00"), 0.95) is None  # on the edge


# Claims: each entry of the wording lists.


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


# Caveats.


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


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["date"] = str(document["date"])
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _results(data: Path, release_id: str) -> dict[str, str]:
    files = generate(Project(ROOT, data)).files  # one release: the site is that release
    return {lang: files[f"{lang}/results.md"].decode() for lang in LANGUAGES}


def _p_cells(page: str) -> list[str]:
    return re.findall(r'<td rowspan="\d+">([^<]*)</td>', page)


def test_two_means_with_sd_0_and_equal_means_show_not_computable_and_no_p(tmp_path: Path) -> None:
    data = _copy(tmp_path, CONTINUOUS)

    def constant(document: dict[str, Any]) -> None:
        document["subtitle"].pop("quotes")
        document["analysis"]["analyses"][0].pop("published")
        for cell in document["results"]["cells"]:
            cell.update(mean=-2.5, sd=0)

    _rewrite(data / CONTINUOUS / "release.yaml", constant)
    pages = _results(data, CONTINUOUS)
    assert _p_cells(pages["en"]) == ["not computable: the standard deviation is 0 in both arms"]
    assert _p_cells(pages["ja"]) == ["計算不能：両群とも標準偏差が0です"]
    for page in pages.values():
        assert "&lt;0.0001" not in page and "<0.0001" not in page


def test_a_wald_test_on_0_of_40_vs_0_of_41_shows_not_computable_and_no_p(tmp_path: Path) -> None:
    data = _copy(tmp_path, PLACEBO)

    def no_events(document: dict[str, Any]) -> None:
        document["subtitle"].pop("quotes")
        document["key_points"][0].pop("quotes")
        analysis = document["analysis"]["analyses"][0]
        analysis.update(test="wald")
        analysis.pop("published")
        for cell in document["results"]["cells"]:
            if cell["endpoint"] == "pregnancy":
                cell.update(events=0)
                cell.pop("published")

    _rewrite(data / PLACEBO / "release.yaml", no_events)
    pages = _results(data, PLACEBO)
    assert _p_cells(pages["en"]) == ["not computable: every participant or none had the outcome, in both arms"]
    assert _p_cells(pages["ja"]) == ["計算不能：両群とも、全員がイベントありか、全員がイベントなしです"]


def test_a_printed_p_where_none_can_be_computed_fails_check(tmp_path: Path) -> None:
    data = _copy(tmp_path, CONTINUOUS)

    def constant(document: dict[str, Any]) -> None:
        document["subtitle"].pop("quotes")
        document["analysis"]["analyses"][0]["published"] = {"p": "<0.001"}
        for cell in document["results"]["cells"]:
            cell.update(mean=-2.5, sd=0)

    _rewrite(data / CONTINUOUS / "release.yaml", constant)
    with pytest.raises(VerificationError) as caught:
        generate(Project(ROOT, data), draw=False)
    (problem,) = caught.value.problems
    assert problem.render(lambda message: message).endswith(
        "analysis.analyses[0].published.p: expected not computable (recomputed exact value; "
        "'<x' holds when it is below x), found '<0.001'"
    )


def _nobody(document: dict[str, Any], analysis: dict[str, Any]) -> None:
    """Add an endpoint measured among some participants, with nobody analyzed in either arm, and an analysis of it."""
    document["design"]["endpoints"].append(
        {
            "id": "miscarriage",
            "kind": "binary",
            "role": "other",
            "label": {"ja": "流産", "en": "Miscarriage"},
            "among": {"ja": "妊娠した人", "en": "those who became pregnant"},
        }
    )
    for arm in ("drug", "placebo"):
        document["results"]["cells"].append({"endpoint": "miscarriage", "arm": arm, "events": 0, "analyzed": 0})
    document["analysis"]["analyses"].append(analysis)


def test_a_comparison_of_arms_with_nobody_analyzed_is_not_computable_on_the_page(tmp_path: Path) -> None:
    data = _copy(tmp_path, PLACEBO)
    comparison = {
        "id": "miscarriage",
        "type": "two-proportions",
        "status": "planned",
        "endpoint": "miscarriage",
        "arms": ["drug", "placebo"],
        "effects": [{"compare": "diff"}],
        "test": "fisher-exact",
    }
    _rewrite(data / PLACEBO / "release.yaml", lambda document: _nobody(document, comparison))
    pages = _results(data, PLACEBO)
    assert "not computable: nobody was analyzed in one of the arms" in pages["en"]
    assert "計算不能：解析された人がいない群があります" in pages["ja"]


def test_a_pooled_rate_of_arms_with_nobody_analyzed_is_one_clean_error(tmp_path: Path) -> None:
    data = _copy(tmp_path, PLACEBO)
    pooled = {
        "id": "pooled",
        "type": "pooled-proportion",
        "status": "exploratory",
        "endpoint": "miscarriage",
        "arms": ["drug", "placebo"],
    }

    def change(document: dict[str, Any]) -> None:
        _nobody(document, pooled)
        document["analysis"]["exploratory_statement"] = {"ja": "探索的な解析です。", "en": "An exploratory analysis."}

    _rewrite(data / PLACEBO / "release.yaml", change)
    result = _check(data)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "analysis.analyses[1].arms: expected arms whose figures give the analysis, "
        "found nobody was analyzed in one of the arms"
    )
    assert "Traceback" not in result.stderr


def test_an_attribution_cites_a_listed_source(tmp_path: Path) -> None:
    data = _copy(tmp_path, COHORT)
    _edit(
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


def test_the_non_inferiority_figure_draws_the_margin_beside_the_null_line_in_both_languages() -> None:
    files = generate(Project(ROOT, EXAMPLES_DIR)).files
    for lang, label in (("en", "Margin"), ("ja", "マージン")):
        for name in ("figure.svg", "figure-narrow.svg"):
            root = ET.fromstring(files[f"{lang}/{NON_INFERIORITY}/results/{name}"])
            paths = {element.get("class"): element for element in root.iter(f"{SVG}path")}
            assert "margin" in paths and "reference" in paths
            texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
            assert label in texts
            # The margin (−10) stands left of the null line (0) on the same axis.
            margin_x = float(paths["margin"].get("d", "").split()[0][1:])
            null_x = float(paths["reference"].get("d", "").split()[0][1:])
            assert margin_x < null_x


def test_a_margin_outside_the_axis_is_refused() -> None:
    axis = Axis("linear", -5.0, 10.0, "Risk difference", reference=0.0, reference_label="No difference")
    panel = FigurePanel(
        "Risk difference",
        (FigureRow("A vs B", 2.0, -4.2, 8.3, "2.0"),),
        replace(axis, margins=(-10.0,), margin_label="Margin"),
    )
    with pytest.raises(ValueError, match=re.escape("margin -10.0 is outside the domain")):
        render_svg(FigureSpec(panels=(panel,), title="Results", description="A vs B"))
    unlabeled = replace(panel, axis=replace(axis, margins=(-4.0,)))
    with pytest.raises(ValueError, match="need a label"):
        render_svg(FigureSpec(panels=(unlabeled,), title="Results", description="A vs B"))


def test_significance_without_a_test_and_people_from_animals_warn(tmp_path: Path) -> None:
    data = _copy(tmp_path, NON_INFERIORITY)
    release = data / NON_INFERIORITY / "release.yaml"
    _edit(
        release,
        "en: Further studies will look at whether shorter treatment reduces the use of antibiotics.",
        "en: Shorter treatment was significantly better tolerated by patients.",
    )
    _edit(release, "subjects: [people]", "subjects: [animals]")
    result = _check(data)
    assert result.returncode == 0, result.stderr
    warnings = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "design.summary.en: warning: “patients”: a claim about people from a study in animals or cells",
        "outlook[0].en: warning: “significantly”: a claim of significance, but the data hold no test",
        "outlook[0].en: warning: “patients”: a claim about people from a study in animals or cells",
    ]


def test_significance_with_no_p_below_its_level_warns(tmp_path: Path) -> None:
    data = _copy(tmp_path, CONTINUOUS)
    release = data / CONTINUOUS / "release.yaml"

    def not_significant(document: dict[str, Any]) -> None:
        document["subtitle"].pop("quotes")
        document["analysis"]["analyses"][0].pop("published")
        document["results"]["cells"][0]["mean"] = -3.0  # a difference of 0.5 with SDs near 9: P about 0.77
        document["outlook"][0]["en"] = "The exercise program significantly lowered blood pressure."

    _rewrite(release, not_significant)
    result = _check(data)
    assert result.returncode == 0, result.stderr
    assert (
        "outlook[0].en: warning: “significantly”: a claim of significance, but no P value is below its "
        "significance level"
    ) in result.stderr


def test_equivalence_and_non_inferiority_of_two_means_with_a_one_sided_level(tmp_path: Path) -> None:
    data = _copy(tmp_path, CONTINUOUS)

    def margins(document: dict[str, Any]) -> None:
        def base() -> dict[str, Any]:
            return {"status": "planned", "endpoint": "sbp", "arms": ["exercise", "usual"]}  # no YAML aliases

        document["analysis"]["analyses"] += [
            {"id": "equivalence", "type": "equivalence", "margin": 10, "conclusion": "equivalent", **base()},
            {
                "id": "non-inferiority",
                "type": "non-inferiority",
                "margin": 5,  # lower blood pressure is better: the upper bound must stay below 5
                "level": 0.975,
                "sided": "one-sided",
                "conclusion": "non-inferior",
                **base(),
            },
        ]

    _rewrite(data / CONTINUOUS / "release.yaml", margins)
    item = load_releases(data)[0]
    figures = compute.release_figures(item.release)
    # Welch's interval by hand (Welch-Satterthwaite degrees of freedom), from the cells' n, mean and SD.
    from scipy.stats import t as student

    (na, ma, sa), (nb, mb, sb) = (58, -8.5, 9.1), (57, -2.5, 8.9)
    va, vb = sa**2 / na, sb**2 / nb
    dof = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    half = float(student.ppf(0.975, dof)) * math.sqrt(va + vb)
    for analysis in ("equivalence", "non-inferiority"):
        _, result = figures.analyses[analysis]
        assert (result.estimate, result.low, result.high) == pytest.approx((ma - mb, ma - mb - half, ma - mb + half))
    assert figures.analyses["equivalence"][1].conclusion == "equivalent"
    assert (figures.analyses["non-inferiority"][1].conclusion, figures.analyses["non-inferiority"][1].superior) == (
        "non-inferior",
        True,
    )
    files = generate(Project(ROOT, data)).files
    methods = files["en/methods.md"].decode()
    assert "for non-inferiority by the difference in means (Welch's t, one-sided 97.5% CI)" in methods
    assert "upper bound lies below the margin of 5" in methods
    assert "had to lie within ±10" in methods
    results = files["ja/results.md"].decode()
    assert "同等（マージン10）" in results and "非劣性（マージン5）" in results
    figure = ET.fromstring(files["en/results/figure.svg"])
    assert len([path for path in figure.iter(f"{SVG}path") if path.get("class") == "margin"]) == 3
