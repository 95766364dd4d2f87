"""The data model passed between Consilience's stages, in one place.

Every stage reads the previous stage's typed output and nothing else. Records are
pydantic models so that they validate on the way in and serialise to inspectable
JSON on the way out (the SQLite store keeps each paper as one JSON document).

>>> paper = Paper(id="pmid:1", ids=PaperIds(pmid="1"), title="A trial",
...               sections=[Section(label="RESULTS", text="HR 0.66 (95% CI 0.49-0.88).")])
>>> paper.abstract
'RESULTS: HR 0.66 (95% CI 0.49-0.88).'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: Bumped whenever the shape of :class:`Paper` changes in a way stored JSON must follow.
PAPER_FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PaperIds(_Model):
    """Identifiers a paper is known by. Any may be missing; at least one is set."""

    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    other: dict[str, str] = Field(
        default_factory=dict,
        description="Source-specific ids, e.g. {'scifact': '4983'} or {'pii': 'S0733-...'}.",
    )


class Section(_Model):
    """One labelled part of an abstract (or the whole of an unstructured one)."""

    label: str = Field("", description="The label as printed, e.g. 'METHODS'; '' if none.")
    category: str = Field("", description="NLM's normalised category (BACKGROUND, OBJECTIVE, METHODS, ...).")
    text: str


class Journal(_Model):
    title: str = ""
    iso_abbrev: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    issn: str = ""


class Author(_Model):
    last_name: str = ""
    fore_name: str = ""
    initials: str = ""
    collective: str = Field("", description="A group author such as 'SWOG Investigators'.")
    affiliations: list[str] = Field(default_factory=list)

    @property
    def display(self) -> str:
        """'Soran A' style, or the collective name."""
        if self.collective:
            return self.collective
        return f"{self.last_name} {self.initials}".strip()


class PubDate(_Model):
    """A best-effort publication date; month and day are often unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    text: str = Field("", description="The date as written when it had to be parsed (MedlineDate).")

    def iso(self) -> str:
        if self.year is None:
            return ""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


class MeshHeading(_Model):
    descriptor: str
    major: bool = False
    qualifiers: list[str] = Field(default_factory=list)
    ui: str = ""


class Grant(_Model):
    grant_id: str = ""
    agency: str = ""
    country: str = ""


class Source(_Model):
    """Where a record was read from: a file and the record's position in it, or a URL."""

    file: str = ""
    position: int = Field(0, description="1-based index of the record within its file.")
    url: str = ""
    format: str = ""


class Paper(_Model):
    """One research record: bibliographic data plus its abstract as labelled sections."""

    id: str = Field(description="Canonical library id: 'pmid:N', 'doi:...', or 'SOURCE:ID'.")
    ids: PaperIds = Field(default_factory=PaperIds)
    title: str = ""
    sections: list[Section] = Field(default_factory=list)
    journal: Journal = Field(default_factory=Journal)
    publisher: str = ""
    authors: list[Author] = Field(default_factory=list)
    pub_date: PubDate = Field(default_factory=PubDate)
    publication_types: list[str] = Field(default_factory=list)
    mesh: list[MeshHeading] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    language: str = ""
    grants: list[Grant] = Field(default_factory=list)
    coi_statement: str = ""
    version: str = Field(
        "", description="Ordering key for revisions of one record ('1|2022-11-30' for PubMed)."
    )
    source: Source = Field(default_factory=Source)

    @property
    def abstract(self) -> str:
        """The abstract as one string, labels kept ('METHODS: ...')."""
        return "\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in self.sections if s.text)

    @property
    def year(self) -> int | None:
        return self.pub_date.year

    def content_hash(self) -> str:
        """A hash of everything but the source position, to tell real changes from re-reads."""
        payload = self.model_dump_json(exclude={"source"})
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()

    def record_keys(self) -> set[str]:
        """Keys shared by two records of the same paper: its PMID, DOI and PMCID, and a digest of
        its title and abstract (a record from another export or source may carry no ids at all).

        >>> text = "We randomised 400 adults within a week of a stroke to aspirin or placebo and "
        >>> text += "followed them for a year: fewer had a second stroke with aspirin."
        >>> a = Paper(id="pmid:1", ids=PaperIds(pmid="1"), title="Aspirin after stroke: a trial",
        ...           sections=[Section(text=text)])
        >>> b = Paper(id="ris:7", title="Aspirin after Stroke: A Trial.",
        ...           sections=[Section(label="RESULTS", text=text.replace(" ", "  "))])
        >>> bool(a.record_keys() & b.record_keys()), sorted(a.record_keys())[0]
        (True, 'pmid:1')
        """
        keys = {
            f"{name}:{value.lower()}"
            for name in ("pmid", "doi", "pmcid")
            if (value := getattr(self.ids, name))
        }
        title = _WORDS.findall(self.title.lower())
        abstract = _WORDS.findall(" ".join(s.text for s in self.sections).lower())
        # Short or missing titles ("Editorial", "Correction") and empty abstracts say too little.
        if len(title) >= 4 and len(abstract) >= 20:
            digest = hashlib.sha1(" ".join([*title, "|", *abstract[:80]]).encode("utf-8")).hexdigest()
            keys.add(f"text:{digest}")
        return keys


