"""Time ``ActorRegistry.load`` and warm ``registry.find`` / ``find_locations``.

Usage::

    python benchmarks/bench_actors.py [--repeat N]

Runs on the seed article (``data/``), whole and sentence by sentence, and
prints medians per 4 KB of text (target: find under 1 ms per 4 KB).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "data" / "macron-ukraine-2025-02-18.txt"


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from timeline.actors import ActorRegistry
    from timeline.gazetteer import find_locations

    reg = ActorRegistry.load()
    load_ms = (time.perf_counter() - t0) * 1000
    text = SEED.read_text(encoding="utf-8")
    day = date(2025, 2, 18)
    kb4 = len(text) / 4096
    sentences = re.split(r"(?<=[.!?])\s+", text)
    find_ms = _median_ms(lambda: reg.find(text, day=day), args.repeat)
    sent_ms = _median_ms(lambda: [reg.find(s, day=day, context=text) for s in sentences], args.repeat)
    find_locations(text)
    loc_ms = _median_ms(lambda: find_locations(text), args.repeat)
    kinds: dict[str, int] = {}
    for a in reg:
        kinds[a.type] = kinds.get(a.type, 0) + 1
    print(f"load (first, incl. imports): {load_ms:.0f} ms; actors: {kinds}")
    print(f"find, whole article ({len(text)} chars): {find_ms:.2f} ms = {find_ms / kb4:.2f} ms per 4 KB")
    print(f"find, {len(sentences)} sentences with context: {sent_ms:.2f} ms")
    print(f"find_locations: {loc_ms:.3f} ms = {loc_ms / kb4:.3f} ms per 4 KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
