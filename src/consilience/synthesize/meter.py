"""The consensus meter: how the most relevant analysed papers answer one question.

Counts and percentages per answer, an evidence-weighted view, and a breakdown by design
tier, so that "randomized trials: mostly no; retrospective studies: mostly yes" shows at a
glance. The meter is shown only when at least :data:`MIN_ADDRESSING` papers address the
question; otherwise it says plainly that the evidence is too thin.

Weights (documented in ``docs/stance.md``): a paper's weight is its design weight times its
size weight. The design weight follows the evidence level in
:data:`consilience.model.EVIDENCE_LEVEL` (level 1 = 1.0 ... level 5 = 0.1), and animal or
in-vitro work is 0.05, so a mouse study never counts like a trial. The size weight is
``sqrt(n / 100)`` clipped to [0.3, 3]: a trial of 400 counts twice one of 100, never more
than three times the baseline; an unknown size counts 0.7.

>>> from consilience.model import Question, Stance
>>> q = Question(text="Does X help?")
>>> stances = [Stance(question=q.text, paper_id=f"p{i}", answer="yes", confidence=0.9, design="rct", n=100)
...            for i in range(5)]
>>> m = build_meter(q, stances)
>>> m.shown, m.raw.counts["yes"], m.raw.summary
(True, 5, 'mostly yes')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from consilience.model import EVIDENCE_LEVEL, Meter, MeterBar, Question, Stance, StudyDesign
from consilience.question import is_exposure

__all__ = [
    "ANSWERS",
    "DESIGN_TIERS",
    "LEVEL_WEIGHT",
    "MAX_PAPERS",
    "MIN_ADDRESSING",
    "build_meter",
    "counted_phrase",
    "design_weight",
    "evidence_design",
    "evidence_weight",
    "size_weight",
]

ANSWERS = ("yes", "possibly", "no")
#: Fewer papers than this addressing the question: no meter, a message instead.
MIN_ADDRESSING = 5
#: The meter counts at most this many papers that address the question, the most relevant first.
MAX_PAPERS = 20
#: Weight per evidence level (1 strongest).
LEVEL_WEIGHT = {1: 1.0, 2: 0.8, 3: 0.4, 4: 0.2, 5: 0.1}
_NON_HUMAN = frozenset({StudyDesign.ANIMAL, StudyDesign.IN_VITRO})
_NON_HUMAN_WEIGHT = 0.05
_UNKNOWN_SIZE_WEIGHT = 0.7

#: Display tiers, strongest first, and the designs each holds.
DESIGN_TIERS: tuple[tuple[str, frozenset[StudyDesign]], ...] = (
    (
        "systematic reviews / meta-analyses",
        frozenset({StudyDesign.META_ANALYSIS, StudyDesign.SYSTEMATIC_REVIEW}),
    ),
    ("randomized trials", frozenset({StudyDesign.RCT})),
    ("non-randomized trials", frozenset({StudyDesign.NON_RANDOMIZED_TRIAL})),
    ("prospective cohorts", frozenset({StudyDesign.PROSPECTIVE_COHORT})),
    ("retrospective studies", frozenset({StudyDesign.RETROSPECTIVE_COHORT, StudyDesign.REGISTRY})),
    ("case-control / cross-sectional", frozenset({StudyDesign.CASE_CONTROL, StudyDesign.CROSS_SECTIONAL})),
    ("case series / reports", frozenset({StudyDesign.CASE_SERIES, StudyDesign.CASE_REPORT})),
    ("reviews / guidelines", frozenset({StudyDesign.NARRATIVE_REVIEW, StudyDesign.GUIDELINE})),
    ("animal / lab studies", frozenset({StudyDesign.ANIMAL, StudyDesign.IN_VITRO})),
    ("other / unclassified", frozenset({StudyDesign.OTHER})),
)


def _design(value: str) -> StudyDesign:
    try:
        return StudyDesign(value)
    except ValueError:
        return StudyDesign.OTHER


def design_weight(design: str) -> float:
    """Weight of a design: by evidence level, with animal and in-vitro work near zero.

    >>> design_weight("rct"), design_weight("animal")
    (0.8, 0.05)
    """
    d = _design(design)
    if d in _NON_HUMAN:
        return _NON_HUMAN_WEIGHT
    return LEVEL_WEIGHT[EVIDENCE_LEVEL[d]]


def size_weight(n: int | None) -> float:
    """``sqrt(n / 100)`` clipped to [0.3, 3]; 0.7 when the size is unknown.

    >>> size_weight(400), size_weight(None)
    (2.0, 0.7)
    """
    if n is None or n <= 0:
        return _UNKNOWN_SIZE_WEIGHT
    return min(3.0, max(0.3, math.sqrt(n / 100)))


def evidence_design(stance: Stance, exposure: bool = False) -> StudyDesign:
    """The design a paper's evidence counts as: its own, except that for an exposure question
    ("Is obesity associated with …?") a trial's participants are a prospective cohort, since a
    trial randomizes a treatment, never the exposure."""
    design = _design(stance.design)
    return StudyDesign.PROSPECTIVE_COHORT if exposure and design is StudyDesign.RCT else design


def evidence_weight(stance: Stance, exposure: bool = False) -> float:
    """A paper's evidence weight in the meter: design weight x size weight."""
    return round(design_weight(evidence_design(stance, exposure).value) * size_weight(stance.n), 4)


