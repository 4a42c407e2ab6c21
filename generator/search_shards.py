"""The briefing's own search index: small files a phone fetches only as a query needs them.

Why not Pagefind or Material's lunr (measured in BENCHMARKS.md): lunr loads one index of
the whole site before its first answer (2.6 MB at a hundred times this briefing); Pagefind
loads little, but scores every record holding a word at query time, which for a word in
12,000 of 29,000 records took 3.1 s on a throttled phone ("North Korean troops": 8.8 s), and
it cannot read its index from ``file://``, so the offline edition searched with lunr. This
index does the scoring at build time and is read the same way online and offline.

What the build writes into ``<site>/search-index/<tag>/`` (``tag``: a digest of the whole
index, so that a browser never mixes two builds' files):

- ``u<n>.json``: a slice of the vocabulary in sorted order, each word (its stem, see
  ``stem``) with its postings ``[gap, impact, gap, impact, ...]``: the record numbers in
  ascending order as gaps from the previous one, and for each the word's score in that
  record (BM25 over the record's text plus the weight of each name field it is in: title,
  aliases, figures, outlet; times the word's rarity), stored as a byte on a log scale
  (``impact``, ``MAX`` in the manifest decodes it);
- ``p<n>.json``: the same for the pairs of adjacent words (``"north korean"``), gaps only:
  whether a record has the words typed as a phrase;
- ``r/<n>.json``: what a result shows and is re-ranked by: URL, title, page title, names,
  outlet, figures, whether it is a quote, and its text (for the excerpt).

The manifest (the first word or pair of each slice, the record count, the build tag) is
small and is written into the search worker itself (``const INDEX = null;``), so the first
key needs no round trip to find where a word is. The offline edition writes each file as
a script (``.js``, calling ``__searchData(name, data)``), which a page opened from
``file://`` can load where it cannot fetch.

The worker (``site_config/docs/javascripts/search-worker.js``) normalises and stems the
query with the same rules as ``tokens`` here; tests/test_search_shards.py holds the two
to the same answers.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed
from .search_index import _HEADING, _QUOTE_FIRST, Section, page_sections, pages, text_of

#: Where the index goes, inside the site folder.
FOLDER = "search-index"
#: The search worker (site_config/docs/javascripts/) and its line the build replaces with
#: the manifest (a rebuild, as the live preview's, replaces the manifest there).
WORKER = "javascripts/search-worker.js"
PLACEHOLDER = "const INDEX = null;"
_MANIFEST_LINE = re.compile(r"^const INDEX = .*;$", re.MULTILINE)

#: Weight of a word found in each name field, in units of a word of the text (see
#: ``score``): every name an actor goes by and the outlet of a source weigh most, so a
#: spelling or an outlet finds its page; the numbers a figure group compares like a name.
FIELDS = {"title": 5.0, "aliases": 10.0, "figures": 10.0, "outlet": 20.0}
#: BM25's saturation and length normalisation for the text itself.
K1 = 1.2
B = 0.3
#: Target size of a slice of postings, in characters of JSON: small enough that a query
#: fetches few bytes it does not need, large enough that the manifest stays short. A word
#: with more postings than this is a slice of its own.
SLICE = 16_000
#: How much of a record's text its result file keeps (the excerpt is cut from it).
TEXT_CHARS = 1_500

_NAME_META = re.compile(r'data-pagefind-meta="(aliases|outlet|figures):([^"]*)"')
_IGNORE_OPEN = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b(?!=\"section\")[^>]*>")
#: A table's column names, and the same names repeated in each cell for the phone's card
#: layout: labels, not what the record says (they filled its excerpts: "Estimate What
#: exactly Claimed by As of Status 3,000 troops").
_LABELS = re.compile(r'<thead>.*?</thead>|<span class="cell-label">[^<]*</span>', re.DOTALL)
#: A number's thousands separators ("10,000", "10 000", "10.000" -> "10000").
_THOUSANDS = re.compile(r"(\d)[\s,.'\u2019\u00a0\u202f](?=\d{3}(?!\d))")
_WORD = re.compile(r"[^\W_]+")


def normal(text: str) -> str:
    """``text`` as the index reads it: accents off, lower case, numbers joined."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _THOUSANDS.sub(r"\1", bare.lower())


def stem(word: str) -> str:
    """A plural's singular, roughly (Harman's S-stemmer): "troops" and "troop" are one
    word, "casualties" and "casualty" too. Numbers and short words stay as they are."""
    if len(word) < 4 or not word.endswith("s") or word.isdigit():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("us", "ss", "is")):
        return word
    return word[:-1]


def tokens(text: str) -> list[str]:
    """The words of ``text``, normalised and stemmed, in order."""
    return [stem(w) for w in _WORD.findall(normal(text))]


def _without_ignored(fragment: str) -> str:
    """``fragment`` without the elements marked ``data-pagefind-ignore`` (furniture such
    as the claim filters, a chart's picture), however deeply they nest."""
    out = []
    at = 0
    while (start := _IGNORE_OPEN.search(fragment, at)) is not None:
        out.append(fragment[at : start.start()])
        name = start.group(1)
        tag = re.compile(rf"<(/?){name}\b[^>]*>", re.IGNORECASE)
        depth = 1
        pos = start.end()
        while depth and (m := tag.search(fragment, pos)) is not None:
            depth += -1 if m.group(1) else 1
            pos = m.end()
        at = pos if depth == 0 else len(fragment)
    out.append(fragment[at:])
    return "".join(out)


@dataclass(frozen=True)
class Record:
    """One search result: a section of a page and the words it is found by."""

    url: str
    title: str
    page: str
    text: str
    names: dict[str, list[str]]  # field -> values (aliases, outlet, figures)
    quote: bool

    def fields(self) -> dict[str, list[str]]:
        """Each name field's words (stems), the title's among them."""
        out = {"title": tokens(self.title)}
        for field, values in self.names.items():
            out[field] = [t for v in values for t in tokens(v)]
        return out

    def data(self) -> dict[str, object]:
        """What the record's result file holds (see the module's docstring)."""
        out: dict[str, object] = {"u": self.url, "t": self.title, "p": self.page}
        if self.names.get("aliases"):
            out["n"] = self.names["aliases"]
        if self.names.get("outlet"):
            out["o"] = self.names["outlet"][0]
        if self.names.get("figures"):
            out["f"] = ", ".join(self.names["figures"])
        if self.quote:
            out["q"] = 1
        out["x"] = self.text[:TEXT_CHARS]
        return out


def record(section: Section) -> Record:
    """A section of a page as a search record."""
    head = _HEADING.search(section.html)  # the heading that starts it (as record_html cuts)
    rest = section.html[head.end() :] if head else section.html
    names: dict[str, list[str]] = {}
    for field, value in _NAME_META.findall(rest):
        parts = [p.strip() for p in html.unescape(value).split(", ")]
        names.setdefault(field, []).extend(p for p in parts if p)
    body = text_of(_LABELS.sub(" ", _without_ignored(rest)))
    return Record(
        url=section.url,
        title=section.title,
        page=section.page,
        text=body,
        names=names,
        quote=_QUOTE_FIRST.match(rest) is not None,
    )


@dataclass
class Index:
    """The postings of every word and every pair of adjacent words."""

    records: list[Record]
    words: dict[str, dict[int, float]]  # stem -> record number -> score
    pairs: dict[str, list[int]]  # "stem stem" -> record numbers, ascending


def score(records: list[Record]) -> Index:
    """Every word's score in every record that has it: BM25 of its count in the record's
    text (the title counted as text too), plus ``FIELDS[f]`` for each name field ``f``
    that has it, times the word's rarity (BM25's idf)."""
    texts = [tokens(r.title) + tokens(r.text) for r in records]
    average = sum(map(len, texts)) / max(1, len(texts))
    found: dict[str, dict[int, float]] = {}
    pairs: dict[str, list[int]] = {}
    for n, (rec, text) in enumerate(zip(records, texts, strict=True)):
        counts = Counter(text)
        norm = K1 * (1 - B + B * len(text) / max(average, 1.0))
        fields = rec.fields()
        named: dict[str, float] = {}
        for field, words in fields.items():
            for word in set(words):
                named[word] = named.get(word, 0.0) + FIELDS[field]
        for word in counts.keys() | named.keys():
            tf = counts.get(word, 0)
            value = tf * (K1 + 1) / (tf + norm) if tf else 0.0
            found.setdefault(word, {})[n] = value + named.get(word, 0.0)
        for pair in {f"{a} {b}" for a, b in zip(text, text[1:], strict=False)}:
            pairs.setdefault(pair, []).append(n)
    total = len(records)
    for postings in found.values():
        idf = math.log(1 + (total - len(postings) + 0.5) / (len(postings) + 0.5))
        for n in postings:
            postings[n] *= idf
    return Index(records, found, pairs)


def _gaps(numbers: Iterable[int]) -> list[int]:
    out, last = [], 0
    for n in numbers:
        out.append(n - last)
        last = n
    return out


def _slices(entries: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Consecutive runs of (key, JSON) entries of about ``SLICE`` characters each."""
    out: list[list[tuple[str, str]]] = []
    size = SLICE
    for key, text in entries:
        if size + len(text) > SLICE and (not out or out[-1]):
            out.append([])
            size = 0
        out[-1].append((key, text))
        size += len(text) + len(key) + 4
    return [s for s in out if s]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write(site: Path, index: Index, *, scripts: bool = False) -> dict[str, object]:
    """Write ``index`` into ``site/search-index/<tag>/`` (JSON, or scripts for the
    offline edition); return its manifest."""
    top = max((v for p in index.words.values() for v in p.values()), default=1.0)
    scale = math.log1p(top)

    def byte(value: float) -> int:
        return max(1, round(255 * math.log1p(value) / scale))

    words = []
    for word in sorted(index.words):
        postings = index.words[word]
        ids = sorted(postings)
        flat = [x for n, g in zip(ids, _gaps(ids), strict=True) for x in (g, byte(postings[n]))]
        words.append((word, _dumps(flat)))
    pairs = [(p, _dumps(_gaps(index.pairs[p]))) for p in sorted(index.pairs)]
    files: dict[str, str] = {}
    firsts: dict[str, list[str]] = {"u": [], "p": []}
    for kind, entries in (("u", words), ("p", pairs)):
        for i, part in enumerate(_slices(entries)):
            firsts[kind].append(part[0][0])
            files[f"{kind}{i}"] = "{" + ",".join(f"{_dumps(k)}:{v}" for k, v in part) + "}"
    for i, rec in enumerate(index.records):
        files[f"r/{i}"] = _dumps(rec.data())
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    tag = digest.hexdigest()[:8]
    root = site / FOLDER
    shutil.rmtree(root, ignore_errors=True)
    (root / tag / "r").mkdir(parents=True)
    for name, text in files.items():
        if scripts:
            (root / tag / f"{name}.js").write_text(
                f"__searchData({_dumps(name)},{text});\n", "utf-8"
            )
        else:
            (root / tag / f"{name}.json").write_text(text, "utf-8")
    return {
        "tag": tag,
        "records": len(index.records),
        "max": round(scale, 6),
        "u": firsts["u"],
        "p": firsts["p"],
        "js": scripts,
    }


#: A page's records as last read: its path -> ((modification time, size), records).
Cache = dict[str, tuple[tuple[int, int], list[Record]]]


def records_of(site: Path, cache: Cache | None = None) -> list[Record]:
    """Every search record of the built ``site``; with ``cache`` (the live preview's),
    only the pages changed since it was filled are read again."""
    out: list[Record] = []
    for rel, file in pages(site):
        stat = file.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = cache.get(rel) if cache is not None else None
        if known is not None and known[0] == stamp:
            found = known[1]
        else:
            found = [record(s) for s in page_sections(rel, file.read_text("utf-8"))]
            if cache is not None:
                cache[rel] = (stamp, found)
        out += found
    return out


def build(site: Path, *, scripts: bool = False, cache: Cache | None = None) -> int:
    """Index the built ``site`` and point its search worker at the index; return the
    number of records. A failure raises ``BuildFailed`` (the last good site stays)."""
    try:
        records = records_of(site, cache)
        manifest = write(site, score(records), scripts=scripts)
        worker = site / WORKER
        text = worker.read_text("utf-8")
        if not _MANIFEST_LINE.search(text):
            raise BuildFailed(f"the search worker {WORKER} has no line {PLACEHOLDER!r}")
        line = f"const INDEX = {_dumps(manifest)};"
        worker.write_text(_MANIFEST_LINE.sub(lambda _: line, text, count=1), "utf-8")
    except OSError as exc:
        raise BuildFailed(f"the search index could not be written: {exc}") from exc
    return len(records)
