"""Build the site with MkDocs, in process (the live preview is :mod:`generator.serve`).

The build runs into a temporary folder beside the site and is swapped in only when
MkDocs finished without a warning; timestamps come from ``SOURCE_DATE_EPOCH`` (by
default the briefing's as-of date, clamped into the range a gzip header can hold) so
two builds of the same input are identical. One build of a project runs at a time.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import search_index, search_shards
from .errors import BuildFailed, format_problems
from .export.meta import default_date
from .lock import output_lock
from .mkdocs_plugin import BriefingPlugin
from .pipeline import generate
from .project import Project
from .write import check_ours, clean_leftovers, replace_dir


def _quiet_mkdocs() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


#: The reproducible-build timestamp is kept within what every consumer can store: the
#: sitemap's gzip header holds an unsigned 32-bit time (1970 to early 2106). A briefing
#: dated outside that range still builds; its files carry the nearest date in range.
EPOCH_RANGE = (0, 2**32 - 1)


def build_epoch(day: dt.date) -> int:
    """``SOURCE_DATE_EPOCH`` for a briefing dated ``day``, clamped into range."""
    seconds = calendar.timegm(day.timetuple())
    return min(max(seconds, EPOCH_RANGE[0]), EPOCH_RANGE[1])


def build_site(
    project: Project, *, strict: bool = True, say: Callable[[str], None], offline: bool = False
) -> Path:
    """Generate pages, run the MkDocs build, swap the result into the site folder.

    ``offline``: first build the offline edition, whose ZIP the site then publishes.
    Holds the project's output lock throughout (:mod:`generator.lock`), so a second
    build, or a serve rebuild, waits instead of deleting this one's folders.
    """
    with output_lock(project, say):
        return _build_site(project, strict=strict, say=say, offline=offline)


def _build_site(
    project: Project, *, strict: bool, say: Callable[[str], None], offline: bool
) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    started = time.perf_counter()
    # Pages are generated into a staging folder and swapped into build/docs only after
    # MkDocs succeeded, so a failed or killed build leaves both outputs as they were.
    clean_leftovers(project.docs)
    check_ours(project.docs)
    stage = project.docs.with_name(f".{project.docs.name}.tmp-stage-{os.getpid()}")
    try:
        result = generate(dataclasses.replace(project, docs=stage), reuse=project.docs)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    say(f"validated content and {result.summary()}")
    for line in format_problems(result.warnings):
        say(line)
    # The as-of date, or the latest recorded change if later (generator/export/meta.py),
    # unless the caller set one; set for this build only, so the next build in the same
    # process (the preview, the tests) dates itself.
    ours_epoch = "SOURCE_DATE_EPOCH" not in os.environ
    if ours_epoch:
        os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch(default_date(result.briefing)))
    _quiet_mkdocs()
    site = project.site
    tmp: Path | None = None
    try:
        clean_leftovers(site)
        check_ours(site)
        site.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.tmp-", dir=site.parent))
        if offline:
            from .export.offline import build_edition

            build_edition(project, stage, result.briefing, strict=strict, say=say)
        cfg = load_config(str(project.config_file), strict=strict, site_dir=str(tmp))
        BriefingPlugin.active = project
        BriefingPlugin.pregenerated = result.briefing
        BriefingPlugin.pregenerated_docs = stage
        del result  # the plugin takes the model's title; MkDocs runs without the rest
        say("building the site with MkDocs (strict)…")
        build(cfg)
        chosen = search_index.engine(cfg)
        if chosen == "pagefind":
            records = search_index.build_index(tmp)  # inside the staging folder
            say(f"indexed {records} search records with Pagefind")
        elif chosen == "own":
            records = search_shards.build(tmp)  # inside the staging folder
            say(f"indexed {records} search records")
        # Both swaps must succeed: check both targets before replacing either.
        check_ours(site)
        check_ours(project.docs)
        replace_dir(tmp, site)
        replace_dir(stage, project.docs)
    except (Abort, MkDocsException) as exc:
        raise BuildFailed(
            f"MkDocs build failed: {exc}; the previous pages and site are unchanged"
        ) from exc
    finally:
        if ours_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        BriefingPlugin.active = None
        BriefingPlugin.pregenerated = None
        BriefingPlugin.pregenerated_docs = None
        for leftover in (tmp, stage):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
    say(f"built {project.rel(site)}/ in {time.perf_counter() - started:.1f} s")
    return site
