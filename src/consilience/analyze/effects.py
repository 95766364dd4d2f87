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

import re
from collections.abc import Iterable
from dataclasses import dataclass

from consilience.analyze.numbers import match_interval, match_p_value, normalize
from consilience.analyze.sentences import split_sentences
from consilience.model import Effect, Paper, Span

__all__ = ["MEASURE_NAMES", "RATIO_MEASURES", "extract_effects", "extract_effects_from_text"]

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
    (r"standardi[sz]ed\s+mean\s+differences?", "SMD"),
    (r"(?:weighted\s+)?mean\s+differences?", "MD"),
    (r"(?:absolute\s+)?risk\s+differences?", "RD"),
    (r"incidence\s+rate\s+ratios?|(?<!odds\s)rate\s+ratios?", "IRR"),
    (r"(?:sub-?distribution(?:al)?\s+|cause-specific\s+)?hazards?\s+ratios?", "HR"),
    (r"odds\s+ratios?", "OR"),
    (r"relative\s+risks?(?!\s+reduction)|risk\s+ratios?", "RR"),
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
_KEYWORD_RE = re.compile(
    r"(?<![\w-])(?:(?P<adj>adjusted|multivariable|multivariate|age-adjusted|unadjusted|crude|pooled)\s+)?"
    r"(?:(?P<long>" + "|".join(f"(?:{p})" for p, _ in _LONG) + r")"
    r"|(?P<short>(?-i:a?IRR|SMD|WMD|MD|RD|[aA]?HR|sHR|[aA]?OR|a?RR))s?(?![\w-]))",
    re.IGNORECASE,
)
_LONG_RES = [(re.compile(p, re.IGNORECASE), m) for p, m in _LONG]

_SKIP_ABBREV = re.compile(
    r"\s*[(\[]\s*(?:a|adjusted\s)?(?:HR|OR|RR|IRR|MD|SMD|WMD|RD|AOR|AHR)s?\s*[)\]]", re.IGNORECASE
)
_LEVEL = (
    r"(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?(?:CI|C\.I\.|CrI|UI|confidence\s+intervals?|credible\s+intervals?|"
    r"uncertainty\s+intervals?)(?:\s*[(\[]\s*CI\s*[)\]])?|CI\s?(?P<lvl2>\d{2})\s?%?|(?P<bare>CI|confidence\s+intervals?)"
)
_PRE_LEVEL = re.compile(r"\s*[(\[,]?\s*(?:" + _LEVEL + r")\s*[)\]]?\s*", re.IGNORECASE)
_CI_LEAD = re.compile(
    r"\s*(?P<punct>[,;:])?\s*(?P<open1>[(\[]\s*)?(?:(?:"
    + _LEVEL
    + r")\s*(?:[,:=]|\bof\b|\bwas\b|\bfrom\b|\branging\sfrom\b)?\s*)?"
    r"(?P<open2>[(\[]\s*)?",
    re.IGNORECASE,
)
_CANDIDATE = re.compile(r"(?<![\w.])(?:(?<![\d])-\s?)?(?:\d+(?:\.\d+)?|\.\d+)(?![\d.]*\d)")
_UNIT_AFTER = re.compile(
    r"\s?(?:%|-?\s?(?:years?|yrs?|months?|mo|weeks?|wk|days?|hours?|h|mg|g|kg|µg|mcg|ml|mL|L|mmol|"
    r"mmHg|cm|mm|patients|participants|subjects|studies|trials|events|cases|times|fold|points?)\b|-[A-Za-z]|/)"
)
_TIGHT_GAP = re.compile(
    r"^\s*(?:(?:[,:=(\[]|was|were|is|of|estimated\s+at|about|approximately)\s*)*$", re.IGNORECASE
)
_GAP_OK = re.compile(r"^[^;]{0,90}$")
_FOLLOW_VALUE = re.compile(
    r"\s*(?:,\s*|;\s*)?(?:and\s+|or\s+)?(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))\s*(?=[(\[])"
)
_P_GAP = re.compile(r"^[\s,;:)\]\[(]*(?:and\s*|with\s*)?(?:an?\s|the\s)?[\s,;:(\[]*$")
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


def _keywords(text: str) -> list[_Keyword]:
    found: list[_Keyword] = []
    for m in _KEYWORD_RE.finditer(text):
        adjusted: bool | None = None
        if m.group("short"):
            token = m.group("short")
            measure = _SHORT_CANON[token]
            if token.startswith("a") or token in {"AHR", "AOR"}:
                adjusted = True
        else:
            long = m.group("long").lower()
            measure = next(code for rx, code in _LONG_RES if rx.fullmatch(long))
        adj = (m.group("adj") or "").lower()
        if adj in {"adjusted", "multivariable", "multivariate", "age-adjusted"}:
            adjusted = True
        elif adj in {"unadjusted", "crude"}:
            adjusted = False
        found.append(_Keyword(m.start(), m.end(), measure, adjusted))
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
    if measure in RATIO_MEASURES and low <= 0:
        return False
    slack = 1e-9 + 0.011 * max(abs(value), 1.0)
    return low - slack <= value <= high + slack


