"""The biomedical analyzer: text to index terms, as pure functions.

The lexical index and every query go through :func:`analyze` (or :func:`analyze_query`), so
a document and a question always meet on the same terms. What it does, in order:

- cuts text into chunks that keep biomedical names whole: ``HER2``, ``ER/PR``, ``5-FU``,
  ``IL-6``, ``COVID-19``, ``p53``, ``CD8+``, ``TNF-α``;
- a chunk joined by ``-`` or ``/`` that holds a digit or a capital is kept whole *and* cut into
  its parts, so ``HER2-positive`` matches both ``HER2-positive`` and ``HER2 positive``; a letter
  and digit name also gets a joined alias (``IL-6`` and ``IL6`` meet on ``il6``);
- Greek letters become their names (``α`` → ``alpha``), accents are folded to ASCII;
- British spellings fold to American (tumour → tumor, oesophageal → esophageal,
  randomised → randomized);
- roman numerals after stage/grade/phase/type/class become digits (``stage IV`` → ``stage 4``);
- a short English stop list is dropped and the rest is stemmed (Snowball English, PyStemmer).

Queries also lose their question wording ("does", "is there", "what are the effects of").

>>> analyze("Oesophageal tumours: a randomised trial of 5-FU in stage IV HER2-positive disease")
['esophag', 'tumor', 'random', 'trial', '5-fu', '5fu', '5', 'fu', 'stage', '4', 'her2-positive', 'her2', 'posit', 'diseas']
>>> analyze_query("What are the effects of IL-6 blockade in COVID-19?")
['il-6', 'il6', 'il', '6', 'blockad', 'covid-19', 'covid19', 'covid', '19']
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

import Stemmer

from consilience.text import GREEK_TABLE as _GREEK_TABLE

#: Bumped whenever analyze() would give different terms for the same text: an index built
#: by another analyzer version is rebuilt.
ANALYZER_VERSION = 1

# A chunk: word runs joined by '-', '/' or '.', with trailing '+'s (one simple pattern: fast).
_CHUNK = re.compile(r"\w+(?:[-/.]\w+)*\+*")
# The same pattern for ASCII text, where \w is exactly this class: sre matches an explicit
# ASCII class almost twice as fast as Unicode \w, and nine abstracts in ten are ASCII.
_CHUNK_ASCII = re.compile(r"[A-Za-z0-9_]+(?:[-/.][A-Za-z0-9_]+)*\+*")
_PARTS = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")


#: Lucene's English stop list: frequent words that carry no topic.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)

#: Question wording dropped from queries only (documents keep these words).
QUESTION_WORDS = frozenset(
    [
        "does",
        "do",
        "did",
        "doe",
        "can",
        "could",
        "should",
        "would",
        "may",
        "might",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "when",
        "where",
        "how",
        "whether",
        "any",
        "there",
        "is",
        "are",
        "was",
        "were",
    ]
)
_QUESTION_LEAD = re.compile(
    r"^\s*(?:(?:what|which)\s+(?:are|is|were|was)\s+the\s+"
    r"(?:effects?|impacts?|roles?|benefits?|risks?|harms?|outcomes?|influence|consequences?)\s+of"
    r"|is\s+there\s+(?:an?|any)?\s*(?:evidence\s+(?:that|for|of))?"
    r"|(?:does|do|did|is|are|can|could|should|will|would|how\s+(?:does|do|is|are|can))\b)\s*",
    re.IGNORECASE,
)

# British -> American spelling, applied to lower-case words before stemming.
_SPELLING_WORDS: dict[str, str] = {
    "tumour": "tumor",
    "tumours": "tumors",
    "tumoural": "tumoral",
    "colour": "color",
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "behavioural": "behavioral",
    "favourable": "favorable",
    "unfavourable": "unfavorable",
    "labour": "labor",
    "odour": "odor",
    "humour": "humor",
    "vigour": "vigor",
    "centre": "center",
    "centres": "centers",
    "fibre": "fiber",
    "fibres": "fibers",
    "litre": "liter",
    "litres": "liters",
    "programme": "program",
    "programmes": "programs",
    "ageing": "aging",
    "grey": "gray",
    "sulphate": "sulfate",
    "sulphur": "sulfur",
    "aluminium": "aluminum",
    "analyse": "analyze",
    "analysed": "analyzed",
    "analyses": "analyses",
    "analysing": "analyzing",
    "coeliac": "celiac",
    "caesarean": "cesarean",
    "manoeuvre": "maneuver",
    "dyspnoea": "dyspnea",
    "apnoea": "apnea",
    "diarrhoea": "diarrhea",
    "gonorrhoea": "gonorrhea",
    "oedema": "edema",
    "foetus": "fetus",
    "foetal": "fetal",
    "judgement": "judgment",
    "practise": "practice",
    "tonne": "ton",
}
_SPELLING_PREFIXES: tuple[tuple[str, str], ...] = (
    ("oesophag", "esophag"),
    ("oestr", "estr"),
    ("haem", "hem"),
    ("anaem", "anem"),
    ("paed", "ped"),
    ("orthopaed", "orthoped"),
    ("gynaec", "gynec"),
    ("foet", "fet"),
    ("anaesth", "anesth"),
    ("leukaem", "leukem"),
    ("ischaem", "ischem"),
    ("oedem", "edem"),
)
_AEMIA = re.compile(r"aemi(a|as|c)$")  # anaemia, septicaemia, hyperglycaemic ...
# -ise/-isation verbs: only stems known to be -ize words in American spelling (never "exercise").
_ISE_STEMS = frozenset(
    [
        "random",
        "organ",
        "normal",
        "optim",
        "minim",
        "maxim",
        "util",
        "character",
        "categor",
        "hospital",
        "immun",
        "steril",
        "standard",
        "general",
        "real",
        "recogn",
        "special",
        "summar",
        "vascular",
        "neutral",
        "stabil",
        "visual",
        "local",
        "mobil",
        "author",
        "emphas",
        "hypothes",
        "prioritis",
        "stigmat",
        "sensit",
        "personal",
        "individual",
        "rational",
        "revascular",
        "hospitalis",
        "epithelial",
        "industrial",
        "central",
        "capital",
        "final",
        "famil",
        "commercial",
        "desensit",
        "harmon",
        "synchron",
    ]
)
_ISE = re.compile(r"^([a-z]{3,}?)is(e|es|ed|ing|ation|ations|ational)$")

_STAGE_WORDS = frozenset(
    {
        "stage",
        "stages",
        "grade",
        "grades",
        "phase",
        "phases",
        "type",
        "types",
        "class",
        "classes",
        "level",
        "levels",
        "tier",
        "cycle",
        "group",
        "nyha",
    }
)
_ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}
_ROMAN_SUFFIXED = re.compile(r"^(i{1,3}|iv|vi{0,3}|ix|x)([abc])$")

_stemmer = Stemmer.Stemmer("english")


class Token(NamedTuple):
    """One index term and the characters of the source text it came from."""

    term: str
    start: int
    end: int


def fold(word: str) -> str:
    """Greek letters to names, accents to ASCII, British spelling to American (lower-case in).

    >>> [fold(w) for w in ["tnf-α", "oesophageal", "randomised", "anaemia", "naïve"]]
    ['tnf-alpha', 'esophageal', 'randomized', 'anemia', 'naive']
    """
    if not word.isascii():
        word = word.translate(_GREEK_TABLE)
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    spelled = _SPELLING_WORDS.get(word)
    if spelled is not None:
        return spelled
    if "ae" in word or "oe" in word:
        for british, american in _SPELLING_PREFIXES:
            if word.startswith(british):
                word = american + word[len(british) :]
                break
        word = _AEMIA.sub(r"emi\1", word)
    if "is" in word:
        match = _ISE.match(word)
        if match and match.group(1) in _ISE_STEMS:
            word = f"{match.group(1)}iz{match.group(2)}"
    return word


def _word_terms(word: str) -> list[str]:
    """Terms for one alphanumeric run (already lower-case and folded)."""
    if word in STOPWORDS:
        return []
    if any(c.isdigit() for c in word):
        return [word]
    return [_stemmer.stemWord(word)]


def chunk_terms(chunk: str) -> list[str]:
    """Index terms for one chunk as cut by the tokenizer (case as written).

    >>> chunk_terms("ER/PR"), chunk_terms("CD8+"), chunk_terms("placebo-controlled")
    (['er/pr', 'er', 'pr'], ['cd8+', 'cd8'], ['placebo', 'control'])
    """
    lower = fold(chunk.lower())
    plus = lower.endswith("+")
    core = lower.rstrip("+")
    if not core:
        return []
    if _NUMBER.match(core):
        return [core]
    if "-" not in core and "/" not in core and "." not in core and "_" not in core:
        terms = _word_terms(core)
        return [lower, *terms] if plus and terms else terms
    parts = _PARTS.findall(core)
    terms = []
    # A named entity such as 5-FU, IL-6 or HER2-positive is kept whole as well as in parts;
    # ordinary hyphenated words (placebo-controlled) only in parts.
    if any(c.isdigit() or c.isupper() for c in chunk):
        terms.append(lower)
        if "-" in core and len(parts) == 2 and (parts[0].isdigit() != parts[1].isdigit()):
            terms.append("".join(parts) + ("+" if plus else ""))
    for part in parts:
        terms.extend(_word_terms(part))
    return terms


_cache: dict[str, list[str]] = {}
_CACHE_LIMIT = 500_000


def _cached_terms(chunk: str) -> list[str]:
    terms = _cache.get(chunk)
    if terms is None:
        terms = chunk_terms(chunk)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[chunk] = terms
    return terms


def _roman(chunk: str) -> str | None:
    low = chunk.lower()
    if low in _ROMAN:
        return _ROMAN[low]
    match = _ROMAN_SUFFIXED.match(low)
    return _ROMAN[match.group(1)] + match.group(2) if match else None


class _JoinedTerms(dict[str, str]):
    """chunk -> its terms joined by single spaces, computed on first use (the indexing fast path).

    A chunk without terms (a stop word) maps to ''. Whitespace inside a term (NFKD can
    decompose a letter into spaces) separates terms, as it does in the joined text.
    """

    def __missing__(self, chunk: str) -> str:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        joined = self[chunk] = " ".join(" ".join(chunk_terms(chunk)).split())
        return joined


_joined = _JoinedTerms()


def _case_variants(word: str) -> Iterator[str]:
    for letters in itertools.product(*((c, c.upper()) for c in word)):
        yield "".join(letters)


# Every chunk that _roman() reads as a numeral, in every ASCII spelling (no other character
# lower-cases to one of their letters). A text none of whose chunks is in this set has no
# "stage IV" pair, so analyze() gives exactly the cached terms of each chunk in turn.
_ROMAN_CHUNKS = frozenset(
    variant
    for numeral in _ROMAN
    for word in (numeral, *(numeral + suffix for suffix in "abc" if _ROMAN_SUFFIXED.match(numeral + suffix)))
    for variant in _case_variants(word)
)


# What a word holding a numeral chunk maps to: a character no term can hold (terms are cut
# from word characters and '-/.+'), so one search of the joined text finds such words.
_NUMERAL_MARK = "\x00"
_WORD_CACHE_LIMIT = 200_000


class _WordTerms(dict[str, str]):
    """word (as ``str.split`` cuts text) -> the joined terms of its chunks, computed on first use.

    No chunk spans whitespace, so a text's chunks are its words' chunks in turn, and looking
    whole words up here (text.split() is far cheaper than the chunk regex) gives the same
    terms. A word with a chunk that could be a roman numeral maps to ``_NUMERAL_MARK``: its
    terms depend on the word before ("stage IV"), so the text takes the chunk path instead.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        chunks = (_CHUNK_ASCII if word.isascii() else _CHUNK).findall(word)
        if _ROMAN_CHUNKS.isdisjoint(chunks):
            joined = " ".join(filter(None, map(_joined.__getitem__, chunks)))
        else:
            joined = _NUMERAL_MARK
        self[word] = joined
        return joined


