"""Just enough of protobuf's wire format to read two fields of Anki's note type and template configs
(the current collection schema keeps them as protobuf blobs). Malformed input raises ValueError."""

from __future__ import annotations


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


def fields(data: bytes) -> dict[int, list[int | bytes]]:
    """Field number → values (varints as ints, length-delimited as bytes); fixed-width ones skipped."""
    found: dict[int, list[int | bytes]] = {}
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
            found.setdefault(number, []).append(value)
        elif wire == 2:
            size, at = _varint(data, at)
            if at + size > len(data):
                raise ValueError("truncated field")
            found.setdefault(number, []).append(data[at : at + size])
            at += size
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
    return found


def first_int(data: bytes, number: int) -> int:
    values = [v for v in fields(data).get(number, []) if isinstance(v, int)]
    return values[0] if values else 0


def first_text(data: bytes, number: int) -> str:
    values = [v for v in fields(data).get(number, []) if isinstance(v, bytes)]
    return values[0].decode("utf-8", "replace") if values else ""
