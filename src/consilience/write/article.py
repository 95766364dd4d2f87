"""A plain-language article about one paper, for patients, the public or clinicians.

The article is a list of :class:`~consilience.model.Claim` under headings. Every claim is
built from the paper's own sentences or from facts the analyzers extracted (each with its
span), and the whole list goes through :func:`consilience.verify.keep_verified` before it is
returned: a sentence that fails is dropped and logged, never shown. A section the paper
cannot support is shortened or left out rather than filled.

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", title="Drug X versus placebo for migraine: a randomized trial",
...     sections=[Section(label="RESULTS", text="We randomly assigned 300 adults to drug X or placebo. "
...         "Migraine days fell more with drug X (HR 0.66, 95% CI 0.49-0.88; P = .005)."),
...         Section(label="CONCLUSIONS", text="Drug X reduced migraine days in adults.")])
>>> article = write_article(paper, audience="patient", today="2025-01-31")
>>> article.headline
'Drug X versus placebo for migraine: what a randomized trial found'
>>> article.verification.checked == article.verification.passed
True
"""

from __future__ import annotations

import logging
import re
from datetime import date

from consilience.analyze.sentences import sentence_at, split_sentences
from consilience.analyze.takeaway import FINDING_VERB
from consilience.model import (
    Article,
    ArticleCheck,
    ArticleSection,
    CitationBlock,
    Claim,
    DroppedSentence,
    Effect,
    FaqItem,
    Paper,
    Span,
    StudyFacts,
)
from consilience.text import BACKGROUND_SECTION, CALLS_FOR_MORE, describes_a_treatment, indefinite
from consilience.verify import keep_verified, printed_in, verify_claims
from consilience.write import faq as faq_mod
from consilience.write.findings import effect_gloss, effect_range, median_claims, survival_claims
from consilience.write.glossary import load_glossary
from consilience.write.plain import (
    OBSERVATIONAL,
    country_phrase,
    design_noun,
    explain_design,
    find_abbreviations,
    finding_verb,
    hedge_causal,
    is_subgroup,
    simplify,
)
from consilience.write.readability import reading_grade, sentence_grade

__all__ = ["AUDIENCES", "citation_block", "write_article"]

log = logging.getLogger(__name__)

AUDIENCES = ("patient", "public", "clinician")

#: The hardest single sentence (Flesch-Kincaid grade) taken from a paper for each audience.
SENTENCE_GRADE_LIMIT = {"patient": 8.0, "public": 12.0, "clinician": 99.0}
#: When no sentence is that easy, the easiest few up to this grade are taken anyway.
FALLBACK_GRADE_LIMIT = {"patient": 12.0, "public": 16.0, "clinician": 99.0}

