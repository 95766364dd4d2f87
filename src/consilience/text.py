"""Small text helpers shared by the search analyzer and the study readers.

>>> spell_greek("TNF-α and β-blockers")
'TNF-alpha and beta-blockers'
"""

from __future__ import annotations

import re

__all__ = [
    "BACKGROUND_SECTION",
    "CALLS_FOR_MORE",
    "GREEK",
    "NUMBER_WORDS",
    "UNNAMED_STUDY",
    "count_words",
    "indefinite",
    "name_studies",
    "plural",
    "spell_greek",
]

#: Section labels of an abstract's background: what others found, not what this study did.
BACKGROUND_SECTION = re.compile(r"BACKGROUND|INTRODUCTION|CONTEXT|RATIONALE|IMPORTANCE", re.IGNORECASE)
#: A sentence that asks for more work ("Further research is required to determine …", "larger
#: trials are needed"): an open question, never the study's own aim or finding.
CALLS_FOR_MORE = re.compile(
    r"\b(?:further|future|more|larger|additional|well-designed|prospective) (?:randomi[sz]ed )?"
    r"(?:research|studies|trials|investigation|data)\b|\bremains? (?:unclear|uncertain|unknown|to be)\b|"
    r"\bwarrant\w*\b|\bongoing\b|\bawait\w*\b|\bneeded\b",
    re.IGNORECASE,
)


def is_whole_abstract(labels: list[str]) -> bool:
    """Whether an abstract's only section is labelled as the whole of it ("SUMMARY", "Abstract:"),
    which makes it an unstructured abstract rather than a conclusion.

    >>> is_whole_abstract(["SUMMARY"]), is_whole_abstract(["BACKGROUND", "SUMMARY"])
    (True, False)
    """
    return len(labels) == 1 and labels[0].strip().rstrip(":").upper() in ("SUMMARY", "ABSTRACT")


#: Greek letters and their names, as biomedical text spells them both ways ("α-galactosidase",
#: "alpha-galactosidase").
GREEK: dict[str, str] = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "µ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ο": "omicron",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
#: Lower and upper case letters to their names (the micro sign and final sigma have no capital).
GREEK_TABLE = str.maketrans({**GREEK, **{k.upper(): v for k, v in GREEK.items() if k not in "µς"}})


def spell_greek(text: str) -> str:
    """``text`` with each Greek letter written as its name."""
    return text if text.isascii() else text.translate(GREEK_TABLE)


#: Nouns in -s that are singular.
_SINGULAR_S = frozenset(
    {"diabetes", "aids", "measles", "mumps", "lens", "news", "series", "species", "analysis"}
)


def indefinite(noun_phrase: str) -> str:
    """The phrase with "a" or "an" before it, by the sound of its first letter.

    >>> indefinite("odds ratio"), indefinite("hazard ratio"), indefinite("HR")
    ('an odds ratio', 'a hazard ratio', 'an HR')
    """
    first = noun_phrase[:1]
    # Initials are read letter by letter: "an HR", "an MD", "a RR" is "an RR".
    vowel_sound = first.lower() in "aeiou" or (noun_phrase[:2].isupper() and first in "AEFHILMNORSX")
    return f"{'an' if vowel_sound and first else 'a'} {noun_phrase}"


def plural(noun_phrase: str) -> bool:
    """Whether a noun phrase is plural, by its head (the last word before a preposition).

    >>> plural("statins"), plural("beta blockers for the elderly"), plural("surgery of the primary tumours")
    (True, True, False)
    >>> plural("vitamin D supplementation"), plural("obesity"), plural("antibiotics"), plural("aspirin and a statin")
    (False, False, True, True)
    """
    head = re.split(
        r"\s+(?:of|for|in|with|to|on|at|by|from|among|plus|during|after|before|throughout|over|under)\s+",
        noun_phrase.strip(),
        maxsplit=1,
    )[0]
    if re.search(r"\s(?:and|&)\s", head):
        return True  # "aspirin and statins"
    word = head.split()[-1].lower() if head.split() else ""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous"))
        and word not in _SINGULAR_S
    )


