"""``ask`` latency: ``python -m bench ask [--library DIR] [--build N] [--profile N]``.

Runs :meth:`consilience.Library.ask` over :data:`QUESTIONS` (66 fixed questions, below) in one
process and writes p50/p95/max wall and CPU seconds to ``bench/out/ask-<name>.json``:

- ``cold``: the first ``ask`` after :meth:`Library.open` in a fresh process (imports of the
  analysers and the stance model, opening the search index, first SQLite reads);
- ``warm``: every question once, in order, after that first call. The facts cache starts empty
  (it is cleared before the run), so each paper a question retrieves is analysed when first
  met: the realistic case for a large library that was never ``consilience analyze``-d;
- ``cached``: the same questions again, now with every paper's study facts cached.

CPU seconds (``time.process_time``) are reported next to wall seconds because the benchmark
machine is shared: wall time includes whatever other processes took from our two cores, CPU
time does not. The load average before and after the run is recorded for the same reason.

Libraries:

- default: the built-in library (``consilience.demo.builtin_files``) ingested into a fresh
  temporary library under ``bench/out/``; search mode as configured (``auto``: with 28 papers
  and k=30 every paper is read, so ``ask`` ranks lexically);
- ``--library DIR``: an existing library, searched in lexical mode (``--mode`` to change);
- ``--build N --library DIR``: first grow DIR to N generated papers (see below), then measure.

Generated libraries (``--build``) are made of real records from ``../shared/data``: the
SciFact corpus, the PubMedQA expert-labelled abstracts, the MEDLINE 2016 excerpt and the
Evidence Inference RCT abstracts (about 9.6k distinct abstracts, read by ``eval.corpus``),
copied round-robin with renumbered ids (``pmid:70000000 + i``; no DOI or PMCID, so copies
never merge), plus the 28 built-in papers once. Copies share their text, so these are
*generated* data: term statistics are those of real abstracts, each repeated N/9.6k times.
Records are written as gzip Consilience JSONL in parts of 100k under ``bench/out/ask-gen/``
and read with the normal pipeline (``Library.ingest``, which also brings the lexical index
up to date); the parts are deleted once ingested. Building is incremental: ``--build 300000``
on a 100k library adds papers 100000..299999. Dense (embedding) search is switched off for
generated libraries: embedding a million abstracts on two CPU cores is not feasible here.

``--build-only`` stops after building (timings in ``bench/out/ask-<name>-build.json``).
``--profile N`` runs the warm pass under cProfile and writes the N slowest functions
(cumulative) to ``bench/out/ask-<name>.prof.txt``.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATA = ROOT.parent / "shared" / "data"

#: The benchmark questions, fixed so runs compare. First the seed topic (de novo stage IV
#: breast cancer) and its sub-questions, then questions on treatments, exposures, harms,
#: screening and subgroups across medicine, phrased as users ask them.
QUESTIONS: tuple[str, ...] = (
    # the seed topic and its sub-questions
    "Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?",
    "Does locoregional treatment of the primary tumour improve locoregional control in metastatic "
    "breast cancer at diagnosis?",
    "Does primary tumour resection improve survival in patients with bone-only metastatic breast cancer?",
    "Is surgery of the primary tumour beneficial for women with oligometastatic breast cancer?",
    "Does locoregional therapy benefit patients with hormone receptor-positive, HER2-negative de novo "
    "metastatic breast cancer?",
    "Does surgery of the intact primary improve survival in triple-negative stage IV breast cancer?",
    "Why do observational studies show a survival benefit from primary tumour surgery in stage IV "
    "breast cancer when randomized trials do not?",
    "Does early locoregional therapy affect quality of life in women with metastatic breast cancer?",
    "Does radiotherapy to the primary tumour improve outcomes in de novo metastatic breast cancer?",
    "Does primary tumour surgery increase distant progression in stage IV breast cancer?",
    "Should women with de novo stage IV breast cancer who respond to systemic therapy have breast surgery?",
    "Does surgery of the primary tumour improve survival in women under 50 with de novo metastatic "
    "breast cancer?",
    "Is locoregional treatment of the primary beneficial in patients with visceral metastases from "
    "breast cancer?",
    # treatments
    "Does aspirin reduce the risk of colorectal cancer?",
    "Do statins reduce cardiovascular events in people without heart disease?",
    "Does vitamin D supplementation prevent fractures in older adults?",
    "Does tamoxifen reduce breast cancer recurrence in hormone receptor-positive disease?",
    "Does intensive blood pressure control reduce stroke in older patients?",
    "Do SGLT2 inhibitors reduce hospitalisation for heart failure?",
    "Does omega-3 fish oil supplementation prevent cardiovascular events?",
    "Does early mobilisation after surgery shorten hospital stay?",
    "Does corticosteroid treatment reduce mortality in severe COVID-19?",
    "Does acupuncture relieve chronic low back pain?",
    "Does cognitive behavioural therapy improve insomnia?",
    "Do probiotics prevent antibiotic-associated diarrhoea?",
    "Does zinc shorten the duration of the common cold?",
    "Does adjuvant chemotherapy improve survival in stage II colon cancer?",
    "Is laparoscopic surgery as safe as open surgery for rectal cancer?",
    "Does immunotherapy improve survival in advanced non-small-cell lung cancer?",
    "Does antenatal corticosteroid therapy reduce respiratory distress in preterm infants?",
    "Does bariatric surgery lead to remission of type 2 diabetes?",
    "Does tranexamic acid reduce deaths from bleeding in trauma patients?",
    "Do beta-blockers reduce mortality after myocardial infarction?",
    "Does hydroxychloroquine prevent infection after exposure to SARS-CoV-2?",
    "Does antibiotic prophylaxis prevent surgical site infection after caesarean section?",
    "Are antidepressants effective in children and adolescents with depression?",
    "Does trastuzumab improve survival in HER2-positive early breast cancer?",
    "Does a Mediterranean diet reduce cardiovascular events?",
    "Does nicotine replacement therapy help people stop smoking?",
    "Do anticoagulants reduce stroke in patients with atrial fibrillation?",
    "Does iron supplementation improve outcomes in anaemic pregnant women?",
    "Does remote ischaemic preconditioning protect the kidneys during cardiac surgery?",
    "Does dexamethasone reduce postoperative nausea and vomiting?",
    "Does metformin reduce cancer incidence in patients with type 2 diabetes?",
    # exposures and risk factors
    "Is smoking associated with an increased risk of bladder cancer?",
    "Is hormone replacement therapy associated with breast cancer risk?",
    "Are proton pump inhibitors associated with chronic kidney disease?",
    "Does breastfeeding lower the risk of childhood obesity?",
    "Is air pollution exposure associated with asthma in children?",
    "Does alcohol consumption increase the risk of atrial fibrillation?",
    "Is obesity a risk factor for severe outcomes of influenza?",
    "Is sodium intake associated with high blood pressure?",
    "Does physical activity reduce the risk of dementia?",
    "Are women with BRCA1 mutations at higher risk of ovarian cancer?",
    "Is gestational diabetes associated with type 2 diabetes later in life?",
    "Does night shift work increase breast cancer risk in nurses?",
    # harms
    "Is opioid use after surgery associated with long-term dependence?",
    "Is long-term use of benzodiazepines associated with dementia in older adults?",
    "Do the harms of adjuvant chemotherapy outweigh its benefits in women over 70 with breast cancer?",
    "Does radiotherapy for breast cancer increase the risk of heart disease?",
    # screening and prevention
    "Does low-dose CT screening reduce lung cancer mortality?",
    "Does HPV vaccination reduce cervical precancer?",
    "Does mammography screening reduce breast cancer mortality in women aged 40 to 49?",
    "Is childhood BCG vaccination protective against tuberculosis?",
    # subgroups
    "Does radiotherapy after breast-conserving surgery reduce local recurrence in women over 70?",
    "Does sentinel lymph node biopsy without axillary dissection affect survival in early breast cancer?",
)

#: Sources of the generated library, in eval.corpus's loaders (bc_subset repeats these).
GEN_SOURCES = ("scifact", "pubmedqa", "medline", "evidence_inference")
GEN_FIRST_PMID = 70_000_000
GEN_PART = 100_000


# -- statistics ----------------------------------------------------------------------------


def _pct(samples: Sequence[float], q: float) -> float:
    """The q-quantile by the nearest-rank method (p95 of 66 runs: the 63rd fastest)."""
    ordered = sorted(samples)
    rank = max(1, -(-round(q * 1000) * len(ordered) // 1000))
    return ordered[rank - 1]


def summary(wall: Sequence[float], cpu: Sequence[float]) -> dict[str, float]:
    return {
        "runs": len(wall),
        "p50_s": round(statistics.median(wall), 3),
        "p95_s": round(_pct(wall, 0.95), 3),
        "max_s": round(max(wall), 3),
        "mean_s": round(statistics.fmean(wall), 3),
        "cpu_p50_s": round(statistics.median(cpu), 3),
        "cpu_p95_s": round(_pct(cpu, 0.95), 3),
        "cpu_max_s": round(max(cpu), 3),
    }


# -- generating a large library ---------------------------------------------------------------


def _templates(data: Path) -> list[str]:
    """Each base record as Consilience JSONL without its ids: ``'"title": ...}'``."""
    from eval.corpus import load_source

    templates = []
    for source in GEN_SOURCES:
        papers = load_source(data, source)
        for key in sorted(papers):
            body = papers[key].model_dump(mode="json", exclude={"id", "ids", "source"})
            templates.append(json.dumps(body, ensure_ascii=False)[1:])
    return templates


def _write_part(path: Path, templates: list[str], start: int, stop: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for i in range(start, stop):
            handle.write(f'{{"pmid": "{GEN_FIRST_PMID + i}", {templates[i % len(templates)]}\n')


def build(lib: Any, papers: int, data: Path) -> dict[str, Any]:
    """Grow a library to ``papers`` generated papers (plus the built-in ones); returns timings."""
    from consilience.demo import builtin_files

    done: dict[str, Any] = {"target": papers, "steps": []}
    if not lib.store.count():
        lib.ingest(builtin_files())
    have = int(
        lib.store.conn.execute(
            "SELECT COUNT(*) FROM papers WHERE pmid >= ? AND length(pmid) = 8", (str(GEN_FIRST_PMID),)
        ).fetchone()[0]
    )
    if have >= papers:
        return done
    templates = _templates(data)
    done["base_records"] = len(templates)
    folder = OUT / "ask-gen"
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(have, papers, GEN_PART):
        stop = min(papers, start + GEN_PART)
        part = folder / f"part-{start}-{stop}.jsonl.gz"
        t0 = time.perf_counter()
        _write_part(part, templates, start, stop)
        t1 = time.perf_counter()
        report = lib.ingest([part])
        t2 = time.perf_counter()
        part.unlink()
        if report.rejected or report.errors or report.added != stop - start:
            raise SystemExit(f"unexpected ingest result: {report.counts()} {report.errors[:3]}")
        step = {"papers": stop, "write_s": round(t1 - t0, 1), "ingest_and_index_s": round(t2 - t1, 1)}
        done["steps"].append(step)
        print(f"  built {stop:,} papers: {step}", file=sys.stderr, flush=True)
    return done


# -- measuring ----------------------------------------------------------------------------------


def _ask(lib: Any, question: str, mode: str | None) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    answer = lib.ask(question, mode=mode)
    return time.perf_counter() - wall, time.process_time() - cpu, answer.label


def measure(
    lib: Any, questions: Sequence[str], *, mode: str | None, profile: int, name: str
) -> dict[str, Any]:
    from consilience.store.facts import FactsCache

    FactsCache(lib.store)  # make sure the table exists, then start without cached facts
    lib.store.conn.execute("DELETE FROM facts")
    load_before = os.getloadavg()
    cold_wall, cold_cpu, _ = _ask(lib, questions[0], mode)
    result: dict[str, Any] = {"cold": {"wall_s": round(cold_wall, 3), "cpu_s": round(cold_cpu, 3)}}
    profiler = cProfile.Profile() if profile else None
    per_question = []
    for pass_name in ("warm", "cached"):
        walls, cpus = [], []
        for question in questions:
            if profiler is not None and pass_name == "warm":
                profiler.enable()
            wall, cpu, label = _ask(lib, question, mode)
            if profiler is not None:
                profiler.disable()
            walls.append(wall)
            cpus.append(cpu)
            if pass_name == "warm":
                per_question.append({"question": question, "label": label, "wall_s": round(wall, 3)})
        result[pass_name] = summary(walls, cpus)
    result["load_average"] = {"before": load_before, "after": os.getloadavg()}
    result["per_question_warm"] = per_question
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(profile)
        (OUT / f"ask-{name}.prof.txt").write_text(text.getvalue())
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ask", description=__doc__.split("\n")[0])
    parser.add_argument("--library", type=Path, help="an existing (or, with --build, growing) library")
    parser.add_argument("--build", type=int, default=0, help="grow --library to this many generated papers")
    parser.add_argument("--mode", default=None, help="search mode (default: lexical for --library)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--profile", type=int, default=0, help="profile the warm pass; top N functions")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS), help="use the first N questions")
    parser.add_argument("--name", help="output name (default: builtin or the library's directory name)")
    parser.add_argument("--build-only", action="store_true", help="with --build: build, do not measure")
    args = parser.parse_args(argv)

    from consilience import Library
    from consilience.settings import Settings

    OUT.mkdir(parents=True, exist_ok=True)
    questions = QUESTIONS[: args.questions]
    result: dict[str, Any] = {
        "command": "python -m bench ask " + " ".join(argv),
        "cpu_count": os.cpu_count(),
        "questions": len(questions),
        "k": 30,
    }
    if args.library is None:
        if args.build:
            raise SystemExit("--build needs --library")
        name = args.name or "builtin"
        from consilience.demo import builtin_files

        with tempfile.TemporaryDirectory(dir=OUT) as tmp, Library.open(tmp) as lib:
            lib.ingest(builtin_files())
            result["library"] = {"kind": "built-in", "papers": lib.store.count()}
            result["mode"] = args.mode or lib.settings.search_mode
            result.update(measure(lib, questions, mode=args.mode, profile=args.profile, name=name))
    else:
        name = args.name or args.library.name
        settings = Settings(search_mode="lexical", dense="off")
        with Library.open(args.library, settings=settings) as lib:
            if args.build:
                result["build"] = build(lib, args.build, args.data)
                if args.build_only:
                    (OUT / f"ask-{name}-build.json").write_text(json.dumps(result["build"], indent=2) + "\n")
                    return 0
            papers = lib.store.count()
            result["library"] = {"kind": "generated" if args.build else "given", "papers": papers}
            result["mode"] = args.mode or "lexical"
            result.update(measure(lib, questions, mode=args.mode, profile=args.profile, name=name))
    (OUT / f"ask-{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    brief = {key: result[key] for key in ("library", "cold", "warm", "cached")}
    print(json.dumps(brief, indent=2))
    return 0
