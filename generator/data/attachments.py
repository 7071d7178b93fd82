"""Check and read the files a release publishes (original PDF, images) from its own folder."""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PillowImage

from generator.data.loader import LoadedRelease
from generator.data.positions import field_path, line_of
from generator.data.press import MAX_FILE_BYTES
from generator.errors import N_, DataError, Message, Problem

log = logging.getLogger(__name__)

_SIGNATURES: dict[str, tuple[str, ...]] = {"pdf": ("pdf",), "png": ("png",), "jpeg": ("jpeg",), "webp": ("webp",)}
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
MEDIA_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def sniff(data: bytes) -> str | None:
    """Return the type of a file from its first bytes: pdf, png, jpeg, webp, svg, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        return "svg"
    return None


@dataclass(frozen=True)
class Attachment:
    """A checked file of a release."""

    name: str
    """File name inside the release's folder."""
    data: bytes
    width: int | None = None
    height: int | None = None


def _image_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Return an image's size if Pillow reads it as the declared format and decodes all of it, else None.

    verify() checks the chunks' structure (and PNG's checksums) but decodes nothing: an image whose
    pixel data is cut short passes it. load() decodes every pixel, as a browser would.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(io.BytesIO(data)) as image:
                if image.format != _PILLOW_FORMATS[kind]:
                    return None
                size = image.size
                image.verify()
            with PillowImage.open(io.BytesIO(data)) as image:
                image.load()
    except (OSError, SyntaxError, ValueError, PillowImage.DecompressionBombWarning, PillowImage.DecompressionBombError):
        return None
    return size


def read_attachments(loaded: LoadedRelease, root: Path) -> dict[str, Attachment]:
    """Check every file the release names and return them by name; raise DataError listing every problem.

    A file must be inside the release's folder (no symbolic link out of it), exist, be of the
    declared type by content, and be at most MAX_FILE_BYTES long. SVG is refused: it can carry scripts.
    """
    release = loaded.release
    folder = (root / loaded.file).parent
    real_folder = folder.resolve()
    problems: list[Problem] = []
    found: dict[str, Attachment] = {}
    entries: list[tuple[str, int, str, str]]
    entries = [("materials", index, item.file, item.type) for index, item in enumerate(release.materials)]
    entries += [("images", index, item.file, item.type) for index, item in enumerate(release.images)]
    entries += [("logo", -1, release.logo.file, release.logo.type)] if release.logo else []
    for key, index, name, kind in entries:
        loc: tuple[str | int, ...] = (key, index, "file") if index >= 0 else (key, "file")

        def problem(expected: Message, found_text: str | Message, loc: tuple[str | int, ...] = loc) -> Problem:
            return Problem(loaded.file, field_path(loc), expected, found_text, line_of(loaded.lines, loc))

        path = folder / name
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            resolved = path
        if not resolved.is_relative_to(real_folder):
            problems.append(problem(Message(N_("a file inside the release's folder")), repr(name)))
            continue
        if not resolved.is_file():
            problems.append(problem(Message(N_("a file next to the release file")), Message(N_("no such file"))))
            continue
        size = resolved.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = {"limit": MAX_FILE_BYTES}
            problems.append(problem(Message(N_("a file of at most {limit} bytes"), limit), f"{size} bytes"))
            continue
        data = resolved.read_bytes()
        actual = sniff(data)
        if actual != kind:
            what = Message(N_("SVG (not accepted: it can carry scripts)")) if actual == "svg" else (actual or "?")
            expected = Message(N_("a {type} file (by its content)"), {"type": kind.upper()})
            problems.append(problem(expected, Message(N_("a file whose content is {what}"), {"what": what})))
            continue
        width = height = None
        if kind in _PILLOW_FORMATS:
            size_px = _image_size(data, kind)
            if size_px is None:
                problems.append(
                    problem(
                        Message(N_("a {type} file (by its content)"), {"type": kind.upper()}),
                        Message(N_("a damaged or unreadable image")),
                    )
                )
                continue
            width, height = size_px
        found[name] = Attachment(name, data, width, height)
    if problems:
        raise DataError(problems)
    return found
