"""Sample-size extraction: how many were randomized, enrolled and analysed, per arm when stated,
and the number of studies and participants pooled by a meta-analysis.

The headline total (:attr:`consilience.model.StudyFacts.n`) is the randomized count, else the
analysed, else the enrolled one, else the participants of the whole study (a meta-analysis's pooled
participants, "Among the 590 participants", or the sum of groups given without a total). Counts
of completers and of those followed up are not sample sizes; nor are percentages or years.

>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", sections=[Section(label="METHODS", text="A total of 1,204 patients "
...     "were randomly assigned to drug (n = 602) or placebo (n = 602).")])
>>> [(s.kind, s.total, s.arms) for s in extract_sample_sizes(paper)]
[('randomized', 1204, {'drug': 602, 'placebo': 602})]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from consilience.analyze.fast_patterns import FastPattern, TextMatch, fold_case
from consilience.analyze.numbers import WORD_NUMBER, normalize, parse_count, word_number
from consilience.model import Paper, SampleSize, Section, Span

__all__ = ["extract_sample_sizes"]

#: A count written in words, up to the hundreds and thousands ("One hundred and twenty-one").
_NOT_SCALED = r"(?![\s-]+(?:hundred|thousand))"
_HUNDREDS = (
    r"(?:"
    + WORD_NUMBER
    + r"|a)[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?(?:"
    + WORD_NUMBER
    + r")"
    + _NOT_SCALED
    + r")?"
)
_WORD_COUNT = (
    r"(?:(?:"
    + WORD_NUMBER
    + r"|a)[\s-]+thousand(?:,?[\s-]+(?:and[\s-]+)?(?:"
    + _HUNDREDS
    + r"|(?:"
    + WORD_NUMBER
    + r")"
    + _NOT_SCALED
    + r"))?|"
    + _HUNDREDS
    + r"|"
    + WORD_NUMBER
    + r")"
)
#: A count: millions ("5.24 million"), thousands grouped by commas or spaces ("1,122." at a
#: sentence's end too, but not "1,122.5"), or plain digits.
_DIGITS = r"\d{1,3}(?:\.\d{1,2})?\s+million\b|\d{1,3}(?:,\d{3})+(?!\d|\.\d)|\d{1,3}(?: \d{3})+(?!\d|\.\d)|\d+(?![\d.,]\d)"
_COUNT = (
    # "one in two patients enrolled": a ratio, not a count
    # ("type 1 diabetes", "stage 3 disease", "phase 2 trials", "Grade 6 students", "Year 9 pupils":
    # part of a name)
    # ("... during sleep.21 individuals with and without OSA ...": a sentence glued to the last; not
    # a decimal's digits, "0.21")
    r"(?<![\w,])(?<![\d\W]\.)(?<!\w-)(?<!\bone\sin\s)(?<!\b1\sin\s)(?<!\btype\s)(?<!\bstage\s)(?<!\bphase\s)(?<!\bgrade\s)(?<!\byear\s)(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"a\s+(?:hundred|thousand))\b)(?P<n>" + _DIGITS + "|" + _WORD_COUNT + r")"
    # an age, not a count: "one month old infants", "5-year-old children"
    r"(?![\s-]+(?:days?|weeks?|months?|years?)[\s-]+old\b)"
    # a pronoun, not a count: "two studies, one in which thirty women were randomly divided"
    r"(?!\s+(?:in|of)\s+(?:which|whom)\b)"
)
#: An approximate count is still the count: "included ~6500 adult patients", "enrolled
#: approximately 120 patients". Only after a word: a sentence opening "About 10,000 infants ...
#: are born every year" is background, not the study.
_ABOUT = r"(?:(?<=[a-z]\s)(?:[~≈]\s?|(?:approximately|about|around|nearly|almost|roughly)\s+))?"
_PEOPLE = (
    r"(?:patients|participants|subjects|women|men|adults|children|infants|babies|neonates|newborns|adolescents|"
    r"individuals|persons|people|volunteers|cases|smokers|students|mothers|pregnancies|eyes|"
    r"outpatients|inpatients|out-patients|in-patients|residents|veterans|workers|athletes|nurses|physicians|couples|families|"
    r"respondents|survivors|users|boys|girls|recipients|donors|controls|dyads|referrals|suspects|sufferers|"
    # ("three pairs of chromosome 21": not people)
    r"(?<!base\s)(?<!tissue\s)pairs(?!\s+of\s+(?:chromosomes?|genes?|alleles?|electrodes?|primers?|images?|samples?)\b)|households|"
    r"musicians|employees|soldiers|elderly|parents|twins|youths?|teenagers|pupils|clients|"
    r"migraineurs|singletons|hips|knees|teeth|prisoners|inmates|offenders|caregivers|carers|relatives|"
    r"siblings|probands|fathers|toddlers|schoolchildren|surgeons|doctors|dentists|pharmacists|midwives|"
    r"practitioners|beneficiaries|enrollees|non-?cases|trainees|teachers|consumers|drivers|farmers|runners|cyclists|"
    r"swimmers|skiers|graduates|travell?ers|professionals|carriers|humans|caucasians|asians|africans|hispanics|"
    r"latin(?:o|a)s|europeans|"
    # people named by initials: "45 IFNβ-treated PwMS" (people with MS), "1,200 PLHIV", "MSM", "PWID"
    r"pw(?:ms|pd|p|d|e|h|id|ud)|plw?hi?v?a?|msm)\b"
)
#: Places and the units of a cluster trial: no modifier of people ("In two regional hospitals,
#: male patients were randomized"), and counted beside the people in them ("(n = 26 classes, 432
#: children)").
_PLACES = (
    r"hospitals|cent(?:re|er)s|sites|clinics|practices|schools|classes|classrooms|clusters|communities|wards|"
    r"countries|cities|villages|regions|provinces|districts|institutions|universities"
)
_WHO = (
    # Up to four modifier words ("consecutive HER2-positive", "mildly depressed primary care
    # outpatients"), each read once: linear, no backtracking.
    # ("type 2 diabetes patients": a number that is part of a name is a modifier too)
    # ("fourteen randomized controlled trials, SUBJECTS ...": studies are no modifier of people)
    # ("2-4 week run-in period, participants were randomly assigned": a duration right after the
    # count, not people; "236 first year medical students" are)
    # ("60 male and female patients")
    r"(?:(?:male|female)\s+and\s+(?:male|female)\s+)?"
    # ("Eighteen hours later, subjects performed ...": a time right after the count, in words too;
    # "236 first year medical students" are people)
    r"(?!(?:hours?|days?|weeks?|months?|years?)\b(?!\s+[1-9]))"
    # ("December 1998 thirty patients were studied": a count is no modifier of another)
    # ("In two regional hospitals, male patients were randomized": places are no modifier of people)
    # ("Forty-five healthy and sedentary volunteers": "and" between two modifiers, not after a number
    # or a plural, "in 1977 and patients with it", "13 loudspeakers and test cases", and not before
    # a count, a determiner or an age bound: "65 and older patients", "30 patients and 30 controls")
    r"(?:(?!(?:were|was|or|in|of|to|the|with|on|at|from|by|who|that|which|served)\s|"
    r"(?<![A-RT-Za-rt-z-]\s)and\s|and\s(?!\s*(?!(?:"
    + WORD_NUMBER
    + r"|the|their|his|her|its|a|an|older|over|above|younger|more|less)\b)[A-Za-z])|"
    r"(?:trials|studies|RCTs|articles|million|"
    r"thousand|billion|" + _PLACES + "|" + WORD_NUMBER + r")\b|"
    # ("treated with 10 mg olopatadine, patients having ... were randomly allocated": a dose, then
    # its drug, is no count of people; no "µg": IGNORECASE equates µ with Greek mu, and a pattern
    # holding it gets no folded twin, see fast_patterns)
    r"(?<=\d\s)(?:mg|g|kg|mcg|ng|ml|l|mmol|IU|units?)\b)"
    # ("Forty Year 3 medical students", "2288 grade 6 children": a school year is a modifier)
    r"(?:[A-Za-z][\w'/-]*|(?<=type\s)[12]|(?<=year\s)[1-9]\d?|(?<=grade\s)[1-9]\d?)"
    # (a gloss after a modifier: "250 Orang Asli (aboriginal) schoolchildren")
    r"(?:\s\((?!\d)[^()]{1,30}\))?"
    r",?\s+){0,4}?"
    # the anaesthetic risk class, however spelled: "160 American Society of Anesthesiologists
    # physical status I-II patients", "65 ASA 1 children", "25 adult ASA-I patients"
    # ("Ninety consenting American Society of Anaesthesiologist's physical status I–II patients")
    r"(?:(?:American\s+Society\s+of\s+Ana?esthesiologist(?:s|'s|’s)?|ASA)(?:\s*\(ASA\))?"
    r"(?:\s+(?:physical\s+status|grade|class))?[\s-]+(?:[IV]{1,3}|[1-4])(?:\s*(?:[-–/]|and|or|to)\s*(?:[IV]{1,3}|[1-4]))?"
    r"\s+(?:(?!(?:were|was|and|or|in|of|to|the|with|on|at|from|by)\s)[A-Za-z][\w'/-]*,?\s+){0,2}?)?" + _PEOPLE
)
#: "(21 women and 17 men)" or "(10 dropouts)" between a count and its noun or verb.
_ASIDE = r"(?:\s*\([^()]{1,60}\))?"
#: A longer aside between the people and their verb: "1453 elderly hypertensive patients (65-89
#: years; sitting office DBP 90-109 mmHg and/or sitting office SBP 140-179 mmHg) were randomized".
_LONG_ASIDE = r"(?:\s*\([^()]{1,120}\))?"
#: What may stand between the people and the verb: "with X", "aged 18-65", "who ...", ", accounting ...,".
_CLAUSE = (
    # ("13 right-handed early-stage Parkinson's disease patients without cognitive ... impairment were
    # investigated")
    r"(?:,?\s+(?:with|without|from|aged|who|in|at|undergoing|receiving|having|meeting|scheduled|presenting|"
    # ("1137 people of an internet panel ... were enrolled")
    r"admitted|diagnosed|not|between|on|accounting|suffering|treated|referred|living|attending|residing|registered|"
    # (", mean age 3.8 years (range 0.1-18), were included")
    r"of\s+an?|mean|median)\b"
    r"(?:[^.;]|\.(?=\d)){0,160}?)?"
)
_RANDOM_VERB = (
    r"randomly\s+(?:assigned|allocated|divided|distributed|placed|administered|received|selected\s+and\s+assigned)|"
    # ("Three randomized controlled trials (RCTs) have confirmed ...": studies, not a verb)
    # ("60 patients from a previously conducted randomized trial": a trial, singular too)
    # ("Two randomized phase III clinical studies were conducted")
    r"randomi[sz]ed(?!,?\s+(?:(?:controlled|clinical|placebo-controlled|double-blind|phase\s+(?:[IV]{1,3}|[1-4])[ab]?),?\s+){0,3}(?:trials?|stud(?:y|ies)|RCTs?)\b)|"
    r"allocated\s+at\s+random|assigned\s+at\s+random|(?:underwent|entered)\s+randomi[sz]ation"
)
#: "in the final analysis", "in the primary efficacy analysis", "in the intention-to-treat analyses".
_IN_ANALYSIS = r"in\s+the\s+(?:[\w-]+\s+){0,2}?analys[ie]s"
#: An adverb between an auxiliary and its verb: "were ultimately analysed", "were finally randomized".
_AFTER_AUX = r"(?:finally|ultimately|subsequently|eventually|successfully|initially|then|consecutively|prospectively|retrospectively)"
_VERBS = {
    # ("a randomized controlled trial in which 84 participants are randomly allocated")
    # ("22 patients were ultimately analysed and randomised", "22 were finally randomized")
    "randomized": r"(?:(?:were|was|are|had\s+been|being)(?:\s+"
    + _AFTER_AUX
    + r")?)?\s*(?:"
    + _RANDOM_VERB
    + r")",
    "enrolled": r"(?:were|was|had\s+been)\s+(?:"
    + _AFTER_AUX
    + r"\s+)?(?:enrolled|recruited|accrued|included(?!\s+"
    + _IN_ANALYSIS
    + r")|registered|entered|studied|"
    # ("20 student participants ... were divided into two groups")
    r"investigated|screened\s+and\s+enrolled|divided\s+into\s+(?:two|three|four|five|[2-6])\s+(?:[\w-]+\s+)?groups)|(?:participated(?!\s+in\s+the\s+(?:[\w-]+\s+){0,2}?follow)"
    # ("200 adults ... who previously participated were invited": those invited, not a sample)
    r"(?!\s+(?:were|was)\s+(?:invited|approached|contacted|asked)\b)|took\s+part|entered\s+the\s+(?:study|trial)|"
    r"enrolled\s+(?:in|into)\s+the\s+(?:study|trial)|"
    # ("86 patients fulfilled the inclusion criteria": those eligible size a study ahead of those
    # enrolled, EFFECTS_LABELS.md)
    r"(?:met|fulfilled|satisfied)\s+(?:the\s+|all\s+|our\s+)?(?:[\w-]+\s+)?(?:inclusion|eligibility|entry|study)\s+criteria)",
    "analysed": r"(?:were|was)\s+(?:"
    + _AFTER_AUX
    + r"\s+)?(?:(?:included\s+)?"
    + _IN_ANALYSIS
    + r"|analy[sz]ed|evaluable|"
    r"available\s+for\s+analysis)",
}
_SUBJECT_VERB = re.compile(
    _COUNT + _ASIDE + r"(?:\s+" + _WHO + r")?" + _LONG_ASIDE + _CLAUSE + r"[,]?\s+"
    r"(?:(?P<randomized>" + _VERBS["randomized"] + r")|(?P<enrolled>" + _VERBS["enrolled"] + r")|"
    r"(?P<analysed>" + _VERBS["analysed"] + r"))",
    re.IGNORECASE,
)
_VERB_OBJECT = re.compile(
    r"\b(?:we\s+|investigators\s+)?(?:(?P<randomized>randomly\s+(?:assigned|allocated)|randomi[sz]ed|"
    r"randomi[sz]ation\s+of)|"
    # ("This randomized, controlled, parallel and single-blind clinical trial involves 63 children")
    # ("We treated 52 subjects with new-onset T1D with teplizumab ... in a randomized trial")
    # ("This clinical trial was conducted to study 195 women")
    # ("one author evaluated and treated 170 adult referrals")
    # ("In total, we assayed 25 individuals, 15 of which are unrelated")
    # ("was used to purposively recruit 24 married men": with an adverb; a bare "aimed to recruit 20
    # patients per GP" or "sought to enroll all 695" is what was planned)
    r"(?P<enrolled>(?:(?<=we\s)|(?<=\band\s))treated|(?<=we\s)(?:assayed|genotyped|sequenced|tested|considered|selected(?:\s+for\s+(?:the\s+)?study)?)|investigated|(?<=to\s)study|(?<=ly\s)(?:recruit|enrol|enroll)|enrolled|enrolling|recruited|recruiting|accrued|included|studied|followed(?:\s+up)?|involv(?:ed|es|ing)|compris(?:ed|es|ing)|consisted\s+of|"
    # ("a prospective, cross-over, randomized ... trial where 52 participants ... were stratified")
    r"conducted\s+(?:on|in|among)|(?:study|trial|survey)\s+(?:of|in|on|among|with|including|where|using)|"
    # ("a randomised, double blind, placebo controlled study of six months combination therapy
    # with these nucleoside analogues in sixteen patients")
    r"(?:study|trial)\s+of\s[^.;()\d]{1,100}?\sin|"
    # ("The subjects of analysis were 138 patients with stage I-IVA", "The subjects of the present
    # study were 30 elderly ... sufferers")
    r"(?:(?<=\bthe\s)|(?<![\w-]\s))(?:subjects|participants)(?:\s+of\s+(?:the\s+)?(?:(?:present|current)\s+)?(?:analysis|study))?\s+(?:were|was))|"
    # "Of 3106 eligible patients, 286 were excluded ..., leaving 2820 patients": those analysed
    # "The questionnaires were completed by 107 participants": people who took part, neither
    # enrolled nor analysed as such ("Period 1 was completed by 35 infants" of 38 randomized)
    # "Treatment outcomes were known for 1816 patients", "data were available for 116 participants":
    # like completers, those with data count only when no randomised, analysed or enrolled total is
    # given (EFFECTS_LABELS.md: a trial is sized by those recruited, not those in the analysis)
    r"(?P<participants>completed\s+by|(?:outcomes?|data|information)\s+(?:were|was)\s+(?:known|available|obtained)\s+(?:for|on|from))|"
    r"(?P<analysed>reviewed|analy[sz]ed|evaluated|examined|leaving|"
    # "an analytic sample of 73,308 participants remained after exclusions"
    r"analytic(?:al)?\s+(?:sample|cohort|population)\s+(?:of|comprised|included|consisted\s+of)))"
    # ("studied in a randomly allocated sample of 66 patients")
    # ("included all 64 consecutive patients who underwent laparotomy")
    # ("We reviewed medical records of the 83 patients", "We analyzed retrospectively 78 patients")
    # ("It was of low quality and included only 15 participants")
    r"(?:\s+(?:retrospectively|prospectively|consecutively|(?<=included\s)only))?\s+(?:(?:a\s+total\s+of|the\s+(?:(?:medical|clinical|case)\s+)?(?:records|charts|data)\s+of(?:\s+the)?|(?:medical|clinical|case)\s+(?:records|charts)\s+of\s+the|(?:pooled\s+)?data\s+(?:on|from)|(?:a\s+)?sample\s+of|all|(?<=ing\s)of)\s+)?"
    # ("The sample included N = 167 women"; not "Treatment outcome was available for n = 20
    # patients" of "A series of 33 patients")
    + r"(?:(?<!for\s)[nN]\s?=\s?|(?<=enrolled\s)\(|(?<=included\s)\()?"
    + _ABOUT
    + _COUNT
    + _ASIDE
    # "We randomized 55 and 52 subjects to A and B, respectively": both arms; "We enrolled 9385 of
    # 15 818 women screened": a part of those named (see _whole_of)
    + r"(?:\s+and\s+"
    + _COUNT.replace("?P<n>", "?P<m3>")
    + r"|\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?"
    + _COUNT.replace("?P<n>", "?P<m4>")
    + r")?\s+"
    # ("5145 overweight or obese patients")
    + r"(?:[A-Za-z][\w-]*\s+or\s+)?"
    + _WHO,
    re.IGNORECASE,
)
#: Every match opens a word (a count after a space or at a line start): the leading \b, implied
#: anyway, spares sre the look-behinds at every other character (issue #4). Likewise _LOOSE.
_PARTICIPLE = re.compile(
    r"\b(?:(?:(?<=[Oo]f\s)|(?<=[Aa]mong\s)|(?<=^))"
    + _COUNT
    + r"\s+(?:"
    + _WHO
    + r"\s+(?:(?P<randomized>randomi[sz]ed|randomly\s+assigned)|(?P<enrolled>enrolled|recruited|accrued|included))\b"
    # ("Among 136 randomized patients, 129 were included in the intent-to-treat population")
    r"|(?:(?P<randomized3>randomi[sz]ed)|enrolled|recruited)\s+(?:[\w-]+\s+){0,2}?" + _PEOPLE + r"\b)"
    # ("satisfied the inclusion criteria but only 24 were randomized")
    r"|(?:(?<=,\s)|(?<=;\s)|(?<=^)|(?<=and\s)|(?<=but\sonly\s)|(?<=but\s))(?P<n2>\d{1,3}(?:,\d{3})+|\d+)\s+(?:\(\d+(?:\.\d+)?%\)\s+)?"
    r"(?:(?:were|was)\s+(?:(?P<randomized2>randomi[sz]ed|randomly\s+assigned)|(?P<analysed>analy[sz]ed|"
    r"included\s+" + _IN_ANALYSIS + r"|evaluable))"
    # "Of 1780 eligible RCT participants, 1319 enrolled (response rate = 74%)"
    r"|(?<=\d\s)(?:enrolled|took\s+part|participated)(?!\s+(?:in\s+the\s+)?(?:follow|[\w-]+\s+follow))))",
    re.IGNORECASE | re.MULTILINE,
)
#: The words a review puts between its count of studies and their people in brackets: "Seven trials
#: met the inclusion criteria (380 participants)".
_REVIEW_VERB_WORDS = (
    r"(?:\s+(?:were|was|met|included|identified|in|the|this|our|review|inclusion|criteria|eligible|"
    r"selected|for|all)){0,8}"
)
_STUDIES = re.compile(
    # ("pooling was possible for four of these studies (2457 participants)")
    r"\b"
    + _COUNT.replace("?P<n>", "?P<k>")
    + r"\s+(?:of\s+(?:these|the|those)\s+)?(?:(?:randomi[sz]ed|controlled|clinical|prospective|"
    r"observational|cohort|eligible|published|independent|relevant|additional|original|primary|included|unique|"
    r"(?:double|single|triple)[\s-]blind(?:ed)?|placebo[\s-]controlled|cross-?over|parallel[\s-]group),?\s+){0,3}"
    # any words naming the kind of study before a total: "14 weight loss studies with a total of",
    # "four pioneering studies (total n = 138, ..."
    r"(?:(?:[a-z-]+\s+){1,3}?(?=(?:studies|trials|RCTs)\s+(?:with|involving|including)\s+a\s+total\s+of\s"
    r"|(?:studies|trials|RCTs)\s*\(\s*total\s+[nN]\s?=))?"
    # (a single study only when the count is one: "Only one trial (123 participants) was included")
    r"(?P<unit>studies|trials|RCTs|articles|cohorts|reports|publications|(?P<single>study|trial|RCT))"
    # A Cochrane review's opening count: "27 randomized controlled trials (RCTs) (8244 participants
    # analysed)", "six eligible trials (total of 202 participants)", "20 studies (1406 participants,
    # 21 references)", "14 studies ( 2715 participants: 2147 (79.08%) men ...)", "Fifteen
    # randomized controlled trials (representing 869 patients)", "20 RCTs (total number of
    # participants = 2674)", "Seven trials met the inclusion criteria (380 participants)"
    # ("three trials (in five articles) with 385 opiate-using participants")
    r"(?:\s*\((?:RCTs?|in\s+[^()]{1,25})\))?(?:\s+in\s+total)?"
    r"(?:"
    + _REVIEW_VERB_WORDS
    + r"\s*\(\s*(?:[nN]\s?=\s?|(?:a\s+)?total\s+(?:of\s+)?|representing\s+|involving\s+|"
    r"including\s+|with\s+|enrolling\s+|comprising\s+|data\s+(?:on|from)\s+|[^();]{1,40};\s*)?"
    + _COUNT
    # ("Two studies (with 203 and 212 people)": summed)
    + r"(?:\s+and\s+(?P<nb>\d[\d,]*))?\s+"
    + _WHO
    + r"(?:\s+(?:analy[sz]ed|randomi[sz]ed|in\s+total))?\s*[),:;]"
    r"|\s*\(\s*total\s+number\s+of\s+(?:participants|patients|subjects)\s*=\s*"
    + _COUNT.replace("?P<n>", "?P<n4>")
    + r"\s*\)"
    # "A total of 29 RCTs (n = 4974), ...", "four studies (total n = 138 , ...)"
    # ("Three studies were eligible for inclusion (n = 339)")
    r"|"
    + _REVIEW_VERB_WORDS
    + r"\s*\(\s*(?:total\s+)?[nN]\s?=\s?"
    + _COUNT.replace("?P<n>", "?P<n6>")
    + r"\s*[),:;]"
    # "Two trials, 1378 participants, employing ...", "In 16 studies, we identified 72,368 participants"
    r"|,\s*(?:we\s+(?:identified|included|found)\s+)?"
    + _COUNT.replace("?P<n>", "?P<n7>")
    + r"\s+"
    + _WHO
    + r"(?=\s*,|\s+(?:with|who|in\s+whom)\b)"
    # "17 studies from six countries (USA, UK, ...), which recruited 919 children"
    r"|(?:\s+[a-z-]+){0,6}?(?:\s*\([^()]{1,80}\))?,?\s*(?:which|that)\s+(?:in\s+total\s+)?"
    r"(?:recruited|enrolled|involved|randomi[sz]ed)\s+(?:a\s+total\s+of\s+)?"
    + _COUNT.replace("?P<n>", "?P<n5>")
    + r"\s+"
    + _WHO
    + r"|"
    r"(?:\s+|,\s*)(?:with|involving|including|enrolling|comprising|consisting\s+of|of|in|and|totaling|totalling|"
    r"that\s+included|which\s+included|were\s+included,?\s+(?:with|involving|including|enrolling))\s+"
    r"(?:a\s+total\s+of\s+|data\s+(?:on|from)\s+|over\s+|more\s+than\s+)?"
    + _COUNT.replace("?P<n>", "?P<n2>")
    + r"\s+"
    + _WHO
    # "13 trials as eligible for inclusion in the review, including a total of 2653 participants",
    # "40 studies in the review, with more than 140,000 women"
    + r"|(?:\s+[a-z-]+){1,8}?,\s*(?:including|involving|enrolling|with)\s+(?:a\s+total\s+of|more\s+than|over)\s+"
    + _COUNT.replace("?P<n>", "?P<n3>")
    + r"\s+"
    + _WHO
    + r")?",
    re.IGNORECASE,
)
#: What may stand before a review's single study: "Only one trial (123 participants) was included",
#: not "results from 1 study (21 participants) favour ..."
_ONLY_BEFORE = re.compile(r"\s*(?:only\s+)?", re.IGNORECASE)
#: Where a clause ends, for groups joined to a review's count ("...; 4791 participants ... and 29
#: participants were randomised" is another clause; "(an additional 4 studies ...)" an aside).
_CLAUSE_END = re.compile(r"\.\s|[;(]")
#: The part of a review's studies that gave data to its analyses, sized apart: "Twenty studies
#: (9789 women) contribute data to analyses", "nine of them provided outcome data (3339
#: participants)". Read only after a count of included studies: these are the participants pooled.
_STUDIES_ANALYSED = re.compile(
    # the studies' people counted after them: "From 17 studies, only two met our inclusion criteria.
    # Together they had 280 participants"
    r"\b(?:together|altogether|in\s+total),?\s+(?:they|these\s+(?:studies|trials))\s+"
    r"(?:had|included|involved|enrolled|randomi[sz]ed)\s+(?P<n5>\d[\d,]*)\s+" + _WHO + r"|"
    # an individual-participant-data review: "IPD were available for 1151 of 1239 eligible individuals"
    r"\b(?:IPD|individual\s+participant\s+data|data)\s+(?:were|was)\s+available\s+(?:for|from)\s+"
    r"(?P<n3>\d[\d,]*)\s+(?:of\s+(?:the\s+)?\d[\d,]*\s+)?"
    + _WHO
    + r"|\b"
    + _COUNT.replace("?P<n>", "?P<k>")
    + r"\s+(?:of\s+(?:them|these)|(?:[\w-]+\s+){0,2}?(?:quasi-)?(?:studies|trials|RCTs))"
    r"(?:\s*\(\s*(?:[nN]\s?=\s?)?(?P<n>\d[\d,]*)\s+" + _WHO + r"\s*\))?"
    r"\s+(?:contributed?|contributing|provided|reported)\s+(?:outcome\s+)?data"
    # ("One RCT and two quasi-RCTs contributed data on 1779 women")
    r"(?:\s+(?:on|from|for)\s+(?P<n4>\d[\d,]*)\s+" + _WHO + r")?"
    r"(?:\s+(?:to|for)\s+(?:the\s+)?(?:meta-?)?analys[ie]s)?"
    r"(?:\s*\(\s*(?:[nN]\s?=\s?)?(?P<n2>\d[\d,]*)\s+" + _WHO + r"\s*\))?",
    re.IGNORECASE,
)
#: "126,634 participants in 36 prospective studies", "meta-analysis of 15,148 subjects".
_POOLED = re.compile(
    _COUNT + r"\s+" + _WHO + r"\s+(?:from|in)\s+(?:\d+|" + WORD_NUMBER + r")\s+(?:[\w-]+\s+){0,2}?"
    r"(?:studies|trials|cohorts)\b"
    r"|(?:meta-?analysis|pooled\s+analysis)\s+(?:of|including|involving)\s+"
    + _COUNT.replace("?P<n>", "?P<n2>")
    # A count of people, not of studies.
    + r"\s+"
    + _WHO,
    re.IGNORECASE,
)
#: "A total of 161 participated", "In all, 96 women ...", "A total of 3601 women aged 55 years or older".
_TOTAL = re.compile(
    r"\b(?:a\s+total\s+of|in\s+all,?|in\s+total,?|altogether,?|overall,?)\s+"
    + _COUNT
    + _ASIDE
    + r"(?P<rest>[^.;]{0,200})",
    re.IGNORECASE,
)
_TOTAL_VERB = re.compile(
    r"\b(?:(?P<randomized>"
    + _RANDOM_VERB
    + r")|(?P<analysed>analy[sz]ed|evaluable|(?:included\s+)?"
    + _IN_ANALYSIS
    + r")|(?P<enrolled>enrolled|recruited|included(?!\s+"
    + _IN_ANALYSIS
    + r")|registered|participated|studied|took\s+part|entered|"
    r"(?P<treated>received|underwent|were\s+(?:given|treated))|were\s+(?:assessed|evaluated|examined)))\b|(?P<stop>\b(?:died|had|developed|completed)\b)",
    re.IGNORECASE,
)
#: "Participants (n = 5,755, ...)", "a representative cohort (N = 8655)", "(n = 1574)" after a noun.
_N_OPEN = re.compile(
    r"\(\s*[nN]\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?![\d.])(?P<close>\s*[,;)])?"
)
#: A total in brackets: "Twenty-one subjects received randomized therapy in each treatment sequence
#: (total N = 42)", "(n = 120 in total)".
_TOTAL_IN_BRACKETS = re.compile(
    r"\(\s*(?:in\s+)?total[,:]?\s+[nN]\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*\)"
    r"|\(\s*[nN]\s?=\s?(?P<m>\d{1,3}(?:,\d{3})+|\d+)\s+(?:in\s+total|overall|in\s+all)\s*\)",
    re.IGNORECASE,
)
#: ("Children aged 11-16 (n=564) were interviewed ... and randomised": an age range may follow them)
_WHO_BEFORE = re.compile(
    r"\b(?:" + _PEOPLE + r"|cohort|sample|population)(?:\s+aged\s+\d+\s*(?:[-–]|to)\s*\d+(?:\s+years)?)?\s*$",
    re.IGNORECASE,
)
_STUDY_HINT = re.compile(
    r"\b(?:studies|trials|RCTs|articles|cohorts|reports|publications)\b|\b(?:one|1)\s+(?:study|trial|RCT)\s*\(",
    re.IGNORECASE,
)
_POOLED_HINT = re.compile(
    r"\b(?:studies|trials|cohorts)\b|analysis\s+(?:of|including|involving)\s", re.IGNORECASE
)
#: Last resort: a count of people after a preposition or at the start of a sentence.
_LOOSE = re.compile(
    r"\b(?:\b(?:of|among|in|from|for|on|between|comprise|comprised|comprises|involved|included|includes|serving|covering|involving|"
    # ("Messages were delivered online to 618 nonsmoking girls", "claims data with 3,184 patients",
    # "were analysed: 107 pregnancies ...", "Participants 569 parents completed ..."; not "4 to 12",
    # "up to five")
    # ("A randomized study was conducted, testing 15 subjects receiving A and another 15 ...")
    r"including|enrolling|compared|surveyed|recruited|enrolled|studied|examined|assessed|interviewed|testing|"
    # (not "4 to 12"; "administered at LI4 to 50 healthy subjects" is a count after a point's name)
    r"(?<!(?<![A-Za-z])\d\s)(?<!\bup\s)to|with|participants:?|"
    # ("Out of 502 sleep studies, there were 465 males and 37 females")
    r"there\s+were)\s+|(?:^|(?<=[.,:]\s))"
    # a heading run into the text ("... for SpA. METHODS Twenty patients with SpA, who ...")
    r"(?:(?:(?:patients|subjects|participants|materials|methods)\s+and\s+|and\s+)?(?:methods|results|patients|subjects|participants|setting)\s+)?)"
    # ("From the remaining 1240 subjects, 10.8% ...": those left after exclusions)
    r"(?:the\s+(?:remaining\s+)?|all\s+)?" + _ABOUT + _COUNT + _ASIDE + r"\s+" + _WHO,
    re.IGNORECASE | re.MULTILINE,
)
#: Further groups in the same sentence: "44 patients with PID and 44 healthy women", "and another 20".
#: A count of one sex after a comma, with no "and": the make-up of those just counted.
_SEX_AFTER_COMMA = re.compile(r",\s*\d[\d,]*\s+(?:wo)?men\b|,\s*\d[\d,]*\s+(?:fe)?males\b", re.IGNORECASE)
#: (only right after people named otherwise: not "66,105 women from the Nurses' Health Study,
#: 85,104 women from ..." nor "Twenty-one women with NP, 18 women with PIH")
_OTHER_PEOPLE_END = re.compile(r"\b(?!(?:wo)?men\b|(?:fe)?males\b)" + _PEOPLE + r"\s*$", re.IGNORECASE)
_AND_GROUP = re.compile(
    # ("included 20 patients who underwent A, compared with 20 patients who underwent B")
    # ("from 103 patients with MDS, as well as 12 normal controls")
    r"(?:,\s*(?:and\s+|compared\s+with\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"
    r"(?:another\s+|a\s+further\s+|the\s+other\s+)?"
    + _COUNT.replace("?P<n>", "?P<m>")
    # ("between 1 April 2007 and 31 January 2015": a date)
    + r"(?!\s+(?:years?|months?|weeks?|days?|hours?|yrs?|mg|kg|g|ml|IU|mcg|µg|μg|mmol|units?|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)"
    # ("120 patients who underwent NIV and 20 who refused it were included": people by what they did)
    # ("356 age-, sex- and HBsAg status-matched controls": words with a suspended hyphen)
    # ("29 men with gastric cancer and 116 aged matched controls")
    # ("16 non-small cell lung cancer (NSCLC) patients": an abbreviation among the words)
    # ("We evaluated 44 (M/F:41/3) NSCLC patients and 12 (M/F:10/2) age matched healthy smokers")
    + r"(?:\s+(?=who\s)|\s+(?:(?:age|sex|gender)[\s-]+and[\s-]+(?:age|sex|gender)[\s-]+|aged?[\s-]+matched\s+|\([\w-]{1,12}\)\s+|\((?:M/F|F/M)\s*:?\s*\d+/\d+\)\s+|(?:[A-Za-z]+-,?\s+){1,3}and\s+|(?!(?:and|or|years?|old|aged)\s)[\w'/-]+\s+){0,5}?"
    + _PEOPLE
    # "859 patients were randomly assigned to home and 594 (22 clusters) to facility care", "3353
    # patients were randomized to drug and 1757 were randomized to placebo"
    # ("548 veterans with head injury and 1228 without head injury who completed")
    + r"|(?:\s*\([^()]{1,40}\))?\s+(?=to\b(?!\s+\d)|(?-i:[A-Z])|without\b|(?:were|was)\s+(?:randomi[sz]ed|randomly|allocated|assigned)\b))",
    re.IGNORECASE,
)
#: "between 1879 rural and 6775 urban infants": two groups sharing one noun.
_PAIR = re.compile(
    # (the words between are checked apart, see _DURATION: "at 90 days and 1 year postdischarge")
    # ("12 normally sighted, 10 visually impaired, and 10 blind subjects": a serial comma)
    _COUNT
    + r"\s+(?P<between>(?:[\w-]+\s+){0,1}?[\w-]+,?\s+)and\s+"
    + _COUNT.replace("?P<n>", "?P<m>")
    + r"\s+"
    + _WHO,
    re.IGNORECASE,
)
#: An earlier group of a list that shares the pair's noun: "from 83 Asian, 149 Black and 195 White
#: patients" (one or two words, a comma; not a duration: "at 6 months, 12 and 24 weeks").
_LIST_ITEM_BEFORE = re.compile(
    _COUNT + r"\s+(?!(?:hours?|days?|weeks?|months?|years?)\b)(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*,\s+$",
    re.IGNORECASE,
)
#: A count that opens a sentence "Of the N ...": what follows in the sentence is a part of it
#: (not "consisting of 1,963 cases and 4,329 controls", a whole enumerated).
_OF_WHOLE = re.compile(r"(?:^|[.;:]\s+)of\s+(?:the\s+|all\s+)?$", re.IGNORECASE)
#: "at 90 days and 1 year postdischarge between patients": durations, not a pair of groups.
_DURATION = re.compile(r"(?:hours?|days?|weeks?|months?|years?)\b", re.IGNORECASE)
#: Two groups compared: "Thirty-five patients underwent X and were compared to 60 patients from a
#: previous trial", "A total of 73 patients from the A group were compared with 72 patients from
#: the control group" (both are the sample); likewise groups matched to each other ("135 patients
#: with A were matched regarding age, sex and fracture type to 135 patients with B").
_COMPARED_GROUPS = re.compile(
    _COUNT
    + _ASIDE
    + r"\s+"
    + _WHO
    # ("were prospectively compared with 450 ...", "Outcomes of 43 ... were compared with those of 49 ...")
    # ("160 children experienced eight modules ... that were adapted to ... and were compared to 155
    # children": a longer description only when no number stands in it; "Of 1,029 patients who ...
    # in 2011, 38 patients with X were compared with 98": another count of people ends the first's)
    + r"(?:(?:[^.;\s]|\s(?!\d[\d,]*\s+"
    + _PEOPLE
    + r")|\.(?=\d)){0,120}?|[^.;\d]{121,200}?)(?:\b(?:were|was)\s+(?:[a-z]+ly\s+)?|(?<=\s))(?:compared|matched(?:[^.;]){0,80}?)\s+(?:with|to)\s+"
    r"(?:the\s+|a\s+group\s+of\s+|those\s+of\s+)?"
    + _COUNT.replace("?P<n>", "?P<m>")
    + _ASIDE
    + r"\s+"
    + _WHO,
    re.IGNORECASE,
)
#: A count per group of a trial: "There were 50 patients in each group", "were randomly assigned
#: to two groups (41 patients in each group)".
_IN_EACH_GROUP = re.compile(
    r"\s+in\s+each\s+(?:of\s+the\s+\w+\s+)?(?:treatment\s+|study\s+)?(?:groups?|arms?)\b", re.I
)
_EACH_GROUP_COUNT = re.compile(
    # ("we enrolled 19 patients in each group")
    r"(?:\bthere\s+were\s+|(?P<open>\(\s*)|\b(?:enrolled|recruited|included)\s+)"
    + _COUNT
    + r"\s+"
    + _WHO
    + r"\s+in\s+each\s+(?:of\s+the\s+(?P<k>two|three|four|[234])\s+)?"
    r"(?:treatment\s+|study\s+)?(?:groups?|arms?)\b",
    re.IGNORECASE,
)
#: A share of the subject between it and its verb: ", and 77 of them (66%)", "and 77 (".
#: A count that opens a bracket after another count of people: a part of those ("491 obese
#: subjects (292 girls, ..."), not the subject of the verb after the bracket.
_PART_OF_COUNTED = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,])\s+(?:[A-Za-z][\w-]*\s+){0,3}?" + _PEOPLE + r"\s*\(\s*$",
    re.IGNORECASE,
)
#: The people counted just before, split by sex: "Eighty-six medical students comprising 62 men and
#: 24 women were randomly assigned" (the 86 were, not the 24).
_SEX_SPLIT_BEFORE = re.compile(
    _COUNT.replace("?P<n>", "?P<whole>")
    + r"\s+(?:[A-Za-z][\w-]*\s+){0,3}?"
    + _PEOPLE
    + r",?\s+(?:comprising|including|consisting\s+of|of\s+whom)\s+\d[\d,]*\s+(?:wo)?men\s+and\s+$",
    re.IGNORECASE,
)
#: A total whose parts follow: "we had a total of 90 patients, of which 45 patients underwent ...".
_TOTAL_OF_WHICH = re.compile(
    r"\btotal\s+of\s+\d[\d,]*\s+(?:[\w-]+\s+){0,3}?" + _PEOPLE + r",?\s+of\s+(?:which|whom)\b", re.IGNORECASE
)
_OF_WHICH_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+of\s+(?:which|whom)\b", re.IGNORECASE)
#: A count with its share between a subject and its verb: a part of the subject is the verb's.
_SHARE_IN_CLAUSE = re.compile(r",\s+\d[\d,]*\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)")
_SHARE_BETWEEN = re.compile(r",?\s+and\s+\d[\d,]*\s+(?:of\s+(?:them|these|those|whom)\b|\()")
#: Those taken from a group just named: "116 patients were identified, and 77 of them (66%) were included".
_OF_THEM = re.compile(
    r"(?:(?<=,\s)|(?<=;\s)|(?<=and\s))"
    + _COUNT
    # ("a total of 72 patients were recorded, and 65 of them met the inclusion criteria")
    + r"\s+of\s+(?:them|these|those)\s*(?:\(\d+(?:\.\d+)?\s?%\)\s*)?(?:(?:were|was)\s+(?:included|enrolled)\b|"
    r"(?:met|fulfilled|satisfied)\s+(?:the\s+|all\s+)?(?:inclusion|eligibility|entry|study)\s+criteria\b)",
    re.IGNORECASE,
)
#: Groups of a stated size: "seven groups of eight healthy male subjects" (56 people).
_GROUPS_OF = re.compile(
    r"\b"
    + _COUNT.replace("?P<n>", "?P<k>")
    + r"\s+(?:[\w-]+\s+)?(?:groups|cohorts|panels)\s+of\s+"
    + _COUNT
    # ("Patients were divided into three groups of 30 each.": the people named before, see
    # _PEOPLE_DIVIDED)
    + r"(?:\s+(?:each\s+)?"
    + _WHO
    + r"|\s+(?P<bare>each)\b)",
    re.IGNORECASE,
)
#: Who was divided into groups of a size with no noun after it: people, not their teeth or eyes.
_PEOPLE_DIVIDED = re.compile(r"\b(?!(?:eyes|hips|knees|teeth|pairs)\b)" + _PEOPLE, re.IGNORECASE)
#: "The total number of patients was 2,657,365", "the total sample comprised 812 adults".
_TOTAL_NUMBER = re.compile(
    r"\btotal\s+(?:number\s+of\s+(?:[\w-]+\s+){0,2}?"
    + _PEOPLE
    + r"|sample(?:\s+size)?|study\s+population)\s+(?:was|were|comprised|included|reached|amounted\s+to)\s+"
    r"(?:a\s+total\s+of\s+)?" + _COUNT,
    re.IGNORECASE,
)
_CLUSTERS = r"(?:" + _PLACES + r")\b"
#: An arm's count in brackets, perhaps after a gloss: "(n = 22)", "(maltodextrin, n = 21)", "(bike
#: riding or brisk walking/jogging, n = 22)".
_N_PAREN = re.compile(
    r"\((?:\s*(?P<gloss>[A-Za-z][^()=;]{0,60}?),)?\s*[nN]\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*\)"
)
_N_EQ = re.compile(
    # (not clusters: "(n = 26 classes, 432 children)" counts the children)
    r"(?<![\w])[nN]\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\d.])(?!\s*%)(?!\s+" + _CLUSTERS + r")"
    # ("(63±13 years; 9 women)": after other particulars, a count of one sex is a breakdown)
    r"|\((?:[^();]{0,20}(?:;\s*|(?<!\d),\s+)(?!\d+\s+(?:wo)?men\b|\d+\s+(?:fe)?males?\b|\d+\s+boys\b|\d+\s+girls\b))?"
    r"(?P<w>\d{1,3}(?:,\d{3})+|\d+)\s+(?:"
    + _PEOPLE
    + r")(?:\s+(?:aged|with|who|from|in|at)\b[^()]{0,40})?\s*\)",
    re.IGNORECASE,
)
#: (a name may hold a decimal: "tiotropium R2.5 (n=914)"; arms may differ by dose alone: "10
#: mg/day (n = 35), 5 mg/day (n = 30)")
_ARM_BEFORE = re.compile(
    r"(?P<arm>(?:(?<![\w.])\d+(?:\.\d+)?\s?)?[A-Za-z][\w/+-]*(?:\.\d+)?(?:\s[\w/+-]+){0,3}?)(?:\s+(?:group|arm))?\s*$"
)
_ARM_TO = re.compile(
    # (not a duration or a dose: "in randomized order, for 8 weeks in the morning and 8 weeks in the evening")
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\s-]*(?:hours?|days?|weeks?|months?|years?|minutes?|mg|g|ml)\b)"
    r"\s+(?:\w+\s+)?(?:to|in\s+the|received|receiving)\s+"
    r"(?P<arm>[A-Za-z][\w/+-]*(?:\s[\w/+-]+){0,2}?)(?=\s*(?:group|arm)?\s*(?:,|and\b|or\b|\.|;|$))"
)
# The stop comes first and the abbreviations are looked behind it: a pattern that opens with a
# character is searched for quickly, one that opens with look-behinds is tried at every position.
#: ("1,605 Hispanic women (629 U.S. Hispanics and 976 Mexicans) and 354 ... women": "U.S." ends no sentence)
_SENT_END = re.compile(
    r"[.;](?<!\bvs[.;])(?<!\bet al[.;])(?<!\be\.g[.;])(?<!\bi\.e[.;])(?<!\bU\.S\.)(?<!\bU\.K\.)(?:\s|$)"
)
_FULL_STOP = re.compile(
    r"\.(?<!\bvs\.)(?<!\bet al\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bapprox\.)(?<!\bU\.S\.)(?<!\bU\.K\.)(?:\s|$)"
)
_SENT_START = re.compile(r"[.;]\s")
_CONTEXT_LABEL = re.compile(r"BACKGROUND|INTRODUCTION|CONTEXT|RATIONALE|IMPORTANCE", re.I)
_METHODS_TEXT = re.compile(r"\bMETHODS\b|\bwere\s+(?:included|enrolled|recruited|randomi[sz]ed)\b")
#: A sentence of a context section that says what this study does: "This study investigates the
#: interstitial concentrations ... of 29 women with FMS and 28 healthy women". Only it is read
#: loosely there; the rest of the section is about other people.
_OWN_STUDY = re.compile(
    r"\b(?:this|the\s+(?:present|current)|our)\s+(?:[\w-]+\s+)?(?:study|trial)\s+"
    r"(?:investigates|investigated|examines|examined|compares|compared|evaluates|evaluated|assesses|assessed|explores|explored)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
#: A month name just before a year ("May, 2016"), which makes the year a date.
_MONTH_BEFORE = re.compile(
    # ("from December 21, 2015 to January 20, 2016": a day may stand between)
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s*$",
    re.IGNORECASE,
)
#: Words that turn what follows into a subset of the group just counted ("..., including 2396 patients").
_SUBSET_GAP = re.compile(
    r"\b(?:including|of\s+whom|among\s+(?:whom|them|these)|of\s+which|of\s+these|whereas|while)\b", re.I
)
#: After a randomization verb: ", 483 to A and 487 to B" enumerates the total; "to A, 244 to B" adds arms.
_ENUMERATES = re.compile(r"\s*[,:]")
_ARM_NEXT = re.compile(r"\s*(?:to|in\s+the)\b", re.IGNORECASE)
#: "278 (59.4%) of the original 468 patients were enrolled": the subject is the 278.
_WHOLE_OF = re.compile(
    _COUNT + r"\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE
)
_OUT_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?" + _COUNT)
#: "278 (59.4%) of ...": a share of a larger group follows; a response rate ("252 cases (90.3%
#: response)") does not make the count a share.
_PERCENT_AFTER = re.compile(
    # ... and nor does the sample's make-up ("Of 10,808 adult patients (49% male), ...", "692,875
    # Medicare patients (22% duals)": a percent with a word after it other than "of")
    r"\s*\(\s*\d+(?:\.\d+)?\s*%(?!\s*(?!of\b)[A-Za-z])"
)
#: Those screened for a study are not its sample: "Of 400 patients screened, 278 (69.5%) were
#: enrolled" enrolled 278, and "278 out of 400 screened" is a share of the screened, not of the sample.
_SCREENED = re.compile(
    r"\b(?:screened|screening|assessed\s+for\s+eligibility|approached|invited|contacted|eligible|"
    r"identified)\b",
    re.IGNORECASE,
)
#: A bare count right before the verb ("were ..."), after "from" or a comma: the verb's own subject.
_AUXILIARY = re.compile(r"(?:were|was)\b", re.IGNORECASE)
#: ("Among 226 patients who provided informed consent, 163 patients were randomized": the 163)
#: ("Of 511 people with aphasia identified, 105 had low mood and were recruited": the 105)
_NEARER_SUBJECT = re.compile(
    r"(?:\bfrom|,)\s+"
    + _COUNT.replace("?P<n>", "?P<m>")
    + r"(?:\s+"
    + _WHO
    + r")?(?:\s+had\s+[\w\s-]{1,40}?\s+and)?\s+$",
    re.IGNORECASE,
)
#: Responders to a survey of those eligible or invited are its sample: "1,524 (72%) of 2,118
#: eligible subjects responded" (a share of patients who "responded" to treatment is not).
_RESPONDERS = re.compile(
    _COUNT
    + r"\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?of\s+(?:the\s+|all\s+)?"
    + _COUNT.replace("?P<n>", "?P<m>")
    + r"(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?\s+(?P<pool>(?:[\w-]+\s+){0,3}?"
    + _PEOPLE
    + r"(?:\s+(?:who\s+were\s+)?[\w-]+){0,2}?)\s+(?:responded|participated|took\s+part|agreed\s+to\s+participate|"
    r"consented|completed\s+the\s+(?:survey|questionnaire)|returned\s+(?:the\s+)?questionnaires?)\b",
    re.IGNORECASE,
)
#: Those who answered a survey sent to a group: "Questionnaires were sent to 158 patients (89 A,
#: 69 B) of whom 126 (80 %) responded" (only where the sentence speaks of a survey: "treated,
#: of whom 80 responded" are those whose disease responded).
_OF_WHOM_RESPONDED = re.compile(
    r"\bof\s+whom\s+"
    + _COUNT
    + r"\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:responded|replied|returned|completed)\b",
    re.IGNORECASE,
)
_SURVEY = re.compile(r"\b(?:questionnaires?|surveys?|mailed|invitations?|invited)\b", re.IGNORECASE)
#: "A total of 400 patients were screened and 278 were enrolled": the total is of those screened.
_SCREEN_VERB = re.compile(
    r"\b(?:were|was)\s+(?:screened|assessed\s+for\s+eligibility|approached|invited|contacted)\b",
    re.IGNORECASE,
)


#: A randomization verb: the last resort for a randomized total given only as arms.
_RANDOMIZED_FAST = FastPattern(re.compile(r"randomi[sz]ed|randomly\s+(?:assigned|allocated)", re.IGNORECASE))

#: Patterns read only when a section holds one of their phrases (folded text).
_GATED = (
    (_OF_THEM, ("of them", "of these", "of those")),
    (_GROUPS_OF, ("groups of", "cohorts of", "panels of")),
    (_TOTAL_NUMBER, ("total number", "total sample", "total study")),
    (_EACH_GROUP_COUNT, ("in each",)),
    (_COMPARED_GROUPS, ("compared with", "compared to", "were matched", "was matched")),
)

#: A subset of those counted next, which this report studies: "From a subset of 59 patients of 84
#: rectal cancer patients included in a phase II study" (the 59, those analysed here).
_SUBSET = re.compile(
    r"\bsubset\s+of\s+"
    + _COUNT
    + r"\s+"
    + _WHO
    + r"\s+(?:of|from)\s+(?:the\s+|a\s+|an\s+|all\s+)?(?:\d|"
    + WORD_NUMBER
    + r")",
    re.IGNORECASE,
)

# The patterns that scan whole sections, with their fast paths (trigger words, folded twins):
# together they were most of the time of sample-size extraction (issue #4).
_FAST = {
    rx: FastPattern(rx)
    for rx in (
        _STUDIES,
        _STUDY_HINT,
        _POOLED,
        _POOLED_HINT,
        _SUBJECT_VERB,
        _VERB_OBJECT,
        _PARTICIPLE,
        _TOTAL,
        _RESPONDERS,
        _SCREENED,
        _WHOLE_OF,
        _WHO_BEFORE,
        _LOOSE,
        _PAIR,
        _GROUPS_OF,
        _TOTAL_NUMBER,
        _EACH_GROUP_COUNT,
        _OF_THEM,
        _COMPARED_GROUPS,
    )
}


def _count(text: str) -> int | None:
    """Digits ('1,234', '1 234', '5.24 million') or words ('One hundred and twenty-one', 'two thousand')."""
    millions = re.fullmatch(r"(\d{1,3}(?:\.\d{1,2})?)\s+million", text.strip())
    if millions is not None:
        return round(float(millions.group(1)) * 1_000_000)
    value = parse_count(text)
    if value is not None:
        return value
    total = current = 0
    for token in re.split(r"[\s-]+", text.strip().lower()):
        if token in {"and", ""}:
            continue
        if token == "a":
            current += 1
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            number = word_number(token)
            if number is None:
                return None
            current += number
    return total + current or None


def _sentence_end(text: str, pos: int) -> int:
    m = _SENT_END.search(text, pos)
    return m.start() + 1 if m else len(text)


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENT_START.finditer(text, 0, pos):
        start = m.end()
    return start


_EACH_BEFORE = re.compile(r"\beach\s+$", re.IGNORECASE)
_EACH_AFTER = re.compile(r"\s+each\s*(?=[.,;)]|(?:group|arm)s?\b)", re.IGNORECASE)
#: A bracket right after a count (up to its noun and a few more words) that splits it: "41
#: severely burned patients (20 placebo and 21 intervention)".
_SPLIT_AFTER = re.compile(r"(?:\s+[\w-]+){0,4}?\s*\((?P<parts>[^()]{1,80})\)")


def _count_split(norm: str, end: int, count: int) -> bool:
    """Whether the bracket after a count lists parts that add up to it."""
    split = _SPLIT_AFTER.match(norm, end)
    if split is None:
        return False
    parts = [
        int(n.replace(",", "")) for n in re.findall(r"(?<![\d.])\d[\d,]*(?![\d.%])", split.group("parts"))
    ]
    return len(parts) >= 2 and sum(parts) == count


def _in_series(norm: str, start: int) -> bool:
    """Whether a count at ``start`` follows another count (not a year) in a list: "21,673;
    14,735 and 13,758 individuals" (but "Between 2001 and 2010, 412 and 96 patients")."""
    before = re.search(r"(?<![\w.,])(\d[\d,]*)\s*[;,]\s*$", norm[max(0, start - 12) : start])
    return before is not None and not _YEAR.fullmatch(before.group(1))


