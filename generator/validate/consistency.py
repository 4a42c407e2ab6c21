"""Records that cite the same passage must agree on when it was said.

A quote and a claim whose citations overlap in one source rest on the same words:
if the claim is dated (``made_on``) and the quote is not (``said_on``), or the two
dates cannot both be true, one of them is probably wrong. These are warnings naming
both records: the build goes on, and the editor checks the passage.
"""

from __future__ import annotations

from collections import defaultdict

from ..dates import When
from ..load import RawContent, RawRecord
from .base import Checked, Reporter
from .citations import citations_of

#: (source id, paragraph) -> (start, end, record) of every citation of one kind there
_Places = dict[tuple[str, int], list[tuple[int, int, RawRecord]]]


def _places(records: list[RawRecord], checked: Checked) -> _Places:
    out: _Places = defaultdict(list)
    for record in records:
        for cpath, citation in citations_of(record):
            span = checked.spans.get((record.kind, record.id, cpath))
            sid = str(citation.get("source", ""))
            text = checked.texts.get(sid)
            if span is None or text is None:
                continue
            out[(sid, text.paragraph_of(span[0]))].append((span[0], span[1], record))
    return out


def _overlap(a: When, b: When) -> bool:
    return a.start <= b.end and b.start <= a.end


def check_dates_agree(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """A quote and a claim citing the same passage must not disagree on its date."""
    claims = _places(raw.records["claims"], checked)
    for (sid, paragraph), quotes in _places(raw.records["quotes"], checked).items():
        for start, end, quote in quotes:
            said = checked.when(quote, "said_on")
            seen: set[str] = set()
            for c_start, c_end, claim in claims.get((sid, paragraph), []):
                if claim.id in seen or c_start >= end or c_end <= start:
                    continue
                seen.add(claim.id)
                made = checked.when(claim, "made_on")
                if made is None:
                    continue
                line, _ = claim.mark("made_on")
                where = f"{claim.label} ({claim.file}:{line})"
                if said is None:
                    report(
                        quote,
                        ("id",),
                        f"quote has no said_on, but {where}, which cites the same passage of "
                        f"source '{sid}', is dated {made.label()}",
                        "add said_on (the date the passage gives the words; an inferred "
                        "date says how), or correct the claim's made_on",
                        severity="warning",
                    )
                elif not _overlap(said, made):
                    report(
                        quote,
                        ("said_on",),
                        f"said_on {said.label()} disagrees with {where}, made_on "
                        f"{made.label()}, which cites the same passage of source '{sid}'",
                        "check both dates against the passage and correct the wrong one",
                        severity="warning",
                    )
