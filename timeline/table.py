"""Tables: the records as pandas DataFrames with documented columns and dtypes.

Every frame has a fixed column order and fixed dtypes, also when it is empty:

- dates are ``datetime64[s]`` (seconds, so that historical dates before 1677
  fit), ``NaT`` when unknown;
- ``granularity``, ``certainty``, ``status``, ``event_type`` (and the actor
  ``type``, the article ``published_source``) are pandas ``Categorical`` with
  the full category set of :mod:`timeline.models`, so counts include zero
  categories; a value outside the known set is kept (appended as an extra
  category) rather than silently turned into ``NaN``;
- list-valued cells (actors, locations, article ids, aliases, warnings) are
  ``"; "``-joined strings, the same in the DataFrame as in the CSV, and ``""``
  when the list is empty;
- optional text (a mention's ``date_text``, an article's ``title``) is ``NaN``
  when missing; other text columns are never missing.

:func:`read_csv` reads a CSV written by :mod:`timeline.export` back with the
same dtypes (cells neutralised against spreadsheet formulas keep their
leading ``'``).

Examples
--------
>>> from datetime import date
>>> from timeline.models import Actor, Event, Mention
>>> m = Mention("m1", "a1", "Macron hosted leaders in Paris on Monday.", 0, 41, "CONSULT",
...             "occurred", "Paris meeting", published=date(2025, 2, 18))
>>> ev = Event("e1", date(2025, 2, 17), date(2025, 2, 17), "day", "exact", "occurred",
...            "CONSULT", "Paris meeting", actors=("macron",), mentions=(m,))
>>> df = events_frame([ev], {"macron": Actor("macron", "Emmanuel Macron", "person", "FRA")})
>>> df.loc[0, "actors"], str(df.loc[0, "date_start"].date()), df.loc[0, "n_articles"]
('Emmanuel Macron', '2025-02-17', np.int64(1))
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pandas as pd

from timeline import models
from timeline.models import Actor, Article, Event, IngestError, Mention

#: Separator of list-valued cells.
SEP = "; "

# PLOVER 2021 event categories (openeventdata/PLOVER), REQUEST (the POLECAT name
# of DEMAND) and STATEMENT for reported speech that is no PLOVER act.  Taken
# from timeline.models when it defines them, so there is one source of truth.
_PLOVER = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
           "ACCUSE", "DEMAND", "REQUEST", "REJECT", "THREATEN", "PROTEST", "MOBILIZE",
           "SANCTION", "COERCE", "ASSAULT")
EVENT_TYPES: tuple[str, ...] = tuple(getattr(models, "EVENT_TYPES", _PLOVER + ("STATEMENT",)))
CERTAINTIES: tuple[str, ...] = tuple(getattr(models, "CERTAINTIES", get_args(models.Certainty)))
STATUSES: tuple[str, ...] = tuple(getattr(models, "STATUSES", get_args(models.EventStatus)))
ACTOR_TYPES: tuple[str, ...] = tuple(getattr(models, "ACTOR_TYPES", get_args(models.ActorType)))
ARTICLE_STATUSES: tuple[str, ...] = ("ok", "error")

#: Category sets of the categorical columns.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "granularity": tuple(models.GRANULARITIES),
    "certainty": CERTAINTIES,
    "status": STATUSES,
    "event_type": EVENT_TYPES,
    "type": ACTOR_TYPES,
    "published_source": tuple(models.PUBLISHED_SOURCES),
    "article_status": ARTICLE_STATUSES,
}

# Column kinds: "str" text never missing ("" for an empty list), "opt" optional
# text (NaN when missing), "date", "int", "bool", or "cat:<name>" (CATEGORIES).
SCHEMAS: dict[str, dict[str, str]] = {
    "events": {
        "event_id": "str", "date_start": "date", "date_end": "date",
        "granularity": "cat:granularity", "certainty": "cat:certainty",
        "status": "cat:status", "event_type": "cat:event_type", "title": "str",
        "actors": "str", "locations": "str", "n_mentions": "int", "n_articles": "int",
        "first_reported": "date", "article_ids": "str",
    },
    "mentions": {
        "event_id": "str", "article_id": "str", "published": "date", "date_text": "opt",
        "date_value": "opt", "date_start": "date", "date_end": "date", "sentence": "str",
        "char_start": "int", "char_end": "int", "actors": "str",
        # extra columns, after the documented ones
        "mention_id": "str", "event_type": "cat:event_type", "status": "cat:status",
        "title": "str", "date_reason": "opt", "granularity": "cat:granularity",
        "certainty": "cat:certainty", "locations": "str", "caption": "bool",
    },
    "actors": {
        "actor_id": "str", "name": "str", "type": "cat:type", "country": "opt",
        "aliases": "str", "n_events": "int", "first_date": "date", "last_date": "date",
    },
    "articles": {
        "article_id": "str", "path": "str", "title": "opt", "published": "date",
        "published_source": "cat:published_source", "n_events": "int",
        "status": "cat:article_status", "error": "opt", "warnings": "str",
    },
}


# -- public frames ------------------------------------------------------------
def events_frame(events: Sequence[Event], actors: Mapping[str, Actor]) -> pd.DataFrame:
    """One row per merged event, sorted by ``date_start`` then ``event_id``.

    Parameters
    ----------
    events : sequence of Event
        Merged events (any order).
    actors : mapping
        ``actor_id -> Actor``; an id missing from it is shown as the id itself.

    Returns
    -------
    pandas.DataFrame
        Columns ``event_id, date_start, date_end, granularity, certainty, status,
        event_type, title, actors, locations, n_mentions, n_articles,
        first_reported, article_ids``; ``first_reported`` is the earliest
        ``published`` date of the event's mentions.

    Examples
    --------
    >>> list(events_frame([], {}).columns)[:3]
    ['event_id', 'date_start', 'date_end']
    """
    return _frame("events", list(event_rows(events, actors)))


def mentions_frame(events: Sequence[Event], actors: Mapping[str, Actor]) -> pd.DataFrame:
    """One row per mention (evidence sentence), events in table order.

    Within an event the mentions are sorted by publication date, article id and
    offset.  Columns ``event_id, article_id, published, date_text, date_value,
    date_start, date_end, sentence, char_start, char_end, actors`` then
    ``mention_id, event_type, status, title, date_reason, granularity,
    certainty, locations, caption``.

    Examples
    --------
    >>> mentions_frame([], {})["char_start"].dtype
    dtype('int64')
    """
    return _frame("mentions", list(mention_rows(events, actors)))


def actors_frame(events: Sequence[Event], actors: Mapping[str, Actor]) -> pd.DataFrame:
    """One row per actor taking part in at least one event, sorted by ``actor_id``.

    An actor takes part in an event when it is in ``Event.actors`` or in the
    ``participants`` of one of its mentions.  ``first_date``/``last_date`` span
    the dated events only.

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Event
    >>> ev = Event("e1", date(2025, 2, 18), date(2025, 2, 18), "day", "exact", "occurred",
    ...            "CONSULT", "Riyadh talks", actors=("usa", "rus"))
    >>> actors_frame([ev], {})["actor_id"].tolist()
    ['rus', 'usa']
    """
    spans: dict[str, list[tuple[date | None, date | None]]] = {}
    for ev in events:
        members = set(ev.actors) | {a for m in ev.mentions for a in m.participants}
        for aid in members:
            spans.setdefault(aid, []).append(event_span(ev))
    rows = []
    for aid in sorted(spans):
        actor = actors.get(aid)
        starts = [s for s, _ in spans[aid] if s is not None]
        ends = [e for _, e in spans[aid] if e is not None]
        rows.append({
            "actor_id": aid,
            "name": actor.name if actor else aid,
            "type": actor.type if actor else None,
            "country": actor.country if actor else None,
            "aliases": _join(actor.aliases) if actor else "",
            "n_events": len(spans[aid]),
            "first_date": min(starts) if starts else None,
            "last_date": max(ends) if ends else None,
        })
    return _frame("actors", rows)


def articles_frame(
    articles: Sequence[Article], errors: Sequence[IngestError], events: Sequence[Event]
) -> pd.DataFrame:
    """One row per input: articles read (``status="ok"``) and inputs that failed.

    An error row takes its ``article_id`` from the error or else from the file
    stem (with ``:<line>`` for a record of a JSONL/CSV/JSON file); the line is
    also named in ``error``.  ``n_events`` counts the distinct events with a
    mention from the article.  Sorted by ``article_id``, ``path``, ``status``.

    Examples
    --------
    >>> from timeline.models import IngestError
    >>> df = articles_frame([], [IngestError("in/feed.jsonl", "invalid JSON", line=3)], [])
    >>> df.loc[0, "article_id"], df.loc[0, "error"]
    ('feed:3', 'line 3: invalid JSON')
    """
    return _frame("articles", list(article_rows(articles, errors, events)))


# -- rows, one at a time -------------------------------------------------------
# The frames above are these rows collected; timeline.export writes its CSVs
# from them in chunks (:func:`frames`), so a large build never holds a whole
# table, its text and its bytes at once.
def event_rows(events: Sequence[Event], actors: Mapping[str, Actor]) -> Iterator[dict[str, Any]]:
    """The rows of :func:`events_frame`, in table order (list cells as lists).

    Examples
    --------
    >>> list(event_rows([], {}))
    []
    """
    for ev in sort_events(events):
        yield event_record(ev, actors)


def mention_rows(events: Sequence[Event], actors: Mapping[str, Actor]) -> Iterator[dict[str, Any]]:
    """The rows of :func:`mentions_frame`, in table order.

    Examples
    --------
    >>> list(mention_rows([], {}))
    []
    """
    for ev in sort_events(events):
        for m in sort_mentions(ev.mentions):
            yield {
                "event_id": ev.event_id, "article_id": m.article_id, "published": m.published,
                "date_text": m.date_text, "date_value": m.date_value,
                "date_start": m.date_start, "date_end": m.date_end, "sentence": m.sentence,
                "char_start": m.char_start, "char_end": m.char_end,
                "actors": _join(actor_names(m.actors, actors)),
                "mention_id": m.mention_id, "event_type": m.event_type, "status": m.status,
                "title": m.title, "date_reason": m.date_reason, "granularity": m.granularity,
                "certainty": m.certainty, "locations": _join(m.locations),
                "caption": bool(m.caption),
            }


def article_rows(
    articles: Sequence[Article], errors: Sequence[IngestError], events: Sequence[Event]
) -> Iterator[dict[str, Any]]:
    """The rows of :func:`articles_frame`, in table order.

    Only the sort keys are held at once; each row is made when it is reached.

    Examples
    --------
    >>> from timeline.models import IngestError
    >>> [r["article_id"] for r in article_rows([], [IngestError("b.txt", "x"), IngestError("a.txt", "y")], [])]
    ['a', 'b']
    """
    n_events: dict[str, int] = {}
    for ev in events:
        for aid in {m.article_id for m in ev.mentions}:
            n_events[aid] = n_events.get(aid, 0) + 1

    def article_row(a: Article) -> dict[str, Any]:
        return {
            "article_id": a.article_id, "path": a.path, "title": a.title or None,
            "published": a.published, "published_source": a.published_source,
            "n_events": n_events.get(a.article_id, 0), "status": "ok", "error": None,
            "warnings": _join(a.warnings),
        }

    def error_row(err: IngestError) -> dict[str, Any]:
        aid = err.article_id
        if not aid:
            aid = Path(err.path).stem or err.path
            if err.line is not None:
                aid = f"{aid}:{err.line}"
        reason = f"line {err.line}: {err.reason}" if err.line is not None else err.reason
        return {
            "article_id": aid, "path": err.path, "title": None, "published": None,
            "published_source": None, "n_events": 0, "status": "error", "error": reason,
            "warnings": "",
        }

    # Sorted by (article_id, path, status, error); a stable sort keeps input
    # order among equal keys, articles before errors, as a sort of the rows would.
    keys: list[tuple[tuple[str, str, str, str], int]] = [
        ((a.article_id, a.path, "ok", ""), i) for i, a in enumerate(articles)]
    for j, err in enumerate(errors):
        row = error_row(err)
        keys.append(((row["article_id"], row["path"], "error", row["error"] or ""),
                     len(articles) + j))
    keys.sort(key=lambda k: k[0])
    n = len(articles)
    for _, i in keys:
        yield article_row(articles[i]) if i < n else error_row(errors[i - n])


def frames(kind: str, rows: Iterable[dict[str, Any]], size: int = 20_000) -> Iterator[pd.DataFrame]:
    """``rows`` as frames of at most ``size`` rows with the table's columns and dtypes.

    Always yields at least one frame (an empty one for no rows).  Category
    sets may differ between chunks (an unknown value is an extra category of
    its chunk only); cell values and column dtypes do not.

    Examples
    --------
    >>> [len(f) for f in frames("events", event_rows([], {}))]
    [0]
    """
    it = iter(rows)
    first = True
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk and not first:
            return
        first = False
        yield _frame(kind, chunk)
        if len(chunk) < size:
            return


# -- reading CSVs back --------------------------------------------------------
def read_csv(kind: str, path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``events|mentions|actors|articles`` CSV back with the documented dtypes.

    Only empty cells are missing values (a title ``"NA"`` stays text); text
    columns that are never missing read back as ``""`` when empty.  Columns
    not in the schema are kept as text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "events.csv"
    >>> _ = p.write_text("event_id,date_start,granularity\\ne1,2022-01-01,year\\n")
    >>> df = read_csv("events", p)
    >>> str(df["date_start"].dtype), str(df["granularity"].dtype)
    ('datetime64[s]', 'category')
    """
    if kind not in SCHEMAS:
        raise ValueError(f"unknown table {kind!r}: expected one of {', '.join(SCHEMAS)}")
    df = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""])
    return _coerce(df, SCHEMAS[kind], from_text=True)


