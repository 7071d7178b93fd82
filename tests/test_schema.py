from __future__ import annotations

from generator.data.schema import SCHEMA_FILE, schema_text
from tests.conftest import ROOT


def test_published_schema_is_up_to_date() -> None:
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), "run `make schema`"
