"""``briefing schema``: re-export the JSON Schema and CONTENT.md from the declarations."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_FAILURE, EXIT_OK, project_of, say


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "schema",
        help="export the content schema as JSON Schema",
        description="Write the JSON Schema that YAML editors use to check "
        "content files as you type (default: schema/content.schema.json), and "
        "the field reference CONTENT.md, both from generator/schema/.",
        parents=parents,
    )
    p.add_argument("--out", help="file to write")
    p.add_argument("--check", action="store_true", help="only check the file is up to date")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..schema.export import content_reference, json_schema_text

    root = project_of(args).root
    outputs = {
        Path(args.out) if args.out else root / "schema/content.schema.json": json_schema_text(),
        root / "CONTENT.md": content_reference(),
    }
    if args.check:
        stale = [
            p for p, text in outputs.items() if not p.is_file() or p.read_text("utf-8") != text
        ]
        for path in stale:
            say(f"{path} is out of date with generator/schema/; run: briefing schema")
        if not stale:
            print("schema/content.schema.json and CONTENT.md are up to date")
        return EXIT_FAILURE if stale else EXIT_OK
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return EXIT_OK