_WORDS = re.compile(r"[^\W_]+")


def distinct_records(papers: Iterable[Paper]) -> list[Paper]:
    """``papers`` in order, less each one that is another record of an earlier one
    (:meth:`Paper.record_keys`)."""
    seen: set[str] = set()
    kept: list[Paper] = []
    for paper in papers:
        keys = paper.record_keys()
        if not keys & seen:
            kept.append(paper)
        seen |= keys
    return kept


# ---------------------------------------------------------------------------
# Analysis (filled by consilience.analyze)
# ---------------------------------------------------------------------------


class Span(_Model):
    """A quoted piece of a paper: what makes provenance and the checker possible."""

    paper_id: str
    section: int = Field(description="Index into Paper.sections; -1 is the title.")
    start: int
    end: int
    text: str


class StudyDesign(StrEnum):
    META_ANALYSIS = "meta-analysis"
    SYSTEMATIC_REVIEW = "systematic-review"
    RCT = "rct"
    NON_RANDOMIZED_TRIAL = "non-randomized-trial"
    PROSPECTIVE_COHORT = "prospective-cohort"
    RETROSPECTIVE_COHORT = "retrospective-cohort"
    REGISTRY = "registry"
    CASE_CONTROL = "case-control"
    CROSS_SECTIONAL = "cross-sectional"
    CASE_SERIES = "case-series"
    CASE_REPORT = "case-report"
    NARRATIVE_REVIEW = "narrative-review"
    GUIDELINE = "guideline"
    ANIMAL = "animal"
    IN_VITRO = "in-vitro"
    OTHER = "other"


class Effect(_Model):
    """One effect estimate as reported: 'HR 0.66 (95% CI 0.49-0.88), p=0.005'."""

    measure: str = Field(description="HR, OR, RR, IRR, MD, SMD, RD, ...")
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    ci_level: float | None = Field(None, description="95, 90 or 99; None when not stated.")
    p_text: str = ""
    p_value: float | None = None
    p_operator: str = Field("", description="'=', '<', '>', '<=' as written.")
    outcome: str = ""
    comparison: str = ""
    adjusted: bool | None = None
    span: Span | None = None


EVIDENCE_LEVEL: dict[StudyDesign, int] = {
    # 1 is strongest. Follows the hierarchy in DESIGN.md (Oxford CEBM-like levels).
    StudyDesign.META_ANALYSIS: 1,
    StudyDesign.SYSTEMATIC_REVIEW: 1,
    StudyDesign.RCT: 2,
    StudyDesign.NON_RANDOMIZED_TRIAL: 3,
    StudyDesign.PROSPECTIVE_COHORT: 3,
    StudyDesign.RETROSPECTIVE_COHORT: 3,
    StudyDesign.REGISTRY: 3,
    StudyDesign.CASE_CONTROL: 3,
    StudyDesign.CROSS_SECTIONAL: 4,
    StudyDesign.CASE_SERIES: 4,
    StudyDesign.CASE_REPORT: 4,
    StudyDesign.NARRATIVE_REVIEW: 5,
    StudyDesign.GUIDELINE: 5,
    StudyDesign.ANIMAL: 5,
    StudyDesign.IN_VITRO: 5,
    StudyDesign.OTHER: 5,
}


