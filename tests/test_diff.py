"""``briefing diff REF``: records added, changed and removed since a revision, in
Markdown, tested on a temporary git repository holding a copy of the mini briefing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_main

from generator.diff import field_changes, md_text


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").split("\n"), 1) if text in line)


@pytest.fixture
def repo(mini: Path) -> Path:
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-q", "-m", "the mini briefing")
    return mini


def test_diff_between_two_revisions(repo: Path, tmp_path: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    content = repo / "content"
    actors, records = content / "actors.yml", content / "records.yml"
    actors.write_text(
        actors.read_text("utf-8")
        + "  - id: envoy\n    name: The <Envoy>\n    kind: person\n    description: New.\n",
        encoding="utf-8",
    )
    edit(records, "    status: reported\n", "    status: confirmed\n")  # ministry-3000's
    edit(records, "      value: 3000\n", "      value: 3500\n")
    fiction = line_of(records, "id: spokesman-fiction")  # where it was
    start = records.read_text("utf-8").index("  - id: spokesman-fiction")
    text = records.read_text("utf-8")
    end = text.find("\n  - id: ", start + 1)
    records.write_text(text[:start] + (text[end + 1 :] if end > 0 else ""), encoding="utf-8")
    edit(content / "briefing.yml", "  title: Mini briefing", "  title: Mini briefing, revised")
    (repo / "seeds" / "gamma.txt").write_text("A third article.\n", encoding="utf-8")
    edit(repo / "seeds" / "beta.txt", "soldiers", "Soldiers")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edits")

    out = tmp_path / "changes.md"
    result = run_main(repo, "diff", first, "--output", str(out))
    assert result.code == 0, result.err
    md = result.out
    assert out.read_text("utf-8") == md
    assert md.startswith(f"### Content changes since `{first}`\n\n1 added, 2 changed, 1 removed.\n")
    envoy = line_of(actors, "id: envoy")
    assert f"- **added** `envoy`: The &lt;Envoy&gt; (content/actors.yml:{envoy})" in md
    claim = line_of(records, "id: ministry-3000")
    assert (
        f"- **changed** `ministry-3000`: 3,000 troops arrived. (content/records.yml:{claim})" in md
    )
    assert "  - `status`: `reported` → `confirmed`\n  - `figure.value`: `3000` → `3500`\n" in md
    assert f"- **removed** `spokesman-fiction`: pure fiction (content/records.yml:{fiction})" in md
    assert (
        "- **changed** briefing" in md
        and "`title`: `Mini briefing` → `Mini briefing, revised`" in md
    )
    assert "- **added** `seeds/gamma.txt`" in md
    assert "- **changed** `seeds/beta.txt` ⚠ archived texts are never edited" in md
    # Kinds in the registry's order: the briefing, actors, claims, quotes.
    order = [md.index(h) for h in ("#### Briefing", "#### Actors", "#### Claims", "#### Quotes")]
    assert order == sorted(order)
    assert "officials-10000" not in md  # unchanged records are not listed


def test_diff_of_the_working_tree_against_head(repo: Path) -> None:
    assert run_main(repo, "diff", "HEAD").out.endswith("No record was added, changed or removed.\n")
    edit(repo / "content" / "actors.yml", "    role: minister", "    role: defence minister")
    md = run_main(repo, "diff", "HEAD").out
    assert "0 added, 1 changed, 0 removed." in md
    assert "- **changed** `minister`: The Minister (content/actors.yml:" in md
    assert "  - `role`: `minister` → `defence minister`" in md


def test_a_record_moved_to_another_file_is_a_change(repo: Path) -> None:
    content = repo / "content"
    text = (content / "actors.yml").read_text("utf-8")
    start = text.index("  - id: officials")
    (content / "actors.yml").write_text(text[:start], encoding="utf-8")
    (content / "more-actors.yml").write_text("actors:\n" + text[start:], encoding="utf-8")
    md = run_main(repo, "diff", "HEAD").out
    assert "- **changed** `officials`" in md
    assert "  - `(file)`: `content/actors.yml` → `content/more-actors.yml`" in md


def test_unknown_revision_and_no_repository(repo: Path, mini: Path, tmp_path: Path) -> None:
    result = run_main(repo, "diff", "no-such-branch")
    assert result.code == 1
    assert result.err == "error: 'no-such-branch' is not a revision of this repository\n"
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "content").mkdir()
    result = run_main(plain, "diff", "HEAD")
    assert result.code == 1 and "not a git repository" in result.err


def test_field_changes_name_nested_paths() -> None:
    old = {"a": 1, "figure": {"value": 1, "unit": "x"}, "tags": ["a"]}
    new = {"a": 1, "figure": {"value": 2, "unit": "x", "low": 1}, "tags": ["a", "b"]}
    assert field_changes(old, new) == [
        ("figure.value", 1, 2),
        ("figure.low", None, 1),
        ("tags", ["a"], ["a", "b"]),
    ]
    assert md_text("a *b* [c](d) <e> & `f`") == "a \\*b\\* \\[c\\](d) &lt;e&gt; &amp; \\`f\\`"
