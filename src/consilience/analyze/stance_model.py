"""Features for question/abstract stance and the JSON-weights model that scores them.

The learned layer of stance (see ``docs/stance.md``) is a multinomial logistic regression
over two kinds of features of a (question, abstract) pair:

* engineered cues: negation, non-significance ("no significant difference", a CI that
  crosses 1, p >= 0.05), hedging ("may", "further studies"), significance, the direction
  the question asks against the direction the finding reports, and the rule-based verdict;
* hashed, negation-marked n-grams of the conclusion, of the results and of the sentence
  that best matches the question (CRC32 hashing, so features are stable across runs and
  Python versions, unlike ``hash()``).

Only numpy is needed at run time: the model is a versioned JSON file of sparse weights
(``consilience/data/stance_model.json``) written by ``python -m
consilience.analyze.train_stance``.

>>> feats = pair_features("Does aspirin reduce mortality?",
...                       [("CONCLUSIONS", "Aspirin did not reduce mortality.")])
>>> feats[feature_index("cue:c:neg")] > 0
True
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from consilience.analyze.stance_words import (
    DOWN_PREFIXES,
    DOWN_WORDS,
    HEDGE_PATTERNS,
    NEG_EVAL_PATTERNS,
    NEGATORS,
    NONSIG_PATTERNS,
    POS_EVAL_PATTERNS,
    QUESTION_CUES,
    SAME_PATTERNS,
    SCOPE_END,
    SIG_PATTERNS,
    STOPWORDS,
    UP_PREFIXES,
    UP_WORDS,
)

#: Format of the JSON weights file; a file of another format is rejected with a message.
MODEL_FORMAT = "consilience-stance-model"
MODEL_FORMAT_VERSION = 2
#: Number of hashed feature slots (2**22, so that collisions are rare). Only the slots seen in
#: training carry weights.
DIM = 1 << 22
#: Classes the learned layer predicts, in the order of the weight columns.
CLASSES: tuple[str, ...] = ("yes", "possibly", "no")

_WORD_RE = re.compile(r"[a-z][a-z0-9'\-]*|\d+(?:\.\d+)?|[<>≤≥=]")
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_NO_SPLIT_BEFORE = re.compile(r"(?:\b(?:vs|e\.g|i\.e|et al|approx|no|fig|ref|cf|resp)\.)$", re.IGNORECASE)


#: Total weight of a region's n-grams (divided by the square root of its length).
NGRAM_SCALE = 1.0
CONCLUSION_LABELS = ("CONCL", "INTERPRET", "IMPLICATION", "SUMMARY", "DISCUSSION", "LONG_ANSWER")
RESULT_LABELS = ("RESULT", "FINDING", "OUTCOME")

_CI_RE = re.compile(
    r"\b(?P<m>HR|OR|RR|IRR|aHR|aOR|aRR|hazard ratio|odds ratio|relative risk|risk ratio)\b"
    r"[^0-9]{0,25}?(?P<v>\d+(?:\.\d+)?)"
    r"[^0-9;]{1,25}?(?:\d{2}(?:\.\d)?\s*%\s*)?(?:CI|confidence interval)[^0-9]{0,12}?(?P<lo>\d+(?:\.\d+)?)\s*(?:-|–|—|to|,)\s*(?P<hi>\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_P_RE = re.compile(r"\bp\s*(?P<op>[<>=≤≥]|&lt;|&gt;)\s*(?P<v>0?\.\d+|1(?:\.0+)?)", re.IGNORECASE)


def feature_index(name: str) -> int:
    """The hashed slot of a feature name (CRC32, stable everywhere)."""
    return zlib.crc32(name.encode("utf-8")) % DIM


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping 'vs.' and decimals together.

    >>> split_sentences("HR 0.66 vs. 0.8 was seen. No harm occurred.")
    ['HR 0.66 vs. 0.8 was seen.', 'No harm occurred.']
    """
    pieces = _SENT_RE.split(text.strip())
    out: list[str] = []
    for piece in pieces:
        if out and _NO_SPLIT_BEFORE.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    return out


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower().replace("n't", " not"))


