"""Read one YAML content file into a tree of :class:`Node` objects with line marks.

The reader works on PyYAML's event stream (LibYAML's C parser when available) and
builds nodes itself, so that it can refuse what a content file must never contain
instead of silently accepting it:

* duplicate keys in one mapping (PyYAML would keep the last one);
* anchors and aliases (they allow "billion laughs" expansion and are never needed);
* explicit tags such as ``!!python/object`` (content is data, not code);
* nesting deeper than :data:`MAX_DEPTH`, files larger than :data:`MAX_FILE_BYTES`;
* bytes that are not UTF-8, a byte-order mark, NUL bytes, and several documents.

Plain scalars follow the YAML 1.2 core schema: ``true``/``false``, ``null``/``~``,
integers and floats are typed; everything else, dates included, stays a string.
(``yes``, ``no``, ``on``, ``2024-10-29`` are strings, not booleans or dates.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - LibYAML is in the PyYAML wheels
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32
#: A content file this large holds tens of thousands of records; split it by kind.
MAX_FILE_BYTES = 10 * 1024 * 1024

#: Characters YAML refuses (C0/C1 controls other than tab and line breaks) or reads as
#: line breaks that editors do not show (NEL, LINE/PARAGRAPH SEPARATOR): refused here,
#: with their exact position, before the parser reports them without one.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_NUL = re.compile("\x00")
_CHAR_NAMES = {
    "\x00": "a NUL byte",
    "\x85": "the line break character NEL (U+0085)",
    "\u2028": "the line separator character U+2028",
    "\u2029": "the paragraph separator character U+2029",
}

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


@dataclass(slots=True)
class Node:
    """A YAML value with the position where it starts (1-based line and column).

    ``value`` is a ``dict[str, Node]`` for a mapping, a ``list[Node]`` for a
    sequence, or a scalar (``str``, ``int``, ``float``, ``bool`` or ``None``).
    ``key_marks`` gives, for a mapping, where each key was written; ``text`` is a
    plain scalar's text as written (``2024`` or ``0000`` for a year, ``1e3``...).
    """

    value: Any
    line: int
    column: int
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    text: str | None = None

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.value, list)

    def plain(self) -> Any:
        """The value as plain Python data, without marks."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


#: The key marks of every scalar: none, and shared (a dict each would cost more memory
#: than the scalars themselves in a large briefing). Only mappings' marks are written.
_NO_KEYS: dict[str, tuple[int, int]] = {}


