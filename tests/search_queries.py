"""A briefing's reader query set, typed into the built site's search box in Chromium.

The set belongs to the briefing (``content/checks/search_queries.txt``): one query a line,
``category | what the reader types | what is right``, where what is right is a page
(``actors/x/``, its top) or an anchor (``#claim-x``, on whichever page holds it), several
separated by spaces when any will do. This module reads such a file, types each query key
by key, and reads the results in the order the reader sees them. It knows nothing about
any briefing, nor which engine answers: it drives Material's search box, which the
site's own search worker, Pagefind's and Material's own lunr worker fill.

Used by tests/test_search_queries.py (the hit-rate targets) and scripts/search_weight.py
(the same figures for each engine, beside the weights). Waits on the search worker with
browser_fixtures' SEARCH_PROBE, which the page's context must have installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from browser_fixtures import SEARCH_PROBE, wait_for_search

__all__ = ["SEARCH_PROBE", "Query", "Score", "read_queries", "run_queries", "type_query"]

#: Where a briefing keeps its query set, relative to its content folder.
QUERY_FILE = Path("checks") / "search_queries.txt"


@dataclass(frozen=True)
class Query:
    category: str
    text: str
    wants: tuple[str, ...]  # "page/" or "#anchor"
    line: int


@dataclass
class Outcome:
    query: Query
    results: list[str]  # "path#fragment" relative to the site root, best first
    rank: int | None  # 1-based rank of the first right result, None if none is shown

    @property
    def first(self) -> bool:
        return self.rank == 1

    @property
    def top3(self) -> bool:
        return self.rank is not None and self.rank <= 3


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    def rate(self, attr: str) -> float:
        return sum(getattr(o, attr) for o in self.outcomes) / max(1, len(self.outcomes))

    def misses(self, attr: str) -> list[str]:
        return [
            f"line {o.query.line}: {o.query.text!r} ({o.query.category}) wants "
            f"{' '.join(o.query.wants)}; got rank {o.rank}: {o.results[:3]}"
            for o in self.outcomes
            if not getattr(o, attr)
        ]


def read_queries(path: Path) -> list[Query]:
    """The queries in ``path``; a malformed line is an error naming its line."""
    queries = []
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{path}:{number}: want 'category | query | targets', got {raw!r}")
        wants = tuple(parts[2].split())
        bad = [w for w in wants if not (w.startswith("#") or w.endswith("/"))]
        if bad:
            raise ValueError(f"{path}:{number}: a target is 'page/' or '#anchor', not {bad}")
        queries.append(Query(parts[0], parts[1], wants, number))
    return queries


_ID = re.compile(r'\bid="([^"]+)"')


def anchors(site: Path) -> dict[str, str]:
    """Every id in the built site -> the URL path of the page holding it."""
    found: dict[str, str] = {}
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        url = page_path(rel)
        for anchor in _ID.findall(file.read_text("utf-8")):
            found.setdefault(anchor, url)
    return found


def page_path(rel: str) -> str:
    """A page's path as the query set names it ("actors/x/"), from its path in the hosted
    site ("actors/x/index.html") or in the offline edition, whose pages are files
    ("actors/x.html")."""
    path = re.sub(r"(^|/)index\.html$", r"\1", rel)
    return path.removesuffix(".html") + "/" if path.endswith(".html") else path


def resolve(query: Query, ids: dict[str, str]) -> set[str]:
    """The query's targets as "path#fragment" (a page's top has an empty fragment)."""
    out = set()
    for want in query.wants:
        if want.startswith("#"):
            if want[1:] not in ids:
                raise ValueError(f"line {query.line}: no page of the site has the id {want}")
            out.add(f"{ids[want[1:]]}{want}")
        else:
            out.add(f"{want}#")
    return out


def result_links(page: Any, base: str) -> list[str]:
    """The results on screen, best first, as "path#fragment" relative to the site root.

    Each card starts with its page; a page that matched only through a section carries an
    empty ``?h=`` (Material's mark for "not itself a match"), so only links naming matched
    terms count as results.
    """
    hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    root = urlsplit(base).path
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if not parse_qs(parts.query).get("h"):
            continue
        out.append(f"{page_path(unquote(parts.path).removeprefix(root))}#{unquote(parts.fragment)}")
    return out


def type_query(
    page: Any, text: str, *, delay: float = 0, timeout: float = 20_000, at_once: bool = False
) -> None:
    """Clear the search box, type ``text`` key by key (``at_once``: paste it whole, as a
    reader's paste does), wait for the answer to all of it.

    Material reads the box on key-up; a character no key makes (a curly quote) is inserted
    without one, so a last key-up (End) makes sure Material has read the whole text.
    """
    box = page.locator(".md-search__input")
    box.click()
    box.press("Control+A")
    box.press("Delete")
    if at_once:
        box.fill(text)
    else:
        box.press_sequentially(text, delay=delay)
    box.press("End")
    wait_for_search(page, timeout=timeout)


def run_queries(
    page: Any, base: str, queries: Iterable[Query], site: Path, *, at_once: bool = False
) -> Score:
    """Type every query into the search box of ``page`` (already on the site) and score it
    (``at_once``: each pasted whole, see ``type_query``)."""
    ids = anchors(site)
    score = Score()
    for query in queries:
        wanted = resolve(query, ids)
        type_query(page, query.text, at_once=at_once)
        results = result_links(page, base)
        rank = next((i for i, r in enumerate(results, 1) if r in wanted), None)
        score.outcomes.append(Outcome(query, results, rank))
    return score


def by_category(score: Score) -> dict[str, Sequence[Outcome]]:
    groups: dict[str, list[Outcome]] = {}
    for outcome in score.outcomes:
        groups.setdefault(outcome.query.category, []).append(outcome)
    return groups
