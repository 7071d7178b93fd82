"""The methods page: how every figure was computed, the P values, the exploratory analyses and the sources."""

from __future__ import annotations

import functools
import platform
from dataclasses import dataclass
from decimal import Decimal
from importlib import metadata

from generator.data.analyses import kind_of
from generator.data.analyses.base import TestResult
from generator.errors import N_
from generator.pages.common import CI_METHODS, Cited, PageContext, base_fields, describe
from generator.pages.results import TableGroup, table
from generator.stats.shown import MAIN, ShownRelease


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
class SourceRef:
    """A source as listed on the methods page: its number, what it is and its DOI."""

    number: int
    label: str
    doi: str | None


SOFTWARE = ("scipy", "statsmodels", "numpy", "babel", "pydantic", "jinja2", "mkdocs")
"""Packages whose versions the methods page lists."""


@functools.cache
def software_versions() -> tuple[tuple[str, str], ...]:
    """Return Python's and the computing packages' versions."""
    return (("Python", platform.python_version()), *((name, metadata.version(name)) for name in SOFTWARE))


@dataclass(frozen=True)
class MethodsContext(PageContext):
    """What the methods template is rendered with."""

    ci_level: str
    ci_method: str
    """How each arm's interval is computed, e.g. exact (Clopper–Pearson)."""
    table: tuple[TableGroup, ...]
    planned: tuple[Cited, ...]
    """Each planned analysis in words, with its source."""
    reported: tuple[Cited, ...]
    """Each analysis taken from the paper as reported (no documented protocol), in words."""
    rationales: tuple[tuple[str, Cited], ...]
    """Where the plan's fixed rates and levels come from: (what, why with its source)."""
    sources: tuple[SourceRef, ...]
    p_values: tuple[PValueRow, ...]
    exploratory: tuple[ExploratoryRow, ...]
    exploratory_methods: tuple[Cited, ...]
    """Each exploratory analysis in words."""
    software: tuple[tuple[str, str], ...]
    """Name and version of every package that computed or formatted a figure."""


def methods_context(view: ShownRelease, base: PageContext) -> MethodsContext:
    """Return the methods page's context."""
    return MethodsContext(
        **base_fields(base),  # type: ignore[arg-type]
        ci_level=view.fmt.level_percent(),
        ci_method=view.fmt.gettext(CI_METHODS[view.release.analysis.ci.method]),
        table=table(view),
        planned=describe(view, "planned"),
        reported=describe(view, "reported"),
        rationales=rationales(view),
        sources=sources(view),
        p_values=p_values(view),
        exploratory=exploratory(view),
        exploratory_methods=describe(view, "exploratory"),
        software=software_versions(),
    )


def sources(view: ShownRelease) -> tuple[SourceRef, ...]:
    """Return the sources as the methods page lists them: numbered in the order the pages cite them."""
    by_id = {source.id: source for source in view.release.analysis.sources}
    return tuple(
        SourceRef(number, by_id[source_id].label[view.lang], by_id[source_id].doi)
        for number, source_id in enumerate(view.source_order, start=1)
    )


def rationales(view: ShownRelease) -> tuple[tuple[str, Cited], ...]:
    """Return where the plan's fixed rates and significance levels come from."""
    found: list[tuple[str, Cited]] = []
    for spec, _ in view.analyses():
        null_rate = getattr(spec, "null_rate", None)
        null_rationale = getattr(spec, "null_rationale", None)
        if null_rate is not None and null_rationale is not None:
            what = view.fmt._(N_("Fixed rate of {rate}%"), rate=view.fmt.plain(float(Decimal(repr(null_rate)) * 100)))
            found.append((what, Cited(null_rationale[view.lang], view.source_number(spec.source))))
        alpha = getattr(spec, "alpha", None)
        alpha_rationale = getattr(spec, "alpha_rationale", None)
        if alpha is not None and alpha_rationale is not None:
            what = view.fmt._(N_("Significance level {alpha}"), alpha=view.fmt.plain(alpha))
            found.append((what, Cited(alpha_rationale[view.lang], view.source_number(spec.source))))
    return tuple(dict.fromkeys(found))


def p_values(view: ShownRelease) -> tuple[PValueRow, ...]:
    rows = []
    for spec, result in view.analyses(MAIN):
        alpha = getattr(spec, "alpha", None)
        test: TestResult
        for test in kind_of(spec).tests(spec, result, view.arm_labels, view.fmt):
            rows.append(
                PValueRow(
                    endpoint=view.endpoints[spec.endpoint].label[view.lang],
                    test=test.name,
                    counts=test.counts,
                    exact=test.exact,
                    shown=test.shown,
                    significant=test.significant,
                    alpha=None if alpha is None else view.fmt.plain(alpha),
                )
            )
    return tuple(rows)


def exploratory(view: ShownRelease) -> tuple[ExploratoryRow, ...]:
    rows = []
    for spec, result in view.analyses("exploratory"):
        tests = kind_of(spec).tests(spec, result, view.arm_labels, view.fmt)
        effects = kind_of(spec).effects(spec, result, view.fmt)
        label = spec.label[view.lang] if spec.label is not None else view.comparison(spec)
        for index, effect in enumerate(effects):
            name = (
                label if len(effects) == 1 else view.fmt._(N_("{label}: {measure}"), label=label, measure=effect.name)
            )
            p = None
            if index == 0 and tests:
                template = N_("{test}: P = {p}") if tests[0].p is not None else N_("{test}: {p}")
                p = view.fmt._(template, test=tests[0].name, p=tests[0].exact)
            rows.append(ExploratoryRow(name, effect.shown, effect.shown_ci, p))
    return tuple(rows)
