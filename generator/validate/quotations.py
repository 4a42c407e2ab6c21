"""Quotes are quotations, said by their speaker.

* **Inside quotation marks** (:func:`check_quotations`): a quote's text lies inside
  one quoted passage of its source, whole or as a contiguous part of it, by the one
  quotation scanner (:func:`generator.provenance.quoted_spans`) that knows every
  convention sources use. Closing punctuation may stand outside the closing mark.
* **Attributed**: the speaker, by its name, one of its aliases or one of the phrases
  its ``named_as`` declares (a name ending in a parenthesis, ``Diplomat (unnamed)``,
  also counts without it), appears in the narration (the text outside quotation marks)
  of the quote's paragraph or of the paragraph before. Names are matched as whole
  words, case-sensitively except for their first letter (``the diplomat`` finds
  ``The diplomat``).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..load import RawContent, RawRecord
from ..provenance import SourceText, normalize
from .base import Checked, Reporter
from .citations import citations_of

#: A message lists at most this many of the names looked for.
NAMES_SHOWN = 6
#: Words of a name too common to suggest a spelling by.
_COMMON = frozenset("the and for of mr mrs ms dr his her its their unnamed".split())
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")


def speaker_names(actor: dict[str, Any]) -> list[str]:
    """Every way the content lets a source name this actor, in the order declared."""
    names: list[str] = []
    for name in [actor.get("name"), *actor.get("aliases", []), *actor.get("named_as", [])]:
        if not isinstance(name, str):
            continue
        for form in (name, _PARENTHESIS.sub("", name)):
            form = normalize(form)
            if form and form not in names:
                names.append(form)
    return names


def _pattern(name: str) -> re.Pattern[str]:
    first, rest = name[0], re.escape(name[1:])
    head = (
        f"[{re.escape(first.lower())}{re.escape(first.upper())}]"
        if first.isalpha()
        else (re.escape(first))
    )
    return re.compile(rf"(?<!\w){head}{rest}(?!\w)")


def check_quotations(raw: RawContent, checked: Checked, report: Reporter) -> None:
    actors = checked.index.get("actors", {})
    patterns: dict[str, list[re.Pattern[str]]] = {}
    # An actor with a mistake of its own may have lost names (an invalid alias list):
    # its quotes' attribution is checked once that is fixed.
    troubled = {(p.file, p.record) for p in checked.problems}
    for quote in raw.records["quotes"]:
        qtext = quote.data.get("text")
        if not isinstance(qtext, str):
            continue
        speaker = actors.get(str(quote.data.get("speaker", "")))
        for cpath, citation in citations_of(quote):
            span = checked.spans.get((quote.kind, quote.id, cpath))
            source = checked.texts.get(str(citation.get("source", "")))
            if span is None or source is None:
                continue  # not found, or not one passage: reported already
            sid = citation["source"]
            at = _inside_quotes(quote, qtext, span, source, sid, report)
            if at is None or speaker is None or (speaker.file, speaker.label) in troubled:
                continue
            if speaker.id not in patterns:
                patterns[speaker.id] = [_pattern(n) for n in speaker_names(speaker.data)]
            _check_attribution(quote, speaker, at, source, sid, patterns[speaker.id], report)


def _inside_quotes(
    quote: RawRecord,
    qtext: str,
    span: tuple[int, int],
    source: SourceText,
    sid: str,
    report: Reporter,
) -> int | None:
    """Where the quote's text starts inside quotation marks within its cited passage,
    or ``None`` (reported) when the source does not give it as speech."""
    found = [(s, e) for s, e in source.find_all(qtext) if s >= span[0] and e <= span[1]]
    if not found:
        return None  # cannot happen: the excerpt holds the text (checked before)
    for start, end in found:
        if source.quoted_holding(start, end) is not None:
            return start
    start, end = found[0]
    paragraph = source.paragraph_of(start)
    overlap = source.quoted_overlapping(start, end)
    if overlap is None:
        report(
            quote,
            ("text",),
            f"quote text is not inside quotation marks in source '{sid}' (paragraph "
            f"{paragraph}): the source gives these words as narration, not as speech",
            "a quote holds only words the source puts inside quotation marks; record "
            "narration as a claim or an event",
        )
        return None
    outside = (source.text[start : overlap[0]] + " … " + source.text[overlap[1] : end]).strip(" …")
    outside = " ".join(outside.split())
    if len(outside) > 60:
        outside = outside[:59] + "…"
    report(
        quote,
        ("text",),
        f"quote text runs outside the quotation marks in source '{sid}' (paragraph "
        f"{paragraph}): '{outside}' is not inside them",
        "keep only the words between the quotation marks (closing punctuation may stay); "
        "quote each quoted passage as its own record",
    )
    return None


def _check_attribution(
    quote: RawRecord,
    speaker: RawRecord,
    at: int,
    source: SourceText,
    sid: str,
    patterns: list[re.Pattern[str]],
    report: Reporter,
) -> None:
    paragraph = source.paragraph_of(at)
    near = [source.narration(paragraph - 1), source.narration(paragraph)]
    if any(p.search(text) for p in patterns for text in near):
        return
    names = speaker_names(speaker.data)
    shown = ", ".join(f"'{n}'" for n in names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" and {len(names) - NAMES_SHOWN} more"
    where = (
        f"paragraph {paragraph} of source '{sid}' or the one before"
        if paragraph > 1
        else f"paragraph 1 of source '{sid}'"
    )
    spelling = _likely_spelling(names, near)
    if spelling:
        fix = (
            f"if '{spelling}' there is the speaker, add it to the aliases of actor "
            f"'{speaker.id}'; otherwise check the speaker"
        )
    else:
        fix = (
            f"check the speaker; if the source names actor '{speaker.id}' there another way, "
            "add that spelling to its aliases (for an unnamed speaker, add the words the "
            "source uses, such as 'the spokesman', to named_as)"
        )
    report(
        quote,
        ("speaker",),
        f"speaker '{speaker.id}' is not named near the quote: looked for {shown} in the "
        f"narration of {where}",
        fix,
    )


def _likely_spelling(names: list[str], texts: list[str]) -> str:
    """The words in ``texts`` most like one of ``names`` (a misspelling, another
    transliteration), or ``""``: a run of capitalised words, trimmed to those that
    resemble a word of a name."""
    name_words = {w.lower() for n in names for w in re.findall(r"\w{3,}", n)} - _COMMON
    best, best_score = "", 0.0
    for text in texts:
        for run in _CAPITALISED.findall(text):
            words = run.split()
            scores = [_resemblance(w, name_words) for w in words]
            # the longest stretch of resembling words
            i = 0
            while i < len(words):
                if scores[i] < 0.8:
                    i += 1
                    continue
                j = i
                while j < len(words) and scores[j] >= 0.8:
                    j += 1
                score = sum(scores[i:j])
                if score > best_score:
                    best, best_score = " ".join(words[i:j]), score
                i = j
    return best.rstrip(".'’")


def _resemblance(word: str, name_words: set[str]) -> float:
    word = re.sub(r"['’]s$", "", word).strip(".,").lower()
    if len(word) < 3:
        return 0.0
    return max((difflib.SequenceMatcher(None, word, w).ratio() for w in name_words), default=0.0)
