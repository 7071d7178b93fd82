"""Run the draft commands for the command line: `proof` and `import`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from generator.errors import N_, Translate

log = logging.getLogger("generator")

WROTE_REPORT = N_("wrote {file}")
EXIT_OK = 0
EXIT_FAILED = 1


def run(args: argparse.Namespace, data_dir: Path, lang: str, gettext: Translate) -> int:
    """Run `proof` or `import` as the arguments say; return the exit code."""
    if args.command == "import":
        from generator.drafts.start import import_draft

        written = import_draft(args.draft, _display(args.draft), data_dir, args.id)
        log.info("%s", gettext(WROTE_REPORT).format(file=written))
        return EXIT_OK
    from generator.drafts.proof import proof, report_html, report_lines

    failed = False
    for path in args.drafts:
        result = proof(path, _display(path), data_dir, args.release, lang)
        errors, warnings, summary = report_lines(result, gettext)
        for line in errors:
            log.error("%s", line)
        for line in warnings:
            log.warning("%s", line)
        log.info("%s", summary)
        failed = failed or result.failed
        if args.report is not None:
            target = args.report if len(args.drafts) == 1 else args.report.with_name(f"{path.stem}-{args.report.name}")
            target.write_text(report_html(result, gettext, lang), encoding="utf-8")
            log.info("%s", gettext(WROTE_REPORT).format(file=target))
    return EXIT_FAILED if failed else EXIT_OK


def _display(path: Path) -> str:
    """Return the path as the user gave it."""
    return str(path)
