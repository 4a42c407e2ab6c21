"""How big this briefing is: floors under its size, so losing records or links shows up.

The generator's tests (tests/) only ask that a site holds what its content calls for;
these say the content still calls for this much. Raise a floor when the briefing grows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model import Briefing, build_model
from generator.pipeline import check
from generator.project import Project
from generator.render import render_pages

ROOT = Path(__file__).resolve().parents[2]

#: A Markdown link to an anchor on a page: ``](claims.md#claim-x`` or ``](#p-3``.
ANCHOR_LINK = re.compile(r"\]\([^)\s]*#[^)\s]+")


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return build_model(check(Project.at(ROOT)))


@pytest.fixture(scope="module")
def pages(briefing: Briefing) -> dict[str, str]:
    return render_pages(briefing)


def test_records_per_kind(briefing: Briefing) -> None:
    counts = briefing.counts()
    assert counts["sources"] >= 5
    assert counts["actors"] >= 70
    assert counts["events"] >= 25
    assert counts["claims"] >= 95
    assert counts["quotes"] >= 50
    assert len(briefing.quantities) >= 15


def test_more_than_20_pages(pages: dict[str, str]) -> None:
    assert len(pages) > 20


def test_more_than_1000_links_to_anchors(pages: dict[str, str]) -> None:
    """The pages cross-link their records heavily (tests/test_links.py follows each)."""
    assert sum(len(ANCHOR_LINK.findall(text)) for text in pages.values()) > 1000


def test_more_than_200_citations(briefing: Briefing) -> None:
    """Each is a "See it in the source" link to a highlighted paragraph."""
    records = [*briefing.events.values(), *briefing.claims.values(), *briefing.quotes.values()]
    assert sum(len(r.citations) for r in records) > 200
