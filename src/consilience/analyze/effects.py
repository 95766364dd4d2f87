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
from collections.abc import Iterable
from dataclasses import dataclass

from consilience.analyze.effect_names import (
    MEASURE_NAMES,
    NO_DEFINITIONS,
    RATIO_MEASURES,
    Definitions,
    MeasureMention,
    find_definitions,
    measure_mentions,
)
from consilience.analyze.numbers import PMatch, match_interval, match_p_value, normalize
from consilience.analyze.sentences import split_sentences
from consilience.model import Effect, Paper, Span

__all__ = [
    "MEASURE_NAMES",
    "RATIO_MEASURES",
    "Definitions",
    "extract_effects",
    "extract_effects_from_text",
    "find_definitions",
]

_SKIP_ABBREV = re.compile(r"\s*[(\[]\s*(?:a|adjusted\s)?[A-Za-z]{2,5}\s*[)\]]")
_LEVEL = (
    r"(?P<lvl>\d{2}(?:\.\d+)?)\s?(?:%|percent|per\scent)?\s?(?:CI|C\.I\.|CrI|UI|confidence\s+intervals?|credible\s+intervals?|"
    r"uncertainty\s+intervals?)(?:\s*[(\[]\s*CI\s*[)\]])?|CI\s?(?P<lvl2>\d{2})\s?%?|(?P<bare>CI|confidence\s+intervals?)"
)
_PRE_LEVEL = re.compile(r"\s*[(\[,]?\s*(?:" + _LEVEL + r")\s*[)\]]?\s*", re.IGNORECASE)
_CI_LEAD = re.compile(
    r"\s*(?P<punct>[,;:])?\s*(?:\bwith\s+(?:an?\s+|the\s+)?)?(?P<open1>(?:[(\[]\s*){1,2})?(?:(?:"
    + _LEVEL
    + r")\s*(?:[,:;=]|\bof\b|\bwas\b|\bfrom\b|\branging\sfrom\b)?\s*)?"
    r"(?P<open2>[(\[]\s*)?",
    re.IGNORECASE,
)
#: A candidate point value; a number glued to letters ("1100delC") or after a comparison sign
#: (">39 years", a threshold) is never one.
_CANDIDATE = re.compile(
    r"(?<![\w.<>≤≥])(?<![<>≤≥]\s)(?:(?<![\d])-\s?)?(?:\d+(?:\.\d+)?|\.\d+)(?![\d.]*\d)(?![A-Za-z])"
)
_UNIT_AFTER = re.compile(
    r"\s?(?:%|-?\s?(?:years?|yrs?|months?|mo|weeks?|wk|days?|hours?|h|mg|g|kg|µg|mcg|ml|mL|L|mmol|"
    r"mmHg|cm|mm|patients|participants|subjects|studies|trials|events|cases|times|fold|points?)\b|-[A-Za-z]|/)"
)
_TIGHT_GAP = re.compile(
    r"^\s*(?:(?:[,:=(\[]|was|were|is|of|estimated\s+at|about|approximately)\s*)*$"
    # "odds ratio for death: 1.5", "difference in proportion of responders: 43.2%"
    r"|^\s*(?:for|of|in)\s+[\w'-]+(?:\s+[\w'-]+){0,3}\s*[:=]\s*$"
    # "HR per one standard deviation increase 1.88", "OR per SD higher level: 1.3"
    r"|^\s*per\s+(?:one\s+|an?\s+|each\s+)?(?:standard[\s-]deviations?|SD)"
    r"(?:\s+(?:increase|increment|higher|rise|greater)(?:\s+in\s+[\w-]+)?)?\s*[:=,]?\s*$",
    re.IGNORECASE,
)
#: A unit not in _UNIT_AFTER after a difference ("-230 kJ", "4.1 mL/min"), optionally restated
#: in another unit ("-230 kJ (-55 kcal)"); taken only when a labelled interval follows.
_OTHER_UNIT = re.compile(
    r"\s?[A-Za-zµ°][\w/²³.-]{0,9}(?:\s*\(\s*-?\s?\d[\d.,]*\s?[A-Za-zµ°][\w/²³.-]{0,9}\s*\))?"
)
#: A short qualifier between a value and its labelled interval: "0.90 for the enalapril group
#: compared with placebo (95% CI ...", "44.5% in favour of budesonide; 95% CI (...)".
_DEFERRED_CI = re.compile(
    r"\s+(?:for|in|among|with|compared|versus|vs\.?|in\s+favou?r\s+of)\s[^\d()\[\];:=<>%]{1,70}?"
    r"(?=\s*[(\[;,]\s*(?:[(\[]\s*)?\d{2}(?:\.\d)?\s?%\s?(?:CI|confidence\s+intervals?)\b)",
    re.IGNORECASE,
)
#: One arm's own result standing between a difference's name and a number.
_ARM_GAP = re.compile(r"\bgroups?\s+(?:had|has|showed|reached|achieved)\b", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\brang(?:e[ds]?|ing)\s+(?:from\s+|between\s+)?$", re.IGNORECASE)
_GAP_OK = re.compile(r"^[^;]{0,90}$")
#: Between a measure's name and a value that carries a labelled interval, a longer description
#: may stand ("relative risks of disability in the highest quartile ... were for X 2.34 (95% CI ...)").
_LONG_GAP = 160
#: An interval label inside the gap: "HR and 95% CI for AD were 1.23 (0.97-1.55)", "RR (90% CI) was".
_GAP_LEVEL = re.compile(
    r"(?:\b(?:and|with)\s+(?:their\s+|the\s+)?|[(\[]\s*)(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?"
    r"(?:CIs?|confidence\s+intervals?)(?:\s*[(\[]\s*CIs?\s*[)\]])?(?:\s*[)\]])?",
    re.IGNORECASE,
)
_TIME_UNIT = re.compile(r"\s?-?\s?(?:years?|yrs?|months?|mo|weeks?|wk|days?|hours?|h)\b")
_UNIT_REST = re.compile(r"[^\s,;:()\[\]]*")
_DIFFERENCES = frozenset({"MD", "RD", "SMD", "DIFF", "DIFF_NAMED"})
#: A further value in a list after the first: "..., 1.35 (95% CI 0.86-2.10) among users",
#: "major coronary events (0.70, 0.61 to 0.81)", "for depression 2.50 (95% CI: 1.09-5.72)".
_FOLLOW_VALUE = re.compile(
    r"[\s)\]]*(?P<sep>[,;])?\s*(?:(?:and|or)\s+)?(?P<gap>[^\d;()\[\]=<>≤≥]{0,80}?)\s*(?:[(\[]\s*)?"
    r"(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)(?![A-Za-z])"
)
_FOLLOW_STOP = re.compile(
    r"\b(?:median|mean|average|IQR|range|SD|SE|n|N|number|months?|years?|weeks?|days?|vs|versus|"
    r"respectively|rates?|percent|proportion|differences?|NN[TH]\w*|P|p)\b"
)
#: Between an estimate and its p-value: punctuation, "and"/"with", a unit left after the interval
#: ("(95% CI -1.3 to -0.2) kg; p = 0.009") and qualifiers such as "two-sided" or "Bonferroni-adjusted".
_P_GAP = re.compile(
    r"^[\s,;:)\]\[(]*(?:[A-Za-zµ/%]{1,5}\d?[\s,;:)\]]+)?(?:and\s*|with\s*)?(?:an?\s|the\s)?"
    r"(?:(?:two|one|2|1)[-\s](?:sided|tailed)\s*|(?:Bonferroni[-\s])?(?:adjusted|corrected)\s*|"
    r"log[-\s]rank\s*|exact\s*)?[\s,;:(\[]*$",
    re.IGNORECASE,
)
#: A measure named as a column header, its level closing the bracket, values after it:
#: "mean change (difference Control-X; 95% CI) in haemoglobin (-2.9; -5.7, -1.1), ...".
_HEADER = re.compile(
    r"\s*[^()\[\];,=\d]{0,40}?[;,]\s*(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?CI\s*[)\]]", re.IGNORECASE
)
_ADJ_SENTENCE = re.compile(r"adjust|multivariable|multivariate|propensity", re.IGNORECASE)
_UNADJ_SENTENCE = re.compile(r"unadjusted|crude|univariat", re.IGNORECASE)
_OUTCOME_LEFT = re.compile(
    r"(?:risk|rates?|incidence|odds|hazard|occurrence|likelihood|probability)\s+of\s+"
    r"(?P<o>[a-z][\w\s'/-]{2,60}?)\s*(?:[(\[,;]|\b(?:was|were|by|in|among|with|compared|than|for)\b|$)",
    re.IGNORECASE,
)
_OUTCOME_GAP = re.compile(r"^\s*,?\s*(?:for|of)\s+(?P<o>[^,;:()=\[\]]{2,80}?)\s*(?:[,;:=(]|$)", re.IGNORECASE)
_COMPARISON = re.compile(
    r"(?P<a>[\w/+-]+(?:\s[\w/+-]+){0,3})\s+(?:vs\.?|versus|compared\s+(?:with|to)|relative\s+to|than)\s+"
    r"(?:with\s+|the\s+)?(?P<b>[\w/+-]+(?:\s[\w/+-]+){0,3})",
    re.IGNORECASE,
)
_STOP_WORDS = {"the", "a", "an", "in", "of", "for", "with", "and", "was", "were", "group", "groups", "arm"}


@dataclass
class _Parsed:
    value: float
    value_start: int
    value_end: int
    ci: tuple[float, float] | None
    level: float | None
    end: int


def _read_ci(
    text: str, pos: int, limit: int, level_known: bool = False
) -> tuple[tuple[float, float], float | None, int] | None:
    """An interval at ``pos``: labelled, bracketed, or after a comma with a dash ("0.66, 0.49–0.88").

    ``level_known``: the interval was labelled before the value ("(difference; 95% CI) in X
    (-2.9; -5.7, -1.1)"), so a separator before it is enough.
    """
    lead = _CI_LEAD.match(text, pos, limit)
    if lead is None:
        return None
    labelled = bool(lead.group("lvl") or lead.group("lvl2") or lead.group("bare"))
    bracketed = bool(lead.group("open1") or lead.group("open2"))
    interval = match_interval(text[:limit], lead.end())
    if interval is None:
        return None
    if not (labelled or bracketed):
        # Lancet style "HR 0.66, 0.49–0.88": an unlabelled interval needs a comma and a dash.
        joint = text[interval.start : interval.end]
        if not lead.group("punct"):
            return None
        if not level_known and not re.search(r"\d\s?(?:–|-|to)\s?-?\s?\.?\d", joint):
            return None
    level_text = lead.group("lvl") or lead.group("lvl2")
    end = interval.end
    close = re.match(r"\s*[)\]]", text[end:limit])
    if close and bracketed:
        end += close.end()
    return (interval.low, interval.high), (float(level_text) if level_text else None), end


def _plausible(measure: str, value: float, ci: tuple[float, float] | None) -> bool:
    if measure in RATIO_MEASURES and value <= 0:
        return False
    if ci is None:
        return True
    low, high = ci
    if low > high:
        return False
    if measure in RATIO_MEASURES and low < 0:
        return False  # a lower bound printed as 0 is a rounded small ratio
    slack = 1e-9 + 0.011 * max(abs(value), 1.0)
    return low - slack <= value <= high + slack


def _read_value(text: str, pos: int, limit: int, measure: str, pre_level: float | None) -> _Parsed | None:
    for cand in _CANDIDATE.finditer(text, pos, limit):
        gap = text[pos : cand.start()]
        gap_level = pre_level
        label = _GAP_LEVEL.search(gap)
        if label is not None:
            gap_level = gap_level or float(label.group("lvl"))
            gap = gap[: label.start()] + gap[label.end() :]
        if ";" in gap or len(gap) > _LONG_GAP or re.search(r"\bCI\b|confidence", gap, re.IGNORECASE):
            return None
        if _RANGE_GAP.search(gap):
            return None  # "ORs ranging from 1.37 in A [95% CI ...] to 2.52 in B": a range of estimates
        tight = bool(_TIGHT_GAP.match(gap))
        unit = _UNIT_AFTER.match(text, cand.end())
        after = cand.end()
        level_known = gap_level is not None
        if unit is None and measure in _DIFFERENCES and (other := _OTHER_UNIT.match(text, after, limit)):
            labelled = _read_ci(text, other.end(), limit)
            if labelled is not None and labelled[1] is not None:
                after = other.end()
        if unit and measure in _DIFFERENCES:
            # A difference carries the outcome's unit ("-0.28 kg", "0.53 g/dL", "9.0%"); a time
            # point ("at 12 months") is skipped unless an interval follows it.
            percent = unit.group(0).strip() == "%"
            rest = _UNIT_REST.match(text, unit.end())
            after = unit.end() if percent or rest is None else rest.end()
            timed = bool(_TIME_UNIT.match(text, cand.end()))
            if not percent and _read_ci(text, after, limit) is None and (timed or not tight):
                continue
        elif unit:
            continue
        if re.search(r"\b[nN]\s?=\s?$", text[max(0, cand.start() - 5) : cand.start()]):
            continue
        value = float(cand.group(0).replace(" ", ""))
        ci_read = _read_ci(text, after, limit, level_known)
        if ci_read is None and (deferred := _DEFERRED_CI.match(text, after, limit)) is not None:
            ci_read = _read_ci(text, deferred.end(), limit)
            if ci_read is not None and ci_read[1] is None:
                ci_read = None
        ci, level, end = (ci_read[0], ci_read[1], ci_read[2]) if ci_read else (None, None, after)
        if ci is not None and not _plausible(measure, value, ci):
            ci, level, end = None, None, after
        if not _plausible(measure, value, None):
            return None
        if measure == "DIFF" and len(gap) > 60:
            return None  # a plain "difference" must stand close to its value
        if ci is None and (not tight or measure == "DIFF"):
            return None  # a bare number far from the measure's name is too often something else
        if ci is None and re.match(r"\s*%?\s*(?:to|–|-)\s*-?\s?\.?\d", text[after:limit]):
            return None  # the start of a range ("difference in means: -1.14 to -1.52")
        if len(gap) > 90 and (ci is None or (level or gap_level) is None):
            return None
        if measure in _DIFFERENCES and _ARM_GAP.search(gap):
            return None  # "no between-group difference: the X group had a mean change of -0.2 (95% CI ...)"
        if ci is not None and level is None:
            level = gap_level
        return _Parsed(value, cand.start(), cand.end(), ci, level, end)
    return None


#: The rest of a bracket after an interval: "1.31 (1.01–1.71; 3rd quartile, 221–248 mg/dl) and ...".
_BRACKET_REST = re.compile(r"\s*[;,][^()\[\]]{0,60}?[)\]]")
#: A further value after a time point: "(... at 1 h: 1.21; 90% CI 1.13–1.29; and at 4 h: 1.12; 90% CI ...)".
_TIMED_VALUE = re.compile(
    r"[\s)\]]*[,;]\s*(?:and\s+)?(?:at|after)\s+(?:(?:week|month|day|visit)\s+)?\d+(?:\.\d+)?\s*"
    r"(?:h|hours?|min|minutes?|days?|weeks?|months?|years?)?\s*:\s*"
    r"(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)(?![A-Za-z])",
    re.IGNORECASE,
)
#: The measure taken up again: "was 1.16 (95% CI ...) per SD, and it was 1.13 (95% CI ...) after ...".
_RESUMED_VALUE = re.compile(
    r"(?:[^;.]|\.(?=\d)){0,100}?,?\s(?:and|while|whereas|but)\s+(?:it|this)\s+was\s+"
    r"(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)(?![A-Za-z])"
)


def _follow(norm: str, last: _Parsed, limit: int, measure: str, level: float | None) -> _Parsed | None:
    """The next value in a list of estimates of one measure, each with its interval; None at its end.

    "HRs were 0.7 (0.5-0.9) and 0.8 (0.6-1.0)", also past the rest of a bracket ("1.3 (1.0-1.7;
    3rd quartile) and 1.6 (1.2-2.1)"), a time point ("; and at 4 h: 1.1; 90% CI ...") or the
    measure taken up again ("and it was 1.13 (95% CI ...)").
    """
    starts = [last.end]
    if norm.count("(", last.value_end, last.end) > norm.count(")", last.value_end, last.end):
        rest = _BRACKET_REST.match(norm, last.end, limit)
        if rest is not None:
            starts.append(rest.end())
    for start in starts:
        more = _FOLLOW_VALUE.match(norm, start, limit)
        if more is None or _FOLLOW_STOP.search(more.group("gap")):
            continue
        if more.group("sep") == ";" and more.group("gap").strip():
            continue  # "...; NNTB 20, 95% CI 13 to 100": another statistic, not the list
        found = _listed(norm, more, limit, measure, level)
        if found is not None:
            return found
    for pattern in (_TIMED_VALUE, _RESUMED_VALUE):
        more = pattern.match(norm, last.end, limit)
        found = _listed(norm, more, limit, measure, level, labelled=True) if more is not None else None
        if found is not None:
            return found
    return None


def _listed(
    norm: str, more: re.Match[str], limit: int, measure: str, level: float | None, labelled: bool = False
) -> _Parsed | None:
    """The value that ``more`` found, when its interval follows and holds it."""
    value = float(more.group("v").replace(" ", ""))
    after = more.end("v")
    unit = _UNIT_AFTER.match(norm, after)
    if unit and measure in _DIFFERENCES and unit.group(0).strip() == "%":
        after = unit.end()
    elif unit:
        return None
    ci_read = _read_ci(norm, after, limit, level is not None)
    if ci_read is None or not _plausible(measure, value, ci_read[0]) or (labelled and ci_read[1] is None):
        return None
    return _Parsed(value, more.start("v"), more.end("v"), ci_read[0], ci_read[1] or level, ci_read[2])


_P_SKIP = r"(?:\s*[,;]\s*[Pp]\s?(?:<=|>=|[<>=≤≥])\s?\d*\.?\d+(?:\s?(?:[x×*]\s?10\^?|[eE])\s?[-–]?\s?\d+)?)?"
#: A further value of a list without intervals: "(difference in responders: 43.2%, P<0.001, and 17.3%".
_BARE_ITEM = re.compile(
    _P_SKIP + r"\s*,?\s*(?:and\s+)?(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)(?![A-Za-z])(?P<pct>\s?%)?"
)
_RESPECTIVELY = re.compile(_P_SKIP + r"\s*,?\s*respectively\b")
#: Between the intervals of a "respectively" list: "(95% CI, 0.5-9.6 and 0.7-3.2, respectively)".
_INTERVAL_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)")


