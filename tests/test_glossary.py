"""The bundled glossary: size, uniqueness, short plain definitions, and lookups."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from consilience.write.glossary import load_glossary
from consilience.write.readability import reading_grade

RAW = json.loads(resources.files("consilience").joinpath("data/glossary.json").read_text(encoding="utf-8"))
TERMS = RAW["terms"]


def test_at_least_200_terms_in_three_areas() -> None:
    assert len(TERMS) >= 200
    categories = {t["category"] for t in TERMS}
    assert (
        {"oncology", "trial", "statistics"} <= categories <= {"oncology", "trial", "statistics", "medicine"}
    )
    for area in ("oncology", "trial", "statistics"):
        assert sum(t["category"] == area for t in TERMS) >= 40


def test_every_row_has_the_fields() -> None:
    for row in TERMS:
        assert set(row) == {"term", "aliases", "definition", "category"}
        assert row["term"].strip() == row["term"] and row["definition"]


def test_terms_and_aliases_are_unique() -> None:
    names = [n.lower() for t in TERMS for n in (t["term"], *t["aliases"])]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert duplicates == []


@pytest.mark.parametrize("row", TERMS, ids=lambda r: r["term"])
def test_definitions_are_short_plain_and_figure_free(row: dict[str, str]) -> None:
    definition = row["definition"]
    assert len(definition.split()) <= 25
    assert definition[0].isupper() and definition.endswith(".")
    # No standalone figures: a definition must never put a number in an article.
    assert not re.search(r"(?<![\w.])\d", definition)


def test_definitions_read_at_a_low_grade() -> None:
    text = " ".join(t["definition"] for t in TERMS)
    assert reading_grade(text).flesch_kincaid <= 8


def test_lookup_by_term_alias_and_case() -> None:
    glossary = load_glossary()
    assert len(glossary) == len(TERMS)
    assert glossary.lookup("Hazard Ratio") is glossary.lookup("HR")
    assert glossary.lookup("randomised controlled trial") is glossary.lookup("RCT")
    assert glossary.lookup("or") is None and glossary.lookup("OR") is not None
    assert glossary.define("no-such-term") is None
    assert glossary.define("median") is not None


def test_find_terms_prefers_the_longest_name_and_skips_everyday_words() -> None:
    found = [e.term for e in load_glossary().find_terms("Overall survival and the mean risk in this trial.")]
    assert found == ["overall survival"]
