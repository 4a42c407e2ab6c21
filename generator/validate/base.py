"""What validation hands on (:class:`Checked`) and how checks report (:class:`Reporter`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import When
from ..errors import Problem
from ..load import RawContent, RawRecord
from ..provenance import SourceText
from ..schema.walk import Path as ValuePath

#: How many failures get costly diagnosis (closest passage, other sources, did-you-mean)
#: in one run; the rest are still reported, without it, so a run stays fast at any size.
DIAGNOSIS_BUDGET = 200


@dataclass
class Checked:
    """What validation learnt, for the model stage."""

    raw: RawContent
    #: (kind, id, path to the date) -> the parsed date
    whens: dict[tuple[str, str, ValuePath], When] = field(default_factory=dict)
    #: source id -> its archived text
    texts: dict[str, SourceText] = field(default_factory=dict)
    #: (kind, id, path to the citation) -> (start, end) offsets of the excerpt in its source
    spans: dict[tuple[str, str, ValuePath], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: source id -> its archived text's path, as shown in messages
    seed_names: dict[str, str] = field(default_factory=dict)
    #: kind -> id -> record, for every kind with ids (duplicates left out)
    index: dict[str, dict[str, RawRecord]] = field(default_factory=dict)
    seeds_dir: Path = Path("seeds")
    root: Path = Path(".")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def when(self, record: RawRecord, *path: str | int) -> When | None:
        return self.whens.get((record.kind, record.id, tuple(path)))


class Reporter:
    """Turns a record, a path into it and a message into a located :class:`Problem`."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def __call__(
        self,
        record: RawRecord,
        path: tuple[str | int, ...],
        message: str,
        fix: str,
        severity: str = "error",
    ) -> None:
        line, column = record.mark(*path)
        self.problems.append(
            Problem(record.file, line, column, record.label, message, fix, severity)
        )


class Budget:
    """A countdown: ``take()`` is true the first ``n`` times."""

    def __init__(self, n: int = DIAGNOSIS_BUDGET):
        self.left = n

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def closest_id(rid: str, known: list[str]) -> str:
    close = difflib.get_close_matches(rid, known, n=1, cutoff=0.6)
    return close[0] if close else ""


def get(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` in checked data, or ``None``."""
    for step in path:
        if isinstance(data, dict) and isinstance(step, str) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data
