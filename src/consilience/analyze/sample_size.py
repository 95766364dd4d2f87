"""Sample-size extraction: how many were randomized, enrolled and analysed, per arm when stated,
and the number of studies and participants pooled by a meta-analysis.

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", sections=[Section(label="METHODS", text="A total of 1,204 patients "
...     "were randomly assigned to drug (n = 602) or placebo (n = 602).")])
>>> [(s.kind, s.total, s.arms) for s in extract_sample_sizes(paper)]
[('randomized', 1204, {'drug': 602, 'placebo': 602})]
"""

from __future__ import annotations

import re

from consilience.analyze.numbers import WORD_NUMBER, normalize, parse_count
from consilience.model import Paper, SampleSize, Span

__all__ = ["extract_sample_sizes"]

_COUNT = (
    r"(?<![\w.,])(?=[\dotfsenOTFSEN])(?P<n>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d.])|\d+(?![\d.,]\d)|"
    + WORD_NUMBER
    + r")"
)
_WHO = (
    # Up to three modifier words ("consecutive HER2-positive"), each read once: linear, no backtracking.
    r"(?:(?!(?:were|was|and|or|in|of|to|the|with)\s)[A-Za-z][\w'-]*\s+){0,3}?"
    r"(?:patients|participants|subjects|women|men|adults|children|infants|neonates|newborns|adolescents|"
    r"individuals|persons|people|volunteers|cases|smokers|students|mothers|pregnancies|eyes|"
    r"outpatients|inpatients|residents|veterans|workers|athletes|nurses|physicians|couples|families|"
    r"respondents|survivors|users|boys|girls|recipients|donors|controls|pairs|dyads|households)\b"
)
_VERBS = {
    "randomized": r"(?:were|was|had\s+been|being)?\s*(?:randomly\s+(?:assigned|allocated)|randomi[sz]ed|"
    r"allocated\s+at\s+random|underwent\s+randomi[sz]ation)",
    "enrolled": r"(?:were|was|had\s+been)\s+(?:enrolled|recruited|included|registered|entered|screened\s+and\s+enrolled)"
    r"|(?:participated|took\s+part)",
    "analysed": r"(?:were|was)\s+(?:(?:included\s+)?in\s+the\s+(?:final\s+)?analys[ie]s|analy[sz]ed|evaluable|"
    r"available\s+for\s+analysis|assessed|evaluated|followed(?:\s+up)?)|completed\s+the\s+(?:study|trial)",
}
_SUBJECT_VERB = re.compile(
    _COUNT
    + r"\s+"
    + _WHO
    + r"(?:\s+(?:with|from|aged|who|in|at|undergoing|receiving|having)\b[^.;]{0,80}?)?[,]?\s+"
    r"(?:(?P<randomized>" + _VERBS["randomized"] + r")|(?P<enrolled>" + _VERBS["enrolled"] + r")|"
    r"(?P<analysed>" + _VERBS["analysed"] + r"))",
    re.IGNORECASE,
)
_VERB_OBJECT = re.compile(
    r"\b(?:we\s+|investigators\s+)?(?:(?P<randomized>randomly\s+(?:assigned|allocated)|randomi[sz]ed)|"
    r"(?P<enrolled>enrolled|recruited|included|studied)|(?P<analysed>reviewed|analy[sz]ed|evaluated|examined))"
    r"\s+(?:(?:a\s+total\s+of|the\s+(?:records|charts|data)\s+of|data\s+(?:on|from))\s+)?"
    + _COUNT
    + r"\s+"
    + _WHO,
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(
    r"(?:(?<=[Oo]f\s)|(?<=[Aa]mong\s)|(?<=^))"
    + _COUNT
    + r"\s+"
    + _WHO
    + r"\s+(?:(?P<randomized>randomi[sz]ed|randomly\s+assigned)|(?P<enrolled>enrolled|recruited|included))\b"
    r"|(?:(?<=,\s)|(?<=;\s)|(?<=^)|(?<=and\s))(?P<n2>\d{1,3}(?:,\d{3})+|\d+)\s+(?:\(\d+(?:\.\d+)?%\)\s+)?"
    r"(?:were|was)\s+(?:(?P<randomized2>randomi[sz]ed|randomly\s+assigned)|(?P<analysed>analy[sz]ed|"
    r"included\s+in\s+the\s+(?:final\s+)?analys[ie]s|evaluable))",
    re.IGNORECASE | re.MULTILINE,
)
_STUDIES = re.compile(
    r"\b" + _COUNT.replace("?P<n>", "?P<k>") + r"\s+(?:(?:randomi[sz]ed|controlled|clinical|prospective|"
    r"observational|cohort|eligible|published|independent)\s+){0,3}"
    r"(?P<unit>studies|trials|RCTs|articles|cohorts|reports|publications)"
    r"(?:\s*\(\s*(?:[nN]\s?=\s?)?" + _COUNT + r"\s+" + _WHO + r"\s*\)|"
    r"(?:\s+|,\s*)(?:with|involving|including|enrolling|comprising|of|and|totaling|totalling|that\s+included|"
    r"which\s+included|were\s+included,?\s+with)\s+(?:a\s+total\s+of\s+|data\s+(?:on|from)\s+|over\s+|more\s+than\s+)?"
    + _COUNT.replace("?P<n>", "?P<n2>")
    + r"\s+"
    + _WHO
    + r")?",
    re.IGNORECASE,
)
_N_PAREN = re.compile(r"\(\s*[nN]\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*\)")
_ARM_BEFORE = re.compile(r"(?P<arm>[A-Za-z][\w/+-]*(?:\s[\w/+-]+){0,3}?)(?:\s+(?:group|arm))?\s*$")
_ARM_TO = re.compile(
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:\w+\s+)?(?:to|in\s+the|received|receiving)\s+"
    r"(?P<arm>[A-Za-z][\w/+-]*(?:\s[\w/+-]+){0,2}?)(?=\s*(?:group|arm)?\s*(?:,|and\b|or\b|\.|;|$))"
)
_SENT_END = re.compile(r"[.;](?:\s|$)")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENT_END.search(text, pos)
    return m.start() + 1 if m else len(text)


