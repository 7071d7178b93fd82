"""Build the typed context each page template is rendered with."""

from __future__ import annotations

import datetime as dt
import functools
import math
import platform
from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from importlib import metadata
from typing import Any, Literal

from babel.dates import format_date, format_interval, format_skeleton
from markupsafe import Markup

from generator.data.analyses import kind_of
from generator.data.analyses.base import AnalysisBase, ArmFigures, Effect, Formatter, TestResult
from generator.data.i18n import translations
from generator.data.languages import join_sentences
from generator.data.models import Arm, Endpoint, Release
from generator.errors import N_
from generator.maths import numbers
from generator.outputs.citations import STYLE_NAME, csl_item, file_names, formatted_reference
from generator.outputs.figure import Axis, FigurePanel, FigureRow, FigureSpec
from generator.stats.compute import ReleaseFigures


@dataclass(frozen=True)
class PageKind:
    """A kind of page every release has, rendered from one template."""

    name: str
    """Template stem and page id."""
    filename: str
    """File name inside the release's folder."""
    title: str
    """English title; translated through the catalogs."""


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("overview", "index.md", N_("Overview")),
    PageKind("design", "design.md", N_("Study design")),
    PageKind("results", "results.md", N_("Results")),
    PageKind("methods", "methods.md", N_("Methods")),
    PageKind("publication", "publication.md", N_("Publication")),
)
"""The pages of a release, in reading order."""

HOME_TEMPLATE = "home.md.j2"
"""Template of the home page that lists the releases when there are several."""


@dataclass(frozen=True)
class Link:
    """A link from one page to another, relative to the linking page."""

    title: str
    href: str
    current: bool


@dataclass(frozen=True)
class TableRow:
    """One arm of one endpoint in the results table, formatted for display."""

    arm: str
    dose: str | None
    summary: str
    ci: str
    p: str | None
    """The arm's own test (against a fixed rate), where the plan has one."""


@dataclass(frozen=True)
class TableGroup:
    """The rows of one endpoint in the results table."""

    endpoint: str
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class EffectRow:
    """One effect of one comparison, formatted for display."""

    endpoint: str
    comparison: str
    measure: str
    method: str
    estimate: str
    ci: str
    p: str | None
    """The comparison's test, on its first effect only."""
    rows: int
    """How many effects the comparison has (the P cell spans them)."""
    as_reported: bool


@dataclass(frozen=True)
class PValueRow:
    """One test with its exact and displayed P values."""

    endpoint: str
    test: str
    counts: str
    exact: str
    """The exact P, e.g. 2.3 × 10⁻¹⁰."""
    shown: str
    """The P as the table shows it, e.g. <0.0001."""
    significant: bool | None
    alpha: str | None


@dataclass(frozen=True)
class ExploratoryRow:
    """One exploratory figure, formatted for display."""

    label: str
    estimate: str
    ci: str
    p: str | None


@dataclass(frozen=True)
class FigureRef:
    """The results figure: its files and its text alternatives."""

    src: str
    """Wide variant, relative to the page's URL."""
    src_narrow: str
    """Variant laid out for phones."""
    alt: str
    caption: str


@dataclass(frozen=True)
class SourceRef:
    """A source as listed on the methods page: its number, what it is and its DOI."""

    number: int
    label: str
    doi: str | None


@dataclass(frozen=True)
class Cited:
    """A statement and the number of the source it comes from (None: from the release itself)."""

    text: str
    source: int | None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class FlowRow:
    """One arm's participant flow, as CONSORT asks: allocated, analyzed, and why not."""

    arm: str
    allocated: int
    analyzed: int | None
    not_analyzed: tuple[str, ...]
    """One line per reason, or one line saying that no reason is given."""


@dataclass(frozen=True)
class Flow:
    """The participant flow of the design page."""

    enrolled: int
    rows: tuple[FlowRow, ...]
    endpoint: str
    """The endpoint whose analyzed counts are shown (the first primary endpoint)."""
    source: int | None


@dataclass(frozen=True)
class CiteRef:
    """The paper's formatted reference and its citation files (generator/citations.py)."""

    reference: str
    style: str
    files: dict[str, str]
    """Each format's file (ris, bibtex, csl_json), relative to the publication page's Markdown file."""


