"""Check loaded content as a whole: identity, references, dates and provenance.

This is the *validate* stage. It never raises on bad content: every problem becomes
a :class:`Problem` with file, line, column, record and fix, so one run reports all
of them. What it works out on the way (parsed dates, source texts, where each
excerpt sits in its source) is handed on in :class:`Checked` for the model stage.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .dates import DateProblem, When, parse_when
from .errors import Problem
from .load import RawContent, RawRecord
from .provenance import SourceText, excerpt_error_hint
from .yamlload import YamlError, decode

#: Names Windows will not create as files, whatever the extension.
RESERVED_NAMES = {"con", "prn", "aux", "nul", "index", "tags"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}

#: An archived article larger than this is refused (a long book is about 1 MB of text).
MAX_SEED_BYTES = 2 * 1024 * 1024

#: How many failures get costly diagnosis (closest passage, other sources, did-you-mean)
#: in one run; the rest are still reported, without it, so a run stays fast at any size.
DIAGNOSIS_BUDGET = 200

#: Fields holding dates, per kind (paths into the record's data).
DATE_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "sources": (("published",),),
    "events": (("date",),),
    "claims": (("made_on",), ("figure", "as_of")),
    "quotes": (("said_on",),),
    "briefing": (("as_of",),),
}


@dataclass
class Checked:
    """What validation learnt, for the model stage."""

    raw: RawContent
    whens: dict[tuple[str, str, tuple[str, ...]], When] = field(default_factory=dict)
    texts: dict[str, SourceText] = field(default_factory=dict)
    #: (kind, id, citation index) -> (start, end) offsets of the excerpt in its source
    spans: dict[tuple[str, str, int], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: source id -> its archived text's path, as shown in messages
    seed_names: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class _Reporter:
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
        label = record.label if record.kind != "briefing" else "briefing"
        self.problems.append(Problem(record.file, line, column, label, message, fix, severity))


def validate(raw: RawContent, seeds_dir: Path, root: Path) -> Checked:
    """Run every whole-content check; problems go into ``Checked.problems``."""
    checked = Checked(raw=raw, problems=list(raw.problems))
    report = _Reporter(checked.problems)
    if (
        raw.briefing is None
        and raw.files
        and not any(p.record == "briefing" for p in raw.problems)
        and not raw.unread_kinds & {"briefing", None}
    ):
        checked.problems.append(
            Problem(
                raw.files[0] if raw.files else "content/",
                message="no 'briefing:' found",
                fix="add a briefing mapping (title, as_of, bottom_line...) to a content file",
            )
        )
    index = _check_ids(raw, report)
    _check_references(raw, index, report)
    _check_dates(raw, checked, report)
    _load_sources(raw, seeds_dir, root, checked, report)
    _check_provenance(raw, checked, report)
    _check_event_dates(raw, checked, report)
    _check_briefing(raw, checked, report)
    _check_figures(raw, report)
    return checked


def _all(raw: RawContent) -> list[RawRecord]:
    return [r for kind in schema.COLLECTIONS for r in raw.records[kind]]


def _check_ids(raw: RawContent, report: _Reporter) -> dict[str, dict[str, RawRecord]]:
    index: dict[str, dict[str, RawRecord]] = {kind: {} for kind in schema.COLLECTIONS}
    for kind in schema.COLLECTIONS:
        for record in raw.records[kind]:
            if record.id in RESERVED_NAMES and kind in ("actors", "sources"):
                report(
                    record,
                    ("id",),
                    f"id '{record.id}' is a reserved name",
                    f"choose another id, e.g. '{record.id}-1'",
                )
            first = index[kind].get(record.id)
            if first is not None:
                line, _ = first.mark("id")
                report(
                    record,
                    ("id",),
                    f"duplicate id: {first.label} is already defined at {first.file}:{line}",
                    "give one of the two records a different id",
                )
                continue
            index[kind][record.id] = record
    return index


def _refs(record: RawRecord) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path, target kind, id) of every reference a record makes."""
    data, out = record.data, []
    single = {
        "actors": [("affiliation", "actors")],
        "claims": [("claimant", "actors")],
        "quotes": [("speaker", "actors")],
    }
    for key, target in single.get(record.kind, []):
        if key in data:
            out.append(((key,), target, data[key]))
    lists = {
        "events": [("actors", "actors")],
        "claims": [("supports", "claims"), ("contradicts", "claims")],
    }
    for key, target in lists.get(record.kind, []):
        for i, ref in enumerate(data.get(key, [])):
            out.append(((key, i), target, ref))
    for i, citation in enumerate(data.get("citations", [])):
        if "source" in citation:
            out.append((("citations", i, "source"), "sources", citation["source"]))
    if record.kind == "briefing":
        for i, ref in enumerate(data.get("bottom_line_rests_on", [])):
            kind, rid = ref.split(":", 1)
            out.append((("bottom_line_rests_on", i), schema.REF_PREFIXES[kind], rid))
        for j, judgment in enumerate(data.get("key_judgments", [])):
            for i, ref in enumerate(judgment.get("rests_on", [])):
                kind, rid = ref.split(":", 1)
                out.append((("key_judgments", j, "rests_on", i), schema.REF_PREFIXES[kind], rid))
    if record.kind == "coverage_skips" and "source" in data:
        out.append((("source",), "sources", data["source"]))
    return out


