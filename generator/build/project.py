"""Where a project keeps its data, templates and MkDocs sources."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from generator.errors import N_, DataError, Message, Problem

PROJECT_ITEMS = ("data", "templates", "hooks", "overrides", "mkdocs.yml", "docs/assets")
"""What a project consists of, besides the generator itself: enough to build its site."""


SITE_URL_VARIABLE = "SITE_URL"

_UNSAFE = re.compile(r"[\s\"'`<>\\{}|^\x00-\x1f\x7f-\x9f]")
"""Characters a site address never holds: they would end an attribute, a line of robots.txt or a tag."""


def site_address(value: str | None) -> str | None:
    """Return the site's address (SITE_URL, --site-url, MkDocs' site_url) ending with "/", or None when unset.

    It goes into canonical links, feeds, the sitemap, robots.txt and the 404 pages, so it must be an
    absolute http(s) address: a host, no credentials, no whitespace, quotes, markup or control
    characters, no query or fragment, no "." or ".." segment. Raise DataError naming SITE_URL otherwise.
    """
    if value is None or value == "":
        return None
    reason = _unsafe_reason(value)
    if reason is not None:
        expected = Message(
            N_(
                "an absolute http(s) address with a host, such as https://press.example.org/ "
                "(no credentials, spaces, quotes, control characters, query or dot segments)"
            )
        )
        found = Message(N_("{value} ({reason})"), {"value": repr(value), "reason": reason})
        raise DataError([Problem(SITE_URL_VARIABLE, "", expected, found)])
    parts = urlsplit(value)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def _unsafe_reason(value: str) -> Message | None:
    """Return why value is not a safe site address, or None."""
    if _UNSAFE.search(value):
        return Message(N_("a space, a quote, a control character or markup"))
    if not value.isascii():
        return Message(N_("a character outside ASCII: write the host in punycode and percent-encode the path"))
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return Message(N_("not an address"))
    if parts.scheme.lower() not in ("http", "https"):
        return Message(N_("not an http or https address"))
    if parts.username is not None or parts.password is not None:
        return Message(N_("credentials in the address"))
    if not parts.hostname:
        return Message(N_("no host"))
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return Message(N_("a query or a fragment"))
    if any(unquote(segment) in (".", "..") for segment in parts.path.split("/")):
        return Message(N_("a . or .. segment"))
    return None


@dataclass(frozen=True)
class Project:
    """The folders of one project, found from its root."""

    root: Path
    data: Path | None = None
    """Another folder of release data than data/ (e.g. examples/), absolute or relative to root."""
    site_url: str | None = None
    """The address the site is published at (MkDocs' site_url, from SITE_URL); None when unknown."""

    @property
    def data_dir(self) -> Path:
        """Return the folder of release data."""
        return self.root / "data" if self.data is None else self.root / self.data

    @classmethod
    def from_environment(cls, root: Path, site_url: str | None = None) -> Project:
        """Return the project at root, reading another data folder from DATA_DIR when it is set."""
        data = os.environ.get("DATA_DIR")
        return cls(root, Path(data) if data else None, site_url)

    @property
    def templates_dir(self) -> Path:
        """Return the folder of page templates."""
        return self.root / "templates"

    @property
    def docs_dir(self) -> Path:
        """Return MkDocs' docs_dir; the generator owns its language folders."""
        return self.root / "docs"

    def copy_to(self, target: Path) -> Project:
        """Copy what a build needs into target (for tests and benchmarks) and return the copy."""
        for item in PROJECT_ITEMS:
            source = self.root / item
            if source.is_dir():
                shutil.copytree(source, target / item, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                (target / item).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / item)
        return Project(target, self.data, self.site_url)
