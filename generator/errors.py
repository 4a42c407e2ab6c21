"""Problems found in content, and the exception that carries them.

Every stage reports what is wrong as a :class:`Problem`: where (file, line, column),
which record, what is wrong and how to fix it. Stages collect problems instead of
stopping at the first one, so an editor sees every mistake in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located as precisely as the input allows."""

    file: str
    line: int = 0
    column: int = 0
    record: str = ""
    message: str = ""
    fix: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        """Render as ``file:line:column: [record] message\\n    fix: ...``."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        head = f"{where}: {self.severity}: "
        if self.record:
            head += f"{self.record}: "
        text = head + self.message
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


@dataclass
class Problems:
    """An ordered collection of problems, de-duplicated."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem not in self.items:
            self.items.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.file, p.line, p.column, p.message))


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [p.format() for p in self.problems]
        lines.append(f"{len(errors)} error(s): nothing was written.")
        return "\n".join(lines)


class BuildFailed(Exception):
    """MkDocs reported warnings or errors (already printed); the old site is kept."""
