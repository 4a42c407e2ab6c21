"""schema.org JSON-LD on every page, read from the built HTML as a crawler would.

Every page of the real site has one block that parses and uses the briefing's types;
records are where they are shown, linked by @id. A briefing whose every text field is
hostile (tests/hostile.py, with a licence ending the script block) builds pages whose
block still parses, holds that text intact, and is the only script of its kind.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from briefing_site import html_path
from conftest import FIXTURES, make_project, run_main
from hostile import PAYLOADS, make_hostile

from generator.export import jsonld

pytestmark = pytest.mark.slow


class _Blocks(HTMLParser):
    """The text of every <script type="application/ld+json">, as a browser splits it."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.scripts: list[str] = []  # the text of every script element
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in = dict(attrs).get("type") or ""
            self.scripts.append("")
            if self._in == "application/ld+json":
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.scripts[-1] += data
            if self._in == "application/ld+json":
                self.blocks[-1] += data


def parse(page: Path) -> _Blocks:
    parser = _Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def blocks(page: Path) -> list[str]:
    return parse(page).blocks


def graph(site: Path, rel: str) -> list[dict[str, Any]]:
    found = blocks(site / rel)
    assert len(found) == 1, rel
    data = json.loads(found[0])
    assert data["@context"] == "https://schema.org"
    nodes: list[dict[str, Any]] = data["@graph"]
    return nodes


def by_type(nodes: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [n for n in nodes if n["@type"] == kind]


def pages(site: Path) -> list[str]:
    # 404.html is the server's answer for any missing address, not a page of the briefing.
    out = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))]
    return [p for p in out if p != "404.html"]


ACTOR_TYPES = {"Person", "Organization", *jsonld.ACTOR_TYPES.values()}


def test_every_page_has_one_block_that_parses_and_names_the_briefing(real_site: Path) -> None:
    allowed = set(jsonld.TYPES) | ACTOR_TYPES
    seen: set[str] = set()
    every = pages(real_site)
    assert len(every) > 10
    for rel in every:
        nodes = graph(real_site, rel)
        types = {n["@type"] for n in nodes}
        assert types <= allowed, (rel, types - allowed)
        articles = by_type(nodes, "Article")
        assert len(articles) == 1 and articles[0]["@id"].endswith("#briefing"), rel
        ids = [n["@id"] for n in nodes]
        assert len(ids) == len(set(ids)), rel
        seen |= types
    assert {"Article", "NewsArticle", "Claim", "Quotation", "Event", "Dataset"} <= seen
    assert seen & {"Person"} and seen & (ACTOR_TYPES - {"Person"})


