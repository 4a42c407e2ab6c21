"""Property tests: whatever an editor writes, loading and validation end in clean problems.

Hypothesis feeds the YAML reader arbitrary text and bytes, and feeds the loader and the
validator records built from the schema itself (valid values, near misses and junk
mixed). Every input must either validate or yield :class:`Problem` objects that name a
file, a line >= 0 and a message: never an unexpected exception.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import schema
from generator.errors import Problem
from generator.load import load_content
from generator.model import build_model
from generator.render import render_pages
from generator.scaffold import scalar
from generator.validate import validate
from generator.yamlload import Node, YamlError, decode, parse

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_clean(problem: Problem, files: tuple[str, ...] = ()) -> None:
    assert isinstance(problem, Problem)
    assert problem.file and (not files or problem.file in files), problem
    assert problem.line >= 0 and problem.column >= 0, problem
    assert problem.message.strip(), problem
    assert problem.severity in ("error", "warning"), problem
    assert "Traceback" not in problem.format()


def walk(node: Node) -> None:
    """Every node carries a 1-based position."""
    assert node.line >= 1 and node.column >= 1
    if isinstance(node.value, dict):
        assert set(node.value) == set(node.key_marks)
        for child in node.value.values():
            walk(child)
    elif isinstance(node.value, list):
        for child in node.value:
            walk(child)


# --- the YAML reader ------------------------------------------------------------------

#: Characters and fragments that mean something to YAML, to build text near the edges.
YAML_BITS = st.sampled_from(
    [
        ":",
        ": ",
        "-",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&a",
        "*a",
        "!",
        "!!str",
        "!!python/x",
        "|",
        ">",
        "'",
        '"',
        "%YAML 1.2",
        "---",
        "...",
        "?",
        "@",
        "`",
        "\n",
        "\t",
        " ",
        "  ",
        "\r\n",
        "key",
        "id",
        "actors",
        "claims",
        "briefing",
        "x",
        "1",
        "0x1F",
        "1e3",
        "2024",
        "2024-10-29",
        "true",
        "no",
        "null",
        "~",
        "\\",
        "\\u0000",
        "é",
        "\u2028",
        "\ufeff",
        "\x00",
        "\x07",
        "😀",
    ]
)
yaml_like = st.lists(YAML_BITS, max_size=40).map("".join)

plain_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    """A real YAML dump with a few characters inserted or removed."""
    text = yaml.safe_dump(draw(plain_data), allow_unicode=True)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and at < len(text):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + draw(YAML_BITS) + text[at:]
    return text


def check_parse(text: str) -> None:
    try:
        node = parse(text, "f.yml")
    except YamlError as exc:
        assert_clean(exc.problem, ("f.yml",))
        return
    if node is not None:
        walk(node)


@SETTINGS
@given(yaml_like | st.text(max_size=60))
def test_parse_yaml_like_text(text: str) -> None:
    check_parse(text)


@SETTINGS
@given(mutated_yaml())
def test_parse_mutated_yaml(text: str) -> None:
    check_parse(text)


@SETTINGS
@given(st.binary(max_size=80) | yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decode_and_parse_bytes(data: bytes) -> None:
    try:
        text = decode(data, "f.yml")
    except YamlError as exc:
        assert_clean(exc.problem, ("f.yml",))
        return
    check_parse(text)


@SETTINGS
@given(plain_data)
def test_plain_data_reads_back(data: Any) -> None:
    """Anything PyYAML writes from plain data is read back the same (or refused cleanly:
    we do not take YAML 1.1's 'yes'/'on' or sexagesimal numbers as anything but text)."""
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        node = parse(text, "f.yml")
    except YamlError as exc:
        assert_clean(exc.problem, ("f.yml",))
        return
    assert node is not None
    walk(node)


# --- records built from the schema ------------------------------------------------------

GOOD_IDS = [
    "ministry",
    "minister",
    "spokesman",
    "officials",
    "alpha",
    "beta",
    "troops-arrive",
    "ministry-3000",
    "officials-10000",
    "minister-stand-by",
    "new-one",
    "new-two",
]
BAD_IDS = ["Bad Id", "../x", "con", "", "ministr\u0443"]
ids = st.integers(0, 4).flatmap(lambda i: st.sampled_from(BAD_IDS if i == 0 else GOOD_IDS))
DATES = [
    "2024-10-29",
    "2024-10",
    "2024",
    2024,
    "2024-02-30",
    "2024-13",
    "0000",
    "2024-10-28/2024-10-30",
    "2024-10-30/2024-10-28",
    "29 October",
    20241029,
]
EXCERPTS = [
    "3,000 troops had arrived",
    "We will not stand by,",
    "pure fiction",
    "about 10,000 soldiers were now in the region",
    "not in any source",
    "calling it \u201cpure fiction\u201d",
    "  3,000   troops\nhad arrived  ",
]
junk = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.sampled_from(["a", "id", "value"]), st.integers(), max_size=2)
)


