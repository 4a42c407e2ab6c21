"""The offline edition: the whole site as a ZIP that works opened from disk.

A second MkDocs build of the same generated pages, with Material's offline plugin on
(``BRIEFING_OFFLINE=true`` turns it on in ``mkdocs.yml``): links end in ``.html``
instead of folders, and the search index's files are scripts
(:mod:`generator.search_shards`), so pages, links and search work from ``file://`` with
no server. Its Web Worker shim is our own file, not
the CDN address the plugin writes (:mod:`.hooks`). The ZIP is reproducible: entries
in name order, every entry dated by ``SOURCE_DATE_EPOCH``, fixed permissions and
compression, so two builds of the same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import search_index, search_shards
from ..model import Briefing
from ..project import Project
from . import OFFLINE_FILE
from .meta import build_date

#: The environment variable mkdocs.yml reads to turn Material's offline plugin on.
SWITCH = "BRIEFING_OFFLINE"


def folder_name(b: Briefing) -> str:
    """The folder the ZIP unpacks to: the title as a slug, and ``-offline``."""
    slug = re.sub(r"[^a-z0-9]+", "-", b.title.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'briefing'}-offline"


@contextmanager
def _switched_on() -> Iterator[None]:
    before = os.environ.get(SWITCH)
    os.environ[SWITCH] = "true"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SWITCH, None)
        else:
            os.environ[SWITCH] = before


def zip_folder(folder: Path, root_name: str, when: dt.date) -> bytes:
    """Every file under ``folder`` as ``root_name/...`` in a reproducible ZIP."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = tempfile.SpooledTemporaryFile(max_size=64 << 20)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if rel.startswith(".") or "/." in rel:
                continue  # the build's marker file
            info = zipfile.ZipInfo(f"{root_name}/{rel}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is built
            info.external_attr = 0o100644 << 16
            z.writestr(info, path.read_bytes(), compresslevel=9)
    out.seek(0)
    return out.read()


def build_edition(
    project: Project,
    docs: Path,
    briefing: Briefing,
    *,
    strict: bool,
    say: Callable[[str], None],
) -> Path:
    """Build the offline edition from the generated pages in ``docs`` and put its ZIP
    there (``downloads/...``), so the hosted build that follows publishes it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..mkdocs_plugin import BriefingPlugin

    # Named like the site's own temporary folders, so a killed run's is cleaned up next time.
    site = Path(
        tempfile.mkdtemp(prefix=f".{project.site.name}.tmp-offline-", dir=project.site.parent)
    )
    try:
        with _switched_on():
            cfg = load_config(str(project.config_file), strict=strict, site_dir=str(site))
            BriefingPlugin.active = project
            BriefingPlugin.pregenerated = briefing
            BriefingPlugin.pregenerated_docs = docs
            say("building the offline edition with MkDocs (strict)…")
            build(cfg)
            if search_index.engine(cfg) == "own":  # its files as scripts, read from file://
                search_shards.build(site, scripts=True)
        data = zip_folder(site, folder_name(briefing), build_date(briefing))
    finally:
        shutil.rmtree(site, ignore_errors=True)
    target = docs / OFFLINE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    say(f"offline edition: {len(data) / 1e6:.1f} MB, unpacks to {folder_name(briefing)}/")
    return target
