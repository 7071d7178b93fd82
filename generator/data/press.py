"""The press office's parts of a release: embargo, updates, original material, study facts.

Each is an optional top-level key of release.yaml; the models are declared here and used by
`generator.data.models.Release`.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import zoneinfo
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.data.fields import EARLIEST_YEAR, LATEST_YEAR, IsoDate, Model, NonEmpty, Text, matching
from generator.errors import N_

if TYPE_CHECKING:
    pass

_MOMENT = re.compile(
    r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))(?:\[([A-Za-z0-9_+/-]+)\])?$", re.ASCII
)
_FILE_NAME = re.compile(r"^(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*$", re.ASCII)
_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}$")
_INTERNATIONAL_PHONE = re.compile(r"^\+[1-9][0-9 -]{5,}$")

MOMENT_EXAMPLE = "2026-05-18T00:00:00+09:00"
ZONE_EXAMPLE = "2026-05-18T00:00:00+09:00[Asia/Tokyo]"


@functools.cache
def zone_names() -> frozenset[str]:
    """Return the names of the IANA time zone database, from the list the tzdata package ships.

    The list, not the files: a folder of the database (Asia), `localtime` (the build machine's own
    zone) and `posixrules` are files or folders there, but not zones. `Factory` ("local time
    unknown") is left out too.
    """
    text = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip()) - {"Factory"}


class MomentError(ValueError):
    """Text that is not a usable time, with what was expected: kind and example, for a "format" error."""

    def __init__(self, kind: str, example: str) -> None:
        super().__init__(kind)
        self.kind, self.example = kind, example


def read_moment(value: str) -> dt.datetime:
    """Return a time with its offset from ISO 8601 text (optionally with an RFC 9557 [Zone/Name]); raise MomentError.

    A zone name makes the time display with the zone's abbreviation (JST); it must be a name of the
    IANA database's list and its offset at that time must be the one written. The year lies
    between EARLIEST_YEAR and LATEST_YEAR.
    """
    match = _MOMENT.match(value.strip())
    if not match:
        raise MomentError(N_("a date and time with its UTC offset"), MOMENT_EXAMPLE)
    try:
        moment = dt.datetime.fromisoformat(match[1].replace("Z", "+00:00"))
    except ValueError:
        raise MomentError(N_("a date and time with its UTC offset"), MOMENT_EXAMPLE) from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise MomentError(N_("a date and time between 1900 and 2199"), MOMENT_EXAMPLE)
    if match[2] is None:
        return moment
    if match[2] not in zone_names():
        raise MomentError(N_("a time zone name of the IANA database (not a folder, not localtime)"), ZONE_EXAMPLE)
    zoned = moment.astimezone(zoneinfo.ZoneInfo(match[2]))
    if zoned.utcoffset() != moment.utcoffset():
        raise MomentError(N_("the UTC offset the named zone has at that time"), ZONE_EXAMPLE)
    return zoned


def parse_moment(value: str) -> dt.datetime | None:
    """Return the time read_moment reads from value, or None."""
    try:
        return read_moment(value)
    except MomentError:
        return None


def _moment(value: object) -> object:
    """Turn ISO text with an offset into an aware datetime; refuse a time without an offset."""
    if not isinstance(value, str):
        value = ""
    try:
        return read_moment(value)
    except MomentError as error:
        raise PydanticCustomError(
            "format", "{kind} such as {example}", {"kind": error.kind, "example": error.example}
        ) from None


AwareTime = Annotated[dt.datetime, BeforeValidator(_moment)]
FileName = Annotated[
    str,
    matching(
        _FILE_NAME, N_("a file name inside the release's folder (letters, digits, . _ - and /)"), "release-ja.pdf"
    ),
]
Url = Annotated[str, matching(_URL, N_("an http(s) address"), "https://www.example.org/press/2026/0518.html")]
Phone = Annotated[str, matching(_PHONE, N_("a telephone number"), "03-3416-0181")]
InternationalPhone = Annotated[
    str, matching(_INTERNATIONAL_PHONE, N_("a telephone number in international format"), "+81-3-3416-0181")
]
CountryCode = Annotated[int, Field(ge=1, le=999)]

REGISTRIES: dict[str, tuple[re.Pattern[str], str, str]] = {
    "jrct": (
        re.compile(r"^jRCT[12bs]\d{9}$", re.ASCII),
        "jRCTs031200000",
        "https://jrct.mhlw.go.jp/latest-detail/{id}",
    ),
    "umin": (
        re.compile(r"^UMIN\d{9}$", re.ASCII),
        "UMIN000012345",
        "https://trialsearch.who.int/Trial2.aspx?TrialID=JPRN-{id}",
    ),
    "clinicaltrials.gov": (re.compile(r"^NCT\d{8}$", re.ASCII), "NCT01234567", "https://clinicaltrials.gov/study/{id}"),
}
"""Each registry: the format of its ids, an example, and the address of a record."""

REGISTRY_NAMES = {"jrct": "jRCT", "umin": "UMIN-CTR", "clinicaltrials.gov": "ClinicalTrials.gov"}

STUDY_TYPES: dict[str, str] = {
    "randomized-controlled-trial": N_("Randomized controlled trial"),
    "non-randomized-controlled-trial": N_("Non-randomized controlled trial"),
    "single-group-trial": N_("Single-group trial (no concurrent control group)"),
    "observational": N_("Observational study"),
    "case-series": N_("Case series"),
    "diagnostic-accuracy": N_("Diagnostic accuracy study"),
    "systematic-review": N_("Systematic review"),
    "meta-analysis": N_("Meta-analysis"),
    "laboratory": N_("Laboratory study"),
    "modelling": N_("Modelling study"),
}
"""The study types of the Science Media Centre / Academy of Medical Sciences labels, as ids and wording."""

SUBJECTS: dict[str, str] = {"people": N_("People"), "animals": N_("Animals"), "cells": N_("Cells")}

StudyType = Literal[
    "randomized-controlled-trial",
    "non-randomized-controlled-trial",
    "single-group-trial",
    "observational",
    "case-series",
    "diagnostic-accuracy",
    "systematic-review",
    "meta-analysis",
    "laboratory",
    "modelling",
]
Subject = Literal["people", "animals", "cells"]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest file a release may carry (the original PDF, an image)."""

FILE_KINDS = ("pdf", "png", "jpeg", "webp")

EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "webp": (".webp",),
}
"""The file name endings of each type of file a release may carry (case does not matter): none is a page."""

