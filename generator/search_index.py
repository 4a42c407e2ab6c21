"""Search records, one per section of a page, and Pagefind's index of them.

A reader's query should find the record itself (a claim, a quote, an event, a figure
group, a topic, an actor page's top), not the page that holds it, so each page is cut at
its headings that have an id and every section is a search record whose URL is the
page's URL with that anchor (``sections``). The site's own index
(:mod:`generator.search_shards`) is built from these records; so is Pagefind's, which
``BRIEFING_SEARCH=pagefind`` builds instead (the engine scripts/search_weight.py compares
with the site's own): each section is given to Pagefind as a document of its own.

The template attributes Pagefind knows keep working inside a section (for example
``data-pagefind-weight`` and ``data-pagefind-meta="aliases"`` on an actor's other
spellings). Each record carries its page's title as metadata (``page``, which the search
worker shows above the record and does not rank by). A record's file in the scratch
folder Pagefind indexes is named after its URL (``claims/~claim-x.html`` for
``claims/#claim-x``; see ``record_path``), which the worker turns back into the link.
Pagefind writes the same bytes for the same records, so two builds stay identical.

Runs inside the staging site folder, before it is swapped in (``site.py``); a failure
raises ``BuildFailed`` and the last good site stays.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import BuildFailed

#: Where the index goes, inside the site folder (the search worker loads it from here).
BUNDLE = "pagefind"
#: The Pagefind search worker (site_config/docs/javascripts/), told where the index's parts are.
WORKER = "javascripts/pagefind-worker.js"

#: Material's article body: one per page.
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(?P<body>.*?)</article>', re.DOTALL)
#: A heading with an id: where a section (a record) starts.
_HEADING = re.compile(
    r'<h(?P<level>[1-6])\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>(?P<inner>.*?)</h(?P=level)>',
    re.DOTALL,
)
#: Theme furniture inside the article that is not part of what the page says.
_FURNITURE = re.compile(
    r'<a [^>]*class="(?:headerlink|md-content__button[^"]*)"[^>]*>.*?</a>', re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")
#: A section that opens with a quotation (a quote record) is titled by what it quotes,
#: which is what a reader remembers and types, not its heading (a date, a channel).
_QUOTE_FIRST = re.compile(r"\s*<blockquote>(.*?)</blockquote>", re.DOTALL)
#: A heading so marked starts a section that only lists records found elsewhere (an
#: actor's quotes, a source's claims): it is not a search record of its own.
_IGNORED = 'data-pagefind-ignore="section"'
_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')

#: Pages that only list what other pages say (Material's tags index, the 404 page), as
#: the hosted site and the offline edition (whose pages are files) name them.
SKIP = ("404.html", "tags/index.html", "tags.html")
#: A page that repeats records shown elsewhere (the print page) carries this mark: it
#: is no search result, so a search lands on each record's own page.
EXCLUDE_PAGE = 'data-search-exclude-page=""'


@dataclass(frozen=True)
class Section:
    """One search record: a page's text from one heading with an id to the next."""

    url: str  # site-relative, e.g. "claims/#claim-x" or "actors/x/"
    title: str
    page: str  # the page's own title
    html: str  # the section's HTML, heading included
    lang: str


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def page_url(path: str) -> str:
    """The URL Pagefind would give this file (``x/index.html`` -> ``x/``)."""
    return path.removesuffix("index.html")


def pages(site: Path) -> Iterator[tuple[str, Path]]:
    """Every page of the built site that may hold search records (its path in the site,
    its file), in path order."""
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel not in SKIP and not rel.startswith(BUNDLE + "/"):
            yield rel, file


def sections(site: Path) -> Iterator[Section]:
    """Every search record of the built site, page by page in path order."""
    for rel, file in pages(site):
        yield from page_sections(rel, file.read_text("utf-8"))


def page_sections(rel: str, source: str) -> Iterator[Section]:
    """The sections of one page (``rel`` is its path in the site)."""
    article = _ARTICLE.search(source)
    if article is None or EXCLUDE_PAGE in article.group("body"):
        return
    lang_match = _LANG.search(source)
    lang = lang_match.group(1) if lang_match else "en"
    body = _FURNITURE.sub("", article.group("body"))
    heads = list(_HEADING.finditer(body))
    if not heads:
        return
    page_title = text_of(heads[0].group("inner"))
    url = page_url(rel)
    for i, head in enumerate(heads):
        if _IGNORED in head.group(0):
            continue
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        start = 0 if i == 0 else head.start()  # the page's top keeps what precedes its h1
        anchor = "" if i == 0 else "#" + head.group("id")
        quoted = _QUOTE_FIRST.match(body, head.end())
        yield Section(
            url=url + anchor,
            title=text_of(quoted.group(1) if quoted else head.group("inner")),
            page=page_title,
            html=body[start:end],
            lang=lang,
        )


