"""Benchmark: the whole build at any size, stage by stage, against MkDocs' own time.

    python scripts/bench.py [--runs 3] [--scales 1,10,100] [--write BENCHMARKS.md]

For each N, scripts/synth.py writes a synthetic briefing of N copies of the whole
briefing (fresh ids, names, seeds; see its docstring). Each run is a fresh process,
as ``briefing build`` is: it loads, validates, models, renders and writes the pages
(each stage timed), runs the MkDocs build with the plugin (as ``briefing build``
does), then the same Markdown with a bare MkDocs (the plugin removed, the same pages
kept out of the navigation) for the engine's own baseline; it reports its peak RSS,
the site's size, its search index and its largest page. A separate process times the
``briefing validate`` command. Rows are medians over the runs; ratios (the
generator's share) are taken within each run, then the median, so a busy machine
skews both sides alike. CPU seconds are shown beside wall seconds: when they differ,
other processes were competing for the cores.

Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

#: Pages over this many bytes of HTML count as too large (issue 13).
PAGE_BOUND = 300_000


def scaled_project(dest: Path, scale: int) -> Path:
    """A project to measure in ``dest``: the real one at scale 1, else scripts/synth.py's
    synthetic briefing of ``scale`` copies (for bench_edit.py and bench_export.py)."""
    import synth

    if scale > 1:
        return synth.synthesize(dest, scale, project=True)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for sub in ("site_config", "content", "seeds"):
        shutil.copytree(ROOT / sub, dest / sub, dirs_exist_ok=True)
    return dest


class Clock:
    """Wall and CPU seconds of a stretch of work."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def _site_measures(site: Path) -> dict[str, Any]:
    html = [p for p in site.rglob("*.html")]
    largest = max(html, key=lambda p: p.stat().st_size)
    # The site's own search index (generator/search_shards.py): many small files, of which
    # a query fetches a few (scripts/search_weight.py measures those bytes).
    index = [p for p in (site / "search-index").rglob("*") if p.is_file()]
    return {
        "html_pages": len(html),
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6,
        "largest_kb": largest.stat().st_size / 1e3,
        "largest_page": largest.relative_to(site).as_posix(),
        "over_bound": sum(1 for p in html if p.stat().st_size > PAGE_BOUND),
        "search_mb": sum(p.stat().st_size for p in index) / 1e6,
        "search_files": len(index),
    }


def _bare_mkdocs(root: Path, docs: Path, out: Path) -> float:
    """The same pages built by MkDocs without the briefing plugin: the engine's own time."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import _nav_pages
    from generator.project import Project, _TolerantLoader

    project = Project.at(root)
    raw = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    plugins = [p for p in raw["plugins"] if p != "briefing" and "briefing" not in p]
    bare = out / "bare-docs"
    shutil.copytree(project.pages, bare)
    shutil.copytree(docs, bare, dirs_exist_ok=True, copy_function=os.link)
    nav = _nav_pages(raw.get("nav") or [])
    hidden = ["/*/**"] + [f"!/{p}" for p in sorted(nav) if "/" in p]
    hidden += [f"/{p.name}" for p in docs.glob("*.md") if p.name not in nav]
    cfg = load_config(
        str(project.config_file),
        strict=True,
        plugins=plugins,
        docs_dir=str(bare),
        site_dir=str(out / "bare-site"),
        not_in_nav="\n".join(hidden),
    )
    with Clock() as clock:
        build(cfg)
    return clock.wall


def worker(root: Path, out: Path) -> dict[str, Any]:
    """One full build of the project in ``root``, as ``briefing build`` runs it, with
    each stage timed (in a fresh process), then the same pages with a bare MkDocs."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import dataclasses
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import BriefingPlugin
    from generator.pipeline import generate
    from generator.project import Project

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    project = dataclasses.replace(Project.at(root), docs=out / "docs")
    with Clock() as whole:
        result = generate(project)
    times, cpu = dict(result.stages.wall), dict(result.stages.cpu)
    with Clock() as again:
        unchanged = generate(project)
    assert unchanged.changed == 0
    times["rewrite"], cpu["rewrite"] = again.wall, again.cpu
    BriefingPlugin.active = project
    BriefingPlugin.pregenerated = result.briefing
    BriefingPlugin.pregenerated_docs = project.docs
    del result, unchanged  # as briefing build does: MkDocs runs without the model
    site = out / "site"
    with Clock() as c:
        build(load_config(str(project.config_file), strict=True, site_dir=str(site)))
    times["mkdocs"], cpu["mkdocs"] = c.wall, c.cpu
    BriefingPlugin.active = BriefingPlugin.pregenerated_docs = None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB
    measures = _site_measures(site)
    pages = list(project.docs.rglob("*.md"))
    bare = _bare_mkdocs(root, project.docs, out)
    return {
        "times": times,
        "cpu": cpu,
        "generator": whole.wall,
        "generator_cpu": whole.cpu,
        "share": whole.wall / (whole.wall + times["mkdocs"]),
        "share_cpu": whole.cpu / (whole.cpu + cpu["mkdocs"]),
        "bare_mkdocs": bare,
        "peak_mib": peak,
        "md_pages": len(pages),
        "md_mb": sum(p.stat().st_size for p in pages) / 1e6,
        **measures,
    }


