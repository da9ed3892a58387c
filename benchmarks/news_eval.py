"""Event extraction quality on the seed article and the news-dev set.

Prints event recall, precision, date accuracy (exact range share) and actor
recall over matched events, for the seed and the dev set separately, then
checks the cross-set merges (seed + dev built together).

Usage::

    python benchmarks/news_eval.py [--shared PATH] [-v]

``--shared`` defaults to ``../shared`` beside the repository (``/work/shared``).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from timeline.actors import ActorRegistry
from timeline.evaluate import Score, build, load_gold, score

SEED_PUBLISHED = date(2025, 2, 18)


def _report(name: str, s: Score, verbose: bool) -> None:
    f = s.summary()
    print(f"{name:5} recall {f['recall']:.3f} ({s.n_found}/{s.n_gold})  "
          f"precision {f['precision']:.3f} ({s.n_pred_matched}/{s.n_pred})  "
          f"date accuracy {f['date_accuracy']:.3f}  actor recall {f['actor_recall']:.3f}")
    if not verbose:
        return
    for g, _uid, m in s.matched:
        ok = "=" if (m.date_start, m.date_end) == (g.date_start, g.date_end) else "~"
        print(f"   {ok} {g.article[:2]} {g.label[:60]:60} gold {g.date_start}..{g.date_end}"
              f"  pred {m.date_start}..{m.date_end} [{m.title}]")
    for g in s.missed:
        print(f"   MISSED{' (optional)' if g.optional else ''} {g.article[:2]} {g.label}")
    for _uid, m in s.false_positives:
        print(f"   FP {m.article_id[:2]} {m.date_start}..{m.date_end} {m.title!r} <- {m.sentence[:70]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    dev = args.shared / "corpora" / "news-dev"
    seeds = args.shared / "seeds"
    if not dev.is_dir() or not seeds.is_dir():
        print(f"news_eval: {args.shared} has no corpora/news-dev or seeds", file=sys.stderr)
        return 2
    registry = ActorRegistry.load()
    t0 = time.perf_counter()
    seed_texts, _, seed_events = build([seeds], SEED_PUBLISHED, registry)
    dev_texts, _, dev_events = build([dev / "articles"], None, registry)
    elapsed = time.perf_counter() - t0
    seed_score = score(seed_events, load_gold(dev / "seed-gold.jsonl"), seed_texts, registry)
    dev_score = score(dev_events, load_gold(dev / "gold.jsonl"), dev_texts, registry)
    _report("seed", seed_score, args.verbose)
    _report("dev", dev_score, args.verbose)
    # Cross-set merges: build both together.
    _, s_mentions, _ = build([seeds], SEED_PUBLISHED, registry)
    _, d_mentions, _ = build([dev / "articles"], None, registry)
    from timeline.merge import merge

    events = merge(s_mentions + d_mentions)
    for label, pred in (
        ("US-Russia talks (seed) + Riyadh meeting (07)",
         lambda e: {m.article_id[:2] for m in e.mentions} >= {"ma", "07"}
         and e.event_type == "CONSULT" and "Riyadh" in e.locations),
        ("full-scale invasion recalled by seed, 10, 12",
         lambda e: e.event_type == "ASSAULT" and {m.article_id[:2] for m in e.mentions}
         >= {"ma", "10", "12"}),
    ):
        hits = [e for e in events if pred(e)]
        desc = "; ".join(f"{e.date_start}..{e.date_end} {e.status} {e.n_mentions} mentions"
                         for e in hits)
        print(f"merge: {label}: {'OK' if len(hits) == 1 else 'FAIL'} {desc}")
    print(f"time: {elapsed:.2f} s for {len(seed_texts) + len(dev_texts)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
