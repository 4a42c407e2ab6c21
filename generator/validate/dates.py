"""Dates: real calendar dates, precision matching the value, inferred dates explained."""

from __future__ import annotations

from .. import schema
from ..dates import DateProblem, parse_when
from ..load import RawContent
from ..schema.walk import dates
from .base import Checked, Reporter


def check_dates(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """Parse every date any record holds (wherever the schema declares one)."""
    records = raw.all_records() + ([raw.briefing] if raw.briefing else [])
    for record in records:
        struct = schema.BY_KEY[record.kind].struct
        for path, value in dates(struct, record.data):
            if isinstance(value, dict) and "value" not in value:
                continue  # its missing 'value' is reported by the schema check
            try:
                checked.whens[(record.kind, record.id, path)] = parse_when(value)
            except DateProblem as exc:
                where = (*path, exc.key) if isinstance(value, dict) else path
                shown = ".".join(str(p) for p in path)
                report(record, where, f"'{shown}': {exc}", exc.fix)
