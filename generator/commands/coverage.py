"""``briefing coverage``: what of each source the briefing captures."""

from __future__ import annotations

import argparse

from ..pipeline import check
from .common import EXIT_FAILURE, EXIT_OK, project_of


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "coverage",
        help="show what of each source the briefing captures",
        description="Per source: the quoted passages and which quote records "
        "capture them, and the paragraphs no record cites. Exits 1 if a "
        "quoted passage is neither captured nor listed in coverage_skips.",
        parents=parents,
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..coverage import coverage, format_report

    project = project_of(args)
    report = coverage(project, check(project))
    print(format_report(report))
    return EXIT_OK if report.ok else EXIT_FAILURE
