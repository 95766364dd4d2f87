"""Sample-size extraction."""

from __future__ import annotations

import pytest

from consilience.analyze import analyze_paper
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
        # Those screened are not the sample; "included in the primary analysis" is analysed.
        ("Of 400 patients screened, 278 (69.5%) were enrolled.", [("enrolled", 278, {})]),
        ("A total of 400 patients were screened and 278 were enrolled.", [("enrolled", 278, {})]),
        ("Overall, 400 patients were screened, of whom 278 were enrolled.", [("enrolled", 278, {})]),
        ("Of the 1,024 eligible patients, 600 (58%) were enrolled.", [("enrolled", 600, {})]),
        (
            "In total, 680 patients were randomised, of whom 668 were included in the primary analysis.",
            [("randomized", 680, {}), ("analysed", 668, {})],
        ),
        ("Overall, 230 adults were included in the intention-to-treat analysis.", [("analysed", 230, {})]),
        # The other arm after an enrolment verb; survey responders of those eligible.
        (
            "A total of 7,621 children were enrolled in the intervention arm and 7,605 in the control arm.",
            [("enrolled", 15226, {})],
        ),
        (
            "In the carbetocin group 462 women were included and in the oxytocin group 1,122.",
            [("enrolled", 1584, {})],
        ),
        ("Sixty patients were enrolled in group A and 58 in group B.", [("enrolled", 118, {})]),
        ("Overall, 1,524 (72%) of 2,118 eligible subjects responded.", [("enrolled", 1524, {})]),
        ("Overall, 45 (30%) of 150 patients responded to treatment.", [("participants", 150, {})]),
        # Numbers that are names or doses, not groups of people.
        ("Treatment-naive HCV-2 patients were randomized to 24 or 48 weeks of therapy.", []),
        (
            "A total of 543 patients were randomized to glimepiride, 1 to 4 mg, or pioglitazone, 15 to 45 mg.",
            [("randomized", 543, {})],
        ),
        ("Ninety patients, 1 to 6 years old, were enrolled.", [("participants", 90, {})]),
        # clusters: the teachers were not what was randomised
        (
            "Teachers (N = 11) and their students were randomly assigned to two programmes.",
            [("participants", 11, {})],
        ),
        (
            "Thirty randomised trials in more than 15 000 children were identified.",
            [("studies", 30, {}), ("participants", 15000, {})],
        ),
        # facts-29: "Subjects were N"; a colon enumerates a total; the count nearest the verb;
        # consent of those approached; attendance at follow-up is not participation.
        ("Subjects were 628 women who attended a clinic.", [("enrolled", 628, {})]),
        (
            "We recruited 348 participants: 171 were allocated to surgery and 177 to physiotherapy.",
            [("enrolled", 348, {})],
        ),
        (
            "Of the 150 participants in the study, data from 137 were included in the analysis.",
            [("analysed", 137, {})],
        ),
        (
            "In all, 100 patients diagnosed between April, 2013 and May, 2015 were included.",
            [("enrolled", 100, {})],
        ),
        ("In all, 424 of 649 (65%) employees approached consented.", [("enrolled", 424, {})]),
        # facts-30: millions, when a verb says the study included them; cyclists are people
        ("Overall, 5.24 million individuals were included.", [("enrolled", 5240000, {})]),
        ("The programme reached 1 million pre-school children.", []),
        ("Eight cyclists exercised at three intensities.", [("participants", 8, {})]),
        # facts-32: "followed N people"; ages are not counts; non-cases are people; "(vs. 12
        # randomized to placebo)" counts events
        ("The authors followed 1,138 individuals without dementia for 5.5 years.", [("enrolled", 1138, {})]),
        ("Parents came with up to five couples and one month old infants.", []),
        (
            "A total of 1,963 cases and 3,503 noncases were included in the analyses.",
            [("analysed", 5466, {})],
        ),
        ("Pancreatitis occurred in 23 (vs. 12 randomized to receive placebo).", []),
        # facts-33: a dose is not a group
        (
            "In a trial, 180 women were allocated to no vitamin D, 800 IU ergocalciferol daily, or a bolus.",
            [("participants", 180, {})],
        ),
        # facts-35: the sample's make-up in a bracket is no share of a larger group; babies are people
        ("Of 10,808 adult patients (49% male), 274 (2.5%) were admitted.", [("participants", 10808, {})]),
        (
            "Of 9741 newborn babies delivered by attendants, 120 developed omphalitis.",
            [("participants", 9741, {})],
        ),
        (
            "A total of 58 parents were included. Overall, 16 participants in each group participated in the "
            "12-month follow-up.",
            [("enrolled", 58, {})],
        ),
    ],
)
def test_sample_sizes(text: str, expected: list[tuple[str, int, dict[str, int]]]) -> None:
    assert sorted(sizes(text)) == sorted(expected)


def headline(*sections: tuple[str, str], title: str = "") -> int | None:
    """What StudyFacts.n reports for an abstract made of ``sections``."""
    paper = Paper(
        id="x:2", title=title, sections=[Section(label=label, text=text) for label, text in sections]
    )
    return analyze_paper(paper).n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Totals in digits, with thousands separators (comma, space) and in words.
        ("A total of 1,234 patients were randomly assigned to early or late surgery.", 1234),
        ("Overall, 2 418 adults with gout were enrolled across 30 sites.", 2418),
        ("One hundred and twenty-six smokers were randomized to varenicline or counselling.", 126),
        ("Two hundred eleven volunteers were included in the study.", 211),
        ("Three thousand four hundred people took part.", 3400),
        # Arms: stated per arm, summed when no total is given; a stated total wins.
        ("We randomized 300 women (150 per arm) to yoga or stretching.", 300),
        ("Patients were randomized to ketamine (n = 120) vs. morphine (n = 118).", 238),
        ("In total, 64 nurses received the training and 58 nurses the usual schedule.", 122),
        (
            "Forty children were randomly assigned to zinc and another 40 children were randomly assigned to placebo.",
            80,
        ),
        ("We randomized 900 men with A to drug X, and 700 men with B to drug Y.", 1600),
        ("The 210 patients were randomized: 105 to surgery and 105 to splinting.", 210),
        # "n = 45" after the people it counts; groups of cases and controls summed.
        ("Dialysis patients (n = 45) were compared on three visits.", 45),
        ("We compared 52 patients with psoriasis and 48 healthy controls.", 100),
        ("Scans were obtained from 30 patients with gout and 15 age and sex matched volunteers.", 45),
        ("Outcomes differed between 412 rural and 1,630 urban infants.", 2042),
        (
            "The study compared 5,000 patients and 20,000 matched controls, including 300 patients and 900 "
            "controls who used statins.",
            25000,
        ),
        # Meta-analyses: participants, not the number of trials.
        ("We pooled data from 12 trials (8,432 participants) identified by the search.", 8432),
        ("Individual data were obtained for 40,210 participants in 18 prospective studies.", 40210),
        # Follow-up counts, percentages and years are not the sample size.
        ("Of 500 adults enrolled, 431 (86%) completed the 12-month follow-up.", 500),
        ("In 2014, 350 patients were recruited; 12 (3.4%) were lost to follow-up.", 350),
        ("A total of 820 patients were included, of whom 97 (11.8%) died.", 820),
        ("Participants were 75 years or older; 180 participants were enrolled.", 180),
        # Only the people the study is about: planned numbers and events are ignored.
        ("The trial was stopped after 42 events among the 640 randomised patients.", 640),
        # facts-54 (dev26): an approximate count is the count; a gloss inside the modifiers.
        ("Participants included ~6500 adult patients with diabetes.", 6500),
        ("We applied the questionnaire to approximately 800 patients with back pain.", 800),
        ("A placebo-controlled trial was conducted on 240 Temiar (indigenous) schoolchildren.", 240),
        ("Eighty elderly (>60 years) and 80 young (<35 years) persons were recruited.", 160),
    ],
)
def test_headline_sample_size(text: str, expected: int) -> None:
    assert headline(("METHODS", text)) == expected


