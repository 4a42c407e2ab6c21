"""``briefing offline``: build the site together with its offline edition (a ZIP)."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, project_of, say


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "offline",
        help="build the site and its offline edition (a ZIP that works from disk)",
        description="Validate, generate and build the site as 'build' does, after first "
        "building the offline edition: the whole site as a ZIP whose pages, links and "
        "search work opened from disk (file://) with no server. The site publishes it at "
        "downloads/briefing-offline.zip and links it from every page's footer. Two runs "
        "on the same content write the same bytes.",
        parents=parents,
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..export import OFFLINE_FILE
    from ..site import build_site

    project = project_of(args)
    site = build_site(project, strict=True, say=say, offline=True)
    say(f"offline edition: {project.rel(site / OFFLINE_FILE)}")
    return EXIT_OK