def _plain_count(norm: str, m: re.Match[str] | TextMatch) -> int | None:
    """The count in ``m``'s group "n", or None when it is no count of people: a year, or a share
    ("278 (69.5%)")."""
    count = _count(m.group("n"))
    if count is None or _is_year(m.group("n"), norm, m.end("n")) or _PERCENT_AFTER.match(norm, m.end("n")):
        return None
    if _split_thousands(norm, m.start("n"), m.group("n")):
        return None
    return count


_BEFORE_SPLIT = re.compile(r"(?<![\d,.])\d{1,3},\s$")


def _split_thousands(norm: str, start: int, raw: str) -> bool:
    """'446' in '5, 446 travelers were included': the end of a number split by a stray space."""
    return (
        len(raw) == 3 and raw.isdigit() and _BEFORE_SPLIT.search(norm, max(0, start - 5), start) is not None
    )


def _whole_of(norm: str, end: int, count: int) -> int:
    """The whole a count is part of when one follows it: "164 out of 7,647 included patients
    developed ..." studied 7,647 (but "278 out of 400 screened patients were enrolled" 278)."""
    whole_of = _OUT_OF.match(norm, end)
    whole = _count(whole_of.group("n")) if whole_of is not None else None
    if whole_of is None or whole is None or whole <= count:
        return count
    if _SCREENED.search(norm, whole_of.end(), min(len(norm), whole_of.end() + 40)):
        return count
    return whole


