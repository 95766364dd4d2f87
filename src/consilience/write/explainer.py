"""A patient explainer of one research question, written from its :class:`~consilience.model.Answer`.

The explainer reuses what the Answer already worked out (verdict, GRADE certainty, pooled
estimates, per-trial results, subgroups, harms and references) and says it in plain words,
in the order a patient needs it: the short answer, what the condition is, the options, what
the research says (randomized trials first, then observational studies, then results in
smaller groups and on harms), how sure we can be, and questions to ask the care team.

Wording follows the design: randomized trials "showed", observational studies "linked" a
treatment with a result, and a result in a subgroup "may" be due to chance. Every sentence is
a :class:`~consilience.model.Claim`; the whole list goes through
:func:`consilience.verify.keep_verified` against the cited papers, and a sentence that fails
is dropped (and listed in ``verification.dropped``), never shown. Percentages such as
"29% lower" are exact arithmetic on a printed ratio and are declared in ``Claim.computed``.
A section the Answer cannot support is left out.

The plain words themselves (outcomes, certainty levels, harms) are in
:mod:`consilience.write.explainer_words`.

>>> AUDIENCES
('patient', 'public')
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from consilience.errors import QuestionError
from consilience.model import (
    Answer,
    ArticleCheck,
    Claim,
    DroppedSentence,
    Explainer,
    ExplainerSection,
    GlossaryTerm,
    GradeRating,
    Paper,
    PooledEstimate,
    Question,
    Reference,
    ReportedEstimate,
)
from consilience.question import is_exposure
from consilience.text import plural
from consilience.verify import keep_verified, verify_claims
from consilience.write.explainer_words import (
    BENEFIT_OUTCOMES,
    CERTAINTY_WORDS,
    HARM_WORDS,
    OUTCOMES,
    RATIO_NAMES,
    a_or_an,
    capital,
    count_words,
    definition_sentence,
    join_words,
    lower_first,
    outcome_words,
    outermost,
    percent_change,
    picture,
    plain_phrase,
    short_name,
    terms_with_surface,
)
from consilience.write.glossary import load_glossary
from consilience.write.plain import OBSERVATIONAL, explain_design
from consilience.write.readability import reading_grade

__all__ = ["AUDIENCES", "check_explainable", "write_explainer"]

log = logging.getLogger(__name__)

#: Who an explainer can be written for (clinicians read the Answer itself).
AUDIENCES = ("patient", "public")


_PEOPLE = re.compile(
    r"^(?:patients|people|women|men|adults|children|adolescents|infants|smokers|survivors|those|girls|boys)\b",
    re.I,
)
_TRIAL_CODE = re.compile(r"^[A-Z][A-Za-z]{0,7}-?\d{1,5}(?:-\d{1,3})?$")


@dataclass
class _Trial:
    paper_id: str
    cites: list[str]
    label: str
    n: int | None
    result: str  # benefit, worse, none, unclear
    estimate: ReportedEstimate | None = None

    @property
    def name(self) -> str:
        """'the MF07-01 trial', or '' when the trial has no code to name it by."""
        return f"the {self.label} trial" if _TRIAL_CODE.match(self.label) else ""


class _Writer:
    """Holds one Answer and the audience while the explainer is assembled."""

    def __init__(self, answer: Answer, papers: Mapping[str, Paper], audience: str) -> None:
        self.answer = answer
        self.papers = papers
        self.audience = audience
        # Each paper's design, from the study cards and the meter (cards cover the top papers only).
        self.designs = {c.paper_id: c.design for c in answer.cards}
        if answer.meter is not None:
            for stance in answer.meter.stances:
                self.designs.setdefault(stance.paper_id, stance.design)
        q = answer.question
        self.intervention = lower_first(q.intervention.strip()) or "the treatment"
        self.short = short_name(self.intervention)
        self.population = q.population.strip()
        self.exposure = is_exposure(q)  # "Is obesity associated with ...?": links, not benefits
        self.outcome = outcome_words(self.answer.outcome or q.outcome or "the outcome", q.direction)
        self.all_ids = [r.paper_id for r in self.answer.references]
        self.sections = {s.key: s for s in self.answer.sections}
        # 'Observational' is a hard word; patients read what such studies do instead.
        self.obs = (
            "observational studies"
            if audience == "public"
            else "studies that watched what happened to people"
        )
        self.trials = self._trials()

    # -- building blocks -----------------------------------------------------------

    def context(self, text: str) -> Claim:
        """A sentence that states no finding (it may repeat the question's own words)."""
        # Citing every reference lets a figure typed in the question ('stage 4') be traced.
        cites = self.all_ids if re.search(r"\d", text) else []
        return Claim(text=text, cites=cites, kind="context")

    @staticmethod
    def finding(text: str, cites: Sequence[str], computed: Sequence[str] = ()) -> Claim:
        return Claim(
            text=text,
            cites=list(dict.fromkeys(cites)),
            kind="computed" if computed else "finding",
            computed=list(computed),
        )

    def ratio_figure(self, measure: str, value: float, reversed_: bool = False) -> tuple[str, list[str]]:
        """' (hazard ratio 0.71)' for the public; '' for patients."""
        if self.audience != "public" or measure.upper() not in RATIO_NAMES:
            return "", []
        shown = f"{value:.3g}" if reversed_ else f"{value:g}"
        return f" ({RATIO_NAMES[measure.upper()]} {shown})", [shown] if reversed_ else []

    def helps(self, *, third_person: bool = True) -> str:
        """'helps people live longer' (or 'improves X' when the outcome has no plain reading)."""
        q = self.answer.question
        key = (self.answer.outcome or "").lower()
        many = plural(self.intervention)  # "statins help", "aspirin helps"
        if q.direction == "safe":
            return "be safe" if not third_person else "are safe" if many else "is safe"
        third_person = third_person and not many
        if key in BENEFIT_OUTCOMES and q.direction in ("improve", "any", "decrease"):
            return f"{'helps' if third_person else 'help'} people {self.outcome.base}"
        verb = {
            "improve": ("improves", "improve"),
            "decrease": ("reduces", "reduce"),
            "increase": ("increases", "increase"),
            "worsen": ("worsens", "worsen"),
        }.get(q.direction, ("changes", "change"))
        what = q.outcome or self.answer.outcome or "the outcome"
        return f"{verb[0] if third_person else verb[1]} {what}"

    # -- reading the Answer back ---------------------------------------------------

    def _trials(self) -> list[_Trial]:
        section = self.sections.get("randomized")
        if section is None:
            return []
        by_paper = {e.paper_id: e for e in self.answer.estimates if e.group == "randomized"}
        out = []
        for claim in section.claims:
            facts = claim.facts
            if facts is None or facts.kind != "trial-result" or not claim.cites:
                continue
            out.append(
                _Trial(
                    paper_id=claim.cites[0],
                    cites=list(claim.cites),
                    label=facts.label,
                    n=facts.n,
                    result=facts.result
                    if facts.result in ("benefit", "worse", "none", "benefit-elsewhere")
                    else "unclear",
                    estimate=by_paper.get(claim.cites[0]),
                )
            )
        return out

    def pooled(self, group: str) -> PooledEstimate | None:
        for p in self.answer.pooled:
            if p.group == group and p.outcome == self.answer.outcome and p.k >= 2:
                return p
        return None

    def grade(self) -> GradeRating | None:
        ratings = self.answer.certainty
        return next((g for g in ratings if g.outcome == self.answer.outcome), ratings[0] if ratings else None)

    # -- sections ------------------------------------------------------------------

    def headline(self) -> str:
        topic = capital(self.intervention)
        if self.population:
            topic += (
                f" for {self.population}" if not _PEOPLE.match(self.population) else f" in {self.population}"
            )
        return f"{topic}: what the research says"

    def summary(self) -> list[Claim]:
        a = self.answer
        i = self.intervention
        helps = self.helps()
        top = a.summary[0].cites if a.summary and a.summary[0].cites else self.all_ids
        grade = self.grade()
        basis = grade.basis if grade is not None else "randomized"
        claims: list[Claim] = []
        if a.label == "yes" and basis == "randomized":
            claims.append(self.finding(f"Randomized trials showed that {i} {helps}.", top))
        elif a.label == "yes":
            claims.append(self.finding(f"{capital(self.obs)} linked {i} with {self.outcome.noun}.", top))
            claims.append(self.context("These studies cannot prove that the treatment caused the result."))
        elif a.label == "no":
            claims.append(self.finding(f"The best studies did not show that {i} {helps}.", top))
        elif a.label == "possibly":
            claims.append(
                self.finding(
                    f"{capital(i)} may {self.helps(third_person=False)}, but the research is not clear.", top
                )
            )
        elif a.label == "mixed":
            claims.append(self.finding(f"The studies do not agree on whether {i} {helps}.", top))
        else:
            claims.append(self.context(f"There is not enough research here to say whether {i} {helps}."))
        if a.designs_disagree:
            # The Answer's own disagreement sentence cites the observational studies that differ.
            differing = next(
                (c.cites for c in a.summary if "Observational studies" in c.text and c.cites), []
            )
            if differing and a.label in ("no", "possibly", "mixed"):
                claims.append(
                    self.finding(
                        f"{capital(self.obs)} did link {self.short} with {self.outcome.noun}.", differing
                    )
                )
                claims.append(self.context("But these studies are less reliable than trials."))
            elif differing:
                claims.append(self.finding(f"{capital(self.obs)} did not agree with the trials.", differing))
        if grade is not None and grade.level in CERTAINTY_WORDS:
            claims.append(
                self.finding(
                    f"Overall, the evidence for this answer is {CERTAINTY_WORDS[grade.level][0]}.",
                    grade.paper_ids or top,
                )
            )
        return claims

    def condition(self) -> tuple[str, list[Claim], set[str]]:
        """'What is X?': glossary definitions of the terms in the population asked about."""
        if not self.population:
            return "", [], set()
        found = terms_with_surface(self.population, {"oncology", "medicine"})
        # The general term first ('breast cancer'), then what narrows it ('stage IV', 'de novo').
        found.sort(key=lambda hit: -hit[0])
        claims = [self.context(definition_sentence(surface, entry)) for _, surface, entry in found[:3]]
        name = _PEOPLE.sub("", self.population).strip() or self.population
        name = re.sub(r"^(?:with|who have|who had)\s+", "", name)
        return f"What is {name}?", claims, {entry.term for _, _, entry in found[:3]}

    def options(self, defined: set[str]) -> tuple[list[Claim], set[str]]:
        q = self.answer.question
        claims: list[Claim] = []
        if q.comparator:
            claims.append(
                self.context(
                    f"The research compares people who had {self.intervention} with people who had "
                    f"{lower_first(q.comparator)} instead."
                )
            )
        else:
            claims.append(
                self.context(
                    f"The research compares people who had {self.intervention} with people who did not."
                )
            )
        terms = outermost(terms_with_surface(self.intervention, None))
        terms += outermost(terms_with_surface(q.comparator, None))
        alone, alone_ids = self.comparator_from_titles() if not q.comparator else ("", [])
        if alone:
            share = "In the trials" if len(alone_ids) == len(self.trials) else "In some of the trials"
            claims.append(self.finding(f"{share}, the other group had {alone} alone.", alone_ids))
            terms += outermost(terms_with_surface(alone, None))
        for _, surface, entry in terms:
            if entry.term in defined:
                continue
            defined.add(entry.term)
            claims.append(self.context(definition_sentence(surface, entry)))
        return claims, defined

    def observational_ids(self) -> list[str]:
        """The observational studies the Answer counted (the cites of its first such sentence)."""
        section = self.sections.get("observational")
        return list(section.claims[0].cites) if section is not None and section.claims else []

    def comparator_from_titles(self) -> tuple[str, list[str]]:
        """'systemic therapy' when trial titles say '... versus systemic therapy alone'."""
        found: dict[str, list[str]] = {}
        for trial in self.trials:
            paper = self.papers.get(trial.paper_id)
            title = paper.title if paper is not None else ""
            m = re.search(r"\b(?:versus|vs\.?)\s+((?:\w+[- ]){0,3}\w+)\s+alone\b", title, re.I)
            if m:
                found.setdefault(m.group(1).lower(), []).append(trial.paper_id)
        if not found:
            return "", []
        phrase, ids = max(found.items(), key=lambda kv: len(kv[1]))
        return phrase, ids

    def research_intro(self) -> list[Claim]:
        kinds = []
        if self.trials:
            kinds.append("randomized trials")
        if self.reviews(trials_only=True) or (self.observational_ids() and self.reviews(trials_only=False)):
            kinds.append("reviews that combine many studies")
        if self.observational_ids():
            kinds.append(self.obs)
        if not kinds:
            return []
        claims = [self.context(f"The research on this question comes from {join_words(kinds)}.")]
        if len(kinds) > 1:
            claims.append(self.context("We start with the strongest kind."))
        return claims

    def trial_part(self) -> list[Claim]:
        trials = self.trials
        if not trials:
            return []
        s, o = self.short, self.outcome
        every = [p for t in trials for p in t.cites]
        claims = [
            self.finding(
                f"{capital(count_words(len(trials)))} randomized {'trial' if len(trials) == 1 else 'trials'} "
                f"tested {self.intervention}.",
                every,
                [str(len(trials))],
            ),
            self.context(explain_design("rct")),
        ]
        sizes = [t.n for t in trials]
        if len(trials) > 1 and all(n is not None for n in sizes):
            total = sum(n for n in sizes if n is not None)
            claims.append(self.finding(f"In all, {total:,} people took part.", every, [str(total)]))
        benefit = [t for t in trials if t.result == "benefit"]
        # Trials with no name and no figure to give say the same thing: one sentence cites them all
        # (three sentences "One trial showed …" would read as one trial, said three times).
        plain = [t for t in benefit if not t.name and not self.trial_figure(t)]
        if plain:
            count = len(plain)
            claims.append(
                self.finding(
                    f"{capital(count_words(count))} {'trial' if count == 1 else 'trials'} showed that people who "
                    f"had {s} {o.past}.",
                    [p for t in plain for p in t.cites],
                    [str(count)] if count > 1 else [],
                )
            )
        for t in [t for t in benefit if t not in plain][:3]:
            name = t.name or ("another trial" if plain else "one trial")
            claims.append(self.finding(f"{capital(name)} showed that people who had {s} {o.past}.", t.cites))
            claims += self.trial_figure(t)
        for t in [t for t in trials if t.result == "worse"][:3]:
            name = t.name or "one trial"
            claims.append(self.finding(f"{capital(name)} showed worse results with {s}.", t.cites))
        none = [t for t in trials if t.result == "none"]
        if len(none) == 1:
            name = none[0].name or (
                "the other trial" if len(trials) == 2 else "one trial" if len(trials) > 2 else "the trial"
            )
            claims.append(self.finding(f"{capital(name)} did not show a clear benefit.", none[0].cites))
        elif none:
            other = "other " if benefit else ""
            claims.append(
                self.finding(
                    f"{capital(count_words(len(none)))} {other}trials did not show a clear benefit.",
                    [p for t in none for p in t.cites],
                    [str(len(none))],
                )
            )
        elsewhere = [t for t in trials if t.result == "benefit-elsewhere"]
        if elsewhere:
            trial_s = "trial" if len(elsewhere) == 1 else "trials"
            also = " also" if benefit else ""
            claims.append(
                self.finding(
                    f"{capital(count_words(len(elsewhere)))} {trial_s} in other kinds of patients{also} showed "
                    f"that people who had {s} {o.past}.",
                    [p for t in elsewhere for p in t.cites],
                    [str(len(elsewhere))],
                )
            )
        unclear = [t for t in trials if t.result == "unclear"]
        if unclear:
            claims.append(
                self.finding(
                    f"{capital(count_words(len(unclear)))} {'trial' if len(unclear) == 1 else 'trials'} "
                    "gave an unclear answer.",
                    [p for t in unclear for p in t.cites],
                    [str(len(unclear))],
                )
            )
        claims += self.pooled_claims(self.pooled("randomized"), trials=True)
        claims += self.secondary()
        claims += self.reviews(trials_only=True)
        return claims

    def trial_figure(self, t: _Trial) -> list[Claim]:
        est, o = t.estimate, self.outcome
        if est is None or not o.event or est.effect.measure.upper() not in RATIO_NAMES or est.value <= 0:
            return []
        pct = percent_change(est.value)
        if pct == "0":
            return []
        way = "lower" if est.value < 1 else "higher"
        extra, computed = self.ratio_figure(est.effect.measure, est.value, est.reversed)
        return [
            self.finding(
                f"In this trial, the risk of {o.event} was {pct}% {way} with {self.short}{extra}.",
                [t.paper_id],
                [pct, *computed],
            )
        ]

    def pooled_claims(self, pooled: PooledEstimate | None, *, trials: bool) -> list[Claim]:
        if pooled is None:
            return []
        o, s = self.outcome, self.short
        clear = not (pooled.ci_low <= 1.0 <= pooled.ci_high)
        ids = list(pooled.paper_ids)
        claims: list[Claim] = []
        if trials:
            if clear:
                better = pooled.estimate < 1 if o.event else None
                what = {True: "a clear benefit", False: "a clear harm", None: "a clear difference"}[better]
                claims.append(self.finding(f"Taken together, the trials showed {what}.", ids))
            else:
                claims.append(
                    self.finding("Taken together, the trials did not show a clear difference.", ids)
                )
        if not o.event or pooled.measure.upper() not in RATIO_NAMES:
            return claims
        pct = percent_change(pooled.estimate)
        way = "lower" if pooled.estimate < 1 else "higher"
        low, high = percent_change(pooled.ci_high), percent_change(pooled.ci_low)
        if trials:
            claims.append(
                self.finding(
                    f"The best estimate is {a_or_an(pct)} {pct}% {way} risk of {o.event} with {s}.",
                    ids,
                    [pct],
                )
            )
        else:
            claims.append(
                self.finding(
                    f"Taken together, these studies linked {s} with {a_or_an(pct)} {pct}% {way} risk of {o.event}.",
                    ids,
                    [pct],
                )
            )
        if pooled.ci_low < 1 < pooled.ci_high:
            claims.append(
                self.finding(
                    f"But the true effect could be anywhere from {high}% lower to {low}% higher.",
                    ids,
                    [high, low],
                )
            )
            if trials:
                claims.append(
                    self.context(f"So {s} may help a little, make no difference, or even do some harm.")
                )
        elif pooled.ci_high < 1:
            claims.append(
                self.finding(f"The likely range is from {low}% to {high}% lower.", ids, [low, high])
            )
        elif pooled.ci_low > 1:
            claims.append(
                self.finding(f"The likely range is from {high}% to {low}% higher.", ids, [high, low])
            )
        return claims

    def secondary(self) -> list[Claim]:
        """Other outcomes the trials showed a clear difference in ('also reported ...')."""
        section = self.sections.get("randomized")
        if section is None:
            return []
        claims: list[Claim] = []
        for claim in section.claims:
            facts = claim.facts
            if facts is None or facts.kind != "also-reported" or not claim.cites or facts.inverted:
                continue
            words = OUTCOMES.get(facts.outcome.strip().lower())
            value, low, high = facts.value, facts.ci_low, facts.ci_high
            if (
                words is None
                or not words.event
                or value is None
                or low is None
                or high is None
                or facts.measure not in RATIO_NAMES
                or low <= 1.0 <= high
                or words is self.outcome
            ):
                continue
            pct = percent_change(value)
            way = "lower" if value < 1 else "higher"
            name = f"The {facts.label} trial" if _TRIAL_CODE.match(facts.label) else "One trial"
            extra, computed = self.ratio_figure(facts.measure, value)
            claims.append(
                self.finding(
                    f"{name} also showed that with {self.short}, the risk of {words.event} was {pct}% {way}{extra}.",
                    claim.cites[:1],
                    [pct, *computed],
                )
            )
            if len(claims) >= 2:
                break
        return claims

    def reviews(self, *, trials_only: bool) -> list[Claim]:
        section = self.sections.get("meta-analyses")
        if section is None:
            return []
        verdicts: dict[str, list[str]] = {}
        for claim in section.claims:
            facts = claim.facts
            if facts is None or facts.kind != "review" or not claim.cites:
                continue
            pooled = facts.pooled
            # trials_only: reviews of randomized trials alone; otherwise those that also pooled
            # observational studies (a review of unstated designs is in neither group)
            if trials_only != (pooled == "randomized trials") or (
                not trials_only and "observational" not in pooled
            ):
                continue
            verdicts.setdefault(facts.result, []).append(claim.cites[0])
        ids = [p for group in verdicts.values() for p in group]
        if not ids:
            return []
        noun = "review" if len(ids) == 1 else "reviews"
        kind = (
            f"{noun} that combined the results of trials"
            if trials_only
            else f"{noun} that also included such studies"
        )
        if len(verdicts) == 1:
            verdict = next(iter(verdicts))
            found = {
                "yes": "found a link" if self.exposure else "found a benefit",
                "no": "did not find a clear link" if self.exposure else "did not find a clear benefit",
                "possibly": "gave an unclear answer",
            }.get(verdict, "looked at this question")
        else:
            found = "came to different answers"
        return [self.finding(f"{capital(count_words(len(ids)))} {kind} {found}.", ids, [str(len(ids))])]

    def observational_part(self) -> list[Claim]:
        ids = self.observational_ids()
        if not ids:
            return []
        s, o = self.short, self.outcome
        one = len(ids) == 1
        count = capital(count_words(len(ids)))
        if self.audience == "public":
            lead = f"{count} observational {'study' if one else 'studies'} compared people who had {s} with people who did not."
        else:
            lead = f"{count} {'study' if one else 'studies'} watched what happened to people who did or did not have {s}."
        claims = [
            self.finding(lead, ids, [str(len(ids))]),
            self.context(
                f"In {'this study' if one else 'these studies'}, doctors and patients chose the treatment, not chance."
            ),
        ]
        linked = o.noun if self.answer.question.direction != "safe" else "no clear extra harm"
        # How many found the link asked about, as the Answer counted them ('9 support it, 3 do not').
        section = self.sections["observational"]
        counts = section.claims[0].facts
        yes, no = (counts.yes, counts.no) if counts is not None and counts.kind == "counts" else (0, 0)
        if 0 < yes < len(ids):
            claims.append(
                self.finding(f"In {count_words(yes)} of them, {s} was linked with {linked}.", ids, [str(yes)])
            )
        elif yes == len(ids):
            where = "In this study" if one else "In all of them"
            claims.append(self.finding(f"{where}, {s} was linked with {linked}.", ids))
        if no:
            claims.append(
                self.finding(
                    f"{capital(count_words(no))} {'study' if no == 1 else 'studies'} did not find such a link.",
                    ids,
                    [str(no)],
                )
            )
        claims += self.pooled_claims(self.pooled("observational"), trials=False)
        if yes:
            claims.append(
                self.context(
                    f"But {'such a study' if one else 'these studies'} cannot prove that {s} caused this."
                )
            )
            bias = self.sections.get("bias")
            if bias is not None:
                claims.append(
                    self.context(
                        f"Doctors may offer {s} more often to people who are fitter or whose illness is milder. "
                        f"That alone can make {s} look better than it is."
                    )
                )
                if any("immortal" in c.text for c in bias.claims):
                    claims.append(
                        self.context(
                            f"Also, people must live long enough to have {s}, which can make it look better."
                        )
                    )
        if self.answer.designs_disagree and self.trials:
            claims.append(self.context("When trials and these studies disagree, trials are more reliable."))
        claims += self.reviews(trials_only=False)
        return claims

    def subgroup_part(self) -> list[Claim]:
        section = self.sections.get("subgroups")
        if section is None:
            return []
        found: list[tuple[bool, int, str, str]] = []
        for claim in section.claims:
            facts = claim.facts
            if facts is None or facts.kind != "subgroup" or not claim.cites:
                continue
            phrase = facts.phrase.strip()
            # Only a named group of people ('those with ...'), short enough to read.
            if not _PEOPLE.match(phrase) or len(phrase.split()) > 12:
                continue
            trial = "randomized" not in facts.design
            found.append((trial, len(phrase.split()), plain_phrase(phrase), claim.cites[0]))
        found.sort(key=lambda f: f[:2])
        phrases: list[str] = []
        ids: list[str] = []
        for _, _, phrase, paper_id in found:
            if phrase not in phrases and len(phrases) < 2:
                phrases.append(phrase)
                ids.append(paper_id)
        if not phrases:
            return []
        return [
            self.context("Some studies looked at smaller groups of people on their own."),
            self.finding(f"These included {join_words(phrases)}.", ids),
            self.context(
                "The results in these smaller groups may differ from the whole group. But they may also be due to "
                "chance, so they need testing in new trials."
            ),
        ]

    def harms_part(self) -> list[Claim]:
        section = self.sections.get("harms")
        if section is None:
            return []
        data: dict[str, list[str]] = {}
        # Studies that found the same about the same harm share one sentence ("Two studies reported
        # no side effects [2, 4]"); two identical sentences would lose the second one's citation.
        alike: dict[tuple[str, str], list[tuple[str, str]]] = {}
        claims: list[Claim | tuple[str, str]] = []
        for claim in section.claims:
            if claim.kind == "context" and not claim.cites:
                claims.append(
                    self.context(
                        "The summaries of these studies did not report on side effects or quality of life."
                    )
                )
                continue
            facts = claim.facts
            if facts is None or facts.kind != "harm" or not claim.cites:
                continue
            term = facts.phrase.strip().lower()
            term = _plain_harm(term)
            # One claim may stand for several unnamed studies ("two studies reported ...").
            many = len(claim.cites) > 1
            name = (
                f"The {facts.label} trial"
                if _TRIAL_CODE.match(facts.label)
                else f"{capital(count_words(len(claim.cites)))} studies"
                if many
                else "One study"
            )
            if facts.result == "data":
                data.setdefault(term, []).extend(claim.cites)
            elif facts.result in ("none", "ruled-out"):
                if (facts.result, term) not in alike:
                    claims.append((facts.result, term))  # written below, once all are known
                alike.setdefault((facts.result, term), []).extend(
                    (name if not many else "One study", cite) for cite in claim.cites
                )
            elif self.designs.get(claim.cites[0]) in OBSERVATIONAL:
                claims.append(
                    self.finding(f"{name} linked {self.short} with {facts.result} {term}.", claim.cites)
                )
            else:
                claims.append(
                    self.finding(f"{name} found {facts.result} {term} with {self.short}.", claim.cites)
                )
        written = [c if isinstance(c, Claim) else self._alike_harm(c, alike[c]) for c in claims]
        if data:
            written.insert(
                0,
                self.finding(
                    f"Some studies also reported on {join_words(list(data))}.",
                    [p for ids in data.values() for p in ids],
                ),
            )
        return written

    def _alike_harm(self, key: tuple[str, str], studies: list[tuple[str, str]]) -> Claim:
        """One sentence for the studies that found the same about one harm."""
        result, term = key
        name = studies[0][0] if len(studies) == 1 else f"{capital(count_words(len(studies)))} studies"
        said = f"found no clear difference in {term}" if result == "none" else f"reported no {term}"
        return self.finding(f"{name} {said}.", [paper_id for _, paper_id in studies])

    def certainty_part(self) -> list[Claim]:
        grade = self.grade()
        if grade is None or grade.level not in CERTAINTY_WORDS:
            return []
        o = self.outcome
        ids = grade.paper_ids or self.all_ids
        claims = [
            self.context("Experts rate how sure we can be about research results, from very low to high."),
            self.finding(f"For {o.about}, the certainty of the evidence is {grade.level}.", ids),
            self.context(CERTAINTY_WORDS[grade.level][1]),
        ]
        studies = "trials" if grade.basis == "randomized" else "studies"
        for reason in grade.reasons:
            cites = reason.paper_ids or ids
            if reason.domain == "inconsistency":
                claims.append(self.finding(f"The {studies} did not agree well with each other.", cites))
            elif reason.domain == "imprecision":
                if "includes no effect" in reason.text:
                    claims.append(
                        self.finding("The results leave open the chance that there is no real effect.", cites)
                    )
                if "fewer than" in reason.text:
                    claims.append(self.finding("Too few people took part to be sure.", cites))
            elif reason.domain == "risk of bias":
                claims.append(self.finding(f"Some {studies} had weak points in how they were done.", cites))
            elif reason.domain == "indirectness":
                claims.append(
                    self.finding(
                        f"Some {studies} looked at people or treatments that differ from the question.", cites
                    )
                )
            elif reason.domain == "publication bias":
                claims.append(
                    self.context("Some studies may never have been published, which can skew the picture.")
                )
            elif reason.change > 0:
                claims.append(self.finding("The effect was large, which makes us more sure.", cites))
        if grade.basis == "observational":
            claims.append(
                self.context(f"This rating rests on {self.obs}. Such studies start lower than trials.")
            )
        open_section = self.sections.get("open")
        if open_section is not None:
            asking = [c for c in open_section.claims if c.cites and "called for" in c.text]
            if asking:
                claims.append(
                    self.finding("Researchers have called for more or larger trials.", asking[0].cites)
                )
        return claims

    def questions(self) -> list[Claim]:
        s, i = self.short, self.intervention
        q = self.answer.question
        out = [
            f"Could {i} help someone like me?",
            f"What could I gain from {s}, and what are the risks?",
            f"How does {s} compare with {lower_first(q.comparator)} for me?"
            if q.comparator
            else f"What would happen if I did not have {s}?",
        ]
        if self.sections.get("harms") is not None:
            out.append(f"How might {s} affect my daily life?")
        if self.sections.get("subgroups") is not None and self.subgroup_part():
            out.append("Do the results for smaller groups apply to me?")
        grade = self.grade()
        if (
            grade is None
            or grade.level in ("low", "very low")
            or self.answer.label == "insufficient evidence"
        ):
            out.append("Is there a clinical trial I could join?")
        out.append("Where can I get a second opinion?")
        return [self.context(text) for text in out]


def _plain_harm(term: str) -> str:
    """A harm in plain words, its qualifier kept: "serious adverse events" -> "serious side effects".

    >>> _plain_harm("serious adverse events"), _plain_harm("toxicity"), _plain_harm("pain")
    ('serious side effects', 'side effects', 'pain')
    """
    words = term.split()
    for start in range(len(words)):
        plain = HARM_WORDS.get(" ".join(words[start:]))
        if plain is not None:
            return " ".join([*words[:start], plain])
    return term


def check_explainable(question: Question) -> None:
    """Raise :class:`QuestionError` unless the question names an outcome to explain.

    An explainer's sentences speak of a treatment or exposure and what it does; a statement read
    as a whole has neither, and would read "people who had <the whole statement>".
    """
    if not question.outcome:
        raise QuestionError(
            f"cannot write an explainer for {question.text!r}: it was not read as a question about a "
            'treatment or exposure and an outcome (try "Does X improve Y in Z?"); `consilience ask` answers '
            "it as it stands"
        )


def write_explainer(
    answer: Answer,
    papers: Mapping[str, Paper],
    *,
    audience: str = "patient",
    today: str | date | None = None,
) -> Explainer:
    """Write a checked plain-language explainer of ``answer`` for ``audience``.

    ``papers`` maps the ids the answer cites to the papers (the checker reads their numbers);
    ``today`` fixes the date in the provenance note, for reproducible output.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    check_explainable(answer.question)
    when = today.isoformat() if isinstance(today, date) else (today or date.today().isoformat())
    w = _Writer(answer, papers, audience)
    headline = w.headline()

    condition_heading, condition, defined = w.condition()
    options, defined = w.options(defined)
    raw: list[tuple[str, str, int, str, list[Claim]]] = [
        ("summary", "The short answer", 2, "prose", w.summary()),
        ("condition", condition_heading, 2, "prose", condition),
        ("options", "What are the options?", 2, "prose", options),
        ("research", "What the research says", 2, "prose", w.research_intro()),
        ("trials", "What randomized trials showed", 3, "prose", w.trial_part()),
        ("observational", "What observational studies found", 3, "prose", w.observational_part()),
        ("subgroups", "Results in smaller groups", 3, "prose", w.subgroup_part()),
        ("harms", "Side effects and quality of life", 3, "prose", w.harms_part()),
        ("certainty", "How sure can we be?", 2, "prose", w.certainty_part()),
        ("questions", "Questions to ask your care team", 2, "bullets", w.questions()),
    ]
    header = Claim(text=headline, cites=w.all_ids if re.search(r"\d", headline) else [], kind="context")
    everything = [header, *(c for *_, claims in raw for c in claims)]
    _, dropped = keep_verified(everything, papers)
    bad = {d.sentence for d in dropped}
    for problem in dropped:
        log.warning("explainer: dropped %r (%s)", problem.sentence, problem.problem)

    sections: list[ExplainerSection] = []
    seen: set[str] = set()
    for key, heading, level, style, claims in raw:
        kept = []
        for claim in claims:
            if claim.text not in bad and claim.text not in seen:
                seen.add(claim.text)
                kept.append(claim)
        if kept and heading:
            sections.append(ExplainerSection(key=key, heading=heading, level=level, style=style, claims=kept))
    # 'What the research says' stands only over parts that survived.
    if not any(s.level == 3 for s in sections):
        sections = [s for s in sections if s.key != "research"]

    references = _references(sections, answer.references)
    body = [c for s in sections for c in s.claims]
    text = " ".join(c.text for c in body)
    glossary = [
        GlossaryTerm(term=e.term, definition=e.definition, category=e.category)
        for e in load_glossary().find_terms(f"{headline} {text}")
        if e.term not in defined
    ][:10]

    printed = [header, *body] if headline not in bad else body
    recheck = verify_claims(printed, papers)
    check = ArticleCheck(
        checked=len(everything),
        passed=len(everything) - len([c for c in everything if c.text in bad]),
        dropped=[DroppedSentence(sentence=d.sentence, problem=d.problem) for d in dropped],
        printed=recheck.claims,
        printed_passed=recheck.passed,
    )
    grade = w.grade()
    about = (
        f"This explainer was written by Consilience, an automatic tool, on {when}. It is based on the "
        f"answer Consilience gave to the question \u201c{answer.question.text}\u201d from the studies in its "
        f"library, and it cites {len(references)} of them. Each sentence was checked against the studies it "
        f"cites: every number had to appear in one of them or be plain arithmetic on their numbers, and "
        f"{len(bad)} sentence{'s' if len(bad) != 1 else ''} that failed {'was' if len(bad) == 1 else 'were'} left "
        "out. No person has reviewed "
        "it, and it is not medical advice."
    )
    return Explainer(
        question=answer.question.text,
        audience=audience,
        label=answer.label,
        outcome=answer.outcome,
        certainty=grade.level if grade is not None else "",
        alt_text=f"{picture(answer.label)}, for an explainer on {w.intervention}.",
        headline=headline if headline not in bad else answer.question.text,
        sections=sections,
        glossary=glossary,
        references=references,
        about=about,
        generated_on=when,
        reading=reading_grade(text) if body else None,
        verification=check,
    )


def _references(sections: Sequence[ExplainerSection], available: Sequence[Reference]) -> list[Reference]:
    """The references the printed text cites (context sentences print no markers), numbered
    in order of first citation."""
    by_id = {r.paper_id: r for r in available}
    order: list[str] = []
    for section in sections:
        for claim in section.claims:
            if claim.kind == "context":
                continue
            for paper_id in claim.cites:
                if paper_id in by_id and paper_id not in order:
                    order.append(paper_id)
    return [by_id[p].model_copy(update={"number": n}) for n, p in enumerate(order, 1)]
