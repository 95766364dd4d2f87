"""Effect measures by name: the names, the abbreviations a paper defines, and where they occur.

The first step of effect extraction (:mod:`consilience.analyze.effects` reads the values):
find each mention of a measure — spelled out ("hazard ratio", "standardised mean
difference", "mortality ratio"), abbreviated ("aOR", "HRs", "AdjOR", "adj. HR", "AdjDiff"),
defined by the paper ("incidence rate ratio (RR)"), compared odds ("the greatest odds of X",
an OR only when an interval follows) or Cohen's "d = 0.63" — and note whether it is adjusted. An abbreviation the paper uses for
something else ("mean diffusivity (MD)") is not a measure.

>>> [(m.measure, m.adjusted) for m in measure_mentions("The aOR was 2.1; the hazard ratio 0.7.")]
[('OR', True), ('HR', None)]
>>> find_definitions("The incidence rate ratio (RR) was 1.2.").measures
{'RR': 'IRR'}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from consilience.analyze.fast_patterns import FastPattern, fold_case, trigger_literals
from consilience.analyze.numbers import normalize

__all__ = [
    "MEASURE_NAMES",
    "NO_DEFINITIONS",
    "RATIO_MEASURES",
    "Definitions",
    "MeasureMention",
    "find_definitions",
    "measure_mentions",
]

#: Canonical measure -> what it stands for.
MEASURE_NAMES = {
    "HR": "hazard ratio",
    "OR": "odds ratio",
    "RR": "risk ratio (relative risk)",
    "IRR": "incidence rate ratio",
    "MD": "mean difference",
    "SMD": "standardized mean difference",
    "RD": "risk difference",
}
RATIO_MEASURES = frozenset({"HR", "OR", "RR", "IRR"})

_LONG = (
    (
        r"standard(?:i[sz]ed)?\s+mean\s+differences?|Cohen['’]?s\s+d|Hedge(?:s['’]?|['’]s)\s+g|effect\s+sizes?(?=\s?[=:])"
        # "effect size 0.05, 95% CI 0.02-0.07", "effect size [ES], 1.78 [95% CI, ...", "effect sizes
        # of 0.350 (95% CI: ...)": a bare value counts only with its interval.
        r"|effect\s+sizes?(?=\s*(?:[(\[]ES[)\]])?\s*(?:,|of|was|were)?\s*-?\s?\d*\.?\d+\s*[,;(\[]\s*\d{2}(?:\.\d+)?\s?%\s?"
        r"(?:CI|confidence))",
        "SMD",
    ),
    (
        r"(?:weighted\s+|least[-\s]squares?\s+|LS\s+)?mean\s+(?:[\w-]+\s+)?differences?"
        # ("estimated difference of the means −1.0%, p = 0.035")
        r"|(?:estimated\s+)?differences?\s+(?:in|of)\s+(?:the\s+)?means?|differences?\s+in\s+(?:the\s+)?(?:mean\s+)?percentage\s+changes?",
        "MD",
    ),
    (
        # "absolute risk reduction [ARR], 12.3%; 95% CI ...": the difference in risk, as printed
        # ("rate difference −0.12 [95% CI ...]": a difference in a rate, EFFECTS_LABELS.md)
        # ("percentage differences of 16.9; 95% CI 1.3 to 32.4" in discontinuation rates; with its
        # interval only: "variability 0.43 (percentage difference 20%)" is no comparison of groups)
        # ("attributable risk [AR] = 10.4 per 100; 95% CI 1-19.8": the excess risk of the exposed, a
        # difference; a population attributable risk is a share of cases)
        r"(?:absolute\s+)?(?:risk|rate)\s+differences?|(?<!population\s)attributable\s+risks?(?!\s+(?:fraction|percent))"
        # (with its interval only: "attributable risk, 52 percent" beside a relative risk is a share)
        r"(?=(?:\s*[(\[][A-Za-z]{2,4}[)\]])?(?:[^.;()\[\]]|\.(?=\d)){0,100}?[;,(\[]\s*\d{2}(?:\.\d)?\s?%\s?(?:CI|confidence))"
        r"|percentage(?:[-\s]points?)?\s+differences?(?=(?:[^.;()\[\]]|\.(?=\d)){0,25}?[;,(\[]\s*\d{2}(?:\.\d)?\s?%\s?(?:CI|confidence))"
        # ("the absolute CVD event reduction between A and B was 16.5%")
        r"|absolute\s+(?:[\w-]+\s+){0,2}?(?:risk|event|rate)s?\s+(?:reductions?|increases?)"
        # ("difference in percentage change from baseline" is a difference in a mean: MD)
        r"|differences?\s+in\s+(?:the\s+)?(?:proportions?|percentages?(?!\s+changes?)|risks?)",
        "RD",
    ),
    # A difference of unnamed kind: MD or RD is decided from what it is a difference of. Named
    # ("treatment difference") it stands alone; a plain "difference" needs an interval.
    (
        # ("absolute difference": RD unless it is in points of a score, see effects._difference_measure)
        # ("a statistically significant treatment group difference of −2.69", "a between-treatment
        # difference of −1.0 ± 0.1%")
        r"(?:treatment(?:[-\s](?:control|groups?))?|between[-\s](?:groups?|treatments?|arms?)|estimated|absolute)\s+differences?"
        r"|differences?\s+between\s+(?:the\s+)?(?:(?:two|treatment|study)\s+)*(?:groups|arms)",
        "DIFF_NAMED",
    ),
    # "the estimated treatment effect ... was 5.7 points, 95% CI ...": a difference, with an interval.
    # "scores differed between the 2 treatments by 3.3 points (95% CI ...)", "Δ=0.3; 95% CI ...".
    (
        r"differences?|differed(?=\s(?:[^.;()\d]{0,50}?\s)?(?:\d+\s\w+\s)?by\s)|(?<!no\s)(?:treatment|intervention)\s+effects?",
        "DIFF",
    ),
    (r"Δ(?=\s?=)", "DIFF"),
    # "mortality ratio" of deaths per unit, matched from "ratio" so that "mortality" alone does not
    # wake the keyword pattern; a standardised mortality ratio (SMR) is no effect.
    (
        r"incidence[\s-]rate\s+ratios?|(?<!odds\s)rate\s+ratios?|relative\s+rates?|(?<=mortality\s)(?<!standardi[sz]ed\smortality\s)ratios?",
        "IRR",
    ),
    (r"(?:sub-?distribution(?:al)?\s+|cause-specific\s+)?hazards?\s+ratios?|relative\s+hazards?", "HR"),
    (r"odds\s+ratios?", "OR"),
    # Screening trials compare detection rates: "the relative detection (HPV vs cytology) was 2.00",
    # and tests their accuracy (EFFECTS_LABELS.md, dev2, dev3, dev82).
    (
        r"(?<!excess\s)relative\s+risks?(?!\s+reduction)|risk\s+ratios?|prevalence\s+ratios?"
        r"|relative\s+detection(?:\s+rates?)?|detection\s+(?:rate\s+)?ratios?"
        # (a test against another: "The relative sensitivity of HC2 versus CC ... was 1.52 (95% CI ...)")
        r"|relative\s+(?:sensitivity|specificity|PPV|positive\s+predictive\s+values?)",
        "RR",
    ),
    # "the greatest odds of X (3.60, 95% CI ...)": odds compared, an OR when an interval follows.
    (r"(?<!log\s)odds(?!\s+ratio)", "ODDS"),
)
_SHORT = (
    (r"a?IRR|SMD|WMD|MD|RD", None),
    (r"[aA]?HR|sHR|[aA]?OR|[aA]?RR", None),
)
_SHORT_CANON = {
    "IRR": "IRR",
    "aIRR": "IRR",
    "SMD": "SMD",
    "WMD": "MD",
    "MD": "MD",
    "RD": "RD",
    "HR": "HR",
    "aHR": "HR",
    "AHR": "HR",
    "sHR": "HR",
    "OR": "OR",
    "aOR": "OR",
    "AOR": "OR",
    "RR": "RR",
    "aRR": "RR",
}
_ADJ = r"adjusted|multivariable|multivariate|age-adjusted|unadjusted|crude|pooled"
_KEYWORD_RE = re.compile(
    r"(?<![\w-])(?:(?P<adj>" + _ADJ + r")\s+)?"
    r"(?:(?P<long>" + "|".join(f"(?:{p})" for p, _ in _LONG) + r")"
    # ("RR1.16, CI 0.99-1.36": a misprint that glues the value to the ratio's name)
    r"|(?P<short>(?-i:a?IRR|SMD|WMD|MD|RD|[aA]?HR|sHR|[aA]?OR|a?RR))s?(?:(?![\w-])|(?=\d\.\d))"
    # "AdjOR 0.47", "adj. HR", and "AdjDiff -8.67, CI ...": an adjusted difference, abbreviated.
    r"|(?-i:[Aa]dj)\.?[\s-]?(?:(?P<adjdiff>(?-i:[Dd]iff)\.?)|(?P<pshort>(?-i:IRR|SMD|WMD|MD|RD|HR|OR|RR))s?)"
    # ("6-min walk distance (M diff = 49.98 m, p adj = 0.001)": a mean difference, abbreviated)
    r"|(?P<mdiff>(?-i:M)\.?\s?(?-i:[Dd]iff)\.?)"
    r"(?![\w-]))",
    re.IGNORECASE,
)
#: Cohen's d written as a bare "d = 0.63": lower case, a decimal value and no unit after it.
_COHEN_D = re.compile(r"(?<![\w'’.-])(?<!vitamin\s)d(?=\s?=\s?-?\s?\d*\.\d+(?![\d.])(?!\s?[A-Za-zµ%]))")
_LONG_RES = [(re.compile(p.replace(r"(?=\s?[=:])", ""), re.IGNORECASE), m) for p, m in _LONG]
_MEASURE_CODES = frozenset(MEASURE_NAMES)
#: "rate ratio [RR]", "relative hazard (RH)", "adjusted risk difference [ARD]": a measure's name
#: and the abbreviation the authors define for it, which then stands for that measure.
_DEFINITION_RE = re.compile(
    r"(?<![\w-])(?:(?:"
    + _ADJ
    + r"|mortality|cox)\s+)?(?P<long>"
    + "|".join(f"(?:{p})" for p, m in _LONG if not m.startswith("DIFF") and m != "ODDS")
    + r")\s*[(\[]\s*(?P<abbr>[A-Za-z]{1,5}?)s?\s*[)\],;]",
    re.IGNORECASE,
)
#: "(MD)" after words whose initials spell it: "mean diffusivity (MD)", "aortic root dimension (ARD)".
_ACRONYM_RE = re.compile(r"(?P<words>(?:[A-Za-z][\w'-]*\s+){1,5})[(\[](?P<abbr>[A-Z]{2,5})s?[)\]]")

_ES_VALUE = re.compile(r"(?<![\w-])ES\s?[=:]\s?-?\s?\.?\d")
#: An abstract that names effect sizes or compares with a control: its "ES" values are between
#: groups (not each group against its own baseline: "in the SSG group ... (p = 0.0015 and ES = 2.28)").
_ES_BETWEEN = re.compile(
    r"\beffect\s+sizes?\b|\bcontrol\s+(?:group|arm|condition)s?\b|\bplacebo\b|\bcompared\s+(?:to|with)\b",
    re.IGNORECASE,
)
_DEFINITION_FAST = FastPattern(_DEFINITION_RE)
#: The one part of an _ACRONYM_RE match that is cheap to find: the bracketed abbreviation.
_ACRONYM_BRACKET = re.compile(r"[(\[][A-Z]{2,5}s?[)\]]")
#: What the words before it may be made of, read backwards from the bracket.
_ACRONYM_WORDS_REVERSED = re.compile(r"[\w'\s-]*")
#: Every _KEYWORD_RE match holds one of these (short names are case-sensitive, hence the split).
_SHORT_CORES = ("HR", "OR", "RR", "MD", "RD")
#: trigger_literals reads ASCII literals only, and one name with none disables the prefilter for
#: all (it did: "Δ=" in facts-7 cost a third of the extractor's speed). Names that start with a
#: non-ASCII letter are checked by that letter instead.
_NON_ASCII_TRIGGERS = ("Δ", "δ")  # IGNORECASE: either case
_LONG_TRIGGERS = trigger_literals(
    re.compile("|".join(f"(?:{p})" for p, _ in _LONG if not p.startswith(_NON_ASCII_TRIGGERS)), re.IGNORECASE)
)


@dataclass
class MeasureMention:
    """One mention of a measure: where it is, which measure, and whether it is adjusted."""

    start: int
    end: int
    measure: str
    adjusted: bool | None


@dataclass(frozen=True)
class Definitions:
    """Abbreviations a paper defines: measure ones (``{"RR": "IRR"}``) and ones that shadow a
    measure's abbreviation with something else (``{"MD"}`` for "mean diffusivity (MD)")."""

    measures: dict[str, str]
    shadowed: frozenset[str]

    @property
    def extra_re(self) -> re.Pattern[str] | None:
        extra = sorted((a for a in self.measures if a not in _SHORT_CANON), key=len, reverse=True)
        if not extra:
            return None
        return re.compile(r"(?<![\w-])(?P<abbr>" + "|".join(map(re.escape, extra)) + r")s?(?![\w-])")


