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
``effects_dev8.jsonl``, after facts-30; ``--dev9``: the 60 of ``effects_dev9.jsonl``, after facts-32).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from eval.corpus import load_source

SEED = 20261130
SIZE = 40
DEV_SEED, DEV_SIZE = 20261131, 60  # effects_dev.jsonl: the same pool less the held-out set
DEV2_SEED, DEV2_SIZE = 20261132, 60  # effects_dev2.jsonl: the pool less the held-out and dev sets
DEV3_SEED, DEV3_SIZE = 20261133, 60  # effects_dev3.jsonl: the pool less every earlier set
DEV4_SEED, DEV4_SIZE = 20261134, 60  # effects_dev4.jsonl: the same again, after facts-23
DEV5_SEED, DEV5_SIZE = 20261135, 60  # effects_dev5.jsonl: the same again, after facts-26
DEV6_SEED, DEV6_SIZE = 20261136, 60  # effects_dev6.jsonl: the same again, after facts-28
DEV7_SEED, DEV7_SIZE = 20261137, 60  # effects_dev7.jsonl: the same again, after facts-29
DEV8_SEED, DEV8_SIZE = 20261138, 60  # effects_dev8.jsonl: the same again, after facts-30
DEV9_SEED, DEV9_SIZE = 20261139, 60  # effects_dev9.jsonl: the same again, after facts-32
SOURCES = ("evidence_inference", "scifact", "pubmedqa", "medline")
_MEASURE = re.compile(
    r"hazard ratio|odds ratio|relative risk|risk ratio|rate ratio|mean difference|risk difference|"
    r"\b(?:a?HR|a?OR|RR|IRR|MD|SMD|WMD|RD)\b|Cohen|effect size|difference",
    re.IGNORECASE,
)
_INTERVAL = re.compile(r"\bCI\b|confidence interval")


def _ids(name: str) -> set[tuple[str, str]]:
    path = Path(__file__).resolve().parent / name
    return {(row["source"], row["id"]) for row in map(json.loads, path.read_text().splitlines())}


#: The sets drawn before each dev round, in order: round k leaves out the gold set and the first k.
_EARLIER = (
    "effects_heldout.jsonl",
    "effects_dev.jsonl",
    "effects_dev2.jsonl",
    "effects_dev3.jsonl",
    "effects_dev4.jsonl",
    "effects_dev5.jsonl",
    "effects_dev6.jsonl",
    "effects_dev7.jsonl",
    "effects_dev8.jsonl",
)
_DEV_SEEDS = {
    1: DEV_SEED,
    2: DEV2_SEED,
    3: DEV3_SEED,
    4: DEV4_SEED,
    5: DEV5_SEED,
    6: DEV6_SEED,
    7: DEV7_SEED,
    8: DEV8_SEED,
    9: DEV9_SEED,
}


def draw(data: Path, *, dev_round: int = 0) -> list[tuple[str, str]]:
    """(source, id) of the held-out abstracts (``dev_round=0``) or of dev set ``dev_round``, in labelling order."""
    gold = _ids("effects.jsonl")
    for name in _EARLIER[:dev_round]:
        gold |= _ids(name)
    pool = []
    for source in SOURCES:
        for paper in load_source(data, source).values():
            text = " ".join(section.text for section in paper.sections)
            short_id = paper.id.split(":", 1)[-1]
            if text and (source, short_id) not in gold and _INTERVAL.search(text) and _MEASURE.search(text):
                pool.append((source, short_id))
    if dev_round == 0:
        return random.Random(SEED).sample(pool, SIZE)
    return random.Random(_DEV_SEEDS[dev_round]).sample(pool, DEV_SIZE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--dev", action="store_true", help="the dev set's draw instead")
    which.add_argument("--dev2", action="store_true", help="the second dev set's draw instead")
    which.add_argument("--dev3", action="store_true", help="the third dev set's draw instead")
    which.add_argument("--dev4", action="store_true", help="the fourth dev set's draw instead")
    which.add_argument("--dev5", action="store_true", help="the fifth dev set's draw instead")
    which.add_argument("--dev6", action="store_true", help="the sixth dev set's draw instead")
    which.add_argument("--dev7", action="store_true", help="the seventh dev set's draw instead")
    which.add_argument("--dev8", action="store_true", help="the eighth dev set's draw instead")
    which.add_argument("--dev9", action="store_true", help="the ninth dev set's draw instead")
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    args = parser.parse_args()
    dev_round = next((k for k in range(9, 0, -1) if getattr(args, "dev" if k == 1 else f"dev{k}")), 0)
    for source, paper_id in draw(args.data, dev_round=dev_round):
        print(source, paper_id, sep="\t")


if __name__ == "__main__":
    main()
