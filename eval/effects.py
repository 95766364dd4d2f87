"""Effect estimates and sample sizes against the hand-annotated gold set (eval/gold/effects.jsonl).

Effects are scored as exact matches of (measure, value, CI low, CI high): a predicted value
equals a gold value when both round to the same number at the precision the gold value was
written with (so "0.660" in the text and 0.66 in the gold agree). Measure aliases are folded
(aHR -> HR, WMD -> MD, "hazard ratio" -> HR). Each gold effect matches at most one prediction.
Reported: precision, recall and F1 over those tuples, overall and per measure (a spurious
prediction counts against its own measure); a looser (measure, value) F1; and, over the
matched pairs, exact agreement of the CI level (both unstated agrees) and of the p-value
(operator and number; both absent agrees).
Sample size is accurate for a paper when ``StudyFacts.n`` (the headline N: randomized, else
analysed, else enrolled; for a review that counts its studies, the participants they pooled)
equals the gold total, labelled under
the convention in ``EFFECTS_LABELS.md`` ("Sample size"). Reported: accuracy over the rows that
carry a total; how often the extractor returned no N at all (a miss) or a wrong one; and each
disagreement with the gold total, the N returned and the kind of count it came from.

The gold file is one JSON object a line; the fields read are ``source`` and ``id`` (resolved
through :mod:`eval.corpus`), ``effects`` (a list of objects with ``measure``, ``value``,
``ci_low``, ``ci_high``, ``ci_level`` and ``p``, the p-value as written, e.g. "P < .001") and
``sample_size`` (an integer or an object with ``total``; absent when not scored). Alternative
key spellings listed in ``_KEYS`` are accepted too. How the set was drawn and labelled:
``eval/gold/select_effects.py`` and ``eval/gold/EFFECTS_LABELS.md``. When the file is absent
the task reports a skip.

The same scores on ``effects_heldout.jsonl`` (40 abstracts drawn by
``eval/gold/select_effects_heldout.py`` and labelled blind after the extractor had been tuned on
the gold set) come under ``heldout_*``: the gold figures flatter an extractor tuned on them, the
held-out ones say how it does on abstracts nobody tuned for. ``effects_dev.jsonl`` (60 more,
drawn the same way with the next seed and labelled blind at the same time) is for the next
round of tuning, reported as ``dev_*``. ``effects_dev2.jsonl`` (60 more, drawn with the seed after
that from the pool less the held-out and dev sets and labelled blind once the first dev set had
been tuned on) is the second round's, reported as ``dev2_*``; ``effects_dev3.jsonl`` (60 more,
drawn with the next seed from the pool less every earlier set, labelled blind after the second
round) is the third round's, ``dev3_*``; ``effects_dev4.jsonl`` (60 more, the same again after
facts-23) the fourth's, ``dev4_*``; ``effects_dev5.jsonl`` (60 more, after facts-26) the fifth's, ``dev5_*``; ``effects_dev6.jsonl``
(60 more, after facts-28) the sixth's, ``dev6_*``; ``effects_dev7.jsonl`` (60 more, after facts-29) the
seventh's, ``dev7_*``; ``effects_dev8.jsonl`` (60 more, after facts-30) the eighth's, ``dev8_*``;
``effects_dev9.jsonl`` (60 more, after facts-32) the ninth's, ``dev9_*``; ``effects_dev10.jsonl`` (60
more, after facts-35) the tenth's, ``dev10_*``; ``effects_dev11.jsonl`` (60 more, after facts-36) the
eleventh's, ``dev11_*``; ``effects_dev12.jsonl`` (60 more, after facts-37) the twelfth's, ``dev12_*``;
``effects_dev13.jsonl`` (60 more, after facts-38) the thirteenth's, ``dev13_*``; ``effects_dev14.jsonl``
(60 more, after facts-39) the fourteenth's, ``dev14_*``; ``effects_dev15.jsonl`` (60 more, after facts-40) the
fifteenth's, ``dev15_*``; ``effects_dev16.jsonl`` (the 23 the pool had left, after facts-42) the sixteenth's,
``dev16_*``; ``effects_dev17.jsonl`` (60 from a second pool, number-rich abstracts that count
people, after facts-44) the seventeenth's, ``dev17_*``; ``effects_dev18.jsonl`` (60 more from it,
measured after facts-45) the eighteenth's, ``dev18_*``; ``effects_dev19.jsonl`` (60 more, measured
after facts-46) the nineteenth's, ``dev19_*``; ``effects_dev20.jsonl`` (60 more, measured after
facts-47) the twentieth's, ``dev20_*``; ``effects_dev21.jsonl`` (60 more, measured after facts-48)
the twenty-first's, ``dev21_*``; ``effects_dev22.jsonl`` (60 more, measured after facts-49) the
twenty-second's, ``dev22_*``; ``effects_dev23.jsonl`` (60 more, measured after facts-50) the
twenty-third's, ``dev23_*``; ``effects_dev24.jsonl`` (60 more, measured after facts-51 and not
tuned on) the twenty-fourth's, ``dev24_*``; ``effects_dev25.jsonl`` (60 more, measured after
facts-51) the twenty-fifth's, ``dev25_*``; ``effects_dev26.jsonl`` (all 43 of a third pool, abstracts
that mention an interval but name no measure, measured after facts-53) the twenty-sixth's, ``dev26_*``;
``effects_dev27.jsonl`` (60 more from the second pool, measured after facts-54) the twenty-seventh's,
``dev27_*``; ``effects_dev28.jsonl`` (60 more, labelled beside the writing of facts-55 and measured with
facts-54 and facts-55 before it was read) the twenty-eighth's, ``dev28_*``; ``effects_dev29.jsonl`` (60
more, labelled after facts-55 and measured before it was read) the twenty-ninth's, ``dev29_*``;
``effects_dev30.jsonl`` (60 more, measured the same way after dev29's retrain) the thirtieth's, ``dev30_*``;
``effects_dev31.jsonl`` (60 more, labelled after facts-56 and measured before it was read) the
thirty-first's, ``dev31_*``; ``effects_dev32.jsonl`` and ``effects_dev33.jsonl`` (60 more each,
labelled together after facts-57 and measured before they were read) the thirty-second's and
thirty-third's, ``dev32_*`` and ``dev33_*``; ``effects_dev34.jsonl`` and ``effects_dev35.jsonl``
(60 more each, labelled together after facts-58 and measured before they were read) the
thirty-fourth's and thirty-fifth's, ``dev34_*`` and ``dev35_*``; ``effects_dev36.jsonl`` and
``effects_dev37.jsonl`` (60 more each, labelled together after facts-59 and measured before they
were read) the thirty-sixth's and thirty-seventh's, ``dev36_*`` and ``dev37_*``; ``effects_dev38.jsonl`` and
``effects_dev39.jsonl`` (60 more each, labelled together after facts-60 and measured before they
were read) the thirty-eighth's and thirty-ninth's, ``dev38_*`` and ``dev39_*``; ``effects_dev40.jsonl`` and
``effects_dev41.jsonl`` (60 more each, labelled together after facts-61 and measured before they
were read; not tuned on) the fortieth's and forty-first's, ``dev40_*`` and ``dev41_*``;
``effects_dev42.jsonl`` and ``effects_dev43.jsonl`` (60 more each, labelled together after facts-62
and measured with facts-63 before they were read) the forty-second's and forty-third's,
``dev42_*`` and ``dev43_*``; ``effects_dev44.jsonl`` and ``effects_dev45.jsonl`` (60 more each,
labelled together after facts-64 and measured with it before they were read) the forty-fourth's
and forty-fifth's, ``dev44_*`` and ``dev45_*``; ``effects_dev46.jsonl`` and ``effects_dev47.jsonl``
(60 more each, labelled together after facts-65 and measured with it before they were read) the
forty-sixth's and forty-seventh's, ``dev46_*`` and ``dev47_*``; ``effects_dev48.jsonl`` and
``effects_dev49.jsonl`` (60 more each, labelled together after facts-66 and measured with it
before they were read) the forty-eighth's and forty-ninth's, ``dev48_*`` and ``dev49_*``;
``effects_dev50.jsonl`` and ``effects_dev51.jsonl`` (60 more each, labelled together after
facts-67 and measured with it before they were read) the fiftieth's and fifty-first's,
``dev50_*`` and ``dev51_*``; ``effects_dev52.jsonl`` and ``effects_dev53.jsonl`` (60 more
each, labelled together after facts-68 and measured with it before they were read) the
fifty-second's and fifty-third's, ``dev52_*`` and ``dev53_*``; ``effects_dev54.jsonl`` and
``effects_dev55.jsonl`` (60 more each, labelled together after facts-69 and measured with it
before they were read) the fifty-fourth's and fifty-fifth's, ``dev54_*`` and ``dev55_*``; ``effects_dev56.jsonl`` and
``effects_dev57.jsonl`` (60 more each, labelled together after facts-70 and measured with it
before they were read) the fifty-sixth's and fifty-seventh's, ``dev56_*`` and ``dev57_*``; ``effects_dev58.jsonl`` and
``effects_dev59.jsonl`` (60 more each, labelled together after facts-71 and measured with it
before they were read) the fifty-eighth's and fifty-ninth's, ``dev58_*`` and ``dev59_*``;
``effects_dev60.jsonl`` (the last 37 of the second pool) and ``effects_dev61.jsonl`` (60 from the
fourth pool, abstracts that count people however many numbers they print; labelled together
after facts-72 and measured with it before they were read) the sixtieth's and sixty-first's,
``dev60_*`` and ``dev61_*``; ``effects_dev62.jsonl`` and ``effects_dev63.jsonl`` (60 more each
from the fourth pool, labelled together after facts-73 and measured with it before they were
read) the sixty-second's and sixty-third's, ``dev62_*`` and ``dev63_*``; ``effects_dev64.jsonl`` and
``effects_dev65.jsonl`` (60 more each from the fourth pool, labelled together after facts-74 and
measured with it before they were read) the sixty-fourth's and sixty-fifth's, ``dev64_*`` and
``dev65_*``; ``effects_dev66.jsonl`` and ``effects_dev67.jsonl`` (60 more each from the fourth
pool, labelled together after facts-75 and measured with it before they were read) the
sixty-sixth's and sixty-seventh's, ``dev66_*`` and ``dev67_*``; ``effects_dev68.jsonl`` and
``effects_dev69.jsonl`` (60 more each from the fourth pool, labelled together after facts-76 and
measured with it before they were read) the sixty-eighth's and sixty-ninth's, ``dev68_*`` and
``dev69_*``; ``effects_dev70.jsonl`` and ``effects_dev71.jsonl`` (60 more each from the fourth pool,
labelled together after facts-77 and measured with it before they were read) the seventieth's and
seventy-first's, ``dev70_*`` and ``dev71_*``; ``effects_dev72.jsonl`` (the last 17 of the fourth
pool, labelled after facts-78 and measured with it; not tuned on) the seventy-second's, ``dev72_*``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from consilience.analyze import analyze_paper
from consilience.model import Paper, Section, StudyFacts

NAME = "effects"
DESCRIPTION = (
    "Effect estimates (exact-match P/R/F1) and sample size (accuracy) on the hand-annotated gold set"
)

_GOLD_DIR = Path(__file__).resolve().parent / "gold"
GOLD = _GOLD_DIR / "effects.jsonl"
#: Drawn and labelled blind after the extractor was tuned on GOLD; never used for tuning.
HELDOUT = _GOLD_DIR / "effects_heldout.jsonl"
#: The fresh sets, each labelled blind after the rounds before it and then tuned on (``dev``,
#: ``dev2``, ...): scored apart, as ``<name>_*``, with the held-out set first.
SCORED_APART = (
    ("heldout", HELDOUT),
    ("dev", _GOLD_DIR / "effects_dev.jsonl"),
    *((f"dev{k}", _GOLD_DIR / f"effects_dev{k}.jsonl") for k in range(2, 83)),
)

_ALIASES = {
    "AHR": "HR",
    "HAZARD RATIO": "HR",
    "SHR": "HR",
    "AOR": "OR",
    "ODDS RATIO": "OR",
    "RELATIVE RISK": "RR",
    "RISK RATIO": "RR",
    "AIRR": "IRR",
    "RATE RATIO": "IRR",
    "INCIDENCE RATE RATIO": "IRR",
    "WMD": "MD",
    "MEAN DIFFERENCE": "MD",
    "STANDARDIZED MEAN DIFFERENCE": "SMD",
    "STANDARDISED MEAN DIFFERENCE": "SMD",
    "RISK DIFFERENCE": "RD",
}
_KEYS = {
    "value": ("value", "point", "estimate"),
    "ci_low": ("ci_low", "lower", "low", "ci_lower", "lcl"),
    "ci_high": ("ci_high", "upper", "high", "ci_upper", "ucl"),
}


def canonical_measure(measure: str) -> str:
    key = " ".join(str(measure).replace("_", " ").split()).upper()
    return _ALIASES.get(key, key)


def _get(record: dict[str, Any], field: str) -> Any:
    for key in _KEYS[field]:
        if key in record:
            return record[key]
    return None


def _places(written: Any) -> int | None:
    if written is None:
        return None
    try:
        exponent = Decimal(str(written)).as_tuple().exponent
    except InvalidOperation:
        return None
    return max(0, -int(exponent)) if isinstance(exponent, int) else None


def same_number(gold: Any, predicted: float | None) -> bool:
    """Equal after rounding both to the precision the gold value was written with."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    places = _places(gold)
    if places is None:
        return False
    return round(float(gold), places) == round(predicted, places)


