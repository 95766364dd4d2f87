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
