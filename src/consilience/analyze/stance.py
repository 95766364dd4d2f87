"""Per-paper stance: does this paper answer the question yes, possibly, no, or not at all?

Three layers, each usable alone (the full account is in ``docs/stance.md``):

1. **Relevance gate.** A paper that never mentions the intervention, or reports only on
   other outcomes, does "not address" the question. One whose population differs is at
   most "possibly".
2. **Rules.** In the deciding sentence (the conclusion or result sentence that best
   matches the question) the finding's direction is read from words ("lower mortality")
   and numbers (HR 0.66, 95% CI 0.49-0.88), its significance from p-values, intervals
   (a ratio CI that crosses 1) and phrases ("no significant difference"), and hedging
   from "may", "suggests", "further studies". The question's direction (reduce / improve
   / increase / worsen / any) against the finding's gives the answer; a negated or
   non-significant finding answers "no"; a hedged one "possibly".
3. **Learned layer.** A logistic regression over engineered cues and hashed n-grams
   (:mod:`consilience.analyze.stance_model`) gives yes/possibly/no probabilities; the rule
   verdict and its flags are among its inputs, and its answer stands except where the
   rules encode what the training data hardly shows (see :func:`combine`).

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", sections=[Section(label="CONCLUSIONS",
...     text="Drug X did not reduce mortality compared with placebo.")])
>>> stance_for_paper("Does drug X reduce mortality?", paper, use_model=False).answer
'no'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from consilience.analyze.design_context import HUMAN_CUES, LAB_VOCABULARY
from consilience.analyze.stance_model import (
    CLASSES,
    Numbers,
    StanceModel,
    content_sequence,
    content_words,
    count_negators,
    count_patterns,
    load_model,
    negation_marked,
    pair_features,
    read_numbers,
    sentence_direction_sign,
    split_sentences,
    words,
)
from consilience.analyze.stance_words import (
    ACRONYM_SKIP,
    BAD_OUTCOME_WORDS,
    BAD_SURVIVAL,
    CELL_LEVEL,
    CONDITION,
    CONDITION_HEADS,
    CONTROL_ARM,
    EVALUATIVE_WORDS,
    GENERIC_OUTCOMES,
    GOOD_OUTCOME_WORDS,
    GOOD_SURVIVAL,
    HARM_WORDS,
    HEDGE_PATTERNS,
    NON_HUMAN,
    NONSIG_PATTERNS,
    NOT_AN_INTERVENTION,
    OUTCOME_MEASURE_WORDS,
    OUTCOME_QUALIFIERS,
    TREATMENT_WORDS,
    specific_words,
)
from consilience.model import Effect, Paper, Question, Span, Stance, StudyDesign, StudyFacts
from consilience.question import is_question_form, parse_question
from consilience.text import BACKGROUND_SECTION, is_whole_abstract, spell_greek

_extract_effects: Callable[[str], list[Effect]] | None
try:  # Study analysis reads effect estimates better than our fallback regex; use it when present.
    from consilience.analyze.effects import extract_effects_from_text as _extract_effects
except ImportError:  # pragma: no cover - only while consilience.analyze.effects is absent
    _extract_effects = None
_predict_direction: Callable[[str, str, str, str], Any] | None
try:  # Study analysis's direction predictor reads "12% vs 18%" style comparisons.
    from consilience.analyze.direction import predict_direction as _predict_direction
except ImportError:  # pragma: no cover - only while consilience.analyze.direction is absent
    _predict_direction = None
_RATIOS = frozenset({"HR", "OR", "RR", "IRR", "AHR", "AOR", "ARR", "SHR"})
#: Estimates whose "no effect" is 0.
_DIFFERENCES = frozenset({"MD", "SMD", "RD"})

__all__ = [
    "OTHER_POPULATION_REASON",
    "STANCE_VERSION",
    "WAY_ASKED_REASON",
    "RuleVerdict",
    "is_preclinical_question",
    "outcome_polarity",
    "rule_stance",
    "stance_for_paper",
    "stance_for_sections",
]

#: Bumped whenever the rules or the feature set change.
STANCE_VERSION = "stance-2.10"

#: How a stance's reasons begin when its paper studied other people than those asked about, and
#: when its finding goes the way the question asks (the answer writer words such papers apart).
OTHER_POPULATION_REASON = "the population differs from"
WAY_ASKED_REASON = "the finding goes the way asked"
#: How a stance's reasons say that Study analysis read the paper as animal or laboratory work.
PRECLINICAL_REASON = "Study analysis reads the study as animal or laboratory work"

#: Words that answer for one another: outcomes ("survival" is read from deaths and mortality) and
#: procedures ("removing the tumour" from its surgery).
_SYNONYMS: tuple[str, ...] = (
    "survival mortality death deaths died dying alive fatal fatality lethal survive survived",
    "recurrence relapse recurred recurrent recur",
    "progression progressed progressive",
    "pain analgesia painful",
    "adverse toxicity toxicities harms harm complications complication safety side-effects tolerability",
    "hospitalization hospitalisation admission admissions readmission readmissions",
    "efficacy effectiveness response benefit",
    "incidence risk occurrence development",
    # Body size is named as a condition or by its measure.
    "obesity obese overweight adiposity bmi",
    # Procedures people name in several ways: "removing the tumour" is its surgery or resection.
    "surgery surgical resection resected removal removing remove removed excision excised operation operative",
    "radiotherapy radiation irradiation irradiated",
)
#: Endings that make a state of a thing, another outcome: "sleepiness" is not "sleep".
_STATE_ENDINGS = frozenset({"iness", "i", "y", "ier", "iest"})  # "i": "sleepiness" stemmed
#: What may follow a text's word for it to stand for a longer word of the question: an ending,
#: not another word. "breast" in a paper does not name the question's "breastfeed(ing)", nor
#: "birth" its "birthweight"; "hypertens(ion)" does name "hypertensive".
_WORD_ENDINGS = frozenset(
    [
        *("s", "es", "ed", "er", "ers", "ing", "ings", "ion", "ions", "ation", "ations", "ity", "ities"),
        *("ive", "ives", "al", "ally", "ic", "ical", "ics", "ment", "ments", "ness", "ist", "ists", "ism"),
        *("ous", "ance", "ence", "ant", "ants", "ent", "ents", "able", "ible", "ise", "ize", "ised"),
        *("ized", "ial", "ian", "ians", "ory", "ure", "ures", "ia"),
    ]
)
#: Plurals no suffix rule finds, both ways: a population of "mouse models" is named by "mice".
_IRREGULAR_FORMS = {
    a: b
    for pair in ("mouse mice", "woman women", "person people", "tooth teeth", "foot feet", "man men")
    for one, other in [pair.split()]
    for a, b in ((one, other), (other, one))
}
_SYNONYM_OF: dict[str, frozenset[str]] = {}
for _group in _SYNONYMS:
    _stems = frozenset(content_words(_group))
    for _stem_word in _stems:
        _SYNONYM_OF[_stem_word] = _SYNONYM_OF.get(_stem_word, frozenset()) | _stems
_STATISTIC = re.compile(
    r"\d\s*%|\bp\s*[<>=≤≥]|\b(?:CI|confidence interval)\b|\b(?:HR|OR|RR)\b\s*[=:,]?\s*\d", re.I
)
_SIGNIFICANT = re.compile(r"\bsignificant(?:ly)?\b", re.I)
_NEGATED_BEFORE = re.compile(r"\b(?:no|not|non|nor|without|lack of|failed to)\W+(?:\w+\W+)?$", re.I)


def _reports_significance(text: str) -> bool:
    """Whether the text calls a finding significant ("not significant" does not count)."""
    return any(not _NEGATED_BEFORE.search(text[: m.start()]) for m in _SIGNIFICANT.finditer(text))


#: What a paper must report to answer a safety question: harms, adverse events, tolerability.
_SAFETY = re.compile(
    r"\b(?:adverse|toxicit|complication|harm|safe|unsafe|safety|tolerat|tolerab|side[- ]effect|"
    r"malformation|morbidit|(?:peri|post)-?operative (?:death|mortality)|treatment-related death)",
    re.IGNORECASE,
)
_CONCLUSION_HINT = re.compile(
    r"\b(?:conclu\w*|suggest\w*|indicate\w*|demonstrate\w*|show(?:s|ed|n)?|found)\b", re.I
)


#: Sections that set a study up rather than report it: its background, aim and methods.
_SETUP_SECTION = re.compile(
    BACKGROUND_SECTION.pattern + r"|OBJECTIVE|AIM|PURPOSE|GOAL|HYPOTHES|METHOD|DESIGN|SETTING|PARTICIPANT|"
    r"PATIENTS|SUBJECTS|POPULATION|MATERIAL|INTERVENTION|MEASURE|DATA SOURCE|STUDY SELECTION|ELIGIB",
    re.IGNORECASE,
)
#: A sentence that states an aim or a scope, not a finding: "To evaluate the prognostic effect of
#: ...", "The aim of this study was ...", "In this review, we discuss ...".
_SETUP_SENTENCE = re.compile(
    r"^(?:to (?:evaluate|assess|determine|investigate|examine|compare|explore|test|establish|identify)\b"
    r"|(?:the|our) (?:main |primary )?(?:aim|objective|purpose|goal)s? (?:of|was|is|were)\b"
    r"|we (?:aimed|sought|hypothesi[sz]ed)\b|we (?:investigated|examined|assessed|asked) whether\b"
    r"|this (?:study|trial|analysis) (?:aimed|aims|sought|seeks)\b"
    r"|in this (?:review|article|paper|chapter),? we (?:discuss|summari[sz]e|describe|review|highlight|"
    r"outline|consider|present)\b)",
    re.IGNORECASE,
)


@dataclass
class _Sentence:
    text: str
    section: int
    start: int
    #: "concl", "results", "title", "setup" (background, aim or methods; never decides) or "other".
    region: str


@dataclass
class RuleVerdict:
    """What the rules conclude, how sure they are, and why."""

    answer: str
    strength: float
    sentence: _Sentence | None = None
    reasons: list[str] = field(default_factory=list)
    #: What the verdict rests on, for the learned layer and for ``combine``: "gate" (not
    #: addressed), "nonsig", "negated", "agrees", "reversed", "numbers", "significant",
    #: "association", "vague", "safety", "hedged", "other-population", "non-human", "backed"
    #: (the abstract reports a significant result somewhere), "other-outcome", "no-harm" (a
    #: safety finding that rules a harm out).
    flags: list[str] = field(default_factory=list)


def _sentences(sections: Sequence[tuple[str, str]], title: str = "") -> list[_Sentence]:
    out: list[_Sentence] = []
    if title:
        out.append(_Sentence(title, -1, 0, "title"))
    labels = [label.upper() for label, _ in sections]
    if is_whole_abstract(labels):
        labels = [""]  # one section labelled as the whole abstract is an unstructured abstract
    structured = any(labels)
    for index, (up, (_, text)) in enumerate(zip(labels, sections, strict=True)):
        region = _region(up) if up else "other"
        pos = 0
        sents = split_sentences(text)
        # Headings written into the text ("... in England. Participants 1309 practices ...",
        # "Conclusion Updated QRISK3 models ..."), as flattened structured abstracts have them.
        inline = not up and sum(bool(_INLINE_HEADING.match(sent)) for sent in sents) >= 2
        for i, sent in enumerate(sents):
            start = text.find(sent, pos)
            pos = max(start, 0) + len(sent)
            heading = _INLINE_HEADING.match(sent) if inline else None
            if heading is not None:
                region = _region(heading.group("h").upper())
            r = region
            if region != "concl" and _SETUP_SENTENCE.match(sent):
                r = "setup"
            elif not structured and not inline and len(sents) >= 4 and i >= len(sents) - 2:
                r = "concl"
            out.append(_Sentence(sent, index, max(start, 0), r))
    return out


def _region(label: str) -> str:
    """The region a section label (upper case) puts its sentences in."""
    if any(k in label for k in ("CONCL", "INTERPRET", "IMPLICATION", "LONG_ANSWER", "SUMMARY")):
        return "concl"
    if "MEASURE" in label or (_SETUP_SECTION.search(label) and "RESULT" not in label):
        return "setup"  # "MAIN OUTCOME MEASURES" is methods
    if any(k in label for k in ("RESULT", "FINDING", "OUTCOME")):
        return "results"
    return "other"


#: A heading at the start of a sentence, then the sentence itself (a capital or a number).
_INLINE_HEADING = re.compile(
    r"^(?P<h>background|introduction|context|objectives?|aims?|purpose|design|settings?|participants|"
    r"methods?|interventions?|(?:main )?outcome measures?|measurements|results?|findings|conclusions?|"
    r"interpretation)\s*:?\s+(?=[A-Z0-9])",
    re.IGNORECASE,
)


def outcome_polarity(outcome: str) -> int:
    """-1 when more of the outcome is bad (mortality), +1 when good (survival), 0 unknown.

    >>> outcome_polarity("depression"), outcome_polarity("overall survival"), outcome_polarity("height")
    (-1, 1, 0)
    """
    toks = set(words(outcome))
    if toks & {"survival", "alive", "survive"}:
        return 1
    if toks & BAD_OUTCOME_WORDS:
        return -1
    if toks & GOOD_OUTCOME_WORDS:
        return 1
    return -1 if CONDITION.search(outcome) else 0  # "insomnia", "dermatitis": a condition


def _harms_rise(marked: Sequence[str]) -> bool:
    """Whether a sentence (its :func:`negation_marked` words) reports more of a harm: a word of
    increase near a harm it does not negate. "Faster sedation without any severe complications"
    reports none; the rise in "improved satisfaction" is about something else.

    >>> _harms_rise(negation_marked(words("It improved satisfaction without respiratory complications.")))
    False
    >>> _harms_rise(negation_marked(words("It caused more complications than placebo.")))
    True
    """
    for index, token in enumerate(marked):
        if token in HARM_WORDS:  # a negated harm is marked "NOT_..." and never matches
            window = marked[max(0, index - 6) : index + 4]
            if sentence_direction_sign(window) > 0:
                return True
    return False


def _asked_sign(question: Question) -> int:
    """The change in the outcome that would answer 'yes': +1 more, -1 less, 0 any change."""
    polarity = outcome_polarity(question.outcome) or 1
    return {
        "increase": 1,
        "decrease": -1,
        "improve": polarity,
        "worsen": -polarity,
    }.get(question.direction, 0)


#: OUTCOME_QUALIFIERS, CONDITION_HEADS and TREATMENT_WORDS as the stems content_words makes of
#: them.
_QUALIFIER_STEMS = frozenset(content_words(" ".join(OUTCOME_QUALIFIERS)))
_EVENTS_NOUN = frozenset(content_words("event events"))
#: What counts as reporting events: the events themselves, or the ones they are made of.
_EVENT_WORDS = frozenset(
    content_words(
        "event events outcome outcomes mortality death deaths died infarction infarctions stroke strokes mace "
        "hospitalization hospitalisation admissions morbidity complications incidence occurrence"
    )
)
#: An adjective's ending: "cardiovascular", "thromboembolic", "coronary", "cardiac", "skeletal".
_ADJECTIVE = re.compile(r"(?:ar|al|ic|ary|ous)$")
_CONDITION_HEAD_STEMS = frozenset(content_words(" ".join(CONDITION_HEADS)))
_TREATMENT_STEMS = frozenset(content_words(" ".join(TREATMENT_WORDS)))
#: Words for people that name no population in particular: "in humans" says only "not in animals".
_ANY_PEOPLE = frozenset(
    content_words(
        "patient patients people adult adults women men human humans subjects individuals persons participants"
    )
)
#: Outcome words that name no outcome in particular.
_GENERIC_OUTCOME_STEMS = frozenset(content_words("outcome outcomes prognosis"))


def _coverage(terms: set[str], text_terms: set[str]) -> float:
    """Share of ``terms`` present in ``text_terms``, counting outcome synonyms as present."""
    if not terms:
        return 1.0
    hits = sum(1 for t in terms if t in text_terms or _SYNONYM_OF.get(t, frozenset()) & text_terms)
    return hits / len(terms)


def _finding_sign(tokens: Sequence[str], question_outcome: str) -> int:
    """+1 if the sentence reports more of the asked outcome, -1 less, 0 unclear.

    Negated direction words are skipped, and a sentence about deaths answers a question
    about survival with the sign flipped ("lower mortality" is "more survival").
    """
    polarity = outcome_polarity(question_outcome)
    if polarity < 0:
        # "improved insomnia", "better pain scores": a bad outcome that got better went down
        tokens = ["reduced" if t in EVALUATIVE_WORDS else t for t in tokens]
    sign = sentence_direction_sign(negation_marked(tokens))
    asked = set(words(question_outcome))
    present = set(tokens)
    if (asked & GOOD_SURVIVAL and not present & GOOD_SURVIVAL and present & BAD_SURVIVAL) or (
        asked & BAD_SURVIVAL and not present & BAD_SURVIVAL and present & GOOD_SURVIVAL
    ):
        return -sign
    # More generally, "reduced progression" answers a question about (good) control with the
    # sign flipped, when the sentence names only the bad side of the asked outcome.
    if question_outcome.lower() in GENERIC_OUTCOMES or content_words(question_outcome) & content_words(
        " ".join(tokens)
    ):
        return sign  # the sentence names the asked outcome itself (or none was asked)
    bad = present & (BAD_OUTCOME_WORDS | BAD_SURVIVAL)
    good = present & (GOOD_OUTCOME_WORDS | GOOD_SURVIVAL)
    if (polarity > 0 and bad and not good) or (polarity < 0 and good and not bad):
        sign = -sign
    return sign


#: Where a sentence joins two findings ("did not prolong survival, although it improved control").
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:although|but|whereas|while|though|however|yet)\b|;|,\s+and\s+(?=(?:\w+\s+){0,4}(?:was|were|did|had|remained|is|are)\b)"
    # items of a list of estimates: "RRs were as follows: pulmonary embolus 1·87 (…), stroke 1·06
    # (…), and endometrial cancer 1·74 (…)": each item is its own finding
    r"|(?<=\)),\s+(?:and\s+)?(?=[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,4}\s+\d)|:\s+(?=[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,4}\s+\d[\d.·]*\s+\()",
    re.IGNORECASE,
)


#: A contrast inside one sentence ("did not improve survival at 36 months, but a survival
#: advantage appeared with longer follow-up"): each side is read apart (:func:`_contrast_reading`).
_CONTRAST = re.compile(r",?\s+(?:but|however|although|though|whereas|while|yet)\b", re.IGNORECASE)
#: A clause that concedes a point to the one before it ("…, although …", "…, whereas …").
_CONCESSION = re.compile(r",?\s+(?:although|though|whereas|while)\b", re.IGNORECASE)
#: A clause restricted to a subgroup ("but not in patients aged over 70", "in the subgroup with
#: X"): its result does not overturn the overall one.
_SUBGROUP_CLAUSE = re.compile(
    r"\bsub-?groups?\b|\b(?:in|among|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:patients|women|men|participants|subjects|those|people|children|adults|cases)\s+"
    r"(?:with|who|aged|older|younger|under|over|without|whose|receiving)\b",
    re.IGNORECASE,
)
#: Nouns and verbs of benefit that answer an "improve" question when nothing negates them.
_BENEFIT = re.compile(r"\b(?:advantage|benefit|beneficial|improv\w*|prolong\w*)\b", re.IGNORECASE)


def _clause_sign(clause: str, question: Question, terms: set[str]) -> int:
    """+1 when a clause answers yes, -1 when it answers no (negated, not significant or the
    other way), 0 when it does not say."""
    tokens = words(clause)
    negated = {t[4:] for t in negation_marked(tokens) if t.startswith("NOT_")}
    if count_patterns(NONSIG_PATTERNS, clause) or content_words(" ".join(negated)) & terms:
        return -1
    num_sign, num_sig, _ = _numbers_sign(clause, question)
    if num_sig is False:
        return -1
    asked = _asked_sign(question)
    sign = num_sign or _finding_sign(tokens, question.outcome)
    if sign and asked:
        return 1 if sign == asked else -1
    if question.direction == "improve" and _BENEFIT.search(clause) and not negated:
        return 1
    return 0


def _subgroup(clause: str, population: Set[str]) -> bool:
    """Whether a clause is about a subgroup ("in patients aged over 80"), not the population asked
    ("in adults with heart failure" for a question about heart failure)."""
    for m in _SUBGROUP_CLAUSE.finditer(clause):
        named = content_words(clause[m.end() : m.end() + 40])
        if not (population and named & population):
            return True
    return False


def _contrast_reading(
    sentence: str, question: Question, o_terms: set[str], terms: set[str], population: Set[str] = frozenset()
) -> str | None:
    """How to read a sentence whose contrasting clauses both speak of the asked outcome.

    "mixed" when they disagree (a time point, a measure); the overall clause(s) when the
    disagreeing side is a subgroup; None when there is no such contrast (read as usual).

    >>> q = parse_question("Does surgery improve survival?")
    >>> _contrast_reading("Surgery did not improve survival at 3 years, but a survival advantage "
    ...                   "appeared with longer follow-up.", q, {"surviv"}, {"surger", "surviv"})
    'mixed'
    """
    cuts = [0, *(m.start() for m in _CONTRAST.finditer(sentence)), len(sentence)]
    clauses = [sentence[a:b] for a, b in itertools.pairwise(cuts) if sentence[a:b].strip(" ,;.")]
    about = [c for c in clauses if _coverage(o_terms, content_words(c)) > 0]
    if len(about) < 2:
        return None
    signed = [(c, _clause_sign(c, question, terms)) for c in about]
    if not ({1, -1} <= {sign for _, sign in signed}):
        return None
    # A concession ("…, although it is linked through weight gain") qualifies the main clause
    # before it; a subgroup clause does not overturn the overall result. What is left decides.
    overall = [(c, sign) for c, sign in signed if not _subgroup(c, population) and not _CONCESSION.match(c)]
    overall_signs = {sign for _, sign in overall if sign}
    if len(overall) < len(signed) and len(overall_signs) == 1:
        return " ".join(c.strip() for c, sign in overall if sign)
    return "mixed" if len(overall_signs) == 2 else None


def _results_estimates_sign(sents: Sequence[_Sentence], question: Question, o_terms: set[str]) -> int:
    """+1 / -1 when the significant ratio estimates in the results about the outcome all go
    the way asked / the other way; 0 when there are none or they disagree."""
    asked = _asked_sign(question)
    signs = set()
    for sent in sents:
        if sent.region != "results" or _coverage(o_terms, content_words(sent.text)) == 0:
            continue
        sign, significant, _ = _numbers_sign(sent.text, question)
        if significant and sign:
            signs.add(1 if sign == asked else -1)
    return signs.pop() if asked and len(signs) == 1 else 0


def outcome_clause(text: str, o_terms: set[str]) -> str:
    """The clause(s) of a sentence that speak of the asked outcome, or the whole sentence.

    >>> outcome_clause("It did not prolong survival, although it improved local control.", {"local", "control"})
    'although it improved local control.'
    """
    if not o_terms:
        return text
    cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    clauses = [text[a:b].lstrip(" ,;") for a, b in itertools.pairwise(cuts) if text[a:b].strip(" ,;")]
    if len(clauses) < 2:
        return text
    keep = [c for c in clauses if _coverage(o_terms, content_words(c)) > 0]
    if not keep or len(keep) == len(clauses):
        return text
    return " ".join(keep)


#: A sentence that lists estimates of one kind ("RRs were as follows: …", "hazard ratios for …"),
#: and an estimate that names its kind.
_LIST_MEASURE = re.compile(
    r"\b(?P<abbr>HR|OR|RR|IRR)s\b|\b(?P<name>hazard ratios|odds ratios|relative risks|risk ratios|rate ratios)\b",
    re.IGNORECASE,
)
_NAMED_RATIO = re.compile(
    r"\b(?:a?HR|a?OR|RR|IRR|hazard ratio|odds ratio|relative risk|risk ratio)\b", re.IGNORECASE
)
_ABBREVIATION = {
    "hazard ratios": "HR",
    "odds ratios": "OR",
    "relative risks": "RR",
    "risk ratios": "RR",
    "rate ratios": "IRR",
}


def _with_list_measure(clause: str, sentence: str) -> str:
    """A list item read with the list's kind of estimate: "and endometrial cancer 1·74 (1·30–2·34)"
    from "RRs were as follows: …" reads as "RR and endometrial cancer 1·74 (1·30–2·34)".

    >>> _with_list_measure("stroke 1.06 (0.83-1.36)", "RRs were: embolus 1.87 (1.13-3.07), stroke 1.06 (0.83-1.36)")
    'RR stroke 1.06 (0.83-1.36)'
    >>> _with_list_measure("HR 0.66 (0.49-0.88)", "HRs: HR 0.66 (0.49-0.88)")
    'HR 0.66 (0.49-0.88)'
    """
    if clause == sentence or _NAMED_RATIO.search(clause):
        return clause
    found = _LIST_MEASURE.search(sentence)
    if found is None:
        return clause
    abbr = (found.group("abbr") or "").upper() or _ABBREVIATION[found.group("name").lower()]
    return f"{abbr} {clause}"


def _numbers_sign(text: str, question: Question) -> tuple[int, bool | None, str]:
    """Direction and significance read from a ratio estimate (HR/OR/RR) in the sentence.

    Ratios compare event rates: below 1 means fewer events. For a survival question the
    event is death, so fewer events means more survival.
    """
    effects = _extract_effects(text) if _extract_effects is not None else []
    nums = _effect_numbers(text, effects)
    if nums.ci_excludes_1:
        events = -1 if nums.ratio_below_1 >= nums.ratio_above_1 else 1
        sign = -events if outcome_polarity(question.outcome) == 1 else events
        return sign, True, "a ratio whose confidence interval excludes 1"
    if nums.ci_crosses_1:
        return 0, False, "a ratio whose confidence interval crosses 1"
    differences = _differences_significance(effects)
    if differences is not None:
        # A mean or risk difference says whether there is a difference, not (reliably) which way
        # is better: papers differ on which arm they subtract. The words decide the direction.
        if differences:
            return 0, True, "a difference whose confidence interval excludes 0"
        return 0, False, "a difference whose confidence interval includes 0"
    if nums.p_sig and not nums.p_nonsig:
        return 0, True, "p < 0.05"
    if nums.p_nonsig and not nums.p_sig:
        return 0, False, "p >= 0.05"
    return 0, None, ""


_FIGURE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*%")


def _two_figures_sign(text: str, i_terms: set[str]) -> int:
    """'12% with drug X and 18% with placebo': +1 if the intervention's figure is higher, -1 lower."""
    figures = list(_FIGURE.finditer(text))
    if len(figures) < 2 or not i_terms:
        return 0
    first, second = figures[0], figures[1]
    between = content_words(text[first.end() : second.start()])
    after = content_words(text[second.end() : second.end() + 40])
    a, b = float(first.group(1)), float(second.group(1))
    if a == b:
        return 0
    if between & i_terms:
        return 1 if a > b else -1
    if after & i_terms:
        return 1 if b > a else -1
    return 0


