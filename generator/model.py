"""Typed, cross-linked records: the *model* stage.

Built only from what :mod:`generator.validate` checked, so every reference here
resolves. Back-links (an actor's quotes, a source's records, the claims that
contradict a claim) are filled in once, here, so templates never search.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .dates import When
from .provenance import SourceText, normalize
from .validate import Checked

#: Sorts records without a date after every dated one.
_FAR = dt.date(9999, 12, 31)

#: Where each kind's records live in the site (per-record pages use their own id).
HOME_PAGE = {
    "event": "timeline.md",
    "claim": "claims.md",
    "quote": "quotes.md",
    "judgment": "index.md",
}


@dataclass(eq=False, repr=False)
class Record:
    """What every record has: an id, where it was written, and where it is shown."""

    id: str
    file: str
    line: int

    kind = "record"

    def __repr__(self) -> str:
        # Records are cross-linked in cycles; a field-by-field repr would walk the graph.
        return f"<{type(self).__name__} {self.id!r}>"

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}"

    @property
    def page(self) -> str:
        return HOME_PAGE[self.kind]

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def short_label(self) -> str:
        """A few words naming the record, for compact link lists."""
        return self.id.replace("-", " ")


@dataclass(eq=False, repr=False)
class Source(Record):
    outlet: str = ""
    outlet_basis: str = ""
    headline: str = ""
    published: When | None = None
    dateline: str = ""
    byline: str = ""
    url: str = ""
    seed: str = ""
    text: SourceText | None = None
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Actor] = field(default_factory=list)
    #: paragraph number -> citations that point into it
    cited: dict[int, list[Citation]] = field(default_factory=dict)

    kind = "source"

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
        return self.headline or f"{self.outlet}, {self.published.label() if self.published else ''}"

    @property
    def records(self) -> list[Record]:
        return [*self.events, *self.claims, *self.quotes]


@dataclass(eq=False)
class Citation:
    """A record's pointer into a source: the excerpt and the paragraph it sits in."""

    source: Source
    excerpt: str
    start: int
    end: int
    paragraph: int
    record: Record | None = field(default=None, repr=False)

    @property
    def anchor(self) -> str:
        return f"p-{self.paragraph}"


@dataclass(eq=False, repr=False)
class Actor(Record):
    name: str = ""
    actor_kind: str = ""
    role: str = ""
    affiliation: Actor | None = None
    country: str = ""
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    members: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    kind = "actor"

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


@dataclass(eq=False, repr=False)
class Event(Record):
    when: When | None = None
    title: str = ""
    summary: str = ""
    actors: list[Actor] = field(default_factory=list)
    location: str = ""
    tags: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    kind = "event"

    @property
    def short_label(self) -> str:
        return _clip(self.title, 48)


