"""Profile the per-article extraction: ``temporal.tag`` and ``events.extract``.

Prints the mean milliseconds per article of each stage over the first N
articles of a corpus folder, then a cProfile top-20 (by own time) for each.

Examples
--------
``python benchmarks/profile_extract.py /tmp/timeline-bench/corpus-1000-s7/0000 -n 300``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time


def main() -> None:
    """Time and profile tag and extract over ``-n`` articles of a folder."""
    from timeline import events, ingest, runner, temporal

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="folder of articles (e.g. a make_corpus.py output)")
    ap.add_argument("-n", type=int, default=300, help="articles to use (default 300)")
    ap.add_argument("--top", type=int, default=20, help="profile rows to print")
    ap.add_argument("--sort", default="tottime", help="pstats sort key (default tottime)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="timing runs; the fastest is reported (other work on the machine adds noise)")
    ap.add_argument("--no-profile", action="store_true", help="timings only")
    args = ap.parse_args()

    arts = []
    for item in ingest.read_inputs([args.folder]):
        if getattr(item, "text", None):
            arts.append(item)
        if len(arts) >= args.n:
            break
    registry = runner._registry(None)
    for a in arts[:5]:  # warm up lazy loads and caches of the data files
        events.extract(a, temporal.tag(a.text, a.published), registry)

    best_tag = best_ext = cpu_tag = cpu_ext = float("inf")
    first: tuple[float, float] | None = None
    for _ in range(max(args.repeat, 1)):
        t0, c0 = time.perf_counter(), time.process_time()
        times = [temporal.tag(a.text, a.published) for a in arts]
        t1, c1 = time.perf_counter(), time.process_time()
        for a, tx in zip(arts, times, strict=True):
            list(events.extract(a, tx, registry))
        t2, c2 = time.perf_counter(), time.process_time()
        best_tag, best_ext = min(best_tag, t1 - t0), min(best_ext, t2 - t1)
        cpu_tag, cpu_ext = min(cpu_tag, c1 - c0), min(cpu_ext, c2 - c1)
        first = first or (c1 - c0, c2 - c1)
    n = max(len(arts), 1)
    print(f"{len(arts)} articles, best of {args.repeat}: tag {1000 * best_tag / n:.3f} ms/article, "
          f"extract {1000 * best_ext / n:.3f} ms/article, "
          f"total {1000 * (best_tag + best_ext) / n:.3f} ms/article")
    # CPU time of this process: less disturbed by other work on a shared machine.
    print(f"  cpu time, best of {args.repeat}: tag {1000 * cpu_tag / n:.3f} ms/article, "
          f"extract {1000 * cpu_ext / n:.3f} ms/article, "
          f"total {1000 * (cpu_tag + cpu_ext) / n:.3f} ms/article")
    # The first run meets every article for the first time, as a build does
    # (caches keyed by an article's url or names do not help it).
    print(f"  cpu time, first run: tag {1000 * first[0] / n:.3f} ms/article, "  # type: ignore[index]
          f"extract {1000 * first[1] / n:.3f} ms/article")  # type: ignore[index]
    if args.no_profile:
        return
    for name, fn in (
        ("temporal.tag", lambda: [temporal.tag(a.text, a.published) for a in arts]),
        ("events.extract", lambda: [list(events.extract(a, tx, registry))
                                    for a, tx in zip(arts, times, strict=True)]),
    ):
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        print(f"\n=== {name} ===")
        pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
