"""The briefing's reader query set, typed key by key into the real site in Chromium.

The set is the briefing's own (``content/checks/search_queries.txt``, see
tests/search_queries.py for its form); these tests hold any briefing that has one to the
search targets: the first result right for 95% of the queries, a right one in the top
three for every query, and every result a record of its own that lands on its anchor.
The offline edition (``briefing offline``, unpacked and opened from file://) is held to
the same targets.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import search_queries as sq
from browser_fixtures import PHONE
from playwright.sync_api import expect

from generator.export import OFFLINE_FILE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = 0.95
TOP3 = 1.0


@pytest.fixture(scope="session")
def query_set(real_project: Path) -> list[sq.Query]:
    path = real_project / "content" / sq.QUERY_FILE
    if not path.is_file():
        pytest.skip(f"the briefing keeps no reader query set ({sq.QUERY_FILE} in its content)")
    return sq.read_queries(path)


@pytest.fixture(scope="session")
def score(browser, site_url, real_site, query_set) -> sq.Score:
    """Every query typed once, in one page (results are read after each full query)."""
    context = browser.new_context()
    context.add_init_script(sq.SEARCH_PROBE)
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    result = sq.run_queries(page, site_url, query_set, real_site)
    context.close()
    return result


@pytest.fixture(scope="session")
def offline_score(browser, real_project: Path, query_set, tmp_path_factory) -> sq.Score:
    """The same queries in the real briefing's offline edition (which the real project's
    build made), unpacked and opened from disk."""
    unpacked = tmp_path_factory.mktemp("offline-search")
    with zipfile.ZipFile(real_project / "site" / OFFLINE_FILE) as z:
        z.extractall(unpacked)
    (edition,) = unpacked.iterdir()
    context = browser.new_context()
    context.add_init_script(sq.SEARCH_PROBE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: r.url.startswith("file://") or errors.append(r.url))
    page.goto((edition / "index.html").as_uri())
    # Pasted whole: the hosted site's test types them key by key, through the same worker.
    outcome = sq.run_queries(page, edition.as_uri() + "/", query_set, edition, at_once=True)
    context.close()
    assert errors == []  # nothing failed, nothing came from anywhere but the folder
    return outcome


def test_query_set_covers_what_readers_type(query_set):
    categories = {q.category for q in query_set}
    assert len(query_set) >= 60
    assert {"spelling", "number", "phrase", "outlet", "topic", "question"} <= categories


def test_first_result_is_right(score):
    assert score.rate("first") >= FIRST, "\n".join(score.misses("first"))


def test_a_right_result_is_in_the_top_three(score):
    assert score.rate("top3") >= TOP3, "\n".join(score.misses("top3"))


def test_every_record_is_a_result_of_its_own(score):
    """Records on one page come back as results of their own, each with its anchor."""
    records = [r for o in score.outcomes for r in o.results[:3] if not r.endswith("#")]
    assert records, "no result is a record on a page: every result is a whole page"
    for outcome in score.outcomes:
        assert len(outcome.results) == len(set(outcome.results)), outcome.results


@pytest.mark.parametrize("category", ["spelling", "number", "phrase", "outlet", "topic"])
def test_first_result_lands_on_its_anchor_on_a_phone(reader, site_url, query_set, score, category):
    """On a phone: open search from the header, type, press Enter (Material goes to the
    best result), and land on that record, in view."""
    outcome = next(o for o in score.outcomes if o.query.category == category and o.first)
    page, watch = reader(viewport=PHONE, has_touch=True, is_mobile=True)  # probe installed
    page.goto(site_url, wait_until="networkidle")
    page.locator(".md-header label[for='__search']").first.click()
    sq.type_query(page, outcome.query.text)
    page.locator(".md-search__input").press("Enter")
    path, _, fragment = outcome.results[0].partition("#")
    page.wait_for_url(lambda url: unquote(urlsplit(url).path).endswith("/" + path))
    page.wait_for_load_state("networkidle")
    assert unquote(urlsplit(page.url).fragment) == fragment
    if fragment:
        expect(page.locator(f"[id='{fragment}']")).to_be_in_viewport()
    assert watch.problems() == []


def test_offline_edition_first_result_is_right(offline_score):
    assert offline_score.rate("first") >= FIRST, "\n".join(offline_score.misses("first"))


def test_offline_edition_has_a_right_result_in_the_top_three(offline_score):
    assert offline_score.rate("top3") >= TOP3, "\n".join(offline_score.misses("top3"))
