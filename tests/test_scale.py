"""Correctness at size (issue 13): the synthetic briefing, long lists split into pages,
and a synthetic briefing built with the real CLI and MkDocs. Speed is measured by
``make bench`` (scripts/bench.py), never here."""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from briefing_site import expected_pages, html_path, record_anchors, site_pages
from conftest import ROOT, run_main
from test_links import check_links, parse_site

from generator.model import Briefing, build_model
from generator.model.layout import Group, split
from generator.model.records import Record
from generator.pipeline import check
from generator.project import Project
from generator.render import relative, render_pages

sys.path.insert(0, str(ROOT / "scripts"))
import synth  # noqa: E402

#: The bound the benchmark holds every page to (BENCHMARKS.md); the split aims well under.
PAGE_BOUND = 300_000


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


#: The lists whose split the tests follow; their page bounds are scaled to the briefing.
SPLIT_KINDS = ("events", "claims", "quotes")


@contextlib.contextmanager
def bounds_for(root: Path, copies: int, kinds: tuple[str, ...] = SPLIT_KINDS) -> Iterator[None]:
    """Page bounds at which each copy's records of ``kinds`` fill about one
    page (never above the real bounds), so any briefing's copies split as a large one's
    do: a smaller bound runs the same layout code."""
    b = build_model(check(Project.at(root)))
    with pytest.MonkeyPatch.context() as mp:
        for key in kinds:
            records = b.listings[key].records
            cls = type(records[0])
            total = sum(r.list_weight for r in records)
            mp.setattr(cls, "per_page", min(cls.per_page, max(1, total // copies)))
        yield


# --- the synthetic briefing ----------------------------------------------------------


@pytest.fixture(scope="module")
def synth2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    root = synth.synthesize(tmp_path_factory.mktemp("synth2"), 2, project=True)
    return root, build_model(check(Project.at(root)))


def test_synth_is_deterministic(synth2: tuple[Path, Briefing], tmp_path: Path) -> None:
    root, _ = synth2
    again = synth.synthesize(tmp_path / "again", 2)
    for sub in ("content", "seeds"):
        assert _tree_digest(root / sub) == _tree_digest(again / sub)
    other = synth.synthesize(tmp_path / "other", 2, seed=1)
    assert _tree_digest(root / "seeds") != _tree_digest(other / "seeds")


def test_synth_copies_the_whole_briefing_under_fresh_ids(synth2: tuple[Path, Briefing]) -> None:
    _, b = synth2
    real = build_model(check(Project.at(ROOT)))
    for key, count in real.counts().items():
        assert b.counts()[key] == 2 * count, key
    for rid in real.claims:
        assert f"{rid}-c1" in b.claims and f"{rid}-c2" in b.claims
        assert rid not in b.claims


def test_synth_copies_have_their_own_names_and_seeds(synth2: tuple[Path, Briefing]) -> None:
    root, b = synth2
    real = build_model(check(Project.at(ROOT)))
    renamed = 0
    for aid, actor in real.actors.items():
        one, two = b.actors[f"{aid}-c1"], b.actors[f"{aid}-c2"]
        if any(w[0].isupper() and w not in synth.KEEP for w in actor.name.split()):
            assert one.name != two.name != actor.name, aid
            renamed += 1
        # an actor named in its copy's texts is named in no other copy's
        for source in one.sources:
            assert source.id.endswith("-c1")
    assert renamed > len(real.actors) // 2
    seeds = sorted((root / "seeds").iterdir())
    first = {p.name.split("-", 1)[1]: p.read_text() for p in seeds if p.name.startswith("c0001-")}
    second = {p.name.split("-", 1)[1]: p.read_text() for p in seeds if p.name.startswith("c0002-")}
    assert first.keys() == second.keys() and len(first) == len(real.sources)
    assert all(first[name] != second[name] for name in first)


def test_synth_has_every_date_precision_and_competing_figures(
    synth2: tuple[Path, Briefing],
) -> None:
    _, b = synth2
    whens = [e.date for e in b.events.values()] + [c.when for c in b.claims.values() if c.when]
    assert {w.precision for w in whens} == {"day", "month", "year", "range"}
    assert any(w.inferred for w in whens)
    # copies move on by a month: each day-dated event is a month later in copy 2
    moved = 0
    for event in b.events.values():
        if event.id.endswith("-c1") and event.date.precision == "day":
            one, two = event.date.start, b.events[event.id[:-1] + "2"].date.start
            assert (two.year * 12 + two.month) - (one.year * 12 + one.month) == 1, event.id
            moved += 1
    assert moved > 5
    for copy in ("-c1", "-c2"):
        contested = [
            q for q in b.quantities.values() if q.id.endswith(copy) and len(q.estimates) > 1
        ]
        assert contested, copy
        assert all(c.figure.quantity is q for q in contested for c in q.estimates)


# --- splitting long lists -------------------------------------------------------------


class _Item(Record):
    """A record with explicit groups, for the splitter alone."""

    def __init__(self, rid: str, *groups: str, weight: int = 1) -> None:
        super().__init__(id=rid)
        self._groups = tuple(Group(g, g.upper(), g) for g in groups)
        self._weight = weight

    @property
    def list_weight(self) -> int:
        return self._weight

    def groups(self) -> tuple[Group, ...]:
        return self._groups


def test_a_list_that_fits_stays_on_one_page() -> None:
    items = [_Item(f"r{i}", "a") for i in range(5)]
    assert split(items, 5) == [((), (), items)]


def test_a_long_list_splits_by_group_then_finer_group_then_parts() -> None:
    items = [_Item(f"a{i}", "a", "x") for i in range(3)]
    items += [_Item(f"b{i}", "b", "y" if i < 3 else "z") for i in range(7)]
    pages = split(items, 4)
    assert [keys for keys, _, _ in pages] == [("a",), ("b", "y"), ("b", "z")]
    items += [_Item(f"c{i}", "c", "w") for i in range(9)]
    pages = split(items, 4)
    assert [keys for keys, _, _ in pages][-3:] == [("c", "w", n) for n in ("1", "2", "3")]
    assert [len(rs) for keys, _, rs in pages if keys[0] == "c"] == [4, 4, 1]
    assert [r for _, _, rs in pages for r in rs] == items  # every record once, in order


def test_packed_groups_share_pages_and_an_index_key_is_renamed() -> None:
    items = [_Item(f"s{i}", "k", f"speaker{i:02d}") for i in range(10)]
    items += [_Item(f"big{i}", "k", "index") for i in range(6)]
    pages = split(items, 4, pack=frozenset({1}))
    keys = [k for k, _, _ in pages]
    speakers = [k for k in keys if k[1].startswith("speaker")]
    assert speakers == [("k", "speaker00"), ("k", "speaker04"), ("k", "speaker08")]
    assert ("k", "index-", "1") in keys  # never the list page's own index
    labels = dict((k, lab) for k, lab, _ in pages)
    assert labels[("k", "speaker00")] == ("K", "SPEAKER00 – SPEAKER03")


def test_a_record_heavier_than_the_bound_gets_a_page_alone() -> None:
    items = [_Item("light", "a"), _Item("heavy", "a", weight=10), _Item("light2", "a")]
    assert [[r.id for r in rs] for _, _, rs in split(items, 3)] == [
        ["light"],
        ["heavy"],
        ["light2"],
    ]


@pytest.fixture(scope="module")
def synth6() -> tuple[Briefing, dict[str, str]]:
    """Six copies, generated in process: enough for every list to split."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = synth.synthesize(Path(tmp), 6)
        with bounds_for(root, 6):
            b = build_model(check(Project.at(root)))
            return b, render_pages(b)


def test_every_long_list_splits_and_every_record_is_on_its_page(
    synth6: tuple[Briefing, dict[str, str]],
) -> None:
    b, pages = synth6
    assert {k for k, listing in b.listings.items() if listing.split} >= {
        "events",
        "claims",
        "quotes",
    }
    _check_parts(b, pages)


def _check_parts(b: Briefing, pages: dict[str, str]) -> None:
    """Every part of every split list is rendered, linked from its index and within
    the bound, and every record is on the one page its links point at."""
    for key, listing in b.listings.items():
        if not listing.split:
            continue
        assert sum(p.count for p in listing.parts) == len(listing.records), key
        for part in listing.parts:
            assert sum(r.list_weight for r in part.records) <= listing.per_page or (
                len(part.records) == 1
            )
            assert part.path in pages
            index = pages[listing.home]
            assert f"({part.path.split('/', 1)[1]})" in index or part.path in index, part.path
    for table in (b.events, b.claims, b.quotes, b.quantities):
        for record in table.values():
            if record.listed:
                assert f"{{#{record.anchor}}}" in pages[record.page], record.id
                others = [p for p, t in pages.items() if f"{{#{record.anchor}}}" in t]
                assert others == [record.page]


def test_actors_sources_and_figures_split_too(synth2: tuple[Path, Briefing]) -> None:
    # Their lists split only at a larger size; a small bound runs the same code.
    root, _ = synth2
    with bounds_for(root, 2, ("actors", "sources", "quantities")):
        b = build_model(check(Project.at(root)))
        pages = render_pages(b)
    assert all(b.listings[k].split for k in ("actors", "sources", "quantities"))
    assert all(p.path.startswith("actors/list/") for p in b.listings["actors"].parts)
    _check_parts(b, pages)
    for actor in b.actors.values():
        assert actor.page == f"actors/{actor.id}.md"
        assert f"]({actor.id}.md)" not in pages["actors/index.md"]  # the index lists pages
        listed = pages[actor.listed_on]
        assert f"]({relative(actor.listed_on, actor.page)})" in listed


def test_parts_link_in_a_chain_from_first_to_last(synth6: tuple[Briefing, dict[str, str]]) -> None:
    b, pages = synth6
    timeline = b.listings["events"]
    part = timeline.parts[0]
    seen = [part.path]
    while part.next is not None:
        assert part.next.previous is part
        assert f"next: [{part.next.label}]" in pages[part.path].replace("&#58;", ":")
        part = part.next
        seen.append(part.path)
    assert seen == [p.path for p in timeline.parts]
    years = {p.keys[0] for p in timeline.parts}
    if len({e.when.start.year for e in b.events.values()}) > 1:
        assert len(years) > 1  # the timeline goes by year


# --- a synthetic briefing, built -----------------------------------------------------


@pytest.fixture(scope="module")
def built3(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    root = synth.synthesize(tmp_path_factory.mktemp("synth3") / "project", 3, project=True)
    with bounds_for(root, 3):
        result = run_main(root, "build")
        assert result.code == 0, result.out + result.err
        return root, build_model(check(Project.at(root)))


@pytest.mark.slow
def test_a_synthetic_briefing_builds_with_split_pages_under_the_bound(
    built3: tuple[Path, Briefing],
) -> None:
    root, b = built3
    site = root / "site"
    assert site_pages(site) == expected_pages(b)
    split_kinds = [k for k, listing in b.listings.items() if listing.split]
    assert "claims" in split_kinds and "quotes" in split_kinds
    sizes = {p: p.stat().st_size for p in site.rglob("*.html")}
    assert max(sizes.values()) < PAGE_BOUND, max(sizes, key=sizes.__getitem__)


@pytest.mark.slow
def test_a_synthetic_briefing_links_land_on_the_page_holding_each_record(
    built3: tuple[Path, Briefing],
) -> None:
    root, b = built3
    site = root / "site"
    pages = parse_site(site)
    report = check_links(site, pages)
    assert report.checked > 0
    assert report.broken == []
    for page, anchors in record_anchors(b).items():
        assert anchors <= pages["/" + page].ids, page


@pytest.mark.slow
def test_only_the_configured_nav_is_in_every_page(built3: tuple[Path, Briefing]) -> None:
    """MkDocs writes the navigation into every page: parts and records stay out of it."""
    root, b = built3
    part = b.listings["claims"].parts[0]
    page = (root / "site" / html_path(part.path)).read_text(encoding="utf-8")
    start = page.index('<nav class="md-nav md-nav--primary')
    nav = page[start : page.index("md-nav--secondary", start)]
    links = set(re.findall(r'href="([^"]+)"', nav))
    assert {"../../timeline/", "../", "../../about/"} <= links  # the configured nav
    assert len(links) <= 12, sorted(links)  # and nothing else


def test_the_overview_lists_stay_short_as_the_briefing_grows(
    synth6: tuple[Briefing, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The glance box, the estimates table and the structured data name a bounded
    number of records, and point at Figures for the rest."""
    from generator.export import jsonld
    from generator.render import pages as page_kinds

    b, pages = synth6
    headline = b.headline_quantities
    # a cap below the briefing's count of headline figures (six copies of this one have
    # more than the box shows; a smaller briefing gets a smaller cap)
    cap = min(page_kinds.OVERVIEW_HEADLINES, max(len(headline) - 1, 0))
    if cap < page_kinds.OVERVIEW_HEADLINES:
        monkeypatch.setattr(page_kinds, "OVERVIEW_HEADLINES", cap)
        pages = page_kinds.render_pages(b)
    overview = pages["index.md"]
    glance = overview[overview.index("## At a glance") : overview.index("</aside>")]
    if headline:
        assert [q for q in headline if f"[{q.title}](" in glance] == headline[:cap]
        assert f"[{len(headline) - cap} more headline figures](figures.md)" in glance
    else:
        assert "more headline figures" not in glance
    # each contested quantity shows its latest estimates, then a link to the rest
    monkeypatch.setattr(page_kinds, "OVERVIEW_ESTIMATES", 1)
    (_, _, context), *_ = page_kinds._overview(b)
    overview = page_kinds.render_pages(b)["index.md"]
    for q in context["contested"]:
        latest = q.claims[-1]
        assert f"]({relative('index.md', latest.page, latest.anchor)})" in overview
        to_figures = relative("index.md", q.page, q.anchor)
        assert f"[{len(q.claims) - 1} earlier estimates]({to_figures})" in overview, q.id
    # the overview's Article cites the first sources only
    monkeypatch.setattr(jsonld, "OVERVIEW_CITATIONS", 5)
    data = jsonld.graph(b, "index.md", "Overview", lambda page, anchor="": f"{page}#{anchor}")
    (article,) = [n for n in data["@graph"] if n["@type"] == "Article"]
    assert len(article["citation"]) == 5 < len(b.sources)
