"""Context patterns for :mod:`consilience.analyze.design`: what surrounds the design cues.

:mod:`consilience.analyze.design_cues` says which phrases are evidence of which design; these
patterns say how to read them: a negation just before a cue, a sentence about other studies,
people as subjects, the abstract's own research voice, laboratory vocabulary, the priors that
PublicationType and MeSH give, and the wording of trials re-used for another question.

>>> bool(NEGATION_BEFORE.search("a non-")), bool(DISCOUNT_SENTENCE.search("Further trials are needed."))
(True, True)
"""

from __future__ import annotations

import re

from consilience.analyze.fast_patterns import trie_regex
from consilience.model import StudyDesign

D = StudyDesign
_I = re.IGNORECASE

#: Words just before a cue that turn it around ("non-randomized", "not randomly").
NEGATION_BEFORE = re.compile(
    r"(?:\bnon|\bnot|\bun|\bquasi|\bpseudo|\bwithout|\bno|\bnever|\bnor)[- ]?(?:been |being |be )?$", _I
)

#: Sentences about other or future studies: their design words describe somebody else's work.
DISCOUNT_SENTENCE = re.compile(
    r"\b(?:are|is|were|remain|be) (?:still |urgently |therefore |also )?(?:needed|warranted|required|"
    r"necessary|lacking|scarce|limited|justified)\b|"
    r"\b(?:further|future|larger|additional|well[- ]designed|more|adequately powered)\s+(?:\w+[- ]?){0,3}"
    r"(?:trials?|studies|research|investigations?)\b|"
    r"\b(?:previous(?:ly)?|prior|earlier|recent) (?:\w+ ){0,3}(?:trials?|studies|meta-analys[ie]s|reviews?)\b|"
    r"\bhave (?:shown|suggested|demonstrated|reported)\b",
    _I,
)

_PEOPLE_WORDS = [
    "patient",
    "patients",
    "participant",
    "participants",
    "women",
    "men",
    "children",
    "adult",
    "adults",
    "infant",
    "infants",
    "adolescent",
    "adolescents",
    "volunteer",
    "volunteers",
    "subjects",
    "individuals",
    "persons",
    "people",
    "respondents",
    "physicians",
    "nurses",
    "inpatients",
    "outpatients",
    "veterans",
    "residents",
    "students",
    "cases",
    "survivors",
    "workers",
    "employees",
    "mothers",
    "fathers",
    "parents",
    "families",
    "twins",
    "smokers",
    "donors",
    "recipients",
    "athletes",
    "elderly",
    "clinicians",
    "beneficiaries",
    "members",
    "aged",
]
#: People as subjects: counts against calling a paper animal or in-vitro work. (The words as a
#: trie: it is scanned over every abstract, and sre tries a plain alternation word by word.)
HUMAN_CUES = re.compile(
    r"\b(?:" + trie_regex(sorted(_PEOPLE_WORDS)) + r"|pregnan\w+|years of age)\b",
    _I,
)


#: First-person research voice: the abstract reports its own study (absent in narrative reviews).
RESEARCH_VOICE = re.compile(
    r"\b(?:here,? )?we (?:show|demonstrate|found|find|report|identif(?:y|ied)|observed|investigated|examined|"
    r"performed|used|measured|analy[sz]ed|tested|generated|conducted|compared|studied|assessed|evaluated|"
    r"enrolled|recruited|determined|sought|aimed|describe|present|developed|characteri[sz]ed)\b|"
    r"\bwe (?:have )?[a-z]+ed\b(?<!\breviewed)|"
    r"\b\d[\d,]* (?:consecutive |adult |eligible |healthy )?(?:patients|participants|subjects|women|men|children|cases|"
    r"eyes|individuals|volunteers|mice|rats)\b|"
    r"\bour (?:results|data|findings|study)\b|\b(?:this|the present|the current) (?:study|trial|work|analysis)\b|"
    r"\bthe aim of (?:this|the) study\b|\b(?:were|was) (?:enrolled|recruited|included|analy[sz]ed|measured|"
    r"assessed|examined|performed|randomi[sz]ed|treated|studied|tested|identified|determined|isolated|"
    r"detected|obtained|collected|generated)\b|"
    # Bench papers often report in the passive or about "this paper": "PX-866 was tested against 13
    # xenografts", "This paper investigates the sequences involved".
    r"\b(?:this|the present) (?:paper|report) (?:investigates|reports|shows|demonstrates|examines)\b",
    _I,
)

