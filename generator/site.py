"""Build and serve the site with MkDocs, in process.

The build runs into a temporary folder beside the site and is swapped in only when
MkDocs finished without a warning; timestamps come from ``SOURCE_DATE_EPOCH`` (by
default the briefing's as-of date) so two builds of the same input are identical.
"""

from __future__ import annotations

import calendar
import dataclasses
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .errors import BuildFailed
from .mkdocs_plugin import BriefingPlugin
from .pipeline import generate
from .project import Project
from .write import check_ours, clean_leftovers, replace_dir


def _quiet_mkdocs() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def build_site(project: Project, *, strict: bool = True, say: Callable[[str], None]) -> Path:
    """Generate pages, run the MkDocs build, swap the result into the site folder."""
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
    for warning in result.warnings:
        say(warning.format())
    os.environ.setdefault(
        "SOURCE_DATE_EPOCH",
        str(calendar.timegm(result.briefing.as_of.start.timetuple())),
    )
    _quiet_mkdocs()
    site = project.site
    tmp: Path | None = None
    try:
        clean_leftovers(site)
        check_ours(site)
        site.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.tmp-", dir=site.parent))
        cfg = load_config(str(project.config_file), strict=strict, site_dir=str(tmp))
        BriefingPlugin.active = project
        BriefingPlugin.pregenerated = result.briefing
        BriefingPlugin.pregenerated_docs = stage
        del result  # the plugin takes the model's title; MkDocs runs without the rest
        say("building the site with MkDocs (strict)…")
        build(cfg)
        replace_dir(tmp, site)
        replace_dir(stage, project.docs)
    except (Abort, MkDocsException) as exc:
        raise BuildFailed(
            f"MkDocs build failed: {exc}; the previous pages and site are unchanged"
        ) from exc
    finally:
        BriefingPlugin.active = None
        BriefingPlugin.pregenerated = None
        BriefingPlugin.pregenerated_docs = None
        for leftover in (tmp, stage):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
    say(f"built {project.rel(site)}/ in {time.perf_counter() - started:.1f} s")
    return site


def serve_site(project: Project, dev_addr: str, *, say: Callable[[str], None]) -> None:
    """Serve with live reload; content, seeds and templates are watched too.

    The plugin generates from ``project`` (so ``--content`` is what is served).
    """
    from mkdocs.commands.serve import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    shown = project.rel(project.content)
    say(f"serving on http://{dev_addr}/ ; edit {shown}/ and the page reloads (Ctrl+C stops)")
    BriefingPlugin.active = project
    try:
        serve(config_file=str(project.config_file), dev_addr=dev_addr, livereload=True)
    finally:
        BriefingPlugin.active = None
