"""Benchmark: what the downloads add to the generator, on the real content and scaled copies.

    python scripts/bench_export.py [--runs 3] [--scales 1,10]

For each scale (every event, claim and quote repeated N times, as scripts/bench.py does),
times the generator's stages up to render (load, validate, model, render) and each
export (JSON with its schema, CSV, SQLite), and prints medians over the runs with the
export's share of the generator's time, measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import scaled_project  # noqa: E402

from generator.export import document, tables  # noqa: E402
from generator.model import build_model  # noqa: E402
from generator.pipeline import check  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.render import render_pages  # noqa: E402


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def row(scale: int, runs: int) -> str:
    """One table row: the medians for the content scaled ``scale`` times."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.at(scaled_project(Path(tmp), scale))
        b = build_model(check(project))
        records = sum(b.counts().values())
        generator = median_ms(lambda: render_pages(build_model(check(project))), runs)
        made = tables.all_tables(b)
        json_ms = median_ms(
            lambda: (document.document_bytes(b), document.json_schema_bytes()), runs
        )
        csv_ms = median_ms(
            lambda: [tables.csv_bytes(t) for t in tables.all_tables(b) if t.kind], runs
        )
        sqlite_ms = median_ms(lambda: tables.sqlite_bytes(b, made), runs)
    export = json_ms + csv_ms + sqlite_ms
    return (
        f"| {scale} | {records} | {generator:.0f} | {json_ms:.0f} | {csv_ms:.0f} "
        f"| {sqlite_ms:.0f} | {export / generator:.0%} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    print("| scale | records | generator ms | JSON ms | CSV ms | SQLite ms | export/generator |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale in (int(s) for s in args.scales.split(",")):
        print(row(scale, args.runs))


if __name__ == "__main__":
    main()
