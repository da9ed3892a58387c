"""Time warm ``timeline.temporal.tag`` against ``dateparser.search.search_dates`` on the seed article.

Usage::

    python benchmarks/bench_temporal.py [--repeat N]

Both run in the same process on the same text; the median of many warm
repetitions is printed with the ratio (target: tag at least 10x faster).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, datetime
from pathlib import Path

from dateparser.search import search_dates

from timeline.temporal import tag

SEED = Path(__file__).resolve().parents[1] / "data" / "macron-ukraine-2025-02-18.txt"


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args(argv)
    text = SEED.read_text(encoding="utf-8")
    settings = {"RELATIVE_BASE": datetime(2025, 2, 18)}

    def ours():
        return tag(text, date(2025, 2, 18))

    def theirs():
        return search_dates(text, languages=["en"], settings=settings)

    ours(), theirs()  # warm up: compiled grammar, dateparser language data
    t_ours = _median_ms(ours, args.repeat)
    t_dp = _median_ms(theirs, max(10, args.repeat // 10))
    print(f"seed article: {len(text):,} chars; {len(ours())} expressions (tag), "
          f"{len(theirs() or [])} (search_dates)")
    print(f"timeline.temporal.tag            median {t_ours:8.3f} ms")
    print(f"dateparser.search.search_dates   median {t_dp:8.3f} ms")
    print(f"ratio: tag is {t_dp / t_ours:.1f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
