"""Typed, cross-linked records: what the templates see.

Every class is a keyword-only dataclass whose fields carry the names the schema
gives them (:mod:`generator.schema.kinds` binds each kind to its class), so the
builder fills them by name and a reordered field cannot be mis-assigned. Lists
named in a schema ``Ref(back=...)`` are filled with the records that refer to this
one. Behaviour (labels, sort orders, where a record is shown) lives here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..dates import When
from ..provenance import SourceText

if TYPE_CHECKING:
    from ..validate import Checked

#: Sorts records without a date after every dated one.
FAR = dt.date(9999, 12, 31)
FAR_KEY = (FAR, FAR)


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float) -> str:
    """A number as a reader sees it: ``10,000``, ``2.5``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def date_key(when: When | None) -> tuple[dt.date, dt.date]:
    return when.sort_key if when else FAR_KEY


@dataclass(eq=False, repr=False, kw_only=True)
class Record:
    """What every record has: an id, where it was written, and where it is shown."""

    id: str
    yaml_file: str = ""
    yaml_line: int = 0

    #: ``claim``, ``quote``...: set from the schema's registration of the kind.
    record_kind: ClassVar[str] = "record"
    #: the page that lists records of this kind (per-record pages override ``page``)
    home: ClassVar[str] = "index.md"
    #: records of this kind get a page of their own, named after the id
    own_page: ClassVar[bool] = False

    def __repr__(self) -> str:
        # Records are cross-linked in cycles; a field-by-field repr would walk the graph.
        return f"<{type(self).__name__} {self.id!r}>"

    @property
    def anchor(self) -> str:
        return f"{self.record_kind}-{self.id}"

    @property
    def page(self) -> str:
        return self.home

    @property
    def ref(self) -> str:
        return f"{self.record_kind}:{self.id}"

    @property
    def short_label(self) -> str:
        """A few words naming the record, for compact link lists."""
        return self.id.replace("-", " ")

    def bind(self, checked: Checked) -> None:
        """Called once the record is made: take what validation learnt about it."""

    def finish(self) -> None:
        """Called once every record is linked: sort back-link lists and the like."""


@dataclass(eq=False, kw_only=True)
class Citation:
    """A record's pointer into a source: the excerpt and the paragraph it sits in."""

    source: Source
    excerpt: str = ""
    start: int = 0
    end: int = 0
    paragraph: int = 0
    record: Record | None = field(default=None, repr=False)

    @property
    def anchor(self) -> str:
        return f"p-{self.paragraph}"


@dataclass(eq=False, repr=False, kw_only=True)
class Source(Record):
    outlet: str
    outlet_basis: str = ""
    headline: str = ""
    published: When
    dateline: str = ""
    byline: str = ""
    url: str = ""
    file: str  #: the archived text's file name in seeds/
    text: SourceText | None = None
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Actor] = field(default_factory=list)
    #: paragraph number -> citations that point into it
    cited: dict[int, list[Citation]] = field(default_factory=dict)

    own_page: ClassVar[bool] = True

    @property
    def short_label(self) -> str:
        return self.outlet

    @property
    def page(self) -> str:
        return f"sources/{self.id}.md"

    @property
    def anchor(self) -> str:
        return ""

    @property
    def title(self) -> str:
        return self.headline or f"{self.outlet}, {self.published.label()}"

    @property
    def records(self) -> list[Record]:
        """Every record citing this source, kind by kind."""
        from ..schema.walk import cited_kinds

        return [r for key in cited_kinds() for r in getattr(self, key)]

    def bind(self, checked: Checked) -> None:
        self.text = checked.texts.get(self.id)

    def finish(self) -> None:
        self.events.sort(key=lambda e: (e.date.sort_key, e.id))
        self.claims.sort(key=claim_order)
        self.mentions.sort(key=lambda a: a.name.lower())


@dataclass(eq=False, repr=False, kw_only=True)
class Actor(Record):
    name: str
    kind: str  #: person, state, agency...
    role: str = ""
    affiliation: Actor | None = None
    country: str = ""
    aliases: list[str] = field(default_factory=list)
    description: str
    members: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    own_page: ClassVar[bool] = True

    @property
    def short_label(self) -> str:
        return self.name

    @property
    def page(self) -> str:
        return f"actors/{self.id}.md"

    @property
    def anchor(self) -> str:
        return ""

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def finish(self) -> None:
        self.quotes.sort(key=lambda q: (date_key(q.said_on), q.id))
        self.claims.sort(key=claim_order)
        self.events.sort(key=lambda e: (e.date.sort_key, e.id))


@dataclass(eq=False, repr=False, kw_only=True)
class Quantity(Record):
    """Something the sources put a number on; its estimates are compared side by side."""

    label: str
    description: str = ""
    unit: str
    order: int | None = None
    estimates: list[Claim] = field(default_factory=list)

    home: ClassVar[str] = "figures.md"

    @property
    def short_label(self) -> str:
        return self.label

    @property
    def title(self) -> str:
        return self.label

    @property
    def claims(self) -> list[Claim]:
        """The estimates, oldest first (undated last)."""
        return self.estimates

    @property
    def display_key(self) -> tuple[int, int, int, str]:
        """Ordered quantities first (by ``order``), then the most estimated."""
        if self.order is not None:
            return (0, self.order, 0, self.id)
        return (1, 0, -len(self.estimates), self.id)

    def finish(self) -> None:
        self.estimates.sort(key=claim_order)


