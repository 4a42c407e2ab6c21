"""Rules about particular kinds: event dates, the briefing, figures, claim links."""

from __future__ import annotations

from typing import Any

from ..load import RawContent
from .base import Checked, Reporter


def check_event_dates(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """An event dated after every source that reports it is published is suspect."""
    published = {s.id: checked.when(s, "published") for s in raw.records["sources"]}
    for event in raw.records["events"]:
        when = checked.when(event, "date")
        if when is None:
            continue
        dates = [published.get(c.get("source", "")) for c in event.data.get("citations", [])]
        known = [d for d in dates if d is not None]
        if known and all(when.start > d.end for d in known):
            report(
                event,
                ("date", "value"),
                f"event starts {when.label()}, after its sources were published",
                "check the date; if the source forecasts it, say so in the title",
                severity="warning",
            )


def check_briefing(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """Key judgments have distinct ids; no source is newer than the briefing's as_of."""
    briefing = raw.briefing
    if briefing is None:
        return
    seen: dict[str, int] = {}
    for j, judgment in enumerate(briefing.data.get("key_judgments", [])):
        jid = judgment.get("id")
        if jid is None:
            continue
        if jid in seen:
            line, _ = briefing.mark("key_judgments", seen[jid], "id")
            report(
                briefing,
                ("key_judgments", j, "id"),
                f"duplicate key judgment id '{jid}' (first at line {line})",
                "give each key judgment its own id",
            )
            continue
        seen[jid] = j
    as_of = checked.when(briefing, "as_of")
    if as_of is None:
        return
    for source in raw.records["sources"]:
        published = checked.when(source, "published")
        if published is not None and published.start > as_of.end:
            report(
                source,
                ("published",),
                f"published {published.label()}, after the briefing's as_of ({as_of.label()})",
                "move the briefing's as_of forward to the newest source's date",
                severity="warning",
            )


def figure_shape(figure: dict[str, Any]) -> tuple[str, str, str] | None:
    """What is wrong with a figure's numbers as numbers, as (key, message, fix), or
    ``None``: a figure states one number or one forward range."""
    value, low, high = figure.get("value"), figure.get("low"), figure.get("high")
    if value is None and low is None and high is None:
        return ("", "figure has no number", "give value: N, or low: and/or high: for a range")
    if value is not None and (low is not None or high is not None):
        return (
            "value",
            "figure gives both a value and a range",
            "keep value: for one number, or low:/high: for a range, not both",
        )
    if low is not None and high is not None and low > high:
        return ("low", f"range runs backwards: low {low} > high {high}", "swap low and high")
    return None


def check_figures(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """A figure states one number or one range, in its quantity's unit."""
    quantities = checked.index.get("quantities", {})
    for claim in raw.records["claims"]:
        figure = claim.data.get("figure")
        if not figure:
            continue
        shape = figure_shape(figure)
        if shape is not None:
            key, message, fix = shape
            report(claim, ("figure", key) if key else ("figure",), message, fix)
        quantity = quantities.get(figure.get("quantity", ""))
        unit = figure.get("unit")
        if quantity is not None and unit is not None:
            expected = quantity.data.get("unit")
            if expected is not None and unit != expected:
                line, _ = quantity.mark("unit")
                report(
                    claim,
                    ("figure", "unit"),
                    f"quantity '{quantity.id}' is counted in '{expected}' "
                    f"({quantity.file}:{line}) but in '{unit}' here",
                    f"write unit: {expected}, or leave unit out, or estimate another quantity",
                )


def check_claim_links(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """A claim cannot both support and contradict the same claim, whichever of the two
    says so (a contradiction is symmetric)."""
    written = {c.id: c for c in raw.records["claims"]}
    for claim in raw.records["claims"]:
        supports = set(claim.data.get("supports", []))
        contradicts = set(claim.data.get("contradicts", []))
        for rid in sorted(supports & contradicts):
            report(
                claim,
                ("contradicts",),
                f"claim '{rid}' is listed under both supports and contradicts",
                "keep it in only one of the two lists",
            )
        for rid in sorted(supports - contradicts):
            other = written.get(rid)
            if other is not None and claim.id in other.data.get("contradicts", []):
                line, _ = other.mark("contradicts")
                report(
                    claim,
                    ("supports",),
                    f"supports claim '{rid}', which contradicts it ({other.file}:{line})",
                    "a claim cannot support one that contradicts it: correct one of the links",
                )


def check_differs_from(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """A claim told differently (``differs_from``) is not also one it contradicts: the
    contradiction says more. (A record listing itself is refused with every reference.)"""
    for records in raw.records.values():
        for record in records:
            differs = record.data.get("differs_from", [])
            contradicts = record.data.get("contradicts", [])
            if not isinstance(differs, list) or not isinstance(contradicts, list):
                continue
            for rid in sorted(set(differs) & set(contradicts)):
                report(
                    record,
                    ("differs_from",),
                    f"claim '{rid}' is listed under both contradicts and differs_from",
                    "keep it under contradicts if one denies the other, else under differs_from",
                )
