"""The fetch log and response cache under ``<library>/sources/``: what makes a live fetch
reproducible.

Each fetch gets a directory named by its id, holding every raw response exactly as the
source sent it (``0001-esearch.json``, ``0002-efetch.xml``, ...) and a ``fetch.json``
manifest: the query, the source, when, the ids returned, the counts, and one entry per
request (its parameters, file, size and SHA-256). Plain files, no pickle; the manifest
carries a format version. A *transport* is what a source client asks for responses:
:class:`Recorder` fetches them live and writes them down, :class:`Replayer` reads them
back from a manifest, so a replay runs the very same client code without a network.

>>> request_key("esearch.fcgi", {"term": "aspirin", "db": "pubmed"}) == request_key(
...     "esearch.fcgi", {"db": "pubmed", "term": "aspirin"})
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from consilience import __version__
from consilience.sources.http import HttpGetter, SourceError

T = TypeVar("T")

MANIFEST_NAME = "fetch.json"
MANIFEST_FORMAT = "consilience-fetch"
#: Bumped when the manifest's shape changes; older manifests are read, newer ones refused.
MANIFEST_VERSION = 1


class Transport(Protocol):
    """Where a source client gets its responses from (the network, or a recorded fetch)."""

    def get(
        self, path: str, params: Mapping[str, str], parse: Callable[[bytes], T], ext: str
    ) -> tuple[T, str]:
        """The parsed response to ``path?params`` and the library-relative file holding it."""
        ...


class RequestRecord(BaseModel):
    """One request of a fetch and the file its response was saved to."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Endpoint path under the service's base URL, e.g. 'efetch.fcgi'.")
    params: dict[str, str] = Field(description="Parameters sent, less tool, email and api_key.")
    key: str = Field(description="request_key(path, params): how a replay finds this response.")
    file: str = Field(description="The raw response, relative to the fetch directory.")
    url: str = Field(description="The URL asked (secret parameters left out).")
    bytes: int
    sha256: str
    attempts: int = Field(1, description="Tries it took; 0 when reused from an interrupted fetch.")
    reused_from: str = Field("", description="The interrupted fetch this response was taken from, if any.")


class FetchManifest(BaseModel):
    """The record of one fetch: enough to report it (PRISMA-style) and to replay it offline."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["consilience-fetch"] = "consilience-fetch"
    version: int = MANIFEST_VERSION
    fetch_id: str
    source: str = Field(description="'pubmed' or 'europepmc'.")
    query: str = Field(description="The query as the user gave it.")
    limit: int = Field(description="The most records asked for (--max).")
    since: int | None = Field(None, description="Earliest publication year asked for (--since).")
    term: str = Field("", description="The query as sent to the source (with the year filter).")
    started: str
    finished: str = ""
    status: Literal["running", "complete", "failed"] = "running"
    error: str = ""
    found: int | None = Field(None, description="How many records the source said match.")
    ids: list[str] = Field(default_factory=list, description="The ids the source returned, in order.")
    counts: dict[str, int] = Field(default_factory=dict)
    requests: list[RequestRecord] = Field(default_factory=list)
    consilience_version: str = __version__


def request_key(path: str, params: Mapping[str, str]) -> str:
    """A stable key for a request: its path and parameters, order ignored."""
    canonical = json.dumps([path, sorted(params.items())], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:24]


def utc_now() -> str:
    """The time now, to the millisecond: the fetch log sorts by it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def new_fetch_id(source: str) -> str:
    """A fresh id that sorts by time: '20250301T101500Z-pubmed-3fa2c1'."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{source}-{secrets.token_hex(3)}"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save_manifest(directory: Path, manifest: FetchManifest) -> None:
    _write_atomic(directory / MANIFEST_NAME, (manifest.model_dump_json(indent=2) + "\n").encode("utf-8"))


def load_manifest(path: Path) -> FetchManifest:
    """Read one ``fetch.json``; a manifest from a newer Consilience is refused, not guessed at."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"{path}: unreadable fetch manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise SourceError(f"{path}: not a Consilience fetch manifest")
    version = data.get("version")
    if not isinstance(version, int) or version > MANIFEST_VERSION:
        raise SourceError(
            f"{path}: fetch manifest version {version} is newer than this Consilience reads "
            f"({MANIFEST_VERSION}); upgrade Consilience"
        )
    try:
        return FetchManifest.model_validate(data)
    except ValidationError as exc:
        raise SourceError(f"{path}: invalid fetch manifest ({exc.error_count()} problems)") from None


