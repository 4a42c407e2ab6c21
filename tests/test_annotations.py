"""``briefing validate --format github``: each problem as a GitHub workflow annotation.

The output is read back with a parser that follows the Actions runner's own reading of
a workflow command (``ActionCommand.TryParseV2``: the command up to the first ``::``
after the leading one, properties split on ``,`` then on the first ``=``, values and
message unescaped), so a message of any text must survive the trip.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_main
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.annotations import escape_data, escape_property, format_github, github_annotation
from generator.errors import Problem, safe

ROOT = Path("/project")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def read_command(line: str) -> tuple[str, dict[str, str], str]:
    """What the runner reads from one line: (command, properties, message)."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2 :]
    command, _, props = info.partition(" ")
    properties = {}
    for pair in props.split(","):
        if pair:
            key, _, value = pair.partition("=")
            properties[key] = unescape_property(value)
    return command, properties, unescape_data(data)


def test_an_error_with_its_place_title_and_fix() -> None:
    problem = Problem(
        "content/actors.yml",
        10,
        5,
        "actor 'minister'",
        "unknown key 'rol' in actor",
        "did you mean 'role'?",
    )
    line = github_annotation(problem, ROOT, workspace="")
    assert line == (
        "::error file=content/actors.yml,line=10,col=5,title=actor 'minister'"
        "::unknown key 'rol' in actor%0Afix: did you mean 'role'?"
    )


def test_warnings_and_problems_without_a_line() -> None:
    warning = Problem("content/a.yml", 3, 0, "claim 'c'", "odd", severity="warning")
    assert github_annotation(warning, ROOT, "").startswith(
        "::warning file=content/a.yml,line=3,col=1,title=claim 'c'::"
    )
    whole_file = Problem("content", message="content folder not found", fix="create it")
    assert github_annotation(whole_file, ROOT, "") == (
        "::error file=content,title=briefing validate::content folder not found%0Afix: create it"
    )


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    # '%' first, so an escape already in the text is not read as one.
    assert escape_data("%0A") == "%250A"


def test_a_hostile_problem_stays_one_command() -> None:
    problem = Problem(
        "content/x,y:z.yml",
        2,
        3,
        "quote 'a::b,c'",
        "text '::error file=evil::owned'\n::warning::second\r\n100%",
        "fix: it, now",
    )
    out = format_github([problem, problem], ROOT, "")
    lines = out.split("\n")
    assert len(lines) == 2
    command, props, message = read_command(lines[0])
    assert command == "error"
    assert props == {
        "file": "content/x,y:z.yml",
        "line": "2",
        "col": "3",
        "title": "quote 'a::b,c'",
    }
    assert message == problem.message + "\nfix: " + problem.fix


def test_paths_are_relative_to_the_checked_out_repository(tmp_path: Path) -> None:
    project = tmp_path / "site"
    problem = Problem("content/a.yml", 1, 1, message="m")
    line = github_annotation(problem, project, workspace=str(tmp_path))
    assert read_command(line)[1]["file"] == "site/content/a.yml"


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    file=_TEXT.filter(bool),
    line=st.integers(min_value=0, max_value=10_000),
    column=st.integers(min_value=0, max_value=500),
    record=_TEXT,
    message=_TEXT,
    fix=_TEXT,
    severity=st.sampled_from(["error", "warning"]),
)
def test_any_problem_reads_back_as_itself(
    file: str, line: int, column: int, record: str, message: str, fix: str, severity: str
) -> None:
    problem = Problem(file, line, column, record, message, fix, severity)
    # A problem holds its text terminal-safe (control characters written as escapes),
    # so that is the text every format, this one included, must carry unchanged.
    assert (problem.file, problem.record, problem.message, problem.fix) == (
        safe(file),
        safe(record),
        safe(message),
        safe(fix),
    )
    out = github_annotation(problem, ROOT, "")
    assert "\n" not in out and "\r" not in out
    command, props, text = read_command(out)
    assert command == severity
    assert props["file"] == problem.file
    assert props["title"] == (problem.record or "briefing validate")
    if line:
        assert (props["line"], props["col"]) == (str(line), str(column or 1))
    else:
        assert "line" not in props and "col" not in props
    assert text == problem.message + (f"\nfix: {problem.fix}" if fix else "")


GRAMMAR = re.compile(r"^::(error|warning) file=[^,:]+(,line=\d+,col=\d+)?,title=[^,:]*::.*$")


def test_validate_format_github_on_broken_content(mini: Path) -> None:
    actors = mini / "content" / "actors.yml"
    text = actors.read_text("utf-8")
    actors.write_text(text.replace("    role: minister", "    rol: minister"), encoding="utf-8")
    line = text.split("\n").index("    role: minister") + 1
    result = run_main(mini, "validate", "--format", "github", env={"GITHUB_WORKSPACE": ""})
    assert result.code == 2
    commands = result.out.strip().split("\n")
    assert all(GRAMMAR.match(c) for c in commands), commands
    parsed = [read_command(c) for c in commands]
    assert (
        "error",
        {"file": "content/actors.yml", "line": str(line), "col": "5", "title": "actor 'minister'"},
    ) in [(c, p) for c, p, _ in parsed]
    message = next(m for _, p, m in parsed if p["title"] == "actor 'minister'")
    assert message == "unknown key 'rol' in actor\nfix: did you mean 'role'?"
    # The human report still goes to stderr, as with the default format.
    assert f"content/actors.yml:{line}:5: error: actor 'minister'" in result.err


def test_validate_format_github_on_valid_content(mini: Path) -> None:
    result = run_main(mini, "validate", "--format", "github")
    assert result.code == 0, result.err
    assert result.out.startswith("ok: ")
    assert "::" not in result.out
