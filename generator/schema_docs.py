"""A Markdown reference of the content fields, generated from :mod:`generator.schema`."""

from __future__ import annotations

from . import schema


def _type_name(t: schema.Type) -> str:
    if isinstance(t, schema.Either):
        return "date"
    if isinstance(t, schema.Struct):
        return t.name
    if isinstance(t, schema.ListOf):
        return f"list of {_type_name(t.item)}"
    if isinstance(t, schema.Ref):
        return f"id of {t.kind[:-1] if t.kind.endswith('s') else t.kind}"
    if isinstance(t, schema.AnyRef):
        return "kind:id"
    if isinstance(t, schema.Enum):
        return "one of " + ", ".join(f"`{v}`" for v in t.values)
    if isinstance(t, schema.Pattern):
        return "id" if t.pattern == schema.ID_PATTERN else "text (format)"
    return {schema.Text: "text", schema.Bool: "true/false", schema.Number: "number"}.get(
        type(t), type(t).__name__.lower()
    )


def _table(struct: schema.Struct) -> list[str]:
    lines = ["| Field | Type | Required | Meaning |", "| --- | --- | --- | --- |"]
    for f in struct.fields:
        lines.append(
            f"| `{f.name}` | {_type_name(f.type)} | {'yes' if f.required else ''} | {f.doc} |"
        )
    return lines


def content_reference() -> str:
    """The whole field reference, as Markdown."""
    out = [
        "# Content reference",
        "",
        "<!-- Generated from generator/schema.py by `briefing schema`; do not edit. -->",
        "",
        "Every file under `content/` is a YAML mapping whose top-level keys are record "
        "kinds: " + ", ".join(f"`{k}`" for k in schema.TOP_LEVEL) + ". A kind may be split "
        "over several files. Unknown keys are errors. Plain values follow YAML 1.2: "
        "`yes`/`no` and dates stay text.",
        "",
        "Ids are lowercase letters, digits and single hyphens, unique within their kind.",
        "",
    ]
    sections = [("briefing", schema.BRIEFING), ("key judgment", schema.JUDGMENT)]
    sections += [(k, s) for k, s in schema.COLLECTIONS.items()]
    sections += [
        ("citation", schema.CITATION),
        ("figure", schema.FIGURE),
        ("date", schema.DATE.full),
        ("coverage skip", schema.SKIP),
    ]
    for name, struct in sections:
        out += [f"## {name}", ""]
        if struct.doc:
            out += [struct.doc, ""]
        if name == "date":
            out += [
                "A date may also be written as plain text: `2024-10-29` (day), "
                "`2024-10` (month), `2024` (year) or `2024-10-28/2024-10-30` (range); "
                "it is then taken as stated in the source.",
                "",
            ]
        out += _table(struct) + [""]
    return "\n".join(out)