def list_fetches(sources_dir: Path) -> list[FetchManifest]:
    """Every recorded fetch under ``sources_dir``, oldest first."""
    if not sources_dir.is_dir():
        return []
    manifests = [load_manifest(p) for p in sorted(sources_dir.glob(f"*/{MANIFEST_NAME}"))]
    return sorted(manifests, key=lambda m: (m.started, m.fetch_id))


def find_recorded(
    sources_dir: Path,
    source: str,
    query: str,
    *,
    limit: int,
    since: int | None,
    statuses: tuple[str, ...] = ("complete",),
) -> FetchManifest | None:
    """The latest fetch of exactly this source, query, limit and year filter, in one of ``statuses``.

    'running' is the status a fetch keeps when its process was killed.
    """
    matches = [
        m
        for m in list_fetches(sources_dir)
        if (m.source, m.query, m.limit, m.since) == (source, query, limit, since) and m.status in statuses
    ]
    return matches[-1] if matches else None


class Recorder:
    """A live transport: asks the network, saves each raw response, logs it in the manifest.

    Given the ``resume`` replayer of an interrupted fetch, responses that fetch already
    received are taken from it (and copied here) instead of asked for again.
    """

    def __init__(
        self,
        getter: HttpGetter,
        directory: Path,
        manifest: FetchManifest,
        prefix: str,
        *,
        resume: Replayer | None = None,
    ) -> None:
        self.getter = getter
        self.directory = directory
        self.manifest = manifest
        self.prefix = prefix  # the directory relative to the library, for Source.file
        self.resume = resume
        directory.mkdir(parents=True, exist_ok=True)
        save_manifest(directory, manifest)

    def get(
        self, path: str, params: Mapping[str, str], parse: Callable[[bytes], T], ext: str
    ) -> tuple[T, str]:
        if self.resume is not None and (found := self.resume.take(path, params)) is not None:
            body, old = found
            try:
                value = parse(body)
            except ValueError:
                pass  # unreadable after all: ask the network again
            else:
                reused = self.resume.manifest.fetch_id
                return value, self._record(path, params, ext, body, old.url, 0, reused)
        value, reply = self.getter.get(path, params, parse)
        return value, self._record(path, params, ext, reply.body, reply.url, reply.attempts, "")

    def _record(
        self,
        path: str,
        params: Mapping[str, str],
        ext: str,
        body: bytes,
        url: str,
        attempts: int,
        reused_from: str,
    ) -> str:
        stem = path.rsplit("/", 1)[-1].split(".")[0] or "response"
        name = f"{len(self.manifest.requests) + 1:04d}-{stem}.{ext}"
        _write_atomic(self.directory / name, body)
        self.manifest.requests.append(
            RequestRecord(
                path=path,
                params=dict(params),
                key=request_key(path, params),
                file=name,
                url=url,
                bytes=len(body),
                sha256=hashlib.sha256(body).hexdigest(),
                attempts=attempts,
                reused_from=reused_from,
            )
        )
        self.save()
        return f"{self.prefix}/{name}"

    def save(self) -> None:
        save_manifest(self.directory, self.manifest)


class Replayer:
    """An offline transport: answers each request from a recorded fetch, byte for byte."""

    def __init__(self, directory: Path, manifest: FetchManifest, prefix: str) -> None:
        self.directory = directory
        self.manifest = manifest
        self.prefix = prefix
        self._by_key: dict[str, list[RequestRecord]] = {}
        for record in manifest.requests:
            self._by_key.setdefault(record.key, []).append(record)

    def take(self, path: str, params: Mapping[str, str]) -> tuple[bytes, RequestRecord] | None:
        """The recorded response to this request (checked against its SHA-256), or None."""
        queue = self._by_key.get(request_key(path, params))
        if not queue:
            return None
        record = queue.pop(0)
        file = self.directory / record.file
        try:
            body = file.read_bytes()
        except OSError as exc:
            raise SourceError(f"{file}: recorded response missing ({exc.strerror})") from None
        if hashlib.sha256(body).hexdigest() != record.sha256:
            raise SourceError(f"{file}: recorded response was changed after the fetch (SHA-256 differs)")
        return body, record

    def get(
        self, path: str, params: Mapping[str, str], parse: Callable[[bytes], T], ext: str
    ) -> tuple[T, str]:
        found = self.take(path, params)
        if found is None:
            raise SourceError(
                f"fetch {self.manifest.fetch_id} did not record a response to {path} {dict(params)}; "
                "it cannot be replayed this far"
            )
        body, record = found
        try:
            value = parse(body)
        except ValueError as exc:
            raise SourceError(
                f"{self.directory / record.file}: recorded response is unreadable ({exc})"
            ) from None
        return value, f"{self.prefix}/{record.file}"
