"""Consilience: an open, offline evidence engine for medical research questions.

>>> from consilience import Library
>>> callable(Library.open)
True
"""

from consilience.errors import ConsilienceError, IngestError, LibraryError, NotFoundError
from consilience.library import Library
from consilience.model import Claim, Effect, Paper, Section, Span, StudyDesign
from consilience.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "ConsilienceError",
    "Effect",
    "IngestError",
    "Library",
    "LibraryError",
    "NotFoundError",
    "Paper",
    "Section",
    "Settings",
    "Span",
    "StudyDesign",
    "__version__",
]
