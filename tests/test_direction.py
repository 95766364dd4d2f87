"""Effect direction: the rules on prompts and abstracts written for these tests."""

from __future__ import annotations

import pytest

from consilience.analyze.direction import DECREASED, INCREASED, NO_DIFFERENCE, predict_direction

# A small trial abstract in sections, as Evidence Inference and PubMed give them.
ABSTRACT = (
    ("TITLE", "Nightly melatonin for sleep after hip surgery: a randomised trial"),
    ("METHODS", "Eighty older adults were randomised to melatonin 3 mg or a matching placebo for 14 nights."),
    (
        "RESULTS",
        "Total sleep time was significantly longer with melatonin than with placebo (6.1 vs 5.2 hours, p=0.003). "
        "Delirium did not differ between the groups (12% vs 15%, p=0.61). "
        "Daytime sleepiness scores were lower in the placebo group than in the melatonin group (p=0.02).",
    ),
    ("CONCLUSIONS", "Melatonin lengthened sleep without reducing delirium."),
)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("total sleep time", INCREASED),
        ("delirium", NO_DIFFERENCE),
        # "lower in the placebo group than in the melatonin group": the comparator is named
        # first, so the intervention's sleepiness is higher.
        ("daytime sleepiness scores", INCREASED),
    ],
)
def test_rules_read_each_outcome_of_an_abstract(outcome: str, expected: str) -> None:
    call = predict_direction("melatonin", "placebo", outcome, ABSTRACT)
    assert call.label == expected
    assert outcome.split()[0] in call.sentence.lower()


def test_naming_the_comparator_first_flips_the_direction() -> None:
    drug_first = "Pain scores were significantly lower with ketorolac than with morphine (p<0.001)."
    comparator_first = "Pain scores were significantly lower with morphine than with ketorolac (p<0.001)."
    assert predict_direction("ketorolac", "morphine", "pain scores", drug_first).label == DECREASED
    assert predict_direction("ketorolac", "morphine", "pain scores", comparator_first).label == INCREASED


def test_of_two_findings_going_opposite_ways_the_one_naming_the_outcome_decides() -> None:
    text = (
        "Statin use was associated with significantly improved survival and large reductions in the "
        "risk of major cardiovascular events."
    )
    assert predict_direction("statins", "", "cardiovascular events", text).label == DECREASED
    assert predict_direction("statins", "", "survival", text).label == INCREASED
    # One finding whose words go both ways: the first still decides.
    text = "Exercise significantly reduced the increase in blood pressure."
    assert predict_direction("exercise", "", "blood pressure", text).label == DECREASED


def test_non_significance_wins_over_a_difference_in_figures() -> None:
    text = "Hospital stay was 6.2 days with early feeding and 7.0 days with delayed feeding (p=0.34)."
    call = predict_direction("early feeding", "delayed feeding", "hospital stay", text)
    assert call.label == NO_DIFFERENCE
    assert any(reason.startswith("p =") for reason in call.reasons)


def test_negated_change_is_no_difference() -> None:
    text = "Compared with usual care, the walking programme did not reduce falls over twelve months."
    assert predict_direction("walking programme", "usual care", "falls", text).label == NO_DIFFERENCE


def test_no_mention_of_the_outcome_is_no_difference_without_evidence() -> None:
    call = predict_direction("zinc", "placebo", "cough duration", "Zinc lozenges were well tolerated.")
    assert (call.label, call.reasons) == (NO_DIFFERENCE, ["no evidence found"])


def test_each_clause_of_a_sentence_is_read_for_its_own_outcome() -> None:
    text = (
        "Nausea was significantly less frequent with ondansetron than with placebo (p=0.004), "
        "whereas headache did not differ between the groups (p=0.52); "
        "sedation scores were higher with ondansetron (p=0.01)."
    )
    labels = {
        outcome: predict_direction("ondansetron", "placebo", outcome, text).label
        for outcome in ("nausea", "headache", "sedation scores")
    }
    assert labels == {"nausea": DECREASED, "headache": NO_DIFFERENCE, "sedation scores": INCREASED}


