"""Load the gettext catalogs of the site's fixed wording and messages."""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from generator.data.languages import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
"""Where the .po catalogs live (locales/<lang>/LC_MESSAGES/messages.po)."""

SOURCE_LANGUAGE = "en"
"""The language msgids are written in."""


@functools.cache
def translations(lang: str) -> NullTranslations:
    """Return the translations for lang, compiled from its .po file in memory."""
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    # Compiling in memory means an edited .po takes effect at once: no stale .mo file.
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def language_from_environment() -> str:
    """Return the site language named by LANGUAGE, LC_ALL or LANG, else the source language."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for lang in LANGUAGES:
            if value.startswith(lang):
                return lang
    return SOURCE_LANGUAGE
