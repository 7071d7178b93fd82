"""Publish the data schema as JSON Schema, for completion in editors."""

from __future__ import annotations

import json
from pathlib import Path

from generator.data.models import Release

SCHEMA_FILE = Path("data") / "schema.json"
"""Where the schema is published, relative to the project."""


def schema_text() -> str:
    """Return the JSON Schema of a release file, deterministic to the byte."""
    schema = Release.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Press release"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
