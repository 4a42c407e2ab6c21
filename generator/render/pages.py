"""Which pages exist and what each template is given: the *render* stage.

Every page kind is one entry of :data:`PAGES`: a function that, given the model,
yields ``(path, template, context)`` for each page it makes (one page, or one per
record). Templates are ``generator/templates/*.md.j2``, compiled once
(:mod:`.environment`). To add a page, add a template and an entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..dates import MONTHS
from ..model import Briefing, Source
from ..provenance import merge_spans
from .environment import environment
from .markup import _escape

#: One rendered page: path in the docs folder, template, and its context.
PageSpec = tuple[str, str, dict[str, Any]]
PageKind = Callable[[Briefing], Iterator[PageSpec]]


def _overview(b: Briefing) -> Iterator[PageSpec]:
    yield "index.md", "overview.md.j2", {}


def _timeline(b: Briefing) -> Iterator[PageSpec]:
    yield "timeline.md", "timeline.md.j2", {"groups": timeline_groups(b)}


def _claims(b: Briefing) -> Iterator[PageSpec]:
    yield "claims.md", "claims.md.j2", {"topics": claim_topics(b), "disputes": disputes(b)}


def _figures(b: Briefing) -> Iterator[PageSpec]:
    yield "figures.md", "figures.md.j2", {}


def _quotes(b: Briefing) -> Iterator[PageSpec]:
    yield "quotes.md", "quotes.md.j2", {"speakers": quote_speakers(b)}


def _actors(b: Briefing) -> Iterator[PageSpec]:
    yield "actors/index.md", "actors.md.j2", {"groups": actor_groups(b)}
    for actor in b.actors.values():
        yield actor.page, "actor.md.j2", {"actor": actor}


def _sources(b: Briefing) -> Iterator[PageSpec]:
    yield "sources/index.md", "sources.md.j2", {}
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
    yield (
        "print.md",
        "print.md.j2",
        {
            "built": f"{built.day} {MONTHS[built.month]} {built.year}",
            "groups": timeline_groups(b),
            "topics": claim_topics(b),
            "speakers": quote_speakers(b),
            "actor_groups": actor_groups(b),
        },
    )


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
    env = environment()
    pages: dict[str, str] = {}
    for kind in PAGES:
        for path, template, context in kind(briefing):
            if path in pages:
                raise ValueError(f"two pages would be written to {path}")
            pages[path] = env.get_template(template).render(page=path, b=briefing, **context)
    return pages


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


def timeline_groups(b: Briefing) -> list[tuple[str, str, list[Any]]]:
    """Events in date order, grouped by month (or by year when only a year is known)."""
    events = sorted(b.events.values(), key=lambda e: (e.when.sort_key, e.id))
    groups: list[tuple[str, str, list[Any]]] = []
    for ev in events:
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


def claim_topics(b: Briefing) -> list[tuple[str, list[Any]]]:
    topics: dict[str, list[Any]] = {}
    for claim in sorted(b.claims.values(), key=lambda c: (c.topic, c.id)):
        topics.setdefault(claim.topic, []).append(claim)
    return sorted(topics.items())


def disputes(b: Briefing) -> list[tuple[Any, Any]]:
    """Each pair of contradicting claims once, in a stable order."""
    pairs = []
    for claim in sorted(b.claims.values(), key=lambda c: c.id):
        for other in claim.contradicts:
            pairs.append((claim, other))
    return pairs


def quote_speakers(b: Briefing) -> list[tuple[Any, list[Any]]]:
    speakers: dict[str, list[Any]] = {}
    for quote in b.quotes.values():
        speakers.setdefault(quote.speaker.id, []).append(quote)
    out = []
    for aid in sorted(speakers, key=lambda a: b.actors[a].name.lower()):
        out.append((b.actors[aid], b.actors[aid].quotes))
    return out


def actor_groups(b: Briefing) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for actor in sorted(b.actors.values(), key=lambda a: a.name.lower()):
        groups.setdefault(actor.kind, []).append(actor)
    return sorted(groups.items())
