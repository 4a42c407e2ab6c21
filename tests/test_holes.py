"""The holes hostile input found, closed: each with its failing fixture and exact message.

Seeds stay inside seeds/; no control character reaches the terminal raw; numbers and
dates stay in range; two builds at once end cleanly; tag anchors stay unique; every
address the site emits is http(s). Cases follow tests/test_bad_input.py (mini fixture,
CLI in process); where a real process is the point (a pipe that would block, two
builds at once) they run the real command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_env, run_cli, run_main
from test_bad_input import VERBATIM, R, S, check_invalid, err, replace
from test_guarantees import snapshot

from generator.errors import MAX_LINE, Problem, format_problems, safe
from generator.lock import output_lock
from generator.project import Project
from generator.site import EPOCH_RANGE, build_epoch
from generator.write import WriteError

BETA = "seeds/beta.txt"
SEED_FIX = "copy the article's text into seeds/ as a regular file (not a link)"
REGULAR_FIX = "replace it with a regular file holding the article's text"


def _refused(message: str, fix: str) -> list[str]:
    """The one error a refused seed gets: at beta's 'file' (sources.yml line 14)."""
    return [err(f"{S}:14:11", "source 'beta'", message, fix)]


# --- seeds stay inside seeds/ ------------------------------------------------------------


