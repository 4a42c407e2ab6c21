"""Unit tests for the load stage: the YAML reader's typing and marks, and content loading.

(Every way loading can fail is in tests/test_bad_input.py, through the real CLI.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.load import load_content
from generator.yamlload import parse

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("2024-10-29", "2024-10-29"),
        ("12:30", "12:30"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1_000", "1_000"),
        (".nan", ".nan"),
        ("3,000", "3,000"),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("0", 0),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("'42'", "42"),
        ('"true"', "true"),
        ("!!str 42", None),
    ],
)
def test_plain_values_follow_yaml_1_2_core(text: str, value: object) -> None:
    if text.startswith("!!"):
        with pytest.raises(Exception, match="tag '!!str' is not allowed"):
            parse(f"k: {text}\n", "f.yml")
        return
    node = parse(f"k: {text}\n", "f.yml")
    assert node is not None
    assert node.value["k"].value == value
    assert type(node.value["k"].value) is type(value)


def test_every_node_knows_where_it_was_written() -> None:
    node = parse('actors:\n  - id: a\n    name: "A"\n    aliases: [x, y]\n', "f.yml")
    assert node is not None
    assert node.key_marks == {"actors": (1, 1)}
    record = node.value["actors"].value[0]
    assert (record.line, record.column) == (2, 5)
    assert record.key_marks == {"id": (2, 5), "name": (3, 5), "aliases": (4, 5)}
    assert (record.value["name"].line, record.value["name"].column) == (3, 11)
    aliases = record.value["aliases"].value
    assert [(a.value, a.line, a.column) for a in aliases] == [("x", 4, 15), ("y", 4, 18)]
    assert record.value["id"].text == "a"  # a plain scalar's text as written
    assert record.value["name"].text is None  # quoted


def test_an_empty_document_is_none() -> None:
    assert parse("", "f.yml") is None
    assert parse("# only a comment\n", "f.yml") is None


def _project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copytree(FIXTURE / "seeds", tmp_path / "seeds")
    return tmp_path


def test_the_fixture_loads_in_file_order(tmp_path: Path) -> None:
    root = _project(tmp_path)
    raw = load_content(root / "content", root)
    assert raw.problems == []
    assert raw.files == [
        "content/actors.yml",
        "content/briefing.yml",
        "content/quantities.yml",
        "content/records.yml",
        "content/sources.yml",
    ]
    assert [r.id for r in raw.records["actors"]] == [
        "ministry",
        "minister",
        "spokesman",
        "officials",
    ]
    assert raw.briefing is not None and raw.briefing.file == "content/briefing.yml"
    claim = raw.records["claims"][0]
    assert (claim.id, claim.file, claim.label) == (
        "ministry-3000",
        "content/records.yml",
        "claim 'ministry-3000'",
    )
    assert claim.mark("figure", "value") == (20, 14)
    assert claim.mark("citations", 0, "excerpt") == (26, 18)
    # no citation 5: falls back to the citations list, whose '- ' is at line 25, column 7
    assert claim.mark("citations", 5, "excerpt") == (25, 7)


def test_a_kind_may_be_split_over_files_in_subfolders(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "content/claims").mkdir()
    (root / "content/claims/more.yaml").write_text(
        "claims:\n  - id: extra\n    statement: More.\n    claimant: ministry\n"
        "    status: reported\n    citations:\n      - source: alpha\n"
        "        excerpt: 3,000 troops\n",
        encoding="utf-8",
    )
    (root / "content/notes.txt").write_text("not content\n", encoding="utf-8")
    raw = load_content(root / "content", root)
    assert raw.problems == []
    assert "content/claims/more.yaml" in raw.files and "content/notes.txt" not in raw.files
    # 'claims/more.yaml' sorts before 'records.yml': the order is by path, not by kind
    assert [c.id for c in raw.records["claims"]][0] == "extra"
    assert raw.files.index("content/claims/more.yaml") < raw.files.index("content/records.yml")
