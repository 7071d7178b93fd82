"""Install the Debian packages the browser tests need, and only those whose tool is missing.

Run by `make system-deps` (and so by `make test`) with the system's python3; standard library only.

Each tool maps to one Debian package, installed only when the tool cannot be found:

- `chromium` (the browser Playwright drives) → chromium
- a "Noto Sans CJK" font in `fc-list` (Japanese glyphs in screenshots) → fonts-noto-cjk
- `pdftoppm` (the print tests turn PDFs into images) → poppler-utils
- `npm` (installs axe-core from package-lock.json):
  - neither `npm` nor `node`/`nodejs` → nodejs npm;
  - Debian's own `nodejs` without `npm` → npm;
  - a `node` from another source (NodeSource, nvm, a tarball) without `npm` → nothing from apt:
    Debian's npm depends on Debian's nodejs and conflicts with the other one (the cause of
    "you have held broken packages"). The script says so and asks for npm from node's own source.

When nothing is missing it runs no apt command at all. apt's output is never hidden: on a
failure the user sees apt's own error, then the exact command to run by hand, and the exit
code is non-zero.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CJK_FONT = "Noto Sans CJK"
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}
APT_OPTIONS = ["-q", "-o", "DPkg::Lock::Timeout=300"]  # wait for another apt run rather than fail at once
"""apt-get waits for a lock held by another apt run (up to five minutes) instead of failing at once."""


@dataclass
class Plan:
    """What to install, and the problems apt must not be asked to solve."""

    packages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def has_cjk_font() -> bool:
    """Return whether fontconfig lists a Noto Sans CJK font."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list"], capture_output=True, text=True, check=False)
    return CJK_FONT.lower() in listing.stdout.lower()


def debian_owner(path: str) -> str | None:
    """Return the Debian package that installed a file and its version, or None if none did."""
    if shutil.which("dpkg-query") is None:
        return None
    resolved = str(Path(path).resolve())
    for candidate in dict.fromkeys([resolved, path]):
        found = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False)
        if found.returncode == 0 and ":" in found.stdout:
            package = found.stdout.split(":", 1)[0].strip()
            version = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=False
            ).stdout.strip()
            return f"{package} {version}".strip()
    return None


def node_plan(plan: Plan) -> None:
    """Add what npm needs: from apt only when node is absent or is Debian's own."""
    if shutil.which("npm") is not None:
        return
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        plan.packages += ["nodejs", "npm"]
        return
    owner = debian_owner(node)
    if owner is not None and owner.startswith("nodejs ") and "nodesource" not in owner:
        plan.packages.append("npm")  # Debian's node: Debian's npm goes with it
        return
    source = f"the package {owner}" if owner else "no Debian package"
    plan.problems.append(
        f"npm is missing, and node ({node}) comes from {source}, not from Debian. Debian's npm would "
        "replace or conflict with that node, so it is not installed. Install npm from the same source as "
        "node: NodeSource's `nodejs` package includes npm (reinstall it: `apt-get install --reinstall "
        "nodejs`); with nvm, `nvm install-latest-npm`; or remove that node and run `make system-deps` "
        "again to get Debian's nodejs and npm."
    )


def plan() -> Plan:
    """Return the packages whose tool is missing on this machine."""
    result = Plan()
    if shutil.which("chromium") is None:
        result.packages.append("chromium")
    if not has_cjk_font():
        result.packages.append("fonts-noto-cjk")
    if shutil.which("pdftoppm") is None:
        result.packages.append("poppler-utils")
    node_plan(result)
    return result


def by_hand(packages: Sequence[str]) -> str:
    """Return the command a person runs to install the packages themselves."""
    return "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y " + " ".join(
        shlex.quote(name) for name in packages
    )


def apt(arguments: Sequence[str]) -> int:
    """Run apt-get with its output on the terminal and return its exit code."""
    command = ["apt-get", *APT_OPTIONS, *arguments]
    print("system-deps: running " + shlex.join(command), flush=True)
    return subprocess.run(command, env={**os.environ, **APT_ENV}, check=False).returncode


def install(packages: Sequence[str]) -> int:
    """Install the packages with apt-get; on failure explain and return non-zero.

    Without root, apt-get itself says so ("are you root?"), and the command to run by hand follows.
    """
    for step in (["update"], ["install", "-y", *packages]):
        code = apt(step)
        if code != 0:
            print(
                f"system-deps: `apt-get {step[0]}` failed with exit code {code} (apt's error is above).\n"
                f"Fix the cause, then run by hand:\n    {by_hand(packages)}",
                file=sys.stderr,
            )
            return code
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Install what is missing and return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the packages that would be installed")
    args = parser.parse_args(argv)
    wanted = plan()
    if args.dry_run:
        print(" ".join(wanted.packages) or "nothing to install")
        for problem in wanted.problems:
            print(f"system-deps: {problem}", file=sys.stderr)
        return 1 if wanted.problems else 0
    code = 0
    if wanted.packages:
        print(f"system-deps: missing, to install with apt-get: {' '.join(wanted.packages)}", flush=True)
        code = install(wanted.packages)
    for problem in wanted.problems:
        print(f"system-deps: {problem}", file=sys.stderr)
    if code == 0 and wanted.problems:
        code = 1
    if code == 0 and not wanted.packages:
        print("system-deps: chromium, the Noto CJK font, pdftoppm and npm are present")
    return code


if __name__ == "__main__":
    sys.exit(main())