def _from_screened(norm: str, start: int) -> bool:
    """The sentence before ``start``, or the one before it, counts those screened ("Of 400 patients
    screened, ...", "Fifty-seven people were screened for eligibility. Thirty (52%) entered
    randomisation")."""
    opening = _sentence_start(norm, start)
    if opening > 1:
        opening = _sentence_start(norm, opening - 2)
    return _SCREENED.search(norm, opening, start) is not None


def _is_year(raw: str, text: str, end: int) -> bool:
    """'2010' in 'In 2010, patients ...' or '2010 patients' right after 'in'/'during', or after a
    month ('From December 1990 through December 1998 thirty patients were studied')."""
    if not _YEAR.fullmatch(raw):
        return False
    start = end - len(raw)
    return (
        bool(re.match(r"\s*[,)]", text[end:]))
        or _MONTH_BEFORE.search(text, max(0, start - 16), start) is not None
    )


def _arms(text: str, start: int, end: int) -> dict[str, int]:
    arms: dict[str, int] = {}
    chunk = text[start:end]
    previous = 0
    unnamed = 0
    for m in _N_PAREN.finditer(chunk):
        window_start = max(previous, m.start() - 60)
        before = _ARM_BEFORE.search(chunk, window_start, m.start())
        previous = m.end()
        if before is None:
            unnamed += 1
            continue
        name = re.sub(
            r"^(?:the|a|an|receive|either)\s+", "", before.group("arm").strip(), flags=re.IGNORECASE
        )
        name = re.sub(r"^(?:or|and|vs\.?|versus)\s+", "", name, flags=re.IGNORECASE)
        name = re.split(r"\b(?:to|receive|receiving|either)\s+", name)[-1].strip()
        name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
        count = parse_count(m.group("n"))
        if name and count is not None and not re.match(r"(?i)total|all\b", name):
            if name in arms:
                # ("placebo injections plus methotrexate capsules (group 1, n = 133), ... golimumab
                # 50 mg injections plus methotrexate capsules (group 3, n = 89)": alike at the end)
                name = f"{name} ({m.group('gloss') or len(arms) + 1})"
            arms[name] = count
    if unnamed:
        arms = {}  # an arm without a name: the arms read are not all of them
    first = next(iter(arms.items()), None)
    if len(arms) >= 3 and first is not None and first[1] == sum(arms.values()) - first[1]:
        # "participants with chronic constipation (n = 48) were randomly shifted to receive either
        # A (n = 24) or placebo (n = 24)": the first is the whole the others divide
        del arms[first[0]]
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


