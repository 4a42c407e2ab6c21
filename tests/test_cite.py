""" "Cite this" and visible permalinks.

Every page ends with its citation: plain text and BibTeX naming the page, the briefing,
its as-of and build dates and the page's address. BibTeX stays well-formed whatever the
text holds. In Chromium the copy button puts exactly the citation, with an absolute
address, on the clipboard.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest

from generator.export import cite
from generator.export.meta import build_date

pytestmark = pytest.mark.slow

BLOCK = re.compile(
    r'<p class="cite-text" id="(cite-[a-z0-9-]+)-text">(.*?)</p>.*?'
    r'<code id="cite-[a-z0-9-]+-bibtex">(.*?)</code>',
    re.DOTALL,
)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def balanced(bib: str) -> bool:
    depth = 0
    escaped = False
    for char in bib:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def test_every_page_ends_with_its_citation(real_site: Path, real_briefing: Any) -> None:
    built = build_date(real_briefing)
    day = f"{built.day} {built.strftime('%B')} {built.year}"
    pages = [p for p in sorted(real_site.rglob("*.html")) if p.name != "404.html"]
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        tools = raw.split('<div class="page-tools">')
        assert len(tools) == 2, path
        match = BLOCK.search(tools[1])
        assert match, path
        text, bib = _text(match.group(2)), _text(match.group(3))
        assert real_briefing.title in text and f"as of {real_briefing.as_of.label()}" in text
        assert f"built {day}" in text
        assert balanced(bib) and bib.startswith("@misc{page-"), path
        for field in ("title", "howpublished", "year", "note", "url", "urldate"):
            assert re.search(rf"^  {field} = \{{", bib, re.M), (path, field)
        # The page's own address, relative here (no site_url in the test build).
        assert re.search(r'data-href="(\./|\.\./)', tools[1]), path


def test_bibtex_escapes_what_latex_would_read() -> None:
    class B:
        title = "A {briefing} on 100% of $x_1 & #2 ^ ~ \\"

        class as_of:  # noqa: N801 - stands in for a When
            @staticmethod
            def label() -> str:
                return "1 May 2025"

    hostile = "Title } with { braces, \\ and % & $ # _ ^ ~"
    bib = cite.bibtex(B(), "k", hostile, "https://example.org/a#b", dt.date(2025, 5, 2))  # type: ignore[arg-type]
    assert balanced(bib)
    title = re.search(r"^  title = \{(.*)\},$", bib, re.M)
    assert title and title.group(1) == (
        r"Title \} with \{ braces, \textbackslash{} and \% \& \$ \# \_ \^{} \~{}"
    )
    assert "url = {https://example.org/a#b}" in bib


@pytest.mark.browser
def test_the_copy_button_copies_the_citation(browser: Any, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site_url + "claims/")
        details = page.locator(".page-tools details.cite")
        details.locator("summary").click()
        text = page.locator(".page-tools .cite-text").inner_text()
        assert site_url + "claims/" in text  # made absolute in the browser
        button = details.locator("button.cite-copy").first
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == text
        assert button.inner_text() == "Copied"
        details.locator("button.cite-copy").nth(1).click()
        bib = page.evaluate("navigator.clipboard.readText()")
        assert bib.startswith("@misc{page-claims,") and balanced(bib)
        assert f"url = {{{site_url}claims/}}" in bib
    finally:
        context.close()
