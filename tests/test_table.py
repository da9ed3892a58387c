"""Tables: columns, dtypes, ordering and the CSV round trip of timeline.table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import get_args

import pandas as pd
import pytest
from output_records import ACTORS, ARTICLES, ERRORS, make_events

from timeline import models, table
from timeline.export import write_csv
from timeline.models import Actor, Event


@pytest.fixture
def events() -> list[Event]:
    return make_events()


def frames(events) -> dict[str, pd.DataFrame]:
    return {
        "events": table.events_frame(events, ACTORS),
        "mentions": table.mentions_frame(events, ACTORS),
        "actors": table.actors_frame(events, ACTORS),
        "articles": table.articles_frame(ARTICLES if events else [], ERRORS if events else [],
                                         events),
    }


DOCUMENTED = {
    "events": ["event_id", "date_start", "date_end", "granularity", "certainty", "status",
               "event_type", "title", "actors", "locations", "n_mentions", "n_articles",
               "first_reported", "article_ids"],
    "mentions": ["event_id", "article_id", "published", "date_text", "date_value", "date_start",
                 "date_end", "sentence", "char_start", "char_end", "actors"],
    "actors": ["actor_id", "name", "type", "country", "aliases", "n_events", "first_date",
               "last_date"],
    "articles": ["article_id", "path", "title", "published", "published_source", "n_events",
                 "status", "error"],
}


# The documented columns come first and in order, on real records and on none
# (an empty run must still give the right header and dtypes).
@pytest.mark.parametrize("empty", [False, True], ids=["records", "empty"])
@pytest.mark.parametrize("kind", list(DOCUMENTED))
def test_documented_columns_first(kind, empty, events):
    df = frames([] if empty else events)[kind]
    assert list(df.columns)[: len(DOCUMENTED[kind])] == DOCUMENTED[kind]
    if kind in ("events", "actors"):
        assert list(df.columns) == DOCUMENTED[kind]  # exactly these, nothing more
    assert isinstance(df.index, pd.RangeIndex)


# dtype of every typed column, with and without rows (empty frames are the
# ones that usually fall back to object).
DTYPES = [
    ("events", "date_start", "datetime64[s]"), ("events", "date_end", "datetime64[s]"),
    ("events", "first_reported", "datetime64[s]"), ("events", "granularity", "category"),
    ("events", "certainty", "category"), ("events", "status", "category"),
    ("events", "event_type", "category"), ("events", "n_mentions", "int64"),
    ("events", "n_articles", "int64"), ("events", "title", "str"), ("events", "actors", "str"),
    ("mentions", "published", "datetime64[s]"), ("mentions", "char_start", "int64"),
    ("mentions", "char_end", "int64"), ("mentions", "sentence", "str"),
    ("mentions", "date_text", "str"), ("mentions", "caption", "bool"),
    ("actors", "n_events", "int64"), ("actors", "first_date", "datetime64[s]"),
    ("actors", "type", "category"), ("articles", "published", "datetime64[s]"),
    ("articles", "n_events", "int64"), ("articles", "status", "category"),
    ("articles", "published_source", "category"),
]


@pytest.mark.parametrize("empty", [False, True], ids=["records", "empty"])
@pytest.mark.parametrize("kind,column,dtype", DTYPES)
def test_dtypes(kind, column, dtype, empty, events):
    df = frames([] if empty else events)[kind]
    assert str(df[column].dtype) == dtype


# Categoricals carry the full category sets of timeline.models, so value counts
# show zero rows for categories absent from a run.
@pytest.mark.parametrize("column,expected", [
    ("granularity", models.GRANULARITIES),
    ("certainty", get_args(models.Certainty)),
    ("status", get_args(models.EventStatus)),
])
def test_full_category_sets(column, expected, events):
    df = table.events_frame(events, ACTORS)
    assert tuple(df[column].cat.categories) == tuple(expected)


def test_event_types_are_plover_plus_statement(events):
    cats = list(table.events_frame(events, ACTORS)["event_type"].cat.categories)
    for plover in ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
                   "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
                   "ASSAULT", "STATEMENT"):
        assert plover in cats


def test_unknown_category_value_is_kept_not_lost(events):
    odd = replace(events[1], event_type="NEGOTIATE")
    df = table.events_frame([odd], ACTORS)
    assert df.loc[0, "event_type"] == "NEGOTIATE"
    assert df["event_type"].cat.categories[-1] == "NEGOTIATE"


def test_events_sorted_by_date_then_id_undated_last(events):
    df = table.events_frame(list(reversed(events)), ACTORS)
    assert df["event_id"].tolist() == ["ev-invasion", "ev-msc", "ev-call", "ev-paris",
                                       "ev-riyadh", "ev-statement"]


# One row per golden event: dates, counts, names and first_reported.
@pytest.mark.parametrize("event_id,field,value", [
    ("ev-paris", "actors", "Emmanuel Macron; Keir Starmer; Olaf Scholz; Ukraine"),
    ("ev-paris", "n_mentions", 2),
    ("ev-paris", "n_articles", 2),
    ("ev-paris", "article_ids", "lemonde-2025-02-18; macron-ukraine-2025-02-18"),
    ("ev-paris", "locations", "Paris"),
    ("ev-call", "locations", ""),  # empty list -> "" (not NaN)
    # first_reported: the earliest publication among the mentions (the planned
    # Riyadh meeting was reported the day before it happened)
    ("ev-riyadh", "first_reported", pd.Timestamp("2025-02-17")),
    ("ev-msc", "date_start", pd.Timestamp("2025-02-10")),
    ("ev-msc", "date_end", pd.Timestamp("2025-02-16")),
    ("ev-msc", "granularity", "week"),
    ("ev-invasion", "certainty", "approximate"),
    ("ev-invasion", "date_end", pd.Timestamp("2022-12-31")),
    ("ev-statement", "title", "=Zelensky rejects deals made without Ukraine"),  # raw in frame
])
def test_event_values(event_id, field, value, events):
    df = table.events_frame(events, ACTORS).set_index("event_id")
    assert df.loc[event_id, field] == value


def test_undated_event_has_missing_dates(events):
    row = table.events_frame(events, ACTORS).set_index("event_id").loc["ev-statement"]
    assert pd.isna(row["date_start"]) and pd.isna(row["date_end"]) and pd.isna(row["granularity"])


def test_missing_end_date_is_the_start(events):
    ev = replace(events[2], date_end=None)
    assert table.events_frame([ev], ACTORS).loc[0, "date_end"] == pd.Timestamp("2025-02-17")


def test_unknown_actor_falls_back_to_id(events):
    known = {k: v for k, v in ACTORS.items() if k != "UKR"}
    row = table.events_frame(events, known).set_index("event_id").loc["ev-paris"]
    assert row["actors"] == "Emmanuel Macron; Keir Starmer; Olaf Scholz; UKR"


def test_historical_dates_fit():
    # datetime64[s]: a 17th-century date must not overflow as it would in ns
    ev = Event("ev-westphalia", date(1648, 10, 24), date(1648, 10, 24), "day", "exact",
               "occurred", "AGREE", "Peace of Westphalia")
    assert table.events_frame([ev], {}).loc[0, "date_start"].year == 1648


def test_mentions_order_and_fields(events):
    df = table.mentions_frame(events, ACTORS)
    paris = df[df["event_id"] == "ev-paris"]
    # same publication day: by article id, then offset
    assert paris["article_id"].tolist() == ["lemonde-2025-02-18", "macron-ukraine-2025-02-18"]
    riyadh = df[df["event_id"] == "ev-riyadh"]
    assert riyadh["published"].tolist() == [pd.Timestamp("2025-02-17"), pd.Timestamp("2025-02-18")]
    row = df.set_index("mention_id").loc["seed-2"]
    assert row["actors"] == "Emmanuel Macron; Keir Starmer; Olaf Scholz; Ukraine"
    assert row["sentence"].startswith("European leaders, including Starmer")
    assert (row["char_start"], row["char_end"]) == (71, 71 + len(row["sentence"]))
    assert row["date_text"] == "Monday" and row["date_value"] == "2025-02-17"
    assert pd.isna(df.set_index("mention_id").loc["seed-11", "date_text"])
    assert len(df) == sum(e.n_mentions for e in events)


def test_actors_frame(events):
    df = table.actors_frame(events, ACTORS).set_index("actor_id")
    # only actors in events; sorted by id
    assert list(df.index) == sorted(df.index)
    assert set(df.index) == {a for e in events for a in e.actors}
    assert df.loc["UKR", "n_events"] == 4  # Paris, Riyadh, invasion, statement
    assert df.loc["UKR", "first_date"] == pd.Timestamp("2022-01-01")
    assert df.loc["UKR", "last_date"] == pd.Timestamp("2025-02-18")
    assert df.loc["zelensky", "aliases"] == "Zelensky; Zelenskyy"
    assert df.loc["macron", "country"] == "FRA" and df.loc["macron", "type"] == "person"


def test_actor_only_in_participants_and_unknown(events):
    ev = replace(events[1], mentions=(replace(events[1].mentions[0],
                                              participants=("vance", "hegseth")),))
    df = table.actors_frame([ev], ACTORS).set_index("actor_id")
    assert df.loc["hegseth", "name"] == "hegseth"
    assert pd.isna(df.loc["hegseth", "type"]) and pd.isna(df.loc["hegseth", "country"])


def test_articles_frame(events):
    df = table.articles_frame(ARTICLES, ERRORS, events).set_index("article_id")
    assert df.loc["macron-ukraine-2025-02-18", "n_events"] == 5
    assert df.loc["reuters-2025-02-17", "n_events"] == 2
    assert df.loc["reuters-2025-02-17", "warnings"] == "decoded as cp1252"
    assert df.loc["empty-note", "n_events"] == 0
    assert pd.isna(df.loc["lemonde-2025-02-18", "title"])
    ok = df[df["status"] == "ok"]
    assert ok["error"].isna().all() and len(ok) == len(ARTICLES)


# Error rows: id from the error, else the file stem (+ record line); the line
# is named in the reason so a reader can find the bad record.
@pytest.mark.parametrize("article_id,path,error", [
    ("wire:7", "in/feeds/wire.jsonl", "line 7: invalid JSON: Expecting value"),
    ("wire-9", "in/feeds/wire.jsonl", "line 9: record has no text"),
    ("scan", "in/scan.pdf", "unsupported file type .pdf"),
])
def test_article_error_rows(article_id, path, error, events):
    df = table.articles_frame(ARTICLES, ERRORS, events).set_index("article_id")
    row = df.loc[article_id]
    assert (row["path"], row["error"], row["status"], row["n_events"]) == (path, error, "error", 0)
    assert pd.isna(row["published"]) and pd.isna(row["published_source"])


# CSV round trip: written raw (no neutralisation) and read back with the
# documented dtypes, every table equals the DataFrame it came from.
@pytest.mark.parametrize("empty", [False, True], ids=["records", "empty"])
@pytest.mark.parametrize("kind", list(DOCUMENTED))
def test_csv_round_trip(kind, empty, events, tmp_path):
    df = frames([] if empty else events)[kind]
    path = write_csv(df, tmp_path / f"{kind}.csv", raw=True)
    back = table.read_csv(kind, path)
    pd.testing.assert_frame_equal(back, df)


def test_read_events_csv_is_read_csv_events(events, tmp_path):
    df = table.events_frame(events, ACTORS)
    path = write_csv(df, tmp_path / "events.csv", raw=True)
    pd.testing.assert_frame_equal(table.read_events_csv(path), df)


def test_read_csv_keeps_na_like_text(tmp_path):
    # "NA", "None", "null" are names or titles, not missing values
    ev = Event("ev-na", date(2025, 2, 17), date(2025, 2, 17), "day", "exact", "occurred",
               "CONSULT", "NA", actors=("None",), locations=("null",))
    df = table.events_frame([ev], {"None": Actor("None", "None", "group")})
    back = table.read_csv("events", write_csv(df, tmp_path / "e.csv"))
    assert back.loc[0, ["title", "actors", "locations"]].tolist() == ["NA", "None", "null"]


def test_read_csv_unknown_kind(tmp_path):
    with pytest.raises(ValueError, match="unknown table 'timeline'"):
        table.read_csv("timeline", tmp_path / "x.csv")
