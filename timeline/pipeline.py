"""The pipeline: ingest -> temporal -> actors -> events -> merge, and the `Timeline` result.

Examples
--------
>>> import timeline
>>> tl = timeline.build(["data"], published="2025-02-18")  # doctest: +SKIP
>>> tl.events[["date_start", "title"]].head()  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from timeline.models import Actor, Article, Event, IngestError, Mention

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd


@dataclass(eq=False)
class Timeline:
    """The result of a build: records, DataFrames and the actor graph.

    Attributes
    ----------
    records : list of Event
        Merged events, sorted by date then id.
    article_records : list of Article
        Articles that were read.
    errors : list of IngestError
        Inputs that could not be read (the run went on without them).
    actor_records : dict
        ``actor_id -> Actor`` for every actor that appears in an event.
    mention_records : list of Mention
        Every event mention, before merging.
    """

    records: list[Event]
    article_records: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    actor_records: Mapping[str, Actor] = field(default_factory=dict)
    mention_records: list[Mention] = field(default_factory=list)

    # -- tables -------------------------------------------------------------
    @cached_property
    def events(self) -> pd.DataFrame:
        """One row per merged event (columns in ``docs/architecture.md``)."""
        from timeline import table

        return table.events_frame(self.records, self.actor_records)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """One row per mention (the evidence sentences)."""
        from timeline import table

        return table.mentions_frame(self.records, self.actor_records)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """One row per actor taking part in at least one event."""
        from timeline import table

        return table.actors_frame(self.records, self.actor_records)

    @cached_property
    def articles(self) -> pd.DataFrame:
        """One row per input article, including the ones that failed."""
        from timeline import table

        return table.articles_frame(self.article_records, self.errors, self.records)

    # -- graph --------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.Graph:
        """Actor co-participation graph over all events."""
        from timeline import graph

        return graph.actor_graph(self.records, self.actor_records)

    def graph_between(self, start: date | str | None = None, end: date | str | None = None) -> nx.Graph:
        """The actor graph restricted to events overlapping ``start``..``end``."""
        from timeline import graph

        return graph.slice_graph(self.graph, _as_date(start), _as_date(end))

    def __len__(self) -> int:
        return len(self.records)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def build(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    published: date | str | None = None,
    actors: str | os.PathLike[str] | None = None,
    **options: Any,
) -> Timeline:
    """Build a timeline from articles.  (Filled in by the pipeline integration.)"""
    raise NotImplementedError


def _sorted_events(events: Sequence[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.date_start or date.max, e.event_id))
