"""The answer to a question: verdict, certainty, pooled effects and a cited narrative.

:func:`build_answer` is the pure core of ``consilience ask``. It takes the papers search found,
each with its study facts and its stance on the question, and

1. sorts them into tiers by design: published meta-analyses and systematic reviews, randomized
   trials (each trial once, by its latest report), observational studies, and the rest
   (case series, narrative reviews, animal and lab work);
2. reads every extracted estimate in its sentence (which outcome, which way round, whether
   it is a subgroup) and pools primary studies with statsmodels' random-effects
   ``combine_effects``, randomized and observational apart, never with meta-analyses, whose own
   pooled estimates are shown beside ours;
3. decides the verdict (yes / no / possibly / mixed / insufficient evidence) from the strongest
   tier present, weighing papers by design and size, checks it against the pooled randomized
   estimate, and says when randomized and observational studies disagree;
4. rates certainty GRADE-style per outcome;
5. writes the narrative as :class:`~consilience.model.Claim` sentences built from extracted
   facts only, each citing its papers, and drops any sentence the checker refuses.

Every sentence that states a finding cites the papers it rests on, every number is either
printed in a cited paper or declared as Consilience's own arithmetic (counts, pooled
estimates), and :func:`consilience.verify.keep_verified` runs before anything is returned.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consilience.analyze.direction import DECREASED, INCREASED, NO_DIFFERENCE, predict_direction
from consilience.analyze.sentences import split_sentences
from consilience.analyze.stance import OTHER_POPULATION_REASON, WAY_ASKED_REASON, is_preclinical_question
from consilience.model import (
    EVIDENCE_LEVEL,
    Answer,
    AnswerSection,
    Claim,
    ClaimFacts,
    Effect,
    GradeRating,
    Paper,
    PooledEstimate,
    Question,
    Reference,
    ReportedEstimate,
    Stance,
    StudyCard,
    StudyDesign,
    StudyFacts,
)
from consilience.question import is_exposure, is_question_form
from consilience.synthesize.grade import OBSERVATIONAL, StudyEvidence, grade_outcome
from consilience.synthesize.meter import build_meter, evidence_weight
from consilience.synthesize.outcomes import (
    SUBGROUP,
    comparison_reversed,
    effect_context,
    effect_outcome,
    is_subgroup,
    mentions_outcome,
    outcome_key,
)
from consilience.synthesize.pool import RATIO_MEASURES, PoolInput, can_pool, pool_random_effects
from consilience.synthesize.trials import latest_reports, trial_keys
from consilience.text import (
    CALLS_FOR_MORE,
    UNNAMED_STUDY,
    count_words,
    indefinite,
    less_of,
    name_studies,
    plural,
    with_long_forms,
)
from consilience.verify import keep_verified, numbers_in, printed_in

__all__ = ["LABELS", "Candidate", "build_answer"]

LABELS = ("yes", "no", "possibly", "mixed", "insufficient evidence")
#: Fewer papers than this addressing the question: "insufficient evidence".
MIN_ADDRESSING = 2
#: Study cards shown.
MAX_CARDS = 10
_REVIEWS = frozenset({StudyDesign.META_ANALYSIS, StudyDesign.SYSTEMATIC_REVIEW})
_PRECLINICAL = frozenset({StudyDesign.ANIMAL, StudyDesign.IN_VITRO})


@dataclass
class Candidate:
    """One paper search returned, read in full: its facts and its stance on the question."""

    paper: Paper
    facts: StudyFacts
    stance: Stance
    rank: int
    tier: str = ""
    label: str = ""
    weight: float = 0.0
    superseded_by: str | None = None
    estimates: list[ReportedEstimate] = field(default_factory=list)
    exposure: bool = False  # the question asks about an exposure, which no trial assigns

    @property
    def id(self) -> str:
        return self.paper.id

    @property
    def addresses(self) -> bool:
        return self.stance.answer in ("yes", "possibly", "no")


def _all_other_people(question: Question, top: Sequence[Candidate]) -> bool:
    """Whether a question names its people and none of the studies a verdict would rest on
    studied them ("Is magnesium sulphate safe in pregnancy?" over trials in heart surgery and
    in children): a verdict then would be about other people."""
    return bool(question.population) and bool(top) and all(_other_population(c) for c in top)


def _other_population(c: Candidate) -> bool:
    """Whether the stance found the paper's people to differ from those asked about."""
    return any(r.startswith(OTHER_POPULATION_REASON) for r in c.stance.reasons)


def _tier(design: StudyDesign) -> str:
    if design in _REVIEWS:
        return "review"
    if design == StudyDesign.RCT:
        return "randomized"
    if design in OBSERVATIONAL:
        return "observational"
    return "other"


_TRIAL_CODE = re.compile(r"^[A-Z][A-Za-z]{0,7}-?\d{1,5}(?:-\d{1,3})?$")


def study_label(paper: Paper, design: StudyDesign | None = None) -> str:
    """How prose names a study: a trial by its code when it has one, else 'First author year'.

    Reviews name the trials they include, so only trials are named by a code.
    """
    if design in (StudyDesign.RCT, StudyDesign.NON_RANDOMIZED_TRIAL, None):
        codes = sorted(k for k in trial_keys(paper) if _TRIAL_CODE.match(k))
        if codes:
            return codes[0]
    author = next((a.last_name or a.collective for a in paper.authors if a.last_name or a.collective), "")
    if author:
        return f"{author} et al. {paper.year}" if paper.year else f"{author} et al."
    journal = paper.journal.iso_abbrev or paper.journal.title
    if journal:
        return f"a {paper.year} study in {journal}" if paper.year else f"a study in {journal}"
    return UNNAMED_STUDY


#: How prose names each design, as a noun ("a case-control study", not "a case control").
_DESIGN_NAMES = {
    StudyDesign.META_ANALYSIS: "meta-analysis",
    StudyDesign.SYSTEMATIC_REVIEW: "systematic review",
    StudyDesign.RCT: "randomized trial",
    StudyDesign.NON_RANDOMIZED_TRIAL: "non-randomized trial",
    StudyDesign.PROSPECTIVE_COHORT: "prospective cohort study",
    StudyDesign.RETROSPECTIVE_COHORT: "retrospective cohort study",
    StudyDesign.REGISTRY: "registry study",
    StudyDesign.CASE_CONTROL: "case-control study",
    StudyDesign.CROSS_SECTIONAL: "cross-sectional study",
    StudyDesign.CASE_SERIES: "case series",
    StudyDesign.CASE_REPORT: "case report",
    StudyDesign.NARRATIVE_REVIEW: "narrative review",
    StudyDesign.GUIDELINE: "guideline",
    StudyDesign.ANIMAL: "animal study",
    StudyDesign.IN_VITRO: "laboratory study",
    StudyDesign.OTHER: "study",
}
#: The observational designs in the plural, for "observational studies (cohorts and ...)".
_OBSERVATIONAL_PLURALS = {
    StudyDesign.NON_RANDOMIZED_TRIAL: "non-randomized trials",
    StudyDesign.PROSPECTIVE_COHORT: "cohorts",
    StudyDesign.RETROSPECTIVE_COHORT: "cohorts",
    StudyDesign.REGISTRY: "registry analyses",
    StudyDesign.CASE_CONTROL: "case-control studies",
    StudyDesign.CROSS_SECTIONAL: "cross-sectional studies",
}


def design_name(design: StudyDesign) -> str:
    """A design as prose names it.

    >>> design_name(StudyDesign.CASE_CONTROL), design_name(StudyDesign.RCT)
    ('case-control study', 'randomized trial')
    """
    return _DESIGN_NAMES.get(design, "study")


#: For an exposure, a trial's participants are a cohort: the trial randomized something else.
_TRIAL_COHORT, _TRIAL_COHORTS = "a cohort within a randomized trial", "cohorts within trials"


def _design_plural(name: str) -> str:
    """ "randomized trials", "case-control studies", "case series", "meta-analyses"."""
    if name.endswith("series"):
        return name
    if name.endswith("study"):
        return name[:-1] + "ies"
    if name.endswith("analysis"):
        return name[:-2] + "es"
    return name + "s"