def _differences_significance(effects: Sequence[Effect]) -> bool | None:
    """Whether the difference estimates (MD, SMD, RD) among ``effects`` are significant: True if
    every confidence interval excludes 0, False if every one includes it, None if mixed or none.

    >>> from consilience.analyze.effects import extract_effects_from_text as read
    >>> _differences_significance(read("little or no difference in depression (SMD -0.15, 95% CI -0.30 to 0.01)"))
    False
    >>> _differences_significance(read("less fatigue (SMD -0.28, 95% CI -0.41 to -0.16)"))
    True
    >>> _differences_significance(read("HR 0.66, 95% CI 0.49-0.88")) is None
    True
    """
    calls = {
        e.ci_low > 0.0 or e.ci_high < 0.0
        for e in effects
        if e.measure.upper() in _DIFFERENCES and e.ci_low is not None and e.ci_high is not None
    }
    return calls.pop() if len(calls) == 1 else None


def _effect_numbers(text: str, effects: Sequence[Effect]) -> Numbers:
    """Significance and direction of the ratio estimates in a sentence (Study analysis's
    ``effects`` of it first, then the numbers as written)."""
    excl = cross = below = above = 0
    for e in effects:
        if e.measure.upper() not in _RATIOS or e.ci_low is None or e.ci_high is None:
            continue
        if e.ci_low > 1.0 or e.ci_high < 1.0:
            excl += 1
            below += e.value < 1.0
            above += e.value > 1.0
        else:
            cross += 1
    fallback = read_numbers(text)
    if not excl and not cross:
        return fallback
    return Numbers(excl, cross, below, above, fallback.p_sig, fallback.p_nonsig)


