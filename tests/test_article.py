"""Plain-language articles on invented papers: structure, honesty, hedging, renderers, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.analyze import analyze_paper
from consilience.cli import app
from consilience.model import Article, Effect, Paper, PaperIds, PubDate, Section
from consilience.render.article import render_article, to_html, to_json, to_markdown
from consilience.verify import numbers_in, paper_numbers, verify_claims
from consilience.write import write_article

TODAY = "2025-01-31"

RCT = Paper(
    id="test:rct",
    ids=PaperIds(doi="10.9999/rct.1"),
    title="Drug K versus placebo for chronic knee pain: a randomised controlled trial",
    journal={"title": "Journal of Invented Trials"},
    pub_date=PubDate(year=2021, month=3),
    sections=[
        Section(
            label="BACKGROUND",
            category="BACKGROUND",
            text="Knee pain is common in older adults. Few drugs help it for long.",
        ),
        Section(
            label="METHODS",
            category="METHODS",
            text="In this multicentre trial in Canada, we randomly assigned 240 adults with chronic knee "
            "pain to drug K or placebo. Median follow-up was 12 months.",
        ),
        Section(
            label="RESULTS",
            category="RESULTS",
            text="Pain flares were less frequent with drug K than with placebo (HR 0.70, 95% CI 0.55-0.89; "
            "P = .004). 2-year OS 90.5% vs 80.1% (drug K vs placebo).",
        ),
        Section(
            label="CONCLUSIONS",
            category="CONCLUSIONS",
            text="Drug K reduced pain flares in adults with chronic knee pain.",
        ),
    ],
)

COHORT = Paper(
    id="test:cohort",
    title="Early surgery and survival in invented bone disease: a retrospective cohort study",
    sections=[
        Section(
            label="METHODS",
            category="METHODS",
            text="We retrospectively reviewed the records of 180 patients treated at a single centre "
            "in Norway between 2005 and 2015.",
        ),
        Section(
            label="RESULTS",
            category="RESULTS",
            text="Patients who had early surgery lived longer (HR 0.60, 95% CI 0.41-0.88; P = .01).",
        ),
        Section(
            label="CONCLUSIONS",
            category="CONCLUSIONS",
            text="Early surgery improved survival in patients with invented bone disease.",
        ),
    ],
)

NO_NUMBERS = Paper(
    id="test:essay",
    title="Thinking about rest after illness",
    sections=[
        Section(
            text="Rest after illness is often advised. Views differ on how much rest helps. "
            "This essay reviews what doctors and patients say about it."
        )
    ],
)


def body_text(article: Article) -> str:
    return " ".join(c.text for c in article.claims())


@pytest.fixture(scope="module")
def rct_articles() -> dict[str, Article]:
    return {
        a: write_article(RCT, analyze_paper(RCT), audience=a, today=TODAY)
        for a in ("patient", "public", "clinician")
    }


def test_article_has_the_seed_structure(rct_articles: dict[str, Article]) -> None:
    article = rct_articles["patient"]
    assert article.alt_text and "." not in article.alt_text[:-1].replace("e.g.", "")
    assert article.headline.startswith("Drug K versus placebo for chronic knee pain")
    assert article.subheadline
    headings = [s.heading for s in article.sections]
    assert "Key findings" in headings and "What does this mean?" in headings
    assert 3 <= len(article.faq) <= 5
    assert article.faq[-1].question == "What does this mean for treatment decisions?"
    assert TODAY in article.about
    assert article.citation.doi == "10.9999/rct.1" and article.citation.published == "2021-03"
    assert article.citation.journal == "Journal of Invented Trials"


def test_key_findings_carry_the_real_figures(rct_articles: dict[str, Article]) -> None:
    findings = next(s for s in rct_articles["patient"].sections if s.heading == "Key findings")
    text = " ".join(c.text for c in findings.claims)
    assert "0.7" in text and "90.5%" in text and "80.1%" in text
    # The relative effect and the absolute difference are both given, the latter declared computed.
    relative = next(c for c in findings.claims if "30% lower" in c.text)
    assert relative.computed == ["30"]
    absolute = next(c for c in findings.claims if "percentage points" in c.text)
    assert absolute.computed == ["10.4"]


@pytest.mark.parametrize("paper", [RCT, COHORT, NO_NUMBERS], ids=lambda p: p.id)
@pytest.mark.parametrize("audience", ["patient", "public", "clinician"])
def test_every_printed_sentence_passes_the_checker(paper: Paper, audience: str) -> None:
    article = write_article(paper, audience=audience, today=TODAY)
    report = verify_claims(article.claims(), {paper.id: paper})
    assert report.failed == 0 and report.claims == len(article.claims())
    assert article.verification.ok
    # And no number in the visible prose outside claims is untraced either.
    traced = paper_numbers(paper)
    for number in numbers_in(article.headline + " " + article.subheadline + " " + article.alt_text):
        assert number in traced


def test_failing_sentences_are_dropped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    facts = analyze_paper(RCT)
    # An effect the paper never printed: its sentences must not survive the checker.
    facts.effects = [Effect(measure="HR", value=0.52, ci_low=0.31, ci_high=0.77)]
    with caplog.at_level("WARNING", logger="consilience.write.article"):
        article = write_article(RCT, facts, audience="patient", today=TODAY)
    assert "0.52" not in to_markdown(article)
    assert any("0.52" in d.sentence for d in article.verification.dropped)
    assert article.verification.passed < article.verification.checked
    assert "dropped" in caplog.text
    data = json.loads(to_json(article))
    assert data["verification"]["ok"] is True and data["verification"]["dropped"]


def test_verbs_follow_the_design(rct_articles: dict[str, Article]) -> None:
    assert "showed" in body_text(rct_articles["public"])
    cohort = write_article(COHORT, audience="public", today=TODAY)
    text = body_text(cohort)
    assert "associated with" in text
    assert "improved survival" not in text
    assert "cannot prove" in text


def test_subgroup_results_are_hedged() -> None:
    paper = RCT.model_copy(
        update={
            "id": "test:sub",
            "sections": [
                *RCT.sections[:2],
                Section(
                    label="RESULTS",
                    category="RESULTS",
                    text="In the subgroup of patients aged over 70 years, flares were rarer with drug K (HR 0.50).",
                ),
            ],
        }
    )
    article = write_article(paper, audience="patient", today=TODAY)
    sub = [c.text for c in article.claims() if "part of the study group" in c.text]
    assert sub and "may" in sub[0]


def test_unsupported_sections_are_left_out() -> None:
    article = write_article(NO_NUMBERS, audience="patient", today=TODAY)
    assert "Key findings" not in [s.heading for s in article.sections]
    assert not any(numbers_in(c.text) for c in article.claims())
    assert not any(q.question == "Who does this apply to?" for q in article.faq)


def test_audiences_differ(rct_articles: dict[str, Article]) -> None:
    patient, clinician = rct_articles["patient"], rct_articles["clinician"]
    assert patient.reading is not None and clinician.reading is not None
    assert patient.reading.flesch_kincaid < clinician.reading.flesch_kincaid
    assert patient.reading.flesch_kincaid <= 8
    assert "95% CI" in body_text(clinician) and "95% CI" not in body_text(patient)
    assert patient.glossary and not clinician.glossary
    assert "placebo" in [g.term for g in patient.glossary]


def test_output_is_deterministic() -> None:
    one = to_json(write_article(RCT, audience="public", today=TODAY))
    two = to_json(write_article(RCT, audience="public", today=TODAY))
    assert one == two


def test_html_escapes_paper_text() -> None:
    paper = RCT.model_copy(update={"title": "Drug <script>alert(1)</script> & placebo: a randomised trial"})
    html = to_html(write_article(paper, audience="patient", today=TODAY))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert render_article(write_article(paper, audience="patient", today=TODAY), "html") == html
    with pytest.raises(ValueError):
        render_article(write_article(paper, today=TODAY), "pdf")


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError):
        write_article(RCT, audience="children")


def _library(tmp_path: Path) -> Path:
    record = {
        "pmid": "11111111",
        "title": RCT.title,
        "year": 2021,
        "sections": [s.model_dump() for s in RCT.sections],
    }
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest(source)
        article = lib.article("11111111", audience="public", today=TODAY)
    assert article.paper_id == "pmid:11111111"
    return tmp_path / "lib"


def test_cli_article_json_and_markdown(tmp_path: Path) -> None:
    library = _library(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        app, ["article", "11111111", "-L", str(library), "--format", "json", "--date", TODAY]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["audience"] == "patient" and data["verification"]["ok"] is True
    md = runner.invoke(
        app, ["article", "11111111", "-L", str(library), "-a", "clinician", "-f", "md", "--date", TODAY]
    )
    assert md.exit_code == 0 and md.stdout.startswith("# ")
    text = runner.invoke(app, ["article", "11111111", "-L", str(library)])
    assert text.exit_code == 0 and "Key findings" in text.stdout
    bad = runner.invoke(app, ["article", "11111111", "-L", str(library), "-a", "kids"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["article", "999", "-L", str(library)])
    assert missing.exit_code == 1


def test_a_finding_too_hard_to_simplify_is_still_reported() -> None:
    # Every result sentence is long-worded: the article must still say what was found, and
    # must not hedge "associated with improved" twice.
    paper = Paper(
        id="test:registry",
        title="Locoregional surgery and overall survival: a national registry analysis",
        sections=[
            Section(
                label="BACKGROUND",
                category="BACKGROUND",
                text="The contribution of locoregional surgery in women presenting with disseminated disease "
                "remains controversial.",
            ),
            Section(
                label="METHODS",
                category="METHODS",
                text="Retrospective cohort analysis of a national registry of 8,412 women with disseminated "
                "breast cancer, with multivariable adjustment and propensity score matching.",
            ),
            Section(
                label="RESULTS",
                category="RESULTS",
                text="Locoregional surgery was independently associated with superior overall survival, and "
                "the association persisted after propensity score matching.",
            ),
            Section(
                label="CONCLUSIONS",
                category="CONCLUSIONS",
                text="In this registry analysis, locoregional surgery was associated with improved overall "
                "survival in disseminated breast cancer.",
            ),
        ],
    )
    article = write_article(paper, audience="patient", today=TODAY)
    text = body_text(article)
    assert "Key findings" in [s.heading for s in article.sections]
    assert "associated with superior overall survival" in text
    assert "associated with was associated" not in text
    # who was studied comes from the methods, not from the background's "remains controversial"
    who = next(q for q in article.faq if q.question == "Who does this apply to?")
    assert "8,412 women" in who.claims[0].text and "remains" not in who.claims[0].text


def test_a_ratio_is_read_for_the_outcome_it_measures() -> None:
    from consilience.write.findings import effect_gloss

    named = effect_gloss(
        Effect(measure="HR", value=0.66, ci_low=0.49, ci_high=0.88, outcome="death"), "p", "patient"
    )
    assert named is not None and "the rate of death over time was 34% lower" in named.text
    # An outcome too long or technical to read plainly stays "the event".
    technical = effect_gloss(
        Effect(measure="OR", value=1.5, outcome="major adverse cardiovascular events (MACE) at 30 days"),
        "p",
        "patient",
    )
    assert technical is not None and "the odds of the event" in technical.text
    # An outcome that is itself "events" is named once, and odds take a plural verb.
    events = effect_gloss(Effect(measure="OR", value=0.7, outcome="major coronary events"), "p", "patient")
    assert events is not None
    assert events.text.startswith(
        "An odds ratio of 0.7 means the odds of major coronary events were 30% lower"
    )


UNSTRUCTURED = Paper(
    id="test:unstructured",
    title="Efficacy and Safety of Oral Zolaprine for Bleeding After Hip Replacement: A Randomized Trial",
    sections=[
        Section(
            label="SUMMARY",
            text="Zolaprine is an antifibrinolytic agent which decreases bleeding. "
            "Adults having a hip replacement received placebo (n=30) or zolaprine (n=30) 15 mg/kg by mouth "
            "before surgery. "
            "Drain output was 410 ml with placebo and 220 ml with zolaprine (p<0.001). "
            "This was considered statistically significant. "
            "None of the patients in any of the groups developed deep vein thrombosis. "
            "Zolaprine reduced total blood loss after hip replacement.",
        )
    ],
)


def test_an_unstructured_abstract_gives_findings_not_methods_or_background() -> None:
    """A lone SUMMARY section: its dose sentence, its description of the drug and a sentence that
    only points back ("This was considered ...") are no key findings; a total added up from the
    arms (60) is not stated; a Title Case title is quoted in sentence case."""
    article = write_article(UNSTRUCTURED, analyze_paper(UNSTRUCTURED), audience="patient", today=TODAY)
    assert not article.verification.dropped
    findings = " ".join(c.text for s in article.sections if s.heading == "Key findings" for c in s.claims)
    assert "410" in findings and "220" in findings
    assert "15 mg" not in findings and "antifibrinolytic" not in findings and "This was" not in findings
    assert "60" not in body_text(article)
    assert "safety of oral zolaprine for bleeding after hip replacement" in body_text(article)
    # an event ("... developed deep vein thrombosis") or one arm is not who was studied
    answers = " ".join(c.text for item in article.faq for c in item.claims)
    assert "developed" not in answers and "placebo group" not in answers


def test_a_review_counted_in_words_is_stated_and_checked() -> None:
    """ "Fifty-four trials enrolling 6545 patients": the counts are the paper's, in words or not."""
    review = Paper(
        id="test:review-words",
        title="Drug Z for chronic cough: a systematic review",
        sections=[
            Section(
                text="Fifty-four trials enrolling 6545 patients were included. Drug Z reduced cough "
                "frequency compared with placebo (OR 0.60; 95% CI 0.45 to 0.80)."
            )
        ],
    )
    article = write_article(review, analyze_paper(review), audience="patient", today=TODAY)
    assert not article.verification.dropped
    assert "The review included 54 studies with 6,545 people in total." in body_text(article)
    per_arm = Paper(
        id="test:review-arms",
        title="Ways to cut prescribing errors: a systematic review",
        sections=[
            Section(
                text="We included seven studies of five interventions: a pharmacist on the ward (n = 2), "
                "electronic ordering (n = 2), barcodes (n = 1), a form (n = 1) and a checklist (n = 1)."
            )
        ],
    )
    text = body_text(write_article(per_arm, analyze_paper(per_arm), audience="patient", today=TODAY))
    assert "7 people" not in text  # "(n = 2)" counts studies here, not people


