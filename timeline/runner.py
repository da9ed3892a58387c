"""Per-article extraction, run in this process, in worker processes, or on Dask.

The per-article work (temporal tagging, actors, event mentions) is independent
for each article, so it is the part that runs in parallel; merging happens
afterwards in the calling process.  Input is consumed as a stream with a
bounded window of batches in flight, so memory does not grow with the corpus,
and results come back in input order whatever the engine or number of workers.

Examples
--------
>>> from timeline.models import Article
>>> from datetime import date
>>> art = Article("a1", "Macron met Starmer in Paris on Monday.", published=date(2025, 2, 18))
>>> [r.article_id for r in run([art], jobs=1)]
['a1']
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import itertools
import logging
import operator
import os
import pickle
import signal
import sys
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline import __version__, models
from timeline.models import Actor, Article, IngestError, Mention

#: Articles per task sent to a worker: large enough to amortise pickling.
BATCH_SIZE = 32

ENGINES = ("local", "dask")


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

    # CPU time of this thread: the per-article cost, not inflated when the
    # workers and the reading process share the cores (wall time is in
    # ``timings["extract_wall"]``).
    t0 = time.thread_time()
    times = temporal.tag(article.text, article.published)
    t1 = time.thread_time()
    mentions = tuple(events.extract(article, times, registry))
    t2 = time.thread_time()
    learned: dict[str, Actor] = {}
    for aid in sorted({a for m in mentions for a in m.actors}):
        if not registry.known(aid):
            actor = registry.actor(aid)
            if actor is not None:
                learned[aid] = actor
    return ArticleResult(article.article_id, mentions, learned, (t1 - t0, t2 - t1))


def _extract_batch(batch: list[Article], actors_path: str | None) -> list[ArticleResult]:
    registry = _registry(actors_path)
    # Looked up at call time so that a patched ``extract_article`` is the one used.
    extract = sys.modules[__name__].extract_article
    return [extract(a, registry) for a in batch]


def count_inputs(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> int:
    """How many files :func:`timeline.ingest.read_inputs` would read (the progress total).

    Walks folders the same way (hidden entries skipped, article formats only)
    without opening any file; standard input and a records file (JSON Lines,
    JSON, CSV) count one each.

    Examples
    --------
    >>> count_inputs(["data"]) >= 1
    True
    """
    from timeline import ingest

    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    # ingest._expand is the walk read_inputs itself uses, so the counts agree.
    return sum(1 for item in inputs for src in ingest._expand(item)
               if not isinstance(src, IngestError))


def _code_digest() -> str:
    """Digest of the package's code and bundled data: an edit invalidates the cache too."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for path in sorted([*root.glob("*.py"), *root.glob("data/**/*")]):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


#: A file whose last change is this recent is never put in the file index:
#: it could change again within the granularity of file times unnoticed.
RACY_NS = 2_000_000_000
#: At most this many pack segments; more are merged into one at the end of a build.
MAX_SEGMENTS = 8


@dataclass(frozen=True, slots=True)
class _KnownArticle(Article):
    """An article of a file the cache's index knows unchanged: no text, its digest."""

    digest: str = ""
    #: Which article of its file (0 for a one-article file).
    position: int = 0
    #: Its cache key, made when it was indexed for the article id ``key_for``
    #: (read_inputs renames a repeated id, and the id is part of the key).
    key: str = ""
    key_for: str = ""


_ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_article_fields = operator.attrgetter(*_ARTICLE_FIELDS)


def plain_article(article: Article) -> Article:
    """``article`` as a plain :class:`Article` (a cache-index article loses its extras).

    Examples
    --------
    >>> type(plain_article(Article("a1", "Text."))).__name__
    'Article'
    """
    if type(article) is Article:
        return article
    return _new_Article(*_article_fields(article))


