"""``briefing diff REF``: which records were added, changed or removed since a git revision."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_FAILURE, EXIT_OK, project_of


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "diff",
        help="summarise the content changes since a git revision, in Markdown",
        description="Compare the content (and the archived texts) with their state at "
        "a git revision (a branch, tag or commit) and print, in Markdown, the records "
        "added, changed (with the fields that changed) and removed, by kind and id: "
        "for a pull-request comment or a changelog.",
        parents=parents,
    )
    p.add_argument("ref", help="the git revision to compare with, e.g. main or HEAD~3")
    p.add_argument("--output", metavar="FILE", help="write the Markdown to FILE as well")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..diff import GitError, content_diff, markdown

    project = project_of(args)
    try:
        diff = content_diff(project, args.ref)
    except GitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    text = markdown(diff)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(text, end="")
    for problem in diff.unreadable:
        print(problem, file=sys.stderr)
    return EXIT_OK
