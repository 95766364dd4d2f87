"""Understand a question as people type it: PICO parts, the direction asked, and a claim.

Yes/no questions ("Does X improve Y in Z?", "Is X associated with Y?", "Should patients
with Z have X?", "X vs Y for Z", "Can X prevent Y?", "Is X safe in pregnancy?") become a
:class:`~consilience.model.Question` with population, intervention (or exposure),
comparator, outcome and direction. Open questions ("effects of X on Y") become the claim
"X affects Y". The parse is rule-based and total: any text gives a Question.

>>> q = parse_question("Does tamoxifen reduce mortality in women with breast cancer?")
>>> q.intervention, q.outcome, q.population, q.direction
('tamoxifen', 'mortality', 'women with breast cancer', 'decrease')
>>> q.claim
'tamoxifen reduces mortality in women with breast cancer'
>>> parse_question("effects of coffee on sleep").claim
'coffee affects sleep'
>>> q = parse_question("Do women with bone-only metastases benefit from primary tumour surgery?")
>>> q.population, q.intervention
('women with bone-only metastases', 'primary tumour surgery')
>>> q = parse_question("Why do observational studies show a survival benefit from resection in stage IV cancer?")
>>> q.kind, q.intervention, q.outcome, q.population
('open', 'resection', 'survival', 'stage IV cancer')
"""

from __future__ import annotations

import re

from consilience.analyze.stance_words import CONDITION
from consilience.model import Question
from consilience.text import plural

__all__ = [
    "DIRECTION_VERBS",
    "claim_is_negated",
    "is_exposure",
    "is_question_form",
    "parse_claim",
    "parse_question",
]

#: Verbs a question may ask about, with the direction each asks for and its claim form.
DIRECTION_VERBS: dict[str, tuple[str, str]] = {
    "improve": ("improve", "improves"),
    "improves": ("improve", "improves"),
    "enhance": ("improve", "enhances"),
    "benefit": ("improve", "benefits"),
    "help": ("improve", "helps"),
    "prolong": ("increase", "prolongs"),
    "extend": ("increase", "extends"),
    "increase": ("increase", "increases"),
    "raise": ("increase", "raises"),
    "promote": ("increase", "promotes"),
    "boost": ("increase", "boosts"),
    "cause": ("increase", "causes"),
    "induce": ("increase", "induces"),
    "predict": ("any", "predicts"),
    "reduce": ("decrease", "reduces"),
    "decrease": ("decrease", "decreases"),
    "lower": ("decrease", "lowers"),
    "lessen": ("decrease", "lessens"),
    "prevent": ("decrease", "prevents"),
    "protect": ("decrease", "protects against"),
    "cut": ("decrease", "cuts"),
    "shorten": ("decrease", "shortens"),
    "relieve": ("decrease", "relieves"),
    "treat": ("improve", "treats"),
    "cure": ("improve", "cures"),
    "worsen": ("worsen", "worsens"),
    "harm": ("worsen", "harms"),
    "impair": ("worsen", "impairs"),
    "affect": ("any", "affects"),
    "influence": ("any", "influences"),
    "change": ("any", "changes"),
    "alter": ("any", "alters"),
    "impact": ("any", "affects"),
    "work": ("improve", "works"),
}
#: "work" is a verb only when the question goes on with whom or what it works for ("Does
#: acupuncture work for back pain?"); elsewhere it is a noun ("long-term work disability").
_VERB_ALT = "|".join(
    "work(?=s? (?:for|in|among|on|better|well)\\b)" if verb == "work" else verb
    for verb in sorted(DIRECTION_VERBS, key=len, reverse=True)
)
_AUX = r"(?:does|do|did|can|could|will|would|may|might|should|is|are|was|were)"
_POP_SPLIT = re.compile(
    r"\s+(?:in|among|amongst|for)\s+(?P<pop>(?:patients|people|adults|children|women|men|infants|"
    r"the |those |individuals|subjects|persons|pregnan|older|elderly|neonates|newborns|"
    r"smokers|survivors|athletes|\w+ (?:patients|women|men|children|adults))[^?]*)$",
    re.IGNORECASE,
)
#: "... in metastatic breast cancer", "... among adults with type 2 diabetes": a population named by
#: its condition rather than by who they are.
_CONDITION_SPLIT = re.compile(
    r"\s+(?:in|among|amongst)\s+(?P<pop>(?:[\w'-]+\s+){0,5}?(?:cancers?|carcinomas?|tumou?rs?|diseases?|"
    r"syndromes?|disorders?|infections?|failure|diabetes|hypertension|stroke|asthma|arthritis|injur(?:y|ies)|"
    r"pregnancy|obesity|depression|dementia|sepsis|covid-19|hiv|copd|fractures?|metastases)\b[^?]*)$",
    re.IGNORECASE,
)
#: What "X vs Y for Z" is for when Z is an outcome rather than a condition ("... for cardiovascular
#: events in older adults", "... for pain after surgery"); a condition ("... for prostate cancer")
#: is the population.
_OUTCOME_HEAD = re.compile(
    r"^(?:[\w'-]+\s+){0,3}?(?:events?|outcomes?|mortality|survival|deaths?|pain|recurrence|relapse|"
    r"quality of life|complications?|progression|remission|response|readmissions?|hospitali[sz]ations?|"
    r"symptoms?|weight loss|blood pressure|glyca?emic control|function|adherence|"
    # symptoms a treatment is for: "ondansetron vs metoclopramide for postoperative nausea"
    r"nausea|vomiting|delirium|agitation|anxiety|fatigue|shivering|pruritus|itching|headaches?|insomnia)"
    r"\b(?!\s+(?:patients|cancer))",
    re.IGNORECASE,
)
#: Outcomes of which less is better: "better for cardiovascular events" means fewer of them.
_BAD_OUTCOME = re.compile(
    r"\b(?:events?|mortality|deaths?|pain|recurrence|relapse|complications?|progression|readmissions?|"
    r"hospitali[sz]ations?|symptoms?|nausea|vomiting|delirium|agitation|anxiety|fatigue|shivering|pruritus|"
    r"itching|headaches?|insomnia)\b",
    re.IGNORECASE,
)


