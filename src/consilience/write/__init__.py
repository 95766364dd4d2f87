"""Plain-language writing: articles about one paper for patients, the public and clinicians.

The primitives are reusable by other writers (the question explainer): a sentence
simplifier and design-hedged verbs (:mod:`~consilience.write.plain`), glossary lookups
(:mod:`~consilience.write.glossary`) and reading-level measurement
(:mod:`~consilience.write.readability`). Every sentence a writer produces is a
:class:`~consilience.model.Claim` and passes :func:`consilience.verify.keep_verified` before
it is shown.
"""

from __future__ import annotations

from consilience.write.article import AUDIENCES, citation_block, write_article
from consilience.write.glossary import Glossary, GlossaryEntry, load_glossary
from consilience.write.plain import design_noun, finding_verb, hedge_causal, simplify
from consilience.write.readability import reading_grade, sentence_grade, target_grade

__all__ = [
    "AUDIENCES",
    "Glossary",
    "GlossaryEntry",
    "citation_block",
    "design_noun",
    "finding_verb",
    "hedge_causal",
    "load_glossary",
    "reading_grade",
    "sentence_grade",
    "simplify",
    "target_grade",
    "write_article",
]