def validate_command(root: Path) -> float:
    """Wall seconds of the real ``briefing validate`` command, start to exit."""
    with Clock() as clock:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(root), "validate"],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return clock.wall


def measure(scale: int, runs: int, keep: Path | None) -> dict[str, Any]:
    import synth

    from generator.model import build_model
    from generator.pipeline import check
    from generator.project import Project

    with tempfile.TemporaryDirectory(prefix=f"bench-{scale}-") as tmp:
        root = synth.synthesize(Path(tmp) / "project", scale, project=True)
        b = build_model(check(Project.at(root)))
        records = sum(b.counts().values())
        yaml_mb = sum(p.stat().st_size for p in (root / "content").rglob("*.yml")) / 1e6
        del b
        results = []
        for n in range(runs):
            out = Path(tmp) / f"run{n}"
            out.mkdir()
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", str(root), str(out)],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise SystemExit(proc.stdout + proc.stderr)
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            if keep is None or n < runs - 1:
                shutil.rmtree(out)
        validate_s = statistics.median(validate_command(root) for _ in range(runs))
        if keep is not None:
            shutil.copytree(Path(tmp), keep / f"n{scale}", dirs_exist_ok=True)

    def med(get: Any) -> float:
        return float(statistics.median(get(r) for r in results))

    row: dict[str, Any] = {"scale": scale, "records": records, "yaml_mb": yaml_mb, "runs": runs}
    for key in ("load", "validate", "model", "render", "write", "rewrite", "mkdocs"):
        row[key] = med(lambda r, k=key: r["times"][k])
        row[key + "_cpu"] = med(lambda r, k=key: r["cpu"][k])
    for key in (
        "generator",
        "generator_cpu",
        "share",
        "share_cpu",
        "bare_mkdocs",
        "peak_mib",
        "md_pages",
        "md_mb",
        "html_pages",
        "site_mb",
        "largest_kb",
        "over_bound",
        "search_mb",
        "search_files",
    ):
        row[key] = med(lambda r, k=key: r[k])
    row["largest_page"] = results[0]["largest_page"]
    row["build"] = row["generator"] + row["mkdocs"]
    row["per_page_ms"] = med(
        lambda r: 1000 * (r["generator"] + r["times"]["mkdocs"]) / r["html_pages"]
    )
    row["validate_cmd"] = validate_s
    return row


