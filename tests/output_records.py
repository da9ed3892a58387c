"""Hand-built records for the table, graph and export tests.

The Feb 2025 Ukraine diplomacy, as other stages would produce it: the Munich
Security Conference week (10-16 Feb), Macron's call with Trump and the Paris
mini-summit (17 Feb), the US-Russia talks in Riyadh (18 Feb), the full-scale
invasion (2022, approximate year) and an undated statement.  Built directly
from timeline.models so these tests do not depend on the extraction stages.
"""

from __future__ import annotations

from datetime import date

from timeline.models import Actor, Article, Event, IngestError, Mention

D17, D18 = date(2025, 2, 17), date(2025, 2, 18)

ACTORS: dict[str, Actor] = {
    a.actor_id: a
    for a in (
        Actor("macron", "Emmanuel Macron", "person", "FRA", ("Macron", "French President")),
        Actor("trump", "Donald Trump", "person", "USA", ("Trump",)),
        Actor("starmer", "Keir Starmer", "person", "GBR", ("Starmer",)),
        Actor("scholz", "Olaf Scholz", "person", "DEU", ("Scholz",)),
        Actor("zelensky", "Volodymyr Zelensky", "person", "UKR", ("Zelensky", "Zelenskyy")),
        Actor("vance", "JD Vance", "person", "USA", ("Vance",)),
        Actor("rubio", "Marco Rubio", "person", "USA", ("Rubio",)),
        Actor("lavrov", "Sergei Lavrov", "person", "RUS", ("Lavrov",)),
        Actor("RUS", "Russia", "country", "RUS", ("Moscow", "Russian")),
        Actor("UKR", "Ukraine", "country", "UKR", ("Kyiv", "Ukrainian")),
    )
}


def mention(mid: str, article: str, published: date | None, sentence: str, etype: str,
            title: str, start: date | None, end: date | None, gran: str | None,
            actors: tuple[str, ...], participants: tuple[str, ...] = (), *,
            certainty: str = "exact", date_text: str | None = None,
            date_value: str | None = None, status: str = "occurred",
            locations: tuple[str, ...] = (), offset: int = 0,
            caption: bool = False) -> Mention:
    return Mention(
        mention_id=mid, article_id=article, sentence=sentence, char_start=offset,
        char_end=offset + len(sentence), event_type=etype, status=status, title=title,
        published=published, date_text=date_text, date_value=date_value, date_start=start,
        date_end=end, granularity=gran, certainty=certainty,
        date_reason="weekday-past" if date_text else "", actors=actors,
        participants=participants, locations=locations, caption=caption,
    )