class DesignCall(_Model):
    """A study-design classification with its confidence and the text that decided it."""

    design: StudyDesign
    confidence: float = Field(ge=0.0, le=1.0)
    evidence_level: int = Field(ge=1, le=5)
    human: bool | None = Field(None, description="False for animal / in-vitro work.")
    spans: list[Span] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


class SampleSize(_Model):
    """How many were randomized / enrolled / analysed, in total and per arm."""

    kind: str = Field(description="'randomized', 'enrolled', 'analysed', 'studies', 'participants'.")
    total: int
    arms: dict[str, int] = Field(default_factory=dict)
    span: Span | None = None


class SurvivalPoint(_Model):
    """'3-year OS 68.4% vs 67.9%': one percentage at one time point for one arm."""

    endpoint: str = Field(description="OS, PFS, DFS, LRPFS, ... or the outcome as written.")
    arm: str = ""
    time_value: float | None = None
    time_unit: str = ""
    percent: float
    span: Span | None = None


class MedianSurvival(_Model):
    endpoint: str
    arm: str = ""
    months: float
    span: Span | None = None


class EventCount(_Model):
    arm: str = ""
    events: int
    total: int
    span: Span | None = None


class BiasCue(_Model):
    cue: str = Field(description="randomized, blinded, allocation-concealment, itt, retrospective, ...")
    present: bool = True
    span: Span | None = None


class Pico(_Model):
    population: list[Span] = Field(default_factory=list)
    intervention: list[Span] = Field(default_factory=list)
    comparator: list[Span] = Field(default_factory=list)
    outcome: list[Span] = Field(default_factory=list)


class StudyFacts(_Model):
    """Everything the analyzers extracted from one paper, each fact with its span."""

    paper_id: str
    analyzer_version: str
    design: DesignCall
    sample_sizes: list[SampleSize] = Field(default_factory=list)
    pico: Pico = Field(default_factory=Pico)
    effects: list[Effect] = Field(default_factory=list)
    survival: list[SurvivalPoint] = Field(default_factory=list)
    medians: list[MedianSurvival] = Field(default_factory=list)
    events: list[EventCount] = Field(default_factory=list)
    follow_up_months: float | None = None
    follow_up: Span | None = None
    country: str = ""
    setting: str = Field("", description="'multicentre', 'single-centre' or '' when not stated.")
    bias: list[BiasCue] = Field(default_factory=list)
    takeaway: Span | None = None

    @property
    def n(self) -> int | None:
        """The headline sample size: randomized, else analysed, else enrolled; for a review that
        counts its studies, the participants they pooled."""
        kinds = ("randomized", "analysed", "enrolled", "participants")
        if any(size.kind == "studies" for size in self.sample_sizes):
            kinds = ("participants", *kinds[:3])
        for kind in kinds:
            for size in self.sample_sizes:
                if size.kind == kind:
                    return size.total
        return None


class ClaimFacts(_Model):
    """What a generated sentence states, as data, so that later writers (the explainer) build on
    it without parsing its prose. Which fields are set depends on ``kind``:

    - ``trial-result``: ``label``, ``n``, ``result`` (benefit, worse, none, linked, unclear, or
      benefit-elsewhere: the benefit asked about, found in other patients than those asked about);
    - ``also-reported``: ``label``, ``outcome``, ``measure``, ``value``, ``ci_low``, ``ci_high``
      (oriented intervention vs comparator), ``inverted``;
    - ``review``: ``label``, ``pooled`` (what it pooled: "randomized trials", "observational
      studies", ...; "" when unstated), ``result`` (yes, no, possibly, or "" when it only
      addresses the question);
    - ``subgroup``: ``label``, ``design``, ``phrase`` (the group);
    - ``harm``: ``label``, ``phrase`` (the harm named), ``result`` (none, more, less, ruled-out:
      the finding says there was none, or data: reported without a clear comparison);
    - ``counts``: ``yes`` and ``no``, how many studies support the claim and how many do not.
    """

    kind: Literal["trial-result", "also-reported", "review", "subgroup", "harm", "counts"]
    label: str = ""
    n: int | None = None
    result: str = ""
    outcome: str = ""
    measure: str = ""
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    inverted: bool = False
    pooled: str = ""
    design: str = ""
    phrase: str = ""
    yes: int = 0
    no: int = 0


