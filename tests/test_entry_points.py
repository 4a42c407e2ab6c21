"""The real command, as a process: ``python -m generator`` and the ``briefing`` script.

Most tests call ``generator.cli.main`` in process (conftest.run_main). These run the
real entry points and check they exit and print exactly what the in-process run does, so
the in-process tests stand for the command a reader types. Signals are in
tests/test_guarantees.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_env, run_cli, run_main

pytestmark = pytest.mark.slow


def briefing_script() -> str:
    """The ``briefing`` console script installed beside this Python (.venv/bin)."""
    here = Path(sys.executable).parent
    found = shutil.which("briefing", path=str(here)) or shutil.which("briefing")
    assert found, f"no 'briefing' script in {here} or on PATH: pip install -e ."
    return found


def timeless(text: str) -> str:
    """``text`` with the durations it reports ('in 76 ms', 'in 1.2 s') blanked out."""
    return re.sub(r"\bin \d+(\.\d+)? m?s\b", "in (time)", text)


def same(mini: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``args`` as a process and in process; both must agree. Returns the process run."""
    real = run_cli(mini, *args)
    inner = run_main(mini, *args)
    assert (real.returncode, timeless(real.stdout), timeless(real.stderr)) == (
        inner.code,
        timeless(inner.out),
        timeless(inner.err),
    )
    return real


def test_valid_content_exits_0(mini: Path) -> None:
    result = same(mini, "validate")
    assert result.returncode == 0
    assert result.stdout.startswith("ok: ")


def test_invalid_content_exits_2_with_the_report(mini: Path) -> None:
    records = mini / "content/records.yml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("claimant: ministry", "claimant: nobody"), encoding="utf-8")
    result = same(mini, "validate")
    assert result.returncode == 2
    assert "refers to actor 'nobody', which does not exist" in result.stderr
    assert result.stderr.endswith(" error(s): nothing was written.\n")


def test_a_failure_not_the_contents_exits_1_and_debug_shows_the_traceback(mini: Path) -> None:
    (mini / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = same(mini, "build")
    assert result.returncode == 1
    assert "\nerror: MkDocs build failed: " in result.stderr
    assert "Traceback" not in result.stderr
    debug = run_cli(mini, "--debug", "build")
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr


def test_usage_error_exits_2(mini: Path) -> None:
    result = same(mini, "no-such-command")
    assert result.returncode == 2
    assert "usage: briefing" in result.stderr


def test_the_briefing_script_is_the_same_command(mini: Path) -> None:
    script = briefing_script()
    run = subprocess.run(
        [script, "--root", str(mini), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=mini,
        env=build_env(),
    )
    inner = run_main(mini, "validate")
    assert (run.returncode, run.stdout, run.stderr) == tuple(inner)
    assert run.returncode == 0
    usage = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 0
    assert usage.stdout.startswith("usage: briefing")


@pytest.mark.parametrize("command", ["validate", "build", "serve", "stats", "coverage", "schema"])
def test_every_command_has_help(mini: Path, command: str) -> None:
    result = run_main(mini, command, "--help")
    assert result.code == 0, result.err
    assert result.out.startswith("usage: briefing")
