"""The live preview: watch the project, rebuild only what an edit changes, serve the result.

``briefing serve`` runs three things in one process:

* a **watcher** (watchdog) on the content, the seeds, the templates, the hand-written
  pages, the theme overrides and ``mkdocs.yml``;
* a **builder** thread. The first build is MkDocs' own, in full; after that, an edit
  regenerates every page in memory, compares each with what it was, and hands MkDocs
  only the pages whose text changed (which includes the pages that list a changed
  record), rendering them with the navigation, theme and plugins kept from the full
  build. The pages open in a browser go first, and reload as soon as they are served;
  the others follow. Pages are written atomically, so a request never reads half a page. A change
  MkDocs cannot take page by page (``mkdocs.yml``, the theme, a hand-written page, a
  page entering or leaving the navigation, a page's tags) gets a full build, into a
  fresh folder that replaces the served one only when complete;
* a small **HTTP server** that serves the last good build. Every HTML page it serves
  carries a script that long-polls the preview's state: it shows a banner listing
  each problem with its ``file:line:column`` while the content is invalid, and
  reloads the page when a new build is ready.

Invalid content never reaches MkDocs: the terminal gets the same report as
``briefing validate``, the banner the same problems, and the site keeps serving the
last good pages. Nothing is written to the project: the preview builds into a
temporary folder.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import logging
import mimetypes
import os
import posixpath
import re
import secrets
import shutil
import socketserver
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from . import search_index, search_shards
from .errors import BuildFailed, ContentError, Problem
from .load import ParseCache
from .pipeline import check
from .project import Project

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .model import Briefing

Say = Callable[[str], None]

#: Wait this long after the last file event before rebuilding (editors write in bursts).
DEBOUNCE_S = 0.05
#: A long-polling request for the preview's state returns after this long at most.
POLL_S = 20.0
#: URL prefix of the preview's own endpoints (never a page of the site).
PREFIX = "/.briefing/"

# Names editors and tools write beside the files they save.
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_scratch(path: Path) -> bool:
    """An editor's temporary or backup file, not content: its changes are ignored."""
    name = path.name
    return (
        name.startswith((".#", "#"))
        or (name.startswith(".") and name != ".pages")
        or name.endswith(_SCRATCH_SUFFIXES)
        or name == "4913"  # vim's probe for a writable folder
    )


# --- the preview's state, shared by the builder and the HTTP threads -----------------


@dataclass
class State:
    """What the open pages need to know: the problems, and whether to reload.

    ``version`` changes on every change of state (the long poll returns then);
    ``built`` counts the builds the browser should reload for.
    """

    run: str = field(default_factory=lambda: secrets.token_hex(6))
    version: int = 0
    built: int = 0
    problems: list[Problem] = field(default_factory=list)
    closing: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)
    #: A rebuild is running (the pages are being brought up to date).
    building: bool = False
    #: URL path of each page a browser has open -> when it last asked for the state.
    seen: dict[str, float] = field(default_factory=dict)

    def looking_at(self, page: str) -> None:
        """A browser has ``page`` open (its script is polling from it)."""
        with self.changed:
            self.seen[page] = time.monotonic()

    def open_pages(self) -> set[str]:
        """The pages open in a browser: polled from within the last long poll or so."""
        with self.changed:
            recent = time.monotonic() - POLL_S - 5
            return {page for page, at in self.seen.items() if at >= recent}

    def update(self, *, problems: list[Problem], rebuilt: bool) -> None:
        with self.changed:
            if not rebuilt and problems == self.problems:
                return
            self.problems = list(problems)
            self.version += 1
            if rebuilt:
                self.built += 1
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def wait(self, since: int, timeout: float, page: str | None = None) -> dict[str, Any]:
        """The state as JSON data, once its version differs from ``since`` (or on timeout).

        ``page`` is the page the asking browser has open; it counts as open meanwhile.
        """
        with self.changed:
            if page is not None:
                self.seen[page] = time.monotonic() + timeout  # open while it waits
            self.changed.wait_for(lambda: self.version != since or self.closing, timeout)
            if page is not None:
                self.seen[page] = time.monotonic()
            return {
                "run": self.run,
                "version": self.version,
                "built": self.built,
                "building": self.building,
                "problems": [problem_json(p) for p in self.problems],
            }


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem for the banner: its place as ``file:line:column`` and its parts."""
    where = problem.file
    if problem.line:
        where += f":{problem.line}:{problem.column or 1}"
    return {
        "where": where,
        "severity": problem.severity,
        "record": problem.record,
        "message": problem.message,
        "fix": problem.fix,
    }


# --- building: the full MkDocs build once, then page by page ------------------------


class _Recorder:
    """A plugin that keeps what MkDocs' full build works out, for page-by-page updates."""

    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    files: Files | None = None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self.env, self.files = env, files
        return env