@dataclass(eq=False, repr=False)
class Figure:
    quantity: str
    unit: str
    counts: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    as_of: When | None = None

    QUALIFIER_TEXT = {
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
            return prefix + _number(self.value)
        if self.low is not None and self.high is not None:
            return prefix + f"{_number(self.low)}–{_number(self.high)}"
        if self.high is not None:
            return prefix + _number(self.high)
        return prefix + _number(self.low or 0)

    def label(self) -> str:
        return f"{self.amount()} {self.unit}"

    @property
    def sort_value(self) -> float:
        for v in (self.value, self.high, self.low):
            if v is not None:
                return v
        return 0.0


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


@dataclass(eq=False, repr=False)
class Claim(Record):
    statement: str = ""
    claimant: Actor | None = None
    made_on: When | None = None
    status: str = ""
    topics: list[str] = field(default_factory=list)
    figure: Figure | None = None
    supports: list[Claim] = field(default_factory=list)
    contradicts: list[Claim] = field(default_factory=list)
    supported_by: list[Claim] = field(default_factory=list)
    contradicted_by: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    kind = "claim"

    @property
    def short_label(self) -> str:
        name = self.claimant.name if self.claimant else ""
        return f"{name}, {self.figure.amount()}" if self.figure else f"{name}: {self.status}"

    @property
    def topic(self) -> str:
        return self.topics[0] if self.topics else "general"

    @property
    def when(self) -> When | None:
        return self.made_on or (self.figure.as_of if self.figure else None)


@dataclass(eq=False, repr=False)
class Quote(Record):
    text: str = ""
    speaker: Actor | None = None
    said_on: When | None = None
    channel: str = ""
    context: str = ""
    topics: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    kind = "quote"

    @property
    def short_label(self) -> str:
        return f"{self.speaker.name if self.speaker else ''}, “{_clip(self.text, 32)}”"


@dataclass(eq=False, repr=False)
class Judgment(Record):
    text: str = ""
    rests_on: list[Record] = field(default_factory=list)

    kind = "judgment"


@dataclass
class Quantity:
    """Every estimate of one quantity, for side-by-side comparison."""

    key: str
    claims: list[Claim]

    @property
    def title(self) -> str:
        text = self.claims[0].figure.counts if self.claims[0].figure else self.key
        return text[:1].upper() + text[1:]

    @property
    def anchor(self) -> str:
        return f"quantity-{self.key}"


@dataclass
class Briefing:
    """The whole briefing, ready for the templates."""

    title: str
    subtitle: str
    description: str
    as_of: When
    bottom_line: str
    bottom_line_rests_on: list[Record]
    key_judgments: list[Judgment]
    scope_note: str
    file: str
    line: int
    sources: dict[str, Source]
    actors: dict[str, Actor]
    events: dict[str, Event]
    claims: dict[str, Claim]
    quotes: dict[str, Quote]
    quantities: list[Quantity]
    files_by_kind: dict[str, list[str]]

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "actors": len(self.actors),
            "events": len(self.events),
            "claims": len(self.claims),
            "quotes": len(self.quotes),
        }