#: The verb a claim uses for each direction asked.
_CLAIM_VERBS = {
    "increase": "increases",
    "decrease": "reduces",
    "improve": "improves",
    "worsen": "worsens",
    "any": "affects",
}


def _claim_verb(direction: str, subject: str, verb_s: str = "") -> str:
    """The claim's verb for ``direction`` (or ``verb_s``), agreeing with ``subject``:
    "aspirin reduces", "statins reduce"."""
    verb_s = verb_s or _CLAIM_VERBS.get(direction, "affects")
    return _base_verb(verb_s) if plural(subject) else verb_s


def _base_verb(verb_s: str) -> str:
    """The plural form of a verb: "increases" -> "increase", "reduces" -> "reduce"."""
    return verb_s[:-2] if verb_s.endswith(("shes", "ches", "sses")) else verb_s.removesuffix("s")


#: Past participles of a passive question ("Is survival improved by X?"): direction, and the
#: word an association claim uses for it.
_PASSIVE: dict[str, tuple[str, str]] = {
    "increased": ("increase", "higher"),
    "elevated": ("increase", "higher"),
    "raised": ("increase", "higher"),
    "enhanced": ("increase", "higher"),
    "prolonged": ("increase", "longer"),
    "decreased": ("decrease", "lower"),
    "reduced": ("decrease", "lower"),
    "lowered": ("decrease", "lower"),
    "shortened": ("decrease", "shorter"),
    "diminished": ("decrease", "lower"),
    "improved": ("improve", "better"),
    "worsened": ("worsen", "worse"),
    "impaired": ("worsen", "impaired"),
    "affected": ("any", "different"),
    "altered": ("any", "altered"),
    "changed": ("any", "changed"),
}
_PASSIVE_ALT = "|".join(_PASSIVE)
#: "be clinically useful", "safe and effective", "an effective": what asks whether a treatment works.
_EFFECTIVE = r"(?:be )?(?:safe and )?(?:an? )?(?:\w+ly )?(?:effective|efficacious|beneficial|useful)"
#: "-ing" verbs of an "effective at ..." question: the direction they ask for.
_ING_DIRECTION = {
    "decreasing": "decrease",
    "reducing": "decrease",
    "lowering": "decrease",
    "preventing": "decrease",
    "increasing": "increase",
    "raising": "increase",
    "improving": "improve",
    "treating": "improve",
    "managing": "improve",
}
#: ... unless it names what is sought: "weight loss", "smoking cessation", "wound healing".
_AIM = re.compile(
    r"\b(?:(?:weight|fat) loss|cessation|abstinence|quitting|healing|remission|recovery|control|"
    r"survival|response|function|quality|adherence|clearance|eradication|cure)\b",
    re.IGNORECASE,
)


