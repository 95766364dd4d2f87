"""Findings as sentences: survival, medians and effect estimates turned into checked Claims.

Every number written here is either printed in the paper (and copied as printed) or
computed by exact decimal arithmetic from numbers printed in it, and then listed in the
claim's ``computed`` field so the checker can tell the two apart.

>>> from consilience.model import Effect
>>> claim = effect_gloss(Effect(measure="HR", value=0.66, ci_low=0.49, ci_high=0.88), "p1", "patient")
>>> claim.text, claim.computed
('A hazard ratio of 0.66 means the rate of the event over time was 34% lower in the group studied than in the group it was compared with.', ['34'])
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from consilience.model import Claim, Effect, MedianSurvival, Span, SurvivalPoint
from consilience.text import indefinite

__all__ = ["effect_gloss", "fmt_number", "median_claims", "survival_claims"]

_RATIO_NAMES = {
    "HR": "hazard ratio",
    "AHR": "hazard ratio",
    "OR": "odds ratio",
    "AOR": "odds ratio",
    "RR": "risk ratio",
    "IRR": "rate ratio",
}
_RATIO_SUBJECT = {
    "HR": "the rate of the event over time",
    "AHR": "the rate of the event over time",
    "OR": "the odds of the event",
    "AOR": "the odds of the event",
    "RR": "the risk of the event",
    "IRR": "the rate of events",
}
_ENDPOINT_ALIVE = {
    "OS": "were alive",
    "PFS": "were alive without their cancer growing",
    "DFS": "were alive with no sign of the disease",
    "EFS": "were alive without a major event",
    "RFS": "were alive without the disease coming back",
}
_MEDIAN_PHRASE = {
    "OS": ("lived longer than", ""),
    "PFS": ("went longer than", " without their cancer growing"),
    "DFS": ("went longer than", " with no sign of the disease"),
}


def fmt_number(value: float | Decimal) -> str:
    """A number as a paper prints it: no trailing zeros, no exponent.

    >>> fmt_number(19.0), fmt_number(41.6), fmt_number(Decimal("17.20"))
    ('19', '41.6', '17.2')
    """
    dec = Decimal(str(value)).normalize()
    text = format(dec, "f")
    return text


def _claim(text: str, paper_id: str, spans: list[Span | None], computed: list[str] | None = None) -> Claim:
    return Claim(
        text=text,
        cites=[paper_id],
        spans=[s for s in spans if s is not None],
        kind="finding",
        computed=computed or [],
    )


def effect_gloss(effect: Effect, paper_id: str, audience: str) -> Claim | None:
    """A plain reading of a ratio estimate ('34% lower'), or None for other measures."""
    measure = effect.measure.upper()
    if measure not in _RATIO_NAMES or effect.value <= 0:
        return None
    value = Decimal(str(effect.value))
    change = (abs(Decimal(1) - value) * 100).normalize()
    if change == 0:
        return None
    pct = fmt_number(change)
    direction = "lower" if value < 1 else "higher"
    name = _RATIO_NAMES[measure]
    value_text = fmt_number(value)
    if audience == "clinician":
        change_word = "reduction" if value < 1 else "increase"
        text = (
            f"{indefinite(name).capitalize()} of {value_text} corresponds to a {pct}% relative {change_word}."
        )
    else:
        subject = _RATIO_SUBJECT[measure]
        outcome = effect.outcome.strip().lower()
        if outcome and len(outcome.split()) <= 4 and not re.search(r"[^a-z ,'-]", outcome):
            # "the rate of death over time": the event named when the paper names it plainly
            subject = re.sub(r"the event\b|\bevents\b", outcome, subject, count=1)
        verb = "were" if subject.startswith("the odds") else "was"
        text = (
            f"{indefinite(name).capitalize()} of {value_text} means {subject} {verb} {pct}% {direction} "
            "in the group studied than in the group it was compared with."
        )
    return _claim(text, paper_id, [effect.span], [pct])


def effect_range(effect: Effect, paper_id: str) -> Claim | None:
    """Whether an estimate's confidence interval rules out 'no difference', in words."""
    if effect.ci_low is None or effect.ci_high is None:
        return None
    measure = effect.measure.upper()
    null = 1.0 if measure in _RATIO_NAMES else 0.0 if measure in {"MD", "SMD", "RD", "WMD"} else None
    if null is None:
        return None
    low, high = fmt_number(effect.ci_low), fmt_number(effect.ci_high)
    if effect.ci_low <= null <= effect.ci_high:
        text = f"The likely range ({low} to {high}) includes no difference at all, so this result could be due to chance."
    else:
        text = f"The likely range ({low} to {high}) does not include no difference, so this result is not likely due to chance."
    return _claim(text, paper_id, [effect.span])


