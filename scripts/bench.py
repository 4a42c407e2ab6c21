"""Benchmark: the generator's own time against MkDocs', on the real content and scaled copies.

    python scripts/bench.py [--runs 3] [--scales 1,10,50]

A scaled copy repeats every event, claim and quote N times under new ids (same sources
and excerpts, so provenance checks do real work). Prints a table of medians over the runs;
the ratio is taken within the same run, so a noisy machine skews both sides alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from copy import deepcopy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.pipeline import generate  # noqa: E402
from generator.project import Project  # noqa: E402


def scaled_project(dest: Path, scale: int) -> Path:
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_config", dest / "site_config")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    shutil.copytree(ROOT / "content", dest / "content")
    if scale > 1:
        extra: dict[str, list] = {"events": [], "claims": [], "quotes": []}
        for path in sorted((ROOT / "content").rglob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for kind in extra:
                for record in data.get(kind) or []:
                    for n in range(2, scale + 1):
                        copy = dict(deepcopy(record), id=f"{record['id']}-x{n}")
                        for key in ("supports", "contradicts"):
                            if key in copy:
                                copy[key] = [f"{c}-x{n}" for c in copy[key]]
                        extra[kind].append(copy)
        text = yaml.safe_dump(extra, allow_unicode=True, sort_keys=False)
        (dest / "content" / "zz-scaled.yml").write_text(text, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10,50")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import BriefingPlugin

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    rows = []
    for scale in [int(s) for s in args.scales.split(",")]:
        gen_times, mk_times, ratios, pages = [], [], [], 0
        with tempfile.TemporaryDirectory() as tmp:
            root = scaled_project(Path(tmp), scale)
            project = Project.at(root)
            for _ in range(args.runs):
                started = time.perf_counter()
                result = generate(project)
                generated = time.perf_counter() - started
                cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
                BriefingPlugin.pregenerated = result.briefing
                started = time.perf_counter()
                build(cfg)
                built = time.perf_counter() - started
                gen_times.append(generated)
                mk_times.append(built)
                ratios.append(generated / built)
                pages = result.pages
            records = sum(result.briefing.counts().values())
        rows.append(
            (
                scale,
                records,
                pages,
                statistics.median(gen_times),
                statistics.median(mk_times),
                statistics.median(ratios),
            )
        )
    print(f"median of {args.runs} runs per row")
    print(
        f"{'scale':>5} {'records':>8} {'pages':>6} {'generator s':>12} {'mkdocs s':>9} "
        f"{'gen/mkdocs':>10}"
    )
    for scale, records, pages, g, m, r in rows:
        print(f"{scale:>5} {records:>8} {pages:>6} {g:>12.3f} {m:>9.2f} {r:>10.1%}")


if __name__ == "__main__":
    main()