def _treating_direction(target: str) -> str:
    """The direction asked by "effective for (treating) TARGET": less of a condition, else improve.

    >>> _treating_direction("insomnia"), _treating_direction("weight loss"), _treating_direction("memory")
    ('decrease', 'increase', 'improve')
    """
    if re.search(r"\b(?:weight|fat) loss\b", target, re.IGNORECASE):
        return "increase"  # a loss sought: "improve" would read "loss" as a harm to lessen
    if CONDITION.search(target) and not _AIM.search(target):
        return "decrease"
    return "improve"


_ASSOC_DIRECTION = re.compile(
    r"(?:an?\s+)?(?:(?P<up>increased|higher|greater|elevated|excess|longer)|(?P<worse>worse|poorer)|"
    r"(?P<better>better|improved)|decreased|reduced|lower|shorter)\s+(?=\w)",
    re.IGNORECASE,
)
_ANY_POP_SPLIT = re.compile(r"\s+(?:in|among|amongst|for)\s+(?P<pop>[^?]+?)$", re.IGNORECASE)
_COMP_SPLIT = re.compile(
    r"\s+(?:compared (?:with|to)|versus|vs\.?|relative to|rather than|over|than)\s+(?P<c>.+)$", re.IGNORECASE
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "why",
        re.compile(
            r"^(?:why|how come) (?:do|does|did|is|are|would|might|could) (?:\w+ ){0,4}?(?:show|find|report|suggest|"
            r"see|give)s? (?:an? |the )?(?P<o>[\w -]+?) (?:benefit|advantage|improvement|gain|difference|"
            r"association) (?:from|of|with|for) (?P<i>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "benefit",
        re.compile(
            rf"^{_AUX} (?P<pop>.+?) (?:benefit|gain|profit) from (?P<i>.+?)(?: in terms of (?P<o>.+))?$",
            re.IGNORECASE,
        ),
    ),
    (
        "open",
        re.compile(
            r"^(?:what (?:are|is) )?(?:the )?(?:effects?|impact|influence|role) of (?P<i>.+?) (?:on|in|for) "
            r"(?P<o>.+)$"
            # "Is there a role for X in Y?", "Does X have a role in Y?"
            r"|^(?:is|are) there (?:a |any |still a )?role for (?P<i2>.+?) in (?P<o2>.+)$"
            r"|^(?:does|do|can) (?P<i3>.+?) (?:have|play) (?:a |any )?(?:\w+ )?role in (?P<o3>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "open_how",
        re.compile(
            r"^how (?:does|do|did) (?P<i>.+?) (?:affect|influence|impact|change) (?P<o>.+)$", re.IGNORECASE
        ),
    ),
    (
        "should",
        re.compile(
            r"^should (?P<pop>(?:patients|people|women|men|children|adults|infants|those|"
            r"individuals)\b.*?) (?:have|receive|get|undergo|be (?:given|treated with|offered)|take|"
            r"use|start) (?P<i>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "safe",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) (?:safe|well tolerated|harmful|dangerous)(?: (?:in|during|for) "
            r"(?P<pop>.+))?$",
            re.IGNORECASE,
        ),
    ),
    (
        "assoc",
        re.compile(
            rf"^{_AUX} there (?:an? |any )?(?:significant |causal |independent )?(?:association|link|"
            r"relationship|correlation) between (?P<i>.+?) and (?P<o>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        # "Is X effective at decreasing homelessness?", "Is acupuncture efficacious for treating Y?"
        "effective",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) {_EFFECTIVE}(?: \w+)? (?:at|in|for) (?P<v>\w+ing) (?P<o>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        # "Is acupuncture effective?", "Are probiotics effective in children with eczema?"
        "effective_bare",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) {_EFFECTIVE}(?: treatments?| therapy)?(?: (?P<prep>in|for|among) (?P<pop>.+))?$",
            re.IGNORECASE,
        ),
    ),
    (
        # "Is survival improved by adjuvant chemotherapy?", "Is mortality increased in diabetes?"
        "passive",
        re.compile(
            rf"^{_AUX} (?:the )?(?P<o>.+?) (?:significantly )?(?P<v>{_PASSIVE_ALT}) (?P<p>by|in|during|"
            r"throughout|after|following|among|with) (?P<i>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "assoc",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) (?:(?:independently|significantly|(?P<sign>positively|negatively|inversely|directly)) )*"
            r"(?:associated|linked|correlated|related) (?:with|to) (?P<o>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        # "Do people who were passive smokers have increased risk of work disability?"
        "assoc_have",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) (?:have|has) (?:an? )?(?P<dir>increased|higher|greater|elevated|excess|reduced|"
            r"lower|decreased) (?P<o>(?:risks?|rates?|odds|incidence|likelihood|prevalence) of .+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "risk",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) (?:an? )?(?:\w+ )?(?:risk factors?|risk indicators?|predictors?|causes?|markers?) "
            r"(?:for|of) (?P<o>.+)$",
            re.IGNORECASE,
        ),
    ),
    # A verb followed by another is not the question's verb: "night-shift work increase", "help reduce".
    (
        "verb",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) (?P<v>{_VERB_ALT})s? (?!(?:to )?(?:{_VERB_ALT})s?\b)(?P<o>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "better",
        re.compile(
            rf"^{_AUX} (?P<i>.+?) (?:better|more effective|superior|worse|inferior|more harmful) "
            r"(?:than|to) (?P<c>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "vs",
        re.compile(
            r"^(?P<i>.+?) (?:vs\.?|versus|compared (?:with|to)) (?P<c>.+?)(?: (?:for|in|among) (?P<o>.+))?$",
            re.IGNORECASE,
        ),
    ),
]


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"\s+", " ", text).strip(" ?.,;:")
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


