"""Under `mkdocs serve`, a changed count shows after one rebuild and the server settles."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RELEASE_ID

pytestmark = pytest.mark.slow

EditRelease = Callable[[Callable[[dict[str, Any]], None]], Path]
BUILD_STARTED = "Building documentation..."
BUILD_SERVED = "Reloading browsers"
"""A rebuild's end. Not "Documentation built in": MkDocs drops that line when the same text was
logged before, and mkdocs-static-i18n's hidden line for the inner language's build counts, so a
rebuild taking as long as an earlier inner build (0.12 s) printed none."""
SERVING = "Serving on"
"""The first build's end: the server starts once it is done."""


def page_body(html: str) -> str:
    """Return a served page without the live-reload script, whose ids change on every build."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)


def problem_banner(html: str) -> str | None:
    """Return the problems banner of a served page, or None."""
    match = re.search(r'<div class="press-problems".*?</div>', html, flags=re.DOTALL)
    return match[0] if match else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A `mkdocs serve` process on 127.0.0.1 with its log."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.log_path = project / "serve.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--dirty",  # as `make serve`: only the pages an edit changed are rendered again
                "--dev-addr",
                f"127.0.0.1:{self.port}",
                "-f",
                str(project / "mkdocs.yml"),
            ],
            cwd=project,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def builds(self) -> int:
        """Return how many builds have started."""
        return self.text().count(BUILD_STARTED)

    def building(self) -> bool:
        """Return whether a build has started and not ended."""
        text = self.text()
        return SERVING not in text or text.count(BUILD_STARTED) > 1 + text.count(BUILD_SERVED)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve exited:\n{self.text()}")
            try:
                if condition():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"timed out; log:\n{self.text()}")

    def settled(self, quiet: float = 6) -> int:
        """Wait until no build has started for `quiet` seconds; return the number of builds."""
        count, since = self.builds(), time.monotonic()
        deadline = since + 90
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.builds()
            if now != count or self.building():
                count, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return count
        raise AssertionError(f"the server kept rebuilding; log:\n{self.text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    yield running
    running.stop()


def test_a_changed_count_shows_after_one_rebuild_and_the_server_settles(
    server: Server, edit_release: EditRelease, project: Path
) -> None:
    server.wait_for(lambda: "55.6%（5/9）" in server.get(f"/{RELEASE_ID}/results/"))
    initial = server.settled()
    assert initial == 1

    def change(data: dict[str, Any]) -> None:
        cell = data["results"]["cells"][3]  # biochemical pregnancy, high dose: quoted in no paragraph
        cell["events"] = 6
        cell["published"] = {"rate": "66.7", "ci": "29.9-92.5"}

    edit_release(change)
    server.wait_for(
        lambda: (
            "66.7%（6/9）" in server.get(f"/{RELEASE_ID}/results/")
            and "66.7% (6/9)" in server.get(f"/en/{RELEASE_ID}/results/")
        )
    )
    after = server.settled()
    # One rebuild for the data change: the pages it writes under docs/ are not watched, so
    # they do not make MkDocs build the site a second time.
    assert after - initial == 1, server.text()
    docs = {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*.md")}
    time.sleep(3)
    assert server.builds() == after
    assert {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*.md")} == docs


def test_a_broken_edit_keeps_the_last_good_pages_and_a_fix_rebuilds(
    server: Server, edit_release: EditRelease, project: Path
) -> None:
    server.wait_for(lambda: "55.6%（5/9）" in server.get(f"/{RELEASE_ID}/results/"))
    server.settled()
    good = page_body(server.get(f"/en/{RELEASE_ID}/results/"))

    edit_release(lambda data: data["results"]["cells"][3].update(events=50))
    server.wait_for(
        lambda: "results.cells[3].events: expected at most the analyzed count (9), found 50" in server.text()
    )
    server.settled()
    assert "The preview keeps showing the last good pages until this is fixed." in server.text()
    assert "Traceback" not in server.text()
    # The last good page, with the problems above its content (tests/browser/test_problems_banner.py).
    served = page_body(server.get(f"/en/{RELEASE_ID}/results/"))
    assert problem_banner(served) is not None
    assert "expected at most the analyzed count (9), found 50" in str(problem_banner(served))
    assert re.sub(r'<div class="press-problems".*?</div>', "", served, flags=re.DOTALL) == good

    def fix(data: dict[str, Any]) -> None:
        cell = data["results"]["cells"][3]
        cell["events"] = 6
        cell["published"] = {"rate": "66.7", "ci": "29.9-92.5"}

    edit_release(fix)
    server.wait_for(lambda: "66.7% (6/9)" in server.get(f"/en/{RELEASE_ID}/results/"))
    assert server.process.poll() is None


def test_broken_data_on_a_fresh_clone_serves_the_problems_and_recovers(
    edit_release: EditRelease, project: Path
) -> None:
    edit_release(lambda data: data["results"]["cells"][3].update(events=50))
    problem = "results.cells[3].events: expected at most the analyzed count (9), found 50"
    running = Server(project)
    try:
        running.wait_for(lambda: problem in running.get("/en/"))
        assert "The site cannot be built" in running.get("/en/")
        assert "サイトを生成できません" in running.get("/")
        assert "results.cells[3].events" in running.get("/")
        assert "データに1件の問題があります" in str(problem_banner(running.get("/")))
        running.settled()
        assert "Traceback" not in running.text()

        def fix(data: dict[str, Any]) -> None:
            cell = data["results"]["cells"][3]
            cell["events"] = 6
            cell["published"] = {"rate": "66.7", "ci": "29.9-92.5"}

        edit_release(fix)
        running.wait_for(
            lambda: (
                "66.7% (6/9)" in running.get(f"/en/{RELEASE_ID}/results/")
                and "66.7%（6/9）" in running.get(f"/{RELEASE_ID}/results/")
            )
        )
        assert "The site cannot be built" not in running.get("/en/")
        assert problem_banner(running.get("/en/")) is None
        assert running.process.poll() is None
    finally:
        running.stop()


def test_the_preview_hears_of_a_saved_file_at_once_and_only_of_the_watched_ones(project: Path) -> None:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    from generator.build import preview

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(project / "site"))
    server.watch(str(project / "mkdocs.yml"))
    server.watch(str(project / "templates"))
    assert preview.watch_events(server, later=[str(project / "data")])
    assert not isinstance(server.observer, PollingObserver)
    server.observer.start()  # as MkDocs' serve() does: started already, so nothing happens

    def rebuild_wanted(change: Callable[[], object]) -> bool:
        time.sleep(0.3)  # the events of the change before (a write is modified, then closed)
        server._want_rebuild = False
        change()
        deadline = time.monotonic() + 2  # the polling observer needed up to 0.5 s
        while time.monotonic() < deadline and not server._want_rebuild:
            time.sleep(0.02)
        return bool(server._want_rebuild)

    try:
        # The project's folder holds mkdocs.yml, which is watched, and the server's log, which is not.
        assert not rebuild_wanted(lambda: (project / "serve.log").write_text("a build's messages\n"))
        assert rebuild_wanted(lambda: (project / "mkdocs.yml").touch())
        release = next((project / "data" / "releases").iterdir()) / "release.yaml"
        assert rebuild_wanted(lambda: release.write_bytes(release.read_bytes()))
        # Reading is no change: the generator reads every data file at each build.
        assert not rebuild_wanted(lambda: release.read_bytes())
        assert rebuild_wanted(lambda: (project / "templates" / "new.md.j2").write_text("x"))
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_without_file_events_the_preview_polls_as_mkdocs_does(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers import Observer

    from generator.build import preview

    def no_events(self: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "start", no_events)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(project / "site"))
    polling = server.observer
    server.watch(str(project / "templates"))
    try:
        assert not preview.watch_events(server, later=[str(project / "data")])
        assert server.observer is polling
        assert set(server._watched_paths) == {str(project / "templates"), str(project / "data")}
    finally:
        server.server_close()
