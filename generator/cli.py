"""The ``briefing`` command: validate, build, serve, stats, coverage, schema."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .errors import BuildFailed, ContentError
from .pipeline import check
from .project import Project
from .write import WriteError

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def _project(args: argparse.Namespace) -> Project:
    return Project.at(args.root, content=args.content, seeds=args.seeds)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_validate(args: argparse.Namespace) -> int:
    checked = check(_project(args))
    for warning in checked.problems:
        print(warning.format(), file=sys.stderr)
    raw = checked.raw
    count = sum(len(v) for v in raw.records.values())
    print(f"ok: {count} records in {len(raw.files)} files; every excerpt found in its source")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .site import build_site

    project = _project(args)
    build_site(project, strict=True, say=_say)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .site import serve_site

    serve_site(_project(args), args.dev_addr, say=_say)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from .model import build_model

    briefing = build_model(check(_project(args)))
    counts = briefing.counts()
    width = max(len(k) for k in counts)
    print("records per kind")
    for kind, n in counts.items():
        print(f"  {kind:<{width}}  {n:>5}")
    print(f"  {'total':<{width}}  {sum(counts.values()):>5}")
    print()
    print("records per source")
    rows = [("source", "outlet", "events", "claims", "quotes", "actors named")]
    for s in briefing.sources.values():
        rows.append(
            (
                s.id,
                s.outlet,
                str(len(s.events)),
                str(len(s.claims)),
                str(len(s.quotes)),
                str(len(s.mentions)),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs]
        print("  " + "  ".join(cells))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema.export import content_reference, json_schema_text

    root = _project(args).root
    outputs = {
        Path(args.out) if args.out else root / "schema/content.schema.json": json_schema_text(),
        root / "CONTENT.md": content_reference(),
    }
    if args.check:
        stale = [
            p for p, text in outputs.items() if not p.is_file() or p.read_text("utf-8") != text
        ]
        for path in stale:
            _say(f"{path} is out of date with generator/schema/; run: briefing schema")
        if not stale:
            print("schema/content.schema.json and CONTENT.md are up to date")
        return EXIT_FAILURE if stale else EXIT_OK
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import coverage, format_report

    project = _project(args)
    report = coverage(project, check(project))
    print(format_report(report))
    return EXIT_OK if report.ok else EXIT_FAILURE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Build a briefing site from curated YAML and archived sources.",
    )
    parser.add_argument("--root", default=".", help="project folder (default: current)")
    parser.add_argument(
        "--content", default=None, help="content folder (default: from mkdocs.yml, or ROOT/content)"
    )
    parser.add_argument(
        "--seeds", default=None, help="archived texts (default: from mkdocs.yml, or ROOT/seeds)"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on failure")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "validate",
        help="check the content; write nothing",
        description="Check every content file: schema, ids, references, dates, "
        "and that every quote and excerpt is verbatim in its source.",
    )
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser(
        "build",
        help="validate, generate the pages and build the site",
        description="Validate the content, generate the Markdown pages and run "
        "the MkDocs build in strict mode. The site is swapped into place only "
        "if everything succeeds; otherwise the last good site stays.",
    )
    p.set_defaults(func=cmd_build)
    p = sub.add_parser(
        "serve",
        help="preview the site, rebuilding on every change",
        description="Serve the site locally and rebuild it whenever a content "
        "file, a seed, a template or a hand-written page changes.",
    )
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address (default: %(default)s)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser(
        "stats",
        help="count records per kind and per source",
        description="Validate, then print record counts per kind and per source.",
    )
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser(
        "coverage",
        help="show what of each source the briefing captures",
        description="Per source: the quoted passages and which quote records "
        "capture them, and the paragraphs no record cites. Exits 1 if a "
        "quoted passage is neither captured nor listed in coverage_skips.",
    )
    p.set_defaults(func=cmd_coverage)
    p = sub.add_parser(
        "schema",
        help="export the content schema as JSON Schema",
        description="Write the JSON Schema that YAML editors use to check "
        "content files as you type (default: schema/content.schema.json), and "
        "the field reference CONTENT.md, both from generator/schema.py.",
    )
    p.add_argument("--out", help="file to write")
    p.add_argument("--check", action="store_true", help="only check the file is up to date")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    except BuildFailed as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted: the previous output is left as it was", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into messages
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"error: {type(exc).__name__}: {exc}\n(run with --debug for the traceback)",
                file=sys.stderr,
            )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
