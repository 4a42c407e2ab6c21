"""schema.org structured data (JSON-LD) for every page, from the model.

Every page carries the briefing as an ``Article`` (on the overview, in full: its
sources as ``NewsArticle`` citations, up to :data:`OVERVIEW_CITATIONS` of them, its
downloads as a ``Dataset``); other pages are a ``WebPage`` that is part of it, with
the records shown on them: claims as ``Claim`` (author, appearance), quotes as
``Quotation`` (creator), events as ``Event``, actors as ``Person`` or an
``Organization`` type, sources as ``NewsArticle`` (outlet as publisher, date). Records
are linked by ``@id``, the record's address on the site.

:func:`script` writes the block escaped for an HTML ``<script>``: no ``<``, ``>`` or
``&`` is left in it, so no text in any field can end the block or open a comment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..dates import When
from ..model import Actor, Briefing, Citation, Claim, Event, Quote, Record, Source
from .meta import Link, build_date

#: schema.org type for each actor kind (the schema's ACTOR_KINDS); others: Organization.
ACTOR_TYPES = {
    "person": "Person",
    "media": "NewsMediaOrganization",
    "government-body": "GovernmentOrganization",
    "agency": "GovernmentOrganization",
    "military": "GovernmentOrganization",
    "state": "GovernmentOrganization",
    "academic-institution": "EducationalOrganization",
    "think-tank": "ResearchOrganization",
}

#: The overview's Article cites at most this many sources (each source's own page is
#: a NewsArticle too): a briefing of thousands of sources keeps its overview small.
OVERVIEW_CITATIONS = 100

#: schema.org types this module writes (the tests check pages against it).
TYPES = (
    "Article",
    "WebPage",
    "NewsArticle",
    "Person",
    "Organization",
    "Event",
    "Quotation",
    "Claim",
    "Dataset",
    "DataDownload",
)


def _date(w: When | None) -> str | None:
    """A date as ISO 8601 at its own precision (a range: its start)."""
    if w is None:
        return None
    return w.start.isoformat() if w.precision == "range" else w.text


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, "", [], {})}


class _Graph:
    """The nodes of one page's graph, each record once, referred to by ``@id``."""

    def __init__(self, b: Briefing, link: Link):
        self.b = b
        self.link = link
        self.nodes: dict[str, dict[str, Any]] = {}

    def id_of(self, record: Record) -> str:
        """A record's identifier: its anchor, or on a page of its own ``#actor``..."""
        return self.link(record.page, record.anchor or record.record_kind)

    def url_of(self, record: Record) -> str:
        return self.link(record.page, record.anchor)

    def ref(self, record: Record) -> dict[str, str]:
        return {"@id": self.id_of(record)}

    def add(self, node: dict[str, Any]) -> dict[str, str]:
        node = _clean(node)
        if node.get("url") == node["@id"]:
            del node["url"]  # the identifier is the address: say it once
        key = node["@id"]
        if key in self.nodes:
            self.nodes[key].update(node)
        else:
            self.nodes[key] = node
        return {"@id": key}

    # --- records ----------------------------------------------------------------------

    def actor(self, a: Actor, full: bool = False) -> dict[str, str]:
        kind = ACTOR_TYPES.get(a.kind, "Organization")
        node: dict[str, Any] = {
            "@type": kind,
            "@id": self.id_of(a),
            "name": a.name,
            "url": self.url_of(a),
        }
        if full:
            node["alternateName"] = list(a.aliases)
            node["description"] = a.description
            if kind == "Person":
                node["jobTitle"] = a.role
                if a.affiliation:
                    node["affiliation"] = self.actor(a.affiliation)
                if a.country:
                    node["nationality"] = {"@type": "Country", "name": a.country}
            else:
                if a.affiliation:
                    node["parentOrganization"] = self.actor(a.affiliation)
                if a.country:
                    node["location"] = {"@type": "Country", "name": a.country}
        return self.add(node)

    def source(self, s: Source) -> dict[str, str]:
        page = self.url_of(s)
        return self.add(
            {
                "@type": "NewsArticle",
                "@id": self.id_of(s),
                "headline": s.title,
                "datePublished": _date(s.published),
                "publisher": {"@type": "NewsMediaOrganization", "name": s.outlet},
                "url": s.url or page,
                "archivedAt": page,
                "dateline": s.dateline,
            }
        )

    def sources_of(self, citations: Iterable[Citation]) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for c in citations:
            ref = self.source(c.source)
            if ref not in out:
                out.append(ref)
        return out

    def claim(self, c: Claim) -> dict[str, str]:
        return self.add(
            {
                "@type": "Claim",
                "@id": self.id_of(c),
                "url": self.url_of(c),
                "text": c.statement,
                "author": self.actor(c.claimant),
                "dateCreated": _date(c.made_on),
                "appearance": self.sources_of(c.citations),
                "firstAppearance": self.sources_of(c.citations[:1])[0] if c.citations else None,
            }
        )

    def quote(self, q: Quote) -> dict[str, str]:
        return self.add(
            {
                "@type": "Quotation",
                "@id": self.id_of(q),
                "url": self.url_of(q),
                "text": q.text,
                "creator": self.actor(q.speaker),
                "dateCreated": _date(q.said_on),
                "citation": self.sources_of(q.citations),
            }
        )

    def event(self, e: Event) -> dict[str, str]:
        return self.add(
            {
                "@type": "Event",
                "@id": self.id_of(e),
                "url": self.url_of(e),
                "name": e.title,
                "description": e.summary,
                "startDate": e.date.start.isoformat()
                if e.date.precision == "range"
                else e.date.text,
                "endDate": e.date.end.isoformat() if e.date.precision == "range" else None,
                "location": {"@type": "Place", "name": e.location} if e.location else None,
                "about": [self.actor(a) for a in e.actors],
                "subjectOf": self.sources_of(e.citations),
            }
        )

    def record(self, r: Record, full: bool = True) -> dict[str, str] | None:
        if isinstance(r, Claim):
            return self.claim(r)
        if isinstance(r, Quote):
            return self.quote(r)
        if isinstance(r, Event):
            return self.event(r)
        if isinstance(r, Actor):
            return self.actor(r, full=full)
        if isinstance(r, Source):
            return self.source(r)
        return None

    # --- the briefing -----------------------------------------------------------------

    def briefing(self, full: bool) -> dict[str, str]:
        b = self.b
        node: dict[str, Any] = {
            "@type": "Article",
            "@id": self.link("index.md", "briefing"),
            "url": self.link("index.md", ""),
            "headline": b.title,
            "alternativeHeadline": b.subtitle,
            "description": b.description or b.subtitle,
            "dateModified": build_date(b).isoformat(),
            "temporalCoverage": _date(b.as_of),
            "license": b.license_url or b.license,
            "inLanguage": "en",
        }
        if full:
            node["abstract"] = b.bottom_line
            sources = list(b.sources.values())[:OVERVIEW_CITATIONS]
            node["citation"] = [self.source(s) for s in sources]
        return self.add(node)

    def dataset(self, downloads: list[tuple[str, str, str]]) -> dict[str, str]:
        """``downloads``: (URL, name, media type) of each file."""
        b = self.b
        first = downloads[0][0] if downloads else ""
        return self.add(
            {
                "@type": "Dataset",
                "@id": first + "#dataset",
                "name": f"{b.title}: the data",
                "description": "Every record of the briefing (sources, actors, events, claims, "
                "quotes and figures), each with its citations, as JSON, CSV and SQLite.",
                "license": b.license_url or b.license,
                "dateModified": build_date(b).isoformat(),
                "temporalCoverage": _date(b.as_of),
                "isBasedOn": self.link("index.md", "briefing"),
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "contentUrl": url,
                        "name": name,
                        "encodingFormat": kind,
                    }
                    for url, name, kind in downloads
                ],
            }
        )