def make_events() -> list[Event]:
    msc = mention(
        "reuters-2", "reuters-2025-02-17", D17,
        "At the Munich Security Conference last week, Vance scolded European leaders, "
        "and Zelensky called for \"an army of Europe\".",
        "ACCUSE", "Vance speech at the Munich Security Conference", date(2025, 2, 10),
        date(2025, 2, 16), "week", ("vance", "zelensky"), ("vance", "zelensky"),
        date_text="last week", date_value="2025-W07", locations=("Munich",), offset=212)
    call = mention(
        "seed-1", "macron-ukraine-2025-02-18", D18,
        "Macron spoke with Trump by phone on Monday before hosting the meeting.",
        "CONSULT", "Macron-Trump phone call", D17, D17, "day", ("macron", "trump"),
        ("macron", "trump"), date_text="Monday", date_value="2025-02-17", offset=0)
    paris_a = mention(
        "seed-2", "macron-ukraine-2025-02-18", D18,
        "European leaders, including Starmer and Scholz, met in Paris on Monday;\n"
        "Macron said, \"We want a strong and lasting peace.\"",
        "CONSULT", "Paris mini-summit on Ukraine", D17, D17, "day",
        ("macron", "starmer", "scholz", "UKR"), ("macron", "starmer", "scholz"),
        date_text="Monday", date_value="2025-02-17", locations=("Paris",), offset=71)
    paris_b = mention(
        "lemonde-4", "lemonde-2025-02-18", D18,
        "Emmanuel Macron a réuni lundi à l'Élysée les dirigeants européens.",
        "CONSULT", "Paris mini-summit on Ukraine", D17, D17, "day", ("macron",), ("macron",),
        date_text="lundi", date_value="2025-02-17", locations=("Paris",), offset=40)
    riyadh_plan = mention(
        "reuters-5", "reuters-2025-02-17", D17,
        "Rubio and Lavrov are due to meet in Riyadh on Tuesday, without Ukraine.",
        "CONSULT", "US-Russia talks in Riyadh", D18, D18, "day",
        ("rubio", "lavrov", "UKR"), ("rubio", "lavrov"), date_text="Tuesday",
        date_value="2025-02-18", status="planned", locations=("Riyadh",), offset=530)
    riyadh = mention(
        "seed-7", "macron-ukraine-2025-02-18", D18,
        "US and Russian officials, led by Rubio and Lavrov, held talks in Riyadh on Tuesday.",
        "CONSULT", "US-Russia talks in Riyadh", D18, D18, "day", ("rubio", "lavrov"),
        ("rubio", "lavrov"), date_text="Tuesday", date_value="2025-02-18",
        locations=("Riyadh",), offset=900)
    invasion = mention(
        "seed-9", "macron-ukraine-2025-02-18", D18,
        "Russia launched its full-scale invasion of Ukraine almost three years ago.",
        "ASSAULT", "Russian full-scale invasion of Ukraine", date(2022, 1, 1),
        date(2022, 12, 31), "year", ("RUS", "UKR"), ("RUS", "UKR"),
        certainty="approximate", date_text="almost three years ago", date_value="2022",
        offset=1200)
    statement = mention(
        "seed-11", "macron-ukraine-2025-02-18", D18,
        "-Zelensky said Ukraine would not accept any deal made without it.",
        "STATEMENT", "=Zelensky rejects deals made without Ukraine", None, None, None,
        ("zelensky", "UKR"), (), certainty="unresolved", offset=1400)
    return [
        Event("ev-msc", date(2025, 2, 10), date(2025, 2, 16), "week", "exact", "occurred",
              "ACCUSE", "Vance speech at the Munich Security Conference",
              ("vance", "zelensky"), ("Munich",), (msc,)),
        Event("ev-call", D17, D17, "day", "exact", "occurred", "CONSULT",
              "Macron-Trump phone call", ("macron", "trump"), (), (call,)),
        Event("ev-paris", D17, D17, "day", "exact", "occurred", "CONSULT",
              "Paris mini-summit on Ukraine", ("macron", "starmer", "scholz", "UKR"),
              ("Paris",), (paris_b, paris_a)),
        Event("ev-riyadh", D18, D18, "day", "exact", "occurred", "CONSULT",
              "US-Russia talks in Riyadh", ("rubio", "lavrov", "UKR"), ("Riyadh",),
              (riyadh, riyadh_plan)),
        Event("ev-invasion", date(2022, 1, 1), date(2022, 12, 31), "year", "approximate",
              "occurred", "ASSAULT", "Russian full-scale invasion of Ukraine", ("RUS", "UKR"),
              ("Ukraine",), (invasion,)),
        Event("ev-statement", None, None, None, "unresolved", "occurred", "STATEMENT",
              "=Zelensky rejects deals made without Ukraine", ("zelensky", "UKR"), (),
              (statement,)),
    ]


ARTICLES = [
    Article("macron-ukraine-2025-02-18", "...", "data/macron-ukraine-2025-02-18.txt",
            "Macron calls Trump before Paris meeting on Ukraine", D18, "argument"),
    Article("reuters-2025-02-17", "...", "in/reuters.html",
            "Europe scrambles after Munich, Riyadh talks loom", D17, "metadata",
            warnings=("decoded as cp1252",)),
    Article("lemonde-2025-02-18", "...", "in/lemonde.txt", None, D18, "dateline"),
    Article("empty-note", "...", "in/empty-note.txt", "@mentions digest", None, "none"),
]

ERRORS = [
    IngestError("in/feeds/wire.jsonl", "invalid JSON: Expecting value", line=7),
    IngestError("in/scan.pdf", "unsupported file type .pdf"),
    IngestError("in/feeds/wire.jsonl", "record has no text", line=9, article_id="wire-9"),
]
