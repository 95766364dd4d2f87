"""Survival percentages, medians, event counts and follow-up."""

from __future__ import annotations

from consilience.analyze.survival import (
    extract_event_counts,
    extract_follow_up,
    extract_medians,
    extract_survival_points,
)
from consilience.model import Paper, Section


def paper(text: str) -> Paper:
    return Paper(id="x:1", sections=[Section(label="RESULTS", text=text)])


def test_points_per_arm() -> None:
    points = extract_survival_points(paper("3-year OS 68.4% vs 67.9%."))
    assert [(p.endpoint, p.time_value, p.time_unit, p.percent) for p in points] == [
        ("OS", 3.0, "year", 68.4),
        ("OS", 3.0, "year", 67.9),
    ]
    points = extract_survival_points(paper("The 5-year overall survival was 41.6% and 24.4%, respectively."))
    assert [p.percent for p in points] == [41.6, 24.4]
    points = extract_survival_points(
        paper("Overall survival at 5 years was 80% in the surgery group and 70% in the radiotherapy group.")
    )
    assert [(p.arm, p.percent) for p in points] == [("surgery", 80.0), ("radiotherapy", 70.0)]


def test_medians() -> None:
    medians = extract_medians(paper("median OS 46 vs 35 months"))
    assert [(m.endpoint, m.months) for m in medians] == [("OS", 46.0), ("OS", 35.0)]
    medians = extract_medians(
        paper("Median PFS was 19.2 months (95% CI 15.98-22.46) vs 20.5 months (95% CI 17.1-23.0).")
    )
    assert [m.months for m in medians] == [19.2, 20.5]
    medians = extract_medians(paper("Median overall survival was 2 years in the chemotherapy arm."))
    assert [(m.arm, m.months) for m in medians] == [("chemotherapy", 24.0)]


def test_events() -> None:
    events = extract_event_counts(paper("Death: 12/100 (12%) vs 20/98. BP 120/80 mm Hg on 12/05/2003."))
    assert [(e.events, e.total) for e in events] == [(12, 100), (20, 98)]


def test_follow_up() -> None:
    assert extract_follow_up(paper("After a median follow-up of 40 months, 20 died.")) is not None
    found = extract_follow_up(paper("Results after a median of 3.2 years were similar."))
    assert found is not None and found[0] == 38.4
    assert extract_follow_up(paper("No follow-up was reported.")) is None
