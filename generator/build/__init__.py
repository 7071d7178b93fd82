"""Generation of the whole site, and the machinery around it.

- `site`: `generate()`, from the data folder to every file of docs/ja and docs/en, in memory.
- `builder`: one build (lock, generate, write); `writer` and `write_worker`: the one writer of docs/.
- `embargo` (which releases a build publishes), `memo` (what `mkdocs serve` keeps between
  builds), `sources` (fingerprints of the inputs), `lock`, `problems` (the page shown while the
  data is broken), `project` (where the project's folders are).

May use: every stage below it (`pages`, `outputs`, `stats`, `data`, `maths`) and `generator.errors`.
Only the command line and the MkDocs hook use it.
"""
