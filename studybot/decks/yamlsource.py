"""Safe YAML reading that keeps the line of every value, so errors can say FILE:LINE.

Hostile input is refused with a message: files over the size limit, aliases (billion laughs),
explicit tags, nesting deeper than MAX_DEPTH, and duplicate keys (which YAML would silently merge).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 16
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

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


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlProblem(event.start_mark.line + 1, "YAML aliases (*name) are not allowed in decks")
        return super().compose_node(parent, index)


def read_yaml(text: str) -> LocatedData:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    loader = _NoAliasLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"YAML syntax error: {exc.problem or exc.context}") from exc
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem(1, "file is empty")
    located = LocatedData(None)
    located.data = _convert(root, (), located.lines, loader, depth=0)
    return located


def _convert(node: Node, path: Path, lines: dict[Path, int], loader: yaml.SafeLoader, depth: int) -> Any:
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if depth > MAX_DEPTH:
        raise YamlProblem(line, f"nesting deeper than {MAX_DEPTH} levels")
    if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(node, ScalarNode):
        return node.value  # a date-like word in a deck is text, not a datetime
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(line, f"YAML tag {node.tag} is not allowed in decks")
    if isinstance(node, ScalarNode):
        return loader.construct_object(node)
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), lines, loader, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            raise YamlProblem(key_line, "mapping keys must be plain words")
        key = str(loader.construct_object(key_node))
        if key in result:
            raise YamlProblem(key_line, f"duplicate key '{key}'")
        lines[(*path, key)] = value_node.start_mark.line + 1
        result[key] = _convert(value_node, (*path, key), lines, loader, depth + 1)
    return result
