"""Proof a draft against the data: every figure of a result attributed, recomputed and judged.

The release is the one the draft names (its DOI, else its headline, else its date), or the one
given. Each block of the draft is read with the recognizer `check` uses, each figure attributed
by its context (generator.stats.attribute) and judged by the site's rules.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date

from generator.data.languages import LANGUAGES
from generator.data.loader import LoadedRelease, load_releases
from generator.data.models import prose_fields
from generator.drafts.read import Block, read_draft
from generator.errors import N_, DataError, Message, Problem, Translate
from generator.stats.attribute import Attributor, Finding, Passage
from generator.stats.compute import release_figures
from generator.stats.recognize import fold

DISAGREES = N_("{draft}:{where}: printed {printed}, expected {expected} ({what})")
IMPOSSIBLE = N_("{draft}:{where}: printed {printed}, impossible: expected {what}")
UNATTRIBUTED = N_(
    "{draft}:{where}: warning: {printed} looks like a result but names no arm, endpoint or analysis clearly"
)
SUMMARY = N_(
    "{draft}: release {release}: {checked} figure(s) checked, {agreed} agreed, {disagreed} disagreed, "
    "{unattributed} not attributed"
)
NO_RELEASE = N_("a release the draft names by its DOI, headline or date (or --release ID)")
NO_SUCH_RELEASE = N_("the id of a release in the data ({ids})")


@dataclass(frozen=True)
class Proof:
    """A draft's blocks and the verdict on each figure found in them."""

    draft: str
    release: LoadedRelease
    blocks: list[Block]
    findings: list[tuple[Block, Finding]]

    def count(self) -> Counter[str]:
        """Return how many figures had each verdict."""
        return Counter(finding.status for _, finding in self.findings)

    @property
    def failed(self) -> bool:
        """Whether any figure disagrees or is impossible."""
        counts = self.count()
        return bool(counts["disagreed"] or counts["impossible"])


def _dates(loaded: LoadedRelease) -> list[str]:
    day = loaded.release.date
    return [fold(format_date(day, format="long", locale=lang)) for lang in LANGUAGES] + [day.isoformat()]


def _flat(text: str) -> str:
    """Return text folded, lower-cased and without spaces, to find one text in another."""
    return re.sub(r"\s+", "", fold(text)).lower()


def find_release(
    blocks: Sequence[Block], releases: Sequence[LoadedRelease], wanted: str | None, draft: str
) -> LoadedRelease:
    """Return the release the draft is a draft of: by id when given, else by DOI, headline or date."""
    if wanted is not None:
        for loaded in releases:
            if loaded.release.id == wanted:
                return loaded
        ids = ", ".join(sorted(loaded.release.id for loaded in releases))
        raise DataError([Problem(draft, "--release", Message(NO_SUCH_RELEASE, {"ids": ids}), repr(wanted))])
    flat = _flat("\n".join(block.text for block in blocks))
    by_doi = [loaded for loaded in releases if _flat(loaded.release.publication.doi) in flat]
    by_headline = [
        loaded for loaded in releases if any(_flat(loaded.release.headline[lang]) in flat for lang in LANGUAGES)
    ]
    by_date = [loaded for loaded in releases if any(_flat(date) in flat for date in _dates(loaded))]
    for matched in (by_doi, by_headline, by_date):
        if len(matched) == 1:
            return matched[0]
    raise DataError([Problem(draft, "", Message(NO_RELEASE), Message(N_("no such release")))])


def _not_results(loaded: LoadedRelease) -> set[str]:
    """Return the figures the release lists as not results (background, eligibility), as _flat text."""
    listed: set[str] = set()
    for _, prose in prose_fields(loaded.release):
        for item in prose.not_results:
            listed.update(_flat(printed) for lang in LANGUAGES if (printed := item.printed.get(lang)))
    return listed


