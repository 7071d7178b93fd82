"""The press office's parts of a release: embargo, updates, original material, study facts.

Each is an optional top-level key of release.yaml; the models are declared here and used by
`generator.data.models.Release`.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.data.fields import IsoDate, Model, NonEmpty, Text, matching
from generator.errors import N_

if TYPE_CHECKING:
    pass

_MOMENT = re.compile(
    r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))(?:\[([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)\])?$"
)
_FILE_NAME = re.compile(r"^(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*$")
_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}$")
_INTERNATIONAL_PHONE = re.compile(r"^\+[1-9][0-9 -]{5,}$")

MOMENT_EXAMPLE = "2026-05-18T00:00:00+09:00"


def parse_moment(value: str) -> dt.datetime | None:
    """Return a time with its offset from ISO 8601 text (optionally with an RFC 9557 [Zone/Name]), else None.

    A zone name makes the time display with the zone's abbreviation (JST); its offset at that time
    must be the one written.
    """
    match = _MOMENT.match(value.strip())
    if not match:
        return None
    try:
        moment = dt.datetime.fromisoformat(match[1].replace("Z", "+00:00"))
    except ValueError:
        return None
    if match[2] is None:
        return moment
    try:
        zone = zoneinfo.ZoneInfo(match[2])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    zoned = moment.astimezone(zone)
    return zoned if zoned.utcoffset() == moment.utcoffset() else None


def _moment(value: object) -> object:
    """Turn ISO text with an offset into an aware datetime; refuse a time without an offset."""
    if isinstance(value, str):
        moment = parse_moment(value)
        if moment is not None:
            return moment
    context = {"kind": N_("a date and time with its UTC offset"), "example": MOMENT_EXAMPLE}
    raise PydanticCustomError("format", "{kind} such as {example}", context)


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
    "jrct": (re.compile(r"^jRCT[12bs]\d{9}$"), "jRCTs031200000", "https://jrct.mhlw.go.jp/latest-detail/{id}"),
    "umin": (
        re.compile(r"^UMIN\d{9}$"),
        "UMIN000012345",
        "https://trialsearch.who.int/Trial2.aspx?TrialID=JPRN-{id}",
    ),
    "clinicaltrials.gov": (re.compile(r"^NCT\d{8}$"), "NCT01234567", "https://clinicaltrials.gov/study/{id}"),
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
