"""The bad-input corpus: every mistake an editor can make, through the CLI.

Each case copies the ``mini`` fixture, changes one thing, runs ``briefing validate``
(some also ``build``) in process (``generator.cli.main``; tests/test_entry_points.py
checks the real command reports the same), and asserts the exact report on stderr: for
each problem ``file:line:column: error: record: message`` and its ``fix:`` line,
then the count. Line and column numbers were worked out by hand from the fixture
files (tests/fixtures/mini/content) and the change each case makes; the comment on
a case says which line it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_main

# --- how a case changes the fixture ---------------------------------------------------

Step = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Step:
    """Replace the one occurrence of ``old`` in ``file`` (relative to the project)."""

    def step(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return step


def replace_bytes(file: str, old: bytes, new: bytes) -> Step:
    def step(root: Path) -> None:
        path = root / file
        data = path.read_bytes()
        assert data.count(old) == 1
        path.write_bytes(data.replace(old, new))

    return step


def write(file: str, data: str | bytes) -> Step:
    def step(root: Path) -> None:
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return step


def append(file: str, text: str) -> Step:
    def step(root: Path) -> None:
        path = root / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return step


def delete(file: str) -> Step:
    def step(root: Path) -> None:
        (root / file).unlink()

    return step


# --- what a case expects --------------------------------------------------------------


def err(where: str, record: str, message: str, fix: str, severity: str = "error") -> str:
    """One problem as the CLI prints it (two lines)."""
    head = f"{where}: {severity}: " + (f"{record}: " if record else "")
    return f"{head}{message}\n    fix: {fix}"


def warn(where: str, record: str, message: str, fix: str) -> str:
    return err(where, record, message, fix, "warning")


def report(*problems: str) -> str:
    """The whole of stderr for a run that found ``problems`` (all errors)."""
    return "\n".join(problems) + f"\n{len(problems)} error(s): nothing was written.\n"


A, B, R, S = (
    "content/actors.yml",
    "content/briefing.yml",
    "content/records.yml",
    "content/sources.yml",
)
TOP = "briefing, sources, actors, quantities, events, claims, quotes, coverage_skips"
ACTOR_KEYS = "id, name, kind, role, affiliation, country, aliases, named_as, description"
ACTOR_KINDS = (
    "person, state, government-body, military, military-unit, agency, "
    "international-organization, think-tank, academic-institution, media, group"
)
STATUSES = "confirmed, reported, assessed, unverified, disputed, denied, forecast"
ID_RULE = "is not a valid id (lowercase letters, digits and single hyphens)"
ID_FIX = "use lowercase a-z, 0-9 and hyphens, e.g. 'jane-doe' or 'estimate-2024-10'"
REF_FIX = "add a record with id '{0}' to {1}, or correct the id"
VERBATIM = "copy the words exactly as the archived text has them"
TAB_FIX = "indent with spaces, not tabs"
YAML_FIX = "check the indentation and quoting around this point"

# An extra actor appended after line 21 of actors.yml: its id is on line 22, column 9.
EXTRA_ACTOR = """  - id: {0}
    name: Hostile
    kind: group
    description: An id that tries to escape.
