"""The site's languages: a module of its own so that light commands need not load the models."""

from __future__ import annotations

from collections.abc import Iterable

LANGUAGES: tuple[str, ...] = ("ja", "en")
"""The site's languages; the first is the default, built at the site root."""

SENTENCE_GAP: dict[str, str] = {"ja": "", "en": " "}
"""What separates two sentences: Japanese sentences end with 。 and follow on without a space."""


def join_sentences(sentences: Iterable[object], lang: str) -> str:
    """Join sentences as the language writes them."""
    return SENTENCE_GAP.get(lang, " ").join(str(sentence) for sentence in sentences)
