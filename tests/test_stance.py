"""Per-paper stance on question/abstract pairs written for these tests (one per rule)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.analyze.stance import (
    OTHER_POPULATION_REASON,
    rule_stance,
    stance_for_paper,
    stance_for_sections,
)
from consilience.analyze.stance_model import (
    CLASSES,
    DIM,
    StanceModel,
    StanceModelError,
    load_model,
    negation_marked,
    pair_features,
    read_numbers,
    words,
)
from consilience.cli import app
from consilience.model import Paper, PaperIds, Section
from consilience.question import parse_question

MORTALITY_Q = "Does statin therapy reduce mortality in adults with heart failure?"
SURVIVAL_Q = "Does statin therapy improve survival in adults with heart failure?"

CASES = [
    # (name, question, conclusion, expected answer)
    (
        "direction agrees",
        MORTALITY_Q,
        "In adults with heart failure, statin therapy significantly reduced all-cause mortality compared with "
        "placebo (p=0.01).",
        "yes",
    ),
    (
        "lower mortality answers a survival question",
        SURVIVAL_Q,
        "In adults with heart failure, statin therapy significantly lowered mortality (p=0.003).",
        "yes",
    ),
    (
        "reversed direction",
        MORTALITY_Q,
        "In adults with heart failure, statin therapy significantly increased mortality compared with placebo.",
        "no",
    ),
    ("negation", MORTALITY_Q, "Statin therapy did not reduce mortality in adults with heart failure.", "no"),
    (
        "non-significant in words",
        MORTALITY_Q,
        "There was no significant difference in mortality between statin therapy and placebo in adults with "
        "heart failure.",
        "no",
    ),
    (
        "CI crossing 1",
        MORTALITY_Q,
        "In adults with heart failure, mortality with statin therapy was HR 0.95 (95% CI 0.80-1.12).",
        "no",
    ),
    ("hedged", MORTALITY_Q, "Statin therapy may reduce mortality in adults with heart failure.", "possibly"),
    (
        "numeric HR for death vs a survival question",
        SURVIVAL_Q,
        "In adults with heart failure, statin therapy lowered the hazard of death (HR 0.66, 95% CI 0.49-0.88).",
        "yes",
    ),
    (
        "another population",
        MORTALITY_Q,
        "Statin therapy significantly reduced mortality in mice fed a high-fat diet.",
        "possibly",
    ),
    (
        "another outcome",
        MORTALITY_Q,
        "In adults with heart failure, statin therapy significantly reduced LDL cholesterol.",
        "not-addressed",
    ),
    (
        "intervention never mentioned",
        MORTALITY_Q,
        "In adults with heart failure, exercise training significantly reduced mortality.",
        "not-addressed",
    ),
    (
        "a subgroup does not overturn the overall finding",
        MORTALITY_Q,
        "Statin therapy did not reduce mortality overall, but it reduced mortality in patients with diabetes.",
        "no",
    ),
    (
        "an overall finding with a subgroup exception",
        MORTALITY_Q,
        "Statin therapy significantly reduced mortality (p=0.01), although not in patients aged over 80.",
        "yes",
    ),
    (
        "a finding that differs by time point, with no estimate to decide",
        SURVIVAL_Q,
        "Statin therapy did not improve survival in adults with heart failure at one year, but a survival "
        "advantage appeared with longer follow-up.",
        "possibly",
    ),
    (
        "people described by what they do not have",
        "Do statins reduce cardiovascular events in people without heart disease?",
        "In people without established heart disease but with risk factors, statin use was associated with "
        "significantly improved survival and large reductions in the risk of major cardiovascular events.",
        "yes",
    ),
    (
        "with or without, and no history of, describe who was treated",
        MORTALITY_Q,
        "In adults with heart failure and no history of stroke, statin therapy with or without aspirin "
        "significantly reduced mortality (p=0.02).",
        "yes",
    ),
    (
        "safety: no difference in harms",
        "Is ondansetron safe in pregnancy?",
        "In pregnancy, ondansetron exposure showed no significant difference in major malformations compared "
        "with no exposure.",
        "yes",
    ),
    (
        "events of a kind are named as events, not by the kind alone",
        "Does statin therapy reduce cardiovascular events in adults with heart failure?",
        "In adults with heart failure and cardiovascular disease, statin therapy significantly improved "
        "lipoprotein subclass profiles.",
        "not-addressed",
    ),
    (
        "events of a kind reported",
        "Does statin therapy reduce cardiovascular events in adults with heart failure?",
        "In adults with heart failure, statin therapy significantly reduced major cardiovascular events.",
        "yes",
    ),
    (
        "a word that only begins the intervention's is not it",
        "Does breastfeeding reduce obesity in adults with heart failure?",
        "In adults with heart failure, breast cancer therapy significantly reduced obesity.",
        "not-addressed",
    ),
    (
        "safety: silence about harms is no answer",
        "Is ondansetron safe in pregnancy?",
        "In pregnancy, ondansetron shortened the duration of nausea compared with placebo.",
        "not-addressed",
    ),
]


def _sections(conclusion: str) -> list[tuple[str, str]]:
    return [
        (
            "BACKGROUND",
            "Heart failure carries a high risk of death and many patients are treated with drugs.",
        ),
        ("METHODS", "We enrolled 800 participants and followed them for three years."),
        ("CONCLUSIONS", conclusion),
    ]


@pytest.mark.parametrize(("name", "question", "conclusion", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules_alone(name: str, question: str, conclusion: str, expected: str) -> None:
    stance = stance_for_sections(question, _sections(conclusion), use_model=False)
    assert stance.answer == expected, stance.reasons


@pytest.mark.parametrize(("name", "question", "conclusion", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules_with_the_shipped_model(name: str, question: str, conclusion: str, expected: str) -> None:
    stance = stance_for_sections(question, _sections(conclusion))
    assert stance.answer == expected, stance.reasons


def test_deciding_sentence_is_a_faithful_span() -> None:
    sections = _sections(
        "Statin therapy did not reduce mortality in adults with heart failure. It was cheap."
    )
    paper = Paper(id="t:1", sections=[Section(label=label, text=text) for label, text in sections])
    stance = stance_for_paper(MORTALITY_Q, paper, use_model=False)
    assert stance.sentence is not None
    span = stance.sentence
    assert paper.sections[span.section].text[span.start : span.end] == span.text
    assert span.text == "Statin therapy did not reduce mortality in adults with heart failure."
    assert 0.0 <= stance.confidence <= 1.0


def test_background_aims_and_methods_never_decide() -> None:
    """A methods sentence names the question's words without answering it; the findings decide,
    and when they never name the intervention the paper does not address the question."""
    question = parse_question("Do statins reduce cardiovascular events in people without heart disease?")
    flattened = [
        (
            "",
            "Objectives To develop a risk score for cardiovascular disease. Design Prospective cohort study. "
            "Participants 2.6 million adults. Patients were free of cardiovascular disease and not prescribed "
            "statins at baseline. Results 36 565 cardiovascular events occurred during follow-up. The score "
            "discriminated well in women and men. Conclusion The updated risk score was developed and validated.",
        )
    ]
    verdict = rule_stance(question, flattened)
    assert verdict.answer == "not-addressed"
    assert verdict.sentence is None or "not prescribed" not in verdict.sentence.text
    aim = [
        (
            "",
            "To evaluate the effect of statins on cardiovascular events in people without heart disease, we "
            "followed 232 men. Plant sterol levels predicted lower mortality. Higher sterol levels were linked "
            "to lower absorption of cholesterol. These markers deserve further study.",
        )
    ]
    verdict = rule_stance(question, aim)
    assert verdict.sentence is not None and not verdict.sentence.text.startswith("To evaluate")
    # A titled paper that names the intervention only among its methods' covariates is about
    # something else.
    aspirin = parse_question("Does aspirin prevent colorectal cancer?")
    adjusted = [
        ("METHODS", "Odds ratios for colorectal cancer were adjusted for smoking, aspirin use and diet."),
        (
            "RESULTS",
            "Higher plasma vitamin D was associated with a lower risk of colorectal cancer (P = 0.02).",
        ),
    ]
    titled = rule_stance(aspirin, adjusted, title="Plasma vitamin D and risk of colorectal cancer in women")
    assert titled.answer == "not-addressed"


def test_results_decide_when_there_is_no_conclusion() -> None:
    sections = [
        (
            "RESULTS",
            "Mortality was 12% with statin therapy and 18% with placebo in adults with heart "
            "failure (p=0.02).",
        )
    ]
    assert rule_stance(parse_question(MORTALITY_Q), sections).answer == "yes"


def test_a_mixed_conclusion_is_decided_by_the_estimates_in_the_results() -> None:
    """'Did not improve survival at 36 months, but an advantage appeared later' with a significant
    hazard ratio for death in the results answers a survival question yes (the issue's example)."""
    question = "Does removing the primary tumour improve survival in women with stage IV breast cancer?"
    sections = [
        (
            "METHODS",
            "Women with stage IV breast cancer were randomized to surgery of the primary tumour or none.",
        ),
        (
            "RESULTS",
            "Survival did not differ at 36 months. With longer follow-up, surgery reduced the hazard of death "
            "(HR 0.66, 95% CI 0.49-0.88; P = .005).",
        ),
        (
            "CONCLUSIONS",
            "Surgery of the primary tumour did not improve survival at 36 months, but a survival advantage "
            "appeared with longer follow-up.",
        ),
    ]
    for use_model in (False, True):
        stance = stance_for_sections(question, sections, use_model=use_model)
        assert stance.answer == "yes", stance.reasons
        assert any("mixed" in r for r in stance.reasons)
    # The same conclusion over results that cross 1 is a "no".
    crossing = [
        sections[0],
        ("RESULTS", "With longer follow-up, the hazard of death was HR 0.90 (95% CI 0.70-1.15)."),
        sections[2],
    ]
    assert stance_for_sections(question, crossing, use_model=False).answer in ("no", "possibly")


def test_a_procedure_named_another_way_is_the_same_intervention() -> None:
    """ "Removing the primary tumour" is answered by a paper that speaks only of its surgery."""
    question = "Does removing the primary tumour improve survival in women with stage IV breast cancer?"
    sections = [
        (
            "CONCLUSIONS",
            "In women with stage IV breast cancer, locoregional surgery was associated with significantly "
            "longer survival (HR 0.71, 95% CI 0.59-0.86).",
        )
    ]
    stance = stance_for_sections(question, sections, use_model=False)
    assert stance.answer == "yes", stance.reasons


def test_obesity_is_answered_by_its_measure() -> None:
    """A paper that speaks of BMI and overweight answers a question about obesity."""
    question = "Does obesity predict knee pain in women?"
    sections = [
        (
            "CONCLUSIONS",
            "In women, a higher BMI was significantly associated with incident knee pain (OR 1.8, 95% CI "
            "1.2-2.7); overweight women reported pain more often.",
        )
    ]
    stance = stance_for_sections(question, sections, use_model=False)
    assert stance.answer != "not-addressed", stance.reasons


def test_empty_abstract_is_not_addressed() -> None:
    assert stance_for_sections(MORTALITY_Q, []).answer == "not-addressed"


def test_gate_reads_a_prefixed_outcome_as_the_same_outcome() -> None:
    """'motor function' answers a question about 'psychomotor deficits' (the gate used to miss it)."""
    question = "Does binge drinking during early pregnancy increase the risk of psychomotor deficits?"
    sections = [
        ("METHODS", "We followed 1,600 children of mothers who reported binge drinking in early pregnancy."),
        (
            "CONCLUSIONS",
            "We found no association between binge drinking during early pregnancy and child motor "
            "function at age 5.",
        ),
    ]
    verdict = rule_stance(parse_question(question), sections)
    assert verdict.answer == "no"
    assert "gate" not in verdict.flags


def test_gate_reads_an_intervention_named_by_its_initials() -> None:
    question = "Double balloon enteroscopy: is it efficacious and safe in a community setting?"
    sections = [
        ("RESULTS", "DBE was completed in 40 patients; two had minor complications."),
        ("CONCLUSIONS", "DBE is efficacious and safe in a community setting."),
    ]
    assert rule_stance(parse_question(question), sections).answer != "not-addressed"
    other = [("CONCLUSIONS", "Capsule endoscopy is efficacious and safe in a community setting.")]
    assert rule_stance(parse_question(question), other).answer == "not-addressed"


def test_negation_scope_and_numbers() -> None:
    assert negation_marked(words("did not improve survival but reduced pain")) == [
        "did",
        "not",
        "NOT_improve",
        "NOT_survival",
        "but",
        "reduced",
        "pain",
    ]
    # Who was studied is no negation; what follows "but without" still is.
    assert "NOT_" not in " ".join(negation_marked(words("patients without diabetes had fewer deaths")))
    assert negation_marked(words("pain fell, but without any change in function")).count("NOT_change") == 1
    nums = read_numbers("OR 1.2 (95% CI 0.9-1.6); RR 0.7 (95% CI 0.6 to 0.8); p = 0.30")
    assert (nums.ci_crosses_1, nums.ci_excludes_1, nums.ratio_below_1, nums.p_nonsig) == (1, 1, 1, 1)


def test_features_are_stable_hashes() -> None:
    feats = pair_features(MORTALITY_Q, _sections("Statin therapy did not reduce mortality."))
    assert feats == pair_features(MORTALITY_Q, _sections("Statin therapy did not reduce mortality."))
    assert all(0 <= k < DIM for k in feats)


def test_model_json_round_trip_and_version_check(tmp_path: Path) -> None:
    import numpy as np

    model = StanceModel(
        CLASSES, np.array([0.1, -0.2, 0.1]), {5: np.array([1.0, 0.0, -1.0])}, {"note": "test"}
    )
    path = tmp_path / "m.json"
    model.save(path)
    loaded = load_model(path)
    assert loaded is not None
    probs = loaded.predict_proba({5: 1.0})
    assert max(probs, key=lambda c: probs[c]) == "yes"
    assert abs(sum(probs.values()) - 1.0) < 1e-9
    data = json.loads(path.read_text())
    data["version"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(StanceModelError, match="not supported"):
        load_model(path)


def test_shipped_model_is_small_and_versioned() -> None:
    model = load_model()
    assert model is not None, "src/consilience/data/stance_model.json is missing"
    assert model.classes == CLASSES
    from importlib import resources

    size = len(resources.files("consilience").joinpath("data/stance_model.json").read_bytes())
    assert size <= 5_000_000


def _paper(pid: str, conclusion: str) -> Paper:
    return Paper(
        id=f"pmid:{pid}",
        ids=PaperIds(pmid=pid),
        title="Statins in heart failure",
        sections=[Section(label=label, text=text) for label, text in _sections(conclusion)],
    )


@pytest.fixture
def stance_library(fresh_library: Library) -> Library:
    fresh_library.store.write_batch(
        [
            _paper("101", CASES[0][2]),
            _paper("102", CASES[3][2]),
        ]
    )
    return fresh_library


def test_library_stance(stance_library: Library) -> None:
    stances = stance_library.stance(MORTALITY_Q, ["101", "pmid:102"])
    assert [s.answer for s in stances] == ["yes", "no"]
    assert [s.paper_id for s in stances] == ["pmid:101", "pmid:102"]


def test_cli_stance_text_and_json(stance_library: Library) -> None:
    runner = CliRunner()
    args = ["stance", MORTALITY_Q, "101", "102", "--library", str(stance_library.path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Understood as:" in result.output
    assert "pmid:101" in result.output and "yes" in result.output
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["question"]["intervention"] == "statin therapy"
    assert [s["answer"] for s in data["stances"]] == ["yes", "no"]


def test_cli_stance_unknown_id_is_one_line_error(stance_library: Library) -> None:
    result = CliRunner().invoke(app, ["stance", MORTALITY_Q, "999", "--library", str(stance_library.path)])
    assert result.exit_code == 1


FRACTURE_Q = "Does vitamin D supplementation reduce the risk of fractures?"


@pytest.mark.parametrize(
    ("name", "sections", "expected"),
    [
        (
            "another vitamin",
            [
                (
                    "CONCLUSIONS",
                    "Supplementation with vitamins E and C did not reduce the risk of hip fractures.",
                )
            ],
            "not-addressed",
        ),
        (
            "the risk of something else",
            [("CONCLUSIONS", "Vitamin D supplementation reduced the risk of breast cancer in older women.")],
            "not-addressed",
        ),
        (
            "a co-treatment, not the finding",
            [
                ("METHODS", "All 900 women also took calcium and vitamin D supplements."),
                (
                    "RESULTS",
                    "Alendronate decreased the risk of vertebral fractures (RR 0.56, 95% CI 0.39-0.80).",
                ),
                ("CONCLUSIONS", "Four years of alendronate safely lowered the risk of fractures."),
            ],
            "not-addressed",
        ),
        (
            "the question itself",
            [("CONCLUSIONS", "Vitamin D3 supplementation significantly reduced the risk of hip fractures.")],
            "yes",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_a_paper_must_be_about_the_asked_intervention_and_outcome(
    name: str, sections: list[tuple[str, str]], expected: str
) -> None:
    for use_model in (False, True):
        stance = stance_for_sections(FRACTURE_Q, sections, use_model=use_model)
        assert stance.answer == expected, (name, stance.reasons)


def test_a_comparison_asked_about_must_be_the_one_studied() -> None:
    question = parse_question("Is laparoscopic surgery better than open surgery for colorectal cancer?")
    other = [
        (
            "RESULTS",
            "Single-incision laparoscopic colectomy shortened hospital stay compared with multiport "
            "laparoscopic colectomy in colorectal cancer (p = 0.01).",
        ),
    ]
    assert rule_stance(question, other).answer == "not-addressed"
    asked = [
        (
            "RESULTS",
            "Laparoscopic colectomy shortened hospital stay compared with open colectomy in colorectal "
            "cancer (p = 0.01).",
        ),
    ]
    assert rule_stance(question, asked).answer != "not-addressed"
    # A placebo or usual-care comparison may go unnamed (a cohort of users and non-users).
    aspirin = parse_question("Aspirin vs placebo for preventing colorectal cancer")
    cohort = [
        (
            "RESULTS",
            "Regular aspirin use was associated with a lower risk of colorectal cancer (HR 0.8, "
            "95% CI 0.7-0.9).",
        )
    ]
    assert rule_stance(aspirin, cohort).answer != "not-addressed"


def test_a_trial_of_another_drug_against_the_one_asked_about_does_not_answer_it() -> None:
    """An active-comparator trial says how two drugs compare, not whether the comparator helps."""
    question = parse_question("Should patients with atrial fibrillation take warfarin?")
    sections = [
        (
            "RESULTS",
            "Stroke was less frequent with dabigatran than with warfarin in patients with atrial "
            "fibrillation (HR 0.66, 95% CI 0.53-0.82).",
        ),
    ]
    title = "Dabigatran vs. warfarin in patients with atrial fibrillation: a randomized trial"
    verdict = rule_stance(question, sections, title=title)
    assert verdict.answer == "not-addressed" and "dabigatran" in verdict.reasons[0].lower()
    # Asked the other way round, or with that comparison, the same trial answers.
    assert (
        rule_stance(parse_question("Is dabigatran better than warfarin for stroke?"), sections, title).answer
        != "not-addressed"
    )
    assert (
        rule_stance(parse_question("Is warfarin better than dabigatran for stroke?"), sections, title).answer
        != "not-addressed"
    )
    # A trial against no treatment tests the treatment asked about.
    surgery = parse_question(
        "Does surgery of the primary tumour improve survival in metastatic breast cancer?"
    )
    trial = [
        ("RESULTS", "Surgery of the primary tumour did not improve survival (HR 1.04, 95% CI 0.81-1.34).")
    ]
    no_treatment = (
        "Locoregional treatment versus no treatment of the primary tumour in metastatic breast cancer"
    )
    assert rule_stance(surgery, trial, no_treatment).answer != "not-addressed"


@pytest.mark.parametrize(
    ("question", "conclusion", "expected"),
    [
        (
            "Does dexmedetomidine reduce postoperative delirium?",
            "Dexmedetomidine significantly reduced postoperative pain and improved postoperative satisfaction.",
            "not-addressed",
        ),
        (
            "Does dexmedetomidine reduce postoperative delirium?",
            "Dexmedetomidine significantly reduced the incidence of delirium after cardiac surgery (p = 0.01).",
            "yes",
        ),
        (
            "Does aspirin reduce major cardiovascular events?",
            "Aspirin significantly reduced major bleeding events compared with placebo (p = 0.02).",
            "not-addressed",
        ),
        (
            "Does aspirin reduce major cardiovascular events?",
            "Aspirin significantly reduced cardiovascular events compared with placebo (p = 0.02).",
            "yes",
        ),
    ],
)
def test_an_outcome_is_named_by_its_head_not_its_qualifiers(
    question: str, conclusion: str, expected: str
) -> None:
    """'postoperative', 'major' or 'events' alone do not name the outcome asked about."""
    sections = [
        ("METHODS", "Adults having surgery were randomised to the drug or placebo."),
        ("CONCLUSIONS", conclusion),
    ]
    for use_model in (False, True):
        stance = stance_for_sections(question, sections, use_model=use_model)
        assert stance.answer == expected, (use_model, stance.reasons)


@pytest.mark.parametrize(
    ("question", "conclusion", "expected"),
    [
        (
            "Does sertraline reduce depression?",
            "Sertraline significantly improved depression (p < 0.01).",
            "yes",
        ),
        (
            "Does acupuncture reduce pain?",
            "Acupuncture gave significantly better pain scores than sham (p = 0.02).",
            "yes",
        ),
        (
            "Does acupuncture reduce pain?",
            "Acupuncture significantly increased pain compared with sham (p = 0.02).",
            "no",
        ),
        (
            "Is cognitive behavioural therapy effective for insomnia?",
            "Cognitive behavioural therapy significantly improved insomnia compared with sleep hygiene (p < 0.001).",
            "yes",
        ),
        (
            "Is cognitive behavioural therapy effective for insomnia?",
            "Cognitive behavioural therapy did not improve insomnia compared with sleep hygiene.",
            "no",
        ),
        (
            "Is metformin effective for weight loss?",
            "Metformin led to significantly greater weight loss than placebo (p = 0.01).",
            "yes",
        ),
    ],
)
def test_a_bad_outcome_that_improved_went_down(question: str, conclusion: str, expected: str) -> None:
    """ "Improved depression" is less depression; "effective for insomnia" asks for less insomnia."""
    for use_model in (False, True):
        stance = stance_for_sections(question, [("CONCLUSIONS", conclusion)], use_model=use_model)
        assert stance.answer == expected, (use_model, stance.reasons)


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("Dexmedetomidine gave faster sedation without any severe complications.", "yes"),
        ("Dexmedetomidine improved satisfaction without respiratory complications.", "yes"),
        ("Dexmedetomidine caused more complications than placebo (p = 0.01).", "no"),
    ],
)
def test_a_harm_the_sentence_rules_out_is_no_harm(conclusion: str, expected: str) -> None:
    """ "Without any complications" reports none, and a rise in satisfaction is not a rise in harm."""
    stance = stance_for_sections("Is dexmedetomidine safe?", [("CONCLUSIONS", conclusion)], use_model=False)
    assert stance.answer == expected, stance.reasons


def test_a_kind_of_treatment_does_not_name_the_treatment() -> None:
    """ "Music therapy" is not answered by a trial of craniosacral therapy."""
    question = "Does music therapy reduce anxiety before surgery?"
    other = [("CONCLUSIONS", "Craniosacral therapy significantly reduced anxiety before surgery (p = 0.01).")]
    assert stance_for_sections(question, other, use_model=False).answer == "not-addressed"
    asked = [("CONCLUSIONS", "Listening to music significantly reduced anxiety before surgery (p = 0.01).")]
    assert stance_for_sections(question, asked, use_model=False).answer == "yes"


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        # one common word of the name: "the primary endpoint"
        (
            "Dovitinib did not significantly improve the primary endpoint, survival, in breast cancer.",
            "not-addressed",
        ),
        # its words apart, for other things
        (
            "The primary endpoint was reached: survival improved with docetaxel in breast cancer. Tumour "
            "size did not predict the benefit. Surgery was planned later.",
            "not-addressed",
        ),
        # the name, in another order
        ("Surgery of the primary tumour significantly improved survival in breast cancer (p = 0.01).", "yes"),
    ],
)
def test_a_treatment_of_several_words_is_named_by_them_together(conclusion: str, expected: str) -> None:
    question = "Does primary tumour surgery improve survival in women with metastatic breast cancer?"
    stance = stance_for_sections(question, [("CONCLUSIONS", conclusion)], use_model=False)
    assert stance.answer == expected, stance.reasons


@pytest.mark.parametrize(
    "sections",
    [
        [
            ("BACKGROUND", "Integrins drive the proliferation and survival of tumour cells."),
            ("RESULTS", "Cotreatment with the HER2 inhibitor trastuzumab enhanced cell death (p < 0.01)."),
            ("CONCLUSIONS", "Blocking the pathway restores the response to trastuzumab in resistant cells."),
        ],
        [
            (
                "RESULTS",
                "Trastuzumab switched off a survival pathway and lowered cell viability (p = 0.002).",
            ),
            ("CONCLUSIONS", "Trastuzumab acts through pro-survival signalling in these cells."),
        ],
    ],
)
def test_the_death_or_survival_of_cells_is_not_the_survival_of_patients(
    sections: list[tuple[str, str]],
) -> None:
    question = "Does trastuzumab improve overall survival in HER2-positive metastatic breast cancer?"
    for use_model in (False, True):
        stance = stance_for_sections(question, sections, use_model=use_model)
        assert stance.answer == "not-addressed", stance.reasons
    # A question about cells is answered by them.
    asked = "Does trastuzumab increase cell death in HER2-positive breast cancer cells?"
    assert stance_for_sections(asked, sections, use_model=False).answer != "not-addressed"


def test_animal_or_laboratory_work_answers_a_question_about_people_at_most_possibly() -> None:
    """Study analysis reads the design from the whole abstract; the deciding sentence alone
    may not say that the subjects were mice."""
    from consilience.analyze import analyze_paper
    from consilience.analyze.stance import PRECLINICAL_REASON

    paper = Paper(
        id="mouse-1",
        ids=PaperIds(),
        title="An invented statin and survival after induced sepsis",
        sections=[
            Section(label="METHODS", text="Sepsis was induced in 40 C57BL/6 mice by caecal ligation."),
            Section(label="RESULTS", text="Survival was significantly longer with the statin (p = 0.003)."),
            Section(label="CONCLUSIONS", text="The statin significantly improved survival after sepsis."),
        ],
    )
    facts = analyze_paper(paper)
    assert facts.design.design.value == "animal"
    question = "Do statins improve survival in sepsis?"
    alone = stance_for_paper(question, paper, use_model=False)
    assert alone.answer == "yes"  # the sentences name no animal
    stance = stance_for_paper(question, paper, facts, use_model=False)
    assert stance.answer == "possibly"
    assert any(r.startswith(PRECLINICAL_REASON) for r in stance.reasons)
    # A question about mice is answered by them.
    assert (
        stance_for_paper("Do statins improve survival in septic mice?", paper, facts, use_model=False).answer
        == "yes"
    )


def test_laboratory_work_answers_a_question_about_molecules_fully() -> None:
    """A question about proteins and their phosphorylation names no people: cell work is the
    evidence for it, not a stand-in (the cap to "possibly" is for questions about people)."""
    from consilience.analyze import analyze_paper

    paper = Paper(
        id="cells-1",
        ids=PaperIds(),
        title="Zorbase-1 and talin phosphorylation in cultured cells",
        sections=[
            Section(label="METHODS", text="HeLa cells were cultured with a zorbase-1 inhibitor or vehicle."),
            Section(
                label="RESULTS", text="The inhibitor significantly reduced talin phosphorylation (p = 0.002)."
            ),
        ],
    )
    facts = analyze_paper(paper)
    assert facts.design.design.value == "in-vitro"
    molecular = stance_for_paper(
        "Does a zorbase-1 inhibitor reduce talin phosphorylation?", paper, facts, use_model=False
    )
    assert molecular.answer == "yes", molecular.reasons
    clinical = stance_for_paper(
        "Does a zorbase-1 inhibitor reduce mortality in adults?", paper, facts, use_model=False
    )
    assert clinical.answer in ("possibly", "not-addressed"), clinical.reasons


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        # other operations and a "primary endpoint": the name's words apart
        (
            [
                ("METHODS", "Women with locally advanced breast cancer were randomised to two operations."),
                ("RESULTS", "The primary endpoint, disease-free survival, did not differ (p = 0.4)."),
                (
                    "CONCLUSIONS",
                    "Breast conserving surgery did not shorten survival compared with mastectomy.",
                ),
            ],
            "not-addressed",
        ),
        # surgery in other patients, in a review that names breast cancer elsewhere
        (
            [
                ("BACKGROUND", "Hormone therapy raises the risk of breast cancer in healthy women."),
                (
                    "CONCLUSIONS",
                    "Hormone therapy improved survival (HR 0.71, 95% CI 0.54-0.93) in women who had "
                    "surgical treatment for ovarian cancer.",
                ),
            ],
            "not-addressed",
        ),
        # the operation named by its procedure word, in a sentence about the people asked about
        (
            [
                (
                    "METHODS",
                    "Women with de novo stage IV breast cancer were randomised to locoregional treatment "
                    "(surgery with or without radiotherapy) or to systemic therapy alone.",
                ),
                (
                    "RESULTS",
                    "Overall survival was longer with surgery (HR 0.71, 95% CI 0.59-0.86; p = 0.0003).",
                ),
                ("CONCLUSIONS", "Upfront surgery significantly improved overall survival."),
            ],
            "yes",
        ),
    ],
)
def test_a_treatment_named_in_five_words_is_still_a_name(
    sections: list[tuple[str, str]], expected: str
) -> None:
    """ "Surgery of the primary tumour" is a treatment's name (three content words), not a clause:
    the gate that asks for its words together applies, as it does to "primary tumour surgery"."""
    question = (
        "Does surgery of the primary tumour improve survival in women with de novo stage IV breast cancer?"
    )
    for use_model in (False, True):
        stance = stance_for_sections(question, sections, use_model=use_model)
        assert stance.answer == expected, stance.reasons


def test_a_treatment_both_arms_received_is_not_the_one_tested() -> None:
    """ "Radiotherapy alone or in combination with actinomycin-D ... chemotherapy improved local
    control" tests the chemotherapy; so does "the addition of interferon to radiotherapy"."""
    question = "Does radiotherapy reduce local recurrence in women with breast cancer?"
    added = [
        (
            "CONCLUSIONS",
            "In 32 women with breast cancer who received radiotherapy alone or in combination with "
            "actinomycin-D, chemotherapy significantly reduced local recurrence (p = 0.02).",
        )
    ]
    addition = [
        (
            "CONCLUSIONS",
            "The addition of interferon to radiotherapy significantly reduced local recurrence in women "
            "with breast cancer (p = 0.01).",
        )
    ]
    tested = [
        (
            "CONCLUSIONS",
            "Radiotherapy significantly reduced local recurrence compared with observation in women with "
            "breast cancer (p = 0.01).",
        )
    ]
    for use_model in (False, True):
        assert stance_for_sections(question, added, use_model=use_model).answer == "not-addressed"
        assert stance_for_sections(question, addition, use_model=use_model).answer == "not-addressed"
        assert stance_for_sections(question, tested, use_model=use_model).answer == "yes"


def test_a_control_arm_given_the_treatment_alone_means_both_arms_had_it() -> None:
    """ "Granisetron with dexamethasone ... compared with dexamethasone alone" tests granisetron;
    "ramosetron plus dexamethasone compared with ramosetron alone" tests dexamethasone."""
    question = "Does dexamethasone reduce postoperative nausea and vomiting?"
    background = [
        (
            "CONCLUSIONS",
            "Granisetron given with dexamethasone significantly reduced postoperative nausea and vomiting "
            "compared with dexamethasone alone (p = 0.01).",
        )
    ]
    added = [
        (
            "CONCLUSIONS",
            "Ramosetron plus dexamethasone significantly reduced postoperative nausea and vomiting "
            "compared with ramosetron alone (p = 0.01).",
        )
    ]
    for use_model in (False, True):
        assert stance_for_sections(question, background, use_model=use_model).answer == "not-addressed"
        assert stance_for_sections(question, added, use_model=use_model).answer == "yes"


def test_a_population_is_named_by_at_least_half_its_words() -> None:
    """ "Total blood loss" after prostatectomy does not name "total knee arthroplasty"."""
    question = "Does tranexamic acid reduce blood loss in total knee arthroplasty?"
    other = [
        (
            "CONCLUSIONS",
            "Tranexamic acid significantly reduced total blood loss after prostatectomy (p = 0.001).",
        )
    ]
    asked = [
        (
            "CONCLUSIONS",
            "Tranexamic acid significantly reduced total blood loss after knee arthroplasty (p = 0.001).",
        )
    ]
    stance = stance_for_sections(question, other, use_model=False)
    assert stance.answer == "possibly" and any(r.startswith(OTHER_POPULATION_REASON) for r in stance.reasons)
    assert stance_for_sections(question, asked, use_model=False).answer == "yes"


def test_a_condition_is_named_by_its_specific_word_not_its_head() -> None:
    """ "Endometrial cancer" is not named by "breast cancer", nor by "trial" (a word it ends in)."""
    question = "Is tamoxifen associated with endometrial cancer?"
    other = [
        ("METHODS", "In this randomised trial, 400 women with breast cancer took tamoxifen or placebo."),
        ("CONCLUSIONS", "Tamoxifen significantly reduced breast cancer recurrence (p = 0.001)."),
    ]
    for use_model in (False, True):
        assert stance_for_sections(question, other, use_model=use_model).answer == "not-addressed"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Is tamoxifen associated with endometrial cancer?", "yes"),
        ("Does tamoxifen increase the risk of stroke?", "no"),
    ],
)
def test_each_item_of_a_list_of_estimates_is_read_with_the_lists_measure(
    question: str, expected: str
) -> None:
    """ "RRs were as follows: pulmonary embolus 1.87 (1.13-3.07), stroke 1.06 (0.83-1.36), and
    endometrial cancer 1.74 (1.30-2.34)": the item naming the outcome decides, read as an RR."""
    sections = [
        ("METHODS", "We randomised 6,000 women with breast cancer to continue tamoxifen or to stop."),
        (
            "RESULTS",
            "With continued tamoxifen, RRs for specific diseases were as follows: pulmonary embolus 1.87 (95% CI "
            "1.13-3.07, p = 0.01), stroke 1.06 (0.83-1.36), ischaemic heart disease 0.76 (0.60-0.95, "
            "p = 0.02), and endometrial cancer 1.74 (1.30-2.34, p = 0.0002).",
        ),
    ]
    for use_model in (False, True):
        stance = stance_for_sections(question, sections, use_model=use_model)
        assert stance.answer == expected, stance.reasons


