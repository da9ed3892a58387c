"""Tests for timeline.gazetteer: places in text and where a sentence happens."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from _corpora import SHARED

from timeline.gazetteer import (
    find_locations,
    led_locations,
    location_of,
    place,
    place_country,
    places,
)

DEV = SHARED / "corpora" / "news-dev"
PLACES = Path(__file__).resolve().parents[1] / "timeline" / "data" / "places.csv"


# Cities under their aliases, venues as their city, countries as the analyst names them.
@pytest.mark.parametrize(
    "text, canonical",
    [
        ("Paris", "Paris"),
        ("Kiev", "Kyiv"),
        ("Kyiv", "Kyiv"),
        ("Jeddah", "Jeddah"),
        ("Washington D.C.", "Washington"),
        ("the Hague", "The Hague"),
        ("Munich Security Conference", "Munich"),
        ("Elysee Palace", "Paris"),
        ("Élysée Palace", "Paris"),
        ("House of Commons", "London"),
        ("Saudi Arabia", "Saudi Arabia"),
        ("the US", "United States"),
        ("UK", "United Kingdom"),
        ("Türkiye", "Turkey"),
        ("Crimea", "Crimea"),
    ],
)
def test_find_locations(text: str, canonical: str) -> None:
    found = find_locations(f"They met in {text} today.")
    assert [c for _, _, c in found] == [canonical]
    s, e, _ = found[0]
    assert f"They met in {text} today."[s:e] in (text, text.removeprefix("the "))


@pytest.mark.parametrize(
    "name, alpha3",
    [("Munich", "DEU"), ("Kiev", "UKR"), ("the Elysee Palace", "FRA"), ("Saudi Arabia", "SAU"),
     ("Riyadh", "SAU"), ("Abu Dhabi", "ARE"), ("Davos", "CHE"), ("Atlantis", None)],
)
def test_place_country(name: str, alpha3: str | None) -> None:
    assert place_country(name) == alpha3


# The most specific place led by a preposition or a motion phrase.
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("a mini-summit Monday in Paris with several European leaders", "Paris"),
        ("Emmanuel Macron at the Elysee Palace in Paris, France, on Monday", "Paris"),
        ("his meeting with Russia’s foreign minister earlier today in Riyadh, Saudi Arabia.", "Riyadh"),
        ("US and Russian officials due to meet in Saudi Arabia this week", "Saudi Arabia"),
        ("Last week at the Munich Security Conference, US officials said", "Munich"),
        ("looking forward to travelling to the US this week", "United States"),
        ("President Macron’s visit to Washington yesterday", "Washington"),
        ("after the Prime Minister returns from Washington D.C.", "Washington"),
        ("In January 2022, I visited the Wall of Remembrance in Kyiv", "Kyiv"),
        ("The Statement was made in the House of Commons on Monday.", "London"),
        ("At the G20 in South Africa last week", "South Africa"),
        ("Putin's full-scale invasion of Ukraine", "Ukraine"),
        # not where anything happened
        ("Washington is prepared to do more in Europe militarily", None),
        ("Ukraine and Russia agreed", None),
        ("The Prime Minister spoke to President Macron this afternoon.", None),
    ],
)
def test_location_of(sentence: str, expected: str | None) -> None:
    assert location_of(sentence) == expected


def test_led_locations() -> None:
    text = "Washington said the talks in Riyadh, Saudi Arabia, went well; Kyiv was not there."
    assert [name for _, _, name in find_locations(text)] == [
        "Washington", "Riyadh", "Saudi Arabia", "Kyiv"]
    assert [name for _, _, name in led_locations(text)] == ["Riyadh", "Saudi Arabia"]


def test_places_file_is_well_formed() -> None:
    with open(PLACES, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 250
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["name"]
        if r["kind"] == "venue":
            assert r["within"], r["name"]
        if r["country"]:
            assert len(r["country"]) == 3, r["name"]
    assert places()["Kyiv"].lat == pytest.approx(50.45, abs=0.1)
    assert place("Kiev").name == "Kyiv"


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpora/news-dev not present")
def test_gold_locations_are_known() -> None:
    # every place the analyst wrote down is in the gazetteer under that name
    for name in ("gold.jsonl", "seed-gold.jsonl"):
        for line in (DEV / name).read_text(encoding="utf-8").splitlines():
            loc = json.loads(line)["location"] if line.strip() else None
            if loc:
                assert place(loc) is not None, loc
