"""Run the app with uvicorn: bound to loopback unless told otherwise."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from consilience.errors import ConsilienceError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from consilience.library import Library


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    library: Library,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    log_level: str = "info",
) -> None:
    """Serve ``library`` until interrupted.

    A non-loopback ``host`` needs an access ``token``: the app would otherwise answer anyone
    on the network.
    """
    import uvicorn

    from consilience.web.app import create_app

    if not is_loopback(host) and not token:
        raise ConsilienceError(
            f"refusing to serve on {host} without an access token: pass --token "
            "(or set CONSILIENCE_TOKEN), or bind to 127.0.0.1"
        )
    uvicorn.run(create_app(library, token=token), host=host, port=port, log_level=log_level)


@contextmanager
def background_server(app: FastAPI, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread (port 0: any free one); yields its base URL.

    For tests, benchmarks and notebooks: the server stops when the block ends.
    """
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="consilience-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ConsilienceError(f"the web server did not start on {host}:{port}")
        time.sleep(0.02)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
