"""What a reader takes away: the data files, the feed, the structured data of each page.

- :mod:`.document`: the whole briefing as one JSON file, and its JSON Schema;
- :mod:`.tables`: one CSV per record kind, and a SQLite database (link tables,
  full-text search);
- :mod:`.feed`: the Atom feed of what changed;
- :mod:`.jsonld`: schema.org JSON-LD for every page;
- :mod:`.meta`: the build date, record addresses, the updates in order.

Everything is walked from the declarations in :mod:`generator.schema.kinds` and the
model; nothing here names a record kind. :func:`data_files` is what the pipeline
writes beside the pages (``downloads/``), so MkDocs publishes it with the site.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..model import Briefing
from .document import SCHEMA_VERSION, document_bytes, json_schema_bytes
from .tables import Table, all_tables, csv_bytes, sqlite_bytes

#: Where the downloads go, in the docs folder and so on the site.
DOWNLOADS = "downloads"
JSON_FILE = f"{DOWNLOADS}/briefing.json"
SCHEMA_FILE = f"{DOWNLOADS}/briefing.schema.json"
SQLITE_FILE = f"{DOWNLOADS}/briefing.db"
CSV_DIR = f"{DOWNLOADS}/csv"
#: The offline edition, put there by ``briefing offline`` (not by every build).
OFFLINE_FILE = f"{DOWNLOADS}/briefing-offline.zip"


@dataclass(frozen=True)
class Download:
    """One file a reader can take: where it is, what it holds, how big it is."""

    path: str
    label: str
    media_type: str
    size: int
    rows: int = 0  #: records in it (CSV files)
    table: Table | None = None


@functools.lru_cache(maxsize=2)
def _tables(b: Briefing) -> list[Table]:
    return all_tables(b)


@functools.lru_cache(maxsize=2)
def _files(b: Briefing) -> tuple[tuple[str, bytes], ...]:
    made = _tables(b)
    out: list[tuple[str, bytes]] = [
        (JSON_FILE, document_bytes(b)),
        (SCHEMA_FILE, json_schema_bytes()),
        (SQLITE_FILE, sqlite_bytes(b, made)),
    ]
    for table in made:
        if table.kind:
            out.append((f"{CSV_DIR}/{table.kind}.csv", csv_bytes(table)))
    return tuple(out)


def data_files(b: Briefing) -> dict[str, bytes]:
    """Every download, ``{path in the docs folder: bytes}``."""
    return dict(_files(b))


def downloads(b: Briefing) -> list[Download]:
    """The downloads as the Downloads page lists them, with sizes and row counts."""
    files = data_files(b)
    kinds = {t.kind: t for t in _tables(b) if t.kind}
    out = [
        Download(JSON_FILE, "The whole briefing (JSON)", "application/json", len(files[JSON_FILE])),
        Download(
            SCHEMA_FILE,
            f"Its JSON Schema (version {SCHEMA_VERSION})",
            "application/schema+json",
            len(files[SCHEMA_FILE]),
        ),
        Download(
            SQLITE_FILE, "SQLite database", "application/vnd.sqlite3", len(files[SQLITE_FILE])
        ),
    ]
    for kind, table in kinds.items():
        path = f"{CSV_DIR}/{kind}.csv"
        out.append(Download(path, kind, "text/csv", len(files[path]), len(table.rows), table))
    return out


__all__ = [
    "CSV_DIR",
    "DOWNLOADS",
    "JSON_FILE",
    "OFFLINE_FILE",
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "SQLITE_FILE",
    "Download",
    "data_files",
    "downloads",
]
