"""A synthetic briefing N times this one, for measuring search at scale.

    python scripts/search_synth.py DEST [--times 100]

Copies the project (mkdocs.yml, site_config, content, seeds) into DEST, then adds N-1
copies of every record of every kind but the briefing itself: actors, sources (each with
its own copy of its archived text in seeds/), events, claims, quotes, quantities and
coverage skips, under fresh ids ("<id>-x<n>"), every reference pointing into the same
copy. The copies say what the originals say, so every provenance check still passes;
what grows is what a reader's browser has to search: N times the records and pages.

Used by scripts/search_weight.py until the scale issue's own generator lands.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]

#: Kinds with one record, not copied.
SINGLE = {"briefing"}


class _Plain(yaml.SafeDumper):
    """Content files refuse YAML anchors: write every repeated value out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def renamed(value: Any, ids: set[str], files: set[str], n: int) -> Any:
    """``value`` with every id (and seed file name) pointing at copy ``n``."""
    if isinstance(value, dict):
        return {k: renamed(v, ids, files, n) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed(v, ids, files, n) for v in value]
    if isinstance(value, str):
        if value in ids:
            return f"{value}-x{n}"
        if value in files:
            return f"x{n}_{value}"
    return value


def synthesize(dest: Path, times: int, root: Path = ROOT) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("site_config", "content", "seeds"):
        shutil.copytree(root / folder, dest / folder, dirs_exist_ok=True)
    records: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((root / "content").rglob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for kind, items in data.items():
            if kind not in SINGLE and isinstance(items, list):
                records.setdefault(kind, []).extend(items)
    ids = {r["id"] for items in records.values() for r in items if "id" in r}
    files = {r["file"] for r in records.get("sources", []) if "file" in r}
    out = dest / "content" / "zz-copies"
    out.mkdir(exist_ok=True)
    for n in range(2, times + 1):  # one file per copy: content files have a size limit
        copy = {kind: [renamed(r, ids, files, n) for r in items] for kind, items in records.items()}
        text = yaml.dump(copy, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=100)
        (out / f"x{n:03d}.yml").write_text(text, "utf-8")
        for name in files:
            shutil.copy2(root / "seeds" / name, dest / "seeds" / f"x{n}_{name}")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--times", type=int, default=100)
    args = parser.parse_args()
    synthesize(args.dest, args.times)
    print(f"{args.dest}: this briefing x{args.times}")


if __name__ == "__main__":
    main()
