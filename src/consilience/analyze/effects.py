"""Effect-estimate extraction: HR, OR, RR, IRR, MD, SMD and RD with their intervals and p-values.

A measure is found by name ("hazard ratio", "aOR", "standardised mean difference"), then
the text after it is read in steps: an optional defined abbreviation ("[HR]") or interval
label ("(95% CI)"), the point value (skipping numbers that carry units, percentages or time
points, such as "for 5-year survival"), an interval that must be labelled ("95% CI") or
bracketed, and a p-value that follows directly. The interval must contain the point value
and ratio measures must be positive, which keeps ranges such as "aged 18-65" out.

Lists that share one measure are read on: further bracketed values ("HRs were 1.3 (1.0-1.7;
3rd quartile) and 1.6 (1.2-2.1)"), values at time points ("; and at 4 h: 1.12; 90% CI ..."),
the measure taken up again ("and it was 1.13 (95% CI ...)"), values under a header that
carries the level ("(difference A-B; 95% CI) in X (-2.9; -5.7, -1.1), Y (...)"), values
without intervals closed by "respectively", and values whose intervals follow together
("ORs were 2.2 and 1.5 (95% CI, 0.5-9.6 and 0.7-3.2, respectively)", paired in order). Cohen's
"d = 0.63" is an SMD; an odds ratio written out puts its values first ("1.51 higher odds",
"2.04 (95% CI 1.10-3.78) times more likely" when the sentence names a logistic model).

Values with no measure named are read with their intervals (issue #4): later brackets of the
sentence that named one ("... vs 124 [4%] of 2789 [2.20, 1.79-2.71]"), the next two sentences
when they are about it ("The risk was higher for males (1.18, 95% CI 1.05-1.33)"; the level
only when stated again, as EFFECTS_LABELS.md's held-out decisions say), and an unnamed
between-group difference with a labelled interval in a sentence that compares by direction
("Compared with X, Y had a lower mean BMI [-1.2 (95% CI: -1.3, -1.1)]"). Arms' own values side
by side, percentage changes and other statistics ("ARR, 3.3 [...]") are left out.

>>> [(e.measure, e.value, e.ci_low, e.ci_high, e.ci_level, e.p_value)
...  for e in extract_effects_from_text("Death fell (hazard ratio [HR], 0.66; 95% confidence "
...                                     "interval [CI], 0.49 to 0.88; P=0.005).")]
[('HR', 0.66, 0.49, 0.88, 95.0, 0.005)]
>>> [(e.measure, e.value, e.ci_low, e.ci_high) for e in extract_effects_from_text("MD −2.3 (−4.1 to −0.5)")]
[('MD', -2.3, -4.1, -0.5)]
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from consilience.analyze.difference_model import (
    THRESHOLD,
    Candidate,
    DifferenceModel,
    candidate_features,
    candidates_in,
    load_difference_model,
)
from consilience.analyze.effect_lists import (
    bare_list,
    earlier_values,
    fold_risk,
    more_intervals,
    odds_before,
    pair_respectively,
    points_before,
    read_following,
    versus_labelled,
    worded_differences,
)
from consilience.analyze.effect_names import (
    MEASURE_NAMES,
    NO_DEFINITIONS,
    RATIO_MEASURES,
    Definitions,
    MeasureMention,
    find_definitions,
    measure_mentions,
)
from consilience.analyze.effect_values import (
    HEADER,
    OUTCOME_GAP,
    OUTCOME_LEFT,
    P_GAP,
    P_HEADER,
    PERCENT_MEASURE,
    PRE_LEVEL,
    SKIP_ABBREV,
    Parsed,
    comparison_named,
    read_value,
    sentence_adjusted,
    tested_next,
    trim_phrase,
)
from consilience.analyze.numbers import PMatch, match_p_value, normalize
from consilience.analyze.sentences import split_sentences
from consilience.model import Effect, Paper, Span

__all__ = [
    "MEASURE_NAMES",
    "RATIO_MEASURES",
    "Definitions",
    "difference_candidates",
    "extract_effects",
    "extract_effects_from_text",
    "find_definitions",
]

_BETWEEN = re.compile(r"[Dd]ifferences?\s+between\b")
_NEGATED = re.compile(r"\b(?:no|not|any|without)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: A mean ± SD in brackets after an abbreviation: a group's own value, the abbreviation its name
#: ("longer in groups RM and RD (500 ± 190 and 730 ± 260 min)"), not an estimate.
_GROUP_MEAN = re.compile(r"\s*[(\[]\s*-?\d[\d.,]*\s*(?:±|\+/-|\+-)")
#: A difference that is no result: a definition ("QT dispersion was defined as the difference
#: between QT-max and QT-min"), or what an estimate was adjusted for ("prevalence adjusted for
#: methodological differences was 7.3% (4.8-10.9%)").
_NOT_A_RESULT = re.compile(
    r"(?:\b(?:defined|calculated|computed|expressed)\s+as\s+(?:the\s+|a\s+)?"
    r"|\b(?:adjust\w*|controll?\w*|accounting|correct\w*)\s+for\s+(?:[\w-]+\s+){0,3})$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%")
_PROPORTIONS = re.compile(r"\bproportions?\b", re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\w.])(0?\.\d+)(?![\d%])")
#: The arms' mean changes named before a difference: a difference of means, even in percent.
_MEAN_CHANGE = re.compile(r"\bmean\s+(?:changes?|decreases?|increases?|reductions?)\b", re.IGNORECASE)


def _difference_measure(kw_text: str, before: str, text: str, value: Parsed) -> str:
    """MD or RD for a difference the text does not name: RD when it is a difference of
    proportions (the value is in percent, or equals the gap between two percentages just
    before it), MD otherwise."""
    if re.search(r"risk|proportion|percentage", kw_text, re.IGNORECASE):
        return "RD"
    if re.search(r"absolute", kw_text, re.IGNORECASE):
        # "absolute difference ... was -1.3 points": points of a score, not of a percentage
        return "MD" if re.match(r"\s?points?\b", text[value.value_end :]) else "RD"
    if re.search(r"\bchanges?\s*$", text[max(0, value.value_start - 12) : value.value_start]):
        return "MD"  # "the difference was for the titre change 4.0% [...]": a percent change
    if PERCENT_MEASURE.search(text, max(0, value.value_start - 160), value.value_start):
        return "MD"  # "difference in HbA1c of 0.1%": a mean of a measurement given in percent
    if _MEAN_CHANGE.search(text, max(0, value.value_start - 200), value.value_start):
        # "the mean change was -0.79% for A versus -0.96% for B, and treatment difference was 0.17%"
        return "MD"
    if re.match(r"\s?%", text[value.value_end :]):
        return "RD"
    shares = [float(m.group(1)) for m in _PERCENT.finditer(before)][-4:]
    for a, b in itertools.pairwise(shares):
        if abs(abs(a - b) - abs(value.value)) <= 0.11:
            return "RD"
    if abs(value.value) < 1 and _PROPORTIONS.search(before[-200:]):
        # "average proportions ... were 0.51 in A and 0.40 in B (difference 0.11, 95% CI ...)"
        fractions = [float(m.group(1)) for m in _FRACTION.finditer(before[-200:])][-4:]
        for a, b in itertools.pairwise(fractions):
            if abs(abs(a - b) - abs(value.value)) <= 0.011:
                return "RD"
    return "MD"


#: Another estimate restated on a scale: "which corresponds to approximately a mean difference of
#: 2 points", "back translated to mean difference of 14.4 points" (EFFECTS_LABELS.md, dev75, dev77).
_REEXPRESSED = re.compile(
    r"\b(?:back[-\s]?(?:transformed|translated)|re-?expressed|correspond\w*|equivalent)\s+(?:\w+\s+){0,2}?"
    r"(?:to|as)\s+(?:(?:an?|the|approximately|about|roughly)\s+){0,2}$",
    re.IGNORECASE,
)
#: A value the study was powered to detect is planned, not found (EFFECTS_LABELS.md).
_TO_DETECT = re.compile(r"\bto\s+detect\b[^.;]{0,40}$", re.IGNORECASE)


def _in_percent(norm: str, value: Parsed) -> bool:
    """The value is printed with a percent sign ("4.5%")."""
    return norm.startswith("%", value.value_end) or norm.startswith(" %", value.value_end)


def _outcome(text: str, sent_start: int, kw: MeasureMention, gap_end: int, value_start: int) -> str:
    gap = OUTCOME_GAP.match(text[gap_end:value_start])
    if gap:
        return trim_phrase(gap.group("o"))
    left = text[sent_start : kw.start]
    best = None
    for m in OUTCOME_LEFT.finditer(left):
        best = m
    if best is not None:
        return trim_phrase(best.group("o"))
    return ""


def _p_before(norm: str, s_start: int, kw: MeasureMention, earlier: list[MeasureMention]) -> PMatch | None:
    """A p-value printed before the estimate in the same bracket: "(21%; P=0.01; relative risk, 0.1)"."""
    opening = norm.rfind("(", s_start, kw.start)
    if opening < 0 or ")" in norm[opening : kw.start] or any(k.end > opening for k in earlier):
        return None
    found = None
    pos = opening
    while (m := match_p_value(norm, pos, kw.start)) is not None:
        found, pos = m, m.end
    return found


#: Where a value of the measure last named may start in a later list: at a bracket ("males
#: (1.18, 95% CI 1.05-1.33)", "[2.20, 1.79-2.71; p<0.0001]") or after a comma or a verb with its
#: interval bracketed after it ("in the second round, 1.15 (0.92-1.43)", "by 0.5 (0.1 to 0.9)").
_CARRIED = re.compile(
    r"(?P<open>[(\[]\s*)(?=-?\s?\.?\d)"
    # after the counts compared inside a bracket, a value with its bare interval: "(88 of 19 579
    # vs 122 of 19,731; 0.29, 0.10-0.87; p=0.031)" (taken only where _COUNTS_COMPARED finds them)
    r"|(?P<counts>(?<=\d)(?:\s?%)?;\s)(?=-?\s?\.?\d[\d.]*,\s-?\s?\.?\d)"
    # (after any word, for an unnamed difference only: "had systolic blood pressure 1.09 (95% CI
    # ...) mmHg higher than", see _HIGHER_AFTER)
    r"|(?:[,:]\s|\b(?:and|of|was|were|to)\s|\bby\s(?:an?\s(?:average|mean)\sof\s)?|(?P<word>(?<=[a-z])\s))"
    r"(?=-?\s?\.?\d[\d.]*\s?(?:%|[A-Za-zµμ/]{1,12})?\s*[(\[])"
)
#: Two treatments compared by name ("with X compared with placebo"), not groups of people ("higher
#: in women than men").
_COMPARED = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs)\b", re.IGNORECASE)
#: A change stated by its verb ("improved by 0.25 (95% CI …)", "decreased by an average of 4.1
#: (…)"): in a sentence that compares groups, the difference between them.
_CHANGED_BY = re.compile(
    # "reduced weight by 2.9 kg (95% CI ...)": the object between the verb and "by"
    r"\b(?:improved|increased|decreased|reduced|rose|fell|declined|changed|lowered|raised|dropped)\s+"
    r"(?:(?!by\b)[\w-]+\s+){0,3}?by\s+"
    r"(?:an?\s+(?:average|mean)\s+of\s+)?$",
    re.IGNORECASE,
)
#: A change within one arm ("fell by 2.1 (95% CI …) in the treatment group and by 0.5 (…) in the
#: placebo group"): not a difference between groups.
_WITHIN_ARM_AFTER = re.compile(
    r"\s*(?:[\w/]+\s+){0,2}?(?:in|among|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:group|arm)s?\b"
    r"(?![^.;]*\b(?:compared|versus|vs|than|relative)\b)",
    re.IGNORECASE,
)
#: A cheap test that a sentence may hold such a value: a bracket with a number just inside or before it.
_BRACKETED_NUMBER = re.compile(r"[(\[](?:\s*-?\.?\d|(?<=\d[(\[])|(?<=\d\s[(\[])|(?<=%[(\[])|(?<=%\s[(\[]))")
#: Words before such a value that make it another statistic: a group mean, a rate, an age.
_CARRY_STOP = re.compile(
    r"\b(?:median|average|mean\s+(?:age|value|score|level)s?|IQR|range|SD|SE|ages?|rates?|prevalence|"
    r"incidence|baseline|AUR?OC|AUC|c[-\s]statistics?|kappa|ICC|scores?|correlation|r|n|N|sensitivity|specificity|"
    r"accuracy|needed|NN[TH]\w*)\b",
    re.IGNORECASE,
)
#: A sentence that compares, as a difference carried into it must.
_COMPARES = re.compile(r"\b(?:compared|versus|vs|than|relative\s+to|between)\b", re.IGNORECASE)
#: A sentence about a ratio measure's quantity, as a ratio carried into it must be.
#: ("There were 90 and 111 events in the two groups (0.81, 0.60 to 1.08)": events compared, too.)
_RATES = re.compile(r"\brates?\b", re.IGNORECASE)
_RATIO_WORDS = re.compile(r"\b(?:risks?|odds|hazards?|likel\w+|associat\w+|ratios?|events)\b", re.IGNORECASE)
#: A bracket that opens with a positive value and its bare positive interval, as a ratio carried
#: from the sentence before is printed: "(0.59, 0.39 to 0.88, P = 0.009)".
_BARE_RATIO_TRIPLE = re.compile(r"[(\[]\d[\d.]*,\s\d[\d.]*\s?(?:-|to)\s?\d[\d.]*[,;)\]]")
#: Events or proportions counted in two groups, which a ratio carried into the sentence compares:
#: "(17 of 9481 vs 35 of 9354; ...)", "There were 60 strokes in those on active treatment and 49 in
#: those on placebo (...)", "67.4% (3529/5237) of ... compared with 75.5% (4497/5959) of ... (...)".
_COUNTS_COMPARED = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s?(?:of|/)\s?\d[\d, ]*[^;.()]{0,80}?\b(?:vs\.?|versus|and|compared\s+(?:with|to))\s+"
    r"(?:[a-z]+\s+){0,3}?\d[\d, ]*(?:of|/)\s?\d"
    r"|\bthere\s+were\s+\d[\d,]*\s"
    r"|\d\s?%[^;]{0,150}?\b(?:vs\.?|versus|compared\s+(?:with|to))\s+\d[\d.]*\s?%",
    re.IGNORECASE,
)
#: A ratio of another quantity ("The regression dilution ratio of RHR was 0.75 (95% CI ...)"):
#: not the ratio measure carried from an earlier sentence.
_OTHER_RATIO = re.compile(
    r"\b(?!(?:odds|hazards?|risks?|rates?|incidence|prevalence|mortality|relative|adjusted|crude|pooled|summary|overall|"
    r"corresponding|the|a|an|this|these|its|their|of|and)\b)[A-Za-z]+\s+ratios?\b",
    re.IGNORECASE,
)
#: A between-group difference named by its direction ("increased X (9.6% [CI 0.9 to 18.3%]) compared
#: to placebo", "had a lower mean BMI [-1.2 (95% CI: -1.3, -1.1)]"); counted with a labelled interval.
_DIRECTION = re.compile(
    r"\b(?:lower|higher|greater|less|more|better|worse|increased|decreased|reduced|improved|declined?|"
    r"differed|changed|larger|smaller|increases?|decreases?|reductions?|improvements?)\b",
    re.IGNORECASE,
)
_GROUP_WORDS = re.compile(
    r"\b(?:between\s+(?:the\s+)?(?:two\s+)?groups|compared\s+(?:with|to)|than|versus|vs)\b", re.IGNORECASE
)
#: Words that make a value a difference between arms by themselves: "Significant intervention
#: effects ... for change in weight (-1.35 kg, 95% CI ...)", "The largest mean placebo-corrected
#: ΔQTcF was 12.1 ms (90% CI ...)".
_ARMS_DIFFERENCE = re.compile(
    r"\b(?:intervention|treatment)\s+effects?\b|\bplacebo[\s-](?:corrected|adjusted|subtracted)\b",
    re.IGNORECASE,
)
#: Two arms' own values side by side: "higher in A (77.2%, 95% CI ...) than in B (74.8%, ...)".
_ARM_VALUES = re.compile(
    r"[(\[][^()\[\]]*\d%?\s?(?:–|-|to|,)\s?-?\.?\d[^()\[\]]*[)\]][)\]]?"
    r"[^()\[\]]{0,60}?\b(?:than|vs\.?|versus|compared\s+(?:with|to))\s"
    # (not past a further estimate: "7.44 mmHg (95% CI ...) greater among A than among B, and 4.24
    # mmHg (95% CI ...) greater among C")
    r"(?:(?!,\s+and\s+-?\d)[^()\[\]]){0,60}?"
    r"(?:[(\[]\s*-?\d|\d[\d.]*\s?%?\s*[(\[])"
)


def _last(matches: Iterable[re.Match[str]]) -> re.Match[str] | None:
    last = deque(matches, maxlen=1)
    return last[0] if last else None


def _carry_into(sentence: str, carry: _Carry | None) -> _Carry | None:
    """What a later sentence naming no measure carries: the measure last named when the
    sentence is about it, an unnamed between-group difference when it compares by direction."""
    carrying = carry is not None and carry.sentences_left > 0
    # An unnamed difference needs a labelled interval: most sentences hold no label and stop here.
    if not carrying and "CI" not in sentence and "UI" not in sentence and "nterval" not in sentence:
        return None
    series_cue = carrying and (
        _COUNTS_COMPARED.search(sentence) is not None or _BARE_RATIO_TRIPLE.search(sentence) is not None
    )
    if _BRACKETED_NUMBER.search(sentence) is None and not series_cue:
        return None
    if carry is not None and carrying:
        if carry.measure in RATIO_MEASURES and (series_cue or _RATIO_WORDS.search(sentence)):
            if _OTHER_RATIO.search(sentence):
                return None
            return carry
        if carry.measure == "IRR" and _RATES.search(sentence):
            return carry  # "rate ratio [RR] 1.04, ...". "Mortality rates were similar (0.95 [0.71-1.28])."
        if carry.measure not in RATIO_MEASURES and _COMPARES.search(sentence):
            return carry
    compares = bool(_DIRECTION.search(sentence) and _GROUP_WORDS.search(sentence)) or bool(
        _ARMS_DIFFERENCE.search(sentence)
    )
    if compares and not _ARM_VALUES.search(sentence):
        return _Carry("MD", sentence_adjusted(sentence), None, "", None, 0)
    return None


@dataclass
class _Carry:
    """The measure last read, for values after it with no measure named (EFFECTS_LABELS.md:
    "an estimate in a later sentence with no measure named takes the measure last named")."""

    measure: str
    adjusted: bool | None
    level: float | None
    outcome: str
    comparison: str | None  # None: read from the sentence once a value is found
    sentences_left: int = 2


#: Arms' own values listed with their intervals: "... 3.9 [3.1-5.0] for placebo gel)".
_ARM_LIST = re.compile(
    r"[)\]]\s*(?:for|in)\s+(?:the\s+)?(?:(?!vs\b|versus\b|compared\b)[\w·.%-]+\s+){0,2}?"
    r"(?:placebo|control|usual\s+care|vehicle)\b"
)
#: An abbreviation just before a value: another statistic named ("ARR, 3.3 [...]", "NNT 20 (...)").
_OTHER_STATISTIC = re.compile(
    r"\b(?:ARR|ARI|RRR|ARD|NN[TH]\w*|AUR?OC|AUC|SMR|SIR|PAR|ICC|GMR|PPV|NPV|ES)\s?[,:=]?\s?[(\[]?\s*$"
)
#: After a value and its interval, the other arm's value: "11 [7-21] vs. 14 [8-36] days".
_PAIRED = re.compile(r"\s*[)\]]?\s*(?:vs\.?|versus)\s+-?\d")
_PERCENT_NEXT = re.compile(r"-?\s?\.?\d[\d.]*\s?%")
_HIGHER_AFTER = re.compile(
    r"\s*[)\]]?\s*(?:[A-Za-zµμ/]{1,8}\s+)?(?:higher|lower|greater|less|more|better|worse)\b"
)
_CHANGE_BY = re.compile(r"\bby\s*[(\[]?\s*$")


#: What a further value of a list names before its own bracket: "), major coronary events (0.70, ...".
_ITEM_NAME = re.compile(
    r"[\s)\]]*(?:[,;]\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?P<o>[A-Za-z][\w '/-]{2,60}?)\s*[(\[]\s*",
    re.IGNORECASE,
)
#: ... unless it is a subgroup or a time point of the same outcome ("), in men (0.7, ...").
_NOT_AN_OUTCOME = re.compile(
    r"(?:in|among|for|at|after|with|without|during|by|on|from|to|versus|vs|compared|than|respectively|"
    r"but|not|nor)\b",
    re.IGNORECASE,
)


def _named_before(norm: str, s_start: int, kw_start: int, outcome: str) -> bool:
    """Whether ``outcome`` is the phrase just before the bracket that holds the estimate."""
    return bool(outcome) and norm[s_start:kw_start].rstrip(" ([").lower().endswith(outcome.lower())


def _item_outcome(norm: str, previous: Parsed, item: Parsed, outcome: str) -> str:
    """The outcome of a further value of a list whose first value's outcome was named just before
    its bracket: the phrase before the item's own bracket ("all cause mortality (odds ratio 0.88,
    ...), major coronary events (0.70, ...)"), else the first value's."""
    name = _ITEM_NAME.fullmatch(norm, previous.end, item.value_start)
    if name is None or _NOT_AN_OUTCOME.match(name.group("o")) or len(name.group("o").split()) > 6:
        return outcome
    return trim_phrase(name.group("o")) or outcome