def _bare_list(norm: str, first: _Parsed, limit: int, measure: str) -> list[_Parsed]:
    """Further values of a list without intervals, kept only when "respectively" closes it.

    "(difference in proportion of responders: 43.2%, P<0.001, and 17.3%, P=0.001, respectively)".
    """
    percent = norm[first.value_end : first.end].strip() == "%"
    items: list[_Parsed] = []
    pos = first.end
    while len(items) < 5:
        more = _BARE_ITEM.match(norm, pos, limit)
        if more is None or bool(more.group("pct")) != percent:
            return []
        if not percent and _UNIT_AFTER.match(norm, more.end("v")):
            return []
        value = float(more.group("v").replace(" ", ""))
        if not _plausible(measure, value, None):
            return []
        items.append(_Parsed(value, more.start("v"), more.end("v"), None, None, more.end()))
        pos = more.end()
        if _RESPECTIVELY.match(norm, pos, limit):
            return items
    return []


def _more_intervals(norm: str, pos: int, limit: int) -> tuple[list[tuple[float, float]], int] | None:
    """Intervals after the first of a list closed by "respectively", and where the list ends;
    None when there is no such list."""
    found: list[tuple[float, float]] = []
    while len(found) < 5:
        sep = _INTERVAL_SEP.match(norm, pos, limit)
        interval = match_interval(norm[:limit], sep.end()) if sep is not None else None
        if interval is None:
            break
        found.append((interval.low, interval.high))
        pos = interval.end
    closing = _RESPECTIVELY.match(norm, pos, limit)
    if not found or closing is None:
        return None
    return found, closing.end()


