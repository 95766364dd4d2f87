"""The JSON API and the pages over a real uvicorn server on loopback, with real HTTP requests.

The library is the built-in demo library plus one hostile record whose title and abstract
hold markup, to prove that every page shows record text as text.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")

from consilience import Library
from consilience.demo import builtin_files
from consilience.errors import ConsilienceError
from consilience.web import background_server, create_app, serve

SEED_QUESTION = "Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?"
HOSTILE_PMID = "99999901"
HOSTILE_TITLE = "<script>alert('title')</script> & a trial"
HOSTILE_TEXT = "Results <img src=x onerror=alert(1)> were <b>bold</b>; HR 0.80 (95% CI 0.60-1.05)."
LABELS = {"yes", "no", "possibly", "mixed", "insufficient evidence"}
needs_ask = pytest.mark.skipif(not hasattr(Library, "ask"), reason="Library.ask has not landed yet")


class Reply:
    """One HTTP response, read whole."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(url: str, *, data: Any = None, headers: dict[str, str] | None = None) -> Reply:
    """GET (or POST ``data`` as JSON) with urllib; HTTP errors are replies, not exceptions."""
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers or {})
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
            )
    except urllib.error.HTTPError as err:
        return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


#: Records in the built-in library (the test library adds one hostile record to them).
BUILTIN_RECORDS = sum(
    1 for f in builtin_files() for line in f.read_text(encoding="utf-8").splitlines() if line.strip()
)


def write_hostile_record(folder: Path) -> Path:
    record = {
        "pmid": HOSTILE_PMID,
        "title": HOSTILE_TITLE,
        "journal": {"title": "Journal <i>of</i> Tests"},
        "pub_date": {"year": 2020},
        "authors": [{"last_name": "O'Brien <script>"}],
        "sections": [
            {"label": "METHODS", "category": "METHODS", "text": "A randomized trial of 120 women."},
            {"label": "RESULTS", "category": "RESULTS", "text": HOSTILE_TEXT},
        ],
    }
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("web_lib")
    with Library.open(folder / "lib") as lib:
        report = lib.ingest([*builtin_files(), write_hostile_record(folder)])
        assert report.rejected == 0
        lib.analyze()
        yield lib


@pytest.fixture(scope="module")
def base(library: Library) -> Iterator[str]:
    with background_server(create_app(library)) as url:
        yield url


def api(base: str, path: str, **params: Any) -> Reply:
    query = urllib.parse.urlencode(params, doseq=True)
    return fetch(f"{base}{path}" + (f"?{query}" if query else ""))


def assert_error(reply: Reply, status: int, *fragments: str) -> dict[str, Any]:
    assert reply.status == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = reply.json()["error"]
    assert error["status"] == status
    for fragment in fragments:
        assert fragment in error["message"]
    assert "Traceback" not in reply.text
    return error


# -- the JSON API -------------------------------------------------------------------------


def test_stats(base: str, library: Library) -> None:
    reply = api(base, "/api/stats")
    assert reply.status == 200
    assert (
        reply.json()["papers"] == library.stats()["papers"] == BUILTIN_RECORDS + 1
    )  # plus the hostile record


def test_search_returns_ranked_hits(base: str) -> None:
    reply = api(base, "/api/search", q="primary tumour surgery overall survival", k=5)
    assert reply.status == 200
    body = reply.json()
    assert body["count"] == len(body["hits"]) == 5
    assert [hit["rank"] for hit in body["hits"]] == [1, 2, 3, 4, 5]
    assert all(hit["paper_id"] and hit["title"] for hit in body["hits"])


def test_search_filters(base: str) -> None:
    rcts = api(base, "/api/search", q="surgery survival", k=50, design="rct").json()["hits"]
    assert rcts and all(hit["design"] == "rct" for hit in rcts)
    several = api(base, "/api/search", q="surgery survival", k=50, design=["rct", "meta-analysis"]).json()
    assert {hit["design"] for hit in several["hits"]} <= {"rct", "meta-analysis"}
    assert len(several["hits"]) > len(rcts)
    recent = api(base, "/api/search", q="surgery survival", k=50, year_from=2020, year_to=2022).json()
    assert recent["hits"] and all(2020 <= hit["year"] <= 2022 for hit in recent["hits"])
    large = api(base, "/api/search", q="surgery survival", k=50, min_n=10000).json()["hits"]
    assert all(hit["n"] is None or hit["n"] >= 10000 for hit in large)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"q": "surgery", "k": 0}, "k:"),
        ({"q": "surgery", "k": 101}, "k:"),
        ({"q": "surgery", "design": "astrology"}, "unknown study design 'astrology'"),
        ({"q": "surgery", "year_from": 2020, "year_to": 2010}, "after year_to"),
        ({"q": "surgery", "year_from": "last year"}, "year_from:"),
        ({"q": "x" * 501}, "q:"),
        ({}, "q: Field required"),
    ],
)
def test_search_rejects_bad_parameters(base: str, params: dict[str, Any], fragment: str) -> None:
    assert_error(api(base, "/api/search", **params), 422, fragment)


