"""Each reader on its hand-written fixture: exact values, rejections, format detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consilience.ingest import Parsed, Rejected, detect_format, read_records
from consilience.model import Paper

FORMATS_DIR = Path(__file__).parent / "fixtures" / "formats"


def read(name: str | Path) -> tuple[list[Paper], list[Rejected]]:
    """Papers and rejections of a fixture (a name under fixtures/formats, or any path)."""
    items = list(read_records(FORMATS_DIR / name))
    papers = [i.paper for i in items if isinstance(i, Parsed)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    return papers, rejected


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("sample.ris", "ris"),
        ("sample.nbib", "nbib"),
        ("sample.bib", "bibtex"),
        ("sample.csv", "csv"),
        ("pubmedqa_small.json", "pubmedqa"),
        ("scifact_small.jsonl", "scifact"),
        ("beir_small.jsonl", "beir"),
    ],
)
def test_detect_format(name: str, fmt: str) -> None:
    assert detect_format(FORMATS_DIR / name) == fmt


def sections(paper: Paper) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in paper.sections]


def test_ris() -> None:
    papers, rejected = read("sample.ris")
    assert [p.id for p in papers] == ["pmid:31234567", papers[1].id, "pmid:30999999"]
    first = papers[0]
    assert first.ids.doi == "10.5555/jic.2021.0042"
    assert first.title == "Nightly walking and blood pressure in older adults: a randomized trial"
    assert [(a.last_name, a.fore_name, a.initials, a.collective) for a in first.authors] == [
        ("Okafor", "Adaeze", "A", ""),
        ("van der Berg", "Jean-Pierre", "JP", ""),
        ("", "", "", "Lantern Trial Group"),
    ]
    assert first.journal.model_dump() == {
        "title": "Journal of Invented Cardiology",
        "iso_abbrev": "J Invent Cardiol",
        "volume": "12",
        "issue": "3",
        "pages": "101-109",
        "issn": "1234-5678",
    }
    assert (first.pub_date.year, first.pub_date.month, first.pub_date.day) == (2021, 5, 14)
    assert first.publisher == "Invented Press" and first.language == "eng"
    assert first.keywords == ["walking", "hypertension"]
    assert sections(first) == [
        ("BACKGROUND", "Walking after dinner may lower blood pressure."),
        ("METHODS", "We randomized 240 adults to nightly walks or usual care."),
        ("RESULTS", "Systolic pressure fell by 6 mmHg (95% CI: 3-9)."),
    ]
    assert first.source.format == "ris" and first.source.position == 1
    assert papers[1].id.startswith("ref:") and papers[1].ids.other == {"ref": papers[1].id[4:]}
    last = papers[2]
    assert last.ids.pmcid == "PMC7000001"
    assert last.journal.title == "Invented Sleep Reports" and last.journal.iso_abbrev == "Invent Sleep Rep"
    assert (last.pub_date.year, last.pub_date.month) == (2019, 11)
    assert [(a.last_name, a.initials) for a in last.authors] == [("Lindqvist", "M")]
    assert [(r.position, r.reason) for r in rejected] == [(3, "RIS record has no title or id")]
    assert rejected[0].file.endswith("sample.ris")


def test_nbib() -> None:
    papers, rejected = read("sample.nbib")
    assert [p.id for p in papers] == ["pmid:39000001", "pmid:39000002"]
    paper = papers[0]
    assert (
        paper.title
        == "Invented vitamin Z supplementation and fracture risk: a randomised placebo-controlled trial."
    )
    assert paper.ids.doi == "10.5555/ibj.2022.007"
    assert paper.ids.pmcid == "PMC9000001"
    assert paper.ids.other == {"pii": "S0000-0000(22)00001-1"}
    assert [s[0] for s in sections(paper)] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert sections(paper)[2][1] == "Fractures occurred in 4% vs 7% (HR 0.57, 95% CI: 0.30-0.98)."
    assert [(a.last_name, a.fore_name, a.initials, a.collective) for a in paper.authors] == [
        ("Moreau", "Hélène", "H", ""),
        ("Tanaka", "Ken Ichi", "KI", ""),
        ("", "", "", "Vitamin Z Investigators"),
    ]
    assert paper.authors[0].affiliations == ["Invented University Hospital, Lyon, France."]
    assert paper.journal.model_dump() == {
        "title": "Invented bone journal",
        "iso_abbrev": "Invent Bone J",
        "volume": "7",
        "issue": "2",
        "pages": "55-63",
        "issn": "2345-6789",
    }
    assert paper.pub_date.iso() == "2022-02-03"
    assert paper.publication_types == ["Journal Article", "Randomized Controlled Trial"]
    assert [(m.descriptor, m.major, m.qualifiers) for m in paper.mesh] == [
        ("Fractures, Bone", True, ["prevention & control"]),
        ("Humans", False, []),
        ("Vitamins", True, ["therapeutic use", "administration & dosage"]),
    ]
    assert paper.keywords == ["vitamin Z", "fracture"]
    assert paper.grants[0].model_dump() == {
        "grant_id": "R01 XX000001",
        "agency": "NIX NIH HHS",
        "country": "United States",
    }
    assert paper.coi_statement == "The authors declare no invented conflicts."
    assert paper.version == "001|2023-01-02"
    assert (papers[1].pub_date.year, papers[1].pub_date.month) == (2015, 10)
    assert [(r.position, r.reason) for r in rejected] == [(2, "MEDLINE record has no PMID")]


def test_bibtex() -> None:
    papers, rejected = read("sample.bib")
    assert [p.id for p in papers] == ["pmid:32000001", "bibtex:plain2019"]
    paper = papers[0]
    assert paper.title == "Coffee and Gödel's École: Effects on β-blocker adherence"
    assert [(a.last_name, a.fore_name, a.initials, a.collective) for a in paper.authors] == [
        ("Müller", "Jörg", "J", ""),
        ("Straßer", "Anna-Lena", "AL", ""),
        ("díaz", "Carlos", "C", ""),
        ("", "", "", "The InVent Consortium"),
    ]
    assert paper.journal.model_dump() == {
        "title": "Invented Bone Journal",
        "iso_abbrev": "Invent Bone J",
        "volume": "14",
        "issue": "2",
        "pages": "201-210",
        "issn": "3456-7890",
    }
    assert paper.ids.doi == "10.5555/ibj.2020.14.201"
    assert paper.pub_date.iso() == "2020-03"
    assert paper.keywords == ["coffee", "adherence", "beta-blockers"]
    assert sections(paper)[1] == ("METHODS", "We asked 80 invented people about 50% more coffee.")
    assert paper.language == "english" and paper.publisher == "Invented Press"
    plain = papers[1]
    assert plain.title == "A quoted title with nested braces inside"
    assert [(a.last_name, a.initials) for a in plain.authors] == [("Lovelace", "A"), ("Hopper", "GB")]
    assert plain.ids.other == {"bibtex": "plain2019"}
    assert len(rejected) == 1
    assert rejected[0].position == 2 and rejected[0].record == "broken2021"
    assert rejected[0].reason == "BibTeX entry 'broken2021': unbalanced braces in field 'title'"


def test_csv() -> None:
    papers, rejected = read("sample.csv")
    assert [p.id for p in papers] == ["pmid:38000001", "scifact:77"]
    paper = papers[0]
    assert paper.title == "Invented trial of morning light, with commas"
    assert (paper.ids.pmid, paper.ids.doi, paper.ids.pmcid) == ("38000001", "10.5555/ij.2023.1", "PMC8000001")
    assert sections(paper) == [
        ("BACKGROUND", "Light may help mood."),
        ("RESULTS", 'Mood improved, "clearly".'),
    ]
    assert [a.display for a in paper.authors] == ["Ng KL", "Alvarez M", "Morning Light Group"]
    assert paper.authors[2].collective == "Morning Light Group"
    assert paper.pub_date.iso() == "2023-04-09"
    assert [(m.descriptor, m.major, m.qualifiers) for m in paper.mesh] == [
        ("Phototherapy", True, ["methods"]),
        ("Humans", False, []),
    ]
    assert paper.publication_types == ["Journal Article", "Randomized Controlled Trial"]
    assert paper.keywords == ["light", "mood"]
    assert papers[1].ids.other == {"scifact": "77"}
    assert [(a.last_name, a.initials) for a in papers[1].authors] == [("Kowalski", "")]
    assert [(r.position, r.reason) for r in rejected] == [
        (2, "CSV row has no title or id"),
        (4, "year 'nineteen' is not a year"),
    ]


def test_csv_pubmed_export(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.csv"
    path.write_text(
        "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n"
        '37000001,An invented title.,"Smith J, Doe JA.",Invent J. 2020;1:1-2.,Smith J,Invent J,2020,'
        "2020/01/01,PMC1,,10.5555/X\n",
        encoding="utf-8",
    )
    [item] = list(read_records(path))
    assert isinstance(item, Parsed)
    paper = item.paper
    assert (paper.id, paper.ids.doi, paper.ids.pmcid, paper.journal.title, paper.year) == (
        "pmid:37000001",
        "10.5555/x",
        "PMC1",
        "Invent J",
        2020,
    )
    assert [(a.last_name, a.initials) for a in paper.authors] == [("Smith", "J"), ("Doe", "JA")]


def test_pubmedqa() -> None:
    papers, rejected = read("pubmedqa_small.json")
    assert [p.id for p in papers] == ["pmid:40000001", "pmid:40000003"]
    paper = papers[0]
    assert paper.title == "Does invented exercise reduce invented fatigue?"
    assert sections(paper) == [
        ("BACKGROUND", "Fatigue is common in invented illness."),
        ("METHODS", "We randomized 60 invented patients."),
        ("CONCLUSIONS", "Invented exercise reduced invented fatigue."),
    ]
    assert [m.descriptor for m in paper.mesh] == ["Exercise", "Fatigue", "Humans"]
    assert paper.year == 2017 and paper.source.format == "pubmedqa"
    assert [(r.position, r.record, r.reason) for r in rejected] == [
        (2, "PMID 40000002", "CONTEXTS is not a list of strings")
    ]


def test_pubmedqa_truncated(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{"1": {"QUESTION": "Q?", "CONTEXTS": ["c"]}, "2": {"QUES', encoding="utf-8")
    items = list(read_records(path, "pubmedqa"))
    assert isinstance(items[0], Parsed) and isinstance(items[1], Rejected)
    assert items[1].position == 2


def test_scifact() -> None:
    papers, rejected = read("scifact_small.jsonl")
    assert [p.id for p in papers] == ["scifact:101", "scifact:102"]
    assert papers[0].ids.other == {"scifact": "101"}
    assert sections(papers[0]) == [("", "Mice were fed an invented diet. They aged slowly (p = 0.01).")]
    assert sections(papers[1]) == [
        ("BACKGROUND", "HIV-negative invented cells were studied. More background."),
        ("METHODS AND RESULTS", "We measured 5 things."),
        ("CONCLUSIONS", "It worked."),
    ]
    assert [(r.position, r.reason) for r in rejected] == [
        (3, "abstract is not a list of sentences"),
        (4, "line 4 is not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    ]


def test_beir() -> None:
    papers, rejected = read("beir_small.jsonl")
    assert [p.id for p in papers] == ["beir:d1", "pmid:41000001"]
    assert papers[1].ids.other == {"beir": "d2"}
    assert sections(papers[1]) == [("OBJECTIVE", "To invent."), ("RESULTS", "Invented.")]
    assert [(r.position, r.reason) for r in rejected] == [(3, "record has no _id")]


def test_jsonl_abstract_shortcuts(tmp_path: Path) -> None:
    """Other tools' JSONL: labelled parts under ``abstract_sections`` or ``abstract``, sentence
    lists, an abstract under ``text``; fields the schema does not know are left out and named."""
    path = tmp_path / "converted.jsonl"
    lines = [
        '{"pmcid": "PMC100", "title": "Labelled", "abstract_sections": '
        '[{"label": "METHODS", "text": "Sixty adults were randomised."}, {"label": "RESULTS", "text": "Pain fell."}]}',
        '{"pmid": "201", "title": "Parts", "abstract": [{"label": "BACKGROUND", "text": "Why."}, {"text": "What."}]}',
        '{"pmid": "202", "title": "Sentences", "abstract": ["First  sentence.", "Second one."]}',
        '{"pmid": "203", "title": "Mixed", "abstract": ["A sentence.", {"label": "X", "text": "Y."}]}',
        '{"pmid": "204", "title": "Unknown field", "abstarct": "Typo.", "text": "An abstract as text."}',
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_records(path))
    papers, rejected = read(path)
    by_id = {paper.id: paper for paper in papers}
    assert sections(by_id["pmc:PMC100"]) == [
        ("METHODS", "Sixty adults were randomised."),
        ("RESULTS", "Pain fell."),
    ]
    assert sections(by_id["pmid:201"]) == [("BACKGROUND", "Why."), ("", "What.")]
    assert sections(by_id["pmid:202"]) == [("", "First sentence. Second one.")]
    assert sections(by_id["pmid:204"]) == [("", "An abstract as text.")]
    # A list mixing strings and sections is rejected with the record named; a field the schema
    # does not know is left out of a record that is kept, and named.
    assert [(r.position, "only strings or only {label, text} objects" in r.reason) for r in rejected] == [
        (4, True)
    ]
    assert [i.ignored for i in items if isinstance(i, Parsed) and i.paper.id == "pmid:204"] == [("abstarct",)]


def test_jsonl_structured_abstract_written_as_text(tmp_path: Path) -> None:
    """A structured abstract flattened to one string keeps its sections: "LABEL:" inline, or
    the colonless labels SciFact-derived files carry ("RESULTS The rate fell"), one a line or
    after a sentence end. Capitals that are not a heading stay text."""
    path = tmp_path / "flattened.jsonl"
    records = [
        {
            "id": "a",
            "title": "Lines",
            "text": "INTRODUCTION Why we asked.  \n METHODS We randomised 40 adults.  \n"
            " RESULTS HER-2 was high (p = 0.01).\n CONCLUSIONS It worked.",
        },
        {"id": "b", "title": "Inline", "abstract": "PATIENTS AND METHODS We enrolled 12. RESULTS Pain fell."},
        {"id": "c", "title": "Colons", "abstract": "OBJECTIVE: To test. RESULTS: It fell (95% CI: 1-2)."},
        {
            "id": "d",
            "title": "Plain",
            "abstract": "HER2 status was known. KEY Points are that AIMS helps. DESIGN was poor.",
        },
        {
            "id": "e",
            "title": "Sentences",
            "abstract": ["BACKGROUND Mice age.", "It is slow.", "RESULTS They aged."],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    papers, rejected = read(path)
    assert rejected == []
    by_id = {paper.id: sections(paper) for paper in papers}
    assert by_id["a"] == [
        ("INTRODUCTION", "Why we asked."),
        ("METHODS", "We randomised 40 adults."),
        ("RESULTS", "HER-2 was high (p = 0.01)."),
        ("CONCLUSIONS", "It worked."),
    ]
    assert by_id["b"] == [("PATIENTS AND METHODS", "We enrolled 12."), ("RESULTS", "Pain fell.")]
    assert by_id["c"] == [("OBJECTIVE", "To test."), ("RESULTS", "It fell (95% CI: 1-2).")]
    assert by_id["d"] == [("", "HER2 status was known. KEY Points are that AIMS helps. DESIGN was poor.")]
    assert by_id["e"] == [("BACKGROUND", "Mice age. It is slow."), ("RESULTS", "They aged.")]


def test_an_ingest_names_the_fields_it_left_out(tmp_path: Path) -> None:
    from consilience import Library

    path = tmp_path / "other-tool.jsonl"
    path.write_text(
        '{"id": "a1", "title": "One", "text": "Text one.", "topic_guess": true}\n'
        '{"id": "a2", "title": "Two", "text": "Text two.", "topic_guess": false}\n'
    )
    with Library.open(tmp_path / "lib") as lib:
        report = lib.ingest([path])
        assert (report.added, report.rejected) == (2, 0)
        assert lib.get("a1") is not None and lib.get("a1").sections[0].text == "Text one."
    assert report.ignored_fields() == [
        f"{path}: field 'topic_guess' is not in the schema and was left out of 2 records"
    ]
