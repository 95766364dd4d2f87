"""Uploaded files for ingest: a streaming ``multipart/form-data`` reader and the ingest jobs.

The reader writes the file part straight to disk under the library, counting bytes as they
arrive, so an upload over the limit is refused (413) without ever being held in memory.
Each upload then becomes an :class:`IngestJob`, run on one background thread by the same
validating :meth:`Library.ingest` the command line uses; its progress is polled or streamed.

>>> boundary_of('multipart/form-data; boundary="abc"')
'abc'
>>> disposition_params('form-data; name="file"; filename="my \\\\"notes\\\\".xml"')
{'name': 'file', 'filename': 'my "notes".xml'}
>>> safe_filename("../../etc/pass wd.xml.gz")
'pass_wd.xml.gz'
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from consilience.errors import ConsilienceError

if TYPE_CHECKING:
    from consilience.ingest.runner import IngestReport
    from consilience.web.state import WebState

#: Bytes of multipart framing (boundaries, part headers, small fields) allowed on top of the file.
FRAMING_ALLOWANCE = 64 * 1024
#: Largest header block of one part, and largest value of a plain (non-file) field.
MAX_PART_HEADERS = 16 * 1024
MAX_FIELD_BYTES = 1024
#: Rejections listed per job (the count is always exact).
MAX_REJECTIONS_SHOWN = 200
#: Finished jobs remembered for their status pages.
MAX_JOBS_KEPT = 50

JobStatus = Literal["queued", "running", "done", "failed"]


class UploadError(ConsilienceError):
    """An upload the app refuses, with the HTTP status that says why (403, 413, 415 or 422)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_same_origin(headers: Mapping[str, str]) -> None:
    """Refuse a cross-site upload (403): any web page could otherwise post files to a local app.

    Browsers mark every cross-site POST with ``Origin`` (and ``Sec-Fetch-Site``); tools such as
    curl send neither, and are let through.

    >>> check_same_origin({"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000"})
    >>> check_same_origin({"host": "127.0.0.1:8000", "origin": "https://example.org"})
    Traceback (most recent call last):
    ...
    consilience.web.uploads.UploadError: uploads from other sites are refused (Origin https://example.org)
    """
    origin = headers.get("origin")
    if origin is not None and (origin == "null" or urlsplit(origin).netloc != headers.get("host", "")):
        raise UploadError(403, f"uploads from other sites are refused (Origin {origin})")
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise UploadError(403, "uploads from other sites are refused")


def too_large(limit: int) -> UploadError:
    return UploadError(
        413, f"the upload is larger than the limit of {human_bytes(limit)} (setting max_upload_mb)"
    )


def human_bytes(size: float) -> str:
    """'200 MB', '1.5 kB', '12 bytes' (decimal units, as browsers show file sizes).

    >>> human_bytes(200_000_000), human_bytes(1536), human_bytes(12)
    ('200 MB', '1.5 kB', '12 bytes')
    """
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(size)} bytes"


def boundary_of(content_type: str) -> str:
    """The boundary of a ``multipart/form-data`` content type; 415 for anything else."""
    kind, _, params = content_type.partition(";")
    if kind.strip().lower() != "multipart/form-data":
        raise UploadError(
            415, "send the file as multipart/form-data, in a form field named 'file' (curl -F file=@FILE)"
        )
    boundary = _params(params).get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise UploadError(422, "the multipart body has no valid boundary")
    return boundary


_PARAM = re.compile(r';?\s*([A-Za-z0-9_*.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _params(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _PARAM.finditer(text):
        value = match.group(2).strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        found[match.group(1).lower()] = value
    return found


def disposition_params(value: str) -> dict[str, str]:
    """The parameters of a ``Content-Disposition: form-data; ...`` header."""
    _, _, params = value.partition(";")
    return _params(";" + params)


def safe_filename(name: str) -> str:
    """A client's file name reduced to a harmless base name that keeps its extensions."""
    base = re.split(r"[\\/]", name)[-1].strip()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")
    return base[-100:] or "upload"


@dataclass
class ReceivedUpload:
    """What :func:`receive_upload` read: the file on disk and any plain fields."""

    path: Path | None = None
    filename: str = ""
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)


