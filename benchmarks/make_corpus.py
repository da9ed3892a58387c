"""Write a deterministic corpus of synthetic, news-like articles for benchmarks.

Usage::

    python benchmarks/make_corpus.py N --seed S --out DIR [--format txt|jsonl]
                                     [--jobs J] [--manifest PATH]

Writes N English wire-style articles (about 3-5 KB each) reporting invented
events between real office holders of the day (``corpus_data.yaml`` holds all
the vocabulary), published 2015-2026.  About a quarter of the articles are
extra reports, by other outlets, of an event already reported (same date,
actors and place; other wording; published 0-3 days after the first report).

``txt`` writes ``DIR/0000/000000.txt`` ... (1,000 files a folder), each with a
``title/published/source/url`` header, a blank line and the body.  ``jsonl``
writes ``DIR/part-0000.jsonl`` ... (1,000 records a file) with the same
fields plus ``id`` and ``text``.  ``DIR/MANIFEST.json`` lists the underlying
events (id, date, end, kind, actors, countries, place, topic, articles).

The same N and seed give byte-identical files: every draw comes from
``random.Random`` seeded with the seed (the plan) or with ``"seed:index"``
(one article), never from the clock or ``hash()``.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["GENERATOR_VERSION", "Event", "Plan", "make_plan", "render_article", "write_corpus", "main"]

GENERATOR_VERSION = "1.0"
DATA_FILE = Path(__file__).with_name("corpus_data.yaml")
PER_FOLDER = 1000
#: Bounds on the encoded size of one article (header included).
MIN_BYTES, MAX_BYTES = 3000, 5000


@cache
def vocabulary(path: Path = DATA_FILE) -> dict[str, Any]:
    """Load the generator's vocabulary (cached).

    Examples
    --------
    >>> sorted(vocabulary()["kinds"])[:3]
    ['agreement', 'aid', 'attack']
    """
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True, slots=True)
class Party:
    """One side of an event: a person, a country or an organisation."""

    kind: str  # person | country | org
    name: str
    short: str
    country: str | None  # alpha-3 (person, country) or None
    title: str = ""
    role: str = ""
    pron: str = "it"
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """An underlying event that one or more articles report."""

    id: str
    kind: str
    start: date
    end: date
    a: Party
    b: Party
    place: str
    topic: int  # index into vocabulary()["topics"]
    org: str | None = None  # organisation short name (summits)
    official: Party | None = None  # organisation official (summits)
    num: int = 0
    amount: str = ""

    def actors(self) -> list[str]:
        """Names of the actors, as listed in the manifest."""
        out = [self.org] if self.org else []
        out += [p.name.removeprefix("the ") for p in (self.official, self.a, self.b) if p is not None and p.kind != "org"]
        return list(dict.fromkeys(out))

    def countries(self) -> list[str]:
        """Alpha-3 codes of the countries involved."""
        return list(dict.fromkeys(p.country for p in (self.a, self.b) if p.country))


@dataclass(frozen=True, slots=True)
class Report:
    """One article to write: which event, by whom, when."""

    index: int
    event: int  # index into Plan.events
    outlet: int
    published: date
    first: bool  # the first report of its event


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything decided before rendering: events and the reports of them."""

    seed: int
    events: list[Event]
    reports: list[Report]  # in article order
    by_date: list[int]  # event indices sorted by start date
    ordinals: list[int]  # start-date ordinals, parallel to by_date


# ---------------------------------------------------------------------------
# the plan


@cache
def _people() -> dict[tuple[str, str], list[tuple[date, date, Party]]]:
    """(country, rank) -> [(start, end, Party), ...] from the vocabulary."""
    out: dict[tuple[str, str], list[tuple[date, date, Party]]] = {}
    far = date(2100, 1, 1)
    for p in vocabulary()["people"]:
        party = Party("person", p["name"], p["short"], p["country"], p.get("title") or "",
                      p["role"], p["pron"], tuple(p.get("spellings") or ()))
        out.setdefault((p["country"], p["rank"]), []).append((p["start"], p["end"] or far, party))
    for p in vocabulary()["officials"]:
        party = Party("person", p["name"], p["short"], None, p["title"], p["role"], p["pron"])
        out.setdefault((p["org"], "official"), []).append((p["start"], p["end"] or far, party))
    return out


