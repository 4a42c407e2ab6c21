"""The coverage report (``briefing coverage``) on small synthetic projects.

(Whether this briefing's own coverage is complete is one of its checks, in
content/checks/.)
"""

from __future__ import annotations

from pathlib import Path

from generator.coverage import coverage, format_report, quoted_passages
from generator.pipeline import check
from generator.project import Project
from generator.provenance import SourceText

SEED = "Alice said “hello world” today.\n\nBob replied “goodbye moon”.\n\nPHOTO DESK\n"

BASE = """\
briefing:
  title: T
  as_of: 2024-01-01
  bottom_line: B.
  bottom_line_rests_on: [source:s]
  key_judgments:
    - id: k
      text: K.
      rests_on: [source:s]
sources:
  - id: s
    outlet: O
    published: 2024-01-01
    file: s.txt
actors:
  - id: alice
    name: Alice
    kind: person
    description: A.
"""


def _project(
    tmp_path: Path,
    quotes: dict[str, str],
    skips: tuple[tuple[str, str], ...] = (),
    seed: str = SEED,
) -> Project:
    """A one-source project: ``quotes`` maps id to text, ``skips`` are (text, reason)."""
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / "s.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    lines = [BASE, "quotes:\n"]
    for qid, text in quotes.items():
        lines.append(
            f"  - id: {qid}\n    text: {text}\n    speaker: alice\n"
            "    citations:\n      - source: s\n"
        )
    if skips:
        lines.append("coverage_skips:\n")
        for text, reason in skips:
            lines.append(f"  - source: s\n    text: {text}\n    reason: {reason}\n")
    (tmp_path / "content" / "all.yml").write_text("".join(lines), encoding="utf-8")
    return Project.at(tmp_path)


def test_uncaptured_quote_makes_report_not_ok(tmp_path: Path):
    project = _project(tmp_path, {"alice-hello": "hello world"})
    report = coverage(project, check(project))
    [source] = report.sources
    assert [(p.text, p.status) for p in source.passages] == [
        ("hello world", "captured"),
        ("goodbye moon", "MISSING"),
    ]
    assert source.passages[0].captured_by == ["alice-hello"]
    assert not report.ok
    text = format_report(report)
    assert "MISSING" in text and "goodbye moon" in text and "NOT OK" in text
    # paragraph 1 is cited by the quote; the others are listed as uncited
    assert [p.status for p in source.paragraphs] == ["cited", "uncited", "uncited"]
    assert source.paragraphs[2].looks_factless


def test_skip_excuses_passage_and_paragraph(tmp_path: Path):
    project = _project(
        tmp_path,
        {"alice-hello": "hello world"},
        [("goodbye moon", "not worth a record"), ("PHOTO DESK", "sign-off, no fact")],
    )
    report = coverage(project, check(project))
    assert report.ok, format_report(report)
    [source] = report.sources
    assert source.passages[1].status == "skipped"
    assert source.paragraphs[2].status == "skipped"
    assert report.stale == []
    assert format_report(report).endswith("-> OK")


def test_stale_skip_makes_report_not_ok(tmp_path: Path):
    project = _project(
        tmp_path,
        {"alice-hello": "hello world"},
        [("goodbye moon", "excused"), ("words that are nowhere", "stale")],
    )
    report = coverage(project, check(project))
    assert not report.ok
    [stale] = report.stale
    assert stale.text == "words that are nowhere"
    assert "Stale skips" in format_report(report)


def test_passage_with_ellipsis_may_be_captured_by_two_quotes(tmp_path: Path):
    seed = "She said “one two three … four five six,” then left.\n"
    project = _project(
        tmp_path, {"alice-one": "one two three", "alice-four": "four five six"}, seed=seed
    )
    report = coverage(project, check(project))
    [passage] = report.sources[0].passages
    assert passage.status == "captured"
    assert set(passage.captured_by) == {"alice-one", "alice-four"}
    assert report.ok


def test_trailing_comma_inside_the_marks_does_not_matter(tmp_path: Path):
    seed = "“Yes we can,” she said.\n"
    project = _project(tmp_path, {"alice-yes": "Yes we can"}, seed=seed)
    report = coverage(project, check(project))
    assert report.ok, format_report(report)


def test_single_quote_rules():
    text = SourceText(
        "Moscow‘s forces – ‘Significant shift’ – and the Koreas’ ties, "
        "\"plain 'inner' words,\" he said.\n"
    )
    found = [p[2] for p in quoted_passages(text)]
    assert found == ["Significant shift", "plain 'inner' words,"]
