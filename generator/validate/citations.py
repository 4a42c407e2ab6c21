"""Provenance: every citation pins one passage of its source, and proves its record.

* **Verbatim** (:func:`check_provenance`): the excerpt (or a quote's text) occurs in
  the cited source's archived text, ignoring only typography and whitespace.
* **A passage, not a word**: an excerpt has at least
  :data:`~generator.schema.kinds.MIN_EXCERPT_WORDS` words (or is its whole paragraph),
  lies within one paragraph, and occurs once in its source (or says which occurrence
  it means). A quote's own text is exempt from the length rule: it is checked as a
  quotation (:mod:`.quotations`).
* **Numbers** (:func:`check_figure_numbers`): a claim's figure appears in one of the
  claim's excerpts, in any ordinary form (:mod:`generator.numbers`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path as FilePath
from typing import Any

from .. import schema
from ..load import RawContent, RawRecord
from ..model.records import number
from ..numbers import numbers_in
from ..provenance import SourceText, excerpt_error_hint, normalize, odd_characters
from ..schema.kinds import MIN_EXCERPT_WORDS
from ..schema.walk import Path, walk
from .base import Budget, Checked, Reporter
from .rules import figure_shape

#: A message names at most this many records (then says how many more).
LIST_MAX = 10
_PUNCTUATION = ".,;:!?'\"“”‘’()[]—–- "


def citations_of(record: RawRecord) -> Iterator[tuple[Path, dict[str, Any]]]:
    """``(path, citation)`` for every citation a record holds, wherever it is declared."""
    struct = schema.BY_KEY[record.kind].struct
    for path, t, value in walk(struct, record.data):
        if t is schema.CITATION and isinstance(value, dict):
            yield path, value


def word_count(text: str) -> int:
    """Words in ``text``: runs between spaces holding a letter or digit (``3,000`` and
    ``two-year-long`` are one word each; a dash or a lone quotation mark is none)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def check_provenance(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """Find every citation's passage; report what is not there, or not one passage."""
    budget = Budget()
    failed: dict[str, list[str]] = {}  # source id -> labels of records whose excerpt fails
    where = _Columns(checked.root)
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
            is_own = excerpt is own_text
            path = ("text",) if is_own else (*cpath, "excerpt")
            what = "quote text" if is_own else "excerpt"
            spans = text.find_all(excerpt)
            if not spans:
                labels = failed.setdefault(sid, [])
                if record.label not in labels:
                    labels.append(record.label)
                _not_found(record, path, what, sid, excerpt, checked, budget, where, report)
                continue
            if not is_own and not _long_enough(record, path, excerpt, spans, text, sid, report):
                continue
            span = _one_occurrence(record, cpath, citation, spans, text, sid, what, report)
            if span is None or not _one_paragraph(record, path, span, text, sid, what, report):
                continue
            # Only a citation that pins one passage has a place: later checks (quotes,
            # figures, dates) look at those, so one mistake is reported once.
            checked.spans[(record.kind, record.id, cpath)] = span
    _report_changed_seeds(raw, checked, failed, report)


def _not_found(
    record: RawRecord,
    path: Path,
    what: str,
    sid: str,
    excerpt: str,
    checked: Checked,
    budget: Budget,
    where: _Columns,
    report: Reporter,
) -> None:
    """Say that an excerpt is not in its source, with as much diagnosis as affordable."""
    text = checked.texts[sid]
    if not budget.take():
        report(
            record,
            path,
            f"{what} not found verbatim in source '{sid}'",
            "copy the words exactly as the archived text has them",
        )
        return
    odd = odd_characters(excerpt, text, where.finder(record, path, excerpt))
    if odd:
        report(
            record,
            path,
            f"{what} not found verbatim in source '{sid}': it has {odd}",
            "delete the invisible characters and retype the look-alike letters "
            "(copy the words from the archived text)",
        )
        return
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
        return
    hint = excerpt_error_hint(text, excerpt)
    report(
        record,
        path,
        f"{what} not found verbatim in source '{sid}'" + (f"; {hint}" if hint else ""),
        "copy the words exactly as the archived text has them",
    )


def _one_occurrence(
    record: RawRecord,
    cpath: Path,
    citation: dict[str, Any],
    spans: list[tuple[int, int]],
    text: SourceText,
    sid: str,
    what: str,
    report: Reporter,
) -> tuple[int, int] | None:
    """The occurrence the citation means, or ``None`` (reported) if that is unclear."""
    chosen: int | None = citation.get("occurrence")
    count = f"{len(spans)}" + (" or more" if len(spans) >= 100 else "")
    if chosen is not None:
        if chosen > len(spans):
            report(
                record,
                (*cpath, "occurrence"),
                f"occurrence {chosen}, but the {what} occurs {_times(len(spans))} in "
                f"source '{sid}'",
                f"write occurrence: 1 to {len(spans)}"
                if len(spans) > 1
                else "remove occurrence: (the passage occurs once)",
            )
            return None
        return spans[chosen - 1]
    if len(spans) == 1:
        return spans[0]
    paragraphs = sorted({text.paragraph_of(s) for s, _ in spans})
    shown = ", ".join(str(p) for p in paragraphs[:LIST_MAX])
    report(
        record,
        ("text",) if what == "quote text" else (*cpath, "excerpt"),
        f"{what} occurs {count} times in source '{sid}' (paragraph"
        f"{'s' if len(paragraphs) > 1 else ''} {shown}{', …' if len(paragraphs) > LIST_MAX else ''}"
        "): which one is meant?",
        (
            "add an excerpt: the sentence that holds the quote, long enough to occur once"
            if what == "quote text"
            else "lengthen the excerpt (within its paragraph) until it occurs once"
        )
        + f", or add occurrence: N (1 to {len(spans)}, in text order)",
    )
    return None


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _long_enough(
    record: RawRecord,
    path: Path,
    excerpt: str,
    spans: list[tuple[int, int]],
    text: SourceText,
    sid: str,
    report: Reporter,
) -> bool:
    """An excerpt has enough words to show what its record rests on, or is the whole
    of its paragraph (wherever in the source it is)."""
    words = word_count(excerpt)
    if words >= MIN_EXCERPT_WORDS:
        return True
    for start, end in spans:
        number = text.paragraph_of(start)
        p_start, p_end = text.paragraphs[number - 1]
        if not (text.text[p_start:start] + text.text[end:p_end]).strip(_PUNCTUATION):
            return True  # the whole paragraph: as long as the source makes it
    paragraph = text.paragraph_of(spans[0][0])
    report(
        record,
        path,
        f"excerpt has {words} word{'s' if words != 1 else ''}; an excerpt needs at least "
        f"{MIN_EXCERPT_WORDS} (or its whole paragraph), to show what the record rests on",
        f"extend it within paragraph {paragraph} of source '{sid}', to the clause or "
        "sentence that states what the record says",
    )
    return False


def _one_paragraph(
    record: RawRecord,
    path: Path,
    span: tuple[int, int],
    text: SourceText,
    sid: str,
    what: str,
    report: Reporter,
) -> bool:
    """A passage lies within one paragraph of its source."""
    first, last = text.paragraph_of(span[0]), text.paragraph_of(span[1] - 1)
    if first == last:
        return True
    report(
        record,
        path,
        f"{what} runs from paragraph {first} into paragraph {last} of source '{sid}': "
        "it joins the end of one paragraph to the start of the next",
        "cite one paragraph: cut the excerpt at the paragraph break, or give each "
        "paragraph its own citation",
    )
    return False


def _report_changed_seeds(
    raw: RawContent, checked: Checked, failed: dict[str, list[str]], report: Reporter
) -> None:
    """Several records failing against one source usually means its archived text was
    changed after they were written: say so once, naming the records concerned."""
    sources = {s.id: s for s in raw.records["sources"]}
    for sid, labels in failed.items():
        if len(labels) < 2 or sid not in sources:
            continue
        named = ", ".join(labels[:LIST_MAX])
        if len(labels) > LIST_MAX:
            named += f" and {len(labels) - LIST_MAX:,} more"
        report(
            sources[sid],
            ("file",),
            f"{len(labels)} records cite passages that are not in "
            f"{checked.seed_names[sid]}: {named}",
            "if the archived text was changed, restore the original; "
            "otherwise correct each excerpt (each has its own error)",
        )


def check_figure_numbers(raw: RawContent, checked: Checked, report: Reporter) -> None:
    """Every figure's number (both ends of a range) is stated in one of the claim's
    excerpts, in any ordinary form."""
    for claim in raw.records["claims"]:
        figure = claim.data.get("figure")
        if not figure or figure_shape(figure) is not None:
            continue  # a figure that is not one number or one range is reported as such
        excerpts = []
        for cpath, citation in citations_of(claim):
            span = checked.spans.get((claim.kind, claim.id, cpath))
            if span is None:
                break  # a citation that failed is reported; do not guess without it
            sid = citation["source"]
            excerpts.append(checked.texts[sid].text[span[0] : span[1]])
        else:
            if not excerpts:
                continue
            stated = [n for e in excerpts for n in numbers_in(e)]
            for key in ("value", "low", "high"):
                value = figure.get(key)
                if value is None or any(n.matches(value) for n in stated):
                    continue
                held = list(dict.fromkeys(n.written for n in stated))
                these = "the excerpt" if len(excerpts) == 1 else f"the {len(excerpts)} excerpts"
                holds = (
                    f"{these} hold{'s' if len(excerpts) == 1 else ''} "
                    + ", ".join(held[:LIST_MAX])
                    + (", …" if len(held) > LIST_MAX else "")
                    if held
                    else f"{these} hold{'s' if len(excerpts) == 1 else ''} no number"
                )
                name = "figure value" if key == "value" else f"figure {key}"
                report(
                    claim,
                    ("figure", key),
                    f"{name} {number(value)} is not stated in the claim's citations; {holds}",
                    f"write the number the source states, or cite the passage that states "
                    f"{number(value)}",
                )


def _norm(text: str) -> str:
    return normalize(unicodedata.normalize("NFC", text))


class _Columns:
    """Where character ``i`` of a value sits in its YAML file, for messages.

    A value written on one line (plain or quoted) has its characters at known
    columns; otherwise a message says which character of the text it is.
    """

    def __init__(self, root: FilePath):
        self.root = root
        self._read: dict[FilePath, list[str]] = {}

    def _lines(self, path: FilePath) -> list[str]:
        if path not in self._read:
            try:
                self._read[path] = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._read[path] = []
        return self._read[path]

    def finder(self, record: RawRecord, path: Path, value: str) -> Callable[[int], str]:
        line, column = record.mark(*path)
        lines = self._lines(self.root / record.file)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        # the value starts at `column`, or one further after an opening quote
        shift = next(
            (k for k in (0, 1) if text[column - 1 + k : column - 1 + k + len(value)] == value),
            None,
        )

        def where(index: int) -> str:
            if shift is None:
                return f"character {index + 1} of the text"
            return f"column {column + shift + index}"

        return where
