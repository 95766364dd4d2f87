"""Property tests: every supported effect format round-trips; arbitrary text never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.analyze import analyze_paper
from consilience.analyze.effects import extract_effects_from_text
from consilience.analyze.numbers import normalize, parse_interval, parse_p_value
from consilience.analyze.sentences import split_sentences
from consilience.model import Paper, Section

MINUS = ["-", "−"]
DASH = ["-", "–", "—", " to ", " – "]

NAMES = {
    "HR": ["HR", "hazard ratio", "aHR", "adjusted hazard ratio"],
    "OR": ["OR", "odds ratio", "aOR"],
    "RR": ["RR", "relative risk", "risk ratio"],
    "IRR": ["IRR", "incidence rate ratio"],
    "MD": ["MD", "mean difference"],
    "SMD": ["SMD", "standardized mean difference"],
    "RD": ["RD", "risk difference"],
}


def fmt(x: float, places: int, minus: str) -> str:
    text = f"{abs(x):.{places}f}"
    return (minus + text) if x < 0 else text


@st.composite
def estimates(draw: st.DrawFn) -> tuple[str, float, float, float, int, float, str]:
    measure = draw(st.sampled_from(sorted(NAMES)))
    places = draw(st.integers(1, 3))
    ratio = measure in {"HR", "OR", "RR", "IRR"}
    scale = 10**places
    if ratio:
        low = draw(st.integers(1, 30 * scale))
        value = draw(st.integers(low, low + 20 * scale))
        high = draw(st.integers(value, value + 20 * scale))
    else:
        low = draw(st.integers(-40 * scale, 20 * scale))
        value = draw(st.integers(low, low + 20 * scale))
        high = draw(st.integers(value, value + 20 * scale))
    level = draw(st.sampled_from([90, 95, 99]))
    name = draw(st.sampled_from(NAMES[measure]))
    return measure, value / scale, low / scale, high / scale, places, level, name


TEMPLATES = [
    "{name} {v}, {level}% CI {lo}{dash}{hi}",
    "({name} [{abbr}], {v}; {level}% confidence interval [CI], {lo} to {hi}; P={p})",
    "{name}={v} ({level}% CI {lo}{dash}{hi})",
    "{name} {v} [{level}% CI {lo}, {hi}]",
    "{name}, {v}; {level}% CI, {lo} to {hi}",
    "{name} {v} ({level}% CI: {lo}, {hi}), P < {p}",
    "The {name} was {v} ({level}% CI, {lo} to {hi}; p = {p}).",
]


@settings(max_examples=300, deadline=None)
@given(estimates(), st.sampled_from(TEMPLATES), st.sampled_from(MINUS), st.sampled_from(DASH))
def test_every_format_round_trips(
    est: tuple[str, float, float, float, int, float, str], template: str, minus: str, dash: str
) -> None:
    measure, value, low, high, places, level, name = est
    if dash.strip() in {"-", "–", "—"} and low < 0 <= high and dash == "-" and minus == "-":
        dash = " to "  # "-0.5--0.2" style is ambiguous by design; writers use "to" there
    p = 0.01
    text = template.format(
        name=name,
        abbr=measure,
        v=fmt(value, places, minus),
        lo=fmt(low, places, minus),
        hi=fmt(high, places, minus),
        level=level,
        dash=dash,
        p=p,
    )
    effects = extract_effects_from_text(text)
    assert len(effects) == 1, text
    e = effects[0]
    assert e.measure == measure, text
    assert (e.value, e.ci_low, e.ci_high) == (value, low, high), text
    assert e.ci_level == level, text
    if "{p}" in template:
        assert e.p_value == p, text


@given(
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
    st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
)
def test_intervals_round_trip(low: float, width: float) -> None:
    high = round(low + width, 3)
    for sep in (" to ", "–"):
        written = f"{low:.3f}{sep}{high:.3f}".replace("-", "−")
        assert parse_interval(written) == (low, high)


@given(
    st.sampled_from(["P", "p", "P value", "p-value"]),
    st.sampled_from(["=", "<", "<=", "≤"]),
    st.sampled_from(["0.05", ".001", "0.2", "1.2e-5"]),
)
def test_p_values_round_trip(prefix: str, op: str, number: str) -> None:
    parsed = parse_p_value(f"{prefix} {op} {number}")
    assert parsed is not None
    assert parsed[1] == float(number if not number.startswith(".") else "0" + number)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert len(normalize(text)) == len(text)
    extract_effects_from_text(text)
    parse_p_value(text)
    parse_interval(text)
    for start, end in split_sentences(text):
        assert 0 <= start < end <= len(text)
    analyze_paper(Paper(id="x:1", title=text[:50], sections=[Section(text=text)]))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "HR",
                "OR 1.",
                "(95% CI",
                "0.5",
                "-",
                "–",
                "to",
                "P<",
                ".001",
                " ",
                ";",
                ",",
                ")",
                "[",
                "aged 18-65",
                "n = 12",
                "1,234",
                "%",
                "vs",
                "mean difference",
            ]
        ),
        max_size=40,
    )
)
def test_effect_like_noise_never_raises(parts: list[str]) -> None:
    text = "".join(parts)
    for effect in extract_effects_from_text(text):
        assert effect.span is not None and text[effect.span.start : effect.span.end] == effect.span.text
        if effect.ci_low is not None and effect.ci_high is not None:
            assert effect.ci_low <= effect.ci_high


@settings(max_examples=200, deadline=None)
@given(st.integers(-500, 500), st.integers(0, 500), st.sampled_from([" to ", "-", "–", ", "]))
def test_percent_intervals_round_trip(low: int, width: int, sep: str) -> None:
    lo, hi = low / 10, (low + width) / 10
    if sep == "-" and lo < 0:
        return  # "-5.0%--2.0%" is ambiguous by design; writers use "to" there
    assert parse_interval(f"{lo}%{sep}{hi}%") == (lo, hi)


@given(st.integers(1, 300))
def test_flattened_powers_of_ten_are_p_values(exponent: int) -> None:
    assert parse_p_value(f"P = 10−{exponent}") == ("=", 10.0**-exponent)
    assert parse_p_value(f"p < 10-{exponent}") == ("<", 10.0**-exponent)
