"""What the site shows besides Markdown: the results figure, social cards, feeds and citation files.

- `figure_spec` (what the figure draws, from the figures as shown), `figure` (the spec and its
  style), `figure_axis`, `figure_text`, `figure_svg` (SVG written from a spec).
- `cards` (social cards); `feeds` (Atom); `citations` (RIS, BibTeX, CSL-JSON, the formatted reference).
- `children`: how a child process starts and answers; `figure_drawing`/`figure_worker` and
  `card_drawing`/`card_worker` draw in children while the pages render.

May use: `generator.stats`, `generator.data`, `generator.maths` and `generator.errors`. Nothing above it.
"""
