"""`make system-deps` on simulated machines: fake tools on a temporary PATH record every call; no real apt."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "system_deps.py"
HELD = "E: Unable to correct problems, you have held broken packages."
TOOLS = ("chromium", "pdftoppm", "npm", "node")


@dataclass
class Machine:
    """A PATH holding only the tools given, each recording its calls in calls.log."""

    bin: Path
    calls_log: Path

    def tool(self, name: str, body: str = "") -> None:
        path = self.bin / name
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{self.calls_log}"\n{body}\n', encoding="utf-8")
        path.chmod(0o755)

    def calls(self, name: str | None = None) -> list[str]:
        if not self.calls_log.exists():
            return []
        lines = self.calls_log.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if name is None or line.split(" ", 1)[0] == name]

    def run(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT)],
            env={"PATH": str(self.bin), "LANG": "C.UTF-8"},
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    """A machine with apt-get (which succeeds) and fc-list listing the CJK font, and nothing else yet."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    result = Machine(bin_dir, tmp_path / "calls.log")
    result.tool("apt-get")
    result.tool("fc-list", 'echo "/usr/share/fonts/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK JP:style=Regular"')
    return result


def give(machine: Machine, *tools: str) -> None:
    for name in tools:
        machine.tool(name)


def installed(machine: Machine) -> list[str]:
    """Return the packages passed to `apt-get install`."""
    packages: list[str] = []
    for call in machine.calls("apt-get"):
        words = call.split()
        if "install" in words:
            packages += [word for word in words[words.index("install") + 1 :] if not word.startswith("-")]
    return packages


def test_everything_present_runs_no_apt_command(machine: Machine) -> None:
    give(machine, *TOOLS)
    result = machine.run()
    assert result.returncode == 0, result.stderr
    assert machine.calls("apt-get") == []
    assert "are present" in result.stdout


def test_only_pdftoppm_missing_installs_exactly_poppler_utils(machine: Machine) -> None:
    give(machine, "chromium", "npm", "node")
    result = machine.run()
    assert result.returncode == 0, result.stderr
    assert [call.split()[-1] for call in machine.calls("apt-get") if " update" in call] == ["update"]
    assert installed(machine) == ["poppler-utils"]


def test_a_missing_font_installs_the_noto_cjk_package(machine: Machine) -> None:
    give(machine, *TOOLS)
    machine.tool("fc-list", 'echo "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf: DejaVu Sans:style=Book"')
    assert machine.run().returncode == 0
    assert installed(machine) == ["fonts-noto-cjk"]


def test_node_from_another_source_without_npm_gets_no_npm_from_apt(machine: Machine) -> None:
    give(machine, "chromium", "node")  # pdftoppm and npm missing; node belongs to no Debian package
    machine.tool("dpkg-query", "exit 1")
    result = machine.run()
    assert installed(machine) == ["poppler-utils"]  # never npm, never nodejs
    assert result.returncode != 0
    assert "npm is missing" in result.stderr
    assert "not from Debian" in result.stderr


def test_nodesource_node_without_npm_gets_no_npm_from_apt(machine: Machine) -> None:
    give(machine, "chromium", "pdftoppm", "node")
    machine.tool(
        "dpkg-query",
        'case "$1" in -S) echo "nodejs: $2";; -W) printf "20.20.2-1nodesource1+repack1";; esac',
    )
    result = machine.run()
    assert machine.calls("apt-get") == []
    assert result.returncode != 0
    assert "nodejs 20.20.2-1nodesource1+repack1" in result.stderr


def test_debian_node_without_npm_installs_npm_alone(machine: Machine) -> None:
    give(machine, "chromium", "pdftoppm", "node")
    machine.tool("dpkg-query", 'case "$1" in -S) echo "nodejs: $2";; -W) printf "20.19.2+dfsg-1";; esac')
    assert machine.run().returncode == 0
    assert installed(machine) == ["npm"]


def test_no_node_at_all_installs_nodejs_and_npm(machine: Machine) -> None:
    give(machine, "chromium", "pdftoppm")
    assert machine.run().returncode == 0
    assert installed(machine) == ["nodejs", "npm"]


def test_apt_failing_shows_its_error_and_the_command_to_run_by_hand(machine: Machine) -> None:
    give(machine, "npm", "node")
    machine.tool("apt-get", f'case "$*" in *install*) echo "{HELD}" >&2; exit 100;; esac')
    result = machine.run()
    assert result.returncode == 100
    assert HELD in result.stderr
    assert installed(machine) == ["chromium", "poppler-utils"]
    assert (
        "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium poppler-utils"
        in result.stderr
    )
