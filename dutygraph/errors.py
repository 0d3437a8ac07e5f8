"""One root error class. Every error names the file (and line where there is one)."""

from __future__ import annotations


class DutygraphError(Exception):
    """Root of all dutygraph errors; str() is one line a user can act on."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.oneline())

    def oneline(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return (where + self.message).replace("\n", " ")


class LoadError(DutygraphError):
    """A file could not be read or decoded (binary, empty, undecodable, too large...)."""


class ExtractError(DutygraphError):
    """A document was read but its structure could not be extracted."""


class StoreError(DutygraphError):
    """Writing to or reading from a store (embedded DB, Neo4j, files) failed."""


class QueryError(DutygraphError):
    """A stored or ad-hoc query is malformed, refused (write clause) or failed."""
