"""A synthetic briefing of any size: N copies of the whole briefing, each its own world.

    python scripts/synth.py --copies 100 --out /tmp/synth100 [--seed 0] [--project]

Every copy repeats every record of ``content/`` and every archived text of ``seeds/``
under fresh ids. Every capitalised word of every actor's name and aliases is replaced
by an invented word of the copy's own (the same replacement in the copy's seeds and
in its YAML; a name with no such word, like 'U.S.' or 'his office', is replaced
whole), so names, aliases, outlets and the words they occur in differ from copy to
copy, and each copy's citations and quotes really occur, verbatim, in that copy's
seeds. Dates move by one month per copy (copy N is N-1 months later), and every other
copy gives a third of its month-precise dates to the year only, so the timeline
spreads over years and all four date precisions occur. Figures keep their competing
estimates within each copy.

The output is a valid ``content/`` + ``seeds/`` (``briefing validate`` passes on it);
``--project`` also copies ``mkdocs.yml`` and ``site_config/`` so ``briefing build``
runs there. The same copies, seed and source tree give byte-identical output.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import random
import re
import shutil
import sys
import zlib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import schema  # noqa: E402
from generator.schema.types import AnyRef, DateType, ListOf, Ref, Struct, Type  # noqa: E402

#: Capitalised words of names that stay as they are (function words, titles).
KEEP = {"The", "A", "An", "Of", "And", "For", "In", "On", "At", "To", "Mr", "Ms", "Mrs", "Dr"}
_SYLLABLES = [
    c + v
    for c in ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr")
    for v in ("a", "e", "i", "o", "u", "ai", "ou")
]
_WORD = re.compile(r"[^\W\d_]+")


class _Loader(yaml.SafeLoader):
    """Reads content as the generator does: dates stay text."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_tree(content: Path) -> dict[str, Any]:
    """Every content file (relative path -> parsed YAML), in a stable order."""
    out = {}
    for path in sorted(content.rglob("*.yml")):
        out[path.relative_to(content).as_posix()] = yaml.load(
            path.read_text(encoding="utf-8"), Loader=_Loader
        )
    return out


def _renamed(name: str) -> bool:
    return any(len(w) > 1 and w[0].isupper() and w not in KEEP for w in _WORD.findall(name))


