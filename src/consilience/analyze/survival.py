"""Survival and rate extraction: percentages at time points, medians per arm, events/total,
and the length of follow-up.

>>> from consilience.model import Section
>>> paper = Paper(id="x:1", sections=[Section(text="3-year OS 68.4% vs 67.9%. Median OS was 46 vs "
...     "35 months. Deaths: 12/100 (12%) vs 20/98. After a median follow-up of 40 months, ...")])
>>> [(p.endpoint, p.time_value, p.time_unit, p.percent) for p in extract_survival_points(paper)]
[('OS', 3.0, 'year', 68.4), ('OS', 3.0, 'year', 67.9)]
>>> [(m.endpoint, m.months) for m in extract_medians(paper)]
[('OS', 46.0), ('OS', 35.0)]
>>> [(e.events, e.total) for e in extract_event_counts(paper)]
[(12, 100), (20, 98)]
>>> extract_follow_up(paper)[0]
40.0
"""

from __future__ import annotations

import re

from consilience.analyze.fast_patterns import FastPattern, fold_case
from consilience.analyze.numbers import normalize
from consilience.model import EventCount, MedianSurvival, Paper, Span, SurvivalPoint

__all__ = ["extract_event_counts", "extract_follow_up", "extract_medians", "extract_survival_points"]

_ENDPOINT = (
    r"(?P<ep>OS|PFS|DFS|EFS|RFS|DSS|CSS|LRFS|LRPFS|LRC|DMFS|BCSS|iDFS|IDFS|MFS|TTP|TTF|"
    r"(?:overall|progression[- ]free|disease[- ]free|event[- ]free|relapse[- ]free|recurrence[- ]free|"
    r"metastasis[- ]free|distant[- ]metastasis[- ]free|cancer[- ]specific|disease[- ]specific|"
    r"breast[- ]cancer[- ]specific|invasive[- ]disease[- ]free|local(?:[- ]regional)?[- ]recurrence[- ]free|"
    r"locoregional[- ]recurrence[- ]free)\s+survival|survival|mortality|local\s+control|"
    r"(?:cumulative\s+)?incidence(?:\s+of\s+[a-z]+(?:\s[a-z]+)?)?|recurrence|relapse)"
)
_TIME = r"(?P<t>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?P<unit>years?|months?|yr|y)\b"
_PCT = r"(?P<{name}>\d{{1,3}}(?:\.\d+)?)\s?%"
_ARM_AFTER = r"(?:\s*\([^()]{{0,40}}\))?(?:\s+(?:in|for|with|among)\s+(?:the\s+)?(?P<{name}>[\w/+-]+(?:\s[\w/+-]+){{0,3}}?)(?:\s+(?:group|arm|patients|cohort))?)?"
_JOIN = r"\s*(?:,?\s*(?:vs\.?|versus|and|compared\s+(?:with|to)|as\s+against)\s+|,\s*|;\s*|/\s*)"
_POINT = re.compile(
    r"(?:" + _TIME + r"\s+" + _ENDPOINT + r"(?:\s+rates?)?(?:\s+(?:was|were|of|is|reached|:))?"
    r"|"
    + _ENDPOINT.replace("?P<ep>", "?P<ep2>")
    + r"(?:\s+rates?)?\s+at\s+"
    + _TIME.replace("?P<t>", "?P<t2>").replace("?P<unit>", "?P<unit2>")
    + r"(?:\s+(?:was|were|of|is|:))?)"
    r"\s*:?\s*"
    + _PCT.format(name="a")
    + _ARM_AFTER.format(name="arm_a")
    + r"(?:"
    + _JOIN
    + _PCT.format(name="b")
    + _ARM_AFTER.format(name="arm_b")
    + r")?",
    re.IGNORECASE,
)
_MONTHS = {
    "month": 1.0,
    "months": 1.0,
    "mo": 1.0,
    "year": 12.0,
    "years": 12.0,
    "yr": 12.0,
    "y": 12.0,
    "week": 12.0 / 52.18,
    "weeks": 12.0 / 52.18,
    "day": 12.0 / 365.25,
    "days": 12.0 / 365.25,
}
_DUR_UNIT = r"(?P<{name}>months?|mo|years?|yrs?|weeks?|days?)\b"
_CI_PAREN = r"(?:\s*[(\[][^()\[\]]{0,60}[)\]])?"
_MEDIAN = re.compile(
    r"median\s+(?:" + _ENDPOINT + r"|(?P<ep_time>time\s+to\s+[a-z]+(?:\s[a-z]+)?|survival\s+time))"
    r"(?:\s+(?:times?|durations?))?(?:\s+(?:was|were|of|reached|:))?\s*:?\s*"
    r"(?P<a>\d+(?:\.\d+)?)(?:\s*"
    + _DUR_UNIT.format(name="ua")
    + r")?"
    + _CI_PAREN
    + r"(?:\s+(?:in|for|with)\s+(?:the\s+)?(?P<arm_a>[\w/+-]+(?:\s[\w/+-]+){0,2}?)(?:\s+(?:group|arm))?)?"
    + r"(?:"
    + _JOIN
    + r"(?P<b>\d+(?:\.\d+)?)(?:\s*"
    + _DUR_UNIT.format(name="ub")
    + r")?"
    + _CI_PAREN
    + r"(?:\s+(?:in|for|with)\s+(?:the\s+)?(?P<arm_b>[\w/+-]+(?:\s[\w/+-]+){0,2}?)(?:\s+(?:group|arm))?)?)?",
    re.IGNORECASE,
)
_EVENTS = re.compile(
    r"(?<![\d/.])(?P<e>\d{1,6})\s?/\s?(?P<n>\d{1,6})(?![\d/]|\.\d)(?:\s*\(\s*\d+(?:\.\d+)?\s?%\s*\))?"
)
_EVENT_ARM = re.compile(
    r"(?:in|with|for)\s+(?:the\s+)?(?P<arm>[\w/+-]+(?:\s[\w/+-]+){0,2}?)(?:\s+(?:group|arm))?\s*$"
)
_FOLLOW_UP = re.compile(
    r"(?:(?P<kind>median|mean|average)\s+(?:duration\s+of\s+)?follow[- ]?up(?:\s+(?:period|time|duration))?"
    r"(?:\s+(?:was|of|is|:|lasted|for))?(?:\s+(?:was|of))?\s*:?\s*|"
    r"after\s+a\s+(?P<kind2>median|mean)\s+(?:follow[- ]?up\s+)?(?:of\s+|period\s+of\s+)?|"
    r"follow[- ]?up\s+(?:was|of|lasted|for)\s+(?:a\s+(?:median|mean)\s+of\s+)?|"
    r"followed(?:\s+up)?\s+for\s+(?:a\s+(?:median|mean)\s+(?:of\s+)?)?)"
    r"(?P<v>\d+(?:\.\d+)?)\s*" + _DUR_UNIT.format(name="u"),
    re.IGNORECASE,
)


