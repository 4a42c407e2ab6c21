"""End to end: the real CLI builds the real content with MkDocs; assertions on the HTML.

What to expect is read from the content's model (tests/briefing_site.py), so these pass on
any briefing; the mistakes at the end are made in copies of the mini fixture.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from briefing_site import expected_pages, html_path, model_of, site_pages
from conftest import run_main

from generator.provenance import normalize

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def briefing(real_project: Path):  # noqa: ANN201
    return model_of(real_project)


def test_every_page_kind_is_built(real_site: Path, briefing) -> None:  # noqa: ANN001
    missing = expected_pages(briefing) - site_pages(real_site)
    assert missing == set()
    assert briefing.actors and briefing.sources


def test_per_record_pages_stay_out_of_the_navigation(real_site: Path, briefing) -> None:  # noqa: ANN001
    home = (real_site / "index.html").read_text(encoding="utf-8")
    navigation = home.split('<div class="md-content"')[0]
    records = [*briefing.actors.values(), *briefing.sources.values()]
    in_nav = [r.id for r in records if f'href="{r.page.removesuffix(".md")}/"' in navigation]
    assert in_nav == []
    assert 'href="actors/"' in navigation  # the index pages are in it


def _search_docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _plain(markup: str) -> str:
    """The text a reader sees of the search index's HTML: tags dropped, entities decoded
    (an actor named 'A & B' is indexed as 'A &amp; B')."""
    return normalize(html.unescape(re.sub(r"<[^>]+>", "", markup)))


def test_search_index_holds_every_actor_name_and_quote(real_site: Path, briefing) -> None:  # noqa: ANN001
    docs = _search_docs(real_site)
    titles = {_plain(d["title"]) for d in docs}
    text = "\n".join(_plain(d["title"]) + " " + _plain(d["text"]) for d in docs)
    for actor in briefing.actors.values():
        assert normalize(actor.name) in titles, actor.name
        for alias in actor.aliases:
            assert normalize(alias) in text, alias
    for quote in briefing.quotes.values():
        assert normalize(quote.text) in text, quote.id


def test_search_lands_on_record_anchors(real_site: Path, briefing) -> None:  # noqa: ANN001
    locations = {d["location"] for d in _search_docs(real_site)}
    records = [*briefing.events.values(), *briefing.claims.values(), *briefing.quotes.values()]
    assert records
    unfound = [
        r.ref for r in records if f"{r.page.removesuffix('.md')}/#{r.anchor}" not in locations
    ]
    assert unfound == []


def test_source_text_is_not_indexed_for_search(real_site: Path, briefing) -> None:  # noqa: ANN001
    docs = _search_docs(real_site)
    for source in briefing.sources.values():
        page = [d for d in docs if d["location"].startswith(f"sources/{source.id}/")]
        assert page, f"the page of source {source.id!r} itself is searchable"
        indexed = normalize(" ".join(_plain(d["text"]) for d in page))
        longest = max(
            (normalize(source.text.text[start:end]) for start, end in source.text.paragraphs),
            key=len,
        )
        assert len(longest) > 20, source.id
        assert longest not in indexed, source.id  # the archived text is excluded from search


class _Loads(HTMLParser):
    """Every URL a page would fetch, and every outbound link."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.outbound: list[tuple[str, str]] = []  # (href, rel) of links to other hosts

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed"):
            self.fetched.append(a.get("src") or "")
        elif tag == "link":
            self.fetched.append(a.get("href") or "")
        elif tag == "a":
            self.links.append(a.get("href") or "")
            if EXTERNAL.match(a.get("href") or ""):
                self.outbound.append((a.get("href") or "", a.get("rel") or ""))
        elif tag == "object":
            self.fetched.append(a.get("data") or "")


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_page_references_a_third_party_host(real_site: Path, briefing) -> None:  # noqa: ANN001
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) >= len(expected_pages(briefing))
    for page in pages:
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [u for u in parser.fetched if EXTERNAL.match(u)]
        assert external == [], f"{page.relative_to(real_site)} loads {external}"
    for css in real_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", text), css


