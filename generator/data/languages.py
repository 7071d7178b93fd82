"""The site's languages: a module of its own so that light commands need not load the models."""

from __future__ import annotations

from collections.abc import Iterable

LANGUAGES: tuple[str, ...] = ("ja", "en")
"""The site's languages; the first is the default, built at the site root."""

SENTENCE_GAP: dict[str, str] = {"ja": "", "en": " "}
"""What separates two sentences: Japanese sentences end with 。 and follow on without a space."""


def join_and(items: Iterable[str], lang: str) -> str:
    """Join a list as running text does: "A and B", "A, B, and C"; 「AとB」, 「A、BおよびC」."""
    words = list(items)
    if lang == "ja":
        if len(words) <= 2:
            return "と".join(words)
        return "、".join(words[:-1]) + "および" + words[-1]
    from babel.lists import format_list  # Babel loads only where a list is written

    return format_list(words, locale=lang)


def mid_sentence(label: str, lang: str) -> str:
    """Return a label as it reads inside an English sentence: Low dose → low dose; HDL and Drug X stay."""
    if lang == "en" and label[1:2].islower():
        return label[:1].lower() + label[1:]
    return label


def join_sentences(sentences: Iterable[object], lang: str) -> str:
    """Join sentences as the language writes them."""
    return SENTENCE_GAP.get(lang, " ").join(str(sentence) for sentence in sentences)