def _intervention_terms(question: Question) -> set[str]:
    """Content words of the intervention, or of the title's topic when the parse is unreliable.

    PubMed-style titles ("Double balloon enteroscopy: is it efficacious?") put the
    intervention before the colon and a pronoun in the question.
    """
    if not set(words(question.intervention)) & NOT_AN_INTERVENTION:
        return content_words(question.intervention)
    head, colon, _ = question.text.partition(":")
    if not colon:
        head = question.text.split("?")[0]
        if "." in head:  # "Topic. Is it safe?"
            head = head.rsplit(".", 1)[0]
        else:
            return set()
    terms = content_words(head)
    return {t for t in terms if t not in NOT_AN_INTERVENTION} if len(terms) <= 8 else set()


#: Prefixes that make a word another form of the same thing ("psychomotor" / "motor",
#: "postoperative" / "operative"): a word ending in another one counts as it only after these.
_PREFIXES = frozenset(
    [
        "psycho",
        "neuro",
        "cardio",
        "cerebro",
        "gastro",
        "hepato",
        "nephro",
        "pneumo",
        "osteo",
        "myo",
        "hyper",
        "hypo",
        "post",
        "pre",
        "anti",
        "intra",
        "inter",
        "sub",
        "super",
        "supra",
        "micro",
        "macro",
        "non",
        "peri",
        "para",
        "multi",
        "poly",
        "poli",
        "re",
        "de",
        "dis",
        "un",
        "co",
        "trans",
        "extra",
        "ultra",
        "semi",
        "mono",
        "bi",
        "tri",
    ]
)