class _Warnings(logging.Handler):
    """Collects what MkDocs logs at warning level or above during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_warnings() -> Iterator[_Warnings]:
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


class NeedsFullBuild(Exception):
    """This change cannot be made page by page."""


@dataclass
class Site:
    """One full MkDocs build being served, and what it needs to update pages in place."""

    folder: Path
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    tags: dict[str, Any] = field(default_factory=dict)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename, so a reader sees old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Builder:
    """Turns the project into served pages; keeps the last good build when anything fails."""

    def __init__(self, project: Project, work: Path, dev_addr: str, say: Say):
        self.project = project
        self.work = work
        self.dev_addr = dev_addr
        self.say = say
        # The preview's own copy of the generated pages: build/docs is never touched.
        self.docs = work / "docs"
        self.docs.mkdir(parents=True, exist_ok=True)
        self.preview = dataclasses.replace(project, docs=self.docs)
        #: Every file the generator puts in docs: the pages (text) and the downloads
        #: written beside them (bytes), as last written.
        self.pages: dict[str, str | bytes] = {}
        self.site: Site | None = None
        #: Content files parsed last time: only a changed file is parsed again.
        self.parsed: ParseCache = {}
        #: Pages rebuilt but not yet in the search index (it is updated after the reload),
        #: with their content as the search plugin was given it.
        self.unindexed: list[tuple[Page, str]] = []
        #: The site's own search index: which folder it was written into last, and the
        #: records of each page as last read (search_shards.records_of).
        self.indexed: Path | None = None
        self.records: search_shards.Cache = {}
        self._builds = 0

    # -- generate ----------------------------------------------------------------

    def generate(self) -> tuple[Briefing, dict[str, str | bytes], list[Problem]]:
        """Check and render every page and download in memory; raise
        :class:`ContentError` if invalid."""
        briefing, warnings = self.model()
        return briefing, {**self.render(briefing), **self.downloads(briefing)}, warnings

    def downloads(self, briefing: Briefing) -> dict[str, bytes]:
        """The files the generator writes beside the pages (JSON, CSV, SQLite), as
        :func:`generator.pipeline.generate` writes them for a full build."""
        from .export import data_files

        return data_files(briefing)

    def model(self) -> tuple[Briefing, list[Problem]]:
        """Check the content and build the model; raise :class:`ContentError` if invalid."""
        from .model import build_model

        checked = check(self.project, self.parsed)
        return build_model(checked), [p for p in checked.problems if p.severity == "warning"]

    def render(
        self, briefing: Briefing, only: set[str] | None = None, skip: frozenset[str] = frozenset()
    ) -> dict[str, str]:
        """The pages (``only`` these, if given; not those in ``skip``), rendered as
        :func:`generator.render.render_pages` renders them all."""
        from .render import render_pages
        from .render.environment import environment
        from .render.pages import PAGES

        if only is None and not skip:
            return render_pages(briefing)
        env = environment()
        pages: dict[str, str] = {}
        for kind in PAGES:
            for path, template, context in kind(briefing):
                if (only is None or path in only) and path not in skip:
                    pages[path] = env.get_template(template).render(
                        page=path, b=briefing, **context
                    )
        return pages

    def page_of_url(self, url: str) -> str | None:
        """The generated page (its path in docs) the site serves at a URL path, if any."""
        site = self.site
        if site is None:
            return None
        want = url.lstrip("/")
        for file in site.files.documentation_pages():
            if file.url == want and file.src_uri in self.pages:
                return file.src_uri
        return None

    def write_pages(
        self, pages: Mapping[str, str | bytes], *, partial: bool = False
    ) -> tuple[set[str], set[str], set[str]]:
        """Write the pages (and downloads) whose content changed; return (changed, added,
        removed) paths.

        ``partial``: ``pages`` are only some of the files (none is removed)."""
        from .write import safe_relpath

        changed: set[str] = set()
        added: set[str] = set()
        for name, text in pages.items():
            old = self.pages.get(name)
            if old == text:
                continue
            rel = safe_relpath(name)
            data = text.encode("utf-8") if isinstance(text, str) else text
            write_atomic(self.docs.joinpath(*rel.parts), data)
            (changed if old is not None else added).add(name)
        if partial:
            self.pages.update(pages)
            return changed, added, set()
        removed = set(self.pages) - set(pages)
        for name in removed:
            self.docs.joinpath(*safe_relpath(name).parts).unlink(missing_ok=True)
        self.pages = dict(pages)
        return changed, added, removed

    # -- full build ----------------------------------------------------------------

    def full_build(self, briefing: Briefing) -> Site:
        """MkDocs' own build, into a fresh folder; the served one is replaced only after."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, MkDocsException

        from .mkdocs_plugin import BriefingPlugin

        self._builds += 1
        folder = self.work / f"site-{self._builds}"
        recorder = _Recorder()
        try:
            with _mkdocs_warnings() as failed:
                config = load_config(
                    str(self.project.config_file),
                    strict=False,
                    site_dir=str(folder),
                    site_url=f"http://{self.dev_addr}/",
                )
                config.plugins["briefing-preview"] = recorder  # type: ignore[assignment]
                BriefingPlugin.active = self.preview
                BriefingPlugin.pregenerated = briefing
                BriefingPlugin.pregenerated_docs = self.docs
                build(config)
        except (Abort, MkDocsException) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            detail = "; ".join(failed.messages) or str(exc)
            raise BuildFailed(f"MkDocs build failed: {detail}") from exc
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            BriefingPlugin.pregenerated = None
            BriefingPlugin.pregenerated_docs = None
        assert recorder.nav is not None and recorder.env is not None
        assert recorder.files is not None
        site = Site(folder, config, recorder.files, recorder.nav, recorder.env)
        site.tags = {f.src_uri: _tags(f.page) for f in site.files.documentation_pages()}
        return site

    # -- page by page ------------------------------------------------------------------

    def update_pages(
        self, briefing: Briefing, changed: set[str], added: set[str], removed: set[str]
    ) -> int:
        """Rebuild only the changed generated pages in the served site; return how many.

        A changed download (written beside the pages) is copied into the site, and the
        take-aways the plugin makes from the whole briefing (the feed, the footer's links,
        each page's JSON-LD) are made again from this one, as a full build makes them.

        Raises :class:`NeedsFullBuild` when the change is not one MkDocs can take page
        by page; the served site is then untouched.
        """
        from mkdocs.commands.build import _populate_page, get_context
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page

        from .export import hooks as takeaway
        from .export.meta import FEED
        from .mkdocs_plugin import BriefingPlugin, generated_file

        site = self.site
        if site is None:
            raise NeedsFullBuild("no full build yet")
        config, files = site.config, site.files
        plugin = config.plugins.get("briefing")
        if not isinstance(plugin, BriefingPlugin):
            raise NeedsFullBuild("the briefing plugin is not enabled")
        if any(not _is_page(name) for name in added | removed):
            raise NeedsFullBuild("a download was added or removed")
        downloads = sorted(name for name in changed if not _is_page(name))
        changed = {name for name in changed if _is_page(name)}
        # What the plugin puts into the config (the site's title, the footer's facts and
        # links) appears on every page.
        before = (config.site_name, config.site_description, config.extra.get("briefing"))
        BriefingPlugin.pregenerated = briefing
        try:
            plugin.on_config(config)
        finally:
            BriefingPlugin.pregenerated = None
        # The feed and the footer's links are made in on_files, from the whole briefing.
        old_feed = files.get_file_from_path(FEED)
        if old_feed is not None:
            files.remove(old_feed)
        plugin.takeaway = takeaway.Hooks(briefing, files, config)
        plugin.takeaway.on_files(files)
        if (config.site_name, config.site_description) != before[:2]:
            raise NeedsFullBuild("the site's title changed")
        if config.extra.get("briefing") != before[2]:
            raise NeedsFullBuild("the footer's facts changed")
        copies: dict[Path, bytes] = {}
        feed = files.get_file_from_path(FEED)
        if feed is not None and (old_feed is None or feed.content_bytes != old_feed.content_bytes):
            copies[Path(feed.abs_dest_path)] = feed.content_bytes
        for name in downloads:
            file = files.get_file_from_path(name)
            if file is None or file.is_documentation_page():
                raise NeedsFullBuild(f"{name} is not in the last build")
            copies[Path(file.abs_dest_path)] = Path(file.abs_src_path or "").read_bytes()

        pages: list[Page] = []
        for name in sorted(changed):
            file = files.get_file_from_path(name)
            if file is None or file.page is None:
                raise NeedsFullBuild(f"{name} is not in the last build")
            pages.append(file.page)
        new_files = []
        for name in sorted(added):
            file = generated_file(name, self.docs, config)
            if file.inclusion is not InclusionLevel.NOT_IN_NAV:
                raise NeedsFullBuild(f"{name} would change the navigation")
            new_files.append(file)
        old_files = []
        for name in sorted(removed):
            file = files.get_file_from_path(name)
            if (
                file is None
                or file.inclusion is not InclusionLevel.NOT_IN_NAV
                or site.tags.get(name)
            ):
                raise NeedsFullBuild(f"removing {name} changes the navigation or tags")
            old_files.append(file)

        # Read and render the Markdown first; nothing is written until every page works.
        for file in new_files:
            files.append(file)
            pages.append(Page(None, file, config))
        for file in old_files:
            files.remove(file)
        try:
            for page in pages:
                _populate_page(page, config, files)
                if _tags(page) != site.tags.get(page.file.src_uri):
                    raise NeedsFullBuild(f"the tags of {page.file.src_uri} changed")
        except BaseException:
            for file in new_files:
                files.remove(file)
            for file in old_files:
                files.append(file)
            raise
        # The search plugin indexes each page as it is rendered (parsing its HTML); that
        # is deferred until the pages are served (index_search), so the reload does not
        # wait for it. The plugin still gets the page, as it also edits its content.
        search = _search_plugin(config)
        deferred = _DeferredIndex()
        index = None if search is None else search.search_index
        if search is not None:
            search.search_index = deferred
        doc_files = files.documentation_pages()
        output: dict[Path, bytes] = {}
        try:
            for page in pages:
                config._current_page = page
                page.active = True
                try:
                    context = get_context(site.nav, doc_files, config, page)
                    template = site.env.get_template(page.meta.get("template", "main.html"))
                    context = config.plugins.on_page_context(
                        context, page=page, config=config, nav=site.nav
                    )
                    text = template.render(context)
                    text = config.plugins.on_post_page(text, page=page, config=config)
                finally:
                    page.active = False
                    config._current_page = None
                output[Path(page.file.abs_dest_path)] = text.encode("utf-8", "xmlcharrefreplace")
        finally:
            if search is not None:
                search.search_index = index
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        for path, data in {**copies, **output}.items():
            write_atomic(path, data)
        for file in old_files:
            Path(file.abs_dest_path).unlink(missing_ok=True)
        for page in pages:
            site.tags[page.file.src_uri] = _tags(page)
        for file in old_files:
            site.tags.pop(file.src_uri, None)
        if index is not None:
            gone = {f.url for f in old_files} | {p.url for p in pages}
            index.entries = [e for e in index.entries if _page_of(e) not in gone]
            self.unindexed += deferred.pages
        return len(pages)

    def index_search(self) -> None:
        """Add the pages rebuilt last to the search index, and write it: the site's own
        index (re-read from the pages changed) when the site uses it, and Material's."""
        site, pages, self.unindexed = self.site, self.unindexed, []
        if site is None:
            return
        if search_index.engine(site.config) == "own" and (pages or self.indexed != site.folder):
            search_shards.build(site.folder, cache=self.records)
            self.indexed = site.folder
        if not pages:
            return
        search = _search_plugin(site.config)
        if search is None:
            return
        index = search.search_index
        for page, content in pages:
            shown, page.content = page.content, content
            try:
                index.add_entry_from_context(page)
            finally:
                page.content = shown
        data = index.generate_search_index(None)
        write_atomic(site.folder / "search" / "search_index.json", data.encode("utf-8"))


