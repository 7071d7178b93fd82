"""Build the site with MkDocs one language per process, both at once, and merge the two trees.

The i18n plugin builds the languages one after the other in one process, so one of this
machine's two processors sat idle. `python -m generator site` (`make site`) instead:

1. takes the project's build lock and starts one `mkdocs build`, with `PRESS_FORK` naming each
   language's temporary site folder and the pipe its messages go to, and `PRESS_GENERATED=stdin`
   telling the hook that the caller generates docs/ and holds the lock (the hook then neither
   generates nor locks, and waits for a line on its standard input before reading docs/);
2. generates docs/ (or finds it up to date), once, while MkDocs imports, reads its configuration,
   lists the theme's folders and compiles its templates, then lets MkDocs go on;
3. MkDocs (the hook's on_config, fork_languages) then forks one process per language, which
   builds that language alone (`PRESS_LANGUAGE`) into its folder: what the two share was done
   once, before the fork. Where processes cannot fork, one `mkdocs build` per language is started
   instead, each with `PRESS_LANGUAGE`;
4. merges the trees into the site folder: everything from the default language's build, the
   other languages' folders (`en/`) from theirs, one search index holding every language's
   entries in the order the i18n plugin writes them, and one sitemap listing every language.

Every file is byte for byte what one `mkdocs build` writes, search index, sitemap, language menu
and 404 pages included (tests/test_parallel.py compares the trees; `make bench` at 100 and 1,000
releases). The theme's assets are written by one language's process (SHARED_VARIABLE), docs/'
files outside the languages' folders by the default language's (the i18n plugin's rule); a file
outside the languages' folders that two builds wrote must be the same in both, apart from
PER_LANGUAGE, which each build writes for its own language.
"""

from __future__ import annotations

import gc
import gzip
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

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
FORK_VARIABLE = "PRESS_FORK"
"""Set by the caller on the one MkDocs process it starts where processes can fork: a JSON object
giving each language its site folder and the file descriptor its messages go to."""
SHARED_VARIABLE = "PRESS_SHARED_FILES"
"""Names the language whose MkDocs process writes the files outside the languages' folders (the
theme's assets, docs/assets/): the other languages' processes leave them out, the merge takes them
from that one."""
FORK = "mkdocs"
"""The name of the one MkDocs process that forks into the languages (its messages are passed on under it)."""
EXIT_CODES = "press-site: exit codes "
"""Starts the line on which the forking MkDocs process reports each language's exit code."""

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
NOT_FOUND = "404.html"
PER_LANGUAGE = frozenset({SEARCH_INDEX, SITEMAP, SITEMAP_GZ, NOT_FOUND})
"""Files at the root of every language's build that hold that language only: merged, or the default's kept."""


def language_only() -> str | None:
    """Return the language this MkDocs process builds alone (PRESS_LANGUAGE), or None for all."""
    return os.environ.get(LANGUAGE_VARIABLE, "").strip() or None


def generated_by_caller() -> bool:
    """Return whether the caller generates docs/ and holds the build lock (PRESS_GENERATED set)."""
    return os.environ.get(GENERATED_VARIABLE, "").strip() not in ("", "0")


def writes_shared_files() -> bool:
    """Return whether this MkDocs process writes the files outside the languages' folders (SHARED_VARIABLE)."""
    only, shared = language_only(), os.environ.get(SHARED_VARIABLE, "").strip()
    return only is None or shared in ("", only)


def wait_for_caller() -> bool:
    """Wait until the caller has generated docs/ (PRESS_GENERATED=stdin); return False if it failed."""
    if os.environ.get(GENERATED_VARIABLE, "").strip() != WAIT:
        return True
    return sys.stdin.buffer.readline() == GO


