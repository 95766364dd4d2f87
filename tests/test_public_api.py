"""The public surface is deliberate: ``consilience.__all__`` is sorted and complete."""

from __future__ import annotations

import subprocess
import sys

import consilience


def test_all_is_sorted_and_importable() -> None:
    names = list(consilience.__all__)
    assert names == sorted(names)
    for name in names:
        assert hasattr(consilience, name), name


def test_library_is_the_entry_point() -> None:
    from consilience import Library

    assert Library is consilience.library.Library


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "consilience", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "ingest" in result.stdout


def test_base_import_does_not_pull_heavy_extras() -> None:
    code = "import sys, consilience; import consilience.cli; print(sorted(m for m in ('torch', 'sentence_transformers', 'ray', 'fastapi') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
