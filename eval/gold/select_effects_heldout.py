"""Draw the held-out effect-estimate set (``effects_heldout.jsonl``).

After the extractor had been tuned on ``effects.jsonl``, 40 abstracts were drawn from those of
Evidence Inference, SciFact, PubMedQA and the MEDLINE excerpt that mention a confidence interval
and an effect measure (or "difference"), are not in the gold set, and were not read while tuning;
``random.Random(SEED)`` over the pool in load order. Each was then labelled by hand, blind to the
extractor, under ``EFFECTS_LABELS.md``. Use it only to measure: a change tuned on it makes it one
more tuning set (label a fresh one instead).

``python -m eval.gold.select_effects_heldout --data ../shared/data [--dev | --dev2 | ... | --dev9]``
prints the draw (``--dev``: the 60 of ``effects_dev.jsonl``, drawn with the next seed from the same
pool less the held-out set; ``--dev2``: the 60 of ``effects_dev2.jsonl``, drawn with the seed after
that from the pool less the held-out and dev sets, for a second round of tuning once the first dev
set had been read closely; ``--dev3``: the 60 of ``effects_dev3.jsonl``, the same again for a third
round, from the pool less every earlier set; ``--dev4``: the 60 of ``effects_dev4.jsonl``, once
more, after facts-23; ``--dev5``: the 60 of ``effects_dev5.jsonl``, once more, after facts-26; ``--dev6``: the 60 of
``effects_dev6.jsonl``, after facts-28; ``--dev7``: the 60 of ``effects_dev7.jsonl``, after facts-29; ``--dev8``: the 60 of
``effects_dev8.jsonl``, after facts-30; ``--dev9``: the 60 of ``effects_dev9.jsonl``, after facts-32; ``--dev10``: the 60 of
``effects_dev10.jsonl``, after facts-35; ``--dev11``: the 60 of ``effects_dev11.jsonl``, after facts-36; ``--dev12``: the 60 of
``effects_dev12.jsonl``, after facts-37; ``--dev13``: the 60 of ``effects_dev13.jsonl``, after facts-38;
``--dev14``: the 60 of ``effects_dev14.jsonl``, after facts-39; ``--dev15``: the 60 of ``effects_dev15.jsonl``,
after facts-40; ``--dev16``: the last 23 of the pool, ``effects_dev16.jsonl``, after facts-42).

From the seventeenth set on, the first pool being used up, sets are drawn from a second pool:
number-rich abstracts (at least ``MIN_NUMBERS`` numbers) of the same sources that state a count
of people (the ``sample-size`` pre-filter of ``select_effects.py``), less every abstract of every
earlier set. Few of them report an effect estimate, so these sets mostly measure the headline
sample size and the extractor's restraint (no estimate read where none is printed), which is
what the first pool measured least. ``--dev17``: the 60 of ``effects_dev17.jsonl``, after facts-44;
``--dev18``: the 60 of ``effects_dev18.jsonl``, labelled beside dev17 and measured after facts-45;
``--dev19``: the 60 of ``effects_dev19.jsonl``, measured after facts-46; ``--dev20``: the 60 of
``effects_dev20.jsonl``, measured after facts-47; ``--dev21``: the 60 of ``effects_dev21.jsonl``,
measured after facts-48; ``--dev22``: the 60 of ``effects_dev22.jsonl``, measured after facts-49;
``--dev23``: the 60 of ``effects_dev23.jsonl``, measured after facts-50; ``--dev24``: the 60 of
``effects_dev24.jsonl``, measured after facts-51 and not tuned on; ``--dev25``: the 60 of
``effects_dev25.jsonl``, measured after facts-51.

From the twenty-sixth set on, sets come from a third pool: abstracts that mention a confidence
interval ("CI", "confidence interval") and are in no earlier set; the first pool having taken
every such abstract that also names a measure, these name none, so their intervals belong to
values printed without a measure's name (or to means and proportions). ``--dev26``: all 43 of
them, ``effects_dev26.jsonl``, measured after facts-53, the first set to measure the
unnamed-difference layer blind. ``--dev27``: 60 from the second pool again (less dev26 too),
``effects_dev27.jsonl``, measured after facts-54. ``--dev28``: 60 more from the second pool,
``effects_dev28.jsonl``, measured with facts-54 and facts-55 before it was read. ``--dev29``: 60 more,
``effects_dev29.jsonl``, measured after facts-55. ``--dev30``: 60 more, ``effects_dev30.jsonl``,
measured after facts-55 with the layer retrained with dev29. ``--dev31``: 60 more,
``effects_dev31.jsonl``, measured after facts-56. ``--dev32`` and ``--dev33``: 60 more each,
``effects_dev32.jsonl`` and ``effects_dev33.jsonl``, drawn together and measured after facts-57.
``--dev34`` and ``--dev35``: 60 more each, drawn together and measured after facts-58.
``--dev36`` and ``--dev37``: 60 more each, drawn together and measured after facts-59.
``--dev38`` and ``--dev39``: 60 more each, drawn together and measured after facts-60.
``--dev40`` and ``--dev41``: 60 more each, drawn together and measured after facts-61.
``--dev42`` and ``--dev43``: 60 more each, drawn together and measured after facts-63.
``--dev44`` and ``--dev45``: 60 more each, drawn together and measured after facts-64.
``--dev46`` and ``--dev47``: 60 more each, drawn together and measured after facts-65.
``--dev48`` and ``--dev49``: 60 more each, drawn together and measured after facts-66.
``--dev50`` and ``--dev51``: 60 more each, drawn together and measured after facts-67.
``--dev52`` and ``--dev53``: 60 more each, drawn together and measured after facts-68.
``--dev54`` and ``--dev55``: 60 more each, drawn together and measured after facts-69.
``--dev56`` and ``--dev57``: 60 more each, drawn together and measured after facts-70.
``--dev58`` and ``--dev59``: 60 more each, drawn together and measured after facts-71.
``--dev60``: the last 37 of the second pool, measured after facts-72.

From the sixty-first set on, sets come from a fourth pool: abstracts of the same sources that state a
count of people, however many numbers they print (the second pool less its number-rich
requirement), less every earlier set. These are closer to the ordinary mix a library holds: more
trials and cohorts reported in words, fewer tables of numbers. ``--dev61``: 60 of them, drawn
beside dev60 and measured after facts-72. ``--dev62`` and ``--dev63``: 60 more each, drawn together
and measured after facts-73. ``--dev64`` and ``--dev65``: 60 more each, drawn together and measured
after facts-74. ``--dev66`` and ``--dev67``: 60 more each, drawn together and measured after
facts-75. ``--dev68`` and ``--dev69``: 60 more each, drawn together and measured after facts-76.
``--dev70`` and ``--dev71``: 60 more each, drawn together and measured after facts-77.
``--dev72``: the last 17 of the fourth pool, measured after facts-78 and not tuned on. (A
seventy-third draw finds the pool empty: every abstract of these sources that counts people is
now in some set; a later round needs a pool of its own.)

From the seventy-third set on, sets come from a fifth pool: the 411 Cochrane review abstracts of
``cochrane_pls/val.source`` (source ``cochrane``, id the DOI less ``10.1002/14651858.``). No
earlier pool held a review of this kind: results and conclusions only, a dozen pooled estimates
each ("(4 studies, 171 participants: MD -1.09 mmol/L, 95% CI -1.30 to -0.87; I2 = 0%)"), sized by
the participants the review pooled. They are long and dense, so a set is ``COCHRANE_SIZE``
abstracts. ``--dev73`` and ``--dev74``: 30 each, drawn together and measured after facts-78.
``--dev75`` and ``--dev76``: 30 more each, drawn together and measured after facts-79.
``--dev77`` and ``--dev78``: 30 more each, drawn together and measured after facts-80.
``--dev79`` and ``--dev80``: 30 more each, drawn together and measured after facts-81.
``--dev81`` and ``--dev82``: 30 more each, drawn together and measured after facts-82.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from eval.corpus import load_source
from eval.gold.select_effects import _NUMBER, _PEOPLE_COUNT, MIN_NUMBERS

SEED = 20261130
SIZE = 40
#: Dev set k (``effects_dev.jsonl`` for k = 1, ``effects_dev<k>.jsonl`` after) is DEV_SIZE abstracts
#: drawn with seed SEED + k from the pool less the gold set, the held-out set and dev sets 1 to
#: k - 1: dev4 after facts-23, dev5 after facts-26, dev6 after facts-28, dev7 after facts-29, dev8
#: after facts-30, dev9 after facts-32, dev10 after facts-35, dev11 after
#: facts-36, dev12 after facts-37, dev13 after facts-38, dev14 after facts-39,
#: dev15 after facts-40, dev16 (the 23 the pool had left) after facts-42.
DEV_SIZE = 60
DEV_ROUNDS = 82
#: The first dev round drawn from the second pool (number-rich abstracts that count people).
SECOND_POOL_FROM = 17
#: The dev rounds drawn from the third pool: abstracts that mention a confidence interval but name
#: no measure (the first pool took those that do), where values printed with an interval and no
#: name live, what the unnamed-difference layer of facts-53 reads. Round 26 took all 43; later
#: rounds go back to the second pool.
THIRD_POOL_ROUNDS = (26,)
#: The first dev round drawn from the fourth pool: the second pool used up (round 60 took its last
#: 37), abstracts of the same sources that state a count of people, whatever else they print.
FOURTH_POOL_FROM = 61
#: The first dev round drawn from the fifth pool (Cochrane review abstracts), COCHRANE_SIZE a set.
FIFTH_POOL_FROM = 73
COCHRANE_SIZE = 30
SOURCES = ("evidence_inference", "scifact", "pubmedqa", "medline")
_MEASURE = re.compile(
    r"hazard ratio|odds ratio|relative risk|risk ratio|rate ratio|mean difference|risk difference|"
    r"\b(?:a?HR|a?OR|RR|IRR|MD|SMD|WMD|RD)\b|Cohen|effect size|difference",
    re.IGNORECASE,
)
_INTERVAL = re.compile(r"\bCI\b|confidence interval")
_PEOPLE = re.compile(_PEOPLE_COUNT, re.IGNORECASE)


def _ids(name: str) -> set[tuple[str, str]]:
    path = Path(__file__).resolve().parent / name
    return {(row["source"], row["id"]) for row in map(json.loads, path.read_text().splitlines())}


def _dev_file(k: int) -> str:
    return "effects_dev.jsonl" if k == 1 else f"effects_dev{k}.jsonl"


def draw(data: Path, *, dev_round: int = 0) -> list[tuple[str, str]]:
    """(source, id) of the held-out abstracts (``dev_round=0``) or of dev set ``dev_round``, in labelling order."""
    gold = _ids("effects.jsonl")
    earlier = ["effects_heldout.jsonl", *(_dev_file(k) for k in range(1, dev_round))] if dev_round else []
    for name in earlier:
        gold |= _ids(name)
    if dev_round >= FIFTH_POOL_FROM:
        pool = [("cochrane", key) for key in load_source(data, "cochrane") if ("cochrane", key) not in gold]
        return random.Random(SEED + dev_round).sample(pool, min(COCHRANE_SIZE, len(pool)))
    pool = []
    for source in SOURCES:
        for paper in load_source(data, source).values():
            text = " ".join(section.text for section in paper.sections)
            short_id = paper.id.split(":", 1)[-1]
            if not text or (source, short_id) in gold:
                continue
            if dev_round in THIRD_POOL_ROUNDS:
                if _INTERVAL.search(text):
                    pool.append((source, short_id))
            elif dev_round >= FOURTH_POOL_FROM:
                if _PEOPLE.search(f"{paper.title}\n{text}"):
                    pool.append((source, short_id))
            elif dev_round >= SECOND_POOL_FROM:
                title_and_text = f"{paper.title}\n{text}"
                if _PEOPLE.search(title_and_text) and len(_NUMBER.findall(title_and_text)) >= MIN_NUMBERS:
                    pool.append((source, short_id))
            elif _INTERVAL.search(text) and _MEASURE.search(text):
                pool.append((source, short_id))
    if dev_round == 0:
        return random.Random(SEED).sample(pool, SIZE)
    # (the sixteenth set takes what the pool had left: 23 abstracts; the twenty-sixth, 43)
    return random.Random(SEED + dev_round).sample(pool, min(DEV_SIZE, len(pool)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    which = parser.add_mutually_exclusive_group()
    for k in range(1, DEV_ROUNDS + 1):
        flag = "--dev" if k == 1 else f"--dev{k}"
        which.add_argument(
            flag, dest="dev_round", action="store_const", const=k, help=f"dev set {k}'s draw instead"
        )
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    args = parser.parse_args()
    for source, paper_id in draw(args.data, dev_round=args.dev_round or 0):
        print(source, paper_id, sep="\t")


if __name__ == "__main__":
    main()
