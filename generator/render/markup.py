"""Text into Markdown, safely: the filters every template uses.

Templates never see raw editor text unescaped: the ``md`` filter makes text literal
in Markdown, ``attr`` escapes for HTML attributes, ``front_matter`` for the page's
YAML header, and ``url`` builds a relative link from the page being rendered to any
record or citation.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context

from ..model import Citation, Record

#: Characters with meaning in Markdown or its extensions, written as entities so a
#: text shows literally whatever it holds (HTML, link syntax, table pipes, Jinja).
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_[]#|{}~^=<>+!$:"}
_MD_SPECIAL["&"] = "&amp;"
_MD_TABLE = str.maketrans(_MD_SPECIAL)
_LEADING_LIST = re.compile(r"^(\d+)([.)])")
_SPACE = re.compile(r"\s+")


def _escape(text: str) -> str:
    return _SPACE.sub(" ", text).translate(_MD_TABLE)


def md(text: Any) -> str:
    """Inline Markdown that displays ``text`` literally, on one line."""
    return _md(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=1 << 16)
def _md(text: str) -> str:
    # A record's text shows on several pages (its list, its actor's, its source's): the
    # escaping is done once per text.
    out = " ".join(text.split()).translate(_MD_TABLE)
    first = out[:1]
    if first and first in "-+>":
        out = f"&#{ord(first)};" + out[1:]
    elif first.isdigit():
        out = _LEADING_LIST.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", out)
    return out


def attr(text: Any) -> str:
    """Escape for a double-quoted HTML attribute that sits inside Markdown.

    Entities keep both the HTML parser and the Markdown parser from seeing syntax.
    """
    return _escape(str(text).strip()).replace('"', "&quot;").replace("'", "&#39;")


def front_matter(**values: Any) -> str:
    """YAML front matter; values are written as JSON, which YAML reads back exactly.

    Material inserts page titles, descriptions and tags into the HTML without
    escaping, so text values are HTML-escaped here.
    """
    lines = ["---", 'hide: ["navigation"]']
    for key, value in values.items():
        if value in (None, "", []):
            continue
        if isinstance(value, str):
            value = html.escape(_SPACE.sub(" ", value).strip(), quote=True)
        elif isinstance(value, list):
            value = [html.escape(v, quote=True) if isinstance(v, str) else v for v in value]
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one Markdown page to another (and an anchor in it)."""
    target = "" if to_page == from_page else _relpath(to_page, from_page.rpartition("/")[0])
    return target + (f"#{anchor}" if anchor else "") or "#"


@functools.lru_cache(maxsize=1 << 18)
def _relpath(to_page: str, from_dir: str) -> str:
    # Every page links to many records on a few pages: cache the path arithmetic.
    return posixpath.relpath(to_page, from_dir or ".")


@pass_context
def url(context: Any, target: Record | Citation, anchor: str | None = None) -> str:
    """Relative link from the page being rendered to a record (or a citation)."""
    page = str(context["page"])
    if isinstance(target, Citation):
        return relative(page, target.source.page, target.anchor)
    return relative(page, target.page, target.anchor if anchor is None else anchor)


def tag_list(tags: Iterable[str]) -> str:
    return ", ".join(md(t) for t in tags)


def _page_url(page: str) -> str:
    """Where MkDocs puts a page (``use_directory_urls``): ``a/b.md`` -> ``a/b/``."""
    if page == "index.md" or page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def html_href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one page to another as the built site has them, for raw HTML.

    MkDocs rewrites ``.md`` links in Markdown, not in raw HTML such as the inline SVG
    pictures; these links are made here for ``use_directory_urls: true`` (mkdocs.yml),
    and the link checker (tests/test_links.py) follows them like every other.
    """
    here, there = _page_url(from_page), _page_url(to_page)
    if here == there:
        target = ""
    else:
        target = posixpath.relpath(there or ".", here.rstrip("/") or ".")
        target = "" if target == "." else target + "/"
        target = target or "./"
    return target + (f"#{anchor}" if anchor else "") or "./"