def _carried(
    text: str,
    norm: str,
    paper_id: str,
    section: int,
    span: tuple[int, int],
    carry: _Carry,
    taken: set[int],
    later: bool,
) -> list[Effect]:
    """Values of ``carry.measure`` with their intervals in ``span`` that no measure names.

    ``later``: the span is a later sentence, where the level is read only when stated again and
    a difference counts only in a sentence that compares.
    """
    start, end = span
    found: list[Effect] = []
    unnamed = later and carry.sentences_left == 0 and carry.measure == "MD"
    if carry.measure not in RATIO_MEASURES and _ARM_VALUES.search(norm, start, end):
        return found  # "higher in A (77.2%, 95% CI ...) than in B (74.8%, ...)": each arm's own value
    if _ARM_LIST.search(norm, start, end):
        return found  # "(4.7 [3.8-5.8] for drug A, 3.9 [3.1-5.0] for placebo)": each arm's own rate
    pos = start
    for m in _CARRIED.finditer(norm, start, end):
        if m.start() < pos or (m.group("word") and (not unnamed or _PERCENT_NEXT.match(norm, m.end()))):
            continue  # (after a plain word, a percentage is most often a relative change: "prevent 16% (...) more events")
        clause = max(
            start, m.start() - 100, norm.rfind(")", start, m.start()), norm.rfind("]", start, m.start())
        )
        stop_word = _last(_CARRY_STOP.finditer(norm, clause, m.start() + 1))
        if stop_word is not None and carry.measure == "IRR" and stop_word.group(0).lower().startswith("rate"):
            stop_word = None  # "Mortality rates were similar (0.95 [0.71-1.28])": rates are what a rate ratio compares
        if stop_word is not None and not (
            # "symptom scores with X compared with placebo (0.73 points; …)": the comparison
            # after the statistic's name makes the value its difference.
            unnamed and _COMPARED.search(norm, stop_word.end(), m.start() + 1)
        ):
            continue
        parsed = read_value(norm, m.end(), end, carry.measure, None)
        if parsed is None or parsed.ci is None or parsed.value_start in taken:
            continue
        if (
            unnamed
            and not found
            and (parsed.level is None and not re.search(r"\bCI\b", norm[parsed.value_end : parsed.end]))
        ):
            continue  # an unnamed difference needs its interval labelled (the first of a list, at least)
        if norm[m.end() : parsed.value_start].strip() or _PAIRED.match(norm, parsed.end, end):
            continue
        if _OTHER_STATISTIC.search(norm, max(start, m.start() - 12), m.end()):
            continue  # "OR, 0.60 [...]; ARR, 3.3 [95% CI, 0.4 to 6.3]": another statistic, named
        if m.group("counts") and not _COUNTS_COMPARED.search(norm, max(start, m.start() - 120), m.start()):
            continue
        if (
            not m.group("open")
            and not m.group("counts")
            and not re.match(r"\s?(?:%|[A-Za-zµμ/]{1,12})?\s*[(\[]", norm[parsed.value_end : end])
        ):
            continue
        if (
            _CHANGE_BY.search(norm, max(start, m.start() - 12), parsed.value_start)
            and "%" in norm[parsed.value_end : parsed.value_end + 2]
        ):
            continue  # "reduced the ratio by 20% (95% CI, 9 to 30)": a percentage change
        level = parsed.level if later else parsed.level or carry.level
        p_match = match_p_value(norm, parsed.end, min(end, parsed.end + 60))
        stop = parsed.end
        if p_match is not None and P_GAP.match(norm[parsed.end : p_match.start]):
            stop = p_match.end
        else:
            p_match = None
        if (
            unnamed
            and not m.group("open")
            and not _HIGHER_AFTER.match(norm, stop, end)
            and not _CHANGED_BY.search(norm, max(start, m.start() - 40), m.end())
            # "The largest mean placebo-corrected ΔQTcF was 12.1 ms (90% CI ...) and 22.2 ms (...)"
            and not _ARMS_DIFFERENCE.search(norm, start, m.start())
            # "reduced weight by 2.9 kg (...), sibutramine by 4.2 kg (...)": the list goes on
            and not (found and m.group(0).startswith("by"))
        ):
            continue  # an unnamed difference heads its bracket, is "0.55% (...) higher in A" or "improved by 0.25 (...)"
        if unnamed and _WITHIN_ARM_AFTER.match(norm, stop, end):
            continue  # a change within one arm
        taken.add(parsed.value_start)
        pos = stop
        if carry.comparison is None:
            carry.comparison = comparison_named(norm[start:end])
        found.append(
            Effect(
                measure=carry.measure,
                value=parsed.value,
                ci_low=parsed.ci[0],
                ci_high=parsed.ci[1],
                ci_level=level,
                p_text=text[p_match.start : p_match.end] if p_match else "",
                p_value=p_match.value if p_match else None,
                p_operator=p_match.operator if p_match else "",
                outcome=carry.outcome,
                comparison=carry.comparison or "",
                adjusted=carry.adjusted,
                span=Span(
                    paper_id=paper_id,
                    section=section,
                    start=parsed.value_start,
                    end=stop,
                    text=text[parsed.value_start : stop],
                ),
            )
        )
    return found


