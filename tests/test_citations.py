"""Citation files: each is read back by its own library and agrees with the data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rispy
from bibtexparser.entrypoint import parse_string
from pylatexenc.latex2text import LatexNodes2Text

from generator.build.site import Project, generate
from generator.data.models import Release
from generator.outputs.citations import citation_files, csl_item, formatted_reference, split_name
from tests.conftest import RELEASE_ID, copy_project, load_release_data


def release_from(data: dict[str, Any]) -> Release:
    return Release.model_validate(data, strict=False)


@pytest.fixture
def release() -> Release:
    return release_from(load_release_data())


def names(release: Release) -> list[tuple[str, str]]:
    """Return the byline as (family, given) pairs, split independently of the code under test."""
    return [(author.name.rsplit(" ", 1)[1], author.name.rsplit(" ", 1)[0]) for author in release.publication.authors]


def test_csl_json_holds_the_paper(release: Release) -> None:
    [item] = json.loads(citation_files(release).csl_json)
    paper = release.publication
    assert item["type"] == "article-journal"
    assert item["title"] == paper.title
    assert item["container-title"] == paper.journal
    assert item["container-title-short"] == paper.journal_abbreviation == "J Reprod Immunol"
    assert item["DOI"] == paper.doi
    assert item["issued"] == {"date-parts": [[2026, 5]]}
    assert [(author["family"], author["given"]) for author in item["author"]] == names(release)
    assert len(item["author"]) == 11


def test_ris_reads_back_with_rispy(release: Release) -> None:
    text = citation_files(release).ris.decode("utf-8")
    assert text.startswith("TY  - JOUR")
    [entry] = rispy.loads(text)
    paper = release.publication
    assert entry["type_of_reference"] == "JOUR"
    assert entry["title"] == paper.title
    # RIS: T2 and JF hold the journal's full name, JO its abbreviation.
    assert entry["secondary_title"] == entry["alternate_title3"] == paper.journal
    assert entry["journal_name"] == paper.journal_abbreviation == "J Reprod Immunol"
    assert "\nT2  - Journal of Reproductive Immunology\n" in text and "\nJO  - J Reprod Immunol\n" in text
    assert entry["doi"] == paper.doi
    assert entry["year"] == "2026"
    assert entry["authors"] == [f"{family}, {given}" for family, given in names(release)]


def read_bibtex(content: bytes) -> dict[str, str]:
    library = parse_string(content.decode("utf-8"))
    assert library.failed_blocks == []
    [entry] = library.entries
    assert entry.entry_type == "article"
    return {key: field.value for key, field in entry.fields_dict.items()}


def test_bibtex_reads_back_with_bibtexparser(release: Release) -> None:
    fields = read_bibtex(citation_files(release).bibtex)
    paper = release.publication
    decode = LatexNodes2Text().latex_to_text
    assert decode(fields["title"]) == paper.title
    assert decode(fields["journal"]) == paper.journal
    assert fields["doi"] == paper.doi
    assert fields["year"] == "2026" and fields["month"] == "may"
    assert "\tmonth = may,\n" in citation_files(release).bibtex.decode("utf-8")  # the month's macro, unbraced
    authors = [decode(name).split(", ", 1) for name in fields["author"].split(" and ")]
    assert [tuple(pair) for pair in authors] == names(release)


def test_vancouver_lists_six_authors_then_et_al(release: Release) -> None:
    reference = citation_files(release).reference
    assert reference.startswith(
        "Hisano M, Nakagawa K, Ono M, Yoshino O, Saito T, Hirota Y, et al. Efficacy of tacrolimus treatment"
    )
    assert "Inoue" not in reference and "Yamaguchi" not in reference
    assert reference.endswith(". J Reprod Immunol. 2026 May. doi:10.1016/j.jri.2026.104904")


def test_without_an_abbreviation_the_journal_is_cited_by_its_name() -> None:
    data = load_release_data()
    del data["publication"]["journal_abbreviation"]
    files = citation_files(release_from(data))
    assert files.reference.endswith(". Journal of Reproductive Immunology. 2026 May. doi:10.1016/j.jri.2026.104904")
    [entry] = rispy.loads(files.ris.decode("utf-8"))
    assert entry["secondary_title"] == "Journal of Reproductive Immunology" and "journal_name" not in entry
    assert "container-title-short" not in json.loads(files.csl_json)[0]


@pytest.mark.parametrize(("count", "et_al"), [(1, False), (6, False), (7, True)])
def test_et_al_only_from_seven_authors(count: int, et_al: bool) -> None:
    data = load_release_data()
    data["publication"]["authors"] = data["publication"]["authors"][:count]
    reference = formatted_reference(csl_item(release_from(data)))
    assert ("et al." in reference) is et_al
    assert reference.count(",") == min(count, 6) - 1 + et_al


HOSTILE = "Braces {x} } and 50% & $5 #1 a_b ~ ^ back\\slash — 日本語 and Smith"


def test_hostile_text_survives_every_format() -> None:
    data = load_release_data()
    data["publication"]["title"] = HOSTILE
    data["publication"]["journal"] = "J {Odd} & Co."
    data["publication"]["authors"] = [{"name": "Anne and Bob Smith", "affiliations": [1]}]
    release = release_from(data)
    files = citation_files(release)
    fields = read_bibtex(files.bibtex)
    decode = LatexNodes2Text().latex_to_text
    # pylatexenc reads \textasciicircum{} as the modifier letter ˆ; LaTeX prints it as ^.
    assert decode(fields["title"]).replace("ˆ", "^") == HOSTILE
    assert decode(fields["journal"]) == "J {Odd} & Co."
    assert " and " not in fields["author"].replace("{Smith}, Anne and Bob", "")  # one author, not two
    [entry] = rispy.loads(files.ris.decode("utf-8"))
    assert entry["title"] == HOSTILE
    assert json.loads(files.csl_json)[0]["title"] == HOSTILE


def test_a_one_word_name_is_a_family_name() -> None:
    assert split_name("山口晃史") == {"family": "山口晃史"}
    assert split_name("Koushi  Yamaguchi") == {"family": "Yamaguchi", "given": "Koushi"}


def test_the_publication_page_links_the_files_in_both_languages(tmp_path: Path) -> None:
    files = generate(Project(copy_project(tmp_path / "project"))).files
    for lang in ("ja", "en"):
        page = files[f"{lang}/{RELEASE_ID}/publication/index.md"].decode("utf-8")
        for extension in ("ris", "bib", "json"):
            name = f"2026-05-18-tacrolimus.{extension}"
            assert f"]({name})" in page  # beside publication/index.md
            assert f"{lang}/{RELEASE_ID}/publication/{name}" in files
        assert "Hisano M, Nakagawa K, Ono M, Yoshino O, Saito T, Hirota Y, et al." in page
