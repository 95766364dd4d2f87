"""Polite HTTP for the live sources: a shared rate limiter, retries with backoff, timeouts,
and errors a user can act on.

This is the only module that touches the network. Everything a source sends back passes
through :meth:`HttpGetter.get`, which waits its turn, retries 429s, 5xx answers, timeouts
and broken bodies with exponential backoff (a ``Retry-After`` header wins), and turns a
machine with no network into one :class:`OfflineError` line.

>>> retry_delay(0, base=1.0, cap=60.0)
1.0
>>> retry_delay(3, base=1.0, cap=60.0)
8.0
>>> retry_delay(3, base=1.0, cap=60.0, retry_after="2")
2.0
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from consilience import __version__
from consilience.errors import ConsilienceError

T = TypeVar("T")

#: Answers worth another try: rate limited, or the server (or a proxy) is having trouble.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class SourceError(ConsilienceError):
    """A live source failed: it refused the query, kept failing, or sent what we cannot read."""


class OfflineError(SourceError):
    """The source cannot be reached at all (no network, DNS failure, connection refused)."""


class RateLimiter:
    """Spaces calls at least ``1 / rate`` seconds apart, across every thread that shares it.

    NCBI allows 3 requests/s per client without an API key and 10 with one; any window of
    one second sees at most ``rate`` calls start.

    >>> limiter = RateLimiter(1000.0)
    >>> start = time.monotonic(); _ = [limiter.wait() for _ in range(5)]
    >>> time.monotonic() - start >= 4 / 1000.0
    True
    """

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.interval = 1.0 / rate
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until this caller may send its request; returns the slot it was given (clock time)."""
        with self._lock:  # reserve a slot, then sleep outside the lock
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay > 0:
            time.sleep(delay)
        return slot


_LIMITERS: dict[tuple[str, float], RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(url: str, rate: float) -> RateLimiter:
    """The process-wide limiter for a host at a rate: every client of one service shares it."""
    key = (urlsplit(url).netloc, rate)
    with _LIMITERS_LOCK:
        limiter = _LIMITERS.get(key)
        if limiter is None:
            limiter = _LIMITERS[key] = RateLimiter(rate)
        return limiter


def retry_delay(attempt: int, *, base: float, cap: float, retry_after: str | None = None) -> float:
    """Seconds to wait before retry number ``attempt + 1``: ``base * 2**attempt``, capped.

    A ``Retry-After`` header (seconds, or an HTTP date) replaces the computed delay.
    """
    if retry_after:
        seconds: float | None
        try:
            seconds = float(retry_after)
        except ValueError:
            when = email.utils.parsedate_to_datetime(retry_after) if retry_after.strip() else None
            seconds = when.timestamp() - time.time() if when is not None else None
        if seconds is not None:
            return float(min(max(seconds, 0.0), cap))
    return float(min(base * 2**attempt, cap))


@dataclass(frozen=True)
class Reply:
    """A successful answer: its body, media type and the URL asked (secret parameters removed)."""

    body: bytes
    content_type: str
    url: str
    attempts: int


class HttpGetter:
    """GETs from one service's base URL, politely; one per fetch, closed when done.

    ``params`` are sent with every request (NCBI's tool, email, api_key); those named in
    ``secret`` never appear in a recorded URL or an error message.
    """

    def __init__(
        self,
        service: str,
        base_url: str,
        *,
        limiter: RateLimiter,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        backoff_max: float = 60.0,
        params: Mapping[str, str] | None = None,
        secret: frozenset[str] = frozenset(),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.service = service
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.limiter = limiter
        self.retries = retries
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.params = dict(params or {})
        self.secret = secret
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": f"consilience/{__version__} (+https://pypi.org/project/consilience/)"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpGetter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def public_url(self, path: str, params: Mapping[str, str]) -> str:
        """The URL of a request as it may be logged: secret parameters left out."""
        shown = {k: v for k, v in {**params, **self.params}.items() if k not in self.secret}
        return str(httpx.URL(self.base_url + path, params=shown))

    def get(self, path: str, params: Mapping[str, str], parse: Callable[[bytes], T]) -> tuple[T, Reply]:
        """GET ``base_url + path`` and ``parse`` the body, retrying what can be retried.

        ``parse`` raising ValueError counts as a broken reply (retried, then a SourceError).
        """
        url = self.base_url + path
        shown = self.public_url(path, params)
        host = urlsplit(url).netloc
        problem = ""
        server_pause: str | None = None  # a Retry-After header replaces the next backoff step
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(
                    retry_delay(
                        attempt - 1, base=self.backoff, cap=self.backoff_max, retry_after=server_pause
                    )
                )
                server_pause = None
            self.limiter.wait()
            try:
                response = self._client.get(url, params={**params, **self.params})
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # Fail fast: retrying a machine without a network only makes the user wait.
                raise OfflineError(
                    f"no network: cannot reach {self.service} at {host} ({_reason(exc)}); "
                    "the local library is still usable, and recorded fetches replay offline"
                ) from None
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                problem = f"{type(exc).__name__}: {_reason(exc)}"
                continue
            if response.status_code in RETRY_STATUSES:
                problem = f"HTTP {response.status_code}"
                server_pause = response.headers.get("Retry-After")
                continue
            if response.status_code >= 400:
                raise SourceError(
                    f"{self.service} refused {shown}: HTTP {response.status_code} {_snippet(response.content)}"
                )
            try:
                value = parse(response.content)
            except ValueError as exc:
                problem = f"unreadable reply ({exc})"
                continue
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            return value, Reply(response.content, content_type, shown, attempt + 1)
        raise SourceError(f"{self.service} kept failing: {problem} after {self.retries + 1} tries of {shown}")


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _snippet(body: bytes, limit: int = 200) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:limit] + ("…" if len(text) > limit else "")
