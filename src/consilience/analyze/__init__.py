"""Per-paper analysis: every rule-based extractor run over one paper, as a :class:`StudyFacts`.

``analyze_paper`` is pure (a paper in, facts out); caching and incremental re-analysis live
in :mod:`consilience.store.facts` and :meth:`consilience.Library.analyze`.

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", title="Drug X versus placebo: a randomised trial",
...               sections=[Section(label="RESULTS", text="We randomly assigned 300 adults to drug X "
...                                 "or placebo. Death fell (HR 0.66, 95% CI 0.49-0.88; P=0.005).")])
>>> facts = analyze_paper(paper)
>>> facts.n, [(e.measure, e.value, e.ci_low, e.ci_high, e.p_value) for e in facts.effects]
(300, [('HR', 0.66, 0.49, 0.88, 0.005)])
"""

from __future__ import annotations

from consilience.analyze import design as _design
from consilience.analyze.bias import extract_bias_cues, extract_country, extract_setting
from consilience.analyze.effects import extract_effects
from consilience.analyze.pico import extract_pico
from consilience.analyze.sample_size import counts_of_people, extract_sample_sizes
from consilience.analyze.survival import (
    extract_event_counts,
    extract_follow_up,
    extract_medians,
    extract_survival_points,
)
from consilience.analyze.takeaway import select_takeaway
from consilience.model import Paper, StudyDesign, StudyFacts

__all__ = ["ANALYZER_VERSION", "FACTS_VERSION", "analyze_paper", "classify"]

#: Bump when any extractor here changes, so cached facts are recomputed.
FACTS_VERSION = "facts-83"

classify = _design.classify_design
#: How sure the design call must be before an animal study's bare counts are dropped: below it,
#: human studies called animal lose their size ("Healthy male subjects ... n = 15", called
#: animal at 0.35 for "In Vivo" in its title).
ANIMAL_CONFIDENCE = 0.7
_DESIGN_VERSION = str(_design.ANALYZER_VERSION)

#: The version stamped on every StudyFacts (ours plus the design classifier's).
ANALYZER_VERSION = f"{FACTS_VERSION}+{_DESIGN_VERSION}"


def analyze_paper(paper: Paper) -> StudyFacts:
    """Run every extractor over one paper; each fact carries the span it came from."""
    effects = extract_effects(paper)
    design = classify(paper)
    sample_sizes = extract_sample_sizes(paper)
    if design.design is StudyDesign.ANIMAL and design.confidence >= ANIMAL_CONFIDENCE:
        # an animal study's bare counts ("(n = 9)") are of animals (EFFECTS_LABELS.md: no
        # sample size of people); a count of people in it stays ("94 patients" beside mice)
        sample_sizes = counts_of_people(paper, sample_sizes)
    facts = StudyFacts(
        paper_id=paper.id,
        analyzer_version=ANALYZER_VERSION,
        design=design,
        sample_sizes=sample_sizes,
        pico=extract_pico(paper),
        effects=effects,
        survival=extract_survival_points(paper),
        medians=extract_medians(paper),
        events=extract_event_counts(paper),
        country=extract_country(paper),
        takeaway=select_takeaway(paper, effects),
    )
    follow_up = extract_follow_up(paper)
    if follow_up is not None:
        facts.follow_up_months, facts.follow_up = follow_up
    facts.bias = extract_bias_cues(paper, n=facts.n)
    facts.setting = extract_setting(facts.bias)
    return facts
