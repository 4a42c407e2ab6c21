"""What changed in the content since a git revision, as Markdown for a pull request.

The content folder as it was at the revision is read out of git (``git ls-tree`` and
``git cat-file``, never a checkout) into a temporary folder, both versions are loaded
with the same loader as every build, and records are matched by kind and id: added,
removed, or changed, with the fields that changed (old and new value where both are
short). Archived texts are compared too: one that changed is called out, since seeds
are never to be edited.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .load import RawContent, RawRecord, load_content
from .project import Project
from .schema import kinds
from .schema.types import Struct

#: Values longer than this are named, not quoted, in the summary.
SHORT = 80


class GitError(Exception):
    """git could not answer (no repository, an unknown revision...); the message says why."""


def git(root: Path, *args: str, binary: bool = False) -> Any:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout if binary else result.stdout.decode("utf-8")


def files_at(project: Project, ref: str, folder: Path, dest: Path) -> list[str]:
    """Write the files under ``folder`` as they were at ``ref`` into ``dest``; return
    their paths relative to ``folder``."""
    top = Path(git(project.root, "rev-parse", "--show-toplevel").strip()).resolve()
    try:
        git(project.root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"'{ref}' is not a revision of this repository") from None
    try:
        rel = folder.resolve().relative_to(top).as_posix()
    except ValueError:
        raise GitError(f"{folder} is not inside the git repository at {top}") from None
    listing = git(top, "ls-tree", "-r", "-z", "--full-tree", ref, "--", rel)
    out = []
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind != "blob" or mode.startswith("12"):  # no submodules, no symlinks
            continue
        inner = PurePosixPath(path).relative_to(rel)
        if any(part in ("", ".", "..") for part in inner.parts):
            continue
        target = dest.joinpath(*inner.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(git(top, "cat-file", "blob", sha, binary=True))
        out.append(inner.as_posix())
    return out


@dataclass
class Change:
    """One record added, removed or changed."""

    kind: str  # the kind's key
    id: str
    what: str  # "added", "removed", "changed"
    label: str = ""  # the record's title, name, statement...
    where: str = ""  # file:line in the newer version (the older for a removal)
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (path, old, new)


@dataclass
class Diff:
    since: str
    changes: list[Change] = field(default_factory=list)
    seeds: list[tuple[str, str]] = field(default_factory=list)  # (file, added/removed/changed)
    unreadable: list[str] = field(default_factory=list)  # problems reading either version

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for change in self.changes:
            out[change.what] += 1
        return out


def label_of(struct: Struct, data: dict[str, Any]) -> str:
    """A record's own words: its first required text after the id (title, name...)."""
    for f in struct.fields:
        if f.name != "id" and f.required and isinstance(data.get(f.name), str):
            return str(data[f.name])
    return ""


def field_changes(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Dotted paths of the values that differ (mappings entered, lists compared whole)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key) != new.get(key):
                out += field_changes(old.get(key), new.get(key), f"{path}{key}.")
        return out
    return [(path.rstrip("."), old, new)] if old != new else []


def _records(raw: RawContent) -> dict[tuple[str, str], RawRecord]:
    out = {}
    if raw.briefing is not None:
        out[("briefing", "")] = raw.briefing
    for key, records in raw.records.items():
        for record in records:
            out[(key, record.id)] = record
    return out


def compare(old: RawContent, new: RawContent, since: str) -> Diff:
    """Records added, removed and changed from ``old`` to ``new``, in registry order."""
    diff = Diff(since)
    before, after = _records(old), _records(new)
    order = {k.key: i for i, k in enumerate(kinds.KINDS)}
    keys = sorted(set(before) | set(after), key=lambda k: (order.get(k[0], 99), k[1]))
    for key in keys:
        kind = kinds.BY_KEY[key[0]]
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            diff.changes.append(
                Change(key[0], key[1], "added", label_of(kind.struct, b.data), _at(b))
            )
        elif b is None and a is not None:
            diff.changes.append(
                Change(key[0], key[1], "removed", label_of(kind.struct, a.data), _at(a))
            )
        elif a is not None and b is not None:
            fields = field_changes(a.data, b.data)
            if a.file != b.file:
                fields.append(("(file)", a.file, b.file))
            if fields:
                label = label_of(kind.struct, b.data)
                diff.changes.append(Change(key[0], key[1], "changed", label, _at(b), fields))
    diff.unreadable = [p.format() for p in new.problems if p.severity == "error"]
    return diff