#: Words for people: "people without established cardiovascular disease" says who was studied.
_PEOPLE = frozenset(
    [
        "patients",
        "people",
        "persons",
        "individuals",
        "participants",
        "subjects",
        "women",
        "men",
        "children",
        "adults",
        "adolescents",
        "infants",
        "girls",
        "boys",
        "those",
        "volunteers",
        "controls",
        "cases",
        "smokers",
        "users",
    ]
)
#: After "no", words that describe people rather than deny a finding: "no history of diabetes".
_HISTORY = frozenset(["history", "prior", "previous", "known"])


def opens_negation(tokens: Sequence[str], index: int) -> bool:
    """Whether ``tokens[index]`` negates what follows it, rather than describing people.

    "X did not improve survival" negates; "patients without cardiovascular disease", "men with
    no history of infarction" and "with or without chemotherapy" describe who was studied.

    >>> opens_negation(["did", "not", "improve"], 1), opens_negation(["patients", "without", "diabetes"], 1)
    (True, False)
    """
    token = tokens[index]
    if token not in NEGATORS:
        return False
    before = tokens[max(0, index - 3) : index]
    if token == "without":
        if before[-2:] == ["with", "or"]:
            return False
        if before and before[-1] not in SCOPE_END and _PEOPLE.intersection(before):
            return False
    return not (token == "no" and index + 1 < len(tokens) and tokens[index + 1] in _HISTORY)


def count_negators(tokens: Sequence[str]) -> int:
    """How many tokens negate what follows them (see :func:`opens_negation`)."""
    return sum(opens_negation(tokens, i) for i, token in enumerate(tokens) if token in NEGATORS)


def negation_marked(tokens: Sequence[str]) -> list[str]:
    """Prefix tokens in the scope of a negator with ``NOT_`` (scope ends at a contrast word).

    >>> negation_marked(["did", "not", "improve", "survival"])
    ['did', 'not', 'NOT_improve', 'NOT_survival']
    >>> negation_marked(["patients", "without", "heart", "disease", "lived", "longer"])[-1]
    'longer'
    """
    out: list[str] = []
    scope = 0
    for index, tok in enumerate(tokens):
        if tok in SCOPE_END:
            scope = 0
        if scope:
            out.append("NOT_" + tok)
            scope -= 1
        else:
            out.append(tok)
        if tok in NEGATORS and opens_negation(tokens, index):
            scope = 6
    return out


def content_words(text: str) -> set[str]:
    return set(content_sequence(text))


def content_sequence(text: str) -> list[str]:
    """The content words of ``text`` in order, stemmed as :func:`content_words` stems them."""
    return [_stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2 and not w[0].isdigit()]


