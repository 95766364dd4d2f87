"""The extractors' fast paths find exactly what the plain patterns find (issue #4).

Each fast path is checked against the slow form it replaced, on text generated to match the
pattern and on arbitrary text made of the characters that trip such rewrites.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consilience.analyze import bias, effect_names, effects, numbers, pico, sample_size
from consilience.analyze.fast_patterns import FastPattern, fold_case, trie_regex, trigger_literals

#: Letters IGNORECASE treats specially, brackets, stops and abbreviations the rewrites look at.
ALPHABET = "aAbBeEiIlLnNoOpPrRsStTvVxXyYzZ İıſKµ-'.,;:()[]2²5 \n"
TEXT = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
WORDY = st.lists(
    st.sampled_from(
        ["vs", "et al", "e.g", "i.e", "approx", "HR", "OR", "hazard ratio", "(HR)", "mean", "n", "."]
    ),
    max_size=12,
).map(" ".join)

FAST = {
    f"{module.__name__.rsplit('.', 1)[1]}.{name}": value
    for module in (pico, sample_size, effects, effect_names, bias)
    for name, value in vars(module).items()
    if isinstance(value, FastPattern)
} | {f"sample_size.{p.pattern[:30]}": fast for p, fast in sample_size._FAST.items()}


def _reference(fast: FastPattern, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in fast.pattern.finditer(text)]


def _fast(fast: FastPattern, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in fast.finditer(text, fold_case(text))]


#: Sentences of the kinds these patterns look for (generating matches of the sample-size
#: patterns, with their look-arounds and number words, takes hypothesis too long).
SENTENCES = [
    "A total of 1,204 patients were randomly assigned to drug (n = 602) or placebo (n = 602).",
    "Twenty-three adults with asthma were enrolled; 21 were analysed.",
    "We randomized 60 women and 40 men to budesonide or placebo.",
    "Of 278 (59.4%) of the original 468 patients, 120 were included in the final analysis.",
    "Twelve trials with 15,148 participants were included in this meta-analysis of 36 prospective studies.",
    "In all, 96 children aged 5-12 years participated. The primary outcome was the exacerbation rate.",
    "The effect of aspirin on mortality was assessed in 300 Patients in the treatment group.",
    "Patients treated with metformin 500 mg were compared with the placebo group.",
    "Funded by Pfizer Inc. A double-blind, placebo-controlled, multicentre trial (ITT analysis).",
    "Hazard ratio (HR) 0.66; rate ratio [RR] 1.2; mean diffusivity (MD) rose.",
]


@pytest.mark.parametrize("name", sorted(FAST))
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fast_pattern_finds_what_the_pattern_finds(name: str, data: st.DataObject) -> None:
    fast = FAST[name]
    examples = st.tuples(st.sampled_from(SENTENCES), st.booleans()).map(
        lambda t: t[0].upper() if t[1] else t[0]
    )
    generated = [] if name.startswith("sample_size") else [st.from_regex(fast.pattern)]
    text = data.draw(st.one_of(*generated, examples, TEXT, WORDY))
    assert _fast(fast, text) == _reference(fast, text)


ORIGINAL_SENT_END = re.compile(r"(?<!\bvs)(?<!\bet al)(?<!\be\.g)(?<!\bi\.e)[.;](?:\s|$)")
ORIGINAL_FULL_STOP = re.compile(r"(?<!\bvs)(?<!\bet al)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)\.(?:\s|$)")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, WORDY), pos=st.integers(0, 60))
def test_sentence_stops_with_the_stop_first_find_the_same_stops(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    for original, rewritten in (
        (ORIGINAL_SENT_END, sample_size._SENT_END),
        (ORIGINAL_FULL_STOP, sample_size._FULL_STOP),
    ):
        a, b = original.search(text, pos), rewritten.search(text, pos)
        assert (a and a.span()) == (b and b.span())


ACRONYM_TEXT = st.lists(
    st.sampled_from(
        [
            "mean",
            "diffusivity",
            "Aortic",
            "root",
            "dimension",
            "(MD)",
            "(ARD)",
            "[HRs]",
            "(a)",
            ",",
            ".",
            "'s",
            "-",
            "x",
        ]
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ACRONYM_TEXT, TEXT))
def test_acronyms_are_found_as_the_pattern_finds_them(text: str) -> None:
    assert [m.span() for m in effect_names._acronyms(text)] == [
        m.span() for m in effect_names._ACRONYM_RE.finditer(text)
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(st.from_regex(effect_names._KEYWORD_RE), TEXT, WORDY))
def test_keyword_prefilter_never_skips_a_sentence_with_a_measure(text: str) -> None:
    # The prefilter works at all: a long name without an ASCII literal would turn it off.
    assert effect_names._LONG_TRIGGERS is not None
    for pattern, _ in effect_names._LONG:
        literals = trigger_literals(re.compile(pattern, re.IGNORECASE))
        assert literals is not None or pattern.startswith(effect_names._NON_ASCII_TRIGGERS), pattern
    if effect_names._KEYWORD_RE.search(text):
        assert effect_names._may_hold_keyword(text)


@given(text=st.text(alphabet=st.sampled_from("a-\u2212\u2013\u00b7\u00a0\u00e9\uff1c 1"), max_size=20))
def test_normalize_maps_exactly_what_translate_maps(text: str) -> None:
    assert numbers.normalize(text) == text.translate(numbers._TRANSLATE)


UNPREFIXED_CUES = re.compile(
    "|".join(f"(?P<{name.replace('-', '_')}>{rx.pattern})" for name, rx in bias._CUES), re.IGNORECASE
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(*(st.from_regex(rx) for _, rx in bias._CUES), TEXT))
def test_bias_cues_behind_one_word_boundary_match_as_before(text: str) -> None:
    before = [(m.span(), m.lastgroup) for m in UNPREFIXED_CUES.finditer(text)]
    assert [(m.span(), m.lastgroup) for m in bias._ALL_CUES.finditer(text)] == before
    assert [(m.span(), m.lastgroup) for m in bias._ALL_CUES_FAST.finditer(text, fold_case(text))] == before


@given(
    words=st.lists(st.text(alphabet="abc.", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text(alphabet="abc. ", max_size=30),
)
def test_trie_regex_matches_exactly_the_words(words: list[str], text: str) -> None:
    regex = re.compile(trie_regex(words))
    for i in range(len(text) + 1):
        m = regex.match(text, i)
        starting = [w for w in words if text.startswith(w, i)]
        assert (m is not None) == bool(starting)
        if m is not None:
            assert m.group() in starting


COUNTS = st.lists(
    st.sampled_from(
        [
            "of",
            "Among",
            "and",
            ",",
            ";",
            ".",
            "\n",
            "12",
            "1,204",
            "twenty-three",
            "One hundred",
            "patients",
            "women",
            "were",
            "randomized",
            "enrolled",
            "analysed",
            "(5.2%)",
            "the",
            "all",
            "in",
            "x12",
        ]
    ),
    max_size=14,
).map(lambda words: " ".join(words).replace(" ,", ",").replace(" ;", ";").replace(" .", "."))


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(COUNTS, st.sampled_from(SENTENCES)))
def test_counts_behind_a_word_boundary_match_as_before(text: str) -> None:
    participle = re.compile(
        sample_size._PARTICIPLE.pattern.removeprefix(r"\b(?:")[:-1], sample_size._PARTICIPLE.flags
    )
    loose = re.compile(sample_size._LOOSE.pattern.removeprefix(r"\b"), sample_size._LOOSE.flags)
    for original, prefixed in ((participle, sample_size._PARTICIPLE), (loose, sample_size._LOOSE)):
        assert [m.span() for m in prefixed.finditer(text)] == [m.span() for m in original.finditer(text)]


def test_every_case_blind_sample_size_pattern_keeps_its_folded_twin() -> None:
    # A construct the twin cannot fold (an inline "(?-i:...)", say) silently sends a pattern back
    # to the slow case-blind scan: facts-54's first "approximately N" cost 12-18% of sample size.
    slow = [
        fast.pattern.pattern[:40]
        for fast in sample_size._FAST.values()
        if fast.pattern.flags & re.IGNORECASE and fast.twin is None
    ]
    assert slow == []
