"""The mathematics, knowing nothing of releases: intervals and tests, rounding and number formatting.

- `inference`: confidence intervals and hypothesis tests (SciPy, statsmodels; SciPy loads only to compute).
- `numbers`: rounding half up, decimals of a printed figure, Babel's number formatting.

May use: the standard library, SciPy, statsmodels, Babel, and `generator.errors`. Nothing above it.
"""