async def receive_upload(
    chunks: AsyncIterator[bytes], content_type: str, destination: Callable[[str], Path], max_bytes: int
) -> ReceivedUpload:
    """Read a multipart body, streaming its ``file`` part to ``destination(filename)``.

    Raises :class:`UploadError` (413) as soon as the body or the file passes ``max_bytes``;
    a partly written file is removed before any error leaves.
    """
    reader = _MultipartReader(boundary_of(content_type), destination, max_bytes)
    try:
        seen = 0
        async for chunk in chunks:
            seen += len(chunk)
            if seen > max_bytes + FRAMING_ALLOWANCE:
                raise too_large(max_bytes)
            reader.feed(chunk)
        reader.close()
    except BaseException:
        reader.discard()
        raise
    return reader.upload


class _MultipartReader:
    """A push parser of ``multipart/form-data`` (RFC 7578) that keeps only a small buffer."""

    def __init__(self, boundary: str, destination: Callable[[str], Path], max_bytes: int) -> None:
        self.delimiter = b"\r\n--" + boundary.encode("latin-1")
        self.destination = destination
        self.max_bytes = max_bytes
        self.upload = ReceivedUpload()
        # The body starts with "--boundary" (no CRLF before it): prefixing one lets a single
        # delimiter pattern find every boundary.
        self.buffer = bytearray(b"\r\n")
        self.state = "preamble"
        self.part_name = ""
        self.part_value = bytearray()
        self.handle: object = None  # the open file while the file part streams

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk
        while self._step():
            pass

    def _step(self) -> bool:
        """Consume what the buffer allows; True when another step may make progress."""
        buf = self.buffer
        if self.state == "preamble":
            at = buf.find(self.delimiter)
            if at < 0:
                del buf[: max(0, len(buf) - len(self.delimiter))]
                return False
            del buf[: at + len(self.delimiter)]
            self.state = "after-delimiter"
            return True
        if self.state == "after-delimiter":
            if len(buf) < 2:
                return False
            if buf[:2] == b"--":
                self.state = "end"
                buf.clear()
                return False
            end = buf.find(b"\r\n")
            if end < 0:
                if len(buf) > 1024:
                    raise UploadError(422, "malformed multipart body: no line break after a boundary")
                return False
            del buf[: end + 2]  # transport padding, then CRLF
            self.state = "headers"
            return True
        if self.state == "headers":
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > MAX_PART_HEADERS:
                    raise UploadError(422, "malformed multipart body: part headers too long")
                return False
            self._start_part(bytes(buf[:end]).decode("utf-8", "replace"))
            del buf[: end + 4]
            self.state = "data"
            return True
        if self.state == "data":
            at = buf.find(self.delimiter)
            if at < 0:
                keep = len(self.delimiter) - 1
                if len(buf) > keep:
                    self._data(bytes(buf[: len(buf) - keep]))
                    del buf[: len(buf) - keep]
                return False
            self._data(bytes(buf[:at]))
            del buf[: at + len(self.delimiter)]
            self._end_part()
            self.state = "after-delimiter"
            return True
        buf.clear()  # epilogue after the closing boundary: ignored
        return False

    def _start_part(self, header_block: str) -> None:
        headers: dict[str, str] = {}
        for line in header_block.split("\r\n"):
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        params = disposition_params(headers.get("content-disposition", ""))
        self.part_name = params.get("name", "")
        self.part_value.clear()
        if "filename" in params:  # a file part: the first 'file' is kept, any other is skipped
            if self.part_name == "file" and self.upload.path is None:
                self.upload.filename = params["filename"]
                self.upload.path = self.destination(params["filename"])
                self.handle = self.upload.path.open("wb")
            else:
                self.part_name = ""

    def _data(self, data: bytes) -> None:
        if not data:
            return
        if self.handle is not None:
            self.upload.size += len(data)
            if self.upload.size > self.max_bytes:
                raise too_large(self.max_bytes)
            self.handle.write(data)  # type: ignore[attr-defined]
        elif self.part_name and len(self.upload.fields) < 20:
            self.part_value += data
            if len(self.part_value) > MAX_FIELD_BYTES:
                raise UploadError(422, f"form field {self.part_name!r} is too long")

    def _end_part(self) -> None:
        if self.handle is not None:
            self.handle.close()  # type: ignore[attr-defined]
            self.handle = None
        elif self.part_name:
            self.upload.fields[self.part_name] = self.part_value.decode("utf-8", "replace").strip()
        self.part_name = ""

    def close(self) -> None:
        if self.state != "end":
            raise UploadError(422, "malformed multipart body: it ends before its closing boundary")

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()  # type: ignore[attr-defined]
            self.handle = None
        if self.upload.path is not None:
            self.upload.path.unlink(missing_ok=True)


