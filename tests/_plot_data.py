"""Timelines built from records for the plot and browser tests (no pipeline run).

``ukraine_timeline()`` is February 2025 Ukraine diplomacy as reported on 18 Feb
2025: one of each date shape the page must draw (day, multi-day range, week,
month, quarter, approximate year, undated), a planned event, an inferred date,
two events on the same day in the same lane, and mentions from several articles.
``hostile_timeline()`` carries script-injection payloads in every text field.
``synthetic_timeline(n)`` is a large random timeline for WebGL and speed checks.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from timeline.models import Actor, Article, Event, Mention
from timeline.pipeline import Timeline

D = date


def actor(aid: str, name: str, kind: str, country: str | None = None) -> Actor:
    return Actor(aid, name, kind, country)


ACTORS = {a.actor_id: a for a in [
    actor("macron", "Emmanuel Macron", "person", "FRA"),
    actor("trump", "Donald Trump", "person", "USA"),
    actor("zelensky", "Volodymyr Zelensky", "person", "UKR"),
    actor("putin", "Vladimir Putin", "person", "RUS"),
    actor("rubio", "Marco Rubio", "person", "USA"),
    actor("lavrov", "Sergei Lavrov", "person", "RUS"),
    actor("starmer", "Keir Starmer", "person", "GBR"),
    actor("scholz", "Olaf Scholz", "person", "DEU"),
    actor("vance", "JD Vance", "person", "USA"),
    actor("usa", "United States", "country", "USA"),
    actor("ukr", "Ukraine", "country", "UKR"),
    actor("rus", "Russia", "country", "RUS"),
    actor("eu", "European Union", "organisation"),
]}

ARTICLES = [
    Article("macron-paris", "…", "data/macron-ukraine-2025-02-18.txt",
            title="Macron convenes European leaders in Paris as US and Russia prepare talks",
            published=D(2025, 2, 18), published_source="metadata",
            url="https://example.org/world/macron-paris-summit", source="Example News"),
    Article("riyadh-talks", "…", "news/riyadh.txt",
            title="US and Russian officials meet in Riyadh without Ukraine",
            published=D(2025, 2, 18), published_source="metadata",
            url="https://example.com/2025/02/18/riyadh", source="Example Wire"),
    Article("munich-recap", "…", "news/munich.txt", title="A week in Munich",
            published=D(2025, 2, 17), published_source="dateline"),
    Article("kyiv-undated", "…", "news/kyiv.txt", title=None, published=D(2025, 2, 17),
            published_source="inferred"),
]

#: Evidence sentences by event id (the hover and details tests look for them).
SENTENCES = {
    "paris": "French President Emmanuel Macron hosted European leaders in Paris on Monday "
             "for an emergency meeting on Ukraine and European security.",
    "call": "Before the meeting, Macron spoke with Trump by phone on Monday for about "
            "twenty minutes.",
    "munich": "Last week at the Munich Security Conference, Vice President JD Vance "
              "berated European allies while Zelensky called for a European army.",
    "riyadh": "Secretary of State Marco Rubio and Sergei Lavrov met in Riyadh on Tuesday, "
              "the first high-level US-Russia talks since the invasion.",
    "planned": "Trump said he could meet Putin in Saudi Arabia later this month.",
    "invasion": "Russia invaded Ukraine three years ago, and fighting continues in the east.",
    "sanctions": "The European Union is discussing a new package of sanctions on Russia.",
    "aid": "EU members agreed to a new aid package for Ukraine in the first quarter.",
    "accuse": "Zelensky accused Russia on Saturday of preparing a new offensive.",
    "spending": "In February European governments promised to raise defence spending.",
}


def mention(eid: str, article: str, published: date, date_text: str | None, s: date | None,
            e: date | None, *, actors: tuple[str, ...] = (), participants: tuple[str, ...] = (),
            event_type: str = "CONSULT", status: str = "occurred", title: str = "",
            granularity: str | None = "day", certainty: str = "exact",
            reason: str = "explicit-date", n: int = 0) -> Mention:
    sent = SENTENCES[eid]
    return Mention(f"{eid}-{article}-{n}", article, sent, 0, len(sent), event_type, status,
                   title or eid, published=published, date_text=date_text, date_start=s,
                   date_end=e, granularity=granularity, certainty=certainty,
                   date_reason=reason, actors=actors, participants=participants)


def event(eid: str, s: date | None, e: date | None, granularity: str | None, certainty: str,
          status: str, event_type: str, title: str, actors: tuple[str, ...],
          locations: tuple[str, ...], reports: list[tuple[str, str | None, str]],
          participants: tuple[str, ...] = ()) -> Event:
    """``reports``: (article id, date as written, date reason) per mention."""
    pub = {a.article_id: a.published for a in ARTICLES}
    ms = tuple(mention(eid, art, pub[art], text, s, e, actors=actors, participants=participants,
                       event_type=event_type, status=status, title=title,
                       granularity=granularity, certainty=certainty, reason=reason, n=k)
               for k, (art, text, reason) in enumerate(reports))
    return Event(eid, s, e, granularity, certainty, status, event_type, title, actors,
                 locations, ms)


def ukraine_events() -> list[Event]:
    return [
        event("paris", D(2025, 2, 17), D(2025, 2, 17), "day", "exact", "occurred", "CONSULT",
              "Macron hosts European leaders in Paris", ("macron", "starmer", "scholz"),
              ("Paris",), [("macron-paris", "on Monday", "weekday-past"),
                           ("riyadh-talks", "Monday", "weekday-past")]),
        event("call", D(2025, 2, 17), D(2025, 2, 17), "day", "exact", "occurred", "CONSULT",
              "Macron holds call with Trump", ("macron", "trump"), (),
              [("macron-paris", "on Monday", "weekday-past")]),
        event("munich", D(2025, 2, 10), D(2025, 2, 16), "week", "exact", "occurred", "CONSULT",
              "Munich Security Conference", ("vance", "zelensky", "usa"), ("Munich",),
              [("munich-recap", "Last week", "relative-week")]),
        event("riyadh", D(2025, 2, 18), D(2025, 2, 18), "day", "exact", "occurred", "CONSULT",
              "US and Russian officials hold talks in Riyadh", ("rubio", "lavrov", "usa", "rus"),
              ("Riyadh",), [("riyadh-talks", "on Tuesday", "weekday-today"),
                            ("macron-paris", "Tuesday", "weekday-today")],
              participants=("rubio", "lavrov")),
        event("planned", D(2025, 2, 19), D(2025, 2, 28), "day", "approximate", "planned",
              "CONSULT", "Trump may meet Putin in Saudi Arabia", ("trump", "putin"),
              ("Saudi Arabia",), [("macron-paris", "later this month", "rest-of-month")]),
        event("invasion", D(2022, 1, 1), D(2022, 12, 31), "year", "approximate", "occurred",
              "ASSAULT", "Russia invades Ukraine", ("rus", "ukr"), ("Ukraine",),
              [("macron-paris", "three years ago", "relative-years")]),
        event("sanctions", None, None, None, "unresolved", "ongoing", "SANCTION",
              "EU discusses new sanctions on Russia", ("eu", "rus"), (),
              [("riyadh-talks", None, "")]),
        event("aid", D(2025, 1, 1), D(2025, 3, 31), "quarter", "exact", "occurred", "AID",
              "EU agrees aid package for Ukraine", ("eu", "ukr"), (),
              [("macron-paris", "in the first quarter", "explicit-quarter")]),
        event("accuse", D(2025, 2, 15), D(2025, 2, 15), "day", "exact", "occurred", "ACCUSE",
              "Zelensky accuses Russia of preparing an offensive", ("zelensky", "rus"), ("Kyiv",),
              [("kyiv-undated", "on Saturday", "weekday-past")]),
        event("spending", D(2025, 2, 1), D(2025, 2, 28), "month", "exact", "occurred",
              "COOPERATE", "European governments pledge higher defence spending", (), (),
              [("munich-recap", "In February", "explicit-month")]),
    ]


def ukraine_timeline() -> Timeline:
    evs = sorted(ukraine_events(), key=lambda e: (e.date_start is None, e.date_start or D.min,
                                                 e.event_id))
    used = {a for e in evs for a in e.actors}
    return Timeline(records=evs, article_records=list(ARTICLES),
                    actor_records={k: v for k, v in ACTORS.items() if k in used},
                    mention_records=[m for e in evs for m in e.mentions])


#: Payloads that would run script or navigate if any text reached the DOM as markup.
PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    "<img src=x onerror=\"window.__pwned=1;alert(1)\">",
    "</script><script>window.__pwned=1;alert(1)</script>",
    "<a href=\"javascript:window.__pwned=1;alert(1)\">click</a>",
    "<svg onload=\"window.__pwned=1;alert(1)\"></svg>",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt; & <!-- <b>bold</b>",
]


def hostile_timeline() -> Timeline:
    """Payloads in titles, sentences, actor names, locations, article titles and URLs."""
    arts = []
    evs = []
    actors = {}
    for k, p in enumerate(PAYLOADS):
        aid = f"x{k}"
        actors[aid] = Actor(aid, f"Actor {p}", "person", p)
        art = f"art{k}"
        arts.append(Article(art, p, f"in/{k}.txt", title=f"Article {p}",
                            published=D(2025, 2, 18), published_source="metadata",
                            url=("javascript:window.__pwned=1;alert(1)" if k % 2 else
                                 f"https://example.org/?q={p}"), source=p))
        sent = f"Sentence {k} with {p} inside it."
        m = Mention(f"m{k}", art, sent, 0, len(sent), "CONSULT", "occurred", f"Title {p}",
                    published=D(2025, 2, 18), date_text=p, date_start=D(2025, 2, 10 + k),
                    date_end=D(2025, 2, 10 + k), granularity="day", actors=(aid, "x0"))
        evs.append(Event(f"ev{k}", D(2025, 2, 10 + k), D(2025, 2, 10 + k), "day", "exact",
                         "occurred", p if k == 0 else "CONSULT", f"Title {p}", (aid, "x0"),
                         (p,), (m,)))
    return Timeline(records=evs, article_records=arts, actor_records=actors)


SYNTH_START, SYNTH_END = D(2015, 1, 1), D(2026, 6, 30)


def synthetic_timeline(n_events: int, n_actors: int = 200, seed: int = 1,
                       start: date = SYNTH_START, end: date = SYNTH_END) -> Timeline:
    """A random but realistic-looking timeline: Zipf-like actor activity, mixed dates."""
    rnd = random.Random(seed)
    kinds = ["person", "country", "organisation", "group"]
    types = ["CONSULT", "AGREE", "ACCUSE", "ASSAULT", "AID", "STATEMENT", "THREATEN",
             "SANCTION", "COOPERATE", "REJECT", "REQUEST", "PROTEST"]
    actors = {f"a{i}": Actor(f"a{i}", f"Actor {i} {rnd.choice(['Smith', 'Novak', 'Ivanova'])}",
                             kinds[i % 4], "XXX") for i in range(n_actors)}
    weights = [1 / (i + 1) for i in range(n_actors)]
    ids = list(actors)
    days = (end - start).days
    arts = [Article(f"art{i}", "…", f"in/{i}.txt", title=f"Report number {i} on the crisis",
                    published=start + timedelta(days=rnd.randrange(days)),
                    published_source="metadata", url=f"https://example.org/{i}")
            for i in range(max(1, n_events // 3))]
    evs = []
    for i in range(n_events):
        s = start + timedelta(days=rnd.randrange(days))
        g = rnd.choices(["day", "week", "month", "year"], [80, 8, 8, 4])[0]
        e = s + timedelta(days={"day": rnd.choice([0, 0, 0, 0, 2]), "week": 6, "month": 29,
                                "year": 364}[g])
        cert = "approximate" if g == "year" or rnd.random() < 0.05 else "exact"
        who = tuple(dict.fromkeys(rnd.choices(ids, weights, k=rnd.choice([1, 2, 2, 3]))))
        art = rnd.choice(arts)
        sent = f"Event {i}: {actors[who[0]].name} acted on {s.isoformat()} in a long sentence."
        m = Mention(f"m{i}", art.article_id, sent, 0, len(sent), rnd.choice(types), "occurred",
                    f"Event {i}", published=art.published, date_text=s.isoformat(),
                    date_start=s, date_end=e, granularity=g, certainty=cert, actors=who)
        evs.append(Event(f"e{i:05d}", s, e, g, cert,
                         "planned" if rnd.random() < 0.03 else "occurred", m.event_type,
                         f"Event {i} between {' and '.join(actors[a].name for a in who)}",
                         who, (rnd.choice(["Paris", "Kyiv", "Geneva", "Doha"]),), (m,)))
    evs.sort(key=lambda ev: (ev.date_start, ev.event_id))
    return Timeline(records=evs, article_records=arts, actor_records=actors)