def designs_in_words(designs: Sequence[StudyDesign], exposure: bool = False) -> str:
    """The designs of a few studies, counted: what "Only 3 relevant studies, …, address it" says.

    >>> designs_in_words([StudyDesign.RCT])
    'a randomized trial'
    >>> designs_in_words([StudyDesign.CASE_SERIES, StudyDesign.CASE_CONTROL, StudyDesign.CASE_CONTROL])
    'a case series and two case-control studies'
    >>> designs_in_words([StudyDesign.RCT], exposure=True)  # a trial randomized something else
    'a cohort within a randomized trial'
    """
    counted = Counter(designs)
    parts = []
    for design, n in counted.items():
        if exposure and design == StudyDesign.RCT:
            parts.append(_TRIAL_COHORT if n == 1 else f"{count_words(n)} {_TRIAL_COHORTS}")
            continue
        name = design_name(design)
        parts.append(indefinite(name) if n == 1 else f"{count_words(n)} {_design_plural(name)}")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _observational_kinds(designs: Sequence[StudyDesign]) -> tuple[str, str]:
    """What the observational studies of an answer are, for one and for several.

    >>> _observational_kinds([StudyDesign.CASE_CONTROL, StudyDesign.RETROSPECTIVE_COHORT, StudyDesign.PROSPECTIVE_COHORT])
    ('a case-control study', 'case-control studies and cohorts')
    >>> _observational_kinds([StudyDesign.RCT])  # for an exposure, a trial's participants
    ('a cohort within a randomized trial', 'cohorts within trials')
    """
    # For an exposure a trial's participants are a cohort: the trial randomized something else.
    within = {StudyDesign.RCT: _TRIAL_COHORTS}
    plurals = list(
        dict.fromkeys(_OBSERVATIONAL_PLURALS.get(d) or within.get(d, "other designs") for d in designs)
    )
    several = plurals[0] if len(plurals) == 1 else f"{', '.join(plurals[:-1])} and {plurals[-1]}"
    one = _TRIAL_COHORT if designs[0] == StudyDesign.RCT else indefinite(design_name(designs[0]))
    return one, several


def _review_basis(paper: Paper) -> str:
    """What a meta-analysis pools, as its abstract says (its background aside): "randomized"
    trials, "observational" studies, "both", "prospective trials" or "trials" whose
    randomization it does not state (alone or "... and observational"), or "unstated" when it
    names no design at all (then prose claims none)."""
    text = " ".join(
        s.text for s in paper.sections if not _BACKGROUND_LABEL.match(s.category or s.label or "")
    )
    rand = re.search(r"(?<!non-)(?<!non)randomi[sz]ed|\bRCTs?\b", text, re.IGNORECASE)
    obs = re.search(r"observational|retrospective|cohort|registry|non-?randomi[sz]ed|case series", text, re.I)
    if rand:
        return "both" if obs else "randomized"
    trials = (
        "prospective trials" if _PROSPECTIVE_TRIALS.search(text) else "trials" if _TRIALS.search(text) else ""
    )
    if obs:
        return f"{trials} and observational" if trials else "observational"
    return trials or "unstated"


_BACKGROUND_LABEL = re.compile(r"BACKGROUND|INTRODUCTION|CONTEXT|OBJECTIVE|AIM|PURPOSE", re.IGNORECASE)
_PROSPECTIVE_TRIALS = re.compile(r"\bprospective (?:clinical )?trials\b", re.IGNORECASE)
_TRIALS = re.compile(r"\btrials\b", re.IGNORECASE)


# -- reading estimates ------------------------------------------------------------------


def _null(measure: str) -> float:
    return 1.0 if measure in RATIO_MEASURES else 0.0


def _reciprocal_pair(a: float, b: float) -> bool:
    return a > 0 and b > 0 and abs(a * b - 1.0) < 0.03


def read_estimates(
    candidate: Candidate, group: str, asked: str = "", intervention: str = ""
) -> list[ReportedEstimate]:
    """A paper's estimates with CIs, each with its outcome, oriented intervention vs comparator.

    Subgroup estimates are left out (they are hypotheses, reported apart), and when a paper
    gives the same estimate both ways round (0.69 and 1.45), the one stated as intervention vs
    comparator is kept. For an exposure, whose cohorts report many risk factors side by side,
    an estimate counts only when its sentence names the exposure asked about (``intervention``):
    "each 1-MET increase in exercise capacity (HR 0.90 …)" is no estimate for obesity. (A
    study of a treatment compares the treated with the untreated, often by an abbreviation.)
    """
    from consilience.analyze.stance import names_any

    paper = candidate.paper
    out: list[ReportedEstimate] = []
    for effect in candidate.facts.effects:
        if effect.ci_low is None or effect.ci_high is None or effect.ci_level is None:
            continue
        if is_subgroup(paper, effect):
            continue
        sentence, offset = effect_context(paper, effect)
        if (
            candidate.exposure
            and intervention
            and group != "randomized"
            and not names_any(intervention, _clause_at(sentence, offset))
        ):
            continue
        window = effect.comparison or sentence[max(0, offset - 120) : offset + 80]
        flipped = effect.measure in RATIO_MEASURES and comparison_reversed(window)
        value, low, high = effect.value, effect.ci_low, effect.ci_high
        if flipped:
            if min(value, low, high) <= 0:
                continue
            value, low, high = 1 / value, 1 / high, 1 / low
        out.append(
            ReportedEstimate(
                paper_id=paper.id,
                label=candidate.label,
                outcome=effect_outcome(paper, effect, asked),
                group=group,
                effect=effect,
                reversed=flipped,
                value=value,
                ci_low=low,
                ci_high=high,
            )
        )
    kept: list[ReportedEstimate] = []
    for est in out:
        twin = next(
            (
                k
                for k in kept
                if (k.outcome == est.outcome or "unspecified" in (k.outcome, est.outcome))
                and k.effect.measure == est.effect.measure
                and _reciprocal_pair(k.effect.value, est.effect.value)
            ),
            None,
        )
        if twin is None:
            kept.append(est)
        elif twin.reversed and not est.reversed:
            outcome = twin.outcome if est.outcome == "unspecified" else est.outcome
            kept[kept.index(twin)] = est.model_copy(update={"outcome": outcome})
    return kept


#: Where one finding of a sentence ends and another begins (outside brackets).
_CLAUSE_BREAK = re.compile(r";|,?\s+(?:but|whereas|while|although)\s+", re.IGNORECASE)


def _clause_at(sentence: str, offset: int) -> str:
    """The clause of ``sentence`` holding ``offset``: "Each 1-MET increase in exercise capacity
    conferred a 10% survival benefit (HR 0.90 …)", without "…, but BMI was not associated"."""
    start, end, depth = 0, len(sentence), 0
    for i, char in enumerate(sentence):
        depth += (char in "([") - (char in ")]")
        if depth > 0:
            continue
        m = _CLAUSE_BREAK.match(sentence, i)
        if m is None:
            continue
        if i < offset:
            start = m.end()
        else:
            end = i
            break
    return sentence[start:end]


def _primary(estimates: Sequence[ReportedEstimate], outcome: str) -> ReportedEstimate | None:
    """The first full estimate a paper gives for an outcome (its headline result)."""
    for est in estimates:
        if est.outcome == outcome and est.effect.measure in RATIO_MEASURES | {"MD", "SMD", "RD"}:
            return est
    return None


def _about_outcome(c: Candidate, question: Question, outcome: str) -> None:
    """A stance decided by a sentence about another outcome does not address this question,
    unless the paper reports an estimate for the outcome asked."""
    sentence = c.stance.sentence
    if not c.addresses or sentence is None or not question.outcome:
        return
    # "... reduction in the incidence and severity of PVT": the paper's abbreviation names it.
    text = with_long_forms(sentence.text, "\n".join([c.paper.title, c.paper.abstract]))
    if not mentions_outcome(text, question.outcome, question.intervention) and not any(
        e.outcome == outcome for e in c.estimates
    ):
        c.stance = c.stance.model_copy(
            update={
                "answer": "not-addressed",
                "reasons": [*c.stance.reasons, f"its deciding sentence is not about {question.outcome}"],
            }
        )


def _reconcile(c: Candidate, est: ReportedEstimate | None, asked_sign: int) -> None:
    """Let a paper's headline estimate overrule a stance read from words that contradicts it.

    A stance is read from one deciding sentence, which can be background or a caveat; the
    paper's own estimate for the outcome asked (whole population, not a subgroup) is firmer.
    """
    if est is None or est.effect.measure not in RATIO_MEASURES:
        return
    by_numbers = _estimate_answer(est, asked_sign)
    excl = _excludes_null(est)
    if excl and by_numbers == "yes" and c.stance.answer == "no":
        c.stance = c.stance.model_copy(
            update={
                "answer": "yes",
                "reasons": [*c.stance.reasons, "its headline estimate excludes no effect"],
            }
        )
    elif not excl and c.stance.answer == "yes":
        c.stance = c.stance.model_copy(
            update={
                "answer": "no",
                "reasons": [*c.stance.reasons, "its headline estimate includes no effect"],
            }
        )


def _excludes_null(est: ReportedEstimate) -> bool | None:
    if est.ci_low is None or est.ci_high is None:
        return None
    null = _null(est.effect.measure)
    return not (est.ci_low <= null <= est.ci_high)


# -- words ----------------------------------------------------------------------------------

_VERBS = {
    "improve": ("improve", "improves"),
    "increase": ("increase", "increases"),
    "decrease": ("reduce", "reduces"),
    "worsen": ("worsen", "worsens"),
    "any": ("affect", "affects"),
}


def _fmt(value: float) -> str:
    """A figure as prose prints it: up to three significant decimals, no trailing zeros."""
    if value == 0:
        return "0"
    digits = max(2, 2 - math.floor(math.log10(abs(value))))
    text = f"{value:.{min(digits, 4)}f}".rstrip("0").rstrip(".")
    return text


