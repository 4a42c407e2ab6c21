"""What the schema exports for editors: JSON Schema and the ``CONTENT.md`` reference."""

from __future__ import annotations

import json
from typing import Any

from . import kinds
from .types import (
    ID_PATTERN,
    AnyRef,
    Bool,
    DateType,
    Enum,
    ListOf,
    Number,
    Pattern,
    Ref,
    Struct,
    Text,
    Type,
)


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for one content file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "briefing-content.schema.json",
        "title": "Briefing content file",
        "description": "One YAML file under content/. Each top-level key is a record kind; "
        "a kind may be split over several files.",
        "type": "object",
        "properties": {
            k.key: {**kinds.TOP_LEVEL[k.key].json(), "description": k.struct.doc}
            for k in kinds.KINDS
        },
        "additionalProperties": False,
        "minProperties": 1,
    }


def json_schema_text() -> str:
    """:func:`json_schema` as the text ``schema/content.schema.json`` holds."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def type_name(t: Type) -> str:
    """How ``CONTENT.md`` names a type."""
    if isinstance(t, DateType):
        return "date"
    if isinstance(t, Struct):
        return t.name
    if isinstance(t, ListOf):
        return f"list of {type_name(t.item)}"
    if isinstance(t, Ref):
        return f"id of {kinds.SINGULAR.get(t.kind, t.kind)}"
    if isinstance(t, AnyRef):
        return "kind:id"
    if isinstance(t, Enum):
        return "one of " + ", ".join(f"`{v}`" for v in t.values)
    if isinstance(t, Pattern):
        return "id" if t.pattern == ID_PATTERN else "text (format)"
    if isinstance(t, Number):
        return "whole number" if t.integer else "number"
    if isinstance(t, Bool):
        return "true/false"
    if isinstance(t, Text):
        return "text"
    return type(t).__name__.lower()


def _example(value: Any) -> str:
    if value is None:
        return ""
    return "`" + json.dumps(value, ensure_ascii=False).replace("|", "\\|") + "`"


def _table(struct: Struct) -> list[str]:
    lines = [
        "| Field | Type | Required | Meaning | Example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in struct.fields:
        lines.append(
            f"| `{f.name}` | {type_name(f.type)} | {'yes' if f.required else ''} "
            f"| {f.doc} | {_example(f.example)} |"
        )
    return lines


def nested_structs() -> list[Struct]:
    """Every mapping shape used inside a kind (citation, figure, date...), once each."""
    seen: list[Struct] = []
    tops = [k.struct for k in kinds.KINDS]

    def visit(t: Type) -> None:
        if isinstance(t, DateType):
            visit(t.full)
            return
        if isinstance(t, ListOf):
            visit(t.item)
            return
        if isinstance(t, Struct):
            if t not in tops and t not in seen:
                seen.append(t)
            for f in t.fields:
                visit(f.type)

    for struct in tops:
        visit(struct)
    return seen


def content_reference() -> str:
    """The whole field reference, as Markdown (``CONTENT.md``)."""
    out = [
        "# Content reference",
        "",
        "<!-- Generated from generator/schema/kinds.py by `briefing schema`; do not edit. -->",
        "",
        "Every file under `content/` is a YAML mapping whose top-level keys are record "
        "kinds: " + ", ".join(f"`{k.key}`" for k in kinds.KINDS) + ". A kind may be split "
        "over several files. Unknown keys are errors. Plain values follow YAML 1.2: "
        "`yes`/`no` and dates stay text.",
        "",
        "Ids are lowercase letters, digits and single hyphens, unique within their kind.",
        "",
    ]
    sections = [(k.singular if k.collection else k.key, k.struct) for k in kinds.KINDS]
    sections += [(s.name, s) for s in nested_structs()]
    for name, struct in sections:
        out += [f"## {name}", ""]
        if struct.doc:
            out += [struct.doc, ""]
        if struct is kinds.DATE.full:
            out += [
                "A date may also be written as plain text: `2024-10-29` (day), "
                "`2024-10` (month), `2024` (year) or `2024-10-28/2024-10-30` (range); "
                "it is then taken as stated in the source.",
                "",
            ]
        out += [*_table(struct), ""]
    return "\n".join(out)