def build_model(checked: Checked) -> Briefing:
    """Turn checked content into the cross-linked :class:`Briefing`."""
    raw = checked.raw
    whens = checked.whens

    def when(kind: str, rid: str, *path: str) -> When | None:
        return whens.get((kind, rid, tuple(path)))

    def line(record: Any) -> int:
        return record.mark("id")[0]

    sources: dict[str, Source] = {}
    for r in raw.records["sources"]:
        d = r.data
        sources[r.id] = Source(
            r.id,
            r.file,
            line(r),
            d["outlet"],
            d.get("outlet_basis", ""),
            d.get("headline", ""),
            when("sources", r.id, "published"),
            d.get("dateline", ""),
            d.get("byline", ""),
            d.get("url", ""),
            d["file"],
            checked.texts.get(r.id),
        )
    actors: dict[str, Actor] = {}
    for r in raw.records["actors"]:
        d = r.data
        actors[r.id] = Actor(
            r.id,
            r.file,
            line(r),
            d["name"],
            d["kind"],
            d.get("role", ""),
            None,
            d.get("country", ""),
            list(d.get("aliases", [])),
            d["description"],
        )
    for r in raw.records["actors"]:
        if "affiliation" in r.data:
            actor, parent = actors[r.id], actors[r.data["affiliation"]]
            actor.affiliation = parent
            parent.members.append(actor)

    def citations(kind: str, r: Any, record: Record) -> list[Citation]:
        out = []
        for i, c in enumerate(r.data.get("citations", [])):
            source = sources[c["source"]]
            start, end = checked.spans[(kind, r.id, i)]
            para = source.text.paragraph_of(start) if source.text else 0
            excerpt = c.get("excerpt") or r.data.get("text", "")
            cite = Citation(source, excerpt, start, end, para, record)
            source.cited.setdefault(para, []).append(cite)
            out.append(cite)
        return out

    events: dict[str, Event] = {}
    for r in raw.records["events"]:
        d = r.data
        ev = Event(
            r.id,
            r.file,
            line(r),
            when("events", r.id, "date"),
            d["title"],
            d.get("summary", ""),
            [actors[a] for a in d.get("actors", [])],
            d.get("location", ""),
            list(d.get("tags", [])),
        )
        ev.citations = citations("events", r, ev)
        events[r.id] = ev
    claims: dict[str, Claim] = {}
    for r in raw.records["claims"]:
        d = r.data
        figure = None
        if "figure" in d:
            f = d["figure"]
            figure = Figure(
                f["quantity"],
                f["unit"],
                f["counts"],
                f.get("value"),
                f.get("low"),
                f.get("high"),
                f.get("qualifier", ""),
                when("claims", r.id, "figure", "as_of"),
            )
        cl = Claim(
            r.id,
            r.file,
            line(r),
            d["statement"],
            actors[d["claimant"]],
            when("claims", r.id, "made_on"),
            d["status"],
            list(d.get("topics", [])),
            figure,
        )
        cl.citations = citations("claims", r, cl)
        claims[r.id] = cl
    for r in raw.records["claims"]:
        cl = claims[r.id]
        cl.supports = [claims[c] for c in r.data.get("supports", [])]
        cl.contradicts = [claims[c] for c in r.data.get("contradicts", [])]
        for other in cl.supports:
            other.supported_by.append(cl)
        for other in cl.contradicts:
            other.contradicted_by.append(cl)
    quotes: dict[str, Quote] = {}
    for r in raw.records["quotes"]:
        d = r.data
        q = Quote(
            r.id,
            r.file,
            line(r),
            d["text"],
            actors[d["speaker"]],
            when("quotes", r.id, "said_on"),
            d.get("channel", ""),
            d.get("context", ""),
            list(d.get("topics", [])),
        )
        q.citations = citations("quotes", r, q)
        quotes[r.id] = q

    _link_back(sources, actors, events, claims, quotes)
    by_ref: dict[str, Record] = {}
    for table in (sources, actors, events, claims, quotes):
        for record in table.values():
            by_ref[record.ref] = record

    b = raw.briefing
    assert b is not None, "validate() reports a missing briefing"
    bd = b.data
    judgments = [
        Judgment(
            j["id"],
            b.file,
            b.mark("key_judgments", i)[0],
            j["text"],
            [by_ref[ref] for ref in j["rests_on"]],
        )
        for i, j in enumerate(bd["key_judgments"])
    ]
    quantities: dict[str, list[Claim]] = {}
    for cl in claims.values():
        if cl.figure:
            quantities.setdefault(cl.figure.quantity, []).append(cl)
    # Most-contested quantities first: they are what a reader comes to compare.
    quantity_list = [
        Quantity(key, sorted(items, key=_claim_order))
        for key, items in sorted(quantities.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    files_by_kind = {kind: sorted({r.file for r in raw.records[kind]}) for kind in raw.records}
    files_by_kind["briefing"] = [b.file]
    return Briefing(
        bd["title"],
        bd.get("subtitle", ""),
        bd.get("description", ""),
        when("briefing", "briefing", "as_of"),
        bd["bottom_line"],
        [by_ref[ref] for ref in bd["bottom_line_rests_on"]],
        judgments,
        bd.get("scope_note", ""),
        b.file,
        b.mark("title")[0],
        sources,
        actors,
        events,
        claims,
        quotes,
        quantity_list,
        files_by_kind,
    )


def _claim_order(claim: Claim) -> tuple:
    when = claim.when
    return (when.sort_key if when else (_FAR, _FAR), claim.id)


def _link_back(sources, actors, events, claims, quotes) -> None:  # noqa: ANN001
    """Fill every back-link list, each in a stable order."""
    for ev in events.values():
        for actor in ev.actors:
            actor.events.append(ev)
        for source in _unique(c.source for c in ev.citations):
            source.events.append(ev)
    for cl in claims.values():
        cl.claimant.claims.append(cl)
        for source in _unique(c.source for c in cl.citations):
            source.claims.append(cl)
    for q in quotes.values():
        q.speaker.quotes.append(q)
        for source in _unique(c.source for c in q.citations):
            source.quotes.append(q)
    for actor in actors.values():
        patterns = [
            re.compile(r"(?<!\w)" + re.escape(normalize(n)) + r"(?!\w)") for n in actor.names
        ]
        for source in sources.values():
            if source.text and any(p.search(source.text.normalized) for p in patterns):
                actor.sources.append(source)
                source.mentions.append(actor)
        actor.quotes.sort(key=lambda q: (q.said_on.sort_key if q.said_on else (_FAR, _FAR), q.id))
        actor.claims.sort(key=_claim_order)
        actor.events.sort(key=lambda e: (e.when.sort_key, e.id))
    for source in sources.values():
        source.events.sort(key=lambda e: (e.when.sort_key, e.id))
        source.claims.sort(key=_claim_order)
        source.mentions.sort(key=lambda a: a.name.lower())


def _unique(items: Any) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
