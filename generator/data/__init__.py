"""What a release may hold, and reading and checking release folders and their files.

- `languages`, `i18n`: the two languages and the catalogs of fixed wording; `claims`: the
  wording lists of claims per language (locales/<lang>/claims.yaml).
- `fields`, `press`, `models`: the schema, one documented pydantic model per part.
- `analyses/`: one module per kind of analysis, each with its part of the schema and its
  computation behind `analyses/base.py`'s interface; `analyses/__init__.py` registers them.
- `yaml_reading` (a safe YAML loader), `positions` (a field's path and line, validation
  messages), `crosscheck` (checks that span several fields), `loader` (one file, a folder).
- `attachments` (a release's files), `sourcing` (every fact names its source), `schema` (JSON Schema).

May use: `generator.maths` and `generator.errors`. Nothing above it.
"""
