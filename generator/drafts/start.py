"""Start a release from the office's Word or PDF draft: `python -m generator import DRAFT`.

Japanese releases share a layout: 報道関係者各位, the date, the issuer, the headline and
～subtitle～, the lead, then sections under 【…】 headings (the points, the summary, the outlook,
the paper, the funding, the contact). What the draft holds is copied as it stands; what it does
not hold (the design, the analyses, the sources, the English texts) is left for the author with
a comment pointing at the README. Nothing is invented, and an existing release is never
overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.data.languages import LANGUAGES
from generator.drafts.read import Block, read_draft
from generator.errors import N_, DataError, Message, Problem
from generator.stats.recognize import fold
from generator.stats.undeclared import PLACEHOLDERS

SECTIONS = {
    "points": ("発表のポイント", "プレスリリースのポイント", "ポイント"),
    "summary": ("研究概要", "研究成果", "研究の概要"),
    "outlook": ("今後の展望",),
    "publication": ("発表論文情報", "論文情報", "掲載論文"),
    "funding": ("特記事項", "研究費", "謝辞"),
    "contact": ("問い合わせ先", "お問い合わせ"),
}
"""Each section of a Japanese release, by the words its 【heading】 starts with."""

EN_SECTIONS = {
    "points": ("key points", "highlights", "key findings", "points"),
    "summary": ("study summary", "summary", "about the study", "research summary", "the study", "results"),
    "outlook": ("outlook", "future", "next steps", "comments", "comment"),
    "publication": ("publication", "paper", "article", "publication details", "the paper"),
    "funding": ("funding", "acknowledgments", "acknowledgements"),
    "contact": ("contact", "contacts", "media contact", "press contact", "media contacts", "for more information"),
}
"""Each section of an English release, by its heading (a paragraph of its own)."""

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


@dataclass(frozen=True)
class Layout:
    """How a release in one language is laid out: its headings, date, subtitle and caption."""

    lang: str

    def text(self, value: str) -> dict[str, str]:
        """Return a text in the draft's language, the other language's placeholder beside it."""
        return {lang: value if lang == self.lang else PLACEHOLDERS[lang] for lang in LANGUAGES}

    @property
    def joiner(self) -> str:
        """What joins two paragraphs of one section: nothing in Japanese, a space in English."""
        return "" if self.lang == "ja" else " "

    def heading(self, text: str) -> str | None:
        """Return the section a heading opens, or None for a paragraph."""
        if self.lang == "ja":
            match = re.fullmatch(r"[#\s*]*【([^】]+)】[*\s]*", text)
            if match is None:
                return None
            for section, starts in SECTIONS.items():
                if match.group(1).startswith(starts):
                    return section
            return "other:" + match.group(1)
        name = re.sub(r"^[#\s*]+|[\s*:]+$", "", text).lower()
        for section, names in EN_SECTIONS.items():
            if name in names:
                return section
        return None

    def caption(self, text: str) -> str | None:
        """Return the table's caption when text is one: 【表1：…】 or "Table 1: …"."""
        match = re.fullmatch(r"【(表\s*\d+\s*[：:].+)】" if self.lang == "ja" else r"(Table\s*\d+\s*[:.].+)", text)
        return match.group(1) if match else None

    def skipped(self, text: str) -> bool:
        """Return whether a line of the opening is no field: 報道関係者各位, "For immediate release"."""
        if self.lang == "ja":
            return text in ("報道関係者各位", "各位")
        return bool(re.fullmatch(r"(?i)(for immediate release|press release|news release|embargoed\b.*)", text))

    def date(self, text: str) -> dt.date | None:
        """Return the date a line states alone: 2026年5月18日, May 18, 2026 or 18 May 2026."""
        folded = fold(text).strip()
        match = re.fullmatch(r"(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日", folded)
        if match:
            return dt.date(*(int(part) for part in match.groups()))
        match = re.fullmatch(r"(?i)([a-z]+)\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+([a-z]+)\s+(\d{4})", folded)
        if match is None:
            return None
        month, day, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(5, 4, 6)
        if month.lower() not in MONTHS:
            return None
        return dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day))

    def subtitle(self, rest: Sequence[str]) -> str | None:
        """Return the subtitle when the line after the headline is one: ～…～, or a short line without a full stop."""
        if not rest:
            return None
        if self.lang == "ja":
            match = re.fullmatch(r"[～〜~](.+)[～〜~]", rest[0])
            return match.group(1).strip() if match else None
        line = rest[0]
        return line if len(rest) > 1 and len(line) <= 200 and not line.rstrip().endswith((".", "!", "?")) else None


