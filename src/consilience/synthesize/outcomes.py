"""Which outcome an extracted estimate or a question is about, and which way an estimate points.

Papers report several estimates (overall survival, progression, quality of life, subgroups) and
sometimes give the comparison the other way round ("no surgery vs surgery"). Pooling must only
combine like with like, oriented as intervention vs comparator, so every estimate is read in its
sentence: the endpoint named nearest before the number, the comparison it states, and whether the
sentence is about a subgroup.

>>> outcome_key("5-year overall survival")
'overall survival'
>>> outcome_key("time to locoregional progression")
'locoregional control'
>>> comparison_reversed("the hazard ratio for no surgery vs surgery was 0.69")
True
>>> comparison_reversed("surgery versus no surgery")
False
"""

from __future__ import annotations

import re

from consilience.analyze.sentences import sentence_at
from consilience.analyze.stance_words import CONDITION_HEADS, CONTROL_ARM, OUTCOME_QUALIFIERS, specific_words
from consilience.model import Effect, Paper

__all__ = [
    "OUTCOMES",
    "SUBGROUP",
    "comparison_reversed",
    "effect_context",
    "effect_outcome",
    "is_subgroup",
    "outcome_key",
]

#: Canonical outcomes, most specific first: the first pattern that matches names the outcome.
OUTCOMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "progression-free survival",
            r"progression[- ]free|\bPFS\b|event[- ]free|\bEFS\b|time to progression",
        ),
        (
            "locoregional control",
            r"loco-?regional (?:control|progression|recurrence|relapse|failure|disease|progression-free|relapse-free|"
            r"recurrence-free|events?)|local(?:ly)? (?:progression|recurrence|relapse|control|failure)|\bLRPFS\b|"
            r"\bLRC\b|\bLRR\b",
        ),
        ("distant progression", r"distant (?:progression|metasta|relapse|recurrence)|\bDPFS\b|\bDMFS\b"),
        ("disease-free survival", r"disease[- ]free|recurrence[- ]free|\bDFS\b|\bRFS\b"),
        ("quality of life", r"quality of life|\bQoL\b|\bHRQoL\b|well-being"),
        (
            "adverse events",
            r"adverse events?|complications?|toxicit|side effects?|morbidity|harm(?:s|ful)?\b|safety",
        ),
        (
            "cause-specific death",
            r"\b(?<!all-)(?:non-\w+|cardiovascular|cardiac|cancer|breast cancer|disease|cause)[- ](?:specific )?"
            r"(?:death|mortality)\b",
        ),
        (
            "overall survival",
            r"overall survival|\bOS\b|death|mortality|died|dying|survival|deaths|all-cause",
        ),
        ("response", r"response rate|\bresponse\b|remission"),
        ("recurrence", r"recurrence|relapse"),
        ("incidence", r"incidence|\brisk of\b|occurrence"),
    )
)

SUBGROUP = re.compile(
    r"\bsubgroups?\b|\bsubset\b|\bstratified\b|\bamong (?:those|patients|women|men|participants) (?:with|aged|younger|older|who)\b|"
    r"\bin (?:those|patients|women|men|participants) (?:with|aged|younger|older|who)\b|\binteraction\b|"
    r"\b(?:younger|older) than\b|\baged? (?:<|>|≤|≥|under|over)|\bpremenopausal\b|\bpostmenopausal\b|"
    r"\bbone[- ]only\b|\bsolitary\b|\boligometasta|receptor[- ](?:positive|negative)|\btriple[- ]negative\b|"
    r"\bHER2[- ](?:positive|negative)\b|"
    # a window of follow-up, not the whole of it: "before than after year 10", "during years 5-9"
    r"\b(?:before|after|beyond|until)(?: than after)? year \d+\b|\bduring years? \d|"
    r"\bin (?:the )?(?:later|earlier|subsequent) years\b",
    re.IGNORECASE,
)
_VS = re.compile(
    r"([A-Za-z][\w+/ -]{0,40}?)\s+(?:vs\.?|versus|compared (?:with|to)|relative to|over)\s+([A-Za-z][\w+/ -]{0,40})",
    re.IGNORECASE,
)


