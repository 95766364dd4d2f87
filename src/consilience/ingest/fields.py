"""Fields the citation-export readers share (MEDLINE .nbib, RIS, BibTeX, CSV, PubMedQA, SciFact).

Exports flatten what PubMed XML keeps apart, so each reader needs the same few repairs:
a structured abstract written as one string ("BACKGROUND: ... METHODS: ...") split back
into labelled sections, author names in either order, free-text dates, and a stable id
for a record that has none.

>>> [(s.label, s.text) for s in parse_abstract("AIMS: To test. RESULTS: It worked.")]
[('AIMS', 'To test.'), ('RESULTS', 'It worked.')]
>>> author_from_name("Doe, Jane Ann").initials
'JA'
>>> parse_date("2021 Mar 4").iso()
'2021-03-04'
"""

from __future__ import annotations

import hashlib
import re

from consilience.ingest.pubmed_xml import parse_medline_date, parse_month
from consilience.model import Author, PubDate, Section

__all__ = ["author_from_name", "fallback_id", "initials_of", "parse_abstract", "parse_date", "tidy"]

# An inline label: ALL-CAPS words then a colon, at the start or after a sentence end.
_INLINE_LABEL = re.compile(r"(?:^|(?<=[.!?)\]]\s))([A-Z][A-Z0-9]*(?:(?:[ ,/&-]|, )+[A-Z][A-Z0-9]*)*):\s+")
# A label at the start of a line: any short capitalised phrase then a colon.
_LINE_LABEL = re.compile(r"([A-Z][A-Za-z0-9 ,&/()'-]{0,58}[A-Za-z)]):[ \t]+(?=\S)")
#: Words that section labels are made of. Some exports drop the label's colon ("RESULTS The
#: rate fell", SciFact; text exported from it): only a run of these words opens a section then.
LABEL_WORDS = frozenset(
    [
        "BACKGROUND",
        "BACKGROUNDS",
        "RESULTS",
        "RESULT",
        "CONCLUSIONS",
        "CONCLUSION",
        "METHODS",
        "METHOD",
        "OBJECTIVE",
        "OBJECTIVES",
        "DESIGN",
        "MAIN",
        "OUTCOME",
        "OUTCOMES",
        "MEASURES",
        "MEASURE",
        "MEASUREMENTS",
        "CONTEXT",
        "SETTING",
        "SETTINGS",
        "PURPOSE",
        "PARTICIPANTS",
        "FINDINGS",
        "INTERPRETATION",
        "FUNDING",
        "INTRODUCTION",
        "AIMS",
        "AIM",
        "TRIAL",
        "REGISTRATION",
        "PATIENTS",
        "DATA",
        "SOURCES",
        "SUBJECTS",
        "INTERVENTIONS",
        "INTERVENTION",
        "IMPORTANCE",
        "RELEVANCE",
        "MATERIALS",
        "RATIONALE",
        "STUDY",
        "SELECTION",
        "EXTRACTION",
        "EXPERIMENTAL",
        "REVIEW",
        "RECENT",
        "EXPOSURES",
        "EXPOSURE",
        "SUMMARY",
        "MOTIVATION",
        "SYNTHESIS",
        "METHODOLOGY",
        "PRINCIPAL",
        "COLLECTION",
        "ANALYSIS",
        "ANALYSES",
        "UNLABELLED",
        "DISCUSSION",
        "CRITERIA",
        "SIGNIFICANCE",
        "SEARCH",
        "STRATEGY",
        "RESEARCH",
        "AVAILABILITY",
        "IMPLICATIONS",
        "HYPOTHESIS",
        "LIMITATIONS",
        "QUESTION",
        "EVIDENCE",
        "POPULATION",
        "SAMPLE",
        "KEY",
        "PRIMARY",
        "SECONDARY",
    ]
)
#: A colonless label must end in one of these head words: "PRIMARY", "KEY" or "STUDY" alone
#: start ordinary sentences in capitals more often than they end a heading.
_NOT_LABEL_ENDS = frozenset(
    {
        "MAIN",
        "KEY",
        "PRIMARY",
        "SECONDARY",
        "STUDY",
        "TRIAL",
        "DATA",
        "RECENT",
        "EXPERIMENTAL",
        "RESEARCH",
        "PRINCIPAL",
        "SAMPLE",
        "POPULATION",
        "EVIDENCE",
        "QUESTION",
        "REVIEW",
    }
)
_LABEL_TOKEN = re.compile(r"\s*([A-Z]+\b|[,/&])")
_CONNECTORS = frozenset({"AND", "OF", ",", "/", "&"})
# Where a colonless label may start inside a paragraph: after a sentence end and a space.
_AFTER_SENTENCE = re.compile(r"(?<=[.!?)\]])\s+(?=[A-Z]{3})")


