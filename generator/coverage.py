"""How completely the content covers its sources: quoted passages and paragraphs.

For every source this module lists

* the **quoted passages** in the archived text, and for each whether a quote record
  captures it, a ``coverage_skips`` entry excuses it, or it is missing;
* the **paragraphs**, and for each whether some record cites it, a skip marks it as
  intentionally uncited, or nothing does.

A report is *ok* when no quoted passage is missing and no skip is stale (matches
nothing). Uncited paragraphs are listed but do not fail the report: headings,
sign-offs and photo captions often carry no fact worth a record.

What counts as a quoted passage
-------------------------------
Passages are found paragraph by paragraph (a paragraph is a run of text between line
breaks, as :attr:`SourceText.paragraphs` defines it) by the one quotation scanner,
:func:`generator.provenance.quoted_spans`, which the check that a quote is a
quotation uses too. It knows every convention the sources use: typographic and
straight double quotes, and typographic and straight single quotes, the single ones
only as a pair whose opening mark follows a space or opening punctuation (so the
apostrophe in ``Russia's`` or ``Putin’s`` never opens or closes a passage). A double
quote still open at the end of its paragraph runs to the paragraph's end. Passages
nested inside others are listed too.

When a passage is captured
--------------------------
Texts are compared after :func:`provenance.normalize` (typographic quotes, dashes and
whitespace), ignoring punctuation that ends the passage (``,`` ``.`` ``;`` ``:``), so a
quote record may keep or drop the comma that closes a quotation. A passage is captured
when a quote record citing the same source has a text containing it. A passage with an
ellipsis or a bracketed insertion may instead be captured piecewise: it is split at
``…``/``...``, ``[...]`` and ``(...)``, and it is captured when every piece of three
or more characters is contained in some quote record citing the source.

Skips
-----
A ``coverage_skips`` entry (source, text, reason) *matches* a quoted passage or a
paragraph of its source whose normalised text equals the skip's text (again ignoring
closing punctuation). A skip that matches neither is *stale* and fails the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import schema
from .project import Project
from .provenance import SourceText, normalize
from .validate import Checked
from .validate.base import get

_TRAILING = ",.;: "
_SPLIT = re.compile(r"\s*(?:…|\.\.\.|\[[^\]]*\]|\([^)]*\))\s*")
_CAPTION = re.compile(r"\bPhoto\b|\bAP Photo\b|\(AP Photo/")
_PASSAGE_WIDTH = 58


@dataclass
class Passage:
    """One quoted passage of a source, and what accounts for it."""

    number: int
    start: int
    end: int
    text: str
    paragraph: int
    captured_by: list[str] = field(default_factory=list)
    skip_reason: str = ""

    @property
    def status(self) -> str:
        """``captured``, ``skipped`` or ``MISSING``."""
        if self.captured_by:
            return "captured"
        if self.skip_reason:
            return "skipped"
        return "MISSING"


@dataclass
class Paragraph:
    """One paragraph of a source, with the records whose citations overlap it."""

    number: int
    start: int
    end: int
    text: str
    cited_by: list[str] = field(default_factory=list)
    skip_reason: str = ""

    @property
    def status(self) -> str:
        """``cited``, ``skipped`` or ``uncited``."""
        if self.cited_by:
            return "cited"
        if self.skip_reason:
            return "skipped"
        return "uncited"

    @property
    def looks_factless(self) -> str:
        """A guess at why an uncited paragraph may hold no fact, or ``""``."""
        if _CAPTION.search(self.text):
            return "photo caption"
        words = self.text.split()
        if len(words) <= 6:
            return "heading, sign-off or fragment"
        return ""


@dataclass
class StaleSkip:
    """A ``coverage_skips`` entry that matches no passage and no paragraph."""

    source: str
    text: str
    file: str
    line: int


@dataclass
class SourceCoverage:
    """The coverage of one source."""

    source: str
    file: str
    outlet: str
    passages: list[Passage] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def _count(self, items: list[Any], status: str) -> int:
        return sum(1 for item in items if item.status == status)

    @property
    def captured(self) -> int:
        return self._count(self.passages, "captured")

    @property
    def skipped(self) -> int:
        return self._count(self.passages, "skipped")

    @property
    def missing(self) -> int:
        return self._count(self.passages, "MISSING")

    @property
    def cited(self) -> int:
        return self._count(self.paragraphs, "cited")

    @property
    def paragraphs_skipped(self) -> int:
        return self._count(self.paragraphs, "skipped")

    @property
    def uncited(self) -> int:
        return self._count(self.paragraphs, "uncited")


@dataclass
class CoverageReport:
    """Coverage of every source, plus the skips that match nothing."""

    sources: list[SourceCoverage] = field(default_factory=list)
    stale: list[StaleSkip] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every quoted passage is captured or skipped and no skip is stale."""
        return not self.stale and all(s.missing == 0 for s in self.sources)