@dataclass(frozen=True)
class ForkPlan:
    """What the caller asks of the MkDocs process that forks: each language's site folder and message pipe."""

    sites: dict[str, str]
    outputs: dict[str, int]
    shared: str
    """A folder for what the processes share after the fork (the theme's compiled templates)."""

    def encoded(self) -> str:
        """Return the plan as PRESS_FORK holds it (read back by fork_plan)."""
        return json.dumps({"sites": self.sites, "outputs": self.outputs, "shared": self.shared})


def fork_plan() -> ForkPlan | None:
    """Return the languages to fork this MkDocs process into (PRESS_FORK), or None to build here."""
    text = os.environ.get(FORK_VARIABLE, "").strip()
    if not text:
        return None
    plan = json.loads(text)
    return ForkPlan(dict(plan["sites"]), dict(plan["outputs"]), str(plan["shared"]))


def _become(language: str, plan: ForkPlan, config: Any) -> None:
    """In a forked process: build language alone, into its folder, its messages into its pipe."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # the caller's line was for the process that forked
    os.close(null)
    os.dup2(plan.outputs[language], 1)
    os.dup2(plan.outputs[language], 2)
    for fd in plan.outputs.values():
        os.close(fd)
    os.environ[LANGUAGE_VARIABLE] = language
    os.environ[GENERATED_VARIABLE] = "1"
    del os.environ[FORK_VARIABLE]
    config.site_dir = plan.sites[language]


def fork_languages(plan: ForkPlan, config: Any, meanwhile: Callable[[], None] = lambda: None) -> str:
    """Fork this MkDocs process into one process per language; return, in each, the language it builds.

    Called by the hook's on_config once docs/ is generated and the configuration read: each
    process goes on with MkDocs' build of its language, and MkDocs' own command line ends it
    (messages, strict mode, exit code). This process runs meanwhile (work the languages'
    processes need later, while they read and convert their pages), waits for them, writes their
    exit codes on its standard output (EXIT_CODES) and ends without building.
    """
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # nothing written before the fork is written twice
    gc.freeze()  # what was made before the fork stays shared: the collector does not touch (copy) it
    children: dict[int, str] = {}
    for language in plan.sites:
        try:
            pid = os.fork()
        except OSError:
            for started in children:  # no language half built: stop the others, report the failure
                os.kill(started, signal.SIGTERM)
                os.waitpid(started, 0)
            raise
        if pid == 0:
            try:
                _become(language, plan, config)
            except BaseException:  # a child must never return into the parent's work
                os._exit(70)
            return language
        children[pid] = language
    for fd in plan.outputs.values():
        os.close(fd)
    try:
        meanwhile()
    except Exception:  # the languages' processes do without it
        log.debug("before the languages needed it, this failed", exc_info=True)
    codes: dict[str, int] = {}
    while children:
        pid, status = os.wait()
        if pid in children:
            codes[children.pop(pid)] = os.waitstatus_to_exitcode(status)
    sys.stdout.write(EXIT_CODES + json.dumps(codes) + "\n")
    sys.stdout.flush()
    os._exit(0)


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


def _move_shared(tree: Path, language: str, base: Path, default: str) -> None:
    """Move what language's build wrote outside its folder (the theme's and docs/' shared files) into base.

    Where base holds the same file already, it must hold the same bytes: raise ValueError otherwise.
    """
    for folder, folders, files in os.walk(tree):
        here = Path(folder)
        relative = here.relative_to(tree)
        if here == tree:
            folders[:] = [name for name in folders if name != language]
        for name in list(folders):
            target = base / relative / name
            if not target.exists():
                (here / name).rename(target)  # a whole folder only this build wrote
                folders.remove(name)
            elif not target.is_dir():
                path = (relative / name).as_posix()
                raise ValueError(f"{path}: the {language} build wrote a folder, the {default} build a file")
        for name in files:
            path = (relative / name).as_posix()
            if path in PER_LANGUAGE:
                continue
            if not (base / path).exists():
                (here / name).rename(base / path)
            elif not (base / path).is_file() or (base / path).read_bytes() != (here / name).read_bytes():
                raise ValueError(f"{path}: the {language} build wrote another file than the {default} build")


def merge(trees: dict[str, Path], default: str, target: Path) -> None:
    """Merge each language's built tree into target, which must not exist; raise ValueError on a mismatch.

    The files outside the languages' folders are written by one build (the parallel build has
    the theme's and docs/' shared files written once, SHARED_VARIABLE); where two builds wrote
    the same file, it must be the same.
    """
    base = trees[default]
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
        _move_shared(trees[language], language, base, default)
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


def _command(config_file: Path, site: Path, strict: bool) -> list[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(site)]
    return command + (["--strict"] if strict else [])


def _read_all(streams: dict[str, IO[bytes]]) -> dict[str, tuple[bytes, float]]:
    """Read every stream to its end, all at once (none may fill its pipe and stop its writer), with its end time."""
    read: dict[str, tuple[bytes, float]] = {}

    def drain(name: str, stream: IO[bytes]) -> None:
        with stream:
            content = stream.read()
        read[name] = (content, time.perf_counter())

    threads = [threading.Thread(target=drain, args=item, daemon=True) for item in streams.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return read


def _passed_on(name: str, lines: Sequence[str]) -> None:
    """Log what an MkDocs process printed, each line after the name of its language."""
    text = "\n".join(lines).strip()
    if text:
        log.info("%s", "\n".join(f"[{name}] {line}" for line in text.splitlines()))


def _lines(output: bytes) -> list[str]:
    return output.decode("utf-8", "replace").splitlines()


def _failed(languages: str, code: int | None) -> Problem:
    found = Message(N_("exit code {code} (its messages are above)"), {"code": code})
    return Problem("mkdocs build", languages, Message(N_("a successful build")), found)


@dataclass
class _Builds:
    """The MkDocs processes of one parallel build: one that forks into the languages, or one per language."""

    languages: Sequence[str]
    processes: dict[str, subprocess.Popen[bytes]]
    """By language; under FORK, the one process that forks."""
    outputs: dict[str, int] = field(default_factory=dict)
    """Under FORK, the pipe each language's messages come through."""
    started: float = field(default_factory=time.perf_counter)

    def go(self) -> None:
        """Tell MkDocs that docs/ is generated."""
        for process in self.processes.values():
            assert process.stdin is not None
            try:
                process.stdin.write(GO)
                process.stdin.close()
            except BrokenPipeError:
                pass  # this MkDocs stopped before reading (a bad configuration): wait() reports it

    def stop(self) -> None:
        """Stop MkDocs before it reads docs/ (the generator failed): end of input without the line."""
        for process in self.processes.values():
            process.communicate(b"")
        for fd in self.outputs.values():
            os.close(fd)

    def wait(self) -> None:
        """Wait for every language's build, pass its messages on; raise WriteError if one failed."""
        streams: dict[str, IO[bytes]] = {name: os.fdopen(fd, "rb") for name, fd in self.outputs.items()}
        for name, process in self.processes.items():
            assert process.stdout is not None
            streams[FORK if self.outputs else name] = process.stdout
        read = _read_all(streams)
        codes: dict[str, int | None] = {}
        for name, process in self.processes.items():
            process.wait()
            codes[name] = process.returncode
        if self.outputs:
            codes = self._forked_codes(read.pop(FORK)[0], codes[FORK])
        failed: list[Problem] = []
        for language in self.languages:
            _passed_on(language, _lines(read[language][0]))
            code = codes.get(language)
            if language in codes and code != 0:
                failed.append(_failed(language, code))
            elif language in codes:
                log.debug("%s built in %.2f s", language, read[language][1] - self.started)
        if FORK in codes:
            failed.append(_failed(", ".join(self.languages), codes[FORK]))
        if failed:
            raise WriteError(failed)

    def _forked_codes(self, output: bytes, code: int | None) -> dict[str, int | None]:
        """Return each language's exit code as the forking process reported it; or its own when it failed before."""
        lines = _lines(output)
        reported = [line for line in lines if line.startswith(EXIT_CODES)]
        _passed_on(FORK, [line for line in lines if not line.startswith(EXIT_CODES)])
        if code != 0 or len(reported) != 1:
            return {FORK: code}
        codes: dict[str, int | None] = json.loads(reported[0][len(EXIT_CODES) :])
        return {language: codes.get(language) for language in self.languages}


