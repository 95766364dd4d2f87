"""`ask` end to end on real libraries: the built-in evidence library and an invented second topic.

Every answer goes through the checker: each number in its prose appears in a cited paper (or is
declared as our own arithmetic), each citation is in the result set, each finding cites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.cli import app
from consilience.demo import builtin_files
from consilience.model import ANSWER_FORMAT_VERSION, Answer, Claim
from consilience.render.answer import RENDERERS, to_html, to_markdown
from consilience.synthesize.outcomes import comparison_reversed, effect_outcome, outcome_key
from consilience.verify import verify_claims

FIXTURES = Path(__file__).parent / "fixtures" / "answer"

HEADLINE = "Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?"

DEMO_QUESTIONS = [
    HEADLINE,
    "Does primary tumour resection prolong overall survival in women with metastatic breast cancer?",
    "Does locoregional treatment of the primary tumour improve locoregional control in metastatic breast cancer?",
    "Does primary tumour resection reduce locoregional progression in stage IV breast cancer?",
    "Do women with bone-only metastases benefit from primary tumour surgery?",
    "Does breast surgery improve survival in premenopausal women with de novo metastatic breast cancer?",
    "Why do observational studies show a survival benefit from primary tumour resection in stage IV breast cancer?",
    "Does primary tumour surgery improve quality of life in metastatic breast cancer?",
    "Is primary tumour resection associated with longer survival in stage IV breast cancer?",
    "Does early locoregional therapy improve overall survival in de novo metastatic breast cancer?",
    "Does surgery improve progression-free survival in stage IV breast cancer?",
    "Effects of primary tumour surgery on distant progression in metastatic breast cancer",
    "Is surgery of the primary tumour safe in women with metastatic breast cancer?",
    "Should women with de novo stage IV breast cancer have surgery of the primary tumour?",
    "Does immortal-time bias explain the survival advantage of surgery in registry studies?",
    "Does aspirin reduce the risk of stroke?",
]
COLCHICINE_QUESTIONS = [
    "Does colchicine reduce cardiovascular events in patients with coronary disease?",
    "Does colchicine reduce cardiovascular events after myocardial infarction?",
    "Is colchicine associated with fewer cardiovascular events in gout?",
    "Does colchicine increase non-cardiovascular death?",
    "Does colchicine reduce plaque in mice?",
    "Do statins increase fracture risk in older women?",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with Library.open(tmp_path_factory.mktemp("demo") / "lib") as lib:
        lib.ingest(builtin_files())
        yield lib


@pytest.fixture(scope="module")
def colchicine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with Library.open(tmp_path_factory.mktemp("colchicine") / "lib") as lib:
        lib.ingest([FIXTURES / "colchicine.jsonl"])
        yield lib


def _checked(lib: Library, answer: Answer) -> None:
    """The answer passes the checker against the papers it cites, read back from the store."""
    result_set = {r.paper_id for r in answer.references}
    for claim in answer.claims():
        assert set(claim.cites) <= result_set, claim.text
    papers = {pid: lib.get(pid) for pid in result_set}
    report = verify_claims(answer.claims(), papers)
    assert report.ok, report.problems
    assert report.findings == report.findings_cited
    assert answer.label in ("yes", "no", "possibly", "mixed", "insufficient evidence")


def _ask_fixture(tmp_path: Path, fixture: str, question: str) -> Answer:
    """Ask a question of a library holding one fixture file; every sentence must pass the checker."""
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest([FIXTURES / fixture])
        answer = lib.ask(question)
        _checked(lib, answer)
    return answer


AGITATION = "Does velomidine reduce emergence agitation in children?"


def _velomidine(pmid: str | None, methods: str, finding: str, **fields: Any) -> dict[str, Any]:
    """An invented record in our JSON Lines schema: a title (unless given another), a methods and
    a conclusions section."""
    record: dict[str, Any] = {
        "pmid": pmid,
        "title": "Velomidine for agitation in children: an invented randomized trial",
        "sections": [{"label": "METHODS", "text": methods}, {"label": "CONCLUSIONS", "text": finding}],
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


def _ask_records(tmp_path: Path, records: list[dict[str, Any]], *questions: str) -> list[Answer]:
    """Ask questions of a library holding ``records``; every sentence must pass the checker."""
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest([source])
        answers = [lib.ask(q) for q in questions or (AGITATION,)]
        for answer in answers:
            _checked(lib, answer)
    return answers


@pytest.mark.parametrize("question", DEMO_QUESTIONS)
def test_every_demo_answer_passes_the_checker(demo: Library, question: str) -> None:
    _checked(demo, demo.ask(question))


@pytest.mark.parametrize("question", COLCHICINE_QUESTIONS)
def test_every_answer_on_another_topic_passes_the_checker(colchicine: Library, question: str) -> None:
    _checked(colchicine, colchicine.ask(question))


def test_headline_answer_reaches_the_expert_reading(demo: Library, tmp_path: Path) -> None:
    answer = demo.ask(HEADLINE, plots_dir=tmp_path)
    assert answer.label == "no"
    assert answer.searched == 29
    assert answer.designs_disagree
    assert answer.summary[0].text.startswith("These studies suggest that")
    randomized = next(p for p in answer.pooled if p.group == "randomized" and p.outcome == "overall survival")
    observational = next(p for p in answer.pooled if p.group == "observational")
    # Randomized trials show no clear survival effect; observational studies a large apparent one.
    assert randomized.ci_low < 1 < randomized.ci_high
    assert observational.ci_high < 1
    assert not set(randomized.paper_ids) & set(observational.paper_ids)
    # Meta-analyses are shown beside our pooling, never inside it.
    designs = {c.paper_id: c.design for c in answer.cards}
    assert all(designs.get(pid) != "meta-analysis" for p in answer.pooled for pid in p.paper_ids)
    assert answer.published_pooled
    # Each trial once: MF07-01's ten-year report replaces its first report.
    assert "doi:10.1016/j.jamcollsurg.2021.08.686" in randomized.paper_ids
    assert "pmid:29777404" not in randomized.paper_ids
    # A reciprocal hazard ratio is oriented as surgery vs no surgery, not pooled both ways.
    abcsg = [r for r in randomized.rows if r.paper_id == "pmid:31082916"]
    assert len(abcsg) == 1 and abcsg[0].estimate > 1
    grade = answer.certainty[0]
    assert grade.outcome == "overall survival" and grade.level in ("low", "moderate")
    keys = [s.key for s in answer.sections]
    assert keys[:2] == ["randomized", "meta-analyses"]
    assert {"observational", "bias", "subgroups", "harms", "open"} <= set(keys)
    bias = next(s for s in answer.sections if s.key == "bias")
    assert any("selection bias" in c.text for c in bias.claims)
    assert any("immortal-time" in c.text for c in bias.claims)
    subgroups = next(s for s in answer.sections if s.key == "subgroups")
    assert all("hypothesis" in c.text or "pre-specified" in c.text for c in subgroups.claims)
    svgs = [p for p in answer.plots if p.endswith(".svg")]
    assert svgs and all(Path(p).read_text().lstrip().startswith(("<?xml", "<svg")) for p in svgs)


def test_subgroups_name_the_group_not_the_sentence(demo: Library) -> None:
    answer = demo.ask(HEADLINE)
    subgroups = next(s for s in answer.sections if s.key == "subgroups")
    texts = [c.text for c in subgroups.claims]
    # A clause names its group after "in" ("... longer survival in HER2-positive ... in this registry").
    assert any("for HER2-positive" in t for t in texts), texts
    assert not any(" was associated with " in t or "in this registry" in t for t in texts), texts
    # "No subgroup benefited, with the possible exception of younger or premenopausal patients".
    assert any("for younger or premenopausal patients" in t for t in texts), texts
    assert not any("for subgroup" in t for t in texts), texts
    # The asked population itself is no subgroup.
    assert not any(t.split(" for ", 1)[-1].startswith("stage IV breast cancer:") for t in texts), texts


def test_a_review_estimate_says_which_studies_it_pooled(demo: Library) -> None:
    """A review reporting randomized and observational estimates apart is shown with each labelled."""
    answer = demo.ask(HEADLINE)
    reviews = next(s for s in answer.sections if s.key == "meta-analyses")
    both = [c.text for c in reviews.claims if "in randomized trials" in c.text]
    assert both, [c.text for c in reviews.claims]
    assert all("in observational studies" in t for t in both)


def test_locoregional_control_is_improved_by_surgery(demo: Library) -> None:
    answer = demo.ask("Does primary tumour resection improve locoregional control in stage IV breast cancer?")
    assert answer.outcome == "locoregional control"
    assert answer.label in ("yes", "possibly")


def test_subgroup_question_points_to_the_subgroup_as_a_hypothesis(demo: Library) -> None:
    answer = demo.ask("Do women with bone-only metastases benefit from primary tumour surgery?")
    assert answer.label in ("possibly", "mixed", "no")
    subgroups = next(s for s in answer.sections if s.key == "subgroups")
    assert "bone" in subgroups.claims[0].text
    assert "hypothesis" in subgroups.claims[0].text


def test_the_gap_question_leads_with_the_disagreement(demo: Library) -> None:
    answer = demo.ask(
        "Why do observational studies show a survival benefit from primary tumour resection in stage IV breast cancer?"
    )
    assert answer.designs_disagree
    assert answer.summary[0].text.startswith("Observational studies point the other way")


def test_off_topic_question_is_insufficient(demo: Library) -> None:
    answer = demo.ask("Does aspirin reduce the risk of stroke?")
    assert answer.label == "insufficient evidence"
    assert answer.summary and "not enough evidence" in answer.summary[0].text


def test_second_topic_answer(colchicine: Library) -> None:
    answer = colchicine.ask("Does colchicine reduce cardiovascular events in patients with coronary disease?")
    assert answer.label in ("yes", "possibly")
    randomized = next(p for p in answer.pooled if p.group == "randomized")
    assert randomized.outcome == "cardiovascular events"
    assert randomized.k == 3  # COLDA-1's follow-up replaces its first report
    assert "pmid:8100001" not in randomized.paper_ids and "pmid:8100004" in randomized.paper_ids
    assert "pmid:8100007" not in randomized.paper_ids  # the meta-analysis is shown apart
    mouse = next((c for c in answer.cards if c.paper_id == "pmid:8100008"), None)
    assert mouse is None or mouse.answer != "yes"


def test_a_versus_question_about_events_asks_for_fewer_events(colchicine: Library) -> None:
    answer = colchicine.ask(
        "Colchicine vs placebo for cardiovascular events in patients with coronary disease"
    )
    _checked(colchicine, answer)
    assert answer.question.outcome == "cardiovascular events"
    assert answer.label in ("yes", "possibly")
    assert "reduce" in answer.summary[0].text and "improve" not in answer.summary[0].text


def test_a_plural_intervention_takes_a_plural_verb(colchicine: Library) -> None:
    answer = colchicine.ask("Do statins increase fracture risk in older women?")
    assert "statins increase fracture risk" in answer.summary[0].text


def test_a_treatment_asked_about_as_an_association_is_judged_on_its_trials(demo: Library) -> None:
    answer = demo.ask(
        "Is primary tumour resection associated with longer survival in stage IV breast cancer?"
    )
    assert "randomized" in [s.key for s in answer.sections]
    assert "judged mainly on randomized evidence" in answer.summary[0].text
    prolong = demo.ask(
        "Does primary tumour resection prolong overall survival in women with metastatic breast cancer?"
    )
    assert "does not prolong overall survival" in prolong.summary[0].text


def test_the_verdict_speaks_the_question_s_own_terms(colchicine: Library) -> None:
    prevent = colchicine.ask("Can colchicine prevent cardiovascular events after myocardial infarction?")
    # Only COLDA-1 studied people after a myocardial infarction; the rest (chronic coronary
    # disease, stroke, gout) are indirect, so the verdict hedges, in the question's own verb.
    assert "colchicine may prevent cardiovascular events in patients after myocardial infarction" in (
        prevent.summary[0].text
    )
    assert (
        "colchicine prevents cardiovascular events"
        in colchicine.ask("Can colchicine prevent cardiovascular events?").summary[0].text
    )
    safe = colchicine.ask("Is colchicine safe in pregnancy?")
    assert safe.label == "insufficient evidence"
    assert "whether colchicine is safe in pregnancy" in safe.summary[0].text


def test_a_statement_no_pattern_reads_is_answered_as_a_claim(colchicine: Library) -> None:
    """A claim typed as a statement is spoken of as a claim, never spliced into "X affects Y"."""
    answer = colchicine.ask("Colchicine plays a central role in preventing cardiovascular events")
    _checked(colchicine, answer)
    first = answer.summary[0].text
    assert "affects the outcomes studied" not in first and "improves outcomes" not in first
    assert "claim that colchicine plays a central role" in first or "whether colchicine plays" in first
    # With nothing asked and nothing reported about one outcome, GRADE names no borrowed outcome.
    assert answer.certainty[0].outcome != "overall survival" or any(
        p.outcome == "overall survival" for p in answer.pooled
    )


def test_renderers_cite_by_reference_number_and_escape_text(demo: Library) -> None:
    answer = demo.ask(HEADLINE)
    md = to_markdown(answer)
    assert md.startswith(f"# {HEADLINE}")
    assert "## References" in md and "[1]" in md
    answer.question.text = "<script>alert(1)</script>?"
    html = to_html(answer)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.count('<li id="ref-') == len(answer.references)
    data = json.loads(RENDERERS["json"](answer))
    assert data["format_version"] == ANSWER_FORMAT_VERSION == 2 and data["label"] == answer.label
    assert Answer.model_validate(data).claims() == answer.claims()


def test_cli_ask_then_verify_and_a_tampered_report_fails(tmp_path: Path) -> None:
    runner = CliRunner()
    lib = tmp_path / "lib"
    out = tmp_path / "answer.json"
    result = runner.invoke(app, ["ask", HEADLINE, "-L", str(lib), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "built-in evidence library" in result.output  # an empty library is filled first
    assert (tmp_path / "answer_plots").is_dir()
    ok = runner.invoke(app, ["verify", str(out), "-L", str(lib)])
    assert ok.exit_code == 0, ok.output
    assert "0 fail" in ok.output
    data = json.loads(out.read_text())
    data["summary"].append(
        Claim(
            text="Surgery doubled survival to 99.7% at 5 years.", cites=[data["references"][0]["paper_id"]]
        ).model_dump()
    )
    data["summary"].append(Claim(text="Surgery cures metastatic cancer.").model_dump())
    data["summary"].append(Claim(text="A paper we never read says so.", cites=["pmid:1"]).model_dump())
    out.write_text(json.dumps(data))
    bad = runner.invoke(app, ["verify", str(out), "-L", str(lib), "--json"])
    assert bad.exit_code == 1
    problems = [p["problem"] for p in json.loads(bad.output)["problems"]]
    assert any("'99.7'" in p for p in problems)
    assert any("without citing" in p for p in problems)
    assert any("pmid:1" in p for p in problems)
    # --json prints the same Answer to stdout, as every other command's --json does
    printed = runner.invoke(app, ["ask", HEADLINE, "-L", str(lib), "--json"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["question"]["text"] == HEADLINE
    both = runner.invoke(app, ["ask", HEADLINE, "-L", str(lib), "--json", "--format", "md"])
    assert both.exit_code != 0 and "two formats" in both.output


def test_cli_ask_terminal_report(tmp_path: Path) -> None:
    runner = CliRunner()
    lib = tmp_path / "lib"
    runner.invoke(app, ["demo", "-L", str(lib)])
    result = runner.invoke(app, ["ask", HEADLINE, "-L", str(lib)])
    assert result.exit_code == 0, result.output
    for part in (
        "Searched 29 papers",
        "Verdict",
        "Certainty of evidence",
        "What the randomized trials found",
        "References",
    ):
        assert part in result.output
    bad = runner.invoke(app, ["ask", HEADLINE, "-L", str(lib), "--format", "pdf"])
    assert bad.exit_code == 2


def test_verify_rejects_a_file_that_is_not_an_answer(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    result = CliRunner().invoke(app, ["verify", str(path), "-L", str(tmp_path / "lib")])
    assert result.exit_code == 1
    assert "not an answer" in result.output


def test_outcome_and_orientation_reading() -> None:
    assert outcome_key("locoregional relapse-free survival") == "locoregional control"
    assert outcome_key("all-cause mortality") == "overall survival"
    assert outcome_key("cardiovascular mortality") == "cause-specific death"
    assert comparison_reversed("placebo versus drug")
    assert not comparison_reversed("drug versus placebo")
    assert not comparison_reversed("the two arms were similar")


def test_effect_outcome_reads_the_nearest_clause(demo: Library) -> None:
    paper = demo.get("pmid:31082916")
    facts = demo.facts(paper.id)
    outcomes = {e.value: effect_outcome(paper, e) for e in facts.effects}
    assert outcomes[0.598] == "distant progression"
    assert outcomes[0.691] == "overall survival"


def test_a_meta_analysis_is_described_by_what_its_abstract_says_it_pooled(demo: Library) -> None:
    answer = demo.ask(HEADLINE)
    reviews = next(s for s in answer.sections if s.key == "meta-analyses")
    said = {c.cites[0]: c.text for c in reviews.claims if c.cites}
    by_title = {p.id: p.title for p in demo.papers()}
    kinds = {by_title[pid]: text for pid, text in said.items()}
    # "6 prospective trials ... combined with a retrospective cohort": no randomization is
    # stated, so the trials are not called randomized, and the cohort is named.
    yu = next(t for title, t in kinds.items() if "propensity-matched Chinese multicentre cohort" in title)
    assert "a meta-analysis of prospective trials and observational studies" in yu
    # "a meta-analysis of prospective trials", nothing about randomization or observation.
    sun = next(t for title, t in kinds.items() if title.startswith("Surgery plus systemic therapy versus"))
    assert "a meta-analysis of prospective trials," in sun
    assert all("randomized trials" not in t for t in (yu, sun))


def test_a_safety_question_counts_only_papers_that_report_harms(demo: Library) -> None:
    answer = demo.ask("Is surgery of the primary tumour safe in stage IV breast cancer?")
    # The library is about survival; papers silent on harms do not answer "is it safe?", so
    # the meter agrees with the verdict instead of reading silence as "yes".
    assert answer.label == "insufficient evidence"
    assert answer.meter is not None and not answer.meter.shown
    assert answer.meter.addressing < 5
    harms = next(s for s in answer.sections if s.key == "harms")
    assert any("complication rates" in c.text for c in harms.claims)
    observational = next(s for s in answer.sections if s.key == "observational")
    # one study: named as the only one, not "Of 1 observational study, 1 supports it"
    assert observational.claims[0].cites and len(observational.claims[0].cites) == 1
    assert observational.claims[0].text.startswith("The only observational study")


def test_an_exposure_asked_with_a_causal_verb_is_still_an_exposure(tmp_path: Path) -> None:
    """ "Does night-shift work increase ...?" asks about what no trial assigns, like "Is it associated"."""
    answer = _ask_fixture(
        tmp_path, "nightshift.jsonl", "Does night-shift work increase the risk of type 2 diabetes?"
    )
    assert "randomized" not in [s.key for s in answer.sections]
    assert answer.certainty[0].start == "low"
    assert "associated with higher risk of type 2 diabetes" in answer.summary[0].text


def test_an_exposure_question_is_answered_with_associations_not_benefits(tmp_path: Path) -> None:
    answer = _ask_fixture(
        tmp_path,
        "nightshift.jsonl",
        "Is night-shift work associated with an increased risk of type 2 diabetes?",
    )
    assert answer.question.direction == "increase"
    assert answer.label in ("yes", "possibly")
    prose = " ".join(c.text for c in answer.claims())
    assert "benefit" not in prose and "favours" not in prose
    assert "linked with risk of type 2 diabetes" in prose
    assert "associated with higher risk of type 2 diabetes" in answer.summary[0].text
    # a trial randomizes a treatment, not night-shift work: its workers count as a cohort
    assert "randomized" not in [s.key for s in answer.sections]
    assert answer.certainty[0].start == "low"
    # the certainty table names the asked outcome, not the catch-all key "incidence"
    assert answer.certainty[0].outcome == "risk of type 2 diabetes"


@pytest.mark.parametrize("question", [HEADLINE, DEMO_QUESTIONS[3], DEMO_QUESTIONS[7], DEMO_QUESTIONS[12]])
def test_the_meter_counts_the_answers_the_verdict_counts(demo: Library, question: str) -> None:
    # The answer settles stances against each paper's estimates (a sentence about another
    # outcome, a headline estimate that contradicts the words); the meter must show the same.
    answer = demo.ask(question)
    assert answer.meter is not None
    cards = {card.paper_id: card.answer for card in answer.cards}
    shown = [(s.paper_id, s.answer) for s in answer.meter.stances]
    assert all(cards[pid] == said for pid, said in shown if pid in cards)
    assert [pid for pid, said in shown if said != "not-addressed"] == [
        pid for pid, _ in shown if pid in cards
    ] or answer.addressing > len(answer.cards)
    # `consilience meter` settles them the same way (its search may rank ties apart).
    alone = {s.paper_id: s.answer for s in demo.meter(question).stances}
    assert all(alone[pid] == said for pid, said in shown if pid in alone)


def test_an_exposure_is_pooled_only_from_estimates_about_it() -> None:
    """A cohort reports many risk factors side by side; for "Is obesity associated with …?" only
    the estimates whose clause names obesity (or its measures) count."""
    from consilience.analyze import analyze_paper
    from consilience.analyze.stance import stance_for_paper
    from consilience.model import Paper, Section
    from consilience.question import parse_question
    from consilience.synthesize.answer import Candidate, settle_stances

    question = parse_question("Is obesity associated with increased mortality?")
    paper = Paper(
        id="t:cohort",
        title="Fitness, body mass and mortality in 9,000 veterans: a prospective cohort study",
        sections=[
            Section(
                label="RESULTS",
                text=(
                    "Each 1-MET increase in exercise capacity conferred a 10% survival benefit (hazard "
                    "ratio 0.90, 95% CI 0.82-0.98), but BMI was not associated with mortality. "
                    "Obesity was associated with higher mortality (hazard ratio 1.29, 95% CI 1.10-1.52)."
                ),
            )
        ],
    )
    facts = analyze_paper(paper)
    assert {e.value for e in facts.effects} == {0.9, 1.29}
    candidate = Candidate(paper=paper, facts=facts, stance=stance_for_paper(question, paper, facts), rank=1)
    settle_stances(question, [candidate])
    assert [e.effect.value for e in candidate.estimates] == [1.29]


def test_a_trial_in_other_patients_is_worded_apart_and_an_added_up_n_is_not_stated(tmp_path: Path) -> None:
    """The knee trial prints only its arms (31 and 31): its sentence must not state 62, which
    the checker would reject (losing the one direct finding). The spine trial found the same
    benefit in other patients, which the answer says rather than calling its finding uncertain."""
    answer = _ask_fixture(
        tmp_path, "antifibrinolytic.jsonl", "Does tranexamic acid reduce blood loss in knee arthroplasty?"
    )
    assert not answer.dropped
    trials = next(s for s in answer.sections if s.key == "randomized").claims
    assert trials[0].cites == ["pmid:8300001"]  # the people asked about come first
    assert "62" not in trials[0].text and "found less blood loss with tranexamic acid" in trials[0].text
    assert trials[0].facts is not None and trials[0].facts.n is None
    spine = next(c for c in trials if c.cites == ["pmid:8300002"])
    assert "of 140 patients" in spine.text
    assert "but in other patients than those asked about (knee arthroplasty)" in spine.text


def test_a_safety_question_is_answered_in_harms(tmp_path: Path) -> None:
    """ "Is X safe?" reads "found no clear excess of harms", never "a benefit in harms"."""
    answer = _ask_fixture(tmp_path, "safety.jsonl", "Is zolaprine safe in children?")
    assert answer.question.direction == "safe"
    trials = next(s for s in answer.sections if s.key == "randomized").claims
    assert trials and all("no clear excess of harms with zolaprine" in c.text for c in trials[:2])
    assert not any("benefit in harms" in c.text for c in answer.claims())


def test_a_harm_a_trial_rules_out_is_reported_as_none(tmp_path: Path) -> None:
    """ "Without producing adverse effects such as hypotension" is a finding on harms, not silence;
    its qualifier is kept ("no serious adverse reactions" is not "no adverse reactions")."""
    question = "Does velomidine reduce emergence agitation in children?"
    answer = _ask_fixture(tmp_path, "agitation.jsonl", question)
    harms = {c.cites[0]: c.text for c in next(s for s in answer.sections if s.key == "harms").claims}
    assert "reported no adverse effects." in harms["pmid:8500001"]
    assert "reported no serious adverse reactions." in harms["pmid:8500002"]
    assert "no clear difference in complications" in harms["pmid:8500003"]
    with Library.open(tmp_path / "lib") as lib:
        explainer = lib.explain(question)
    text = " ".join(c.text for c in explainer.claims())
    assert "reported no serious side effects." in text
    # Two trials that said the same share one sentence and both citations.
    alike = [c for c in explainer.claims() if c.text.endswith("reported no side effects.")]
    assert [(c.text.split()[0], sorted(c.cites)) for c in alike] == [
        ("Two", ["pmid:8500001", "pmid:8500004"])
    ]


def test_too_little_evidence_names_the_designs_it_has(tmp_path: Path) -> None:
    """One randomized trial is too little to answer, but it is no "weaker design": the sentence
    names the designs ("Only 1 relevant study, a randomized trial, addresses it")."""
    record = _velomidine(
        "8600001",
        "We randomized 50 children to velomidine or saline.",
        "Velomidine reduced emergence agitation in children (p = 0.01).",
    )
    (answer,) = _ask_records(tmp_path, [record])
    assert answer.label == "insufficient evidence"
    texts = [c.text for c in answer.summary]
    assert any(t.startswith("Only 1 relevant study, a randomized trial, addresses it") for t in texts), texts
    assert not any("weaker" in t for t in texts)


def test_an_abbreviated_harm_is_written_out(tmp_path: Path) -> None:
    """ "No significant difference in QoL" is reported as quality of life, not "qol"."""
    record = _velomidine(
        "8600101",
        "We randomized 80 children to velomidine or saline.",
        "Velomidine reduced emergence agitation (p = 0.01). QoL did not differ significantly between the "
        "groups (p = 0.40).",
    )
    (answer,) = _ask_records(tmp_path, [record])
    harms = [c.text for c in next(s for s in answer.sections if s.key == "harms").claims]
    assert any("quality of life" in t for t in harms), harms
    assert not any("qol" in t.lower() for t in harms), harms


def test_a_record_without_title_or_ids_is_still_findable_from_its_reference(tmp_path: Path) -> None:
    """A bare abstract from a dataset has no title, PMID or DOI: its reference says what it is and
    gives the library id (``consilience show ID``), never an empty line."""
    record = _velomidine(
        None,
        "We randomized 50 children to velomidine or saline.",
        "Velomidine reduced emergence agitation in children (p = 0.01).",
        id="dataset:77",
        title=None,
    )
    (answer,) = _ask_records(tmp_path, [record])
    assert [r.citation for r in answer.references] == ["Untitled record (library id dataset:77)"]
    assert [c.title for c in answer.cards] == ["Untitled record"]


def test_unnamed_studies_with_the_same_harm_finding_are_said_once(tmp_path: Path) -> None:
    """Three trials that each found no clear difference in quality of life: one sentence citing
    the three, not "One study reported ..." three times."""
    records = [
        _velomidine(
            f"860040{i}",
            f"We randomized {n} children to velomidine or saline.",
            "Velomidine significantly reduced emergence agitation in children (p = 0.01). "
            "Quality of life was similar in both groups.",
            title=f"Velomidine for agitation in children: invented trial {i}",
        )
        for i, n in ((1, 60), (2, 80), (3, 100))
    ]
    (answer,) = _ask_records(tmp_path, records)
    harms = [c for c in next(s for s in answer.sections if s.key == "harms").claims]
    assert [c.text for c in harms] == ["Three studies reported no clear difference in quality of life."], (
        harms
    )
    assert len(harms[0].cites) == 3


def test_two_records_of_one_paper_count_once(tmp_path: Path) -> None:
    """A PubMed record and an export's copy of the same trial (another id, a reformatted title)
    are one study: the answer reads one, and the next paper takes the other's place."""
    methods = "We randomized 120 children having tonsillectomy to velomidine or saline before waking."
    finding = "Velomidine significantly reduced emergence agitation in children (p = 0.01)."
    pubmed = _velomidine("8600301", methods, finding, title="Velomidine for agitation: a randomized trial")
    export = _velomidine(
        None, methods, finding, title="VELOMIDINE FOR AGITATION - A RANDOMIZED TRIAL.", doi="10.1/x"
    )
    (answer,) = _ask_records(tmp_path, [pubmed, export])
    assert answer.addressing == 1 and len(answer.cards) == 1
    texts = [c.text for c in answer.summary]
    assert any(t.startswith("Only 1 relevant study, a randomized trial, addresses it") for t in texts), texts


