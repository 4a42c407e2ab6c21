"""``briefing validate``: check the content; write nothing."""

from __future__ import annotations

import argparse
import sys

from ..errors import ContentError, format_problems
from ..pipeline import check
from .common import EXIT_INVALID, EXIT_OK, project_of


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "validate",
        help="check the content; write nothing",
        description="Check every content file: schema, ids, references, dates, "
        "and that every quote and excerpt is verbatim in its source.",
        parents=parents,
    )
    p.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: file:line:column reports (default); github: also a workflow "
        "annotation per problem on stdout, so a pull request shows it on its line",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    github = args.format == "github"
    try:
        checked = check(project)
    except ContentError as exc:
        if not github:
            raise
        from ..annotations import format_github

        print(format_github(exc.problems, project.root))
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    if github and checked.problems:
        from ..annotations import format_github

        print(format_github(checked.problems, project.root))
    for line in format_problems(checked.problems):  # warnings only: errors raised
        print(line, file=sys.stderr)
    raw = checked.raw
    count = sum(len(v) for v in raw.records.values())
    print(f"ok: {count} records in {len(raw.files)} files; every excerpt found in its source")
    return EXIT_OK
