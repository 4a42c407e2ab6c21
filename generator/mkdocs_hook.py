"""The MkDocs side, kept thin: generate before each build, add the pages, set edit links.

Listed under ``hooks:`` in ``mkdocs.yml``. All logic lives in the generator; this
module only connects it to MkDocs' events, the way mkdocs-gen-files does.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .errors import ContentError
from .pipeline import generate
from .project import Project
from .write import WriteError

log = logging.getLogger("mkdocs.briefing")

#: Set by the CLI when it has just generated the pages, so the hook need not repeat it.
SKIP_ENV = "BRIEFING_ALREADY_GENERATED"


def _project(config: Any) -> Project:
    return Project.at(Path(config.config_file_path).parent)


def on_config(config: Any) -> Any:
    """Regenerate the Markdown pages and take the site's title from the briefing.

    Runs before MkDocs touches the site folder: bad content aborts the build with the
    last good site left in place.
    """
    if os.environ.pop(SKIP_ENV, None) == "1":
        briefing = _LAST.get("briefing")
    else:
        try:
            result = generate(_project(config))
        except ContentError as exc:
            raise PluginError("invalid content:\n" + exc.report()) from None
        except WriteError as exc:
            raise PluginError(str(exc)) from None
        for warning in result.warnings:
            log.info(warning.format())
        log.info("briefing: " + result.summary())
        briefing = result.briefing
    if briefing is not None:
        config.site_name = briefing.title
        config.site_description = briefing.description or briefing.subtitle or briefing.title
    return config


#: The last model generated in this process (the CLI sets it before calling MkDocs).
_LAST: dict[str, Any] = {}


def on_files(files: Files, config: Any) -> Files:
    """Add every generated page; per-record pages stay out of the navigation."""
    project = _project(config)
    for path in sorted(project.docs.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        rel = path.relative_to(project.docs).as_posix()
        if files.get_file_from_path(rel) is not None:
            raise PluginError(
                f"site_config/docs/{rel} has the same path as a generated page; rename it"
            )
        parts = rel.split("/")
        per_record = len(parts) == 2 and parts[1] != "index.md"
        files.append(
            File(
                rel,
                src_dir=str(project.docs),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                inclusion=InclusionLevel.NOT_IN_NAV if per_record else InclusionLevel.UNDEFINED,
            )
        )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Point the page's edit link at the YAML file it was generated from."""
    source_file = page.meta.get("source_file")
    base = config.extra.get("content_edit_base") or _edit_base_from_env()
    if source_file and base:
        page.edit_url = base.rstrip("/") + "/" + source_file
    return markdown


def _edit_base_from_env() -> str:
    repo = os.environ.get("GITHUB_REPOSITORY")
    if not repo:
        return ""
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    branch = os.environ.get("GITHUB_REF_NAME") or "main"
    return f"{server}/{repo}/edit/{branch}"


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Rebuild when a content file, a seed or a template changes."""
    project = _project(config)
    for path in (project.content, project.seeds, Path(__file__).parent / "templates"):
        if path.exists():
            server.watch(str(path))
    return server
