"""A copy of the mini fixture whose every text field carries hostile or breaking text.

Used by tests/test_guarantees.py: the site built from it must show each value as the
literal text the editor typed, and no injected markup may run in a browser.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Each must appear, literally, in the visible text of the built site. The ones that
#: would run set ``window.__pwned``.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=2>",
    "[click](javascript:window.__pwned=3)",
    '<a href="javascript:window.__pwned=4">link</a>',
    "<svg onload=window.__pwned=5>",
    '{: onclick="window.__pwned=6" }',
    "<javascript:window.__pwned=7>",
    '<iframe srcdoc="<script>parent.__pwned=8</script>"></iframe>',
    "a | b | c",
    "`unbalanced tick",
    "# not a heading",
    "--- not a rule",
    "[a link](https://evil.example/)",
    "**not bold** _nor this_",
    "{{ 7*7 }} {% if true %}jinja{% endif %} {# c #}",
    "<!-- not a comment",
    "&amp; stays &lt;b&gt;",
    "1. not a list",
    "> not a quote",
    "\\*escaped\\*",
]

#: A multi-line value: a line of ---, a heading, a table and a code fence, each on its
#: own line. Whitespace collapses, so it shows as one line with single spaces.
MULTILINE = "First line\n---\n# heading\n| a | b |\n|---|---|\n```\ncode\n~~~"


def p(i: int) -> str:
    """The i-th payload, with a number so every field's text is different."""
    return f"F{i} {PAYLOADS[i % len(PAYLOADS)]}"


def q(text: str) -> str:
    """A YAML scalar for ``text`` (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(text)


# The archived text: a paragraph holding every payload inside quotation marks, said by
# the minister, cited by a quote.
SEED_EXTRA = "\n\nHostile paragraph, the minister said: “" + " ".join(PAYLOADS) + "”\n"


def make_hostile(root: Path) -> dict[str, str]:
    """Rewrite ``root``'s content (a mini copy) with hostile text; return field -> text."""
    texts: dict[str, str] = {}
    n = 0

    def t(field: str, text: str | None = None) -> str:
        nonlocal n
        texts[field] = text or p(n)
        n += 1
        return q(texts[field])

    alpha = root / "seeds/alpha.txt"
    alpha.write_text(alpha.read_text(encoding="utf-8") + SEED_EXTRA, encoding="utf-8")
    quoted = PAYLOADS[0] + " " + PAYLOADS[1]
    texts["quote"] = quoted
    texts["multiline"] = MULTILINE
    content = root / "content"
    (content / "briefing.yml").write_text(
        f"""briefing:
  title: {t("title")}
  subtitle: {t("subtitle")}
  description: {t("description")}
  as_of: 2024-10-31
  bottom_line: {t("bottom_line")}
  bottom_line_rests_on: [claim:ministry-3000]
  key_judgments:
    - id: numbers-grew
      text: {t("judgment")}
      rests_on: [claim:ministry-3000, quote:hostile-quote]
    - id: second
      text: {t("judgment_2")}
      rests_on: [event:troops-arrive]
    - id: third
      text: {t("judgment_3")}
      rests_on: [claim:officials-10000]
  scope_note: {t("scope_note")}
""",
        encoding="utf-8",
    )
    (content / "sources.yml").write_text(
        f"""sources:
  - id: alpha
    outlet: {t("outlet")}
    outlet_basis: {t("outlet_basis")}
    headline: {t("headline")}
    published: 2024-10-29
    dateline: {t("dateline")}
    byline: {t("byline")}
    url: {t("url", "https://example.org/a?b=1&c=%22x%3D*y*_z_#[url](javascript:window.__pwned=12)")}
    file: alpha.txt
  - id: beta
    outlet: {t("outlet_beta")}
    published:
      value: 2024-10
      inferred: true
      basis: {t("basis", "[basis](javascript:window.__pwned=11)")}
    file: beta.txt
""",
        encoding="utf-8",
    )
    (content / "actors.yml").write_text(
        f"""actors:
  - id: ministry
    name: {t("actor_name")}
    kind: government-body
    country: {t("country")}
    description: {t("actor_description")}
  - id: minister
    name: {t("minister_name")}
    kind: person
    role: {t("role")}
    affiliation: ministry
    aliases: [{t("alias")}]
    named_as: [the minister]
    description: {t("minister_description")}
  - id: officials
    name: {t("officials_name")}
    kind: group
    description: {q(MULTILINE)}
""",
        encoding="utf-8",
    )
    (content / "quantities.yml").write_text(
        f"""quantities:
  - id: troops-in-region
    label: {t("quantity_label")}
    description: {t("quantity_description")}
    unit: {t("unit")}
""",
        encoding="utf-8",
    )
    (content / "records.yml").write_text(
        f"""events:
  - id: troops-arrive
    date: 2024-10-28
    title: {t("event_title")}
    summary: {t("event_summary")}
    location: {t("location", "[location](javascript:window.__pwned=13)")}
    actors: [ministry]
    citations:
      - source: alpha
        excerpt: The ministry said on Monday that 3,000 troops had arrived.
claims:
  - id: ministry-3000
    statement: {t("statement")}
    claimant: ministry
    status: reported
    topics: [troop-numbers]
    figure:
      quantity: troops-in-region
      value: 3000
      counts: {t("counts")}
    citations:
      - source: alpha
        excerpt: ministry said on Monday that 3,000 troops had arrived
  - id: officials-10000
    statement: {t("statement_2")}
    claimant: officials
    status: disputed
    topics: [troop-numbers]
    contradicts: [ministry-3000]
    citations:
      - source: beta
        excerpt: about 10,000 soldiers were now in the region
quotes:
  - id: hostile-quote
    text: {q(quoted)}
    speaker: minister
    said_on: 2024-10-29
    channel: {t("channel", "[channel](javascript:window.__pwned=10)")}
    context: {t("context")}
    citations:
      - source: alpha
""",
        encoding="utf-8",
    )
    return texts
