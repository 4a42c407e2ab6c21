"""The built site as a reader meets it: real Chromium, real MkDocs build, served on 127.0.0.1.

Expected names, phrases and numbers are picked from the content at test time (through the
same model the generator builds), so the tests follow the briefing as it changes.
Without Chromium these tests skip locally and fail in CI (see browser_fixtures.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from briefing_site import expected_pages
from browser_fixtures import DESKTOP, PHONE, QuietModel, busiest_actor, wait_for_search
from playwright.sync_api import expect

from generator.provenance import normalize

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]

#: Material's separator for search terms (the `cases` fixture checks the built index uses it).
SEARCH_SEPARATOR = re.compile(r"[\s\-]+")


# --- helpers -------------------------------------------------------------------------------


def text_form(text: str) -> str:
    """Comparison form of visible text: normalised quotes, dashes and spaces, lower case."""
    return normalize(text).lower()


def title(text: str) -> re.Pattern[str]:
    """A page's h1 as shown: the text, then Material's permalink sign."""
    return re.compile(rf"^\s*{re.escape(text)}\s*¶?\s*$")


def path_of(url: str) -> str:
    return urlsplit(url).path


def open_url(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")


def new_tab(page: Any) -> Any:
    """Another tab in ``page``'s browser context (and so under the same Watch).

    A page reached by a click is left to finish loading in its tab: going on from it in
    the same tab would cut off what it still fetches (its favicon comes after the load
    event), and the Watch would rightly count that as a failed request.
    """
    return page.context.new_page()


def open_tabs(page: Any, urls: list[str]) -> list[Any]:
    """Each URL in a tab of its own (the first in ``page``), all loading at once; return
    the tabs once every one is at network idle."""
    tabs = [page] + [new_tab(page) for _ in urls[1:]]
    for tab, url in zip(tabs, urls, strict=True):
        tab.goto(url, wait_until="commit")
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    return tabs


def nav_entries() -> list[tuple[str, str]]:
    """(label, URL path relative to the site root) of every entry in mkdocs.yml's nav."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        nav = yaml.load(f, Loader=yaml.BaseLoader)["nav"]
    out = []
    for item in nav:
        ((label, doc),) = item.items()
        url = re.sub(r"(^|/)index\.md$", r"\1", doc)
        url = re.sub(r"\.md$", "/", url)
        out.append((label, url))
    return out


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` key by key into Material's search box; return the result links.

    Results re-render on every key-up, each answer arriving when the worker is done with
    it: wait for the answer to the whole query (browser_fixtures.wait_for_search).
    """
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=60)
    wait_for_search(page)
    expect(page.locator(".md-search-result__meta")).to_have_text(
        re.compile(r"\d+ matching documents?"), timeout=1
    )
    return page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")


def first_hit(page: Any) -> tuple[Any, str]:
    """The best match: the first result link whose ``?h=`` names matched terms.

    Material lists each page a match was found in with the page itself first; when only a
    section of the page matched, that page link carries an empty ``?h=`` and the section
    follows it, so the first link with terms in ``h`` is the best-scoring match.
    """
    links = page.locator("a.md-search-result__link")
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        if parse_qs(urlsplit(href).query).get("h"):
            return links.nth(i), href
    raise AssertionError("no search result names a matched term")


def landed_text(page: Any) -> str:
    """Text of the section the URL's fragment points at (its heading to the next one of the
    same or higher level), or of the whole article when there is no fragment."""
    fragment = unquote(urlsplit(page.url).fragment)
    return page.evaluate(
        """(id) => {
          if (!id) return document.querySelector("article").innerText;
          const el = document.getElementById(id);
          if (!el) return null;
          if (!/^H[1-6]$/.test(el.tagName)) return el.innerText;
          const level = Number(el.tagName[1]);
          let text = el.innerText;
          for (let n = el.nextElementSibling; n; n = n.nextElementSibling) {
            if (/^H[1-6]$/.test(n.tagName) && Number(n.tagName[1]) <= level) break;
            text += "\\n" + n.innerText;
          }
          return text;
        }""",
        fragment,
    )


def click_first_hit(page: Any, site_url: str) -> str:
    """Click the best match; check the page and anchor it lands on exist and are in view."""
    link, href = first_hit(page)
    link.click()
    page.wait_for_url(lambda u: path_of(u) == path_of(href))
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(site_url)
    fragment = unquote(urlsplit(href).fragment)
    assert urlsplit(page.url).fragment == urlsplit(href).fragment
    if fragment:
        target = page.locator(f"[id='{fragment}']")
        expect(target).to_have_count(1)
        expect(target).to_be_in_viewport()
    return href


def index_docs(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def doc_frequency(docs: list[dict[str, Any]], word: str) -> int:
    """In how many search documents a term starting with ``word`` occurs (Material adds a
    trailing wildcard to every term typed)."""
    word = word.lower()
    count = 0
    for doc in docs:
        terms = SEARCH_SEPARATOR.split(f"{doc['title']} {doc['text']}".lower())
        count += any(t.startswith(word) for t in terms)
    return count


# --- what to search for, from the content ---------------------------------------------------

#: Lunr's English stop words: Material's search drops them from the query, so a phrase of
#: them would be searched as fewer words than the reader typed.
STOP = set(
    """a able about across after all almost also am among an and any are as at be
because been but by can cannot could dear did do does either else ever every for from get
got had has have he her hers him his how however i if in into is it its just least let like
likely may me might most must my neither no nor not of off often on only or other our own
rather said say says she should since so some than that the their them then there these
they this tis to too twas us wants was we were what when where which while who whom why
will with would yet you your""".split()
)


def alias_case(b: QuietModel) -> tuple[Any, str] | None:
    """An actor and an alias that is a spelling of its own, not a word of its name."""
    names: dict[str, int] = {}
    for a in b.actors.values():
        for n in a.names:
            names[n.lower()] = names.get(n.lower(), 0) + 1
    actors = sorted(
        b.actors.values(), key=lambda a: (-(len(a.quotes) + len(a.claims) + len(a.events)), a.id)
    )
    for actor in actors:
        own = SEARCH_SEPARATOR.split(actor.name.lower())
        for alias in actor.aliases:
            words = SEARCH_SEPARATOR.split(alias.lower())
            if (
                len(alias) >= 4
                and names[alias.lower()] == 1
                and re.fullmatch(r"[\w .'-]+", alias)
                and words[0] not in {"the", "mr", "ms", "his", "her"}
                and not all(any(o.startswith(w) for o in own) for w in words)
            ):
                return actor, alias
    return None


def quote_case(b: QuietModel, docs: list[dict[str, Any]]) -> tuple[Any, str] | None:
    """A quote and a phrase of it (three, else two, plain words in a row), as rare in the
    site as possible.

    Material weights a word in a heading 1000 times a word in running text, so a claim whose
    heading shares one word with the phrase outranks the quote that has them all; the
    phrase is picked from words no heading contains, so that what is tested is whether
    search finds the quote, not how Material ranks headings.
    """
    titles = {t for d in docs for t in SEARCH_SEPARATOR.split(d["title"].lower())}
    for n in (3, 2):
        best: tuple[int, str, Any] | None = None
        for q in sorted(b.quotes.values(), key=lambda q: q.id):
            words = q.text.split()
            for i in range(len(words) - n + 1):
                window = words[i : i + n]
                if not all(re.fullmatch(r"[A-Za-z]{3,}", w) for w in window):
                    continue
                if any(w.lower() in STOP for w in window):
                    continue
                if any(t.startswith(w.lower()) for w in window for t in titles):
                    continue
                score = sum(doc_frequency(docs, w) for w in window)
                if best is None or score < best[0]:
                    best = (score, " ".join(window), q)
        if best is not None:
            return best[2], best[1]
    return None


def figure_case(b: QuietModel, docs: list[dict[str, Any]]) -> tuple[list[Any], str] | None:
    """A number as the site prints it (e.g. '12,000') and the claims that give it."""
    by_number: dict[str, list[Any]] = {}
    for c in b.claims.values():
        f = c.figure
        if f is None:
            continue
        for v in (f.value, f.low, f.high):
            if v is not None and v >= 1000 and float(v).is_integer():
                by_number.setdefault(f"{int(v):,}", []).append(c)
    # Prefer a number more than one claim gives (an estimate a reader would look up), then
    # the one fewest search documents contain.
    found = [n for n in by_number if doc_frequency(docs, n) > 0]
    if not found:
        return None
    number = min(found, key=lambda n: (len(by_number[n]) < 2, doc_frequency(docs, n), n))
    return by_number[number], number


@pytest.fixture(scope="session")
def cases(real_briefing: QuietModel, real_site: Path) -> dict[str, Any]:
    """What to look for, as plain strings picked from the content (model objects link to
    each other in cycles, so they are kept out of assertions and their reports)."""
    b, docs = real_briefing, index_docs(real_site)
    config = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))
    assert config["config"]["separator"] == SEARCH_SEPARATOR.pattern
    actor = busiest_actor(b)
    alias, quote, figure = alias_case(b), quote_case(b, docs), figure_case(b, docs)
    source = sorted(b.sources.values(), key=lambda s: s.id)[0]
    cites = {}
    for kind in ("events", "claims", "quotes"):
        records = sorted((r for r in getattr(b, kind).values() if r.citations), key=lambda r: r.id)
        if records:
            r, c = records[0], records[0].citations[0]
            cites[kind] = {
                "url": r.page.removesuffix(".md") + "/#" + r.anchor,
                "target": f"sources/{c.source.id}/#{c.anchor}",
                "paragraph": c.anchor,
                "excerpt": c.excerpt,
            }
    return {
        "actor": {"id": actor.id, "name": actor.name},
        # None when the content has no such thing to search for: that test then skips.
        "alias": alias and {"id": alias[0].id, "alias": alias[1]},
        "quote": quote and {"anchor": quote[0].anchor, "phrase": quote[1]},
        "figure": figure and {"number": figure[1], "anchors": sorted(c.anchor for c in figure[0])},
        "source": {"id": source.id, "title": source.title},
        "cites": cites,
    }


# --- search ---------------------------------------------------------------------------------


def test_search_actor_name_lands_on_actor_page(reader, site_url, cases):
    name, actor_page = cases["actor"]["name"], f"actors/{cases['actor']['id']}/"
    page, watch = reader()
    open_url(page, site_url)
    search(page, name)
    href = click_first_hit(page, site_url)
    assert path_of(href) == path_of(site_url) + actor_page, (name, href)
    expect(page.locator("article h1")).to_have_text(title(name))
    assert watch.problems() == []


def test_search_alias_spelling_finds_actor(reader, site_url, cases):
    if cases["alias"] is None:
        pytest.skip("no actor has an alias spelled differently from its name")
    alias, actor_page = cases["alias"]["alias"], f"actors/{cases['alias']['id']}/"
    page, watch = reader()
    open_url(page, site_url)
    hrefs = search(page, alias)
    assert path_of(site_url) + actor_page in {path_of(h) for h in hrefs}, (alias, hrefs)
    click_first_hit(page, site_url)
    landed = text_form(landed_text(page) or "")
    assert text_form(alias) in landed, (alias, page.url)
    assert watch.problems() == []


def test_search_quote_phrase_lands_on_it(reader, site_url, cases):
    if cases["quote"] is None:
        pytest.skip("no quote has two plain words in a row that no heading has")
    phrase, anchor = cases["quote"]["phrase"], cases["quote"]["anchor"]
    page, watch = reader()
    open_url(page, site_url)
    hrefs = search(page, phrase)
    anchors = {(path_of(h), urlsplit(h).fragment) for h in hrefs}
    assert (path_of(site_url) + "quotes/", anchor) in anchors, (phrase, hrefs)
    click_first_hit(page, site_url)
    landed = text_form(landed_text(page) or "")
    assert text_form(phrase) in landed, (phrase, page.url)
    assert watch.problems() == []


def test_search_figure_number_lands_on_it(reader, site_url, cases):
    if cases["figure"] is None:
        pytest.skip("no figure of 1,000 or more whose number is in the search index")
    number, claim_anchors = cases["figure"]["number"], set(cases["figure"]["anchors"])
    page, watch = reader()
    open_url(page, site_url)
    hrefs = search(page, number)
    anchors = {urlsplit(h).fragment for h in hrefs}
    assert anchors & claim_anchors, (number, hrefs)
    click_first_hit(page, site_url)
    landed = landed_text(page) or ""
    assert number in landed, (number, page.url)
    assert watch.problems() == []


# --- navigation -----------------------------------------------------------------------------


def test_every_page_kind_reachable_from_overview_by_tabs(reader, site_url, cases):
    page, watch = reader(viewport=DESKTOP)
    entries = nav_entries()
    assert len(entries) >= 9
    for label, url in entries:
        page = new_tab(page)
        open_url(page, site_url)
        tab = page.locator(".md-tabs__link", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        tab.click()
        page.wait_for_url(site_url + url)
        expect(page.locator("article h1")).to_be_visible()
        expect(page.locator(".md-tabs__item--active")).to_have_text(re.compile(label))

    # Per-record pages are outside the global nav: reached from their index page.
    actor, source = cases["actor"], cases["source"]
    page = new_tab(page)
    open_url(page, site_url + "actors/")
    page.locator("article").get_by_role("link", name=actor["name"], exact=True).first.click()
    page.wait_for_url(site_url + f"actors/{actor['id']}/")
    expect(page.locator("article h1")).to_have_text(title(actor["name"]))

    page = new_tab(page)
    open_url(page, site_url + "sources/")
    page.locator("article").get_by_role("link", name=source["title"], exact=True).first.click()
    page.wait_for_url(site_url + f"sources/{source['id']}/")
    expect(page.locator("article h1")).to_have_text(title(source["title"]))
    assert watch.problems() == []


def test_phone_menu_opens_and_navigates(reader, site_url):
    page, watch = reader(viewport=PHONE, has_touch=True, is_mobile=True)
    open_url(page, site_url)
    expect(page.locator(".md-tabs")).to_be_hidden()
    for label, url in nav_entries()[1:]:
        page = new_tab(page)
        open_url(page, site_url)
        drawer = page.locator(".md-sidebar--primary")
        expect(drawer).not_to_be_in_viewport()
        page.locator(".md-header label[for='__drawer']").click()
        expect(drawer).to_be_in_viewport()
        link = drawer.locator(".md-nav__link", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        link.first.click()
        page.wait_for_url(site_url + url)
        expect(page.locator("article h1")).to_be_in_viewport()
    assert watch.problems() == []


# --- provenance: "See it in the source" ------------------------------------------------------


@pytest.mark.parametrize("kind", ["events", "claims", "quotes"])
def test_source_link_lands_on_highlighted_passage(reader, site_url, cases, kind):
    if kind not in cases["cites"]:
        pytest.skip(f"the content has no {kind}")  # each one cites: none means none at all
    cite = cases["cites"][kind]
    page, watch = reader()
    open_url(page, site_url + cite["url"])
    link = page.locator(f"a[title='See it in the source'][href$='{cite['target']}']").first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(site_url + cite["target"])
    para = page.locator(f"[id='{cite['paragraph']}']")
    expect(para).to_be_in_viewport()
    marks = para.locator("mark")
    expect(marks.first).to_be_visible()
    marked = text_form(" ".join(marks.all_inner_texts()))
    assert text_form(cite["excerpt"])[:30] in marked, (cite["excerpt"], marked)
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    outline = para.evaluate("p => getComputedStyle(p).outlineStyle")
    assert outline != "none", "the paragraph the link points at is not outlined"
    assert watch.problems() == []


# --- light/dark -----------------------------------------------------------------------------


def test_colour_scheme_toggle(reader, site_url):
    page, watch = reader(color_scheme="light")
    open_url(page, site_url)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light_bg = body.evaluate("b => getComputedStyle(b).backgroundColor")

    page.locator("label[title='Switch to dark mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    dark_bg = body.evaluate("b => getComputedStyle(b).backgroundColor")
    assert dark_bg != light_bg

    open_url(page, site_url + "timeline/")  # the choice persists across pages
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label[title='Switch to light mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert watch.problems() == []


def test_dark_system_preference_selects_slate(reader, site_url):
    page, _ = reader(color_scheme="dark")
    open_url(page, site_url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


# --- no errors, nothing from other hosts ------------------------------------------------------


def loaded_the_theme(watch: Any, site_url: str) -> None:
    """Non-vacuous: the pages did load the theme's scripts, styles and the search worker
    (the site's own, whose index loads only as a query needs it, never the lunr index)."""
    loaded = {path_of(u) for u in watch.requests}
    assert any(p.endswith(".js") for p in loaded)
    assert any(p.endswith(".css") for p in loaded)
    assert path_of(site_url) + "javascripts/search-worker.js" in loaded
    assert path_of(site_url) + "search/search_index.json" not in loaded
    assert not any("/search-index/" in p for p in loaded)  # only a search loads the index


def test_page_kinds_load_cleanly_on_a_phone(reader, site_url, page_kinds):
    """Every page kind on a phone: no console error, no failed or foreign request. (On a
    desktop, the next test loads every page of the site.)"""
    page, watch = reader(viewport=PHONE)
    kinds = list(page_kinds.items())
    tabs = open_tabs(page, [site_url + url for _, url in kinds])
    for tab, (kind, _) in zip(tabs, kinds, strict=True):
        expect(tab.locator("article h1")).to_be_visible()
        assert urlsplit(tab.url).path == urlsplit(site_url + page_kinds[kind]).path
    assert watch.problems() == []
    loaded_the_theme(watch, site_url)


def test_every_page_requests_only_the_local_server(reader, site_url, real_site, real_briefing):
    """Every page of the site on a desktop, loaded to network idle: its title shows, no
    console error, nothing from another host, nothing failing. Pages load six at a time,
    in tabs of one browser context."""
    files = sorted(real_site.rglob("*.html"))
    assert expected_pages(real_briefing) <= {f.relative_to(real_site).as_posix() for f in files}
    urls = [
        site_url + f.relative_to(real_site).as_posix().removesuffix("index.html") for f in files
    ]
    first, watch = reader()
    tabs = [first] + [first.context.new_page() for _ in range(5)]
    for start in range(0, len(urls), len(tabs)):
        batch = list(zip(tabs, urls[start : start + len(tabs)], strict=False))
        for tab, url in batch:
            tab.goto(url, wait_until="commit")
        for tab, url in batch:
            tab.wait_for_load_state("networkidle")
            expect(tab.locator("article h1")).to_be_visible()
            assert urlsplit(tab.url).path == urlsplit(url).path
        assert watch.problems() == [], [url for _, url in batch]
    loaded = {path_of(u) for u in watch.requests}
    assert {path_of(u) for u in urls} <= loaded
    loaded_the_theme(watch, site_url)