def _long_measure(long: str) -> str:
    if long.lower().startswith("ratio"):
        return "IRR"  # the "ratio" of "mortality ratio", whose pattern reads "mortality" behind it
    return next((code for rx, code in _LONG_RES if rx.fullmatch(long)), "DIFF")


def find_definitions(text: str) -> Definitions:
    """The abbreviations ``text`` defines for measures, and the measure abbreviations it reuses."""
    norm = normalize(text)
    measures: dict[str, str] = {}
    for found in _DEFINITION_FAST.finditer(norm, fold_case(norm)):
        abbr = found.group("abbr")
        if len(abbr) < 2 or abbr.lower() in {"ci", "se", "sd"}:
            continue
        if abbr.upper() != abbr and abbr not in _SHORT_CANON:
            continue
        measure = _long_measure(" ".join(found.group("long").split()))
        if measure in _MEASURE_CODES:
            measures.setdefault(abbr, measure)
    if "ES" not in measures and _ES_VALUE.search(norm) and _ES_BETWEEN.search(norm):
        # "Effect size = 0.69 ... ES = 0.15, -0.21 to 0.52": an abstract may shorten effect sizes
        # to ES without defining it, or without naming them at all ("(p<0.001, ES=1.59)";
        # EFFECTS_LABELS.md, the dev3 rule).
        measures["ES"] = "SMD"
    shadowed: set[str] = set()
    for m in _acronyms(norm):
        abbr = m.group("abbr")
        if abbr not in _SHORT_CANON or abbr in measures:
            continue
        words = re.split(r"[\s-]+", m.group("words").strip())[-len(abbr) :]
        initials = "".join(w[0] for w in words).upper()
        phrase = " ".join(words)
        measure_words = re.search(r"ratio|hazard|odds|risk|differ|rate", phrase, re.IGNORECASE)
        if initials == abbr.upper() and not measure_words:
            shadowed.add(abbr)
    return Definitions(measures, frozenset(shadowed))