def _read_value(text: str, pos: int, limit: int, measure: str, pre_level: float | None) -> _Parsed | None:
    for cand in _CANDIDATE.finditer(text, pos, limit):
        gap = text[pos : cand.start()]
        if not _GAP_OK.match(gap) or re.search(r"\bCI\b|confidence", gap, re.IGNORECASE):
            return None
        unit = _UNIT_AFTER.match(text, cand.end())
        after = cand.end()
        if unit and measure in {"RD", "MD"} and unit.group(0).strip() == "%":
            after = unit.end()
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
        if ci is None and not _TIGHT_GAP.match(gap):
            return None  # a bare number far from the measure's name is too often something else
        if ci is not None and level is None:
            level = pre_level
        return _Parsed(value, cand.start(), cand.end(), ci, level, end)
    return None


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


def _sentence_adjusted(sentence: str) -> bool | None:
    if _UNADJ_SENTENCE.search(sentence):
        return False
    if _ADJ_SENTENCE.search(sentence):
        return True
    return None


def _effects_in(
    text: str, norm: str, paper_id: str, section: int, bounds: Iterable[tuple[int, int]]
) -> list[Effect]:
    effects: list[Effect] = []
    for s_start, s_end in bounds:
        keywords = [k for k in _keywords(norm[s_start:s_end])]
        if not keywords:
            continue
        for kw in keywords:
            kw.start += s_start
            kw.end += s_start
        sentence = norm[s_start:s_end]
        taken: set[int] = set()
        for index, kw in enumerate(keywords):
            pos = kw.end
            skip = _SKIP_ABBREV.match(norm, pos, s_end)
            if skip:
                pos = skip.end()
            pre_level: float | None = None
            pre = _PRE_LEVEL.match(norm, pos, s_end)
            if pre and (pre.group("lvl") or pre.group("lvl2")):
                pre_level = float(pre.group("lvl") or pre.group("lvl2"))
                pos = pre.end()
            limit = next((k.start for k in keywords[index + 1 :] if k.start >= pos), s_end)
            parsed = _read_value(norm, pos, limit, kw.measure, pre_level)
            if parsed is None or parsed.value_start in taken:
                continue
            taken.add(parsed.value_start)
            adjusted = kw.adjusted if kw.adjusted is not None else _sentence_adjusted(sentence)
            outcome = _outcome(norm, s_start, kw, pos, parsed.value_start)
            comparison = _comparison(sentence)
            chain = [parsed]
            # "HRs were 0.7 (0.5-0.9) and 0.8 (0.6-1.0)": further bracketed values, same measure.
            while True:
                more = _FOLLOW_VALUE.match(norm, chain[-1].end, limit)
                if more is None:
                    break
                value = float(more.group("v").replace(" ", ""))
                ci_read = _read_ci(norm, more.end("v"), limit)
                if ci_read is None or not _plausible(kw.measure, value, ci_read[0]):
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
            for item in chain:
                p_match = match_p_value(norm, item.end, min(limit, item.end + 60))
                end = item.end
                p_text, p_value, p_op = "", None, ""
                if p_match is not None and _P_GAP.match(norm[item.end : p_match.start]):
                    p_text, p_value, p_op = text[p_match.start : p_match.end], p_match.value, p_match.operator
                    end = p_match.end
                span_start = kw.start if item is chain[0] else item.value_start
                effects.append(
                    Effect(
                        measure=kw.measure,
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


def extract_effects_from_text(text: str, paper_id: str = "", section: int = 0) -> list[Effect]:
    """Every effect estimate in one piece of text, in order of appearance."""
    norm = normalize(text)
    return _effects_in(text, norm, paper_id, section, split_sentences(norm))


def extract_effects(paper: Paper) -> list[Effect]:
    """Every effect estimate in a paper's title and abstract sections.

    >>> from consilience.model import Section
    >>> paper = Paper(id="x:1", sections=[Section(text="Mortality was lower (OR 2.1 [1.3, 3.4]).")])
    >>> [(e.measure, e.value, e.ci_low, e.ci_high, e.span.text) for e in extract_effects(paper)]
    [('OR', 2.1, 1.3, 3.4, 'OR 2.1 [1.3, 3.4]')]
    """
    effects = extract_effects_from_text(paper.title, paper.id, -1) if paper.title else []
    for index, section in enumerate(paper.sections):
        effects.extend(extract_effects_from_text(section.text, paper.id, index))
    return effects
