"""What each page shows in each language, its head metadata, and the Markdown rendering.

- `context` builds every page's context: `overview`, `design`, `results`, `methods`,
  `publication` (one module per page) on the base in `common`; `home` lists several releases.
- `press_context`: the press office's parts (embargo, updates, files, contact).
- `meta`: titles, descriptions, Open Graph and JSON-LD; `render`: Jinja templates to Markdown, escaped.

May use: `generator.outputs`, `generator.stats`, `generator.data`, `generator.maths` and
`generator.errors`. Nothing above it.
"""
