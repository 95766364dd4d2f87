"""Stance on PubMedQA (500 expert labels): 10-fold cross-validation, two settings.

(a) the full abstract with its conclusion (LONG_ANSWER), our product's setting;
(b) "reasoning-required": the conclusion hidden (published: majority 55.2%, BioBERT 68.1%,
human 78.0%). In each fold the learned layer is trained from scratch on the other nine
folds (both settings of each training item) by ``consilience.analyze.train_stance.train``,
which picks its hyperparameters by an inner cross-validation over those nine folds only;
the test fold is never seen in training or tuning. Predictions go through the product's
own path (rules, model, ``combine``). Features do not depend on the fold, so they are
computed once. A rules-only row shows the fallback, and a model-only row the learned layer
before ``combine``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from consilience.analyze.stance import combine
from consilience.analyze.train_stance import featurize, load_pubmedqa, train
from eval._stance import scores, stratified_folds

NAME = "stance_pubmedqa"
DESCRIPTION = "PubMedQA yes/no/maybe, 10-fold CV, with (a) and without (b) the conclusion"
CLASSES = ("yes", "possibly", "no")
FOLDS = 10


def run(data: Path) -> dict[str, Any]:
    path = data / "pubmedqa" / "pqal_train.json"
    with_c = load_pubmedqa(path, with_conclusion=True)
    without_c = load_pubmedqa(path, with_conclusion=False)
    gold = [e.label for e in with_c]
    keys = [e.key for e in with_c]
    feats_a = [featurize(e) for e in with_c]
    feats_b = [featurize(e) for e in without_c]
    pred_a = [""] * len(gold)
    pred_b = [""] * len(gold)
    model_a = [""] * len(gold)
    model_b = [""] * len(gold)
    chosen: list[dict[str, Any]] = []
    for test in stratified_folds(gold, FOLDS, seed=0):
        held = set(test.tolist())
        tr = [i for i in range(len(gold)) if i not in held]
        rows = [feats_a[i][1] for i in tr] + [feats_b[i][1] for i in tr]
        model = train(rows, [gold[i] for i in tr] * 2, [keys[i] for i in tr] * 2)
        chosen.append(
            {
                k: model.meta[k]
                for k in ("C", "offset", "offset_candidate", "inner_cv_score", "inner_cv_log_loss")
            }
        )
        for i in held:
            for feats, pred, alone in ((feats_a, pred_a, model_a), (feats_b, pred_b, model_b)):
                rule, x = feats[i]
                probs = model.predict_proba(x)
                pred[i] = combine(rule, probs)[0]
                alone[i] = max(probs, key=lambda c: probs[c])
    rules_a = [combine(rule, None)[0] for rule, _ in feats_a]
    rules_b = [combine(rule, None)[0] for rule, _ in feats_b]
    a, b = scores(gold, pred_a, CLASSES), scores(gold, pred_b, CLASSES)
    ra, rb = scores(gold, rules_a, CLASSES), scores(gold, rules_b, CLASSES)
    ma, mb = scores(gold, model_a, CLASSES), scores(gold, model_b, CLASSES)
    return {
        "a_accuracy": a["accuracy"],
        "a_macro_f1": a["macro_f1"],
        "b_accuracy": b["accuracy"],
        "b_macro_f1": b["macro_f1"],
        "model_only_a_accuracy": ma["accuracy"],
        "model_only_b_accuracy": mb["accuracy"],
        "rules_a_accuracy": ra["accuracy"],
        "rules_a_macro_f1": ra["macro_f1"],
        "rules_b_accuracy": rb["accuracy"],
        "a_with_conclusion": a,
        "b_reasoning_required": b,
        "model_only_a": ma,
        "model_only_b": mb,
        "hyperparameters_per_fold": chosen,
        "folds": FOLDS,
    }