def _written(value: float) -> str:
    """A figure the paper printed, as it printed it (floats lose trailing zeros only)."""
    return f"{value:g}"


def _estimate_text(est: ReportedEstimate) -> tuple[str, list[str]]:
    """'HR 0.71 (95% CI 0.59–0.86)' and the numbers in it that are ours (reciprocals)."""
    e = est.effect
    level = f"{e.ci_level:g}"
    if est.reversed:
        parts = [_fmt(est.value), _fmt(est.ci_low or 0), _fmt(est.ci_high or 0)]
        text = f"{e.measure} {parts[0]} ({level}% CI {parts[1]}–{parts[2]}; inverted from the paper's {_written(e.value)})"
        return text, parts
    text = (
        f"{e.measure} {_written(e.value)} ({level}% CI {_written(e.ci_low or 0)}–{_written(e.ci_high or 0)})"
    )
    if e.p_text:
        text += f", {e.p_text.replace(' ', '')}"
    return text, []


def _cites(cands: Sequence[Candidate]) -> list[str]:
    seen: list[str] = []
    for c in cands:
        if c.id not in seen:
            seen.append(c.id)
    return seen


def _phrase(question: Question) -> tuple[str, str, str]:
    """(intervention, verb, verb for the intervention as subject): "statins improve", "surgery improves"."""
    intervention = question.intervention or "the intervention"
    verb, verbs = _VERBS.get(question.direction, ("affect", "affects"))
    # The question's own verb when it asked with one ("Can aspirin prevent …?", "Does X prolong
    # survival?"), in the form its claim gives it.
    asked = re.match(rf"{re.escape(intervention)} (\w+)\b", question.claim) if question.intervention else None
    if asked is not None and asked.group(1) in _QUESTION_VERBS:
        verb = _QUESTION_VERBS[asked.group(1)]
        verbs = asked.group(1) if not plural(intervention) else verb
    return intervention, verb, verb if plural(intervention) else verbs


#: The claim verbs of consilience.question (both forms) mapped to their base form.
_QUESTION_VERBS: dict[str, str] = {
    form: base
    for base in ("prevent", "prolong", "shorten", "lower", "raise", "reduce", "increase", "improve", "worsen")
    for form in (base, base + "s")
}


def _tail(question: Question) -> str:
    """What a verdict says the treatment changes: the outcome, in whom, and against what ("reduces
    postoperative nausea compared with metoclopramide": a head-to-head question is not whether
    the drug works at all)."""
    outcome = question.outcome or "the outcomes studied"
    tail = f"{outcome} in {question.population}" if question.population else outcome
    return f"{tail} compared with {question.comparator}" if question.comparator else tail


# -- the answer -----------------------------------------------------------------------------


def _classify(cands: list[Candidate], exposure: bool = False) -> None:
    for c in cands:
        c.exposure = exposure
        c.tier = _tier(c.facts.design.design)
        if exposure and c.tier == "randomized":
            # A trial randomizes a treatment, never an exposure such as obesity: for "is X
            # associated with Y?" its participants are a cohort (eval/gold/DESIGN_LABELS.md).
            c.tier = "observational"
        c.label = study_label(c.paper, c.facts.design.design)
        c.weight = evidence_weight(c.stance, exposure)
    trials = [c for c in cands if c.tier == "randomized"]
    latest = latest_reports([c.paper for c in trials])
    for c in trials:
        newest = latest.get(c.id, c.id)
        if newest != c.id:
            c.superseded_by = newest


def _shares(cands: Sequence[Candidate]) -> dict[str, float]:
    weights: dict[str, float] = dict.fromkeys(("yes", "possibly", "no"), 0.0)
    for c in cands:
        if c.stance.answer in weights:
            weights[c.stance.answer] += max(c.weight, 1e-6)
    total = sum(weights.values())
    return {a: weights[a] / total for a in ("yes", "possibly", "no")} if total else {}


def _label_from(shares: Mapping[str, float]) -> str:
    if not shares:
        return "insufficient evidence"
    yes, maybe, no = shares["yes"], shares["possibly"], shares["no"]
    if yes >= 0.6:
        return "yes"
    if no >= 0.6 or (no >= 0.5 and yes < 0.25):
        return "no"
    if yes + maybe >= 0.6 and maybe > 0:
        return "possibly"
    return "mixed"


def _majority(shares: Mapping[str, float]) -> str:
    if not shares:
        return ""
    return max(("yes", "possibly", "no"), key=lambda a: shares[a])


def _pool(
    estimates: Sequence[ReportedEstimate], outcome: str, group: str
) -> tuple[PooledEstimate | None, list[ReportedEstimate]]:
    """Pool one estimate per study for one outcome, the most common measure only."""
    rows: list[ReportedEstimate] = []
    seen: set[str] = set()
    for est in estimates:
        if est.outcome != outcome or est.paper_id in seen:
            continue
        seen.add(est.paper_id)
        rows.append(est)
    if not rows:
        return None, []
    measure = Counter(r.effect.measure for r in rows).most_common(1)[0][0]
    rows = [r for r in rows if r.effect.measure == measure]
    inputs = [
        PoolInput(
            r.paper_id, r.label, measure, r.value, r.ci_low or 0.0, r.ci_high or 0.0, r.effect.ci_level or 0.0
        )
        for r in rows
    ]
    usable = [(i, r) for i, r in zip(inputs, rows, strict=True) if can_pool(i)]
    if len(usable) < 2:
        return None, [r for _, r in usable]
    pooled = pool_random_effects([i for i, _ in usable], outcome=outcome, group=group)
    return pooled, [r for _, r in usable]


def _grade_design(c: Candidate) -> StudyDesign:
    """The design GRADE starts from: a trial's participants studied for an exposure are a cohort
    (see _classify), and a review that pooled no randomized trial, or any review of an exposure,
    is observational evidence."""
    design = c.facts.design.design
    if design == StudyDesign.RCT and c.tier == "observational":
        return StudyDesign.PROSPECTIVE_COHORT
    if design in _REVIEWS and (c.exposure or _review_basis(c.paper) not in ("randomized", "both")):
        return StudyDesign.PROSPECTIVE_COHORT
    return design


def _study_evidence(c: Candidate, est: ReportedEstimate | None, answer: str | None = None) -> StudyEvidence:
    cues = {b.cue for b in c.facts.bias if b.present}
    blinded: bool | None = None
    if "open-label" in cues:
        blinded = False
    elif cues & {"blinded", "double-blind", "single-blind"}:
        blinded = True
    large = False
    if est is not None and est.effect.measure in RATIO_MEASURES and est.value > 0:
        large = est.value < 0.5 or est.value > 2.0
    return StudyEvidence(
        paper_id=c.id,
        label=c.label,
        design=_grade_design(c),
        n=c.facts.n,
        answer=answer or c.stance.answer,
        blinded=blinded,
        stopped_early="stopped-early" in cues,
        retrospective="retrospective" in cues or c.facts.design.design == StudyDesign.RETROSPECTIVE_COHORT,
        adjusted="propensity-matching" in cues or bool(est and est.effect.adjusted),
        interval_excludes_null=_excludes_null(est) if est is not None else None,
        large_effect=large,
    )


def _estimate_answer(est: ReportedEstimate, asked_sign: int) -> str:
    """yes / no for one estimate: does it show the effect asked about?"""
    excl = _excludes_null(est)
    if not excl:
        return "no"
    below = est.value < _null(est.effect.measure)
    # For harmful events (death, progression) a ratio below 1 is the improvement asked about.
    return "yes" if below == (asked_sign >= 0) else "no"


def settle_stances(question: Question, candidates: Sequence[Candidate]) -> tuple[str, int]:
    """Read each candidate's estimates and settle its stance against them, in place.

    A stance decided by a sentence about another outcome, with no estimate for the one asked,
    becomes "not addressed"; a paper's headline ratio estimate overrules a stance read from
    words that contradicts it. The answer and the meter both count the settled stances.
    Returns the outcome key the question is about and the sign of the effect asked for (+1:
    lower is better, as for deaths; -1: an increase is asked).
    """
    cands = list(candidates)
    _classify(cands, exposure=is_exposure(question))
    q_outcome = outcome_key(question.outcome) if question.outcome else "overall survival"
    if question.direction == "safe":
        q_outcome = "adverse events"
    asked_sign = -1 if question.direction in ("increase", "worsen") else 1
    if q_outcome in ("response",):
        asked_sign = -asked_sign
    # Estimates, oriented and with their outcomes.
    for c in cands:
        group = {"randomized": "randomized", "observational": "observational"}.get(c.tier, c.tier)
        c.estimates = read_estimates(c, group, question.outcome, question.intervention)
        _about_outcome(c, question, q_outcome)
    if not question.outcome and question.direction != "safe":
        # No outcome asked: the one the papers report most (not a default of survival).
        reported = Counter(e.outcome for c in cands for e in c.estimates if e.outcome != "unspecified")
        if reported and q_outcome not in reported:
            q_outcome = reported.most_common(1)[0][0]
    for c in cands:
        if c.addresses:
            _reconcile(c, _primary(c.estimates, q_outcome), asked_sign)
    return q_outcome, asked_sign


