"""Compare navigation designs on a site bench/bench.py generated and kept (`--keep DIR`).

Each variant builds the same generated pages with `mkdocs build --strict`, the generator left out
(bench/nav_hook.py sets the navigation instead of hooks/generate.py), and is compared with the
baseline: the project's mkdocs.yml without its hook, so every page is in Material's navigation.

    .venv/bin/python -m bench.bench --sizes 100 --keep /tmp/bench
    .venv/bin/python -m bench.nav_variants /tmp/bench/releases-100 overviews home sections+navigation.prune
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.bench import HOOKS_ENTRY, BenchError, mkdocs_build, write_baseline_config

HOOK = Path(__file__).resolve().parent / "nav_hook.py"
DEFAULT_VARIANTS = ("overviews", "home", "sections", "sections+navigation.prune", "overviews+navigation.prune")

log = logging.getLogger("bench")


def variant_config(project: Path, name: str) -> Path:
    """Write a copy of the project's mkdocs.yml whose only hook is bench/nav_hook.py."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    path = project / f"mkdocs-nav-{name.replace('+', '-').replace('.', '-')}.yml"
    path.write_text(HOOKS_ENTRY.sub(f"hooks:\n  - {HOOK}\n", text, count=1), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Build the baseline and every variant; print their times and ratios as a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.nav_variants", description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project kept by bench/bench.py, docs/ already generated")
    parser.add_argument(
        "variants",
        nargs="*",
        default=DEFAULT_VARIANTS,
        help="NAV[+feature...], NAV in home, overviews, sections (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="build each variant this many times, keep the fastest")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed to each build")
    parser.add_argument("--python", default=sys.executable, help="interpreter with MkDocs installed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s", stream=sys.stderr)
    project: Path = args.project.resolve()
    lines = ["| navigation | pages | build s | pages/s | peak MiB | ratio to baseline |", "|---|--:|--:|--:|--:|--:|"]
    try:
        log.info("baseline: every page in the navigation")
        baseline, pages = mkdocs_build(args.python, project, write_baseline_config(project), args.timeout, args.repeat)
        lines.append(
            f"| every page (baseline) | {pages} | {baseline.seconds:.2f} | {pages / baseline.seconds:.1f} "
            f"| {baseline.peak_kib / 1024:.0f} | 1.00 |"
        )
        for name in args.variants:
            nav, *features = name.split("+")
            os.environ["BENCH_NAV"] = nav
            os.environ["BENCH_FEATURES"] = ",".join(features)
            log.info("variant %s", name)
            result, pages = mkdocs_build(args.python, project, variant_config(project, name), args.timeout, args.repeat)
            lines.append(
                f"| {name} | {pages} | {result.seconds:.2f} | {pages / result.seconds:.1f} "
                f"| {result.peak_kib / 1024:.0f} | {result.seconds / baseline.seconds:.2f} |"
            )
    except BenchError as error:
        log.error("%s", error)
        return 1
    finally:
        shutil.rmtree(project / "site", ignore_errors=True)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
