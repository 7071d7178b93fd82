"""Command line: `python -m generator build|check|preview-links|schema|proof|import`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.build.project import Project, site_address
from generator.data.i18n import language_from_environment, translations
from generator.data.languages import LANGUAGES
from generator.errors import N_, GeneratorError

log = logging.getLogger("generator")

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2  # argparse's own code for a bad command line

CHECK_PASSED = N_("check passed: %d release(s), %d page file(s), every published figure reproduced")
WROTE = N_("wrote %s")
SITE_BUILT = N_("built the site in %s in %.1f s, one MkDocs process per language")


DEBUG_LOGGERS = ("generator", "hooks", "mkdocs.hooks.generate", "press_site")
"""The project's own loggers: --debug shows their debug records, not those of the libraries underneath."""


def _add_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the options every command takes.

    They are accepted both before and after the command: the main parser holds the defaults, and
    each command's parser repeats the options with SUPPRESS so an option given after the command
    overrides one given before it without resetting it when absent.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--project",
        type=Path,
        default=default(Path.cwd()),
        help="project folder holding data/, templates/ and docs/ (default: the current folder)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=default(None),
        help="folder of release data (default: DATA_DIR, else data/ of the project)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default(None),
        help="language of messages (default: from LANGUAGE, LC_ALL or LANG, else en)",
    )
    parser.add_argument(
        "--site-url",
        default=default(os.environ.get("SITE_URL") or None),
        help="address the site is published at, as mkdocs.yml's site_url (default: $SITE_URL)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="show tracebacks and the generator's debug log",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate press-release data, compute its statistics and write the site's Markdown pages. "
        "The options go before or after the command.",
        epilog="Exit codes: 0 fine, 1 data or verification error, 2 usage error.",
    )
    _add_options(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _add_options(common, suppress=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "build",
        parents=[common],
        help="validate, verify and write the pages under docs/",
        description="Validate the data, verify every published figure, and write the Markdown pages under "
        "docs/<lang>/. Only files whose content changed are written; pages no longer produced are removed. "
        "Nothing is written if anything is wrong.",
    )
    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate and verify without writing anything",
        description="Validate the data, recompute every figure and compare it with the published one, "
        "and render every page in memory. Writes nothing. Words that claim more than the study's design "
        "shows are warnings (exit code 0), errors with --strict.",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="treat the claims warnings as errors (a claim the release attributes stays a warning)",
    )
    site = commands.add_parser(
        "site",
        parents=[common],
        help="write docs/, then build the site with MkDocs, one process per language",
        description="Generate docs/ as `build` does, then run `mkdocs build` for each language in its own "
        "process, all at once, and merge their output into the site folder: the same pages as one "
        "`mkdocs build`, in about half the time on two processors.",
    )
    site.add_argument("--site-dir", type=Path, default=Path("site"), help="where to write the site (default: site)")
    site.add_argument(
        "--config-file", type=Path, default=None, help="MkDocs configuration (default: mkdocs.yml of the project)"
    )
    site.add_argument("--no-strict", dest="strict", action="store_false", help="build without MkDocs' --strict")
    commands.add_parser(
        "preview-links",
        parents=[common],
        help="print the journalists' address of each release under embargo",
        description="Print, for each release still under embargo, its id, language, when its embargo lifts and "
        "the address of its encrypted pages, which the passphrase in PRESS_PREVIEW_PASSPHRASE gives. Send "
        "the address and the passphrase to journalists; the site publishes these pages only when built "
        "with the same passphrase.",
    )
    commands.add_parser(
        "schema",
        parents=[common],
        help="write data/schema.json from the models",
        description="Write the JSON Schema of release files to data/schema.json, for completion in editors.",
    )
    _add_draft_commands(commands, common)
    return parser