def _is_page(name: str) -> bool:
    """A generated file MkDocs renders (the others, downloads, it copies)."""
    return name.endswith(".md")


def _tags(page: Page | None) -> Any:
    return None if page is None else page.meta.get("tags")


class _DeferredIndex:
    """Stands in for the search plugin's index while pages are rendered: it notes each
    page and its content as the plugin hands them over, to be indexed afterwards."""

    def __init__(self) -> None:
        self.pages: list[tuple[Page, str]] = []

    def add_entry_from_context(self, page: Page) -> None:
        self.pages.append((page, page.content or ""))


def _search_plugin(config: MkDocsConfig) -> Any:
    """The search plugin (Material's or MkDocs'): the one whose index lists its entries."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list) and hasattr(
            index, "generate_search_index"
        ):
            return plugin
    return None


def _page_of(entry: dict[str, Any]) -> str:
    """The page URL a search entry belongs to (its location without the anchor)."""
    return str(entry.get("location", "")).split("#", 1)[0]


# --- the preview: what happens on an edit -------------------------------------------


class Preview:
    """Rebuilds on demand and keeps the state the open pages show."""

    def __init__(self, project: Project, dev_addr: str, say: Say, work: Path | None = None):
        self.project = project
        self.say = say
        self.work = work or Path(tempfile.mkdtemp(prefix="briefing-serve-"))
        self.builder = Builder(project, self.work, dev_addr, say)
        self.state = State()
        self.lock = threading.Lock()  # one build at a time
        #: The next build must be a full one (the last one failed half-way).
        self.force_full = False

    @property
    def folder(self) -> Path | None:
        """The folder being served (the last good build), or ``None`` before the first."""
        site = self.builder.site
        return site.folder if site is not None else None

    def watched(self) -> list[Path]:
        """Every folder or file an edit to which changes the site.

        The theme's ``custom_dir`` is read from mkdocs.yml when the server starts.
        """
        from .render import TEMPLATES

        p = self.project
        paths = [p.content, p.seeds, TEMPLATES, *self.full_build_paths()]
        out: list[Path] = []
        for path in paths:
            if path.exists() and path not in out:
                out.append(path)
        return out

    def full_build_paths(self) -> list[Path]:
        """What only a full build takes in: mkdocs.yml, hand-written pages, the theme."""
        paths = [self.project.config_file, self.project.pages]
        site = self.builder.site
        custom = site.config.theme.custom_dir if site is not None else None
        if custom:
            paths.append(Path(custom).resolve())
        return paths

    def needs_full(self, paths: set[Path]) -> bool:
        """Whether a change to these files needs MkDocs' full build."""
        if self.force_full or self.builder.site is None:
            return True
        for path in paths:
            for full in self.full_build_paths():
                if path == full or full in path.parents:
                    return True
        return False

    def rebuild(self, paths: set[Path] | None = None) -> bool:
        """Bring the served site up to date with the files; ``False`` if the content is
        invalid or the build failed (the last good site stays served)."""
        with self.lock:
            self.state.building = True
            try:
                return self._rebuild(paths)
            finally:
                self.state.building = False

    def _rebuild(self, paths: set[Path] | None) -> bool:
        started = time.perf_counter()
        full = paths is None or self.needs_full(paths)
        builder = self.builder
        try:
            briefing, warnings = builder.model()
        except ContentError as exc:
            self.say(exc.report())
            self.say("the preview keeps showing the last good pages; fix the file to update it")
            self.state.update(problems=exc.problems, rebuilt=False)
            return False
        except Exception as exc:  # noqa: BLE001 - a broken template or the like: keep serving
            return self._failed(f"{type(exc).__name__}: {exc}")
        recovering = any(p.severity == "error" for p in self.state.problems)
        count = 0
        signalled = False
        try:
            with _mkdocs_warnings() as warned:
                # The pages open in a browser first: they are served, and reload, before
                # the rest are rendered.
                first: set[str] = set()
                ahead: dict[str, str] = {}
                if not full:
                    open_urls = self.state.open_pages()
                    first = {p for p in map(builder.page_of_url, open_urls) if p is not None}
                if first:
                    ahead = builder.render(briefing, only=first)
                    changed, added, _ = builder.write_pages(ahead, partial=True)
                    if changed:
                        try:
                            count = builder.update_pages(briefing, changed, added, set())
                        except NeedsFullBuild as why:
                            self.say(f"rebuilding the whole site: {why}")
                            full = True
                        else:
                            mkdocs = [
                                Problem("MkDocs", message=m, severity="warning")
                                for m in warned.messages
                            ]
                            self.state.update(problems=[*warnings, *mkdocs], rebuilt=True)
                            signalled = True
                pages: dict[str, str | bytes] = {
                    **builder.render(briefing, skip=frozenset(first)),
                    **ahead,
                    **builder.downloads(briefing),
                }
                changed, added, removed = builder.write_pages(pages)
                if not full and (changed or added or removed):
                    try:
                        count += builder.update_pages(briefing, changed, added, removed)
                    except NeedsFullBuild as why:
                        self.say(f"rebuilding the whole site: {why}")
                        full = True
                if full:
                    self._swap(builder.full_build(briefing))
                    count = len(pages)
        except BuildFailed as exc:
            return self._failed(str(exc))
        except Exception as exc:  # noqa: BLE001 - keep serving the last good pages
            return self._failed(f"{type(exc).__name__}: {exc}")
        self.force_full = False
        problems = list(warnings)
        problems += [Problem("MkDocs", message=m, severity="warning") for m in warned.messages]
        for problem in problems:
            self.say(problem.format())
        took = time.perf_counter() - started
        rebuilt = bool(count or full or recovering) and not (signalled and not full)
        if full:
            self.say(f"built the site in {took:.2f} s")
        elif count:
            self.say(f"rebuilt {count} page(s) in {took:.2f} s")
        elif recovering:
            self.say("the content is valid again; no page changed")
        self.state.update(problems=problems, rebuilt=rebuilt)
        try:
            builder.index_search()
        except Exception as exc:  # noqa: BLE001 - search is stale until the next full build
            self.say(f"warning: the search index was not updated: {type(exc).__name__}: {exc}")
        return True

    def _failed(self, message: str) -> bool:
        self.say(f"error: {message}")
        self.say("the preview keeps showing the last good pages")
        problem = Problem("MkDocs", message=message, fix="see the terminal for details")
        # A YAML error in mkdocs.yml names its place: show it as file:line:column.
        marks = list(re.finditer(r'in "([^"]+)", line (\d+), column (\d+)', message))
        if marks:
            at = marks[-1]  # the problem's own place (an earlier one is its context)
            where = self.project.rel(Path(at.group(1)))
            problem = dataclasses.replace(
                problem, file=where, line=int(at.group(2)), column=int(at.group(3))
            )
        self.state.update(problems=[problem], rebuilt=False)
        # The pages kept in memory may be half-updated: the next build is a full one.
        self.force_full = True
        return False

    def _swap(self, site: Site) -> None:
        old = self.builder.site
        self.builder.site = site
        if old is not None:
            # Requests already reading the old folder have their files open; on POSIX the
            # data stays readable until they close them.
            shutil.rmtree(old.folder, ignore_errors=True)

    def close(self) -> None:
        self.state.close()
        shutil.rmtree(self.work, ignore_errors=True)


