"""``briefing new``: a record of every kind, with a fresh id, appended to the right file
without changing any other byte of it, and only if it validates; ``new source`` copies
the article and drafts the record from what its text states."""

from __future__ import annotations

import difflib
import hashlib
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, make_project, run_main
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import build_model
from generator.pipeline import check
from generator.project import Project
from generator.scaffold import append_record, detect_source, new_kinds, scalar, slug
from generator.schema import json_schema
from generator.schema.kinds import MIN_EXCERPT_WORDS
from generator.validate.citations import word_count
from generator.yamlload import parse


def added_lines(old: str, new: str) -> list[str]:
    """The lines ``new`` adds to ``old``; fails if it changes or removes any line."""
    out = []
    for op in difflib.ndiff(old.splitlines(), new.splitlines()):
        assert not op.startswith("- "), f"a line was changed or removed: {op!r}"
        if op.startswith("+ "):
            out.append(op[2:])
    return out


def contiguous_insert(old: str, new: str) -> str:
    """The block ``new`` inserts into ``old`` in one place (every other byte the same)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < len(old) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    assert old[:start] + new[start : len(new) - end] + old[len(old) - end :] == new
    assert old[:start] + old[len(old) - end :] == old, "text other than an insertion changed"
    return new[start : len(new) - end]


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of this project's content, seeds, schema and site config."""
    root = make_project(tmp_path_factory.mktemp("new") / "p", ROOT / "content", ROOT / "seeds")
    (root / "schema").mkdir()
    (root / "schema" / "content.schema.json").write_bytes(
        (ROOT / "schema" / "content.schema.json").read_bytes()
    )
    return root


def _passages(b: Any) -> Iterator[tuple[Any, str]]:
    """(source, excerpt) for each paragraph whose opening words make a valid passage
    (enough words, found once in its source): the shortest such opening."""
    for source in b.sources.values():
        text = source.text.text
        for start, end in source.text.paragraphs:
            tokens = text[start:end].split()
            for n in range(1, len(tokens) + 1):
                excerpt = " ".join(tokens[:n])
                if word_count(excerpt) >= MIN_EXCERPT_WORDS:
                    if len(source.text.find_all(excerpt)) == 1:
                        yield source, excerpt
                        break


def flags_for(kind: str, b: Any) -> list[str]:
    """Flags for a valid record of ``kind``, from whatever the content holds: an event
    cites the start of a source's first paragraph (enough words to be a passage, and to
    occur once); a claim states the figure and cites the passage of a claim with one
    number; a quote repeats a quotation the content holds, with its speaker and passage."""
    source, excerpt = next(_passages(b))
    actor = next(iter(b.actors.values())).id
    counted = next(
        c for c in b.claims.values() if c.figure is not None and c.figure.value is not None
    )
    assert counted.figure is not None and counted.figure.value is not None
    value = counted.figure.value
    cited = counted.citations[0]
    quote = next(iter(b.quotes.values()))
    quoted = quote.citations[0]
    return {
        "actor": ["--name", "Test Envoy", "--kind", "person", "--description", "Added by a test."],
        "quantity": ["--label", "Test counts", "--unit", "items", "--order", "99"],
        "event": [
            *("--title", "A test event", "--date", "2024-10-28", "--date.inferred", "true"),
            *("--date.basis", "'on Monday' in an article dated 2024-10-29"),
            *("--actors", actor, "--citations.source", source.id, "--citations.excerpt", excerpt),
        ],
        "claim": [
            *("--statement", "A test claim.", "--claimant", actor, "--status", "reported"),
            *("--figure.quantity", counted.figure.quantity.id),
            *("--figure.value", f"{int(value)}" if value == int(value) else f"{value}"),
            *("--figure.counts", "things counted", "--citations.source", cited.source.id),
            *("--citations.excerpt", cited.excerpt),
        ],
        "quote": [
            *("--text", quote.text, "--speaker", quote.speaker.id),
            *("--citations.source", quoted.source.id),
            *(("--citations.excerpt", quoted.excerpt) if quoted.excerpt else ()),
        ],
        "skip": ["--source", source.id, "--text", "a test phrase", "--reason", "a test reason"],
    }[kind]


KINDS_WITHOUT_ARTICLE = [k for k in new_kinds() if k != "source"]


