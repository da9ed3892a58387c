"""The scoring rule of timeline.evaluate (gold format of news-dev/gold.jsonl)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from timeline.evaluate import GoldEvent, load_gold, locate, mention_matches, score
from timeline.models import Event, Mention

TEXT = "Macron met Trump on Monday. Leaders talked last week. Unrelated sentence here."


def m(mid: str, start: date, end: date, s: int = 0, e: int = 27, art: str = "a",
      who: tuple[str, ...] = ()) -> Mention:
    return Mention(mid, art, TEXT[s:e], s, e, "CONSULT", "occurred", "Talks",
                   date_start=start, date_end=end, participants=who, actors=who)


def gold(start: date, end: date, gran: str, evidence: str = "Macron met Trump",
         optional: bool = False, actors: tuple[str, ...] = ()) -> GoldEvent:
    return GoldEvent("a", start, end, gran, evidence, actors, optional=optional)


@pytest.mark.parametrize("pred, g, ok", [
    # same day, evidence inside the sentence
    ((date(2025, 2, 17), date(2025, 2, 17), 0, 27), (date(2025, 2, 17), date(2025, 2, 17), "day"),
     True),
    # overlapping but wider than the gold granularity
    ((date(2025, 2, 17), date(2025, 2, 23), 0, 27), (date(2025, 2, 17), date(2025, 2, 17), "day"),
     False),
    # a two-day gold range (day granularity) accepts a two-day prediction
    ((date(2025, 2, 17), date(2025, 2, 18), 0, 27), (date(2025, 2, 17), date(2025, 2, 18), "day"),
     True),
    # a day inside a gold week is fine
    ((date(2025, 2, 12), date(2025, 2, 12), 0, 27), (date(2025, 2, 10), date(2025, 2, 16), "week"),
     True),
    # no overlap in dates
    ((date(2025, 2, 24), date(2025, 2, 24), 0, 27), (date(2025, 2, 17), date(2025, 2, 17), "day"),
     False),
    # right dates, evidence elsewhere
    ((date(2025, 2, 17), date(2025, 2, 17), 54, 78), (date(2025, 2, 17), date(2025, 2, 17), "day"),
     False),
])
def test_mention_matches(pred, g, ok) -> None:
    start, end, s, e = pred
    gd = gold(*g)
    assert mention_matches(m("x", start, end, s, e), gd, locate(gd.evidence, TEXT)) is ok


def test_locate_tolerates_quotes_and_spaces() -> None:
    text = "He said “yes”  to Russia’s  offer."
    assert locate('said "yes" to Russia\'s offer', text) == [(3, 33)]
    assert locate("absent", text) == []


def test_score_one_to_one_optional_and_actors() -> None:
    d = date(2025, 2, 17)
    golds = [gold(d, d, "day", actors=("Macron", "Trump")),
             gold(date(2025, 2, 10), date(2025, 2, 16), "week", "Leaders talked last week",
                  optional=True)]
    preds = [m("p1", d, d, who=("Macron",)), m("p2", d, d),           # a duplicate: not a FP
             m("p3", date(2025, 3, 1), date(2025, 3, 1), 54, 78)]     # matches nothing
    s = score(preds, golds, {"a": TEXT})
    assert (s.n_gold, s.n_found, s.recall) == (1, 1, 1.0)
    assert (s.n_pred, s.n_pred_matched) == (3, 2)
    assert s.date_accuracy == 1.0
    assert s.actor_recall == 0.5  # "Macron" named, "Trump" not
    assert [g.optional for g in s.missed] == [True]  # the optional one does not count
    assert [m_.mention_id for _, m_ in s.false_positives] == ["p3"]


def test_events_count_once_per_article() -> None:
    d = date(2025, 2, 17)
    mentions = (m("a1", d, d), m("a2", d, d, 28, 53), m("b1", d, d, art="b"))
    ev = Event("e1", d, d, "day", "exact", "occurred", "CONSULT", "Talks", mentions=mentions)
    s = score([ev], [gold(d, d, "day")], {"a": TEXT, "b": TEXT})
    assert (s.n_pred, s.n_pred_matched, s.n_found) == (2, 1, 1)


def test_load_gold_names_file_and_line(tmp_path) -> None:
    good = {"article": "a", "date_start": "2025-02-17", "date_end": "2025-02-17",
            "granularity": "day", "evidence": "x", "actors": ["Macron"]}
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(good) + "\n\n" + json.dumps({"article": "a"}) + "\n")
    with pytest.raises(ValueError, match=r"gold.jsonl:3: bad gold record"):
        load_gold(p)
    p.write_text(json.dumps(good) + "\n")
    (g,) = load_gold(p)
    assert (g.date_start, g.actors, g.optional) == (date(2025, 2, 17), ("Macron",), False)
