"""Study-design classification on invented abstracts: every class, negation traps, priors, spans."""

from __future__ import annotations

import pytest

from consilience.analyze.design import classify_design
from consilience.model import EVIDENCE_LEVEL, MeshHeading, Paper, Section, StudyDesign

D = StudyDesign


def _paper(title: str, *sections: tuple[str, str], ptypes: list[str] | None = None) -> Paper:
    return Paper(
        id="test:1",
        title=title,
        sections=[Section(label=label, text=text) for label, text in sections],
        publication_types=ptypes or [],
    )


CASES: dict[str, tuple[Paper, StudyDesign]] = {
    "meta-analysis": (
        _paper(
            "Statins and stroke recurrence: a systematic review and meta-analysis",
            (
                "METHODS",
                "We searched MEDLINE and Embase for randomized trials of statins after stroke. "
                "Pooled risk ratios were estimated with a random-effects model.",
            ),
            ("RESULTS", "Twelve trials were included; the pooled risk ratio was 0.84 (95% CI 0.76-0.93)."),
        ),
        D.META_ANALYSIS,
    ),
    "systematic-review": (
        _paper(
            "Peer support for new mothers: a systematic review",
            (
                "METHODS",
                "Four databases (MEDLINE, CINAHL, PsycINFO, Scopus) were searched to 2020. "
                "Two reviewers screened records; findings were synthesised narratively.",
            ),
            (
                "RESULTS",
                "Nineteen studies met the inclusion criteria; their designs were too varied to combine.",
            ),
        ),
        D.SYSTEMATIC_REVIEW,
    ),
    "rct": (
        _paper(
            "Oral iron versus placebo in anaemic adolescents",
            (
                "METHODS",
                "In this double-blind trial, 240 adolescents were randomly assigned to oral iron or "
                "placebo for 12 weeks. Analysis was by intention to treat.",
            ),
            ("RESULTS", "Haemoglobin rose by 1.1 g/dL more with iron than with placebo."),
        ),
        D.RCT,
    ),
    "non-randomized-trial": (
        _paper(
            "A structured walking programme after knee replacement",
            (
                "METHODS",
                "In this non-randomized controlled study, patients on ward A received the programme "
                "and patients on ward B received usual care.",
            ),
            ("RESULTS", "Walking distance at discharge was longer on ward A."),
        ),
        D.NON_RANDOMIZED_TRIAL,
    ),
    "single-arm": (
        _paper(
            "Drug X in relapsed lymphoma: a single-arm phase 2 study",
            ("METHODS", "Forty-one patients received drug X daily until progression."),
            ("RESULTS", "The overall response rate was 44%."),
        ),
        D.NON_RANDOMIZED_TRIAL,
    ),
    "prospective-cohort": (
        _paper(
            "Sleep duration and incident diabetes",
            (
                "METHODS",
                "In a prospective cohort study, 8,100 adults without diabetes reported their sleep at "
                "baseline and were followed for 9 years.",
            ),
            ("RESULTS", "Short sleep was associated with incident diabetes (HR 1.31)."),
        ),
        D.PROSPECTIVE_COHORT,
    ),
    "retrospective-cohort": (
        _paper(
            "Early mobilisation after hip fracture surgery",
            (
                "METHODS",
                "We retrospectively reviewed the medical records of 412 patients operated on at our "
                "hospital between 2012 and 2018, comparing early with late mobilisation.",
            ),
            ("RESULTS", "Early mobilisation was associated with shorter stays."),
        ),
        D.RETROSPECTIVE_COHORT,
    ),
    "registry": (
        _paper(
            "Survival after lumpectomy in elderly women: a SEER analysis",
            (
                "METHODS",
                "Women aged 70 or older with stage I breast cancer were identified in the Surveillance, "
                "Epidemiology, and End Results database (2004-2015).",
            ),
            ("RESULTS", "Omission of radiotherapy was not associated with worse survival."),
        ),
        D.REGISTRY,
    ),
    "claims": (
        _paper(
            "Opioid prescribing after dental extraction",
            (
                "METHODS",
                "Using nationwide insurance claims data, we identified 90,000 adults who had a tooth "
                "extracted and filled an opioid prescription within 7 days.",
            ),
        ),
        D.REGISTRY,
    ),
    "case-control": (
        _paper(
            "Residential radon and childhood leukaemia",
            (
                "METHODS",
                "This population-based case-control study compared 300 children with leukaemia with "
                "600 age- and sex-matched controls.",
            ),
        ),
        D.CASE_CONTROL,
    ),
    "cross-sectional": (
        _paper(
            "Burnout among emergency nurses",
            (
                "METHODS",
                "A cross-sectional online survey was sent to 1,200 nurses; the response rate was 61%.",
            ),
            ("RESULTS", "The prevalence of burnout was 38%."),
        ),
        D.CROSS_SECTIONAL,
    ),
    "case-series": (
        _paper(
            "Endoscopic removal of migrated stents: our experience",
            (
                "ABSTRACT",
                "We describe 14 consecutive patients in whom a migrated biliary stent was removed "
                "endoscopically. Removal succeeded in 13.",
            ),
        ),
        D.CASE_SERIES,
    ),
    "case-report": (
        _paper(
            "Late pacemaker pocket infection with an unusual organism",
            (
                "ABSTRACT",
                "We report a case of a 67-year-old man who presented with a swollen pacemaker pocket "
                "six years after implantation. Cultures grew an unusual organism.",
            ),
        ),
        D.CASE_REPORT,
    ),
    "narrative-review": (
        _paper(
            "Gut microbiota and depression: current understanding",
            (
                "ABSTRACT",
                "The gut-brain axis has attracted growing interest. In this review we summarize "
                "recent advances linking the microbiota to mood and discuss open questions.",
            ),
        ),
        D.NARRATIVE_REVIEW,
    ),
    "guideline": (
        _paper(
            "Management of community-acquired pneumonia: a consensus statement",
            (
                "ABSTRACT",
                "An expert panel of 14 clinicians reviewed the evidence and issued recommendations. "
                "We recommend a chest radiograph in all adults with suspected pneumonia.",
            ),
        ),
        D.GUIDELINE,
    ),
    "animal": (
        _paper(
            "Exercise protects the ischaemic heart in diabetic rats",
            (
                "METHODS",
                "Male Wistar rats with streptozotocin-induced diabetes were randomly assigned to "
                "treadmill exercise or rest for 8 weeks before coronary ligation.",
            ),
        ),
        D.ANIMAL,
    ),
    "in-vitro": (
        _paper(
            "Compound Z inhibits migration of breast cancer cells",
            (
                "ABSTRACT",
                "We treated MCF-7 and MDA-MB-231 cell lines with compound Z in vitro. Western blot "
                "showed lower expression of the migration protein; transfection with siRNA confirmed "
                "the effect.",
            ),
        ),
        D.IN_VITRO,
    ),
    "other": (
        _paper(
            "Cost-effectiveness of annual screening for hepatitis C in prisons",
            (
                "METHODS",
                "A Markov model estimated costs and quality-adjusted life years (QALYs) over a "
                "lifetime horizon; the incremental cost per QALY was the main outcome.",
            ),
        ),
        D.OTHER,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_design_class(name: str) -> None:
    paper, expected = CASES[name]
    call = classify_design(paper)
    assert call.design is expected, call.reasons
    assert call.evidence_level == EVIDENCE_LEVEL[expected]
    assert 0.0 < call.confidence <= 1.0
    assert call.reasons


def test_every_class_is_covered() -> None:
    covered = {expected for _, expected in CASES.values()}
    assert covered == set(StudyDesign)


def test_negated_randomization_is_not_an_rct() -> None:
    paper = _paper(
        "Acupuncture for chronic neck pain",
        (
            "METHODS",
            "This non-randomized study allocated patients to acupuncture or physiotherapy by "
            "their own preference; patients were not randomized.",
        ),
    )
    call = classify_design(paper)
    assert call.design is D.NON_RANDOMIZED_TRIAL
    assert all("non-randomized" not in span.text.lower() or call.design is not D.RCT for span in call.spans)


def test_trial_participants_analysed_retrospectively_are_a_cohort() -> None:
    paper = _paper(
        "Body mass index and recurrence among participants of an adjuvant trial",
        (
            "METHODS",
            "Patients randomized in the ALPHA trial were analysed retrospectively for the association "
            "between body mass index at baseline and recurrence, irrespective of treatment arm.",
        ),
    )
    call = classify_design(paper)
    assert call.design is D.RETROSPECTIVE_COHORT


def test_meta_analysis_of_rcts_is_not_an_rct() -> None:
    paper = _paper(
        "Vitamin D and falls: meta-analysis of randomised controlled trials",
        ("METHODS", "Randomised controlled trials were identified in PubMed and pooled with random effects."),
    )
    assert classify_design(paper).design is D.META_ANALYSIS


@pytest.mark.parametrize(
    ("text", "design"),
    [
        # A review's results as they open, with no methods section to name a search
        (
            "We included nine randomised trials with a total of 1240 participants. Nasal sprays reduced "
            "symptom days compared with placebo (MD -1.2 days, 95% CI -1.9 to -0.5; 6 studies, 830 "
            "participants; moderate-quality evidence). Adverse events were rare in the placebo groups.",
            D.META_ANALYSIS,
        ),
        (
            "Thirty-one trials enrolling 4120 children met the inclusion criteria. Most were small and at "
            "high risk of bias, and the interventions differed too much to be combined. Two trials "
            "reported fewer admissions with the home visits.",
            D.SYSTEMATIC_REVIEW,
        ),
        (
            "This updated review includes one randomized controlled trial (64 women). The trial was "
            "double-blind and placebo-controlled, and found no difference in pain at six weeks.",
            D.SYSTEMATIC_REVIEW,
        ),
        (
            "We found no studies that met the inclusion criteria. Randomized placebo-controlled trials "
            "of the drug in children are needed.",
            D.SYSTEMATIC_REVIEW,
        ),
    ],
)
def test_review_results_count_studies_not_people(text: str, design: StudyDesign) -> None:
    assert classify_design(_paper("", ("", text)), use_metadata=False).design is design


@pytest.mark.parametrize(
    "text",
    [
        "There is a need for high-quality evidence before the device is adopted. We interviewed 30 nurses "
        "about the device and analysed the transcripts thematically.",
        "DESIGN: Cross sectional study of registered trials. RESULTS: Of 900 registered trials found, 410 met "
        "the inclusion criteria; 21% were discontinued early.",
        "We enrolled 300 patients; no studies included an economic analysis of the drug. Patients were "
        "randomly assigned to the drug or placebo, and the drug reduced relapse.",
    ],
)
def test_review_vocabulary_in_other_designs_is_not_a_review(text: str) -> None:
    design = classify_design(_paper("", ("", text)), use_metadata=False).design
    assert design not in (D.SYSTEMATIC_REVIEW, D.META_ANALYSIS)


def test_future_trials_needed_does_not_make_an_rct() -> None:
    paper = _paper(
        "Outcomes of tendon repair at one centre",
        ("METHODS", "We retrospectively reviewed charts of 90 patients treated between 2010 and 2019."),
        ("CONCLUSIONS", "Randomized controlled trials are needed to confirm these findings."),
    )
    assert classify_design(paper, learned=False).design is D.RETROSPECTIVE_COHORT
    # A chart review with no comparison group may be read as a case series (DESIGN_LABELS.md),
    # never as the trial it asks for.
    assert classify_design(paper).design in {D.RETROSPECTIVE_COHORT, D.CASE_SERIES}


def test_animal_and_human_are_explicit() -> None:
    animal = classify_design(CASES["animal"][0])
    assert animal.design is D.ANIMAL and animal.human is False
    cells = classify_design(CASES["in-vitro"][0])
    assert cells.human is False
    trial = classify_design(CASES["rct"][0])
    assert trial.human is True


def test_mouse_cells_are_in_vitro_not_animal() -> None:
    paper = _paper(
        "Factor Q controls self-renewal",
        (
            "ABSTRACT",
            "We show that knockdown of factor Q in mouse embryonic stem cells reduces self-renewal; "
            "cultured cells lost pluripotency markers.",
        ),
    )
    assert classify_design(paper).design is D.IN_VITRO


def test_patients_with_porcine_graft_are_not_animals() -> None:
    paper = _paper(
        "Porcine collagen matrix for gingival recession",
        (
            "METHODS",
            "Sixty patients were randomly assigned to a porcine collagen matrix or a connective "
            "tissue graft.",
        ),
    )
    call = classify_design(paper)
    assert call.design is D.RCT and call.human is True


def test_publication_type_prior_is_respected() -> None:
    paper = _paper(
        "Outcomes after a new suture technique",
        ("ABSTRACT", "Women undergoing caesarean section received either technique A or technique B."),
        ptypes=["Journal Article", "Randomized Controlled Trial"],
    )
    with_prior = classify_design(paper)
    assert with_prior.design is D.RCT
    assert "publication type agrees" in with_prior.reasons
    assert classify_design(paper, use_metadata=False).confidence < with_prior.confidence


def test_case_report_publication_type_beats_weak_text() -> None:
    paper = _paper(
        "Unusual rash after a new antibiotic",
        ("ABSTRACT", "Skin biopsy showed vasculitis."),
        ptypes=["Case Reports"],
    )
    assert classify_design(paper).design is D.CASE_REPORT


def test_mesh_animals_without_humans_means_animal() -> None:
    paper = _paper("Effects of drug Y on blood pressure", ("ABSTRACT", "Drug Y lowered blood pressure."))
    paper = paper.model_copy(update={"mesh": [MeshHeading(descriptor="Animals")]})
    assert classify_design(paper).design is D.ANIMAL


@pytest.mark.parametrize("name", sorted(CASES))
def test_spans_quote_the_paper(name: str) -> None:
    paper, _ = CASES[name]
    call = classify_design(paper)
    assert call.spans, call.reasons
    for span in call.spans:
        assert span.paper_id == paper.id
        text = paper.title if span.section == -1 else paper.sections[span.section].text
        assert text[span.start : span.end] == span.text


def test_decisive_span_points_at_the_design_words() -> None:
    paper, _ = CASES["case-control"]
    call = classify_design(paper)
    assert any(span.text.lower() == "case-control" for span in call.spans)


def test_empty_paper_is_other_with_low_confidence() -> None:
    call = classify_design(Paper(id="test:0"))
    assert call.design is D.OTHER
    assert call.confidence <= 0.3
    assert call.spans == []


def test_confident_when_clear_hesitant_when_thin() -> None:
    clear = classify_design(CASES["rct"][0])
    thin = classify_design(_paper("Knee pain", ("ABSTRACT", "A survey.")))
    assert clear.confidence > thin.confidence


@pytest.mark.parametrize(
    "sentence",
    [
        # Randomly + a verb of giving: the allocation, not a random sample.
        "Forty surgical patients were randomly administered either intravenous lidocaine or saline before induction.",
        "Sixty adults with chronic cough were randomly prescribed honey syrup or a matched syrup for one week.",
        "Twelve cyclists were randomly provided with a carbohydrate or a protein drink on two occasions.",
        # "randomized and open-label", other blinded parties named before "trial/study".
        "This was a randomized and open-label phase II trial of two schedules of oral vinorelbine.",
        "We performed a randomized, investigator-blind, cross-over study in 16 healthy volunteers.",
        "A randomised, observer-blinded trial compared two suture techniques after caesarean section.",
    ],
)
def test_new_rct_cues(sentence: str) -> None:
    paper = _paper("Two treatments compared", ("METHODS", sentence), ("RESULTS", "Outcomes were similar."))
    assert classify_design(paper).design is D.RCT


@pytest.mark.parametrize(
    "sentence",
    [
        "Participants were randomly selected from the electoral roll and completed a questionnaire on sleep.",
        "This was a non-randomized, open-label study of an oral iron regimen in 30 adolescents.",
    ],
)
def test_random_sampling_and_non_randomized_are_not_rct(sentence: str) -> None:
    paper = _paper("A study", ("METHODS", sentence))
    assert classify_design(paper).design is not D.RCT