def build_answer(
    question: Question,
    candidates: Sequence[Candidate],
    *,
    searched: int,
    plots_dir: str | Path | None = None,
    papers: Mapping[str, Paper] | None = None,
) -> Answer:
    """Synthesize an :class:`Answer` from the candidates, best-ranked first (pure, but for plots).

    Its meter reads the candidates' stances as :func:`settle_stances` leaves them, so the meter
    and the verdict count the same answers (the meter at most
    :data:`~consilience.synthesize.meter.MAX_PAPERS` of them).
    """
    cands = list(candidates)
    exposure = is_exposure(question)
    q_outcome, asked_sign = settle_stances(question, cands)
    meter = build_meter(question, [c.stance for c in cands])
    addressing = [c for c in cands if c.addresses]
    addressing_ids = {c.id for c in addressing}
    trials = [c for c in addressing if c.tier == "randomized" and c.superseded_by is None]
    # A superseded report still addresses the question through its trial's latest report;
    # when the latest report was not retrieved or does not address it, the earlier one stands in.
    for c in addressing:
        if c.tier == "randomized" and c.superseded_by and c.superseded_by not in addressing_ids:
            c.superseded_by = None
            trials.append(c)
    reviews = [c for c in addressing if c.tier == "review"]
    # For an exposure, a review's trials randomized something else: none is randomized evidence.
    rand_reviews = [c for c in reviews if not exposure and _review_basis(c.paper) in ("randomized", "both")]
    observational = [c for c in addressing if c.tier == "observational"]
    other = [c for c in addressing if c.tier == "other"]
    # Animal and laboratory work can carry the verdict on a question about animals, cells or
    # molecules when no study in people addresses it (never on a question about people).
    preclinical = (
        [c for c in other if c.facts.design.design in _PRECLINICAL]
        if is_preclinical_question(question)
        else []
    )

    trial_ests = [e for c in trials for e in c.estimates]
    obs_ests = [e for c in observational for e in c.estimates]
    pooled: list[PooledEstimate] = []
    used: list[ReportedEstimate] = []
    pooled_rand, rand_rows = _pool(trial_ests, q_outcome, "randomized")
    pooled_obs, obs_rows = _pool(obs_ests, q_outcome, "observational")
    for p, rows in ((pooled_rand, rand_rows), (pooled_obs, obs_rows)):
        used.extend(rows)
        if p is not None:
            pooled.append(p)
    published = [e for c in reviews for e in c.estimates if e.outcome == q_outcome]

    # Verdict from the strongest tier present, passing over a tier whose studies are all of other
    # people than those asked about when a weaker one studied them.
    tiers = [
        (trials + rand_reviews, "randomized"),
        (observational + [c for c in reviews if c not in rand_reviews], "observational"),
        (preclinical, "preclinical"),
        (other, "other"),
    ]
    present = [(tier, name) for tier, name in tiers if tier]
    top, basis = next(
        ((tier, name) for tier, name in present if not _all_other_people(question, tier)),
        present[0] if present else ([], "other"),
    )
    shares = _shares(top)
    label = (
        _label_from(shares)
        if len(addressing) >= MIN_ADDRESSING and basis != "other" and not _all_other_people(question, top)
        else "insufficient evidence"
    )
    if pooled_rand is not None and label in ("yes", "no", "mixed"):
        null = _null(pooled_rand.measure)
        crosses = pooled_rand.ci_low <= null <= pooled_rand.ci_high
        favours = (pooled_rand.estimate < null) == (asked_sign >= 0)
        if label == "yes" and crosses:
            label = "possibly"
        elif label == "no" and not crosses and favours:
            label = "mixed"
    obs_shares = _shares(observational)
    rand_majority = _majority(_shares(trials + rand_reviews))
    designs_disagree = bool(
        trials + rand_reviews
        and observational
        and rand_majority
        and _majority(obs_shares)
        and {rand_majority, _majority(obs_shares)} == {"yes", "no"}
    )
    if pooled_rand is not None and pooled_obs is not None:
        # Pooled estimates disagree when one excludes no effect and the other does not, or
        # they exclude it in opposite directions.
        null = _null(pooled_rand.measure)
        sig_r = not pooled_rand.ci_low <= null <= pooled_rand.ci_high
        sig_o = not pooled_obs.ci_low <= null <= pooled_obs.ci_high
        opposite = (pooled_rand.estimate < null) != (pooled_obs.estimate < null)
        designs_disagree = designs_disagree or sig_r != sig_o or (sig_r and sig_o and opposite)

    # Certainty per outcome: the question's, and others the trials report.
    certainty: list[GradeRating] = []
    studies = []
    for c in top if basis != "other" else addressing:
        est = _primary(c.estimates, q_outcome)
        studies.append(_study_evidence(c, est))
    for c in observational:
        if c not in top:
            studies.append(_study_evidence(c, _primary(c.estimates, q_outcome)))
    main_pooled = {"randomized": pooled_rand, "observational": pooled_obs}.get(basis)
    # prose and tables name "risk of type 2 diabetes", not the catch-all key it is matched by
    # The question's outcome in its own words ("mortality", not the key "overall survival"),
    # unless the key only makes them precise ("survival" is graded as "overall survival").
    asked_words = set(question.outcome.lower().split())
    shown = q_outcome if not question.outcome or asked_words <= set(q_outcome.split()) else question.outcome
    if not question.outcome and not any(e.outcome == q_outcome for c in cands for e in c.estimates):
        shown = "this question"  # nothing asked, nothing reported: no outcome to name
    certainty.append(grade_outcome(shown, studies, main_pooled))
    other_outcomes: list[str] = []
    for est in trial_ests:
        if est.outcome not in (q_outcome, "unspecified") and est.outcome not in other_outcomes:
            other_outcomes.append(est.outcome)
    for outcome in other_outcomes[:3]:
        ev = []
        for c in trials:
            est = _primary(c.estimates, outcome)
            if est is not None:
                ev.append(_study_evidence(c, est, _estimate_answer(est, 1)))
        p, _rows = _pool([e for e in trial_ests if e.outcome == outcome], outcome, "randomized")
        if p is not None:
            pooled.append(p)
        certainty.append(grade_outcome(outcome, ev, p))

    writer = _Writer(question, shown, asked_sign)
    summary = writer.summary(
        label, basis, top, trials, rand_reviews, observational, pooled_rand, designs_disagree, certainty[0]
    )
    sections = [
        s
        for s in (
            writer.randomized(trials, cands, q_outcome),
            writer.published(rand_reviews + [c for c in reviews if c not in rand_reviews], published),
            writer.observational(observational, pooled_obs, q_outcome),
            writer.bias(trials + rand_reviews, observational, designs_disagree),
            writer.subgroups(addressing),
            writer.harms(addressing),
            writer.open_questions(addressing, certainty[0]),
        )
        if s is not None and s.claims
    ]

    for claim in [*summary, *(c for s in sections for c in s.claims)]:
        claim.text = claim.text[:1].upper() + claim.text[1:]
    # The checker runs before anything is shown.
    known = dict(papers) if papers is not None else {c.id: c.paper for c in cands}
    kept_summary, dropped = keep_verified(summary, known)
    for section in sections:
        section.claims, problems = keep_verified(section.claims, known)
        dropped.extend(problems)
    sections = [s for s in sections if s.claims]

    answer = Answer(
        question=question,
        searched=searched,
        retrieved=len(cands),
        analyzed=len(cands),
        addressing=len(addressing),
        label=label,
        outcome=q_outcome,
        summary=kept_summary,
        designs_disagree=designs_disagree,
        meter=meter,
        certainty=certainty,
        pooled=pooled,
        published_pooled=published,
        estimates=used,
        sections=sections,
        dropped=[{"sentence": p.sentence, "problem": p.problem} for p in dropped],
    )
    _number_references(answer, cands)
    if plots_dir is not None and pooled:
        answer.plots = _plots(answer, Path(plots_dir))
    return answer


#: What a record without a title is called in references and cards.
_UNTITLED = "Untitled record"


def _citation(paper: Paper, details: str) -> str:
    """A reference's text: title and bibliographic details, or for a record with neither title
    nor PMID/DOI (a bare abstract from a dataset) what it is and its library id, so that a reader
    can still find it (``consilience show ID``).

    >>> _citation(Paper(id="bc:7", title=""), "")
    'Untitled record (library id bc:7)'
    """
    text = f"{paper.title or (_UNTITLED + '.' if details else _UNTITLED)} {details}".strip()
    if not paper.title and not (paper.ids.pmid or paper.ids.doi):
        text += f" (library id {paper.id})"
    return text


