"""The office's own drafts: read Word, PDF and text files, proof them against the data, start a release from one.

This stage sits above generator.stats (whose recognizer and attribution it uses) and below
generator.outputs.
"""