def _add_draft_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `proof` and `import`, the commands that read the office's own drafts."""
    proof = commands.add_parser(
        "proof",
        parents=[common],
        help="check every figure of a draft (.docx, .pdf, .txt, .md) against the data",
        description="Read the office's draft (Word, PDF, text or Markdown), attribute every figure of a result "
        "to a computed value of its release and print one line per figure that disagrees, then a summary. "
        "Exit 1 when a figure disagrees or is impossible.",
    )
    proof.add_argument("drafts", nargs="+", type=Path, metavar="DRAFT", help="the draft files")
    proof.add_argument(
        "--release", default=None, metavar="ID", help="the release to proof against (default: found from the draft)"
    )
    proof.add_argument(
        "--report", type=Path, default=None, metavar="FILE.html", help="also write the draft with every figure marked"
    )
    start = commands.add_parser(
        "import",
        parents=[common],
        help="start data/releases/<id>/release.yaml from a Word or PDF draft",
        description="Write a new release file from the office's draft: every field the draft holds, and "
        "placeholders for the author where it holds none. Never overwrites a release.",
    )
    start.add_argument("draft", type=Path, metavar="DRAFT", help="the draft file (.docx or .pdf)")
    start.add_argument(
        "--id", default=None, metavar="ID", help="the release id (default: the draft's date and file name)"
    )


NO_PASSPHRASE = N_("{variable} is not set: there are no protected pages without a passphrase")


class TranslatingFilter(logging.Filter):
    """Translate the project's log messages (marked with N_) before they are formatted with their arguments."""

    def __init__(self, gettext: Callable[[str], str]) -> None:
        super().__init__()
        self._gettext = gettext

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in DEBUG_LOGGERS and isinstance(record.msg, str):
            record.msg = self._gettext(record.msg)
        return True


def configure_logging(*, debug: bool, gettext: Callable[[str], str] = str) -> None:
    """Print log records on stderr in gettext's language: the project's at INFO (DEBUG with --debug)."""
    root = logging.getLogger()
    if not root.handlers:  # as logging.basicConfig: leave a host's (or pytest's) handlers alone
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s" if debug else "%(message)s"))
        handler.addFilter(TranslatingFilter(gettext))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
    for name in DEBUG_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    gettext = translations(args.lang or language_from_environment()).gettext
    configure_logging(debug=args.debug, gettext=gettext)
    root = args.project.resolve()
    try:
        site_url = site_address(args.site_url)
        if args.data is not None:
            project = Project(root, args.data.resolve(), site_url)
        else:
            project = Project.from_environment(root, site_url)
        if args.command == "build":
            from generator.build.builder import build  # the site command starts MkDocs before this import

            build(project, gettext)
        elif args.command == "site":
            from generator.build.parallel import build_site

            started = time.perf_counter()
            build_site(project, args.site_dir, config_file=args.config_file, strict=args.strict)
            log.info(gettext(SITE_BUILT), args.site_dir, time.perf_counter() - started)
        elif args.command == "preview-links":
            from generator.build import protect

            secret = protect.passphrase()
            if secret is None:
                log.error("%s", gettext(NO_PASSPHRASE).format(variable=protect.PASSPHRASE_VARIABLE))
                return EXIT_USAGE
            sys.stdout.write("".join(line + "\n" for line in protect.preview_links(project, secret)))
        elif args.command == "schema":
            from generator.data.schema import SCHEMA_FILE, schema_text  # the models load only where needed

            path = project.root / SCHEMA_FILE
            path.write_text(schema_text(), encoding="utf-8")
            log.info(gettext(WROTE), SCHEMA_FILE)
        elif args.command in ("proof", "import"):
            from generator.drafts.commands import run  # python-docx and pdfplumber load only here

            return run(args, project.data_dir, args.lang or language_from_environment(), gettext)
        else:
            from generator.build.site import generate  # the statistics libraries load only here

            site = generate(project, draw=False, strict=args.strict)
            for warning in site.warnings:
                log.warning("%s", warning.render(gettext))
            # The command's result, on stdout (the log, warnings and errors go to stderr).
            sys.stdout.write(gettext(CHECK_PASSED) % (site.releases, len(site.files)) + "\n")
    except GeneratorError as error:
        if args.debug:
            log.exception("generator error")
        log.error("%s", error.render(gettext))
        return EXIT_DATA
    except OSError as error:
        # Reading or writing outside docs/ (the schema file, an unreadable folder): one line, no traceback.
        if args.debug:
            log.exception("I/O error")
        where = error.filename or root
        log.error(
            "%s",
            gettext(N_("{where}: {problem} (errno {errno})")).format(
                where=where, problem=error.strerror or error, errno=error.errno
            ),
        )
        return EXIT_DATA
    return EXIT_OK