def proof(path: Path, draft: str, data_dir: Path, release_id: str | None, lang: str) -> Proof:
    """Read the draft at path and judge every figure in it against its release."""
    blocks = read_draft(path, draft)
    loaded = find_release(blocks, load_releases(data_dir), release_id, draft)
    attributor = Attributor(loaded.release, release_figures(loaded.release), lang)
    background = _not_results(loaded)
    findings: list[tuple[Block, Finding]] = []
    before = ""
    for block in blocks:
        passage = Passage(block.text, block.where, block.header, block.row, before)
        findings.extend(
            (block, finding)
            for finding in attributor.judge(passage)
            if not (finding.status == "unattributed" and _flat(finding.figure.printed) in background)
        )
        if not block.header and not block.row:
            before = block.text
    return Proof(draft, loaded, blocks, findings)


def report_lines(result: Proof, gettext: Translate) -> tuple[list[str], list[str], str]:
    """Return the lines of the figures that disagree, the warnings, and the closing summary."""
    errors: list[str] = []
    warnings: list[str] = []
    for block, finding in result.findings:
        where = block.where_at(finding.figure.start).render(gettext)
        printed = repr(finding.figure.printed)
        what = finding.what.render(gettext) if finding.what is not None else ""
        if finding.status == "disagreed":
            params = {"draft": result.draft, "where": where, "printed": printed, "expected": repr(finding.expected)}
            errors.append(gettext(DISAGREES).format(**params, what=what))
        elif finding.status == "impossible":
            if finding.expected:
                what = f"{what} ({finding.expected})"
            errors.append(gettext(IMPOSSIBLE).format(draft=result.draft, where=where, printed=printed, what=what))
        elif finding.status == "unattributed":
            warnings.append(gettext(UNATTRIBUTED).format(draft=result.draft, where=where, printed=printed))
    counts = result.count()
    summary = gettext(SUMMARY).format(
        draft=result.draft,
        release=result.release.release.id,
        checked=sum(counts.values()),
        agreed=counts["agreed"],
        disagreed=counts["disagreed"] + counts["impossible"],
        unattributed=counts["unattributed"],
    )
    return errors, warnings, summary


_STYLE = """
body{font-family:system-ui,"Noto Sans CJK JP",sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}
body{line-height:1.7}
p{margin:.4rem 0}.where{color:#555;font-size:.8rem;margin-right:.5rem}
mark{padding:0 .15rem;border-radius:.2rem}mark.agreed{background:#c8f0c8}
mark.disagreed,mark.impossible{background:#f7c1c1;outline:1px solid #b00}mark.unattributed{background:#f3e3a0}
"""


def report_html(result: Proof, gettext: Translate, lang: str) -> str:
    """Return the draft as HTML, each figure marked green (agrees) or red (disagrees), the expected value on hover."""
    by_block: dict[int, list[Finding]] = {}
    for block, finding in result.findings:
        by_block.setdefault(id(block), []).append(finding)
    title = html.escape(gettext(N_("Proof of {draft}")).format(draft=result.draft))
    parts = [f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>']
    parts.append(f"<style>{_STYLE}</style></head><body><h1>{title}</h1>")
    summary = report_lines(result, gettext)[2]
    parts.append(f"<p><strong>{html.escape(summary)}</strong></p>")
    for block in result.blocks:
        text = block.text
        marked = []
        cursor = 0
        for finding in sorted(by_block.get(id(block), []), key=lambda item: item.figure.start):
            figure = finding.figure
            start = text.find(figure.printed, max(cursor, figure.start - len(figure.printed)))
            if start < 0:
                start = figure.start
            end = start + len(figure.printed)
            what = finding.what.render(gettext) if finding.what is not None else ""
            hover = {
                "agreed": gettext(N_("agrees: {expected} ({what})")),
                "disagreed": gettext(N_("expected {expected} ({what})")),
                "impossible": gettext(N_("impossible: {what} {expected}")),
                "unattributed": gettext(N_("not attributed to a computed value")),
            }[finding.status].format(expected=finding.expected, what=what)
            marked.append(html.escape(text[cursor:start]))
            marked.append(
                f'<mark class="{finding.status}" title="{html.escape(hover)}">{html.escape(text[start:end])}</mark>'
            )
            cursor = end
        marked.append(html.escape(text[cursor:]))
        where = html.escape(block.where.render(gettext))
        body = "".join(marked).replace("\n", "<br>")
        parts.append(f'<p><span class="where">{where}</span>{body}</p>')
    parts.append("</body></html>\n")
    return "".join(parts)
