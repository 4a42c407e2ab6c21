"""The offline edition: ``briefing offline`` on the mini fixture, unpacked and opened from
file:// in Chromium. Pages show, links lead to pages (not folder listings), a search
answers, and nothing is requested from anywhere but the unpacked folder. Two runs in
different places and at different times write the same ZIP, byte for byte, and the
hosted site built with it links it from its footer and its Downloads page.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURES, make_project, run_cli, run_main

from generator.export import OFFLINE_FILE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _offline(root: Path, in_process: bool) -> bytes:
    """``briefing offline`` as a real process, or in this one (another hash seed)."""
    if in_process:
        done = run_main(root, "offline")
        assert done.code == 0, done.err
    else:
        result = run_cli(root, "offline")
        assert result.returncode == 0, result.stdout + result.stderr
    return (root / "site" / OFFLINE_FILE).read_bytes()


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes]:
    made = []
    for i, where in enumerate(["one", "elsewhere/two"]):
        root = make_project(
            tmp_path_factory.mktemp("offline") / where,
            FIXTURES / "mini" / "content",
            FIXTURES / "mini" / "seeds",
        )
        made.append((root, _offline(root, in_process=i == 1)))
        time.sleep(1.1)  # a different wall-clock second for the second build
    return made[0][0], made[0][1], made[1][1]


@pytest.fixture(scope="module")
def unpacked(editions: tuple[Path, bytes, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root, data, _ = editions
    zipped = root / "site" / OFFLINE_FILE
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(zipped) as z:
        names = z.namelist()
        top = {n.split("/", 1)[0] for n in names}
        assert len(top) == 1, top  # one folder, named after the briefing
        z.extractall(dest)
    assert data
    return dest / top.pop()


def test_two_builds_write_the_same_zip(editions: tuple[Path, bytes, bytes]) -> None:
    _, first, second = editions
    assert first == second


def test_the_hosted_site_links_the_edition(editions: tuple[Path, bytes, bytes]) -> None:
    root, _, _ = editions
    site = root / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{OFFLINE_FILE}"' in home  # the footer
    downloads = (site / "downloads/index.html").read_text(encoding="utf-8")
    assert 'href="briefing-offline.zip"' in downloads


def heading(page: Any) -> str:
    """The page's title as shown, without its permalink mark."""
    return str(page.locator("h1").first.inner_text()).rstrip("¶").strip()


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("request", lambda r: r.url.startswith("file://") or problems.append(r.url))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("pageerror", lambda e: problems.append(f"error: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    return problems


def test_pages_links_and_search_work_from_disk(unpacked: Path, browser: Any) -> None:
    page = browser.new_page()
    problems = _watch(page)
    try:
        page.goto(unpacked.joinpath("index.html").as_uri())
        assert heading(page) == "Mini briefing"
        # A link in the navigation: a page, not a folder listing.
        page.locator(".md-tabs a", has_text="Claims").click()
        page.wait_for_load_state()
        assert page.url.endswith("/claims.html")
        assert heading(page) == "Claims"
        # A link in the content, to a record's own page.
        page.locator("article a", has_text="The Ministry").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/actors/ministry.html")
        assert heading(page) == "The Ministry"
        # Search answers, and its result leads to the page.
        page.locator("input.md-search__input").press_sequentially("Minister")  # key by key
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=15_000)
        assert "actors/minister.html" in (result.get_attribute("href") or "")
        result.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path.endswith("/actors/minister.html")
        assert heading(page) == "The Minister"
    finally:
        page.close()
    assert problems == []
