"""The record kinds: every field of every kind, declared once.

Each kind is a :class:`Struct` of :class:`Field` objects bound to its model class
in :data:`KINDS`, the one registration. Everything else is derived from here:
validation and reference checks (:mod:`generator.schema.walk` finds the references
and dates in any record), the JSON Schema and ``CONTENT.md``
(:mod:`generator.schema.export`), and the typed model the builder fills by name
(:mod:`generator.model.build`). To add a kind, see ``docs/internals.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import records as m
from .types import (
    DATE_PATTERN,
    SEED_PATTERN,
    URL_PATTERN,
    AnyRef,
    Bool,
    DateText,
    DateType,
    Enum,
    Field,
    Id,
    ListOf,
    Number,
    Pattern,
    Ref,
    Struct,
    Text,
)

# --- shared value shapes ------------------------------------------------------------

#: The fewest words an excerpt may have (unless it is its whole paragraph): enough to
#: show what a record rests on, and to pin one place in the source. A quote's own text
#: may be shorter ("fair game"): it is checked as a quotation instead.
MIN_EXCERPT_WORDS = 8

PRECISIONS = ("day", "month", "year", "range")

DATE_TEXT = DateText(
    max_length=100,  # the pattern allows 21; longer text gets the "not a date" message
    pattern=DATE_PATTERN,
    explain="a date (YYYY-MM-DD, YYYY-MM, YYYY, or a range start/end)",
    fix="write e.g. 2024-10-29, 2024-10, 2024 or 2024-10-28/2024-10-30",
)

DATE = DateType(
    short=DATE_TEXT,
    full=Struct(
        name="date",
        doc="A date with its precision, and whether the source states it or we infer it.",
        fields=(
            Field(
                "value", DATE_TEXT, True, "YYYY-MM-DD, YYYY-MM, YYYY, or start/end", "2024-10-28"
            ),
            Field("precision", Enum(values=PRECISIONS), False, "defaults from the value", "day"),
            Field(
                "approximate",
                Bool(),
                False,
                "true when the source says 'about', 'early'...",
                False,
            ),
            Field("inferred", Bool(), False, "true when the source does not state the date", True),
            Field(
                "basis",
                Text(),
                False,
                "how an inferred date was worked out (required then)",
                "'on Monday' in an article dated 2024-10-29",
            ),
        ),
    ),
)

CITATION = Struct(
    name="citation",
    model=m.Citation,
    doc=(
        "Where a statement comes from: a source and a passage copied verbatim from it. "
        "The passage lies within one paragraph of the source, has at least "
        f"{MIN_EXCERPT_WORDS} words (or is the whole paragraph) and occurs once in the "
        "source, or `occurrence` says which is meant. A claim's figure must be stated in "
        "one of its excerpts."
    ),
    fields=(
        Field("source", Ref(kind="sources"), True, "id of the source", "reuters-2024-10-30"),
        Field(
            "excerpt",
            Text(max_length=2000),
            False,
            f"verbatim passage of the source text, within one paragraph: at least "
            f"{MIN_EXCERPT_WORDS} words (or the whole paragraph)",
            "The ministry said on Monday that 3,000 troops had arrived.",
        ),
        Field(
            "occurrence",
            Number(integer=True, minimum=1),
            False,
            "which occurrence of the excerpt is meant, when the source has it more than "
            "once (1 is the first)",
            2,
        ),
    ),
)
CITATIONS = ListOf(item=CITATION, min_items=1)
CITATIONS_EXAMPLE = [
    {
        "source": "reuters-2024-10-30",
        "excerpt": "The ministry said on Monday that 3,000 troops had arrived.",
    }
]

QUALIFIERS = ("exactly", "about", "up-to", "at-least", "more-than", "less-than", "nearly")

FIGURE = Struct(
    name="figure",
    model=m.Figure,
    doc="A number the claim asserts, structured so estimates of one quantity compare.",
    fields=(
        Field(
            "quantity",
            Ref(kind="quantities", back="estimates"),
            True,
            "id of the quantity this estimates; estimates of one quantity are compared",
            "troops-deployed",
        ),
        Field(
            "value",
            Number(),
            False,
            "the number (or give low and high); it must appear in one of the claim's "
            "excerpts, in any ordinary form (10,000, 10 000, 10k, ten thousand)",
            10000,
        ),
        Field("low", Number(), False, "lower end of a range", 11000),
        Field("high", Number(), False, "upper end of a range", 12000),
        Field(
            "qualifier", Enum(values=QUALIFIERS), False, "how the source hedges the value", "about"
        ),
        Field(
            "unit",
            Text(max_length=60),
            False,
            "defaults to the quantity's unit; if given, it must be the same",
            "troops",
        ),
        Field(
            "counts",
            Text(max_length=300),
            True,
            "what exactly is counted, and where",
            "troops in the region in total",
        ),
        Field("as_of", DATE, False, "when the figure held", "2024-10-28"),
    ),
)

STATUSES = ("confirmed", "reported", "assessed", "unverified", "disputed", "denied", "forecast")

#: What each status and date mark means, in a few words: the legends and tooltips say so
#: wherever a mark appears (badges, legends).
STATUS_MEANINGS = {
    "confirmed": "confirmed by a party in a position to know",
    "reported": "in the sources, not confirmed",
    "assessed": "an estimate or judgement (intelligence, official, expert)",
    "unverified": "given by the sources as unconfirmed",
    "disputed": "disputed by another party",
    "denied": "a denial by the party it concerns",
    "forecast": "a prediction",
}
DATE_MARKS = {
    "inferred": "date worked out from the text, not printed in it",
    "day": "date known to the day",
    "month": "date known only to the month",
    "year": "date known only to the year",
    "range": "some time between the two dates",
    "approximate": "the source hedges the date ('about', 'early')",
    "undated": "the source gives no date",
}

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

# --- the record kinds ---------------------------------------------------------------

SOURCE = Struct(
    name="source",
    model=m.Source,
    doc="One archived article.",
    fields=(
        Field("id", Id(), True, "stable id", "reuters-2024-10-30"),
        Field(
            "outlet",
            Text(max_length=200),
            True,
            "publisher, judged from the text's evidence",
            "Reuters",
        ),
        Field(
            "outlet_basis",
            Text(),
            False,
            "the evidence for the outlet",
            "'(Reuters)' in the dateline",
        ),
        Field(
            "headline",
            Text(max_length=300),
            False,
            "headline, where the text has one",
            "Bridge closed after ship strike",
        ),
        Field("published", DATE, True, "publication date", "2024-10-30"),
        Field("dateline", Text(max_length=200), False, "place line, e.g. LONDON/PARIS", "PARIS"),
        Field("byline", Text(max_length=200), False, "agency or author", "By Jane Doe"),
        Field(
            "url",
            Pattern(pattern=URL_PATTERN, explain="an http(s) URL", fix="write https://…"),
            False,
            "original address",
            "https://example.com/article",
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
            "000_ff3790364edfebf4.txt",
        ),
    ),
)

ACTOR = Struct(
    name="actor",
    model=m.Actor,
    doc="A person, state, body or organisation that acts or speaks in the sources.",
    fields=(
        Field("id", Id(), True, "stable id", "defence-ministry"),
        Field(
            "name",
            Text(max_length=200),
            True,
            "name as most sources give it",
            "Ministry of Defence",
        ),
        Field("kind", Enum(values=ACTOR_KINDS), True, "what sort of actor", "government-body"),
        Field(
            "role",
            Text(max_length=300),
            False,
            "role or title, as the text gives it",
            "defence minister",
        ),
        Field(
            "affiliation",
            Ref(kind="actors", back="members"),
            False,
            "id of the actor this one belongs to",
            "government",
        ),
        Field("country", Text(max_length=100), False, "country", "France"),
        Field(
            "aliases",
            ListOf(item=Text(max_length=200), unique=True),
            False,
            "every other spelling the sources use",
            ["the ministry", "MoD"],
        ),
        Field(
            "named_as",
            ListOf(item=Text(max_length=200), unique=True),
            False,
            "for an unnamed speaker: the words the sources use for it where its quotes "
            "are attributed (not a name, so not shown as one)",
            ["the diplomat", "one diplomat who spoke on condition of anonymity"],
        ),
        Field(
            "description",
            Text(max_length=500),
            True,
            "one line saying who this is",
            "The government department responsible for the armed forces.",
        ),
    ),
)

QUANTITY = Struct(
    name="quantity",
    model=m.Quantity,
    doc="Something the sources put a number on; every figure estimating it is compared.",
    fields=(
        Field("id", Id(), True, "stable id, used by figures' quantity:", "troops-deployed"),
        Field(
            "label",
            Text(max_length=80),
            True,
            "a short name for headings, tables and search (a few words)",
            "Troops deployed",
        ),
        Field(
            "description",
            Text(max_length=500),
            False,
            "what exactly is counted, in a sentence",
            "Soldiers sent to the region in total, by any estimate.",
        ),
        Field("unit", Text(max_length=60), True, "what one unit is", "troops"),
        Field(
            "order",
            Number(integer=True, minimum=1),
            False,
            "display order: 1 comes first; quantities without one follow, most estimated first",
            1,
        ),
        Field(
            "headline",
            Bool(),
            False,
            "true for the figures the overview's at-a-glance box shows (the first one with "
            "two or more estimates also gets its chart there)",
            True,
        ),
    ),
)


def differs_from(kind: str, example: list[str]) -> Field:
    """The relation between two records of one kind that tell the same thing
    differently (two outlets' wording, date, place or speaker), or that may be one
    thing told two ways. It is symmetric: written on one side, shown on both."""
    return Field(
        "differs_from",
        ListOf(item=Ref(kind=kind, back="differed_by"), unique=True),
        False,
        f"ids of {kind} that tell the same thing differently (another outlet's wording, "
        f"date, place or speaker), or may be the same thing told two ways; shown on both",
        example,
    )


EVENT = Struct(
    name="event",
    model=m.Event,
    doc="Something that happened, placed in time.",
    fields=(
        Field("id", Id(), True, "stable id", "bridge-closed"),
        Field("date", DATE, True, "when it happened", "2024-10-28"),
        Field("title", Text(max_length=200), True, "one line", "The bridge is closed to traffic"),
        Field(
            "summary",
            Text(max_length=2000),
            False,
            "what happened, in a few sentences",
            "Police closed the bridge after the collision.",
        ),
        Field(
            "actors",
            ListOf(item=Ref(kind="actors", back="events"), unique=True),
            False,
            "actors involved",
            ["police"],
        ),
        Field("location", Text(max_length=200), False, "where", "harbour district"),
        Field("tags", ListOf(item=Id(), unique=True), False, "topic tags", ["deployment"]),
        differs_from("events", ["bridge-reopened"]),
        Field("citations", CITATIONS, True, "sources and verbatim excerpts", CITATIONS_EXAMPLE),
    ),
)

CLAIM = Struct(
    name="claim",
    model=m.Claim,
    doc="An assertion someone makes, with its status and, if numeric, its figure.",
    fields=(
        Field("id", Id(), True, "stable id", "ministry-3000-arrived"),
        Field(
            "title",
            Text(max_length=90),
            False,
            "a short heading, a few words (the statement follows it); "
            "without one the heading is the statement, shortened",
            "3,000 troops have arrived",
        ),
        Field(
            "statement",
            Text(max_length=1000),
            True,
            "what is claimed, in our words",
            "About 3,000 troops have arrived.",
        ),
        Field(
            "claimant",
            Ref(kind="actors", back="claims"),
            True,
            "id of the actor making the claim",
            "defence-ministry",
        ),
        Field(
            "speakers",
            ListOf(item=Ref(kind="actors", back="spoken_claims"), unique=True),
            False,
            "the people the source names as saying it, when the claimant is a body they "
            "speak for; the claim is shown on their pages too",
            ["defence-minister"],
        ),
        Field("made_on", DATE, False, "when the claim was made", "2024-10-28"),
        Field("status", Enum(values=STATUSES), True, "how far it is established", "reported"),
        Field(
            "topics",
            ListOf(item=Id(), unique=True),
            False,
            "topic tags, e.g. troop-numbers",
            ["troop-numbers"],
        ),
        Field(
            "figure",
            FIGURE,
            False,
            "the number claimed, if any",
            {
                "quantity": "troops-deployed",
                "value": 10000,
                "qualifier": "about",
                "counts": "troops in the region in total",
            },
        ),
        Field(
            "supports",
            ListOf(item=Ref(kind="claims", back="supported_by"), unique=True),
            False,
            "ids of claims this one supports",
            ["officials-10000"],
        ),
        Field(
            "contradicts",
            ListOf(item=Ref(kind="claims", back="contradicted_by"), unique=True),
            False,
            "ids of claims this one contradicts or denies",
            ["kremlin-denies"],
        ),
        differs_from("claims", ["ministry-3000-arrived"]),
        Field("citations", CITATIONS, True, "sources and verbatim excerpts", CITATIONS_EXAMPLE),
    ),
)

QUOTE = Struct(
    name="quote",
    model=m.Quote,
    doc=(
        "Words someone said, verbatim as the source prints them: inside its quotation "
        "marks (any convention: “…”, \"…\", ‘…’, or '…' where the source prints speech "
        "so), and said by a speaker the source names, by name, alias or `named_as`, in "
        "the quote's paragraph or the one before. A quote's own text may be short "
        '("fair game"); an excerpt given with it is held to the excerpt rules.'
    ),
    fields=(
        Field("id", Id(), True, "stable id", "minister-will-not-stand-by"),
        Field(
            "text",
            Text(max_length=2000),
            True,
            "the words inside the quotation marks, whole or a contiguous part; the "
            "speaker must be named (name, alias or named_as) in its paragraph or the one "
            "before",
            "We will not stand by.",
        ),
        Field(
            "speaker",
            Ref(kind="actors", back="quotes"),
            True,
            "id of the actor who said it",
            "defence-minister",
        ),
        Field("said_on", DATE, False, "when it was said", "2024-10-29"),
        Field(
            "channel",
            Text(max_length=200),
            False,
            "press conference, post on X, interview…",
            "press conference",
        ),
        Field(
            "context",
            Text(max_length=1000),
            False,
            "what it was said about, briefly",
            "Asked about the deployment.",
        ),
        Field("topics", ListOf(item=Id(), unique=True), False, "topic tags", ["deployment"]),
        differs_from("quotes", ["minister-we-stand-firm"]),
        Field(
            "citations",
            CITATIONS,
            True,
            "sources; the excerpt defaults to the quote text",
            [{"source": "reuters-2024-10-30"}],
        ),
    ),
)

JUDGMENT = Struct(
    name="key judgment",
    model=m.Judgment,
    fields=(
        Field("id", Id(), True, "stable id", "estimates-diverge"),
        Field(
            "text",
            Text(max_length=1000),
            True,
            "the judgment",
            "Estimates of the deployment diverge.",
        ),
        Field(
            "rests_on",
            ListOf(item=AnyRef(), min_items=1, unique=True),
            True,
            "records it rests on, as kind:id",
            ["claim:ministry-3000-arrived"],
        ),
    ),
)

CHANGE = Struct(
    name="change",
    model=m.Change,
    doc="One update of the briefing, for readers' What's new page and feed.",
    fields=(
        Field(
            "date", DATE, True, "when the update was made (not a date in the story)", "2024-11-02"
        ),
        Field(
            "summary",
            Text(max_length=1000),
            True,
            "what changed, in a sentence",
            "Added the ministry's new estimate and corrected the bridge's reopening date.",
        ),
        Field(
            "added",
            ListOf(item=AnyRef(), unique=True),
            False,
            "records this update added, as kind:id",
            ["claim:ministry-5000-arrived"],
        ),
        Field(
            "changed",
            ListOf(item=AnyRef(), unique=True),
            False,
            "records this update changed, as kind:id",
            ["event:bridge-reopened"],
        ),
    ),
)

BRIEFING = Struct(
    name="briefing",
    model=m.Briefing,
    doc="The briefing itself: title, bottom line and key judgments.",
    fields=(
        Field("title", Text(max_length=200), True, "site title", "Troops in the region"),
        Field(
            "subtitle",
            Text(max_length=300),
            False,
            "one line under the title",
            "What four reports of October 2024 say",
        ),
        Field(
            "description",
            Text(max_length=300),
            False,
            "meta description for search engines",
            "Who says how many troops are where, and who disputes it.",
        ),
        Field("as_of", DATE, True, "the date the briefing is current to", "2024-10-31"),
        Field(
            "bottom_line",
            Text(max_length=2000),
            True,
            "the bottom line up front",
            "About 10,000 troops have been sent, by the highest estimate.",
        ),
        Field(
            "bottom_line_rests_on",
            ListOf(item=AnyRef(), min_items=1, unique=True),
            True,
            "records the bottom line rests on, as kind:id",
            ["claim:officials-10000"],
        ),
        Field(
            "key_judgments",
            ListOf(item=JUDGMENT, min_items=3, max_items=7),
            True,
            "three to seven",
            [
                {
                    "id": "estimates-diverge",
                    "text": "Estimates of the deployment diverge.",
                    "rests_on": ["claim:ministry-3000-arrived", "claim:officials-10000"],
                },
                {
                    "id": "minister-warns",
                    "text": "The minister warns that the government will not stand by.",
                    "rests_on": ["quote:minister-will-not-stand-by"],
                },
                {
                    "id": "bridge-closed-after-collision",
                    "text": "Police closed the bridge after the collision.",
                    "rests_on": ["event:bridge-closed"],
                },
            ],
        ),
        Field(
            "parties",
            ListOf(item=Ref(kind="actors"), unique=True),
            False,
            "the main parties, for the overview's at-a-glance box (without it: the actors "
            "with the most records)",
            ["defence-ministry"],
        ),
        Field(
            "scope_note",
            Text(max_length=2000),
            False,
            "what the briefing covers and not",
            "Covers four reports of late October.",
        ),
        Field(
            "license",
            Text(max_length=500),
            False,
            "the licence readers may reuse the briefing under (shown in every page's footer)",
            "CC BY 4.0 for the curated summaries; quoted source text remains its publishers'",
        ),
        Field(
            "license_url",
            Pattern(pattern=URL_PATTERN, explain="an http(s) URL", fix="write https://…"),
            False,
            "where the licence's text is",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Field(
            "changes",
            ListOf(item=CHANGE),
            False,
            "the briefing's updates, oldest first: What's new and the Atom feed list them",
            [
                {
                    "date": "2024-11-02",
                    "summary": "Added the ministry's new estimate.",
                    "added": ["claim:ministry-5000-arrived"],
                }
            ],
        ),
    ),
)

SKIP = Struct(
    name="coverage skip",
    doc="A quoted passage the coverage report may leave uncaptured, and why.",
    fields=(
        Field("source", Ref(kind="sources"), True, "id of the source", "reuters-2024-10-30"),
        Field(
            "text",
            Text(max_length=2000),
            True,
            "the quoted passage, as the report prints it",
            "no comment",
        ),
        Field(
            "reason",
            Text(max_length=500),
            True,
            "why no quote record captures it",
            "a phrase the outlet quotes from a document, not a person",
        ),
    ),
)


# --- the registration ---------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of content: its top-level key, its shape and what it becomes."""

    key: str  #: top-level key in content files, e.g. ``claims``
    struct: Struct
    singular: str = ""  #: ``claim``: in messages, anchors (``claim-ID``) and ``kind:id`` refs
    #: a list of records with ids (``False``: the one ``briefing`` mapping)
    collection: bool = True
    #: records of this kind become model records (coverage skips stay raw)
    modelled: bool = True

    def __post_init__(self) -> None:
        if not self.singular:
            object.__setattr__(self, "singular", self.struct.name)
        model = self.struct.model
        if model is not None and issubclass(model, m.Record):
            model.record_kind = self.singular


#: Every kind, in the order pages and counts list them. The one registration.
KINDS: tuple[Kind, ...] = (
    Kind("briefing", BRIEFING, collection=False),
    Kind("sources", SOURCE),
    Kind("actors", ACTOR),
    Kind("quantities", QUANTITY),
    Kind("events", EVENT),
    Kind("claims", CLAIM),
    Kind("quotes", QUOTE),
    Kind("coverage_skips", SKIP, singular="skip", modelled=False),
)

BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}

#: Kinds kept as lists of records with ids, each with its own page or anchor.
COLLECTIONS: dict[str, Struct] = {k.key: k.struct for k in KINDS if k.collection and k.modelled}

#: Every top-level key a content file may hold, and the type of its value.
TOP_LEVEL = {k.key: (k.struct if not k.collection else ListOf(item=k.struct)) for k in KINDS}

#: ``claims`` -> ``claim``: how one record of a kind is named.
SINGULAR: dict[str, str] = {k.key: k.singular for k in KINDS}

#: ``claim`` -> ``claims``: the kind names ``kind:id`` references may use.
REF_PREFIXES: dict[str, str] = {k.singular: k.key for k in KINDS if k.key in COLLECTIONS}