def test_title_meta_analysis_counts_participants() -> None:
    title = "Statins and sepsis: a meta-analysis of 21,345 patients"
    assert headline(("RESULTS", "Nine cohort studies met the criteria."), title=title) == 21345


def test_background_counts_are_not_the_sample() -> None:
    sections = (
        ("BACKGROUND", "Asthma affects 300 million people and 2,000 children die of it each year."),
        ("METHODS", "We surveyed 1,250 parents of children with asthma."),
    )
    assert headline(*sections) == 1250


@pytest.mark.parametrize(
    "text",
    [
        "Patients aged 18-65 years were eligible.",
        "The 3-year survival was 68.4% vs 67.9% (P = 0.41).",
        "In 2009, the guideline was revised for 2 indications.",
        # a rate in the background, opening its sentence with "About": not the study's people
        "About 10,000 infants with thalassaemia are born every year.",
        "",
    ],
)
def test_no_sample_size(text: str) -> None:
    assert headline(("RESULTS", text)) is None


def test_span_quotes_the_source() -> None:
    text = "In all, 96 women were enrolled."
    paper = Paper(id="x:1", sections=[Section(text=text)])
    (size,) = extract_sample_sizes(paper)
    assert size.span is not None and text[size.span.start : size.span.end] == size.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Overall, 150 women were randomized into each group.", 300),
        ("We randomised 45 participants to each of the three groups.", 135),
        ("Patients were allocated to three arms; we randomized 30 patients per arm.", 90),
        ("The study included 210 and 420 older cases and controls, respectively.", 630),
        ("Overall, 88 out of 3,120 included patients developed a wound infection.", 3120),
        ("Over five years, 9,400 incidents were recorded in 1,250 individual prisoners.", 1250),
        # a year after a month name is a date, not a further group to add
        (
            "A total of 120 patients treated from June 2013 to May, 2016 were selected as the subjects "
            "and randomly divided into two groups.",
            120,
        ),
        ("We randomly assigned 120 men and 80 women to the drug or placebo.", 200),
    ],
)
def test_counts_per_group_and_respectively(text: str, expected: int) -> None:
    assert headline(("METHODS", text)) == expected


def test_a_count_per_group_takes_the_groups_from_another_section() -> None:
    """ "Thirty patients randomized in each studied group" in RESULTS, "four groups" in METHODS."""
    sections = (
        ("METHODS", "Adults having knee surgery were randomized into four groups: drug A, B, C or placebo."),
        (
            "RESULTS",
            "In this trial, thirty patients randomized in each studied groups. Pain was lower with A.",
        ),
    )
    assert headline(*sections) == 120
    assert headline(sections[1]) == 60  # no number of groups stated: two


def test_a_review_with_a_cohort_of_its_own_is_sized_by_the_participants_it_pooled() -> None:
    paper = Paper(
        id="x:ma",
        sections=[
            Section(
                label="METHODS",
                text="Meta-analysis of 7 prospective trials (1240 patients), combined with a retrospective "
                "cohort of 310 patients from one centre that was analysed with propensity matching.",
            )
        ],
    )
    assert analyze_paper(paper).n == 1240


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (dyads are counted as written: the dyad is the study's unit, EFFECTS_LABELS.md)
        ("One hundred thirty mother-infant dyads were randomized to coaching or usual care.", 130),
        ("We studied 68 pairs of cases of preeclampsia and matched controls.", 136),
        ("The samples consisted of 93 pairs of identical twins reared apart.", 186),
        # pairs of things are not people
        ("Four pairs of primers were used in 120 patients.", 120),
    ],
)
def test_pairs_of_people_count_two_each(text: str, expected: int) -> None:
    paper = Paper(id="x:pairs", sections=[Section(label="METHODS", text=text)])
    assert analyze_paper(paper).n == expected


def _headline(text: str) -> int | None:
    return analyze_paper(Paper(id="x:1", sections=[Section(label="METHODS", text=text)])).n


def test_a_sample_that_includes_its_groups_is_their_sum() -> None:
    assert _headline("The sample includes 118 patients with psoriasis and 97 healthy controls.") == 215
    assert _headline("Our cohort comprises 2,406 residents of three rural districts.") == 2406


def test_eyes_and_other_parts_count_only_when_no_people_are_counted() -> None:
    assert _headline("We examined 140 eyes of 74 patients after cataract surgery.") == 74
    assert _headline("We examined 140 eyes of seventy patients.") == 70
    # pairs of people are counted once, two people a pair, not as parts of their owners
    assert _headline("We examined 34 pairs of 68 twins.") == 68
    assert _headline("Two pairs of radiographs and a CT scan of 52 hips were compared.") == 52
    assert _headline("The cDNA comprises 2870 base pairs and encodes a kinase.") is None


def test_a_group_named_before_the_verbs_subject_is_added_to_it() -> None:
    assert (
        _headline("A total of 310 cases (88.1% response) and 702 controls (61.0% response) were enrolled.")
        == 1012
    )
    assert _headline("In all, 2702 women and 1398 men aged 30 years or older were recruited.") == 4100


def test_those_left_after_exclusions_are_the_analysed_sample() -> None:
    text = (
        "Of 1,450 eligible patients, 130 were excluded because of missing records, leaving 1,320 "
        "patients (mean age 61 years) for analysis."
    )
    assert _headline(text) == 1320


def test_a_number_in_a_disease_name_does_not_hide_the_people() -> None:
    assert _headline("The trial enrolled 4,812 type 2 diabetes patients aged 40-79 years.") == 4812


def test_groups_listed_in_a_bracket_are_one_sample() -> None:
    assert (
        _headline("Adults who reported a partner in the past year (2104 women, 1876 men) were asked.") == 3980
    )
    # episodes or interviews per group are not people
    assert (
        _headline("We recorded 310 infectious episodes (170 in men and 140 in women) in 95 patients.") == 95
    )


def test_facts_36_counts_from_the_tenth_dev_set() -> None:
    # an analytic sample after exclusions is the analysed sample
    assert (
        _headline(
            "A total of 50,210 adults were recruited, from which an analytic sample of 41,005 participants "
            "remained after exclusions."
        )
        == 41005
    )
    # arms counted one after the other; groups of a stated size
    assert _headline("We randomized 64 and 61 subjects to A and B, respectively.") == 125
    assert _headline("The study was done in five groups of six healthy male subjects.") == 30
    assert _headline("We generated 200 random groups of 40 patients for cross-validation.") == 40
    # a count per site is not the total; the total stated beside it is
    assert (
        _headline(
            "We recruited 160 patients from two hospitals; 40 patients in each hospital were randomly assigned."
        )
        == 160
    )
    # the total number stated outright; a planned total in the present tense is not a sample
    assert _headline("The total number of patients was 1,204,300, of whom 2,100 had cancer.") == 1204300
    assert _headline("Precision gains are small once the total sample size is 70.") is None
    # matched comparators are part of the sample
    assert (
        _headline(
            "All 2,140 patients with surgery were included and matched by propensity score to 2,140 patients."
        )
        == 4280
    )
    # a ratio is not a count
    assert _headline("Overall, nearly one in three patients enrolled had resistant disease.") is None


def test_studies_are_no_modifier_of_people_and_a_review_falls_back_to_its_pooled_count() -> None:
    text = "The review included twelve randomized controlled trials, SUBJECTS A total of 18 420 patients."
    paper = Paper(id="x:1", sections=[Section(label="SETTING", text=text)])
    assert analyze_paper(paper).n == 18420
    # controls alone are one group of a comparison, not the sample
    assert (
        _headline(
            "We studied the variant in 90,300 participants. We also compared its frequency in 20,100 "
            "patients with heart disease and in 98,000 controls."
        )
        == 90300
    )