def _part_named(rest: str, text_terms: set[str]) -> bool:
    """Whether the rest of a compound ("-rankl", "weight", "otherapy") is a word of the text."""
    part = rest.lstrip("-")
    for candidate in (part, part[1:] if part[:1] in ("o", "i") else ""):
        if len(candidate) >= 4 and any(
            t.startswith(candidate) or (len(t) >= 4 and candidate.startswith(t)) for t in text_terms
        ):
            return True
    return False


def _mentioned(term: str, text_terms: set[str]) -> bool:
    """Whether a term appears: itself, an outcome synonym, another form of it ("obes" / "obese"),
    a word sharing its first 7 letters ("responsibil" / "responsible") or a word of 5 letters or
    more that ends it after a prefix ("psychomotor" / "motor", not "endometrial" / "trial").

    >>> _mentioned("psychomotor", {"child", "motor"}), _mentioned("psychomotor", {"child"})
    (True, False)
    >>> _mentioned("endometrial", {"trial"}), _mentioned("mouse", {"mice"})
    (False, True)
    >>> _mentioned("sleep", {"sleepiness"}), _mentioned("obes", {"obesity"})
    (False, True)
    >>> _mentioned("breastfeed", {"breast", "cancer"}), _mentioned("hypertensive", {"hypertens"})
    (False, True)
    """
    if term in text_terms or _SYNONYM_OF.get(term, frozenset()) & text_terms:
        return True
    if _IRREGULAR_FORMS.get(term, "") in text_terms:
        return True  # "mouse models" are named by "mice"
    if "-" in term and term.replace("-", "") in text_terms:
        return True  # "birth-weight" is "birthweight"
    for t in text_terms:
        if "-" in t and t.replace("-", "") == term:
            return True
        short, long_ = (t, term) if len(t) <= len(term) else (term, t)
        rest = long_[len(short) :]
        # The question's word may be longer only by an ending, or by a word the text also names:
        # "breast" alone does not name "breastfeed", but "birth" and "weight" name "birthweight".
        if (
            len(short) >= 4
            and long_.startswith(short)
            and rest not in _STATE_ENDINGS
            and (
                len(t) > len(term) or len(rest) <= 3 or rest in _WORD_ENDINGS or _part_named(rest, text_terms)
            )
        ):
            return True
        if len(short) >= 5 and long_.endswith(short) and long_[: -len(short)].rstrip("-") in _PREFIXES:
            return True  # a prefixed form: "psychomotor" / "motor" (but "endometrial" is no "trial")
        if len(term) >= 8 and t.startswith(term[:7]):
            return True
    return False


#: A name made specific by a letter after it: "vitamin D", "hepatitis B", "factor VIII",
#: "coenzyme Q10", "influenza A". Its word alone names something else ("vitamins E and C").
#: Only these heads: after other words a letter is as often a variable or an allele
#: ("the minor G allele"), and numbered names have too many spellings ("interleukin-2", IL-2).
_QUALIFIED = re.compile(
    r"\b(vitamins?|hepatitis|factor|coenzyme|influenza|group|apolipoprotein|immunoglobulin|complement)"
    r"[\s-]+([A-Za-z](?:\d{1,2})?|(?<=factor )[IVX]{1,4}|(?<=factor )\d{1,2})\b(?![-/]\w)",
    re.IGNORECASE,
)
#: An intervention read from a title or a garbled question ("X: potential for ...?"): too
#: unreliable to say a paper's findings are about something else.
_UNRELIABLE_PARSE = re.compile(
    r"[:?.]|^(?:is|are|does|do|can|should)\b|\b(?:it|its|they|this|these|result|predict|risk|necessary)\b",
    re.IGNORECASE,
)


def _abbreviation_used(i_terms: set[str], sents: Sequence[_Sentence], findings: Sequence[_Sentence]) -> bool:
    """Whether the findings use an abbreviation the paper defined for the intervention
    ("exogenous alpha-galactosidase enzyme (AG) ... no evidence to support the use of AG")."""
    defined = set()
    for sent in sents:
        for m in _DEFINED.finditer(sent.text):
            before = content_words(spell_greek(sent.text[max(0, m.start() - 60) : m.start()]))
            if _gate_coverage(i_terms, before) >= 0.5:
                defined.add(m.group(1))
    return bool(defined) and any(re.search(rf"\b{re.escape(a)}\b", x.text) for a in defined for x in findings)


_DEFINED = re.compile(r"\(([A-Z][A-Za-z0-9]{1,6})\)")


def _qualified_names(phrase: str) -> list[re.Pattern[str]]:
    """Patterns for the qualified names in ``phrase``: the word in any case and plural, the
    mark (a letter may carry a digit: "vitamin D" also finds "vitamin D3"), in any case.

    >>> [bool(p.search("Vitamin D3 and calcium")) for p in _qualified_names("vitamin D supplementation")]
    [True]
    >>> [bool(p.search("vitamins E and C")) for p in _qualified_names("vitamin D supplementation")]
    [False]
    """
    found = []
    for m in _QUALIFIED.finditer(phrase):
        word, mark = m.group(1).rstrip("sS") or m.group(1), m.group(2)
        if mark in ("a", "i"):
            continue  # "... group a few": an article or a pronoun rather than a name
        digits = r"\d{0,2}" if mark.isalpha() else ""
        found.append(re.compile(rf"\b{re.escape(word)}s?[\s-]*{re.escape(mark)}{digits}\b", re.IGNORECASE))
    return found


def _gate_coverage(terms: set[str], text_terms: set[str]) -> float:
    """Like ``_coverage`` but lenient on word forms ("responsibility" / "responsible")."""
    if not terms:
        return 1.0
    return sum(_mentioned(t, text_terms) for t in terms) / len(terms)


def _names_the_treatment(
    terms: set[str], text_terms: set[str], sents: Sequence[_Sentence], population: Set[str] = frozenset()
) -> bool:
    """Whether a paper names a treatment of three words or more ("primary tumour surgery"): two
    of its words standing together somewhere, or its procedure word, by any of its names
    ("locoregional surgery" for "removing the primary tumour"), in a sentence about the people
    asked about (all of the ``population``'s words but one). One common word alone ("the
    primary endpoint", "tumour size"), several words apart ("breast conserving surgery" and
    "large tumours" in different sentences) or a procedure in other patients ("surgical
    treatment for ovarian cancer" in a review that names breast cancer elsewhere) do not.
    """
    present = {t for t in terms if _mentioned(t, text_terms)}
    procedures = {t for t in present if t in _SYNONYM_OF}  # "surgery", "removing"
    for sent in sents if procedures else ():
        sent_terms = content_words(spell_greek(sent.text))
        named = any(_mentioned(t, sent_terms) for t in procedures)
        if named and sum(not _mentioned(t, sent_terms) for t in population) <= 1:
            return True
    return len(present) >= 2 and _named_together(present, sents)


#: "Risk of", "incidence of": what is measured of a condition, not part of its name.
_MEASURED_OF = re.compile(
    r"^(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:risk|risks|incidence|rates?|development|occurrence|onset|odds|"
    r"likelihood|prevalence|diagnosis|diagnoses|cases)\s+of\s+",
    re.IGNORECASE,
)


def _is_condition(outcome: str) -> bool:
    """Whether an outcome is a condition by name: words before a head ("lung cancer", "chronic
    low back pain", "risk of gastric cancer"); not something of a condition or of some people
    ("breast cancer recurrence", "survival of mice with mutated tumours").

    >>> _is_condition("risk of gastric cancer"), _is_condition("survival of mice with mutated tumors")
    (True, False)
    """
    core = _MEASURED_OF.sub("", outcome.strip())
    sequence = content_sequence(core)
    return (
        bool(sequence)
        and sequence[-1] in _CONDITION_HEAD_STEMS
        and not re.search(r"\b(?:with|of|for|in|among|after|from|to|on)\b", core, re.IGNORECASE)
    )