@pytest.mark.parametrize(
    "user_id",
    [
        "pmid:29777404",
        "29777404",
        "PMID:29777404",
        "10.1245/s10434-018-6494-6",
        "doi:10.1245%2Fs10434-018-6494-6",
    ],
)
def test_paper_by_any_identifier(base: str, user_id: str) -> None:
    reply = api(base, f"/api/papers/{user_id}")
    assert reply.status == 200, reply.text
    paper = reply.json()
    assert paper["id"] == "pmid:29777404"
    assert paper["sections"] and paper["title"].startswith("Protocol MF07-01")


def test_facts_and_article(base: str, library: Library) -> None:
    facts = api(base, "/api/papers/pmid:29777404/facts").json()
    assert facts["paper_id"] == "pmid:29777404"
    assert facts["design"]["design"] == library.facts("pmid:29777404").design.design == "rct"
    doi_id = next(p.id for p in library.papers() if p.id.startswith("doi:") and "/" in p.id)
    assert api(base, f"/api/papers/{doi_id}/facts").json()["paper_id"] == doi_id
    for audience in ("patient", "public", "clinician"):
        article = api(base, "/api/papers/pmid:29777404/article", audience=audience).json()
        assert article["audience"] == audience
        assert article["headline"] and article["sections"]


def test_unknown_paper_is_404_everywhere(base: str) -> None:
    for suffix in ("", "/facts", "/article"):
        assert_error(api(base, f"/api/papers/pmid:1{suffix}"), 404, "no paper with id 'pmid:1'")


def test_article_rejects_unknown_audience(base: str) -> None:
    error = assert_error(api(base, "/api/papers/pmid:29777404/article", audience="robots"), 422, "audience")
    assert error["details"][0]["loc"] == ["query", "audience"]


def test_meter(base: str) -> None:
    meter = api(base, "/api/meter", q=SEED_QUESTION).json()
    assert meter["question"]["text"] == SEED_QUESTION
    assert meter["considered"] > 0 and meter["by_design"]
    assert_error(api(base, "/api/meter", q=SEED_QUESTION, k=101), 422, "k:")


@needs_ask
def test_ask_get_and_post_give_the_same_answer(base: str) -> None:
    got = api(base, "/api/ask", q=SEED_QUESTION).json()
    posted = fetch(f"{base}/api/ask", data={"question": SEED_QUESTION}).json()
    assert posted == {**got, "seconds": posted["seconds"]}  # the same Answer, whichever verb asked
    assert got["question"]["text"] == SEED_QUESTION
    assert got["label"] in LABELS and got["label"] == posted["label"]
    assert got["references"] and got["cards"]
    assert {r["number"] for r in got["references"]} == set(range(1, len(got["references"]) + 1))
    cited = {pid for section in got["sections"] for claim in section["claims"] for pid in claim["cites"]}
    assert cited <= {r["paper_id"] for r in got["references"]}


@needs_ask
def test_ask_rejects_bad_requests(base: str) -> None:
    assert_error(api(base, "/api/ask", q=""), 422, "q:")
    assert_error(api(base, "/api/ask", q="y" * 501), 422, "q:")
    assert_error(fetch(f"{base}/api/ask", data={"question": "Q?", "extra": 1}), 422, "extra")
    assert_error(fetch(f"{base}/api/ask", data={"k": 3}), 422, "question")
    assert_error(api(base, "/api/ask", q="Q?", year_from=2020, year_to=2010), 422, "after year_to")


