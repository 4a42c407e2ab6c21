""" "Cite this": a ready citation of a page or a record, as plain text and BibTeX.

A citation names what is cited, the briefing, its as-of and build dates and the
permanent address (absolute when ``site_url`` is set). :func:`block` writes it as a
``<details>`` element any reader can open, with copy buttons that
``site_config/docs/javascripts/cite.js`` wires up (hidden without JavaScript); the
citation itself needs no script. Records ask for theirs with a marker the
``cite_slot`` macro writes (``<div class="cite-slot" data-cite="claim:ID"></div>``),
which the MkDocs plugin replaces after the page is rendered, when the address is known.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from ..model import Briefing, Record
from ..model.records import clip
from .feed import headline

SLOT = re.compile(r'<div class="cite-slot" data-cite="([a-z]+:[a-z0-9-]+)"></div>')
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _day(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def what(record: Record) -> str:
    """How a citation names a record: its kind and its words, shortened."""
    return f"{record.record_kind.capitalize()}: {clip(headline(record), 140)}"


def plain(b: Briefing, title: str, url: str, built: dt.date) -> str:
    return (
        f"“{title}”. In: {b.title} (briefing, as of {b.as_of.label()}; built {_day(built)}). {url}"
    )


def _bib(text: str) -> str:
    """Text safe in a braced BibTeX field: LaTeX's special characters escaped."""
    return "".join(_BIBTEX.get(c, c) for c in " ".join(text.split()))


def bibtex(b: Briefing, key: str, title: str, url: str, built: dt.date) -> str:
    fields = [
        ("title", _bib(title)),
        ("howpublished", _bib(f"{b.title} (briefing, as of {b.as_of.label()})")),
        ("year", str(built.year)),
        ("month", built.strftime("%b").lower()),
        ("note", _bib(f"As of {b.as_of.label()}; built {_day(built)}")),
        ("url", url),
        ("urldate", built.isoformat()),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def block(b: Briefing, key: str, title: str, url: str, built: dt.date, label: str) -> str:
    """The "Cite this" element; ``key`` makes its ids (unique on the page)."""
    e = html.escape
    text_id, bib_id = f"cite-{key}-text", f"cite-{key}-bibtex"
    # The address in a span cite.js can make absolute (it is relative without site_url).
    mark = "\x00"
    span = f'<span class="cite-url" data-href="{e(url)}">{e(url)}</span>'
    text = e(plain(b, title, mark, built)).replace(mark, span)
    bib = e(bibtex(b, key, title, mark, built)).replace(mark, span)
    return (
        f'<details class="cite" data-pagefind-ignore="all"><summary>Cite this {e(label)}</summary>'
        f'<p class="cite-text" id="{text_id}">{text}</p>'
        f'<button type="button" class="md-button cite-copy" data-copy="{text_id}">Copy</button>'
        f'<pre class="cite-bibtex"><code id="{bib_id}">{bib}</code></pre>'
        f'<button type="button" class="md-button cite-copy" data-copy="{bib_id}">'
        "Copy BibTeX</button></details>"
    )


def record_block(b: Briefing, record: Record, url: str, built: dt.date) -> str:
    """A record's link (always visible, a plain link a keyboard reaches) and citation."""
    anchor = record.anchor or record.record_kind
    key = re.sub(r"[^a-z0-9-]", "-", f"{record.record_kind}-{record.id}")
    link = (
        f'<a class="record-link" href="#{html.escape(anchor)}">'
        f"Link to this {html.escape(record.record_kind)}</a>"
        if record.anchor
        else ""
    )
    cite = block(b, key, what(record), url, built, record.record_kind)
    return f'<div class="record-tools">{link}{cite}</div>'
