"""The actor co-participation graph, and its restriction to a date range.

Nodes are actor ids; an edge joins two actors taking part in the same event.
The participants of an event are the union of its mentions' ``participants``
when any mention names some, else ``Event.actors``.

Every attribute is a string or an int (never ``None``, never a list), so the
graph can be written as GraphML or GEXF as it is:

- node: ``name``, ``type``, ``country`` (``""`` when unknown), ``n_events``,
  ``first_date``, ``last_date`` (ISO dates, ``""`` when no event is dated),
  ``event_ids`` and ``spans``;
- edge: ``weight`` (number of shared events), ``event_ids``, ``spans``,
  ``titles``, ``first_date``, ``last_date``.

``event_ids``, ``spans`` and ``titles`` are ``"; "``-joined and aligned, in
chronological order (undated events last).  A span is an ISO 8601 interval
``2025-02-17/2025-02-17`` (inclusive; ``..`` for an unknown date), so that
:func:`slice_graph` can recompute everything for a date range from the graph
alone, also from a graph read back from GraphML.  A ``;`` inside a title is
written as ``,`` to keep the lists aligned.

Examples
--------
>>> from datetime import date
>>> from timeline.models import Actor, Event
>>> ev = Event("e1", date(2025, 2, 18), date(2025, 2, 18), "day", "exact", "occurred",
...            "CONSULT", "US-Russia talks in Riyadh", actors=("usa", "rus"))
>>> G = actor_graph([ev], {"usa": Actor("usa", "United States", "country", "USA")})
>>> sorted(G.nodes), G.edges["rus", "usa"]["weight"], G.nodes["rus"]["name"]
(['rus', 'usa'], 1, 'rus')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import combinations

import networkx as nx

from timeline.models import Actor, Event

SEP = "; "
_OPEN = ".."

# (event_id, start, end, title)
_Item = tuple[str, date | None, date | None, str]


def participants(ev: Event) -> tuple[str, ...]:
    """Sorted ids of the actors taking part in ``ev`` (see module docstring).

    Examples
    --------
    >>> from timeline.models import Event
    >>> participants(Event("e", None, None, None, "unresolved", "occurred", "CONSULT", "t",
    ...                    actors=("usa", "rus", "usa")))
    ('rus', 'usa')
    """
    named = {a for m in ev.mentions for a in m.participants}
    return tuple(sorted(named or set(ev.actors)))


def actor_graph(events: Sequence[Event], actors: Mapping[str, Actor]) -> nx.Graph:
    """Build the actor co-participation graph.

    Parameters
    ----------
    events : sequence of Event
        Merged events (any order: the result does not depend on it).
    actors : mapping
        ``actor_id -> Actor`` for names, types and countries; an unknown id is
        its own name with an empty type.

    Returns
    -------
    networkx.Graph
        Nodes and edges inserted in sorted order (deterministic iteration).

    Examples
    --------
    >>> actor_graph([], {}).number_of_nodes()
    0
    """
    node_items: dict[str, dict[str, _Item]] = {}
    edge_items: dict[tuple[str, str], dict[str, _Item]] = {}
    for ev in events:
        item = _item(ev)
        members = participants(ev)
        for aid in members:
            node_items.setdefault(aid, {})[ev.event_id] = item
        for pair in combinations(members, 2):
            edge_items.setdefault(pair, {})[ev.event_id] = item
    G = nx.Graph()
    for aid in sorted(node_items):
        actor = actors.get(aid)
        G.add_node(
            aid,
            name=actor.name if actor else aid,
            type=(actor.type or "") if actor else "",
            country=(actor.country or "") if actor else "",
            **_summary(list(node_items[aid].values()), titles=False),
        )
    for u, v in sorted(edge_items):
        G.add_edge(u, v, **_summary(list(edge_items[u, v].values()), titles=True))
    return G


def slice_graph(G: nx.Graph, start: date | None, end: date | None) -> nx.Graph:
    """The graph restricted to the events overlapping ``start``..``end`` (inclusive).

    Weights, event lists, counts and first/last dates are recomputed for the
    slice; an edge or a node with no event left is dropped.  An open bound
    (``None``) is unbounded; undated events are kept only when both bounds
    are ``None`` (the whole graph).  Other attributes are copied.

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Event
    >>> evs = [Event("e1", date(2025, 2, 14), date(2025, 2, 16), "day", "exact", "occurred",
    ...              "CONSULT", "Munich Security Conference", actors=("usa", "ukr")),
    ...        Event("e2", date(2025, 2, 18), date(2025, 2, 18), "day", "exact", "occurred",
    ...              "CONSULT", "Riyadh talks", actors=("usa", "rus"))]
    >>> H = slice_graph(actor_graph(evs, {}), date(2025, 2, 17), None)
    >>> sorted(H.nodes), H.nodes["usa"]["n_events"]
    (['rus', 'usa'], 1)
    """
    if start is not None and end is not None and start > end:
        raise ValueError(f"slice start {start.isoformat()} is after end {end.isoformat()}")
    H = nx.Graph()
    H.graph.update(G.graph)
    for n, data in G.nodes(data=True):
        kept = [it for it in _parse(data) if _overlaps(it, start, end)]
        if kept:
            H.add_node(n, **{**data, **_summary(kept, titles=False)})
    for u, v, data in G.edges(data=True):
        kept = [it for it in _parse(data) if _overlaps(it, start, end)]
        if kept and u in H and v in H:
            H.add_edge(u, v, **{**data, **_summary(kept, titles=True)})
    return H


def spells(data: Mapping[str, object]) -> list[tuple[str, str]]:
    """Merged ``(start, end)`` ISO date spells of a node or edge, for GEXF.

    Overlapping or adjacent (next-day) intervals are merged; undated events
    give no spell.

    Examples
    --------
    >>> spells({"event_ids": "a; b; c",
    ...         "spans": "2025-02-14/2025-02-16; 2025-02-17/2025-02-17; 2025-02-20/2025-02-20"})
    [('2025-02-14', '2025-02-17'), ('2025-02-20', '2025-02-20')]
    """
    out: list[list[date]] = []
    for _, s, e, _ in sorted(_parse(data), key=_chrono):
        if s is None or e is None:
            continue
        if out and s.toordinal() <= out[-1][1].toordinal() + 1:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s.isoformat(), e.isoformat()) for s, e in out]


# -- helpers ------------------------------------------------------------------
def _item(ev: Event) -> _Item:
    start = ev.date_start
    end = ev.date_end if ev.date_end is not None else start
    if start is None:
        end = None
    return ev.event_id, start, end, ev.title


def _chrono(item: _Item) -> tuple:
    eid, s, e, _ = item
    return (s is None, s or date.min, e or date.min, eid)


def _summary(items: Iterable[_Item], *, titles: bool) -> dict[str, object]:
    items = sorted(items, key=_chrono)
    starts = [s for _, s, _, _ in items if s is not None]
    ends = [e for _, _, e, _ in items if e is not None]
    out: dict[str, object] = {}
    if titles:
        out["weight"] = len(items)
    else:
        out["n_events"] = len(items)
    out["first_date"] = min(starts).isoformat() if starts else ""
    out["last_date"] = max(ends).isoformat() if ends else ""
    out["event_ids"] = SEP.join(eid for eid, _, _, _ in items)
    out["spans"] = SEP.join(f"{_iso(s)}/{_iso(e)}" for _, s, e, _ in items)
    if titles:
        out["titles"] = SEP.join(t.replace(";", ",") for _, _, _, t in items)
    return out


def _iso(d: date | None) -> str:
    return d.isoformat() if d is not None else _OPEN


def _parse(data: Mapping[str, object]) -> list[_Item]:
    ids = str(data.get("event_ids", "") or "")
    if not ids:
        return []
    eids = ids.split(SEP)
    spans = str(data.get("spans", "") or "").split(SEP)
    titles = str(data.get("titles", "") or "").split(SEP)
    if len(spans) != len(eids):
        raise ValueError("graph attributes 'event_ids' and 'spans' are not aligned")
    if len(titles) != len(eids):
        titles = [""] * len(eids)
    items = []
    for eid, span, title in zip(eids, spans, titles, strict=True):
        s, _, e = span.partition("/")
        items.append((eid, _date(s), _date(e), title))
    return items


def _date(text: str) -> date | None:
    return None if text in ("", _OPEN) else date.fromisoformat(text)


def _overlaps(item: _Item, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    _, s, e, _ = item
    if s is None or e is None:
        return False
    return (end is None or s <= end) and (start is None or e >= start)
