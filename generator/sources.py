"""Fingerprint the generator's inputs, to skip work when nothing changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.i18n import LOCALES_DIR
from generator.project import Project


def input_files(project: Project) -> list[Path]:
    """Return every file the generated pages depend on, sorted."""
    roots = (project.data_dir, project.templates_dir, LOCALES_DIR, Path(__file__).resolve().parent)
    return sorted(
        path
        for root in roots
        if root.is_dir()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def fingerprint(project: Project) -> str:
    """Return a digest of the inputs' names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in input_files(project):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def content_digest(project: Project, extra: str = "") -> str:
    """Return a digest of the inputs' names and contents, and of extra (such as library versions)."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for path in input_files(project):
        digest.update(f"{path.relative_to(path.anchor)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
