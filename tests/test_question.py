"""Question understanding: every pattern people type becomes PICO parts, a direction and a claim."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.question import claim_is_negated, parse_claim, parse_question, relevance_terms


def test_does_x_improve_y_in_z() -> None:
    q = parse_question("Does exercise improve quality of life in women with breast cancer?")
    assert (q.kind, q.intervention, q.outcome, q.population, q.direction) == (
        "yes-no",
        "exercise",
        "quality of life",
        "women with breast cancer",
        "improve",
    )
    assert q.claim == "exercise improves quality of life in women with breast cancer"
    assert q.understood_as.startswith("Does the evidence show that exercise improves")


def test_comparator_is_split_from_the_outcome() -> None:
    q = parse_question(
        "Does adjuvant chemotherapy improve survival compared with observation in elderly patients?"
    )
    assert (q.intervention, q.comparator, q.outcome, q.population) == (
        "adjuvant chemotherapy",
        "observation",
        "survival",
        "elderly patients",
    )


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Does aspirin reduce mortality?", "decrease"),
        ("Does smoking increase the risk of stroke?", "increase"),
        ("Does radiotherapy worsen cognition?", "worsen"),
        ("Does yoga improve sleep?", "improve"),
        ("Does coffee affect blood pressure?", "any"),
    ],
)
def test_direction_asked(text: str, direction: str) -> None:
    assert parse_question(text).direction == direction


def test_is_x_associated_with_y() -> None:
    q = parse_question("Is obesity associated with recurrence among women with breast cancer?")
    assert (q.intervention, q.outcome, q.population, q.direction) == (
        "obesity",
        "recurrence",
        "women with breast cancer",
        "any",
    )
    assert q.claim == "obesity is associated with recurrence in women with breast cancer"


def test_should_patients_with_z_have_x() -> None:
    q = parse_question("Should patients with atrial fibrillation have anticoagulation?")
    assert (q.population, q.intervention, q.direction) == (
        "patients with atrial fibrillation",
        "anticoagulation",
        "improve",
    )
    assert "benefit from anticoagulation" in q.claim


def test_x_vs_y_for_z() -> None:
    q = parse_question("Lumpectomy vs mastectomy for early breast cancer")
    # the capital is the sentence's, not the treatment's: prose says "whether lumpectomy improves"
    assert (q.intervention, q.comparator, q.population, q.direction) == (
        "lumpectomy",
        "mastectomy",
        "early breast cancer",
        "improve",
    )
    assert q.claim == "lumpectomy is better than mastectomy for early breast cancer"
    assert parse_question("HER2-targeted therapy vs chemotherapy").intervention == "HER2-targeted therapy"


def test_x_vs_y_for_an_outcome_in_z() -> None:
    """ "For Z" is an outcome when it names one, and the people follow it."""
    q = parse_question("Statins vs placebo for cardiovascular events in older adults")
    assert (q.intervention, q.comparator, q.outcome, q.population) == (
        "statins",
        "placebo",
        "cardiovascular events",
        "older adults",
    )
    assert q.claim == "statins are better than placebo for cardiovascular events in older adults"
    assert q.direction == "decrease"  # better for events is fewer events
    assert parse_question("Statins vs placebo for survival in older adults").direction == "improve"
    assert parse_question("Do statins increase fracture risk?").claim == "statins increase fracture risk"
    q = parse_question("Ibuprofen vs paracetamol for pain in children")
    assert (q.outcome, q.population) == ("pain", "children")
    # An aim after "for" gives the outcome and its direction, or who is treated.
    q = parse_question("Aspirin vs placebo for preventing colorectal adenomas in adults")
    assert (q.outcome, q.population, q.direction) == ("colorectal adenomas", "adults", "decrease")
    assert q.claim == "aspirin is better than placebo for preventing colorectal adenomas in adults"
    q = parse_question("Metformin versus insulin for treating gestational diabetes")
    assert (q.outcome, q.population, q.direction) == ("outcomes", "gestational diabetes", "improve")
    # A condition stays the population.
    assert parse_question("Surgery vs radiotherapy for prostate cancer").outcome == "outcomes"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # passive, with the treatment after "by"
        (
            "Is survival improved by adjuvant chemotherapy in stage II colon cancer?",
            ("adjuvant chemotherapy", "survival", "stage II colon cancer", "improve"),
        ),
        # passive, with an exposure: an association
        ("Is mortality increased in patients with diabetes?", ("diabetes", "mortality", "", "increase")),
        (
            "Is sympathetic nerve activity reduced throughout normal pregnancy?",
            ("normal pregnancy", "sympathetic nerve activity", "", "decrease"),
        ),
        # "effective at -ing Y": Y is the outcome; "for (treating) Y": Y is what should get
        # better, a condition to lessen or an aim to reach; who is treated follows "in"
        (
            "Is self-advocacy training effective at decreasing homelessness?",
            ("self-advocacy training", "homelessness", "", "decrease"),
        ),
        (
            "Is acupuncture effective for treating chronic pain?",
            ("acupuncture", "chronic pain", "", "decrease"),
        ),
        (
            "Is cognitive behavioural therapy effective for insomnia in older adults?",
            ("cognitive behavioural therapy", "insomnia", "older adults", "decrease"),
        ),
        ("Is metformin effective for weight loss?", ("metformin", "weight loss", "", "increase")),
        ("Is exercise effective for memory?", ("exercise", "memory", "", "improve")),
        (
            "Are probiotics effective in children with eczema?",
            ("probiotics", "outcomes", "children with eczema", "improve"),
        ),
        # "associated with worse / better / longer Y": the direction is said by the adjective
        (
            "Is obesity associated with worse survival in breast cancer?",
            ("obesity", "survival", "breast cancer", "worsen"),
        ),
        ("Is statin use associated with longer survival?", ("statin use", "survival", "", "increase")),
        # "is there any relationship between X and Y"
        (
            "Is there any relationship between streptococcal infection and multiple sclerosis?",
            ("streptococcal infection", "multiple sclerosis", "", "any"),
        ),
    ],
)
def test_more_question_forms(text: str, parts: tuple[str, str, str, str]) -> None:
    q = parse_question(text)
    assert (q.intervention, q.outcome, q.population, q.direction) == parts


def test_a_passive_question_about_an_exposure_is_an_association() -> None:
    from consilience.question import is_exposure

    q = parse_question("Is mortality increased in patients with diabetes?")
    assert q.claim == "diabetes is associated with higher mortality"
    assert is_exposure(q)
    assert not is_exposure(parse_question("Is survival improved by adjuvant chemotherapy?"))
    # what no trial assigns is an exposure whatever the verb; quitting it is a treatment
    assert is_exposure(parse_question("Does obesity increase the risk of knee osteoarthritis?"))
    assert not is_exposure(parse_question("Does smoking cessation reduce mortality?"))
    assert not is_exposure(parse_question("Does aspirin increase the risk of bleeding?"))


def test_an_unread_question_is_shown_back_as_asked() -> None:
    q = parse_question("Is a mandatory rotation necessary in the surgical clerkship?")
    assert q.understood_as.startswith(
        "“Is a mandatory rotation necessary in the surgical clerkship?”, read as a whole"
    )


def test_x_better_than_y() -> None:
    q = parse_question("Is laparoscopic surgery better than open surgery for colon cancer?")
    assert (q.intervention, q.comparator, q.population) == (
        "laparoscopic surgery",
        "open surgery",
        "colon cancer",
    )


def test_can_x_prevent_y() -> None:
    q = parse_question("Can aspirin prevent colorectal cancer?")
    assert (q.intervention, q.outcome, q.direction) == ("aspirin", "colorectal cancer", "decrease")
    assert q.claim == "aspirin prevents colorectal cancer"


def test_is_x_safe_in_pregnancy() -> None:
    q = parse_question("Is ondansetron safe in pregnancy?")
    assert (q.intervention, q.population, q.direction, q.outcome) == (
        "ondansetron",
        "pregnancy",
        "safe",
        "harms",
    )
    assert q.claim == "ondansetron is safe in pregnancy"


@pytest.mark.parametrize(
    "text",
    ["effects of coffee on sleep", "What is the effect of coffee on sleep?", "How does coffee affect sleep?"],
)
def test_open_questions_become_x_affects_y(text: str) -> None:
    q = parse_question(text)
    assert (q.kind, q.intervention, q.outcome, q.claim) == ("open", "coffee", "sleep", "coffee affects sleep")
    assert q.understood_as.startswith("What is known about whether coffee affects sleep")


def test_pubmed_title_questions_keep_the_question_part() -> None:
    q = parse_question(
        "Cancer of the buccal mucosa: are margins and T-stage accurate predictors of local control?"
    )
    assert (q.intervention, q.outcome) == ("margins and T-stage", "local control")


def test_claims_become_questions() -> None:
    assert (
        parse_claim("Aspirin reduces the risk of stroke.").text == "Does aspirin reduce the risk of stroke?"
    )
    q = parse_claim("Folic acid does not affect CKD progression.")
    assert (q.intervention, q.outcome) == ("folic acid", "CKD progression")
    assert claim_is_negated("Folic acid does not affect CKD progression.")
    assert not claim_is_negated("Aspirin reduces stroke.")


def test_relevance_terms_drop_question_words() -> None:
    assert relevance_terms(parse_question("Does aspirin reduce stroke in adults?")) == {
        "aspirin",
        "stroke",
        "adults",
    }


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_parses(text: str) -> None:
    q = parse_question(text)
    assert q.kind in ("yes-no", "open")
    assert q.direction in ("increase", "decrease", "improve", "worsen", "safe", "any")


def test_a_population_named_by_its_condition_is_split_from_the_outcome() -> None:
    q = parse_question(
        "What are the effects of primary tumour surgery on quality of life in metastatic breast cancer?"
    )
    assert (q.intervention, q.outcome, q.population) == (
        "primary tumour surgery",
        "quality of life",
        "metastatic breast cancer",
    )
    # an "in" that is part of the outcome stays there
    assert (
        parse_question("Effects of salt on the change in blood pressure").outcome
        == "change in blood pressure"
    )


def test_an_association_question_keeps_the_direction_it_asks() -> None:
    q = parse_question("Is obesity associated with an increased risk of type 2 diabetes?")
    assert (q.intervention, q.outcome, q.direction) == ("obesity", "risk of type 2 diabetes", "increase")
    assert parse_question("Is coffee associated with lower mortality?").direction == "decrease"
    assert parse_question("Is smoking associated with lung cancer?").direction == "any"


def test_inversely_and_positively_associated_say_the_direction() -> None:
    """ "Inversely associated" asks for less of the outcome; the adverb is not the exposure's."""
    q = parse_question("Is vitamin D inversely associated with fractures?")
    assert (q.intervention, q.outcome, q.direction) == ("vitamin D", "fractures", "decrease")
    q = parse_question("Is obesity positively correlated with blood pressure in children?")
    assert (q.intervention, q.outcome, q.population, q.direction) == (
        "obesity",
        "blood pressure",
        "children",
        "increase",
    )
    claim = parse_claim("Serum vitamin D is negatively correlated with fractures.")
    assert (claim.intervention, claim.direction) == ("serum vitamin D", "decrease")


