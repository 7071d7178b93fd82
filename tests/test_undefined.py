"""Undefined statistics are never printed as numbers: not computable, with the reason, or one clean error."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from generator.build.project import Project
from generator.build.site import generate
from generator.data.loader import load_releases
from generator.errors import DataError, VerificationError
from generator.maths import inference, numbers
from tests.conftest import ROOT
from tests.design_helpers import (
    COHORT,
    CONTINUOUS,
    PLACEBO,
    check,
    copy,
    edit,
    p_cells,
    results,
    rewrite,
    unquote,
)


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
    data = copy(tmp_path, COHORT)
    edit(data / COHORT / "release.yaml", 'p: "0.001"', f'p: "{printed}"')
    with pytest.raises(DataError) as caught:
        load_releases(data)
    (problem,) = caught.value.problems
    assert problem.render(lambda message: message).endswith(
        f"analysis.analyses[0].reported.p: expected a P value above 0 such as <0.001, found '{printed}'"
    )


def test_two_means_with_sd_0_and_equal_means_show_not_computable_and_no_p(tmp_path: Path) -> None:
    data = copy(tmp_path, CONTINUOUS)

    def constant(document: dict[str, Any]) -> None:
        unquote(document["subtitle"])
        document["analysis"]["analyses"][0].pop("published")
        for cell in document["results"]["cells"]:
            cell.update(mean=-2.5, sd=0)

    rewrite(data / CONTINUOUS / "release.yaml", constant)
    pages = results(data, CONTINUOUS)
    assert p_cells(pages["en"]) == ["not computable: the standard deviation is 0 in both arms"]
    assert p_cells(pages["ja"]) == ["計算不能：両群とも標準偏差が0です"]
    for page in pages.values():
        assert "&lt;0.0001" not in page and "<0.0001" not in page


def test_a_wald_test_on_0_of_40_vs_0_of_41_shows_not_computable_and_no_p(tmp_path: Path) -> None:
    data = copy(tmp_path, PLACEBO)

    def no_events(document: dict[str, Any]) -> None:
        unquote(document["subtitle"])
        unquote(document["key_points"][0])
        analysis = document["analysis"]["analyses"][0]
        analysis.update(test="wald")
        analysis.pop("published")
        for cell in document["results"]["cells"]:
            if cell["endpoint"] == "pregnancy":
                cell.update(events=0)
                cell.pop("published")

    rewrite(data / PLACEBO / "release.yaml", no_events)
    pages = results(data, PLACEBO)
    assert p_cells(pages["en"]) == ["not computable: every participant or none had the outcome, in both arms"]
    assert p_cells(pages["ja"]) == ["計算不能：両群とも、全員がイベントありか、全員がイベントなしです"]


def test_a_printed_p_where_none_can_be_computed_fails_check(tmp_path: Path) -> None:
    data = copy(tmp_path, CONTINUOUS)

    def constant(document: dict[str, Any]) -> None:
        unquote(document["subtitle"])
        document["analysis"]["analyses"][0]["published"] = {"p": "<0.001"}
        for cell in document["results"]["cells"]:
            cell.update(mean=-2.5, sd=0)

    rewrite(data / CONTINUOUS / "release.yaml", constant)
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
    data = copy(tmp_path, PLACEBO)
    comparison = {
        "id": "miscarriage",
        "type": "two-proportions",
        "status": "planned",
        "endpoint": "miscarriage",
        "arms": ["drug", "placebo"],
        "effects": [{"compare": "diff"}],
        "test": "fisher-exact",
    }
    rewrite(data / PLACEBO / "release.yaml", lambda document: _nobody(document, comparison))
    pages = results(data, PLACEBO)
    assert "not computable: nobody was analyzed in one of the arms" in pages["en"]
    assert "計算不能：解析された人がいない群があります" in pages["ja"]


def test_a_pooled_rate_of_arms_with_nobody_analyzed_is_one_clean_error(tmp_path: Path) -> None:
    data = copy(tmp_path, PLACEBO)
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

    rewrite(data / PLACEBO / "release.yaml", change)
    result = check(data)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "analysis.analyses[1].arms: expected arms whose figures give the analysis, "
        "found nobody was analyzed in one of the arms"
    )
    assert "Traceback" not in result.stderr
