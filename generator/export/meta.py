"""What every take-away shares: the build date, record addresses, the updates in order.

The build date is ``SOURCE_DATE_EPOCH`` when it is set (CI sets it to the commit's
time), else the later of the briefing's as-of date and its latest recorded change, so
two builds of the same content are identical and the footer never claims a build older
than the newest update it lists.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
from dataclasses import dataclass
from typing import Protocol

from ..model import Briefing, Record
from ..model.records import Change


class Link(Protocol):
    """A link maker: (page path in the docs, anchor) -> URL. The default is the hosted
    site's address relative to its root; MkDocs hooks pass one that knows the build."""

    def __call__(self, path: str, anchor: str = "", /) -> str: ...


def default_date(b: Briefing) -> dt.date:
    """The later of the as-of date and the latest change: what a build is dated by default."""
    dates = [b.as_of.start, *(c.date.start for c in b.changes)]
    return max(dates)


def build_date(b: Briefing) -> dt.date:
    """The date this build is dated: ``SOURCE_DATE_EPOCH`` if set, else :func:`default_date`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return default_date(b)


@functools.lru_cache(maxsize=65536)
def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site's root) MkDocs gives the page at ``path``."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/"
    return stem + "/"


def hosted_link(path: str, anchor: str = "") -> str:
    """The address of a page (and an anchor in it) on the hosted site, from its root."""
    return page_url(path) + (f"#{anchor}" if anchor else "")


def record_link(record: Record, link: Link = hosted_link) -> str:
    return link(record.page, record.anchor)


@dataclass(frozen=True)
class Update:
    """One change of the briefing, with its anchor on the What's new page."""

    change: Change
    anchor: str
    #: ("added" | "changed", record), in the order the change lists them
    records: tuple[tuple[str, Record], ...]


#: The What's new page (a generated page) and the feed (written by the MkDocs plugin).
WHATS_NEW = "whats-new.md"
FEED = "feed.xml"


def updates(b: Briefing) -> list[Update]:
    """The briefing's changes, newest first (a later entry of the same date is newer).

    Anchors are ``changes-YYYY-MM-DD``, with ``-2``, ``-3``... for later entries of the
    same date, so an anchor stays put when newer entries are added after it.
    """
    seen: dict[str, int] = {}
    out: list[Update] = []
    for change in b.changes:
        day = change.date.text.replace("/", "-")
        seen[day] = seen.get(day, 0) + 1
        anchor = f"changes-{day}" + (f"-{seen[day]}" if seen[day] > 1 else "")
        records = tuple(("added", r) for r in change.added) + tuple(
            ("changed", r) for r in change.changed
        )
        out.append(Update(change, anchor, records))
    order = {id(u): i for i, u in enumerate(out)}
    return sorted(out, key=lambda u: (u.change.date.sort_key, order[id(u)]), reverse=True)