# --- finding quoted passages ------------------------------------------------------------


def quoted_passages(source: SourceText) -> list[tuple[int, int, str, int]]:
    """Every quoted passage of ``source`` as (start, end, text, paragraph number),
    in text order, as :func:`generator.provenance.quoted_spans` finds them."""
    return [
        (start, end, source.text[start:end], source.paragraph_of(start))
        for start, end in source.quoted
    ]


# --- matching -------------------------------------------------------------------------


def _key(text: str) -> str:
    """Comparison form: normalised, without punctuation that closes the passage."""
    return normalize(text).rstrip(_TRAILING)


def _pieces(text: str) -> list[str]:
    """The parts of a passage between ellipses and bracketed insertions."""
    return [p for p in (_key(part) for part in _SPLIT.split(text)) if len(p) >= 3]


def _capturers(passage: str, quotes: list[tuple[str, str]]) -> list[str]:
    """Ids of the quote records that capture ``passage`` (whole, or piece by piece)."""
    key = _key(passage)
    whole = [qid for qid, qtext in quotes if key and key in qtext]
    if whole:
        return whole
    pieces = _pieces(passage)
    if len(pieces) < 2:
        return []
    found: list[str] = []
    for piece in pieces:
        holders = [qid for qid, qtext in quotes if piece in qtext]
        if not holders:
            return []
        found.extend(h for h in holders if h not in found)
    return found


def coverage(project: Project, checked: Checked) -> CoverageReport:
    """Work out, for every source, which quoted passages and paragraphs are covered.

    ``project`` locates the content; ``checked`` is the result of validation (its
    texts, citation spans and raw records). Nothing is written.
    """
    del project  # the checked content already holds everything needed
    raw = checked.raw
    records = {(kind, r.id): r for kind in raw.records for r in raw.records[kind]}

    # Quote texts (normalised) per cited source, and citation spans per source.
    quotes_by_source: dict[str, list[tuple[str, str]]] = {}
    for quote in raw.records["quotes"]:
        text = normalize(quote.data.get("text", ""))
        for citation in quote.data.get("citations", []):
            quotes_by_source.setdefault(citation["source"], []).append((quote.id, text))
    spans_by_source: dict[str, list[tuple[int, int, str]]] = {}
    for (kind, rid, path), (start, end) in checked.spans.items():
        record = records.get((kind, rid))
        if record is None:
            continue
        citation = get(record.data, path)
        if isinstance(citation, dict) and "source" in citation:
            label = f"{schema.SINGULAR[kind]}:{rid}"
            spans_by_source.setdefault(citation["source"], []).append((start, end, label))

    skips_by_source: dict[str, list[tuple[Any, str, str]]] = {}
    for skip in raw.skips:
        data = skip.data
        skips_by_source.setdefault(data["source"], []).append(
            (skip, _key(data["text"]), data["reason"])
        )
    used_skips: set[int] = set()

    report = CoverageReport()
    for source in raw.records["sources"]:
        source_text = checked.texts.get(source.id)
        if source_text is None:
            continue
        cov = SourceCoverage(source.id, source.data.get("file", ""), source.data.get("outlet", ""))
        quotes = quotes_by_source.get(source.id, [])
        skips = skips_by_source.get(source.id, [])

        for number, (start, end, passage, para) in enumerate(quoted_passages(source_text), 1):
            passage_item = Passage(number, start, end, passage, para, _capturers(passage, quotes))
            for skip, skey, reason in skips:
                if skey == _key(passage):
                    used_skips.add(id(skip))
                    passage_item.skip_reason = passage_item.skip_reason or reason
            cov.passages.append(passage_item)

        spans = spans_by_source.get(source.id, [])
        for number, (start, end) in enumerate(source_text.paragraphs, 1):
            body = source_text.text[start:end].strip()
            cited = sorted({label for s, e, label in spans if s < end and e > start})
            item = Paragraph(number, start, end, body, cited)
            for skip, skey, reason in skips:
                if skey == _key(body):
                    used_skips.add(id(skip))
                    item.skip_reason = item.skip_reason or reason
            cov.paragraphs.append(item)
        report.sources.append(cov)

    for skip in raw.skips:
        if id(skip) not in used_skips:
            line, _ = skip.mark("text")
            report.stale.append(StaleSkip(skip.data["source"], skip.data["text"], skip.file, line))
    return report


