"""Effect estimates that share one measure's name: lists, pairs and values written first.

After :func:`consilience.analyze.effect_values.read_value` reads the first value, these read on:
further bracketed values ("HRs were 1.3 (1.0-1.7) and 1.6 (1.2-2.1)"), values at time points,
the measure taken up again ("and it was 1.13 (95% CI ...)"), bare values closed by
"respectively", intervals listed after the values and paired in order, and odds ratios written
out with their values first ("2.04 (95% CI 1.10-3.78) times more likely").
"""

from __future__ import annotations

import re

from consilience.analyze.effect_names import MeasureMention
from consilience.analyze.effect_values import (
    DIFFERENCES,
    FOLLOW_STOP,
    FOLLOW_VALUE,
    OTHER_UNIT,
    P_GAP,
    PERCENT_MEASURE,
    TIME_UNIT,
    UNIT_AFTER,
    UNIT_REST,
    Parsed,
    comparison_named,
    plausible,
    read_ci,
    read_ci_later,
    sentence_adjusted,
    signed_by_interval,
)
from consilience.analyze.numbers import match_interval, match_p_value, parse_number
from consilience.model import Effect, Span

__all__ = [
    "bare_list",
    "earlier_values",
    "fold_risk",
    "more_intervals",
    "odds_before",
    "pair_respectively",
    "points_before",
    "read_following",
    "versus_labelled",
    "worded_differences",
]

_BRACKET_REST = re.compile(r"\s*[;,][^()\[\]]{0,60}?[)\]]")
#: After ";", another statistic's name or abbreviation ("; NNTB 20, 95% CI ...", "; I2 = 0%"),
#: not a subgroup's label ("; non-vertebral 0.65, 0.54 to 0.79").
_ANOTHER_STATISTIC = re.compile(
    r"\s*(?:(?-i:[A-Z][A-Z0-9]+)\b|number\s+needed|I\s?2|attributable|absolute|relative\s+risk\s+reduction)",
    re.IGNORECASE,
)
#: "..., p = 0.01 and Δ 18.3% points [95% CI ...]": the list goes on past an estimate's p-value.
#: ("P<0.0001 (non-Asians) and 1.37; 95% CI ...": the p-value may be followed by its item's label)
_AND_NEXT = re.compile(r"(?:\s*\([A-Za-z][^()\d]{0,30}\))?(?P<label_end>)\s+and\s+(?:Δ\s?)?(?=-?\d|\.\d)")
#: A review's evidence aside after an estimate's interval, "(two trials, 99 women)", "(3 RCTs,
#: n = 1053)": the list may go on past it ("...; and 0.99, 95% CI 0.57 to 1.72 (two trials, 100
#: women) for magnesium compared with alternative therapies").
_EVIDENCE_ASIDE = re.compile(
    r"\s*\(\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:trials?|studies|study|RCTs?)\b[^()]{0,60}\)",
    re.IGNORECASE,
)
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


