"""The editor's guide (site_config/docs/editing.md) is run as written: its example article
is saved, every command in it is run in order in a fresh git repository holding the mini
briefing, and each output it shows is what the command prints (line and column numbers
aside). The pre-commit hooks it installs are then tried on a bad and a good commit."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, run_main

pytestmark = pytest.mark.slow

GUIDE = ROOT / "site_config" / "docs" / "editing.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
PLACE = re.compile(r"(\.ya?ml):\d+(?::\d+)?")


def blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(GUIDE.read_text("utf-8"))]


def commands(block: str) -> list[list[str]]:
    joined = block.replace("\\\n", " ")
    return [shlex.split(line) for line in joined.splitlines() if line.strip()]


def normal(text: str) -> str:
    return PLACE.sub(r"\1:N", text.strip())


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")},
    )


def serve_once(root: Path) -> None:
    """``briefing serve`` as the guide shows it: it serves the preview, then stops."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve"]
        + ["--dev-addr", "127.0.0.1:0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True).start()
    try:
        deadline = time.monotonic() + 120
        while not any("serving on" in line for line in lines):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.05)
        url = re.search(r"http://\S+/", next(line for line in lines if "serving on" in line))
        assert url
        with urllib.request.urlopen(url.group(), timeout=30) as response:
            assert response.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_guide_runs_as_written(mini: Path) -> None:
    root = mini
    shutil.copy2(ROOT / ".pre-commit-config.yaml", root / ".pre-commit-config.yaml")
    (root / ".gitignore").write_text(".venv\nsite/\nbuild/\n", encoding="utf-8")
    (root / ".venv").symlink_to(ROOT / ".venv")  # the hooks run the project's own tools
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    git(root, "add", "-A")
    assert git(root, "commit", "-q", "-m", "the briefing so far").returncode == 0

    ran: list[str] = []
    last: tuple[list[str], str, int] | None = None
    for kind, text in blocks():
        if kind == "txt":
            (root / "article.txt").write_text(text, encoding="utf-8")
        elif kind == "sh":
            for argv in commands(text):
                # A command that failed is only right if the guide shows its refusal next.
                assert last is None or last[2] == 0, last
                ran.append(argv[0] if argv[0] != "briefing" else f"briefing {argv[1]}")
                if argv[:2] == ["briefing", "serve"]:
                    serve_once(root)
                    last = None
                elif argv[0] == "briefing":
                    run = run_main(root, *argv[1:])
                    last = (argv, run.out + run.err, run.code)
                elif argv[0] == "pre-commit":
                    result = subprocess.run(
                        [str(ROOT / ".venv" / "bin" / "pre-commit"), *argv[1:]],
                        cwd=root,
                        capture_output=True,
                        text=True,
                        env={**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pch")},
                    )
                    assert result.returncode == 0, result.stdout + result.stderr
                    last = None
                else:
                    pytest.fail(f"the guide runs a command this test does not know: {argv}")
        elif kind == "text":
            assert last is not None, f"output shown for no command: {text[:60]}"
            argv, output, code = last
            assert normal(output) == normal(text), (argv, output)
            shows_error = " error: " in text
            assert (code != 0) == shows_error, (argv, code, output)
            last = None
    assert last is None or last[2] == 0, last
    assert {"briefing serve", "briefing new", "briefing validate", "briefing diff"} <= set(ran)
    assert "pre-commit" in ran

    # Every command either succeeded or was a refusal the guide shows; the content is valid.
    assert run_main(root, "validate").code == 0

    # The hooks `pre-commit install` set up stop a commit with a problem, with the report.
    actors = root / "content" / "actors.yml"
    good = actors.read_text("utf-8")
    actors.write_text(good.replace("    role: minister", "    rol: minister"), encoding="utf-8")
    git(root, "add", "-A")
    refused = git(root, "commit", "-q", "-m", "a typo")
    assert refused.returncode != 0
    assert "unknown key 'rol' in actor" in refused.stdout + refused.stderr
    actors.write_text(good, encoding="utf-8")
    (root / "tool.py").write_text("x = [1,\n  2]\n", encoding="utf-8")
    git(root, "add", "-A")
    refused = git(root, "commit", "-q", "-m", "unformatted Python")
    assert refused.returncode != 0
    assert "ruff format" in refused.stdout + refused.stderr
    (root / "tool.py").write_text("x = [1, 2]\n", encoding="utf-8")
    git(root, "add", "-A")
    accepted = git(root, "commit", "-q", "-m", "the walkthrough's records")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_guide_knows_no_topic() -> None:
    """It is on every briefing's site: its examples are its own, not this briefing's."""
    words = re.compile(r"North Korea|Pyongyang|Kursk|Ukraine|Pentagon|troops", re.I)
    assert words.findall(GUIDE.read_text("utf-8")) == []


def test_the_guide_is_in_the_navigation() -> None:
    assert re.search(r"^  - Editing: editing\.md$", (ROOT / "mkdocs.yml").read_text(), re.M)
