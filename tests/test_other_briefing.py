"""Any topic: a second, unrelated briefing (tests/fixtures/harbour) builds with the real
CLI and MkDocs, and nothing of this project's own briefing leaks into its site."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, run_cli
from test_links import check_links

from generator.model import Briefing, build_model
from generator.pipeline import check
from generator.project import Project

pytestmark = pytest.mark.slow

HARBOUR = FIXTURES / "harbour"


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    root = make_project(
        tmp_path_factory.mktemp("harbour") / "project", HARBOUR / "content", HARBOUR / "seeds"
    )
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, build_model(check(Project.at(root)))


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_other_briefing_builds_every_page(harbour: tuple[Path, Briefing]) -> None:
    root, b = harbour
    site = root / "site"
    home = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    assert f"<title>Overview - {b.title}</title>" in home
    for actor in b.actors.values():
        assert (site / "actors" / actor.id / "index.html").is_file(), actor.id
    for source in b.sources.values():
        page = (site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        assert source.text is not None
        first = source.text.text.strip().splitlines()[0]
        assert _text(first).strip()[:40] in _text(page)
    figures = _text((site / "figures" / "index.html").read_text(encoding="utf-8"))
    for quantity in b.ordered_quantities:
        assert quantity.label in figures, quantity.id


def test_the_other_briefing_links_resolve(harbour: tuple[Path, Briefing]) -> None:
    root, _ = harbour
    report = check_links(root / "site")
    assert report.checked > 0
    assert report.broken == []


def test_nothing_of_our_own_briefing_leaks_into_another(
    harbour: tuple[Path, Briefing],
) -> None:
    """The generator, templates and site configuration know no topic."""
    root, _ = harbour
    words = re.compile(r"North Korea|Pyongyang|Kursk|Ukraine|Pentagon|troops", re.I)
    leaks = []
    for page in sorted((root / "site").rglob("*.html")):
        found = words.findall(_text(page.read_text(encoding="utf-8")))
        if found:
            leaks.append(f"{page.relative_to(root)}: {sorted(set(found))}")
    assert leaks == []
