"""The Atom feed (RFC 4287) of what changed: one entry per record added or changed.

The dates come from the briefing's ``changes`` (content, not git history), so the
feed is the same however and wherever the site is built. Entries are newest first;
an update that names no record is one entry linking to its place on What's new.
Entry ids are ``urn:uuid:`` names derived from the briefing's title, the update and
the record, so they stay the same from build to build.
"""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

from .. import schema
from ..model import Briefing, Record
from ..schema.types import Text
from .meta import FEED, WHATS_NEW, Link, build_date, hosted_link, updates

ATOM = "http://www.w3.org/2005/Atom"
#: Newest entries kept in the feed (What's new lists every update).
LIMIT = 100


def _stamp(day: object) -> str:
    return f"{day}T00:00:00Z"


def headline(record: Record) -> str:
    """What a record says, in the words of its first required text field (a claim's
    statement, a quote's text, an event's title, an actor's name)."""
    struct = schema.BY_KEY[_kind_key(record)].struct
    for f in struct.fields:
        if f.required and type(f.type) is Text:
            text = getattr(record, f.name, "")
            if isinstance(text, str) and text:
                return " ".join(text.split())
    return record.short_label


def _kind_key(record: Record) -> str:
    return schema.REF_PREFIXES[record.record_kind]


def atom(b: Briefing, link: Link = hosted_link, base: str = "") -> bytes:
    """The feed as UTF-8 XML; ``link`` makes each address, ``base`` (the site's URL, if
    known) makes them absolute."""

    def href(page: str, anchor: str = "") -> str:
        return base + link(page, anchor)

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "briefing:" + b.title)

    def sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text:
            el.text = text
        return el

    all_updates = updates(b)
    newest = all_updates[0].change.date.start if all_updates else build_date(b)
    sub(feed, "id", namespace.urn)
    sub(feed, "title", f"What's new: {b.title}")
    if b.subtitle:
        sub(feed, "subtitle", b.subtitle)
    sub(feed, "updated", _stamp(newest))
    sub(feed, "link", rel="alternate", type="text/html", href=href(WHATS_NEW))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + FEED)
    author = sub(feed, "author")
    sub(author, "name", f"The editors of {b.title}")
    if b.license:
        sub(feed, "rights", b.license)
    sub(feed, "generator", "briefing")

    count = 0
    for update in all_updates:
        change = update.change
        items: list[tuple[str, str, str, str]] = []  # id seed, title, link, content
        for verb, record in update.records:
            items.append(
                (
                    f"{update.anchor}/{verb}/{record.ref}",
                    f"{verb.capitalize()} {record.record_kind}: {record.short_label}",
                    href(record.page, record.anchor),
                    headline(record),
                )
            )
        if not items:
            items.append((update.anchor, change.summary, href(WHATS_NEW, update.anchor), ""))
        for seed, title, target, content in items:
            if count >= LIMIT:
                break
            count += 1
            entry = sub(feed, "entry")
            sub(entry, "id", uuid.uuid5(namespace, seed).urn)
            sub(entry, "title", " ".join(title.split()))
            sub(entry, "updated", _stamp(change.date.start))
            sub(entry, "link", rel="alternate", type="text/html", href=target)
            sub(entry, "summary", " ".join(change.summary.split()))
            if content:
                sub(entry, "content", content, type="text")
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