def read_following(norm: str, last: Parsed, limit: int, measure: str, level: float | None) -> Parsed | None:
    """The next value in a list of estimates of one measure, each with its interval; None at its end.

    "HRs were 0.7 (0.5-0.9) and 0.8 (0.6-1.0)", also past the rest of a bracket ("1.3 (1.0-1.7;
    3rd quartile) and 1.6 (1.2-2.1)"), a time point ("; and at 4 h: 1.1; 90% CI ...") or the
    measure taken up again ("and it was 1.13 (95% CI ...)").
    """
    starts = [last.end]
    # past the estimate's own p-value: "(vertebral 0.69, 95% CI 0.57 to 0.84, P < 0.0001; non-vertebral
    # 0.65, 0.54 to 0.79, ...)"
    p_value = match_p_value(norm, last.end, min(limit, last.end + 40))
    if p_value is not None and P_GAP.match(norm[last.end : p_value.start]):
        # (only within the bracket: "p=0.71), and at discontinuation (4.7 ..." ends it)
        if norm.startswith(";", p_value.end):
            starts.append(p_value.end)
        elif (and_next := _AND_NEXT.match(norm, p_value.end)) is not None:
            starts.append(and_next.end("label_end"))
    if (aside := _EVIDENCE_ASIDE.match(norm, last.end, limit)) is not None:
        starts.append(aside.end())
    if norm.count("(", last.value_end, last.end) > norm.count(")", last.value_end, last.end):
        rest = _BRACKET_REST.match(norm, last.end, limit)
        if rest is not None:
            starts.append(rest.end())
    for start in starts:
        more = FOLLOW_VALUE.match(norm, start, limit)
        if more is None or FOLLOW_STOP.search(more.group("gap")):
            continue
        if more.group("sep") == ";" and _ANOTHER_STATISTIC.match(more.group("gap")):
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
) -> Parsed | None:
    """The value that ``more`` found, when its interval follows and holds it."""
    value = float(more.group("v").replace(" ", ""))
    after = more.end("v")
    unit = UNIT_AFTER.match(norm, after)
    if unit and measure in DIFFERENCES and unit.group(0).strip().startswith("%"):
        after = unit.end()
    elif (
        unit
        and measure in DIFFERENCES
        and unit.group(0).strip()[:1] not in {"-", "/"}  # "2-sided", not a unit
        and not TIME_UNIT.match(norm, more.end("v"))
    ):
        # "-15.3 mg/L [-26.9 to -3.7]": a difference in its unit, the interval right after it
        rest = UNIT_REST.match(norm, unit.end())
        after = rest.end() if rest is not None else unit.end()
        if read_ci(norm, after, limit) is None:
            return None
    elif unit:
        return None
    elif (
        measure in DIFFERENCES
        and (other := OTHER_UNIT.match(norm, after, limit)) is not None
        and read_ci(norm, other.end(), limit) is not None
    ):
        after = other.end()  # "...; -23.4 pg/ml [-35.8 to -11.0]; -15.3 mg/L [...]": each item in its unit
    ci_read = read_ci_later(norm, after, limit, level is not None)
    if ci_read is None or not plausible(measure, value, ci_read[0]) or (labelled and ci_read[1] is None):
        return None
    value = signed_by_interval(measure, value, ci_read[0])
    return Parsed(value, more.start("v"), more.end("v"), ci_read[0], ci_read[1] or level, ci_read[2])


_P_VALUE = r"[Pp]\s?(?:<=|>=|[<>=≤≥])\s?\d*\.?\d+(?:\s?(?:[x×*]\s?10\^?|[eE])\s?[-–]?\s?\d+)?"
#: An item's p-value after it: ", P<0.001" or in its own bracket, "1.45 (P < 0.05)".
_P_SKIP = r"(?:\s*[,;]\s*" + _P_VALUE + r"|\s*\(\s*" + _P_VALUE + r"\s*\))?"
#: A further value of a list without intervals: "(difference in responders: 43.2%, P<0.001, and 17.3%".
_BARE_ITEM = re.compile(
    _P_SKIP + r"\s*,?\s*(?:and\s+)?(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)(?![A-Za-z])(?P<pct>\s?%)?"
)
#: ... and the list's closing "respectively", perhaps after what its items are of: "1.45, 1.28, and
#: 1.17 for the underweight, respectively".
_RESPECTIVELY = re.compile(_P_SKIP + r"(?:\s+(?:for|in|among)\s+[^\d;.()]{1,60}?)?\s*,?\s*respectively\b")
#: A second value that closes the bracket its measure opened: "(odds ratio [OR] = 6.7 and 6.9)".
_BRACKET_PAIR = re.compile(r"\s+and\s+(?P<v>\d+\.\d+)\s*\)")
#: Between the intervals of a "respectively" list: "(95% CI, 0.5-9.6 and 0.7-3.2, respectively)".
_INTERVAL_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)")


