r"""BibTeX as Zotero, EndNote and JabRef write it: a reader and a writer.

The parser is hand-written (about 150 lines) rather than bibtexparser: we need every
broken entry reported with its position and reason while the entries around it
survive, and the LaTeX decoding below. The file is cut into chunks at lines that
start with ``@``; each chunk is one entry, so an entry with unbalanced braces is
rejected on its own. ``@string`` macros, month macros, ``#`` concatenation, quoted
and braced values with nested braces are understood; ``@comment`` and ``@preamble``
are skipped. LaTeX accents (``{\"o}``, ``\'{e}``, ``{\ss}``), escaped specials and
Greek letters in math mode are decoded to Unicode.

Authors are split at ``and``; "Last, First" and "First von Last" are both read and a
name wrapped in its own braces is a group author. The library id is the entry key
when the paper has no PMID, DOI or PMCID. The writer escapes LaTeX specials so that
reading the file back gives the same values.

>>> import io, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.bib"
>>> _ = path.write_text(r'@article{k1, title = {Caf{\'e} in {M}{\"u}nchen}, '
...     r'author = {M{\"u}ller, J{\"o}rg and {The Study Group}}, year = 2020, month = mar}')
>>> paper = next(read_bibtex(path)).paper
>>> paper.id, paper.title, [a.display for a in paper.authors], paper.pub_date.iso()
('bibtex:k1', 'Café in München', ['Müller J', 'The Study Group'], '2020-03')
>>> out = io.StringIO(); write_bibtex([paper], out)
1
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from consilience.ingest.fields import author_from_name, parse_abstract, parse_date, tidy
from consilience.ingest.pubmed_xml import parse_month
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_text
from consilience.model import Author, Journal, Paper, PaperIds, PubDate, Source, canonical_id, normalize_doi

__all__ = ["latex_to_text", "read_bibtex", "text_to_latex", "write_bibtex"]

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textendash": "–",
    "textemdash": "—",
    "textdegree": "°",
    "pm": "±",
    "times": "×",
    "le": "≤",
    "ge": "≥",
    "leq": "≤",
    "geq": "≥",
    "textless": "<",
    "textgreater": ">",
}
_ESCAPED = set("&%$#_{}@ ")
_MONTH_MACROS = {
    m: str(i)
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_SOURCE_KEY = re.compile(r"^([a-z][a-z0-9_-]*):(\S+)$")


class BibError(ValueError):
    """A problem with one entry; the message names it."""


# -- LaTeX <-> Unicode ---------------------------------------------------------------


def _group(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at ``start`` and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
    return text[start + 1 :], len(text)


def latex_to_text(text: str) -> str:
    r"""Decode the LaTeX found in bibliographies to plain Unicode.

    >>> latex_to_text(r"G{\"o}del, \'{E}cole, {\ss}, 50\% \& $\beta$-blockers, \textit{in vivo}")
    'Gödel, École, ß, 50% & β-blockers, in vivo'
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "\\":
            if char not in "{}$":
                out.append(" " if char == "~" else char)
            i += 1
            continue
        i += 1
        if i >= len(text):
            break
        char = text[i]
        if char in _ESCAPED:
            out.append(char)
            i += 1
            continue
        if char == "\\":
            out.append(" ")
            i += 1
            continue
        if char.isalpha():
            match = re.match(r"[A-Za-z]+", text[i:])
            assert match is not None
            name = match.group(0)
            i += len(name)
            if name in _ACCENTS or not (name in _SYMBOLS or _greek(name)):
                while i < len(text) and text[i] == " ":
                    i += 1
        else:
            name = char
            i += 1
        if name in _ACCENTS:
            if i < len(text) and text[i] == "{":
                argument, i = _group(text, i)
                argument = latex_to_text(argument)
            elif i < len(text):
                argument, i = (
                    (_SYMBOLS.get(text[i + 1 : i + 2], "") if text[i] == "\\" else text[i]),
                    i + (2 if text[i] == "\\" else 1),
                )
            else:
                argument = ""
            base, rest = (argument[:1], argument[1:]) if argument else (" ", "")
            base = {"ı": "i", "ȷ": "j"}.get(base, base)  # accents go on a dotless i
            out.append(unicodedata.normalize("NFC", base + _ACCENTS[name]) + rest)
        elif name in _SYMBOLS or _greek(name):
            out.append(_SYMBOLS.get(name) or _greek(name))
            if text.startswith("{}", i):
                i += 2
        elif i < len(text) and text[i] == "{":  # \textit{...} and friends: keep the argument
            argument, i = _group(text, i)
            out.append(latex_to_text(argument))
    return "".join(out)


