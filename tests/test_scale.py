"""Scale features (issue 6): identical outputs for any number of workers and for
the Dask engine, the incremental cache, the progress bar and summary, and runs
that stop cleanly on a worker error or Ctrl-C."""

from __future__ import annotations

import concurrent.futures
import os
import pickle
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from _corpora import DEV, ROOT, SHARED, write_corpus

from timeline import cli, ingest, pipeline, runner
from timeline.models import Article

SEEDS = SHARED / "seeds"
N = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 generated news-like articles (the manifest kept outside the input folder)."""
    return write_corpus(N, 11, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    """CSV outputs of the plain build: in this process, no cache."""
    return _csvs(pipeline.build([corpus], jobs=1), tmp_path_factory.mktemp("ref"))


def _csvs(tl: pipeline.Timeline, out: Path) -> dict[str, bytes]:
    tl.to_files(out)
    found = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert set(found) == {"events.csv", "mentions.csv", "actors.csv", "articles.csv"}
    return found


@pytest.fixture
def pools(monkeypatch) -> list:
    """Every ProcessPoolExecutor the runner starts during the test."""
    started: list = []
    real = concurrent.futures.ProcessPoolExecutor

    class Spy(real):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            started.append(self)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Spy)
    return started


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Article ids passed to ``runner.extract_article`` in this process (use jobs=1)."""
    seen: list[str] = []
    real = runner.extract_article

    def counting(article, registry):
        seen.append(article.article_id)
        return real(article, registry)

    monkeypatch.setattr(runner, "extract_article", counting)
    return seen


# -- parallel builds --------------------------------------------------------
def test_one_and_two_workers_give_identical_csvs(corpus, reference, pools, tmp_path):
    before = _live_children()
    tl = pipeline.build([corpus], jobs=2)
    assert len(pools) == 1, "jobs=2 on 60 articles should start a worker pool"
    assert len(tl.article_records) == N
    assert _csvs(tl, tmp_path) == reference
    assert not runner._POOL and _live_children(settle=before) <= before


def test_auto_jobs_skips_the_pool_for_a_handful_of_articles(pools):
    tl = pipeline.build([ROOT / "data"], jobs=None, published="2025-02-18")
    assert len(tl.records) and pools == []


def test_an_error_in_a_worker_stops_the_run_and_its_workers(corpus, monkeypatch):
    def broken(article, registry):
        if article.article_id.endswith("7"):
            raise RuntimeError(f"boom in {article.article_id}")
        return real(article, registry)

    real = runner.extract_article
    monkeypatch.setattr(runner, "extract_article", broken)  # forked workers inherit it
    before = _live_children()
    t0 = time.perf_counter()
    with pytest.raises(RuntimeError, match="boom in"):
        pipeline.build([corpus], jobs=2)
    assert time.perf_counter() - t0 < 30
    assert not runner._POOL
    assert _live_children(settle=before) <= before, "workers left running"


def _live_children(settle: set[int] | None = None) -> set[int]:
    """Pids of this process's descendants that still run (zombies excluded).

    ``multiprocessing.active_children`` is not used: when two threads wait for
    the same child it can list a process that has already exited.
    """
    psutil = pytest.importorskip("psutil")
    deadline = time.monotonic() + 3
    while True:
        live = set()
        for child in psutil.Process().children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE:
                    live.add(child.pid)
            except psutil.NoSuchProcess:
                pass
        # Terminated workers take a moment to disappear.
        if settle is None or live <= settle or time.monotonic() > deadline:
            return live
        time.sleep(0.05)