def test_a_pain_is_named_by_its_site_not_by_pain() -> None:
    """ "Chronic low back pain" is not answered by a trial on neck pain or migraine; "pain" alone
    and "postoperative pain" still are."""
    neck = [
        (
            "METHODS",
            "Sixty women with chronic neck pain were randomly assigned to acupuncture or sham needling.",
        ),
        (
            "CONCLUSIONS",
            "Acupuncture significantly reduced neck pain intensity compared with sham (p = 0.01).",
        ),
    ]
    back = [
        (
            "METHODS",
            "Eighty adults with chronic low back pain were randomly assigned to acupuncture or sham needling.",
        ),
        (
            "CONCLUSIONS",
            "Acupuncture significantly reduced back pain intensity compared with sham (p = 0.01).",
        ),
    ]
    for use_model in (False, True):
        asked = "Is acupuncture effective for chronic low back pain?"
        assert stance_for_sections(asked, neck, use_model=use_model).answer == "not-addressed"
        assert stance_for_sections(asked, back, use_model=use_model).answer == "yes"
        for question in ("Does acupuncture reduce pain?", "Does acupuncture reduce postoperative pain?"):
            assert stance_for_sections(question, neck, use_model=use_model).answer != "not-addressed"


def test_a_difference_whose_ci_includes_zero_is_not_a_yes() -> None:
    """A review's "(SMD -0.15, 95% CI -0.30 to 0.01)" for depression shows no clear effect,
    whatever the model makes of the words around it; one that excludes 0 is significant."""
    question = "Does exercise improve depression?"
    unclear = [
        (
            "",
            "We included 12 trials (1400 women). Exercise probably improves fitness (SMD 0.40, 95% CI 0.22 to "
            "0.58; 9 studies, 900 women) and makes little or no difference to depression (SMD -0.15, 95% CI "
            "-0.30 to 0.01; 5 studies, 674 women; moderate-quality evidence).",
        )
    ]
    clear = [
        (
            "",
            "We included 12 trials (1400 women). Exercise reduced depression scores (SMD -0.35, 95% CI -0.52 "
            "to -0.18; 7 studies, 810 women; moderate-quality evidence).",
        )
    ]
    for use_model in (False, True):
        stance = stance_for_sections(question, unclear, use_model=use_model)
        assert stance.answer == "no", stance.reasons
        assert "a difference whose confidence interval includes 0" in stance.reasons
        assert stance_for_sections(question, clear, use_model=use_model).answer == "yes"