def _check_references(
    raw: RawContent, index: dict[str, dict[str, RawRecord]], report: _Reporter
) -> None:
    records = _all(raw) + raw.skips + ([raw.briefing] if raw.briefing else [])
    unsure = set(schema.COLLECTIONS) if None in raw.unread_kinds else raw.unread_kinds
    suggestions = _Budget(DIAGNOSIS_BUDGET)
    for record in records:
        for path, target, rid in _refs(record):
            if rid not in index[target]:
                if target in unsure:
                    continue  # a file that may define it could not be read (reported)
                known = list(index[target])
                close = _closest_id(rid, known) if suggestions.take() else ""
                fix = (
                    f"did you mean '{close}'?"
                    if close
                    else (f"add a record with id '{rid}' to {target}, or correct the id")
                )
                report(
                    record,
                    path,
                    f"refers to {schema.SINGULAR[target]} '{rid}', which does not exist",
                    fix,
                )
            elif target == record.kind and rid == record.id:
                report(
                    record, path, f"{record.label} refers to itself", "remove the self-reference"
                )
    # affiliation chains must end: A -> B -> A makes no sense
    for actor in raw.records["actors"]:
        seen, current = [actor.id], actor
        while "affiliation" in current.data:
            nxt = index["actors"].get(current.data["affiliation"])
            if nxt is None or nxt.id == current.id:
                break
            if nxt.id in seen:
                if nxt.id == actor.id:
                    cycle = " -> ".join([*seen, nxt.id])
                    report(
                        actor,
                        ("affiliation",),
                        f"affiliation goes round in a circle: {cycle}",
                        "an actor cannot belong, directly or not, to itself",
                    )
                break
            seen.append(nxt.id)
            current = nxt
    # a claim cannot both support and contradict the same claim
    for claim in raw.records["claims"]:
        both = set(claim.data.get("supports", [])) & set(claim.data.get("contradicts", []))
        for rid in sorted(both):
            report(
                claim,
                ("contradicts",),
                f"claim '{rid}' is listed under both supports and contradicts",
                "keep it in only one of the two lists",
            )


