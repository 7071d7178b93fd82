"""Turn clinical-study press material into a bilingual static site.

The stages, in the order data flows, each a subpackage that imports only the ones below it
(checked by import-linter's layers contract in pyproject.toml, run by `make test`):

    data (read and check)  ->  stats (compute, verify)  ->  outputs (figure, cards, feeds, citations)
        ->  pages (contexts, metadata, Markdown)  ->  build (the whole site, written once)

`maths` (intervals, tests, rounding) lies under them all. At the top: `cli` (the command line),
`__main__`, and `errors` (the error tree every stage raises).
"""
