"""The reader's view (issue 10), without a browser: the pictures drawn at build time, the
named speaker's credit, badges that explain themselves, tables that become cards.

Pictures are checked as drawn for the harbour fixture (an unrelated briefing with ranges,
"up to", "at least" and undated estimates) and for hand-made records; the built real site
is checked against its own model, so nothing here knows what the briefing is about.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from generator.dates import parse_when
from generator.model import build_model
from generator.model.records import Actor, Claim, Event, Figure, Quantity
from generator.pipeline import check
from generator.project import Project
from generator.render import charts
from generator.render.markup import html_href

# --- helpers ------------------------------------------------------------------------

PICTURE = re.compile(r'<figure class="picture picture-(\w+)".*?</figure>', re.S)


def parse(figure_html: str) -> ET.Element:
    """A picture's <figure> as XML (the generator writes it well-formed)."""
    return ET.fromstring(figure_html)


def pictures(page_html: str) -> list[tuple[str, ET.Element]]:
    return [(m.group(1), parse(m.group(0))) for m in PICTURE.finditer(page_html)]


def svgs(figure: ET.Element) -> dict[str, ET.Element]:
    return {svg.get("class", ""): svg for svg in figure.iter("svg")}


def links(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter("a"))


def link_to(svg: ET.Element, href: str) -> list[ET.Element]:
    return [a for a in svg.iter("a") if a.get("href") == href]


def href(record: Any) -> str:
    return f"#{record.anchor or record.id}"


def centre(mark_link: ET.Element) -> tuple[float, float]:
    """Where a mark sits: the centre of its hit area."""
    hit = next(c for c in mark_link.iter("circle") if c.get("class") == "hit")
    return float(hit.get("cx", "nan")), float(hit.get("cy", "nan"))


def assert_picture_is_described(figure: ET.Element) -> None:
    """Both drawings have a <title> and <desc> naming them; every mark is a link with a
    title of its own; the caption says in words what the picture shows."""
    drawn = svgs(figure)
    assert set(drawn) == {"wide", "narrow"}
    for svg in drawn.values():
        title, desc = svg.find("title"), svg.find("desc")
        assert title is not None and (title.text or "").strip()
        assert desc is not None and len((desc.text or "").strip()) > 20
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert links(svg), "a picture with no mark linking to a record"
        for a in links(svg):
            assert a.get("href"), ET.tostring(a)
            label = a.find("title")
            assert label is not None and (label.text or "").strip(), ET.tostring(a)
    caption = figure.find("figcaption")
    assert caption is not None and len("".join(caption.itertext()).strip()) > 30


# --- the harbour fixture's model ----------------------------------------------------


@pytest.fixture(scope="module")
def harbour() -> Any:
    return build_model(check(Project.at(FIXTURES / "harbour")))


def test_every_quantity_with_two_or_more_estimates_gets_its_chart(harbour):
    charted = 0
    for q in harbour.quantities.values():
        html = charts.estimates_chart(q, href, f"est-{q.id}")
        if len(q.estimates) < 2:
            assert html == ""
            continue
        charted += 1
        figure = parse(html)
        assert_picture_is_described(figure)
        for svg in svgs(figure).values():
            for claim in q.estimates:  # each estimate is a mark linking to its claim
                assert link_to(svg, href(claim)), (q.id, claim.id)
            for claimant in {c.claimant for c in q.estimates}:  # one labelled series each
                label = [a for a in link_to(svg, href(claimant)) if a.find("text") is not None]
                assert len(label) == 1, (q.id, claimant.id)
    assert charted >= 2, "the harbour fixture should have quantities with several estimates"


def _quantity_with(harbour: Any, test: Any) -> tuple[Quantity, Claim]:
    for q in harbour.quantities.values():
        if len(q.estimates) > 1:
            for c in q.estimates:
                if test(c):
                    return q, c
    raise AssertionError("no such estimate in the harbour fixture")


def test_an_undated_estimate_stands_apart_never_placed_as_if_dated(harbour):
    q, undated = _quantity_with(harbour, lambda c: c.as_of is None)
    for svg in svgs(parse(charts.estimates_chart(q, href, "t"))).values():
        x_undated, _ = centre(link_to(svg, href(undated))[0])
        separator = float(
            next(ln for ln in svg.iter("line") if ln.get("class") == "apart").get("x1", "nan")
        )  # noqa: E501
        assert x_undated > separator
        for c in q.estimates:
            if c.as_of is not None:
                assert centre(link_to(svg, href(c))[0])[0] < separator, c.id
        labels = [t.text for t in svg.iter("text")]
        assert "no date" in labels


