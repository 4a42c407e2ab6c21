"""Render the model into Markdown pages: the *render* stage.

:mod:`.pages` lists the page kinds and what each template gets, :mod:`.markup` has
the escaping filters and link helpers, :mod:`.environment` the Jinja2 environment.
"""

from .environment import TEMPLATES, environment
from .markup import attr, front_matter, md, relative, tag_list, url
from .pages import PAGES, iter_pages, render_pages, source_paragraphs

__all__ = [
    "PAGES",
    "TEMPLATES",
    "attr",
    "environment",
    "front_matter",
    "md",
    "relative",
    "iter_pages",
    "render_pages",
    "source_paragraphs",
    "tag_list",
    "url",
]
