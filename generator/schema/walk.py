"""Find the references and dates in any checked record, from its declared shape.

Validation and the model builder use these instead of lists of fields, so a field
declared in :mod:`generator.schema.kinds` is checked and linked wherever it sits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .types import AnyRef, DateType, ListOf, Ref, Struct, Type

Path = tuple[str | int, ...]


def walk(t: Type, value: Any, path: Path = ()) -> Iterator[tuple[Path, Type, Any]]:
    """Every value in checked data with its path and declared type, outermost first.

    Dates are leaves (their mapping form is one value); lists and mappings are
    entered.
    """
    yield path, t, value
    if isinstance(t, DateType):
        return
    if isinstance(t, Struct) and isinstance(value, dict):
        for f in t.fields:
            if f.name in value:
                yield from walk(f.type, value[f.name], (*path, f.name))
    elif isinstance(t, ListOf) and isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(t.item, item, (*path, i))


def references(struct: Struct, data: dict[str, Any]) -> Iterator[tuple[Path, str, str]]:
    """``(path, target kind, id)`` of every reference a record makes."""
    for path, t, value in walk(struct, data):
        if isinstance(t, Ref) and isinstance(value, str):
            yield path, t.kind, value
        elif isinstance(t, AnyRef) and isinstance(value, str) and ":" in value:
            prefix, rid = value.split(":", 1)
            kind = AnyRef.prefixes().get(prefix)
            if kind is not None:
                yield path, kind, rid


def dates(struct: Struct, data: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """``(path, value)`` of every date a record holds."""
    for path, t, value in walk(struct, data):
        if isinstance(t, DateType):
            yield path, value


def cited_kinds() -> list[str]:
    """Keys of the kinds whose records cite sources (hold a citation), in registry order."""
    from .kinds import CITATION, KINDS

    def holds(t: Type) -> bool:
        if t is CITATION:
            return True
        if isinstance(t, ListOf):
            return holds(t.item)
        if isinstance(t, Struct) and not isinstance(t, DateType):
            return any(holds(f.type) for f in t.fields)
        return False

    return [k.key for k in KINDS if k.modelled and k.collection and holds(k.struct)]
