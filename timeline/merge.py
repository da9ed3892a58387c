"""Merge event mentions, within and across articles, into events.

A mention joins the best-scoring compatible cluster among those whose dates
could overlap it, found through a date-bucket index (months for precise
mentions, years for coarse ones), so the work grows with the size of each
bucket, never with the square of the corpus.  Hard rules decide what *may*
merge (same type, overlapping dates, not two events of one sentence, no
conflicting names or places within one article, compatible participants
within one article); a score decides what *does* (shared participants at
person or country level, same trigger family, similar titles, same place,
same name).

Examples
--------
>>> from datetime import date
>>> from timeline.models import Mention
>>> def m(mid, art, d, who):
...     return Mention(mid, art, "s", 0, 1, "CONSULT", "occurred", "Talks", trigger="met",
...                    date_start=d, date_end=d, granularity="day", participants=who)
>>> events = merge([m("a", "x", date(2025, 2, 18), ("USA", "RUS")),
...                 m("b", "y", date(2025, 2, 18), ("RUS", "USA"))])
>>> len(events), events[0].n_mentions
(1, 2)
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline._yaml import load_yaml as _load_yaml
from timeline.models import Event, Mention

__all__ = ["merge", "merge_parts", "mention_score", "event_date"]

#: A cluster whose range is wider than this many days is indexed by year.
_FINE_DAYS = 93
#: At most this many months of fine buckets are searched for a coarse mention.
_MAX_MONTHS = 24
#: Candidates looked at per bucket (most recent first): keeps dense buckets bounded.
_BUCKET_CAP = 400
#: Minimum score for a cross-article merge.
THRESHOLD = 0.45
_FALLBACK = "publication-date"
#: How far back an undated report may reach for the dated event it retells.
_FALLBACK_WINDOW = timedelta(days=7)
#: Verbal acts: two reports may name one statement with different verbs
#: ("condemned" / "urged"), so these types may merge with each other.
_VERBAL = frozenset({"STATEMENT", "ACCUSE", "REQUEST", "REJECT", "SUPPORT", "THREATEN"})


@lru_cache(maxsize=1)
def _vocab() -> tuple[frozenset[str], dict[str, str]]:
    raw = _load_yaml((Path(__file__).parent / "data" / "triggers.yaml").read_text("utf-8"))
    stop = frozenset(raw.get("title_stopwords", ()))
    families: dict[str, str] = {}
    for fam, words in (raw.get("trigger_families") or {}).items():
        for w in words:
            families[str(w).lower()] = str(fam)
    return stop, families


def _tokens(title: str) -> frozenset[str]:
    stop, fam = _vocab()
    out = set()
    for w in re.findall(r"[a-z0-9][a-z0-9-]*", title.lower().replace("’s", "").replace("'s", "")):
        if w in stop:
            continue
        out.add(fam.get(w, w))
    return frozenset(out)


def _title_words(m: Mention) -> frozenset[str]:
    """Title tokens without the names of its actors (counted once, as actors)."""
    names = {w for a in m.actors for w in a.split(":", 1)[-1].lower().split("-")}
    return frozenset(w for w in _tokens(m.title) if w not in names)


def _family(m: Mention) -> str:
    _, fam = _vocab()
    words = (m.trigger or "").lower().split()
    if not words:
        return ""
    return fam.get(" ".join(words), fam.get(words[-1], words[-1]))


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)  # |a | b| without building the union (b may be a big cluster's words)
    return common / (len(a) + len(b) - common)


def _overlap(a: set[str], b: set[str]) -> float:
    """Overlap coefficient: a report naming fewer parties is not evidence against."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


#: (kind, country) of the place names looked up so far.  merge_parts keeps
#: them in its memo: a rebuild whose places are all known never loads the
#: gazetteer (0.2 s).
_PLACES: dict[str, tuple[str, str | None]] = {}


def _place_info(name: str) -> tuple[str, str | None]:
    """(kind, country) of a place name, from the gazetteer when it knows it."""
    info = _PLACES.get(name)
    if info is None:
        from timeline.gazetteer import place

        p = place(name)
        info = _PLACES[name] = (p.kind, p.country) if p is not None else ("unknown", None)
    return info