def _size_printed(gold: dict[str, Any]) -> bool:
    """A difference labelled as its printed size beside an interval below zero ("lowered by 0.45
    (95% CI -0.58 to -0.32)": value 0.45, EFFECTS_LABELS.md dev8), which the extractor reports
    with the interval's sign (-0.45) so that the estimate lies inside its interval."""
    value, low, high = _get(gold, "value"), _get(gold, "ci_low"), _get(gold, "ci_high")
    return (
        canonical_measure(gold.get("measure", "")) in {"MD", "RD", "SMD"}
        and None not in (value, low, high)
        and float(value) > 0
        and max(float(low), float(high)) < 0
    )


def _effect_matches(gold: dict[str, Any], predicted: Any) -> bool:
    value = _get(gold, "value")
    if _size_printed(gold) and predicted.value is not None and predicted.value < 0:
        value = -float(value)
    return (
        canonical_measure(gold.get("measure", "")) == canonical_measure(predicted.measure)
        and same_number(value, predicted.value)
        and same_number(_get(gold, "ci_low"), predicted.ci_low)
        and same_number(_get(gold, "ci_high"), predicted.ci_high)
    )


_P_GOLD = re.compile(
    r"(?P<op><=|>=|≤|≥|<|>|=)?\s*(?P<num>\d*\.?\d+)"
    r"(?:\s*(?:[x×*]\s*10\s*\^?\s*|[eE]\s*)(?P<exp>[-+]?\s*\d+))?"
)
_P_POWER = re.compile(r"(?P<op><=|>=|≤|≥|<|>|=)?\s*10\s*(?P<exp>-\s*\d+)")
_OPS = {"≤": "<=", "≥": ">=", "less than": "<"}


