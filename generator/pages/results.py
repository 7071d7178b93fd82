"""The results page: the table of each arm's figures, the planned comparisons, and the figure's text."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.analyses import kind_of
from generator.data.languages import join_sentences
from generator.errors import N_
from generator.outputs.figure import FigureSpec
from generator.outputs.figure_spec import FIGURE_FILE, FIGURE_NARROW_FILE
from generator.pages.common import CI_METHODS, PageContext, base_fields, caveats, describe
from generator.stats.shown import MAIN, ShownRelease


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
    conclusion: str | None = None
    """What the interval shows against a non-inferiority or equivalence margin, in words."""


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
class ResultsContext(PageContext):
    """What the results template is rendered with."""

    ci_level: str
    summary_header: str
    """Header of the results table's column of each arm's own figures."""
    table: tuple[TableGroup, ...]
    has_arm_p: bool
    """Whether the results table has a P value column (a test of each arm against a fixed rate)."""
    has_arm_ci: bool
    """Whether any arm has its own interval (a rate or a mean), so the table has an interval column."""
    effects: tuple[EffectRow, ...]
    """The planned comparisons between arms, and the figures of analyses as reported."""
    caveats: tuple[str, ...]
    """What the design does not show, near the results: association, allocation, control, size."""
    results_note: str
    """The note under the results table: how each arm's figures and the planned analyses were computed."""
    figure: FigureRef | None


def results_context(view: ShownRelease, base: PageContext, spec: FigureSpec | None) -> ResultsContext:
    """Return the results page's context; spec is the results figure, drawn elsewhere."""
    return ResultsContext(
        **base_fields(base),  # type: ignore[arg-type]
        ci_level=view.fmt.level_percent(),
        summary_header=summary_header(view),
        table=table(view),
        has_arm_p=bool(arm_p(view)),
        has_arm_ci=any(figures.ci is not None for figures in view.figures.arms.values()),
        effects=effects(view),
        caveats=caveats(view),
        results_note=results_note(view),
        figure=figure_ref(view, spec),
    )


def summary_header(view: ShownRelease) -> str:
    """Return the header of the column of each arm's own figures: Pregnancy rate (n/N)."""
    if not all_rates(view):
        return view.fmt._(N_("Result"))
    measure = view.release.results.measure
    if measure is None:
        return view.fmt._(N_("Rate (n/N)"))
    return view.fmt._(N_("{measure} (n/N)"), measure=measure[view.lang])


def all_rates(view: ShownRelease) -> bool:
    return all(endpoint.kind in ("binary", "descriptive") for endpoint in view.release.design.endpoints)


def arm_p(view: ShownRelease) -> dict[tuple[str, str], str]:
    """Return the P values shown next to arms, by (endpoint, arm)."""
    shown: dict[tuple[str, str], str] = {}
    for spec, result in view.analyses(MAIN):
        for arm, p in kind_of(spec).arm_p(spec, result, view.fmt).items():
            shown[(spec.endpoint, arm)] = p
    return shown


def table(view: ShownRelease) -> tuple[TableGroup, ...]:
    """Return the results table: endpoints in order, arms in order within each."""
    shown_p = arm_p(view)
    return tuple(
        TableGroup(
            endpoint.label[view.lang],
            tuple(
                TableRow(
                    arm=arm.label[view.lang],
                    dose=arm.dose[view.lang] if arm.dose is not None else None,
                    summary=view.summary(endpoint, view.figures.arms[(endpoint.id, arm.id)]),
                    ci=view.interval(endpoint, view.figures.arms[(endpoint.id, arm.id)]),
                    p=shown_p.get((endpoint.id, arm.id)),
                )
                for arm in view.release.design.arms
            ),
        )
        for endpoint in view.release.design.endpoints
    )


def effects(view: ShownRelease) -> tuple[EffectRow, ...]:
    return tuple(
        EffectRow(
            endpoint=view.endpoints[spec.endpoint].label[view.lang],
            comparison=view.comparison(spec),
            measure=effect.name,
            method=effect.method,
            estimate=effect.shown,
            ci=effect.shown_ci,
            p=p,
            rows=rows,
            as_reported=effect.as_reported,
            conclusion=effect.conclusion,
        )
        for spec, effect, p, rows in view.effect_rows(MAIN)
        if effect.measure != "pooled"  # a pooled rate compares nothing: the methods page shows it
    )


def results_note(view: ShownRelease) -> str:
    """Return the note under the results table."""
    fmt = view.fmt
    arms = list(view.figures.arms.values())
    if any(figures.ci is not None and figures.rate is not None for figures in arms):
        first = fmt._(
            N_(
                "Each group's figures are computed from the data shown; intervals are two-sided "
                "{level}% intervals, {method} for rates."
            ),
            level=fmt.level_percent(),
            method=fmt._(CI_METHODS[view.release.analysis.ci.method]),
        )
    elif any(figures.ci is not None for figures in arms):
        first = fmt._(
            N_("Each group's figures are computed from the data shown; intervals are two-sided {level}% intervals."),
            level=fmt.level_percent(),
        )
    else:
        first = fmt._(N_("Each group's figures are the data shown."))
    return join_sentences((first, *describe(view, MAIN)), view.lang)


def figure_ref(view: ShownRelease, spec: FigureSpec | None) -> FigureRef | None:
    if spec is None:
        return None
    fmt = view.fmt
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
    if any(panel.axis.margins for panel in spec.panels):
        caption = fmt._(
            N_("{caption} The dotted line marks the non-inferiority or equivalence margin."), caption=caption
        )
    return FigureRef(
        src=FIGURE_FILE,
        src_narrow=FIGURE_NARROW_FILE,
        alt=fmt._(N_("{title}. {description}"), title=spec.title, description=spec.description),
        caption=caption,
    )
