"""No broken internal link or anchor in either language, checked by LinkChecker over the served site.

LinkChecker (PyPI `linkchecker`, pinned in requirements-dev.txt) crawls the site from every page
on 127.0.0.1, follows internal links, checks each #anchor against the target page's ids (its
AnchorCheck plugin) and only checks the syntax of links that leave the site, so nothing goes
over the network. The local server answers with a `LinkChecker` header, which lifts LinkChecker's
per-host throttling.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import SitePage

pytestmark = pytest.mark.slow

CONFIG = """\
[checking]
threads=4
maxrequestspersecond=100
[filtering]
checkextern=0
[AnchorCheck]
[output]
verbose=1
status=0
"""


def linkchecker() -> str:
    """Return the linkchecker command installed next to this Python, or on PATH."""
    here = Path(sys.executable).with_name("linkchecker")
    found = str(here) if here.is_file() else shutil.which("linkchecker")
    if found is None:
        pytest.fail("linkchecker is missing: `pip install -r requirements-dev.txt` (linkchecker==10.6.0)")
    return found


def test_no_broken_internal_link_or_anchor(
    base_url: str, site_pages: list[SitePage], not_found_pages: list[SitePage], tmp_path: Path
) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    starts = [base_url + page.url for page in [*site_pages, *not_found_pages]]
    result = subprocess.run(
        [linkchecker(), "--config", str(config), "--output", "csv", "--recursion-level", "-1", *starts],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: problems found, reported below
    # LinkChecker's comment lines start with "# "; the row of a link to "#anchor" starts with "#".
    table = "\n".join(line for line in result.stdout.splitlines() if line and not line.startswith("# "))
    rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    internal = [row for row in rows if row["url"].startswith(base_url)]
    assert len(internal) > len(starts), f"LinkChecker checked too little:\n{result.stdout}\n{result.stderr}"
    broken = [
        f"{row['parentname'] or '(start)'}: {row['urlname']} -> {row['result']} {row['warningstring']}".strip()
        for row in rows
        if row["valid"] != "True" or "Anchor" in row["warningstring"]
    ]
    assert not broken, "\n".join(broken)
