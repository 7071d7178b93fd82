"""The results figure's specification: each arm's rate or mean, then each planned effect, one panel each.

Built from the figures as shown (`generator.stats.shown`); drawn to SVG by `generator.outputs.figure`.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

from generator.data.analyses import kind_of
from generator.data.analyses.base import AnalysisBase, Effect
from generator.data.languages import join_sentences
from generator.errors import N_
from generator.outputs.figure import Axis, FigurePanel, FigureRow, FigureSpec
from generator.outputs.figure_axis import nice_axis
from generator.stats.shown import MAIN, ShownRelease

FIGURE_FILE = "figure.svg"
FIGURE_NARROW_FILE = "figure-narrow.svg"
"""The results figure's files, in a folder named after the results page so relative URLs work."""


NARROW_FIGURE_WIDTH = 4.2
"""Width in inches of the figure variant for phones: its text stays readable at 390 px."""


def _domain(values: list[float], scale: Literal["linear", "log"], null: float | None) -> tuple[float, float]:
    """Return an axis domain covering values and the null line."""
    return nice_axis(values, scale, include=null)


def figure_spec(view: ShownRelease) -> FigureSpec | None:
    """Return the results figure: each arm's rate or mean, then each planned effect, one panel each."""
    fmt = view.fmt
    panels: list[FigurePanel] = []
    references: dict[str, float] = {}
    for spec, _ in view.analyses(MAIN):
        reference = kind_of(spec).reference(spec)
        if reference is not None:
            references.setdefault(spec.endpoint, reference)
    for endpoint in view.release.design.endpoints:
        rows = []
        for arm in view.release.design.arms:
            figures = view.figures.arms[(endpoint.id, arm.id)]
            if figures.ci is None:
                continue
            if figures.kind == "continuous":
                assert figures.mean is not None
                rows.append(
                    FigureRow(
                        label=view.arm_label(arm),
                        estimate=figures.mean,
                        low=figures.ci.low,
                        high=figures.ci.high,
                        annotation=fmt._(
                            N_("{estimate} ({ci})"),
                            estimate=fmt.signed(figures.mean, endpoint.decimals),
                            ci=view.interval(endpoint, figures),
                        ),
                    )
                )
            elif figures.rate is not None:
                rows.append(
                    FigureRow(
                        label=view.arm_label(arm),
                        estimate=float(figures.rate),
                        low=figures.ci.low,
                        high=figures.ci.high,
                        annotation=fmt._(
                            N_("{estimate} ({ci})"),
                            estimate=f"{fmt.percent(figures.rate)}%",
                            ci=view.interval(endpoint, figures),
                        ),
                    )
                )
        if not rows:
            continue
        if endpoint.kind == "continuous":
            low, high = _domain([value for row in rows for value in (row.low, row.high)], "linear", None)
            axis = Axis("linear", low, high, fmt._(N_("Mean ({unit})"), unit=view.unit(endpoint)), percent=False)
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
        panels.append(FigurePanel(endpoint.label[view.lang], tuple(rows), axis))
    # One panel per measure; a comparison against a margin gets its own, so its margin crosses only its rows.
    by_measure: dict[tuple[str, tuple[float, ...]], list[tuple[AnalysisBase, Effect]]] = {}
    for spec, effect, _, _ in view.effect_rows(MAIN):
        if (
            effect.null is not None
            and math.isfinite(effect.low)
            and math.isfinite(effect.high)
            and effect.low > (0 if effect.scale == "log" else -math.inf)
        ):
            by_measure.setdefault((effect.measure, effect.margins), []).append((spec, effect))
    for items in by_measure.values():
        name, scale, null = items[0][1].name, items[0][1].scale, items[0][1].null
        rows = [
            FigureRow(
                label=view.fmt._(
                    N_("{endpoint}: {comparison}"),
                    endpoint=view.endpoints[spec.endpoint].label[view.lang],
                    comparison=view.comparison(spec),
                )
                if len({spec.endpoint for spec, _ in items}) > 1 or len(view.endpoints) > 1
                else view.comparison(spec),
                estimate=effect.estimate,
                low=effect.low,
                high=effect.high,
                annotation=fmt._(N_("{estimate} ({ci})"), estimate=effect.shown, ci=effect.shown_ci),
            )
            for spec, effect in items
        ]
        margins = tuple(sorted({margin for _, effect in items for margin in effect.margins}))
        # A margin keeps a little room beyond it, so its line does not sit on the axis's end.
        room = [margin + (margin - (null or 0.0)) / 10 for margin in margins]
        low, high = _domain([*(value for row in rows for value in (row.low, row.high)), *room], scale, null)
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
            margins=margins,
            margin_label=fmt._(N_("Margin")) if margins else None,
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
                    fmt._(N_("{label} {annotation}"), label=row.label, annotation=row.annotation) for row in panel.rows
                ),
            )
            for panel in panels
        ),
        view.lang,
    )
    return FigureSpec(panels=tuple(panels), title=title, description=description)
