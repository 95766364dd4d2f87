"""Sample-size extraction."""

from __future__ import annotations

import pytest

from consilience.analyze.sample_size import extract_sample_sizes
from consilience.model import Paper, Section


def sizes(text: str) -> list[tuple[str, int, dict[str, int]]]:
    paper = Paper(id="x:1", sections=[Section(label="METHODS", text=text)])
    return [(s.kind, s.total, s.arms) for s in extract_sample_sizes(paper)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A total of 1,204 patients were randomly assigned to drug (n = 602) or placebo (n = 602).",
            [("randomized", 1204, {"drug": 602, "placebo": 602})],
        ),
        ("We randomly assigned 300 adults with asthma to budesonide or placebo.", [("randomized", 300, {})]),
        (
            "Eighty-two patients were randomized: 41 to drug and 41 to placebo.",
            [("randomized", 82, {"drug": 41, "placebo": 41})],
        ),
        ("Of 500 patients enrolled, 480 were analysed.", [("enrolled", 500, {}), ("analysed", 480, {})]),
        (
            "Twelve trials involving 3,456 participants were included.",
            [("studies", 12, {}), ("participants", 3456, {})],
        ),
        ("We included 15 RCTs (n = 2,310 patients).", [("studies", 15, {}), ("participants", 2310, {})]),
        ("Patients aged 18-65 years were eligible.", []),
    ],
)
def test_sample_sizes(text: str, expected: list[tuple[str, int, dict[str, int]]]) -> None:
    assert sizes(text) == expected


def test_span_quotes_the_source() -> None:
    text = "In all, 96 women were enrolled."
    paper = Paper(id="x:1", sections=[Section(text=text)])
    (size,) = extract_sample_sizes(paper)
    assert size.span is not None and text[size.span.start : size.span.end] == size.span.text
