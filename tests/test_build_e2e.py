"""End to end: the real CLI builds the real content with MkDocs; assertions on the HTML."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from generator.model import build_model
from generator.pipeline import check
from generator.project import Project
from generator.provenance import normalize

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def briefing(real_project: Path):  # noqa: ANN201
    return build_model(check(Project.at(real_project)))


def test_every_page_kind_is_built(real_site: Path, briefing) -> None:  # noqa: ANN001
    for page in [
        "index.html",
        "timeline/index.html",
        "claims/index.html",
        "figures/index.html",
        "quotes/index.html",
        "actors/index.html",
        "sources/index.html",
        "tags/index.html",
        "about/index.html",
        "404.html",
    ]:
        assert (real_site / page).is_file(), page
    for actor in briefing.actors.values():
        assert (real_site / "actors" / actor.id / "index.html").is_file(), actor.id
    for source in briefing.sources.values():
        assert (real_site / "sources" / source.id / "index.html").is_file(), source.id


def test_per_record_pages_stay_out_of_the_navigation(real_site: Path, briefing) -> None:  # noqa: ANN001
    home = (real_site / "index.html").read_text(encoding="utf-8")
    some_actor = next(iter(briefing.actors.values()))
    assert f'href="actors/{some_actor.id}/"' not in home.split('<div class="md-content"')[0]


def _search_docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _plain(html: str) -> str:
    return normalize(re.sub(r"<[^>]+>", "", html))


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
    quote = next(iter(briefing.quotes.values()))
    event = next(iter(briefing.events.values()))
    claim = next(iter(briefing.claims.values()))
    assert f"quotes/#quote-{quote.id}" in locations
    assert f"timeline/#event-{event.id}" in locations
    assert f"claims/#claim-{claim.id}" in locations


def test_source_text_is_not_indexed_for_search(real_site: Path, briefing) -> None:  # noqa: ANN001
    docs = _search_docs(real_site)
    source = next(iter(briefing.sources.values()))
    page = [d for d in docs if d["location"].startswith(f"sources/{source.id}/")]
    assert page, "the source page itself is searchable"
    indexed = normalize(" ".join(_plain(d["text"]) for d in page))
    start, end = source.text.paragraphs[-1]
    last_paragraph = normalize(source.text.text[start:end])
    assert len(last_paragraph) > 20
    assert last_paragraph not in indexed  # the archived text is excluded from search


class _Loads(HTMLParser):
    """Every URL a page would fetch, and every outbound link."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed"):
            self.fetched.append(a.get("src") or "")
        elif tag == "link":
            self.fetched.append(a.get("href") or "")
        elif tag == "a":
            self.links.append(a.get("href") or "")
        elif tag == "object":
            self.fetched.append(a.get("data") or "")


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_page_references_a_third_party_host(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = _Loads()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        external = [u for u in parser.fetched if EXTERNAL.match(u)]
        assert external == [], f"{page.relative_to(real_site)} loads {external}"
        # No outbound links either, apart from a source's own original address.
        assert [u for u in parser.links if EXTERNAL.match(u)] == [] or 'rel="nofollow' in html
    for css in real_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", text), css


def test_edit_link_points_at_the_yaml_file(mini: Path) -> None:
    result = run_cli(
        mini,
        "build",
        env={
            "GITHUB_REPOSITORY": "example-org/briefing",
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REF_NAME": "main",
        },
    )
    assert result.returncode == 0, result.stderr
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
def test_invalid_content_fails_and_leaves_the_last_build(mini: Path, name: str) -> None:
    first = run_cli(mini, "build")
    assert first.returncode == 0, first.stderr
    before_site, before_docs = _digest(mini / "site"), _digest(mini / "build" / "docs")
    file, old, new, pieces = BREAKAGES[name]
    path = mini / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli(mini, "build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for piece in pieces:
        assert piece in result.stderr, (piece, result.stderr)
    assert _digest(mini / "site") == before_site
    assert _digest(mini / "build" / "docs") == before_docs


def test_validate_reports_all_errors_in_one_run(mini: Path) -> None:
    actors = mini / "content/actors.yml"
    actors.write_text(
        actors.read_text()
        .replace("    role: minister", "    rol: minister")
        .replace("  - id: officials", "  - id: spokesman")
    )
    result = run_cli(mini, "validate")
    assert result.returncode == 2
    assert "unknown key 'rol'" in result.stderr
    assert "duplicate id" in result.stderr
    assert "officials', which does not exist" in result.stderr  # the renamed id
    assert "3 error(s)" in result.stderr


def test_cli_help_for_every_command() -> None:
    for command in ["validate", "build", "serve", "stats", "coverage", "schema"]:
        result = subprocess.run(
            [sys.executable, "-m", "generator", command, "--help"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert result.returncode == 0
        assert "usage: briefing" in result.stdout


def test_stats_counts_per_kind_and_source(mini: Path) -> None:
    result = run_cli(mini, "stats")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # mini has 2 sources, 4 actors, 1 quantity, 1 event, 3 claims, 2 quotes (by hand)
    assert "  sources         2" in lines and "  quotes          2" in lines
    assert "  quantities      1" in lines
    assert "  total          13" in lines
    alpha = next(line for line in lines if line.strip().startswith("alpha"))
    assert alpha.split()[-4:] == ["1", "2", "2", "1"]
