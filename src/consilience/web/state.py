"""What every request handler shares: the library, the lock around it, and the limits.

The library is sync and holds one SQLite connection and one search index, so handlers,
which FastAPI runs in a worker pool, take turns with it through one lock.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from consilience.errors import ConsilienceError

if TYPE_CHECKING:
    from consilience.library import Library
    from consilience.model import Answer, Explainer
    from consilience.web.uploads import IngestJobs

#: Longest question or query accepted (characters); longer ones get a 422.
MAX_QUESTION_CHARS = 500
#: Most papers a search may return.
MAX_K = 100
#: Default limit on questions (ask and meter calls) per client per minute.
QUESTIONS_PER_MINUTE = 120
AUDIENCES = ("patient", "public", "clinician")


class AskUnavailable(ConsilienceError):
    """This build of the library cannot answer questions yet (no ``Library.ask``)."""


class RateLimited(ConsilienceError):
    """A client asked more often than the app allows (answered with 429 and Retry-After)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"too many questions: try again in {math.ceil(retry_after)} s")
        self.retry_after = math.ceil(retry_after)


class RateLimiter:
    """At most ``per_minute`` calls per client in any 60-second window (a sliding log).

    >>> now = [0.0]
    >>> limiter = RateLimiter(2, clock=lambda: now[0])
    >>> limiter.check("a"), limiter.check("a"), limiter.check("b")
    (None, None, None)
    >>> limiter.check("a")
    Traceback (most recent call last):
    ...
    consilience.web.state.RateLimited: too many questions: try again in 60 s
    >>> now[0] = 60.5
    >>> limiter.check("a") is None
    True
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Count one call by ``client``; :class:`RateLimited` when over the limit."""
        now = self.clock()
        with self._lock:
            calls = self._calls.setdefault(client, deque())
            while calls and calls[0] <= now - 60:
                calls.popleft()
            if len(calls) >= self.per_minute:
                raise RateLimited(calls[0] + 60 - now)
            calls.append(now)
            if len(self._calls) > 10_000:  # forget idle clients rather than grow without bound
                for key in [k for k, v in self._calls.items() if not v or v[-1] <= now - 60]:
                    del self._calls[key]


@dataclass
class WebState:
    """The shared state of one app: set on ``app.state.web`` by :func:`create_app`."""

    library: Library
    token: str | None = None
    ask_limiter: RateLimiter | None = None
    max_upload_bytes: int = 200_000_000
    lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: IngestJobs = field(init=False)

    def __post_init__(self) -> None:
        from consilience.web.uploads import IngestJobs

        self.jobs = IngestJobs(self)

    @contextmanager
    def using(self) -> Iterator[Library]:
        """The library, held for this request alone."""
        with self.lock:
            yield self.library

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        year: tuple[int | None, int | None] | None = None,
    ) -> Answer:
        """``Library.ask`` under the lock (its defaults where ``k`` or ``year`` is None).

        Raises :class:`AskUnavailable` where the library has no ``ask``.
        """
        options: dict[str, Any] = {}
        if k is not None:
            options["k"] = k
        if year is not None:
            options["year"] = year
        with self.using() as lib:
            ask = getattr(lib, "ask", None)
            if ask is None:
                raise AskUnavailable("this version of Consilience cannot answer questions yet")
            answer: Answer = ask(question, **options)
            return answer

    def explain(self, question: str, *, audience: str = "patient") -> Explainer:
        """``Library.explain`` under the lock; :class:`AskUnavailable` where there is none."""
        with self.using() as lib:
            explain = getattr(lib, "explain", None)
            if explain is None:
                raise AskUnavailable("this version of Consilience cannot write explainers yet")
            explainer: Explainer = explain(question, audience=audience)
            return explainer


def web_state(request: Request) -> WebState:
    """The :class:`WebState` of the app serving ``request``."""
    state: WebState = request.app.state.web
    return state


def limit_questions(request: Request) -> None:
    """Dependency of the routes that read many papers per call (ask, meter): rate-limit them."""
    limiter = web_state(request).ask_limiter
    if limiter is not None:
        limiter.check(request.client.host if request.client else "unknown")
