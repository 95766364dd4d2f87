"""The cue phrases behind :mod:`consilience.analyze.design`, as data.

Each :class:`Cue` says: this phrase, seen in a title or abstract, is evidence of that design
with this weight. Weights were set by reading abstracts (see eval/gold/DESIGN_LABELS.md), not
fitted, so that every call can be explained by the phrases it quotes.

>>> any(c.pattern.search("patients were randomly assigned to") for c in CUES if c.design.value == "rct")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilience.model import StudyDesign

D = StudyDesign
_I = re.IGNORECASE


@dataclass(frozen=True)
class Cue:
    """A phrase that votes for a design; ``unless`` vetoes it within the same sentence."""

    design: StudyDesign
    pattern: re.Pattern[str]
    weight: float
    negatable: bool = False
    unless: re.Pattern[str] | None = None
    #: The design's own name ("case-control study"): in the title or METHODS it outranks vocabulary.
    explicit: bool = False
    #: Cohort vocabulary shared by prospective, retrospective and registry studies.
    shared: bool = False
    #: What a structural rule needs to know about the phrase (one of ``TAGS``), or "".
    tag: str = ""


def _cue(
    design: StudyDesign,
    regex: str,
    weight: float,
    negatable: bool = False,
    unless: str | None = None,
    flags: int = _I,
    explicit: bool = False,
    shared: bool = False,
    tag: str = "",
) -> Cue:
    return Cue(
        design,
        re.compile(regex, flags),
        weight,
        negatable,
        re.compile(unless, _I) if unless else None,
        explicit,
        shared,
        tag,
    )


#: Cue tags read by design's structural rules: people randomly allocated in this study, the study
#: named randomized, a cost or economic evaluation, a decision-analytic or simulation model.
TAGS = ("allocation", "randomized", "economic", "model")


_RAND = r"randomi[sz]"
_SEVERAL = r"(?:[2-9]|[1-9]\d|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple)"
_STUDIES = r"(?:studies|trials|data ?sets|cohorts)"
#: A count as digits or words ("54", "fifty-four", "forty six", "one").
_COUNT = (
    r"(?:\d[\d,]*|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|"
    r"six|seven|eight|nine))?)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
#: People counted beside the studies that enrolled them.
_PEOPLE = (
    r"(?:participants|patients|women|men|children|infants|people|adults|subjects|neonates|babies|"
    r"individuals|pregnancies|eyes)"
)
#: Studies counted as the units a review includes: "nine randomised controlled trials", "32
#: RCTs", "only one cohort study" (a count of people in a trial, "36 patients from the trial",
#: "672 study participants", is not one).
_MODIFIERS = rf"(?:(?!(?:{_PEOPLE}|from|in|of|with|and|or|were|was|the|study|trial)\b)[\w-]+ ){{0,3}}?"
_REVIEWED_UNITS = (
    rf"(?:{_COUNT} {_MODIFIERS}(?:studies|trials|RCTs|reports)|(?:only )?(?:one|a single) {_MODIFIERS}"
    r"(?:study|trial|RCT))\b"
)
_SYN = (
    r"(?:meta[- ]?analy|systematic(?:ally)? review|pooled analys|"
    r"\b(?:this|the present|our|in this|a|the) (?:\w+ )?review\b(?! board| committee))"
)
_ANIMAL_WORDS = (
    r"mice|mouse|murine|rats?|rodents?|rabbits?|dogs?|canine|piglets?|pigs?|porcine|swine|gilts|sows|sheep|ovine|"
    r"lambs?|ewes?|monkeys?|primates?|macaques?|zebrafish|drosophila|hamsters?|guinea pigs?|cats?|feline|"
    r"bovine|cattle|cows?|heifers?|horses?|equine|chickens?|broilers?|calves|nematodes?|ferrets?|marmosets?|"
    r"Caenorhabditis|C\. elegans"
)
#: Species that name foods, reagents or egg extracts as often as subjects ("goat milk", "goat
#: anti-mouse"): evidence of animal work only when the animals themselves are allocated.
_ALLOCATED_ANIMALS = (
    rf"{_ANIMAL_WORDS}|animals|alpacas|llamas|camels|goats|buffal(?:o|oes)|bulls|steers|mares|foals|ponies|"
    r"puppies|kittens|minipigs|baboons|gerbils|chicks|hens|ducks|ducklings|quails|goldfish|trout|carp|tilapia|"
    r"catfish"
)
#: Things, not people, randomly allocated to test conditions: bench work (extracted teeth, specimens).
_SPECIMEN_ALLOCATION = (
    r"\b(?:specimens|samples|discs|disks|blocks|slabs|bars|beams|cylinders|sections|roots|root canals|"
    r"extracted (?:[\w-]+ ){0,3}(?:teeth|molars|premolars|incisors|canines))\b[^.;]{0,60}? (?:were|was) "
    r"(?:then |subsequently )?(?:randomly|randomi[sz]ed|assigned|allocated|divided|distributed|separated|split)\b|"
    r"\b(?:plates|wells|dishes|flasks|cultures|explants|organoids)\b[^.;]{0,60}?\b(?:randomly|randomi[sz]ed)\b"
)
#: Animals randomly allocated (``_ANIMAL_ALLOCATION``) or specimens: not a trial in people.
_ANIMAL_ALLOCATION = (
    rf"\b(?:{_ALLOCATED_ANIMALS})\b(?: [\w-]+){{0,3}} (?:were|was) (?:\w+ )?(?:randomi[sz]ed|randomly|"
    r"assigned|allocated|divided)\b"
)
_NOT_PEOPLE = rf"{_SPECIMEN_ALLOCATION}|{_ANIMAL_ALLOCATION}"
#: A species word that names the source of cultured cells is not evidence of animal experiments;
#: nor is one that names a virus ("feline calicivirus") or a food ("cow's milk").
_CELL_NOUNS = (
    r"(?!\s+(?:\w+[- ])?(?:cells?|ES|embryonic stem|fibroblasts|macrophages|neurons|hepatocytes|cell[- ]lines?|"
    r"astrocytes|myoblasts|oocytes|cardiomyocytes|monoclonal|antibod(?:y|ies)|serum|IgG|insulin|collagen|"
    r"gelatin|albumin|thrombin|xenograft|\w*virus\w*))(?!['’]s milk|\s+milk)"
)

CUES: tuple[Cue, ...] = (
    # --- meta-analysis -------------------------------------------------------------------
    _cue(D.META_ANALYSIS, r"\bmeta[- ]?analy(?:s[ie]s|tic|[sz]ed)\b", 4.0, explicit=True),
    _cue(D.META_ANALYSIS, r"\bmeta[- ]?regression\b", 2.0),
    _cue(D.META_ANALYSIS, r"\bpooled analys[ie]s\b", 2.5),
    _cue(D.META_ANALYSIS, r"\bindividual[- ](?:patient|participant)[- ]data\b", 2.0),
    _cue(D.META_ANALYSIS, r"\b(?:random|fixed)[- ]effects?\b", 2.0),
    _cue(
        D.META_ANALYSIS,
        r"\bpooled (?:odds ratio|relative risk|risk ratio|hazard ratio|estimate|"
        r"OR|RR|HR|mean difference|sensitivity|specificity|prevalence|effect|incidence|data|results|analysis)s?\b|"
        r"\b(?:data|results|estimates|studies|trials) (?:were |was )?(?:then )?pooled\b",
        3.0,
    ),
    _cue(
        D.META_ANALYSIS,
        r"\b(?:weighted|standardi[sz]ed) mean differences?\b|\bforest plots?\b|\bfunnel plots?\b|"
        r"\bpublication bias\b|\bEgger\b|\bsummary (?:odds ratio|relative risk|estimate)s?\b",
        2.5,
    ),
    # Data of several studies analysed together (a pooled analysis is a meta-analysis: DESIGN_LABELS.md).
    _cue(
        D.META_ANALYSIS,
        rf"\b(?:pooled|combined|integrated|individual[- ](?:level|patient|participant))\b[^.;]{{0,80}}?"
        rf"\b(?:from|of|across|in) (?:the |all |each of )?{_SEVERAL}\b[^.;]{{0,80}}?\b{_STUDIES}\b|"
        rf"\b{_SEVERAL} (?:[\w,-]+ ){{0,6}}?{_STUDIES} (?:were|was) (?:then )?(?:pooled|combined|merged)\b",
        4.0,
    ),
    _cue(
        D.META_ANALYSIS,
        rf"\b(?:patients|participants|subjects)\b(?: [\w,-]+){{0,8}}? (?:in|from|of|across) "
        rf"(?:the |all |each of )?{_SEVERAL} (?:[\w,-]+ ){{0,6}}?(?:studies|trials)\b",
        4.0,
    ),
    _cue(
        D.META_ANALYSIS,
        r"\b(?:adjusted |anchored |unanchored |matching[- ]adjusted )?indirect (?:treatment )?comparisons?\b|"
        r"\b(?:mixed|multiple) treatments? comparisons?\b|\bimputed[- ]placebo\b",
        3.0,
    ),
    # An estimate given with the studies and people it pools: "(RR 0.84, 95% CI 0.72 to 0.98; 5
    # studies, 674 women)".
    _cue(
        D.META_ANALYSIS,
        rf"\b(?:CI|P|p)\b[^();]{{0,40}}?[;,] ?{_COUNT} (?:studies|trials|RCTs)[;,] ?(?:n ?= ?)?\d[\d, ]*"
        rf"(?:{_PEOPLE})?\b|\(n ?= ?\d[\d,]*, {_COUNT} (?:studies|trials|RCTs), (?:RR|OR|HR|MD|SMD|WMD|RD)\b",
        4.0,
    ),
    _cue(D.META_ANALYSIS, r"\bheterogeneity\b", 0.8),
    _cue(D.META_ANALYSIS, r"\bI(?:2|²|\^2)\s*(?:=|was|of|statistic)", 1.5),
    # --- systematic review ---------------------------------------------------------------
    # "A non-systematic literature review was performed" names the opposite.
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"(?<!non-)(?<!non )\bsystematic(?:ally)? (?:literature )?review",
        4.0,
        explicit=True,
    ),
    _cue(D.SYSTEMATIC_REVIEW, r"\b(?:scoping|umbrella|rapid) review\b", 4.0, explicit=True),
    _cue(D.SYSTEMATIC_REVIEW, r"\bsystematically (?:searched|identified|reviewed)\b", 3.0),
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"\b(?:search(?:ed|es|ing)?|databases?)\b[^.;]{0,80}\b(?:MEDLINE|PubMed|"
        r"EMBASE|Cochrane|CENTRAL|Web of Science|Scopus|CINAHL|PsycINFO|LILACS)\b",
        3.0,
    ),
    # The database named first ("We performed a MEDLINE search"), or searched without a name.
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"\b(?:MEDLINE|PubMed|EMBASE|CINAHL|PsycINFO|Scopus)\b (?:\w+ )?(?:search(?:es)?|databases?)\b|"
        r"\b(?:using|in|of) (?:the )?(?:electronic|bibliographic) databases\b",
        3.0,
    ),
    # Counted records of a literature search: "20 articles were identified and analysed",
    # "selected 72 relevant papers for review".
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"\b\d+ (?:\w+ )?(?:articles|papers|publications|studies) (?:were|was) (?:identified|included|selected|"
        r"retained|reviewed)\b|\b(?:selected|identified|included|retained) \d+ (?:\w+ )?(?:articles|papers|"
        r"publications|studies)\b",
        2.0,
    ),
    # Studies counted as what was included, the way a review's results begin ("We included 12
    # studies", "Fifty-four trials enrolling 6545 patients were included", "Nine studies met all
    # inclusion criteria", "This updated review includes a total of 15 trials").
    _cue(
        D.SYSTEMATIC_REVIEW,
        rf"\b(?:we|review|update)\b (?:\w+ )?(?:included|includes|identified|found|reviewed|analysed|analyzed) "
        rf"(?:a total of |data (?:from|on) )?{_REVIEWED_UNITS}|"
        rf"\b{_REVIEWED_UNITS}[^.;]{{0,80}}?\b(?:(?:were|was) (?:\w+ )?included\b|met (?:the |our |all |"
        rf"\w+ )?(?:inclusion|eligibility|selection) criteria|(?:were|was) (?:judged |deemed |considered )?eligible\b|"
        rf"included in (?:this|the) (?:review|update|analysis)\b)|"
        # ... or counted with the people in them: "Thirty-five studies (9365 participants)", "Two
        # trials with a total of 298 participants", "In 16 studies, we identified 72,368 participants"
        rf"\b{_REVIEWED_UNITS} (?:\((?:n ?= ?|total n ?= ?)?\d[\d, ]*(?: {_PEOPLE})?\)|(?:with|involving|"
        rf"enrolling|including|of|randomi[sz]ing) (?:a total of )?\d[\d, ]* (?:[\w-]+ )?{_PEOPLE})|"
        rf"\bin {_REVIEWED_UNITS}, we (?:identified|included|found)\b|"
        # ... or found to be none: "We found no studies that satisfied the inclusion criteria"
        rf"\bno (?:new |eligible |relevant |included |randomi[sz]ed )*(?:studies|trials|RCTs) (?:were (?:found|"
        rf"identified|included|eligible)|(?:that )?(?:met|satisfied|fulfilled) (?:the |our |all )?(?:\w+ )?criteria)\b",
        5.0,
        explicit=True,  # as plain as naming the design
    ),
    # GRADE's certainty of a body of evidence, stated beside each outcome's estimate ("(SMD 0.42,
    # …; moderate-quality evidence)"); "a need for high-quality evidence" is no such rating.
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"[(;,] ?(?:very[- ]low|low|moderate|high)[- ](?:quality|certainty)(?: of)? evidence\)",
        2.0,
    ),
    _cue(D.SYSTEMATIC_REVIEW, r"\bPRISMA\b", 2.5, flags=0),
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"\bsearch strategy\b|\bselection criteria\b|\bdata collection and analysis\b|"
        r"\bdata extraction\b|\bstudy selection\b|\bdata sources\b",
        2.0,
    ),
    _cue(
        D.SYSTEMATIC_REVIEW,
        r"\b(?:eligible|included|relevant|identified) (?:studies|trials|articles|reports|"
        r"papers|publications)\b|\b(?:studies|trials|articles) (?:were|met) (?:included|eligible|the inclusion)|"
        r"\b(?:included|eligible) (?:in|for) (?:this|the) (?:review|analysis)\b",
        1.5,
    ),
    _cue(D.SYSTEMATIC_REVIEW, rf"\b{_RAND}ed (?:\w+ )?(?:controlled |clinical )?trials\b", 0.8),
    # --- randomized controlled trial -----------------------------------------------------
    _cue(
        D.RCT,
        rf"\b{_RAND}ed,?(?: and)?(?:[- ](?:double|single|triple)[- ](?:blind|mask)(?:ed)?,?(?: and)?|[- ]placebo[- ]"
        r"controlled,?|[- ]open[- ]label(?:led)?,?|[- ]multi-?cent(?:er|re|ric),?|"
        r"[- ]parallel[- ](?:(?:\d|two|three|four)[- ])?(?:group|arm),?|[- ]repeated[- ]measures?,?|"
        r"[- ]controlled|[- ]clinical|[- ]comparative|[- ]prospective|[- ]pilot|[- ]phase(?: \w+)?|"
        r"[- ]cross-?over|[- ]factorial|[- ]sham[- ]controlled,?|[- ](?:assessor|investigator|observer|evaluator|"
        r"examiner|outcome[- ]assessor)[- ]blind(?:ed)?,?|[- ]non-?inferiority|[- ]open[- ]label(?:led)?,?(?: and)?)*"
        r"[- ](?:trial|study|design|experiment|fashion|manner|order)\b",
        4.0,
        negatable=True,
        explicit=True,
        unless=rf"{_SYN}|{_NOT_PEOPLE}",
        tag="randomized",
    ),
    _cue(
        D.RCT,
        rf"\b(?:{_RAND}ed|randomly|at random)\b(?: \w+){{0,2}}? (?:assigned|allocated|divided|distributed|"
        r"enrolled|sorted|split|placed|stratified|administered|prescribed|provided|given|received|treated)\b|"
        r"\b(?:assigned|allocated|divided|distributed|enrolled|placed)"
        r"(?: \w+){0,4}? (?:randomly|at random)\b|"
        rf"\b(?:were|was|been|being|are|is|be|then|subsequently|patients|participants|subjects|women|men|children) "
        rf"(?:\w+ )?{_RAND}ed\b|"
        # "We randomised 90 patients", "participants randomly underwent three sessions".
        rf"\bwe (?:then |subsequently |prospectively )?{_RAND}ed\b|"
        r"\b(?:randomly|at random) (?:underwent|performed|completed|crossed over)\b",
        4.0,
        negatable=True,
        unless=rf"{_SYN}|{_NOT_PEOPLE}",
        explicit=True,
        tag="allocation",
    ),
    _cue(
        D.RCT,
        rf"\b{_RAND}(?:ation|ed|ing|e)\b|\brandom (?:allocation|assignment|number|sequence|order|"
        r"permuted|block)s?\b",
        2.5,
        negatable=True,
        unless=rf"{_SYN}|random(?:ly)? (?:selected|sampled|chosen|drawn)|random[- ]effects?|random sample|"
        rf"{_NOT_PEOPLE}",
    ),
    _cue(D.RCT, r"\b(?:double|single|triple)[- ](?:blind|mask)(?:ed)?\b", 2.0, unless=_SYN),
    _cue(D.RCT, r"\b(?:placebo|sham)[- ]controlled\b", 2.0, unless=_SYN),
    _cue(D.RCT, r"\bplacebo\b|\bsham\b", 1.5, unless=_SYN),
    _cue(D.RCT, r"\bcluster[- ]randomi[sz]", 2.0),
    _cue(D.RCT, r"\bintention[- ]to[- ]treat\b|\bper[- ]protocol\b|\bCONSORT\b", 1.5),
    _cue(D.RCT, r"\bphase (?:III|3|IIb|2b|II/III|2/3)\b", 1.5, flags=0),
    _cue(D.RCT, r"\bcontrol (?:group|arm)\b|\b(?:usual|standard) care\b", 1.0),
    _cue(D.RCT, r"\bcross-?over (?:design|study|trial)\b|\bwash-?out\b", 1.5),
    _cue(
        D.RCT,
        r"\b(?:controlled|clinical|pragmatic|comparative|efficacy|superiority) trial\b",
        1.5,
        unless=rf"{_SYN}|\b(?:non|not|un|quasi)[- ]?{_RAND}|single[- ]arm|phase (?:I|1)\b|uncontrolled",
    ),
    _cue(
        D.RCT,
        r"\btrial\b",
        1.0,
        unless=rf"{_SYN}|\b(?:non|not|un|quasi)[- ]?{_RAND}|single[- ]arm|phase (?:I|1)\b",
    ),
    # Parallel groups given different interventions, allocation unstated: most such abstracts report
    # randomized trials (eval/gold/DESIGN_LABELS.md), so they lean RCT, weakly.
    _cue(
        D.RCT,
        r"\b(?:were|was) (?:\w+ )?(?:divided|allocated|assigned|distributed|placed|enrolled) (?:\w+ ){0,3}"
        r"(?:into|to|in|between) (?:one of )?(?:two|three|four|five|six|\d|equal|the following) (?:\w+ ){0,3}"
        r"(?:groups?|arms?)\b",
        2.5,
        unless=r"according to|based on|depending on|on the basis|by (?:their|the|whether)|with and without|"
        rf"\bwho\b|whether|retrospective|cohort|{_NOT_PEOPLE}",
    ),
    _cue(
        D.RCT,
        r"\breceived? either\b|\b(?:intervention|experimental|treatment|study) (?:group|arm)s?\b|"
        r"\bgroup (?:[A-D]|I{1,3}|[1-4])\b(?:[^.]{0,60})\breceiv",
        1.5,
    ),
    _cue(
        D.RCT,
        r"\b(?:compare|compared|comparing|comparison of|to evaluate|to assess|to investigate|to determine) "
        r"(?:the )?(?:clinical )?(?:efficacy|effectiveness|effects? of|safety|analgesic|efficacy and safety)\b",
        1.0,
        unless=r"retrospective|records|database|cohort",
    ),
    _cue(D.RCT, r"\b(?:ClinicalTrials\.gov|ISRCTN|NCT\d{8}|ACTRN|ChiCTR|IRCT|trial registration)", 1.0),
    # --- non-randomized trial ------------------------------------------------------------
    _cue(
        D.NON_RANDOMIZED_TRIAL,
        rf"\b(?:non|not|un|quasi)[- ]?{_RAND}ed\b|without {_RAND}ation|"
        r"\bnon-?random",
        3.5,
        unless=rf"{_SYN}|observational|cohort",
        explicit=True,
    ),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\bsingle[- ](?:arm|group)\b|\bone[- ]arm\b", 3.5, explicit=True),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\bphase (?:I|1|Ib|1b|II|2|IIa|2a|I/II|1/2)\b(?!/)", 2.0, flags=0),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\bquasi[- ]experiment", 4.0, explicit=True),
    _cue(
        D.NON_RANDOMIZED_TRIAL,
        r"\bbefore[- ](?:and[- ])?after (?:study|design|comparison|intervention|trial)\b|"
        r"\bpre[- ]?(?:and[- ])?post[- ]?(?:test|intervention|design|study)\b|\bpretest\b",
        2.5,
    ),
    _cue(
        D.NON_RANDOMIZED_TRIAL,
        r"\bhistorical controls?\b|\buncontrolled\b|\bopen (?:pilot |label )?"
        r"(?:study|trial)\b",
        2.5,
    ),
    _cue(
        D.NON_RANDOMIZED_TRIAL,
        r"\bdose[- ](?:escalation|finding)\b|\bmaximum tolerated dose\b|"
        r"\bfirst[- ]in[- ](?:human|man)\b",
        3.0,
    ),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\bopen[- ]label\b", 1.0),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\b(?:pilot|feasibility) (?:study|trial)\b", 1.0),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\b(?:clinical|intervention(?:al)?|controlled) trial\b", 1.0),
    _cue(D.NON_RANDOMIZED_TRIAL, r"\bpharmacokinetic", 1.0),
    # --- cohorts: specific timing words, then shared cohort vocabulary ------------------------------
    _cue(D.PROSPECTIVE_COHORT, r"\bprospective(?:ly)?\b", 1.5, negatable=True, unless=rf"{_RAND}|{_SYN}"),
    _cue(
        D.PROSPECTIVE_COHORT,
        r"\bprospective(?:,? (?:population[- ]based|multi-?cent(?:er|re)|"
        r"observational|longitudinal|community[- ]based|inception|comparative))*,? (?:cohort|observational|"
        r"follow[- ]up|longitudinal|population|study)\b",
        2.5,
        unless=rf"{_RAND}|{_SYN}",
        explicit=True,
    ),
    _cue(D.PROSPECTIVE_COHORT, r"\blongitudinal\b|\bfollowed (?:prospectively|up prospectively)\b", 1.5),
    _cue(
        D.PROSPECTIVE_COHORT,
        r"\b(?:Nurses' Health Study|Health Professionals Follow-up|Framingham|"
        r"UK Biobank|Women's Health Initiative|Atherosclerosis Risk in Communities|EPIC|Rotterdam Study|"
        r"Million Women Study|birth cohort|Physicians' Health Study)\b",
        2.5,
    ),
    _cue(D.PROSPECTIVE_COHORT, r"\bcohort\b", 1.5, shared=True, unless=_SYN),
    _cue(
        D.PROSPECTIVE_COHORT,
        r"\b(?:were|was) followed\b|\bfollowed (?:up )?for\b|\bfollow[- ]up of\b|"
        r"\bperson[- ]years\b|\bincident\b|\bat baseline\b|\bobservational\b",
        1.2,
        shared=True,
    ),
    _cue(D.RETROSPECTIVE_COHORT, r"\bretrospective(?:ly)?\b", 3.5, unless=r"case[- ]control|case series"),
    _cue(
        D.RETROSPECTIVE_COHORT,
        r"\bretrospective(?:,? (?:multi-?cent(?:er|re)|observational|single[- ]cent(?:er|re)|"
        r"comparative|population[- ]based))*,? cohort\b|\bhistorical cohort\b",
        2.0,
        explicit=True,
    ),
    _cue(
        D.RETROSPECTIVE_COHORT,
        r"\b(?:medical|clinical|hospital|patient|case) (?:records?|charts?|notes)\b|"
        r"\bchart review\b|\bcharts were reviewed\b|\brecords were reviewed\b",
        2.5,
    ),
    _cue(D.RETROSPECTIVE_COHORT, r"\bwe (?:reviewed|identified)\b", 1.0),
    _cue(
        D.RETROSPECTIVE_COHORT,
        r"\b(?:institutional|hospital|single[- ]cent(?:er|re)|prospectively "
        r"maintained|departmental|surgical) database\b",
        2.0,
    ),
    _cue(
        D.RETROSPECTIVE_COHORT,
        r"\bbetween (?:19|20)\d\d and (?:19|20)\d\d\b|\bfrom (?:19|20)\d\d to "
        r"(?:19|20)\d\d\b",
        1.0,
    ),
    # --- registry / database -------------------------------------------------------------
    _cue(D.REGISTRY, r"\bSEER\b|\bSurveillance,? Epidemiology,? and End Results\b", 4.5, explicit=True),
    _cue(D.REGISTRY, r"\bNational Cancer Data ?base\b|\bNCDB\b", 4.5, explicit=True),
    _cue(
        D.REGISTRY,
        r"\bregist(?:ry|ries|er|ers)(?:[- ]based)?\b",
        2.5,
        unless=r"trials? regist|regist(?:ered|ration) (?:number|at|with|as|on|in)|registry (?:number|identifier)|"
        r"\bISRCTN|ClinicalTrials|Cochrane",
    ),
    _cue(
        D.REGISTRY,
        r"\b(?:claims|administrative|insurance|billing|prescription|pharmacy|dispensing|reimbursement)"
        r"(?: \w+)? (?:data(?:base|sets?)?|records|files)\b|\b(?:insurance|Medicare|Medicaid|billing|health) claims\b",
        3.5,
    ),
    _cue(
        D.REGISTRY,
        r"\bMedicare (?:beneficiaries|data|claims|files|enrollees)\b|\bMarketScan\b|\bOptum\b|"
        r"\bClinical Practice Research Datalink\b|\bCPRD\b|\bGeneral Practice Research Database\b|"
        r"\bNational (?:Inpatient|Health Insurance|Readmissions?) (?:Sample|Database|Research Database)\b|"
        r"\bNHIRD\b|\bNSQIP\b|\bHospital Episode Statistics\b|\bVeterans Affairs\b",
        3.0,
    ),
    _cue(D.REGISTRY, r"\bMedicare\b|\bMedicaid\b|\bhealth insurance\b", 1.0),
    _cue(
        D.REGISTRY,
        r"\b(?:nationwide|national|population[- ]based|linked|large) (?:\w+ )?(?:database|data|"
        r"registers?|cohort|study|analysis)\b|\brecord linkage\b|\blinked (?:to|with)\b",
        1.5,
    ),
    _cue(D.REGISTRY, r"\belectronic (?:health|medical) records?\b", 1.0),
    # --- case-control ----------------------------------------------------------------------
    _cue(D.CASE_CONTROL, r"\bcase[- ](?:control|referent|cohort)\b", 5.0, explicit=True),
    _cue(
        D.CASE_CONTROL,
        r"\b(?:age|sex|gender)[- ](?:and[- ](?:sex|gender|age)[- ])?matched (?:\w+ )?"
        r"controls?\b|\bmatched controls?\b|\bcontrols? (?:were|was) matched\b",
        2.5,
    ),
    _cue(
        D.CASE_CONTROL, r"\bcases and (?:\d[\d,]* )?(?:\w+ )?controls\b|\b\d[\d,]* (?:\w+ )?controls\b", 2.0
    ),
    _cue(D.CASE_CONTROL, r"\bhealthy controls\b|\bcontrol subjects\b", 1.5),
    # --- cross-sectional ---------------------------------------------------------------
    _cue(D.CROSS_SECTIONAL, r"\bcross[- ]sectional\b", 5.0, explicit=True),
    _cue(D.CROSS_SECTIONAL, r"\bsurvey(?:ed|s)?\b", 2.0),
    _cue(D.CROSS_SECTIONAL, r"\bquestionnaires?\b|\brespondents\b|\bresponse rate\b", 1.5),
    _cue(D.CROSS_SECTIONAL, r"\bprevalence\b", 1.5),
    _cue(D.CROSS_SECTIONAL, r"\bNational Health and Nutrition Examination Survey\b|\bNHANES\b", 3.0),
    _cue(
        D.CROSS_SECTIONAL,
        r"\bdiagnostic (?:accuracy|performance|value)\b|\bsensitivity and specificity\b|"
        r"\b(?:positive|negative) predictive value\b",
        2.0,
    ),
    # --- case series / case report -----------------------------------------------------------
    _cue(
        D.CASE_SERIES,
        r"\bcase series\b|\bseries of (?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
        r"eleven|twelve) (?:\w+ )?(?:patients|cases|eyes)\b|\banalysis of \d+ cases\b",
        5.0,
        explicit=True,
    ),
    _cue(
        D.CASE_SERIES,
        r"\bwe (?:report|describe|present) (?:\d+|two|three|four|five|six|seven|eight|nine|"
        r"ten|our (?:experience|series))\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+) cases of\b",
        3.5,
    ),
    _cue(
        D.CASE_SERIES, r"\bour (?:initial |early |preliminary )?experience\b|\bthe first \d+ patients\b", 2.0
    ),
    _cue(D.CASE_SERIES, r"\bconsecutive (?:\w+ )?(?:patients|cases|eyes)\b", 1.0),
    _cue(D.CASE_REPORT, r"\bcase report\b|\bcase (?:presentation|description)\b", 5.0, explicit=True),
    _cue(
        D.CASE_REPORT,
        r"\b(?:we|here,? we|this paper|this article|authors) (?:report|describe|present)s? (?:a|an|the|"
        r"one) (?:\w+ ){0,4}(?:case|patient|man|woman|boy|girl|child|infant)\b|\bwe (?:report|describe|present) "
        r"(?:the |a )?first\b",
        5.0,
    ),
    _cue(
        D.CASE_REPORT,
        r"\b\d+[- ](?:year|month|week|day)[- ]old (?:\w+ )?(?:man|woman|boy|girl|male|female|"
        r"patient|child|infant|gentleman|lady)\b",
        3.5,
    ),
    _cue(D.CASE_REPORT, r"\b(?:a|this|rare|unusual|first|the) case(?: of)?\b", 2.0),
    # --- narrative review -------------------------------------------------------------------
    _cue(
        D.NARRATIVE_REVIEW,
        r"\b(?:this|the present|in this|our) (?:mini-?)?(?:review|overview|article|"
        r"chapter|paper|commentary|editorial)\b|\bpurpose of review\b|\brecent findings\b",
        2.0,
    ),
    _cue(
        D.NARRATIVE_REVIEW,
        r"\b(?:we|authors|i) (?:review|summari[sz]e|discuss|highlight|describe recent|"
        r"provide an overview|outline|focus on|propose that)\b|\b(?:is|are) (?:reviewed|discussed|summari[sz]ed|"
        r"highlighted)\b|\bthis (?:article|paper|review) (?:reviews|discusses|summari[sz]es|describes)\b",
        3.0,
    ),
    _cue(D.NARRATIVE_REVIEW, r"\breview\b", 1.0, unless=r"\b(?:we|were|was) reviewed\b|chart|records"),
    # Named as such by the authors: "a non-systematic literature review", "this narrative review".
    _cue(
        D.NARRATIVE_REVIEW,
        r"\bnon-?systematic (?:literature )?review\b|\bnarrative review\b",
        5.0,
        explicit=True,
    ),
    _cue(
        D.NARRATIVE_REVIEW,
        r"\b(?:recent (?:advances|developments|progress|insights|studies|evidence|data|work)|"
        r"current (?:knowledge|understanding|concepts|status|perspectives?|evidence)|state of the art|an update|"
        r"emerging (?:evidence|data|roles?)|growing (?:body of )?evidence|accumulating evidence|"
        r"future (?:directions|perspectives|research)|(?:is|are) (?:emerging|discussed))\b",
        2.0,
    ),
    # --- guideline / consensus ---------------------------------------------------------------
    _cue(
        D.GUIDELINE,
        r"\bguidelines?\b",
        1.0,
        unless=r"according to|in line with|adherence|complian|adopt|"
        r"concordan|implement|follow",
    ),
    _cue(
        D.GUIDELINE,
        r"\bconsensus (?:statement|conference|panel|recommendations?|guidelines?|report|"
        r"definitions?|development|process|meeting)\b|\bexpert (?:panel|committee|consensus|group|working group)\b|"
        r"\bposition (?:statement|paper)\b|\bscientific statement\b|\bpractice parameter\b|\btask force\b|"
        r"\bDelphi\b|\bworking group\b",
        3.5,
        explicit=True,
    ),
    _cue(
        D.GUIDELINE,
        r"\b(?:clinical|practice|evidence[- ]based|international|national|updated?|revised|new) "
        r"(?:practice )?(?:guidelines?|recommendations|criteria|definitions)\b|\b(?:guidelines?|recommendations) "
        r"(?:for|on|from|regarding)\b",
        2.0,
        unless=r"according to|adherence|complian|implement|follow",
    ),
    _cue(D.GUIDELINE, r"\brecommendations?\b", 1.0),
    _cue(
        D.GUIDELINE,
        r"\b(?:we|the panel|the committee|the task force|the group) (?:recommend|suggest|advise)s?\b|"
        r"\b(?:strong|weak|conditional) recommendations?\b|\blevel of evidence\b|\bis recommended\b|"
        r"\bshould (?:be )?(?:consider|offer|use|screen|receive)\w*\b|\b(?:convened|panel members)\b",
        2.5,
    ),
    # --- animal / in vitro ----------------------------------------------------------------
    _cue(D.ANIMAL, rf"\b(?:{_ANIMAL_WORDS})\b{_CELL_NOUNS}", 2.0),
    _cue(
        D.ANIMAL,
        r"\bxenografts?\b|\bknock-?out (?:mice|rats|animals)\b|\btransgenic (?:mice|rats|animals|"
        r"fish|flies|lines)\b|\bC57BL|\bBALB|\bSprague|\bWistar|\bnude mice\b",
        2.5,
    ),
    _cue(
        D.ANIMAL,
        rf"\b(?:{_ALLOCATED_ANIMALS})\b(?: [\w-]+){{0,3}} (?:were|was) (?:\w+ )?(?:randomi[sz]ed|randomly|"
        r"assigned|allocated|divided|treated|fed|injected|exposed|an(?:a)?esthetized|killed|sacrificed|euthani[sz]ed|"
        r"immuni[sz]ed|infected|inoculated|housed|gavaged)\b",
        4.0,
    ),
    _cue(D.ANIMAL, r"\bin vivo\b|\banimal models?\b|\banimals\b", 1.5, unless=r"human|patients|volunteers"),
    _cue(D.IN_VITRO, r"\bin vitro\b|\bex vivo\b", 2.0, unless=r"fertili[sz]ation|\bIVF\b"),
    # Specimens, not people, were allocated (eval/gold/DESIGN_LABELS.md: extracted teeth are in vitro).
    _cue(D.IN_VITRO, _SPECIMEN_ALLOCATION, 4.0),
    _cue(
        D.IN_VITRO,
        r"\bextracted (?:(?:sound|intact|caries-free|human|permanent|primary|bovine|maxillary|mandibular|"
        r"single-rooted|third|central|lateral|anterior|posterior)[- ])*(?:teeth|molars|premolars|incisors)\b",
        2.0,
    ),
    _cue(
        D.IN_VITRO,
        r"\bcell[- ]?lines?\b|\bcultured\b|\bcultures?\b|\btransfect\w*|\bsiRNA\b|\bshRNA\b|"
        r"\bknock-?down\b|\bwestern blot\w*|\bimmunoprecipitat\w*|\bcells\b|\bplasmids?\b|\bbiochemical\b",
        1.5,
    ),
    _cue(
        D.IN_VITRO,
        r"\b(?:MCF-?7|HeLa|HEK[- ]?293T?|MDA-MB-\d+|T47D|SK-BR-3|A549|HepG2|Jurkat|HUVECs?|"
        r"fibroblasts|macrophages|organoids?|recombinant|purified|crystal structure|binding affinity|"
        r"in silico|E\. coli|Escherichia coli|Saccharomyces|yeast|bacteria|strains?|spliceosome|"
        r"phosphorylation|kinase activity|enzymatic|substrates?|mutants?|embryonic stem)\b",
        1.5,
    ),
    # --- other (economic, modelling, qualitative, methods, protocols) -------------------------
    _cue(
        D.OTHER,
        r"\bcost[- ](?:effective\w*|utility|benefit|analys[ie]s)\b|\beconomic (?:evaluation|analysis)\b|"
        r"\bQALYs?\b|\bincremental cost\b|\bbudget impact\b",
        4.0,
        unless=r"cost[- ]effective(?:ly|ness)? (?:and|to|way)",
        tag="economic",
    ),
    _cue(
        D.OTHER,
        r"\beconomic model\b|\bMarkov\b|\bdecision[- ]analytic\w*\b|\bdecision[- ]trees?\b|\bmicrosimulation\b",
        4.0,
        tag="model",
    ),
    _cue(
        D.OTHER,
        r"\b(?:simulation|modell?ing) (?:study|model|analys[ie]s)\b|\bmathematical model\b|\bsimulated\b|"
        r"\bwe (?:modell?ed|simulated|projected)\b|\bburden of disease\b|\bGlobal Burden\b",
        3.0,
        tag="model",
    ),
    _cue(
        D.OTHER,
        r"\bqualitative\b|\bfocus groups?\b|\bthematic (?:analysis|content)\b|\bsemi-?structured "
        r"interviews?\b|\bgrounded theory\b|\bmixed[- ]methods?\b|\bin-depth interviews?\b",
        3.0,
    ),
    _cue(D.OTHER, r"\b(?:study|trial) protocol\b|\bthis protocol\b|\bprotocol (?:describes|for a)\b", 3.0),
    _cue(
        D.OTHER,
        r"\bwe (?:develop(?:ed)?|propose[ds]?|present(?:ed)?|introduce[ds]?|describe) (?:a|an|the) "
        r"(?:new |novel |simple |general |flexible |fast |efficient )*(?:statistical |computational )?(?:method|"
        r"algorithm|framework|tool|toolbox|software|approach|model|index|score|classifier|pipeline|package|"
        r"database|resource|web server|suite)\b",
        3.0,
    ),
    _cue(
        D.OTHER,
        r"\b(?:psychometric|validation study|reliability and validity|test-retest|software|algorithms?|"
        r"web server|database|open[- ]source|R package|implementation|computational(?:ly)?)\b",
        1.2,
        unless=r"health records|claims|registry|\bSEER\b|NCDB|administrative|institutional database",
    ),
)