# -- ingest jobs -------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class RejectedRecord(BaseModel):
    """One record the ingest refused, and why."""

    position: int = Field(description="The record's position in the file (1-based).")
    record: str = Field("", description="What identifies the record, where it could be read (e.g. 'PMID 1').")
    reason: str


class IngestJob(BaseModel):
    """The state of one uploaded file's ingest (``GET /api/ingest/{job}``)."""

    id: str
    filename: str = Field(description="The file name the client sent.")
    format: str = Field(description="The format the file was read as (detected unless given).")
    size: int = Field(description="Bytes uploaded.")
    status: JobStatus = "queued"
    records: int = Field(0, description="Records read so far (updated as batches are written).")
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    rejections: list[RejectedRecord] = Field(
        default_factory=list, description=f"The first {MAX_REJECTIONS_SHOWN} rejected records with reasons."
    )
    errors: list[str] = Field(default_factory=list, description="Problems with the whole file.")
    papers: int | None = Field(None, description="Papers in the library once the ingest finished.")
    created: str = ""
    started: str = ""
    finished: str = ""
    url: str = Field("", description="This status, as JSON.")
    events: str = Field("", description="This status as a stream of server-sent events.")
    page: str = Field("", description="This status as a web page.")


class IngestJobs:
    """Ingest jobs of one app: run one at a time on a background thread, remembered a while."""

    def __init__(self, state: WebState) -> None:
        self.state = state
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex[:16]

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.model_copy(deep=True) if job is not None else None

    def recent(self, limit: int = 10) -> list[IngestJob]:
        with self._lock:
            return [job.model_copy(deep=True) for job in reversed(self._jobs.values())][:limit]

    def submit(self, job_id: str, path: Path, *, filename: str, fmt: str) -> IngestJob:
        """Queue the ingest of ``path`` (deleted once read); returns the job as first seen."""
        job = IngestJob(
            id=job_id,
            filename=filename,
            format=fmt,
            size=path.stat().st_size,
            created=_now(),
            url=f"/api/ingest/{job_id}",
            events=f"/api/ingest/{job_id}/events",
            page=f"/library/ingest/{job_id}",
        )
        with self._lock:
            self._jobs[job_id] = job
            finished = [k for k, j in self._jobs.items() if j.status in ("done", "failed")]
            for key in finished[: max(0, len(self._jobs) - MAX_JOBS_KEPT)]:
                del self._jobs[key]
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consilience-ingest")
            snapshot = job.model_copy(deep=True)
            self._executor.submit(self._run, job_id, path)
        return snapshot

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                for name, value in changes.items():
                    setattr(job, name, value)

    def _advance(self, job_id: str, records: int) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                job.records += records

    def _run(self, job_id: str, path: Path) -> None:
        job = self.get(job_id)
        if job is None:  # pragma: no cover - jobs are only forgotten once finished
            path.unlink(missing_ok=True)
            return
        try:
            with self.state.using() as lib:  # searches wait while the store and indexes change
                self._update(job_id, status="running", started=_now())
                report = lib.ingest([path], fmt=job.format, progress=lambda n: self._advance(job_id, n))
                papers = int(lib.stats()["papers"])
            self._finish(job_id, report, papers, str(path), job.filename)
        except Exception as exc:  # any failure is the job's, never the server's
            message = str(exc).replace(str(path), job.filename) or type(exc).__name__
            self._update(job_id, status="failed", errors=[message], finished=_now())
        finally:
            path.unlink(missing_ok=True)

    def _finish(self, job_id: str, report: IngestReport, papers: int, path: str, filename: str) -> None:
        rejections = [
            RejectedRecord(position=r.position, record=r.record, reason=r.reason.replace(path, filename))
            for r in report.rejections[:MAX_REJECTIONS_SHOWN]
        ]
        self._update(
            job_id,
            status="failed" if report.errors and not report.records else "done",
            records=report.records,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            deleted=report.deleted,
            rejected=report.rejected,
            rejections=rejections,
            errors=[e.replace(path, filename) for e in report.errors],
            papers=papers,
            finished=_now(),
        )

    def shutdown(self) -> None:
        """Stop taking jobs; the one running finishes."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
