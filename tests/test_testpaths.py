"""pyproject's testpaths work for any briefing: with content/checks/, and without it.

Each case runs pytest, with this project's pyproject.toml, in a scratch project holding
one test in tests/ and maybe a content/checks/ folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

TESTS_CONFTEST = "HELPER = 'from tests/conftest.py'\n"
TESTS_TEST = (
    "from conftest import HELPER\n\n\n"
    "def test_generator():\n    assert HELPER == 'from tests/conftest.py'\n"
)
CHECKS_TEST = "def test_briefing():\n    pass\n"


def run_pytest(project: Path) -> subprocess.CompletedProcess[str]:
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    return subprocess.run(
        # addopts (parallel runs, report options) is beside the point here: only testpaths.
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def scratch(tmp_path: Path, checks: dict[str, str] | None) -> Path:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/conftest.py").write_text(TESTS_CONFTEST)
    (tmp_path / "tests/test_generator.py").write_text(TESTS_TEST)
    (tmp_path / "content").mkdir()
    if checks is not None:
        (tmp_path / "content/checks").mkdir()
        for name, text in checks.items():
            (tmp_path / "content/checks" / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("checks", "passed"),
    [
        pytest.param(None, 1, id="no-content-checks"),
        # Checks with a conftest.py of their own, and a test named as one in tests/: as a
        # package, content/checks shadows neither tests/conftest.py nor its modules.
        pytest.param(
            {
                "__init__.py": "",
                "conftest.py": "HELPER = 'from content/checks/conftest.py'\n",
                "test_generator.py": CHECKS_TEST,
            },
            2,
            id="with-own-conftest",
        ),
    ],
)
def test_testpaths(tmp_path: Path, checks: dict[str, str] | None, passed: int) -> None:
    result = run_pytest(scratch(tmp_path, checks))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().splitlines()[-1].startswith(f"{passed} passed"), result.stdout
    assert "warning" not in result.stdout.lower(), result.stdout
