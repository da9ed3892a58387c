"""Per-article extraction, run in this process, in worker processes, or on Dask.

The per-article work (temporal tagging, actors, event mentions) is independent
for each article, so it is the part that runs in parallel; merging happens
afterwards in the calling process.  Input is consumed as a stream with a
bounded number of batches in flight, so memory does not grow with the corpus.

Examples
--------
>>> from timeline.models import Article
>>> from datetime import date
>>> art = Article("a1", "Macron met Starmer in Paris on Monday.", published=date(2025, 2, 18))
>>> [r.article_id for r in run([art], jobs=1)]
['a1']
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline import __version__
from timeline.models import Actor, Article, Mention

#: Articles per task sent to a worker: large enough to amortise pickling.
BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What extraction made of one article."""

    article_id: str
    mentions: tuple[Mention, ...] = ()
    #: Actors first seen in this article (found by pattern, not in the bundled data).
    actors: Mapping[str, Actor] = field(default_factory=dict)
    #: Seconds spent in temporal tagging and in event extraction (actors included).
    seconds: tuple[float, float] = (0.0, 0.0)


_REGISTRIES: dict[str | None, Any] = {}


def _registry(actors_path: str | None) -> Any:
    # One registry per process and actor file: loading compiles the alias regex.
    if actors_path not in _REGISTRIES:
        from timeline.actors import ActorRegistry

        _REGISTRIES[actors_path] = ActorRegistry.load(actors_path)
    return _REGISTRIES[actors_path]


def extract_article(article: Article, registry: Any) -> ArticleResult:
    """Temporal tagging, actors and event mentions for one article.

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Article
    >>> art = Article("a1", "Macron met Starmer in Paris on Monday.", published=date(2025, 2, 18))
    >>> res = extract_article(art, _registry(None))
    >>> res.article_id
    'a1'
    """
    from timeline import events, temporal

    t0 = time.perf_counter()
    times = temporal.tag(article.text, article.published)
    t1 = time.perf_counter()
    mentions = tuple(events.extract(article, times, registry))
    t2 = time.perf_counter()
    learned: dict[str, Actor] = {}
    for aid in sorted({a for m in mentions for a in m.actors}):
        if not registry.known(aid):
            actor = registry.actor(aid)
            if actor is not None:
                learned[aid] = actor
    return ArticleResult(article.article_id, mentions, learned, (t1 - t0, t2 - t1))


