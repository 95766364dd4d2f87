"""The biomedical analyzer: names kept whole, spelling and numerals folded, questions stripped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consilience.index.tokenize import analyze, analyze_query, fold, index_text, strip_question, tokens


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("HER2", "her2"),
        ("ER/PR", "er/pr"),
        ("5-FU", "5-fu"),
        ("IL-6", "il-6"),
        ("COVID-19", "covid-19"),
        ("p53", "p53"),
        ("CD8+", "cd8+"),
        ("TNF-α", "tnf-alpha"),
    ],
)
def test_biomedical_names_survive_as_tokens(text: str, kept: str) -> None:
    assert kept in analyze(f"levels of {text} were measured")


def test_hyphenated_names_also_match_their_parts_and_joined_forms() -> None:
    assert {"her2", "posit"} <= set(analyze("HER2-positive"))
    assert "il6" in analyze("IL-6") and "il6" in analyze("IL6")
    assert "cd8" in analyze("CD8+ cells")
    assert analyze("placebo-controlled") == analyze("placebo controlled")


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("tumour", "tumor"),
        ("oesophageal", "esophageal"),
        ("randomised", "randomized"),
        ("haemorrhage", "hemorrhage"),
        ("anaemia", "anemia"),
        ("paediatric", "pediatric"),
        ("oestrogen", "estrogen"),
        ("leukaemia", "leukemia"),
        ("behaviour", "behavior"),
    ],
)
def test_british_spelling_folds_to_american(british: str, american: str) -> None:
    assert analyze(british) == analyze(american)


def test_exercise_is_not_mistaken_for_an_ise_verb() -> None:
    assert fold("exercise") == "exercise"


def test_stage_numerals() -> None:
    assert analyze("stage IV disease") == analyze("stage 4 disease")
    assert analyze("phase III") == analyze("phase 3")
    assert analyze("stage IIIA") == analyze("stage 3a")
    assert "iv" in analyze("IV fluids")  # intravenous stays


def test_greek_letters_and_accents() -> None:
    assert analyze("α-synuclein") == analyze("alpha-synuclein")
    assert analyze("IFN-γ") == analyze("IFN-gamma")
    assert analyze("naïve") == analyze("naive")


@pytest.mark.parametrize(
    "question",
    [
        "Does aspirin prevent stroke?",
        "Is there evidence that aspirin prevents stroke?",
        "What are the effects of aspirin on stroke?",
        "Can aspirin prevent stroke?",
    ],
)
def test_question_wording_is_dropped(question: str) -> None:
    terms = analyze_query(question)
    assert "aspirin" in terms and "stroke" in terms
    assert not {"doe", "is", "there", "what", "effect", "can"} & set(terms)


def test_a_question_of_only_question_words_keeps_them() -> None:
    assert analyze_query("What is it?") != []


def test_strip_question_leaves_statements_alone() -> None:
    assert strip_question("Aspirin prevents stroke") == "Aspirin prevents stroke"


def test_token_offsets_point_at_the_source_text() -> None:
    text = "Tumour size and IL-6"
    assert [(t.term, text[t.start : t.end]) for t in tokens(text)][:2] == [
        ("tumor", "Tumour"),
        ("size", "size"),
    ]


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_and_the_fast_path_agrees(text: str) -> None:
    assert index_text(text).split() == analyze(text)
    assert [t.term for t in tokens(text)] == analyze(text)


_PIECES = st.sampled_from(
    ["stage", "Stage", "grades", "phase", "NYHA", "type", "subgroup", "IV", "iii", "IIb", "ii", "x",
     "vi", "I", "cancer", " ", "  ", "-", "\n", "(", ")", ", ", "–", "2", "a", "b"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_stage_numerals_take_the_same_path_in_the_fast_indexer(text: str) -> None:
    assert index_text(text).split() == analyze(text)


@pytest.mark.parametrize(
    "text",
    [
        "stage\u2028IV disease",  # any Unicode whitespace separates words, as it separates chunks
        "phase\x1cIIb trial",
        "type\x85ii diabetes and stage  iv\tcancer",
        "IV fluids were given; stage IV",  # the same numeral word, first plain, then after a stage word
        "grade (iii) and class-II",
        "Stage IV. IV. iv+ x-ray, vi, I think",
    ],
)
def test_cached_words_agree_with_the_chunk_path(text: str) -> None:
    index_text(text)  # a second call reads every word from the cache
    assert index_text(text).split() == analyze(text)