@lru_cache(maxsize=65536)
def _same_place(x: str, y: str) -> bool | None:
    if x.lower() == y.lower() or x.lower() in y.lower() or y.lower() in x.lower():
        return True
    (kx, cx), (ky, cy) = _place_info(x), _place_info(y)
    if cx is None or cy is None:
        return None
    if cx != cy:
        return False
    # A city and its country agree ("Riyadh" / "Saudi Arabia"); two cities of
    # one country do not ("Paris" / "Lyon").
    return True if "country" in (kx, ky) else False


def _place_match(a: Iterable[str], b: Iterable[str]) -> bool | None:
    """True when the places agree, False when they differ, None when unknown."""
    la, lb = list(a), list(b)
    if not la or not lb:
        return None
    verdicts = [_same_place(x, y) for x in la for y in lb]
    if any(v is True for v in verdicts):
        return True
    return False if all(v is False for v in verdicts) else None


def _fallback(m: Mention) -> bool:
    return m.date_reason == _FALLBACK


@dataclass
class _Cluster:
    """A growing event.  Besides the members it keeps running aggregates so that
    adding a mention and scoring one against it cost the same whatever its size
    (big events of a large corpus have thousands of members)."""

    index: int
    members: list[Mention] = field(default_factory=list)
    sentences: set[tuple[str, int]] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    name_tokens: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    start: date | None = None
    end: date | None = None
    type: str = ""
    # Non-fallback members, as seen by the member-wise date check of mention_score:
    # how many, how many lack a date, how many have a start, and the tightest
    # common range of the fully dated ones.
    n_explicit: int = 0
    n_explicit_partial: int = 0
    n_explicit_with_start: int = 0
    explicit_max_start: date | None = None
    explicit_min_end: date | None = None
    # The pools that date the cluster (members with a start, explicit or any):
    # latest start, earliest end, most precise member.
    pools: dict[bool, list] = field(default_factory=lambda: {True: [None, None, None, None],
                                                              False: [None, None, None, None]})
    #: How many members the scoring aggregates (sentences to words) include.
    folded: int = 0
    #: Every day the cluster's range has covered so far (its hull), for merge_parts.
    seen_lo: date | None = None
    seen_hi: date | None = None
    #: The cluster of the last build this one repeats so far (merge_parts), if any.
    tie: int | None = None
    #: (start, end, its index buckets) as of the last join.
    keys: tuple | None = None

    def add(self, m: Mention, fold: bool = True) -> None:
        """Add ``m``.  Its words, names and participants are folded in now, or,
        with ``fold=False``, when the cluster is next scored (a replayed join
        needs only the dates, which place the cluster in the bucket index)."""
        self.members.append(m)
        if fold and self.folded == len(self.members) - 1:
            self._fold_one(m, _features(m))  # usually just computed for scoring: cached
            self.folded += 1
        self.articles.add(m.article_id)
        self.type = self.type or m.event_type
        fb = _fallback(m)
        if not fb:
            self.n_explicit += 1
            if m.date_start is not None:
                self.n_explicit_with_start += 1
            if m.date_start is None or m.date_end is None:
                self.n_explicit_partial += 1
            else:
                if self.explicit_max_start is None or m.date_start > self.explicit_max_start:
                    self.explicit_max_start = m.date_start
                if self.explicit_min_end is None or m.date_end < self.explicit_min_end:
                    self.explicit_min_end = m.date_end
        if m.date_start:
            key = _precision_key(m)
            for explicit in ((False, True) if not fb else (False,)):
                agg = self.pools[explicit]  # [count, max start, min end, (key, mention)]
                agg[0] = (agg[0] or 0) + 1
                if agg[1] is None or m.date_start > agg[1]:
                    agg[1] = m.date_start
                if agg[2] is None or m.date_end < agg[2]:  # type: ignore[operator]
                    agg[2] = m.date_end
                if agg[3] is None or key < agg[3][0]:
                    agg[3] = (key, m)
        if m.date_start is None or m.date_end is None:
            return
        pool = self.pools[True] if self.pools[True][0] else self.pools[False]
        self.start, self.end = pool[1], pool[2]
        if self.start > self.end:  # type: ignore[operator]
            # No common day: keep the most precise mention's range.
            best = pool[3][1]
            self.start, self.end = best.date_start, best.date_end

    def fold(self) -> None:
        """Fold in the scoring aggregates of the members added with ``fold=False``."""
        for m in self.members[self.folded:]:
            self._fold_one(m, _compute_features(m))
        self.folded = len(self.members)

    def _fold_one(self, m: Mention, f: _Features) -> None:
        self.sentences.add((m.article_id, m.char_start))
        self.participants.update(m.participants)
        self.people.update(f.people)
        self.actors.update(m.actors)
        self.locations.update(m.locations)
        if m.name:
            self.names.add(m.name.lower())
            self.name_tokens.update(f.name_tokens)
        self.families.add(f.family)
        self.words.update(f.words)


