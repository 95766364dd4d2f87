"""Ingest throughput and memory: ``python -m bench ingest [--records N] [--big N] [--skip-big]``.

Generates ``PubmedArticleSet`` files (gzip, like PubMed's baseline files) from the real
MEDLINE sample in ``../shared/data/medline`` and measures, each in a fresh subprocess so
that timings and peak memory do not leak into each other:

- ``iterparse``: a bare lxml ``iterparse`` loop that only walks and clears the records
  (the floor: no extraction, no storage);
- ``pubmed_parser``: ``pubmed_parser.parse_medline_xml`` (PyPI ``pubmed-parser``) over
  the same file, consuming its iterator;
- ``ingest``: our full ingest (parse + validate + store in SQLite) with one job;
- ``ingest-jobs2``: our ingest of two such files with ``jobs=2``.

Peak RSS of our ingest is taken on the 30k file and on a 10x larger one: streaming means
it should not grow with the file. Figures go to ``bench/out/ingest.json``.

How the files are made: every source record (``MedlineCitation`` from the 2016
``MedlineCitationSet`` file, ``PubmedArticle`` from the current-format sample) is
wrapped as a ``PubmedArticle`` with a ``PubmedData/ArticleIdList``, then copied round-robin
with its PMID renumbered to ``40000000 + i`` (the i-th record of the file; the second
file of the jobs=2 run starts at ``50000000``), its DOI suffixed with ``.c<copy>`` and its
PMCID renumbered, so that every generated record is a distinct paper.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "medline"
OUT = ROOT / "bench" / "out"

_HEADER = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n'
)
_FOOTER = b"</PubmedArticleSet>\n"
# Placeholders substituted per copy; none of them can occur in real MEDLINE text.
_PMID, _COPY, _PMC = b"@@PMID@@", b"@@COPY@@", b"@@PMC@@"


# -- generating the files --------------------------------------------------------------


def _templates(sources: list[Path]) -> list[bytes]:
    """Every source record as ``PubmedArticle`` bytes with placeholders for its ids."""
    templates = []
    for source in sources:
        with gzip.open(source, "rb") as handle:
            for _event, el in etree.iterparse(
                handle, events=("end",), tag=("MedlineCitation", "PubmedArticle")
            ):
                if el.tag == "MedlineCitation":
                    parent = el.getparent()
                    if parent is not None and parent.tag == "PubmedArticle":
                        continue  # handled with its PubmedArticle
                    article = etree.Element("PubmedArticle")
                    article.append(_copy(el))
                else:
                    article = _copy(el)
                templates.append(_template(article))
                el.clear()
    return templates


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def _template(article: etree._Element) -> bytes:
    citation = article.find("MedlineCitation")
    assert citation is not None
    pmid = citation.find("PMID")
    assert pmid is not None
    pmid.text = _PMID.decode()
    doi = None
    for eloc in citation.iterfind("Article/ELocationID"):
        if eloc.get("EIdType") == "doi" and eloc.text:
            doi = eloc.text.strip()
            eloc.text = doi + _COPY.decode()
    pmc = False
    for other in citation.iterfind("OtherID"):
        if (other.text or "").startswith("PMC"):
            other.text, pmc = _PMC.decode(), True
    data = article.find("PubmedData")
    if data is None:
        data = etree.SubElement(article, "PubmedData")
    ids = data.find("ArticleIdList")
    if ids is None:
        ids = etree.SubElement(data, "ArticleIdList")
    for aid in list(ids):
        ids.remove(aid)
    etree.SubElement(ids, "ArticleId", IdType="pubmed").text = _PMID.decode()
    if doi:
        etree.SubElement(ids, "ArticleId", IdType="doi").text = doi + _COPY.decode()
    if pmc:
        etree.SubElement(ids, "ArticleId", IdType="pmc").text = _PMC.decode()
    return etree.tostring(article) + b"\n"


def generate(path: Path, records: int, *, first_pmid: int = 40_000_000) -> Path:
    """Write a gzip ``PubmedArticleSet`` of ``records`` renumbered real records."""
    templates = _templates(sorted(DATA.glob("*.xml.gz")))
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb", compresslevel=3) as out:
        out.write(_HEADER)
        for i in range(records):
            copy, index = divmod(i, len(templates))
            pmid = str(first_pmid + i).encode()
            out.write(
                templates[index]
                .replace(_PMID, pmid)
                .replace(_COPY, f".c{copy}".encode())
                .replace(_PMC, b"PMC" + str(first_pmid + i - 30_000_000).encode())
            )
        out.write(_FOOTER)
    return path


def _ensure(path: Path, records: int, first_pmid: int = 40_000_000) -> Path:
    if not path.exists():
        print(f"generating {path} ({records:,} records)", file=sys.stderr)
        generate(path, records, first_pmid=first_pmid)
    return path


# -- the measurements, each run in its own process ---------------------------------------


def _bare_iterparse(files: list[str]) -> int:
    count = 0
    for file in files:
        with gzip.open(file, "rb") as handle:
            for _event, el in etree.iterparse(handle, events=("end",), tag="PubmedArticle"):
                count += 1
                el.clear(keep_tail=False)
                while el.getprevious() is not None:
                    del el.getparent()[0]
    return count


def _pubmed_parser(files: list[str]) -> int:
    import pubmed_parser

    count = 0
    for file in files:
        for _article in pubmed_parser.parse_medline_xml(file):
            count += 1
    return count


def _ingest(files: list[str], jobs: int) -> int:
    from consilience import Library

    with tempfile.TemporaryDirectory(dir=OUT) as tmp, Library.open(tmp) as lib:
        report = lib.ingest(files, jobs=jobs)
        if report.rejected or report.errors or report.added != report.records:
            raise SystemExit(f"unexpected ingest result: {report.counts()} {report.errors}")
        return report.records


def _measure(kind: str, files: list[str]) -> dict[str, float]:
    """Run one measurement in this process; returns records, seconds, records/s, peak MB."""
    start = time.perf_counter()
    cpu_start = _cpu()
    if kind == "iterparse":
        records = _bare_iterparse(files)
    elif kind == "pubmed_parser":
        records = _pubmed_parser(files)
    elif kind.startswith("ingest"):
        records = _ingest(files, jobs=2 if kind == "ingest-jobs2" else 1)
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu_start
    # ru_maxrss is in KiB on Linux; children covers the pool workers of the jobs=2 run.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "records": records,
        "seconds": round(seconds, 2),
        "records_per_s": round(records / seconds),
        "cpu_seconds": round(cpu, 2),
        # CPU time is what the shared benchmark machine cannot steal: compare these too.
        "records_per_cpu_s": round(records / cpu),
        "peak_rss_mb": round(max(own, children) / 1024, 1),
    }


def _cpu() -> float:
    """User + system CPU seconds of this process and its waited-for children (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _run(kind: str, files: list[Path]) -> dict[str, float]:
    command = [sys.executable, "-m", "bench", "ingest", "--measure", kind, *map(str, files)]
    print("  $ " + " ".join(command[1:]), file=sys.stderr)
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _table(rows: dict[str, dict[str, float]]) -> str:
    lines = [
        f"{'measurement':<30}{'records':>9}{'wall s':>8}{'records/s':>11}{'cpu s':>8}"
        f"{'rec/cpu-s':>11}{'peak MB':>9}"
    ]
    for name, row in rows.items():
        lines.append(
            f"{name:<30}{row['records']:>9,.0f}{row['seconds']:>8.1f}{row['records_per_s']:>11,.0f}"
            f"{row['cpu_seconds']:>8.1f}{row['records_per_cpu_s']:>11,.0f}{row['peak_rss_mb']:>9.0f}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=30_000, help="records in the main file")
    parser.add_argument("--big", type=int, default=300_000, help="records in the memory-check file")
    parser.add_argument("--skip-big", action="store_true", help="skip the large-file memory check")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:  # the child side of _run
        print(json.dumps(_measure(args.measure, args.files)))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    n = args.records
    main_file = _ensure(OUT / f"pubmed-{n}.xml.gz", n)
    second = _ensure(OUT / f"pubmed-{n}-b.xml.gz", n, first_pmid=50_000_000)
    rows: dict[str, dict[str, float]] = {}
    rows["iterparse (floor)"] = _run("iterparse", [main_file])
    rows["pubmed_parser"] = _run("pubmed_parser", [main_file])
    rows["ingest, 1 job"] = _run("ingest", [main_file])
    # the second file differs only in its PMIDs: the jobs=2 run reads twice the records
    rows["ingest, --jobs 2, 2 files"] = _run("ingest-jobs2", [main_file, second])
    if not args.skip_big:
        big = _ensure(OUT / f"pubmed-{args.big}.xml.gz", args.big)
        rows[f"ingest, 1 job, {args.big // 1000}k"] = _run("ingest", [big])
    base = rows["pubmed_parser"]["records_per_s"]
    one = rows["ingest, 1 job"]["records_per_s"]
    result = {
        "command": "python -m bench ingest " + " ".join(argv),
        "cpu_count": os.cpu_count(),
        "rows": rows,
        "ratios": {
            "ingest_vs_pubmed_parser": round(one / base, 2),
            "ingest_vs_pubmed_parser_cpu": round(
                rows["ingest, 1 job"]["records_per_cpu_s"] / rows["pubmed_parser"]["records_per_cpu_s"], 2
            ),
            "ingest_vs_iterparse": round(one / rows["iterparse (floor)"]["records_per_s"], 2),
            "jobs2_vs_jobs1": round(rows["ingest, --jobs 2, 2 files"]["records_per_s"] / one, 2),
        },
    }
    (OUT / "ingest.json").write_text(json.dumps(result, indent=2) + "\n")
    print(_table(rows))
    print(json.dumps(result["ratios"]))
    return 0
