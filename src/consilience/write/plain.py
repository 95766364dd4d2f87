"""Plain-language helpers: simpler sentences, plainer words, and verbs hedged by design.

Everything here is a pure function over strings. None of them adds a number: a simplified
sentence states only figures the original stated, so it still passes the checker.

>>> simplify("Patients were randomized to surgery (HR 0.66, 95% CI 0.49-0.88; P = .005).", "patient")
['People were assigned by chance to surgery.']
>>> finding_verb("rct"), finding_verb("retrospective-cohort"), finding_verb("rct", subgroup=True)
('showed', 'was associated with', 'may')
"""

from __future__ import annotations

import re

__all__ = [
    "OBSERVATIONAL",
    "country_phrase",
    "design_noun",
    "explain_design",
    "find_abbreviations",
    "finding_verb",
    "hedge_causal",
    "is_subgroup",
    "plain_words",
    "simplify",
    "split_long",
    "strip_statistics",
]

#: Designs that watch rather than assign treatment: they show links, not causes.
OBSERVATIONAL = frozenset(
    {
        "prospective-cohort",
        "retrospective-cohort",
        "registry",
        "case-control",
        "cross-sectional",
        "case-series",
        "case-report",
    }
)
_TRIALS = frozenset({"rct", "non-randomized-trial"})
_REVIEWS = frozenset({"meta-analysis", "systematic-review"})

_NOUNS: dict[str, tuple[str, str]] = {
    # design: (plain noun, technical noun)
    "rct": ("randomized trial", "randomized controlled trial"),
    "non-randomized-trial": ("trial without random groups", "non-randomized trial"),
    "meta-analysis": ("review of studies", "systematic review and meta-analysis"),
    "systematic-review": ("review of studies", "systematic review"),
    "prospective-cohort": ("study that followed people over time", "prospective cohort study"),
    "retrospective-cohort": ("study of past records", "retrospective cohort study"),
    "registry": ("study of a large health database", "registry-based observational study"),
    "case-control": ("study comparing people with and without the illness", "case-control study"),
    "cross-sectional": ("survey at one point in time", "cross-sectional study"),
    "case-series": ("report on a group of patients", "case series"),
    "case-report": ("report on one patient", "case report"),
    "narrative-review": ("expert review", "narrative review"),
    "guideline": ("guideline", "clinical practice guideline"),
    "animal": ("study in animals", "animal study"),
    "in-vitro": ("lab study", "in vitro study"),
}

_EXPLAIN: dict[str, str] = {
    "rct": "In a randomized trial, people are put into groups by chance. This makes the groups alike, "
    "so a difference in results is likely due to the treatment.",
    "non-randomized-trial": "In this trial, people were not put into groups by chance. "
    "So the groups may have differed in ways that affect the results.",
    "meta-analysis": "A review like this pulls together the results of many studies on the same question.",
    "systematic-review": "A systematic review searches for all studies on one question and sums them up.",
    "prospective-cohort": "In this kind of study, researchers follow a group of people over time. "
    "They do not choose who gets which treatment.",
    "retrospective-cohort": "In this kind of study, researchers look back at medical records. "
    "They do not choose who gets which treatment.",
    "registry": "In this kind of study, researchers look at records from a large health database. "
    "They do not choose who gets which treatment.",
    "case-control": "In this kind of study, researchers compare people who have an illness with people who do not.",
    "cross-sectional": "In this kind of study, researchers look at a group of people at one point in time.",
    "case-series": "This kind of report describes a group of patients. It has no comparison group.",
    "case-report": "This kind of report describes one patient.",
    "narrative-review": "In this kind of review, experts sum up research without a strict search method.",
    "animal": "This study was done in animals. Results in animals often do not hold in people.",
    "in-vitro": "This study was done on cells in a lab. Results in the lab often do not hold in people.",
}


def country_phrase(name: str) -> str:
    """A country as it reads mid-sentence.

    >>> country_phrase("United States"), country_phrase("Turkey")
    ('the United States', 'Turkey')
    """
    if name.startswith(("United ", "Netherlands", "Czech", "Philippines", "Republic", "Gambia")):
        return f"the {name}"
    return name


def design_noun(design: str, audience: str = "patient") -> str:
    """What to call a study of this design.

    >>> design_noun("registry", "clinician")
    'registry-based observational study'
    """
    plain, technical = _NOUNS.get(design, ("study", "study"))
    return technical if audience == "clinician" else plain


def explain_design(design: str) -> str:
    """One or two plain sentences on what a design can and cannot show ('' when unknown)."""
    return _EXPLAIN.get(design, "")