#: "X is a/an ... agent|drug|inhibitor ...": what a treatment is, not what a study found; a
#: verdict on it ("X is a safe and effective agent") is a finding and does not match.
_DEFINITION = re.compile(
    r"^\s*(?:[\w-]+ ){1,5}(?:is|are) (?:a|an) "
    r"(?!(?:[\w-]+ ){0,4}?(?:safe|safer|effective|efficacious|useful|valuable|promising|feasible|better|"
    r"superior|good|viable|reasonable|acceptable|attractive|suitable|alternative|option)\b)"
    r"(?:[\w-]+ ){0,4}?(?:agent|drug|inhibitor|antagonist|agonist|analogue|analog|hormone|enzyme|compound|"
    r"medication|molecule|derivative|antibody|cytokine)s?\b",
    re.IGNORECASE,
)


def describes_a_treatment(sentence: str) -> bool:
    """Whether a sentence says what a treatment is rather than what a study found.

    >>> describes_a_treatment("Tranexamic acid is an antifibrinolytic agent which decreases blood loss.")
    True
    >>> describes_a_treatment("Tranexamic acid is a safe and effective agent in knee surgery.")
    False
    """
    return _DEFINITION.match(sentence) is not None


#: Small counts as prose writes them.
NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def count_words(n: int) -> str:
    """A count in words up to twelve, in digits beyond.

    >>> count_words(3), count_words(14)
    ('three', '14')
    """
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


#: How prose names a study it can give no author, year or journal for.
UNNAMED_STUDY = "one study"


#: An abbreviation defined in brackets after its long form: "peripheral thrombophlebitis (PVT)".
_ABBREVIATION_DEFINED = re.compile(r"([^()]{3,60})\s\(([A-Z][A-Za-z0-9]{1,6})\)")


def with_long_forms(sentence: str, document: str) -> str:
    """``sentence``, followed by the words before each abbreviation it uses that ``document``
    defines, so that a finding written in the paper's abbreviations can be matched by words.

    >>> doc = "We studied the incidence of peripheral thrombophlebitis (PVT). Re-siting reduced PVT."
    >>> with_long_forms("Re-siting reduced PVT.", doc)
    'Re-siting reduced PVT. We studied the incidence of peripheral thrombophlebitis'
    """
    extra = [
        m.group(1).strip()
        for m in _ABBREVIATION_DEFINED.finditer(document)
        if f"({m.group(2)})" not in sentence and re.search(rf"\b{re.escape(m.group(2))}\b", sentence)
    ]
    return " ".join([sentence, *extra])


def name_studies(labels: list[str]) -> str:
    """Studies named in a list, the unnamed ones counted rather than repeated.

    >>> name_studies(["MF07-01", "one study", "one study"])
    'MF07-01 and two other studies'
    >>> name_studies(["one study", "one study"]), name_studies(["Smith et al. 2019"])
    ('two studies', 'Smith et al. 2019')
    >>> name_studies(["A et al.", "B et al.", "one study"])
    'A et al., B et al. and one other study'
    """
    named = [label for label in labels if label != UNNAMED_STUDY]
    unnamed = len(labels) - len(named)
    if unnamed:
        count = count_words(unnamed)
        if named:
            named.append(f"{count} other {'study' if unnamed == 1 else 'studies'}")
        else:
            named.append(UNNAMED_STUDY if unnamed == 1 else f"{count} studies")
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def less_of(outcome: str) -> str:
    """Less of an outcome, in the words its kind takes: a count is "fewer", a rate "a lower",
    mortality "lower", anything else "less".

    >>> less_of("cardiovascular events"), less_of("risk of falls"), less_of("pain"), less_of("mortality")
    ('fewer cardiovascular events', 'a lower risk of falls', 'less pain', 'lower mortality')
    """
    low = outcome.lower()
    head = low.split()[0] if low.split() else ""
    if head in {"risk", "rate", "rates", "incidence", "odds", "level", "levels"}:
        return f"a lower {outcome}"
    if low.split() and low.split()[-1] in {"mortality", "morbidity"}:
        return f"lower {outcome}"
    if low.endswith("s") and not low.endswith(("ss", "is", "us")):
        return f"fewer {outcome}"  # a count: "events", "fractures", "adenomas"
    return f"less {outcome}"
