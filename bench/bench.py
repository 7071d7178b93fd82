"""Benchmark the generator, the MkDocs build and the live preview on synthetic sites of 1 to 1,000 releases.

Run from the project root with `make bench`, `.venv/bin/python -m bench.bench` or
`.venv/bin/python bench/bench.py`. For each size it copies the project into a temporary folder,
writes that many releases derived from the real one, and measures, each in its own child process:

- the generator on an empty docs/ (`python -m generator build`): wall time and files written;
- the generator again on the unchanged project (a no-op): wall time and files written, which must be 0;
- the generator's imports and its in-memory generate() timed inside one process, as the hook runs them;
- the whole site (`mkdocs build --strict`, which runs the generator through the hook): wall time,
  HTML pages per second and the child's peak memory (its maximum resident set size).
  The generator share is the time the hook spent in the generator during that build (it logs
  it), over the build's wall time; the cold share is the first generation's time over the build's.

For 100 releases (`--baseline-size`) it also builds the same generated pages with every page in
Material's navigation (the project's mkdocs.yml without the hook, so MkDocs makes its automatic
navigation) and prints the ratio of the two build times. For 1 and 100 releases
(`--preview-sizes`) it measures the live preview: `mkdocs serve --dirty` (as `make serve` runs
it) on a free port of 127.0.0.1, one count of a data file changed, and the time until the server
serves the rebuilt page with the new count and a changed figure, against the bare `mkdocs build`
of the same site measured just before (target ≤ 1.5× at 1 release, ≤ 0.15× from 100 releases).
For 100 and 1,000 releases (`--parallel-sizes`) it times `make site`'s parallel build (`python -m
generator site`: one MkDocs process per language) right after the one-process `mkdocs build
--strict` of the same project, both on an up-to-date docs/, checks that the two sites are the
same bytes, and prints the ratio (target ≤ 0.5×), each the fastest of three, taken in turns
(`--parallel-repeat`). The results are Markdown tables on stdout;
progress goes to stderr. Times are wall-clock seconds on a possibly busy machine: rerun with
`--repeat 3` to keep the fastest of three builds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import logging
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.build.project import Project

ROOT = Path(__file__).resolve().parent.parent
"""The project's own checkout."""

VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
REAL_RELEASE_ID = "2026-05-18-tacrolimus"
REAL_RELEASE = ROOT / "data" / "releases" / REAL_RELEASE_ID / "release.yaml"
PREVIEW_CELL = 3
"""The count the preview benchmark changes: biochemical pregnancy, high dose (quoted in no paragraph)."""
BUILD_STARTED = "Building documentation..."
BUILD_SERVED = "Reloading browsers"
BUILD_SERVING = "Serving on http"

BASELINE_CONFIG = "mkdocs-every-page-in-nav.yml"
HOOKS_ENTRY = re.compile(r"^hooks:\n(?:[ \t]+-[^\n]*\n)+", re.MULTILINE)
GENERATED = re.compile(
    r"generated (\d+) file\(s\) for (\d+) release\(s\): (\d+) written, (\d+) removed, (\d+) unchanged"
)
IN_BUILD = re.compile(r"generator: \d+ file\(s\), \d+ written, \d+ removed(?: \(up to date\))? in ([0-9.]+) s")
UP_TO_DATE = re.compile(r"docs/ is up to date for (\d+) release\(s\): nothing to generate")
ARM_LIMITS = {"low": 17, "high": 9}
"""Analyzed counts stay within each arm's enrollment in the real release."""

log = logging.getLogger("bench")


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and shows the child's output."""


@dataclass(frozen=True)
class Run:
    """A finished child process: how long it took, how much memory it used, what it printed."""

    seconds: float
    peak_kib: int
    returncode: int
    cpu_seconds: float
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Generation:
    """What one `python -m generator build` did."""

    seconds: float
    files: int
    written: int
    removed: int
    peak_kib: int = 0


