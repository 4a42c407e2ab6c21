"""What the reader-facing list pages need beyond their records: the order topics and
months are shown in, and the choices the claim filters offer.

Templates call these as globals (see :mod:`.environment`); they work on whatever records
a page shows, so a list split over several pages filters and orders within each page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..dates import MONTHS
from ..model import Briefing, Claim, Event
from ..model.records import claim_order
from ..schema import STATUSES
from .charts import focus_split


def topic_order(b: Briefing, topics: Sequence[tuple[str, list[Claim]]]) -> list[Any]:
    """Topics most relied on first: by how many of their claims the bottom line and the
    key judgments rest on, then by how many claims they hold, then by name; within a
    topic, claims oldest first (undated last), so a figure's rise reads in order."""
    relied: Counter[str] = Counter()
    rests = [*b.bottom_line_rests_on, *(r for j in b.key_judgments for r in j.rests_on)]
    for record in rests:
        if isinstance(record, Claim):
            relied[record.topic] += 1
    ordered = sorted(topics, key=lambda t: (-relied[t[0]], -len(t[1]), t[0]))
    return [(topic, sorted(claims, key=claim_order)) for topic, claims in ordered]


def _people(claim: Claim) -> list[Any]:
    return [claim.claimant, *claim.speakers]


def filter_data(claim: Claim) -> dict[str, str]:
    """The values a claim's heading carries for the filters (space-separated ids)."""
    sources = dict.fromkeys(c.source.id for c in claim.citations)
    return {
        "status": claim.status,
        "who": " ".join(dict.fromkeys(a.id for a in _people(claim))),
        "topic": " ".join(claim.topics or [claim.topic]),
        "source": " ".join(sources),
        "reported": corroboration(claim),
    }


def corroboration(claim: Claim) -> str:
    """``single`` for a claim only one outlet reports, else ``several``."""
    return "single" if len(claim.reported_by) < 2 else "several"


def filter_choices(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """The filters for a page of claims: each a name, a label and its options
    ``(value, text, count)``, listing only what the page's claims hold."""
    claims = list(claims)
    status: Counter[str] = Counter(c.status for c in claims)
    who: Counter[str] = Counter()
    names: dict[str, str] = {}
    topic: Counter[str] = Counter()
    source: Counter[str] = Counter()
    outlets: dict[str, str] = {}
    reported: Counter[str] = Counter(corroboration(c) for c in claims)
    for c in claims:
        for a in dict.fromkeys(_people(c)):
            who[a.id] += 1
            names[a.id] = a.name
        for t in c.topics or [c.topic]:
            topic[t] += 1
        for s in {cite.source.id: cite.source for cite in c.citations}.values():
            source[s.id] += 1
            outlets[s.id] = f"{s.outlet}, {s.published.label()}"
    return [
        {
            "name": "status",
            "label": "Status",
            "options": [(s, s, status[s]) for s in STATUSES if status[s]],
        },
        {
            "name": "who",
            "label": "Claimant or speaker",
            "options": sorted(
                ((a, names[a], n) for a, n in who.items()), key=lambda o: (-o[2], o[1].lower())
            ),
        },
        {
            "name": "topic",
            "label": "Topic",
            "options": sorted(
                ((t, t.replace("-", " "), n) for t, n in topic.items()), key=lambda o: o[1]
            ),
        },
        {
            "name": "source",
            "label": "Source",
            "options": sorted(((s, outlets[s], n) for s, n in source.items()), key=lambda o: o[1]),
        },
        {
            "name": "reported",
            "label": "Reported by",
            "options": [
                (value, text, reported[value])
                for value, text in (("single", "one source only"), ("several", "two or more"))
                if reported[value]
            ],
        },
    ]


def timeline_order(
    groups: Sequence[tuple[str, str, list[Event]]], events: Sequence[Event]
) -> tuple[list[tuple[str, str, list[Event]]], list[tuple[str, str, list[Event]]], str]:
    """(latest, background, since): the story's months newest first (and their events
    newest first), then the background (events over before the story's weeks), oldest
    first, and the day the story's weeks begin ('21 October 2024')."""
    split = focus_split(list(events))
    early = {id(e) for e in split.background} if split else set()
    since = f"{split.start.day} {MONTHS[split.start.month]} {split.start.year}" if split else ""
    latest, background = [], []
    for key, label, evs in groups:
        recent = [e for e in evs if id(e) not in early]
        old = [e for e in evs if id(e) in early]
        if recent:
            ordered = sorted(recent, key=lambda e: (e.when.end, e.when.start, e.id), reverse=True)
            latest.append((key, label, ordered))
        if old:
            background.append((key, label, old))
    latest.reverse()
    return latest, background, since