def _arms(text: str, start: int, end: int) -> dict[str, int]:
    arms: dict[str, int] = {}
    chunk = text[start:end]
    previous = 0
    for m in _N_PAREN.finditer(chunk):
        window_start = max(previous, m.start() - 60)
        before = _ARM_BEFORE.search(chunk, window_start, m.start())
        previous = m.end()
        if before is None:
            continue
        name = re.sub(
            r"^(?:the|a|an|receive|either)\s+", "", before.group("arm").strip(), flags=re.IGNORECASE
        )
        name = re.sub(r"^(?:or|and|vs\.?|versus)\s+", "", name, flags=re.IGNORECASE)
        name = re.split(r"\b(?:to|receive|receiving|either)\s+", name)[-1].strip()
        count = parse_count(m.group("n"))
        if name and count is not None and not re.match(r"(?i)total|all\b", name):
            arms[name] = count
    if len(arms) < 2:
        arms = {}
        for m in _ARM_TO.finditer(chunk):
            count = parse_count(m.group("n"))
            if count is not None:
                arms[m.group("arm").strip()] = count
        if len(arms) < 2:
            arms = {}
    return arms


def _add(found: list[SampleSize], kind: str, total: int, arms: dict[str, int], span: Span) -> None:
    if total <= 0 or total > 50_000_000:
        return
    if any(s.kind == kind for s in found):
        return
    if arms and sum(arms.values()) not in {total} and kind != "randomized":
        arms = {}
    found.append(SampleSize(kind=kind, total=total, arms=arms, span=span))


def _scan(text: str, paper_id: str, section: int, found: list[SampleSize]) -> None:
    norm = normalize(text)

    def span(a: int, b: int) -> Span:
        return Span(paper_id=paper_id, section=section, start=a, end=b, text=text[a:b])

    covered: list[tuple[int, int]] = []
    for m in _STUDIES.finditer(norm):
        k = parse_count(m.group("k"))
        if (
            k is None
            or k > 5000
            or not re.search(
                r"\b(?:included|identified|pooled|meta|eligible|"
                r"review|selected|met|analy)",
                norm[max(0, m.start() - 120) : m.end() + 80],
                re.I,
            )
        ):
            continue
        _add(found, "studies", k, {}, span(m.start(), m.end()))
        covered.append((m.start(), m.end()))
        n = m.group("n") or m.group("n2")
        if n:
            count = parse_count(n)
            if count is not None:
                _add(found, "participants", count, {}, span(m.start(), m.end()))
    for rx in (_SUBJECT_VERB, _VERB_OBJECT, _PARTICIPLE):
        for m in rx.finditer(norm):
            groups = m.groupdict()
            kind = (
                "randomized"
                if groups.get("randomized2")
                else next((k for k in ("randomized", "enrolled", "analysed") if groups.get(k)), "enrolled")
            )
            count = parse_count(groups.get("n") or groups.get("n2") or "")
            if count is None or any(a <= m.start() < b for a, b in covered):
                continue
            end = _sentence_end(norm, m.end())
            arms = _arms(norm, m.start(), end) if kind == "randomized" else {}
            if arms and sum(arms.values()) != count:
                arms = {}
            _add(found, kind, count, arms, span(m.start(), m.end()))
    if not any(s.kind == "randomized" for s in found):
        for m in re.finditer(r"randomi[sz]ed|randomly\s+(?:assigned|allocated)", norm, re.IGNORECASE):
            end = _sentence_end(norm, m.end())
            arms = _arms(norm, m.end(), end)
            if len(arms) >= 2:
                _add(found, "randomized", sum(arms.values()), arms, span(m.start(), end))
                break


def extract_sample_sizes(paper: Paper) -> list[SampleSize]:
    """Sample sizes stated in the abstract (METHODS/RESULTS first), at most one per kind."""
    found: list[SampleSize] = []
    order = sorted(
        range(len(paper.sections)),
        key=lambda i: (
            0
            if re.search(
                r"METHOD|PATIENT|PARTICIPANT|RESULT|SUBJECT|SETTING|DESIGN",
                paper.sections[i].label + paper.sections[i].category,
                re.I,
            )
            else 1
        ),
    )
    for index in order:
        _scan(paper.sections[index].text, paper.id, index, found)
    if paper.title:
        _scan(paper.title, paper.id, -1, found)
    return found
