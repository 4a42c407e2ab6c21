"""Ids and references: every id unique per kind, every reference resolves."""

from __future__ import annotations

from .. import schema
from ..errors import Problem
from ..load import RawContent, RawRecord
from ..schema.types import ListOf, Ref
from ..schema.walk import references
from .base import Budget, Checked, Reporter, closest_id

#: Names Windows will not create as files, whatever the extension.
RESERVED_NAMES = {"con", "prn", "aux", "nul", "index", "tags"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}


def check_briefing_present(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """Content must hold the briefing mapping (unless a file that may hold it is unread)."""
    if (
        raw.briefing is None
        and raw.files
        and not any(p.record == "briefing" for p in raw.problems)
        and not raw.unread_kinds & {"briefing", None}
    ):
        checked.problems.append(
            Problem(
                raw.files[0],
                message="no 'briefing:' found",
                fix="add a briefing mapping (title, as_of, bottom_line...) to a content file",
            )
        )


def _has_page(kind: str) -> bool:
    """Kinds whose records get a page of their own, named after the id."""
    model = schema.COLLECTIONS[kind].model
    return bool(getattr(model, "own_page", False))


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def check_ids(raw: RawContent, checked: Checked, report: Reporter) -> None:
    index: dict[str, dict[str, RawRecord]] = {kind: {} for kind in schema.COLLECTIONS}
    for kind in schema.COLLECTIONS:
        for record in raw.records[kind]:
            if record.id in RESERVED_NAMES and _has_page(kind):
                report(
                    record,
                    ("id",),
                    f"id '{record.id}' is a reserved name",
                    f"choose another id, e.g. '{record.id}-1'",
                )
            first = index[kind].get(record.id)
            if first is not None:
                line, _ = first.mark("id")
                report(
                    record,
                    ("id",),
                    f"duplicate id: {first.label} is already defined at {first.file}:{line}",
                    "give one of the two records a different id",
                )
                continue
            index[kind][record.id] = record
    checked.index = index


def check_references(raw: RawContent, checked: Checked, report: Reporter) -> None:
    index = checked.index
    records = [r for rs in raw.records.values() for r in rs]
    records += [raw.briefing] if raw.briefing else []
    unsure = set(schema.COLLECTIONS) if None in raw.unread_kinds else raw.unread_kinds
    suggestions = Budget()
    for record in records:
        struct = schema.BY_KEY[record.kind].struct
        for path, target, rid in references(struct, record.data):
            if rid not in index[target]:
                if target in unsure:
                    continue  # a file that may define it could not be read (reported)
                close = closest_id(rid, list(index[target])) if suggestions.take() else ""
                fix = (
                    f"did you mean '{close}'?"
                    if close
                    else f"add a record with id '{rid}' to {target}, or correct the id"
                )
                report(
                    record,
                    path,
                    f"refers to {schema.SINGULAR[target]} '{rid}', which does not exist",
                    fix,
                )
            elif target == record.kind and rid == record.id:
                report(
                    record, path, f"{record.label} refers to itself", "remove the self-reference"
                )
    _check_cycles(raw, index, report)


def _check_cycles(
    raw: RawContent, index: dict[str, dict[str, RawRecord]], report: Reporter
) -> None:
    """A single reference to the same kind (an actor's affiliation) must not go round
    in a circle: A -> B -> A makes no sense."""
    for kind, struct in schema.COLLECTIONS.items():
        for f in struct.fields:
            if not isinstance(f.type, Ref) or isinstance(f.type, ListOf) or f.type.kind != kind:
                continue
            for record in raw.records[kind]:
                seen, current = [record.id], record
                while f.name in current.data:
                    nxt = index[kind].get(current.data[f.name])
                    if nxt is None or nxt.id == current.id:
                        break
                    if nxt.id in seen:
                        if nxt.id == record.id:
                            cycle = " -> ".join([*seen, nxt.id])
                            report(
                                record,
                                (f.name,),
                                f"{f.name} goes round in a circle: {cycle}",
                                f"{_a(schema.SINGULAR[kind])} cannot belong, directly or "
                                "not, to itself",
                            )
                        break
                    seen.append(nxt.id)
                    current = nxt