def holder(country: str, rank: str, day: date) -> Party | None:
    """The person holding an office on a day, if the vocabulary knows one.

    Examples
    --------
    >>> holder("GBR", "head", date(2024, 7, 4)).name, holder("GBR", "head", date(2024, 7, 5)).name
    ('Rishi Sunak', 'Keir Starmer')
    >>> holder("USA", "head", date(2025, 1, 20)).name
    'Donald Trump'
    """
    for start, end, party in _people().get((country, rank), ()):
        if start <= day < end:
            return party
    return None


def _country_party(code: str) -> Party:
    c = vocabulary()["countries"][code]
    return Party("country", c["name"], c["short"], code)


def _topics_on(day: date) -> list[int]:
    return [i for i, t in enumerate(vocabulary()["topics"])
            if t.get("start", date.min) <= day and day <= t.get("end", date.max)]


def _make_event(rng: random.Random, n: int, day: date, kinds: list[str], weights: list[int]) -> Event:
    v = vocabulary()
    codes = list(v["countries"])
    while True:
        kind = rng.choices(kinds, weights)[0]
        spec = v["kinds"][kind]
        how = spec["actors"]
        org = official = None
        if how == "conflict":
            live = [c for c in v["conflicts"]
                    if c["start"] <= day and (c["end"] is None or day <= c["end"])]
            if not live:
                continue  # no war on this day: draw another kind
            c = rng.choice(live)
            a, b = _country_party(c["a"]), _country_party(c["b"])
            place = rng.choice(c["places"])
        elif how == "country":
            if spec.get("pairs"):
                ca, cb = rng.choice(spec["pairs"])
            else:
                ca = rng.choice(spec.get("a_from") or codes)
                cb = rng.choice([x for x in (spec.get("b_from") or codes) if x != ca])
            a, b = _country_party(ca), _country_party(cb)
            place = _place(rng, spec["place"], ca, cb)
        elif how == "org":
            o = rng.choice(v["organisations"])
            org = o["short"]
            official = holder(org, "official", day)
            cb = rng.choice([x for x in codes if holder(x, "head", day)])
            a = Party("org", o["name"], o["short"], None)
            b = holder(cb, "head", day)  # type: ignore[assignment]
            place = rng.choice(o["venues"])
        else:
            rank = "foreign" if rng.random() < 0.25 else "head"
            ca, cb = rng.sample([x for x in codes if holder(x, "head", day)], 2)
            a = holder(ca, rank, day) or holder(ca, "head", day)  # type: ignore[assignment]
            b = holder(cb, rank, day) or holder(cb, "head", day)  # type: ignore[assignment]
            place = _place(rng, spec["place"], ca, cb)
        assert a is not None and b is not None
        end = day + timedelta(days=rng.choice((1, 1, 2))) if kind == "summit" else day
        topics = _topics_on(day)
        amount = (f"{rng.choice('$$€£')}{rng.choice((50, 100, 150, 200, 250, 300, 500, 750))} million"
                  if rng.random() < 0.7 else f"${rng.choice((1, 1.2, 1.5, 2, 2.5, 3))} billion")
        return Event(f"e{n:06d}", kind, day, end, a, b, place, rng.choice(topics), org, official,
                     rng.randint(3, 40), amount)


def _place(rng: random.Random, how: str, ca: str, cb: str) -> str:
    c = vocabulary()["countries"]
    if how == "b_capital":
        return c[cb]["capital"]
    if how == "a_capital":
        return c[ca]["capital"]
    if how == "city":
        return rng.choice([c[ca]["capital"], *c[ca]["cities"]])
    if how == "summit":
        return rng.choice(vocabulary()["summit_cities"])
    # host: either side's capital or a neutral venue
    return rng.choice([c[ca]["capital"], c[cb]["capital"], rng.choice(vocabulary()["summit_cities"])])