def _maker(cls: type) -> Any:
    """A function making a ``cls`` from all its field values, as unpickling does
    (no ``__init__``), in a third of the time the dataclass ``__setstate__`` takes."""
    names = [f.name for f in dataclasses.fields(cls)]
    env: dict[str, Any] = {"new": object.__new__, "cls": cls}
    for i, name in enumerate(names):
        env[f"set{i}"] = getattr(cls, name).__set__  # the slot's descriptor
    args = ", ".join(f"a{i}" for i in range(len(names)))
    body = "".join(f"    set{i}(obj, a{i})\n" for i in range(len(names)))
    exec(f"def make({args}):\n    obj = new(cls)\n{body}    return obj\n", env)  # noqa: S102
    make = env["make"]
    make.__name__ = make.__qualname__ = f"_new_{cls.__name__}"
    make.__module__ = __name__
    return make


def _reducer(cls: type) -> Any:
    names = tuple(f.name for f in dataclasses.fields(cls))
    make = globals()[f"_new_{cls.__name__}"]
    return lambda obj: (make, tuple(getattr(obj, n) for n in names))


#: The records a cache pack holds, pickled as (maker, field values).
_PACKED = (models.Article, models.Role, models.Actor, Mention, models.Event)


# Module attributes, so that unpickling finds them by name.
_new_Article = _maker(Article)
_new_Role = _maker(models.Role)
_new_Actor = _maker(Actor)
_new_Mention = _maker(Mention)
_new_Event = _maker(models.Event)
_new_ArticleResult = _maker(ArticleResult)
_new__KnownArticle = _maker(_KnownArticle)
_DISPATCH = {cls: _reducer(cls) for cls in (*_PACKED, ArticleResult, _KnownArticle)}


def _dump(obj: Any, fh: Any) -> None:
    pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH  # type: ignore[assignment]
    pickler.dump(obj)


def _dumps(obj: Any) -> bytes:
    buffer = io.BytesIO()
    _dump(obj, buffer)
    return buffer.getvalue()


class _Blob(bytes):
    """A pickle kept as bytes inside a pack, unpickled when first asked for."""