def _split_population(phrase: str) -> tuple[str, str]:
    m = _POP_SPLIT.search(phrase) or _CONDITION_SPLIT.search(phrase)
    if m:
        return _clean(phrase[: m.start()]), _clean(m["pop"])
    return _clean(phrase), ""


def _split_any_population(phrase: str) -> tuple[str, str]:
    m = _ANY_POP_SPLIT.search(phrase)
    if m:
        return _clean(phrase[: m.start()]), _clean(m["pop"])
    return _clean(phrase), ""


def _split_outcome_population(phrase: str) -> tuple[str, str]:
    # "survival in women with breast cancer": the first "in"/"among" starts the population.
    m = re.search(r"\s+(?:in|among|amongst)\s+", phrase, re.IGNORECASE)
    if m:
        outcome, when = _split_when(phrase[: m.start()])
        return _clean(outcome), _clean(f"{phrase[m.end() :]} {when}")
    outcome, when = _split_when(phrase)
    if when:
        return _clean(outcome), _clean(
            f"{_who_when(when)} {when}"
        )  # "reduces anxiety in patients before surgery"
    return _split_population(phrase)


def _split_when(phrase: str) -> tuple[str, str]:
    """ "anxiety before surgery" -> ("anxiety", "before surgery"): when an outcome happens says who
    was studied, and the outcome is what happens (a paper on surgery does not name the anxiety)."""
    m = re.search(r"\s+(?=(?:before|after|during|following)\s+\w)", phrase, re.IGNORECASE)
    if m is None:
        return phrase, ""
    return phrase[: m.start()], phrase[m.end() :]


def _who_when(when: str) -> str:
    """Who is treated at a time: "women during pregnancy", else "patients after surgery"."""
    return (
        "women"
        if re.search(r"pregnan|childbirth|delivery|caesarean|cesarean", when, re.IGNORECASE)
        else "patients"
    )


def _split_comparator(phrase: str) -> tuple[str, str]:
    m = _COMP_SPLIT.search(phrase)
    if m:
        return _clean(phrase[: m.start()]), _clean(m["c"])
    return _clean(phrase), ""


def _strip_title(text: str) -> str:
    # PubMed titles often end in the question: "Topic in setting: does X help Y?"
    text = text.strip()
    if ":" in text and text.endswith("?"):
        tail = text.rsplit(":", 1)[1].strip()
        if re.match(rf"^(?:{_AUX}|should|what|how|effects?)\b", tail, re.IGNORECASE):
            return tail
    return text


