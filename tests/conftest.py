"""Shared fixtures: copies of real or fixture projects, the CLI (in process or as a real
subprocess), and the real content built once.

"Real" means whatever briefing ``content/`` and ``seeds/`` hold: the tests here pick
what they expect from that content's model, never from its facts, so they pass on any
briefing. Tests that pin one briefing's facts live beside it, in ``content/checks/``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import NamedTuple

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

#: Variables that change what a build writes (edit links, site_url, timestamps). CI sets
#: some of them; every test run starts without them, and a test that wants one says so.
BUILD_ENV = (
    "GITHUB_REPOSITORY",
    "GITHUB_SERVER_URL",
    "GITHUB_REF_NAME",
    "SITE_URL",
    "SOURCE_DATE_EPOCH",
)


def make_project(dest: Path, content: Path, seeds: Path) -> Path:
    """A runnable project in ``dest``: the real mkdocs.yml and site_config, given content."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_config", dest / "site_config")
    shutil.copytree(content, dest / "content")
    shutil.copytree(seeds, dest / "seeds")
    return dest


def build_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without BUILD_ENV, plus ``env``."""
    base = {k: v for k, v in os.environ.items() if k not in BUILD_ENV}
    return {**base, **(env or {})}


def run_cli(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real ``briefing`` command (as ``python -m generator``) in a project.

    For exit codes, signals and the entry point itself; everything else uses run_main.
    """
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=root,
        env=build_env(env),
    )


class Run(NamedTuple):
    """What an in-process run of the CLI returned and printed."""

    code: int
    out: str
    err: str


def run_main(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """``briefing --root ROOT ARGS`` in this process: ``generator.cli.main``, its stdout and
    stderr captured. Behaves as run_cli does, about 0.3 s faster per call."""
    out, err = io.StringIO(), io.StringIO()
    with isolated(root, env, err), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--root", str(root), *args])
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Run(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def isolated(root: Path, env: dict[str, str] | None, stderr: io.StringIO) -> Iterator[None]:
    """Whatever one CLI run changes in this process is undone afterwards.

    The environment is the test's own (the build sets SOURCE_DATE_EPOCH only for its
    own duration, but other variables must not leak in); the build quiets the
    ``mkdocs`` logger and hands the MkDocs plugin its pages through class attributes;
    the working directory is the project's, as for a subprocess. MkDocs' warnings
    reach stderr as they would in a fresh process (there, Python's last-resort handler
    prints them).
    """
    saved_env = os.environ.copy()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    saved_loggers = [(lg, lg.level, list(lg.handlers), lg.propagate) for lg in loggers]
    last_resort = logging.StreamHandler(stderr)
    last_resort.setLevel(logging.WARNING)
    with pytest.MonkeyPatch.context() as mp:
        for plugin in entry_points(group="mkdocs.plugins", name="briefing"):
            cls = plugin.load()
            for name, value in list(vars(cls).items()):
                if not name.startswith("__") and not callable(value):
                    mp.setattr(cls, name, value)  # restored to this value afterwards
        mp.chdir(root)
        try:
            os.environ.clear()
            os.environ.update(build_env(env))
            logging.getLogger().addHandler(last_resort)
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            for lg, level, handlers, propagate in saved_loggers:
                lg.setLevel(level)
                lg.handlers[:] = handlers
                lg.propagate = propagate


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project (content + seeds + real site config)."""
    return make_project(
        tmp_path / "mini", FIXTURES / "mini" / "content", FIXTURES / "mini" / "seeds"
    )


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture built once (read-only: tests that change it use ``built_mini``)."""
    root = make_project(
        tmp_path_factory.mktemp("mini-built") / "mini",
        FIXTURES / "mini" / "content",
        FIXTURES / "mini" / "seeds",
    )
    result = run_main(root, "build")
    assert result.code == 0, result.err
    return root


@pytest.fixture
def built_mini(mini_built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built mini project (build/docs and site/ included), to change."""
    dest = tmp_path / "mini"
    shutil.copytree(mini_built, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real briefing (content/ and seeds/), built once with the real CLI as
    CI publishes it: the site with its offline edition (``briefing offline``). Read-only.
    Built once for the whole run, not once per xdist worker: the first worker to ask
    builds it under a lock in the run's shared temporary folder, the others wait for it."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    root = shared / "real-briefing" / "project"
    with FileLock(str(shared / "real-briefing.lock")):
        if not (root / "site" / "index.html").is_file():
            shutil.rmtree(root.parent, ignore_errors=True)
            make_project(root, ROOT / "content", ROOT / "seeds")
            result = run_cli(root, "offline")
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
