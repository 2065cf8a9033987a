"""Benchmarks of tangguh: run them with `uv run python bench/run.py NAME` (see run.py)."""
