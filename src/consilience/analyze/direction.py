"""Effect direction for one intervention / comparator / outcome triple, read from an abstract.

The predictor finds the sentence(s) that best match the outcome (and the arms), then reads
significance from p-values, intervals and words ("no significant difference", "did not
differ", "significantly lower"), and direction from comparative words, effect estimates or
the two figures being compared. It is a pure function so that the stance engine can reuse it.

>>> call = predict_direction("aspirin", "placebo", "stroke",
...     "Stroke was significantly less frequent with aspirin than with placebo (2% vs 4%, p=0.01).")
>>> call.label
'significantly decreased'
>>> predict_direction("drug", "placebo", "pain", "Pain scores did not differ (p=0.40).").label
'no significant difference'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from consilience.analyze.effects import RATIO_MEASURES, extract_effects_from_text
from consilience.analyze.numbers import match_p_value, normalize
from consilience.analyze.sentences import split_sentences

__all__ = ["DECREASED", "INCREASED", "LABELS", "NO_DIFFERENCE", "DirectionCall", "predict_direction"]

INCREASED = "significantly increased"
DECREASED = "significantly decreased"
NO_DIFFERENCE = "no significant difference"
LABELS = (INCREASED, DECREASED, NO_DIFFERENCE)

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "and",
        "or",
        "by",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "than",
        "that",
        "this",
        "these",
        "those",
        "group",
        "groups",
        "patients",
        "patient",
        "subjects",
        "participants",
        "treatment",
        "therapy",
        "compared",
        "versus",
        "vs",
        "between",
        "after",
        "before",
        "during",
        "total",
        "number",
        "rate",
        "rates",
        "level",
        "levels",
        "mean",
        "score",
        "scores",
        "change",
        "changes",
        "who",
        "which",
        "their",
        "its",
        "study",
        "trial",
        "per",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "mg",
        "kg",
        "dose",
    ]
)
_NO_DIFF = re.compile(
    r"\b(?:no(?:t)?\s+(?:statistically\s+)?significant(?:ly)?|non-?significant(?:ly)?|insignificant|"
    r"did\s+not\s+(?:significantly\s+)?(?:differ|change|affect|alter|improve|reduce|increase|decrease|influence|"
    r"lower|raise|modify|show|reach|result|lead|prolong|shorten)|"
    r"(?:was|were|is|are)\s+(?:not\s+(?:significantly\s+)?(?:different|altered|changed|affected|improved|reduced|"
    r"increased|decreased|influenced)|similar\b|comparable|unchanged|unaffected|equivalent)|"
    r"no\s+(?:\w+\s+){0,2}(?:difference|differences|change|effect|effects|improvement|reduction|increase|"
    r"decrease|association|benefit|impact|influence)|similar\b|comparable|unchanged|unaffected|not\s+differ|"
    r"failed\s+to|neither|nor\s+|\bNS\b|n\.s\.|did\s+not\s+reach|not\s+reach)",
    re.IGNORECASE,
)
_SIG = re.compile(r"\bsignificant(?:ly)?\b|\bsuperior\b|\binferior\b", re.IGNORECASE)
_UP = re.compile(
    r"\b(?:increas\w*|higher|greater|more|improv\w*|elevat\w*|longer|rais\w*|enhanc\w*|better|gain\w*|"
    r"larger|augment\w*|rise|rose|prolong\w*|boost\w*|superior|exceed\w*|accelerat\w*|faster|stronger)\b",
    re.IGNORECASE,
)
_DOWN = re.compile(
    r"\b(?:reduc\w*|decreas\w*|lower\w*|less|fewer|shorter|declin\w*|diminish\w*|attenuat\w*|smaller|"
    r"drop\w*|fell|fall|suppress\w*|inhibit\w*|prevent\w*|worse|slower|weaker|alleviat\w*|reliev\w*|"
    r"lessen\w*|lesser|inferior|shortened|minimi[sz]\w*|cut)\b",
    re.IGNORECASE,
)
_THAN = re.compile(r"\b(?:than|compared\s+(?:with|to)|versus|vs\.?|relative\s+to|over)\b", re.IGNORECASE)
_PCT_PAIR = re.compile(
    r"(?P<a>-?\d+(?:\.\d+)?)\s?%?(?:\s*(?:\([^()]{0,30}\)|±\s?\d+(?:\.\d+)?))?\s*(?:vs\.?|versus|and|compared\s+with|,|;|to)\s+"
    r"(?P<b>-?\d+(?:\.\d+)?)\s?%?",
    re.IGNORECASE,
)
# "more than 20% less", "less than half of": amounts, not the direction of the finding.
_QUANTIFIER = re.compile(
    r"\b(?:more|less|greater|fewer)\s+than\s+(?=\d|half|one|two|three|a\s+(?:third|quarter))", re.IGNORECASE
)
_CLAUSE_WORD = re.compile(
    r"\b(?:while|whereas|but|however|although|though|except)\b|,\s+(?:and|along\s+with|together\s+with|which)\b",
    re.IGNORECASE,
)
_AS_OBJECT = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|relative\s+to|over)"
    r"(?:\s+(?:the|a|an|those|patients|subjects|participants|in|on|receiving|given|with))*\s*$",
    re.IGNORECASE,
)
_RESULTS = re.compile(r"RESULT|FINDING|OUTCOME|CONCLU|INTERPRET", re.IGNORECASE)


@dataclass
class DirectionCall:
    """A predicted label with the evidence sentence and why."""

    label: str
    sentence: str = ""
    reasons: list[str] = field(default_factory=list)


def _stem(word: str) -> str:
    return word[:6]


def _terms(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def _units(abstract: str | Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    if isinstance(abstract, str):
        return [("", abstract)]
    return list(abstract)


def _first_mention(sentence: str, terms: set[str]) -> int | None:
    best: int | None = None
    for m in _WORD.finditer(sentence.lower()):
        if _stem(m.group(0)) in terms and m.group(0) not in _STOP:
            best = m.start()
            break
    return best


def _direction_words(clause: str, o_terms: set[str] | None = None) -> int:
    """+1 for an increase, -1 for a decrease, 0 when unclear (by the first direction word).

    When the clause coordinates findings that go both ways ("improved survival and large
    reductions in the risk of major cardiovascular events"), the one that names the outcome
    (``o_terms``) decides.
    """
    clause = _QUANTIFIER.sub(" ", clause)
    up = _UP.search(clause)
    down = _DOWN.search(clause)
    if up and down and o_terms:
        segment = _outcome_segment(clause, o_terms)
        sign = _direction_words(segment) if segment is not None else 0
        if sign:
            return sign
    if up and (not down or up.start() < down.start()):
        return 1
    if down:
        return -1
    return 0


#: Where coordinated findings part: "improved survival and large reductions in ...".
_COORDINATION = re.compile(r",\s+(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def _outcome_segment(clause: str, o_terms: set[str]) -> str | None:
    """The coordinated part of ``clause`` (outside brackets) naming most of the outcome, if any."""
    cuts = [0]
    for m in _COORDINATION.finditer(clause):
        if _depth_at(clause, m.start()) == 0:
            cuts += [m.start(), m.end()]
    cuts.append(len(clause))
    if len(cuts) == 2:
        return None
    best, best_hits = None, 0
    for lo, hi in zip(cuts[::2], cuts[1::2], strict=True):
        hits = len(_terms(clause[lo:hi]) & o_terms)
        if hits > best_hits:
            best, best_hits = clause[lo:hi], hits
    return best


def _orientation(sentence: str, i_terms: set[str], c_terms: set[str]) -> int:
    """-1 when the sentence states the comparator first ('placebo had higher X than drug')."""
    only_i = i_terms - c_terms
    only_c = c_terms - i_terms
    pos_i = _first_mention(sentence, only_i) if only_i else None
    pos_c = _first_mention(sentence, only_c) if only_c else None
    # "... in the placebo group than in the drug group": comparator is the subject.
    comparator_first = pos_c is not None and (pos_i is None or pos_c < pos_i)
    if comparator_first and pos_c is not None and _AS_OBJECT.search(sentence[max(0, pos_c - 40) : pos_c]):
        # "Compared with placebo, drug ...", "longer versus placebo with drug": the comparator is
        # the object of a comparison, not the subject of the finding.
        return 1
    if comparator_first and (pos_i is not None or _THAN.search(sentence[pos_c:])):
        return -1
    return 1


def _clause(sentence: str, o_terms: set[str]) -> str:
    """The clause of ``sentence`` that mentions the outcome first (outside brackets), so that
    "A fell (p<0.01) while B did not change" is read for A and for B apart."""
    start = _first_mention(sentence, o_terms)
    if start is None:
        return sentence
    depth = 0
    cuts = [0]
    for i, char in enumerate(sentence):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            cuts.append(i + 1)
    cuts += [m.start() for m in _CLAUSE_WORD.finditer(sentence) if _depth_at(sentence, m.start()) == 0]
    cuts.append(len(sentence))
    cuts = sorted(set(cuts))
    # The clause that names the most of the outcome, the first of equals: "did not differ at 6
    # months, but differed at 18 months" for "composition at 18 months"; "increase in stage 1
    # sleep; and decrease in ... percentage of REM sleep" for "percentage of stage REM".
    best, best_hits = (0, len(sentence)), 0
    for lo, hi in itertools.pairwise(cuts):
        hits = len(_terms(sentence[lo:hi]) & o_terms)
        if hits > best_hits:
            best, best_hits = (lo, hi), hits
    if best_hits == 0:  # pragma: no cover - start is the first mention of an outcome term
        return sentence
    return sentence[best[0] : best[1]]


def _depth_at(text: str, index: int) -> int:
    return max(0, sum(text.count(o, 0, index) for o in "([") - sum(text.count(c, 0, index) for c in ")]"))


#: A comparison of the groups before treatment ("no significant difference ... before the
#: intervention (P>0.05)", "similar at baseline"): it says the arms started alike, not what the
#: treatment did, so it is never the evidence sentence.
_AT_BASELINE = re.compile(
    r"\b(?:at\s+(?:baseline|(?:study\s+)?entry|enrol(?:l)?ment|randomi[sz]ation)|before\s+(?:the\s+)?"
    r"(?:intervention|treatment|randomi[sz]ation|surgery|study)|baseline\s+(?:characteristics|values|data|"
    r"demographics)|pre-?(?:intervention|treatment)\b)",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\b(?:after|post-?\w*|at\s+the\s+end|end\s+of|follow-?up|from\s+baseline|hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)


def _score(sentence: str, label: str, o_terms: set[str], ic_terms: set[str]) -> float:
    words = _terms(sentence)
    if not o_terms or (_AT_BASELINE.search(sentence) and not _AFTER.search(sentence)):
        return 0.0
    overlap = len(words & o_terms) / len(o_terms)
    score = 2.0 * overlap + 0.4 * (len(words & ic_terms) / max(len(ic_terms), 1))
    if overlap == 0:
        return 0.0
    if _RESULTS.search(label):
        score += 0.3
    if re.search(r"\b[Pp]\s?[<=>≤]|signific|differ|95%", sentence):
        score += 0.5
    return score


#: A change every arm made ("declined significantly in both groups"): significant within the
#: groups, which says nothing of one arm against the other unless the sentence compares them.
_EVERY_GROUP = re.compile(
    r"\b(?:in|for|within|among)\s+(?:both|all|each|the\s+two|all\s+(?:three|four))\s+(?:of\s+the\s+)?"
    r"(?:groups?|arms?|cases|conditions|treatment\s+groups?|study\s+groups?)\b|\b(?:regardless|irrespective)\s+of\s+"
    r"(?:the\s+)?(?:group|treatment|arm)\b|^\s*(?:both|all)\s+(?:groups|arms|treatments)\b",
    re.IGNORECASE,
)
_GROUPS_COMPARED = re.compile(
    r"\b(?:than|versus|vs\.?|between|differ\w*|relative\s+to|compared\s+(?:with|to)\s+(?!(?:the\s+)?"
    r"(?:baseline|pre-?\w*|before))|(?:greater|more|larger|bigger|less|smaller)(?:\s+\w+){0,4}\s+(?:in|with|among))\b",
    re.IGNORECASE,
)
#: "(between-group differences P<0.19)": the p-value of the comparison between the arms, which
#: outranks a within-group p-value earlier in the sentence.
_BETWEEN_GROUPS = re.compile(
    r"\bbetween[- ]groups?\b|\binter-?group\b|\bgroup\s+differences?\b", re.IGNORECASE
)


def _within_every_group(text: str) -> bool:
    # Brackets hold each group's figures ("(NF: 3.5 pre versus 5.6/week post)"), not a comparison.
    text = _BRACKETED.sub(" ", text)
    return _EVERY_GROUP.search(text) is not None and _GROUPS_COMPARED.search(text) is None


def _groups_compared(text: str) -> bool:
    return _GROUPS_COMPARED.search(_BRACKETED.sub(" ", text)) is not None


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _significance(sentence: str, norm: str) -> tuple[bool | None, list[str]]:
    """True (significant), False (not) or None (not stated) from p-values, CIs and words."""
    reasons: list[str] = []
    p = match_p_value(norm)
    between = _BETWEEN_GROUPS.search(norm)
    if between is not None:
        p = match_p_value(norm, between.end(), min(len(norm), between.end() + 40)) or p
    if _NO_DIFF.search(sentence):
        reasons.append("no-difference wording")
        return False, reasons
    if _within_every_group(sentence):
        reasons.append("change within every group")
        return False, reasons
    if p is not None:
        reasons.append(f"p {p.operator} {p.value:g}")
        if p.value < 0.05 or (p.operator in {"<", "<="} and p.value <= 0.05):
            return True, reasons
        if p.value == 0.05 and p.operator == "=" and _SIG.search(sentence):
            # "significant declines (p = 0.05)": a rounded p the authors call significant
            reasons.append("significance wording")
            return True, reasons
        return False, reasons
    for effect in extract_effects_from_text(sentence):
        if effect.ci_low is not None and effect.ci_high is not None:
            null = 1.0 if effect.measure in RATIO_MEASURES else 0.0
            reasons.append(f"{effect.measure} CI {effect.ci_low}-{effect.ci_high}")
            return not (effect.ci_low <= null <= effect.ci_high), reasons
    if _SIG.search(sentence):
        reasons.append("significance wording")
        return True, reasons
    return None, reasons


#: Outcomes (stemmed as :func:`_terms` does) that a hazard ratio measures the other way round.
_SURVIVAL_TERMS = frozenset({"surviv", "alive"})


def _direction(
    sentence: str, norm: str, i_terms: set[str], c_terms: set[str], o_terms: set[str]
) -> tuple[int, str]:
    for effect in extract_effects_from_text(sentence):
        null = 1.0 if effect.measure in RATIO_MEASURES else 0.0
        if effect.value != null:
            sign = 1 if effect.value > null else -1
            if effect.measure == "HR" and o_terms & _SURVIVAL_TERMS:
                # A hazard ratio counts deaths or progressions: below 1, survival is longer.
                sign = -sign
            return sign, f"{effect.measure} {effect.value:g}"
    words = _direction_words(sentence, o_terms)
    if words:
        return words * _orientation(sentence, i_terms, c_terms), "comparative wording"
    pair = _PCT_PAIR.search(norm)
    if pair:
        a, b = float(pair.group("a")), float(pair.group("b"))
        if a != b:
            return (1 if a > b else -1) * _orientation(sentence, i_terms, c_terms), "figures compared"
    return 0, ""


#: Arms named without their treatment's words: "the intervention group", "the controls".
_GENERIC_ARM = {
    "intervention": re.compile(
        r"\b(?:intervention|treatment|experimental|study|active)\s+(?:group|arm)", re.I
    ),
    "comparator": re.compile(r"\bcontrols?\b|\bplacebo\b", re.IGNORECASE),
}
_ARM_FIGURE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%|(?<![\w./])(\d+(?:\.\d+)?)(?![\d/.])")
_P_OR_CI = re.compile(
    r"\b[Pp]\s*[<=>≤≥]\s*0?\.\d+|\d+%\s*(?:CI|confidence)|"
    r"\([^()]*(?:CI|confidence|SD|SE|±|\d\s*[-–]\s*\d|\bto\b|\bn\s*=)[^()]*\)",
    re.IGNORECASE,
)


def _arm_figure(sentence: str, start: int, stop: int, last: bool) -> float | None:
    """The figure given for an arm in ``sentence[start:stop]``: a percentage if there is one, else
    a plain number (p-values and intervals skipped); the last one when the
    figures come before the arms' names ("1 (0.6%) TT versus 15 (8.6%) DO")."""
    window = _P_OR_CI.sub(lambda m: " " * len(m.group(0)), sentence[start:stop])
    figures = list(_ARM_FIGURE.finditer(window))
    if last:
        figures.reverse()
    percent = next((m for m in figures if m.group(1)), None)
    chosen = percent or next(iter(figures), None)
    return None if chosen is None else float(chosen.group(1) or chosen.group(2))


#: How far before an arm's name its figure may stand ("in 15 (8.6%) DO", "40% with ketorolac").
_FIGURE_BEFORE = 25


def _arm_figures(sentence: str, i_terms: set[str], c_terms: set[str]) -> int:
    """+1 / -1 when each arm is named with its own figure ("Heparin was discontinued in 33% of
    patients whereas citrate was discontinued in 8%"), the intervention's the larger / smaller."""
    spots = []
    for terms, kind in ((i_terms - c_terms, "intervention"), (c_terms - i_terms, "comparator")):
        at = _first_mention(sentence, terms) if terms else None
        if at is None:
            generic = _GENERIC_ARM[kind].search(sentence)
            at = None if generic is None else generic.start()
        if at is None:
            return 0
        spots.append(at)
    i_at, c_at = spots
    if i_at == c_at:
        return 0
    first, second = sorted(spots)
    before = _ARM_FIGURE.search(sentence, max(0, first - _FIGURE_BEFORE), first) is not None
    if before:  # each figure ends where its arm is named
        values = {first: _arm_figure(sentence, max(0, first - _FIGURE_BEFORE), first, last=True)}
        values[second] = _arm_figure(sentence, max(first + 1, second - _FIGURE_BEFORE), second, last=True)
    else:
        values = {first: _arm_figure(sentence, first, second, last=False)}
        values[second] = _arm_figure(sentence, second, len(sentence), last=False)
    i_value, c_value = values[i_at], values[c_at]
    if i_value is None or c_value is None or i_value == c_value:
        return 0
    return 1 if i_value > c_value else -1


#: A sentence that tests the figures of the one before without naming them again.
_TEST_FOLLOWS = re.compile(
    r"\s*(?:(?:however|but|overall),?\s+)?(?:no\s+(?:statistically\s+)?significant\s+differences?|"
    r"there\s+(?:was|were)\s+no\s+(?:statistically\s+)?significant|"
    r"(?:these|this|the|such)\s+differences?\s+(?:was|were|did|did\s+not|reached|is|are)\b|"
    r"(?:the\s+)?differences?\s+between\s+(?:the\s+)?(?:two\s+|three\s+|both\s+)?(?:groups|arms)\s+(?:was|were)\b)",
    re.IGNORECASE,
)


def predict_direction(
    intervention: str,
    comparator: str,
    outcome: str,
    abstract: str | Sequence[tuple[str, str]],
) -> DirectionCall:
    """Predict whether ``intervention`` significantly increased, decreased or did not change
    ``outcome`` relative to ``comparator``; ``abstract`` is text or ``(label, text)`` sections."""
    o_terms = _terms(outcome)
    i_terms = _terms(intervention)
    c_terms = _terms(comparator)
    candidates: list[tuple[float, int, str]] = []
    #: The sentence after each one in the same section ("" at a section's end).
    following: list[str] = []
    order = 0
    for label, text in _units(abstract):
        bounds = split_sentences(text)
        for index, (start, end) in enumerate(bounds):
            sentence = text[start:end]
            score = _score(sentence, label, o_terms, i_terms | c_terms)
            if score > 0:
                candidates.append((score, order, sentence))
            following.append(text[slice(*bounds[index + 1])] if index + 1 < len(bounds) else "")
            order += 1
    candidates.sort(key=lambda c: (-c[0], c[1]))
    undecided: DirectionCall | None = None
    for _score_value, at, sentence in candidates[:3]:
        clause = _clause(sentence, o_terms)
        if clause != sentence and _within_every_group(clause) and _groups_compared(sentence):
            # "decreased in both groups (P<0.001), but more decrease was seen in the X group
            # (P<0.05)": the arms are compared in another clause of the sentence.
            clause = sentence
        norm = normalize(clause)
        significant, reasons = _significance(clause, norm)
        if significant is None and clause != sentence:
            significant, reasons = _significance(sentence, normalize(sentence))
        if significant is None and _TEST_FOLLOWS.match(following[at]):
            # "Success rate was 73.7% vs 71.4% ... No significant difference was noted between
            # the two groups (P = 0.87)": the next sentence tests the figures this one gives.
            significant, reasons = _significance(following[at], normalize(following[at]))
            reasons = [*reasons, "the test in the next sentence"]
        if significant is False:
            return DirectionCall(NO_DIFFERENCE, sentence, reasons)
        direction, why = _direction(clause, norm, i_terms, c_terms, o_terms)
        if not direction and clause != sentence:
            direction, why = _direction(sentence, normalize(sentence), i_terms, c_terms, o_terms)
        if significant is True and direction:
            return DirectionCall(INCREASED if direction > 0 else DECREASED, sentence, [*reasons, why])
        if significant is None and direction and undecided is None:
            undecided = DirectionCall(INCREASED if direction > 0 else DECREASED, sentence, [why, "no test"])
        if significant is True and not direction:
            direction = _arm_figures(clause, i_terms, c_terms) or _arm_figures(sentence, i_terms, c_terms)
            if direction:
                return DirectionCall(
                    INCREASED if direction > 0 else DECREASED, sentence, [*reasons, "each arm's figure"]
                )
            if undecided is None:
                undecided = DirectionCall(INCREASED, sentence, [*reasons, "direction unclear"])
    if undecided is not None:
        return undecided
    return DirectionCall(NO_DIFFERENCE, candidates[0][2] if candidates else "", ["no evidence found"])
