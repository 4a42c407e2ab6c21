"""Put generated pages on disk: the *write* stage.

Pages are written into a fresh temporary folder beside the target, which is swapped
in only once every page is written, so a failed or interrupted run leaves the last
good output as it was. The target folder carries a marker file listing the files we
made; a folder without it, or holding a file it does not list, is never replaced, so
nothing the generator did not create is ever deleted.

Writing is incremental: a page whose text is the same as in the last output is not
written again but linked (or, where the file system has no hard links, copied with its
times) from there, so it keeps its bytes and its modification time, and only changed
pages look new to MkDocs and to file watchers. A page no longer generated is simply not
in the new folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MARKER = ".briefing-generated"
_MARKER_HEAD = "made by briefing; replaced on every build. Files it made:\n"


class WriteError(Exception):
    """The output cannot be written safely (the message says why and what to do)."""


@dataclass
class WriteResult:
    written: int
    changed: int
    removed: int


def _parts(name: str) -> list[str]:
    """The folders and file name of a page path, refused if it could leave the folder."""
    parts = name.split("/")
    if "\\" in name or ":" in name or any(part in ("", ".", "..") for part in parts):
        raise WriteError(f"refusing to write page '{name}': it would leave the output folder")
    return parts


def safe_relpath(name: str) -> PurePosixPath:
    """Check a page path stays inside the output folder; return it as a relative path."""
    return PurePosixPath(*_parts(name))


def _files_below(folder: Path) -> Iterator[str]:
    """Every file below ``folder``, as a relative path with forward slashes."""
    top = str(folder)
    for here, dirs, files in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(here, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in sorted(files):
            yield prefix + name


def clean_leftovers(target: Path) -> None:
    """Tidy up after a run that was killed: drop its half-written temporary folders.

    A run killed between the two renames of a swap leaves the last good output as
    ``.NAME.old-PID`` and no ``NAME``: that folder is put back, not deleted.
    """
    if not target.parent.is_dir():
        return
    entries = sorted(target.parent.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if (
            entry.name.startswith(f".{target.name}.old-")
            and not target.exists()
            and ((entry / MARKER).is_file())
        ):
            os.replace(entry, target)
    for entry in entries:
        if (
            entry.name.startswith(f".{target.name}.tmp-")
            or entry.name.startswith(f".{target.name}.old-")
        ) and entry.exists():
            shutil.rmtree(entry, ignore_errors=True)


def check_ours(target: Path) -> None:
    """Refuse to replace anything but an empty folder or one we made (with the marker)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise WriteError(
            f"{target} exists and is not a folder made by briefing; "
            "move it away or choose another output folder"
        )
    if not target.is_dir():
        return
    marker = target / MARKER
    if not marker.is_file():
        if any(target.iterdir()):
            raise WriteError(
                f"{target} exists but was not made by briefing (no {MARKER} file); "
                "move it away or choose another output folder"
            )
        return
    made = _made(marker)
    if made is None:
        return  # a marker without a file list (older version): all ours
    for rel in _files_below(target):
        if rel != MARKER and rel not in made:
            path = target.joinpath(*rel.split("/"))
            raise WriteError(
                f"{path} was not made by briefing, and replacing {target} would delete it; "
                "move the file somewhere else (hand-written pages go in site_config/docs)"
            )


def _made(marker: Path) -> set[str] | None:
    """The files a marker says the generator made, or ``None`` if it does not list them."""
    text = marker.read_text(encoding="utf-8", errors="replace")
    if not text.startswith(_MARKER_HEAD):
        return None
    return set(text[len(_MARKER_HEAD) :].splitlines())


def _mark(folder: Path, files: Iterable[str] | None = None) -> None:
    """Write the marker into a finished folder, listing every file in it (``files``, when
    the caller knows them)."""
    listed = sorted(_files_below(folder) if files is None else files)
    (folder / MARKER).write_text(_MARKER_HEAD + "".join(f + "\n" for f in listed), encoding="utf-8")


Pages = Mapping[str, bytes | str] | Iterable[tuple[str, bytes | str]]


def write_tree(files: Pages, target: Path, reuse: Path | None = None) -> WriteResult:
    """Replace ``target`` with exactly ``files`` (path -> content, or the pairs one at a
    time, as the render stage makes them), atomically.

    Pages identical to those in ``reuse`` (by default ``target`` itself: the last
    output) are linked from there, keeping their modification times; only a folder the
    generator made is reused.
    """
    if isinstance(files, Mapping):
        for name in files:
            _parts(name)
        items: Iterable[tuple[str, bytes | str]] = sorted(files.items())
    else:
        items = files
    clean_leftovers(target)
    check_ours(target)
    base: Path | None = target if reuse is None else reuse
    if base is not None and not (
        base.is_dir() and not base.is_symlink() and (base / MARKER).is_file()
    ):
        base = None  # nothing of ours to reuse
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    changed = 0
    names: set[str] = set()
    made_dirs = {str(tmp)}
    try:
        top, last = str(tmp), str(base) if base is not None else None
        for name, data in items:
            parts = _parts(name)
            if name in names:
                raise WriteError(f"two pages would be written to {name}")
            names.add(name)
            raw = data.encode("utf-8") if isinstance(data, str) else data
            out = os.path.join(top, *parts)
            folder = os.path.dirname(out)
            if folder not in made_dirs:
                os.makedirs(folder, exist_ok=True)
                made_dirs.add(folder)
            old = os.path.join(last, *parts) if last is not None else None
            if old is not None and _same(old, raw):
                _keep(old, out)
            else:
                with open(out, "wb") as fh:
                    fh.write(raw)
                changed += 1
        _mark(tmp, names)
        removed = 0
        if base is not None:
            before = _made(base / MARKER)
            if before is None:
                before = set(_files_below(base))
            removed = len(before - names - {MARKER})
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return WriteResult(len(names), changed, removed)


def _same(path: str, raw: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``raw`` (read only if the size matches)."""
    try:
        if os.lstat(path).st_size != len(raw) or os.path.islink(path):
            return False
        with open(path, "rb") as fh:
            return fh.read() == raw
    except OSError:
        return False


def _keep(old: str, new: str) -> None:
    """Put the unchanged file ``old`` at ``new``: a hard link, else a copy with its times."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


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
    try:
        check_ours(target)
    except WriteError:
        shutil.rmtree(new, ignore_errors=True)
        raise
    _mark(new)
    _swap(new, target)