def test_a_date_range_is_a_span_and_a_value_range_a_bar(harbour):
    q, ranged = _quantity_with(
        harbour, lambda c: c.as_of is not None and c.as_of.precision != "day"
    )
    for svg in svgs(parse(charts.estimates_chart(q, href, "t"))).values():
        spans = [
            ln for ln in link_to(svg, href(ranged))[0].iter("line") if "span" in ln.get("class", "")
        ]  # noqa: E501
        assert any(float(ln.get("x2", 0)) - float(ln.get("x1", 0)) > 8 for ln in spans)
    q, ranged = _quantity_with(harbour, lambda c: c.figure.low is not None)
    for svg in svgs(parse(charts.estimates_chart(q, href, "t"))).values():
        spans = [
            ln for ln in link_to(svg, href(ranged))[0].iter("line") if "span" in ln.get("class", "")
        ]  # noqa: E501
        vertical = [ln for ln in spans if ln.get("x1") == ln.get("x2")]
        assert vertical and float(vertical[0].get("y2", 0)) > float(vertical[0].get("y1", 0))


@pytest.mark.parametrize(("qualifier", "down"), [("up-to", True), ("at-least", False)])
def test_up_to_and_at_least_are_arrows_pointing_the_way_the_value_may_go(harbour, qualifier, down):
    q, hedged = _quantity_with(harbour, lambda c: c.figure.qualifier == qualifier)
    for svg in svgs(parse(charts.estimates_chart(q, href, "t"))).values():
        mark = link_to(svg, href(hedged))[0]
        arrow = next(p for p in mark.iter("path") if "arrow" in p.get("class", ""))
        ys = [float(v) for v in re.findall(r",(-?[\d.]+)", arrow.get("d", ""))]
        _, y = centre(mark)
        assert (max(ys) > y + 10) if down else (min(ys) < y - 10), arrow.get("d")


def test_series_differ_by_shape_as_well_as_colour(harbour):
    q = max(harbour.quantities.values(), key=lambda q: len({c.claimant.id for c in q.estimates}))
    svg = svgs(parse(charts.estimates_chart(q, href, "t")))["wide"]
    shapes = set()
    for claimant in {c.claimant for c in q.estimates}:
        label = next(a for a in link_to(svg, href(claimant)) if a.find("text") is not None)
        mark = next(el for el in label if "mark" in el.get("class", ""))
        shapes.add((mark.tag, mark.get("points", "") and len(mark.get("points", "").split())))
    assert len(shapes) == len({c.claimant.id for c in q.estimates}) >= 3


def test_nice_ticks_start_at_zero_and_cover_the_top():
    assert charts.nice_ticks(12000) == [0, 5000, 10000, 15000]
    assert charts.nice_ticks(120) == [0, 50, 100, 150]
    assert charts.nice_ticks(7.5)[-1] >= 7.5 and charts.nice_ticks(7.5)[0] == 0


def test_labels_are_pushed_apart_but_stay_in_bounds():
    assert charts.spread([10, 11, 40], 10, 0, 100) == [10, 20, 40]
    out = charts.spread([90, 95, 96], 10, 0, 100)
    assert out == [80, 90, 100]
    assert all(b - a >= 10 for a, b in zip(out, out[1:], strict=False))


# --- the timeline strip -------------------------------------------------------------


def _event(eid: str, date: Any, title: str = "") -> Event:
    return Event(id=eid, date=parse_when(date), title=title or eid)


