"""Faster regular expressions for the extractors, with the same matches.

Python's case-insensitive matching is 2-4x slower than case-sensitive matching, and a pattern
tried at every position of an abstract costs far more than one tried only where it can match.
So the extractors (design, effects, sample size, PICO, bias) run their patterns through these:

- :func:`fold_case` lower-cases a text without changing its length (offsets still line up) and
  :func:`folded_twin` makes a case-sensitive copy of a case-insensitive pattern to run on it;
- :func:`trigger_literals` works out words every match must contain, so a pattern is tried
  only on sentences holding one of them; :func:`trie_regex` compiles a word list into one
  alternation that shares prefixes;
- :class:`FastPattern` puts these together and returns :class:`TextMatch` objects that read
  the matched text from the original.

tests/test_design_prefilter.py and tests/test_analyze_fast_paths.py check each fast path
against the slow form it replaces.

>>> pattern = re.compile(r"randomi[sz]ed", re.IGNORECASE)
>>> text = "A Randomised trial."
>>> twin = folded_twin(pattern)
>>> twin.search(fold_case(text)).span() == pattern.search(text).span()
True
>>> trigger_literals(pattern)
('randomi',)
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["FastPattern", "TextMatch", "fold_case", "folded_twin", "trie_regex", "trigger_literals"]


#: Non-ASCII characters that IGNORECASE matching equates with an ASCII letter ("ſ" with "s", the
#: Kelvin sign with "k"). Mapped before lower-casing, so that folded text holds an ASCII letter
#: wherever a case-insensitive pattern could match one; "İ" would also lower-case to two characters.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold_case(text: str) -> str:
    """Lower-case ``text`` for fast case-sensitive matching; same length, one character for one.

    >>> fold_case("Randomiſed KİT")
    'randomised kit'
    """
    if text.isascii() or _NEEDS_FOLD.search(text) is None:
        return text.lower()  # most abstracts need only lower()
    # str.replace per character present, not str.translate: translate looks up every character of
    # a non-ASCII text in a dict (about 40 us an abstract, issue #4); the result is the same.
    for char, ascii_letter in _ASCII_FOLD.items():
        if chr(char) in text:
            text = text.replace(chr(char), ascii_letter)
    return text.lower()


_NEEDS_FOLD = re.compile("[\u0130\u0131\u017f\u212a]")


def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-sensitive, lower-cased copy of an IGNORECASE ``pattern``, to run on folded text.

    On :func:`fold_case` text it finds what ``pattern`` finds on the original, in the same places:
    under IGNORECASE a letter and its lower case are the same, and folding maps every character
    that matches an ASCII letter to that letter. sre's IGNORECASE matching is several times
    slower. None when a pattern does not qualify (non-ASCII letters, inline flags, group names,
    back-references, code escapes, mixed-case ranges).

    >>> folded_twin(re.compile(r"\\bPatients?\\b", re.I)).findall(fold_case("Patients and a patient"))
    ['patients', 'patient']
    """
    source = pattern.pattern
    # Under re.ASCII, IGNORECASE leaves "ſ" and the Kelvin sign alone, which folding does not.
    if not pattern.flags & re.IGNORECASE or pattern.flags & re.ASCII or _UNSAFE_TO_LOWER.search(source):
        return None
    if not all(c.isascii() or c.lower() == c.upper() == c for c in source):
        return None
    # Lower-case every character but escapes (\b, \B, \W keep their meaning) and "(?P<name>".
    lowered = re.sub(r"\\.|\(\?P|.", lambda m: m[0] if len(m[0]) > 1 else m[0].lower(), source, flags=re.S)
    return re.compile(lowered, pattern.flags & ~re.IGNORECASE)


#: What lower-casing a pattern's source would change: inline flags, back-references, group names
#: with capitals, code escapes (\x41 is "A") and ranges across cases ("[A-z]").
_UNSAFE_TO_LOWER = re.compile(r"\(\?(?!P<|[:=!<])|\(\?P<[^>]*[A-Z]|\\[0-9xuUN]|[A-Z]-[a-z]|[a-z]-[A-Z]")


def _regex_parser() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - CPython 3.11-3.13 have it; without it, no prefilter
        return None


_PARSER = _regex_parser()