# --- output ---------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _short(text: str, width: int = _PASSAGE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(report: CoverageReport) -> str:
    """The report as a plain-text table per source, then a total line."""
    lines: list[str] = []
    for cov in report.sources:
        head = f"{cov.source}  ({cov.outlet}; seeds/{cov.file})"
        lines += [head, "=" * len(head)]
        lines.append(
            f"Quoted passages: {len(cov.passages)}  captured {cov.captured} "
            f"({_pct(cov.captured, len(cov.passages))})  skipped {cov.skipped}  "
            f"missing {cov.missing}"
        )
        if cov.passages:
            lines.append(
                f"  {'#':>3}  {'par':>3}  {'status':<8}  {'passage':<{_PASSAGE_WIDTH}}  by"
            )
            for p in cov.passages:
                by = (
                    ", ".join(p.captured_by)
                    if p.captured_by
                    else (f"skip: {_short(p.skip_reason, 60)}" if p.skip_reason else "-")
                )
                lines.append(
                    f"  {p.number:>3}  {p.paragraph:>3}  {p.status:<8}  "
                    f"{_short(p.text):<{_PASSAGE_WIDTH}}  {by}"
                )
        lines.append(
            f"Paragraphs: {len(cov.paragraphs)}  cited {cov.cited} "
            f"({_pct(cov.cited, len(cov.paragraphs))})  skipped {cov.paragraphs_skipped}  "
            f"uncited {cov.uncited}"
        )
        rest = [para for para in cov.paragraphs if para.status != "cited"]
        if rest:
            lines.append(f"  {'par':>3}  {'status':<8}  {'paragraph':<{_PASSAGE_WIDTH}}  note")
        for para in rest:
            note = (
                f"skip: {_short(para.skip_reason, 60)}"
                if para.skip_reason
                else (f"no fact? ({para.looks_factless})" if para.looks_factless else "-")
            )
            lines.append(
                f"  {para.number:>3}  {para.status:<8}  "
                f"{_short(para.text):<{_PASSAGE_WIDTH}}  {note}"
            )
        lines.append("")

    if report.stale:
        lines.append("Stale skips (match no quoted passage and no paragraph):")
        for stale in report.stale:
            lines.append(f"  {stale.file}:{stale.line}  {stale.source}: {_short(stale.text)}")
        lines.append("")

    passages = sum(len(c.passages) for c in report.sources)
    captured = sum(c.captured for c in report.sources)
    skipped = sum(c.skipped for c in report.sources)
    missing = sum(c.missing for c in report.sources)
    paragraphs = sum(len(c.paragraphs) for c in report.sources)
    cited = sum(c.cited for c in report.sources)
    para_skipped = sum(c.paragraphs_skipped for c in report.sources)
    lines.append(
        f"TOTAL {len(report.sources)} sources: quoted passages {captured}/{passages} captured "
        f"({_pct(captured, passages)}), {skipped} skipped, {missing} missing; "
        f"paragraphs {cited}/{paragraphs} cited ({_pct(cited, paragraphs)}), "
        f"{para_skipped} skipped; {len(report.stale)} stale skip(s) -> "
        + ("OK" if report.ok else "NOT OK")
    )
    return "\n".join(lines)