def gold_p(written: Any) -> tuple[str, float] | None:
    """(operator, value) of a gold p-value as written ("P < .001", "p = 2.8 e-5", "P = 10−11").

    Parsed here, independently of the extractor's parser, so the gold is not read through
    the code it scores.
    """
    if not written:
        return None
    text = str(written).replace("·", ".").replace("−", "-").replace("–", "-").strip()
    text = re.sub(r"^[Pp](?:[\s-]*values?)?\s*", "", text)
    text = re.sub(r"^(?:of|was|is|were)\s+", "", text).replace("less than", "<").strip()
    m = _P_POWER.fullmatch(text)
    if m:
        op = m.group("op") or "="
        return _OPS.get(op, op), 10.0 ** int(m.group("exp").replace(" ", ""))
    m = _P_GOLD.fullmatch(text)
    if m is None:
        return None
    op = m.group("op") or "="
    value = float(m.group("num"))
    if m.group("exp"):
        value *= 10.0 ** int(m.group("exp").replace(" ", ""))
    return _OPS.get(op, op), value


def _same_p(gold: Any, predicted: Any) -> bool:
    expected = gold_p(gold)
    got = None if predicted.p_value is None else (predicted.p_operator or "=", predicted.p_value)
    if expected is None or got is None:
        return expected is None and got is None
    return expected[0] == got[0] and abs(expected[1] - got[1]) <= 1e-9 * max(1.0, abs(expected[1]))


