"""PICO spans on EBM-NLP (dev): token-level precision, recall and F1 per element.

EBM-NLP labels participants (PAR), interventions (INT, comparators included) and outcomes
(OUT) token by token. Each abstract is rebuilt from its tokens (joined by single spaces),
run through :func:`consilience.analyze.pico.extract_pico_from_text`, and a token counts as
predicted for an element when a predicted span overlaps it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from consilience.analyze.pico import extract_pico_from_text

NAME = "pico"
DESCRIPTION = "EBM-NLP dev: PICO token F1 (PAR, INT, OUT) of the rule-based span extractor"

_KINDS = {"PAR": ("population",), "INT": ("intervention", "comparator"), "OUT": ("outcome",)}


def read_ebmnlp(path: Path) -> list[list[tuple[str, str]]]:
    """Documents as lists of (token, label) with the 'I-' prefix dropped ('O' stays)."""
    docs: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                current = []
                docs.append(current)
                continue
            if not line.strip() or current is None:
                continue
            parts = line.split()
            label = parts[-1]
            current.append((parts[0], label[2:] if label[:2] in {"I-", "B-"} else label))
    return docs


def run(data: Path) -> dict[str, Any]:
    docs = read_ebmnlp(data / "ebmnlp" / "dev.txt")
    counts = {k: [0, 0, 0] for k in _KINDS}  # tp, fp, fn
    for doc in docs:
        offsets: list[tuple[int, int]] = []
        pieces: list[str] = []
        pos = 0
        for token, _label in doc:
            offsets.append((pos, pos + len(token)))
            pieces.append(token)
            pos += len(token) + 1
        found = extract_pico_from_text(" ".join(pieces))
        for label, kinds in _KINDS.items():
            spans = sorted((a, b) for kind in kinds for _t, a, b in found[kind])
            for (start, end), (_token, gold) in zip(offsets, doc, strict=True):
                predicted = any(a < end and start < b for a, b in spans)
                actual = gold == label
                if predicted and actual:
                    counts[label][0] += 1
                elif predicted:
                    counts[label][1] += 1
                elif actual:
                    counts[label][2] += 1
    result: dict[str, Any] = {"documents": len(docs)}
    f1s = []
    for label, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        result[f"{label}_precision"] = round(precision, 4)
        result[f"{label}_recall"] = round(recall, 4)
        result[f"{label}_f1"] = round(f1, 4)
    result["macro_f1"] = round(sum(f1s) / len(f1s), 4)
    return result
