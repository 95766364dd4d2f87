"""The structural design rules of issue #4, each on invented abstracts (eval/gold/DESIGN_LABELS.md).

Who or what was randomly allocated decides between a trial, animal work and bench work; a trial's
participants reused for a question the trial did not randomize make an observational study; data
of several studies analysed together make a meta-analysis.
"""

from __future__ import annotations

import pytest

from consilience.analyze.design import ANALYZER_VERSION, classify_design
from consilience.model import Paper, Section, StudyDesign

D = StudyDesign


def _paper(title: str, *sections: tuple[str, str]) -> Paper:
    return Paper(
        id="test:rules",
        title=title,
        sections=[Section(label=label, text=text) for label, text in sections],
    )


def test_version_was_bumped_for_the_new_rules() -> None:
    assert ANALYZER_VERSION == "design-8"


# --- what was allocated: people, animals or specimens --------------------------------------------


@pytest.mark.parametrize(
    "methods",
    [
        "Forty-eight extracted human premolars were randomly divided into four groups of twelve. "
        "Each group was bonded with a different adhesive and tested for shear bond strength.",
        "Thirty single-rooted incisors were decoronated. The roots were randomly assigned to three "
        "obturation techniques and dye leakage was measured.",
        "Disc specimens (n = 10 per group) were randomly allocated to two polishing protocols.",
        "Cells were seeded in 24-well plates, which were then randomly divided into exposure groups.",
    ],
)
def test_specimens_randomly_allocated_are_in_vitro(methods: str) -> None:
    paper = _paper(
        "Bond strength of two restorative materials",
        ("METHODS", methods),
        ("RESULTS", "Group B showed the highest values."),
    )
    call = classify_design(paper)
    assert call.design is D.IN_VITRO
    assert call.human is False


def test_teeth_of_patients_randomly_assigned_stay_a_trial() -> None:
    paper = _paper(
        "Sealant or varnish for first molars in schoolchildren: a split-mouth study",
        (
            "METHODS",
            "In 60 children, contralateral first molars were randomly assigned to a resin sealant or a "
            "fluoride varnish and followed for two years.",
        ),
        ("RESULTS", "Caries increments were lower with the sealant."),
    )
    assert classify_design(paper).design is D.RCT


@pytest.mark.parametrize("species", ["alpacas", "goats", "goldfish", "gerbils"])
def test_animals_randomly_allocated_are_animal_work(species: str) -> None:
    paper = _paper(
        "A dietary supplement and weight gain",
        (
            "METHODS",
            f"Twenty-four {species} were randomly assigned to a supplemented or a standard diet for "
            "six weeks; tissue samples were taken at the end.",
        ),
        ("RESULTS", "Weight gain was greater with the supplement."),
    )
    call = classify_design(paper)
    assert call.design is D.ANIMAL
    assert call.human is False


def test_goat_as_a_food_is_not_animal_work() -> None:
    paper = _paper(
        "Dairy intolerance in adults with irritable bowel syndrome: a cross-sectional survey",
        (
            "METHODS",
            "A questionnaire on tolerance of cow, goat and sheep milk was completed by 400 adults.",
        ),
    )
    assert classify_design(paper).design is D.CROSS_SECTIONAL


def test_cells_from_randomized_volunteers_do_not_make_bench_work() -> None:
    paper = _paper(
        "Oxidative stress in blood mononuclear cells after ozone exposure",
        (
            "",
            "Ozone has been linked to airway disease. We performed a randomised, double-blind, "
            "repeated-measures crossover study in which 30 healthy volunteers breathed filtered air or "
            "ozone for two hours. Peripheral blood mononuclear cells were isolated, cultured ex vivo and "
            "assayed for reactive oxygen species, DNA strand breaks and gene expression by western blot. "
            "No differences in the cell markers were found between exposures.",
        ),
    )
    call = classify_design(paper)
    assert call.design is D.RCT
    assert call.human is True


@pytest.mark.parametrize(
    "methods",
    [
        "We randomized patients into two groups: one received a printed leaflet, the other a video.",
        "Fourteen adults with type 2 diabetes randomly underwent three sessions: rest, moderate cycling "
        "and vigorous cycling, one week apart.",
    ],
)
def test_allocation_phrasings_read_as_a_trial(methods: str) -> None:
    paper = _paper(
        "Patient information before surgery: a prospective study",
        ("METHODS", methods),
        ("RESULTS", "Scores differed by 3 points."),
    )
    assert classify_design(paper).design is D.RCT


# --- economic evaluations -----------------------------------------------------------------------


def test_economic_evaluation_within_a_randomized_trial_is_the_trial() -> None:
    paper = _paper(
        "Cost-effectiveness of nurse-led follow-up after hip replacement",
        (
            "METHODS",
            "Two hundred patients were randomly assigned to nurse-led or surgeon-led follow-up. Costs "
            "and quality-adjusted life years were recorded for one year.",
        ),
        (
            "RESULTS",
            "Nurse-led follow-up cost less with similar QALYs; the incremental cost per QALY was "
            "dominated. It was cost-effective at all thresholds.",
        ),
    )
    assert classify_design(paper).design is D.RCT


def test_decision_model_built_on_trial_results_stays_other() -> None:
    paper = _paper(
        "Cost-utility of nurse-led follow-up: a Markov model",
        (
            "METHODS",
            "A Markov model with a lifetime horizon used effect estimates from a trial in which patients "
            "were randomly assigned to nurse-led or surgeon-led follow-up.",
        ),
        ("RESULTS", "The incremental cost-effectiveness ratio was 12,000 per QALY."),
    )
    assert classify_design(paper).design is D.OTHER