def read_events_csv(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``events.csv`` back with the documented dtypes (see :func:`read_csv`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "events.csv"
    >>> _ = p.write_text("event_id,n_mentions\\ne1,2\\n")
    >>> int(read_events_csv(p).loc[0, "n_mentions"])
    2
    """
    return read_csv("events", path)


# -- shared helpers (also used by timeline.export and timeline.graph) ---------
def sort_events(events: Iterable[Event]) -> list[Event]:
    """Events in table order: dated first by ``date_start``, then by ``event_id``."""
    return sorted(events, key=lambda e: (e.date_start is None, e.date_start or date.min,
                                         e.event_id))


def sort_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions by publication date (unknown last), article, offset, id."""
    return sorted(mentions, key=lambda m: (m.published is None, m.published or date.min,
                                           m.article_id, m.char_start, m.char_end,
                                           m.mention_id))


def event_span(ev: Event) -> tuple[date | None, date | None]:
    """``(start, end)`` of an event; a missing end is the start."""
    start = ev.date_start
    end = ev.date_end if ev.date_end is not None else start
    if start is None:
        end = None
    return start, end


def actor_names(ids: Iterable[str], actors: Mapping[str, Actor]) -> list[str]:
    """Canonical names of actor ids (the id itself when unknown), order kept."""
    return [actors[a].name if a in actors else a for a in ids]


def event_record(ev: Event, actors: Mapping[str, Actor]) -> dict[str, Any]:
    """An events-table row with list values as lists (for JSON) before joining."""
    published = [m.published for m in ev.mentions if m.published is not None]
    return {
        "event_id": ev.event_id,
        "date_start": ev.date_start,
        "date_end": event_span(ev)[1],
        "granularity": ev.granularity,
        "certainty": ev.certainty,
        "status": ev.status,
        "event_type": ev.event_type,
        "title": ev.title,
        "actors": actor_names(ev.actors, actors),
        "locations": list(ev.locations),
        "n_mentions": ev.n_mentions,
        "n_articles": len(ev.article_ids),
        "first_reported": min(published) if published else None,
        "article_ids": list(ev.article_ids),
    }


def _join(values: Iterable[str]) -> str:
    return SEP.join(str(v) for v in values)


def _frame(kind: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    schema = SCHEMAS[kind]
    data = {}
    for col in schema:
        values = [r[col] for r in rows]
        if values and isinstance(values[0], list | tuple):
            values = [_join(v) for v in values]
        data[col] = pd.Series(values, dtype=object)
    df = pd.DataFrame(data, columns=list(schema))
    return _coerce(df, schema, from_text=False)


def _coerce(df: pd.DataFrame, schema: Mapping[str, str], *, from_text: bool) -> pd.DataFrame:
    out = {}
    for col in df.columns:
        kind = schema.get(col, "opt")
        s = df[col]
        if kind == "date":
            if from_text:
                s = pd.to_datetime(s, format="ISO8601")
            else:
                s = pd.to_datetime(s.astype(object))
            s = s.astype("datetime64[s]")
        elif kind == "int":
            s = s.astype("int64")
        elif kind == "bool":
            if from_text:
                s = s.map({"True": True, "False": False, "true": True, "false": False})
            s = s.astype(bool)
        elif kind.startswith("cat:"):
            base = CATEGORIES[kind[4:]]
            present = {str(v) for v in s if isinstance(v, str)}
            extra = sorted(present - set(base))
            s = pd.Series(pd.Categorical(s.where(s.notna(), None).astype(object),
                                         categories=list(base) + extra), index=df.index)
        elif kind == "str":
            s = s.astype(object).where(s.notna(), "").astype("str")
        else:  # optional text: "" means missing, as in the CSV
            s = s.astype(object).where(s.notna() & (s.astype(object) != ""), None)
            s = s.astype("str")
        out[col] = s
    return pd.DataFrame(out, columns=list(df.columns), index=pd.RangeIndex(len(df)))