def _precision_key(m: Mention) -> tuple:
    width = (m.date_end - m.date_start).days if m.date_start and m.date_end else 10**6
    return (width, m.caption, _fallback(m), m.article_id, m.char_start, m.mention_id)


def _overlaps(a0: date | None, a1: date | None, b0: date | None, b1: date | None) -> bool:
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return a0 is None and b0 is None
    return a0 <= b1 and b0 <= a1


def mention_score(m: Mention, c: _Cluster) -> float | None:
    """How well mention ``m`` fits cluster ``c`` (None: must not merge).

    Examples
    --------
    >>> from datetime import date
    >>> d = date(2025, 3, 3)
    >>> a = Mention("a", "x", "s", 0, 1, "CONSULT", "occurred", "Call", date_start=d, date_end=d)
    >>> c = _Cluster(0); c.add(a)
    >>> mention_score(Mention("b", "x", "s", 0, 1, "CONSULT", "occurred", "Call",
    ...                       date_start=d, date_end=d), c) is None   # same sentence
    True
    """
    f = _features(m)
    if c.folded != len(c.members):
        c.fold()
    if m.event_type != c.type and not (m.event_type in _VERBAL and c.type in _VERBAL):
        return None
    if (m.article_id, m.char_start) in c.sentences:
        return None  # two events found in one sentence are distinct by construction
    if not _dates_compatible(m, f.fallback, c):
        return None
    if _retelling(m, f.fallback, c):
        # An undated report ("X met Y", dated by publication) in another
        # article may be a later account of a dated event of the past week.
        pub, (lo, hi) = (m.date_end, (c.start, c.end)) if f.fallback else (
            c.end, (m.date_start, m.date_end))
        if not (lo <= pub and hi >= pub - _FALLBACK_WINDOW):  # type: ignore[operator]
            return None
        # ... but only when it names the same parties (two or more people).
        mp_people, cp_people = f.people, c.people
        if len(mp_people & cp_people) < 2 or not (mp_people <= cp_people or cp_people <= mp_people):
            return None
    if m.name and c.names and _jaccard(f.name_tokens, c.name_tokens) < 0.5:
        return None
    place = _place_match(m.locations, c.locations)
    same_article = m.article_id in c.articles
    mp = f.participants
    if same_article:
        if place is False:
            return None
        if mp and c.participants and not (mp <= c.participants or c.participants <= mp):
            return None
    if not same_article:
        # Two reports naming different people as the parties are different events.
        if f.people and c.people and not f.people & c.people:
            return None
    score = 0.5 * max(_overlap(mp, c.participants), 0.6 * _overlap(f.actors, c.actors))
    score += 0.25 * _jaccard(f.words, c.words)
    if f.family in c.families:
        score += 0.2
    elif m.event_type == "CONSULT" and "" not in c.families and f.family:
        score -= 0.1  # a call is not a summit
    if place:
        score += 0.25
    elif place is False:
        score -= 0.3  # reported in two different places: probably two events
    if m.name and m.name.lower() in c.names:
        score += 0.5
    if m.date_start == c.start and m.date_end == c.end:
        score += 0.1
    if same_article:
        # One article rarely reports two different events of a type on the
        # same dates with compatible participants: a weaker bar.
        signal = (m.date_start == c.start and m.date_end == c.end) or bool(mp & c.participants) \
            or bool(place)
        return score + 0.5 if signal else None
    return score if score >= THRESHOLD else None