def record_path(section: Section) -> str:
    """Where a record's document goes in the scratch folder, so that Pagefind's URL for it
    says where it is: a page's top at the page's own path ("claims/index.html", URL
    "/claims/"), a section at "<page URL>~<id>.html" (the worker reads "~" as "#")."""
    page, _, anchor = section.url.partition("#")
    if not anchor:
        return page + "index.html" if page.endswith("/") or not page else page
    return f"{page}~{quote(anchor, safe='')}.html"


def record_html(section: Section) -> str:
    """The document Pagefind indexes for a section: its title as the h1, then its text."""
    first_heading = _HEADING.search(section.html)
    rest = section.html[first_heading.end() :] if first_heading else section.html
    if _QUOTE_FIRST.match(rest):  # a quote record: say so (see _QUOTE_FIRST)
        rest = rest.replace("<blockquote>", '<blockquote data-pagefind-meta="quote">', 1)
    before = section.html[: first_heading.start()] if first_heading else ""
    # Pagefind splits a word at a typographic apostrophe ("Moscow’s" is "moscow" and "s",
    # and counts the title match twice); the typed apostrophe keeps it one word.
    rest = rest.replace("\u2019", "'")
    title = section.title.replace("\u2019", "'")
    return (
        f'<!DOCTYPE html><html lang="{html.escape(section.lang)}"><head>'
        f"<title>{html.escape(title)}</title></head><body>"
        f'<span data-pagefind-meta="page:{html.escape(section.page)}"></span>'
        f"{before}<h1>{html.escape(title)}</h1>{rest}</body></html>"
    )