def layout_of(blocks: Sequence[Block]) -> Layout:
    """Return the layout of the draft's language: Japanese when its text holds kana."""
    text = "".join(block.text for block in blocks)
    return Layout("ja" if re.search(r"[\u3040-\u30ff]", text) else "en")


EXISTS = N_("a release id not used yet (the import never overwrites)")

HAND_WORK = """\
# Started by `python -m generator import` from {draft}.
# Filled from the draft: {filled}.
# Left for you (see the README, "Starting from a draft"): the texts in {other} (each
# "{placeholder}" is reported by `make check`), the design (period, population,
# intervention, arms' roles and the endpoints' kinds), analysis (population, ci, analyses,
# sources), and a quote or a not_results entry for each figure `make check` names.
"""


@dataclass
class Parsed:
    """What the draft holds, section by section."""

    lines: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    table: list[list[str]] | None = None
    caption: str | None = None


def parse(blocks: Sequence[Block], layout: Layout) -> Parsed:
    """Split the draft's paragraphs into the opening lines and the sections under their headings."""
    parsed = Parsed()
    current: list[str] = parsed.lines
    for block in blocks:
        if block.table is not None and parsed.table is None:
            parsed.table = block.table
        if block.cell:
            continue
        text = block.text.strip()
        caption = layout.caption(text)
        if caption:
            parsed.caption = caption
            continue
        section = layout.heading(text)
        if section is not None:
            current = parsed.sections.setdefault(section, [])
            continue
        current.append(text)
    return parsed


def _opening(lines: list[str], release: dict[str, Any], filled: list[str], layout: Layout) -> None:
    """Fill the date, the issuer, the headline, the subtitle and the lead from the lines before the first section."""
    rest = [line for line in lines if not layout.skipped(line)]
    for index, line in enumerate(rest):
        date = layout.date(line)
        if date is not None:
            release["date"] = date
            rest = rest[index + 1 :]
            filled.append("date")
            break
    if rest:
        release["issuer"] = layout.text(rest.pop(0))
        filled.append("issuer")
    if rest:
        release["headline"] = layout.text(rest.pop(0))
        filled.append("headline")
    subtitle = layout.subtitle(rest)
    if subtitle is not None:
        rest.pop(0)
        release["subtitle"] = layout.text(subtitle)
        filled.append("subtitle")
    if rest:
        release["lead"] = [layout.text(line) for line in rest]
        filled.append("lead")