def _same_level(gold: dict[str, Any], predicted: Any) -> bool:
    level = gold.get("ci_level")
    if level is None or predicted.ci_level is None:
        return level is None and predicted.ci_level is None
    return abs(float(level) - float(predicted.ci_level)) < 1e-9


def _value_matches(gold: dict[str, Any], predicted: Any) -> bool:
    return canonical_measure(gold.get("measure", "")) == canonical_measure(predicted.measure) and same_number(
        _get(gold, "value"), predicted.value
    )


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


Matcher = Callable[[dict[str, Any], Any], bool]


def _match(
    golds: list[dict[str, Any]], predicted: list[Any], same: Matcher
) -> tuple[list[tuple[dict[str, Any], Any]], list[dict[str, Any]], list[Any]]:
    """Greedy one-to-one matching in gold order: (pairs, missed golds, spurious predictions)."""
    remaining = list(predicted)
    pairs: list[tuple[dict[str, Any], Any]] = []
    missed: list[dict[str, Any]] = []
    for gold in golds:
        hit = next((p for p in remaining if same(gold, p)), None)
        if hit is None:
            missed.append(gold)
        else:
            pairs.append((gold, hit))
            remaining.remove(hit)
    return pairs, missed, remaining


def _gold_n(record: dict[str, Any]) -> int | None:
    size = record.get("sample_size", record.get("n"))
    if isinstance(size, dict):
        size = size.get("total")
    if isinstance(size, list):
        size = next((s.get("total") for s in size if isinstance(s, dict)), None)
    return int(size) if isinstance(size, (int, float)) else None


