"""Typed, cross-linked records: what the templates see.

Every class is a keyword-only dataclass whose fields carry the names the schema
gives them (:mod:`generator.schema.kinds` binds each kind to its class), so the
builder fills them by name and a reordered field cannot be mis-assigned. Lists
named in a schema ``Ref(back=...)`` are filled with the records that refer to this
one. Behaviour (labels, sort orders, where a record is shown) lives here too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..dates import MONTHS, When
from ..provenance import SourceText
from .layout import Group, Listing

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


def year_group(when: When | None) -> Group:
    """A list group by the year a date starts in; undated records last."""
    if when is None:
        return Group("undated", "Undated", (1, 0))
    return Group(f"{when.start.year:04d}", str(when.start.year), (0, when.start.year))


def letter_group(name: str) -> Group:
    """A list group by a name's first letter (accents dropped): 'a'..'z', '0-9', 'other'."""
    for char in unicodedata.normalize("NFKD", name):
        if char.isascii() and char.isalpha():
            return Group(char.lower(), char.upper(), (0, char.lower()))
        if char.isdigit():
            return Group("0-9", "0–9", (1, ""))
    return Group("other", "Other", (2, ""))


def slug_label(slug: str) -> str:
    """'troop-numbers' -> 'Troop numbers'."""
    return slug.replace("-", " ").capitalize()


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
    #: how many records (by :attr:`list_weight`) the list page shows before it splits
    #: into pages by :meth:`groups` (0: the kind has no list page); see ``layout.py``
    per_page: ClassVar[int] = 0
    #: levels of :meth:`groups` whose groups share pages rather than get one each
    pack: ClassVar[frozenset[int]] = frozenset()
    #: the list page (or part of it) that shows this record; set by the layout
    listed_on: str = field(default="", init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        # Records are cross-linked in cycles; a field-by-field repr would walk the graph.
        return f"<{type(self).__name__} {self.id!r}>"

    @property
    def anchor(self) -> str:
        return f"{self.record_kind}-{self.id}"

    @property
    def page(self) -> str:
        """The page that shows the record: its own, or the list page that holds it."""
        return self.listed_on or self.home

    @property
    def ref(self) -> str:
        return f"{self.record_kind}:{self.id}"

    @property
    def short_label(self) -> str:
        """A few words naming the record, for compact link lists."""
        return self.id.replace("-", " ")

    @property
    def list_weight(self) -> int:
        """How much of a list page the record takes (1: one entry)."""
        return 1

    @property
    def listed(self) -> bool:
        """Whether the kind's list page shows this record."""
        return True

    def list_key(self) -> tuple[Any, ...]:
        """The record's place in its list page's order."""
        return (self.id,)

    def groups(self) -> tuple[Group, ...]:
        """Where the record goes when its list is split: outermost group first."""
        return ()

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
    home: ClassVar[str] = "sources/index.md"
    per_page: ClassVar[int] = 400

    @property
    def short_label(self) -> str:
        return self.outlet

    def list_key(self) -> tuple[Any, ...]:
        return (self.published.sort_key, self.id)

    def groups(self) -> tuple[Group, ...]:
        return (year_group(self.published),)

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
    home: ClassVar[str] = "actors/index.md"
    per_page: ClassVar[int] = 500

    @property
    def short_label(self) -> str:
        return self.name

    def list_key(self) -> tuple[Any, ...]:
        return (self.kind, self.name.lower(), self.id)

    def groups(self) -> tuple[Group, ...]:
        return (Group(self.kind, slug_label(self.kind), self.kind), letter_group(self.name))

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
    per_page: ClassVar[int] = 300

    @property
    def short_label(self) -> str:
        return self.label

    @property
    def list_weight(self) -> int:
        return 1 + len(self.estimates)

    @property
    def listed(self) -> bool:
        return bool(self.estimates)

    def list_key(self) -> tuple[Any, ...]:
        return self.display_key

    def groups(self) -> tuple[Group, ...]:
        return (letter_group(self.label),)

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
    per_page: ClassVar[int] = 220

    @property
    def list_weight(self) -> int:
        return max(1, len(self.citations))  # each citation is a line of the entry

    @property
    def when(self) -> When:
        return self.date

    def list_key(self) -> tuple[Any, ...]:
        return (self.date.sort_key, self.id)

    def groups(self) -> tuple[Group, ...]:
        w = self.date
        if w.precision in ("day", "month") or (w.precision == "range" and "-" in w.text[:7]):
            month = w.start.month
            by_month = Group(f"{month:02d}", f"{MONTHS[month]} {w.start.year}", (1, month))
        else:
            by_month = Group("year", f"{w.start.year}, to the year", (0, 0))
        return (year_group(w), by_month)

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
    per_page: ClassVar[int] = 720

    @property
    def list_weight(self) -> int:
        """About a quarter of a kilobyte of HTML per unit: the claim, each citation, each
        contradiction (a row of the table and a link), each support (a link)."""
        contradictions = len(self.contradicts) + len(self.contradicted_by)
        supports = len(self.supports) + len(self.supported_by)
        return 2 + 2 * len(self.citations) + 4 * contradictions + supports

    def list_key(self) -> tuple[Any, ...]:
        return (self.topic, self.id)

    def groups(self) -> tuple[Group, ...]:
        return (Group(self.topic, slug_label(self.topic), self.topic), year_group(self.when))

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
    per_page: ClassVar[int] = 150

    @property
    def list_weight(self) -> int:
        return max(1, len(self.citations))

    pack: ClassVar[frozenset[int]] = frozenset({1})

    @property
    def short_label(self) -> str:
        return f"{self.speaker.name}, “{clip(self.text, 32)}”"

    def list_key(self) -> tuple[Any, ...]:
        s = self.speaker
        return (s.name.lower(), s.id, date_key(self.said_on), self.id)

    def groups(self) -> tuple[Group, ...]:
        s = self.speaker
        return (
            letter_group(s.name),
            Group(s.id, s.name, (s.name.lower(), s.id)),
            year_group(self.said_on),
        )


@dataclass(eq=False, repr=False, kw_only=True)
class Judgment(Record):
    text: str
    rests_on: list[Record] = field(default_factory=list)

    record_kind: ClassVar[str] = "judgment"


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
    #: kind -> how its list page is laid out (one page, or an index and its parts)
    listings: dict[str, Listing] = field(default_factory=dict)

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