class Claim(_Model):
    """A sentence of generated prose with the papers it cites and the spans behind it."""

    text: str
    cites: list[str] = Field(default_factory=list)
    spans: list[Span] = Field(default_factory=list)
    kind: str = Field(
        "finding",
        description="'finding' must cite; 'computed' states Consilience's own arithmetic; 'context' need not cite.",
    )
    computed: list[str] = Field(
        default_factory=list,
        description="Numbers Consilience computed itself (pooled estimates, counts); listed so the checker can tell them from paper figures.",
    )
    facts: ClaimFacts | None = Field(
        None, description="What the sentence states, as data (see ClaimFacts); None for plain prose."
    )


# ---------------------------------------------------------------------------
# Synthesis (filled by consilience.synthesize)
# ---------------------------------------------------------------------------


class ForestRow(_Model):
    paper_id: str
    label: str
    estimate: float
    ci_low: float
    ci_high: float
    weight: float = Field(description="Relative random-effects weight, 0-1.")


class PooledEstimate(_Model):
    """A random-effects summary with its heterogeneity and prediction interval."""

    measure: str
    outcome: str
    group: str = Field(description="'randomized' or 'observational': never pooled together.")
    k: int
    paper_ids: list[str]
    estimate: float
    ci_low: float
    ci_high: float
    pi_low: float | None = Field(None, description="95% prediction interval (k >= 3).")
    pi_high: float | None = None
    tau2: float
    i2: float = Field(description="I² as a fraction 0-1.")
    q: float
    p_heterogeneity: float | None = None
    method: str = "random effects (Paule-Mandel tau², statsmodels combine_effects)"
    rows: list[ForestRow] = Field(default_factory=list)


class GradeReason(_Model):
    domain: str = Field(description="risk of bias, inconsistency, imprecision, indirectness, large effect")
    change: int = Field(description="-1 rated down, +1 rated up")
    text: str
    paper_ids: list[str] = Field(default_factory=list)


class GradeRating(_Model):
    """Certainty for one outcome: high / moderate / low / very low, with reasons."""

    outcome: str
    level: str
    start: str = Field(description="Where rating began, from the best design present.")
    basis: str = Field(description="'randomized' or 'observational': the evidence the level rests on.")
    paper_ids: list[str] = Field(default_factory=list)
    reasons: list[GradeReason] = Field(default_factory=list)


_PMID_RE = re.compile(r"^\d{1,9}$")
_DOI_RE = re.compile(r"^10\.\d{3,9}/\S+$")


def normalize_doi(doi: str) -> str:
    """Lower-case a DOI and strip resolver prefixes: DOIs are case-insensitive."""
    doi = doi.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    return doi.lower()


def canonical_id(ids: PaperIds, fallback: tuple[str, str] | None = None) -> str | None:
    """The library id for a set of identifiers: PMID first, then DOI, PMCID, other."""
    if ids.pmid:
        return f"pmid:{ids.pmid}"
    if ids.doi:
        return f"doi:{ids.doi}"
    if ids.pmcid:
        return f"pmc:{ids.pmcid}"
    for key, value in sorted(ids.other.items()):
        if value:
            return f"{key}:{value}"
    if fallback is not None:
        return f"{fallback[0]}:{fallback[1]}"
    return None


