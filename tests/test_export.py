"""The downloads, read as a reader's tools would read them, from the real built site.

The JSON validates against the JSON Schema published beside it and holds every record;
each CSV and each SQLite table holds one row per record of its kind; SQL with a join and
a full-text match answers from the database; the Downloads page is linked from the
overview and the About page. Expected values come from the content's model.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from briefing_site import html_path

from generator import schema
from generator.export import CSV_DIR, JSON_FILE, SCHEMA_FILE, SCHEMA_VERSION, SQLITE_FILE

pytestmark = pytest.mark.slow

KINDS = list(schema.COLLECTIONS)


@pytest.fixture(scope="module")
def document(real_site: Path) -> dict[str, Any]:
    return json.loads((real_site / JSON_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def export_schema(real_site: Path) -> dict[str, Any]:
    return json.loads((real_site / SCHEMA_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def db(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    # A copy: the test must not leave a journal beside the published file.
    path = tmp_path_factory.mktemp("db") / "briefing.db"
    path.write_bytes((real_site / SQLITE_FILE).read_bytes())
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def _validator(export_schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(export_schema)
    cls.check_schema(export_schema)
    return cls(export_schema, format_checker=cls.FORMAT_CHECKER)


def test_the_json_validates_against_its_published_schema(
    document: dict[str, Any], export_schema: dict[str, Any]
) -> None:
    validator = _validator(export_schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert document["schema_version"] == SCHEMA_VERSION
    assert export_schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_the_schema_is_strict_enough_to_fail(
    document: dict[str, Any], export_schema: dict[str, Any]
) -> None:
    """A document missing a required field, carrying an unknown one, or with a date that
    is not a date, is refused: the schema describes the shape, it does not wave it through."""
    validator = _validator(export_schema)
    kind = next(k for k in KINDS if document[k])
    broken = json.loads(json.dumps(document))
    del broken[kind][0]["id"]
    assert not validator.is_valid(broken)
    extra = json.loads(json.dumps(document))
    extra[kind][0]["not_a_field"] = 1
    assert not validator.is_valid(extra)
    bad_date = json.loads(json.dumps(document))
    bad_date["briefing"]["as_of"]["start"] = "31/10/2024"
    assert not validator.is_valid(bad_date)


def test_the_json_holds_every_record(document: dict[str, Any], real_briefing: Any) -> None:
    for key in KINDS:
        assert [r["id"] for r in document[key]] == list(real_briefing.collection(key)), key
    briefing = document["briefing"]
    assert briefing["bottom_line"] == real_briefing.bottom_line
    assert [j["id"] for j in briefing["key_judgments"]] == [
        j.id for j in real_briefing.key_judgments
    ]
    claim = next(iter(real_briefing.claims.values()))
    exported = document["claims"][0]
    assert exported["claimant"] == claim.claimant.id
    page = html_path(claim.page).removesuffix("index.html")  # the page that shows it
    assert exported["permalink"] == f"{page}#{claim.anchor}"
    first = exported["citations"][0]
    assert first["source"] == claim.citations[0].source.id
    assert first["paragraph"] == claim.citations[0].paragraph
    assert first["excerpt"] == claim.citations[0].excerpt


def _csv(real_site: Path, key: str) -> tuple[list[str], list[dict[str, str]]]:
    raw = (real_site / CSV_DIR / f"{key}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_each_csv_and_table_holds_one_row_per_record(
    real_site: Path, db: Any, real_briefing: Any
) -> None:
    for key in KINDS:
        records = real_briefing.collection(key)
        header, rows = _csv(real_site, key)
        assert [r["id"] for r in rows] == list(records), key
        (count,) = db.execute(f'SELECT count(*) FROM "{key}"').fetchone()
        assert count == len(records) == len(rows), key
        columns = [c[1] for c in db.execute(f'PRAGMA table_info("{key}")')]
        assert columns == header, key


def test_csv_lists_and_dates_are_in_the_documented_form(
    real_site: Path, real_briefing: Any
) -> None:
    _, rows = _csv(real_site, "claims")
    by_id = {r["id"]: r for r in rows}
    for claim in real_briefing.claims.values():
        row = by_id[claim.id]
        cites = json.loads(row["citations"])
        assert [c["source"] for c in cites] == [c.source.id for c in claim.citations]
        assert json.loads(row["topics"] or "[]") == claim.topics
        if claim.made_on:
            assert row["made_on"] == claim.made_on.text
            assert row["made_on_start"] == claim.made_on.start.isoformat()
            assert row["made_on_inferred"] == ("true" if claim.made_on.inferred else "false")
        else:
            assert row["made_on"] == row["made_on_start"] == ""


def test_link_tables_hold_every_many_to_many_relation(db: Any, real_briefing: Any) -> None:
    pairs = db.execute(
        "SELECT e.id, a.name FROM events e"
        " JOIN events_actors ea ON ea.event_id = e.id"
        " JOIN actors a ON a.id = ea.value ORDER BY e.id, ea.position"
    ).fetchall()
    expected = sorted(
        ((e.id, a.name) for e in real_briefing.events.values() for a in e.actors),
        key=lambda p: p[0],
    )
    assert sorted(pairs, key=lambda p: p[0]) == expected
    assert expected  # the content has events with actors
    cited = db.execute("SELECT count(*) FROM claims_citations").fetchone()[0]
    assert cited == sum(len(c.citations) for c in real_briefing.claims.values())


def test_sql_with_a_join_and_a_full_text_match(db: Any, real_briefing: Any) -> None:
    """A reader's query: the quotes that use a word, with the speaker's name."""
    quote = max(real_briefing.quotes.values(), key=lambda q: (len(q.text), q.id))
    word = max(re.findall(r"[A-Za-z]{6,}", quote.text), key=len)
    rows = db.execute(
        "SELECT quotes.id, actors.name FROM quotes_fts"
        " JOIN quotes ON quotes.rowid = quotes_fts.rowid"
        " JOIN actors ON actors.id = quotes.speaker"
        " WHERE quotes_fts MATCH ? ORDER BY rank",
        [f'"{word}"'],
    ).fetchall()
    assert (quote.id, quote.speaker.name) in rows
    expected = {q.id for q in real_briefing.quotes.values() if word.lower() in q.text.lower()}
    assert {r[0] for r in rows} >= expected


def test_export_info_names_the_version_and_licence(db: Any, real_briefing: Any) -> None:
    info = dict(db.execute("SELECT key, value FROM export_info"))
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["title"] == real_briefing.title
    assert info["license"] == (real_briefing.license or None)


def test_downloads_are_linked_from_the_overview_and_the_about_page(real_site: Path) -> None:
    for page in ("index.html", "about/index.html"):
        text = (real_site / page).read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]*)"', text)
        assert any(h.rstrip("/").endswith("downloads") for h in hrefs), page
    downloads = (real_site / "downloads/index.html").read_text(encoding="utf-8")
    for name in ("briefing.json", "briefing.schema.json", "briefing.db"):
        assert f'href="{name}"' in downloads
    for key in KINDS:
        assert f'href="csv/{key}.csv"' in downloads
