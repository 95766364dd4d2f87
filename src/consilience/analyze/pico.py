"""Rule-based PICO spans: population, intervention, comparator and outcome.

Cue patterns find where each element is usually stated ("patients with ...", "randomly
assigned to X or Y", "X versus Y", "the effect of X on Y", "the primary outcome was ...",
"X was significantly reduced"), and a phrase is read from the cue to the next clause
boundary. It is a transparent baseline (measured with token F1 on EBM-NLP by ``eval/pico.py``).

>>> spans = extract_pico_from_text("We randomly assigned 60 adults with asthma to budesonide or "
...                                "placebo. The primary outcome was the asthma exacerbation rate.")
>>> {k: [t for t, _, _ in v] for k, v in spans.items()}  # doctest: +NORMALIZE_WHITESPACE
{'population': ['60 adults with asthma'], 'intervention': ['budesonide'], 'comparator': ['placebo'],
 'outcome': ['the asthma exacerbation rate']}
"""

from __future__ import annotations

import re
from collections.abc import Callable

from consilience.analyze.fast_patterns import FastPattern, fold_case
from consilience.model import Paper, Pico, Span

__all__ = ["extract_pico", "extract_pico_from_text"]

_PEOPLE = (
    r"(?:patients|participants|subjects|women|men|adults|children|infants|neonates|newborns|adolescents|"
    r"individuals|persons|people|volunteers|smokers|students|mothers|outpatients|inpatients|residents|"
    r"veterans|survivors|girls|boys|pregnancies|cases|users|workers|athletes|elderly|recipients|"
    r"patient|woman|man|child|infant)"
)
_MODS = (
    r"(?:(?:\d[\d,]*|(?!(?:we|they|assigned|allocated|randomly|randomi[sz]ed|enrolled|included|of|the|in|and|"
    r"to|were|was|with|for|at|on|from|by|all|a|an|who|had|have|than|or|as|these|those|that|among)\b)"
    r"[A-Za-z][\w'-]*)\s+){0,4}"
)
_CLAUSE_END = re.compile(
    r"[.;:()\[\]]|,\s|\s(?:were|was|are|is|had|have|has|received|underwent|randomi[sz]ed|randomly|"
    r"remains?|remained|continues?|requires?|required|should|may|might|can|could|will|would|represents?|"
    r"constitutes?|appears?|seems?|"
    r"enrolled|participated|completed|to\s+receive|to\s+either|and\s+then|then|who\s+were|but)\b"
    r"|\sto\s+(?!\d)"
)
_PEOPLE_KEY = re.compile(
    r"\b" + _PEOPLE + r"\b(?:\s+(?:with|who|aged|undergoing|receiving|suffering|having|diagnosed|at\s+risk|"
    r"admitted|scheduled|requiring|presenting|treated|from|in|on)\b)?",
    re.IGNORECASE,
)
_MODS_BEFORE = re.compile(r"(?<![\w'-])" + _MODS + r"$", re.IGNORECASE)
_ARMS = re.compile(
    r"\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated|divided)|allocated|assigned|divided)\s+"
    r"(?:[\w,-]+\s+){0,10}?(?:to|into|between)\s+(?:receive\s+|either\s+|one\s+of\s+\w+\s+groups?:?\s*|"
    r"(?:two|three|four)\s+groups?:?\s*(?:to\s+receive\s+)?)?(?P<i>[^.;]{2,120}?)\s*"
    r"(?:,\s*|\s)(?:or|versus|vs\.?|and|compared\s+with)\s+(?:to\s+)?(?:receive\s+)?(?P<c>[^.;,()]{2,80})",
    re.IGNORECASE,
)
# The patterns below are anchored on a keyword and read the words before it from a short
# window: a pattern that may start at any word of an abstract is far too slow (see bench/analyze.py).
_VERSUS_KEY = re.compile(r"\s(?:versus|vs\.?|compared\s+(?:with|to)|or)\s+", re.IGNORECASE)
_WORDS_BEFORE = re.compile(r"(?<![\w/+-])(?:[A-Za-z0-9][\w/+-]*\s){0,5}[A-Za-z0-9][\w/+-]*$")
_WORDS_AFTER = re.compile(
    r"[A-Za-z0-9][\w/+-]*(?:\s[\w/+-]+){0,5}?(?=\s+(?:in|for|on|among|as|after|during|to)\b|[.,;:()]|$)",
    re.IGNORECASE,
)
_EFFECT_OF = re.compile(
    r"\b(?:effects?|efficacy|effectiveness|impact|influence|safety|role|benefits?)\s+(?:and\s+\w+\s+)?of\s+"
    r"(?P<i>[^.;]{2,100}?)\s+(?:on|in\s+(?:reducing|improving|preventing))\s+(?P<o>[^.;]{2,100}?)"
    r"(?=\s+(?:in|among|of\s+patients|after|during|for)\b|[.;,()]|$)",
    re.IGNORECASE,
)
_TREATED = re.compile(
    r"\b(?:treated\s+with|received|receiving|administration\s+of|given|supplementation\s+with|"
    r"treatment\s+with|therapy\s+with)\s+(?P<i>[^.;,()]{2,80})",
    re.IGNORECASE,
)
_PRIMARY = re.compile(
    r"\b(?:primary|secondary|main|principal)\s+(?:efficacy\s+)?(?:outcomes?|end\s?-?points?|"
    r"outcome\s+measures?|variables?)\s*(?:measures?\s+)?(?:was|were|included|includes|is|are|:)\s*"
    r"(?P<o>[^.;]{2,160})",
    re.IGNORECASE,
)
_CHANGED_KEY = re.compile(
    r"\s(?:was|were)\s+(?:not\s+)?(?:significantly\s+|statistically\s+significantly\s+|markedly\s+|"
    r"slightly\s+)?(?:reduced|increased|decreased|improved|lower|higher|greater|shorter|longer|similar|better|"
    r"worse|elevated)\b"
)
_SUBJECT_BEFORE = re.compile(r"(?<![\w'-])(?:[A-Za-z][\w'-]*\s){0,4}[A-Za-z][\w'-]*$")
_MEASURED = re.compile(
    r"\b(?:measured|assessed|evaluated|recorded|monitored|determined|compared)\b\s+(?:the\s+|by\s+)?"
    r"(?P<o>[^.;()]{2,100}?)(?=\s+(?:in|at|by|using|with|before|after|during|of\s+patients)\b|[.;,()]|$)",
    re.IGNORECASE,
)
_IN_OUTCOME = re.compile(
    r"\b(?:difference|differences|improvements?|reductions?|increases?|decreases?|changes?|effects?|"
    r"declines?|rise)\s+(?:in|on|of)\s+(?:the\s+)?(?P<o>[^.;()]{2,80}?)(?=\s+(?:was|were|between|among|in|at|"
    r"after|from|with|compared|for|during|when|than|by)\b|[.;,()]|$)",
    re.IGNORECASE,
)
_DOSE_KEY = re.compile(r"\s\(?\d+(?:\.\d+)?\s?(?:mg|g|µg|mcg|ug|ml|mL|IU|units?|mmol|mg/kg|mg/day)\b")
_DRUG_BEFORE = re.compile(
    r"(?<![\w-])[A-Za-z][\w-]{3,}(?:\s(?!(?:of|and|or|with|the|to|in|at|for|a)\b)[A-Za-z][\w-]+){0,2}$"
)
_ARM_GROUP = re.compile(
    r"\b(?:the|a|an)\s+(?P<i>(?!(?:two|three|four|both|each|all|study|control|same|other|treatment|"
    r"intervention|experimental|age|first|second)\b)[A-Za-z][\w-]+(?:\s[A-Za-z][\w-]+){0,2}?)\s+(?:group|arm)s?\b",
    re.IGNORECASE,
)
_DROP_LEAD = re.compile(r"^(?:either|both|the\s+effects?\s+of|to|receive|a|an)\s+", re.IGNORECASE)
_SUBJECT_STOP = re.compile(r"\b(?:and|in|of|the|with|for|at|on|group|groups|that|which|but)$", re.IGNORECASE)


