"""Safe YAML reading that keeps the line of every value, so errors can say FILE:LINE.

Hostile input is refused with a message: files over the size limit, control characters, Unicode
non-characters and lone surrogates (raw or written as escapes), aliases (billion laughs),
explicit tags, nesting deeper than MAX_DEPTH, duplicate keys (which YAML would silently merge), and
more than one document. The data is built from the parser's event stream with an explicit stack:
PyYAML's own composer recurses, and a few hundred thousand nested brackets crash its C version.
libyaml's parser is used when PyYAML has it (about 20 times faster than the pure-Python one).

Scalars keep the characters the author wrote: YAML 1.1 would turn `010` into 8, `0x10` into 16, `1:30`
into 90, `1_000` into 1000 and `yes`/`off` into booleans, so numbers stay text and only `true`/`false`
are booleans (a text field given one says to quote it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import ScalarNode

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 16
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null")}
# C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates, and Unicode non-characters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LocatedData:
    """Plain Python data plus the 1-based line of each path in it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of the deepest known prefix of `path`."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


@dataclass
class _Frame:
    path: Path
    value: dict[str, Any] | list[Any]
    key: str | None = None  # in a mapping: the key whose value comes next


def read_yaml(text: str) -> LocatedData:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    check_characters(text, 1)
    loader = _Loader(text)
    try:
        return _Builder(loader).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(mark.line + 1 if mark else 1, f"YAML syntax error: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:  # ReaderError and the like carry no mark
        raise YamlProblem(1, f"YAML error: {exc}") from exc
    finally:
        loader.dispose()


def check_characters(text: str, first_line: int, *, escaped: bool = False) -> None:
    """Refuse the first character no deck may hold (PostgreSQL rejects NUL; the rest is invisible or
    drives the terminal). `first_line` is where `text` starts; `escaped` when it is a decoded value."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return
    code = ord(found.group())
    if code < 0xA0:
        kind = "a control character"
    elif 0xD800 <= code < 0xE000:
        kind = "a lone surrogate"
    else:
        kind = "a Unicode non-character"
    before = text[: found.start()]
    line = first_line + before.count("\n")
    where = "written as an escape" if escaped else f"at column {found.start() - before.rfind(chr(10))}"
    raise YamlProblem(line, f"character U+{code:04X} ({kind}) {where} is not allowed in a deck")


class _Builder:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.located = LocatedData(None)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.done = False

    def build(self) -> LocatedData:
        while self.loader.check_event():
            self._handle(self.loader.get_event())  # type: ignore[no-untyped-call]
        if not self.done:
            raise YamlProblem(1, "file is empty")
        return self.located

    def _handle(self, event: Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlProblem(line, "a deck file holds one YAML document (remove the extra '---')")
        elif isinstance(event, AliasEvent):
            raise YamlProblem(line, "YAML aliases (*name) are not allowed in decks")
        elif isinstance(event, ScalarEvent):
            self._place(self._scalar(event, line), line)
        elif isinstance(event, CollectionStartEvent):
            self._open(event, line)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            frame = self.stack.pop()
            if not self.stack:
                self.located.data, self.done = frame.value, True

    def _scalar(self, event: ScalarEvent, line: int) -> Any:
        _check_tag(event.tag, event.implicit[0] or event.implicit[1], line)
        check_characters(event.value, line, escaped=True)  # escapes in quotes ("\\0", "\\e") are decoded by now
        if event.tag not in (None, "!") and not (event.implicit[0] or event.implicit[1]):
            tag = event.tag
        elif not event.style:  # plain (libyaml says "", PyYAML None)
            tag = self.loader.resolve(ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
        else:
            tag = f"{_CORE}str"
        if tag == f"{_CORE}null":
            return None
        if tag == f"{_CORE}bool" and event.value.lower() in {"true", "false"}:
            return event.value.lower() == "true"
        return event.value  # numbers, dates and yes/no/on/off keep exactly the characters written

    def _open(self, event: CollectionStartEvent, line: int) -> None:
        _check_tag(event.tag, event.implicit, line)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels")
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.value, dict) and parent.key is None:
            raise YamlProblem(line, "mapping keys must be plain words")
        value: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        path = self._child_path(line)
        self._attach(value)
        self.stack.append(_Frame(path, value))

    def _place(self, value: Any, line: int) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            self.located.data, self.done = value, True
            self.located.lines[()] = line
        elif isinstance(frame.value, dict) and frame.key is None:
            key = str(value)
            if key in frame.value:
                raise YamlProblem(line, f"duplicate key '{key}'")
            frame.key = key
        else:
            self._child_path(line)
            self._attach(value)

    def _child_path(self, line: int) -> Path:
        """The path of the value starting now, with its line recorded."""
        if not self.stack:
            path: Path = ()
        else:
            frame = self.stack[-1]
            step = frame.key if isinstance(frame.value, dict) else len(frame.value)
            assert step is not None
            path = (*frame.path, step)
        self.located.lines.setdefault(path, line)
        return path

    def _attach(self, value: Any) -> None:
        if not self.stack:
            return
        frame = self.stack[-1]
        if isinstance(frame.value, dict):
            assert frame.key is not None
            frame.value[frame.key] = value
            frame.key = None
        else:
            frame.value.append(value)


def _check_tag(tag: str | None, implicit: bool, line: int) -> None:
    """Only untagged values (or YAML's own core tags, written out) are allowed."""
    if tag is None or implicit or tag == "!":
        return
    if tag not in _PLAIN_TAGS and tag not in {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}:
        raise YamlProblem(line, f"YAML tag {tag} is not allowed in decks")