def test_no_verdict_rests_only_on_other_people(tmp_path: Path) -> None:
    """Two trials in adults do not answer a question about children: "Insufficient evidence",
    saying that the studies were of other people, rather than "Possibly"."""
    records = [
        _velomidine(
            f"860020{i}",
            f"We randomized {n} adults having surgery to velomidine or saline.",
            "Velomidine significantly reduced emergence agitation in adults (p = 0.01).",
            title=f"Velomidine for emergence agitation after surgery in adults: invented trial {i}",
        )
        for i, n in ((1, 90), (2, 120))
    ]
    answer, adults = _ask_records(
        tmp_path, records, AGITATION, "Does velomidine reduce emergence agitation in adults?"
    )
    assert answer.addressing == 2 and answer.label == "insufficient evidence"
    texts = [c.text for c in answer.summary]
    assert any("studied other people than those asked about (children)" in t for t in texts), texts
    assert adults.label == "yes"
    (tmp_path / "one").mkdir()
    (single,) = _ask_records(tmp_path / "one", records[:1])
    texts = [c.text for c in single.summary]
    assert any(
        t.startswith("The study that addresses it, a randomized trial, studied other") for t in texts
    ), texts


def test_a_verdict_passes_over_trials_of_other_people_to_studies_of_the_people_asked(
    tmp_path: Path,
) -> None:
    """Trials in adults and cohorts in children: a question about children is answered from the
    cohorts, and the answer says why the trials were passed over."""
    trials = [
        _velomidine(
            f"860030{i}",
            f"We randomized {n} adults having surgery to velomidine or saline.",
            "Velomidine did not reduce emergence agitation in adults (p = 0.62).",
            title=f"Velomidine for emergence agitation after surgery in adults: invented trial {i}",
        )
        for i, n in ((1, 90), (2, 120))
    ]
    cohorts = [
        _velomidine(
            f"860031{i}",
            f"We prospectively followed a cohort of {n} children having surgery, some of whom were given "
            "velomidine.",
            "Velomidine was associated with significantly less emergence agitation in children (p = 0.01).",
            title=f"Velomidine and emergence agitation in children: an invented prospective cohort {i}",
        )
        for i, n in ((1, 300), (2, 410))
    ]
    (answer,) = _ask_records(tmp_path, trials + cohorts)
    assert answer.label == "yes", [c.text for c in answer.summary]
    assert "the randomized trials studied other people than those asked about" in answer.summary[0].text


