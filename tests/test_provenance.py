"""Citations that prove their record: each rule's failing fixture and its exact message.

Like tests/test_bad_input.py (whose helpers these cases use), each case copies the mini
fixture, changes one thing and runs ``briefing validate`` in process. Line and column
numbers were worked out by hand from tests/fixtures/mini/content; paragraph numbers from
tests/fixtures/mini/seeds (alpha.txt: 1 the ministry's 3,000, 2 the minister's quote,
3 the spokesman's denial; beta.txt: 1 the officials' 10,000).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_main
from test_bad_input import VERBATIM, R, Step, append, check_invalid, err, replace, warn

from generator.model import build_model
from generator.numbers import numbers_in, states
from generator.pipeline import check
from generator.project import Project
from generator.render import render_pages

A, B, S = "content/actors.yml", "content/briefing.yml", "content/sources.yml"
SHORT_FIX = (
    "extend it within paragraph {0} of source '{1}', to the clause or sentence that "
    "states what the record says"
)
NUMBER_FIX = "write the number the source states, or cite the passage that states {0}"
CLAIM_EXCERPT = "        excerpt: ministry said on Monday that 3,000 troops had arrived\n"
DENIAL_EXCERPT = "        excerpt: A spokesman denied the report, calling it “pure fiction”.\n"


def short(words: int, paragraph: int, source: str = "alpha") -> tuple[str, str]:
    return (
        f"excerpt has {words} word{'s' if words != 1 else ''}; an excerpt needs at least 8 "
        "(or its whole paragraph), to show what the record rests on",
        SHORT_FIX.format(paragraph, source),
    )


CASES = [
    # --- excerpts are passages, not words ------------------------------------------------
    pytest.param(  # records.yml line 26: '        excerpt: ' is 17 characters
        [replace(R, CLAIM_EXCERPT, "        excerpt: troops\n")],
        [err(f"{R}:26:18", "claim 'ministry-3000'", *short(1, 1))],
        id="excerpt-of-one-word",
    ),
    pytest.param(  # 'the' is in paragraphs 2 and 3: too short, wherever it is meant
        [replace(R, CLAIM_EXCERPT, "        excerpt: the\n")],
        [err(f"{R}:26:18", "claim 'ministry-3000'", *short(1, 2))],
        id="excerpt-of-a-common-word",
    ),
    pytest.param(  # '>>' in paragraph 1's dateline: no word at all
        [replace(R, CLAIM_EXCERPT, "        excerpt: '>>'\n")],
        [err(f"{R}:26:18", "claim 'ministry-3000'", *short(0, 1))],
        id="excerpt-of-punctuation",
    ),
    pytest.param(  # a whole short paragraph is as long as the source makes it
        [
            append("seeds/alpha.txt", "\nTroops arrived.\n"),
            replace(
                R,
                "        excerpt: The ministry said on Monday that 3,000 troops had arrived.\n",
                "        excerpt: Troops arrived.\n",
            ),
        ],
        [],
        id="excerpt-of-a-whole-short-paragraph",
    ),
    pytest.param(  # line 50: the end of paragraph 2 glued to the start of paragraph 3
        [
            replace(
                R,
                DENIAL_EXCERPT,
                "        excerpt: the minister said on X. A spokesman denied it\n",
            )
        ],
        [
            err(
                f"{R}:50:18",
                "claim 'spokesman-denies'",
                "excerpt not found verbatim in source 'alpha'; closest passage in the source: "
                '"the minister said on X. A spokesman denied the"',
                VERBATIM,
            )
        ],
        id="excerpt-changed-across-paragraphs",
    ),
    pytest.param(
        [
            replace(
                R,
                DENIAL_EXCERPT,
                "        excerpt: the minister said on X. A spokesman denied the report\n",
            )
        ],
        [
            err(
                f"{R}:50:18",
                "claim 'spokesman-denies'",
                "excerpt runs from paragraph 2 into paragraph 3 of source 'alpha': it joins "
                "the end of one paragraph to the start of the next",
                "cite one paragraph: cut the excerpt at the paragraph break, or give each "
                "paragraph its own citation",
            )
        ],
        id="excerpt-across-paragraphs",
    ),
    pytest.param(  # alpha gets a fourth paragraph repeating the third: lines 50 and 64
        [
            append(
                "seeds/alpha.txt", "\nA spokesman denied the report, calling it “pure fiction”.\n"
            )
        ],
        [
            err(
                f"{R}:50:18",
                "claim 'spokesman-denies'",
                "excerpt occurs 2 times in source 'alpha' (paragraphs 3, 4): which one is meant?",
                "lengthen the excerpt (within its paragraph) until it occurs once, or add "
                "occurrence: N (1 to 2, in text order)",
            ),
            err(
                f"{R}:64:18",
                "quote 'spokesman-fiction'",
                "excerpt occurs 2 times in source 'alpha' (paragraphs 3, 4): which one is meant?",
                "lengthen the excerpt (within its paragraph) until it occurs once, or add "
                "occurrence: N (1 to 2, in text order)",
            ),
        ],
        id="excerpt-twice-in-its-source",
    ),
    pytest.param(  # saying which occurrence is meant settles it
        [
            append(
                "seeds/alpha.txt", "\nA spokesman denied the report, calling it “pure fiction”.\n"
            ),
            replace(R, DENIAL_EXCERPT, DENIAL_EXCERPT + "        occurrence: 2\n"),
            replace(
                R,
                "        excerpt: A spokesman denied the report, calling it “pure fiction”\n",
                "        excerpt: A spokesman denied the report, calling it “pure fiction”\n"
                "        occurrence: 1\n",
            ),
        ],
        [],
        id="excerpt-twice-with-occurrence",
    ),
    pytest.param(  # the new line 51: '        occurrence: ' is 20 characters
        [replace(R, DENIAL_EXCERPT, DENIAL_EXCERPT + "        occurrence: 3\n")],
        [
            err(
                f"{R}:51:21",
                "claim 'spokesman-denies'",
                "occurrence 3, but the excerpt occurs once in source 'alpha'",
                "remove occurrence: (the passage occurs once)",
            )
        ],
        id="occurrence-out-of-range",
    ),
    pytest.param(  # a quote's own text that occurs twice needs an excerpt to pin it
        [
            append("seeds/alpha.txt", "\n“We will not stand by,” the minister said again.\n"),
        ],
        [
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text occurs 2 times in source 'alpha' (paragraphs 2, 4): which one is "
                "meant?",
                "add an excerpt: the sentence that holds the quote, long enough to occur once, "
                "or add occurrence: N (1 to 2, in text order)",
            )
        ],
        id="quote-text-twice-in-its-source",
    ),
    # --- quotes are quotations -------------------------------------------------------------
    pytest.param(  # line 53: narration of paragraph 2
        [replace(R, "    text: We will not stand by,\n", "    text: the minister said on X\n")],
        [
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text is not inside quotation marks in source 'alpha' (paragraph 2): the "
                "source gives these words as narration, not as speech",
                "a quote holds only words the source puts inside quotation marks; record "
                "narration as a claim or an event",
            )
        ],
        id="quote-that-is-narration",
    ),
    pytest.param(
        [
            replace(
                R,
                "    text: We will not stand by,\n",
                "    text: 'We will not stand by,” the minister said'\n",
            )
        ],
        [
            err(
                f"{R}:53:11",
                "quote 'minister-stand-by'",
                "quote text runs outside the quotation marks in source 'alpha' (paragraph 2): "
                "'” the minister said' is not inside them",
                "keep only the words between the quotation marks (closing punctuation may "
                "stay); quote each quoted passage as its own record",
            )
        ],
        id="quote-running-outside-its-marks",
    ),
    pytest.param(  # a contiguous part of the quoted passage is a quote
        [replace(R, "    text: We will not stand by,\n", "    text: not stand\n")],
        [],
        id="quote-part-of-a-passage",
    ),
    # --- attribution -----------------------------------------------------------------------
    pytest.param(  # line 61: '    speaker: ' is 13 characters
        [replace(R, "    speaker: spokesman\n  ", "    speaker: officials\n  ")],
        [
            err(
                f"{R}:61:14",
                "quote 'spokesman-fiction'",
                "speaker 'officials' is not named near the quote: looked for 'Officials in the "
                "capital' in the narration of paragraph 3 of source 'alpha' or the one before",
                "check the speaker; if the source names actor 'officials' there another way, "
                "add that spelling to its aliases (for an unnamed speaker, add the words the "
                "source uses, such as 'the spokesman', to named_as)",
            )
        ],
        id="quote-credited-to-someone-not-named-near-it",
    ),
    pytest.param(  # the words the source uses, declared, are enough for an unnamed speaker
        [
            replace(R, "    speaker: spokesman\n  ", "    speaker: officials\n  "),
            replace(
                A,
                "    name: Officials in the capital\n",
                "    name: Officials in the capital\n    named_as: [A spokesman]\n",
            ),
        ],
        [],
        id="quote-by-a-speaker-named-as-the-source-does",
    ),
    pytest.param(  # the source spells the minister 'Ministre': suggest it as an alias
        [replace("seeds/alpha.txt", "the minister said on X", "the Ministre said on X")],
        [
            err(
                f"{R}:54:14",
                "quote 'minister-stand-by'",
                "speaker 'minister' is not named near the quote: looked for 'The Minister', "
                "'Minister' in the narration of paragraph 2 of source 'alpha' or the one before",
                "if 'Ministre' there is the speaker, add it to the aliases of actor 'minister'; "
                "otherwise check the speaker",
            )
        ],
        id="speaker-spelt-another-way",
    ),
    pytest.param(  # the name inside the quotation marks does not count
        [
            replace(
                "seeds/alpha.txt",
                "“We will not stand by,” the minister said on X.",
                "“We, the Minister, will not stand by,” he said on X.",
            ),
            replace(R, "    text: We will not stand by,\n", "    text: will not stand by,\n"),
        ],
        [
            err(
                f"{R}:54:14",
                "quote 'minister-stand-by'",
                "speaker 'minister' is not named near the quote: looked for 'The Minister', "
                "'Minister' in the narration of paragraph 2 of source 'alpha' or the one before",
                "check the speaker; if the source names actor 'minister' there another way, "
                "add that spelling to its aliases (for an unnamed speaker, add the words the "
                "source uses, such as 'the spokesman', to named_as)",
            )
        ],
        id="speaker-named-only-inside-the-quote",
    ),
    # --- numbers ---------------------------------------------------------------------------
    pytest.param(  # line 20: '      value: ' is 13 characters
        [replace(R, "      value: 3000\n", "      value: 50000\n")],
        [
            err(
                f"{R}:20:14",
                "claim 'ministry-3000'",
                "figure value 50,000 is not stated in the claim's citations; the excerpt "
                "holds 3,000",
                NUMBER_FIX.format("50,000"),
            )
        ],
        id="figure-not-in-its-excerpt",
    ),
    pytest.param(  # both ends of a range: low on line 34, high on 35
        [replace(R, "      value: 10000\n", "      low: 8000\n      high: 12000\n")],
        [
            err(
                f"{R}:34:12",
                "claim 'officials-10000'",
                "figure low 8,000 is not stated in the claim's citations; the excerpt holds 10,000",
                NUMBER_FIX.format("8,000"),
            ),
            err(
                f"{R}:35:13",
                "claim 'officials-10000'",
                "figure high 12,000 is not stated in the claim's citations; the excerpt holds "
                "10,000",
                NUMBER_FIX.format("12,000"),
            ),
        ],
        id="range-ends-not-in-its-excerpt",
    ),
    pytest.param(
        [
            replace(
                R,
                "        excerpt: about 10,000 soldiers were now in the region\n",
                "        excerpt: said on Thursday that about 10,000 soldiers were now\n",
            ),
        ],
        [],
        id="figure-in-its-excerpt",
    ),
    # --- consistency across records --------------------------------------------------------
    pytest.param(  # the claim dated on the new line 45; the quote's id moves to line 60
        [
            replace(
                R, "    claimant: spokesman\n", "    claimant: spokesman\n    made_on: 2024-10-29\n"
            )
        ],
        [
            warn(
                f"{R}:60:9",
                "quote 'spokesman-fiction'",
                "quote has no said_on, but claim 'spokesman-denies' (content/records.yml:45), "
                "which cites the same passage of source 'alpha', is dated 29 October 2024",
                "add said_on (the date the passage gives the words; an inferred date says "
                "how), or correct the claim's made_on",
            )
        ],
        id="undated-quote-whose-passage-a-claim-dates",
    ),
    pytest.param(  # said_on on the new line 63, column 14
        [
            replace(
                R, "    claimant: spokesman\n", "    claimant: spokesman\n    made_on: 2024-10-29\n"
            ),
            replace(
                R,
                "    speaker: spokesman\n  ",
                "    speaker: spokesman\n    said_on: 2024-10-20\n  ",
            ),
        ],
        [
            warn(
                f"{R}:63:14",
                "quote 'spokesman-fiction'",
                "said_on 20 October 2024 disagrees with claim 'spokesman-denies' "
                "(content/records.yml:45), made_on 29 October 2024, which cites the same "
                "passage of source 'alpha'",
                "check both dates against the passage and correct the wrong one",
            )
        ],
        id="quote-and-claim-dated-differently",
    ),
    # --- rules already documented ----------------------------------------------------------
    pytest.param(  # briefing.yml: key_judgments on line 8; two of three removed
        [
            replace(
                B,
                "    - id: first-count\n      text: The ministry gave the first count.\n"
                "      rests_on: [event:troops-arrive]\n",
                "",
            ),
            replace(
                B,
                "    - id: report-denied\n      text: A spokesman denies the report.\n"
                "      rests_on: [claim:spokesman-denies, quote:spokesman-fiction]\n",
                "",
            ),
        ],
        [
            err(
                f"{B}:9:5",
                "briefing",
                "'key_judgments' has 1 item(s); it needs at least 3",
                "add the missing item(s)",
            )
        ],
        id="fewer-than-three-key-judgments",
    ),
    pytest.param(  # five more judgments after line 17: the eighth starts on line 30
        [
            replace(
                B,
                "  scope_note:",
                "".join(
                    f"    - id: more-{n}\n      text: More.\n"
                    "      rests_on: [claim:ministry-3000]\n"
                    for n in range(5)
                )
                + "  scope_note:",
            )
        ],
        [
            err(
                f"{B}:30:7",
                "briefing",
                "'key_judgments' has 8 items; at most 7 are allowed",
                "keep the 7 that matter most (merge or drop the rest)",
            )
        ],
        id="more-than-seven-key-judgments",
    ),
    pytest.param(  # ministry-3000 contradicts officials-10000, which supports it (line 38)
        [
            replace(
                R,
                "    topics: [troop-numbers]\n    figure:\n      quantity: troops-in-region\n"
                "      value: 3000\n",
                "    topics: [troop-numbers]\n    contradicts: "
                "[officials-10000]\n    figure:\n      quantity: troops-in-region\n"
                "      value: 3000\n",
            )
        ],
        [
            err(
                f"{R}:39:15",
                "claim 'officials-10000'",
                "supports claim 'ministry-3000', which contradicts it (content/records.yml:18)",
                "a claim cannot support one that contradicts it: correct one of the links",
            )
        ],
        id="supports-a-claim-that-contradicts-it",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), CASES)
def test_provenance_rule(mini: Path, steps: list[Step], expected: list[str]) -> None:
    for step in steps:
        step(mini)
    if not expected:
        result = run_main(mini, "validate")
        assert (result.code, result.err) == (0, ""), result.err
    elif all(": warning: " in e.split("\n")[0] for e in expected):
        result = run_main(mini, "validate")
        assert result.code == 0, result.err
        assert result.err == "\n".join(expected) + "\n"
    else:
        check_invalid(mini, "validate", expected)


# --- numbers in any ordinary form -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("about 10,000 troops", 10_000),
        ("about 10000 troops", 10_000),
        ("about 10 000 troops", 10_000),
        ("about 10\u202f000 troops", 10_000),
        ("about 10.000 troops", 10_000),  # where the locale groups thousands with dots
        ("about 10k troops", 10_000),
        ("about ten thousand troops", 10_000),
        ("twenty-five ships", 25),
        ("two hundred and fifty containers", 250),
        ("half of them", 0.5),
        ("half of them", 50),  # a share in percent
        ("a dozen tugs", 12),
        ("half a million people", 500_000),
        ("$59 billion in aid", 59e9),
        ("$59 billion in aid", 59),  # counted in billions
        ("1.5 million crowns", 1.5e6),
        ("the 1950-1953 war", 1953),
        ("Ukraine's 61st brigade", 61),
        ("her second visit in six weeks", 2),
        ("for the first time in almost a year", 1),
        ("less than 1 percent", 1),
        ("2,5 per cent", 2.5),
    ],
)
def test_a_figure_matches_every_ordinary_form(text: str, value: float) -> None:
    assert states(text, value), [(n.written, sorted(n.values)) for n in numbers_in(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("about 8,000 soldiers", 50_000),
        ("about 10,000 troops", 10),  # a thousands separator is not a decimal point
        ("some 3,000 troops", 300),
        ("1950-1953", 1950_1953),
    ],
)
def test_a_figure_does_not_match_another_number(text: str, value: float) -> None:
    assert not states(text, value)


# --- contradicts is symmetric -------------------------------------------------------------


def _model(root: Path):  # type: ignore[no-untyped-def]
    return build_model(check(Project.at(root)))


def _claim_section(page: str, anchor: str) -> str:
    start = page.index(f" {{#{anchor}}}\n")
    end = page.find("\n### ", start)
    return page[start : end if end > 0 else len(page)]


@pytest.mark.parametrize("written", ["once", "twice"])
def test_contradicts_is_symmetric(mini: Path, written: str) -> None:
    """The mini fixture's denial contradicts the ministry's 3,000; written on one side or
    on both, each claim shows the other once, and the table lists the pair once."""
    if written == "twice":
        replace(R, "    supports: [ministry-3000]\n", "")(mini)  # no support of a disputed claim
        replace(
            R,
            "    topics: [troop-numbers]\n    figure:\n      quantity: troops-in-region\n"
            "      value: 3000\n",
            "    topics: [troop-numbers]\n    contradicts: [spokesman-denies]\n    figure:\n"
            "      quantity: troops-in-region\n      value: 3000\n",
        )(mini)
    b = _model(mini)
    ministry, denial = b.claims["ministry-3000"], b.claims["spokesman-denies"]
    assert ministry.disputes == [denial]
    assert denial.disputes == [ministry]
    assert b.contradictions == [(ministry, denial)] if written == "twice" else [(denial, ministry)]
    page = render_pages(b)["claims.md"]
    table = [line for line in page.splitlines() if 'cell-label">Contradicts<' in line]
    assert len(table) == 1
    for anchor, other in (("claim-ministry-3000", denial), ("claim-spokesman-denies", ministry)):
        section = _claim_section(page, anchor)
        assert section.count("**Contradicts:**") == 1
        assert section.count(f"(#{other.anchor})") == 1, section
        assert "Contradicted by" not in section
