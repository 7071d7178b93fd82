"""Each kind of analysis: its figures against published references or a second formula, its checks and pages."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from generator.build.project import Project
from generator.build.site import generate
from generator.data.analyses.ratio import implied_p_range
from generator.data.loader import load_releases
from generator.errors import DataError, VerificationError
from generator.maths import inference
from generator.stats.verify import stands_whole
from tests.conftest import EXAMPLES_DIR, ROOT, example_ids

PLACEBO = "2026-02-10-placebo-trial"
SURVIVAL = "2026-04-20-survival"

# Newcombe RG. Interval estimation for the difference between independent proportions.
# Stat Med 1998;17:873-890, Table II, method 10 (hybrid score), to 4 decimals.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE_TABLE_II, ids=str)
def test_newcombe_interval_matches_newcombe_1998_table_ii(
    counts: tuple[int, int, int, int], expected: tuple[float, float]
) -> None:
    _, low, high = inference.two_proportions_ci(*counts, compare="diff", method="newcomb")
    assert (round(low, 4), round(high, 4)) == expected
    # A second, independent implementation from Wilson intervals (inference.newcombe_difference).
    second = inference.newcombe_difference(*counts)
    assert (low, high) == pytest.approx((second.low, second.high), abs=1e-9)


@pytest.mark.parametrize("counts", [(18, 40, 8, 41), (10, 15, 5, 9), (3, 50, 9, 51), (120, 400, 90, 410)], ids=str)
def test_ratio_intervals_match_the_katz_and_woolf_formulas(counts: tuple[int, int, int, int]) -> None:
    a, na, b, nb = counts
    z = 1.959963984540054
    rr, low, high = inference.two_proportions_ci(a, na, b, nb, compare="ratio", method="log")
    se = math.sqrt(1 / a - 1 / na + 1 / b - 1 / nb)
    assert rr == pytest.approx((a / na) / (b / nb))
    assert (low, high) == pytest.approx((rr * math.exp(-z * se), rr * math.exp(z * se)), rel=1e-9)
    odds, low, high = inference.two_proportions_ci(a, na, b, nb, compare="odds-ratio", method="logit")
    se = math.sqrt(1 / a + 1 / (na - a) + 1 / b + 1 / (nb - b))
    assert odds == pytest.approx(a * (nb - b) / (b * (na - a)))
    assert (low, high) == pytest.approx((odds * math.exp(-z * se), odds * math.exp(z * se)), rel=1e-9)


def test_a_ratio_with_a_zero_count_is_not_estimable() -> None:
    rr, low, high = inference.two_proportions_ci(0, 12, 7, 7, compare="ratio", method="log")
    assert rr == 0 and not (math.isfinite(low) and math.isfinite(high) and low > 0)


@pytest.mark.parametrize("equal_var", [False, True])
def test_mean_difference_matches_statsmodels_on_samples_with_those_statistics(equal_var: bool) -> None:
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    def sample(mean: float, sd: float, n: int) -> np.ndarray:
        raw = np.random.default_rng(n).normal(size=n)
        standardized: np.ndarray = (raw - raw.mean()) / raw.std(ddof=1)
        return mean + sd * standardized

    first, second = sample(-8.5, 9.1, 58), sample(-2.5, 8.9, 57)
    compare = CompareMeans(DescrStatsW(first), DescrStatsW(second))
    usevar = "pooled" if equal_var else "unequal"
    expected_low, expected_high = compare.tconfint_diff(usevar=usevar)
    _, expected_p, _ = compare.ttest_ind(usevar=usevar)
    difference, low, high, p = inference.mean_difference(-8.5, 9.1, 58, -2.5, 8.9, 57, equal_var=equal_var)
    assert difference == pytest.approx(-6.0)
    assert (low, high, p) == pytest.approx((expected_low, expected_high, expected_p), rel=1e-9)


def test_p_implied_by_a_ratio_interval_follows_altman_and_bland() -> None:
    # SE = (ln U - ln L) / (2 × 1.96); z = |ln HR| / SE; P = 2 (1 - Φ(z)): 0.72 (0.58-0.89) gives P ≈ 0.0026.
    low, high = implied_p_range("0.72", "0.58", "0.89", 0.95, "two-sided")
    se = (math.log(0.89) - math.log(0.58)) / (2 * 1.959963984540054)
    from scipy.stats import norm

    exact = 2 * norm.sf(abs(math.log(0.72)) / se)
    assert low < exact < high
    assert 0.001 < low < high < 0.006


def test_a_quote_matches_only_a_whole_number() -> None:
    assert not stands_whole("0%", "after 10% of transfers")
    assert stands_whole("0%", "had been 0% after")
    assert not stands_whole("1.5", "11.5 points")
    assert not stands_whole("1.5", "1.55 points")
    assert stands_whole("1.5", "rose 1.5.")
    assert stands_whole("約60%", "1回の治療で約60%の方")


def test_every_example_is_valid_and_verified() -> None:
    loaded = load_releases(EXAMPLES_DIR)
    assert sorted(item.release.id for item in loaded) == example_ids()
    assert len(loaded) >= 4
    site = generate(Project(ROOT, EXAMPLES_DIR))
    assert site.releases == len(loaded)


def _copy_examples(tmp_path: Path) -> Path:
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_hazard_ratio_whose_p_disagrees_with_its_interval_fails_check(tmp_path: Path) -> None:
    data = _copy_examples(tmp_path)
    release = data / SURVIVAL / "release.yaml"
    _edit(release, 'p: "0.003"', 'p: "0.03"')
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(ROOT), "--data", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    line = next(text for text in result.stderr.splitlines() if "reported.p" in text)
    assert "analysis.analyses[0].reported.p: expected the P implied by the printed CI: 0.00149 to 0.00438" in line
    assert line.endswith("found '0.03'")
    assert "Traceback" not in result.stderr


def test_a_published_p_is_checked_against_its_own_analysis(tmp_path: Path) -> None:
    data = _copy_examples(tmp_path)
    _edit(data / PLACEBO / "release.yaml", 'p: "0.018"', 'p: "<0.00001"')
    with pytest.raises(VerificationError) as caught:
        generate(Project(ROOT, data))
    (problem,) = caught.value.problems
    assert problem.field == "analysis.analyses[0].published.p"
    assert "0.0179" in problem.render(lambda message: message)


def test_figures_quoted_in_the_subtitle_are_checked(tmp_path: Path) -> None:
    data = _copy_examples(tmp_path)
    path = data / PLACEBO / "release.yaml"
    text = path.read_text(encoding="utf-8").replace("45.0%", "46.0%")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VerificationError) as caught:
        generate(Project(ROOT, data))
    assert [problem.field for problem in caught.value.problems] == [
        "subtitle.quotes[0].printed.ja",
        "subtitle.quotes[0].printed.en",
    ]


def test_a_test_on_a_descriptive_endpoint_is_refused(tmp_path: Path) -> None:
    data = _copy_examples(tmp_path)
    path = data / PLACEBO / "release.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["analysis"]["analyses"].append(
        {
            "id": "nausea",
            "type": "two-proportions",
            "status": "planned",
            "endpoint": "nausea",
            "arms": ["drug", "placebo"],
            "effects": [{"compare": "diff"}],
            "test": "fisher-exact",
        }
    )
    document["date"] = str(document["date"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_releases(data)
    assert [problem.render(lambda message: message).split(": ", 1)[1] for problem in caught.value.problems] == [
        "analysis.analyses[1].test: expected no test for a descriptive endpoint, found 'fisher-exact'"
    ]


def test_an_unknown_analysis_type_names_the_known_ones(tmp_path: Path) -> None:
    data = _copy_examples(tmp_path)
    _edit(data / PLACEBO / "release.yaml", "type: two-proportions", "type: chi-square")
    with pytest.raises(DataError) as caught:
        load_releases(data)
    (problem,) = caught.value.problems
    assert problem.field == "analysis.analyses[0].type"
    rendered = problem.render(lambda message: message)
    known = (
        "one-sample-binomial, pooled-proportion, two-proportions, two-means, ratio, hazard-ratio, "
        "non-inferiority, equivalence, diagnostic-accuracy"
    )
    assert f"expected one of {known}" in rendered
    assert rendered.endswith("found 'chi-square'")


def test_the_placebo_example_shows_the_comparison_and_no_fixed_rate() -> None:
    files = generate(Project(ROOT, EXAMPLES_DIR)).files
    page = files[f"en/{PLACEBO}/results/index.md"].decode()
    for snippet in ("45.0% (18/40)", "19.5% (8/41)", "25.5 percentage points", "5.1–43.3", "2.31", "1.13–4.69"):
        assert snippet in page
    for snippet in ("3.38", "1.25–9.10", '<td rowspan="3" data-label="P value">0.018</td>', "Fisher's exact test"):
        assert snippet in page
    table = page.split("Comparisons between groups")[0]
    assert "P value" not in table  # no arm is tested against a fixed rate
    svg = files[f"en/{PLACEBO}/results/figure.svg"].decode()
    assert "Fixed rate" not in svg and "Control" not in svg
    assert "Risk ratio (log scale)" in svg and "No difference" in svg
    ja = files[f"ja/{PLACEBO}/results/index.md"].decode()
    assert "45.0%（18/40）" in ja and "リスク差" in ja


def test_a_conditional_endpoint_with_nobody_analyzed_shows_no_rate() -> None:
    files = generate(Project(ROOT, EXAMPLES_DIR)).files
    page = files["en/2026-03-05-dose-finding/results/index.md"].decode()
    assert ">– (0/0)</td>" in page
    design = files["en/2026-03-05-dose-finding/design/index.md"].decode()
    assert "; among patients who responded" in design
