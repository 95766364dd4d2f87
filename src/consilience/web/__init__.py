"""The HTTP API and web app (the optional ``web`` extra: FastAPI, uvicorn, Jinja2).

``create_app(library)`` builds the app; ``serve(library, host=, port=)`` runs it with uvicorn.
Nothing outside this package imports it, so the base install never needs the extra.
"""

from __future__ import annotations

from consilience.web.app import create_app
from consilience.web.server import background_server, serve

__all__ = ["background_server", "create_app", "serve"]