@dataclass(frozen=True)
class InProcess:
    """The generator timed inside one Python process: its imports, then generate() in memory."""

    imports: float
    generate: float


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    label: str
    releases: int
    pages: int
    generator: Generation | None
    noop: Generation | None
    build: Run
    in_process: InProcess | None = None

    @property
    def pages_per_second(self) -> float:
        """Return HTML pages built per second of the whole build."""
        return self.pages / self.build.seconds

    @property
    def pages_per_cpu_second(self) -> float:
        """Return HTML pages built per second of processor time (less noisy than wall time on a busy machine)."""
        return self.pages / self.build.cpu_seconds

    @property
    def in_build(self) -> float | None:
        """Return the time the hook spent in the generator during the build, from the build's log."""
        match = IN_BUILD.search(self.build.stderr)
        return None if match is None else float(match[1])

    @property
    def generator_share(self) -> float | None:
        """Return the generator's time inside the build (docs/ up to date) over the build's."""
        return None if self.in_build is None else self.in_build / self.build.seconds

    @property
    def cold_share(self) -> float | None:
        """Return the first generation's time (every page and figure made) over the build's."""
        return None if self.generator is None else self.generator.seconds / self.build.seconds


@dataclass(frozen=True)
class Preview:
    """The live preview of one synthetic project: from a data edit to the rebuilt page being served."""

    releases: int
    seconds: float
    """From writing the changed data file to the server serving the page with the new count and figure (median)."""
    build: float
    """The bare `mkdocs build --strict` of the same site, in the same run."""
    rebuilds: int
    """Builds the server made for an edit until it went quiet (1, or 2 when the generated pages trigger one more)."""
    each: tuple[float, ...] = ()
    """The time of every edit."""

    @property
    def ratio(self) -> float:
        """Return the preview latency over the bare build's time."""
        return self.seconds / self.build


@dataclass(frozen=True)
class Parallel:
    """The parallel build (one MkDocs process per language) against one `mkdocs build` of the same site."""

    releases: int
    pages: int
    one: Run
    """`mkdocs build --strict`: both languages one after the other in one process."""
    both: Run
    """`python -m generator site`: the languages at once, in two processes, merged."""
    differing: int
    """Files that are not byte for byte the same in the two sites (or only in one)."""

    @property
    def ratio(self) -> float:
        """Return the parallel build's wall time over the one-process build's."""
        return self.both.seconds / self.one.seconds


# --- Running children --------------------------------------------------------------------------


def run(command: Sequence[str], cwd: Path, timeout: float) -> Run:
    """Run a command, wait for it with wait4 to read its own peak memory, and time it.

    Output goes to temporary files rather than pipes, so the child never blocks on a full pipe
    while we are in wait4. The child gets its own process group so a timeout kills all of it.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    # Every timed command starts on a settled disk: copying a 1,000-release project leaves
    # hundreds of MB for the kernel to write back, which would otherwise slow whatever runs next
    # (the cold generation) and not what runs later (the build).
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env, start_new_session=True)
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
        out.seek(0)
        err.seek(0)
        result = Run(
            seconds=seconds,
            peak_kib=usage.ru_maxrss,  # kibibytes on Linux
            returncode=process.returncode,
            # Processor time, user and system: on a shared machine it moves less than wall time.
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )
    if expired.is_set():
        raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(command)}\n{tail(result.stderr)}")
    if result.returncode != 0:
        raise BenchError(f"exit code {result.returncode}: {' '.join(command)}\n{tail(result.stderr)}")
    return result


def tail(text: str, lines: int = 30) -> str:
    """Return the last lines of a child's output, indented, for an error message."""
    return "\n".join("    " + line for line in text.rstrip().splitlines()[-lines:])


# --- Making the synthetic projects ---------------------------------------------------------------


