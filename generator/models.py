"""Declare the schema of a release's data, once, as typed models."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from generator.errors import N_

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PUBLISHED_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_PUBLISHED_RANGE = re.compile(r"^\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?$")
_PUBLISHED_P = re.compile(r"^[<>]?\s*(?:0|1)?\.\d+$|^[01]$")


def _matching(pattern: re.Pattern[str], kind: str, example: str) -> AfterValidator:
    """Return a validator that accepts text matching pattern, describing it by example."""

    def check(value: str) -> str:
        if not pattern.match(value):
            raise PydanticCustomError("format", "{kind} such as {example}", {"kind": kind, "example": example})
        return value

    return AfterValidator(check)


def _year_month(value: str) -> str:
    if not _YEAR_MONTH.match(value):
        raise PydanticCustomError(
            "format", "{kind} such as {example}", {"kind": N_("a year and month"), "example": "2022-08"}
        )
    return value


def _iso_date(value: object) -> object:
    """Turn YYYY-MM-DD text into a date; leave anything else for the type check to report."""
    if not isinstance(value, str):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        context = {"kind": N_("a date"), "example": "2026-05-18"}
        raise PydanticCustomError("format", "{kind} such as {example}", context) from None


NonEmpty = Annotated[str, Field(min_length=1)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Slug = Annotated[str, _matching(_SLUG, N_("a lower-case id of letters, digits and hyphens"), "2026-05-18-tacrolimus")]
Doi = Annotated[str, _matching(_DOI, N_("a DOI"), "10.1016/j.jri.2026.104904")]
Email = Annotated[str, _matching(_EMAIL, N_("an e-mail address"), "press@example.org")]
YearMonth = Annotated[str, AfterValidator(_year_month)]
PublishedNumber = Annotated[str, _matching(_PUBLISHED_NUMBER, N_("a number as printed"), "66.7")]
PublishedRange = Annotated[str, _matching(_PUBLISHED_RANGE, N_("a range as printed"), "38.4-88.2")]
PublishedP = Annotated[str, _matching(_PUBLISHED_P, N_("a P value as printed"), "<0.0001")]
Count = Annotated[int, Field(ge=0)]
Probability = Annotated[float, Field(gt=0, lt=1)]


class Model(BaseModel):
    """Forbid unknown keys and coercion in every data model."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class Text(Model):
    """A piece of text in every language of the site."""

    ja: NonEmpty
    """Japanese text."""
    en: NonEmpty
    """English text."""

    def __getitem__(self, lang: str) -> str:
        """Return the text in lang."""
        return str(getattr(self, lang))


class Quote(Model):
    """A figure quoted in a paragraph, declared so that it is checked against the computed one."""

    printed: Text
    """The figure exactly as it stands in the paragraph in each language, e.g. 約60% / about 60%."""
    value: Literal["rate", "ci", "p", "difference", "difference_ci"]
    """Which computed value it quotes (difference and difference_ci only for a difference comparison)."""
    endpoint: Slug | None = None
    """With arm: the results cell it quotes."""
    arm: Slug | None = None
    """With endpoint: the results cell it quotes."""
    comparison: Slug | None = None
    """Instead of endpoint and arm: the id of the exploratory comparison it quotes."""
    tolerance: Annotated[float, Field(gt=0)] | None = None
    """For an approximate figure ("about 60%"): the largest distance, in percentage points, still consistent."""


class Prose(Text):
    """A paragraph in every language, with the figures it quotes."""

    quotes: list[Quote] = []
    """Figures quoted in the text, each checked against the computed value."""


class Period(Model):
    """A span of whole months."""

    start: YearMonth
    """First month, YYYY-MM."""
    end: YearMonth
    """Last month, YYYY-MM."""


class AgeRange(Model):
    """An inclusive range of ages in years."""

    min: Annotated[int, Field(ge=0, le=130)]
    """Youngest age admitted."""
    max: Annotated[int, Field(ge=0, le=130)]
    """Oldest age admitted."""