def finding_verb(design: str, *, subgroup: bool = False) -> str:
    """The verb a finding of this design earns: 'showed', 'was associated with', 'may'.

    Randomized evidence shows; observational evidence is associated; a subgroup result may.
    """
    if subgroup:
        return "may"
    if design in _TRIALS or design in _REVIEWS:
        return "showed"
    if design in OBSERVATIONAL:
        return "was associated with"
    return "suggested"


_SUBGROUP = re.compile(
    r"\b(?:subgroups?|subset|stratified|among (?:those|patients|women|men) (?:with|aged|who|younger|older)|"
    r"in (?:patients|women|men) (?:with|aged|younger|older))\b",
    re.IGNORECASE,
)


def is_subgroup(sentence: str) -> bool:
    """Whether a sentence reports a result in part of the study population only.

    >>> is_subgroup("In the subgroup with bone-only disease, survival was longer.")
    True
    """
    return bool(_SUBGROUP.search(sentence))


# Strong causal verbs that observational data cannot support, with hedged replacements.
_CAUSAL: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:significantly |markedly )?(?:improved|improves)\b"), "was associated with better"),
    (re.compile(r"\b(?:significantly |markedly )?(?:prolonged|prolongs)\b"), "was associated with longer"),
    (
        re.compile(
            r"\b(?:significantly |markedly )?(?:reduced|reduces|decreased|decreases|lowered|lowers)\b"
        ),
        "was associated with lower",
    ),
    (
        re.compile(r"\b(?:significantly |markedly )?(?:increased|increases|raised|raises)\b"),
        "was associated with higher",
    ),
    (re.compile(r"\b(?:caused|causes|led to|leads to|resulted in|results in)\b"), "was associated with"),
]
#: Section labels of an abstract's background: it says what the question is in general, not what
#: the study did or found.
_NEGATED = re.compile(r"\b(?:not|no|neither|nor|without)\s+$")


def hedge_causal(sentence: str, design: str) -> str:
    """Rewrite causal verbs as associations when the design is observational.

    >>> hedge_causal("Surgery improved survival in this cohort.", "retrospective-cohort")
    'Surgery was associated with better survival in this cohort.'
    >>> hedge_causal("Surgery did not improve survival.", "registry")
    'Surgery did not improve survival.'
    >>> hedge_causal("Surgery was associated with improved survival.", "registry")
    'Surgery was associated with improved survival.'
    >>> hedge_causal("Surgery improved survival.", "rct")
    'Surgery improved survival.'
    """
    if design not in OBSERVATIONAL:
        return sentence
    for pattern, replacement in _CAUSAL:

        def swap(match: re.Match[str], replacement: str = replacement, text: str = sentence) -> str:
            before = text[: match.start()]
            if _NEGATED.search(before) or re.search(
                r"\b(?:was|were|is|are|been|be|associated\s+with|linked\s+(?:with|to))\s+$", before
            ):
                # 'did not reduce', 'was reduced', 'associated with improved survival': already
                # no causal claim, leave as written
                return match.group(0)
            return replacement

        sentence = pattern.sub(swap, sentence)
    return sentence


# Parentheses holding statistics (CIs, p-values, effect measures, counts).
_STAT_PAREN = re.compile(
    r"\s*[(\[][^()\[\]]*?(?:\bCI\b|\b[Pp]\s*[=<>≤≥]|\b(?:a?HR|a?OR|RR|IRR|MD|SMD|RD|SD|IQR|NNT)\b|"
    r"\bn\s*=|\bI2\b|I²|\brange\b|\bvs\.?\b|%|\d)[^()\[\]]*[)\]]"
)
_ANY_PAREN = re.compile(r"\s*\([^()]*\)")
_BARE_STATS = re.compile(
    r",?\s*\b(?:95|90|99)\s*%\s*(?:CI|confidence intervals?)\s*[:,]?\s*-?\d*\.?\d+\s*(?:-|–|to)\s*-?\d*\.?\d+"
    r"|,?\s*\b[Pp]\s*[=<>≤≥]\s*0?\.\d+"
)
# Statistical abbreviations stay as they are: expanding them inside figures garbles them.
_KEEP_ABBREVIATIONS = frozenset(
    {"HR", "OR", "RR", "CI", "SD", "IQR", "MD", "SMD", "IRR", "RD", "NNT", "AOR", "AHR"}
)


def strip_statistics(sentence: str, *, all_parentheses: bool = False) -> str:
    """Drop bracketed statistics ('(HR 0.66, 95% CI 0.49-0.88)') and, if asked, all asides.

    >>> strip_statistics("Survival was longer with surgery (46 vs 35 months; P = .0003).")
    'Survival was longer with surgery.'
    """
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _STAT_PAREN.sub("", sentence)
        if all_parentheses:
            sentence = _ANY_PAREN.sub("", sentence)
    sentence = _BARE_STATS.sub("", sentence)
    return _tidy(sentence)


