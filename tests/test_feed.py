"""The Atom feed and the What's new page.

The feed is checked against RFC 4287's rules for what a feed and an entry must hold
(ids that are absolute IRIs, RFC 3339 dates, an author, one alternate link of a type),
lists the newest records first, and every entry's link lands on an existing anchor of
the built site. A mini briefing with updates on two dates (two on one day) and a site
address gets absolute links, newest first, and What's new shows the same order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from conftest import FIXTURES, make_project, run_main

from generator.export.meta import updates

pytestmark = pytest.mark.slow

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")


def one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{parent.tag} must have exactly one {tag}, has {len(found)}"
    return found[0]


def check_atom(data: bytes) -> ET.Element:
    """RFC 4287's structural rules (section 4.1); returns the feed element."""
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    feed = ET.fromstring(data)
    assert feed.tag == A + "feed"
    for tag in ("id", "title", "updated"):
        assert (one(feed, tag).text or "").strip(), tag
    assert IRI.match(one(feed, "id").text or "")
    assert RFC3339.match(one(feed, "updated").text or "")
    feed_author = feed.findall(A + "author")
    for author in feed_author:
        assert (one(author, "name").text or "").strip()
    links = feed.findall(A + "link")
    assert [x.get("rel") for x in links].count("self") == 1
    alternates = [(x.get("type"), x.get("hreflang")) for x in links if x.get("rel") == "alternate"]
    assert len(alternates) == len(set(alternates))
    ids = []
    for entry in feed.findall(A + "entry"):
        for tag in ("id", "title", "updated"):
            assert (one(entry, tag).text or "").strip(), tag
        assert IRI.match(one(entry, "id").text or "")
        assert RFC3339.match(one(entry, "updated").text or "")
        assert feed_author or entry.findall(A + "author"), "an entry without an author"
        alternate = [x for x in entry.findall(A + "link") if x.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href")
        if not entry.findall(A + "content"):
            assert entry.findall(A + "summary")
        for content in entry.findall(A + "content"):
            assert content.get("type") in ("text", "html", "xhtml")
        ids.append(one(entry, "id").text)
    assert len(ids) == len(set(ids)), "entry ids repeat"
    return feed


def entries(feed: ET.Element) -> list[tuple[str, str, str]]:
    """(updated, title, link) of every entry, in feed order."""
    out = []
    for entry in feed.findall(A + "entry"):
        link = next(x for x in entry.findall(A + "link") if x.get("rel") == "alternate")
        out.append(
            (
                one(entry, "updated").text or "",
                one(entry, "title").text or "",
                link.get("href") or "",
            )
        )
    return out


def lands(site: Path, href: str) -> bool:
    """Whether a site-relative link names a built page holding its anchor."""
    parts = urlsplit(href)
    path = site / parts.path
    if path.is_dir() or not parts.path:
        path = path / "index.html"
    if not path.is_file():
        return False
    return not parts.fragment or f'id="{parts.fragment}"' in path.read_text(encoding="utf-8")


def test_the_real_feed_is_valid_atom_listing_the_newest_records(
    real_site: Path, real_briefing: Any
) -> None:
    feed = check_atom((real_site / "feed.xml").read_bytes())
    listed = entries(feed)
    if not real_briefing.changes:  # a briefing that records no changes yet: none listed
        assert listed == []
        return
    assert listed
    stamps = [u for u, _, _ in listed]
    assert stamps == sorted(stamps, reverse=True)
    newest = updates(real_briefing)[0]
    assert [t for _, t, _ in listed[: len(newest.records)]] == [
        f"{verb.capitalize()} {r.record_kind}: {r.short_label}" for verb, r in newest.records
    ]
    for _, title, href in listed:
        assert lands(real_site, href), (title, href)
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in html and 'href="feed.xml"' in html


CHANGES = """  changes:
    - date: 2024-11-01
      summary: First edition.
    - date: 2024-11-03
      summary: Added the ministry's figure.
      added: [claim:ministry-3000]
    - date: 2024-11-03
      summary: Corrected the arrival event and the minister's quote.
      changed: [event:troops-arrive, quote:minister-stand-by]
"""


@pytest.fixture(scope="module")
def updated_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("feed") / "mini",
        FIXTURES / "mini" / "content",
        FIXTURES / "mini" / "seeds",
    )
    briefing = root / "content/briefing.yml"
    briefing.write_text(briefing.read_text(encoding="utf-8") + CHANGES, encoding="utf-8")
    result = run_main(root, "build", env={"SITE_URL": "https://example.org/brief/"})
    assert result.code == 0, result.err
    return root


def test_updates_are_newest_first_with_absolute_links(updated_mini: Path) -> None:
    site = updated_mini / "site"
    feed = check_atom((site / "feed.xml").read_bytes())
    base = "https://example.org/brief/"
    self_link = next(x for x in feed.findall(A + "link") if x.get("rel") == "self")
    assert self_link.get("href") == base + "feed.xml"
    assert one(feed, "updated").text == "2024-11-03T00:00:00Z"
    listed = entries(feed)
    # The later entry of the same day first, then the earlier one, then the first edition.
    assert [(u[:10], t.split(":")[0]) for u, t, _ in listed] == [
        ("2024-11-03", "Changed event"),
        ("2024-11-03", "Changed quote"),
        ("2024-11-03", "Added claim"),
        ("2024-11-01", "First edition."),
    ]
    for _, _, href in listed:
        assert href.startswith(base)
        assert lands(site, href[len(base) :]), href
    page = (site / "whats-new/index.html").read_text(encoding="utf-8")
    order = [
        page.index(f'id="{a}"')
        for a in ("changes-2024-11-03-2", "changes-2024-11-03", "changes-2024-11-01")
    ]
    assert order == sorted(order)
    assert 'href="../claims/#claim-ministry-3000"' in page
    # The footer dates the build by the newest update (no SOURCE_DATE_EPOCH given).
    assert 'built <time datetime="2024-11-03">3 November 2024</time>' in page
