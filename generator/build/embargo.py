"""Publish a release only once its embargo has lifted; say when the next one lifts.

A normal build renders the releases whose embargo is at or before the build's time ("as of"):
`PRESS_AS_OF` (ISO time with its offset) when set, else now. `PRESS_PREVIEW=1` renders every
release, marking the embargoed ones (banner, noindex) for journalists under embargo.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import N_, DataError, Message, Problem

if TYPE_CHECKING:
    from generator.data.loader import LoadedRelease
    from generator.data.models import Release

# The data's modules (the models, 0.2 s to import) load only where a function needs them: the
# MkDocs processes of the parallel build and a build with docs/ up to date read only the schedule.

log = logging.getLogger(__name__)

AS_OF_VARIABLE = "PRESS_AS_OF"
PREVIEW_VARIABLE = "PRESS_PREVIEW"


def as_of() -> dt.datetime:
    """Return the time the build publishes at: PRESS_AS_OF when set, else now; raise DataError if it is not a time."""
    text = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not text:
        return dt.datetime.now(dt.UTC)
    from generator.data.press import MOMENT_EXAMPLE, parse_moment

    moment = parse_moment(text)
    if moment is None:
        expected = Message(
            N_("{kind} such as {example}"),
            {"kind": Message(N_("a date and time with its UTC offset")), "example": MOMENT_EXAMPLE},
        )
        raise DataError([Problem(AS_OF_VARIABLE, "", expected, repr(text))])
    return moment


LATEST_OFFSET = dt.timezone(dt.timedelta(hours=14))
"""The zone furthest ahead of UTC (Line Islands): a date is in the future only once it is everywhere on Earth."""


def build_date(moment: dt.datetime) -> dt.date:
    """Return the latest date anywhere on Earth at moment."""
    return moment.astimezone(LATEST_OFFSET).date()


def check_dates(loaded: Sequence[LoadedRelease], moment: dt.datetime) -> Iterator[Problem]:
    """Yield the dates that lie in the future of the build: updates, and releases without an embargo.

    A release dated after the build needs an embargo, which says when and in which zone it goes
    out; it is refused rather than held back until its date, because a date alone has no hour: any
    hour the build picked (00:00 where? in the issuer's zone? UTC?) would publish it early
    somewhere or late elsewhere, silently. The message names the date and asks for the embargo.
    """
    from generator.data.positions import field_path, line_of

    today = build_date(moment)
    for item in loaded:
        release = item.release
        if release.date > today and release.embargo is None:
            yield Problem(
                item.file,
                "date",
                Message(
                    N_("a date not after the build's ({today}), or an embargo saying when the release goes out"),
                    {"today": today.isoformat()},
                ),
                release.date.isoformat(),
                line_of(item.lines, ("date",)),
            )
        for index, update in enumerate(release.updates):
            if update.date > today:
                where = ("updates", index, "date")
                yield Problem(
                    item.file,
                    field_path(where),
                    Message(N_("a date not after the build's ({today})"), {"today": today.isoformat()}),
                    update.date.isoformat(),
                    line_of(item.lines, where),
                )


def preview() -> bool:
    """Return whether this build previews embargoed releases (PRESS_PREVIEW=1)."""
    return os.environ.get(PREVIEW_VARIABLE, "").strip() not in ("", "0")


@dataclass(frozen=True)
class Schedule:
    """Which releases a build at a given time publishes, and for how long that holds."""

    published: tuple[str, ...]
    """Ids of the releases whose embargo has lifted (or that have none)."""
    held: tuple[str, ...]
    """Ids of the releases still under embargo."""
    lifts: tuple[str, ...]
    """When each held release's embargo lifts (ISO time with offset), in the order of held."""
    since: dt.datetime | None
    """The latest embargo already lifted: before it, the build would publish less."""
    until: dt.datetime | None
    """The next embargo to lift: from then on, the build publishes more."""

    def holds_at(self, moment: dt.datetime) -> bool:
        """Return whether a build at moment publishes the same releases."""
        return (self.since is None or self.since <= moment) and (self.until is None or moment < self.until)

    def to_json(self) -> dict[str, object]:
        """Return the schedule for the builder's stamp."""
        return {
            "published": list(self.published),
            "held": list(self.held),
            "lifts": list(self.lifts),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Schedule:
        """Return a schedule read back from a stamp."""

        def moment(value: object) -> dt.datetime | None:
            return dt.datetime.fromisoformat(str(value)) if value else None

        published, held, lifts = data["published"], data["held"], data["lifts"]
        assert isinstance(published, list) and isinstance(held, list) and isinstance(lifts, list)
        return cls(
            tuple(map(str, published)),
            tuple(map(str, held)),
            tuple(map(str, lifts)),
            moment(data["since"]),
            moment(data["until"]),
        )

    def describe_held(self) -> str:
        """Return the held releases and when they lift, for the build log."""
        return ", ".join(f"{release} until {lift}" for release, lift in zip(self.held, self.lifts, strict=True))


def schedule(releases: Sequence[Release], moment: dt.datetime) -> Schedule:
    """Return which releases are published at moment."""
    published = [release.id for release in releases if release.embargo is None or release.embargo <= moment]
    held = [release for release in releases if release.embargo is not None and release.embargo > moment]
    lifted = [release.embargo for release in releases if release.embargo is not None and release.embargo <= moment]
    return Schedule(
        published=tuple(published),
        held=tuple(release.id for release in held),
        lifts=tuple(release.embargo.isoformat() for release in held if release.embargo is not None),
        since=max(lifted, default=None),
        until=min((release.embargo for release in held if release.embargo is not None), default=None),
    )


def log_held(releases: Sequence[Release], plan: Schedule, moment: dt.datetime, previewing: bool) -> None:
    """Say which releases the build holds back (or previews) and until when."""
    for release in releases:
        if release.id in plan.held and release.embargo is not None:
            log.info(
                N_("embargo: previewing (noindex) %s until %s (%s UTC); build time %s")
                if previewing
                else N_("embargo: holding back %s until %s (%s UTC); build time %s"),
                release.id,
                release.embargo.isoformat(),
                release.embargo.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
                moment.isoformat(timespec="seconds"),
            )


def last_modified(release: Release, folder: Path) -> dt.datetime:
    """Return when the release last changed: the newest of its updates and its folder's last commit.

    Without git or without history for the folder (a tarball, a shallow clone that misses it),
    the release date stands in. A date from the data counts as midnight UTC. Deterministic for a commit.
    """
    candidates = [dt.datetime.combine(release.date, dt.time(), dt.UTC)]
    candidates += [dt.datetime.combine(update.date, dt.time(), dt.UTC) for update in release.updates]
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip():
        try:
            candidates.append(dt.datetime.fromisoformat(result.stdout.strip()))
        except ValueError:
            log.debug("unreadable commit date for %s: %r", folder, result.stdout)
    return max(candidates)
