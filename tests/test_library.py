"""The Library facade over real files: ingest, lookups by any id, streaming, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library, NotFoundError
from consilience.cli import app


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


RECORDS = [
    {
        "pmid": "101",
        "doi": "10.1000/ABC",
        "title": "Trial one",
        "abstract": "We randomized 40 adults.",
        "year": 2019,
    },
    {"pmid": "102", "title": "Cohort two", "abstract": "A retrospective cohort.", "year": 2021},
    {"doi": "10.1000/xyz", "title": "No PMID here", "abstract": "Text.", "year": 2015},
]


def test_ingest_then_lookup_by_every_kind_of_id(fresh_library: Library, tmp_path: Path) -> None:
    report = fresh_library.ingest(write_jsonl(tmp_path / "a.jsonl", RECORDS))
    assert (report.added, report.rejected) == (3, 0)
    assert fresh_library.get("101").title == "Trial one"
    assert fresh_library.get("PMID:101").id == "pmid:101"
    assert fresh_library.get("10.1000/abc").id == "pmid:101"  # DOIs are case-insensitive
    assert fresh_library.get("https://doi.org/10.1000/ABC").id == "pmid:101"
    assert fresh_library.get("doi:10.1000/xyz").title == "No PMID here"
    with pytest.raises(NotFoundError, match="no paper with id '999'"):
        fresh_library.get("999")
    # a file's own id that looks like a PMID is found as typed
    fresh_library.ingest(write_jsonl(tmp_path / "b.jsonl", [{"id": "4242", "title": "Own id"}]))
    assert fresh_library.get("4242").title == "Own id"


def test_papers_stream_with_year_filter(fresh_library: Library, tmp_path: Path) -> None:
    fresh_library.ingest(write_jsonl(tmp_path / "a.jsonl", RECORDS))
    assert [p.id for p in fresh_library.papers(year_from=2018)] == ["pmid:101", "pmid:102"]
    assert len(list(fresh_library.papers(limit=1))) == 1


def test_stats_and_library_reopen(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.ingest(write_jsonl(tmp_path / "a.jsonl", RECORDS))
    with Library.open(tmp_path / "lib") as lib:
        stats = lib.stats()
    assert stats["papers"] == 3
    assert (stats["year_min"], stats["year_max"]) == (2015, 2021)
    assert stats["by_format"] == {"jsonl": 3}


def test_library_location_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSILIENCE_LIBRARY", str(tmp_path / "envlib"))
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "-q", str(write_jsonl(tmp_path / "a.jsonl", RECORDS))])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "envlib" / "library.db").exists()


def test_cli_show_json_and_missing_id(tmp_path: Path) -> None:
    runner = CliRunner()
    lib = str(tmp_path / "lib")
    runner.invoke(app, ["ingest", "-q", "-L", lib, str(write_jsonl(tmp_path / "a.jsonl", RECORDS))])
    shown = runner.invoke(app, ["show", "-L", lib, "102", "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["title"] == "Cohort two"
    missing = runner.invoke(app, ["show", "-L", lib, "12345"])
    assert missing.exit_code == 1
    assert "no paper with id '12345'" in missing.output


def test_cli_ingest_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "-L", str(tmp_path / "lib"), str(tmp_path / "nope.xml")])
    assert result.exit_code == 1
    assert "nope.xml: no such file" in result.output
