"""``briefing serve``: live preview of the project's content (see :mod:`generator.serve`)."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, project_of, say


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "serve",
        help="preview the site, rebuilding on every change",
        description="Serve the site locally and rebuild it whenever a content "
        "file, a seed, a template or a hand-written page changes. Only the pages an "
        "edit changes are rebuilt. Invalid content is reported in the terminal "
        "(as by 'briefing validate') and in a banner on the open page, while the last "
        "good pages stay served.",
        parents=parents,
    )
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address (default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..serve import serve

    try:
        serve(project_of(args), args.dev_addr, say=say)
    except KeyboardInterrupt:
        say("stopped")
    return EXIT_OK
