"""Live sources against a real HTTP server on loopback that speaks E-utilities and Europe PMC.

The server answers in the real formats from fixtures under tests/fixtures/sources/ (all
records invented), pages the way the services do, and injects the faults they show: 429
with Retry-After, 5xx, truncated bodies, slow answers, malformed XML. No test touches
the internet.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from consilience import Library, Settings
from consilience.cli import app
from consilience.ingest.records import Parsed, Rejected
from consilience.sources import (
    OfflineError,
    RateLimiter,
    SourceError,
    list_fetches,
    load_manifest,
    paper_from_europepmc,
)
from consilience.sources.europepmc import abstract_sections, plain_text
from consilience.sources.fetch import make_getter
from consilience.sources.http import HttpGetter

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
QUERY = "invented fixture"


# -- the loopback server --------------------------------------------------------------------


@dataclass
class Request:
    path: str
    params: dict[str, str]
    at: float


@dataclass
class FakeServices:
    """State shared with the handler: fixtures, a log of requests, and faults to inject."""

    url: str = ""
    requests: list[Request] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)  # endpoint -> faults, used in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.esearch = json.loads((FIXTURES / "esearch.json").read_text())
        root = etree.parse(str(FIXTURES / "efetch.xml")).getroot()
        self.articles = [etree.tostring(el) for el in root.iter("PubmedArticle")]
        self.europepmc = json.loads((FIXTURES / "europepmc-search.json").read_text())

    def calls(self, endpoint: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path.endswith(endpoint)]

    def next_fault(self, endpoint: str) -> str:
        with self.lock:
            queue = self.faults.get(endpoint) or []
            return queue.pop(0) if queue else ""

    # the endpoints: (status, content type, body)

    def esearch_reply(self, params: dict[str, str]) -> tuple[int, str, bytes]:
        if "unbalanced" in params.get("term", ""):
            return 200, "application/json", (FIXTURES / "esearch-error.json").read_bytes()
        data = json.loads(json.dumps(self.esearch))
        result = data["esearchresult"]
        if "nothing" in params.get("term", ""):
            result["count"], result["idlist"] = "0", []
        start, size = int(params.get("retstart", 0)), int(params.get("retmax", 20))
        result["idlist"] = result["idlist"][start : start + size]
        result["retmax"], result["retstart"] = str(len(result["idlist"])), str(start)
        return 200, "application/json; charset=UTF-8", json.dumps(data).encode()

    def efetch_reply(self, params: dict[str, str]) -> tuple[int, str, bytes]:
        if params.get("WebEnv") != self.esearch["esearchresult"]["webenv"]:
            body = b"<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>"
            return 200, "text/xml", body
        start, size = int(params["retstart"]), int(params["retmax"])
        records = b"\n".join(self.articles[start : start + size])
        return (
            200,
            "text/xml; charset=UTF-8",
            b"<?xml version='1.0'?>\n<PubmedArticleSet>\n%s\n</PubmedArticleSet>\n" % records,
        )

    def europepmc_reply(self, params: dict[str, str]) -> tuple[int, str, bytes]:
        cursor = params.get("cursorMark", "*")
        start = 0 if cursor == "*" else int(cursor.removeprefix("AoJw"))
        size = int(params.get("pageSize", 25))
        results = [] if "nothing" in params.get("query", "") else self.europepmc["resultList"]["result"]
        page = results[start : start + size]
        end = start + len(page)
        data = dict(self.europepmc)
        data["resultList"], data["hitCount"] = {"result": page}, len(results)
        # Like the real service: an unchanged cursor marks the last page.
        data["nextCursorMark"] = f"AoJw{end}" if end < len(results) else cursor
        data["request"] = {**data["request"], "cursorMark": cursor, "pageSize": size}
        return 200, "application/json", json.dumps(data).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    services: FakeServices

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        services = self.server.services  # type: ignore[attr-defined]
        with services.lock:
            services.requests.append(Request(url.path, params, time.monotonic()))
        endpoint = url.path.rsplit("/", 1)[-1]
        fault = services.next_fault(endpoint)
        try:
            if fault in ("429", "500", "503"):
                body = b'{"error": "fault injected"}'
                self.send_response(int(fault))
                if fault == "429":
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if fault == "slow":
                time.sleep(1.0)
            if endpoint == "esearch.fcgi":
                status, ctype, body = services.esearch_reply(params)
            elif endpoint == "efetch.fcgi":
                status, ctype, body = services.efetch_reply(params)
            elif endpoint == "search":
                status, ctype, body = services.europepmc_reply(params)
            elif endpoint == "ping":
                status, ctype, body = 200, "text/plain", b"pong"
            else:
                status, ctype, body = 404, "text/plain", b"no such endpoint"
            if fault == "malformed":  # one record's element closes with the wrong tag
                body = body.replace(b"</ArticleTitle>", b"</ArticleTitel>", 2).replace(
                    b"</ArticleTitel>", b"</ArticleTitle>", 1
                )
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if fault == "truncate":  # promise the whole body, send half, hang up
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
                return
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts)
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up on a slow answer is part of the tests


@pytest.fixture
def services() -> Iterator[FakeServices]:
    server = _Server(("127.0.0.1", 0), Handler)
    state = FakeServices(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.services = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def settings_for(root: Path, services: FakeServices | None, **overrides: Any) -> Settings:
    url = services.url if services is not None else f"http://127.0.0.1:{closed_port()}"
    values: dict[str, Any] = {
        "library": root,
        "pubmed_url": f"{url}/eutils/",
        "europepmc_url": f"{url}/europepmc/",
        "ncbi_requests_per_second": 500.0,
        "europepmc_requests_per_second": 500.0,
        "ncbi_email": "tester@example.org",
        "fetch_backoff": 0.01,
        "fetch_timeout": 5.0,
        "dense": "off",
    }
    return Settings(**(values | overrides))


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- PubMed ---------------------------------------------------------------------------------


def test_pubmed_fetch_pages_through_efetch_into_sqlite(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services, fetch_batch_size=2)) as lib:
        report = lib.fetch(QUERY, limit=10)
        counts = report.counts()
        assert (counts["found"], counts["retrieved"], counts["added"]) == (3, 3, 3)
        paper = lib.get("39000002")
        assert paper.title.startswith("Aspirin for primary prevention")
        assert paper.ids.pmcid == "PMC9900002"
        assert paper.source.url == "https://pubmed.ncbi.nlm.nih.gov/39000002/"
        assert paper.source.file.startswith("sources/") and paper.source.format == "pubmed-xml"
        assert (lib.path / paper.source.file).is_file()
        assert lib.stats()["papers"] == 3
        assert [h.paper_id for h in lib.search("hypofractionated radiotherapy", k=1, mode="lexical")] == [
            "pmid:39000001"
        ]
    efetch = services.calls("efetch.fcgi")
    assert [(c.params["retstart"], c.params["retmax"]) for c in efetch] == [("0", "2"), ("2", "1")]
    search = services.calls("esearch.fcgi")[0].params
    assert search["usehistory"] == "y" and search["tool"] == "consilience"
    assert search["email"] == "tester@example.org" and "api_key" not in search


def test_fetch_is_logged_with_query_ids_and_raw_responses(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services, fetch_batch_size=2)) as lib:
        report = lib.fetch(QUERY, limit=10, since=2015)
        (manifest,) = lib.fetches()
    assert manifest.fetch_id == report.sources[0].fetch_id
    assert (manifest.source, manifest.query, manifest.since, manifest.status) == (
        "pubmed",
        QUERY,
        2015,
        "complete",
    )
    assert manifest.term == f'({QUERY}) AND ("2015"[dp] : "3000"[dp])'
    assert manifest.ids == ["39000001", "39000002", "39000003"] and manifest.found == 3
    assert manifest.counts["added"] == 3
    assert [r.file for r in manifest.requests] == ["0001-esearch.json", "0002-efetch.xml", "0003-efetch.xml"]
    directory = tmp_path / "lib" / "sources" / manifest.fetch_id
    assert json.loads((directory / "0001-esearch.json").read_text())["esearchresult"]["count"] == "3"
    raw = (directory / "fetch.json").read_text()
    assert "tester@example.org" not in raw and "tool" not in manifest.requests[0].params
    assert services.calls("esearch.fcgi")[0].params["term"] == manifest.term


def test_fetching_again_counts_unchanged(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        lib.fetch(QUERY)
        again = lib.fetch(QUERY).counts()
        assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
        assert len(lib.fetches()) == 2


def test_esearch_error_is_reported_not_retried(tmp_path: Path, services: FakeServices) -> None:
    with (
        Library.open(settings=settings_for(tmp_path / "lib", services)) as lib,
        pytest.raises(SourceError, match="PubMed refused the search: Invalid query"),
    ):
        lib.fetch("(unbalanced")
    assert len(services.calls("esearch.fcgi")) == 1
    (manifest,) = list_fetches(tmp_path / "lib" / "sources")
    assert manifest.status == "failed" and "Invalid query" in manifest.error


def test_a_search_without_matches_fetches_nothing(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        report = lib.fetch("nothing matches this", source="both")
        assert report.counts() == dict.fromkeys(report.counts(), 0)
        assert [m.status for m in lib.fetches()] == ["complete", "complete"]
    assert not services.calls("efetch.fcgi") and len(services.calls("search")) == 1


# -- faults ---------------------------------------------------------------------------------


def test_retries_429_with_retry_after_and_503(tmp_path: Path, services: FakeServices) -> None:
    services.faults = {"esearch.fcgi": ["429"], "efetch.fcgi": ["503", "500"]}
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        assert lib.fetch(QUERY).counts()["added"] == 3
        (manifest,) = lib.fetches()
    first, second = services.calls("esearch.fcgi")
    assert second.at - first.at >= 0.95  # Retry-After: 1 was honoured, not the 0.01 s backoff
    assert [r.attempts for r in manifest.requests] == [2, 3]


def test_retries_truncated_and_slow_replies(tmp_path: Path, services: FakeServices) -> None:
    services.faults = {"efetch.fcgi": ["truncate", "slow"]}
    with Library.open(settings=settings_for(tmp_path / "lib", services, fetch_timeout=0.3)) as lib:
        assert lib.fetch(QUERY).counts()["added"] == 3
    assert len(services.calls("efetch.fcgi")) == 3


def test_gives_up_after_the_retries(tmp_path: Path, services: FakeServices) -> None:
    services.faults = {"esearch.fcgi": ["503"] * 10}
    with (
        Library.open(settings=settings_for(tmp_path / "lib", services, fetch_retries=2)) as lib,
        pytest.raises(SourceError, match=r"kept failing: HTTP 503 after 3 tries"),
    ):
        lib.fetch(QUERY)
    assert len(services.calls("esearch.fcgi")) == 3


def test_malformed_xml_costs_only_the_broken_record(tmp_path: Path, services: FakeServices) -> None:
    services.faults = {"efetch.fcgi": ["malformed"]}
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        report = lib.fetch(QUERY)
        assert (report.counts()["added"], report.counts()["rejected"]) == (2, 1)
        assert "39000002" in str(report.sources[0].rejections[0])
        assert lib.stats()["papers"] == 2


def test_offline_fails_fast_with_one_clear_line(tmp_path: Path) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", None)) as lib:
        start = time.monotonic()
        with pytest.raises(OfflineError) as info:
            lib.fetch(QUERY)
        assert time.monotonic() - start < 2
        assert lib.stats()["papers"] == 0
    message = str(info.value)
    assert message.startswith("no network: cannot reach PubMed at 127.0.0.1")
    assert "the local library is still usable" in message and "\n" not in message


# -- Europe PMC and both --------------------------------------------------------------------


def test_europepmc_pages_with_cursor_mark(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services, fetch_batch_size=2)) as lib:
        report = lib.fetch(QUERY, source="europepmc", limit=50)
        assert report.counts()["added"] == 3 and report.sources[0].ids == [
            "MED:39000002",
            "MED:39000010",
            "PPR:PPR900001",
        ]
        trial = lib.get("PMC9900010")
        preprint = lib.get("10.9999/preprint.2024.001")
    assert [c.params["cursorMark"] for c in services.calls("search")] == ["*", "AoJw2"]
    assert trial.id == "pmid:39000010" and trial.ids.doi == "10.9999/jio.2021.0010"
    assert (
        trial.title
        == "Exercise during adjuvant chemotherapy and invented fatigue scores: a randomised trial."
    )
    assert [s.label for s in trial.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert "(95% CI 1.1–7.3)" in trial.sections[2].text
    assert (trial.pub_date.year, trial.pub_date.month) == (2021, 7)
    assert [a.display for a in trial.authors] == ["Quill C", "Sample D"]
    assert trial.journal.iso_abbrev == "J Invent Oncol" and trial.journal.volume == "10"
    assert trial.mesh[0].major and trial.grants[0].agency == "Placeholder Research Council"
    assert preprint.id == "doi:10.9999/preprint.2024.001" and preprint.publisher == "Invented Preprint Server"
    assert preprint.source.url == "https://europepmc.org/article/PPR/PPR900001"


def test_both_sources_remove_duplicates_and_keep_pubmed(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        report = lib.fetch(QUERY, source="both")
        pubmed, europepmc = report.sources
        assert (pubmed.added, europepmc.retrieved, europepmc.duplicates, europepmc.added) == (3, 3, 1, 2)
        assert lib.get("39000002").source.format == "pubmed-xml"
        assert lib.stats()["papers"] == 5
        # Europe PMC alone later: its copy of a PubMed record never replaces the PubMed one.
        later = lib.fetch(QUERY, source="europepmc").sources[0]
        assert (later.added, later.updated, later.unchanged) == (0, 0, 3)
        assert lib.get("39000002").source.format == "pubmed-xml"


def test_europepmc_record_parsing() -> None:
    item = paper_from_europepmc(
        {"id": "X1", "source": "CTX", "title": "", "abstractText": "Text &amp; more."}, "f.json", 4
    )
    assert isinstance(item, Parsed)
    assert item.paper.id == "europepmc:CTX:X1" and item.paper.abstract == "Text & more."
    assert isinstance(paper_from_europepmc({"title": "No id at all"}, "f.json", 5), Rejected)


@given(st.text(max_size=300))
def test_abstract_html_never_raises(text: str) -> None:
    sections = abstract_sections(text)
    assert all(s.text for s in sections)
    plain_text(text)


# -- reproducibility: replay from the cache -------------------------------------------------


def test_replay_offline_from_a_copied_cache(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "online", services, fetch_batch_size=2)) as lib:
        lib.fetch(QUERY, source="both", limit=10)
        digest = lib.content_digest()
    served = len(services.requests)
    (tmp_path / "offline").mkdir()
    shutil.copytree(tmp_path / "online" / "sources", tmp_path / "offline" / "sources")
    with Library.open(settings=settings_for(tmp_path / "offline", None, fetch_batch_size=2)) as lib:
        with pytest.raises(SourceError, match="no complete PubMed fetch"):
            lib.fetch(QUERY, limit=99, offline=True)
        report = lib.fetch(QUERY, source="both", limit=10, offline=True)
        assert all(part.replayed for part in report.sources)
        assert report.counts()["added"] == 5
        assert lib.content_digest() == digest
        assert lib.get("39000001").source.file.startswith("sources/")
    assert len(services.requests) == served  # nothing went to the network


def test_replay_by_id_and_tampering_is_refused(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        fetch_id = lib.fetch(QUERY).sources[0].fetch_id
        assert lib.replay(fetch_id).counts()["unchanged"] == 3
        manifest = load_manifest(lib.path / "sources" / fetch_id / "fetch.json")
        raw = lib.path / "sources" / fetch_id / manifest.requests[1].file
        raw.write_bytes(raw.read_bytes().replace(b"Aspirin", b"Placebo"))
        with pytest.raises(SourceError, match="changed after the fetch"):
            lib.replay(fetch_id)


def test_resume_reuses_what_an_interrupted_fetch_received(tmp_path: Path, services: FakeServices) -> None:
    services.faults = {"efetch.fcgi": ["", "503"]}  # the second batch fails
    root = tmp_path / "lib"
    with Library.open(settings=settings_for(root, services, fetch_batch_size=2, fetch_retries=0)) as lib:
        with pytest.raises(SourceError, match="kept failing"):
            lib.fetch(QUERY)
        assert lib.stats()["papers"] == 2  # the first batch was committed
        (failed,) = lib.fetches()
        assert failed.status == "failed" and failed.ids == ["39000001", "39000002", "39000003"]
        before = len(services.requests)
        report = lib.fetch(QUERY, resume=True)
        counts = report.counts()
        assert (counts["added"], counts["unchanged"]) == (1, 2)
        resumed = lib.fetches()[-1]
    asked = services.requests[before:]
    assert [(r.path.rsplit("/", 1)[-1], r.params.get("retstart")) for r in asked] == [("efetch.fcgi", "2")]
    assert resumed.status == "complete"
    assert [r.reused_from for r in resumed.requests] == [failed.fetch_id, failed.fetch_id, ""]


def test_newer_manifest_is_refused(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        fetch_id = lib.fetch(QUERY).sources[0].fetch_id
    path = tmp_path / "lib" / "sources" / fetch_id / "fetch.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data | {"version": 99}))
    with pytest.raises(SourceError, match="version 99 is newer"):
        load_manifest(path)


# -- politeness -----------------------------------------------------------------------------


def test_rate_limit_holds_under_concurrency(services: FakeServices) -> None:
    rate, threads, each = 20.0, 6, 5
    slots: list[float] = []

    class Recording(RateLimiter):
        def wait(self) -> float:
            slot = super().wait()
            slots.append(slot)
            return slot

    limiter = Recording(rate)

    def worker() -> None:
        with HttpGetter("test", services.url, limiter=limiter) as getter:
            for _ in range(each):
                getter.get("ping", {}, bytes)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    total = threads * each
    slots.sort()
    # The limiter never lets `rate` + 1 requests start within one second, whatever the threads do...
    window = int(rate)
    assert min(slots[i + window] - slots[i] for i in range(total - window)) >= 1.0 - 1e-6
    # ...and the server saw them all, spread over the time that implies (loose: network jitter).
    arrivals = sorted(r.at for r in services.calls("ping"))
    assert len(arrivals) == total
    assert arrivals[-1] - arrivals[0] >= (total - 1) / rate - 0.15


def test_ncbi_rate_depends_on_the_api_key(tmp_path: Path) -> None:
    plain = Settings(library=tmp_path)
    keyed = Settings(library=tmp_path, ncbi_api_key="k3y")
    with (
        make_getter("pubmed", plain) as a,
        make_getter("pubmed", keyed) as b,
        make_getter("europepmc", plain) as c,
    ):
        assert (a.limiter.rate, b.limiter.rate, c.limiter.rate) == (3.0, 10.0, 5.0)
        assert b.params["api_key"] == "k3y" and "api_key" not in b.public_url("esearch.fcgi", {"term": "x"})


# -- the command line -----------------------------------------------------------------------


def test_cli_fetch_prints_a_summary(
    tmp_path: Path, services: FakeServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSILIENCE_PUBMED_URL", f"{services.url}/eutils/")
    monkeypatch.setenv("CONSILIENCE_NCBI_REQUESTS_PER_SECOND", "500")
    runner = CliRunner()
    result = runner.invoke(app, ["fetch", QUERY, "--max", "2", "-L", str(tmp_path / "lib"), "-q"])
    assert result.exit_code == 0, result.output
    assert "PubMed: 3 found, 2 retrieved → 2 added, 0 updated, 0 unchanged" in result.stdout
    result = runner.invoke(app, ["fetch", QUERY, "--max", "2", "-L", str(tmp_path / "lib"), "--json"])
    assert json.loads(result.stdout)["counts"]["unchanged"] == 2
    offline = runner.invoke(
        app, ["fetch", QUERY, "--max", "2", "-L", str(tmp_path / "lib"), "--offline", "-q"]
    )
    assert offline.exit_code == 0 and "(replayed from cache)" in offline.stdout


def test_cli_fetch_offline_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSILIENCE_EUROPEPMC_URL", f"http://127.0.0.1:{closed_port()}/")
    result = CliRunner().invoke(app, ["fetch", QUERY, "--source", "europepmc", "-L", str(tmp_path), "-q"])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: no network: cannot reach Europe PMC")
    assert len(result.stderr.strip().splitlines()) == 1


# -- ask --online ---------------------------------------------------------------------------


def test_ask_online_fetches_trials_first_then_answers(tmp_path: Path, services: FakeServices) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", services)) as lib:
        answer = lib.ask(
            "Does aspirin reduce cardiovascular events in older adults?", online=True, fetch_max=10
        )
        assert answer.searched == 3  # what the fake PubMed holds is now in the library
        assert len(answer.notices) == 2 and all(n.startswith("PubMed") for n in answer.notices)
    terms = [c.params["term"] for c in services.calls("esearch.fcgi")]
    assert "randomized controlled trial[pt]" in terms[0]  # the strongest designs are asked for first
    assert "aspirin[tiab]" in terms[1] and "[pt]" not in terms[1]


def test_ask_online_without_a_network_answers_from_the_library(tmp_path: Path) -> None:
    with Library.open(settings=settings_for(tmp_path / "lib", None)) as lib:
        answer = lib.ask("Does aspirin reduce cardiovascular events?", online=True)
    assert answer.label == "insufficient evidence"
    assert answer.notices and answer.notices[0].startswith("offline")