def parse_question(text: str) -> Question:
    """Parse a question into PICO parts, direction and a testable claim."""
    body = _clean(_strip_title(text))
    if re.match(r"[A-Z][a-z]", body):
        # Sentence case, not a name: "Surgery vs systemic therapy ..." is about "surgery"
        # (an acronym such as "HER2" or "MF07-01" keeps its capitals).
        body = body[0].lower() + body[1:]
    fields: dict[str, str] = {"population": "", "intervention": "", "comparator": "", "outcome": ""}
    kind, direction, claim = "yes-no", "any", ""
    for name, pattern in _PATTERNS:
        m = pattern.match(body)
        if not m:
            continue
        groups = {k: _clean(v) for k, v in m.groupdict().items()}
        if name == "why":
            kind = "open"
            intervention, pop = _split_any_population(groups["i"])
            outcome = groups["o"] or "outcomes"
            fields.update(intervention=intervention, outcome=outcome, population=pop)
            direction = "improve"
            claim = f"{intervention} improves {outcome}"
        elif name == "benefit":
            intervention, pop = _split_any_population(groups["i"])
            population = groups["pop"] + (f" with {pop}" if pop else "")
            fields.update(
                intervention=intervention, population=population, outcome=groups.get("o") or "outcomes"
            )
            direction = "improve"
            claim = f"{intervention} benefits {population}"
        elif name in ("open", "open_how"):
            kind = "open"
            for alt in ("2", "3"):  # the "role" forms of the pattern
                if groups.get("i" + alt):
                    groups["i"], groups["o"] = groups["i" + alt], groups["o" + alt]
            outcome, pop = _split_population(groups["o"])
            verb_s = ""
            aim = re.match(r"(\w+ing) (.+)$", outcome)
            if aim is not None and aim.group(1).lower() in _ING_DIRECTION:
                # "the role of aspirin in preventing stroke": the aim gives the outcome and direction
                direction = _ING_DIRECTION[aim.group(1).lower()]
                if aim.group(1).lower() in ("treating", "managing"):
                    outcome, pop = "outcomes", pop or aim.group(2)
                else:
                    outcome = aim.group(2)
                verb_s = "prevents" if aim.group(1).lower() == "preventing" else ""
            fields.update(intervention=groups["i"], outcome=outcome, population=pop)
            claim = f"{groups['i']} {_claim_verb(direction, groups['i'], verb_s)} {outcome}"
        elif name == "should":
            intervention, pop = _split_population(groups["i"])
            intervention, comparator = _split_comparator(intervention)
            fields.update(
                population=groups["pop"] or pop,
                intervention=intervention,
                comparator=comparator,
                outcome="outcomes",
            )
            direction = "improve"
            claim = f"{groups['pop']} benefit from {intervention}"
        elif name == "safe":
            pop = groups.get("pop") or ""
            intervention, pop2 = _split_population(groups["i"])
            fields.update(intervention=intervention, population=pop or pop2, outcome="harms")
            direction = "safe"
            claim = f"{intervention} is safe" + (f" in {pop or pop2}" if pop or pop2 else "")
        elif name in ("assoc", "risk"):
            outcome, pop = _split_outcome_population(groups["o"])
            # "associated with an increased risk of X": the direction asked, then the outcome
            said = _ASSOC_DIRECTION.match(outcome)
            if said is not None:
                # "worse survival" asks for less of a good outcome, "worse pain" for more of a bad
                # one: the stance reads "worsen" / "improve" by the outcome's polarity
                direction = (
                    "worsen"
                    if said.group("worse")
                    else "improve"
                    if said.group("better")
                    else "increase"
                    if said.group("up")
                    else "decrease"
                )
                outcome = _clean(outcome[said.end() :])
            elif groups.get("sign"):
                # "inversely associated with fractures": less of the outcome with more of the exposure
                said_sign = groups["sign"].lower()
                direction = "decrease" if said_sign in ("negatively", "inversely") else "increase"
            adjectives = {"increase": "higher", "decrease": "lower", "worsen": "worse", "improve": "better"}
            fields.update(intervention=groups["i"], outcome=outcome, population=pop)
            if said is not None and said.group(0).strip().lower() in ("longer", "shorter"):
                adjectives[direction] = said.group(0).strip().lower()  # "longer survival"
            claim = f"{groups['i']} is associated with " + (
                f"{adjectives[direction]} {outcome}" if said or groups.get("sign") else outcome
            )
        elif name == "assoc_have":
            up = m["dir"].lower() in ("increased", "higher", "greater", "elevated", "excess")
            direction = "increase" if up else "decrease"
            outcome, pop = _split_outcome_population(groups["o"])
            # "people who were passive smokers during childhood": who they are is the exposure
            exposure = re.sub(
                r"^(?:people|patients|women|men|children|adults|those|individuals) (?:who|that) (?:were|are|have been|had|have) ",
                "",
                groups["i"],
                flags=re.IGNORECASE,
            )
            fields.update(intervention=exposure, outcome=outcome, population=pop)
            claim = f"{exposure} {'are' if plural(exposure) else 'is'} associated with {'higher' if up else 'lower'} {outcome}"
        elif name == "effective":
            direction = _ING_DIRECTION.get(m["v"].lower(), "improve")
            intervention, pop = _split_population(groups["i"])
            target, pop2 = _split_outcome_population(groups["o"])
            if m["v"].lower() in ("treating", "managing"):
                direction = _treating_direction(target)
            if m["v"].lower() not in _ING_DIRECTION:
                target = f"{m['v'].lower()} {target}"  # "useful for preserving X": the aim is the outcome
            # "effective for treating Y": Y is the condition to improve; "at decreasing Y": Y is the
            # outcome. Either way the people follow "in" ("treating depression in adolescents").
            outcome = target
            population = pop or pop2
            fields.update(intervention=intervention, outcome=outcome, population=population)
            claim = f"{intervention} {_claim_verb(direction, intervention)} {outcome}"
        elif name == "effective_bare":
            direction = "improve"
            intervention, pop = _split_population(groups["i"])
            outcome, population = "outcomes", groups.get("pop") or pop
            if (m["prep"] or "").lower() == "for" and groups.get("pop"):
                # "effective for weight loss", "for insomnia in older adults": what it is for is
                # the outcome (a condition to lessen or an aim to reach), and who follows "in"
                outcome, treated = _split_outcome_population(groups["pop"])
                population = treated or pop
                direction = _treating_direction(outcome)
            fields.update(intervention=intervention, outcome=outcome, population=population)
            claim = f"{intervention} {_claim_verb(direction, intervention)} {outcome}"
        elif name == "passive":
            direction, adjective = _PASSIVE[m["v"].lower()]
            outcome = groups["o"]
            if m["p"].lower() == "by":
                # "improved by adjuvant chemotherapy in stage II colon cancer": a treatment
                intervention, pop = _split_population(groups["i"])
                claim = f"{intervention} {_claim_verb(direction, intervention)} {outcome}"
            else:
                # "increased in patients with diabetes", "reduced throughout pregnancy": an exposure
                people = re.match(
                    r"(?:patients|people|women|men|adults|children|those|individuals) with (.+)$",
                    groups["i"],
                    re.IGNORECASE,
                )
                # "patients with diabetes": the exposure is the diabetes, which also names the people
                intervention, pop = (people.group(1), "") if people else _split_population(groups["i"])
                claim = f"{intervention} is associated with {adjective} {outcome}"
            fields.update(intervention=intervention, outcome=outcome, population=pop)
        elif name == "verb":
            verb = m["v"].lower()
            direction, claim_verb = DIRECTION_VERBS[verb]
            outcome, comparator = _split_comparator(groups["o"])
            outcome, pop = _split_outcome_population(outcome)
            if comparator and not pop:
                comparator, pop = _split_outcome_population(comparator)
            # "Does X help (to) reduce Y?": the helping verb belongs to the question, not to X
            groups["i"] = re.sub(r"\s+(?:help|helps)(?:\s+to)?$", "", groups["i"], flags=re.IGNORECASE)
            intervention, comparator2 = _split_comparator(groups["i"])
            # "radiotherapy after breast-conserving surgery": when a treatment is given says who
            # gets it; the treatment is the radiotherapy (a paper on the surgery alone is not one)
            intervention, when = _split_when(intervention)
            if when:
                pop = f"{pop} {when}" if pop else f"{_who_when(when)} {when}"
            fields.update(
                intervention=intervention,
                outcome=outcome,
                population=pop,
                comparator=comparator or comparator2,
            )
            if verb == "work" and outcome.lower().startswith(("for ", "in ")):
                # "Does acupuncture work for back pain?": the condition, not an outcome
                fields.update(population=pop or outcome.split(" ", 1)[1], outcome="outcomes")
                outcome, claim_verb = "outcomes", "improves"
            if plural(intervention):
                claim_verb = _base_verb(claim_verb)  # "statins increase", not "increases"
            claim = f"{intervention} {claim_verb} {outcome}"
        elif name == "better":
            comparator, pop = _split_any_population(groups["c"])
            worse = re.search(r"\b(?:worse|inferior|more harmful)\b", body, re.IGNORECASE)
            direction = "worsen" if worse else "improve"
            fields.update(intervention=groups["i"], comparator=comparator, population=pop, outcome="outcomes")
            is_ = "are" if plural(groups["i"]) else "is"
            claim = f"{groups['i']} {is_} {'worse' if worse else 'better'} than {comparator}"
        else:  # vs
            comparator, pop = _split_any_population(groups["c"])
            setting = groups.get("o") or pop
            outcome = "outcomes"
            direction = "improve"
            aim = re.match(r"(\w+ing)\s+(.+)$", setting)
            if aim is not None and aim.group(1).lower() in _ING_DIRECTION:
                # "aspirin vs placebo for preventing colorectal adenomas": the aim is the outcome
                # and its direction; "for treating X": X is who is treated
                direction = _ING_DIRECTION[aim.group(1).lower()]
                target, setting = _split_outcome_population(aim.group(2))
                if aim.group(1).lower() in ("treating", "managing"):
                    setting = target
                else:
                    outcome = target
            elif _OUTCOME_HEAD.match(setting):
                # "statins vs placebo for cardiovascular events in older adults": an outcome, then who
                outcome, setting = _split_outcome_population(setting)
                if _BAD_OUTCOME.search(outcome):
                    direction = "decrease"  # better for events is fewer events
            fields.update(
                intervention=groups["i"], comparator=comparator, outcome=outcome, population=setting
            )
            is_ = "are" if plural(groups["i"]) else "is"
            claim = f"{groups['i']} {is_} better than {comparator}"
            aim_verb = (
                f"{aim.group(1).lower()} "
                if aim is not None and aim.group(1).lower() in _ING_DIRECTION
                else ""
            )
            if outcome != "outcomes":
                claim += f" for {aim_verb}{outcome}"
            elif setting:
                claim += f" for {aim_verb}{setting}"
        break
    else:
        # A statement typed where a question is expected ("Metformin reduces mortality in type 2
        # diabetes.") asks whether it holds: read as parse_claim reads it, keeping the reader's words.
        asked = (
            None
            if text.rstrip().endswith("?") or is_question_form(body)
            else _claim_question(text.strip().rstrip("."))
        )
        if asked is not None:
            return parse_question(asked).model_copy(update={"text": text.strip()})
        if re.match(r"^(?:what|how|which|why|when|where)\b", body, re.IGNORECASE):
            kind = "open"
        fields["intervention"] = body
        claim = body
    if fields["population"] and fields["population"] not in claim:
        claim = f"{claim} in {fields['population']}"
    return Question(
        text=text.strip(),
        kind=kind,
        direction=direction,
        claim=claim,
        understood_as=_understood_as(kind, direction, claim, fields),
        **fields,
    )