#: Live animals used in the work (eval/gold/DESIGN_LABELS.md: animal if live animals are used
#: anywhere, even in a mostly cell-based paper): in vivo experiments, xenografts, engineered or
#: treated animals, findings "in mice".
LIVE_ANIMALS = re.compile(
    r"(?P<vivo>\bin vivo\b)|\bxenografts?\b|\b(?:knock-?out|transgenic|deficient|null|nude|mutant|wild-type) "
    r"(?:mice|rats|animals|zebrafish)\b|\b(?:in|into|of) (?:\w+ )?(?:mice|rats|rodents|animals)\b|"
    r"\b(?:mice|rats|animals) (?:were|was|that|lacking|treated|given|fed|injected)\b|"
    r"\b(?:mouse|rat|murine|animal) models?\b",
    _I,
)

#: Where "in vivo" means no animal: inside living microbes, or work not done yet ("a rationale
#: for an in vivo exploration").
MICROBES = re.compile(
    r"\b(?:bacteri\w*|prokaryot\w*|E\. coli|Escherichia|yeasts?|Saccharomyces|Salmonella)\b", _I
)
NOT_DONE_YET = re.compile(
    r"\b(?:rationale|future|further|warrant\w*|explor\w*|remains? to be)\b[^.;]{0,30}$", _I
)

#: Laboratory vocabulary that marks bench science even when no design word appears.
LAB_VOCABULARY = re.compile(
    r"\b(?:proteins?|enzymes?|kinases?|phosphorylat\w+|mRNA|transcription(?:al)?|gene expression|promoter|"
    r"receptors?|ligands?|binding|complex(?:es)?|domains?|mutations?|mutants?|chromatin|histones?|DNA|RNA|"
    r"microRNAs?|miR-\d+|signall?ing|pathways?|molecular|cellular|apoptosis|autophagy|mitochondria\w*|"
    r"metaboli(?:sm|tes?)|membranes?|replication|splicing|peptides?|antibod(?:y|ies)|antigens?|T cells|B cells|"
    r"stem cells|differentiation|proliferation|genome|genomic|epigenetic|methylation|sequencing)\b",
    _I,
)


def _prior(*pairs: tuple[StudyDesign, float]) -> tuple[tuple[StudyDesign, float], ...]:
    return pairs


#: PublicationType (lower-cased) -> designs it supports, with weights. Strong but overridable.
PRIOR_PUBTYPES: dict[str, tuple[tuple[StudyDesign, float], ...]] = {
    "meta-analysis": _prior((D.META_ANALYSIS, 8.0)),
    "network meta-analysis": _prior((D.META_ANALYSIS, 8.0)),
    "systematic review": _prior((D.SYSTEMATIC_REVIEW, 7.0)),
    "randomized controlled trial": _prior((D.RCT, 8.0)),
    "pragmatic clinical trial": _prior((D.RCT, 3.0)),
    "equivalence trial": _prior((D.RCT, 3.0)),
    "controlled clinical trial": _prior((D.NON_RANDOMIZED_TRIAL, 4.0)),
    "clinical trial, phase i": _prior((D.NON_RANDOMIZED_TRIAL, 4.0)),
    "clinical trial, phase ii": _prior((D.NON_RANDOMIZED_TRIAL, 2.5)),
    "clinical trial, phase iii": _prior((D.RCT, 3.0)),
    "clinical trial, phase iv": _prior((D.NON_RANDOMIZED_TRIAL, 2.0)),
    "clinical trial": _prior((D.NON_RANDOMIZED_TRIAL, 2.0), (D.RCT, 1.0)),
    "observational study": _prior((D.PROSPECTIVE_COHORT, 1.0), (D.RETROSPECTIVE_COHORT, 1.0)),
    "case reports": _prior((D.CASE_REPORT, 8.0)),
    "review": _prior((D.NARRATIVE_REVIEW, 4.0)),
    "scientific integrity review": _prior((D.NARRATIVE_REVIEW, 4.0)),
    "practice guideline": _prior((D.GUIDELINE, 8.0)),
    "guideline": _prior((D.GUIDELINE, 8.0)),
    "consensus development conference": _prior((D.GUIDELINE, 8.0)),
    "consensus development conference, nih": _prior((D.GUIDELINE, 8.0)),
    "editorial": _prior((D.NARRATIVE_REVIEW, 4.0)),
    "comment": _prior((D.NARRATIVE_REVIEW, 2.0)),
    "letter": _prior((D.OTHER, 1.0)),
}

