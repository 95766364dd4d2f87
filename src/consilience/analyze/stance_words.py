"""The word lists stance reads: negation, significance, hedging, direction, outcomes, harms.

Shared by the rules (:mod:`consilience.analyze.stance`) and the learned layer's features
(:mod:`consilience.analyze.stance_model`). The learned layer's weights were trained on
features built from these lists, so a change here changes what the shipped model sees:
retrain it (``python -m consilience.analyze.train_stance``) and re-measure (``docs/stance.md``).

>>> "not" in NEGATORS, "mortality" in BAD_OUTCOME_WORDS
(True, True)
"""

from __future__ import annotations

import re

#: Words that negate what follows them, up to the end of the clause (``SCOPE_END``).
NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "neither",
        "nor",
        "without",
        "none",
        "cannot",
        "can't",
        "didn't",
        "doesn't",
        "don't",
        "isn't",
        "wasn't",
        "aren't",
        "weren't",
        "hasn't",
        "haven't",
        "won't",
        "fail",
        "failed",
        "fails",
        "lack",
        "lacks",
        "lacked",
        "absence",
        "unable",
        "nothing",
    ]
)

#: Words that end a negation's scope ("not X, but Y").
SCOPE_END = frozenset(["but", "however", "although", "whereas", "while", "yet", "except"])
#: A finding reported as not significant ("no significant difference", "did not differ").
NONSIG_PATTERNS = (
    r"\bno (?:statistically )?significant",
    r"\bnot (?:statistically )?significant",
    r"\bnon-?significant",
    r"\binsignificant",
    r"\bdid not (?:differ|reach|significantly|show|improve|reduce|increase|decrease|affect|change|alter|predict)",
    r"\bno (?:\w+ )?differences?\b",
    r"\bno (?:\w+ )?(?:association|correlation|relationship|effect|impact|benefit|improvement|change)s?\b",
    r"\bnot (?:\w+ )?(?:associated|correlated|related|different|predictive|effective|superior)",
    r"\b(?:similar|comparable|equivalent|unchanged|unaffected|independent of)\b",
    r"\bfailed to\b",
    r"\bno evidence\b",
    r"\bwas not\b|\bwere not\b|\bis not\b|\bare not\b|\bdoes not\b|\bdo not\b",
)

#: Hedging ("may", "suggests", "further studies are needed").
HEDGE_PATTERNS = (
    r"\bmay\b",
    r"\bmight\b",
    r"\bcould\b",
    r"\bpossib(?:le|ly|ility)\b",
    r"\bpotential(?:ly)?\b",
    r"\bsuggest(?:s|ed|ing|ive)?\b",
    r"\bappears?\b|\bseems?\b",
    r"\blikely\b",
    r"\bunclear\b|\buncertain\w*\b|\binconclusive\b|\bcontroversial\b",
    r"\bfurther (?:\w+ )?(?:stud|research|investigation|trial|evaluation)",
    r"\bwarrant\w*\b",
    r"\b(?:larger|prospective|randomi[sz]ed) (?:\w+ )?(?:studies|trials) (?:are|is) (?:needed|required|warranted)",
    r"\bpreliminary\b|\bpilot\b",
    r"\btrend\w*\b|\btend(?:s|ed)? to\b|\bmarginal\w*\b|\bborderline\b",
    r"\bnot (?:always|necessarily|fully|entirely|clearly)\b|\bsome\b|\bpartial(?:ly)?\b",
    r"\bin (?:selected|some|certain) (?:patients|cases)\b",
)

#: A finding reported as significant.
SIG_PATTERNS = (
    r"(?<!no )(?<!not )\bsignificant(?:ly)?\b",
    r"(?<!not )\bassociated with\b",
    r"\b(?:effective|efficacious|beneficial|superior|useful|valuable|feasible|safe|accurate|reliable)\b",
    r"\b(?:improv|reduc|decreas|increas|lower|higher|prevent|predict)\w*\b",
    r"\b(?:independent(?:ly)? (?:predictor|risk factor|associated))\b",
    r"\bp\s*[<≤]\s*0?\.0\d",
)

#: The authors judging the intervention unfavourably ("ineffective", "not recommended").
NEG_EVAL_PATTERNS = (
    r"\b(?:insufficient|inadequate|unnecessary|unreliable|inaccurate|ineffective|poor(?:ly)?|limited|low yield|"
    r"unjustified|not (?:recommended|justified|warranted|necessary|needed|useful|reliable|adequate|sufficient))\b",
    r"\bno (?:role|need|value|benefit|advantage|impact|influence)\b",
    r"\b(?:should not|cannot be|need(?:s)? revisiting|questionable|doubtful|rarely|variability|misleading)\b",
)