def test_ctrl_c_stops_the_build_and_every_worker(corpus, tmp_path):
    # A real Ctrl-C: SIGINT to the whole process group while workers are busy.
    marker = tmp_path / "busy"
    script = textwrap.dedent(f"""
        import time
        from timeline import pipeline, runner

        def slow(article, registry):
            open({str(marker)!r}, "a").close()
            time.sleep(120)

        runner.extract_article = slow
        pipeline.build([{str(corpus)!r}], jobs=2)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), proc.communicate(timeout=5)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0
    assert b"KeyboardInterrupt" in err
    time.sleep(0.2)
    psutil = pytest.importorskip("psutil")
    left = [p.pid for p in psutil.process_iter() if _sid(p.pid) == proc.pid]
    assert left == [], "worker processes survived Ctrl-C"


def _sid(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None


# -- cache ------------------------------------------------------------------
@pytest.fixture
def copied(corpus, tmp_path) -> Path:
    """A private copy of the corpus, free to be added to."""
    return Path(shutil.copytree(corpus, tmp_path / "articles"))


def _add_article(folder: Path) -> None:
    first = sorted(folder.rglob("*.txt"))[0]
    text = first.read_text(encoding="utf-8").replace("title:", "title: (follow-up)", 1)
    (folder / "zz-added.txt").write_text(text, encoding="utf-8")


def test_rebuild_after_adding_one_article_computes_only_that_one(copied, calls, tmp_path):
    cache = tmp_path / "cache"
    expected = _csvs(pipeline.build([copied], jobs=1), tmp_path / "expected")
    cold = pipeline.build([copied], jobs=1, cache=cache)
    assert (cold.timings["cache_hits"], cold.timings["cache_misses"]) == (0, N)
    assert _csvs(cold, tmp_path / "cold") == expected  # caching changes nothing
    warm = pipeline.build([copied], jobs=1, cache=cache)
    assert (warm.timings["cache_hits"], warm.timings["cache_misses"]) == (N, 0)
    assert _csvs(warm, tmp_path / "warm") == expected
    calls.clear()
    _add_article(copied)
    plus = pipeline.build([copied], jobs=1, cache=cache)
    assert calls == ["zz-added"]
    assert (plus.timings["cache_hits"], plus.timings["cache_misses"]) == (N, 1)
    uncached = pipeline.build([copied], jobs=1)
    assert _csvs(plus, tmp_path / "plus") == _csvs(uncached, tmp_path / "uncached")


def test_warm_cache_with_workers_allowed_starts_one_warm_spare(copied, pools, calls, monkeypatch,
                                                              tmp_path):
    # A rebuild has a few articles to extract: not a pool, but one spare worker
    # started with the build, warm (actor data, rules) by the time they come;
    # gone when the build returns.  With --jobs 1 all stays in this process.
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(runner, "_resident_mb", lambda: 20.0)  # a fresh process's size
    cache = tmp_path / "cache"
    pipeline.build([copied], jobs=1, cache=cache)
    _add_article(copied)
    calls.clear()
    monkeypatch.setattr(runner, "_REGISTRIES", {})  # as in a fresh process
    tl = pipeline.build([copied], jobs=None, cache=cache)
    assert tl.timings["cache_misses"] == 1 and [p._max_workers for p in pools] == [1]
    assert calls == [] and runner._POOL == {}
    assert _csvs(tl, tmp_path / "spare") == _csvs(pipeline.build([copied], jobs=1),
                                                  tmp_path / "cold")
    (copied / "zz-added.txt").write_text("Leaders met in Rome on Monday.\n", encoding="utf-8")
    calls.clear()
    pipeline.build([copied], jobs=1, cache=cache)
    assert calls == ["zz-added"] and len(pools) == 1
    # A process grown large (forking would copy its pages) extracts in place.
    monkeypatch.setattr(runner, "_resident_mb", lambda: 500.0)
    (copied / "zz-added.txt").write_text("Leaders met in Oslo on Friday.\n", encoding="utf-8")
    calls.clear()
    runner._REGISTRIES.clear()
    pipeline.build([copied], jobs=None, cache=cache)
    assert calls == ["zz-added"] and len(pools) == 1


def _other_actors(path: Path) -> Path:
    path.write_text("actors:\n  - id: test-ngo\n    name: Test Relief NGO\n    type: organization\n"
                    "    aliases: [Test Relief]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change",
    [
        # A new actor file can change every article's actors.
        "actors file",
        # A new release may extract differently.
        "package version",
    ],
)
def test_cache_is_invalidated_by(change, corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    actors = None
    pipeline.build([corpus], jobs=1, cache=cache, actors=actors)
    if change == "actors file":
        actors = _other_actors(tmp_path / "actors.yaml")
    else:
        monkeypatch.setattr(runner, "__version__", "999.0")
    again = pipeline.build([corpus], jobs=1, cache=cache, actors=actors)
    assert (again.timings["cache_hits"], again.timings["cache_misses"]) == (0, N)


def test_editing_the_actors_file_invalidates(corpus, tmp_path):
    cache = tmp_path / "cache"
    actors = _other_actors(tmp_path / "actors.yaml")
    pipeline.build([corpus], jobs=1, cache=cache, actors=actors)
    actors.write_text(actors.read_text(encoding="utf-8").replace("Test Relief NGO", "Relief Two"),
                      encoding="utf-8")
    again = pipeline.build([corpus], jobs=1, cache=cache, actors=actors)
    assert again.timings["cache_hits"] == 0


@pytest.mark.parametrize(
    "damage",
    [
        # Empty and truncated files: a run killed while writing, a full disk.
        lambda good: b"",
        lambda good: good[: len(good) // 2],
        # Not a pickle at all, and a pickle of something else.
        lambda good: b"\x00garbage\xff" * 10,
        lambda good: pickle.dumps({"article_id": "x"}),
    ],
    ids=["empty", "truncated", "garbage", "foreign-object"],
)
def test_a_damaged_cache_file_is_recomputed(damage, corpus, reference, tmp_path):
    cache = tmp_path / "cache"
    pipeline.build([corpus], jobs=1, cache=cache)
    files = sorted(cache.rglob("*.pickle"))
    assert len(files) == N
    for path in files[:5]:
        path.write_bytes(damage(path.read_bytes()))
    packs = sorted((cache / "packs").glob("*.pack"))
    assert packs  # the bulk copy of the results, the file index and the merge clusters
    for path in packs:  # damaged too: the loose files alone must then serve
        path.write_bytes(damage(path.read_bytes()))
    again = pipeline.build([corpus], jobs=1, cache=cache)
    assert (again.timings["cache_hits"], again.timings["cache_misses"]) == (N - 5, 5)
    assert _csvs(again, tmp_path / "out") == reference
    assert pipeline.build([corpus], jobs=1, cache=cache).timings["cache_hits"] == N  # repaired


# -- progress ---------------------------------------------------------------
def test_count_inputs_matches_the_files_read(corpus, tmp_path):
    mixed = Path(shutil.copytree(corpus, tmp_path / "mixed"))
    (mixed / ".hidden.txt").write_text("not read", encoding="utf-8")
    (mixed / "notes.pdf").write_bytes(b"%PDF not an article format")
    (mixed / "records.jsonl").write_text('{"id": "r1", "text": "Leaders met."}\n'
                                         '{"id": "r2", "text": "Talks ended."}\n', encoding="utf-8")
    (mixed / "empty.txt").write_bytes(b"")  # read, then reported as an error
    read = {getattr(item, "path", None) for item in ingest.read_inputs([mixed])}
    assert runner.count_inputs([mixed]) == len(read) == N + 2
    assert runner.count_inputs(mixed) == N + 2
    assert runner.count_inputs([mixed / "records.jsonl", "-"]) == 2


def test_progress_bar_counts_up_to_the_total_and_a_summary_follows(corpus, tmp_path, capsys):
    code = cli.main(["build", str(corpus), "--out", str(tmp_path / "out"), "--no-html",
                     "--jobs", "1", "--progress"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{N}/{N}" in err  # the total was known: tqdm shows n/total and the time left
    summary = err.strip().splitlines()[-1]
    assert summary.startswith(f"read {N} article(s), 0 error(s);")
    assert " s (" in summary and "articles/s" in summary


@pytest.mark.parametrize(
    "flags, bar, summary",
    [
        # stderr is not a terminal under pytest: no bar, but still the summary.
        ([], False, True),
        (["--quiet"], False, False),
    ],
)
def test_progress_and_summary_flags(flags, bar, summary, tmp_path, capsys):
    code = cli.main(["build", str(ROOT / "data"), "--published", "2025-02-18", "--out",
                     str(tmp_path / "out"), "--no-html", "--jobs", "1", *flags])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert ("article/s" in captured.err or "it/s" in captured.err) is bar
    assert ("articles/s" in captured.err) is summary
    assert "articles/s" not in captured.out  # the summary goes to stderr only


def test_summary_reports_cache_reuse(corpus, tmp_path, capsys):
    argv = ["build", str(corpus), "--out", str(tmp_path / "out"), "--no-html", "--jobs", "1",
            "--cache", str(tmp_path / "cache")]
    cli.main(argv)
    capsys.readouterr()
    cli.main(argv)
    assert f"cache: {N} reused, 0 computed" in capsys.readouterr().err


# -- Dask -------------------------------------------------------------------
def _seed_and_dev() -> list[Path]:
    if SEEDS.is_dir() and DEV.is_dir():
        return [SEEDS, DEV]
    return [ROOT / "data"]


def test_dask_engine_gives_identical_csvs(corpus, reference, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed "
                        "(pip install 'timeline[dask]')")
    inputs = _seed_and_dev()
    local = pipeline.build(inputs, published="2025-02-18", jobs=1)
    # jobs=2 with no scheduler: a LocalCluster of 2 worker processes.
    on_dask = pipeline.build(inputs, published="2025-02-18", jobs=2, engine="dask")
    assert len(on_dask.records) == len(local.records) > 0
    assert _csvs(on_dask, tmp_path / "dask") == _csvs(local, tmp_path / "local")
    assert not runner._POOL  # client and local cluster closed


def test_dask_engine_without_the_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # makes the import fail
    art = Article("a1", "Macron met Starmer in Paris on Monday.")
    with pytest.raises(RuntimeError, match=r"pip install 'timeline\[dask\]'"):
        list(runner.run([art], engine="dask"))


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        list(runner.run([], engine="spark"))


def test_cli_says_how_to_install_the_dask_extra(monkeypatch, tmp_path, capsys):
    # A missing optional extra is a usage error with the install command, not a traceback.
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # makes the import fail
    code = cli.main(["build", str(ROOT / "data"), "--published", "2025-02-18", "--out",
                     str(tmp_path / "out"), "--engine", "dask", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == "timeline: --engine dask needs the dask extra: pip install 'timeline[dask]'"
