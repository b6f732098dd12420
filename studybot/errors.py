"""Errors that end a command with one clear line instead of a traceback (see cli.main's exit codes)."""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration mistake the user can fix: a bad database URL, a server that is down, a file that
    cannot be a database. The message is one line, without secrets. Exit status 2."""
