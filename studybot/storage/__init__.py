"""Persistence: tables, database setup, queries and migrations."""