def bare_list(norm: str, first: Parsed, limit: int, measure: str) -> list[Parsed]:
    """Further values of a list without intervals, kept only when "respectively" closes it, or
    one more that closes the bracket the measure opened: "(odds ratio [OR] = 6.7 and 6.9)".

    "(difference in proportion of responders: 43.2%, P<0.001, and 17.3%, P=0.001, respectively)".
    """
    percent = norm[first.value_end : first.end].strip() == "%"
    opened = norm.rfind("(", max(0, first.value_start - 40), first.value_start)
    if opened >= 0 and ")" not in norm[opened : first.value_start]:
        pair = _BRACKET_PAIR.match(norm, first.end, limit)
        if pair is not None and plausible(measure, float(pair.group("v")), None):
            return [Parsed(float(pair.group("v")), pair.start("v"), pair.end("v"), None, None, pair.end("v"))]
    items = _bare_series(norm, first.end, limit, measure, percent)
    if not items:
        return []
    # ("... and 1.17 for the underweight, respectively; 0.84, 0.89, and 0.98 for the overweight,
    # respectively": further series after a semicolon, each closed by its own "respectively")
    while (closed := _RESPECTIVELY.match(norm, items[-1].end, limit)) and (
        following := _NEXT_SERIES.match(norm, closed.end(), limit)
    ):
        head = _BARE_ITEM.match(norm, following.end(), limit)
        if (
            head is None
            or bool(head.group("pct")) != percent
            or not plausible(measure, value := float(head.group("v").replace(" ", "")), None)
        ):
            break
        series = _bare_series(norm, head.end(), limit, measure, percent)
        if not series:
            break
        items += [Parsed(value, head.start("v"), head.end("v"), None, None, head.end()), *series]
    return items


#: A further series of values after a "respectively" and a semicolon.
_NEXT_SERIES = re.compile(r"\s*;\s*(?:and\s+)?(?=-?\d|\.\d)")


def _bare_series(norm: str, pos: int, limit: int, measure: str, percent: bool) -> list[Parsed]:
    """Values after the one that ends at ``pos``, kept when "respectively" closes them."""
    items: list[Parsed] = []
    while len(items) < 5:
        more = _BARE_ITEM.match(norm, pos, limit)
        if more is None or bool(more.group("pct")) != percent:
            return []
        if not percent and UNIT_AFTER.match(norm, more.end("v")):
            return []
        value = float(more.group("v").replace(" ", ""))
        if not plausible(measure, value, None):
            return []
        items.append(Parsed(value, more.start("v"), more.end("v"), None, None, more.end()))
        pos = more.end()
        if _RESPECTIVELY.match(norm, pos, limit):
            return items
    return []


def more_intervals(norm: str, pos: int, limit: int) -> tuple[list[tuple[float, float]], int] | None:
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


def pair_respectively(
    chain: list[Parsed], listed: tuple[list[tuple[float, float]], int], measure: str, earlier: list[Parsed]
) -> list[Parsed]:
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
    if len(values) != len(intervals) or not all(plausible(measure, v.value, ci) for v, ci in pairs):
        last.ci = None
        return chain
    paired = [Parsed(v.value, v.value_start, v.value_end, ci, last.level, end) for v, ci in pairs]
    kept = [item for item in chain if all(item.value_start != p.value_start for p in paired)]
    return sorted([*kept, *paired], key=lambda item: item.value_start)


#: A value stated with a verb before a later list's intervals: "The OR of A was 2.2 and the OR ...".
_STATED_VALUE = re.compile(r"\b(?:was|were|is|of)\s+(?P<v>\d+(?:\.\d+)?|\.\d+)(?![\d.]*\d)(?![A-Za-z%])")


