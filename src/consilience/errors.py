"""Errors a user can act on. Each message names the file, record or setting at fault."""

from __future__ import annotations


class ConsilienceError(Exception):
    """Base class: the CLI prints these as one clean line, never a traceback."""


class IngestError(ConsilienceError):
    """A whole input file cannot be read (missing, unknown format, unreadable)."""


class LibraryError(ConsilienceError):
    """The library directory or its database is unusable (wrong version, corrupt)."""


class NotFoundError(ConsilienceError):
    """No paper matches the id a user gave."""


class QuestionError(ConsilienceError):
    """A question a step cannot work with, such as an explainer of a statement read as a whole."""