def _effects_in(
    text: str,
    norm: str,
    paper_id: str,
    section: int,
    bounds: Iterable[tuple[int, int]],
    defs: Definitions = NO_DEFINITIONS,
) -> list[Effect]:
    effects: list[Effect] = []
    carry: _Carry | None = None
    # The ratio last named, when a difference was named after it: "... (relative risk 0.85, ...)
    # ... (mean difference -60 g, ...). Interventions reduced the risk of X (0.74, 0.60 to 0.92)".
    ratio_carry: _Carry | None = None
    for s_start, s_end in bounds:
        sentence = norm[s_start:s_end]
        sentence_first = len(effects)
        named_end = s_start
        if "likely" in sentence or "odds" in sentence:
            effects.extend(odds_before(text, norm, paper_id, section, s_start, s_end))
        if "point" in sentence or "absolute" in sentence:
            effects.extend(points_before(text, norm, paper_id, section, s_start, s_end))
        if "fold" in sentence:
            effects.extend(fold_risk(text, norm, paper_id, section, s_start, s_end))
        keywords = measure_mentions(sentence, defs)
        for kw in keywords:
            kw.start += s_start
            kw.end += s_start
        if not keywords and ("versus" in sentence or "vs" in sentence):
            effects.extend(versus_labelled(text, norm, paper_id, section, s_start, s_end))
        taken: set[int] = set()
        # A ratio named but not read, whose description holds a plain "difference": "The odds
        # ratio for an increase equal to the difference between A and B was 1.49 (0.88-2.52)".
        unread_ratio: MeasureMention | None = None
        carried = (
            _carry_into(sentence, carry)
            if not keywords and len(effects) == sentence_first and ("(" in sentence or "[" in sentence)
            else None
        )
        if (
            carried is None
            and ratio_carry is not None
            and carry is not None
            and carry.measure not in RATIO_MEASURES
            and not keywords
            and len(effects) == sentence_first
        ):
            carried = (
                _carry_into(sentence, ratio_carry)
                if _RATIO_WORDS.search(sentence) or _COUNTS_COMPARED.search(sentence)
                else None
            )
        series = False
        if carried is not None:
            more = _carried(text, norm, paper_id, section, (s_start, s_end), carried, taken, True)
            effects.extend(more)
            series = bool(more) and carried.measure in RATIO_MEASURES
        if carry is not None and not keywords:
            carry.sentences_left -= 1
            if ratio_carry is not None:
                ratio_carry.sentences_left -= 1
        if series and carried is not None:
            # A ratio read again goes on as a series: "... (relative risk 0.73, ...). Cervical cancer
            # was also less common (...; 0.29, 0.10-0.87). ... (171 of 19 999 vs 150 of 20,106; 1.15, ...)"
            carried.sentences_left = _Carry.sentences_left
        elif keywords:
            carry = ratio_carry = None
        for index, kw in enumerate(keywords):
            if kw.measure == "DIFF" and _NEGATED.search(norm, max(s_start, kw.start - 40), kw.start):
                continue  # "no significant difference was seen in X (5.7%; 95% CI ...)"
            if kw.measure in {"DIFF", "DIFF_NAMED"} and _NOT_A_RESULT.search(
                norm, max(s_start, kw.start - 50), kw.start
            ):
                continue
            if kw.end - kw.start <= 4 and _GROUP_MEAN.match(norm, kw.end):
                continue
            if kw.measure == "MD" and _REEXPRESSED.search(norm, max(s_start, kw.start - 60), kw.start):
                continue  # "SMD -0.36 ...; back translated to mean difference of 14.4 points lower"
            if _TO_DETECT.search(norm, max(s_start, kw.start - 60), kw.start):
                continue  # "power to detect the mean difference (MD, 70 g)": planned, not found
            pos = kw.end
            skip = SKIP_ABBREV.match(norm, pos, s_end)
            if skip:
                pos = skip.end()
            pre_level: float | None = None
            header = HEADER.match(norm, pos, s_end) or P_HEADER.match(norm, pos, s_end)
            if header is not None:
                pre_level = float(header.group("lvl"))
                pos = header.end()
            pre = PRE_LEVEL.match(norm, pos, s_end)
            if pre and (pre.group("lvl") or pre.group("lvl2")):
                pre_level = float(pre.group("lvl") or pre.group("lvl2"))
                pos = pre.end()
            # A plain "difference" only bounds the window when it is a measure itself ("HR 1.1 per
            # year difference, P = ...": the p-value still belongs to the HR).
            limit = next(
                (
                    k.start
                    for k in keywords[index + 1 :]
                    if k.start >= pos and k.measure not in {"DIFF", "ODDS"}
                ),
                s_end,
            )
            odds = kw.measure == "ODDS"
            parsed = read_value(norm, pos, limit, "OR" if odds else kw.measure, pre_level, times=odds)
            # Odds compared, or "the difference between groups", count only with an interval.
            needs_ci = odds or (
                _BETWEEN.match(norm, kw.start) is not None
                # ("the difference between groups was −0.69, p=0.078": tested, so a result)
                and (parsed is None or not tested_next(norm, parsed.end, limit))
            )
            if parsed is None or parsed.value_start in taken or (needs_ci and parsed.ci is None):
                if parsed is None and kw.measure in RATIO_MEASURES:
                    unread_ratio = kw
                continue
            taken.add(parsed.value_start)
            measure = "OR" if odds else kw.measure
            if (
                kw.measure == "DIFF"
                and unread_ratio is not None
                and re.fullmatch(
                    r"\s+(?:for|of|associated|comparing)\b[^\d()\[\];]{0,150}",
                    norm[unread_ratio.end : kw.start],
                )
            ):
                measure = unread_ratio.measure
            elif measure.startswith("DIFF"):
                measure = _difference_measure(norm[kw.start : kw.end], norm[s_start : kw.start], norm, parsed)
            unread_ratio = None
            adjusted = kw.adjusted if kw.adjusted is not None else sentence_adjusted(sentence)
            outcome = _outcome(norm, s_start, kw, pos, parsed.value_start)
            comparison = comparison_named(sentence)
            chain = [parsed]
            # "HRs were 0.7 (0.5-0.9) and 0.8 (0.6-1.0)": further bracketed values, same measure.
            while (follow := read_following(norm, chain[-1], limit, measure, chain[0].level)) is not None:
                if measure == "RD" and _in_percent(norm, chain[0]) and not _in_percent(norm, follow):
                    break  # "(ARR: 4.5%, 95% CI ...), and preterm delivery (0.62, ...)": a ratio, not the list
                chain.append(follow)
                taken.add(follow.value_start)
            if chain[0].ci is None and len(chain) == 1:
                chain.extend(bare_list(norm, parsed, limit, measure))
            listed = more_intervals(norm, chain[-1].end, limit) if chain[-1].ci is not None else None
            if listed is not None:
                earlier = earlier_values(norm, kw, keywords, taken)
                chain = pair_respectively(chain, listed, measure, earlier)
            taken.update(item.value_start for item in chain)
            before_p = _p_before(norm, s_start, kw, keywords[:index])
            names_before = listed is None and _named_before(norm, s_start, kw.start, outcome)
            for previous, item in zip([None, *chain], chain, strict=False):
                item_outcome = outcome
                if names_before and previous is not None:
                    item_outcome = _item_outcome(norm, previous, item, outcome)
                p_match = match_p_value(norm, item.end, min(limit, item.end + 60))
                end = item.end
                p_text, p_value, p_op = "", None, ""
                if p_match is not None and P_GAP.match(norm[item.end : p_match.start]):
                    p_text, p_value, p_op = text[p_match.start : p_match.end], p_match.value, p_match.operator
                    end = p_match.end
                elif before_p is not None and item is chain[0]:
                    p_text, p_value, p_op = (
                        text[before_p.start : before_p.end],
                        before_p.value,
                        before_p.operator,
                    )
                span_start = (
                    kw.start if item is chain[0] and kw.start < item.value_start else item.value_start
                )
                named_end = max(named_end, end)
                if not (measure == "RD" and carry is not None and carry.measure in RATIO_MEASURES):
                    # A risk difference given beside a ratio ("RR: 0.74, ...; ARR: 4.5%, ...") is its
                    # companion: later values with no name ("and preterm delivery (0.62, ...)") are ratios.
                    carry = _Carry(measure, adjusted, item.level, item_outcome, comparison)
                    if measure in RATIO_MEASURES:
                        ratio_carry = _Carry(measure, adjusted, item.level, item_outcome, comparison)
                effects.append(
                    Effect(
                        measure=measure,
                        value=item.value,
                        ci_low=item.ci[0] if item.ci else None,
                        ci_high=item.ci[1] if item.ci else None,
                        ci_level=item.level if item.ci else None,
                        p_text=p_text,
                        p_value=p_value,
                        p_operator=p_op,
                        outcome=item_outcome,
                        comparison=comparison,
                        adjusted=adjusted,
                        span=Span(
                            paper_id=paper_id,
                            section=section,
                            start=span_start,
                            end=end,
                            text=text[span_start:end],
                        ),
                    )
                )
            if limit < s_end and carry is not None and carry.measure == measure:
                # Values before the next measure named are this one's: "the adjusted rate ratio ...
                # was 29.8 (16.4 to 54.1) and during days 14 to 120 was 3.24 (1.20 to 8.74); the
                # corresponding absolute risk differences were ..."
                effects.extend(_carried(text, norm, paper_id, section, (end, limit), carry, taken, False))
        if carry is not None and keywords and named_end > s_start and keywords[-1].start < named_end:
            more = _carried(text, norm, paper_id, section, (named_end, s_end), carry, taken, False)
            effects.extend(more)
        elif keywords and len(effects) == sentence_first and ("(" in sentence or "[" in sentence):
            # Measures named but none read ("... but the difference is not significant using other
            # approaches"): the sentence may still state an unnamed difference with its interval.
            unnamed = _carry_into(sentence, None)
            if unnamed is not None:
                effects.extend(
                    _carried(text, norm, paper_id, section, (s_start, s_end), unnamed, taken, True)
                )
        worded: list[Effect] = []
        if " to " in sentence:
            # (an interval in words of direction; a value the rules above read is not read twice,
            # but one they read without its interval takes it)
            for effect in worded_differences(text, norm, paper_id, section, s_start, s_end):
                if effect.span is None:
                    continue
                over = [
                    i
                    for i in range(sentence_first, len(effects))
                    if (span := effects[i].span) is not None and span.start <= effect.span.start < span.end
                ]
                if not over:
                    worded.append(effect)
                elif (
                    len(over) == 1
                    and effects[over[0]].ci_low is None
                    and abs(effects[over[0]].value) == abs(effect.value)
                ):
                    # a named value whose interval is in words ("mean difference (MD) 13.67 points
                    # higher, 95% CI 9.26 higher to 18.08 higher"): the worded reading, with its name
                    named = effects[over[0]]
                    effects[over[0]] = effect.model_copy(
                        update={"measure": named.measure, "span": named.span}
                    )
            effects.extend(worded)
        if sentence_first < len(effects) - 1 and (keywords or worded):
            # Odds written out ("1.5 higher odds") were read before the named measures.
            ordered = sorted(effects[sentence_first:], key=lambda e: e.span.start if e.span else 0)
            effects[sentence_first:] = ordered
    return effects


