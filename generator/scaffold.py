"""New records, written the way an editor would: ``briefing new``'s engine.

A record is assembled from field values in the order its kind declares them
(:mod:`generator.schema.kinds`), given a fresh id, written as YAML text and inserted
at the end of its kind's list in a content file. No existing byte of the file is
changed: the new text goes in between the last record and whatever follows (the
next top-level key, or the comments before it). Every scalar is written in the
plainest form that :mod:`generator.yamlload` reads back as the same value, and the
whole file is parsed again before it is written, so a record that would not read
back exactly is never written.

:func:`detect_source` drafts a source record from an article's text: the
publication date and dateline where the text states them, a headline, an agency.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem
from .schema import kinds
from .schema.types import (
    ID_PATTERN,
    SEED_PATTERN,
    AnyRef,
    Enum,
    ListOf,
    Pattern,
    Ref,
    Struct,
    Text,
    Type,
)
from .yamlload import Node, YamlError, parse

# --- ids ----------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def slug(text: str, *, words: int = 6, limit: int = 48) -> str:
    """An id made of the first words of ``text``: lower case, ASCII letters and digits."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = _WORD.findall(plain)[:words]
    out = ""
    for part in parts:
        candidate = f"{out}-{part}" if out else part
        if len(candidate) > limit:
            break
        out = candidate
    return out or "record"


def fresh_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no record of the kind has yet."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def id_base(struct: Struct, data: dict[str, Any]) -> str:
    """What a new record's id is made from, by its declared fields: the first required
    reference (a claim's claimant, a quote's speaker) and the first required text (an
    actor's name, an event's title, a claim's statement)."""
    parts: list[str] = []
    ref = next(
        (f for f in struct.fields if f.required and isinstance(f.type, Ref) and f.name in data),
        None,
    )
    if ref is not None:
        parts.append(str(data[ref.name]))
    text = next(
        (
            f
            for f in struct.fields
            if f.required
            and f.name != "id"
            and type(f.type) is Text
            and isinstance(data.get(f.name), str)
        ),
        None,
    )
    if text is not None:
        parts.append(str(data[text.name]))
    return slug(" ".join(parts), words=7 if ref else 6)


# --- writing YAML ---------------------------------------------------------------------


def _reads_back(text: str, value: Any) -> bool:
    try:
        node = parse(f"x: {text}\n", "<new record>")
    except YamlError:
        return False
    if node is None or not isinstance(node.value, dict) or "x" not in node.value:
        return False
    got = node.value["x"].plain()
    return bool(got == value and type(got) is type(value))