def _stem(word: str) -> str:
    for suffix in (
        "ations",
        "ation",
        "ities",
        "ity",
        "ness",
        "ments",
        "ment",
        "ings",
        "ing",
        "ies",
        "ed",
        "es",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def count_patterns(patterns: Iterable[str], text: str) -> int:
    low = text.lower()
    return sum(len(re.findall(p, low)) for p in patterns)


@dataclass(frozen=True)
class Numbers:
    """Significance read from the numbers in a text: ratio CIs and p-values."""

    ci_excludes_1: int = 0
    ci_crosses_1: int = 0
    ratio_below_1: int = 0
    ratio_above_1: int = 0
    p_sig: int = 0
    p_nonsig: int = 0


def read_numbers(text: str) -> Numbers:
    """Count ratio CIs that exclude / cross 1 and p-values below / above 0.05.

    >>> read_numbers("HR 0.66, 95% CI 0.49-0.88; p=0.40").ci_excludes_1
    1
    """
    excl = cross = below = above = 0
    for m in _CI_RE.finditer(text):
        value, lo, hi = float(m["v"]), float(m["lo"]), float(m["hi"])
        if not lo <= value <= hi:
            continue
        if lo > 1.0 or hi < 1.0:
            excl += 1
            below += value < 1.0
            above += value > 1.0
        else:
            cross += 1
    sig = nonsig = 0
    for m in _P_RE.finditer(text):
        op = {"&lt;": "<", "&gt;": ">"}.get(m["op"], m["op"])
        value = float(m["v"])
        if (op in "<≤" and value <= 0.05) or (op == "=" and value < 0.05):
            sig += 1
        elif (op in ">≥" and value >= 0.05) or (op == "=" and value >= 0.05):
            nonsig += 1
    return Numbers(excl, cross, below, above, sig, nonsig)


def word_direction(token: str) -> int:
    """+1 for a word of increase ('raised', 'higher'), -1 for decrease ('lowered'), else 0.

    >>> word_direction("lowered"), word_direction("improves"), word_direction("mortality")
    (-1, 1, 0)
    """
    if token in UP_WORDS or token.startswith(UP_PREFIXES):
        return 1
    if token in DOWN_WORDS or token.startswith(DOWN_PREFIXES):
        return -1
    return 0


def question_direction_sign(question: str) -> int:
    """+1 if the question asks about an increase/improvement, -1 for a decrease, else 0."""
    return sentence_direction_sign(words(question))


def sentence_direction_sign(tokens: Sequence[str]) -> int:
    signs = [word_direction(t) for t in tokens]
    up, down = signs.count(1), signs.count(-1)
    return (up > down) - (down > up)


def split_regions(sections: Sequence[tuple[str, str]]) -> tuple[list[str], list[str], list[str]]:
    """Sentences of the conclusion, of the results, and of everything else."""
    concl: list[str] = []
    results: list[str] = []
    other: list[str] = []
    for label, text in sections:
        up = label.upper()
        sents = split_sentences(text)
        if any(k in up for k in CONCLUSION_LABELS):
            concl.extend(sents)
        elif any(k in up for k in RESULT_LABELS):
            results.extend(sents)
        else:
            other.extend(sents)
    if not concl and not results and len(sections) <= 1 and len(other) >= 4:
        # An unstructured abstract: its last two sentences usually carry the conclusion.
        concl, other = other[-2:], other[:-2]
    return concl, results, other


def best_sentence(question: str, sentences: Sequence[str]) -> tuple[int, float]:
    """Index and overlap (share of the question's content words) of the best-matching sentence."""
    qwords = content_words(question)
    if not qwords or not sentences:
        return -1, 0.0
    best, best_score = -1, -1.0
    for i, sent in enumerate(sentences):
        score = len(qwords & content_words(sent)) / len(qwords)
        if score > best_score:
            best, best_score = i, score
    return best, best_score


_CUE_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nonsig", NONSIG_PATTERNS),
    ("hedge", HEDGE_PATTERNS),
    ("sig", SIG_PATTERNS),
    ("negeval", NEG_EVAL_PATTERNS),
    ("poseval", POS_EVAL_PATTERNS),
    ("same", SAME_PATTERNS),
)


def _cues(prefix: str, text: str, feats: dict[str, float]) -> set[str]:
    """Counts of negation, non-significance, hedging, ... cues; returns the names present."""
    present: set[str] = set()
    neg = count_negators(words(text))
    values = [("neg", neg), *((name, count_patterns(pats, text)) for name, pats in _CUE_PATTERNS)]
    for name, value in values:
        if value:
            feats[f"cue:{prefix}:{name}"] = math.log1p(value)
            feats[f"cue:{prefix}:{name}:any"] = 1.0
            present.add(name)
    return present


def _ngrams(prefix: str, tokens: Sequence[str], feats: dict[str, float], weight: float = 1.0) -> None:
    for i, tok in enumerate(tokens):
        feats[f"{prefix}:{tok}"] = weight
        if i:
            feats[f"{prefix}:{tokens[i - 1]}_{tok}"] = weight


