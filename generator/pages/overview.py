"""The overview page: the release itself, dated, with its main result first."""

from __future__ import annotations

from dataclasses import dataclass

from generator.pages.common import PageContext, base_fields, caveats, long_date
from generator.stats.main_result import MainResult, main_result
from generator.stats.shown import ShownRelease


@dataclass(frozen=True)
class OverviewContext(PageContext):
    """What the overview template is rendered with."""

    date: str
    caveats: tuple[str, ...]
    """What the design does not show, next to the key points."""
    result: MainResult
    """The primary endpoint's figures, shown at the top ("the result at a glance")."""


def overview_context(view: ShownRelease, base: PageContext) -> OverviewContext:
    """Return the overview page's context."""
    return OverviewContext(
        **base_fields(base),  # type: ignore[arg-type]
        date=long_date(view.release.date, view.lang),
        caveats=caveats(view),
        result=main_result(view),
    )