def _n_source(facts: StudyFacts) -> dict[str, Any]:
    """What ``StudyFacts.n`` returned and which extracted count (kind, quoted text) it came from."""
    if facts.n is None:
        return {"n": None}
    for kind in ("randomized", "analysed", "enrolled", "participants"):
        for size in facts.sample_sizes:
            if size.kind == kind and size.total == facts.n:
                return {"n": facts.n, "kind": kind, "text": size.span.text[:120] if size.span else ""}
    return {"n": facts.n}


def _paper(data: Path, record: dict[str, Any]) -> Paper:
    if record.get("sections") or record.get("abstract"):
        sections = [Section(**s) for s in record.get("sections", [])] or [Section(text=record["abstract"])]
        return Paper(id=str(record.get("id", "gold")), title=record.get("title", ""), sections=sections)
    from eval.corpus import resolve

    return resolve(data, str(record["source"]), str(record["id"]))


def run(data: Path, gold_path: Path = GOLD) -> dict[str, Any]:
    """Scores on ``gold_path``; with the default gold, also on the held-out and dev sets."""
    result = _score(data, gold_path)
    for name, path in SCORED_APART:
        if gold_path == GOLD and path.is_file() and "skipped" not in result:
            extra = _score(data, path)
            for key in ("effect_precision", "effect_recall", "effect_f1", "effects_gold"):
                result[f"{name}_{key}"] = extra[key]
            if extra.get("sample_size_papers"):
                # The held-out set has no sample sizes; the dev sets' were labelled blind too.
                result[f"{name}_sample_size_accuracy"] = extra["sample_size_accuracy"]
                result[f"{name}_sample_size_papers"] = extra["sample_size_papers"]
            result[name] = {
                k: v for k, v in extra.items() if not k.startswith("sample_size") or k == "sample_size_errors"
            }
    return result


