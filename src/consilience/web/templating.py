"""Jinja2 templates shipped in the package, with autoescaping always on.

Titles, abstracts, author names and questions all come from outside, so every value a
template prints is HTML-escaped unless a template marks it safe (none does with record text).

>>> env = environment()
>>> env.from_string("{{ x }}").render(x="<script>alert(1)</script>")
'&lt;script&gt;alert(1)&lt;/script&gt;'
>>> paper_url("doi:10.1001/jamasurg.2015.4539")
'/papers/doi:10.1001/jamasurg.2015.4539'
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi.responses import HTMLResponse
from starlette.requests import Request

import consilience
from consilience.web import views

#: Our pages load nothing from elsewhere and run only our own script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def paper_url(paper_id: str, **params: str) -> str:
    """The page of one paper (ids keep their ':' and '/'; anything else is percent-encoded)."""
    url = "/papers/" + quote(paper_id, safe=":/")
    query = {k: v for k, v in params.items() if v}
    return url + ("?" + urlencode(query) if query else "")


def api_paper_url(paper_id: str, suffix: str = "", **params: str) -> str:
    """The JSON twin of a paper page: ``/api/papers/ID`` plus ``/facts`` or ``/article``.

    >>> api_paper_url("pmid:1", "/article", audience="public")
    '/api/papers/pmid:1/article?audience=public'
    """
    return query_url("/api/papers/" + quote(paper_id, safe=":/") + suffix, **params)


def query_url(path: str, **params: Any) -> str:
    """``path`` with the non-empty parameters as a query string (lists repeat the key)."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((key, str(v)) for v in values if v not in (None, ""))
    return path + ("?" + urlencode(pairs) if pairs else "")


def fmt_number(value: float | None, digits: int = 2) -> str:
    """A figure as a person reads it: '0.66', '1,381', '' for none.

    >>> fmt_number(0.6612), fmt_number(1381), fmt_number(None)
    ('0.66', '1,381', '')
    """
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) >= 10:
        return f"{int(value):,}"
    return f"{value:.{digits}f}"


@functools.cache
def environment() -> jinja2.Environment:
    """The template environment (built once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("consilience.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        paper_url=paper_url, api_paper_url=api_paper_url, query_url=query_url, version=consilience.__version__
    )
    env.globals.update(ci_text=views.ci_text, pct=views.pct, cited=views.cited, runs=views.runs)
    env.filters["num"] = fmt_number
    return env


def render_page(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """Render one template to a response with the security headers every page carries."""
    html = environment().get_template(name).render(request_path=request.url.path, **context)
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )
