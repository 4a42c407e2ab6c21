"""Dates with a precision: a day, a month, a year or a range, stated or inferred."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

MONTHS = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class DateProblem(ValueError):
    """A date value that is not a real date, with the fix to suggest.

    ``key`` names the part of a date mapping at fault (``value``, ``precision``,
    ``inferred`` or ``basis``), so the error can point at that line.
    """

    def __init__(self, message: str, fix: str, key: str = "value"):
        self.fix = fix
        self.key = key
        super().__init__(message)


@dataclass(frozen=True)
class When:
    """A point or span in time, as precise as the source allows."""

    text: str
    start: dt.date
    end: dt.date
    precision: str
    approximate: bool = False
    inferred: bool = False
    basis: str = ""

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    @property
    def month_key(self) -> str:
        """``YYYY-MM`` of the start, for grouping a timeline by month."""
        return f"{self.start.year:04d}-{self.start.month:02d}"

    def label(self) -> str:
        """Human text: '29 October 2024', 'October 2024', '2024', '1950 – 1953'."""
        prefix = "c. " if self.approximate else ""
        if self.precision == "range":
            left, right = self.text.split("/")
            return prefix + f"{_label_part(left)} – {_label_part(right)}"
        return prefix + _label_part(self.text)

    def iso(self) -> str:
        return self.text


def _label_part(text: str) -> str:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1]]} {parts[0]}"
    return str(parts[0])


def _bounds(text: str) -> tuple[dt.date, dt.date, str]:
    parts = text.split("-")
    year = int(parts[0])
    if year < 1:
        raise DateProblem(f"year {parts[0]} is not a real year", "write a four-digit year")
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    month = int(parts[1])
    if not 1 <= month <= 12:
        raise DateProblem(f"'{text}' has month {parts[1]}", "months run from 01 to 12")
    last = calendar.monthrange(year, month)[1]
    if len(parts) == 2:
        return dt.date(year, month, 1), dt.date(year, month, last), "month"
    day = int(parts[2])
    if not 1 <= day <= last:
        raise DateProblem(
            f"'{text}' is not a real date: {MONTHS[month]} {year} has {last} days",
            "check the day of the month",
        )
    return dt.date(year, month, day), dt.date(year, month, day), "day"


def parse_when(value: Any) -> When:
    """Turn a checked date value (text, or the date mapping) into a :class:`When`.

    Raises :class:`DateProblem` when the value is not a real date or its stated
    precision does not match the value.
    """
    if isinstance(value, str):
        value = {"value": value}
    text = value["value"]
    if "/" in text:
        left, right = text.split("/")
        start, _, _ = _bounds(left)
        _, end, _ = _bounds(right)
        natural = "range"
        if end < start:
            raise DateProblem(f"range '{text}' ends before it starts", "swap the two ends")
    else:
        start, end, natural = _bounds(text)
    precision = value.get("precision", natural)
    if precision != natural:
        raise DateProblem(
            f"precision '{precision}' does not match the value '{text}', which is a {natural}",
            f"write precision: {natural}, or give the value to the {precision}"
            if precision != "range"
            else "write a range as start/end, e.g. 2024-10-28/2024-10-30",
            key="precision",
        )
    inferred = bool(value.get("inferred", False))
    basis = value.get("basis", "")
    if inferred and not basis:
        raise DateProblem(
            "an inferred date needs a 'basis' saying how it was worked out",
            "add basis: e.g. \"'on Tuesday' in an article dated 2024-10-29\"",
            key="inferred",
        )
    if basis and not inferred:
        raise DateProblem(
            "'basis' is given but 'inferred' is not true",
            "add inferred: true, or remove basis if the source states the date",
            key="basis",
        )
    return When(text, start, end, precision, bool(value.get("approximate", False)), inferred, basis)