def test_background_years_are_set_apart_and_the_last_weeks_get_the_width():
    events = [
        _event("war", "1950/1953"),
        _event("treaty", "2023-06"),
        _event("first", "2024-10-01"),
        _event("whole-month", "2024-10"),
        _event("second", "2024-10-20"),
        _event("last", {"value": "2024-10-31", "inferred": True, "basis": "'Thursday'"}),
    ]
    split = charts.focus_split(events)
    assert split is not None
    assert [e.id for e in split.background] == ["war", "treaty"]
    assert (split.start, split.end) == (dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    figure = parse(charts.timeline_strip(events, href, "strip"))
    assert_picture_is_described(figure)
    for svg in svgs(figure).values():
        width = float(svg.get("width", 0))
        day_x = {
            e.id: centre(link_to(svg, href(e))[0])[0] for e in events if e.when.precision == "day"
        }  # noqa: E501
        # the month of the story spans most of the width; 1950 is not placed 74 years left
        assert day_x["last"] - day_x["first"] > 0.8 * width
        month = next(link_to(svg, href(events[3]))[0].iter("rect"))
        assert float(month.get("width", 0)) > 0.8 * width
        assert "inferred" in next(link_to(svg, href(events[-1]))[0].iter("circle")).get("class")  # noqa: E501
        assert "Background (not to scale)" in [t.text for t in svg.iter("text")]
    compact = parse(charts.timeline_strip(events, href, "s", compact=True))
    assert not link_to(svgs(compact)["wide"], href(events[0]))  # the overview: focus only
    assert "2 earlier events" in "".join(compact.find("figcaption").itertext())


def test_no_two_events_in_the_strip_cover_each_other(harbour):
    figure = parse(charts.timeline_strip(list(harbour.events.values()), href, "s"))
    for svg in svgs(figure).values():
        boxes = []
        for a in links(svg):
            for el in a:
                if el.tag == "circle" and "event" in el.get("class", ""):
                    x, y, r = (float(el.get(k, 0)) for k in ("cx", "cy", "r"))
                    boxes.append((x - r, x + r, y - r, y + r))
                elif el.tag == "rect":
                    x, y = float(el.get("x", 0)), float(el.get("y", 0))
                    boxes.append(
                        (x, x + float(el.get("width", 0)), y, y + float(el.get("height", 0)))
                    )  # noqa: E501
        assert len(boxes) == len(harbour.events)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
                assert apart, (a, b)


def test_the_overview_strip_stays_small_however_long_the_timeline():
    from generator.render import environment

    events = [
        _event(f"e{i}", (dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat())
        for i in range(300)
    ]  # noqa: E501
    html = (
        environment()
        .from_string("{{ strip_for(events, compact=true) }}")
        .render(page="index.md", events=events)
    )
    figure = parse(html)
    assert len(links(svgs(figure)["wide"])) == charts.COMPACT_EVENTS
    assert f"{300 - charts.COMPACT_EVENTS} earlier events" in "".join(
        figure.find("figcaption").itertext()
    )  # noqa: E501


def test_an_event_longer_than_the_window_is_cut_at_its_edge_with_an_arrow():
    events = [
        _event("long", "2024-09-01/2024-10-25"),
        _event("a", "2024-10-20"),
        _event("b", "2024-10-28"),
    ]
    split = charts.focus_split(events)
    assert split is not None and split.start == dt.date(2024, 10, 20)
    svg = svgs(parse(charts.timeline_strip(events, href, "s")))["wide"]
    cuts = [p for p in link_to(svg, href(events[0]))[0].iter("path") if p.get("class") == "cut"]
    assert len(cuts) == 1


# --- actors and who spoke for whom --------------------------------------------------


def _actor(aid: str, **kw: Any) -> Actor:
    return Actor(id=aid, name=aid.title(), kind=kw.pop("kind", "person"), description="x", **kw)


def _claim(cid: str, claimant: Actor, **kw: Any) -> Claim:
    claim = Claim(id=cid, statement=cid, claimant=claimant, status="reported", **kw)
    claimant.claims.append(claim)
    for person in claim.speakers:
        person.spoken_claims.append(claim)
    return claim


def test_a_named_speaker_is_credited_with_the_body_claim():
    state = _actor("state", kind="state")
    minister = _actor("minister", affiliation=state)
    state.members.append(minister)
    rival = _actor("rival", kind="state")
    said = _claim("said", state, speakers=[minister])
    denial = _claim("denial", rival, contradicts=[said])
    said.contradicted_by.append(denial)
    assert minister.credited_claims == [said]
    assert state.credited_claims == [said]
    by_other = {(r.other.id, r.label) for r in charts.relations(minister)}
    assert by_other == {("state", "part of"), ("state", "spoke for")}
    assert {(r.other.id, r.label) for r in charts.relations(state)} == {
        ("minister", "member"),
        ("minister", "spoke for it"),
        ("rival", "contradicted by"),
    }
    figure = parse(charts.relations_picture(state, href, "rel"))
    assert_picture_is_described(figure)
    for svg in svgs(figure).values():
        assert link_to(svg, href(minister)) and link_to(svg, href(rival))
        dotted = [ln for ln in svg.iter("line") if ln.get("class") == "rel rel-contradiction"]
        assert len(dotted) == 1  # told apart by the line's pattern, not by colour
    assert charts.relations_picture(_actor("loner"), href, "rel") == ""


def test_latest_estimate_per_claimant_newest_first_undated_last():
    q = Quantity(id="q", label="Q", unit="u")
    a, b = _actor("a"), _actor("b")
    old = _claim(
        "old", a, figure=Figure(quantity=q, value=1, counts="x", as_of=parse_when("2024-10-01"))
    )  # noqa: E501
    new = _claim(
        "new", a, figure=Figure(quantity=q, value=2, counts="x", as_of=parse_when("2024-10-09"))
    )  # noqa: E501
    undated = _claim("undated", b, figure=Figure(quantity=q, value=3, counts="x"))
    q.estimates.extend([old, new, undated])
    q.finish()
    assert q.latest_by_claimant() == [new, undated]


# --- links from raw HTML ------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "dst", "anchor", "want"),
    [
        ("index.md", "figures.md", "q", "figures/#q"),
        ("figures.md", "index.md", "", "../"),
        ("actors/a.md", "actors/b.md", "", "../b/"),
        ("actors/a.md", "figures.md", "x", "../../figures/#x"),
        ("actors/index.md", "actors/a.md", "", "a/"),
        ("figures.md", "figures.md", "x", "#x"),
    ],
)
def test_links_in_pictures_point_where_mkdocs_puts_pages(src, dst, anchor, want):
    assert html_href(src, dst, anchor) == want


# --- the built real site, against its own model -------------------------------------


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def _claims_page(b) -> str:
    """The folder of the page showing the first claim: the claims page, or (a long list,
    split) its first part."""
    return next(iter(b.claims.values())).page.removesuffix(".md").removesuffix("/index")


@pytest.mark.slow
def test_the_built_site_has_every_picture_its_model_calls_for(real_site, real_briefing):
    figures = pictures(_page(real_site, "figures"))
    charted = [q for q in real_briefing.ordered_quantities if len(q.estimates) > 1]
    assert [k for k, _ in figures] == ["estimates"] * len(charted)
    overview = pictures(_page(real_site, ""))
    kinds = [k for k, _ in overview]
    assert kinds.count("timeline") == 1
    assert kinds.count("estimates") == (1 if charted else 0)
    if not real_briefing.listings["events"].split:
        assert [k for k, _ in pictures(_page(real_site, "timeline"))] == ["timeline"]
    for actor in real_briefing.actors.values():
        drawn = [k for k, _ in pictures(_page(real_site, f"actors/{actor.id}"))]
        assert drawn == (["relations"] if charts.relations(actor) else []), actor.id
    for page in (
        "",
        "figures",
        f"actors/{max(real_briefing.actors.values(), key=lambda a: len(charts.relations(a))).id}",
    ):  # noqa: E501
        for _, figure in pictures(_page(real_site, page)):
            assert_picture_is_described(figure)


@pytest.mark.slow
def test_every_named_speaker_page_lists_the_claims_they_voiced(real_site, real_briefing):
    voiced = [c for c in real_briefing.claims.values() if c.speakers]
    for claim in voiced:
        for person in claim.speakers:
            html = _page(real_site, f"actors/{person.id}")
            section = html[html.index('id="claims"') :]
            assert f"#claim-{claim.id}" in section, (person.id, claim.id)
            assert f'said for <a href="../{claim.claimant.id}/"' in section


BADGE = re.compile(r'<abbr class="badge ([^"]+)" title="([^"]*)" tabindex="0">([^<]+)</abbr>')
LEGEND = re.compile(r'<div class="legend".*?</div>', re.S)


@pytest.mark.slow
@pytest.mark.parametrize(
    "page", ["", "figures", "timeline", "{claims}", "quotes", "sources", "actors/{busiest}"]
)
def test_every_badge_explains_itself_and_the_page_has_a_key_to_it(real_site, real_briefing, page):
    busiest = max(real_briefing.actors.values(), key=lambda a: len(a.credited_claims))
    html = _page(real_site, page.format(busiest=busiest.id, claims=_claims_page(real_briefing)))
    badges = BADGE.findall(html)
    assert badges, f"no badge on {page or 'the overview'}"
    for _, meaning, _ in badges:
        assert len(meaning) > 8
    legend = LEGEND.search(html)
    assert legend, f"no key on {page}"
    for _, _, text in badges:
        assert f">{text}</span>" in legend.group(0), (page, text)


@pytest.mark.slow
@pytest.mark.parametrize("page", ["", "figures", "{claims}", "actors", "sources"])
def test_every_cell_of_a_wide_table_names_its_column(real_site, real_briefing, page):
    html = _page(real_site, page.format(claims=_claims_page(real_briefing)))
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    wide = [t for t in tables if t.count("<th") > 3]
    assert wide
    for table in wide:
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S):
            assert '<span class="cell-label' in cell, cell[:200]