@needs_ask
def test_ask_year_filter_reaches_the_library(base: str) -> None:
    answer = fetch(f"{base}/api/ask", data={"question": SEED_QUESTION, "year_from": 2020}).json()
    assert answer["cards"] and all(card["year"] >= 2020 for card in answer["cards"])


@needs_ask
def test_ask_renders_other_formats(base: str) -> None:
    from consilience.web.api import answer_formats

    for fmt in answer_formats():
        reply = api(base, "/api/ask", q=SEED_QUESTION, format=fmt)
        assert reply.status == 200
        assert SEED_QUESTION.split()[2] in reply.text
    assert_error(api(base, "/api/ask", q=SEED_QUESTION, format="pdf"), 422, "format")


@pytest.mark.parametrize(
    ("fmt", "media_type", "marker"),
    [
        ("jsonl", "application/x-ndjson", '"pmid:29777404"'),
        ("csv", "text/csv", "29777404"),
        ("bibtex", "application/x-bibtex", "@article"),
        ("ris", "application/x-research-info-systems", "TY  - JOUR"),
    ],
)
def test_export_formats(base: str, fmt: str, media_type: str, marker: str) -> None:
    reply = api(base, "/api/export", format=fmt, ids="29777404,pmid:31082916")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith(media_type)
    assert "attachment" in reply.headers["content-disposition"]
    assert marker in reply.text and "31082916" in reply.text


def test_export_whole_library_and_errors(base: str) -> None:
    lines = api(base, "/api/export", format="jsonl").text.splitlines()
    assert len(lines) == BUILTIN_RECORDS + 1
    assert_error(api(base, "/api/export", format="docx"), 422, "format")
    assert_error(api(base, "/api/export", format="ris", ids="pmid:1"), 404, "pmid:1")


def test_openapi_and_offline_docs(base: str) -> None:
    schema = api(base, "/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/search",
        "/api/ask",
        "/api/meter",
        "/api/stats",
        "/api/export",
        "/api/papers/{paper_id}",
    ):
        assert path in paths, paths
    assert not any(p.startswith(("/papers", "/search", "/library")) for p in paths)  # pages stay out
    docs = api(base, "/docs")
    assert docs.status == 200 and "/static/docs/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert api(base, "/static/docs/swagger-ui-bundle.js").status == 200


def test_concurrent_requests_all_succeed(base: str) -> None:
    replies: list[int] = []

    def worker(index: int) -> None:
        for query in ("surgery survival", "radiotherapy local control", "endocrine therapy"):
            replies.append(api(base, "/api/search", q=query, k=5 + index).status)
        replies.append(api(base, "/api/papers/pmid:29777404/facts").status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert replies == [200] * 32


# -- the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/search", "/search?q=surgery&design=rct&year_from=2015", "/library", "/papers/pmid:29777404"],
)
def test_pages_render_with_security_headers(base: str, path: str) -> None:
    reply = fetch(base + path)
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in reply.headers["content-security-policy"]
    assert '<main id="main"' in reply.text and 'lang="en"' in reply.text
    assert "http://" not in reply.text.replace(base, "") and "//cdn" not in reply.text


def test_search_page_keeps_filters(base: str) -> None:
    page = fetch(base + "/search?q=surgery&design=rct&year_from=2015&min_n=100").text
    assert '<option value="rct" selected>' in page
    assert 'name="year_from" type="number" min="1000" max="3000" inputmode="numeric" value="2015"' in page
    assert "/papers/pmid:" in page


def test_paper_page_highlights_facts_and_switches_audience(base: str) -> None:
    page = fetch(base + "/papers/pmid:29777404").text
    assert 'class="f-effect"' in page or 'class="f-sample"' in page
    assert '<option value="patient" selected>' in page
    clinician = fetch(base + "/papers/pmid:29777404?audience=clinician").text
    assert 'data-audience="clinician"' in clinician
    assert fetch(base + "/papers/pmid:29777404?audience=robots").status == 422


def test_page_errors_are_pages(base: str) -> None:
    missing = fetch(base + "/papers/pmid:1")
    assert missing.status == 404 and missing.headers["content-type"].startswith("text/html")
    assert "no paper with id" in missing.text and 'role="alert"' in missing.text
    assert fetch(base + "/no/such/page").status == 404
    bad = fetch(base + "/search?q=x&design=astrology")
    assert bad.status == 422 and "unknown study design" in bad.text


