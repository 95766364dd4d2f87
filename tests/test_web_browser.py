"""End-to-end tests of the web app in real headless Chromium (Debian's, driven by Playwright).

Each test saves screenshots to ``tests/artifacts/screenshots`` (or ``$CONSILIENCE_SCREENSHOTS``)
to look at. Where Chromium or Playwright is absent the tests skip, saying why, unless
``CONSILIENCE_REQUIRE_BROWSER`` is set (as ``.ci/run`` does), where they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from consilience import Library
from consilience.demo import builtin_files
from consilience.web import background_server, create_app

REQUIRED = bool(os.environ.get("CONSILIENCE_REQUIRE_BROWSER"))


def _absent(reason: str) -> None:
    if REQUIRED:
        raise RuntimeError(f"{reason}, and CONSILIENCE_REQUIRE_BROWSER is set")
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright import sync_api
except ImportError:
    _absent("playwright is not installed (pip install -e '.[dev]')")

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    _absent("Chromium is not installed (apt-get install chromium)")

SEED_QUESTION = "Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?"
HOSTILE_PMID = "99999902"
# Chromium must not reach for the network: this machine has none, and neither do users' air-gapped ones.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_ask = pytest.mark.skipif(not hasattr(Library, "ask"), reason="Library.ask has not landed yet")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser_lib")
    hostile = folder / "hostile.jsonl"
    record = {
        "pmid": HOSTILE_PMID,
        "title": "<script>window.pwned = 1</script> A <b>hostile</b> record",
        "pub_date": {"year": 2021},
        "sections": [{"label": "RESULTS", "text": '<img src=x onerror="window.pwned = 2"> 40 patients.'}],
    }
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Library.open(folder / "lib") as lib:
        lib.ingest([*builtin_files(), hostile])
        lib.analyze()
        with background_server(create_app(lib)) as url:
            yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    """A fresh page that fails the test on any script dialog or any request off loopback."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith((base, "data:")) else outside.append(request.url),
    )
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(60_000)
    yield page
    context.close()
    assert not outside, f"requests left the server: {outside}"
    assert not dialogs, f"a script ran: {dialogs}"


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = os.environ.get("CONSILIENCE_SCREENSHOTS")
    path = Path(folder) if folder else Path(__file__).parent / "artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def api_json(base: str, path: str, **params: str) -> Any:
    with urllib.request.urlopen(f"{base}{path}?{urllib.parse.urlencode(params)}", timeout=120) as response:
        return json.load(response)


