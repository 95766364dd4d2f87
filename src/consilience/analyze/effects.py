"""Effect-estimate extraction: HR, OR, RR, IRR, MD, SMD and RD with their intervals and p-values.

A measure is found by name ("hazard ratio", "aOR", "standardised mean difference"), then
the text after it is read in steps: an optional defined abbreviation ("[HR]") or interval
label ("(95% CI)"), the point value (skipping numbers that carry units, percentages or time
points, such as "for 5-year survival"), an interval that must be labelled ("95% CI") or
bracketed, and a p-value that follows directly. The interval must contain the point value
and ratio measures must be positive, which keeps ranges such as "aged 18-65" out.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from consilience.analyze.fast_patterns import FastPattern, fold_case, trigger_literals
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

#: Canonical measure -> what it stands for.
MEASURE_NAMES = {
    "HR": "hazard ratio",
    "OR": "odds ratio",
    "RR": "risk ratio (relative risk)",
    "IRR": "incidence rate ratio",
    "MD": "mean difference",
    "SMD": "standardized mean difference",
    "RD": "risk difference",
}
RATIO_MEASURES = frozenset({"HR", "OR", "RR", "IRR"})

_LONG = (
    (r"standardi[sz]ed\s+mean\s+differences?|Cohen'?s\s+d|Hedges'?\s+g|effect\s+size(?=\s?[=:])", "SMD"),
    (
        r"(?:weighted\s+|least[-\s]squares?\s+|LS\s+)?mean\s+(?:[\w-]+\s+)?differences?"
        r"|differences?\s+in\s+(?:the\s+)?means?",
        "MD",
    ),
    (
        r"(?:absolute\s+)?risk\s+differences?|absolute\s+differences?"
        r"|differences?\s+in\s+(?:the\s+)?(?:proportions?|percentages?|risks?)",
        "RD",
    ),
    # A difference of unnamed kind: MD or RD is decided from what it is a difference of. Named
    # ("treatment difference") it stands alone; a plain "difference" needs an interval.
    (r"(?:treatment(?:[-\s]control)?|between[-\s]groups?|estimated)\s+differences?", "DIFF_NAMED"),
    (r"differences?", "DIFF"),
    (r"incidence\s+rate\s+ratios?|(?<!odds\s)rate\s+ratios?", "IRR"),
    (r"(?:sub-?distribution(?:al)?\s+|cause-specific\s+)?hazards?\s+ratios?|relative\s+hazards?", "HR"),
    (r"odds\s+ratios?", "OR"),
    (r"relative\s+risks?(?!\s+reduction)|risk\s+ratios?|prevalence\s+ratios?", "RR"),
)
_SHORT = (
    (r"a?IRR|SMD|WMD|MD|RD", None),
    (r"[aA]?HR|sHR|[aA]?OR|[aA]?RR", None),
)
_SHORT_CANON = {
    "IRR": "IRR",
    "aIRR": "IRR",
    "SMD": "SMD",
    "WMD": "MD",
    "MD": "MD",
    "RD": "RD",
    "HR": "HR",
    "aHR": "HR",
    "AHR": "HR",
    "sHR": "HR",
    "OR": "OR",
    "aOR": "OR",
    "AOR": "OR",
    "RR": "RR",
    "aRR": "RR",
}
_ADJ = r"adjusted|multivariable|multivariate|age-adjusted|unadjusted|crude|pooled"
_KEYWORD_RE = re.compile(
    r"(?<![\w-])(?:(?P<adj>" + _ADJ + r")\s+)?"
    r"(?:(?P<long>" + "|".join(f"(?:{p})" for p, _ in _LONG) + r")"
    r"|(?P<short>(?-i:a?IRR|SMD|WMD|MD|RD|[aA]?HR|sHR|[aA]?OR|a?RR))s?(?![\w-]))",
    re.IGNORECASE,
)
_LONG_RES = [(re.compile(p.replace(r"(?=\s?[=:])", ""), re.IGNORECASE), m) for p, m in _LONG]
_MEASURE_CODES = frozenset(MEASURE_NAMES)
#: "rate ratio [RR]", "relative hazard (RH)", "adjusted risk difference [ARD]": a measure's name
#: and the abbreviation the authors define for it, which then stands for that measure.
_DEFINITION_RE = re.compile(
    r"(?<![\w-])(?:(?:"
    + _ADJ
    + r"|mortality|cox)\s+)?(?P<long>"
    + "|".join(f"(?:{p})" for p, m in _LONG if not m.startswith("DIFF"))
    + r")\s*[(\[]\s*(?P<abbr>[A-Za-z]{1,5}?)s?\s*[)\],;]",
    re.IGNORECASE,
)
#: "(MD)" after words whose initials spell it: "mean diffusivity (MD)", "aortic root dimension (ARD)".
_ACRONYM_RE = re.compile(r"(?P<words>(?:[A-Za-z][\w'-]*\s+){1,5})[(\[](?P<abbr>[A-Z]{2,5})s?[)\]]")

_DEFINITION_FAST = FastPattern(_DEFINITION_RE)
#: The one part of an _ACRONYM_RE match that is cheap to find: the bracketed abbreviation.
_ACRONYM_BRACKET = re.compile(r"[(\[][A-Z]{2,5}s?[)\]]")
#: What the words before it may be made of, read backwards from the bracket.
_ACRONYM_WORDS_REVERSED = re.compile(r"[\w'\s-]*")
#: Every _KEYWORD_RE match holds one of these (short names are case-sensitive, hence the split).
_SHORT_CORES = ("HR", "OR", "RR", "MD", "RD")
_LONG_TRIGGERS = trigger_literals(re.compile("|".join(f"(?:{p})" for p, _ in _LONG), re.IGNORECASE))

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
    r"|^\s*(?:for|of|in)\s+[\w'-]+(?:\s+[\w'-]+){0,3}\s*[:=]\s*$",
    re.IGNORECASE,
)
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
class _Keyword:
    start: int
    end: int
    measure: str
    adjusted: bool | None


@dataclass(frozen=True)
class Definitions:
    """Abbreviations a paper defines: measure ones (``{"RR": "IRR"}``) and ones that shadow a
    measure's abbreviation with something else (``{"MD"}`` for "mean diffusivity (MD)")."""

    measures: dict[str, str]
    shadowed: frozenset[str]

    @property
    def extra_re(self) -> re.Pattern[str] | None:
        extra = sorted((a for a in self.measures if a not in _SHORT_CANON), key=len, reverse=True)
        if not extra:
            return None
        return re.compile(r"(?<![\w-])(?P<abbr>" + "|".join(map(re.escape, extra)) + r")s?(?![\w-])")