@dataclass(eq=False, repr=False, kw_only=True)
class Event(Record):
    date: When
    title: str
    summary: str = ""
    actors: list[Actor] = field(default_factory=list)
    location: str = ""
    tags: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    home: ClassVar[str] = "timeline.md"

    @property
    def when(self) -> When:
        return self.date

    @property
    def short_label(self) -> str:
        return clip(self.title, 48)


@dataclass(eq=False, repr=False, kw_only=True)
class Figure:
    """The number a claim asserts, of one quantity."""

    quantity: Quantity
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    unit: str = ""  #: as written; :attr:`units` falls back to the quantity's
    counts: str
    as_of: When | None = None

    QUALIFIER_TEXT: ClassVar[dict[str, str]] = {
        "exactly": "",
        "about": "about ",
        "up-to": "up to ",
        "at-least": "at least ",
        "more-than": "more than ",
        "less-than": "less than ",
        "nearly": "nearly ",
    }

    def amount(self) -> str:
        """The number as a reader should see it: 'about 10,000', '11,000–12,000'."""
        prefix = self.QUALIFIER_TEXT.get(self.qualifier, "")
        if self.value is not None:
            return prefix + number(self.value)
        if self.low is not None and self.high is not None:
            return prefix + f"{number(self.low)}–{number(self.high)}"
        if self.high is not None:
            return prefix + number(self.high)
        return prefix + number(self.low or 0)

    @property
    def units(self) -> str:
        return self.unit or self.quantity.unit

    def label(self) -> str:
        return f"{self.amount()} {self.units}"

    @property
    def sort_value(self) -> float:
        for v in (self.value, self.high, self.low):
            if v is not None:
                return v
        return 0.0


@dataclass(eq=False, repr=False, kw_only=True)
class Claim(Record):
    statement: str
    claimant: Actor
    made_on: When | None = None
    status: str
    topics: list[str] = field(default_factory=list)
    figure: Figure | None = None
    supports: list[Claim] = field(default_factory=list)
    contradicts: list[Claim] = field(default_factory=list)
    supported_by: list[Claim] = field(default_factory=list)
    contradicted_by: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    home: ClassVar[str] = "claims.md"

    @property
    def short_label(self) -> str:
        name = self.claimant.name
        return f"{name}, {self.figure.amount()}" if self.figure else f"{name}: {self.status}"

    @property
    def topic(self) -> str:
        return self.topics[0] if self.topics else "general"

    @property
    def when(self) -> When | None:
        return self.made_on or (self.figure.as_of if self.figure else None)


def claim_order(claim: Claim) -> tuple[tuple[dt.date, dt.date], str]:
    """Claims oldest first, undated last, then by id."""
    return (date_key(claim.when), claim.id)


@dataclass(eq=False, repr=False, kw_only=True)
class Quote(Record):
    text: str
    speaker: Actor
    said_on: When | None = None
    channel: str = ""
    context: str = ""
    topics: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    home: ClassVar[str] = "quotes.md"

    @property
    def short_label(self) -> str:
        return f"{self.speaker.name}, “{clip(self.text, 32)}”"


@dataclass(eq=False, repr=False, kw_only=True)
class Judgment(Record):
    text: str
    rests_on: list[Record] = field(default_factory=list)

    record_kind: ClassVar[str] = "judgment"


@dataclass(eq=False, repr=False, kw_only=True)
class Change:
    """One update of the briefing: when, what, and the records it added or changed."""

    date: When
    summary: str
    added: list[Record] = field(default_factory=list)
    changed: list[Record] = field(default_factory=list)


@dataclass(eq=False, repr=False, kw_only=True)
class Briefing:
    """The whole briefing, ready for the templates: its text and every record by kind."""

    title: str
    subtitle: str = ""
    description: str = ""
    as_of: When
    bottom_line: str
    bottom_line_rests_on: list[Record] = field(default_factory=list)
    key_judgments: list[Judgment] = field(default_factory=list)
    scope_note: str = ""
    license: str = ""
    license_url: str = ""
    changes: list[Change] = field(default_factory=list)
    yaml_file: str = ""
    yaml_line: int = 0
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    quantities: dict[str, Quantity] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    #: kind -> the content files its records come from
    files_by_kind: dict[str, list[str]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Briefing {self.title!r}>"

    @property
    def ordered_quantities(self) -> list[Quantity]:
        """Quantities with estimates, in display order."""
        shown = [q for q in self.quantities.values() if q.estimates]
        return sorted(shown, key=lambda q: q.display_key)

    def collection(self, key: str) -> dict[str, Record]:
        """The records of one kind by id (``key`` is the kind's top-level key)."""
        table: dict[str, Record] = getattr(self, key)
        return table

    def counts(self) -> dict[str, int]:
        """Records per kind, in the schema's order."""
        from ..schema import COLLECTIONS  # the schema binds kinds to these classes

        return {key: len(self.collection(key)) for key in COLLECTIONS}
