"""Declare the schema of a release's data, once, as typed models.

The field types are in generator/fields.py; each kind of analysis declares its own part in
generator/analyses/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from generator.data import press
from generator.data.analyses import AnalysisSpec
from generator.data.fields import (
    Count,
    Doi,
    Email,
    Headline,
    IsoDate,
    Measure,
    Model,
    NonEmpty,
    Paragraph,
    PositiveCount,
    Probability,
    Prose,
    PublishedNumber,
    PublishedRange,
    Quote,
    Slug,
    SmallNumber,
    Text,
    YearMonth,
)

__all__ = ["Prose", "Quote", "Release", "Text", "prose_fields"]


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


class Exclusion(Model):
    """Participants of an arm who were not analyzed, and why."""

    count: Annotated[int, Field(ge=1)]
    """How many."""
    reason: Text
    """Why they were not analyzed, e.g. withdrew consent before treatment."""


class Arm(Model):
    """A group of the study."""

    id: Slug
    """Identifier used by result cells and analyses, e.g. low."""
    role: Literal["experimental", "control", "placebo", "active-control", "reference"] = "experimental"
    """What the group is: experimental (the default), control (untreated or usual care), placebo,
    active-control (another treatment) or reference."""
    label: Text
    """Short name of the group, e.g. 低用量 / Low dose."""
    dose: Text | None = None
    """Dose as written, e.g. 1日2mg / 2 mg a day, where the group has one."""
    allocation: SmallNumber | None = None
    """Weight in the randomization ratio (2 in a 2:1 ratio), for a randomized study."""
    enrolled: PositiveCount | None = None
    """Participants enrolled and allocated to the group, where published."""
    excluded: list[Exclusion] = Field(default_factory=list)
    """Enrolled participants not analyzed, with the reason, where the data gives it; a difference
    between enrolled and analyzed without a reason is shown as such."""


class Endpoint(Model):
    """An outcome measured in every arm."""

    id: Slug
    """Identifier used by result cells and analyses, e.g. clinical."""
    kind: Literal["binary", "continuous", "time-to-event", "descriptive"] = "binary"
    """binary: events / analyzed per arm (the default); continuous: n, mean and SD per arm;
    time-to-event: events / analyzed per arm with a reported hazard ratio; descriptive: events /
    analyzed shown as rates with intervals and never tested (safety, adverse events)."""
    role: Literal["primary", "secondary", "safety", "other"]
    """Whether this is the primary or a secondary endpoint, a safety outcome or another outcome."""
    label: Text
    """Name of the endpoint as in the table."""
    definition: Paragraph | None = None
    """How the outcome was ascertained, where stated."""
    unit: Text | None = None
    """Unit of a continuous or time-to-event endpoint, e.g. kg or months."""
    decimals: Annotated[int, Field(ge=0, le=4)] = 1
    """Decimals shown for the means and SDs of a continuous endpoint."""
    among: Text | None = None
    """For an endpoint measured only in some participants: who, e.g. those who became pregnant.
    Its arms may then have nobody analyzed, and show no rate."""
    source: Slug | None = None
    """Id of the source (under analysis.sources) that names the endpoint and its role, where the
    release itself does not."""


class Design(Model):
    """How the study was run."""

    period: Period
    """Recruitment and treatment period."""
    age: AgeRange | None = None
    """Ages admitted, where stated."""
    population: Paragraph
    """Who was eligible."""
    intervention: Paragraph
    """What was given, how and when."""
    randomized: bool | None = None
    """Whether participants were randomly assigned to the arms, where the release says."""
    allocation: Paragraph | None = None
    """How participants were assigned to the arms, where stated."""
    arms: Annotated[list[Arm], Field(min_length=1)]
    """The groups, in table order."""
    enrollment_source: Slug | None = None
    """Id of the source (under analysis.sources) of the enrollment figures, where the release
    itself does not give them."""
    endpoints: Annotated[list[Endpoint], Field(min_length=1)]
    """The outcomes, in table order."""
    summary: Prose
    """The release's research overview paragraph."""


class CiPlan(Model):
    """How each arm's confidence interval is computed."""

    level: Probability
    """Two-sided confidence level, e.g. 0.95, used by every interval on the site."""
    method: Literal["clopper-pearson", "wilson", "jeffreys", "agresti-coull"] = "clopper-pearson"
    """Interval of each arm's rate; clopper-pearson (the default) is the exact interval."""


class Source(Model):
    """A document that facts on the site not printed in the release are taken from."""

    id: Slug
    """Identifier that analyses, endpoints and the design cite, e.g. review-documents."""
    label: Text
    """What the document is."""
    doi: Doi | None = None
    """Its DOI, where it has one."""


class Analysis(Model):
    """The analysis plan: every planned and exploratory analysis the release shows."""

    population: Text
    """Analysis population, e.g. full analysis set."""
    ci: CiPlan
    """Confidence interval plan."""
    analyses: list[AnalysisSpec] = Field(default_factory=list)
    """The analyses, each with its `type`, in display order."""
    exploratory_statement: Paragraph | None = None
    """Why the exploratory analyses are exploratory, e.g. the trial was not designed to compare
    the doses; required when there is one."""
    sources: list[Source] = Field(default_factory=list)
    """Where the plan and the other facts not in the release are documented; each is cited by id."""