def _retelling(m: Mention, fallback: bool, c: _Cluster) -> bool:
    """Whether one side is dated only by publication and the other explicitly,
    in another article: then the retelling rule, not date overlap, applies."""
    return fallback != (c.n_explicit == 0) and bool(m.date_start and c.start and c.end
                                                    and m.date_end) \
        and m.article_id not in c.articles


def _dates_compatible(m: Mention, fallback: bool, c: _Cluster) -> bool:
    """The date rules of mention_score alone: cheap enough for merge() to skip,
    without scoring, the many clusters of a month bucket that a mention cannot join."""
    if not fallback and c.n_explicit and not _overlaps_explicit(m, c):
        return False  # its dates must overlap those of every explicitly dated member
    return _retelling(m, fallback, c) or _overlaps(m.date_start, m.date_end, c.start, c.end)


def _overlaps_explicit(m: Mention, c: _Cluster) -> bool:
    """Whether ``_overlaps(m, x)`` holds for every non-fallback member ``x`` of ``c``
    (``c`` has some), read from the cluster's running aggregates."""
    if m.date_start is None:
        return c.n_explicit_with_start == 0  # undated overlaps only undated
    if m.date_end is None or c.n_explicit_partial:
        return False
    return c.explicit_max_start <= m.date_end and m.date_start <= c.explicit_min_end  # type: ignore[operator]


@dataclass(frozen=True)
class _Features:
    """What mention_score derives from the mention alone, computed once per mention."""

    fallback: bool
    participants: frozenset[str]
    people: frozenset[str]
    actors: frozenset[str]
    words: frozenset[str]
    family: str
    name_tokens: frozenset[str]


# merge() scores one mention against many clusters in a row: a one-slot cache,
# keyed by identity, saves recomputing its features for each cluster.
_LAST: tuple[Mention | None, _Features | None] = (None, None)


def _features(m: Mention) -> _Features:
    global _LAST
    last, feats = _LAST
    if last is m and feats is not None:
        return feats
    feats = _compute_features(m)
    _LAST = (m, feats)
    return feats


def _compute_features(m: Mention) -> _Features:
    return _Features(
        fallback=_fallback(m),
        participants=frozenset(m.participants),
        people=frozenset(a for a in m.participants if a.startswith("person:")),
        actors=frozenset(m.actors),
        words=_title_words(m),
        family=_family(m),
        name_tokens=_tokens(m.name) if m.name else frozenset(),
    )


def _buckets(start: date | None, end: date | None, article_id: str, etype: str,
             *, lookup: bool) -> list[tuple]:
    if start is None or end is None:
        return [(etype, "undated", article_id)]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    years = list(range(start.year, end.year + 1))[:5]
    coarse = [(etype, "Y", y) for y in years]
    if (end - start).days > _FINE_DAYS:
        if not lookup:
            return coarse
        fine_months = min(months, _MAX_MONTHS)
    else:
        fine_months = months
    fine = []
    y, mo = start.year, start.month
    for _ in range(fine_months):
        fine.append((etype, "M", y, mo))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return fine + coarse if lookup else fine


def _block(etype: str) -> str:
    return "VERBAL" if etype in _VERBAL else etype


def _sort_key(m: Mention) -> tuple:
    return (m.date_start or date.max, m.date_end or date.max, _fallback(m), m.caption,
            m.article_id, m.char_start, m.mention_id)