#: The authors judging the intervention favourably ("effective", "beneficial").
POS_EVAL_PATTERNS = (
    r"\b(?:effective|efficacious|beneficial|useful|valuable|accurate|reliable|feasible|safe|recommended|"
    r"important|promising|advantageous|superior|successful(?:ly)?|valid|sensitive|predictive)\b",
    r"\b(?:demonstrate[sd]?|show(?:s|ed|n)?|confirm(?:s|ed)?|support(?:s|ed)?) that\b",
    r"\b(?:is|are|was|were) (?:associated|correlated|related) with\b",
)

#: Words of increase (with ``UP_PREFIXES``: "increas...", "higher", "improv...").
UP_WORDS = frozenset(
    [
        "increase",
        "increased",
        "increases",
        "increasing",
        "higher",
        "greater",
        "more",
        "elevated",
        "raised",
        "rise",
        "rises",
        "rose",
        "enhanced",
        "enhances",
        "enhance",
        "improve",
        "improved",
        "improves",
        "improvement",
        "improving",
        "better",
        "superior",
        "benefit",
        "beneficial",
        "gain",
        "longer",
        "prolonged",
    ]
)

#: Words of decrease (with ``DOWN_PREFIXES``).
DOWN_WORDS = frozenset(
    [
        "decrease",
        "decreased",
        "decreases",
        "decreasing",
        "lower",
        "less",
        "reduced",
        "reduce",
        "reduces",
        "reduction",
        "reducing",
        "fewer",
        "declined",
        "decline",
        "diminished",
        "shorter",
        "worse",
        "worsened",
        "impaired",
        "inferior",
        "loss",
        "prevent",
        "prevents",
        "prevented",
        "prevention",
    ]
)

#: Words left out of question/sentence matching and of the n-gram features.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "and",
        "or",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "may",
        "might",
        "has",
        "have",
        "had",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "its",
        "it",
        "than",
        "then",
        "into",
        "over",
        "under",
        "between",
        "among",
        "after",
        "before",
        "during",
        "about",
        "vs",
        "versus",
        "patients",
        "patient",
        "study",
        "studies",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "whether",
        "any",
        "some",
        "all",
        "use",
        "used",
        "using",
    ]
)

#: Word beginnings that mean an increase.
UP_PREFIXES = (
    "increas",
    "higher",
    "greater",
    "elevat",
    "raise",
    "raising",
    "enhanc",
    "improv",
    "better",
    "longer",
    "prolong",
    "superior",
    "boost",
    "gain",
)

#: Word beginnings that mean a decrease.
DOWN_PREFIXES = (
    "decreas",
    "lower",
    "reduc",
    "fewer",
    "declin",
    "diminish",
    "shorte",
    "prevent",
    "attenuat",
    "worse",
    "impair",
    "inferior",
    "lessen",
    "alleviat",
    "suppress",
)

#: Question words that change what a finding means for the answer ("Is X necessary?", "Are A
#: and B equivalent?", "Is X safe?"); each is crossed with the conclusion's cues.
QUESTION_CUES = frozenset(
    [
        "need",
        "needed",
        "necessary",
        "required",
        "mandatory",
        "justified",
        "warranted",
        "worth",
        "worthwhile",
        "useful",
        "safe",
        "safer",
        "reliable",
        "accurate",
        "valid",
        "effective",
        "efficacious",
        "beneficial",
        "benefit",
        "better",
        "worse",
        "superior",
        "inferior",
        "equivalent",
        "equal",
        "same",
        "similar",
        "different",
        "differ",
        "difference",
        "differences",
        "comparable",
        "myth",
        "really",
        "still",
        "always",
        "possible",
        "feasible",
        "predict",
        "predictive",
        "predictor",
        "associated",
        "association",
        "related",
        "correlate",
        "correlated",
        "risk",
        "increase",
        "increased",
        "reduce",
        "reduced",
        "improve",
        "improved",
        "affect",
        "influence",
        "role",
        "change",
        "enough",
        "adequate",
        "sufficient",
        "appropriate",
        "alternative",
        "good",
        "true",
        "real",
        "only",
        "independent",
        "cause",
        "effect",
        "impact",
    ]
)

#: Words saying two things do not differ ("similar", "comparable"): they answer "are A and B
#: the same?" with yes and "does X change Y?" with no.
SAME_PATTERNS = (
    r"\b(?:similar|comparable|equivalent|equal|same|identical|unchanged|unaffected|independent of|"
    r"no (?:\w+ )?differences?|did not differ|not differ\w*)\b",
)

#: Animal and laboratory work: a finding there is at most "possibly" for a question about people.
NON_HUMAN = re.compile(
    r"\b(?:mice|mouse|murine|rats?|rodents?|rabbits?|dogs?|pigs?|porcine|zebrafish|"
    r"in vitro|cell lines?|cultured cells|animal models?)\b",
    re.IGNORECASE,
)