def _more_groups(norm: str, start: int, stop: int, randomized: bool, counts: list[int] | None = None) -> int:
    """Counts of further groups joined by 'and' in the same clause (summed; each also put in ``counts``)."""
    extra = 0
    pos = start
    if not randomized and re.match(r"\s*:", norm[start : start + 3]):
        return extra  # "recruited 348 participants: 171 ... and 177 ...": the total, enumerated
    while True:
        m = _AND_GROUP.search(norm, pos, stop)
        if m is None:
            return extra
        if (
            not randomized
            and (listed := _PARTS_LISTED.search(norm, pos, m.start() + 1)) is not None
            and (norm.count("(", pos, listed.start()) <= norm.count(")", pos, listed.start()))
        ):
            return extra  # "456 subjects with three phenotypes - 175 stroke patients, 161 ... and 120 ...": parts
        tail = norm[m.end() : m.end() + 120]
        if tail[:4] == "who " and norm[: m.start()].rstrip(" ,")[-1:].isdigit():
            return extra  # "children between the ages of 1 and 3 who ...": a range, not a group
        if randomized and tail[:3] == " in" and norm[: m.start()].rstrip(" ,")[-1:].isdigit():
            return extra  # "outcomes from 53 and 51 participants in the A and B groups": those followed up
        if randomized and (
            _ENUMERATES.match(norm, start)
            or (
                not re.search(r"another|a\s+further|" + _PEOPLE, m.group(0), re.IGNORECASE)
                and not _ARM_NEXT.match(norm, start)
            )
        ):
            return extra
        if (
            randomized
            # ("25 patients were randomly assigned to A and the other 25 patients were given B")
            and not re.search(r"\bthe\s+other\s*$", norm[m.start() : m.start("m")], re.IGNORECASE)
            and not re.match(
                # ("Thirty patients were randomly assigned to A, and 30 patients were assigned to B")
                # ("33 patients were randomized into A and 32 patients in the B arm")
                r"(?:\s+(?:with|who|from|aged)\b[^.;]{0,80}?)?\s*(?:,\s*)?(?:to\b|in(?:to)?\s+the\b|were\s+(?:"
                + _RANDOM_VERB
                + r"|assigned|allocated))",
                tail,
                re.IGNORECASE,
            )
        ):
            return extra
        if norm.count("(", start, m.start()) > norm.count(")", start, m.start()):
            pos = m.end()  # inside an aside such as "(1,013 African American and 514 Hispanic)"
            continue
        if (
            # (after the count or its noun: "Of the total of 228 patients with fever ..., 121
            # patients (53%) proved to ...": a share)
            _PERCENT_AFTER.match(norm, m.end("m"))
            or _PERCENT_AFTER.match(norm, m.end())
            or _SUBSET_GAP.search(norm, pos, m.start())
        ):
            return extra
        if not randomized and _NEW_SUBJECT.match(m.group(0)) and _ASSIGNED_NEXT.match(tail):
            return extra  # "In a study of 45 PwMS, 21 patients were assigned to A, while 24 ...": a part
        count = _count(m.group("m"))
        if count is None or re.search(r"\bcases\b", m.group(0), re.I):
            return extra
        if _SEX_AFTER_COMMA.match(m.group(0)) and _OTHER_PEOPLE_END.search(norm[max(0, start - 30) : start]):
            return extra  # "in 9 subjects, 5 women (counterbalanced design)": how many were women
        if _YEAR.fullmatch(m.group("m")) and _MONTH_BEFORE.search(
            norm, max(start, m.start() - 16), m.start() + 1
        ):
            return extra  # "from June 2013 to May, 2016 were selected": a date, not a group
        if _YEAR.fullmatch(m.group("m")) and _YEAR_BEFORE.search(
            norm, max(start, m.start() - 8), m.start() + 1
        ):
            return extra  # "who participated in the 2001, 2005, and 2007 Korean ... Surveys": years
        extra += count
        if counts is not None:
            counts.append(count)
        pos = m.end()


