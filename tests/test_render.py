"""Rendering: escaping filters, links, and the pages made from the mini fixture."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest

from generator.model import build_model
from generator.pipeline import check
from generator.project import Project
from generator.render import attr, md, relative, render_pages


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables"])


class _Seen(HTMLParser):
    """The tags and the text a browser would show for a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        self.tags.append(tag)
        self.attrs = dict(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def seen(html: str) -> _Seen:
    parser = _Seen()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "<https://example.org>",
        "a | b | c",
        "`unbalanced",
        "# not a heading",
        "- not a list",
        "+ not a list",
        "> not a quote",
        "1. not a list",
        "**not bold** _nor this_",
        "{{ jinja }} {% if %}",
        "{: #attr-list .injection }",
        "Tom & Jerry &amp; co",
        "back\\slash",
    ],
)
def test_md_filter_shows_text_literally(text: str) -> None:
    shown = seen(to_html(md(text)))
    assert shown.tags == ["p"]  # one paragraph, nothing else made of the text
    assert shown.text == text  # and a reader sees exactly what the editor typed


def test_md_filter_collapses_line_breaks_so_text_cannot_start_a_block() -> None:
    shown = seen(to_html("Intro " + md("line one\n---\n# two")))
    assert shown.tags == ["p"]
    assert shown.text == "Intro line one --- # two"


def test_md_filter_is_safe_inside_a_table_cell() -> None:
    table = "| a | b |\n| --- | --- |\n| " + md("x | y") + " | z |"
    shown = seen(to_html(table))
    assert shown.tags.count("td") == 2
    assert "x | y" in shown.text


def test_attr_escapes_quotes_and_markup() -> None:
    text = "a \"b\" <c> [d](javascript:x) 'e'"
    value = attr(text)
    assert not any(ch in value for ch in "\"'<>[]")
    shown = seen(f'<p title="{value}">x</p>')
    assert shown.tags == ["p"]
    assert shown.attrs["title"] == text  # the browser decodes it back to the text


@pytest.mark.parametrize(
    "src, dst, anchor, expected",
    [
        ("index.md", "timeline.md", "event-x", "timeline.md#event-x"),
        ("actors/a.md", "timeline.md", "event-x", "../timeline.md#event-x"),
        ("actors/a.md", "actors/b.md", "", "b.md"),
        ("claims.md", "claims.md", "claim-x", "#claim-x"),
        ("sources/s.md", "sources/s.md", "p-3", "#p-3"),
    ],
)
def test_relative_links(src: str, dst: str, anchor: str, expected: str) -> None:
    assert relative(src, dst, anchor) == expected


@pytest.fixture
def pages(mini) -> dict[str, str]:  # noqa: ANN001
    return render_pages(build_model(check(Project.at(mini))))


def test_every_page_kind_is_rendered(pages: dict[str, str]) -> None:
    assert set(pages) == {
        "index.md",
        "timeline.md",
        "claims.md",
        "figures.md",
        "quotes.md",
        "actors/index.md",
        "actors/ministry.md",
        "actors/minister.md",
        "actors/spokesman.md",
        "actors/officials.md",
        "sources/index.md",
        "sources/alpha.md",
        "sources/beta.md",
        "downloads.md",
        "whats-new.md",
        "print.md",
    }


def test_no_template_comment_reaches_a_page(pages: dict[str, str]) -> None:
    # Jinja comments here are {## ... ##} ("{#id}" is a Markdown anchor); a {# ... #}
    # comment is printed as text
    for path, text in pages.items():
        assert "{#-" not in text and "-#}" not in text, path


def test_records_have_stable_anchors(pages: dict[str, str]) -> None:
    assert "{#event-troops-arrive}" in pages["timeline.md"]
    assert "{#claim-ministry-3000}" in pages["claims.md"]
    assert "{#quote-minister-stand-by}" in pages["quotes.md"]
    assert "{#quantity-troops-in-region}" in pages["figures.md"]


def test_timeline_shows_precision_and_inferred_basis(pages: dict[str, str]) -> None:
    timeline = pages["timeline.md"]
    assert "## October 2024 {#m-2024-10}" in timeline
    assert "badge-inferred" in timeline
    assert "Date inferred: 'on Monday' in an article dated 2024-10-29" in timeline


def section(page: str, anchor: str) -> str:
    """One record's Markdown: from the heading with ``{#anchor}`` (and maybe attributes,
    ``{#anchor key="value"}``) to the next heading."""
    found = re.search(rf" \{{#{re.escape(anchor)}(?: [^}}\n]*)?\}}\n", page)
    assert found, f"no heading {{#{anchor}}}"
    start = found.start()
    end = re.search(r"^#{1,6} ", page[start:], re.M)
    return page[start : start + end.start()] if end else page[start:]


def test_citation_links_point_at_the_source_paragraph(pages: dict[str, str]) -> None:
    # Each excerpt's paragraph in tests/fixtures/mini/seeds, counted by hand: the
    # ministry's 3,000 and the denial are alpha.txt's paragraphs 1 and 3, the 10,000 is
    # beta.txt's 1, the minister's quote alpha.txt's 2.
    claims = pages["claims.md"]
    see = '"See it in the source")'
    assert f"[Alpha News, ¶1](sources/alpha.md#p-1 {see}" in section(claims, "claim-ministry-3000")
    assert f"[Alpha News, ¶3](sources/alpha.md#p-3 {see}" in section(
        claims, "claim-spokesman-denies"
    )
    assert f"[Beta Wire, ¶1](sources/beta.md#p-1 {see}" in section(claims, "claim-officials-10000")
    # From a page one folder down, the link to the same source climbs out of it.
    assert "[Alpha News, ¶2](../sources/alpha.md#p-2)" in section(
        pages["actors/minister.md"], "quotes"
    )


def test_source_page_marks_cited_passages(pages: dict[str, str]) -> None:
    alpha = pages["sources/alpha.md"]
    # The excerpt is marked, not the dateline before it in the same paragraph.
    assert (
        "date 2024-10-29 SEOUL &#62;&#62; <mark>The ministry said on Monday that 3,000 troops "
        "had arrived.</mark>"
    ) in alpha
    assert "<mark>A spokesman denied the report, calling it “pure fiction”.</mark>" in alpha
    assert "{: #p-3 .source-para }" in alpha
    # The whole text is excluded from search so results land on records.
    assert "data-search-exclude" in alpha


def test_contradictions_are_side_by_side(pages: dict[str, str]) -> None:
    claims = pages["claims.md"]
    row = next(
        line
        for line in claims.splitlines()
        if "claim-spokesman-denies" in line and line.startswith("|")
    )
    assert "claim-ministry-3000" in row  # denial and the claim it denies share a row


def test_competing_estimates_are_listed_in_date_order(pages: dict[str, str]) -> None:
    figures = pages["figures.md"]
    # 3,000 (as of 28 Oct) comes before "about 10,000" (no date: sorts last).
    assert figures.index("3,000 troops") < figures.index("about 10,000 troops")


def test_actor_page_gathers_records(pages: dict[str, str]) -> None:
    spokesman = pages["actors/spokesman.md"]
    assert "pure fiction" in spokesman
    assert "The report of troops arriving is false." in spokesman
    assert 'source_file: "content/actors.yml"' in spokesman


def test_generated_pages_name_their_yaml_file(pages: dict[str, str]) -> None:
    assert 'source_file: "content/records.yml"' in pages["timeline.md"]
    assert 'source_file: "content/sources.yml"' in pages["sources/alpha.md"]
    assert 'source_file: "content/briefing.yml"' in pages["index.md"]
