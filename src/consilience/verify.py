"""The faithfulness checker: every number traced, every citation real, every finding cited.

Generated text (ours or an LLM's) is a list of :class:`~consilience.model.Claim`. A claim
passes when

1. every paper it cites is in the result set it was written from;
2. every number in its text appears in the text of at least one paper it cites (title,
   abstract, or its publication year), unless the claim declares it as a number
   Consilience computed itself (a pooled estimate, a count of studies);
3. a claim that states a finding cites at least one paper, and no claim carries an
   untraced number without a citation.

Numbers are compared by value, so "0.50" in a paper supports "0.5" in prose, and
"1,234" supports "1234"; a sign is ignored because papers and prose print minus signs in
too many ways to compare them reliably.

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="p1", sections=[Section(text="HR 0.66 (95% CI 0.49-0.88).")])
>>> report = verify_claims([Claim(text="Death was less likely (HR 0.66) [1].", cites=["p1"])], {"p1": paper})
>>> report.passed, report.failed
(1, 0)
>>> bad = verify_claims([Claim(text="Survival rose by 41.6% [1].", cites=["p1"])], {"p1": paper})
>>> bad.problems[0].problem
"number '41.6' does not appear in any cited paper (p1)"
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, Field

from consilience.analyze.numbers import WORD_NUMBER, word_number
from consilience.model import Claim, Paper

# Citation markers such as [1], [2, 5], [3–6] are references, not figures.
_CITATION = re.compile(r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\w])")
#: A whole number written in words ("fifty-four", "Three").
_SPELLED = re.compile(rf"\b{WORD_NUMBER}\b", re.IGNORECASE)
#: A decimal point printed as a middle dot between digits, as The Lancet prints it ("HR 0·90").
_MIDDLE_DOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")
#: Thousands grouped by a space, as journals print them ("70 388 people", with a thin space too).
_SPACED_THOUSANDS = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+)(?![\w.,]|\s\d)")


def normalize_number(token: str) -> str | None:
    """A canonical form for comparing numbers by value ('0.50' -> '0.5', '1,234' -> '1234')."""
    token = token.replace(",", "")
    if token.startswith("."):
        token = "0" + token
    try:
        value = Decimal(token)
    except InvalidOperation:
        return None
    normalized = value.normalize()
    text = format(normalized, "f")
    return text


def numbers_in(text: str) -> list[str]:
    """The numbers a sentence states, in order, citation markers removed.

    >>> numbers_in("OS 46 vs 35 months (HR 0.71, 95% CI 0.59–0.86) [2, 3].")
    ['46', '35', '0.71', '95', '0.59', '0.86']
    >>> numbers_in("RR 0·90 (0·79–1·02)")
    ['0.90', '0.79', '1.02']
    """
    text = _MIDDLE_DOT.sub(".", _CITATION.sub(" ", text))
    # Unicode digits are rare; letters glued to digits (e.g. 'T2', 'HER2', 'p53', 'CD8')
    # are names, not figures, and the lookarounds skip them.
    return [m.group(1) for m in _NUMBER.finditer(text)]


def paper_numbers(paper: Paper) -> set[str]:
    """Every number printed in a paper's title and abstract, plus its publication year.

    >>> "70388" in paper_numbers(Paper(id="x:1", title="10 trials enrolled 70 388 people"))
    True
    >>> "54" in paper_numbers(Paper(id="x:1", title="Fifty-four trials were included"))
    True
    """
    found: set[str] = set()
    texts: Iterable[str] = [
        paper.title,
        *(s.text for s in paper.sections),
        *(s.label for s in paper.sections),
    ]
    for text in texts:
        text = _MIDDLE_DOT.sub(".", text)
        # "Fifty-four trials were included": a count spelled out is printed too ("one" aside,
        # which is more often a pronoun than a count).
        for spelled in _SPELLED.findall(text):
            value = word_number(spelled)
            if value is not None and value > 1:
                found.add(str(value))
        for token in [
            *_NUMBER.findall(text),
            *(re.sub(r"\D", "", t) for t in _SPACED_THOUSANDS.findall(text)),
        ]:
            norm = normalize_number(token)
            if norm is not None:
                found.add(norm)
    if paper.year:
        found.add(str(paper.year))
    return found


def printed_in(number: int | float | str | None, paper: Paper) -> bool:
    """Whether ``paper`` prints ``number``, so that a sentence citing it may state it.

    A sample size the extractor added up from its arms ("placebo (n=25) or the drug (n=25)")
    is not printed, and a sentence stating it would fail the checker.

    >>> from consilience.model import Section
    >>> paper = Paper(id="x:1", title="A trial", sections=[Section(text="We randomized 1,204 adults.")])
    >>> printed_in(1204, paper), printed_in(50, paper), printed_in(None, paper)
    (True, False, False)
    """
    if number is None:
        return False
    norm = normalize_number(str(number))
    return norm is not None and norm in paper_numbers(paper)


class Problem(BaseModel):
    sentence: str
    problem: str


class VerifyReport(BaseModel):
    """What the checker found; ``ok`` only when every claim passed."""

    claims: int = 0
    passed: int = 0
    failed: int = 0
    numbers: int = Field(0, description="Numbers checked across all claims.")
    numbers_traced: int = 0
    findings: int = 0
    findings_cited: int = 0
    problems: list[Problem] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def check_claim(
    claim: Claim, papers: Mapping[str, Paper], cache: dict[str, set[str]] | None = None
) -> list[str]:
    """The problems with one claim (empty when it passes)."""
    cache = {} if cache is None else cache
    problems: list[str] = []
    for paper_id in claim.cites:
        if paper_id not in papers:
            problems.append(f"cites {paper_id!r}, which is not in the result set")
    cited = [papers[p] for p in claim.cites if p in papers]
    if claim.kind == "finding" and not claim.cites:
        problems.append("states a finding without citing a paper")
    computed = {n for n in (normalize_number(c) for c in claim.computed) if n is not None}
    for token in numbers_in(claim.text):
        norm = normalize_number(token)
        if norm is None or norm in computed:
            continue
        if not cited:
            problems.append(f"number {token!r} has no cited paper to come from")
            continue
        if not any(norm in cache.setdefault(p.id, paper_numbers(p)) for p in cited):
            problems.append(
                f"number {token!r} does not appear in any cited paper ({', '.join(p.id for p in cited)})"
            )
    return problems


def verify_claims(claims: Sequence[Claim], papers: Mapping[str, Paper]) -> VerifyReport:
    """Check every claim against the papers it was written from."""
    report = VerifyReport()
    cache: dict[str, set[str]] = {}
    for claim in claims:
        report.claims += 1
        tokens = [normalize_number(t) for t in numbers_in(claim.text)]
        report.numbers += sum(1 for t in tokens if t is not None)
        problems = check_claim(claim, papers, cache)
        untraced = sum(1 for p in problems if p.startswith("number "))
        report.numbers_traced += sum(1 for t in tokens if t is not None) - untraced
        if claim.kind == "finding":
            report.findings += 1
            report.findings_cited += bool(claim.cites)
        if problems:
            report.failed += 1
            report.problems.extend(Problem(sentence=claim.text, problem=p) for p in problems)
        else:
            report.passed += 1
    return report


def keep_verified(claims: Sequence[Claim], papers: Mapping[str, Paper]) -> tuple[list[Claim], list[Problem]]:
    """Split claims into those that pass and the problems of those dropped.

    Writers call this before anything is shown: a failing sentence is dropped and logged,
    never printed.
    """
    kept: list[Claim] = []
    dropped: list[Problem] = []
    cache: dict[str, set[str]] = {}
    for claim in claims:
        problems = check_claim(claim, papers, cache)
        if problems:
            dropped.extend(Problem(sentence=claim.text, problem=p) for p in problems)
        else:
            kept.append(claim)
    return kept, dropped