#: MeSH descriptors (lower-cased) -> designs: weaker than PublicationType (indexers add them liberally).
PRIOR_MESH: dict[str, tuple[tuple[StudyDesign, float], ...]] = {
    "prospective studies": _prior((D.PROSPECTIVE_COHORT, 2.0)),
    "cohort studies": _prior((D.PROSPECTIVE_COHORT, 1.0), (D.RETROSPECTIVE_COHORT, 1.0)),
    "longitudinal studies": _prior((D.PROSPECTIVE_COHORT, 1.5)),
    "follow-up studies": _prior((D.PROSPECTIVE_COHORT, 0.5)),
    "retrospective studies": _prior((D.RETROSPECTIVE_COHORT, 2.5)),
    "case-control studies": _prior((D.CASE_CONTROL, 3.0)),
    "cross-sectional studies": _prior((D.CROSS_SECTIONAL, 3.0)),
    "surveys and questionnaires": _prior((D.CROSS_SECTIONAL, 1.0)),
    "health surveys": _prior((D.CROSS_SECTIONAL, 1.5)),
    "registries": _prior((D.REGISTRY, 2.0)),
    "seer program": _prior((D.REGISTRY, 4.0)),
    "random allocation": _prior((D.RCT, 2.0)),
    "double-blind method": _prior((D.RCT, 2.0)),
    "single-blind method": _prior((D.RCT, 1.5)),
    "cells, cultured": _prior((D.IN_VITRO, 2.0)),
    "cell line": _prior((D.IN_VITRO, 2.0)),
    "cell line, tumor": _prior((D.IN_VITRO, 2.0)),
    "disease models, animal": _prior((D.ANIMAL, 2.0)),
    "cost-benefit analysis": _prior((D.OTHER, 2.0)),
    "sensitivity and specificity": _prior((D.CROSS_SECTIONAL, 1.0)),
}

#: The participants (or data) of an earlier trial reused for a new question: a secondary analysis.
TRIAL_POPULATION = re.compile(
    r"\b(?:patients|participants|women|men|subjects|children|individuals|data|samples)\b(?: \w+){0,3}? "
    r"(?:randomi[sz]ed|enrolled|included|participating|who participated|collected) in (?:the |a |two |three |an )?"
    r"(?:[\w-]+ ){0,5}trials?\b|"
    r"\b(?:post[- ]hoc|secondary|exploratory|ancillary)(?: observational)? analys[ie]s (?:of|from|using)\b|"
    r"\b(?:this|our|the present) (?:post[- ]hoc|secondary|exploratory|ancillary)(?: observational)? analys[ie]s\b|"
    r"\b(?:data|participants|patients|children) (?:came |were drawn |were taken )?from (?:the |a |an |two |a former )?"
    r"(?:[\w-]+ ){0,5}(?:randomi[sz]ed )?(?:controlled )?trials?\b|"
    r"\bdata from (?:the |a |an )?(?:[\w-]+ ){0,4}randomi[sz]ed (?:[\w-]+ ){0,4}(?:study|trial)\b|"
    r"\b(?:follow[- ]up|survey|database) (?:study )?of (?:the |a |an )?(?:[\w-]+ ){0,5}trial\b|"
    r"\bwho (?:had )?(?:participated|took part|were enrolled) in (?:the |a |an )?(?:[\w-]+ ){0,5}trial\b",
    _I,
)

#: Questions about exposures the trial did not randomize (so the comparison is observational).
NONRANDOM_QUESTION = re.compile(
    r"\bassociations? (?:between|of|with)\b|\bpredictors? of\b|\bprognostic\b|\brisk factors?\b|\bdeterminants?\b|"
    r"\b(?:irrespective|regardless) of (?:treatment|the treatment|randomi[sz]ed|allocation|arm|group)|"
    r"\bpooled across (?:arms|groups)\b|\bobservational\b|"
    r"\bfactors (?:associated|related|linked) with\b|"
    r"\b(?:groups?|patients) (?:were )?(?:defined|classified|categori[sz]ed) (?:according to|by)\b",
    _I,
)

#: The randomized arms compared with each other: a secondary analysis that keeps randomization.
ARM_COMPARISON = re.compile(
    r"\b(?:compared (?:with|to)|than(?: with| in)?|relative to) (?:the |those (?:on|receiving|given) )?"
    r"(?:placebo|sham|usual care|standard care|controls? (?:group|arm))\b|"
    r"\b(?:treatment|trial|randomi[sz]ed|intervention|study) (?:arms|assignment|allocation)\b|"
    r"\b(?:in|between|across|of) (?:the )?(?:two |three |four |both )?(?:treatment |trial |study )?arms\b|\barms [a-d]\b|"
    r"\b(?:in|of|from|with|than) the control (?:group|arm)\b|"
    r"\bbetween (?:the )?(?:[\w-]+ ){1,2}and (?:the )?(?:placebo|sham|control)(?:[- ]treated)? groups?\b|"
    r"\bbetween (?:the )?(?:placebo|sham|control) and (?:the )?(?:[\w-]+ ){1,2}groups?\b|"
    r"\bbetween (?:the )?(?:two |three |both )?(?:randomi[sz]ed|treatment|intervention) groups\b|"
    # The arms named: "patients randomly assigned to stenting or endarterectomy".
    r"\b(?:randomly (?:assigned|allocated)|randomi[sz]ed|allocated) (?:\w+ )?to (?:receive )?(?:either )?"
    r"[^.;]{1,60}?\b(?:or|versus|vs)\b",
    _I,
)