def test_facts_37_counts_from_the_eleventh_dev_set() -> None:
    # each arm randomized in its own clause, an aside after the second arm's count
    assert (
        _headline("A total of 2210 patients were randomized to drug and 1105 were randomized to placebo.")
        == 3315
    )
    assert (
        _headline(
            "612 patients (18 clusters) were randomly assigned to home care and 540 (18 clusters) to clinic care."
        )
        == 1152
    )
    # "enrolled N of M screened": those enrolled
    assert _headline("We enrolled 4120 of 6310 women screened.") == 4120
    # a review's pooled count for some of its studies
    text = (
        "Seven randomised studies were included. Meta-analytic pooling was possible for three of these "
        "studies (1840 participants)."
    )
    assert _headline(text) == 1840
    # things counted beside the people are not the sample, unless no people are counted
    assert _headline("Patients (n = 120) with aneurysms (n = 171) were followed for two years.") == 120
    assert _headline("Outcomes were compared in patients with high-risk tumors (N=36; P=0.01).") == 36


def test_facts_38_counts_from_the_twelfth_dev_set() -> None:
    # two arms counted before "were randomised"
    assert (
        _headline("Of 520 patients initially enrolled, 141 and 139 were randomised to A and B, respectively.")
        == 280
    )
    # arms named with a decimal
    text = "Patients were randomised to R2.5 (n=410), R5 (n=402) or H18 (n=415) for 2 years."
    assert _headline(text) == 1227
    # "enrolling N patients"; adjectives joined by "or"
    assert (
        _headline("This cohort study in 12 hospitals, enrolling 9 310 patients who received transfusions.")
        == 9310
    )
    assert _headline("We randomly assigned 2410 overweight or obese adults to diet or usual care.") == 2410
    # a count per group, stated as such
    assert _headline("Patients were randomly assigned to A or B. There were 40 patients in each group.") == 80
    # those included from a group just named, not the group
    assert (
        _headline("One hundred ten patients with asthma were identified, and 71 of them (65%) were included.")
        == 71
    )
    # ... while a second group joined by "and" is still added
    assert _headline("Overall, 40 patients with PID and 40 healthy women were included in the study.") == 80


def test_facts_39_counts_from_the_thirteenth_dev_set() -> None:
    # a long aside between the people and their verb
    text = (
        "After a run-in, 1210 older hypertensive patients (65-85 years; office DBP 90-109 mmHg and/or "
        "office SBP 140-179 mmHg) were randomized to drug A or drug B. In 702 patients with valid "
        "recordings, reductions were greater with A."
    )
    assert _headline(text) == 1210
    # one arm randomized, the other "were in the control group"
    text = "Of the 1,512 adults recruited, 760 were randomized to receive the programme and 752 were in the control group."
    assert _headline(text) == 1512
    # graduates are people; "Of N ... in the study sample"
    assert _headline("Of 12,310 graduates in the study sample, 10,004 (81.3%) were certified.") == 12310
    # those invited are not the sample, those who completed the questionnaire are
    text = (
        "One hundred fifty adults with asthma who previously participated were invited by letter for "
        "follow-up. The questionnaire was completed by 92 participants (50 in one arm and 42 in the other)."
    )
    assert _headline(text) == 92
    # "completed by" does not outrank those enrolled
    text = "Forty infants were included and randomized to A (n = 21) or B (n = 19). Period 1 was completed by 36 infants."
    assert _headline(text) == 40
    # "people of an internet panel ... were enrolled"
    text = "A total of 950 people of an online panel with an interest in screening were enrolled in a trial."
    assert _headline(text) == 950


def test_facts_40_counts_from_the_fourteenth_dev_set() -> None:
    # counts after "to", "with" or a colon, and after a "Participants" label
    assert _headline("Messages were sent online to 540 nonsmoking girls, aged 13 to 15 years.") == 540
    assert _headline("We linked claims data with 2,950 patients with myocardial infarction.") == 2950
    assert _headline("Participants 412 parents completed baseline surveys and were randomised.") == 412
    assert (
        _headline(
            "All births were analysed: 98 pregnancies to women with type 1 diabetes and 20 510 pregnancies to women without."
        )
        == 20608
    )
    # a trial "with" its patients; included trials with their women
    assert (
        _headline("We conducted a randomized controlled trial with 152 patients after primary surgery.")
        == 152
    )
    assert _headline("We identified 38 relevant randomised controlled trials (6120 women).") == 6120
    # people described by what they did, joined by "and N who"
    assert _headline("Overall, 110 patients who underwent NIV and 25 who refused NIV were included.") == 135
    # ... but not a range of ages, a date, a duration or a name
    assert _headline("Sixty children between the ages of 1 and 3 who had diarrhoea were selected.") == 60
    assert (
        _headline("We studied 52,310 patients with type 2 diabetes between 1 April 2007 and 31 January 2015.")
        == 52310
    )
    text = (
        "After a 2-4 week run-in period, participants were randomly assigned to A or B. We recruited 33 "
        "participants, of whom 30 were randomised."
    )
    assert _headline(text) == 30
    assert _headline("We studied 236 first year medical students.") == 236
    assert _headline("Adherence at 90 days and 1 year postdischarge was compared between patients.") is None
    assert _headline("The cells kept their karyotype: three pairs of chromosome 21.") is None


def test_facts_41_counts_from_the_fifteenth_dev_set() -> None:
    # a part of those counted first is not added to them
    assert _headline("Of the 400 patients enrolled, 350 patients completed the study.") == 400
    assert _headline("Of the 280 couples enrolled, 240 women remained in the same partnership.") == 280
    # ... while a whole enumerated after "of" still adds its groups
    assert _headline("The sample consisted of 1,900 cases and 4,100 controls.") == 6000
    # controls matched on several things, with suspended hyphens
    assert (
        _headline(
            "A total of 300 HCC cases and 340 age-, sex- and HBsAg status-matched controls were included."
        )
        == 640
    )


def test_facts_43_counts_from_the_sixteenth_dev_set() -> None:
    # a clause with decimals between the people and their verb
    assert _headline("In total 310 children, mean age 4.1 years (range 0.2-17), were included.") == 310
    assert _headline("The survey was completed by 21,450 EMS professionals.") == 21450
    # ... but not a share of them counted in that clause, or a part of them in a bracket
    text = "Of 2,010 patients from the main study, 170 (8.5%) were Japanese and randomized to A (n=85) or B (n=85)."
    assert _headline(text) == 170
    text = (
        "A total of 480 obese subjects (285 girls, mean age 12.1 ± 2.6 years) and their mothers participated."
    )
    assert _headline(text) == 480
    # a year before a bracket is no count of people
    text = "From March 2007 to March 2011, two groups of patients (35 patients in each group) were enrolled."
    assert _headline(text) is not None


def test_a_number_split_by_a_stray_space_is_no_count() -> None:
    assert _headline("From May 1996 to April 1998 5, 446 travelers were included.") is None
    # ... while a count after a year and a comma stays one
    assert _headline("From March 2004, 186 patients were enrolled.") == 186