def test_an_item_of_a_list_of_estimates_is_named_by_its_own_words() -> None:
    """ "For hospitalisation or death rates, RRs were as follows: pulmonary embolus 1.87 (…),
    stroke 1.06 (…)": pulmonary embolus is no survival outcome, whatever the preamble says."""
    from consilience.analyze import analyze_paper
    from consilience.model import Paper, Section

    paper = Paper(
        id="test:list",
        sections=[
            Section(
                label="FINDINGS",
                text="For the incidence (hospitalisation or death) rates of specific diseases, RRs were as "
                "follows: pulmonary embolus 1.87 (95% CI 1.13-3.07, p=0.01), stroke 1.06 (0.83-1.36), and "
                "overall survival 0.91 (0.84-0.99).",
            )
        ],
    )
    facts = analyze_paper(paper)
    outcomes = {e.value: effect_outcome(paper, e) for e in facts.effects}
    assert outcomes.get(1.87) == "unspecified", outcomes
    assert outcomes.get(0.91, "overall survival") == "overall survival"


def test_an_estimate_for_a_window_of_follow_up_is_a_subgroup() -> None:
    """ "Less extreme before than after year 10 (RR 0.90 [0.79-1.02] during years 5-9 and 0.75
    [0.62-0.90] in later years)": neither is the trial's overall result."""
    from consilience.analyze import analyze_paper
    from consilience.model import Paper, Section
    from consilience.synthesize.outcomes import is_subgroup

    paper = Paper(
        id="test:window",
        sections=[
            Section(
                label="FINDINGS",
                text="Continuing the drug reduced recurrence (617 vs 711 recurrences, p=0.002). The reductions "
                "appeared less extreme before than after year 10 (recurrence rate ratio [RR] 0.90 [95% CI "
                "0.79-1.02] during years 5-9 and 0.75 [0.62-0.90] in later years).",
            ),
            Section(
                label="METHODS", text="Overall survival was longer with the drug (HR 0.80, 95% CI 0.70-0.92)."
            ),
        ],
    )
    facts = analyze_paper(paper)
    windows = {e.value: is_subgroup(paper, e) for e in facts.effects}
    assert windows.get(0.9) is True and windows.get(0.8) is False, windows


