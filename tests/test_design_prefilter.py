"""The design classifier's fast paths never change what it finds (issue #4).

Cue patterns run only on sentences that hold one of their trigger literals, and IGNORECASE
patterns run as lower-cased, case-sensitive twins on folded text. Both must be exact: a trigger
missing from a sentence the cue matches, or a twin that matches elsewhere, would change calls.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consilience.analyze import design, design_context, design_cues
from consilience.analyze.design import TriggerIndex
from consilience.analyze.fast_patterns import fold_case, folded_twin, trigger_literals

PATTERNS: dict[str, re.Pattern[str]] = {
    **{f"cue{i}": cue.pattern for i, cue in enumerate(design_cues.CUES)},
    **{f"unless{i}": cue.unless for i, cue in enumerate(design_cues.CUES) if cue.unless is not None},
    **{
        name: getattr(design_context, name)
        for name in (
            "DISCOUNT_SENTENCE",
            "HUMAN_CUES",
            "RESEARCH_VOICE",
            "LAB_VOCABULARY",
            "TRIAL_POPULATION",
            "NONRANDOM_QUESTION",
            "ARM_COMPARISON",
        )
    },
}
#: Letters that trip case-insensitive matching: the four non-ASCII ones IGNORECASE equates with
#: ASCII letters, Greek letters with several cases, and plain ones.
TRICKY = "İıſKµμΜσςΣéÉaAkKsSiIeErRtT "


def test_fold_case_covers_every_character_ignorecase_equates_with_an_ascii_letter() -> None:
    everything = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for char in re.findall("[a-z]", everything, re.IGNORECASE):
        folded = fold_case(char)
        assert len(folded) == 1 and folded.isascii(), hex(ord(char))
        assert re.fullmatch(folded, char, re.IGNORECASE)


@given(st.text(alphabet=st.sampled_from(TRICKY + "xyz.-'²0123"), max_size=40))
def test_fold_case_keeps_length(text: str) -> None:
    assert len(fold_case(text)) == len(text)


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_prefilter_and_twin_agree_with_the_pattern(name: str, data: st.DataObject) -> None:
    pattern = PATTERNS[name]
    text = data.draw(st.from_regex(pattern))
    folded = fold_case(text)
    triggers = trigger_literals(pattern)
    if triggers is not None and pattern.search(text):
        assert any(lit in folded for lit in triggers), (triggers, text)
    twin = folded_twin(pattern)
    if twin is not None:
        assert [m.span() for m in twin.finditer(folded)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=10, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(TRICKY + "bcdlmnopquw-'.,;2²"), max_size=30))
def test_twin_agrees_on_arbitrary_text(name: str, text: str) -> None:
    pattern = PATTERNS[name]
    twin = folded_twin(pattern)
    if twin is not None:
        assert [m.span() for m in twin.finditer(fold_case(text))] == [
            m.span() for m in pattern.finditer(text)
        ]


def test_whole_text_patterns_and_most_cues_have_fast_paths() -> None:
    whole_text = (
        "HUMAN_CUES",
        "RESEARCH_VOICE",
        "LAB_VOCABULARY",
        "TRIAL_POPULATION",
        "NONRANDOM_QUESTION",
        "ARM_COMPARISON",
    )
    for name in whole_text:
        assert folded_twin(PATTERNS[name]) is not None, name
    with_triggers = sum(trigger_literals(cue.pattern) is not None for cue in design_cues.CUES)
    assert with_triggers >= len(design_cues.CUES) - 2


def test_twin_refuses_what_lower_casing_would_change() -> None:
    assert folded_twin(re.compile(r"PRISMA")) is None  # case-sensitive already
    assert folded_twin(re.compile(r"(?-i:HR) ratio", re.I)) is None
    assert folded_twin(re.compile(r"[A-z]", re.I)) is None
    assert folded_twin(re.compile(r"\x41", re.I)) is None


SENTENCES = [
    "Patients were randomly assigned to aspirin or placebo in this double-blind trial.",
    "We searched MEDLINE and Embase; heterogeneity was assessed with I2 = 40%.",
    "Non-randomized, single-arm phase II study of drug X in 40 patients.",
    "Mice were injected with the vector; HeLa cells were transfected in vitro.",
    "A retrospective cohort study of SEER registry data between 2004 and 2015.",
    "Further randomised trials are needed. A 45-year-old man presented with pain.",
    "A cross-sectional survey of 1,200 respondents; cost-effectiveness was modelled.",
    "KİT ſurvey of İnpatients: meta-analyſis of ClinicalTrials.gov records.",
    "Sixty extracted third molars were randomly divided; goats were randomly assigned to two diets.",
    "Pooled data from three randomized trials; six case-control data sets were combined.",
    "We randomised 90 patients; volunteers randomly underwent two sessions (cost-effectiveness, Markov).",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_trigger_index_offers_every_cue_that_matches(sentence: str) -> None:
    text = f"{sentence} {sentence.upper()} {sentence.lower()}"
    bounds = [
        (0, len(sentence)),
        (len(sentence) + 1, 2 * len(sentence) + 1),
        (2 * len(sentence) + 2, len(text)),
    ]
    offered = design._CUE_INDEX.candidates(fold_case(text), bounds)
    for (start, end), indices in zip(bounds, offered, strict=True):
        for i, cue in enumerate(design_cues.CUES):
            if cue.pattern.search(text[start:end]):
                assert i in indices, cue.pattern.pattern


def test_trigger_index_on_an_empty_pattern_list() -> None:
    assert TriggerIndex([]).candidates("any text", [(0, 8)]) == [[]]


def test_twin_refuses_ascii_mode() -> None:
    assert folded_twin(re.compile(r"kg", re.I | re.ASCII)) is None
