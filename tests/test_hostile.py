"""Hostile and accidental input (issue 13): one clear line per problem, exit 1, docs/ untouched, no hang.

Each case runs `python -m generator build` in its own process with a generous timeout: the
cases that used to hang (aliases, a huge count, a 1 MB label) must end well within it.
"""

from __future__ import annotations

import errno
import html
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build.lock import LOCK_FILE
from generator.build.writer import sync
from generator.data.fields import MAX_COUNT
from generator.data.models import Release
from generator.errors import WriteError
from generator.maths import inference
from tests.conftest import RELEASE_ID, mkdocs_build

FILE = f"data/releases/{RELEASE_ID}/release.yaml"
Edit = Callable[[str], str]
HANG_BOUND = 10.0
"""Seconds within which a case that used to hang or blow up must end (issue 13: under 10 s)."""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under folder but the build lock."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != LOCK_FILE
    }


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def generator(project: Path, *args: str, timeout: float = 120) -> tuple[int, list[str], float]:
    """Run the generator in a process; return its exit code, its stderr lines and its wall time."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "generator", *(args or ("build",)), "--project", str(project), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr.splitlines(), time.monotonic() - started


def break_and_build(project: Path, edit: Edit, *, bound: float | None = None) -> tuple[list[str], str]:
    """Apply edit to the release file, build, check exit 1 and docs/ untouched; return the lines and the text."""
    path = project / FILE
    text = edit(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    (project / "docs" / "ja").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "ja" / "previous.md").write_text("the last good pages\n", encoding="utf-8")
    before = snapshot(project / "docs")
    code, lines, took = generator(project, timeout=120 if bound is None else bound * 6)
    assert code == 1, lines
    assert snapshot(project / "docs") == before, "a failed run must leave docs/ untouched"
    if bound is not None:
        assert took < bound, f"took {took:.1f} s"
    return lines, text


def replace(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


# ---- YAML that is valid but not data ----------------------------------------------------------


def billion_laughs(text: str) -> str:
    lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return text + "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly(project: Path) -> None:
    lines, text = break_and_build(project, billion_laughs, bound=HANG_BOUND)
    line = line_of(text, "lol0:")
    assert lines == [
        f"{FILE}:{line}: (document): expected plain data (no anchors, aliases, tags or complex keys), "
        f"found an anchor &a0 (line {line}, column 7)"
    ]


def test_an_alias_is_refused(project: Path) -> None:
    # An alias without its anchor is a YAML error; with one, the anchor (which comes first) is refused.
    lines, text = break_and_build(project, replace("subtitle:\n", "again: *x\nsubtitle:\n"))
    line = line_of(text, "again: *x")
    assert lines == [
        f"{FILE}:{line}: (document): expected valid YAML, "
        f"found found undefined alias (line {line}, column 8: again: *x)"
    ]
    lines, text = break_and_build(project, replace("again: *x\n", "there: &x 1\nagain: *x\n"))
    line = line_of(text, "there: &x")
    assert lines == [
        f"{FILE}:{line}: (document): expected plain data (no anchors, aliases, tags or complex keys), "
        f"found an anchor &x (line {line}, column 8)"
    ]


def test_a_tag_is_refused(project: Path) -> None:
    lines, text = break_and_build(project, replace("      events: 10\n", "      events: !!float 10\n"))
    line = line_of(text, "!!float")
    assert lines == [
        f"{FILE}:{line}: (document): expected plain data (no anchors, aliases, tags or complex keys), "
        f"found a tag !!float (line {line}, column 15)"
    ]


def test_a_complex_key_is_refused(project: Path) -> None:
    lines, text = break_and_build(project, replace("headline:\n", "? [a, b]\n: 1\nheadline:\n"))
    line = line_of(text, "? [a, b]")
    assert lines == [
        f"{FILE}:{line}: (document): expected plain data (no anchors, aliases, tags or complex keys), "
        f"found a key that is a list or a mapping (line {line}, column 3)"
    ]


def test_a_merge_key_is_an_unknown_key(project: Path) -> None:
    lines, text = break_and_build(project, replace("headline:\n", "<<: {a: 1}\nheadline:\n"))
    known = ", ".join(sorted(Release.model_fields))
    assert lines == [
        f"{FILE}:{line_of(text, '<<:')}: ['<<']: expected one of the known keys ({known}), found unknown key '<<'"
    ]


# ---- Numbers YAML 1.1 would misread, and limits ------------------------------------------------

NUMBER_CASES = {
    "leading zero": (
        "010",
        "expected a whole number, found '010' (a number with a leading zero, which YAML reads as octal)",
    ),
    "sexagesimal": (
        "1:30",
        "expected a whole number, found '1:30' (a number with a colon, which YAML reads in base 60)",
    ),
    "infinity": (".inf", "expected a whole number, found '.inf' (not a finite number)"),
    "hexadecimal": ("0x0a", "expected a whole number, found '0x0a' (a number in another base)"),
    "1e400": ("1e400", "expected a whole number, found '1e400' (a number too large to compute with)"),
    "10**29": ("1" + "0" * 29, f"expected a number of at most {MAX_COUNT}, found 1{'0' * 29}"),
}


@pytest.mark.parametrize("case", sorted(NUMBER_CASES))
def test_misread_or_huge_counts_are_refused(case: str, project: Path) -> None:
    value, message = NUMBER_CASES[case]
    lines, text = break_and_build(project, replace("      events: 10\n", f"      events: {value}\n"))
    assert lines == [f"{FILE}:{line_of(text, f'events: {value}')}: results.cells[0].events: {message}"]


def test_a_trillion_analysed_ends_quickly_with_a_message(project: Path) -> None:
    lines, text = break_and_build(
        project, replace("      analyzed: 15\n", "      analyzed: 1000000000000\n"), bound=HANG_BOUND
    )
    assert lines == [
        f"{FILE}:{line_of(text, 'analyzed: 1000000000000')}: results.cells[0].analyzed: "
        f"expected a number of at most {MAX_COUNT}, found 1000000000000"
    ]


def test_yes_is_text_not_a_boolean(project: Path) -> None:
    # YAML 1.1 reads yes as true; here it stays text, which a count cannot be.
    lines, text = break_and_build(project, replace("      events: 10\n", "      events: yes\n"))
    assert lines == [
        f"{FILE}:{line_of(text, 'events: yes')}: results.cells[0].events: "
        "expected a whole number, found 'yes' (text, not true or false)"
    ]


def test_statistics_at_the_count_limit_are_fast() -> None:
    n = MAX_COUNT
    started = time.monotonic()
    for table in ((n, n, 0, 1), (0, 1, n, n), (n // 2, n, n // 2 + 1, n), (1, 1, 0, n)):
        inference.fisher_exact_two_sided(*table)
        inference.newcombe_difference(*table)
    for events in (0, 1, n // 2, n - 1, n):
        for p0 in (1e-9, 0.05, 0.5):
            inference.binomial_p_greater(events, n, p0)
            inference.binomial_p_two_sided(events, n, p0)
        inference.clopper_pearson(events, n)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".inf", "expected a number, found '.inf' (not a finite number)"),
        (".nan", "expected a number, found '.nan' (not a finite number)"),
        ("50", "expected a number of at most 10.0, found 50"),
    ],
)
def test_tolerances_are_finite_and_bounded(project: Path, value: str, message: str) -> None:
    lines, text = break_and_build(project, replace("tolerance: 5\n", f"tolerance: {value}\n"))
    assert lines == [f"{FILE}:{line_of(text, 'tolerance: ')}: key_points[3].quotes[0].tolerance: {message}"]


# ---- Text: length, control characters, blank ---------------------------------------------------


def test_a_one_megabyte_label_ends_quickly_with_a_message(project: Path) -> None:
    big = "x" * 1_000_000
    lines, text = break_and_build(project, replace("label: {ja: 低用量,", f"label: {{ja: {big},"), bound=HANG_BOUND)
    assert lines == [
        f"{FILE}:{line_of(text, 'label: {ja: xxx')}: design.arms[0].label.ja: "
        "expected text of at most 300 characters, found 1000000 characters"
    ]


@pytest.mark.parametrize(
    ("field", "old", "limit"),
    [
        ("headline.en", '  en: "World first', 200),
        ("lead[0].en", "  - ja: ", 4000),
    ],
)
def test_text_limits_per_kind(project: Path, field: str, old: str, limit: int) -> None:
    if field == "headline.en":
        edit = replace(old + ': a new treatment developed for infertility"', f'  en: "{"y" * (limit + 1)}"')
    else:
        edit = _replace_lead_en("z" * (limit + 1))
    lines, text = break_and_build(project, edit)
    assert lines == [
        f"{FILE}:{line_of(text, 'y' * 50 if field == 'headline.en' else 'z' * 50)}: {field}: "
        f"expected text of at most {limit} characters, found {limit + 1} characters"
    ]


def _replace_lead_en(new: str) -> Edit:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.startswith("lead:"))
        index = next(i for i in range(start, len(lines)) if lines[i].startswith("    en:"))
        end = index + 1
        while lines[end].startswith("      "):
            end += 1
        lines[index:end] = [f"    en: {new}\n"]
        return "".join(lines)

    return edit


@pytest.mark.parametrize(
    ("escape", "code", "position"),
    [("\\x7f", "U+007F", 3), ("\\0", "U+0000", 3), ("\\e", "U+001B", 3), ("\\x85", "U+0085", 3)],
)
def test_control_characters_in_text_are_refused(project: Path, escape: str, code: str, position: int) -> None:
    lines, text = break_and_build(project, replace('  en: "World first: a new', f'  en: "Wo{escape}rld first: a new'))
    assert lines == [
        f"{FILE}:{line_of(text, 'rld first: a new')}: headline.en: expected text without control characters, "
        f"found the control character {code} at character {position}"
    ]


def test_a_raw_control_character_in_the_file_is_refused_with_its_position(project: Path) -> None:
    lines, text = break_and_build(project, replace("World first", "Wo\x7frld first"))
    line = line_of(text, "rld first: a new")
    assert lines == [
        f"{FILE}:{line}: (document): expected text without control characters, "
        f"found the control character U+007F (line {line}, column 10)"
    ]


def test_word_line_and_page_breaks_become_spaces(project: Path) -> None:
    path = project / FILE
    raw = path.read_text(encoding="utf-8").replace("World first: a new", "World\x0bfirst:\x0ca new")
    path.write_text(
        raw.replace("  en: National Center", '  en: "National\\vCenter').replace(
            "for Child Health and Development\nheadline", 'for Child Health and Development"\nheadline'
        ),
        encoding="utf-8",
    )
    code, lines, _ = generator(project)
    assert (code, lines[-1:]) == (0, [lines[-1]]), lines
    page = (project / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert "World first: a new treatment" in page
    assert "National Center for Child Health and Development" in page
    assert "\x0b" not in page and "\x0c" not in page


@pytest.mark.parametrize("blank", ["   ", "\u3000", " \u3000\t"])
def test_blank_text_is_refused(project: Path, blank: str) -> None:
    escaped = blank.replace("\t", "\\t")
    lines, text = break_and_build(
        project, replace('  en: "World first: a new treatment developed for infertility"', f'  en: "{escaped}"')
    )
    assert lines == [
        f"{FILE}:{line_of(text, 'ja: 世界初') + 1}: headline.en: expected text that is not blank, found {blank!r}"
    ]


# ---- Files and folders ---------------------------------------------------------------------------


def test_a_folder_must_be_named_after_the_release_id(project: Path) -> None:
    (project / "data" / "releases" / RELEASE_ID).rename(project / "data" / "releases" / "2026-05-18-other")
    code, lines, _ = generator(project)
    assert (code, lines) == (
        1,
        [
            "data/releases/2026-05-18-other/release.yaml:5: id: expected the name of the release's folder "
            f"('2026-05-18-other'), found '{RELEASE_ID}'"
        ],
    )


def test_a_link_leading_outside_data_is_refused_unread(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-CONTENT\n", encoding="utf-8")
    path = project / FILE
    path.unlink()
    path.symlink_to(secret)
    secret.chmod(0o000)  # were it read, the error would say so
    try:
        code, lines, _ = generator(project)
        check_code, check_lines, _ = generator(project, "check")
    finally:
        secret.chmod(0o644)
    expected = [
        f"{FILE}: (document): expected a regular file inside data/, found a symbolic link leading outside data/"
    ]
    assert (code, lines) == (1, expected)
    assert (check_code, check_lines) == (1, expected)
    assert "SECRET" not in "".join(lines)


def test_etc_passwd_is_not_shown(project: Path) -> None:
    path = project / FILE
    path.unlink()
    path.symlink_to("/etc/passwd")
    code, lines, _ = generator(project)
    assert code == 1
    assert lines == [
        f"{FILE}: (document): expected a regular file inside data/, found a symbolic link leading outside data/"
    ]


def test_a_link_inside_data_is_followed(project: Path) -> None:
    path = project / FILE
    kept = project / "data" / "kept.yaml"
    path.rename(kept)
    path.symlink_to(Path("..") / ".." / "kept.yaml")
    code, _, _ = generator(project)
    assert code == 0


def test_a_fifo_is_refused_without_waiting(project: Path) -> None:
    path = project / FILE
    path.unlink()
    os.mkfifo(path)
    code, lines, _ = generator(project, timeout=60)
    assert (code, lines) == (
        1,
        [f"{FILE}: (document): expected a regular file inside data/, found a special file (not a regular file)"],
    )


def test_an_oversized_file_is_refused_before_parsing(project: Path) -> None:
    path = project / FILE
    path.write_text(path.read_text(encoding="utf-8") + "#" * 3_000_000 + "\n", encoding="utf-8")
    size = path.stat().st_size
    code, lines, took = generator(project)
    assert (code, lines) == (1, [f"{FILE}: (document): expected a file of at most 2000000 bytes, found {size} bytes"])
    assert took < HANG_BOUND


# ---- The stamp never outlives a failure -----------------------------------------------------------


def test_an_empty_release_folder_fails_check_and_build_alike(project: Path) -> None:
    assert generator(project)[0] == 0
    (project / "data" / "releases" / "2027-01-01-empty").mkdir()
    expected = ["data/releases/2027-01-01-empty/release.yaml: (document): expected a release file, found no such file"]
    assert generator(project, "check")[:2] == (1, expected)
    assert generator(project)[:2] == (1, expected)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert expected[0] in result.stderr


@pytest.mark.parametrize("damaged", [f"en/{RELEASE_ID}/results/index.md", f"ja/{RELEASE_ID}/results/figure.svg"])
def test_a_damaged_page_or_figure_is_rewritten(project: Path, damaged: str) -> None:
    assert generator(project)[0] == 0
    page = project / "docs" / damaged
    good = page.read_bytes()
    page.write_bytes(good[: len(good) // 2])  # truncated: its first bytes are still right
    assert generator(project)[0] == 0
    assert page.read_bytes() == good


# ---- I/O errors -----------------------------------------------------------------------------------


class _FailingFile:
    """A temporary file whose write fails half-way, as on a full disk."""

    def __init__(self, handle: Any, failure: int) -> None:
        self.handle, self.name, self.failure = handle, handle.name, failure

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(self.failure, os.strerror(self.failure))

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


@pytest.mark.parametrize(
    ("failure", "text"), [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")]
)
def test_write_errors_leave_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: int, text: str
) -> None:
    root = tmp_path / "docs"
    (root / "ja").mkdir(parents=True)
    (root / "ja" / "index.md").write_bytes(b"old\n")
    before = snapshot(root)
    real = tempfile.NamedTemporaryFile
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:  # the second file fails: the first is staged already
        calls["n"] += 1
        if calls["n"] < 2:
            return real(*args, **kwargs)
        if failure == errno.EROFS:
            raise OSError(failure, os.strerror(failure), str(Path(kwargs["dir"]) / ".tmp-x"))
        return _FailingFile(real(*args, **kwargs), failure)

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", failing)
    outputs = {"ja/index.md": b"new\n", "ja/sub/page.md": b"page\n", "en/index.md": b"en\n"}
    with pytest.raises(WriteError) as caught:
        sync(root, outputs, owned=("ja", "en"))
    rendered = caught.value.render(lambda message: message)
    assert rendered == f"docs/ja/index.md: (document): expected a writable file, found {text} (errno {failure})"
    assert snapshot(root) == before
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["ja", "ja/index.md"]


@pytest.fixture
def small_docs(project: Path) -> Iterator[Path]:
    """Mount a 64 kB tmpfs on the project's docs/ (root only), holding one earlier page."""
    docs = project / "docs"
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    saved = project / "docs-saved"
    docs.rename(saved)
    docs.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(docs)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr!r}")
    try:
        (docs / "ja").mkdir()
        (docs / "ja" / "previous.md").write_text("the last good pages\n", encoding="utf-8")
        yield docs
    finally:
        subprocess.run(["umount", str(docs)], check=True)


