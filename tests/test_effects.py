"""Effect-estimate extraction on the formats abstracts really use."""

from __future__ import annotations

import pytest

from consilience.analyze.effects import extract_effects, extract_effects_from_text
from consilience.model import Paper, Section

CASES = [
    ("HR 0.66, 95% CI 0.49-0.88", ("HR", 0.66, 0.49, 0.88, 95.0)),
    (
        "(hazard ratio [HR], 0.66; 95% confidence interval [CI], 0.49 to 0.88; P=0.005)",
        ("HR", 0.66, 0.49, 0.88, 95.0),
    ),
    ("HR=1.04 (0.81–1.34)", ("HR", 1.04, 0.81, 1.34, None)),
    ("OR 2.1 [1.3, 3.4]", ("OR", 2.1, 1.3, 3.4, None)),
    ("MD −2.3 (−4.1 to −0.5)", ("MD", -2.3, -4.1, -0.5, None)),
    ("RR, 0.78; 95% CI, 0.64 to 0.95", ("RR", 0.78, 0.64, 0.95, 95.0)),
    ("odds ratio 1.5 (90% CI 1.1-2.0)", ("OR", 1.5, 1.1, 2.0, 90.0)),
    ("relative risk 0.8 (99% CI 0.7-0.95)", ("RR", 0.8, 0.7, 0.95, 99.0)),
    ("risk ratio 0.8 (95% CI: 0.5, 0.9)", ("RR", 0.8, 0.5, 0.9, 95.0)),
    ("incidence rate ratio 1.10 (95% CI 1.02—1.19)", ("IRR", 1.1, 1.02, 1.19, 95.0)),
    ("standardized mean difference −0.45 (95% CI −0.70 to −0.20)", ("SMD", -0.45, -0.7, -0.2, 95.0)),
    ("mean difference 3.2 (95% CI 1.1 to 5.3)", ("MD", 3.2, 1.1, 5.3, 95.0)),
    ("risk difference −3.1% (95% CI −5.0 to −1.2)", ("RD", -3.1, -5.0, -1.2, 95.0)),
    ("HR (95% CI): 0.66 (0.49-0.88)", ("HR", 0.66, 0.49, 0.88, 95.0)),
    ("hazard ratio 0·66 (95% CI 0·49–0·88)", ("HR", 0.66, 0.49, 0.88, 95.0)),
    ("(RR 0.70, 0.55–0.89)", ("RR", 0.7, 0.55, 0.89, None)),
    ("The hazard ratio for death was 0.75 (95% CI, 0.61 to 0.92).", ("HR", 0.75, 0.61, 0.92, 95.0)),
    ("HR for 5-year survival: 0.81 (95% CI 0.7-0.95)", ("HR", 0.81, 0.7, 0.95, 95.0)),
    # facts-7: forms first met in the third blind dev set
    ("(incidence-rate ratio, 1.21; 95% CI, 0.80 to 1.83)", ("IRR", 1.21, 0.8, 1.83, 95.0)),
    ("(odds ratio [OR] = 2.40, 95% confidence interval CI = 1.30–4.43)", ("OR", 2.4, 1.3, 4.43, 95.0)),
    ("waist (OR 1.04 per cm, 95% CI 1.01–1.07)", ("OR", 1.04, 1.01, 1.07, 95.0)),
    ("mean difference −31 dyn s/cm5 (95% CI −52 to −10)", ("MD", -31.0, -52.0, -10.0, 95.0)),
    ("(difference 2·5 percentage points, 95% CI 0·4 to 4·6)", ("MD", 2.5, 0.4, 4.6, 95.0)),
    ("a difference in relapse rate of 4.2% (two-sided 90% CI +1.1 to +7.3%)", ("RD", 4.2, 1.1, 7.3, 90.0)),
    ("(mean difference £310, 95% CI −£40 to £660)", ("MD", 310.0, -40.0, 660.0, 95.0)),
    (
        "Walking speed differed between the 3 programmes by 0.12 m/s (95% CI 0.05 to 0.19).",
        ("MD", 0.12, 0.05, 0.19, 95.0),
    ),
    ("Median scores were 14 and 12 (Δ=2.1; 95% CI 0.6 to 3.6).", ("MD", 2.1, 0.6, 3.6, 95.0)),
    # facts-27: forms first met in the fifth blind dev set. "Cl" misprinted for CI; a full stop
    # for a comma; an absolute difference in points of a score; a ratio described by a difference.
    ("(OR = 1.9; Cl, 1.1 to 3.3)", ("OR", 1.9, 1.1, 3.3, None)),
    ("(OR=2.6, 95% Cl=1.6-4.0)", ("OR", 2.6, 1.6, 4.0, 95.0)),
    ("In women, combination therapy (OR 2.9. 95% CI 1.1–7.7) was linked to it.", ("OR", 2.9, 1.1, 7.7, 95.0)),
    (
        "The absolute difference between the groups was -1.3 points (95% CI, -2.38 to -0.22).",
        ("MD", -1.3, -2.38, -0.22, 95.0),
    ),
    ("The absolute difference in mortality was 4.1% (95% CI 1.0 to 7.2).", ("RD", 4.1, 1.0, 7.2, 95.0)),
    (
        "The odds ratio for an increase equal to the difference between the most and the least unequal "
        "regions was 1.49 (0.88-2.52).",
        ("OR", 1.49, 0.88, 2.52, None),
    ),
    (
        "Outside the OR, bleeding was more common with the mask (difference: −26.5%; 95% CI: −42.2% to −10.7%).",
        ("RD", -26.5, -42.2, -10.7, 95.0),
    ),
    # facts-29 (sixth blind dev set): a label with its abbreviation and no level; units on both
    # bounds; "intervention effect"; a range of days inside a ratio's description.
    (
        "Classes (adjusted odds ratio [AOR]: 2.21; confidence interval [CI]: 1.82-2.68) were linked.",
        ("OR", 2.21, 1.82, 2.68, None),
    ),
    ("Adjusted difference 0.97 mmHg, 95%CI -2.34 mmHg to 4.29 mmHg.", ("MD", 0.97, -2.34, 4.29, 95.0)),
    ("Scores fell, giving an intervention effect of 0.5 (95% CI −3.2 to 4.2).", ("MD", 0.5, -3.2, 4.2, 95.0)),
    (
        "The rate ratio for use on days 0 to 13 after birth was 3.49 (1.92 to 6.34).",
        ("IRR", 3.49, 1.92, 6.34, None),
    ),
    # facts-30 (seventh blind dev set): "standard mean difference"; an absolute risk reduction is
    # an RD of the printed value; a unit "per SD" before a bare interval closing the bracket.
    (
        "Quality of life improved (standard mean difference = 0.11, 95% CI = [0.08, 0.14]).",
        ("SMD", 0.11, 0.08, 0.14, 95.0),
    ),
    (
        "Fewer headaches (absolute risk reduction [ARR], 12.3%; 95% confidence interval [CI], -1.72% to 26.2%).",
        ("RD", 12.3, -1.72, 26.2, 95.0),
    ),
    ("It came from a meta-analysis (hazard ratio = 0.82 per SD, 0.74-0.90).", ("HR", 0.82, 0.74, 0.9, None)),
    # facts-32 (eighth blind dev set): a time point between value and interval; "mm Hg" with a
    # space; a difference in percentage change is a difference in means.
    (
        "The between-group difference in frailty was 14.7% at 12 months (95% confidence interval: 2.4%, 27.0%).",
        ("RD", 14.7, 2.4, 27.0, 95.0),
    ),
    (
        "A greater fall (difference: −2.6 mm Hg, 95% CI: −4.08 to −1.22 mm Hg).",
        ("MD", -2.6, -4.08, -1.22, 95.0),
    ),
    (
        "Differences in percentage change from baseline of HDL-C were seen between the groups, 3.01%, "
        "95% CI 0.12-5.90.",
        ("MD", 3.01, 0.12, 5.9, 95.0),
    ),
    # facts-33 (ninth blind dev set): "relative rate"; a doubled dash between the bounds.
    (
        "The relative rate of CIN III+ in the HPV arm versus the conventional arm was 1.44 (95% CI 1.01 to 2.05).",
        ("IRR", 1.44, 1.01, 2.05, 95.0),
    ),
    ("Mortality rose (relative risk 1.95, 1.70--2.25).", ("RR", 1.95, 1.7, 2.25, None)),
    # ... but "--" after a negative bound is a dash and a minus sign (found by the property tests)
    ("MD -0.1, 90% CI -0.1--0.1", ("MD", -0.1, -0.1, -0.1, 90.0)),
    # facts-54 (dev26): a fold of risk with its interval is a risk ratio; percentage points with
    # a labelled interval are a risk difference; a placebo-corrected change is a mean difference.
    (
        "Carriers had a 1.31-fold (95% CI, 1.07-1.61) greater risk than non-carriers.",
        ("RR", 1.31, 1.07, 1.61, 95.0),
    ),
    ("Smokers had a 2.4-fold increased risk (95% CI 1.3-4.5) of stroke.", ("RR", 2.4, 1.3, 4.5, 95.0)),
    # ... and an odds ratio where the text names a case-control design
    (
        "In this case-control study, a 1.9-fold (95% CI 1.4-2.6) increased risk was seen below the median.",
        ("OR", 1.9, 1.4, 2.6, 95.0),
    ),
    (
        "Net use rose by 17.7 percentage points (95% CI 9.7-25.6) in the trial villages.",
        ("RD", 17.7, 9.7, 25.6, 95.0),
    ),
    (
        "The largest placebo-corrected change in QTcF was 12.1 ms (90% confidence interval, 9.5 to 14.8).",
        ("MD", 12.1, 9.5, 14.8, 90.0),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_formats(text: str, expected: tuple[str, float, float, float, float | None]) -> None:
    effects = extract_effects_from_text(text)
    assert len(effects) == 1
    e = effects[0]
    assert (e.measure, e.value, e.ci_low, e.ci_high, e.ci_level) == expected


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("OR 1.5 (95% CI 1.1-2.0; P < .001)", "<", 0.001),
        ("aHR 0.7 (95% CI: 0.5, 0.9), a p-value of 0.02", "=", 0.02),
        ("(HR 0.66; 95% CI 0.49 to 0.88; P=0.005)", "=", 0.005),
        ("RR 0.8 (0.7-0.9), p ≤ 0.01", "<=", 0.01),
    ],
)
def test_p_values(text: str, op: str, value: float) -> None:
    (effect,) = extract_effects_from_text(text)
    assert (effect.p_operator, effect.p_value) == (op, value)
    assert effect.p_text and effect.p_text in text