def test_record_text_is_escaped(base: str) -> None:
    page = fetch(base + f"/papers/pmid:{HOSTILE_PMID}")
    assert page.status == 200
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; a trial" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "<script>alert" not in page.text and "<img src=x" not in page.text and "<b>bold" not in page.text
    assert "O&#39;Brien &lt;script&gt;" in page.text
    found = fetch(base + "/search?" + urllib.parse.urlencode({"q": "onerror alert bold"})).text
    assert "<img src=x" not in found and HOSTILE_PMID in found


def test_query_text_is_escaped(base: str) -> None:
    probe = '"><script>alert(1)</script>'
    for path in ("/search", "/ask", "/explain"):
        reply = fetch(f"{base}{path}?" + urllib.parse.urlencode({"q": probe}))
        assert "<script>alert(1)" not in reply.text
        if reply.status == 200:
            assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in reply.text


@needs_ask
def test_answer_page(base: str) -> None:
    reply = fetch(f"{base}/ask?" + urllib.parse.urlencode({"q": SEED_QUESTION}))
    assert reply.status == 200, reply.text[:500]
    page = reply.text
    answer = api(base, "/api/ask", q=SEED_QUESTION).json()
    assert f'id="verdict-label">{answer["label"]}<' in page
    assert 'id="meter-h"' in page and 'id="refs-h"' in page
    for card in answer["cards"]:
        assert f'id="card-{card["ref"]}"' in page
    assert 'class="cite" href="#card-' in page or 'class="cite" href="#ref-' in page
    if answer["pooled"]:
        assert 'class="forest" src="data:image/svg+xml;base64,' in page
    assert fetch(f"{base}/ask").status == 200  # an empty question goes back to the home page


@needs_ask
def test_answer_exports(base: str) -> None:
    """The answer page's export buttons: the answer as Markdown, HTML and JSON, and its cited
    papers as CSV, BibTeX and RIS, each fetched from the link the page carries."""
    page = fetch(f"{base}/ask?" + urllib.parse.urlencode({"q": SEED_QUESTION})).text
    links = {
        fmt: html.unescape(href)
        for href, fmt in re.findall(r'<a href="([^"]+)" download="[^"]+" data-export="([^"]+)"', page)
    }
    assert set(links) == {"json", "md", "html", "csv", "bibtex", "ris"}, links
    answer = api(base, "/api/ask", q=SEED_QUESTION).json()
    refs = answer["references"]
    assert refs

    as_json = fetch(base + links["json"])
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_json.json()["label"] == answer["label"]
    markdown = fetch(base + links["md"])
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert answer["question"]["text"] in markdown.text and "[1]" in markdown.text
    rendered = fetch(base + links["html"])
    assert rendered.headers["content-type"].startswith("text/html")
    assert "script-src" not in rendered.headers["content-security-policy"]  # default-src 'none'
    assert "default-src 'none'" in rendered.headers["content-security-policy"]
    assert "<script" not in rendered.text.lower()

    cited_ids = [r["pmid"] or r["doi"] or r["paper_id"] for r in refs]
    rows = list(csv.DictReader(io.StringIO(fetch(base + links["csv"]).text)))
    assert sorted(row["id"] for row in rows) == sorted(r["paper_id"] for r in refs)  # one row per paper
    bib = fetch(base + links["bibtex"])
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    assert bib.text.count("@") == len(refs)
    ris = fetch(base + links["ris"]).text
    assert ris.count("TY  - ") == len(refs)
    for ident in cited_ids:
        assert ident.lower() in ris.lower(), ident


@needs_ask
def test_explain(base: str) -> None:
    explainer = api(base, "/api/explain", q=SEED_QUESTION).json()
    assert explainer["question"] == SEED_QUESTION and explainer["audience"] == "patient"
    assert explainer["headline"] and explainer["sections"] and explainer["references"]
    assert explainer["label"] in LABELS
    public = api(base, "/api/explain", q=SEED_QUESTION, audience="public").json()
    assert public["audience"] == "public"
    markdown = api(base, "/api/explain", q=SEED_QUESTION, format="md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# " + explainer["headline"])
    page = api(base, "/api/explain", q=SEED_QUESTION, format="html")
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert_error(api(base, "/api/explain", q=SEED_QUESTION, audience="clinician"), 422, "audience")
    assert_error(api(base, "/api/explain", q=""), 422, "q:")
    assert_error(api(base, "/api/explain", q=SEED_QUESTION, format="pdf"), 422, "format")
    assert_error(
        api(base, "/api/explain", q="Surgery plays a trivial role"), 400, "cannot write an explainer"
    )