def _greek(name: str) -> str:
    try:
        letter = unicodedata.lookup(
            ("GREEK CAPITAL LETTER " if name[0].isupper() else "GREEK SMALL LETTER ") + name
        )
    except KeyError:
        return ""
    return letter if name.lower() != "i" else ""


def text_to_latex(text: str) -> str:
    r"""Escape text for a braced BibTeX value; :func:`latex_to_text` reverses it.

    >>> text_to_latex("50% {x} a\\b ~")
    '50\\% \\{x\\} a\\textbackslash{}b \\textasciitilde{}'
    """
    out = []
    for char in text:
        if char == "\\":
            out.append("\\textbackslash{}")
        elif char == "~":
            out.append("\\textasciitilde{}")
        elif char == "^":
            out.append("\\textasciicircum{}")
        elif char in "&%$#_{}@":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


# -- parsing -------------------------------------------------------------------------


def _chunks(handle: IO[str]) -> Iterator[tuple[str, bool]]:
    """Text of each entry (starting at a line that opens with '@'), and whether it is one."""
    lines: list[str] = []
    for line in handle:
        if _ENTRY_START.match(line) and lines:
            yield "".join(lines), bool(_ENTRY_START.match(lines[0]))
            lines = []
        lines.append(line)
    if lines:
        yield "".join(lines), bool(_ENTRY_START.match(lines[0]))


class _Entry:
    """A parser over one entry's text."""

    def __init__(self, text: str, macros: dict[str, str]) -> None:
        self.text, self.pos, self.macros = text, 0, macros

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def name(self) -> str:
        self.skip()
        match = re.compile(r"[^\s,={}()\"#]+").match(self.text, self.pos)
        if not match:
            return ""
        self.pos = match.end()
        return match.group(0)

    def value(self, key: str, field: str) -> str:
        parts = []
        while True:
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            if char == "{":
                depth, start = 0, self.pos
                while self.pos < len(self.text):
                    c = self.text[self.pos]
                    if c == "\\":
                        self.pos += 2
                        continue
                    depth += (c == "{") - (c == "}")
                    self.pos += 1
                    if depth == 0:
                        break
                if depth:
                    raise BibError(f"BibTeX entry {key!r}: unbalanced braces in field {field!r}")
                parts.append(self.text[start + 1 : self.pos - 1])
            elif char == '"':
                match = re.compile(r'"((?:[^"{}\\]|\\.|\{(?:[^{}]|\{[^{}]*\})*\})*)"', re.S).match(
                    self.text, self.pos
                )
                if not match:
                    raise BibError(f"BibTeX entry {key!r}: unterminated quoted value in field {field!r}")
                parts.append(match.group(1))
                self.pos = match.end()
            else:
                word = self.name()
                if not word:
                    raise BibError(f"BibTeX entry {key!r}: field {field!r} has no value")
                parts.append(word if word.isdigit() else self.macros.get(word.lower(), word))
            self.skip()
            if self.text.startswith("#", self.pos):
                self.pos += 1
                continue
            return "".join(parts)

    def fields(self, key: str) -> dict[str, str]:
        fields: dict[str, str] = {}
        while True:
            self.skip()
            if self.pos >= len(self.text):
                raise BibError(f"BibTeX entry {key!r}: unbalanced braces (no closing brace)")
            if self.text[self.pos] in "})":
                return fields
            if self.text[self.pos] == ",":
                self.pos += 1
                continue
            field = self.name().lower()
            self.skip()
            if not field or not self.text.startswith("=", self.pos):
                raise BibError(
                    f"BibTeX entry {key!r}: expected 'field = value' near {self.text[self.pos : self.pos + 20]!r}"
                )
            self.pos += 1
            fields[field] = self.value(key, field)