_PLUS_SIGN = re.compile(r"(?<=[\s(\[])\+(?=\.?\d)")
#: "0.59 to1.54", a space lost after "to" between bounds; "- " keeps the length.
_GLUED_TO = re.compile(r"(?<=\d\s)to(?=\.?\d)")
_GLUED_TO_HINTS = tuple(f"to{c}" for c in ".0123456789")
#: An en dash opening a bracket, after "=" or ":", or after a space that follows no number is a
#: minus sign: "(–1.6 to 2.3)", "difference=–0.90", "95% CI –5.5, –1.3", "was – 0.44 (95 % CI: – 0.84
#: to – 0.03)" (but "10 – 20" is a range).
_DASH_MINUS = re.compile(r"(?:(?<=[(\[=:])|(?<=[^\d\s]\s))–(?=\s?\.?\d)")


def _normalized(text: str) -> str:
    """``text`` as the patterns read it, offset for offset."""
    # "+6.7" as an upper bound reads as "6.7"; one character for one keeps offsets aligned.
    norm = normalize(text)
    if "+" in norm:
        norm = _PLUS_SIGN.sub(" ", norm)
    if "–" in norm:
        norm = _DASH_MINUS.sub("-", norm)
    if any(glued in norm for glued in _GLUED_TO_HINTS):
        norm = _GLUED_TO.sub("- ", norm)
    return norm


