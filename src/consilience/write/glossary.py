"""The plain-language glossary: oncology, trial and statistics terms with short definitions.

The definitions are Consilience's own words, kept in ``consilience/data/glossary.json``
(term, aliases, definition, category). Lookups are case-insensitive, except for short
all-capital abbreviations ("OR", "HR", "CI"), which must match their case so that the
word "or" is not read as an odds ratio.

>>> g = load_glossary()
>>> g.lookup("hazard ratios").term
'hazard ratio'
>>> [t.term for t in g.find_terms("The hazard ratio (HR) favoured surgery in this RCT.")]
['hazard ratio', 'surgery', 'randomized controlled trial']
>>> g.lookup("or") is None
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from consilience.model import GlossaryTerm

__all__ = ["Glossary", "GlossaryEntry", "load_glossary"]

# Everyday words that are glossary terms in a narrow sense; they are defined when asked
# for by name but not flagged every time they appear in prose.
_NOT_FLAGGED = frozenset(
    [
        "mean",
        "range",
        "rate",
        "risk",
        "odds",
        "stage",
        "grade",
        "arm",
        "oral",
        "power",
        "trial",
        "review",
        "evidence",
        "safety",
        "outcome",
        "ratio",
        "percentage",
        "proportion",
        "adjusted",
        "matched",
        "baseline",
        "protocol",
        "dose",
        "symptom",
        "diagnosis",
        "cancer",
        "survival",
        "significant",
        "significantly",
        "association",
        "associated",
        "randomized",
        "randomised",
        "participant",
        "participants",
        "subjects",
        "enrolled",
        "recruited",
        "cohort",
        "observational",
        "prospective",
        "retrospective",
        "radiation",
        "acute",
        "chronic",
        "average",
        "imaging",
        "follow-up",
        "guideline",
        "guidelines",
        "subgroup",
        "subgroups",
    ]
) | {"follow up", "followed up"}


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary term: its name, other spellings, plain definition and category."""

    term: str
    definition: str
    category: str
    aliases: tuple[str, ...] = ()

    def as_term(self) -> GlossaryTerm:
        return GlossaryTerm(term=self.term, definition=self.definition, category=self.category)


def _is_abbreviation(name: str) -> bool:
    return len(name) <= 5 and name.upper() == name and any(c.isalpha() for c in name)


@dataclass
class Glossary:
    """Term lookups over the bundled glossary."""

    entries: list[GlossaryEntry]
    _by_name: dict[str, GlossaryEntry] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _abbrev: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        flagged: list[str] = []
        abbreviations: list[str] = []
        for entry in self.entries:
            for name in (entry.term, *entry.aliases):
                # Abbreviations are keyed as written ('OR'), everything else in lower case.
                key = name if _is_abbreviation(name) else name.lower()
                self._by_name.setdefault(key, entry)
                if name.lower() in _NOT_FLAGGED:
                    continue
                (abbreviations if _is_abbreviation(name) else flagged).append(name)
        # Longest names first, so 'overall survival' wins over 'survival'.
        flagged.sort(key=len, reverse=True)
        abbreviations.sort(key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in flagged) + r")(?![\w-])", re.IGNORECASE
        )
        self._abbrev = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in abbreviations) + r")(?![\w-])"
        )

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> GlossaryEntry | None:
        """The entry for a term or alias, or None."""
        name = name.strip()
        return self._by_name.get(name) if _is_abbreviation(name) else self._by_name.get(name.lower())

    def define(self, name: str) -> str | None:
        """The plain definition of a term, or None."""
        entry = self.lookup(name)
        return entry.definition if entry else None

    def find_terms(self, text: str) -> list[GlossaryEntry]:
        """Entries whose term or alias appears in ``text``, in order of first appearance."""
        assert self._pattern is not None and self._abbrev is not None
        hits: list[tuple[int, GlossaryEntry]] = []
        for pattern, fold in ((self._pattern, True), (self._abbrev, False)):
            for match in pattern.finditer(text):
                name = match.group(1)
                entry = self._by_name.get(name.lower()) if fold else self._by_name.get(name)
                if entry is not None:
                    hits.append((match.start(), entry))
        seen: set[str] = set()
        ordered: list[GlossaryEntry] = []
        for _, entry in sorted(hits, key=lambda h: h[0]):
            if entry.term not in seen:
                seen.add(entry.term)
                ordered.append(entry)
        return ordered


@cache
def load_glossary() -> Glossary:
    """The bundled glossary (read once)."""
    raw = resources.files("consilience").joinpath("data/glossary.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    entries = [
        GlossaryEntry(
            term=row["term"],
            definition=row["definition"],
            category=row["category"],
            aliases=tuple(row.get("aliases", [])),
        )
        for row in data["terms"]
    ]
    return Glossary(entries)
