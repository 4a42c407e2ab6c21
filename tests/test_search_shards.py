"""The site's own search index (generator/search_shards.py): how it reads words, what it
stores for each record, that its slices hold every word and pair and nothing else, and
that the search worker (site_config/docs/javascripts/search-worker.js) reads words as
the index does, in a real Chromium."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from generator import search_index, search_shards
from generator.search_shards import Record, normal, stem, tokens

WORKER_JS = Path(__file__).resolve().parents[1] / "site_config/docs/javascripts/search-worker.js"


def test_numbers_are_one_word_however_their_thousands_are_written():
    for written in ("10,000", "10000", "10 000", "10.000", "10\u202f000", "10’000"):
        assert tokens(written) == ["10000"], written
    assert tokens("1,000,000 and 3.5") == ["1000000", "and", "3", "5"]
    assert tokens("In 2024, 300 died") == ["in", "2024", "300", "died"]  # not 2024300


def test_accents_case_and_apostrophes():
    assert normal("Zelenskyy’s SÉOUL") == "zelenskyy’s seoul"
    assert tokens("Zelenskyy’s") == ["zelenskyy", "s"]
    assert tokens("Kim Jong-un") == ["kim", "jong", "un"]
    assert tokens("“meat grinder”") == ["meat", "grinder"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("troops", "troop"),
        ("casualties", "casualty"),
        ("forces", "force"),
        ("status", "status"),
        ("press", "press"),
        ("analysis", "analysis"),
        ("bus", "bus"),  # too short to touch
        ("toes", "toe"),
        ("2000s", "2000"),
        ("1000", "1000"),
    ],
)
def test_a_plural_is_its_singular(word: str, expected: str):
    assert stem(word) == expected


SECTION = """<h3 id="actor-x">The Ministry</h3>
<p>The ministry denied sending 10,000 troops.</p>
<span data-pagefind-meta="aliases:The Ministry, MoD, Defence Ministry"></span>
<form class="claim-filters" data-pagefind-ignore=""><div><div>filter</div></div><p>x</p></form>
<figure class="picture" data-pagefind-ignore=""><figure>nested</figure>chart words</figure>
<p>After the furniture.</p>"""


def _section(html: str, url: str = "actors/x/") -> search_index.Section:
    return search_index.Section(url=url, title="The Ministry", page="The Ministry", html=html,
                                lang="en")  # fmt: skip


def test_a_record_keeps_its_names_and_text_and_drops_the_furniture():
    rec = search_shards.record(_section(SECTION))
    assert rec.names == {"aliases": ["The Ministry", "MoD", "Defence Ministry"]}
    assert rec.text == "The ministry denied sending 10,000 troops. After the furniture."
    assert not rec.quote
    quote = '<h3 id="q">1 May</h3><blockquote><p>We will</p></blockquote>'
    quoted = search_shards.record(_section(quote))
    assert quoted.quote
    data = rec.data()
    assert data["n"] == ["The Ministry", "MoD", "Defence Ministry"]
    assert "q" not in data and quoted.data()["q"] == 1


def test_a_tables_column_names_are_not_its_text():
    table = (
        '<h3 id="q">Troops</h3><table><thead><tr><th>Estimate</th><th>Claimed by</th></tr>'
        '</thead><tbody><tr><td><span class="cell-label">Estimate</span>3,000 troops</td>'
        '<td><span class="cell-label">Claimed by</span>Reuters</td></tr></tbody></table>'
    )
    assert search_shards.record(_section(table)).text == "3,000 troops Reuters"


def _rec(url: str, title: str, text: str, **names: list[str]) -> Record:
    return Record(url=url, title=title, page="P", text=text, names=names, quote=False)


RECORDS = [
    _rec("a/", "Alpha", "troops crossed the river", aliases=["Alpha", "Troop Command"]),
    _rec("b/#x", "Bravo", "troops and more troops crossed"),
    _rec("c/#y", "Charlie", "the river was quiet"),
]


def _read(site: Path, manifest: dict) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Every word's (record, impact) pairs and every pair's records, decoded from the
    files as the worker decodes them."""
    folder = site / search_shards.FOLDER / manifest["tag"]
    words: dict[str, list[int]] = {}
    pairs: dict[str, list[int]] = {}
    for kind, out in (("u", words), ("p", pairs)):
        for i, first in enumerate(manifest[kind]):
            data = json.loads((folder / f"{kind}{i}.json").read_text("utf-8"))
            assert min(data) == first  # the manifest names each slice by its first key
            for key, flat in data.items():
                assert key not in out  # each key in one slice
                if kind == "u":
                    ids, n = [], 0
                    for gap in flat[0::2]:
                        n += gap
                        ids.append(n)
                    out[key] = list(zip(ids, flat[1::2], strict=True))  # type: ignore[assignment]
                else:
                    n, ids = 0, []
                    for gap in flat:
                        n += gap
                        ids.append(n)
                    out[key] = ids
    return words, pairs


