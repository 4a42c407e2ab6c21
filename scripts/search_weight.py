"""Search on a phone: bytes before the first answer, and how long after the last key.

    python scripts/search_weight.py [--scales 1,100] [--engines own,pagefind,lunr] [--runs 3]
                                    [--work DIR] [--reuse] [--hits] [--trace] [--lunr-at-scale]

For each engine (own, the site's index, generator/search_shards.py, which the offline
edition uses too; Pagefind; lunr, Material's own) and each size (this briefing, and
scripts/search_synth.py's copy N times its size), builds the site, serves it from
127.0.0.1 gzip-compressed as GitHub Pages serves it, and in Chromium with 4x CPU
throttling and DevTools' "Slow 4G" profile
(562.5 ms round trip, 180,000 B/s down; CDP Emulation.setCPUThrottlingRate and
Network.emulateNetworkConditions) opens the overview page on a cold cache, types a query
at 5 keys a second, and records:

- search KB: compressed bytes of every search request (the engine's scripts, index and
  records) from opening the page to the first answer; page KB: everything else;
- answer s: from the last key-up to the answer to the whole query on screen.

Medians over ``--runs`` runs of each of a few queries. ``--hits`` also types this
briefing's reader query set (content/checks/search_queries.txt) into each engine's
site at size 1, unthrottled, and prints the share of queries whose first result is
right and whose top three hold a right one. lunr is measured at size 1 only unless
``--lunr-at-scale`` (at x100 one query took 92 s). ``--trace`` lists, for each query's first
run, the search requests finished before its answer (when, after the last key, and how
many kB): what the bytes are and which round trip the answer waited for. Builds are kept
in ``--work`` (``--reuse`` takes the ones already there).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import search_queries as sq  # noqa: E402
from browser import launch  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from search_synth import synthesize  # noqa: E402

#: DevTools' "Slow 4G" preset (Chromium's NetworkManager: 1.6 Mbit/s x 0.9 down,
#: 750 kbit/s x 0.9 up, 150 ms x 3.75 round trip) and a mid-range phone's CPU.
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000,
           "uploadThroughput": 84_375}  # fmt: skip
CPU_SLOWDOWN = 4
KEY_DELAY_MS = 200
#: A name in a spelling of the sources, a number, a quote's phrase, and the words most
#: records have (at x100, "troops" is in 12,666 of 28,535 records).
QUERIES = ["Zelenskiy", "10,000", "meat grinder", "troops", "North Korean troops"]

#: What GitHub Pages compresses; Pagefind's own index files come compressed already.
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}

SEARCH_URLS = ("/search-index/", "/pagefind/", "/search/", "-worker.js", "/workers/search")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    cache: dict[Path, bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        if "Cache-Control" not in "".join(h.decode("latin-1") for h in self._headers_buffer):
            self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends
        super().end_headers()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve_gzip(root: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(root.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(work: Path, engine: str, scale: int, reuse: bool) -> Path:
    """The site of this briefing (x ``scale``) built for ``engine``; its folder."""
    root = work / f"{engine}-x{scale}"
    if reuse and (root / "site" / "index.html").is_file():
        return root / "site"
    shutil.rmtree(root, ignore_errors=True)
    if scale > 1:
        synthesize(root, scale)
    else:
        root.mkdir(parents=True)
        shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        for folder in ("site_config", "content", "seeds"):
            shutil.copytree(ROOT / folder, root / folder)
    env = {**os.environ, "BRIEFING_SEARCH": engine, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        capture_output=True, text=True, env=env, timeout=3600,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"building {root} failed:\n{done.stdout}{done.stderr}")
    return root / "site"


#: Notes the time of every key-up and of every answer the search worker gives.
TIMING = """
(() => {
  window.__keyups = [];
  addEventListener("keyup", () => window.__keyups.push(performance.now()), true);
})();
"""

ANSWERED = """(box) => {
  const p = window.__searchProbe;
  return !!p && p.ready && p.results === p.queries.length && p.queries.length > 0
    && p.queries[p.queries.length - 1] === box.value;
}"""


def _transferred(request: Any, site: Path) -> int:
    sizes = request.sizes()
    headers = int(sizes["responseHeadersSize"])
    size = int(sizes["responseBodySize"]) + headers
    path = urlsplit(request.url).path
    if path.endswith("-worker.js") or "/workers/search" in path:
        # Chromium reports a worker's own script as its headers only (0.2 kB): count the
        # compressed body the server sent for it (the server keeps it, _GzipHandler.cache).
        body = _GzipHandler.cache.get(site.resolve() / path.lstrip("/"))
        if body is not None:
            size = max(size, len(body) + headers)
    return size


def measure(
    browser: Any, base: str, site: Path, query: str, trace: list[str] | None = None
) -> tuple[float, float, float]:
    """(search KB, other KB, seconds from the last key to the answer) for one cold run;
    with ``trace``, a line per search request finished (seconds after the last key, kB,
    path) is added to it."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    probe = sq.SEARCH_PROBE.replace(
        "if (type === 3) probe.results += 1;",
        "if (type === 3) { probe.results += 1; probe.answered = performance.now(); }",
    )
    assert "probe.answered" in probe, "browser_fixtures.SEARCH_PROBE changed: update this"
    context.add_init_script(probe + TIMING)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    loaded: list[tuple[str, int]] = []  # the worker's requests too (CDP's page events miss them)
    finished: list[tuple[float, str, int]] = []

    def done(request: Any) -> None:
        try:
            size = _transferred(request, site)
        except PlaywrightError:  # finished as the context closed: after the answer
            return
        loaded.append((request.url, size))
        finished.append((time.monotonic(), request.url, size))

    context.on("requestfinished", done)
    page.goto(base, wait_until="load", timeout=600_000)
    page.locator(".md-header label[for='__search']").first.click()  # the phone's magnifier
    box = page.locator(".md-search__input")
    box.press_sequentially(query, delay=KEY_DELAY_MS)
    last = time.monotonic()
    page.wait_for_function(ANSWERED, arg=box.element_handle(), timeout=600_000, polling=50)
    answer_at = time.monotonic() - last
    answered, last_key = page.evaluate(
        "() => [window.__searchProbe.answered, window.__keyups.at(-1)]"
    )
    once: dict[str, int] = {}  # a URL asked twice (a prefetch, then its user) comes once
    for url, n in loaded:
        once[url] = max(n, once.get(url, 0))
    search = sum(n for url, n in once.items() if any(u in url for u in SEARCH_URLS))
    other = sum(once.values()) - search
    context.close()
    if trace is not None:
        trace.append(f"{query!r} at {base}: answered {answer_at:.2f} s after the last key")
        for at, url, n in finished:
            if n and any(u in url for u in SEARCH_URLS) and at - last <= answer_at:
                trace.append(f"  {at - last:+6.2f} s {n / 1000:6.1f} kB {url.removeprefix(base)}")
    return search / 1000, other / 1000, max(0.0, answered - last_key) / 1000


