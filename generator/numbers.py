"""The numbers a passage states, in any ordinary form, for checking a figure against it.

A claim's figure must appear in one of its cited excerpts (see
:func:`generator.validate.citations.check_figure_numbers`). Sources write numbers many
ways; each of these is read, and a figure matches a number if it equals any of the
readings:

* digits, grouped or not: ``10000``, ``10,000``, ``10 000`` (also with a thin or
  no-break space), ``10.000`` (read both as ten thousand, where the locale groups with
  dots, and as ten; ``10,000`` is only ten thousand); decimals ``2.5`` and ``2,5``;
  ordinals ``61st``; a range
  ``1950-1953`` is two numbers;
* a scale after digits: ``10k``, ``1.5 million``, ``$59 billion``, ``3bn`` (read both
  scaled and as written, since a figure may count in millions);
* words: ``ten thousand``, ``twenty-five``, ``two hundred and fifty``, ``a dozen``,
  ``half a million``; ordinals ``first`` to ``twentieth`` (``her second visit``);
  ``a`` or ``an`` before a unit of time (``almost a year``) is one;
* fractions: ``half``, ``a third``, ``a quarter``, read both as the fraction (0.5)
  and as a percentage (50).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .provenance import normalize

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    word: n
    for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(),
        1,
    )
}
_TIME_UNITS = frozenset("second minute hour day week fortnight month year decade century".split())
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25}
_DOZEN = 12

# Digits: grouped by one separator (1-3 digits, then groups of exactly three), or plain,
# then an optional decimal part, ordinal suffix, and scale word.
_DIGITS = re.compile(
    r"(?<![\w.,])"
    r"(?P<num>\d{1,3}(?P<sep>[,. \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?P<dec>[.,]\d+)?"
    r"(?:st|nd|rd|th)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Stated:
    """One number in a passage: as written, and every value it may be read as."""

    written: str
    values: frozenset[float]

    def matches(self, value: float) -> bool:
        return any(math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-9) for v in self.values)


def numbers_in(text: str) -> list[Stated]:
    """Every number ``text`` states, in text order (digits first, then words)."""
    text = normalize(text)
    found = [_from_digits(m) for m in _DIGITS.finditer(text)]
    found += _from_words(text)
    return found


def states(text: str, value: float) -> bool:
    """Whether ``text`` states ``value`` in any ordinary form."""
    return any(n.matches(value) for n in numbers_in(text))


def _from_digits(match: re.Match[str]) -> Stated:
    num, sep, dec = match.group("num"), match.group("sep"), match.group("dec")
    readings: set[float] = set()
    if sep:
        readings.add(float(num.replace(sep, "")))
        if sep == "." and num.count(".") == 1:  # 10.000: ten thousand, or ten
            readings.add(float(num))
    else:
        readings.add(float(num))
    if dec:  # 2.5, 2,5, 10,000.5
        readings = {r + float("0." + dec[1:]) for r in readings if r.is_integer()}
    scale_word = (match.group("scale") or "").lower()
    scale = _SCALES.get(scale_word) or _SHORT_SCALES.get(scale_word)
    if scale:
        readings |= {r * scale for r in readings}
    written = match.group(0).rstrip()
    return Stated(written, frozenset(readings))


def _from_words(text: str) -> list[Stated]:
    """Numbers written in words: runs of number words (``two hundred and fifty``)."""
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    out: list[Stated] = []
    i = 0
    while i < len(words):
        parsed = _parse_run(words, i, text)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        readings = {float(value)}
        if words[j - 1][2] in _FRACTIONS:  # 'half' of a share is also 50 percent
            readings.add(value * 100)
        out.append(Stated(text[words[i][0] : words[j - 1][1]], frozenset(readings)))
        i = j
    return out


def _parse_run(words: list[tuple[int, int, str]], i: int, text: str) -> tuple[float, int] | None:
    """The number a run of words starting at ``words[i]`` states, and where it ends."""
    word = words[i][2]
    nxt = words[i + 1][2] if i + 1 < len(words) else ""
    # 'a dozen', 'a hundred', 'a thousand', 'a third', 'half a million'
    if word in ("a", "an") and (nxt == "dozen" or nxt == "hundred" or nxt in _SCALES):
        start_value: float = _DOZEN if nxt == "dozen" else 1
        if nxt == "dozen":
            return float(_DOZEN), i + 2
        return _continue(words, i + 1, text, 0, start_value)
    if word in ("a", "an") and nxt in _TIME_UNITS:
        return 1.0, i + 2
    if word in ("a", "one") and nxt in _FRACTIONS:
        return _FRACTIONS[nxt], i + 2
    if word == "half":
        after = words[i + 2][2] if i + 2 < len(words) else ""
        if nxt == "a" and after in _SCALES:
            return 0.5 * _SCALES[after], i + 3
        return 0.5, i + 1
    if word == "dozen":
        return float(_DOZEN), i + 1
    if word in _ORDINALS:
        return float(_ORDINALS[word]), i + 1
    if word not in _UNITS:
        return None
    return _continue(words, i, text, 0, 0)


def _continue(
    words: list[tuple[int, int, str]], i: int, text: str, total: float, current: float
) -> tuple[float, int]:
    """Read number words from ``words[i]`` on, joined by spaces, hyphens or 'and'."""
    j = i
    while j < len(words):
        word = words[j][2]
        if j > i:
            gap = text[words[j - 1][1] : words[j][0]]
            if gap not in (" ", "-"):
                break
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word == "and" and j + 1 < len(words) and words[j + 1][2] in _UNITS and j > i:
            pass
        else:
            break
        j += 1
    return total + current, j