#: Cheap tests that decide whether the costly patterns need to run on a text at all.
_TIME_HINT = re.compile(
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:years?|months?|yr|y)\b", re.IGNORECASE
)


# The case-insensitive patterns above run on folded text (see fast_patterns): several times faster.
_POINT_FAST = FastPattern(_POINT)
_MEDIAN_FAST = FastPattern(_MEDIAN)
_FOLLOW_UP_FAST = FastPattern(_FOLLOW_UP)


def _canon_endpoint(text: str) -> str:
    """'overall survival' -> 'OS'; other endpoints as written (lower case)."""
    low = re.sub(r"[- ]+", " ", text.lower())
    names = {
        "overall survival": "OS",
        "progression free survival": "PFS",
        "disease free survival": "DFS",
        "event free survival": "EFS",
        "relapse free survival": "RFS",
        "recurrence free survival": "RFS",
        "metastasis free survival": "MFS",
        "distant metastasis free survival": "DMFS",
        "invasive disease free survival": "IDFS",
        "breast cancer specific survival": "BCSS",
    }
    if text.isupper() or text in {"iDFS"}:
        return text.upper()
    return names.get(low, low)


def _spans(text: str, paper_id: str, section: int, a: int, b: int) -> Span:
    return Span(paper_id=paper_id, section=section, start=a, end=b, text=text[a:b])


def _units(paper: Paper) -> list[tuple[int, str]]:
    units = [(-1, paper.title)] if paper.title else []
    units.extend((i, s.text) for i, s in enumerate(paper.sections))
    return units


