"""Attribution: each figure of a sentence or a table cell goes to the value its context names."""

from __future__ import annotations

import pytest

from generator.errors import Message
from generator.stats.attribute import Attributor, Finding, Passage
from generator.stats.compute import release_figures
from tests.conftest import real_release


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    release = real_release().release
    return Attributor(release, release_figures(release), "en")


def verdicts(attributor: Attributor, text: str, header: str = "", row: str = "") -> list[tuple[str, str, str]]:
    """Return (printed, status, what) for each figure of text."""

    def what(finding: Finding) -> str:
        return finding.what.render(lambda message: message) if finding.what is not None else ""

    passage = Passage(text, Message("x"), header, row)
    return [(found.figure.printed, found.status, what(found)) for found in attributor.judge(passage)]


CLINICAL = "Clinical pregnancy 3 weeks after embryo transfer"


@pytest.mark.parametrize(
    "text",
    [
        "The clinical pregnancy rate was 66.7% in the low-dose group and 55.6% in the high-dose group.",
        "In the low-dose group, 66.7% had a clinical pregnancy, and in the high-dose group, 55.6%.",
        "Clinical pregnancy: low-dose and high-dose groups, 66.7% and 55.6%, respectively.",
        "臨床的妊娠率は低用量群で66.7%、高用量群で55.6%でした。",
        "臨床的妊娠率は低用量群と高用量群でそれぞれ66.7%と55.6%でした。",
    ],
)
def test_arms_by_their_place_in_the_sentence(attributor: Attributor, text: str) -> None:
    assert [(status, what) for _, status, what in verdicts(attributor, text)] == [
        ("agreed", f"Low dose, {CLINICAL}, rate"),
        ("agreed", f"High dose, {CLINICAL}, rate"),
    ]


def test_interval_count_and_p_follow_their_estimate(attributor: Attributor) -> None:
    text = "In the high-dose group the clinical pregnancy rate was 55.6% (5/9; 95% CI, 21.2-86.3; P<0.0001)."
    assert verdicts(attributor, text) == [
        ("55.6%", "agreed", f"High dose, {CLINICAL}, rate"),
        ("5/9", "agreed", f"High dose, {CLINICAL}, events / analyzed"),
        ("21.2-86.3", "agreed", f"High dose, {CLINICAL}, 95% CI"),
        ("P<0.0001", "agreed", f"High dose, {CLINICAL}, P value"),
    ]


def test_a_wrong_count_and_a_wrong_lower_bound(attributor: Attributor) -> None:
    text = "In the high-dose group the clinical pregnancy rate was 55.6% (5/8; 95% CI, 22.2-86.3)."
    assert [(printed, status) for printed, status, _ in verdicts(attributor, text)] == [
        ("55.6%", "agreed"),
        ("5/8", "disagreed"),
        ("22.2", "disagreed"),
    ]


def test_no_arm_named_is_not_attributed(attributor: Attributor) -> None:
    assert [status for _, status, _ in verdicts(attributor, "The clinical pregnancy rate was 66.7%.")] == [
        "unattributed"
    ]


def test_a_table_cell_takes_its_row_and_column(attributor: Attributor) -> None:
    row = "Biochemical pregnancy 2 weeks after embryo transfer High dose 55.6 (5/9) 21.2-86.3 <0.0001"
    assert verdicts(attributor, "<0.0001", header="P value", row=row) == [
        ("<0.0001", "agreed", "High dose, Biochemical pregnancy 2 weeks after embryo transfer, P value")
    ]
    assert verdicts(attributor, "55.6", header="Rate, %", row=row)[0][1] == "agreed"


def test_an_approximate_figure_uses_the_declared_tolerance(attributor: Attributor) -> None:
    pooled = "Clinical pregnancy rate, both doses pooled (post hoc), rate"
    assert verdicts(attributor, "About 60% became pregnant.") == [("About 60%", "agreed", pooled)]
    assert verdicts(attributor, "約6割が妊娠しました。") == [("約6割", "agreed", pooled)]
    assert verdicts(attributor, "Nearly 70% became pregnant.") == [("Nearly 70%", "disagreed", pooled)]


def test_a_margin_is_a_figure_of_the_plan() -> None:
    from pathlib import Path

    from generator.data.loader import load_releases
    from tests.conftest import EXAMPLES_DIR

    loaded = next(item for item in load_releases(Path(EXAMPLES_DIR)) if item.release.id == "2026-06-15-non-inferiority")
    attributor = Attributor(loaded.release, release_figures(loaded.release), "en")
    found = verdicts(attributor, "Cure 14 days after treatment: a non-inferiority margin of −12 percentage points.")
    assert [(printed, status, what.rsplit(", ", 1)[-1]) for printed, status, what in found] == [
        ("−12 percentage points", "disagreed", "margin")
    ]
    assert verdicts(attributor, "A non-inferiority margin of −10 percentage points.")[0][1] == "agreed"
