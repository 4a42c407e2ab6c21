"""The reader's view in a real Chromium (issue 10): phones first, pictures that switch to
their narrow drawing, badges whose tooltips show on hover and on focus, sortable tables,
and axe on the pages with pictures in both colour schemes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from browser_fixtures import DESKTOP, PHONE
from playwright.sync_api import expect
from test_accessibility import SCHEMES, axe_violations, goto, report, scheme_page

from generator.render import charts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Everything on the page that would make it scroll sideways or hide part of a table:
#: the page wider than the screen, a table cell past its edge, or a box scrolling inside.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const where = el => el.tagName.toLowerCase()
    + (el.className ? '.' + String(el.className).split(' ')[0] : '')
    + ' "' + el.textContent.trim().slice(0, 40) + '"';
  if (document.scrollingElement.scrollWidth > width) {
    const wide = document.scrollingElement.scrollWidth;
    out.push('page is ' + wide + 'px wide on a ' + width + 'px screen');
  }
  for (const cell of document.querySelectorAll('.md-content table th, .md-content table td')) {
    const r = cell.getBoundingClientRect();
    if (!r.width && !r.height) continue;  // not shown (a card's hidden header row)
    if (r.left < -0.5 || r.right > width + 0.5) out.push('cell off screen: ' + where(cell));
    if (cell.scrollWidth > cell.clientWidth + 1) out.push('cell overflows: ' + where(cell));
  }
  for (const el of document.querySelectorAll('.md-content *')) {
    const s = getComputedStyle(el);
    if (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      out.push('scrolls sideways inside: ' + where(el));
    }
  }
  return out;
}"""

#: Tables of more than three columns on a phone: each shown cell starts with its column's
#: name (the card layout), and the header row is not what names them.
CARD_LABELS = """() => {
  const out = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    if (table.querySelectorAll('thead th').length <= 3) continue;
    for (const cell of table.querySelectorAll('tbody td')) {
      if (!cell.getBoundingClientRect().height) continue;
      const label = cell.querySelector('.cell-label');
      if (!label || !label.getBoundingClientRect().height) {
        out.push('no visible column name in: ' + cell.textContent.trim().slice(0, 60));
      }
    }
  }
  return out;
}"""


def test_no_page_kind_scrolls_sideways_on_a_phone_and_every_table_fits(
    new_context, site_url, page_kinds
):
    page = new_context(viewport=PHONE).new_page()
    problems, tables = [], 0
    for kind, path in page_kinds.items():
        page.goto(site_url + path, wait_until="networkidle")
        problems += [f"{kind}: {p}" for p in page.evaluate(OVERFLOW)]
        problems += [f"{kind}: {p}" for p in page.evaluate(CARD_LABELS)]
        tables += page.locator(".md-content table").count()
    assert tables >= 3, "the check saw almost no tables"
    assert not problems, "\n".join(problems)


def test_a_wide_table_is_a_table_on_a_laptop_and_cards_on_a_phone(new_context, site_url):
    for viewport, header_shown in ((DESKTOP, True), (PHONE, False)):
        page = new_context(viewport=viewport).new_page()
        page.goto(site_url + "figures/", wait_until="networkidle")
        table = page.locator(".md-content table").first
        assert table.locator("thead").is_visible() is header_shown
        assert table.locator(".cell-label").first.is_visible() is not header_shown


def test_pictures_switch_to_their_narrow_drawing_on_a_phone(new_context, site_url):
    for viewport, shown, hidden in ((DESKTOP, "wide", "narrow"), (PHONE, "narrow", "wide")):
        page = new_context(viewport=viewport).new_page()
        page.goto(site_url + "figures/", wait_until="networkidle")
        picture = page.locator("figure.picture").first
        expect(picture.locator(f"svg.{shown}")).to_be_visible()
        expect(picture.locator(f"svg.{hidden}")).to_be_hidden()
        box = picture.locator(f"svg.{shown}").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]


