"""Build the site with MkDocs one language per process, both at once, and merge the two trees.

The i18n plugin builds the languages one after the other in one process, so one of this
machine's two processors sat idle. `python -m generator site` (`make site`) instead:

1. takes the project's build lock and starts one `mkdocs build` per language, each into its own
   temporary folder, with `PRESS_LANGUAGE` naming its language and `PRESS_GENERATED=stdin`
   telling the hook that this process generates docs/ and holds the lock (the hook then neither
   generates nor locks, and waits for a line on its standard input before reading docs/);
2. generates docs/ (or finds it up to date), once, while MkDocs imports and reads its
   configuration, then lets the builds go on;
3. merges the trees into the site folder: everything from the default language's build, the
   other languages' folders (`en/`) from theirs, one search index holding every language's
   entries in the order the i18n plugin writes them, and one sitemap listing every language.

Every file is byte for byte what one `mkdocs build` writes, search index, sitemap, language menu
and 404 pages included (tests/test_parallel.py compares the trees; `make bench` at 100 and 1,000
releases). The files every build writes at the site's root (the theme's assets, the default
language's feed) come from the default language's build; they are checked to be the same in
the other builds, apart from PER_LANGUAGE, which each build writes for its own language.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.lock import BuildLock
from generator.build.project import Project
from generator.data.languages import LANGUAGES
from generator.errors import N_, Message, Problem, WriteError

if TYPE_CHECKING:
    from generator.build.builder import BuildReport

log = logging.getLogger(__name__)

LANGUAGE_VARIABLE = "PRESS_LANGUAGE"
"""Names the one language an MkDocs process builds (the i18n plugin builds the others elsewhere)."""
GENERATED_VARIABLE = "PRESS_GENERATED"
"""Set by the caller that generates docs/ and holds the build lock while MkDocs runs: 1 when docs/
is generated; `stdin` when the caller writes a line to MkDocs' standard input once it is (so that
MkDocs starts, imports and reads its configuration while the generator runs)."""
WAIT = "stdin"
GO = b"generated\n"

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
NOT_FOUND = "404.html"
PER_LANGUAGE = frozenset({SEARCH_INDEX, SITEMAP, SITEMAP_GZ, NOT_FOUND})
"""Files at the root of every language's build that hold that language only: merged, or the default's kept."""


@dataclass(frozen=True)
class LanguageBuild:
    """One language's MkDocs process and the folder it builds into."""

    language: str
    site: Path
    process: subprocess.Popen[bytes]
    started: float


def language_only() -> str | None:
    """Return the language this MkDocs process builds alone (PRESS_LANGUAGE), or None for all."""
    return os.environ.get(LANGUAGE_VARIABLE, "").strip() or None


def generated_by_caller() -> bool:
    """Return whether the caller generates docs/ and holds the build lock (PRESS_GENERATED set)."""
    return os.environ.get(GENERATED_VARIABLE, "").strip() not in ("", "0")


def wait_for_caller() -> bool:
    """Wait until the caller has generated docs/ (PRESS_GENERATED=stdin); return False if it failed."""
    if os.environ.get(GENERATED_VARIABLE, "").strip() != WAIT:
        return True
    return sys.stdin.buffer.readline() == GO