def tables(rows: list[dict[str, Any]]) -> str:
    first = rows[0]
    out = [
        "| N | records | pages | YAML MB | load s | validate s | model s | render s | write s "
        "| generator s | MkDocs s | bare MkDocs s | generator share (CPU) | build s/page (vs N=1) "
        "| peak RSS MiB | site MB | search index MB (files) | largest page KB | pages over "
        f"{PAGE_BOUND // 1000} KB |",
        "|" + "---:|" * 19,
    ]
    for r in rows:
        growth = r["per_page_ms"] / first["per_page_ms"]
        out.append(
            f"| {r['scale']} | {r['records']:,} | {int(r['html_pages']):,} | {r['yaml_mb']:.1f} "
            f"| {r['load']:.2f} | {r['validate']:.2f} | {r['model']:.2f} | {r['render']:.2f} "
            f"| {r['write']:.2f} | {r['generator']:.2f} | {r['mkdocs']:.1f} "
            f"| {r['bare_mkdocs']:.1f} | {r['share']:.1%} ({r['share_cpu']:.1%}) "
            f"| {r['per_page_ms'] / 1000:.4f} ({growth:.2f}×) | {r['peak_mib']:.0f} "
            f"| {r['site_mb']:.0f} | {r['search_mb']:.1f} ({int(r['search_files']):,}) "
            f"| {r['largest_kb']:.0f} | {int(r['over_bound'])} |"
        )
    out += [
        "",
        "Per record (µs) and per page (ms), to show growth; CPU seconds beside wall seconds:",
        "",
        "| N | load µs/rec | validate µs/rec | model µs/rec | render ms/page | write ms/page "
        "| MkDocs ms/page | bare MkDocs ms/page | unchanged rerun s | generator CPU s "
        "| MkDocs CPU s | `briefing validate` s |",
        "|" + "---:|" * 12,
    ]
    for r in rows:
        rec, pages = r["records"], r["md_pages"]
        out.append(
            f"| {r['scale']} | {1e6 * r['load'] / rec:.0f} | {1e6 * r['validate'] / rec:.0f} "
            f"| {1e6 * r['model'] / rec:.0f} | {1000 * r['render'] / pages:.2f} "
            f"| {1000 * r['write'] / pages:.2f} | {1000 * r['mkdocs'] / r['html_pages']:.1f} "
            f"| {1000 * r['bare_mkdocs'] / r['html_pages']:.1f} | {r['rewrite']:.2f} "
            f"| {r['generator_cpu']:.2f} | {r['mkdocs_cpu']:.1f} | {r['validate_cmd']:.2f} |"
        )
    largest = ", ".join(f"{r['scale']}: `{r['largest_page']}`" for r in rows)
    out += ["", f"Largest page per N: {largest}"]
    return "\n".join(out)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import markdown
    import mkdocs

    try:
        from importlib.metadata import version

        material = version("mkdocs-material")
    except Exception:  # noqa: BLE001
        material = "?"
    load = os.getloadavg()
    return (
        f"{dt.date.today().isoformat()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores ({cpu or 'unknown CPU'}), Python {platform.python_version()}, "
        f"MkDocs {mkdocs.__version__}, Material {material}, Markdown {markdown.__version__}; "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per N (median)")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated N (1000 works)")
    parser.add_argument("--write", type=Path, help="also write the tables into this file")
    parser.add_argument("--keep", type=Path, help="keep the last run's project and site here")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    rows = []
    for scale in [int(s) for s in args.scales.split(",")]:
        started = time.perf_counter()
        rows.append(measure(scale, args.runs, args.keep))
        print(f"N={scale}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    text = f"Median of {args.runs} runs per row; {machine()}.\n\n{tables(rows)}\n"
    print(text)
    if args.write:
        args.write.with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n")
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        if start in old and end in old:
            new = old[: old.index(start) + len(start)] + "\n" + text + old[old.index(end) :]
        else:
            new = old + f"\n{start}\n{text}{end}\n"
        args.write.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
