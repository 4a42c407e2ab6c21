"""``briefing new KIND``: add a record, with a fresh id, to the right content file.

Every field of the kind is a flag (``--name``, ``--date``, nested ones dotted:
``--figure.value``, ``--citations.source``, ``--date.inferred``); in a terminal,
required fields left out are asked for. The record must validate with the rest of the
content, or nothing is written. ``briefing new source ARTICLE`` also copies the
article into seeds/ and drafts the record from the text (see
:func:`generator.scaffold.detect_source`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..schema.types import Bool, DateType, Enum, Field, ListOf, Number, Struct, Type
from .common import EXIT_FAILURE, EXIT_INVALID, EXIT_OK, project_of

if TYPE_CHECKING:
    from ..load import RawContent
    from ..project import Project

_SCHEMA_HEADER = "# yaml-language-server: $schema={}\n"


@dataclass(frozen=True)
class Option:
    """One flag: the field path it fills (``figure.value``) and how to read its value."""

    path: str
    type: Type
    field: Field
    many: bool  # repeatable: a list, or a field of each item of a list of records

    @property
    def dest(self) -> str:
        return "field:" + self.path


def options(struct: Struct, prefix: str = "", many: bool = False) -> Iterator[Option]:
    """A flag for every field a record of ``struct`` can hold, nested ones dotted."""
    for f in struct.fields:
        path, t = prefix + f.name, f.type
        if isinstance(t, DateType):
            yield Option(path, t.short, f, many)
            if not many:
                for sub in t.full.fields:
                    if sub.name != "value":
                        yield Option(f"{path}.{sub.name}", sub.type, sub, many)
        elif isinstance(t, Struct):
            yield from options(t, path + ".", many)
        elif isinstance(t, ListOf) and isinstance(t.item, Struct):
            if not many:
                yield from options(t.item, path + ".", True)
        elif isinstance(t, ListOf):
            if not many:
                yield Option(path, t.item, f, True)
        else:
            yield Option(path, t, f, many)


def _reader(t: Type) -> Callable[[str], Any]:
    """How a flag's text becomes the field's value (argparse reports a bad one)."""
    if isinstance(t, Bool):

        def read_bool(text: str) -> bool:
            low = text.strip().lower()
            if low in ("true", "yes", "y", "1"):
                return True
            if low in ("false", "no", "n", "0"):
                return False
            raise argparse.ArgumentTypeError(f"'{text}' is not true or false")

        return read_bool
    if isinstance(t, Number):

        def read_number(text: str) -> int | float:
            try:
                value = float(text.replace(",", "")) if not t.integer else int(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
            return int(value) if isinstance(value, float) and value.is_integer() else value

        return read_number
    return str


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
) -> None:
    from ..scaffold import archived_text_field, new_kinds

    p = sub.add_parser(
        "new",
        help="add a record (with a fresh id) to the right content file",
        description="Add a record of KIND to the content file that holds that kind, "
        "after its last record, leaving every other line as it was. Fields come "
        "from flags (see 'briefing new KIND --help'); in a terminal, required ones "
        "left out are asked for. Nothing is written unless the record validates.",
        parents=parents,
    )
    kinds_sub = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    for name, kind in new_kinds().items():
        struct = kind.struct
        seed_field = archived_text_field(struct)
        kp = kinds_sub.add_parser(
            name,
            help=struct.doc or f"a {name}",
            description=(struct.doc or "")
            + (
                " ARTICLE is copied into the seeds folder and the record drafted from "
                "its text: the publication date, dateline, headline and agency where "
                "the text states them (flags override what is found)."
                if seed_field
                else ""
            ),
            parents=parents,
        )
        if seed_field:
            kp.add_argument("article", help="the article's text file, copied byte for byte")
        kp.add_argument(
            "--into", metavar="FILE", help="content file to add it to (default: the kind's)"
        )
        kp.add_argument(
            "--no-input", action="store_true", help="never ask; fail if a required field is missing"
        )
        group = kp.add_argument_group("fields")
        for option in options(struct):
            if seed_field and option.path == seed_field:
                continue  # named by the copy in seeds/
            t = option.type
            doc = option.field.doc
            if isinstance(t, Enum):
                doc += "; one of: " + ", ".join(t.values)
            elif option.field.example is not None and not isinstance(option.field.example, dict):
                doc += f" (e.g. {_shown(option.field.example)})"
            if option.many:
                doc += "; repeat it for several" + (
                    ", or separate with commas" if _commas(option) else ""
                )
            flags = [f"--{option.path}"]
            if "_" in option.path:
                flags.append(f"--{option.path.replace('_', '-')}")
            group.add_argument(
                *flags,
                dest=option.dest,
                type=_reader(t),
                choices=list(t.values) if isinstance(t, Enum) else None,
                action="append" if option.many else "store",
                metavar=option.path.rsplit(".", 1)[-1].upper(),
                help=doc.replace("%", "%%"),
            )
        kp.set_defaults(func=run, new_kind=name)


def _shown(example: Any) -> str:
    if isinstance(example, list):
        return _shown(example[0]) if example else ""
    if isinstance(example, bool):
        return "true" if example else "false"
    return str(example)


def _commas(option: Option) -> bool:
    from ..scaffold import splits_on_commas

    return isinstance(option.field.type, ListOf) and splits_on_commas(option.field.type)


# --- from flags (and answers) to a record --------------------------------------------


def assemble(struct: Struct, values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The record the given values describe, its keys in declared order."""
    out: dict[str, Any] = {}
    for f in struct.fields:
        path, t = prefix + f.name, f.type
        if isinstance(t, DateType):
            parts = {
                s.name: values[f"{path}.{s.name}"]
                for s in t.full.fields
                if s.name != "value" and values.get(f"{path}.{s.name}") is not None
            }
            value = values.get(path)
            if parts:
                out[f.name] = {"value": value, **parts} if value is not None else parts
            elif value is not None:
                out[f.name] = value
        elif isinstance(t, Struct):
            inner = assemble(t, values, path + ".")
            if inner:
                out[f.name] = inner
        elif isinstance(t, ListOf) and isinstance(t.item, Struct):
            columns = {s.name: list(values.get(f"{path}.{s.name}") or []) for s in t.item.fields}
            count = max((len(c) for c in columns.values()), default=0)
            items = []
            for i in range(count):
                item = {k: c[i] for k, c in columns.items() if i < len(c) and c[i] is not None}
                if item:
                    items.append(item)
            if items:
                out[f.name] = items
        elif isinstance(t, ListOf):
            given = values.get(path)
            if given:
                out[f.name] = _split(given, t)
        elif values.get(path) is not None:
            out[f.name] = values[path]
    return out