def _popen(
    project: Project, command: list[str], env: dict[str, str], pass_fds: Sequence[int] = ()
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        cwd=project.root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        pass_fds=pass_fds,
    )


def _start(
    project: Project, languages: Sequence[str], work: Path, config_file: Path, *, strict: bool, fork: bool
) -> _Builds:
    """Start MkDocs: one process that forks into the languages once docs/ is ready, or one per language."""
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ, GENERATED_VARIABLE: WAIT, SHARED_VARIABLE: languages[-1]}
    if not fork:
        processes = {
            language: _popen(
                project, _command(config_file, work / language, strict), {**env, LANGUAGE_VARIABLE: language}
            )
            for language in languages
        }
        return _Builds(languages, processes)
    pipes = {language: os.pipe() for language in languages}
    (work / "shared").mkdir()
    plan = ForkPlan(
        {language: str(work / language) for language in languages},
        {language: write for language, (_, write) in pipes.items()},
        str(work / "shared"),
    )
    try:
        command = _command(config_file, work / languages[0], strict)
        process = _popen(project, command, {**env, FORK_VARIABLE: plan.encoded()}, list(plan.outputs.values()))
    except BaseException:
        for read, _ in pipes.values():
            os.close(read)
        raise
    finally:
        for _, write in pipes.values():
            os.close(write)
    return _Builds(languages, {FORK: process}, {language: read for language, (read, _) in pipes.items()})


