"""Build the typed, cross-linked model from checked content: the *model* stage.

Built only from what :mod:`generator.validate` checked, so every reference here
resolves. The builder knows no kind by name: it reads each kind's declaration in
:mod:`generator.schema.kinds` and fills the bound model class by field name,
converting by declared type (a date becomes a :class:`~generator.dates.When`, a
reference the record it names, a citation its place in the source). Each
``Ref(back=...)`` fills the named list on the target, so templates never search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import schema
from ..provenance import normalize
from ..schema.types import AnyRef, DateType, ListOf, Ref, Struct, Type
from ..schema.walk import Path
from .layout import Listing, lay_out
from .records import Actor, Briefing, Citation, Record, Source

if TYPE_CHECKING:  # validation imports the schema, which binds kinds to this package
    from ..validate import Checked


def build_model(checked: Checked) -> Briefing:
    """Turn checked content into the cross-linked :class:`Briefing`."""
    return _Builder(checked).build()


def _referenced_kinds(t: Type) -> set[str]:
    """The kinds a value of this type may refer to (``AnyRef``: every collection)."""
    if isinstance(t, Ref):
        return {t.kind}
    if isinstance(t, AnyRef):
        return set(schema.COLLECTIONS)
    if isinstance(t, ListOf):
        return _referenced_kinds(t.item)
    if isinstance(t, Struct) and not isinstance(t, DateType):
        return set().union(*(_referenced_kinds(f.type) for f in t.fields))
    return set()


def build_order() -> list[schema.Kind]:
    """Modelled kinds, each after the kinds it refers to (references within a kind,
    such as an actor's affiliation, are filled in a second pass)."""
    kinds = [k for k in schema.KINDS if k.modelled]
    done: list[schema.Kind] = []
    while kinds:
        for kind in kinds:
            needs = _referenced_kinds(kind.struct) - {kind.key}
            if needs <= {k.key for k in done}:
                done.append(kind)
                kinds.remove(kind)
                break
        else:  # pragma: no cover - a schema error, caught by the schema tests
            raise RuntimeError("record kinds refer to each other in a circle: " + str(kinds))
    return done


@dataclass
class _Context:
    """The record being built: its kind, raw record and what waits for it to exist."""

    kind: schema.Kind
    raw: Any  # RawRecord
    backlinks: list[tuple[Record, str]] = field(default_factory=list)
    citations: list[tuple[Citation, Path]] = field(default_factory=list)


class _Builder:
    def __init__(self, checked: Checked):
        self.checked = checked
        self.tables: dict[str, dict[str, Record]] = {key: {} for key in schema.COLLECTIONS}
        self.by_ref: dict[str, Record] = {}

    # --- values ---------------------------------------------------------------------

    def convert(self, t: Type, value: Any, path: Path, ctx: _Context) -> Any:
        """A checked value as the model holds it, by its declared type."""
        if isinstance(t, DateType):
            return self.checked.whens.get((ctx.kind.key, ctx.raw.id, path))
        if isinstance(t, Ref):
            target = self.tables[t.kind][value]
            if t.back:
                ctx.backlinks.append((target, t.back))
            return target
        if isinstance(t, AnyRef):
            target = self.by_ref[value]
            if t.back:
                ctx.backlinks.append((target, t.back))
            return target
        if isinstance(t, ListOf):
            return [self.convert(t.item, v, (*path, i), ctx) for i, v in enumerate(value)]
        if isinstance(t, Struct) and t.model is not None:
            kwargs = self.fields(t, value, path, ctx)
            if issubclass(t.model, Record):
                kwargs.setdefault("yaml_file", ctx.raw.file)
                kwargs.setdefault("yaml_line", ctx.raw.mark(*path)[0])
            made = t.model(**kwargs)
            if isinstance(made, Citation):
                ctx.citations.append((made, path))
            return made
        return value

    def fields(
        self,
        struct: Struct,
        data: dict[str, Any],
        path: Path,
        ctx: _Context,
        skip: Iterable[str] = (),
    ) -> dict[str, Any]:
        """Keyword arguments for ``struct.model``: every given field, by name."""
        return {
            f.name: self.convert(f.type, data[f.name], (*path, f.name), ctx)
            for f in struct.fields
            if f.name in data and f.name not in skip
        }

    # --- records --------------------------------------------------------------------

    def record(self, kind: schema.Kind, raw: Any) -> tuple[Record, _Context, list[str]]:
        """Make one record; fields referring to its own kind wait for the second pass."""
        ctx = _Context(kind, raw)
        later = [f.name for f in kind.struct.fields if kind.key in _referenced_kinds(f.type)]
        kwargs = self.fields(kind.struct, raw.data, (), ctx, skip=later)
        kwargs.update(yaml_file=raw.file, yaml_line=raw.mark("id")[0])
        model = kind.struct.model
        assert model is not None
        made: Record = model(**kwargs)
        made.bind(self.checked)
        self.settle(made, ctx)
        return made, ctx, later

    def settle(self, made: Any, ctx: _Context) -> None:
        """Fill the back-links and citation places that waited for ``made``."""
        for target, back in ctx.backlinks:
            getattr(target, back).append(made)
        ctx.backlinks.clear()
        spans = self.checked.spans
        for cite, path in ctx.citations:
            start, end = spans[(ctx.kind.key, ctx.raw.id, path)]
            source = cite.source
            cite.start, cite.end = start, end
            cite.paragraph = source.text.paragraph_of(start) if source.text else 0
            cite.record = made
            cite.excerpt = cite.excerpt or getattr(made, "text", "")
            source.cited.setdefault(cite.paragraph, []).append(cite)
            citing = getattr(source, ctx.kind.key, None)
            if isinstance(citing, list) and (not citing or citing[-1] is not made):
                citing.append(made)
        ctx.citations.clear()

    def build(self) -> Briefing:
        raw = self.checked.raw
        briefing: Briefing | None = None
        for kind in build_order():
            if not kind.collection:
                briefing = self.briefing(kind)
                continue
            table = self.tables[kind.key]
            waiting = []
            for r in raw.records[kind.key]:
                made, ctx, later = self.record(kind, r)
                table[r.id] = made
                self.by_ref[made.ref] = made
                if later:
                    waiting.append((made, ctx, later))
            for made, ctx, later in waiting:  # references within the kind
                for f in kind.struct.fields:
                    if f.name in later and f.name in ctx.raw.data:
                        value = self.convert(f.type, ctx.raw.data[f.name], (f.name,), ctx)
                        setattr(made, f.name, value)
                self.settle(made, ctx)
        assert briefing is not None, "validate() reports a missing briefing"
        sources = {k: v for k, v in self.tables["sources"].items() if isinstance(v, Source)}
        actors = {k: v for k, v in self.tables["actors"].items() if isinstance(v, Actor)}
        find_mentions(sources.values(), actors.values())
        for table in self.tables.values():
            for record in table.values():
                record.finish()
        briefing.listings = lay_out_lists(self.tables)
        return briefing

    def briefing(self, kind: schema.Kind) -> Briefing:
        raw = self.checked.raw
        b = raw.briefing
        assert b is not None, "validate() reports a missing briefing"
        ctx = _Context(kind, b)
        kwargs = self.fields(kind.struct, b.data, (), ctx)
        kwargs.update(
            yaml_file=b.file,
            yaml_line=b.mark("title")[0],
            files_by_kind={key: sorted({r.file for r in raw.records[key]}) for key in raw.records}
            | {kind.key: [b.file]},
        )
        kwargs.update(self.tables)
        model = kind.struct.model
        assert model is not None
        made: Briefing = model(**kwargs)
        self.settle(made, ctx)
        return made


def lay_out_lists(tables: dict[str, dict[str, Record]]) -> dict[str, Listing]:
    """Each listed kind's records on its list page, or on the pages it splits into.

    A kind whose records have pages of their own (actors) keeps its list's pages in
    ``<folder>/list/`` so they never take a record's address.
    """
    out = {}
    for key, table in tables.items():
        model = schema.COLLECTIONS[key].model
        if model is None or not issubclass(model, Record) or not model.per_page:
            continue
        shown = sorted((r for r in table.values() if r.listed), key=lambda r: r.list_key())
        folder = model.home.removesuffix(".md").removesuffix("/index")
        if model.own_page:
            folder += "/list"
        out[key] = lay_out(model.home, shown, model.per_page, model.pack, folder)
    return out


# --- names in sources ---------------------------------------------------------------


_WORDS = re.compile(r"\w+")


def find_mentions(sources: Iterable[Source], actors: Iterable[Actor]) -> None:
    """Link every actor to every source that names it (by name or alias), both ways.

    One pass over each source's words: every name is filed in a tree of its words
    (a trie), and at each word of the text the tree is followed only as far as the
    text's next words go, so the cost grows with the text and the names, not with
    their product, even when many names share their first words ('The ...').
    """
    trie: dict[str | None, Any] = {}  # word -> subtree; None -> the names ending here
    odd: list[tuple[str, Actor]] = []  # names that start with punctuation (rare)
    actor_list = list(actors)
    for actor in actor_list:
        for name in dict.fromkeys(normalize(n) for n in actor.names):
            words = _WORDS.findall(name)
            if not words or not name.startswith(words[0]):
                if name:
                    odd.append((name, actor))
                continue
            node: dict[str | None, Any] | None = trie
            for word in words:
                assert node is not None
                node = node.setdefault(word, {})
            assert node is not None
            node.setdefault(None, []).append((name, actor))
    order = {id(a): i for i, a in enumerate(actor_list)}
    for source in sources:
        if source.text is None:
            continue
        hay = source.text.normalized
        size = len(hay)
        spans = [(m.start(), m.group()) for m in _WORDS.finditer(hay)]
        found: dict[int, Actor] = {}
        for i, (at, word) in enumerate(spans):
            branch: dict[str | None, Any] | None = trie.get(word)
            j = i
            while branch is not None:
                for name, actor in branch.get(None, ()):
                    if id(actor) in found or not hay.startswith(name, at):
                        continue
                    end = at + len(name)
                    if end < size and (hay[end].isalnum() or hay[end] == "_"):
                        continue
                    found[id(actor)] = actor
                j += 1
                if j == len(spans):
                    break
                branch = branch.get(spans[j][1])
        for name, actor in odd:
            if id(actor) not in found and _bounded_find(hay, name):
                found[id(actor)] = actor
        for actor in sorted(found.values(), key=lambda a: order[id(a)]):
            actor.sources.append(source)
            source.mentions.append(actor)


def _bounded_find(hay: str, name: str) -> bool:
    at = hay.find(name)
    while at >= 0:
        before = hay[at - 1] if at else " "
        end = at + len(name)
        after = hay[end] if end < len(hay) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        at = hay.find(name, at + 1)
    return False