def _numbers(prefix: str, text: str, feats: dict[str, float]) -> set[str]:
    nums = read_numbers(text)
    present: set[str] = set()
    for name in ("ci_excludes_1", "ci_crosses_1", "p_sig", "p_nonsig"):
        value = getattr(nums, name)
        if value:
            feats[f"num:{prefix}:{name}"] = math.log1p(value)
            present.add(name)
    return present


def _alignment(prefix: str, qwords: set[str], marked: Sequence[str], feats: dict[str, float]) -> set[str]:
    """How much of the question a text repeats, and whether the repeated words are negated."""
    plain = {_stem(t) for t in marked if not t.startswith("NOT_")}
    negated = {_stem(t[4:]) for t in marked if t.startswith("NOT_")}
    present: set[str] = set()
    if not qwords:
        return present
    feats[f"{prefix}:overlap"] = len(qwords & plain) / len(qwords)
    hit = len(qwords & negated)
    if hit:
        feats[f"{prefix}:neg_q"] = math.log1p(hit)
        present.add("negq")
    return present


def named_features(
    question: str,
    sections: Sequence[tuple[str, str]],
    rule_answer: str | None = None,
    rule_flags: Iterable[str] = (),
) -> dict[str, float]:
    """The features of one (question, abstract) pair by name.

    Groups (the prefix before the first colon): ``q`` the question's own words and type;
    ``c``/``c1``/``r``/``b`` negation-marked n-grams of the conclusion (without one: the last
    results sentences), its first sentence, the last results sentences and the sentence of
    the conclusion that best matches the question; ``cue``/``num``
    counts of negation, non-significance, hedging, significance, evaluative and "no
    difference" words, CIs and p-values per region; ``x`` crosses of question words with the
    conclusion's cues and of the question's direction with the finding's; ``rule`` the rule
    verdict and its flags.
    """
    feats: dict[str, float] = {"bias": 1.0}
    concl, results, other = split_regions(sections)
    qtoks = words(question)
    qwords = content_words(question)
    qset = set(qtoks)
    if qtoks:
        feats[f"q:first:{qtoks[0]}"] = 1.0
    qneg = bool(qset & NEGATORS)
    if qneg:
        feats["q:neg"] = 1.0
    qdir = question_direction_sign(question)
    feats[f"q:dir:{qdir}"] = 1.0
    qcues = {f"qw:{t}" for t in qset & QUESTION_CUES}
    if qtoks:
        qcues.add(f"qf:{qtoks[0]}")
    if qneg:
        qcues.add("qneg")
    for cue in qcues:
        feats[f"q:{cue}"] = 1.0
    _ngrams("qt", qtoks, feats, 1.0 / math.sqrt(max(len(qtoks), 1)))
    if rule_answer:
        feats[f"rule:{rule_answer}"] = 1.0
    for flag in rule_flags:
        feats[f"rule:{flag}"] = 1.0
        if rule_answer:
            feats[f"rule:{rule_answer}:{flag}"] = 1.0

    evidence = concl[:4] if concl else (results[-4:] if results else other[-3:])
    regions = [("c", evidence), ("c1", evidence[:1]), ("r", results[-4:] if results else other[-3:])]
    main_cues: set[str] = set()
    for prefix, sents in regions:
        if not sents:
            feats[f"empty:{prefix}"] = 1.0
            continue
        text = " ".join(sents)
        marked = negation_marked(words(text))
        _ngrams(prefix, marked, feats, NGRAM_SCALE / math.sqrt(max(len(marked), 1)))
        cues = (
            _cues(prefix, text, feats)
            | _numbers(prefix, text, feats)
            | _alignment(prefix, qwords, marked, feats)
        )
        if prefix == "c":
            main_cues = cues
        elif prefix == "c1":
            main_cues |= {f"first_{c}" for c in cues}
    for qc in qcues:
        for cc in main_cues:
            feats[f"x:{qc}:{cc}"] = 1.0
    # The sentence of the evidence that best matches the question.
    idx, overlap = best_sentence(question, evidence)
    feats["best:overlap"] = overlap
    if idx >= 0:
        sent = evidence[idx]
        toks = words(sent)
        marked = negation_marked(toks)
        _ngrams("b", marked, feats, NGRAM_SCALE / math.sqrt(max(len(marked), 1)))
        bcues = _cues("b", sent, feats) | _alignment("b", qwords, marked, feats)
        sdir = sentence_direction_sign(toks)
        sneg = count_negators(toks) > 0
        feats[f"x:qdir{qdir}:sdir{sdir}:sneg{int(sneg)}"] = 1.0
        feats[f"x:qneg{int(qneg)}:sneg{int(sneg)}"] = 1.0
        feats[f"x:sneg{int(sneg)}:hedge{int('hedge' in bcues)}"] = 1.0
    feats["has:concl"] = 1.0 if concl else 0.0
    return feats