def _pair_respectively(
    chain: list[_Parsed], listed: tuple[list[tuple[float, float]], int], measure: str, earlier: list[_Parsed]
) -> list[_Parsed]:
    """Pair "V1 and V2 (95% CI, a-b and c-d, respectively)" in order: the first interval read with
    V2 belongs to V1. Values before the list (``earlier``, nearest last) fill it when the chain is
    short; when the list cannot be paired the interval is dropped rather than misassigned."""
    last = chain[-1]
    if last.ci is None:
        return chain
    more, end = listed
    intervals = [last.ci, *more]
    values = [item for item in chain if item.ci is None or item is last][-len(intervals) :]
    if len(values) < len(intervals):
        values = [*earlier[-(len(intervals) - len(values)) :], *values]
    pairs = list(zip(values, intervals, strict=False))
    if len(values) != len(intervals) or not all(_plausible(measure, v.value, ci) for v, ci in pairs):
        last.ci = None
        return chain
    paired = [_Parsed(v.value, v.value_start, v.value_end, ci, last.level, end) for v, ci in pairs]
    kept = [item for item in chain if all(item.value_start != p.value_start for p in paired)]
    return sorted([*kept, *paired], key=lambda item: item.value_start)


#: A value stated with a verb before a later list's intervals: "The OR of A was 2.2 and the OR ...".
_STATED_VALUE = re.compile(r"\b(?:was|were|is|of)\s+(?P<v>\d+(?:\.\d+)?|\.\d+)(?![\d.]*\d)(?![A-Za-z%])")


