"""Hostile and accidental input, second round (issue 21): one exact line per problem, exit 1, docs/ untouched.

Attached files, characters that hide or fake figures, dates and zones, and SITE_URL. Prose
that must not become markup is tested in tests/test_injection.py (every field, every construct)
and here on a built site.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from PIL import Image

from generator.cli import main
from generator.data.press import EXTENSIONS, zone_names
from tests.conftest import RELEASE_ID, TEST_AS_OF, load_release_data, mkdocs_build, write_release
from tests.test_bad_input import snapshot
from tests.test_injection import CONSTRUCTS, EVIL, everywhere, set_at

FILE = f"data/releases/{RELEASE_ID}/release.yaml"
Change = Callable[[dict[str, Any]], None]


def line_at(project: Path, loc: tuple[str | int, ...]) -> int:
    """Return the line of a field in the release file, as the loader reports it (its key, or its item)."""
    node = yaml.compose((project / FILE).read_text(encoding="utf-8"))
    line = 0
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            key, node = next((key, value) for key, value in node.value if key.value == part)
            line = key.start_mark.line + 1
        else:
            assert isinstance(node, yaml.SequenceNode) and isinstance(part, int)
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def run(project: Path, caplog: pytest.LogCaptureFixture, *args: str) -> tuple[int, list[str]]:
    """Run `generator build` in this process; return its exit code and error lines (docs/ untouched on failure)."""
    sentinel = project / "docs" / "ja" / "previous.md"
    sentinel.parent.mkdir(parents=True, exist_ok=True)
    sentinel.write_text("the last good pages\n", encoding="utf-8")
    before = snapshot(project / "docs")
    caplog.clear()
    code = main(["build", "--project", str(project), "--lang", "en", *args])
    if code != 0:
        assert snapshot(project / "docs") == before, "a failed run must leave docs/ untouched"
    lines = [
        line for record in caplog.records if record.levelname == "ERROR" for line in record.getMessage().splitlines()
    ]
    return code, lines


def broken(project: Path, caplog: pytest.LogCaptureFixture, change: Change, *args: str) -> list[str]:
    """Write the real release changed by change, build, check exit 1; return the error lines."""
    data = load_release_data()
    change(data)
    write_release(project, RELEASE_ID, data)
    code, lines = run(project, caplog, *args)
    assert code == 1, lines
    return lines


def folder(project: Path) -> Path:
    return project / "data" / "releases" / RELEASE_ID


def png(size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def text(words: str) -> dict[str, str]:
    return {"ja": words, "en": words}


def image_entry(name: str, kind: str) -> dict[str, Any]:
    return {
        "file": name,
        "type": kind,
        "alt": text("A picture"),
        "caption": text("A caption"),
        "credit": text("A credit"),
        "license": text("A license"),
    }


# ---- 1. Attached files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "name", "kind", "content", "extensions"),
    [
        ("materials", "release-ja.html", "pdf", "pdf", ".pdf"),  # a PDF served as a web page
        ("materials", "release-ja.md", "pdf", "pdf", ".pdf"),  # a PDF MkDocs would render as a page
        ("images", "team.md", "png", "png", ".png"),
        ("images", "team.htm", "png", "png", ".png"),
        ("images", "team.png", "jpeg", "jpeg", ".jpg or .jpeg"),
        ("images", "team.svg", "png", "png", ".png"),
        ("logo", "logo.html", "png", "png", ".png"),
        ("logo", "logo.pdf", "webp", "png", ".webp"),
    ],
)
def test_a_file_name_must_end_as_its_declared_type(
    project: Path, caplog: pytest.LogCaptureFixture, key: str, name: str, kind: str, content: str, extensions: str
) -> None:
    data = {"pdf": (folder(project) / "release-ja.pdf").read_bytes(), "png": png(), "jpeg": jpeg()}[content]
    (folder(project) / name).write_bytes(data)

    def change(release: dict[str, Any]) -> None:
        if key == "materials":
            release["materials"][0]["file"] = name
        elif key == "images":
            release["images"] = [image_entry(name, kind)]
        else:
            release["logo"] = {"file": name, "type": kind}

    lines = broken(project, caplog, change)
    loc: tuple[str | int, ...] = (key, 0, "file") if key != "logo" else (key, "file")
    field = f"{key}[0].file" if key != "logo" else "logo.file"
    assert lines == [
        f"{FILE}:{line_at(project, loc)}: {field}: expected a file name ending in {extensions} "
        f"(the declared type, {kind}), found {name!r}"
    ]


def test_names_that_differ_only_in_case_are_refused(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    (folder(project) / "Team.png").write_bytes(png())
    (folder(project) / "team.png").write_bytes(png((10, 10)))
    lines = broken(
        project,
        caplog,
        lambda data: data.update(images=[image_entry("Team.png", "png"), image_entry("team.png", "png")]),
    )
    assert lines == [
        f"{FILE}:{line_at(project, ('images', 1, 'file'))}: images[1].file: expected a file not listed before "
        "(names are compared without regard to case), found 'team.png'"
    ]


def test_a_file_named_like_the_release_file_in_capitals_is_refused(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = broken(project, caplog, lambda data: data["materials"][0].update(file="RELEASE.YAML"))
    loc = ("materials", 0, "file")
    assert lines == [
        f"{FILE}:{line_at(project, loc)}: materials[0].file: expected a file name ending in .pdf "
        "(the declared type, pdf), found 'RELEASE.YAML'",
        f"{FILE}:{line_at(project, loc)}: materials[0].file: expected a file not listed before "
        "(names are compared without regard to case), found 'RELEASE.YAML'",
    ]


def truncated_png() -> bytes:
    """Return a PNG whose compressed pixel data stops half-way, in chunks whose lengths and checksums are right."""
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 60).convert("RGB").save(buffer, "PNG")
    data = buffer.getvalue()
    chunks, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunks.append((data[position + 4 : position + 8], data[position + 8 : position + 8 + length]))
        position += 12 + length
    pixels = b"".join(body for kind, body in chunks if kind == b"IDAT")

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    first = next(index for index, (kind, _) in enumerate(chunks) if kind == b"IDAT")
    rebuilt = [
        chunk(kind, pixels[: len(pixels) // 2] if index == first else body)
        for index, (kind, body) in enumerate(chunks)
        if kind != b"IDAT" or index == first
    ]
    return data[:8] + b"".join(rebuilt)


def test_an_image_cut_short_inside_intact_chunks_is_refused(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    damaged = truncated_png()
    with Image.open(io.BytesIO(damaged)) as image:
        image.verify()  # the chunks are intact: verify() alone accepted it
    with Image.open(io.BytesIO(damaged)) as image, pytest.raises(OSError):
        image.load()
    (folder(project) / "team.png").write_bytes(damaged)
    lines = broken(project, caplog, lambda data: data.update(images=[image_entry("team.png", "png")]))
    assert lines == [
        f"{FILE}:{line_at(project, ('images', 0, 'file'))}: images[0].file: expected a PNG file (by its content), "
        "found a damaged or unreadable image"
    ]


def test_upper_case_extensions_of_the_declared_type_are_published(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (folder(project) / "TEAM.JPEG").write_bytes(jpeg())
    (folder(project) / "logo.Jpg").write_bytes(jpeg())
    data = load_release_data()
    data["images"] = [image_entry("TEAM.JPEG", "jpeg")]
    data["logo"] = {"file": "logo.Jpg", "type": "jpeg"}
    write_release(project, RELEASE_ID, data)
    assert run(project, caplog) == (0, [])
    for lang in ("ja", "en"):
        assert (project / "docs" / lang / RELEASE_ID / "files" / "TEAM.JPEG").read_bytes() == jpeg()


def test_nothing_under_files_is_a_page(built_site: Path) -> None:
    allowed = tuple(extension for extensions in EXTENSIONS.values() for extension in extensions)
    published = [path for path in built_site.rglob("*") if path.is_file() and "files" in path.parts]
    assert published, "the real release publishes its PDF"
    assert all(path.name.lower().endswith(allowed) for path in published), published


# ---- 3. Characters that hide or fake figures ---------------------------------------------------------

REFUSED = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200C, 0x200D, 0x200E, 0x200F]
REMOVED = [0x200B, 0x2060, 0xFEFF, 0x00AD]


def test_every_format_character_is_removed_or_refused() -> None:
    from generator.data.fields import _REFUSED, _REMOVED

    format_characters = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"]
    assert len(format_characters) > 150
    left = [f"U+{ord(c):04X}" for c in format_characters if c not in _REMOVED and not _REFUSED.fullmatch(c)]
    assert left == []
    assert not any(_REFUSED.fullmatch(c) for c in _REMOVED)
    assert sorted(ord(c) for c in _REMOVED) == sorted(REMOVED)


@pytest.mark.parametrize("code", REFUSED, ids=[f"U+{code:04X}" for code in REFUSED])
def test_bidi_controls_and_joiners_are_refused_with_their_position(
    project: Path, caplog: pytest.LogCaptureFixture, code: int
) -> None:
    character = chr(code)
    lines = broken(project, caplog, lambda data: data["headline"].update(en=f"World first: 6{character}2 treated"))
    assert lines == [
        f"{FILE}:{line_at(project, ('headline', 'en'))}: headline.en: expected text without invisible formatting "
        f"characters, found the invisible character U+{code:04X} {unicodedata.name(character)} at character 15"
    ]


def test_a_right_to_left_override_cannot_turn_62_into_26(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    def change(data: dict[str, Any]) -> None:
        summary = data["design"]["summary"]
        summary["en"] = summary["en"].replace("66.7% (95% CI", "\u202e66.7\u202c% (95% CI")

    lines = broken(project, caplog, change)
    position = load_release_data()["design"]["summary"]["en"].index("66.7% (95% CI") + 1
    assert lines == [
        f"{FILE}:{line_at(project, ('design', 'summary', 'en'))}: design.summary.en: expected text without invisible "
        f"formatting characters, found the invisible character U+202E RIGHT-TO-LEFT OVERRIDE at character {position}"
    ]


@pytest.mark.parametrize("code", REMOVED, ids=[f"U+{code:04X}" for code in REMOVED])
def test_invisible_characters_are_removed(project: Path, caplog: pytest.LogCaptureFixture, code: int) -> None:
    character = chr(code)
    data = load_release_data()
    data["headline"]["en"] = f"{character}World{character} first: a new treatment developed for infertility"
    write_release(project, RELEASE_ID, data)
    assert run(project, caplog) == (0, [])
    page = (project / "docs" / "en" / RELEASE_ID / "index.md").read_text(encoding="utf-8")
    assert "World first: a new treatment developed for infertility" in page
    assert character not in page


def test_text_made_only_of_invisible_characters_is_blank(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = broken(project, caplog, lambda data: data["headline"].update(en="\u200b\u00ad"))
    assert lines == [
        f"{FILE}:{line_at(project, ('headline', 'en'))}: headline.en: expected text that is not blank, "
        "found '\\u200b\\xad'"
    ]


@pytest.mark.parametrize(
    "glued",
    ["1\u200b66.7%", "－66.7%", "−66.7%", "-66.7%", "+66.7%", "＋66.7%", "１66.7%", "1.66.7%", "±66.7%", "66.7%１"],
)
def test_a_sign_or_digit_next_to_a_quoted_figure_is_part_of_it(
    project: Path, caplog: pytest.LogCaptureFixture, glued: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        summary = data["design"]["summary"]
        summary["en"] = summary["en"].replace("66.7% (95% CI", f"{glued} (95% CI")

    lines = broken(project, caplog, change)
    assert lines == [
        f"{FILE}:{line_at(project, ('design', 'summary', 'en'))}: design.summary.en: expected text that contains "
        "the quoted figure '66.7%', found no such text"
    ]


def test_a_quoted_figure_printed_with_a_full_width_minus_is_negative(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def change(data: dict[str, Any]) -> None:
        summary = data["design"]["summary"]
        summary["en"] = summary["en"].replace("66.7% (95% CI", "－66.7% (95% CI")
        summary["quotes"][0]["printed"]["en"] = "－66.7%"

    lines = broken(project, caplog, change)
    loc = ("design", "summary", "quotes", 0, "printed", "en")
    assert lines == [
        f"{FILE}:{line_at(project, loc)}: design.summary.quotes[0].printed.en: expected 66.7 "
        "(recomputed from the counts, rounded half up or down), found '－66.7%'",
        f"{FILE}:{line_at(project, loc)}: design.summary.quotes[0].printed.en: expected the same figure as the ja "
        "text ('66.7%'), found '－66.7%'",
    ]


@pytest.mark.parametrize(
    ("registry", "identifier", "kind", "example"),
    [
        ("jrct", "jRCTs０３１２０００００", "jRCT", "jRCTs031200000"),
        ("umin", "UMIN００００１２３４５", "UMIN-CTR", "UMIN000012345"),
        ("clinicaltrials.gov", "NCT0123456７", "ClinicalTrials.gov", "NCT01234567"),
        ("clinicaltrials.gov", "NCT٠١٢٣٤٥٦٧", "ClinicalTrials.gov", "NCT01234567"),  # Arabic-Indic digits
    ],
)
def test_registry_ids_are_ascii(
    project: Path, caplog: pytest.LogCaptureFixture, registry: str, identifier: str, kind: str, example: str
) -> None:
    lines = broken(project, caplog, lambda data: data.update(registration=[{"registry": registry, "id": identifier}]))
    assert lines == [
        f"{FILE}:{line_at(project, ('registration', 0, 'id'))}: registration[0].id: expected a {kind} id such as "
        f"{example}, found {identifier!r}"
    ]


@pytest.mark.parametrize(
    ("loc", "value", "expected"),
    [
        (
            ("design", "arms", 0, "id"),
            "ｌｏｗ",
            "a lower-case id of letters, digits and hyphens such as 2026-05-18-tacrolimus",
        ),
        (("results", "cells", 0, "published", "rate"), "６６.７", "a number as printed such as 66.7"),
        (("results", "cells", 0, "published", "ci"), "38.4-８８.2", "a range as printed such as 38.4-88.2"),
        (("publication", "doi"), "10.１０１６/j.jri.2026.104904", "a DOI such as 10.1016/j.jri.2026.104904"),
        (
            ("url",),
            "https://www.example.org/\u202epress",
            "an http(s) address such as https://www.example.org/press/2026/0518.html",
        ),
    ],
)
def test_ids_and_printed_figures_are_ascii(
    project: Path, caplog: pytest.LogCaptureFixture, loc: tuple[str | int, ...], value: str, expected: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        set_at(data, loc, value)

    lines = broken(project, caplog, change)
    field = re.sub(r"\.(\d+)", r"[\1]", ".".join(map(str, loc)))
    assert lines[-1:] == [f"{FILE}:{line_at(project, loc)}: {field}: expected {expected}, found {value!r}"]


# ---- 5. Dates and zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "value", "expected"),
    [
        (
            ("embargo",),
            "9999-12-31T23:59:59-12:00",
            "a date and time between 1900 and 2199 such as 2026-05-18T00:00:00+09:00",
        ),
        (
            ("embargo",),
            "0001-01-01T00:00:00+14:00",
            "a date and time between 1900 and 2199 such as 2026-05-18T00:00:00+09:00",
        ),
        (("embargo",), "0000-01-01T00:00:00Z", "a date and time with its UTC offset such as 2026-05-18T00:00:00+09:00"),
        (
            ("embargo",),
            "9999-12-31T23:59:59Z[Etc/UTC]",
            "a date and time between 1900 and 2199 such as 2026-05-18T00:00:00+09:00",
        ),
        (("date",), "9999-12-31", "a date between 1900 and 2199 such as 2026-05-18"),
        (("date",), "0001-01-01", "a date between 1900 and 2199 such as 2026-05-18"),
        (("date",), "0000-01-01", "a date such as 2026-05-18"),
        (("updates", 0, "date"), "9999-12-31", "a date between 1900 and 2199 such as 2026-05-18"),
    ],
)
def test_dates_far_out_of_range_are_refused_without_traceback(
    project: Path, caplog: pytest.LogCaptureFixture, loc: tuple[str | int, ...], value: str, expected: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["updates"] = [{"date": "2026-05-20", "kind": "correction", "ja": "訂正", "en": "Corrected"}]
        set_at(data, loc, value)

    lines = broken(project, caplog, change)
    field = re.sub(r"\.(\d+)", r"[\1]", ".".join(map(str, loc)))
    assert lines == [f"{FILE}:{line_at(project, loc)}: {field}: expected {expected}, found {value!r}"]


ZONE = (
    "a time zone name of the IANA database (not a folder, not localtime) such as 2026-05-18T00:00:00+09:00[Asia/Tokyo]"
)


@pytest.mark.parametrize(
    ("embargo", "expected"),
    [
        ("2026-05-18T00:00:00+09:00[Asia]", ZONE),  # a folder of the database
        ("2026-05-18T00:00:00+09:00[America/Argentina]", ZONE),
        ("2026-05-18T00:00:00+09:00[localtime]", ZONE),  # the build machine's zone
        ("2026-05-18T00:00:00+00:00[posixrules]", ZONE),
        ("2026-05-18T00:00:00+00:00[Factory]", ZONE),
        ("2026-05-18T00:00:00+09:00[asia/tokyo]", ZONE),
        ("2026-05-18T00:00:00+09:00[Asia/Tokio]", ZONE),
        (
            "2026-05-18T00:00:00+09:00[../../etc/passwd]",
            "a date and time with its UTC offset such as 2026-05-18T00:00:00+09:00",
        ),
        (
            "2026-05-18T00:00:00+01:00[Asia/Tokyo]",
            "the UTC offset the named zone has at that time such as 2026-05-18T00:00:00+09:00[Asia/Tokyo]",
        ),
    ],
)
def test_zones_are_names_from_the_zone_database_list(
    project: Path, caplog: pytest.LogCaptureFixture, embargo: str, expected: str
) -> None:
    lines = broken(project, caplog, lambda data: data.update(embargo=embargo))
    assert lines == [f"{FILE}:{line_at(project, ('embargo',))}: embargo: expected {expected}, found {embargo!r}"]


def test_the_zone_list_is_the_database_s_not_the_folder_s() -> None:
    names = zone_names()
    assert {"Asia/Tokyo", "America/Argentina/Buenos_Aires", "Etc/UTC", "UTC"} <= names
    assert not {"Asia", "America/Argentina", "localtime", "posixrules", "Factory"} & names


@pytest.mark.parametrize(
    ("embargo", "found"),
    [
        ("1926-05-18T00:00:00+09:00", "1926-05-18T00:00:00+09:00"),  # a century before
        ("2025-05-16T23:59:00+09:00", "2025-05-16T23:59:00+09:00"),  # a year and two days before
        ("2027-05-20T00:00:00+09:00[Asia/Tokyo]", "2027-05-20T00:00:00+09:00"),
    ],
)
def test_an_embargo_is_at_most_a_year_from_the_release_date(
    project: Path, caplog: pytest.LogCaptureFixture, embargo: str, found: str
) -> None:
    lines = broken(project, caplog, lambda data: data.update(embargo=embargo))
    assert lines == [
        f"{FILE}:{line_at(project, ('embargo',))}: embargo: expected a time at most a year before or after the "
        f"release date (2026-05-18), found {found}"
    ]


@pytest.mark.parametrize(
    ("loc", "value", "window"),
    [
        (("design", "period", "start"), "1900-01", "1926-05 and 2036-05"),
        (("design", "period", "end"), "2099-12", "1926-05 and 2036-05"),
        (("publication", "published"), "2199-12", "1926-05 and 2036-05"),
    ],
)
def test_months_stay_near_the_release_date(
    project: Path, caplog: pytest.LogCaptureFixture, loc: tuple[str, ...], value: str, window: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        set_at(data, loc, value)

    lines = broken(project, caplog, change)
    earliest, latest = window.split(" and ")
    assert lines[-1:] == [
        f"{FILE}:{line_at(project, loc)}: {'.'.join(loc)}: expected a month between {earliest} and {latest} "
        f"(100 years before to 10 years after the release date), found {value!r}"
    ]


BUILD_DAY = TEST_AS_OF[:10]


def test_an_update_dated_after_the_build_is_refused(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = broken(
        project,
        caplog,
        lambda data: data.update(updates=[{"date": "2027-06-03", "kind": "correction", "ja": "訂正", "en": "Fixed"}]),
    )
    assert lines == [
        f"{FILE}:{line_at(project, ('updates', 0, 'date'))}: updates[0].date: expected a date not after the "
        f"build's ({BUILD_DAY}), found 2027-06-03"
    ]


def test_the_same_update_twice_is_refused(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    first = {"date": "2026-05-20", "kind": "correction", "ja": "表1を訂正しました。", "en": "Table 1 was corrected."}
    again = {**first, "date": "2026-05-21", "en": "Table 1 corrected."}  # the same Japanese words
    lines = broken(project, caplog, lambda data: data.update(updates=[first, again]))
    assert lines == [
        f"{FILE}:{line_at(project, ('updates', 1))}: updates[1]: expected an update not listed before, "
        "found the same correction as updates[0]"
    ]


def test_a_release_dated_after_the_build_without_an_embargo_is_refused(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = broken(project, caplog, lambda data: data.update(date="2027-06-03"))
    assert lines == [
        f"{FILE}:{line_at(project, ('date',))}: date: expected a date not after the build's ({BUILD_DAY}), "
        "or an embargo saying when the release goes out, found 2027-06-03"
    ]


def test_a_release_dated_after_the_build_with_an_embargo_is_held_back(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = load_release_data()
    data["date"] = "2027-06-03"
    data["embargo"] = "2027-06-03T00:00:00+09:00[Asia/Tokyo]"
    write_release(project, RELEASE_ID, data)
    assert run(project, caplog) == (0, [])
    assert not (project / "docs" / "en" / RELEASE_ID / "results" / "index.md").exists()


# ---- 6. SITE_URL ---------------------------------------------------------------------------------------

SITE_URL_EXPECTED = (
    "SITE_URL: (document): expected an absolute http(s) address with a host, such as https://press.example.org/ "
    "(no credentials, spaces, quotes, control characters, query or dot segments), found "
)

BAD_SITE_URLS = {
    "javascript:alert(1)": "not an http or https address",
    "javascript://press.example.org/%0aalert(1)": "not an http or https address",
    'https://press.example.org/"><script>alert(1)</script>': "a space, a quote, a control character or markup",
    "https://press.example.org/\nDisallow: /": "a space, a quote, a control character or markup",
    "https://press.example.org/ x": "a space, a quote, a control character or markup",
    "press.example.org": "not an http or https address",
    "//press.example.org/": "not an http or https address",
    "https:///path/": "no host",
    "https://user:secret@press.example.org/": "credentials in the address",
    "https://press.example.org/a/../": "a . or .. segment",
    "https://press.example.org/%2E%2E/": "a . or .. segment",
    "https://press.example.org/./": "a . or .. segment",
    "https://press.example.org/?utm=1": "a query or a fragment",
    "https://press.example.org/#top": "a query or a fragment",
    "https://press.example.org:http/": "not an address",
    "https://プレス.example.org/": "a character outside ASCII: write the host in punycode and percent-encode the path",
}


@pytest.mark.parametrize("url", sorted(BAD_SITE_URLS))
def test_a_bad_site_url_is_refused_by_the_generator(project: Path, caplog: pytest.LogCaptureFixture, url: str) -> None:
    code, lines = run(project, caplog, "--site-url", url)
    assert (code, lines) == (1, [f"{SITE_URL_EXPECTED}{url!r} ({BAD_SITE_URLS[url]})"])


def test_a_bad_site_url_from_the_environment_is_refused(
    project: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITE_URL", "javascript:alert(1)")
    assert run(project, caplog) == (1, [f"{SITE_URL_EXPECTED}'javascript:alert(1)' (not an http or https address)"])
    caplog.clear()
    assert main(["check", "--project", str(project), "--lang", "en"]) == 1


def test_a_site_url_gets_its_final_slash(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert run(project, caplog, "--site-url", "https://Press.Example.org/news") == (0, [])
    robots = (project / "docs" / "ja" / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://press.example.org/news/sitemap.xml" in robots


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://press.example.org/\nDisallow: /"])
def test_a_bad_site_url_stops_mkdocs_before_anything_is_written(project: Path, url: str) -> None:
    (project / "docs" / "ja").mkdir(parents=True, exist_ok=True)
    before = snapshot(project / "docs")
    result = mkdocs_build(project, env={"SITE_URL": url})
    assert result.returncode == 1, result.stderr
    assert f"{SITE_URL_EXPECTED}{url!r} ({BAD_SITE_URLS[url]})" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
    assert snapshot(project / "docs") == before


# ---- 2. A built site: no data value makes a page load from another host ----------------------------


class _Loads(HTMLParser):
    """Collect what a page would load, and every element that names the hostile host."""

    LOADING: ClassVar[set[str]] = {
        "src",
        "srcset",
        "data",
        "poster",
        "background",
        "action",
        "formaction",
        "xlink:href",
        "ping",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.hostile: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in values.items():
            if value is None:
                continue
            if name in self.LOADING or (name == "href" and tag in {"link", "image", "use", "base"}):
                self.loads.append(value)
            if name == "style":
                self.styles.append(value)
            allowed_link = tag == "a" and name == "href" and value.startswith(f"https://{EVIL}/")
            text = name in {"alt", "title", "content", "aria-label", "data-label"}  # shown or read out, never loaded
            if EVIL in value and not text and not allowed_link:
                self.hostile.append((tag, values))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.loads.append(values.get("content") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


_ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)|@import", re.IGNORECASE)


def test_a_site_built_from_hostile_text_loads_nothing_from_another_host(project: Path) -> None:
    """Build the real release with every text field holding constructs (rotated) at its start, middle and end."""
    data, _ = everywhere(lambda number: CONSTRUCTS[number % len(CONSTRUCTS)])
    write_release(project, RELEASE_ID, data)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    pages = [path for path in (project / "site").rglob("*") if path.suffix in {".html", ".svg", ".xml"}]
    assert len(pages) >= 18, pages  # 5 pages, a 404 page and a feed in each language, and the figures
    for path in pages:
        parser = _Loads()
        parser.feed(path.read_text(encoding="utf-8"))
        where = path.relative_to(project / "site")
        assert parser.hostile == [], (where, parser.hostile)
        assert [load for load in parser.loads if _ABSOLUTE.match(load) and not load.startswith("data:")] == [], where
        assert [style for style in parser.styles if _CSS_URL.search(style)] == [], where
    shutil.rmtree(project / "site")