def pair_features(
    question: str,
    sections: Sequence[tuple[str, str]],
    rule_answer: str | None = None,
    rule_flags: Iterable[str] = (),
) -> dict[int, float]:
    """The hashed feature vector of a (question, abstract) pair as {slot: value}."""
    out: dict[int, float] = {}
    for name, value in named_features(question, sections, rule_answer, rule_flags).items():
        if value:
            slot = feature_index(name)
            out[slot] = out.get(slot, 0.0) + value
    return out


class StanceModelError(ValueError):
    """The weights file is missing, malformed or of an unsupported version."""


@dataclass(frozen=True)
class StanceModel:
    """Sparse multinomial logistic regression weights loaded from JSON."""

    classes: tuple[str, ...]
    intercept: np.ndarray[Any, np.dtype[np.float64]]
    rows: dict[int, np.ndarray[Any, np.dtype[np.float64]]]
    meta: dict[str, Any]

    def predict_proba(self, feats: dict[int, float]) -> dict[str, float]:
        """Class probabilities for one feature vector."""
        scores = self.intercept.copy()
        for slot, value in feats.items():
            row = self.rows.get(slot)
            if row is not None:
                scores += value * row
        scores -= scores.max()
        probs = np.exp(scores)
        probs /= probs.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}

    def to_json(self) -> dict[str, Any]:
        slots = sorted(self.rows)
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_FORMAT_VERSION,
            "dim": DIM,
            "classes": list(self.classes),
            "intercept": [round(float(v), 5) for v in self.intercept],
            "slots": slots,
            "weights": [[round(float(v), 5) for v in self.rows[s]] for s in slots],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StanceModel:
        if data.get("format") != MODEL_FORMAT:
            raise StanceModelError("not a Consilience stance model file")
        if data.get("version") != MODEL_FORMAT_VERSION or data.get("dim") != DIM:
            raise StanceModelError(
                f"stance model version {data.get('version')} is not supported (expected "
                f"{MODEL_FORMAT_VERSION}); retrain with `python -m consilience.analyze.train_stance`"
            )
        classes = tuple(data["classes"])
        rows = {
            int(s): np.asarray(w, dtype=np.float64)
            for s, w in zip(data["slots"], data["weights"], strict=True)
        }
        return cls(classes, np.asarray(data["intercept"], dtype=np.float64), rows, dict(data.get("meta", {})))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")


def load_model(path: str | Path | None = None) -> StanceModel | None:
    """The shipped model (or the one at ``path``); None when no weights file is installed."""
    if path is not None:
        return StanceModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    return _shipped_model()


@lru_cache(maxsize=1)
def _shipped_model() -> StanceModel | None:
    resource = resources.files("consilience").joinpath("data/stance_model.json")
    if not resource.is_file():
        return None
    return StanceModel.from_json(json.loads(resource.read_text(encoding="utf-8")))