def hit_rates(browser: Any, site: Path) -> tuple[float, float, int]:
    queries = sq.read_queries(ROOT / "content" / sq.QUERY_FILE)
    with serve_gzip(site) as base:
        context = browser.new_context()
        context.add_init_script(sq.SEARCH_PROBE)
        page = context.new_page()
        page.goto(base, wait_until="networkidle")
        score = sq.run_queries(page, base, queries, site)
        context.close()
    return score.rate("first"), score.rate("top3"), len(score.outcomes)


def index_kb(site: Path, engine: str) -> float:
    folder = site / {"own": "search-index", "pagefind": "pagefind"}.get(engine, "search")
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--engines", default="own,pagefind,lunr")
    parser.add_argument("--lunr-at-scale", action="store_true", help="measure lunr above x1 too")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--reuse", action="store_true", help="keep sites already built in --work")
    parser.add_argument("--hits", action="store_true")
    parser.add_argument("--queries", default="|".join(QUERIES), help="queries to time, |-separated")
    parser.add_argument(
        "--trace", action="store_true", help="list each query's first-run search requests"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="search-weight-"))
    rows = []
    traces: list[str] = []
    with launch() as browser:
        for engine in args.engines.split(","):
            for scale in (int(s) for s in args.scales.split(",")):
                if engine == "lunr" and scale > 1 and not args.lunr_at_scale:
                    continue
                site = build(work, engine, scale, args.reuse)
                runs = []
                with serve_gzip(site) as base:
                    for query in args.queries.split("|"):
                        runs.append(
                            measure(browser, base, site, query, traces if args.trace else None)
                        )
                        runs += [measure(browser, base, site, query) for _ in range(args.runs - 1)]
                hits = hit_rates(browser, site) if args.hits and scale == 1 else None
                rows.append((engine, scale, index_kb(site, engine), runs, hits))
                print(f"measured {engine} x{scale}", file=sys.stderr)
    queries = args.queries.split("|")
    if traces:
        print("Search requests finished before each first answer (seconds after the last key):")
        print("\n".join(traces))
    print(f"Chromium, {CPU_SLOWDOWN}x CPU throttling, Slow 4G (562.5 ms RTT, 180 kB/s); "
          f"queries {queries} typed at {1000 // KEY_DELAY_MS} keys/s on a cold cache; "
          f"median of {args.runs} runs each")  # fmt: skip
    print(
        "| engine | size | index on disk kB | search kB before 1st answer (gzip) "
        "| page kB | 1st answer s after last key (max) | 1st right | top 3 right |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for engine, scale, disk, runs, hits in rows:
        search = statistics.median(r[0] for r in runs)
        page = statistics.median(r[1] for r in runs)
        answer = statistics.median(r[2] for r in runs)
        worst = max(r[2] for r in runs)
        hit = f"{hits[0]:.0%} | {hits[1]:.0%} (n={hits[2]})" if hits else "- | -"
        print(f"| {engine} | x{scale} | {disk:,.0f} | {search:,.0f} | {page:,.0f} "
              f"| {answer:.2f} ({worst:.2f}) | {hit} |")  # fmt: skip


if __name__ == "__main__":
    main()