def value_for(t: schema.Type, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for a schema type: mostly plausible, sometimes near misses, now and then junk."""
    if isinstance(t, schema.Either):
        good: st.SearchStrategy[Any] = st.sampled_from(DATES) | value_for(t.full, depth)
    elif isinstance(t, schema.Struct):
        good = struct_for(t, depth + 1)
    elif isinstance(t, schema.ListOf):
        good = st.lists(value_for(t.item, depth + 1), max_size=3)
    elif isinstance(t, schema.Enum):
        good = st.sampled_from([*t.values, "bogus", t.values[0].upper()])
    elif isinstance(t, schema.AnyRef):
        good = st.builds(lambda k, i: f"{k}:{i}", st.sampled_from([*schema.REF_PREFIXES, "x"]), ids)
    elif isinstance(t, schema.Ref) or (
        isinstance(t, schema.Pattern) and t.pattern == schema.ID_PATTERN
    ):
        good = ids
    elif isinstance(t, schema.Pattern) and t.pattern == schema.SEED_PATTERN:
        good = st.sampled_from(["alpha.txt", "beta.txt", "gamma.txt", "../alpha.txt"])
    elif isinstance(t, schema.Pattern):
        good = st.sampled_from([*DATES, "https://example.org/x", "javascript:alert(1)"])
    elif isinstance(t, schema.Number):
        good = st.integers(-10, 20_000) | st.floats(allow_nan=False, allow_infinity=False)
    elif isinstance(t, schema.Bool):
        good = st.booleans()
    else:  # text
        good = st.integers(0, 3).flatmap(
            lambda i: st.text(max_size=30) if i == 0 else st.sampled_from(EXCERPTS)
        )
    if depth > 3:
        return good
    return st.integers(0, 9).flatmap(lambda i: junk if i == 0 else good)


def struct_for(struct: schema.Struct, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping with most of the struct's fields, sometimes one missing or one unknown."""
    fields = {f.name: value_for(f.type, depth) for f in struct.fields}

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out = {}
        for f in struct.fields:
            if draw(st.integers(0, 19)) < (19 if f.required else 8):
                out[f.name] = draw(fields[f.name])
        if draw(st.integers(0, 19)) == 0:
            out[draw(st.sampled_from(["descripton", "colour", "id2", "Text"]))] = "x"
        if struct is schema.CITATION and "excerpt" in out and draw(st.booleans()):
            out["excerpt"] = draw(st.sampled_from(EXCERPTS))
        return out

    return build()


def document() -> st.SearchStrategy[dict[str, Any]]:
    kinds = {kind: st.lists(struct_for(s), max_size=3) for kind, s in schema.COLLECTIONS.items()}
    kinds["coverage_skips"] = st.lists(struct_for(schema.SKIP), max_size=2)
    kinds["briefing"] = struct_for(schema.BRIEFING)
    return st.fixed_dictionaries({}, optional=kinds)


def check_content(extra: dict[str, Any] | str, keep_fixture: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if keep_fixture:
            shutil.copytree(FIXTURE / "content", root / "content")
        else:
            (root / "content").mkdir()
        shutil.copytree(FIXTURE / "seeds", root / "seeds")
        text = extra if isinstance(extra, str) else yaml.safe_dump(extra, allow_unicode=True)
        (root / "content/generated.yml").write_text(text, encoding="utf-8")
        raw = load_content(root / "content", root)
        checked = validate(raw, root / "seeds", root)
        files = tuple(f"content/{p.name}" for p in (root / "content").iterdir())
        for problem in checked.problems:
            assert_clean(problem, (*files, "content", "content/"))
        if not checked.errors:
            render_pages(build_model(checked))  # valid content always renders


@SETTINGS
@given(document(), st.booleans())
def test_generated_records_validate_or_give_clean_problems(
    doc: dict[str, Any], keep_fixture: bool
) -> None:
    check_content(doc, keep_fixture)


@SETTINGS
@given(mutated_yaml() | yaml_like)
def test_any_content_file_gives_clean_problems(text: str) -> None:
    check_content(text, True)


def test_the_fixture_itself_is_valid() -> None:
    """The baseline the properties start from has no errors (so problems above are the
    generated records' own)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(FIXTURE / "content", root / "content")
        shutil.copytree(FIXTURE / "seeds", root / "seeds")
        checked = validate(load_content(root / "content", root), root / "seeds", root)
        assert checked.problems == []


# --- valid by construction: any text in a text field validates and renders ------------

free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip())


@st.composite
def valid_records(draw: st.DrawFn) -> dict[str, Any]:
    """New actors, events, claims and quotes that cite the fixture's sources correctly,
    with arbitrary text wherever the schema takes free text."""
    n = draw(st.integers(1, 3))
    actors = [
        {
            "id": f"gen-actor-{i}",
            "name": draw(free_text),
            "kind": draw(st.sampled_from(schema.ACTOR_KINDS)),
            "description": draw(free_text),
            "aliases": draw(st.lists(free_text, max_size=2, unique=True)),
            # how alpha.txt names the speaker of its "pure fiction" (quotes below)
            "named_as": ["A spokesman"],
        }
        for i in range(n)
    ]
    cite = st.sampled_from(
        [
            {"source": "alpha", "excerpt": "ministry said on Monday that 3,000 troops had arrived"},
            {"source": "beta", "excerpt": "about 10,000 soldiers were now in the region"},
            {
                "source": "alpha",
                "excerpt": 'A spokesman denied the report, calling it "pure fiction"',
            },
        ]
    )
    events = [
        {
            "id": f"gen-event-{i}",
            "date": draw(st.sampled_from(["2024-10-28", "2024-10", "2024"])),
            "title": draw(free_text),
            "summary": draw(free_text),
            "location": draw(free_text),
            "actors": [f"gen-actor-{i % n}"],
            "citations": [dict(draw(cite))],
        }
        for i in range(n)
    ]
    claims = [
        {
            "id": f"gen-claim-{i}",
            "statement": draw(free_text),
            "claimant": f"gen-actor-{i % n}",
            "status": draw(st.sampled_from(schema.STATUSES)),
            "topics": ["gen-topic"],
            "citations": [dict(draw(cite))],
        }
        for i in range(n)
    ]
    quotes = [
        {
            "id": f"gen-quote-{i}",
            "text": "pure fiction",
            "speaker": f"gen-actor-{i % n}",
            "channel": draw(free_text),
            "context": draw(free_text),
            "citations": [{"source": "alpha"}],
        }
        for i in range(n)
    ]
    return {"actors": actors, "events": events, "claims": claims, "quotes": quotes}


class _CoreDumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: it leaves '0E0' plain, which the content loader (YAML 1.2
    core schema) reads as a number. Text the loader would not read back as that text is
    quoted (generator.scaffold.scalar knows which)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = scalar(value) == value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else "'")


_CoreDumper.add_representer(str, _text)


@settings(SETTINGS, max_examples=50)  # rendering costs ~0.1 s an example
@given(valid_records())
def test_any_text_in_valid_records_validates_and_renders(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(FIXTURE / "content", root / "content")
        shutil.copytree(FIXTURE / "seeds", root / "seeds")
        # Every scalar quoted: PyYAML (YAML 1.1) writes text such as '0E0' plain, which
        # the loader (YAML 1.2 numbers) rightly reads as a number, not as text.
        (root / "content/generated.yml").write_text(
            yaml.dump(doc, Dumper=_CoreDumper, allow_unicode=True), encoding="utf-8"
        )
        checked = validate(load_content(root / "content", root), root / "seeds", root)
        assert [p.format() for p in checked.errors] == []
        pages = render_pages(build_model(checked))
        assert "actors/gen-actor-0.md" in pages