def _lab_record(i: int) -> dict[str, Any]:
    """An invented cell-culture paper on one kinase and its substrate."""
    cells = ("HeLa", "HEK293", "MCF-7", "A549", "U2OS", "Jurkat")[i % 6]
    return {
        "pmid": f"87000{i:02d}",
        "title": f"Zorbase-1 controls talin phosphorylation in cultured {cells} cells",
        "sections": [
            {
                "label": "METHODS",
                "text": f"{cells} cells were cultured and treated with a selective zorbase-1 inhibitor or "
                "vehicle; talin phosphorylation was measured by western blotting in three experiments.",
            },
            {
                "label": "RESULTS",
                "text": "Inhibition of zorbase-1 reduced phosphorylation of talin compared with vehicle "
                "(p < 0.01).",
            },
        ],
    }


def test_laboratory_work_answers_a_question_about_molecules_but_not_one_about_patients(
    tmp_path: Path,
) -> None:
    """With no study in people, cell work carries the verdict on a molecular question and says
    so; a question about patients gets no verdict from it."""
    molecular, clinical = _ask_records(
        tmp_path,
        [_lab_record(i) for i in range(6)],
        "Does inhibition of zorbase-1 reduce phosphorylation of talin?",
        "Does inhibition of zorbase-1 reduce mortality in patients with sepsis?",
    )
    assert molecular.label in ("yes", "possibly"), [c.text for c in molecular.summary]
    assert "judged mainly on laboratory and animal studies" in molecular.summary[0].text
    assert clinical.label == "insufficient evidence"

    # The meter's evidence-weighted shares are percentages already (they had printed as 10000%).
    assert molecular.meter is not None and molecular.meter.shown
    for text in (to_markdown(molecular), to_html(molecular)):
        shares = [int(p) for p in re.findall(r"\((\d+)%\)", text)]
        assert shares and all(0 <= p <= 100 for p in shares), shares
    # Certainty starts very low, and says why rather than "no serious concern was found".
    grade = next(c.text for c in molecular.summary if c.text.startswith("Certainty"))
    assert "is very low (GRADE): " in grade and "no serious concern" not in grade, grade
    # Invented records with no authors, journal or year: a card names none, not "()".
    assert "()" not in to_markdown(molecular)
