"""TempEval-3 Task A evaluation of ``timeline.temporal.tag`` on TimeBank + AQUAINT.

Usage::

    python benchmarks/timeml_eval.py [--root DIR] [--errors] [--only MISS|VALUE|FP]
                                     [--population all|date_time]

Prints strict/relaxed extraction P/R/F1, type F1 and value F1 over all TIMEX3
and over DATE+TIME alone (gold and predictions both restricted to DATE/TIME).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from timeline.temporal import tag
from timeline.timeml import evaluate, load_corpus

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "timeml"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--errors", action="store_true", help="print mismatches")
    ap.add_argument("--only", choices=["MISS", "VALUE", "FP"], help="with --errors: one kind")
    ap.add_argument("--population", choices=["all", "date_time"], default="all",
                    help="with --errors: the errors of all TIMEX3 or of DATE+TIME alone")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"{args.root}: TimeML corpus not found", file=sys.stderr)
        return 2
    docs = load_corpus(args.root)
    t0 = time.perf_counter()
    populations = {"all TIMEX3": None, "DATE+TIME": ("DATE", "TIME")}
    results = {name: evaluate(docs, tag, types, keep_errors=args.errors)
               for name, types in populations.items()}
    dt = time.perf_counter() - t0
    if args.errors:
        for line in results["all TIMEX3" if args.population == "all" else "DATE+TIME"].errors:
            if args.only is None or line.startswith(args.only):
                print(line)
        print()
    print(f"{len(docs)} documents, {sum(len(d.text) for d in docs):,} chars, "
          f"tagged twice in {dt:.2f} s")
    print(f"{'population':<12} {'gold':>5} {'pred':>5} | {'strict P':>8} {'R':>6} {'F1':>6} | "
          f"{'relaxed P':>9} {'R':>6} {'F1':>6} | {'type F1':>7} {'value F1':>8}")
    for name, s in results.items():
        d = s.as_dict()
        print(f"{name:<12} {s.n_gold:>5} {s.n_pred:>5} | {d['strict_p']:>8.3f} {d['strict_r']:>6.3f} "
              f"{d['strict_f1']:>6.3f} | {d['relaxed_p']:>9.3f} {d['relaxed_r']:>6.3f} "
              f"{d['relaxed_f1']:>6.3f} | {d['type_f1']:>7.3f} {d['value_f1']:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
