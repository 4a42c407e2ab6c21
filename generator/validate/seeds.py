"""Archived texts: each source's file is a regular file inside seeds/, readable UTF-8
text of sane size.

Every seed path is resolved before it is read: a symbolic link that leads out of
``seeds/`` (to ``/etc/passwd``, say) is refused, so a pull request cannot make the
build publish a file from the machine it runs on; so are folders, named pipes (reading
one would wait forever), sockets and devices, each with its own message. The file is
opened without following links and checked again once open.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..load import RawContent, RawRecord
from ..provenance import SourceText
from ..yamlload import YamlError, decode
from .base import Checked, Reporter, closest_id

#: An archived article larger than this is refused (a long book is about 1 MB of text).
MAX_SEED_BYTES = 2 * 1024 * 1024

_NOT_REGULAR = {
    stat.S_IFDIR: ("a folder", "put the article's text in a file of that name"),
    stat.S_IFIFO: ("a named pipe", "replace it with a regular file holding the article's text"),
    stat.S_IFSOCK: ("a socket", "replace it with a regular file holding the article's text"),
    stat.S_IFCHR: ("a device", "replace it with a regular file holding the article's text"),
    stat.S_IFBLK: ("a device", "replace it with a regular file holding the article's text"),
}


class SeedProblem(Exception):
    """A seed that cannot be read, with the message and fix to report."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def load_sources(raw: RawContent, checked: Checked, report: Reporter) -> None:
    seeds_dir, root = checked.seeds_dir, checked.root
    by_file: dict[str, RawRecord] = {}
    for source in raw.records["sources"]:
        name = source.data.get("file")
        if name is None:
            continue  # missing or invalid: reported by the schema check
        if name in by_file:
            report(
                source,
                ("file",),
                f"file '{name}' is already the text of {by_file[name].label}",
                "each source stands for its own archived file",
            )
            continue
        by_file[name] = source
        path = seeds_dir / name
        shown = shown_path(path, root)
        if not os.path.lexists(path):
            near = sorted(p.name for p in seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
            close = closest_id(name, near)
            report(
                source,
                ("file",),
                f"archived text '{shown}' does not exist",
                f"did you mean '{close}'?"
                if close
                else f"copy the article's text, byte for byte, to {shown}",
            )
            continue
        try:
            data = read_seed(path, seeds_dir, shown)
            text = decode(data, shown, yaml_text=False)
        except SeedProblem as exc:
            report(source, ("file",), exc.message, exc.fix)
            continue
        except YamlError as exc:
            report(
                source, ("file",), f"archived text {shown}: {exc.problem.message}", exc.problem.fix
            )
            continue
        checked.texts[source.id] = SourceText(text)
        checked.seed_names[source.id] = shown


def read_seed(path: Path, seeds_dir: Path, shown: str) -> bytes:
    """The bytes of the seed at ``path``, if it is a regular file inside ``seeds_dir``
    (after following every link), of at most :data:`MAX_SEED_BYTES`."""
    inside = seeds_dir.resolve()
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise SeedProblem(
            f"archived text {shown} is a symbolic link to {os.readlink(path)!r}, "
            "which does not exist",
            "replace the link with the article's text, as a regular file in seeds/",
        ) from None
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise SeedProblem(
            f"archived text {shown} cannot be followed: {getattr(exc, 'strerror', exc)}",
            "replace it with the article's text, as a regular file in seeds/",
        ) from None
    if not target.is_relative_to(inside):
        raise SeedProblem(
            f"archived text {shown} is a symbolic link to {str(target)!r}, outside the "
            "seeds folder; nothing outside it is ever read",
            "copy the article's text into seeds/ as a regular file (not a link)",
        )
    try:
        kind = stat.S_IFMT(target.stat().st_mode)
    except OSError as exc:
        raise SeedProblem(f"cannot read {shown}: {exc.strerror}", "check the file") from None
    if kind in _NOT_REGULAR:
        what, fix = _NOT_REGULAR[kind]
        raise SeedProblem(f"archived text {shown} is {what}, not a regular file", fix)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since it was resolved
            raise SeedProblem(
                f"archived text {shown} changed into a link while it was read",
                "build again",
            ) from None
        raise SeedProblem(f"cannot read {shown}: {exc.strerror}", "check the file") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SeedProblem(
                f"archived text {shown} is not a regular file",
                "replace it with a regular file holding the article's text",
            )
        if info.st_size > MAX_SEED_BYTES:
            raise SeedProblem(
                f"archived text {shown} is {info.st_size:,} bytes, over the limit of "
                f"{MAX_SEED_BYTES:,}",
                "split the article into several sources, or archive only the part the "
                "briefing uses",
            )
        try:
            return f.read(MAX_SEED_BYTES + 1)
        except OSError as exc:
            raise SeedProblem(f"cannot read {shown}: {exc.strerror}", "check the file") from None


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root, for messages (links not followed)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