def test_a_full_disk_is_one_line_and_leaves_nothing_behind(project: Path, small_docs: Path) -> None:
    before = snapshot(small_docs)
    code, lines, _ = generator(project)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("docs/") and lines[0].endswith(
        ": (document): expected a writable file, found No space left on device (errno 28)"
    ), lines
    assert snapshot(small_docs) == before
    assert sorted(p.relative_to(small_docs).as_posix() for p in small_docs.rglob("*")) == [
        LOCK_FILE,
        "ja",
        "ja/previous.md",
    ]


READ_ONLY = "Read-only file system (errno 30)"


def test_a_read_only_docs_folder_is_one_line(project: Path, small_docs: Path) -> None:
    (small_docs / LOCK_FILE).touch()
    subprocess.run(["mount", "-o", "remount,ro", str(small_docs)], check=True)
    before = snapshot(small_docs)
    code, lines, _ = generator(project)
    # The first file the build writes: pages are written as they are rendered, the first
    # release's Japanese pages first.
    assert (code, lines) == (
        1,
        [f"docs/ja/{RELEASE_ID}/index.md: (document): expected a writable file, found {READ_ONLY}"],
    )
    assert snapshot(small_docs) == before


def test_a_read_only_docs_folder_without_a_lock_file_is_one_line(project: Path, small_docs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_docs)], check=True)
    code, lines, _ = generator(project)
    assert (code, lines) == (
        1,
        ["docs/.build.lock: (document): expected a writable file, found Read-only file system (errno 30)"],
    )


