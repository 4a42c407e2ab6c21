"""Where a briefing project keeps its parts: one object for the CLI and the MkDocs plugin.

The folders come from ``mkdocs.yml`` (``site_dir``, ``docs_dir`` and the ``briefing``
plugin's ``content``, ``seeds`` and ``generated`` options), then from the command
line, so ``briefing build``, ``briefing serve`` and plain ``mkdocs build`` agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG = "mkdocs.yml"

#: The plugin's options and their defaults (paths relative to mkdocs.yml).
DEFAULTS = {"content": "content", "seeds": "seeds", "generated": "build/docs"}


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for paths only: MkDocs' own tags (``!ENV``...) read as None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def plugin_options(config_file: Path) -> dict[str, Any]:
    """``site_dir``, ``docs_dir`` and the briefing plugin's options from mkdocs.yml.

    A missing or unreadable file gives the defaults; the MkDocs build itself reports
    what is wrong with it.
    """
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    out: dict[str, Any] = {"site_dir": "site", "docs_dir": "docs", **DEFAULTS}
    if not isinstance(data, dict):
        return out
    for key in ("site_dir", "docs_dir"):
        if isinstance(data.get(key), str):
            out[key] = data[key]
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("briefing"), dict):
            for key, value in entry["briefing"].items():
                if key in DEFAULTS and isinstance(value, str):
                    out[key] = value
    return out


@dataclass(frozen=True)
class Project:
    """The folders of one briefing project. Every path is absolute."""

    root: Path
    content: Path
    seeds: Path
    pages: Path  # hand-written pages and assets (MkDocs' docs_dir)
    docs: Path  # generated Markdown: build output
    site: Path  # built HTML: build output

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG

    @classmethod
    def at(
        cls,
        root: Path | str = ".",
        content: Path | str | None = None,
        seeds: Path | str | None = None,
        docs: Path | str | None = None,
        site: Path | str | None = None,
    ) -> Project:
        """The project in ``root``, as mkdocs.yml describes it; arguments override it."""
        root = Path(root).resolve()
        options = plugin_options(root / CONFIG)

        def pick(given: Path | str | None, default: str) -> Path:
            return Path(given).resolve() if given else (root / default).resolve()

        return cls(
            root=root,
            content=pick(content, options["content"]),
            seeds=pick(seeds, options["seeds"]),
            pages=pick(None, options["docs_dir"]),
            docs=pick(docs, options["generated"]),
            site=pick(site, options["site_dir"]),
        )

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes, for messages."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