def graph(
    b: Briefing,
    page: str,
    title: str,
    link: Link,
    *,
    records: Iterable[Record] = (),
    downloads: list[tuple[str, str, str]] | None = None,
) -> dict[str, Any]:
    """The JSON-LD of one page: ``page`` is its path in the docs (``claims.md``),
    ``records`` what it shows, ``downloads`` the data files if the page offers them."""
    g = _Graph(b, link)
    shown = list(records)
    home = page == "index.md"
    article = g.briefing(full=home)
    if not home:
        g.add(
            {
                "@type": "WebPage",
                "@id": link(page, ""),
                "name": title,
                "isPartOf": article,
            }
        )
    main = []
    for r in shown:
        ref = g.record(r)
        if ref is not None:
            main.append(ref)
    if main and not home:
        target = g.nodes[link(page, "")]
        if len(shown) == 1 and type(shown[0]).own_page:
            target["mainEntity"] = main[0]
        else:
            target["hasPart"] = main
    if downloads:
        data = g.dataset(downloads)
        if home:
            g.nodes[article["@id"]]["subjectOf"] = data
    return {"@context": "https://schema.org", "@graph": list(g.nodes.values())}


def script(data: dict[str, Any]) -> str:
    """``data`` as a ``<script type="application/ld+json">`` block, safe in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return f'<script type="application/ld+json">{text}</script>'