def test_role_questions_are_open_questions() -> None:
    q = parse_question(
        "Does induction chemotherapy have a role in the management of nasopharyngeal carcinoma?"
    )
    assert (q.kind, q.intervention, q.outcome) == (
        "open",
        "induction chemotherapy",
        "management of nasopharyngeal carcinoma",
    )
    q = parse_question("Is there a role for leukocyte and CRP measurements in the diagnosis of appendicitis?")
    assert q.intervention == "leukocyte and CRP measurements"
    assert q.claim.startswith("leukocyte and CRP measurements affect ")


def test_an_aim_named_in_an_open_question_gives_its_direction() -> None:
    q = parse_question("What is the role of aspirin in preventing stroke?")
    assert (q.intervention, q.outcome, q.direction, q.claim) == (
        "aspirin",
        "stroke",
        "decrease",
        "aspirin prevents stroke",
    )
    q = parse_question("Does metformin have a role in treating gestational diabetes?")
    assert (q.outcome, q.population, q.direction) == ("outcomes", "gestational diabetes", "improve")


def test_a_noun_that_looks_like_a_verb_does_not_end_the_intervention() -> None:
    q = parse_question("Does night-shift work increase the risk of type 2 diabetes?")
    assert (q.intervention, q.outcome, q.direction) == (
        "night-shift work",
        "risk of type 2 diabetes",
        "increase",
    )
    q = parse_question("Does exercise help reduce blood pressure?")
    assert (q.intervention, q.outcome, q.direction) == ("exercise", "blood pressure", "decrease")
    q = parse_question("Does acupuncture work for back pain?")
    assert (q.intervention, q.outcome, q.population) == ("acupuncture", "outcomes", "back pain")


