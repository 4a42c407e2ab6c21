"""The building blocks of the schema: value types, fields and record shapes.

Each type checks a YAML node (:meth:`Type.check`, with file/line/column and
did-you-mean on unknown keys) and describes itself as JSON Schema (:meth:`Type.json`).
The record kinds themselves are declared with these in :mod:`generator.schema.kinds`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..yamlload import Node

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 64
_ID = re.compile(ID_PATTERN)
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"
SEED_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$"
# No escapes inside the class: the exported pattern must be valid ECMAScript (editors).
URL_PATTERN = r"""^https?://[^\s<>"'`]+$"""
#: Invisible characters text must not carry (tab and line feed are fine).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class Check:
    """Where a value sits, and the list problems go to, while checking one file."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.record = ""

    def error(self, node: Node | tuple[int, int] | None, message: str, fix: str) -> None:
        if isinstance(node, Node):
            line, column = node.line, node.column
        elif node is None:
            line, column = 0, 0
        else:
            line, column = node
        self.problems.append(Problem(self.file, line, column, self.record, message, fix))


def _kind_of(node: Node) -> str:
    value = node.value
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text '{_short(value)}'"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Type:
    """A kind of value: checks a node and describes itself as JSON Schema."""

    description = ""

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, node: Node, where: str, ctx: Check, expected: str, fix: str = "") -> None:
        ctx.error(
            node,
            f"'{where}' must be {expected}, not {_kind_of(node)}",
            fix or f"write {expected} here",
        )


@dataclass
class Text(Type):
    """Plain text, escaped on output. Whitespace and line breaks collapse to one space."""

    max_length: int = 10_000

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = node.value
        if isinstance(value, bool) or value is None or isinstance(value, dict | list):
            self.wrong(node, where, ctx, "text", "write text here (quote it if needed)")
            return None
        if isinstance(value, int | float):
            written = node.text if node.text is not None else value
            self.wrong(node, where, ctx, "text", f'put the value in quotes: "{written}"')
            return None
        if not value.strip():
            ctx.error(node, f"'{where}' is empty", "write the text, or remove the key if optional")
            return None
        control = _CONTROL.search(value)
        if control:
            ctx.error(
                node,
                f"'{where}' contains the control character U+{ord(control.group()):04X}",
                "remove it; write a line break as a real line break",
            )
            return None
        if len(value) > self.max_length:
            ctx.error(
                node,
                f"'{where}' is {len(value):,} characters, over the limit of {self.max_length:,}",
                "shorten the text",
            )
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


@dataclass
class Pattern(Text):
    """Text matching a regular expression."""

    pattern: str = ""
    explain: str = ""
    fix: str = ""

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = super().check(node, where, ctx)
        if value is None:
            return None
        if not re.match(self.pattern, value):
            ctx.error(node, f"'{where}' value '{_short(value)}' is not {self.explain}", self.fix)
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern, "maxLength": self.max_length}


def Id(max_length: int = ID_MAX) -> Pattern:  # noqa: N802 - reads as a type
    return Pattern(
        max_length=max_length,
        pattern=ID_PATTERN,
        explain="a valid id (lowercase letters, digits and single hyphens)",
        fix="use lowercase a-z, 0-9 and hyphens, e.g. 'jane-doe' or 'estimate-2024-10'",
    )


@dataclass
class Ref(Type):
    """The id of a record of another kind (``kind`` is the collection name).

    ``back`` names the list on the target record that the model fills with every
    record referring to it (a claim's ``claimant`` puts the claim in the actor's
    ``claims``), so templates never search.
    """

    kind: str = ""
    back: str = ""

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        return Id().check(node, where, ctx)

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "description": f"id of one of {self.kind}"}


def any_ref_pattern(prefixes: Iterable[str]) -> str:
    """The pattern of a ``kind:id`` reference, for the given kind names."""
    return r"^(" + "|".join(prefixes) + r"):[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass
class AnyRef(Type):
    """A reference to a record of any kind, written ``kind:id`` (e.g. ``claim:nato-confirms``).

    The kinds it may name are every kind with ids (:data:`generator.schema.kinds.REF_PREFIXES`).
    """

    back: str = ""

    @staticmethod
    def prefixes() -> dict[str, str]:
        from .kinds import REF_PREFIXES  # the registry is declared with these types

        return REF_PREFIXES

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = Text().check(node, where, ctx)
        if value is None:
            return None
        prefixes = self.prefixes()
        if not re.match(any_ref_pattern(prefixes), value):
            ctx.error(
                node,
                f"'{where}' value '{_short(value)}' is not a record reference",
                "write kind:id, where kind is one of " + ", ".join(prefixes),
            )
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": any_ref_pattern(self.prefixes())}


@dataclass
class Enum(Type):
    """One value of a fixed set."""

    values: tuple[str, ...] = ()

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = node.value
        if not isinstance(value, str) or value not in self.values:
            shown = f"'{_short(str(value))}'" if isinstance(value, str) else _kind_of(node)
            close = difflib.get_close_matches(str(value), self.values, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            ctx.error(
                node,
                f"'{where}' is {shown}, which is not an allowed value",
                hint + "allowed: " + ", ".join(self.values),
            )
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


@dataclass
class Bool(Type):
    def check(self, node: Node, where: str, ctx: Check) -> Any:
        if not isinstance(node.value, bool):
            self.wrong(node, where, ctx, "true or false")
            return None
        return node.value

    def json(self) -> dict[str, Any]:
        return {"type": "boolean"}


#: The largest magnitude a number in content may have: a thousand million million
#: (a figure larger than that is a mistake, or belongs in a larger unit).
NUMBER_MAX = 10**15


@dataclass
class Number(Type):
    """A finite number of sane size (at most :data:`NUMBER_MAX`); ``integer`` for
    whole numbers only (a display order, a count)."""

    minimum: float | None = 0
    integer: bool = False
    maximum: float = NUMBER_MAX

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = node.value
        expected = "a whole number" if self.integer else "a number"
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (self.integer and not isinstance(value, int))
        ):
            fix = "write the number without quotes, separators or units (e.g. 10000)"
            self.wrong(node, where, ctx, expected, fix)
            return None
        written = _short(node.text) if node.text else _short(str(value))
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > self.maximum:
            ctx.error(
                node,
                f"'{where}' is {written}, beyond the largest number allowed ({self.maximum:,.0f})",
                "check the number; for a very large amount, count in a larger unit "
                "(e.g. 'billion dollars')",
            )
            return None
        if self.minimum is not None and value < self.minimum:
            ctx.error(node, f"'{where}' is {value}, below {self.minimum}", "check the number")
            return None
        return value

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        out["maximum"] = self.maximum
        return out


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Text)
    min_items: int = 0
    unique: bool = False
    max_items: int | None = None

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = node.value
        if not isinstance(value, list):
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                fix = f"make it a list: [{value}] or one '- item' per line"
            else:
                fix = "write a list, one '- item' per line"
            self.wrong(node, where, ctx, "a list", fix)
            return None
        if len(value) < self.min_items:
            ctx.error(
                node,
                f"'{where}' has {len(value)} item(s); it needs at least {self.min_items}",
                "add the missing item(s)",
            )
        if self.max_items is not None and len(value) > self.max_items:
            ctx.error(
                value[self.max_items],
                f"'{where}' has {len(value)} items; at most {self.max_items} are allowed",
                f"keep the {self.max_items} that matter most (merge or drop the rest)",
            )
        out = []
        seen: dict[Any, int] = {}
        for index, child in enumerate(value):
            checked = self.item.check(child, f"{where}[{index}]", ctx)
            if checked is None:
                continue
            if self.unique and isinstance(checked, str):
                if checked in seen:
                    ctx.error(
                        child,
                        f"'{where}' lists '{checked}' twice",
                        f"remove the repeat (first at item {seen[checked]})",
                    )
                    continue
                seen[checked] = index
            out.append(checked)
        return out

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        if self.unique:
            out["uniqueItems"] = True
        return out


@dataclass
class Field:
    """One key of a mapping: its name, type, whether it is required, and what it means.

    ``example`` is shown to editors (JSON Schema ``examples``, CONTENT.md).
    """

    name: str
    type: Type
    required: bool = False
    doc: str = ""
    example: Any = None


@dataclass
class Struct(Type):
    """A mapping with known keys. Unknown keys are errors, with a did-you-mean."""

    name: str = ""
    fields: tuple[Field, ...] = ()
    doc: str = ""
    #: the model class records of this shape become (filled by field name)
    model: type | None = None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        if not isinstance(node.value, dict):
            if not where:  # a whole record
                ctx.error(
                    node,
                    f"a {self.name} must be a mapping of keys to values, not {_kind_of(node)}",
                    "write 'key: value' lines after the '- '",
                )
                return None
            self.wrong(node, where, ctx, f"a mapping ({self.name})", "write 'key: value' lines")
            return None
        known = {f.name: f for f in self.fields}
        out: dict[str, Any] = {}
        prefix = f"{where}." if where else ""
        errors_before = len(ctx.problems)
        meant: set[str] = set()  # missing keys an unknown key was taken for
        for key, child in node.value.items():
            if key not in known:
                missing = [k for k in known if k not in node.value]
                close = difflib.get_close_matches(key, missing, n=1, cutoff=0.6) or (
                    difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                )
                if close and close[0] in missing:
                    meant.add(close[0])
                fix = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "remove it; allowed keys: " + (", ".join(known))
                )
                ctx.error(
                    node.key_marks.get(key, (node.line, node.column)),
                    f"unknown key '{prefix}{key}' in {self.name}",
                    fix,
                )
                continue
            if child.value is None:
                continue  # 'key:' with nothing after it: an error below if required
            checked = known[key].type.check(child, prefix + key, ctx)
            if checked is not None:
                out[key] = checked
        for f in self.fields:
            if f.name in meant:
                continue  # reported as the unknown key that was meant to be this one
            if f.required and f.name not in node.value:
                ctx.error(
                    node,
                    f"{self.name} is missing required key '{prefix}{f.name}'",
                    f"add '{f.name}:' ({f.doc})" if f.doc else f"add '{f.name}:'",
                )
            elif f.required and node.value[f.name].value is None:
                ctx.error(
                    node.value[f.name],
                    f"required key '{prefix}{f.name}' has no value",
                    f"fill in '{f.name}' ({f.doc})" if f.doc else f"fill in '{f.name}'",
                )
        if where and len(ctx.problems) > errors_before:
            # A nested value (a date, a citation, a figure) with a mistake is left out
            # whole, so later checks do not report the consequences of the same mistake.
            # A record keeps what is valid, so its id and references are still checked.
            return None
        return out

    def json(self) -> dict[str, Any]:
        props = {}
        for f in self.fields:
            schema = dict(f.type.json())
            if f.doc:
                schema["description"] = f.doc
            if f.example is not None:
                schema["examples"] = [f.example]
            props[f.name] = schema
        out: dict[str, Any] = {
            "type": "object",
            "properties": props,
            "additionalProperties": False,
        }
        if self.doc:
            out["description"] = self.doc
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        return out


@dataclass
class Either(Type):
    """A value written either as a scalar shorthand or as a full mapping."""

    short: Type = field(default_factory=Text)
    full: Struct = field(default_factory=Struct)

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        if isinstance(node.value, dict):
            return self.full.check(node, where, ctx)
        return self.short.check(node, where, ctx)

    def json(self) -> dict[str, Any]:
        return {"anyOf": [self.short.json(), self.full.json()]}


class DateType(Either):
    """A date: text (``2024-10-29``) or a mapping with precision and inference."""


@dataclass
class DateText(Pattern):
    """A date written as text; a bare year (``2024``, which YAML reads as a number) too."""

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool) and node.text:
            node = Node(node.text, node.line, node.column)
        return super().check(node, where, ctx)

    def json(self) -> dict[str, Any]:
        return {"anyOf": [super().json(), {"type": "integer", "minimum": 1, "maximum": 9999}]}