def _write_index(site: Path, records: list[Section]) -> None:
    """Write each record as a small HTML file into a scratch folder; index it with the
    Pagefind binary (shipped inside the ``pagefind-bin`` wheel) into ``site``."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix=".search-records-", dir=site.parent) as scratch:
        root = Path(scratch)
        for section in records:
            path = root / record_path(section)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(section), "utf-8")
        done = subprocess.run(
            [str(get_executable()), "--site", str(root), "--output-path", str(site / BUNDLE)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if done.returncode != 0:
        raise BuildFailed(
            "the search index could not be built: Pagefind said: "
            + (done.stderr or done.stdout).strip()[-2000:]
        )


# --- Shorter record names ------------------------------------------------------------
#
# Pagefind's metadata file (``pagefind.<hash>.pf_meta``), which a phone loads whole before
# its first answer, holds one entry per record: the name of the record's fragment file
# (a 7-digit hex content hash, e.g. "en_3b1b5d5") and its word count. Random hex does not
# compress: at a hundred times this briefing those names were most of the bytes loaded
# before a first answer. ``compact`` renames the fragments "<tag><n>" (``n`` counting in
# base 36, ``tag`` a short digest of the whole index, so a browser's cached fragment of an
# earlier build is never taken for this build's), rewrites the metadata with those names
# and points the entry file at it. Nothing else refers to a fragment by name: the index
# chunks, filters and sorts name records by their position in that list, which stays.
# The metadata is CBOR behind a "pagefind_dcd" signature, gzip-compressed (Pagefind 1.5's
# index_metadata.rs: [version, [[name, word count]...], chunks, filters, sorts, fields]);
# ``_cbor``/``_uncbor`` read and write the few CBOR types it uses.

_SIGNATURE = b"pagefind_dcd"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _uncbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """The CBOR value at ``data[at:]`` (unsigned ints, byte and text strings, arrays) and
    where it ends."""
    first = data[at]
    major, extra = first >> 5, first & 31
    at += 1
    if extra < 24:
        value = extra
    elif extra <= 27:
        width = 1 << (extra - 24)
        value = int.from_bytes(data[at : at + width], "big")
        at += width
    else:
        raise ValueError(f"unexpected CBOR item {first:#04x} at byte {at - 1}")
    if major == 0:
        return value, at
    if major in (2, 3):
        raw = data[at : at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _uncbor(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unexpected CBOR type {major} at byte {at - 1}")


def _cbor(value: Any) -> bytes:
    """``value`` in CBOR's shortest form (what Pagefind's minicbor writes)."""

    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | extra]) + struct.pack(fmt, n)
        raise ValueError(f"{n} is too large for CBOR")

    if isinstance(value, bool) or not isinstance(value, (int, str, bytes, list)):
        raise TypeError(f"cannot write {value!r} as CBOR here")
    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    return head(4, len(value)) + b"".join(_cbor(v) for v in value)


def _base36(n: int) -> str:
    out = ""
    while True:
        n, digit = divmod(n, 36)
        out = _DIGITS[digit] + out
        if not n:
            return out


def read_meta(path: Path) -> list[Any]:
    """A Pagefind metadata file, decoded."""
    raw = path.read_bytes()
    if not raw.startswith(_SIGNATURE):
        raw = gzip.decompress(raw)
    if not raw.startswith(_SIGNATURE):
        raise ValueError(f"{path.name} is not Pagefind metadata (no signature)")
    meta, end = _uncbor(raw, len(_SIGNATURE))
    if end != len(raw) or not (isinstance(meta, list) and len(meta) >= 2):
        raise ValueError(f"{path.name} is not Pagefind metadata of a known form")
    return meta


def compact(bundle: Path) -> None:
    """Rename every record's fragment in ``bundle`` short (see above), in place."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for lang, index in entry["languages"].items():
        meta_path = bundle / f"pagefind.{index['hash']}.pf_meta"
        meta = read_meta(meta_path)
        pages = meta[1]
        tag = hashlib.sha256(meta_path.read_bytes()).hexdigest()[:4]
        shorts: dict[str, str] = {}  # two records of the same text share a fragment
        for name, _ in pages:
            if name not in shorts:
                shorts[name] = short = f"{tag}{_base36(len(shorts))}"
                fragments = bundle / "fragment"
                (fragments / f"{name}.pf_fragment").rename(fragments / f"{short}.pf_fragment")
        meta[1] = [[shorts[name], words] for name, words in pages]
        body = _SIGNATURE + _cbor(meta)
        digest = hashlib.sha256(body).hexdigest()[:10]
        new_hash = f"{lang}_{digest}"
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(
            gzip.compress(body, compresslevel=9, mtime=0)
        )
        meta_path.unlink()
        index["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


#: The engines a build can search with (mkdocs.yml's ``extra.search_engine``).
ENGINES = ("own", "pagefind", "lunr")


def offline(cfg: Any) -> bool:
    """Whether a loaded MkDocs configuration builds the offline edition."""
    for name in ("material/offline", "offline"):
        plugin = cfg["plugins"].get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            return True
    return False


def engine(cfg: Any) -> str:
    """The search engine a loaded MkDocs configuration builds for: "own" (the briefing's
    own index, generator/search_shards.py), or what ``extra.search_engine`` names:
    "pagefind", or "lunr" (Material's own). The offline edition cannot fetch Pagefind's
    index from file://, so it searches with its own index unless told lunr.
    site_config/overrides/partials/search-engine.html decides the same way."""
    wanted = cfg["extra"].get("search_engine") or "own"
    if wanted not in ENGINES:
        raise BuildFailed(
            f"mkdocs.yml: extra.search_engine is {wanted!r}; use one of {', '.join(ENGINES)}"
        )
    return "own" if wanted == "pagefind" and offline(cfg) else wanted


def build_index(site: Path) -> int:
    """Write the Pagefind bundle into ``site``; return how many records it holds."""
    records = list(sections(site))
    try:
        _write_index(site, records)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildFailed(f"the search index could not be built: {exc}") from exc
    entry = site / BUNDLE / "pagefind-entry.json"
    if not entry.is_file():
        raise BuildFailed("the search index could not be built: Pagefind wrote no entry file")
    try:
        compact(site / BUNDLE)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise BuildFailed(f"the search index could not be shortened: {exc}") from exc
    worker = site / WORKER
    if worker.is_file():  # saves the worker a round trip before it can fetch the index
        text = worker.read_text("utf-8")
        worker.write_text(
            text.replace("const ENTRY = null;", f"const ENTRY = {entry.read_text('utf-8')};"),
            "utf-8",
        )
    return len(records)