def _closest_id(rid: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(rid, known, n=1, cutoff=0.6)
    return close[0] if close else ""


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def _check_dates(raw: RawContent, checked: Checked, report: _Reporter) -> None:
    records = _all(raw) + ([raw.briefing] if raw.briefing else [])
    for record in records:
        for path in DATE_FIELDS.get(record.kind, ()):
            value = _get(record.data, path)
            if value is None or (isinstance(value, dict) and "value" not in value):
                continue  # absent, or its missing 'value' is reported by the schema check
            try:
                checked.whens[(record.kind, record.id, path)] = parse_when(value)
            except DateProblem as exc:
                where = (*path, exc.key) if isinstance(value, dict) else path
                report(record, where, f"'{'.'.join(path)}': {exc}", exc.fix)


def _load_sources(
    raw: RawContent, seeds_dir: Path, root: Path, checked: Checked, report: _Reporter
) -> None:
    by_file: dict[str, RawRecord] = {}
    for source in raw.records["sources"]:
        name = source.data.get("file")
        if name is None:
            continue  # missing or invalid: reported by the schema check
        if name in by_file:
            report(
                source,
                ("file",),
                f"file '{name}' is already the text of {by_file[name].label}",
                "each source stands for its own archived file",
            )
            continue
        by_file[name] = source
        path = seeds_dir / name
        shown = _shown(path, root)
        if not path.is_file():
            near = sorted(p.name for p in seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
            close = _closest_id(name, near)
            report(
                source,
                ("file",),
                f"archived text '{shown}' does not exist",
                f"did you mean '{close}'?"
                if close
                else f"copy the article's text, byte for byte, to {shown}",
            )
            continue
        try:
            size = path.stat().st_size
            if size > MAX_SEED_BYTES:
                report(
                    source,
                    ("file",),
                    f"archived text {shown} is {size:,} bytes, over the "
                    f"limit of {MAX_SEED_BYTES:,}",
                    "split the article into several sources, or archive only the part "
                    "the briefing uses",
                )
                continue
            text = decode(path.read_bytes(), shown, yaml_text=False)
        except YamlError as exc:
            report(
                source, ("file",), f"archived text {shown}: {exc.problem.message}", exc.problem.fix
            )
            continue
        except OSError as exc:
            report(source, ("file",), f"cannot read {shown}: {exc.strerror}", "check the file")
            continue
        checked.texts[source.id] = SourceText(text)
        checked.seed_names[source.id] = shown


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _check_provenance(raw: RawContent, checked: Checked, report: _Reporter) -> None:
    budget = _Budget(DIAGNOSIS_BUDGET)
    failed: dict[str, list[str]] = {}  # source id -> labels of records whose excerpt fails
    for record in _all(raw):
        quote_text = record.data.get("text") if record.kind == "quotes" else None
        for i, citation in enumerate(record.data.get("citations", [])):
            sid = citation.get("source")
            text = checked.texts.get(sid) if sid else None
            if text is None:
                continue  # the missing source or seed is reported already
            excerpt = citation.get("excerpt")
            if excerpt is None:
                if quote_text is None:
                    report(
                        record,
                        ("citations", i),
                        "citation has no 'excerpt'",
                        "copy the sentence this record rests on, verbatim, into excerpt:",
                    )
                    continue
                excerpt = quote_text
            elif quote_text is not None and _norm(quote_text) not in _norm(excerpt):
                report(
                    record,
                    ("citations", i, "excerpt"),
                    "the excerpt does not contain the quote's text",
                    "make the excerpt the passage that holds the quote, or leave it out",
                )
            span = text.find(excerpt)
            if span is not None:
                checked.spans[(record.kind, record.id, i)] = span
                continue
            labels = failed.setdefault(sid, [])
            if record.label not in labels:
                labels.append(record.label)
            path = ("text",) if excerpt is quote_text else ("citations", i, "excerpt")
            what = "quote text" if excerpt is quote_text else "excerpt"
            if not budget.take():
                report(
                    record,
                    path,
                    f"{what} not found verbatim in source '{sid}'",
                    "copy the words exactly as the archived text has them",
                )
                continue
            elsewhere = [
                other
                for other, other_text in checked.texts.items()
                if other != sid and other_text.contains(excerpt)
            ]
            if elsewhere:
                report(
                    record,
                    path,
                    f"{what} is not in source '{sid}'; it is in source '{elsewhere[0]}'",
                    f"cite source: {elsewhere[0]}",
                )
                continue
            hint = excerpt_error_hint(text, excerpt)
            report(
                record,
                path,
                f"{what} not found verbatim in source '{sid}'" + (f"; {hint}" if hint else ""),
                "copy the words exactly as the archived text has them",
            )
    # Several records failing against one source usually means its archived text was
    # changed after they were written: say so once, naming every record concerned.
    sources = {s.id: s for s in raw.records["sources"]}
    for sid, labels in failed.items():
        if len(labels) < 2 or sid not in sources:
            continue
        report(
            sources[sid],
            ("file",),
            f"{len(labels)} records cite passages that are not in "
            f"{checked.seed_names[sid]}: " + ", ".join(labels),
            "if the archived text was changed, restore the original; "
            "otherwise correct each excerpt (each has its own error)",
        )


class _Budget:
    """A countdown: ``take()`` is true the first ``n`` times."""

    def __init__(self, n: int):
        self.left = n

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _norm(text: str) -> str:
    from .provenance import normalize

    return normalize(unicodedata.normalize("NFC", text))


def _check_event_dates(raw: RawContent, checked: Checked, report: _Reporter) -> None:
    """An event dated after every source that reports it is published is suspect."""
    published = {
        sid: checked.whens.get(("sources", sid, ("published",)))
        for sid in (s.id for s in raw.records["sources"])
    }
    for event in raw.records["events"]:
        when = checked.whens.get(("events", event.id, ("date",)))
        if when is None:
            continue
        dates = [published.get(c.get("source")) for c in event.data.get("citations", [])]
        dates = [d for d in dates if d is not None]
        if dates and all(when.start > d.end for d in dates):
            report(
                event,
                ("date", "value"),
                f"event starts {when.label()}, after its sources were published",
                "check the date; if the source forecasts it, say so in the title",
                severity="warning",
            )


def _check_briefing(raw: RawContent, checked: Checked, report: _Reporter) -> None:
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
    as_of = checked.whens.get(("briefing", "briefing", ("as_of",)))
    if as_of is None:
        return
    for source in raw.records["sources"]:
        published = checked.whens.get(("sources", source.id, ("published",)))
        if published is not None and published.start > as_of.end:
            report(
                source,
                ("published",),
                f"published {published.label()}, after the briefing's as_of ({as_of.label()})",
                "move the briefing's as_of forward to the newest source's date",
                severity="warning",
            )


def _check_figures(raw: RawContent, report: _Reporter) -> None:
    """A figure states one number or one range; one quantity is counted in one unit."""
    units: dict[str, tuple[str, RawRecord]] = {}
    for claim in raw.records["claims"]:
        figure = claim.data.get("figure")
        if not figure:
            continue
        value, low, high = figure.get("value"), figure.get("low"), figure.get("high")
        if value is None and low is None and high is None:
            report(
                claim,
                ("figure",),
                "figure has no number",
                "give value: N, or low: and/or high: for a range",
            )
        elif value is not None and (low is not None or high is not None):
            report(
                claim,
                ("figure", "value"),
                "figure gives both a value and a range",
                "keep value: for one number, or low:/high: for a range, not both",
            )
        elif low is not None and high is not None and low > high:
            report(
                claim,
                ("figure", "low"),
                f"range runs backwards: low {low} > high {high}",
                "swap low and high",
            )
        first = units.setdefault(figure["quantity"], (figure["unit"], claim))
        if first[0] != figure["unit"]:
            report(
                claim,
                ("figure", "unit"),
                f"quantity '{figure['quantity']}' is counted in '{first[0]}' by "
                f"{first[1].label} but in '{figure['unit']}' here",
                "use the same unit for every estimate of one quantity, or a new quantity",
            )
