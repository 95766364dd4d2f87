"""The evaluation suite: scores on real data in ../shared/data, kept apart from tests.

Each task is a module here with ``NAME``, a one-line ``DESCRIPTION`` and
``run(data: Path) -> dict`` returning its metrics. ``python -m eval`` runs them all (or
those named), prints a table, and writes eval/out/<task>.json. When ../shared/data is
absent, every task is reported as skipped, plainly.
"""
