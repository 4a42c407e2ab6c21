"""Render the model into Markdown pages: the *render* stage.

One Jinja2 template per page kind (``templates/*.md.j2``). Templates never see raw
editor text unescaped: the ``md`` filter makes text literal in Markdown, ``html``
and ``attr`` escape for HTML content and attributes, and ``url`` builds a relative
link from the page being rendered to any record.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from .dates import MONTHS
from .model import Briefing, Record, Source
from .provenance import merge_spans

TEMPLATES = Path(__file__).parent / "templates"

#: Characters with meaning in Markdown or its extensions, written as entities so a
#: text shows literally whatever it holds (HTML, link syntax, table pipes, Jinja).
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_[]#|{}~^=<>+!$:"}
_MD_SPECIAL["&"] = "&amp;"
_MD_TABLE = str.maketrans(_MD_SPECIAL)
_LEADING_LIST = re.compile(r"^(\d+)([.)])")
_SPACE = re.compile(r"\s+")


def _escape(text: str) -> str:
    return _SPACE.sub(" ", text).translate(_MD_TABLE)


def md(text: Any) -> str:
    """Inline Markdown that displays ``text`` literally, on one line."""
    text = _escape(str(text).strip())
    if text[:1] in "-+>":
        text = f"&#{ord(text[0])};" + text[1:]
    return _LEADING_LIST.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text)


def attr(text: Any) -> str:
    """Escape for a double-quoted HTML attribute that sits inside Markdown.

    Entities keep both the HTML parser and the Markdown parser from seeing syntax.
    """
    return _escape(str(text).strip()).replace('"', "&quot;").replace("'", "&#39;")


def front_matter(**values: Any) -> str:
    """YAML front matter; values are written as JSON, which YAML reads back exactly.

    Material inserts page titles, descriptions and tags into the HTML without
    escaping, so text values are HTML-escaped here.
    """
    lines = ["---", 'hide: ["navigation"]']
    for key, value in values.items():
        if value in (None, "", []):
            continue
        if isinstance(value, str):
            value = html.escape(_SPACE.sub(" ", value).strip(), quote=True)
        elif isinstance(value, list):
            value = [html.escape(v, quote=True) if isinstance(v, str) else v for v in value]
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one Markdown page to another (and an anchor in it)."""
    target = "" if to_page == from_page else _relpath(to_page, posixpath.dirname(from_page))
    return target + (f"#{anchor}" if anchor else "") or "#"


@functools.lru_cache(maxsize=65536)
def _relpath(to_page: str, from_dir: str) -> str:
    # Every page links to many records on a few pages: cache the path arithmetic.
    return posixpath.relpath(to_page, from_dir or ".")


@pass_context
def url(context: Any, target: Record | Any, anchor: str | None = None) -> str:
    """Relative link from the page being rendered to a record (or a citation)."""
    page = context["page"]
    if hasattr(target, "source") and hasattr(target, "paragraph"):  # a citation
        return relative(page, target.source.page, target.anchor)
    return relative(page, target.page, target.anchor if anchor is None else anchor)


def tag_list(tags: Iterable[str]) -> str:
    return ", ".join(md(t) for t in tags)


def environment() -> Environment:
    """The Jinja2 environment shared by every page."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        # "{#id}" is Markdown's heading-anchor syntax, so Jinja comments are {## ... ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(md=md, attr=attr, url=url, tags=tag_list)
    env.globals.update(front_matter=front_matter, relative=relative)
    return env


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


def render_pages(briefing: Briefing) -> dict[str, str]:
    """Every generated page, as ``{path in docs: Markdown text}``, in a stable order."""
    env = environment()
    pages: dict[str, str] = {}

    def render(template: str, page: str, **context: Any) -> None:
        pages[page] = env.get_template(template).render(page=page, b=briefing, **context)

    render("overview.md.j2", "index.md")
    render("timeline.md.j2", "timeline.md", groups=timeline_groups(briefing))
    render("claims.md.j2", "claims.md", topics=claim_topics(briefing), disputes=disputes(briefing))
    render("figures.md.j2", "figures.md")
    render("quotes.md.j2", "quotes.md", speakers=quote_speakers(briefing))
    render("actors.md.j2", "actors/index.md", groups=actor_groups(briefing))
    for actor in briefing.actors.values():
        render("actor.md.j2", actor.page, actor=actor)
    render("sources.md.j2", "sources/index.md")
    for source in briefing.sources.values():
        render("source.md.j2", source.page, source=source, paragraphs=source_paragraphs(source))
    return pages


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
        groups.setdefault(actor.actor_kind, []).append(actor)
    return sorted(groups.items())