def test_adjusted() -> None:
    (a,) = extract_effects_from_text("adjusted odds ratio (aOR) 1.52 [95% CI 1.10-2.10]")
    (b,) = extract_effects_from_text("aHR 0.7 (0.5-0.9)")
    (c,) = extract_effects_from_text("The crude OR was 1.9 (1.2-3.0).")
    (d,) = extract_effects_from_text("OR 1.9 (1.2-3.0).")
    assert (a.adjusted, b.adjusted, c.adjusted, d.adjusted) == (True, True, False, None)


def test_ranges_are_not_negative_numbers() -> None:
    effects = extract_effects_from_text("Patients aged 18-65 had HR 0.8 (0.6-1.1) for death.")
    assert [(e.value, e.ci_low, e.ci_high) for e in effects] == [(0.8, 0.6, 1.1)]


def test_interval_must_contain_value() -> None:
    (effect,) = extract_effects_from_text("OR 3.5 (1.1-2.0)")
    assert effect.ci_low is None and effect.ci_high is None


def test_ratio_must_be_positive_and_relative_risk_reduction_is_not_rr() -> None:
    assert extract_effects_from_text("a relative risk reduction of 30% was seen") == []
    assert extract_effects_from_text("HR -0.5 (-0.7 to -0.2)") == []