def test_facts_45_counts_from_the_seventeenth_dev_set() -> None:
    # a stated total is not added to the arms it is made of; a subset is not a further group
    text = "Eligible adults (N=150) were given drug A (n=50), drug B (n=50) or placebo (n=50)."
    assert _headline(text) == 150
    text = "Obese women (n=36) took part; bone density was measured in a subset of them (n=20)."
    assert _headline(text) == 36
    # data known or available for N people count when nothing else does
    assert _headline("Outcomes were known for 812 patients, 300 of them treated at home.") == 812
    # a heading run into the text opens a sentence; "there were N" counts people
    text = (
        "Nothing is known. METHODS Fourteen adults with gout were switched to drug A, and 11 adults began it."
    )
    assert _headline(text) == 25
    assert _headline("Out of 60 clinic visits, there were 45 patients with asthma.") == 45
    # ... but not the incident cases of a cohort, which are events
    assert _headline("During follow-up, 4,210 incident cases of stroke were identified.") is None
    # the anaesthetic risk class between a count and its people
    text = (
        "Ninety American Society of Anesthesiologists physical status I-II patients were randomly assigned."
    )
    assert _headline(text) == 90
    assert _headline("We enrolled 48 ASA I or II adults scheduled for surgery.") == 48
    # people named by initials
    assert _headline("We surveyed 250 PLWH in two clinics.") == 250
    # a new clause after a bare comma is a part of a count given first
    text = "In a trial of 30 persons with MS, 14 patients were assigned to A, while 16 patients received B."
    assert _headline(text) == 30
    # ... and a nearer subject wins over a count read before a clause
    text = "Among 240 patients who gave consent, 180 patients were randomized and analysed."
    assert _headline(text) == 180
    # the other arm after "there were N in the A group"
    assert _headline("There were 70 recipients in the early group and 65 in the control group.") == 135
    # a complementary group, and age-matched controls
    text = "There were 300 veterans with a head injury and 900 without head injury who completed the study."
    assert _headline(text) == 1200
    text = "Nothing here. SUBJECTS 40 men with gastric cancer and 160 age matched controls were selected."
    assert _headline(text) == 200
    # those randomised in "a randomised controlled trial of N people"
    text = "We report costs from a randomised controlled trial of 150 people; 140 patients were analysed."
    assert _headline(text) == 150


def test_facts_46_counts_from_the_eighteenth_dev_set() -> None:
    # a share of those screened in the sentence before enters randomisation
    text = (
        "Fifty people were screened for eligibility. Twenty-six (52%) entered randomisation and 20 completed."
    )
    assert _headline(text) == 26
    # "A total of N" counts things, not people, when things are named before any people
    text = "On protocol X, 150 children achieved remission. A total of 600 TGN, 400 MTX-PG, and 200 TPMT measurements were analyzed."
    assert _headline(text) == 150
    # ... while fractures or operations, one per patient, still stand for the patients
    assert _headline("A total of 37 lower limb fractures were treated from 2003 to 2010.") == 37
    # a list of survey years is no further group
    text = (
        "The study is a cross-sectional analysis of 12,400 adults ≥30 years old who participated in the "
        "2003, 2006, and 2009 Korean National Health Surveys."
    )
    assert _headline(text) == 12400
    # pairs of tissue are not pairs of people
    assert _headline("A microarray analysis of 300 matched tissue pairs was performed.") is None


def test_facts_47_counts_from_the_nineteenth_dev_set() -> None:
    # a count per group in a bracket, times the groups named before it or the design's groups
    text = "Children were randomly allocated to control group (CG), plus lens group (PLG) and minus lens group (MLG) (n = 20 per group)."
    assert _headline(text) == 60
    assert _headline("This study had a single-blind, three-group (n = 30 each) parallel design.") == 90
    # the first arm of "A total of N and M subjects were enrolled ..., respectively"
    assert (
        _headline("A total of 40 and 38 subjects were enrolled under the A and B arms, respectively.") == 78
    )
    # groups listed after a dash are the parts of the count before it
    text = "Thickness was measured in 300 subjects with three phenotypes - 100 stroke patients, 110 hypertensive patients and 90 healthy adults."
    assert _headline(text) == 300
    # ... but a colon inside a bracket lists nothing
    assert (
        _headline("Forty children (age: 8.1±3.0 years) in group I and 45 children in group II were compared.")
        == 85
    )


def test_facts_48_counts_from_the_twentieth_dev_set() -> None:
    # "randomized controlled trials" are studies, not a verb with its count
    assert (
        _headline(
            "Three randomized controlled trials (RCTs) have confirmed that the procedure reduces infection."
        )
        is None
    )
    # a bare "N enrolled" after "Of M eligible ..., "
    assert _headline("Of 900 eligible trial participants, 700 enrolled (response rate = 78%).") == 700
    # attacks treated are not people
    assert _headline("A total of 40 attacks were treated with drug A and 50 with drug B in 80 women.") == 80
    # groups joined by "while"
    text = (
        "Patients were randomized to one of two groups: in group A (n = 50, 50 cycles), the tip was placed "
        "high, while that in group B (n = 48, 48 cycles) was placed low."
    )
    assert _headline(text) == 98


def test_facts_49_counts_from_the_twenty_first_dev_set() -> None:
    # "METHODS AND RESULTS" run into the text opens a sentence
    text = "Nothing. METHODS AND RESULTS Twenty women with A, 18 women with B, and 22 healthy women had nerve activity assessed."
    assert _headline(text) == 60
    # an abbreviation in brackets among a further group's words
    text = "Expression was measured in lavage fluid of 16 IPF patients, 14 non-small cell lung cancer (NSCLC) patients and 9 control subjects."
    assert _headline(text) == 39
    # present-tense verbs
    assert (
        _headline(
            "This randomized, controlled clinical trial involves 63 children, 6-7 years old, living in Bauru."
        )
        == 63
    )
    # a date with its day is no further group
    text = "This study was conducted on 76 patients who were scheduled for surgery from December 21, 2015 to January 20, 2016."
    assert _headline(text) == 76
    # enrolled in each arm
    assert _headline("In total, 200 patients were enrolled in each arm.") == 400
    # several groups that add up to the count before them are its parts; one group of the same size is not
    text = "Two hundred subjects, 100 patients with A, 10 mutation carriers, and 90 patients with B, were studied by imaging."
    assert _headline(text) == 200
    assert _headline("Twelve pregnant women and 12 nonpregnant controls were studied.") == 24


def test_facts_50_counts_from_the_twenty_second_dev_set() -> None:
    # a year after a month is no count, even before a count in words
    text = "From December 1990 through December 1998 thirty patients were studied (22 males and 8 females)."
    assert _headline(text) == 30
    # "the other N" is the other arm
    text = "Of 50 patients enrolled, 25 patients were randomly assigned to receive A and the other 25 patients were given B."
    assert _headline(text) == 50
    # a last-resort count "in each group"
    assert _headline("Eighty patients in each group had either A or B for airway management.") == 160
    # those with data are like completers: those recruited into a trial come first (facts-45 had
    # read them as those analysed)
    text = "One hundred and eighteen patients were recruited into a trial. Data were available for 116 participants."
    assert _headline(text) == 118


def test_facts_51_counts_from_the_twenty_third_dev_set() -> None:
    # a nearer subject after a comma wins with an active verb too ...
    text = "Out of 178 eligible patients from one practice, 55 participated in the study, three of whom dropped out."
    assert _headline(text) == 55
    # ... but not a count after "from" with no verb of its own
    text = "A pooled analysis of nearly 14,000 patients from four randomized, cardiovascular disease prevention trials showed a benefit."
    assert _headline(text) == 14000
    # "(n = 25 for each)" times the numbered groups of its sentence
    text = "The newborns were randomly allocated to the following groups (n = 25 for each): group 1, breastfeeding; group 2, massage; and group 3, control."
    assert _headline(text) == 75
    # "male and female" before the people
    assert _headline("This was a clinical trial conducted on 60 male and female patients with acne.") == 60


def test_facts_55_counts_from_the_twenty_seventh_dev_set() -> None:
    # two groups sharing one noun before the verb are both counted ...
    text = (
        "The incidence of cancer among 11 483 male and 34 618 female individuals with arthritis was studied."
    )
    assert _headline(text) == 46101
    # ... but not places, nor those screened before those enrolled
    assert _headline("The 12 sites and 300 patients were enrolled.") == 300
    assert _headline("Of 200 screened and 150 eligible patients were enrolled.") == 150
    # a cluster trial is sized by the people in its clusters, not the clusters
    text = (
        "After baseline assessment, 53 classes from 45 schools were randomly assigned to an intervention "
        "(n = 26 classes, 432 children) or waiting control arm (n = 27 classes, 493 children aged 8.7 years)."
    )
    assert _headline(text) == 925
    # a count of one sex among a group's particulars is a breakdown, not another group
    text = "Ablation was performed in 27 patients (63±13 years; 9 women) with paroxysmal (n=3) or persistent (n=24) AF."
    assert _headline(text) == 27
    # an accent written apart from its letter keeps the word whole
    assert _headline("191 chemotherapy-nai\u0308ve patients were randomized to A or B.") == 191
    # places are no modifier of people
    text = "In two regional hospitals, male patients with hernia were randomized. Some 412 patients were randomized."
    assert _headline(text) == 412
    # analyses conducted on N are those analysed; the randomised still come first
    text = (
        "Children aged 11-16 (n=564) were interviewed in their homes and randomised to one of three groups. "
        "The analyses were conducted on 411 children who had never smoked."
    )
    assert _headline(text) == 564
    kinds = {s.kind: s.total for s in extract_sample_sizes(Paper(id="x:1", sections=[Section(text=text)]))}
    assert kinds["analysed"] == 411
    assert _headline("A prospective study including 700 pregnant women. One group included 414 women.") == 700