# Each pattern above that runs over whole abstracts: as a FastPattern it skips texts without its
# trigger words and runs case-insensitive patterns on folded text (issue #4, about twice as fast).
_PEOPLE_KEY_FAST = FastPattern(_PEOPLE_KEY)
_MODS_BEFORE_FAST = FastPattern(_MODS_BEFORE)
_ARMS_FAST = FastPattern(_ARMS)
_EFFECT_OF_FAST = FastPattern(_EFFECT_OF)
_VERSUS_KEY_FAST = FastPattern(_VERSUS_KEY)
_TREATED_FAST = FastPattern(_TREATED)
_PRIMARY_FAST = FastPattern(_PRIMARY)
_CHANGED_KEY_FAST = FastPattern(_CHANGED_KEY)
_MEASURED_FAST = FastPattern(_MEASURED)
_IN_OUTCOME_FAST = FastPattern(_IN_OUTCOME)
_DOSE_KEY_FAST = FastPattern(_DOSE_KEY)
_ARM_GROUP_FAST = FastPattern(_ARM_GROUP)


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``text[start:end]`` to its first clause and strip spaces and a leading article."""
    m = _CLAUSE_END.search(text, start, end)
    if m is not None:
        end = m.start()
    while start < end and text[start].isspace():
        start += 1
    lead = _DROP_LEAD.match(text, start, end)
    if lead is not None and lead.end() < end:
        start = lead.end()
    while end > start and text[end - 1] in " ,":
        end -= 1
    return start, end


def _phrase_after_cue(text: str, start: int, limit: int) -> tuple[int, int]:
    return _cut(text, start, min(limit, start + 160))


def extract_pico_from_text(text: str) -> dict[str, list[tuple[str, int, int]]]:
    """``{element: [(quoted text, start, end), ...]}`` for one piece of text."""
    found: dict[str, list[tuple[str, int, int]]] = {
        "population": [],
        "intervention": [],
        "comparator": [],
        "outcome": [],
    }
    seen: set[tuple[str, int, int]] = set()

    def add(kind: str, start: int, end: int) -> None:
        if end - start < 2 or (kind, start, end) in seen:
            return
        seen.add((kind, start, end))
        found[kind].append((text[start:end], start, end))

    folded = fold_case(text)
    for m in _PEOPLE_KEY_FAST.finditer(text, folded):
        mods = _MODS_BEFORE_FAST.search(text, folded, max(0, m.start() - 60), m.start())
        start = mods.start() if mods is not None else m.start()
        end = m.end()
        if end > m.start() + len(text[m.start() : m.end()].split()[0]):
            _, end = _cut(text, end, min(len(text), end + 120))
        first = text[start:end].split(" ", 1)[0].lower()
        if first in {"of", "the", "and", "in", "to", "for", "all", "with"}:
            start += len(first) + 1
        add("population", start, end)
    for m in _ARMS_FAST.finditer(text, folded):
        add("intervention", *_cut(text, m.start("i"), m.end("i")))
        add("comparator", *_cut(text, m.start("c"), m.end("c")))
    for m in _EFFECT_OF_FAST.finditer(text, folded):
        add("intervention", *_cut(text, m.start("i"), m.end("i")))
        add("outcome", *_cut(text, m.start("o"), m.end("o")))
    if not found["intervention"]:
        for key in _VERSUS_KEY_FAST.finditer(text, folded):
            left = _WORDS_BEFORE.search(text, max(0, key.start() - 80), key.start())
            right = _WORDS_AFTER.match(text, key.end())
            if left is None or right is None:
                continue
            if re.search(r"\d|\b(?:was|were|is|are)\b", left.group(0) + " " + right.group(0)):
                continue
            add("intervention", *_cut(text, left.start(), left.end()))
            add("comparator", *_cut(text, right.start(), right.end()))
    for m in _TREATED_FAST.finditer(text, folded):
        add("intervention", *_phrase_after_cue(text, m.start("i"), m.end("i")))
    for m in _PRIMARY_FAST.finditer(text, folded):
        for part in re.finditer(r"[^,]+", text[m.start("o") : m.end("o")]):
            start, end = m.start("o") + part.start(), m.start("o") + part.end()
            piece = re.sub(r"^\s*(?:and|or)\s+", "", text[start:end])
            start = end - len(piece)
            add("outcome", *_cut(text, start, end))
    for key in _CHANGED_KEY_FAST.finditer(text, folded):
        subject = _SUBJECT_BEFORE.search(text, max(0, key.start() - 70), key.start())
        if subject is None:
            continue
        start, end = subject.start(), subject.end()
        words = text[start:end].split()
        while words and _SUBJECT_STOP.search(words[0]):
            start += len(words[0]) + 1
            words.pop(0)
        if words:
            add("outcome", start, end)
    for m in _MEASURED_FAST.finditer(text, folded):
        add("outcome", *_cut(text, m.start("o"), m.end("o")))
    for m in _IN_OUTCOME_FAST.finditer(text, folded):
        add("outcome", *_cut(text, m.start("o"), m.end("o")))
    for key in _DOSE_KEY_FAST.finditer(text, folded):
        drug = _DRUG_BEFORE.search(text, max(0, key.start() - 50), key.start())
        if drug is not None:
            add("intervention", drug.start(), drug.end())
    for m in _ARM_GROUP_FAST.finditer(text, folded):
        add("intervention", m.start("i"), m.end("i"))
    _propagate(text, found, add)
    return found


def _propagate(
    text: str, found: dict[str, list[tuple[str, int, int]]], add: Callable[[str, int, int], None]
) -> None:
    """Label later mentions of a phrase already found (abstracts repeat their arms and outcomes)."""
    lower = text.lower()
    for kind in ("intervention", "comparator", "outcome"):
        # In order of discovery: a set's order changed from run to run (hash seeds), and so did
        # the order of the spans added here.
        for phrase in dict.fromkeys(t.lower() for t, _, _ in found[kind] if 3 <= len(t) <= 60):
            start = lower.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                if (start == 0 or not lower[start - 1].isalnum()) and (
                    end == len(lower) or not lower[end].isalnum()
                ):
                    add(kind, start, end)
                start = lower.find(phrase, end)


def extract_pico(paper: Paper) -> Pico:
    """PICO spans over the title and every abstract section."""
    pico = Pico()
    units = [(-1, paper.title)] if paper.title else []
    units.extend((i, s.text) for i, s in enumerate(paper.sections))
    for section, text in units:
        for kind, spans in extract_pico_from_text(text).items():
            target: list[Span] = getattr(pico, kind)
            target.extend(
                Span(paper_id=paper.id, section=section, start=a, end=b, text=t) for t, a, b in spans
            )
    return pico
