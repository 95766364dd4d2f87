"""Benchmarks: speed and memory figures, run by hand (``python -m bench NAME``), never
as timed tests. Each writes its figures to bench/out/<name>.json."""
