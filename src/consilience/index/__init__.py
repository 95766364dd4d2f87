"""Search indexes: a biomedical BM25 index (tantivy) and an optional dense one (usearch).

:class:`Indexes` keeps both in step with a library's store; :mod:`.tokenize` is the analyzer,
:mod:`.hybrid` the fusion, filters and best-sentence logic.
"""

from consilience.index.manager import IndexCheck, Indexes

__all__ = ["IndexCheck", "Indexes"]
