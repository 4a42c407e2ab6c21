"""The stages in order: load -> validate -> model -> render -> write.

Each stage is a plain function; this module only strings them together, so that
the CLI, the MkDocs hook and the tests all run exactly the same pipeline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import ContentError, Problem
from .load import ParseCache, load_content
from .model import Briefing, build_model
from .project import Project
from .render import render_pages
from .validate import Checked, validate
from .write import write_tree


def check(project: Project, cache: ParseCache | None = None) -> Checked:
    """Load and validate; raise :class:`ContentError` listing every error found.

    ``cache`` keeps parsed files between calls (see :func:`~generator.load.load_content`).
    """
    raw = load_content(project.content, project.root, cache)
    checked = validate(raw, project.seeds, project.root)
    if checked.errors:
        raise ContentError(sorted(checked.problems, key=_order))
    return checked


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.message)


def generate(project: Project) -> GenerateResult:
    """Check the content, render every page and write them to ``project.docs``.

    Nothing is written unless every check passes.
    """
    started = time.perf_counter()
    checked = check(project)
    briefing = build_model(checked)
    pages = render_pages(briefing)
    result = write_tree(pages, project.docs)
    return GenerateResult(
        pages=len(pages),
        changed=result.changed,
        removed=result.removed,
        warnings=[p for p in checked.problems if p.severity == "warning"],
        seconds=time.perf_counter() - started,
        briefing=briefing,
    )


@dataclass
class GenerateResult:
    pages: int
    changed: int
    removed: int
    warnings: list[Problem]
    seconds: float
    briefing: Briefing

    def summary(self) -> str:
        return (
            f"generated {self.pages} pages ({self.changed} changed, {self.removed} removed) "
            f"in {self.seconds * 1000:.0f} ms"
        )