def is_exposure(question: Question) -> bool:
    """An association question ("Is X associated with Y?"): X is an exposure, not a treatment.

    >>> is_exposure(parse_question("Is obesity associated with type 2 diabetes?"))
    True
    >>> is_exposure(parse_question("Does smoking increase the risk of lung cancer?"))
    True
    >>> is_exposure(parse_question("Does smoking cessation reduce the risk of lung cancer?"))
    False
    >>> is_exposure(parse_question("Is primary tumour resection associated with longer survival?"))
    False
    """
    subject = question.intervention
    if _TREATMENT_WORDS.search(subject):
        # "Is primary tumour resection associated with longer survival?" asks about a treatment,
        # which trials do assign; so do "smoking cessation" and "alcohol reduction".
        return False
    # "Does smoking increase the risk of lung cancer?": what no trial can assign is an exposure,
    # whatever verb the question uses.
    return " associated with " in question.claim or bool(_EXPOSURE.search(subject))


#: Exposures no trial assigns: habits, body size, genes, work, environment, who people are.
_EXPOSURE = re.compile(
    r"^(?:(?:heavy|current|former|passive|maternal|paternal|parental|high|low|long[- ]term)\s+)*"
    r"(?:smoking|tobacco(?:\s+use)?|cigarettes?|alcohol(?:\s+(?:use|consumption|intake))?|obesity|overweight|"
    r"body mass index|BMI|(?:night[- ])?shift work|air pollution|socioeconomic status|income|poverty|"
    r"education(?:al attainment)?|the \S+ (?:allele|genotype|variant|polymorphism)|\S+ (?:allele|genotype|"
    r"polymorphism|variants?|mutations?)|family history|birth ?weight|preterm birth|age|sex|gender|race|"
    r"ethnicity|occupational exposure|radiation exposure|diabetes|hypertension)\b",
    re.IGNORECASE,
)
_TREATMENT_WORDS = re.compile(
    r"\b(?:cessation|quitting|reduction|treatment|\w*therapy|therapies|program(?:me)?|intervention|counsel\w*|"
    r"surgery|surgical|resection|excision|removal|operation|\w+ectomy|\w+plasty|transplant\w*|"
    r"control|management|screening|supplement\w*|vaccin\w*|drugs?|medication|dose|dosing)\b",
    re.IGNORECASE,
)