_ABBREV_DEF = re.compile(r"\b([A-Za-z][\w'-]*(?:\s+[\w'/-]+){0,6}?)\s+[(\[]([A-Z][A-Za-z0-9/-]{1,9})[;,)\]]")


def find_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text defines, 'overall survival (OS)' style, mapped to their long form.

    >>> find_abbreviations("Locoregional treatment (LRT) or systemic therapy (ST) was given.")
    {'LRT': 'locoregional treatment', 'ST': 'systemic therapy'}
    """
    found: dict[str, str] = {}
    for match in _ABBREV_DEF.finditer(text):
        words, abbr = match.group(1).split(), match.group(2)
        initials = [c for c in abbr if c.isupper()]
        # The fewest trailing words that start with the abbreviation's first letter, up to one
        # word per capital (a cheap form of the Schwartz-Hearst rule).
        for count in range(1, min(len(words), len(initials)) + 1):
            long_form = " ".join(words[-count:])
            if long_form[:1].lower() == abbr[:1].lower() and len(long_form) > len(abbr):
                break
        else:
            continue
        if any(ch.isdigit() for ch in long_form):
            continue
        found.setdefault(abbr, long_form if long_form.isupper() else long_form.lower())
    return found


def expand_abbreviations(sentence: str, abbreviations: dict[str, str]) -> str:
    """Replace defined abbreviations with their long forms (and drop the '(ABBR)' asides)."""
    for abbr, long_form in abbreviations.items():
        if abbr in _KEEP_ABBREVIATIONS:
            continue
        sentence = re.sub(rf"\s*\({re.escape(abbr)}\)", "", sentence)
        sentence = re.sub(rf"\(({re.escape(abbr)})[;,]\s*", "(", sentence)
        sentence = re.sub(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", long_form, sentence)
    return sentence


# Plain swaps for patient and public text. Order matters: longer phrases first.
_PLAIN: list[tuple[str, str]] = [
    (r"were randomi[sz]ed to receive", "were assigned by chance to get"),
    (r"were randomi[sz]ed (?:\S+ )?to", "were assigned by chance to"),
    (r"were randomly assigned to receive", "were assigned by chance to get"),
    (r"were randomly (?:assigned|allocated) to", "were assigned by chance to"),
    (r"were randomi[sz]ed", "were put into groups by chance"),
    (r"a total of ", ""),
    (r"statistically significant(?:ly)?", "clear"),
    (r"no significant difference", "no clear difference"),
    (r"not significantly different", "not clearly different"),
    (r"significantly", "clearly"),
    (r"all-cause mortality", "death from any cause"),
    (r"mortality", "death rate"),
    (r"adverse events", "side effects"),
    (r"adverse effects", "side effects"),
    (r"patients", "people"),
    (r"(?:the )?(?:two |both )?(?:study )?arms", "the groups"),
    (r"arm", "group"),
    (r"participants", "people"),
    (r"individuals", "people"),
    (r"subjects", "people"),
    (r"administered", "given"),
    (r"administration", "giving"),
    (r"approximately", "about"),
    (r"demonstrated", "showed"),
    (r"demonstrate", "show"),
    (r"utili[sz]ation", "use"),
    (r"utili[sz]ed", "used"),
    (r"utili[sz]e", "use"),
    (r"prior to", "before"),
    (r"subsequently", "later"),
    (r"subsequent", "later"),
    (r"additionally", "also"),
    (r"in addition,", "also,"),
    (r"furthermore,", "also,"),
    (r"moreover,", "also,"),
    (r"therefore", "so"),
    (r"however,", "but"),
    (r"whereas", "while"),
    (r"the majority of", "most"),
    (r"a majority of", "most"),
    (r"numerous", "many"),
    (r"sufficient", "enough"),
    (r"additional", "more"),
    (r"regarding", "about"),
    (r"commenced", "started"),
    (r"initiated", "started"),
    (r"initiation", "start"),
    (r"discontinued", "stopped"),
    (r"discontinuation", "stopping"),
    (r"concomitant", "at the same time"),
    (r"evaluated", "tested"),
    (r"evaluate", "test"),
    (r"assessed", "checked"),
    (r"assess", "check"),
    (r"investigated", "studied"),
    (r"investigate", "study"),
    (r"obtained", "got"),
    (r"required", "needed"),
    (r"requires", "needs"),
    (r"elevated", "higher"),
    (r"efficacy", "benefit"),
    (r"therapeutic", "treatment"),
    (r"therapies", "treatments"),
    (r"therapy", "treatment"),
    (r"interventions", "treatments"),
    (r"intervention", "treatment"),
    (r"outcomes", "results"),
    (r"p(?:a)?ediatric", "child"),
    (r"hypertension", "high blood pressure"),
    (r"myocardial infarction", "heart attack"),
    (r"neoplasms?", "tumour"),
    (r"carcinoma", "cancer"),
    (r"malignancy", "cancer"),
    (r"received", "got"),
    (r"receiving", "getting"),
    (r"receive", "get"),
    (r"experienced", "had"),
    (r"observed", "seen"),
    (r"compared to", "compared with"),
    (r"duration", "length"),
    (r"reduction", "drop"),
    (r"at baseline", "at the start"),
    (r"concentrations", "levels"),
    (r"concentration", "level"),
    (r"medications", "medicines"),
    (r"medication", "medicine"),
    (r"hospitali[sz]ation", "hospital stay"),
    (r"consecutive ", ""),
    (r"physicians", "doctors"),
    (r"physician", "doctor"),
    (r"in conclusion,?\s*", ""),
    (r"overall,\s*", ""),
    (r"our (?:results|findings|data) (?:suggest|indicate|show)(?:ed)? that", "the results suggest that"),
    (r"it was found that", ""),
    (r"it is concluded that", ""),
]
_PLAIN_RE = [
    (re.compile(rf"\b{pattern}\b" if pattern[-1].isalpha() else rf"\b{pattern}", re.IGNORECASE), repl)
    for pattern, repl in _PLAIN
]


def _match_case(original: str, replacement: str) -> str:
    if replacement and original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def plain_words(sentence: str) -> str:
    """Swap technical wording for everyday words.

    >>> plain_words("Patients receiving therapy had fewer adverse events.")
    'People getting treatment had fewer side effects.'
    """
    for pattern, replacement in _PLAIN_RE:

        def swap(match: re.Match[str], replacement: str = replacement) -> str:
            return _match_case(match.group(0), replacement)

        sentence = pattern.sub(swap, sentence)
    return _tidy(sentence)


_SPLIT_AT = re.compile(
    r";\s+|,\s+(?=(?:but|whereas|while|although)\b)|:\s+(?=[A-Za-z])|"
    r",\s+and\s+(?=(?:\S+\s+){1,5}(?:was|were|is|are|had|did|showed|remained)\b)"
)


def split_long(sentence: str, max_words: int = 18) -> list[str]:
    """Break a long sentence at semicolons and contrast words into sentences of its own.

    >>> split_long("Pain fell in both groups; nausea was more common with drug X, but it was mild.", 8)
    ['Pain fell in both groups.', 'Nausea was more common with drug X.', 'But it was mild.']
    """
    if len(sentence.split()) <= max_words:
        return [sentence]
    parts = [p.strip(" ,;:") for p in _SPLIT_AT.split(sentence)]
    pieces = [p for p in parts if len(p.split()) >= 3]
    if len(pieces) < 2 or len(pieces) != len([p for p in parts if p]):
        return [sentence]
    out = []
    for piece in pieces:
        piece = piece[:1].upper() + piece[1:]
        out.append(piece if piece[-1] in ".!?" else piece + ".")
    return out


def _tidy(sentence: str) -> str:
    sentence = re.sub(r"\s+", " ", sentence)
    sentence = re.sub(r"\s+([,.;:!?])(?!\d)", r"\1", sentence)
    sentence = re.sub(r"([,;:])(?=[.;:!?])", "", sentence)
    sentence = re.sub(r",\s*,", ",", sentence)
    sentence = sentence.strip(" ,;:")
    if sentence and sentence[0].islower():
        sentence = sentence[0].upper() + sentence[1:]
    if sentence and sentence[-1] not in ".!?":
        sentence += "."
    return sentence


def simplify(sentence: str, audience: str, abbreviations: dict[str, str] | None = None) -> list[str]:
    """A sentence rewritten for an audience, possibly split in several.

    Clinician text keeps its statistics and terms; public text loses bracketed statistics;
    patient text also loses asides, swaps technical words and is split when long.
    """
    sentence = re.sub(r"^(?:[A-Z][A-Z /]{2,}:\s*)", "", sentence.strip())  # 'RESULTS: ...'
    if audience == "clinician":
        return [_tidy(sentence)]
    sentence = strip_statistics(sentence, all_parentheses=audience == "patient")
    if abbreviations:
        sentence = expand_abbreviations(sentence, abbreviations)
    sentence = plain_words(sentence)
    if audience == "patient":
        return [_tidy(s) for s in split_long(sentence, 16)]
    return [_tidy(s) for s in split_long(sentence, 24)]
