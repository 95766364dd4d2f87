"""GRADE-style certainty of evidence for one outcome.

Certainty starts from the best design present (randomized trials: high; observational
studies only: low; case series, animal or lab work only: very low) and is rated down one
level for each serious concern, each with its reason and the papers behind it:

- risk of bias: most of the randomized evidence comes from open-label trials, trials
  stopped early, or (for observational evidence) retrospective designs without
  propensity matching or adjustment;
- inconsistency: I² above 50% in the pooled estimate, or studies of the same tier that
  answer in opposite directions;
- imprecision: the pooled (or only) interval crosses no effect, no study gives an interval
  at all (findings stated in words only), or fewer than 400 participants in all (a rough
  optimal-information-size floor; GRADE handbook 5.2.2);
- indirectness: the studies that address the question mostly do so only "possibly"
  (another population, outcome or comparison than asked).

Observational evidence with a large, precise effect (ratio below 0.5 or above 2 with its
interval excluding 1) and no other concern is rated up once (GRADE's large-effect rule).

>>> rct = StudyEvidence("p1", "Trial 2018", StudyDesign.RCT, n=274, answer="yes",
...                     blinded=False, interval_excludes_null=True)
>>> rating = grade_outcome("overall survival", [rct])
>>> rating.level, [r.domain for r in rating.reasons]
('low', ['risk of bias', 'imprecision'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consilience.model import GradeRating, GradeReason, PooledEstimate, StudyDesign

LEVELS = ("very low", "low", "moderate", "high")

RANDOMIZED = frozenset({StudyDesign.META_ANALYSIS, StudyDesign.SYSTEMATIC_REVIEW, StudyDesign.RCT})
OBSERVATIONAL = frozenset(
    {
        StudyDesign.NON_RANDOMIZED_TRIAL,
        StudyDesign.PROSPECTIVE_COHORT,
        StudyDesign.RETROSPECTIVE_COHORT,
        StudyDesign.REGISTRY,
        StudyDesign.CASE_CONTROL,
        StudyDesign.CROSS_SECTIONAL,
    }
)
OPTIMAL_INFORMATION_SIZE = 400


@dataclass(frozen=True, slots=True)
class StudyEvidence:
    """What grading needs to know about one study that addresses the outcome."""

    paper_id: str
    label: str
    design: StudyDesign
    n: int | None = None
    answer: str = "not-addressed"  # yes / possibly / no / not-addressed
    blinded: bool | None = None
    stopped_early: bool = False
    retrospective: bool = False
    adjusted: bool = False
    interval_excludes_null: bool | None = None
    large_effect: bool = False


def _tier(design: StudyDesign) -> str:
    if design in RANDOMIZED:
        return "randomized"
    if design in OBSERVATIONAL:
        return "observational"
    return "other"


def grade_outcome(
    outcome: str,
    studies: Sequence[StudyEvidence],
    pooled: PooledEstimate | None = None,
) -> GradeRating:
    """Rate the certainty of the evidence on one outcome from the studies addressing it."""
    addressing = [s for s in studies if s.answer != "not-addressed"]
    randomized = [s for s in addressing if _tier(s.design) == "randomized"]
    observational = [s for s in addressing if _tier(s.design) == "observational"]
    if randomized:
        basis, body, start = "randomized", randomized, 3
    elif observational:
        basis, body, start = "observational", observational, 1
    else:
        body = addressing
        return GradeRating(
            outcome=outcome,
            level="very low",
            start="very low",
            basis="other",
            paper_ids=[s.paper_id for s in body],
            reasons=[
                GradeReason(
                    domain="study design",
                    change=0,
                    text="no randomized or controlled observational study addresses this outcome",
                    paper_ids=[s.paper_id for s in body],
                )
            ],
        )
    ids = [s.paper_id for s in body]
    reasons: list[GradeReason] = []

    # Risk of bias.
    if basis == "randomized":
        at_risk = [s for s in body if s.design == StudyDesign.RCT and (s.blinded is False or s.stopped_early)]
        trials = [s for s in body if s.design == StudyDesign.RCT]
        if trials and len(at_risk) * 2 > len(trials):
            what = "open-label" if any(s.blinded is False for s in at_risk) else "stopped early"
            if any(s.stopped_early for s in at_risk) and what != "stopped early":
                what += " or stopped early"
            reasons.append(
                GradeReason(
                    domain="risk of bias",
                    change=-1,
                    text=f"most trials were {what}",
                    paper_ids=[s.paper_id for s in at_risk],
                )
            )
    else:
        unadjusted = [s for s in body if s.retrospective and not s.adjusted]
        if unadjusted and len(unadjusted) * 2 > len(body):
            reasons.append(
                GradeReason(
                    domain="risk of bias",
                    change=-1,
                    text="most studies were retrospective without reported matching or adjustment",
                    paper_ids=[s.paper_id for s in unadjusted],
                )
            )

    # Inconsistency.
    answers = {s.answer for s in body if s.answer in ("yes", "no")}
    if pooled is not None and pooled.k >= 2 and pooled.i2 > 0.5:
        reasons.append(
            GradeReason(
                domain="inconsistency",
                change=-1,
                text=f"results vary more than chance explains (I² {100 * pooled.i2:.0f}%)",
                paper_ids=list(pooled.paper_ids),
            )
        )
    elif answers == {"yes", "no"}:
        reasons.append(
            GradeReason(
                domain="inconsistency",
                change=-1,
                text=f"{basis} studies point in opposite directions",
                paper_ids=[s.paper_id for s in body if s.answer in ("yes", "no")],
            )
        )

    # Imprecision.
    total_n = sum(s.n or 0 for s in body)
    crosses = (
        pooled.ci_low < (1.0 if pooled.measure in ("HR", "OR", "RR", "IRR") else 0.0) < pooled.ci_high
        if pooled is not None
        else any(s.interval_excludes_null is False for s in body)
    )
    # With no interval at all (findings stated in words only), precision cannot be judged.
    unmeasured = pooled is None and all(s.interval_excludes_null is None for s in body)
    if crosses or unmeasured or total_n < OPTIMAL_INFORMATION_SIZE:
        why = []
        if crosses:
            why.append("the confidence interval includes no effect")
        if unmeasured:
            why.append("no study gives an effect estimate with a confidence interval")
        if total_n < OPTIMAL_INFORMATION_SIZE:
            why.append(f"fewer than {OPTIMAL_INFORMATION_SIZE} participants in all")
        reasons.append(GradeReason(domain="imprecision", change=-1, text="; ".join(why), paper_ids=ids))

    # Indirectness.
    possibly = [s for s in body if s.answer == "possibly"]
    if possibly and len(possibly) * 2 > len(body):
        reasons.append(
            GradeReason(
                domain="indirectness",
                change=-1,
                text="most studies address a related population, outcome or comparison rather than the one asked",
                paper_ids=[s.paper_id for s in possibly],
            )
        )

    level = start + sum(r.change for r in reasons)
    if basis == "observational" and not reasons:
        large = [s for s in body if s.large_effect and s.interval_excludes_null]
        if large:
            reasons.append(
                GradeReason(
                    domain="large effect",
                    change=1,
                    text="a large effect whose interval excludes no effect",
                    paper_ids=[s.paper_id for s in large],
                )
            )
            level += 1
    level = max(0, min(3, level))
    return GradeRating(
        outcome=outcome,
        level=LEVELS[level],
        start=LEVELS[start],
        basis=basis,
        paper_ids=ids,
        reasons=reasons,
    )