def _at(record: RawRecord) -> str:
    return f"{record.file}:{record.node.line}"


def content_diff(project: Project, ref: str) -> Diff:
    """Compare the content (and seeds) of the working tree with their state at ``ref``."""
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as tmp:
        old_root = Path(tmp)
        shown = PurePosixPath(project.rel(project.content))
        if shown.is_absolute() or ".." in shown.parts:  # content outside the project
            shown = PurePosixPath("content")
        old_content = old_root.joinpath(*shown.parts)
        old_content.mkdir(parents=True, exist_ok=True)
        files_at(project, ref, project.content, old_content)
        old = load_content(old_content, old_root)
        new = load_content(project.content, project.root)
        diff = compare(old, new, ref)
        old_seeds = old_root / ".seeds"
        names = set(files_at(project, ref, project.seeds, old_seeds))
        now = (
            {
                p.relative_to(project.seeds).as_posix()
                for p in project.seeds.rglob("*")
                if p.is_file()
            }
            if project.seeds.is_dir()
            else set()
        )
        seeds = project.rel(project.seeds)
        for name in sorted(names | now):
            if name not in now:
                diff.seeds.append((f"{seeds}/{name}", "removed"))
            elif name not in names:
                diff.seeds.append((f"{seeds}/{name}", "added"))
            elif (old_seeds / name).read_bytes() != (project.seeds / name).read_bytes():
                diff.seeds.append((f"{seeds}/{name}", "changed"))
    return diff


# --- Markdown ---------------------------------------------------------------------

_MD_SPECIAL = {c: "\\" + c for c in "\\`*_[]|~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MD_TABLE = str.maketrans(_MD_SPECIAL)


def md_text(text: str) -> str:
    """Text shown literally in GitHub Markdown, inside a list item's line."""
    return " ".join(str(text).split()).translate(_MD_TABLE)


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else _plain(value)
    if len(text) > SHORT:
        return ""
    return "`" + text.replace("`", "'") + "`" if text else "''"


def _plain(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def markdown(diff: Diff) -> str:
    """The summary for a pull-request comment or a changelog."""
    counts = diff.counts()
    since = diff.since.replace("`", "'")
    lines = [f"### Content changes since `{since}`", ""]
    if not diff.changes and not diff.seeds:
        lines.append("No record was added, changed or removed.")
    else:
        lines.append(
            f"{counts['added']} added, {counts['changed']} changed, {counts['removed']} removed."
        )
    for kind in kinds.KINDS:
        changes = [c for c in diff.changes if c.kind == kind.key]
        if not changes:
            continue
        lines += ["", f"#### {kind.key.replace('_', ' ').capitalize()}", ""]
        for c in changes:
            name = f"`{c.id}`" if c.id else kind.singular
            label = f": {md_text(c.label[:120])}" if c.label else ""
            where = f" ({c.where})" if c.where else ""
            lines.append(f"- **{c.what}** {name}{label}{where}")
            for path, old, new in c.fields:
                a, b = _value(old), _value(new)
                detail = f": {a} → {b}" if a and b else ""
                lines.append(f"  - `{path}`{detail}")
    if diff.seeds:
        lines += ["", "#### Archived texts", ""]
        for name, what in diff.seeds:
            warn = " ⚠ archived texts are never edited: is this right?" if what == "changed" else ""
            lines.append(f"- **{what}** `{name}`{warn}")
    if diff.unreadable:
        lines += ["", f"{len(diff.unreadable)} problem(s) in the current content: see the checks."]
    return "\n".join(lines) + "\n"
