"""``briefing stats``: records per kind and per source."""

from __future__ import annotations

import argparse

from ..pipeline import check
from .common import EXIT_OK, project_of


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser(
        "stats",
        help="count records per kind and per source",
        description="Validate, then print record counts per kind and per source.",
        parents=parents,
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..model import build_model

    briefing = build_model(check(project_of(args)))
    counts = briefing.counts()
    width = max(len(k) for k in counts)
    print("records per kind")
    for kind, n in counts.items():
        print(f"  {kind:<{width}}  {n:>5}")
    print(f"  {'total':<{width}}  {sum(counts.values()):>5}")
    print()
    print("records per source")
    from ..schema.walk import cited_kinds

    cited = cited_kinds()  # the kinds whose records cite sources: events, claims...
    rows = [("source", "outlet", *cited, "actors named")]
    for s in briefing.sources.values():
        counts_of = [str(len(getattr(s, k, []))) for k in cited]
        rows.append((s.id, s.outlet, *counts_of, str(len(s.mentions))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs]
        print("  " + "  ".join(cells))
    return EXIT_OK