#: The heads of a cancer's name, and their stems.
_CANCER_HEADS = (
    *("cancer", "cancers", "carcinoma", "carcinomas", "adenocarcinoma", "adenocarcinomas"),
    *("tumour", "tumours", "tumor", "tumors", "neoplasm", "neoplasms", "malignancy", "malignancies"),
)
_CANCER_HEAD_STEMS = frozenset(content_words(" ".join(_CANCER_HEADS)))
#: A cancer named as who was studied ("patients with early stage lung cancer", "after diagnosis
#: of lung cancer"): their survival or prognosis, not whether they got the cancer. (A symptom
#: stays: "patients with low back pain" whose pain fell answer a question about back pain.)
_AS_POPULATION = re.compile(
    r"\b(?:(?:patients|people|women|men|adults|children|survivors|subjects|individuals|persons|those|cases)"
    r"\s+(?:with|who\s+had|diagnosed\s+with|treated\s+for|undergoing\s+\w+\s+for)"
    r"|diagnosis\s+of|diagnosed\s+with|treated\s+for|treatment\s+of|surgery\s+for|survivors\s+of)"
    rf"\s+(?:[\w-]+\s+){{0,4}}?(?:{'|'.join(_CANCER_HEADS)})\b",
    re.IGNORECASE,
)


def _condition_named(specific: set[str], sents: Sequence[_Sentence], window: int = 3) -> bool:
    """Whether a sentence names a condition asked about by its specific words and a head: "lung
    cancer", "cancers of the lung", "lung and pancreatic cancers", "low back pain". "Lung
    function" names no cancer, "neck pain" no back pain, and "survival of patients with lung
    cancer" names the people studied, not the outcome.

    >>> at = lambda text: [_Sentence(text, 0, 0, "concl")]
    >>> _condition_named({"lung"}, at("Deaths from cancers of the lung rose.")), _condition_named({"lung"}, at("Lung function improved."))
    (True, False)
    >>> _condition_named({"lung"}, at("Quitting after diagnosis of early stage lung cancer prolonged survival."))
    False
    """
    for sent in sents:
        sequence = content_sequence(spell_greek(_AS_POPULATION.sub(" ", sent.text)))
        heads = [i for i, token in enumerate(sequence) if token in _CONDITION_HEAD_STEMS]
        if not heads:
            continue
        for i, token in enumerate(sequence):
            if any(abs(i - j) <= window for j in heads) and any(_mentioned(t, {token}) for t in specific):
                return True
    return False


def _named_together(terms: set[str], sents: Sequence[_Sentence], window: int = 3) -> bool:
    """Whether two different ``terms`` (in any form the gate accepts) stand within ``window``
    content words of each other in one sentence or the title.

    >>> sents = [_Sentence("Surgery of the primary tumour prolonged survival.", 0, 0, "concl")]
    >>> _named_together({"primary", "tumour", "surgery"}, sents)
    True
    >>> apart = [_Sentence("The primary endpoint was survival after breast conserving surgery.", 0, 0, "concl")]
    >>> _named_together({"primary", "tumour", "surgery"}, apart)
    False
    """
    for sent in sents:
        hits = [
            (i, term)
            for i, token in enumerate(content_sequence(spell_greek(sent.text)))
            for term in terms
            if _mentioned(term, {token})
        ]
        for (i, a), (j, b) in itertools.combinations(hits, 2):
            if a != b and abs(i - j) <= window:
                return True
    return False


#: A treatment both arms received: "X alone or in combination with Y", "X alone versus combined
#: with Y", "the addition of Y to X", "Y with X compared with X alone". ("X with or without Y" is left alone: it is as often the
#: treatment tested, given with or without a companion.)
_BOTH_ARMS = re.compile(
    r"(?P<x>[\w-]+(?:\s+[\w-]+){0,3}?)\s+alone\s+(?:or|versus|vs\.?|compared\s+with)\s+"
    r"(?:in\s+)?(?:combination|combined)\s+with\b"
    r"|\b(?:addition|adding)\s+of\s+[\w-]+(?:\s+[\w-]+){0,4}?\s+to\s+(?P<z>[\w-]+(?:\s+[\w-]+){0,3})"
    # the control arm had the treatment on its own: "… with dexamethasone compared with dexamethasone alone"
    r"|\b(?:compared\s+(?:with|to)|versus|vs\.?|than|or)\s+(?P<y>[\w-]+(?:\s+[\w-]+){0,2}?)\s+alone\b",
    re.IGNORECASE,
)


def _given_to_both_arms(text: str, terms: set[str]) -> bool:
    """Whether ``text`` names the treatment (``terms``) as what both arms received.

    >>> _given_to_both_arms("Women had radiotherapy alone or in combination with actinomycin-D.", {"radiotherapy"})
    True
    >>> _given_to_both_arms("The addition of interferon to radiotherapy did not help.", {"radiotherapy"})
    True
    >>> _given_to_both_arms("Radiotherapy reduced recurrence compared with observation.", {"radiotherapy"})
    False
    >>> _given_to_both_arms("Granisetron with dexamethasone was better than dexamethasone alone.", {"dexamethasone"})
    True
    >>> _given_to_both_arms("Ramosetron plus dexamethasone was better than ramosetron alone.", {"dexamethasone"})
    False
    """
    for match in _BOTH_ARMS.finditer(text):
        phrase = match.group("x") or match.group("z") or match.group("y") or ""
        if _gate_coverage(terms, content_words(spell_greek(phrase))) == 1.0:
            return True
    return False


def names_any(phrase: str, text: str) -> bool:
    """Whether ``text`` names any content word of ``phrase``, in any form the relevance gate
    accepts (synonyms for procedures and outcomes, other word forms, Greek letters spelled out).

    >>> names_any("obesity", "A higher BMI was associated with death."), names_any("obesity", "Exercise helped.")
    (True, False)
    """
    return _gate_coverage(content_words(spell_greek(phrase)), content_words(spell_greek(text))) > 0


def _acronym_mentioned(question: Question, sents: Sequence[_Sentence]) -> bool:
    """Whether the text names the intervention by its initials ("DBE" for "double balloon enteroscopy").

    >>> q = parse_question("Double balloon enteroscopy: is it efficacious and safe?")
    >>> _acronym_mentioned(q, [_Sentence("DBE was completed in 40 patients.", 0, 0, "results")])
    True
    """
    phrase = question.intervention
    if set(words(phrase)) & NOT_AN_INTERVENTION:
        phrase = question.text.partition(":")[0] if ":" in question.text else ""
    every = [w for w in re.split(r"[\s\-/]+", phrase.lower()) if w and w[0].isalpha()]
    parts = [w for w in every if w not in ACRONYM_SKIP]
    if not 2 <= len(parts) <= 5:
        return False
    # "loss of consciousness" is LOC as often as LC
    acronyms = {"".join(w[0] for w in parts), "".join(w[0] for w in every[: len(parts) + 2])}
    return any(
        acronyms & {t.lower() for t in re.findall(r"\b[A-Za-z]{2,6}\b", s.text) if t.isupper()} for s in sents
    )


#: Comparators a paper may leave unnamed (its control arm), stemmed as ``content_words`` stems.
_ANY_COMPARATOR = content_words(
    "placebo placebos control controls usual care standard sham observation none nothing alone "
    "conventional treatment treatments therapy therapies management no untreated vehicle"
)


#: A title that compares two treatments: "Dabigatran vs. warfarin in relation to ...".
_TITLE_VS = re.compile(
    r"^(?P<a>[^:;,]{2,60}?)\s+(?:vs\.?|versus|compared (?:with|to))\s+(?P<b>[^:;,]{2,60}?)(?=$|[:;,.?]|\s+(?:in|for|among|on|after|as)\s)",
    re.IGNORECASE,
)


def _active_comparator(title: str, i_terms: set[str], c_terms: set[str]) -> str:
    """The treatment a titled comparison tests against the one asked about, when the one asked
    about is its comparator (and not the question's own comparison); '' otherwise.

    >>> _active_comparator("Dabigatran vs. warfarin in atrial fibrillation", {"warfarin"}, set())
    'Dabigatran'
    """
    m = _TITLE_VS.search(title.strip()) if title else None
    if m is None or not i_terms:
        return ""
    if CONTROL_ARM.search(m["b"]):
        return ""  # "Locoregional treatment versus no treatment of the primary tumour": a control
    first, second = content_words(spell_greek(m["a"])), content_words(spell_greek(m["b"]))
    asked_second = _gate_coverage(i_terms, second) > 0 and _gate_coverage(i_terms, first) == 0
    if not asked_second or (c_terms and _gate_coverage(c_terms, first) > 0):
        return ""
    return m["a"].strip()


#: "Letrozole is safe and superior to tamoxifen": a comparison that names its winner first.
_BEATS = re.compile(
    r"(?P<a>[\w-]+(?:\s+[\w-]+){0,2}?)\s+(?:is|was|are|were|proved|appeared|seemed)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:superior|inferior|non-?inferior|better|worse|more\s+effective|less\s+effective)\s+(?:to|than)\s+"
    r"(?P<b>[\w-]+(?:\s+[\w-]+){0,3})",
    re.IGNORECASE,
)


