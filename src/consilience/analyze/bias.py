"""Risk-of-bias cues, country and setting.

Cues are phrases an appraiser looks for first: randomisation, blinding (or its absence,
"open-label"), allocation concealment, intention-to-treat analysis, retrospective design,
single- versus multi-centre setting, propensity matching, a small sample, and industry
funding or declared conflicts of interest (from the grants and COI fields as well as the text).

>>> from consilience.model import Section
>>> paper = Paper(id="x:1", title="A double-blind randomised trial in Kenya",
...               sections=[Section(text="Analysis was by intention to treat. Funded by Pfizer Inc.")])
>>> sorted(c.cue for c in extract_bias_cues(paper, n=80))
['blinded', 'industry-funding', 'itt', 'randomized', 'small-sample']
>>> extract_country(paper)
'Kenya'
"""

from __future__ import annotations

import re

from consilience.analyze.fast_patterns import FastPattern, fold_case
from consilience.model import BiasCue, Paper, Span
from consilience.text import BACKGROUND_SECTION

__all__ = ["COUNTRIES", "extract_bias_cues", "extract_country", "extract_setting"]

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "randomized",
            r"(?<!non-)(?<!non)(?<!not\s)\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|randomi[sz]ation)\b",
        ),
        (
            "blinded",
            r"\b(?:(?:double|single|triple|quadruple)[- ]blind(?:ed)?|blinded|masked|placebo[- ]controlled)\b",
        ),
        ("open-label", r"\b(?:open[- ]label|unblinded|non-?blinded|open\s+trial)\b"),
        (
            "allocation-concealment",
            r"\b(?:allocation\s+(?:was\s+)?conceal\w*|concealed\s+allocation|sealed\s+(?:opaque\s+)?envelopes?|central(?:ised|ized)?\s+randomi[sz]ation)",
        ),
        ("itt", r"\b(?:intention[- ]to[- ]treat|intent[- ]to[- ]treat|ITT)\b"),
        ("per-protocol", r"\bper[- ]protocol\b"),
        ("retrospective", r"\bretrospective(?:ly)?\b"),
        ("prospective", r"\bprospective(?:ly)?\b"),
        (
            "single-centre",
            r"\bsingle[- ]?(?:centre|center|institution(?:al)?|site|hospital)\b|\bone\s+(?:centre|center|hospital|institution)\b",
        ),
        (
            "multicentre",
            r"\bmulti-?(?:centre|center|centric|site|institution(?:al)?|national)\b|\b\d+\s+(?:centres|centers|sites|hospitals)\b",
        ),
        (
            "propensity-matching",
            r"\bpropensity[- ]score|\bpropensity[- ]matched|\binverse\s+probability\s+(?:of\s+treatment\s+)?weight",
        ),
    )
)
# One pass over the text finds every cue (a group per cue) instead of one search per cue. Every
# cue starts at a word boundary: said once up front, it spares sre from trying all eleven
# alternatives at each character (issue #4); run on folded text, case-sensitively (FastPattern).
_GROUP_CUE = {name.replace("-", "_"): name for name, _ in _CUES}
_ALL_CUES = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name.replace('-', '_')}>{rx.pattern})" for name, rx in _CUES) + ")",
    re.IGNORECASE,
)
_ALL_CUES_FAST = FastPattern(_ALL_CUES)
#: Funding named without a "funded by" phrase: then any company named in the text counts.
_FUNDING_WORD = re.compile(r"funding|sponsor", re.IGNORECASE)
_INDUSTRY = re.compile(
    r"\b(?:Pfizer|Novartis|Roche|Genentech|AstraZeneca|Merck|MSD|Sanofi|GlaxoSmithKline|GSK|Bayer|"
    r"Boehringer|Eli\s+Lilly|Lilly|Bristol[- ]Myers|Johnson\s*&\s*Johnson|Janssen|AbbVie|Abbott|Amgen|"
    r"Takeda|Novo\s+Nordisk|Gilead|Biogen|Celgene|Astellas|Daiichi|Eisai|Otsuka|Servier|Teva|Medtronic|"
    r"Boston\s+Scientific|Allergan|Regeneron|Vertex|Ipsen|Lundbeck|UCB|Chugai|Ono\s+Pharmaceutical)\b|"
    r"\b\w+\s+(?:Pharmaceuticals?|Pharma|Biotech|Therapeutics|Laboratories|Inc\.?|Ltd\.?|GmbH|Corp(?:oration)?|"
    r"LLC|AG|S\.A\.)\b"
)
_FUNDED = re.compile(r"\b(?:funded|sponsored|supported|financed)\s+(?:in\s+part\s+)?by\b", re.IGNORECASE)
# Whole-text searches, run on the folded text and skipped when their trigger words are absent.
_FUNDED_FAST = FastPattern(_FUNDED)
_FUNDING_WORD_FAST = FastPattern(_FUNDING_WORD)
_NO_COI = re.compile(
    r"\b(?:no\s+(?:competing|conflicts?|potential\s+conflicts?|financial|relevant|disclosures?)|none\s+declared|"
    r"nothing\s+to\s+(?:disclose|declare)|have\s+no\b|declare\s+no|report\s+no|^none\.?$)",
    re.IGNORECASE,
)