def event_date(mentions: list[Mention]) -> Mention | None:
    """The mention whose range dates the event: the most precise one, among
    occurred, explicitly dated, non-caption mentions when there are any.

    Examples
    --------
    >>> from datetime import date
    >>> a = Mention("a", "x", "s", 0, 1, "ASSAULT", "occurred", "War",
    ...             date_start=date(2022, 1, 1), date_end=date(2022, 12, 31))
    >>> b = Mention("b", "y", "s", 0, 1, "ASSAULT", "occurred", "War",
    ...             date_start=date(2022, 2, 24), date_end=date(2022, 2, 24))
    >>> event_date([a, b]).mention_id
    'b'
    """
    dated = [m for m in mentions if m.date_start and m.date_end]
    if not dated:
        return None
    for pool in ([m for m in dated if m.status == "occurred" and not _fallback(m)],
                 [m for m in dated if not _fallback(m)], dated):
        if pool:
            break
    inside = [m for m in pool if all(m.date_start >= x.date_start and m.date_end <= x.date_end  # type: ignore[operator]
                                     for x in pool)]
    return min(inside or pool, key=_precision_key)


def _build_event(members: list[Mention]) -> Event:
    members = sorted(members, key=lambda m: (m.article_id, m.char_start, m.mention_id))
    ids = sorted(m.mention_id for m in members)
    event_id = hashlib.sha1("|".join(ids).encode("utf-8")).hexdigest()[:16]
    dm = event_date(members)
    statuses = {m.status for m in members if not m.caption} or {m.status for m in members}
    status = "occurred" if "occurred" in statuses else "ongoing" if "ongoing" in statuses \
        else "planned"
    types = Counter(m.event_type for m in members)
    etype = min(types, key=lambda t: (-types[t], t))
    named = sorted((m for m in members if m.name), key=lambda m: (m.caption, len(m.title)))
    body = [m for m in members if not m.caption] or members
    best = named[0] if named else min(body, key=lambda m: (
        -len(m.participants), _fallback(m), _precision_key(m)))
    part = Counter(a for m in members for a in m.participants)
    if not part:
        part = Counter(a for m in members for a in m.actors)
    locs = Counter(loc for m in members for loc in m.locations)
    return Event(
        event_id=event_id,
        date_start=dm.date_start if dm else None,
        date_end=dm.date_end if dm else None,
        granularity=dm.granularity if dm else None,
        certainty=dm.certainty if dm else "unresolved",
        status=status,
        event_type=etype,
        title=best.title,
        actors=tuple(sorted(part, key=lambda a: (-part[a], a))),
        locations=tuple(sorted(locs, key=lambda p: (-locs[p], p))),
        mentions=tuple(members),
    )


def merge(mentions: Iterable[Mention]) -> list[Event]:
    """Group mentions of the same real event into :class:`Event` records.

    Parameters
    ----------
    mentions : iterable of Mention
        From any number of articles, in any order.

    Returns
    -------
    list of Event
        Sorted by date then id.  ``event_id`` hashes the sorted mention ids, so
        the result does not depend on input order.  Clusters made only of
        captions are dropped (a caption may corroborate, never create).

    Examples
    --------
    >>> from datetime import date
    >>> d = date(2025, 2, 17)
    >>> cap = Mention("c", "x", "s", 0, 1, "CONSULT", "occurred", "Meeting", caption=True,
    ...               date_start=d, date_end=d)
    >>> merge([cap])
    []
    """
    # Mentions of different blocks never meet (the bucket keys and the type
    # rule of mention_score both hold the block), so each block is clustered
    # on its own, in the same sorted order: the result is the one of a single
    # pass over all mentions, and merge_parts can reuse unchanged blocks.
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        blocks[_block(m.event_type)].append(m)
    events = [_build_event(c.members) for name in sorted(blocks)
              for c in _cluster(sorted(blocks[name], key=_sort_key))[0]
              if any(not m.caption for m in c.members)]
    events.sort(key=_event_order)
    return events