def test_several_values_after_one_measure() -> None:
    effects = extract_effects_from_text("HRs were 0.7 (0.5-0.9) and 0.8 (0.6-1.0), respectively.")
    assert [(e.value, e.ci_low, e.ci_high) for e in effects] == [(0.7, 0.5, 0.9), (0.8, 0.6, 1.0)]


def test_outcome_and_comparison() -> None:
    (effect,) = extract_effects_from_text(
        "The risk of stroke was reduced with aspirin compared with placebo (RR 0.8; 95% CI 0.7 to 0.9)."
    )
    assert effect.outcome == "stroke"
    assert effect.comparison == "aspirin vs placebo"


def test_a_list_of_subgroup_estimates_keeps_the_outcome_named_before_it() -> None:
    effects = extract_effects_from_text(
        "Surgery was associated with longer survival in patients with small tumours (HR 0.64, 95% CI "
        "0.46-0.91) and in those under 55 years (HR 0.57, 95% CI 0.38-0.86)."
    )
    assert [(e.value, e.outcome) for e in effects] == [(0.64, "survival"), (0.57, "survival")]


def test_a_list_that_names_each_outcome_before_its_bracket_gives_each_value_its_own() -> None:
    effects = extract_effects_from_text(
        "Statins reduced the risk of all cause mortality (odds ratio 0.88, 95% CI 0.81 to 0.96), "
        "major coronary events (0.70, 0.61 to 0.81) and major cerebrovascular events (0.81, 0.71 to "
        "0.93), in men (0.79, 0.70 to 0.90)."
    )
    assert [(e.value, e.outcome) for e in effects] == [
        (0.88, "all cause mortality"),
        (0.7, "major coronary events"),
        (0.81, "major cerebrovascular events"),
        (0.79, "all cause mortality"),  # a subgroup, not another outcome
    ]


def test_spans_point_into_sections() -> None:
    paper = Paper(
        id="x:1",
        title="HR 0.5 (0.3-0.8) in a title",
        sections=[Section(text="Intro."), Section(text="Death fell (OR 2.1 [1.3, 3.4]).")],
    )
    effects = extract_effects(paper)
    assert [(e.span.section if e.span else None) for e in effects] == [-1, 1]
    for effect in effects:
        assert effect.span is not None
        source = paper.title if effect.span.section == -1 else paper.sections[effect.span.section].text
        assert source[effect.span.start : effect.span.end] == effect.span.text


def test_no_effects_in_plain_text() -> None:
    assert extract_effects_from_text("The OR staff and HR department met 12 times in 2019-2020.") == []


