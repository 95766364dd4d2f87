"""'Everything you need to know': five reader questions, answered only from the paper.

The questions are the ones readers ask of a study: what the condition or treatment is, what
the study found, who it applies to, how strong the evidence is, and what it means for
decisions. A question the paper cannot answer is left out rather than padded.

>>> alt_text("rct", "Surgery for stage IV breast cancer")
'Two groups of people side by side, with a doctor comparing their results, for an article on surgery for stage IV breast cancer.'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from consilience.model import EVIDENCE_LEVEL, Claim, Span, StudyDesign
from consilience.text import BACKGROUND_SECTION
from consilience.write.glossary import load_glossary
from consilience.write.plain import country_phrase, design_noun, finding_verb

if TYPE_CHECKING:
    from consilience.write.article import _Writer

__all__ = ["EVIDENCE_STRENGTH", "alt_text", "build_faq"]

#: What each evidence level means, in plain words (1 is strongest).
EVIDENCE_STRENGTH = {
    1: "Reviews that pool many studies give the strongest evidence, as long as the studies in them are good.",
    2: "A randomized trial is the strongest kind of single study for testing a treatment.",
    3: "This kind of study can show links between a treatment and results, but it cannot prove cause and effect.",
    4: "This kind of study gives weak evidence, because it has no fair comparison group.",
    5: "This kind of work gives early or indirect evidence, which often does not hold up in people.",
}

_PICTURE = {
    "rct": "Two groups of people side by side, with a doctor comparing their results",
    "meta-analysis": "A stack of research papers with a single summary chart on top",
    "systematic-review": "A stack of research papers with a single summary chart on top",
    "retrospective-cohort": "A doctor reading through a shelf of past medical records",
    "registry": "A large screen of health records with a chart rising from it",
    "prospective-cohort": "A group of people walking along a timeline, watched by a researcher",
}


def alt_text(design: str, topic: str) -> str:
    """A one-line description of a suitable illustration (no figures, nothing claimed)."""
    picture = _PICTURE.get(design, "A doctor and a patient talking over a research paper")
    about = f", for an article on {topic[:1].lower() + topic[1:]}" if topic else ""
    return f"{picture}{about}."


def _what_is(w: _Writer) -> tuple[str, list[Claim]] | None:
    glossary = load_glossary()
    found = [
        e
        for e in glossary.find_terms(f"{w.paper.title} {w.paper.abstract[:400]}")
        if e.category in {"oncology", "medicine"} and e.term not in {"survival", "surgery"}
    ]
    # A named disease first ('breast cancer'), then any treatment or medical term.
    found.sort(
        key=lambda e: not e.term.endswith(("cancer", "disease", "oma", "emia", "aemia", "itis", "betes"))
    )
    if not found:
        return None
    entry = found[0]
    return f"What is {entry.term}?", [Claim(text=entry.definition, kind="context")]


#: A span that reports an event ("patients in any of the groups developed deep vein thrombosis")
#: or names one arm ("patients in the placebo group") does not say who was studied.
_NOT_WHO_WAS_STUDIED = re.compile(
    r"\b(?:developed|died|experienced|suffered|showed|reported)\b|"
    r"\b(?:placebo|control|intervention|treatment|experimental)\s+(?:group|arm)s?\b",
    re.IGNORECASE,
)


def _population(w: _Writer) -> list[Claim]:
    facts = w.facts
    if facts is None:
        return []
    sections = w.paper.sections

    def background(span: Span) -> bool:
        # "Surgery in women with X remains debated": the background names who the question is
        # about in general, the methods who was studied.
        if not 0 <= span.section < len(sections):
            return False
        section = sections[span.section]
        return bool(BACKGROUND_SECTION.match(section.category or section.label or ""))

    spans = sorted(
        (
            s
            for s in facts.pico.population
            if 4 <= len(s.text.split()) <= 20 and not _NOT_WHO_WAS_STUDIED.search(s.text)
        ),
        key=lambda s: (background(s), -len(s.text)),
    )
    claims: list[Claim] = []
    if spans:
        text = spans[0].text.strip().rstrip(".")
        claims += [
            Claim(
                text=f"The study looked at {text[:1].lower() + text[1:]}.",
                cites=[w.paper.id],
                spans=[spans[0]],
                kind="finding",
            )
        ]
    return claims


def build_faq(w: _Writer, takeaway: list[Claim], topic: str) -> list[tuple[str, list[Claim]]]:
    """The five questions with their answers (unanswerable ones left out)."""
    items: list[tuple[str, list[Claim]]] = []
    what_is = _what_is(w)
    if what_is is not None:
        items.append(what_is)

    findings = [c for c in takeaway if c.kind == "finding"]
    if w.facts is not None:
        effects = w.main_effects()
        if effects:
            from consilience.write.findings import effect_gloss

            gloss = effect_gloss(effects[0], w.paper.id, w.audience)
            if gloss is not None:
                findings.append(gloss)
    if findings:
        items.append(("What did the study find?", findings))

    who = _population(w)
    if w.facts is not None and w.facts.country:
        who.append(
            Claim(
                text=f"All the people studied were in {country_phrase(w.facts.country)}.", cites=[w.paper.id]
            )
        )
    if who:
        who.append(
            Claim(
                text="The results may not apply to people who differ from those in the study.", kind="context"
            )
        )
        items.append(("Who does this apply to?", who))

    strength: list[Claim] = []
    try:
        level = EVIDENCE_LEVEL[StudyDesign(w.design)]
    except ValueError:  # pragma: no cover - every design string comes from StudyDesign
        level = 5
    if w.design != "other":
        strength.append(Claim(text=f"This was a {design_noun(w.design, w.audience)}.", cites=[w.paper.id]))
        strength.append(Claim(text=EVIDENCE_STRENGTH[level], kind="context"))
        strength += [c for c in w.size_claims()]
        strength += [c for c in w.limits() if c.kind == "finding"][:2]
    if strength:
        items.append(("How strong is the evidence?", strength))

    decide: list[Claim] = [Claim(text="One study alone rarely settles a question.", kind="context")]
    verb = finding_verb(w.design)
    if w.design == "rct":
        decide.append(
            Claim(
                text="Because its groups were formed by chance, what it showed can guide choices about "
                "treatment, alongside other studies.",
                kind="context",
            )
        )
    elif w.design in {"meta-analysis", "systematic-review"}:
        decide.append(
            Claim(
                text="Because it pools many studies, what it showed can guide choices about treatment, "
                "as long as those studies were sound.",
                kind="context",
            )
        )
    elif verb == "was associated with":
        decide.append(
            Claim(
                text="Its results should be tested in randomized trials before they change care.",
                kind="context",
            )
        )
    decide.append(
        Claim(text="Talk with your care team about what fits your own situation.", kind="context")
        if w.audience != "clinician"
        else Claim(text="Weigh it with the randomized evidence and the patient's own goals.", kind="context")
    )
    items.append(("What does this mean for treatment decisions?", decide))
    return items
