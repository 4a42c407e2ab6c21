"""Benchmark: `briefing validate` on a seed near the size limit with many near misses.

Makes a project (the mini fixture's content and seeds) whose second seed is padded to
just under the 2 MiB limit, and adds N claims whose excerpts each differ by one word
from a sentence of that seed: every one is an error whose closest passage is looked
for. Runs the real command (``python -m generator validate``) several times and prints
the median, against the target of 10 s for 300 near misses on this 2-core machine.

    python scripts/bench_provenance.py [--misses 300] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
sys.path.insert(0, str(ROOT))

from generator.load import load_content  # noqa: E402
from generator.validate import MAX_SEED_BYTES, validate  # noqa: E402

TARGET_SECONDS = 10.0
WORDS = (
    "the ministry said officials troops region border soldiers report estimate week "
    "capital talks minister forces deployment statement agency spokesman earlier later "
    "northern southern coast bridge convoy training units military government press"
).split()


def make_project(dest: Path, misses: int, seed: int = 7) -> tuple[int, int]:
    """The benchmark project in ``dest``; returns (seed bytes, near-miss excerpts)."""
    shutil.copytree(MINI / "content", dest / "content")
    shutil.copytree(MINI / "seeds", dest / "seeds")
    rng = random.Random(seed)
    targets, paragraphs = [], []
    for i in range(misses):
        words = [rng.choice(WORDS) for _ in range(14)]
        sentence = f"Paragraph {i}, " + " ".join(words) + "."
        targets.append(sentence)
        paragraphs.append(sentence)
    # Filler: the same few common words over and over, the costly case for a search
    # that narrows by shared words.
    filler = "Nothing else happened in the region on that day, officials said. " * 40
    beta = dest / "seeds/beta.txt"
    head = beta.read_text(encoding="utf-8")
    body: list[str] = []
    size = len(head.encode())
    at = 0
    while True:
        piece = (paragraphs[at] if at < len(paragraphs) else "") + " " + filler + "\n"
        if size + len(piece.encode()) > MAX_SEED_BYTES - 1024:
            break
        body.append(piece)
        size += len(piece.encode())
        at += 1
    assert at >= misses, "the seed is too small for that many targets"
    beta.write_text(head + "\n" + "".join(body), encoding="utf-8")
    lines = ["claims:"]
    for i, sentence in enumerate(targets):
        words = sentence.split()
        k = rng.randrange(2, len(words) - 1)
        words[k] = "elsewhere" if words[k] != "elsewhere" else "nowhere"  # one word off
        lines += [
            f"  - id: near-miss-{i}",
            "    statement: A claim whose excerpt is one word off.",
            "    claimant: ministry",
            "    status: reported",
            "    citations:",
            "      - source: beta",
            f"        excerpt: {' '.join(words)}",
        ]
    (dest / "content/near-misses.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return beta.stat().st_size, misses


def run_once(root: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 2:
        raise SystemExit(f"expected exit 2 (invalid content), got {result.returncode}")
    return elapsed, result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        size, misses = make_project(root, args.misses)
        times, report = [], ""
        for _ in range(args.runs):
            elapsed, report = run_once(root)
            times.append(elapsed)
        errors = report.rstrip().splitlines()[-1]
        median = statistics.median(times)
        # The printed report shows the first problems in full; count every one here.
        problems = validate(load_content(root / "content", root), root / "seeds", root).problems
        hinted = sum("closest passage in the source" in p.message for p in problems)
    print("briefing validate, one seed near the size limit, near-miss excerpts")
    print(f"medians of {args.runs} runs of the real command (process start included)\n")
    print("| seed bytes | near misses | closest passages | median s | target s | verdict |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    verdict = "ok" if median <= TARGET_SECONDS else "OVER"
    print(f"| {size:,} | {misses} | {hinted} | {median:.2f} | {TARGET_SECONDS:.0f} | {verdict} |")
    print(f"\nlast line of the report: {errors}")


if __name__ == "__main__":
    main()
