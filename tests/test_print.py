"""The Print page, printed to PDF by Chromium: the whole briefing on paper.

The PDF exists, has pages, and its text holds the bottom line and every quote (word
for word, spacing aside); with print media the navigation is gone, each section starts
a new sheet, no table row or quote is split across sheets and table headers repeat.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def squash(text: str) -> str:
    """Text with its spacing and typography's compatibility forms (ligatures) folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def printed(browser: Any, site_url: str) -> tuple[bytes, Any]:
    page = browser.new_page()
    page.goto(site_url + "print/")
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format="A4")
    yield pdf, page
    page.close()


def test_the_print_page_prints_the_whole_briefing(
    printed: tuple[bytes, Any], real_briefing: Any
) -> None:
    pdf, _ = printed
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    sheets = len(reader.pages)
    assert sheets > 1
    text = squash("\n".join(p.extract_text() for p in reader.pages))
    assert squash(real_briefing.bottom_line) in text
    missing = [q.id for q in real_briefing.quotes.values() if squash(q.text) not in text]
    assert missing == []
    assert real_briefing.quotes  # the check saw quotes
    for claim in real_briefing.claims.values():
        assert squash(claim.statement) in text, claim.id
    # No navigation on paper: the table of contents' title is Material's furniture.
    assert squash("Table of contents") not in text


def test_print_layout_rules(printed: tuple[bytes, Any]) -> None:
    _, page = printed
    page.emulate_media(media="print")
    try:
        style = page.evaluate(
            """() => {
              const css = (el, prop) => el ? getComputedStyle(el)[prop] : null;
              const breaks = [...document.querySelectorAll('.md-typeset h2.print-break')];
              return {
                header: css(document.querySelector('.md-header'), 'display'),
                sidebar: css(document.querySelector('.md-sidebar'), 'display'),
                footer: css(document.querySelector('.md-footer'), 'display'),
                sections: breaks.map(h => css(h, 'breakBefore')),
                row: css(document.querySelector('.md-typeset tbody tr'), 'breakInside'),
                quote: css(document.querySelector('.md-typeset blockquote'), 'breakInside'),
                head: css(document.querySelector('.md-typeset thead'), 'display'),
              };
            }"""
        )
    finally:
        page.emulate_media(media="screen")
    assert style["header"] == style["sidebar"] == style["footer"] == "none"
    assert len(style["sections"]) >= 4 and set(style["sections"]) == {"page"}
    assert style["row"] == style["quote"] == "avoid"
    assert style["head"] == "table-header-group"