def _compared_against(text: str, terms: set[str]) -> str:
    """The treatment ``text`` compares with the one asked about (``terms``) as its comparator
    ("letrozole is superior to tamoxifen" asked about tamoxifen), or ''.

    >>> _compared_against("Thus, neoadjuvant letrozole is safe and superior to tamoxifen.", {"tamoxifen"})
    'neoadjuvant letrozole'
    >>> _compared_against("Tamoxifen was superior to placebo.", {"tamoxifen"})
    ''
    """
    for match in _BEATS.finditer(text):
        a, b = content_words(spell_greek(match["a"])), content_words(spell_greek(match["b"]))
        if (
            _gate_coverage(terms, b) == 1.0
            and _gate_coverage(terms, a) == 0
            and a - _ANY_COMPARATOR
            and not CONTROL_ARM.search(match["a"])
        ):
            return match["a"].strip()
    return ""


#: Events that happen to people with a condition: "breast cancer recurrence", "lung cancer mortality".
_EVENT_STEMS = frozenset(
    content_words("recurrence relapse mortality death deaths survival progression metastasis metastases")
)


def _event_of_condition(outcome: str) -> tuple[set[str], set[str]]:
    """The event and the condition of an outcome that names an event of a cancer: ({recurrence},
    {breast, cancer}) for "risk of breast cancer recurrence"; two empty sets otherwise.

    >>> event, who = _event_of_condition("breast cancer recurrence")
    >>> sorted(event), sorted(who)
    (['recurrence'], ['breast', 'cancer'])
    >>> _event_of_condition("lung cancer"), _event_of_condition("tumour size")
    ((set(), set()), (set(), set()))
    """
    sequence = content_sequence(_MEASURED_OF.sub("", outcome.strip()))
    heads = [i for i, token in enumerate(sequence) if token in _CANCER_HEAD_STEMS]
    if not heads or heads[-1] == len(sequence) - 1:
        return set(), set()
    tail = set(sequence[heads[-1] + 1 :])
    if not tail <= _EVENT_STEMS:
        return set(), set()
    return tail, set(sequence[: heads[-1] + 1])


_BOTH = re.compile(
    r"\bboth\s+(?:the\s+)?(?P<pair>[\w-]+(?:\s+[\w-]+){0,3}?\s+and\s+[\w-]+(?:\s+[\w-]+){0,3})", re.I
)


def _both_did_it(text: str, i_terms: set[str], c_terms: set[str]) -> bool:
    """Whether ``text`` credits both the treatment asked about and its comparator ("both
    ondansetron and metoclopramide reduced nausea").

    >>> _both_did_it("Both ondansetron and metoclopramide reduced nausea.", {"ondansetron"}, {"metoclopramide"})
    True
    >>> _both_did_it("Ondansetron reduced nausea more than metoclopramide.", {"ondansetron"}, {"metoclopramide"})
    False
    """
    for match in _BOTH.finditer(text):
        pair = content_words(spell_greek(match["pair"]))
        if _gate_coverage(i_terms, pair) == 1.0 and _gate_coverage(c_terms, pair) == 1.0:
            return True
    return False


def _denies(text: str, terms: set[str]) -> bool:
    """Whether ``text`` names ``terms`` only under a negation ("not prescribed statins")."""
    marked = negation_marked(words(spell_greek(text)))
    negated = content_words(" ".join(t[4:] for t in marked if t.startswith("NOT_")))
    plain = content_words(" ".join(t for t in marked if not t.startswith("NOT_")))
    return _gate_coverage(terms, negated) > 0 and _gate_coverage(terms, plain) == 0


#: The share of a question's words that a paper must name when the question is read as a whole.
#: Only questions ("Does ... ?") are held to it: a claim read as a whole ("The coronavirus cannot
#: thrive in warmer climates") is often answered in other words ("temperature", "humidity").
_WHOLE_QUESTION_COVERAGE = 0.34


