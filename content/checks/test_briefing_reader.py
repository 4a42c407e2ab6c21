"""This briefing as a reader meets it: named speakers credited, short claim headings, the
headline figures in the at-a-glance box. Checked on the model and the generated Markdown
(no MkDocs build), against the archived text where a fact comes from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.model import build_model
from generator.pipeline import check
from generator.project import Project
from generator.render import render_pages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built() -> tuple[Any, dict[str, str], Any]:
    checked = check(Project.at(ROOT))
    b = build_model(checked)
    return b, render_pages(b), checked


def test_blinken_is_credited_with_the_10000_and_8000_he_announced(built):
    b, pages, checked = built
    blinken = b.actors["antony-blinken"]
    claims = {c.id for c in blinken.credited_claims}
    assert {"us-10000-total-in-russia", "us-8000-near-ukraine-border"} <= claims
    # Both are the United States' claims, voiced by him (the Guardian names him).
    for cid in ("us-10000-total-in-russia", "us-8000-near-ukraine-border"):
        claim = b.claims[cid]
        assert claim.claimant.id == "united-states" and blinken in claim.speakers
    guardian = checked.texts["guardian-8000-at-border"].text
    assert "Antony Blinken said the US believed that North Korea had sent 10,000 troops" in guardian
    assert (
        "About 8,000 North Korean soldiers are stationed in Russia on the border with "
        "Ukraine, the US secretary of state has said" in guardian
    )
    assert "the US secretary of state" in blinken.aliases
    page = pages["actors/antony-blinken.md"]
    section = page[page.index("## Claims") :]
    for cid in ("us-10000-total-in-russia", "us-8000-near-ukraine-border"):
        assert f"#claim-{cid})" in section
    assert section.count("(said for [United States]") >= 2


def test_every_claim_has_a_short_heading(built):
    b, _, _ = built
    long = {c.id: c.title for c in b.claims.values() if not c.title or len(c.title) > 70}
    assert not long


def test_the_glance_box_shows_each_claimants_latest_total(built):
    b, pages, _ = built
    overview = pages["index.md"]
    glance = overview[overview.index("## At a glance") : overview.index("</aside>")]
    for cid, amount in (
        ("us-10000-total-in-russia", "about 10,000"),
        ("seoul-allies-11000-in-russia", "11,000"),
        ("ukraine-up-to-12000-in-russia", "up to 12,000"),
        ("us-8000-near-ukraine-border", "about 8,000"),
    ):
        link = f"[{amount}]({b.claims[cid].page}#claim-{cid})"
        assert link in glance, cid
    assert [q.id for q in b.headline_quantities] == [
        "nk-troops-in-russia-total",
        "nk-troops-near-ukraine-border",
    ]