def earlier_values(
    norm: str, kw: MeasureMention, keywords: list[MeasureMention], taken: set[int]
) -> list[Parsed]:
    """Untaken values stated after an earlier keyword of the same measure, before ``kw``."""
    first = next((k for k in keywords if k.measure == kw.measure and k.start < kw.start), None)
    if first is None:
        return []
    found = []
    for m in _STATED_VALUE.finditer(norm, first.end, kw.start):
        if m.start("v") in taken or UNIT_AFTER.match(norm, m.end("v")):
            continue
        found.append(Parsed(float(m.group("v")), m.start("v"), m.end("v"), None, None, m.end("v")))
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


def _before_effect(
    measure: str,
    value: float,
    ci_read: tuple[tuple[float, float], float | None, int] | None,
    span: tuple[int, int],
    where: tuple[str, str, str, int, str],
) -> Effect:
    """An estimate read before the words that name it, with its interval and p-value if any.
    ``where``: the text, its normalised form, the paper id, the section index and the sentence."""
    text, norm, paper_id, section, sentence = where
    start, end = span
    p_match = match_p_value(norm, ci_read[2], end) if ci_read is not None else None
    return Effect(
        measure=measure,
        value=value,
        ci_low=ci_read[0][0] if ci_read else None,
        ci_high=ci_read[0][1] if ci_read else None,
        ci_level=ci_read[1] if ci_read else None,
        p_text=text[p_match.start : p_match.end] if p_match else "",
        p_value=p_match.value if p_match else None,
        p_operator=p_match.operator if p_match else "",
        comparison=comparison_named(sentence),
        adjusted=sentence_adjusted(sentence),
        span=Span(paper_id=paper_id, section=section, start=start, end=end, text=text[start:end]),
    )


def odds_before(text: str, norm: str, paper_id: str, section: int, s_start: int, s_end: int) -> list[Effect]:
    """Odds ratios whose values come before the words that name them (see _ODDS_BEFORE)."""
    sentence = norm[s_start:s_end]
    found: list[Effect] = []
    for m in _ODDS_BEFORE.finditer(norm, s_start, s_end):
        # "N times more likely" is an odds ratio when a logistic model is named, or when each
        # value carries a labelled interval (an estimate, not a rounded comparison).
        labelled_only = bool(m.group("times")) and not _LOGISTIC.search(sentence)
        if _APPROXIMATE.search(norm, max(s_start, m.start() - 20), m.start()):
            continue  # "nearly 3 times as likely": a rounded statement, not an estimate
        for item in _ODDS_VALUE.finditer(norm, m.start("list"), m.end("list")):
            value = float(item.group("v"))
            ci_read = read_ci(norm, item.start("br"), item.end("br")) if item.group("br") else None
            if ci_read is not None and not plausible("OR", value, ci_read[0]):
                ci_read = None
            if not plausible("OR", value, None):
                continue
            if labelled_only and (ci_read is None or ci_read[1] is None):
                continue
            end = item.end("br") if item.group("br") else m.end()
            where = (text, norm, paper_id, section, sentence)
            found.append(_before_effect("OR", value, ci_read, (item.start(), end), where))
    return found


#: A risk ratio written as a fold with its labelled or bracketed interval, before the words that
#: make it one (EFFECTS_LABELS.md: "N-fold (95% CI ...) greater risk" is an RR): "a 1.31-fold
#: (95% CI, 1.07-1.61) greater risk than the NN group", "a 2.4-fold increased risk (95% CI 1.3-4.5)".
_FOLD_RISK = re.compile(
    r"(?<![\w.,-])(?P<v>\d+(?:\.\d+)?)[\s-]?fold\s*"
    r"(?:(?P<br1>[(\[][^()\[\]]*\d[^()\[\]]*[)\]])\s*(?:greater|higher|increased|elevated)\s+risk\b"
    r"|(?:greater|higher|increased|elevated)\s+risk\b(?:\s+of\s+[\w-]+(?:\s[\w-]+)?)?\s*(?P<br2>[(\[][^()\[\]]*\d[^()\[\]]*[)\]]))",
    re.IGNORECASE,
)