@pytest.fixture(scope="module")
def linked_mini(mini_built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture with an original address for source alpha, built."""
    root = tmp_path_factory.mktemp("linked") / "mini"
    shutil.copytree(mini_built, root)
    sources = root / "content/sources.yml"
    text = sources.read_text(encoding="utf-8")
    assert text.count("    file: alpha.txt\n") == 1
    sources.write_text(
        text.replace(
            "    file: alpha.txt\n",
            "    url: https://news.example/2024/10/29/troops?id=1&amp=2\n    file: alpha.txt\n",
        ),
        encoding="utf-8",
    )
    result = run_main(root, "build")
    assert result.code == 0, result.err
    return root


@pytest.mark.parametrize("which", ["real", "mini with a source url"])
def test_the_only_outbound_links_are_sources_own_addresses(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Every link to another host is a source's original address, on that source's page,
    and tells search engines not to follow it (rel=nofollow); no page has any other."""
    root = request.getfixturevalue("real_project" if which == "real" else "linked_mini")
    site = root / "site"
    found = set()
    for page in sorted(site.rglob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(site).as_posix()
        for href, rels in parser.outbound:
            assert "nofollow" in rels.split(), (rel, href, rels)
            found.add((rel, href))
    b = model_of(root)
    assert found == {(html_path(s.page), s.url) for s in b.sources.values() if s.url}
    if which != "real":
        assert found  # the check saw a link


def test_edit_link_points_at_the_yaml_file(mini: Path) -> None:
    result = run_main(
        mini,
        "build",
        env={
            "GITHUB_REPOSITORY": "example-org/briefing",
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REF_NAME": "main",
        },
    )
    assert result.code == 0, result.err
    actor = (mini / "site/actors/minister/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example-org/briefing/edit/main/content/actors.yml"' in actor
    timeline = (mini / "site/timeline/index.html").read_text(encoding="utf-8")
    assert "/edit/main/content/records.yml" in timeline


def test_plain_mkdocs_strict_build_prints_no_warning(real_project: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
        cwd=real_project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert (tmp_path / "s" / "index.html").is_file()


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


BREAKAGES = {
    # name: (file, old text, new text, expected message pieces)
    "quote not in source": (
        "content/records.yml",
        "text: We will not stand by,",
        "text: We shall not stand by,",
        [
            "content/records.yml:53:11:",
            "quote 'minister-stand-by'",
            "quote text not found verbatim in source 'alpha'",
        ],
    ),
    "unknown key": (
        "content/actors.yml",
        "    role: minister",
        "    rol: minister",
        [
            "content/actors.yml:10:5:",
            "actor 'minister'",
            "unknown key 'rol'",
            "did you mean 'role'?",
        ],
    ),
    "dangling reference": (
        "content/records.yml",
        "speaker: minister",
        "speaker: minster",
        [
            "content/records.yml:54:14:",
            "quote 'minister-stand-by'",
            "refers to actor 'minster', which does not exist",
            "did you mean 'minister'?",
        ],
    ),
    "duplicate id": (
        "content/actors.yml",
        "  - id: officials",
        "  - id: spokesman",
        [
            "content/actors.yml:18:9:",
            "actor 'spokesman'",
            "duplicate id: actor 'spokesman' is already defined at content/actors.yml:14",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_invalid_content_fails_and_leaves_the_last_build(built_mini: Path, name: str) -> None:
    mini = built_mini
    before_site, before_docs = _digest(mini / "site"), _digest(mini / "build" / "docs")
    file, old, new, pieces = BREAKAGES[name]
    path = mini / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_main(mini, "build")
    assert result.code == 2
    assert "Traceback" not in result.err
    for piece in pieces:
        assert piece in result.err, (piece, result.err)
    assert _digest(mini / "site") == before_site
    assert _digest(mini / "build" / "docs") == before_docs


def test_validate_reports_all_errors_in_one_run(mini: Path) -> None:
    actors = mini / "content/actors.yml"
    actors.write_text(
        actors.read_text()
        .replace("    role: minister", "    rol: minister")
        .replace("  - id: officials", "  - id: spokesman")
    )
    result = run_main(mini, "validate")
    assert result.code == 2
    assert "unknown key 'rol'" in result.err
    assert "duplicate id" in result.err
    assert "officials', which does not exist" in result.err  # the renamed id
    assert "3 error(s)" in result.err


def test_stats_counts_per_kind_and_source(mini: Path) -> None:
    result = run_main(mini, "stats")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    # mini has 2 sources, 4 actors, 1 quantity, 1 event, 3 claims, 2 quotes (by hand)
    assert "  sources         2" in lines and "  quotes          2" in lines
    assert "  quantities      1" in lines
    assert "  total          13" in lines
    alpha = next(line for line in lines if line.strip().startswith("alpha"))
    assert alpha.split()[-4:] == ["1", "2", "2", "1"]