_word_terms_cache = _WordTerms()


def index_text(text: str) -> str:
    """The terms of :func:`analyze` as one space-separated string, built fast for indexing.

    >>> index_text("HER2-positive tumours")
    'her2-positive her2 posit tumor'
    """
    joined = " ".join(filter(None, map(_word_terms_cache.__getitem__, text.split())))
    if _NUMERAL_MARK not in joined:
        return joined
    chunks = (_CHUNK_ASCII if text.isascii() else _CHUNK).findall(text)
    if _has_stage_numeral(chunks):
        return " ".join(analyze(text))
    return " ".join(filter(None, map(_joined.__getitem__, chunks)))


def _has_stage_numeral(chunks: list[str]) -> bool:
    """Whether a numeral chunk follows a stage word ("stage IV", "grade (iii)", "phase IIb"),
    as :func:`analyze` reads them; only then does it differ from the chunks' cached terms."""
    return any(
        chunk in _ROMAN_CHUNKS and i and chunks[i - 1].lower() in _STAGE_WORDS
        for i, chunk in enumerate(chunks)
    )


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order.

    >>> analyze("Phase III trial; grade II toxicity; IV fluids")
    ['phase', '3', 'trial', 'grade', '2', 'toxic', 'iv', 'fluid']
    """
    terms: list[str] = []
    previous = ""
    for chunk in _CHUNK.findall(text):
        if previous in _STAGE_WORDS:
            numeral = _roman(chunk)
            if numeral is not None:
                terms.append(numeral)
                previous = ""
                continue
        terms.extend(_cached_terms(chunk))
        previous = chunk.lower()
    return terms


def tokens(text: str) -> Iterator[Token]:
    """Every index term with the character range of the chunk it came from (for highlighting).

    >>> [(t.term, t.start, t.end) for t in tokens("IL-6 rose")]
    [('il-6', 0, 4), ('il6', 0, 4), ('il', 0, 4), ('6', 0, 4), ('rose', 5, 9)]
    """
    previous = ""
    for match in _CHUNK.finditer(text):
        chunk = match.group()
        if previous in _STAGE_WORDS:
            numeral = _roman(chunk)
            if numeral is not None:
                yield Token(numeral, match.start(), match.end())
                previous = ""
                continue
        for term in _cached_terms(chunk):
            yield Token(term, match.start(), match.end())
        previous = chunk.lower()


def strip_question(text: str) -> str:
    """Drop leading question wording: 'Does X reduce Y?' -> 'X reduce Y?'.

    >>> strip_question("Is there evidence that statins prevent dementia?")
    'statins prevent dementia?'
    """
    previous = None
    while previous != text:
        previous = text
        text = _QUESTION_LEAD.sub("", text, count=1)
    return text


def analyze_query(text: str) -> list[str]:
    """The distinct terms of a question, question wording removed, in order of first use.

    >>> analyze_query("Does tamoxifen reduce recurrence in ER-positive breast cancer?")
    ['tamoxifen', 'reduc', 'recurr', 'er-positive', 'er', 'posit', 'breast', 'cancer']
    """
    seen: dict[str, None] = {}
    question_stems = _QUESTION_STEMS
    for term in analyze(strip_question(text)):
        if term not in question_stems:
            seen.setdefault(term, None)
    if not seen:  # a question made only of question words: keep what there is
        for term in analyze(text):
            seen.setdefault(term, None)
    return list(seen)


_QUESTION_STEMS = frozenset(t for w in QUESTION_WORDS for t in _word_terms(w))
