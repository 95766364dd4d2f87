"""Study-design classification: the hand-labelled set, MEDLINE PublicationType, Evidence Inference RCTs.

Three measurements of :func:`consilience.analyze.design.classify_design`:

1. ``gold``: accuracy, macro-F1 and per-class precision/recall on ``eval/gold/design.jsonl``
   (hand labels; conventions in ``eval/gold/DESIGN_LABELS.md``), out of fold: each paper is
   classified with a learned layer trained without its fifth of the set (``rules_*``: the
   rules alone, which were tuned on this set). Papers from MEDLINE and PubMedQA
   carry MeSH/PublicationType there; the classifier may use them, as it would in the library.
   ``gold_text_only`` repeats the figures with those fields emptied.
2. ``pubtype``: agreement with MEDLINE PublicationType on the MEDLINE excerpt, the classifier
   called on a copy with PublicationType and MeSH emptied (so it cannot read the answer).
3. ``ei_rct``: recall on the 3,285 Evidence Inference abstracts (all reported as RCTs; many are
   not, so this is a lower bound), and precision of the ``rct`` call counting as negatives the
   gold set's non-RCTs plus the MEDLINE records with no trial PublicationType.
4. ``ei_rct_sample``: recall on the *human RCTs* among those abstracts, estimated from a
   stratified sample of 250 read blind (``gold/ei_rct_sample.jsonl``; how it was drawn:
   ``gold/select_ei_rct.py``), weighted by inverse sampling probability, with a seeded
   stratified-bootstrap 95% interval; also the weighted design accuracy on the sample.
5. ``dev`` and ``heldout``: accuracy and macro-F1 on ``gold/design_dev.jsonl`` and
   ``gold/design_heldout.jsonl``, 100 abstracts each drawn at random (no pre-filter: the
   ordinary mix a library holds) and labelled blind (``gold/select_design_heldout.py``). The
   dev set is tuned on; the held-out set is only measured.
6. ``fresh``: ``gold/design_fresh.jsonl``, drawn class by class like the gold set but from
   records nobody had read (``gold/select_design_fresh.py``) and labelled blind after design-5.
   Its rows alternate into two halves: ``fresh_tune`` (half 0) may be tuned on, ``fresh_test``
   (half 1) is only measured, and its errors stay unlisted.
7. ``cochrane_reviews``: the 411 Cochrane review abstracts of ``cochrane_pls/val.source``
   (their results and conclusions, as that set gives them: no search or selection methods to
   name the design). Every one is a systematic review by where it comes from, so the share
   called a systematic review or meta-analysis is a recall nobody had to label; what the rest
   were called is listed. Every fourth abstract trains the learned layer, so the recall is
   given on the other three quarters (``cochrane_review_recall``) and on all of them.
8. ``unseen``: the held-out set and ``fresh_test`` together (168 papers no rule was tuned on
   and the learned layer never trained on), by the classifier and by its rules alone
   (``unseen_rules_*``).

The learned layer (``consilience.analyze.design_model``) is trained by ``python -m
eval.train_design`` on the gold set, the dev set, ``fresh_tune`` and a quarter of the Cochrane
abstracts, so its figures on those sets are training figures; the trainer prints its
out-of-fold figures on them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from consilience.analyze.design import classify_design
from consilience.analyze.design_model import DesignModel, load_design_model
from consilience.model import Paper, Section, StudyDesign
from eval.corpus import load_source, resolve

NAME = "design"
DESCRIPTION = (
    "study-design classifier: gold accuracy/macro-F1, PublicationType agreement, EI RCT recall, "
    "Cochrane review recall"
)

GOLD = Path(__file__).resolve().parent / "gold" / "design.jsonl"
EI_SAMPLE = Path(__file__).resolve().parent / "gold" / "ei_rct_sample.jsonl"
DEV = Path(__file__).resolve().parent / "gold" / "design_dev.jsonl"
HELDOUT = Path(__file__).resolve().parent / "gold" / "design_heldout.jsonl"
FRESH = Path(__file__).resolve().parent / "gold" / "design_fresh.jsonl"
FRESH2 = Path(__file__).resolve().parent / "gold" / "design_fresh2.jsonl"
#: Every this-many-th Cochrane abstract (line 0, 4, 8, ...) trains the learned layer.
COCHRANE_EVERY = 4

#: MEDLINE PublicationType -> the designs that count as agreeing with it (most specific first).
PUBTYPE_DESIGNS: dict[str, set[str]] = {
    "Meta-Analysis": {"meta-analysis"},
    "Systematic Review": {"systematic-review", "meta-analysis"},
    "Randomized Controlled Trial": {"rct"},
    "Clinical Trial, Phase I": {"non-randomized-trial", "rct"},
    "Clinical Trial, Phase II": {"non-randomized-trial", "rct"},
    "Clinical Trial, Phase III": {"rct", "non-randomized-trial"},
    "Controlled Clinical Trial": {"non-randomized-trial", "rct"},
    "Clinical Trial": {"rct", "non-randomized-trial"},
    "Case Reports": {"case-report", "case-series"},
    "Practice Guideline": {"guideline"},
    "Guideline": {"guideline"},
    "Consensus Development Conference": {"guideline"},
    "Review": {"narrative-review", "systematic-review", "meta-analysis"},
    "Editorial": {"narrative-review", "other"},
    "Comment": {"narrative-review", "other"},
}
_TRIAL_TYPES = {k for k in PUBTYPE_DESIGNS if "Trial" in k}


def _strip_metadata(paper: Paper) -> Paper:
    return paper.model_copy(update={"publication_types": [], "mesh": []})


def _per_class(truth: list[str], pred: list[str]) -> tuple[dict[str, dict[str, float]], float]:
    classes = sorted(set(truth))
    table: dict[str, dict[str, float]] = {}
    f1s = []
    for label in classes:
        tp = sum(1 for t, p in zip(truth, pred, strict=True) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, pred, strict=True) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, pred, strict=True) if t == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        table[label] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": tp + fn,
        }
    return table, sum(f1s) / len(f1s) if f1s else 0.0


def _score(
    rows: list[dict[str, Any]],
    papers: list[Paper],
    text_only: bool,
    learned: bool = True,
    models: list[DesignModel | None] | None = None,
) -> dict[str, Any]:
    """Figures for these papers; ``models`` gives each paper the learned layer to use (one
    trained without it), else the shipped one."""
    truth = [row["design"] for row in rows]
    calls = [
        classify_design(
            _strip_metadata(p) if text_only else p,
            learned=learned,
            model=models[i] if models is not None else None,
        )
        for i, p in enumerate(papers)
    ]
    pred = [call.design.value for call in calls]
    table, macro = _per_class(truth, pred)
    accuracy = sum(t == p for t, p in zip(truth, pred, strict=True)) / len(truth)
    human_rows = [
        (row["human"], call.human)
        for row, call in zip(rows, calls, strict=True)
        if row.get("human") is not None
    ]
    human_acc = sum(g == c for g, c in human_rows) / len(human_rows) if human_rows else 0.0
    confusions = Counter(f"{t} -> {p}" for t, p in zip(truth, pred, strict=True) if t != p)
    correct_conf = [c.confidence for c, t, p in zip(calls, truth, pred, strict=True) if t == p]
    wrong_conf = [c.confidence for c, t, p in zip(calls, truth, pred, strict=True) if t != p]
    return {
        "n": len(truth),
        "accuracy": round(accuracy, 3),
        "macro_f1": round(macro, 3),
        "human_accuracy": round(human_acc, 3),
        "mean_confidence_correct": round(sum(correct_conf) / max(1, len(correct_conf)), 3),
        "mean_confidence_wrong": round(sum(wrong_conf) / max(1, len(wrong_conf)), 3),
        "per_class": table,
        "top_confusions": dict(confusions.most_common(12)),
        "errors": [
            {"source": r["source"], "id": r["id"], "gold": t, "pred": p}
            for r, t, p in zip(rows, truth, pred, strict=True)
            if t != p
        ],
    }


def _pubtype_agreement(data: Path) -> dict[str, Any]:
    medline = load_source(data, "medline")
    per_type: dict[str, list[int]] = {}
    total = agree = 0
    for paper in medline.values():
        if not paper.sections:
            continue
        expected: set[str] | None = None
        matched = ""
        for ptype in PUBTYPE_DESIGNS:  # most specific first
            if ptype in paper.publication_types:
                expected, matched = PUBTYPE_DESIGNS[ptype], ptype
                break
        if expected is None:
            continue
        design = classify_design(_strip_metadata(paper)).design.value
        hit = int(design in expected)
        total += 1
        agree += hit
        per_type.setdefault(matched, [0, 0])
        per_type[matched][0] += hit
        per_type[matched][1] += 1
    return {
        "pubtype_n": total,
        "pubtype_agreement": round(agree / total, 3) if total else 0.0,
        "pubtype_by_type": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_type.items())},
    }


def _ei_rct(data: Path, rows: list[dict[str, Any]], papers: list[Paper]) -> dict[str, Any]:
    ei = load_source(data, "evidence_inference")
    positives = [p for p in ei.values() if p.sections]
    tp = sum(classify_design(p).design is StudyDesign.RCT for p in positives)
    gold_ids = {(r["source"], r["id"]) for r in rows}
    negatives = [p for r, p in zip(rows, papers, strict=True) if r["design"] != "rct"]
    medline = load_source(data, "medline")
    negatives += [
        _strip_metadata(p)
        for pmid, p in medline.items()
        if p.sections
        and ("medline", pmid) not in gold_ids
        and not _TRIAL_TYPES.intersection(p.publication_types)
    ]
    fp = sum(classify_design(p).design is StudyDesign.RCT for p in negatives)
    return {
        "ei_n": len(positives),
        "ei_rct_recall": round(tp / len(positives), 4) if positives else 0.0,
        "rct_negatives_n": len(negatives),
        "rct_false_positives": fp,
        "rct_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "rct_specificity": round(1 - fp / len(negatives), 4) if negatives else 0.0,
    }


def _cochrane_reviews(data: Path) -> dict[str, Any]:
    path = data / "cochrane_pls" / "val.source"
    if not path.is_file():
        return {}
    called = [
        (i, classify_design(Paper(id=f"cochrane:{i}", sections=[Section(text=text)])).design.value)
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines())
        if text.strip()
    ]
    # Every COCHRANE_EVERY-th abstract trains the learned layer (eval/train_design.py): the
    # recall is reported on the others, and on all of them apart.
    calls = Counter(design for i, design in called if i % COCHRANE_EVERY)
    n = sum(calls.values())
    reviews = calls["systematic-review"] + calls["meta-analysis"]
    every = sum(design in ("systematic-review", "meta-analysis") for _, design in called)
    return {
        "cochrane_reviews_n": n,
        "cochrane_review_recall": round(reviews / n, 3) if n else 0.0,
        "cochrane_review_recall_all": round(every / len(called), 3) if called else 0.0,
        "cochrane_reviews_called": dict(calls.most_common()),
    }


def _weighted_recall(rows: list[dict[str, Any]], called: list[bool]) -> float:
    """Inverse-probability-weighted share of the sample's human RCTs that are called ``rct``."""
    found = total = 0.0
    for row, is_rct in zip(rows, called, strict=True):
        if row["design"] == "rct" and row["human"] is True:
            total += row["weight"]
            found += row["weight"] * is_rct
    return found / total if total else 0.0