def test_the_kinds_are_the_schemas_lists_of_records() -> None:
    assert set(new_kinds()) == {"source", *KINDS_WITHOUT_ARTICLE}
    assert {"actor", "quantity", "event", "claim", "quote"} <= set(KINDS_WITHOUT_ARTICLE)


@pytest.mark.parametrize("kind", KINDS_WITHOUT_ARTICLE)
def test_new_adds_a_record_that_validates_and_leaves_the_file_otherwise_untouched(
    real_copy: Path, kind: str
) -> None:
    b = build_model(check(Project.at(real_copy)))
    before = {p: p.read_text("utf-8") for p in (real_copy / "content").rglob("*.yml")}
    result = run_main(real_copy, "new", kind, "--no-input", *flags_for(kind, b))
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert re.match(rf"added (an? )?{new_kinds()[kind].singular}\b", first), result.out
    changed = [p for p in before if p.read_text("utf-8") != before[p]]
    assert len(changed) == 1, changed
    target = changed[0]
    assert first.split(" to ")[1].split(":")[0] == target.relative_to(real_copy).as_posix()
    old, new = before[target], target.read_text("utf-8")
    inserted = contiguous_insert(old, new)
    assert added_lines(old, new)
    # Every comment of the file is still there, in order, and the header comes first.
    comments = [line for line in old.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in new.splitlines() if line.lstrip().startswith("#")] == comments
    if old.startswith("# yaml-language-server"):
        assert new.startswith(old.splitlines()[0])
    # The new record is the last of its kind in the file, and the content validates.
    node = parse(new, target.name)
    assert node is not None
    key = new_kinds()[kind].key
    last = node.value[key].value[-1].plain()
    assert inserted.strip().startswith("- ") and f"{last.get('id', '')}" in inserted
    validated = run_main(real_copy, "validate")
    assert validated.code == 0, validated.err
    if "id" in last:
        assert f"'{last['id']}'" in first


def test_each_new_id_is_fresh(mini: Path) -> None:
    args = ["new", "actor", "--no-input", "--name", "The Envoy", "--kind", "person"]
    args += ["--description", "An envoy."]
    first = run_main(mini, *args)
    second = run_main(mini, *args)
    assert first.code == second.code == 0, first.err + second.err
    assert "actor 'the-envoy'" in first.out
    assert "actor 'the-envoy-2'" in second.out
    taken = run_main(mini, *args, "--id", "ministry")
    assert taken.code == 1
    assert "actor id 'ministry' is already used in content/actors.yml:2" in taken.err


def test_a_record_that_would_not_validate_is_not_written(mini: Path) -> None:
    records = mini / "content" / "records.yml"
    before = records.read_bytes()
    result = run_main(
        mini,
        *("new", "quote", "--no-input", "--text", "words nobody said"),
        *("--speaker", "minister", "--citations.source", "alpha"),
    )
    assert result.code == 2
    assert "quote text not found verbatim in source 'alpha'" in result.err
    assert "nothing was written" in result.err
    assert records.read_bytes() == before
    missing = run_main(mini, "new", "actor", "--no-input", "--name", "X")
    assert missing.code == 1
    assert missing.err == (
        "error: an actor needs --kind, --description (run it in a terminal to be asked for them)\n"
    )


def test_a_kind_that_shares_a_file_goes_before_the_next_kind(mini: Path) -> None:
    records = mini / "content" / "records.yml"
    old = records.read_text("utf-8")
    result = run_main(
        mini,
        *("new", "event", "--no-input", "--title", "Troops leave", "--date", "2024-10-29"),
        *(
            "--citations.source",
            "beta",
            "--citations.excerpt",
            "about 10,000 soldiers were now in the region",
        ),
    )
    assert result.code == 0, result.err
    new = records.read_text("utf-8")
    inserted = contiguous_insert(old, new)
    assert "id: troops-leave" in inserted
    assert new.index("id: troops-leave") < new.index("\nclaims:")
    node = parse(new, "records.yml")
    assert node is not None
    assert [e["id"] for e in node.value["events"].plain()] == ["troops-arrive", "troops-leave"]


def test_a_kind_no_file_holds_gets_a_file_of_its_own(mini: Path) -> None:
    result = run_main(
        mini,
        *("new", "skip", "--no-input", "--source", "alpha", "--text", "no comment"),
        *("--reason", "a phrase the outlet quotes from a document"),
    )
    assert result.code == 0, result.err
    created = mini / "content" / "coverage_skips.yml"
    assert "(a new file)" in result.out
    text = created.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/content.schema.json\n")
    assert run_main(mini, "validate").code == 0