_QUESTION_FORM = re.compile(rf"^(?:{_AUX}|has|have)\s", re.IGNORECASE)


def is_question_form(text: str) -> bool:
    """Whether ``text`` opens as a question does ("is ...", "does ...", "can ..."): a claim that
    no pattern read keeps that form.

    >>> is_question_form("is volumetric analysis worth the effort"), is_question_form("X lowers Y")
    (True, False)
    """
    return _QUESTION_FORM.match(text) is not None


def _understood_as(kind: str, direction: str, claim: str, fields: dict[str, str]) -> str:
    parts = [
        f"{label}: {fields[key]}"
        for key, label in (
            ("population", "population"),
            ("intervention", "intervention/exposure"),
            ("comparator", "comparator"),
            ("outcome", "outcome"),
        )
        if fields[key]
    ]
    if is_question_form(claim):
        # A question no pattern reads: shown back as asked, read as a whole.
        head = f"“{claim[:1].upper()}{claim[1:]}?”, read as a whole"
    else:
        head = (
            f"Does the evidence show that {claim}?"
            if kind == "yes-no"
            else f"What is known about whether {claim}?"
        )
    return f"{head} ({'; '.join([*parts, f'direction: {direction}'])})"


_CLAIM_VERB = re.compile(
    rf"^(?P<i>.+?) (?P<neg>(?:does|do) not |doesn't |don't |cannot |can )?(?P<v>{_VERB_ALT})(?:s|es|d|ed)? (?P<o>.+)$",
    re.IGNORECASE,
)
_CLAIM_ASSOC = re.compile(
    r"^(?P<i>.+?) (?P<be>is|are|was|were)(?P<neg> not)? (?P<rest>(?:\w+ )?(?:associated|linked|correlated|related)"
    r" (?:with|to) .+|(?:an? )?(?:\w+ )?(?:risk factors?|predictors?|causes?|markers?) (?:for|of) .+|"
    r"(?:safe|effective|better|worse|superior|inferior|higher|lower|increased|decreased|reduced) .*)$",
    re.IGNORECASE,
)