# ---- One build at a time -------------------------------------------------------------------------


def test_two_generator_builds_run_one_after_the_other(project: Path) -> None:
    env = {**os.environ}
    command = [sys.executable, "-m", "generator", "build", "--project", str(project)]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    outputs = [process.communicate(timeout=180)[1] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sum("another build of this project is running: waiting for it to finish" in out for out in outputs) <= 1
    assert sum("nothing to generate" in out for out in outputs) == 1


def test_two_mkdocs_builds_at_once_both_succeed(project: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    processes = [subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [process.communicate(timeout=300)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert "Traceback" not in "".join(outputs)
    # Whether the second start finds the first still running depends on the machine's load:
    # at most one waits, and neither trips over the other.
    assert sum("waiting for it to finish" in out for out in outputs) <= 1, outputs
    assert 'lang="en"' in (project / "site" / "en" / "404.html").read_text(encoding="utf-8")
    assert 'lang="ja"' in (project / "site" / "404.html").read_text(encoding="utf-8")
    assert not list((project / "site").rglob(LOCK_FILE))


def test_the_lock_is_released_when_a_build_is_killed(project: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom generator.build.lock import BuildLock\nfrom pathlib import Path\n"
            f"BuildLock(Path({str(project / 'docs')!r})).acquire()\nprint('held', flush=True)\ntime.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=10)
    holder.stdout.close()
    code, lines, _ = generator(project, timeout=120)
    assert code == 0, lines


# ---- mkdocs serve never gets stuck ------------------------------------------------------------------


def _load_hook(project: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"hook_{id(project)}", project / "hooks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("failure", "found"),
    [
        (OSError(errno.EIO, "Input/output error"), "OSError: [Errno 5] Input/output error"),
        (RuntimeError("a bug"), "RuntimeError: a bug"),
    ],
)
def test_under_serve_an_unexpected_error_serves_a_problems_page(
    project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, failure: Exception, found: str
) -> None:
    hook = _load_hook(project)
    hook.on_startup("serve", dirty=False)

    def broken(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(hook, "build", broken)
    config = types.SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), nav=None, site_url=None)
    hook.preview_log.propagate = True
    with caplog.at_level("ERROR", logger="press_site.preview"):
        assert hook.on_config(config) is config
    assert config.nav == ["index.md"]
    assert f"the generator failed unexpectedly: {found}" in caplog.text
    page = (project / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert "The site cannot be built" in page
    assert "expected a generation without error" in page
    assert "サイトを生成できません" in (project / "docs" / "ja" / "index.md").read_text(encoding="utf-8")
    hook.on_shutdown()
    # The lock was released: a build in another process does not wait.
    code, lines, _ = generator(project, timeout=120)
    assert code == 0 and not any("waiting" in line for line in lines), lines


def test_deep_nesting_is_a_yaml_error(project: Path) -> None:
    lines, _ = break_and_build(project, lambda text: text + "deep: " + "[" * 5000 + "]" * 5000 + "\n", bound=HANG_BOUND)
    assert len(lines) == 1, lines
    assert "(document): expected valid YAML, found exceeded maximum nesting depth" in lines[0], lines


# ---- Block syntax in a built site ------------------------------------------------------------------


def test_block_syntax_is_literal_in_a_built_site(project: Path, edit_release: Callable[..., Path]) -> None:
    def change(data: dict[str, Any]) -> None:
        data["funding"]["en"] = '!!! danger "Funding withdrawn"'
        data["contact"]["office"]["en"] = ":   Press office"

    edit_release(change)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "en" / RELEASE_ID / "publication" / "index.html").read_text(encoding="utf-8")
    # Shown as typed (runs of spaces collapse to one, as everywhere in HTML): a paragraph and the
    # office's own term, not an admonition and not a definition of the line before.
    assert "admonition" not in page
    assert '<p>!!! danger "Funding withdrawn"</p>' in page
    assert "<dt>: Press office</dt>" in html.unescape(page)
