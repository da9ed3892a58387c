"""Time the interactive HTML page at scale: write it, load and render it in headless Chromium.

Usage::

    python benchmarks/bench_html.py [--events 10000] [--actors 200] [--repeat 3]
                                    [--corpus DIR --published 2025-02-18] [--keep DIR]

Without ``--corpus`` the timeline is synthetic (``tests/_plot_data.py``:
events spread over 2015-2026 with Zipf-like actor activity, 80 % single
days, weeks, months and approximate years, 3 % planned).  With ``--corpus``
the timeline is built from articles (e.g. written by ``make_corpus.py``).

Prints the write time and file size (inline and ``cdn``), then for each
page load in a fresh tab: the time from navigation start to "rendered"
(table, timeline and network drawn; the page's own ``performance.now()``
marks), its breakdown, the wall-clock time seen by the driver (navigation to
``window.timelineApp.ready`` observed, including polling), and for the first
load the time to apply an actor filter and a date span.  Target: rendered in under 5 s for 10,000 events.  Needs
/usr/bin/chromium (or ``$TIMELINE_CHROMIUM``) and the ``playwright`` package;
all non-file requests are blocked.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from timeline import plot  # noqa: E402

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

INTERACT = """async () => {
  const app = window.timelineApp, out = {};
  let t = performance.now();
  const menu = document.getElementById('actor-menu');
  menu.selectedIndex = 1; menu.dispatchEvent(new Event('change'));
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  out.actor_ms = Math.round(performance.now() - t);
  out.actor_rows = app.matchingRows();
  t = performance.now();
  await Plotly.relayout('timeline', {'xaxis.range': ['2020-01-01', '2020-12-31']});
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  out.span_ms = Math.round(performance.now() - t);
  out.span_rows = app.matchingRows();
  return out;
}"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--actors", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", help="build the timeline from these articles instead")
    ap.add_argument("--published", default=None)
    ap.add_argument("--keep", help="write the pages into this folder (default: a temp folder)")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    if args.corpus:
        import timeline

        tl = timeline.build(args.corpus, published=args.published, jobs=None)
        what = f"corpus {args.corpus}"
    else:
        from _plot_data import synthetic_timeline

        tl = synthetic_timeline(args.events, n_actors=args.actors)
        what = "synthetic"
    print(f"timeline: {len(tl.records)} events ({what}), {len(tl.actors)} actors, "
          f"{time.perf_counter() - t:.1f} s to make")

    out_dir = Path(args.keep or tempfile.mkdtemp(prefix="bench-html-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for mode in ("inline", "cdn"):
        t = time.perf_counter()
        path = plot.write_html(tl, out_dir / f"timeline-{mode}.html", mode)
        sizes[mode] = path.stat().st_size
        print(f"write_html({mode}): {time.perf_counter() - t:.2f} s, "
              f"{sizes[mode] / 1e6:.2f} MB  ({path})")

    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: load time not measured")
        return 1
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed: load time not measured")
        return 1
    page_path = out_dir / "timeline-inline.html"
    walls, inpage = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for k in range(args.repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            blocked: list[str] = []
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda x, e=errors: e.append(str(x)))

            def route(r, b=blocked):
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    b.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            t = time.perf_counter()
            page.goto(page_path.resolve().as_uri(), wait_until="commit")
            page.wait_for_function("window.timelineApp !== undefined", timeout=60_000)
            page.evaluate("window.timelineApp.ready")
            wall = time.perf_counter() - t
            marks = page.evaluate("window.timelineApp.timings")
            # Rendered = timeline and network drawn, in ms since navigation start.
            rendered = marks["network"] / 1000
            walls.append(wall)
            inpage.append(rendered)
            line = (f"load {k + 1}: rendered {rendered:.2f} s after navigation start (script "
                    f"start {marks['start']} ms, table {marks['table']} ms, timeline "
                    f"{marks['timeline']} ms, network {marks['network']} ms); wall clock "
                    f"{wall:.2f} s")
            if k == 0:
                inter = page.evaluate(INTERACT)
                line += (f"; actor filter {inter['actor_ms']} ms ({inter['actor_rows']} rows), "
                         f"date span {inter['span_ms']} ms ({inter['span_rows']} rows)")
            print(line)
            if errors or blocked:
                print(f"  console errors: {errors}; blocked requests: {blocked}")
            page.close()
        browser.close()
    print(f"median: rendered {statistics.median(inpage):.2f} s after navigation start "
          f"(target < 5 s), wall clock {statistics.median(walls):.2f} s; file "
          f"{sizes['inline'] / 1e6:.2f} MB "
          f"inline, {sizes['cdn'] / 1e6:.2f} MB cdn")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
