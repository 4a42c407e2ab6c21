"""Where a briefing project keeps its parts, resolved from one root folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of one briefing project. Every path is absolute."""

    root: Path
    content: Path
    seeds: Path
    site_config: Path
    docs: Path  # generated Markdown (MkDocs docs_dir): build output
    site: Path  # built HTML: build output

    @classmethod
    def at(
        cls,
        root: Path | str = ".",
        content: Path | str | None = None,
        seeds: Path | str | None = None,
        docs: Path | str | None = None,
    ) -> Project:
        root = Path(root).resolve()
        return cls(
            root=root,
            content=Path(content).resolve() if content else root / "content",
            seeds=Path(seeds).resolve() if seeds else root / "seeds",
            site_config=root / "site_config",
            docs=Path(docs).resolve() if docs else root / "build" / "docs",
            site=root / "site",
        )

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes, for messages."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