#: A small gazetteer: country names and adjectives (the latter as they appear in abstracts).
COUNTRIES: dict[str, str] = {
    name: name
    for name in [
        "Afghanistan",
        "Argentina",
        "Australia",
        "Austria",
        "Bangladesh",
        "Belgium",
        "Bolivia",
        "Brazil",
        "Bulgaria",
        "Cameroon",
        "Canada",
        "Chile",
        "China",
        "Colombia",
        "Croatia",
        "Cuba",
        "Cyprus",
        "Denmark",
        "Ecuador",
        "Egypt",
        "Estonia",
        "Ethiopia",
        "Finland",
        "France",
        "Gambia",
        "Germany",
        "Ghana",
        "Greece",
        "Guatemala",
        "Haiti",
        "Hungary",
        "Iceland",
        "India",
        "Indonesia",
        "Iran",
        "Iraq",
        "Ireland",
        "Israel",
        "Italy",
        "Jamaica",
        "Japan",
        "Jordan",
        "Kenya",
        "Korea",
        "Kuwait",
        "Lebanon",
        "Malawi",
        "Malaysia",
        "Mali",
        "Mexico",
        "Morocco",
        "Mozambique",
        "Nepal",
        "Netherlands",
        "Nigeria",
        "Norway",
        "Pakistan",
        "Peru",
        "Philippines",
        "Poland",
        "Portugal",
        "Qatar",
        "Romania",
        "Russia",
        "Rwanda",
        "Senegal",
        "Serbia",
        "Singapore",
        "Slovakia",
        "Slovenia",
        "Spain",
        "Sudan",
        "Sweden",
        "Switzerland",
        "Syria",
        "Taiwan",
        "Tanzania",
        "Thailand",
        "Tunisia",
        "Turkey",
        "Uganda",
        "Ukraine",
        "Uruguay",
        "Venezuela",
        "Vietnam",
        "Zambia",
        "Zimbabwe",
    ]
}
COUNTRIES.update(
    {
        "United States": "United States",
        "USA": "United States",
        "U.S.": "United States",
        "United Kingdom": "United Kingdom",
        "UK": "United Kingdom",
        "England": "United Kingdom",
        "Scotland": "United Kingdom",
        "Wales": "United Kingdom",
        "New Zealand": "New Zealand",
        "South Africa": "South Africa",
        "Saudi Arabia": "Saudi Arabia",
        "Sri Lanka": "Sri Lanka",
        "Hong Kong": "Hong Kong",
        "Burkina Faso": "Burkina Faso",
        "Czech Republic": "Czech Republic",
        "Chinese": "China",
        "Japanese": "Japan",
        "Korean": "Korea",
        "Danish": "Denmark",
        "Swedish": "Sweden",
        "Dutch": "Netherlands",
        "Norwegian": "Norway",
        "Finnish": "Finland",
        "Italian": "Italy",
        "Spanish": "Spain",
        "French": "France",
        "German": "Germany",
        "Brazilian": "Brazil",
        "Canadian": "Canada",
        "Australian": "Australia",
        "Indian": "India",
        "Iranian": "Iran",
        "Turkish": "Turkey",
        "Taiwanese": "Taiwan",
        "Swiss": "Switzerland",
        "British": "United Kingdom",
        "American": "United States",
        "Mexican": "Mexico",
        "Nigerian": "Nigeria",
        "Kenyan": "Kenya",
        "Ugandan": "Uganda",
        "Egyptian": "Egypt",
        "Israeli": "Israel",
        "Thai": "Thailand",
        "Polish": "Poland",
    }
)
# Candidates are capitalised words (and pairs, for "New Zealand"), looked up in the gazetteer.
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]*(?:\.[A-Z]\.)?(?:\s[A-Z][a-z]+)?")