def _split_authors(value: str) -> list[Author]:
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value, flags=re.IGNORECASE):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    authors = []
    for raw in (n.strip() for n in names):
        if not raw:
            continue
        inner, end = _group(raw, 0) if raw.startswith("{") else ("", 0)
        if raw.startswith("{") and end == len(raw) and "," not in inner and "\\" not in inner[:1]:
            authors.append(Author(collective=tidy(latex_to_text(inner))))
        else:
            authors.append(author_from_name(latex_to_text(raw)))
    return authors


def _paper(kind: str, key: str, raw: dict[str, str], file: str, position: int) -> Paper:
    text = {name: tidy(latex_to_text(value)) for name, value in raw.items()}
    ids = PaperIds()
    if text.get("doi"):
        ids.doi = normalize_doi(text["doi"])
    pmid = text.get("pmid") or (text.get("eprint") if text.get("eprinttype", "").lower() == "pubmed" else "")
    note = re.search(r"\bPMID:?\s*(\d{1,9})\b", text.get("note", "") + " " + text.get("annote", ""))
    if pmid and pmid.isdigit():
        ids.pmid = pmid
    elif note:
        ids.pmid = note.group(1)
    pmcid = re.search(r"\bPMC\d+\b", text.get("pmcid", "") + " " + text.get("note", ""))
    ids.pmcid = pmcid.group(0) if pmcid else None
    if not (ids.pmid or ids.doi or ids.pmcid):
        source = _SOURCE_KEY.match(key)
        if source and source.group(1) not in {"pmid", "doi", "pmc"}:
            ids.other[source.group(1)] = source.group(2)
        else:
            ids.other["bibtex"] = key
    if not text.get("title") and not ids.pmid and not ids.doi:
        raise BibError(f"BibTeX entry {key!r} has no title, doi or pmid")
    date = parse_date(text["date"]) if text.get("date") else PubDate()
    if date.year is None and re.fullmatch(r"\d{4}", text.get("year", "")):
        month = parse_month(text.get("month", "")) if text.get("month") else None
        day_text = text.get("day", "")
        day = int(day_text) if month and day_text.isdigit() and 1 <= int(day_text) <= 31 else None
        date = PubDate(year=int(text["year"]), month=month, day=day)
    elif date.year is None:
        date = PubDate()
    keywords = text.get("keywords", "")
    separator = ";" if ";" in keywords else ","
    abstract = latex_to_text(raw.get("abstract", "").replace("\\\\", "\n"))
    return Paper(
        id=canonical_id(ids) or f"bibtex:{key}",
        ids=ids,
        title=text.get("title", ""),
        sections=parse_abstract(abstract),
        journal=Journal(
            title=text.get("journal") or text.get("journaltitle") or text.get("booktitle", ""),
            iso_abbrev=text.get("shortjournal") or text.get("journal-iso") or text.get("journalabbrev", ""),
            volume=text.get("volume", ""),
            issue=text.get("number") or text.get("issue", ""),
            pages=re.sub(r"\s*-{1,3}\s*", "-", text.get("pages", "")),
            issn=text.get("issn", ""),
        ),
        publisher=text.get("publisher", ""),
        authors=_split_authors(raw.get("author", "")),
        pub_date=date,
        keywords=[tidy(k) for k in keywords.split(separator) if k.strip()],
        language=text.get("language") or text.get("langid", ""),
        source=Source(file=file, position=position, format="bibtex"),
    )


