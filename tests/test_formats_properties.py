"""Hypothesis properties: arbitrary text never breaks a reader; papers round-trip."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.ingest import Parsed, Rejected, reader_for
from consilience.model import Author, Journal, MeshHeading, Paper, PaperIds, PubDate, Section, canonical_id
from consilience.render.export import writer_for

READERS = ["jsonl", "pubmedqa", "scifact", "beir", "ris", "nbib", "bibtex", "csv"]
SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "bibtex": ".bib", "ris": ".ris"}


def read_text_as(fmt: str, text: str) -> list[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input"
        path.write_text(text, encoding="utf-8")
        return list(reader_for(fmt)(path))


@settings(max_examples=50, deadline=None)
@given(
    text=st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    "TY  - JOUR",
                    "ER  - ",
                    "PMID- 1",
                    "TI  - x",
                    "@article{k,",
                    "title = {",
                    "}",
                    "{",
                    '"',
                    ",",
                    "\n",
                    "\r\n",
                    "      more",
                    "id,title",
                    '{"1": {',
                    "[",
                    "\\'",
                    "AB  - A: b",
                ]
            ),
            max_size=30,
        ).map("".join),
    )
)
def test_arbitrary_text_never_raises(text: str) -> None:
    for fmt in READERS:
        for item in read_text_as(fmt, text):
            assert isinstance(item, (Parsed, Rejected))


words = st.text(alphabet=st.characters(categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=8)
phrase = st.lists(words, min_size=1, max_size=6).map(" ".join)
punctuated = st.lists(
    st.one_of(
        words, st.sampled_from(["50%", "{x}", "a\\b", "~", "&", "$", "#", "_", "@", "(95% CI 1-2)", '"q"'])
    ),
    min_size=1,
    max_size=10,
).map(" ".join)
name = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True)
labels = st.sampled_from(
    ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS", "Methods", "Main outcome measures"]
)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    ids = PaperIds(
        pmid=draw(st.none() | st.from_regex(r"[1-9][0-9]{0,7}", fullmatch=True)),
        doi=draw(st.none() | st.from_regex(r"10\.[0-9]{4}/[a-z0-9.]{1,10}", fullmatch=True)),
        pmcid=draw(st.none() | st.from_regex(r"PMC[1-9][0-9]{0,6}", fullmatch=True)),
    )
    if not (ids.pmid or ids.doi or ids.pmcid):
        ids.other = {"scifact": draw(st.from_regex(r"[1-9][0-9]{0,6}", fullmatch=True))}
    first_unlabelled = draw(st.booleans())
    texts = draw(st.lists(punctuated, min_size=0, max_size=4))
    sections = [
        Section(label="" if i == 0 and first_unlabelled else draw(labels), text=t)
        for i, t in enumerate(texts)
    ]
    authors = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["full", "initials", "group"]))
        if kind == "group":
            authors.append(Author(collective=draw(phrase)))
        elif kind == "full":
            fore = draw(st.lists(name, min_size=1, max_size=2).map(" ".join))
            authors.append(
                Author(last_name=draw(name), fore_name=fore, initials="".join(w[0] for w in fore.split()))
            )
        else:
            authors.append(
                Author(last_name=draw(name), initials=draw(st.from_regex(r"[A-Z]{1,3}", fullmatch=True)))
            )
    year = draw(st.none() | st.integers(1900, 2030))
    month = draw(st.none() | st.integers(1, 12)) if year else None
    day = draw(st.none() | st.integers(1, 28)) if month else None
    return Paper(
        id=canonical_id(ids) or "",
        ids=ids,
        title=draw(punctuated),
        sections=sections,
        journal=Journal(
            title=draw(st.sampled_from(["", "Invented Journal"]) | phrase),
            iso_abbrev=draw(st.sampled_from(["", "Invent J"])),
            volume=draw(st.from_regex(r"[0-9]{0,3}", fullmatch=True)),
            issue=draw(st.from_regex(r"[0-9]{0,2}", fullmatch=True)),
            pages=draw(st.from_regex(r"(|[1-9][0-9]{0,3}(-[1-9][0-9]{0,3})?|e[0-9]{3})", fullmatch=True)),
            issn=draw(st.sampled_from(["", "1234-567X"])),
        ),
        publisher=draw(st.sampled_from(["", "Invented Press"]) | phrase),
        authors=authors,
        pub_date=PubDate(year=year, month=month, day=day),
        publication_types=draw(st.lists(phrase, max_size=2)),
        mesh=[
            MeshHeading(descriptor=d, major=m)
            for d, m in draw(st.lists(st.tuples(phrase, st.booleans()), max_size=2))
        ],
        keywords=draw(st.lists(phrase, max_size=3)),
        language=draw(st.sampled_from(["", "eng", "fre"])),
    )


def carried(paper: Paper, fmt: str) -> dict[str, Any]:
    if fmt == "jsonl":
        return paper.model_dump(exclude={"source"})
    fields: dict[str, Any] = {
        "id": paper.id,
        "ids": paper.ids.model_dump(),
        "title": paper.title,
        "sections": [(s.label, s.text) for s in paper.sections],
        "journal": paper.journal.model_dump(),
        "publisher": paper.publisher,
        "date": (paper.pub_date.year, paper.pub_date.month, paper.pub_date.day),
        "keywords": paper.keywords,
        "language": paper.language,
    }
    if fmt == "csv":
        fields["authors"] = [(a.last_name, a.initials, a.collective) for a in paper.authors]
        fields["publication_types"] = paper.publication_types
        fields["mesh"] = [(m.descriptor, m.major, m.qualifiers) for m in paper.mesh]
    else:
        fields["authors"] = [(a.last_name, a.fore_name, a.initials, a.collective) for a in paper.authors]
    return fields


@settings(max_examples=50, deadline=None)
@given(batch=st.lists(papers(), min_size=1, max_size=3))
def test_papers_round_trip(batch: list[Paper]) -> None:
    for fmt in ("jsonl", "csv", "bibtex", "ris"):
        buffer = io.StringIO(newline="")
        assert writer_for(fmt)(batch, buffer) == len(batch)
        items = read_text_as(fmt, buffer.getvalue())
        assert all(isinstance(i, Parsed) for i in items), (fmt, items, buffer.getvalue())
        back = [i.paper for i in items if isinstance(i, Parsed)]
        assert [carried(p, fmt) for p in back] == [carried(p, fmt) for p in batch], (fmt, buffer.getvalue())


def test_lone_group_author_shaped_like_surname_and_initials_round_trips_in_csv() -> None:
    # Found by test_papers_round_trip: a group named "0 A" came back as a person "0, A".
    paper = Paper(id="x:1", title="t", authors=[Author(collective="0 A")])
    buffer = io.StringIO(newline="")
    writer_for("csv")([paper], buffer)
    (item,) = read_text_as("csv", buffer.getvalue())
    assert isinstance(item, Parsed)
    assert [a.collective for a in item.paper.authors] == ["0 A"]
