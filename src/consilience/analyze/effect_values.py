"""Reading one effect estimate after its measure's name: the value, its interval and p-value.

:mod:`consilience.analyze.effects` finds a measure's name, then calls :func:`read_value` on the
text after it: an optional defined abbreviation or interval label, the point value (skipping
numbers that carry units, percentages or time points), an interval that must be labelled or
bracketed, and a p-value that follows directly. The interval must contain the value and a ratio
must be positive, which keeps ranges such as "aged 18-65" out. Also here: the sentence-level
readings every reader shares (the comparison named, adjusted or not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilience.analyze.effect_names import RATIO_MEASURES
from consilience.analyze.numbers import match_interval, parse_number

__all__ = [
    "DIFFERENCES",
    "FOLLOW_STOP",
    "FOLLOW_VALUE",
    "HEADER",
    "OTHER_UNIT",
    "OUTCOME_GAP",
    "OUTCOME_LEFT",
    "PERCENT_MEASURE",
    "PRE_LEVEL",
    "P_GAP",
    "P_HEADER",
    "SKIP_ABBREV",
    "TIME_UNIT",
    "UNIT_AFTER",
    "UNIT_REST",
    "Parsed",
    "comparison_named",
    "plausible",
    "read_ci",
    "read_ci_later",
    "read_value",
    "sentence_adjusted",
    "signed_by_interval",
    "trim_phrase",
]

SKIP_ABBREV = re.compile(
    # "hazard ratio (HR) 0.7", and the other way round, "OR (odds ratio) 9.2"
    r"\s*[(\[]\s*(?:(?:a|adjusted\s)?[A-Za-z]{2,5}|(?:adjusted\s+)?(?:odds|hazard|risk|rate)\s+ratio)\s*[)\]]",
    re.IGNORECASE,
)
_LEVEL = (
    # "Cl" (a lower-case L) is a common misprint of CI: "95% Cl=1.6-4.0", "(OR = 1.9; Cl, 1.1 to 3.3)";
    # the abbreviation may stand in braces inside a bracket: "[95% confidence interval {CI}, ...]";
    # the level may be printed twice: "95% CI 95% 0.76 to 1.66"
    # ("95% confidence limit (CL), 29.1–55.1", "90% confidence limits 0.61 to 1.19", "95% CL, 27.6–51.1":
    # limits, with their level only; "95% confidential interval: 0.54–1.16", a misprint of confidence)
    # (without a percent sign, only a level's own digits: "RR 48.24 CI 3.05 to 762.56" is a value
    # and its interval, not a 48.24% interval)
    r"(?:(?:two|2)[-\s]sided\s+)?(?P<lvl>\d{2}(?:\.\d+)?(?=\s?(?:%|percent|per\scent))|(?:80|90|95|97\.5|99)(?![\d.]))"
    r"\s?(?:%|percent|per\scent)?\s?(?:CIs?|(?-i:Cl\b)|(?-i:CL\b)|(?-i:IC\b)|C\.I\.?|CrI|CredI\b|UI|confiden(?:ce|tial)\s+intervals?|(?:posterior\s+)?credible\s+intervals?|"
    r"uncertainty\s+intervals?|confidence\s+limits?)(?:\s(?P=lvl)\s?%(?=\s))?(?:\s*[(\[{]\s*(?:\d{2}(?:\.\d+)?\s?%\s?)?(?:CI|CrI|CredI|(?-i:CL))\s*[)\]}]|(?<=l)\s+CI\b)?|(?:CI\s?|(?-i:IC)\s?|confidence\s+intervals?\s(?=\d{2}\s?%))(?P<lvl2>\d{2})\s?%?|(?P<bare>CI|(?-i:Cl\b)|confidence\s+intervals?(?:\s*[(\[{]\s*CI\s*[)\]}])?)"
)
PRE_LEVEL = re.compile(r"\s*[(\[,;]?\s*(?:" + _LEVEL + r")\s*[)\]]?\s*:?\s*", re.IGNORECASE)
_CI_LEAD = re.compile(
    # "(OR 2.9. 95% CI 1.1-7.7)": a full stop misprinted for a comma, before a level only
    r"\s*(?P<punct>[,;:]|\.(?=\s+\d{2}(?:\.\d+)?\s?%\s?(?:CI|confidence)))?\s*(?:\bwith\s+(?:an?\s+|the\s+)?)?(?P<open1>(?:[(\[]\s*){1,2})?(?:(?:"
    + _LEVEL
    + r")(?:\s*[)\]](?=\s*-?\s?\.?\d))?\s*(?:[,:;=]|\bof\b|\bwas\b|\bfrom\b|\branging\sfrom\b)?\s*"
    # a level with no "CI", the interval right after it: "(MD 0.5 kg; 95% -0.5 to 1.6)"
    r"|(?<=[,;]\s)(?P<lvl3>90|95|99)\s?%\s?(?=-?\s?\.?\d[\d.]*\s?(?:to|–|-)\s?-?\s?\.?\d))?"
    r"(?P<open2>[(\[]\s*)?",
    re.IGNORECASE,
)
#: A candidate point value; a number glued to letters ("1100delC"), hyphened onto a word ("HIV-1",
#: "COVID-19": a name) or after a comparison sign (">39 years", a threshold) is never one.
_CANDIDATE = re.compile(
    # (after a ratio's name glued to it, "RR1.16": see effect_names)
    r"(?:(?<![\w.<>≤≥])|(?<=HR)|(?<=OR)|(?<=RR))(?<!\d,)(?<![<>≤≥]\s)(?<![A-Za-z]-)(?:(?<![\d])[-+]\s?)?[£$€]?"
    # ("mean difference £4,489, p < 0.001": a comma may follow the thousands, never a digit)
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|\d+(?:\.\d+)?(?!,\d{3}(?!\d))|\.\d+)(?![\d.]*\d)(?![A-Za-z])"
)
UNIT_AFTER = re.compile(
    # ("Δ 20.0% points [95% CI ...]": a difference in percentage points)
    r"\s?(?:%(?:\s?points?\b)?|-?\s?(?:years?|yrs?|months?|mo|weeks?|wk|days?|hours?|h|mg|g|kg|[µμ]g|mcg|ml|mL|L|mmol|"
    r"mm\s?Hg|cm|mm|patients|participants|subjects|studies|trials|events|cases|times|fold|points?|"
    r"percentage\s+points?)\b|-[A-Za-z]|/)"
)
_TIGHT_GAP = re.compile(
    # ("a pooled HR estimate of 2.081")
    r"^\s*(?:(?:[,:=(\[]|was|were|is|of|estimated\s+at|estimates?|about|approximately)\s*)*$"
    # ("the paired treatment difference was not statistically significant (-0.5 [2.4] days; p = 0.159)")
    r"|^\s*(?:was|were|is)\s+(?:not\s+)?(?:statistically\s+)?significant\s*[(\[]\s*$"
    # "odds ratio for death: 1.5", "difference in proportion of responders: 43.2%"
    r"|^\s*(?:for|of|in)\s+[\w'-]+(?:\s+[\w'-]+){0,3}\s*[:=]\s*$"
    # "mean difference in HbA1c was -0.43%", "HR for mortality of 1.00": a few words, no numbers
    # ("hazard ratios in the first, second, and third year were 1.45 (...), 1.28 (...), and 1.17 for
    # ..., respectively": the words may list what the values are of)
    r"|^\s*(?:for|in)\s+[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,3}\s+(?:was|were|is|of)\s*$"
    r"|^\s*in\s+the\s+[A-Za-z][A-Za-z'-]*(?:,?\s+[A-Za-z][A-Za-z'-]*){1,5}\s+were\s*$"
    # "the difference between groups was −0.69", "difference in mean change between groups was 2.55%"
    r"|^\s*(?:(?:in|of)\s+)?(?:[A-Za-z][\w'-]*\s+){0,3}?between\s+(?:the\s+)?(?:two\s+)?(?:groups|arms)\s+(?:was|were|is)\s*$"
    # "the absolute CVD event reduction between “structured” and “usual care” was 16.5%": the arms
    # named, no number among them
    r"|^\s*between\s+[^.;\d()\[\]]{1,60}?\s+and\s+[^.;\d()\[\]]{1,60}?\s+(?:was|were|is)\s*$"
    # "the relative risk compared to the background population was 3.2"
    r"|^\s*(?:compared\s+(?:to|with)|versus|vs\.?)\s+(?:the\s+)?[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}\s+(?:was|were|is)\s*$"
    # "odds ratio [OR] relative to placebo 1.7": the comparator, one word, right before the value
    r"|^\s*(?:relative\s+to|compared\s+(?:to|with)|versus|vs\.?)\s+(?:the\s+)?[A-Za-z][\w'-]*\s*[,:=]?\s*$"
    # ("the odds ratio for having controlled diabetes after the intervention was 1.1": a longer
    # description, words only, ending in the verb)
    r"|^\s*for\s+[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){4,7}\s+(?:was|were|is)\s*$"
    # "HR per one standard deviation increase 1.88", "OR per SD higher level: 1.3"
    r"|^\s*per\s+(?:one\s+|an?\s+|each\s+)?(?:standard[\s-]deviations?|SD)"
    r"(?:\s+(?:increase|increment|higher|rise|greater)(?:\s+in\s+[\w-]+)?)?\s*[:=,]?\s*$",
    re.IGNORECASE,
)
#: A difference named "of" its outcome: "mean difference of the LL was 0.31 mm" (a ratio is not
#: read so: "the OR ... to estimate the relative risk of CAD was 2.2" names no estimate of its own).
_TIGHT_OF = re.compile(r"^\s*of\s+[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,3}\s+(?:was|were|is)\s*$")
#: A unit not in UNIT_AFTER after a difference ("-230 kJ", "4.1 mL/min"), optionally restated
#: in another unit ("-230 kJ (-55 kcal)"), a product of units ("1.7 MET*hr/wk"); taken only when a
#: labelled interval follows.
OTHER_UNIT = re.compile(
    # a second word only when it holds a slash or a power: "-285 dyn s/cm5"; a word up to 14
    # characters ("0.56 sessions/week, 95% CI ...", "servings/day")
    r"\s?[A-Za-zµμ°][\w/²³.*-]{0,13}(?:\s[A-Za-zµμ][\w.-]{0,5}[/²³][\w/²³.-]{0,8})?(?:\s*\(\s*-?\s?\d[\d.,]*\s?[A-Za-zµμ°][\w/²³.-]{0,9}\s*\))?"
)
#: A spread printed between an estimate and its labelled interval: "-331± 1,033, 95% CI ...".
_SPREAD = re.compile(
    r"\s?(?:±|\+/-)\s?\d[\d,]*(?:\.\d+)?(?=\s*[,;(\[]\s*\d{2}(?:\.\d+)?\s?%\s?(?:CI|confidence))"
)
#: After a plain difference's value: its spread and unit, then its p-value ("± 0.0021 mm/year;
#: P = 0.145", "% (p=0.288)", ", p=0.078").
_TESTED_NEXT = re.compile(
    r"(?P<value_end>(?:\s?(?:±|\+/-)\s?\d[\d,]*(?:\.\d+)?)?(?:\s?[A-Za-zµμ%][\w/%]{0,9})?)"
    r"\s*[,;]?\s*[(\[]?\s*[pP]\s?(?:[=<>≤]|value)"
)


_LABEL_GAP = re.compile(r"\s*[:=]\s*")


def tested_next(text: str, pos: int, limit: int) -> bool:
    """Whether a p-value follows the value ending at ``pos`` (its spread and unit between)."""
    return _TESTED_NEXT.match(text, pos, limit) is not None


#: The rest of a filtration rate's unit: "6.2 mL/min per 1.73 m(2)", "-3.1 mL/min/1.73 m2".
_PER_BODY_SURFACE = re.compile(r"\s?(?:per\s)?(?:1\.73\s?)?m(?:\(2\)|2|²|\^2)(?!\w)")
#: A short qualifier between a value and its labelled interval: "0.90 for the enalapril group
#: compared with placebo (95% CI ...", "44.5% in favour of budesonide; 95% CI (...)", "MD -0.46
#: favouring knee orthoses, 95% CI ...".
_DEFERRED_CI = re.compile(
    # (a name may hold a number after a hyphen: "3.56 for ICAM-1 (95% CI ...)")
    r"(?:\s+(?:for|in|among|with|compared|versus|vs\.?|in\s+favou?r\s+of|favou?ring)\s(?:[^\d()\[\];:=<>%]|(?<=[A-Za-z]-)\d+){1,70}?"
    # "difference in frailty was 14.7% at 12 months (95% CI ...)": a time point
    r"|\s+at\s+(?:(?:week|month|day|year)\s+\d+|\d+\s*(?:weeks?|months?|days?|years?|hours?))"
    # "OR 1.02 per kg/m2, 95% CI ...", "HR 1.1 per 10 mmHg increase (95% CI ...)", "odds ratio =
    # 0.94 per C allele, 95% CI ...", "OR 0.95 per 10 mm Hg increase in systolic pressure, 95% CI"
    r"|\s+per\s+[^()\[\];:=<>]{1,45}?"
    # "MD 0.63 on a scale of 0 to 15; 95% CI ...", "2.1 points on a 0-10 scale (95% CI ...)": the
    # scale's range is no interval
    r"|(?:\s+points?)?\s+on\s+(?:an?\s+|the\s+)?(?:scale\s+of\s+)?\d+\s?(?:to|-|–)\s?\d+(?:[\s-]point)?(?:\s+scale)?)"
    r"(?=\s*[(\[;,]\s*(?:[(\[]\s*)?\d{2}(?:\.\d)?\s?%\s?(?:CI|confidence\s+intervals?)\b)",
    re.IGNORECASE,
)
#: "(hazard ratio = 0.82 per SD, 0.74-0.90)": a unit after the value, then a bare interval that
#: closes the bracket (taken without a level).
_PER_UNIT_BARE_CI = re.compile(
    r"\s+per\s+[^()\[\];:=<>\d]{1,30}?(?=\s*,\s*-?\d*\.?\d+\s?(?:-|–|to)\s?-?\d*\.?\d+\s*[)\]])",
    re.IGNORECASE,
)
#: The interval in a clause of its own at the end of the sentence: "The mean difference was 0.31
#: mm, which was larger than the margin of 0.19 mm, and the 2-sided 95% confidence interval was
#: 0.15-0.48" (no other estimate's name between).
_CLAUSE_CI = re.compile(
    r"(?:(?!\b(?:ratio|difference|HR|OR|RR|MD|CI)\b)[^;()\[\]]){0,120}?,?\s+and\s+(?:the\s+|its\s+)?"
    r"(?:(?:two|2)[-\s]sided\s+)?(?=\d{2}(?:\.\d)?\s?%\s?(?:CI|confidence\s+intervals?)\s+(?:was|is|were)\s+-?\.?\d)",
    re.IGNORECASE,
)
#: The estimate's p-value printed before its labelled interval: "difference 3 points, p=0.53; 95% CI -7 to 13".
_P_BEFORE_CI = re.compile(
    r"\s*[,;]\s*[Pp]\s?(?:<=|>=|[<>=≤≥])\s?\d*\.?\d+(?=\s*[,;]\s*\d{2}(?:\.\d)?\s?%\s?(?:CI|confidence\s+intervals?)\b)"
)
#: One arm's own result standing between a difference's name and a number.
_ARM_GAP = re.compile(r"\bgroups?\s+(?:had|has|showed|reached|achieved)\b", re.IGNORECASE)
#: In the gap before a difference's value: a spread, a group's mean, a regression beta or an
#: accuracy statistic, so the number is not the difference ("(median [Q1, Q3]: 2.0 [1.0, 3.0])").
_SPREAD_GAP = re.compile(
    r"\b(?:Q1|IQR|interquartile|SD|SE|beta|sensitivit\w*|specificit\w*)\b|β|\b(?:mean|median)\s?[:=(\[]",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"\s*%?\s*(?:to|–|-)\s*-?\s?(?:\d+(?:\.\d+)?|\.\d+)")
_BETWEEN_GAP = re.compile(r"\s*between\s[^()\[\]]*\band\s", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\brang(?:e[ds]?|ing)\s+(?:from\s+|between\s+)?$", re.IGNORECASE)
_GAP_OK = re.compile(r"^[^;]{0,90}$")
#: Between a measure's name and a value that carries a labelled interval, a longer description
#: may stand ("relative risks of disability in the highest quartile ... were for X 2.34 (95% CI ...)").
_LONG_GAP = 160
#: An interval label inside the gap: "HR and 95% CI for AD were 1.23 (0.97-1.55)", "RR (90% CI) was".
_GAP_LEVEL = re.compile(
    r"(?:\b(?:and|with)\s+(?:their\s+|the\s+)?|[(\[]\s*)(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?"
    r"(?:CIs?|confidence\s+intervals?)(?:\s*[(\[]\s*(?:\d{2}(?:\.\d+)?\s?%\s?)?CIs?\s*[)\]])?(?:\s*[)\]])?",
    re.IGNORECASE,
)
#: Measurements whose unit is a percent, so that a difference in them is a mean difference.
PERCENT_MEASURE = re.compile(
    r"\b(?:HbA1c|A1C|glyc(?:at|osyl)ated\s+ha?emoglobin|body\s+fat|fat\s+mass|ejection\s+fraction|"
    r"LVEF|ha?ematocrit|oxygen\s+saturation|SpO2|SaO2|%\s?predicted|percent\s+predicted)",
    re.IGNORECASE,
)
#: In a measure's description, words that say the numbers after them are something else (a
#: group's mean, a prevalence) or that the sentence describes the methods.
#: A number needed to treat or harm between a measure's name and a value: the value is the NNT's.
_NEEDED_GAP = re.compile(r"\bnumbers?\s+needed\b|\bNN[TH]", re.IGNORECASE)
_DESCRIPTION_STOP = re.compile(
    r"\b(?:mean|median|prevalence|incidence|proportions?|percentages?|calculated|computed|"
    r"estimated\s+(?:using|by|with)|performed)\b",
    re.IGNORECASE,
)
_VERB_BEFORE = re.compile(r"\s(?:was|were)\s*$")
#: Bare values after the first, closed by "respectively".
_LISTED_RESPECTIVELY = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)-?\d+(?:\.\d+)?){1,6}\s*,?\s*respectively\b"
)
#: Before a number that is no estimate: a count, a p-value.
_NOT_A_VALUE = re.compile(r"(?:\b[nN]|\b[pP])\s?(?:[=<>≤≥]|<=|>=)\s?$")
#: After a number that is an interval's level ("95% CI"), not a value.
_IS_LEVEL = re.compile(r"\s?%\s?(?:CI|CrI|CredI|confidence|credible)\b", re.IGNORECASE)
#: Before a number that is part of a name ("type 2 diabetes", "stage 3 disease", "phase 2").
_LABEL_NUMBER = re.compile(r"\b(?:type|grade|stage|phase|class|step|tier|wave|round)\s$", re.IGNORECASE)
#: After a number that counts the arms compared ("between the 2 treatments", "3 groups").
_COUNTED_ARMS = re.compile(
    r"\s(?:treatments?|groups?|arms?|interventions?|regimens?|doses|programmes|programs|strategies|conditions)\b",
    re.IGNORECASE,
)
TIME_UNIT = re.compile(r"\s?-?\s?(?:years?|yrs?|months?|mo|weeks?|wk|days?|hours?|h)\b")
#: The rest of a unit after its first word: "mg/L", and further factors with a power ("kg m-2",
#: "mL kg-1 min-1").
#: ("2.00 cm H2O, 95% CI ...": a unit of pressure in two words)
UNIT_REST = re.compile(r"[^\s,;:()\[\]]*(?:\s(?:[A-Za-zµμ]{1,4}(?:-[1-4]|[²³])|H2O\b))*")
DIFFERENCES = frozenset({"MD", "RD", "SMD", "DIFF", "DIFF_NAMED"})
#: A further value in a list after the first: "..., 1.35 (95% CI 0.86-2.10) among users",
#: "major coronary events (0.70, 0.61 to 0.81)", "for depression 2.50 (95% CI: 1.09-5.72)".
FOLLOW_VALUE = re.compile(
    r"[\s)\]]*(?P<sep>[,;])?\s*(?:(?:and|or)\s+)?(?P<gap>[^\d;()\[\]=<>≤≥]{0,80}?)\s*(?:[(\[]\s*)?"
    r"(?P<v>-?\s?(?:\d+(?:\.\d+)?|\.\d+))(?![\d.]*\d)(?![A-Za-z])"
)
FOLLOW_STOP = re.compile(
    r"\b(?:median|mean|average|IQR|range|SD|SE|n|N|number|months?|years?|weeks?|days?|vs|versus|"
    r"respectively|rates?|percent|proportion|differences?|NN[TH]\w*|P|p)\b"
)
#: Between an estimate and its p-value: punctuation, "and"/"with", a unit left after the interval
#: ("(95% CI -1.3 to -0.2) kg; p = 0.009") and qualifiers such as "two-sided" or "Bonferroni-adjusted".
P_GAP = re.compile(
    r"^[\s,;:)\]\[(]*(?:[A-Za-zµ/%]{1,5}\d?[\s,;:)\]]+)?(?:and\s*|with\s*)?(?:an?\s|the\s)?"
    r"(?:(?:two|one|2|1)[-\s](?:sided|tailed)\s*|(?:Bonferroni[-\s])?(?:adjusted|corrected)\s*|"
    r"log[-\s]rank\s*|exact\s*)?[\s,;:(\[]*$",
    re.IGNORECASE,
)
#: A measure named as a column header, its level closing the bracket, values after it:
#: "mean change (difference Control-X; 95% CI) in haemoglobin (-2.9; -5.7, -1.1), ...".
HEADER = re.compile(
    r"\s*[^()\[\];,=\d]{0,40}?[;,]\s*(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?CI\s*[)\]]", re.IGNORECASE
)
#: A header whose columns are the estimate with its interval, the p-value and the outcome:
#: "(adjusted mean difference (95% CI) p value; systolic pressure; 5.1 (1.1 to 9.2) p=0.014)".
P_HEADER = re.compile(
    r"\s*[(\[]\s*(?P<lvl>\d{2}(?:\.\d+)?)\s?%\s?CI\s*[)\]]\s*,?\s*(?:and\s+)?(?:[pP][\s-]?values?\s*)?;"
    r"[^;\d()\[\]]{1,80};\s*"
)
_ADJ_SENTENCE = re.compile(r"adjust|multivariable|multivariate|propensity", re.IGNORECASE)
_UNADJ_SENTENCE = re.compile(r"unadjusted|crude|univariat", re.IGNORECASE)
OUTCOME_LEFT = re.compile(
    r"(?:(?:risk|rates?|incidence|odds|hazard|occurrence|likelihood|probability)\s+of"
    # "was associated with longer survival in patients with X (HR ...), Y (HR ...)"
    r"|(?:associated\s+with|led\s+to|resulted\s+in)\s+(?:an?\s+)?(?:significantly\s+)?"
    r"(?:longer|shorter|higher|lower|better|worse|improved|reduced|increased|decreased|greater|less))\s+"
    r"(?P<o>[a-z][\w\s'/-]{2,60}?)\s*(?:[(\[,;]|\b(?:was|were|by|in|among|with|compared|than|for)\b|$)",
    re.IGNORECASE,
)
OUTCOME_GAP = re.compile(r"^\s*,?\s*(?:for|of)\s+(?P<o>[^,;:()=\[\]]{2,80}?)\s*(?:[,;:=(]|$)", re.IGNORECASE)
_COMPARISON = re.compile(
    r"(?P<a>[\w/+-]+(?:\s[\w/+-]+){0,3})\s+(?:vs\.?|versus|compared\s+(?:with|to)|relative\s+to|than)\s+"
    r"(?:with\s+|the\s+)?(?P<b>[\w/+-]+(?:\s[\w/+-]+){0,3})",
    re.IGNORECASE,
)
_STOP_WORDS = {"the", "a", "an", "in", "of", "for", "with", "and", "was", "were", "group", "groups", "arm"}


@dataclass
class Parsed:
    value: float
    value_start: int
    value_end: int
    ci: tuple[float, float] | None
    level: float | None
    end: int


def read_ci(
    text: str, pos: int, limit: int, level_known: bool = False
) -> tuple[tuple[float, float], float | None, int] | None:
    """An interval at ``pos``: labelled, bracketed, or after a comma with a dash ("0.66, 0.49–0.88").

    ``level_known``: the interval was labelled before the value ("(difference; 95% CI) in X
    (-2.9; -5.7, -1.1)"), so a separator before it is enough.
    """
    lead = _CI_LEAD.match(text, pos, limit)
    if lead is None:
        return None
    labelled = bool(lead.group("lvl") or lead.group("lvl2") or lead.group("lvl3") or lead.group("bare"))
    bracketed = bool(lead.group("open1") or lead.group("open2"))
    interval = match_interval(text[:limit], lead.end())
    if interval is None:
        return None
    if not (labelled or bracketed):
        # Lancet style "HR 0.66, 0.49–0.88": an unlabelled interval needs a comma and a dash.
        joint = text[interval.start : interval.end]
        if not lead.group("punct"):
            return None
        if not level_known and not re.search(r"\d\s?(?:–|-|to)\s?-?\s?\.?\d", joint):
            return None
    level_text = lead.group("lvl") or lead.group("lvl2") or lead.group("lvl3")
    # An interval printed high to low ("-0.13 to -2.76") is read in order.
    bounds = (min(interval.low, interval.high), max(interval.low, interval.high))
    end = interval.end
    close = re.match(r"\s*[)\]]", text[end:limit])
    if close and bracketed:
        end += close.end()
    return bounds, (float(level_text) if level_text else None), end


def read_ci_later(
    text: str, pos: int, limit: int, level_known: bool = False
) -> tuple[tuple[float, float], float | None, int] | None:
    """:func:`read_ci` at ``pos``, or a labelled interval a little later: after a short qualifier
    ("0.90 for the enalapril group compared with placebo (95% CI ...") or after the estimate's
    own p-value ("difference 3 points, p=0.53; 95% CI -7 to 13")."""
    ci_read = read_ci(text, pos, limit, level_known)
    if ci_read is not None:
        return ci_read
    for later in (_DEFERRED_CI, _P_BEFORE_CI):
        found = later.match(text, pos, limit)
        if (
            found is not None
            and (ci_read := read_ci(text, found.end(), limit)) is not None
            and ci_read[1] is not None
        ):
            return ci_read
    per_unit = _PER_UNIT_BARE_CI.match(text, pos, limit)
    if per_unit is not None:
        return read_ci(text, per_unit.end(), limit, level_known)
    clause = _CLAUSE_CI.match(text, pos, limit)
    if clause is not None and (ci_read := read_ci(text, clause.end(), limit)) is not None and ci_read[1]:
        return ci_read
    return None


def plausible(measure: str, value: float, ci: tuple[float, float] | None) -> bool:
    if measure in RATIO_MEASURES and value <= 0:
        return False
    if ci is None:
        return True
    low, high = ci
    if low > high:
        return False
    if measure in RATIO_MEASURES and low < 0:
        return False  # a lower bound printed as 0 is a rounded small ratio
    slack = 1e-9 + 0.011 * max(abs(value), 1.0)
    # (a reduction printed as its size is judged with its interval's sign: "lowered by 0.45 mmol/L
    # (95% CI -0.58 to -0.32)")
    value = signed_by_interval(measure, value, ci)
    return low - slack <= value <= high + slack


def signed_by_interval(measure: str, value: float, ci: tuple[float, float] | None) -> float:
    """A difference printed as its size takes the sign of its interval, so that every estimate
    lies inside its own interval (pooling reads them so); the labels keep the printed size
    (EFFECTS_LABELS.md, dev8) and ``eval/effects.py`` counts the two as one estimate.

    >>> signed_by_interval("MD", 0.45, (-0.58, -0.32)), signed_by_interval("MD", 0.45, (0.2, 0.7))
    (-0.45, 0.45)
    """
    if measure in DIFFERENCES and ci is not None and value > 0 and ci[1] < 0:
        return -value
    return value


def read_value(
    text: str, pos: int, limit: int, measure: str, pre_level: float | None, times: bool = False
) -> Parsed | None:
    """The point value after a measure's name at ``pos``, with its interval when one follows.

    ``times``: odds written "increased 1.03 times (95% CI ...)", where "times" is no unit.
    """
    described = False
    for cand in _CANDIDATE.finditer(text, pos, limit):
        gap = text[pos : cand.start()]
        gap_level = pre_level
        label = _GAP_LEVEL.search(gap)
        if label is not None:
            gap_level = gap_level or float(label.group("lvl"))
            gap = gap[: label.start()] + gap[label.end() :]
        if ";" in gap or len(gap) > _LONG_GAP or re.search(r"\bCI\b|confidence", gap, re.IGNORECASE):
            return None
        if _NEEDED_GAP.search(gap):
            return None  # "risk differences ... (Number Needed to Harm (NNH) 40; 95% CI 20 to 1168)"
        if measure in DIFFERENCES and _SPREAD_GAP.search(gap):
            return None  # "difference between arms (median [Q1, Q3]: 2.0 [1.0, 3.0])": a group's spread
        ranged = _RANGE_GAP.search(gap) is not None
        # (a whole number: "adjusted for seizure type 0.88, 95% CI ..." is the value after a label)
        if "." not in cand.group(0) and _LABEL_NUMBER.search(text, max(0, cand.start() - 12), cand.start()):
            continue  # "hazard ratios of type 2 diabetes were 0.74 (...)": a name, not the value
        if _COUNTED_ARMS.match(text, cand.end()):
            continue  # "differed between the 2 treatments by 3.3 points": a count of arms
        tight = bool(_TIGHT_GAP.match(gap) or (measure in DIFFERENCES and _TIGHT_OF.match(gap)))
        unit = UNIT_AFTER.match(text, cand.end())
        after = cand.end()
        if times and unit is not None and unit.group(0).strip(" -") in ("times", "fold"):
            after = unit.end()
            unit = None
        level_known = gap_level is not None
        if (spread := _SPREAD.match(text, after, limit)) is not None and read_ci(text, spread.end(), limit):
            after = spread.end()  # "mean difference = -331± 1,033, 95% CI -640 to -21": the SD or SE skipped
        if unit is None and measure in DIFFERENCES and (other := OTHER_UNIT.match(text, after, limit)):
            labelled = read_ci(text, other.end(), limit)
            # (labelled, or the level stated before the value: "WMD [95% CI] -23.5 pg/ml [-36.6 to -10.5]")
            if labelled is not None and (labelled[1] is not None or level_known):
                after = other.end()
        if unit and measure in DIFFERENCES:
            # A difference carries the outcome's unit ("-0.28 kg", "0.53 g/dL", "9.0%"); a time
            # point ("at 12 months") is skipped unless an interval follows it.
            percent = unit.group(0).strip().startswith("%")
            rest = UNIT_REST.match(text, unit.end())
            after = unit.end() if percent or rest is None else rest.end()
            if not percent and (surface := _PER_BODY_SURFACE.match(text, after, limit)) is not None:
                after = surface.end()
            timed = bool(TIME_UNIT.match(text, cand.end()))
            if not percent and read_ci(text, after, limit) is None and (timed or not tight):
                continue
        elif unit:
            continue
        if _IS_LEVEL.match(text, cand.end()) or _NOT_A_VALUE.search(
            text, max(0, cand.start() - 12), cand.start()
        ):
            continue  # "n = 40", "P = 0.23", "type 2 diabetes": a count, a p-value or a label
        value = parse_number(cand.group(0))  # "- 2.3", "£25"
        if value is None:  # pragma: no cover - _CANDIDATE matches numbers only
            continue
        ci_read = read_ci_later(text, after, limit, level_known)
        ci, level, end = (ci_read[0], ci_read[1], ci_read[2]) if ci_read else (None, None, after)
        if ci is not None and not plausible(measure, value, ci):
            ci, level, end = None, None, after
        if (
            ci is None
            and (span := _RANGE_AFTER.match(text, after, limit))
            and TIME_UNIT.match(text, span.end())
        ):
            continue  # an age or time range in the description ("for women aged 25-34 years was 4.09 (...)")
        if not plausible(measure, value, None):
            if ci is None and _RANGE_AFTER.match(text, after, limit):
                continue  # a range in the description: "rate ratio for days 0 to 13 after birth was 3.49 (...)"
            return None
        if ranged and (ci is None or level is None):
            # "HRs ranged from 1.2 to 2.3" is a range of estimates; "RRs ranged from 1.3 (95% CI
            # 1.1, 1.5) to 813.0 (95% CI ...)" gives each end as an estimate with its own interval.
            return None
        if measure == "DIFF" and len(gap) > 60 and not (_BETWEEN_GAP.match(gap) and ci is not None and level):
            # A plain "difference" must stand close to its value, unless the gap names what
            # is compared and a labelled interval follows ("difference between A and B was 4.7 mmHg (95% CI ...").
            return None
        if (
            ci is None
            and measure == "DIFF"
            and _LABEL_GAP.fullmatch(gap)
            and (tested := _TESTED_NEXT.match(text, after, limit))
        ):
            # "(difference = 0.0030 ± 0.0021 mm/year; P = 0.145)", "(difference: 0.77 kg, P < 0.001)":
            # a difference written as the label of its value, with its test right after it, is the
            # estimate reported (EFFECTS_LABELS.md, dev27); "the difference was 4.2 points (P = 0.02)"
            # still needs an interval
            end = after = tested.end("value_end")
        elif ci is None and (not tight or measure == "DIFF"):
            if (
                described
                and measure != "DIFF"
                and _VERB_BEFORE.search(gap)
                and _LISTED_RESPECTIVELY.match(text, after, limit)
                and not _DESCRIPTION_STOP.search(gap)
            ):
                # "the odds ratio of CVDs for those who had 1, 2, 3, or ≥4 risk factors was 2.36,
                # 4.24, 4.88, and 7.22, respectively": the description lists what the values,
                # closed by "respectively", are of (effect_lists.bare_list reads the rest)
                return Parsed(value, cand.start(), cand.end(), None, None, after)
            if measure != "DIFF" and not _DESCRIPTION_STOP.search(gap):
                # A number inside the description ("adjusted relative risk period 2 vs 1, 1.07;
                # 95% CI ...", "RR for >=1 drink per day ..., 2.00; 95% CI ..."): read on, but
                # only a value with a labelled interval is taken after it.
                described = True
                continue
            return None  # a bare number far from the measure's name is too often something else
        if described and (ci is None or _DESCRIPTION_STOP.search(gap)):
            return None
        if ci is None and (span := _RANGE_AFTER.match(text, after, limit)) is not None:
            return None  # the start of a range ("difference in means: -1.14 to -1.52")
        if len(gap) > 90 and (ci is None or (level or gap_level) is None):
            return None
        if measure in DIFFERENCES and ci is not None and _ARM_AFTER.match(text, end, limit):
            return None
        if measure in DIFFERENCES and _ARM_GAP.search(gap):
            return None  # "no between-group difference: the X group had a mean change of -0.2 (95% CI ...)"
        if ci is not None and level is None:
            level = gap_level
        return Parsed(signed_by_interval(measure, value, ci), cand.start(), cand.end(), ci, level, end)
    return None


#: The rest of a bracket after an interval: "1.31 (1.01–1.71; 3rd quartile, 221–248 mg/dl) and ...".
_ARM_AFTER = re.compile(
    r"\s*(?:for|in|among)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:groups?|arms?)\b(?!\s*(?:compared|versus|vs|relative|than))",
    re.IGNORECASE,
)


def trim_phrase(phrase: str) -> str:
    words = phrase.split()
    while words and words[-1].lower() in _STOP_WORDS:
        words.pop()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    return " ".join(words)


def comparison_named(sentence: str) -> str:
    m = _COMPARISON.search(sentence)
    if m is None:
        return ""
    a = trim_phrase(re.split(r"\b(?:in|with|for|of|was|were|by|and)\b", m.group("a"))[-1])
    b = trim_phrase(re.split(r"[,;(]|\b(?:was|were|in|for|at|on|p)\b", m.group("b"))[0])
    return f"{a} vs {b}" if a and b else ""


def sentence_adjusted(sentence: str) -> bool | None:
    if _UNADJ_SENTENCE.search(sentence):
        return False
    if _ADJ_SENTENCE.search(sentence):
        return True
    return None
