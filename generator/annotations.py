"""Problems as GitHub workflow commands, so a pull request shows each one on its line.

``::error file=content/a.yml,line=3,col=5,title=actor 'x'::unknown key 'rol'%0Afix: ...``

GitHub's rules (the ``@actions/core`` toolkit's ``escapeData`` and ``escapeProperty``):
in the message, ``%``, CR and LF are written ``%25``, ``%0D`` and ``%0A``; in a
property value, ``:`` and ``,`` are written ``%3A`` and ``%2C`` as well. So a
message of any text stays on one line and cannot end the command early or start
another one.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem

#: Problem severities and the workflow command each becomes.
COMMANDS = {"error": "error", "warning": "warning"}


def escape_data(text: str) -> str:
    """A command's message, escaped as GitHub requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title...), escaped as GitHub requires."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_path(file: str, root: Path, workspace: str | None = None) -> str:
    """The file as GitHub names it: relative to the checked-out repository
    (``GITHUB_WORKSPACE``), which may hold the project in a subfolder."""
    workspace = os.environ.get("GITHUB_WORKSPACE") if workspace is None else workspace
    if not workspace:
        return file
    try:
        return (root / file).resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return file


def github_annotation(problem: Problem, root: Path, workspace: str | None = None) -> str:
    """One problem as one workflow command line."""
    command = COMMANDS.get(problem.severity, "error")
    props = [f"file={escape_property(github_path(problem.file, root, workspace))}"]
    if problem.line:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column or 1}")
    title = problem.record or "briefing validate"
    props.append(f"title={escape_property(title)}")
    message = problem.message + (f"\nfix: {problem.fix}" if problem.fix else "")
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def format_github(problems: list[Problem], root: Path, workspace: str | None = None) -> str:
    """Every problem, one command per line."""
    return "\n".join(github_annotation(p, root, workspace) for p in problems)