def test_facts_56_counts_from_the_twenty_eighth_and_twenty_ninth_dev_sets() -> None:
    # "N randomized patients" are those randomised
    text = "A multicenter study examined 122 randomized patients. Sixty patients in the cisplatin arm were evaluable."
    assert _headline(text) == 122
    # a trial named with a comma is no verb of the people before it; groups compared are both counted
    text = (
        "Thirty-five patients underwent the new operation and were compared to 60 patients from a "
        "previously conducted randomized, controlled trial."
    )
    assert _headline(text) == 95
    assert (
        _headline(
            "A total of 73 patients from the A group were compared with 72 patients from the control group."
        )
        == 145
    )
    # shares of one sample are not its groups; a concentration in an arm's name is no share
    text = "We tested the program with 290 pregnant women. Most, 87% (n = 251), completed it; 91% (n = 263) completed the key modules."
    assert _headline(text) == 290
    assert _headline("Subjects were randomly assigned to BBOS 1.5% (n=78) or placebo (n=79).") == 157
    # two pools of one review, summed; not a part of the first ("of which")
    text = (
        "A meta-analysis was conducted of 90 cohort studies with 291,433 total patients evaluating it and, "
        "separately, of nine controlled trials with 535 total patients on correcting it."
    )
    assert _headline(text) == 291968
    # four modifiers before the people; "we treated N"
    assert (
        _headline("We randomised 49 mildly depressed primary care outpatients to paroxetine or placebo.")
        == 49
    )
    assert (
        _headline("We treated 52 subjects with new-onset diabetes with teplizumab in an open-label trial.")
        == 52
    )
    # two groups before one verb, however they are described, but not events among the sample
    text = "Overall, 156 consecutively diagnosed new and 68 previously treated TB patients were enrolled."
    assert _headline(text) == 224
    text = "Together, these cohorts comprise 337,819 women and 4,385 incident invasive breast cancer cases."
    assert _headline(text) == 337819


def test_facts_57_counts_from_the_thirtieth_dev_set() -> None:
    # a count per group in a bracket after those randomised, not those invited
    text = (
        "All workers in a company (n = 290) and all workers in three departments (n = 1,500) were "
        "recruited by an invitation e-mail. Participants who fulfilled the inclusion criteria were "
        "randomly allocated to intervention or control groups (N = 381 for each group)."
    )
    assert _headline(text) == 762
    # one sample counted twice over: by condition and by arm
    text = (
        "Patients with dysfunctional voiding (n = 31) or detrusor underactivity (n = 31) were randomly "
        "allocated in a 2:1 ratio to receive either the toxin (100 U) (n = 38) or placebo (normal "
        "saline) (n = 24)."
    )
    assert _headline(text) == 62
    # four arms of one size are four arms
    text = "Patients who received warfarin (N = 90), dabigatran (N = 90), rivaroxaban (N = 90) and apixaban (N = 90) were studied."
    assert _headline(text) == 360


#: facts-58, from dev32 and dev33: each text, and the headline N it states.
FACTS_58 = [
    # a dose and its drug are not people; arms that differ by dose alone are all counted
    (
        "After a run-in on 20 mg cetirizine, patients with an itch score below 30 were randomly allocated "
        "to 20 mg/day (n = 41), 10 mg/day (n = 38) or no drug (n = 40).",
        119,
    ),
    # an arm's count after a gloss in its bracket
    (
        "Volunteers were randomized to three groups: soy protein (n = 15), placebo drink (sugar water, "
        "n = 14), or soy plus sugar (n = 16).",
        45,
    ),
    # arms whose names end alike are still three arms
    (
        "Patients were randomly assigned to placebo injections plus drug B capsules (arm 1, n = 120), drug "
        "A 50 mg injections plus drug B capsules (arm 2, n = 60) or drug A 100 mg injections plus drug B "
        "capsules (arm 3, n = 118).",
        298,
    ),
    # eyes with their people in brackets count the people
    ("In 84 eyes (42 patients), vision improved after surgery.", 42),
    # a fellow-eye trial's count per arm is of eyes, not more people
    (
        "Forty eyes of 20 patients were enrolled. One eye had laser and the other sham (20 eyes in each "
        "treatment arm).",
        20,
    ),
    # a per-group count in brackets after a randomising verb
    ("Patients were randomly assigned to three groups (25 patients in each group).", 75),
    # "Among N randomized patients, M were analysed": the randomised
    ("Among 210 randomized patients, 198 were included in the per-protocol population.", 210),
    # accrual and eligibility size a study
    ("From 2010 to 2012, the study accrued 31 subjects with glioma before it closed.", 31),
    ("Records of 530 patients were screened. 144 patients met the inclusion criteria.", 144),
    # a list of groups sharing one noun
    ("Tumours were typed in samples from 51 Hispanic, 62 Asian and 140 White women.", 253),
    # groups matched to each other are both the sample
    (
        "Sixty patients treated with the new implant were matched for age, sex and diagnosis to 60 "
        "patients treated with the old implant.",
        120,
    ),
]


#: facts-59, from dev34 and dev35: each text, and the headline N it states.
FACTS_59 = [
    # a second arm "assigned" after the first "randomly assigned", or "in the" other arm
    (
        "Forty women were randomly assigned to receive drug A, and 40 women were assigned to receive drug B.",
        80,
    ),
    (
        "Of the 90 analysed, 46 patients were randomized into the surgical drainage and 44 patients in the "
        "needle aspiration arm.",
        90,
    ),
    # two counts joined by "and" are those followed up, not another arm
    (
        "We randomised 70 participants to each group and obtained outcomes from 61 and 58 participants in "
        "the two groups.",
        140,
    ),
    # those who answered a survey sent to a group, but not patients whose disease responded
    ("A survey was mailed to 240 nurses (120 in each ward), of whom 180 (75%) responded.", 180),
    ("We treated 64 patients with the drug, of whom 41 responded.", 64),
]


def test_facts_59_a_participants_section_names_the_whole_sample() -> None:
    def headline(*sections: tuple[str, str]) -> int | None:
        paper = Paper(id="x:1", sections=[Section(label=label, text=text) for label, text in sections])
        return analyze_paper(paper).n

    # the section's opening count, not one arm counted later
    participants = ("PARTICIPANTS", "Thirty healthy adults aged 20-40 years.")
    arm = ("INTERVENTIONS", "15 participants randomized to the active arm took the capsules daily.")
    assert headline(participants, arm) == 30
    # a count in a section of another name is no such statement
    assert headline(("BACKGROUND", "Thirty healthy adults aged 20-40 years."), arm) == 15
    # a cohort's analysed count keeps its exclusions
    cohort = ("RESULTS", "After exclusions, 8,120 were analysed.")
    assert headline(("PARTICIPANTS", "A total of 9,450 older men."), cohort) == 8120