#: "Of the 80 patients who were enrolled in the study, " before one arm's count, and "while the
#: remaining patients received ..." after it: the arm and the rest make up the whole.
_OF_ALL_ENROLLED = re.compile(r"\b[Oo]f\s+(?:the\s+|all\s+)?(?P<n>\d[\d,]*)\s+[^.;,]{0,80}?,\s*$")
_THE_REMAINING = re.compile(
    r"[^.;]{0,120}?\b(?:while|whereas|and)\s+the\s+(?:remaining|other|rest)\b", re.IGNORECASE
)
#: What "A total of N ..." counts when it is not people: "A total of 709 TGN, 418 MTX-PG, and 267
#: TPMT measurements ... were analyzed" (the things named before any people).
#: Not the nouns of _THINGS_BEFORE: counts of lesions, fractures or operations stand for the
#: patients when no people are counted (EFFECTS_LABELS.md), so those are kept as a last resort
#: there; these are never a sample of people.
_THINGS_COUNTED = re.compile(
    r"(?:(?!" + _PEOPLE + r")[^.;])*?\b(?:measurements|samples|specimens|tests|assays|scans|images|"
    r"radiographs|visits|episodes|prescriptions|records|observations|questionnaires|biopsies|cycles|"
    r"embryos|isolates|attacks|seizures|exacerbations|extractions|implants|restorations|molars)\b",
    re.IGNORECASE,
)
_RANDOMIZED_PEOPLE = re.compile(r"\s+randomi[sz]ed\s+(?:[\w-]+\s+){0,2}?" + _PEOPLE, re.IGNORECASE)
_ANALYSES_WERE = re.compile(
    r"(?<!interim\s)(?<!subgroup\s)(?<!secondary\s)\banalys[ie]s\s+(?:[\w-]+\s+){0,3}?(?:were|was)\s+$",
    re.IGNORECASE,
)
_RANDOMIZED_TRIAL_OF = re.compile(r"trial\s+(?:of|in|among|with|using)\s", re.IGNORECASE)
_RANDOMIZED_BEFORE = re.compile(r"\brandomi[sz]ed\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_PART_OF_TRIAL = re.compile(
    r"\b(?:secondary|post[\s-]?hoc|ancillary|sub-?stud(?:y|ies)|sub-?analys[ie]s|follow-?up|nested|subset|subgroup)\b",
    re.IGNORECASE,
)
_PER_GROUP_AFTER = re.compile(
    r"\s*(?:per|in\s+each|for\s+each|each)\b(?:\s+(?:treatment\s+|study\s+)?(?:groups?|arms?))?\s*\)"
)
_GROUP_WORD = re.compile(r"\b(?:groups?|arms?)\b", re.IGNORECASE)
_GROUPS_HYPHEN = re.compile(r"\b(?P<k>two|three|four|[234])-(?:groups?|arms?|arm)\b", re.IGNORECASE)


def _groups_before(norm: str, at: int) -> int:
    """How many groups a per-group count in a bracket at ``at`` is multiplied by: a "three-group"
    design, or the groups named earlier in its sentence (at least two; two when none is named)."""
    opening = _sentence_start(norm, at)
    stated = _GROUPS_HYPHEN.search(norm, opening, at) or _GROUPS_NAMED.search(norm, opening, at)
    if stated is not None:
        return _GROUP_NUMBER.get(stated.group("k").lower(), 2)
    # ("allocated to the following groups (n = 25 for each): group 1, ...; group 2, ...; and group 3")
    stop = norm.find(". ", at)
    numbered = [int(n) for n in _NUMBERED_GROUP.findall(norm, opening, len(norm) if stop < 0 else stop)]
    if numbered and 2 <= max(numbered) <= 6:
        return max(numbered)
    return min(max(len(_GROUP_WORD.findall(norm, opening, at)), 2), 6)


_NUMBERED_GROUP = re.compile(r"\bgroup\s+([1-6])\b", re.IGNORECASE)


#: A count after a dash or colon: what follows lists the parts of the count before it.
#: ("303 patients completed the study– 106, 96, and 101 patients in Arms A, B, and C": a dash
#: glued to the word before, and counts listed bare)
_PARTS_LISTED = re.compile(r"(?:\s[-–—]\s*|[–—]\s*|:\s*)(?=\d[\d,]*(?:\s+[A-Za-z]|,))")
_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d\W*$")
#: A group after a bare comma that is the subject of its own assignment: the start of a new clause.
_NEW_SUBJECT = re.compile(r",(?!\s*and\b)")
_ASSIGNED_NEXT = re.compile(
    r"\s*(?:(?:were|was)\s+(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)|received)\b", re.IGNORECASE
)


_ARM_NAME = r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:arm|group)\b|(?:arm|group)\s+(?-i:[A-Z0-9])\b)"
#: The other arm after an enrolment: "7,621 children were enrolled in the intervention arm and 7,605
#: in the control arm", "In the carbetocin group 462 subjects were included and in the oxytocin
#: group 1,122" (the second form only when the first count was led by its own arm).
_OTHER_ARM = re.compile(
    # ("873 were randomized to receive the intervention and 863 were in the control group")
    r"(?P<own>\s+(?:in|into|to)\s+(?:"
    + _ARM_NAME
    + r"|receive\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?))?\s*,?\s+and\s+(?:"
    + _COUNT.replace("?P<n>", "?P<m>")
    + r"(?:\s+"
    + _WHO
    + r")?\s+(?:(?:were|was)\s+)?(?:in|into|to)\s+"
    + _ARM_NAME
    + r"|in\s+"
    + _ARM_NAME
    + r"\s*,?\s+"
    + _COUNT.replace("?P<n>", "?P<m2>")
    + r"(?![\d,]|\.\d|\s*%|\s*\(\s*\d+(?:\.\d+)?\s*%))",
    re.IGNORECASE,
)
_ARM_LEAD = re.compile(r"\bin\s+" + _ARM_NAME + r"\s*,?\s*$", re.IGNORECASE)


def _other_arm(norm: str, verb_end: int, count_start: int) -> int:
    """The count of the other arm enumerated after an enrolment verb (0 when there is none)."""
    other = _OTHER_ARM.match(norm, verb_end)
    if other is None:
        return 0
    if other.group("m") is not None and other.group("own"):
        return _count(other.group("m")) or 0
    lead = _ARM_LEAD.search(norm, max(0, count_start - 60), count_start)
    if other.group("m2") is not None and lead is not None:
        return _count(other.group("m2")) or 0
    return 0


#: A count per site or unit of the study, between a count and its verb: "30 patients in each hospital".
_PER_SITE = re.compile(
    r"\b(?:in|at|from)\s+each\s+(?:of\s+the\s+(?:[\w-]+\s+){0,2}?)?(?:hospitals?|cent(?:er|re)s?|sites?|"
    r"clinics?|schools?|practices?|villages?|wards?|countr(?:y|ies)|cit(?:y|ies)|regions?|communit(?:y|ies))\b"
    r"|\bper\s+(?:hospital|cent(?:er|re)|site|clinic|school|practice|village|ward|country|city|region|community)\b",
    re.IGNORECASE,
)
#: The first arm's count before "and N were randomised".
_FIRST_ARM = re.compile(r"(?:^|[,;:]\s)(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+and\s+$")
_TOTAL_FIRST_ARM = re.compile(r"\btotal\s+of\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+and\s+$", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
#: Matched comparators after an enrolment: "3,882 patients ... were included and matched by
#: propensity score to 3,882 obese patients without surgery".
_MATCHED_TO = re.compile(
    r"\s+and\s+(?:were\s+)?(?:individually\s+)?matched\b[^.;]{0,80}?\bto\s+"
    + _COUNT.replace("?P<n>", "?P<m>")
    + r"\s+"
    + _WHO,
    re.IGNORECASE,
)
#: A group named just before the subject of a verb and joined to it by "and".
_GROUP_BEFORE = re.compile(_COUNT + _ASIDE + r"\s+" + _WHO + _ASIDE + r"\s+and\s+$", re.IGNORECASE)
#: The first of two counts sharing one noun and verb: "5624 and 791 consecutive patients ...
#: received 1 and 2 lines", "34 and 36 patients were randomized to A and B" (not a range: "between
#: 10 and 20 patients", "aged 18 and over").
_BARE_PAIR_BEFORE = re.compile(
    r"(?<!between\s)(?<!from\s)(?<!of\s)(?<!aged\s)(?<!ages\s)(?<!than\s)" + _COUNT + r"\s+and\s+$",
    re.IGNORECASE,
)
#: The first of two groups sharing the noun of the second: "among 11 483 male and 34 618 female
#: individuals with rheumatoid arthritis was studied" (the words between describe people: no
#: preposition, no step of recruitment as in "200 screened and 150 eligible patients", no plural
#: noun as in "12 sites and 300 patients", no duration; "156 consecutively diagnosed new and 68
#: previously treated ... patients" are two groups).
_PAIR_BEFORE = re.compile(
    _COUNT + r"\s+(?:(?!(?:of|in|on|at|to|by|for|with|from|among|per|who|the|a|an|and|or|were|was|had|have|"
    r"eligible|screened|enrolled|randomi[sz]ed|included|excluded|assessed|approached|invited|contacted|"
    r"recruited|identified|evaluated|analy[sz]ed|selected|referred|hours?|days?|weeks?|months?|years?)\b)"
    r"(?![\w-]*s\b)[A-Za-z][\w-]*\s+){1,3}and\s+$",
    re.IGNORECASE,
)

#: After a count and its verb, a ratio to each person: "Two controls were matched per case".
_PER_PERSON = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:per|for\s+(?:each|every)|to\s+each)\s+"
    r"(?:case|patient|participant|subject|person|individual|child|woman|man)\b",
    re.IGNORECASE,
)
#: A count given per group: "140 participants were randomized into each group", "We randomised
#: 59 participants to each of the two groups", "30 patients per arm".
_EACH_GROUP = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:in)?to\s+each\s+(?:of\s+the\s+(?P<k>two|three|four|[234])\s+)?|per\s+|in\s+each\s+)"
    r"(?:treatment\s+|study\s+|studied\s+)?(?:groups?|arms?)\b",
    re.IGNORECASE,
)
_GROUP_NUMBER = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_GROUPS_NAMED = re.compile(
    # ("three different age groups")
    r"\b(?P<k>two|three|four|[234])\s+(?:(?:parallel|treatment|study|intervention|randomi[sz]ed)\s+|different\s+(?:age\s+)?)?"
    r"(?:groups|arms)\b",
    re.IGNORECASE,
)


def _group_count(norm: str, stated: str | None, abstract: str = "") -> int:
    """How many groups a per-group count is multiplied by: as stated, as its section or else the
    whole abstract names them ("randomized into four groups" in METHODS for "thirty patients
    randomized in each group" in RESULTS), else two."""
    named = stated or next(
        (m.group("k") for text in (norm, abstract) if (m := _GROUPS_NAMED.search(text))), None
    )
    return _GROUP_NUMBER.get(str(named).lower(), 2)