def make_plan(n: int, seed: int) -> Plan:
    """Decide the events and which outlet reports each, when, for ``n`` articles.

    ``round(n * duplicate_share)`` articles are extra reports of an event that
    already has one; the others are first reports, one event each.

    Examples
    --------
    >>> p = make_plan(40, seed=1)
    >>> len(p.reports), len(p.events), sum(not r.first for r in p.reports)
    (40, 30, 10)
    """
    v = vocabulary()
    rng = random.Random(seed)
    n_extra = round(n * v["duplicate_share"])
    n_events = n - n_extra
    lo, hi = v["start"], v["end"]
    span = (hi - lo).days - 14
    kinds = list(v["kinds"])
    weights = [v["kinds"][k]["weight"] for k in kinds]
    events = [_make_event(rng, i, lo + timedelta(days=7 + rng.randrange(span)), kinds, weights)
              for i in range(n_events)]
    # spread the extra reports over randomly chosen events, 1-3 each
    extras = [0] * n_events
    left = n_extra
    while left:
        k = min(left, rng.choices((1, 2, 3), v["extra_reports"])[0])
        e = rng.randrange(n_events)
        if extras[e] + k <= 3:  # an event has at most four reports (outlet variety)
            extras[e] += k
            left -= k
    n_outlets = len(v["outlets"])
    drafts: list[tuple[int, int, date, bool]] = []
    for i, ev in enumerate(events):
        if rng.random() < v["preview_share"]:
            first = ev.start - timedelta(days=rng.randint(1, 6))
        else:
            first = ev.start + timedelta(days=rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0])
        outlets = rng.sample(range(n_outlets), 1 + extras[i])
        drafts.append((i, outlets[0], first, True))
        for o in outlets[1:]:
            drafts.append((i, o, first + timedelta(days=rng.randint(0, 3)), False))
    rng.shuffle(drafts)
    reports = [Report(j, *d) for j, d in enumerate(drafts)]
    by_date = sorted(range(n_events), key=lambda i: (events[i].start, i))
    return Plan(seed, events, reports, by_date, [events[i].start.toordinal() for i in by_date])


# ---------------------------------------------------------------------------
# rendering


def _md(d: date, style: str) -> str:
    v = vocabulary()
    if style == "uk":
        return f"{d.day} {v['months'][d.month - 1]}"
    if style == "us":
        return f"{v['months'][d.month - 1]} {d.day}"
    abbr = v["months_reuters" if style == "reuters" else "months_ap"]
    return f"{abbr[d.month - 1]} {d.day}"


def _full(d: date, style: str) -> str:
    return f"{_md(d, style)} {d.year}" if style == "uk" else f"{_md(d, style)}, {d.year}"


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def when_phrase(start: date, end: date, pub: date, style: str, rng: random.Random) -> str:
    """A date phrase for an event as a reporter writing on ``pub`` would put it.

    Weekday names only within six days, "last week" only for the previous
    calendar week, month-day without a year only within 200 days, and so on.

    Examples
    --------
    >>> rng = random.Random(0)
    >>> sorted({when_phrase(date(2025, 2, 17), date(2025, 2, 17), date(2025, 2, 18), "ap", rng)
    ...         for _ in range(200)})
    ['late on Monday', 'late yesterday', 'on Feb. 17', 'on Monday', 'on Monday, Feb. 17', 'yesterday']
    """
    v = vocabulary()
    delta = (pub - start).days
    groups: list[str] = []
    if delta == 0:
        groups += ["today", "weekday_today", "weekday_today"]
    elif 1 <= delta <= 6:
        groups += ["weekday_past", "weekday_past"]
    elif -6 <= delta <= -1:
        groups += ["weekday_future", "weekday_future"]
    if delta == 1:
        groups.append("yesterday")
    elif delta == -1:
        groups.append("tomorrow")
    same_week = _monday(start) == _monday(pub)
    if same_week and delta >= 2:
        groups.append("this_week_past")
    elif same_week and delta <= -2:
        groups.append("this_week_future")
    if _monday(start) == _monday(pub) - timedelta(days=7):
        groups.append("last_week")
    elif _monday(start) == _monday(pub) + timedelta(days=7):
        groups.append("next_week")
    if 2 <= delta <= 10:
        groups.append("days_ago")
    month_gap = (pub.year - start.year) * 12 + pub.month - start.month
    if month_gap == 0 and delta >= 3:
        groups.append("this_month_past")
    elif month_gap == 0 and delta <= -3:
        groups.append("this_month_future")
    elif month_gap == 1 and delta >= 7:
        groups.append("last_month")
    elif month_gap == -1 and delta <= -7:
        groups.append("next_month")
    if abs(delta) <= 200:
        groups.append("md")
        if end > start:
            groups += ["range", "range"]
    if not groups or rng.random() < 0.08:
        groups.append("full")
    group = rng.choice(groups)
    tpl = rng.choice(v["when"][group])
    if group == "range":
        tpl = rng.choice(v["range_formats"][style])
        return tpl.format(d1=start.day, d2=end.day, month=v["months"][start.month - 1],
                          mon=v["months_reuters" if style == "reuters" else "months_ap"][start.month - 1])
    return tpl.format(weekday=v["weekdays"][start.weekday()], md=_md(start, style),
                      full=_full(start, style), n_days=_number(abs(delta)),
                      month=v["months"][start.month - 1], year=start.year)