def test_a_comparator_named_in_a_leading_comparison_is_not_the_subject() -> None:
    text = "Compared with placebo, patients given olanzapine had greater improvement in MADRS score (p=.01)."
    assert predict_direction("olanzapine", "placebo", "MADRS score", text).label == INCREASED
    versus = "Time to rescue analgesia was significantly longer versus placebo with meloxicam (P<0.05)."
    assert predict_direction("meloxicam", "placebo", "time to rescue analgesia", versus).label == INCREASED


def test_an_amount_before_the_comparison_does_not_set_the_direction() -> None:
    text = "Sufentanil consumption was more than 20% less with the block than with saline (P < 0.001)."
    assert predict_direction("block", "saline", "sufentanil consumption", text).label == DECREASED


def test_a_similar_reduction_in_two_subgroups_is_still_a_reduction() -> None:
    text = (
        "In men and women alike, zofenopril similarly reduced cardiovascular events vs. placebo (p = 0.0001)."
    )
    assert predict_direction("zofenopril", "placebo", "cardiovascular events", text).label == DECREASED


def test_the_clause_that_names_most_of_the_outcome_decides() -> None:
    sentence = (
        "The nicotine night showed a significant increase in stage 1 sleep; and a significant decrease in "
        "total sleep time and percentage of REM sleep."
    )
    call = predict_direction("nicotine patch", "placebo patch", "percentage of REM sleep", sentence)
    assert call.label == "significantly decreased", call.reasons
    later = "Scores did not differ at 6 months, but were significantly higher at 18 months with the drug (p=0.01)."
    assert (
        predict_direction("drug", "placebo", "scores at 18 months", later).label == "significantly increased"
    )


def test_a_rounded_p_of_005_the_authors_call_significant() -> None:
    sentence = "Participants given lisinopril had significant declines in diastolic BP (-3.3 mmHg, p = 0.05)."
    assert (
        predict_direction("lisinopril", "placebo", "diastolic BP", sentence).label
        == "significantly decreased"
    )
    plain = "Diastolic BP was lower with lisinopril (p = 0.05)."
    assert (
        predict_direction("lisinopril", "placebo", "diastolic BP", plain).label == "no significant difference"
    )


def test_a_comparison_of_the_groups_before_treatment_is_not_the_evidence() -> None:
    sections = [
        (
            "RESULTS",
            "Adherence scores did not differ significantly between the groups before the intervention (P>0.05).",
        ),
        (
            "RESULTS",
            "At 12 weeks adherence scores were significantly higher in the intervention group (P<0.001).",
        ),
    ]
    call = predict_direction("telephone coaching", "usual care", "adherence scores", sections)
    assert call.label == INCREASED, call.reasons
    # The same words about the arms after treatment still count.
    after = "After 12 weeks adherence scores did not differ significantly between the groups (P=0.40)."
    assert (
        predict_direction("telephone coaching", "usual care", "adherence scores", after).label
        == NO_DIFFERENCE
    )


def test_a_change_in_every_group_is_not_a_difference_between_them() -> None:
    within = "Serum ferritin fell significantly in both groups (P<0.001)."
    call = predict_direction("iron sucrose", "oral iron", "serum ferritin", within)
    assert call.label == NO_DIFFERENCE and "change within every group" in call.reasons
    regardless = "Knee pain improved significantly after treatment regardless of group allocation (p=0.003)."
    assert predict_direction("exercise", "no treatment", "knee pain", regardless).label == NO_DIFFERENCE
    # Compared in another clause of the sentence: the comparison decides.
    compared = (
        "Stool frequency increased in both groups (P<0.001), but more increase was seen in the "
        "synbiotic group (P=0.001)."
    )
    assert predict_direction("synbiotic", "mineral oil", "stool frequency", compared).label == INCREASED


def test_the_between_group_p_value_outranks_a_within_group_one() -> None:
    sentence = (
        "Macular sensitivity rose from 25.9 dB to 27.3 dB (P=0.030) in the supplement group only "
        "(between-group difference P=0.19)."
    )
    call = predict_direction("supplement", "control", "macular sensitivity", sentence)
    assert call.label == NO_DIFFERENCE and "p = 0.19" in call.reasons


