"""The statistics of a release: each analysis computed, every published figure verified, figures as shown.

- `compute`: every arm's figures and every analysis's result, from the counts.
- `verify`: the published figures and the quotes in the prose against the computed ones.
- `shown`: a release's figures formatted in one language, shared by the pages and the figure.
- `claims`: words of a release that claim more than its design shows (check's warnings).
- `caveats`: the cautions a design calls for (association, allocation, control, size).
- `recognize`: the figures a text states (percentages, intervals, P values, counts, effects), in
  Japanese and English; `attribute`: each figure attributed to a computed value by its context and
  judged; `undeclared`: every figure of a result in the data's texts quoted, attributed or listed.

May use: `generator.data`, `generator.maths` and `generator.errors`. Nothing above it.
"""