def _publication(lines: list[str], release: dict[str, Any], filled: list[str], layout: Layout) -> None:
    """Fill the paper's title, authors with their numbered affiliations, journal and DOI."""
    publication: dict[str, Any] = {}
    affiliations: list[dict[str, Any]] = []
    # A PDF may run the title, the authors and 所属 into one paragraph: split it at each key.
    parts = [part for line in lines for part in _PUBLICATION_KEYS.split(line) if part.strip()]
    for line in parts:
        key, _, value = re.sub(r"\s*[：:]\s*", ":", fold(line), count=1).partition(":")
        value = value.strip()
        key = key.strip().lower()
        if key in ("タイトル", "論文タイトル", "題名", "title") and value:
            publication["title"] = value
        elif key in ("執筆者", "著者", "authors", "author") and value:
            publication["authors"] = _authors(value)
        elif key in ("掲載誌", "雑誌名", "誌名", "journal") and value:
            publication["journal"] = value
        elif key.upper() == "DOI" and value:
            publication["doi"] = value.removeprefix("https://doi.org/")
        else:
            numbered = re.fullmatch(r"(\d+)[)）]\s*(.+)", line.strip())
            if numbered:
                affiliations.append({"id": int(numbered.group(1)), "name": layout.text(numbered.group(2).strip())})
    if affiliations:
        publication["affiliations"] = affiliations
    if publication:
        lead = fold(" ".join(item[layout.lang] for item in release.get("lead", [])))
        month = re.search(r"(\d{4})年(\d{1,2})月に.*?掲載", lead)
        if month:
            publication["published"] = f"{int(month.group(1)):04d}-{int(month.group(2)):02d}"
        month = re.search(r"(?i)published\b.*?\bin\s+([a-z]+)\s+(\d{4})", lead)
        if month and month.group(1).lower() in MONTHS:
            publication["published"] = f"{int(month.group(2)):04d}-{MONTHS.index(month.group(1).lower()) + 1:02d}"
        release["publication"] = publication
        filled.append("publication (" + ", ".join(publication) + ")")


_PUBLICATION_KEYS = re.compile(
    r"\s*(?=(?:タイトル|論文タイトル|題名|執筆者|著者|所属|掲載誌|雑誌名|誌名|DOI|Title|Authors?|Affiliations|Journal)\s*[:：])"
)


def _authors(value: str) -> list[dict[str, Any]]:
    """Read "Michi Hisano1, Koji Nakagawa2,3" (affiliation numbers as superscripts run on) as authors."""
    value = re.sub(r"</?sup>", "", value)
    found = re.findall(r"([^\d,、]+?)\s*(\d+(?:\s*,\s*\d+(?=\s*(?:,|$)))*)\s*(?:,|、|$)", value)
    authors = []
    for name, numbers in found:
        if name.strip():
            author: dict[str, Any] = {"name": name.strip()}
            if numbers:
                author["affiliations"] = [int(number) for number in re.findall(r"\d+", numbers)]
            authors.append(author)
    return authors


def _contact(lines: list[str], release: dict[str, Any], filled: list[str], layout: Layout) -> None:
    """Fill the office, the people, the phone and its note, and the e-mail address."""
    contact: dict[str, Any] = {}
    for line in lines:
        folded = fold(line)
        email = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", folded)
        phone = re.search(r"(\d{2,4}-\d{2,4}-\d{3,4})(?:\s*[（(]([^）)]+)[）)])?", folded)
        if email:
            contact["email"] = email.group(0)
        if phone:
            contact["phone"] = phone.group(1)
            if phone.group(2):
                contact["phone_note"] = layout.text(phone.group(2))
        if not email and not phone and "office" not in contact:
            # Japanese contacts end with the people's names after the office: 広報企画室 神田・村上
            office, _, people = line.strip().rpartition(" ") if layout.lang == "ja" else ("", "", line.strip())
            contact["office"] = layout.text(office or people)
            if office:
                contact["people"] = layout.text(people)
    if contact:
        release["contact"] = contact
        filled.append("contact (" + ", ".join(contact) + ")")


