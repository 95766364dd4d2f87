"""Find candidate abstracts for the hand-labelled study-design set (eval/gold/design.jsonl).

How the set was drawn (reproducible: ``python -m eval.gold.select_design [--data PATH]``):

1. Pool every abstract of SciFact, PubMedQA (labelled half), the MEDLINE 2016 excerpt and
   Evidence Inference (records with no abstract text are dropped).
2. For each design class, a keyword pre-filter (``PREFILTERS`` below) picks the records that
   *might* be of that class; rare classes (case report, guideline, registry, ...) would
   otherwise hardly appear in a random sample. Evidence Inference (all RCTs) only feeds the
   trial filters, so that it does not swamp the set.
3. From each pool a seeded random sample (``random.Random(SEED + class index)``) of
   ``PER_CLASS`` records is taken, skipping records already drawn; plus ``RANDOM_EXTRA``
   records drawn from the whole pool without any filter, so that the set also holds the
   ordinary mix.
   Two stricter passes followed (``TOPUP``, then ``LAST``) for the classes that were still short
   after the first round was labelled (guideline, case report/series, non-randomized trial, ...).
4. Every candidate was then read and labelled by hand under the conventions in
   ``DESIGN_LABELS.md``. The pre-filter only decides *what is read*; the label is whatever the
   abstract is (a "case report" hit that turned out to be a cohort is labelled cohort).
   Candidates with no abstract worth labelling (errata, news) were skipped.

The script prints the candidates (source, id, the filter that found them, title and the start
of the abstract) for reading; it never writes labels.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from eval.corpus import load_source

from consilience.model import Paper

SEED = 20240611
PER_CLASS = 15
RANDOM_EXTRA = 20

#: class -> (pre-filter regex over title + abstract, sources it draws from)
PREFILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "meta-analysis": (r"meta-analy", ("scifact", "pubmedqa", "medline")),
    "systematic-review": (
        r"systematic(ally)? (literature )?review|scoping review|searched (medline|pubmed)",
        ("scifact", "pubmedqa", "medline"),
    ),
    "rct": (
        r"randomi[sz]ed|randomly (assigned|allocated)",
        ("scifact", "pubmedqa", "medline", "evidence_inference"),
    ),
    "non-randomized-trial": (
        r"single[- ]arm|phase (I|II|1|2)\b|non-?randomi[sz]ed|quasi-experimental|"
        r"open-label|pilot study|uncontrolled",
        ("scifact", "pubmedqa", "medline", "evidence_inference"),
    ),
    "prospective-cohort": (r"prospective(ly)?|cohort", ("scifact", "pubmedqa", "medline")),
    "retrospective-cohort": (
        r"retrospective(ly)?|medical records|chart review",
        ("scifact", "pubmedqa", "medline"),
    ),
    "registry": (
        r"\bSEER\b|National Cancer Data|regist(ry|ries|er)\b|claims|Medicare|nationwide|"
        r"administrative data",
        ("scifact", "pubmedqa", "medline"),
    ),
    "case-control": (r"case-control|matched controls|cases and controls", ("scifact", "pubmedqa", "medline")),
    "cross-sectional": (r"cross-sectional|survey|questionnaire", ("scifact", "pubmedqa", "medline")),
    "case-series": (
        r"case series|consecutive patients|we (report|describe|present) (\d+|two|three|four|"
        r"five|six|seven|eight|nine|ten)|series of",
        ("scifact", "pubmedqa", "medline"),
    ),
    "case-report": (
        r"case report|year-old|a case of|we (report|describe|present) (a|an) ",
        ("scifact", "pubmedqa", "medline"),
    ),
    "narrative-review": (
        r"\b(this|in this|our) review\b|\bwe (review|summari[sz]e|discuss)\b|"
        r"recent advances|current understanding",
        ("scifact", "medline"),
    ),
    "guideline": (
        r"guideline|consensus|recommendation|position statement|task force",
        ("scifact", "pubmedqa", "medline"),
    ),
    "animal": (r"\bmice\b|\brats?\b|murine|\bmouse\b|\bdogs?\b|\bpigs?\b", ("scifact", "medline")),
    "in-vitro": (r"cell lines?|in vitro|cultured", ("scifact", "medline")),
    "other": (
        r"cost-effective|qualitative|simulation|mathematical model|decision analy|algorithm",
        ("scifact", "pubmedqa", "medline"),
    ),
}


#: A second, stricter pass for the classes the first pass found too few of (after labelling it).
TOPUP: dict[str, tuple[str, tuple[str, ...]]] = {
    "guideline": (
        r"guideline|consensus|recommendation|position statement|statement of|practice parameter",
        ("scifact", "medline", "pubmedqa"),
    ),
    "case-report": (
        r"\bcase report|\ba case of\b|\b\d+[- ]year[- ]old (man|woman|boy|girl|male|female)|"
        r"we (report|describe|present) (a|an|the) (case|patient)",
        ("scifact", "medline"),
    ),
    "case-series": (
        r"case series|series of \d+|our (initial )?experience|we (report|describe|present) "
        r"(\d+|two|three|four|five|six|seven|eight|nine|ten) (patients|cases)",
        ("scifact", "medline", "pubmedqa"),
    ),
    "non-randomized-trial": (
        r"single[- ]arm|non-?randomi[sz]ed|phase (I|II|1|2|I/II)\b (study|trial)|"
        r"uncontrolled|quasi-experimental|before[- ]and[- ]after",
        ("scifact", "pubmedqa", "evidence_inference"),
    ),
    "registry": (
        r"\bSEER\b|National Cancer Data|registry|claims data|Medicare|nationwide",
        ("scifact", "pubmedqa"),
    ),
    "case-control": (r"case-control", ("scifact", "pubmedqa")),
    "systematic-review": (r"systematic review", ("scifact", "pubmedqa")),
}
TOPUP_PER_CLASS = 14

#: A last pass for the two classes still short after the top-up: guideline by *title* (seed 7,
#: 22 read) and non-randomized trials among abstracts that never mention randomization (seed 5,
#: 16 read), each shuffled with its own seed and skipping records already drawn.
LAST: dict[str, tuple[str, str | None, int, int]] = {
    "guideline": (
        r"guideline|consensus statement|recommendations|position statement|practice parameter|"
        r"statement from|consensus conference|expert panel|task force",
        None,
        7,
        22,
    ),
    "non-randomized-trial": (
        r"single[- ]arm|non-?randomi[sz]ed|quasi-experiment|phase (I|II|1|2|I/II|Ib|IIa)"
        r"\b (study|trial)|open-label (study|trial)|pilot (study|trial)|uncontrolled|"
        r"before[- ]and[- ]after|pre-? and post-?(test|intervention)",
        r"randomi|random(ly)? (assign|allocat)|meta-analy|systematic review",
        5,
        16,
    ),
}


def _text(paper: Paper) -> str:
    return f"{paper.title}\n{paper.abstract}"


def select(data: Path) -> list[tuple[str, str, str, Paper]]:
    """The candidates: (source, id, how found, paper), in a fixed order."""
    pools = {
        source: load_source(data, source)
        for source in ("scifact", "pubmedqa", "medline", "evidence_inference")
    }
    taken: set[tuple[str, str]] = set()
    chosen: list[tuple[str, str, str, Paper]] = []
    for index, (name, (regex, sources)) in enumerate(PREFILTERS.items()):
        pattern = re.compile(regex, re.IGNORECASE)
        pool = sorted(
            (source, rid)
            for source in sources
            for rid, paper in pools[source].items()
            if paper.abstract and pattern.search(_text(paper))
        )
        rng = random.Random(SEED + index)
        rng.shuffle(pool)
        picked = [key for key in pool if key not in taken][:PER_CLASS]
        for source, rid in picked:
            taken.add((source, rid))
            chosen.append((source, rid, name, pools[source][rid]))
    rng = random.Random(SEED - 1)
    every = sorted(
        (source, rid)
        for source in ("scifact", "pubmedqa", "medline")
        for rid, paper in pools[source].items()
        if paper.abstract
    )
    rng.shuffle(every)
    for source, rid in [key for key in every if key not in taken][:RANDOM_EXTRA]:
        taken.add((source, rid))
        chosen.append((source, rid, "random", pools[source][rid]))
    for index, (name, (regex, sources)) in enumerate(TOPUP.items()):
        pattern = re.compile(regex, re.IGNORECASE)
        pool = sorted(
            (source, rid)
            for source in sources
            for rid, paper in pools[source].items()
            if paper.abstract and pattern.search(_text(paper))
        )
        rng = random.Random(SEED + 100 + index)
        rng.shuffle(pool)
        picked = [key for key in pool if key not in taken][:TOPUP_PER_CLASS]
        for source, rid in picked:
            taken.add((source, rid))
            chosen.append((source, rid, f"topup:{name}", pools[source][rid]))
    # The last pass searched the shuffled pool in the order scifact, medline, pubmedqa (guideline,
    # title only) and evidence_inference, scifact, pubmedqa (non-randomized trial, title + abstract).
    last_sources = {
        "guideline": ("scifact", "medline", "pubmedqa"),
        "non-randomized-trial": ("evidence_inference", "scifact", "pubmedqa"),
    }
    for name, (regex, veto, seed, count) in LAST.items():
        pattern = re.compile(regex, re.IGNORECASE)
        veto_pattern = re.compile(veto, re.IGNORECASE) if veto else None
        candidates = []
        for source in last_sources[name]:
            for rid, paper in pools[source].items():
                text = paper.title if name == "guideline" else _text(paper)
                if (source, rid) in taken or not paper.abstract or not pattern.search(text):
                    continue
                if veto_pattern is not None and veto_pattern.search(_text(paper)):
                    continue
                candidates.append((source, rid))
        random.Random(seed).shuffle(candidates)
        for source, rid in candidates[:count]:
            taken.add((source, rid))
            chosen.append((source, rid, f"last:{name}", pools[source][rid]))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    parser.add_argument("--chars", type=int, default=900, help="abstract characters to show")
    args = parser.parse_args()
    for source, rid, found, paper in select(args.data):
        print(f"=== {source} {rid} [{found}] PT={paper.publication_types}")
        print(f"T: {paper.title}")
        print(paper.abstract[: args.chars].replace("\n", " | "))


if __name__ == "__main__":
    main()