def extract_effects_from_text(
    text: str, paper_id: str = "", section: int = 0, definitions: Definitions | None = None
) -> list[Effect]:
    """Every effect estimate in one piece of text that the rules read, in order of appearance.

    ``definitions`` are the abbreviations in force (see :func:`find_definitions`); by default
    those the text itself defines.
    """
    norm = _normalized(text)
    defs = find_definitions(text) if definitions is None else definitions
    return _effects_in(text, norm, paper_id, section, split_sentences(norm), defs)


@dataclass(frozen=True)
class _Read:
    """One section (``index`` -1: the title) as the rules read it."""

    index: int
    text: str
    label: str
    norm: str
    bounds: list[tuple[int, int]]
    effects: list[Effect]


def _read_sections(paper: Paper) -> list[_Read]:
    # An abbreviation defined anywhere ("rate ratio [RR]") holds for the whole abstract.
    defs = find_definitions("\n".join([paper.title, *(s.text for s in paper.sections)]))
    units = [(-1, paper.title, "")] if paper.title else []
    units += [(i, s.text, s.label or s.category or "") for i, s in enumerate(paper.sections)]
    read: list[_Read] = []
    for index, text, label in units:
        norm = _normalized(text)
        bounds = split_sentences(norm)
        read.append(
            _Read(index, text, label, norm, bounds, _effects_in(text, norm, paper.id, index, bounds, defs))
        )
    return read


