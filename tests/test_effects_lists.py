"""Effect formats added for issue #4: lists sharing one measure, implicit measures, late intervals.

Every sentence here is invented. Each format has a near miss beside it that must stay unread.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.analyze.effects import extract_effects_from_text

Row = tuple[str, float, float | None, float | None]


def _read(text: str) -> list[Row]:
    return [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]


FORMATS: list[tuple[str, list[Row]]] = [
    # A list whose first bracket holds more than the interval.
    (
        "Relative to the lowest tertile, HRs were 1.42 (1.05–1.92; second tertile, 3–5 visits) "
        "and 1.77 (1.30–2.41; third tertile, 6–9 visits).",
        [("HR", 1.42, 1.05, 1.92), ("HR", 1.77, 1.30, 2.41)],
    ),
    # The measure taken up again with "it was".
    (
        "The risk ratio for fracture was 1.21 (95% CI, 1.08-1.35) per 10-unit increase (ie, per "
        "1 SD), and it was 1.17 (95% CI, 1.04-1.31) after further adjustment for weight.",
        [("RR", 1.21, 1.08, 1.35), ("RR", 1.17, 1.04, 1.31)],
    ),
    # Values at several time points after one label.
    (
        "Drug Z widened the airways (treatment difference versus placebo at 2 h: 1.150; 90 % CI "
        "1.090–1.213; and at 6 h: 1.082; 90 % CI 1.031–1.136) but not later.",
        [("MD", 1.150, 1.090, 1.213), ("MD", 1.082, 1.031, 1.136)],
    ),
    # Two values, then their intervals with "respectively".
    (
        "ORs were 2.6 and 1.4 (95% CI, 1.1-6.2 and 0.8-2.5, respectively).",
        [("OR", 2.6, 1.1, 6.2), ("OR", 1.4, 0.8, 2.5)],
    ),
    # The same, the first value under its own mention of the measure.
    (
        "The OR of carriers with low intake was 2.6 and the OR of carriers with high intake was 1.4 "
        "(95% CI, 1.1-6.2 and 0.8-2.5, respectively).",
        [("OR", 2.6, 1.1, 6.2), ("OR", 1.4, 0.8, 2.5)],
    ),
    # A list without intervals, each value with its p-value, closed by "respectively".
    (
        "More patients responded on drug A than on placebo or drug B (risk difference: 12.4%, "
        "P=0.003, and 8.1%, P=0.04, respectively).",
        [("RD", 12.4, None, None), ("RD", 8.1, None, None)],
    ),
    # Cohen's d as a bare letter.
    ("Fatigue fell more with yoga, a moderate effect (d = 0.52).", [("SMD", 0.52, None, None)]),
    ("The effect on sleep was small (d=0.21; 95% CI 0.02-0.40).", [("SMD", 0.21, 0.02, 0.40)]),
    # A difference named as a column header, its values after it.
    (
        "Drug Q lowered the markers (difference Q-placebo; 95% CI) in weight (−1.8; −3.0, −0.6), "
        "waist (−2.2; −3.9, −0.5) and triglycerides (−0.3; −0.5, −0.1).",
        [("MD", -1.8, -3.0, -0.6), ("MD", -2.2, -3.9, -0.5), ("MD", -0.3, -0.5, -0.1)],
    ),
    # A unit outside the usual list, restated in another unit.
    (
        "The mean difference between the app and the interview was -180 kJ (-43 kcal) "
        "(95 % CI -350, -10 kJ; P=0.04).",
        [("MD", -180.0, -350.0, -10.0)],
    ),
    ("The mean difference was 6.2 min with 95% confidence interval (2.9, 9.5).", [("MD", 6.2, 2.9, 9.5)]),
    # The interval after a short qualifier.
    (
        "The odds ratio for relapse was 1.85 for smokers compared with never smokers "
        "(95% CI 1.20-2.86, p=0.005).",
        [("OR", 1.85, 1.20, 2.86)],
    ),
    (
        "Remission held in more patients (treatment difference 31.2% in favour of drug A; "
        "95% CI (15.0% to 47.4%), p<0.001).",
        [("RD", 31.2, 15.0, 47.4)],
    ),
    # A ratio per standard deviation.
    (
        "The score predicted stroke (HR per one standard deviation increase 1.45, p = 0.002).",
        [("HR", 1.45, None, None)],
    ),
    # Odds ratios written out, their values first.
    (
        "In logistic models, girls were 1.85 (95% CI 1.21-2.83) and 2.40 (95% CI 1.52-3.79) times "
        "more likely than boys to meet the target, respectively.",
        [("OR", 1.85, 1.21, 2.83), ("OR", 2.40, 1.52, 3.79)],
    ),
    (
        "Treated patients had 1.62 higher odds of remission than controls (P = 0.01).",
        [("OR", 1.62, None, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_new_formats(text: str, expected: list[Row]) -> None:
    assert _read(text) == expected


NEAR_MISSES: list[tuple[str, list[Row]]] = [
    # "times more likely" from no named model: could be a risk ratio.
    ("Children in the program were 2.5 times more likely to walk to school.", []),
    # A rounded statement, not an estimate.
    ("The odds of success rose: treated subjects were nearly 3 times as likely to succeed.", []),
    # A relative change in percent.
    ("In logistic models users were 24% more likely to quit.", []),
    # "d" that is not Cohen's d.
    ("Vitamin D supplementation (vitamin d = 0.5 mg) was given daily.", []),
    ("The vessel diameter d = 0.5 mm was kept.", []),
    ("Effects on mood were small (d > 0.40).", []),
    # One arm's own change after a difference's name.
    (
        "There was no between-group difference in the primary endpoint: the drug group had a mean "
        "change of -0.21 pmol/mL (95% CI -0.30 to -0.12).",
        [],
    ),
    # A range whose ends are estimates with their own intervals lists two (EFFECTS_LABELS.md,
    # the held-out and dev3 decisions); a bare range of estimates lists none.
    (
        "Odds ratios ranged from 1.37 in cohort A (95% CI 1.18-1.59) to 2.52 in cohort B (95% CI 2.22-2.80).",
        [("OR", 1.37, 1.18, 1.59), ("OR", 2.52, 2.22, 2.8)],
    ),
    ("Hazard ratios ranged from 1.2 to 2.3 across the cohorts.", []),
    # A list without "respectively" stops at the first value.
    (
        "Response was higher (risk difference: 12.4%, P=0.003, and 8.1% of controls relapsed).",
        [("RD", 12.4, None, None)],
    ),
    # Two values and two intervals that cannot be paired in order: no interval is misassigned.
    (
        "ORs were 2.6 and 1.4 (95% CI, 1.1-6.2 and 1.6-2.5, respectively).",
        [("OR", 2.6, None, None), ("OR", 1.4, None, None)],
    ),
    # Without an interval label before it, "value; low, high" is not an interval.
    ("Survival improved (HR 0.8; 0.7, 0.9).", [("HR", 0.8, None, None)]),
    # A qualifier before an interval that carries no level.
    ("The odds ratio was 1.85 for smokers (1.20-2.86).", [("OR", 1.85, None, None)]),
    # An unusual unit: the named difference counts, an unlabelled bracket after it is no interval.
    ("The mean difference was 140 kJ (100-180) in boys.", [("MD", 140.0, None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), NEAR_MISSES)
def test_near_misses(text: str, expected: list[Row]) -> None:
    assert _read(text) == expected


def test_list_levels_and_p_values() -> None:
    effects = extract_effects_from_text(
        "Drug Z widened the airways (treatment difference versus placebo at 2 h: 1.150; 90 % CI "
        "1.090–1.213; and at 6 h: 1.082; 90 % CI 1.031–1.136)."
    )
    assert [e.ci_level for e in effects] == [90.0, 90.0]
    listed = extract_effects_from_text("(risk difference: 12.4%, P=0.003, and 8.1%, P=0.04, respectively)")
    assert [(e.p_operator, e.p_value) for e in listed] == [("=", 0.003), ("=", 0.04)]


def test_paired_spans_cover_their_intervals() -> None:
    text = "ORs were 2.6 and 1.4 (95% CI, 1.1-6.2 and 0.8-2.5, respectively)."
    for effect in extract_effects_from_text(text):
        assert effect.span is not None
        assert effect.span.text.endswith("respectively")
        assert str(effect.value) in effect.span.text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "ORs were 2.2",
                " and ",
                "1.5",
                " (95% CI, ",
                "0.5-9.6",
                "0.7-3.2",
                ", respectively",
                "d = 0.4",
                " times more likely",
                " higher odds",
                "logistic ",
                "(difference A-B; 95% CI) in X (",
                "-2.9; -5.7, -1.1",
                "), ",
                ", and it was ",
                "; and at 4 h: ",
                "%, P<0.01",
                "mean difference -230 kJ (-55 kcal)",
                " for smokers",
                "; 95% CI (",
                ")",
                " ",
            ]
        ),
        max_size=30,
    )
)
def test_list_like_noise_keeps_spans_and_intervals_sound(parts: list[str]) -> None:
    text = "".join(parts)
    for effect in extract_effects_from_text(text):
        assert effect.span is not None and text[effect.span.start : effect.span.end] == effect.span.text
        if effect.ci_low is not None and effect.ci_high is not None:
            assert effect.ci_low <= effect.ci_high
            slack = 0.011 * max(abs(effect.value), 1.0) + 1e-9
            assert effect.ci_low - slack <= effect.value <= effect.ci_high + slack


def test_a_list_goes_on_past_each_estimates_p_value_within_its_bracket() -> None:
    # facts-33: subgroups separated by ";" after each estimate's p-value
    text = (
        "Bisphosphonates reduced the odds ratio for fractures (vertebral 0.69, 95% confidence interval "
        "0.57 to 0.84, P < 0.0001; non-vertebral 0.65, 0.54 to 0.79, P < 0.0001; combined 0.65, 0.55 to "
        "0.78, P < 0.0001)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("OR", 0.69, 0.57, 0.84), ("OR", 0.65, 0.54, 0.79), ("OR", 0.65, 0.55, 0.78)]


def test_the_list_ends_with_its_bracket_and_another_statistic_after_a_semicolon() -> None:
    closed = (
        "HIV incidence was much the same between groups at study end (incidence per 100 woman-years was 4.5 "
        "[95% CI 3.8-5.4] for gel vs 4.3 [3.6-5.2] for placebo, hazard ratio 1.05 [0.82-1.34], p=0.71), and at "
        "discontinuation (4.7 [3.8-5.8] for 2% gel, 3.9 [3.0-4.9] for 0.5% gel, and 3.9 [3.1-5.0] for placebo gel)."
    )
    assert [e.value for e in extract_effects_from_text(closed)] == [1.05]
    other = "Harm fell (RD -0.06, 95% CI -0.10 to -0.02; NNTB 17, 95% CI 10 to 50)."
    assert [e.value for e in extract_effects_from_text(other)] == [-0.06]
    adjusted = (
        "Costs did not differ (mean difference 1.02, 95% CI -1.60, 1.65; adjusted 1.07, 95% CI -1.62, 1.86)."
    )
    assert [e.value for e in extract_effects_from_text(adjusted)] == [1.02, 1.07]


def test_values_a_trial_was_powered_to_detect_are_not_results() -> None:
    text = "The study had 80% power to detect the mean difference (MD, 70 g) in blood loss."
    assert extract_effects_from_text(text) == []


def test_facts_36_formats_from_the_tenth_dev_set() -> None:
    # a list whose items name a marker with a number in it ("ICAM-1") before their intervals
    listed = (
        "Adjusted risk ratios for the top vs bottom fifth were 2.10 for marker A (95% CI, 1.40-3.15), "
        "1.85 for IL-6 (95% CI, 1.20-2.85), and 1.05 for TNF-2 (95% CI, 0.70-1.58)."
    )
    assert _read(listed) == [("RR", 2.1, 1.4, 3.15), ("RR", 1.85, 1.2, 2.85), ("RR", 1.05, 0.7, 1.58)]
    # the level written after the words; a ratio's name glued to its value
    assert _read("Referrals rose (relative risk 1.42, confidence interval 95% 1.10–1.83).") == [
        ("RR", 1.42, 1.1, 1.83)
    ]
    assert _read("Uptake was 41.0% in arm B (RR1.21, CI 1.02–1.44, p = 0.03).") == [("RR", 1.21, 1.02, 1.44)]
    assert _read("Rates differed (RR12 locus, 95% CI 1.1-1.4).") == []
    # the abbreviation in braces inside the bracket
    assert _read("The mean difference was -0.12 cm [95% confidence interval {CI}, -0.40 to 0.16 cm].") == [
        ("MD", -0.12, -0.4, 0.16)
    ]
    # percentage points after a delta, a list going on past each estimate's p-value
    delta = (
        "Only at weeks 9 and 10 were the differences significant (Δ 15.0% points [95% CI 1.5; 28.5], "
        "p = 0.03 and Δ 12.5% points [95% CI 0.4; 24.6], p = 0.04, respectively)."
    )
    assert _read(delta) == [("RD", 15.0, 1.5, 28.5), ("RD", 12.5, 0.4, 24.6)]
    # "an additional N-point increase" beyond the other arm's, and a plain increase that is not
    assert _read(
        "The additional 2.40-point increase (95% confidence interval, 1.10 to 3.70) with training."
    ) == [("MD", 2.4, 1.1, 3.7)]
    assert (
        _read("Scores showed a 2.40-point increase (95% confidence interval, 1.10 to 3.70) with training.")
        == []
    )
    # a difference of two proportions is a risk difference
    assert _read(
        "Mean proportions suppressed were 0.62 with A and 0.48 with B (difference 0.14, 95% CI: 0.01 to 0.27)."
    ) == [("RD", 0.14, 0.01, 0.27)]
    # "mean difference of the X was", its interval in a clause of its own
    clause = (
        "The mean difference of the late loss was 0.22 mm, which exceeded the margin of 0.15 mm, and the "
        "2-sided 95% confidence interval was 0.08–0.36."
    )
    assert _read(clause) == [("MD", 0.22, 0.08, 0.36)]
    # ... not a ratio named inside another's description
    named = (
        "The OR of smokers with the AA genotype to estimate the relative risk of stroke was 1.9 and the OR "
        "of non-smokers with it was 1.3 (95% CI, 0.6-6.0 and 0.8-2.1, respectively)."
    )
    assert _read(named) == [("OR", 1.9, 0.6, 6.0), ("OR", 1.3, 0.8, 2.1)]


def test_two_estimates_compared_across_groups_are_not_one_arm_against_another() -> None:
    text = (
        "Diastolic pressure was 5.10 mmHg (95% CI 3.20-7.00, p = 2.0 x 10(-8)) greater among AA than among "
        "GG carriers, and 2.60 mmHg (95% CI 0.90-4.30, p = 0.003) greater among AG than among GG carriers."
    )
    found = extract_effects_from_text(text)
    assert [(e.measure, e.value, e.ci_low, e.ci_high) for e in found] == [
        ("MD", 5.1, 3.2, 7.0),
        ("MD", 2.6, 0.9, 4.3),
    ]
    assert found[0].p_value == pytest.approx(2.0e-8)


def test_facts_37_formats_from_the_eleventh_dev_set() -> None:
    # credible intervals abbreviated "CredI" (not the start of "credible")
    credible = (
        "Both were better than placebo (odds ratios (OR) 1.70; 95% credible interval (CredI) 1.55 to 1.86, "
        "and 1.64; 95% CredI 1.41 to 1.90 respectively)."
    )
    assert _read(credible) == [("OR", 1.7, 1.55, 1.86), ("OR", 1.64, 1.41, 1.9)]
    # a filtration rate's unit per body surface stands between a difference and its interval
    assert _read("The mean difference in eGFR was -2.7 mL/min/1.73 m2 (95% CI -4.4 to -1.0).") == [
        ("MD", -2.7, -4.4, -1.0)
    ]
    assert _read("Patients had a mean difference of 5.1 mL/min per 1.73 m(2) (95% CI, 0.9-9.3; P=.02).") == [
        ("MD", 5.1, 0.9, 9.3)
    ]
    # a change named by its object and "by", with a unit per day, against the other arm
    assert _read(
        "The intervention group increased their walking by 740 steps/day [95% CI 90, 1390] compared to control."
    ) == [("MD", 740.0, 90.0, 1390.0)]
    # a rate ratio carried into a later sentence about rates; not into one about something else
    carried = (
        "Infection rates were 6.1 and 6.4 per 100 person-years (rate ratio [RR] 0.95, 0.70–1.29). "
        "Death rates were similar between groups (1.08 [0.80–1.46])."
    )
    assert _read(carried) == [("IRR", 0.95, 0.7, 1.29), ("IRR", 1.08, 0.8, 1.46)]
    other = (
        "Infection rates were 6.1 and 6.4 per 100 person-years (rate ratio [RR] 0.95, 0.70–1.29). "
        "Mean age was 41 years (38–44)."
    )
    assert _read(other) == [("IRR", 0.95, 0.7, 1.29)]


def test_facts_38_formats_from_the_twelfth_dev_set() -> None:
    # a rate difference is a risk difference
    assert _read("Severe episodes were fewer (rate difference −0.14 [95% CI: −0.29 to 0.01]).") == [
        ("RD", -0.14, -0.29, 0.01)
    ]
    # the level stated before the values, each value in its own unit, and a list of them
    pooled = (
        "Pooled data favoured treatment (WMD [95% confidence interval (CI)] -18.5 pg/ml [-30.1 to -6.9]; "
        "-11.2 mg/L [CI -19.8 to -2.6]; -1.40 pg/ml [-2.61 to -0.19] respectively)."
    )
    assert _read(pooled) == [
        ("MD", -18.5, -30.1, -6.9),
        ("MD", -11.2, -19.8, -2.6),
        ("MD", -1.4, -2.61, -0.19),
    ]
    # ... but "2-sided" after a value is no unit, and "2" no estimate
    assert _read(
        "The adjusted mean between group difference was 0.6 for the 2-sided 95% CI (-0.9, 2.1)."
    ) == [("MD", 0.6, None, None)]


def test_facts_39_formats_from_the_thirteenth_dev_set() -> None:
    # a unit with a power between a listed value and its interval
    listed = (
        "At 1 year the groups differed in weight (mean difference=-1.20 kg (95% CI -1.90, -0.50), P<0.01) "
        "and BMI (-0.31 kg m−2 (-0.55, -0.07), P=0.02)."
    )
    assert _read(listed) == [("MD", -1.2, -1.9, -0.5), ("MD", -0.31, -0.55, -0.07)]
    # a product of units, then a further item in its own unit
    assert _read(
        "Activity rose (adjusted difference 2.1 MET*hr/wk [95% CI, 0.9 to 3.3], 31 min/wk [95% CI, 12.0 to 50.2])."
    ) == [
        ("MD", 2.1, 0.9, 3.3),
        ("MD", 31.0, 12.0, 50.2),
    ]
    # an en dash typeset for a minus sign, while a spaced dash between numbers stays a range
    assert _read("The difference in visible sites was – 0.52 (95 % CI: – 0.91 to – 0.13, P = 0.02).") == [
        ("MD", -0.52, -0.91, -0.13)
    ]
    assert _read("Death was less frequent (HR 0.62 (0.41 – 0.94)).") == [("HR", 0.62, 0.41, 0.94)]
    # an item's label after its p-value, then the next item
    assert _read(
        "Marker levels predicted spread (odds ratio per unit: 1.22; 95% CI 1.08–1.38; P<0.001 (cohort A) "
        "and 1.41; 95% CI 1.12–1.77; P=0.003 (cohort B))."
    ) == [("OR", 1.22, 1.08, 1.38), ("OR", 1.41, 1.12, 1.77)]
    # a percentage difference with its interval is a risk difference; without one it is no estimate
    assert _read(
        "Withdrawals were more common with A (percentage difference of 12.4; 95% CI 2.2 to 22.6)."
    ) == [("RD", 12.4, 2.2, 22.6)]
    assert _read("Test-retest variability was 0.41 +/- 0.30 (percentage difference 19%).") == []


def test_a_ratio_of_another_quantity_does_not_take_the_measure_named_before() -> None:
    first = "Smokers had a higher risk of stroke (OR 2.10, 95% CI 1.30-3.40)."
    assert _read(first + " The regression dilution ratio of blood pressure was 0.71 (95% CI 0.60-0.84).") == [
        ("OR", 2.1, 1.3, 3.4)
    ]
    assert _read(first + " The risk was lower in women (0.71, 95% CI 0.60-0.84).") == [
        ("OR", 2.1, 1.3, 3.4),
        ("OR", 0.71, 0.6, 0.84),
    ]


def test_facts_40_formats_from_the_fourteenth_dev_set() -> None:
    # bounds that repeat a unit with a power or per volume
    assert _read(
        "Both fell with the combination, mean differences from placebo of −27.2 cm2 (95% CI −51.0 cm2 "
        "to −3.4 cm2; p = 0.03) and −48.1 mg/dl (95% CI −90.2 to −6.0 mg/dl; p = 0.03), respectively."
    ) == [("MD", -27.2, -51.0, -3.4), ("MD", -48.1, -90.2, -6.0)]
    # a risk difference printed before its name
    assert _read(
        "Harms were rarer with A (8.1% vs 12.0%), a 3.9% absolute risk reduction (95% CI −1.8 to 9.6)."
    ) == [("RD", 3.9, -1.8, 9.6)]
    # a relative reduction is no estimate (EFFECTS_LABELS.md), before its name or after
    assert _read("A gave a 3.9% relative risk reduction (95% CI 1.8 to 9.6).") == []


def test_a_later_sentence_about_risk_takes_the_ratio_named_before_a_difference() -> None:
    text = (
        "There was no difference in birth weight (mean difference -40 g, -90 to 10 g) or in large babies "
        "(relative risk 0.88, 0.70 to 1.10), though exercise lowered birth weight (mean difference -55 g, "
        "-110 to -5 g). Interventions reduced the risk of pre-eclampsia (0.78, 0.63 to 0.96)."
    )
    assert _read(text) == [
        ("MD", -40.0, -90.0, 10.0),
        ("RR", 0.88, 0.7, 1.1),
        ("MD", -55.0, -110.0, -5.0),
        ("RR", 0.78, 0.63, 0.96),
    ]
    # ... but not into a sentence about something else than a risk
    assert _read(text.replace("reduced the risk of pre-eclampsia", "changed weight gain")) == [
        ("MD", -40.0, -90.0, 10.0),
        ("RR", 0.88, 0.7, 1.1),
        ("MD", -55.0, -110.0, -5.0),
    ]


def test_facts_41_formats_from_the_fifteenth_dev_set() -> None:
    # the level printed twice
    assert _read("Rates were alike (RR 1.08, 95% CI 95% 0.71 to 1.64).") == [("RR", 1.08, 0.71, 1.64)]
    # "effect sizes of", a list closed by "respectively"
    assert _read(
        "Supplements raised growth, with effect sizes of 0.410 (95% CI: 0.210, 0.610) and 0.290 "
        "(0.150, 0.430), respectively."
    ) == [("SMD", 0.41, 0.21, 0.61), ("SMD", 0.29, 0.15, 0.43)]
    # an unnamed difference after its outcome's name, its unit after the interval
    assert _read(
        "Treated children had systolic blood pressure 1.20 (95% confidence interval, 0.30–2.10) mmHg "
        "higher than untreated children."
    ) == [("MD", 1.2, 0.3, 2.1)]
    # ... but a percentage there is a relative change
    assert _read("The strategy would prevent 14% (95% CI 11%–17%) more events than treating everyone.") == []
    # an attributable risk with its interval is a risk difference; without one it is not read
    assert _read(
        "Cases clustered (attributable risk [AR] = 9.6 per 100; 95% confidence interval 1.2-18.0 per 100)."
    ) == [("RD", 9.6, 1.2, 18.0)]
    assert _read(
        "Risk was highest with type 16 (relative risk 10; 95% CI 4.1 to 24; attributable risk, 49 percent)."
    ) == [("RR", 10.0, 4.1, 24.0)]


def test_facts_46_a_difference_of_the_means() -> None:
    # "difference of the means", with or without "estimated", names a mean difference
    assert _read("Low dose X (estimated difference of the means −1.0%, p = 0.035) impaired oxygenation.") == [
        ("MD", -1.0, None, None)
    ]
    assert _read("The difference of the means was 2.5 kg (95% CI 0.5 to 4.5).") == [("MD", 2.5, 0.5, 4.5)]
    # ... while a bare "estimated difference" far from any value stays unread
    assert _read("The estimated difference of the two methods was small, and means were 12 and 14.") == []


def test_facts_48_confidence_limits() -> None:
    # "confidence limits" with their level are an interval, as "CL" is
    assert _read(
        "Responses were seen in the A arm (odds ratio (OR): 41.7; 95% confidence limit (CL), 29.1–55.1%)."
    ) == [("OR", 41.7, 29.1, 55.1)]
    assert _read("It had no effect (rate ratio (RR)=0.85, 90% confidence limits 0.61 to 1.19).") == [
        ("IRR", 0.85, 0.61, 1.19)
    ]
    assert _read("The hazard ratio was 1.42 (95% CL, 1.10 to 1.83).") == [("HR", 1.42, 1.1, 1.83)]
    # ... while an upper limit alone is no interval
    assert _read("The hazard ratio was 1.42 (upper 95.71% confidence limit, 1.79).") == [
        ("HR", 1.42, None, None)
    ]


def test_facts_51_plural_and_posterior_intervals() -> None:
    assert _read("Function was worse (difference −1.74 (95% CIs, −3.34 to −0.14), p=0.0329).") == [
        ("MD", -1.74, -3.34, -0.14)
    ]
    assert _read("Success was higher (difference of 56.6%, 95% posterior credible interval 41.4-70.0%).") == [
        ("RD", 56.6, 41.4, 70.0)
    ]
    # ... and "CI" glued to its first bound still reads
    assert _read("The HR was 0.8 (95%CI0.7-0.9).") == [("HR", 0.8, 0.7, 0.9)]


def test_facts_52_an_interval_labelled_c_i() -> None:
    # "C.I." does not end a sentence before its first bound
    assert _read("The IPM group had more parasitaemia [hazard ratio 2.2, 95% C.I. 1.2–4.0; P = 0.01].") == [
        ("HR", 2.2, 1.2, 4.0)
    ]
    assert _read("Return to work was quicker (hazard ratio 1.43, 95 per cent c.i. 1.11 to 1.85).") == [
        ("HR", 1.43, 1.11, 1.85)
    ]


def test_facts_69_series_of_bare_values_each_closed_by_respectively() -> None:
    text = (
        "Adjusted death hazard ratios in the first, second, and third year were 1.52 (P < 0.05), "
        "1.31 (P < 0.05), and 1.09 for the thin, respectively; 0.81 (P < 0.05), 0.92, and 0.97 for "
        "the heavy, respectively; and 0.86, 1.02, and 1.04 for the very heavy, respectively."
    )
    assert [value for _, value, _, _ in _read(text)] == [1.52, 1.31, 1.09, 0.81, 0.92, 0.97, 0.86, 1.02, 1.04]
    # (what the values are of may stand before "respectively"; without it, only the first is read)
    assert len(_read("Hazard ratios were 0.93, 0.96, and 0.81 for the thin, respectively.")) == 3
    assert len(_read("Hazard ratios were 0.93, 0.96, and 0.81 for the thin.")) == 1
    # (a series that does not close is not read past the one before it)
    assert len(_read("Hazard ratios were 1.2, 1.3 and 1.4 for A, respectively; 0.9, 0.8 and 0.7 in B.")) == 3


def test_facts_69_an_interval_misprinted_as_confidential() -> None:
    assert _read("Risks differed; hazard ratios were 0.81 (95% confidential interval: 0.55–1.19).") == [
        ("HR", 0.81, 0.55, 1.19)
    ]


def test_facts_71_values_listed_for_the_items_a_description_lists() -> None:
    text = (
        "After adjustment for age, the odds ratio of stroke for those with 1, 2, or 3 risk factors "
        "was 1.85, 3.10, and 5.42, respectively, compared with those with none."
    )
    assert [(measure, value) for measure, value, _, _ in _read(text)] == [
        ("OR", 1.85),
        ("OR", 3.10),
        ("OR", 5.42),
    ]
    # (not without the closing "respectively", nor a single value after a described count)
    assert _read("After adjustment, the odds ratio for those with 2 risk factors was 1.85.") == []
    assert _read("The odds ratio for those with 1, 2, or 3 risk factors was 1.85, 3.10, and 5.42.") == []


def test_facts_73_a_named_difference_said_to_be_significant_or_not_before_its_value() -> None:
    text = (
        "Pain days were fewer with drug A (1.1 [2.0]) than with placebo (1.9 [2.2]), but the paired "
        "treatment difference was not statistically significant (-0.8 [2.1] days; p = 0.21)."
    )
    assert _read(text) == [("MD", -0.8, None, None)]
    assert _read("The treatment difference was significant (-1.2 [1.5] days; p = 0.01).") == [
        ("MD", -1.2, None, None)
    ]
    # (a p-value in those brackets is no estimate)
    assert _read("The treatment difference was statistically significant (p < 0.001).") == []


def test_facts_79_a_review_list_goes_on_past_each_estimates_evidence_aside() -> None:
    text = (
        "The risk ratio (RR) for relapse with drug A compared with placebo was 0.85, 95% confidence "
        "interval (CI) 0.60 to 1.20 (three trials, 210 women); and 1.10, 95% CI 0.70 to 1.73 (two "
        "trials, 140 women) for drug A compared with drug B."
    )
    assert _read(text) == [("RR", 0.85, 0.60, 1.20), ("RR", 1.10, 0.70, 1.73)]
    # (an aside that is no count of studies ends the list as before)
    other = (
        "The risk ratio (RR) for relapse was 0.85, 95% CI 0.60 to 1.20 (week 12); and 1.10 of the "
        "women relapsed later."
    )
    assert _read(other) == [("RR", 0.85, 0.60, 1.20)]


def test_facts_79_a_reduction_printed_as_its_size_takes_its_intervals_sign() -> None:
    text = (
        "Mean pain scores were lower with drug A (MD 0.40 points, 95% CI -0.62 to -0.18) than with placebo."
    )
    # (so that the estimate lies inside its interval, as pooling reads it)
    assert _read(text) == [("MD", -0.40, -0.62, -0.18)]
    # (a ratio has no sign to drop, and a value outside an interval of its own sign is still no match)
    assert _read("Relapse was less likely (RR 0.40, 95% CI 0.50 to 0.90).") == [("RR", 0.40, None, None)]
    assert _read("Pain fell (MD -0.40 points, 95% CI -0.30 to -0.10).") == [("MD", -0.40, None, None)]


def test_facts_79_pressure_in_centimetres_of_water_and_a_stray_comma_in_an_interval() -> None:
    assert _read("Central venous pressure did not differ (MD 1.50 cm H2O, 95% CI -0.8 to 3.80).") == [
        ("MD", 1.50, -0.8, 3.80)
    ]
    assert _read("Lactate did not differ (MD 1.50, 95% CI -0.8 to, 3.80).") == [("MD", 1.50, -0.8, 3.80)]


def test_facts_80_a_difference_and_its_interval_in_words_of_direction() -> None:
    assert _read(
        "Pooled, there were 2.4 fewer infections (95% CI 4.1 fewer to 0.30 more) with the drug."
    ) == [("MD", -2.4, -4.1, 0.30)]
    assert _read(
        "Sleep was 12.5 minutes longer, with wake time 8.2 minutes lower (1.5 lower to 14.9 lower)."
    ) == [("MD", -8.2, -14.9, -1.5)]
    assert _read("Scores were 0.40 higher (0.10 lower to 0.90 higher) with training.") == [
        ("MD", 0.40, -0.10, 0.90)
    ]
    # (an absolute effect per 1000 is a scaled risk, and a value outside its worded interval no match)
    assert _read("This corresponds to 90 fewer deaths (150 fewer to 20 fewer) per 1000 people.") == []
    assert _read("Mortality: 40 fewer per 1000 (95% CI 60 fewer to 10 fewer).") == []
    assert _read("There were 9.0 fewer visits (95% CI 1.0 fewer to 3.0 fewer).") == []


def test_facts_80_a_level_without_ci_a_value_before_ci_and_a_scale_before_the_interval() -> None:
    # "95%" alone before an interval, after a named estimate
    assert _read("Weight regain did not differ (MD 0.4 kg; 95% -0.6 to 1.5; two trials).") == [
        ("MD", 0.4, -0.6, 1.5)
    ]
    assert _read("Fever was less common (OR 0.70, 95% 0.52 to 0.96).") == [("OR", 0.70, 0.52, 0.96)]
    # (not a share: "95% of ...")
    assert _read("Response was better (OR 2.1; 95% of patients responded).") == [("OR", 2.1, None, None)]
    # a value of two digits before "CI" is the value, not a level
    assert _read("More dyskinesia (n=70, 1 RCT, RR 36.10 CI 2.20 to 590.40).") == [
        ("RR", 36.10, 2.20, 590.40)
    ]
    # a scale's range between a value and its interval
    assert _read("Oedema favoured gel pads (MD 0.58 on a scale of 0 to 15; 95% CI 0.15 to 1.01).") == [
        ("MD", 0.58, 0.15, 1.01)
    ]


def test_facts_81_an_estimate_restated_on_a_scale_and_a_number_needed_to_harm_are_not_read() -> None:
    text = (
        "Fatigue improved (SMD -0.40, 95% CI -0.65 to -0.15; back translated to mean difference of "
        "12.0 points lower on a 100-point scale)."
    )
    assert _read(text) == [("SMD", -0.40, -0.65, -0.15)]
    restated = "Spray was better (SMD 0.70, 95% CI 0.35 to 1.05), which corresponds to approximately a mean difference of 2 points."
    assert _read(restated) == [("SMD", 0.70, 0.35, 1.05)]
    # (a mean difference stated for itself still counts)
    assert _read("Pain fell (mean difference of 2.0 points, 95% CI 1.0 to 3.0).") == [("MD", 2.0, 1.0, 3.0)]
    needed = (
        "Small risk differences were found for dehiscence (Number Needed to Harm (NNH) 35; 95% CI 18 to 900)."
    )
    assert _read(needed) == []


def test_facts_82_a_decimal_after_a_label_word_is_a_value() -> None:
    text = "Results for relapse (pooled HR adjusted for seizure type 1.08, 95% CI 0.88 to 1.33; 5 studies)."
    assert _read(text) == [("HR", 1.08, 0.88, 1.33)]
    # (a whole number after a label word is still part of a name)
    assert _read("The hazard ratios of type 2 diabetes were 0.74 (0.60-0.90).") == [("HR", 0.74, 0.60, 0.90)]


def test_facts_83_named_differences_with_worded_intervals_a_qualifier_and_test_accuracy_ratios() -> None:
    # a named difference whose interval is in words, after a comma
    text = "Quality of life may improve (mean difference (MD) 12.50 points higher, 95% CI 8.10 higher to 16.90 higher; 1 study)."
    assert _read(text) == [("MD", 12.50, 8.10, 16.90)]
    # a qualifier between a value and its interval
    assert _read("Pain did not differ (MD -0.40 favouring braces, 95% CI -1.10 to 0.30; P = 0.19).") == [
        ("MD", -0.40, -1.10, 0.30)
    ]
    # one test's accuracy relative to another's (EFFECTS_LABELS.md, dev3, dev82)
    accuracy = "The relative sensitivity of test A versus test B was 1.40 (95% CI: 1.20 to 1.65) and the relative specificity 0.95 (95% CI: 0.93 to 0.97)."
    assert _read(accuracy) == [("RR", 1.40, 1.20, 1.65), ("RR", 0.95, 0.93, 0.97)]
    # (sensitivity itself is no estimate)
    assert _read("The sensitivity of test A was 0.85 (95% CI 0.80 to 0.90).") == []