#: facts-60, from dev36 and dev37: each text, and the headline N it states.
FACTS_60 = [
    # "one in which" is a pronoun, not a count
    ("Two trials were run, one in which forty obese men were randomly divided into two groups.", 40),
    # a randomised trial with no randomised count is sized by those included, not those analysed
    (
        "Sixty children with asthma were included and randomly placed into two groups. Data from 54 "
        "children were analysed.",
        60,
    ),
    # ... but not by those who merely met the inclusion criteria
    ("Of 300 screened, 120 met the inclusion criteria; 90 were randomized and 84 were analysed.", 90),
    # "but only N were randomized"
    ("Forty subjects satisfied the inclusion criteria but only 32 were randomized.", 32),
    # "a randomly allocated sample of N"
    (
        "Tooth movement was studied in a randomly allocated sample of 48 patients. The first group "
        "comprised 14 women and 10 men.",
        48,
    ),
    # a period of a crossover is no arm
    (
        "Twelve men and 30 women ranging in age from 20 to 70 years were recruited. They took the drug in "
        "randomized order, for 6 weeks in the morning and 6 weeks in the evening.",
        42,
    ),
]


#: facts-61, from dev38 and dev39: each text, and the headline N it states.
FACTS_61 = [
    # a breakdown of the count just given is no further group
    ("The study included 40 patients, 25 boys and 15 girls, with a mean age of 9 years.", 40),
    # one arm randomised and "the remaining" the other: all of those enrolled
    (
        "Of the 90 patients who were enrolled in the study, 45 were randomly assigned to receive drug A "
        "while the remaining patients received drug B.",
        90,
    ),
    # the anaesthetic risk class spelled the British way, with its apostrophe
    (
        "Sixty consenting American Society of Anaesthesiologist's physical status I–II patients, aged "
        "18–60 years, were randomly assigned into two groups.",
        60,
    ),
    # "a ... trial where N participants ..."
    ("This was a randomized, cross-over trial where 36 participants wore both lenses.", 36),
    # "U.S." ends no sentence
    (
        "We examined six variants in 900 Hispanic women (400 U.S. Hispanics and 500 Mexicans) and 300 "
        "non-Hispanic White women.",
        1200,
    ),
]


FACTS_64 = [
    # groups of a size with no noun after it, when people were divided
    ("A double blind study was done in adults. Patients were divided into three groups of 25 each.", 75),
    # two counts sharing one noun and verb
    ("Between 2001 and 2010, 412 and 96 consecutive patients were included in the two cohorts.", 508),
    # (not a series of waves)
    ("A total of 9,120; 8,004 and 7,311 residents were included at baseline, one and two years.", 7311),
    # people counted only by their sex, when nothing else counts them
    ("Twenty-two resistance trained males performed both protocols in random order.", 22),
    ("The volunteers (17 males; 19 females) completed the tasks in random order.", 36),
    ("Insulin was given for 2 days in males before the clamp.", None),
    # ... which stays a breakdown where people are counted
    ("Forty patients, 18 females, mean age 60 years, were randomized to A or B.", 40),
    # humans are people
    ("Nineteen healthy humans were studied twice.", 19),
]


FACTS_65 = [
    # "included all N" enrols them, above one group's count
    ("The trial included all 80 consecutive patients who had surgery. Group 1 consisted of 40 patients.", 80),
    # a second group after "compared with"
    (
        "The study included 24 patients who had open repair, compared with 26 patients who had "
        "laparoscopic repair.",
        50,
    ),
    # people named by their origin
    ("Fifteen Caucasians and 25 Asians took part in the study.", 40),
    # a further count with its share is a part of the first
    ("Of the total of 310 patients with fever, 140 patients (45%) had malaria.", 310),
]


FACTS_66 = [
    # two groups compared, with an adverb or "those of" between
    (
        "In this study, 120 surgical patients who had the new block were retrospectively compared with "
        "118 surgical patients who had general anaesthesia.",
        238,
    ),
    ("Outcomes of 37 adult patients were compared with those of 41 adult patients treated earlier.", 78),
    # "to study N people"
    ("This trial was conducted to study 88 women (44 in each group) attending antenatal clinics.", 88),
    # those of a total who met the inclusion criteria
    (
        "A total of 90 patients were screened, and 71 of them met the inclusion criteria, which included age.",
        71,
    ),
    # a count glued to the sentence before; not a decimal's digits
    ("A pretest-posttest design was used.Forty patients with asthma participated.", 40),
    ("Uptake was 0.35 patients per bed.", None),
]


FACTS_67 = [
    # the verb's object is the part it acted on
    ("We reviewed 35 of 80 patients treated with limb-salvage surgery.", 35),
    # a size per group after "each"
    ("Patients were randomized into two groups: A and B, each comprising of 25 patients.", 50),
    ("Intervention and control groups included 44 patients each.", 88),
    ("The clinic included 30 patients each year.", 30),
    # an arm that is the whole the others divide
    (
        "In this randomized trial, adults with insomnia (n = 60) were randomly allocated to receive "
        "either melatonin (n = 30) or placebo (n = 30).",
        60,
    ),
    # groups of a size whose bracket splits that size
    ("Two trials including two groups of 35 burned patients (17 placebo and 18 zinc) were combined.", 35),
    # a list after a dash glued to its word
    ("In all, 210 patients completed the study– 70, 72, and 68 patients in arms A, B, and C.", 210),
    # the nearer count after "had ... and"
    ("Of 400 people with stroke identified, 90 had low mood and were recruited.", 90),
]


FACTS_68 = [
    # a time after a count written in words is no count of people
    ("Ten trained cyclists rode to exhaustion. Twelve hours later, subjects rode again.", 10),
    # those one clinician treated, named as referrals
    ("Over ten years, one physician assessed and treated 140 adult referrals with nightly melatonin.", 140),
    # completers, when nothing else counts people
    ("Smokers and non-smokers were recruited and 310 subjects completed the study.", 310),
    ("A total of 320 adults were randomized; 290 participants completed the study.", 320),
    # a list of groups with a serial comma
    ("Ratings came from 14 young, 11 middle-aged, and 9 older subjects.", 34),
    # "a trial using N people"
    (
        "We performed a randomized double-blind trial using 150 patients with reflux. We evaluated 141 patients.",
        150,
    ),
    # a total whose parts follow it
    (
        "We had a total of 80 patients, of which 40 patients had open repair and 40 patients who had "
        "other surgery were included as controls.",
        80,
    ),
    # those left after exclusions
    (
        "From the whole sample of 1900, people who were ill were excluded. From the remaining 1100 "
        "subjects, 8% (50 men and 38 women) were low consumers.",
        1100,
    ),
    # "we assayed N people"
    ("In total, we assayed 30 individuals, 12 of which are unrelated, at 900 sites.", 30),
]


FACTS_69 = [
    # a school year or grade is part of a name, and a modifier of the people after it
    ("Grade 5 pupils aged 10 years (N = 1450) from 40 schools took part.", 1450),
    ("Thirty Year 2 nursing students were randomised into two groups.", 30),
    # "suspects" are people
    ("We reviewed 120 smear-positive and 80 smear-negative consecutive TB suspects.", 200),
    # a count followed up later is the same people
    ("Children were recruited in the cohort (n = 540) and followed-up 3 y later (n = 470).", 540),
    (
        "Incidence was 2.1 and 4.4 per 100 person-years of follow-up in the A group (n=150) and B group (n=152).",
        302,
    ),
    # "as well as" another group
    ("We grew cultures from 80 patients with anaemia, as well as 10 healthy controls.", 90),
    # two modifiers joined by "and"
    ("Thirty-two healthy and inactive volunteers were randomized into 2 groups.", 32),
    ("Results were first described in 1985 and patients with it live two years.", None),
    ("The array had 12 microphones and test cases with fewer microphones were played.", None),
]


FACTS_70 = [
    # a participants label run into the text opens the whole sample
    (
        "Trial design: a two-arm parallel trial. Participants: 40 Class III patients (15 males, 25 "
        "females) needing extraction. Nineteen patients in each group were enrolled in the statistical "
        "analysis.",
        40,
    ),
    # "testing N people" and another group
    (
        "Methods: A randomized, prospective study was conducted, testing 14 subjects receiving filler "
        "injections and another 14 patients receiving toxin injections using a split-face model.",
        28,
    ),
    # a sex split in brackets between a further group's count and its people
    ("We evaluated 40 (M/F:30/10) asthma patients and 15 (M/F:9/6) age matched healthy smokers.", 55),
]