def cite_ref(release: Release) -> CiteRef:
    """Return the paper's reference and the paths of its citation files."""
    files = {fmt: f"{CITATION_FOLDER}/{name}" for fmt, name in file_names(release).items()}
    return CiteRef(formatted_reference(csl_item(release)), STYLE_NAME, files)


CITATION_FOLDER = "publication"
"""The citation files' folder in a release's folder, named after the page that links them."""


@dataclass(frozen=True)
class ReleaseContext:
    """Everything a release page template is rendered with."""

    lang: str
    release: Release
    page: str
    """The PageKind name being rendered."""
    pages: tuple[Link, ...]
    """The release's pages, for the in-page navigation."""
    date: str
    period: str
    published: str
    ci_level: str
    ci_method: str
    """How each arm's interval is computed, e.g. exact (Clopper–Pearson)."""
    summary_header: str
    """Header of the results table's column of each arm's own figures."""
    table: tuple[TableGroup, ...]
    has_arm_p: bool
    """Whether the results table has a P value column (a test of each arm against a fixed rate)."""
    has_arm_ci: bool
    """Whether any arm has its own interval (a rate or a mean), so the table has an interval column."""
    effects: tuple[EffectRow, ...]
    """The planned comparisons between arms."""
    planned: tuple[Cited, ...]
    """Each planned analysis in words, with its source."""
    results_note: str
    """The note under the results table: how each arm's figures and the planned analyses were computed."""
    rationales: tuple[tuple[str, Cited], ...]
    """Where the plan's fixed rates and levels come from: (what, why with its source)."""
    endpoint_sources: dict[str, int]
    """Source number of each endpoint whose role is not in the release, by endpoint id."""
    flow: Flow | None
    """Participants enrolled, allocated and analyzed, where the data gives the enrollment."""
    sources: tuple[SourceRef, ...]
    p_values: tuple[PValueRow, ...]
    exploratory: tuple[ExploratoryRow, ...]
    exploratory_methods: tuple[Cited, ...]
    """Each exploratory analysis in words."""
    software: tuple[tuple[str, str], ...]
    """Name and version of every package that computed or formatted a figure."""
    figure: FigureRef | None
    cite: CiteRef
    figure_spec: FigureSpec | None = None
    """What the results figure draws (the pages show it through figure); its narrow layout differs only in width."""


@dataclass(frozen=True)
class HomeEntry:
    """One release in the home page's list."""

    date: str
    headline: str
    subtitle: str
    issuer: str
    href: Markup
    """Link to the release's overview, built from its validated id."""


@dataclass(frozen=True)
class HomeContext:
    """Everything the home page template is rendered with."""

    lang: str
    releases: tuple[HomeEntry, ...]


def template_variables(context: ReleaseContext | HomeContext) -> dict[str, object]:
    """Return a context's fields as template variables (shallow: models stay models)."""
    return {field.name: getattr(context, field.name) for field in fields(context)}