def _picture_pages(b: Any) -> dict[str, str]:
    actor = max(b.actors.values(), key=lambda a: (len(charts.relations(a)), a.id))
    return {"overview": "", "figures": "figures/", "actor": f"actors/{actor.id}/"}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_axe_violations_on_pages_with_pictures_on_a_phone(
    new_context, site_url, real_briefing, scheme
):
    """Desktop widths are checked for every page kind in test_accessibility.py; this is the
    narrow drawing of each picture, in both schemes."""
    page = scheme_page(new_context, scheme, PHONE)
    for name, path in _picture_pages(real_briefing).items():
        goto(page, site_url + path, scheme)
        expect(page.locator("figure.picture svg.narrow").first).to_be_visible()
        violations = axe_violations(page)
        assert not violations, f"{name} on a phone ({scheme}):\n{report(violations)}"


def test_the_axe_desktop_run_covers_an_actor_page_with_a_picture(real_briefing):
    from browser_fixtures import busiest_actor

    assert charts.relations(busiest_actor(real_briefing))


def test_a_badge_explains_itself_on_hover_and_on_keyboard_focus(new_context, site_url):
    """Hover shows the browser's own tooltip (the title); keyboard focus shows the same
    text beside the badge (CSS), so every badge can be read without a mouse."""
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(site_url + "figures/", wait_until="networkidle")
    tip = "el => getComputedStyle(el, '::after').content"
    for selector in ("table abbr.badge.status", "table abbr.badge-inferred"):
        badge = page.locator(selector).first
        meaning = badge.get_attribute("title") or ""
        assert len(meaning) > 8
        assert badge.evaluate(tip) == "none"
        page.keyboard.press("Tab")  # focus from the keyboard, as :focus-visible needs
        badge.evaluate("el => el.focus()")
        expect(badge).to_be_focused()
        assert badge.evaluate(tip) == '"' + meaning + '"'
        assert badge.evaluate("el => getComputedStyle(el, '::after').display") == "block"
        box = badge.bounding_box()
        assert box is not None and box["height"] > 30  # the badge opens to show it


def test_a_long_table_sorts_by_any_column_with_undated_rows_last(new_context, site_url):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(site_url + "figures/", wait_until="networkidle")
    table = page.locator(".md-content table").filter(has=page.locator("tbody tr >> nth=2")).first
    rows = table.locator("tbody tr")
    n = rows.count()
    assert n >= 3

    def values() -> list[float]:
        return [float(v) for v in table.locator("tbody [data-sort]").evaluate_all(
            "els => els.map(e => e.getAttribute('data-sort'))")]  # fmt: skip

    table.locator("th button", has_text="Estimate").click()
    assert values() == sorted(values())
    expect(table.locator("th").first).to_have_attribute("aria-sort", "ascending")
    table.locator("th button", has_text="Estimate").click()
    assert values() == sorted(values(), reverse=True)
    undated = table.locator("tbody tr", has=page.locator(".badge-undated")).count()
    for _ in range(2):  # both directions
        table.locator("th button", has_text="As of").click()
        last = rows.nth(n - 1).locator(".badge-undated").count()
        assert last == (1 if undated else 0)
    assert rows.count() == n


def test_without_javascript_every_row_and_picture_is_there(new_context, site_url, real_briefing):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(site_url + "figures/")
    estimates = sum(len(q.estimates) for q in real_briefing.ordered_quantities)
    expect(page.locator(".md-content table tbody tr")).to_have_count(estimates)
    charted = [q for q in real_briefing.ordered_quantities if len(q.estimates) > 1]
    expect(page.locator("figure.picture svg.narrow:visible")).to_have_count(len(charted))


# --- the claims page: filters, and complete without JavaScript ----------------------


def _claims_page(b: Any) -> tuple[str, list[Any]]:
    """The claims page with the most claims (the only one while the list fits) and them."""
    pages: dict[str, list[Any]] = {}
    for claim in b.claims.values():
        pages.setdefault(claim.page, []).append(claim)
    page = max(pages, key=lambda p: (len(pages[p]), p))
    url = page.removesuffix(".md").removesuffix("index") + "/"
    return url.replace("//", "/"), pages[page]


def _people(claim: Any) -> set[str]:
    return {claim.claimant.id, *(a.id for a in claim.speakers)}


