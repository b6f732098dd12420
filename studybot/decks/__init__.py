"""Deck files: schema, loading with file:line errors, and import into storage."""
