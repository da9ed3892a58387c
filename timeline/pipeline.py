"""The pipeline: ingest -> temporal -> actors -> events -> merge, and the `Timeline` result.

Examples
--------
>>> import timeline
>>> tl = timeline.build(["data"], published="2025-02-18")  # doctest: +SKIP
>>> tl.events[["date_start", "title"]].head()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
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
        Articles that were read (metadata only: ``text`` is emptied to bound memory).
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
    #: Seconds per stage of the build (extraction stages summed over workers), and
    #: ``cache_hits`` / ``cache_misses``: articles reused from the cache and computed.
    timings: dict[str, float] = field(default_factory=dict)

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

    # -- pictures -----------------------------------------------------------
    def figure(self, lanes: str = "actor", **kw: Any) -> Any:
        """The timeline as a ``plotly.graph_objects.Figure`` (one lane per actor by default)."""
        from timeline import plot

        return plot.timeline_figure(self, lanes, **kw)

    def network_figure(self, start: date | str | None = None, end: date | str | None = None) -> Any:
        """The actor network as a ``plotly.graph_objects.Figure``, optionally for a date range."""
        from timeline import plot

        return plot.network_figure(self, _as_date(start), _as_date(end))

    def to_html(self, path: str | os.PathLike[str], plotlyjs: str = "inline",
                lanes: str = "actor") -> Any:
        """Write the self-contained interactive HTML page; returns its path."""
        from timeline import plot

        return plot.write_html(self, path, plotlyjs, lanes)

    def to_png(self, path: str | os.PathLike[str], **kw: Any) -> Any:
        """Write a static PNG of the timeline (needs Chromium); returns its path."""
        from timeline import plot

        return plot.write_png(self, path, **kw)

    def to_files(self, out_dir: str | os.PathLike[str], *, raw_csv: bool = False) -> list:
        """Write the CSV, JSON, GraphML and GEXF exports into ``out_dir``."""
        from timeline import export

        return export.write_all(self, out_dir, raw_csv=raw_csv)

    def _repr_html_(self) -> str:
        from timeline import plot

        return plot.summary_html(self)

    def __repr__(self) -> str:
        return (f"<Timeline: {len(self.records)} events, {len(self.actor_records)} actors, "
                f"{len(self.article_records)} articles, {len(self.errors)} errors>")

    def __len__(self) -> int:
        return len(self.records)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class StrictModeError(RuntimeError):
    """Raised by :func:`build` with ``strict=True`` at the first bad input."""


def build(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    published: date | str | None = None,
    actors: str | os.PathLike[str] | None = None,
    *,
    jobs: int | None = 1,
    max_bytes: int = 50_000_000,
    strict: bool = False,
    cache: str | os.PathLike[str] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = False,
    on_error: Callable[[IngestError], None] | None = None,
    on_warning: Callable[[Article, str], None] | None = None,
) -> Timeline:
    """Build a timeline from articles.

    Parameters
    ----------
    inputs : path or iterable of paths
        Files, folders (read recursively) or ``"-"`` for standard input.
    published : date or str, optional
        Publication date for articles whose metadata gives none.
    actors : path, optional
        Actor data file (YAML or CSV) extending or overriding the bundled data.
    jobs : int, optional
        Worker processes for extraction; ``None`` means all cores.
    max_bytes : int
        Input files larger than this are refused with a clear error.
    strict : bool
        Stop at the first bad input (:class:`StrictModeError`).
    cache : path, optional
        Folder for per-article extraction results, keyed by content and settings.
    engine : {"local", "dask"}
        Where the per-article extraction runs.
    scheduler : str, optional
        Dask scheduler address (``tcp://host:8786``); a local cluster when omitted.
    progress : bool or None
        Progress bar on stderr; ``None`` shows it only when stderr is a terminal.
    on_error : callable, optional
        Called with each :class:`~timeline.models.IngestError` as it happens.
    on_warning : callable, optional
        Called with ``(article, message)`` for each ingestion warning (encoding
        fallback, inferred or unparseable publication date, removed control characters).

    Returns
    -------
    Timeline

    Examples
    --------
    >>> import timeline
    >>> tl = timeline.build("data", published="2025-02-18")
    >>> bool(len(tl.events))
    True
    """
    from timeline import ingest, runner

    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    clock = {"ingest": 0.0, "temporal": 0.0, "events": 0.0}
    t0 = time.perf_counter()
    # A rebuild from a warm cache makes many objects and little garbage: the
    # cyclic collector would only walk them again and again (it resumes at the
    # end, or at once when the cache turns out cold).
    paused = contextlib.ExitStack()
    with paused:
        if cache is not None:
            paused.enter_context(runner._no_gc())
        try:
            store = runner._Cache(cache, os.fspath(actors) if actors is not None else None,
                                  load=False) if cache is not None else None
        except OSError:
            paused.close()
            _load_actors(actors)  # an unreadable --actors file: its own message
            raise
        if store is not None:
            if engine == "local" and jobs != 1 and (os.cpu_count() or 1) > 1 \
                    and store.has_packs and runner.spare_pays(actors):
                # A rebuild: its few new articles will go to a worker that warms
                # up (actor data, extraction rules) while the pack is read.
                runner.prestart(actors)
                paused.callback(runner._shutdown_pool, True)  # if the build stops before using it
            store.load()
        if store is None or not store.warm:
            paused.close()
        clock["cache_load"] = time.perf_counter() - t0
        if store is not None:
            store.reading = (str(_as_date(published)), max_bytes)
        # Loading the actor data also checks the --actors file up front; a cache
        # that holds a build made with this very file (its bytes are in the cache
        # salt) has the actor records already and loads it only when needed.
        registry = _load_actors(actors) if store is None or not store.warm else None
        articles: list[Article] = []
        errors: list[IngestError] = []

        inputs = list(inputs)  # walked twice when there is a bar
        if progress is None:
            progress = sys.stderr.isatty()
        # The bar needs a total for its time left: count the files up front (a
        # directory walk, no file opened); unreadable inputs advance it too.
        bar = runner._progress_bar(True, runner.count_inputs(inputs)) if progress else None

        def good_articles() -> Iterator[Article]:
            items = ingest.read_inputs(inputs, _as_date(published), max_bytes=max_bytes, index=store)
            while True:
                t0 = time.perf_counter()
                item = next(items, None)
                clock["ingest"] += time.perf_counter() - t0
                if item is None:
                    return
                if isinstance(item, IngestError):
                    errors.append(item)
                    if bar is not None:
                        bar.update(1)
                    if on_error is not None:
                        on_error(item)
                    if strict:
                        raise StrictModeError(str(item))
                    continue
                if on_warning is not None:
                    for message in item.warnings:
                        on_warning(item, message)
                # Keep the metadata, not the body: memory must not grow with the corpus text.
                plain = runner.plain_article(item)  # an indexed file's articles have no text
                articles.append(dataclasses.replace(plain, text="") if plain.text else plain)
                yield item

        return _build(store, registry, good_articles(), articles, errors, clock, bar, actors,
                      jobs, engine, scheduler)


def _build(store: Any, registry: Any, good_articles: Iterator[Article], articles: list[Article],
           errors: list[IngestError], clock: dict[str, float], bar: Any,
           actors: str | os.PathLike[str] | None, jobs: int | None, engine: str,
           scheduler: str | None) -> Timeline:
    from timeline import merge, runner

    results = runner.run_with_keys(
        good_articles, actors, jobs=jobs, cache=store, engine=engine, scheduler=scheduler,
        stats=clock,
    )
    mentions: list[Mention] = []
    parts: list[tuple[str | None, Sequence[Mention]]] = []
    learned: dict[str, Actor] = {}
    t_start = time.perf_counter()
    try:
        for key, result in results:
            mentions.extend(result.mentions)
            parts.append((key, result.mentions))
            learned.update(result.actors)
            clock["temporal"] += result.seconds[0]
            clock["events"] += result.seconds[1]
            if bar is not None:
                bar.update(1)
    finally:
        results.close()  # on an error or Ctrl-C: stops the workers now, not at collection
        if bar is not None:
            bar.close()
    clock["extract_wall"] = time.perf_counter() - t_start
    t0 = time.perf_counter()
    if store is not None and all(key is not None for key, _ in parts):
        # Blocks of mentions unchanged since the last build keep their clusters.
        events = merge.merge_parts(parts, store.memo("blocks"))  # type: ignore[arg-type]
    else:
        events = merge.merge(mentions)
    del parts
    clock["merge"] = time.perf_counter() - t0
    actor_records = {}
    known: MutableMapping[str, Actor | None] = store.memo("actors") if store is not None else {}
    for aid in sorted({a for e in events for a in e.actors}):
        if aid in learned:
            actor: Actor | None = learned[aid]
        elif aid in known:
            actor = known[aid]
        else:
            if registry is None:
                registry = _load_actors(actors)
            actor = known[aid] = registry.actor(aid)
        if actor is not None:
            actor_records[aid] = actor
    if store is not None:
        t0 = time.perf_counter()
        store.save()
        clock["cache_save"] = time.perf_counter() - t0
    return Timeline(
        records=_sorted_events(events),
        article_records=articles,
        errors=errors,
        actor_records=actor_records,
        mention_records=mentions,
        timings=clock,
    )


def _load_actors(path: str | os.PathLike[str] | None) -> Any:
    # Loaded only when needed (a rebuild from a warm cache has the actor
    # records), and once: the extraction in this process uses the same one.
    from timeline import runner

    return runner._registry(os.fspath(path) if path is not None else None)


def _sorted_events(events: Sequence[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.date_start or date.max, e.event_id))