def _number(n: int) -> str:
    words = vocabulary()["number_words"]
    return words[n] if n < len(words) else str(n)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


_SMALL = frozenset("a an and as at by for in of on or the to with amid over".split())


def _title_case(s: str) -> str:
    words = s.split(" ")
    return " ".join(w if (i and w in _SMALL) else _cap(w) for i, w in enumerate(words))


def _spelled(p: Party, outlet: int) -> tuple[str, str]:
    """(full name, short name) in the outlet's spelling."""
    if not p.spellings:
        return p.name, p.short
    sp = p.spellings[outlet % len(p.spellings)]
    return p.name.replace(p.short, sp), sp


def _party_slots(prefix: str, p: Party, outlet: int, rng: random.Random) -> dict[str, str]:
    v = vocabulary()
    c = v["countries"].get(p.country or "", {})
    cname, dem = c.get("name", ""), c.get("dem", "")
    if p.kind == "person":
        name, short = _spelled(p, outlet)
        if not p.country:  # organisation official
            first, role = f"{p.title} {name}", f"the {p.role}"
        else:
            forms = [f"{dem} {p.title} {name}" if p.title else f"{dem} {name}"]
            if not cname.startswith("the "):
                forms.append(f"{cname}'s {p.title} {name}" if p.title else f"{cname}'s {name}")
            first, role = rng.choice(forms), f"the {dem} {p.role}"
        pron = p.pron
    elif p.kind == "country":
        name, short, first, role, pron = cname, c["short"], cname, f"the {dem} government", "it"
    else:
        name, short, first, role, pron = p.name, p.short, p.short, p.name, "it"
    obj = {"he": "him", "she": "her"}.get(pron, "it")
    pos = {"he": "his", "she": "her"}.get(pron, "its")
    return {prefix: first, f"{prefix}_short": short, f"{prefix}_role": role, f"{prefix}_name": name,
            f"{prefix}_country": cname, f"{prefix}_poss": cname + ("'" if cname.endswith("s") else "'s"),
            f"{prefix}_dem": dem, f"{prefix}_pron": pron,
            f"{prefix}_pron_obj": obj, f"{prefix}_pron_pos": pos}


def _event_slots(ev: Event, pub: date, outlet: int, style: str, rng: random.Random) -> dict[str, str]:
    v = vocabulary()
    s = _party_slots("A", ev.a, outlet, rng) | _party_slots("B", ev.b, outlet, rng)
    if ev.a.kind == "org":
        # background sentences talk about two countries: the attending
        # leader's and one more, fixed per event so duplicates agree
        other = vocabulary()["countries"][sorted(v["countries"])[ev.num % len(v["countries"])]]
        for k in ("country", "poss", "dem"):
            s[f"A_{k}"] = s[f"B_{k}"]
        if other["name"] != s["B_country"]:
            s["B_country"], s["B_dem"] = other["name"], other["dem"]
            s["B_poss"] = other["name"] + ("'" if other["name"].endswith("s") else "'s")
    topic = v["topics"][ev.topic]
    org = ev.org or rng.choice(v["organisations"])["short"]
    orgs = {o["short"]: o for o in v["organisations"]}
    s.update(place=ev.place, topic=topic["long"], topic_short=topic["short"], org=org,
             org_long=orgs[org]["name"], gathering=orgs[org]["gathering"], members=orgs[org]["members"],
             members_cap=_cap(orgs[org]["members"]), num=str(ev.num),
             num_thousands=f"{ev.num * 1000:,}", amount=ev.amount,
             when=when_phrase(ev.start, ev.end, pub, style, rng))
    return s


