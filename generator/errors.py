"""Problems found in content, and the exception that carries them.

Every stage reports what is wrong as a :class:`Problem`: where (file, line, column),
which record, what is wrong and how to fix it. Stages collect problems instead of
stopping at the first one, so an editor sees every mistake in one run.

Messages are safe to print on a terminal: every control character (an escape
sequence that would clear the screen or retitle the window), invisible formatting
character or bidirectional override that reaches a :class:`Problem`, from a seed or
from YAML, is shown escaped (``\\x1b``, ``\\u202e``), and one line of a message is cut
at :data:`MAX_LINE` characters. A run with thousands of problems prints the first
:data:`SHOWN` in full, then counts per file and kind (:func:`format_problems`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: One line of a message (or of its fix) is cut after this many characters.
MAX_LINE = 400
#: A report shows this many problems in full; the rest are counted by file and kind.
SHOWN = 100
#: At most this many (file, kind) count lines follow.
COUNT_LINES = 30

# C0 and C1 controls (tab and line feed included: a message is one line), DEL, line and
# paragraph separators; format characters (zero-width, bidi overrides...) are added
# below by their Unicode category.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _unsafe(char: str) -> bool:
    return bool(_CONTROL.match(char)) or unicodedata.category(char) == "Cf"


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str, limit: int = MAX_LINE) -> str:
    """``text`` fit for a terminal: unsafe characters escaped, cut to ``limit``."""
    if any(_unsafe(c) for c in text):
        text = "".join(_escape_char(c) if _unsafe(c) else c for c in text)
    if limit and len(text) > limit:
        more = len(text) - limit
        text = text[:limit] + f"… ({more:,} more characters)"
    return text


def safe_lines(text: str, limit: int = 0) -> str:
    """Like :func:`safe`, line by line: line breaks are kept, nothing else unsafe."""
    return "\n".join(safe(line, limit) for line in text.split("\n"))


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located as precisely as the input allows.

    Text fields are made terminal-safe when the problem is made (see :func:`safe`),
    so every way of printing a problem is safe.
    """

    file: str
    line: int = 0
    column: int = 0
    record: str = ""
    message: str = ""
    fix: str = ""
    severity: str = "error"  # "error" or "warning"

    def __post_init__(self) -> None:
        for name in ("file", "record", "message", "fix"):
            value = getattr(self, name)
            cleaned = safe(value)
            if cleaned != value:
                object.__setattr__(self, name, cleaned)

    def format(self) -> str:
        """Render as ``file:line:column: [record] message\\n    fix: ...``."""
        text = self.head() + self.message
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text

    def head(self) -> str:
        """``file:line:column: severity: record: ``, the part before the message."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        head = f"{where}: {self.severity}: "
        if self.record:
            head += f"{self.record}: "
        return head

    @property
    def kind(self) -> str:
        """What sort of problem this is: the message with its particulars (quoted
        values, numbers) blanked, so problems of one sort can be counted together."""
        text = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", "'…'", self.message)
        return re.sub(r"\d[\d,.]*", "N", text)


def format_problems(problems: Iterable[Problem], shown: int = SHOWN) -> list[str]:
    """The lines that report ``problems``: the first ``shown`` in full and, when there
    are more, how many there are of each kind in each file."""
    problems = list(problems)
    lines = [p.format() for p in problems[:shown]]
    rest = len(problems) - shown
    if rest > 0:
        lines.append(
            f"... {rest:,} more problem(s) not shown in full; all {len(problems):,}, "
            "by file and kind:"
        )
        counts = Counter((p.file, p.severity, p.kind) for p in problems)
        ranked = sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1:]))
        for (file, severity, kind), count in ranked[:COUNT_LINES]:
            lines.append(f"  {file}: {count:,} {severity}(s): {kind}")
        if len(ranked) > COUNT_LINES:
            lines.append(f"  ... and {len(ranked) - COUNT_LINES:,} more kinds")
    return lines


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
        lines = format_problems(self.problems)
        lines.append(f"{len(errors)} error(s): nothing was written.")
        return "\n".join(lines)


class BuildFailed(Exception):
    """MkDocs reported warnings or errors (already printed); the old site is kept."""