def _arm_label(arm: str, expand: dict[str, str]) -> str:
    arm = arm.strip()
    if not arm:
        return ""
    return expand.get(arm, arm)


def _time_phrase(point: SurvivalPoint) -> str:
    if point.time_value is None or not point.time_unit:
        return ""
    value = fmt_number(point.time_value)
    unit = point.time_unit.rstrip("s")
    return f"After {value} {unit}{'' if value == '1' else 's'}, "


def survival_claims(points: list[SurvivalPoint], paper_id: str, expand: dict[str, str]) -> list[Claim]:
    """'After 5 years, 41.6% of people in group A were alive, compared with 24.4% in group B.'

    Two arms at one time point also give the absolute difference in percentage points.
    """
    groups: dict[tuple[str, float | None, str], list[SurvivalPoint]] = defaultdict(list)
    for point in points:
        groups[(point.endpoint.upper(), point.time_value, point.time_unit)].append(point)
    claims: list[Claim] = []
    for (endpoint, _, _), group in groups.items():
        if endpoint not in _ENDPOINT_ALIVE:
            continue
        lead = _time_phrase(group[0])
        if not lead:
            continue
        state = _ENDPOINT_ALIVE[endpoint]
        first = group[0]
        arm = _arm_label(first.arm, expand)
        who = f"of people in the {arm} group" if arm else "of people in one group"
        text = f"{lead}{fmt_number(first.percent)}% {who} {state}"
        spans = [first.span]
        computed: list[str] = []
        if len(group) >= 2:
            second = group[1]
            other = _arm_label(second.arm, expand)
            where = f"in the {other} group" if other and other != arm else "in the other group"
            text += f", compared with {fmt_number(second.percent)}% {where}"
            spans.append(second.span)
            diff = abs(Decimal(str(first.percent)) - Decimal(str(second.percent)))
            if diff:
                points_text = fmt_number(diff)
                text += f". That is a difference of {points_text} percentage points"
                computed.append(points_text)
        claims.append(_claim(text + ".", paper_id, spans, computed))
    return claims


def median_claims(medians: list[MedianSurvival], paper_id: str, expand: dict[str, str]) -> list[Claim]:
    """'Half of the people in group A lived longer than 46 months; in group B, 35 months.'"""
    by_endpoint: dict[str, list[MedianSurvival]] = defaultdict(list)
    for median in medians:
        by_endpoint[median.endpoint.upper()].append(median)
    claims: list[Claim] = []
    for endpoint, group in by_endpoint.items():
        if endpoint not in _MEDIAN_PHRASE or len(group) < 2:
            continue
        verb, tail = _MEDIAN_PHRASE[endpoint]
        first, second = group[0], group[1]
        arm, other = _arm_label(first.arm, expand), _arm_label(second.arm, expand)
        if not arm or arm == other:
            continue
        where = f"the {other} group" if other else "the other group"
        text = (
            f"Half of the people in the {arm} group {verb} {fmt_number(first.months)} months{tail}, "
            f"compared with {fmt_number(second.months)} months in {where}."
        )
        claims.append(_claim(text, paper_id, [first.span, second.span]))
    return claims
