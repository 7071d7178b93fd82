"""Build the site with MkDocs and with ProperDocs and compare the two page by page.

Run by `make compat` (and so by `make test`). ProperDocs is a drop-in fork of MkDocs 1.x, the
project's way out if MkDocs 1.x stops working (see the README's "The stack's future"). Both builds
run on the same copy of the project with `--strict`; every file of the two sites must be byte for
byte the same, apart from one documented difference: the `<meta name="generator">` tag, which
names the tool and its version. Exit code 0 when the sites match, 1 when they differ or a build
fails, each difference listed with the first lines that differ.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from generator.build.project import Project

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one expected difference: `mkdocs-1.6.1, …` against `mkdocs-ProperDocs 1.6.7, …`."""

TOOLS = ("mkdocs", "properdocs")


def normalized(path: Path) -> bytes:
    """Return a built file's content without what legitimately differs between the two tools."""
    content = path.read_bytes()
    if path.suffix == ".gz":
        content = gzip.decompress(content)  # the gzip header holds a time stamp
    return GENERATOR_META.sub(b'<meta name="generator" content="(tool)">', content)


def files(site: Path) -> dict[str, Path]:
    """Return every file of a built site by its path inside the site."""
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def compare(first: Path, second: Path, names: tuple[str, str] = TOOLS) -> list[str]:
    """Return one message per file that differs between two built sites (none when they match)."""
    left, right = files(first), files(second)
    problems = [f"{name}: only in the {names[0]} build" for name in sorted(left.keys() - right.keys())]
    problems += [f"{name}: only in the {names[1]} build" for name in sorted(right.keys() - left.keys())]
    for name in sorted(left.keys() & right.keys()):
        a, b = normalized(left[name]), normalized(right[name])
        if a == b:
            continue
        diff = difflib.unified_diff(
            a.decode("utf-8", "replace").splitlines(),
            b.decode("utf-8", "replace").splitlines(),
            names[0],
            names[1],
            lineterm="",
            n=0,
        )
        shown = "\n".join("    " + line[:200] for line in list(diff)[:12])
        problems.append(f"{name}: differs\n{shown}")
    return problems


def build(tool: str, project: Path, site: Path) -> None:
    """Build the project's site with one tool, `--strict`, into site."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0"),
    }
    command = [sys.executable, "-m", tool, "build", "--strict", "--quiet", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"`{tool} build --strict` failed (exit code {result.returncode}):\n{result.stderr}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build with both tools, compare, print the outcome and return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="project to build (default: this checkout)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="press-compat-") as folder:
        work = Path(folder)
        project = Project(args.project.resolve()).copy_to(work / "project").root
        sites = [work / f"site-{tool}" for tool in TOOLS]
        try:
            # ProperDocs first: on the empty docs/ the hook generates every page under ProperDocs.
            for tool, site in reversed(list(zip(TOOLS, sites, strict=True))):
                build(tool, project, site)
        except RuntimeError as error:
            print(f"compat: {error}", file=sys.stderr)
            return 1
        problems = compare(sites[0], sites[1])
        count = len(files(sites[0]))
    seconds = time.perf_counter() - started
    if problems:
        print(f"compat: the MkDocs and ProperDocs builds differ in {len(problems)} file(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"compat: MkDocs and ProperDocs built the same {count} files "
        f"(apart from the generator meta tag) in {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