def test_several_files_of_a_kind_go_by_the_source_cited_or_need_a_choice(mini: Path) -> None:
    # The fixture's claims, split over two files: alpha's in one, beta's in the other.
    records = mini / "content" / "records.yml"
    text = records.read_text("utf-8")
    start, end = text.index("  - id: officials-10000"), text.index("  - id: spokesman-denies")
    records.write_text(text[:start] + text[end:], encoding="utf-8")
    beta = mini / "content" / "beta-claims.yml"
    beta.write_text("claims:\n" + text[start:end], encoding="utf-8")
    assert run_main(mini, "validate").code == 0
    claim = ["new", "claim", "--no-input", "--claimant", "officials", "--status", "reported"]

    cites_beta = [
        "--citations.source",
        "beta",
        "--citations.excerpt",
        "about 10,000 soldiers were now in the region",
    ]
    result = run_main(mini, *claim, "--statement", "Soldiers are there.", *cites_beta)
    assert result.code == 0, result.err
    assert "to content/beta-claims.yml:" in result.out

    # Two claims citing beta in each file: the editor chooses.
    spread = run_main(
        mini, *claim, "--statement", "Beta in records.", *cites_beta, "--into", str(records)
    )
    assert spread.code == 0, spread.err
    assert "to content/records.yml:" in spread.out
    spread = run_main(
        mini, *claim, "--statement", "Beta in records too.", *cites_beta, "--into", str(records)
    )
    assert spread.code == 0, spread.err
    tied = run_main(mini, *claim, "--statement", "Which file?", *cites_beta)
    assert tied.code == 1
    assert "claims are kept in 2 files" in tied.err
    assert "choose one with --into FILE" in tied.err


ARTICLE = (
    "Envoy meets the ministers\n"
    "\n"
    "LONDON (Reuters) - An envoy met ministers on Oct. 30, 2024, officials said, in talks "
    "that both sides called useful and that more meetings would follow in the coming weeks, "
    "according to two people briefed on the meeting who asked not to be named.\n"
    "\n"
    "A second paragraph.\n"
)


def test_new_source_copies_the_article_and_drafts_its_record(mini: Path, tmp_path: Path) -> None:
    article = tmp_path / "downloaded article.txt"
    article.write_bytes(ARTICLE.encode("utf-8"))
    result = run_main(mini, "new", "source", str(article), "--no-input", "--outlet", "Reuters")
    assert result.code == 0, result.err
    # Numbered after the seeds named NNN_... (the fixture's have other names: 000).
    name = f"000_{hashlib.sha256(ARTICLE.encode()).hexdigest()[:16]}.txt"
    assert sorted(p.name for p in (mini / "seeds").iterdir()) == [name, "alpha.txt", "beta.txt"]
    assert (mini / "seeds" / name).read_bytes() == article.read_bytes()
    assert f"copied {article} to seeds/{name}" in result.out
    node = parse((mini / "content" / "sources.yml").read_text("utf-8"), "sources.yml")
    assert node is not None
    record = node.value["sources"].plain()[-1]
    assert record == {
        "id": "reuters-2024-10-30",
        "outlet": "Reuters",
        "headline": "Envoy meets the ministers",
        "published": "2024-10-30",
        "dateline": "LONDON",
        "byline": "Reuters",
        "file": name,
    }
    text = (mini / "content" / "sources.yml").read_text("utf-8")
    assert "#   published from the text: 'Oct. 30, 2024'" in text
    assert run_main(mini, "validate").code == 0

    again = run_main(mini, "new", "source", str(article), "--no-input", "--outlet", "Reuters")
    assert again.code == 1
    assert f"already archived as seeds/{name} (source 'reuters-2024-10-30')" in again.err


