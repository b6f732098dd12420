"""An Anki package (.apkg / .colpkg, a zip file) unpacked safely: every member's path checked, the
collection expanded with a hard cap (a zip bomb stops at 20× the upload limit, whatever its header
claims), and written to a private temporary file for SQLite to open read-only."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from tempfile import TemporaryDirectory
from typing import IO

import zstandard

from studybot.decks.formats.model import Limits, UploadProblem

# newest first: a current package also holds a dummy legacy collection telling old clients to upgrade
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
CHUNK = 1 << 20
ENCRYPTED = 0x1  # general purpose flag bit 0


@contextmanager
def unpacked_collection(name: str, data: bytes, limits: Limits) -> Iterator[Path]:
    """The package's collection as an SQLite file that exists until the block ends."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile):
        raise UploadProblem(f"{name}: not an Anki package (it is not a zip file)") from None
    except (NotImplementedError, ValueError, EOFError, OSError):  # a zip version or field nobody writes
        raise UploadProblem(f"{name}: the package is damaged (its zip directory cannot be read)") from None
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        for member in members.values():
            _check_member(name, member, limits)
        chosen = next((members[c] for c in COLLECTIONS if c in members), None)
        if chosen is None:
            raise UploadProblem(f"{name}: not an Anki package (no collection inside)")
        with TemporaryDirectory(prefix="studybot-upload-") as folder:
            path = Path(folder) / "collection.sqlite"
            with _opened(name, archive, chosen) as packed, path.open("wb") as out:
                source: IO[bytes] = packed
                if chosen.filename.endswith("b"):
                    source = zstandard.ZstdDecompressor().stream_reader(packed)
                _copy_capped(name, source, out, limits.max_unpacked)
            yield path


def _opened(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> IO[bytes]:
    """The member open for reading; an encrypted one, or one whose local header contradicts the
    archive's directory (or names a compression we cannot read), refused."""
    if member.flag_bits & ENCRYPTED:
        raise UploadProblem(f"{name}: refused: the package is encrypted (password-protected)")
    try:
        return archive.open(member)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError, zlib.error):
        raise UploadProblem(f"{name}: the package is damaged (its collection cannot be opened)") from None


def _check_member(name: str, member: zipfile.ZipInfo, limits: Limits) -> None:
    raw = member.filename
    posix, windows = PurePosixPath(raw), PureWindowsPath(raw)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or ".." in posix.parts or ".." in windows.parts:
        raise UploadProblem(f"{name}: refused: the archive has a member with an unsafe path ({raw[:80]!r})")
    if member.file_size > limits.max_unpacked:
        raise UploadProblem(f"{name}: refused: a member would expand past {_mib(limits.max_unpacked)} (a zip bomb?)")


def _copy_capped(name: str, source: IO[bytes], out: IO[bytes], cap: int) -> None:
    written = 0
    try:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > cap:
                raise UploadProblem(f"{name}: refused: the collection expands past {_mib(cap)} (a zip bomb?)")
            out.write(chunk)
    except (zipfile.BadZipFile, zstandard.ZstdError, zlib.error, EOFError, OSError) as exc:
        raise UploadProblem(f"{name}: the package is damaged ({type(exc).__name__})") from None


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"