def _number_references(answer: Answer, cands: Sequence[Candidate]) -> None:
    """References in order of first citation, then the remaining study cards."""
    from consilience.render.terminal import format_citation

    order: list[str] = []
    for claim in answer.claims():
        for pid in claim.cites:
            if pid not in order:
                order.append(pid)
    by_id = {c.id: c for c in cands}
    ranked = sorted(
        (c for c in cands if c.addresses),
        key=lambda c: (EVIDENCE_LEVEL.get(c.facts.design.design, 5), c.superseded_by is not None, c.rank),
    )
    for c in ranked[:MAX_CARDS]:
        if c.id not in order:
            order.append(c.id)
    for number, pid in enumerate(order, start=1):
        paper = by_id[pid].paper if pid in by_id else None
        if paper is None:
            continue
        answer.references.append(
            Reference(
                number=number,
                paper_id=pid,
                citation=_citation(paper, format_citation(paper)),
                pmid=paper.ids.pmid,
                doi=paper.ids.doi,
            )
        )
    numbers = answer.ref_numbers()
    for c in ranked[:MAX_CARDS]:
        takeaway = c.facts.takeaway.text if c.facts.takeaway else ""
        answer.cards.append(
            StudyCard(
                paper_id=c.id,
                ref=numbers[c.id],
                title=c.paper.title or _UNTITLED,
                first_author=c.paper.authors[0].display if c.paper.authors else "",
                journal=c.paper.journal.iso_abbrev or c.paper.journal.title,
                year=c.paper.year,
                design=str(c.facts.design.design),
                evidence_level=c.facts.design.evidence_level,
                n=c.facts.n,
                takeaway=takeaway,
                answer=c.stance.answer,
                answer_sentence=c.stance.sentence.text if c.stance.sentence else "",
                effects=[e.effect for e in c.estimates][:4],
                relevance_rank=c.rank,
            )
        )


def _plots(answer: Answer, out: Path) -> list[str]:
    from consilience.render.plots import forest_plot

    out.mkdir(parents=True, exist_ok=True)
    files: list[str] = []
    for i, p in enumerate(answer.pooled, start=1):
        stem = out / f"forest-{i}-{p.group}-{re.sub(r'[^a-z0-9]+', '-', p.outcome.lower()).strip('-')}"
        title = f"{p.outcome}: {p.group} studies ({p.measure}, random effects)"
        files.extend(str(f) for f in forest_plot(p, stem, title=title))
    return files


# -- the prose ------------------------------------------------------------------------------

_HARMS = re.compile(
    r"quality of life|\bQoL\b|adverse events?(?: rates?)?|adverse (?:drug )?(?:effects?|reactions?)|"
    r"complications?(?: rates?)?|toxicit\w*|side effects?|morbidity|"
    r"treatment-related deaths?|wound (?:complications?|infections?|healing|dehiscence|problems)|"
    r"lymphoedema|lymphedema",
    re.IGNORECASE,
)
#: Abbreviations among the harms, written out in the answer.
_SPELLED_OUT = {"qol": "quality of life"}
#: Words before a harm that rule it out: "without (producing) any serious adverse effects", "no
#: complications", "free of side effects". The qualifier is kept: "no serious adverse events" is
#: not "no adverse events".
_RULED_OUT = re.compile(
    r"\b(?:without|with no|had no|there were no|no|free (?:of|from)|absence of)\s+"
    r"(?:(?:producing|causing|inducing|any|other)\s+){0,2}"
    r"(?P<qualifier>(?:(?:significant|serious|severe|major|notable|obvious|apparent|drug-related|"
    r"treatment-related|clinically relevant|clinically significant)\s+){0,2})$",
    re.IGNORECASE,
)
_OPEN = CALLS_FOR_MORE
_BIASES = (
    (
        "selection bias",
        re.compile(r"selection bias|selected|selection of|fitter|better prognos", re.IGNORECASE),
        "Patients chosen for treatment outside a trial tend to be fitter, younger or to have less disease "
        "(selection bias).",
    ),
    (
        "confounding by indication",
        re.compile(r"confound|by indication|unmeasured|residual", re.IGNORECASE),
        "The reasons a treatment is offered are often the same reasons a patient does well, and statistical "
        "adjustment or propensity matching only removes the differences that were measured (confounding by "
        "indication).",
    ),
    (
        "immortal-time bias",
        re.compile(r"immortal[- ]time|guarantee[- ]time|survivorship bias|landmark", re.IGNORECASE),
        "Patients must survive long enough to receive a later treatment, which credits the treated group with "
        "survival time it was guaranteed (immortal-time bias).",
    ),
)


_NOT_FINDINGS = re.compile(
    r"BACKGROUND|INTRODUCTION|OBJECTIVE|AIM|PURPOSE|METHOD|DESIGN|SETTING|PARTICIPANT", re.I
)


def _sentences_of(paper: Paper, *, findings_only: bool = False) -> list[str]:
    """A paper's sentences; ``findings_only`` skips labelled background and methods sections."""
    out: list[str] = []
    for section in paper.sections:
        if findings_only and _NOT_FINDINGS.search(section.label or section.category or ""):
            continue
        out.extend(section.text[a:b] for a, b in split_sentences(section.text))
    return out


_GENERIC_SUBGROUP_WORDS = frozenset(
    [
        "those",
        "patients",
        "women",
        "men",
        "participants",
        "subjects",
        "subgroup",
        "subgroups",
        "with",
        "who",
        "aged",
        "analysis",
        "analyses",
        "defined",
        "by",
        "the",
        "and",
        "or",
        "of",
        "a",
        "an",
    ]
)


#: What makes a phrase a subgroup rather than a restatement of the population.
_MODIFIER = re.compile(
    r"receptor|HER2|triple|hormone|bone|viscer|brain|liver|lung|single|solitary|oligo|limited|younger|older|"
    r"\bage\b|aged|premenopaus|postmenopaus|grade|performance|comorbid|\bmen\b|\bmale|female|race|ethnic|"
    r"BMI|obes|diabet|smok|burden|number of|site|organ|respon|node|nodal|tumou?r size|low-risk|high-risk|"
    r"mutation|positive|negative|elderly|children|pregnan",
    re.IGNORECASE,
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9-]+", text.lower()) if len(w) > 2}


_FINITE_VERB = re.compile(
    r"\b(?:was|were|is|are|had|has|have|showed|shows|did|does|improved|reduced|increased|prolonged)\b",
    re.IGNORECASE,
)
_GROUP_AFTER = re.compile(
    r"\b(?:in|among|for)\s+(?!(?:this|these|our|the)\s+(?:registry|cohort|study|trial|analysis|database|series)\b)(.+)$",
    re.IGNORECASE,
)
#: "with the possible exception of younger or premenopausal patients": the one group that differed.
_EXCEPTION = re.compile(
    r"\bexception (?:of|being)\s+(?:the\s+)?([^,;.()]{3,70}?)\s*(?=[,;.()]|$)", re.IGNORECASE
)
#: "No subgroup benefited", "none of the subgroups differed": the overall result holds throughout.
_NO_SUBGROUP = re.compile(
    r"\b(?:no|none of the|neither|in no)\s+(?:\w+\s+)?(?:pre-?specified\s+)?sub-?groups?\b", re.IGNORECASE
)
#: "… in this registry", "… in our cohort": where the study was done, not the group.
_STUDY_TAIL = re.compile(
    r"\s+(?:in|among)\s+(?:this|these|our|the)\s+(?:registry|cohort|study|trial|analysis|database|series)\b.*$",
    re.IGNORECASE,
)


#: What a review's estimate pooled, as its own clause says ("pooled randomized trials showed …
#: (HR 1.03 …), whereas pooled observational studies showed … (HR 0.66 …)").
_POOLED_KIND = (
    (re.compile(r"\brandomi[sz]ed\b|\bRCTs?\b", re.IGNORECASE), "in randomized trials"),
    (
        re.compile(r"\bobservational\b|\bcohorts?\b|\bregistr(?:y|ies)\b|\bretrospective\b", re.IGNORECASE),
        "in observational studies",
    ),
)
_CLAUSE_START = re.compile(r"[.;]\s|\b(?:whereas|while|but|however)\b(?![^()]*\))", re.IGNORECASE)


def _pooled_from(paper: Paper, effect: Effect) -> str:
    """ "in randomized trials" / "in observational studies" when the clause holding a review's
    estimate names one kind of study only; "" otherwise."""
    span = effect.span
    if span is None:
        return ""
    if span.section < 0:
        text = paper.title
    elif span.section < len(paper.sections):
        text = paper.sections[span.section].text
    else:
        return ""
    before = text[: span.start]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    clause = before[starts[-1] if starts else 0 :]
    kinds = [label for pattern, label in _POOLED_KIND if pattern.search(clause)]
    return kinds[0] if len(kinds) == 1 else ""