def _long_measure(long: str) -> str:
    return next((code for rx, code in _LONG_RES if rx.fullmatch(long)), "DIFF")


def find_definitions(text: str) -> Definitions:
    """The abbreviations ``text`` defines for measures, and the measure abbreviations it reuses."""
    norm = normalize(text)
    measures: dict[str, str] = {}
    for found in _DEFINITION_FAST.finditer(norm, fold_case(norm)):
        abbr = found.group("abbr")
        if len(abbr) < 2 or abbr.lower() in {"ci", "se", "sd"}:
            continue
        if abbr.upper() != abbr and abbr not in _SHORT_CANON:
            continue
        measure = _long_measure(" ".join(found.group("long").split()))
        if measure in _MEASURE_CODES:
            measures.setdefault(abbr, measure)
    shadowed: set[str] = set()
    for m in _acronyms(norm):
        abbr = m.group("abbr")
        if abbr not in _SHORT_CANON or abbr in measures:
            continue
        words = re.split(r"[\s-]+", m.group("words").strip())[-len(abbr) :]
        initials = "".join(w[0] for w in words).upper()
        phrase = " ".join(words)
        measure_words = re.search(r"ratio|hazard|odds|risk|differ|rate", phrase, re.IGNORECASE)
        if initials == abbr.upper() and not measure_words:
            shadowed.add(abbr)
    return Definitions(measures, frozenset(shadowed))


def _acronyms(norm: str) -> Iterator[re.Match[str]]:
    """``_ACRONYM_RE.finditer(norm)``, tried only on the words just before each "(ABC)".

    The pattern may start at any letter, which made it most of the time of effect extraction
    (issue #4). A match is words and spaces up to a bracketed abbreviation, so it can only start
    inside the unbroken run of word characters, apostrophes, hyphens and spaces before one.
    """
    reverse = norm[::-1]
    pos = 0
    for bracket in _ACRONYM_BRACKET.finditer(norm):
        start = bracket.start()
        if start < pos:
            continue
        run = _ACRONYM_WORDS_REVERSED.match(reverse, len(norm) - start)
        lowest = start - (run.end() - run.start()) if run is not None else start
        m = _ACRONYM_RE.search(norm, max(pos, lowest), bracket.end())
        if m is not None:
            yield m
            pos = m.end()