def rule_stance(question: Question, sections: Sequence[tuple[str, str]], title: str = "") -> RuleVerdict:
    """The rule-based verdict with its deciding sentence; works with no model at all."""
    sents = _sentences(sections, title)
    if not sents:
        return RuleVerdict("not-addressed", 0.9, None, ["the paper has no abstract text"], ["gate"])
    i_terms = _intervention_terms(question)
    o_terms = set() if question.outcome.lower() in GENERIC_OUTCOMES else content_words(question.outcome)
    if o_terms - OUTCOME_MEASURE_WORDS:
        o_terms -= OUTCOME_MEASURE_WORDS  # "risk of fractures" is answered by fractures, not by any risk
    # "postoperative delirium": delirium; "low back pain": back (but "postoperative pain": pain)
    events_asked = bool(content_words(question.outcome) & _EVENTS_NOUN)
    o_terms = specific_words(o_terms, _QUALIFIER_STEMS)
    # "cardiovascular events": what is left ("cardiovascular") only says which events; it also
    # names a disease ("patients with cardiovascular disease"), so the events must be named too.
    events_needed = events_asked and bool(o_terms) and all(_ADJECTIVE.search(t) for t in o_terms)
    if set(content_sequence(question.outcome)[-1:]) & _CONDITION_HEAD_STEMS:
        # the head of a condition's name ("lung cancer"), not a word naming a kind ("pain hypersensitivity")
        o_terms = specific_words(o_terms, _CONDITION_HEAD_STEMS)
    condition = _is_condition(question.outcome) and not o_terms & _CONDITION_HEAD_STEMS
    if o_terms <= _GENERIC_OUTCOME_STEMS:
        o_terms = set()  # "clinical outcome", "prognosis": any outcome answers
    p_terms = content_words(question.population) - _ANY_PEOPLE
    event, who = _event_of_condition(question.outcome)
    if event:
        # "breast cancer recurrence": the event is recurrence, and the cancer says whose
        o_terms = event
        p_terms = p_terms or who
    if question.direction == "safe":
        o_terms = set()
    all_terms = set().union(*(content_words(s.text) for s in sents))
    # "Cell death" and "a survival pathway" are not the deaths or the survival of patients.
    cells_asked = CELL_LEVEL.search(question.outcome) is not None

    def outcome_words(text: str) -> set[str]:
        return content_words(text if cells_asked else CELL_LEVEL.sub(" ", text))

    o_all = all_terms if cells_asked else set().union(*(outcome_words(s.text) for s in sents))
    reasons: list[str] = []
    q_all = content_words(question.text) - NOT_AN_INTERVENTION
    # The gates need the intervention's own words: "music therapy" is not named by "therapy".
    i_gate = specific_words(i_terms, _TREATMENT_STEMS)
    i_cov = _gate_coverage(i_gate, all_terms)
    if i_terms and i_cov == 0 and _acronym_mentioned(question, sents):
        i_cov = 1.0
    o_cov = _gate_coverage(o_terms, o_all)
    if i_terms and i_cov == 0:
        return RuleVerdict(
            "not-addressed", 0.8, None, [f"the paper does not mention {question.intervention!r}"], ["gate"]
        )
    if (
        not i_terms
        and not o_terms
        and is_question_form(question.text)
        and len(q_all) >= 3
        and _gate_coverage(q_all, all_terms) < _WHOLE_QUESTION_COVERAGE
    ):
        # A question read as a whole ("Does family practice at residency teaching sites reflect
        # community practice?") has no intervention or outcome to check: a paper naming only a
        # few of its words ("community", "practice") is about something else.
        return RuleVerdict(
            "not-addressed", 0.6, None, ["the paper names few of the question's words"], ["gate"]
        )
    if (
        len(i_gate) >= 3
        # a treatment's name, not a clause or a title (articles aside: "surgery of the primary tumour")
        and len([w for w in question.intervention.split() if w.lower() not in ("the", "a", "an")]) <= 4
        and not re.search(r"\b(?:and|or|plus)\b|[,/]", question.intervention)  # nor a list of them
        and o_terms
        and not _UNRELIABLE_PARSE.search(question.intervention)
        and not _acronym_mentioned(question, sents)
        and not _names_the_treatment(i_gate, all_terms, sents, p_terms)
    ):
        return RuleVerdict(
            "not-addressed",
            0.7,
            None,
            [f"the paper never names {question.intervention!r} (only some of its words, apart)"],
            ["gate"],
        )
    # "Laparoscopic vs open surgery": a paper that never names the open operation compares
    # something else (two laparoscopic techniques, a recovery protocol). Placebo, usual care and
    # the like go unnamed often enough that they are not required.
    c_terms = content_words(spell_greek(question.comparator)) - i_terms - _ANY_COMPARATOR
    if c_terms and not any(_mentioned(t, all_terms) for t in c_terms):
        return RuleVerdict(
            "not-addressed",
            0.7,
            None,
            [f"the paper does not mention the comparison, {question.comparator!r}"],
            ["gate"],
        )
    active = _active_comparator(title, i_terms, content_words(spell_greek(question.comparator)))
    if active:
        # "Dabigatran vs. warfarin in ...": a trial of another drug against the one asked about
        # says how the two compare, not whether the one asked about helps.
        return RuleVerdict(
            "not-addressed",
            0.6,
            None,
            [f"the paper tests {active!r} against {question.intervention!r}"],
            ["gate", "other-intervention"],
        )
    qualified = (
        [] if _UNRELIABLE_PARSE.search(question.intervention) else _qualified_names(question.intervention)
    )
    if qualified and not any(rx.search(s.text) for rx in qualified for s in sents):
        # "vitamin D" is not "vitamins E and C": a name with its letter or number must appear whole
        return RuleVerdict(
            "not-addressed", 0.8, None, [f"the paper does not mention {question.intervention!r}"], ["gate"]
        )
    if o_terms and o_cov == 0 and _gate_coverage(q_all, all_terms) < 0.5:
        return RuleVerdict(
            "not-addressed",
            0.7,
            None,
            [f"the paper reports on other outcomes than {question.outcome!r}"],
            ["gate"],
        )
    if question.direction == "safe" and not any(_SAFETY.search(s.text) for s in sents):
        # Silence about harms is not evidence of safety: a paper that reports none does not
        # answer "is X safe?" (and must not count as a "yes" in the meter).
        return RuleVerdict(
            "not-addressed", 0.7, None, ["the paper reports no harms, adverse events or safety"], ["gate"]
        )
    # Fewer than half of the population's words: "total blood loss" after prostatectomy does not
    # name "total knee arthroplasty" ("concussed" names concussion: word forms count).
    other_population = bool(p_terms) and _gate_coverage(p_terms, all_terms) < 0.5
    if other_population:
        reasons.append(f"{OTHER_POPULATION_REASON} {question.population!r} or is not stated")

    # The deciding sentence: conclusion first, then results; it must touch the question's terms.
    q_terms = i_terms | o_terms | content_words(question.text)

    def scored(sent: _Sentence) -> float:
        terms = content_words(sent.text)
        score = _coverage(i_terms, terms) + 1.5 * _coverage(o_terms, outcome_words(sent.text))
        score += 0.5 * _coverage(q_terms, terms)
        score += {"concl": 0.8, "results": 0.3, "title": -0.3}.get(sent.region, 0.0)
        low = sent.text.lower()
        if count_patterns(NONSIG_PATTERNS, low) or read_numbers(sent.text) != read_numbers(""):
            score += 0.3
        if sent.region == "other" and _CONCLUSION_HINT.search(sent.text):
            score += 0.1
        if question.direction == "safe" and _SAFETY.search(sent.text):
            score += 1.5
        return score

    # The sentence that best matches the question tells the gates what the paper is about; the
    # deciding sentence is the best match among the findings, since background, aims and methods
    # name the question's terms without answering them ("patients were free of cardiovascular
    # disease and not prescribed statins at baseline").
    matched = max(sents, key=scored)  # the first of equals
    best = max([x for x in sents if x.region != "setup"] or sents, key=scored)
    findings = [x for x in sents if x.region in ("concl", "results", "title")] or sents[-2:]
    if events_needed and not any(content_words(x.text) & _EVENT_WORDS for x in [matched, *findings]):
        reasons.append(f"the findings report no {question.outcome!r}")
        return RuleVerdict("not-addressed", 0.5, best, reasons, ["gate", "other-outcome"])
    if o_terms and (
        (
            _coverage(o_terms, outcome_words(matched.text)) == 0
            and not any(_gate_coverage(o_terms, outcome_words(x.text)) for x in findings)
        )
        # a condition ("lung cancer") must be named as one: "improved lung function" is not it
        or (condition and not _condition_named(o_terms, [matched, *findings]))
    ):
        reasons.append(f"the deciding sentence is about another outcome than {question.outcome!r}")
        return RuleVerdict("not-addressed", 0.5, best, reasons, ["gate", "other-outcome"])
    i_spelled = (
        specific_words(content_words(spell_greek(question.intervention)), _TREATMENT_STEMS)
        if i_terms
        else i_terms
    )
    if (
        0 < len(i_terms) <= 3
        and not _UNRELIABLE_PARSE.search(question.intervention)
        and not _acronym_mentioned(question, findings)
        and not _abbreviation_used(i_spelled, sents, findings)
        and not any(
            _gate_coverage(i_spelled, content_words(spell_greek(x.text))) for x in [matched, *findings]
        )
    ):
        # The title, results and conclusions never name the intervention asked about: the paper
        # mentions it in passing (a co-treatment, the background) but reports on something else.
        reasons.append(f"the findings are about another intervention than {question.intervention!r}")
        return RuleVerdict("not-addressed", 0.5, best, reasons, ["gate", "other-intervention"])
    if i_terms and not _UNRELIABLE_PARSE.search(question.intervention):
        naming = [x for x in sents if _gate_coverage(i_spelled, content_words(spell_greek(x.text)))]
        titled = any(x.region == "title" for x in sents)
        if naming and all(x.region == "setup" and (titled or _denies(x.text, i_spelled)) for x in naming):
            # "Patients were free of cardiovascular disease and not prescribed statins at baseline",
            # "adjusted for ..., aspirin use and diet": what the participants did not have, or what
            # the analysis adjusted for, is not what the study is about (its title would say so).
            reasons.append(f"the paper names {question.intervention!r} only in its background or methods")
            return RuleVerdict("not-addressed", 0.6, best, reasons, ["gate", "other-intervention"])
        rival = _compared_against(best.text, i_spelled) if i_spelled else ""
        if rival and not (question.comparator and names_any(question.comparator, rival)):
            # "Neoadjuvant letrozole is superior to tamoxifen": the trial tests letrozole, with the
            # treatment asked about as its comparator.
            reasons.append(f"the paper tests {rival!r} against {question.intervention!r}")
            return RuleVerdict("not-addressed", 0.6, best, reasons, ["gate", "other-intervention"])
        if i_spelled and _given_to_both_arms(best.text, i_spelled):
            # "radiotherapy alone or in combination with actinomycin-D ... chemotherapy improved
            # local control": both arms had the treatment asked about; the trial tests the other.
            reasons.append(f"the finding is about a treatment added to {question.intervention!r}")
            return RuleVerdict("not-addressed", 0.5, best, reasons, ["gate", "other-intervention"])

    text = outcome_clause(best.text, o_terms)
    contrast = (
        _contrast_reading(text, question, o_terms, i_terms | o_terms | q_terms, p_terms) if o_terms else None
    )
    if contrast == "mixed":
        # "Did not improve survival at 36 months, but a survival advantage appeared with longer
        # follow-up": the sentence says both; the estimates in the results decide, if they agree.
        flags_mixed = ["mixed", "backed"]
        reasons.append("the finding is mixed (it differs by time point or measure)")
        by_numbers = _results_estimates_sign(sents, question, o_terms)
        if by_numbers:
            reasons.append(
                "the estimates reported for the outcome go "
                + ("the way asked" if by_numbers > 0 else "against the direction asked")
            )
            answer = "yes" if by_numbers > 0 else "no"
            if other_population:
                answer = "possibly"
                flags_mixed.append("other-population")
            return RuleVerdict(answer, 0.6, best, reasons, flags_mixed)
        return RuleVerdict("possibly", 0.5, best, reasons, flags_mixed)
    if contrast is not None:
        text = contrast  # the overall clause; the contrasting one is about a subgroup
    tokens = words(text)
    marked = negation_marked(tokens)
    negated = {t[4:] for t in marked if t.startswith("NOT_")}
    neg_terms = content_words(" ".join(negated)) & (i_terms | o_terms | q_terms)
    nonsig = count_patterns(NONSIG_PATTERNS, text) > 0
    hedged = count_patterns(HEDGE_PATTERNS, text) > 0
    num_sign, num_sig, num_reason = _numbers_sign(_with_list_measure(text, best.text), question)
    word_sign = _finding_sign(tokens, question.outcome)
    if not word_sign and not num_sign:
        word_sign = _two_figures_sign(text, i_terms)
        if word_sign:
            reasons.append("the intervention's figure is " + ("higher" if word_sign > 0 else "lower"))
    if not word_sign and not num_sign and _predict_direction is not None and i_terms:
        call = _predict_direction(question.intervention, question.comparator, question.outcome or text, text)
        if call.label.startswith("significantly") and not {"no test", "direction unclear"} & set(
            call.reasons
        ):
            word_sign = 1 if call.label.endswith("increased") else -1
            num_sig = True
            reasons.append("direction read by Study analysis: " + call.label)
    if NON_HUMAN.search(text) and not NON_HUMAN.search(question.text):
        other_population = True
        reasons.append("the finding is from animal or laboratory work")
    asked = _asked_sign(question)
    strength = 0.5
    flags: list[str] = []
    significant = num_sig is True or _reports_significance(text)
    if num_sign:
        flags.append("numbers")
    if significant:
        flags.append("significant")
    if any(
        x.region == "results" or _STATISTIC.search(x.text) or _reports_significance(x.text) for x in sents
    ):
        flags.append("backed")  # the abstract reports results (a results section or statistics)

    if c_terms and _both_did_it(text, i_terms, c_terms):
        # "Both ondansetron and metoclopramide significantly reduced nausea": each arm improved
        # on its own baseline, and neither is shown better than the other.
        answer, why = "no", "both treatments compared had the effect; neither is shown better"
        flags.append("both-arms")
        strength = 0.6
    elif num_sig is False or (nonsig and num_sig is not True):
        answer, why = "no", num_reason or "the finding is not significant or shows no difference"
        flags.append("nonsig")
        if num_sig is False:
            flags.append("nonsig-numbers")  # a CI that includes no effect, or p >= 0.05
        if question.direction == "safe":
            answer, why = "yes", "no significant difference in harms"
            flags.append("safety")
        strength = 0.7
    elif question.direction == "safe" and negated & HARM_WORDS:
        answer, why = "yes", "no harm reported"  # "without any severe complications"
        flags += ["safety", "no-harm"]
        strength = 0.4
    elif neg_terms or (count_negators(tokens) > 0 and not word_sign and num_sig is None):
        answer, why = "no", "the finding is negated"
        flags.append("negated")
        strength = 0.6
    else:
        sign = num_sign or word_sign
        if question.direction == "safe":
            answer, why = (
                ("no", "harms increased") if _harms_rise(marked) else ("yes", "no excess harm reported")
            )
            flags.append("safety")
            strength = 0.4
        elif asked and sign:
            agree = sign == asked
            answer = "yes" if agree else "no"
            why = WAY_ASKED_REASON if agree else "the finding goes against the direction asked"
            flags.append("agrees" if agree else "reversed")
            if num_reason:
                why += f" ({num_reason})"
            strength = 0.8 if num_sig else 0.65
        elif (
            sign or num_sig or count_patterns(("associated with", "significant", "effective", "improv"), text)
        ):
            answer, why = ("yes" if asked == 0 else "possibly"), "an effect or association is reported"
            flags.append("association")
            strength = 0.5 if asked == 0 else 0.3
        else:
            answer, why = "possibly", "the finding does not clearly answer the question"
            flags.append("vague")
            strength = 0.2
    reasons.append(why)
    if hedged:
        reasons.append("the finding is hedged")
        flags.append("hedged")
        if answer == "yes":
            answer, strength = "possibly", min(strength, 0.5)
        else:
            strength *= 0.8
    if other_population:
        flags.append("non-human" if any("animal" in r for r in reasons) else "other-population")
        if answer in ("yes", "no"):
            answer, strength = "possibly", min(strength, 0.5)
    return RuleVerdict(answer, strength, best, reasons, flags)


