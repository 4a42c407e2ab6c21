"""The schema is the single source: model classes, JSON Schema and CONTENT.md agree with it.

Walks every kind declared in generator/schema/kinds.py and checks what is derived
from it; a field added to the schema but not to its model class (or named
differently, or typed differently) fails here.
"""

from __future__ import annotations

import ast
import dataclasses
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from generator import schema
from generator.dates import When
from generator.model import records
from generator.schema.export import content_reference, json_schema

ROOT = Path(__file__).resolve().parents[1]
MODELLED = [k for k in schema.KINDS if k.modelled]


def _model_of(kind_key: str) -> type:
    model = schema.BY_KEY[kind_key].struct.model
    assert model is not None
    return model


def expected_type(t: schema.Type, required: bool) -> Any:
    """The Python type a model field of this schema type must have."""

    def optional(inner: Any) -> Any:
        return inner if required else inner | None

    if isinstance(t, schema.DateType):
        return optional(When)
    if isinstance(t, schema.Ref):
        return optional(_model_of(t.kind))
    if isinstance(t, schema.AnyRef):
        return records.Record
    if isinstance(t, schema.ListOf):
        return list[expected_type(t.item, True)]
    if isinstance(t, schema.Struct):
        assert t.model is not None, f"nested shape {t.name} has no model class"
        return optional(t.model)
    if isinstance(t, schema.Bool):
        return bool
    if isinstance(t, schema.Number):
        return optional(int if t.integer else float)
    if isinstance(t, schema.Text | schema.Enum):
        return str  # optional text is "" when absent, never None
    raise AssertionError(f"no Python type for {t!r}")


def _structs_with_models() -> list[schema.Struct]:
    seen: list[schema.Struct] = []

    def visit(t: schema.Type) -> None:
        if isinstance(t, schema.ListOf):
            visit(t.item)
        elif isinstance(t, schema.Struct) and not isinstance(t, schema.DateType):
            if t.model is not None and t not in seen:
                seen.append(t)
            for f in t.fields:
                visit(f.type)

    for kind in MODELLED:
        visit(kind.struct)
    return seen


@pytest.mark.parametrize("struct", _structs_with_models(), ids=lambda s: s.name)
def test_every_field_is_a_typed_keyword_only_model_attribute(struct: schema.Struct) -> None:
    model = struct.model
    assert model is not None and dataclasses.is_dataclass(model)
    hints = typing.get_type_hints(model)
    by_name = {f.name: f for f in dataclasses.fields(model)}
    for f in struct.fields:
        assert f.name in by_name, f"{model.__name__} has no attribute for field '{f.name}'"
        assert by_name[f.name].kw_only, f"{model.__name__}.{f.name} is not keyword-only"
        want = expected_type(f.type, f.required)
        got = hints[f.name]
        assert _same(got, want), f"{model.__name__}.{f.name}: {got} but the schema says {want}"
        has_default = (
            by_name[f.name].default is not dataclasses.MISSING
            or by_name[f.name].default_factory is not dataclasses.MISSING
        )
        if not f.required and f.name != "id":
            assert has_default, f"{model.__name__}.{f.name} is optional but has no default"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, types.UnionType) or isinstance(b, types.UnionType):
        return set(typing.get_args(a) or (a,)) == set(typing.get_args(b) or (b,))
    return bool(a == b)


def test_every_back_link_is_a_list_on_its_target() -> None:
    for kind in MODELLED:
        for t in _all_types(kind.struct):
            if isinstance(t, schema.Ref) and t.back:
                target = _model_of(t.kind)
                hints = typing.get_type_hints(target)
                assert t.back in hints, f"{target.__name__} has no back-link list '{t.back}'"
                assert typing.get_origin(hints[t.back]) is list


def _all_types(t: schema.Type) -> list[schema.Type]:
    out = [t]
    if isinstance(t, schema.ListOf):
        out += _all_types(t.item)
    elif isinstance(t, schema.Struct) and not isinstance(t, schema.DateType):
        for f in t.fields:
            out += _all_types(f.type)
    return out


def test_the_briefing_holds_every_collection_by_id() -> None:
    hints = typing.get_type_hints(records.Briefing)
    for key in schema.COLLECTIONS:
        assert key in hints, f"Briefing has no '{key}'"
        assert typing.get_origin(hints[key]) is dict
        assert typing.get_args(hints[key]) == (str, _model_of(key))


def test_every_record_class_knows_its_kind_from_the_registration() -> None:
    for kind in MODELLED:
        model = kind.struct.model
        if isinstance(model, type) and issubclass(model, records.Record):
            assert model.record_kind == kind.singular


def _json_struct(schema_json: dict[str, Any], struct: schema.Struct) -> None:
    assert set(schema_json["properties"]) == {f.name for f in struct.fields}, struct.name
    assert set(schema_json.get("required", [])) == {f.name for f in struct.fields if f.required}
    assert schema_json["additionalProperties"] is False
    for f in struct.fields:
        prop = schema_json["properties"][f.name]
        assert prop.get("description") == f.doc, f"{struct.name}.{f.name}"


def test_json_schema_follows_the_declarations() -> None:
    exported = json_schema()
    assert set(exported["properties"]) == {k.key for k in schema.KINDS}
    for kind in schema.KINDS:
        node = exported["properties"][kind.key]
        _json_struct(node["items"] if kind.collection else node, kind.struct)


def test_every_field_has_a_description_and_every_value_field_an_example() -> None:
    for kind in schema.KINDS:
        for t in _all_types(kind.struct):
            if not isinstance(t, schema.Struct):
                continue
            for f in t.fields:
                assert f.doc, f"{t.name}.{f.name} has no description"
                simple = not isinstance(f.type, schema.Struct) and not (
                    isinstance(f.type, schema.ListOf) and isinstance(f.type.item, schema.Struct)
                )
                if simple:
                    assert f.example is not None, f"{t.name}.{f.name} has no example"


def test_content_reference_lists_every_kind_and_field() -> None:
    text = content_reference()
    sections = {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}
    for kind in schema.KINDS:
        name = kind.singular if kind.collection else kind.key
        assert name in sections, f"CONTENT.md has no section for {name}"
        for f in kind.struct.fields:
            assert f"| `{f.name}` |" in sections[name], f"CONTENT.md {name} lacks {f.name}"
    assert (ROOT / "CONTENT.md").read_text(encoding="utf-8") == text, "run: briefing schema"


KIND_WORDS = {k.key for k in schema.KINDS} | {k.singular for k in schema.KINDS}


def _literal_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    out = []
    for node in ast.walk(tree):
        items: list[ast.expr | None] = []
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        words = [i.value for i in items if isinstance(i, ast.Constant) and i.value in KIND_WORDS]
        if len(words) >= 2:
            out.append((node.lineno, words))
    return out


def test_no_list_of_kinds_outside_the_schema() -> None:
    """A list naming two or more kinds anywhere but kinds.py repeats the registry."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "kinds.py":
            continue
        for line, words in _literal_lists(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(ROOT)}:{line}: {words}")
    assert found == []