def _quarter(pub: date, rng: random.Random) -> str:
    v = vocabulary()
    q = (pub.month - 1) // 3 - 1  # the last finished quarter
    year = pub.year if q >= 0 else pub.year - 1
    q %= 4
    return rng.choice(v["quarter_phrases"]).format(
        ordinal=v["ordinals"][q], year=year, last_month=v["months"][q * 3 + 2])


def _ago(fact: date, pub: date, rng: random.Random) -> str:
    v = vocabulary()["ago_phrases"]
    years = (pub - fact).days / 365.25
    if years < 0.9:
        return rng.choice(v["months"]).format(n=_number(max(2, round(years * 12))))
    if years < 1.5:
        return rng.choice(v["one_year"])
    n = round(years)
    groups = ["about"] + (["nearly"] if years < n - 0.05 else []) + (["more_than"] if years > n + 0.05 else [])
    return rng.choice(v[rng.choice(groups)]).format(n=_number(n))


def _neighbours(plan: Plan, pub: date, lo: int, hi: int, skip: int, rng: random.Random) -> int | None:
    """A random event starting between pub+lo and pub+hi days, other than ``skip``."""
    o = pub.toordinal()
    i, j = bisect.bisect_left(plan.ordinals, o + lo), bisect.bisect_right(plan.ordinals, o + hi)
    if i >= j:
        return None
    e = plan.by_date[rng.randrange(i, j)]
    return None if e == skip else e


def _slug(title: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_)[:9])