def _earlier_values(
    norm: str, kw: MeasureMention, keywords: list[MeasureMention], taken: set[int]
) -> list[_Parsed]:
    """Untaken values stated after an earlier keyword of the same measure, before ``kw``."""
    first = next((k for k in keywords if k.measure == kw.measure and k.start < kw.start), None)
    if first is None:
        return []
    found = []
    for m in _STATED_VALUE.finditer(norm, first.end, kw.start):
        if m.start("v") in taken or _UNIT_AFTER.match(norm, m.end("v")):
            continue
        found.append(_Parsed(float(m.group("v")), m.start("v"), m.end("v"), None, None, m.end("v")))
    return found


_ODDS_ITEM = r"\d+(?:\.\d+)?(?:\s*\([^()]{3,60}\))?"
#: An odds ratio written out, its values before the words: "1.51 higher odds of response",
#: "were 2.04 (95% CI 1.10-3.78) and 3.84 (95% CI 2.02-7.33) times more likely to ..." (from a
#: logistic model, which the sentence must name when the words are "times more likely").
_ODDS_BEFORE = re.compile(
    r"(?<![\w.,%-])(?P<list>" + _ODDS_ITEM + r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)" + _ODDS_ITEM + r"){0,4})"
    r"(?:(?P<times>\s*-\s?fold|\s+times)\s+(?:more|as)\s+likely\b"
    r"|(?:\s*-\s?fold|\s+times)?\s+(?:higher|greater|increased)\s+odds\b)"
)
_ODDS_VALUE = re.compile(r"(?P<v>\d+(?:\.\d+)?)(?:\s*(?P<br>\([^()]{3,60}\)))?")
_LOGISTIC = re.compile(r"logistic|odds", re.IGNORECASE)
_APPROXIMATE = re.compile(
    r"\b(?:nearly|almost|about|approximately|roughly|around|over|than|to)\s+$", re.IGNORECASE
)