class YamlError(Exception):
    """A file that cannot be read as content; carries one :class:`Problem`."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def _resolve_plain(text: str) -> Any:
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    return text


def decode(data: bytes, name: str, *, yaml_text: bool = True) -> str:
    """Decode a file's bytes as UTF-8 text, or raise :class:`YamlError` saying why not.

    With ``yaml_text`` (content files) control characters and invisible line breaks
    are refused too; archived source texts (``yaml_text=False``) may hold them.
    """
    if yaml_text and len(data) > MAX_FILE_BYTES:
        raise YamlError(
            Problem(
                name,
                1,
                1,
                message=f"file is {len(data):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                fix="split the records over several files of the same kind",
            )
        )
    if data.startswith(b"\xef\xbb\xbf") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise YamlError(
            Problem(
                name,
                1,
                1,
                message="file starts with a byte-order mark",
                fix="save the file as UTF-8 without BOM",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            Problem(
                name,
                line,
                column,
                message=f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                fix="save the file as UTF-8",
            )
        ) from None
    _check_chars(text, name, _BAD_CHAR if yaml_text else _NUL)
    return text


def _check_chars(text: str, name: str, bad_chars: re.Pattern[str]) -> None:
    """Refuse the first character of ``bad_chars`` in ``text``, saying where it is."""
    bad = bad_chars.search(text)
    if not bad:
        return
    at, char = bad.start(), bad.group()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    if char == "\x00":
        message = "file contains a NUL byte"
        fix = "remove the NUL character (the file may be binary or corrupted)"
    else:
        what = _CHAR_NAMES.get(char, f"the control character U+{ord(char):04X}")
        message = f"file contains {what}"
        fix = (
            "replace it with a normal line break or a space"
            if char in _CHAR_NAMES
            else "remove it (it is invisible in most editors)"
        )
    raise YamlError(Problem(name, line, column, message=message, fix=fix))


#: Names the record being read for a message: (top-level key, id or None, 1-based index).
Labeller = Callable[[str, "str | None", int], str]


def parse(text: str, name: str, label: Labeller | None = None) -> Node | None:
    """Parse YAML text into a :class:`Node`; ``None`` for a file with no document.

    ``label`` names the record a syntax error sits in (the loader passes one that
    knows the record kinds); without it, messages name no record.
    """
    _check_chars(text, name, _BAD_CHAR)
    stack: list[tuple[Node, list[Any]]] = []  # (container node, pending key holder)
    root: Node | None = None
    documents = 0

    def fail(mark: Any, message: str, fix: str) -> YamlError:
        line = mark.line + 1 if mark is not None else 0
        column = mark.column + 1 if mark is not None else 0
        return YamlError(Problem(name, line, column, _record_of(stack, label), message, fix))

    def attach(node: Node, mark: Any) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(node)
            return
        if not pending:  # this node is a key
            if not isinstance(node.value, str | int | float | bool) and node.value is not None:
                raise fail(mark, "a mapping key must be a plain value", "write the key as text")
            key = "" if node.value is None else str(node.value)
            if key in parent.value:
                first = parent.key_marks[key]
                raise fail(
                    mark,
                    f"duplicate key '{key}' in one mapping (first at line {first[0]})",
                    "remove or rename one of the two keys; YAML would keep only the last",
                )
            pending.append((key, node.line, node.column))
            return
        key, kline, kcol = pending.pop()
        parent.value[key] = node
        parent.key_marks[key] = (kline, kcol)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            assert mark is not None, "the parser marks every event"
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        mark,
                        "file holds more than one YAML document",
                        "remove the '---' separator and merge the documents into one mapping",
                    )
                continue
            if isinstance(event, yaml.AliasEvent):
                raise fail(
                    mark,
                    f"alias '*{event.anchor}' is not allowed in content files",
                    "write the value out in full instead of using anchors and aliases",
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise fail(
                    mark,
                    f"anchor '&{anchor}' is not allowed in content files",
                    "remove the anchor; write each value out in full",
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                implicit = getattr(event, "implicit", None)
                explicit = not (
                    isinstance(event, yaml.ScalarEvent) and implicit and implicit[0]
                ) and not (isinstance(event, yaml.CollectionStartEvent) and event.implicit)
                if explicit:
                    shown = tag.replace("tag:yaml.org,2002:", "!!")
                    raise fail(
                        mark,
                        f"tag '{shown}' is not allowed in content files",
                        "remove the tag; content is plain text, numbers, lists and mappings",
                    )
            if isinstance(event, yaml.ScalarEvent):
                plain = not event.style and event.tag != "!"
                value: Any = _resolve_plain(event.value) if plain else event.value
                text_ = event.value if plain else None
                attach(Node(value, mark.line + 1, mark.column + 1, _NO_KEYS, text_), mark)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        mark,
                        f"nesting is deeper than {MAX_DEPTH} levels",
                        "flatten the structure; records need only a few levels",
                    )
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                node = Node(container, mark.line + 1, mark.column + 1)
                stack.append((node, []))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                node, _ = stack.pop()
                attach(node, node_mark(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        fix = "check the indentation and quoting around this point"
        if "\t" in problem or "tab" in problem:
            problem = problem.replace("'\\t'", "a tab").replace("\t", "a tab")
            fix = "indent with spaces, not tabs"
        elif mark is not None and _line_has_tab_indent(text, mark.line):
            problem = f"{problem} (this line is indented with a tab)"
            fix = "indent with spaces, not tabs"
        context_mark = exc.context_mark
        if (
            exc.context
            and context_mark is not None
            and (
                mark is None or (context_mark.line, context_mark.column) != (mark.line, mark.column)
            )
        ):
            problem += (
                f" ({exc.context} that starts at line {context_mark.line + 1}, "
                f"column {context_mark.column + 1})"
            )
        raise fail(mark, f"YAML syntax error: {problem}", fix) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) and the like
        raise YamlError(Problem(name, message=f"YAML error: {exc}", fix="fix the file")) from None
    return root


def _record_of(stack: list[tuple[Node, list[Any]]], label: Labeller | None) -> str:
    """Label of the record being read when an error is found ('' outside records).

    Follows the layout of content files: a top-level key naming a kind, then either
    one mapping or a list of records that usually start with ``id``.
    """
    if label is None or not stack or not isinstance(stack[0][0].value, dict):
        return ""
    if not stack[0][1]:
        return ""
    kind = str(stack[0][1][-1][0])
    if len(stack) < 2 or isinstance(stack[1][0].value, dict):
        return label(kind, None, 0)  # a single mapping (the briefing), or not yet known
    if len(stack) < 3:
        return ""
    records, record = stack[1][0].value, stack[2][0].value
    if not isinstance(records, list) or not isinstance(record, dict):
        return ""
    rid = record.get("id")
    rid_text = rid.value if rid is not None and isinstance(rid.value, str) else None
    return label(kind, rid_text, len(records) + 1)


@dataclass
class _Mark:
    line: int
    column: int


def node_mark(node: Node) -> _Mark:
    return _Mark(node.line - 1, node.column - 1)


def _line_has_tab_indent(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    for index in (line_index, line_index - 1):
        if 0 <= index < len(lines) and lines[index][:1] == "\t":
            return True
    return False


def load_file(path: Path, name: str, label: Labeller | None = None) -> Node | None:
    """Read, decode and parse one file; raise :class:`YamlError` on any failure."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(
            Problem(name, message=f"cannot read file: {exc.strerror}", fix="check the path")
        ) from None
    return parse(decode(data, name), name, label)