class Arm(Model):
    """A treatment group of the trial."""

    id: Slug
    """Identifier used by result cells, e.g. low."""
    label: Text
    """Short name of the group, e.g. 低用量 / Low dose."""
    dose: Text
    """Dose as written, e.g. 1日2mg / 2 mg a day."""
    allocation: Annotated[int, Field(ge=1)]
    """Weight in the randomisation ratio (2 in a 2:1 ratio)."""
    enrolled: Annotated[int, Field(ge=1)] | None = None
    """Participants enrolled in the group, where published."""


class Endpoint(Model):
    """An outcome measured in every arm."""

    id: Slug
    """Identifier used by result cells, e.g. clinical."""
    role: Literal["primary", "secondary"]
    """Whether this is the primary or a secondary endpoint."""
    label: Text
    """Name of the endpoint as in the table."""
    definition: Text | None = None
    """How the outcome was ascertained, where stated."""


class Design(Model):
    """How the trial was run."""

    period: Period
    """Recruitment and treatment period."""
    age: AgeRange
    """Ages admitted."""
    population: Text
    """Who was eligible."""
    intervention: Text
    """What was given, how and when."""
    allocation: Text
    """How participants were assigned to the arms."""
    arms: Annotated[list[Arm], Field(min_length=1)]
    """The treatment groups, in table order."""
    endpoints: Annotated[list[Endpoint], Field(min_length=1)]
    """The outcomes, in table order."""
    summary: Prose
    """The release's research overview paragraph."""


class CiPlan(Model):
    """How confidence intervals are computed."""

    level: Probability
    """Two-sided confidence level, e.g. 0.95."""
    method: Literal["clopper-pearson"]
    """Interval method; clopper-pearson is the exact interval."""


class Source(Model):
    """A document the analysis plan is taken from."""

    label: Text
    """What the document is."""
    doi: Doi | None = None
    """Its DOI, where it has one."""


class Comparison(Model):
    """An exploratory figure computed from the results, clearly labelled as such."""

    id: Slug
    """Identifier, used by quotes."""
    kind: Literal["pooled", "difference"]
    """pooled: one rate over several arms; difference: the first arm's rate minus the second's."""
    endpoint: Slug
    """Id of the endpoint."""
    arms: Annotated[list[Slug], Field(min_length=2)]
    """Ids of the arms (exactly two for a difference)."""
    label: Text
    """What the figure is, e.g. both doses pooled (post hoc)."""


class Exploratory(Model):
    """Figures the trial was not designed to test, shown with a statement saying so."""

    statement: Text
    """Why these figures are exploratory, e.g. the trial was not designed to compare the doses."""
    comparisons: Annotated[list[Comparison], Field(min_length=1)]
    """The figures, in display order."""


class Analysis(Model):
    """The pre-specified analysis plan."""

    population: Text
    """Analysis population, e.g. full analysis set."""
    control_rate: Probability
    """Fixed control rate each arm is tested against, e.g. 0.05."""
    control_rationale: Text
    """Where the control rate comes from."""
    test: Literal["exact-binomial"]
    """Test of each arm against the control rate."""
    alternative: Literal["greater", "less", "two-sided"]
    """Direction of the test."""
    alpha: Probability
    """Significance level of each test, e.g. 0.0125."""
    alpha_rationale: Text
    """Why that significance level."""
    ci: CiPlan
    """Confidence interval plan."""
    sources: list[Source]
    """Where the plan is documented."""
    exploratory: Exploratory | None = None
    """Exploratory figures, if the release shows any."""


class Published(Model):
    """Figures as printed in the release's table, kept only to be checked."""

    rate: PublishedNumber
    """Rate in percent, as printed, e.g. 66.7."""
    ci: PublishedRange
    """Confidence interval in percent, as printed, e.g. 38.4-88.2."""
    p: PublishedP
    """P value as printed, e.g. <0.0001."""