def name_words(tree: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The capitalised words of every actor's name and aliases, and the names that have
    none (``U.S.``, ``his office``), each list longest first."""
    words: set[str] = set()
    phrases: set[str] = set()
    for data in tree.values():
        for actor in (data or {}).get("actors") or []:
            for name in [actor["name"], *(actor.get("aliases") or [])]:
                if not _renamed(name):
                    phrases.add(_plain(name))
                for word in _WORD.findall(name):
                    if len(word) > 1 and word[0].isupper() and word not in KEEP:
                        words.add(word)
    by_length = lambda w: (-len(w), w)  # noqa: E731
    return sorted(words, key=by_length), sorted(phrases, key=by_length)


def _plain(text: str) -> str:
    """A phrase with single spaces and straight apostrophes, as it is looked up."""
    return " ".join(text.replace("\u2019", "'").split())


def _phrase_pattern(phrase: str) -> str:
    """A phrase as the texts may write it: any spacing or line break, either apostrophe."""
    words = [re.escape(w).replace("'", "['\u2019]") for w in phrase.split(" ")]
    return r"\s+".join(words)


class Namer:
    """Invented words, one per (copy, word), never a word of the real texts, never reused."""

    def __init__(self, seed: int, taken: set[str]):
        self.seed = seed
        self.taken = {w.lower() for w in taken}

    def word(self, copy: int, original: str) -> str:
        digest = hashlib.sha256(f"{self.seed}:{copy}:{original}".encode()).digest()
        rng = random.Random(digest)
        while True:
            made = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if made not in self.taken:
                self.taken.add(made)
                break
        if original.isupper():
            return made.upper()
        return made[0].upper() + made[1:]


def shift_date(text: str, months: int, coarsen: bool = False) -> str:
    """A date value moved ``months`` later, keeping its precision (days past the end of
    the new month fall on its last day); ``coarsen`` gives a month to the year only."""
    if "/" in text:
        left, right = text.split("/")
        return shift_date(left, months) + "/" + shift_date(right, months)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return f"{parts[0] + months // 12:04d}"
    total = parts[0] * 12 + (parts[1] - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if len(parts) == 2:
        return f"{year:04d}" if coarsen else f"{year:04d}-{month:02d}"
    day = min(parts[2], calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


class Copy:
    """One copy of the briefing: its id suffix, its words, its dates."""

    def __init__(self, number: int, words: list[str], phrases: list[str], namer: Namer):
        self.number = number
        self.suffix = f"-c{number}"
        self.months = number - 1
        self.coarsen = number % 2 == 0
        self.record = ""  # the id of the record being converted
        self.mapping = {w: namer.word(number, w) for w in words}
        self.mapping.update({p: namer.word(number, p) for p in phrases})
        alternatives = [_phrase_pattern(p) for p in phrases] + [re.escape(w) for w in words]
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)") if alternatives else None
        )

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: self.mapping[_plain(m.group(0))], value)

    def seed_file(self, name: str) -> str:
        return f"c{self.number:04d}-{name}"

    def convert(self, t: Type, value: Any, field: str = "") -> Any:
        """A value of the declared type, as this copy has it."""
        if isinstance(t, DateType):
            if isinstance(value, dict):
                out = {k: self.convert_plain(v) for k, v in value.items()}
                coarsen = (
                    self.coarsen
                    and value.get("precision") == "month"
                    and zlib.crc32(self.record.encode()) % 3 == 0
                )
                out["value"] = shift_date(value["value"], self.months, coarsen)
                if coarsen:
                    out["precision"] = "year"
                return out
            return shift_date(value, self.months)
        if isinstance(t, Ref) and isinstance(value, str):
            return value + self.suffix
        if isinstance(t, AnyRef) and isinstance(value, str):
            return value + self.suffix
        if isinstance(t, ListOf) and isinstance(value, list):
            return [self.convert(t.item, v) for v in value]
        if isinstance(t, Struct) and isinstance(value, dict):
            fields = {f.name: f.type for f in t.fields}
            out = {}
            for key, v in value.items():
                if key == "id":
                    self.record = v
                    out[key] = v + self.suffix
                elif key == "file" and isinstance(v, str) and v.endswith(".txt"):
                    out[key] = self.seed_file(v)
                elif key in fields:
                    out[key] = self.convert(fields[key], v, key)
                else:
                    out[key] = self.convert_plain(v)
            return out
        return self.convert_plain(value)

    def convert_plain(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.convert_plain(v) for v in value]
        if isinstance(value, dict):
            return {k: self.convert_plain(v) for k, v in value.items()}
        return value


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    path.write_text(text, encoding="utf-8")


def synthesize(
    dest: Path,
    copies: int,
    seed: int = 0,
    *,
    content: Path = ROOT / "content",
    seeds: Path = ROOT / "seeds",
    project: bool = False,
) -> Path:
    """Write a synthetic briefing of ``copies`` copies into ``dest`` (content/, seeds/)."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    tree = load_tree(content)
    words, phrases = name_words(tree)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    real_words = set()
    for text in texts.values():
        real_words.update(_WORD.findall(text))
    for data in tree.values():
        real_words.update(_WORD.findall(yaml.dump(data, Dumper=_Dumper, allow_unicode=True)))
    namer = Namer(seed, real_words)
    top = schema.TOP_LEVEL
    for sub in ("content", "seeds"):
        if (dest / sub).exists():
            shutil.rmtree(dest / sub)
    (dest / "seeds").mkdir(parents=True)
    last: Copy | None = None
    for number in range(1, copies + 1):
        copy = Copy(number, words, phrases, namer)
        for name, text in texts.items():
            (dest / "seeds" / copy.seed_file(name)).write_text(copy.text(text), encoding="utf-8")
        for rel, data in tree.items():
            kept = {k: v for k, v in (data or {}).items() if k != "briefing"}
            if not kept:
                continue
            out = {k: copy.convert(top[k], v) if k in top else v for k, v in kept.items()}
            _dump(out, dest / "content" / f"c{number:04d}" / rel)
        if number == 1:
            first = copy
        last = copy
    assert last is not None
    for rel, data in tree.items():
        if "briefing" in (data or {}):
            briefing = first.convert(top["briefing"], data["briefing"])
            as_of = data["briefing"]["as_of"]
            as_of_text = as_of["value"] if isinstance(as_of, dict) else as_of
            briefing["as_of"] = shift_date(as_of_text, last.months)
            briefing["title"] = f"{briefing['title']} (synthetic, {copies} copies)"
            _dump({"briefing": briefing}, dest / "content" / rel)
    if project:
        shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
        if (dest / "site_config").exists():
            shutil.rmtree(dest / "site_config")
        shutil.copytree(ROOT / "site_config", dest / "site_config")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, required=True, help="how many copies (N)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0, help="seed for the invented names")
    parser.add_argument(
        "--project", action="store_true", help="also copy mkdocs.yml and site_config/"
    )
    args = parser.parse_args()
    synthesize(args.out, args.copies, args.seed, project=args.project)
    print(f"wrote {args.copies} copies to {args.out}")


if __name__ == "__main__":
    main()