def test_every_word_and_pair_is_in_its_slice_with_its_records(tmp_path: Path):
    manifest = search_shards.write(tmp_path, search_shards.score(RECORDS))
    words, pairs = _read(tmp_path, manifest)
    assert [r for r, _ in words["troop"]] == [0, 1]  # "troops" in A and B, not C
    assert [r for r, _ in words["river"]] == [0, 2]
    assert [r for r, _ in words["command"]] == [0]  # a name alone is found
    assert pairs["troop crossed"] == [0, 1] and pairs["more troop"] == [1]
    assert pairs["the river"] == [0, 2] and "river troop" not in pairs
    expected = {t for r in RECORDS for t in tokens(r.title) + tokens(r.text)}
    expected |= {t for r in RECORDS for n in r.names.values() for v in n for t in tokens(v)}
    assert set(words) == expected
    assert manifest["records"] == 3
    records = sorted((tmp_path / search_shards.FOLDER / manifest["tag"] / "r").iterdir())
    urls = [json.loads(p.read_text("utf-8"))["u"] for p in sorted(records)]
    assert urls == ["a/", "b/#x", "c/#y"]


def test_a_name_weighs_more_than_the_text_and_a_common_word_less():
    index = search_shards.score(RECORDS)
    troop = index.words["troop"]
    assert troop[0] > troop[1]  # A is named "Troop Command"; B only says it twice
    # "crossed" is in two records, "quiet" in one: the rarer word weighs more.
    assert index.words["quiet"][2] > index.words["river"][2]
    # Scores are stored as bytes on a log scale, and the manifest decodes them.
    manifest_max = math.log1p(max(v for p in index.words.values() for v in p.values()))
    assert manifest_max > 0


def test_slices_stay_near_their_size(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(search_shards, "SLICE", 40)
    manifest = search_shards.write(tmp_path, search_shards.score(RECORDS))
    assert len(manifest["u"]) > 3  # cut small
    assert manifest["u"] == sorted(manifest["u"])
    words, _ = _read(tmp_path, manifest)  # every word still found in the slice named for it
    assert "troop" in words and "alpha" in words


def test_the_offline_edition_writes_scripts(tmp_path: Path):
    manifest = search_shards.write(tmp_path, search_shards.score(RECORDS), scripts=True)
    folder = tmp_path / search_shards.FOLDER / manifest["tag"]
    assert manifest["js"] is True
    assert not list(folder.rglob("*.json"))
    text = (folder / "u0.js").read_text("utf-8")
    assert text.startswith('__searchData("u0",{') and text.endswith(");\n")


def test_the_build_tells_the_worker_where_the_index_is(mini_built: Path, tmp_path: Path):
    site = mini_built / "site"
    worker = (site / search_shards.WORKER).read_text("utf-8")
    assert search_shards.PLACEHOLDER not in worker
    line = next(ln for ln in worker.splitlines() if ln.startswith("const INDEX = "))
    manifest = json.loads(line.removeprefix("const INDEX = ").removesuffix(";"))
    assert (site / search_shards.FOLDER / manifest["tag"] / "u0.json").is_file()
    assert [p.name for p in (site / search_shards.FOLDER).iterdir()] == [manifest["tag"]]
    records = len(list((site / search_shards.FOLDER / manifest["tag"] / "r").iterdir()))
    assert records == manifest["records"] == len(list(search_index.sections(site)))


TRICKY = [
    "Zelenskiy, Zelenskyy and Zelensky",
    "10,000 troops; 10 000 or 10.000 — 1,500,000",
    "Kim Jong-un’s “meat grinder” (Pyongyang)",
    "SÉOUL, Köln, naïve café, Ελλάδα",
    "casualties forces status analysis 2000s",
    "AFP (Agence France-Presse) — 3.5% of 2024",
    "don't won’t Moscow's",
]


@pytest.mark.browser
def test_the_worker_reads_words_as_the_index_does(browser, real_site: Path):
    """The worker's normal(), stem() and tokens() give the same words as Python's for
    tricky strings and for the text of every record of the real briefing."""
    texts = TRICKY + [search_shards.record(s).text for s in search_index.sections(real_site)]
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>t</title>")
        page.add_script_tag(content=WORKER_JS.read_text("utf-8"))
        got = page.evaluate("(texts) => texts.map((t) => tokens(t))", texts)
    finally:
        page.close()
    assert len(got) == len(texts) > len(TRICKY)  # and every record of the briefing
    for text, words in zip(texts, got, strict=True):
        assert words == tokens(text), text


@pytest.fixture(scope="module")
def mini_url(mini_built: Path):
    from browser import serve_dir

    with serve_dir(mini_built / "site") as base:
        yield base


def _answers(browser, base: str, *queries: str) -> list[list[str]]:
    import search_queries as sq

    context = browser.new_context()
    context.add_init_script(sq.SEARCH_PROBE)
    page = context.new_page()
    try:
        page.goto(base, wait_until="networkidle")
        out = []
        for query in queries:
            sq.type_query(page, query)
            out.append(sq.result_links(page, base))
        return out
    finally:
        context.close()


@pytest.mark.browser
def test_words_being_typed_find_what_they_start_in_any_case_and_number(browser, mini_url):
    minis, upper, singular, plural = _answers(browser, mini_url, "Minis", "MINISTER", "troop",
                                              "Troops")  # fmt: skip
    assert minis[0] == upper[0] == "actors/minister/#"  # its start, in capitals
    assert singular and singular == plural  # a plural is its singular


@pytest.mark.browser
def test_an_excerpt_marks_a_number_typed_with_its_separators(browser):
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>t</title>")
        page.add_script_tag(content=WORKER_JS.read_text("utf-8"))
        shown = page.evaluate(
            "() => excerpt('sent about 10,000 troops and 3,000 more in 2024 300 died',"
            " ['10000', '2024'])"
        )
    finally:
        page.close()
    assert (
        shown
        == "sent about <mark>10,000</mark> troops and 3,000 more in <mark>2024</mark> 300 died"
    )
