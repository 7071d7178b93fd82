"""Build docs/ from the data, skipping all work when neither the inputs nor the outputs changed.

A successful build leaves a stamp (a dotfile, which MkDocs does not publish) recording a digest
of every input and the digest of every file it wrote. The next build whose inputs have the
same digest, and whose outputs are still exactly those files, has nothing to do: it reads the
navigation from the stamp and writes nothing. Anything else regenerates everything, so a stamp
can never hide a change; it only saves the time of a build whose result is already on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata

from generator.build import embargo, protect
from generator.build.lock import BuildLock
from generator.build.memo import Memo
from generator.build.project import Project
from generator.build.sources import content_digest
from generator.build.writer import Staging, file_identity, owned_files
from generator.data.languages import LANGUAGES
from generator.errors import N_, GeneratorError

log = logging.getLogger(__name__)

STAMP = f"{LANGUAGES[0]}/.generator-stamp.json"
"""Where the stamp lives, relative to docs/ (inside a folder the writer owns)."""
INDEX = ".generator-index.json"
"""Where the size, time and inode of each file the last build left are kept, relative to docs/ (a
dotfile outside the folders the writer owns, which MkDocs does not publish): a file that still has
them is not read and hashed again to find docs/ up to date (as git's index does)."""

_LIBRARIES = (
    "scipy",
    "statsmodels",
    "numpy",
    "babel",
    "jinja2",
    "pydantic",
    "pyyaml",
    "pillow",
    "manimgx-fonts-cjk",
    "feedgen",
    "rispy",
    "bibtexparser",
    "citeproc-py",
    "cryptography",
)
"""Libraries whose versions can change the output, so they are part of the inputs' digest."""


@dataclass(frozen=True)
class BuildReport:
    """What a build produced and changed."""

    nav: tuple[str, ...]
    """Page paths inside each language folder, in navigation order."""
    releases: int
    files: int
    written: int
    removed: int
    reused: bool
    """True when the files on disk were already the build's result and nothing was generated."""
    site_names: dict[str, str] | None = None
    """The header's name in each language, when every release has the same issuer."""
    logo: str | None = None
    """The header's logo relative to each language's folder, when the issuer gives one."""
    schedule: embargo.Schedule | None = None
    """Which releases are published and which held back by their embargo (shown, marked, in a preview)."""


def inputs_digest(project: Project) -> str:
    """Return the digest of everything the generated files depend on.

    The build time is not part of it: the stamp records the span of time in which the same
    releases are published (between the last embargo lifted and the next one), and a build
    outside that span regenerates.
    """
    versions = ";".join(f"{name}={metadata.version(name)}" for name in _LIBRARIES)
    # A new passphrase moves every protected release: its one-way mark is part of the inputs.
    secret = protect.fingerprint(protect.passphrase())
    return content_digest(
        project, f"{versions};site_url={project.site_url or ''};preview={embargo.preview()};protect={secret}"
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_index(project: Project) -> dict[str, list[int]]:
    """Return the identity of each file the last build left (none when there is no readable index)."""
    try:
        index = json.loads((project.docs_dir / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _write_index(project: Project, files: Iterable[str], known: Mapping[str, tuple[int, int, int]]) -> None:
    """Record the identity of the files a build just left in docs/ (see INDEX); on failure, record nothing.

    known: identities the writer already took (a preview's OnDisk), so that they are not taken again.
    """
    path = project.docs_dir / INDEX
    try:
        index = {
            relative: list(known[relative] if relative in known else file_identity(project.docs_dir / relative))
            for relative in sorted(files)
        }
        temporary = path.with_name(f"{INDEX}.tmp")
        temporary.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        log.debug("no index of docs/ (%s): the next build hashes every file", error)
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _reusable(project: Project, digest: str) -> BuildReport | None:
    """Return the report of the build on disk if it is the result for these inputs at this time, else None."""
    path = project.docs_dir / STAMP
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        if stamp["inputs"] != digest:
            return None
        plan = embargo.Schedule.from_json(stamp["schedule"])
        try:
            moment = embargo.as_of()
        except GeneratorError:
            return None  # the build reports the bad PRESS_AS_OF
        if not plan.holds_at(moment):
            return None  # an embargo lifted (or the build time moved back before one)
        recorded: dict[str, str] = stamp["files"]
        if owned_files(project.docs_dir, LANGUAGES) != {*recorded, STAMP}:
            return None
        index = _read_index(project)
        for relative, expected in recorded.items():
            path = project.docs_dir / relative
            if index.get(relative) != list(file_identity(path)) and _sha256(path.read_bytes()) != expected:
                return None
        return BuildReport(
            tuple(stamp["nav"]),
            int(stamp["releases"]),
            len(recorded),
            0,
            0,
            reused=True,
            site_names=stamp["site_names"],
            logo=stamp["logo"],
            schedule=plan,
        )
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        return None


def recorded_report(project: Project) -> BuildReport | None:
    """Return the report of the last successful build from its stamp, checking nothing (None without one).

    For a caller that has just built docs/ and holds the build lock (the parallel build's MkDocs
    processes): the navigation, the header's names and the logo without reading the inputs again.
    """
    try:
        stamp = json.loads((project.docs_dir / STAMP).read_text(encoding="utf-8"))
        schedule = stamp["schedule"]
        return BuildReport(
            tuple(stamp["nav"]),
            int(stamp["releases"]),
            len(stamp["files"]),
            0,
            0,
            reused=True,
            site_names=stamp["site_names"],
            logo=stamp["logo"],
            schedule=embargo.Schedule.from_json(schedule) if schedule else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        return None


def last_good_nav(project: Project) -> tuple[str, ...] | None:
    """Return the navigation of the pages on disk if a successful build left them whole, else None."""
    path = project.docs_dir / STAMP
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        recorded: dict[str, str] = stamp["files"]
        for relative, expected in recorded.items():
            if _sha256((project.docs_dir / relative).read_bytes()) != expected:
                return None
        return tuple(stamp["nav"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _untranslated(message: str) -> str:
    return message


def build(
    project: Project, gettext: Callable[[str], str] = _untranslated, *, locked: bool = False, memo: Memo | None = None
) -> BuildReport:
    """Generate the site and write the files that changed under docs/; raise GeneratorError on bad data.

    Unless the caller already holds the project's build lock (locked=True, as the MkDocs hook
    does for the whole MkDocs build), the build takes it and waits while another build runs.
    gettext translates the summary line it logs (the command line's --lang). memo, kept by a
    process that builds again and again (the MkDocs hook under `mkdocs serve`), lets a build
    reuse what an earlier one made from the same data (see site.Memo).
    """
    if locked:
        return _build(project, gettext, memo)
    with BuildLock(project.docs_dir):
        return _build(project, gettext, memo)


def _build(project: Project, gettext: Callable[[str], str], memo: Memo | None) -> BuildReport:
    digest = inputs_digest(project)
    reused = _reusable(project, digest)
    if reused is not None:
        log.info(
            "%s",
            gettext(N_("docs/ is up to date for {releases} release(s): nothing to generate")).format(
                releases=reused.releases
            ),
        )
        return reused
    from generator.build.site import generate  # the statistics libraries load only when needed

    # The pages are written (to temporary files) while the next ones are rendered, and put in
    # place only once the whole site is generated: a failure leaves docs/ as it was.
    on_disk = memo.on_disk if memo is not None and memo.kept else None
    with Staging(project.docs_dir, LANGUAGES, on_disk) as staging:
        site = generate(project, staging.add, memo)
        stamp = {
            "inputs": digest,
            "nav": list(site.nav),
            "releases": site.releases,
            "files": {relative: _sha256(content) for relative, content in sorted(site.files.items())},
            "schedule": site.schedule.to_json() if site.schedule else None,
            "site_names": site.site_names,
            "logo": site.logo,
        }
        files = {**site.files, STAMP: (json.dumps(stamp, indent=1, sort_keys=True) + "\n").encode("utf-8")}
        report = staging.commit(files)
    _write_index(project, files, on_disk.identities() if on_disk is not None else {})
    log.info(
        "%s",
        gettext(
            N_(
                "generated {files} file(s) for {releases} release(s): "
                "{written} written, {removed} removed, {unchanged} unchanged"
            )
        ).format(
            files=len(site.files),
            releases=site.releases,
            written=len(report.written),
            removed=len(report.removed),
            unchanged=report.unchanged,
        ),
    )
    return BuildReport(
        site.nav,
        site.releases,
        len(site.files),
        len(report.written),
        len(report.removed),
        reused=False,
        site_names=site.site_names,
        logo=site.logo,
        schedule=site.schedule,
    )