@needs_ask
def test_explainer_page(base: str) -> None:
    answer_page = fetch(f"{base}/ask?" + urllib.parse.urlencode({"q": SEED_QUESTION})).text
    assert ">Explain this for patients</a>" in answer_page
    reply = fetch(f"{base}/explain?" + urllib.parse.urlencode({"q": SEED_QUESTION, "audience": "public"}))
    assert reply.status == 200, reply.text[:500]
    explainer = api(base, "/api/explain", q=SEED_QUESTION, audience="public").json()
    assert f'<h1 id="explainer-h">{html.escape(explainer["headline"], quote=False)}</h1>' in reply.text
    assert 'data-audience="public"' in reply.text and '<option value="public" selected>' in reply.text
    for ref in explainer["references"]:
        assert f'id="ref-{ref["number"]}"' in reply.text
    assert 'class="cite" href="#ref-1"' in reply.text
    assert "script-src 'self'" in reply.headers["content-security-policy"]
    assert fetch(f"{base}/explain?q=Q%3F&audience=clinician").status == 422
    assert fetch(f"{base}/explain").status == 200  # no question: back to the home page


# -- ingest of uploaded files ----------------------------------------------------------------

UPLOAD_LIMIT = 4000


def pubmed_xml(*records: tuple[str, str, str]) -> bytes:
    """A PubMed XML file of invented (pmid, title, abstract) records."""
    articles = "".join(
        f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article><ArticleTitle>{title}</ArticleTitle>"
        f"<Abstract><AbstractText>{text}</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n"
        for pmid, title, text in records
    )
    return f'<?xml version="1.0"?>\n<PubmedArticleSet>\n{articles}</PubmedArticleSet>\n'.encode()


GOOD_XML = pubmed_xml(
    (
        "88880001",
        "Quillwort tea for chronic cough: a randomized trial",
        "We randomized 80 adults with cough.",
    ),
    ("88880002", "Quillwort tea and sleep: a cohort study", "A cohort of 412 adults drank quillwort tea."),
)
ONE_BAD_XML = pubmed_xml(
    ("88880003", "Marshwort drops for earache: a pilot trial", "Twenty children received marshwort drops."),
    ("88880x04", "A record with a broken PMID", "It must be rejected."),
)


def multipart(filename: str, content: bytes, **fields: str) -> tuple[bytes, str]:
    """A multipart/form-data body with one file (field 'file') and plain fields."""
    boundary = "----consilience-test-boundary-7d1f"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(url: str, filename: str, content: bytes, path: str = "/api/ingest", **fields: str) -> Reply:
    body, content_type = multipart(filename, content, **fields)
    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
            )
    except urllib.error.HTTPError as err:
        return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def wait_for(url: str, job: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        state: dict[str, Any] = fetch(url + job["url"]).json()
        if state["status"] in ("done", "failed"):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.05)


@pytest.fixture(scope="module")
def upload_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, str]]:
    """A library that starts empty, served with a small upload limit."""
    lib = Library.open(tmp_path_factory.mktemp("upload_lib") / "lib")
    with lib, background_server(create_app(lib, max_upload_bytes=UPLOAD_LIMIT)) as url:
        yield lib, url


def test_ingest_upload(upload_lib: tuple[Library, str]) -> None:
    lib, url = upload_lib
    reply = upload(url, "quillwort.xml", GOOD_XML)
    assert reply.status == 202, reply.text
    job = reply.json()
    assert job["status"] in ("queued", "running", "done") and job["format"] == "pubmed-xml"
    assert reply.headers["location"] == job["url"] == f"/api/ingest/{job['id']}"
    done = wait_for(url, job)
    assert done["status"] == "done", done
    assert (done["records"], done["added"], done["rejected"]) == (2, 2, 0)
    assert done["papers"] == lib.stats()["papers"]
    hits = api(url, "/api/search", q="quillwort tea cough").json()["hits"]
    assert hits[0]["paper_id"] == "pmid:88880001"  # searchable as soon as the job is done
    assert not list((lib.path / "uploads").iterdir())  # the temporary file is gone

    again = wait_for(url, upload(url, "quillwort.xml", GOOD_XML).json())
    assert (again["added"], again["unchanged"]) == (0, 2)  # the same validating, idempotent ingest
    jobs = api(url, "/api/ingest").json()
    assert [j["id"] for j in jobs[:2]] == [again["id"], done["id"]]
    page = fetch(url + done["page"])
    assert page.status == 200 and "quillwort.xml" in page.text and "http-equiv" not in page.text
    assert "quillwort.xml" in fetch(url + "/library").text