def _results(parsed: Parsed, release: dict[str, Any], filled: list[str], layout: Layout) -> None:
    """Fill the arms' and endpoints' labels and the results cells from the table's "66.7 (10/15)" cells."""
    if not parsed.table:
        return
    arms: dict[str, str] = {}
    endpoints: dict[str, str] = {}
    cells = []
    endpoint_label = ""
    for row in parsed.table[1:]:
        endpoint_label = row[0].strip() or endpoint_label
        counted = next(
            (match for cell in row if (match := re.search(r"(\d+(?:\.\d+)?)\s*[（(]\s*(\d+)\s*/\s*(\d+)", fold(cell)))),
            None,
        )
        if counted is None or not endpoint_label or len(row) < 2:
            continue
        arm_label = row[1].strip()
        arm = arms.setdefault(arm_label, f"arm-{len(arms) + 1}")
        endpoint = endpoints.setdefault(endpoint_label, f"endpoint-{len(endpoints) + 1}")
        cell: dict[str, Any] = {
            "endpoint": endpoint,
            "arm": arm,
            "events": int(counted.group(2)),
            "analyzed": int(counted.group(3)),
            "published": {"rate": counted.group(1)},
        }
        interval = next(
            (
                fold(text).strip()
                for text in row
                if re.fullmatch(r"\s*\d+(?:\.\d+)?\s*[-~～〜]\s*\d+(?:\.\d+)?\s*", fold(text))
            ),
            None,
        )
        if interval:
            cell["published"]["ci"] = interval
        cells.append(cell)
    if not cells:
        return
    release["design"] = {
        "arms": [{"id": arm, "label": layout.text(label)} for label, arm in arms.items()],
        "endpoints": [{"id": endpoint, "label": layout.text(label)} for label, endpoint in endpoints.items()],
    }
    release["results"] = {"cells": cells}
    if parsed.caption:
        release["results"]["caption"] = layout.text(parsed.caption)
    filled.append(f"results ({len(cells)} cells, the arms' and endpoints' labels)")


def release_from_draft(blocks: Sequence[Block], release_id: str) -> tuple[dict[str, Any], list[str]]:
    """Return the release data the draft holds, and the names of the fields filled."""
    layout = layout_of(blocks)
    parsed = parse(blocks, layout)
    release: dict[str, Any] = {"id": release_id}
    filled: list[str] = []
    _opening(parsed.lines, release, filled, layout)
    points = parsed.sections.get("points", [])
    if points:
        release["key_points"] = [layout.text(point.removeprefix("- ").strip()) for point in points]
        filled.append("key_points")
    _results(parsed, release, filled, layout)
    summary = parsed.sections.get("summary", [])
    if summary:
        release.setdefault("design", {})["summary"] = layout.text(layout.joiner.join(summary))
        filled.append("design.summary")
    if parsed.sections.get("outlook"):
        release["outlook"] = [layout.text(line) for line in parsed.sections["outlook"]]
        filled.append("outlook")
    _publication(parsed.sections.get("publication", []), release, filled, layout)
    if parsed.sections.get("funding"):
        release["funding"] = layout.text(layout.joiner.join(parsed.sections["funding"]))
        filled.append("funding")
    _contact(parsed.sections.get("contact", []), release, filled, layout)
    return release, filled


def import_draft(path: Path, draft: str, data_dir: Path, release_id: str | None) -> str:
    """Write data/releases/<id>/release.yaml from the draft at path; return the file written, for people."""
    blocks = read_draft(path, draft)
    provisional, _ = release_from_draft(blocks, "")
    date = provisional.get("date")
    if release_id is None:
        stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "release"
        release_id = f"{date.isoformat()}-{stem}" if isinstance(date, dt.date) else stem
    release, filled = release_from_draft(blocks, release_id)
    folder = data_dir / "releases" / release_id
    target = folder / "release.yaml"
    display = f"{data_dir.name}/releases/{release_id}/release.yaml"
    if target.exists() or folder.exists():
        raise DataError([Problem(display, "id", Message(EXISTS), repr(release_id))])
    other = "English" if layout_of(blocks).lang == "ja" else "Japanese"
    placeholder = PLACEHOLDERS["en" if other == "English" else "ja"]
    text = HAND_WORK.format(draft=path.name, filled=", ".join(filled), other=other, placeholder=placeholder)
    text = "# yaml-language-server: $schema=../../schema.json\n" + text
    text += yaml.safe_dump(release, allow_unicode=True, sort_keys=False, width=100)
    folder.mkdir(parents=True)
    with target.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(text)
    return display
