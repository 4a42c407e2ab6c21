"""The Jinja2 environment: built once per process, shared by build and serve."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from ..schema import STATUSES
from .markup import attr, front_matter, md, relative, tag_list, url

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment shared by every page.

    Compiled templates are cached with it; Jinja checks each template file's
    modification time, so an edited template is recompiled (the live preview).
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=True,
        cache_size=-1,
        # Compiled templates are kept in the user's temporary folder between runs
        # (keyed by each template's checksum), so a build does not compile them anew.
        bytecode_cache=FileSystemBytecodeCache(),
        # "{#id}" is Markdown's heading-anchor syntax, so Jinja comments are {## ... ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(md=md, attr=attr, url=url, tags=tag_list)
    env.globals.update(front_matter=front_matter, relative=relative, statuses=STATUSES)
    return env