def synthetic_release(real: dict[str, Any], index: int) -> dict[str, Any]:
    """Return the real release with another id, date, headline and counts (as tests/conftest.py does).

    The published figures and the prose's quoted figures belong to the real counts, so they are
    dropped; the counts vary with the index and include 0/N and N/N.
    """
    import copy

    data = copy.deepcopy(real)
    # Dated before the build (and the real release): a release dated after the build without an embargo is refused.
    date = dt.date(2022, 1, 1) + dt.timedelta(days=index)
    data["id"] = f"{date.isoformat()}-synthetic-{index:03d}"
    data["date"] = date
    data["headline"] = {"ja": f"合成データによる試験リリース {index}", "en": f"Synthetic test release {index}"}
    for position, cell in enumerate(data["results"]["cells"]):
        limit = ARM_LIMITS.get(cell["arm"], 9)
        analyzed = 1 + (index * 7 + position * 5) % limit
        cell["analyzed"] = analyzed
        cell["events"] = (index * 3 + position * 11) % (analyzed + 1)
        cell.pop("published", None)
    for analysis in data["analysis"]["analyses"]:
        analysis.pop("published", None)
    for paragraph in [*data["lead"], *data["key_points"], *data["outlook"], data["design"]["summary"]]:
        paragraph.pop("quotes", None)
    # Its prose must not print the real release's results either: `check` attributes them to these counts.
    data["key_points"][3] = {"ja": "合成データの要点です。", "en": "A key point about synthetic data."}
    data["design"]["summary"] = {"ja": "合成データの研究概要です。", "en": "The summary of a synthetic study."}
    return data


def make_project(target: Path, releases: int) -> Path:
    """Copy the project and give it the real release plus releases - 1 synthetic ones."""
    import yaml

    class PlainDumper(yaml.SafeDumper):
        """Write every value in full: release files may not hold YAML anchors and aliases."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    Project(ROOT).copy_to(target)
    real = yaml.safe_load(REAL_RELEASE.read_text(encoding="utf-8"))
    for index in range(1, releases):
        data = synthetic_release(real, index)
        folder = target / "data" / "releases" / data["id"]
        # The release's own files (its PDF, images) go with it, as they would in a real folder.
        shutil.copytree(REAL_RELEASE.parent, folder)
        text = yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False)
        (folder / "release.yaml").write_text(text, encoding="utf-8")
    for folder in ("ja", "en"):
        shutil.rmtree(target / "docs" / folder, ignore_errors=True)
    return target


def write_baseline_config(project: Path) -> Path:
    """Write the project's mkdocs.yml without the hook: MkDocs then puts every page in the navigation."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    without, count = HOOKS_ENTRY.subn("", text)
    if count != 1:
        raise BenchError("mkdocs.yml has no single `hooks:` list to remove for the baseline build")
    path = project / BASELINE_CONFIG
    path.write_text(without, encoding="utf-8")
    return path


# --- Measuring -------------------------------------------------------------------------------------


def generate(python: str, project: Path, timeout: float) -> Generation:
    """Run `python -m generator build` on the project and return its time and what it wrote."""
    result = run([python, "-m", "generator", "build", "--project", str(project)], project, timeout)
    match = GENERATED.search(result.stderr)
    if match is not None:
        files, _, written, removed, _ = (int(group) for group in match.groups())
        return Generation(result.seconds, files, written, removed, result.peak_kib)
    if UP_TO_DATE.search(result.stderr):
        return Generation(result.seconds, 0, 0, 0, result.peak_kib)
    raise BenchError(f"the generator printed neither 'generated N file(s)' nor 'up to date':\n{tail(result.stderr)}")


IN_PROCESS = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from generator.build.project import Project
from generator.build.site import generate
imported = time.perf_counter()
generate(Project(Path(sys.argv[1])))
done = time.perf_counter()
print(json.dumps({"imports": imported - started, "generate": done - imported}))
"""


def in_process(python: str, project: Path, timeout: float) -> InProcess:
    """Time the generator's imports and generate() (no writing) in one child, as the hook runs them."""
    result = run([python, "-c", IN_PROCESS, str(project)], project, timeout)
    times = json.loads(result.stdout.strip().splitlines()[-1])
    return InProcess(float(times["imports"]), float(times["generate"]))