def _split(given: list[Any], t: ListOf) -> list[Any]:
    from ..scaffold import splits_on_commas

    out: list[Any] = []
    for value in given:
        if isinstance(value, str) and splits_on_commas(t):
            out += [v.strip() for v in value.split(",") if v.strip()]
        else:
            out.append(value)
    return out


def missing(struct: Struct, data: dict[str, Any], prefix: str = "") -> list[str]:
    """The required fields ``data`` lacks, as flag paths."""
    out = []
    for f in struct.fields:
        if f.name not in data:
            if f.required:
                inner = f.type.item if isinstance(f.type, ListOf) else f.type
                if isinstance(inner, Struct) and not isinstance(f.type, DateType):
                    out += missing(inner, {}, f"{prefix}{f.name}.")
                else:
                    out.append(prefix + f.name)
            continue
        value = data[f.name]
        if isinstance(f.type, Struct) and isinstance(value, dict):
            out += missing(f.type, value, f"{prefix}{f.name}.")
        elif isinstance(f.type, ListOf) and isinstance(f.type.item, Struct):
            for item in value:
                out += missing(f.type.item, item, f"{prefix}{f.name}.")
    return sorted(set(out), key=out.index)


def ask(struct: Struct, values: dict[str, Any], skip: set[str]) -> None:
    """Ask, in the terminal, for each required field not given (and a date's basis)."""
    for f in struct.fields:
        path, t = f.name, f.type
        if path in skip or not f.required:
            continue
        if isinstance(t, ListOf) and isinstance(t.item, Struct):
            if not any(values.get(f"{path}.{s.name}") for s in t.item.fields):
                print(f"{path}: {f.doc}", file=sys.stderr)
                for s in t.item.fields:
                    answer = _prompt(f"{path}.{s.name}", s, s.type, optional=not s.required)
                    values[f"{path}.{s.name}"] = [answer]
            continue
        if isinstance(t, Struct) or values.get(path) is not None:
            continue
        if isinstance(t, DateType):
            values[path] = _prompt(path, f, t.short)
            if _prompt(f"{path}.inferred", Field("inferred", Bool(), doc="inferred?"), Bool()):
                values[f"{path}.inferred"] = True
                basis = next(s for s in t.full.fields if s.name == "basis")
                values[f"{path}.basis"] = _prompt(f"{path}.basis", basis, basis.type)
            continue
        values[path] = _prompt(path, f, t.item if isinstance(t, ListOf) else t)
        if isinstance(t, ListOf):
            values[path] = [values[path]]