def _taken(found: list[Effect]) -> list[tuple[int, int]]:
    return [(e.span.start, e.span.end) for e in found if e.span is not None]


#: A value right after one group is named: "rose in the control group (+0.6 kg, 95% CI ...)".
_ARM_BEFORE = re.compile(
    r"\b(?:in|among|for|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:group|arm|cohort)s?\s*[(\[,:]?\s*$",
    re.IGNORECASE,
)


def _rule_signals(norm: str, candidate: Candidate) -> dict[str, float]:
    """What the rules' patterns for unnamed differences say of a candidate (learned-layer features)."""
    parsed, start, end = candidate.parsed, candidate.start, candidate.end
    sentence = norm[start:end]
    clause = max(start, parsed.value_start - 100, norm.rfind(")", start, parsed.value_start))
    clause = max(clause, norm.rfind("]", start, parsed.value_start))
    signals = {
        "r:dir": _DIRECTION.search(sentence),
        "r:grp": _GROUP_WORDS.search(sentence),
        "r:armvals": _ARM_VALUES.search(norm, start, end),
        "r:armlist": _ARM_LIST.search(norm, start, end),
        "r:within": _WITHIN_ARM_AFTER.match(norm, parsed.end, end),
        "r:paired": _PAIRED.match(norm, parsed.end, end),
        "r:higher": _HIGHER_AFTER.match(norm, parsed.end, end),
        "r:changedby": _CHANGED_BY.search(norm, max(start, parsed.value_start - 40), parsed.value_start),
        "r:stop": _CARRY_STOP.search(norm, clause, parsed.value_start),
        "r:compared": _COMPARED.search(sentence),
        "r:otherstat": _OTHER_STATISTIC.search(norm, max(start, parsed.value_start - 14), parsed.value_start),
        "r:arm_before": _ARM_BEFORE.search(norm, max(start, parsed.value_start - 60), parsed.value_start),
    }
    return {name: 1.0 if found else 0.0 for name, found in signals.items()}


