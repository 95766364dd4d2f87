"""The FastAPI application: the JSON API under ``/api``, the pages, static files and docs.

>>> import tempfile
>>> from consilience import Library
>>> app = create_app(Library.open(tempfile.mkdtemp()))
>>> sorted(path for path in app.openapi()["paths"] if path.startswith("/api/papers"))
['/api/papers/{paper_id}', '/api/papers/{paper_id}/article', '/api/papers/{paper_id}/facts']
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

import consilience
from consilience.web import api, pages
from consilience.web.errors import error_response, install_error_handlers
from consilience.web.state import QUESTIONS_PER_MINUTE, RateLimiter, WebState

if TYPE_CHECKING:
    from consilience.library import Library

#: Cookie that carries the access token after a browser first presents it as ?token=.
TOKEN_COOKIE = "consilience_token"

DESCRIPTION = """\
The JSON API of a Consilience library: search, read papers and their extracted facts,
plain-language articles, the consensus meter and graded answers. Errors are JSON:
`{"error": {"status": 404, "message": "..."}}`.
"""


def create_app(
    library: Library,
    *,
    token: str | None = None,
    questions_per_minute: int | None = QUESTIONS_PER_MINUTE,
    max_upload_bytes: int | None = None,
) -> FastAPI:
    """A web app serving ``library``: pages at ``/``, JSON at ``/api``, OpenAPI docs at ``/docs``.

    With ``token`` set, every request must present it, as ``Authorization: Bearer TOKEN``, as
    ``?token=TOKEN`` (a browser then keeps it in a cookie) or in that cookie. Each client may
    ask at most ``questions_per_minute`` questions (ask, meter and explain calls); None lifts
    the limit. Uploads for ingest may be ``max_upload_bytes`` long (default: the library's
    ``max_upload_mb`` setting, 200 MB); larger ones get 413.
    """
    app = FastAPIOffline(
        title="Consilience",
        version=consilience.__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        static_url="/static/docs",
    )
    limiter = RateLimiter(questions_per_minute) if questions_per_minute else None
    if max_upload_bytes is None:
        max_upload_bytes = int(library.settings.max_upload_mb * 1_000_000)
    app.state.web = WebState(
        library=library, token=token, ask_limiter=limiter, max_upload_bytes=max_upload_bytes
    )
    static = Path(str(resources.files("consilience.web") / "static"))
    app.mount("/static/app", StaticFiles(directory=static), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    install_error_handlers(app)
    if token:
        _require_token(app, token)
    return app


def _require_token(app: FastAPI, token: str) -> None:
    """Refuse requests that don't carry ``token`` (compared in constant time)."""

    @app.middleware("http")
    async def check_token(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        header = request.headers.get("authorization", "")
        offered = [
            header[7:] if header.lower().startswith("bearer ") else "",
            request.query_params.get("token", ""),
            request.cookies.get(TOKEN_COOKIE, ""),
        ]
        if not any(o and hmac.compare_digest(o.encode(), token.encode()) for o in offered):
            return error_response(request, 401, "an access token is required (see docs/web.md)")
        response = await call_next(request)
        if request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response
