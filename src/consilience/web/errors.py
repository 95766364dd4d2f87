"""Errors as a person or a program can use them: JSON under ``/api``, a page elsewhere.

Every error body has one shape, ``{"error": {"status": 404, "message": "...", ...}}``, and
never carries a stack trace: unexpected exceptions are logged and answered with a plain 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from consilience.errors import ConsilienceError, NotFoundError
from consilience.web.api import InvalidParameter
from consilience.web.state import AskUnavailable, RateLimited
from consilience.web.uploads import UploadError

log = logging.getLogger("consilience.web")


def wants_json(request: Request) -> bool:
    """API paths answer in JSON; pages answer in HTML unless the client asks only for JSON."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """One error, as JSON or as the error page."""
    if wants_json(request):
        body = {"error": {"status": status, "message": message, **extra}}
        return JSONResponse(jsonable_encoder(body), status_code=status)
    from consilience.web.templating import render_page

    return render_page(request, "error.html", status=status, title=f"Error {status}", message=message)


def _validation_message(errors: list[dict[str, Any]]) -> str:
    """'k: Input should be less than or equal to 100; q: Field required'."""
    parts = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into clean responses."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(InvalidParameter)
    async def invalid_parameter(request: Request, exc: InvalidParameter) -> Response:
        return error_response(request, 422, str(exc), param=exc.param)

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, exc: UploadError) -> Response:
        return error_response(request, exc.status, str(exc))

    @app.exception_handler(AskUnavailable)
    async def ask_unavailable(request: Request, exc: AskUnavailable) -> Response:
        return error_response(request, 501, str(exc))

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        response = error_response(request, 429, str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(ConsilienceError)
    async def consilience_error(request: Request, exc: ConsilienceError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in err.items() if k in ("loc", "msg", "type")} for err in exc.errors()]
        return error_response(request, 422, _validation_message(errors), details=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        response = error_response(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal error: the server log has the details")
