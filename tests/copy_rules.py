"""Editorial checks of generated copy: American spelling in English, textlint in Japanese.

Used by tests/test_copy.py and by `make lint-copy`, which a press office runs on its own data:

    python -m tests.copy_rules docs      # checks docs/en/**/*.md and docs/ja/**/*.md

codespell's en-GB_to_en-US dictionary catches most British forms; it misses some that medical
copy uses (fertilised, multicentre, programme), so a short word list completes it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"

BRITISH = re.compile(
    r"\b(?:randomis\w*|fertilis\w*|organis\w*|recognis\w*|characteris\w*|standardis\w*|"
    r"hospitalis\w*|immunis\w*|minimis\w*|summaris\w*|analys(?:ed|ing)|\w*centres?|colours?|"
    r"behaviours?|programmes?|licence|haemo\w*|oestrogen\w*|paediatric\w*|enrolment\w*|tumours?|"
    r"oedema|anaemi\w*|foetus\w*|labelled|modelled|travelled)\b",
    re.IGNORECASE,
)
"""British forms codespell's dictionary does not list, and the common ones it does."""

PROPER_NAMES = re.compile(r"Ministry of Health, Labour and Welfare")
"""Official names keep their own spelling."""


def _codespell() -> str:
    codespell = shutil.which("codespell", path=str(Path(sys.executable).parent)) or shutil.which("codespell")
    if codespell is None:
        raise RuntimeError("codespell is missing: install requirements-dev.txt")
    return codespell


def british_words(text: str) -> list[str]:
    """Return the British spellings in text, outside official names."""
    found = BRITISH.findall(PROPER_NAMES.sub("", text))
    flagged = {word.lower() for word in found}
    for line in check_english_text(text):
        word = line.strip().split(" ==> ")[0]
        if word.lower() not in flagged:
            found.append(word)
    return found


def check_english_text(text: str) -> list[str]:
    """Return codespell's en-GB_to_en-US findings in text, as "word ==> American"."""
    result = subprocess.run(
        [_codespell(), "--builtin", "en-GB_to_en-US", "--ignore-regex", PROPER_NAMES.pattern, "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return [line.strip() for line in result.stdout.splitlines() if line.startswith("\t") and " ==> " in line]


def check_english(files: list[Path]) -> list[str]:
    """Return one line per British spelling in the files: path:line: word."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for word in BRITISH.findall(PROPER_NAMES.sub("", line)):
                seen.add((f"{path}:{number}", word.lower()))
                problems.append(f"{path}:{number}: British spelling {word!r}; the English site uses American spelling")
    if files:
        result = subprocess.run(
            [_codespell(), "--builtin", "en-GB_to_en-US", "--ignore-regex", PROPER_NAMES.pattern, *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        for line in result.stdout.splitlines():
            if " ==> " in line:
                where, _, change = line.rpartition(": ")
                if (where, change.split(" ==> ")[0].lower()) in seen:
                    continue
                problems.append(f"{where}: British spelling, {change}; the English site uses American spelling")
    return sorted(set(problems))


def check_japanese(paths: list[Path]) -> tuple[int, str]:
    """Run textlint with the repository's .textlintrc.json on paths; return its exit code and report."""
    if not TEXTLINT.is_file():
        raise RuntimeError("textlint is missing: run `npm ci` at the repository root")
    result = subprocess.run(
        [str(TEXTLINT), "--config", str(ROOT / ".textlintrc.json"), "--format", "unix", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


def main(argv: list[str]) -> int:
    """Check docs/en and docs/ja under the folder given; print what an editor must fix."""
    docs = Path(argv[0] if argv else "docs")
    english = check_english(sorted((docs / "en").rglob("*.md")))
    for line in english:
        print(line)
    code, report = check_japanese(sorted((docs / "ja").rglob("*.md")))
    if code:
        print(report)
    if english or code:
        print("copy check failed: fix the data (or the templates and catalogs) as shown above")
        return 1
    print("copy check passed: American spelling in English, textlint clean in Japanese")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