def scalar(value: Any) -> str:
    """``value`` as the plainest YAML scalar that reads back as exactly ``value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        if _reads_back(text, value):
            return text
        raise ValueError(f"cannot write the number {value!r} in YAML")
    text = str(value)
    single = "'" + text.replace("'", "''") + "'"
    double = json.dumps(text, ensure_ascii=False)
    # House style: 'single' quotes, "double" ones around text holding an apostrophe.
    candidates = [text, double, single] if "'" in text else [text, single, double]
    for candidate in candidates:
        if "\n" in candidate:
            continue
        if _reads_back(candidate, text):
            return candidate
    raise ValueError(f"cannot write {text!r} as YAML")


def _flow_list(values: list[Any]) -> str | None:
    """``[a, b]`` if every item reads back from it, as house style writes short lists."""
    for quote in (False, True):
        items = [json.dumps(v, ensure_ascii=False) if quote else scalar(v) for v in values]
        text = "[" + ", ".join(items) + "]"
        if len(text) <= 100 and _reads_back(text, values):
            return text
    return None


def record_lines(data: dict[str, Any], indent: int) -> list[str]:
    """A record as the lines of one block-sequence item, its dash at column ``indent``."""
    lines = _mapping(data, indent + 2)
    first = lines[0]
    lines[0] = " " * indent + "- " + first[indent + 2 :]
    return lines


def _mapping(data: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out += _mapping(value, indent + 2)
        elif isinstance(value, list):
            scalars = all(not isinstance(v, dict | list) for v in value)
            flow = _flow_list(value) if scalars else None
            if flow is not None:
                out.append(f"{pad}{key}: {flow}")
                continue
            out.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    out += record_lines(item, indent + 2)
                else:
                    out.append(f"{pad}  - {scalar(item)}")
        else:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


# --- putting the record into a file -------------------------------------------------


class AppendError(Exception):
    """The record cannot be added to this file safely (the message says why)."""


@dataclass
class Appended:
    text: str  #: the whole new file
    line: int  #: where the new record starts (1-based)
    record: str  #: the record's own text


def append_record(
    text: str, name: str, key: str, data: dict[str, Any], comments: list[str]
) -> Appended:
    """``text`` with ``data`` added as the last record under the top-level ``key``.

    Every existing byte is kept; ``comments`` (without ``#``) go on lines above the
    record. Raises :class:`AppendError` if the file cannot be read or the result would
    not read back as the old records plus exactly this one.
    """
    try:
        root = parse(text, name) if text.strip() else None
    except YamlError as exc:
        raise AppendError(f"{exc.problem.format()}\nfix the file first") from None
    if root is not None and not root.is_map:
        raise AppendError(f"{name} is not a mapping of record kinds; fix the file first")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the text ended with a line break
    if root is None or key not in root.value:
        indent, at, gap, head = 2, len(lines), bool(lines), [f"{key}:"]
    else:
        indent, at, gap, head = _slot(text, lines, root, key)
    body = [" " * indent + "# " + c for c in comments] + record_lines(data, indent)
    new = lines[:at] + ([""] if gap else []) + head + body + lines[at:]
    result = "\n".join(new) + "\n"
    start = at + (1 if gap else 0) + len(head) + len(comments) + 1
    _verify(root, result, name, key, data)
    return Appended(result, start, "\n".join(body))


def _slot(text: str, lines: list[str], root: Node, key: str) -> tuple[int, int, bool, list[str]]:
    """Where a new item of ``key`` goes: (dash indent, line index, blank line before, head)."""
    seq = root.value[key]
    key_line = root.key_marks[key][0]
    later = [line for line, _ in root.key_marks.values() if line > key_line]
    end = (min(later) - 1) if later else len(lines)  # lines[end:] belong to what follows
    # Column-0 comments and blank lines just before the next key belong to it.
    while end > key_line and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    if seq.value is None:
        if seq.line == key_line and _rest_of(lines[key_line - 1], key).strip(" #\t"):
            raise AppendError(f"'{key}:' has a value written on its line; write the list below it")
        return 2, end, False, []
    if not seq.is_seq:
        raise AppendError(f"'{key}' in this file is not a list of records")
    if _char_at(lines, seq.line, seq.column) == "[":
        raise AppendError(
            f"'{key}' is written as a flow list ([...]); write it as a block list "
            "('- id: ...' items) to add to it"
        )
    items = seq.value
    indent = seq.column - 1
    gap = len(items) >= 2 and not lines[items[1].line - 2].strip()
    return indent, end, gap, []


def _rest_of(line: str, key: str) -> str:
    return line.split(":", 1)[1] if ":" in line else ""


def _char_at(lines: list[str], line: int, column: int) -> str:
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _verify(old: Node | None, text: str, name: str, key: str, data: dict[str, Any]) -> None:
    """The new file reads back as the old content plus exactly the new record."""
    try:
        new = parse(text, name)
    except YamlError as exc:
        raise AppendError(f"the record would break the file: {exc.problem.format()}") from None
    assert new is not None and new.is_map
    before = old.plain() if old is not None else {}
    after = new.plain()
    records = after.get(key)
    if not isinstance(records, list) or not records or records[-1] != data:
        raise AppendError("the record would not read back as written")
    expected = dict(before)
    expected[key] = list(before.get(key) or []) + [data]
    if after != expected:
        raise AppendError("adding the record would change other records")


# --- drafting a source from its text --------------------------------------------------

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b")
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b", re.IGNORECASE)
_DMY = re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE)
_PLACE = r"[A-Z][A-Z'.\-]+(?:[ /][A-Z][A-Z'.\-]+)*"
_DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?(?P<place>" + _PLACE + r")"
    r"(?:\s*\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?\s*(?P<sep>—|–|--|-|>>)\s",
    re.MULTILINE,
)
#: How far into the text a date or dateline counts as the article's own.
HEAD = 400


@dataclass
class Draft:
    """Fields drafted from an article's text, and the words each was found in."""

    fields: dict[str, Any] = field(default_factory=dict)
    found: dict[str, str] = field(default_factory=dict)


def detect_source(text: str) -> Draft:
    """The source fields the text itself states: publication date, dateline, headline
    and an agency byline. Nothing is guessed: a field is left out unless the text has it
    in the usual place (the first lines)."""
    draft = Draft()
    head = text[:HEAD]
    dates = []
    for pattern in (_ISO, _MDY, _DMY):
        for m in pattern.finditer(head):
            when = _date_of(m)
            if when is not None:
                dates.append((m.start(), when, m.group()))
    if dates:
        _, when, words = min(dates)
        draft.fields["published"] = when.isoformat()
        draft.found["published"] = words
    line = _DATELINE.search(head)
    if line is not None:
        m = line
        place, agency = m.group("place").strip(), m.group("agency")
        if agency is None and len(place) <= 4 and " " not in place and "/" not in place:
            # 'AFP – North Korea...': an agency's tag, not a place.
            draft.fields["byline"] = place
            draft.found["byline"] = m.group().strip()
        else:
            draft.fields["dateline"] = place
            draft.found["dateline"] = m.group().strip()
            if agency:
                draft.fields["byline"] = agency.strip()
                draft.found["byline"] = m.group().strip()
    headline = _headline(text)
    if headline is not None:
        draft.fields["headline"] = headline
        draft.found["headline"] = headline
    return draft


def _date_of(m: re.Match[str]) -> dt.date | None:
    try:
        year, day = int(m.group("year")), int(m.group("day"))
        month = int(m.group("mon")) if "mon" in m.groupdict() else _MONTHS[m.group("month").lower()]
        return dt.date(year, month, day)
    except (ValueError, KeyError):
        return None


def _headline(text: str) -> str | None:
    """A Markdown heading among the first lines, or a short title-like line before the
    first paragraph of running text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:4]
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip() or None
    head: list[str] = []
    for line in lines:
        if len(line) > 200:  # running text: the lines before it are the article's head
            candidates = [
                h for h in head if len(h.split()) >= 3 and len(h) <= 150 and h[-1] not in ".:;,"
            ]
            return max(candidates, key=len) if candidates else None
        head.append(line)
    return None


def seed_name(data: bytes, seeds: Path) -> str:
    """``NNN_<first 16 hex digits of the text's SHA-256>.txt``: the next number in seeds/."""
    numbers = [
        int(p.name[:3]) for p in seeds.glob("*.txt") if p.name[:3].isdigit() and p.name[3] == "_"
    ]
    number = max(numbers, default=-1) + 1
    return f"{number:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


# --- which kinds, which fields ----------------------------------------------------------


def new_kinds() -> dict[str, kinds.Kind]:
    """The kinds ``briefing new`` scaffolds, by singular name: every list of records."""
    return {k.singular.replace(" ", "-"): k for k in kinds.KINDS if k.collection}


def is_id(t: Type) -> bool:
    return isinstance(t, Pattern) and t.pattern == ID_PATTERN


def has_id(struct: Struct) -> bool:
    return any(f.name == "id" and is_id(f.type) for f in struct.fields)


def splits_on_commas(t: ListOf) -> bool:
    """Lists of ids (and kind:id references) may be given as 'a,b,c'."""
    return is_id(t.item) or isinstance(t.item, Ref | AnyRef | Enum)


def archived_text_field(struct: Struct) -> str | None:
    """The field naming a file in seeds/ (a source's ``file``), if the kind has one."""
    for f in struct.fields:
        if isinstance(f.type, Pattern) and f.type.pattern == SEED_PATTERN:
            return f.name
    return None


def problems_key(p: Problem) -> tuple[str, str, str]:
    """A problem without its line and column, which an insertion above it may shift."""
    return (p.file, p.record, p.message)