#: Survival and death of cells rather than of people: "cell death", "cell viability", "a survival
#: pathway", "pro-survival signalling", "survival of tumour cells", "proliferation and survival".
#: The relevance gate does not read them as the survival or mortality patients are asked about.
CELL_LEVEL = re.compile(
    r"\b(?:cell(?:ular)?|clonogenic|neuronal|apoptotic|programmed|necrotic)[- ](?:death|survival|viability)\b"
    r"|\b(?:pro-?)?survival[- ](?:pathways?|signal\w*|factors?|genes?|proteins?|kinases?|mechanisms?|cascades?)\b"
    r"|\bpro-survival\b|\bsurvival of (?:\w+ )?cells\b"
    r"|\b(?:proliferation|migration|invasion|differentiation),? (?:and|or) survival\b"
    r"|\bsurvival,? (?:and|or) (?:proliferation|migration|invasion|differentiation)\b",
    re.IGNORECASE,
)

#: Outcomes where "improve" means fewer events (mortality, recurrence, pain, ...).
BAD_OUTCOME_WORDS = frozenset(
    [
        "mortality",
        "death",
        "deaths",
        "dying",
        "died",
        "risk",
        "recurrence",
        "relapse",
        "progression",
        "pain",
        "complication",
        "complications",
        "morbidity",
        "adverse",
        "toxicity",
        "infection",
        "infections",
        "incidence",
        "events",
        "event",
        "failure",
        "stroke",
        "fracture",
        "fractures",
        "readmission",
        "hospitalization",
        "hospitalisation",
        "admission",
        "symptoms",
        "depression",
        "anxiety",
        "nausea",
        "vomiting",
        "bleeding",
        "hemorrhage",
        "cancer",
        "disease",
        "disorder",
        "injury",
        "loss",
        "rejection",
        "thrombosis",
        "obesity",
    ]
)

#: A condition to lessen, by its name or its suffix ("insomnia", "dermatitis", "neuropathy"): more
#: of it is bad, so "effective for insomnia" asks for less, and "improved insomnia" means less.
CONDITION = re.compile(
    r"\b(?!(?:via|criteria|bacteria|media|multimedia|india|asia|california)\b)\w+(?:itis|osis|oses|emia|aemia|"
    r"oma|omas|pathy|algia|ema|ia)\b|\b(?:pain|depression|anxiety|sepsis|"
    r"disease|disorder|syndrome|symptoms?|infections?|cancer|obesity|asthma|acne|migraine|headaches?|"
    r"constipation|diarrho?ea|nausea|vomiting|fatigue|delirium|dementia|hypertension|diabetes|"
    r"incontinence|addiction|dependence|ulcers?|fractures?|injur(?:y|ies)|wounds?|fever|cough|"
    r"itch(?:ing)?|pruritus|spasticity|tinnitus|reflux|agitation|relapse)\b",
    re.IGNORECASE,
)
#: Words that say a result got better, not which way it moved: "improved insomnia" is less of it.
EVALUATIVE_WORDS = frozenset(
    [
        "improve",
        "improved",
        "improves",
        "improvement",
        "improvements",
        "improving",
        "better",
        "benefit",
        "beneficial",
    ]
)
#: Outcomes where "improve" means more (survival, response, quality of life, ...).
GOOD_OUTCOME_WORDS = frozenset(
    [
        "survival",
        "response",
        "remission",
        "cure",
        "quality",
        "function",
        "recovery",
        "adherence",
        "healing",
        "success",
        "accuracy",
        "sensitivity",
        "specificity",
        "benefit",
        "control",
        "detection",
        "uptake",
        "outcomes",
        "outcome",
    ]
)

#: Outcome words too general to decide a direction.
GENERIC_OUTCOMES = frozenset({"outcomes", "outcome", "harms", ""})
#: Stems that say how an outcome is counted, not what it is ("risk of fractures" is about
#: fractures): dropped from the outcome's terms when something more specific is left.
OUTCOME_MEASURE_WORDS = frozenset(
    {
        "risk",
        "rate",
        "incidence",
        "odds",
        "likelihood",
        "occurrence",
        "chance",
        "number",
        "frequency",
        "prevalence",
        "level",
        "develop",
        "onset",
        "probabil",
        "symptom",
        "score",
        "scale",
        "sever",
    }
)
#: Words that say when, where or how badly an outcome happens, not what it is: "postoperative
#: delirium" is about delirium, and a paper on postoperative pain does not answer it. Dropped
#: from an outcome's words when a more specific one is left (full words; see
#: :func:`specific_words`).
OUTCOME_QUALIFIERS = frozenset(
    {
        "postoperative",
        "post-operative",
        "perioperative",
        "peri-operative",
        "preoperative",
        "pre-operative",
        "intraoperative",
        "intra-operative",
        "postpartum",
        "post-procedural",
        "in-hospital",
        "hospital",
        "all-cause",
        "overall",
        "total",
        "major",
        "minor",
        "severe",
        "serious",
        "acute",
        "chronic",
        "early",
        "late",
        "long-term",
        "short-term",
        "recurrent",
        "new-onset",
        "incident",
        "clinical",
        "day",
        "week",
        "month",
        "year",
        "event",
        "events",
    }
)


