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

from generator.drafts.read import Block, read_draft
from generator.errors import N_, DataError, Message, Problem
from generator.stats.recognize import fold
from generator.stats.undeclared import PLACEHOLDER

SECTIONS = {
    "points": ("発表のポイント", "プレスリリースのポイント", "ポイント"),
    "summary": ("研究概要", "研究成果", "研究の概要"),
    "outlook": ("今後の展望",),
    "publication": ("発表論文情報", "論文情報", "掲載論文"),
    "funding": ("特記事項", "研究費", "謝辞"),
    "contact": ("問い合わせ先", "お問い合わせ"),
}
"""Each section of a Japanese release, by the words its 【heading】 starts with."""

EXISTS = N_("a release id not used yet (the import never overwrites)")

HAND_WORK = """\
# Started by `python -m generator import` from {draft}.
# Filled from the draft: {filled}.
# Left for you (see the README, "Starting from a draft"): the English texts (each
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


def _heading(text: str) -> str | None:
    """Return the section a 【heading】 opens, or None for a paragraph."""
    match = re.fullmatch(r"[#\s*]*【([^】]+)】[*\s]*", text)
    if match is None:
        return None
    title = match.group(1)
    for section, starts in SECTIONS.items():
        if title.startswith(starts):
            return section
    return "other:" + title


def parse(blocks: Sequence[Block]) -> Parsed:
    """Split the draft's paragraphs into the opening lines and the sections under 【headings】."""
    parsed = Parsed()
    current: list[str] = parsed.lines
    for block in blocks:
        if block.table is not None and parsed.table is None:
            parsed.table = block.table
        if block.cell:
            continue
        text = block.text.strip()
        caption = re.fullmatch(r"【(表\s*\d+\s*[：:].+)】", text)
        if caption:
            parsed.caption = caption.group(1)
            continue
        section = _heading(text)
        if section is not None:
            current = parsed.sections.setdefault(section, [])
            continue
        current.append(text)
    return parsed


def _text(ja: str) -> dict[str, str]:
    return {"ja": ja, "en": PLACEHOLDER}


def _opening(lines: list[str], release: dict[str, Any], filled: list[str]) -> None:
    """Fill the date, the issuer, the headline, the subtitle and the lead from the lines before the first section."""
    rest = [line for line in lines if line not in ("報道関係者各位", "各位")]
    for index, line in enumerate(rest):
        match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", fold(line).replace(" ", ""))
        if match:
            release["date"] = dt.date(*(int(part) for part in match.groups()))
            rest = rest[index + 1 :]
            filled.append("date")
            break
    if rest:
        release["issuer"] = _text(rest.pop(0))
        filled.append("issuer")
    if rest:
        release["headline"] = _text(rest.pop(0))
        filled.append("headline")
    if rest and re.fullmatch(r"[～〜~].+[～〜~]", rest[0]):
        release["subtitle"] = _text(rest.pop(0)[1:-1].strip())
        filled.append("subtitle")
    if rest:
        release["lead"] = [_text(line) for line in rest]
        filled.append("lead")


def _publication(lines: list[str], release: dict[str, Any], filled: list[str]) -> None:
    """Fill the paper's title, authors with their numbered affiliations, journal and DOI."""
    publication: dict[str, Any] = {}
    affiliations: list[dict[str, Any]] = []
    # A PDF may run the title, the authors and 所属 into one paragraph: split it at each key.
    parts = [part for line in lines for part in _PUBLICATION_KEYS.split(line) if part.strip()]
    for line in parts:
        key, _, value = re.sub(r"\s*[：:]\s*", ":", fold(line), count=1).partition(":")
        value = value.strip()
        if key in ("タイトル", "論文タイトル", "題名") and value:
            publication["title"] = value
        elif key in ("執筆者", "著者") and value:
            publication["authors"] = _authors(value)
        elif key in ("掲載誌", "雑誌名", "誌名") and value:
            publication["journal"] = value
        elif key.upper() == "DOI" and value:
            publication["doi"] = value.removeprefix("https://doi.org/")
        else:
            numbered = re.fullmatch(r"(\d+)[)）]\s*(.+)", line.strip())
            if numbered:
                affiliations.append({"id": int(numbered.group(1)), "name": _text(numbered.group(2).strip())})
    if affiliations:
        publication["affiliations"] = affiliations
    if publication:
        month = re.search(
            r"(\d{4})年(\d{1,2})月に.*?掲載", fold(" ".join(item["ja"] for item in release.get("lead", [])))
        )
        if month:
            publication["published"] = f"{int(month.group(1)):04d}-{int(month.group(2)):02d}"
        release["publication"] = publication
        filled.append("publication (" + ", ".join(publication) + ")")


_PUBLICATION_KEYS = re.compile(r"\s*(?=(?:タイトル|論文タイトル|題名|執筆者|著者|所属|掲載誌|雑誌名|誌名|DOI)\s*[:：])")


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


def _contact(lines: list[str], release: dict[str, Any], filled: list[str]) -> None:
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
                contact["phone_note"] = _text(phone.group(2))
        if not email and not phone and "office" not in contact:
            office, _, people = line.strip().rpartition(" ")
            contact["office"] = _text(office or people)
            if office:
                contact["people"] = _text(people)
    if contact:
        release["contact"] = contact
        filled.append("contact (" + ", ".join(contact) + ")")


def _results(parsed: Parsed, release: dict[str, Any], filled: list[str]) -> None:
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
        "arms": [{"id": arm, "label": _text(label)} for label, arm in arms.items()],
        "endpoints": [{"id": endpoint, "label": _text(label)} for label, endpoint in endpoints.items()],
    }
    release["results"] = {"cells": cells}
    if parsed.caption:
        release["results"]["caption"] = _text(parsed.caption)
    filled.append(f"results ({len(cells)} cells, the arms' and endpoints' labels)")


def release_from_draft(blocks: Sequence[Block], release_id: str) -> tuple[dict[str, Any], list[str]]:
    """Return the release data the draft holds, and the names of the fields filled."""
    parsed = parse(blocks)
    release: dict[str, Any] = {"id": release_id}
    filled: list[str] = []
    _opening(parsed.lines, release, filled)
    points = parsed.sections.get("points", [])
    if points:
        release["key_points"] = [_text(point.removeprefix("- ").strip()) for point in points]
        filled.append("key_points")
    _results(parsed, release, filled)
    summary = parsed.sections.get("summary", [])
    if summary:
        release.setdefault("design", {})["summary"] = _text("".join(summary))
        filled.append("design.summary")
    if parsed.sections.get("outlook"):
        release["outlook"] = [_text(line) for line in parsed.sections["outlook"]]
        filled.append("outlook")
    _publication(parsed.sections.get("publication", []), release, filled)
    if parsed.sections.get("funding"):
        release["funding"] = _text("".join(parsed.sections["funding"]))
        filled.append("funding")
    _contact(parsed.sections.get("contact", []), release, filled)
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
    text = HAND_WORK.format(draft=path.name, filled=", ".join(filled), placeholder=PLACEHOLDER)
    text = "# yaml-language-server: $schema=../../schema.json\n" + text
    text += yaml.safe_dump(release, allow_unicode=True, sort_keys=False, width=100)
    folder.mkdir(parents=True)
    with target.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(text)
    return display
