"""The ``briefing`` command: validate, build, serve, stats, coverage, schema."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .errors import ContentError
from .pipeline import check
from .project import Project

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def _project(args: argparse.Namespace) -> Project:
    return Project.at(args.root, args.content)


def cmd_validate(args: argparse.Namespace) -> int:
    checked = check(_project(args))
    for warning in checked.problems:
        print(warning.format(), file=sys.stderr)
    raw = checked.raw
    count = sum(len(v) for v in raw.records.values())
    print(f"ok: {count} records in {len(raw.files)} files; every excerpt found in its source")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Build a briefing site from curated YAML and archived sources.",
    )
    parser.add_argument("--root", default=".", help="project folder (default: current)")
    parser.add_argument("--content", default=None, help="content folder (default: ROOT/content)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on failure")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help="check the content; write nothing",
                       description="Check every content file: schema, ids, references, dates, "
                       "and that every quote and excerpt is verbatim in its source.")
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted: the previous output is left as it was", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into messages
        if args.debug:
            traceback.print_exc()
        else:
            print(f"error: {type(exc).__name__}: {exc}\n(run with --debug for the traceback)",
                  file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
