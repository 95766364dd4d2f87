"""Effect formats from issue #4's dev round: prefixed abbreviations, header columns, values with
no measure named (carried from the last one, or an unnamed between-group difference) and the
near misses each must leave alone. Every sentence here is invented."""

from __future__ import annotations

import pytest

from consilience.analyze.effects import extract_effects_from_text


def _read(text: str) -> list[tuple[str, float, float | None, float | None, float | None]]:
    return [(e.measure, e.value, e.ci_low, e.ci_high, e.ci_level) for e in extract_effects_from_text(text)]


FOUND = [
    # Abbreviations with an "Adj" prefix, and "adj." before one.
    ("Falls were rarer (AdjOR 0.52, CI 0.30 to 0.91).", [("OR", 0.52, 0.3, 0.91, None)]),
    ("Scores improved (AdjDiff -4.2, CI -7.9 to -0.5).", [("MD", -4.2, -7.9, -0.5, None)]),
    # A header naming the columns: estimate (level) p value; outcome; then the values.
    (
        "Compared with usual care (adjusted mean difference (95% CI) p value; steps per day; "
        "3.4 (0.8 to 6.0) p=0.011).",
        [("MD", 3.4, 0.8, 6.0, 95.0)],
    ),
    # An interval label closed before the interval, and an interval printed high to low.
    ("Cure was likelier (odds ratio (OR) 2.7 (95% CI) 1.3, 5.6; P = 0.008).", [("OR", 2.7, 1.3, 5.6, 95.0)]),
    ("Mood improved (mean difference = -2.2, 95% CI = -0.4 to -4.0).", [("MD", -2.2, -4.0, -0.4, 95.0)]),
    # A mortality ratio is a rate ratio; a unit in Greek mu; a "+" on an upper bound.
    ("Deaths per village fell (mortality ratio 0.91, 95% CI 0.84-0.99).", [("IRR", 0.91, 0.84, 0.99, 95.0)]),
    ("The dose fell, with a difference of 38 μg/h; 95% CI 12–64.", [("MD", 38.0, 12.0, 64.0, 95.0)]),
    ("Mean difference 1.5 (95% CI -0.7 to +3.7).", [("MD", 1.5, -0.7, 3.7, 95.0)]),
    # A space lost after "to" between the bounds; an en dash as a minus sign inside a bracket.
    ("Survival was alike (HR 0.92 (95% CI = 0.61 to1.39; P = .70)).", [("HR", 0.92, 0.61, 1.39, 95.0)]),
    ("The difference between groups was 0.6 (–1.2 to 2.4).", [("MD", 0.6, -1.2, 2.4, None)]),
    # "type 2" is part of a name, not the value.
    (
        "Hazard ratios of type 2 diabetes per serving were 0.81 (0.70 to 0.94) for pears and "
        "1.04 (0.95 to 1.13) for melon.",
        [("HR", 0.81, 0.7, 0.94, None), ("HR", 1.04, 0.95, 1.13, None)],
    ),
    # Odds compared, with an interval.
    (
        "Rural clinics had the highest odds of referral (2.45, 95% CI 1.30 to 4.62).",
        [("OR", 2.45, 1.3, 4.62, 95.0)],
    ),
    (
        "The odds of relapse increased 1.08 times (95% CI 1.02 to 1.14) per year.",
        [("OR", 1.08, 1.02, 1.14, 95.0)],
    ),
    # The measure named once; later sentences list more values for the same comparison.
    (
        "The relative risk of fracture was 1.40 (95% CI 1.10-1.78). The risk was higher in smokers "
        "(1.62, 95% CI 1.20-2.19) and in those over 80 (1.55, 95% CI 1.02-2.36).",
        [("RR", 1.4, 1.1, 1.78, 95.0), ("RR", 1.62, 1.2, 2.19, 95.0), ("RR", 1.55, 1.02, 2.36, 95.0)],
    ),
    (
        "In the first round the RR was 0.41 (0.18-0.93) for screening; in the second round, 1.12 (0.88-1.42).",
        [("RR", 0.41, 0.18, 0.93, None), ("RR", 1.12, 0.88, 1.42, None)],
    ),
    # A later bracket of the same sentence, after the arms' counts.
    (
        "Relief was more common with drug A (relative risk 1.9, 95% CI 1.4-2.6) and with drug B "
        "(60 [31%] of 196 vs 33 [17%] of 199 [1.8, 1.3-2.5]).",
        [("RR", 1.9, 1.4, 2.6, 95.0), ("RR", 1.8, 1.3, 2.5, 95.0)],
    ),
    # Unnamed between-group differences with labelled intervals.
    (
        "Compared with meat eaters, vegetarians had a lower mean weight [-2.4 (95% CI: -3.1, -1.7)].",
        [("MD", -2.4, -3.1, -1.7, 95.0)],
    ),
    (
        "Walking distance was 12.5 m (95% CI 4.1 to 20.9) greater with training than with advice.",
        [("MD", 12.5, 4.1, 20.9, 95.0)],
    ),
    # A change stated by its verb in a sentence that compares the arms; the list goes on with
    # intervals no longer labelled.
    (
        "Sleep quality improved by 1.4 (95% CI 0.6 to 2.2) points and fatigue decreased by 0.9 (0.2, 1.6) "
        "points with melatonin compared with placebo.",
        [("MD", 1.4, 0.6, 2.2, 95.0), ("MD", 0.9, 0.2, 1.6, None)],
    ),
    # A statistic's name ("scores") before a comparison of treatments does not stop the value.
    (
        "Itch scores fell more with cream A compared with cream B (1.9 points; 95% CI 0.4 to 3.4).",
        [("MD", 1.9, 0.4, 3.4, 95.0)],
    ),
    # A measure named but not read ("the difference is not significant ..."): the unnamed
    # difference earlier in the sentence is still read.
    (
        "There was greater improvement in pain with drug A compared with placebo (0.8 points; 95% CI 0.1 to "
        "1.5), but the difference is not significant in other analyses.",
        [("MD", 0.8, 0.1, 1.5, 95.0)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_new_formats(
    text: str, expected: list[tuple[str, float, float | None, float | None, float | None]]
) -> None:
    assert _read(text) == expected


NOT_FOUND = [
    # A p-value is not the point value of the interval after it.
    "Between-group differences were not significant (p = 0.41, 95% CI -1.2 to 2.6).",
    # A standardised mortality ratio is no effect here.
    "The standardised mortality ratio was 1.42 (95% CI 1.20-1.67).",
    # "the difference between groups" counts only with an interval.
    "The difference between groups was 0.3 points.",
    # Odds with no interval.
    "The odds of discharge were 1.4 in the later period.",
    # Each arm's own value, side by side.
    "Satisfaction was higher with coaching (81.3%, 95% CI 76.0-86.6) than with leaflets (70.1%, 95% CI 64.2-76.0).",
    "The risk ratio was 0.8 (0.6-1.1). Stay was shorter with drug A (9 [6-14] vs. 12 [8-20] days).",
    # A percentage change is not a difference between groups.
    "Compared with placebo, the drug lowered the albumin ratio by 18% (95% CI, 7 to 28).",
    # A change within each arm, even in a sentence that compares.
    "Pain decreased by 2.1 (95% CI 1.5 to 2.7) in the treatment group and by 0.5 (95% CI 0.1 to 0.9) in the "
    "placebo group.",
    # Group rates side by side, with "than" between groups of people.
    "Prevalence was higher in women than men [54.5 (95% CI: 51.1-57.8) for women and 14.9 (95% CI: "
    "13.3-16.6) for men].",
    # Another statistic after a named measure: an absolute risk reduction.
    "Deaths fell (8.1% vs 11.0%; OR, 0.71 [95% CI, 0.55 to 0.92]; ARR, 2.9 [95% CI, 0.6 to 5.2]).",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_near_misses(text: str) -> None:
    found = _read(text)
    kept = {
        "The risk ratio was 0.8 (0.6-1.1). Stay was shorter with drug A (9 [6-14] vs. 12 [8-20] days).": [
            ("RR", 0.8, 0.6, 1.1, None)
        ],
        "Deaths fell (8.1% vs 11.0%; OR, 0.71 [95% CI, 0.55 to 0.92]; ARR, 2.9 [95% CI, 0.6 to 5.2]).": [
            ("OR", 0.71, 0.55, 0.92, 95.0)
        ],
    }
    assert found == kept.get(text, [])


def test_a_carried_measure_stops_after_two_sentences() -> None:
    text = (
        "The hazard ratio for stroke was 0.70 (95% CI 0.55-0.89). Enrolment ended in 2019. "
        "Follow-up lasted five years. The risk was similar in women (0.74, 95% CI 0.52-1.05)."
    )
    assert _read(text) == [("HR", 0.7, 0.55, 0.89, 95.0)]


def test_a_later_sentence_keeps_its_own_level_only() -> None:
    text = "The risk ratio was 1.30 (95% CI 1.05-1.61). The risk was higher in men (1.45, 1.10-1.91)."
    assert _read(text) == [("RR", 1.3, 1.05, 1.61, 95.0), ("RR", 1.45, 1.1, 1.91, None)]


def test_adjusted_prefix_marks_the_estimate_adjusted() -> None:
    (effect,) = extract_effects_from_text("Falls were rarer (AdjOR 0.52, CI 0.30 to 0.91).")
    assert effect.adjusted is True


def test_a_change_by_its_verb_with_an_object_and_a_list_of_arms() -> None:
    # facts-29: "reduced weight by 2.9 kg (...)" against placebo, then the other drugs "by ..."
    text = (
        "Compared with placebo, orlistat reduced weight by 2.9 kg (95% confidence interval 2.5 kg to "
        "3.2 kg), sibutramine by 4.2 kg (3.6 kg to 4.7 kg), and rimonabant by 4.7 kg (4.1 kg to 5.3 kg)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("MD", 2.9, 2.5, 3.2), ("MD", 4.2, 3.6, 4.7), ("MD", 4.7, 4.1, 5.3)]


def test_events_compared_in_the_next_sentence_carry_the_ratio() -> None:
    # facts-30: counts of events in the two arms, with the ratio's values and no name
    text = (
        "There were 150 and 160 events in the two groups (relative risk 0.96, 95% CI 0.76 to 1.21). "
        "There were 90 and 111 major coronary events in the active and placebo groups respectively "
        "(0.81, 0.60 to 1.08), of which 64 and 65 were fatal (0.95, 0.66 to 1.37)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("RR", 0.96, 0.76, 1.21), ("RR", 0.81, 0.6, 1.08), ("RR", 0.95, 0.66, 1.37)]


def test_a_risk_difference_beside_a_ratio_leaves_later_values_to_the_ratio() -> None:
    text = (
        "SPAZ reduced LBW (risk ratio [RR]: 0.74, 95% CI: 0.60-0.91; absolute risk reduction (ARR): 4.5%, "
        "95% CI: 1.4-7.6), and preterm delivery (0.62, 95% CI: 0.43-0.89, P = 0.010)."
    )
    found = [(e.measure, e.value) for e in extract_effects_from_text(text)]
    assert found == [("RR", 0.74), ("RD", 4.5), ("RR", 0.62)]


def test_a_difference_labelled_by_the_arms_it_compares() -> None:
    # facts-31: "D2 versus placebo: -0.05% [95% CI ...]" in a sentence that names no measure; a
    # second unit after "or" is the same estimate and is not listed again.
    text = (
        "There was no effect on HbA1c: D2 versus placebo: −0.05% [95% confidence interval (CI) −0.11, 0.02] "
        "or −0.51 mmol/mol (95% CI −1.16, 0.14; p = 0.13); D3 versus placebo −0.73 m/s (95% CI −1.42, −0.03)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("MD", -0.05, -0.11, 0.02), ("MD", -0.73, -1.42, -0.03)]


def test_arms_own_values_compared_by_versus_are_not_a_difference() -> None:
    text = "Response was drug versus placebo: 12% (95% CI 10-14) vs 18% (95% CI 15-21)."
    assert extract_effects_from_text(text) == []
