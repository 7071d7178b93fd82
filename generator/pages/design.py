"""The design page: the study's period, the planned analyses in words, and the participant flow."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_interval

from generator.errors import N_
from generator.pages.common import Cited, PageContext, base_fields, describe, month
from generator.stats.shown import ShownRelease


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
class DesignContext(PageContext):
    """What the design template is rendered with."""

    period: str
    planned: tuple[Cited, ...]
    """Each planned analysis in words, with its source."""
    reported: tuple[Cited, ...]
    """Each analysis taken from the paper as reported (no documented protocol), in words."""
    endpoint_sources: dict[str, int]
    """Source number of each endpoint whose role is not in the release, by endpoint id."""
    flow: Flow | None
    """Participants enrolled, allocated and analyzed, where the data gives the enrollment."""


def design_context(view: ShownRelease, base: PageContext) -> DesignContext:
    """Return the design page's context."""
    release, lang = view.release, view.lang
    period = release.design.period
    return DesignContext(
        **base_fields(base),  # type: ignore[arg-type]
        period=format_interval(month(period.start), month(period.end), "yMMMM", locale=lang),
        planned=describe(view, "planned"),
        reported=describe(view, "reported"),
        endpoint_sources={
            endpoint.id: number
            for endpoint in release.design.endpoints
            if (number := view.source_number(endpoint.source)) is not None
        },
        flow=flow(view),
    )


def flow(view: ShownRelease) -> Flow | None:
    """Return enrolled, allocated and analyzed per arm, with the reasons for any difference."""
    arms = view.release.design.arms
    if any(arm.enrolled is None for arm in arms):
        return None
    primary = next(endpoint for endpoint in view.release.design.endpoints if endpoint.role == "primary")
    population = view.release.analysis.population[view.lang]
    rows = []
    for arm in arms:
        assert arm.enrolled is not None
        analyzed = view.figures.arms[(primary.id, arm.id)].analyzed
        notes = [
            view.fmt._(N_("{count}: {reason}"), count=item.count, reason=item.reason[view.lang])
            for item in arm.excluded
        ]
        missing = arm.enrolled - (analyzed or 0) - sum(item.count for item in arm.excluded)
        if missing > 0:
            notes.append(
                view.fmt._(
                    N_("{missing} of {enrolled} was not in the {population}; no reason is given.")
                    if missing == 1
                    else N_("{missing} of {enrolled} were not in the {population}; no reason is given."),
                    missing=missing,
                    enrolled=arm.enrolled,
                    population=population[:1].lower() + population[1:] if view.lang == "en" else population,
                )
            )
        rows.append(FlowRow(arm.label[view.lang], arm.enrolled, analyzed, tuple(notes)))
    return Flow(
        enrolled=sum(arm.enrolled or 0 for arm in arms),
        rows=tuple(rows),
        endpoint=primary.label[view.lang],
        source=view.source_number(view.release.design.enrollment_source),
    )