def _span(paper_id: str, sent: _Sentence | None) -> Span | None:
    if sent is None:
        return None
    return Span(
        paper_id=paper_id,
        section=sent.section,
        start=sent.start,
        end=sent.start + len(sent.text),
        text=sent.text,
    )


def combine(rule: RuleVerdict, probs: dict[str, float] | None) -> tuple[str, float, list[str]]:
    """The final answer from the rule verdict and the model's probabilities.

    The model already reads the rule verdict (and its flags) as features and learned how far
    to trust it, so its argmax decides. The rules keep the last word only where the training
    data hardly shows what the product must do (``docs/stance.md``, "Combination"):

    * not addressed (the relevance gate) stays not addressed;
    * a finding from animal or laboratory work, or in another population, is at most
      "possibly";
    * a significant, unhedged finding that goes against the direction asked is "no", and one
      whose significant ratio estimate goes the way asked is not "no";
    * for a safety question, no significant difference in harms is "yes", and so is a harm the
      finding rules out ("without any serious adverse events");
    * an estimate shown not significant by its numbers (a ratio CI that crosses 1, a difference
      CI that includes 0, p >= 0.05) is not a "yes";
    * a hedged finding ("may reduce") with no results behind it (no results section, no
      statistics) is "possibly" rather than "yes".
    """
    if rule.answer == "not-addressed":
        return rule.answer, rule.strength, []
    if "mixed" in rule.flags:
        # A sentence that says both ways misleads a bag-of-words model ("did not improve …, but
        # an advantage appeared"); the rules read its clauses apart and weigh the estimates.
        note = "rules: a mixed finding, decided by the estimates in the results"
        if rule.answer == "possibly":
            note = "rules: a mixed finding"
        return rule.answer, 0.4 + 0.5 * rule.strength, [note]
    if probs is None:
        return rule.answer, 0.4 + 0.5 * rule.strength, ["rules only (no model installed)"]
    note = f"model: yes {probs['yes']:.2f}, possibly {probs['possibly']:.2f}, no {probs['no']:.2f}"
    answer = max(CLASSES, key=lambda c: probs[c])
    confidence = probs[answer]
    flags = set(rule.flags)
    override = ""
    if {"reversed", "significant"} <= flags and "hedged" not in flags and answer == "yes":
        answer, override = "no", "rules: a significant finding against the direction asked"
    elif (
        {"numbers", "significant"} <= flags
        and rule.answer == "yes"
        and "hedged" not in flags
        and answer == "no"
    ):
        # "endometrial cancer 1·74 (1·30–2·34)": the paper's own estimate, significant and the way
        # asked, is not a "no" however the rest of the sentence reads
        answer, override = "yes", "rules: a significant estimate goes the way asked"
    elif {"safety", "nonsig"} <= flags and answer == "no":
        answer, override = "yes", "rules: no significant difference in harms answers a safety question"
    elif {"safety", "no-harm"} <= flags and answer == "no":
        answer, override = "yes", "rules: a harm the finding rules out answers a safety question"
    elif "nonsig-numbers" in flags and "safety" not in flags and answer == "yes":
        answer, override = (
            "no",
            "rules: the estimate is not significant (its CI includes no effect, or p >= 0.05)",
        )
    elif "both-arms" in flags and answer == "yes":
        answer, override = "no", "rules: both treatments compared had the effect"
    elif "hedged" in flags and "backed" not in flags and answer == "yes":
        answer, override = "possibly", "rules: a hedged finding with no results reported"
    if flags & {"non-human", "other-population"} and answer in ("yes", "no"):
        answer, override = "possibly", "rules: the finding is about another population"
    if override:
        confidence = max(probs[answer], rule.strength)
        return answer, confidence, [note, override]
    return answer, confidence, [note]


def stance_for_sections(
    question: Question | str,
    sections: Sequence[tuple[str, str]],
    *,
    paper_id: str = "",
    title: str = "",
    model: StanceModel | None = None,
    use_model: bool = True,
) -> Stance:
    """Stance of an abstract given as ``(label, text)`` sections."""
    q = parse_question(question) if isinstance(question, str) else question
    rule = rule_stance(q, sections, title)
    probs = None
    if use_model and rule.answer != "not-addressed":
        model = model or load_model()
        if model is not None:
            probs = model.predict_proba(pair_features(q.text, sections, rule.answer, rule.flags))
    answer, confidence, notes = combine(rule, probs)
    return Stance(
        question=q.text,
        paper_id=paper_id,
        answer=answer,
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        sentence=_span(paper_id, rule.sentence),
        reasons=[*rule.reasons, *notes],
    )


def is_preclinical_question(question: Question) -> bool:
    """Whether a question is about animals, cells or molecules rather than about people.

    It names animals or laboratory systems ("... survival of mice with ARID1A-mutated tumours",
    "in cell lines"), or it speaks of molecular and cellular biology (genes, proteins,
    pathways, differentiation) and of no people at all. Animal and laboratory work then
    answers it directly: it is not capped at "possibly" as for a question about patients, and
    an answer may rest on it when no study in people addresses the question.

    >>> from consilience.question import parse_question
    >>> is_preclinical_question(parse_question("BLM gene encodes a RecQ-class DNA helicase."))
    True
    >>> is_preclinical_question(parse_question("Does BRCA1 mutation raise the risk of cancer in women?"))
    False
    >>> is_preclinical_question(parse_question("Is BRCA1 mutation associated with breast cancer risk?"))
    False
    """
    text = question.claim or question.text
    if NON_HUMAN.search(text):
        return True
    return (
        LAB_VOCABULARY.search(text) is not None
        and HUMAN_CUES.search(text) is None
        and _CLINICAL_OUTCOME.search(text) is None
    )


#: What happens to patients: a question about a mutation's cancer risk or a gene's prognostic
#: value is about people, however molecular its subject.
_CLINICAL_OUTCOME = re.compile(
    r"\b(?:risk|prognos\w*|survival|mortality|deaths?|recurrence|relapse|incidence|response to|"
    r"responders?|diagnos\w*|screening|outcomes?|treatment|therap(?:y|ies)|symptoms?|quality of life)\b",
    re.IGNORECASE,
)


def stance_for_paper(
    question: Question | str,
    paper: Paper,
    facts: StudyFacts | None = None,
    *,
    model: StanceModel | None = None,
    use_model: bool = True,
) -> Stance:
    """Stance of one paper; ``facts`` (from Study analysis) adds design, size and effects.

    With ``facts``, a paper Study analysis reads as animal or laboratory work answers a
    question about people at most "possibly", whatever its deciding sentence says: "cotreatment
    with trastuzumab enhanced cell death" in cell lines is not evidence that trastuzumab helps
    patients (a question about animals, cells or molecules is left alone:
    :func:`is_preclinical_question`).
    """
    q = parse_question(question) if isinstance(question, str) else question
    sections = [(s.label or s.category, s.text) for s in paper.sections]
    stance = stance_for_sections(
        q, sections, paper_id=paper.id, title=paper.title, model=model, use_model=use_model
    )
    if facts is not None:
        stance.design = facts.design.design.value
        stance.n = facts.n
        _check_effects(stance, facts)
        preclinical = facts.design.design in (StudyDesign.ANIMAL, StudyDesign.IN_VITRO)
        if preclinical and stance.answer in ("yes", "no") and not is_preclinical_question(q):
            stance.answer, stance.confidence = "possibly", min(stance.confidence, 0.5)
            stance.reasons.append(f"{PRECLINICAL_REASON} ({facts.design.design.value}), not in people")
    return stance


def _check_effects(stance: Stance, facts: StudyFacts) -> None:
    """Note the effect estimates Study analysis found in the deciding sentence."""
    if stance.sentence is None:
        return
    sent = stance.sentence
    for effect in facts.effects:
        span = effect.span
        if span is None or span.section != sent.section or not (sent.start <= span.start < sent.end):
            continue
        ci = "" if effect.ci_low is None else f", CI {effect.ci_low:g}-{effect.ci_high:g}"
        stance.reasons.append(f"effect estimate: {effect.measure} {effect.value:g}{ci}")


StanceFn = Callable[[Question | str, Paper], Stance]