def test_a_cancer_is_named_as_a_cancer_not_by_its_organ() -> None:
    """ "Lung function" in smokers with COPD does not answer a question about lung cancer; a
    cohort on "cancers of the lung" does, and "breast cancer recurrence" is no condition to name."""
    question = "Is smoking associated with lung cancer?"
    copd = [
        ("METHODS", "We randomised 64 current and former smokers with COPD to inhaled steroids or placebo."),
        (
            "CONCLUSIONS",
            "Current smoking was associated with worse lung function, and inhaled steroids with less airway "
            "remodelling.",
        ),
    ]
    cohort = [
        ("METHODS", "We followed 20,000 adults for 15 years and recorded their smoking."),
        ("CONCLUSIONS", "Heavy smoking was significantly associated with cancers of the lung (p < 0.001)."),
    ]
    for use_model in (False, True):
        assert stance_for_sections(question, copd, use_model=use_model).answer == "not-addressed"
        assert stance_for_sections(question, cohort, use_model=use_model).answer == "yes"
    recurrence = [
        ("METHODS", "We randomised 900 women with breast cancer to tamoxifen or placebo for five years."),
        ("CONCLUSIONS", "Tamoxifen significantly reduced recurrence (p = 0.002)."),
    ]
    answer = stance_for_sections(
        "Does tamoxifen reduce breast cancer recurrence?", recurrence, use_model=False
    )
    assert answer.answer == "yes"