def parse_user_id(text: str) -> tuple[str, str]:
    """Interpret an id a user typed: '29777404', 'PMID:29777404', '10.1245/...', 'doi:...'.

    Returns (kind, value) where kind is 'pmid', 'doi', 'pmc' or 'id' (a library id as is).
    """
    t = text.strip()
    low = t.lower()
    if _PMID_RE.match(t):
        return "pmid", t
    if low.startswith("pmid:"):
        return "pmid", t[5:].strip()
    if low.startswith("pmc") and t[3:].strip(":").isdigit():
        return "pmc", "PMC" + t[3:].strip(":")
    if low.startswith("doi:") or _DOI_RE.match(t) or low.startswith("https://doi.org/"):
        return "doi", normalize_doi(t)
    return "id", t


def to_jsonable(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


class SearchHit(_Model):
    """One search result: the paper, its fused score and rank, and why it matched."""

    paper_id: str
    score: float
    rank: int = Field(description="1-based rank in the final list.")
    title: str = ""
    year: int | None = None
    journal: str = ""
    design: str | None = Field(None, description="Study design when the paper has been analyzed.")
    n: int | None = Field(None, description="Headline sample size when known.")
    best_sentence: str = ""
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="Character ranges in best_sentence that match the query."
    )
    lexical_rank: int | None = Field(None, description="1-based rank in the BM25 list, if there.")
    dense_rank: int | None = Field(None, description="1-based rank in the embedding list, if there.")


# ---------------------------------------------------------------------------
# Plain-language writing (filled by consilience.write)
# ---------------------------------------------------------------------------


class ArticleSection(_Model):
    """One headed part of an article: prose paragraphs or bullets, each sentence a Claim."""

    heading: str
    style: str = Field("prose", description="'prose' or 'bullets'.")
    claims: list[Claim] = Field(default_factory=list)


class FaqItem(_Model):
    """A question a reader would ask, answered in checked Claims."""

    question: str
    claims: list[Claim] = Field(default_factory=list)


class GlossaryTerm(_Model):
    """A medical term used in an article, with the plain definition shown beside it."""

    term: str
    definition: str
    category: str = ""


class CitationBlock(_Model):
    """The bibliographic facts an article rests on, as printed under 'About this article'."""

    paper_id: str
    doi: str = ""
    pmid: str = ""
    url: str = ""
    title: str = ""
    subject: str = Field("", description="MeSH major topics or keywords, comma-separated.")
    journal: str = ""
    publisher: str = ""
    authors: list[str] = Field(default_factory=list)
    published: str = Field("", description="ISO date, as precise as the record gives it.")


class ReadingGrade(_Model):
    """Readability of a text: US school grade by Flesch-Kincaid and SMOG (textstat)."""

    flesch_kincaid: float
    smog: float
    words: int
    sentences: int

    @property
    def grade(self) -> float:
        """The mean of the two grades, the figure audiences are held to."""
        return round((self.flesch_kincaid + self.smog) / 2, 1)


class DroppedSentence(_Model):
    sentence: str
    problem: str


class ArticleCheck(_Model):
    """What the faithfulness checker did to an article before it was rendered."""

    checked: int = Field(0, description="Sentences written before checking.")
    passed: int = Field(0, description="Sentences that passed and were kept.")
    dropped: list[DroppedSentence] = Field(default_factory=list)
    printed: int = Field(0, description="Sentences in the finished article, re-checked.")
    printed_passed: int = Field(0, description="Printed sentences that pass the checker (all, by design).")

    @property
    def ok(self) -> bool:
        """True when every sentence that is printed passes the checker."""
        return self.printed == self.printed_passed


class Article(_Model):
    """A plain-language article about one paper, built from checked Claims."""

    paper_id: str
    audience: str = Field(description="'patient', 'public' or 'clinician'.")
    design: str = ""
    alt_text: str = Field("", description="A one-line description of a suitable illustration.")
    headline: str
    subheadline: str = ""
    sections: list[ArticleSection] = Field(default_factory=list)
    faq: list[FaqItem] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    about: str = Field("", description="Provenance: how, when and from what the article was written.")
    generated_on: str = Field("", description="ISO date the article was written.")
    citation: CitationBlock
    reading: ReadingGrade | None = None
    verification: ArticleCheck = Field(default_factory=ArticleCheck)

    def claims(self) -> list[Claim]:
        """Every sentence of the article that carries content, in reading order."""
        out = [c for s in self.sections for c in s.claims]
        return out + [c for item in self.faq for c in item.claims]


