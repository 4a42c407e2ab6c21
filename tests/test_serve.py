"""``briefing serve`` previews the content folder it is given."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError as exc:
            last = exc
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s: {last}")


def test_serve_with_content_serves_that_folder(mini: Path) -> None:
    other = mini / "other-content"
    shutil.copytree(mini / "content", other)
    briefing = other / "briefing.yml"
    text = briefing.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("  title:"))
    briefing.write_text(
        text.replace(title_line, "  title: Served From The Other Folder"), encoding="utf-8"
    )
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(mini),
            "serve",
            "--content",
            str(other),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=mini,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        page = _get(f"http://127.0.0.1:{port}/")
        assert "Served From The Other Folder" in page
        # ...and the default content folder is not what is served.
        default_title = title_line.split(":", 1)[1].strip()
        assert f"<title>{default_title}" not in page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