def _acronyms(norm: str) -> Iterator[re.Match[str]]:
    """``_ACRONYM_RE.finditer(norm)``, tried only on the words just before each "(ABC)".

    The pattern may start at any letter, which made it most of the time of effect extraction
    (issue #4). A match is words and spaces up to a bracketed abbreviation, so it can only start
    inside the unbroken run of word characters, apostrophes, hyphens and spaces before one.
    """
    reverse = norm[::-1]
    pos = 0
    for bracket in _ACRONYM_BRACKET.finditer(norm):
        start = bracket.start()
        if start < pos:
            continue
        run = _ACRONYM_WORDS_REVERSED.match(reverse, len(norm) - start)
        lowest = start - (run.end() - run.start()) if run is not None else start
        m = _ACRONYM_RE.search(norm, max(pos, lowest), bracket.end())
        if m is not None:
            yield m
            pos = m.end()


def _may_hold_keyword(text: str) -> bool:
    """False when ``text`` cannot hold a _KEYWORD_RE match (most sentences name no measure)."""
    if (
        any(core in text for core in _SHORT_CORES)
        or _LONG_TRIGGERS is None
        or "Diff" in text  # "AdjDiff"; "Adjdiff" and "adj. diff" hold "diff" (see below)
        or "diff" in text
        or any(letter in text for letter in _NON_ASCII_TRIGGERS)
    ):
        return True
    folded = fold_case(text)
    return any(lit in folded for lit in _LONG_TRIGGERS)