def test_a_trial_that_beats_the_asked_treatment_tests_another() -> None:
    """ "Letrozole is safe and superior to tamoxifen" does not say whether tamoxifen reduces
    recurrence; it answers "Is tamoxifen better than letrozole?" with no."""
    sections = [
        ("METHODS", "We randomised 337 postmenopausal women with breast cancer to letrozole or tamoxifen."),
        ("CONCLUSIONS", "Neoadjuvant letrozole is safe and significantly superior to tamoxifen (p < 0.001)."),
    ]
    for use_model in (False, True):
        asked = stance_for_sections(
            "Does tamoxifen reduce breast cancer recurrence?", sections, use_model=use_model
        )
        assert asked.answer == "not-addressed", asked.reasons
        versus = stance_for_sections("Is tamoxifen better than letrozole?", sections, use_model=use_model)
        assert versus.answer != "not-addressed"


def test_an_event_of_a_cancer_is_named_by_the_event() -> None:
    """ "Breast cancer recurrence" is answered by recurrence: a tamoxifen trial on Ki-67 in breast
    cancer names the cancer, not its recurrence; a trial in colon cancer recurrence is of others."""
    question = "Does tamoxifen reduce the risk of breast cancer recurrence?"
    biomarker = [
        ("METHODS", "We randomised 120 women with breast cancer to tamoxifen or placebo for 14 days."),
        ("CONCLUSIONS", "Tamoxifen significantly reduced Ki-67 in breast cancer tissue (p = 0.001)."),
    ]
    recurrence = [
        ("METHODS", "We randomised 900 women with breast cancer to tamoxifen or placebo for five years."),
        ("CONCLUSIONS", "Tamoxifen significantly reduced recurrence (p = 0.002)."),
    ]
    for use_model in (False, True):
        assert stance_for_sections(question, biomarker, use_model=use_model).answer == "not-addressed"
        assert stance_for_sections(question, recurrence, use_model=use_model).answer == "yes"


