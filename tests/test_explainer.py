"""Patient explainers on the built-in library: structure, honesty, reading grade, renderers, CLI,
and the committed examples in docs/examples."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.cli import app
from consilience.demo import builtin_files
from consilience.model import (
    EXPLAINER_FORMAT_VERSION,
    Answer,
    Claim,
    Explainer,
    ExplainerSection,
    Question,
    Reference,
)
from consilience.render.explainer import render_explainer, to_html, to_json, to_markdown
from consilience.verify import verify_claims
from consilience.write.examples import EXAMPLE_FILES, SEED_QUESTION, build_examples
from consilience.write.explainer import write_explainer

TODAY = "2025-01-31"
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"

#: Questions the built-in library can answer, besides the seed question.
OTHERS = [
    "Does surgery improve locoregional control in metastatic breast cancer?",
    "Is breast reconstruction safe in stage IV breast cancer?",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with Library.open(tmp_path_factory.mktemp("explainer") / "lib") as lib:
        lib.ingest(builtin_files())
        yield lib


@pytest.fixture(scope="module")
def seed(library: Library) -> Explainer:
    return library.explain(SEED_QUESTION, today=TODAY)


def _section(explainer: Explainer, key: str) -> ExplainerSection:
    return next(s for s in explainer.sections if s.key == key)


def test_sections_in_reading_order(seed: Explainer) -> None:
    keys = [s.key for s in seed.sections]
    for key in (
        "summary",
        "condition",
        "options",
        "research",
        "trials",
        "observational",
        "certainty",
        "questions",
    ):
        assert key in keys, key
    # Randomized trials come before observational studies; the care-team questions come last.
    assert (
        keys.index("trials") < keys.index("observational") < keys.index("certainty") < keys.index("questions")
    )
    assert _section(seed, "condition").heading == "What is de novo stage IV breast cancer?"
    assert _section(seed, "questions").style == "bullets"
    assert all(c.text.endswith("?") for c in _section(seed, "questions").claims)
    assert seed.headline.endswith("what the research says")
    assert seed.alt_text and seed.about and seed.generated_on == TODAY


def test_reuses_the_answer(library: Library, seed: Explainer) -> None:
    answer = library.ask(SEED_QUESTION)
    assert (seed.label, seed.outcome) == (answer.label, answer.outcome)
    assert seed.certainty == next(g.level for g in answer.certainty if g.outcome == answer.outcome)
    answer_refs = {r.paper_id: r.citation for r in answer.references}
    assert all(answer_refs[r.paper_id] == r.citation for r in seed.references)


def test_every_printed_sentence_passes_the_checker(library: Library, seed: Explainer) -> None:
    assert seed.verification.ok and seed.verification.printed == len(seed.claims()) + 1
    papers = library.store.get_many([r.paper_id for r in library.ask(SEED_QUESTION).references])
    report = verify_claims(seed.claims(), papers)
    assert report.ok, report.problems
    dropped = {d.sentence for d in seed.verification.dropped}
    assert not dropped & {c.text for c in seed.claims()}


def test_references_are_numbered_and_all_cited(seed: Explainer) -> None:
    assert [r.number for r in seed.references] == list(range(1, len(seed.references) + 1))
    cited = {p for c in seed.claims() if c.kind != "context" for p in c.cites}
    assert {r.paper_id for r in seed.references} == cited
    text = to_markdown(seed)
    markers = {int(n) for group in re.findall(r"\[([\d,–\s]+)\]", text) for n in _expand(group)}
    assert markers == set(range(1, len(seed.references) + 1))


def _expand(group: str) -> list[int]:
    out: list[int] = []
    for part in group.split(","):
        low, _, high = part.strip().partition("–")
        out += list(range(int(low), int(high or low) + 1))
    return out


def test_design_aware_wording(seed: Explainer) -> None:
    trials = " ".join(c.text for c in _section(seed, "trials").claims)
    observational = " ".join(c.text for c in _section(seed, "observational").claims)
    assert "showed" in trials and "linked" not in trials
    assert "linked" in observational and "showed" not in observational
    assert "cannot prove" in observational
    subgroups = " ".join(c.text for c in _section(seed, "subgroups").claims)
    assert "may" in subgroups and "chance" in subgroups


def test_real_figures_are_arithmetic_on_the_papers(seed: Explainer) -> None:
    trials = _section(seed, "trials").claims
    # MF07-01's HR 0.71 read as '29% lower', declared as computed.
    figure = next(c for c in trials if "29% lower" in c.text)
    assert figure.computed == ["29"] and figure.kind == "computed"
    # The pooled randomized HR (0.929, 95% CI 0.753-1.15) as a best estimate and a range.
    assert any("7% lower" in c.text for c in trials)
    assert any("25% lower to 15% higher" in c.text for c in trials)


@pytest.mark.parametrize("question", [SEED_QUESTION, *OTHERS])
def test_patient_reading_grade_within_target(library: Library, question: str) -> None:
    explainer = library.explain(question, today=TODAY)
    assert explainer.reading is not None and explainer.verification.ok
    assert 4 <= explainer.reading.flesch_kincaid <= 8
    assert explainer.reading.grade <= 8.5  # mean of Flesch-Kincaid and SMOG


def test_public_explainer_gives_ratios(library: Library) -> None:
    public = library.explain(SEED_QUESTION, audience="public", today=TODAY)
    assert public.audience == "public" and public.verification.ok
    assert any("hazard ratio 0.71" in c.text for c in public.claims())
    assert public.reading is not None and public.reading.grade <= 10


def test_thin_evidence_is_shortened_not_padded(library: Library) -> None:
    explainer = library.explain(OTHERS[1], today=TODAY)
    keys = [s.key for s in explainer.sections]
    assert "trials" not in keys and "Randomized trials showed" not in to_markdown(explainer)
    assert explainer.verification.ok


def test_failing_sentences_are_dropped_never_printed() -> None:
    # An answer whose trial sentence cites a paper missing from the papers given: nothing from
    # it may be printed.
    answer = Answer(
        question=Question(text="Does drug Q improve survival?", intervention="drug Q", outcome="survival"),
        searched=1,
        retrieved=1,
        analyzed=1,
        label="yes",
        outcome="overall survival",
        summary=[Claim(text="These studies suggest that drug Q improves survival.", cites=["p:gone"])],
        references=[Reference(number=1, paper_id="p:gone", citation="Gone. 2020")],
    )
    explainer = write_explainer(answer, {}, today=TODAY)
    assert explainer.verification.dropped and explainer.verification.ok
    assert "Randomized trials showed" not in to_markdown(explainer)
    assert explainer.references == []


def test_rejects_unknown_audience() -> None:
    answer = Answer(
        question=Question(text="q"), searched=0, retrieved=0, analyzed=0, label="insufficient evidence"
    )
    with pytest.raises(ValueError, match="audience"):
        write_explainer(answer, {}, audience="clinician")


def test_html_escapes_everything(seed: Explainer) -> None:
    hostile = seed.model_copy(
        update={
            "headline": "<script>alert(1)</script>",
            "references": [
                r.model_copy(update={"citation": "<img src=x onerror=alert(1)>"}) for r in seed.references
            ],
        }
    )
    html = to_html(hostile)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert html.count("<h2>") >= 5 and "<h3>" in html


def test_renderers(seed: Explainer) -> None:
    md = to_markdown(seed)
    assert md.startswith(f"# {seed.headline}\n")
    for heading in (
        "## The short answer",
        "### What randomized trials showed",
        "## References",
        "## Words to know",
    ):
        assert heading in md
    data = json.loads(to_json(seed))
    assert data["verification"]["ok"] is True and data["format_version"] == EXPLAINER_FORMAT_VERSION == 2
    data["verification"].pop("ok")  # a computed property, shown for readers of the JSON
    assert Explainer.model_validate(data) == seed
    with pytest.raises(ValueError, match="format"):
        render_explainer(seed, "pdf")


def test_cli_formats(library: Library, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["explain", SEED_QUESTION, "--library", str(library.path), "--date", TODAY]
    md = runner.invoke(app, [*base, "--format", "md"])
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# Surgery of the primary tumour")
    js = runner.invoke(app, [*base, "-f", "json", "-a", "public"])
    assert js.exit_code == 0 and json.loads(js.output)["audience"] == "public"
    out = tmp_path / "explainer.html"
    written = runner.invoke(app, [*base, "--out", str(out)])
    assert written.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    styled = runner.invoke(app, base)
    assert styled.exit_code == 0 and "Questions to ask your care team" in styled.output
    bad = runner.invoke(app, [*base, "--audience", "clinician"])
    assert bad.exit_code == 2
    # A statement no pattern reads has no treatment and outcome to explain: one clear line.
    statement = runner.invoke(
        app, ["explain", "Surgery of the primary tumour plays a trivial role", "--library", str(library.path)]
    )
    assert statement.exit_code == 1
    assert "cannot write an explainer" in statement.output and "Does X improve Y in Z?" in statement.output


def test_committed_examples_are_current() -> None:
    """docs/examples must be exactly what `make examples` writes (run it when this fails)."""
    fresh = build_examples()
    assert sorted(fresh) == sorted(EXAMPLE_FILES)
    stale = [name for name, text in fresh.items() if (EXAMPLES / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"stale examples {stale}: run `make examples`"


def test_words_agree_with_the_question(tmp_path: Path) -> None:
    """Fewer of a bad outcome, not "better" ones; "statins increase", not "increases"."""
    fixture = Path(__file__).parent / "fixtures" / "answer" / "colchicine.jsonl"
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest([fixture])
        events = lib.explain(
            "Does colchicine reduce cardiovascular events in patients with coronary disease?"
        )
        text = " ".join(c.text for s in events.sections for c in s.claims)
        assert "had fewer cardiovascular events" in text and "better cardiovascular events" not in text
        statins = lib.explain("Do statins increase fracture risk in older women?")
        text = " ".join(c.text for s in statins.sections for c in s.claims)
        assert "statins increase fracture risk" in text and "statins increases" not in text


def test_the_explainer_reads_the_answer_as_data_not_prose(library: Library, seed: Explainer) -> None:
    """Rewording the Answer's sentences changes nothing: the explainer reads their ClaimFacts."""
    answer = library.ask(SEED_QUESTION)
    kinds = {c.facts.kind for s in answer.sections for c in s.claims if c.facts is not None}
    assert {"trial-result", "review", "counts"} <= kinds
    for section in answer.sections:
        for claim in section.claims:
            if claim.facts is not None:
                claim.text = "Reworded."
    papers = {r.paper_id: library.get(r.paper_id) for r in answer.references}
    reworded = write_explainer(answer, papers, today=TODAY)
    assert [c.text for s in reworded.sections for c in s.claims] == [
        c.text for s in seed.sections for c in s.claims
    ]