def _subgroup_phrase(sentence: str, prefer: set[str] | None = None) -> str:
    """The subgroup a sentence reports on; the part naming a ``prefer`` word when there is one."""
    exception = _EXCEPTION.search(sentence)
    if exception:  # "No subgroup benefited, with the possible exception of younger patients"
        return exception.group(1).strip()
    if prefer:
        for part in re.split(r"[,;()]|\band\b", sentence):
            if _words(part) & prefer:
                part = part.strip()
                if _FINITE_VERB.search(part):
                    # A clause ("surgery was associated with longer survival in HER2-positive
                    # disease in this registry"): the group is what follows its "in".
                    group = _GROUP_AFTER.search(part)
                    if group is None:
                        continue
                    part = group.group(1)
                part = re.sub(r"^\s*(?:and|or|in|among|for)\s+", "", part, flags=re.IGNORECASE)
                part = _STUDY_TAIL.sub("", part.rstrip(" ."))
                if part and not numbers_in(part):
                    return part
    m = re.search(
        r"\b(?:in|among|for)\s+((?:those|patients|women|men|participants|subjects|the subgroup)\s+"
        r"(?:with|aged|younger|older|who|of)\b[^,;.()]{3,70}?)(?=[,;.()]|\s+(?:had|was|were|showed|did|than|compared|versus|vs)\b|$)",
        sentence,
        re.IGNORECASE,
    )
    if m:
        return re.sub(r"\s+(?:who|that|which|and|or)$", "", m.group(1).strip())
    m = SUBGROUP.search(sentence)
    if m:
        tail = re.match(r"[^,;.()]{0,60}(?=[\s,;.()]|$)", sentence[m.start() :])
        return tail.group(0).strip() if tail else m.group(0)
    return ""