EMBARGO_YEARS = 1
"""How far an embargo may lie from the release date, either way, in years."""
MONTHS_BEFORE = 100 * 12
"""How long before the release date a month of the data (study period, paper) may lie."""
MONTHS_AFTER = 10 * 12
"""How long after the release date a month of the data (study period, paper) may lie."""


class Update(Text):
    """A correction or an update of the release, shown dated at the top of each of its pages."""

    date: IsoDate
    """When the release was changed, YYYY-MM-DD."""
    kind: Literal["correction", "update"]
    """correction: something was wrong; update: something was added or changed."""


class Material(Model):
    """A file published with the release, such as the original press release as PDF."""

    file: FileName
    """File name inside the release's folder, e.g. release-ja.pdf."""
    type: Literal["pdf"]
    """The file's type, checked against its content."""
    lang: Literal["ja", "en"]
    """The language of the document."""
    title: Text
    """What the file is, e.g. the original press release."""


class Image(Model):
    """A picture published with the release, shown on its overview with caption and credit."""

    file: FileName
    """File name inside the release's folder, e.g. team.jpg."""
    type: Literal["png", "jpeg", "webp"]
    """The image's format, checked against its content (SVG is not accepted)."""
    alt: Text
    """What the picture shows, for people who cannot see it."""
    caption: Text
    """Caption shown under the picture."""
    credit: Text
    """Who made the picture, e.g. © National Center for Child Health and Development."""
    license: Text
    """Terms of reuse, e.g. free for news reporting on this release."""


class Logo(Model):
    """The issuer's logo, shown in the site's header when every release has the same issuer."""

    file: FileName
    """File name inside the release's folder, e.g. logo.png."""
    type: Literal["png", "jpeg", "webp"]
    """The image's format, checked against its content (SVG is not accepted)."""


class Registration(Model):
    """The trial's record in a public registry."""

    registry: Literal["jrct", "umin", "clinicaltrials.gov"]
    """jrct (Japan Registry of Clinical Trials), umin (UMIN-CTR) or clinicaltrials.gov."""
    id: NonEmpty
    """The trial's id in that registry, e.g. jRCTs031200000, UMIN000012345, NCT01234567."""


class Labels(Model):
    """The study at a glance, in the labels of the UK Science Media Centre and Academy of Medical Sciences."""

    peer_reviewed: bool
    """Whether the findings were peer-reviewed (published in a peer-reviewed journal)."""
    study_type: StudyType
    """The kind of study."""
    subjects: Annotated[list[Subject], Field(min_length=1)]
    """Who or what was studied: people, animals, cells."""


def registry_url(registry: str, identifier: str) -> str:
    """Return the address of a trial's record in its registry."""
    return REGISTRIES[registry][2].format(id=identifier)