_OBJECTIVE = re.compile(r"OBJECTIVE|AIM|PURPOSE|GOAL", re.I)
_RESULTS = re.compile(r"RESULT|FINDING|MAIN RESULTS", re.I)
_CONCLUSION = re.compile(r"CONCLU|INTERPRETATION|IMPLICATION|AUTHORS' CONCLUSIONS", re.I)
_OBJECTIVE_SENTENCE = re.compile(
    r"\b(?:aim(?:ed|s)? (?:was |of this study was )?to|objective (?:was|of this study was) to|purpose (?:was|of this study was) to|"
    r"we (?:sought|aimed) to|to (?:assess|evaluate|determine|compare|investigate|examine|review))\b",
    re.I,
)
_NUMERIC = re.compile(r"\d")
#: The words a finding names just before its bracketed estimate: "improves physical fitness (SMD
#: 0.42", "little or no difference in depression (SMD -0.15".
_OUTCOME_BEFORE = re.compile(
    r"\b(?:improve[sd]?|reduce[sd]?|increase[sd]?|decrease[sd]?|lower(?:s|ed)?|raise[sd]?|prevent(?:s|ed)?|"
    r"(?:difference|change|improvement|reduction|increase|decrease|rise|fall) in|effect on)\s+(?P<o>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})\s*[(\[]\s*$",
    re.IGNORECASE,
)
#: A comparison or a test, which makes a sentence with figures a result.
_TESTED = re.compile(r"\b[pP]\s?[<=>≤]|\bCI\b|\bcompared\s+(?:to|with)\b|\bvs\.?\s", re.IGNORECASE)
#: A dose ("10 mg/kg", "0.5 mg daily", "1 mg kg−1 h-1"): what was given, not what was found.
_DOSE = re.compile(r"\d\s*(?:mg|µg|μg|mcg|ng|g|ml|mL|IU|mmol)\b", re.IGNORECASE)
#: A sentence that leans on the one before ("This was considered statistically significant."):
#: alone in a list of findings it says nothing.
_BACK_REFERENCE = re.compile(r"^\s*(?:this|these|that|it|they)\s+(?:was|were|is|are)\b", re.IGNORECASE)
# 'In this retrospective single-centre series, ...': the design is said elsewhere.
_FRAMING = re.compile(
    r"^(?:In (?:this|our|the present|the current) [^,]{3,70}?(?:,\s*|\s+(?=we |the authors ))"
    r"(?:(?:we|the authors) (?:found|showed|concluded?|observed) that\s+(?:that\s+)?)?)",
    re.I,
)
_DESIGN_WORDS = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:phase\s+\w+|multi-?cent(?:re|er)|single-?cent(?:re|er)|open-label|double-blind|"
    r"prospective|retrospective|population-based|nationwide|propensity[- ]matched|randomi[sz]ed|controlled|"
    r"clinical|cohort|registry|observational|systematic|long-term|comparative|pilot)\s+|,\s*)*"
    r"(?:trial|study|analysis|review|meta-analysis|cohort|series|report|protocol)\b",
    re.I,
)


_DESIGN_PREFIX = re.compile(
    _DESIGN_WORDS.pattern[:-2] + r"\s+(?:of|on|in|comparing|to assess|evaluating)\s+", re.I
)


def citation_block(paper: Paper) -> CitationBlock:
    """The bibliographic block printed under an article."""
    subject = [m.descriptor for m in paper.mesh if m.major] or [m.descriptor for m in paper.mesh]
    if not subject:
        subject = [k for k in paper.keywords if k and not k.endswith("-paraphrased")]
    doi = paper.ids.doi or ""
    url = (
        f"https://doi.org/{doi}"
        if doi
        else (f"https://pubmed.ncbi.nlm.nih.gov/{paper.ids.pmid}/" if paper.ids.pmid else paper.source.url)
    )
    return CitationBlock(
        paper_id=paper.id,
        doi=doi,
        pmid=paper.ids.pmid or "",
        url=url,
        title=paper.title,
        subject=", ".join(subject[:5]),
        journal=paper.journal.title or paper.journal.iso_abbrev,
        publisher=paper.publisher,
        authors=[a.display for a in paper.authors if a.display],
        published=paper.pub_date.iso(),
    )


def _sentence_case(title: str) -> str:
    """A Title Case title in the case of a sentence, so that prose can quote it; acronyms and
    mixed-case names (TKR, HbA1c, McGill) are kept, and a title in sentence case is left alone.

    >>> _sentence_case("Efficacy and Safety of Tranexamic Acid in Control of Bleeding Following TKR")
    'Efficacy and safety of tranexamic acid in control of bleeding following TKR'
    >>> _sentence_case("Tranexamic acid in Parkinson disease")
    'Tranexamic acid in Parkinson disease'
    """
    words = title.split()
    capitalised = [w for w in words[1:] if re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z]+)*", w)]
    lower = [w for w in words[1:] if re.fullmatch(r"[a-z][a-z-]*", w) and len(w) > 3]
    if len(capitalised) < 3 or len(capitalised) <= len(lower):
        return title
    return " ".join(
        [words[0], *(w.lower() if re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z]+)*", w) else w for w in words[1:])]
    )


