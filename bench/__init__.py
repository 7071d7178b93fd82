"""Benchmarks of the generator and the MkDocs build: `make bench` runs bench/bench.py."""