class Cell(Model):
    """The counts of one arm for one endpoint."""

    endpoint: Slug
    """Id of the endpoint."""
    arm: Slug
    """Id of the arm."""
    events: Count
    """Participants with the outcome."""
    analysed: Annotated[int, Field(ge=1)]
    """Participants analysed."""
    published: Published | None = None
    """The release's printed figures for this cell, to be checked."""


class Results(Model):
    """The results table."""

    caption: Text
    """Table caption."""
    cells: Annotated[list[Cell], Field(min_length=1)]
    """One entry per endpoint and arm."""


class Author(Model):
    """An author of the paper."""

    name: NonEmpty
    """Name as in the paper's byline."""
    affiliations: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]
    """Numbers of the author's affiliations."""


class Affiliation(Model):
    """A numbered affiliation of the paper."""

    id: Annotated[int, Field(ge=1)]
    """Number used by authors."""
    name: Text
    """Institution and department."""


class Publication(Model):
    """The paper the release reports."""

    title: NonEmpty
    """Title as published."""
    journal: NonEmpty
    """Journal name."""
    published: YearMonth
    """Month of publication, YYYY-MM."""
    doi: Doi
    """DOI of the paper."""
    authors: Annotated[list[Author], Field(min_length=1)]
    """Authors in byline order."""
    affiliations: Annotated[list[Affiliation], Field(min_length=1)]
    """Affiliations in numbered order."""


class Contact(Model):
    """Where the press can ask questions; shown on every page of the release."""

    office: Text
    """Office name."""
    people: Text
    """Contact people."""
    phone: press.Phone | None = None
    """Telephone number as dialled in the issuer's country, e.g. 03-3416-0181."""
    country_code: press.CountryCode | None = None
    """The country calling code of the phone number, e.g. 81: English pages show +81-3-3416-0181."""
    phone_international: press.InternationalPhone | None = None
    """The number in international format, where it is not the national one without its leading 0."""
    phone_note: Text | None = None
    """What the number is, e.g. main switchboard."""
    email: Email | None = None
    """E-mail address."""


class Release(Model):
    """One press release: every study-specific fact of its pages."""

    id: Slug
    """Stable id, used in URLs when the site has several releases."""
    date: IsoDate
    """Release date, YYYY-MM-DD."""
    issuer: Text
    """Organisation issuing the release."""
    headline: Text
    """Headline."""
    subtitle: Text
    """Subtitle."""
    lead: Annotated[list[Prose], Field(min_length=1)]
    """Opening paragraphs."""
    key_points: Annotated[list[Prose], Field(min_length=1)]
    """The release's key points."""
    design: Design
    """How the trial was run."""
    analysis: Analysis
    """The analysis plan."""
    results: Results
    """The results table."""
    outlook: Annotated[list[Prose], Field(min_length=1)]
    """Outlook and the researchers' comment."""
    publication: Publication
    """The paper."""
    funding: Text
    """Funding statement."""
    contact: Contact
    """Press contact."""
    embargo: press.AwareTime | None = None
    """Embargo (解禁日時) with its UTC offset, e.g. 2026-05-18T00:00:00+09:00; append [Asia/Tokyo] to show JST."""
    url: press.Url | None = None
    """The release on the issuer's own website."""
    updates: list[press.Update] = []
    """Corrections and updates, each dated, shown at the top of every page of the release."""
    materials: list[press.Material] = []
    """Files published with the release, such as the original press release as PDF."""
    images: list[press.Image] = []
    """Pictures published with the release, with caption, credit and license."""
    registration: list[press.Registration] = []
    """The trial's records in public registries."""
    labels: press.Labels | None = None
    """The study at a glance: peer review, study type, subjects."""


def prose_fields(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Prose]]:
    """Yield every paragraph of a model that can quote figures, with its location."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, Prose):
                yield where, item
            if isinstance(item, BaseModel):
                yield from prose_fields(item, where)


# The press office's parts of a release live in their own module, which builds on Model and Text
# above; imported last so that either module can be imported first.
from generator import press  # noqa: E402
