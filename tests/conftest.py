"""Shared fixtures: copies of real or fixture projects, the real CLI, a built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_project(dest: Path, content: Path, seeds: Path) -> Path:
    """A runnable project in ``dest``: the real mkdocs.yml and site_config, given content."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_config", dest / "site_config")
    shutil.copytree(content, dest / "content")
    shutil.copytree(seeds, dest / "seeds")
    return dest


def run_cli(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real ``briefing`` command (as ``python -m generator``) in a project."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=root,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project (content + seeds + real site config)."""
    return make_project(
        tmp_path / "mini", FIXTURES / "mini" / "content", FIXTURES / "mini" / "seeds"
    )


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real briefing (content/ and seeds/), built once with the real CLI."""
    root = make_project(
        tmp_path_factory.mktemp("real") / "project", ROOT / "content", ROOT / "seeds"
    )
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="session")
def real_site(real_project: Path) -> Path:
    return real_project / "site"


# Browser tests (issue 4): Chromium for pytest-playwright, the served real site, a request
# watcher. Imported here so that they override pytest-playwright's own fixtures.
from browser_fixtures import (  # noqa: E402, F401
    browser_type_launch_args,
    page_kinds,
    reader,
    real_briefing,
    site_url,
)
