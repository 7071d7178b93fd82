"""A corpus of bad inputs: each gives its exact message, exit code 1, no traceback, and leaves docs/ untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.lock import LOCK_FILE
from generator.cli import main
from tests.conftest import RELEASE_ID

FILE = f"data/releases/{RELEASE_ID}/release.yaml"
Break = Callable[[Path], None]


def release_path(project: Path) -> Path:
    return project / FILE


def replace(old: str, new: str, count: int = 1) -> Break:
    """Return a change that replaces the first `count` occurrences of old in the release file."""

    def change(project: Path) -> None:
        path = release_path(project)
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return change


def line_of(project: Path, needle: str, file: str = FILE, occurrence: int = 1) -> int:
    lines = (project / file).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if needle in line]
    return found[occurrence - 1]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under folder but the build lock (an empty file any build may create)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != LOCK_FILE
    }


def run(project: Path, caplog: pytest.LogCaptureFixture) -> tuple[int, list[str]]:
    """Run `generator build` on the project and return its exit code and error lines."""
    sentinel = project / "docs" / "ja" / "previous.md"
    sentinel.parent.mkdir(parents=True, exist_ok=True)
    sentinel.write_text("the last good pages\n", encoding="utf-8")
    before = snapshot(project / "docs")
    caplog.clear()
    code = main(["build", "--project", str(project), "--lang", "en"])
    assert snapshot(project / "docs") == before, "a failed run must leave docs/ untouched"
    lines = [
        line for record in caplog.records if record.levelname == "ERROR" for line in record.getMessage().splitlines()
    ]
    return code, lines


UNCLOSED = 'en: "National Center'

CASES: dict[str, tuple[Break, Callable[[Path], list[str]]]] = {
    "yaml syntax error": (
        replace("headline:\n", "headline: [unclosed\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'headline: [unclosed')}: (document): expected valid YAML, "
            f"found did not find expected ',' or ']' (line {line_of(p, 'headline: [unclosed')}, column 11: "
            "headline: [unclosed)"
        ],
    ),
    "unclosed quote": (
        replace("  en: National Center for Child Health and Development\n", '  en: "National Center\n'),
        lambda p: [
            f"{FILE}:{line_of(p, UNCLOSED)}: (document): expected valid YAML, "
            f"found did not find expected key (line {line_of(p, UNCLOSED)}, column 7: {UNCLOSED})"
        ],
    ),
    "tab indentation": (
        replace("  ja: 国立成育医療研究センター\n", "\tja: 国立成育医療研究センター\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'ja: 国立成育医療研究センター')}: (document): expected indentation with spaces, "
            f"found a tab (line {line_of(p, 'ja: 国立成育医療研究センター')}, column 1)"
        ],
    ),
    "duplicate key": (
        replace("date: 2026-05-18\n", "date: 2026-05-18\nid: again\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'id: again')}: (document): expected valid YAML, "
            f"found duplicate key 'id' (line {line_of(p, 'id: again')}, column 1: id: again)"
        ],
    ),
    "wrong type": (
        replace("      analyzed: 15\n", "      analyzed: fifteen\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'fifteen')}: results.cells[0].analyzed: expected a whole number, found 'fifteen'"
        ],
    ),
    "missing language": (
        replace("  en: National Center for Child Health and Development\nheadline:", "headline:"),
        lambda p: [f"{FILE}:{line_of(p, 'issuer:')}: issuer.en: expected a value, found nothing"],
    ),
    "unknown key": (
        replace("      events: 10\n", "      evnets: 10\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'evnets')}: results.cells[0].evnets: expected one of the known keys "
            "(analyzed, arm, endpoint, events, mean, median, published, sd), found unknown key 'evnets'",
        ],
    ),
    "events above analyzed": (
        replace("      events: 10\n", "      events: 16\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'events: 16')}: results.cells[0].events: "
            "expected at most the analyzed count (15), found 16"
        ],
    ),
    "negative count": (
        replace("      events: 10\n", "      events: -1\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'events: -1')}: results.cells[0].events: expected a number of at least 0, found -1"
        ],
    ),
    "zero analyzed": (
        replace("      events: 10\n      analyzed: 15\n", "      events: 0\n      analyzed: 0\n"),
        lambda p: [
            f"{FILE}:{line_of(p, 'analyzed: 0')}: results.cells[0].analyzed: expected at least 1 (0 only for an "
            "endpoint measured among some participants: set its among), found 0"
        ],
    ),
    "null rate above 1": (
        replace("null_rate: 0.05", "null_rate: 1.5"),
        lambda p: [
            f"{FILE}:{line_of(p, 'null_rate: 1.5')}: analysis.analyses[0].null_rate: expected a number less than 1.0, "
            "found 1.5"
        ],
    ),
    "null rate 0": (
        replace("null_rate: 0.05", "null_rate: 0"),
        lambda p: [
            f"{FILE}:{line_of(p, 'null_rate: 0')}: analysis.analyses[0].null_rate: expected a number greater than 0.0, "
            "found 0"
        ],
    ),
    "bad date": (
        replace("date: 2026-05-18", "date: 2026-13-01"),
        lambda p: [
            f"{FILE}:{line_of(p, 'date: 2026-13-01')}: date: expected a date such as 2026-05-18, found '2026-13-01'"
        ],
    ),
    "malformed DOI": (
        replace("doi: 10.1016/j.jri.2026.104904", "doi: doi.org/j.jri.2026.104904"),
        lambda p: [
            f"{FILE}:{line_of(p, 'doi: doi.org')}: publication.doi: "
            "expected a DOI such as 10.1016/j.jri.2026.104904, found 'doi.org/j.jri.2026.104904'"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_release_file(case: str, project: Path, caplog: pytest.LogCaptureFixture) -> None:
    change, expected = CASES[case]
    change(project)
    code, lines = run(project, caplog)
    assert code == 1
    assert lines == expected(project)


def test_a_release_in_a_folder_named_otherwise(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A copy of a release keeps its id: the folder name must be the id, so two releases never share one.
    other = project / "data" / "releases" / "zz-copy"
    shutil.copytree(release_path(project).parent, other)
    code, lines = run(project, caplog)
    assert code == 1
    assert lines == [
        "data/releases/zz-copy/release.yaml:5: id: expected the name of the release's folder ('zz-copy'), "
        f"found '{RELEASE_ID}'"
    ]


def test_empty_data_folder(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.rmtree(release_path(project).parent)
    code, lines = run(project, caplog)
    assert (code, lines) == (1, ["data/releases: (document): expected at least one release folder, found none"])


def test_missing_template(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    (project / "templates" / "results.md.j2").unlink()
    code, lines = run(project, caplog)
    assert (code, lines) == (1, ["templates/results.md.j2: (document): expected a template file, found no such file"])


def test_template_syntax_error_names_file_and_line(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = project / "templates" / "design.md.j2"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = "{% if %}\n"
    path.write_text("".join(lines), encoding="utf-8")
    code, messages = run(project, caplog)
    assert (code, messages) == (
        1,
        [
            "templates/design.md.j2:5: (document): expected a valid template, "
            "found Expected an expression, got 'end of statement block'"
        ],
    )


def test_template_undefined_variable_names_file_and_line(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = project / "templates" / "publication.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n{{ no_such_variable }}\n", encoding="utf-8")
    last = len(path.read_text(encoding="utf-8").splitlines())
    code, messages = run(project, caplog)
    assert (code, messages) == (
        1,
        [
            f"templates/publication.md.j2:{last}: (document): expected a template that renders, "
            "found 'no_such_variable' is undefined"
        ],
    )


def test_a_real_process_prints_no_traceback(project: Path) -> None:
    replace("      events: 10\n", "      events: 16\n")(project)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    debug = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--debug", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr
