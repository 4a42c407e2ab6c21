"""Match excerpts against archived source text, tolerant of typography only.

Whitespace runs, line breaks, and typographic variants of quotes, apostrophes and
dashes are normalised on both sides before an exact, case-sensitive substring
search. Nothing else is forgiven: a changed word is a mismatch.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

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


#: The typographic variants that map to one character each (all but the ellipsis).
_ONE_TO_ONE = str.maketrans(
    {k: v for k, v in ((chr(c), t) for c, t in _TRANSLATE.items()) if len(v) == 1}
)
#: What normalising changes besides one-for-one replacements: whitespace that is not
#: one plain space, and the ellipsis.
_IRREGULAR = re.compile(r"[^\S ]\s*| \s+|\u2026")


@dataclass
class SourceText:
    """The archived text of one source, with a normalised copy mapped back to offsets.

    The normalised copy (:func:`normalize`'s form) is built with a few passes over the
    whole text rather than character by character, and mapped back by segments: a
    stretch copied unchanged, a run of whitespace become one space, an ellipsis become
    three dots. A text of 2 MB takes a fraction of a second.
    """

    raw: str
    normalized: str = field(init=False)
    _starts: list[int] = field(init=False, repr=False)
    _segments: list[tuple[int, bool]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._nfc = nfc = unicodedata.normalize("NFC", self.raw)
        plain = nfc.translate(_ONE_TO_ONE)  # same length: offsets carry over
        begin = len(plain) - len(plain.lstrip())
        finish = len(plain.rstrip())
        pieces: list[str] = []
        starts: list[int] = []  # where each segment starts in the normalised copy
        segments: list[tuple[int, bool]] = []  # (offset in the NFC text, copied as is)
        size, at = 0, begin

        def add(piece: str, offset: int, copied: bool) -> None:
            nonlocal size
            pieces.append(piece)
            starts.append(size)
            segments.append((offset, copied))
            size += len(piece)

        for match in _IRREGULAR.finditer(plain, begin, finish):
            if match.start() > at:
                add(plain[at : match.start()], at, True)
            add("..." if match.group() == "\u2026" else " ", match.start(), False)
            at = match.end()
        if finish > at:
            add(plain[at:finish], at, True)
        self.normalized = "".join(pieces)
        self._starts, self._segments = starts, segments

    def _nfc_offset(self, index: int) -> int:
        """Where character ``index`` of the normalised copy comes from in the NFC text."""
        segment = bisect.bisect_right(self._starts, index) - 1
        offset, copied = self._segments[segment]
        return offset + (index - self._starts[segment]) if copied else offset

    def find(self, excerpt: str) -> tuple[int, int] | None:
        """Offsets (start, end) in the NFC text of the first match, or ``None``."""
        found = self.find_all(excerpt, limit=1)
        return found[0] if found else None

    def find_all(self, excerpt: str, limit: int = 100) -> list[tuple[int, int]]:
        """Offsets (start, end) in the NFC text of every match (overlapping ones too),
        up to ``limit`` of them, in text order."""
        needle = normalize(excerpt)
        if not needle:
            return []
        out: list[tuple[int, int]] = []
        at = self.normalized.find(needle)
        while at >= 0 and len(out) < limit:
            out.append((self._nfc_offset(at), self._nfc_offset(at + len(needle) - 1) + 1))
            at = self.normalized.find(needle, at + 1)
        return out

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

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def paragraph_of(self, offset: int) -> int:
        """1-based number of the paragraph holding ``offset`` (0 if none does)."""
        number = bisect.bisect_right(self._paragraph_starts, offset)
        if number and offset < self.paragraphs[number - 1][1]:
            return number
        return 0

    def paragraph(self, number: int) -> str:
        """The text of paragraph ``number`` (1-based), or ``""``."""
        if not 1 <= number <= len(self.paragraphs):
            return ""
        start, end = self.paragraphs[number - 1]
        return self._nfc[start:end]

    @cached_property
    def quoted_by_paragraph(self) -> list[list[tuple[int, int]]]:
        """For each paragraph (index 0 is paragraph 1), the (start, end) of the inside
        of each quoted passage in it, by the rules of :func:`quoted_spans`."""
        return [quoted_spans(self._nfc[start:end], start) for start, end in self.paragraphs]

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Every quoted passage of the text, in text order (nested ones too)."""
        return [span for spans in self.quoted_by_paragraph for span in spans]

    def _quoted_near(self, offset: int) -> list[tuple[int, int]]:
        number = self.paragraph_of(offset)
        return self.quoted_by_paragraph[number - 1] if number else []

    def quoted_holding(self, start: int, end: int) -> tuple[int, int] | None:
        """The innermost quoted passage that holds ``text[start:end]`` whole, allowing
        only closing punctuation (``,.;:!?``) to stand outside its closing mark."""
        best: tuple[int, int] | None = None
        for qs, qe in self._quoted_near(start):
            if qs <= start and (end <= qe or not self._nfc[qe:end].strip(_CLOSING)):
                if best is None or qe - qs < best[1] - best[0]:
                    best = (qs, qe)
        return best

    def quoted_overlapping(self, start: int, end: int) -> tuple[int, int] | None:
        """The first quoted passage that shares any character with ``text[start:end]``."""
        for qs, qe in self._quoted_near(start):
            if qs < end and qe > start:
                return (qs, qe)
        return None

    def narration(self, number: int) -> str:
        """Paragraph ``number``'s text outside quotation marks (each quoted passage
        blanked), normalised: where a source attributes what it quotes."""
        if not 1 <= number <= len(self.paragraphs):
            return ""
        start, end = self.paragraphs[number - 1]
        pieces, at = [], start
        for qs, qe in merge_spans(self.quoted_by_paragraph[number - 1]):
            pieces.append(self._nfc[at:qs])
            at = max(at, qe)
        pieces.append(self._nfc[at:end])
        return normalize(" ".join(pieces))

    def closest(self, excerpt: str) -> str:
        """The passage of this text most like ``excerpt``, for an error message.

        Bounded at any size: a text longer than :data:`_SCAN_ALL` is first narrowed to
        the regions around the excerpt's rarest words (looked up in a word index built
        once per text), and only those regions, at most :data:`_REGION_BUDGET`
        characters, are compared (``rapidfuzz``'s best-matching window).
        """
        # Messages show the passage's start only, so its first words locate it well
        # enough, and comparing long windows costs time.
        needle = normalize(excerpt)[:_NEEDLE_MAX]
        hay = self.normalized
        if not needle or not hay:
            return ""
        regions = [(0, len(hay))] if len(hay) <= _SCAN_ALL else self._regions(needle)
        best: tuple[float, int, int] = (-1.0, 0, 0)
        for start, end in regions:
            found = fuzz.partial_ratio_alignment(needle, hay[start:end])
            if found is not None and found.score > best[0]:
                best = (found.score, start + found.dest_start, start + found.dest_end)
        return _to_word_bounds(hay, best[1], best[2]).strip()

    @cached_property
    def _words(self) -> dict[str, list[int]]:
        """Offsets in :attr:`normalized` of every word of three or more characters."""
        index: dict[str, list[int]] = {}
        for match in _WORD.finditer(self.normalized):
            index.setdefault(match.group(), []).append(match.start())
        return index

    def _regions(self, needle: str) -> list[tuple[int, int]]:
        """Merged spans of the text around the needle's rarest words, within budget."""
        hay, width = self.normalized, len(needle)
        words = sorted(
            {w for w in _WORD.findall(needle) if w in self._words},
            key=lambda w: (len(self._words[w]), -len(w), w),
        )
        spans: list[tuple[int, int]] = []
        budget = _REGION_BUDGET
        for word in words:
            for at in self._words[word][:_HITS_PER_WORD]:
                span = (max(0, at - width - 20), min(len(hay), at + width + 20))
                budget -= span[1] - span[0]
                if budget < 0:
                    break
                spans.append(span)
            if budget < 0:
                break
        return merge_spans(spans) or [(0, min(len(hay), 3 * width))]


#: Texts up to this many characters are searched whole for the closest passage.
_SCAN_ALL = 20_000
#: Characters compared, at most, to find one excerpt's closest passage in a long text.
_REGION_BUDGET = 40_000
#: Occurrences of one word looked at, at most (the rarest words come first).
_HITS_PER_WORD = 4
#: Only this many leading characters of an excerpt are used to find its closest passage.
_NEEDLE_MAX = 300
_WORD = re.compile(r"\w{3,}")


def _to_word_bounds(hay: str, start: int, end: int) -> str:
    """``hay[start:end]``, widened so it neither starts nor ends inside a word."""
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


# --- invisible and look-alike characters ---------------------------------------------

#: Letters of other scripts that look like Latin ones, and the Latin letter each mimics.
_LOOKALIKES = dict(
    zip(
        # Cyrillic
        "аеорсухѕіјԁһӏԛԝүАВЕКМНОРСТХЅІЈҮԚԜ"
        # Greek
        "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαινρυκϲϳ",
        "aeopcyxsijdhlqwyABEKMHOPCTXSIJYQWABEZHIKMNOPTYXoaivpukcj",
        strict=True,
    )
)
#: Characters that print as nothing (or as a blank) though they are not spaces.
_BLANKS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or char in _BLANKS


def _lookalike(char: str) -> str:
    """The ASCII letter ``char`` passes for, or ``""``."""
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    if not char.isascii():
        plain = unicodedata.normalize("NFKC", char)
        if len(plain) == 1 and plain.isascii() and plain.isalnum():
            return plain
    return ""


def _char_name(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")


def odd_characters(
    text: str, source: SourceText | None = None, where: Callable[[int], str] | None = None
) -> str:
    """A description of the invisible and look-alike characters in ``text`` (empty if
    it has none), for a message about text that was not found in ``source``.

    ``where(index)`` says where a character is (``"column 14"``); when ``source``
    holds the text with those characters removed or replaced by the Latin letters
    they pass for, the description says what the source has instead.
    """
    place = where or (lambda index: f"character {index + 1}")
    latin = any(c.isascii() and c.isalpha() for c in text)
    notes: list[tuple[int, str]] = []
    fixed: list[str] = []
    mimics: list[tuple[int, str, str]] = []
    for index, char in enumerate(text):
        if _invisible(char):
            notes.append((index, f"U+{ord(char):04X} {_char_name(char)} at {place(index)}"))
            continue
        plain = _lookalike(char) if latin else ""
        if plain:
            mimics.append((index, char, plain))
            fixed.append(plain)
        else:
            fixed.append(char)
    if not notes and not mimics:
        return ""
    in_source = source is not None and source.contains("".join(fixed))
    for index, char, plain in mimics:
        script = _char_name(char).split()[0].title()
        note = f"{script} '{char}' (U+{ord(char):04X}) at {place(index)}"
        if in_source:
            note += f" where the source has Latin '{plain}'"
        notes.append((index, note))
    return ", ".join(note for _, note in sorted(notes))


# --- quoted passages ---------------------------------------------------------------

#: Typographic double-quote openers and the marks that close each.
_DOUBLE_PAIRS = {"\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb"}
_DOUBLE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
#: Characters after which a single quotation mark may open a quoted passage.
_OPENERS = frozenset(' \t([{\u201c\u201e\u00ab"\u2014\u2013-/')
#: Punctuation that may close a quotation from outside its marks (``“No”.``).
_CLOSING = ",.;:!? "


def quoted_spans(paragraph: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the inside of each quoted passage of one paragraph, offset by
    ``base``, trimmed of surrounding spaces, in text order (nested ones too).

    The one scanner for every quotation convention sources use (the coverage report
    and the checks that a quote is a quotation both use it):

    * **Typographic double quotes**: ``“`` opens and ``”`` closes (also ``„`` … ``“``
      and ``«`` … ``»``).
    * **Straight double quotes**: ``"`` opens and the next ``"`` closes.
    * **Single quotes**, typographic (``‘`` … ``’``) or straight (``'`` … ``'``), only
      as a pair: the opening mark starts the paragraph or follows a space or opening
      punctuation and is followed by a non-space (so ``Moscow‘s`` or ``people's`` does
      not open); the first later mark of the same kind that follows a non-space and
      is not followed by a letter or digit closes it (so the apostrophe in
      ``Putin’s`` or ``union's`` does not).

    Each kind is scanned on its own, so one may nest inside another. A double-quoted
    passage still open at the end of the paragraph runs to its end (the news
    convention for a quotation continued in the next paragraph); a single one must
    close.
    """
    spans = (
        _double(paragraph) + _single(paragraph, "\u2018", "\u2019") + _single(paragraph, "'", "'")
    )
    out = []
    for start, end in sorted(set(spans)):
        inner = paragraph[start:end]
        stripped = inner.strip()
        if stripped:
            lead = len(inner) - len(inner.lstrip())
            out.append((base + start + lead, base + start + lead + len(stripped)))
    return out


def _double(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    typographic: tuple[int, str] | None = None  # (inner start, closing marks)
    straight: int | None = None
    for mark in _DOUBLE_MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if typographic is not None and char in typographic[1]:
            spans.append((typographic[0], index))
            typographic = None
        elif typographic is None and char in _DOUBLE_PAIRS:
            typographic = (index + 1, _DOUBLE_PAIRS[char])
        elif char == '"':
            if straight is None:
                straight = index + 1
            else:
                spans.append((straight, index))
                straight = None
    for still_open in (typographic[0] if typographic else None, straight):
        if still_open is not None:
            spans.append((still_open, len(text)))
    return spans


def _single(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    index = 0
    while True:
        start = text.find(opener, index)
        if start < 0:
            return spans
        index = start + 1
        before = text[start - 1] if start > 0 else " "
        after = text[start + 1] if start + 1 < len(text) else " "
        if before not in _OPENERS or after.isspace():
            continue
        close = start
        while True:
            close = text.find(closer, close + 1)
            if close < 0:
                break
            follows = text[close + 1] if close + 1 < len(text) else " "
            if not text[close - 1].isspace() and not follows.isalnum():
                spans.append((start + 1, close))
                index = close + 1
                break


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort (start, end) spans and merge those that overlap or touch."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