def render_article(plan: Plan, report: Report) -> tuple[dict[str, str], str]:
    """Render one report: (header fields, body text).

    Deterministic: all draws come from ``random.Random(f"{seed}:{index}")``.

    Examples
    --------
    >>> plan = make_plan(4, seed=7)
    >>> head, body = render_article(plan, plan.reports[0])
    >>> sorted(head), head["published"] == plan.reports[0].published.isoformat()
    (['published', 'source', 'title', 'url'], True)
    """
    v = vocabulary()
    rng = random.Random(f"{plan.seed}:{report.index}")
    ev = plan.events[report.event]
    outlet = v["outlets"][report.outlet]
    style, pub = outlet["style"], report.published
    s = _event_slots(ev, pub, report.outlet, style, rng)
    kind = v["kinds"][ev.kind]
    tense = "future" if pub < ev.start else "past"

    title = rng.choice(kind["title"]).format_map(s)
    if outlet["furniture"] in ("bloomberg", "ndtv"):
        title = _title_case(title)
    title = _cap(title)
    lede = _cap(rng.choice(kind[tense]).format_map(s))
    city = ev.place if tense == "past" else (v["countries"].get(ev.a.country or "", {}).get("capital")
                                             or ev.place)
    dateline = outlet["dateline"].format(CITY=city.upper(), City=city, md=_md(pub, "reuters"))

    def other_title() -> str:
        e = plan.events[rng.randrange(len(plan.events))]
        t = rng.choice(v["kinds"][e.kind]["title"])
        return _cap(t.format_map(_event_slots(e, pub, report.outlet, style, rng)))

    person = next((p for p in (ev.a, ev.b) if p.kind == "person"), None)
    caption = (rng.choice(v["captions"]["person"]).format(person=_spelled(person, report.outlet)[0], City=city,
                                                          pub_md=_md(pub, style))
               if person else rng.choice(v["captions"]["place"]).format(City=city, pub_md=_md(pub, style)))
    rep = [f"{rng.choice(v['reporter_first'])} {rng.choice(v['reporter_last'])}" for _ in range(3)]
    fslots = dict(s, title=title, standfirst=lede, caption=caption, rep1=rep[0], rep2=rep[1], rep3=rep[2],
                  City=city, City2=_place(rng, "summit", "USA", "GBR"),
                  rep_initials=rep[0].split()[1][:3].lower(), rep_initials2=rep[1].split()[1][:2].lower())
    furn = v["furniture"][outlet["furniture"]]

    def fill(line: str) -> str:
        if "{headline}" in line:
            return line.replace("{headline}", other_title())
        return line.format_map(fslots)

    head = [fill(x) for x in furn.get("head", ())]
    tail = [fill(x) for x in furn.get("tail", ())]

    # the event itself: lede, detail, quotes
    details = [_cap(x.format_map(s)) for x in rng.sample(kind["detail"], len(kind["detail"]))]
    official = (_party_slots("O", ev.official, report.outlet, rng)["O_short"]
                if ev.official is not None else s["B_short"])
    speakers = [x.format_map(dict(s, official=official)) for x in kind["speakers"]]
    quotes = [_cap(q.format_map(dict(s, speaker=rng.choice(speakers))))
              for q in rng.sample(v["quotes"][kind["quotes"]], 3)]
    first_par = dateline + lede + (" " + details.pop() if rng.random() < 0.5 else "")
    middle: list[str] = [" ".join(details[:2]), quotes[0]]
    del details[:2]

    # other events, before and after publication
    # other events, before and after publication (at most one each per window)
    for lo, hi, key, wraps in ((-30, -8, "ref_past", "ref_wrappers_past"),
                               (-7, -1, "ref_past", "ref_wrappers_past"),
                               (1, 6, "ref_future", "ref_wrappers_future"),
                               (7, 40, "ref_future", "ref_wrappers_future")):
        e = _neighbours(plan, pub, lo, hi, report.event, rng)
        if e is None:
            continue
        other = plan.events[e]
        os_ = _event_slots(other, pub, report.outlet, style, rng)
        clause = rng.choice(v["kinds"][other.kind][key]).format_map(os_)
        middle.append(rng.choice(v[wraps]).format(clause=clause, Clause=_cap(clause), noun=kind["noun"]))

    # background: anchored history and context without events
    facts = [f for f in v["history"] if f["date"] <= pub - timedelta(days=60)]
    if facts:
        f = rng.choice(facts)
        t = rng.choice(f["text"])
        middle.append(_cap(t.format(ago=_ago(f["date"], pub, rng), full=_full(f["date"], style))) + ".")
    pool = iter(rng.sample(v["background"], len(v["background"])))
    bslots = dict(s)

    def background() -> str:
        # formatted only when the article still needs text: formatting the
        # whole pool for every article was the generator's hot spot
        out = []
        for b in itertools.islice(pool, rng.randint(1, 3)):
            if "{quarter}" in b:
                bslots["quarter"] = _quarter(pub, rng)
            bslots.update(pct=f"{rng.uniform(0.1, 4.5):.1f}", pct2=str(rng.randint(30, 65)),
                          num=str(rng.randint(5, 90)))
            out.append(_cap(b.format_map(bslots)))
        return " ".join(out)

    # shuffle all but the first detail and quote; the rest of the event's own
    # material goes early so that short articles still carry it.  None marks
    # a background paragraph.
    items: list[str | None] = middle[2:] + [None] * len(v["background"])
    rest = rng.sample(items, len(items))
    ordered = middle[:2] + rest[:2] + quotes[1:] + details + rest[2:]

    # assemble up to a target size; furniture in the middle goes in after paragraph two
    header = f"title: {title}\npublished: {pub.isoformat()}\nsource: {outlet['name']}\nurl: "
    url = f"https://{outlet['domain']}/{outlet['section']}/{pub:%Y/%m/%d}/{_slug(title)}-{report.index:06d}"
    pars = head + [first_par]
    size = len((header + url).encode()) + 2 + sum(len(x.encode()) + 2 for x in pars + tail)
    target = rng.randint(MIN_BYTES + 300, MAX_BYTES - 200)
    for p in ordered:
        if p is None and not (p := background()):
            continue
        n = len(p.encode()) + 2
        if size + n > MAX_BYTES - 20:
            continue
        pars.append(p)
        size += n
        if size >= target:
            break
    if furn.get("mid") and len(pars) > 3:
        line = fill(rng.choice(furn["mid"]))
        if size + len(line.encode()) + 2 <= MAX_BYTES:
            pars.insert(rng.randint(len(head) + 2, len(pars) - 1), line)
    body = "\n\n".join(pars + tail)
    return ({"title": title, "published": pub.isoformat(), "source": outlet["name"], "url": url}, body)


def article_text(head: dict[str, str], body: str) -> str:
    """The ``.txt`` form of an article: header lines, a blank line, the body."""
    return (f"title: {head['title']}\npublished: {head['published']}\nsource: {head['source']}\n"
            f"url: {head['url']}\n\n{body}\n")


# ---------------------------------------------------------------------------
# writing