def test_a_seed_linked_outside_seeds_is_refused_and_never_published(
    mini: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Officials said the password is hunter2.\n", encoding="utf-8")
    (mini / BETA).unlink()
    (mini / BETA).symlink_to(secret)
    expected = _refused(
        f"archived text seeds/beta.txt is a symbolic link to '{secret}', outside the seeds "
        "folder; nothing outside it is ever read",
        SEED_FIX,
    )
    check_invalid(mini, "validate", expected)
    check_invalid(mini, "build", expected)
    assert not (mini / "site").exists()


def test_a_seed_linked_to_etc_passwd_is_refused(mini: Path) -> None:
    (mini / BETA).unlink()
    (mini / BETA).symlink_to("/etc/passwd")
    check_invalid(
        mini,
        "validate",
        _refused(
            "archived text seeds/beta.txt is a symbolic link to '/etc/passwd', outside the "
            "seeds folder; nothing outside it is ever read",
            SEED_FIX,
        ),
    )


def test_a_seed_linked_out_through_a_linked_folder_is_refused(mini: Path, tmp_path: Path) -> None:
    """A link to a folder inside seeds/ that itself leads out is followed to the end."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "beta.txt").write_text("Officials said so.\n", encoding="utf-8")
    (mini / "seeds/inner").symlink_to(outside)
    (mini / BETA).unlink()
    (mini / BETA).symlink_to("inner/beta.txt")
    check_invalid(
        mini,
        "validate",
        _refused(
            f"archived text seeds/beta.txt is a symbolic link to '{outside / 'beta.txt'}', "
            "outside the seeds folder; nothing outside it is ever read",
            SEED_FIX,
        ),
    )


def test_a_link_within_seeds_is_followed(mini: Path) -> None:
    (mini / BETA).rename(mini / "seeds/beta-original.txt")
    (mini / BETA).symlink_to("beta-original.txt")
    result = run_main(mini, "validate")
    assert (result.code, result.err) == (0, ""), result.err


def test_a_dangling_seed_link_is_refused(mini: Path) -> None:
    (mini / BETA).unlink()
    (mini / BETA).symlink_to("nowhere.txt")
    check_invalid(
        mini,
        "validate",
        _refused(
            "archived text seeds/beta.txt is a symbolic link to 'nowhere.txt', which does not "
            "exist",
            "replace the link with the article's text, as a regular file in seeds/",
        ),
    )


def test_a_seed_that_is_a_folder_is_refused(mini: Path) -> None:
    (mini / BETA).unlink()
    (mini / BETA).mkdir()
    check_invalid(
        mini,
        "validate",
        _refused(
            "archived text seeds/beta.txt is a folder, not a regular file",
            "put the article's text in a file of that name",
        ),
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_seed_that_is_a_named_pipe_is_refused_without_waiting(mini: Path) -> None:
    """Reading a pipe would wait for a writer forever: the real command, with a timeout."""
    (mini / BETA).unlink()
    os.mkfifo(mini / BETA)
    result = run_cli(mini, "validate", timeout=120)
    assert result.returncode == 2
    assert result.stderr == (
        "\n".join(
            _refused(
                "archived text seeds/beta.txt is a named pipe, not a regular file", REGULAR_FIX
            )
        )
        + "\n1 error(s): nothing was written.\n"
    )


# --- terminal safety ---------------------------------------------------------------------

#: Every character a terminal would act on, but the line feed between lines.
_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def test_control_characters_from_a_seed_are_shown_escaped(mini: Path) -> None:
    """A seed whose text clears the screen and retitles the window, near a failing excerpt:
    the closest passage shows the sequences escaped."""
    (mini / BETA).write_text(
        "Officials in the capital said on Thursday that about 10,000 soldiers\x1b[2J\x1b]0;"
        "pwned\x07 were now in the region, up from an earlier estimate.\n",
        encoding="utf-8",
    )
    replace(
        R,
        "        excerpt: about 10,000 soldiers were now in the region\n",
        "        excerpt: about 10,000 soldiers now in the region\n",
    )(mini)
    result = run_main(mini, "validate")
    assert result.code == 2
    assert not _RAW_CONTROL.search(result.err), repr(result.err)
    assert result.err == (
        err(
            f"{R}:41:18",
            "claim 'officials-10000'",
            "excerpt not found verbatim in source 'beta'; closest passage in the source: "
            '"about 10,000 soldiers\\x1b[2J\\x1b]0;pwned\\x07 were"',
            VERBATIM,
        )
        + "\n1 error(s): nothing was written.\n"
    )


def test_control_characters_in_a_file_name_are_shown_escaped(mini: Path) -> None:
    name = "evil\x1b]0;pwned\x07\u202e.yml"
    (mini / "content" / name).write_text("actors: nope\n", encoding="utf-8")
    result = run_main(mini, "validate")
    assert result.code == 2
    assert not _RAW_CONTROL.search(result.err), repr(result.err)
    assert "content/evil\\x1b]0;pwned\\x07\\u202e.yml:1:9: error: " in result.err


def test_every_problem_is_terminal_safe_however_it_is_printed() -> None:
    problem = Problem("a\x1bb.yml", 1, 2, "quote 'x\u202ey'", "m\x9bn\nsecond", "fix\x07")
    assert problem.format() == (
        "a\\x1bb.yml:1:2: error: quote 'x\\u202ey': m\\x9bn\\nsecond\n    fix: fix\\x07"
    )
    assert safe("a" * (MAX_LINE + 50)) == "a" * MAX_LINE + "… (50 more characters)"


def test_a_look_alike_letter_in_a_quote_is_named(mini: Path) -> None:
    """records.yml line 53: the quote's text starts at column 11; 'We will n' is 9
    characters, so the Cyrillic 'о' is at column 20."""
    replace(R, "    text: We will not stand by,\n", "    text: We will n\u043et stand by,\n")(mini)
    check_invalid(
        mini,
        "validate",
        [
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text not found verbatim in source 'alpha': it has Cyrillic 'о' (U+043E) "
                "at column 20 where the source has Latin 'o'",
                "delete the invisible characters and retype the look-alike letters (copy the "
                "words from the archived text)",
            )
        ],
    )


def test_an_invisible_character_in_a_quote_is_named(mini: Path) -> None:
    replace(R, "    text: We will not stand by,\n", "    text: We will not\u200b stand by,\n")(mini)
    check_invalid(
        mini,
        "validate",
        [
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text not found verbatim in source 'alpha': it has U+200B ZERO WIDTH "
                "SPACE at column 22",
                "delete the invisible characters and retype the look-alike letters (copy the "
                "words from the archived text)",
            )
        ],
    )


def test_a_long_message_line_is_cut(mini: Path) -> None:
    """An unknown key of 1,000 characters (actors.yml line 8; YAML's limit for a key is
    1,024): the message is cut."""
    key = "k" * 1000
    replace(
        "content/actors.yml", "    name: The Minister\n", f"    {key}: x\n    name: The Minister\n"
    )(mini)
    result = run_main(mini, "validate")
    assert result.code == 2
    message = f"unknown key '{key}' in actor"
    shown = message[:MAX_LINE] + f"… ({len(message) - MAX_LINE:,} more characters)"
    assert result.err.startswith(f"content/actors.yml:8:5: error: actor 'minister': {shown}\n")
    assert max(len(line) for line in result.err.splitlines()) < MAX_LINE + 100


def test_thousands_of_problems_are_counted_by_file_and_kind() -> None:
    problems = [
        Problem("a.yml", i, 1, f"claim 'c{i}'", f"refers to actor 'x{i}', which does not exist")
        for i in range(1, 151)
    ] + [Problem("b.yml", 1, 1, "", "duplicate id: claim 'y' is already defined", "fix")]
    lines = format_problems(problems)
    assert len(lines) == 100 + 3
    assert lines[100:] == [
        "... 51 more problem(s) not shown in full; all 151, by file and kind:",
        "  a.yml: 150 error(s): refers to actor '…', which does not exist",
        "  b.yml: 1 error(s): duplicate id: claim '…' is already defined",
    ]


# --- numbers and dates in range ------------------------------------------------------------

NUMBER_LIMIT = "beyond the largest number allowed (1,000,000,000,000,000)"
NUMBER_FIX = (
    "check the number; for a very large amount, count in a larger unit (e.g. 'billion dollars')"
)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("1e999", "1e999"),  # read as infinity
        ("-1e999", "-1e999"),
        ("1" * 400, "1" * 39 + "…"),  # hundreds of digits: would overflow a float
        ("9" * 5000, "9" * 39 + "…"),  # thousands: Python refuses to make an int of them
        ("2e15", "2e15"),
    ],
    ids=["inf", "minus-inf", "400-digits", "5000-digits", "just-too-large"],
)
def test_a_figure_out_of_range_is_refused(mini: Path, written: str, shown: str) -> None:
    replace(R, "      value: 3000\n", f"      value: {written}\n")(mini)  # line 20, column 14
    check_invalid(
        mini,
        "validate",
        [
            err(
                f"{R}:20:14",
                "claim 'ministry-3000'",
                f"'figure.value' is {shown}, {NUMBER_LIMIT}",
                NUMBER_FIX,
            )
        ],
    )


def test_the_build_timestamp_is_clamped_into_range() -> None:
    import datetime as dt

    assert build_epoch(dt.date(2024, 10, 31)) == 1730332800
    assert build_epoch(dt.date(1950, 1, 1)) == EPOCH_RANGE[0]
    assert build_epoch(dt.date(2200, 1, 1)) == EPOCH_RANGE[1] == 2**32 - 1


@pytest.mark.slow
@pytest.mark.parametrize("as_of", ["1950-06-25", "2200-01-01"])
def test_any_valid_as_of_builds(mini: Path, as_of: str) -> None:
    """Dated before 1970 or after 2106, a briefing validated and then failed inside
    MkDocs ('argument out of range', the sitemap's gzip header). It builds."""
    replace("content/briefing.yml", "  as_of: 2024-10-31\n", f"  as_of: {as_of}\n")(mini)
    result = run_main(mini, "build")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert (mini / "site/index.html").is_file()


# --- two builds at once --------------------------------------------------------------------

#: Holds the first build inside MkDocs (lock taken, site half written) until the test
#: creates the file 'release'; later builds pass straight through.
HOLD_HOOK = """
import pathlib
import time


def on_post_page(output, page, config, **kwargs):
    root = pathlib.Path(config.config_file_path).parent
    held = root / "held-in-mkdocs"
    if not held.exists():
        held.write_text(page.file.src_uri)
        while not (root / "release").exists():
            time.sleep(0.01)
    return output
"""


def _popen(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(),
    )


def _wait_for(predicate, what: str, proc: subprocess.Popen[str]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 120
    while not predicate():
        assert proc.poll() is None, f"ended before {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.02)


class _Lines:
    """A process's stderr, read line by line in a thread (so the test can wait for one)."""

    def __init__(self, proc: subprocess.Popen[str]):
        self.lines: list[str] = []
        assert proc.stderr is not None
        stream = proc.stderr
        self.thread = threading.Thread(target=lambda: self.lines.extend(stream), daemon=True)
        self.thread.start()

    def text(self) -> str:
        return "".join(self.lines)


@pytest.mark.slow
def test_two_builds_at_once_wait_for_each_other(mini: Path) -> None:
    (mini / "hold_hook.py").write_text(HOLD_HOOK, encoding="utf-8")
    with open(mini / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("\nhooks:\n  - hold_hook.py\n")
    first = _popen(mini, "build")
    second: subprocess.Popen[str] | None = None
    try:
        _wait_for((mini / "held-in-mkdocs").exists, "held inside MkDocs", first)
        second = _popen(mini, "build")
        waiting = _Lines(second)
        _wait_for(lambda: "waiting for another build" in waiting.text(), "waited", second)
        (mini / "release").write_text("go", encoding="utf-8")
        _, first_err = first.communicate(timeout=300)
        second.wait(timeout=300)
        waiting.thread.join(timeout=10)
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert first.returncode == 0, first_err
    assert second.returncode == 0, waiting.text()
    assert "Traceback" not in first_err + waiting.text()
    assert waiting.text().startswith("waiting for another build of build/docs to finish…\n")
    # Consistent: exactly what one build makes, and no temporary folder left behind.
    assert sorted(p.name for p in mini.iterdir() if ".tmp-" in p.name or ".old-" in p.name) == []
    assert sorted(p.name for p in (mini / "build").iterdir()) == ["docs"]
    after = snapshot(mini / "site", mini / "build/docs")
    rebuilt = run_main(mini, "build")
    assert rebuilt.code == 0, rebuilt.err
    assert snapshot(mini / "site", mini / "build/docs") == after


@pytest.mark.slow
def test_a_failed_build_while_another_runs_leaves_the_site_as_it_was(built_mini: Path) -> None:
    """A build of broken content that starts while a good build holds the output waits,
    then fails: the site the good build made stays byte for byte."""
    mini = built_mini
    broken = mini / "broken-content"
    broken.mkdir()
    for path in (mini / "content").iterdir():
        (broken / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "records.yml").write_text(
        (broken / "records.yml")
        .read_text(encoding="utf-8")
        .replace("claimant: ministry", "claimant: nobody"),
        encoding="utf-8",
    )
    (mini / "hold_hook.py").write_text(HOLD_HOOK, encoding="utf-8")
    with open(mini / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("\nhooks:\n  - hold_hook.py\n")
    good = _popen(mini, "build")
    bad: subprocess.Popen[str] | None = None
    try:
        _wait_for((mini / "held-in-mkdocs").exists, "held inside MkDocs", good)
        bad = _popen(mini, "--content", str(broken), "build")
        waiting = _Lines(bad)
        _wait_for(lambda: "waiting for another build" in waiting.text(), "waited", bad)
        (mini / "release").write_text("go", encoding="utf-8")
        good.communicate(timeout=300)
        site = snapshot(mini / "site", mini / "build/docs")
        bad.wait(timeout=300)
        waiting.thread.join(timeout=10)
    finally:
        for proc in (good, bad):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert good.returncode == 0
    assert bad.returncode == 2, waiting.text()
    assert "Traceback" not in waiting.text()
    assert "refers to actor 'nobody', which does not exist" in waiting.text()
    assert snapshot(mini / "site", mini / "build/docs") == site


def test_a_build_that_cannot_get_the_lock_in_time_fails_cleanly(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with output_lock(project):
            taken.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(30)
        said: list[str] = []
        with pytest.raises(WriteError) as caught, output_lock(project, said.append, wait=0.2):
            pass
    finally:
        release.set()
        holder.join()
    assert said == ["waiting for another build of build/docs to finish…"]
    assert str(caught.value).startswith(
        "another build of build/docs has run for over 0 s (it holds the lock "
    )
    assert str(caught.value).endswith("); let it finish or stop it, then build again")
    with output_lock(project):  # free again
        pass


# --- tag anchors and addresses --------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value:
                self.hrefs.append(value)


@pytest.mark.slow
def test_tags_differing_only_in_case_or_punctuation_share_one_anchor(mini: Path) -> None:
    replace(S, "    outlet: Beta Wire\n", "    outlet: ALPHA NEWS!\n")(mini)
    result = run_main(mini, "build")
    assert result.code == 0, result.err
    pages = sorted((mini / "site").rglob("*.html"))
    for page in pages:
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        repeated = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
        assert repeated == [], f"{page}: {repeated}"
    tags = (mini / "site/tags/index.html").read_text(encoding="utf-8")
    assert tags.count('id="tag:alpha-news"') == 1
    beta = (mini / "site/sources/beta/index.html").read_text(encoding="utf-8")
    assert "tags/#tag:alpha-news" in beta  # beta's outlet shares alpha's tag


@pytest.mark.parametrize(
    ("setting", "shown"),
    [
        ("repo_url: ftp://example.org/repo", "repo_url 'ftp://example.org/repo'"),
        (
            "repo_url: https://example.org/repo\nedit_uri: javascript:alert(1)//",
            "edit_uri 'javascript:alert(1)//'",
        ),
    ],
    ids=["repo-url", "edit-uri"],
)
def test_an_address_that_is_not_http_is_refused(mini: Path, setting: str, shown: str) -> None:
    with open(mini / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write(f"\n{setting}\n")
    result = run_main(mini, "build")
    assert result.code == 1
    assert "Traceback" not in result.err
    key = shown.split()[0]
    assert (
        f"mkdocs.yml: {shown} is not an http(s) address; the site links to it. Write an "
        f"https:// address, or remove {key}"
    ) in result.err
    assert not (mini / "site").exists()


@pytest.mark.slow
def test_edit_links_from_a_non_http_server_are_left_out(built_mini: Path) -> None:
    env = {"GITHUB_REPOSITORY": "a/b", "GITHUB_SERVER_URL": "javascript:alert(1)//x"}
    result = run_main(built_mini, "build", env=env)
    assert result.code == 0, result.err
    for page in (built_mini / "site").rglob("*.html"):
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        odd = [h for h in parser.hrefs if re.match(r"^[a-z][a-z0-9+.-]*:", h, re.I)]
        assert all(h.startswith(("http://", "https://", "mailto:")) for h in odd), (page, odd)
