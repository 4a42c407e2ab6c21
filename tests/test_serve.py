"""``briefing serve``: the live preview serves the content it is given, rebuilds what an
edit changes, keeps serving the last good pages when an edit is invalid, and tells the
editor where the mistake is, in the terminal and on the open page."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_fixtures import DESKTOP, Watch
from conftest import run_main

from generator import search_shards
from generator.project import Project
from generator.serve import Preview, is_scratch, make_server

pytestmark = pytest.mark.slow

TITLE_LINE = "    title: Troops arrive"


class Served:
    """The real ``briefing serve`` in a child process, its terminal output collected."""

    def __init__(self, root: Path, *args: str):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", *args],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for(lambda text: "serving on http://" in text, 120)
        found = re.search(r"serving on (http://\S+/)", line)
        assert found, line
        self.url = found.group(1)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, holds: Callable[[str], bool], timeout: float = 30) -> str:
        """The output once ``holds`` is true of it (every line so far, joined)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if holds(self.output):
                return self.output
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"briefing serve never printed what was expected:\n{self.output}")

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


@pytest.fixture
def served(mini: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(mini, *args))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    """Status and body; a request that does not answer within ``timeout`` fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace one whole line; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(old)
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_serve_with_content_serves_that_folder(mini: Path, served: Callable[..., Served]) -> None:
    other = mini / "other-content"
    shutil.copytree(mini / "content", other)
    briefing = other / "briefing.yml"
    text = briefing.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("  title:"))
    briefing.write_text(
        text.replace(title_line, "  title: Served From The Other Folder"), encoding="utf-8"
    )
    server = served("--content", str(other), "--dev-addr", "127.0.0.1:0")
    status, page = get(server.url)
    assert status == 200
    assert "Served From The Other Folder" in page
    # ...and the default content folder is not what is served.
    default_title = title_line.split(":", 1)[1].strip()
    assert f"<title>{default_title}" not in page
    # The preview builds in a folder of its own: the project's outputs are not touched.
    assert not (mini / "site").exists() and not (mini / "build").exists()


@pytest.mark.browser
def test_invalid_edit_shows_where_keeps_the_last_good_page_and_the_fix_reloads(
    mini: Path, served: Callable[..., Served], new_context: Any
) -> None:
    records = mini / "content" / "records.yml"
    server = served("--dev-addr", "127.0.0.1:0")
    context = new_context(viewport=DESKTOP)
    watch = Watch(server.url).attach(context)
    page = context.new_page()
    page.goto(server.url + "timeline/")
    # The event's heading (the timeline's picture also names it, in SVG text not shown).
    heading = page.locator("#event-troops-arrive")
    assert heading.is_visible() and "Troops arrive" in heading.inner_text()
    page.evaluate("window.beforeTheEdit = true")

    # A broken line of YAML: the second ': ' is a syntax error at its colon.
    broken = "    title: Troops: arrive"
    line = replace_line(records, TITLE_LINE, broken)
    where = f"content/records.yml:{line}:{broken.index('Troops:') + len('Troops') + 1}"
    server.wait_for(lambda out: where in out)
    # The terminal has exactly the report `briefing validate` prints for the same file.
    report = run_main(mini, "validate").err.strip()
    assert where in report
    server.wait_for(lambda out: report in out)

    banner = page.locator("#briefing-preview-banner")
    banner.wait_for(state="visible", timeout=15_000)
    text = banner.inner_text()
    assert where in text and "mapping values are not allowed" in text, text
    assert "1 error" in text
    # It stays in view at the foot of the window, over the page, wherever it is scrolled.
    box = banner.bounding_box()
    assert box is not None and box["height"] > 40
    assert abs(box["y"] + box["height"] - DESKTOP["height"]) <= 1, box

    # The last good pages are still served, at once, and the open page was not reloaded.
    status, timeline = get(server.url + "timeline/", timeout=5)
    assert status == 200 and "Troops arrive" in timeline and "Troops: arrive" not in timeline
    assert get(server.url + "actors/ministry/", timeout=5)[0] == 200
    assert page.evaluate("window.beforeTheEdit") is True

    # The fix: the banner goes, and the page reloads with the new text.
    replace_line(records, broken, "    title: Troops arrive in force")
    page.wait_for_function("() => window.beforeTheEdit === undefined", timeout=30_000)
    heading.filter(has_text="Troops arrive in force").wait_for(timeout=15_000)
    assert banner.count() == 0
    assert [e for e in watch.errors if "uncaught" in e] == []
    assert watch.foreign == []


# --- in process: the builder and the server, without a child process ----------------


@pytest.fixture
def preview(mini: Path) -> Iterator[tuple[Preview, list[str]]]:
    said: list[str] = []
    pv = Preview(Project.at(mini), "127.0.0.1:1", said.append)
    yield pv, said
    pv.close()


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def search_docs(folder: Path) -> list[tuple[str, str, str]]:
    data = json.loads((folder / "search" / "search_index.json").read_text("utf-8"))
    return sorted((d["location"], d["title"], d["text"]) for d in data["docs"])


def test_an_edit_rebuilds_only_its_pages_and_they_match_a_full_build(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, said = preview
    assert pv.rebuild() is True
    folder = pv.folder
    assert folder is not None
    before = site_files(folder)
    records = mini / "content" / "records.yml"
    replace_line(records, TITLE_LINE, "    title: Troops arrive in force")

    assert pv.rebuild({records}) is True
    assert pv.folder == folder  # updated in place, not a new full build
    assert re.fullmatch(r"rebuilt \d+ page\(s\) in [\d.]+ s", said[-1]), said
    after = site_files(folder)
    changed = sorted(k for k in after if after[k] != before.get(k))
    # The event is listed on the timeline, on its actor's page and on its source's page.
    assert "timeline/index.html" in changed
    assert "actors/ministry/index.html" in changed
    assert "sources/alpha/index.html" in changed
    assert "claims/index.html" not in changed and "about/index.html" not in changed
    assert b"Troops arrive in force" in after["timeline/index.html"]
    # The site's own search index was re-read from the pages rebuilt: it finds the new words.
    index = [k for k in after if k.startswith(search_shards.FOLDER + "/")]
    assert index and not any(k in before for k in index)  # a new build tag
    assert any(b"Troops arrive in force" in after[k] for k in index)

    # The same content built in full gives the same pages and the same search index.
    with_full = Preview(Project.at(mini), "127.0.0.1:1", lambda _: None)
    try:
        assert with_full.rebuild() is True
        assert with_full.folder is not None
        full = site_files(with_full.folder)
        assert search_docs(with_full.folder) == search_docs(folder)
        differ = [k for k in full if k != "search/search_index.json" and full[k] != after.get(k)]
        assert differ == []
        assert set(full) == set(after)
    finally:
        with_full.close()


def test_a_new_record_page_appears_and_a_removed_one_goes(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, said = preview
    assert pv.rebuild() is True
    actors = mini / "content" / "actors.yml"
    original = actors.read_text(encoding="utf-8")
    actors.write_text(
        original
        + "  - id: envoy\n    name: The Envoy\n    kind: person\n"
        + "    description: A new actor, added while the preview runs.\n",
        encoding="utf-8",
    )
    assert pv.rebuild({actors}) is True
    assert pv.folder is not None
    page = pv.folder / "actors" / "envoy" / "index.html"
    assert "The Envoy" in page.read_text("utf-8")
    assert "The Envoy" in (pv.folder / "actors" / "index.html").read_text("utf-8")

    actors.write_text(original, encoding="utf-8")
    assert pv.rebuild({actors}) is True
    assert pv.folder is not None
    assert not (pv.folder / "actors" / "envoy" / "index.html").exists()
    assert "The Envoy" not in (pv.folder / "actors" / "index.html").read_text("utf-8")


def test_invalid_edit_keeps_the_pages_and_reports_like_validate(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, said = preview
    assert pv.rebuild() is True
    assert pv.folder is not None
    before = site_files(pv.folder)
    records = mini / "content" / "records.yml"
    replace_line(records, "    claimant: ministry", "    claimant: ministery")

    assert pv.rebuild({records}) is False
    report = run_main(mini, "validate").err.strip()
    assert "refers to actor 'ministery'" in report
    assert report in "\n".join(said)
    assert site_files(pv.folder) == before
    state = pv.state.wait(-1, 0)
    line = before_line(records, "claimant: ministery")
    column = "    claimant: ministery".index("ministery") + 1
    assert [p["where"] for p in state["problems"]] == [f"content/records.yml:{line}:{column}"]
    assert state["problems"][0]["fix"] == "did you mean 'ministry'?"


def before_line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").split("\n"), 1) if text in line)


class Running:
    """The preview's HTTP server in a thread of this process."""

    def __init__(self, pv: Preview):
        self.server = make_server(pv, "127.0.0.1:0")
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_server_serves_pages_with_the_script_nothing_outside_and_a_long_poll(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, _ = preview
    assert pv.rebuild() is True
    running = Running(pv)
    try:
        status, body = get(running.url + "timeline/")
        assert status == 200 and 'src="/.briefing/preview.js"' in body
        assert body.index("/.briefing/preview.js") < body.rindex("</body>")
        status, script = get(running.url + ".briefing/preview.js")
        assert status == 200 and "briefing-preview-banner" in script

        host = running.url.split("/")[2]
        conn = http.client.HTTPConnection(host, timeout=5)
        conn.request("GET", "/timeline")
        response = conn.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/timeline/")
        response.read()
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.briefing/../x"):
            conn.request("GET", path)
            response = conn.getresponse()
            assert response.status == 404, path
            assert b"root:" not in response.read()
        conn.close()

        status, body = get(running.url + "no-such-page/")
        assert status == 404 and "/.briefing/preview.js" in body
        state = json.loads(get(running.url + ".briefing/state?since=-1")[1])
        assert state["problems"] == [] and state["built"] == 1

        # The state's long poll waits for a change, and answers as soon as there is one.
        version = state["version"]
        answer: list[dict[str, Any]] = []
        waiting = threading.Thread(
            target=lambda: answer.append(
                json.loads(get(running.url + f".briefing/state?since={version}", 30)[1])
            )
        )
        waiting.start()
        time.sleep(0.3)
        assert answer == []  # it waits for a change...
        records = mini / "content" / "records.yml"
        replace_line(records, TITLE_LINE, "    title: [Troops arrive")
        started = time.monotonic()
        assert pv.rebuild({records}) is False
        waiting.join(10)
        assert time.monotonic() - started < 10  # ...and answers when there is one
        assert answer and answer[0]["version"] > version
        assert "YAML syntax error" in answer[0]["problems"][0]["message"]
    finally:
        running.close()


def test_content_invalid_from_the_start_serves_a_placeholder_until_fixed(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, said = preview
    records = mini / "content" / "records.yml"
    replace_line(records, TITLE_LINE, "    titel: Troops arrive")
    assert pv.rebuild() is False
    assert any("unknown key 'titel'" in line for line in said)
    running = Running(pv)
    try:
        status, body = get(running.url + "timeline/")
        assert status == 200 and "No preview yet" in body and "/.briefing/preview.js" in body
        state = json.loads(get(running.url + ".briefing/state?since=-1")[1])
        assert state["problems"][0]["fix"] == "did you mean 'title'?"

        replace_line(records, "    titel: Troops arrive", TITLE_LINE)
        assert pv.rebuild({records}) is True
        status, body = get(running.url + "timeline/")
        assert status == 200 and "Troops arrive" in body
        assert json.loads(get(running.url + ".briefing/state?since=-1")[1])["problems"] == []
    finally:
        running.close()


@pytest.mark.parametrize(
    ("name", "scratch"),
    [
        ("events.yml", False),
        ("events.yml~", True),
        (".events.yml.swp", True),
        ("4913", True),
        (".#events.yml", True),
        ("events.yml.tmp", True),
    ],
)
def test_editor_scratch_files_are_not_changes(name: str, scratch: bool) -> None:
    assert is_scratch(Path("content") / name) is scratch


def test_a_broken_mkdocs_yml_keeps_the_last_good_site_until_fixed(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, said = preview
    assert pv.rebuild() is True
    folder = pv.folder
    assert folder is not None
    before = site_files(folder)
    config = mini / "mkdocs.yml"
    good = config.read_text("utf-8")
    config.write_text(
        good.replace("theme:\n  name: material", "theme:\n  name: [material"), "utf-8"
    )

    assert pv.rebuild({config}) is False
    assert pv.folder == folder and site_files(folder) == before
    state = pv.state.wait(-1, 0)
    # The flow list opened on the 'name:' line is cut off by the next line's key.
    lines = good.split("\n")
    line = lines.index("  name: material") + 2
    column = lines[line - 1].index(":") + 1
    assert state["problems"][0]["where"] == f"mkdocs.yml:{line}:{column}"
    assert state["problems"][0]["message"].startswith("MkDocs build failed")
    assert any(line.startswith("error: MkDocs build failed") for line in said)

    config.write_text(good, "utf-8")
    assert pv.rebuild({config}) is True
    assert pv.folder is not None and pv.folder != folder  # a new full build, swapped in
    assert not folder.exists()
    assert pv.state.wait(-1, 0)["problems"] == []


def test_the_page_open_in_a_browser_is_rebuilt_first_and_reloads_once(
    mini: Path, preview: tuple[Preview, list[str]]
) -> None:
    pv, _ = preview
    assert pv.rebuild() is True
    folder = pv.folder
    assert folder is not None
    pv.state.looking_at("/timeline/")  # what the page's script says as it polls
    built = pv.state.wait(-1, 0)["built"]
    records = mini / "content" / "records.yml"
    replace_line(records, TITLE_LINE, "    title: Troops arrive in force")

    assert pv.rebuild({records}) is True
    timeline = folder / "timeline" / "index.html"
    actor = folder / "actors" / "ministry" / "index.html"
    assert "Troops arrive in force" in timeline.read_text("utf-8")
    assert "Troops arrive in force" in actor.read_text("utf-8")
    # Written in name order otherwise (actors/ before timeline/): the open page came first.
    assert timeline.stat().st_mtime_ns < actor.stat().st_mtime_ns
    assert pv.state.wait(-1, 0)["built"] == built + 1  # one reload, not two
