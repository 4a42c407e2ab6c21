"""The key to the marks a page uses: statuses and date badges, explained where they appear.

Every badge carries its meaning as a tooltip (hover and focus); a phone has neither, so
each page that shows badges opens with a short key to the ones it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..dates import When
from ..schema import DATE_MARKS, STATUS_MEANINGS, STATUSES

#: Attributes of a record (or of its figure) that hold a date a page may show.
_DATES = ("date", "made_on", "said_on", "published", "as_of")


def _whens(record: Any) -> Iterable[When | None]:
    for name in _DATES:
        if hasattr(record, name):
            yield getattr(record, name)
    figure = getattr(record, "figure", None)
    if figure is not None:
        yield figure.as_of


def marks_used(
    records: Iterable[Any], dates: bool = True, statuses: bool = True
) -> list[tuple[str, str, str]]:
    """``(css class, badge text, meaning)`` for every mark the records show, in a fixed
    order: statuses first (in the schema's order), then date marks. ``dates`` and
    ``statuses`` say which of the two the page shows."""
    shown: set[str] = set()
    marks: set[str] = set()
    for record in records:
        status = getattr(record, "status", None)
        if statuses and isinstance(status, str):
            shown.add(status)
        if not dates:
            continue
        for when in _whens(record):
            if when is None:
                if "made_on" in vars(record) or "said_on" in vars(record):
                    marks.add("undated")
                continue
            if when.inferred:
                marks.add("inferred")
            if when.approximate:
                marks.add("approximate")
            if when.precision != "day":
                marks.add(when.precision)
    out = [(f"status status-{s}", s, STATUS_MEANINGS[s]) for s in STATUSES if s in shown]
    for key in ("inferred", "approximate", "month", "year", "range", "undated"):
        if key in marks:
            cls = {"inferred": "badge-inferred", "undated": "badge-undated"}.get(
                key, "badge-precision"
            )
            text = {"undated": "date not stated", "approximate": "c."}.get(key, key)
            out.append((cls, text, DATE_MARKS[key]))
    return out