def mkdocs_build(python: str, project: Path, config: Path, timeout: float, repeat: int) -> tuple[Run, int]:
    """Build the site from scratch repeat times; return the fastest build and its HTML page count."""
    best: Run | None = None
    for _ in range(repeat):
        shutil.rmtree(project / "site", ignore_errors=True)
        result = run([python, "-m", "mkdocs", "build", "--strict", "-f", str(config)], project, timeout)
        if best is None or result.seconds < best.seconds:
            best = result
    assert best is not None
    pages = sum(1 for _ in (project / "site").rglob("index.html"))
    if pages == 0:
        raise BenchError(f"the build of {project} made no page:\n{tail(best.stderr)}")
    return best, pages


def bench_size(python: str, project: Path, releases: int, timeout: float, repeat: int) -> Row:
    """Measure the generator, a no-op regeneration and the whole build of one synthetic project."""
    log.info("%d release(s): generator on an empty docs/", releases)
    first = generate(python, project, timeout)
    log.info("%d release(s): generator again (no-op)", releases)
    noop = generate(python, project, timeout)
    log.info("%d release(s): generator imports and generate() in one process", releases)
    inside = in_process(python, project, timeout)
    log.info("%d release(s): mkdocs build --strict", releases)
    build, pages = mkdocs_build(python, project, project / "mkdocs.yml", timeout, repeat)
    return Row(f"{releases}", releases, pages, first, noop, build, inside)


def differing_files(first: Path, second: Path) -> int:
    """Return how many files are not byte for byte the same in two trees (or are in one only)."""

    def files(tree: Path) -> dict[str, Path]:
        return {path.relative_to(tree).as_posix(): path for path in tree.rglob("*") if path.is_file()}

    left, right = files(first), files(second)
    same = sum(1 for name in left.keys() & right.keys() if left[name].read_bytes() == right[name].read_bytes())
    return len(left.keys() | right.keys()) - same