def _may_hold_keyword(text: str) -> bool:
    """False when ``text`` cannot hold a _KEYWORD_RE match (most sentences name no measure)."""
    if any(core in text for core in _SHORT_CORES) or _LONG_TRIGGERS is None:
        return True
    folded = fold_case(text)
    return any(lit in folded for lit in _LONG_TRIGGERS)


_NO_DEFINITIONS = Definitions({}, frozenset())


def _keywords(text: str, defs: Definitions = _NO_DEFINITIONS) -> list[_Keyword]:
    found: list[_Keyword] = []
    for m in _KEYWORD_RE.finditer(text) if _may_hold_keyword(text) else ():
        adjusted: bool | None = None
        if m.group("short"):
            token = m.group("short")
            if token in defs.shadowed:
                continue
            measure = _SHORT_CANON[token]
            if token.startswith("a") or token in {"AHR", "AOR"}:
                adjusted = True
            base = token[1:] if token[:1] in {"a", "A"} and token[1:] in _SHORT_CANON else token
            measure = defs.measures.get(token, defs.measures.get(base, measure))
        else:
            long = " ".join(m.group("long").split())
            measure = _long_measure(long)
        adj = (m.group("adj") or "").lower()
        if adj in {"adjusted", "multivariable", "multivariate", "age-adjusted"}:
            adjusted = True
        elif adj in {"unadjusted", "crude"}:
            adjusted = False
        found.append(_Keyword(m.start(), m.end(), measure, adjusted))
    extra = defs.extra_re
    if extra is not None:
        spans = [(k.start, k.end) for k in found]
        for m in extra.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            abbr = m.group("abbr")
            adjusted = True if abbr[:1] == "A" and len(abbr) > 2 else None
            found.append(_Keyword(m.start(), m.end(), defs.measures[abbr], adjusted))
        found.sort(key=lambda k: k.start)
    return found


@dataclass
class _Parsed:
    value: float
    value_start: int
    value_end: int
    ci: tuple[float, float] | None
    level: float | None
    end: int


def _read_ci(text: str, pos: int, limit: int) -> tuple[tuple[float, float], float | None, int] | None:
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
        if not lead.group("punct") or not re.search(r"\d\s?(?:–|-|to)\s?-?\s?\.?\d", joint):
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
        tight = bool(_TIGHT_GAP.match(gap))
        unit = _UNIT_AFTER.match(text, cand.end())
        after = cand.end()
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
        ci_read = _read_ci(text, after, limit)
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
        if ci is not None and level is None:
            level = gap_level
        return _Parsed(value, cand.start(), cand.end(), ci, level, end)
    return None


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


def _outcome(text: str, sent_start: int, kw: _Keyword, gap_end: int, value_start: int) -> str:
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


def _p_before(norm: str, s_start: int, kw: _Keyword, earlier: list[_Keyword]) -> PMatch | None:
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
    defs: Definitions = _NO_DEFINITIONS,
) -> list[Effect]:
    effects: list[Effect] = []
    for s_start, s_end in bounds:
        keywords = _keywords(norm[s_start:s_end], defs)
        if not keywords:
            continue
        for kw in keywords:
            kw.start += s_start
            kw.end += s_start
        sentence = norm[s_start:s_end]
        taken: set[int] = set()
        for index, kw in enumerate(keywords):
            if kw.measure == "DIFF" and _NEGATED.search(norm, max(s_start, kw.start - 40), kw.start):
                continue  # "no significant difference was seen in X (5.7%; 95% CI ...)"
            pos = kw.end
            skip = _SKIP_ABBREV.match(norm, pos, s_end)
            if skip:
                pos = skip.end()
            pre_level: float | None = None
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
            while True:
                more = _FOLLOW_VALUE.match(norm, chain[-1].end, limit)
                if more is None or _FOLLOW_STOP.search(more.group("gap")):
                    break
                if more.group("sep") == ";" and more.group("gap").strip():
                    break  # "...; NNTB 20, 95% CI 13 to 100": another statistic, not the list
                value = float(more.group("v").replace(" ", ""))
                after = more.end("v")
                unit = _UNIT_AFTER.match(norm, after)
                if unit and measure in _DIFFERENCES and unit.group(0).strip() == "%":
                    after = unit.end()
                elif unit:
                    break
                ci_read = _read_ci(norm, after, limit)
                if ci_read is None or not _plausible(measure, value, ci_read[0]):
                    break
                chain.append(
                    _Parsed(
                        value,
                        more.start("v"),
                        more.end("v"),
                        ci_read[0],
                        ci_read[1] or chain[0].level,
                        ci_read[2],
                    )
                )
                taken.add(more.start("v"))
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
                span_start = kw.start if item is chain[0] else item.value_start
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