#: Where a fold of risk is an odds ratio: a case-control study or a logistic model estimates odds.
_ODDS_DESIGN = re.compile(r"\bcase[\s-]+control|\blogistic\b|\bodds\b", re.IGNORECASE)


def fold_risk(text: str, norm: str, paper_id: str, section: int, s_start: int, s_end: int) -> list[Effect]:
    """Risk ratios written "N-fold (95% CI ...) greater risk" (see _FOLD_RISK); odds ratios where
    the text names a case-control design or a logistic model (EFFECTS_LABELS.md, dev15)."""
    found: list[Effect] = []
    measure = ""
    for m in _FOLD_RISK.finditer(norm, s_start, s_end):
        measure = measure or (
            "OR" if _ODDS_DESIGN.search(norm) else "RR"
        )  # (the whole text: read once, when needed)
        bracket = "br1" if m.group("br1") else "br2"
        ci_read = read_ci(norm, m.start(bracket), m.end(bracket))
        value = float(m.group("v"))
        if ci_read is None or not plausible(measure, value, ci_read[0]):
            continue
        where = (text, norm, paper_id, section, norm[s_start:s_end])
        found.append(_before_effect(measure, value, ci_read, (m.start(), m.end()), where))
    return found


#: A between-group difference written as points before a comparative, with its interval:
#: "1.77 points higher [95% CI, -0.84 to 4.39 points]", "10.5 percentage points higher (95% CI
#: 7.6-13.4; p<0.0001)". Percentage points are a difference in proportions; points, in a score.
_POINTS_BEFORE = re.compile(
    r"(?<![\w.,%-])(?P<v>(?:-\s?)?\d+(?:\.\d+)?)\s?(?P<unit>percentage[\s-]points?|points?)\s+"
    r"(?:higher|lower|more|less|greater|fewer|better|worse)\b(?=\s*[(\[]\s*\d{2}(?:\.\d+)?\s?%\s?"
    r"(?:CI|confidence))",
    re.IGNORECASE,
)
#: A value in percentage points with its labelled interval, the unit itself naming a difference
#: of two proportions: "-8.7 percentage points for CT [95% confidence interval (CI): -14.7, -2.7]",
#: "increased by 17.7 percentage point (95% CI 9.7-25.6)". (Plain "points" are a score's unit.)
_PERCENTAGE_POINTS = re.compile(
    r"(?<![\w.,%-])(?P<v>(?:-\s?)?\d+(?:\.\d+)?)\s?(?P<unit>percentage[\s-]points?)"
    r"(?:\s+(?:for|in|among)\s+(?:the\s+)?[\w-]+(?:\s[\w-]+)?)?"
    r"(?=,?\s*[(\[]\s*\d{2}(?:\.\d+)?\s?%\s?(?:CI|confidence))",
    re.IGNORECASE,
)
#: "The additional 1.93-point increase (95% confidence interval, 0.84 to 3.01) in the exercise
#: group": a change beyond the other arm's, so a difference between them.
_ADDITIONAL_POINTS = re.compile(
    r"\b(?:additional|extra)\s+(?P<v>(?:-\s?)?\d+(?:\.\d+)?)[\s-]?(?P<unit>percentage[\s-]points?|points?)\s+"
    r"(?:increase|improvement|reduction|decrease|gain|rise|drop|decline|benefit)\b(?=\s*[(\[]\s*\d{2}(?:\.\d+)?\s?%\s?"
    r"(?:CI|confidence))",
    re.IGNORECASE,
)

#: "a 4.1% absolute risk reduction (95% CI −2.2 to 10.4)": a risk difference printed before its name.
_ABSOLUTE_BEFORE = re.compile(
    r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)\s?%\s+(?P<unit>absolute)\s+(?:risk\s+)?(?:reduction|increase|difference)\b"
    r"(?=\s*[(\[]\s*\d{2}(?:\.\d+)?\s?%\s?(?:CI|confidence))",
    re.IGNORECASE,
)


