"""Loaders: bytes on disk -> Document (decoded, repaired, normalised lines with provenance)."""
