"""Text from the data is shown literally: it never becomes markup."""

from __future__ import annotations

import pytest

from generator.pages.render import doi_url, md_escape


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a | b *c* _d_ `e`", "a \\| b \\*c\\* \\_d\\_ \\`e\\`"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("- not a list", "\\- not a list"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("AT&T", "AT&amp;T"),
        ("two\n\nparagraphs", "two paragraphs"),
    ],
)
def test_md_escape(text: str, markdown: str) -> None:
    assert md_escape(text) == markdown


def test_doi_url_is_percent_encoded() -> None:
    assert doi_url("10.1000/a b)") == "https://doi.org/10.1000/a%20b%29"
