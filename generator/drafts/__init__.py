"""The office's own drafts: read Word, PDF and text files, proof them against the data, start a release from one.

- `read`: a draft's paragraphs, table cells, text boxes, headers and footers (python-docx), or its
  pages' lines and tables (pdfplumber), each knowing where it stands.
- `proof`: every figure of a draft attributed and judged (`python -m generator proof`).
- `start`: a new release file from a draft (`python -m generator import`).
- `commands`: both commands run for the command line.

May use: `generator.stats`, `generator.data`, `generator.maths` and `generator.errors`. Nothing above it.
"""
