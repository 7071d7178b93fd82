"""Build the generated pages with Zensical, one configuration per language, and check the result offline.

Run by `make compat-zensical`, which installs the newest Zensical that installs here, pinned in
requirements-zensical.txt, into its own virtual environment (.venv-zensical). Zensical, by the
authors of Material for MkDocs, is its successor (Material's end of life: 5 May 2027); it runs
no MkDocs hooks or plugins, so the generator writes docs/ first and this script gives Zensical
what the hook and the i18n plugin give MkDocs: one configuration per language (docs/ja or
docs/en with docs/assets, that language's site name, wording and navigation, from mkdocs.yml
and the generator's stamp), each built into its own folder, the English one then put under en/.

It checks, offline: that every generated page became an HTML page; that every address in every
page (links, images, figures, scripts, style sheets) leads to a file of the site, and every
#fragment to an element on it; and that every page's `lang` is its language. It prints each
problem and a summary, and exits 1 when there is one (0 otherwise). It is not part of
`make test` while Zensical is before 1.0.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import yaml

from generator.build.builder import recorded_report
from generator.build.project import Project
from generator.data.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
MKDOCS_ONLY_TEMPLATES = ("partials/alternate.html",)
"""Overrides written for MkDocs and the i18n plugin (Python string methods, the plugin's absolute links)."""
KNOWN = (
    (
        re.compile(r"^[a-z]{2}/404\.html: <a href> /\.\./"),
        "Zensical writes each 404 page for a site at a domain's root, with addresses from the root "
        '("/assets/…"); the language menu\'s links of a language in a folder ("../") then become "/../". '
        "The MkDocs site's 404 pages have their own language links (overrides/404.html, the hook).",
    ),
)
"""Differences whose cause is known and outside the generated pages: listed with it, not failures."""
KEPT_SETTINGS = ("use_directory_urls", "markdown_extensions", "extra_css", "extra_javascript")


class _Tagged:
    """A YAML value under a tag this script only passes on (`!!python/object/apply:…`, `!ENV`)."""

    def __init__(self, tag: str, node: yaml.Node, loader: yaml.SafeLoader) -> None:
        self.tag = tag
        self.value: Any
        if isinstance(node, yaml.MappingNode):
            self.value = loader.construct_mapping(node, deep=True)
        elif isinstance(node, yaml.SequenceNode):
            self.value = loader.construct_sequence(node, deep=True)
        else:
            self.value = loader.construct_scalar(node)  # type: ignore[arg-type]


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(suffix, node, loader))
_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node, loader))
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: _Tagged("tag:yaml.org,2002:python/" + suffix, node, loader),
)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(_Tagged, _represent_tagged)


