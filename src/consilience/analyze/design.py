"""Study-design classification from a paper's title and abstract.

The classifier is a transparent rule system: weighted cue phrases (``design_cues``) are
matched in the title and each abstract section, weighted by where they occur (METHODS and
the title count more than BACKGROUND), discounted when negated ("non-randomized") or when
they speak of other or future studies ("further randomized trials are needed"), and summed
per design. PublicationType and MeSH headings, when a record has them, add strong but
optional priors. A few structural rules then settle the classic confusions (a meta-analysis
*of* randomized trials is a meta-analysis; a registry study is also retrospective; animals in a
paper about patients do not make it an animal study).

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", title="Aspirin for pain: a randomised, double-blind trial",
...               sections=[Section(label="METHODS",
...                                 text="Adults were randomly assigned to aspirin or placebo.")])
>>> call = classify_design(paper)
>>> call.design.value, call.evidence_level, call.human
('rct', 2, True)
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from consilience.analyze.design_context import (
    ARM_COMPARISON,
    DISCOUNT_SENTENCE,
    HUMAN_CUES,
    LAB_VOCABULARY,
    LIVE_ANIMALS,
    MICROBES,
    NEGATION_BEFORE,
    NONRANDOM_QUESTION,
    NOT_DONE_YET,
    PRIOR_MESH,
    PRIOR_PUBTYPES,
    RESEARCH_VOICE,
    TRIAL_POPULATION,
)
from consilience.analyze.design_cues import (
    CUES,
    TAGS,
    Cue,
)
from consilience.analyze.design_model import DesignModel, load_design_model, word_features
from consilience.analyze.fast_patterns import fold_case, folded_twin, trie_regex, trigger_literals
from consilience.model import EVIDENCE_LEVEL, DesignCall, Paper, Span, StudyDesign
from consilience.text import BACKGROUND_SECTION

D = StudyDesign

__all__ = ["ANALYZER_VERSION", "DesignScores", "classify_design", "design_features", "score_design"]

#: Bump when the rules or the learned layer change so that cached analyses are recomputed.
ANALYZER_VERSION = "design-8"

_TITLE_WEIGHT = 1.6
_SECTION_WEIGHTS: tuple[tuple[re.Pattern[str], float], ...] = (
    (BACKGROUND_SECTION, 0.35),
    (
        re.compile(
            r"METHOD|DESIGN|SETTING|PARTICIPANT|PATIENT|MATERIAL|SUBJECT|INTERVENTION|SEARCH|"
            r"DATA SOURCE|STUDY SELECTION|ELIGIB|SOURCE|POPULATION|PROCEDURE|ANIMALS"
        ),
        1.3,
    ),
    (re.compile(r"CONCLU|INTERPRETATION|IMPLICATION|DISCUSSION|COMMENT"), 0.6),
    (re.compile(r"RESULT|FINDING|OUTCOME|MEASURE"), 0.8),
    (re.compile(r"OBJECTIVE|AIM|PURPOSE|GOAL|QUESTION|HYPOTHES"), 1.0),
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_COHORTS = (D.PROSPECTIVE_COHORT, D.RETROSPECTIVE_COHORT, D.REGISTRY)
_LAB = (D.ANIMAL, D.IN_VITRO)


@dataclass(frozen=True)
class _Hit:
    design: StudyDesign
    weight: float
    section: int
    start: int
    end: int
    text: str
    where: str
    explicit: bool
    shared: bool
    tag: str = ""


@dataclass
class DesignScores:
    """Raw per-design scores with the hits behind them (exposed for evaluation and tuning)."""

    scores: dict[StudyDesign, float]
    hits: list[_Hit]
    shared_cohort: float
    explicit: dict[StudyDesign, float]
    human: float
    research: int
    lab: int
    prior: StudyDesign | None
    #: Weighted evidence per cue tag (design_cues.TAGS); "allocation" and "randomized" count
    #: explicit hits only (title, METHODS or an unlabelled abstract).
    tags: dict[str, float] = field(default_factory=dict)
    #: The folded title and abstract, for whole-text rules that matter only for some papers.
    folded: str = field(default="", repr=False)

    @functools.cached_property
    def secondary(self) -> bool:
        """Trial participants (or their data) studied for a question other than the randomized one.

        The randomized arms are never compared, so the protection of randomization does not extend
        to it (eval/gold/DESIGN_LABELS.md). Computed on demand: it matters only when a trial leads.
        """
        return (
            _TRIAL_POPULATION.search(self.folded) is not None and _ARM_COMPARISON.search(self.folded) is None
        )

    @functools.cached_property
    def nonrandom(self) -> bool:
        """A secondary analysis whose question is a non-randomized exposure or prognostic factor."""
        return self.secondary and _NONRANDOM_QUESTION.search(self.folded) is not None


def _section_weight(label: str, category: str) -> float:
    key = f"{category} {label}".upper()
    if not key.strip():
        return 1.0
    for pattern, weight in _SECTION_WEIGHTS:
        if pattern.search(key):
            return weight
    return 1.0


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a text."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _negated(text: str, start: int) -> bool:
    return NEGATION_BEFORE.search(text[max(0, start - 24) : start]) is not None


def _units(paper: Paper) -> list[tuple[int, str, float, str]]:
    """(section index, text, position weight, where) for the title and each section."""
    units: list[tuple[int, str, float, str]] = []
    if paper.title:
        units.append((-1, paper.title, _TITLE_WEIGHT, "title"))
    structured = sum(1 for s in paper.sections if s.label or s.category) >= 2
    for index, section in enumerate(paper.sections):
        weight = _section_weight(section.label, section.category) if structured else 1.0
        where = (section.label or section.category or "abstract").strip() or "abstract"
        units.append((index, section.text, weight, where))
    return units


#: Shorter literals ("i" for "I²") occur in nearly every sentence: such a pattern just always runs.
_MIN_TRIGGER = 3


class TriggerIndex:
    """Which of many patterns can match in each sentence, found in one pass over the text.

    Running every cue regex (over a hundred) on every sentence was most of the time of
    analysing a paper (issue #4). Each pattern's :func:`trigger_literals` go into one trie-shaped regex; a sentence
    is offered to a pattern only when it holds one of that pattern's literals.

    >>> index = TriggerIndex([re.compile(r"\\bplacebo\\b"), re.compile(r"\\bcohort", re.I), re.compile(r"\\d")])
    >>> text = "Placebo was given. A Cohort followed. None."
    >>> index.candidates(fold_case(text), [(0, 18), (19, 37), (38, 43)])
    [[0, 2], [1, 2], [2]]
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        triggers = [trigger_literals(p) for p in patterns]
        usable = [t if t is not None and min(map(len, t)) >= _MIN_TRIGGER else None for t in triggers]
        every = {lit for t in usable if t is not None for lit in t}
        # A literal holding another is found wherever that one is: keep only the innermost, so
        # that no two literals can start at the same place and one scan finds every occurrence.
        inner = sorted(lit for lit in every if not any(o != lit and o in lit for o in every))
        self._always = frozenset(i for i, t in enumerate(usable) if t is None)
        index: dict[str, set[int]] = {lit: set() for lit in inner}
        for i, t in enumerate(usable):
            for lit in t or ():
                for core in inner:
                    if core in lit:
                        index[core].add(i)
        self._patterns = {lit: frozenset(ids) for lit, ids in index.items()}
        # A trie regex: sre tries alternatives one by one, so shared prefixes are factored out.
        self._regex = re.compile(trie_regex(inner)) if inner else None

    def candidates(self, folded: str, bounds: Sequence[tuple[int, int]]) -> list[list[int]]:
        """Per sentence of ``folded`` (a :func:`fold_case` text), the patterns that may match."""
        found: list[set[str]] = [set() for _ in bounds]
        starts = [start for start, _ in bounds]
        regex = self._regex
        match = regex.search(folded) if regex is not None else None
        while match is not None and regex is not None:
            at = bisect.bisect_right(starts, match.start()) - 1
            if at >= 0 and match.end() <= bounds[at][1]:
                found[at].add(match.group())
            # From the next character, not the end of this match: two literals may overlap.
            match = regex.search(folded, match.start() + 1)
        return [sorted(self._always.union(*(self._patterns[lit] for lit in lits))) for lits in found]


_CUE_INDEX = TriggerIndex([cue.pattern for cue in CUES] + [DISCOUNT_SENTENCE])
_DISCOUNT = len(CUES)


@dataclass(frozen=True)
class _Runner:
    """A cue with the fastest equivalent patterns: twins run on the folded sentence."""

    cue: Cue
    pattern: re.Pattern[str]
    pattern_folded: bool
    unless: re.Pattern[str] | None
    unless_folded: bool

    @classmethod
    def of(cls, cue: Cue) -> _Runner:
        pattern = folded_twin(cue.pattern)
        unless = folded_twin(cue.unless) if cue.unless is not None else None
        return cls(
            cue,
            pattern or cue.pattern,
            pattern is not None,
            unless or cue.unless,
            unless is not None,
        )

    def spans(self, sentence: str, folded: str) -> list[tuple[int, int]]:
        """Where the cue matches the sentence, unless vetoed (``folded``: its fold_case)."""
        # The pattern runs first: ``unless`` only matters in the rare sentence where a cue matches.
        target = folded if self.pattern_folded else sentence
        # Most candidate sentences hold no match: one search() is cheaper than finditer() and a list.
        first = self.pattern.search(target)
        if first is None:
            return []
        if first.end() > first.start():
            # finditer goes on from the end of a non-empty match (look-behinds still see before it).
            found = [first.span(), *(m.span() for m in self.pattern.finditer(target, first.end()))]
        else:
            found = [m.span() for m in self.pattern.finditer(target)]
        unless = self.unless
        if unless is not None and unless.search(folded if self.unless_folded else sentence) is not None:
            return []
        return found


_RUNNERS = tuple(_Runner.of(cue) for cue in CUES)
_DISCOUNT_FOLDED = folded_twin(DISCOUNT_SENTENCE)


def _discounted(sentence: str, folded: str) -> bool:
    if _DISCOUNT_FOLDED is not None:
        return _DISCOUNT_FOLDED.search(folded) is not None
    return DISCOUNT_SENTENCE.search(sentence) is not None


def _match_cues(paper: Paper) -> list[_Hit]:
    hits: list[_Hit] = []
    unstructured = not any(s.label or s.category for s in paper.sections)
    for section, text, base, where in _units(paper):
        sentences = _sentences(text)
        folded = fold_case(text)
        candidates = _CUE_INDEX.candidates(folded, sentences)
        for number, (s_start, s_end) in enumerate(sentences):
            sentence = text[s_start:s_end]
            low = folded[s_start:s_end]
            cues = candidates[number]
            weight = base
            if cues and cues[-1] == _DISCOUNT and _discounted(sentence, low):
                weight *= 0.25
            elif unstructured and section >= 0 and number == 0 and len(sentences) > 3:
                weight *= 0.6  # an unstructured abstract usually opens with background
            for index in cues:
                if index == _DISCOUNT:
                    continue
                runner = _RUNNERS[index]
                cue = runner.cue
                for m_start, m_end in runner.spans(sentence, low):
                    start = s_start + m_start
                    if cue.negatable and _negated(text, start):
                        continue
                    hits.append(
                        _Hit(
                            cue.design,
                            cue.weight * weight,
                            section,
                            start,
                            s_start + m_end,
                            sentence[m_start:m_end],
                            where,
                            _is_explicit(cue, base),
                            cue.shared,
                            cue.tag,
                        )
                    )
    return hits


def _is_explicit(cue: Cue, position_weight: float) -> bool:
    """An explicit design name counts as such in the title, METHODS or an unlabelled abstract."""
    return cue.explicit and position_weight >= 1.0


def _twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    twin = folded_twin(pattern)
    if twin is None:  # pragma: no cover - a pattern with inline flags or non-ASCII letters
        raise ValueError(f"{pattern.pattern[:40]!r}... has no folded twin (see folded_twin)")
    return twin


# Whole-text patterns, run on the folded title and abstract (see folded_twin).
_HUMAN_CUES = _twin(HUMAN_CUES)
_RESEARCH_VOICE = _twin(RESEARCH_VOICE)
_LAB_VOCABULARY = _twin(LAB_VOCABULARY)
_LIVE_ANIMALS = _twin(LIVE_ANIMALS)
#: The words every LIVE_ANIMALS match holds ("mice", "in vivo", " model", ...): most abstracts hold
#: none, and the whole-text scan, whose "in|of <word> mice" tries every "in" and "of", is spared.
_LIVE_ANIMAL_WORDS = trigger_literals(LIVE_ANIMALS)
_MICROBES = _twin(MICROBES)
_NOT_DONE_YET = _twin(NOT_DONE_YET)
_TRIAL_POPULATION = _twin(TRIAL_POPULATION)
_NONRANDOM_QUESTION = _twin(NONRANDOM_QUESTION)
_ARM_COMPARISON = _twin(ARM_COMPARISON)


def score_design(paper: Paper, use_metadata: bool = True) -> DesignScores:
    """Per-design cue scores for a paper; ``use_metadata=False`` ignores PublicationType/MeSH."""
    hits = _match_cues(paper)
    scores = {design: 0.0 for design in StudyDesign}
    explicit: dict[StudyDesign, float] = {}
    shared = 0.0
    per_cue: dict[tuple[StudyDesign, str], float] = {}
    tags: dict[str, float] = {}
    for hit in hits:
        # Repeating one phrase adds little: each distinct cue text counts fully once, then 25%.
        key = (hit.design, hit.text.lower())
        gain = hit.weight if key not in per_cue else 0.25 * hit.weight
        per_cue[key] = per_cue.get(key, 0.0) + gain
        if hit.shared:
            shared += gain
        else:
            scores[hit.design] += gain
        if hit.explicit:
            explicit[hit.design] = explicit.get(hit.design, 0.0) + gain
        if hit.tag and (hit.explicit or hit.tag not in ("allocation", "randomized")):
            tags[hit.tag] = tags.get(hit.tag, 0.0) + gain
    text = f"{paper.title}\n{paper.abstract}"
    folded = fold_case(text)
    human = float(len(_HUMAN_CUES.findall(folded)))
    research = len(_RESEARCH_VOICE.findall(folded))
    lab = len({text[m.start() : m.end()].lower() for m in _LAB_VOCABULARY.finditer(folded)})
    prior: StudyDesign | None = None
    if use_metadata:
        prior = _apply_priors(paper, scores)
        if any(m.descriptor.lower() == "humans" for m in paper.mesh):
            human += 3.0
    return DesignScores(scores, hits, shared, explicit, human, research, lab, prior, tags, folded)


def _apply_priors(paper: Paper, scores: dict[StudyDesign, float]) -> StudyDesign | None:
    best: tuple[float, StudyDesign] | None = None
    for ptype in paper.publication_types:
        for design, weight in PRIOR_PUBTYPES.get(ptype.strip().lower(), ()):
            scores[design] += weight
            if best is None or weight > best[0]:
                best = (weight, design)
    mesh = {m.descriptor.strip().lower() for m in paper.mesh}
    for heading in mesh:
        for design, weight in PRIOR_MESH.get(heading, ()):
            scores[design] += weight
    if "animals" in mesh and "humans" not in mesh:
        scores[D.ANIMAL] += 5.0
    return best[1] if best is not None else None


def _top(s: dict[StudyDesign, float], among: tuple[StudyDesign, ...] | None = None) -> StudyDesign:
    order = list(StudyDesign)
    pool = among if among is not None else tuple(StudyDesign)
    return max(pool, key=lambda d: (s[d], -order.index(d)))


def _decide(ds: DesignScores) -> tuple[StudyDesign, dict[StudyDesign, float], list[str]]:
    """The winning design, the adjusted scores it was chosen from, and notes on the rules used."""
    s = dict(ds.scores)
    notes: list[str] = []
    # Shared cohort vocabulary joins whichever cohort design has the more specific evidence.
    if ds.shared_cohort:
        s[_top(s, _COHORTS)] += ds.shared_cohort
    clinical = max(s[d] for d in StudyDesign if d not in (*_LAB, D.OTHER))
    # Evidence syntheses: a meta-analysis *of RCTs* mentions randomization a lot.
    if max(s[D.META_ANALYSIS], s[D.SYSTEMATIC_REVIEW]) >= 4.0:
        rest = max(s[d] for d in StudyDesign if d not in (D.META_ANALYSIS, D.SYSTEMATIC_REVIEW, D.RCT))
        # A systematic review that pools anything is a meta-analysis (eval/gold/DESIGN_LABELS.md).
        pooled = 2.0 if s[D.SYSTEMATIC_REVIEW] >= 4.0 else 3.5
        if s[D.META_ANALYSIS] >= pooled and s[D.META_ANALYSIS] + s[D.SYSTEMATIC_REVIEW] >= 0.6 * rest:
            notes.append("evidence synthesis with pooled estimates")
            return D.META_ANALYSIS, s, notes
        # A design the authors name outright outranks a search's vocabulary: "Cross sectional
        # study of registered trials; 395 met the inclusion criteria" counts trials, not a review.
        outranked = any(
            v >= 3.0 and s[d] >= s[D.SYSTEMATIC_REVIEW]
            for d, v in ds.explicit.items()
            if d not in (D.META_ANALYSIS, D.SYSTEMATIC_REVIEW, D.RCT, *_LAB)
        )
        if s[D.SYSTEMATIC_REVIEW] >= 5.0 and s[D.SYSTEMATIC_REVIEW] >= 0.6 * rest and not outranked:
            notes.append("systematic literature search")
            return D.SYSTEMATIC_REVIEW, s, notes
    # Animal / cell work: the subjects decide, unless patients dominate.
    lab = max(s[D.ANIMAL], s[D.IN_VITRO])
    # People randomly allocated in this study: cells or blood taken from them are measurements.
    randomized = ds.tags.get("allocation", 0.0) + ds.tags.get("randomized", 0.0)
    people_allocated = randomized >= 3.0 and s[D.ANIMAL] < 2.0
    if lab >= 2.0 and lab >= 0.35 * ds.human + 1.0 and lab >= 0.6 * clinical and not people_allocated:
        if ds.research == 0 and (s[D.NARRATIVE_REVIEW] > 0 or ds.lab >= 3):
            notes.append("laboratory topic, no study of its own described")
            return D.NARRATIVE_REVIEW, s, notes
        # Live animals anywhere make it animal work; a species word named once beside stronger
        # cell work ("unlike in mouse", "mouse embryonic stem cells") does not.
        live = _live_animals(ds.folded)
        species = sum(1 for hit in ds.hits if hit.design is D.ANIMAL and hit.text.lower() != "in vivo")
        if s[D.ANIMAL] >= 2.0 and (live or species >= 2 or s[D.ANIMAL] >= s[D.IN_VITRO]):
            notes.append("animal subjects")
            return D.ANIMAL, s, notes
        if live and s[D.ANIMAL] > 0:
            notes.append("cell work with live animals")
            return D.ANIMAL, s, notes
        notes.append("cells or molecules studied in the laboratory")
        return D.IN_VITRO, s, notes
    for design in _LAB:
        s[design] = 0.0
    if _top(s) is D.RCT and ds.prior is not D.RCT and ds.secondary:
        # A survey or interview study of trial participants has its own design.
        own = _top(s, (D.CROSS_SECTIONAL, D.OTHER))
        if s[own] >= 4.0 and ds.tags.get("allocation", 0.0) < 3.0:
            notes.append("a study of its own among trial participants")
            s[own] = max(s[own], s[D.RCT]) + 1.0
            return own, s, notes
        if ds.nonrandom:
            cohort = D.RETROSPECTIVE_COHORT if s[D.RETROSPECTIVE_COHORT] > 0 else D.PROSPECTIVE_COHORT
            notes.append("trial participants analysed for a non-randomized exposure")
            s[cohort] = max(s[cohort], s[D.RCT]) + 1.0
            return cohort, s, notes
    # An economic evaluation run inside a trial whose participants were randomly allocated is a
    # report of that trial; one built on a decision model is not (eval/gold/DESIGN_LABELS.md).
    if (
        _top(s) is D.OTHER
        and ds.tags.get("economic", 0.0) > 0
        and ds.tags.get("model", 0.0) == 0
        and randomized >= 3.0
    ):
        notes.append("economic evaluation within a randomized trial")
        s[D.RCT] = max(s[D.RCT], s[D.OTHER]) + 1.0
        return D.RCT, s, notes
    # A registry or claims study is retrospective by nature: its timing words support it.
    if s[D.REGISTRY] >= 2.5 and s[D.REGISTRY] >= 0.4 * s[D.RETROSPECTIVE_COHORT]:
        s[D.REGISTRY] += 0.6 * s[D.RETROSPECTIVE_COHORT]
    # A design named outright in the title or METHODS outranks vocabulary-level evidence.
    named = {d: v for d, v in ds.explicit.items() if d not in _LAB and v >= 3.0}
    if named:
        best_named = max(named, key=lambda d: (s[d], named[d]))
        # "A prospective study" whose participants were randomly allocated is a randomized trial.
        if best_named is D.PROSPECTIVE_COHORT and ds.tags.get("allocation", 0.0) >= 3.0:
            notes.append("prospective, with participants randomly allocated")
            return D.RCT, s, notes
        if s[best_named] >= 0.5 * max(s.values()):
            notes.append("design named by the authors")
            return best_named, s, notes
    best = _top(s)
    if s[best] < 1.0:
        if ds.lab >= 4 and ds.research >= 1:
            notes.append("laboratory vocabulary, no clinical design")
            return D.IN_VITRO, s, notes
        if ds.research == 0 and ds.lab + ds.human >= 2:
            notes.append("no study of its own described")
            return D.NARRATIVE_REVIEW, s, notes
        notes.append("no design cues found")
        return D.OTHER, s, notes
    return best, s, notes


def _live_animals(folded: str) -> bool:
    """Whether the work used live animals (``LIVE_ANIMALS``), with "in vivo" not counted inside
    microbes or for work still to be done."""
    if _LIVE_ANIMAL_WORDS is not None and not any(map(folded.__contains__, _LIVE_ANIMAL_WORDS)):
        return False
    microbes: bool | None = None
    for found in _LIVE_ANIMALS.finditer(folded):
        if not found.group("vivo"):
            return True
        if microbes is None:
            microbes = _MICROBES.search(folded) is not None
        if not microbes and not _NOT_DONE_YET.search(folded, max(0, found.start() - 60), found.start()):
            return True
    return False


def _confidence(scores: dict[StudyDesign, float], design: StudyDesign) -> float:
    top = scores[design]
    others = sorted((v for d, v in scores.items() if d != design), reverse=True)
    runner = others[0] if others else 0.0
    margin = top - runner
    # A logistic in the margin, shrunk when the total evidence is thin.
    p = 1.0 / (1.0 + math.exp(-0.6 * margin))
    strength = 1.0 - math.exp(-max(top, 0.0) / 3.0)
    return round(max(0.05, min(0.99, 0.15 + 0.84 * p * strength)), 3)


#: Branches of :func:`_decide` whose call the learned layer leaves alone: a labelling convention
#: (eval/gold/DESIGN_LABELS.md) or the authors' own words, not a weighing of vocabulary. The
#: layer has seen few such papers and had overruled them from their vocabulary: secondary
#: analyses of trials called "rct", "this non-randomized study ... were not randomized" called
#: "rct", a pooling of six case-control studies called "case-control". Leaving them alone cost two
#: of the 168 unseen papers of eval/design.py (accuracy 0.768 -> 0.756).
_RULES_DECIDE = frozenset(
    {
        "a study of its own among trial participants",
        "trial participants analysed for a non-randomized exposure",
        "economic evaluation within a randomized trial",
        "prospective, with participants randomly allocated",
        "design named by the authors",
        "evidence synthesis with pooled estimates",
    }
)


def design_features(
    ds: DesignScores,
    rules_design: StudyDesign,
    adjusted: dict[StudyDesign, float],
    notes: Sequence[str],
) -> dict[str, float]:
    """What the learned layer (:mod:`consilience.analyze.design_model`) reads of a paper.

    Each design's cue score, as summed (``s:``), as the rules adjusted it (``a:``) and as named
    outright (``e:``); the cue tags; the counts of human, research-voice and laboratory words;
    live animals; the PublicationType/MeSH prior; the rules' call and the branch that made it;
    and the words of the title and abstract. Scores enter as log(1 + x): a cue named five times
    is not five times the evidence.
    """
    features: dict[str, float] = {f"rule={rules_design.value}": 1.0}
    for note in notes:
        features[f"note={note}"] = 1.0
    for design in StudyDesign:
        features[f"s:{design.value}"] = math.log1p(max(ds.scores[design], 0.0))
        features[f"a:{design.value}"] = math.log1p(max(adjusted[design], 0.0))
        features[f"e:{design.value}"] = math.log1p(ds.explicit.get(design, 0.0))
    for tag in TAGS:
        features[f"t:{tag}"] = math.log1p(ds.tags.get(tag, 0.0))
    features["human"] = math.log1p(ds.human)
    features["research"] = math.log1p(ds.research)
    features["lab"] = math.log1p(ds.lab)
    features["shared"] = math.log1p(ds.shared_cohort)
    # Live animals matter only beside laboratory cues; the whole-text search is the dearest part.
    lab_cues = ds.scores[D.ANIMAL] > 0 or ds.scores[D.IN_VITRO] > 0
    features["live"] = 1.0 if lab_cues and _live_animals(ds.folded) else 0.0
    if ds.prior is not None:
        features[f"prior={ds.prior.value}"] = 1.0
    features.update(word_features(ds.folded))
    return features


def classify_design(
    paper: Paper, use_metadata: bool = True, learned: bool = True, model: DesignModel | None = None
) -> DesignCall:
    """Classify a paper's study design, with confidence, evidence level and deciding spans.

    The rules score and decide; the learned layer (:mod:`consilience.analyze.design_model`),
    when its weights are installed and ``learned`` is true, makes the final call from the
    rules' evidence and the abstract's words, and its probability is the confidence. ``model``
    replaces the shipped weights (the evaluation scores models trained without the paper).
    ``use_metadata=False`` ignores PublicationType and MeSH (used to evaluate the text rules
    against those very fields).
    """
    ds = score_design(paper, use_metadata=use_metadata)
    rules_design, adjusted, notes = _decide(ds)
    design = rules_design
    reasons: list[str] = list(notes)
    probability: float | None = None
    if not learned or not _RULES_DECIDE.isdisjoint(notes) or not ds.folded.strip():
        model = None
    elif model is None:
        model = load_design_model()
    if model is not None:
        probs = model.predict_proba(design_features(ds, rules_design, adjusted, notes))
        best = max(probs, key=probs.__getitem__)
        design, probability = StudyDesign(best), probs[best]
        if design is not rules_design:
            reasons.append(
                f"learned layer: {design.value} ({probability:.2f}); the rules alone: {rules_design.value}"
            )
    supporting = sorted(
        (h for h in ds.hits if h.design == design or (h.shared and design in _COHORTS)),
        key=lambda h: -h.weight,
    )
    spans: list[Span] = []
    seen: set[tuple[int, int, int]] = set()
    for hit in supporting:
        key = (hit.section, hit.start, hit.end)
        if key in seen:
            continue
        seen.add(key)
        spans.append(
            Span(paper_id=paper.id, section=hit.section, start=hit.start, end=hit.end, text=hit.text)
        )
        reasons.append(f"'{hit.text}' in {hit.where} (+{hit.weight:.1f})")
        if len(spans) == 3:
            break
    if ds.prior is not None and ds.prior == design:
        reasons.append("publication type agrees")
    if probability is not None:
        confidence = round(max(0.05, min(0.99, probability)), 3)
    else:
        confidence = 0.2 if not spans else _confidence(adjusted, design)
    if design in _LAB:
        human: bool | None = False
    elif ds.human > 0 or design is not D.OTHER:
        human = True
    else:
        human = None
    return DesignCall(
        design=design,
        confidence=confidence,
        evidence_level=EVIDENCE_LEVEL[design],
        human=human,
        spans=spans,
        reasons=reasons,
    )
