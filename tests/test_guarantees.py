"""The output guarantees: atomic, nothing lost, reproducible, and safe for readers.

Every build here is ``briefing build`` (generator + MkDocs, strict) on a copy of the mini
fixture: in process, except where a real process is the point (signals, hash seeds).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from briefing_site import expected_pages, model_of, outline, record_anchors, site_pages
from browser import serve_dir
from conftest import Run, build_env, make_project, run_cli, run_main
from hostile import PAYLOADS, make_hostile

from generator.write import MARKER, WriteError, clean_leftovers, write_tree

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"


def snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file below ``folders`` (relative path -> digest)."""
    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                key = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def build(root: Path, **env: str) -> Run:
    return run_main(root, "build", env=env or None)


def built(root: Path) -> None:
    result = build(root)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".tmp-" in p.name or ".old-" in p.name) + (
        sorted(p.name for p in (root / "build").iterdir() if ".tmp-" in p.name or ".old-" in p.name)
        if (root / "build").is_dir()
        else []
    )


def add_actors(root: Path, n: int) -> None:
    """Append ``n`` valid actors (one page each) to the mini content."""
    actors = root / "content/actors.yml"
    extra = "".join(
        f"  - id: extra-{i}\n    name: Extra {i}\n    kind: person\n"
        f"    description: Extra actor {i}.\n"
        for i in range(n)
    )
    actors.write_text(actors.read_text(encoding="utf-8") + extra, encoding="utf-8")


# --- atomic output ----------------------------------------------------------------------


def test_a_build_with_invalid_content_changes_nothing(built_mini: Path) -> None:
    mini = built_mini
    before = snapshot(mini / "build/docs", mini / "site")
    add_actors(mini, 1)  # a change that would alter the output...
    records = mini / "content/records.yml"  # ...and a mistake that stops it
    records.write_text(
        records.read_text(encoding="utf-8").replace("claimant: ministry", "claimant: nobody"),
        encoding="utf-8",
    )
    result = build(mini)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert snapshot(mini / "build/docs", mini / "site") == before
    assert leftovers(mini) == []


def _break_mkdocs(root: Path) -> None:
    """A hand-written page with a broken link: MkDocs --strict fails after generation."""
    about = root / "site_config/docs/about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", encoding="utf-8"
    )


def test_a_failed_mkdocs_build_keeps_the_previous_site(built_mini: Path) -> None:
    mini = built_mini
    before = snapshot(mini / "site")
    add_actors(mini, 1)
    _break_mkdocs(mini)
    result = build(mini)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "error: MkDocs build failed: " in result.err
    assert result.err.endswith("; the previous pages and site are unchanged\n")
    assert snapshot(mini / "site") == before
    assert leftovers(mini) == []


def test_a_failed_mkdocs_build_keeps_the_previous_generated_pages(built_mini: Path) -> None:
    mini = built_mini
    before = snapshot(mini / "build/docs")
    add_actors(mini, 1)
    _break_mkdocs(mini)
    assert build(mini).code == 1
    assert snapshot(mini / "build/docs") == before


#: A MkDocs hook that holds the build at the first page it renders (assets and nothing
#: else already in the temporary site folder) until the process is signalled, and says so
#: in a file: the signal then lands inside MkDocs every time, however loaded the machine.
HOLD_HOOK = """
import pathlib
import time


def on_post_page(output, page, config, **kwargs):
    held = pathlib.Path(config.config_file_path).parent / "held-in-mkdocs"
    if not held.exists():
        held.write_text(page.file.src_uri)
        for _ in range(6000):  # a minute at most: a test never signalling fails, not hangs
            time.sleep(0.01)
        raise RuntimeError("held for a minute and never signalled")
    return output
"""

#: ``python -m generator`` with Python's own Ctrl+C handling, whatever this process was
#: started with: a shell starts background jobs (nohup, ``make test &``, some CI runners)
#: with SIGINT ignored, their children inherit that, and a SIGINT would then do nothing.
CTRL_C_ABLE = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('generator', run_name='__main__', alter_sys=True)"
)


