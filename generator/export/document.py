"""The whole briefing as one JSON document, and the JSON Schema it follows.

Both are walked from the declarations in :mod:`generator.schema.kinds`: every kind
with a model, every field in declared order, each value as its declared type makes
it (a date becomes an object with its precision and bounds, a reference the id it
names, ``kind:id`` for a reference to any kind). The model adds what validation
learnt: each record's address on the site (``permalink``) and each citation's paragraph.

``SCHEMA_VERSION`` names the document's shape. Raise its minor number when fields are
added (old readers keep working) and its major number when a field is renamed,
retyped or removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from .. import schema
from ..dates import When
from ..model import Briefing, Citation, Record
from ..schema.types import AnyRef, DateType, Field, ListOf, Ref, Struct, Type
from .meta import Link, build_date, hosted_link, record_link

SCHEMA_VERSION = "1.0"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# --- what the model adds to the declared fields -----------------------------------


def extras(struct: Struct) -> list[tuple[str, dict[str, Any], Callable[[Any, Link], Any]]]:
    """Derived values a record or citation carries besides its declared fields:
    ``(name, JSON Schema, getter)``."""
    model = struct.model
    out: list[tuple[str, dict[str, Any], Callable[[Any, Link], Any]]] = []
    if isinstance(model, type) and issubclass(model, Record):
        out.append(
            (
                "permalink",
                {
                    "type": "string",
                    "description": "the record's address on the site, from the site's root",
                },
                lambda r, link: record_link(r, link),
            )
        )
    if model is Citation:
        out.append(
            (
                "paragraph",
                {"type": "integer", "minimum": 0, "description": "paragraph of the source"},
                lambda c, link: c.paragraph,
            )
        )
        out.append(
            (
                "permalink",
                {"type": "string", "description": "the cited paragraph's address on the site"},
                lambda c, link: link(c.source.page, c.anchor),
            )
        )
    return out


def date_fields(t: DateType) -> list[tuple[str, Type]]:
    """A date's parts as the export writes them: the declared ones, then its bounds."""
    parts = [(f.name, f.type) for f in t.full.fields]
    return [*parts, ("start", t.short), ("end", t.short)]


def date_part(when: When, name: str) -> Any:
    if name == "value":
        return when.text
    if name in ("start", "end"):
        day = getattr(when, name)
        return day.isoformat() if hasattr(day, "isoformat") else str(day)
    return getattr(when, name)


def empty(value: Any) -> bool:
    """Nothing to write: absent, or an empty text or list."""
    return value is None or (not value and isinstance(value, (str, list, dict)))  # noqa: UP038


# --- values --------------------------------------------------------------------------


def value(t: Type, v: Any, link: Link = hosted_link) -> Any:
    """A model value as JSON, by its declared type (``None``: nothing to write)."""
    if empty(v):
        return None
    if isinstance(t, DateType):
        out = {}
        for name, _ in date_fields(t):
            part = date_part(v, name)
            if not empty(part) and not (name in ("approximate", "inferred") and part is False):
                out[name] = part
        return out
    if isinstance(t, Ref):
        return v.id
    if isinstance(t, AnyRef):
        return v.ref
    if isinstance(t, ListOf):
        return [value(t.item, item, link) for item in v]
    if isinstance(t, Struct):
        return struct_value(t, v, link)
    return v


def struct_value(struct: Struct, obj: Any, link: Link = hosted_link) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in struct.fields:
        v = value(f.type, getattr(obj, f.name, None), link)
        if v is not None:
            out[f.name] = v
    for name, _, get in extras(struct):
        v = get(obj, link)
        if not empty(v):
            out[name] = v
    return out


def modelled_kinds() -> Iterator[schema.Kind]:
    return (k for k in schema.KINDS if k.modelled)


def document(b: Briefing, link: Link = hosted_link) -> dict[str, Any]:
    """The whole briefing: every modelled kind, every record, in the schema's order."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "built": build_date(b).isoformat(),
    }
    for kind in modelled_kinds():
        if kind.collection:
            out[kind.key] = [
                struct_value(kind.struct, r, link) for r in b.collection(kind.key).values()
            ]
        else:
            out[kind.key] = struct_value(kind.struct, b, link)
    return out


def document_bytes(b: Briefing) -> bytes:
    return (json.dumps(document(b), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- the JSON Schema -----------------------------------------------------------------


def type_schema(t: Type) -> dict[str, Any]:
    """The JSON Schema of an exported value of this declared type."""
    if isinstance(t, DateType):
        props: dict[str, Any] = {}
        for name, part in date_fields(t):
            if name in ("value", "start", "end"):
                props[name] = {"type": "string"}
            else:
                props[name] = type_schema(part)
        props["start"]["format"] = props["end"]["format"] = "date"
        props["value"]["pattern"] = schema.DATE_PATTERN
        props["start"]["description"] = "first day the date can mean"
        props["end"]["description"] = "last day the date can mean"
        required = ["value", "precision", "start", "end"]
        return {
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }
    if isinstance(t, ListOf):
        out: dict[str, Any] = {"type": "array", "items": type_schema(t.item)}
        if t.min_items:
            out["minItems"] = t.min_items
        return out
    if isinstance(t, Struct):
        return struct_schema(t)
    return dict(t.json())


def _field_schema(f: Field) -> dict[str, Any]:
    out = type_schema(f.type)
    if f.doc:
        out = {**out, "description": f.doc}
    return out


def struct_schema(struct: Struct) -> dict[str, Any]:
    props = {f.name: _field_schema(f) for f in struct.fields}
    for name, prop, _ in extras(struct):
        props[name] = prop
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if struct.doc:
        out["description"] = struct.doc
    required = [f.name for f in struct.fields if f.required]
    if required:
        out["required"] = required
    return out


def json_schema(schema_url: str = "briefing.schema.json") -> dict[str, Any]:
    """The JSON Schema of :func:`document`, published beside it."""
    props: dict[str, Any] = {
        "schema_version": {
            "const": SCHEMA_VERSION,
            "description": "the version of this shape: minor for added fields, major for "
            "renamed, retyped or removed ones",
        },
        "built": {"type": "string", "format": "date", "description": "the build's date"},
    }
    for kind in modelled_kinds():
        node = struct_schema(kind.struct)
        props[kind.key] = {"type": "array", "items": node} if kind.collection else node
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_url,
        "title": "A briefing, exported whole",
        "description": f"Schema version {SCHEMA_VERSION}. Every record of every kind; "
        "dates as objects with precision and bounds; references as ids.",
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


def json_schema_bytes() -> bytes:
    return (json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