def parse_claim(text: str) -> Question:
    """Turn a statement ("Aspirin reduces stroke") into the yes/no question it answers.

    >>> parse_claim("Aspirin reduces the risk of stroke.").text
    'Does aspirin reduce the risk of stroke?'
    >>> parse_claim("Obesity is associated with recurrence.").intervention
    'obesity'
    """
    body = text.strip().rstrip(".")
    question = _claim_question(body)
    if question is not None:
        return parse_question(question)
    q = parse_question(body)
    return q.model_copy(update={"claim": body})


def _claim_question(body: str) -> str | None:
    """The yes/no question a statement asks ("Does aspirin reduce stroke?"), if its verb is read."""
    m = _CLAIM_ASSOC.match(body)
    if m:
        be = m["be"].lower()
        return f"{be.capitalize()} {m['i'][:1].lower()}{m['i'][1:]} {m['rest']}?"
    m = _CLAIM_VERB.match(body)
    if m and len(m["i"].split()) <= 12:
        verb = m["v"].lower()
        return f"Does {m['i'][:1].lower()}{m['i'][1:]} {verb} {m['o']}?"
    return None


_CLAIM_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|can't|doesn't|don't|isn't|aren't|fails? to|lacks?|neither|nor|without)\b",
    re.IGNORECASE,
)


def claim_is_negated(text: str) -> bool:
    """True when a statement is negative ("X does not affect Y"): its question is the positive one.

    >>> claim_is_negated("Folic acid does not affect CKD progression.")
    True
    """
    return bool(_CLAIM_NEGATION.search(text))


def relevance_terms(item: Question | str) -> set[str]:
    """Lower-cased content words of a question (its PICO parts) or of any text.

    >>> sorted(relevance_terms("Does aspirin reduce stroke?"))
    ['aspirin', 'reduce', 'stroke']
    """
    text = (
        item
        if isinstance(item, str)
        else " ".join([item.intervention, item.comparator, item.outcome, item.population])
    )
    return {w for w in re.findall(r"[a-z][a-z0-9\-]+", text.lower()) if w not in _STOP and len(w) > 2}


_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "been",
        "from",
        "into",
        "than",
        "that",
        "this",
        "these",
        "those",
        "patients",
        "patient",
        "people",
        "outcomes",
        "outcome",
        "harms",
        "among",
        "between",
    ]
)
