"""The faithfulness checker: numbers traced to cited papers, citations real, findings cited."""

from __future__ import annotations

from consilience.model import Claim, Paper, PubDate, Section
from consilience.verify import keep_verified, numbers_in, paper_numbers, verify_claims

TRIAL = Paper(
    id="pmid:1",
    title="Surgery for the primary tumour: a phase 3 trial",
    sections=[
        Section(
            label="RESULTS",
            text="Median OS was 46 vs 35 months; HR 0.71 (95% CI 0.59-0.86), P=.0003; n=1,234.",
        )
    ],
    pub_date=PubDate(year=2021),
)
COHORT = Paper(
    id="pmid:2", title="A registry study", sections=[Section(text="Surgery was associated with HR 0.50.")]
)
PAPERS = {p.id: p for p in (TRIAL, COHORT)}


def test_numbers_are_read_without_citation_markers_or_names() -> None:
    assert numbers_in("HER2-positive p53 CD8+ disease in T2 [1, 2]") == []
    assert numbers_in("1,234 women, 0.50 and .0003 [3–5]") == ["1,234", "0.50", ".0003"]


def test_paper_numbers_compare_by_value_and_include_the_year() -> None:
    numbers = paper_numbers(TRIAL)
    assert {"46", "35", "0.71", "0.59", "0.86", "0.0003", "1234", "3", "2021"} <= numbers


def test_a_decimal_printed_as_a_middle_dot_is_the_same_number() -> None:
    """The Lancet prints "RR 0·90 (0·79–1·02)": a sentence that says 0.9 cites it faithfully."""
    lancet = Paper(
        id="pmid:3", title="A trial", sections=[Section(text="Recurrence RR 0·90 (95% CI 0·79–1·02).")]
    )
    claim = Claim(text="Recurrence: RR 0.9 (95% CI 0.79–1.02) [1].", cites=["pmid:3"])
    assert verify_claims([claim], {"pmid:3": lancet}).ok
    assert verify_claims([Claim(text="p=0·01 [1].", cites=["pmid:3"])], {"pmid:3": lancet}).ok is False


def test_a_faithful_claim_passes() -> None:
    claim = Claim(text="Median survival was 46 versus 35 months (HR 0.71) in 2021 [1].", cites=["pmid:1"])
    report = verify_claims([claim], PAPERS)
    assert report.ok and report.numbers == 4 and report.numbers_traced == 4


def test_a_number_from_another_paper_fails_even_if_that_paper_is_in_the_set() -> None:
    claim = Claim(text="Surgery halved the hazard (HR 0.50) [1].", cites=["pmid:1"])
    report = verify_claims([claim], PAPERS)
    assert not report.ok
    assert "'0.50' does not appear in any cited paper (pmid:1)" in report.problems[0].problem


def test_citing_a_paper_outside_the_result_set_fails() -> None:
    report = verify_claims([Claim(text="Trials disagree [9].", cites=["pmid:999"])], PAPERS)
    assert "not in the result set" in report.problems[0].problem


def test_an_uncited_finding_fails_but_context_may_go_uncited() -> None:
    assert not verify_claims([Claim(text="Surgery helps.", cites=[])], PAPERS).ok
    assert verify_claims([Claim(text="Breast cancer is common.", kind="context")], PAPERS).ok
    uncited_number = verify_claims([Claim(text="About 6 in 100 present late.", kind="context")], PAPERS)
    assert "has no cited paper" in uncited_number.problems[0].problem


def test_declared_computed_numbers_are_exempt_but_others_are_not() -> None:
    claim = Claim(
        text="Pooled across 2 trials, HR 0.93 (95% CI 0.61-1.42) [1, 2].",
        cites=["pmid:1", "pmid:2"],
        kind="computed",
        computed=["2", "0.93", "0.61", "1.42"],
    )
    assert verify_claims([claim], PAPERS).ok
    claim.computed = ["2", "0.93"]
    assert not verify_claims([claim], PAPERS).ok


def test_keep_verified_drops_failing_sentences_and_logs_them() -> None:
    good = Claim(text="HR 0.71 [1].", cites=["pmid:1"])
    bad = Claim(text="HR 0.42 [1].", cites=["pmid:1"])
    kept, dropped = keep_verified([good, bad], PAPERS)
    assert kept == [good]
    assert dropped[0].sentence == "HR 0.42 [1]."