def _score(data: Path, gold_path: Path) -> dict[str, Any]:
    if not gold_path.is_file():
        return {"skipped": f"{gold_path} is not present yet (hand annotation pending)"}
    tp = fp = fn = 0
    loose_tp = loose_fp = loose_fn = 0
    per: dict[str, Counter[str]] = {}
    level_ok = level_n = p_ok = p_n = 0
    n_total = n_correct = n_missing = 0
    n_errors: list[dict[str, Any]] = []
    papers = with_effects = 0
    misses: list[dict[str, Any]] = []
    with gold_path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            paper = _paper(data, record)
            facts: StudyFacts = analyze_paper(paper)
            papers += 1
            golds = list(record.get("effects", []))
            with_effects += bool(golds)
            predicted = list(facts.effects)
            pairs, missed, spurious = _match(golds, predicted, _effect_matches)
            tp, fn, fp = tp + len(pairs), fn + len(missed), fp + len(spurious)
            for gold, pred in pairs:
                per.setdefault(canonical_measure(gold["measure"]), Counter())["tp"] += 1
                if _get(gold, "ci_low") is not None:
                    level_n += 1
                    level_ok += int(_same_level(gold, pred))
                p_n += 1
                p_ok += int(_same_p(gold.get("p"), pred))
            for gold in missed:
                per.setdefault(canonical_measure(gold["measure"]), Counter())["fn"] += 1
                if len(misses) < 80:
                    shown = {k: gold.get(k) for k in ("measure", "value", "ci_low", "ci_high")}
                    misses.append({"id": paper.id, "missed": shown})
            for extra in spurious:
                per.setdefault(canonical_measure(extra.measure), Counter())["fp"] += 1
                if len(misses) < 80 and extra.span is not None:
                    misses.append({"id": paper.id, "spurious": extra.span.text})
            loose, loose_missed, loose_extra = _match(golds, predicted, _value_matches)
            loose_tp, loose_fn, loose_fp = (
                loose_tp + len(loose),
                loose_fn + len(loose_missed),
                loose_fp + len(loose_extra),
            )
            gold_n = _gold_n(record)
            if gold_n is not None:
                n_total += 1
                n_correct += int(gold_n == facts.n)
                n_missing += int(facts.n is None)
                if gold_n != facts.n:
                    n_errors.append({"id": paper.id, "gold": gold_n, **_n_source(facts)})
    overall = _prf(tp, fp, fn)
    return {
        "papers": papers,
        "papers_with_effects": with_effects,
        "effects_gold": tp + fn,
        "effects_predicted": tp + fp,
        "effect_precision": overall["precision"],
        "effect_recall": overall["recall"],
        "effect_f1": overall["f1"],
        "value_f1": _prf(loose_tp, loose_fp, loose_fn)["f1"],
        "ci_level_exact": round(level_ok / level_n, 4) if level_n else None,
        "p_value_exact": round(p_ok / p_n, 4) if p_n else None,
        "sample_size_papers": n_total,
        "sample_size_accuracy": round(n_correct / n_total, 4) if n_total else None,
        "sample_size_missing": n_missing,
        "sample_size_wrong": n_total - n_correct - n_missing,
        "sample_size_errors": n_errors,
        "per_measure": {m: _prf(c["tp"], c["fp"], c["fn"]) for m, c in sorted(per.items())},
        "errors": misses,
    }
