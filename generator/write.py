"""Put generated pages on disk: the *write* stage.

Pages are written into a fresh temporary folder beside the target, which is swapped
in only once every page is written, so a failed or interrupted run leaves the last
good output as it was. The target folder carries a marker file; a folder without it
was not made by us and is never replaced or deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MARKER = ".briefing-generated"


class WriteError(Exception):
    """The output cannot be written safely (the message says why and what to do)."""


@dataclass
class WriteResult:
    written: int
    changed: int
    removed: int


def safe_relpath(name: str) -> PurePosixPath:
    """Check a page path stays inside the output folder; return it as a relative path."""
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or "\\" in name
        or any(part in ("", ".", "..") for part in path.parts)
        or ":" in name
    ):
        raise WriteError(f"refusing to write page '{name}': it would leave the output folder")
    return path


def clean_leftovers(target: Path) -> None:
    """Remove temporary folders an interrupted earlier run left beside ``target``."""
    if not target.parent.is_dir():
        return
    for entry in target.parent.iterdir():
        if entry.name.startswith(f".{target.name}.tmp-") or entry.name.startswith(
            f".{target.name}.old-"
        ):
            shutil.rmtree(entry, ignore_errors=True)


def write_tree(files: dict[str, bytes | str], target: Path) -> WriteResult:
    """Replace ``target`` with exactly ``files`` (path -> content), atomically."""
    if target.exists() and not (target / MARKER).is_file():
        if any(target.iterdir()):
            raise WriteError(
                f"{target} exists but was not made by briefing (no {MARKER} file); "
                "move it away or choose another output folder"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    changed = 0
    try:
        for name in sorted(files):
            rel = safe_relpath(name)
            data = files[name]
            raw = data.encode("utf-8") if isinstance(data, str) else data
            out = tmp.joinpath(*rel.parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(raw)
            old = target.joinpath(*rel.parts)
            if not old.is_file() or old.read_bytes() != raw:
                changed += 1
        (tmp / MARKER).write_text("made by briefing; replaced on every build\n")
        removed = 0
        if target.is_dir():
            for old in target.rglob("*"):
                if old.is_file() and old.name != MARKER:
                    rel_old = old.relative_to(target).as_posix()
                    if rel_old not in files:
                        removed += 1
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return WriteResult(len(files), changed, removed)


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Swap a fully built folder ``new`` in place of ``target`` (made by us, or absent)."""
    if target.exists() and not (target / MARKER).is_file() and any(target.iterdir()):
        shutil.rmtree(new, ignore_errors=True)
        raise WriteError(
            f"{target} exists but was not made by briefing (no {MARKER} file); "
            "move it away or choose another output folder"
        )
    (new / MARKER).write_text("made by briefing; replaced on every build\n")
    _swap(new, target)
