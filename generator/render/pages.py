"""Which pages exist and what each template is given: the *render* stage.

Every page kind is one entry of :data:`PAGES`: a function that, given the model,
yields ``(path, template, context)`` for each page it makes (one page, or one per
record). Templates are ``generator/templates/*.md.j2``, compiled once
(:mod:`.environment`). To add a page, add a template and an entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Template

from ..dates import MONTHS
from ..model import Actor, Briefing, Claim, Event, Quote, Source
from ..model.records import LIST_PAGE, contradiction_pairs, date_key, difference_pairs
from ..provenance import merge_spans
from .environment import environment
from .markup import _escape

#: One rendered page: path in the docs folder, template, and its context.
PageSpec = tuple[str, str, dict[str, Any]]
PageKind = Callable[[Briefing], Iterator[PageSpec]]


def _overview(b: Briefing) -> Iterator[PageSpec]:
    contested = [q for q in b.ordered_quantities if len(q.claims) > 1]
    headline = b.headline_quantities
    yield (
        "index.md",
        "overview.md.j2",
        {
            "contested": contested[:OVERVIEW_QUANTITIES],
            "contested_total": len(contested),
            "headline": headline[:OVERVIEW_HEADLINES],
            "headline_total": len(headline),
            "estimates_shown": OVERVIEW_ESTIMATES,
        },
    )


#: The overview compares the first few contested quantities; the rest are on Figures.
OVERVIEW_QUANTITIES = 12
#: The at-a-glance box shows the first few headline quantities; the rest are on Figures.
OVERVIEW_HEADLINES = 6
#: The competing-estimates table shows each quantity's latest few estimates.
OVERVIEW_ESTIMATES = 10


def _list_pages(
    b: Briefing, key: str, template: str, context: Callable[[list[Any]], dict[str, Any]]
) -> Iterator[PageSpec]:
    """A kind's list page: all its records, or (split) an index and one page per part.

    Every page gets ``listing`` (the layout) and ``part`` (``None`` on the list page
    itself), and ``context(records)`` for the records it shows.
    """
    listing = b.listings[key]
    shown = [] if listing.split else listing.records
    yield listing.home, template, {"listing": listing, "part": None, **context(shown)}
    for part in listing.parts:
        yield part.path, template, {"listing": listing, "part": part, **context(part.records)}


def _timeline(b: Briefing) -> Iterator[PageSpec]:
    yield from _list_pages(b, "events", "timeline.md.j2", lambda r: {"groups": timeline_groups(r)})


def _claims(b: Briefing) -> Iterator[PageSpec]:
    yield from _list_pages(
        b,
        "claims",
        "claims.md.j2",
        lambda r: {
            "topics": claim_topics(r),
            "disputes": disputes(r),
            "differences": difference_pairs(r),
        },
    )


def _figures(b: Briefing) -> Iterator[PageSpec]:
    yield from _list_pages(b, "quantities", "figures.md.j2", lambda r: {"quantities": r})


def _quotes(b: Briefing) -> Iterator[PageSpec]:
    yield from _list_pages(b, "quotes", "quotes.md.j2", lambda r: {"speakers": quote_speakers(r)})


def _actors(b: Briefing) -> Iterator[PageSpec]:
    yield from _list_pages(b, "actors", "actors.md.j2", lambda r: {"groups": actor_groups(r)})
    for actor in b.actors.values():
        yield actor.page, "actor.md.j2", {"actor": actor}


def _sources(b: Briefing) -> Iterator[PageSpec]:
    yield from _list_pages(b, "sources", "sources.md.j2", lambda r: {"sources": r})
    for source in b.sources.values():
        yield (
            source.page,
            "source.md.j2",
            {"source": source, "paragraphs": source_paragraphs(source)},
        )


def _downloads(b: Briefing) -> Iterator[PageSpec]:
    from .. import export
    from ..export.hooks import OFFLINE_MARK

    files = export.downloads(b)
    yield (
        "downloads.md",
        "downloads.md.j2",
        {
            "files": files,
            "total": sum(d.rows for d in files),
            "size": _size,
            "offline_mark": OFFLINE_MARK,
            "schema_version": export.SCHEMA_VERSION,
        },
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


def _whats_new(b: Briefing) -> Iterator[PageSpec]:
    from ..export.meta import WHATS_NEW, updates

    yield WHATS_NEW, "whats_new.md.j2", {"updates": updates(b)}


def _print(b: Briefing) -> Iterator[PageSpec]:
    from ..export.meta import build_date

    built = build_date(b)
    # A briefing whose lists together outweigh PRINT_PAGE is too long for one page: then
    # the print page holds the summary and points at the list pages, which print on
    # their own.
    weight = sum(r.list_weight for listing in b.listings.values() for r in listing.records)
    lists = [(key.capitalize(), listing.home) for key, listing in b.listings.items()]
    yield (
        "print.md",
        "print.md.j2",
        {
            "whole": weight <= PRINT_PAGE,
            "split": lists,
            "built": f"{built.day} {MONTHS[built.month]} {built.year}",
            "groups": timeline_groups(list(b.events.values())),
            "topics": claim_topics(list(b.claims.values())),
            "speakers": quote_speakers(list(b.quotes.values())),
            "actor_groups": actor_groups(list(b.actors.values())),
        },
    )


#: How much of the lists (by list weight) the print page shows whole: it draws each
#: record more compactly than a list page does (about 90 bytes of HTML a unit), so
#: four list pages' worth is about 300 kB.
PRINT_PAGE = 4 * LIST_PAGE


#: Every page kind, in the order pages are rendered. The one registration of a page.
PAGES: tuple[PageKind, ...] = (
    _overview,
    _timeline,
    _claims,
    _figures,
    _quotes,
    _actors,
    _sources,
    _downloads,
    _whats_new,
    _print,
)


def render_pages(briefing: Briefing) -> dict[str, str]:
    """Every generated page, as ``{path in docs: Markdown text}``, in a stable order."""
    return dict(iter_pages(briefing))


def iter_pages(briefing: Briefing) -> Iterator[tuple[str, str]]:
    """Every generated page as ``(path in docs, Markdown text)``, one at a time, in a
    stable order (the write stage takes them as they come, so they are never all held
    in memory at once)."""
    env = environment()
    templates: dict[str, Template] = {}
    seen: set[str] = set()
    for kind in PAGES:
        for path, name, context in kind(briefing):
            if path in seen:
                raise ValueError(f"two pages would be written to {path}")
            seen.add(path)
            template = templates.get(name)
            if template is None:
                template = templates[name] = env.get_template(name)
            yield path, template.render(page=path, b=briefing, **context)


def source_paragraphs(source: Source) -> list[dict[str, Any]]:
    """The source text as paragraphs, each with its cited spans marked."""
    text = source.text
    if text is None:
        return []
    out = []
    for number, (start, end) in enumerate(text.paragraphs, 1):
        cites = source.cited.get(number, [])
        merged = merge_spans((max(c.start, start), min(c.end, end)) for c in cites)
        pieces, at = [], start
        for s, e in merged:
            pieces.append(_escape(text.text[at:s]))
            pieces.append("<mark>" + _escape(text.text[s:e]) + "</mark>")
            at = e
        pieces.append(_escape(text.text[at:end]))
        records = []
        for c in cites:
            if c.record is not None and c.record not in records:
                records.append(c.record)
        out.append({"number": number, "md": "".join(pieces).strip(), "records": records})
    return out


def timeline_groups(events: list[Event]) -> list[tuple[str, str, list[Event]]]:
    """Events in date order, grouped by month (or by year when only a year is known)."""
    groups: list[tuple[str, str, list[Event]]] = []
    for ev in sorted(events, key=lambda e: (e.when.sort_key, e.id)):
        w = ev.when
        if w.precision in ("day", "month") or (w.precision == "range" and "-" in w.text[:7]):
            key = w.month_key
            label = f"{_month_name(w.start.month)} {w.start.year}"
        else:
            key = f"{w.start.year:04d}"
            label = str(w.start.year)
        if not groups or groups[-1][0] != key:
            groups.append((key, label, []))
        groups[-1][2].append(ev)
    return groups


def _month_name(month: int) -> str:
    return MONTHS[month]


def claim_topics(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims by first topic, topics in order, claims by id within each."""
    topics: dict[str, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.topic, c.id)):
        topics.setdefault(claim.topic, []).append(claim)
    return sorted(topics.items())


def disputes(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Each pair of contradicting claims that touches ``claims``, once, in a stable order
    (see :func:`generator.model.records.contradiction_pairs`)."""
    return contradiction_pairs(claims)


def quote_speakers(quotes: list[Quote]) -> list[tuple[Actor, list[Quote]]]:
    """Quotes by speaker (speakers by name), each speaker's oldest first."""
    speakers: dict[str, tuple[Actor, list[Quote]]] = {}
    for quote in quotes:
        speakers.setdefault(quote.speaker.id, (quote.speaker, []))[1].append(quote)
    out = []
    for actor, said in sorted(speakers.values(), key=lambda s: (s[0].name.lower(), s[0].id)):
        out.append((actor, sorted(said, key=lambda q: (date_key(q.said_on), q.id))))
    return out


def actor_groups(actors: list[Actor]) -> list[tuple[str, list[Actor]]]:
    groups: dict[str, list[Actor]] = {}
    for actor in sorted(actors, key=lambda a: a.name.lower()):
        groups.setdefault(actor.kind, []).append(actor)
    return sorted(groups.items())