def _rel_path(index: int, n: int, fmt: str) -> str:
    width = max(6, len(str(n - 1)))
    folder = f"{index // PER_FOLDER:04d}"
    return f"{folder}/{index:0{width}d}.txt" if fmt == "txt" else f"part-{folder}.jsonl"


def _render_chunk(args: tuple[int, int, int, int, str, str]) -> int:
    """Write articles [lo, hi) (one folder or one jsonl part); used by workers too."""
    n, seed, lo, hi, fmt, out = args
    plan = _plan_cached(n, seed)
    root = Path(out)
    if fmt == "txt":
        folder = root / f"{lo // PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        for r in plan.reports[lo:hi]:
            head, body = render_article(plan, r)
            _write(root / _rel_path(r.index, n, fmt), article_text(head, body).encode())
    else:
        lines = []
        for r in plan.reports[lo:hi]:
            head, body = render_article(plan, r)
            lines.append(json.dumps({"id": f"a{r.index:06d}", **head, "text": body}, ensure_ascii=False))
        (root / _rel_path(lo, n, fmt)).write_bytes(("\n".join(lines) + "\n").encode())
    return hi - lo


def _write(path: Path, data: bytes) -> None:
    # os.open/os.write: half the system calls of open().write() on 100,000 small files
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@cache
def _plan_cached(n: int, seed: int) -> Plan:
    return make_plan(n, seed)


def _manifest_lines(plan: Plan, n: int, fmt: str) -> Iterator[str]:
    arts: dict[int, list[str]] = {}
    for r in sorted(plan.reports, key=lambda r: r.index):
        arts.setdefault(r.event, []).append(
            _rel_path(r.index, n, fmt) if fmt == "txt" else f"a{r.index:06d}")
    head = {"n": n, "seed": plan.seed, "generator_version": GENERATOR_VERSION, "format": fmt,
            "n_events": len(plan.events), "n_duplicate_reports": sum(not r.first for r in plan.reports)}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": [\n'
    for i, ev in enumerate(plan.events):
        rec = {"id": ev.id, "date": ev.start.isoformat(), "end": ev.end.isoformat(), "kind": ev.kind,
               "actors": ev.actors(), "countries": ev.countries(), "place": ev.place,
               "topic": vocabulary()["topics"][ev.topic]["long"], "articles": arts.get(i, [])}
        yield json.dumps(rec, ensure_ascii=False) + (",\n" if i < len(plan.events) - 1 else "\n")
    yield "]}\n"


def write_corpus(n: int, seed: int, out: Path, fmt: str = "txt", jobs: int = 1,
                 manifest: Path | None = None) -> Plan:
    """Write ``n`` articles and ``MANIFEST.json`` under ``out``; return the plan.

    ``manifest`` puts the manifest elsewhere (``timeline build DIR`` would
    otherwise also try to read ``DIR/MANIFEST.json`` as input and report it).

    Output is identical for any ``jobs``: each folder is rendered from the
    same plan and per-article seeds, whichever process renders it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = write_corpus(3, seed=1, out=Path(d))
    ...     sorted(p.name for p in Path(d).rglob("*") if p.is_file())
    ['000000.txt', '000001.txt', '000002.txt', 'MANIFEST.json']
    """
    out.mkdir(parents=True, exist_ok=True)
    plan = _plan_cached(n, seed)
    chunks = [(n, seed, lo, min(n, lo + PER_FOLDER), fmt, str(out)) for lo in range(0, n, PER_FOLDER)]
    if jobs > 1 and len(chunks) > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs) as pool:  # fork: workers inherit the plan
            for _ in pool.imap_unordered(_render_chunk, chunks):
                pass
    else:
        for c in chunks:
            _render_chunk(c)
    manifest = manifest or out / "MANIFEST.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(_manifest_lines(plan, n, fmt))
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (output is the same)")
    ap.add_argument("--manifest", type=Path, help="manifest path (default DIR/MANIFEST.json)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out}: output folder is not empty; files there may be overwritten", file=sys.stderr)
    t0 = time.perf_counter()
    plan = write_corpus(args.n, args.seed, args.out, args.format, args.jobs, args.manifest)
    dt = time.perf_counter() - t0
    print(f"wrote {args.n} articles ({len(plan.events)} events) to {args.out} in {dt:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