def _summary(shares: dict[str, float]) -> str:
    if not shares or sum(shares.values()) == 0:
        return "no papers"
    top = max(ANSWERS, key=lambda a: shares.get(a, 0.0))
    share = shares.get(top, 0.0)
    if share >= 0.6:
        return f"mostly {top}"
    if share >= 0.45:
        return f"leaning {top}"
    return "mixed"


def _bar(label: str, stances: Sequence[Stance]) -> MeterBar:
    counts = {a: sum(1 for s in stances if s.answer == a) for a in ANSWERS}
    total = sum(counts.values())
    percent = {a: round(100.0 * c / total, 1) if total else 0.0 for a, c in counts.items()}
    weights = {a: sum(s.weight for s in stances if s.answer == a) for a in ANSWERS}
    wsum = sum(weights.values())
    weighted = {a: round(100.0 * w / wsum, 1) if wsum else 0.0 for a, w in weights.items()}
    return MeterBar(
        label=label,
        papers=total,
        counts=counts,
        percent=percent,
        weighted=weighted,
        summary=_summary(weighted),
    )


def counted_phrase(meter: Meter) -> str:
    """What the meter counts: "7 of 30 papers address the question", or, once the cap is
    reached, "The 20 most relevant papers that address the question" (more may address it).

    >>> from consilience.model import Question
    >>> counted_phrase(Meter(question=Question(text="Q?"), considered=30, addressing=7))
    '7 of 30 papers address the question'
    """
    if meter.addressing >= MAX_PAPERS:
        return f"The {meter.addressing} most relevant papers that address the question"
    return f"{meter.addressing} of {meter.considered} papers address the question"


def build_meter(
    question: Question, stances: Sequence[Stance], *, min_addressing: int = MIN_ADDRESSING
) -> Meter:
    """The meter over ``stances`` (the most relevant first).

    It counts the first :data:`MAX_PAPERS` that address the question and reads no further, so
    the papers it shows are those an answer built from the same stances cites (a paper that does
    not address the question takes no place among the twenty).
    """
    exposure = is_exposure(question)
    considered: list[Stance] = []
    addressing: list[Stance] = []
    for stance in stances:
        if len(addressing) == MAX_PAPERS:
            break
        considered.append(stance.model_copy(update={"weight": evidence_weight(stance, exposure)}))
        if stance.answer in ANSWERS:
            addressing.append(considered[-1])
    meter = Meter(
        question=question, considered=len(considered), addressing=len(addressing), stances=considered
    )
    if len(addressing) < min_addressing:
        meter.message = (
            f"Not enough evidence to show a meter: {len(addressing)} of {len(considered)} papers read "
            f"address the question (at least {min_addressing} are needed)."
        )
        return meter
    meter.shown = True
    meter.raw = _bar("all papers", addressing)
    for label, designs in DESIGN_TIERS:
        group = [s for s in addressing if evidence_design(s, exposure) in designs]
        if group:
            meter.by_design.append(_bar(label, group))
    tiers = "; ".join(f"{b.label}: {b.summary}" for b in meter.by_design)
    meter.message = f"{counted_phrase(meter)}. {tiers}."
    return meter