NO_DEFINITIONS = Definitions({}, frozenset())


def measure_mentions(text: str, defs: Definitions = NO_DEFINITIONS) -> list[MeasureMention]:
    """Every mention of a measure in ``text``, in order (``defs``: the paper's own abbreviations)."""
    found: list[MeasureMention] = []
    for m in _KEYWORD_RE.finditer(text) if _may_hold_keyword(text) else ():
        adjusted: bool | None = None
        if m.group("adjdiff"):
            found.append(MeasureMention(m.start(), m.end(), "DIFF_NAMED", True))
            continue
        if m.group("mdiff"):
            found.append(MeasureMention(m.start(), m.end(), "MD", None))
            continue
        if m.group("short") or m.group("pshort"):
            token = m.group("short") or m.group("pshort")
            if token in defs.shadowed:
                continue
            measure = _SHORT_CANON[token]
            if token.startswith("a") or token in {"AHR", "AOR"} or m.group("pshort"):
                adjusted = True
            base = token[1:] if token[:1] in {"a", "A"} and token[1:] in _SHORT_CANON else token
            measure = defs.measures.get(token, defs.measures.get(base, measure))
        else:
            long = " ".join(m.group("long").split())
            measure = _long_measure(long)
        adj = (m.group("adj") or "").lower()
        if adj in {"adjusted", "multivariable", "multivariate", "age-adjusted"}:
            adjusted = True
        elif adj in {"unadjusted", "crude"}:
            adjusted = False
        found.append(MeasureMention(m.start(), m.end(), measure, adjusted))
    if "d=" in text or "d =" in text:
        found.extend(MeasureMention(m.start(), m.end(), "SMD", None) for m in _COHEN_D.finditer(text))
        found.sort(key=lambda k: k.start)
    extra = defs.extra_re
    if extra is not None:
        spans = [(k.start, k.end) for k in found]
        for m in extra.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            abbr = m.group("abbr")
            adjusted = True if abbr[:1] == "A" and len(abbr) > 2 else None
            found.append(MeasureMention(m.start(), m.end(), defs.measures[abbr], adjusted))
        found.sort(key=lambda k: k.start)
    return found