# --- Patterns added after the hand-annotated gold set was scored (sentences written for the tests).


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a level printed in words, and a semicolon after the interval label
        (
            "Falls were rarer (relative risk, 0.4; 95 percent confidence interval, 0.2 to 0.8).",
            ("RR", 0.4, 0.2, 0.8, 95.0),
        ),
        ("Odds doubled (OR 2.10, 95% CI; 1.30 - 3.40).", ("OR", 2.1, 1.3, 3.4, 95.0)),
        # double opening bracket before the interval
        ("rate ratio 0.71 [(95% CI 0.52-0.97); p = 0.03]", ("IRR", 0.71, 0.52, 0.97, 95.0)),
        # a ratio's lower bound printed as 0 (rounded)
        ("carriage fell (OR = 0.07 95% CI 0–0.6)", ("OR", 0.07, 0.0, 0.6, 95.0)),
        # percent signs on the interval's bounds
        ("risk difference, 4.2% [95% CI, 1.5% to 6.9%]", ("RD", 4.2, 1.5, 6.9, 95.0)),
        # an interval label between the measure's name and the value
        ("The HR (90% CI) for relapse in the two arms was 0.82 (0.70, 0.96).", ("HR", 0.82, 0.7, 0.96, 90.0)),
        (
            "Hazard ratios and 95% CIs for stroke were 1.40 (1.10-1.78) in smokers.",
            ("HR", 1.4, 1.1, 1.78, 95.0),
        ),
        # relative hazard is a hazard ratio; prevalence ratio a risk ratio
        ("Fractures fell (relative hazard 0.77; 95% CI 0.61-0.97).", ("HR", 0.77, 0.61, 0.97, 95.0)),
        ("The prevalence ratio was 1.3 (95% CI 1.1-1.6).", ("RR", 1.3, 1.1, 1.6, 95.0)),
        # named differences: least-squares mean difference with a unit, plain difference with interval
        (
            "Weight fell more (LS mean difference −1.9 kg (95% CI −3.0 to −0.8)).",
            ("MD", -1.9, -3.0, -0.8, 95.0),
        ),
        (
            "The mean systolic pressure difference, −4.1 mmHg; 95% CI, −6.0 to −2.2.",
            ("MD", -4.1, -6.0, -2.2, 95.0),
        ),
        (
            "The estimated difference in pain score at 6 weeks was −0.9 with a 95% CI of −1.6 to −0.2.",
            ("MD", -0.9, -1.6, -0.2, 95.0),
        ),
        (
            "The treatment difference from placebo at 2 h: 0.35; 90% CI 0.21 to 0.49.",
            ("MD", 0.35, 0.21, 0.49, 90.0),
        ),
        # Cohen's d is a standardised mean difference
        ("Anxiety fell (Cohen's d: −0.42, 95% CI −0.70 to −0.14).", ("SMD", -0.42, -0.7, -0.14, 95.0)),
    ],
)
def test_more_formats(text: str, expected: tuple[str, float, float, float, float | None]) -> None:
    effects = extract_effects_from_text(text)
    assert len(effects) == 1, effects
    e = effects[0]
    assert (e.measure, e.value, e.ci_low, e.ci_high, e.ci_level) == expected


def test_unnamed_difference_is_rd_when_it_is_a_gap_between_percentages() -> None:
    (e,) = extract_effects_from_text("Cure rates were 64.0% and 58.5% (difference 5.5; 95% CI −1.2 to 12.2).")
    assert (e.measure, e.value, e.ci_low, e.ci_high) == ("RD", 5.5, -1.2, 12.2)
    (f,) = extract_effects_from_text("Scores rose by 12 and 7 points (difference 5.0; 95% CI 1.1 to 8.9).")
    assert f.measure == "MD"
    (g,) = extract_effects_from_text("Relapse was rarer (treatment-control difference, 3.5%; NNT, 29).")
    assert (g.measure, g.value, g.ci_low) == ("RD", 3.5, None)


def test_plain_difference_needs_an_interval_and_no_negation() -> None:
    assert extract_effects_from_text("The difference was 4.2 points (P = 0.02).") == []
    assert (
        extract_effects_from_text(
            "No significant difference was seen in other arms (6.1%; 95% CI, 2.0%-9.0%)."
        )
        == []
    )
    assert extract_effects_from_text("The difference in means: -1.10 to -1.45 across visits.") == []


def test_lists_after_the_first_value_keep_the_measure() -> None:
    text = (
        "The hazard ratio for death was 1.20 (95% CI 0.90-1.60) among men, and 1.45 "
        "(95% CI 1.05-2.00) among women."
    )
    assert [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)] == [
        ("HR", 1.2, 0.9, 1.6),
        ("HR", 1.45, 1.05, 2.0),
    ]
    text = "Statins lowered mortality (odds ratio 0.90, 95% CI 0.82 to 0.98), stroke (0.79, 0.70 to 0.90) and MI (0.72, 0.61 to 0.85)."
    assert [(e.value, e.ci_low, e.ci_high, e.ci_level) for e in extract_effects_from_text(text)] == [
        (0.9, 0.82, 0.98, 95.0),
        (0.79, 0.7, 0.9, 95.0),  # the list shares the first value's level
        (0.72, 0.61, 0.85, 95.0),
    ]
    # a median with its range after an estimate is not part of the list
    text = "Survival improved (HR 0.70, 0.55-0.89), median survival 14.1 (12.0-16.3) months."
    assert [e.value for e in extract_effects_from_text(text)] == [0.7]
    # nor is another statistic after a semicolon
    text = "Harm fell (RD -0.06, 95% CI -0.10 to -0.02; NNTB 17, 95% CI 10 to 50)."
    assert [e.value for e in extract_effects_from_text(text)] == [-0.06]


def test_long_description_between_name_and_labelled_value() -> None:
    text = (
        "The adjusted relative risks of readmission for patients in the highest tertile of the frailty "
        "index as compared with the lowest tertile were 1.90 (95% CI 1.30-2.77)."
    )
    (e,) = extract_effects_from_text(text)
    assert (e.measure, e.value, e.ci_low, e.ci_high, e.ci_level, e.adjusted) == (
        "RR",
        1.9,
        1.3,
        2.77,
        95.0,
        True,
    )


def test_thresholds_and_glued_numbers_are_not_values() -> None:
    text = "The rate ratio for users with >10 prescriptions compared with <2 prescriptions, 1.60; 95% CI, 1.20-2.13."
    (e,) = extract_effects_from_text(text)
    assert (e.measure, e.value) == ("IRR", 1.6)
    assert extract_effects_from_text("The odds ratio of 1100delT carriers was raised.") == []