def _candidates(read: _Read) -> list[tuple[Candidate, dict[str, float]]]:
    out: list[tuple[Candidate, dict[str, float]]] = []
    for candidate in candidates_in(read.norm, read.bounds, _taken(read.effects)):
        features = candidate_features(read.norm, candidate, read.label, read.index < 0)
        features.update(_rule_signals(read.norm, candidate))
        out.append((candidate, features))
    return out


def _unnamed_differences(read: _Read, paper_id: str, model: DifferenceModel) -> list[Effect]:
    """The candidates of one section that ``model`` reads as mean differences, as effects."""
    found: list[Effect] = []
    threshold = float(model.meta.get("threshold", THRESHOLD))
    norm, text = read.norm, read.text
    for candidate, features in _candidates(read):
        if model.predict_proba(features).get("MD", 0.0) <= threshold:
            continue
        parsed = candidate.parsed
        assert parsed.ci is not None  # candidates carry an interval
        stop = parsed.end
        p_match = match_p_value(norm, parsed.end, min(candidate.end, parsed.end + 60))
        if p_match is not None and P_GAP.match(norm[parsed.end : p_match.start]):
            stop = p_match.end
        else:
            p_match = None
        sentence = norm[candidate.start : candidate.end]
        found.append(
            Effect(
                measure="MD",
                value=parsed.value,
                ci_low=parsed.ci[0],
                ci_high=parsed.ci[1],
                ci_level=parsed.level,
                p_text=text[p_match.start : p_match.end] if p_match else "",
                p_value=p_match.value if p_match else None,
                p_operator=p_match.operator if p_match else "",
                comparison=comparison_named(sentence),
                adjusted=sentence_adjusted(sentence),
                span=Span(
                    paper_id=paper_id,
                    section=read.index,
                    start=parsed.value_start,
                    end=stop,
                    text=text[parsed.value_start : stop],
                ),
            )
        )
    return found