# --- watching -------------------------------------------------------------------------


class Watcher:
    """Collects changed paths from watchdog and rebuilds once they stop coming."""

    def __init__(self, preview: Preview, debounce: float = DEBOUNCE_S):
        from watchdog.observers import Observer

        self.preview = preview
        self.debounce = debounce
        self.pending: set[Path] = set()
        self.arrived = threading.Condition()
        self.stopping = False
        self.observer = Observer()
        handler = _Events(self)
        for path in preview.watched():
            folder = path if path.is_dir() else path.parent
            self.observer.schedule(handler, str(folder), recursive=path.is_dir())
        self.thread = threading.Thread(target=self._loop, name="briefing-rebuild", daemon=True)

    def start(self) -> None:
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        with self.arrived:
            self.stopping = True
            self.arrived.notify_all()
        self.observer.stop()
        self.observer.join(timeout=5)
        self.thread.join(timeout=30)

    def add(self, path: Path) -> None:
        if is_scratch(path):
            return
        with self.arrived:
            self.pending.add(path)
            self.arrived.notify_all()

    def _loop(self) -> None:
        while True:
            with self.arrived:
                self.arrived.wait_for(lambda: self.pending or self.stopping)
                if self.stopping:
                    return
                # Wait until the editor has finished writing: no new event for a moment.
                while True:
                    seen = len(self.pending)
                    self.arrived.wait(self.debounce)
                    if len(self.pending) == seen or self.stopping:
                        break
                paths, self.pending = self.pending, set()
            try:
                self.preview.rebuild(paths)
            except Exception as exc:  # noqa: BLE001 - the loop must survive anything
                self.preview.say(f"error: rebuild failed: {type(exc).__name__}: {exc}")


