"""GRADE-style certainty: start by design, rate down with cited reasons."""

from __future__ import annotations

from consilience.model import StudyDesign
from consilience.synthesize.grade import StudyEvidence, grade_outcome
from consilience.synthesize.pool import PoolInput, pool_random_effects

D = StudyDesign


def trial(pid: str, answer: str, n: int = 500, blinded: bool | None = True, **kw: object) -> StudyEvidence:
    return StudyEvidence(
        pid, pid, D.RCT, n=n, answer=answer, blinded=blinded, interval_excludes_null=True, **kw
    )  # type: ignore[arg-type]


def test_consistent_large_blinded_trials_are_high_certainty() -> None:
    rating = grade_outcome("mortality", [trial("a", "yes"), trial("b", "yes")])
    assert (rating.level, rating.reasons) == ("high", [])
    assert rating.basis == "randomized"


def test_open_label_trials_are_rated_down_for_risk_of_bias_with_their_ids() -> None:
    rating = grade_outcome("mortality", [trial("a", "yes", blinded=False), trial("b", "yes", blinded=False)])
    assert rating.level == "moderate"
    assert rating.reasons[0].domain == "risk of bias"
    assert rating.reasons[0].paper_ids == ["a", "b"]


def test_trials_pointing_opposite_ways_are_inconsistent() -> None:
    rating = grade_outcome("mortality", [trial("a", "yes"), trial("b", "no")])
    assert "inconsistency" in [r.domain for r in rating.reasons]


def test_heterogeneous_pool_crossing_null_is_inconsistent_and_imprecise() -> None:
    pooled = pool_random_effects(
        [
            PoolInput("a", "A", "HR", 0.66, 0.49, 0.88, 95),
            PoolInput("b", "B", "HR", 1.04, 0.81, 1.34, 95),
            PoolInput("c", "C", "HR", 1.45, 0.75, 2.79, 95),
        ],
        outcome="OS",
        group="randomized",
    )
    rating = grade_outcome("OS", [trial("a", "yes"), trial("b", "no"), trial("c", "no")], pooled)
    domains = [r.domain for r in rating.reasons]
    assert domains == ["inconsistency", "imprecision"]
    assert rating.level == "low"


def test_small_total_sample_is_imprecise() -> None:
    rating = grade_outcome("pain", [trial("a", "yes", n=60), trial("b", "yes", n=80)])
    assert [r.domain for r in rating.reasons] == ["imprecision"]
    assert "fewer than 400" in rating.reasons[0].text


def test_observational_only_starts_low_and_can_be_rated_up_for_a_large_effect() -> None:
    cohort = StudyEvidence(
        "c",
        "C",
        D.PROSPECTIVE_COHORT,
        n=5000,
        answer="yes",
        adjusted=True,
        interval_excludes_null=True,
        large_effect=True,
    )
    assert grade_outcome("x", [cohort]).level == "moderate"
    retro = StudyEvidence("r", "R", D.RETROSPECTIVE_COHORT, n=5000, answer="yes", retrospective=True)
    assert grade_outcome("x", [retro]).level == "very low"


def test_randomized_evidence_is_the_basis_when_both_exist() -> None:
    cohort = StudyEvidence("c", "C", D.REGISTRY, n=20000, answer="yes")
    rating = grade_outcome("OS", [trial("a", "no"), cohort])
    assert rating.basis == "randomized"
    assert rating.paper_ids == ["a"]


def test_only_case_reports_or_animal_work_is_very_low() -> None:
    mouse = StudyEvidence("m", "M", D.ANIMAL, answer="yes")
    rating = grade_outcome("x", [mouse])
    assert rating.level == "very low"
    assert rating.reasons[0].paper_ids == ["m"]


def test_indirect_evidence_is_rated_down() -> None:
    rating = grade_outcome("OS", [trial("a", "possibly"), trial("b", "possibly"), trial("c", "yes")])
    assert "indirectness" in [r.domain for r in rating.reasons]


def test_findings_stated_in_words_only_are_imprecise() -> None:
    # "quality of life was largely similar": no estimate, no interval, so precision is unknown
    worded = StudyEvidence("w", "W", D.RCT, n=900, answer="no", blinded=True, interval_excludes_null=None)
    rating = grade_outcome("quality of life", [worded])
    assert rating.level == "moderate"
    (reason,) = rating.reasons
    assert reason.domain == "imprecision" and "confidence interval" in reason.text