def test_both_treatments_compared_having_the_effect_is_no_win() -> None:
    """ "Both ondansetron and metoclopramide significantly reduced nausea" does not show that
    ondansetron is better than metoclopramide."""
    question = "Ondansetron vs metoclopramide for postoperative nausea"
    sections = [
        ("METHODS", "We randomised 120 adults after surgery to ondansetron or metoclopramide."),
        (
            "RESULTS",
            "Both ondansetron and metoclopramide significantly reduced the severity of postoperative "
            "nausea (p < 0.001).",
        ),
    ]
    for use_model in (False, True):
        stance = stance_for_sections(question, sections, use_model=use_model)
        assert stance.answer == "no", stance.reasons


def test_sleepiness_is_not_sleep() -> None:
    """Coffee that lessened subjective sleepiness while driving says nothing of sleep."""
    sections = [
        ("METHODS", "Twenty-four drivers drank caffeinated or decaffeinated coffee in random order."),
        (
            "CONCLUSIONS",
            "Caffeinated coffee significantly reduced subjective sleepiness during monotonous driving (p < 0.01).",
        ),
    ]
    for use_model in (False, True):
        stance = stance_for_sections(
            "What are the effects of caffeine on sleep?", sections, use_model=use_model
        )
        assert stance.answer == "not-addressed", stance.reasons


def test_a_question_read_as_a_whole_needs_a_paper_about_it() -> None:
    """No intervention or outcome can be read from this question, so the paper must name a good
    part of its words: one sharing only "community" and "practice" is about something else."""
    question = "Does family practice at residency teaching sites reflect community practice?"
    assert parse_question(question).outcome == ""
    other = [
        ("METHODS", "We reviewed 40 programmes that enrol minority patients in cancer research."),
        ("CONCLUSIONS", "Embedding research in the community was an important strategy in practice."),
    ]
    stance = stance_for_sections(question, other)
    assert stance.answer == "not-addressed", stance.reasons
    own = [
        (
            "METHODS",
            "We compared 1,200 visits to family practice residency teaching sites with community practices.",
        ),
        ("CONCLUSIONS", "Family practice at residency teaching sites did not reflect community practice."),
    ]
    assert stance_for_sections(question, own).answer != "not-addressed"