class Published(Model):
    """An arm's figures as printed in the release's table, kept only to be checked; any subset."""

    rate: PublishedNumber | None = None
    """Rate in percent, as printed, e.g. 66.7."""
    ci: PublishedRange | None = None
    """Confidence interval as printed (percent for a rate, units for a mean), e.g. 38.4-88.2."""


class Cell(Model):
    """The figures of one arm for one endpoint: counts, or n, mean and SD."""

    endpoint: Slug
    """Id of the endpoint."""
    arm: Slug
    """Id of the arm."""
    events: Count | None = None
    """Participants with the outcome (binary, descriptive and time-to-event endpoints)."""
    analyzed: Count
    """Participants analyzed (0 only for an endpoint measured among some participants)."""
    mean: Measure | None = None
    """Mean (continuous endpoints)."""
    sd: Annotated[Measure, Field(ge=0)] | None = None
    """Standard deviation (continuous endpoints)."""
    median: PublishedNumber | None = None
    """Median time as reported, in the endpoint's unit (time-to-event endpoints), where reported."""
    published: Published | None = None
    """The release's printed figures for this cell, to be checked."""


class Results(Model):
    """The results table."""

    caption: Text
    """Table caption."""
    measure: Text | None = None
    """What the rates in the table are, e.g. 妊娠率 / Pregnancy rate; the column is headed with it."""
    cells: Annotated[list[Cell], Field(min_length=1)]
    """One entry per endpoint and arm."""


class Author(Model):
    """An author of the paper."""

    name: NonEmpty
    """Name as in the paper's byline."""
    affiliations: Annotated[list[SmallNumber], Field(min_length=1)]
    """Numbers of the author's affiliations."""


class Affiliation(Model):
    """A numbered affiliation of the paper."""

    id: SmallNumber
    """Number used by authors."""
    name: Text
    """Institution and department."""


class Publication(Model):
    """The paper the release reports."""

    title: NonEmpty
    """Title as published."""
    journal: NonEmpty
    """Journal name."""
    journal_abbreviation: NonEmpty | None = None
    """The journal's abbreviated title as NLM's catalog gives it (J Reprod Immunol): the Vancouver reference uses it."""
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


TrialDesign = Literal[
    "DoubleBlindedTrial",
    "InternationalTrial",
    "MultiCenterTrial",
    "OpenTrial",
    "PlaceboControlledTrial",
    "RandomizedTrial",
    "SingleBlindedTrial",
    "SingleCenterTrial",
    "TripleBlindedTrial",
]
"""schema.org's MedicalTrialDesign values."""


class Study(Model):
    """What the study is about, for search engines' structured data (schema.org MedicalStudy)."""

    kind: Literal["trial", "observational"]
    """trial: an interventional trial (MedicalTrial); observational: an observational study."""
    name: Text | None = None
    """The study's own name, as the release or its registration gives it (not a claim about its result)."""
    design: list[TrialDesign] = Field(default_factory=list)
    """For a trial: its design in schema.org's terms, e.g. MultiCenterTrial; only what the release states,
    and none that a reader would take for more (RandomizedTrial reads as a randomized controlled trial)."""
    condition: Text
    """The condition studied, e.g. 不妊症 / infertility."""
    drugs: list[Text] = Field(default_factory=list)
    """Drugs the study gives, by their generic name."""
    funders: list[Text] = Field(default_factory=list)
    """Organisations that funded the study (schema.org funder, through the study's funding)."""


class Release(Model):
    """One press release: every study-specific fact of its pages."""

    id: Slug
    """Stable id, used in URLs when the site has several releases."""
    date: IsoDate
    """Release date, YYYY-MM-DD."""
    issuer: Text
    """Organization issuing the release."""
    headline: Headline
    """Headline, with the figures it quotes."""
    subtitle: Headline
    """Subtitle, with the figures it quotes."""
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
    """Outlook and the researchers' comments."""
    publication: Publication
    """The paper."""
    funding: Paragraph | None = None
    """Funding statement, where the release has one."""
    contact: Contact
    """Press contact."""
    study: Study | None = None
    """What the study is about, for structured data; without it the pages describe only the release."""
    embargo: press.AwareTime | None = None
    """Embargo (解禁日時) with its UTC offset, e.g. 2026-05-18T00:00:00+09:00; append [Asia/Tokyo] to show JST."""
    url: press.Url | None = None
    """The release on the issuer's own website."""
    updates: list[press.Update] = Field(default_factory=list)
    """Corrections and updates, each dated, shown at the top of every page of the release."""
    materials: list[press.Material] = Field(default_factory=list)
    """Files published with the release, such as the original press release as PDF."""
    images: list[press.Image] = Field(default_factory=list)
    """Pictures published with the release, with caption, credit and license."""
    registration: list[press.Registration] = Field(default_factory=list)
    """The trial's records in public registries."""
    labels: press.Labels | None = None
    """The study at a glance: peer review, study type, subjects."""
    logo: press.Logo | None = None
    """The issuer's logo for the site's header."""


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