def extract_effects(paper: Paper, learned: bool = True, model: DifferenceModel | None = None) -> list[Effect]:
    """Every effect estimate in a paper's title and abstract sections.

    The rules read each section; with ``learned`` (the default), the learned layer
    (:mod:`consilience.analyze.difference_model`, or ``model``) then adds the between-group
    differences printed without a name that it recognises among the values the rules left.

    >>> from consilience.model import Section
    >>> paper = Paper(id="x:1", sections=[Section(text="Mortality was lower (OR 2.1 [1.3, 3.4]).")])
    >>> [(e.measure, e.value, e.ci_low, e.ci_high, e.span.text) for e in extract_effects(paper)]
    [('OR', 2.1, 1.3, 3.4, 'OR 2.1 [1.3, 3.4]')]
    """
    if learned and model is None:
        model = load_difference_model()
    effects: list[Effect] = []
    for read in _read_sections(paper):
        found = read.effects
        if learned and model is not None:
            added = _unnamed_differences(read, paper.id, model)
            if added:
                found = sorted(found + added, key=lambda e: e.span.start if e.span else 0)
        effects.extend(found)
    return effects


def difference_candidates(paper: Paper) -> list[tuple[Candidate, dict[str, float]]]:
    """What the learned layer would score in ``paper``: each value with an interval that the
    rules left, with its features (``python -m eval.train_differences`` trains on these)."""
    return [found for read in _read_sections(paper) for found in _candidates(read)]