def test_defined_abbreviations_carry_their_measure() -> None:
    paper = Paper(
        id="x:2",
        sections=[
            Section(text="We estimated mortality rate ratios (RRs) with Poisson models."),
            Section(text="Mortality was lower with the vaccine (RR 0.62, 95% CI 0.45-0.85)."),
            Section(text="Falls were rarer (relative hazard [RH], 0.81; 95% CI, 0.66-0.99)."),
            Section(text="Deaths rose (adjusted risk difference [ARD], 2.5% [95% CI, 1.0% to 4.0%])."),
            Section(text="Mean diffusivity (MD) was higher in cases; MD 0.82 in the cortex."),
        ],
    )
    got = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects(paper)]
    assert got == [("IRR", 0.62, 0.45, 0.85), ("HR", 0.81, 0.66, 0.99), ("RD", 2.5, 1.0, 4.0)]


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("(HR, 1.30; 95% CI, 1.05-1.61; two-sided P = 0.02)", "=", 0.02),
        ("(OR 3.1, 95% CI 1.4-6.9; Bonferroni-adjusted p-value <0.01)", "<", 0.01),
        ("(mean difference −0.5 (95% CI −0.9 to −0.1) kg; p = 0.02)", "=", 0.02),
        (
            "(18 vs 9 percent; P=0.04; relative risk, 0.5; 95 percent confidence interval, 0.3 to 0.9)",
            "=",
            0.04,
        ),
        ("weight gain rose (odds ratio 1.8, p = 10−6)", "=", 1e-6),
    ],
)
def test_more_p_values(text: str, op: str, value: float) -> None:
    (effect,) = extract_effects_from_text(text)
    assert (effect.p_operator, effect.p_value) == (op, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "[95% CI]" as the interval's own label
        (
            "Risk rose (odds ratio [OR], 3.5; 95% confidence interval [95% CI], 1.2-10.4) after adjustment.",
            [("OR", 3.5, 1.2, 10.4, 95.0)],
        ),
        # a number hyphened onto a word is part of a name, not the value
        (
            "The incidence rate ratio of HIV-1 was 1.31 (95% confidence interval [CI] 0.90–1.80).",
            [("IRR", 1.31, 0.9, 1.8, 95.0)],
        ),
        # a plain difference naming both things it compares, with a labelled interval
        (
            "The difference between clinic-measured systolic pressure and home-measured systolic pressure "
            "was 5.2 mmHg (95% CI 1.1-9.3; p=0.02).",
            [("MD", 5.2, 1.1, 9.3, 95.0)],
        ),
        # the estimate's p-value printed before its interval
        (
            "Pain did not differ (difference 4 points, p=0.41; 95% CI -6 to 14).",
            [("MD", 4.0, -6.0, 14.0, 95.0)],
        ),
        # a list value qualified before its interval
        (
            "The RR of dialysis was 1.42 (95% CI 1.10 to 1.83) and 1.25 for transplant (95% CI 0.80 to 1.95).",
            [("RR", 1.42, 1.1, 1.83, 95.0), ("RR", 1.25, 0.8, 1.95, 95.0)],
        ),
        # a treatment effect is a difference, here with a spaced minus in its interval
        (
            "The estimated treatment effect was 6.1 points, 95% CI − 3.0 to 15.2; p = 0.2.",
            [("MD", 6.1, -3.0, 15.2, 95.0)],
        ),
        # the measure, then its interval's label, then value and interval, each after a semicolon
        (
            "Supplements seemed to raise the rate (HR; 95% CI: 1.19; 0.94-1.50), most in children with "
            "giardia (2.03; 1.24-3.32).",
            [("HR", 1.19, 0.94, 1.5, 95.0), ("HR", 2.03, 1.24, 3.32, 95.0)],
        ),
        # an en dash after "=" or a space is a minus sign; between two numbers it is a range
        (
            "Weight fell (mean difference=–0.90 kg (95% confidence interval (CI)=–1.50, −0.30), P<0.01).",
            [("MD", -0.9, -1.5, -0.3, 95.0)],
        ),
        ("Ratios differed (HR 1.2, 95% CI 1.1 – 1.3).", [("HR", 1.2, 1.1, 1.3, 95.0)]),
        # the measure spelled out in brackets after its abbreviation; "C.I" without its last dot
        (
            "It was more common (19 vs. 3, OR (odds ratio) 9.2, 95% C.I 2.5 to33.6).",
            [("OR", 9.2, 2.5, 33.6, 95.0)],
        ),
        # an effect size without "=" counts when its interval follows
        (
            "Treatment improved overall cognition [effect size 0.05, 95% confidence interval (CI) 0.02-0.07].",
            [("SMD", 0.05, 0.02, 0.07, 95.0)],
        ),
        (
            "Protraction lasted longer (effect size [ES], 1.78 [95% CI, 0.15, 3.42; P = 0.033]).",
            [("SMD", 1.78, 0.15, 3.42, 95.0)],
        ),
        # detection rates compared in a screening trial; an age range in the description is no value
        (
            "For women aged 30-39 years the relative detection was 1.90 (95% CI 1.30-2.70) for CIN2 "
            "and 1.75 (1.20-2.55) for CIN3.",
            [("RR", 1.9, 1.3, 2.7, 95.0), ("RR", 1.75, 1.2, 2.55, 95.0)],
        ),
    ],
)
def test_more_named_forms(text: str, expected: list[tuple[str, float, float, float, float | None]]) -> None:
    got = [(e.measure, e.value, e.ci_low, e.ci_high, e.ci_level) for e in extract_effects_from_text(text)]
    assert got == expected


