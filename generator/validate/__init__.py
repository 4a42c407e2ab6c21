"""Check loaded content as a whole: identity, references, dates and provenance.

This is the *validate* stage. It never raises on bad content: every problem becomes
a :class:`~generator.errors.Problem` with file, line, column, record and fix, so one
run reports all of them. What it works out on the way (parsed dates, source texts,
where each excerpt sits in its source) is handed on in :class:`Checked` for the
model stage.

Each module holds one family of checks, run in the order of :data:`RULES`:
:mod:`.identity` (ids and references), :mod:`.dates`, :mod:`.seeds` (archived
texts), :mod:`.citations` (provenance: each citation pins one passage, figures are
stated in it), :mod:`.quotations` (quotes are quotations, by their speaker),
:mod:`.consistency` (records citing one passage agree on its date) and :mod:`.rules`
(rules about particular kinds: figures, the briefing, event dates). A new check is a function
``(raw, checked, report) -> None`` added to :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import Problem
from ..load import RawContent
from . import citations, consistency, dates, identity, quotations, rules, seeds
from .base import Checked, Reporter
from .seeds import MAX_SEED_BYTES

Rule = Callable[[RawContent, Checked, Reporter], None]

#: Every whole-content check, in order (later ones use what earlier ones found).
RULES: tuple[Rule, ...] = (
    identity.check_briefing_present,
    identity.check_ids,
    identity.check_references,
    dates.check_dates,
    seeds.load_sources,
    citations.check_provenance,
    quotations.check_quotations,
    citations.check_figure_numbers,
    consistency.check_dates_agree,
    rules.check_event_dates,
    rules.check_briefing,
    rules.check_figures,
    rules.check_claim_links,
    rules.check_differs_from,
)


def validate(raw: RawContent, seeds_dir: Path, root: Path) -> Checked:
    """Run every whole-content check; problems go into ``Checked.problems``."""
    checked = Checked(raw=raw, problems=list(raw.problems), seeds_dir=seeds_dir, root=root)
    report = Reporter(checked.problems)
    for rule in RULES:
        rule(raw, checked, report)
    return checked


__all__ = ["MAX_SEED_BYTES", "RULES", "Checked", "Problem", "Reporter", "validate"]