# --- several studies analysed together ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "methods"),
    [
        (
            "Efficacy of a new inhaler across its development programme",
            "Pooled data from four randomized, double-blind, placebo-controlled trials were analysed; "
            "patients in the four trials received the inhaler or placebo for 12 weeks.",
        ),
        (
            "Night work and breast cancer: an individual-level analysis of six case-control studies",
            "Six case-control data sets were combined. Odds ratios were estimated by logistic regression.",
        ),
        (
            "Drug A versus drug B for atrial fibrillation: an adjusted indirect comparison",
            "An adjusted indirect comparison used placebo-controlled trials of each drug as the common "
            "comparator.",
        ),
    ],
)
def test_pooled_analyses_of_several_studies_are_meta_analyses(title: str, methods: str) -> None:
    paper = _paper(title, ("METHODS", methods), ("RESULTS", "The odds ratio was 0.8."))
    assert classify_design(paper).design is D.META_ANALYSIS


# --- trial participants studied for another question --------------------------------------------


@pytest.mark.parametrize(
    "methods",
    [
        "This was a secondary observational analysis of data from a randomised trial of iron "
        "supplements; we examined the association between birth weight and school grades.",
        "We conducted a follow-up study of a cluster-randomised breastfeeding trial and re-enrolled the "
        "children at age 7 to study the association between maternal smoking and reading scores.",
        "Data were collected from women enrolled in a trial of nicotine patches to identify factors "
        "associated with quitting at delivery.",
    ],
)
def test_trial_participants_studied_for_an_exposure_are_a_cohort(methods: str) -> None:
    paper = _paper(
        "Early life factors and later outcomes",
        ("METHODS", methods),
        ("RESULTS", "The adjusted odds ratio was 1.4."),
    )
    call = classify_design(paper)
    assert call.design is D.PROSPECTIVE_COHORT
    assert any("non-randomized" in reason for reason in call.reasons)


def test_secondary_analysis_comparing_the_arms_stays_an_rct() -> None:
    paper = _paper(
        "Vitamin D and markers of bone turnover: a post hoc analysis of a randomized trial",
        (
            "METHODS",
            "We conducted a post hoc analysis of a double-blind trial in which 120 adults were "
            "randomized to vitamin D or placebo. We also examined the association between baseline "
            "vitamin D and bone markers.",
        ),
        ("RESULTS", "Bone markers fell more with vitamin D compared with placebo."),
    )
    assert classify_design(paper).design is D.RCT


def test_survey_of_trial_participants_is_cross_sectional() -> None:
    paper = _paper(
        "A survey of participants' understanding of consent in a randomised controlled trial of yoga",
        (
            "METHODS",
            "All women who participated in a randomised controlled trial of yoga were invited to "
            "complete an anonymous questionnaire on their understanding of the consent form.",
        ),
        ("RESULTS", "The response rate was 62%; most respondents understood the sham condition."),
    )
    assert classify_design(paper).design is D.CROSS_SECTIONAL


# --- basic science: live animals, cells, and reviews of the literature ---------------------------


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # A species named once beside cell work is the cells' source, not animal experiments.
        (
            "Reprogramming of human fibroblasts with lineage factors",
            "Unlike in mouse, the factor has not been replaced during reprogramming of human cells. "
            "Here we report a strategy in cultured human fibroblasts, with transcriptome analysis of the cells.",
            D.IN_VITRO,
        ),
        # Cell work with tumours grown in living animals is animal work.
        (
            "Clock function in melanoma cells",
            "We compared growth of melanoma cells with a functional or dysfunctional clock. "
            "Proliferation of the cells in vitro and tumour growth in vivo were slowed.",
            D.ANIMAL,
        ),
        (
            "A kinase inhibitor in human tumour xenografts",
            "The inhibitor was tested against 13 human tumour xenografts derived from cell lines. "
            "Mutant pathway genes predicted sensitivity in the cells.",
            D.ANIMAL,
        ),
        # "in vivo" inside living bacteria involves no animal.
        (
            "A helicase unwinds DNA",
            "We purified the bacterial helicase and measured its activity on DNA substrates in vitro. "
            "Mutant strains showed the functions of the enzyme in vivo in the cells.",
            D.IN_VITRO,
        ),
    ],
)
def test_live_animals_decide_between_animal_and_cell_work(
    title: str, text: str, expected: StudyDesign
) -> None:
    assert classify_design(_paper(title, ("", text))).design is expected


def test_a_food_or_a_virus_named_after_a_species_is_no_animal_work() -> None:
    review = _paper(
        "Reflux in infants",
        (
            "",
            "Reflux may be secondary to cow's milk protein allergy. Several treatments exist and their place is debated.",
        ),
    )
    assert classify_design(review).design is not D.ANIMAL
    virus = _paper(
        "Structure of a virus bound to its receptor",
        (
            "",
            "Feline calicivirus propagates in cell culture. We determined the structure of the purified "
            "virus-receptor complex by cryo-electron microscopy.",
        ),
    )
    assert classify_design(virus).design is D.IN_VITRO


def test_literature_searches() -> None:
    searched = _paper(
        "Psychosocial needs of patients: a literature review",
        (
            "",
            "We performed a MEDLINE search for articles published from 1990 to 2010. "
            "We identified 3215 records and selected 72 relevant papers for review.",
        ),
    )
    assert classify_design(searched).design is D.SYSTEMATIC_REVIEW
    unsystematic = _paper(
        "Muscle matrix remodelling in obesity",
        (
            "",
            "A non-systematic literature review was performed on PubMed. A total of 37 studies were retained.",
        ),
    )
    assert classify_design(unsystematic).design is not D.SYSTEMATIC_REVIEW