def test_a_call_for_more_research_is_not_the_papers_topic() -> None:
    """An untitled review abstract whose only "to determine" is "Further research is required to
    determine the optimal timing" is not about the optimal timing."""
    paper = Paper(
        id="test:untitled",
        sections=[
            Section(
                text="We included 12 trials with 1400 women. Exercise improved fitness (SMD 0.40, 95% CI 0.22 to "
                "0.58; 9 studies, 900 women). Further research is required to determine the optimal type, "
                "intensity and timing of exercise."
            )
        ],
    )
    article = write_article(paper, audience="patient", today=TODAY)
    assert "optimal" not in article.headline.lower(), article.headline


def test_an_estimate_without_an_outcome_is_named_by_the_words_before_it() -> None:
    """ "Exercise probably improves physical fitness (SMD 0.40, …)": the key finding says what the
    SMD is for, even when the extractor gave the estimate no outcome."""
    paper = Paper(
        id="test:review",
        title="Exercise during chemotherapy: an invented review",
        sections=[
            Section(
                text="For this update we included a total of 30 studies with 2500 randomised women. We found "
                "evidence that exercise during chemotherapy probably improves physical fitness (SMD 0.40, 95% "
                "confidence interval (CI) 0.22 to 0.58; 14 studies; 1200 women; moderate-quality evidence) and "
                "slightly reduces fatigue (SMD -0.30, 95% CI -0.42 to -0.18; 18 studies; 1600 women; "
                "moderate-quality evidence). Exercise may lead to little or no improvement in quality of life "
                "(MD 1.20, 95% CI -5.10 to 7.50; 1 study; 70 women; low-quality evidence). Exercise can be "
                "regarded as a supportive self care intervention during chemotherapy."
            )
        ],
    )
    article = write_article(paper, audience="patient", today=TODAY)
    text = " ".join(c.text for c in article.claims())
    assert "an SMD of 0.4 for physical fitness" in text, text
    assert "an SMD of -0.3 for fatigue" in text, text
