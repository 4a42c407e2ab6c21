"""What a built site must hold, worked out from the briefing's own model.

Tests that read a built site (the real content's or a fixture's) take their expectations
from here instead of from numbers or names of one briefing, so they pass on any content.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.model import Briefing, build_model
from generator.pipeline import check
from generator.project import Project
from generator.schema.walk import cited_kinds

#: Pages every briefing has, whatever its content (HTML paths relative to the site root).
FIXED_PAGES = (
    "index.html",
    "timeline/index.html",
    "claims/index.html",
    "figures/index.html",
    "quotes/index.html",
    "actors/index.html",
    "sources/index.html",
    "tags/index.html",
    "about/index.html",
    "downloads/index.html",
    "whats-new/index.html",
    "print/index.html",
    "editing/index.html",
    "404.html",
)


def model_of(root: Path) -> Briefing:
    """The model of a project's content, as the generator builds it."""
    return build_model(check(Project.at(root)))


def html_path(page: str) -> str:
    """The built HTML file of a generated Markdown page: 'actors/x.md' -> 'actors/x/index.html'."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def expected_pages(b: Any) -> set[str]:
    """Every HTML page the site must have: the fixed ones, one per actor and source, and
    one per part of each list that is split into pages (a large briefing's)."""
    records = [*b.actors.values(), *b.sources.values()]
    parts = [p.path for listing in b.listings.values() for p in listing.parts]
    return set(FIXED_PAGES) | {html_path(r.page) for r in records} | {html_path(p) for p in parts}


def record_anchors(b: Any) -> dict[str, set[str]]:
    """HTML page -> the ids that must be on it: one per event, claim, quote and quantity,
    and on each source page the paragraphs its records cite."""
    out: dict[str, set[str]] = {}
    for kind in cited_kinds():
        for r in getattr(b, kind).values():
            out.setdefault(html_path(r.page), set()).add(r.anchor)
            for c in r.citations:
                out.setdefault(html_path(c.source.page), set()).add(c.anchor)
    for q in b.ordered_quantities:
        out.setdefault(html_path(q.page), set()).add(q.anchor)
    return out


def citation_count(b: Any) -> int:
    return sum(len(r.citations) for k in cited_kinds() for r in getattr(b, k).values())


class Outline(HTMLParser):
    """The ids on a page, how often each occurs, and its <h1> headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data


def outline(file: Path) -> Outline:
    parser = Outline()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser


def site_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
