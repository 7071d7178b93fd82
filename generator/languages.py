"""The site's languages: a module of its own so that light commands need not load the models."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("ja", "en")
"""The site's languages; the first is the default, built at the site root."""