def _scan(
    text: str, paper_id: str, section: int, found: list[SampleSize], abstract: str = "", one_sex: str = ""
) -> None:
    """Sample sizes stated in one section (``abstract``: the whole abstract, for context;
    ``one_sex``: the sex word that names every participant, see :func:`_one_sex`)."""
    norm = _as_read(text, one_sex)
    folded = fold_case(norm)

    def span(a: int, b: int) -> Span:
        return Span(paper_id=paper_id, section=section, start=a, end=b, text=text[a:b])

    covered: list[tuple[int, int]] = []
    hint = _FAST[_STUDY_HINT].search(norm, folded)
    for m in _FAST[_STUDIES].finditer(norm, folded) if hint else ():
        k = _count(m.group("k"))
        if (
            k is None
            # (one study only with its count in brackets: "In one trial of 115 women, ..." is a
            # finding of one of the studies, not the review's size)
            or (
                m.group("single")
                and (
                    k != 1
                    or not (m.group("n") or m.group("n6"))
                    or not _ONLY_BEFORE.fullmatch(norm, _sentence_start(norm, m.start()), m.start())
                )
            )
            or k > 5000
            or not re.search(
                r"\b(?:included|identified|pooled|meta|eligible|"
                r"review|selected|met|analy|compared|investigat|evaluat)",
                # (to the end of the sentence: "A total of 29 RCTs (n = 4974), mostly following up
                # the participants for six weeks ..., were included")
                norm[
                    max(0, m.start() - 120) : max(
                        m.end() + 80, min(_sentence_end(norm, m.end()), m.end() + 240)
                    )
                ],
                re.I,
            )
        ):
            continue
        _add(found, "studies", k, {}, span(m.start(), m.end()))
        covered.append((m.start(), m.end()))
        n = next((m.group(g) for g in ("n", "n2", "n3", "n4", "n5", "n6", "n7") if m.group(g)), None)
        if n:
            count = _count(n)
            if count is None:
                continue
            if m.group("nb"):
                count += _count(m.group("nb")) or 0
            if not (m.group("n") or m.group("n4") or m.group("n6")):
                # "with a total of 719 patients and 494 controls": cases and controls, summed
                clause = _CLAUSE_END.search(norm, m.end())
                count += _more_groups(norm, m.end(), clause.start() if clause else len(norm), False)
            pooled = next((i for i, s in enumerate(found) if s.kind == "participants"), None)
            if (
                pooled is not None
                and (first_pool := found[pooled].span) is not None
                and first_pool.section == section
                and _ANOTHER_POOL.fullmatch(norm, first_pool.end, m.start())
            ):
                # "a meta-analysis of 90 cohort studies with 291,433 total patients ... and,
                # separately, of nine controlled trials with 535 total patients": two pools, summed
                summed = found[pooled].total + count
                found[pooled] = found[pooled].model_copy(
                    update={"total": summed, "span": span(first_pool.start, m.end())}
                )
            elif not any(size.kind == "participants" for size in found):
                _add(found, "participants", count, {}, span(m.start(), m.end()))
                # the studies these people were in ("The searches identified 157 studies, of which
                # eight cross-over studies (data from 96 participants) met the inclusion criteria")
                counted = next((i for i, size in enumerate(found) if size.kind == "studies"), None)
                if counted is not None and found[counted].total != k and k > 0:
                    found[counted] = found[counted].model_copy(update={"total": k})
    if any(size.kind == "studies" for size in found) and (
        " data" in folded or "ipd" in folded or "together" in folded or "in total" in folded
    ):
        for gave in _STUDIES_ANALYSED.finditer(norm):
            written = next((gave.group(g) for g in ("n", "n2", "n3", "n4", "n5") if gave.group(g)), "")
            if (count := _count(written)) is None:
                continue
            # the participants a review pooled are those whose data it analysed
            pooled = next((i for i, size in enumerate(found) if size.kind == "participants"), None)
            if pooled is None:
                _add(found, "participants", count, {}, span(gave.start(), gave.end()))
            elif count < found[pooled].total or (
                (pool_span := found[pooled].span) is not None
                and pool_span.section == section
                and gave.start() < pool_span.start
            ):
                # (smaller, or stated first: "One RCT and two quasi-RCTs contributed data on 1779
                # women" opens the review; "two trials, 1364 women" later is one comparison)
                found[pooled] = found[pooled].model_copy(
                    update={"total": count, "span": span(gave.start(), gave.end())}
                )
            break
    hint = _FAST[_POOLED_HINT].search(norm, folded)
    for m in _FAST[_POOLED].finditer(norm, folded) if hint else ():
        count = _count(m.group("n") or m.group("n2") or "")
        if count is not None:
            _add(found, "participants", count, {}, span(m.start(), m.end()))
            covered.append((m.start(), m.end()))
    # Responders are counted only from a pool screened, invited or eligible: check for one first.
    screened = _FAST[_SCREENED].search(norm, folded)
    for m in _FAST[_RESPONDERS].finditer(norm, folded) if screened else ():
        if _SCREENED.search(m.group("pool")) and (count := _count(m.group("n"))) is not None:
            _add(found, "enrolled", count, {}, span(m.start(), m.end()))
    for answered in _OF_WHOM_RESPONDED.finditer(norm) if "of whom" in folded else ():
        opening = _sentence_start(norm, answered.start())
        if (
            _SURVEY.search(norm, opening, answered.start())
            and (count := _count(answered.group("n"))) is not None
        ):
            _add(found, "enrolled", count, {}, span(answered.start("n"), answered.end()))
    for rx in (_SUBJECT_VERB, _VERB_OBJECT, _PARTICIPLE):
        for m in _FAST[rx].finditer(norm, folded):
            groups = m.groupdict()
            kind = (
                "randomized"
                if groups.get("randomized2") or groups.get("randomized3")
                else next(
                    (k for k in ("randomized", "enrolled", "analysed", "participants") if groups.get(k)),
                    "enrolled",
                )
            )
            if rx is _VERB_OBJECT and kind == "enrolled" and _RANDOMIZED_TRIAL_OF.match(norm, m.start()):
                # "a randomised controlled trial of 204 people": those randomised (not in a report
                # on part of a trial: "a secondary analysis of a randomized trial of 3000 women")
                before = norm[max(0, m.start() - 60) : m.start()]
                if _RANDOMIZED_BEFORE.search(before) and not _PART_OF_TRIAL.search(before):
                    kind = "randomized"
            elif (
                rx is _VERB_OBJECT
                and kind == "enrolled"
                and _ANALYSES_WERE.search(norm, max(0, m.start() - 40), m.start())
            ):
                kind = "analysed"  # "The analyses were conducted on 411 children": those analysed
            raw = groups.get("n") or groups.get("n2") or ""
            count = _count(raw)
            if count is None or any(a <= m.start() < b for a, b in covered):
                continue
            n_end = m.end("n") if groups.get("n") else m.end("n2")
            if kind != "randomized" and rx is not _PARTICIPLE and _RANDOMIZED_PEOPLE.match(norm, n_end):
                kind = "randomized"  # "A multicenter study examined 122 randomized patients"
            if _is_year(raw, norm, n_end) or _split_thousands(norm, n_end - len(raw), raw):
                continue
            if _PERCENT_AFTER.match(norm, n_end) and not (
                # "Of 400 patients screened, 278 (69.5%) were enrolled": a share of the screened
                kind != "analysed" and _from_screened(norm, m.start())
            ):
                continue
            if _PER_PERSON.match(norm, m.end()):
                continue  # "two controls were matched per case": a ratio, not a total
            if rx is _PARTICIPLE and groups.get("randomized2"):
                # "Of 487 patients enrolled, 128 and 130 were randomised to A and B, respectively"
                first = _FIRST_ARM.search(norm, max(0, m.start() - 24), m.start())
                count += (_count(first.group("n")) or 0) if first is not None else 0
            elif rx is _SUBJECT_VERB and _RESPECTIVELY.search(norm, m.end(), _sentence_end(norm, m.end())):
                # "A total of 32 and 31 subjects were enrolled under the A and B arms, respectively"
                first = _TOTAL_FIRST_ARM.search(norm, max(0, m.start() - 24), m.start())
                count += (_count(first.group("n")) or 0) if first is not None else 0
            if rx is _SUBJECT_VERB and groups.get(kind) and _PER_SITE.search(norm, n_end, m.start(kind)):
                continue  # "30 patients in each hospital were randomly assigned": not the total
            if rx is _VERB_OBJECT and _IN_EACH_GROUP.match(norm, m.end()):
                continue  # "we enrolled 19 patients in each group": counted per group (_EACH_GROUP_COUNT)
            if rx is _SUBJECT_VERB and _SHARE_BETWEEN.search(norm, n_end, m.end()):
                continue  # "116 patients were identified, and 77 of them were included": the 77 (_OF_THEM)
            if (
                rx is _SUBJECT_VERB
                and groups.get(kind)
                and _SHARE_IN_CLAUSE.search(norm, n_end, m.start(kind))
            ):
                continue  # "2,144 patients from the SHINE study, 182 (8.5%) were Japanese and randomized": the 182
            if rx is _SUBJECT_VERB and _PART_OF_COUNTED.search(norm, max(0, m.start() - 50), m.start()):
                continue  # "491 obese subjects (292 girls, mean age 12.0 ± 2.8 years) and their mothers participated"
            if (
                rx is _SUBJECT_VERB
                and (split := _SEX_SPLIT_BEFORE.search(norm, max(0, m.start() - 120), m.start())) is not None
                and (head_count := _count(split.group("whole"))) is not None
            ):
                # ("Eighty-six medical students comprising 62 men and 24 women were randomly assigned")
                _add(found, kind, head_count, {}, span(split.start(), m.end()))
                continue
            if rx is _SUBJECT_VERB and _TOTAL_OF_WHICH.search(
                norm, _sentence_start(norm, m.start()), m.start()
            ):
                continue  # "a total of 90 patients, of which 45 ... and 45 patients who ... were included": the 90
            if rx is not _VERB_OBJECT:
                # ("We reviewed 20 of 51 patients ...": the verb's object is the part it acted on)
                count = _whole_of(norm, n_end, count)
            if rx is _SUBJECT_VERB and groups.get(kind):
                # ("Out of 178 eligible patients from one practice, 55 participated": the 55)
                nearer = _NEARER_SUBJECT.search(norm, n_end, m.start(kind))
                if (
                    nearer is not None
                    and not _AUXILIARY.match(norm, m.start(kind))
                    and nearer.group(0)[0] != ","
                ):
                    nearer = None  # ("14,000 patients from four randomized, ... trials": no verb of its own)
                if (
                    nearer is not None
                    and not _YEAR.fullmatch(nearer.group("m"))
                    and (closer := _count(nearer.group("m"))) is not None
                ):
                    count, n_end = closer, nearer.end("m")
            if rx is _SUBJECT_VERB and not re.search(_PEOPLE, m.group(0), re.I):
                # A bare count ("85 entered the study") needs a sentence-opening or "total" context.
                before = norm[max(0, m.start() - 40) : m.start()]
                if not re.search(
                    r"(?:^|(?<!\bvs)[.;:]\s*|\btotal\s+of\s+|,\s+|\bof\s+whom\s+)$", before, re.I
                ) and not (
                    # "400 patients were screened and 278 were enrolled"
                    before.endswith(" and ") and _from_screened(norm, m.start())
                ):
                    continue
            end = _sentence_end(norm, m.end())
            if rx is _SUBJECT_VERB and groups.get(kind):
                count += _more_groups(norm, n_end, m.start(kind), False)
                if kind != "randomized" and (
                    first := _GROUP_BEFORE.search(norm, max(0, m.start() - 120), m.start())
                    or _PAIR_BEFORE.search(norm, max(0, m.start() - 40), m.start())
                ):
                    # "252 cases (90.3% response) and 637 controls were enrolled": both groups
                    count += _count(first.group("n")) or 0
                elif (
                    (pair := _BARE_PAIR_BEFORE.search(norm, max(0, m.start() - 24), m.start())) is not None
                    and not _YEAR.fullmatch(pair.group("n"))
                    # ("A total of 21,673; 14,735 and 13,758 individuals were included at baseline,
                    # sixth and twelfth months": a series of waves)
                    and not _in_series(norm, pair.start())
                ):
                    count += _count(pair.group("n")) or 0  # "5624 and 791 consecutive patients were included"
                whole = _FAST[_WHOLE_OF].search(norm, folded, max(0, m.start() - 60), m.start())
                if whole is not None and kind != "randomized":
                    count = _count(whole.group("n")) or count
                if kind == "enrolled":
                    count += _other_arm(norm, m.end(), m.start())
                if (matched := _MATCHED_TO.match(norm, m.end())) is not None:
                    count += _count(matched.group("m")) or 0
            elif rx is _VERB_OBJECT:
                if _EACH_BEFORE.search(norm, max(0, m.start() - 8), m.start()) or _EACH_AFTER.match(
                    norm, m.end()
                ):
                    # "randomized into two groups: ..., each comprising of 20 patients", "group I and
                    # group II comprising 30 patients each": a count per group
                    count *= _group_count(norm, None, abstract)
                count += _count(groups.get("m3") or "") or 0
                parts: list[int] = []
                more = _more_groups(norm, m.end(), end, kind == "randomized", parts)
                # ("The study included 30 patients, 20 boys and 10 girls": its parts, as in _LOOSE)
                count += 0 if more == count and len(parts) >= 2 else more
            if kind == "randomized" and rx is not _VERB_OBJECT:
                more = _more_groups(norm, m.end(), end, True)
                if more == 0 and rx is _SUBJECT_VERB:
                    # "873 were randomized to receive the intervention and 863 were in the control group"
                    more = _other_arm(norm, m.end(), m.start())
                if more == 0 and _TO_ONE_ARM.match(norm, m.end(), end):
                    # "Of 245 patients randomized to the early group, ... whereas in the 244 patients
                    # randomized to the late group ...": each arm counted the same way
                    more = sum(
                        _count(arm.group("n")) or 0 for arm in _ARM_RANDOMIZED.finditer(norm, m.end(), end)
                    )
                count += more
            if (kind == "randomized" or rx is _SUBJECT_VERB) and (
                each := _EACH_GROUP.match(norm, m.end(), end)
            ) is not None:
                # ("239 patients were enrolled in each arm")
                count *= _group_count(norm, each.group("k"), abstract)
            arms = _arms(norm, m.start(), end) if kind == "randomized" else {}
            if arms and sum(arms.values()) != count:
                arms = {}
            if (
                kind == "randomized"
                and (
                    whole_enrolled := _OF_ALL_ENROLLED.search(
                        norm, _sentence_start(norm, m.start()), m.start()
                    )
                )
                and _THE_REMAINING.match(norm, m.end(), end)
            ):
                # "Of the 80 patients who were enrolled, 40 were randomly assigned to A while the
                # remaining patients received B": all 80 were randomised
                count, arms = _count(whole_enrolled.group("n")) or count, {}
            _add(found, kind, count, arms, span(m.start(), m.end()))
    for m in _FAST[_TOTAL].finditer(norm, folded):
        count = _plain_count(norm, m)
        rest = m.group("rest")
        if count is None:
            continue
        if any(a <= m.start("n") < b for a, b in covered) or re.match(
            r"\s+(?:[\w-]+\s+){0,3}?(?:studies|trials)\b", rest
        ):
            continue
        verb = _TOTAL_VERB.search(rest)
        if (
            verb is None
            or verb.group("stop")
            or _PERCENT_AFTER.search(rest[: verb.start()])
            or _SCREEN_VERB.search(rest[: verb.start()])
            or _THINGS_COUNTED.match(rest)
            # ("A total of 72 patients were recorded, and 65 of them met the inclusion criteria,
            # which included ...": the 65, _OF_THEM)
            or _SHARE_BETWEEN.search(rest[: verb.start()])
        ):
            continue
        kind = next(k for k in ("randomized", "analysed", "enrolled") if verb.group(k))
        count = _whole_of(norm, m.end("n"), count)
        count += _more_groups(norm, m.end("n"), m.start("rest") + verb.start(), False)
        if kind == "enrolled":
            count += _other_arm(norm, m.start("rest") + verb.end(), m.start())
        if verb.group("treated") and not _OF_WHICH_AFTER.match(rest):
            # (not "a total of 90 patients, of which 45 underwent A and 45 ...": its parts)
            count += _more_groups(norm, m.start("rest") + verb.end(), _sentence_end(norm, m.end("n")), False)
        if kind == "randomized":
            count += _more_groups(norm, m.start("rest") + verb.end(), _sentence_end(norm, m.end("n")), True)
        _add(found, kind, count, {}, span(m.start(), m.start("rest") + verb.end()))
    for subset in _SUBSET.finditer(norm) if "subset of" in folded else ():
        count = _plain_count(norm, subset)
        if count is not None:
            _add(found, "analysed", count, {}, span(subset.start("n"), subset.end()))
    for rx, gate in _GATED:
        if not any(map(folded.__contains__, gate)):
            continue  # the patterns open with a count, slow to scan for: look for their words first
        for m in _FAST[rx].finditer(norm, folded):
            count = _plain_count(norm, m)
            if count is None:
                continue
            if rx is _GROUPS_OF:
                n_groups = _count(m.group("k")) or 0
                if not 1 < n_groups <= 12:
                    continue  # "150 randomized groups of 59 patients": resamples, not arms
                if m.group("bare") and not _PEOPLE_DIVIDED.search(
                    norm, _sentence_start(norm, m.start()), m.start()
                ):
                    continue  # "The teeth were randomly divided into four groups of 25 each"
                if _count_split(norm, m.end(), count):
                    continue  # "two homogeneous groups of 41 ... patients (20 placebo and 21 intervention)": 41 in all
                count *= n_groups
            elif rx is _EACH_GROUP_COUNT and m.group("open"):
                if _PARTS.search(m.group(0).split(" in each")[0]):
                    continue  # "(30 eyes in each treatment arm)" of a fellow-eye study: one sample
                # (in brackets after the groups it divides: "randomly assigned to two groups (41 ...")
                count *= _groups_before(norm, m.start())
                opening = _sentence_start(norm, m.start())
                if re.search(_RANDOM_VERB, norm[opening : m.start()], re.I):
                    _add(found, "randomized", count, {}, span(m.start(), m.end()))
                    continue
            elif rx is _EACH_GROUP_COUNT:
                count *= _group_count(norm, m.group("k"), abstract)
            elif rx is _COMPARED_GROUPS:
                if _PERCENT_AFTER.match(norm, m.end("n")) or _PERCENT_AFTER.match(norm, m.end("m")):
                    continue
                count += _count(m.group("m")) or 0
            _add(found, "enrolled", count, {}, span(m.start(), m.end()))
    for opened in _N_OPEN.finditer(norm):
        count = _count(opened.group("n"))
        if count is None:
            continue
        if (per_group := _PER_GROUP_AFTER.match(norm, opened.end("n"))) is not None:
            # "were randomly allocated to intervention or control groups (N = 381 for each group)"
            opening = _sentence_start(norm, opened.start())
            if re.search(_RANDOM_VERB, norm[opening : opened.start()], re.I) and not any(
                s.kind == "randomized" for s in found
            ):
                total = count * _groups_before(norm, opened.start())
                _add(found, "randomized", total, {}, span(opened.start(), per_group.end()))
            continue
        if not opened.group("close") or not _FAST[_WHO_BEFORE].search(
            norm, folded, max(0, opened.start() - 40), opened.start()
        ):
            continue
        rest = norm[opened.end() : _sentence_end(norm, opened.end())]
        if re.match(r"\s*and\s+their\b", rest, re.I):
            continue  # "The teachers (N = 11) and their students were randomly assigned": clusters
        if re.search(_RANDOM_VERB, rest, re.I) and not any(s.kind == "randomized" for s in found):
            _add(found, "randomized", count, {}, span(opened.start(), opened.end()))
    for stated in _TOTAL_IN_BRACKETS.finditer(norm) if "total" in folded or "in all" in folded else ():
        count = _count(stated.group("n") or stated.group("m"))
        if count is None:
            continue
        before = norm[_sentence_start(norm, stated.start()) : stated.start()]
        randomized = re.search(_RANDOM_VERB, before, re.I) and not any(s.kind == "randomized" for s in found)
        _add(found, "randomized" if randomized else "enrolled", count, {}, span(stated.start(), stated.end()))
    if not any(s.kind == "randomized" for s in found):
        for verb_at in _RANDOMIZED_FAST.finditer(norm, folded):
            end = _sentence_end(norm, verb_at.end())
            arms = _arms(norm, verb_at.end(), end)
            if len(arms) >= 2:
                _add(found, "randomized", sum(arms.values()), arms, span(verb_at.start(), end))
                break


