"""Command line: `python -m generator build|check|schema`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.builder import build
from generator.errors import N_, GeneratorError
from generator.i18n import language_from_environment, translations
from generator.languages import LANGUAGES
from generator.project import Project

log = logging.getLogger("generator")

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2  # argparse's own code for a bad command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate press-release data, compute its statistics and write the site's Markdown pages.",
        epilog="Exit codes: 0 fine, 1 data or verification error, 2 usage error.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--project",
        type=Path,
        default=Path.cwd(),
        help="project folder holding data/, templates/ and docs/ (default: the current folder)",
    )
    common.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder of release data (default: data/ of the project, or DATA_DIR)",
    )
    common.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="language of error messages (default: from LANG, else en)"
    )
    common.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL") or None,
        help="address the site is published at, as mkdocs.yml's site_url (default: $SITE_URL)",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "build",
        parents=[common],
        help="validate, verify and write the pages under docs/",
        description="Validate the data, verify every published figure, and write the Markdown pages under "
        "docs/<lang>/. Only files whose content changed are written; pages no longer produced are removed. "
        "Nothing is written if anything is wrong.",
    )
    commands.add_parser(
        "check",
        parents=[common],
        help="validate and verify without writing anything",
        description="Validate the data, recompute every figure and compare it with the published one, "
        "and render every page in memory. Writes nothing.",
    )
    commands.add_parser(
        "schema",
        parents=[common],
        help="write data/schema.json from the models",
        description="Write the JSON Schema of release files to data/schema.json, for completion in editors.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO, format="%(message)s", stream=sys.stderr)
    gettext = translations(args.lang or language_from_environment()).gettext
    root = args.project.resolve()
    if args.data is not None:
        project = Project(root, args.data.resolve(), args.site_url)
    else:
        project = Project.from_environment(root, args.site_url)
    try:
        if args.command == "build":
            build(project, gettext)
        elif args.command == "schema":
            from generator.schema import SCHEMA_FILE, schema_text  # the models load only where needed

            path = project.root / SCHEMA_FILE
            path.write_text(schema_text(), encoding="utf-8")
            log.info("%s", gettext(N_("wrote {path}")).format(path=SCHEMA_FILE))
        else:
            from generator.site import generate  # the statistics and plotting libraries load only here

            site = generate(project)
            log.info(
                "%s",
                gettext(
                    N_("check passed: {releases} release(s), {files} page file(s), every published figure reproduced")
                ).format(releases=site.releases, files=len(site.files)),
            )
    except GeneratorError as error:
        if args.debug:
            log.exception("generator error")
        log.error("%s", error.render(gettext))
        return EXIT_DATA
    except OSError as error:
        # Reading or writing outside docs/ (the schema file, an unreadable folder): one line, no traceback.
        if args.debug:
            log.exception("I/O error")
        where = error.filename or project.root
        log.error(
            "%s",
            gettext(N_("{where}: {problem} (errno {errno})")).format(
                where=where, problem=error.strerror or error, errno=error.errno
            ),
        )
        return EXIT_DATA
    return EXIT_OK
