"""Read every YAML file under ``content/`` into raw, schema-checked records.

This is the *load* stage: files in, records out, each record remembering the file
and line it came from. Files are read in sorted path order, so the result (and
everything built from it) does not depend on the file system's listing order.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .errors import Problem
from .yamlload import Node, YamlError, decode, load_file, parse

#: Parsed files kept between runs (the live preview): name -> (the bytes read, their tree).
ParseCache = dict[str, tuple[bytes, Node | None]]


@dataclass
class RawRecord:
    """One record as written: its kind, checked data, and where it was written."""

    kind: str
    id: str
    data: dict[str, Any]
    file: str
    node: Node

    @property
    def label(self) -> str:
        kind = schema.BY_KEY[self.kind]
        if not kind.collection:
            return kind.singular
        if not any(f.name == "id" for f in kind.struct.fields):
            return f"{kind.singular} #{self.id}"
        return f"{kind.singular} '{self.id}'"

    def mark(self, *path: str | int) -> tuple[int, int]:
        """Line and column of a nested value (falls back to the nearest parent)."""
        node = self.node
        for step in path:
            value = node.value
            if isinstance(value, dict) and isinstance(step, str) and step in value:
                node = value[step]
            elif isinstance(value, list) and isinstance(step, int) and step < len(value):
                node = value[step]
            else:
                break
        return node.line, node.column


@dataclass
class RawContent:
    """Everything read from ``content/``: records by kind, plus problems found."""

    briefing: RawRecord | None = None
    #: kind key -> its records, for every list kind (coverage skips included)
    records: dict[str, list[RawRecord]] = field(
        default_factory=lambda: {k.key: [] for k in schema.KINDS if k.collection}
    )
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Top-level keys of files that could not be read (``None``: unknown, maybe any).
    #: Records of these kinds may be missing, so references to them are not judged.
    unread_kinds: set[str | None] = field(default_factory=set)

    @property
    def skips(self) -> list[RawRecord]:
        return self.records["coverage_skips"]

    def all_records(self) -> list[RawRecord]:
        """Every record with an id, of every modelled kind, in registry order."""
        return [r for key in schema.COLLECTIONS for r in self.records[key]]


def content_files(content_dir: Path) -> list[Path]:
    """Every ``*.yml``/``*.yaml`` file below ``content_dir``, in sorted order."""
    files = [p for p in content_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(content_dir).as_posix())


def load_content(content_dir: Path, root: Path, cache: ParseCache | None = None) -> RawContent:
    """Load and schema-check every content file. Problems are collected, not raised.

    With a ``cache``, a file whose bytes are what they were last time is not parsed
    again (the live preview re-reads everything on every edit).
    """
    out = RawContent()
    if not content_dir.is_dir():
        out.problems.append(
            Problem(
                _rel(content_dir, root),
                message="content folder not found",
                fix="create it, or pass --content with the right path",
            )
        )
        return out
    files = content_files(content_dir)
    if not files:
        out.problems.append(
            Problem(
                _rel(content_dir, root),
                message="no .yml files in the content folder",
                fix="add content files (see README: Editing content)",
            )
        )
    for path in files:
        name = _rel(path, root)
        out.files.append(name)
        try:
            node = _parsed(path, name, cache)
        except YamlError as exc:
            out.problems.append(exc.problem)
            out.unread_kinds |= _guess_kinds(path)
            continue
        _load_tree(node, name, out)
    return out


def _parsed(path: Path, name: str, cache: ParseCache | None) -> Node | None:
    if cache is None:
        return load_file(path, name, record_label)
    try:
        data = path.read_bytes()
    except OSError:
        cache.pop(name, None)
        return load_file(path, name, record_label)  # reports why it cannot be read
    hit = cache.get(name)
    if hit is not None and hit[0] == data:
        return hit[1]
    cache.pop(name, None)
    node = parse(decode(data, name), name, record_label)
    cache[name] = (data, node)
    return node


_TOP_KEY = re.compile(r"^([A-Za-z_]+)[ \t]*:", re.MULTILINE)


def _guess_kinds(path: Path) -> set[str | None]:
    """The top-level keys a file that failed to parse seems to hold."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return {None}
    kinds = {m.group(1) for m in _TOP_KEY.finditer(text)}
    return {k for k in kinds if k in schema.TOP_LEVEL} or {None}


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_tree(node: Node | None, name: str, out: RawContent) -> None:
    ctx = schema.Check(name, out.problems)
    allowed = ", ".join(schema.TOP_LEVEL)
    if node is None:
        ctx.error(
            (1, 1),
            "file is empty (or holds only comments)",
            f"add content under one of the top-level keys: {allowed}; or delete the file",
        )
        return
    if not node.is_map:
        shape = "a list" if node.is_seq else "a single value"
        ctx.error(
            node,
            f"the file is {shape}, but a content file must be a mapping",
            f"start with a top-level key such as 'claims:', one of: {allowed}",
        )
        return
    if not node.value:
        ctx.error(node, "file holds an empty mapping", f"add one of: {allowed}")
        return
    for key, child in node.value.items():
        mark = node.key_marks[key]
        kind = schema.BY_KEY.get(key)
        if kind is None:
            close = difflib.get_close_matches(key, list(schema.TOP_LEVEL), n=1, cutoff=0.6)
            ctx.error(
                mark,
                f"unknown top-level key '{key}'",
                f"did you mean '{close[0]}'?" if close else f"use one of: {allowed}",
            )
            continue
        if not kind.collection:
            ctx.record = kind.singular
            data = kind.struct.check(child, "", ctx)
            ctx.record = ""
            if data is None:
                continue
            if out.briefing is not None:
                ctx.error(
                    mark,
                    f"a second '{key}' mapping",
                    f"keep only one; the first is in {out.briefing.file}",
                )
                continue
            out.briefing = RawRecord(key, kind.singular, data, name, child)
            continue
        if child.value is None:
            continue  # "quotes:" with nothing under it yet
        if not child.is_seq:
            ctx.error(
                child, f"'{key}' must be a list of records", "write one '- id: ...' record per item"
            )
            continue
        has_id = any(f.name == "id" for f in kind.struct.fields)
        for index, item in enumerate(child.value):
            rid = ""
            if has_id and item.is_map and "id" in item.value:
                if isinstance(item.value["id"].value, str):
                    rid = item.value["id"].value
            ctx.record = f"{kind.singular} '{rid}'" if rid else f"{kind.singular} #{index + 1}"
            data = kind.struct.check(item, "", ctx)
            ctx.record = ""
            if data is None:
                continue
            if not has_id:
                out.records[key].append(RawRecord(key, str(index + 1), data, name, item))
            elif "id" in data:
                out.records[key].append(RawRecord(key, data["id"], data, name, item))


def record_label(kind_key: str, rid: str | None, index: int) -> str:
    """How messages name a record: ``claim 'x'``, or ``claim #3`` before its id is known."""
    kind = schema.BY_KEY.get(kind_key)
    if kind is None:
        return ""
    if not kind.collection:
        return kind.singular
    if index == 0:
        return ""
    has_id = any(f.name == "id" for f in kind.struct.fields)
    if rid is not None and has_id:
        return f"{kind.singular} '{rid}'"
    return f"{kind.singular} #{index}"
