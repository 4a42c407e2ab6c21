"""Provenance: every citation's excerpt (or a quote's text) is verbatim in its source."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from .. import schema
from ..load import RawContent, RawRecord
from ..provenance import excerpt_error_hint, normalize
from ..schema.walk import Path, walk
from .base import Budget, Checked, Reporter


def citations_of(record: RawRecord) -> Iterator[tuple[Path, dict[str, Any]]]:
    """``(path, citation)`` for every citation a record holds, wherever it is declared."""
    struct = schema.BY_KEY[record.kind].struct
    for path, t, value in walk(struct, record.data):
        if t is schema.CITATION and isinstance(value, dict):
            yield path, value


def check_provenance(raw: RawContent, checked: Checked, report: Reporter) -> None:
    budget = Budget()
    failed: dict[str, list[str]] = {}  # source id -> labels of records whose excerpt fails
    for record in raw.all_records():
        # A record with its own text (a quote) may leave the excerpt out: the text is it.
        own_text = record.data.get("text")
        for cpath, citation in citations_of(record):
            sid = str(citation.get("source", ""))
            text = checked.texts.get(sid)
            if text is None:
                continue  # the missing source or seed is reported already
            excerpt = citation.get("excerpt")
            if excerpt is None:
                if own_text is None:
                    report(
                        record,
                        cpath,
                        "citation has no 'excerpt'",
                        "copy the sentence this record rests on, verbatim, into excerpt:",
                    )
                    continue
                excerpt = own_text
            elif own_text is not None and _norm(own_text) not in _norm(excerpt):
                report(
                    record,
                    (*cpath, "excerpt"),
                    "the excerpt does not contain the quote's text",
                    "make the excerpt the passage that holds the quote, or leave it out",
                )
            span = text.find(excerpt)
            if span is not None:
                checked.spans[(record.kind, record.id, cpath)] = span
                continue
            labels = failed.setdefault(sid, [])
            if record.label not in labels:
                labels.append(record.label)
            path = ("text",) if excerpt is own_text else (*cpath, "excerpt")
            what = "quote text" if excerpt is own_text else "excerpt"
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


def _norm(text: str) -> str:
    return normalize(unicodedata.normalize("NFC", text))