def _odds_before(text: str, norm: str, paper_id: str, section: int, s_start: int, s_end: int) -> list[Effect]:
    """Odds ratios whose values come before the words that name them (see _ODDS_BEFORE)."""
    sentence = norm[s_start:s_end]
    found: list[Effect] = []
    for m in _ODDS_BEFORE.finditer(norm, s_start, s_end):
        if m.group("times") and not _LOGISTIC.search(sentence):
            continue
        if _APPROXIMATE.search(norm, max(s_start, m.start() - 20), m.start()):
            continue  # "nearly 3 times as likely": a rounded statement, not an estimate
        for item in _ODDS_VALUE.finditer(norm, m.start("list"), m.end("list")):
            value = float(item.group("v"))
            ci_read = _read_ci(norm, item.start("br"), item.end("br")) if item.group("br") else None
            if ci_read is not None and not _plausible("OR", value, ci_read[0]):
                ci_read = None
            if not _plausible("OR", value, None):
                continue
            end = item.end("br") if item.group("br") else m.end()
            p_match = match_p_value(norm, ci_read[2], end) if ci_read is not None else None
            found.append(
                Effect(
                    measure="OR",
                    value=value,
                    ci_low=ci_read[0][0] if ci_read else None,
                    ci_high=ci_read[0][1] if ci_read else None,
                    ci_level=ci_read[1] if ci_read else None,
                    p_text=text[p_match.start : p_match.end] if p_match else "",
                    p_value=p_match.value if p_match else None,
                    p_operator=p_match.operator if p_match else "",
                    comparison=_comparison(sentence),
                    adjusted=_sentence_adjusted(sentence),
                    span=Span(
                        paper_id=paper_id,
                        section=section,
                        start=item.start(),
                        end=end,
                        text=text[item.start() : end],
                    ),
                )
            )
    return found


