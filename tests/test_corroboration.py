"""Corroboration on the built site: every claim, quote and event says how many outlets
report it and which (counted by outlet: two articles of one outlet are one source), the
claims page filters single-source claims, and records told differently are linked both
ways and listed beside the contradictions. Built from the mini fixture plus one file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, run_main

#: A second article of the mini fixture's outlet 'Alpha News', and records that cite
#: two outlets (or one outlet twice) and are told differently.
GAMMA = (
    "The ministry said on Monday that 3,000 troops had arrived in the north.\n\n"
    "“We will not stand by,” the minister said on X on Tuesday.\n"
)
BETA = "Officials in the capital said on Thursday that about 10,000 soldiers were now in the region"
EXTRA = f"""\
sources:
  - id: gamma
    outlet: Alpha News
    published: 2024-10-30
    file: gamma.txt
events:
  - id: arrival-told-twice
    date: 2024-10-28
    title: Arrival told by two outlets
    differs_from: [troops-arrive]
    citations:
      - source: alpha
        excerpt: The ministry said on Monday that 3,000 troops had arrived.
      - source: beta
        excerpt: {BETA}
claims:
  - id: arrival-three-citations
    statement: Troops arrived.
    claimant: ministry
    status: reported
    topics: [troop-numbers]
    differs_from: [officials-10000]
    citations:
      - source: alpha
        excerpt: The ministry said on Monday that 3,000 troops had arrived.
      - source: gamma
        excerpt: The ministry said on Monday that 3,000 troops had arrived in the north.
      - source: beta
        excerpt: {BETA}
quotes:
  - id: stand-by-in-two-articles
    text: We will not stand by,
    speaker: minister
    citations:
      - source: alpha
      - source: gamma
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("corroboration") / "project",
        FIXTURES / "mini" / "content",
        FIXTURES / "mini" / "seeds",
    )
    (root / "seeds" / "gamma.txt").write_text(GAMMA, encoding="utf-8")
    (root / "content" / "extra.yml").write_text(EXTRA, encoding="utf-8")
    result = run_main(root, "build")
    assert result.code == 0, result.err
    return root / "site"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def section(site: Path, page: str, anchor: str) -> str:
    """The HTML of one record on a built page: from its heading to the next heading."""
    html = (site / page).read_text(encoding="utf-8")
    start = html.index(f'id="{anchor}"')
    end = re.compile(r"<h[1-3][ >]").search(html, start)
    return html[start : end.start() if end else len(html)]


def reported(html: str) -> list[str]:
    return [_text(p) for p in re.findall(r'<p class="reported[^"]*">.*?</p>', html, re.S)]


@pytest.mark.parametrize(
    ("page", "anchor", "line"),
    [
        (
            "claims/index.html",
            "claim-arrival-three-citations",
            "Reported by 2 sources: Alpha News, Beta Wire",
        ),
        ("claims/index.html", "claim-ministry-3000", "Reported by 1 source: Alpha News"),
        ("claims/index.html", "claim-officials-10000", "Reported by 1 source: Beta Wire"),
        ("quotes/index.html", "quote-stand-by-in-two-articles", "Reported by 1 source: Alpha News"),
        (
            "timeline/index.html",
            "event-arrival-told-twice",
            "Reported by 2 sources: Alpha News, Beta Wire",
        ),
        ("timeline/index.html", "event-troops-arrive", "Reported by 1 source: Alpha News"),
    ],
)
def test_each_record_says_how_many_outlets_report_it(site: Path, page: str, anchor: str, line: str):
    assert reported(section(site, page, anchor)) == [line]


def test_the_outlets_named_link_to_their_sources(site: Path) -> None:
    html = section(site, "claims/index.html", "claim-arrival-three-citations")
    line = re.search(r'<p class="reported[^"]*">.*?</p>', html, re.S)
    assert line is not None
    assert re.findall(r'href="([^"]+)"', line.group()) == ["../sources/alpha/", "../sources/beta/"]


@pytest.mark.parametrize(
    ("page", "prefix"),
    [
        ("claims/index.html", "claim-"),
        ("quotes/index.html", "quote-"),
        ("timeline/index.html", "event-"),
    ],
)
def test_every_record_on_a_page_has_one_count(site: Path, page: str, prefix: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    anchors = re.findall(rf'<h3 id="({prefix}[a-z0-9-]+)"', html)
    assert len(anchors) >= 2
    for anchor in anchors:
        assert len(reported(section(site, page, anchor))) == 1, anchor


def test_the_print_edition_counts_sources_too(site: Path) -> None:
    html = (site / "print/index.html").read_text(encoding="utf-8")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "Troops arrived." in r)
    assert "2 sources: Alpha News ¶1; Alpha News ¶1; Beta Wire ¶1" in _text(row)
    assert "Told differently: " in _text(row)


def test_claims_filter_by_single_or_several_sources(site: Path) -> None:
    html = (site / "claims/index.html").read_text(encoding="utf-8")
    select = re.search(r'<select name="reported">.*?</select>', html, re.S)
    assert select is not None
    options = [_text(o) for o in re.findall(r"<option[^>]*>.*?</option>", select.group())]
    assert options == ["any", "one source only (3)", "two or more (1)"]
    assert 'data-reported="several"' in section(
        site, "claims/index.html", "claim-arrival-three-citations"
    )
    assert 'data-reported="single"' in section(site, "claims/index.html", "claim-officials-10000")


def test_records_told_differently_link_both_ways(site: Path) -> None:
    one = _text(section(site, "claims/index.html", "claim-arrival-three-citations"))
    other = section(site, "claims/index.html", "claim-officials-10000")
    assert "Told differently: About 10,000 soldiers are in the region." in one
    assert "#claim-arrival-three-citations" in other  # written once, shown on both sides
    event = section(site, "timeline/index.html", "event-troops-arrive")
    assert "#event-arrival-told-twice" in event and "Told differently:" in _text(event)


def test_the_disputes_view_lists_claims_told_differently(site: Path) -> None:
    table = section(site, "claims/index.html", "told-differently")
    rows = re.findall(r"<tr>.*?</tr>", table, re.S)
    assert len(rows) == 2  # the header and one pair
    assert "#claim-arrival-three-citations" in rows[1] and "#claim-officials-10000" in rows[1]


def test_told_differently_and_contradicted_at_once_or_from_itself_is_refused(mini: Path) -> None:
    records = mini / "content" / "records.yml"
    text = records.read_text(encoding="utf-8")
    text = text.replace(
        "    supports: [ministry-3000]\n",
        "    supports: [ministry-3000]\n    differs_from: [officials-10000, spokesman-denies]\n",
    ).replace(
        "    contradicts: [ministry-3000]\n",
        "    contradicts: [ministry-3000]\n    differs_from: [ministry-3000]\n",
    )
    records.write_text(text, encoding="utf-8")
    run = run_main(mini, "validate")
    assert run.code == 2
    lines = text.splitlines()
    own = next(
        i for i, line in enumerate(lines, 1) if "[officials-10000, spokesman-denies]" in line
    )
    both = next(i for i, line in enumerate(lines, 1) if "differs_from: [ministry-3000]" in line)
    assert (
        f"content/records.yml:{own}:20: error: claim 'officials-10000': claim 'officials-10000' "
        "refers to itself"
    ) in run.err
    assert (
        f"content/records.yml:{both}:19: error: claim 'spokesman-denies': claim 'ministry-3000' "
        "is listed under both contradicts and differs_from"
    ) in run.err