"""

# --- the corpus -------------------------------------------------------------------------

YAML_CASES = [
    pytest.param(  # actors.yml line 8: a second colon inside a plain value, column 14
        [replace(A, "    name: The Minister\n", "    name: The: Minister\n")],
        [
            err(
                f"{A}:8:14",
                "actor 'minister'",
                "YAML syntax error: mapping values are not allowed in this context",
                YAML_FIX,
            )
        ],
        id="syntax-colon-in-value",
    ),
    pytest.param(  # line 8: a flow list opened at column 11 and never closed; found on line 9
        [replace(A, "    name: The Minister\n", "    name: [The Minister\n")],
        [
            err(
                f"{A}:9:9",
                "actor 'minister'",
                "YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
                "sequence that starts at line 8, column 11)",
                YAML_FIX,
            )
        ],
        id="syntax-unclosed-bracket",
    ),
    pytest.param(  # line 8: a quote opened at column 11 runs to the end of the file (22:1)
        [replace(A, "    name: The Minister\n", '    name: "The Minister\n')],
        [
            err(
                f"{A}:22:1",
                "actor 'minister'",
                "YAML syntax error: found unexpected end of stream (while scanning a quoted "
                "scalar that starts at line 8, column 11)",
                YAML_FIX,
            )
        ],
        id="syntax-unclosed-quote",
    ),
    pytest.param(  # line 5 indented with a tab; the plain value on line 4 starts at column 11
        [replace(A, "    country: Testland\n", "\tcountry: Testland\n")],
        [
            err(
                f"{A}:5:1",
                "actor 'ministry'",
                "YAML syntax error: found a tab character that violates indentation (while "
                "scanning a plain scalar that starts at line 4, column 11)",
                TAB_FIX,
            )
        ],
        id="tab-indentation",
    ),
    pytest.param(  # 'kind' again on the new line 10; the first is on line 9
        [replace(A, "    kind: person\n    role:", "    kind: person\n    kind: group\n    role:")],
        [
            err(
                f"{A}:10:5",
                "actor 'minister'",
                "duplicate key 'kind' in one mapping (first at line 9)",
                "remove or rename one of the two keys; YAML would keep only the last",
            )
        ],
        id="duplicate-key",
    ),
    pytest.param(  # records.yml has 64 lines: a second 'claims:' on line 65 (first: line 12)
        [append(R, "claims: []\n")],
        [
            err(
                f"{R}:65:1",
                "",
                "duplicate key 'claims' in one mapping (first at line 12)",
                "remove or rename one of the two keys; YAML would keep only the last",
            )
        ],
        id="duplicate-top-level-key",
    ),
    pytest.param(  # the first anchor, '&a' at line 2 column 5, is refused before any alias
        [
            write(
                "content/bomb.yml",
                "actors:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                + "".join(
                    f"  - &{c} [{', '.join([f'*{p}'] * 9)}]\n"
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
                ),
            )
        ],
        [
            err(
                "content/bomb.yml:2:5",
                "",
                "anchor '&a' is not allowed in content files",
                "remove the anchor; write each value out in full",
            )
        ],
        id="billion-laughs",
    ),
    pytest.param(  # an alias in a new actor: line 23 (after the 21 lines), column 11
        [append(A, "  - id: x\n    name: *ministry-name\n")],
        [
            err(
                f"{A}:23:11",
                "actor 'x'",
                "alias '*ministry-name' is not allowed in content files",
                "write the value out in full instead of using anchors and aliases",
            )
        ],
        id="alias",
    ),
    pytest.param(  # 100,000 nested lists: refused at the 32nd '[' (column 9 + 31 = 40)
        [write("content/deep.yml", "events: " + "[" * 100_000 + "]" * 100_000 + "\n")],
        [
            err(
                "content/deep.yml:1:40",
                "",
                "nesting is deeper than 32 levels",
                "flatten the structure; records need only a few levels",
            )
        ],
        id="deep-nesting",
    ),
    pytest.param(  # line 3, the value (with its tag) starts at column 11
        [
            replace(
                A,
                "    name: The Ministry\n",
                '    name: !!python/object/apply:os.system ["echo pwned"]\n',
            )
        ],
        [
            err(
                f"{A}:3:11",
                "actor 'ministry'",
                "tag '!!python/object/apply:os.system' is not allowed in content files",
                "remove the tag; content is plain text, numbers, lists and mappings",
            )
        ],
        id="python-tag",
    ),
    pytest.param(
        [replace(A, "    name: The Ministry\n", "    name: !secret The Ministry\n")],
        [
            err(
                f"{A}:3:11",
                "actor 'ministry'",
                "tag '!secret' is not allowed in content files",
                "remove the tag; content is plain text, numbers, lists and mappings",
            )
        ],
        id="unknown-tag",
    ),
    pytest.param(  # line 3: '    name: The Minist' is 20 characters, so the bad byte is column 21
        [replace_bytes(A, b"The Ministry\n", b"The Minist\xe8re\n")],
        [err(f"{A}:3:21", "", "byte 0xe8 is not valid UTF-8", "save the file as UTF-8")],
        id="not-utf8",
    ),
    pytest.param(
        [replace_bytes(A, b"actors:\n", b"\xef\xbb\xbfactors:\n")],
        [
            err(
                f"{A}:1:1",
                "",
                "file starts with a byte-order mark",
                "save the file as UTF-8 without BOM",
            )
        ],
        id="byte-order-mark",
    ),
    pytest.param(  # records.yml line 7: '    title: Troops' is 17 characters, NUL at column 18
        [replace(R, "Troops arrive", "Troops\x00 arrive")],
        [
            err(
                f"{R}:7:18",
                "",
                "file contains a NUL byte",
                "remove the NUL character (the file may be binary or corrupted)",
            )
        ],
        id="nul-byte",
    ),
    pytest.param(
        [replace(R, "Troops arrive", "Troops\x07 arrive")],
        [
            err(
                f"{R}:7:18",
                "",
                "file contains the control character U+0007",
                "remove it (it is invisible in most editors)",
            )
        ],
        id="control-character",
    ),
    pytest.param(
        [replace(R, "Troops arrive", "Troops\u2028 arrive")],
        [
            err(
                f"{R}:7:18",
                "",
                "file contains the line separator character U+2028",
                "replace it with a normal line break or a space",
            )
        ],
        id="line-separator",
    ),
    pytest.param(  # an escape in a quoted value (line 7, the quote is at column 12)
        [replace(R, "    title: Troops arrive", '    title: "Troops\\aarrive"')],
        [
            err(
                f"{R}:7:12",
                "event 'troops-arrive'",
                "'title' contains the control character U+0007",
                "remove it; write a line break as a real line break",
            )
        ],
        id="escaped-control-character",
    ),
    pytest.param(
        [write("content/empty.yml", "")],
        [
            err(
                "content/empty.yml:1:1",
                "",
                "file is empty (or holds only comments)",
                f"add content under one of the top-level keys: {TOP}; or delete the file",
            )
        ],
        id="empty-file",
    ),
    pytest.param(
        [write("content/empty.yml", "# claims go here\n\n# later\n")],
        [
            err(
                "content/empty.yml:1:1",
                "",
                "file is empty (or holds only comments)",
                f"add content under one of the top-level keys: {TOP}; or delete the file",
            )
        ],
        id="comments-only",
    ),
    pytest.param(
        [write("content/extra.yml", "just a sentence\n")],
        [
            err(
                "content/extra.yml:1:1",
                "",
                "the file is a single value, but a content file must be a mapping",
                f"start with a top-level key such as 'claims:', one of: {TOP}",
            )
        ],
        id="scalar-document",
    ),
    pytest.param(
        [write("content/extra.yml", "- id: x\n  name: X\n")],
        [
            err(
                "content/extra.yml:1:1",
                "",
                "the file is a list, but a content file must be a mapping",
                f"start with a top-level key such as 'claims:', one of: {TOP}",
            )
        ],
        id="list-document",
    ),
    pytest.param(  # the second document starts with '---' on line 2
        [write("content/extra.yml", "actors: []\n---\nquotes: []\n")],
        [
            err(
                "content/extra.yml:2:1",
                "",
                "file holds more than one YAML document",
                "remove the '---' separator and merge the documents into one mapping",
            )
        ],
        id="several-documents",
    ),
    pytest.param(
        [write("content/extra.yml", "actor:\n  - id: x\n")],
        [
            err(
                "content/extra.yml:1:1",
                "",
                "unknown top-level key 'actor'",
                "did you mean 'actors'?",
            )
        ],
        id="unknown-top-level-key",
    ),
    pytest.param(
        [write("content/extra.yml", "{}\n")],
        [err("content/extra.yml:1:1", "", "file holds an empty mapping", f"add one of: {TOP}")],
        id="empty-mapping",
    ),
    pytest.param(  # a new actor from line 22; its complex key '[a, b]' is at 23:7
        [append(A, "  - id: x\n    ? [a, b]\n    : value\n")],
        [
            err(
                f"{A}:23:7",
                "actor 'x'",
                "a mapping key must be a plain value",
                "write the key as text",
            )
        ],
        id="complex-key",
    ),
    pytest.param(  # 'quotes' holding one mapping instead of a list (the mapping is at 2:3)
        [write("content/extra.yml", "quotes:\n  id: x\n")],
        [
            err(
                "content/extra.yml:2:3",
                "",
                "'quotes' must be a list of records",
                "write one '- id: ...' record per item",
            )
        ],
        id="kind-not-a-list",
    ),
]

SCHEMA_CASES = [
    pytest.param(  # actors.yml line 3, value at column 11
        [replace(A, "    name: The Ministry\n", "    name: 42\n")],
        [
            err(
                f"{A}:3:11",
                "actor 'ministry'",
                "'name' must be text, not the number 42",
                'put the value in quotes: "42"',
            )
        ],
        id="number-for-text",
    ),
    pytest.param(  # line 5: '    country: ' is 13 characters
        [replace(A, "    country: Testland\n", "    country: true\n")],
        [
            err(
                f"{A}:5:14",
                "actor 'ministry'",
                "'country' must be text, not the boolean true",
                "write text here (quote it if needed)",
            )
        ],
        id="boolean-for-text",
    ),
    pytest.param(  # line 12: '    aliases: ' is 13 characters
        [replace(A, "    aliases: [Minister]\n", "    aliases: Minister\n")],
        [
            err(
                f"{A}:12:14",
                "actor 'minister'",
                "'aliases' must be a list, not the text 'Minister'",
                "make it a list: [Minister] or one '- item' per line",
            )
        ],
        id="text-for-list",
    ),
    pytest.param(  # records.yml line 20: '      value: ' is 13 characters
        [replace(R, "      value: 3000\n", '      value: "3,000"\n')],
        [
            err(
                f"{R}:20:14",
                "claim 'ministry-3000'",
                "'figure.value' must be a number, not the text '3,000'",
                "write the number without quotes, separators or units (e.g. 10000)",
            )
        ],
        id="text-for-number",
    ),
    pytest.param(
        [replace(R, "      value: 3000\n", "      value: -5\n")],
        [
            err(
                f"{R}:20:14",
                "claim 'ministry-3000'",
                "'figure.value' is -5, below 0",
                "check the number",
            )
        ],
        id="negative-number",
    ),
    pytest.param(  # records.yml line 5: '      inferred: ' is 16 characters; YAML 1.2 'yes' is text
        [replace(R, "      inferred: true\n", "      inferred: yes\n")],
        [
            err(
                f"{R}:5:17",
                "event 'troops-arrive'",
                "'date.inferred' must be true or false, not the text 'yes'",
                "write true or false here",
            )
        ],
        id="text-for-boolean",
    ),
    pytest.param(  # records.yml line 18: '    figure: ' is 12 characters
        [
            replace(
                R,
                "    figure:\n      quantity: troops-in-region\n      value: 3000\n"
                "      unit: troops\n      counts: troops in the region\n"
                "      as_of: 2024-10-28\n",
                "    figure: 3000\n",
            )
        ],
        [
            err(
                f"{R}:18:13",
                "claim 'ministry-3000'",
                "'figure' must be a mapping (figure), not the number 3000",
                "write 'key: value' lines",
            )
        ],
        id="number-for-mapping",
    ),
    pytest.param(  # the record's mapping starts at its 'id', line 2 column 5
        [replace(A, "    description: The ministry in the fixture.\n", "")],
        [
            err(
                f"{A}:2:5",
                "actor 'ministry'",
                "actor is missing required key 'description'",
                "add 'description:' (one line saying who this is)",
            )
        ],
        id="missing-required",
    ),
    pytest.param(  # an empty value sits just after the colon: line 3, column 10
        [replace(A, "    name: The Ministry\n", "    name:\n")],
        [
            err(
                f"{A}:3:10",
                "actor 'ministry'",
                "required key 'name' has no value",
                "fill in 'name' (name as most sources give it)",
            )
        ],
        id="required-without-value",
    ),
    pytest.param(  # line 6; no second error for the 'description' it was meant to be
        [replace(A, "    description: The ministry in", "    descripton: The ministry in")],
        [
            err(
                f"{A}:6:5",
                "actor 'ministry'",
                "unknown key 'descripton' in actor",
                "did you mean 'description'?",
            )
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(  # a new line 7
        [replace(A, "in the fixture.\n", "in the fixture.\n    website: example.org\n")],
        [
            err(
                f"{A}:7:5",
                "actor 'ministry'",
                "unknown key 'website' in actor",
                f"remove it; allowed keys: {ACTOR_KEYS}",
            )
        ],
        id="unknown-key",
    ),
    pytest.param(  # records.yml line 21, nested in the figure
        [
            replace(
                R,
                "      unit: troops\n      counts: troops in the region\n      as_of",
                "      units: troops\n      counts: troops in the region\n      as_of",
            )
        ],
        [
            err(
                f"{R}:21:7",
                "claim 'ministry-3000'",
                "unknown key 'figure.units' in figure",
                "did you mean 'unit'?",
            )
        ],
        id="unknown-nested-key",
    ),
    pytest.param(
        [replace(A, "    name: The Ministry\n", '    name: ""\n')],
        [
            err(
                f"{A}:3:11",
                "actor 'ministry'",
                "'name' is empty",
                "write the text, or remove the key if optional",
            )
        ],
        id="empty-string",
    ),
    pytest.param(
        [replace(A, "    name: The Ministry\n", '    name: "   "\n')],
        [
            err(
                f"{A}:3:11",
                "actor 'ministry'",
                "'name' is empty",
                "write the text, or remove the key if optional",
            )
        ],
        id="blank-string",
    ),
    pytest.param(
        [replace(A, "    name: The Ministry\n", f"    name: {'x' * 201}\n")],
        [
            err(
                f"{A}:3:11",
                "actor 'ministry'",
                "'name' is 201 characters, over the limit of 200",
                "shorten the text",
            )
        ],
        id="text-too-long",
    ),
    pytest.param(  # line 9: '    kind: ' is 10 characters
        [replace(A, "    kind: person\n    role", "    kind: persn\n    role")],
        [
            err(
                f"{A}:9:11",
                "actor 'minister'",
                "'kind' is 'persn', which is not an allowed value",
                f"did you mean 'person'? allowed: {ACTOR_KINDS}",
            )
        ],
        id="value-not-allowed-did-you-mean",
    ),
    pytest.param(  # records.yml line 16: '    status: ' is 12 characters
        [
            replace(
                R,
                "    status: reported\n    topics: [troop-numbers]\n    figure:\n"
                "      quantity: troops-in-region\n      value: 3000",
                "    status: maybe\n    topics: [troop-numbers]\n    figure:\n"
                "      quantity: troops-in-region\n      value: 3000",
            )
        ],
        [
            err(
                f"{R}:16:13",
                "claim 'ministry-3000'",
                "'status' is 'maybe', which is not an allowed value",
                f"allowed: {STATUSES}",
            )
        ],
        id="value-not-allowed",
    ),
    pytest.param(  # a third quote that is a sentence, not a mapping (line 65, column 5)
        [append(R, "  - just a sentence\n")],
        [
            err(
                f"{R}:65:5",
                "quote #3",
                "a quote must be a mapping of keys to values, not the text 'just a sentence'",
                "write 'key: value' lines after the '- '",
            )
        ],
        id="record-not-a-mapping",
    ),
    pytest.param(  # records.yml line 9: '    citations: ' is 15 characters
        [
            replace(
                R,
                "    citations:\n      - source: alpha\n        excerpt: The ministry said "
                "on Monday that 3,000 troops had arrived.\n",
                "    citations: []\n",
            )
        ],
        [
            err(
                f"{R}:9:16",
                "event 'troops-arrive'",
                "'citations' has 0 item(s); it needs at least 1",
                "add the missing item(s)",
            )
        ],
        id="empty-list",
    ),
    pytest.param(  # line 8: the second 'ministry' in '    actors: [ministry, ministry]' at 24
        [replace(R, "    actors: [ministry]\n", "    actors: [ministry, ministry]\n")],
        [
            err(
                f"{R}:8:24",
                "event 'troops-arrive'",
                "'actors' lists 'ministry' twice",
                "remove the repeat (first at item 0)",
            )
        ],
        id="repeated-list-item",
    ),
    pytest.param(  # sources.yml line 5: '    published: ' is 15 characters
        [replace(S, "    published: 2024-10-29\n", "    published: 29 October 2024\n")],
        [
            err(
                f"{S}:5:16",
                "source 'alpha'",
                "'published' value '29 October 2024' is not a date (YYYY-MM-DD, YYYY-MM, YYYY, "
                "or a range start/end)",
                "write e.g. 2024-10-29, 2024-10, 2024 or 2024-10-28/2024-10-30",
            )
        ],
        id="date-format",
    ),
    pytest.param(  # a new line 7 in sources.yml: '    url: ' is 9 characters
        [
            replace(
                S, "    dateline: SEOUL\n", "    dateline: SEOUL\n    url: javascript:alert(1)\n"
            )
        ],
        [
            err(
                f"{S}:7:10",
                "source 'alpha'",
                "'url' value 'javascript:alert(1)' is not an http(s) URL",
                "write https://…",
            )
        ],
        id="javascript-url",
    ),
    pytest.param(  # a quote in a URL would end the href attribute; shown cut to 40 characters
        [
            replace(
                S,
                "    dateline: SEOUL\n",
                "    dateline: SEOUL\n    url: 'https://example.org/\" onmouseover=\"alert(1)'\n",
            )
        ],
        [
            err(
                f"{S}:7:10",
                "source 'alpha'",
                "'url' value 'https://example.org/\" onmouseover=\"aler…' is not an http(s) URL",
                "write https://…",
            )
        ],
        id="attribute-breaking-url",
    ),
]

REFERENCE_CASES = [
    pytest.param(  # content/more.yml sorts after actors.yml; its id is at line 2, column 9
        [
            write(
                "content/more.yml",
                "actors:\n  - id: ministry\n    name: Another\n"
                "    kind: group\n    description: Same id as the first actor.\n",
            )
        ],
        [
            err(
                "content/more.yml:2:9",
                "actor 'ministry'",
                f"duplicate id: actor 'ministry' is already defined at {A}:2",
                "give one of the two records a different id",
            )
        ],
        id="duplicate-id-across-files",
    ),
    pytest.param(  # actors.yml line 11: '    affiliation: ' is 17 characters
        [replace(A, "    affiliation: ministry\n", "    affiliation: ministri\n")],
        [
            err(
                f"{A}:11:18",
                "actor 'minister'",
                "refers to actor 'ministri', which does not exist",
                "did you mean 'ministry'?",
            )
        ],
        id="dangling-affiliation",
    ),
    pytest.param(  # records.yml line 8, the list item at column 14
        [replace(R, "    actors: [ministry]\n", "    actors: [nobody]\n")],
        [
            err(
                f"{R}:8:14",
                "event 'troops-arrive'",
                "refers to actor 'nobody', which does not exist",
                REF_FIX.format("nobody", "actors"),
            )
        ],
        id="dangling-event-actor",
    ),
    pytest.param(  # line 15: '    claimant: ' is 14 characters
        [replace(R, "    claimant: ministry\n", "    claimant: nobody\n")],
        [
            err(
                f"{R}:15:15",
                "claim 'ministry-3000'",
                "refers to actor 'nobody', which does not exist",
                REF_FIX.format("nobody", "actors"),
            )
        ],
        id="dangling-claimant",
    ),
    pytest.param(  # line 54: '    speaker: ' is 13 characters
        [replace(R, "    speaker: minister\n", "    speaker: nobody\n")],
        [
            err(
                f"{R}:54:14",
                "quote 'minister-stand-by'",
                "refers to actor 'nobody', which does not exist",
                REF_FIX.format("nobody", "actors"),
            )
        ],
        id="dangling-speaker",
    ),
    pytest.param(  # line 38: '    supports: [' is 15 characters
        [replace(R, "    supports: [ministry-3000]\n", "    supports: [ministry-4000]\n")],
        [
            err(
                f"{R}:38:16",
                "claim 'officials-10000'",
                "refers to claim 'ministry-4000', which does not exist",
                "did you mean 'ministry-3000'?",
            )
        ],
        id="dangling-supports",
    ),
    pytest.param(  # line 47: '    contradicts: [' is 18 characters
        [replace(R, "    contradicts: [ministry-3000]\n", "    contradicts: [nobody-says]\n")],
        [
            err(
                f"{R}:47:19",
                "claim 'spokesman-denies'",
                "refers to claim 'nobody-says', which does not exist",
                REF_FIX.format("nobody-says", "claims"),
            )
        ],
        id="dangling-contradicts",
    ),
    pytest.param(  # line 40: '      - source: ' is 16 characters
        [replace(R, "      - source: beta\n", "      - source: gamma\n")],
        [
            err(
                f"{R}:40:17",
                "claim 'officials-10000'",
                "refers to source 'gamma', which does not exist",
                REF_FIX.format("gamma", "sources"),
            )
        ],
        id="dangling-citation-source",
    ),
    pytest.param(  # briefing.yml line 7: the second item of the flow list is at column 47
        [
            replace(
                B,
                "  bottom_line_rests_on: [claim:ministry-3000, claim:officials-10000]",
                "  bottom_line_rests_on: [claim:ministry-3000, event:nothing]",
            )
        ],
        [
            err(
                f"{B}:7:47",
                "briefing",
                "refers to event 'nothing', which does not exist",
                REF_FIX.format("nothing", "events"),
            )
        ],
        id="dangling-bottom-line",
    ),
    pytest.param(  # line 11: '      rests_on: [' is 17 characters
        [
            replace(
                B,
                "      rests_on: [claim:ministry-3000, claim:officials-10000]",
                "      rests_on: [quote:nobody]",
            )
        ],
        [
            err(
                f"{B}:11:18",
                "briefing",
                "refers to quote 'nobody', which does not exist",
                REF_FIX.format("nobody", "quotes"),
            )
        ],
        id="dangling-key-judgment",
    ),
    pytest.param(
        [
            replace(
                B,
                "      rests_on: [claim:ministry-3000, claim:officials-10000]",
                "      rests_on: [ministry-3000]",
            )
        ],
        [
            err(
                f"{B}:11:18",
                "briefing",
                "'key_judgments[0].rests_on[0]' value 'ministry-3000' is not a record reference",
                "write kind:id, where kind is one of source, actor, quantity, event, claim, quote",
            )
        ],
        id="reference-without-kind",
    ),
    pytest.param(  # a coverage skip appended as line 65: '  - source: ' is 12 characters
        [
            append(
                R,
                "coverage_skips:\n  - source: gamma\n    text: pure fiction\n"
                "    reason: a fixture\n",
            )
        ],
        [
            err(
                f"{R}:66:13",
                "skip #1",
                "refers to source 'gamma', which does not exist",
                REF_FIX.format("gamma", "sources"),
            )
        ],
        id="dangling-skip-source",
    ),
    pytest.param(
        [replace(A, "    affiliation: ministry\n", "    affiliation: minister\n")],
        [
            err(
                f"{A}:11:18",
                "actor 'minister'",
                "actor 'minister' refers to itself",
                "remove the self-reference",
            )
        ],
        id="self-affiliation",
    ),
    pytest.param(
        [replace(R, "    supports: [ministry-3000]\n", "    supports: [officials-10000]\n")],
        [
            err(
                f"{R}:38:16",
                "claim 'officials-10000'",
                "claim 'officials-10000' refers to itself",
                "remove the self-reference",
            )
        ],
        id="self-support",
    ),
    pytest.param(  # ministry now belongs to minister (new line 6); minister's line moves to 12
        [
            replace(
                A, "    country: Testland\n", "    country: Testland\n    affiliation: minister\n"
            )
        ],
        [
            err(
                f"{A}:6:18",
                "actor 'ministry'",
                "affiliation goes round in a circle: ministry -> minister -> ministry",
                "an actor cannot belong, directly or not, to itself",
            ),
            err(
                f"{A}:12:18",
                "actor 'minister'",
                "affiliation goes round in a circle: minister -> ministry -> minister",
                "an actor cannot belong, directly or not, to itself",
            ),
        ],
        id="affiliation-cycle",
    ),
    pytest.param(  # the contradicts list on line 47 starts at column 18
        [
            replace(
                R,
                "    contradicts: [ministry-3000]\n",
                "    contradicts: [ministry-3000]\n    supports: [ministry-3000]\n",
            )
        ],
        [
            err(
                f"{R}:47:18",
                "claim 'spokesman-denies'",
                "claim 'ministry-3000' is listed under both supports and contradicts",
                "keep it in only one of the two lists",
            )
        ],
        id="supports-and-contradicts",
    ),
    pytest.param(  # a second judgment with the same id, its id on the new line 18
        [
            replace(
                B,
                "  scope_note:",
                "    - id: numbers-grew\n      text: Again.\n"
                "      rests_on: [claim:ministry-3000]\n  scope_note:",
            )
        ],
        [
            err(
                f"{B}:18:11",
                "briefing",
                "duplicate key judgment id 'numbers-grew' (first at line 9)",
                "give each key judgment its own id",
            )
        ],
        id="duplicate-judgment-id",
    ),
    pytest.param(  # content/second.yml is read after briefing.yml
        [
            write(
                "content/second.yml",
                "briefing:\n  title: Another\n  as_of: 2024-10-31\n"
                "  bottom_line: Again.\n  bottom_line_rests_on: [claim:ministry-3000]\n"
                "  key_judgments:\n"
                + "".join(
                    f"    - id: again-{n}\n      text: Again.\n"
                    "      rests_on: [claim:ministry-3000]\n"
                    for n in range(3)
                ),
            )
        ],
        [
            err(
                "content/second.yml:1:1",
                "",
                "a second 'briefing' mapping",
                f"keep only one; the first is in {B}",
            )
        ],
        id="second-briefing",
    ),
    pytest.param(
        [delete(B)],
        [
            err(
                A,
                "",
                "no 'briefing:' found",
                "add a briefing mapping (title, as_of, bottom_line...) to a content file",
            )
        ],
        id="no-briefing",
    ),
]

DATE_CASES = [
    pytest.param(  # sources.yml line 5: '    published: ' is 15 characters
        [replace(S, "    published: 2024-10-29\n", "    published: 2024-02-30\n")],
        [
            err(
                f"{S}:5:16",
                "source 'alpha'",
                "'published': '2024-02-30' is not a real date: February 2024 has 29 days",
                "check the day of the month",
            )
        ],
        id="impossible-date",
    ),
    pytest.param(  # records.yml line 23: '      as_of: ' is 13 characters
        [replace(R, "      as_of: 2024-10-28\n", "      as_of: 2024-13-01\n")],
        [
            err(
                f"{R}:23:14",
                "claim 'ministry-3000'",
                "'figure.as_of': '2024-13-01' has month 13",
                "months run from 01 to 12",
            )
        ],
        id="impossible-month",
    ),
    pytest.param(
        [replace(S, "    published: 2024-10-29\n", "    published: 0000\n")],
        [
            err(
                f"{S}:5:16",
                "source 'alpha'",
                "'published': year 0000 is not a real year",
                "write a four-digit year",
            )
        ],
        id="year-zero",
    ),
    pytest.param(  # a new line 5: '      precision: ' is 17 characters
        [
            replace(
                R,
                "      value: 2024-10-28\n      inferred",
                "      value: 2024-10-28\n      precision: month\n      inferred",
            )
        ],
        [
            err(
                f"{R}:5:18",
                "event 'troops-arrive'",
                "'date': precision 'month' does not match the value '2024-10-28', which is a day",
                "write precision: day, or give the value to the month",
            )
        ],
        id="precision-contradicts-value",
    ),
    pytest.param(
        [
            replace(
                R,
                "      value: 2024-10-28\n      inferred",
                "      value: 2024-10-28\n      precision: range\n      inferred",
            )
        ],
        [
            err(
                f"{R}:5:18",
                "event 'troops-arrive'",
                "'date': precision 'range' does not match the value '2024-10-28', which is a day",
                "write a range as start/end, e.g. 2024-10-28/2024-10-30",
            )
        ],
        id="precision-range-for-a-day",
    ),
    pytest.param(  # records.yml line 4: '      value: ' is 13 characters
        [
            replace(
                R,
                "      value: 2024-10-28\n      inferred",
                "      value: 2024-10-30/2024-10-28\n      inferred",
            )
        ],
        [
            err(
                f"{R}:4:14",
                "event 'troops-arrive'",
                "'date': range '2024-10-30/2024-10-28' ends before it starts",
                "swap the two ends",
            )
        ],
        id="range-backwards",
    ),
    pytest.param(  # the basis on line 6 removed; 'inferred: true' stays on line 5 (column 17)
        [replace(R, "      basis: \"'on Monday' in an article dated 2024-10-29\"\n", "")],
        [
            err(
                f"{R}:5:17",
                "event 'troops-arrive'",
                "'date': an inferred date needs a 'basis' saying how it was worked out",
                "add basis: e.g. \"'on Tuesday' in an article dated 2024-10-29\"",
            )
        ],
        id="inferred-without-basis",
    ),
    pytest.param(  # sources.yml: line 12 removed, so the basis moves up to line 12
        [replace(S, "      inferred: true\n", "")],
        [
            err(
                f"{S}:12:14",
                "source 'beta'",
                "'published': 'basis' is given but 'inferred' is not true",
                "add inferred: true, or remove basis if the source states the date",
            )
        ],
        id="basis-without-inferred",
    ),
]

PROVENANCE_CASES = [
    pytest.param(  # records.yml line 53: '    text: ' is 10 characters
        [replace(R, "    text: We will not stand by,\n", "    text: We will never stand by,\n")],
        [
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text not found verbatim in source 'alpha'; closest passage in the source: "
                '""We will not stand by,""',
                VERBATIM,
            )
        ],
        id="quote-not-in-source",
    ),
    pytest.param(  # line 26: '        excerpt: ' is 17 characters
        [
            replace(
                R,
                "        excerpt: ministry said on Monday that 3,000 troops had arrived\n",
                "        excerpt: about 10,000 soldiers\n",
            )
        ],
        [
            err(
                f"{R}:26:18",
                "claim 'ministry-3000'",
                "excerpt is not in source 'alpha'; it is in source 'beta'",
                "cite source: beta",
            )
        ],
        id="excerpt-in-another-source",
    ),
    pytest.param(  # the excerpt on line 11 removed: the citation mapping starts at 10:9
        [
            replace(
                R,
                "        excerpt: The ministry said on Monday that 3,000 troops had arrived.\n",
                "",
            )
        ],
        [
            err(
                f"{R}:10:9",
                "event 'troops-arrive'",
                "citation has no 'excerpt'",
                "copy the sentence this record rests on, verbatim, into excerpt:",
            )
        ],
        id="citation-without-excerpt",
    ),
    pytest.param(  # line 64
        [
            replace(
                R,
                "        excerpt: A spokesman denied the report, calling it “pure fiction”\n",
                "        excerpt: The ministry said on Monday that 3,000 troops had arrived.\n",
            )
        ],
        [
            err(
                f"{R}:64:18",
                "quote 'spokesman-fiction'",
                "the excerpt does not contain the quote's text",
                "make the excerpt the passage that holds the quote, or leave it out",
            )
        ],
        id="quote-excerpt-without-quote",
    ),
    pytest.param(  # sources.yml line 14: '    file: ' is 10 characters
        [delete("seeds/beta.txt")],
        [
            err(
                f"{S}:14:11",
                "source 'beta'",
                "archived text 'seeds/beta.txt' does not exist",
                "copy the article's text, byte for byte, to seeds/beta.txt",
            )
        ],
        id="missing-seed",
    ),
    pytest.param(
        [replace(S, "    file: alpha.txt\n", "    file: alpah.txt\n")],
        [
            err(
                f"{S}:7:11",
                "source 'alpha'",
                "archived text 'seeds/alpah.txt' does not exist",
                "did you mean 'alpha.txt'?",
            )
        ],
        id="misspelt-seed",
    ),
    pytest.param(
        [replace(S, "    file: beta.txt\n", "    file: alpha.txt\n")],
        [
            err(
                f"{S}:14:11",
                "source 'beta'",
                "file 'alpha.txt' is already the text of source 'alpha'",
                "each source stands for its own archived file",
            )
        ],
        id="seed-used-twice",
    ),
    pytest.param(
        [replace(S, "    file: beta.txt\n", "    file: ../content/actors.yml\n")],
        [
            err(
                f"{S}:14:11",
                "source 'beta'",
                "'file' value '../content/actors.yml' is not a file name in seeds/ ending in .txt",
                "write only the file name, e.g. 000_ff3790364edfebf4.txt",
            )
        ],
        id="seed-outside-seeds",
    ),
    pytest.param(
        [write("seeds/beta.txt", "Officials said caf\xe9 owners were\n".encode("latin-1"))],
        [
            err(
                f"{S}:14:11",
                "source 'beta'",
                "archived text seeds/beta.txt: byte 0xe9 is not valid UTF-8",
                "save the file as UTF-8",
            )
        ],
        id="seed-not-utf8",
    ),
    pytest.param(
        [write("seeds/beta.txt", b"Officials \x00 said\n")],
        [
            err(
                f"{S}:14:11",
                "source 'beta'",
                "archived text seeds/beta.txt: file contains a NUL byte",
                "remove the NUL character (the file may be binary or corrupted)",
            )
        ],
        id="seed-with-nul",
    ),
    pytest.param(
        # The archived text of alpha was re-saved with edits: every record citing it fails,
        # each at its own excerpt (lines 11, 26, 50, 64; the quote's text on line 53), and
        # one more error at alpha's 'file' (sources.yml line 7) names all five records.
        [
            write(
                "seeds/alpha.txt",
                "SEOUL >> The ministry said on Tuesday that 4,000 troops "
                "arrived.\n\nThe minister said: we shall not stand by.\n\n"
                "A spokesman rejected the claim as false.\n",
            )
        ],
        [
            err(
                f"{R}:11:18",
                "event 'troops-arrive'",
                "excerpt not found verbatim in source 'alpha'; closest passage in the source: "
                '"The ministry said on Tuesday that 4,000 troops arrived. The"',
                VERBATIM,
            ),
            err(
                f"{R}:26:18",
                "claim 'ministry-3000'",
                "excerpt not found verbatim in source 'alpha'; closest passage in the source: "
                '"The ministry said on Tuesday that 4,000 troops arrived."',
                VERBATIM,
            ),
            err(
                f"{R}:50:18",
                "claim 'spokesman-denies'",
                "excerpt not found verbatim in source 'alpha'; closest passage in the source: "
                '"A spokesman rejected the claim as false."',
                VERBATIM,
            ),
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text not found verbatim in source 'alpha'; closest passage in the source: "
                '"we shall not stand by."',
                VERBATIM,
            ),
            err(
                f"{R}:64:18",
                "quote 'spokesman-fiction'",
                "excerpt not found verbatim in source 'alpha'; closest passage in the source: "
                '"A spokesman rejected the claim as false."',
                VERBATIM,
            ),
            err(
                f"{S}:7:11",
                "source 'alpha'",
                "5 records cite passages that are not in seeds/alpha.txt: event 'troops-arrive', "
                "claim 'ministry-3000', claim 'spokesman-denies', quote 'minister-stand-by', "
                "quote 'spokesman-fiction'",
                "if the archived text was changed, restore the original; otherwise correct each "
                "excerpt (each has its own error)",
            ),
        ],
        id="seed-changed-after-citing",
    ),
]

HOSTILE_ID_CASES = (
    [
        pytest.param(
            value,
            [append(A, EXTRA_ACTOR.format(value))],
            [err(f"{A}:22:9", f"actor '{shown}'", f"'id' value '{shown}' {ID_RULE}", ID_FIX)],
            id=name,
        )
        for name, value, shown in [
            ("parent-folder", "../x", "../x"),
            ("absolute-path", "/etc/passwd", "/etc/passwd"),
            ("backslash", "'a\\b'", "a\\b"),
            ("windows-drive", "'c:'", "c:"),
            ("cyrillic-lookalike", "ministr\u0443", "ministr\u0443"),
            ("fullwidth-lookalike", "\uff4dinistry", "\uff4dinistry"),
            ("uppercase", "Ministry", "Ministry"),
            ("double-hyphen", "a--b", "a--b"),
            ("dot", "index.html", "index.html"),
        ]
    ]
    + [
        pytest.param(
            value,
            [append(A, EXTRA_ACTOR.format(value))],
            [
                err(
                    f"{A}:22:9",
                    f"actor '{value}'",
                    f"id '{value}' is a reserved name",
                    f"choose another id, e.g. '{value}-1'",
                )
            ],
            id=f"reserved-{value}",
        )
        for value in ["con", "nul", "com1", "index", "tags"]
    ]
    + [
        pytest.param(
            "a" * 65,
            [append(A, EXTRA_ACTOR.format("a" * 65))],
            [
                err(
                    f"{A}:22:9",
                    f"actor '{'a' * 65}'",
                    "'id' is 65 characters, over the limit of 64",
                    "shorten the text",
                )
            ],
            id="very-long",
        ),
    ]
)

CASES = [
    *(pytest.param(*p.values, id=f"yaml-{p.id}") for p in YAML_CASES),
    *(pytest.param(*p.values, id=f"schema-{p.id}") for p in SCHEMA_CASES),
    *(pytest.param(*p.values, id=f"ref-{p.id}") for p in REFERENCE_CASES),
    *(pytest.param(*p.values, id=f"date-{p.id}") for p in DATE_CASES),
    *(pytest.param(*p.values, id=f"provenance-{p.id}") for p in PROVENANCE_CASES),
    *(pytest.param(*p.values[1:], id=f"hostile-id-{p.id}") for p in HOSTILE_ID_CASES),
]


def check_invalid(root: Path, command: str, expected: list[str]) -> None:
    result = run_main(root, command)
    assert "Traceback" not in result.err
    assert result.err == report(*expected)
    assert result.code == 2, result.err
    assert result.out == ""


@pytest.mark.parametrize(("steps", "expected"), CASES)
def test_bad_input_is_reported_exactly(mini: Path, steps: list[Step], expected: list[str]) -> None:
    for step in steps:
        step(mini)
    check_invalid(mini, "validate", expected)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        pytest.param(*p.values, id=p.id)
        for p in (YAML_CASES[4], SCHEMA_CASES[7], REFERENCE_CASES[0], PROVENANCE_CASES[0])
    ],
)
def test_build_reports_the_same_and_writes_nothing(
    mini: Path, steps: list[Step], expected: list[str]
) -> None:
    for step in steps:
        step(mini)
    check_invalid(mini, "build", expected)
    assert not (mini / "build").exists()
    assert not (mini / "site").exists()


def test_every_error_is_reported_in_one_run(mini: Path) -> None:
    """Mistakes in several files and stages come out together, sorted by file and line."""
    replace(A, "    description: The ministry in", "    descripton: The ministry in")(mini)
    replace(R, "    claimant: ministry\n", "    claimant: nobody\n")(mini)
    replace(S, "    published: 2024-10-29\n", "    published: 2024-02-30\n")(mini)
    replace(
        R,
        "        excerpt: ministry said on Monday that 3,000 troops had arrived\n",
        "        excerpt: about 10,000 soldiers\n",
    )(mini)
    check_invalid(
        mini,
        "validate",
        [
            err(
                f"{A}:6:5",
                "actor 'ministry'",
                "unknown key 'descripton' in actor",
                "did you mean 'description'?",
            ),
            err(
                f"{R}:15:15",
                "claim 'ministry-3000'",
                "refers to actor 'nobody', which does not exist",
                REF_FIX.format("nobody", "actors"),
            ),
            err(
                f"{R}:26:18",
                "claim 'ministry-3000'",
                "excerpt is not in source 'alpha'; it is in source 'beta'",
                "cite source: beta",
            ),
            err(
                f"{S}:5:16",
                "source 'alpha'",
                "'published': '2024-02-30' is not a real date: February 2024 has 29 days",
                "check the day of the month",
            ),
        ],
    )


# --- warnings: reported, but the content is valid ---------------------------------------


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        pytest.param(  # records.yml line 4: the event now falls after alpha (29 October)
            [replace(R, "      value: 2024-10-28\n", "      value: 2024-11-05\n")],
            warn(
                f"{R}:4:14",
                "event 'troops-arrive'",
                "event starts 5 November 2024, after its sources were published",
                "check the date; if the source forecasts it, say so in the title",
            ),
            id="event-after-its-source",
        ),
        pytest.param(  # alpha (sources.yml line 5) is newer than the briefing's as_of
            [replace(B, "  as_of: 2024-10-31\n", "  as_of: 2024-10-20\n")],
            warn(
                f"{S}:5:16",
                "source 'alpha'",
                "published 29 October 2024, after the briefing's as_of (20 October 2024)",
                "move the briefing's as_of forward to the newest source's date",
            ),
            id="source-after-as-of",
        ),
    ],
)
def test_warnings_do_not_fail(mini: Path, steps: list[Step], expected: str) -> None:
    for step in steps:
        step(mini)
    result = run_main(mini, "validate")
    assert result.code == 0, result.err
    assert result.err == expected + "\n"
    assert result.out == "ok: 13 records in 5 files; every excerpt found in its source\n"


# --- sizes ----------------------------------------------------------------------------


def test_content_file_over_the_limit(mini: Path) -> None:
    from generator.yamlload import MAX_FILE_BYTES

    assert MAX_FILE_BYTES == 10 * 1024 * 1024
    (mini / "content/huge.yml").write_bytes(b"# " + b"x" * (MAX_FILE_BYTES - 2) + b"\n")
    check_invalid(
        mini,
        "validate",
        [
            err(
                "content/huge.yml:1:1",
                "",
                "file is 10,485,761 bytes, over the limit of 10,485,760",
                "split the records over several files of the same kind",
            ),
        ],
    )


def test_large_content_file_validates(mini: Path) -> None:
    """20,000 claims in one file (about 4 MB) validate. (How fast: scripts/bench.py.)"""
    lines = ["claims:"]
    for i in range(20_000):
        lines += [
            f"  - id: bulk-{i}",
            f"    statement: Claim number {i}.",
            "    claimant: ministry",
            "    status: reported",
            "    citations:",
            "      - source: alpha",
            "        excerpt: ministry said on Monday that 3,000 troops had arrived",
        ]
    (mini / "content/bulk.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_main(mini, "validate")
    assert result.code == 0, result.err[-2000:]
    assert result.out == "ok: 20013 records in 6 files; every excerpt found in its source\n"


def test_many_errors_make_a_bounded_report(mini: Path) -> None:
    """5,000 dangling references against 5,000 claims: the first 100 in full, then the
    count of each kind in each file, and the total."""
    lines = ["claims:"]
    for i in range(5_000):
        lines += [
            f"  - id: bulk-{i}",
            "    statement: A claim.",
            "    claimant: ministry",
            "    status: reported",
            f"    supports: [missing-{i}]",
            "    citations:",
            "      - source: alpha",
            "        excerpt: ministry said on Monday that 3,000 troops had arrived",
        ]
    (mini / "content/bulk.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_main(mini, "validate")
    assert result.code == 2
    assert "Traceback" not in result.err

    # record i starts on line 2 + 8 * i; its supports list is 4 lines down, item at column 16
    def ref(i: int) -> str:
        return err(
            f"content/bulk.yml:{6 + 8 * i}:16",
            f"claim 'bulk-{i}'",
            f"refers to claim 'missing-{i}', which does not exist",
            REF_FIX.format(f"missing-{i}", "claims"),
        )

    assert result.err == (
        "\n".join(ref(i) for i in range(100))
        + "\n... 4,900 more problem(s) not shown in full; all 5,000, by file and kind:\n"
        "  content/bulk.yml: 5,000 error(s): refers to claim '…', which does not exist\n"
        "5000 error(s): nothing was written.\n"
    )


def test_seed_over_the_limit(mini: Path) -> None:
    from generator.validate import MAX_SEED_BYTES

    assert MAX_SEED_BYTES == 2 * 1024 * 1024
    (mini / "seeds/beta.txt").write_bytes(b"a" * (MAX_SEED_BYTES + 1))
    check_invalid(
        mini,
        "validate",
        [
            err(
                f"{S}:14:11",
                "source 'beta'",
                "archived text seeds/beta.txt is 2,097,153 bytes, over the limit of 2,097,152",
                "split the article into several sources, or archive only the part the briefing "
                "uses",
            ),
        ],
    )


def test_large_seed_works_and_misses_are_diagnosed(mini: Path) -> None:
    """A seed just under the limit: excerpts are found, and a miss gets its closest
    passage from the regions around its rarest words. (How fast, with 300 misses:
    scripts/bench_provenance.py, part of make bench.)"""
    beta = mini / "seeds/beta.txt"
    filler = "Nothing else happened in the region on that day, officials said. " * 30_000
    beta.write_text(filler + "\n" + beta.read_text(encoding="utf-8"), encoding="utf-8")
    assert 1_900_000 < beta.stat().st_size < 2 * 1024 * 1024
    result = run_main(mini, "validate")
    assert result.code == 0, result.err
    replace(
        R,
        "        excerpt: about 10,000 soldiers were now in the region\n",
        "        excerpt: about 12,000 soldiers were now in the region\n",
    )(mini)
    check_invalid(
        mini,
        "validate",
        [
            err(
                f"{R}:41:18",
                "claim 'officials-10000'",
                "excerpt not found verbatim in source 'beta'; closest passage in the source: "
                '"about 10,000 soldiers were now in the region"',
                VERBATIM,
            ),
        ],
    )


# --- failures that are not the content's fault: exit status 1 ---------------------------


def test_output_folder_not_made_by_briefing_is_refused(mini: Path) -> None:
    docs = mini / "build/docs"
    docs.mkdir(parents=True)
    (docs / "mine.md").write_text("my notes\n", encoding="utf-8")
    result = run_main(mini, "build")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.endswith(
        f"error: {docs} exists but was not made by briefing (no .briefing-generated file); "
        "move it away or choose another output folder\n"
    )
    assert (docs / "mine.md").read_text(encoding="utf-8") == "my notes\n"


def test_broken_mkdocs_config_is_exit_1_and_debug_shows_the_traceback(mini: Path) -> None:
    (mini / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = run_main(mini, "build")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "\nerror: MkDocs build failed: " in result.err
    assert 'mkdocs.yml", line 2, column 1' in result.err  # where the YAML breaks
    assert result.err.endswith("; the previous pages and site are unchanged\n")
    debug = run_main(mini, "--debug", "build")
    assert debug.code == 1
    assert "Traceback (most recent call last)" in debug.err


def test_a_bare_year_is_a_date_not_a_number(mini: Path) -> None:
    """YAML reads ``2024`` as a number; a date field takes it as the year it means."""
    replace(S, "    published: 2024-10-29\n", "    published: 2024\n")(mini)
    result = run_main(mini, "validate")
    assert (result.code, result.err) == (0, "")


def test_no_content_files(mini: Path) -> None:
    for path in (mini / "content").iterdir():
        path.unlink()
    check_invalid(
        mini,
        "validate",
        [
            err(
                "content",
                "",
                "no .yml files in the content folder",
                "add content files (see README: Editing content)",
            ),
        ],
    )


def test_no_content_folder(mini: Path) -> None:
    result = run_main(mini, "--content", "nope", "validate")
    assert result.code == 2
    assert result.err == report(
        err(
            "nope",
            "",
            "content folder not found",
            "create it, or pass --content with the right path",
        )
    )
