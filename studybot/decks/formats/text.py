"""Uploaded bytes as text: strict UTF-8 (a BOM is allowed), no NUL and no control characters but tab
and line breaks. Every refusal names FILE:LINE."""

from __future__ import annotations

from studybot.decks.formats.model import CONTROL, UploadProblem


def decode(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise UploadProblem(f"{name}:{line}: not UTF-8 text (byte 0x{data[offset]:02X})") from None
    if match := CONTROL.search(text):
        line = text.count("\n", 0, match.start()) + 1
        what = "a NUL byte" if match.group() == "\x00" else f"a control character (U+{ord(match.group()):04X})"
        raise UploadProblem(f"{name}:{line}: {what}; a deck file is plain text")
    return text