def _find_country(text: str) -> str:
    for m in _CAPITALISED.finditer(text):
        words = m.group(0)
        if words in COUNTRIES:
            return COUNTRIES[words]
        first = words.split(" ", 1)[0]
        if first in COUNTRIES:
            return COUNTRIES[first]
        if " " in words:
            second = words.split(" ", 1)[1]
            if second in COUNTRIES:
                return COUNTRIES[second]
    return ""


#: Cues that describe a study's own design: in a background section they describe other studies
#: ("the case has rested largely on retrospective series").
_OWN_DESIGN = frozenset({"randomized", "retrospective", "prospective", "single-centre", "multicentre"})


def _units(paper: Paper) -> list[tuple[int, str, bool]]:
    """(section, text, is background) for the title and each section."""
    units = [(-1, paper.title, False)] if paper.title else []
    units.extend(
        (i, s.text, bool(BACKGROUND_SECTION.search(f"{s.label} {s.category}")))
        for i, s in enumerate(paper.sections)
    )
    return units


def _span(paper: Paper, section: int, text: str, m: re.Match[str]) -> Span:
    return Span(paper_id=paper.id, section=section, start=m.start(), end=m.end(), text=m.group(0))


def extract_bias_cues(paper: Paper, n: int | None = None) -> list[BiasCue]:
    """Bias cues found in the title, abstract, grants and COI statement (first mention each)."""
    cues: dict[str, BiasCue] = {}
    for section, text, background in _units(paper):
        folded = fold_case(text)
        for m in _ALL_CUES_FAST.finditer(text, folded):
            name = _GROUP_CUE[m.lastgroup or ""]
            if background and name in _OWN_DESIGN:
                continue
            if name not in cues:
                cues[name] = BiasCue(
                    cue=name,
                    span=Span(
                        paper_id=paper.id, section=section, start=m.start(), end=m.end(), text=m.group(0)
                    ),
                )
        if "industry-funding" not in cues:
            funded = _FUNDED_FAST.search(text, folded)
            if funded is not None:
                company = _INDUSTRY.search(text, funded.end(), funded.end() + 120)
                if company is not None:
                    cues["industry-funding"] = BiasCue(
                        cue="industry-funding", span=_span(paper, section, text, company)
                    )
            elif _FUNDING_WORD_FAST.search(text, folded) is not None:
                company = _INDUSTRY.search(text)
                if company is not None:
                    cues["industry-funding"] = BiasCue(
                        cue="industry-funding", span=_span(paper, section, text, company)
                    )
    if "industry-funding" not in cues and any(_INDUSTRY.search(g.agency) for g in paper.grants):
        cues["industry-funding"] = BiasCue(cue="industry-funding")
    coi = paper.coi_statement.strip()
    if coi and not _NO_COI.search(coi):
        cues["conflicts-of-interest"] = BiasCue(cue="conflicts-of-interest")
        if "industry-funding" not in cues and _INDUSTRY.search(coi):
            cues["industry-funding"] = BiasCue(cue="industry-funding")
    if n is not None and n < 100:
        cues["small-sample"] = BiasCue(cue="small-sample")
    return list(cues.values())


def extract_country(paper: Paper) -> str:
    """The country the study was done in, if the title or abstract names one ('' otherwise)."""
    units = _units(paper)
    for _section, text, background in units:
        found = "" if background else _find_country(text)
        if found:
            return found
    for author in paper.authors[:1]:
        for affiliation in author.affiliations[:1]:
            found = _find_country(affiliation)
            if found:
                return found
    # A background names a country for its context ("in the United States, X is common") more
    # often than for the study's place: the last resort.
    for _section, text, background in units:
        found = _find_country(text) if background else ""
        if found:
            return found
    return ""


def extract_setting(cues: list[BiasCue]) -> str:
    """'multicentre', 'single-centre' or '' from the cues."""
    names = {c.cue for c in cues}
    if "multicentre" in names:
        return "multicentre"
    if "single-centre" in names:
        return "single-centre"
    return ""
