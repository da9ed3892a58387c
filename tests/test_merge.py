"""Merging mentions into events: within and across articles, dates, status, blocking, order."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

import pytest

import timeline.merge as merge_mod
from timeline import temporal
from timeline.actors import ActorRegistry
from timeline.events import extract
from timeline.merge import event_date, merge
from timeline.models import Article, Mention


def build(registry: ActorRegistry, *docs: tuple[str, date, str]) -> tuple[list[Mention], list]:
    ms: list[Mention] = []
    for text, published, aid in docs:
        # gov.uk readouts: "the Prime Minister" is the UK's
        url = "https://www.gov.uk/government/news/x" if aid in ("17", "20") else None
        art = Article(aid, text, published=published, url=url)
        ms.extend(extract(art, temporal.tag(text, published), registry))
    return ms, merge(ms)


def mention(mid: str, art: str, start: date, end: date | None = None, *, etype: str = "CONSULT",
            who: tuple[str, ...] = (), title: str = "Talks", status: str = "occurred",
            trigger: str = "talks", loc: tuple[str, ...] = (), pos: int = 0,
            caption: bool = False, reason: str = "temporal") -> Mention:
    return Mention(mid, art, "s", pos, pos + 1, etype, status, title, trigger=trigger,
                   date_start=start, date_end=end or start, granularity="day",
                   participants=who, actors=who, locations=loc, caption=caption,
                   date_reason=reason)


# -- within one article -------------------------------------------------------------
def test_restated_call_in_one_readout_is_one_event(registry: ActorRegistry) -> None:
    text = ("The Prime Minister spoke to President Volodymyr Zelenskyy of Ukraine this afternoon."
            "\n\nThe Prime Minister spoke to the President of Ukraine, Volodymyr Zelenskyy, this "
            "afternoon.\n\nThe Prime Minister updated on his discussion with President Trump last "
            "night.")
    ms, events = build(registry, (text, date(2025, 3, 4), "17"))
    assert len(ms) == 3
    assert sorted(e.n_mentions for e in events) == [1, 2]
    call = next(e for e in events if e.n_mentions == 2)
    assert (call.date_start, call.status) == (date(2025, 3, 4), "occurred")
    assert {"person:keir-starmer", "person:volodymyr-zelensky"} <= set(call.actors)


def test_one_sentence_two_events_stay_apart(registry: ActorRegistry) -> None:
    text = ("Secretary of State Marco Rubio spoke with the foreign ministers of France and Germany, "
            "immediately following his meeting with Russia’s foreign minister earlier today in "
            "Riyadh.")
    _, events = build(registry, (text, date(2025, 2, 18), "07"))
    assert len(events) == 2


def test_separate_calls_with_different_partners_stay_apart(registry: ActorRegistry) -> None:
    text = ("Emmanuel Macron held talks separately with Donald Trump and Volodymyr Zelenskiy.\n"
            "Macron held the phone calls after hastily convening a mini-summit Monday in Paris.\n"
            "Zelenskiy said he discussed the state of affairs in Europe with Macron.")
    _, events = build(registry, (text, date(2025, 2, 18), "seed"))
    calls = [e for e in events if "person:donald-trump" in e.actors
             or "person:volodymyr-zelensky" in e.actors]
    assert len(calls) == 2
    for e in calls:
        # the explicit "after ... Monday" range beats the publication-date fallback
        assert (e.date_start, e.date_end) == (date(2025, 2, 17), date(2025, 2, 18))
    zel = next(e for e in calls if "person:volodymyr-zelensky" in e.actors)
    assert zel.n_mentions == 3


def test_same_day_plans_in_different_places_stay_apart(registry: ActorRegistry) -> None:
    text = ("The Prime Minister welcomed the potential for peace talks in Saudi Arabia next week."
            "\n\nThe leaders looked ahead to the Chiefs of Defence meeting in Paris on Tuesday.")
    _, events = build(registry, (text, date(2025, 3, 7), "20"))
    assert len(events) == 2


def test_caption_corroborates_and_adds_the_people_in_the_photo(registry: ActorRegistry) -> None:
    text = ("Macron held the phone calls after hastily convening a mini-summit Monday in Paris "
            "with several European leaders.\n\nEmmanuel Macron, France's president, right, and "
            "Keir Starmer, UK prime minister, at the Elysee Palace in Paris, France, on Monday, "
            "Feb. 17, 2025. A group of European leaders is meeting in Paris. Photographer: "
            "Nathan Laine/Bloomberg")
    _, events = build(registry, (text, date(2025, 2, 18), "seed"))
    summit = next(e for e in events if "Paris" in e.locations)
    assert {"person:emmanuel-macron", "person:keir-starmer"} <= set(summit.actors)
    assert any(m.caption for m in summit.mentions)
    assert summit.title == "Macron convenes mini-summit in Paris"


@pytest.mark.parametrize("loc_a, loc_b, merged", [
    # a city and its country are the same place
    ("Riyadh", "Saudi Arabia", True),
    ("Paris", "Paris", True),
    # two cities, or two countries, are not
    ("Paris", "London", False),
    ("Saudi Arabia", "Turkey", False),
])
def test_places_within_an_article(loc_a: str, loc_b: str, merged: bool) -> None:
    d = date(2025, 2, 18)
    a = mention("a", "x", d, who=("country:USA",), loc=(loc_a,), pos=0)
    b = mention("b", "x", d, who=("country:USA",), loc=(loc_b,), pos=50)
    assert (len(merge([a, b])) == 1) is merged


def test_caption_only_cluster_is_dropped() -> None:
    cap = mention("c", "a", date(2025, 2, 17), caption=True)
    body = mention("b", "a", date(2025, 2, 17), pos=5, who=("person:x",))
    assert merge([cap]) == []
    (event,) = merge([cap, body])
    assert event.n_mentions == 2


# -- across articles -------------------------------------------------------------------
def test_planned_talks_later_reported_as_held(registry: ActorRegistry) -> None:
    plan = ("This comes after EU leaders were shocked, with US and Russian officials due to meet "
            "in Saudi Arabia this week.", date(2025, 2, 18), "seed")
    held = ("Secretary of State Marco Rubio spoke with the foreign ministers of France and "
            "Germany, immediately following his meeting with Russia’s foreign minister earlier "
            "today in Riyadh, Saudi Arabia.", date(2025, 2, 18), "07")
    _, events = build(registry, plan, held)
    both = [e for e in events if len(e.article_ids) == 2]
    assert len(both) == 1
    (talks,) = both
    assert (talks.date_start, talks.date_end, talks.status) == (
        date(2025, 2, 18), date(2025, 2, 18), "occurred")
    assert {"country:USA", "country:RUS"} <= set(talks.actors)
    # the call with the European ministers is not part of it
    assert len(events) == 2


def test_invasion_recalled_with_different_precision(registry: ActorRegistry) -> None:
    docs = [
        ("Ukraine and European leaders have been trying to end Russia’s full-scale assault on its "
         "neighbor that started about three years ago.", date(2025, 2, 18), "seed"),
        ("Prime Minister Keir Starmer delivered a speech this morning at a meeting of world "
         "leaders to mark three years since the full-scale invasion of Ukraine.",
         date(2025, 2, 24), "10"),
        ("In January 2022, I visited the Wall of Remembrance in Kyiv.\nIndeed, some weeks later, "
         "we awoke to news of Putin’s full-scale invasion.", date(2025, 2, 25), "12"),
    ]
    _, events = build(registry, *docs)
    invasions = [e for e in events if e.event_type == "ASSAULT"]
    assert len(invasions) == 1
    (inv,) = invasions
    assert inv.article_ids == ("10", "12", "seed")
    assert (inv.date_start, inv.date_end, inv.granularity) == (date(2022, 2, 24),
                                                               date(2022, 2, 24), "day")


@pytest.mark.parametrize("type_a, type_b, merged", [
    # one statement reported with different verbs
    ("ACCUSE", "REQUEST", True),
    ("STATEMENT", "ACCUSE", True),
    # a statement is not a meeting, an attack is not a protest
    ("STATEMENT", "CONSULT", False),
    ("ASSAULT", "PROTEST", False),
])
def test_type_compatibility(type_a: str, type_b: str, merged: bool) -> None:
    d = date(2024, 8, 29)
    who = ("person:annalena-baerbock", "country:UKR")
    a = mention("a", "x", d, etype=type_a, who=who, title="Baerbock condemns Ukraine")
    b = mention("b", "y", d, etype=type_b, who=who, title="Baerbock urges Ukraine")
    assert (len(merge([a, b])) == 1) is merged


@pytest.mark.parametrize("days_later, who, merged", [
    # an undated report two days later naming both parties retells the event
    (2, ("person:a", "person:b"), True),
    # ... not when it names other parties too loosely, or weeks later
    (2, ("person:a", "person:c"), False),
    (20, ("person:a", "person:b"), False),
])
def test_undated_retelling_in_another_article(days_later: int, who: tuple[str, ...],
                                              merged: bool) -> None:
    d = date(2025, 3, 3)
    dated = mention("a", "x", d, who=("person:a", "person:b"), trigger="met",
                    title="A meets B")
    retold = mention("b", "y", d + timedelta(days=days_later), who=who, trigger="met",
                     title="A meets B", reason="publication-date")
    events = merge([dated, retold])
    assert (len(events) == 1) is merged
    if merged:
        assert events[0].date_start == d  # the explicit date wins


def test_meeting_in_person_is_not_a_call_that_week() -> None:
    # "since we last met in person in London just under two weeks ago" (a speech by
    # Starmer) and "The Prime Minister spoke to President Macron" share one person
    meeting = mention("a", "x", date(2025, 2, 24), date(2025, 3, 2), trigger="met",
                      who=("person:keir-starmer", "country:GBR"), loc=("London",),
                      title="Starmer holds meeting in London")
    call = mention("b", "y", date(2025, 2, 25), trigger="spoke",
                   who=("person:keir-starmer", "country:GBR", "person:emmanuel-macron",
                        "country:FRA"), title="Starmer holds call with Macron")
    assert len(merge([meeting, call])) == 2


def test_different_people_same_day_are_different_calls() -> None:
    d = date(2025, 3, 4)
    a = mention("a", "x", d, who=("person:starmer", "person:zelensky", "country:GBR"),
                trigger="spoke", title="Starmer holds call with Zelensky")
    b = mention("b", "y", d, who=("person:rubio", "person:lavrov", "country:GBR"),
                trigger="spoke", title="Rubio holds call with Lavrov")
    assert len(merge([a, b])) == 2


@pytest.mark.parametrize("gap_days, merged", [
    # blocking by date: the same wording on the same day merges ...
    (0, True),
    # ... a week-long range still overlaps ...
    (3, True),
    # ... but the same parties months apart are different events
    (60, False),
    (400, False),
])
def test_far_apart_dates_do_not_merge(gap_days: int, merged: bool) -> None:
    who = ("person:macron", "person:trump")
    a = mention("a", "x", date(2025, 2, 17), date(2025, 2, 23), who=who, title="Macron meets Trump")
    day = date(2025, 2, 20) + timedelta(days=gap_days)
    b = mention("b", "y", day, who=who, title="Macron meets Trump")
    assert (len(merge([a, b])) == 1) is merged


def test_event_date_prefers_precise_occurred_explicit() -> None:
    year = mention("y", "a", date(2022, 1, 1), date(2022, 12, 31))
    month = mention("m", "b", date(2022, 2, 1), date(2022, 3, 31))
    day = mention("d", "c", date(2022, 2, 24))
    fallback = mention("f", "d", date(2025, 2, 18), reason="publication-date")
    plan = mention("p", "e", date(2022, 2, 20), date(2022, 2, 26), status="planned")
    assert event_date([year, month, day]).mention_id == "d"
    assert event_date([fallback, month]).mention_id == "m"
    assert event_date([plan, month]).mention_id == "m"


# -- determinism and cost ----------------------------------------------------------------
def test_deterministic_under_shuffled_input(registry: ActorRegistry) -> None:
    text = ("Emmanuel Macron held talks separately with Donald Trump and Volodymyr Zelenskiy.\n"
            "Macron held the phone calls after hastily convening a mini-summit Monday in Paris.\n"
            "US and Russian officials are due to meet in Saudi Arabia this week.")
    ms, events = build(registry, (text, date(2025, 2, 18), "seed"),
                       ("Marco Rubio met Russia’s foreign minister earlier today in Riyadh.",
                        date(2025, 2, 18), "07"))
    want = [(e.event_id, e.date_start, e.title, [m.mention_id for m in e.mentions])
            for e in events]
    rng = random.Random(7)
    for _ in range(5):
        shuffled = ms[:]
        rng.shuffle(shuffled)
        got = [(e.event_id, e.date_start, e.title, [m.mention_id for m in e.mentions])
               for e in merge(shuffled)]
        assert got == want


def test_event_id_hashes_sorted_mention_ids() -> None:
    a = mention("bbb", "x", date(2025, 2, 17), who=("p:a",))
    b = mention("aaa", "y", date(2025, 2, 17), who=("p:a",))
    (e,) = merge([a, b])
    assert e.event_id == hashlib.sha1(b"aaa|bbb").hexdigest()[:16]


def test_blocking_keeps_comparisons_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = merge_mod.mention_score

    def counting(m, c):
        nonlocal calls
        calls += 1
        return real(m, c)

    monkeypatch.setattr(merge_mod, "mention_score", counting)
    rng = random.Random(1)
    n = 3000
    ms = []
    for i in range(n):
        d = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        ms.append(mention(f"m{i}", f"a{i % 50}", d, who=(f"person:p{rng.randrange(400)}",),
                          title=f"P{i % 400} meets", pos=i))
    events = merge(ms)
    assert len(events) > n // 3
    # all-pairs would be ~4.5 million comparisons; blocking by month keeps it near n * bucket size
    assert calls < 60 * n


def test_dense_day_scores_only_candidates_sharing_people(monkeypatch: pytest.MonkeyPatch) -> None:
    # A large corpus puts hundreds of clusters of one type on one day: merge must
    # not score a report against every one naming other people (the rule rejects
    # them anyway), or the time per mention grows with the corpus.
    calls = 0
    real = merge_mod.mention_score

    def counting(m, c):
        nonlocal calls
        calls += 1
        return real(m, c)

    monkeypatch.setattr(merge_mod, "mention_score", counting)
    n, groups = 3000, 300
    ms = [mention(f"m{i}", f"a{i}", date(2024, 5, 6), who=(f"person:p{i % groups}",),
                  title=f"P{i % groups} talks") for i in range(n)]
    events = merge(ms)
    assert len(events) == groups
    assert {e.n_mentions for e in events} == {n // groups}
    # scoring every cluster of the bucket would be ~n * groups = 900,000 calls
    assert calls < 2 * n