def test_a_difference_in_points_before_its_comparative_needs_its_interval() -> None:
    text = (
        "Scores did not differ (surgery: 1.77 points higher [95% CI, -0.84 to 4.39 points]; P = .18). "
        "Time in range was 10.5 percentage points higher (95% CI 7.6-13.4; p<0.0001) with the pump."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high, e.p_text) for e in extract_effects_from_text(text)]
    assert found == [("MD", 1.77, -0.84, 4.39, "P = .18"), ("RD", 10.5, 7.6, 13.4, "p<0.0001")]
    assert extract_effects_from_text("The score was 3 points higher with the drug (p = 0.02).") == []


def test_a_named_measure_for_an_outcome_stated_in_a_few_words() -> None:
    found = extract_effects_from_text("Digoxin use was associated with a HR for mortality of 1.00.")
    assert [(e.measure, e.value) for e in found] == [("HR", 1.0)]
    found = extract_effects_from_text("The mean difference in stone area was 16.5 mm after six weeks.")
    assert [(e.measure, e.value) for e in found] == [("MD", 16.5)]
    # a number among the words is a name or a subgroup, not a gap to skip
    assert extract_effects_from_text("The HR for stage 3 disease was 1.4.") == []


def test_no_treatment_effect_and_bare_differences_need_an_interval() -> None:
    assert extract_effects_from_text("There was no treatment effect on pain (p = 0.4).") == []
    assert extract_effects_from_text("The effect size 0.5 was large (p = 0.01).") == []
    assert extract_effects_from_text("The treatment effect was 3 points (p = 0.04).") == []