def can_fork() -> bool:
    """Return whether MkDocs can fork into the languages here (POSIX), rather than start once per language."""
    return hasattr(os, "fork")


def build_site(
    project: Project,
    site: Path,
    *,
    config_file: Path | None = None,
    languages: Sequence[str] = LANGUAGES,
    strict: bool = True,
    fork: bool | None = None,
) -> BuildReport:
    """Generate docs/, build each language's pages in its own MkDocs process, and merge them into site.

    fork: MkDocs starts once and forks into the languages (the default where processes can fork),
    or starts once per language. Raise GeneratorError for bad data (nothing is built), WriteError
    when an MkDocs build fails (its messages are logged) or the builds do not fit together; site
    is then left as it was.
    """
    config_file = config_file or project.root / "mkdocs.yml"
    site = site if site.is_absolute() else project.root / site
    site.parent.mkdir(parents=True, exist_ok=True)
    with (
        BuildLock(project.docs_dir),
        tempfile.TemporaryDirectory(prefix=f".{site.name}-build-", dir=site.parent) as folder,
    ):
        work = Path(folder)
        # MkDocs starts (imports, configuration, theme) while the generator runs; it waits for a
        # line on its standard input before it reads docs/.
        builds = _start(project, languages, work, config_file, strict=strict, fork=can_fork() if fork is None else fork)
        try:
            # Imported only now: the generator's modules (0.3 s) load while MkDocs starts.
            from generator.build.builder import build

            report = build(project, locked=True)
        except BaseException:
            builds.stop()
            raise
        builds.go()
        log.debug("docs/ ready after %.2f s", time.perf_counter() - builds.started)
        builds.wait()
        merging = time.perf_counter()
        try:
            merge({language: work / language for language in languages}, languages[0], work / "merged")
        except ValueError as error:
            problem = Problem(site.name, "", Message(N_("the same files from every language's build")), str(error))
            raise WriteError([problem]) from None
        _replace(work / "merged", site)
        log.debug("merged in %.2f s", time.perf_counter() - merging)
    return report
