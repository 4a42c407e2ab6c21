"""Figures must make sense: one number or a range, forwards, one unit per quantity."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_main


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "content/records.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    # mini's records.yml: ministry-3000's figure value is on line 20, officials-10000's
    # figure mapping starts on line 33 (value on 34, unit on 36) before any edit.
    "backwards range": (
        "      value: 3000\n",
        "      low: 5000\n      high: 3000\n",
        "content/records.yml:20:12: error: claim 'ministry-3000': range runs backwards: "
        "low 5000 > high 3000\n    fix: swap low and high",
    ),
    "value and range": (
        "      value: 10000\n",
        "      value: 10000\n      high: 12000\n",
        "content/records.yml:34:14: error: claim 'officials-10000': figure gives both a "
        "value and a range",
    ),
    "no number": (
        "      value: 10000\n      qualifier: about\n",
        "",
        "content/records.yml:33:7: error: claim 'officials-10000': figure has no number",
    ),
    "two units for one quantity": (
        "      qualifier: about\n      unit: troops",
        "      qualifier: about\n      unit: soldiers",
        "content/records.yml:36:13: error: claim 'officials-10000': quantity "
        "'troops-in-region' is counted in 'troops' (content/quantities.yml:5) but in "
        "'soldiers' here\n    fix: write unit: troops, or leave unit out, or estimate "
        "another quantity",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_mistakes_are_reported(mini: Path, name: str) -> None:
    old, new, expected = CASES[name]
    _edit(mini, old, new)
    result = run_main(mini, "validate")
    assert result.code == 2, result.err
    assert expected in result.err
    assert "1 error(s)" in result.err
