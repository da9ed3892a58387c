"""The actor graph (timeline.graph): nodes, edges, attributes, slicing by date."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import networkx as nx
import pytest
from output_records import ACTORS, make_events, mention

from timeline import graph
from timeline.models import Event
from timeline.pipeline import Timeline

D = date.fromisoformat


@pytest.fixture
def events() -> list[Event]:
    return make_events()


def extra_meeting() -> Event:
    """A second Macron-Starmer event, three days after Paris (the Washington trips)."""
    m = mention("bbc-3", "bbc-2025-02-20", D("2025-02-20"),
                "Starmer and Macron agreed on Thursday to travel to Washington next week.",
                "AGREE", "Macron and Starmer agree on Washington visits", D("2025-02-20"),
                D("2025-02-20"), "day", ("starmer", "macron"), ("starmer", "macron"))
    return Event("ev-washington", D("2025-02-20"), D("2025-02-20"), "day", "exact", "occurred",
                 "AGREE", "Macron and Starmer agree on Washington visits", ("starmer", "macron"),
                 (), (m,))


def test_nodes_and_edges(events):
    G = graph.actor_graph(events, ACTORS)
    # UKR takes part in the invasion and (via Event.actors, no participants named)
    # the statement; in Paris and Riyadh it is only mentioned, not a participant.
    assert list(G.nodes) == ["RUS", "UKR", "lavrov", "macron", "rubio", "scholz", "starmer",
                             "trump", "vance", "zelensky"]
    assert sorted(tuple(sorted(e)) for e in G.edges) == [
        ("RUS", "UKR"), ("UKR", "zelensky"), ("lavrov", "rubio"), ("macron", "scholz"),
        ("macron", "starmer"), ("macron", "trump"), ("scholz", "starmer"), ("vance", "zelensky"),
    ]


# Node attributes: names from the registry, ISO date strings, counts.
@pytest.mark.parametrize("node,attr,value", [
    ("macron", "name", "Emmanuel Macron"),
    ("macron", "type", "person"),
    ("macron", "country", "FRA"),
    ("macron", "n_events", 2),
    ("macron", "event_ids", "ev-call; ev-paris"),
    ("macron", "first_date", "2025-02-17"),
    ("UKR", "n_events", 2),
    ("UKR", "first_date", "2022-01-01"),
    ("UKR", "last_date", "2022-12-31"),  # the statement is undated
    ("UKR", "spans", "2022-01-01/2022-12-31; ../.."),
    ("zelensky", "event_ids", "ev-msc; ev-statement"),
])
def test_node_attributes(node, attr, value, events):
    assert graph.actor_graph(events, ACTORS).nodes[node][attr] == value


def test_edge_attributes_and_weight(events):
    G = graph.actor_graph(events + [extra_meeting()], ACTORS)
    e = G.edges["macron", "starmer"]
    assert e["weight"] == 2
    assert e["event_ids"] == "ev-paris; ev-washington"
    assert e["titles"] == "Paris mini-summit on Ukraine; Macron and Starmer agree on Washington visits"
    assert (e["first_date"], e["last_date"]) == ("2025-02-17", "2025-02-20")
    assert G.edges["macron", "scholz"]["weight"] == 1


def test_no_none_attributes_for_unknown_actor(events):
    G = graph.actor_graph(events, {})
    assert G.nodes["macron"]["name"] == "macron"
    assert (G.nodes["macron"]["type"], G.nodes["macron"]["country"]) == ("", "")
    for _, data in G.nodes(data=True):
        assert None not in data.values()


def test_participants_rule(events):
    paris = next(e for e in events if e.event_id == "ev-paris")
    assert graph.participants(paris) == ("macron", "scholz", "starmer")
    no_parts = replace(paris, mentions=tuple(replace(m, participants=()) for m in paris.mentions))
    assert graph.participants(no_parts) == ("UKR", "macron", "scholz", "starmer")


def test_order_independent(events):
    G1 = graph.actor_graph(events + [extra_meeting()], ACTORS)
    shuffled = events + [extra_meeting()]
    random.Random(7).shuffle(shuffled)
    G2 = graph.actor_graph(shuffled, ACTORS)
    assert list(G1.nodes(data=True)) == list(G2.nodes(data=True))
    assert list(G1.edges(data=True)) == list(G2.edges(data=True))


def test_title_with_semicolon_keeps_lists_aligned():
    ev = replace(extra_meeting(), title="Washington visits; Ukraine deal")
    e = graph.actor_graph([ev], ACTORS).edges["macron", "starmer"]
    assert e["titles"] == "Washington visits, Ukraine deal"


# Slices: which actors remain for a date range (inclusive, events overlapping).
@pytest.mark.parametrize("start,end,nodes", [
    # Paris day: the call and the summit
    ("2025-02-17", "2025-02-17", ["macron", "scholz", "starmer", "trump"]),
    # the Munich week ends on the 16th: overlap on the boundary day
    ("2025-02-16", "2025-02-17", ["macron", "scholz", "starmer", "trump", "vance", "zelensky"]),
    ("2025-02-18", None, ["lavrov", "rubio"]),
    (None, "2024-12-31", ["RUS", "UKR"]),  # the invasion only; undated statement excluded
    ("2022-06-01", "2022-06-01", ["RUS", "UKR"]),  # inside the approximate year
    ("2023-01-01", "2024-12-31", []),
    # no bounds: the whole graph, undated events included
    (None, None, ["RUS", "UKR", "lavrov", "macron", "rubio", "scholz", "starmer", "trump",
                  "vance", "zelensky"]),
])
def test_slice_nodes(start, end, nodes, events):
    G = graph.actor_graph(events, ACTORS)
    H = graph.slice_graph(G, start and D(start), end and D(end))
    assert list(H.nodes) == nodes


def overlapping(events, start, end):
    if start is None and end is None:
        return list(events)
    return [e for e in events if e.date_start is not None
            and (end is None or e.date_start <= end)
            and (start is None or (e.date_end or e.date_start) >= start)]


# A slice equals the graph built from only the overlapping events: weights,
# event lists, counts and dates are recomputed, empty nodes dropped.
@pytest.mark.parametrize("start,end", [
    ("2025-02-20", "2025-02-20"), ("2025-02-17", "2025-02-17"), ("2025-02-10", "2025-02-18"),
    (None, "2025-02-17"), ("2025-02-18", None), ("2022-01-01", "2025-12-31"), (None, None),
])
def test_slice_equals_graph_of_overlapping_events(start, end, events):
    evs = events + [extra_meeting()]
    s, e = start and D(start), end and D(end)
    H = graph.slice_graph(graph.actor_graph(evs, ACTORS), s, e)
    expected = graph.actor_graph(overlapping(evs, s, e), ACTORS)
    assert list(H.nodes(data=True)) == list(expected.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in H.edges(data=True)} == \
        {frozenset((u, v)): d for u, v, d in expected.edges(data=True)}


def test_slice_recomputes_weight_and_counts(events):
    G = graph.actor_graph(events + [extra_meeting()], ACTORS)
    H = graph.slice_graph(G, D("2025-02-19"), D("2025-02-28"))
    assert list(H.edges(data="weight")) == [("macron", "starmer", 1)]
    assert H.edges["macron", "starmer"]["event_ids"] == "ev-washington"
    assert H.edges["macron", "starmer"]["first_date"] == "2025-02-20"
    assert H.nodes["macron"]["n_events"] == 1 and G.nodes["macron"]["n_events"] == 3
    assert G.edges["macron", "starmer"]["weight"] == 2  # the original is untouched


def test_slice_of_graph_read_back_from_graphml(events, tmp_path):
    G = graph.actor_graph(events + [extra_meeting()], ACTORS)
    nx.write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    s, e = D("2025-02-17"), D("2025-02-20")
    assert list(graph.slice_graph(back, s, e).nodes(data=True)) == \
        list(graph.slice_graph(G, s, e).nodes(data=True))


def test_slice_rejects_reversed_range(events):
    with pytest.raises(ValueError, match="after end"):
        graph.slice_graph(graph.actor_graph(events, ACTORS), D("2025-02-18"), D("2025-02-17"))


def test_slice_rejects_misaligned_attributes():
    G = nx.Graph()
    G.add_node("macron", event_ids="ev-a; ev-b", spans="2025-02-17/2025-02-17")
    with pytest.raises(ValueError, match="not aligned"):
        graph.slice_graph(G, D("2025-02-17"), None)


def test_timeline_graph_between(events):
    tl = Timeline(records=events, actor_records=ACTORS)
    H = tl.graph_between("2025-02-18", "2025-02-18")
    assert sorted(H.nodes) == ["lavrov", "rubio"]
    assert H.edges["lavrov", "rubio"]["titles"] == "US-Russia talks in Riyadh"


@pytest.mark.parametrize("spans,expected", [
    # adjacent days merge, a gap starts a new spell, undated gives none
    ("2025-02-17/2025-02-17; 2025-02-18/2025-02-18", [("2025-02-17", "2025-02-18")]),
    ("2025-02-10/2025-02-16; 2025-02-20/2025-02-20",
     [("2025-02-10", "2025-02-16"), ("2025-02-20", "2025-02-20")]),
    ("2022-01-01/2022-12-31; 2022-03-01/2022-03-31", [("2022-01-01", "2022-12-31")]),
    ("../..", []),
])
def test_spells(spans, expected):
    ids = "; ".join(f"e{i}" for i in range(len(spans.split("; "))))
    assert graph.spells({"event_ids": ids, "spans": spans}) == expected
