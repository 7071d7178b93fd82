"""Fingerprint the generator's inputs, to skip work when nothing changed."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.build.project import Project
from generator.data.i18n import LOCALES_DIR


def input_files(project: Project) -> list[Path]:
    """Return every file and folder the generated pages depend on, sorted.

    Folders count too: an empty release folder is an error, so adding one must change the digest.
    """
    roots = (project.data_dir, project.templates_dir, LOCALES_DIR, Path(__file__).resolve().parents[1])
    return sorted(
        path
        for root in roots
        if root.is_dir()
        for path in root.rglob("*")
        if "__pycache__" not in path.parts and not path.name.startswith(".tmp-")
    )


def _describe(path: Path) -> bytes:
    """Return what a path contributes to the digest, without following a symbolic link or reading a special file."""
    try:
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode):
            return b"link:" + os.fsencode(path.readlink())
        if stat.S_ISDIR(status.st_mode):
            return b"folder"
        if not stat.S_ISREG(status.st_mode):
            return f"special:{stat.S_IFMT(status.st_mode)}".encode()
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as error:
        return f"unreadable:{error.errno}".encode()


def fingerprint(project: Project) -> str:
    """Return a digest of the inputs' names, kinds, sizes and modification times."""
    digest = hashlib.sha256()
    for path in input_files(project):
        try:
            status = path.lstat()
        except OSError as error:
            digest.update(f"{path}\0{error.errno}\n".encode())
            continue
        digest.update(f"{path}\0{status.st_mode}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def content_digest(project: Project, extra: str = "") -> str:
    """Return a digest of the inputs' names and contents, and of extra (such as library versions)."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for path in input_files(project):
        digest.update(f"{path.relative_to(path.anchor)}\0".encode())
        digest.update(hashlib.sha256(_describe(path)).digest())
    return digest.hexdigest()


def folders_digest(*roots: Path, extra: str = "") -> str:
    """Return a digest of the names and contents of everything under roots, and of extra."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(hashlib.sha256(_describe(path)).digest())
    return digest.hexdigest()
