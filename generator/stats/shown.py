"""One release's computed figures as shown in one language.

The labels, summaries, intervals and comparisons that the pages and the results figure share;
formatted through the analyses' `Formatter` (Babel numbers, the catalogs' wording).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from generator.data.analyses import kind_of
from generator.data.analyses.base import AnalysisBase, ArmFigures, Effect, Formatter
from generator.data.i18n import translations
from generator.data.models import Arm, Endpoint, Release
from generator.errors import N_
from generator.maths import numbers
from generator.stats.compute import ReleaseFigures

MAIN = ("planned", "reported")
"""The statuses of a release's main analyses, shown in the results: pre-specified, or as the paper reports them."""


class ShownRelease:
    """One release's models and figures seen in one language."""

    def __init__(self, release: Release, figures: ReleaseFigures, lang: str) -> None:
        self.release = release
        self.figures = figures
        self.lang = lang
        self.fmt = Formatter(lang, translations(lang).gettext, release.analysis.ci.level)
        self.arms = {arm.id: arm for arm in release.design.arms}
        self.endpoints = {endpoint.id: endpoint for endpoint in release.design.endpoints}
        self.arm_labels = {arm.id: arm.label[lang] for arm in release.design.arms}

    def analyses(self, status: str | tuple[str, ...] | None = None) -> Iterator[tuple[AnalysisBase, Any]]:
        """Yield each analysis's spec and result, of one status (or several, or all), in display order."""
        statuses = (status,) if isinstance(status, str) else status
        for spec, result in self.figures.analyses.values():
            if statuses is None or spec.status in statuses:
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

    @functools.cached_property
    def source_order(self) -> tuple[str, ...]:
        """Return the sources' ids numbered in the order a reader first meets them.

        The design page cites them first: its endpoints, then the planned analyses, then the
        enrollment figures; the methods page then the exploratory analyses. A source no fact
        cites comes last, in the data's order.
        """
        cited = [endpoint.source for endpoint in self.release.design.endpoints]
        cited += [spec.source for spec, _ in self.analyses(MAIN)]
        cited.append(self.release.design.enrollment_source)
        cited += [spec.source for spec, _ in self.analyses("exploratory")]
        cited += [source.id for source in self.release.analysis.sources]
        return tuple(dict.fromkeys(source for source in cited if source is not None))

    def source_number(self, source_id: str | None) -> int | None:
        """Return the number a source is listed under on the methods page (in order of first citation)."""
        if source_id is None:
            return None
        return self.source_order.index(source_id) + 1

    def effect_rows(self, status: str | tuple[str, ...]) -> Iterator[tuple[AnalysisBase, Effect, str | None, int]]:
        """Yield each effect of the analyses of one status, with the comparison's P on its first effect."""
        for spec, result in self.analyses(status):
            effects = kind_of(spec).effects(spec, result, self.fmt)
            tests = kind_of(spec).tests(spec, result, self.arm_labels, self.fmt)
            p = tests[0].shown if len(tests) == 1 and len(spec.arms) == 2 else "–"
            for index, effect in enumerate(effects):
                yield spec, effect, p if index == 0 else None, len(effects)