def _scan_loose(
    text: str,
    paper_id: str,
    section: int,
    found: list[SampleSize],
    loose: list[tuple[int, Span]],
    one_sex: str = "",
) -> None:
    """Counts of people with no verb that says what they are (used only when nothing else is found)."""
    norm = _as_read(text, one_sex)

    def span(a: int, b: int) -> Span:
        return Span(paper_id=paper_id, section=section, start=a, end=b, text=text[a:b])

    for opened in _N_OPEN.finditer(norm):
        count = _count(opened.group("n"))
        if (
            count is not None
            and not _PERCENT_AFTER.match(norm, opened.end("n"))
            and not _PER_PERSON.match(norm, opened.end())
        ):
            if _PER_GROUP_AFTER.match(norm, opened.end("n")):
                # "randomly allocated to control group (CG), myopic defocus group (MDG) and hyperopic
                # defocus group (HDG) (n = 17 per group)", "a three-group (n = 35 each) design"
                count *= _groups_before(norm, opened.start())
            # "with aneurysms (n = 258)": the span starts at the things counted, so that they are
            # taken only when no people are counted (see _extract_sample_sizes)
            thing = _THINGS_BEFORE.search(norm, max(0, opened.start() - 30), opened.start())
            loose.append((count, span(thing.start() if thing else opened.start(), opened.end())))
    folded = fold_case(norm)
    for rx in (_LOOSE, _PAIR):
        for m in _FAST[rx].finditer(norm, folded):
            count = _plain_count(norm, m)
            if (
                count is None
                or _PERCENT_AFTER.match(norm, m.end())
                or _PER_PERSON.match(norm, m.end())
                # "1 million pre-school children", "8.3 million apparent cases": a population, not a
                # sample, unless a verb says the study included them
                or "million" in m.group("n")
                # "363 565 incident cases of cardiovascular disease were identified": events in a cohort
                or _INCIDENT.search(m.group(0))
            ):
                continue
            if rx is _PAIR:
                if _DURATION.match(m.group("between")):
                    continue
                count += _count(m.group("m")) or 0
                first = m.start("n")
                for _ in range(4):
                    item = _LIST_ITEM_BEFORE.search(norm, max(0, first - 40), first)
                    if item is None or (earlier := _count(item.group("n"))) is None:
                        break
                    count += earlier
                    first = item.start()
            elif not _OF_WHOLE.search(norm, max(0, m.start("n") - 14), m.start("n")):
                # ("Of the 400 patients enrolled, 350 patients completed": those are of the 400)
                # ("There were 190 recipients in the FTR group and 245 in the control group")
                parts: list[int] = []
                more = _more_groups(norm, m.end(), _sentence_end(norm, m.end()), False, parts) or _other_arm(
                    norm, m.end(), m.start("n")
                )
                # ("Two hundred fifty subjects, 122 with ATTR amyloid, 9 carriers, and 119 with AL
                # amyloid": several groups that add up to the count before them are its parts; one
                # group of the same size is another group: "11 pregnant women and 11 controls")
                count += 0 if more == count and len(parts) >= 2 else more
                if (each := _EACH_GROUP.match(norm, m.end(), _sentence_end(norm, m.end()))) is not None:
                    count *= _group_count(norm, each.group("k"))  # "Eighty patients in each group had ..."
            loose.append((count, span(first if rx is _PAIR else m.start("n"), m.end())))
    if (stated := _N_STATED.match(norm)) is not None and (count := _count(stated.group("n"))) is not None:
        loose.append((count, span(stated.start("n"), stated.end("n"))))  # a RESULTS section opening "N = 56."
    for each in _EACH_GROUP_FIRST.finditer(norm) if "each group" in folded else ():
        # "In each group 30 subjects were taken" of "three different age groups"
        if (count := _plain_count(norm, each)) is not None:
            loose.append((count * _group_count(norm, None), span(each.start("n"), each.end())))
    # (the pattern opens with a count, slow to scan for: look for its verb first)
    for done in _COMPLETERS.finditer(norm) if "completed" in folded else ():
        # completers, who size a study only when no count of people says more (EFFECTS_LABELS.md)
        if (count := _plain_count(norm, done)) is not None:
            loose.append((count, span(done.start("n"), done.end())))
    for listed in _BRACKET_GROUPS.finditer(norm):
        # "(4992 women, 3406 men)": the groups of one sample, listed in a bracket
        counts = [_count(n) for n in _GROUP_COUNT.findall(listed.group(0))]
        if all(c is not None for c in counts):
            loose.append((sum(c for c in counts if c is not None), span(listed.start(), listed.end())))
    _groups(norm, found, loose, span)


#: A randomised count that is one arm's, and the other arms counted alike later in the sentence.
_TO_ONE_ARM = re.compile(r"\s+to\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:group|arm)\b", re.IGNORECASE)
_ARM_RANDOMIZED = re.compile(
    r"(?<![\w,.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\w-]+\s+){0,2}?"
    + _PEOPLE
    + r"\s+randomi[sz]ed"
    + _TO_ONE_ARM.pattern,
    re.IGNORECASE,
)
_EACH_GROUP_FIRST = re.compile(r"\bin\s+each\s+group,?\s+" + _COUNT + _ASIDE + r"\s+" + _WHO, re.IGNORECASE)
_N_STATED = re.compile(r"\s*(?-i:N)\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*[.;]")
#: "Asthmatics and non-asthmatics were recruited and 592 subjects completed the study"
_COMPLETERS = re.compile(
    r"\b" + _COUNT + _ASIDE + r"\s+" + _WHO + _ASIDE + r"\s+completed\s+the\s+(?:study|trial)\b",
    re.IGNORECASE,
)
#: ("337,819 women and 4,385 incident invasive breast cancer cases": events among the women)
_INCIDENT = re.compile(r"\bincident\s+(?:[\w-]+\s+){0,3}?cases\b", re.IGNORECASE)
_GROUP_COUNT = re.compile(r"(?<![\w.,])(" + _DIGITS + r")(?=\s+[A-Za-z])")
#: A bracket that lists only groups of people: "(4992 women, 3406 men)", "(62 boys and 58 girls)".
#: Up to two words before the people, none of them a preposition ("42 with patients" counts
#: interviews, "782 in men" episodes).
_GROUP_WORDS = r"(?:(?!(?:with|in|of|for|from|among|per)\s)[A-Za-z][\w-]*\s+){0,2}?"
_BRACKET_GROUPS = re.compile(
    r"\(\s*(?:"
    + _DIGITS
    + r")\s+"
    + _GROUP_WORDS
    + _PEOPLE
    + r"(?:\s*(?:,|;)?\s*(?:and\s+)?(?:"
    + _DIGITS
    + r")\s+"
    + _GROUP_WORDS
    + _PEOPLE
    + r"){1,3}\s*\)",
    re.IGNORECASE,
)


#: Two groups counted in order: "463 and 497 postmenopausal cases and controls, respectively".
_RESPECTIVE_GROUPS = re.compile(
    r"(?<![\w.,])(?P<a>"
    + _DIGITS
    + r")\s+and\s+(?P<b>"
    + _DIGITS
    + r")\s+(?:[A-Za-z][\w-]*\s+){0,3}?"
    + _PEOPLE
    + r"\s+and\s+(?:[A-Za-z][\w-]*\s+){0,2}?"
    + _PEOPLE
    + r",?\s+respectively",
    re.IGNORECASE,
)


#: Between two counts of studies with their participants: a second pool of the same review (no
#: sentence end, no part: "of which", "including", "among them").
_ANOTHER_POOL = re.compile(
    r"(?:(?![.;]\s)(?!\b(?:of\s+(?:which|these|them|whom)|including|among|subgroup|subset)\b)[^.;]|\.(?=\d)){0,200}?"
    r"\band\b(?:[^.;]|\.(?=\d)){0,60}",
    re.IGNORECASE,
)
#: (a share opens its clause: "; 91% (n = 263) completed", "Of all patients, 48 % (n = 94)"; not
#: "BBOS 1.5% (n=78) or placebo (n=79)", a concentration in an arm's name)
_SHARE_BEFORE = re.compile(r"(?:^|[,;:]\s*|\b(?:and|while|whereas)\s+)\d+(?:\.\d+)?\s?%\s*\(\s*$")
#: "in a subset of participants (n=24)", "a subgroup (n = 30)": a part of the sample, not a group of it.
_SUBSET_BEFORE = re.compile(
    r"\b(?:subsets?|subgroups?|subsamples?|sub-samples?)\b[^()]{0,30}\(?\s*$", re.IGNORECASE
)


_FOLLOWED_BEFORE = re.compile(
    # ("baseline (N = 49) and exit (N = 39)")
    r"\b(?:followed[\s-]up|(?:at|and)\s+follow[\s-]up|later|(?:and|at)\s+exit)\b[^()]{0,30}\(?\s*$",
    re.IGNORECASE,
)


def _groups(
    norm: str, found: list[SampleSize], loose: list[tuple[int, Span]], span: Callable[[int, int], Span]
) -> None:
    """Groups given without a total: "drug (n = 12) vs. untreated (n = 12)", "(62 patients) or (58 patients)"."""
    start = 0
    while start < len(norm):
        stop = _FULL_STOP.search(norm, start)
        end = stop.start() + 1 if stop else len(norm)
        sentence = norm[start:end]
        paired = _RESPECTIVE_GROUPS.search(sentence)
        if paired is not None and (a := _count(paired.group("a"))) and (b := _count(paired.group("b"))):
            loose.append((a + b, span(start + paired.start(), start + paired.end())))
            return
        counts = [
            (m.start(), _count(m.group("n") or m.group("w") or ""))
            for m in _N_EQ.finditer(sentence)
            # "women (n=40) ... in a subset of participants (n=24)": a part of those counted
            if not _SUBSET_BEFORE.search(sentence, max(0, m.start() - 40), m.start())
            # "87% (n = 251) completed the program; 91% (n = 263) completed ...": shares of one sample
            and not _SHARE_BEFORE.search(sentence, max(0, m.start() - 20), m.start())
            # "recruited in the cohort (n = 630) and followed-up 2 y later (n = 564)": the same people
            and not _FOLLOWED_BEFORE.search(sentence, max(0, m.start() - 40), m.start())
        ]
        numbers = [(a, c) for a, c in counts if c is not None]
        if len(numbers) >= 2 and re.search(
            r"\b(?:vs\.?|versus|or|and|compared|while|whereas)\b|;", sentence, re.I
        ):
            total = sum(c for _, c in numbers)
            # "Eligible patients (N=187) ... (n=63), (n=63), or (n=61)": a total and its arms
            if len(numbers) >= 3 and (stated := next((c for _, c in numbers if 2 * c == total), None)):
                total = stated
            # "with dysfunctional voiding (n = 31) or detrusor underactivity (n = 31) were randomly
            # allocated ... to A (n = 38) or placebo (n = 24)": one sample counted twice over (not
            # "warfarin (N = 90), dabigatran (N = 90), rivaroxaban (N = 90) and apixaban (N = 90)")
            elif len(numbers) >= 4 and any(
                2 * sum(c for _, c in numbers[:k]) == total
                and sorted(c for _, c in numbers[:k]) != sorted(c for _, c in numbers[k:])
                for k in range(2, len(numbers) - 1)
            ):
                total //= 2
            where = span(start + numbers[0][0], end)
            if re.search(_RANDOM_VERB, sentence, re.I) and not any(s.kind == "randomized" for s in found):
                _add(found, "randomized", total, {}, where)
            else:
                loose.append((total, where))
            return
        start = end


def extract_sample_sizes(paper: Paper) -> list[SampleSize]:
    """Sample sizes stated in the abstract (METHODS/RESULTS first), at most one per kind.

    A review's count of people is never at most its count of studies: "seven studies of five
    interventions: ... (n = 2), ... (n = 2), ... (n = 1)" counts studies per intervention.
    """
    return _trial_sized_by_recruits(
        paper, _controls_apart(paper, _whole_named(paper, _more_than_studies(_extract_sample_sizes(paper))))
    )


#: Controls counted in a sentence of their own: "Eight IBS patients not improving on wheat-free diet
#: were used as controls", "Six female patients, who underwent other laparoscopic procedures, ...,
#: served as controls", "Thirty-three people ... were enrolled as control group".
_CONTROLS_APART = re.compile(
    r"(?:^|(?<=[.;]\s))"
    + _COUNT
    + r"\s+"
    + _WHO
    + r"[^.;]{0,120}?\s(?:served|were\s+(?:used|enrolled|recruited|included|studied))\s+as\s+(?:the\s+|a\s+)?"
    r"(?:healthy\s+|normal\s+)?controls?(?:\s+group|\s+subjects)?\b",
    re.IGNORECASE,
)


def _controls_apart(paper: Paper, found: list[SampleSize]) -> list[SampleSize]:
    """Controls counted in a sentence after the group they are compared with are part of the
    sample (EFFECTS_LABELS.md: patients and controls with no stated total are summed): "The
    prospective study included 22 patients ... Eight IBS patients ... were used as controls" is
    30. A randomised trial's arms are read from its randomisation, so it is left alone."""
    first = _first_of_each_kind(found)
    at = next((first[kind] for kind in ("analysed", "enrolled", "participants") if kind in first), None)
    if at is None or "randomized" in first or any(size.kind == "studies" for size in found):
        return found
    size = found[at]
    if size.span is None or size.span.section < 0:
        return found
    for index, section in enumerate(paper.sections):
        if index < size.span.section or "control" not in section.text:
            continue
        norm = normalize(section.text)
        for controls in _CONTROLS_APART.finditer(norm):
            if index == size.span.section and controls.start() <= size.span.start:
                continue  # (the group counted is the controls, or comes after them)
            count = _plain_count(norm, controls)
            if count is not None:
                found[at] = size.model_copy(update={"total": size.total + count, "arms": {}})
                return found
    return found


#: The study itself randomised: "were randomized", "randomly placed", "this randomised trial".
_RANDOMISED_HERE = re.compile(
    r"\b(?:were|was)\s+randomi[sz]ed|\brandomly\s+(?:assigned|allocated|divided|placed|distributed)"
    r"|\b(?:this|a|our)\s+(?:[\w-]+\s+){0,3}?randomi[sz]ed",
    re.IGNORECASE,
)
#: Counts of those eligible or screened, who are not all those recruited.
_ELIGIBLE = re.compile(r"\b(?:criteria|eligible|screened)\b", re.IGNORECASE)


