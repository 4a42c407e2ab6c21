"""What the site's own search index holds, and what it costs to build.

    python scripts/search_index_stats.py [SITE ...]   (default: site/)

For each built site: its records and slices, the manifest and the search worker that
carries it (raw and gzip-compressed, as GitHub Pages sends them), the slice of the word
with the most postings (raw, compressed), the same number of postings with random gaps
and scores drawn from that word's own (what a briefing whose records all differ would
send for such a word), and the time to index the site again (median of 3; the site's
index and worker are rewritten, the pages are not touched). BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import search_shards  # noqa: E402


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def stats(site: Path) -> None:
    worker = (site / search_shards.WORKER).read_bytes()
    line = re.search(rb"^const INDEX = (.*);$", worker, re.MULTILINE)
    if line is None:
        raise SystemExit(f"{site}: its search worker has no manifest (not an own-index build)")
    manifest = json.loads(line.group(1))
    raw_manifest = line.group(1)
    folder = site / search_shards.FOLDER / manifest["tag"]
    biggest: tuple[int, str, Path, list[int]] = (0, "", folder, [])
    for path in folder.glob("u*.json"):
        for word, flat in json.loads(path.read_text("utf-8")).items():
            if len(flat) // 2 > biggest[0]:
                biggest = (len(flat) // 2, word, path, flat)
    count, word, path, flat = biggest
    rng = random.Random(1)
    ids = sorted(rng.sample(range(manifest["records"]), count))
    shuffled: list[int] = []
    last = 0
    for n in ids:
        shuffled += [n - last, rng.choice(flat[1::2])]
        last = n
    random_json = json.dumps(shuffled, separators=(",", ":")).encode()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        search_shards.build(site)
        times.append(time.perf_counter() - started)
    files = [p for p in (site / search_shards.FOLDER).rglob("*") if p.is_file()]
    print(f"{site}:")
    print(f"  records {manifest['records']:,}; slices: {len(manifest['u'])} words, "
          f"{len(manifest['p'])} pairs; {len(files):,} files, "
          f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB")  # fmt: skip
    print(f"  manifest {len(raw_manifest):,} B raw, {_gz(raw_manifest):,} B gzip; "
          f"worker {len(worker):,} B raw, {_gz(worker):,} B gzip")  # fmt: skip
    print(f"  most postings: {word!r} in {count:,} records, its slice {path.name} "
          f"{path.stat().st_size:,} B raw, {_gz(path.read_bytes()):,} B gzip")  # fmt: skip
    print(f"  the same number with random gaps: {len(random_json):,} B raw, "
          f"{_gz(random_json):,} B gzip")  # fmt: skip
    print(f"  indexing it: {statistics.median(times):.1f} s (median of 3)")


def main() -> None:
    for site in sys.argv[1:] or [str(ROOT / "site")]:
        stats(Path(site))


if __name__ == "__main__":
    main()
