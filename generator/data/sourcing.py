"""Check that every cited source exists and that participant flows add up."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.data.models import Release, prose_fields
from generator.errors import N_, Message, Problem

Loc = tuple[str | int, ...]
MakeProblem = Callable[[Loc, Message, "str | Message"], Problem]


def cited(release: Release) -> Iterator[tuple[Loc, str]]:
    """Yield the location and id of every source citation in a release."""
    if release.design.enrollment_source is not None:
        yield ("design", "enrollment_source"), release.design.enrollment_source
    for index, endpoint in enumerate(release.design.endpoints):
        if endpoint.source is not None:
            yield ("design", "endpoints", index, "source"), endpoint.source
    for index, analysis in enumerate(release.analysis.analyses):
        if analysis.source is not None:
            yield ("analysis", "analyses", index, "source"), analysis.source
    for loc, prose in prose_fields(release):
        if prose.attribution is not None and prose.attribution.source is not None:
            yield (*loc, "attribution", "source"), prose.attribution.source


def check(release: Release, problem: MakeProblem, analyzed: Callable[[str], int | None]) -> Iterator[Problem]:
    """Yield a problem for each unknown or repeated source id and each exclusion count that cannot be.

    analyzed(arm_id) gives the number analyzed for the first primary endpoint.
    """
    ids = [source.id for source in release.analysis.sources]
    for index, source_id in enumerate(ids):
        if ids.index(source_id) != index:
            yield problem(("analysis", "sources", index, "id"), Message(N_("an id not used before")), repr(source_id))
    for loc, source_id in cited(release):
        if source_id not in ids:
            expected = (
                Message(N_("one of {ids}"), {"ids": ", ".join(ids)})
                if ids
                else Message(N_("a source listed under analysis.sources"))
            )
            yield problem(loc, expected, repr(source_id))
    for index, arm in enumerate(release.design.arms):
        excluded = sum(item.count for item in arm.excluded)
        count = analyzed(arm.id)
        if not excluded or arm.enrolled is None or count is None:
            continue
        if excluded > arm.enrolled - count:
            yield problem(
                ("design", "arms", index, "excluded"),
                Message(
                    N_("at most {missing} (enrolled {enrolled} minus analyzed {analyzed})"),
                    {"missing": arm.enrolled - count, "enrolled": arm.enrolled, "analyzed": count},
                ),
                str(excluded),
            )
