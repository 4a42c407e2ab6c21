"""Match excerpts against archived source text, tolerant of typography only.

Whitespace runs, line breaks, and typographic variants of quotes, apostrophes and
dashes are normalised on both sides before an exact, case-sensitive substring
search. Nothing else is forgiven: a changed word is a mismatch.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The comparison form of a passage: NFC, plain quotes and dashes, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip()


@dataclass
class SourceText:
    """The archived text of one source, with a normalised copy mapped back to offsets."""

    raw: str
    normalized: str = field(init=False)
    _offsets: array[int] = field(init=False, repr=False)  # compact: one per character

    def __post_init__(self) -> None:
        out: list[str] = []
        offsets = array("l")
        last_space = True
        for index, char in enumerate(unicodedata.normalize("NFC", self.raw)):
            mapped = char.translate(_TRANSLATE)
            if mapped.isspace():
                if last_space:
                    continue
                mapped = " "
                last_space = True
            else:
                last_space = False
            for piece in mapped:
                out.append(piece)
                offsets.append(index)
        while out and out[-1] == " ":
            out.pop()
            offsets.pop()
        self.normalized = "".join(out)
        self._offsets = offsets
        # NFC can change length only for combining sequences; keep offsets in range.
        self._nfc = unicodedata.normalize("NFC", self.raw)

    def find(self, excerpt: str) -> tuple[int, int] | None:
        """Offsets (start, end) in the NFC text of the first match, or ``None``."""
        needle = normalize(excerpt)
        if not needle:
            return None
        at = self.normalized.find(needle)
        if at < 0:
            return None
        return self._offsets[at], self._offsets[at + len(needle) - 1] + 1

    def contains(self, excerpt: str) -> bool:
        return self.find(excerpt) is not None

    @property
    def text(self) -> str:
        """The NFC form of the raw text (offsets from :meth:`find` index into it)."""
        return self._nfc

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each non-empty paragraph (a run of text between line
        breaks) in :attr:`text`."""
        spans = []
        for match in re.finditer(r"[^\n]+", self._nfc):
            if match.group().strip():
                spans.append((match.start(), match.end()))
        return spans

    def paragraph_of(self, offset: int) -> int:
        """1-based number of the paragraph holding ``offset``."""
        for number, (start, end) in enumerate(self.paragraphs, 1):
            if start <= offset < end:
                return number
        return 0

    def closest(self, excerpt: str) -> str:
        """The passage of this text most like ``excerpt``, for an error message.

        A long text is first narrowed to the regions around words the excerpt shares
        with it, so the cost stays bounded however large the archived text is.
        """
        # Messages show the passage's start only, so its first words locate it well
        # enough, and comparing long windows costs seconds.
        needle = normalize(excerpt)[:_NEEDLE_MAX]
        hay = self.normalized
        if not needle or not hay:
            return ""
        if len(hay) <= _SCAN_ALL:
            return _closest_in(hay, needle)
        best, best_score = "", -1.0
        for start, end in _regions(hay, needle):
            passage = _closest_in(hay[start:end], needle)
            score = difflib.SequenceMatcher(None, passage, needle, autojunk=False).ratio()
            if score > best_score:
                best, best_score = passage, score
        return best


#: Texts up to this many characters are searched whole for the closest passage.
_SCAN_ALL = 20_000
#: Only this many leading characters of an excerpt are used to find its closest passage.
_NEEDLE_MAX = 300
_WORD = re.compile(r"\w{3,}")


def _regions(hay: str, needle: str, words: int = 8, hits: int = 8) -> list[tuple[int, int]]:
    """Up to ``words * hits`` merged spans of ``hay`` around the needle's longest words."""
    width = len(needle)
    chosen = sorted(set(_WORD.findall(needle)), key=lambda w: (-len(w), w))[:words]
    spans = []
    for word in chosen:
        at = hay.find(word)
        for _ in range(hits):
            if at < 0:
                break
            spans.append((max(0, at - width - 20), min(len(hay), at + 2 * width + 20)))
            at = hay.find(word, at + 1)
    budget, kept = _SCAN_ALL * 3, []
    for span in spans:  # the longest words' spans first, until the budget is spent
        budget -= span[1] - span[0]
        if budget < 0:
            break
        kept.append(span)
    return merge_spans(kept) or [(0, min(len(hay), 3 * width))]


def _closest_in(hay: str, needle: str) -> str:
    """The window of ``hay`` (widened to whole words) most like ``needle``."""
    width = len(needle)
    matcher = difflib.SequenceMatcher(None, hay, needle, autojunk=False)
    best, best_score = "", -1.0
    # Candidate windows start near each long block the two texts share.
    blocks = sorted(matcher.get_matching_blocks(), key=lambda b: -b.size)[:8]
    for block in blocks:
        if block.size == 0:
            continue
        start = max(0, block.a - block.b)
        for shift in (-20, -10, 0, 10, 20):
            s = max(0, start + shift)
            window = hay[s : s + width]
            score = difflib.SequenceMatcher(None, window, needle, autojunk=False).ratio()
            if score > best_score:
                best, best_score = window, score
    return _to_word_bounds(hay, best).strip()


def _to_word_bounds(hay: str, window: str) -> str:
    """Widen a window of ``hay`` so it neither starts nor ends inside a word."""
    start = hay.find(window)
    if start < 0:
        return window
    end = start + len(window)
    while start > 0 and hay[start - 1].isalnum():
        start -= 1
    while end < len(hay) and hay[end].isalnum():
        end += 1
    return hay[start:end]


def excerpt_error_hint(source: SourceText, excerpt: str, limit: int = 160) -> str:
    """A 'closest passage' hint for messages, trimmed to ``limit`` characters."""
    passage = source.closest(excerpt)
    if not passage:
        return ""
    if len(passage) > limit:
        passage = passage[: limit - 1] + "…"
    return f'closest passage in the source: "{passage}"'


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort (start, end) spans and merge those that overlap or touch."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
