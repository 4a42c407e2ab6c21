"""What every command shares: the project it works on, and how it talks."""

from __future__ import annotations

import argparse
import sys

from ..project import Project

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def project_of(args: argparse.Namespace) -> Project:
    """The project the command line names (``--root``, ``--content``, ``--seeds``)."""
    return Project.at(args.root, content=args.content, seeds=args.seeds)


def say(message: str) -> None:
    """Progress and warnings go to stderr, so stdout stays the command's output."""
    print(message, file=sys.stderr, flush=True)
