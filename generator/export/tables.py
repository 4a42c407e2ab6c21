"""The briefing as tables: one CSV per record kind, and a SQLite database.

Tables are walked from the declarations in :mod:`generator.schema.kinds`, never
listed by hand. Each kind is one table, one row per record, one column per field:

- a date is the text as written (``made_on``) and its parts beside it
  (``made_on_precision``, ``made_on_start``, ``made_on_end``...);
- a nested shape is flattened with its name as prefix (``figure_value``);
- a reference holds the id it names (``claimant``), a reference to any kind
  ``kind:id``;
- a list is one cell holding a JSON array (``["the ministry", "MoD"]``; citations as
  objects with ``source``, ``excerpt``, ``paragraph`` and ``permalink``); an empty list or an
  absent value is an empty cell (NULL in SQLite);
- true and false are written ``true``/``false`` in CSV, 1/0 in SQLite;
- ``permalink`` is the record's address on the site, from the site's root.

The SQLite database has the same tables, and for every list a link table
``<table>_<field>`` with the parent's id (``claim_id``), the item's ``position`` and
either its ``value`` or, for a list of shapes (citations), its flattened fields. A
list inside a list of shapes (a key judgment's ``rests_on``) gets a table of its own,
keyed by the parent's id or position. Every table with free text has an FTS5 index
``<table>_fts`` (external content, porter stemming), which Datasette finds by name.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import schema
from ..model import Briefing
from ..schema.types import AnyRef, Bool, DateType, ListOf, Number, Ref, Struct, Text, Type
from .document import SCHEMA_VERSION, date_fields, date_part, empty, extras, value
from .meta import Link, build_date, hosted_link

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One column: its name, SQL type, whether it is free text, what table it points into."""

    name: str
    sql: str = "TEXT"
    text: bool = False
    references: str = ""
    doc: str = ""
    boolean: bool = False


@dataclass
class Table:
    """One table: key columns (a link table's parent), data columns, and rows."""

    name: str
    doc: str
    keys: list[Column]
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    primary: list[str] = field(default_factory=list)
    #: the record kind (collection key) this table lists, if it is a kind's own table
    kind: str = ""

    @property
    def all_columns(self) -> list[Column]:
        return [*self.keys, *self.columns]


def _sql_type(t: Type) -> str:
    if isinstance(t, Number):
        return "INTEGER" if t.integer else "REAL"
    if isinstance(t, Bool):
        return "INTEGER"
    return "TEXT"


def _attr(get: Getter, name: str) -> Getter:
    return lambda obj: None if (o := get(obj)) is None else getattr(o, name, None)


def _scalar(t: Type, v: Any) -> Any:
    if empty(v):
        return None
    if isinstance(t, Ref):
        return v.id
    if isinstance(t, AnyRef):
        return v.ref
    if isinstance(v, bool):
        return int(v)
    return v


def _self(obj: Any) -> Any:
    return obj


def _scalar_getter(get: Getter, t: Type) -> Getter:
    def read(obj: Any) -> Any:
        return _scalar(t, get(obj))

    return read


def _date_getter(get: Getter, part: str, t: Type) -> Getter:
    def read(obj: Any) -> Any:
        when = get(obj)
        return None if when is None else _scalar(t, date_part(when, part))

    return read


def _json_getter(get: Getter, t: ListOf) -> Getter:
    def read(obj: Any) -> Any:
        items = get(obj)
        return None if empty(items) else json.dumps(value(t, items), ensure_ascii=False)

    return read


def _extra_getter(derive: Callable[[Any, Link], Any]) -> Getter:
    def read(obj: Any) -> Any:
        return derive(obj, hosted_link)

    return read


def cells(struct: Struct, get: Getter = _self, prefix: str = "") -> list[tuple[Column, Getter]]:
    """Every column a value of ``struct`` flattens into, with how to read it."""
    out: list[tuple[Column, Getter]] = []
    for f in struct.fields:
        name, t, sub = prefix + f.name, f.type, _attr(get, f.name)
        if isinstance(t, DateType):
            for part, part_type in date_fields(t):
                col = name if part == "value" else f"{name}_{part}"
                doc = f.doc if part == "value" else f"{f.name}: {part}"
                column = Column(
                    col,
                    _sql_type(part_type),
                    type(part_type) is Text,
                    doc=doc,
                    boolean=isinstance(part_type, Bool),
                )
                out.append((column, _date_getter(sub, part, part_type)))
        elif isinstance(t, Struct):
            out += cells(t, sub, name + "_")
        elif isinstance(t, ListOf):
            out.append((Column(name, doc=f.doc + " (a JSON array)"), _json_getter(sub, t)))
        else:
            ref = t.kind if isinstance(t, Ref) else ""
            column = Column(name, _sql_type(t), type(t) is Text, ref, f.doc, isinstance(t, Bool))
            out.append((column, _scalar_getter(sub, t)))
    if not prefix:
        for name, prop, read in extras(struct):
            out.append(
                (
                    Column(
                        name,
                        "INTEGER" if prop["type"] == "integer" else "TEXT",
                        doc=prop["description"],
                    ),
                    _extra_getter(read),
                )
            )
    return out


def _lists(
    struct: Struct, get: Getter = _self, prefix: str = ""
) -> Iterator[tuple[str, ListOf, Getter, str]]:
    """Every list field of ``struct`` (in nested shapes too): (name, type, getter, doc)."""
    for f in struct.fields:
        t, sub = f.type, _attr(get, f.name)
        if isinstance(t, ListOf):
            yield prefix + f.name, t, sub, f.doc
        elif isinstance(t, Struct) and not isinstance(t, DateType):
            yield from _lists(t, sub, prefix + f.name + "_")