def test_people_who_have_a_higher_risk_is_an_association() -> None:
    from consilience.question import is_exposure

    q = parse_question(
        "Do people who were passive smokers during childhood have increased risk of long-term work disability?"
    )
    assert (q.intervention, q.outcome, q.direction) == (
        "passive smokers during childhood",
        "risk of long-term work disability",
        "increase",
    )
    assert (
        q.claim
        == "passive smokers during childhood are associated with higher risk of long-term work disability"
    )
    assert is_exposure(q)


@pytest.mark.parametrize(
    ("text", "outcome", "population"),
    [
        ("Does music therapy reduce anxiety before surgery?", "anxiety", "patients before surgery"),
        (
            "Does dexamethasone reduce pain after tonsillectomy in children?",
            "pain",
            "children after tonsillectomy",
        ),
        (
            "Does statin therapy improve survival in women with breast cancer?",
            "survival",
            "women with breast cancer",
        ),
    ],
)
def test_when_an_outcome_happens_says_who_was_studied(text: str, outcome: str, population: str) -> None:
    q = parse_question(text)
    assert (q.outcome, q.population) == (outcome, population)


@pytest.mark.parametrize(
    ("text", "intervention", "population"),
    [
        (
            "Does radiotherapy after breast-conserving surgery reduce local recurrence?",
            "radiotherapy",
            "patients after breast-conserving surgery",
        ),
        (
            "Does early mobilisation after hip surgery reduce delirium in older adults?",
            "early mobilisation",
            "older adults after hip surgery",
        ),
        (
            "Does caffeine during pregnancy increase the risk of miscarriage?",
            "caffeine",
            "women during pregnancy",
        ),
        # no time word: the whole name is the treatment
        (
            "Does surgery of the primary tumour improve survival in women with stage IV breast cancer?",
            "surgery of the primary tumour",
            "women with stage IV breast cancer",
        ),
    ],
)
def test_when_a_treatment_is_given_says_who_gets_it(text: str, intervention: str, population: str) -> None:
    """A paper on breast-conserving surgery alone does not answer a question about the
    radiotherapy given after it."""
    q = parse_question(text)
    assert (q.intervention, q.population) == (intervention, population)
    assert q.claim.startswith(intervention)


