"""Plain words for explainers: outcomes, certainty levels, harms, counts and definitions.

Pure tables and string helpers used by :mod:`consilience.write.explainer`; none of them
states a finding, and a number they produce ('29' from a ratio of 0.71) is exact arithmetic
that the explainer declares as computed.

>>> outcome_words("overall survival").event
'dying'
>>> percent_change(0.71), percent_change(1.15), percent_change(0.7529)
('29', '15', '25')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from consilience.analyze.stance import outcome_polarity
from consilience.text import count_words, less_of
from consilience.write.glossary import GlossaryEntry, load_glossary
from consilience.write.plain import plain_words

__all__ = [
    "BENEFIT_OUTCOMES",
    "CERTAINTY_WORDS",
    "HARM_WORDS",
    "OUTCOMES",
    "RATIO_NAMES",
    "OutcomeWords",
    "a_or_an",
    "capital",
    "count_words",
    "definition_sentence",
    "join_words",
    "lower_first",
    "outcome_words",
    "outermost",
    "percent_change",
    "picture",
    "plain_phrase",
    "short_name",
    "terms_with_surface",
]


@dataclass(frozen=True)
class OutcomeWords:
    """How plain text names an outcome.

    ``about``: what was measured ('how long people lived'); ``event``: the bad event a ratio
    counts ('dying'; '' when a ratio has no plain reading); ``base`` and ``past``: the better
    result as a verb phrase ('live longer', 'lived longer'); ``noun``: the better result as a
    noun ('longer life').
    """

    about: str
    event: str
    base: str
    past: str
    noun: str


OUTCOMES: dict[str, OutcomeWords] = {
    "overall survival": OutcomeWords(
        "how long people lived", "dying", "live longer", "lived longer", "longer life"
    ),
    "progression-free survival": OutcomeWords(
        "how long people lived without the cancer growing",
        "the cancer growing or death",
        "live longer without the cancer growing",
        "lived longer without the cancer growing",
        "a longer time without the cancer growing",
    ),
    "disease-free survival": OutcomeWords(
        "how long people stayed free of the disease",
        "the disease coming back or death",
        "stay free of the disease for longer",
        "stayed free of the disease for longer",
        "a longer time free of the disease",
    ),
    "locoregional control": OutcomeWords(
        "whether the cancer grew back near where it started",
        "the cancer growing back near where it started",
        "keep the cancer from growing back near where it started",
        "were less likely to have the cancer grow back near where it started",
        "less regrowth of the cancer near where it started",
    ),
    "distant progression": OutcomeWords(
        "whether the cancer spread further",
        "the cancer spreading further",
        "keep the cancer from spreading further",
        "were less likely to have the cancer spread further",
        "less spread of the cancer",
    ),
    "cause-specific death": OutcomeWords(
        "deaths from the disease",
        "dying of the disease",
        "lower the chance of dying of the disease",
        "were less likely to die of the disease",
        "fewer deaths from the disease",
    ),
    "recurrence": OutcomeWords(
        "whether the disease came back",
        "the disease coming back",
        "keep the disease from coming back",
        "were less likely to have the disease come back",
        "less return of the disease",
    ),
    "quality of life": OutcomeWords(
        "quality of life",
        "",
        "have a better quality of life",
        "had a better quality of life",
        "a better quality of life",
    ),
    "adverse events": OutcomeWords(
        "side effects and other harms", "", "have fewer harms", "had fewer harms", "fewer harms"
    ),
    "response": OutcomeWords(
        "whether the cancer shrank",
        "",
        "help the cancer shrink",
        "were more likely to have the cancer shrink",
        "more shrinking of the cancer",
    ),
}

#: Outcomes for which "helps people ..." reads the right way round.
BENEFIT_OUTCOMES = frozenset(OUTCOMES) - {"adverse events"}

RATIO_NAMES = {"HR": "hazard ratio", "RR": "risk ratio", "IRR": "rate ratio"}


CERTAINTY_WORDS = {
    "high": (
        "strong",
        "We can be quite sure of this answer. New research is unlikely to change it.",
    ),
    "moderate": (
        "fairly strong",
        "We can be fairly sure of this answer. New research might change it, but probably not by much.",
    ),
    "low": (
        "weak",
        "We cannot be very sure of this answer. New research could well change it.",
    ),
    "very low": (
        "very weak",
        "We are very unsure about this answer. It is little more than a best guess.",
    ),
}

HARM_WORDS = {
    "morbidity": "health problems after treatment",
    "complications": "problems after treatment",
    "complication": "problems after treatment",
    "complication rates": "rates of problems after treatment",
    "complication rate": "rates of problems after treatment",
    "wound complications": "wound problems",
    "treatment-related deaths": "deaths caused by treatment",
    "treatment-related death": "deaths caused by treatment",
    "toxicity": "side effects",
    "toxicities": "side effects",
    "adverse events": "side effects",
    "adverse event": "side effects",
    "adverse effects": "side effects",
    "adverse effect": "side effects",
    "adverse reactions": "side effects",
    "adverse reaction": "side effects",
    "adverse drug reactions": "side effects",
    "adverse event rates": "rates of side effects",
    "adverse event rate": "rates of side effects",
    "adverse events rates": "rates of side effects",
    "qol": "quality of life",
    "lymphedema": "arm swelling (lymphoedema)",
    "lymphoedema": "arm swelling (lymphoedema)",
    "wound": "wound problems",
}


def outcome_words(outcome: str, direction: str = "") -> OutcomeWords:
    """Plain words for a canonical outcome ('overall survival'); generic ones for others, which
    say "fewer", "less" or "a lower" when the question asks for less of the outcome
    (``direction`` "decrease").

    >>> outcome_words("cardiovascular events", "decrease").past
    'had fewer cardiovascular events'
    >>> outcome_words("risk of fractures", "decrease").noun, outcome_words("pain", "decrease").noun
    ('a lower risk of fractures', 'less pain')
    >>> outcome_words("depression", "improve").past, outcome_words("sleep quality", "improve").past
    ('had less depression', 'had better sleep quality')
    """
    known = OUTCOMES.get(outcome.lower())
    if known is not None:
        return known
    # "Does exercise improve depression?": improving a bad thing is having less of it
    bad = direction == "improve" and outcome_polarity(outcome) == -1
    amount = less_of(outcome) if direction == "decrease" or bad else f"better {outcome}"
    return OutcomeWords(outcome, "", f"have {amount}", f"had {amount}", amount)


def percent_change(ratio: float) -> str:
    """How far a ratio is from 1, as a whole percentage ('29' for 0.71), rounded half up."""
    change = abs(Decimal(1) - Decimal(str(ratio))) * 100
    return str(change.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def a_or_an(number: str) -> str:
    """The article a whole number takes when read aloud.

    >>> a_or_an("11"), a_or_an("7"), a_or_an("80"), a_or_an("18")
    ('an', 'a', 'an', 'an')
    """
    digits = number.replace(",", "")
    eleven = len(digits) % 3 == 2 and digits[:2] in ("11", "18")  # 'eleven', 'eighteen (thousand)'
    return "an" if digits.startswith("8") or eleven else "a"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if len(first) > 1 and first.isupper():  # an acronym ('HER2-positive')
        return text
    return text[:1].lower() + text[1:]


def short_name(intervention: str) -> str:
    """A short name for later mentions: 'surgery of the primary tumour' -> 'surgery'."""
    head = re.split(r"\s+(?:of|for|to|with|in|on|at|after|before|plus|and|versus|vs\.?)\s+", intervention)[0]
    return head if head and len(head.split()) <= 3 else intervention


def plain_phrase(text: str) -> str:
    """A phrase with plain wording (no capital, no full stop added)."""
    return lower_first(plain_words(text).rstrip("."))


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def terms_with_surface(text: str, categories: set[str] | None) -> list[tuple[int, str, GlossaryEntry]]:
    """Glossary entries found in ``text``, with where and how each appears there, in order.

    A term inside a longer one ('stage IV' in 'de novo stage IV') is found too.
    """
    glossary = load_glossary()
    hits: dict[str, tuple[int, str, GlossaryEntry]] = {}
    words = list(re.finditer(r"\S+", text))
    for word in words:  # every suffix, so that nested terms are found
        for entry in glossary.find_terms(text[word.start() :]):
            if entry.term in hits or (categories is not None and entry.category not in categories):
                continue
            for name in sorted((entry.term, *entry.aliases), key=len, reverse=True):
                m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I)
                if m is not None:
                    hits[entry.term] = (m.start(), m.group(0), entry)
                    break
    return sorted(hits.values(), key=lambda h: h[0])


def outermost(hits: list[tuple[int, str, GlossaryEntry]]) -> list[tuple[int, str, GlossaryEntry]]:
    """Hits not inside a longer hit ('primary tumour', not also 'tumour')."""
    spans = [(start, start + len(surface)) for start, surface, _ in hits]
    return [
        (start, surface, entry)
        for start, surface, entry in hits
        if not any(a <= start and start + len(surface) <= b and b - a > len(surface) for a, b in spans)
    ]


_VERB_START = re.compile(r"^(?:Describes|Compares|Measures|Shows|Means|Counts|Uses|Tests|Looks)\b")


def definition_sentence(surface: str, entry: GlossaryEntry) -> str:
    """'Stage IV means the most advanced stage, ...' from a glossary entry."""
    name = surface if surface[:2].isupper() else capital(surface)
    definition = entry.definition
    if _VERB_START.match(definition):
        return f"{name} {lower_first(definition)}"
    return f"{name} means {lower_first(definition)}"


def picture(label: str) -> str:
    return {
        "yes": "A patient and a doctor looking at a chart where one treatment path rises above the other",
        "no": "A patient and a doctor looking at a chart where two treatment paths run close together",
    }.get(label, "A patient and a doctor looking together at a chart of research results")