def test_new_source_without_a_stated_date_needs_one(mini: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said on Monday that talks would go on.\n", encoding="utf-8")
    result = run_main(mini, "new", "source", str(article), "--no-input", "--outlet", "Herald")
    assert result.code == 1
    assert "needs --published" in result.err
    assert len(list((mini / "seeds").iterdir())) == 2  # nothing copied
    result = run_main(
        mini,
        *("new", "source", str(article), "--no-input", "--outlet", "Herald"),
        *("--published", "2024-10-29", "--published.inferred", "true"),
        *("--published.basis", "the article reports Monday's talks as the day before"),
    )
    assert result.code == 0, result.err
    node = parse((mini / "content" / "sources.yml").read_text("utf-8"), "sources.yml")
    assert node is not None
    assert node.value["sources"].plain()[-1]["published"] == {
        "value": "2024-10-29",
        "inferred": True,
        "basis": "the article reports Monday's talks as the day before",
    }


def test_in_a_terminal_it_asks_for_what_is_missing(mini: Path) -> None:
    """The prompts, answered through a real pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(mini), "new", "actor"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=mini,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    os.close(slave)
    seen = b""
    answers = [("name (", "The Envoy"), ("kind (", "nobody"), ("choose one of", "person")]
    answers += [("description (", "An envoy, asked for.")]
    try:
        for prompt, answer in answers:
            seen = _read_until(master, seen, prompt.encode())
            os.write(master, answer.encode() + b"\n")
        seen = _read_until(master, seen, b"added actor 'the-envoy'")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = (mini / "content" / "actors.yml").read_text("utf-8")
    assert "  - id: the-envoy\n    name: The Envoy\n    kind: person\n" in text
    assert "one of: person, state" in seen.decode()


def _read_until(fd: int, seen: bytes, wanted: bytes, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {wanted!r} in {seen.decode(errors='replace')}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


# --- the parts --------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60))
def test_any_text_is_written_so_that_it_reads_back(text: str) -> None:
    written = scalar(text)
    node = parse(f"x: {written}\n", "t.yml")
    assert node is not None and node.value["x"].value == text


def test_plain_text_stays_plain_and_risky_text_is_quoted() -> None:
    assert scalar("Troops arrive") == "Troops arrive"
    assert scalar("2024-10-28") == "2024-10-28"  # read as text by the content loader
    assert scalar("'on Monday' in an article") == "\"'on Monday' in an article\""
    for risky in ("yes: no", "true", "3000", "- dash", "a # b", " padded", "[x]", "null", ""):
        assert scalar(risky) != risky or risky == "", risky


def test_appending_verifies_it_changes_nothing_else() -> None:
    text = "# a comment\nactors:\n  - id: a\n    name: A  # trailing\n\n# next\nevents:\n"
    out = append_record(text, "t.yml", "actors", {"id": "b", "name": "B"}, ["why"])
    assert out.text == (
        "# a comment\nactors:\n  - id: a\n    name: A  # trailing\n  # why\n  - id: b\n"
        "    name: B\n\n# next\nevents:\n"
    )
    assert out.line == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2024-10-29 MOSCOW/SEOUL >> North Korea's minister", {"published": "2024-10-29"}),
        ("WASHINGTON (AP) — Some 8,000 soldiers, on October 31, 2024", {"dateline": "WASHINGTON"}),
        ("AFP – North Korea's decision to deploy", {"byline": "AFP"}),
        ("PARIS, 30 October 2024 - text", {"published": "2024-10-30"}),
        ("Published 2024-02-30 and again 2024-03-01.", {"published": "2024-03-01"}),
        ("NATO said on Monday thousands of troops were moving.", {}),
    ],
)
def test_detect_source_finds_what_the_text_states(text: str, expected: dict[str, str]) -> None:
    found = detect_source(text).fields
    for key, value in expected.items():
        assert found.get(key) == value, found
    if not expected:
        assert found == {}


def test_slug_is_an_id() -> None:
    assert slug("The Ministry of Défense, in Paris!") == "the-ministry-of-defense-in-paris"
    assert slug("¿¡") == "record"


def test_every_schema_field_has_a_description_and_a_valid_example() -> None:
    """What an editor's YAML language server shows for each field it completes."""
    checked = 0

    def walk(schema: dict[str, Any], where: str) -> None:
        nonlocal checked
        for name, prop in (schema.get("properties") or {}).items():
            if where == "":  # the top-level kinds: described, lists of records
                walk(prop.get("items", prop), name)
                continue
            assert prop.get("description"), f"{where}.{name} has no description"
            assert prop.get("examples"), f"{where}.{name} has no example"
            for example in prop["examples"]:
                jsonschema.validate(example, _resolved(prop))
            checked += 1
            for branch in [prop, prop.get("items") or {}, *prop.get("anyOf", [])]:
                if isinstance(branch, dict) and "properties" in branch:
                    walk(branch, f"{where}.{name}")

    walk(json_schema(), "")
    assert checked > 50


def _resolved(prop: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in prop.items() if k not in ("examples", "description")}