class _Writer:
    """Holds one paper, its facts and the audience while the article is assembled."""

    def __init__(self, paper: Paper, facts: StudyFacts | None, audience: str) -> None:
        self.paper = paper
        self.facts = facts
        self.audience = audience
        self.design = facts.design.design.value if facts is not None else "other"
        self.abbreviations = find_abbreviations(f"{paper.title}. {paper.abstract}")
        self.used: set[str] = set()

    # -- building blocks ------------------------------------------------------------

    def finding(
        self, text: str, spans: list[Span | None] | None = None, computed: list[str] | None = None
    ) -> Claim:
        return Claim(
            text=text,
            cites=[self.paper.id],
            spans=[s for s in spans or [] if s is not None],
            kind="finding",
            computed=computed or [],
        )

    @staticmethod
    def context(text: str) -> Claim:
        return Claim(text=text, kind="context")

    def sentences(self, pattern: re.Pattern[str] | None = None) -> list[tuple[int, str]]:
        """(section index, sentence) pairs, from sections whose label matches ``pattern``."""
        out: list[tuple[int, str]] = []
        for index, section in enumerate(self.paper.sections):
            label = f"{section.label} {section.category}"
            if pattern is not None and not pattern.search(label):
                continue
            out.extend((index, section.text[s:e]) for s, e in split_sentences(section.text))
        return out

    def from_paper(self, sentence: str, *, limit: float | None = None, hedge: bool = True) -> list[Claim]:
        """A paper sentence rewritten for the audience, as claims citing the paper.

        Pieces harder than ``limit`` (default: the audience's limit) are left out.
        """
        key = sentence.strip()
        if key in self.used:
            return []
        limit = SENTENCE_GRADE_LIMIT[self.audience] if limit is None else limit
        if hedge:
            sentence = hedge_causal(sentence, self.design)
        if self.audience != "clinician":
            sentence = _FRAMING.sub("", sentence)
        claims: list[Claim] = []
        for piece in simplify(sentence, self.audience, self.abbreviations):
            if len(piece.split()) < 4 or sentence_grade(piece) > limit:
                continue
            claims.append(self.finding(piece))
        if claims:
            self.used.add(key)
        if claims and is_subgroup(sentence) and self.audience != "clinician":
            claims.append(
                self.context("This result is for part of the study group only, so it may be due to chance.")
            )
        return claims

    def sentence_of(self, span: Span | None) -> str:
        if span is None or not 0 <= span.section < len(self.paper.sections):
            return ""
        text = self.paper.sections[span.section].text
        start, end = sentence_at(text, span.start)
        return text[start:end]

    # -- sections ---------------------------------------------------------------

    def opening(self) -> list[Claim]:
        claims: list[Claim] = []
        for _, sentence in self.sentences(BACKGROUND_SECTION)[:2]:
            claims += self.from_paper(sentence)
        objective = [s for s in self.sentences(_OBJECTIVE)] or [
            (i, s) for i, s in self.sentences() if _OBJECTIVE_SENTENCE.search(s)
        ]
        for _, sentence in objective[:1]:
            claims += self.from_paper(sentence)
        if not claims and self.topic():
            topic = self.topic()
            claims.append(self.finding(f"This study looked at {topic[:1].lower() + topic[1:]}."))
        return claims

    def methods(self) -> list[Claim]:
        facts, claims = self.facts, []
        noun = design_noun(self.design, self.audience)
        if self.design != "other":
            claims.append(
                self.finding(f"This was a {noun}.", list(facts.design.spans[:1]) if facts else None)
            )
            if self.audience != "clinician" and explain_design(self.design):
                claims.append(self.context(explain_design(self.design)))
        if facts is None:
            return claims
        claims += self.size_claims()
        if facts.follow_up is not None:
            match = re.search(r"(\d+(?:\.\d+)?)\s*(months?|years?|weeks?|days?)", facts.follow_up.text, re.I)
            if match:
                median = "a median of " if "median" in facts.follow_up.text.lower() else ""
                claims.append(
                    self.finding(
                        f"The researchers followed people for {median}{match.group(1)} {match.group(2).lower()}.",
                        [facts.follow_up],
                    )
                )
        where = []
        if facts.country:
            where.append(f"in {country_phrase(facts.country)}")
        if facts.setting == "single-centre":
            where.append("at a single hospital" if self.audience != "clinician" else "at a single centre")
        elif facts.setting == "multicentre":
            where.append("at several hospitals" if self.audience != "clinician" else "at multiple centres")
        if where:
            claims.append(self.finding(f"The study took place {' '.join(where)}."))
        return claims

    def size_claims(self) -> list[Claim]:
        facts = self.facts
        if facts is None:
            return []
        sizes = {s.kind: s for s in facts.sample_sizes}
        if "studies" in sizes:
            text = f"The review included {sizes['studies'].total:,} studies"
            spans = [sizes["studies"].span]
            people = sizes.get("participants") or sizes.get("randomized") or sizes.get("analysed")
            if (
                people is not None
                and people.total > sizes["studies"].total  # "(n = 2)" per intervention counts studies
                and printed_in(people.total, self.paper)  # not a sum over the studies
            ):
                text += f" with {people.total:,} people in total"
                spans.append(people.span)
            return [self.finding(text + ".", spans)]
        for kind, verb in (
            ("randomized", "were assigned by chance to the study groups"),
            ("analysed", "were included in the analysis"),
            ("enrolled", "took part"),
            ("participants", "took part"),
        ):
            if kind in sizes:
                size = sizes[kind]
                if not printed_in(size.total, self.paper):
                    return []  # a total added up from the arms ("placebo (n=25) or ...") is not printed
                text = f"{size.total:,} people {verb}"
                if self.audience == "clinician" and kind == "randomized":
                    text = f"{size.total:,} patients were randomized"
                return [self.finding(_capital(text) + ".", [size.span])]
        return []

    def key_findings(self) -> list[Claim]:
        facts, claims = self.facts, []
        expand = self.abbreviations if self.audience != "clinician" else {}
        if facts is not None:
            claims += survival_claims(facts.survival, self.paper.id, expand)
            claims += median_claims(facts.medians, self.paper.id, expand)
            seen: set[tuple[str, float]] = set()
            for effect in self.main_effects():
                if (effect.measure, effect.value) in seen:
                    continue
                seen.add((effect.measure, effect.value))
                sentence = self.sentence_of(effect.span)
                if sentence.strip() in self.used:
                    continue  # its sentence is already in the article
                found = self.from_paper(sentence) if sentence else []
                if self.audience == "clinician":
                    claims += found
                    continue
                if not found and is_subgroup(sentence):
                    continue  # a subgroup figure without its sentence would mislead
                if not found:
                    said = any(c.text.startswith(("One main result", "Another main result")) for c in claims)
                    found = [self.finding(self.effect_sentence(effect, another=said), [effect.span])]
                claims += found
                for extra in (
                    effect_gloss(effect, self.paper.id, self.audience),
                    effect_range(effect, self.paper.id),
                ):
                    if extra is not None:
                        claims.append(extra)
        # Results sentences that carry figures (then any finding) and were not used yet;
        # when none is easy enough to read, the easiest two are taken anyway.
        results = [s for _, s in self.sentences(_RESULTS)]
        if not results:
            # No results section: every sentence, but a dose is a method, not a finding, unless
            # the sentence also reports a result or a test.
            results = [
                s
                for _, s in self.sentences()
                if FINDING_VERB.search(s) or _TESTED.search(s) or not _DOSE.search(s)
            ]
        results = [s for s in results if not _BACK_REFERENCE.match(s) and not describes_a_treatment(s)]
        ranked = [s for s in results if _NUMERIC.search(s)] + [
            s for s in results if not _NUMERIC.search(s) and FINDING_VERB.search(s)
        ]
        budget = 6 - len([c for c in claims if c.kind == "finding"])
        for limit in (None, FALLBACK_GRADE_LIMIT[self.audience]):
            for sentence in ranked:
                if budget <= 0:
                    break
                got = self.from_paper(sentence, limit=limit)
                budget -= len(got)
                claims += got
            if claims:
                break
            budget = 2
        if not claims and ranked:
            # Every result sentence is harder than the audience's limits: an article with no
            # findings tells a reader nothing, so the easiest one is kept as written.
            easiest = min(ranked, key=sentence_grade)
            claims += self.from_paper(easiest, limit=float("inf"))
        return claims

    def main_effects(self) -> list[Effect]:
        if self.facts is None:
            return []
        with_ci = [e for e in self.facts.effects if e.ci_low is not None and e.ci_high is not None]
        return (with_ci or self.facts.effects)[:3]

    def effect_sentence(self, effect: Effect, another: bool = False) -> str:
        name = {"HR": "hazard ratio", "OR": "odds ratio", "RR": "risk ratio"}.get(
            effect.measure.upper(), effect.measure
        )
        text = f"{'Another' if another else 'One'} main result was {indefinite(name)} of {_num(effect.value)}"
        outcome = effect.outcome.strip() or self.outcome_before(effect)
        if outcome and len(outcome.split()) <= 6 and not re.search(r"[\d()\[\];:]", outcome):
            text += f" for {outcome}"  # "a hazard ratio of 0.66 for death"
        if effect.ci_low is not None and effect.ci_high is not None and self.audience != "patient":
            text += f" (range {_num(effect.ci_low)} to {_num(effect.ci_high)})"
        return text + "."

    def outcome_before(self, effect: Effect) -> str:
        """What a finding names just before its bracketed estimate, when the extractor gave the
        estimate no outcome: "probably improves physical fitness (SMD 0.42, …)" is about
        physical fitness."""
        span = effect.span
        if span is None or span.section < 0 or span.section >= len(self.paper.sections):
            return ""
        text = self.paper.sections[span.section].text
        start, _ = sentence_at(text, span.start)
        found = _OUTCOME_BEFORE.search(text[start : span.start])
        return found.group("o") if found else ""

    def takeaway(self) -> list[Claim]:
        facts = self.facts
        sentence = ""
        if facts is not None and facts.takeaway is not None:
            sentence = facts.takeaway.text
        if not sentence:
            conclusions = self.sentences(_CONCLUSION)
            sentence = conclusions[0][1] if conclusions else ""
        if not sentence:
            return []
        self.used.discard(sentence.strip())
        return self.from_paper(sentence, limit=FALLBACK_GRADE_LIMIT[self.audience] + 2)

    def meaning(self, takeaway: list[Claim]) -> list[Claim]:
        claims = list(takeaway)
        verb = finding_verb(self.design)
        effects = self.main_effects()
        if effects and self.design in {"rct", "meta-analysis", "systematic-review"}:
            main = effects[0]
            if (
                main.ci_low is not None
                and main.ci_high is not None
                and main.measure.upper() in {"HR", "OR", "RR", "IRR"}
            ):
                clear = not (main.ci_low <= 1.0 <= main.ci_high)
                noun = design_noun(self.design, self.audience)
                claims.append(
                    self.finding(
                        f"The {noun} {verb} a clear difference between the groups in its main result."
                        if clear
                        else f"The {noun} did not show a clear difference between the groups in its main result.",
                        [main.span],
                    )
                )
        claims += self.limits()
        return claims

    def limits(self) -> list[Claim]:
        facts, claims = self.facts, []
        cues = {b.cue for b in facts.bias if b.present} if facts else set()
        if self.design in OBSERVATIONAL:
            claims.append(
                self.context(
                    f"Because this was a {design_noun(self.design, self.audience)}, the treatment {finding_verb(self.design)} "
                    "the results, but the study cannot prove that it caused them."
                )
            )
            claims.append(
                self.context(
                    "People who got one treatment may have differed in other ways from people who did not."
                )
            )
        elif self.design in {"animal", "in-vitro"}:
            claims.append(self.context("Results from the lab or from animals often do not hold in people."))
        if "open-label" in cues:
            claims.append(
                self.finding(
                    "People in the study knew which treatment they got, which can sway some results."
                )
            )
        n = facts.n if facts else None
        if n is not None and (n < 100 or "small-sample" in cues):
            # The number only when the abstract prints it (not a total added up from the arms).
            size = f"With {n} people, the study" if printed_in(n, self.paper) else "The study"
            claims.append(self.finding(f"{size} was small, so chance could play a large part."))
        if facts is not None and facts.setting == "single-centre":
            claims.append(
                self.finding("It was done at one hospital, so the results may not apply everywhere.")
            )
        if facts is not None and facts.country and self.design != "meta-analysis":
            claims.append(self.finding(f"All the people studied were in {country_phrase(facts.country)}."))
        if (
            facts is not None
            and facts.follow_up is None
            and self.design not in {"meta-analysis", "systematic-review"}
        ):
            claims.append(self.context("The abstract does not say how long people were followed."))
        claims.append(self.context("This article is based on the abstract only, not the full paper."))
        return claims

    # -- headline -----------------------------------------------------------------

    def topic(self) -> str:
        """The subject of the paper in a few words, from its title or objective."""
        parts = [p.strip() for p in re.split(r":\s+|\s+[-–—]\s+", self.paper.title) if p.strip()]
        parts = [_DESIGN_PREFIX.sub("", p) if _DESIGN_PREFIX.match(p) else p for p in parts]
        parts = [
            p
            for p in parts
            if len(p.split()) >= 3
            and not _DESIGN_WORDS.match(p)
            and not re.match(r"^(?:protocol\s+)?[A-Z0-9-]+$", p, re.I)
        ]
        if parts:
            topic = max(parts, key=len)
        else:
            # "Further research is required to determine the optimal timing": not this study's aim
            objective = next(
                (
                    s
                    for _, s in self.sentences()
                    if _OBJECTIVE_SENTENCE.search(s) and not CALLS_FOR_MORE.search(s)
                ),
                "",
            )
            match = re.search(
                r"\bto (?:assess|evaluate|determine|compare|investigate|examine|review)\s+(?:the\s+)?"
                r"(?:(?:effects?|effectiveness|efficacy|safety|benefits and harms|accuracy)\s+of\s+)?"
                r"(.+?)[.;]?$",
                objective,
                re.I,
            )
            topic = match.group(1) if match else ""
        topic = _sentence_case(re.sub(r"\.$", "", topic).strip())
        if self.audience != "clinician" and topic:
            topic = simplify(topic, self.audience, self.abbreviations)[0].rstrip(".")
        words = topic.split()
        if len(words) > 12:
            cut = next(
                (i for i, w in enumerate(words) if i >= 3 and w.lower() in {"in", "among", "for", "with"}), 16
            )
            topic = " ".join(words[:cut])
        return _capital(topic)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _num(value: float) -> str:
    from consilience.write.findings import fmt_number

    return fmt_number(value)