def _literal_options(items: Any) -> list[frozenset[str]]:
    """Sets of literals a match of the parsed sequence ``items`` must contain one of."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        kind = str(op)
        if kind == "LITERAL" and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        inner: Any = None
        if kind == "SUBPATTERN":
            inner = av[-1]
        elif kind == "ATOMIC_GROUP":
            inner = av
        elif kind in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"} and av[0] >= 1:
            inner = av[2]
        if inner is not None:
            best = _best(_literal_options(inner.data))
            if best is not None:
                options.append(best)
        elif kind == "BRANCH":
            union: set[str] = set()
            for branch in av[1]:
                best = _best(_literal_options(branch.data))
                if best is None:
                    break
                union |= best
            else:
                options.append(frozenset(union))
        # Anything else (classes, anchors, lookarounds, non-ASCII literals) requires no literal.
    if run:
        options.append(frozenset({"".join(run)}))
    return options


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    # The most selective requirement: longest shortest literal, then fewest alternatives.
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def trigger_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case literals one of which every match of ``pattern`` contains; None if unknown.

    A sentence whose :func:`fold_case` holds none of them cannot match, so the (much slower)
    pattern need not run on it. Derived from the pattern itself, so the two never drift apart.

    >>> trigger_literals(re.compile(r"meta[- ]?analy(?:s[ie]s|tic)", re.I))
    ('analy',)
    >>> trigger_literals(re.compile(r"placebo|Sham"))
    ('placebo', 'sham')
    """
    if _PARSER is None:
        return None
    best = _best(_literal_options(_PARSER.parse(pattern.pattern, pattern.flags).data))
    if best is None:
        return None
    # A literal that holds another is redundant: the shorter one is found wherever it is.
    return tuple(sorted(lit for lit in best if not any(o != lit and o in lit for o in best)))


def trie_regex(words: Iterable[str]) -> str:
    """One regex for many literals, their shared prefixes factored out (sre tries alternatives
    one by one, so a flat alternation of hundreds of words is slow). Longer words win.

    >>> trie_regex(["random", "ratio", "trial", "rat"])
    '(?:ra(?:ndom|t(?:io|))|trial)'
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        alternatives = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            alternatives.append("")
        if len(alternatives) <= 1:
            return "".join(alternatives)
        return "(?:" + "|".join(alternatives) + ")"

    return emit(root)


class TextMatch:
    """A match made on folded text, whose groups are read from the original (same offsets)."""

    __slots__ = ("_match", "_text")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._match = match
        self._text = text

    def start(self, group: int | str = 0) -> int:
        return self._match.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._match.end(group)

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._match.span(group)

    def group(self, group: int | str = 0) -> str | Any:
        start, end = self._match.span(group)
        return None if start < 0 else self._text[start:end]

    @property
    def lastgroup(self) -> str | None:
        return self._match.lastgroup

    def groupdict(self) -> dict[str, str | Any]:
        return {name: self.group(name) for name in self._match.re.groupindex}


class FastPattern:
    """A case-insensitive pattern with its fast paths, for scanning a text and its fold.

    ``finditer(text, folded)`` yields what ``pattern.finditer(text)`` yields, in the same places,
    but skips texts without any of the pattern's :func:`trigger_literals` and runs the
    :func:`folded_twin` when there is one (its matches read their groups from ``text``).

    >>> fast = FastPattern(re.compile(r"\\bprimary (?P<o>outcome)", re.I))
    >>> text = "The Primary outcome was pain."
    >>> [(m.start("o"), m.end("o")) for m in fast.finditer(text, fold_case(text))]
    [(12, 19)]
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.twin = folded_twin(pattern)
        self.triggers = trigger_literals(pattern)

    def possible(self, folded: str) -> bool:
        """False when ``folded`` holds none of the trigger literals (so nothing can match)."""
        # map() over the bound ``in`` test: no generator frame per literal (hot, issue #4).
        return self.triggers is None or any(map(folded.__contains__, self.triggers))

    def finditer(self, text: str, folded: str) -> Iterator[TextMatch]:
        if not self.possible(folded):
            return
        if self.twin is not None:
            for match in self.twin.finditer(folded):
                yield TextMatch(match, text)
        else:
            for match in self.pattern.finditer(text):
                yield TextMatch(match, text)

    def search(self, text: str, folded: str, pos: int = 0, endpos: int | None = None) -> TextMatch | None:
        """``pattern.search(text, pos, endpos)``, on the fold when there is a twin.

        A search of the whole text first checks the trigger literals (cheaper than a scan); a
        search of a short window does not, as the check would read the whole text.
        """
        if pos == 0 and endpos is None and not self.possible(folded):
            return None
        stop = len(text) if endpos is None else endpos
        if self.twin is not None:
            found = self.twin.search(folded, pos, stop)
        else:
            found = self.pattern.search(text, pos, stop)
        return None if found is None else TextMatch(found, text)