def leading_label(sentence: str) -> tuple[str, str]:
    """('METHODS AND RESULTS', rest) when a sentence opens with a label, else ('', sentence).

    The label is a run of :data:`LABEL_WORDS` (joined by "AND", "OF", commas or slashes),
    with or without a colon after it.

    >>> leading_label("PATIENTS AND METHODS We enrolled 40 adults.")
    ('PATIENTS AND METHODS', 'We enrolled 40 adults.')
    >>> leading_label("HER2 status was known.")
    ('', 'HER2 status was known.')
    """
    pos = end = 0
    while match := _LABEL_TOKEN.match(sentence, pos):
        word = match.group(1)
        if word in LABEL_WORDS:
            end = match.end()
        elif word not in _CONNECTORS:
            break
        pos = match.end()
    rest = sentence[end:].removeprefix(":")
    if end == 0 or (rest and not rest[0].isspace()):
        return "", sentence
    return sentence[:end].strip(), rest.strip()


def _bare_label(text: str, start: int) -> tuple[str, int] | None:
    """A colonless label at ``start`` that opens a sentence: (label, where its text starts)."""
    label, rest = leading_label(text[start : start + 80])
    if not label or label.split()[-1] in _NOT_LABEL_ENDS or text[start + len(label)] == ":":
        return None
    # The heading is followed by the section's first sentence: a capital, digit or bracket.
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "(["):
        return None
    after = start + len(label)
    return label, after + (len(text[after:]) - len(text[after:].lstrip()))


_INITIALS_ONLY = re.compile(r"^(?:[A-Z][.\s-]*){1,4}$")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "del",
    "della",
    "di",
    "du",
    "la",
    "le",
    "dos",
    "ten",
    "ter",
}


def tidy(text: str) -> str:
    """Collapse runs of whitespace to single spaces and trim the ends."""
    return " ".join(text.split())


def _inline_labels(text: str) -> list[tuple[int, str, int]]:
    """(where the label starts, the label, where its section's text starts), in text order."""
    found = {m.start(): (m.group(1), m.end()) for m in _INLINE_LABEL.finditer(text) if len(m.group(1)) >= 3}
    starts = [0] if text[:3].isupper() else []
    for start in [*starts, *(m.end() for m in _AFTER_SENTENCE.finditer(text))]:
        bare = _bare_label(text, start)
        if bare is not None and start not in found:
            found[start] = bare
    return [(start, label, after) for start, (label, after) in sorted(found.items())]


def _split_inline(text: str) -> list[Section]:
    labels = _inline_labels(text)
    if not labels:
        return [Section(text=text)] if text else []
    sections = []
    if labels[0][0] > 0:
        sections.append(Section(text=text[: labels[0][0]].strip()))
    for (_, label, after), following in zip(labels, [*labels[1:], None], strict=True):
        end = following[0] if following is not None else len(text)
        sections.append(Section(label=label, text=text[after:end].strip()))
    return [s for s in sections if s.text or s.label]


