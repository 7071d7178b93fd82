"""Observational, non-inferiority and diagnostic designs: the examples' numbers, their checks and figures.

Every example figure is recomputed here by a second formula (the textbook one, written out) or
compared with published values, so a change in the library path cannot move both sides.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from scipy.stats import binomtest

from generator.build.project import Project
from generator.build.site import generate
from generator.data.analyses.non_inferiority import conclude
from generator.data.analyses.ratio import implied_p_range, significance_conflict
from generator.data.languages import LANGUAGES
from generator.data.loader import load_releases
from generator.errors import VerificationError
from generator.maths import inference, numbers
from generator.outputs.figure import Axis, FigurePanel, FigureRow, FigureSpec
from generator.outputs.figure_svg import render_svg
from generator.stats import compute
from tests.conftest import EXAMPLES_DIR, ROOT
from tests.design_helpers import (
    COHORT,
    CONTINUOUS,
    DIAGNOSTIC,
    NON_INFERIORITY,
    check,
    copy,
    edit,
    rewrite,
)

Z95 = 1.959963984540054
SVG = "{http://www.w3.org/2000/svg}"


def _normal_p(z: float) -> float:
    """Two-sided P of a standard normal z, from the error function (no SciPy)."""
    return math.erfc(abs(z) / math.sqrt(2))


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
    data = copy(tmp_path, COHORT)
    edit(data / COHORT / "release.yaml", 'p: "0.001"', 'p: "0.03"')
    result = check(data)
    assert result.returncode == 1, result.stderr
    (line,) = [text for text in result.stderr.splitlines() if "reported.p" in text]
    assert line.endswith(
        "analysis.analyses[0].reported.p: expected the P implied by the printed CI: 0.000252 to 0.00135, found '0.03'"
    )
    assert "Traceback" not in result.stderr


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


def test_a_stated_conclusion_the_interval_does_not_give_fails_check(tmp_path: Path) -> None:
    data = copy(tmp_path, NON_INFERIORITY)
    edit(data / NON_INFERIORITY / "release.yaml", "margin: -10", "margin: -4")
    with pytest.raises(VerificationError) as caught:
        generate(Project(ROOT, data), draw=False)
    # The prose still prints the old margin (−10 points): check says so too, field by field.
    (problem,) = [problem for problem in caught.value.problems if problem.field.startswith("analysis.")]
    assert problem.render(lambda message: message).endswith(
        "analysis.analyses[0].conclusion: expected the conclusion the interval gives against the margin: "
        "inconclusive, found 'non-inferior'"
    )


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
            page = files[f"{lang}/{release_id}/results/index.md"].decode()
            for figure in figures:
                assert figure in page, (lang, release_id, figure)


def test_a_printed_p_that_contradicts_the_interval_on_significance_is_found() -> None:
    alpha_message = significance_conflict("0.20", Decimal("0.65"), Decimal("0.89"), 0.95)
    assert alpha_message == "a P below {alpha}, as an interval that excludes 1 implies"
    assert significance_conflict("0.01", Decimal("0.80"), Decimal("1.20"), 0.95) == (
        "an interval that excludes 1, as a P below {alpha} implies"
    )
    assert significance_conflict("<0.001", Decimal("0.80"), Decimal("1.20"), 0.95) is not None
    assert significance_conflict("0.001", Decimal("0.65"), Decimal("0.89"), 0.95) is None
    assert significance_conflict("0.05", Decimal("0.80"), Decimal("1.00"), 0.95) is None  # on the edge


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


def test_equivalence_and_non_inferiority_of_two_means_with_a_one_sided_level(tmp_path: Path) -> None:
    data = copy(tmp_path, CONTINUOUS)

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

    rewrite(data / CONTINUOUS / "release.yaml", margins)
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
    base = f"{item.release.id}/"  # each release in its own folder, even alone
    methods = files[f"en/{base}methods/index.md"].decode()
    assert "for non-inferiority by the difference in means (Welch's t, one-sided 97.5% CI)" in methods
    assert "upper bound lies below the margin of 5" in methods
    assert "had to lie within ±10" in methods
    results = files[f"ja/{base}results/index.md"].decode()
    assert "同等（マージン10）" in results and "非劣性（マージン5）" in results
    figure = ET.fromstring(files[f"en/{base}results/figure.svg"])
    assert len([path for path in figure.iter(f"{SVG}path") if path.get("class") == "margin"]) == 3