def merge_parts(parts: Sequence[tuple[str, Sequence[Mention]]],
                memo: MutableMapping[Any, Any] | None = None) -> list[Event]:
    """:func:`merge` of the parts' mentions, redoing only what changed since the last call.

    Parameters
    ----------
    parts : sequence of (key, mentions)
        Mentions in groups (one article's, in :mod:`timeline.runner`), each with
        a key that determines its mentions exactly (the cache key of the
        article's extraction).  Equal keys must mean equal mentions.
    memo : mutable mapping, optional
        What the last call did with each block, under ``("block", name)``: the
        block's signature (the multiset of keys with mentions in it), the order
        of its mentions, the cluster each joined, and the events made; read and
        replaced.  A block whose signature is unchanged is not clustered again.
        A changed block repeats without scoring every choice that its new or
        removed mentions cannot have reached (see :class:`_Replay`).  Under
        ``"places"``: what the gazetteer says of the place names seen.

    Returns
    -------
    list of Event
        Exactly ``merge([m for _, ms in parts for m in ms])``.

    Examples
    --------
    >>> from datetime import date
    >>> d = date(2025, 2, 18)
    >>> m = Mention("a", "x", "s", 0, 1, "CONSULT", "occurred", "Talks", date_start=d, date_end=d)
    >>> memo = {}
    >>> merge_parts([("k1", [m])], memo) == merge([m]) == merge_parts([("k1", [m])], memo)
    True
    """
    refs: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for pi, (key, ms) in enumerate(parts):
        for j, m in enumerate(ms):
            refs[_block(m.event_type)].append((key, pi, j))
    from timeline.runner import _new_Event as make  # Event(...) without __init__'s checks

    known_places = memo.get("places") if memo is not None else None
    if known_places:
        for name, info in known_places.items():
            _PLACES.setdefault(name, info)
    n_places = len(_PLACES)
    events: list[Event] = []
    for name in sorted(refs):
        block = sorted(refs[name])  # canonical: equal keys give equal mentions
        ids = [f"{k}:{j}" for k, _, j in block]
        sig = hashlib.sha256("\n".join([name, *ids]).encode("utf-8")).hexdigest()
        mentions = [parts[pi][1][j] for _, pi, j in block]
        past = memo.get(("block", name)) if memo is not None else None
        if past is not None and past[0] == sig:
            events.extend(make(*fields, tuple([mentions[i] for i in members]))
                          for fields, members in filter(None, past[5]))
            continue
        order = sorted(range(len(mentions)), key=lambda i: _sort_key(mentions[i]))
        ordered = [mentions[i] for i in order]
        seq = [ids[i] for i in order]
        replay = None
        if past is not None:
            old_seq, old_choices, hulls, capped, old_events = past[1:]
            where = {s: p for p, s in enumerate(old_seq)}
            now = set(seq)
            # A key given twice names two mentions per id: no way to tell which
            # was which last time, so such a block is clustered afresh.
            if len(where) == len(old_seq) and len(now) == len(seq):
                replay = _Replay([where.get(s) for s in seq], old_choices, hulls, capped,
                                 [p for p, s in enumerate(old_seq) if s not in now])
        clusters, choices, capped = _cluster(ordered, replay)
        position = {id(m): order[k] for k, m in enumerate(ordered)}
        made: list[tuple[tuple, tuple[int, ...]] | None] = []
        for c in clusters:
            if c.tie is not None:
                # The same members as a cluster of the last call: the same event.
                old = old_events[c.tie]
                event = None if old is None else make(
                    *old[0], tuple(sorted(c.members, key=_member_order)))
            else:
                event = _build_event(c.members) if any(not m.caption for m in c.members) \
                    else None
            if event is None:
                made.append(None)
                continue
            events.append(event)
            made.append(((event.event_id, event.date_start, event.date_end, event.granularity,
                          event.certainty, event.status, event.event_type, event.title,
                          event.actors, event.locations),
                         tuple(position[id(m)] for m in event.mentions)))
        if memo is not None:
            memo[("block", name)] = (sig, seq, choices,
                                     [(c.seen_lo, c.seen_hi) if c.seen_lo is not None else None
                                      for c in clusters], frozenset(capped), made)
    if memo is not None and (len(_PLACES) != n_places or not known_places):
        memo["places"] = dict(_PLACES)
    events.sort(key=_event_order)
    return events


