"""Benchmarks of issue 7: `make bench` runs every bench_*.py here (see docs/performance.md)."""
