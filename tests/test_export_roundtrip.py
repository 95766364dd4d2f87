"""Export then re-import keeps every field the format carries (docs/formats.md)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.cli import app
from consilience.model import Paper

FORMATS_DIR = Path(__file__).parent / "fixtures" / "formats"
FIXTURES = [
    "sample.ris",
    "sample.nbib",
    "sample.bib",
    "sample.csv",
    "pubmedqa_small.json",
    "scifact_small.jsonl",
]
SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "bibtex": ".bib", "ris": ".ris"}


def carried(paper: Paper, fmt: str) -> dict[str, Any]:
    """The fields of ``paper`` that ``fmt`` carries, as docs/formats.md lists them."""
    if fmt == "jsonl":
        return paper.model_dump(exclude={"source"})
    fields: dict[str, Any] = {
        "id": paper.id,
        "ids": (paper.ids.pmid, paper.ids.doi, paper.ids.pmcid),
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


@pytest.fixture
def source_library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "source")
    report = lib.ingest([FORMATS_DIR / name for name in FIXTURES])
    assert report.added == 13 and not report.errors
    return lib


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "bibtex", "ris"])
def test_export_reimport(source_library: Library, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export{SUFFIX[fmt]}"
    with open(out, "w", encoding="utf-8", newline="") as handle:
        assert source_library.export(fmt, handle) == 13
    with Library.open(tmp_path / "copy") as copy:
        report = copy.ingest(out)
        assert report.rejected == 0 and report.added == 13
        before = {p.id: carried(p, fmt) for p in source_library.papers()}
        after = {p.id: carried(p, fmt) for p in copy.papers()}
    source_library.close()
    assert after == before


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "bibtex", "ris"])
def test_cli_export(source_library: Library, tmp_path: Path, fmt: str) -> None:
    source_library.close()
    out = tmp_path / f"cli{SUFFIX[fmt]}"
    result = CliRunner().invoke(
        app, ["export", "--format", fmt, "-o", str(out), "--library", str(tmp_path / "source")]
    )
    assert result.exit_code == 0, result.output
    buffer = io.StringIO()
    with Library.open(tmp_path / "source") as lib:
        lib.export(fmt, buffer)
    assert out.read_bytes().decode("utf-8") == buffer.getvalue()
