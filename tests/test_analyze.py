"""End to end: ingest invented abstracts, analyse, cache, re-analyse after an update, CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from consilience import Library
from consilience.analyze import ANALYZER_VERSION, analyze_paper
from consilience.cli import app
from consilience.model import Paper, Section, StudyFacts

FIXTURES = Path(__file__).parent / "fixtures" / "analyze"


def test_analyze_is_incremental_and_cached(fresh_library: Library) -> None:
    fresh_library.ingest(FIXTURES / "papers.jsonl")
    first = fresh_library.analyze()
    assert (first.analysed, first.cached) == (3, 3)
    again = fresh_library.analyze()
    assert again.analysed == 0
    forced = fresh_library.analyze(force=True)
    assert forced.analysed == 3

    fresh_library.ingest(FIXTURES / "update.jsonl")
    after_update = fresh_library.analyze()
    assert after_update.analysed == 1
    facts = fresh_library.facts("90000003")
    assert [(e.measure, e.value, e.ci_low, e.ci_high) for e in facts.effects] == [("OR", 2.4, 1.5, 3.9)]


def test_facts_of_a_trial(fresh_library: Library) -> None:
    fresh_library.ingest(FIXTURES / "papers.jsonl")
    facts = fresh_library.facts("90000001")
    assert facts.analyzer_version == ANALYZER_VERSION
    assert facts.n == 1204
    assert facts.sample_sizes[0].arms == {"drug A": 602, "placebo": 602}
    hr = facts.effects[0]
    assert (hr.measure, hr.value, hr.ci_low, hr.ci_high, hr.ci_level, hr.p_value) == (
        "HR",
        0.72,
        0.57,
        0.91,
        95.0,
        0.005,
    )
    assert facts.effects[1].adjusted is True
    assert [p.percent for p in facts.survival] == [81.2, 74.5]
    assert [m.months for m in facts.medians] == [46.0, 35.0]
    assert [(e.events, e.total) for e in facts.events] == [(120, 602), (160, 602)]
    assert facts.follow_up_months == 40.0
    assert (facts.country, facts.setting) == ("Norway", "multicentre")
    cues = {c.cue for c in facts.bias}
    assert {"randomized", "blinded", "allocation-concealment", "itt", "industry-funding"} <= cues
    assert facts.takeaway is not None and facts.takeaway.text.startswith("Drug A reduced mortality")
    assert facts.pico.comparator and facts.pico.comparator[0].text == "placebo"
    paper = fresh_library.get("90000001")
    for span in [e.span for e in facts.effects] + [facts.takeaway]:
        assert span is not None
        source = paper.title if span.section == -1 else paper.sections[span.section].text
        assert source[span.start : span.end] == span.text


def test_meta_analysis_and_observational(fresh_library: Library) -> None:
    fresh_library.ingest(FIXTURES / "papers.jsonl")
    meta = fresh_library.facts("90000002")
    assert {(s.kind, s.total) for s in meta.sample_sizes} == {("studies", 12), ("participants", 3456)}
    assert [(e.measure, e.value, e.ci_low, e.ci_high) for e in meta.effects] == [("SMD", -0.45, -0.7, -0.2)]
    cohort = fresh_library.facts("90000003")
    assert {"retrospective", "single-centre", "small-sample"} <= {c.cue for c in cohort.bias}
    assert cohort.country == "Japan"
    assert [(e.value, e.ci_low) for e in cohort.effects] == [(2.1, 1.3)]  # "aged 70-90" is not an effect


def test_analyze_paper_is_pure() -> None:
    from consilience.ingest.jsonl import read_jsonl

    papers = [item.paper for item in read_jsonl(FIXTURES / "papers.jsonl") if item.paper is not None]
    assert analyze_paper(papers[0]) == analyze_paper(papers[0])


def test_cli_analyze_and_show_facts(tmp_path: Path) -> None:
    runner = CliRunner()
    lib = str(tmp_path / "lib")
    assert runner.invoke(app, ["ingest", "-q", "-L", lib, str(FIXTURES / "papers.jsonl")]).exit_code == 0
    result = runner.invoke(app, ["analyze", "-L", lib, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["analysed"] == 3
    result = runner.invoke(app, ["analyze", "-L", lib, "-q"])
    assert result.exit_code == 0 and "Analysed 0 papers" in result.stdout
    result = runner.invoke(app, ["show", "90000001", "-L", lib, "--facts", "--json"])
    assert result.exit_code == 0, result.output
    facts = StudyFacts.model_validate(json.loads(result.stdout))
    assert facts.effects[0].measure == "HR"
    result = runner.invoke(app, ["show", "90000001", "-L", lib, "--facts"])
    assert result.exit_code == 0, result.output
    assert "hazard ratio [HR], 0.72" in result.stdout
    assert "Effect estimates" in result.stdout


def test_a_background_describes_other_studies_not_this_one() -> None:
    """ "Evidence has come from retrospective series in the United States" is about the field: the
    trial itself is not retrospective, and it was run where its methods say."""
    from consilience.model import Paper, Section

    paper = Paper(
        id="t:bg",
        title="Early mobilisation after hip fracture surgery",
        sections=[
            Section(
                label="BACKGROUND",
                text="Evidence for early mobilisation has come from retrospective single-centre series in the "
                "United States.",
            ),
            Section(
                label="METHODS",
                text="In this multicentre trial in Denmark, 320 patients were randomized to early or usual "
                "mobilisation.",
            ),
        ],
    )
    facts = analyze_paper(paper)
    cues = {c.cue for c in facts.bias}
    assert {"randomized", "multicentre"} <= cues
    assert not {"retrospective", "single-centre"} & cues
    assert facts.country == "Denmark"


def test_a_lone_summary_section_is_read_as_a_whole_abstract() -> None:
    """Its first sentence is background, not a conclusion: the takeaway and the stance's deciding
    sentence are the finding at its end, never "X is an agent which decreases ..."."""
    from consilience.analyze.stance import stance_for_paper
    from consilience.model import Paper, Section
    from consilience.question import parse_question

    paper = Paper(
        id="x:1",
        title="Tranexamic acid in hip replacement: an invented trial",
        sections=[
            Section(
                label="SUMMARY",
                text=(
                    "Tranexamic acid is an antifibrinolytic agent which decreases bleeding. "
                    "Sixty adults having a hip replacement received tranexamic acid or placebo. "
                    "Drain output was recorded for two days. "
                    "Tranexamic acid reduced total blood loss by 38% compared with placebo (p = 0.002)."
                ),
            )
        ],
    )
    facts = analyze_paper(paper)
    assert facts.takeaway is not None and facts.takeaway.text.startswith("Tranexamic acid reduced total")
    stance = stance_for_paper(parse_question("Does tranexamic acid reduce blood loss?"), paper, facts=facts)
    assert stance.answer == "yes"
    assert stance.sentence is not None and stance.sentence.text.startswith("Tranexamic acid reduced total")


def test_an_animal_study_counts_no_people_but_keeps_those_it_names() -> None:
    # (facts-61: bare counts of an animal study were read as its participants)
    rats = Paper(
        id="x:rats",
        title="Exercise and cardiac remodelling in rats",
        sections=[
            Section(
                label="METHODS",
                text="Male Wistar rats (n = 40) were randomly assigned to treadmill training or rest for "
                "eight weeks; hearts of the mice and rats were weighed after sacrifice.",
            )
        ],
    )
    facts = analyze_paper(rats)
    assert facts.design is not None and facts.design.human is False
    assert facts.n is None
    mixed = Paper(
        id="x:mixed",
        title="Tumour growth in nude mice and in patients",
        sections=[
            Section(
                label="METHODS",
                text="Xenografts were grown in nude mice (n = 12). Tumour samples from 94 patients were "
                "stained for the same marker.",
            )
        ],
    )
    assert analyze_paper(mixed).n == 94