def _ids(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {n["@id"]: n for n in nodes}


def test_the_overview_is_the_article_citing_its_sources(
    real_site: Path, real_briefing: Any
) -> None:
    nodes = graph(real_site, "index.html")
    (article,) = by_type(nodes, "Article")
    assert article["headline"] == real_briefing.title
    assert article["abstract"] == real_briefing.bottom_line
    cited = [_ids(nodes)[ref["@id"]] for ref in article["citation"]]
    assert len(cited) == len(real_briefing.sources)
    for node, source in zip(cited, real_briefing.sources.values(), strict=True):
        assert node["@type"] == "NewsArticle"
        assert node["publisher"]["name"] == source.outlet
        assert node["datePublished"] == (
            source.published.text
            if source.published.precision != "range"
            else source.published.start.isoformat()
        )
    (dataset,) = by_type(nodes, "Dataset")
    assert article["subjectOf"] == {"@id": dataset["@id"]}


def test_the_downloads_page_is_a_dataset_of_every_file(real_site: Path) -> None:
    nodes = graph(real_site, "downloads/index.html")
    (dataset,) = by_type(nodes, "Dataset")
    urls = {d["contentUrl"] for d in dataset["distribution"]}
    assert "briefing.json" in urls and "briefing.db" in urls
    for d in dataset["distribution"]:
        assert d["@type"] == "DataDownload" and d["encodingFormat"]
        assert (real_site / "downloads" / d["contentUrl"]).is_file()


def test_claims_quotes_and_events_are_typed_with_author_creator_and_dates(
    real_site: Path, real_briefing: Any
) -> None:
    for claim in real_briefing.claims.values():
        # each claim is described on the page that shows it (a long list is split)
        claims = graph(real_site, html_path(claim.page))
        index = _ids(claims)
        typed = {n["@id"].split("#")[-1]: n for n in by_type(claims, "Claim")}
        node = typed[claim.anchor]
        assert node["text"] == claim.statement
        author = index[node["author"]["@id"]]
        assert author["name"] == claim.claimant.name and author["@type"] in ACTOR_TYPES
        outlets = [index[a["@id"]]["publisher"]["name"] for a in node["appearance"]]
        assert outlets == list(dict.fromkeys(c.source.outlet for c in claim.citations))
    quotes = graph(real_site, "quotes/index.html")
    index = _ids(quotes)
    quoted = {n["@id"].split("#")[-1]: n for n in by_type(quotes, "Quotation")}
    assert len(quoted) == len(real_briefing.quotes)
    for quote in real_briefing.quotes.values():
        node = quoted[quote.anchor]
        assert node["text"] == quote.text
        assert index[node["creator"]["@id"]]["name"] == quote.speaker.name
    events = by_type(graph(real_site, "timeline/index.html"), "Event")
    assert {e["@id"].split("#")[-1] for e in events} == {
        e.anchor for e in real_briefing.events.values()
    }
    assert all(e["startDate"][:4].isdigit() for e in events)


def test_actor_and_source_pages_describe_their_record(real_site: Path, real_briefing: Any) -> None:
    actor = max(real_briefing.actors.values(), key=lambda a: (len(a.aliases), a.id))
    nodes = graph(real_site, f"actors/{actor.id}/index.html")
    (page,) = by_type(nodes, "WebPage")
    main = _ids(nodes)[page["mainEntity"]["@id"]]
    assert main["name"] == actor.name
    assert main["alternateName"] == actor.aliases
    assert main["@type"] == ("Person" if actor.kind == "person" else main["@type"])
    source = next(iter(real_briefing.sources.values()))
    nodes = graph(real_site, f"sources/{source.id}/index.html")
    (page,) = by_type(nodes, "WebPage")
    main = _ids(nodes)[page["mainEntity"]["@id"]]
    assert main["@type"] == "NewsArticle" and main["headline"] == source.title


# --- hostile text -----------------------------------------------------------------------

END = "</script><script>window.__pwned=99</script><!--"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = make_project(
        tmp_path_factory.mktemp("hostile-ld") / "mini",
        FIXTURES / "mini" / "content",
        FIXTURES / "mini" / "seeds",
    )
    texts = make_hostile(root)
    briefing = root / "content/briefing.yml"
    briefing.write_text(
        briefing.read_text(encoding="utf-8") + f"  license: {json.dumps(END)}\n",
        encoding="utf-8",
    )
    result = run_main(root, "build")
    assert result.code == 0, result.err
    return root / "site", texts


def test_hostile_text_cannot_leave_the_block(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, texts = hostile_site
    for rel in pages(site):
        parsed = parse(site / rel)
        assert len(parsed.blocks) == 1, rel
        block = parsed.blocks[0]
        assert "<" not in block and ">" not in block, rel
        data = json.loads(block)
        text = json.dumps(data, ensure_ascii=False)
        assert json.dumps(END, ensure_ascii=False)[1:-1] in text, rel  # the licence, intact
        # No script element but the block holds the injected code: it did not get out.
        assert [s for s in parsed.scripts if "__pwned" in s and s != block] == [], rel
    home = json.dumps(json.loads(blocks(site / "index.html")[0]), ensure_ascii=False)
    for field in ("title", "bottom_line", "outlet"):
        assert json.dumps(texts[field], ensure_ascii=False)[1:-1] in home, field
    assert any(p in home for p in PAYLOADS if "<" in p)