#: The estimate's p-value just after its interval, inside or after the bracket: "...; p<0.0001)",
#: "... 4.39 points]; P = .18".
_P_IN_BRACKET = re.compile(r"[^()\[\]]{0,12}?[)\]]?\s*[;,]\s*[Pp]\s?(?:<=|>=|[<>=≤≥])\s?\d*\.?\d+")


def points_before(
    text: str, norm: str, paper_id: str, section: int, s_start: int, s_end: int
) -> list[Effect]:
    """Differences whose values come before "points higher" and the like (see _POINTS_BEFORE),
    "an additional N-point increase" (_ADDITIONAL_POINTS), "a N% absolute risk reduction"
    (_ABSOLUTE_BEFORE) or "N percentage points (95% CI ...)" (_PERCENTAGE_POINTS)."""
    found: list[Effect] = []
    matches = [
        *_POINTS_BEFORE.finditer(norm, s_start, s_end),
        *_ADDITIONAL_POINTS.finditer(norm, s_start, s_end),
        *_ABSOLUTE_BEFORE.finditer(norm, s_start, s_end),
        *_PERCENTAGE_POINTS.finditer(norm, s_start, s_end),
    ]
    for m in sorted(matches, key=lambda m: m.start()):
        ci_read = read_ci(norm, m.end(), s_end)
        if ci_read is None:
            continue
        measure = "RD" if m.group("unit").lower().startswith(("percentage", "absolute")) else "MD"
        value = float(m.group("v").replace(" ", ""))
        # The p-value printed in the interval's bracket: "(95% CI 7.6-13.4; p<0.0001)".
        p_in_bracket = _P_IN_BRACKET.match(norm, ci_read[2], s_end)
        end = p_in_bracket.end() if p_in_bracket else ci_read[2]
        where = (text, norm, paper_id, section, norm[s_start:s_end])
        found.append(_before_effect(measure, value, ci_read, (m.start(), end), where))
    return found


_DIRECTION_WORD = r"(?:fewer|more|lower|higher|less|greater)"
_WORDED_BOUND = r"(?:[A-Za-zµμ/%][\w/%-]*\s+)?"
#: A difference and its interval given in words, as GRADE summaries print them: "3.6 fewer
#: episodes (95% CI 7.9 fewer to 0.70 more)", "10.6 days fewer in favour of surgery (95% CI 5.8
#: fewer to 15.8 fewer)", "0.30 higher (0.65 lower to 1.23 higher)". Not an absolute effect per
#: 1000 ("40 fewer per 1000 (from 60 fewer to 10 fewer)": a risk scaled, not printed as one).
_WORDED = re.compile(
    r"(?<![\w.,%-])(?P<v>\d+(?:\.\d+)?)\s?(?P<unit>%\s+|(?:[A-Za-zµμ/][\w/-]*\s+){0,3}?)(?P<dir>"
    + _DIRECTION_WORD
    + r")\b(?!\s+than\b)(?P<gap>[^()\[\];\d]{0,80}?)\s*(?:(?P<open>[(\[])|,)\s*(?:(?P<lvl>\d{2})\s?%\s?)?"
    r"(?:(?:CI|confidence\s+intervals?)\b\s*[:,]?\s*)?"
    r"(?P<lo>\d+(?:\.\d+)?)\s?%?\s?" + _WORDED_BOUND + r"(?P<d1>" + _DIRECTION_WORD + r")\s+to\s+"
    r"(?P<hi>\d+(?:\.\d+)?)\s?%?\s?"
    + _WORDED_BOUND
    + r"(?P<d2>"
    + _DIRECTION_WORD
    # (bracketed, or after a comma: "(MD 13.67 points higher, 95% CI 9.26 higher to 18.08 higher; ...")
    + r")\b(?(open)[^()\[\]]{0,60}?[)\]])",
    re.IGNORECASE,
)
_PER_THOUSAND = re.compile(r"\s*per\s+\d", re.IGNORECASE)
_WORDED_HINT = re.compile(_DIRECTION_WORD + r"\s+to\s+\d", re.IGNORECASE)