def _start_held_build(root: Path) -> subprocess.Popen[str]:
    """A real build of a changed project, which will hold still inside MkDocs."""
    add_actors(root, 1)
    (root / "hold_hook.py").write_text(HOLD_HOOK, encoding="utf-8")
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("\nhooks:\n  - hold_hook.py\n")
    return subprocess.Popen(
        [sys.executable, "-c", CTRL_C_ABLE, "--root", str(root), "build"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(),
    )


def _wait_until_held(root: Path, proc: subprocess.Popen[str]) -> None:
    """Return once the build holds inside MkDocs, writing its temporary site folder."""
    deadline = time.monotonic() + 120
    while not (root / "held-in-mkdocs").exists():
        if proc.poll() is not None:
            raise AssertionError(f"the build ended before MkDocs held: {proc.communicate()}")
        assert time.monotonic() < deadline, "MkDocs never started"
        time.sleep(0.01)
    assert [p for p in root.glob(".site.tmp-*") if any(p.iterdir())], "no site being written"


def _release(root: Path) -> None:
    """Take the hook out again, for the next build."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nhooks:\n  - hold_hook.py\n", ""), encoding="utf-8")
    (root / "hold_hook.py").unlink()
    (root / "held-in-mkdocs").unlink()


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_an_interrupted_build_keeps_the_previous_site(built_mini: Path, how: str) -> None:
    mini = built_mini
    before = snapshot(mini / "site")
    proc = _start_held_build(mini)
    try:
        _wait_until_held(mini, proc)
        proc.send_signal(getattr(signal, how))
        _, stderr = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert snapshot(mini / "site") == before
    if how == "SIGINT":  # Ctrl+C: a clean message, temporary folders removed
        assert proc.returncode == 1
        assert "Traceback" not in stderr
        assert stderr.endswith("interrupted: the previous output is left as it was\n")
        assert leftovers(mini) == []
    # a killed run leaves its temporary folder; the next build clears it and succeeds
    _release(mini)
    built(mini)
    assert leftovers(mini) == []
    assert (mini / "site/actors/extra-0/index.html").is_file()


def test_a_killed_build_keeps_the_previous_generated_pages(built_mini: Path) -> None:
    mini = built_mini
    before = snapshot(mini / "build/docs")
    proc = _start_held_build(mini)
    try:
        _wait_until_held(mini, proc)
        proc.kill()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert snapshot(mini / "build/docs") == before


def test_a_swap_killed_half_way_is_recovered(tmp_path: Path) -> None:
    """Killed between the two renames of a swap, only ``.docs.old-PID`` holds the last
    good output: the next run puts it back instead of deleting it."""
    target = tmp_path / "docs"
    write_tree({"index.md": "old\n"}, target)
    os.replace(target, tmp_path / ".docs.old-12345")
    (tmp_path / ".docs.tmp-abc").mkdir()  # the new output, half written
    clean_leftovers(target)
    assert (target / "index.md").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


# --- nothing lost -----------------------------------------------------------------------


def test_hand_written_pages_are_never_touched(mini: Path) -> None:
    before = snapshot(mini / "site_config")
    built(mini)
    add_actors(mini, 1)
    built(mini)
    (mini / "content/records.yml").write_text("claims: [oops\n", encoding="utf-8")
    assert build(mini).code == 2
    assert snapshot(mini / "site_config") == before


def test_a_file_the_generator_did_not_make_is_never_deleted(built_mini: Path) -> None:
    mini = built_mini
    site_before = snapshot(mini / "site")
    notes = mini / "build/docs/notes.md"
    notes.write_text("my notes\n", encoding="utf-8")
    result = build(mini)
    assert result.code == 1
    assert result.err.endswith(
        f"error: {notes} was not made by briefing, and replacing {mini / 'build/docs'} would "
        "delete it; move the file somewhere else (hand-written pages go in site_config/docs)\n"
    )
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert snapshot(mini / "site") == site_before
    notes.unlink()
    stray = mini / "site/stray.html"
    stray.write_text("<p>mine</p>\n", encoding="utf-8")
    result = build(mini)
    assert result.code == 1
    assert result.err.endswith(
        f"error: {stray} was not made by briefing, and replacing {mini / 'site'} would "
        "delete it; move the file somewhere else (hand-written pages go in site_config/docs)\n"
    )
    assert stray.read_text(encoding="utf-8") == "<p>mine</p>\n"


def test_write_tree_refuses_folders_it_did_not_make(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    target.mkdir()
    (target / "own.md").write_text("mine\n")
    with pytest.raises(WriteError, match="no .briefing-generated file"):
        write_tree({"index.md": "x"}, target)
    a_file = tmp_path / "file"
    a_file.write_text("mine\n")
    with pytest.raises(WriteError, match="is not a folder made by briefing"):
        write_tree({"index.md": "x"}, a_file)
    with pytest.raises(WriteError, match="would leave the output folder"):
        write_tree({"../escape.md": "x"}, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists() and not (tmp_path / "out").exists()
    assert (target / "own.md").read_text() == "mine\n" and a_file.read_text() == "mine\n"


def test_pages_of_deleted_records_disappear(mini: Path) -> None:
    original = (mini / "content/actors.yml").read_text(encoding="utf-8")
    add_actors(mini, 1)
    built(mini)
    assert (mini / "build/docs/actors/extra-0.md").is_file()
    assert (mini / "site/actors/extra-0/index.html").is_file()
    (mini / "content/actors.yml").write_text(original, encoding="utf-8")
    built(mini)
    assert not (mini / "build/docs/actors/extra-0.md").exists()
    assert not (mini / "site/actors/extra-0").exists()
    made = (mini / "build/docs" / MARKER).read_text(encoding="utf-8")
    assert "actors/extra-0.md" not in made and "actors/ministry.md" in made


# --- reproducible -----------------------------------------------------------------------


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    """Two copies at different paths, built at different times, with different hash
    seeds and file times: every generated page and every site file is the same.

    The first build is a fresh process with its own hash seed, the second runs in this
    process (whose seed differs), so this also shows an in-process build (run_main, which
    most tests use) writes exactly what the real command does.
    """
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    site_url = {"SITE_URL": "https://example.org/briefing/"}
    roots = []
    for i, where in enumerate(["one", "elsewhere/deeper/two"]):
        root = make_project(tmp_path / where, FIXTURE / "content", FIXTURE / "seeds")
        for path in root.rglob("*"):
            os.utime(path, (1_000_000_000 + i * 12345, 1_000_000_000 + i * 12345))
        # A site_url (as CI sets it) makes MkDocs write dates in sitemap.xml.
        if i == 0:
            done = run_cli(root, "build", env={"PYTHONHASHSEED": seed, **site_url})
            assert done.returncode == 0, done.stderr
        else:
            result = build(root, **site_url)
            assert result.code == 0, result.err
        assert "https://example.org/briefing/" in (root / "site/sitemap.xml").read_text()
        roots.append(root)
        if i == 0:
            time.sleep(1.1)  # a different wall-clock second for the second build
    first, second = (snapshot(r / "build/docs", r / "site") for r in roots)
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    sitemap = (roots[0] / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2024-10-31</lastmod>" in sitemap  # the briefing's as_of, not today


# --- hostile content --------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Run]:
    """The hostile copy of mini, built once: (project root, field -> text, the run)."""
    root = make_project(
        tmp_path_factory.mktemp("hostile") / "project", FIXTURE / "content", FIXTURE / "seeds"
    )
    texts = make_hostile(root)
    return root, texts, build(root)


@pytest.fixture(scope="module")
def hostile_site(hostile_build: tuple[Path, dict[str, str], Run]) -> tuple[Path, dict[str, str]]:
    root, texts, result = hostile_build
    assert result.code == 0, result.err
    return root / "site", texts


class _Page(HTMLParser):
    """What a browser shows of a page, and any markup that would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.injected: list[str] = []
        self._skip = 0
        self._title = False  # <title> is raw text to a browser: tags in it are text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._title:
            return
        if tag == "title":
            self._title = True
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            value = value or ""
            self.attrs.append((tag, name, value))
            if name.startswith("on") or (
                name in ("href", "src", "action", "formaction", "srcdoc")
                and value.strip().lower().startswith(("javascript:", "data:text/html"))
            ):
                self.injected.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed") or (tag == "img" and ("src", "x") in attrs):
            self.injected.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._title = False
        elif tag in ("script", "style") and self._skip and not self._title:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip and "__pwned" in data:
            self.injected.append(f"<script>{data.strip()[:60]}")
        if not self._skip and not self._title:
            self.text.append(data)


def read_site(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = page
    return pages


def visible(page: _Page) -> str:
    return " ".join(" ".join(page.text).split())


def test_hostile_content_builds(hostile_build: tuple[Path, dict[str, str], Run]) -> None:
    """Hostile text builds, without a warning, into the site the records call for: every
    page, each with one <h1> (its title, not a heading made of a field's text), and every
    record's anchor exactly once on its page (no text adds, moves or doubles one)."""
    root, texts, result = hostile_build
    assert (result.code, result.out) == (0, ""), result.err
    assert "warning" not in result.err.lower() and "Traceback" not in result.err, result.err
    b = model_of(root)
    site = root / "site"
    assert site_pages(site) == expected_pages(b)
    outlines = {page: outline(site / page) for page in sorted(expected_pages(b))}
    several = {page: o.h1 for page, o in outlines.items() if len(o.h1) != 1}
    assert several == {}, "pages without exactly one <h1>"
    assert " ".join(outlines["index.html"].h1[0].split()).startswith(texts["title"])
    wrong = {
        (page, anchor): outlines[page].ids.count(anchor)
        for page, anchors in record_anchors(b).items()
        for anchor in anchors
        if outlines[page].ids.count(anchor) != 1
    }
    assert wrong == {}, "record anchors missing or doubled: (page, id) -> times found"


def test_hostile_text_shows_as_typed(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, texts = hostile_site
    pages = read_site(site)
    shown = "\n".join(visible(p) for p in pages.values())
    missing = {
        field: text
        for field, text in texts.items()
        if field != "description" and " ".join(text.split()) not in shown
    }
    assert missing == {}
    for payload in PAYLOADS:
        assert payload in shown
    descriptions = [v for t, n, v in pages["index.html"].attrs if t == "meta" and n == "content"]
    assert texts["description"] in descriptions
    assert texts["url"] in [
        v for t, n, v in pages["sources/alpha/index.html"].attrs if t == "a" and n == "href"
    ]


def test_hostile_markup_never_reaches_the_html(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, _ = hostile_site
    injected = {name: page.injected for name, page in read_site(site).items() if page.injected}
    assert injected == {}


@pytest.mark.browser
def test_no_injected_script_runs_in_chromium(
    hostile_site: tuple[Path, dict[str, str]], browser: Any
) -> None:
    """Every page of the hostile site in a real Chromium: the payloads would set
    ``window.__pwned``, open a dialog, load an image ``x`` or add a javascript: link."""
    site, texts = hostile_site
    dialogs: list[str] = []
    requests: list[str] = []
    found: dict[str, Any] = {}
    with serve_dir(site) as base:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        try:
            for path in sorted(site.rglob("*.html")):
                rel = path.relative_to(site).as_posix()
                page.goto(base + rel, wait_until="load")
                state = page.evaluate("""() => ({
                    pwned: window.__pwned === undefined ? null : String(window.__pwned),
                    links: [...document.querySelectorAll('a[href]')]
                        .map(a => a.getAttribute('href'))
                        .filter(h => /^\\s*javascript:/i.test(h)),
                    frames: document.querySelectorAll('iframe, object, embed').length,
                })""")
                if state["pwned"] or state["links"] or state["frames"]:
                    found[rel] = state
            page.goto(base + "index.html", wait_until="load")
            header = page.locator(".md-header__topic").first.inner_text()
        finally:
            page.close()
    assert found == {}
    assert dialogs == []
    assert [u for u in requests if u.rstrip("/").endswith("/x")] == []
    assert texts["title"] in header