def language_configs(mkdocs_yml: Path, nav: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return one Zensical configuration per language, made from mkdocs.yml and the navigation."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    languages = {language["locale"]: language for language in i18n["languages"]}
    configs = {}
    for lang in LANGUAGES:
        depth = "" if lang == LANGUAGES[0] else "../"
        alternates = [
            {
                "name": languages[other]["name"],
                "link": depth + ("" if other == LANGUAGES[0] else f"{other}/"),
                "lang": other,
            }
            for other in LANGUAGES
        ]
        for alternate in alternates:
            alternate["link"] = alternate["link"] or "./"
        theme = {**config["theme"], "language": lang, "custom_dir": "overrides"}
        configs[lang] = {
            "site_name": languages[lang].get("site_name", config["site_name"]),
            "docs_dir": f"docs-{lang}",
            "site_dir": f"site-{lang}",
            **{key: config[key] for key in KEPT_SETTINGS if key in config},
            "theme": theme,
            "nav": list(nav),
            "extra": {**config.get("extra", {}), **languages[lang].get("extra", {}), "alternate": alternates},
        }
    return configs


# --- Checking the built site ---------------------------------------------------------------------


class _Page(HTMLParser):
    """The addresses a page uses, the ids it holds and its language."""

    ATTRIBUTES: ClassVar[dict[str, str]] = {
        "a": "href",
        "link": "href",
        "img": "src",
        "script": "src",
        "source": "srcset",
        "iframe": "src",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(str(values[name]))
        attribute = self.ATTRIBUTES.get(tag)
        value = values.get(attribute) if attribute else None
        if value is None or (tag == "link" and values.get("rel") in ("canonical",)):
            return
        if attribute == "srcset":
            for candidate in value.split(","):
                if candidate.strip():
                    self.addresses.append((f"<{tag} {attribute}>", candidate.strip().split()[0]))
        else:
            self.addresses.append((f"<{tag} {attribute}>", value))


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the Zensical build."""

    page: str
    what: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}"


def _target(site: Path, page: str, address: str) -> tuple[Path, str] | None:
    """Return the file an address on a page leads to and its fragment; None for other sites and schemes."""
    parts = urllib.parse.urlsplit(address)
    if parts.scheme or parts.netloc:
        return None  # https:, mailto:, tel:, data: and the like: not part of the site
    path = urllib.parse.unquote(parts.path)
    # An address from the root ("/assets/…", as 404 pages have) is checked as on a site at a domain's root.
    base = "" if path.startswith("/") else posixpath.dirname(page)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/"))) if path else page
    if joined == ".":
        joined = ""
    if joined.startswith(".."):
        return site / "..outside", parts.fragment
    target = site / joined
    if not path or path.endswith("/") or target.is_dir():
        target = target / "index.html" if (path.endswith("/") or target.is_dir()) else target
    return target, parts.fragment


def check_site(site: Path, pages: Sequence[str]) -> tuple[list[Problem], int]:
    """Return the problems of a built site (missing pages, broken addresses, wrong lang) and the addresses checked."""
    problems = [Problem(page, "page missing") for page in pages if not (site / page).is_file()]
    html = {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*.html"))}
    parsed = {name: _read(path) for name, path in html.items()}
    checked = 0
    for name, page in parsed.items():
        expected = next((lang for lang in LANGUAGES[1:] if name.startswith(f"{lang}/")), LANGUAGES[0])
        if page.lang != expected:
            problems.append(Problem(name, f'lang="{page.lang}", expected lang="{expected}"'))
        for where, address in page.addresses:
            target = _target(site, name, address)
            if target is None:
                continue
            checked += 1
            path, fragment = target
            if not path.is_file():
                problems.append(Problem(name, f"{where} {address}: no such file"))
                continue
            relative = path.relative_to(site).as_posix() if path.is_relative_to(site) else ""
            if fragment and relative in parsed and urllib.parse.unquote(fragment) not in parsed[relative].ids:
                problems.append(Problem(name, f"{where} {address}: no element with this id"))
    return problems, checked


def expected_pages(docs: Path) -> list[str]:
    """Return the HTML page each generated Markdown page becomes, from the site's root."""
    pages = []
    for lang in LANGUAGES:
        prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
        for source in sorted((docs / lang).rglob("*.md")):
            stem = source.relative_to(docs / lang).as_posix().removesuffix(".md")
            folder = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
            pages.append(f"{prefix}{folder}index.html")
    return pages


# --- Building ------------------------------------------------------------------------------------


def _run(command: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=1800)


def build(project_root: Path, zensical: Path, work: Path) -> tuple[Path, list[str], list[str]]:
    """Generate docs/ and build each language with Zensical; return the site, its expected pages and the logs."""
    project = Project(project_root).copy_to(work / "project")
    generated = _run([sys.executable, "-m", "generator", "build", "--project", str(project.root)], project.root)
    if generated.returncode != 0:
        raise RuntimeError(f"the generator failed:\n{generated.stderr}")
    report = recorded_report(project)
    assert report is not None
    configs = language_configs(project.root / "mkdocs.yml", report.nav)
    builds = work / "zensical"
    overrides = builds / "overrides"
    shutil.copytree(project.root / "overrides", overrides)
    for template in MKDOCS_ONLY_TEMPLATES:
        (overrides / template).unlink(missing_ok=True)
    logs = []
    for lang, config in configs.items():
        docs = builds / config["docs_dir"]
        shutil.copytree(project.docs_dir / lang, docs, ignore=shutil.ignore_patterns(".*"))
        shutil.copytree(project.docs_dir / "assets", docs / "assets")
        path = builds / f"zensical-{lang}.yml"
        path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = _run([str(zensical), "build", "--clean", "-f", str(path)], builds)
        logs.append(f"[{lang}] " + (result.stdout + result.stderr).strip().replace("\n", f"\n[{lang}] "))
        if result.returncode != 0:
            raise RuntimeError(f"`zensical build` failed for {lang}:\n{logs[-1]}")
    site = builds / configs[LANGUAGES[0]]["site_dir"]
    for lang in LANGUAGES[1:]:
        (builds / configs[lang]["site_dir"]).rename(site / lang)
    return site, expected_pages(project.docs_dir), logs


def _version(zensical: Path) -> str:
    result = _run([str(zensical), "--version"], ROOT)
    return result.stdout.strip() or "?"


def main(argv: Sequence[str] | None = None) -> int:
    """Build with Zensical, check, print the outcome and return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="project to build (default: this checkout)")
    parser.add_argument("--zensical", type=Path, default=ZENSICAL, help=f"zensical executable (default: {ZENSICAL})")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not args.zensical.is_file():  # make compat-zensical installs it
        print(f"compat-zensical: {args.zensical} not found: run `make compat-zensical`", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with _workdir(args.keep) as work:
        try:
            site, pages, logs = build(args.project.resolve(), args.zensical.resolve(), work)
        except RuntimeError as error:
            print(f"compat-zensical: {error}", file=sys.stderr)
            return 1
        problems, checked = check_site(site, pages)
    for line in logs:
        print(line)
    version = _version(args.zensical)
    known = [(problem, cause) for problem in problems for pattern, cause in KNOWN if pattern.search(str(problem))]
    unknown = [problem for problem in problems if problem not in {item for item, _ in known}]
    wrong_lang = sum(1 for problem in unknown if problem.what.startswith("lang="))
    for problem in unknown:
        print(f"  {problem}")
    for cause in dict.fromkeys(cause for _, cause in known):
        print(f"  known difference ({sum(1 for _, item in known if item == cause)} address(es)): {cause}")
        for problem, _ in (item for item in known if item[1] == cause):
            print(f"    {problem}")
    outcome = (
        f"compat-zensical: Zensical {version} built {len(pages)} pages, one configuration per language; "
        f"{checked} addresses checked offline: {len(unknown) - wrong_lang} problem(s), {len(known)} known "
        f"difference(s); {wrong_lang} page(s) with the wrong lang ({time.perf_counter() - started:.1f} s)"
    )
    print(outcome)
    return 1 if unknown else 0


class _workdir:
    def __init__(self, keep: Path | None) -> None:
        self.keep = keep
        self.temporary: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Path:
        if self.keep is not None:
            shutil.rmtree(self.keep, ignore_errors=True)
            self.keep.mkdir(parents=True)
            return self.keep.resolve()
        self.temporary = tempfile.TemporaryDirectory(prefix="press-zensical-")
        return Path(self.temporary.name)

    def __exit__(self, *exc: object) -> None:
        if self.temporary is not None:
            self.temporary.cleanup()


if __name__ == "__main__":
    sys.exit(main())