def mentions_outcome(sentence: str, outcome: str, intervention: str = "") -> bool:
    """Whether a sentence speaks of an outcome (by its canonical pattern, else by its own words).

    >>> mentions_outcome("It did not prolong overall survival.", "locoregional control")
    False
    >>> mentions_outcome("Local recurrence was halved.", "locoregional control")
    True
    >>> mentions_outcome("It lowered the risk of breast cancer.", "risk of fractures")
    False
    >>> mentions_outcome("Local recurrence was halved.", "overall survival")
    False
    >>> mentions_outcome("Age at orchiopexy affected testicular atrophy.", "survival of the testis")
    True
    >>> mentions_outcome("It improved postoperative pain.", "postoperative delirium")
    False
    >>> mentions_outcome("It eased neck pain.", "low back pain"), mentions_outcome("It eased pain.", "postoperative pain")
    (False, True)
    """
    key = outcome_key(outcome)
    patterns = dict(OUTCOMES)
    if key == "incidence" and _content(outcome) - _MEASURE_WORDS:
        # "risk of fractures": a sentence about the risk of something else does not count
        return _shares_a_word(_content(outcome) - _MEASURE_WORDS, sentence)
    if key in patterns:
        if patterns[key].search(sentence):
            return True
        # "survival of the testis", "response to thrombolysis": the words beyond the canonical
        # outcome's name say what it is about; "overall survival" has none, so PFS is no match.
        extra = _content(patterns[key].sub(" ", outcome)) - _content(intervention)
        return bool(extra) and _shares_a_word(extra, sentence)
    words = _content(outcome) - _content(intervention)
    # "postoperative delirium" is spoken of by a sentence on delirium, not one on postoperative pain
    specific = specific_words(words, OUTCOME_QUALIFIERS)
    last = re.findall(r"[a-z][a-z0-9-]+", outcome.lower())[-1:]
    if last and last[0] in CONDITION_HEADS:  # a condition's head ("lung cancer"), not "pain hypersensitivity"
        specific = specific_words(specific, CONDITION_HEADS)
    return not words or _shares_a_word(specific, sentence)


def outcome_key(text: str) -> str:
    """The canonical outcome a phrase names, or the phrase itself (lower-cased) when none matches."""
    for name, pattern in OUTCOMES:
        if pattern.search(text):
            return name
    return " ".join(text.lower().split())


def effect_context(paper: Paper, effect: Effect) -> tuple[str, int]:
    """The sentence an estimate sits in, and the estimate's offset in that sentence."""
    span = effect.span
    if span is None:
        return "", 0
    text = paper.title if span.section == -1 else paper.sections[span.section].text
    start, end = sentence_at(text, span.start)
    # The estimate's sentence may end before the CI closes; take the span's end too.
    end = max(end, span.end)
    return text[start:end], span.start - start


_GENERIC = frozenset(
    {
        "events",
        "event",
        "risk",
        "rate",
        "rates",
        "outcome",
        "outcomes",
        "effect",
        "effects",
        "the",
        "and",
        "of",
        "in",
    }
)


_MEASURE_WORDS = frozenset({"incidence", "occurrence", "odds", "likelihood", "development", "onset"})


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9-]+", text.lower()) if w not in _GENERIC and len(w) > 2}


def _shares_a_word(words: set[str], sentence: str) -> bool:
    """Whether the sentence holds one of ``words`` in some form of it (see :func:`_same_word`)."""
    found = _content(sentence)
    return any(_same_word(word, other) for word in words for other in found)


def _same_word(a: str, b: str) -> bool:
    """Two forms of one word: "cell" / "cells", "testis" / "testicular", "psychomotor" / "motor";
    not a compound that begins with it ("cognitive" / "cognitive-behavioral").

    >>> _same_word("testis", "testicular"), _same_word("cognitive", "cognitive-behavioral")
    (True, False)
    """
    if a == b:
        return True
    if "-" in a or "-" in b:
        return False
    short, long_ = sorted((a, b), key=len)
    stem = short[:-1] if short.endswith(("s", "e", "y")) else short
    if len(stem) >= 4 and long_.startswith(stem) and len(long_) - len(stem) <= 5:
        return True
    return len(short) >= 5 and long_.endswith(short)


