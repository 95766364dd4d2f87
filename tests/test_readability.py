"""Reading-level measurement and the audience targets."""

from __future__ import annotations

from consilience.write.readability import AUDIENCE_TARGETS, reading_grade, sentence_grade, target_grade

PLAIN = "The drug helped. Fewer people had pain. Half of them felt well after a week."
DENSE = (
    "Randomization demonstrated statistically significant prolongation of progression-free survival "
    "notwithstanding considerable heterogeneity attributable to methodological inconsistencies."
)


def test_plain_text_reads_lower_than_dense_text() -> None:
    plain, dense = reading_grade(PLAIN), reading_grade(DENSE)
    assert plain.flesch_kincaid < 6 < 14 < dense.flesch_kincaid
    assert plain.smog < dense.smog
    assert plain.grade == round((plain.flesch_kincaid + plain.smog) / 2, 1)


def test_counts() -> None:
    grade = reading_grade(PLAIN)
    assert grade.sentences == 3 and grade.words == 15


def test_empty_text() -> None:
    grade = reading_grade("   ")
    assert (grade.flesch_kincaid, grade.smog, grade.words, grade.sentences) == (0.0, 0.0, 0, 0)


def test_decimals_do_not_split_sentences() -> None:
    assert reading_grade("The hazard ratio was 0.66 in this trial.").sentences == 1
    assert sentence_grade("It was 41.6% vs 24.4%.") == sentence_grade("It was 9% vs 9%.")


def test_targets() -> None:
    assert target_grade("patient") == 8.0 and target_grade("public") == 10.0
    assert target_grade("clinician") is None and target_grade("unknown") is None
    assert set(AUDIENCE_TARGETS) == {"patient", "public", "clinician"}
