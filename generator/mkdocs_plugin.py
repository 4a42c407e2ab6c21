"""The MkDocs side, kept thin: generate before each build, add the pages, set edit links.

Enabled as ``- briefing`` under ``plugins:`` in ``mkdocs.yml``. All logic lives in the
generator; this class only connects it to MkDocs' events, the way mkdocs-gen-files does.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path
from typing import Any, ClassVar

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .errors import ContentError
from .export import hooks as takeaway
from .lock import output_lock
from .model import Briefing
from .pipeline import generate
from .project import DEFAULTS, Project
from .render import TEMPLATES
from .write import WriteError

log = logging.getLogger("mkdocs.plugins.briefing")

_HTTP = re.compile(r"^https?://[^\s<>\"'`]+$")


class BriefingConfig(Config):
    """Options under ``- briefing:`` in mkdocs.yml (paths relative to mkdocs.yml)."""

    content = opt.Type(str, default=DEFAULTS["content"])
    seeds = opt.Type(str, default=DEFAULTS["seeds"])
    generated = opt.Type(str, default=DEFAULTS["generated"])


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Regenerates the briefing's pages on every build and serve-reload."""

    #: The project the ``briefing`` command runs (``None`` under plain ``mkdocs``).
    active: ClassVar[Project | None] = None
    #: The CLI sets this after generating, so the same build does not generate twice.
    pregenerated: ClassVar[Briefing | None] = None
    #: ...and where it wrote the pages (a staging folder, swapped in after the build).
    pregenerated_docs: ClassVar[Path | None] = None

    briefing: Briefing
    takeaway: takeaway.Hooks

    def project(self, config: MkDocsConfig) -> Project:
        """The CLI's project, or the one mkdocs.yml describes."""
        if BriefingPlugin.active is not None:
            return BriefingPlugin.active
        root = Path(config.config_file_path).parent
        return Project.at(
            root,
            content=root / self.config.content,
            seeds=root / self.config.seeds,
            docs=root / self.config.generated,
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check content and regenerate pages before MkDocs touches the site folder.

        Bad content aborts the build here, so the last good site stays in place, as
        does an address in mkdocs.yml the site would link to that is not http(s).
        """
        check_urls(config)
        briefing = BriefingPlugin.pregenerated
        BriefingPlugin.pregenerated = None
        if briefing is None:
            project = self.project(config)
            try:
                with output_lock(project, log.info):
                    result = generate(project)
            except ContentError as exc:
                raise PluginError("invalid content:\n" + exc.report()) from None
            except WriteError as exc:
                raise PluginError(str(exc)) from None
            for warning in result.warnings:
                log.info(warning.format())
            log.info(result.summary())
            briefing = result.briefing
        self.briefing = briefing
        config.extra["briefing"] = takeaway.footer(briefing)
        # Material writes these into the HTML unescaped: they must arrive as HTML text.
        config.site_name = html.escape(briefing.title, quote=True)
        config.site_description = html.escape(
            briefing.description or briefing.subtitle or briefing.title, quote=True
        )
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add every generated page; only the pages ``nav:`` lists go in the navigation.

        MkDocs renders the whole navigation into every page, so the pages of records
        and of long lists' parts stay out of it (the list pages link to them). Without
        a ``nav:``, pages in a folder stay out, except the folder's index.
        """
        docs = BriefingPlugin.pregenerated_docs or self.project(config).docs
        in_nav = _nav_pages(config.nav) if config.nav else None
        for path in sorted(docs.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            rel = path.relative_to(docs).as_posix()
            if files.get_file_from_path(rel) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{rel} has the path of a generated page; "
                    "rename the hand-written page"
                )
            files.append(generated_file(rel, docs, config, in_nav))
        self.takeaway = takeaway.Hooks(self.briefing, files, config)
        return self.takeaway.on_files(files)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The offline edition's search runs from file://, without a CDN shim."""
        takeaway.local_polyfills(config)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Point the page's edit link at the YAML file (and line) it was generated from."""
        source_file = page.meta.get("source_file")
        if source_file:
            page.edit_url = edit_url(config, str(source_file), page.meta.get("source_line"))
        return self.takeaway.on_page_markdown(markdown, page)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Every page gets its schema.org JSON-LD and the feed's address; then the page's
        HTML body is let go (its file is made, search has its text)."""
        output = self.takeaway.on_post_page(output, page)
        page.content = None
        return output

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Let go of the page's Markdown once it is HTML.

        MkDocs converts every page before it writes any, and keeps each page's Markdown
        and HTML until the end of the build: a large briefing's pages held twice over
        (issue 13's peak memory). Nothing reads the Markdown after this point.
        """
        page.markdown = None
        return html

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a content file, a seed or a template changes."""
        project = self.project(config)
        for path in (project.content, project.seeds, TEMPLATES):
            if path.exists():
                server.watch(str(path))
        return server


def check_urls(config: MkDocsConfig) -> None:
    """Every address from mkdocs.yml that pages link to must be http(s): refuse
    ``javascript:``, ``data:``, ``ftp:`` and the like before anything is built."""
    for key in ("site_url", "repo_url", "edit_uri"):
        value = (config.get(key) or "").strip()
        has_scheme = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)
        if key == "edit_uri" and not has_scheme:
            continue  # a path under repo_url
        if value and not _HTTP.match(value):
            shown = value if len(value) <= 80 else value[:79] + "…"
            raise PluginError(
                f"mkdocs.yml: {key} {shown!r} is not an http(s) address; the site links "
                f"to it. Write an https:// address, or remove {key}"
            )


def generated_file(
    rel: str, docs: Path, config: MkDocsConfig, in_nav: set[str] | None = None
) -> File:
    """The MkDocs file of a generated page: in the navigation only if ``nav:`` lists it
    (``in_nav``); without a ``nav:``, pages in a folder stay out, except its index."""
    if in_nav is not None:
        listed = rel in in_nav
    else:
        parts = rel.split("/")
        listed = len(parts) == 1 or (len(parts) == 2 and parts[1] == "index.md")
    return File(
        rel,
        src_dir=str(docs),
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
        inclusion=InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV,
    )


def nav_pages(config: MkDocsConfig) -> set[str] | None:
    """The page paths ``nav:`` names, or ``None`` without a ``nav:``."""
    return _nav_pages(config.nav) if config.nav else None


def _nav_pages(nav: Any) -> set[str]:
    """Every page path a ``nav:`` configuration names (links to other sites ignored)."""
    out: set[str] = set()
    if isinstance(nav, str):
        out.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            out |= _nav_pages(value)
    elif isinstance(nav, list):
        for item in nav:
            out |= _nav_pages(item)
    return out


def edit_base(config: MkDocsConfig) -> str:
    """Where files of the repository are edited: from ``repo_url`` and ``edit_uri`` in
    mkdocs.yml, else from GitHub Actions' environment; '' for none.

    ``edit_uri`` is relative to ``docs_dir`` for MkDocs' own pages; generated pages
    come from files elsewhere in the repository, so the docs folder is taken off it.
    """
    repo, uri = (config.repo_url or "").strip(), (config.edit_uri or "").strip()
    if repo and uri:
        base = repo.rstrip("/") + "/" + uri.lstrip("/")
        docs_rel = os.path.relpath(config.docs_dir, Path(config.config_file_path).parent)
        docs_rel = docs_rel.replace(os.sep, "/").strip("/") + "/"
        if base.endswith("/" + docs_rel):
            base = base[: -len(docs_rel)]
    elif os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        branch = os.environ.get("GITHUB_REF_NAME") or "main"
        base = f"{server}/{os.environ['GITHUB_REPOSITORY']}/edit/{branch}/"
    else:
        return ""
    return base if _HTTP.match(base) else ""


def edit_url(config: MkDocsConfig, source_file: str, line: Any = None) -> str | None:
    """The edit link of a generated page: its YAML file, at its line where the host
    shows lines (a ``blob/`` view; GitHub's editor has no line anchors)."""
    base = edit_base(config)
    if not base:
        return None
    url = base.rstrip("/") + "/" + source_file
    if isinstance(line, int) and line > 0 and "/blob/" in base:
        url += f"#L{line}"
    return url