def read_bibtex(path: str | Path) -> Iterator[Item]:
    """Yield one item per entry; a broken entry is rejected with its key and reason."""
    file = str(path)
    macros = dict(_MONTH_MACROS)
    position = 0
    with open_text(path) as handle:
        chunks = _chunks(handle)
        while True:
            try:
                chunk, is_entry = next(chunks)
            except StopIteration:
                return
            except (UnicodeDecodeError, EOFError, OSError) as exc:
                yield Rejected(file, position + 1, "", f"cannot read past entry {position}: {exc}")
                return
            if not is_entry:
                continue  # text between entries is a comment in BibTeX
            start = _ENTRY_START.match(chunk)
            assert start is not None
            kind = start.group(1).lower()
            if kind in ("comment", "preamble"):
                continue
            parser = _Entry(chunk, macros)
            parser.pos = start.end()
            if kind == "string":
                with contextlib.suppress(BibError):
                    macros.update((k, latex_to_text(v)) for k, v in parser.fields("@string").items())
                continue
            position += 1
            key = parser.name()
            try:
                parser.skip()
                if not key or not chunk.startswith(",", parser.pos):
                    raise BibError(f"BibTeX entry at '@{kind}': missing citation key and comma")
                parser.pos += 1
                yield Parsed(_paper(kind, key, parser.fields(key), file, position))
            except ValueError as exc:  # BibError, or pydantic's ValidationError
                yield Rejected(file, position, key, str(exc))


# -- writing -------------------------------------------------------------------------


def _key(paper: Paper) -> str:
    if not (paper.ids.pmid or paper.ids.doi or paper.ids.pmcid) and paper.id.startswith("bibtex:"):
        return re.sub(r"[^\w:./+-]", "_", paper.id.removeprefix("bibtex:"))
    return re.sub(r"[^\w:./+-]", "_", paper.id)


def _person(author: Author) -> str:
    if author.collective:
        return "{" + text_to_latex(author.collective) + "}"
    given = author.fore_name or author.initials
    return text_to_latex(f"{author.last_name}, {given}" if given else author.last_name)


def write_bibtex(papers: Iterable[Paper], handle: IO[str]) -> int:
    """Write papers as ``@article`` entries; see docs/formats.md for the fields carried."""
    count = 0
    for paper in papers:
        fields: list[tuple[str, str]] = [("title", paper.title)]
        journal, date = paper.journal, paper.pub_date
        fields += [
            ("journal", journal.title),
            ("shortjournal", journal.iso_abbrev),
            ("volume", journal.volume),
            ("number", journal.issue),
            ("pages", journal.pages.replace("-", "--")),
            ("issn", journal.issn),
            ("publisher", paper.publisher),
        ]
        if date.year is not None:
            fields.append(("year", str(date.year)))
            if date.month:
                fields.append(("month", str(date.month)))
                if date.day:
                    fields.append(("day", str(date.day)))
        fields += [
            ("doi", paper.ids.doi or ""),
            ("pmid", paper.ids.pmid or ""),
            ("pmcid", paper.ids.pmcid or ""),
            ("language", paper.language),
            ("keywords", "; ".join(paper.keywords)),
        ]
        lines = [f"@article{{{_key(paper)},"]
        if paper.authors:
            lines.append(f"  author = {{{' and '.join(_person(a) for a in paper.authors)}}},")
        lines += [f"  {name} = {{{text_to_latex(value)}}}," for name, value in fields if value]
        if paper.sections:
            abstract = "\n".join(text_to_latex(line) for line in paper.abstract.split("\n"))
            lines.append(f"  abstract = {{{abstract}}},")
        handle.write("\n".join(lines) + "\n}\n\n")
        count += 1
    return count