FACTS_71 = [
    # "we considered", "investigated" N people
    ("We considered 64 patients (32 for each group). Costs fell.", 64),
    ("We prospectively investigated 140 patients with a persistent infection.", 140),
    # "The subjects of analysis were N people"
    ("The subjects of analysis were 120 patients with stage I-III disease.", 120),
    # a results section that opens with the sample's size
    ("N = 48. Mean age = 66; 40% female. Most had pain.", 48),
    # a count after "to" that follows a point's name, not a range
    ("Needles were applied at LI4 to 40 healthy subjects.", 40),
    ("Doses rose from 4 to 12 patients per week.", None),
]


FACTS_72 = [
    # "In each group N people" of groups named by number
    ("The study had three different age groups. In each group 20 subjects were taken, 10 of them men.", 60),
    # a count at exit is the same people as at baseline
    ("On ITT analyses, baseline (N = 45) and exit (N = 37) fitness was similar.", 45),
    # one arm randomised, then the other counted alike
    (
        "Of 150 patients randomized to the early group, 100 had surgery (66%) whereas in the 148 "
        "patients randomized to the late group 90 had it.",
        298,
    ),
]

FACTS_73 = [
    # a total in brackets after a count per sequence
    (
        "Eighteen volunteers received each treatment sequence (total N = 36), and 30 completed.",
        36,
    ),
    ("Patients were randomly allocated to the two regimens (n = 96 in total).", 96),
    # the records reviewed are of the subset just counted
    (
        "Of the 640 patients with asthma seen in the clinic, 71 (11%) had a relapse. We reviewed "
        "medical records of the 71 patients.",
        71,
    ),
    # a long description between two compared groups, with no number in it
    (
        "In the intervention schools, 212 pupils attended weekly sessions on sleep hygiene that were "
        "delivered by trained teachers during the whole autumn term and were compared to 198 pupils "
        "in the control schools.",
        410,
    ),
    # ... but a count in that description is not the first group
    (
        "Of 2,310 women who attended the clinic from March 2008 to June 2012, 44 women with "
        "endometrioma were compared with 90 randomly selected women.",
        134,
    ),
]

FACTS_75 = [
    # a sample's make-up in a percent with a word after it is no share of anything
    ("A total of 5,210 Medicare patients (31% duals) who were discharged to a nursing home.", 5210),
    # the people counted before a split by sex were the ones randomised
    ("Sixty medical students comprising 41 men and 19 women were randomly assigned to A or B.", 60),
    # a count of one sex after a comma is the make-up of those just counted
    ("Brain activity was recorded before and after exercise in 11 subjects, 6 women (crossover design).", 11),
    # ... but groups named by sex are summed
    ("We enrolled 66 women from cohort A, 85 women from cohort B, and 36 men from cohort C.", 187),
    # an adverb between the verb and its count
    ("We analyzed retrospectively 64 patients with single stones treated with lithotripsy.", 64),
    # a subset studied here of those in a trial
    ("From a subset of 41 patients of 70 patients included in a phase II study, tumours were typed.", 41),
    # randomised phase III studies are studies, not a randomised count of two
    ("Two randomized phase III clinical studies were conducted in 140 patients.", 140),
]

FACTS_76 = [
    # out-patients, hyphenated
    ("The 96 out-patients with gout were randomized into three groups.", 96),
    # "without ..." between the people and their verb
    ("A registry holds 3,000 patients. Here 45 patients without prior surgery were studied.", 45),
    # two groups compared with no "were" between
    (
        "Eighteen patients with MDD received drug A during ECT compared with 16 patients as the "
        "control group who received placebo in a randomized trial.",
        34,
    ),
]

FACTS_77 = [
    # a participants section that opens "there are N ..."
    ("PATIENTS", "In this study, there are 152 dialysis patients. Volume status (n = 61) was measured.", 152),
    # an adverb between an auxiliary and its verb
    (
        "METHODS",
        "A total of 64 patients were evaluated. After 8 were excluded, 40 patients were finally recruited.",
        40,
    ),
    # "to purposively recruit", but not a plan "to recruit ... per GP"
    ("METHODS", "A qualitative design was used to purposively recruit 31 fathers aged 30 to 60 years.", 31),
    # "were enrolled (N patients)"
    ("METHODS", "Patients with stage II disease who had surgery were enrolled (2154 patients).", 2154),
    # "we enrolled N in each group"
    ("METHODS", "Using a parallel group randomized design, we enrolled 24 patients in each group.", 48),
]

FACTS_74 = [
    # a trial described in the present tense
    ("This is a randomized trial in which 64 participants are randomly allocated to yoga or rest.", 64),
    # "the subjects of the present study were ..."; sufferers are people
    ("The subjects of the present study were 24 migraine sufferers who lived in the city.", 24),
    # a sample that includes "N = ..."
    ("The sample included N = 212 men with prostate cancer.", 212),
    # ... but those with data "for n = ..." are not the sample
    ("A series of 41 patients was reviewed. Outcome data were available for n = 30 patients.", 41),
    # "were divided into two groups"
    (
        "This was a prospective cohort study in which 32 student participants were divided into two groups.",
        32,
    ),
    # "we selected for study N ..."
    ("We selected for study twelve adults with asthma who had a history of exercise symptoms.", 12),
]


@pytest.mark.parametrize(
    ("text", "n"),
    FACTS_58
    + FACTS_59
    + FACTS_60
    + FACTS_61
    + FACTS_64
    + FACTS_65
    + FACTS_66
    + FACTS_67
    + FACTS_68
    + FACTS_69
    + FACTS_70
    + FACTS_71
    + FACTS_72
    + FACTS_73
    + FACTS_74
    + FACTS_75
    + FACTS_76,
)
def test_counts_from_the_dev_sets_read_since_the_thirty_second(text: str, n: int | None) -> None:
    assert _headline(text) == n


def test_in_a_study_of_one_sex_that_sex_names_the_participants() -> None:
    def headline(title: str, text: str) -> int | None:
        return analyze_paper(Paper(id="x:1", title=title, sections=[Section(label="METHODS", text=text)])).n

    text = "Eighteen trained and 18 untrained females took a capsule of caffeine or cellulose with each meal."
    assert headline("Caffeine and fat oxidation in trained and untrained females", text) == 36
    # (a title that names no sex leaves "females" a breakdown of the patients)
    breakdown = "Forty patients, 18 females, mean age 60 years, were randomized to A or B."
    assert headline("Drug A or B for gout", breakdown) == 40
    # (and a title that names both sexes changes nothing)
    assert headline("Caffeine in men and women", text) == headline("", text)


def test_a_background_sentence_that_says_what_this_study_does_counts_its_people() -> None:
    def headline(background: str) -> int | None:
        sections = [
            Section(label="BACKGROUND", text=background),
            Section(label="RESULTS", text="Pain fell more after exercise (P = 0.02)."),
        ]
        return analyze_paper(Paper(id="x:1", sections=sections)).n

    own = (
        "Pain is common and affects 2,000,000 adults in the country. This study examines lactate in "
        "the thigh muscle of 31 women with fibromyalgia and 30 healthy women before and after exercise."
    )
    assert headline(own) == 61
    # (the rest of the background is about other people, and a background that does not say what
    # this study does is not read)
    assert headline("Pain is common and affects 2,000,000 adults in the country.") is None


@pytest.mark.parametrize(("label", "text", "n"), FACTS_77)
def test_counts_from_the_sixty_eighth_and_ninth_dev_sets(label: str, text: str, n: int) -> None:
    assert analyze_paper(Paper(id="x:1", sections=[Section(label=label, text=text)])).n == n


