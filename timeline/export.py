"""File exports: CSV tables, JSON, GraphML, GEXF and TimelineJS3 JSON.

Guarantees:

- **Spreadsheet-safe CSV.**  A text cell beginning with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return would be run as a formula by Excel,
  LibreOffice or Google Sheets; it is written with a leading ``'``
  (OWASP "CSV injection").  Numeric and date columns are never touched, so a
  negative number stays a number.  ``raw=True`` turns this off.  Quoting is
  minimal (``csv.QUOTE_MINIMAL``), lines end with ``\\n``, encoding is UTF-8.
- **Whole, atomic outputs.**  Every file is first written to a temporary
  file in the output folder, and only when all of them are written are they
  moved into place with :func:`os.replace`; a failure leaves the previous
  outputs as they were.  The tables and JSON files are rendered and written
  in chunks of rows or events, one file after the other, so a large build
  never holds a whole table, its text and its bytes at once.  ``.timeline-manifest.json``
  lists the files of the run; files listed by the previous run's manifest
  that this run does not write are removed, so a folder never mixes runs.
  File names are fixed: no article id or title ever becomes part of a path.
- **Deterministic.**  The same records in any order give byte-identical
  files: rows, nodes, edges and mentions are sorted, no file holds a
  timestamp (the GEXF ``lastmodifieddate`` is dropped), floats have a fixed
  format.

Examples
--------
>>> import tempfile
>>> from timeline.pipeline import Timeline
>>> paths = write_all(Timeline(records=[]), tempfile.mkdtemp())
>>> sorted(p.name for p in paths)[:3]
['actors.csv', 'actors.gexf', 'actors.graphml']
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from timeline import graph as graph_mod
from timeline import table
from timeline.models import Actor, Event, to_dict

if TYPE_CHECKING:
    from timeline.pipeline import Timeline

MANIFEST = ".timeline-manifest.json"
#: Characters that make a spreadsheet cell a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FLOAT_FORMAT = "%.10g"
#: TimelineJS3: how many evidence sentences to show per event.
TIMELINEJS_MAX_QUOTES = 5


# -- CSV ------------------------------------------------------------------------
def neutralise(value: object) -> object:
    """Prefix ``'`` to a string a spreadsheet would run as a formula.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("Macron"), neutralise(-3)
    ('\\'=HYPERLINK("http://x")', 'Macron', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(df: pd.DataFrame, raw: bool = False) -> str:
    """The CSV text of a table: ISO dates, neutralised text cells unless ``raw``.

    RFC 4180 minimal quoting: a cell is quoted when it holds a comma, a double
    quote, ``\\n`` or ``\\r`` (Python's csv writer leaves a lone ``\\r`` unquoted
    when lines end with ``\\n``, which splits the row on reading, hence this
    writer).  Missing values are empty cells; floats use :data:`FLOAT_FORMAT`.

    Examples
    --------
    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"title": ["=1+1", "a, b"], "delta": [-2, 3]})), end="")
    title,delta
    '=1+1,-2
    "a, b",3
    """
    return _csv_rows(df, raw, header=True)


def _csv_rows(df: pd.DataFrame, raw: bool, *, header: bool) -> str:
    """The CSV lines of ``df`` (each ended by ``\\n``), with or without the header."""
    columns = [_csv_column(df[col], raw) for col in df.columns]
    if len(columns) == 1:  # a lone empty cell would be a blank line, which readers skip
        columns = [[c or '""' for c in columns[0]]]
    lines = [",".join(_quote(str(c)) for c in df.columns)] if header else []
    lines.extend(",".join(row) for row in zip(*columns, strict=True))
    return "\n".join(lines) + "\n" if lines else ""


def _csv_chunks(frames: Iterable[pd.DataFrame], raw: bool) -> Iterator[bytes]:
    """The bytes of :func:`csv_text` of the frames concatenated, one chunk per frame."""
    for i, df in enumerate(frames):
        yield _csv_rows(df, raw, header=i == 0).encode("utf-8")


def _csv_column(s: pd.Series, raw: bool) -> list[str]:
    if pd.api.types.is_datetime64_any_dtype(s):
        return [_iso(v) or "" for v in s]
    if pd.api.types.is_bool_dtype(s) and not isinstance(s.dtype, pd.CategoricalDtype):
        return ["True" if v else "False" for v in s]
    if pd.api.types.is_integer_dtype(s) and not isinstance(s.dtype, pd.CategoricalDtype):
        return ["" if pd.isna(v) else str(int(v)) for v in s]
    if pd.api.types.is_float_dtype(s):
        return ["" if v != v else FLOAT_FORMAT % v for v in s]
    out = []
    for v in s.astype(object):
        if _missing(v):
            out.append("")
            continue
        if not raw:
            v = neutralise(v)
        out.append(_quote(v if isinstance(v, str) else str(v)))
    return out


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _quote(cell: str) -> str:
    if _NEEDS_QUOTES.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_csv(df: pd.DataFrame, path: str | os.PathLike[str], raw: bool = False) -> Path:
    """Write one table as spreadsheet-safe CSV, atomically.

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :mod:`timeline.table` (or any frame).
    path : path
        Destination file.
    raw : bool
        Write cells exactly as they are (no formula neutralisation).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> p = write_csv(pd.DataFrame({"a": ["x, y"]}), pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> p.read_text()
    'a\\n"x, y"\\n'
    """
    path = Path(path)
    _write_atomic(path.parent, {path.name: csv_text(df, raw).encode("utf-8")})
    return path


# -- JSON -----------------------------------------------------------------------
def events_json(events: list[Event], actors: Mapping[str, Actor]) -> list[dict[str, Any]]:
    """The events as JSON-ready dicts: the events-table fields, lists as lists,
    ISO dates, ``actor_ids`` and the mentions nested (sorted).

    Examples
    --------
    >>> events_json([], {})
    []
    """
    return list(_events_json_items(events, actors))


def _events_json_items(events: Iterable[Event], actors: Mapping[str, Actor]) -> Iterator[dict[str, Any]]:
    for ev in table.sort_events(events):
        rec = {k: _jsonable(v) for k, v in table.event_record(ev, actors).items()}
        rec["actor_ids"] = list(ev.actors)
        rec["mentions"] = [to_dict(m) for m in table.sort_mentions(ev.mentions)]
        yield rec


def timelinejs(events: list[Event], actors: Mapping[str, Actor],
               title: str = "Timeline") -> dict[str, Any]:
    """The events in the TimelineJS3 JSON format.

    Dates carry the precision of the event: month and day are omitted for a
    month, quarter (month only), year, decade or century.  Undated events are
    left out (TimelineJS needs a year).  Approximate dates get a
    ``display_date`` beginning with "c.".

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Event
    >>> ev = Event("e1", date(2022, 1, 1), date(2022, 12, 31), "year", "approximate",
    ...            "occurred", "ASSAULT", "Full-scale invasion of Ukraine")
    >>> timelinejs([ev], {})["events"][0]["start_date"]
    {'year': '2022'}
    """
    items = list(_tjs_items(events, actors))
    return {"title": _tjs_title(events, len(items), title), "events": items}


def _tjs_title(events: Iterable[Event], n_items: int, title: str) -> dict[str, Any]:
    n_articles = len({m.article_id for ev in events for m in ev.mentions})
    return {"text": {"headline": html.escape(title),
                     "text": f"{n_items} dated events from {n_articles} articles"}}


def _tjs_items(events: Iterable[Event], actors: Mapping[str, Actor]) -> Iterator[dict[str, Any]]:
    """The TimelineJS items of the dated events, in table order."""
    for ev in table.sort_events(events):
        start, end = table.event_span(ev)
        if start is None or end is None:
            continue
        gran = ev.granularity or "day"
        item: dict[str, Any] = {"start_date": _tjs_date(start, gran)}
        end_date = _tjs_date(end, gran)
        if end_date != item["start_date"]:
            item["end_date"] = end_date
        item["text"] = {"headline": html.escape(ev.title), "text": _tjs_text(ev, actors)}
        item["group"] = ev.event_type
        item["unique_id"] = ev.event_id
        if ev.certainty != "exact":
            item["display_date"] = "c. " + _display(start, end, gran)
        yield item


# -- graphs ---------------------------------------------------------------------
def graphml_bytes(G: nx.Graph) -> bytes:
    """The graph as GraphML (attributes must be str/int/float/bool, never None).

    Examples
    --------
    >>> graphml_bytes(nx.Graph()).startswith(b"<?xml")
    True
    """
    buf = io.BytesIO()
    nx.write_graphml(_plain(G), buf, encoding="utf-8")
    return buf.getvalue()


def gexf_bytes(G: nx.Graph) -> bytes:
    """The graph as dynamic GEXF: every node and edge has the time ``spells``
    of its events (ISO dates), so Gephi's timeline plays the network over time.

    Nodes and edges with no dated event have no spell (always shown).

    Examples
    --------
    >>> b"lastmodifieddate" in gexf_bytes(nx.Graph())
    False
    """
    H = nx.Graph()
    H.graph["mode"] = "dynamic"
    for n, data in G.nodes(data=True):
        attrs = {k: v for k, v in data.items() if v is not None}
        attrs["label"] = str(data.get("name", n))
        sp = graph_mod.spells(data)
        if sp:
            attrs["spells"] = sp
        H.add_node(n, **attrs)
    for u, v, data in G.edges(data=True):
        attrs = {k: x for k, x in data.items() if x is not None}
        sp = graph_mod.spells(data)
        if sp:
            attrs["spells"] = sp
        H.add_edge(u, v, **attrs)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8")
    # networkx stamps today's date; drop it so identical input gives identical bytes
    return re.sub(rb'\s+lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


# -- everything -------------------------------------------------------------------
OUTPUTS = ("events.csv", "mentions.csv", "actors.csv", "articles.csv", "events.json",
           "timeline.json", "actors.graphml", "actors.gexf")


def render_all(tl: Timeline, *, raw_csv: bool = False,
               outputs: Iterable[str] | None = None) -> dict[str, bytes]:
    """Every output file's bytes, by file name (nothing is written).

    Examples
    --------
    >>> from timeline.pipeline import Timeline
    >>> sorted(render_all(Timeline(records=[])))[0]
    'actors.csv'
    """
    return {name: b"".join(chunks()) for name, chunks in _renderers(tl, raw_csv, outputs).items()}


def _renderers(tl: Timeline, raw_csv: bool,
               outputs: Iterable[str] | None) -> dict[str, Callable[[], Iterable[bytes]]]:
    """For each wanted output, in :data:`OUTPUTS` order, a function giving its bytes in chunks."""
    events, actors = list(tl.records), tl.actor_records
    renderers: dict[str, Callable[[], Iterable[bytes]]] = {
        "events.csv": lambda: _csv_chunks(_table_frames(tl, "events"), raw_csv),
        "mentions.csv": lambda: _csv_chunks(_table_frames(tl, "mentions"), raw_csv),
        "actors.csv": lambda: _csv_chunks(_table_frames(tl, "actors"), raw_csv),
        "articles.csv": lambda: _csv_chunks(_table_frames(tl, "articles"), raw_csv),
        "events.json": lambda: _json_list_chunks(_events_json_items(events, actors), b"\n"),
        "timeline.json": lambda: _timelinejs_chunks(events, actors),
        "actors.graphml": lambda: [graphml_bytes(tl.graph)],
        "actors.gexf": lambda: [gexf_bytes(tl.graph)],
    }
    wanted = set(OUTPUTS if outputs is None else outputs)
    unknown = wanted - set(OUTPUTS)
    if unknown:
        raise ValueError(f"unknown output(s) {', '.join(sorted(unknown))}; "
                         f"expected some of {', '.join(OUTPUTS)}")
    return {name: renderers[name] for name in OUTPUTS if name in wanted}


#: Rows per chunk when a table is written: bounds the text held at once.
CSV_CHUNK_ROWS = 20_000


def _table_frames(tl: Timeline, kind: str) -> Iterator[pd.DataFrame]:
    """A table of ``tl`` in chunks of rows, without keeping the whole frame.

    A frame the caller already built (``tl.events`` ...) is sliced; otherwise
    chunks are made from the records and dropped once written, so the
    timeline does not grow by a copy of every table."""
    cached = getattr(tl, "__dict__", {}).get(kind)
    if isinstance(cached, pd.DataFrame):
        for i in range(0, max(len(cached), 1), CSV_CHUNK_ROWS):
            yield cached.iloc[i:i + CSV_CHUNK_ROWS]
        return
    if kind == "actors":  # one row per actor: small
        yield table.actors_frame(tl.records, tl.actor_records)
        return
    rows = {
        "events": lambda: table.event_rows(tl.records, tl.actor_records),
        "mentions": lambda: table.mention_rows(tl.records, tl.actor_records),
        "articles": lambda: table.article_rows(tl.article_records, tl.errors, tl.records),
    }[kind]()
    yield from table.frames(kind, rows, CSV_CHUNK_ROWS)


def _timelinejs_chunks(events: list[Event], actors: Mapping[str, Actor]) -> Iterator[bytes]:
    """The bytes of ``_json_bytes(timelinejs(events, actors))``, in chunks."""
    n_items = sum(1 for ev in events if table.event_span(ev)[0] is not None)
    yield ("{\n" + _dump("title") + ": " + _dump(_tjs_title(events, n_items, "Timeline"))
           + ",\n" + _dump("events") + ": ").encode("utf-8")
    yield from _json_list_chunks(_tjs_items(events, actors), b"\n}\n")


def write_all(tl: Timeline, out_dir: str | os.PathLike[str], *, raw_csv: bool = False,
              outputs: Iterable[str] | None = None,
              extra: Mapping[str, bytes] | None = None) -> list[Path]:
    """Write every export of a timeline into ``out_dir``, atomically as a whole.

    Writes ``events.csv``, ``mentions.csv``, ``actors.csv``, ``articles.csv``,
    ``events.json``, ``timeline.json`` (TimelineJS3), ``actors.graphml``,
    ``actors.gexf`` and the manifest ``.timeline-manifest.json``.

    Parameters
    ----------
    tl : Timeline
        The built timeline.
    out_dir : path
        Output folder, created if missing.
    raw_csv : bool
        Do not neutralise spreadsheet formulas in CSV cells.
    outputs : iterable of str, optional
        Only these names of :data:`OUTPUTS` (default: all).
    extra : mapping, optional
        More files of the run, ``name -> bytes`` (e.g. ``timeline.html``), written
        atomically with the others and listed in the manifest.  Names must be
        plain file names.

    Returns
    -------
    list of Path
        The files written (without the manifest): :data:`OUTPUTS` order, then
        ``extra`` sorted by name.

    Examples
    --------
    >>> import tempfile
    >>> from timeline.pipeline import Timeline
    >>> len(write_all(Timeline(records=[]), tempfile.mkdtemp()))
    8
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"output path is not a folder: {out}")
    files: dict[str, bytes | Callable[[], Iterable[bytes]]] = dict(
        _renderers(tl, raw_csv, outputs))
    for name in sorted(extra or {}):
        if name in files or name == MANIFEST:
            raise ValueError(f"extra output {name!r} clashes with a built-in output")
        files[name] = bytes(extra[name])
    names = list(files)
    out.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(out)
    files[MANIFEST] = _json_bytes({"files": sorted(names)})
    _write_atomic(out, files)
    # after the new set is in place: drop what only the previous run wrote
    for name in sorted(previous - set(files)):
        (out / name).unlink(missing_ok=True)
    return [out / name for name in names]


def adopt(out_dir: str | os.PathLike[str], names: Iterable[str | os.PathLike[str]]) -> None:
    """Add files written into ``out_dir`` by someone else (``timeline.html``) to
    the manifest of the run, so that the next :func:`write_all` replaces or
    removes them like its own.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timeline.pipeline import Timeline
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write_all(Timeline(records=[]), out)
    >>> _ = (out / "timeline.html").write_text("<html></html>")
    >>> adopt(out, ["timeline.html"])
    >>> "timeline.html" in (out / MANIFEST).read_text()
    True
    """
    out = Path(out_dir)
    current = _read_manifest(out)
    for name in names:
        path = Path(name)
        plain = path.name
        if (path.parent not in (Path("."), out) and path.resolve().parent != out.resolve()) \
                or plain in ("", ".", "..", MANIFEST):
            raise ValueError(f"not a file of {out}: {name}")
        if not (out / plain).is_file():
            raise FileNotFoundError(f"no such output: {out / plain}")
        current.add(plain)
    _write_atomic(out, {MANIFEST: _json_bytes({"files": sorted(current)})})


# -- helpers --------------------------------------------------------------------
def _write_atomic(out: Path, files: Mapping[str, bytes | Callable[[], Iterable[bytes]]]) -> None:
    """Write all ``files`` to temporaries in ``out``, then move them into place.

    A value is the file's bytes, or a function giving them in chunks: it is
    called when its file is written, so only one file is rendered at a time."""
    out.mkdir(parents=True, exist_ok=True)
    # mkstemp creates 0600 files; outputs get the usual mode under the umask.
    umask = os.umask(0)
    os.umask(umask)
    mode = 0o666 & ~umask
    temps: dict[str, str] = {}
    try:
        for name, data in files.items():
            if Path(name).name != name or name in ("", ".", ".."):
                raise ValueError(f"refusing to write outside {out}: {name!r}")
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            temps[name] = tmp
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as fh:
                for chunk in ([data] if isinstance(data, bytes | bytearray) else data()):
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
        for name, tmp in temps.items():
            os.replace(tmp, out / name)
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)


def _read_manifest(out: Path) -> set[str]:
    """File names listed by a previous run (plain names inside ``out`` only)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        names = data.get("files", []) if isinstance(data, dict) else []
    except (OSError, ValueError):
        return set()
    return {n for n in names if isinstance(n, str) and n and Path(n).name == n
            and n not in (".", "..", MANIFEST)}


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _json_list_chunks(values: Iterable[object], end: bytes, per: int = 500) -> Iterator[bytes]:
    """The bytes of a list as :func:`_json_bytes` writes it (then ``end``), in
    chunks of ``per`` items: the items are made one at a time, never all held."""
    buf: list[str] = []
    first = True
    for value in values:
        buf.append(("[\n" if first else ",\n") + _dump(value))
        first = False
        if len(buf) >= per:
            yield "".join(buf).encode("utf-8")
            buf = []
    buf.append("[]" if first else "\n]")
    yield "".join(buf).encode("utf-8") + end


def _json_bytes(obj: object) -> bytes:
    """JSON with one list item (event) per line: diffable, and fast because the
    C encoder only runs without ``indent``."""
    dump = _dump

    def items(values: list) -> str:
        return "[]" if not values else "[\n" + ",\n".join(dump(v) for v in values) + "\n]"

    if isinstance(obj, list):
        text = items(obj)
    elif isinstance(obj, dict):
        text = "{\n" + ",\n".join(
            f"{dump(k)}: {items(v) if isinstance(v, list) else dump(v)}" for k, v in obj.items()
        ) + "\n}"
    else:
        text = dump(obj)
    return (text + "\n").encode("utf-8")


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _iso(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _plain(G: nx.Graph) -> nx.Graph:
    """A copy without ``None`` attributes (GraphML cannot hold them)."""
    H = G.__class__()
    H.graph.update({k: v for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: x for k, x in d.items() if x is not None})
    return H


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _tjs_date(d: date, granularity: str) -> dict[str, str]:
    if granularity in ("day", "week"):
        return {"year": str(d.year), "month": str(d.month), "day": str(d.day)}
    if granularity in ("month", "quarter"):
        return {"year": str(d.year), "month": str(d.month)}
    return {"year": str(d.year)}


def _display(start: date, end: date, granularity: str) -> str:
    def one(d: date) -> str:
        if granularity in ("day", "week"):
            return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
        if granularity in ("month", "quarter"):
            return f"{_MONTHS[d.month - 1]} {d.year}"
        if granularity == "decade":
            return f"{d.year // 10 * 10}s"
        if granularity == "century":
            return f"{d.year // 100 * 100}s"
        return str(d.year)

    a, b = one(start), one(end)
    return a if a == b else f"{a} – {b}"


def _tjs_text(ev: Event, actors: Mapping[str, Actor]) -> str:
    parts = []
    names = table.actor_names(ev.actors, actors)
    if names:
        parts.append(f"<p><b>Actors:</b> {html.escape(', '.join(names))}</p>")
    mentions = table.sort_mentions(ev.mentions)
    for m in mentions[:TIMELINEJS_MAX_QUOTES]:
        parts.append(f"<blockquote>{html.escape(m.sentence)}</blockquote>"
                     f"<p><i>{html.escape(m.article_id)}</i></p>")
    if len(mentions) > TIMELINEJS_MAX_QUOTES:
        parts.append(f"<p>and {len(mentions) - TIMELINEJS_MAX_QUOTES} more reports</p>")
    return "".join(parts)