#: Bumped whenever the shape of :class:`Explainer` changes.
EXPLAINER_FORMAT_VERSION = 2


class ExplainerSection(_Model):
    """One headed part of a patient explainer; ``level`` 3 marks a part of the section before it."""

    key: str = Field(
        description="summary, condition, options, research, trials, observational, subgroups, harms, "
        "certainty or questions."
    )
    heading: str
    level: int = Field(2, description="2 for a section, 3 for a part of 'What the research says'.")
    style: str = Field("prose", description="'prose' or 'bullets'.")
    claims: list[Claim] = Field(default_factory=list)


class Explainer(_Model):
    """A plain-language explainer of one question for patients or the public, built from an Answer.

    Every sentence is a checked Claim; the ``[n]`` markers a renderer prints are the numbers in
    ``references``, which lists only the papers the explainer cites, in order of first citation.
    """

    format_version: int = EXPLAINER_FORMAT_VERSION
    question: str
    audience: str = Field(description="'patient' or 'public'.")
    label: str = Field(
        "", description="The Answer's verdict: yes / no / possibly / mixed / insufficient evidence."
    )
    outcome: str = Field("", description="The outcome the verdict is about.")
    certainty: str = Field("", description="GRADE certainty for that outcome: high, moderate, low, very low.")
    alt_text: str = Field("", description="A one-line description of a suitable illustration.")
    headline: str
    sections: list[ExplainerSection] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    about: str = Field("", description="Provenance: how, when and from what the explainer was written.")
    generated_on: str = Field("", description="ISO date the explainer was written.")
    reading: ReadingGrade | None = None
    verification: ArticleCheck = Field(default_factory=ArticleCheck)

    def claims(self) -> list[Claim]:
        """Every sentence of the explainer, in reading order."""
        return [c for s in self.sections for c in s.claims]

    def ref_numbers(self) -> dict[str, int]:
        """paper id -> its [n] in the reference list."""
        return {r.paper_id: r.number for r in self.references}


# ---------------------------------------------------------------------------
# Questions, per-paper stance and the consensus meter (filled by consilience.question,
# consilience.analyze.stance and consilience.synthesize.meter)
# ---------------------------------------------------------------------------


class Question(_Model):
    """A question as understood: its PICO parts, the direction asked, and a claim to test."""

    text: str
    kind: str = Field("yes-no", description="'yes-no' or 'open' ('effects of X on Y').")
    population: str = ""
    intervention: str = Field("", description="The intervention or exposure.")
    comparator: str = ""
    outcome: str = ""
    direction: str = Field(
        "any", description="increase, decrease, improve, worsen, safe, or 'any' (affects / associated)."
    )
    claim: str = Field("", description="The statement a paper can support or contradict.")
    understood_as: str = Field("", description="The parse in words, shown back to the user.")


class Stance(_Model):
    """What one paper says about one question, with the sentence that decided it."""

    question: str
    paper_id: str
    answer: str = Field(description="'yes', 'possibly', 'no' or 'not-addressed'.")
    confidence: float = Field(ge=0.0, le=1.0)
    sentence: Span | None = Field(None, description="The deciding sentence.")
    reasons: list[str] = Field(default_factory=list)
    design: str = Field("", description="The study design the meter weighs this paper by.")
    n: int | None = Field(None, description="The sample size the meter weighs this paper by.")
    weight: float = Field(0.0, description="Evidence weight in the meter (design x size).")


class MeterBar(_Model):
    """Counts, percentages and evidence-weighted shares of the answers in one group of papers."""

    label: str
    papers: int
    counts: dict[str, int] = Field(default_factory=dict)
    percent: dict[str, float] = Field(default_factory=dict)
    weighted: dict[str, float] = Field(default_factory=dict, description="Share of evidence weight.")
    summary: str = Field("", description="'mostly yes', 'mixed', ... in words.")


