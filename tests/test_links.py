"""Every internal link and anchor in the built site resolves, checked over the HTML itself.

MkDocs' own ``validation: anchors`` sees only the Markdown it renders; this reads what is
published: every ``href``/``src`` in every page, resolved the way a browser resolves it
(relative to the page URL, a folder meaning its index.html), and every ``#fragment`` looked
up among the ids of the target page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from briefing_site import citation_count, expected_pages, model_of, record_anchors

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
#: Attributes that make the browser navigate to or fetch a URL.
URL_ATTRS = {"href", "src", "action", "poster", "data"}
#: Elements whose URL the browser fetches while loading the page (not on a click).
FETCHED = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "poster"),
    ("input", "src"),
}


@dataclass
class Ref:
    page: str  # URL path of the page the reference is on, e.g. /actors/x/
    tag: str
    attr: str
    url: str
    title: str = ""
    rel: str = ""


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    #: ids of elements with a <mark> inside them (the source reader's highlights)
    marked: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url, self.page, self.open = url, Page(), []  # open: [(tag, id)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if a.get(name):
                self.page.ids.add(a[name])
        if tag == "mark":
            self.page.marked.update(i for _, i in self.open if i)
        for attr in URL_ATTRS & a.keys():
            self.page.refs.append(
                Ref(self.url, tag, attr, a[attr], a.get("title", ""), a.get("rel", ""))
            )
        if tag not in VOID:
            self.open.append((tag, a.get("id", "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return


def url_of(site: Path, file: Path) -> str:
    return "/" + file.relative_to(site).as_posix()


def parse_site(site: Path) -> dict[str, Page]:
    """Every HTML page of a built site by URL path ('/actors/x/index.html')."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        url = url_of(site, file)
        parser = PageParser(url)
        parser.feed(file.read_text("utf-8"))
        parser.close()
        pages[url] = parser.page
    return pages


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def target_file(site: Path, page_url: str, url: str) -> tuple[Path, str, str]:
    """(file the reference resolves to, its URL path, the fragment)."""
    parts = urlsplit(urljoin(page_url, url))
    path = unquote(parts.path)
    file = site / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
        path = path.rstrip("/") + "/index.html"
    return file, path, unquote(parts.fragment)


@dataclass
class LinkReport:
    checked: int = 0
    fragments: int = 0
    external: list[Ref] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


def check_links(site: Path, pages: dict[str, Page] | None = None) -> LinkReport:
    pages = pages if pages is not None else parse_site(site)
    report = LinkReport()
    for page_url, page in pages.items():
        for ref in page.refs:
            if ref.url.startswith(("javascript:", "mailto:", "tel:", "data:")):
                continue
            if is_external(ref.url):
                report.external.append(ref)
                continue
            report.checked += 1
            if ref.url.startswith("/") and not page_url.endswith("/404.html"):
                report.broken.append(
                    f"{page_url}: <{ref.tag} {ref.attr}={ref.url!r}> is "
                    "absolute: it breaks when the site is not at the root"
                )
                continue
            file, path, fragment = target_file(site, page_url, ref.url)
            if not file.is_file():
                report.broken.append(
                    f"{page_url}: <{ref.tag} {ref.attr}={ref.url!r}> -> {path}: no such file"
                )
                continue
            if fragment and path in pages:
                report.fragments += 1
                if fragment not in pages[path].ids:
                    report.broken.append(
                        f"{page_url}: <{ref.tag} {ref.attr}={ref.url!r}> -> "
                        f"{path}: no id {fragment!r}"
                    )
    return report


def source_links(site: Path, pages: dict[str, Page]) -> Iterator[tuple[Ref, str, str]]:
    """Every record's "See it in the source" link, with its target page and paragraph id."""
    for page in pages.values():
        for ref in page.refs:
            if ref.tag == "a" and ref.title == "See it in the source":
                _, path, fragment = target_file(site, ref.page, ref.url)
                yield ref, path, fragment


# --- the checker itself -----------------------------------------------------------------------


def test_checker_finds_broken_links_and_anchors(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="a/#gone">bad anchor</a>'
        '<a href="b/">bad page</a> <a href="https://example.org/">external</a>'
        '<img src="missing.png"> <a href="#top-id">ok</a><p id="top-id"></p>'
        '<a href="/a/">absolute</a>',
        "utf-8",
    )
    (site / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><p id="p-1">text <mark>cited</mark></p><p id="p-2">x</p>'
        '<a href="../index.html#top-id">ok</a><a name="old">x</a><a href="#old">ok</a>',
        "utf-8",
    )
    report = check_links(site)
    broken = sorted(report.broken)
    assert len(broken) == 4, broken
    assert "no id 'gone'" in broken[0] + broken[1] + broken[2] + broken[3]
    assert any("/b/index.html: no such file" in b for b in broken)
    assert any("/missing.png: no such file" in b for b in broken)
    assert any("absolute" in b for b in broken)
    assert report.checked == 9 and report.fragments == 5
    assert [r.url for r in report.external] == ["https://example.org/"]
    assert parse_site(site)["/a/index.html"].marked == {"p-1"}


# --- the real site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(real_site: Path) -> dict[str, Page]:
    return parse_site(real_site)


@pytest.fixture(scope="module")
def briefing(real_project: Path):  # noqa: ANN201
    return model_of(real_project)


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(real_site, pages, briefing):
    report = check_links(real_site, pages)
    assert report.broken == [], "\n".join(report.broken)
    # Non-vacuous: every page the content calls for was read, with its records' anchors,
    # and at least every citation's link to its paragraph was followed to an id.
    assert {"/" + p for p in expected_pages(briefing)} <= set(pages)
    missing = {
        (page, anchor)
        for page, anchors in record_anchors(briefing).items()
        for anchor in anchors
        if anchor not in pages["/" + page].ids
    }
    assert missing == set()
    assert report.fragments >= citation_count(briefing) > 0
    assert report.checked > report.fragments


@pytest.mark.slow
def test_source_links_land_on_highlighted_paragraphs(real_site, pages, briefing):
    links = list(source_links(real_site, pages))
    assert len(links) == citation_count(briefing)  # one per citation
    wrong = [
        f"{ref.page}: {ref.url} -> {path}#{fragment}"
        for ref, path, fragment in links
        if not (
            path.startswith("/sources/")
            and fragment.startswith("p-")
            and fragment in pages[path].marked
        )
    ]
    assert wrong == [], "links to a paragraph with nothing highlighted:\n" + "\n".join(wrong)


@pytest.mark.slow
def test_nothing_is_fetched_from_other_hosts(real_site, pages):
    """What a page loads by itself (scripts, styles, images, fonts...) is all local; only
    links a reader clicks (an article's original URL) may point elsewhere."""
    fetched = [
        ref
        for ref in check_links(real_site, pages).external
        if (ref.tag, ref.attr) in FETCHED
        or (ref.tag == "link" and ref.rel not in ("canonical", "alternate"))
    ]
    assert fetched == []
    css = "\n".join(p.read_text("utf-8") for p in real_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css