def _time_number(text: str) -> float:
    words = {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
    }
    return float(words.get(text.lower(), 0) or float(text))


def extract_survival_points(paper: Paper) -> list[SurvivalPoint]:
    """Percentages at a time point, one per arm: '5-year overall survival was 41.6% and 24.4%'."""
    points: list[SurvivalPoint] = []
    for section, text in _units(paper):
        if "%" not in text or not _TIME_HINT.search(text):
            continue
        norm = normalize(text)
        for m in _POINT_FAST.finditer(norm, fold_case(norm)):
            t = m.group("t") or m.group("t2")
            unit = (m.group("unit") or m.group("unit2") or "").lower()
            unit = "year" if unit.startswith("y") else "month"
            endpoint = _canon_endpoint(m.group("ep") or m.group("ep2"))
            span = _spans(text, paper.id, section, m.start(), m.end())
            for pct, arm in (("a", "arm_a"), ("b", "arm_b")):
                if m.group(pct) is None:
                    continue
                value = float(m.group(pct))
                if value > 100:
                    continue
                points.append(
                    SurvivalPoint(
                        endpoint=endpoint,
                        arm=(m.group(arm) or "").strip(),
                        time_value=_time_number(t),
                        time_unit=unit,
                        percent=value,
                        span=span,
                    )
                )
    return points


def _to_months(value: float, unit: str | None, default: str | None) -> float | None:
    unit = (unit or default or "").lower()
    factor = _MONTHS.get(unit) or _MONTHS.get(unit.rstrip("s"))
    return None if factor is None else round(value * factor, 3)


def extract_medians(paper: Paper) -> list[MedianSurvival]:
    """Median survival (or time-to-event) per arm, in months."""
    medians: list[MedianSurvival] = []
    for section, text in _units(paper):
        if "edian" not in text:
            continue
        norm = normalize(text)
        for m in _MEDIAN_FAST.finditer(norm, fold_case(norm)):
            unit_b = m.group("ub")
            unit_a = m.group("ua") or unit_b
            if unit_a is None:
                continue
            endpoint = _canon_endpoint(m.group("ep") or m.group("ep_time") or "survival")
            span = _spans(text, paper.id, section, m.start(), m.end())
            for key, arm, unit in (("a", "arm_a", unit_a), ("b", "arm_b", unit_b or unit_a)):
                if m.group(key) is None:
                    continue
                months = _to_months(float(m.group(key)), unit, unit_a)
                if months is not None:
                    medians.append(
                        MedianSurvival(
                            endpoint=endpoint, arm=(m.group(arm) or "").strip(), months=months, span=span
                        )
                    )
    return medians


def extract_event_counts(paper: Paper) -> list[EventCount]:
    """'12/100 (12%) vs 20/98': events over totals, with the arm when the text names it."""
    events: list[EventCount] = []
    for section, text in _units(paper):
        if "/" not in text:
            continue
        norm = normalize(text)
        for m in _EVENTS.finditer(norm):
            e, n = int(m.group("e")), int(m.group("n"))
            if n < 2 or e > n:
                continue
            before = norm[max(0, m.start() - 12) : m.start()]
            if re.search(r"(?:mm\s?Hg|ratio|score|dose|\d[-/])\s*$", before, re.IGNORECASE):
                continue
            arm_m = _EVENT_ARM.search(norm[max(0, m.start() - 50) : m.start()].rstrip(" :,"))
            events.append(
                EventCount(
                    arm=arm_m.group("arm") if arm_m else "",
                    events=e,
                    total=n,
                    span=_spans(text, paper.id, section, m.start(), m.end()),
                )
            )
    return events


def extract_follow_up(paper: Paper) -> tuple[float, Span] | None:
    """The (median) length of follow-up in months, with its span; None when not stated."""
    for section, text in _units(paper):
        if "ollow" not in text and "median" not in text:
            continue
        norm = normalize(text)
        m = _FOLLOW_UP_FAST.search(norm, fold_case(norm))
        if m is not None:
            months = _to_months(float(m.group("v")), m.group("u"), None)
            if months is not None:
                return months, _spans(text, paper.id, section, m.start(), m.end())
    return None