def _signed(number: str, direction: str) -> float:
    return -float(number) if direction.lower() in {"fewer", "lower", "less"} else float(number)


def worded_differences(
    text: str, norm: str, paper_id: str, section: int, s_start: int, s_end: int
) -> list[Effect]:
    """Differences whose value and bounds are given in words of direction (see _WORDED)."""
    found: list[Effect] = []
    if _WORDED_HINT.search(norm, s_start, s_end) is None:
        return found
    for m in _WORDED.finditer(norm, s_start, s_end):
        if re.search(r"\bper\s+\d", m.group("gap")) or _PER_THOUSAND.match(norm, m.end(), s_end):
            continue  # "115 fewer deaths (191 fewer to 38 fewer) per 1000 participants"
        value = _signed(m.group("v"), m.group("dir"))
        low, high = sorted((_signed(m.group("lo"), m.group("d1")), _signed(m.group("hi"), m.group("d2"))))
        if not low - 1e-9 <= value <= high + 1e-9:
            continue
        level = float(m.group("lvl")) if m.group("lvl") else None
        measure = "RD" if m.group("unit").startswith("%") else "MD"
        where = (text, norm, paper_id, section, norm[s_start:s_end])
        found.append(
            _before_effect(measure, value, ((low, high), level, m.end()), (m.start(), m.end()), where)
        )
    return found


#: A difference labelled by the arms it compares, with a labelled interval and no measure named:
#: "D2 versus placebo: -0.05% [95% CI -0.11, 0.02]", "D3 versus placebo -0.73 m/s (95% CI ...)".
_VERSUS_VALUE = re.compile(
    r"\b[A-Za-z][\w-]*(?:\s[\w-]+)?\s+(?:versus|vs\.?)\s+[A-Za-z][\w-]*(?:\s[\w-]+)?\s*:?\s+"
    r"(?P<v>(?:-\s?)?\d+(?:\.\d+)?)(?![\d.]*\d)(?P<unit>\s?%|\s?[A-Za-zµμ][\w/²³-]{0,9}(?<![.,]))?"
    r"(?=\s*[(\[]\s*\d{2}(?:\.\d+)?\s?%\s?(?:CI|confidence))"
)
#: After such a value's interval, the other arm's value: the values were the arms' own.
_VERSUS_AFTER = re.compile(r"\s*[)\]]?\s*(?:vs\.?|versus)\s", re.IGNORECASE)


def versus_labelled(
    text: str, norm: str, paper_id: str, section: int, s_start: int, s_end: int
) -> list[Effect]:
    """Differences labelled by the arms they compare, in a sentence that names no measure."""
    found: list[Effect] = []
    for m in _VERSUS_VALUE.finditer(norm, s_start, s_end):
        ci_read = read_ci(norm, m.end(), s_end)
        if ci_read is None or ci_read[1] is None or _VERSUS_AFTER.match(norm, ci_read[2], s_end):
            continue
        value = parse_number(m.group("v"))
        if value is None or not (ci_read[0][0] - 1e-9 <= value <= ci_read[0][1] + 1e-9):
            continue
        percent = (m.group("unit") or "").strip() == "%"
        measure = "RD" if percent and not PERCENT_MEASURE.search(norm, s_start, m.start("v")) else "MD"
        p_match = match_p_value(norm, ci_read[2], min(s_end, ci_read[2] + 20))
        end = p_match.end if p_match is not None else ci_read[2]
        where = (text, norm, paper_id, section, norm[s_start:s_end])
        found.append(_before_effect(measure, value, ci_read, (m.start(), end), where))
    return found
