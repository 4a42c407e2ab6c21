"""``briefing validate``: check the content; write nothing."""

from __future__ import annotations

import argparse
import sys

from ..errors import format_problems
from ..pipeline import check
from .common import EXIT_OK, project_of


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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    checked = check(project_of(args))
    for line in format_problems(checked.problems):  # warnings only: errors raised
        print(line, file=sys.stderr)
    raw = checked.raw
    count = sum(len(v) for v in raw.records.values())
    print(f"ok: {count} records in {len(raw.files)} files; every excerpt found in its source")
    return EXIT_OK