def _ei_rct_sample(data: Path, *, rounds: int = 2000, seed: int = 7) -> dict[str, Any]:
    import numpy as np

    rows = [json.loads(line) for line in EI_SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    calls = [classify_design(resolve(data, row["source"], row["id"])).design.value for row in rows]
    called = [call == "rct" for call in calls]
    rng = np.random.default_rng(seed)
    strata = {name: [i for i, row in enumerate(rows) if row["stratum"] == name] for name in ("hit", "miss")}
    boot = []
    for _ in range(rounds):  # resample within each stratum, keeping its weight
        picked = [int(i) for members in strata.values() for i in rng.choice(members, size=len(members))]
        boot.append(_weighted_recall([rows[i] for i in picked], [called[i] for i in picked]))
    weight = sum(row["weight"] for row in rows)
    human_rcts = [row for row in rows if row["design"] == "rct" and row["human"] is True]
    return {
        "ei_sample_n": len(rows),
        "ei_sample_human_rcts": len(human_rcts),
        "ei_human_rct_share": round(sum(r["weight"] for r in human_rcts) / weight, 3),
        "ei_human_rct_recall": round(_weighted_recall(rows, called), 4),
        "ei_human_rct_recall_ci95": [round(float(q), 4) for q in np.percentile(boot, [2.5, 97.5])],
        "ei_human_rct_recall_sure": round(
            _weighted_recall(
                [r for r in rows if r["confidence"] == "sure"],
                [c for r, c in zip(rows, called, strict=True) if r["confidence"] == "sure"],
            ),
            4,
        ),
        "ei_sample_weighted_accuracy": round(
            sum(r["weight"] for r, call in zip(rows, calls, strict=True) if r["design"] == call) / weight, 4
        ),
    }


def load_gold(data: Path, path: Path = GOLD) -> tuple[list[dict[str, Any]], list[Paper]]:
    """The gold rows and their papers, resolved from the shared data."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    papers = [resolve(data, row["source"], row["id"]) for row in rows]
    return rows, papers


def _out_of_fold_models(data: Path, n_gold: int) -> list[DesignModel | None] | None:
    """For each of the first ``n_gold`` training papers (the gold set, then the second fresh
    set), a learned layer trained on everything it is trained on but the fold holding that
    paper (so their figures are not training figures)."""
    shipped = load_design_model()
    if shipped is None:
        return None
    from consilience.analyze.train_design import FOLDS, SEED, featurize, fit_model
    from eval.train_design import training_papers

    labelled = training_papers(data)  # the gold set comes first, in file order
    rows, y, positions = featurize(labelled)
    fold_of = np.random.default_rng(SEED).permutation(n_gold) % FOLDS
    models: list[DesignModel | None] = [None] * n_gold
    for fold in range(FOLDS):
        keep = [j for j, at in enumerate(positions) if at >= n_gold or fold_of[at] != fold]
        model = fit_model([rows[j] for j in keep], y[keep], float(shipped.meta["C"]), {})
        for at in range(n_gold):
            if fold_of[at] == fold:
                models[at] = model
    return models


def run(data: Path) -> dict[str, Any]:
    rows, papers = load_gold(data)
    fresh2_rows, fresh2_papers = load_gold(data, FRESH2) if FRESH2.is_file() else ([], [])
    oof = _out_of_fold_models(data, len(rows) + len(fresh2_rows))
    models, fresh2_models = (oof[: len(rows)], oof[len(rows) :]) if oof is not None else (None, None)
    gold = _score(rows, papers, text_only=False, models=models)
    text_only = _score(rows, papers, text_only=True, models=models)
    rules = _score(rows, papers, text_only=False, learned=False)
    result: dict[str, Any] = {
        "gold_n": gold["n"],
        "accuracy": gold["accuracy"],
        "macro_f1": gold["macro_f1"],
        "text_only_accuracy": text_only["accuracy"],
        "text_only_macro_f1": text_only["macro_f1"],
        "human_accuracy": gold["human_accuracy"],
        "rules_accuracy": rules["accuracy"],
        "rules_macro_f1": rules["macro_f1"],
        # The sets the learned layer trains on (their figures below are training figures).
        "learned_layer_trained_on": [
            "gold (scored out of fold above)",
            "fresh2 (scored out of fold below)",
            "dev",
            "fresh_tune",
            "cochrane 1 in 4",
        ],
    }
    result.update(_pubtype_agreement(data))
    result.update(_ei_rct(data, rows, papers))
    result.update(_ei_rct_sample(data))
    result.update(_cochrane_reviews(data))
    result["gold"] = gold
    result["gold_text_only"] = {k: v for k, v in text_only.items() if k != "errors"}
    unseen: list[tuple[dict[str, Any], Paper]] = []
    for name, path in (("dev", DEV), ("heldout", HELDOUT)):
        if path.is_file():
            extra_rows, extra_papers = load_gold(data, path)
            extra = _score(extra_rows, extra_papers, text_only=False)
            result[f"{name}_n"] = extra["n"]
            result[f"{name}_accuracy"] = extra["accuracy"]
            result[f"{name}_macro_f1"] = extra["macro_f1"]
            # The held-out set's errors stay unlisted: it is for measuring, not for reading.
            result[name] = extra if name == "dev" else {k: v for k, v in extra.items() if k != "errors"}
            if name == "heldout":
                unseen.extend(zip(extra_rows, extra_papers, strict=True))
    if FRESH.is_file():
        fresh_rows, fresh_papers = load_gold(data, FRESH)
        for name, half in (("fresh", None), ("fresh_tune", 0), ("fresh_test", 1)):
            keep = [i for i, row in enumerate(fresh_rows) if half is None or row.get("half") == half]
            extra = _score([fresh_rows[i] for i in keep], [fresh_papers[i] for i in keep], text_only=False)
            result[f"{name}_n"] = extra["n"]
            result[f"{name}_accuracy"] = extra["accuracy"]
            result[f"{name}_macro_f1"] = extra["macro_f1"]
            result[name] = (
                extra if name == "fresh_tune" else {k: v for k, v in extra.items() if k != "errors"}
            )
            if name == "fresh_test":
                unseen.extend((fresh_rows[i], fresh_papers[i]) for i in keep)
    if fresh2_rows:
        for suffix, learned in (("", True), ("_rules", False)):
            extra = _score(fresh2_rows, fresh2_papers, text_only=False, learned=learned, models=fresh2_models)
            result[f"fresh2{suffix}_n"] = extra["n"]
            result[f"fresh2{suffix}_accuracy"] = extra["accuracy"]
            result[f"fresh2{suffix}_macro_f1"] = extra["macro_f1"]
            if learned:
                result["fresh2"] = extra
    if unseen:
        # Papers neither the rules nor the learned layer were tuned or trained on, scored by
        # the classifier and by its rules alone.
        unseen_rows, unseen_papers = [r for r, _ in unseen], [p for _, p in unseen]
        for suffix, learned in (("", True), ("_rules", False)):
            extra = _score(unseen_rows, unseen_papers, text_only=False, learned=learned)
            result[f"unseen{suffix}_accuracy"] = extra["accuracy"]
            result[f"unseen{suffix}_macro_f1"] = extra["macro_f1"]
        result["unseen_n"] = len(unseen)
    return result