def test_trials_in_other_patients_are_told_apart(tmp_path: Path) -> None:
    """A trial that found the benefit in other patients is neither "unclear" nor the asked answer."""
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest([Path(__file__).parent / "fixtures" / "answer" / "antifibrinolytic.jsonl"])
        answer = lib.ask("Does tranexamic acid reduce blood loss in knee arthroplasty?")
        papers = {r.paper_id: lib.get(r.paper_id) for r in answer.references}
    explainer = write_explainer(answer, papers, today=TODAY)
    text = " ".join(c.text for s in explainer.sections for c in s.claims)
    assert "One trial showed that people who had tranexamic acid had less blood loss." in text
    assert (
        "One trial in other kinds of patients also showed that people who had tranexamic acid had less blood loss."
        in text
    )
    assert "unclear answer" not in text


def test_trials_that_found_the_same_share_one_sentence(tmp_path: Path) -> None:
    """Three unnamed trials that found a benefit are "Three trials showed …" with all three
    citations, not one sentence repeated; the one that did not is "one trial", not "the other";
    improving depression is having less of it."""
    found = "Walking three times a week significantly reduced depressive symptoms compared with usual care (p = {p})."
    records = [
        {
            "pmid": f"870000{i}",
            "title": f"Supervised walking for depression in adults: invented randomized trial {i}",
            "sections": [
                {
                    "label": "METHODS",
                    "text": f"We randomized {n} adults with depression to walking or usual care.",
                },
                {"label": "CONCLUSIONS", "text": found.format(p=p)},
            ],
        }
        for i, n, p in ((1, 40, "0.01"), (2, 60, "0.02"), (3, 48, "0.03"))
    ]
    records.append(
        {
            "pmid": "8700004",
            "title": "Supervised walking for depression in adults: invented randomized trial 4",
            "sections": [
                {
                    "label": "METHODS",
                    "text": "We randomized 52 adults with depression to walking or usual care.",
                },
                {
                    "label": "CONCLUSIONS",
                    "text": "Walking did not significantly reduce depressive symptoms compared with usual care "
                    "(p = 0.41).",
                },
            ],
        }
    )
    source = tmp_path / "walking.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest([source])
        explainer = lib.explain("Does walking improve depression?")
    claims = [c for s in explainer.sections for c in s.claims]
    three = [c for c in claims if c.text.startswith("Three trials showed that people who had walking")]
    assert len(three) == 1 and len(three[0].cites) == 3, [c.text for c in claims]
    assert "had less depression" in three[0].text
    text = " ".join(c.text for c in claims)
    assert "One trial did not show a clear benefit." in text and "The other trial" not in text