_NEGATED = re.compile(r"\b(?:no|not|any|without)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%")


def _difference_measure(kw_text: str, before: str, text: str, value: _Parsed) -> str:
    """MD or RD for a difference the text does not name: RD when it is a difference of
    proportions (the value is in percent, or equals the gap between two percentages just
    before it), MD otherwise."""
    if re.search(r"risk|proportion|percentage|absolute", kw_text, re.IGNORECASE):
        return "RD"
    if re.match(r"\s?%", text[value.value_end :]):
        return "RD"
    shares = [float(m.group(1)) for m in _PERCENT.finditer(before)][-4:]
    for a, b in itertools.pairwise(shares):
        if abs(abs(a - b) - abs(value.value)) <= 0.11:
            return "RD"
    return "MD"


def _outcome(text: str, sent_start: int, kw: MeasureMention, gap_end: int, value_start: int) -> str:
    gap = _OUTCOME_GAP.match(text[gap_end:value_start])
    if gap:
        return _trim_phrase(gap.group("o"))
    left = text[sent_start : kw.start]
    best = None
    for m in _OUTCOME_LEFT.finditer(left):
        best = m
    if best is not None:
        return _trim_phrase(best.group("o"))
    return ""


def _trim_phrase(phrase: str) -> str:
    words = phrase.split()
    while words and words[-1].lower() in _STOP_WORDS:
        words.pop()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    return " ".join(words)


