"""The ``briefing`` command: parse the command line, run a command, turn failures into
messages and exit statuses (0 valid, 2 invalid content, 1 anything else).

The commands themselves are in :mod:`generator.commands`.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from .commands import COMMANDS
from .commands.common import EXIT_FAILURE, EXIT_INVALID, EXIT_OK
from .errors import MAX_LINE, BuildFailed, ContentError, safe_lines
from .write import WriteError

__all__ = ["EXIT_FAILURE", "EXIT_INVALID", "EXIT_OK", "build_parser", "main"]


def _shared_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command takes, before or after the command's name."""
    # After the command, unset options must not overwrite ones given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--root", default="." if top else argparse.SUPPRESS, help="project folder (default: .)"
    )
    parser.add_argument(
        "--content", default=default, help="content folder (default: from mkdocs.yml, or content)"
    )
    parser.add_argument(
        "--seeds", default=default, help="archived texts (default: from mkdocs.yml, or seeds)"
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="show tracebacks on failure",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Build a briefing site from curated YAML and archived sources.",
    )
    _shared_options(parser, top=True)
    shared = argparse.ArgumentParser(add_help=False)
    _shared_options(shared, top=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub, [shared])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    except BuildFailed as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {safe_lines(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except WriteError as exc:
        print(f"error: {safe_lines(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # output piped into a command that stopped reading (head)
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted: the previous output is left as it was", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into messages
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"error: {type(exc).__name__}: {safe_lines(str(exc), MAX_LINE)}\n"
                "(run with --debug for the traceback)",
                file=sys.stderr,
            )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
