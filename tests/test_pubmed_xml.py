"""PubMed/MEDLINE XML parsing, field by field, on hand-written fixtures."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from lxml import etree

from consilience.ingest.pubmed_xml import (
    _text,
    parse_medline_date,
    parse_month,
    read_pubmed_xml,
    read_pubmed_xml_stream,
)
from consilience.ingest.records import Deleted, Parsed, Rejected
from consilience.model import Paper

PUBMED = Path(__file__).parent / "fixtures" / "pubmed"
MODERN = PUBMED / "pubmed-0001-modern.xml"


def papers(path: Path) -> dict[str, Paper]:
    return {item.paper.id: item.paper for item in read_pubmed_xml(path) if isinstance(item, Parsed)}


@pytest.fixture(scope="module")
def modern() -> dict[str, Paper]:
    return papers(MODERN)


def test_ids_title_and_version(modern: dict[str, Paper]) -> None:
    paper = modern["pmid:90000001"]
    assert paper.ids.pmid == "90000001"
    assert paper.ids.doi == "10.9999/jit.2019.0001"  # PubmedData's id, lower-cased
    assert paper.ids.pmcid == "PMC9000001"
    assert paper.ids.other == {"pii": "S0000-0000(19)00001-X"}
    assert paper.title == "Effect of Zeta pseudomonas on CO2 uptake: a randomized trial."
    assert paper.version == "001|2021-03-04"
    assert paper.source.file == str(MODERN) and paper.source.position == 1
    assert paper.source.format == "pubmed-xml"


def test_structured_abstract_keeps_labels_and_flattens_markup(modern: dict[str, Paper]) -> None:
    sections = modern["pmid:90000001"].sections
    assert [(s.label, s.category) for s in sections] == [
        ("BACKGROUND", "BACKGROUND"),
        ("METHODS", "METHODS"),
        ("RESULTS", "RESULTS"),
        ("CONCLUSIONS", "CONCLUSIONS"),
    ]
    assert sections[0].text == "Uptake of CO2 by Z. pseudomonas is poorly understood."
    assert sections[1].text == "We randomized 240 plots to dose 10-3 M or placebo."
    assert sections[2].text == "Uptake rose (HR 0.66, 95% CI 0.49-0.88; p = 0.005)."
    assert sections[3].text == "The dose worked in this invented setting."  # whitespace tidied


def test_unstructured_abstract_is_one_unlabelled_section(modern: dict[str, Paper]) -> None:
    (section,) = modern["pmid:90000002"].sections
    assert section.label == "" and section.category == ""
    assert section.text.startswith("Invented cohort text")


def test_journal_and_pages(modern: dict[str, Paper]) -> None:
    journal = modern["pmid:90000001"].journal
    assert journal.model_dump() == {
        "title": "Journal of Invented Trials",
        "iso_abbrev": "J Invent Trials",
        "volume": "12",
        "issue": "4",
        "pages": "101-9",
        "issn": "1234-5678",
    }
    assert modern["pmid:90000002"].journal.pages == "e12"  # StartPage alone


def test_authors_affiliations_and_collective(modern: dict[str, Paper]) -> None:
    first, second, group = modern["pmid:90000001"].authors
    assert (first.last_name, first.fore_name, first.initials) == ("Quill", "Ada M", "AM")
    assert first.affiliations == [
        "Department of Examples, Nowhere University, Atlantis.",
        "Institute of Placeholder Studies, Atlantis.",
    ]
    assert second.last_name == "Ortega-Lind" and second.affiliations == []
    assert group.collective == "INVENT Trial Group" and group.display == "INVENT Trial Group"


def test_dates(modern: dict[str, Paper]) -> None:
    medline = modern["pmid:90000001"].pub_date
    assert (medline.year, medline.month, medline.day, medline.text) == (2019, 11, None, "2019 Nov-Dec")
    assert modern["pmid:90000002"].pub_date.iso() == "2018-03-15"
    season = modern["pmid:90000003"].pub_date
    assert (season.year, season.month, season.text) == (2001, 6, "Summer")


def test_mesh_major_flags_keywords_types_language(modern: dict[str, Paper]) -> None:
    paper = modern["pmid:90000001"]
    assert [(m.descriptor, m.major, m.qualifiers, m.ui) for m in paper.mesh] == [
        ("Carbon Dioxide", True, [], "D000002"),
        ("Plots", True, ["metabolism", "growth"], "D000003"),  # a starred qualifier
        ("Humans", False, [], "D000004"),
    ]
    assert paper.keywords == ["carbon uptake", "Zeta genus"]  # the blank one is dropped
    assert paper.publication_types == ["Randomized Controlled Trial", "Journal Article"]
    assert paper.language == "eng"


def test_grants_and_coi(modern: dict[str, Paper]) -> None:
    paper = modern["pmid:90000001"]
    assert [g.model_dump() for g in paper.grants] == [
        {"grant_id": "R01 XX000001", "agency": "Invented Agency", "country": "Atlantis"},
        {"grant_id": "", "agency": "Second Fund", "country": "Lemuria"},
    ]
    assert paper.coi_statement == "The authors declare no competing interests."


def test_vernacular_title_is_not_used_when_there_is_a_title(modern: dict[str, Paper]) -> None:
    paper = modern["pmid:90000003"]
    assert paper.title == "[A title in translation]."
    assert paper.sections == [] and paper.language == "fre"


def test_parsed_records_equal_their_validated_copies(modern: dict[str, Paper]) -> None:
    # The parser builds models without pydantic's validation; prove nothing escapes it.
    for path in PUBMED.glob("*.xml"):
        for paper in papers(path).values():
            assert Paper.model_validate(paper.model_dump()) == paper
            assert Paper.model_validate_json(paper.model_dump_json()) == paper


def test_medline_citation_set() -> None:
    items = list(read_pubmed_xml(PUBMED / "medline-citation-set.xml"))
    first, second, deletion = items
    assert isinstance(first, Parsed) and isinstance(second, Parsed) and isinstance(deletion, Deleted)
    paper = first.paper
    assert paper.ids.pmcid == "PMC8000001"  # from OtherID, the note after it dropped
    assert paper.authors[0].affiliations == ["Department of History, Invented College."]
    assert (paper.pub_date.year, paper.pub_date.month) == (1998, 12)
    assert paper.version == "001|2015-12-26"
    assert (second.paper.pub_date.year, second.paper.pub_date.month, second.paper.pub_date.day) == (
        2012,
        7,
        15,
    )
    assert deletion.paper_id == "pmid:80000009" and deletion.position == 3


def test_gzip_and_plain_read_the_same(tmp_path: Path) -> None:
    gz = tmp_path / "modern.xml.gz"
    gz.write_bytes(gzip.compress(MODERN.read_bytes()))
    plain = {k: v.model_copy(update={"source": None}) for k, v in papers(MODERN).items()}
    zipped = {k: v.model_copy(update={"source": None}) for k, v in papers(gz).items()}
    assert plain == zipped


def test_a_plain_stream_without_peek_reads_a_medline_citation_set() -> None:
    data = (PUBMED / "medline-citation-set.xml").read_bytes()
    items = list(read_pubmed_xml_stream(io.BytesIO(data), "mem.xml"))
    assert [type(i).__name__ for i in items] == ["Parsed", "Parsed", "Deleted"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015 Oct-Dec", (2015, 10, None)),
        ("1998 Dec-1999 Jan", (1998, 12, None)),
        ("2012 Jul 15-21", (2012, 7, 15)),
        ("2009 Nov 30-Dec 6", (2009, 11, 30)),
        ("2000 Spring", (2000, 3, None)),
        ("2003 Fall-Winter", (2003, 9, None)),
        ("Winter 2005", (2005, 12, None)),
        ("1977-1978", (1977, None, None)),
        ("2004 3rd Quarter", (2004, None, None)),
        ("2010 September", (2010, 9, None)),
        ("2010 Jan 45", (2010, 1, None)),
        ("", (None, None, None)),
        ("n.d.", (None, None, None)),
    ],
)
def test_medline_date_variants(text: str, expected: tuple[int | None, ...]) -> None:
    date = parse_medline_date(text)
    assert (date.year, date.month, date.day) == expected
    assert date.text == text


def test_parse_month() -> None:
    assert [parse_month(t) for t in ("1", "12", "0", "Jan", "june", "Autumn", "xyz")] == [
        1,
        12,
        None,
        1,
        6,
        9,
        None,
    ]


@pytest.mark.parametrize(
    ("xml", "text"),
    [
        (b"<ArticleTitle>A <i>b</i> c</ArticleTitle>", "A b c"),
        (b"<ArticleTitle>H<sub>2</sub>O and x<sup>2</sup></ArticleTitle>", "H2O and x2"),
        (b"<ArticleTitle><b>Bold</b> start and end <u>u</u></ArticleTitle>", "Bold start and end u"),
        (b"<ArticleTitle>a<i> b </i>c</ArticleTitle>", "a b c"),
        (b"<ArticleTitle>caf\xc3\xa9 \xce\xb2-blocker</ArticleTitle>", "caf\u00e9 \u03b2-blocker"),
        (b"<ArticleTitle>x &lt; y &amp; z</ArticleTitle>", "x < y & z"),
    ],
)
def test_markup_flattening_keeps_every_character(xml: bytes, text: str) -> None:
    record = (
        b'<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">5</PMID><Article>'
        + xml
        + b"</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (item,) = read_pubmed_xml_stream(io.BytesIO(record), "mem.xml")
    assert isinstance(item, Parsed)
    assert item.paper.title == text


def test_a_record_without_article_or_with_a_bad_pmid_is_rejected() -> None:
    xml = (
        b'<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">6</PMID>'
        b"</MedlineCitation></PubmedArticle><PubmedArticle><MedlineCitation><PMID>12a</PMID>"
        b"<Article/></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    first, second = read_pubmed_xml_stream(io.BytesIO(xml), "mem.xml")
    assert isinstance(first, Rejected) and isinstance(second, Rejected)
    assert str(first) == "mem.xml, record 1 (PMID 6): record has no Article element"
    assert str(second) == "mem.xml, record 2: PMID '12a' is not a number"


@pytest.mark.parametrize(
    "raw",
    ["tidy text", " leading", "trailing ", "two  spaces", "tab\there", "line\nbreak", "no\u00a0break",
     "line\u2028separator", "ideographic\u3000space", "x", " ", "\u0085", "caf\u00e9 \u03b2"],
)  # fmt: skip
def test_whitespace_is_tidied_as_split_and_join_would(raw: str) -> None:
    assert _text(etree.fromstring(f"<t>{raw}</t>")) == " ".join(raw.split())
