"""The stages in order: load -> validate -> model -> render -> write.

Each stage is a plain function; this module only strings them together, so that
the CLI, the MkDocs hook and the tests all run exactly the same pipeline.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .errors import ContentError, Problem
from .export import data_files
from .load import ParseCache, load_content
from .model import Briefing, build_model
from .project import Project
from .render import iter_pages
from .validate import Checked, validate
from .write import write_tree

T = TypeVar("T")


@contextmanager
def _collector_paused(*, keep_frozen: bool = False) -> Iterator[None]:
    """Run without Python's cycle collector: loading and modelling build large graphs
    of long-lived objects and little garbage, and the collector would walk the graph
    again and again as it grows (a fifth of the generator's time at a hundred times
    this briefing's size). Afterwards what they made goes straight to the oldest
    generation (frozen and unfrozen, so no collection walks it for that), or stays
    frozen (``keep_frozen``) until the caller unfreezes it, so the render stage's
    collections skip it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not keep_frozen:
            gc.unfreeze()
        gc.enable()


def check(project: Project, cache: ParseCache | None = None) -> Checked:
    """Load and validate; raise :class:`ContentError` listing every error found.

    ``cache`` keeps parsed files between calls (see :func:`~generator.load.load_content`).
    """
    with _collector_paused():
        raw = load_content(project.content, project.root, cache)
        checked = validate(raw, project.seeds, project.root)
    if checked.errors:
        raise ContentError(sorted(checked.problems, key=_order))
    return checked


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.message)


class Stages:
    """Wall and CPU seconds spent in each stage (``briefing build`` prints the total;
    ``scripts/bench.py`` prints each)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def timed(self, name: str, items: Iterator[T]) -> Iterator[T]:
        """``items``, with the time spent making each one counted under ``name``."""
        while True:
            with self(name):
                item = next(items, None)
            if item is None:
                return
            yield item


def _downloads(briefing: Briefing) -> Iterator[tuple[str, bytes]]:
    yield from data_files(briefing).items()


def generate(project: Project, reuse: Path | None = None) -> GenerateResult:
    """Check the content, render every page and write them to ``project.docs``.

    Nothing is written unless every check passes. Pages unchanged since the last output
    (``project.docs``, or ``reuse`` when writing elsewhere) keep their files and times.
    """
    started = time.perf_counter()
    stages = Stages()
    frozen_before = gc.get_freeze_count()
    try:
        with _collector_paused(keep_frozen=True):
            with stages("load"):
                raw = load_content(project.content, project.root)
            with stages("validate"):
                checked = validate(raw, project.seeds, project.root)
            if checked.errors:
                raise ContentError(sorted(checked.problems, key=_order))
            with stages("model"):
                briefing = build_model(checked)
        warnings = [p for p in checked.problems if p.severity == "warning"]
        del raw, checked  # the YAML tree: the model keeps what it needs
        with stages("write"):
            pages = stages.timed("render", iter_pages(briefing))
            # The downloads (JSON, CSV, SQLite) are written beside the pages: MkDocs publishes them.
            downloads = stages.timed("export", _downloads(briefing))
            result = write_tree(itertools.chain(pages, downloads), project.docs, reuse)
        for clock in (stages.wall, stages.cpu):
            # rendering and exporting happened inside the write
            clock["write"] -= clock["render"] + clock.get("export", 0.0)
    finally:
        if frozen_before == 0:
            gc.unfreeze()
    return GenerateResult(
        pages=result.written,
        changed=result.changed,
        removed=result.removed,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        briefing=briefing,
        stages=stages,
    )


@dataclass
class GenerateResult:
    pages: int
    changed: int
    removed: int
    warnings: list[Problem]
    seconds: float
    briefing: Briefing
    stages: Stages

    def summary(self) -> str:
        return (
            f"generated {self.pages} pages ({self.changed} changed, {self.removed} removed) "
            f"in {self.seconds * 1000:.0f} ms"
        )