def _month(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def long_date(value: dt.date, lang: str) -> str:
    """Format a date as 2026年5月18日 / May 18, 2026."""
    return format_date(value, format="long", locale=lang)


def release_pages(page: str, lang: str) -> tuple[Link, ...]:
    """Return the links of a release's pages, marking the current one."""
    gettext = translations(lang).gettext
    return tuple(Link(gettext(kind.title), kind.filename, kind.name == page) for kind in PAGE_KINDS)


FIGURE_FILE = "figure.svg"
FIGURE_NARROW_FILE = "figure-narrow.svg"
"""The results figure's files, in a folder named after the results page so relative URLs work."""

NARROW_FIGURE_WIDTH = 4.2
"""Width in inches of the figure variant for phones: its text stays readable at 390 px."""

SOFTWARE = ("scipy", "statsmodels", "numpy", "babel", "pydantic", "jinja2", "mkdocs")
"""Packages whose versions the methods page lists."""


CI_METHODS = {
    "clopper-pearson": N_("exact (Clopper–Pearson)"),
    "wilson": N_("Wilson score"),
    "jeffreys": N_("Jeffreys"),
    "agresti-coull": N_("Agresti–Coull"),
}


@functools.cache
def software_versions() -> tuple[tuple[str, str], ...]:
    """Return Python's and the computing packages' versions."""
    return (("Python", platform.python_version()), *((name, metadata.version(name)) for name in SOFTWARE))


class _Release:
    """One release's models and figures seen in one language."""

    def __init__(self, release: Release, figures: ReleaseFigures, lang: str) -> None:
        self.release = release
        self.figures = figures
        self.lang = lang
        self.fmt = Formatter(lang, translations(lang).gettext, release.analysis.ci.level)
        self.arms = {arm.id: arm for arm in release.design.arms}
        self.endpoints = {endpoint.id: endpoint for endpoint in release.design.endpoints}
        self.arm_labels = {arm.id: arm.label[lang] for arm in release.design.arms}

    def analyses(self, status: str | None = None) -> Iterator[tuple[AnalysisBase, Any]]:
        """Yield each analysis's spec and result, of one status or all, in display order."""
        for spec, result in self.figures.analyses.values():
            if status is None or spec.status == status:
                yield spec, result

    def arm_label(self, arm: Arm) -> str:
        """Return an arm's label with its dose: Low dose (2 mg a day)."""
        if arm.dose is None:
            return arm.label[self.lang]
        return self.fmt._(N_("{arm} ({dose})"), arm=arm.label[self.lang], dose=arm.dose[self.lang])

    def comparison(self, spec: AnalysisBase) -> str:
        """Return what an analysis compares: Drug vs Placebo, or its own label."""
        if spec.label is not None:
            return spec.label[self.lang]
        if len(spec.arms) == 2:
            first, second = (self.arm_labels[arm] for arm in spec.arms)
            return self.fmt._(N_("{first} vs {second}"), first=first, second=second)
        return self.fmt._(N_(", ")).join(self.arm_labels[arm] for arm in spec.arms)

    def unit(self, endpoint: Endpoint) -> str:
        return endpoint.unit[self.lang] if endpoint.unit is not None else ""

    def summary(self, endpoint: Endpoint, figures: ArmFigures) -> str:
        """Return an arm's own figures: 66.7 (10/15), 5.2 (SD 1.1), or 12/50 events."""
        fmt = self.fmt
        if figures.kind == "continuous":
            assert figures.mean is not None and figures.sd is not None
            return fmt._(
                N_("{mean} (SD {sd}; n = {n})"),
                mean=fmt.signed(figures.mean, endpoint.decimals),
                sd=numbers.number(figures.sd, endpoint.decimals, self.lang),
                n=figures.analyzed,
            )
        counts = f"{figures.events}/{figures.analyzed}"
        if figures.kind == "time-to-event":
            if figures.median is None:
                return fmt._(N_("{counts} events"), counts=counts)
            return fmt._(
                N_("{counts} events; median {median} {unit}"),
                counts=counts,
                median=numbers.number(Decimal(figures.median), numbers.decimals_of(figures.median), self.lang),
                unit=self.unit(endpoint),
            )
        if figures.rate is None:
            return fmt._(N_("– ({counts})"), counts=counts)
        return fmt._(N_("{rate}% ({counts})"), rate=fmt.percent(figures.rate), counts=counts)

    def interval(self, endpoint: Endpoint, figures: ArmFigures) -> str:
        """Return an arm's own interval as displayed, or a dash where it has none."""
        if figures.ci is None:
            return "–"
        if figures.kind == "continuous":
            places = endpoint.decimals
            return self.fmt.range(self.fmt.signed(figures.ci.low, places), self.fmt.signed(figures.ci.high, places))
        return self.fmt.range(self.fmt.percent(figures.ci.low), self.fmt.percent(figures.ci.high))

    def summary_header(self) -> str:
        """Return the header of the column of each arm's own figures: Pregnancy rate (n/N)."""
        if not self.all_rates():
            return self.fmt._(N_("Result"))
        measure = self.release.results.measure
        if measure is None:
            return self.fmt._(N_("Rate (n/N)"))
        return self.fmt._(N_("{measure} (n/N)"), measure=measure[self.lang])

    def all_rates(self) -> bool:
        return all(endpoint.kind in ("binary", "descriptive") for endpoint in self.release.design.endpoints)

    def arm_p(self) -> dict[tuple[str, str], str]:
        """Return the P values shown next to arms, by (endpoint, arm)."""
        shown: dict[tuple[str, str], str] = {}
        for spec, result in self.analyses("planned"):
            for arm, p in kind_of(spec).arm_p(spec, result, self.fmt).items():
                shown[(spec.endpoint, arm)] = p
        return shown

    def table(self) -> tuple[TableGroup, ...]:
        """Return the results table: endpoints in order, arms in order within each."""
        arm_p = self.arm_p()
        return tuple(
            TableGroup(
                endpoint.label[self.lang],
                tuple(
                    TableRow(
                        arm=arm.label[self.lang],
                        dose=arm.dose[self.lang] if arm.dose is not None else None,
                        summary=self.summary(endpoint, self.figures.arms[(endpoint.id, arm.id)]),
                        ci=self.interval(endpoint, self.figures.arms[(endpoint.id, arm.id)]),
                        p=arm_p.get((endpoint.id, arm.id)),
                    )
                    for arm in self.release.design.arms
                ),
            )
            for endpoint in self.release.design.endpoints
        )

    def effect_rows(self, status: str) -> Iterator[tuple[AnalysisBase, Effect, str | None, int]]:
        """Yield each effect of the analyses of one status, with the comparison's P on its first effect."""
        for spec, result in self.analyses(status):
            effects = kind_of(spec).effects(spec, result, self.fmt)
            tests = kind_of(spec).tests(spec, result, self.arm_labels, self.fmt)
            p = tests[0].shown if len(tests) == 1 and len(spec.arms) == 2 else "–"
            for index, effect in enumerate(effects):
                yield spec, effect, p if index == 0 else None, len(effects)

    def effects(self) -> tuple[EffectRow, ...]:
        return tuple(
            EffectRow(
                endpoint=self.endpoints[spec.endpoint].label[self.lang],
                comparison=self.comparison(spec),
                measure=effect.name,
                method=effect.method,
                estimate=effect.shown,
                ci=effect.shown_ci,
                p=p,
                rows=rows,
                as_reported=effect.as_reported,
            )
            for spec, effect, p, rows in self.effect_rows("planned")
            if effect.null is not None
        )

    def source_number(self, source_id: str | None) -> int | None:
        """Return the number a source is listed under on the methods page."""
        if source_id is None:
            return None
        ids = [source.id for source in self.release.analysis.sources]
        return ids.index(source_id) + 1

    def sources(self) -> tuple[SourceRef, ...]:
        return tuple(
            SourceRef(number, source.label[self.lang], source.doi)
            for number, source in enumerate(self.release.analysis.sources, start=1)
        )

    def flow(self) -> Flow | None:
        """Return enrolled, allocated and analyzed per arm, with the reasons for any difference."""
        arms = self.release.design.arms
        if any(arm.enrolled is None for arm in arms):
            return None
        primary = next(endpoint for endpoint in self.release.design.endpoints if endpoint.role == "primary")
        population = self.release.analysis.population[self.lang]
        rows = []
        for arm in arms:
            assert arm.enrolled is not None
            analyzed = self.figures.arms[(primary.id, arm.id)].analyzed
            notes = [
                self.fmt._(N_("{count}: {reason}"), count=item.count, reason=item.reason[self.lang])
                for item in arm.excluded
            ]
            missing = arm.enrolled - (analyzed or 0) - sum(item.count for item in arm.excluded)
            if missing > 0:
                notes.append(
                    self.fmt._(
                        N_("{missing} of {enrolled} was not in the {population}; no reason is given.")
                        if missing == 1
                        else N_("{missing} of {enrolled} were not in the {population}; no reason is given."),
                        missing=missing,
                        enrolled=arm.enrolled,
                        population=population[:1].lower() + population[1:] if self.lang == "en" else population,
                    )
                )
            rows.append(FlowRow(arm.label[self.lang], arm.enrolled, analyzed, tuple(notes)))
        return Flow(
            enrolled=sum(arm.enrolled or 0 for arm in arms),
            rows=tuple(rows),
            endpoint=primary.label[self.lang],
            source=self.source_number(self.release.design.enrollment_source),
        )

    def describe(self, status: str) -> tuple[Cited, ...]:
        """Return each analysis of a status in words, with its source; endpoints analyzed alike share one sentence."""
        grouped: dict[tuple[str, int | None], list[str]] = {}
        for spec, result in self.analyses(status):
            sentence = kind_of(spec).describe(spec, result, self.arm_labels, self.fmt)
            key = (sentence, self.source_number(spec.source))
            grouped.setdefault(key, []).append(self.endpoints[spec.endpoint].label[self.lang])
        return tuple(
            Cited(
                self.fmt._(N_("{endpoint}: {sentence}"), endpoint=self.fmt._(N_("; ")).join(labels), sentence=sentence),
                source,
            )
            for (sentence, source), labels in grouped.items()
        )

    def results_note(self) -> str:
        """Return the note under the results table."""
        fmt = self.fmt
        arms = list(self.figures.arms.values())
        if any(figures.ci is not None and figures.rate is not None for figures in arms):
            first = fmt._(
                N_(
                    "Each group's figures are computed from the data shown; intervals are two-sided "
                    "{level}% intervals, {method} for rates."
                ),
                level=fmt.level_percent(),
                method=fmt._(CI_METHODS[self.release.analysis.ci.method]),
            )
        elif any(figures.ci is not None for figures in arms):
            first = fmt._(
                N_(
                    "Each group's figures are computed from the data shown; intervals are two-sided {level}% intervals."
                ),
                level=fmt.level_percent(),
            )
        else:
            first = fmt._(N_("Each group's figures are the data shown."))
        return join_sentences((first, *self.describe("planned")), self.lang)

    def rationales(self) -> tuple[tuple[str, Cited], ...]:
        """Return where the plan's fixed rates and significance levels come from."""
        found: list[tuple[str, Cited]] = []
        for spec, _ in self.analyses():
            null_rate = getattr(spec, "null_rate", None)
            null_rationale = getattr(spec, "null_rationale", None)
            if null_rate is not None and null_rationale is not None:
                what = self.fmt._(
                    N_("Fixed rate of {rate}%"), rate=self.fmt.plain(float(Decimal(repr(null_rate)) * 100))
                )
                found.append((what, Cited(null_rationale[self.lang], self.source_number(spec.source))))
            alpha = getattr(spec, "alpha", None)
            alpha_rationale = getattr(spec, "alpha_rationale", None)
            if alpha is not None and alpha_rationale is not None:
                what = self.fmt._(N_("Significance level {alpha}"), alpha=self.fmt.plain(alpha))
                found.append((what, Cited(alpha_rationale[self.lang], self.source_number(spec.source))))
        return tuple(dict.fromkeys(found))

    def p_values(self) -> tuple[PValueRow, ...]:
        rows = []
        for spec, result in self.analyses("planned"):
            alpha = getattr(spec, "alpha", None)
            test: TestResult
            for test in kind_of(spec).tests(spec, result, self.arm_labels, self.fmt):
                rows.append(
                    PValueRow(
                        endpoint=self.endpoints[spec.endpoint].label[self.lang],
                        test=test.name,
                        counts=test.counts,
                        exact=test.exact,
                        shown=test.shown,
                        significant=test.significant,
                        alpha=None if alpha is None else self.fmt.plain(alpha),
                    )
                )
        return tuple(rows)

    def exploratory(self) -> tuple[ExploratoryRow, ...]:
        rows = []
        for spec, result in self.analyses("exploratory"):
            tests = kind_of(spec).tests(spec, result, self.arm_labels, self.fmt)
            effects = kind_of(spec).effects(spec, result, self.fmt)
            label = spec.label[self.lang] if spec.label is not None else self.comparison(spec)
            for index, effect in enumerate(effects):
                name = (
                    label
                    if len(effects) == 1
                    else self.fmt._(N_("{label}: {measure}"), label=label, measure=effect.name)
                )
                p = None
                if index == 0 and tests:
                    p = self.fmt._(N_("{test}: P = {p}"), test=tests[0].name, p=tests[0].exact)
                rows.append(ExploratoryRow(name, effect.shown, effect.shown_ci, p))
        return tuple(rows)

    def figure_spec(self) -> FigureSpec | None:
        """Return the results figure: each arm's rate or mean, then each planned effect, one panel each."""
        fmt = self.fmt
        panels: list[FigurePanel] = []
        references: dict[str, float] = {}
        for spec, _ in self.analyses("planned"):
            reference = kind_of(spec).reference(spec)
            if reference is not None:
                references.setdefault(spec.endpoint, reference)
        for endpoint in self.release.design.endpoints:
            rows = []
            for arm in self.release.design.arms:
                figures = self.figures.arms[(endpoint.id, arm.id)]
                if figures.ci is None:
                    continue
                if figures.kind == "continuous":
                    assert figures.mean is not None
                    rows.append(
                        FigureRow(
                            label=self.arm_label(arm),
                            estimate=figures.mean,
                            low=figures.ci.low,
                            high=figures.ci.high,
                            annotation=fmt._(
                                N_("{estimate} ({ci})"),
                                estimate=fmt.signed(figures.mean, endpoint.decimals),
                                ci=self.interval(endpoint, figures),
                            ),
                        )
                    )
                elif figures.rate is not None:
                    rows.append(
                        FigureRow(
                            label=self.arm_label(arm),
                            estimate=float(figures.rate),
                            low=figures.ci.low,
                            high=figures.ci.high,
                            annotation=fmt._(
                                N_("{estimate} ({ci})"),
                                estimate=f"{fmt.percent(figures.rate)}%",
                                ci=self.interval(endpoint, figures),
                            ),
                        )
                    )
            if not rows:
                continue
            if endpoint.kind == "continuous":
                low, high = _domain([value for row in rows for value in (row.low, row.high)], "linear", None)
                axis = Axis("linear", low, high, fmt._(N_("Mean ({unit})"), unit=self.unit(endpoint)), percent=False)
            else:
                reference = references.get(endpoint.id)
                axis = Axis(
                    "linear",
                    0.0,
                    1.0,
                    fmt._(N_("Rate (%)")),
                    percent=True,
                    reference=reference,
                    reference_label=None
                    if reference is None
                    else fmt._(N_("Fixed rate {rate}%"), rate=fmt.plain(float(Decimal(repr(reference)) * 100))),
                )
            panels.append(FigurePanel(endpoint.label[self.lang], tuple(rows), axis))
        by_measure: dict[str, list[tuple[AnalysisBase, Effect]]] = {}
        for spec, effect, _, _ in self.effect_rows("planned"):
            if (
                effect.null is not None
                and math.isfinite(effect.low)
                and math.isfinite(effect.high)
                and effect.low > (0 if effect.scale == "log" else -math.inf)
            ):
                by_measure.setdefault(effect.measure, []).append((spec, effect))
        for items in by_measure.values():
            name, scale, null = items[0][1].name, items[0][1].scale, items[0][1].null
            rows = [
                FigureRow(
                    label=self.fmt._(
                        N_("{endpoint}: {comparison}"),
                        endpoint=self.endpoints[spec.endpoint].label[self.lang],
                        comparison=self.comparison(spec),
                    )
                    if len({spec.endpoint for spec, _ in items}) > 1 or len(self.endpoints) > 1
                    else self.comparison(spec),
                    estimate=effect.estimate,
                    low=effect.low,
                    high=effect.high,
                    annotation=fmt._(N_("{estimate} ({ci})"), estimate=effect.shown, ci=effect.shown_ci),
                )
                for spec, effect in items
            ]
            low, high = _domain([value for row in rows for value in (row.low, row.high)], scale, null)
            label = (
                fmt._(N_("{measure} (log scale)"), measure=name)
                if scale == "log"
                else fmt._(N_("{measure} (percentage points)"), measure=name)
                if items[0][1].measure == "diff"
                else name
            )
            axis = Axis(
                scale,
                low,
                high,
                label,
                reference=null,
                reference_label=fmt._(N_("No difference")),
            )
            panels.append(FigurePanel(name, tuple(rows), axis))
        if not panels:
            return None
        title = fmt._(N_("Results with {level}% confidence intervals"), level=fmt.level_percent())
        description = join_sentences(
            (
                fmt._(
                    N_("{endpoint}: {rows}."),
                    endpoint=panel.title,
                    rows=fmt._(N_("; ")).join(
                        fmt._(N_("{label} {annotation}"), label=row.label, annotation=row.annotation)
                        for row in panel.rows
                    ),
                )
                for panel in panels
            ),
            self.lang,
        )
        return FigureSpec(panels=tuple(panels), title=title, description=description)

    def figure_ref(self, spec: FigureSpec | None) -> FigureRef | None:
        if spec is None:
            return None
        fmt = self.fmt
        references = [
            panel.axis.reference for panel in spec.panels if panel.axis.percent and panel.axis.reference is not None
        ]
        caption = fmt._(
            N_(
                "Figure: each estimate (square) with its {level}% confidence interval (line), "
                "one panel per endpoint or effect."
            ),
            level=fmt.level_percent(),
        )
        if references:
            caption = fmt._(
                N_("{caption} The dashed line in a panel of rates is the fixed rate the groups were tested against."),
                caption=caption,
            )
        if any(not panel.axis.percent for panel in spec.panels):
            caption = fmt._(N_("{caption} In a panel of effects the dashed line marks no difference."), caption=caption)
        return FigureRef(
            src=FIGURE_FILE,
            src_narrow=FIGURE_NARROW_FILE,
            alt=fmt._(N_("{title}. {description}"), title=spec.title, description=spec.description),
            caption=caption,
        )


def _domain(values: list[float], scale: Literal["linear", "log"], null: float | None) -> tuple[float, float]:
    """Return an axis domain covering values and the null line."""
    from generator.outputs.figure import nice_axis

    return nice_axis(values, scale, include=null)


def release_context(release: Release, figures: ReleaseFigures, lang: str, page: str) -> ReleaseContext:
    """Return the context of one page of a release in lang."""
    view = _Release(release, figures, lang)
    spec = view.figure_spec()
    period = release.design.period
    gettext = view.fmt.gettext
    return ReleaseContext(
        lang=lang,
        release=release,
        page=page,
        pages=release_pages(page, lang),
        date=long_date(release.date, lang),
        period=format_interval(_month(period.start), _month(period.end), "yMMMM", locale=lang),
        published=format_skeleton("yMMMM", _month(release.publication.published), locale=lang),
        ci_level=view.fmt.level_percent(),
        ci_method=gettext(CI_METHODS[release.analysis.ci.method]),
        summary_header=view.summary_header(),
        has_arm_ci=any(figures.ci is not None for figures in view.figures.arms.values()),
        table=view.table(),
        has_arm_p=bool(view.arm_p()),
        effects=view.effects(),
        planned=view.describe("planned"),
        results_note=view.results_note(),
        rationales=view.rationales(),
        endpoint_sources={
            endpoint.id: number
            for endpoint in release.design.endpoints
            if (number := view.source_number(endpoint.source)) is not None
        },
        flow=view.flow(),
        sources=view.sources(),
        p_values=view.p_values(),
        exploratory=view.exploratory(),
        exploratory_methods=view.describe("exploratory"),
        software=software_versions(),
        figure=view.figure_ref(spec),
        cite=cite_ref(release),
        figure_spec=spec,
    )


def home_context(releases: list[Release], lang: str) -> HomeContext:
    """Return the context of the home page listing releases, newest first."""
    entries = tuple(
        HomeEntry(
            date=long_date(release.date, lang),
            headline=release.headline[lang],
            subtitle=release.subtitle[lang],
            issuer=release.issuer[lang],
            href=Markup(f"{release.id}/index.md"),  # noqa: S704 - the id is validated as a slug
        )
        for release in releases
    )
    return HomeContext(lang=lang, releases=entries)