def _analyze(paper: Paper) -> StudyFacts | None:
    try:  # the analysis stage is optional for writing: without it the article is shorter
        from consilience.analyze import analyze_paper
    except ImportError:  # pragma: no cover
        return None
    return analyze_paper(paper)


def write_article(
    paper: Paper,
    facts: StudyFacts | None = None,
    *,
    audience: str = "patient",
    today: str | date | None = None,
) -> Article:
    """Write a checked plain-language article about ``paper`` for ``audience``.

    ``facts`` are the paper's StudyFacts (analysed now when not given); ``today`` fixes the
    date printed in the provenance note, for reproducible output.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    facts = facts if facts is not None else _analyze(paper)
    when = today.isoformat() if isinstance(today, date) else (today or date.today().isoformat())
    w = _Writer(paper, facts, audience)

    takeaway = w.takeaway()
    noun = design_noun(w.design, audience)
    topic = w.topic()
    headline = f"{topic}: what a {noun} found" if topic else f"What a {noun} found"
    sub = [c for c in takeaway if c.kind == "finding"][:2]

    raw_sections = [
        ("Why this study was done", "prose", w.opening()),
        ("What the researchers did", "prose", w.methods()),
        ("Key findings", "bullets", w.key_findings()),
        ("What does this mean?", "prose", w.meaning(takeaway)),
    ]
    raw_faq = faq_mod.build_faq(w, takeaway, topic)
    header = [Claim(text=headline, cites=[paper.id], kind="finding"), *sub]

    everything = header + [c for _, _, cs in raw_sections for c in cs] + [c for _, cs in raw_faq for c in cs]
    _, dropped = keep_verified(everything, {paper.id: paper})
    bad = {d.sentence for d in dropped}
    for problem in dropped:
        log.warning("article %s: dropped %r (%s)", paper.id, problem.sentence, problem.problem)

    def keep(claims: list[Claim]) -> list[Claim]:
        seen: set[str] = set()
        out = []
        for claim in claims:
            if claim.text not in bad and claim.text not in seen:
                seen.add(claim.text)
                out.append(claim)
        return out

    sections = [ArticleSection(heading=h, style=st, claims=keep(cs)) for h, st, cs in raw_sections]
    sections = [
        s
        for s in sections
        if any(c.kind == "finding" for c in s.claims) or (s.heading == "What does this mean?" and s.claims)
    ]
    faq = [FaqItem(question=q, claims=keep(cs)) for q, cs in raw_faq]
    faq = [item for item in faq if item.claims]
    body = [c for s in sections for c in s.claims] + [c for item in faq for c in item.claims]

    glossary = []
    if audience != "clinician":
        text = " ".join(c.text for c in body)
        glossary = [e.as_term() for e in load_glossary().find_terms(f"{paper.title} {text}")][:12]

    printed = [Claim(text=headline, cites=[paper.id], kind="finding"), *body]
    recheck = verify_claims(printed, {paper.id: paper})
    check = ArticleCheck(
        checked=len(everything),
        passed=len(everything) - len([c for c in everything if c.text in bad]),
        dropped=[DroppedSentence(sentence=d.sentence, problem=d.problem) for d in dropped],
        printed=recheck.claims,
        printed_passed=recheck.passed,
    )
    about = (
        f"This article was written by Consilience, an automatic tool, from the abstract of the paper "
        f"cited below on {when}. Each sentence was checked against that abstract before it was shown: "
        f"every number had to appear in the paper or be plain arithmetic on its numbers, and "
        f"{len(bad)} sentence{'s' if len(bad) != 1 else ''} that failed {'was' if len(bad) == 1 else 'were'} left out. "
        "No person has reviewed it, and it is not medical advice."
    )
    return Article(
        paper_id=paper.id,
        audience=audience,
        design=w.design,
        alt_text=faq_mod.alt_text(w.design, topic),
        headline=headline if headline not in bad else (paper.title or "About this study"),
        subheadline=" ".join(c.text for c in sub if c.text not in bad),
        sections=sections,
        faq=faq,
        glossary=glossary,
        about=about,
        generated_on=when,
        citation=citation_block(paper),
        reading=reading_grade(" ".join(c.text for c in body)) if body else None,
        verification=check,
    )