def parse_abstract(text: str, *, lines: bool = True) -> list[Section]:
    """Split an abstract into labelled sections.

    With ``lines`` (the default), a line starting "Label: " opens a section and other
    lines continue the one before. Each section (or, when no line has a label, the
    text as one paragraph) is then split at inline ALL-CAPS labels after a sentence
    end ("BACKGROUND: ... METHODS: ...").

    >>> [(s.label, s.text) for s in parse_abstract("Aims: x\\nResults: y\\nmore")]
    [('Aims', 'x'), ('Results', 'y more')]
    >>> [(s.label, s.text) for s in parse_abstract("OBJECTIVE: x. METHODS: y (95% CI: 1-2).")]
    [('OBJECTIVE', 'x.'), ('METHODS', 'y (95% CI: 1-2).')]
    """
    if lines:
        sections: list[Section] = []
        labelled = False
        for raw in text.splitlines():
            line = tidy(raw)
            if not line:
                continue
            match = _LINE_LABEL.match(line)
            bare = None if match else _bare_label(line, 0)
            if match or bare:
                labelled = True
                label, after = (match.group(1), match.end()) if match else bare  # type: ignore[misc]
                sections.append(Section(label=label, text=line[after:]))
            elif sections:
                previous = sections[-1]
                sections[-1] = Section(label=previous.label, text=f"{previous.text} {line}")
            else:
                sections.append(Section(text=line))
        if labelled:
            expanded: list[Section] = []
            for section in sections:
                pieces = _split_inline(section.text)
                if pieces and not pieces[0].label:
                    pieces[0] = Section(label=section.label, text=pieces[0].text)
                expanded.extend(pieces or [section])
            return expanded
    return _split_inline(tidy(text))


def initials_of(fore_name: str) -> str:
    """PubMed-style initials: 'Jean-Pierre' -> 'JP', 'Mary Ann' -> 'MA'."""
    return "".join(part[0].upper() for part in re.split(r"[\s.-]+", fore_name) if part and part[0].isalpha())


def author_from_name(name: str, *, comma_means_person: bool = False) -> Author:
    """An author from 'Last, First', 'Last, FM' or 'First von Last'.

    With ``comma_means_person`` a name without a comma is a group author (RIS and CSV
    write people as 'Last, First' and groups as plain names).

    >>> author_from_name("van der Berg, Jean-Pierre").model_dump(exclude={"affiliations"})
    {'last_name': 'van der Berg', 'fore_name': 'Jean-Pierre', 'initials': 'JP', 'collective': ''}
    >>> author_from_name("Ann B. Smith").initials
    'AB'
    """
    name = tidy(name)
    if "," in name:
        last, _, fore = (tidy(p) for p in name.partition(","))
        if "," in fore:  # 'Last, Jr, First'
            fore = tidy(fore.rpartition(",")[2])
        if _INITIALS_ONLY.match(fore):
            return Author(last_name=last, initials=re.sub(r"[^A-Z]", "", fore))
        return Author(last_name=last, fore_name=fore, initials=initials_of(fore))
    if comma_means_person:
        return Author(collective=name)
    words = name.split(" ")
    if len(words) == 1:
        return Author(last_name=name)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    fore = " ".join(words[:start])
    return Author(last_name=" ".join(words[start:]), fore_name=fore, initials=initials_of(fore))


def parse_date(text: str) -> PubDate:
    """A date as citation files write it: '2020', '2020/03/15/', '2020-03', '2020 Mar 15'.

    >>> parse_date("2020/03//").model_dump(exclude={"text"})
    {'year': 2020, 'month': 3, 'day': None}
    """
    text = text.strip()
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?(?:/.*)?", text)
    if match:
        month = int(match.group(2)) if match.group(2) and 1 <= int(match.group(2)) <= 12 else None
        day = int(match.group(3)) if month and match.group(3) and 1 <= int(match.group(3)) <= 31 else None
        return PubDate(year=int(match.group(1)), month=month, day=day)
    match = re.fullmatch(r"(\d{4})(?:\s+([A-Za-z]{3,9})\.?(?:\s+(\d{1,2}))?)?", text)
    if match:
        month = parse_month(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if month and match.group(3) and 1 <= int(match.group(3)) <= 31 else None
        return PubDate(year=int(match.group(1)), month=month, day=day)
    if re.match(r"\s*\d{4}", text):
        return parse_medline_date(text)
    return PubDate(text=text)


def fallback_id(title: str, year: int | None) -> str:
    """A stable id for a record with no identifier: a hash of its title and year."""
    key = f"{tidy(title).lower()}|{year or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