def test_a_plan_to_recruit_per_cluster_is_no_sample() -> None:
    text = "The audit aimed to recruit 20 patients per participating GP. In total, 1,143 patients took part."
    assert _headline(text) == 1143


def test_a_study_of_a_treatment_in_n_patients_counts_them() -> None:
    background = (
        "No therapy is proven. We therefore conducted a double blind, placebo controlled study of "
        "twelve weeks of vitamin D with calcium in eighteen patients."
    )
    sections = [
        Section(label="BACKGROUND", text=background),
        Section(label="RESULTS", text="Five patients discontinued vitamin D. No changes were seen."),
    ]
    assert analyze_paper(Paper(id="x:1", sections=sections)).n == 18


def test_controls_counted_in_a_sentence_of_their_own_join_the_group_before_them() -> None:
    text = (
        "The prospective study included 24 patients with a wheat-sensitive bowel. Nine patients not "
        "improving on the diet were used as controls. Biopsies were taken after two weeks."
    )
    assert _headline(text) == 33
    served = "In 40 patients who had surgery, enzymes were measured. Seven patients, who had other procedures, served as controls."
    assert _headline(served) == 47
    # (a randomised trial's arms are read from its randomisation)
    trial = "Sixty patients were randomized to A or B. Ten healthy volunteers served as controls."
    assert _headline(trial) == 60


def _review_headline(text: str) -> int | None:
    # A Cochrane abstract as the library holds it: results and conclusions in one unlabelled section
    return analyze_paper(Paper(id="x:1", sections=[Section(text=text)])).n


FACTS_79 = [
    # the abbreviation and a word after the count in the brackets
    (
        "We included 31 randomized controlled trials (RCTs) (5120 participants analysed). Mortality "
        "did not differ (one study, 80 participants; RR 0.50, 95% CI 0.05 to 5.2).",
        5120,
    ),
    # "consisting of", not a later per-outcome pool
    (
        "Twenty-two studies consisting of 1410 participants were included in the analyses. For "
        "remission, analyses with 12 studies and 800 participants showed an OR of 3.1 (95% CI 2.0 to 4.8).",
        1410,
    ),
    # a comma or colon after the count in the brackets
    ("We selected 9 studies ( 1880 participants: 1500 men and 380 women).", 1880),
    ("We included 12 studies (960 participants, 15 references) in this review.", 960),
    # a total in the brackets, not the sum of per-outcome counts after it
    (
        "We identified five eligible randomised controlled trials (total of 180 participants). Weight "
        "fell more (MD -1.0 kg, 95% CI -1.8 to -0.2) (n = 150) and fat mass too (n = 120).",
        180,
    ),
    # words between the count of trials and the total
    (
        "The search identified 11 trials as eligible for inclusion in the review, including a total of "
        "2210 participants. Live birth did not differ (RR 0.95, 95% CI 0.80 to 1.12, 3 RCTs, n = 900).",
        2210,
    ),
    # the participants whose data were analysed, not all those in the included studies
    (
        "This review includes 18 studies (8000 women). Fifteen studies (7650 women) contribute data to analyses.",
        7650,
    ),
    ("We included 25 RCTs; seven of them provided outcome data (2900 participants).", 2900),
    # cases and controls after the count of studies, summed
    (
        "A total of 15 studies were included in the meta-analysis, with a total of 600 patients and 400 controls.",
        1000,
    ),
    # but not a group in the next clause
    (
        "We included four RCTs with 5,000 participants; 2400 participants were randomised to drug A "
        "and 30 participants were randomised to drug B.",
        5000,
    ),
    # adjectives with commas, a parenthesis after the unit, a verb phrase before the brackets
    ("We identified seven randomised, double-blind studies involving 410 participants.", 410),
    ("We found three trials (in six articles) with 300 opiate-using participants.", 300),
    ("Six trials met the inclusion criteria (350 participants). Quality was high.", 350),
    ("Twelve randomized controlled trials (representing 700 patients) met the inclusion criteria.", 700),
    ("We identified 18 RCTs (total number of participants = 2300), 10 of which were new.", 2300),
    (
        "We included a total of 30 studies in the review, with more than 120,000 women aged 20 to 70 years.",
        120000,
    ),
    ("Forty studies (8100 participants) compared sumatriptan with placebo.", 8100),
    # a review of one study, but not one study's finding among several
    ("Only one trial (110 participants) was included in the review.", 110),
    (
        "Ten RCTs were included. Results from 1 study (25 participants) favour A: MD -10.1 (95% CI "
        "-14.0 to -6.2). For B, results from 1 study (60 participants) favour B.",
        None,
    ),
]


FACTS_80 = [
    # an individual-participant-data review: those whose data were available
    (
        "IPD were available for 980 of 1100 eligible individuals from three of four eligible studies. "
        "Time to failure favoured drug A (HR 0.80, 95% CI 0.66 to 0.97).",
        980,
    ),
    # two pools, each introduced by the kind of study, summed
    (
        "We included 12 smoking cessation studies with a total of 2100 participants, and three relapse "
        "prevention studies with a total of 900 participants.",
        3000,
    ),
]


FACTS_81 = [
    # "(n = N)" with no people named, and "included" far after the count, at the sentence's end
    (
        "A total of 25 RCTs (n = 4100), mostly following up the participants for eight weeks in "
        "outpatient clinics and poorly reporting their methods, were included.",
        4100,
    ),
    ("This review includes three small studies (total n = 120 , duration two to eight weeks).", 120),
    # a count in apposition, and "In N studies, we identified ..."
    ("Two trials, 1200 participants, using parallel-group methods were included.", 1200),
    ("In 14 studies, we identified 51,000 participants in whom the test was performed.", 51000),
    # "were included involving more than ..."
    ("Sixteen studies were included involving more than 400 health care professionals.", 400),
    # "..., which recruited N" after an aside
    (
        "The review includes 15 studies from five countries (USA, UK, Canada, Chile and China), which recruited 800 children.",
        800,
    ),
    # trials that contributed data on N people, stated before a later comparison's count
    (
        "One randomised trial and two quasi-RCTs contributed data on 1500 women. For infection, two "
        "trials, 1200 women, showed no difference.",
        1500,
    ),
]


FACTS_82 = [
    # "Of the N studies (M participants): ..."
    ("Of the seven studies (950 participants): four investigated drug A and three drug B.", 950),
    # the studies' people counted in the next sentence
    (
        "From 20 studies, only three met our inclusion criteria. Together they had 240 participants aged 18 to 45 years.",
        240,
    ),
    # "in total", an included study and a leading non-people item in the brackets
    (
        "Two studies are new to this update, resulting in six included studies in total (310 participants).",
        310,
    ),
    ("We included 90 unique studies in the review (110 test evaluations; 85,000 participants).", 85000),
    # two studies' counts in one bracket, summed
    ("Two studies (with 150 and 160 people) comparing drug A and drug B were included.", 310),
    # the studies that held the people, not the records searched
    (
        "The searches identified 140 studies, of which six cross-over studies (data from 80 participants) met the inclusion criteria.",
        80,
    ),
    # a single included trial that "included only" its people
    (
        "Only one randomised trial was identified and included. It was small and included only 18 participants.",
        18,
    ),
]


@pytest.mark.parametrize(("text", "n"), FACTS_79 + FACTS_80 + FACTS_81 + FACTS_82)
def test_a_review_is_sized_by_the_participants_of_its_included_studies(text: str, n: int | None) -> None:
    assert _review_headline(text) == n


def test_only_after_a_verb_other_than_included_is_no_count() -> None:
    # ("a study with only 16 of 63 enrolled patients" is a part of the 63)
    text = "Sixty-three patients were randomized to A or B. Data came from a study with only 16 of 63 enrolled patients."
    assert _headline(text) == 63


def test_a_review_count_in_brackets_after_its_verb_phrase_with_no_people_named() -> None:
    text = "Four studies were eligible for inclusion (n = 410), all of which used agonist protocols. One study (n = 90) reported harms."
    assert _review_headline(text) == 410