class _Events(FileSystemEventHandler):
    """watchdog's handler: every created, changed, moved or deleted file is a change."""

    def __init__(self, watcher: Watcher):
        super().__init__()
        self.watcher = watcher

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                text = raw.decode() if isinstance(raw, bytes) else str(raw)
                self.watcher.add(Path(text).resolve())


# --- serving --------------------------------------------------------------------------

_SCRIPT = (Path(__file__).resolve().parent / "static" / "preview.js").read_text(encoding="utf-8")

_PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Preview: no pages yet</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main style="font: 16px/1.5 system-ui, sans-serif; margin: 8rem auto; max-width: 40rem">
<h1>No preview yet</h1><p>The content has errors, so nothing has been built yet.
They are listed above and in the terminal; this page reloads when they are fixed.</p>
</main></body></html>
"""


def inject(page: bytes, state: State) -> bytes:
    """Add the preview script to an HTML page, before ``</body>``."""
    tag = (
        f'<script src="{PREFIX}preview.js" data-run="{state.run}" '
        f'data-built="{state.built}" data-version="{state.version}"></script>'
    ).encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves the last good build, the preview's script and its state."""

    preview: Preview  # set on the subclass made for each server
    protocol_version = "HTTP/1.1"
    server_version = "briefing-preview"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Requests are not logged: the terminal is for the editor's errors."""

    def do_HEAD(self) -> None:  # noqa: N802 - the base class's name
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path.startswith(PREFIX):
            self._own(path[len(PREFIX) :], urllib.parse.parse_qs(url.query), body)
            return
        folder = self.preview.folder
        state = self.preview.state
        if folder is None:
            self._send(200, "text/html; charset=utf-8", inject(_PLACEHOLDER.encode(), state), body)
            return
        target = _resolve(folder, path)
        if target is None:
            self._not_found(folder, body)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
                return
            target = target / "index.html"
        try:
            data = target.read_bytes()
        except OSError:  # missing, or swapped away by a full rebuild: look again
            self._not_found(folder, body)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data, kind = inject(data, state), "text/html; charset=utf-8"
        elif kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(200, kind, data, body)

    def _own(self, name: str, query: dict[str, list[str]], body: bool) -> None:
        if name == "preview.js":
            self._send(200, "text/javascript; charset=utf-8", _SCRIPT.encode(), body)
        elif name == "state":
            try:
                since = int(query.get("since", ["-1"])[0])
            except ValueError:
                since = -1
            timeout = 0.0 if since < 0 else POLL_S
            page = query.get("page", [""])[0]
            data = self.preview.state.wait(since, timeout, page if page.startswith("/") else None)
            self._send(200, "application/json", json.dumps(data).encode(), body)
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found\n", body)

    def _not_found(self, folder: Path, body: bool) -> None:
        page = folder / "404.html"
        data = page.read_bytes() if page.is_file() else b"<html><body>not found</body></html>"
        self._send(404, "text/html; charset=utf-8", inject(data, self.preview.state), body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, kind: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)