def test_a_hazard_ratio_below_one_is_longer_survival() -> None:
    sentence = "Median survival was prolonged with high-dose radiotherapy (hazard ratio 0.75, P=0.007)."
    assert (
        predict_direction("high-dose radiotherapy", "low dose", "median survival", sentence).label
        == INCREASED
    )
    deaths = "Deaths were fewer with high-dose radiotherapy (hazard ratio 0.75, P=0.007)."
    assert predict_direction("high-dose radiotherapy", "low dose", "deaths", deaths).label == DECREASED


def test_a_finding_stated_after_an_exception_is_its_own_clause() -> None:
    sentence = (
        "Side effects did not differ significantly between groups, except that headache was significantly "
        "more frequent in group A than in group B (p = 0.01)."
    )
    assert predict_direction("group A", "group B", "frequency of headache", sentence).label == INCREASED
    along = (
        "There was a non-significant reduction in non-vascular deaths, along with a significant reduction "
        "in all-cause mortality (p = 0.0003)."
    )
    assert predict_direction("simvastatin", "placebo", "all-cause mortality", along).label == DECREASED


def test_each_arm_named_with_its_own_figure_sets_the_direction() -> None:
    after = (
        "Heparin was stopped early in 24/73 (33%) of patients whereas citrate was stopped early in "
        "5/66 (8%) of patients (P < 0.001)."
    )
    call = predict_direction("citrate", "heparin", "stopped early", after)
    assert call.label == DECREASED and "each arm's figure" in call.reasons
    generic = "The intervention group had cough for 2.4 days and the control group for 4.4 days (p=0.024)."
    assert predict_direction("probiotic yogurt", "plain yogurt", "cough", generic).label == DECREASED
    # Figures written before the arms' names.
    before = "Recurrence was found in 1 (0.6%) TT versus 15 (8.6%) DO patients (p < 0.001)."
    assert predict_direction(
        "total thyroidectomy (TT)", "Dunhill operation (DO)", "recurrence", before
    ).label == (DECREASED)


def test_lesser_is_a_decrease() -> None:
    sentence = "Redness was significantly lesser on the gel side than on the laser-only side."
    assert predict_direction("gel", "laser-only", "redness", sentence).label == DECREASED


def test_figures_in_brackets_do_not_compare_the_groups() -> None:
    bracketed = (
        "A significant increase in stool frequency (new: 3.5 pre versus 5.6/week post; standard: 3.6 pre "
        "versus 4.9/week post) was found in both groups, but was not significantly different between the "
        "two formulas (p = 0.36)."
    )
    assert (
        predict_direction("new formula", "standard formula", "stool frequency", bracketed).label
        == NO_DIFFERENCE
    )
    subject = (
        "Both groups had significant improvements in symptom severity (difference -5.97, 95% CI -8.49 to -3.44, "
        "P<.001), but there were no significant between-group differences."
    )
    assert predict_direction("app A", "app B", "symptom severity", subject).label == NO_DIFFERENCE
    cases = "Walk time improved after treatment in both cases."
    assert predict_direction("hydrotherapy", "exercise at home", "walk time", cases).label == NO_DIFFERENCE


def test_the_test_may_come_in_the_next_sentence() -> None:
    figures = "Healing was 64.2% with the dressing vs. 61.0% with gauze at four weeks."
    untested = f"RESULTS: {figures} No significant difference was found between the two groups (P = 0.58)."
    assert predict_direction("dressing", "gauze", "healing", untested).label == NO_DIFFERENCE
    tested = f"RESULTS: {figures} The difference was significant (P = 0.01)."
    assert predict_direction("dressing", "gauze", "healing", tested).label == INCREASED
    # a next sentence about something else is not the test
    other = f"RESULTS: {figures} Pain scores did not differ (P = 0.40)."
    assert (
        "the test in the next sentence"
        not in predict_direction("dressing", "gauze", "healing", other).reasons
    )
