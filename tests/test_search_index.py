"""The search records (generator/search_index.py): one record per section of a page, and
Pagefind's index of them (``BRIEFING_SEARCH=pagefind``, the engine the benchmark
compares with the site's own), built inside the staging site; a failed index of either
engine keeps the last good site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, run_main

from generator import search_index, search_shards

PAGE = """<html lang="en"><body><article class="md-content__inner md-typeset">
<a href="edit" title="Edit this page" class="md-content__button md-icon">e</a>
<h1 id="claims">Claims<a class="headerlink" href="#claims">&para;</a></h1>
<p>Intro.</p>
<h2 id="topic-x">Topic X</h2>
<h3 id="claim-a">A says 10,000<a class="headerlink" href="#claim-a">&para;</a></h3>
<p>Text of A.</p>
<h3 id="quote-b">1 May · on TV</h3>
<blockquote><p>Moscow’s words</p></blockquote>
<h2 id="listing" data-pagefind-ignore="section">Listing</h2>
<ul><li>copies of records found elsewhere</li></ul>
</article></body></html>"""


def test_each_heading_with_an_id_starts_a_record_of_its_own():
    records = list(search_index.page_sections("claims/index.html", PAGE))
    assert [r.url for r in records] == [
        "claims/",
        "claims/#topic-x",
        "claims/#claim-a",
        "claims/#quote-b",
    ]  # the listing section is left out
    top, topic, claim, quote = records
    assert (top.title, claim.title, topic.title) == ("Claims", "A says 10,000", "Topic X")
    assert {r.page for r in records} == {"Claims"}
    assert quote.title == "Moscow’s words"  # a quote record is titled by what it quotes
    assert "Edit this page" not in top.html and "&para;" not in claim.html
    html = search_index.record_html(quote)
    assert "<h1>Moscow&#x27;s words</h1>" in html  # one word for Pagefind, not moscow + s
    assert 'data-pagefind-meta="page:Claims"' in html
    assert search_index.record_path(quote) == "claims/~quote-b.html"
    assert search_index.record_path(top) == "claims/index.html"
    assert 'data-pagefind-meta="quote"' in html
    assert 'data-pagefind-meta="quote"' not in search_index.record_html(claim)


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture built with Pagefind."""
    root = make_project(
        tmp_path_factory.mktemp("pagefind") / "mini",
        FIXTURES / "mini" / "content",
        FIXTURES / "mini" / "seeds",
    )
    result = run_main(root, "build", env={"BRIEFING_SEARCH": "pagefind"})
    assert result.code == 0, result.err
    assert "with Pagefind" in result.out + result.err
    return root / "site"


def test_a_pagefind_site_has_its_index_and_its_worker_knows_where(pagefind_site: Path):
    real_site = pagefind_site
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    worker = (real_site / search_index.WORKER).read_text("utf-8")
    assert "const ENTRY = null;" not in worker
    for language in entry["languages"].values():
        assert language["hash"] in worker  # the worker fetches its metadata without asking
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    pages = sum(1 for _ in real_site.rglob("*.html"))
    records = sum(v["page_count"] for v in entry["languages"].values())
    assert records > pages  # records are sections, not pages


def test_records_have_short_names_each_with_its_fragment(pagefind_site: Path):
    """The metadata a phone loads whole names each record's fragment; the build renames
    Pagefind's random hashes short (search_index.compact) and every name still leads to
    its fragment, with none left over."""
    bundle = pagefind_site / search_index.BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    (index,) = entry["languages"].values()
    meta_file = bundle / f"pagefind.{index['hash']}.pf_meta"
    meta = search_index.read_meta(meta_file)
    names = [name for name, _ in meta[1]]
    assert len(names) == index["page_count"]
    assert all(len(name) <= 7 and not name.startswith("en_") for name in names), names[:5]
    fragments = {p.name for p in (bundle / "fragment").iterdir()}
    assert fragments == {f"{name}.pf_fragment" for name in names}
    assert [p.name for p in bundle.glob("*.pf_meta")] == [meta_file.name]
    raw = gzip.decompress(meta_file.read_bytes())
    assert raw == b"pagefind_dcd" + search_index._cbor(meta)  # read and written faithfully


def test_pages_and_sections_that_repeat_records_are_not_records(real_site: Path):
    """The print page repeats the whole briefing, an actor's linked-actors picture and the
    quotes page's speaker headings list what is found elsewhere, and the archived texts
    are excluded from search as in Material's own (data-search-exclude)."""
    urls = [s.url for s in search_index.sections(real_site)]
    assert any(u.startswith("actors/") for u in urls) and any("#quote-" in u for u in urls)
    repeats = [
        u
        for u in urls
        if u.startswith("print/") or u.endswith(("#text", "#linked-actors")) or "#speaker-" in u
    ]
    assert repeats == []


def test_a_failed_index_keeps_the_last_good_site(built_mini: Path, monkeypatch):
    site = built_mini / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert any(str(p).startswith(search_shards.FOLDER + "/") for p in before)
    (built_mini / "content" / "zz-touch.yml").write_text("events: []\n", "utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise search_index.BuildFailed("the search index could not be built: no")

    monkeypatch.setattr(search_shards, "write", broken)
    result = run_main(built_mini, "build")
    assert result.code == 1, result.err
    assert "the search index could not be built" in result.err
    assert "Traceback" not in result.err
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("engine", ["lunr"])
def test_lunr_builds_have_no_pagefind_index(mini: Path, engine: str):
    result = run_main(mini, "build", env={"BRIEFING_SEARCH": engine})
    assert result.code == 0, result.err
    site = mini / "site"
    assert not (site / "pagefind").exists()
    assert not (site / search_shards.FOLDER).exists()
    assert 'name="search"' in (site / "index.html").read_text("utf-8")
    assert "search-worker.js" not in (site / "index.html").read_text("utf-8")


def test_an_unknown_engine_is_a_clear_error_and_writes_no_site(mini: Path):
    result = run_main(mini, "build", env={"BRIEFING_SEARCH": "bogus"})
    assert result.code == 1
    assert "mkdocs.yml: extra.search_engine is 'bogus'; use one of own, pagefind, lunr" in (
        result.err
    )
    assert "Traceback" not in result.err
    assert not (mini / "site").exists()
