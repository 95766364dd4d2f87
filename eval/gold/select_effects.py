"""Find candidate abstracts for the hand-annotated effect-estimate set (eval/gold/effects.jsonl).

How the set was drawn (reproducible: ``python -m eval.gold.select_effects [--data PATH]``):

1. Pool every abstract of Evidence Inference (RCTs from PMC), the MEDLINE 2016 excerpt, SciFact
   and PubMedQA (labelled half), plus the records of the breast-cancer subset that come from no
   other pooled source (its Cochrane review abstracts); records without abstract text are dropped.
2. Each *stratum* below is a plain-text pre-filter over title + abstract: a measure's name or
   abbreviation followed within a few words by a digit (hazard ratios, odds ratios, risk
   ratios, rate ratios, mean differences, standardised mean differences, risk differences),
   a 90% or 99% interval, a 95% interval with none of the measure names (proportions and
   unnamed differences), and, for the third of the set that should hold no estimate,
   number-rich abstracts (at least ``MIN_NUMBERS`` numbers) that name no measure and give no
   interval. The filters only look at the words; the extractor is never run during selection.
   A later top-up stratum, ``sample-size``, added to reach 150 rows and to test the sample-size
   convention on more varied wording, takes abstracts that state a count of people (a number,
   in digits or words, followed within a few words by a people noun, "(n = N)", or "randomized
   N"); being listed last, it leaves every earlier draw unchanged.
3. From each stratum's pool (sorted, then shuffled with ``random.Random(SEED + index)``)
   the first ``count`` records not already drawn are taken, strata in the order listed.
4. Every candidate was then read and annotated by hand under ``EFFECTS_LABELS.md``. The
   stratum only decides *what is read*: a "hazard ratio" hit whose abstract turns out to give
   no value is kept with an empty effect list, and a "none" hit that does report an estimate
   is labelled with it.

The script prints the candidates (source, id, stratum, title and abstract by section) for
reading; it never writes labels.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from eval.corpus import load_source

from consilience.model import Paper

SEED = 20240617
MIN_NUMBERS = 8
SOURCES = ("evidence_inference", "medline", "scifact", "pubmedqa", "bc_subset")
#: bc_subset records that duplicate a pooled source are left to that source.
_BC_DUPLICATES = ("scifact_corpus:", "evidence_inference:", "pubmedqa_pqal:", "medline16n0902:")

_NEAR_DIGIT = r"[^.;]{0,40}?\d"
_ANY_MEASURE = (
    r"hazards? ratio|odds ratio|relative risk|risk ratio|rate ratio|mean difference|"
    r"risk difference|absolute difference|difference in means|effect size|"
    r"(?-i:\b(?:a|adjusted )?(?:HR|OR|RR|IRR|MD|WMD|SMD|RD|ARD)s?\b)"
)
_ANY_INTERVAL = r"\bCIs?\b|confidence interval|credible interval"
_COUNT_WORDS = (
    r"(?:\d[\d, ]*\d|\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred)[\w-]*)"
)
_PEOPLE_COUNT = (
    r"\b" + _COUNT_WORDS + r"\s+(?:[\w-]+\s+){0,3}?(?:patients|participants|subjects|women|men|adults|"
    r"children|infants|individuals|volunteers|people)\b|\(\s*n\s*=\s*\d|randomi[sz]ed\s+\d"
)

#: stratum -> (pre-filter regex over title + abstract, how many to draw, regex that vetoes)
STRATA: dict[str, tuple[str, int, str | None]] = {
    "hazard-ratio": (r"(?:hazards? ratio|(?-i:\b[aA]?HRs?\b))" + _NEAR_DIGIT, 13, None),
    "odds-ratio": (r"(?:odds ratio|(?-i:\b[aA]?ORs?\b))" + _NEAR_DIGIT, 13, None),
    "risk-ratio": (r"(?:relative risk(?! reduction)|risk ratio|(?-i:\b[aA]?RRs?\b))" + _NEAR_DIGIT, 10, None),
    "rate-ratio": (r"(?:rate ratio|(?-i:\ba?IRRs?\b))" + _NEAR_DIGIT, 8, None),
    "mean-difference": (
        r"(?:mean difference|difference in means|between-group difference|treatment difference|"
        r"(?-i:\bW?MDs?\b))" + _NEAR_DIGIT,
        10,
        None,
    ),
    "standardised-mean-difference": (
        r"(?:standardi[sz]ed mean difference|effect size|(?-i:\bSMDs?\b)|Cohen's d|Hedges)" + _NEAR_DIGIT,
        6,
        None,
    ),
    "risk-difference": (
        r"(?:risk difference|absolute (?:risk )?difference|difference in (?:the )?(?:proportion|rate)s?|"
        r"(?-i:\bA?RD\b))" + _NEAR_DIGIT,
        8,
        None,
    ),
    "interval-90-99": (r"\b(?:90|99)\s?%\s?(?:CI|confidence|credible)", 7, None),
    "interval-no-measure": (r"\b95\s?%\s?(?:CI|confidence)", 7, _ANY_MEASURE),
    "none": (r"", 40, _ANY_MEASURE + "|" + _ANY_INTERVAL),
    "sample-size": (_PEOPLE_COUNT, 30, None),
}

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def _text(paper: Paper) -> str:
    return f"{paper.title}\n{paper.abstract}"


def select(data: Path) -> list[tuple[str, str, str, Paper]]:
    """The candidates: (source, id, stratum, paper), in a fixed order."""
    papers: dict[tuple[str, str], Paper] = {}
    for source in SOURCES:
        for rid, paper in load_source(data, source).items():
            if not paper.abstract.strip():
                continue
            if source == "bc_subset" and rid.startswith(_BC_DUPLICATES):
                continue
            papers[(source, rid)] = paper
    keys = sorted(papers)
    taken: set[tuple[str, str]] = set()
    chosen: list[tuple[str, str, str, Paper]] = []
    for index, (name, (regex, count, veto)) in enumerate(STRATA.items()):
        pattern = re.compile(regex, re.IGNORECASE)
        veto_pattern = re.compile(veto, re.IGNORECASE) if veto else None
        pool = []
        for key in keys:
            text = _text(papers[key])
            if not pattern.search(text):
                continue
            if veto_pattern is not None and veto_pattern.search(text):
                continue
            if name == "none" and len(_NUMBER.findall(text)) < MIN_NUMBERS:
                continue
            pool.append(key)
        rng = random.Random(SEED + index)
        rng.shuffle(pool)
        for key in [k for k in pool if k not in taken][:count]:
            taken.add(key)
            chosen.append((key[0], key[1], name, papers[key]))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    parser.add_argument("--list", action="store_true", help="only source, id and stratum")
    args = parser.parse_args()
    for number, (source, rid, found, paper) in enumerate(select(args.data), 1):
        print(f"=== #{number} {source} {rid} [{found}]")
        if args.list:
            continue
        print(f"T: {paper.title}")
        for section in paper.sections:
            print(f"[{section.label}] {section.text}")


if __name__ == "__main__":
    main()