def test_claim_filters_by_status_and_claimant_show_just_those_claims(
    new_context, site_url, real_briefing
):
    url, claims = _claims_page(real_briefing)
    page = new_context(viewport=PHONE).new_page()
    page.goto(site_url + url, wait_until="networkidle")
    form = page.locator("form.claim-filters")
    expect(form).to_be_visible()
    shown = page.locator("h3[id^='claim-']:visible")
    expect(shown).to_have_count(len(claims))
    status = Counter(c.status for c in claims).most_common(1)[0][0]
    form.locator("select[name=status]").select_option(status)
    with_status = [c for c in claims if c.status == status]
    expect(shown).to_have_count(len(with_status))
    who = Counter(p for c in with_status for p in _people(c)).most_common(1)[0][0]
    form.locator("select[name=who]").select_option(who)
    both = [c for c in with_status if who in _people(c)]
    assert 0 < len(both) < len(claims)
    expect(shown).to_have_count(len(both))
    assert sorted(shown.evaluate_all("els => els.map(e => e.id)")) == sorted(c.anchor for c in both)
    expect(form.locator(".claim-count")).to_have_text(
        f"Showing {len(both)} of {len(claims)} claims."
    )
    hidden = next(c for c in claims if c not in both)  # its statement and citations hide too
    expect(page.locator(f"#{hidden.anchor} ~ .cites").first).to_be_hidden()
    form.locator("button[type=reset]").click()
    expect(shown).to_have_count(len(claims))
    expect(form.locator(".claim-count")).to_have_text(f"Showing all {len(claims)} claims.")


def test_claim_filters_by_topic_and_source_offer_what_the_page_holds(
    new_context, site_url, real_briefing
):
    url, claims = _claims_page(real_briefing)
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(site_url + url, wait_until="networkidle")
    form = page.locator("form.claim-filters")
    sources = Counter(s for c in claims for s in {cite.source.id for cite in c.citations})
    values = form.locator("select[name=source] option").evaluate_all(
        "els => els.map(e => e.value).filter(Boolean)"
    )
    assert sorted(values) == sorted(sources)
    source = sources.most_common()[-1][0]
    form.locator("select[name=source]").select_option(source)
    expect(page.locator("h3[id^='claim-']:visible")).to_have_count(sources[source])
    topics = Counter(t for c in claims for t in (c.topics or [c.topic]))
    topic = topics.most_common(1)[0][0]
    form.locator("button[type=reset]").click()
    form.locator("select[name=topic]").select_option(topic)
    expect(page.locator("h3[id^='claim-']:visible")).to_have_count(topics[topic])
    # a topic heading with nothing left under it hides as well
    visible_topics = page.locator("h2[id^='topic-']:visible").count()
    assert visible_topics == len({c.topic for c in claims if topic in (c.topics or [c.topic])})


def test_without_javascript_the_claims_page_shows_every_claim_and_no_filters(
    new_context, site_url, real_briefing
):
    url, claims = _claims_page(real_briefing)
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(site_url + url)
    expect(page.locator("form.claim-filters")).to_be_hidden()
    expect(page.locator("h3[id^='claim-']:visible")).to_have_count(len(claims))
    cites = sum(len(c.citations) for c in claims)
    expect(page.locator(".cites li:visible")).to_have_count(cites)


# --- the timeline: newest first, the background after -------------------------------


def test_the_timeline_opens_on_the_latest_events_with_the_background_after(
    new_context, site_url, real_briefing
):
    events = [e for e in real_briefing.events.values() if e.page == "timeline.md"]
    split = charts.focus_split(events)
    assert split is not None
    page = new_context(viewport=PHONE).new_page()
    page.goto(site_url + "timeline/", wait_until="networkidle")
    expect(page.locator("figure.picture-timeline svg.narrow")).to_be_visible()
    order = page.locator("h3[id^='event-']").evaluate_all("els => els.map(e => e.id)")
    assert len(order) == len(events)
    by_anchor = {e.anchor: e for e in events}
    last_day = max(e.when.end for e in events)
    assert by_anchor[order[0]].when.end == last_day, "the page does not open on the latest"
    starts = [by_anchor[a].when.start for a in order[: len(order) - len(split.background)]]
    months = [(d.year, d.month) for d in starts]
    assert months == sorted(months, reverse=True), "the story's months are not newest first"
    background = [e.anchor for e in sorted(split.background, key=lambda e: e.when.sort_key)]
    if background:
        assert order[-len(background) :] == background  # after the story, oldest first
        h2 = page.locator("h2").evaluate_all("els => els.map(e => e.id)")
        assert h2[-1] == "background"