#: The generic head of a condition's name: "endometrial cancer" is named by "endometrial", and a
#: paper on breast cancer does not answer a question about it; "low back pain" is named by its
#: site, and a trial on neck pain or migraine does not answer it. Dropped from an outcome's words,
#: with the qualifiers, when a more specific one is left ("cancer" alone stays).
CONDITION_HEADS = frozenset(
    {
        "cancer",
        "cancers",
        "carcinoma",
        "carcinomas",
        "tumour",
        "tumours",
        "tumor",
        "tumors",
        "neoplasm",
        "neoplasms",
        "disease",
        "diseases",
        "disorder",
        "disorders",
        "syndrome",
        "malignancy",
        "malignancies",
        "adenocarcinoma",
        "adenocarcinomas",
        "pain",
        "pains",
    }
)


def specific_words(words: set[str], qualifiers: set[str] | frozenset[str] = OUTCOME_QUALIFIERS) -> set[str]:
    """A phrase's words less its generic ones (an outcome's qualifiers by default; an
    intervention's kind of treatment with :data:`TREATMENT_WORDS`), unless nothing would be left.

    >>> sorted(specific_words({"postoperative", "delirium"}))
    ['delirium']
    >>> sorted(specific_words({"cardiovascular", "events"}))
    ['cardiovascular']
    >>> sorted(specific_words({"overall"}))
    ['overall']
    """
    return (words - qualifiers) or words


#: Words that say what kind of treatment an intervention is, not which: "music therapy" is about
#: music, and a trial of craniosacral therapy does not answer it. Dropped from an intervention's
#: words, for the relevance gates, when a more specific one is left.
TREATMENT_WORDS = frozenset(
    {
        "therapy",
        "therapies",
        "treatment",
        "treatments",
        "training",
        "intervention",
        "interventions",
        "supplementation",
        "supplement",
        "supplements",
        "program",
        "programme",
        "programs",
        "programmes",
        "administration",
        "use",
        "dose",
        "doses",
        "regimen",
        "medication",
        "session",
        "sessions",
        "technique",
        "approach",
        "strategy",
        "management",
    }
)


#: Words that make a question a safety question ("is X safe?", adverse events).
HARM_WORDS = frozenset(
    [
        "adverse",
        "toxicity",
        "toxicities",
        "complications",
        "complication",
        "harm",
        "harms",
        "safety",
        "safe",
        "tolerated",
        "malformations",
        "malformation",
        "side-effects",
        "side",
        "effects",
        "risk",
    ]
)

#: Survival read either way: more survival is good, more deaths are bad.
GOOD_SURVIVAL = frozenset({"survival", "survive", "survived", "alive"})
BAD_SURVIVAL = frozenset({"mortality", "death", "deaths", "died", "dying", "fatal", "fatality", "lethal"})
#: Words that show a parse took a pronoun or a verb for the intervention ("X: is it safe?").
NOT_AN_INTERVENTION = frozenset(
    [
        "it",
        "its",
        "they",
        "them",
        "this",
        "these",
        "those",
        "we",
        "our",
        "us",
        "there",
        "here",
        "is",
        "are",
        "was",
        "were",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "may",
        "might",
        "has",
        "have",
        "had",
    ]
)

#: Small words left out when spelling an acronym from the question's words.
ACRONYM_SKIP = frozenset(["of", "the", "a", "an", "and", "in", "for", "with", "to", "on"])

#: Words that mark one arm of a comparison as the control: "no surgery", "placebo", "usual
#: care", "chemotherapy alone", "versus observation". Shared by stance (a title that tests
#: another treatment against a control) and the answer (which way round a comparison is stated).
CONTROL_ARM = re.compile(
    r"\bno[- ]|\bnon-|\bnot\b|\bwithout\b|\balone\b|\bonly\b|\bplacebo\b|\bsham\b|\bcontrols?\b|"
    r"\busual care\b|\bstandard\b|\bobservation\b|\bwatchful waiting\b|\bunexposed\b|\bnone\b|\bnothing\b",
    re.IGNORECASE,
)