def bench_parallel(python: str, project: Path, releases: int, timeout: float, repeat: int) -> Parallel:
    """Time one `mkdocs build` and the parallel build of the same site, one right after the other."""
    log.info("%d release(s): mkdocs build --strict, then the parallel build (python -m generator site)", releases)
    one_best: Run | None = None
    both_best: Run | None = None
    parallel_site = project / "site-parallel"
    for _ in range(repeat):
        shutil.rmtree(project / "site", ignore_errors=True)
        one = run([python, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")], project, timeout)
        shutil.rmtree(parallel_site, ignore_errors=True)
        command = [python, "-m", "generator", "site", "--project", str(project), "--site-dir", str(parallel_site)]
        both = run(command, project, timeout)
        one_best = one if one_best is None or one.seconds < one_best.seconds else one_best
        both_best = both if both_best is None or both.seconds < both_best.seconds else both_best
    assert one_best is not None and both_best is not None
    pages = sum(1 for _ in parallel_site.rglob("index.html"))
    differing = differing_files(project / "site", parallel_site)
    shutil.rmtree(parallel_site, ignore_errors=True)
    return Parallel(releases, pages, one_best, both_best, differing)


def bench_baseline(python: str, project: Path, releases: int, timeout: float, repeat: int) -> Row:
    """Build the already generated pages with every page in the navigation (no hook, automatic nav)."""
    log.info("%d release(s): baseline build, every page in the navigation", releases)
    build, pages = mkdocs_build(python, project, write_baseline_config(project), timeout, repeat)
    return Row(f"{releases}, every page in nav (baseline)", releases, pages, None, None, build)


class _Images(HTMLParser):
    """Collect the src of every <img> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        source = dict(attrs).get("src")
        if tag == "img" and source and source.endswith(".svg"):
            self.sources.append(source)


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> bytes | None:
    """Return the body at url, or None while the server cannot serve it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local http:// address)
            return bytes(response.read())
    except OSError:
        return None


def preview_page(project: Path) -> str:
    """Return the path of the real release's English results page in the built site."""
    many = project / "site" / "en" / REAL_RELEASE_ID / "results" / "index.html"
    return f"/en/{REAL_RELEASE_ID}/results/" if many.is_file() else "/en/results/"


def edit_count(project: Path) -> str:
    """Change one count of the real release's data file; return the new "(events/analyzed)" text."""
    import yaml

    path = project / "data" / "releases" / REAL_RELEASE_ID / "release.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cell = data["results"]["cells"][PREVIEW_CELL]
    cell["events"] += 1 if cell["events"] < cell["analyzed"] else -1
    cell.pop("published", None)  # the published rate and interval belong to the old count
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return f"({cell['events']}/{cell['analyzed']})"


def preview(python: str, project: Path, releases: int, build: float, timeout: float, edits: int) -> Preview:
    """Serve the project, change a count edits times, and time until the rebuilt page and figure are served.

    The server hears of the edit through file events where the system has them (inotify, see
    generator/build/preview.py), else it polls every 0.5 s; one edit's time varies with the
    machine: the median of several edits is reported.
    """
    port = free_port()
    log_path = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [
        python,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--dev-addr",
        f"127.0.0.1:{port}",
        "-f",
        str(project / "mkdocs.yml"),
    ]
    page = f"http://127.0.0.1:{port}{preview_page(project)}"
    with log_path.open("w") as output:
        process = subprocess.Popen(
            command, cwd=project, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:

            def served() -> str:
                if process.poll() is not None:
                    raise BenchError(f"mkdocs serve exited:\n{tail(log_path.read_text(encoding='utf-8'))}")
                return log_path.read_text(encoding="utf-8")

            def settle() -> int:
                """Wait until the server has built at least once and not started a build for 3 s.

                Builds are counted by their start and, after the first one, their "Reloading browsers"
                line: MkDocs drops a "Documentation built in" line equal to the one before it.
                """
                deadline, quiet_since, count = time.monotonic() + timeout, time.monotonic(), -1
                while time.monotonic() < deadline:
                    text = served()
                    now = text.count(BUILD_STARTED)
                    serving = BUILD_SERVING in text  # the first build ends before the server starts
                    busy = not serving or now > 1 + text.count(BUILD_SERVED)
                    if now != count or busy:
                        count, quiet_since = now, time.monotonic()
                    elif time.monotonic() - quiet_since >= 3:
                        return count
                    time.sleep(0.2)
                raise BenchError(f"mkdocs serve did not settle:\n{tail(served())}")

            times: list[float] = []
            rebuilds = 0
            for edit in range(1, edits + 1):
                initial = settle()
                before = fetch(page)
                if before is None:
                    raise BenchError(f"mkdocs serve does not serve {page}:\n{tail(served())}")
                parser = _Images()
                parser.feed(before.decode("utf-8"))
                figures = {
                    urllib.parse.urljoin(page, source): fetch(urllib.parse.urljoin(page, source))
                    for source in parser.sources
                }
                if not figures:
                    raise BenchError(f"{page} shows no SVG figure")
                log.info("%d release(s): preview served; changing a count (%d of %d)", releases, edit, edits)
                started = time.perf_counter()
                marker = edit_count(project).encode("utf-8")
                deadline = time.monotonic() + timeout
                while True:
                    served()
                    body = fetch(page)
                    if (
                        body is not None
                        and marker in body
                        and all(fetch(url) not in (None, old) for url, old in figures.items())
                    ):
                        times.append(time.perf_counter() - started)
                        break
                    if time.monotonic() > deadline:
                        raise BenchError(f"the preview never showed {marker.decode()}:\n{tail(served())}")
                    time.sleep(0.05)
                rebuilds = max(rebuilds, settle() - initial)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return Preview(releases, statistics.median(times), build, rebuilds, tuple(times))


# --- Reporting -------------------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> str:
    """Return the results as a Markdown table."""
    header = (
        "| releases | pages | generator s (cold) | cold peak MiB | no-op s | no-op files written | build s | pages/s "
        "| build CPU s | pages/CPU s | build peak MiB | generator in build s | generator share | cold share "
        "| imports s | generate() s |"
    )
    lines = [header, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        share = row.generator_share
        lines.append(
            "| "
            + " | ".join(
                [
                    row.label,
                    str(row.pages),
                    "–" if row.generator is None else f"{row.generator.seconds:.2f}",
                    "–" if row.generator is None else f"{row.generator.peak_kib / 1024:.0f}",
                    "–" if row.noop is None else f"{row.noop.seconds:.2f}",
                    "–" if row.noop is None else str(row.noop.written + row.noop.removed),
                    f"{row.build.seconds:.2f}",
                    f"{row.pages_per_second:.1f}",
                    f"{row.build.cpu_seconds:.2f}",
                    f"{row.pages_per_cpu_second:.1f}",
                    f"{row.build.peak_kib / 1024:.0f}",
                    "–" if row.in_build is None else f"{row.in_build:.3f}",
                    "–" if share is None else f"{share:.1%}",
                    "–" if row.cold_share is None else f"{row.cold_share:.1%}",
                    "–" if row.in_process is None else f"{row.in_process.imports:.2f}",
                    "–" if row.in_process is None else f"{row.in_process.generate:.2f}",
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def preview_target(releases: int) -> float:
    """Return the preview's target, as a ratio to the bare build: 1.5× for a small site, 0.15× from 100 releases."""
    return 1.5 if releases < 100 else 0.15


def preview_table(previews: Sequence[Preview]) -> str:
    """Return the live preview measurements as a Markdown table."""
    lines = [
        "| releases | edit → page served s (median) | each edit s | bare build s | ratio | target | rebuilds |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    lines += [
        f"| {item.releases} | {item.seconds:.2f} | {', '.join(f'{value:.2f}' for value in item.each)} "
        f"| {item.build:.2f} | {item.ratio:.2f}× | ≤ {preview_target(item.releases):.2f}× | {item.rebuilds} |"
        for item in previews
    ]
    return "\n".join(lines)


def parallel_table(items: Sequence[Parallel]) -> str:
    """Return the parallel build's measurements as a Markdown table."""
    lines = [
        "| releases | pages | one process s | one process CPU s | two processes s | two processes CPU s "
        "| ratio (target ≤ 0.5×) | floor | files differing |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    # The floor: the ratio if the two processes' processor time were spread over both processors
    # without a moment idle, the least two processes doing that work can take.
    lines += [
        f"| {item.releases} | {item.pages} | {item.one.seconds:.2f} | {item.one.cpu_seconds:.2f} "
        f"| {item.both.seconds:.2f} | {item.both.cpu_seconds:.2f} | {item.ratio:.2f}× "
        f"| {item.both.cpu_seconds / 2 / item.one.seconds:.2f}× | {item.differing} |"
        for item in items
    ]
    return "\n".join(lines)


def parallel_summary(items: Sequence[Parallel]) -> list[str]:
    """Return one line per parallel measurement, marked FAIL when the sites differ, MISSED over the target."""
    lines = []
    for item in items:
        if item.differing:
            lines.append(f"FAIL: the parallel build of {item.releases} release(s) differs in {item.differing} file(s)")
        verdict = "" if item.ratio <= 0.5 else "MISSED: "
        lines.append(
            f"{verdict}Parallel build, {item.releases} release(s): {item.both.seconds:.2f} s, {item.ratio:.2f}× "
            f"the one-process build's {item.one.seconds:.2f} s (target ≤ 0.5×), the same {item.pages} pages."
        )
    return lines


def summary(rows: Sequence[Row], baseline: Row | None, previews: Sequence[Preview] = ()) -> list[str]:
    """Return the lines under the table: the ratio to the baseline and any failed expectation."""
    lines: list[str] = []
    for row in rows:
        if row.noop is not None and (row.noop.written or row.noop.removed):
            lines.append(f"FAIL: the no-op regeneration of {row.label} release(s) wrote or removed files")
    for smaller, larger in itertools.pairwise(rows):
        growth = larger.releases / smaller.releases
        parts = [
            f"build {larger.build.seconds / smaller.build.seconds:.1f}×",
            f"build CPU {larger.build.cpu_seconds / smaller.build.cpu_seconds:.1f}×",
        ]
        if smaller.generator is not None and larger.generator is not None:
            parts.insert(0, f"cold generation {larger.generator.seconds / smaller.generator.seconds:.1f}×")
        if smaller.in_build and larger.in_build:
            parts.append(f"generator in the build {larger.in_build / smaller.in_build:.1f}×")
        parts.append(f"peak memory {larger.build.peak_kib / smaller.build.peak_kib:.1f}×")
        lines.append(
            f"Growth {smaller.releases} → {larger.releases} releases ({growth:.0f}× the pages): " + ", ".join(parts)
        )
    for row in rows:
        share = row.generator_share
        if share is not None and share >= 0.02:
            lines.append(f"MISSED: the generator took {share:.1%} of the {row.label}-release build (target < 2%)")
        if row.build.peak_kib >= 1024 * 1024:
            lines.append(
                f"MISSED: the {row.label}-release build peaked at {row.build.peak_kib / 1024:.0f} MiB (target < 1 GiB)"
            )
    by_size = {row.releases: row for row in rows}
    if 100 in by_size and 1000 in by_size:
        small_row, large_row = by_size[100], by_size[1000]
        for name, small, large in (
            ("wall", small_row.pages_per_second, large_row.pages_per_second),
            ("processor", small_row.pages_per_cpu_second, large_row.pages_per_cpu_second),
        ):
            verdict = "MISSED: " if large < small else ""
            lines.append(
                f"{verdict}Pages per second of {name} time: {large:.1f} at 1,000 releases, {small:.1f} at 100 "
                "(target: not below)."
            )
    if baseline is not None:
        ours = next(row for row in rows if row.releases == baseline.releases)
        ratio = ours.build.seconds / baseline.build.seconds
        lines.append(
            f"Ratio: the {ours.releases}-release build took {ours.build.seconds:.2f} s, "
            f"{ratio:.2f}× the {baseline.build.seconds:.2f} s of the same {baseline.pages} pages with every page "
            "in Material's navigation (target ≤ 0.40×)."
        )
    for row in rows:
        if row.generator is not None:
            verdict = "MISSED: " if row.releases >= 100 and (row.cold_share or 0) > 0.5 else ""
            lines.append(
                f"{verdict}Cold generation, {row.label} release(s): {row.generator.seconds:.2f} s, "
                f"{row.cold_share:.2f}× the build, peak memory {row.generator.peak_kib / 1024:.0f} MiB "
                "(target ≤ 0.5× from 100 releases)."
            )
    if 100 in by_size and 1000 in by_size:
        small_cold, large_cold = by_size[100].generator, by_size[1000].generator
        if small_cold is not None and large_cold is not None:
            growth = large_cold.seconds / small_cold.seconds
            verdict = "MISSED: " if growth > 11 else ""
            lines.append(
                f"{verdict}Cold generation grew {growth:.1f}× from 100 to 1,000 releases "
                f"({small_cold.seconds:.2f} s to {large_cold.seconds:.2f} s; target: about 10×, linear)."
            )
    for item in previews:
        target = preview_target(item.releases)
        verdict = "" if item.ratio <= target else "MISSED: "
        lines.append(
            f"{verdict}Live preview, {item.releases} release(s): {item.seconds:.2f} s from edit to rebuilt page, "
            f"{item.ratio:.2f}× the bare build's {item.build:.2f} s (target ≤ {target:.2f}×)."
        )
    return lines


# --- Command line ----------------------------------------------------------------------------------


def sizes(text: str) -> tuple[int, ...]:
    """Parse one release count or a comma-separated list of them."""
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected release counts such as 1,10,100, got {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected release counts of at least 1, got {text!r}")
    return values


def parser() -> argparse.ArgumentParser:
    """Return the command line parser."""
    result = argparse.ArgumentParser(prog="python -m bench.bench", description=__doc__.split("\n\n")[0])
    result.add_argument(
        "--sizes",
        type=sizes,
        nargs="+",
        default=[(1, 10, 100, 1000)],
        help="release counts, separated by spaces or commas (default: 1 10 100 1000)",
    )
    result.add_argument(
        "--preview-sizes",
        type=sizes,
        nargs="*",
        default=[(1, 100)],
        help="release counts (among --sizes) whose live preview is timed (default: 1 100; none: no preview)",
    )
    result.add_argument(
        "--preview-edits", type=int, default=3, help="data edits timed per preview, the median reported (default: 3)"
    )
    result.add_argument(
        "--baseline-size",
        type=int,
        default=100,
        help="release count (among --sizes) also built with every page in the navigation (default: 100)",
    )
    result.add_argument(
        "--parallel-sizes",
        type=sizes,
        nargs="*",
        default=[(100, 1000)],
        help="release counts (among --sizes) whose parallel build is timed (default: 100 1000; none: skip it)",
    )
    result.add_argument(
        "--parallel-repeat",
        type=int,
        default=3,
        help="time the one-process and the parallel build this many times, one after the other, "
        "and keep each one's fastest (default: 3; a single pair moved by ±10%% on this machine)",
    )
    result.add_argument("--keep", type=Path, help="build the projects in this folder and keep them")
    result.add_argument("--repeat", type=int, default=1, help="build each site this many times, keep the fastest")
    result.add_argument("--timeout", type=float, default=900, help="seconds allowed to each child (default: 900)")
    result.add_argument("--no-baseline", action="store_true", help="skip the every-page-in-nav baseline build")
    result.add_argument(
        "--python",
        default=str(VENV_PYTHON) if VENV_PYTHON.is_file() else sys.executable,
        help="interpreter with the project installed (default: .venv/bin/python, else this one)",
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; return the exit code."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s", stream=sys.stderr)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir = args.keep.resolve()
    else:
        workdir = Path(tempfile.mkdtemp(prefix="press-bench-"))
    all_sizes = sorted({size for group in args.sizes for size in group})
    preview_sizes = {size for group in args.preview_sizes for size in group}
    parallel_sizes = {size for group in args.parallel_sizes for size in group}
    parallels: list[Parallel] = []
    rows: list[Row] = []
    previews: list[Preview] = []
    baseline: Row | None = None
    started = time.perf_counter()
    try:
        for releases in all_sizes:
            target = workdir / f"releases-{releases:04d}"
            shutil.rmtree(target, ignore_errors=True)
            project = make_project(target, releases)
            row = bench_size(args.python, project, releases, args.timeout, args.repeat)
            rows.append(row)
            if not args.no_baseline and releases == args.baseline_size:
                baseline = bench_baseline(args.python, project, releases, args.timeout, args.repeat)
            if releases in parallel_sizes:
                repeat = max(args.repeat, args.parallel_repeat)
                parallels.append(bench_parallel(args.python, project, releases, args.timeout, repeat))
            if releases in preview_sizes:
                log.info("%d release(s): live preview under mkdocs serve", releases)
                previews.append(
                    preview(args.python, project, releases, row.build.seconds, args.timeout, args.preview_edits)
                )
            if args.keep is None:
                shutil.rmtree(target, ignore_errors=True)  # 1,000 releases take a few hundred MB
    except BenchError as error:
        log.error("%s", error)
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log.info("projects kept in %s", workdir)
    output = [table([*rows, *([baseline] if baseline else [])]), ""]
    if previews:
        output += [preview_table(previews), ""]
    if parallels:
        output += [parallel_table(parallels), ""]
    output += [*summary(rows, baseline, previews), *parallel_summary(parallels)]
    output.append(f"The benchmark took {time.perf_counter() - started:.0f} s.")
    sys.stdout.write("\n".join(output) + "\n")
    return 1 if any(line.startswith("FAIL") for line in output) else 0


if __name__ == "__main__":
    sys.exit(main())
