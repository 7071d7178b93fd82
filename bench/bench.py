"""Benchmark the generator and the MkDocs build on synthetic sites of 1, 10 and 100 releases.

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

For the largest size it also builds the same generated pages with every page in Material's
navigation (the project's mkdocs.yml without the hook, so MkDocs makes its automatic navigation)
and prints the ratio of the two build times. The results are a Markdown table on stdout;
progress goes to stderr. Times are wall-clock seconds on a possibly busy machine: rerun with
`--repeat 3` to keep the fastest of three builds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.project import Project

ROOT = Path(__file__).resolve().parent.parent
"""The project's own checkout."""

VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
REAL_RELEASE = ROOT / "data" / "releases" / "2026-05-18-tacrolimus" / "release.yaml"

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
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Generation:
    """What one `python -m generator build` did."""

    seconds: float
    files: int
    written: int
    removed: int


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


# --- Running children --------------------------------------------------------------------------


def run(command: Sequence[str], cwd: Path, timeout: float) -> Run:
    """Run a command, wait for it with wait4 to read its own peak memory, and time it.

    Output goes to temporary files rather than pipes, so the child never blocks on a full pipe
    while we are in wait4. The child gets its own process group so a timeout kills all of it.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
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
    date = dt.date(2027, 1, 1) + dt.timedelta(days=index)
    data["id"] = f"{date.isoformat()}-synthetic-{index:03d}"
    data["date"] = date
    data["headline"] = {"ja": f"合成データによる試験リリース {index}", "en": f"Synthetic test release {index}"}
    for position, cell in enumerate(data["results"]["cells"]):
        limit = ARM_LIMITS.get(cell["arm"], 9)
        analyzed = 1 + (index * 7 + position * 5) % limit
        cell["analyzed"] = analyzed
        cell["events"] = (index * 3 + position * 11) % (analyzed + 1)
        cell.pop("published", None)
    for paragraph in [*data["lead"], *data["key_points"], *data["outlook"], data["design"]["summary"]]:
        paragraph.pop("quotes", None)
    return data


def make_project(target: Path, releases: int) -> Path:
    """Copy the project and give it the real release plus releases - 1 synthetic ones."""
    import yaml

    Project(ROOT).copy_to(target)
    real = yaml.safe_load(REAL_RELEASE.read_text(encoding="utf-8"))
    for index in range(1, releases):
        data = synthetic_release(real, index)
        path = target / "data" / "releases" / data["id"] / "release.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
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
        return Generation(result.seconds, files, written, removed)
    if UP_TO_DATE.search(result.stderr):
        return Generation(result.seconds, 0, 0, 0)
    raise BenchError(f"the generator printed neither 'generated N file(s)' nor 'up to date':\n{tail(result.stderr)}")


IN_PROCESS = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from generator.project import Project
from generator.site import generate
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


def bench_baseline(python: str, project: Path, releases: int, timeout: float, repeat: int) -> Row:
    """Build the already generated pages with every page in the navigation (no hook, automatic nav)."""
    log.info("%d release(s): baseline build, every page in the navigation", releases)
    build, pages = mkdocs_build(python, project, write_baseline_config(project), timeout, repeat)
    return Row(f"{releases}, every page in nav (baseline)", releases, pages, None, None, build)


# --- Reporting -------------------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> str:
    """Return the results as a Markdown table."""
    header = (
        "| releases | pages | generator s (cold) | no-op s | no-op files written | build s | pages/s | peak MiB "
        "| generator in build s | generator share | cold share | imports s | generate() s |"
    )
    lines = [header, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        share = row.generator_share
        lines.append(
            "| "
            + " | ".join(
                [
                    row.label,
                    str(row.pages),
                    "–" if row.generator is None else f"{row.generator.seconds:.2f}",
                    "–" if row.noop is None else f"{row.noop.seconds:.2f}",
                    "–" if row.noop is None else str(row.noop.written + row.noop.removed),
                    f"{row.build.seconds:.2f}",
                    f"{row.pages_per_second:.1f}",
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


def summary(rows: Sequence[Row], baseline: Row | None) -> list[str]:
    """Return the lines under the table: the ratio to the baseline and any failed expectation."""
    lines: list[str] = []
    for row in rows:
        if row.noop is not None and (row.noop.written or row.noop.removed):
            lines.append(f"FAIL: the no-op regeneration of {row.label} release(s) wrote or removed files")
    if baseline is not None:
        ours = next(row for row in rows if row.releases == baseline.releases)
        ratio = ours.build.seconds / baseline.build.seconds
        lines.append(
            f"Ratio: the {ours.releases}-release build took {ours.build.seconds:.2f} s, "
            f"{ratio:.2f}× the {baseline.build.seconds:.2f} s of the same {baseline.pages} pages with every page "
            "in Material's navigation (target ≤ 0.40×)."
        )
    return lines


# --- Command line ----------------------------------------------------------------------------------


def sizes(text: str) -> tuple[int, ...]:
    """Parse a comma-separated list of release counts."""
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
    result.add_argument("--sizes", type=sizes, default=(1, 10, 100), help="release counts (default: 1,10,100)")
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
    rows: list[Row] = []
    baseline: Row | None = None
    try:
        for releases in args.sizes:
            target = workdir / f"releases-{releases:03d}"
            shutil.rmtree(target, ignore_errors=True)
            project = make_project(target, releases)
            rows.append(bench_size(args.python, project, releases, args.timeout, args.repeat))
        if not args.no_baseline:
            largest = max(args.sizes)
            project = workdir / f"releases-{largest:03d}"
            baseline = bench_baseline(args.python, project, largest, args.timeout, args.repeat)
    except BenchError as error:
        log.error("%s", error)
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log.info("projects kept in %s", workdir)
    output = [table([*rows, *([baseline] if baseline else [])]), "", *summary(rows, baseline)]
    sys.stdout.write("\n".join(output) + "\n")
    return 1 if any(line.startswith("FAIL") for line in output) else 0


if __name__ == "__main__":
    sys.exit(main())
