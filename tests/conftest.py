"""Shared fixtures: copies of the project to build in, and the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from generator.build.project import Project
from generator.data.loader import LoadedRelease, load_releases

ROOT = Path(__file__).resolve().parent.parent
"""The project's own checkout."""

RELEASE_ID = "2026-05-18-tacrolimus"
RELEASE_FILE = ROOT / "data" / "releases" / RELEASE_ID / "release.yaml"


settings.register_profile("ci", derandomize=True, database=None, deadline=None)
"""The same examples on every run, no failures kept from earlier runs, and no time limit per example (on a
loaded machine the first example, which imports statsmodels, took 457 ms against the default 200 ms):
`make test` and `.ci/run` use it (`--hypothesis-profile=ci`). Without it, Hypothesis draws new examples each
run and replays the failures it kept in .hypothesis/."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from the current output")


EXAMPLES_DIR = ROOT / "examples"
"""Releases of other designs that the tests build but the site does not publish."""


def copy_project(target: Path, releases: tuple[str, ...] = (RELEASE_ID,)) -> Path:
    """Copy the parts of the project a build needs into target, with only the named releases of data/.

    Tests about the real release must not depend on whatever else data/ holds.
    """
    root = Project(ROOT).copy_to(target).root
    releases_dir = root / "data" / "releases"
    for folder in releases_dir.iterdir():
        if folder.name not in releases:
            shutil.rmtree(folder)
    return root


def real_release() -> LoadedRelease:
    """Return the real release, loaded and validated from data/ (whatever else data/ holds)."""
    (loaded,) = [item for item in load_releases(ROOT / "data") if item.release.id == RELEASE_ID]
    return loaded


def example_ids() -> list[str]:
    """Return the ids of the example releases."""
    return sorted(path.parent.name for path in EXAMPLES_DIR.glob("*/release.yaml"))


def load_release_data() -> dict[str, Any]:
    """Return the real release's data as plain Python objects."""
    data = yaml.safe_load(RELEASE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


class _PlainDumper(yaml.SafeDumper):
    """Write every value out in full: release files may not hold YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_release(project: Path, release_id: str, data: dict[str, Any]) -> Path:
    """Write a release's data into project/data/releases/<release_id>/release.yaml."""
    path = project / "data" / "releases" / release_id / "release.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def synthetic_release(release_id: str = "2027-01-15-synthetic", date: str = "2027-01-15") -> dict[str, Any]:
    """Return a second, made-up release with other counts, including 0/N and N/N."""
    import datetime as dt

    data = load_release_data()
    data["id"] = release_id
    data["date"] = dt.date.fromisoformat(date)
    data["headline"] = {"ja": "合成データによる試験リリース", "en": "A synthetic test release"}
    counts = {
        ("clinical", "low"): (0, 12),
        ("clinical", "high"): (7, 7),
        ("biochemical", "low"): (3, 12),
        ("biochemical", "high"): (1, 1),
    }
    for cell in data["results"]["cells"]:
        cell["events"], cell["analyzed"] = counts[(cell["endpoint"], cell["arm"])]
        cell.pop("published", None)
    for analysis in data["analysis"]["analyses"]:
        analysis.pop("published", None)
    # The real release's files (its PDF) stay in its own folder.
    data.pop("materials", None)
    data.pop("images", None)
    # The real release's prose quotes its own figures; the synthetic one quotes none.
    for paragraph in [*data["lead"], *data["key_points"], *data["outlook"], data["design"]["summary"]]:
        paragraph.pop("quotes", None)
    # Its prose must not print the real release's results either: `check` attributes them to these counts.
    data["key_points"][3] = {"ja": "合成データの要点です。", "en": "A key point about synthetic data."}
    data["design"]["summary"] = {"ja": "合成データの研究概要です。", "en": "The summary of a synthetic study."}
    return data


TEST_AS_OF = "2027-06-01T00:00:00+00:00"
"""The build time of every test (PRESS_AS_OF) unless a test sets its own.

The synthetic releases are dated in 2027; a release dated after the build without an embargo,
and an update dated after the build, are refused, so the tests build at a fixed time after them
(which also keeps them independent of the day they run).
"""


@pytest.fixture(scope="session", autouse=True)
def build_time() -> Iterator[str]:
    """Set PRESS_AS_OF for the whole session, for this process and the builds it starts."""
    saved = os.environ.get("PRESS_AS_OF")
    os.environ["PRESS_AS_OF"] = TEST_AS_OF
    yield TEST_AS_OF
    if saved is None:
        del os.environ["PRESS_AS_OF"]
    else:
        os.environ["PRESS_AS_OF"] = saved


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a fresh copy of the project to build or break."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def edit_release(project: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Return a function that changes the copy's release data with a callback and writes it back."""

    def edit(change: Callable[[dict[str, Any]], None]) -> Path:
        data = load_release_data()
        change(data)
        return write_release(project, RELEASE_ID, data)

    return edit


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a project copy and return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def parallel_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator site` (what `make site` runs: one MkDocs process per language)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "site", "--project", str(project), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real project once per test session as `make site` does and return its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = parallel_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture
def started_children(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the module of every child process the generator starts (generator.outputs.children.start)."""
    from generator.outputs import children

    modules: list[str] = []
    real = children.start

    def spy(module: str, *args: str, **kwargs: Any) -> Any:
        modules.append(module)
        return real(module, *args, **kwargs)

    monkeypatch.setattr(children, "start", spy)
    return modules
