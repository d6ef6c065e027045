"""The one error a parser raises: a document that cannot be read, said in Chinese for the operator."""

from __future__ import annotations


class UnreadableDocument(ValueError):
    """The file is encrypted, corrupt, empty, of an unsupported type or holds no text."""