@contextmanager
def _no_gc() -> Iterator[None]:
    """Loading a pack makes hundreds of thousands of objects and no garbage: the
    cyclic collector's passes over them would only cost time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _stat_sig(path: str) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class _Cache:
    """Per-article results on disk, keyed by content, settings, package version and code.

    Two stores share the folder.  Loose files ``<key[:2]>/<key>.pickle`` hold
    one result each and are written as results are computed.  Pack segments
    ``packs/<salt>-*.pack`` (one pickle each, for this salt only) are read in
    one go at the start and hold, in bulk: results, the file index (path ->
    size, times, inode -> the articles read from it and the digests of their
    texts, as git's index does, so an unchanged file is neither read nor
    parsed), the merge's block clusters and the actor records.  A build
    writes one small segment of what it added; more than :data:`MAX_SEGMENTS`
    are merged.  Anything unreadable is ignored (a miss, never an error).
    """

    def __init__(self, folder: str | os.PathLike[str], actors_path: str | None, *,
                 load: bool = True) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        salt = hashlib.sha256(__version__.encode())
        salt.update(_code_digest().encode())
        if actors_path:
            salt.update(Path(actors_path).read_bytes())
        self._salt = salt.digest()
        self._tag = self._salt.hex()[:16]
        #: (str(published argument), max_bytes): what else decides the articles of a file.
        self.reading: tuple[str, int] = ("None", 0)
        self._segments: list[Path] = []
        self._old: dict[str, dict[Any, Any]] = {"results": {}, "files": {}, "blocks": {},
                                                 "actors": {}}
        self._new: dict[str, dict[Any, Any]] = {k: {} for k in self._old}
        self._used: dict[str, set[Any]] = {k: set() for k in self._old}
        self._pending: dict[str, tuple[int, ...] | None] = {}
        if load:
            self.load()

    # -- pack segments --------------------------------------------------------
    @property
    def has_packs(self) -> bool:
        """Whether pack segments of this salt exist (read or not)."""
        packs = self.folder / "packs"
        return packs.is_dir() and any(packs.glob(f"{self._tag}-*.pack"))

    def load(self) -> None:
        """Read the pack segments of this salt (once)."""
        if self._segments:
            return
        packs = self.folder / "packs"
        for path in sorted(packs.glob(f"{self._tag}-*.pack")) if packs.is_dir() else []:
            try:
                with open(path, "rb") as fh, _no_gc():
                    data = pickle.load(fh)
                if not isinstance(data, dict) or data.get("salt") != self._salt:
                    continue
                parts = {k: data[k] for k in self._old}
                if not all(isinstance(v, dict) for v in parts.values()):
                    continue
            except Exception:  # a truncated or foreign segment is ignored
                continue
            self._segments.append(path)
            for k, v in parts.items():
                self._old[k].update(v)

    @property
    def warm(self) -> bool:
        """Whether a pack segment of this salt was read (an earlier build finished)."""
        return bool(self._segments)

    def save(self) -> None:
        """Write what this build added as a new segment (merging segments when too many)."""
        if not any(self._new.values()):
            return
        compact = len(self._segments) + 1 > MAX_SEGMENTS
        if compact:  # one segment of everything this build used
            data = {k: {x: v for x, v in {**self._old[k], **self._new[k]}.items()
                        if x in self._used[k]} for k in self._old}
        else:
            data = self._new
        # The merge's records are replaced as a whole when their type changes:
        # stored as pickles within the pack, an older segment's superseded ones
        # are never unpickled.
        data = {**data, "blocks": {x: v if isinstance(v, _Blob) else _Blob(_dumps(v))
                                   for x, v in data["blocks"].items()}}
        packs = self.folder / "packs"
        name = f"{self._tag}-{time.time_ns():020d}-{os.getpid()}.pack"
        tmp = packs / f".{name}.tmp"
        try:
            packs.mkdir(exist_ok=True)
            with open(tmp, "wb") as fh:
                _dump({"salt": self._salt, **data}, fh)
            os.replace(tmp, packs / name)
        except OSError:
            tmp.unlink(missing_ok=True)  # a full or read-only cache only costs speed
            return
        if compact:
            for path in self._segments:
                path.unlink(missing_ok=True)

    # -- results ----------------------------------------------------------------
    def key(self, article: Article) -> str:
        if isinstance(article, _KnownArticle):
            if article.key and article.key_for == article.article_id:
                return article.key
            digest = article.digest
        else:
            digest = _digest(article.text)
        h = hashlib.sha256(self._salt)
        for part in (article.article_id, digest, str(article.published),
                     article.published_source, article.title or "", article.url or "",
                     article.source or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> ArticleResult | None:
        result = self._new["results"].get(key) or self._old["results"].get(key)
        if result is None:
            try:
                with open(self._path(key), "rb") as fh:
                    result = pickle.load(fh)
            except Exception:  # missing, truncated or foreign: a miss, never an error
                return None
            if not isinstance(result, ArticleResult):
                return None
            self._new["results"][key] = result
        self._used["results"].add(key)
        return result

    def put(self, key: str, result: ArticleResult) -> None:
        self._new["results"][key] = result
        self._used["results"].add(key)
        path = self._path(key)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                _dump(result, fh)
            os.replace(tmp, path)  # atomic: readers never see half a file
        except OSError:
            tmp.unlink(missing_ok=True)  # a full or read-only cache only costs speed

    # -- the file index (timeline.ingest.FileIndex) ------------------------------
    def lookup(self, path: str) -> list[Article] | None:
        """The articles (text-less, with digests) of ``path`` if it is unchanged since indexed."""
        sig = self._pending[path] = _stat_sig(path)
        entry = self._new["files"].get(path) or self._old["files"].get(path)
        if sig is None or entry is None or entry[0] != sig or entry[1] != self.reading:
            return None
        self._used["files"].add(path)
        return list(entry[2])

    def record(self, path: str, items: Iterator[Article | IngestError]
               ) -> Iterator[Article | IngestError]:
        """Pass the items read from ``path`` through; index the file once all are seen."""
        kept = []
        clean = True
        for item in items:
            if isinstance(item, Article):
                digest = _digest(item.text)
                known = _KnownArticle(*_article_fields(item),
                                      digest=digest, position=len(kept), key_for=item.article_id)
                known = dataclasses.replace(known, text="", key=self.key(known))
                kept.append(known)
            else:
                clean = False  # errors are reported afresh on every build
            yield item
        sig = self._pending.pop(path, None)
        if not clean or not kept or sig is None or sig != _stat_sig(path):
            return  # changed while read: not indexed
        if max(sig[1], sig[2]) > time.time_ns() - RACY_NS:
            return  # too recent to trust its times
        self._new["files"][path] = (sig, self.reading, tuple(kept))
        self._used["files"].add(path)

    def reload(self, article: _KnownArticle) -> Article | None:
        """The text of an indexed article whose result is missing after all: read its file again."""
        from timeline import ingest

        published = None if self.reading[0] == "None" else date.fromisoformat(self.reading[0])
        found = [a for a in ingest.read_inputs([article.path], published,
                                               max_bytes=self.reading[1])
                 if isinstance(a, Article)]
        if article.position >= len(found):
            return None
        return dataclasses.replace(found[article.position], article_id=article.article_id)

    # -- merge clusters and actor records ------------------------------------------
    def decode(self) -> None:
        """Unpickle now the merge records read from the pack (see :class:`_Blob`)."""
        store = self._old["blocks"]
        with _no_gc():
            for key, value in store.items():
                if isinstance(value, _Blob):
                    store[key] = pickle.loads(value)

    def memo(self, kind: str) -> MutableMapping[Any, Any]:
        """A mapping of ``kind`` (``"blocks"``, ``"actors"``) that remembers what is
        read and written, saved with the next segment."""
        return _Memo(self, kind)


class _Memo(MutableMapping):
    def __init__(self, cache: _Cache, kind: str) -> None:
        self._c, self._k = cache, kind

    def __getitem__(self, key: Any) -> Any:
        for store in (self._c._new[self._k], self._c._old[self._k]):
            if key in store:
                self._c._used[self._k].add(key)
                value = store[key]
                if isinstance(value, _Blob):
                    with _no_gc():
                        value = store[key] = pickle.loads(value)
                return value
        raise KeyError(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._c._new[self._k][key] = value
        self._c._used[self._k].add(key)

    def __delitem__(self, key: Any) -> None:
        raise TypeError("cache entries are never deleted one by one")

    def __iter__(self) -> Iterator[Any]:
        return iter({**self._c._old[self._k], **self._c._new[self._k]})

    def __len__(self) -> int:
        return len({**self._c._old[self._k], **self._c._new[self._k]})


#: One looked-up article: (cache key or None, article to compute or None, cached result or None).
_Entry = tuple[str | None, "Article | None", "ArticleResult | None"]


def run(
    articles: Iterable[Article],
    actors_path: str | os.PathLike[str] | None = None,
    *,
    jobs: int | None = 1,
    cache: str | os.PathLike[str] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = False,
    stats: MutableMapping[str, float] | None = None,
) -> Iterator[ArticleResult]:
    """Extract every article, yielding results in input order.

    :func:`run_with_keys` is the same with each result's cache key.

    Parameters
    ----------
    articles : iterable of Article
        Consumed lazily; at most a few batches per worker are held at once.
    actors_path : path, optional
        Extra actor data for the registry (loaded once per worker).
    jobs : int or None
        Worker processes (``None``: all cores; ``1``: in this process).  With
        ``engine="dask"`` and no scheduler, the size of the local cluster.
    cache : path, optional
        Folder of cached per-article results.
    engine : {"local", "dask"}
    scheduler : str, optional
        Dask scheduler address (``tcp://host:8786``); a local cluster when omitted.
    progress : bool or None
        Show a tqdm bar on stderr (``None``: only when stderr is a terminal).
    stats : dict, optional
        Receives ``cache_hits`` and ``cache_misses`` (articles reused and
        computed) and ``extract_start``: CPU seconds spent in this process,
        once, loading the actor data and compiling the rules before the first
        article (see :func:`_warm`; not in any article's ``seconds``).

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Article
    >>> counts = {}
    >>> arts = [Article("a1", "Macron met Starmer in Paris on Monday.", published=date(2025, 2, 18))]
    >>> _ = list(run(arts, stats=counts))
    >>> counts["cache_hits"], counts["cache_misses"]
    (0, 1)
    """
    keyed = run_with_keys(articles, actors_path, jobs=jobs, cache=cache, engine=engine,
                          scheduler=scheduler, progress=progress, stats=stats)
    try:
        for _, result in keyed:
            yield result
    finally:
        keyed.close()  # stops the workers now, also when this generator is closed early


def run_with_keys(
    articles: Iterable[Article],
    actors_path: str | os.PathLike[str] | None = None,
    *,
    jobs: int | None = 1,
    cache: str | os.PathLike[str] | _Cache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = False,
    stats: MutableMapping[str, float] | None = None,
) -> Generator[tuple[str | None, ArticleResult], None, None]:
    """:func:`run`, yielding ``(cache key, result)`` pairs (key ``None`` without a cache).

    ``cache`` may also be an open cache (the pipeline's, whose file index
    also served the reading).

    Examples
    --------
    >>> from datetime import date
    >>> arts = [Article("a1", "Macron met Starmer in Paris on Monday.", published=date(2025, 2, 18))]
    >>> [(key, r.article_id) for key, r in run_with_keys(arts)]
    [(None, 'a1')]
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    apath = os.fspath(actors_path) if actors_path is not None else None
    n_jobs = (os.cpu_count() or 1) if jobs is None else max(1, int(jobs))
    store = cache if isinstance(cache, _Cache) or cache is None else _Cache(cache, apath)
    counts: MutableMapping[str, float] = stats if stats is not None else {}
    counts["cache_hits"] = counts["cache_misses"] = 0
    counts["extract_start"] = 0.0
    entries = _lookup(articles, store, counts)
    if engine == "local" and n_jobs > 1:
        # Starting workers costs more than a handful of articles (a rebuild
        # with a warm cache has one or two to compute): look ahead first.
        entries, n_misses = _lookahead(entries, 4 * BATCH_SIZE if jobs is None else n_jobs)
        if n_misses < (4 * BATCH_SIZE if jobs is None else n_jobs):
            n_jobs = 1
    bar = _progress_bar(progress)
    finished = False
    try:
        for pair in _ordered(entries, apath, n_jobs, engine, scheduler, store, counts):
            if bar is not None:
                bar.update(1)
            yield pair
        finished = True
    finally:
        if bar is not None:
            bar.close()
        # After an error or Ctrl-C, workers are stopped rather than waited for.
        _shutdown_pool(abort=not finished)


def _lookup(articles: Iterable[Article], store: _Cache | None,
            counts: MutableMapping[str, float]) -> Iterator[_Entry]:
    for art in articles:
        key = store.key(art) if store is not None else None
        hit = store.get(key) if store is not None and key is not None else None
        if hit is not None and hit.article_id == art.article_id:
            counts["cache_hits"] += 1
            # Not the article: the look-ahead may hold many hits, but no texts.
            yield key, None, hit
            continue
        counts["cache_misses"] += 1
        if isinstance(art, _KnownArticle) and store is not None:
            # Indexed as unchanged, but its result is gone: read its text again.
            found = store.reload(art)
            if found is None:  # the file changed under us since it was looked up
                yield None, None, ArticleResult(art.article_id)
                continue
            art, key = found, store.key(found)
        yield key, art, None


def _lookahead(entries: Iterator[_Entry], misses: int) -> tuple[Iterator[_Entry], int]:
    """Read ahead until ``misses`` articles need computing (or the input ends)."""
    head: list[_Entry] = []
    found = 0
    for entry in entries:
        head.append(entry)
        found += entry[2] is None
        if found >= misses:
            break
    return itertools.chain(head, entries), found


def _chunks(entries: Iterator[_Entry], n_jobs: int) -> Iterator[list[_Entry]]:
    # With workers, the first chunks are small (2, 4, 8 ...) so that a short
    # input still reaches every worker and the first results come quickly.
    sizes = (itertools.chain((2, 4, 8, 16), itertools.repeat(BATCH_SIZE)) if n_jobs > 1
             else itertools.repeat(BATCH_SIZE))
    for size in sizes:
        chunk = list(itertools.islice(entries, size))
        if not chunk:
            return
        yield chunk


class _Done:
    """A computed result with the ``done``/``result`` interface of a future."""

    def __init__(self, value: list[ArticleResult]) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> list[ArticleResult]:
        return self.value


def _ordered(
    entries: Iterator[_Entry],
    apath: str | None,
    n_jobs: int,
    engine: str,
    scheduler: str | None,
    store: _Cache | None,
    counts: MutableMapping[str, float],
) -> Iterator[tuple[str | None, ArticleResult]]:
    """(key, result) in input order, with at most ``2 * workers`` chunks in flight."""
    submit, workers = _submitter(apath, n_jobs, engine, scheduler, counts)
    window: deque = deque()
    limit = 2 * workers
    for chunk in _chunks(entries, workers):
        misses = [art for _, art, hit in chunk if hit is None]
        window.append((chunk, submit(misses) if misses else _Done([])))
        while window and (len(window) > limit or window[0][1].done()):
            yield from _collect(*window.popleft(), store)
    while window:
        yield from _collect(*window.popleft(), store)


def _collect(chunk: list[_Entry], future: Any, store: _Cache | None
             ) -> Iterator[tuple[str | None, ArticleResult]]:
    if not future.done():
        # Waiting for a worker: time to decode the merge records the build will
        # need and, with the collector paused (a warm rebuild), for its pass
        # over the young objects (the pack's), which then costs nothing.
        if store is not None:
            store.decode()
        if not gc.isenabled():
            gc.collect()  # then no older generation is due at the end
    computed = iter(future.result())
    for key, _, hit in chunk:
        if hit is not None:
            yield key, hit
            continue
        res = next(computed)
        if store is not None and key is not None:
            # Stored without its timings: a reused result costs no extraction time.
            store.put(key, dataclasses.replace(res, seconds=(0.0, 0.0)))
        yield key, res


_POOL: dict[str, Any] = {}


def _submitter(apath: str | None, n_jobs: int, engine: str, scheduler: str | None,
               counts: MutableMapping[str, float]) -> tuple[Any, int]:
    """A function sending a batch of articles to be extracted, and the number of workers.

    Local extraction starts warm: :func:`_warm` runs here first (its CPU
    time goes to ``counts["extract_start"]``), and forked workers inherit its
    work instead of each repeating it.  Dask workers, not forked from this
    process, warm up on their first article.
    """
    if engine == "dask":
        client, workers = _dask_client(scheduler, n_jobs)
        return (lambda batch: client.submit(_extract_batch, batch, apath, pure=False)), workers
    if n_jobs == 1:
        spare = _POOL.get("spare")
        if spare is not None and _POOL.get("spare_for") == apath:
            # A helper started with the build has warmed up meanwhile.
            def lend(batch: list[Article]) -> Any:
                _POOL["spare_used"] = True
                return spare.submit(_extract_batch, batch, apath)

            return lend, 1

        def here(batch: list[Article]) -> Any:
            counts["extract_start"] += _warm(apath)
            return _Done(_extract_batch(batch, apath))

        return here, 1

    def submit(batch: list[Article]) -> Any:
        # The pool starts with the first batch to compute, not before.
        if "pool" not in _POOL:
            from concurrent.futures import ProcessPoolExecutor

            counts["extract_start"] += _warm(apath)

            _POOL["pool"] = ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker,
                                                initargs=(apath,))
        return _POOL["pool"].submit(_extract_batch, batch, apath)

    return submit, n_jobs


def _init_worker(apath: str | None, warm: bool = False) -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it and
    # stops the workers, so they never print tracebacks or wait half-dead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # a worker forked while the parent paused the collector
    if warm:  # (a spare worker, forked before this process warmed up)
        _warm(apath)
    else:
        _registry(apath)  # inherited when forked from a warm process


_WARMED: set[str | None] = set()


def _warm(apath: str | None) -> float:
    """Load the actor data and compile the rules the first article would, once
    per process; the CPU seconds it took (0 when done already).

    About 0.25 s: done before forking, the workers share it.  Like the
    warm-up call the search_dates baseline makes before it is timed, it is
    reported on its own, not in the articles' times.
    """
    if apath in _WARMED:
        return 0.0
    c0 = time.thread_time()
    extract_article(_WARM_UP, _registry(apath))
    _WARMED.add(apath)
    return time.thread_time() - c0


_WARM_UP = Article("warm-up", "President Macron met Keir Starmer in Paris on Monday, 17 February "
                   "2025, and said talks would resume next week.", published=date(2025, 2, 18))


def _noop() -> None:
    return None


#: A process larger than this (MB resident) starts no spare worker: forking
#: copies nothing at first, but then every page of this process written while
#: the worker lives is copied, and reading the pack writes many.  In a process
#: grown by earlier work (a notebook, the benchmark's cold build) that costs
#: more than the warm worker saves; a fresh ``timeline build`` is ~20 MB.
SPARE_MAX_MB = 64


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0  # not Linux: assume small


def spare_pays(actors_path: str | os.PathLike[str] | None) -> bool:
    """Whether :func:`prestart` should start a spare worker in this process:
    it is small, and has not loaded the actor data (extracted) itself already.

    Examples
    --------
    >>> isinstance(spare_pays(None), bool)
    True
    """
    apath = os.fspath(actors_path) if actors_path is not None else None
    return apath not in _REGISTRIES and _resident_mb() < SPARE_MAX_MB


def prestart(actors_path: str | os.PathLike[str] | None) -> None:
    """Start, now, one worker that loads the actor data and warms up the extraction.

    For a rebuild from a warm cache, which has a few articles to extract: they
    go to this worker, ready by the time the pack is read and the files are
    walked, rather than to a cold start (about 0.25 s) in this process.  It is
    stopped at the end of the next :func:`run_with_keys`, used or not.
    """
    from concurrent.futures import ProcessPoolExecutor

    apath = os.fspath(actors_path) if actors_path is not None else None
    if "spare" in _POOL:
        return
    _POOL["spare"] = ProcessPoolExecutor(max_workers=1, initializer=_init_worker,
                                         initargs=(apath, True))
    _POOL["spare_for"] = apath
    _POOL["spare"].submit(_noop)  # the worker process starts with its first task


class MissingExtra(RuntimeError):
    """An engine asked for needs an optional extra that is not installed."""


def _dask_client(scheduler: str | None, n_jobs: int) -> tuple[Any, int]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # an optional extra
        raise MissingExtra("--engine dask needs the dask extra: pip install 'timeline[dask]'") from exc
    if "dask" not in _POOL:
        # Dask logs every worker start and stop at INFO: keep warnings only.
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(logging.WARNING)
        if scheduler:
            _POOL["dask"] = Client(scheduler)
        else:
            _POOL["cluster"] = LocalCluster(n_workers=n_jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.WARNING)
            _POOL["dask"] = Client(_POOL["cluster"])
    client = _POOL["dask"]
    # The window follows the cluster's size: one slot per worker thread.
    info = client.scheduler_info().get("workers", {})
    threads = sum(int(w.get("nthreads", 1) or 1) for w in info.values())
    return client, threads or n_jobs


def _shutdown_pool(abort: bool = False) -> None:
    """Stop the worker pool and any Dask client and local cluster this run started."""
    spare, used = _POOL.pop("spare", None), _POOL.pop("spare_used", False)
    _POOL.pop("spare_for", None)
    if spare is not None:  # unused, it may still be warming up: no need to wait
        _stop(spare, abort or not used)
    pool = _POOL.pop("pool", None)
    if pool is not None:
        _stop(pool, abort)
    client = _POOL.pop("dask", None)
    cluster = _POOL.pop("cluster", None)
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()


def _stop(pool: Any, abort: bool) -> None:
    if pool is not None:
        if abort:
            procs = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:  # a worker busy with a long article would delay the exit
                proc.terminate()
            for proc in procs:
                proc.join(5)
        else:
            pool.shutdown()


def _progress_bar(progress: bool | None, total: int | None = None) -> Any:
    """A tqdm bar on stderr (``None``: only when stderr is a terminal), or ``None``."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True,
                smoothing=0.05, mininterval=0.5)
