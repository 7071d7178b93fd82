"""Every fixed message has a Japanese translation, and the template catalog is up to date."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOG = ROOT / "locales" / "ja" / "LC_MESSAGES" / "messages.po"


def extracted_ids(tmp_pot: str) -> set[str]:
    CommandLineInterface().run(  # type: ignore[no-untyped-call]
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "N_",
            "--no-location",
            "-o",
            tmp_pot,
            str(ROOT),
        ]
    )
    with Path(tmp_pot).open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_every_message_has_a_japanese_translation(tmp_path: object) -> None:
    ids = extracted_ids(f"{tmp_path}/messages.pot")
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    translated = {str(message.id) for message in catalog if message.id and message.string and not message.fuzzy}
    assert sorted(ids - translated) == [], "run `make translations`, then translate the new messages in the .po file"
    assert sorted({str(m.id) for m in catalog if m.id} - ids) == [], "the catalog has unused messages"
