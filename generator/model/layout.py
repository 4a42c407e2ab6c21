"""Which page shows which record: long lists split into pages of bounded size.

A list page (the timeline, the claims, the quotes, the figures, the actors and the
sources indexes) shows every record of its kind while they fit: at most the kind's
``per_page`` records (weighed by :attr:`Record.list_weight`). Past that the list page
becomes an index, and the records go onto pages by their groups (:meth:`Record.groups`:
an event's year, then its month; a claim's first topic, then its year; a quote's
speaker's initial, then the speaker...). A group that still does not fit is split by
its next group, and a group with no finer group left is cut into numbered parts.
Groups marked ``pack`` (speakers) share pages rather than get one each, so a thousand
speakers of one quote each do not make a thousand pages.

Each page's path is the list page's folder and the group keys: ``claims/troop-numbers.md``,
``timeline/2024/10.md``, ``quotes/k/kim-jong-un.md``, ``actors/by-kind/person/k.md``. A
record's :attr:`~Record.page` is the page that shows it, so every link lands there.
Keys come from ids, years and letters; a key of ``index`` is written ``index-`` so it
can never take the list page's own address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .records import Record


class Group(NamedTuple):
    """One level of a record's place in a list: the page key, its label, its order."""

    key: str
    label: str
    sort: Any


@dataclass
class Part:
    """One page of a split list: its path, the groups it holds, its records."""

    path: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    records: list[Record]
    number: int = 0  #: position among the list's pages, from 1
    previous: Part | None = field(default=None, repr=False)
    next: Part | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def label(self) -> str:
        """'Troop numbers · 2024 · part 2'."""
        return " · ".join(self.labels)

    @property
    def sublabel(self) -> str:
        """The label below the first group ('2024 · part 2'), '' for a whole group."""
        return " · ".join(self.labels[1:])


@dataclass
class Listing:
    """How one kind's list is laid out: on its home page, or an index and its parts."""

    home: str
    records: list[Record]
    parts: list[Part] = field(default_factory=list)
    per_page: int = 0

    @property
    def split(self) -> bool:
        """True when the home page is an index of :attr:`parts`."""
        return bool(self.parts)

    def sections(self) -> list[tuple[str, list[Part]]]:
        """The parts grouped by their first group, in order: for the index page."""
        out: list[tuple[str, list[Part]]] = []
        for part in self.parts:
            if not out or out[-1][1][0].keys[:1] != part.keys[:1]:
                out.append((part.labels[0], []))
            out[-1][1].append(part)
        return out


def _safe(key: str) -> str:
    return "index-" if key == "index" else key


def _weight(records: Iterable[Record]) -> int:
    return sum(r.list_weight for r in records)


def split(
    records: Sequence[Record],
    limit: int,
    pack: frozenset[int] = frozenset(),
    depth: int = 0,
    keys: tuple[str, ...] = (),
    labels: tuple[str, ...] = (),
) -> list[tuple[tuple[str, ...], tuple[str, ...], list[Record]]]:
    """``(keys, labels, records)`` of each page, in order, each within ``limit``
    where the groups allow it (one record heavier than the limit gets a page alone)."""
    if _weight(records) <= limit:
        return [(keys, labels, list(records))]
    levels = records[0].groups()
    if depth >= len(levels):
        chunks: list[list[Record]] = [[]]
        filled = 0
        for r in records:
            if chunks[-1] and filled + r.list_weight > limit:
                chunks.append([])
                filled = 0
            chunks[-1].append(r)
            filled += r.list_weight
        if len(chunks) == 1:
            return [(keys, labels, chunks[0])]
        return [
            ((*keys, str(n)), (*labels, f"part {n}"), chunk) for n, chunk in enumerate(chunks, 1)
        ]
    grouped: dict[str, tuple[Group, list[Record]]] = {}
    for r in records:
        g = r.groups()[depth]
        grouped.setdefault(g.key, (g, []))[1].append(r)
    ordered = sorted(grouped.values(), key=lambda item: item[0].sort)
    out: list[tuple[tuple[str, ...], tuple[str, ...], list[Record]]] = []
    if depth not in pack:
        for g, members in ordered:
            out += split(members, limit, pack, depth + 1, (*keys, _safe(g.key)), (*labels, g.label))
        return out
    batch: list[tuple[Group, list[Record]]] = []
    filled = 0

    def flush() -> None:
        if batch:
            first, last = batch[0][0], batch[-1][0]
            label = first.label if len(batch) == 1 else f"{first.label} – {last.label}"
            members = [r for _, rs in batch for r in rs]
            out.append(((*keys, _safe(first.key)), (*labels, label), members))
            batch.clear()

    for g, members in ordered:
        weight = _weight(members)
        if weight > limit:
            flush()
            filled = 0
            out += split(members, limit, pack, depth + 1, (*keys, _safe(g.key)), (*labels, g.label))
            continue
        if batch and filled + weight > limit:
            flush()
            filled = 0
        batch.append((g, members))
        filled += weight
    flush()
    return out


def lay_out(
    home: str, records: Sequence[Record], per_page: int, pack: frozenset[int], folder: str
) -> Listing:
    """Place ``records`` (in display order) on ``home`` or on pages in ``folder``, and
    tell each record where it is listed (``listed_on``)."""
    listing = Listing(home=home, records=list(records), per_page=per_page)
    pages = split(records, per_page, pack)
    if len(pages) == 1 and not pages[0][0]:
        for r in records:
            r.listed_on = home
        return listing
    for number, (keys, labels, members) in enumerate(pages, 1):
        part = Part(f"{folder}/{'/'.join(keys)}.md", keys, labels, members, number)
        if listing.parts:
            part.previous = listing.parts[-1]
            listing.parts[-1].next = part
        listing.parts.append(part)
        for r in members:
            r.listed_on = part.path
    return listing
