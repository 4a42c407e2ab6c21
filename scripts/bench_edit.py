"""Benchmark the editor's loop: from saving a content file to the served page showing it.

    python scripts/bench_edit.py [--runs 7] [--scales 1,10]

For each scale, a copy of the project (the real content, or N copies of it, see
``project_at``) is served by the real ``briefing serve`` in a child
process. The page that lists the content's first event (the timeline) is "open": a
thread polls the preview's state from it, as the page's script in a browser does. Each
run rewrites that event's title to a new text, then fetches the page over HTTP every
10 ms until the served HTML holds the new title: that time, from just before the write,
is one measurement. A
second measurement breaks the same file's YAML and waits for the preview's state to
report the error (what the banner shows), then the file is put back.

Prints a table of medians (and the spread) per scale, with the CPU time the server used
for each edit and the load average: on a busy machine the wall time grows with the wait
for a core, the CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench import scaled_project  # noqa: E402

SYNTH = ROOT / "scripts" / "synth.py"


def project_at(dest: Path, scale: int) -> Path:
    """The real project, or N copies of it: scripts/synth.py's synthetic briefing (every
    copy its own actors, sources and dates) where it exists, else bench.py's copies."""
    if scale > 1 and SYNTH.is_file():
        subprocess.run(
            [sys.executable, str(SYNTH), "--copies", str(scale), "--out", str(dest), "--project"],
            check=True,
            capture_output=True,
        )
        return dest
    return scaled_project(dest, scale)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


class Server:
    """``briefing serve`` on a project, in a child process; its terminal output is kept."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve"]
            + ["--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 300
        while not any(line.startswith("serving on") for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("briefing serve did not start:\n" + "".join(self.lines))
            time.sleep(0.05)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def cpu(self) -> float:
        """CPU seconds the server process has used so far (all its threads)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wait_for(url: str, holds: Callable[[str], bool], timeout: float = 60) -> float:
    """Fetch ``url`` every 10 ms until its body ``holds``; return the time it first did."""
    deadline = time.monotonic() + timeout
    while not holds(fetch(url)):
        if time.monotonic() > deadline:
            raise SystemExit(f"the preview never showed the edit at {url}")
        time.sleep(0.01)
    return time.perf_counter()


class OpenPage:
    """What a browser showing the page does: its script long-polls the preview's state,
    naming the page (the preview rebuilds the pages open in a browser first)."""

    def __init__(self, base: str, path: str):
        self.url = f"{base}/.briefing/state?page=/{path}&since="
        self.stopping = False
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        since = -1
        while not self.stopping:
            try:
                since = json.loads(fetch(self.url + str(since)))["version"]
            except OSError:
                time.sleep(0.2)

    def stop(self) -> None:
        self.stopping = True


def idle(body: str) -> bool:
    return not json.loads(body)["building"]


def has_problems(body: str) -> bool:
    return bool(json.loads(body)["problems"])


def first_event(root: Path) -> tuple[Path, int, str]:
    """The first event of the content: its file, the line of its title, and the path of
    the page that lists it (the timeline, or the part of a split timeline holding it)."""
    from generator.model import build_model
    from generator.pipeline import check
    from generator.project import Project

    project = Project.at(root)
    checked = check(project)
    record = checked.raw.records["events"][0]
    line, _ = record.mark("title")
    event = build_model(checked).events[record.id]
    page = str(getattr(event, "page", "timeline.md"))
    url = page.removesuffix("index.md").removesuffix(".md")
    url = url if url.endswith("/") or not url else url + "/"
    return root / record.file, line, url


def measure(root: Path, runs: int) -> dict[str, list[float]]:
    events, line, path = first_event(root)
    original = events.read_text(encoding="utf-8")
    lines = original.split("\n")
    head, _, _ = lines[line - 1].partition("title:")
    server = Server(root)
    page = f"{server.url}/{path}"
    state = f"{server.url}/.briefing/state?since=-1"
    served, banner, cpu = [], [], []
    browser = OpenPage(server.url, path)
    try:
        fetch(page)
        time.sleep(0.5)
        for n in range(runs):
            wait_for(state, idle)  # the last edit's rebuild (the other pages, search) is done
            token = f"Bench edit {n} {time.time_ns()}"
            text = "\n".join([*lines[: line - 1], f"{head}title: {token}", *lines[line:]])
            used = server.cpu()
            started = time.perf_counter()
            events.write_text(text, encoding="utf-8")
            served.append(wait_for(page, lambda body, t=token: t in body) - started)
            cpu.append(server.cpu() - used)
            time.sleep(1.0)  # an editor's pause
            wait_for(state, idle)
            started = time.perf_counter()
            events.write_text(text + "  - id: [broken\n", encoding="utf-8")
            banner.append(wait_for(state, has_problems) - started)
            events.write_text(text, encoding="utf-8")
            wait_for(state, lambda body: not has_problems(body))
            time.sleep(1.0)
    finally:
        browser.stop()
        server.stop()
        events.write_text(original, encoding="utf-8")
    return {"served": served, "banner": banner, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    rows = []
    for scale in [int(s) for s in args.scales.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            root = project_at(Path(tmp), scale)
            load_before = os.getloadavg()[0]
            result = measure(root, args.runs)
            load_after = os.getloadavg()[0]
        load = (load_before + load_after) / 2
        rows.append((scale, result["served"], result["banner"], result["cpu"], load))
    print(f"edit to served page, {args.runs} edits per scale (seconds; median, min, max)")
    print(
        f"{'scale':>5} {'median':>7} {'min':>6} {'max':>6} {'server cpu':>11} "
        f"{'to banner':>10} {'load avg':>9}"
    )
    for scale, served, banner, cpu, load in rows:
        print(
            f"{scale:>5} {statistics.median(served):>7.2f} {min(served):>6.2f} "
            f"{max(served):>6.2f} {statistics.median(cpu):>11.2f} "
            f"{statistics.median(banner):>10.2f} {load:>9.1f}"
        )
    print("server cpu: CPU seconds the preview used from the write to the served page;")
    print("on a busy machine the wall time exceeds it by the time spent waiting for a core.")


if __name__ == "__main__":
    main()
