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

#: How much a list page holds, in units of :attr:`Record.list_weight`: each unit is
#: about a quarter of a kilobyte of the built HTML (text, markup, the page's structured
#: data), so a full page is about 200 kB with the site's frame, under the 300 kB bound
#: ``make bench`` holds every page to (weights measured on the synthetic briefing at
#: N = 10, 30 and 100: a full page is 180-280 kB).
LIST_PAGE = 720


def text_units(*texts: str) -> int:
    """List-weight units for text shown on a list page (about 130 characters a unit:
    each character is written in the page and again in its structured data)."""
    return sum(len(t) for t in texts) // 130


def cited_text(citations: list[Citation]) -> str:
    return "".join(c.excerpt for c in citations)


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float) -> str:
    """A number as a reader sees it: ``10,000``, ``2.5``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def tag_key(name: str) -> str:
    """The anchor the tags page gives tag ``name`` (Material's default slug)."""
    from pymdownx.slugs import slugify  # type: ignore[import-untyped]  # Material's

    key: str = slugify(case="lower")(name, "-")
    return key


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
    #: how much (by :attr:`list_weight`) the list page shows before it splits into
    #: pages by :meth:`groups` (0: the kind has no list page); see ``layout.py``
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
        """How much of a list page the record takes, in units of about 250 bytes of
        HTML (see :data:`LIST_PAGE`)."""
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
    occurrence: int | None = None
    start: int = 0
    end: int = 0
    paragraph: int = 0
    record: Record | None = field(default=None, repr=False)

    @property
    def anchor(self) -> str:
        return f"p-{self.paragraph}"


def reporting_sources(citations: list[Citation]) -> list[Source]:
    """One source per outlet that reports a record, in the order first cited: how many
    outlets carry it (corroboration counts outlets, not citations, nor two articles of
    one outlet)."""
    by_outlet: dict[str, Source] = {}
    for c in citations:
        by_outlet.setdefault(" ".join(c.source.outlet.casefold().split()), c.source)
    return list(by_outlet.values())


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
    per_page: ClassVar[int] = LIST_PAGE

    @property
    def list_weight(self) -> int:
        return 4  # a row of the sources index, about 1 kB

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
    named_as: list[str] = field(default_factory=list)
    description: str
    members: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    #: claims of a body this actor is named as saying (a claim's ``speakers``)
    spoken_claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    own_page: ClassVar[bool] = True
    home: ClassVar[str] = "actors/index.md"
    per_page: ClassVar[int] = LIST_PAGE

    @property
    def list_weight(self) -> int:
        return 2  # an entry of the actors list, about half a kilobyte

    @property
    def short_label(self) -> str:
        return self.name

    def list_key(self) -> tuple[Any, ...]:
        return (self.kind, self.name.lower(), self.id)

    def groups(self) -> tuple[Group, ...]:
        return (Group(self.kind, slug_label(self.kind), self.kind), letter_group(self.name))

    @property
    def credited_claims(self) -> list[Claim]:
        """Claims this actor makes, and those of a body the source names it as saying."""
        return sorted({*self.claims, *self.spoken_claims}, key=claim_order)

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
        self.spoken_claims.sort(key=claim_order)
        self.events.sort(key=lambda e: (e.date.sort_key, e.id))


@dataclass(eq=False, repr=False, kw_only=True)
class Quantity(Record):
    """Something the sources put a number on; its estimates are compared side by side."""

    label: str
    description: str = ""
    unit: str
    order: int | None = None
    headline: bool = False
    estimates: list[Claim] = field(default_factory=list)

    home: ClassVar[str] = "figures.md"
    per_page: ClassVar[int] = LIST_PAGE

    @property
    def short_label(self) -> str:
        return self.label

    @property
    def list_weight(self) -> int:
        # the heading and a table row per estimate; two or more are charted, and the
        # chart (drawn at two widths) weighs about 7 kB and a mark per estimate
        n = len(self.estimates)
        chart = 30 + 4 * n if n > 1 else 0
        return 3 + 3 * n + chart + text_units(self.description)

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
        """The estimates, oldest first by as-of date (undated last)."""
        return self.estimates

    @property
    def display_key(self) -> tuple[int, int, int, str]:
        """Ordered quantities first (by ``order``), then the most estimated."""
        if self.order is not None:
            return (0, self.order, 0, self.id)
        return (1, 0, -len(self.estimates), self.id)

    def latest_by_claimant(self) -> list[Claim]:
        """Each claimant's latest estimate, newest first (undated ones last)."""
        latest: dict[str, Claim] = {}
        for claim in self.estimates:  # oldest first, so later ones replace earlier
            if claim.claimant.id not in latest or claim.as_of is not None:
                latest[claim.claimant.id] = claim
        return sorted(
            latest.values(),
            key=lambda c: (c.as_of is None, [-d.toordinal() for d in date_key(c.as_of)], c.id),
        )

    def finish(self) -> None:
        self.estimates.sort(key=lambda c: (date_key(c.as_of), c.id))


@dataclass(eq=False, repr=False, kw_only=True)
class Event(Record):
    date: When
    title: str
    summary: str = ""
    actors: list[Actor] = field(default_factory=list)
    location: str = ""
    tags: list[str] = field(default_factory=list)
    differs_from: list[Event] = field(default_factory=list)
    differed_by: list[Event] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    home: ClassVar[str] = "timeline.md"
    per_page: ClassVar[int] = LIST_PAGE

    @property
    def list_weight(self) -> int:
        # the entry (its heading, dates, a mark on the strip), its citations, actors
        # and the events it is told differently from, and its text
        return (
            5
            + len(self.citations)
            + 2 * len(self.actors)
            + 2 * len(self.differences)
            + text_units(self.title, self.summary, cited_text(self.citations))
        )

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

    @property
    def reported_by(self) -> list[Source]:
        """One source per outlet reporting this event (see :func:`reporting_sources`)."""
        return reporting_sources(self.citations)

    @property
    def differences(self) -> list[Event]:
        """Every event told differently from this one, whichever of the two says so."""
        return list(dict.fromkeys([*self.differs_from, *self.differed_by]))


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
    title: str = ""
    statement: str
    claimant: Actor
    speakers: list[Actor] = field(default_factory=list)
    made_on: When | None = None
    status: str
    topics: list[str] = field(default_factory=list)
    figure: Figure | None = None
    supports: list[Claim] = field(default_factory=list)
    contradicts: list[Claim] = field(default_factory=list)
    supported_by: list[Claim] = field(default_factory=list)
    contradicted_by: list[Claim] = field(default_factory=list)
    differs_from: list[Claim] = field(default_factory=list)
    differed_by: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    home: ClassVar[str] = "claims.md"
    per_page: ClassVar[int] = LIST_PAGE
    #: small topics share a page (a topic heavier than a page splits by year)
    pack: ClassVar[frozenset[int]] = frozenset({0})

    @property
    def list_weight(self) -> int:
        """The claim (its heading, its line of filter data, its structured data), each
        citation, each contradiction and difference (a row of the page's table and a
        link), each support and speaker (a link), its figure's line, and its text."""
        supports = len(self.supports) + len(self.supported_by)
        return (
            5
            + 2 * len(self.citations)
            + 4 * len(self.disputes)
            + 3 * len(self.differences)
            + supports
            + 2 * len(self.speakers)
            + (3 if self.figure else 0)
            + text_units(self.title, self.statement, cited_text(self.citations))
        )

    def list_key(self) -> tuple[Any, ...]:
        return (self.topic, self.id)

    def groups(self) -> tuple[Group, ...]:
        return (Group(self.topic, slug_label(self.topic), self.topic), year_group(self.when))

    @property
    def heading(self) -> str:
        """The claim's heading: its short title, or the statement cut short."""
        return self.title or clip(self.statement, 80)

    @property
    def short_label(self) -> str:
        if self.title:
            return self.title
        name = self.claimant.name
        return f"{name}, {self.figure.amount()}" if self.figure else f"{name}: {self.status}"

    @property
    def as_of(self) -> When | None:
        """When a figure held: its own as-of date, else when the claim was made."""
        if self.figure and self.figure.as_of:
            return self.figure.as_of
        return self.made_on

    @property
    def topic(self) -> str:
        return self.topics[0] if self.topics else "general"

    @property
    def disputes(self) -> list[Claim]:
        """Every claim this one is at odds with, whichever of the two says so: a
        contradiction is symmetric, written once or on both sides."""
        return list(dict.fromkeys([*self.contradicts, *self.contradicted_by]))

    @property
    def when(self) -> When | None:
        return self.made_on or (self.figure.as_of if self.figure else None)

    @property
    def reported_by(self) -> list[Source]:
        """One source per outlet reporting this claim (see :func:`reporting_sources`)."""
        return reporting_sources(self.citations)

    @property
    def differences(self) -> list[Claim]:
        """Every claim told differently from this one, whichever of the two says so."""
        return list(dict.fromkeys([*self.differs_from, *self.differed_by]))


def contradiction_pairs(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Each pair of contradicting claims that touches ``claims``, once, whether the
    editor wrote the contradiction on one side or on both (it is symmetric), in a
    stable order: the pairs where a claim in ``claims`` contradicts another, then those
    where one is contradicted by a claim shown elsewhere."""
    return relation_pairs(claims, "contradicts", "contradicted_by")


def difference_pairs(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Each pair of claims told differently (``differs_from``) that touches ``claims``,
    once, in the order of :func:`contradiction_pairs`."""
    return relation_pairs(claims, "differs_from", "differed_by")


def relation_pairs(claims: list[Claim], forward: str, back: str) -> list[tuple[Claim, Claim]]:
    """The pairs of a symmetric relation between claims (its list ``forward`` and the
    back-link list ``back``) that touch ``claims``, each once."""
    shown = {id(c) for c in claims}
    seen: set[frozenset[int]] = set()
    pairs: list[tuple[Claim, Claim]] = []
    for claim in sorted(claims, key=lambda c: c.id):
        for other in getattr(claim, forward):
            key = frozenset((id(claim), id(other)))
            if key not in seen:
                seen.add(key)
                pairs.append((claim, other))
    elsewhere: list[tuple[Claim, Claim]] = []
    for claim in claims:
        for other in getattr(claim, back):
            key = frozenset((id(claim), id(other)))
            if id(other) not in shown and key not in seen:
                seen.add(key)
                elsewhere.append((other, claim))
    return pairs + sorted(elsewhere, key=lambda p: (p[0].id, p[1].id))


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
    differs_from: list[Quote] = field(default_factory=list)
    differed_by: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    home: ClassVar[str] = "quotes.md"
    per_page: ClassVar[int] = LIST_PAGE

    @property
    def list_weight(self) -> int:
        # the quote (and its share of its speaker's heading), each citation (a line and
        # its source in the structured data), each quote it is told differently from,
        # and its text
        return (
            3
            + 4 * len(self.citations)
            + 5 * len(self.differences)
            + text_units(self.text, self.context, cited_text(self.citations))
        )

    pack: ClassVar[frozenset[int]] = frozenset({1})

    @property
    def short_label(self) -> str:
        return f"{self.speaker.name}, “{clip(self.text, 32)}”"

    @property
    def reported_by(self) -> list[Source]:
        """One source per outlet reporting this quote (see :func:`reporting_sources`)."""
        return reporting_sources(self.citations)

    @property
    def differences(self) -> list[Quote]:
        """Every quote told differently from this one, whichever of the two says so."""
        return list(dict.fromkeys([*self.differs_from, *self.differed_by]))

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
    parties: list[Actor] = field(default_factory=list)
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
    _tag_spellings: dict[str, str] = field(default_factory=dict, repr=False)
    #: kind -> how its list page is laid out (one page, or an index and its parts)
    listings: dict[str, Listing] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Briefing {self.title!r}>"

    @property
    def ordered_quantities(self) -> list[Quantity]:
        """Quantities with estimates, in display order."""
        shown = [q for q in self.quantities.values() if q.estimates]
        return sorted(shown, key=lambda q: q.display_key)

    @property
    def contradictions(self) -> list[tuple[Claim, Claim]]:
        """Each pair of contradicting claims of the briefing once."""
        return contradiction_pairs(list(self.claims.values()))

    def tag(self, name: str) -> str:
        """The spelling every page uses for tag ``name``.

        Tags whose names differ only in case or punctuation (``REUTERS``, ``Reuters``)
        would get one anchor on the tags page twice; they are one tag, spelt as it is
        first met (outlets in source order, then actor kinds).
        """
        if not self._tag_spellings:
            for spelling in [s.outlet for s in self.sources.values()] + [
                a.kind.replace("-", " ") for a in self.actors.values()
            ]:
                self._tag_spellings.setdefault(tag_key(spelling), spelling)
        return self._tag_spellings.get(tag_key(name), name)

    @property
    def headline_quantities(self) -> list[Quantity]:
        """The quantities the at-a-glance box shows, in display order."""
        return [q for q in self.ordered_quantities if q.headline]

    @property
    def main_parties(self) -> list[Actor]:
        """The parties the content names, or else the five actors with most records."""
        if self.parties:
            return self.parties
        busiest = sorted(
            self.actors.values(),
            key=lambda a: (-(len(a.claims) + len(a.quotes) + len(a.events)), a.name.lower()),
        )
        return [a for a in busiest if a.claims or a.quotes or a.events][:5]

    @property
    def latest_events(self) -> list[Event]:
        """Events newest first (by when they end, then start)."""
        return sorted(
            self.events.values(), key=lambda e: (e.when.end, e.when.start, e.id), reverse=True
        )

    def collection(self, key: str) -> dict[str, Record]:
        """The records of one kind by id (``key`` is the kind's top-level key)."""
        table: dict[str, Record] = getattr(self, key)
        return table

    def counts(self) -> dict[str, int]:
        """Records per kind, in the schema's order."""
        from ..schema import COLLECTIONS  # the schema binds kinds to these classes

        return {key: len(self.collection(key)) for key in COLLECTIONS}
