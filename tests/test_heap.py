"""Freed heap memory is handed back to the system on glibc, and nothing is attempted elsewhere."""

from __future__ import annotations

import platform

import pytest

from studybot import heap


def test_on_glibc_the_trim_is_found_and_runs() -> None:
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("this machine's C library is not glibc")
    assert heap._malloc_trim() is not None
    heap.give_back_free_memory()


def test_elsewhere_nothing_is_called(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform, "libc_ver", lambda: ("", ""))
    assert heap._malloc_trim() is None