def _extract_batch(batch: list[Article], actors_path: str | None) -> list[ArticleResult]:
    registry = _registry(actors_path)
    return [extract_article(a, registry) for a in batch]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for art in articles:
        batch.append(art)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Cache:
    """Per-article results on disk, keyed by content, settings and package version."""

    def __init__(self, folder: str | os.PathLike[str], actors_path: str | None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        salt = hashlib.sha256(__version__.encode())
        if actors_path:
            salt.update(Path(actors_path).read_bytes())
        self._salt = salt.hexdigest()

    def key(self, article: Article) -> str:
        h = hashlib.sha256(self._salt.encode())
        for part in (article.article_id, article.text, str(article.published),
                     article.published_source, article.title or "", article.url or "",
                     article.source or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> ArticleResult | None:
        try:
            with open(self._path(key), "rb") as fh:
                result = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return result if isinstance(result, ArticleResult) else None

    def put(self, key: str, result: ArticleResult) -> None:
        path = self._path(key)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


def run(
    articles: Iterable[Article],
    actors_path: str | os.PathLike[str] | None = None,
    *,
    jobs: int | None = 1,
    cache: str | os.PathLike[str] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = False,
) -> Iterator[ArticleResult]:
    """Extract every article, yielding results in input order.

    Parameters
    ----------
    articles : iterable of Article
        Consumed lazily; at most a few batches per worker are held at once.
    actors_path : path, optional
        Extra actor data for the registry (loaded once per worker).
    jobs : int or None
        Worker processes (``None``: all cores; ``1``: in this process).
    cache : path, optional
        Folder of cached per-article results.
    engine : {"local", "dask"}
    scheduler : str, optional
        Dask scheduler address; a local cluster when omitted.
    progress : bool or None
        Show a tqdm bar on stderr (``None``: only when stderr is a terminal).
    """
    apath = os.fspath(actors_path) if actors_path is not None else None
    n_jobs = (os.cpu_count() or 1) if jobs is None else max(1, int(jobs))
    if jobs is None and engine == "local":
        # Starting workers costs more than a handful of articles: auto mode
        # looks ahead a little before deciding.
        articles, n_jobs = _auto_jobs(articles, n_jobs)
    store = _Cache(cache, apath) if cache is not None else None
    bar = _progress_bar(progress)

    def uncached() -> Iterator[tuple[str | None, Article]]:
        for art in articles:
            yield (store.key(art) if store else None), art

    def compute(pairs: Iterable[tuple[str | None, Article]]) -> Iterator[ArticleResult]:
        pending: list[tuple[str | None, Article]] = []
        for key, art in pairs:
            hit = store.get(key) if store and key else None
            if hit is not None:
                # Flush what is queued first, so results keep input order.
                yield from _dispatch(pending, apath, n_jobs, engine, scheduler, store)
                pending = []
                yield hit
            else:
                pending.append((key, art))
                if len(pending) >= BATCH_SIZE * n_jobs * 4:
                    yield from _dispatch(pending, apath, n_jobs, engine, scheduler, store)
                    pending = []
        yield from _dispatch(pending, apath, n_jobs, engine, scheduler, store)

    try:
        for result in compute(uncached()):
            if bar is not None:
                bar.update(1)
            yield result
    finally:
        if bar is not None:
            bar.close()
        _shutdown_pool()


def _auto_jobs(articles: Iterable[Article], n_jobs: int) -> tuple[Iterator[Article], int]:
    it = iter(articles)
    head = list(itertools.islice(it, 4 * BATCH_SIZE))
    if len(head) < 4 * BATCH_SIZE:
        n_jobs = 1
    return itertools.chain(head, it), n_jobs


_POOL: dict[str, Any] = {}


def _shutdown_pool() -> None:
    pool = _POOL.pop("pool", None)
    if pool is not None:
        pool.shutdown()
    client = _POOL.pop("dask", None)
    if client is not None:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


def _dispatch(
    pending: list[tuple[str | None, Article]],
    apath: str | None,
    n_jobs: int,
    engine: str,
    scheduler: str | None,
    store: _Cache | None,
) -> Iterator[ArticleResult]:
    if not pending:
        return
    keys = [k for k, _ in pending]
    arts = [a for _, a in pending]
    # Small inputs still spread over every worker.
    size = max(1, min(BATCH_SIZE, len(arts) // (2 * n_jobs)))
    batches = list(_batches(arts, size))
    if engine == "dask":
        results = _dask_map(batches, apath, scheduler)
    elif n_jobs == 1:
        results = (_extract_batch(b, apath) for b in batches)
    else:
        results = _pool_map(batches, apath, n_jobs)
    i = 0
    for batch_result in results:
        for res in batch_result:
            if store is not None and keys[i] is not None:
                store.put(keys[i], res)
            i += 1
            yield res


def _pool_map(batches: list[list[Article]], apath: str | None, n_jobs: int) -> Iterator[list]:
    from concurrent.futures import ProcessPoolExecutor

    if "pool" not in _POOL:
        _POOL["pool"] = ProcessPoolExecutor(max_workers=n_jobs)
    pool = _POOL["pool"]
    window: deque = deque()
    for batch in batches:
        window.append(pool.submit(_extract_batch, batch, apath))
        if len(window) >= n_jobs * 2:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


def _dask_map(batches: list[list[Article]], apath: str | None, scheduler: str | None) -> Iterator[list]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # an optional extra
        raise RuntimeError("--engine dask needs the dask extra: pip install 'timeline[dask]'") from exc
    if "dask" not in _POOL:
        if scheduler:
            _POOL["dask"] = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            _POOL["dask"] = Client(cluster)
    client = _POOL["dask"]
    futures = client.map(_extract_batch, batches, apath=apath, pure=False)
    for fut in futures:
        yield fut.result()


def _progress_bar(progress: bool | None) -> Any:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(unit="article", file=sys.stderr, dynamic_ncols=True)
