"""Parsing primitives for the numbers abstracts report: values, intervals and p-values.

Everything works on a *normalised* copy of the text that has the same length as the
original, so offsets found in one are valid in the other: the minus sign (U+2212) and
hyphen look-alikes become ``-``, en and em dashes become ``–`` (a range dash), the
Lancet's mid-dot decimal point ``0·66`` becomes ``0.66``, and comparison signs ``≤``/``≥``
stay single characters.

>>> normalize("MD −2.3 (−4.1 to −0.5)")
'MD -2.3 (-4.1 to -0.5)'
>>> parse_interval("0.49-0.88")
(0.49, 0.88)
>>> parse_interval("−4.1 to −0.5")
(-4.1, -0.5)
>>> parse_p_value("P < .001")
('<', 0.001)
>>> parse_p_value("a p-value of 0.02")
('=', 0.02)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "CI_PATTERN",
    "NUMBER",
    "P_PATTERN",
    "IntervalMatch",
    "PMatch",
    "match_interval",
    "match_p_value",
    "normalize",
    "parse_count",
    "parse_interval",
    "parse_number",
    "parse_p_value",
    "word_number",
]

_TRANSLATE = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "–",  # figure dash
        "\u2013": "–",  # en dash (kept: a range dash)
        "\u2014": "–",  # em dash
        "\u2015": "–",
        "\u00b7": ".",  # mid-dot decimal (Lancet style)
        "\u2219": ".",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\ufe63": "-",
        "\uff0d": "-",
        "\uff1c": "<",
        "\uff1e": ">",
        # A combining accent written apart from its letter ("nai\u0308ve", as some PMC text has it)
        # is not a word character, so it would cut the word in two for every pattern: it reads as
        # a letter (a modifier letter, which no pattern names) and the word stays whole.
        **{chr(mark): "\u02b0" for mark in range(0x300, 0x370)},
    }
)


_LOOK_ALIKE = re.compile("[" + "".join(chr(c) for c in _TRANSLATE) + "]")


def normalize(text: str) -> str:
    """Map look-alike characters to plain ones without changing the text's length."""
    # Most texts have nothing to map, and the extractors normalise each text several times
    # (issue #4): the rest are mapped once and remembered.
    if text.isascii():
        return text
    return _normalize_unicode(text)


@functools.lru_cache(maxsize=64)
def _normalize_unicode(text: str) -> str:
    # str.replace per look-alike present, not str.translate, which looks up every character of
    # the text in a dict (about 40 us an abstract). Each maps to a character that maps to
    # itself or is ASCII, so the order of the replacements does not matter.
    for char in set(_LOOK_ALIKE.findall(text)):
        text = text.replace(char, _TRANSLATE[ord(char)])
    return text


#: A signed decimal number, as it may appear in an effect estimate ("-2.3", ".001", "1,234.5").
#: The sign is only a sign when it does not join two numbers ("0.49-0.88" is a range).
NUMBER = r"(?:(?<![\d.])-\s?)?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\d.])-?\.\d+"
_NUMBER_RE = re.compile(NUMBER)
#: A unit a bound may repeat: "2.5 kg to 3.2 kg", "16.7%- to 21.3%"
#: ("−56.5 cm2 to −6.3 cm2", "−103.9 mg/dl to −6.7 mg/dl": a power or a per-volume unit too)
_BOUND_UNIT = r"(?:%|(?:kg|g|mg(?:/d[lL])?|mm\s?Hg|mm|cm(?:2|²)?|m(?:2|²)|ml|mL|kcal|points?|days?|weeks?|months?|years?)\b)"
_SEP = r"\s*(?:" + _BOUND_UNIT + r"\s*)?(?:–|-|\bto\b,?|,|;|…|\.\.\.?)\s*"
# A bound may carry a sign of either kind ("+2.6 to +9.7%").
#: A bound with thousands separators ("3,229.2", "1,168 to 3,229"); a comma followed by three
#: digits and no more is read as one only when the other bound is not split off by that comma
#: (match_interval drops "1,234" read as an interval).
_THOUSANDS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"
_LOW = r"(?P<lo>[-+]?\s?[£$€]?(?:" + _THOUSANDS + r"|\d+(?:\.\d+)?|\.\d+))"
_HIGH = r"(?P<hi>[-+]?\s?[£$€]?(?:" + _THOUSANDS + r"|\d+(?:\.\d+)?|\.\d+))"
#: Two numbers joined by a range separator: "0.49-0.88", "0.49 to 0.88", "1.3, 3.4", "−4.1 – −0.5",
#: also with percent signs or units on the bounds ("7.9% to 10.1%", "2.5 kg to 3.2 kg"; the match
#: ends after the last one).
CI_PATTERN = _LOW + _SEP + _HIGH + r"(?![\d.]*\d)(?:\s?" + _BOUND_UNIT + r")?"
_INTERVAL_RE = re.compile(r"\s*" + CI_PATTERN)

