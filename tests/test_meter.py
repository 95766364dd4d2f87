"""The consensus meter: the five-paper rule, evidence weights, the by-design breakdown, the CLI."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from consilience import Library
from consilience.cli import app
from consilience.model import Paper, PaperIds, Question, Section, Stance
from consilience.question import parse_question
from consilience.render.meter import print_meter
from consilience.synthesize.meter import (
    MAX_PAPERS,
    build_meter,
    design_weight,
    evidence_weight,
    size_weight,
)

Q = Question(text="Does surgery improve survival?", intervention="surgery", outcome="survival")


def _stance(i: int, answer: str, design: str = "rct", n: int | None = 100) -> Stance:
    return Stance(question=Q.text, paper_id=f"p{i}", answer=answer, confidence=0.8, design=design, n=n)


def test_fewer_than_five_addressing_gives_a_message() -> None:
    stances = [_stance(i, "yes") for i in range(4)] + [_stance(9, "not-addressed")] * 3
    meter = build_meter(Q, stances)
    assert not meter.shown and meter.raw is None and meter.by_design == []
    assert meter.addressing == 4 and meter.considered == 7
    assert meter.message.startswith("Not enough evidence to show a meter")


def test_for_an_exposure_question_a_trial_counts_as_a_cohort() -> None:
    """A trial randomizes a treatment, never an exposure such as obesity: its participants are a cohort."""
    exposure = parse_question("Is obesity associated with an increased risk of type 2 diabetes?")
    stances = [_stance(0, "yes", "rct"), *(_stance(i, "yes", "retrospective-cohort") for i in range(1, 5))]
    meter = build_meter(exposure, stances)
    assert [b.label for b in meter.by_design] == ["prospective cohorts", "retrospective studies"]
    trial = meter.stances[0]
    assert trial.design == "rct"  # the paper's own design is still shown
    assert trial.weight == evidence_weight(_stance(0, "yes", "prospective-cohort")) < evidence_weight(trial)
    treatment = build_meter(Q, stances)
    assert treatment.by_design[0].label == "randomized trials"


def test_counts_and_percentages() -> None:
    stances = [
        _stance(0, "yes"),
        _stance(1, "yes"),
        _stance(2, "no"),
        _stance(3, "possibly"),
        _stance(4, "yes"),
        _stance(5, "not-addressed"),
    ]
    meter = build_meter(Q, stances)
    assert meter.shown and meter.raw is not None
    assert meter.raw.counts == {"yes": 3, "possibly": 1, "no": 1}
    assert meter.raw.percent == {"yes": 60.0, "possibly": 20.0, "no": 20.0}
    assert meter.raw.papers == 5


def test_weights_follow_design_and_sqrt_of_size() -> None:
    assert design_weight("meta-analysis") > design_weight("rct") > design_weight("retrospective-cohort")
    assert design_weight("retrospective-cohort") > design_weight("case-report") > design_weight("animal")
    assert design_weight("unknown-design") == design_weight("other")
    assert size_weight(400) == pytest.approx(2 * size_weight(100))
    assert size_weight(10**7) == 3.0 and size_weight(1) == 0.3
    mouse = _stance(0, "yes", design="animal", n=100)
    trial = _stance(1, "no", design="rct", n=100)
    assert evidence_weight(mouse) * 10 < evidence_weight(trial)


def test_a_mouse_study_does_not_count_like_a_trial() -> None:
    stances = [_stance(i, "yes", design="animal", n=40) for i in range(4)] + [
        _stance(9, "no", design="rct", n=900)
    ]
    meter = build_meter(Q, stances)
    assert meter.raw is not None
    assert meter.raw.percent["yes"] == 80.0
    assert meter.raw.weighted["no"] > 90.0
    assert meter.raw.summary == "mostly no"


def test_breakdown_by_design_shows_disagreement() -> None:
    stances = (
        [_stance(i, "no", design="rct", n=400) for i in range(3)]
        + [_stance(10 + i, "yes", design="retrospective-cohort", n=5000) for i in range(4)]
        + [_stance(20, "yes", design="registry", n=20000)]
    )
    meter = build_meter(Q, stances)
    tiers = {bar.label: bar.summary for bar in meter.by_design}
    assert tiers == {"randomized trials": "mostly no", "retrospective studies": "mostly yes"}
    assert [bar.label for bar in meter.by_design] == ["randomized trials", "retrospective studies"]
    assert "randomized trials: mostly no; retrospective studies: mostly yes" in meter.message


def test_only_the_most_relevant_twenty_are_read() -> None:
    stances = [_stance(i, "yes") for i in range(30)]
    meter = build_meter(Q, stances)
    assert meter.considered == MAX_PAPERS and len(meter.stances) == MAX_PAPERS


def test_papers_that_do_not_address_the_question_take_no_place_among_the_twenty() -> None:
    """The meter counts the papers the answer's verdict counts: 7 addressing among 30 read is
    "7 of 30", not the 5 of them that happen to rank in the first 20."""
    answers = ["not-addressed"] * 30
    for i in (0, 4, 9, 15, 21, 25, 29):
        answers[i] = "yes"
    meter = build_meter(Q, [_stance(i, a) for i, a in enumerate(answers)])
    assert (meter.addressing, meter.considered) == (7, 30)
    assert meter.message.startswith("7 of 30 papers address the question")
    # Reading stops at the twentieth paper that addresses it.
    mixed = [_stance(i, "yes" if i % 2 else "not-addressed") for i in range(60)]
    meter = build_meter(Q, mixed)
    assert (meter.addressing, meter.considered) == (MAX_PAPERS, 40)
    assert meter.message.startswith("The 20 most relevant papers that address the question.")


def test_terminal_rendering() -> None:
    console = Console(record=True, width=120)
    print_meter(console, build_meter(Q, [_stance(i, "yes") for i in range(5)]))
    text = console.export_text()
    assert "By evidence:" in text and "randomized trials" in text and "mostly yes" in text
    console = Console(record=True, width=120)
    print_meter(console, build_meter(Q, [_stance(0, "yes")]))
    assert "Not enough evidence to show a meter" in console.export_text()


def _paper(pid: str, conclusion: str) -> Paper:
    return Paper(
        id=f"pmid:{pid}",
        ids=PaperIds(pmid=pid),
        title="Exercise training in heart failure",
        sections=[Section(label="CONCLUSIONS", text=conclusion)],
    )


def test_cli_meter(fresh_library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSILIENCE_DENSE", "off")  # lexical search: no embedding model in a unit test
    monkeypatch.setenv("CONSILIENCE_SEARCH_MODE", "lexical")
    conclusions = [
        "Exercise training significantly reduced mortality in adults with heart failure.",
        "Exercise training did not reduce mortality in adults with heart failure.",
        "In adults with heart failure, exercise training lowered mortality (HR 0.70, 95% CI 0.55-0.90).",
        "Exercise training may reduce mortality in adults with heart failure.",
        "There was no significant difference in mortality with exercise training in heart failure.",
        "Exercise training significantly reduced mortality in older adults with heart failure (p=0.01).",
    ]
    fresh_library.store.write_batch([_paper(str(100 + i), c) for i, c in enumerate(conclusions)])
    runner = CliRunner()
    question = "Does exercise training reduce mortality in heart failure?"
    result = runner.invoke(app, ["meter", question, "--library", str(fresh_library.path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["question"]["intervention"] == "exercise training"
    assert data["considered"] == 6 and data["addressing"] == 6 and data["shown"]
    assert sum(data["raw"]["counts"].values()) == 6
    result = runner.invoke(app, ["meter", question, "--library", str(fresh_library.path)])
    assert result.exit_code == 0, result.output
    assert "Understood as:" in result.output and "By evidence:" in result.output
