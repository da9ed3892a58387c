"""End-to-end build benchmark on the synthetic corpus (issue 6).

For each size it prints wall time, articles/s, events/s, peak resident memory
and seconds per stage, and, on the same texts, the articles/s of a baseline
that only calls dateparser's ``search_dates``.  Each size runs in its own
process so that peak memory is that size's own.

Usage::

    python benchmarks/bench_build.py                 # 1,000, 10,000 and 100,000 articles
    python benchmarks/bench_build.py --sizes 1000 10000 --jobs 2
    python benchmarks/bench_build.py --cache-check 10000   # incremental rebuild figure
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("TIMELINE_BENCH_DIR", Path(tempfile.gettempdir()) / "timeline-bench"))


def corpus(n: int, seed: int = 7) -> Path:
    """Generate (once) and return the corpus folder for ``n`` articles."""
    out = WORK / f"corpus-{n}-s{seed}"
    if not (out / "MANIFEST.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(n), "--seed", str(seed),
                        "--out", str(out)], check=True)
    return out


def inputs(folder: Path) -> list[Path]:
    """The article subfolders (the generator's MANIFEST.json is not an article)."""
    return sorted(p for p in folder.iterdir() if p.is_dir())


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # Linux reports KiB


def baseline(folder: Path, sample: int) -> tuple[float, float, int]:
    """``search_dates`` alone on the first ``sample`` articles.

    Returns articles per second of wall time and of CPU time (one thread), and
    the number of articles; the extraction figures of the build are CPU time
    too, so the two are compared like for like even on a loaded machine.
    """
    from dateparser.search import search_dates

    from timeline import ingest

    arts = []
    for item in ingest.read_inputs(inputs(folder)):
        if getattr(item, "text", None):
            arts.append(item)
        if len(arts) >= sample:
            break
    search_dates("warm up on Monday", languages=["en"])
    t0, c0 = time.perf_counter(), time.thread_time()
    for a in arts:
        base = datetime.combine(a.published or date(2025, 1, 1), datetime.min.time())
        search_dates(a.text, languages=["en"], settings={"RELATIVE_BASE": base})
    wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    return len(arts) / wall, len(arts) / cpu, len(arts)


def one(n: int, jobs: int | None, sample: int, html: bool) -> dict:
    import timeline
    from timeline import export

    folder = corpus(n)
    out = WORK / f"out-{n}"
    t0 = time.perf_counter()
    tl = timeline.build(inputs(folder), jobs=jobs, progress=False)
    t1 = time.perf_counter()
    export.write_all(tl, out)
    if html:
        from timeline import plot

        plot.write_html(tl, out / "timeline.html")
    t_out = time.perf_counter() - t1
    wall = time.perf_counter() - t0
    n_art = len(tl.article_records)
    extract_cpu = tl.timings["temporal"] + tl.timings["events"]
    # Loading the actor data and compiling the rules, once, before the first
    # article (forked workers inherit it): reported apart, as the baseline's
    # warm-up call is left out of its time.
    start_cpu = tl.timings.get("extract_start", 0.0)
    base_rate, base_cpu_rate, base_n = baseline(folder, sample)
    return {
        # which modules ran compiled (setup.py; empty: pure Python, e.g. an editable install)
        "compiled": list(timeline.compiled()),
        "articles": n_art,
        "events": len(tl.records),
        "mentions": len(tl.mention_records),
        "wall_s": round(wall, 2),
        "articles_per_s": round(n_art / wall, 1),
        "events_per_s": round(len(tl.records) / wall, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "stages_s": {
            "ingest": round(tl.timings["ingest"], 2),
            "temporal (cpu, all workers)": round(tl.timings["temporal"], 2),
            "actors+events (cpu, all workers)": round(tl.timings["events"], 2),
            "extraction start (cpu, once)": round(start_cpu, 2),
            "extraction wall": round(tl.timings["extract_wall"], 2),
            "merge": round(tl.timings["merge"], 2),
            "outputs": round(t_out, 2),
        },
        "extract_ms_per_article": round(1000 * extract_cpu / max(n_art, 1), 3),
        "extract_ms_per_article_with_start": round(1000 * (extract_cpu + start_cpu) / max(n_art, 1), 3),
        "baseline_articles_per_s": round(base_rate, 1),
        "baseline_cpu_ms_per_article": round(1000 / base_cpu_rate, 3),
        "baseline_sample": base_n,
        # CPU per article against CPU per article, both one thread at a time
        "extract_speedup_vs_baseline": round((n_art / max(extract_cpu, 1e-9)) / base_cpu_rate, 1),
        "extract_speedup_with_start": round((n_art / max(extract_cpu + start_cpu, 1e-9)) / base_cpu_rate, 1),
        "end_to_end_speedup_vs_baseline": round((n_art / wall) / base_rate, 1),
    }


def cache_check(n: int, jobs: int | None) -> dict:
    """Cold cached build of ``n`` articles, then a rebuild after adding one article."""
    import timeline

    folder = corpus(n)
    work = Path(tempfile.mkdtemp(prefix="timeline-cache-"))
    cache = work / "cache"
    extra = work / "extra"
    extra.mkdir()
    t0 = time.perf_counter()
    timeline.build([*inputs(folder), extra], jobs=jobs, cache=cache)
    cold = time.perf_counter() - t0
    first = next(p for p in sorted(folder.rglob("*.txt")))
    (extra / "added.txt").write_text(first.read_text(encoding="utf-8").replace(
        "title:", "title: (added)", 1), encoding="utf-8")
    t1 = time.perf_counter()
    tl = timeline.build([*inputs(folder), extra], jobs=jobs, cache=cache)
    warm = time.perf_counter() - t1
    shutil.rmtree(work, ignore_errors=True)
    t = tl.timings
    return {"articles": n, "cold_s": round(cold, 2), "rebuild_plus_one_s": round(warm, 2),
            "ratio": round(warm / cold, 3),
            "rebuild_cache_hits": int(t["cache_hits"]), "rebuild_cache_misses": int(t["cache_misses"]),
            "rebuild_stages_s": {"cache pack load": round(t.get("cache_load", 0.0), 2),
                                 "ingest (file index, reading new files)": round(t["ingest"], 2),
                                 "cache lookups + extraction": round(t["extract_wall"] - t["ingest"], 2),
                                 "merge": round(t["merge"], 2),
                                 "cache save": round(t.get("cache_save", 0.0), 2)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    ap.add_argument("--baseline-sample", type=int, default=300,
                    help="articles timed for the search_dates baseline (about 15 ms each here)")
    ap.add_argument("--html", action="store_true", help="include the HTML in the outputs stage")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--cache-check", type=int, metavar="N")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.jobs, args.baseline_sample, args.html)))
        return
    if args.cache_check:
        print(json.dumps(cache_check(args.cache_check, args.jobs), indent=2))
        return
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, jobs={args.jobs or 'all'}")
    rows = []
    for n in args.sizes:
        corpus(n)
        cmd = [sys.executable, __file__, "--one", str(n), "--baseline-sample", str(args.baseline_sample)]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        if args.html:
            cmd.append("--html")
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        rows.append(res)
        print(json.dumps(res, indent=2))
    if len(rows) > 1:
        per = [r["wall_s"] / r["articles"] for r in rows]
        print(f"time per article, largest vs smallest: {per[-1] / per[0]:.2f}x "
              f"(median {statistics.median(per) * 1000:.2f} ms)")


if __name__ == "__main__":
    main()