def test_ingest_reports_each_rejection_with_its_reason(upload_lib: tuple[Library, str]) -> None:
    lib, url = upload_lib
    done = wait_for(url, upload(url, "marshwort.xml", ONE_BAD_XML).json())
    assert done["status"] == "done"
    assert (done["records"], done["added"], done["rejected"]) == (2, 1, 1)
    assert done["rejections"] == [{"position": 2, "record": "", "reason": "PMID '88880x04' is not a number"}]
    lib.get("pmid:88880003")
    page = fetch(url + done["page"]).text
    assert "PMID &#39;88880x04&#39; is not a number" in page

    lines = [
        json.dumps({"pmid": "88880005", "title": "Fernleaf syrup in asthma", "pub_date": {"year": 2022}}),
        "{not json",
    ]
    zipped = gzip.compress(("\n".join(lines) + "\n").encode())
    done = wait_for(url, upload(url, "records.jsonl.gz", zipped).json())
    assert (done["format"], done["added"], done["rejected"]) == ("jsonl", 1, 1)
    assert done["rejections"][0]["position"] == 2 and "JSON" in done["rejections"][0]["reason"]


def test_ingest_events_stream(upload_lib: tuple[Library, str]) -> None:
    _, url = upload_lib
    job = upload(url, "events.xml", pubmed_xml(("88880006", "Sedgeroot", "Ten adults."))).json()
    with urllib.request.urlopen(url + job["events"], timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = response.read().decode()
    events = re.findall(r"^event: (\w+)\ndata: (.*)$", stream, flags=re.MULTILINE)
    assert events and events[-1][0] == "done"
    assert json.loads(events[-1][1])["added"] == 1
    assert_error(api(url, "/api/ingest/nope/events"), 404, "no ingest job")
    assert_error(api(url, "/api/ingest/nope"), 404, "no ingest job")


def test_ingest_refuses_bad_uploads(upload_lib: tuple[Library, str]) -> None:
    lib, url = upload_lib
    before = lib.stats()["papers"]
    too_big = b"<PubmedArticleSet>" + b" " * UPLOAD_LIMIT
    assert_error(
        upload(url, "big.xml", too_big), 413, "larger than the limit of 4 kB"
    )  # counted as it streams
    huge = b" " * (UPLOAD_LIMIT + 70_000)
    assert_error(upload(url, "huge.xml", huge), 413, "larger than the limit")  # refused by its Content-Length
    error = assert_error(
        upload(url, "notes.pdf", b"%PDF-1.7 not a bibliography"), 422, "cannot tell the format"
    )
    assert error["param"] == "format" and "notes.pdf" in error["message"]
    assert_error(upload(url, "x.xml", GOOD_XML, format="docx"), 422, "unknown format 'docx'")
    assert_error(upload(url, "empty.xml", b""), 422, "empty.xml is empty")
    assert_error(fetch(url + "/api/ingest", data={"file": "x"}), 415, "multipart/form-data")
    body = b"--b\r\nContent-Disposition: form-data; name=format\r\n\r\nris\r\n--b--\r\n"
    request = urllib.request.Request(
        url + "/api/ingest", data=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=60)
    assert caught.value.code == 422 and b"no file in the upload" in caught.value.read()
    assert lib.stats()["papers"] == before
    assert not list((lib.path / "uploads").iterdir())  # nothing refused is left behind


def test_ingest_refuses_cross_site_and_tokenless_uploads(upload_lib: tuple[Library, str]) -> None:
    lib, url = upload_lib
    body, content_type = multipart("x.xml", GOOD_XML)
    for headers in ({"Origin": "https://example.org"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        request = urllib.request.Request(
            url + "/api/ingest", data=body, headers={"Content-Type": content_type, **headers}
        )
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=60)
        assert caught.value.code == 403 and b"other sites" in caught.value.read()
    same = {"Content-Type": content_type, "Origin": url, "Sec-Fetch-Site": "same-origin"}
    request = urllib.request.Request(url + "/api/ingest", data=body, headers=same)
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 202
        wait_for(url, json.loads(response.read()))
    with background_server(create_app(lib, token="s3cret")) as guarded:
        assert_error(upload(guarded, "x.xml", GOOD_XML), 401, "access token")
        request = urllib.request.Request(
            guarded + "/api/ingest",
            data=body,
            headers={"Content-Type": content_type, "Authorization": "Bearer s3cret"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            job = json.loads(response.read())
        done = fetch(guarded + job["url"], headers={"Authorization": "Bearer s3cret"}).json()
        while done["status"] not in ("done", "failed"):
            time.sleep(0.05)
            done = fetch(guarded + job["url"], headers={"Authorization": "Bearer s3cret"}).json()
        assert done["status"] == "done"


def test_ingest_form_without_script(upload_lib: tuple[Library, str]) -> None:
    _, url = upload_lib
    reply = upload(
        url, "form.xml", pubmed_xml(("88880007", "Reedmace", "Six adults.")), path="/library/ingest"
    )
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")  # after the 303
    assert "Ingest of form.xml" in reply.text
    error = upload(url, "notes.pdf", b"%PDF", path="/library/ingest")
    assert error.status == 422 and error.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in error.text and "cannot tell the format" in error.text
    library_page = fetch(url + "/library").text
    assert 'enctype="multipart/form-data"' in library_page and 'data-max-bytes="4000"' in library_page
    assert "up to 4 kB" in library_page


def test_upload_limit_setting(tmp_path: Path) -> None:
    from consilience.settings import Settings

    with Library.open(tmp_path / "lib", settings=Settings(max_upload_mb=1.5)) as lib:
        assert create_app(lib).state.web.max_upload_bytes == 1_500_000
    with Library.open(tmp_path / "lib2") as lib:
        assert create_app(lib).state.web.max_upload_bytes == 200_000_000


def test_openapi_documents_the_upload(base: str) -> None:
    schema = api(base, "/openapi.json").json()
    body = schema["paths"]["/api/ingest"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert body["schema"]["properties"]["file"]["format"] == "binary"
    for path in ("/api/explain", "/api/ingest/{job_id}", "/api/ingest/{job_id}/events"):
        assert path in schema["paths"]


# -- access control and the command --------------------------------------------------------


def test_access_token(library: Library) -> None:
    with background_server(create_app(library, token="s3cret")) as url:
        assert_error(fetch(url + "/api/stats"), 401, "access token")
        assert_error(fetch(url + "/api/stats", headers={"Authorization": "Bearer wrong"}), 401)
        assert fetch(url + "/api/stats", headers={"Authorization": "Bearer s3cret"}).status == 200
        first = fetch(url + "/?token=s3cret")
        assert first.status == 200 and "consilience_token=s3cret" in first.headers["set-cookie"]
        assert fetch(url + "/library", headers={"Cookie": "consilience_token=s3cret"}).status == 200
        assert fetch(url + "/library").status == 401


def test_questions_are_rate_limited(library: Library) -> None:
    with background_server(create_app(library, questions_per_minute=2)) as url:
        for _ in range(2):
            assert api(url, "/api/meter", q="Does surgery improve survival?").status == 200
        error = assert_error(api(url, "/api/meter", q="Does surgery improve survival?"), 429, "too many")
        assert error["message"].startswith("too many questions")
        assert int(api(url, "/api/meter", q="again?").headers["retry-after"]) > 0
        assert api(url, "/api/search", q="surgery").status == 200  # cheap routes are not limited


def test_serve_refuses_open_host_without_token(library: Library) -> None:
    with pytest.raises(ConsilienceError, match="without an access token"):
        serve(library, host="0.0.0.0", port=0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_cli_serve(library: Library) -> None:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "consilience",
        "serve",
        "--port",
        str(port),
        "--library",
        str(library.path),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                reply = fetch(f"http://127.0.0.1:{port}/api/stats")
                break
            except urllib.error.URLError:
                assert process.poll() is None, process.communicate()[0]
                assert time.monotonic() < deadline, "consilience serve did not start"
                time.sleep(0.2)
        assert reply.status == 200 and reply.json()["papers"] == BUILTIN_RECORDS + 1
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Uvicorn running on http://127.0.0.1" in output