class _Writer:
    """Builds the answer's sentences from facts; every finding cites, every number is traced."""

    def __init__(self, question: Question, outcome: str, asked_sign: int) -> None:
        self.q = question
        self.outcome = outcome
        self.asked_sign = asked_sign
        self.intervention, self.verb, self.verbs = _phrase(question)
        # An exposure ("Is obesity associated with ...?") has associations, not benefits.
        self.exposure = is_exposure(question)

    # The verdict paragraph.
    def summary(
        self,
        label: str,
        basis: str,
        top: Sequence[Candidate],
        trials: Sequence[Candidate],
        reviews: Sequence[Candidate],
        observational: Sequence[Candidate],
        pooled: PooledEstimate | None,
        disagree: bool,
        grade: GradeRating,
    ) -> list[Claim]:
        i, tail = self.intervention, _tail(self.q)
        # "statins are associated", "statins do not improve"; "surgery is", "surgery does not"
        is_, does, carries = ("are", "do", "carry") if plural(i) else ("is", "does", "carries")
        whether = f"{i} {self.verbs} {tail}"
        if self.q.direction == "safe":
            where = f" in {self.q.population}" if self.q.population else ""
            whether = f"{i} {is_} safe{where}"
            core = {
                "yes": f"These studies suggest that {i} {is_} safe with respect to the harms they measured",
                "no": f"These studies suggest that {i} {carries} harms",
                "possibly": f"These studies suggest that {i} may be safe, but the evidence is not conclusive",
                "mixed": f"These studies disagree on whether {i} {is_} safe",
            }
        elif not self.q.outcome:
            # A statement or question read as a whole ("Mitochondria play a trivial role in calcium
            # homeostasis"): the verdict speaks of it as a claim.
            claim = self.q.claim.rstrip(" ?.")
            if is_question_form(claim):  # a question kept as the reader wrote it
                asked = f"“{claim[:1].upper()}{claim[1:]}?”"
                whether = f"the answer to {asked} is yes"
                core = {
                    "yes": f"These studies answer {asked} with yes",
                    "no": f"These studies answer {asked} with no",
                    "possibly": f"These studies lean towards yes on {asked}, but the evidence is not conclusive",
                    "mixed": f"These studies disagree on {asked}",
                }
            else:
                whether = claim
                core = {
                    "yes": f"These studies support the claim that {claim}",
                    "no": f"These studies do not support the claim that {claim}",
                    "possibly": f"These studies give some support to the claim that {claim}, but the evidence is not conclusive",
                    "mixed": f"These studies disagree on whether {claim}",
                }
        elif self.exposure or re.search(
            r"\b(?:associated|linked|correlated|related)\b", self.q.text, re.IGNORECASE
        ):
            said = re.search(r"associated with (higher|lower|worse|better|longer|shorter) ", self.q.claim)
            way = (
                f"{said.group(1)} "
                if said
                else {
                    "increase": "higher ",
                    "decrease": "lower ",
                    "worsen": "worse ",
                    "improve": "better ",
                }.get(self.q.direction, "")
            )
            tail = way + tail  # "associated with higher risk of type 2 diabetes"
            whether = f"{i} {is_} associated with {tail}"
            core = {
                "yes": f"These studies suggest that {i} {is_} associated with {tail}",
                "no": f"These studies suggest that {i} {is_} not associated with {tail} once study quality is weighed",
                "possibly": f"These studies suggest that {i} may be associated with {tail}, but the evidence is not conclusive",
                "mixed": f"These studies disagree on whether {i} {is_} associated with {tail}",
            }
        else:
            core = {
                "yes": f"These studies suggest that {i} {self.verbs} {tail}",
                "no": f"These studies suggest that {i} {does} not {self.verb} {tail}",
                "possibly": f"These studies suggest that {i} may {self.verb} {tail}, but the evidence is not conclusive",
                "mixed": f"These studies disagree on whether {i} {self.verbs} {tail}",
            }
        claims: list[Claim] = []
        if label == "insufficient evidence":
            claims.append(
                Claim(
                    text=f"There is not enough evidence in this library to say whether {whether}.",
                    kind="context",
                )
            )
            if top:
                # Named by design, not called "weaker": a single randomized trial is too little
                # evidence, but it is not a weak design.
                designs = [c.facts.design.design for c in top]
                kinds = designs_in_words(designs, self.exposure)
                computed = [str(len(top)), *(str(v) for v in Counter(designs).values())]
                if _all_other_people(self.q, top):
                    text = (
                        f"The {'study that addresses' if len(top) == 1 else f'{len(top)} studies that address'} it, "
                        f"{kinds}, "
                        f"studied other people than those asked about ({self.q.population})."
                    )
                else:
                    answers = Counter(c.stance.answer for c in top)
                    computed += [str(v) for v in answers.values()]
                    text = (
                        f"Only {len(top)} relevant {'study' if len(top) == 1 else 'studies'}, {kinds}, "
                        f"{'addresses' if len(top) == 1 else 'address'} it ({self._counts(answers)})."
                    )
                claims.append(Claim(text=text, cites=_cites(top), computed=computed))
            return claims
        where = {
            "randomized": "randomized evidence",
            "observational": "observational studies (no randomized trial addresses the question)"
            if not trials
            else "observational studies (the randomized trials studied other people than those asked about)",
            "preclinical": "laboratory and animal studies (no study in people addresses the question)",
        }[basis]
        claims.append(Claim(text=f"{core[label]}, judged mainly on {where}.", cites=_cites(top)))
        if trials:
            answers = Counter(c.stance.answer for c in trials)
            n_trials = len(trials)
            claims.append(
                Claim(
                    text=self._of_counts(n_trials, "randomized trial", "randomized trials", answers),
                    cites=_cites(trials),
                    computed=[str(n_trials), *(str(v) for v in answers.values())],
                )
            )
        if pooled is not None:
            claims.append(self._pooled_claim(pooled, "the randomized trials"))
        if disagree:
            obs_yes = [c for c in observational if c.stance.answer == "yes"]
            claims.append(
                Claim(
                    text=f"Observational studies point the other way ({len(obs_yes)} of {len(observational)} "
                    f"report a benefit), but they compare patients who were chosen for treatment with patients "
                    f"who were not, so selection and confounding can produce that difference; the randomized "
                    f"trials carry more weight.",
                    cites=_cites(obs_yes or observational),
                    computed=[str(len(obs_yes)), str(len(observational))],
                )
            )
        claims.append(self._grade_claim(grade))
        if disagree and self.q.kind == "open":
            # "Why do observational studies show ...?" is answered by the disagreement first.
            claims.insert(0, claims.pop(-2))
        return claims

    def _of_counts(self, n: int, noun: str, nouns: str, answers: Counter[str]) -> str:
        """ "Of 5 randomized trials, 1 supports it, 4 do not." or, for one study, "The only
        randomized trial does not support it." """
        if n != 1 or len(answers) != 1:
            return f"Of {n} {nouns}, {self._counts(answers)}."
        effect = self.q.direction == "any"
        verb = {
            "yes": "finds an effect" if effect else "supports it",
            "no": "does not find an effect" if effect else "does not support it",
            "possibly": "is equivocal or addresses it only in part",
        }.get(next(iter(answers)), "does not answer it directly")
        return f"The only {noun} {verb}."

    def _counts(self, answers: Counter[str]) -> str:
        parts = []
        words = {
            "yes": ("supports it", "support it")
            if self.q.direction != "any"
            else ("finds an effect", "find an effect"),
            "no": ("does not", "do not") if self.q.direction != "any" else ("finds none", "find none"),
            "possibly": (
                "is equivocal or addresses it only in part",
                "are equivocal or address it only in part",
            ),
        }
        for a in ("yes", "no", "possibly"):
            if answers.get(a):
                parts.append(f"{answers[a]} {words[a][answers[a] != 1]}")
        return ", ".join(parts) if parts else "none answers it directly"

    def _pooled_claim(self, p: PooledEstimate, who: str) -> Claim:
        est, lo, hi = _fmt(p.estimate), _fmt(p.ci_low), _fmt(p.ci_high)
        i2 = f"{100 * p.i2:.0f}"
        text = (
            f"Pooled by random effects, {who} give {p.measure} {est} (95% CI {lo}–{hi}; I² {i2}%) "
            f"for {self._named(p.outcome)} across {p.k} studies"
        )
        computed = [est, lo, hi, i2, str(p.k), "95"]
        if p.pi_low is not None and p.pi_high is not None:
            pl, ph = _fmt(p.pi_low), _fmt(p.pi_high)
            text += f", with a 95% prediction interval of {pl}–{ph}"
            computed += [pl, ph]
        return Claim(text=text + ".", cites=list(p.paper_ids), kind="computed", computed=computed)

    def _named(self, outcome_key: str) -> str:
        """How prose names an outcome key: the question's own words for the catch-all "incidence"."""
        return self.outcome if outcome_key == "incidence" else outcome_key

    def _grade_claim(self, grade: GradeRating) -> Claim:
        reasons = "; ".join(r.text for r in grade.reasons if r.change) or "no serious concern was found"
        if grade.basis == "other":
            # Very low from the start: what is missing is the reason, not "no serious concern".
            why = (
                "; ".join(r.text for r in grade.reasons) or "no randomized or controlled observational study"
            )
            text = (
                f"Certainty of the evidence on {self._named(grade.outcome)} is {grade.level} (GRADE): {why}."
            )
        else:
            text = (
                f"Certainty of the evidence on {self._named(grade.outcome)} is {grade.level} (GRADE, starting "
                f"from {grade.start} for {grade.basis} evidence): {reasons}."
            )
        return Claim(
            text=text,
            cites=list(grade.paper_ids),
            kind="computed",
            computed=numbers_in(reasons),
        )

    def _result_phrase(self, c: Candidate, est: ReportedEstimate | None) -> tuple[str, list[str], str]:
        """What a study found, its computed numbers, and the result as a word (benefit, worse,
        none, linked, unclear) for :class:`ClaimFacts`."""
        outcome = self.outcome
        answer = c.stance.answer
        if est is not None:
            text, computed = _estimate_text(est)
            excl = _excludes_null(est)
            if excl and self.exposure:
                head, result = f"{self.intervention} linked with {outcome}", "linked"
            elif excl:
                better = _estimate_answer(est, self.asked_sign) == "yes"
                result = "benefit" if better else "worse"
                head = (
                    self._benefit(outcome)
                    if better
                    else f"a worse result in {outcome} with {self.intervention}"
                )
            else:
                head, result = f"no significant difference in {outcome}", "none"
            return f"{head}, {text}", computed, result
        if self.q.direction == "safe" and answer in ("yes", "no"):
            # A safety question is answered in harms, never as "a benefit in harms".
            if answer == "yes":
                return f"no clear excess of harms with {self.intervention}", [], "benefit"
            return f"more harms with {self.intervention}", [], "worse"
        if answer == "yes":
            if self.exposure:
                return f"{self.intervention} linked with {outcome}", [], "linked"
            return self._benefit(outcome), [], "benefit"
        if answer == "no":
            return f"no clear {'link' if self.exposure else 'benefit'} in {outcome}", [], "none"
        if (
            self.q.population
            and _other_population(c)
            and any(r.startswith(WAY_ASKED_REASON) for r in c.stance.reasons)
        ):
            # A clear finding in other patients: say what it was, and that it is not the asked
            # population, rather than calling the finding itself uncertain.
            found = f"{self.intervention} linked with {outcome}" if self.exposure else self._benefit(outcome)
            return (
                f"{found}, but in other patients than those asked about ({self.q.population})",
                [],
                "benefit-elsewhere",
            )
        return f"an uncertain or partial answer on {outcome}", [], "unclear"

    def _benefit(self, outcome: str) -> str:
        """The benefit asked about, in words: "less pain with acupuncture", "a lower risk of falls
        with vitamin D", or, when more is asked, "a benefit in overall survival with surgery"."""
        if self.q.direction == "decrease":
            return f"{less_of(outcome)} with {self.intervention}"
        return f"a benefit in {outcome} with {self.intervention}"

    def _size(self, c: Candidate) -> str:
        """ " of 1,204 patients" when the paper prints its headline N; '' otherwise (an N the
        extractor added up from the arms would fail the checker and cost the whole sentence)."""
        if not printed_in(c.facts.n, c.paper):
            return ""
        return f" of {c.facts.n:,} {'people' if self.exposure else 'patients'}"

    def randomized(
        self, trials: Sequence[Candidate], cands: Sequence[Candidate], outcome: str
    ) -> AnswerSection:
        section = AnswerSection(key="randomized", heading="What the randomized trials found")
        earlier = {c.superseded_by: c for c in cands if c.superseded_by}
        # Trials of the people asked about first, then by weight.
        for c in sorted(trials, key=lambda c: (_other_population(c), -c.weight)):
            est = _primary(c.estimates, outcome)
            phrase, computed, result = self._result_phrase(c, est)
            n = self._size(c)
            year = f" ({c.paper.year})" if c.paper.year and str(c.paper.year) not in c.label else ""
            cites = [c.id]
            text = f"{c.label}{year}, a randomized trial{n}, found {phrase}"
            if c.id in earlier:
                prior = earlier[c.id]
                cites.append(prior.id)
                text += f"; this is its latest report, updating an earlier one{f' from {prior.paper.year}' if prior.paper.year else ''}"
            stated_n = c.facts.n if n else None
            facts = ClaimFacts(kind="trial-result", label=c.label, n=stated_n, result=result)
            section.claims.append(Claim(text=text + ".", cites=cites, computed=computed, facts=facts))
            for other in [e for e in c.estimates if e.outcome not in (outcome, "unspecified")][:2]:
                est_text, comp = _estimate_text(other)
                section.claims.append(
                    Claim(
                        text=f"{c.label} also reported {other.outcome}: {est_text}.",
                        cites=[c.id],
                        computed=comp,
                        facts=ClaimFacts(
                            kind="also-reported",
                            label=c.label,
                            outcome=other.outcome,
                            measure=other.effect.measure,
                            value=other.value,
                            ci_low=other.ci_low,
                            ci_high=other.ci_high,
                            inverted=other.reversed,
                        ),
                    )
                )
        return section

    def published(self, reviews: Sequence[Candidate], estimates: Sequence[ReportedEstimate]) -> AnswerSection:
        section = AnswerSection(key="meta-analyses", heading="What published meta-analyses report")
        for c in reviews:
            mine = [e for e in estimates if e.paper_id == c.id][:2]
            kind = _review_basis(c.paper)
            of = {
                "randomized": " of randomized trials",
                "observational": " of observational studies",
                "both": " of randomized and observational studies",
                "prospective trials": " of prospective trials",
                "trials": " of trials",
                "prospective trials and observational": " of prospective trials and observational studies",
                "trials and observational": " of trials and observational studies",
                "unstated": "",
            }[kind]
            verdict = {"yes": "favours", "no": "does not support", "possibly": "is equivocal about"}.get(
                c.stance.answer, "addresses"
            )
            text = f"{c.label}, a meta-analysis{of}, {verdict} {self.intervention} for {self.outcome}"
            if self.exposure:
                link = {"yes": "links", "no": "does not link", "possibly": "is equivocal on whether it links"}
                text = (
                    f"{c.label}, a meta-analysis{of}, {link.get(c.stance.answer, 'looks at whether it links')} "
                    f"{self.intervention} with {self.outcome}"
                )
            computed: list[str] = []
            if mine:
                parts = []
                for e in mine:
                    t, comp = _estimate_text(e)
                    pooled_from = _pooled_from(c.paper, e.effect) if len(mine) > 1 else ""
                    parts.append(f"{t} {pooled_from}" if pooled_from else t)
                    computed += comp
                text += ": " + "; ".join(parts)
            facts = ClaimFacts(
                kind="review",
                label=c.label,
                pooled=of.removeprefix(" of "),
                result=c.stance.answer if c.stance.answer in ("yes", "no", "possibly") else "",
            )
            section.claims.append(Claim(text=text + ".", cites=[c.id], computed=computed, facts=facts))
        if reviews:
            section.claims.append(
                Claim(
                    text="Their pooled estimates are shown beside ours, never combined with the trials they contain.",
                    kind="context",
                )
            )
        return section

    def observational(
        self, studies: Sequence[Candidate], pooled: PooledEstimate | None, outcome: str
    ) -> AnswerSection:
        section = AnswerSection(key="observational", heading="What observational studies found")
        if not studies:
            return section
        answers = Counter(c.stance.answer for c in studies)
        one, several = _observational_kinds([c.facts.design.design for c in studies])
        section.claims.append(
            Claim(
                text=self._of_counts(
                    len(studies),
                    f"observational study ({one})",
                    f"observational studies ({several})",
                    answers,
                ),
                cites=_cites(studies),
                computed=[str(len(studies)), *(str(v) for v in answers.values())],
                facts=ClaimFacts(kind="counts", yes=answers["yes"], no=answers["no"]),
            )
        )
        if pooled is not None:
            section.claims.append(self._pooled_claim(pooled, "these studies"))
        for c in sorted(studies, key=lambda c: -c.weight)[:4]:
            est = _primary(c.estimates, outcome)
            if est is None:
                continue
            phrase, computed, _ = self._result_phrase(c, est)
            n = self._size(c)
            design = design_name(c.facts.design.design)
            section.claims.append(
                Claim(text=f"{c.label}, a {design}{n}, reported {phrase}.", cites=[c.id], computed=computed)
            )
        return section

    def bias(
        self, randomized: Sequence[Candidate], observational: Sequence[Candidate], disagree: bool
    ) -> AnswerSection | None:
        if not (randomized and observational):
            return None
        section = AnswerSection(key="bias", heading="Why randomized and observational results can differ")
        if disagree:
            section.claims.append(
                Claim(
                    text="Randomization makes the groups alike in everything but the treatment; observational "
                    "studies compare the patients who happened to be treated with those who were not.",
                    kind="context",
                )
            )
        else:
            section.claims.append(
                Claim(text="Here randomized and observational studies broadly agree.", kind="context")
            )
        for name, pattern, explanation in _BIASES:
            raising = [c for c in [*observational, *randomized] if pattern.search(c.paper.abstract)]
            section.claims.append(Claim(text=explanation, kind="context"))
            if raising:
                names = name_studies([c.label for c in raising[:4]])
                section.claims.append(
                    Claim(
                        text=f"Papers in this answer that discuss {name} or what it does: {names}.",
                        cites=_cites(raising[:4]),
                    )
                )
        return section

    def subgroups(self, studies: Sequence[Candidate]) -> AnswerSection:
        """One subgroup finding per paper; those about the population asked come first."""
        section = AnswerSection(key="subgroups", heading="Subgroups and effect modifiers")
        asked = _words(" ".join([self.q.population, self.q.intervention, self.q.outcome, self.q.text]))
        population = _words(self.q.population) - _GENERIC_SUBGROUP_WORDS
        order = {"randomized": 0, "review": 1, "observational": 2, "other": 3}
        found: list[tuple[int, int, bool, int, Claim]] = []
        for c in studies:
            for sentence in _sentences_of(c.paper, findings_only=True):
                if not SUBGROUP.search(sentence) or not re.search(
                    r"\b(?:benefit|improv|longer|better|worse|associated|differ|HR\b|hazard|favou?r)",
                    sentence,
                    re.I,
                ):
                    continue
                if _NO_SUBGROUP.search(sentence) and not _EXCEPTION.search(sentence):
                    continue  # no subgroup differed
                phrase = _subgroup_phrase(sentence, population)
                modifier = _MODIFIER.search(phrase) and _words(phrase) - asked - _GENERIC_SUBGROUP_WORDS
                if not modifier:
                    continue  # the asked population itself ("stage IV breast cancer") is no subgroup
                planned = bool(re.search(r"pre-?specified|pre-?planned|stratified", sentence, re.I))
                status = (
                    "a pre-specified analysis, though still smaller than the whole trial"
                    if planned
                    else "a hypothesis to test, since subgroup findings are often due to chance"
                )
                design = design_name(c.facts.design.design)
                claim = Claim(
                    text=f"{c.label} ({design}) reported a different result for {phrase}: {status}.",
                    cites=[c.id],
                    facts=ClaimFacts(kind="subgroup", label=c.label, design=design, phrase=phrase),
                )
                about_asked = len(population & _words(sentence))
                found.append((-about_asked, order[c.tier], c.superseded_by is not None, c.rank, claim))
                break
        found.sort(key=lambda f: f[:4])
        section.claims = [f[4] for f in found[:6]]
        return section

    def _harm_finding(self, sentence: str, term: str) -> tuple[str, str]:
        """What one sentence says about a harm or quality of life, and that result as a word
        (none, more, less); ('', '') when it says nothing clear."""
        call = predict_direction(self.intervention, self.q.comparator, term, sentence)
        if call.label == NO_DIFFERENCE and "no evidence found" not in call.reasons:
            # "not significant" only where a test says so; "similar rates" is no clear difference
            tested = any(
                r.startswith(("p ", "HR ", "OR ", "RR ", "IRR ", "MD ", "RD ")) for r in call.reasons
            )
            return f"no {'significant' if tested else 'clear'} difference in {term}", "none"
        if call.label in (INCREASED, DECREASED) and not {"no test", "direction unclear"} & set(call.reasons):
            more = call.label == INCREASED
            fewer = "fewer" if term.endswith("s") else "less"  # "fewer complications", "less toxicity"
            return f"{'more' if more else fewer} {term} with {self.intervention}", "more" if more else "less"
        return "", ""

    def harms(self, studies: Sequence[Candidate]) -> AnswerSection:
        """Per paper, the clearest statement on harms or quality of life in its findings."""
        section = AnswerSection(key="harms", heading="Harms and quality of life")
        # Studies that only mention a harm, by harm: said once for all of them ("Two studies
        # report on morbidity without a clear comparison [4, 5]"), not once per study.
        unclear: dict[str, list[Candidate]] = {}
        found: dict[tuple[str, str, str, str], list[Candidate]] = {}
        for c in sorted(studies, key=lambda c: (EVIDENCE_LEVEL.get(c.facts.design.design, 5), c.rank)):
            mentioned = ""
            for sentence in _sentences_of(c.paper, findings_only=True):
                m = _HARMS.search(sentence)
                if m is None:
                    continue
                term = _SPELLED_OUT.get(m.group(0).lower(), m.group(0).lower())  # "QoL": quality of life
                mentioned = mentioned or term
                ruled_out = _RULED_OUT.search(sentence, 0, m.start())
                if ruled_out is not None:
                    # "without producing adverse effects such as hypotension": none were seen. Not
                    # "with X": "there were no treatment-related deaths" speaks of both arms.
                    term = ruled_out.group("qualifier").lower() + term
                    finding, result = f"no {term}", "ruled-out"
                else:
                    finding, result = self._harm_finding(sentence, term)
                if finding:
                    # Unnamed studies with the same finding are said once; named ones apart.
                    key = (finding, term, result, c.label if c.label != UNNAMED_STUDY else "")
                    found.setdefault(key, []).append(c)
                    break
            else:
                if mentioned:
                    unclear.setdefault(mentioned, []).append(c)
            if len(found) + len(unclear) >= 5:
                break
        for (finding, term, result, _), group in found.items():
            names = name_studies([c.label for c in group])
            facts = ClaimFacts(kind="harm", label=names, phrase=term, result=result)
            section.claims.append(
                Claim(text=f"{names} reported {finding}.", cites=_cites(group), facts=facts)
            )
        for mentioned, group in unclear.items():
            names = name_studies([c.label for c in group])
            verb = "reports" if len(group) == 1 else "report"
            section.claims.append(
                Claim(
                    text=f"{names} {verb} on {mentioned} without a clear comparison.",
                    cites=_cites(group),
                    facts=ClaimFacts(kind="harm", label=names, phrase=mentioned, result="data"),
                )
            )
        if not section.claims:
            section.claims.append(
                Claim(
                    text="None of the papers read reports harms or quality of life in its abstract.",
                    kind="context",
                )
            )
        return section

    def open_questions(self, studies: Sequence[Candidate], grade: GradeRating) -> AnswerSection:
        section = AnswerSection(key="open", heading="Open questions")
        asking = [c for c in studies if any(_OPEN.search(s) for s in _sentences_of(c.paper)[-3:])]
        if asking:
            names = name_studies([c.label for c in asking[:5]])
            section.claims.append(
                Claim(text=f"Further or larger trials are called for by {names}.", cites=_cites(asking[:5]))
            )
        if grade.level in ("low", "very low"):
            section.claims.append(
                Claim(
                    text=f"With {grade.level} certainty, new trials could well change this answer.",
                    kind="context",
                )
            )
        return section


def candidates_from(
    question: Question,
    papers: Sequence[Paper],
    facts_for: Callable[[Paper], StudyFacts],
    stance_for: Callable[[Paper, StudyFacts], Stance],
) -> list[Candidate]:
    """Read each paper (facts, then stance) into a :class:`Candidate`, keeping search order."""
    out = []
    for rank, paper in enumerate(papers, start=1):
        facts = facts_for(paper)
        out.append(Candidate(paper=paper, facts=facts, stance=stance_for(paper, facts), rank=rank))
    return out
