"""The MkDocs side, kept thin: generate before each build, add the pages, set edit links.

Enabled as ``- briefing`` under ``plugins:`` in ``mkdocs.yml``. All logic lives in the
generator; this class only connects it to MkDocs' events, the way mkdocs-gen-files does.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .errors import ContentError
from .model import Briefing
from .pipeline import generate
from .project import Project
from .write import WriteError

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    """Options under ``- briefing:`` in mkdocs.yml (paths relative to mkdocs.yml)."""

    content = opt.Type(str, default="content")
    seeds = opt.Type(str, default="seeds")
    generated = opt.Type(str, default="build/docs")
    #: Where "edit this page" goes, e.g. https://github.com/ORG/REPO/edit/main.
    #: Empty: taken from GitHub Actions' environment, or no edit button.
    edit_base = opt.Type(str, default="")


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Regenerates the briefing's pages on every build and serve-reload."""

    #: The CLI sets this after generating, so the same build does not generate twice.
    pregenerated: Briefing | None = None
    #: ...and where it wrote the pages (a staging folder, swapped in after the build).
    pregenerated_docs: Path | None = None

    def project(self, config: Any) -> Project:
        root = Path(config.config_file_path).parent
        return Project.at(
            root,
            content=root / self.config.content,
            seeds=root / self.config.seeds,
            docs=root / self.config.generated,
        )

    def on_config(self, config: Any) -> Any:
        """Check content and regenerate pages before MkDocs touches the site folder.

        Bad content aborts the build here, so the last good site stays in place.
        """
        briefing = BriefingPlugin.pregenerated
        BriefingPlugin.pregenerated = None
        if briefing is None:
            try:
                result = generate(self.project(config))
            except ContentError as exc:
                raise PluginError("invalid content:\n" + exc.report()) from None
            except WriteError as exc:
                raise PluginError(str(exc)) from None
            for warning in result.warnings:
                log.info(warning.format())
            log.info(result.summary())
            briefing = result.briefing
        # Material writes these into the HTML unescaped: they must arrive as HTML text.
        config.site_name = html.escape(briefing.title, quote=True)
        config.site_description = html.escape(
            briefing.description or briefing.subtitle or briefing.title, quote=True
        )
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        """Add every generated page; per-record pages stay out of the navigation."""
        docs = BriefingPlugin.pregenerated_docs or self.project(config).docs
        for path in sorted(docs.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            rel = path.relative_to(docs).as_posix()
            if files.get_file_from_path(rel) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{rel} has the path of a generated page; "
                    "rename the hand-written page"
                )
            parts = rel.split("/")
            per_record = len(parts) == 2 and parts[1] != "index.md"
            files.append(
                File(
                    rel,
                    src_dir=str(docs),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                    inclusion=InclusionLevel.NOT_IN_NAV if per_record else InclusionLevel.UNDEFINED,
                )
            )
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        """Point the page's edit link at the YAML file it was generated from."""
        source_file = page.meta.get("source_file")
        base = self.config.edit_base or _edit_base_from_env()
        if source_file and base:
            page.edit_url = base.rstrip("/") + "/" + source_file
        elif source_file:
            page.edit_url = None
        return markdown

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        """Rebuild when a content file, a seed or a template changes."""
        project = self.project(config)
        for path in (project.content, project.seeds, Path(__file__).parent / "templates"):
            if path.exists():
                server.watch(str(path))
        return server


def _edit_base_from_env() -> str:
    repo = os.environ.get("GITHUB_REPOSITORY")
    if not repo:
        return ""
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    branch = os.environ.get("GITHUB_REF_NAME") or "main"
    return f"{server}/{repo}/edit/{branch}"
