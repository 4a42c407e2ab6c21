"""The content schema: the single source of truth for what editors may write.

Each record kind is a :class:`Struct` of :class:`Field` objects. The same objects
check content (:meth:`Type.check`, with file/line/column and did-you-mean on unknown
keys) and export JSON Schema for editors (:func:`json_schema`). Change a field here
and both follow.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .yamlload import Node

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
        fix="use lowercase a-z, 0-9 and hyphens, e.g. 'pentagon-estimate-10000'",
    )


@dataclass
class Ref(Type):
    """The id of a record of another kind (``kind`` is the collection name)."""

    kind: str = ""

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        return Id().check(node, where, ctx)

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "description": f"id of one of {self.kind}"}


REF_PREFIXES = {
    "event": "events",
    "claim": "claims",
    "quote": "quotes",
    "actor": "actors",
    "source": "sources",
}
ANY_REF_PATTERN = r"^(" + "|".join(REF_PREFIXES) + r"):[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass
class AnyRef(Type):
    """A reference to a record of any kind, written ``kind:id`` (e.g. ``claim:nato-confirms``)."""

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = Text().check(node, where, ctx)
        if value is None:
            return None
        if not re.match(ANY_REF_PATTERN, value):
            ctx.error(
                node,
                f"'{where}' value '{_short(value)}' is not a record reference",
                "write kind:id, where kind is one of " + ", ".join(REF_PREFIXES),
            )
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ANY_REF_PATTERN}


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


@dataclass
class Number(Type):
    minimum: float | None = 0

    def check(self, node: Node, where: str, ctx: Check) -> Any:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            fix = "write the number without quotes, separators or units (e.g. 10000)"
            self.wrong(node, where, ctx, "a number", fix)
            return None
        if self.minimum is not None and value < self.minimum:
            ctx.error(node, f"'{where}' is {value}, below {self.minimum}", "check the number")
            return None
        return value

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        return out


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Text)
    min_items: int = 0
    unique: bool = False

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
                f"'{where}' needs at least {self.min_items} item(s)",
                "add the missing item(s)",
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
        if self.unique:
            out["uniqueItems"] = True
        return out


@dataclass
class Field:
    """One key of a mapping: its name, type, whether it is required, and what it means."""

    name: str
    type: Type
    required: bool = False
    doc: str = ""


@dataclass
class Struct(Type):
    """A mapping with known keys. Unknown keys are errors, with a did-you-mean."""

    name: str = ""
    fields: tuple[Field, ...] = ()
    doc: str = ""

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


# --- the content model -------------------------------------------------------------

PRECISIONS = ("day", "month", "year", "range")


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


DATE_TEXT = DateText(
    max_length=100,  # the pattern allows 21; longer text gets the "not a date" message
    pattern=DATE_PATTERN,
    explain="a date (YYYY-MM-DD, YYYY-MM, YYYY, or a range start/end)",
    fix="write e.g. 2024-10-29, 2024-10, 2024 or 2024-10-28/2024-10-30",
)

DATE = Either(
    short=DATE_TEXT,
    full=Struct(
        name="date",
        doc="A date with its precision, and whether the source states it or we infer it.",
        fields=(
            Field("value", DATE_TEXT, True, "YYYY-MM-DD, YYYY-MM, YYYY, or start/end"),
            Field("precision", Enum(values=PRECISIONS), False, "defaults from the value"),
            Field("approximate", Bool(), False, "true when the source says 'about', 'early'..."),
            Field("inferred", Bool(), False, "true when the source does not state the date"),
            Field("basis", Text(), False, "how an inferred date was worked out (required then)"),
        ),
    ),
)

CITATION = Struct(
    name="citation",
    doc="Where a statement comes from: a source and a passage copied verbatim from it.",
    fields=(
        Field("source", Ref(kind="sources"), True, "id of the source"),
        Field("excerpt", Text(max_length=2000), False, "verbatim passage of the source text"),
    ),
)
CITATIONS = ListOf(item=CITATION, min_items=1)

QUALIFIERS = ("exactly", "about", "up-to", "at-least", "more-than", "less-than", "nearly")

FIGURE = Struct(
    name="figure",
    doc="A number the claim asserts, structured so estimates of one quantity compare.",
    fields=(
        Field("quantity", Id(), True, "key shared by every estimate of the same quantity"),
        Field("value", Number(), False, "the number (or give low and high)"),
        Field("low", Number(), False, "lower end of a range"),
        Field("high", Number(), False, "upper end of a range"),
        Field("qualifier", Enum(values=QUALIFIERS), False, "how the source hedges the value"),
        Field("unit", Text(max_length=60), True, "what one unit is, e.g. troops, USD, minutes"),
        Field("counts", Text(max_length=300), True, "what exactly is counted, and where"),
        Field("as_of", DATE, False, "when the figure held"),
    ),
)

STATUSES = ("confirmed", "reported", "assessed", "unverified", "disputed", "denied", "forecast")
ACTOR_KINDS = (
    "person",
    "state",
    "government-body",
    "military",
    "military-unit",
    "agency",
    "international-organization",
    "think-tank",
    "academic-institution",
    "media",
    "group",
)

SOURCE = Struct(
    name="source",
    doc="One archived article.",
    fields=(
        Field("id", Id(), True, "stable id"),
        Field("outlet", Text(max_length=200), True, "publisher, judged from the text's evidence"),
        Field("outlet_basis", Text(), False, "the evidence for the outlet"),
        Field("headline", Text(max_length=300), False, "headline, where the text has one"),
        Field("published", DATE, True, "publication date"),
        Field("dateline", Text(max_length=200), False, "place line, e.g. MOSCOW/SEOUL"),
        Field("byline", Text(max_length=200), False, "agency or author"),
        Field(
            "url",
            Pattern(pattern=URL_PATTERN, explain="an http(s) URL", fix="write https://…"),
            False,
            "original address",
        ),
        Field(
            "file",
            Pattern(
                max_length=200,
                pattern=SEED_PATTERN,
                explain="a file name in seeds/ ending in .txt",
                fix="write only the file name, e.g. 000_ff3790364edfebf4.txt",
            ),
            True,
            "archived text in seeds/",
        ),
    ),
)

ACTOR = Struct(
    name="actor",
    doc="A person, state, body or organisation that acts or speaks in the sources.",
    fields=(
        Field("id", Id(), True, "stable id"),
        Field("name", Text(max_length=200), True, "name as most sources give it"),
        Field("kind", Enum(values=ACTOR_KINDS), True, "what sort of actor"),
        Field("role", Text(max_length=300), False, "role or title, as the text gives it"),
        Field("affiliation", Ref(kind="actors"), False, "id of the actor this one belongs to"),
        Field("country", Text(max_length=100), False, "country"),
        Field(
            "aliases",
            ListOf(item=Text(max_length=200), unique=True),
            False,
            "every other spelling the sources use",
        ),
        Field("description", Text(max_length=500), True, "one line saying who this is"),
    ),
)

EVENT = Struct(
    name="event",
    doc="Something that happened, placed in time.",
    fields=(
        Field("id", Id(), True, "stable id"),
        Field("date", DATE, True, "when it happened"),
        Field("title", Text(max_length=200), True, "one line"),
        Field("summary", Text(max_length=2000), False, "what happened, in a few sentences"),
        Field("actors", ListOf(item=Ref(kind="actors"), unique=True), False, "actors involved"),
        Field("location", Text(max_length=200), False, "where"),
        Field("tags", ListOf(item=Id(), unique=True), False, "topic tags"),
        Field("citations", CITATIONS, True, "sources and verbatim excerpts"),
    ),
)

CLAIM = Struct(
    name="claim",
    doc="An assertion someone makes, with its status and, if numeric, its figure.",
    fields=(
        Field("id", Id(), True, "stable id"),
        Field("statement", Text(max_length=1000), True, "what is claimed, in our words"),
        Field("claimant", Ref(kind="actors"), True, "id of the actor making the claim"),
        Field("made_on", DATE, False, "when the claim was made"),
        Field("status", Enum(values=STATUSES), True, "how far it is established"),
        Field("topics", ListOf(item=Id(), unique=True), False, "topic tags, e.g. troop-numbers"),
        Field("figure", FIGURE, False, "the number claimed, if any"),
        Field(
            "supports",
            ListOf(item=Ref(kind="claims"), unique=True),
            False,
            "ids of claims this one supports",
        ),
        Field(
            "contradicts",
            ListOf(item=Ref(kind="claims"), unique=True),
            False,
            "ids of claims this one contradicts or denies",
        ),
        Field("citations", CITATIONS, True, "sources and verbatim excerpts"),
    ),
)

QUOTE = Struct(
    name="quote",
    doc="Words someone said, verbatim as the source prints them.",
    fields=(
        Field("id", Id(), True, "stable id"),
        Field("text", Text(max_length=2000), True, "the words inside the quotation marks"),
        Field("speaker", Ref(kind="actors"), True, "id of the actor who said it"),
        Field("said_on", DATE, False, "when it was said"),
        Field("channel", Text(max_length=200), False, "press conference, post on X, interview…"),
        Field("context", Text(max_length=1000), False, "what it was said about, briefly"),
        Field("topics", ListOf(item=Id(), unique=True), False, "topic tags"),
        Field("citations", CITATIONS, True, "sources; the excerpt defaults to the quote text"),
    ),
)

JUDGMENT = Struct(
    name="key judgment",
    fields=(
        Field("id", Id(), True, "stable id"),
        Field("text", Text(max_length=1000), True, "the judgment"),
        Field(
            "rests_on",
            ListOf(item=AnyRef(), min_items=1, unique=True),
            True,
            "records it rests on, as kind:id",
        ),
    ),
)

BRIEFING = Struct(
    name="briefing",
    doc="The briefing itself: title, bottom line and key judgments.",
    fields=(
        Field("title", Text(max_length=200), True, "site title"),
        Field("subtitle", Text(max_length=300), False, "one line under the title"),
        Field("description", Text(max_length=300), False, "meta description for search engines"),
        Field("as_of", DATE, True, "the date the briefing is current to"),
        Field("bottom_line", Text(max_length=2000), True, "the bottom line up front"),
        Field(
            "bottom_line_rests_on",
            ListOf(item=AnyRef(), min_items=1, unique=True),
            True,
            "records the bottom line rests on, as kind:id",
        ),
        Field("key_judgments", ListOf(item=JUDGMENT, min_items=1), True, "three to seven"),
        Field("scope_note", Text(max_length=2000), False, "what the briefing covers and not"),
    ),
)

SKIP = Struct(
    name="coverage skip",
    doc="A quoted passage the coverage report may leave uncaptured, and why.",
    fields=(
        Field("source", Ref(kind="sources"), True, "id of the source"),
        Field("text", Text(max_length=2000), True, "the quoted passage, as the report prints it"),
        Field("reason", Text(max_length=500), True, "why no quote record captures it"),
    ),
)

#: Record kinds kept as lists of records with ids, in the order pages list them.
COLLECTIONS: dict[str, Struct] = {
    "sources": SOURCE,
    "actors": ACTOR,
    "events": EVENT,
    "claims": CLAIM,
    "quotes": QUOTE,
}

#: Every top-level key a content file may hold.
TOP_LEVEL: dict[str, Type] = {
    "briefing": BRIEFING,
    **{kind: ListOf(item=struct) for kind, struct in COLLECTIONS.items()},
    "coverage_skips": ListOf(item=SKIP),
}

SINGULAR = {
    "sources": "source",
    "actors": "actor",
    "events": "event",
    "claims": "claim",
    "quotes": "quote",
}


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
            kind: {**t.json(), "description": getattr(getattr(t, "item", t), "doc", "")}
            for kind, t in TOP_LEVEL.items()
        },
        "additionalProperties": False,
        "minProperties": 1,
    }
