"""The data model: every record that passes between pipeline stages.

All records are frozen, slotted dataclasses so that a stage can never mutate
what an earlier stage produced, and so that they are cheap to create by the
hundred thousand.  Dates are :class:`datetime.date` objects; intervals are
inclusive on both ends (``date_start <= date_end``).

Examples
--------
>>> from datetime import date
>>> t = TimeExpression(start=0, end=6, text="Monday", type="DATE", value="2025-02-17",
...                    date_start=date(2025, 2, 17), date_end=date(2025, 2, 17),
...                    granularity="day", certainty="exact", reason="weekday-past")
>>> t.date_start == t.date_end
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Literal

#: Where an article's publication date came from, in order of trust.
PublishedSource = Literal["metadata", "argument", "dateline", "inferred", "none"]
#: TIMEX3 types.
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["day", "week", "month", "quarter", "year", "decade", "century"]
Certainty = Literal["exact", "approximate", "unresolved"]
ActorType = Literal["person", "country", "organisation", "group"]
EventStatus = Literal["occurred", "planned", "ongoing"]

GRANULARITIES: tuple[str, ...] = ("day", "week", "month", "quarter", "year", "decade", "century")
PUBLISHED_SOURCES: tuple[str, ...] = ("metadata", "argument", "dateline", "inferred", "none")



@dataclass(frozen=True, slots=True)
class Article:
    """One article after ingestion.

    ``text`` is the body exactly as decoded (header removed); every character
    offset produced by later stages indexes into it.
    """

    article_id: str
    text: str
    path: str = ""
    title: str | None = None
    published: date | None = None
    published_source: str = "none"
    url: str | None = None
    source: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    #: Non-fatal notes from ingestion (encoding fallback, inferred date, ...).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestError:
    """An input that could not be read; the run goes on without it."""

    path: str
    reason: str
    #: 1-based line (JSONL) or record number (CSV/JSON) where relevant.
    line: int | None = None
    article_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A temporal expression found in text, normalised against an anchor date.

    ``start``/``end`` are character offsets (end exclusive) into the text given
    to :func:`timeline.temporal.tag`.  ``value`` follows TimeML/TIMEX3
    conventions (``2025-02-17``, ``2025-W07``, ``2025-Q1``, ``199X``,
    ``PRESENT_REF``, ``P3Y``).  For DATE/TIME expressions ``date_start`` and
    ``date_end`` give the inclusive interval, ``None`` when unresolved.
    ``reason`` names the rule that decided the value.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    date_start: date | None = None
    date_end: date | None = None
    granularity: str | None = None
    certainty: str = "exact"
    reason: str = ""
    #: TIMEX3 ``mod`` (APPROX, BEFORE, AFTER, START, MID, END, MORE_THAN, LESS_THAN).
    mod: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the expression has a concrete date interval."""
        return self.date_start is not None and self.date_end is not None


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by an actor for a period (``end`` None = still held)."""

    title: str
    #: Country (ISO alpha-3) or organisation id the role belongs to.
    of: str | None = None
    start: date | None = None
    end: date | None = None

    def held_on(self, day: date) -> bool:
        """Whether the role was held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor: person, country or organisation."""

    actor_id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in an article's text."""

    actor_id: str
    start: int
    end: int
    text: str
    #: How it was recognised: alias, role, demonym, metonym, pattern, apposition.
    how: str = "alias"


@dataclass(frozen=True, slots=True)
class Mention:
    """One article's report of an event: the evidence sentence and what it says."""

    mention_id: str
    article_id: str
    sentence: str
    char_start: int
    char_end: int
    event_type: str
    status: str
    title: str
    trigger: str = ""
    published: date | None = None
    date_text: str | None = None
    date_value: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    granularity: str | None = None
    certainty: str = "exact"
    date_reason: str = ""
    #: actor ids of all actors in the clause, and of the participants alone.
    actors: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    #: Text of a named event ("Munich Security Conference") if there is one.
    name: str | None = None
    #: True for photo captions and other furniture that may corroborate only.
    caption: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """A real-world event: one or more mentions merged across articles."""

    event_id: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    certainty: str
    status: str
    event_type: str
    title: str
    actors: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def n_mentions(self) -> int:
        return len(self.mentions)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.article_id for m in self.mentions}))


def to_dict(record: object) -> dict[str, object]:
    """A record as a JSON-ready dict: dates as ISO strings, tuples as lists.

    >>> from datetime import date
    >>> to_dict(Role("president", "FRA", date(2017, 5, 14)))["start"]
    '2017-05-14'
    """
    out: dict[str, object] = {}
    for f in fields(record):  # type: ignore[arg-type]
        out[f.name] = _jsonable(getattr(record, f.name))
    return out


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return to_dict(value)
    return value
