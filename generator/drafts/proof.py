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
div.table{overflow-x:auto}table{border-collapse:collapse;margin:.2rem 0 1rem}
td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}
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
    parts.append(f"<p><strong>{html.escape(report_lines(result, gettext)[2])}</strong></p>")
    index = 0
    blocks = result.blocks
    while index < len(blocks):
        block = blocks[index]
        if block.table is None:
            if not block.cell:
                where = html.escape(block.where.render(gettext))
                body = _marked(block, by_block.get(id(block), []), gettext)
                parts.append(f'<p><span class="where">{where}</span>{body}</p>')
            index += 1
            continue
        cells: dict[tuple[int, int], str] = {}
        cells[block.position] = _marked(block, by_block.get(id(block), []), gettext)
        index += 1
        while index < len(blocks) and blocks[index].cell and blocks[index].table is None:
            cells[blocks[index].position] = _marked(blocks[index], by_block.get(id(blocks[index]), []), gettext)
            index += 1
        parts.append(_table(block, cells, gettext))
    parts.append("</body></html>\n")
    return "".join(parts)


def _table(first: Block, cells: dict[tuple[int, int], str], gettext: Translate) -> str:
    """Return a table of the draft as HTML, its cells marked."""
    assert first.table is not None
    rows = []
    for row_index, row in enumerate(first.table, start=1):
        tag = "th" if row_index == 1 else "td"
        rendered = (
            f"<{tag}>{cells.get((row_index, column), html.escape(text))}</{tag}>"
            for column, text in enumerate(row, start=1)
        )
        rows.append("<tr>" + "".join(rendered) + "</tr>")
    where = html.escape(first.where.render(gettext))
    return f'<p class="where">{where}</p><div class="table"><table>{"".join(rows)}</table></div>'


def _marked(block: Block, findings: Sequence[Finding], gettext: Translate) -> str:
    """Return a block's text as HTML with each of its figures marked."""
    text = block.text
    marked = []
    cursor = 0
    for finding in sorted(findings, key=lambda item: item.figure.start):
        start = max(finding.figure.start, cursor)
        end = max(finding.figure.end, start)
        what = finding.what.render(gettext) if finding.what is not None else ""
        hover = gettext(HOVER[finding.status]).format(expected=finding.expected, what=what)
        marked.append(html.escape(text[cursor:start]))
        marked.append(
            f'<mark class="{finding.status}" title="{html.escape(hover)}">{html.escape(text[start:end])}</mark>'
        )
        cursor = end
    marked.append(html.escape(text[cursor:]))
    return "".join(marked).replace("\n", "<br>")


HOVER = {
    "agreed": N_("agrees: {expected} ({what})"),
    "disagreed": N_("expected {expected} ({what})"),
    "impossible": N_("impossible: {what} {expected}"),
    "unattributed": N_("not attributed to a computed value"),
}