def test_es_stands_for_effect_size_once_the_abstract_speaks_of_effect_sizes() -> None:
    text = (
        "Fatigue fell more with yoga (effect size = 0.52, 95% CI 0.20 to 0.84), "
        "but sleep quality did not differ (ES = 0.10, -0.22 to 0.42)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("SMD", 0.52, 0.2, 0.84), ("SMD", 0.1, -0.22, 0.42)]
    # without "effect size" anywhere, ES is some other abbreviation
    assert extract_effects_from_text("Energy status (ES = 0.10, -0.22 to 0.42) was stable.") == []


def test_an_excess_relative_risk_is_not_a_relative_risk() -> None:
    assert extract_effects_from_text("The excess relative risk was 0.45 per Sv, 95% CI 0.10 to 0.90.") == []


def test_numbers_inside_a_measures_description_do_not_stop_the_reading() -> None:
    # The comparison or exposure named between the measure and its value holds numbers of its own.
    text = (
        "Early-stage diagnosis became more common (adjusted relative risk period 2 vs 1, 1.19; "
        "95% confidence interval, 1.13-1.26). Sweet drinks raised the risk (RR for 3 or more drinks "
        "per week compared with none, 2.05; 95% CI, 1.40-3.01; P = .002)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high, e.ci_level) for e in extract_effects_from_text(text)]
    assert found == [("RR", 1.19, 1.13, 1.26, 95.0), ("RR", 2.05, 1.4, 3.01, 95.0)]
    # but only a value with a labelled interval is taken after such a number, and never a group's mean
    assert extract_effects_from_text("Hazard ratios were sought for 4 outcomes; none was 1.2 or more.") == []
    assert (
        extract_effects_from_text("Odds ratios for 3 exposures and the mean age, 54.2 (95% CI 50.1-58.3).")
        == []
    )


def test_an_estimate_per_unit_keeps_its_interval_after_the_unit() -> None:
    text = (
        "Risk fell with pressure (OR 0.93 per 10 mm Hg increase in pulse pressure, 95% CI 0.89-0.98, "
        "p = 0.007) and rose with each allele (odds ratio = 1.06 per C allele, 95% CI 1.02-1.11)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high, e.p_value) for e in extract_effects_from_text(text)]
    assert found == [("OR", 0.93, 0.89, 0.98, 0.007), ("OR", 1.06, 1.02, 1.11, None)]


def test_times_more_likely_with_a_labelled_interval_is_an_odds_ratio() -> None:
    text = (
        "Carriers were 2.84 (95% CI, 1.52-5.31) times more likely to clear the virus than "
        "non-carriers, and smokers were 3 times more likely to relapse."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("OR", 2.84, 1.52, 5.31)]


def test_thousands_separators_in_values_and_intervals() -> None:
    found = [
        (e.measure, e.value, e.ci_low, e.ci_high)
        for e in extract_effects_from_text(
            "The odds ratio was 813.0 (95% CI 168.2-3,229.2); the mean difference in cost was "
            "£1,813 (95% CI 1,168 to 3,229)."
        )
    ]
    assert found == [("OR", 813.0, 168.2, 3229.2), ("MD", 1813.0, 1168.0, 3229.0)]


def test_fold_odds_and_percent_measurements() -> None:
    (odds,) = extract_effects_from_text(
        "A large shunt increased the odds of migraine 6.4-fold (95% CI 2.1 to 19.5)."
    )
    assert (odds.measure, odds.value, odds.ci_low, odds.ci_high) == ("OR", 6.4, 2.1, 19.5)
    # a difference in HbA1c is a mean difference, though its unit is a percent
    (a1c,) = extract_effects_from_text(
        "HbA1c fell more with drug A (between-group difference −0.42%, 95% CI −0.62 to −0.23)."
    )
    assert (a1c.measure, a1c.value) == ("MD", -0.42)
    (share,) = extract_effects_from_text(
        "Remission was more frequent (risk difference 8.1%, 95% CI 2.0 to 14.2)."
    )
    assert share.measure == "RD"


def test_a_described_estimate_may_carry_a_bracketed_interval() -> None:
    text = "The adjusted odds ratio for patients aged 80-89 compared with those aged 50-59 was 3.13 (2.93 to 3.34)."
    assert [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)] == [
        ("OR", 3.13, 2.93, 3.34)
    ]


def test_facts_42_no_estimate_from_definitions_adjustments_or_group_names() -> None:
    # a difference defined, or adjusted for, is no result
    text = (
        "QT dispersion was defined as the difference between QT-max and QT-min. QTc-max was 452 (380-660) ms."
    )
    assert [e.value for e in extract_effects_from_text(text)] == []
    text = "The prevalence adjusted for methodological differences was 7.1% (4.6-10.5%) overall."
    assert [e.value for e in extract_effects_from_text(text)] == []
    assert [
        e.value for e in extract_effects_from_text("The adjusted difference was 2.1 (95% CI 0.5 to 3.7).")
    ] == [2.1]
    # an abbreviation naming a group, its mean ± SD after it
    text = "Time to first dose was longer in groups RM and RD (480 ± 170 and 700 ± 240 min) than in group R."
    assert extract_effects_from_text(text) == []
    # thousands followed by a comma are one number, not the first digit
    text = "Costs were higher with A (mean difference £4,210, p < 0.001) but not overall (mean difference £1,305, p = 0.71)."
    assert [(e.measure, e.value) for e in extract_effects_from_text(text)] == [("MD", 4210.0), ("MD", 1305.0)]


def test_facts_43_formats_from_the_sixteenth_dev_set() -> None:
    # a spread printed between an estimate and its interval
    text = "Less fluid was given (mean difference = -318± 1,010, 95% CI -625 to -11, P = 0.02)."
    assert [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)] == [
        ("MD", -318.0, -625.0, -11.0)
    ]
    # a difference in a measure given in percent, after the arms' mean changes, is a mean difference
    text = (
        "The mean change was -0.81% for A versus -0.95% for B, and treatment difference was 0.14% "
        "(95% CI, 0.02-0.26)."
    )
    assert [(e.measure, e.value) for e in extract_effects_from_text(text)] == [("MD", 0.14)]


def test_intervention_effects_list_their_differences() -> None:
    # facts-54 (dev26): "intervention effects" names between-group differences, each bracketed with
    # its interval and its own unit ("sessions/week").
    text = (
        "Significant intervention effects were seen at 6 months for weight (-1.4 kg, 95% CI -2.2 to -0.5, "
        "P=.003), weekly exercise sessions (0.6 sessions/week, 95% CI 0.2 to 1.0, P=.008) and "
        "step counts (950 steps/day, 95% CI 410 to 1490, P=.01)."
    )
    found = [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]
    assert found == [("MD", -1.4, -2.2, -0.5), ("MD", 0.6, 0.2, 1.0), ("MD", 950, 410, 1490)]


def test_a_fold_without_an_interval_is_not_an_estimate() -> None:
    assert extract_effects_from_text("They had a 3-fold higher risk (2 of 10 vs 1 of 15).") == []


def test_facts_55_values_without_an_interval() -> None:
    def read(text: str) -> list[tuple[str, float, str]]:
        return [(e.measure, e.value, e.p_text) for e in extract_effects_from_text(text)]

    # a difference written as the label of its value, with its test, is the estimate reported
    assert read("Glargine reduced it (difference = 0.0030 ± 0.0021 mm/year; P = 0.145).") == [
        ("MD", 0.003, "P = 0.145")
    ]
    assert read("Weight gain was higher for glargine (difference: 0.77 kg, P < 0.001).") == [
        ("MD", 0.77, "P < 0.001")
    ]
    # a named between-group difference needs no interval; a plain one still does
    assert read("The difference between groups was −0.69, p=0.078.") == [("MD", -0.69, "p=0.078")]
    assert read("The difference was 4.2 points (P = 0.02).") == []
    assert read("It gave a treatment group difference of −2.69 (p < 0.001).") == [("MD", -2.69, "p < 0.001")]
    # a ratio after a longer description ending in its verb, and an estimate listed
    text = (
        "In the logistic model, the odds ratio for having controlled diabetes after the intervention was 1.1."
    )
    assert read(text) == [("OR", 1.1, "")]
    text = "Ki-67 was associated with survival and progression, with a pooled HR estimate of 2.081 and 2.791, respectively."
    assert read(text) == [("HR", 2.081, ""), ("HR", 2.791, "")]


def test_facts_56_names_and_descriptions() -> None:
    def read(text: str) -> list[tuple[str, float]]:
        return [(e.measure, e.value) for e in extract_effects_from_text(text)]

    assert read("Latency differed between the arms (Hedge's g: 0.97, 0.13 respectively).") == [
        ("SMD", 0.97),
        ("SMD", 0.13),
    ]
    assert read(
        "For all women with diabetes, the relative risk compared to the background population was 3.2."
    ) == [("RR", 3.2)]
    text = "The absolute CVD event reduction between “structured” and “usual care” was 16.5% (p < 0.0001)."
    assert read(text) == [("RD", 16.5)]


def test_facts_58_an_interval_labelled_ic() -> None:
    # "IC" (intervalle de confiance, intervalo de confianza) before or after its level
    def read(text: str) -> list[tuple[str, float, float | None, float | None]]:
        return [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]

    assert read("Readmission did not differ (OR 1.12 [95% IC: 0.81–1.55]).") == [("OR", 1.12, 0.81, 1.55)]
    assert read("Death was less frequent (RR 0.74; IC 95% 0.60-0.91; p=0.004).") == [("RR", 0.74, 0.6, 0.91)]


def test_facts_59_abbreviated_and_compared_names() -> None:
    def read(text: str) -> list[tuple[str, float]]:
        return [(e.measure, e.value) for e in extract_effects_from_text(text)]

    # "M diff" is a mean difference
    text = "Against usual care, the exercise group walked further (M diff = 38.5 m, p = 0.002)."
    assert read(text) == [("MD", 38.5)]
    # an undefined "ES" beside a control group is a standardised difference ...
    text = "Scores rose more in the intervention group compared to the control group (p<0.01, ES=0.62)."
    assert read(text) == [("SMD", 0.62)]
    # ... but not an effect size of one group against its own baseline
    assert read("In the training group, strength rose (p = 0.003 and ES = 1.41 - Large).") == []
    # a comparator named between the ratio and its value
    assert read("Remission was more likely (odds ratio [OR] relative to placebo 1.9, p < .01).") == [
        ("OR", 1.9)
    ]


def test_facts_63_a_ratio_series_carried_over_counted_events() -> None:
    def read(text: str) -> list[tuple[str, float, float | None, float | None]]:
        return [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text(text)]

    # events counted in both arms, then a bare value and interval: the ratio named before, even
    # several sentences on, as long as the series goes on
    text = (
        "Stroke was rarer with the new regimen (41 of 5210 vs 66 of 5188; relative risk 0.62, 95% CI "
        "0.42-0.92; p=0.017). Major bleeding was also less common (nine of 5210 vs 21 of 5188; 0.43, "
        "0.20-0.93; p=0.03). Heart failure admissions did not differ (130 of 5210 vs 127 of 5188; 1.02, "
        "0.80-1.30). The effect on myocardial infarction was similar across ages. Among women, "
        "admissions for angina were fewer (18 of 2400 vs 35 of 2390; 0.51, 0.29-0.90)."
    )
    assert read(text) == [
        ("RR", 0.62, 0.42, 0.92),
        ("RR", 0.43, 0.2, 0.93),
        ("RR", 1.02, 0.8, 1.3),
        ("RR", 0.51, 0.29, 0.9),
    ]
    # "There were N events in A and M in B (V, L to H)": counted events compared
    text = (
        "There were 88 and 97 events in the two groups (hazard ratio 0.91, 95% CI 0.68 to 1.22). "
        "Benefit was not seen in smokers. "
        "There were 31 amputations in the active group and 45 in the placebo group (0.69, 0.44 to 1.08)."
    )
    assert read(text)[-1] == ("HR", 0.69, 0.44, 1.08)
    # a bare bracket of a value and its interval in the sentence after a ratio's list
    text = (
        "Compared with placebo the drug lowered the odds of falls (0.71, 95% CI 0.58 to 0.86). "
        "The reduction was larger in trials longer than a year (0.55, 0.37 to 0.81, P = 0.003)."
    )
    assert read(text) == [("OR", 0.71, 0.58, 0.86), ("OR", 0.55, 0.37, 0.81)]
    # counts compared but no ratio named before: nothing to carry
    assert read("Falls were fewer (12 of 200 vs 25 of 198; 0.48, 0.25-0.92).") == []
    # a group's mean with its interval after counts is no ratio
    text = (
        "Readmission was less likely (odds ratio 0.70, 95% CI 0.52 to 0.95). "
        "Stays were shorter (mean 5.2 days, 4.1 to 6.3)."
    )
    assert read(text) == [("OR", 0.7, 0.52, 0.95)]


def test_facts_63_values_before_the_next_measure_named_are_the_first_ones() -> None:
    text = (
        "The adjusted rate ratio of infection in weeks 0 to 2 was 12.4 (95% CI 6.1 to 25.2) and in "
        "weeks 3 to 12 was 2.10 (1.05 to 4.20); the corresponding absolute risk differences were 8.3 "
        "(95% CI 4.0 to 15.9) and 0.40 (0.02 to 1.30) per 1000 infants."
    )
    assert [(e.measure, e.value) for e in extract_effects_from_text(text)] == [
        ("IRR", 12.4),
        ("IRR", 2.1),
        ("RD", 8.3),
        ("RD", 0.4),
    ]


def test_facts_64_a_second_value_closing_the_measures_bracket() -> None:
    def read(text: str) -> list[tuple[str, float]]:
        return [(e.measure, e.value) for e in extract_effects_from_text(text)]

    text = "Patients weighed cure (odds ratio [OR] = 4.2 and 3.8) and incontinence (OR = 0.3 and 0.4)."
    assert read(text) == [("OR", 4.2), ("OR", 3.8), ("OR", 0.3), ("OR", 0.4)]
    # not a value after its p-value, nor outside the bracket
    assert read("Uptake was higher (adjusted odds ratio = 1.54, P < 0.001) and 2 sites closed.") == [
        ("OR", 1.54)
    ]
    assert read("The OR was 2.5 and 30 patients died.") == [("OR", 2.5)]
