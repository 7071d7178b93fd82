"""Read the wording lists of claims that go past what a study's design shows, one file per language.

The lists are data, next to the catalogs: locales/<lang>/claims.yaml. Each category holds the
words that make the claim and the longer phrases (`not`) that contain a word without making it.
English words match whole, ignoring case; Japanese, which has no spaces, matches as text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from generator.data.i18n import LOCALES_DIR

CATEGORIES = ("causal", "safety", "significance", "superiority", "people")
"""The kinds of claim checked, as the lists name them."""

CLAIMS_FILE = "claims.yaml"


@dataclass(frozen=True)
class Wording:
    """The words of one kind of claim in one language."""

    words: tuple[str, ...]
    exceptions: tuple[str, ...]
    """Phrases that contain a word but do not make the claim, e.g. 有意義 for 有意."""
    whole_words: bool
    """Match whole words ignoring case (languages written with spaces) or as text (Japanese)."""

    def found(self, text: str) -> list[str]:
        """Return the words of this list that text uses, in the list's order."""
        for phrase in self.exceptions:
            text = _blank(text, phrase, self.whole_words)
        return [word for word in self.words if _search(text, word, self.whole_words)]


def _pattern(word: str, whole_words: bool) -> re.Pattern[str]:
    if not whole_words:
        return re.compile(re.escape(word))
    words = r"\s+".join(re.escape(part) for part in word.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


def _search(text: str, word: str, whole_words: bool) -> bool:
    return _pattern(word, whole_words).search(text) is not None


def _blank(text: str, phrase: str, whole_words: bool) -> str:
    return _pattern(phrase, whole_words).sub(lambda match: " " * len(match[0]), text)


@functools.cache
def wording(lang: str) -> dict[str, Wording]:
    """Return each category's wording in lang, read from locales/<lang>/claims.yaml."""
    path = LOCALES_DIR / lang / CLAIMS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    whole_words = lang != "ja"
    lists = {}
    for category in CATEGORIES:
        entry = data[category]
        lists[category] = Wording(
            tuple(str(word) for word in entry["words"]),
            tuple(str(word) for word in entry.get("not") or ()),
            whole_words,
        )
    return lists