def effect_outcome(paper: Paper, effect: Effect, asked: str = "") -> str:
    """The canonical outcome of an estimate: the one named nearest before it in its sentence.

    Falls back to the extractor's own outcome words, then to any outcome later in the sentence,
    and finally to the paper's title (a one-outcome trial often names it only there).
    """
    if effect.outcome:
        key = outcome_key(effect.outcome)
        if key in dict(OUTCOMES):
            return key
    sentence, offset = effect_context(paper, effect)
    # The estimate's span may open with its list's measure ("RRs were as follows: pulmonary
    # embolus 1·87"): the item is read up to the first figure.
    lead = re.match(r"\D*", sentence[offset:])
    item = _list_item(sentence[: offset + (lead.end() if lead else 0)])
    if item is not None and _content(item) - _LIST_WORDS:
        # An item of a list of estimates ("RRs were as follows: pulmonary embolus 1·87 (…), stroke
        # 1·06 (…)") is named by its own words: the list's preamble ("rates of hospitalisation or
        # death") is not its outcome, and a name we do not know stays unknown.
        for name, pattern in OUTCOMES:
            if pattern.search(item):
                return name
        return "unspecified"
    # The clause nearest before the number names its outcome; within a clause the most
    # specific outcome wins ("locoregional relapse-free survival" is not overall survival).
    asked_key = outcome_key(asked) if asked else ""
    asked_words = _content(asked) if asked and asked_key not in dict(OUTCOMES) else set()
    for clause in reversed(re.split(r"[;:]", sentence[:offset])):
        # An outcome we have no canonical name for ("cardiovascular events") is recognised by
        # its own words.
        if asked_words and len(asked_words & _content(clause)) * 2 >= len(asked_words):
            return asked_key
        for name, pattern in OUTCOMES:
            if pattern.search(clause):
                return name
    after = sentence[offset:]
    for name, pattern in OUTCOMES:
        if pattern.search(after):
            return name
    for name, pattern in OUTCOMES:
        if pattern.search(paper.title):
            return name
    return "unspecified"


#: Where an item of a list of estimates starts: after a colon that ends a preamble ("RRs were as
#: follows:", "hazard ratios were:"), or after the previous item's closing bracket.
_LIST_START = re.compile(
    r"(?:\bas follows|\b(?:were|are)|\b(?:HR|OR|RR|IRR)s|ratios)\s*:\s+|(?<=[)\]]),\s+(?:and\s+)?",
    re.IGNORECASE,
)
#: Words in a list item that name no outcome (the measure, the arm).
_LIST_WORDS = frozenset(
    {"hr", "rr", "irr", "ratio", "hazard", "odds", "relative", "respectively", "for", "with"}
)


def _list_item(before: str) -> str | None:
    """The words of a list item before its estimate, when the estimate is an item of a list.

    >>> _list_item("RRs were as follows: pulmonary embolus ")
    'pulmonary embolus '
    >>> _list_item("RRs were as follows: pulmonary embolus 1·87 (1·13–3·07), stroke ")
    'stroke '
    >>> _list_item("Overall survival was longer (HR ") is None
    True
    """
    starts = list(_LIST_START.finditer(before))
    if not starts:
        return None
    item = before[starts[-1].end() :]
    # an item is a short name, not a clause ("…), and overall survival was longer with surgery (HR")
    return item if len(item.split()) <= 5 and "(" not in item else None


def is_subgroup(paper: Paper, effect: Effect) -> bool:
    """True when the estimate's sentence is about a subgroup rather than everyone randomized."""
    sentence, offset = effect_context(paper, effect)
    return bool(SUBGROUP.search(sentence[: offset + 1])) or bool(SUBGROUP.search(effect.comparison))


def comparison_reversed(text: str) -> bool:
    """True when a stated comparison puts the control arm first ('no surgery vs surgery')."""
    for m in _VS.finditer(text):
        first, second = m.group(1), m.group(2)
        first_control = bool(CONTROL_ARM.search(first))
        second_control = bool(CONTROL_ARM.search(second))
        if first_control and not second_control:
            return True
        if second_control and not first_control:
            return False
    return False
