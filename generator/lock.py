"""One build of a project at a time: a lock on its output folders.

``briefing build``, ``briefing serve``'s rebuilds and a plain ``mkdocs build`` all
replace the generated pages (and the build the site) through temporary folders that
each run tidies up when it starts. Two runs at once would delete each other's
folders, so each holds this lock while it writes: a second run waits for the first
(saying so), and gives up with a clear message after :data:`WAIT_SECONDS`.

The lock is a file in the system's temporary folder named after the output folder
(so taking it writes nothing into the project: invalid content still leaves no
trace), held with ``filelock``: an OS lock, released when the process ends, even if
it is killed. Within one process the same lock may be taken again (the plugin inside
a build).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .project import Project
from .write import WriteError

#: How long a run waits for another run of the same project before giving up.
WAIT_SECONDS = 600.0

_locks: dict[Path, FileLock] = {}
_guard = threading.Lock()


def lock_path(project: Project) -> Path:
    """The lock file of ``project``'s output: one per output folder and user."""
    key = hashlib.sha256(str(project.docs).encode("utf-8", "surrogateescape")).hexdigest()
    user = getattr(os, "getuid", lambda: 0)()
    return Path(tempfile.gettempdir()) / f"briefing-{user}-{key[:20]}.lock"


def _lock_for(path: Path) -> FileLock:
    with _guard:
        lock = _locks.get(path)
        if lock is None:
            lock = _locks[path] = FileLock(path)
        return lock


@contextmanager
def output_lock(
    project: Project, say: Callable[[str], None] | None = None, wait: float = WAIT_SECONDS
) -> Iterator[None]:
    """Hold ``project``'s output lock for the ``with`` block, waiting for it if need be."""
    path = lock_path(project)
    lock = _lock_for(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if say is not None:
            say(f"waiting for another build of {project.rel(project.docs)} to finish…")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise WriteError(
                f"another build of {project.rel(project.docs)} has run for over {wait:.0f} s "
                f"(it holds the lock {path}); let it finish or stop it, then build again"
            ) from None
    try:
        yield
    finally:
        lock.release()