POSITION = Column("position", "INTEGER", doc="the item's place in the list, from 1")


def _link_tables(
    parent: str,
    struct: Struct,
    key_columns: list[Column],
    parents: list[tuple[list[Any], Any]],
) -> Iterator[Table]:
    """The link tables of every list in ``struct``; ``parents`` are (key values, object)."""
    for name, t, get, doc in _lists(struct):
        item = t.item
        shaped = isinstance(item, Struct) and not isinstance(item, DateType)
        if isinstance(item, Struct) and shaped:
            columns = cells(item)
        else:
            ref = item.kind if isinstance(item, Ref) else ""
            column = Column("value", _sql_type(item), type(item) is Text, ref, "the item")
            columns = [(column, _scalar_getter(_self, item))]
        table = Table(
            f"{parent}_{name}",
            doc,
            [*key_columns, POSITION],
            [c for c, _ in columns],
            primary=[c.name for c in key_columns] + [POSITION.name],
        )
        children: list[tuple[list[Any], Any]] = []
        for key, obj in parents:
            for pos, it in enumerate(get(obj) or [], 1):
                table.rows.append([*key, pos, *(read(it) for _, read in columns)])
                children.append(([*key, pos], it))
        yield table
        if isinstance(item, Struct) and shaped and any(True for _ in _lists(item)):
            base = item.name.replace(" ", "_")
            if any(f.name == "id" for f in item.fields):
                yield from _link_tables(
                    table.name, item, [Column(f"{base}_id")], [([c.id], c) for _, c in children]
                )
            else:
                sub = [*key_columns, Column(f"{base}_position", "INTEGER")]
                yield from _link_tables(table.name, item, sub, children)


def all_tables(b: Briefing) -> list[Table]:
    """Every table: each modelled kind's own (in the schema's order), then its link tables."""
    out: list[Table] = []
    for kind in schema.KINDS:
        if not kind.modelled:
            continue
        struct = kind.struct
        objects: list[Any] = list(b.collection(kind.key).values()) if kind.collection else [b]
        columns = cells(struct)
        table = Table(
            kind.key,
            struct.doc,
            [],
            [c for c, _ in columns],
            [[read(o) for _, read in columns] for o in objects],
            primary=["id"] if kind.collection else [],
            kind=kind.key if kind.collection else "",
        )
        out.append(table)
        if kind.collection:
            key = [Column(f"{kind.singular}_id", references=kind.key)]
            out += _link_tables(kind.key, struct, key, [([o.id], o) for o in objects])
        else:
            out += _link_tables(kind.key, struct, [], [([], o) for o in objects])
    return out


# --- CSV -------------------------------------------------------------------------------


def _csv_cell(v: Any, column: Column) -> str:
    if v is None:
        return ""
    if column.boolean:
        return "true" if v else "false"
    return str(v)


def csv_bytes(table: Table) -> bytes:
    """One table as CSV: UTF-8, a header row, RFC 4180 quoting, CRLF line ends."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    columns = table.all_columns
    writer.writerow([c.name for c in columns])
    for row in table.rows:
        writer.writerow([_csv_cell(v, c) for v, c in zip(row, columns, strict=True)])
    return buf.getvalue().encode("utf-8")


# --- SQLite ----------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sqlite_bytes(b: Briefing, made: list[Table] | None = None) -> bytes:
    """The database file: every table, its link tables, foreign keys and FTS5 indexes.

    Built in memory in a fixed order and compacted, so the same content gives the same
    bytes (for one SQLite version).
    """
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA page_size = 4096")
        for table in made if made is not None else all_tables(b):
            defs = []
            for c in table.all_columns:
                d = f"{_q(c.name)} {c.sql}"
                if table.primary == ["id"] and c.name == "id":
                    d += " PRIMARY KEY"
                if c.references:
                    d += f" REFERENCES {_q(c.references)}(id)"
                defs.append(d)
            if table.primary and table.primary != ["id"]:
                defs.append("PRIMARY KEY (" + ", ".join(_q(p) for p in table.primary) + ")")
            db.execute(f"CREATE TABLE {_q(table.name)} (" + ", ".join(defs) + ")")
            marks = ", ".join("?" for _ in table.all_columns)
            db.executemany(f"INSERT INTO {_q(table.name)} VALUES ({marks})", table.rows)
            text = [c.name for c in table.all_columns if c.text]
            if text:
                fts = table.name + "_fts"
                db.execute(
                    f"CREATE VIRTUAL TABLE {_q(fts)} USING fts5("
                    + ", ".join(_q(t) for t in text)
                    + f", content={_sql_literal(table.name)}, content_rowid='rowid',"
                    " tokenize='porter unicode61')"
                )
                db.execute(f"INSERT INTO {_q(fts)}({_q(fts)}) VALUES ('rebuild')")
        db.execute("CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT)")
        info = [
            ("schema_version", SCHEMA_VERSION),
            ("title", b.title),
            ("as_of", b.as_of.text),
            ("built", build_date(b).isoformat()),
            ("license", b.license or None),
            ("license_url", b.license_url or None),
        ]
        db.executemany("INSERT INTO export_info VALUES (?, ?)", info)
        db.commit()
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()
