"""Facts a careless summary gets wrong, pinned against this briefing's curated content.

These belong to the briefing, not to the generator: they live beside content/ and go
with it (tests/ holds only tests that pass on any briefing). Every expected value here
was checked by hand against the archived text in seeds/, and most tests also assert the
passage itself, so a change to either side shows up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.coverage import coverage, format_report
from generator.pipeline import check
from generator.project import Project
from generator.validate import Checked

#: The project whose content/ holds this folder (content/checks/ -> the project root).
ROOT = Path(__file__).resolve().parents[2]

TOTAL = "nk-troops-in-russia-total"
NEAR_BORDER = "nk-troops-near-ukraine-border"


@pytest.fixture(scope="module")
def checked() -> Checked:
    return check(Project.at(ROOT))


def _records(checked: Checked, kind: str) -> dict[str, dict[str, Any]]:
    return {r.id: r.data for r in checked.raw.records[kind]}


def _seed(checked: Checked, source_id: str) -> str:
    return checked.texts[source_id].text


def _claims_with_value(checked: Checked, value: float) -> list[dict[str, Any]]:
    return [
        c for c in _records(checked, "claims").values() if c.get("figure", {}).get("value") == value
    ]


def _cited(record: dict[str, Any]) -> set[str]:
    return {c["source"] for c in record["citations"]}


def _excerpts(record: dict[str, Any]) -> str:
    return " ".join(c.get("excerpt", record.get("text", "")) for c in record["citations"])


# --- troop numbers: who counts whose troops, and where ------------------------------------


def test_50000_counts_russian_troops_in_kursk_and_is_claimed_by_ukraine(checked: Checked):
    assert "Ukraine claims Russia has deployed roughly 50,000 troops in the Kursk region" in (
        _seed(checked, "uk-pentagon-10000-troops")
    )
    [claim] = _claims_with_value(checked, 50000)
    figure = claim["figure"]
    assert claim["claimant"] == "ukraine"
    assert figure["quantity"] == "russian-troops-in-kursk"
    assert figure["qualifier"] == "about"  # "roughly"
    assert "Russian" in figure["counts"] and "Kursk" in figure["counts"]
    assert "North Korean" not in figure["counts"]
    assert _cited(claim) == {"uk-pentagon-10000-troops"}


def test_30000_counts_ukrainian_troops_from_analysts_via_nyt(checked: Checked):
    seed = _seed(checked, "uk-pentagon-10000-troops")
    assert (
        "independent military analysts suggest that Kyiv has deployed nearly 30,000 "
        "soldiers, the New York Times reported"
    ) in seed
    [claim] = _claims_with_value(checked, 30000)
    figure = claim["figure"]
    assert claim["claimant"] == "independent-military-analysts"
    assert _records(checked, "actors")["independent-military-analysts"]["kind"] == "group"
    assert figure["quantity"] == "ukrainian-troops-in-kursk"
    assert figure["quantity"] != _claims_with_value(checked, 50000)[0]["figure"]["quantity"]
    assert figure["qualifier"] == "nearly"
    assert "Ukrainian" in figure["counts"] and "New York Times" in figure["counts"]
    assert "New York Times" in _excerpts(claim)


def test_8000_is_the_subset_near_the_border_not_a_total(checked: Checked):
    ap = _seed(checked, "ap-8000-near-border")
    assert "Some 8,000 North Korean soldiers are now in Russia near Ukraine’s border" in ap
    claims = _claims_with_value(checked, 8000)
    assert claims, "the 8,000 figure must be recorded"
    for claim in claims:
        assert claim["figure"]["quantity"] == NEAR_BORDER
        assert "subset" in claim["figure"]["counts"]
    assert {"guardian-8000-at-border", "ap-8000-near-border"} <= set().union(
        *(_cited(c) for c in claims)
    )


def test_10000_is_the_us_total_in_russia(checked: Checked):
    assert "The U.S. has estimated a total of about 10,000 North Korean troops are in Russia." in (
        _seed(checked, "ap-8000-near-border")
    )
    assert (
        "The Pentagon estimated 10,000 North Korean troops had been deployed to eastern Russia"
        in (_seed(checked, "reuters-nato-alarm"))
    )
    claims = _claims_with_value(checked, 10000)
    assert {c["claimant"] for c in claims} == {"pentagon", "united-states"}
    assert all(c["figure"]["quantity"] == TOTAL for c in claims)


def test_11000_is_seoul_and_allies_and_12000_is_ukraine(checked: Checked):
    assert (
        "Seoul and its allies assessed that has increased to 11,000, while Ukraine has put "
        "the figure higher, at up to 12,000."
    ) in _seed(checked, "ap-8000-near-border")
    [eleven] = _claims_with_value(checked, 11000)
    assert eleven["claimant"] == "south-korea"
    assert eleven["figure"]["quantity"] == TOTAL
    assert "Seoul and its allies" in _excerpts(eleven)

    twelve_total = [
        c for c in _claims_with_value(checked, 12000) if c["figure"]["quantity"] == TOTAL
    ]
    [twelve] = twelve_total
    assert twelve["claimant"] == "ukraine"
    assert twelve["figure"]["qualifier"] == "up-to"
    # Zelensky's "two units with possibly up to 12,000" is his, and is linked to Ukraine's.
    zelensky = [
        c for c in _claims_with_value(checked, 12000) if c["claimant"] == "volodymyr-zelensky"
    ]
    assert zelensky and zelensky[0]["figure"]["qualifier"] == "up-to"


def test_competing_totals_sit_side_by_side(checked: Checked):
    values = sorted(
        c["figure"]["value"]
        for c in _records(checked, "claims").values()
        if c.get("figure", {}).get("quantity") == TOTAL
    )
    # 3,000 (the earlier estimate), 10,000 (Pentagon, US), 11,000 (Seoul and allies), up
    # to 12,000 (Ukraine). The spy chief's and the NIS's 3,000s are not said to be in
    # Russia: they count troops in training or shipped (see the next test).
    assert values == [3000, 10000, 10000, 11000, 12000]


def test_the_two_3000s_of_one_article_are_not_totals_in_russia_and_are_linked(checked):
    uk = _seed(checked, "uk-pentagon-10000-troops")
    assert "3,000 North Korean troops are being trained to use equipment" in uk
    assert "Pyongyang had shipped 3000 troops, half of them to Russia’s Far East" in uk
    claims = _records(checked, "claims")
    chief, shipped = claims["nis-chief-3000-being-trained"], claims["nis-3000-shipped"]
    for claim in (chief, shipped):
        assert claim["figure"]["quantity"] == "nk-troops-sent-or-in-training"
    assert {"nis-3000-shipped", "estimate-3000-last-wednesday"} <= set(chief["differs_from"])
    assert "does not say where" in chief["figure"]["counts"]


def test_3000_was_the_earlier_estimate_of_last_wednesday(checked: Checked):
    reuters = _seed(checked, "reuters-nato-alarm")
    assert "up from an estimate of 3,000 troops last Wednesday." in reuters
    assert reuters.startswith(" date 2024-10-29")  # a Tuesday: last Wednesday = 23 October
    claim = _records(checked, "claims")["estimate-3000-last-wednesday"]
    assert claim["figure"]["value"] == 3000
    assert claim["figure"]["quantity"] == TOTAL
    for when in (claim["made_on"], claim["figure"]["as_of"]):
        assert when["value"] == "2024-10-23"
        assert when["precision"] == "day"
        assert when["inferred"] is True
        assert "last Wednesday" in when["basis"] and "2024-10-29" in when["basis"]
    parsed = checked.whens[("claims", "estimate-3000-last-wednesday", ("made_on",))]
    assert parsed.inferred and parsed.start.isoformat() == "2024-10-23"
    assert parsed.start.weekday() == 2  # a Wednesday


def test_1500_are_special_forces_per_seoul_spy_agency(checked: Checked):
    assert (
        "About 1,500 North Korean special forces soldiers are already in Russia acclimatising"
    ) in _seed(checked, "afp-alliance-locked-in")
    [claim] = _claims_with_value(checked, 1500)
    assert claim["claimant"] == "south-korea-nis"
    assert claim["figure"]["quantity"] != TOTAL
    assert "special forces" in claim["figure"]["counts"]


def test_500000_is_russian_killed_or_wounded_us_estimate(checked: Checked):
    assert (
        "The U.S. estimates that more than 500,000 Russian forces have been killed or wounded"
    ) in _seed(checked, "ap-8000-near-border")
    [claim] = _claims_with_value(checked, 500000)
    figure = claim["figure"]
    assert claim["claimant"] == "united-states"
    assert figure["qualifier"] == "more-than"
    assert "killed or wounded" in figure["counts"]
    assert "killed or wounded" in figure["unit"]
    assert "Russian" in figure["counts"]


def test_interpreter_ratio_and_other_figures(checked: Checked):
    assert "one interpreter for every 30 North Korean soldiers" in (
        _seed(checked, "uk-pentagon-10000-troops")
    )
    [ratio] = _claims_with_value(checked, 30)
    assert "interpreter" in ratio["figure"]["unit"]
    [flight] = _claims_with_value(checked, 86)
    assert flight["figure"]["unit"] == "minutes"
    [share] = [
        c
        for c in _claims_with_value(checked, 1)  # "less than 1 percent"
        if c["figure"]["unit"] == "percent"
    ]
    assert share["claimant"] == "csis" and share["figure"]["qualifier"] == "less-than"


# --- stances ------------------------------------------------------------------------


def test_nato_confirmed_what_moscow_and_pyongyang_denied(checked: Checked):
    assert "Moscow and Pyongyang initially denied the allegations" in (
        _seed(checked, "uk-pentagon-10000-troops")
    )
    claims = _records(checked, "claims")
    assert claims["nato-confirms-nk-troops-in-russia"]["status"] == "confirmed"
    for denial in ("russia-initially-denied-troops", "north-korea-initially-denied-troops"):
        assert claims[denial]["status"] == "denied"
        assert "nato-confirms-nk-troops-in-russia" in claims[denial]["contradicts"]


def test_the_outlets_disagree_on_the_denial_and_the_records_say_so(checked: Checked):
    assert "Putin has not denied the presence of North Korean troops" in (
        _seed(checked, "reuters-nato-alarm")
    )
    claims = _records(checked, "claims")
    assert claims["russia-initially-denied-troops"]["differs_from"] == [
        "putin-has-not-denied-presence"
    ]
    bottom = checked.raw.briefing.data["bottom_line"]
    assert "Reuters" in bottom and "first denied" in bottom


def test_nato_location_is_told_two_ways_and_linked(checked: Checked):
    claims = _records(checked, "claims")
    uk = claims["nato-confirms-nk-troops-in-russia"]
    assert _cited(uk) == {"uk-pentagon-10000-troops"} and "already in the Kursk" in _excerpts(uk)
    reuters = claims["nato-troops-moving-toward-front-line"]
    assert _cited(reuters) == {"reuters-nato-alarm"}
    assert "moving toward the front line" in _excerpts(reuters)
    assert set(uk["differs_from"]) == {
        "nato-troops-moving-toward-front-line",
        "singh-troops-heading-for-kursk",
    }


def test_the_8000_is_blinkens_and_the_administrations_not_austins(checked: Checked):
    event = _records(checked, "events")["blinken-austin-news-conference"]
    assert "Austin say" not in event["title"] and "8,000" in event["title"]
    assert "Biden administration" in event["summary"] and "Blinken" in event["summary"]
    assert "the Biden administration said Thursday" in _excerpts(event)


def test_the_bottom_line_keeps_the_condition_of_the_warning(checked: Checked):
    bottom = checked.raw.briefing.data["bottom_line"]
    assert "legitimate military targets if they engaged in combat against Ukraine" in bottom


def test_the_monday_pentagon_briefing_is_dated_28_october_everywhere(checked: Checked):
    uk = _seed(checked, "uk-pentagon-10000-troops")
    assert "Pentagon spokesperson Sabrina Sigh said on Monday." in uk
    dated = [
        ("claims", "pentagon-10000-in-russia", ("made_on",)),
        ("claims", "pentagon-could-fight-in-weeks", ("made_on",)),
        ("claims", "pentagon-co-belligerents-warning", ("made_on",)),
        ("claims", "singh-troops-heading-for-kursk", ("made_on",)),
        ("events", "pentagon-estimate-10000", ("date",)),
        ("quotes", "pentagon-next-several-weeks", ("said_on",)),
        ("quotes", "singh-co-belligerents", ("said_on",)),
        ("quotes", "singh-calculation-for-north-korea", ("said_on",)),
    ]
    for key in dated:
        when = checked.whens[key]
        assert when.text == "2024-10-28" and when.inferred, key


def test_one_utterance_in_two_outlets_is_one_quote(checked: Checked):
    quotes = _records(checked, "quotes")
    for qid in ("blinken-in-the-coming-days", "blinken-basic-infantry-operations"):
        assert _cited(quotes[qid]) == {"guardian-8000-at-border", "ap-8000-near-border"}
    assert "blinken-not-yet-seen-combat" not in quotes


# --- actors and quotes ----------------------------------------------------------------


def test_zelensky_is_one_actor_with_all_three_spellings(checked: Checked):
    assert "Zelenskiy" in _seed(checked, "reuters-nato-alarm")
    assert "Zelenskyy" in _seed(checked, "guardian-8000-at-border")
    assert "Volodymyr Zelensky " in _seed(checked, "uk-pentagon-10000-troops")
    actors = _records(checked, "actors")
    zelensky = actors["volodymyr-zelensky"]
    assert {"Zelenskiy", "Zelenskyy", "Zelensky"} <= set(zelensky["aliases"])
    others = [
        a
        for a, d in actors.items()
        if a != "volodymyr-zelensky"
        and any("Zelensk" in n for n in [d["name"], *d.get("aliases", [])])
    ]
    assert others == []
    speakers_by_source: dict[str, set[str]] = {}
    for quote in _records(checked, "quotes").values():
        if "Zelensk" in _excerpts(quote) or quote["speaker"] == "volodymyr-zelensky":
            for source in _cited(quote):
                speakers_by_source.setdefault(source, set()).add(quote["speaker"])
    assert speakers_by_source["reuters-nato-alarm"] >= {"volodymyr-zelensky"}
    assert speakers_by_source["guardian-8000-at-border"] >= {"volodymyr-zelensky"}
    zel_quotes = [
        q for q in _records(checked, "quotes").values() if q["speaker"] == "volodymyr-zelensky"
    ]
    assert {"reuters-nato-alarm", "guardian-8000-at-border"} <= set().union(
        *(_cited(q) for q in zel_quotes)
    )


def test_sabrina_sigh_is_an_alias_of_singh(checked: Checked):
    assert "Pentagon spokesperson Sabrina Sigh said on Monday" in (
        _seed(checked, "uk-pentagon-10000-troops")
    )
    actors = _records(checked, "actors")
    assert "Sabrina Sigh" in actors["sabrina-singh"]["aliases"]
    assert actors["sabrina-singh"]["name"] == "Sabrina Singh"
    assert not any(a["name"] == "Sabrina Sigh" for a in actors.values())


def test_unnamed_us_envoy_is_not_merged_with_robert_wood(checked: Checked):
    quote = _records(checked, "quotes")["us-envoy-body-bags"]
    assert quote["speaker"] == "us-envoy-to-un"
    assert "the US envoy to the UN said" in _seed(checked, "guardian-8000-at-border")


def test_every_quote_text_is_verbatim_in_each_cited_source(checked: Checked):
    quotes = checked.raw.records["quotes"]
    assert len(quotes) >= 50
    for quote in quotes:
        for citation in quote.data["citations"]:
            text = checked.texts[citation["source"]]
            assert text.find(quote.data["text"]) is not None, quote.id
            # not only after normalisation: the characters are the seed's own
            assert quote.data["text"] in text.text, quote.id


def test_source_dates_stated_and_inferred(checked: Checked):
    def when(source_id: str):
        return checked.whens[("sources", source_id, ("published",))]

    assert (
        when("reuters-nato-alarm").text == "2024-10-29" and not when("reuters-nato-alarm").inferred
    )
    assert (
        when("ap-8000-near-border").text == "2024-10-31"
        and not when("ap-8000-near-border").inferred
    )
    afp = when("afp-alliance-locked-in")
    assert afp.precision == "month" and afp.inferred and afp.text == "2024-10"
    assert "next month" in afp.basis
    assert when("guardian-8000-at-border").inferred
    assert when("uk-pentagon-10000-troops").inferred


def test_korean_war_is_a_range_and_treaty_year_inferred(checked: Checked):
    korean_war = checked.whens[("events", "korean-war", ("date",))]
    assert korean_war.precision == "range" and korean_war.text == "1950/1953"
    treaty = checked.whens[("events", "putin-kim-military-deal", ("date",))]
    assert treaty.text == "2024-06" and treaty.inferred and treaty.basis


def test_coverage_of_the_real_content_is_ok(checked: Checked):
    report = coverage(Project.at(ROOT), checked)
    assert report.ok, format_report(report)
    assert sum(len(s.passages) for s in report.sources) >= 56