class Meter(_Model):
    """The consensus meter: how the most relevant analysed papers answer one question."""

    question: Question
    considered: int = Field(0, description="Papers whose stance was read.")
    addressing: int = Field(0, description="Papers that address the question at all.")
    shown: bool = Field(False, description="False when too few papers address the question.")
    message: str = ""
    raw: MeterBar | None = None
    by_design: list[MeterBar] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# Answers (filled by consilience.synthesize.answer)
# ---------------------------------------------------------------------------

#: Bumped whenever the JSON shape of :class:`Answer` changes (documented in docs/answer.md).
ANSWER_FORMAT_VERSION = 2


class ReportedEstimate(_Model):
    """One study's (or one published meta-analysis's) estimate for one outcome, as oriented for synthesis."""

    paper_id: str
    label: str = Field(description="How the study is named in prose: a trial code or 'First author year'.")
    outcome: str = Field(description="Canonical outcome: 'overall survival', 'locoregional control', ...")
    group: str = Field(description="'randomized', 'observational' or 'other'.")
    effect: Effect
    reversed: bool = Field(False, description="True when the paper reported comparator vs intervention.")
    value: float = Field(description="The estimate as intervention vs comparator.")
    ci_low: float | None = None
    ci_high: float | None = None


class AnswerSection(_Model):
    """One headed paragraph of the synthesis; each sentence is a checked Claim."""

    key: str = Field(description="randomized, observational, bias, subgroups, harms, other-outcomes, open")
    heading: str
    claims: list[Claim] = Field(default_factory=list)


class StudyCard(_Model):
    """A relevant paper at a glance, as the answer shows it."""

    paper_id: str
    ref: int = Field(description="Its number in the reference list.")
    title: str
    first_author: str = ""
    journal: str = ""
    year: int | None = None
    design: str
    evidence_level: int
    n: int | None = None
    takeaway: str = ""
    answer: str = Field(description="yes / possibly / no / not-addressed.")
    answer_sentence: str = ""
    effects: list[Effect] = Field(default_factory=list)
    relevance_rank: int


class Reference(_Model):
    number: int
    paper_id: str
    citation: str
    pmid: str | None = None
    doi: str | None = None


class Answer(_Model):
    """A graded, cited answer to one question over one library."""

    format_version: int = ANSWER_FORMAT_VERSION
    question: Question
    searched: int = Field(description="Papers in the library that search ran over.")
    retrieved: int = Field(description="Papers search returned as candidates.")
    analyzed: int = Field(description="Candidates read in full (facts and stance).")
    addressing: int = Field(0, description="Of those, papers that address the question.")
    label: str = Field(description="yes / no / possibly / mixed / insufficient evidence.")
    outcome: str = Field("", description="The outcome the verdict and pooling are about.")
    summary: list[Claim] = Field(default_factory=list, description="The verdict paragraph.")
    designs_disagree: bool = False
    meter: Meter | None = None
    certainty: list[GradeRating] = Field(default_factory=list)
    pooled: list[PooledEstimate] = Field(default_factory=list)
    published_pooled: list[ReportedEstimate] = Field(
        default_factory=list, description="Meta-analyses' own pooled estimates, shown beside ours."
    )
    estimates: list[ReportedEstimate] = Field(
        default_factory=list, description="Primary-study estimates used."
    )
    sections: list[AnswerSection] = Field(default_factory=list)
    cards: list[StudyCard] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    plots: list[str] = Field(default_factory=list, description="Forest plot files written (PNG and SVG).")
    dropped: list[dict[str, str]] = Field(
        default_factory=list, description="Sentences the checker refused, with the reason: never shown."
    )
    notices: list[str] = Field(
        default_factory=list, description="What happened on the way (fetches, offline)."
    )
    seconds: float = 0.0

    def claims(self) -> list[Claim]:
        """Every sentence of the answer, in reading order."""
        return [*self.summary, *(c for s in self.sections for c in s.claims)]

    def ref_numbers(self) -> dict[str, int]:
        """paper id -> its [n] in the reference list."""
        return {r.paper_id: r.number for r in self.references}
