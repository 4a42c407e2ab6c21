"""``briefing build``: validate, generate, run MkDocs, swap the new site in."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, project_of, say


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "build",
        help="validate, generate the pages and build the site",
        description="Validate the content, generate the Markdown pages and run "
        "the MkDocs build in strict mode. The site is swapped into place only "
        "if everything succeeds; otherwise the last good site stays.",
        parents=parents,
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..site import build_site

    project = project_of(args)
    build_site(project, strict=True, say=say)
    return EXIT_OK