def _comparison(sentence: str) -> str:
    m = _COMPARISON.search(sentence)
    if m is None:
        return ""
    a = _trim_phrase(re.split(r"\b(?:in|with|for|of|was|were|by|and)\b", m.group("a"))[-1])
    b = _trim_phrase(re.split(r"[,;(]|\b(?:was|were|in|for|at|on|p)\b", m.group("b"))[0])
    return f"{a} vs {b}" if a and b else ""


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


def _sentence_adjusted(sentence: str) -> bool | None:
    if _UNADJ_SENTENCE.search(sentence):
        return False
    if _ADJ_SENTENCE.search(sentence):
        return True
    return None


def _effects_in(
    text: str,
    norm: str,
    paper_id: str,
    section: int,
    bounds: Iterable[tuple[int, int]],
    defs: Definitions = NO_DEFINITIONS,
) -> list[Effect]:
    effects: list[Effect] = []
    for s_start, s_end in bounds:
        sentence = norm[s_start:s_end]
        sentence_first = len(effects)
        if "likely" in sentence or "odds" in sentence:
            effects.extend(_odds_before(text, norm, paper_id, section, s_start, s_end))
        keywords = measure_mentions(sentence, defs)
        for kw in keywords:
            kw.start += s_start
            kw.end += s_start
        taken: set[int] = set()
        for index, kw in enumerate(keywords):
            if kw.measure == "DIFF" and _NEGATED.search(norm, max(s_start, kw.start - 40), kw.start):
                continue  # "no significant difference was seen in X (5.7%; 95% CI ...)"
            pos = kw.end
            skip = _SKIP_ABBREV.match(norm, pos, s_end)
            if skip:
                pos = skip.end()
            pre_level: float | None = None
            header = _HEADER.match(norm, pos, s_end)
            if header is not None:
                pre_level = float(header.group("lvl"))
                pos = header.end()
            pre = _PRE_LEVEL.match(norm, pos, s_end)
            if pre and (pre.group("lvl") or pre.group("lvl2")):
                pre_level = float(pre.group("lvl") or pre.group("lvl2"))
                pos = pre.end()
            # A plain "difference" only bounds the window when it is a measure itself ("HR 1.1 per
            # year difference, P = ...": the p-value still belongs to the HR).
            limit = next(
                (k.start for k in keywords[index + 1 :] if k.start >= pos and k.measure != "DIFF"), s_end
            )
            parsed = _read_value(norm, pos, limit, kw.measure, pre_level)
            if parsed is None or parsed.value_start in taken:
                continue
            taken.add(parsed.value_start)
            measure = kw.measure
            if measure.startswith("DIFF"):
                measure = _difference_measure(norm[kw.start : kw.end], norm[s_start : kw.start], norm, parsed)
            adjusted = kw.adjusted if kw.adjusted is not None else _sentence_adjusted(sentence)
            outcome = _outcome(norm, s_start, kw, pos, parsed.value_start)
            comparison = _comparison(sentence)
            chain = [parsed]
            # "HRs were 0.7 (0.5-0.9) and 0.8 (0.6-1.0)": further bracketed values, same measure.
            while (follow := _follow(norm, chain[-1], limit, measure, chain[0].level)) is not None:
                chain.append(follow)
                taken.add(follow.value_start)
            if chain[0].ci is None and len(chain) == 1:
                chain.extend(_bare_list(norm, parsed, limit, measure))
            listed = _more_intervals(norm, chain[-1].end, limit) if chain[-1].ci is not None else None
            if listed is not None:
                earlier = _earlier_values(norm, kw, keywords, taken)
                chain = _pair_respectively(chain, listed, measure, earlier)
            taken.update(item.value_start for item in chain)
            before_p = _p_before(norm, s_start, kw, keywords[:index])
            for item in chain:
                p_match = match_p_value(norm, item.end, min(limit, item.end + 60))
                end = item.end
                p_text, p_value, p_op = "", None, ""
                if p_match is not None and _P_GAP.match(norm[item.end : p_match.start]):
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
                        outcome=outcome,
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
        if sentence_first < len(effects) - 1 and keywords:
            # Odds written out ("1.5 higher odds") were read before the named measures.
            ordered = sorted(effects[sentence_first:], key=lambda e: e.span.start if e.span else 0)
            effects[sentence_first:] = ordered
    return effects


