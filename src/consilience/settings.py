"""Typed, documented settings. Every field can be set by an environment variable
``CONSILIENCE_<FIELD>`` and most by a CLI flag; unknown fields are an error.

>>> Settings(library="/tmp/lib").db_path.name
'library.db'
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_library_dir() -> Path:
    return Path.home() / ".consilience" / "library"


class Settings(BaseSettings):
    """Where the library lives and how Consilience works on it."""

    model_config = SettingsConfigDict(env_prefix="CONSILIENCE_", extra="forbid")

    library: Path = Field(
        default_factory=default_library_dir,
        description="The library directory (SQLite database, indexes, caches).",
    )
    jobs: int = Field(1, ge=1, description="Files ingested in parallel by default.")
    batch_size: int = Field(2000, ge=1, description="Records written per SQLite transaction.")

    @property
    def db_path(self) -> Path:
        return Path(self.library) / "library.db"