def test_a_head_to_head_question_is_for_a_symptom() -> None:
    """ "Ondansetron vs metoclopramide for postoperative nausea": the nausea is what the drugs are
    compared on (less is better), not who takes them; a cancer after "for" is still who."""
    q = parse_question("Ondansetron vs metoclopramide for postoperative nausea in children")
    assert (q.intervention, q.comparator, q.outcome, q.population, q.direction) == (
        "ondansetron",
        "metoclopramide",
        "postoperative nausea",
        "children",
        "decrease",
    )
    assert parse_question("Aspirin vs placebo for prostate cancer").population == "prostate cancer"


def test_a_statement_typed_as_a_question_is_read_as_the_claim_it_makes() -> None:
    """`ask "Metformin reduces mortality in type 2 diabetes."` asks whether that holds: its parts
    are read as parse_claim reads them, and the reader's own words stay the question's text."""
    typed = "Metformin reduces mortality in patients with type 2 diabetes."
    q = parse_question(typed)
    assert (q.intervention, q.outcome, q.direction) == ("metformin", "mortality", "decrease")
    assert q.population == "patients with type 2 diabetes"
    assert q.text == typed
    assert (q.intervention, q.outcome) == (parse_claim(typed).intervention, parse_claim(typed).outcome)
    # A statement whose verb no pattern reads is still a claim read as a whole.
    whole = parse_question("BLM gene encodes RecQ-class DNA helicase.")
    assert whole.direction == "any" and whole.claim == "BLM gene encodes RecQ-class DNA helicase"