def _start(project: Project, language: str, site: Path, config_file: Path, strict: bool) -> LanguageBuild:
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ, LANGUAGE_VARIABLE: language, GENERATED_VARIABLE: WAIT}
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    command += ["--site-dir", str(site)] + (["--strict"] if strict else [])
    process = subprocess.Popen(
        command, cwd=project.root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    return LanguageBuild(language, site, process, time.perf_counter())


def _shared_files(tree: Path, language: str) -> list[str]:
    """Return the files of a language's build outside its own folder (the theme's assets, the root's files)."""
    found = []
    for folder, folders, files in os.walk(tree):
        if folder == str(tree):
            folders[:] = [name for name in folders if name != language]
        base = Path(folder).relative_to(tree)
        found += [(base / name).as_posix() for name in files]
    return sorted(found)


_INDEX_START = b'{"config":'
_DOCS = b',"docs":['
_INDEX_END = b"]}"


def _index_parts(index: bytes) -> tuple[object, bytes]:
    """Return a search index's settings and the text of its entries, as Material wrote them."""
    if not index.startswith(_INDEX_START) or not index.endswith(_INDEX_END):
        raise ValueError("a search index is not in Material's format")
    config, end = json.JSONDecoder().raw_decode(index.decode("utf-8"), len(_INDEX_START))
    start = len(index.decode("utf-8")[:end].encode("utf-8"))
    if index[start : start + len(_DOCS)] != _DOCS:
        raise ValueError("a search index is not in Material's format")
    return config, index[start + len(_DOCS) : -len(_INDEX_END)]


def merge_search_indexes(indexes: Sequence[bytes]) -> bytes:
    """Return one search index holding every index's entries, in order, as Material writes it.

    Material writes `json.dumps({"config": …, "docs": […]}, separators=(",", ":"))`: the merged
    index is the first one's settings and every index's entries joined, without parsing the
    entries (tens of MB at 1,000 releases).
    """
    parts = [_index_parts(index) for index in indexes]
    if any(config != parts[0][0] for config, _ in parts):
        raise ValueError("the languages' search indexes were built with different search settings")
    entries = b",".join(docs for _, docs in parts if docs)
    head = indexes[0][: len(indexes[0]) - len(_INDEX_END) - len(parts[0][1])]
    return head + entries + _INDEX_END


_URLSET_END = b"\n</urlset>"


def merge_sitemaps(sitemaps: Sequence[bytes]) -> bytes:
    """Return one sitemap listing every sitemap's addresses, in order, as the i18n plugin writes it."""
    head, _, _ = sitemaps[0].rpartition(_URLSET_END)
    parts = [head]
    for other in sitemaps[1:]:
        start = other.index(b">", other.index(b"<urlset")) + 1
        body, _, _ = other[start:].rpartition(_URLSET_END)
        parts.append(body)
    return b"".join(parts) + _URLSET_END + b"\n" * sitemaps[0].endswith(b"\n")


def gzip_like(original: bytes, content: bytes) -> bytes:
    """Return content gzipped with MkDocs' settings and the original's time stamp."""
    mtime = int.from_bytes(original[4:8], "little")
    with tempfile.SpooledTemporaryFile() as buffer:
        with gzip.GzipFile(fileobj=buffer, filename=SITEMAP_GZ, mode="wb", mtime=mtime) as gz:
            gz.write(content)
        buffer.seek(0)
        return buffer.read()


def merge(trees: dict[str, Path], default: str, target: Path) -> None:
    """Merge each language's built tree into target, which must not exist; raise ValueError on a mismatch."""
    base = trees[default]
    for language, tree in trees.items():
        if language == default:
            continue
        for relative in _shared_files(tree, language):
            if relative in PER_LANGUAGE:
                continue
            if not (base / relative).is_file() or (base / relative).read_bytes() != (tree / relative).read_bytes():
                raise ValueError(f"{relative}: the {language} build wrote another file than the {default} build")
    order = [default, *(language for language in trees if language != default)]
    indexes = [trees[language] / SEARCH_INDEX for language in order]
    if all(index.is_file() for index in indexes):
        (base / SEARCH_INDEX).write_bytes(merge_search_indexes([index.read_bytes() for index in indexes]))
    sitemaps = [trees[language] / SITEMAP for language in order]
    if all(sitemap.is_file() for sitemap in sitemaps):
        content = merge_sitemaps([sitemap.read_bytes() for sitemap in sitemaps])
        (base / SITEMAP).write_bytes(content)
        if (base / SITEMAP_GZ).is_file():
            (base / SITEMAP_GZ).write_bytes(gzip_like((base / SITEMAP_GZ).read_bytes(), content))
    for language in order[1:]:
        folder = trees[language] / language
        if folder.is_dir():
            if (base / language).exists():
                raise ValueError(f"{language}/: the {default} build wrote into the {language} folder")
            folder.rename(base / language)
    base.rename(target)


def _replace(built: Path, site: Path) -> None:
    """Put the built tree at site, removing what was there (MkDocs, too, empties site_dir)."""
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}-old-", dir=site.parent))
        site.rename(old / site.name)
    built.rename(site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _wait(builds: Sequence[LanguageBuild]) -> None:
    """Wait for every language's MkDocs, pass its messages on; raise WriteError if one failed."""
    failed: list[Problem] = []
    for each in builds:
        output, _ = each.process.communicate()
        text = output.decode("utf-8", "replace").strip()
        if text:
            log.info("%s", "\n".join(f"[{each.language}] {line}" for line in text.splitlines()))
        if each.process.returncode != 0:
            found = Message(N_("exit code {code} (its messages are above)"), {"code": each.process.returncode})
            failed.append(Problem("mkdocs build", each.language, Message(N_("a successful build")), found))
        else:
            log.debug("%s built in %.2f s", each.language, time.perf_counter() - each.started)
    if failed:
        raise WriteError(failed)


def build_site(
    project: Project,
    site: Path,
    *,
    config_file: Path | None = None,
    languages: Sequence[str] = LANGUAGES,
    strict: bool = True,
) -> BuildReport:
    """Generate docs/, build each language's pages in its own MkDocs process, and merge them into site.

    Raise GeneratorError for bad data (nothing is built), WriteError when an MkDocs build fails
    (its messages are logged) or the builds do not fit together; site is then left as it was.
    """
    config_file = config_file or project.root / "mkdocs.yml"
    site = site if site.is_absolute() else project.root / site
    site.parent.mkdir(parents=True, exist_ok=True)
    with (
        BuildLock(project.docs_dir),
        tempfile.TemporaryDirectory(prefix=f".{site.name}-build-", dir=site.parent) as folder,
    ):
        work = Path(folder)
        # MkDocs starts (imports, configuration) while the generator runs; it waits for a line on
        # its standard input before it reads docs/.
        builds = [_start(project, language, work / language, config_file, strict) for language in languages]
        try:
            # Imported only now: the generator's modules (0.3 s) load while MkDocs starts.
            from generator.build.builder import build

            report = build(project, locked=True)
        except BaseException:
            for each in builds:
                each.process.communicate(b"")  # end of input without the line: MkDocs stops
            raise
        for each in builds:
            assert each.process.stdin is not None
            try:
                each.process.stdin.write(GO)
                each.process.stdin.flush()  # communicate() closes it
            except BrokenPipeError:
                pass  # this MkDocs stopped before reading (a bad configuration): _wait reports it
        log.debug("docs/ ready after %.2f s", time.perf_counter() - builds[0].started)
        _wait(builds)
        merging = time.perf_counter()
        try:
            merge({each.language: each.site for each in builds}, languages[0], work / "merged")
        except ValueError as error:
            problem = Problem(site.name, "", Message(N_("the same files from every language's build")), str(error))
            raise WriteError([problem]) from None
        _replace(work / "merged", site)
        log.debug("merged in %.2f s", time.perf_counter() - merging)
    return report