def _first_of_each_kind(found: list[SampleSize]) -> dict[str, int]:
    """Where in ``found`` each kind first occurs (the entry ``StudyFacts.n`` reads for it)."""
    first: dict[str, int] = {}
    for index, size in enumerate(found):
        first.setdefault(size.kind, index)
    return first


def _trial_sized_by_recruits(paper: Paper, found: list[SampleSize]) -> list[SampleSize]:
    """A randomised trial that prints no randomised count is sized by those recruited into it,
    not by the fewer analysed ("Forty-eight subjects were enrolled ... 41 were evaluable": 48;
    EFFECTS_LABELS.md): those included are counted as the randomised."""
    first = _first_of_each_kind(found)
    if "randomized" in first or "studies" in first or "enrolled" not in first or "analysed" not in first:
        return found
    enrolled, analysed = found[first["enrolled"]], found[first["analysed"]]
    if enrolled.total <= analysed.total or enrolled.span is None or _ELIGIBLE.search(enrolled.span.text):
        return found
    if not any(_RANDOMISED_HERE.search(section.text) for section in paper.sections):
        return found
    found[first["enrolled"]] = enrolled.model_copy(update={"kind": "randomized"})
    return found


#: A section that names who took part ("PARTICIPANTS: Eighty healthy individuals.").
_PARTICIPANTS_LABEL = re.compile(
    r"(?:participants?|subjects?|patients?|(?:study\s+)?(?:population|sample))", re.I
)
#: The count that opens it, of people, not a share ("731 of the 824 participants ...").
_OPENING_COUNT = re.compile(
    # ("PATIENTS: In this study, there are 194 HD patients.")
    r"\s*(?:(?:in\s+(?:this|the\s+present|our)\s+study,?\s+)?there\s+(?:are|were)\s+)?(?:a\s+total\s+of\s+)?"
    + _COUNT
    + _ASIDE
    + r"\s+"
    + _WHO
    + r"\b(?!\s+(?:out\s+)?of\b)",
    re.IGNORECASE,
)


#: The label run into a section's text: "... design and a split-mouth design. Participants: 36
#: Class II division I patients (12 males, 24 females; ...) requiring ...".
_PARTICIPANTS_INLINE = re.compile(r"(?:^|(?<=[.;]\s))(?-i:Participants|Subjects|Patients)\s*:")


def _participants_labelled(paper: Paper) -> Iterator[tuple[int, Section, str, int]]:
    """Each section labelled as the participants, and each label of them run into a section's text:
    (index, section, its normalised text, where the text after the label starts)."""
    for index, section in enumerate(paper.sections):
        labelled = _PARTICIPANTS_LABEL.fullmatch(section.label.strip())
        if not labelled and ":" not in section.text:
            continue
        norm = normalize(section.text)
        if labelled:
            yield index, section, norm, 0
        for inline in _PARTICIPANTS_INLINE.finditer(norm):
            yield index, section, norm, inline.end()


def _whole_named(paper: Paper, found: list[SampleSize]) -> list[SampleSize]:
    """A count that opens a section labelled as the participants is the whole sample: a smaller
    headline count is a part of it ("PARTICIPANTS: 25 adults ..." then "12 participants
    randomized to a treatment arm ..."; EFFECTS_LABELS.md, dev34). A review keeps its pools, and
    an analysed count its exclusions ("96,469 ... men" recruited, 73,308 analysed)."""
    if any(size.kind == "studies" for size in found):
        return found
    for index, section, norm, at_label in _participants_labelled(paper):
        opening = _OPENING_COUNT.match(norm, at_label)
        if opening is None or _PERCENT_AFTER.match(norm, opening.end("n")):
            continue
        count = _count(opening.group("n"))
        if count is None or _is_year(opening.group("n"), norm, opening.end("n")):
            continue
        # the entry the headline is read from (StudyFacts.n: randomized, else analysed, ...)
        first = _first_of_each_kind(found)
        at = next(
            (first[kind] for kind in ("randomized", "analysed", "enrolled", "participants") if kind in first),
            None,
        )
        if at is not None and count <= found[at].total:
            continue
        if at is not None and found[at].kind == "analysed":
            return found
        start = opening.start("n")
        span = Span(
            paper_id=paper.id,
            section=index,
            start=start,
            end=opening.end(),
            text=section.text[start : opening.end()],
        )
        if at is None:
            found = [*found, SampleSize(kind="enrolled", total=count, span=span)]
        else:
            found[at] = found[at].model_copy(update={"total": count, "arms": {}, "span": span})
        return found
    return found


_PEOPLE_WORD = re.compile(r"\b(?:" + _PEOPLE + r"|cohorts?|populations?)\b", re.IGNORECASE)


def counts_of_people(paper: Paper, found: list[SampleSize]) -> list[SampleSize]:
    """The sizes that count people: those whose quoted text, or the few words before it, names
    them ("94 patients", "subjects (n = 2,595)"), less bare counts of other things ("mice (n =
    9)"). What an animal study's sizes say of people.

    >>> from consilience.model import Section, Span
    >>> paper = Paper(id="x:1", sections=[Section(text="Rats (n = 9) and 12 volunteers were studied.")])
    >>> sizes = [
    ...     SampleSize(kind="participants", total=9, span=Span(paper_id="x:1", section=0, start=5, end=12, text="(n = 9)")),
    ...     SampleSize(kind="enrolled", total=12, span=Span(paper_id="x:1", section=0, start=17, end=30, text="12 volunteers")),
    ... ]
    >>> [size.total for size in counts_of_people(paper, sizes)]
    [12]
    """
    kept = []
    for size in found:
        span = size.span
        if span is None:
            continue
        text = paper.title if span.section < 0 else paper.sections[span.section].text
        if _PEOPLE_WORD.search(text, max(0, span.start - 40), span.end):
            kept.append(size)
    return kept


def _more_than_studies(found: list[SampleSize]) -> list[SampleSize]:
    """``found`` less the counts of people no larger than the count of studies."""
    studies = next((s.total for s in found if s.kind == "studies"), None)
    if studies is None:
        return found
    return [s for s in found if s.kind == "studies" or s.total > studies]


_FEMALE = re.compile(r"\b(?:wom[ae]n|females?|girls?|mothers?|pregnan\w*)\b", re.IGNORECASE)
_MALE = re.compile(r"\b(?:m[ae]n|males?|boys?|fathers?)\b", re.IGNORECASE)
#: The sex word read as a people word, padded to its length so that spans stay where they are.
_SEX_AS_PEOPLE = {
    "females": (re.compile(r"\bfemales\b", re.IGNORECASE), "women  "),
    "males": (re.compile(r"\bmales\b", re.IGNORECASE), "men  "),
}


def _one_sex(paper: Paper) -> str:
    """ "females" or "males" when the title and abstract speak of one sex only: then that word names
    the participants ("23 females supplemented their diet with ... (n = 7) or a placebo (n = 12)")
    and no breakdown of a sample by sex can be mistaken for one (see _ONE_SEX); else ""."""
    text = f"{paper.title}\n{paper.abstract}"
    if "ales" not in text and "ALES" not in text:
        return ""
    # (the title must name the sex: "Thirty-six dyslipidemic patients, 21 females, mean age 63" is
    # a breakdown whose other sex goes unnamed)
    female, male = _FEMALE.search(paper.title), _MALE.search(paper.title)
    if female and not male and not _MALE.search(text):
        return "females"
    return "males" if male and not female and not _FEMALE.search(text) else ""


def _as_read(text: str, one_sex: str) -> str:
    norm = normalize(text)
    if not one_sex:
        return norm
    word, people = _SEX_AS_PEOPLE[one_sex]
    return word.sub(lambda m: people.title() if m.group(0)[0].isupper() else people, norm)


def _extract_sample_sizes(paper: Paper) -> list[SampleSize]:
    found: list[SampleSize] = []
    loose: list[tuple[int, Span]] = []
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
    abstract = normalize(paper.abstract)
    one_sex = _one_sex(paper)
    for index in order:
        _scan(paper.sections[index].text, paper.id, index, found, abstract, one_sex)
    if paper.title:
        _scan(paper.title, paper.id, -1, found, one_sex=one_sex)
    found = _more_than_studies(found)
    if any(s.kind in {"randomized", "analysed", "enrolled", "participants"} for s in found):
        return _people_in_pairs(paper, _people_not_parts(paper, found))
    for index in order:
        section = paper.sections[index]
        if not _CONTEXT_LABEL.search(section.label) or _METHODS_TEXT.search(section.text):
            _scan_loose(section.text, paper.id, index, found, loose, one_sex)
        elif (own := _OWN_STUDY.search(section.text)) is not None:
            # (the rest blanked, so that spans keep their places in the section)
            start, end = _sentence_start(section.text, own.start()), _sentence_end(section.text, own.end())
            text = section.text
            blanked = " " * start + text[start:end] + " " * (len(text) - end)
            _scan_loose(blanked, paper.id, index, found, loose, one_sex)
    if paper.title:
        _scan_loose(paper.title, paper.id, -1, found, loose, one_sex)
    if loose and not any(s.kind in {"randomized", "analysed", "enrolled", "participants"} for s in found):
        # The largest count of people stated anywhere: subgroups are smaller than the whole. Eyes,
        # hips, knees, teeth or pairs count only when no people are counted ("139 eyes of 82
        # patients"; EFFECTS_LABELS.md: body parts only when the abstract counts no people).
        people = [item for item in loose if not _NOT_PEOPLE.search(item[1].text)]
        # "51,441 patients with CHD and in 136,226 controls": controls alone are one group of a
        # comparison, never the whole sample
        people = [item for item in people if not _THINGS_BEFORE.match(item[1].text)]
        whole = [item for item in people if not _CONTROLS_ALONE.search(item[1].text)]
        total, where = max(whole or people or loose, key=lambda item: item[0])
        _add(found, "participants", total, {}, where)
    if not any(s.kind in {"randomized", "analysed", "enrolled", "participants"} for s in found):
        _add_one_sex(paper, found)
    return _people_in_pairs(paper, _people_not_parts(paper, found))


#: People counted only by their sex: "Thirty-three females were studied", "Eighty consenting males,
#: randomized ...", "(39 males; 49 females)". Read last: most often such a count is the breakdown
#: of people counted before it ("36 patients, 21 females, mean age 63 years, were randomized").
_ONE_SEX = re.compile(
    _COUNT
    + r"(?!\s+(?:hours?|days?|weeks?|months?|years?|mg|g|kg|ml)\b)\s+(?:(?!and\b)[\w-]+,?\s+){0,3}?(?:fe)?males\b"
    + r"(?:\s*(?:[,;]\s*|\s+and\s+)"
    + _COUNT.replace("?P<n>", "?P<m>")
    + r"\s+(?:(?!and\b)[\w-]+\s+){0,2}?(?:fe)?males\b)?",
    re.IGNORECASE,
)


def _add_one_sex(paper: Paper, found: list[SampleSize]) -> None:
    """The first count of people named only by their sex (with the other sex listed beside it),
    for an abstract that counts people no other way."""
    for index, section in enumerate(paper.sections):
        if "ales" not in section.text and "ALES" not in section.text:
            continue  # (the pattern opens with a count, slow to scan for)
        norm = normalize(section.text)
        for m in _ONE_SEX.finditer(norm):
            count = _plain_count(norm, m)
            if count is None:
                continue
            count += _count(m.group("m") or "") or 0
            where = Span(
                paper_id=paper.id,
                section=index,
                start=m.start(),
                end=m.end(),
                text=section.text[m.start() : m.end()],
            )
            _add(found, "participants", count, {}, where)
            return


#: Counted things that are not people, just before "(n = ...)": "Patients (n = 165) with aneurysms
#: (n = 258)" (also read at the start of a span: ``match``).
_THINGS_BEFORE = re.compile(
    r"\b(?:aneurysms|lesions|tumou?rs|nodules|polyps|samples|specimens|isolates|strains|cells|images|scans|"
    r"procedures|operations|implants|stents|vessels|arteries|veins|episodes|visits|embryos|"
    r"oocytes|fractures|wounds|ulcers)(?:\s*$|\s*\(\s*[nN]\s?=)",
    re.IGNORECASE,
)
_CONTROLS_ALONE = re.compile(r"\bcontrols\W*$", re.IGNORECASE)
#: Counts of body parts, and counts that may not be of people (pairs of radiographs or of people:
#: not settled by the noun alone).
_PARTS = re.compile(r"\b(?:eyes|hips|knees|teeth)\W*$", re.IGNORECASE)
_NOT_PEOPLE = re.compile(r"\b(?:eyes|hips|knees|teeth|pairs)\W*$", re.IGNORECASE)


#: Pairs of people: pairs named by who is in them ("matched", "twin", "mother-infant"), or "pairs
#: of" people ("68 pairs of cases and controls"). Pairs of primers, genes, tissues or studies are
#: not people. Dyads are counted as written: a study of "108 patient/caregiver dyads" names the
#: dyad its unit (EFFECTS_LABELS.md: 150 patient-carer dyads are 150).
_PEOPLE_PAIRS = re.compile(
    r"\b(?:matched|twins?|siblings?|sib|couples?|case[-–/]control|mother[-–/]\w+|father[-–/]\w+|"
    r"parent[-–/]\w+|patient[-–/]\w+|donor[-–/]\w+)\s+pairs\b",
    re.IGNORECASE,
)
_PAIRS_OF_PEOPLE = re.compile(
    r"\s+of\s+(?:[\w-]+\s+){0,2}?(?:cases?|patients|twins|siblings|mothers?|parents?|participants|subjects|"
    r"women|men|children|infants|individuals|people|couples)\b",
    re.IGNORECASE,
)


#: "140 eyes of 74 patients", "120 eyes (60 patients)": the people the parts belong to, right after them.
_PARTS_OF_PEOPLE = re.compile(
    r"(?:\s+(?:of|from|in)\s+(?:the\s+)?|\s*\(\s*)" + _COUNT + r"\s+" + _WHO, re.IGNORECASE
)


def _people_not_parts(paper: Paper, found: list[SampleSize]) -> list[SampleSize]:
    """A count of eyes, hips, knees or teeth followed by the people they belong to counts the
    people (EFFECTS_LABELS.md: body parts only when the abstract counts no people)."""
    for index, size in enumerate(found):
        span = size.span
        if size.kind == "studies" or span is None or not _PARTS.search(span.text):
            continue
        text = paper.title if span.section < 0 else paper.sections[span.section].text
        owners = _PARTS_OF_PEOPLE.match(text, span.end)
        if owners is not None and (total := _count(owners.group("n"))) is not None:
            found[index] = size.model_copy(update={"total": total, "arms": {}})
    return found


def _people_in_pairs(paper: Paper, found: list[SampleSize]) -> list[SampleSize]:
    """A count of pairs of people counts two people each (EFFECTS_LABELS.md)."""
    for index, size in enumerate(found):
        span = size.span
        if size.kind == "studies" or span is None or "pairs" not in span.text:
            continue
        text = paper.title if span.section < 0 else paper.sections[span.section].text
        people = _PEOPLE_PAIRS.search(span.text) or (
            span.text.rstrip().endswith("pairs") and _PAIRS_OF_PEOPLE.match(text, span.end)
        )
        if people:
            found[index] = size.model_copy(update={"total": size.total * 2, "arms": {}})
    return found
