"""Reports of one trial are recognised so each trial counts once, latest report first."""

from __future__ import annotations

from consilience.model import Paper, PubDate, Section
from consilience.synthesize.trials import group_reports, latest_reports, trial_keys


def paper(pid: str, title: str, text: str = "", year: int = 2020, keywords: list[str] | None = None) -> Paper:
    return Paper(
        id=pid,
        title=title,
        sections=[Section(text=text)] if text else [],
        pub_date=PubDate(year=year),
        keywords=keywords or [],
    )


def test_registration_numbers_and_trial_codes_are_keys() -> None:
    p = paper("a", "Statins after stroke", "The SPARX-12 trial (NCT01234567) randomized 900 adults.")
    assert trial_keys(p) == {"SPARX-12", "NCT01234567"}


def test_staging_genes_and_viruses_are_not_trial_codes() -> None:
    p = paper("a", "HER2 and CD8 in T2 N1 tumours", "Patients with COVID-19 study results and IL-6 levels.")
    assert trial_keys(p) == set()


def test_a_later_follow_up_replaces_the_earlier_report() -> None:
    first = paper("a", "Primary results of the KX-101 trial", year=2018)
    later = paper("b", "KX-101: ten-year follow-up", year=2021)
    other = paper("c", "An unrelated cohort", year=2022)
    assert latest_reports([first, later, other]) == {"a": "b", "b": "b", "c": "c"}


def test_grouping_is_transitive_through_shared_keys() -> None:
    a = paper("a", "The ZT-19 trial", year=2015)
    b = paper("b", "Update of ZT-19 (NCT00000001)", "the ZT-19 trial", year=2017)
    c = paper("c", "Long-term results", "NCT00000001 was a randomized trial.", year=2019)
    groups = group_reports([a, b, c])
    assert [sorted(p.id for p in g) for g in groups] == [["a", "b", "c"]]
    assert latest_reports([a, b, c])["a"] == "c"


def test_keyword_that_is_a_trial_code_counts() -> None:
    assert trial_keys(paper("a", "Early local therapy", keywords=["E2108", "surgery"])) == {"E2108"}


def test_abbreviations_arms_and_gene_titles_are_not_trial_codes() -> None:
    """Two asthma trials that both report FEV1 are two trials, not two reports of one."""
    a = paper(
        "a",
        "Inhaled drug A in asthma",
        "Forced expiratory volume in one second (FEV1) and the Short Form-36 (SF-36) were measured. "
        "Group R2 received 2 puffs. FEV1 compared with placebo rose by 90 ml.",
    )
    b = paper("b", "SETD2: an epigenetic modifier in kidney cancer", "Levels of C18:1 fell.")
    assert trial_keys(a) == set() and trial_keys(b) == set()
    assert latest_reports([a, paper("c", "Drug B in asthma", "FEV1 (FEV1) rose.")]) == {"a": "a", "c": "c"}
    named = paper(
        "d", "Chemotherapy in gastric cancer", "In this randomised phase 3 trial (REAL3), we enrolled 200."
    )
    assert trial_keys(named) == {"REAL3"}