@needs_ask
def test_ask_the_seed_question(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/")
    page.get_by_label("Your research question").fill(SEED_QUESTION)
    page.get_by_role("button", name="Ask").click()
    page.wait_for_url(re.compile(r"/ask\?q="))
    expected = api_json(base, "/api/ask", q=SEED_QUESTION)

    verdict = page.locator("#verdict-label")
    assert verdict.inner_text().strip().lower() == expected["label"]
    assert page.get_by_role("heading", name="Consensus meter").is_visible()
    if expected["meter"] and expected["meter"]["shown"]:
        assert page.locator("table.meter tbody tr").count() == 1 + len(expected["meter"]["by_design"])
    assert page.locator("ol.cards > li").count() == len(expected["cards"])
    page.screenshot(path=str(shots / "answer.png"), full_page=True)

    citation = page.locator("#synthesis a.cite, .verdict a.cite").first
    target = citation.get_attribute("href")
    assert target and target.startswith(("#card-", "#ref-"))
    citation.click()
    assert page.url.endswith(target)
    landed = page.locator(target)
    assert landed.is_visible() and landed.evaluate("el => el === document.activeElement")
    page.screenshot(path=str(shots / "answer-citation.png"))

    landed.locator("a[href^='/papers/']").first.click()
    page.wait_for_url(re.compile(r"/papers/"))
    assert page.locator("#abstract-h").is_visible()


def test_paper_page_highlights_and_switches_audience(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/papers/pmid:29777404")
    assert page.locator(".abstract mark").count() > 0
    assert page.locator("ul.legend li").count() > 0
    assert page.locator(".article").get_attribute("data-audience") == "patient"
    patient_headline = page.locator(".article h3").inner_text()
    page.screenshot(path=str(shots / "paper-patient.png"), full_page=True)

    page.get_by_label("Written for").select_option("clinician")  # the script submits on change
    page.wait_for_url(re.compile(r"audience=clinician"))
    assert page.locator(".article").get_attribute("data-audience") == "clinician"
    assert page.get_by_label("Written for").input_value() == "clinician"
    assert page.locator(".article h3").inner_text()
    assert patient_headline
    page.screenshot(path=str(shots / "paper-clinician.png"), full_page=True)


def test_search_with_filters(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/search")
    page.get_by_label("Question or keywords").fill("primary tumour surgery survival")
    page.get_by_label("Study designs").select_option(["rct"])
    page.get_by_label("From year").fill("2015")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"design=rct"))
    badges = page.locator("ol.hits .badge").all_inner_texts()
    assert badges and set(badges) == {"rct"}
    years = [
        int(y) for y in re.findall(r"\b(20\d\d)\b", " ".join(page.locator("ol.hits .meta").all_inner_texts()))
    ]
    assert years and min(years) >= 2015
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    page.locator("ol.hits h3 a").first.click()
    page.wait_for_url(re.compile(r"/papers/"))


def test_hostile_record_is_shown_as_text(page: Any, base: str, shots: Path) -> None:
    page.goto(f"{base}/papers/pmid:{HOSTILE_PMID}")
    assert "<script>window.pwned = 1</script>" in page.locator("h1").inner_text()
    assert '<img src=x onerror="window.pwned = 2">' in page.locator(".abstract").inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator(".abstract img, h1 b").count() == 0
    page.screenshot(path=str(shots / "hostile.png"), full_page=True)


def test_keyboard_reaches_the_question_box(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.id]")
    assert focused == ["INPUT", "q"] or page.evaluate("document.activeElement.closest('main') !== null")
    assert page.locator("main").count() == 1 and page.locator("nav[aria-label=Main]").count() == 1
    unlabeled = page.evaluate(
        "[...document.querySelectorAll('input, select')].filter(el => !el.labels || !el.labels.length).length"
    )
    assert unlabeled == 0


#: Invented PubMed records: one good, one whose PMID is not a number (rejected with a reason).
UPLOAD_XML = """<?xml version="1.0"?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>77770001</PMID><Article>
  <ArticleTitle>Bogbean infusion for persistent hiccups: a randomized trial</ArticleTitle>
  <Abstract><AbstractText>We randomized 64 adults with persistent hiccups to bogbean infusion or placebo.</AbstractText></Abstract>
</Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>7777x002</PMID><Article>
  <ArticleTitle>A record with a broken PMID</ArticleTitle>
</Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""


def test_upload_on_the_library_page_then_find_it(page: Any, base: str, shots: Path, tmp_path: Path) -> None:
    upload = tmp_path / "bogbean.xml"
    upload.write_text(UPLOAD_XML, encoding="utf-8")
    page.goto(base + "/library")
    before = int(page.locator("#stat-papers").inner_text())
    page.get_by_label("File to ingest").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and ingest").click()
    page.wait_for_selector("form#upload[data-state=done], form#upload[data-state=failed]")
    status = page.locator("#upload-status").inner_text()
    assert status.startswith("Done: 2 records read, 1 added"), status
    assert "1 rejected" in status
    rejection = page.locator("#upload-result ul.rejections li").inner_text()
    assert "Record 2" in rejection and "is not a number" in rejection
    assert int(page.locator("#stat-papers").inner_text()) == before + 1
    assert page.locator("#upload-progress").evaluate("el => el.value") == 100
    page.screenshot(path=str(shots / "library-upload.png"), full_page=True)

    page.get_by_role("link", name="Full report").click()
    page.wait_for_url(re.compile(r"/library/ingest/"))
    assert "is not a number" in page.locator("table.rejections").inner_text()
    page.screenshot(path=str(shots / "ingest-report.png"), full_page=True)

    page.goto(base + "/search")
    page.get_by_label("Question or keywords").fill("bogbean hiccups")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=bogbean"))
    first = page.locator("ol.hits h3 a").first
    assert first.inner_text() == "Bogbean infusion for persistent hiccups: a randomized trial"
    page.screenshot(path=str(shots / "search-uploaded.png"), full_page=True)
    first.click()
    page.wait_for_url(re.compile(r"/papers/pmid:77770001"))


def test_upload_over_the_limit_is_refused(page: Any, base: str, tmp_path: Path) -> None:
    page.goto(base + "/library")
    limit = int(page.locator("form#upload").get_attribute("data-max-bytes"))
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.truncate(limit + 1)
    page.get_by_label("File to ingest").set_input_files(str(big))
    page.get_by_role("button", name="Upload and ingest").click()
    page.wait_for_selector("form#upload[data-state=failed]")
    assert "larger than the limit" in page.locator("#upload-status").inner_text()


@needs_ask
def test_explainer_from_the_answer_page(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/ask?" + urllib.parse.urlencode({"q": SEED_QUESTION}))
    page.get_by_role("link", name="Explain this for patients").click()
    page.wait_for_url(re.compile(r"/explain\?"))
    expected = api_json(base, "/api/explain", q=SEED_QUESTION, audience="patient")
    assert page.locator("h1").inner_text() == expected["headline"]
    headings = page.locator("article.explainer h2").all_inner_texts()
    assert "The short answer" in headings and "References" in headings
    assert page.locator("ol.refs li").count() == len(expected["references"])
    page.screenshot(path=str(shots / "explainer-patient.png"), full_page=True)

    citation = page.locator("article.explainer a.cite").first
    target = citation.get_attribute("href")
    citation.click()
    assert page.locator(target).evaluate("el => el === document.activeElement")

    page.get_by_label("Written for").select_option("public")
    page.wait_for_url(re.compile(r"audience=public"))
    assert page.locator("article.explainer").get_attribute("data-audience") == "public"
    page.screenshot(path=str(shots / "explainer-public.png"))
