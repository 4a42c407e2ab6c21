"""Lighthouse scores for the main page kinds, mobile and desktop, as a table.

    python scripts/lighthouse.py [--site site] [--write README-LIGHTHOUSE.md]

Run by ``make lighthouse`` (which builds the site and installs the pinned npm lighthouse
with ``npm ci``); not part of the test run. Serves the built site on 127.0.0.1 the way
GitHub Pages serves it (gzip for text, ``Cache-Control: max-age=600``), and runs Lighthouse
with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) on the overview, the
figures, the timeline and the claims pages, the largest actor page and the largest source
page, three runs each (the median is reported). Targets: accessibility, best
practices and SEO 100 everywhere; performance 95 or more on mobile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SHORT = {
    "performance": "Perf.",
    "accessibility": "A11y",
    "best-practices": "Best pr.",
    "seo": "SEO",
}
TARGET = {("performance", "mobile"): 95, ("performance", "desktop"): 95}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip and a short cache lifetime, as GitHub Pages sends them."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # noqa: ANN201 - as in the base class
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(PagesLikeHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def largest(site: Path, folder: str) -> str:
    pages = [p for p in (site / folder).glob("*/index.html")]
    if not pages:
        raise SystemExit(f"no pages under {site / folder}: build the site first (make site)")
    page = max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    return page.parent.relative_to(site).as_posix() + "/"


def lighthouse_bin() -> Path:
    path = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not path.exists():
        raise SystemExit("lighthouse is not installed: run `npm ci` (make lighthouse does)")
    return path


def run(url: str, form: str, out: Path, chrome: str) -> dict:
    flags = ["--headless=new", *CHROMIUM_ARGS]
    cmd = [
        str(lighthouse_bin()),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(flags),
    ]
    if form == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url} ({form}):\n{result.stderr[-3000:]}")
    return json.loads(out.read_text("utf-8"))


def shortfalls(report: dict) -> list[str]:
    """The audits that cost points, per category scoring under 100."""
    out = []
    for cat in CATEGORIES:
        category = report["categories"][cat]
        if category["score"] is not None and category["score"] >= 1:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                out.append(
                    f"{cat}: {audit['title']} ({audit['score']:.2f}{', ' + value if value else ''})"
                )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--write", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page and form factor; the median is reported"
    )
    args = parser.parse_args()
    site = args.site.resolve()
    chrome = os.environ.get("CHROME_PATH") or chromium_path()
    if not chrome:
        raise SystemExit("Chromium not found: apt-get install chromium, or set CHROME_PATH")
    pages = {
        "Overview": "",
        "Figures": "figures/",
        "Timeline": "timeline/",
        "Claims": "claims/",
        f"Actor ({largest(site, 'actors')})": largest(site, "actors"),
        f"Source ({largest(site, 'sources')})": largest(site, "sources"),
    }
    load = os.getloadavg()
    server, base = serve(site)
    rows, notes = [], []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, path in pages.items():
                for form in ("mobile", "desktop"):
                    # The run with the median performance score, as Lighthouse's docs
                    # advise: one run's timings depend on what else the machine is doing.
                    reports = sorted(
                        (
                            run(base + path, form, Path(tmp) / f"report-{i}.json", chrome)
                            for i in range(args.runs)
                        ),
                        key=lambda r: r["categories"]["performance"]["score"] or 0,
                    )
                    report = reports[len(reports) // 2]
                    scores = {
                        c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES
                    }
                    rows.append((name, form, scores))
                    notes += [f"{name}, {form}: {s}" for s in shortfalls(report)]
                    print(
                        f"{name:<40} {form:<8} "
                        + " ".join(f"{SHORT[c]} {scores[c]:>3}" for c in CATEGORIES),
                        file=sys.stderr,
                        flush=True,
                    )
                    version = report["lighthouseVersion"]
                    browser = report["environment"]["hostUserAgent"]
    finally:
        server.shutdown()

    table = [
        "| Page | Form | " + " | ".join(SHORT[c] for c in CATEGORIES) + " |",
        "| --- | --- | " + " | ".join("--:" for _ in CATEGORIES) + " |",
    ]
    for name, form, scores in rows:
        table.append(
            f"| {name} | {form} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |"
        )
    missed = [
        f"{name} ({form}): {c} {scores[c]}"
        for name, form, scores in rows
        for c in CATEGORIES
        if scores[c] < TARGET.get((c, form), 100)
        and not (c == "performance" and form == "desktop" and scores[c] >= 95)
    ]
    print("\n".join(table))
    print("\nbelow target: " + ("; ".join(missed) if missed else "none"))
    for note in notes:
        print("  - " + note)
    if args.write:
        today = dt.date.today().isoformat()
        text = [
            "# Lighthouse scores",
            "",
            f"Measured {today} with `make lighthouse` (scripts/lighthouse.py): Lighthouse "
            f"{version}, Debian's Chromium (`{browser.split(') ')[-1]}`), the built site "
            "served on 127.0.0.1 with gzip and `Cache-Control: max-age=600` as GitHub "
            "Pages serves it. Mobile is Lighthouse's default (emulated phone, simulated "
            "slow 4G and 4x CPU slowdown); desktop is `--preset=desktop`. The actor and "
            f"source pages are the largest of their kind. Each score is from the run with "
            f"the median performance score of {args.runs}.",
            "",
            "Targets: accessibility, best practices and SEO 100 on every page; "
            "performance 95 or more on mobile.",
            "",
            *table,
            "",
            "Below target: " + ("; ".join(missed) if missed else "none") + ".",
            "",
        ]
        if notes:
            text += ["Audits that cost points:", "", *[f"- {n}" for n in notes], ""]
        text += [
            "Notes: mobile performance can move by ten points or more between runs on a "
            "busy machine (Total Blocking Time above all), since Lighthouse derives the "
            "simulated phone's timings from the trace it records, hence the median of "
            f"several runs (load average here: {load[0]:.1f} at the start, "
            f"{os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores). The points "
            "lost are load timings (first paint, blocking time) of Material's own CSS and "
            "JavaScript bundle; the site loads no web fonts (`font: false`) and nothing "
            "from any other host.",
            "",
            'Re-measure: `make lighthouse LIGHTHOUSE_ARGS="--write README-LIGHTHOUSE.md"`.',
            "",
        ]
        args.write.write_text("\n".join(text), "utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