def _member_order(m: Mention) -> tuple:
    return (m.article_id, m.char_start, m.mention_id)


def _event_order(e: Event) -> tuple:
    return (e.date_start or date.max, e.date_end or date.max, e.event_id)


#: How far from its own dates a mention may reach a cluster's range: the
#: overlap rule reaches none, the retelling rule a week either way.
_REACH = _FALLBACK_WINDOW


class _Intervals:
    """A union of date ranges, kept sorted and disjoint."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[date] = []
        self.ends: list[date] = []

    def add(self, lo: date, hi: date) -> None:
        j = bisect_left(self.ends, lo)  # the ranges from j to k - 1 meet [lo, hi]
        k = bisect_right(self.starts, hi)
        if j < k:
            lo, hi = min(lo, self.starts[j]), max(hi, self.ends[k - 1])
        self.starts[j:k] = [lo]
        self.ends[j:k] = [hi]

    def meets(self, lo: date, hi: date) -> bool:
        k = bisect_right(self.starts, hi)
        return k > 0 and self.ends[k - 1] >= lo


class _Replay:
    """The last clustering of a block, and which of its choices still hold.

    A mention's choice depends only on the clusters its bucket lookup lists,
    in their order, and on their states.  A cluster of this run whose members
    so far are, in order, those of a cluster of the last run at the same point
    (its ``tie``) is in the same state and sits in the same buckets in the same
    order.  Every other cluster, of either run, has *changed*: from then on the
    days its range may cover (the hull of its ranges in the last run, then
    each of its ranges in this one) are added to ``zone``.  A mention passes
    the date rules only of a cluster whose range meets its own dates widened by
    :data:`_REACH`, so an old mention whose widened dates miss the zone scores
    the same clusters, in the same order, as last time, unless a bucket it reads
    was cut at :data:`_BUCKET_CAP` (in either run): its choice is the one made
    then.  Any other mention is searched and scored as in a cold merge.
    """

    def __init__(self, olds: list[int | None], choices: Sequence[int],
                 hulls: Sequence[tuple[date, date] | None], capped: frozenset,
                 removed: list[int]) -> None:
        self.olds = olds  # each mention's position in the last run, None if new
        self.choices = choices
        self.hulls = hulls
        self.capped = capped
        self.creators: list[int] = []  # the mention that started each old cluster
        for p, oc in enumerate(choices):
            if oc == len(self.creators):
                self.creators.append(p)
        self.tied: dict[int, int] = {}  # old cluster -> this run's cluster repeating it
        self.changed: set[int] = set()
        self.zone = _Intervals()
        self.undated = False  # whether an undated cluster changed (undated mentions meet only those)
        for p in removed:
            self.change(choices[p], [])

    def change(self, oc: int, clusters: list[_Cluster]) -> None:
        if oc in self.changed:
            return
        self.changed.add(oc)
        hull = self.hulls[oc]
        if hull is None:
            self.undated = True
        else:
            self.zone.add(*hull)
        ci = self.tied.pop(oc, None)
        if ci is not None:
            clusters[ci].tie = None

    def unreached(self, m: Mention, capped: set) -> bool:
        """Whether no changed cluster can matter to ``m`` (see the class)."""
        if m.date_start is None or m.date_end is None:
            if self.undated or m.date_start is not None or m.date_end is not None:
                return False
        elif self.zone.meets(m.date_start - _REACH, m.date_end + _REACH):
            return False
        if self.capped or capped:
            lo = m.date_start - _FALLBACK_WINDOW if _fallback(m) and m.date_start else m.date_start
            for key in _buckets(lo, m.date_end, m.article_id, _block(m.event_type), lookup=True):
                if key in self.capped or key in capped:
                    return False
        return True

    def settle(self, c: _Cluster, created: bool, p: int | None, clusters: list[_Cluster]) -> None:
        """Note that a searched mention (at ``p`` last time) joined or created ``c``."""
        if p is not None:
            oc = self.choices[p]
            if created and self.creators[oc] == p and oc not in self.changed:
                c.tie = oc  # started the same cluster as last time
                self.tied[oc] = c.index
                return
            if not created and c.tie == oc:
                return  # joined the same cluster as last time
            self.change(oc, clusters)
        if c.tie is not None:
            self.change(c.tie, clusters)
        if c.start is None:
            self.undated = True
        else:
            self.zone.add(c.start, c.end)  # type: ignore[arg-type]


def _join(index: dict[tuple, list[int]], c: _Cluster, m: Mention, capped: set,
          fold: bool = True) -> None:
    """Add ``m`` to ``c`` and index ``c`` under the buckets of its new date range."""
    c.add(m, fold)
    if c.start is not None:
        if c.seen_lo is None or c.start < c.seen_lo:
            c.seen_lo = c.start
        if c.seen_hi is None or c.end > c.seen_hi:  # type: ignore[operator]
            c.seen_hi = c.end
        if c.keys is None or c.keys[0] != c.start or c.keys[1] != c.end:
            # The same range gives the same buckets: most joins leave it unchanged.
            c.keys = (c.start, c.end, _buckets(c.start, c.end, m.article_id, _block(c.type),
                                               lookup=False))
        keys = c.keys[2]
    else:  # the undated bucket is the mention's article's
        keys = _buckets(c.start, c.end, m.article_id, _block(c.type), lookup=False)
    for key in keys:
        entries = index[key]
        if not entries or entries[-1] != c.index:
            if c.index not in entries[-8:]:
                entries.append(c.index)
                if len(entries) > _BUCKET_CAP:
                    capped.add(key)


def _cluster(ordered: list[Mention], replay: _Replay | None = None
             ) -> tuple[list[_Cluster], list[int], set]:
    """The clusters (in creation order) of one block's mentions, sorted by
    ``_sort_key``, the cluster each mention joined, and the buckets whose
    list outgrew :data:`_BUCKET_CAP`.  With ``replay``, the choices of the
    last run that still hold are repeated without a search."""
    clusters: list[_Cluster] = []
    index: dict[tuple, list[int]] = defaultdict(list)
    choices: list[int] = []
    capped: set = set()
    for i, m in enumerate(ordered):
        p = replay.olds[i] if replay is not None else None
        if p is not None and replay.choices[p] not in replay.changed \
                and replay.unreached(m, capped):  # type: ignore[union-attr]
            oc = replay.choices[p]  # type: ignore[union-attr]
            if replay.creators[oc] == p:  # type: ignore[union-attr]
                c = _Cluster(len(clusters), tie=oc)
                clusters.append(c)
                replay.tied[oc] = c.index  # type: ignore[union-attr]
                _join(index, c, m, capped, fold=False)
                choices.append(c.index)
                continue
            ci = replay.tied.get(oc)  # type: ignore[union-attr]
            if ci is not None:
                _join(index, clusters[ci], m, capped, fold=False)
                choices.append(ci)
                continue
        seen: set[int] = set()
        best: tuple[float, int] | None = None
        fallback, people = _fallback(m), _features(m).people
        lo = m.date_start - _FALLBACK_WINDOW if fallback and m.date_start else m.date_start
        for key in _buckets(lo, m.date_end, m.article_id, _block(m.event_type), lookup=True):
            for ci in index.get(key, ())[-_BUCKET_CAP:]:
                if ci in seen:
                    continue
                seen.add(ci)
                c = clusters[ci]
                if not _dates_compatible(m, fallback, c):
                    continue  # mention_score would say None
                if c.folded != len(c.members):
                    c.fold()
                if people and c.people and m.article_id not in c.articles \
                        and people.isdisjoint(c.people):
                    continue  # likewise
                s = mention_score(m, c)
                if s is not None and (best is None or s > best[0]):
                    best = (s, ci)
        if best is None:
            c = _Cluster(len(clusters))
            clusters.append(c)
        else:
            c = clusters[best[1]]
        _join(index, c, m, capped)
        choices.append(c.index)
        if replay is not None:
            replay.settle(c, best is None, p, clusters)
    return clusters, choices, capped
