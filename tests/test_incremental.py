"""Incremental writes (issue 13): a page whose text did not change keeps its file, its
bytes and its modification time; only changed pages are written, deleted ones vanish,
and the write stays atomic (tests/test_guarantees.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_main

from generator import write
from generator.write import write_tree


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every page below ``folder``."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*.md")
    }


def _age(folder: Path) -> None:
    """Date every file an hour back, so a rewrite cannot share its timestamp."""
    for p in folder.rglob("*"):
        if p.is_file():
            t = p.stat().st_mtime - 3600
            os.utime(p, (t, t))


def test_unchanged_pages_keep_their_files_and_times(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    pages = {"index.md": "home\n", "a/one.md": "one\n", "a/two.md": "two\n"}
    first = write_tree(pages, docs)
    assert (first.written, first.changed, first.removed) == (3, 3, 0)
    _age(docs)
    before = _stats(docs)
    again = write_tree(pages, docs)
    assert (again.changed, again.removed) == (0, 0)
    assert _stats(docs) == before
    result = write_tree({**pages, "a/two.md": "two, edited\n", "b/new.md": "new\n"}, docs)
    assert (result.changed, result.removed) == (2, 0)
    after = _stats(docs)
    assert after["index.md"] == before["index.md"] and after["a/one.md"] == before["a/one.md"]
    assert after["a/two.md"][1] > before["a/two.md"][1]
    assert (docs / "a/two.md").read_text() == "two, edited\n"
    gone = write_tree({"index.md": "home\n"}, docs)
    assert (gone.changed, gone.removed) == (0, 3)
    assert sorted(_stats(docs)) == ["index.md"] and not (docs / "a").exists()
    assert _stats(docs)["index.md"] == before["index.md"]


def test_pages_written_elsewhere_reuse_the_last_output(tmp_path: Path) -> None:
    # briefing build writes into a staging folder, swapped in after MkDocs succeeds
    docs, stage = tmp_path / "docs", tmp_path / ".docs.stage"
    write_tree({"index.md": "home\n", "x.md": "x\n"}, docs)
    _age(docs)
    before = _stats(docs)
    result = write_tree({"index.md": "home\n", "x.md": "x, edited\n"}, stage, reuse=docs)
    assert result.changed == 1
    assert _stats(stage)["index.md"][1] == before["index.md"][1]
    assert _stats(stage)["x.md"][1] > before["x.md"][1]
    assert _stats(docs) == before  # the last output is untouched until the swap


def test_without_hard_links_unchanged_pages_are_copied_with_their_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError("hard links not supported")

    docs = tmp_path / "docs"
    write_tree({"index.md": "home\n"}, docs)
    _age(docs)
    before = _stats(docs)["index.md"]
    monkeypatch.setattr(write.os, "link", no_links)
    assert write_tree({"index.md": "home\n"}, docs).changed == 0
    now = _stats(docs)["index.md"]
    assert now[1] == before[1] and now[0] != before[0]  # a copy, with the old time


def test_a_file_we_did_not_make_is_never_reused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.md").write_text("home\n")
    result = write_tree({"index.md": "home\n"}, tmp_path / "docs", reuse=other)
    assert result.changed == 1
    assert (tmp_path / "docs/index.md").stat().st_ino != (other / "index.md").stat().st_ino


@pytest.mark.slow
def test_a_rebuild_after_an_edit_rewrites_only_the_pages_it_changes(mini: Path) -> None:
    result = run_main(mini, "build")
    assert result.code == 0, result.err
    docs = mini / "build/docs"
    _age(docs)
    before = _stats(docs)
    records = mini / "content/records.yml"
    text = records.read_text(encoding="utf-8")
    assert "    title: Troops arrive\n" in text  # shown on several pages; a summary only on one
    records.write_text(
        text.replace(
            "    title: Troops arrive\n", "    title: Troops arrive\n    summary: By river.\n"
        )
    )
    result = run_main(mini, "build")
    assert result.code == 0, result.err
    after = _stats(docs)
    assert sorted(after) == sorted(before)
    rewritten = sorted(p for p in after if after[p] != before[p])
    # The Print page shows every event too, and the downloads hold every record. The
    # Downloads page gives their sizes in kB: it changes only if a size crosses a round.
    pages = {p for p in rewritten if not p.startswith("downloads/")}
    assert pages - {"downloads.md"} == {"print.md", "timeline.md"}, rewritten
    # ...and of the downloads, the three holding the event's text (JSON, SQLite, events.csv).
    assert f"({len(rewritten) + 3} changed, 0 removed)" in result.err
    assert "By river." in (docs / "timeline.md").read_text(encoding="utf-8")
