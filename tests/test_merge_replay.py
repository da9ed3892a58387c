"""merge_parts after a change (issue 6): the choices the change cannot reach are
repeated without scoring, and the events are exactly those of a cold merge."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from _corpora import write_corpus

from timeline import merge, pipeline
from timeline.models import Mention


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> list[tuple[str, list[Mention]]]:
    """The mentions of 150 generated articles, one part per article."""
    folder = write_corpus(150, 11, tmp_path_factory.mktemp("replay"))
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in pipeline.build([folder], jobs=1).mention_records:
        by_article[m.article_id].append(m)
    return [(f"key-{aid}", ms) for aid, ms in sorted(by_article.items())]


def _copy(part: tuple[str, list[Mention]], tag: str, days: int) -> tuple[str, list[Mention]]:
    """Another report of the same article, its dates moved by ``days``."""
    def move(d: date | None) -> date | None:
        return d + timedelta(days=days) if d is not None else None

    key, ms = part
    return (f"{key}{tag}", [dataclasses.replace(
        m, article_id=m.article_id + tag, mention_id=m.mention_id + tag, published=move(m.published),
        date_start=move(m.date_start), date_end=move(m.date_end)) for m in ms])


def _change(parts: list, rng: random.Random, step: int) -> list:
    """Parts with a few articles added (copies, some moved by days) and removed."""
    out = list(parts)
    for _ in range(rng.choice([0, 1, 1, 2, 5])):
        out.pop(rng.randrange(len(out)))
    for k in range(rng.choice([1, 1, 2, 6])):
        out.append(_copy(rng.choice(parts), f"-c{step}.{k}", rng.choice([0, 0, 1, -3, 6, 8, -9])))
    return out


def _flat(parts: list) -> list[Mention]:
    return [m for _, ms in parts for m in ms]


@pytest.mark.parametrize(
    "cap",
    [
        # The real bucket cap: at this size no bucket reaches it.
        merge._BUCKET_CAP,
        # A tiny cap cuts most bucket lists, so candidates depend on how many
        # clusters entered a bucket: a mention reading a cut bucket is searched.
        3,
    ],
)
@pytest.mark.parametrize("seed", range(6))
def test_random_additions_and_removals_give_the_cold_events(parts, monkeypatch, cap, seed):
    monkeypatch.setattr(merge, "_BUCKET_CAP", cap)
    rng = random.Random(seed)
    memo: dict = {}
    assert merge.merge_parts(parts, memo) == merge.merge(_flat(parts))
    current = parts
    for step in range(3):  # each change starts from the memo of the one before
        current = _change(parts if step == 2 else current, rng, step)
        assert merge.merge_parts(current, memo) == merge.merge(_flat(current)), (seed, step)


@pytest.fixture
def scored(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = merge.mention_score
    monkeypatch.setattr(merge, "mention_score", lambda m, c: calls.append(1) or real(m, c))
    return calls


def test_an_added_article_is_scored_only_where_it_can_matter(parts, scored):
    # A copy of a mid-corpus article: the clusters it changes are few and
    # close in date, so most mentions of its blocks repeat their last choice.
    middle = sorted(parts, key=lambda p: min(merge._sort_key(m) for m in p[1]))[len(parts) // 2]
    grown = [*parts, _copy(middle, "-copy", 0)]
    merge.merge_parts(grown)
    cold = len(scored)
    memo: dict = {}
    merge.merge_parts(parts, memo)
    scored.clear()
    events = merge.merge_parts(grown, memo)
    assert len(scored) < cold / 5
    assert events == merge.merge(_flat(grown))


@pytest.mark.parametrize(
    "ranges, probes",
    [
        # Disjoint ranges stay apart; a probe meets one only if they share a day.
        ([(1, 3), (7, 9)], {(4, 6): False, (3, 3): True, (6, 7): True, (10, 12): False}),
        # Overlapping ranges merge into one, also when added out of order.
        ([(7, 9), (1, 3), (2, 8)], {(4, 6): True, (0, 0): False, (10, 10): False}),
        # A range swallowing several.
        ([(2, 2), (4, 4), (6, 6), (1, 9)], {(5, 5): True, (9, 20): True, (10, 20): False}),
    ],
)
def test_intervals(ranges, probes):
    day = date(2025, 1, 1)
    zone = merge._Intervals()
    for lo, hi in ranges:
        zone.add(day + timedelta(lo), day + timedelta(hi))
    assert zone.starts == sorted(zone.starts)
    assert all(e < s for e, s in zip(zone.ends, zone.starts[1:], strict=False))
    for (lo, hi), expected in probes.items():
        assert zone.meets(day + timedelta(lo), day + timedelta(hi)) is expected


def _m(aid: str, day: tuple[int, int] | int, people: tuple[str, ...], *, fallback: bool = False,
       title: str = "Leaders held talks") -> Mention:
    lo, hi = (day, day) if isinstance(day, int) else day
    start, end = date(2025, 3, lo), date(2025, 3, hi)
    return Mention(f"{aid}-m", aid, "s", 0, 1, "CONSULT", "occurred", title, trigger="met",
                   published=end, date_start=start, date_end=end,
                   granularity="day" if lo == hi else "month",
                   date_reason="publication-date" if fallback else "weekday-past-tense",
                   participants=people, actors=people)


P, Q = ("person:ana", "person:bo"), ("person:cy", "person:di")


@pytest.mark.parametrize(
    "cap, before, added, events_before, events_after",
    [
        # An undated report (dated by its publication, Mar 13) retells the talks
        # of Mar 10 that a new article reports: three days apart, so only the
        # retelling window, not date overlap, tells the old report to look again.
        (merge._BUCKET_CAP, [_m("b", 13, P, fallback=True)], [_m("a", 10, P)], 1, 1),
        # A new Mar 2 report (other people) enters the March bucket after the
        # month-long talks of Mar 1-31: with a cap of one entry, a Mar 20 report
        # no longer sees those talks, though nothing near Mar 20 changed.
        (1, [_m("k", (1, 31), P), _m("x", 20, P)], [_m("d", 2, Q)], 1, 3),
    ],
)
def test_changes_out_of_date_range_that_still_change_a_choice(monkeypatch, cap, before, added,
                                                            events_before, events_after):
    monkeypatch.setattr(merge, "_BUCKET_CAP", cap)
    old = [(m.article_id, [m]) for m in before]
    new = [*old, *((m.article_id, [m]) for m in added)]
    memo: dict = {}
    assert len(merge.merge_parts(old, memo)) == events_before
    after = merge.merge([m for _, ms in new for m in ms])
    assert len(after) == events_after
    assert merge.merge_parts(new, memo) == after


def test_a_part_given_twice_is_clustered_afresh(parts):
    # The same key twice: mention ids repeat, so the last choices cannot be
    # matched to mentions; the events are still those of a cold merge.
    memo: dict = {}
    twice = [*parts, parts[0]]
    assert merge.merge_parts(twice, memo) == merge.merge(_flat(twice))
    grown = [*twice, _copy(parts[1], "-copy", 0)]
    assert merge.merge_parts(grown, memo) == merge.merge(_flat(grown))