def _resolve(folder: Path, path: str) -> Path | None:
    """The file a URL path names inside ``folder``, or ``None`` if outside or absent."""
    parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
    if any(p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    target = folder.joinpath(*parts)
    return target if target.exists() else None


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closed its connection (a reload, a closed tab) is no error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def parse_addr(dev_addr: str) -> tuple[str, int]:
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise BuildFailed(f"--dev-addr '{dev_addr}' is not HOST:PORT, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def make_server(preview: Preview, dev_addr: str) -> Server:
    host, port = parse_addr(dev_addr)
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    try:
        return Server((host, port), handler)
    except OSError as exc:
        raise BuildFailed(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


def serve(project: Project, dev_addr: str, *, say: Say) -> None:
    """Build, then serve and rebuild on every change until interrupted (Ctrl+C)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    preview = Preview(project, dev_addr, say)
    try:
        server = make_server(preview, dev_addr)
        host, port = server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        preview.builder.dev_addr = f"{host}:{port}"  # the port, if 0 asked for any free one
        watcher = Watcher(preview)
        watcher.start()  # before the first build, so no edit made during it is missed
        try:
            say("building the preview…")
            preview.rebuild()
            shown = project.rel(project.content)
            say(
                f"serving on http://{host}:{port}/ ; edit {shown}/ and the page reloads "
                "(Ctrl+C stops)"
            )
            server.serve_forever(poll_interval=0.25)
        finally:
            preview.state.close()
            watcher.stop()
            server.server_close()
    finally:
        preview.close()