def extract_effects_from_text(
    text: str, paper_id: str = "", section: int = 0, definitions: Definitions | None = None
) -> list[Effect]:
    """Every effect estimate in one piece of text, in order of appearance.

    ``definitions`` are the abbreviations in force (see :func:`find_definitions`); by default
    those the text itself defines.
    """
    norm = normalize(text)
    defs = find_definitions(text) if definitions is None else definitions
    return _effects_in(text, norm, paper_id, section, split_sentences(norm), defs)


def extract_effects(paper: Paper) -> list[Effect]:
    """Every effect estimate in a paper's title and abstract sections.

    >>> from consilience.model import Section
    >>> paper = Paper(id="x:1", sections=[Section(text="Mortality was lower (OR 2.1 [1.3, 3.4]).")])
    >>> [(e.measure, e.value, e.ci_low, e.ci_high, e.span.text) for e in extract_effects(paper)]
    [('OR', 2.1, 1.3, 3.4, 'OR 2.1 [1.3, 3.4]')]
    """
    # An abbreviation defined anywhere ("rate ratio [RR]") holds for the whole abstract.
    defs = find_definitions("\n".join([paper.title, *(s.text for s in paper.sections)]))
    effects = extract_effects_from_text(paper.title, paper.id, -1, defs) if paper.title else []
    for index, section in enumerate(paper.sections):
        effects.extend(extract_effects_from_text(section.text, paper.id, index, defs))
    return effects
