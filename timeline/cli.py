"""Command line: a thin layer over the Python API.

Exit status: 0 when every input was read, 1 when some inputs were skipped
(each named on stderr with its reason), 2 for usage errors.

Examples
--------
$ timeline dates data/macron-ukraine-2025-02-18.txt --published 2025-02-18
$ timeline build data --out out
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from timeline import __version__, compiled
from timeline.models import to_dict

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return n


class _Version(argparse.Action):
    # Imports the extraction modules (to tell whether they are compiled) only
    # when asked, not for every command line.
    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        done = compiled()
        how = "compiled: " + ", ".join(done) if done else "pure Python"
        print(f"timeline {__version__} ({how})")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="timeline",
        description="Turn news articles into a dated, sourced timeline of events.",
    )
    p.add_argument("--version", action=_Version, nargs=0,
                   help="show the version and whether the extraction is compiled, and exit")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser(
        "dates",
        help="tag and resolve the temporal expressions of one text",
        description="Tag the whole input as it is (no header parsing; offsets index the decoded text).",
    )
    d.add_argument("input", help="a text file, or - for standard input")
    d.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD (the anchor)")
    d.add_argument("--format", choices=("jsonl", "table"), default="jsonl")

    b = sub.add_parser(
        "build",
        help="build the timeline of a set of articles",
        description="Read articles (files, folders, or - for stdin) and write the timeline outputs.",
    )
    b.add_argument("inputs", nargs="+", help="files, folders (recursive) or - for stdin")
    b.add_argument("--out", default="out", help="output folder (default: out)")
    b.add_argument("--published", type=_iso_date,
                   help="publication date for articles whose metadata has none")
    b.add_argument("--actors", help="actor data file (YAML or CSV) extending the bundled data")
    b.add_argument("--plotlyjs", choices=("inline", "cdn"), default="inline",
                   help="embed plotly.js (default, works offline) or load it from the CDN")
    b.add_argument("--lanes", choices=("actor", "type", "location", "article"), default="actor")
    b.add_argument("--png", action="store_true", help="also write timeline.png (needs Chromium)")
    b.add_argument("--no-html", action="store_true", help="skip the HTML output")
    b.add_argument("--jobs", type=_positive_int, default=None,
                   help="worker processes for extraction (default: all cores)")
    b.add_argument("--max-bytes", type=_positive_int, default=50_000_000,
                   help="refuse input files larger than this (default: 50000000)")
    b.add_argument("--strict", action="store_true", help="stop at the first bad input")
    b.add_argument("--raw-csv", action="store_true",
                   help="do not neutralise spreadsheet formulas in CSV cells")
    b.add_argument("--cache", help="folder for per-article extraction results")
    b.add_argument("--engine", choices=("local", "dask"), default="local")
    b.add_argument("--scheduler", help="Dask scheduler address (with --engine dask)")
    prog = b.add_mutually_exclusive_group()
    prog.add_argument("--progress", action="store_true", help="always show a progress bar")
    prog.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command == "dates":
        return _cmd_dates(args)
    return _cmd_build(args)


def _cmd_dates(args: argparse.Namespace) -> int:
    from timeline import ingest, temporal

    name = "<stdin>" if args.input == "-" else args.input
    try:
        data = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
        text, warnings = ingest.decode(data, name)
    except (OSError, ValueError) as exc:
        print(f"timeline: {name}: {exc}", file=sys.stderr)
        return EXIT_SKIPPED
    for w in warnings:
        print(f"timeline: {name}: {w}", file=sys.stderr)
    published = args.published
    if published is None:
        published, source, notes = ingest.resolve_published({}, text, None)
        if published is None:
            print(f"timeline: {name}: no publication date given or found; "
                  "relative dates are unresolved (use --published YYYY-MM-DD)", file=sys.stderr)
        else:
            print(f"timeline: {name}: using the {source} publication date {published.isoformat()} "
                  "(give --published to override)", file=sys.stderr)
    rows = [to_dict(t) for t in temporal.tag(text, published)]
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        _print_table(rows)
    return EXIT_OK


def _print_table(rows: list[dict]) -> None:
    cols = ("start", "end", "text", "type", "value", "date_start", "date_end", "granularity",
            "certainty", "reason")
    cells = [[str(r.get(c) if r.get(c) is not None else "") for c in cols] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _cmd_build(args: argparse.Namespace) -> int:
    from timeline import export, pipeline, runner

    def report(err) -> None:
        print(f"timeline: skipped {err}", file=sys.stderr)

    def warn(article, message: str) -> None:
        if not args.quiet:
            print(f"timeline: warning: {article.path or article.article_id}: {message}",
                  file=sys.stderr)

    started = time.perf_counter()
    try:
        tl = pipeline.build(
            args.inputs,
            published=args.published,
            actors=args.actors,
            jobs=args.jobs,
            max_bytes=args.max_bytes,
            strict=args.strict,
            cache=args.cache,
            engine=args.engine,
            scheduler=args.scheduler,
            progress=True if args.progress else (False if args.quiet else None),
            on_error=report,
            on_warning=warn,
        )
    except pipeline.StrictModeError as exc:
        print(f"timeline: stopped (--strict): {exc}", file=sys.stderr)
        return EXIT_SKIPPED
    except runner.MissingExtra as exc:
        print(f"timeline: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError) as exc:
        print(f"timeline: {exc}", file=sys.stderr)
        return EXIT_USAGE
    written = export.write_all(tl, args.out, raw_csv=args.raw_csv)
    if not args.no_html:
        from timeline import plot

        html = plot.write_html(tl, Path(args.out) / "timeline.html",
                               plotlyjs=args.plotlyjs, lanes=args.lanes)
        export.adopt(args.out, [html])  # so a later run replaces or removes it
        written.append(html)
    if args.png:
        from timeline import plot

        try:
            written.append(plot.write_png(tl, Path(args.out) / "timeline.png"))
        except RuntimeError as exc:
            print(f"timeline: no PNG: {exc}", file=sys.stderr)
    if not args.quiet:
        n_art = len(tl.article_records)
        elapsed = time.perf_counter() - started
        reused = (f"; cache: {tl.timings.get('cache_hits', 0):.0f} reused, "
                  f"{tl.timings.get('cache_misses', 0):.0f} computed" if args.cache else "")
        print(f"read {n_art} article(s), {len(tl.errors)} error(s); "
              f"{len(tl.records)} event(s), {len(tl.actor_records)} actor(s) "
              f"in {elapsed:.1f} s ({n_art / max(elapsed, 1e-9):.0f} articles/s){reused}",
              file=sys.stderr)
        for path in written:
            print(path)
    return EXIT_SKIPPED if tl.errors else EXIT_OK
