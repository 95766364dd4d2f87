"""Shared fixtures: fresh libraries on real SQLite files in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from consilience import Library

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fresh_library(tmp_path: Path) -> Iterator[Library]:
    """An empty library in a temporary directory."""
    with Library.open(tmp_path / "lib") as lib:
        yield lib


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real ~/.consilience from a test."""
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("CONSILIENCE_LIBRARY", raising=False)