def _prompt(path: str, f: Field, t: Type, optional: bool = False) -> Any:
    hint = f.doc
    if isinstance(t, Enum):
        hint += "; one of: " + ", ".join(t.values)
    elif isinstance(t, Bool):
        hint += " [y/N]"
    elif f.example is not None and not isinstance(f.example, dict | list):
        hint += f"; e.g. {_shown(f.example)}"
    if optional:
        hint += "; Enter to leave it out"
    while True:
        answer = input(f"{path} ({hint}): ").strip()
        if isinstance(t, Bool):
            return answer.lower() in ("y", "yes", "true")
        if not answer:
            if optional:
                return None
            continue
        try:
            value = _reader(t)(answer)
        except argparse.ArgumentTypeError as exc:
            print(f"  {exc}", file=sys.stderr)
            continue
        if isinstance(t, Enum) and value not in t.values:
            print(f"  choose one of: {', '.join(t.values)}", file=sys.stderr)
            continue
        return value


# --- the command ------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    from ..load import load_content
    from ..scaffold import (
        AppendError,
        append_record,
        archived_text_field,
        detect_source,
        fresh_id,
        has_id,
        new_kinds,
        problems_key,
        seed_name,
    )
    from ..validate import validate
    from ..write import safe_relpath

    project = project_of(args)
    kind = new_kinds()[args.new_kind]
    struct = kind.struct
    values = {o.path: getattr(args, o.dest, None) for o in options(struct)}
    values = {k: v for k, v in values.items() if v is not None}
    interactive = not args.no_input and sys.stdin.isatty()

    raw = load_content(project.content, project.root)
    before = validate(raw, project.seeds, project.root)
    known = {problems_key(p) for p in before.problems}

    seed_field = archived_text_field(struct)
    seed: tuple[Path, bytes] | None = None
    notes: list[str] = []
    if seed_field:
        article = Path(args.article)
        try:
            data = article.read_bytes()
            text = data.decode("utf-8")
        except OSError as exc:
            return _fail(f"cannot read {article}: {exc.strerror}")
        except UnicodeDecodeError:
            return _fail(f"{article} is not UTF-8 text; save it as UTF-8 first")
        for existing in sorted(project.seeds.glob("*")) if project.seeds.is_dir() else []:
            if existing.is_file() and existing.read_bytes() == data:
                users = [
                    r.label
                    for r in raw.records[kind.key]
                    if r.data.get(seed_field) == existing.name
                ]
                return _fail(
                    f"{article} is already archived as {project.rel(existing)}"
                    + (f" ({', '.join(users)})" if users else "")
                )
        name = seed_name(data, project.seeds)
        safe_relpath(name)
        seed = (project.seeds / name, data)
        values[seed_field] = name
        draft = detect_source(text)
        for key, value in draft.fields.items():
            if values.get(key) is None:
                values[key] = value
                notes.append(f"{key} from the text: '{draft.found[key]}'")

    if interactive:
        ask(struct, values, skip={"id"} | ({seed_field} if seed_field else set()))
    record = assemble(struct, values)
    taken = {r.id for r in raw.records[kind.key]}
    if has_id(struct):
        if "id" in record and record["id"] in taken:
            other = next(r for r in raw.records[kind.key] if r.id == record["id"])
            return _fail(
                f"{kind.singular} id '{record['id']}' is already used in {other.file}:"
                f"{other.node.line}; choose another --id"
            )
        if "id" not in record:
            record = {"id": fresh_id(_id_base(struct, record), taken), **record}
    lacking = missing(struct, record)
    if lacking:
        flags = ", ".join(f"--{m}" for m in lacking)
        return _fail(
            f"{_a(kind.singular)} needs {flags}"
            + ("" if interactive else " (run it in a terminal to be asked for them)")
        )

    target, created = _target(args, project, raw, kind.key, values)
    if target is None:
        return EXIT_FAILURE
    name = project.rel(target)
    original = target.read_bytes() if target.is_file() else None
    text = original.decode("utf-8") if original is not None else _new_file(target, project)
    comments = []
    if seed_field:
        comments = [f"drafted by 'briefing new' from {Path(args.article).name}; check it"]
        comments += [f"  {n}" for n in notes]
    try:
        appended = append_record(text, name, kind.key, record, comments)
    except AppendError as exc:
        return _fail(f"cannot add the {kind.singular} to {name}: {exc}")

    if seed is not None:
        seed[0].parent.mkdir(parents=True, exist_ok=True)
        seed[0].write_bytes(seed[1])
    _write(target, appended.text.encode("utf-8"))
    after = validate(load_content(project.content, project.root), project.seeds, project.root)
    label = f"{kind.singular} '{record['id']}'" if "id" in record else ""
    new = [
        p
        for p in after.problems
        if p.severity == "error" and (problems_key(p) not in known or (label and p.record == label))
    ]
    if new:
        if original is None:
            target.unlink()
        else:
            _write(target, original)
        if seed is not None:
            seed[0].unlink(missing_ok=True)
        print(appended.record, file=sys.stderr)
        for problem in new:
            print(problem.format(), file=sys.stderr)
        print(
            f"{len(new)} error(s) in the new {kind.singular}: nothing was written "
            f"(line numbers are as {name} would have had them)",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if seed is not None:
        print(f"copied {args.article} to {project.rel(seed[0])}")
    what = f"{kind.singular} '{record['id']}'" if "id" in record else f"a {kind.singular}"
    print(f"added {what} to {name}:{appended.line}" + (" (a new file)" if created else ""))
    print(appended.record)
    return EXIT_OK


def _id_base(struct: Struct, record: dict[str, Any]) -> str:
    """The id a new record is named by; a source's also carries its date, as
    'reuters-2024-10-29'."""
    from ..scaffold import archived_text_field, id_base, slug

    base = id_base(struct, record)
    if archived_text_field(struct):
        date = next(
            (
                record[f.name]
                for f in struct.fields
                if isinstance(f.type, DateType) and f.name in record
            ),
            None,
        )
        if isinstance(date, dict):
            date = date.get("value")
        if date is not None:
            base = f"{slug(base, words=3)}-{slug(str(date), words=6)}"
    return base


def _target(
    args: argparse.Namespace,
    project: Project,
    raw: RawContent,
    key: str,
    values: dict[str, Any],
) -> tuple[Path | None, bool]:
    """The content file the record goes into, and whether it is a new file."""
    from ..load import content_files

    if args.into:
        path = Path(args.into).resolve()
        if project.content not in path.parents:
            content = project.rel(project.content)
            _fail(f"--into {args.into} is not inside the content folder {content}")
            return None, False
        if path.suffix not in (".yml", ".yaml"):
            _fail(f"--into {args.into} must be a .yml file")
            return None, False
        return path, not path.exists()
    holding = _files_holding(content_files(project.content), key)
    if not holding:
        return project.content / f"{key}.yml", True
    if len(holding) == 1:
        return holding[0], False
    # Several files hold the kind: the one whose records cite the same source most.
    cited = set(values.get("citations.source") or [])
    counts = {}
    for path in holding:
        name = project.rel(path)
        counts[path] = sum(
            1
            for r in raw.records[key]
            if r.file == name and cited & {c.get("source") for c in r.data.get("citations", [])}
        )
    best = max(counts.values())
    winners = [p for p, n in counts.items() if n == best]
    if cited and best and len(winners) == 1:
        return winners[0], False
    shown = ", ".join(project.rel(p) for p in holding)
    _fail(f"{key} are kept in {len(holding)} files ({shown}); choose one with --into FILE")
    return None, False


def _files_holding(files: list[Path], key: str) -> list[Path]:
    from ..yamlload import YamlError, parse

    out = []
    for path in files:
        try:
            node = parse(path.read_text(encoding="utf-8"), path.name)
        except (OSError, UnicodeDecodeError, YamlError):
            continue
        if node is not None and node.is_map and key in node.value:
            out.append(path)
    return out


def _new_file(target: Path, project: Project) -> str:
    """A new content file starts by pointing editors at the JSON Schema."""
    schema = project.root / "schema" / "content.schema.json"
    rel = os.path.relpath(schema, target.parent).replace(os.sep, "/")
    return _SCHEMA_HEADER.format(rel)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FAILURE
