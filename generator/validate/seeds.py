"""Archived texts: each source's file exists in seeds/, is readable UTF-8 text of sane size."""

from __future__ import annotations

from pathlib import Path

from ..load import RawContent, RawRecord
from ..provenance import SourceText
from ..yamlload import YamlError, decode
from .base import Checked, Reporter, closest_id

#: An archived article larger than this is refused (a long book is about 1 MB of text).
MAX_SEED_BYTES = 2 * 1024 * 1024


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
        if not path.is_file():
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
            size = path.stat().st_size
            if size > MAX_SEED_BYTES:
                report(
                    source,
                    ("file",),
                    f"archived text {shown} is {size:,} bytes, over the limit of "
                    f"{MAX_SEED_BYTES:,}",
                    "split the article into several sources, or archive only the part "
                    "the briefing uses",
                )
                continue
            text = decode(path.read_bytes(), shown, yaml_text=False)
        except YamlError as exc:
            report(
                source, ("file",), f"archived text {shown}: {exc.problem.message}", exc.problem.fix
            )
            continue
        except OSError as exc:
            report(source, ("file",), f"cannot read {shown}: {exc.strerror}", "check the file")
            continue
        checked.texts[source.id] = SourceText(text)
        checked.seed_names[source.id] = shown


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root, for messages."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