_CMP = r"(?P<op>=|<\s?=|>\s?=|≤|≥|<|>|≦|≧|⩽|⩾)"
_P_NUM = (
    # "P = 10−11": a power of ten whose superscript was flattened (10 itself is no p-value).
    r"(?:10\s?[-–]\s?(?P<pow>\d{1,3})(?![\d.])|"
    r"(?P<num>(?:\d+(?:\.\d+)?|\.\d+))"
    # ("1.1 x 10(-12)": the exponent in brackets)
    r"(?:\s?(?:[x×*]|\\times)\s?10\s?(?:\^|\s)?\s?(?:\((?P<exp3>[-–]?\s?\d+)\)|(?P<exp>[-–]?\s?\d+))"
    r"|\s?[eE]\s?(?P<exp2>[-–+]?\d+))?)"
)
#: A p-value: "P=0.005", "P < .001", "p-value of 0.02", "P value, 0.03", "p ≤ 0.05".
P_PATTERN = (
    r"(?<![A-Za-z])(?P<p>[Pp])(?:\s?[-‐]?\s?values?)?(?:\s?(?:for\s+(?:trend|interaction|heterogeneity|"
    r"non-?inferiority|superiority)))?"
    r"(?:\s*(?:"
    + _CMP
    + r"|(?:\s(?:of|was|were|is)\b)?\s(?:less\sthan|below)|\s(?:of|was|were|is)\b|,|:)\s*)"
    + _P_NUM
)
_P_RE = re.compile(P_PATTERN)

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
WORD_NUMBER = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"


def word_number(text: str) -> int | None:
    """'Twenty-three' -> 23; None for anything else.

    >>> word_number("Twenty-three"), word_number("eleven"), word_number("many")
    (23, 11, None)
    """
    parts = re.split(r"[- ]", text.strip().lower())
    if not parts or any(p not in _WORDS for p in parts):
        return None
    return sum(_WORDS[p] for p in parts)


_NOT_NUMERIC = re.compile(r"[\s,£$€]")


def parse_number(text: str) -> float | None:
    """A float from a number as written (signs, thousands commas, leading '.'); None if not one.

    >>> parse_number("−2.3"), parse_number("1,234"), parse_number(".5"), parse_number("x")
    (-2.3, 1234.0, 0.5, None)
    """
    # A currency sign is the unit of a cost ("-£97"), not part of the number.
    cleaned = _NOT_NUMERIC.sub("", normalize(text))
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_count(text: str) -> int | None:
    """An integer count from digits ('1,234', '1 234') or words ('twelve').

    >>> parse_count("1,234"), parse_count("Twelve"), parse_count("3.5")
    (1234, 12, None)
    """
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+|\d+", text):
        return int(re.sub(r"[, ]", "", text))
    return word_number(text)


@dataclass(frozen=True)
class IntervalMatch:
    low: float
    high: float
    start: int
    end: int


def match_interval(text: str, pos: int = 0) -> IntervalMatch | None:
    """An interval starting at ``pos`` (after optional spaces) in normalised ``text``."""
    m = _INTERVAL_RE.match(text, pos)
    if m is None:
        return None
    low = parse_number(m.group("lo"))
    high = parse_number(m.group("hi"))
    if low is None or high is None:
        return None
    sep = text[m.end("lo") : m.start("hi")].strip()
    if sep in {",", ";"} and re.fullmatch(r"\d{3}", m.group("hi").strip()):
        return None  # "1,234" is a thousands separator, not an interval
    if sep == "-" and m.group("hi").lstrip().startswith("-") and low >= 0 and high < low:
        high = -high  # "1.70--2.25": a doubled dash, not a negative bound below a positive one
    return IntervalMatch(low, high, m.start("lo"), m.end())


def parse_interval(text: str) -> tuple[float, float] | None:
    """``(low, high)`` from an interval as written, or None."""
    norm = normalize(text).strip()
    m = match_interval(norm)
    if m is None or m.end != len(norm):
        return None
    return m.low, m.high


@dataclass(frozen=True)
class PMatch:
    operator: str
    value: float
    text: str
    start: int
    end: int


def _p_from_match(m: re.Match[str]) -> tuple[str, float] | None:
    op = (m.group("op") or "=").replace(" ", "")
    op = {"≤": "<=", "≥": ">=", "≦": "<=", "≧": ">=", "⩽": "<=", "⩾": ">="}.get(op, op)
    first = m.start("pow") if m.group("pow") else m.start("num")
    between = m.group(0)[: first - m.start(0)].lower()
    if "less than" in between or "below" in between:
        op = "<"
    if m.group("pow"):
        return op, 10.0 ** -int(m.group("pow"))
    num = float(m.group("num"))
    exp = m.group("exp") or m.group("exp2") or m.group("exp3")
    if exp:
        exponent = int(exp.replace("–", "-").replace(" ", ""))
        num = num * 10.0**exponent
    if not 0.0 <= num <= 1.0:
        return None
    return op, num


def match_p_value(text: str, pos: int = 0, endpos: int | None = None) -> PMatch | None:
    """The first p-value in normalised ``text[pos:endpos]``."""
    for m in _P_RE.finditer(text, pos, len(text) if endpos is None else endpos):
        parsed = _p_from_match(m)
        if parsed is not None:
            return PMatch(parsed[0], parsed[1], m.group(0), m.start(), m.end())
    return None


def parse_p_value(text: str) -> tuple[str, float] | None:
    """``(operator, value)`` from a p-value as written, or None."""
    m = match_p_value(normalize(text))
    return None if m is None else (m.operator, m.value)
