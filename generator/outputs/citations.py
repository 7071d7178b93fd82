"""Cite the paper a release reports: CSL-JSON as the source, RIS, BibTeX and a formatted reference.

Each format is written by its own library (rispy, bibtexparser with pylatexenc, citeproc-py)
from one CSL-JSON item, so the files agree with each other and with the page.
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rispy
from bibtexparser.entrypoint import write_string as write_bibtex
from bibtexparser.library import Library
from bibtexparser.middlewares import MonthAbbreviationMiddleware
from bibtexparser.model import Entry, Field
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from generator.data.models import Release

STYLE_FILE = Path(__file__).resolve().parent / "csl" / "vancouver-journal.csl"
"""The citation style of the formatted reference (Vancouver, written for this project)."""
STYLE_NAME = "Vancouver"

_SPACES = re.compile(r"\s+")
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
"""LaTeX's special characters; any other character, Japanese included, stays as UTF-8 (biber reads it)."""
_LATEX_PATTERN = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))
_URL_UNSAFE = re.compile(r"[{}\\\s]")


@dataclass(frozen=True)
class CitationFiles:
    """The citation of one release's paper in every format, as file contents."""

    csl_json: bytes
    ris: bytes
    bibtex: bytes
    reference: str
    """The formatted reference (plain text)."""


def _clean(text: str) -> str:
    """Return text on one line: line-based formats (RIS) must not see a line break from the data."""
    return _SPACES.sub(" ", text).strip()


def split_name(name: str) -> dict[str, str]:
    """Return a byline name ("Michi Hisano") as CSL's family and given parts.

    Bylines in the data are written given name first; the last word is the family name. A name
    of one word (or written without spaces, as Japanese names are) is all family name.
    """
    words = _clean(name).split(" ")
    if len(words) == 1:
        return {"family": words[0]}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def citation_key(release: Release) -> str:
    """Return the key the BibTeX entry and the CSL item use: the release id (a validated slug)."""
    return release.id


def csl_item(release: Release) -> dict[str, Any]:
    """Return the paper as a CSL-JSON item, the source of every other format."""
    paper = release.publication
    year, month = (int(part) for part in paper.published.split("-"))
    return {
        "id": citation_key(release),
        "type": "article-journal",
        "title": _clean(paper.title),
        "container-title": _clean(paper.journal),
        **({"container-title-short": _clean(paper.journal_abbreviation)} if paper.journal_abbreviation else {}),
        "author": [split_name(author.name) for author in paper.authors],
        "issued": {"date-parts": [[year, month]]},
        "DOI": paper.doi,
        "URL": doi_url(paper.doi),
    }


def doi_url(doi: str) -> str:
    """Return the resolver address of a DOI."""
    return "https://doi.org/" + doi


def csl_json(item: dict[str, Any]) -> bytes:
    """Return the CSL-JSON file: a list holding the item."""
    return (json.dumps([item], ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _family_given(author: dict[str, str]) -> str:
    return f"{author['family']}, {author['given']}" if "given" in author else author["family"]


def ris(item: dict[str, Any]) -> bytes:
    """Return the RIS file, written by rispy."""
    year, month = item["issued"]["date-parts"][0]
    entry = {
        "type_of_reference": "JOUR",
        "title": item["title"],
        "authors": [_family_given(author) for author in item["author"]],
        # T2 and JF hold the journal's full name; JO is its abbreviation (RIS specification).
        "secondary_title": item["container-title"],
        "alternate_title3": item["container-title"],
        **({"journal_name": item["container-title-short"]} if "container-title-short" in item else {}),
        "year": str(year),
        "date": f"{year}/{month:02d}",
        "doi": item["DOI"],
        "urls": [item["URL"]],
    }
    text: str = rispy.dumps([entry], implementation=_RisWriter)
    return text.encode("utf-8")


def _latex(text: str) -> str:
    """Return text with LaTeX's special characters escaped (braces, %, &, $, #, _, ~, ^, backslash)."""
    return _LATEX_PATTERN.sub(lambda match: _LATEX_SPECIALS[match[0]], text)


def _verbatim(text: str) -> str:
    """Return a value for a verbatim field (doi, url): percent-encode what would unbalance its braces."""
    return _URL_UNSAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode("utf-8")), text)


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]
    """rispy's writer without the "1." line it puts before each record (not part of RIS)."""

    def set_header(self, count: int) -> str:
        return ""


def bibtex(item: dict[str, Any]) -> bytes:
    """Return the BibTeX file, written by bibtexparser; every value is LaTeX-escaped."""
    year, month = item["issued"]["date-parts"][0]
    # Braces around each name keep an "and" inside a name from splitting it into two authors.
    authors = " and ".join(
        "{" + _latex(author["family"]) + "}" + (", " + _latex(author["given"]) if "given" in author else "")
        for author in item["author"]
    )
    fields = [
        Field("author", authors),
        Field("title", _latex(item["title"])),
        Field("journal", _latex(item["container-title"])),
        Field("year", str(year)),
        Field("month", str(month)),  # written as the month's macro (may) by MonthAbbreviationMiddleware
        # biblatex reads doi and url verbatim: no LaTeX escapes there.
        Field("doi", _verbatim(item["DOI"])),
        Field("url", _verbatim(item["URL"])),
    ]
    library = Library([Entry("article", item["id"], fields)])
    return write_bibtex(library, prepend_middleware=[MonthAbbreviationMiddleware()]).encode("utf-8")


@functools.cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(str(STYLE_FILE), validate=False)


def formatted_reference(item: dict[str, Any]) -> str:
    """Return the reference formatted in the Vancouver style by citeproc-py."""
    return _formatted(json.dumps(item, sort_keys=True))


@functools.lru_cache(maxsize=256)
def _formatted(item_json: str) -> str:
    """Format one item, given as JSON so that each language's pages and the files share one run."""
    item = json.loads(item_json)
    with warnings.catch_warnings():
        # citeproc-py warns about CSL features it does not implement; the style uses none of them.
        warnings.simplefilter("ignore")
        source = CiteProcJSON([item])
        bibliography = CitationStylesBibliography(_style(), source, formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        return _clean(str(bibliography.bibliography()[0]))


def citation_files(release: Release) -> CitationFiles:
    """Return every citation file of a release's paper."""
    item = csl_item(release)
    return CitationFiles(csl_json(item), ris(item), bibtex(item), formatted_reference(item))


def file_names(release: Release) -> dict[str, str]:
    """Return the file name of each format, named after the release so that downloads stay apart."""
    return {
        fmt: f"{release.id}.{extension}" for fmt, extension in (("ris", "ris"), ("bibtex", "bib"), ("csl_json", "json"))
    }
