"""Fixtures for the browser tests: Debian's Chromium under pytest-playwright, the real site
served on 127.0.0.1, the briefing's model (to pick expected values from the content), and
a watcher that records every request, failure and console error of a page.

Imported by tests/conftest.py so that these fixtures override pytest-playwright's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM_ARGS, chromium_path, serve_dir

from generator.model import Briefing, build_model
from generator.pipeline import check
from generator.project import Project

#: Widths the site is read at: desktop shows Material's tabs (>= 1220 px), phone the drawer.
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_browser(reason: str) -> None:
    """No browser: a failure in CI (a missing install step must not pass), a skip locally."""
    message = f"{reason} (install it: make browser, or apt-get install chromium)"
    if in_ci():
        pytest.fail(f"CI=true and the browser tests cannot run: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """pytest-playwright launches this Chromium (Debian's, or BRIEFING_CHROMIUM) headless."""
    path = chromium_path()
    if path is None:
        missing_browser("Chromium not found at /usr/bin/chromium or $BRIEFING_CHROMIUM")
    return {"executable_path": path, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """The real site, served on 127.0.0.1 at a random free port: 'http://127.0.0.1:N/'."""
    with serve_dir(real_site) as base:
        yield base


class QuietModel:
    """The briefing's model behind a short repr.

    pytest prints the arguments of each function in a failure's traceback; the model's
    records link to each other in cycles, and before they had a short repr of their own a
    failing browser test took 14 GB printing one, and the kernel's OOM killer ended the
    run. Kept as a guard for whatever the model holds next. Attributes pass through.
    """

    def __init__(self, briefing: Briefing) -> None:
        self._briefing = briefing

    def __getattr__(self, name: str) -> Any:
        return getattr(self._briefing, name)

    def __repr__(self) -> str:
        b = self._briefing
        return (
            f"<briefing {b.title!r}: {len(b.actors)} actors, {len(b.events)} events, "
            f"{len(b.claims)} claims, {len(b.quotes)} quotes, {len(b.sources)} sources>"
        )


@pytest.fixture(scope="session")
def real_briefing(real_project: Path) -> QuietModel:
    """The model of the content the real site was built from."""
    return QuietModel(build_model(check(Project.at(real_project))))


@pytest.fixture(scope="session")
def page_kinds(real_briefing: QuietModel) -> dict[str, str]:
    """One URL path (relative to the site root) per kind of page the site has."""
    return page_kinds_of(real_briefing)


def page_kinds_of(b: QuietModel) -> dict[str, str]:
    actor = busiest_actor(b)
    source = max(b.sources.values(), key=lambda s: (len(s.cited), s.id))
    return {
        "overview": "",
        "timeline": "timeline/",
        "claims": "claims/",
        "figures": "figures/",
        "quotes": "quotes/",
        "actors": "actors/",
        "actor": f"actors/{actor.id}/",
        "sources": "sources/",
        "source": f"sources/{source.id}/",
        "tags": "tags/",
        "about": "about/",
        "downloads": "downloads/",
        "whats-new": "whats-new/",
        "print": "print/",
        "not-found": "404.html",
    }


def busiest_actor(b: QuietModel) -> Any:
    """The actor with the most records (ties: by id), so its page has every section."""
    return max(
        b.actors.values(), key=lambda a: (len(a.quotes) + len(a.claims) + len(a.events), a.id)
    )


@dataclass
class Watch:
    """Everything a browser context did that a reader would not want it to do."""

    base: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> Watch:
        context.on("request", self._request)
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", lambda e: self.errors.append(f"uncaught: {e.error}"))
        return self

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        if not is_local(request.url, self.base):
            self.foreign.append(request.url)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _console(self, message: Any) -> None:
        if message.type in ("error", "assert"):
            self.errors.append(f"console.{message.type}: {message.text} @ {message.location}")

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {u}" for u in self.foreign]
            + [f"failed request: {u}" for u in self.failed]
            + self.errors
        )


def is_local(url: str, base: str) -> bool:
    """Whether a request goes to the local test server (data: and blob: URLs are local)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.scheme, parts.netloc) == tuple(urlsplit(base)[:2])


#: Counts what Material's search worker is asked and answers. Material (9.x) posts one
#: QUERY message per change of the search box's value and the worker answers each, in
#: order, with one RESULT message, which Material renders synchronously in its message
#: listener (SearchMessageType: SETUP 0, READY 1, QUERY 2, RESULT 3). The probe notes a
#: message after Material's listener has run, so once every query has its result and the
#: last query is the box's value, the result list on screen is the final one.
SEARCH_PROBE = """
(() => {
  if (!window.Worker || window.__searchProbe) return;
  const probe = window.__searchProbe = { ready: false, queries: [], results: 0 };
  const wrap = (Base) => class extends Base {
    addEventListener(type, listener, options) {
      if (type !== "message" || typeof listener !== "function")
        return super.addEventListener(type, listener, options);
      return super.addEventListener(type, function (event) {
        try {
          return listener.call(this, event);
        } finally {
          const type = event.data && event.data.type;
          if (type === 1) probe.ready = true;
          if (type === 3) probe.results += 1;
        }
      }, options);
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) probe.queries.push(message.data);
      return super.postMessage(message, ...rest);
    }
  };
  /* A page may put its own Worker in place (the offline edition's iframe shim, from
   * file://): that one is watched too. */
  let current = wrap(window.Worker);
  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: () => current,
    set: (Other) => { current = wrap(Other); },
  });
})();
"""

#: True once the result list shows the answer to what the search box holds.
SEARCH_SETTLED = """(box) => {
  const p = window.__searchProbe;
  return !!p && p.ready && p.queries.length > 0 && p.results === p.queries.length
    && p.queries[p.queries.length - 1] === box.value;
}"""


#: True once Material's start-up is over: its search worker holds the index and has
#: answered every query (at start-up, the empty one that puts up "Type to start searching").
SEARCH_IDLE = """() => {
  const p = window.__searchProbe;
  return !!p && p.ready && p.queries.length > 0 && p.results === p.queries.length;
}"""


def settle(page: Any, timeout: float = 15_000) -> None:
    """Wait until a page has loaded and Material is done starting: its scripts ran, the
    search index is fetched and indexed, and the result list is up (SEARCH_PROBE must be
    installed). The page then changes only when the reader does something."""
    page.wait_for_load_state("load")
    page.wait_for_function(SEARCH_IDLE, timeout=timeout)


def wait_for_search(page: Any, timeout: float = 15_000) -> None:
    """Wait until the search results on screen answer the query typed (SEARCH_PROBE must be
    installed in the page's context: the ``reader`` fixture does it)."""
    assert page.evaluate("() => !!window.__searchProbe"), "SEARCH_PROBE is not installed"
    box = page.locator(".md-search__input").element_handle()
    try:
        page.wait_for_function(SEARCH_SETTLED, arg=box, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - re-raised with what the probe saw
        state = page.evaluate("() => window.__searchProbe")
        raise AssertionError(f"search never answered {box.input_value()!r}: {state}") from exc


@pytest.fixture
def reader(new_context: Any, site_url: str) -> Any:
    """A desktop page with a Watch on its context: ``page, watch = reader()``."""

    def open_page(**context_args: Any) -> tuple[Any, Watch]:
        context_args.setdefault("viewport", DESKTOP)
        context = new_context(**context_args)
        context.add_init_script(SEARCH_PROBE)
        watch = Watch(site_url).attach(context)
        return context.new_page(), watch

    return open_page
