"""Interactive outputs: Plotly figures of the timeline and actor network, one offline HTML page.

- :func:`timeline_figure` -- time on x, one lane per actor (or type, location,
  article); day events as markers, ranges as bars with the marker at their
  centre, approximate or inferred dates faded with a dotted bar, planned events
  hollow, colour by event type, a range slider and a hover card with the
  evidence sentence.
- :func:`network_figure` -- the actor network (optionally for a date span).
- :func:`write_html` -- one self-contained HTML file: timeline, network, a
  sortable/filterable events table and an actor menu that filters all three;
  zooming the timeline restricts the network and table to the visible span.
- :func:`write_png` -- a static PNG of the timeline through kaleido and the
  system Chromium.
- :func:`summary_html` -- the short notebook representation of a timeline.

Events without a date are listed in the table but cannot be placed on the
time axis.  Colours and labels live in ``timeline/data/plot.yaml``; the page's
script and style in ``timeline/data/plot.js`` and ``plot.css``.

Examples
--------
>>> from datetime import date
>>> from timeline.models import Event
>>> from timeline.pipeline import Timeline
>>> ev = Event("e1", date(2025, 2, 17), date(2025, 2, 17), "day", "exact", "occurred",
...            "CONSULT", "Macron hosts European leaders in Paris", actors=("macron",))
>>> fig = timeline_figure(Timeline(records=[ev]))
>>> fig.data[0].type, len(fig.data[0].x)
('scatter', 1)
>>> date_label(date(2025, 2, 10), date(2025, 2, 16), "week")
'week of 10 Feb 2025'
"""

from __future__ import annotations

import html
import json
import math
import os
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import plotly.graph_objects as go

from timeline._yaml import load_yaml as _load_yaml
from timeline.models import Event

if TYPE_CHECKING:
    import networkx as nx

    from timeline.pipeline import Timeline

#: Past this many marker points the timeline uses WebGL (``go.Scattergl``).
GL_THRESHOLD = 2000
#: Lanes drawn at most; the least active actors (locations, articles) share one lane.
MAX_LANES = 40
#: Above this many nodes the network uses a circular layout (spring is O(n^2)).
SPRING_MAX_NODES = 300
LaneKind = Literal["actor", "type", "location", "article"]
LANE_KINDS: tuple[str, ...] = ("actor", "type", "location", "article")
#: Characters kept of a title in hover cards and lane labels (then an ellipsis).
TITLE_CHARS = 80
LANE_CHARS = 28
#: Mentions (evidence sentences) of an event embedded in the HTML page.
HTML_MENTIONS = 5
SENTENCE_CHARS = 600
_SAFE_SCHEMES = ("http://", "https://")
#: Vertical offsets (in lanes) of the sub-rows of a lane.
_SUBROWS = (0.0, 0.22, -0.22, 0.4, -0.4)


# -- style ----------------------------------------------------------------------
@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    """Colours and labels from ``timeline/data/plot.yaml`` (cached).

    Examples
    --------
    >>> style()["event_types"]["CONSULT"]["color"]
    '#1f77b4'
    """
    text = resources.files("timeline").joinpath("data/plot.yaml").read_text(encoding="utf-8")
    return _load_yaml(text)


def _asset(name: str) -> str:
    return resources.files("timeline").joinpath(f"data/{name}").read_text(encoding="utf-8")


def type_style(event_type: str) -> dict[str, str]:
    """``{"label", "color"}`` of an event type (a fallback for unknown types)."""
    st = style()
    known = st["event_types"].get(event_type)
    if known:
        return known
    return {"label": event_type.title() or st["other_event_type"]["label"],
            "color": st["other_event_type"]["color"]}


def actor_type_style(actor_type: str | None) -> dict[str, str]:
    """``{"label", "color"}`` of an actor type (a fallback for unknown types)."""
    st = style()
    return st["actor_types"].get(actor_type or "", st["other_actor_type"])


# -- labels ---------------------------------------------------------------------
def _day(d: date) -> str:
    return f"{d.day} {style()['months'][d.month - 1]} {d.year}"


def _month(d: date) -> str:
    return f"{style()['months'][d.month - 1]} {d.year}"


def date_label(start: date | None, end: date | None = None, granularity: str | None = "day",
               certainty: str = "exact") -> str:
    """A human label of an inclusive date interval at a granularity.

    Parameters
    ----------
    start, end : date or None
        Inclusive interval; ``end`` defaults to ``start``.
    granularity : str or None
        ``day``, ``week``, ``month``, ``quarter``, ``year``, ``decade``, ``century``.
    certainty : str
        Anything but ``exact`` prefixes the label with ``c.``.

    Returns
    -------
    str
        ``"17 Feb 2025"``, ``"14–16 Feb 2025"``, ``"week of 10 Feb 2025"``,
        ``"Feb 2025"``, ``"Q1 2025"``, ``"c. 2022"``, ``"undated"``.

    Examples
    --------
    >>> from datetime import date
    >>> date_label(date(2025, 2, 17))
    '17 Feb 2025'
    >>> date_label(date(2025, 1, 1), date(2025, 3, 31), "quarter")
    'Q1 2025'
    >>> date_label(date(2022, 1, 1), date(2022, 12, 31), "year", "approximate")
    'c. 2022'
    """
    if start is None:
        return "undated"
    end = end or start
    g = granularity or "day"
    if g == "week":
        text = f"week of {_day(start)}"
        if (end - start).days > 7:
            text = f"weeks of {_day(start)} – {_day(end - timedelta(days=6))}"
    elif g == "month":
        if (start.year, start.month) == (end.year, end.month):
            text = _month(start)
        elif start.year == end.year:
            text = f"{style()['months'][start.month - 1]} – {_month(end)}"
        else:
            text = f"{_month(start)} – {_month(end)}"
    elif g == "quarter":
        q1, q2 = (start.month - 1) // 3 + 1, (end.month - 1) // 3 + 1
        text = f"Q{q1} {start.year}"
        if (start.year, q1) != (end.year, q2):
            text += f" – Q{q2} {end.year}"
    elif g == "year":
        text = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    elif g == "decade":
        text = f"{start.year // 10 * 10}s"
    elif g == "century":
        c = start.year // 100 + 1
        suffix = "th" if 10 <= c % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(c % 10, "th")
        text = f"{c}{suffix} century"
    elif start == end:
        text = _day(start)
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}–{_day(end)}"
    elif start.year == end.year:
        text = f"{start.day} {style()['months'][start.month - 1]} – {_day(end)}"
    else:
        text = f"{_day(start)} – {_day(end)}"
    return text if certainty == "exact" else f"c. {text}"


def cut(text: object, n: int) -> str:
    """``text`` shortened to ``n`` characters with an ellipsis.

    >>> cut("Macron hosts European leaders in Paris", 20)
    'Macron hosts Europe…'
    """
    s = " ".join(str(text or "").split())
    return s if len(s) <= n else s[: max(n - 1, 0)].rstrip() + "…"


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) link, else None (no ``javascript:`` links).

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    if u.lower().startswith(_SAFE_SCHEMES) and not any(c in u for c in "\"'<> \n\r\t"):
        return u
    return None


def _esc(text: str) -> str:
    """Escape data for Plotly's pseudo-HTML labels: ``&``, ``<``, ``>`` only.

    Plotly draws labels as SVG text and decodes these entities back to text
    (it leaves ``&quot;`` as it is, so quotes are not escaped).

    >>> _esc('<a href="javascript:x">&</a>')
    '&lt;a href="javascript:x"&gt;&amp;&lt;/a&gt;'
    """
    return html.escape(text, quote=False)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


# -- the per-event view shared by the figures and the page --------------------------
@dataclass(frozen=True, slots=True)
class _View:
    events: list[Event]
    actor_ids: list[str]  # every actor in an event, sorted
    actor_index: dict[str, int]
    names: dict[str, str]
    participants: list[tuple[str, ...]]
    inferred: list[bool]
    articles: dict[str, Any]


def _participants(ev: Event) -> tuple[str, ...]:
    # The network's rule (timeline.graph.participants): named participants when
    # any mention has some, else the event's actors.
    named = {a for m in ev.mentions for a in m.participants}
    return tuple(sorted(named or set(ev.actors)))


def _sort_key(ev: Event) -> tuple:
    return (ev.date_start is None, ev.date_start or date.min, ev.event_id)


def _mention_key(m: Any) -> tuple:
    return (m.published is None, m.published or date.min, m.article_id, m.char_start,
            m.mention_id)


def _view(tl: Timeline) -> _View:
    events = sorted(tl.records, key=_sort_key)
    parts = [_participants(ev) for ev in events]
    ids = sorted({a for ev, p in zip(events, parts, strict=True) for a in (*ev.actors, *p)})
    actors = tl.actor_records
    names = {a: (actors[a].name if a in actors and actors[a].name else a) for a in ids}
    articles = {a.article_id: a for a in tl.article_records}
    inferred = []
    for ev in events:
        # A date is inferred when every report of it was dated relative to a
        # publication date that was itself guessed (or absent).
        srcs = [getattr(articles.get(m.article_id), "published_source", "none")
                for m in ev.mentions if not (m.date_reason or "").startswith("explicit")]
        inferred.append(bool(ev.mentions) and len(srcs) == len(ev.mentions)
                        and all(s in ("inferred", "none") for s in srcs))
    return _View(events, ids, {a: i for i, a in enumerate(ids)}, names, parts, inferred,
                 articles)


def _span(ev: Event) -> tuple[date | None, date | None]:
    s = ev.date_start
    e = ev.date_end if ev.date_end is not None else s
    if s is None:
        return None, None
    if e is None or e < s:
        e = s
    return s, e


def _iso_dt(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M") if (d.hour or d.minute) else d.strftime("%Y-%m-%d")


def _centre(s: date, e: date) -> str:
    # Centre of [s, e + 1 day): a one-day event sits at noon, inside its day.
    t0 = datetime(s.year, s.month, s.day)
    days = (e - s).days + 1
    return _iso_dt(t0 + timedelta(hours=12 * days))


def _first_date_text(ev: Event) -> str:
    for m in sorted(ev.mentions, key=_mention_key):
        if m.date_text:
            return m.date_text
    return ""


def _article_title(v: _View, article_id: str) -> str:
    a = v.articles.get(article_id)
    return (a.title if a is not None and a.title else "") or article_id


def _hover_card(v: _View, i: int) -> str:
    """The hover card of event ``i`` as Plotly pseudo-HTML (all data escaped).

    The page builds the same card in JavaScript (``plot.js``: ``card``).
    """
    ev = v.events[i]
    esc = _esc
    s, e = _span(ev)
    lines = [f"<b>{esc(cut(ev.title, TITLE_CHARS))}</b>"]
    when = date_label(s, e, ev.granularity, ev.certainty)
    written = _first_date_text(ev)
    if written:
        when += f" · written “{cut(written, 40)}”"
    if v.inferred[i]:
        when += " · inferred"
    if ev.status == "planned":
        when += " · planned"
    lines.append(esc(when))
    if ev.actors:
        lines.append(esc("Actors: " + cut(", ".join(v.names.get(a, a) for a in ev.actors), 90)))
    if ev.locations:
        lines.append(esc("Location: " + cut(", ".join(ev.locations), 60)))
    n_art = len({m.article_id for m in ev.mentions})
    lines.append(esc(f"{type_style(ev.event_type)['label']} · {n_art} source"
                     f"{'' if n_art == 1 else 's'}, {len(ev.mentions)} mention"
                     f"{'' if len(ev.mentions) == 1 else 's'}"))
    if ev.mentions:
        m = sorted(ev.mentions, key=_mention_key)[0]
        lines.extend(esc(x) for x in _wrap(f"“{cut(m.sentence, 280)}”", 70))
        lines.append(esc("— " + cut(_article_title(v, m.article_id), 70)))
    return "<br>".join(lines)


# -- lanes ------------------------------------------------------------------------
def _lanes(v: _View, kind: str, max_lanes: int) -> tuple[list[str], list[str | None],
                                                          list[list[int]]]:
    """Lane labels, the actor id of each lane (or None), and each event's lanes."""
    if kind not in LANE_KINDS:
        raise ValueError(f"lanes must be one of {', '.join(LANE_KINDS)}, not {kind!r}")
    lanes_cfg = style()["lanes"]
    keys_of: list[list[str]] = []
    for ev in v.events:
        if kind == "actor":
            keys = list(dict.fromkeys(ev.actors))
        elif kind == "type":
            keys = [ev.event_type]
        elif kind == "location":
            keys = list(dict.fromkeys(ev.locations))
        else:
            keys = sorted({m.article_id for m in ev.mentions})
        keys_of.append(keys)
    counts = Counter(k for i, keys in enumerate(keys_of) if v.events[i].date_start
                     for k in keys)
    if kind == "type":
        order = list(style()["event_types"])
        ranked = sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))
    else:
        label = (lambda k: v.names.get(k, k)) if kind == "actor" else str
        ranked = sorted(counts, key=lambda k: (-counts[k], label(k).lower(), k))
    top = ranked[:max_lanes] if len(ranked) > max_lanes else ranked
    index = {k: i for i, k in enumerate(top)}
    labels: list[str] = []
    actor_of: list[str | None] = []
    for k in top:
        if kind == "actor":
            labels.append(cut(v.names.get(k, k), LANE_CHARS))
            actor_of.append(k)
        elif kind == "type":
            labels.append(type_style(k)["label"])
            actor_of.append(None)
        elif kind == "article":
            labels.append(cut(_article_title(v, k), LANE_CHARS))
            actor_of.append(None)
        else:
            labels.append(cut(k, LANE_CHARS))
            actor_of.append(None)
    extra: dict[str, int] = {}

    def special(name: str) -> int:
        if name not in extra:
            extra[name] = len(labels)
            labels.append(name)
            actor_of.append(None)
        return extra[name]

    lanes_of: list[list[int]] = []
    for i, keys in enumerate(keys_of):
        if v.events[i].date_start is None:  # not drawn: no lane of its own
            lanes_of.append([])
            continue
        own = [index[k] for k in keys if k in index]
        if not own:
            own = [special(f"(other {kind}s)") if keys else
                   special(lanes_cfg.get(f"none_{kind}", "(none)"))]
        lanes_of.append(own)
    return labels, actor_of, lanes_of


# -- timeline figure ----------------------------------------------------------------
def timeline_figure(tl: Timeline, lanes: LaneKind = "actor", *, max_lanes: int = MAX_LANES,
                    hover: bool = True, gl: bool | None = None,
                    height: int | None = None, start: date | str | None = None,
                    end: date | str | None = None) -> go.Figure:
    """The timeline as a Plotly figure: time on x, one lane per actor (or type, ...).

    Parameters
    ----------
    tl : Timeline
        A built timeline.
    lanes : {"actor", "type", "location", "article"}
        What a lane is.  An event appears in each of its actors' (locations',
        articles') lanes; past ``max_lanes`` the least active share one lane.
    max_lanes : int
        Lanes drawn at most (plus the shared and the "none" lane).
    hover : bool
        Build the hover cards (the HTML page builds them in the browser instead).
    gl : bool, optional
        Force WebGL markers on or off; by default on past :data:`GL_THRESHOLD` points.
    height : int, optional
        Figure height in pixels; by default it grows with the number of lanes.
    start, end : date or ISO str, optional
        Initially visible span (inclusive; nothing is filtered out, zoom out
        to see the rest); by default all dated events.

    Returns
    -------
    plotly.graph_objects.Figure
        Per event type a trace of filled markers (faded when the date is
        approximate or inferred), a trace of hollow markers (planned events) and
        line traces of solid and dotted bars for date ranges.  ``customdata`` of
        every point is the event's index in date order (``meta["event_ids"]``).

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Event
    >>> from timeline.pipeline import Timeline
    >>> evs = [Event("e1", date(2025, 2, 10), date(2025, 2, 16), "week", "exact",
    ...              "occurred", "CONSULT", "Munich Security Conference", actors=("usa", "ukr"))]
    >>> fig = timeline_figure(Timeline(records=evs))
    >>> [t.name for t in fig.data if t.showlegend is not False][:1]
    ['Consult / meet']
    >>> fig.layout.yaxis.ticktext
    ('ukr', 'usa')
    """
    v = _view(tl)
    labels, actor_of, lanes_of = _lanes(v, lanes, max_lanes)
    fig = _timeline_figure(v, labels, actor_of, lanes_of, lanes, hover=hover, gl=gl,
                           height=height)
    if start is not None or end is not None:
        lo, hi = fig.layout.xaxis.range
        s, e = _as_date(start), _as_date(end)
        fig.update_xaxes(range=[s.isoformat() if s else lo,
                                (e + timedelta(days=1)).isoformat() if e else hi])
    return fig


def _timeline_figure(v: _View, labels: list[str], actor_of: list[str | None],
                     lanes_of: list[list[int]], kind: str, *, hover: bool, gl: bool | None,
                     height: int | None) -> go.Figure:
    n_points = sum(len(lanes_of[i]) for i, ev in enumerate(v.events) if ev.date_start)
    use_gl = n_points > GL_THRESHOLD if gl is None else gl
    Trace = go.Scattergl if use_gl else go.Scatter
    # Events overlapping in time within a lane go to sub-rows (greedy interval
    # packing in date order), so that bars and same-day markers do not hide
    # each other; when every sub-row is busy the one free soonest is reused.
    rows_end: dict[int, list[date]] = defaultdict(list)
    per_type: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for i, ev in enumerate(v.events):
        s, e = _span(ev)
        if s is None or e is None:
            continue
        uncertain = ev.certainty != "exact" or v.inferred[i]
        mid = _centre(s, e)
        ranged = e > s or (ev.granularity or "day") != "day"
        x0, x1 = s.isoformat(), (e + timedelta(days=1)).isoformat()
        group = per_type[ev.event_type]
        for lane in lanes_of[i]:
            ends = rows_end[lane]
            free = [r for r, end in enumerate(ends) if end <= s]
            if free:
                k = free[0]
            elif len(ends) < len(_SUBROWS):
                k = len(ends)
                ends.append(s)
            else:
                k = min(range(len(ends)), key=lambda r: (ends[r], r))
            ends[k] = max(ends[k], e + timedelta(days=1))
            y = lane + _SUBROWS[k]
            pts = "planned" if ev.status == "planned" else "filled"
            group[pts + "_x"].append(mid)
            group[pts + "_y"].append(y)
            group[pts + "_i"].append(i)
            group[pts + "_o"].append(0.45 if uncertain else 0.95)
            if ranged:
                bar = "dotted" if uncertain else "solid"
                group[bar + "_x"].extend([x0, x1, None])
                group[bar + "_y"].extend([y, y, None])
                group[bar + "_i"].extend([i, i, i])
    order = list(style()["event_types"])
    types = sorted(per_type, key=lambda t: (order.index(t) if t in order else len(order), t))
    cards: dict[int, str] = {}

    def texts(idx: list[int]) -> list[str] | None:
        if not hover:
            return None
        for i in idx:
            if i not in cards:
                cards[i] = _hover_card(v, i)
        return [cards[i] for i in idx]

    traces = []
    for t in types:
        g = per_type[t]
        st = type_style(t)
        # Bars first so that markers are drawn over them.
        for bar, dash, width, opacity in (("solid", "solid", 7, 0.55), ("dotted", "dot", 7, 0.35)):
            if g[bar + "_x"]:
                traces.append(Trace(
                    x=g[bar + "_x"], y=g[bar + "_y"], customdata=g[bar + "_i"], mode="lines",
                    line={"color": st["color"], "width": width, "dash": dash},
                    opacity=opacity, hoverinfo="skip", legendgroup=_esc(t), showlegend=False,
                    name=f"{st['label']} (range)", meta={"role": "bar", "event_type": t},
                ))
        shown = False
        for pts, symbol in (("filled", "circle"), ("planned", "circle-open")):
            if not g[pts + "_x"]:
                continue
            marker: dict[str, Any] = {"color": st["color"], "size": 11, "symbol": symbol}
            if pts == "filled":
                marker["opacity"] = g[pts + "_o"]
                marker["line"] = {"color": "white", "width": 1}
            else:
                # Hollow markers are thin: keep them visible even when faded.
                marker["line"] = {"color": st["color"], "width": 2.5}
                marker["opacity"] = [max(o, 0.75) for o in g[pts + "_o"]]
            traces.append(Trace(
                x=g[pts + "_x"], y=g[pts + "_y"], customdata=g[pts + "_i"], mode="markers",
                marker=marker, hovertext=texts(g[pts + "_i"]),
                hovertemplate="%{hovertext}<extra></extra>", legendgroup=_esc(t),
                showlegend=not shown, name=_esc(st["label"]),
                meta={"role": "marker", "event_type": t, "planned": pts == "planned"},
            ))
            shown = True
    # Legend entries explaining the encoding (no data, no customdata).
    grey = "#888888"
    for name, marker, line in (
        ("exact date", {"symbol": "circle", "color": grey, "size": 10}, None),
        ("approximate / inferred", {"symbol": "circle", "color": grey, "size": 10,
                                    "opacity": 0.45}, None),
        ("planned", {"symbol": "circle-open", "color": grey, "size": 10,
                     "line": {"width": 2, "color": grey}}, None),
        ("date range", None, {"color": grey, "width": 7}),
        ("approximate range", None, {"color": grey, "width": 7, "dash": "dot"}),
    ):
        traces.append(go.Scatter(
            x=[None], y=[None], mode="markers" if marker else "lines", marker=marker,
            line=line, name=name, legendgroup="encoding", legendgrouptitle_text="Encoding",
            hoverinfo="skip", legendrank=2000, meta={"role": "key"},
            opacity=0.4 if "approximate range" == name else None,
        ))
    n = len(labels)
    fig = go.Figure(data=traces)
    lane_word = {"actor": "Actor", "type": "Event type", "location": "Location",
                 "article": "Article"}[kind]
    shapes = [
        {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": k - 0.5,
         "y1": k + 0.5, "fillcolor": "#f3f5f8", "line": {"width": 0}, "layer": "below"}
        for k in range(0, n, 2)
    ]
    fig.update_layout(
        height=height or max(380, 170 + 28 * n),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        plot_bgcolor="white",
        hovermode="closest",
        hoverlabel={"bgcolor": "white", "font": {"size": 12}, "align": "left"},
        legend={"title": {"text": "Event type"}, "itemsizing": "constant",
                "groupclick": "toggleitem", "tracegroupgap": 2},
        xaxis={"type": "date", "showgrid": True, "gridcolor": "#e3e6ea",
               "rangeslider": {"visible": True, "thickness": 0.06},
               "rangeselector": {"buttons": [
                   {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
                   {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
                   {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
                   {"step": "all", "label": "all"}]}},
        yaxis={"tickvals": list(range(n)), "ticktext": [_esc(x) for x in labels],
               "range": [n - 0.5, -0.5], "fixedrange": True, "showgrid": False,
               "zeroline": False, "automargin": True, "title": {"text": lane_word}},
        shapes=shapes,
        uirevision="timeline",
        meta={"event_ids": [ev.event_id for ev in v.events], "lanes": kind,
              "lane_actors": actor_of, "n_events": len(v.events),
              "n_dated": sum(1 for ev in v.events if ev.date_start), "gl": use_gl},
    )
    _fit_range(fig, v)
    return fig


def _fit_range(fig: go.Figure, v: _View) -> None:
    """Set the initial x range: all dated events, or their busy part when a few
    outliers (an invasion "three years ago") would squeeze the rest into a sliver.

    The range slider still shows everything; nothing is filtered.
    """
    spans = sorted((_span(ev) for ev in v.events if ev.date_start), key=lambda se: se[0])
    if not spans:
        return
    lo = spans[0][0]
    hi = max(e for _, e in spans) + timedelta(days=1)
    # Leave out the fewest earliest events (at most a fifth, at least one of
    # four or more) that makes the view at least four times narrower.
    limit = max(1, len(spans) // 5) if len(spans) >= 4 else 0
    for k in range(1, limit + 1):
        if (hi - spans[k][0]) * 4 < (hi - lo):
            lo = spans[k][0]
            break
    pad = max(timedelta(days=2), (hi - lo) * 0.04)
    fig.update_xaxes(range=[(lo - pad).isoformat(), (hi + pad).isoformat()])
    n_out = sum(1 for _, e in spans if e < lo)
    fig.layout.meta = {**fig.layout.meta, "n_before_view": n_out}


# -- network ------------------------------------------------------------------------
def network_layout(G: nx.Graph, *, seed: int = 7, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Deterministic node positions in [-1, 1]: spring layout, circular when large.

    Each connected component of three or more actors gets its own spring
    layout, scaled by its size and placed side by side; isolated actors and
    pairs go in a row underneath, so that they do not squeeze the rest to
    the middle (in one spring layout they drift far away).

    Examples
    --------
    >>> import networkx as nx
    >>> pos = network_layout(nx.path_graph(["a", "b", "c"]))
    >>> pos == network_layout(nx.path_graph(["a", "b", "c"]))
    True
    """
    import networkx as nx

    if G.number_of_nodes() == 0:
        return {}
    if G.number_of_nodes() == 1:
        return {next(iter(G.nodes)): (0.0, 0.0)}
    # Sorted node order: the layout must not depend on insertion order.
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from((u, v, {"weight": math.log1p(d.get("weight", 1))})
                     for u, v, d in sorted(G.edges(data=True), key=lambda x: (x[0], x[1])))
    if H.number_of_nodes() > SPRING_MAX_NODES:
        return _normalise(nx.circular_layout(H))
    comps = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    big = [c for c in comps if len(c) >= 3]
    small = [c for c in comps if len(c) < 3]
    pos: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for c in big:
        sub = H.subgraph(c)
        laid = nx.spring_layout(sub, seed=seed, iterations=iterations,
                                k=1.8 / math.sqrt(len(c)), weight="weight")
        scale = math.sqrt(len(c) / len(big[0]))
        part = _normalise(laid)
        for n, (x, y) in part.items():
            pos[n] = (x0 + scale * (x + 1), scale * y)
        x0 += 2 * scale + 0.3
    if small:
        width = max(x0 - 0.3, 2.0) if big else 2.0
        bottom = -1.45 if big else 0.0
        flat = [n for c in small for n in c]
        step = width / max(len(flat), 1)
        for k, n in enumerate(flat):
            pos[n] = (step * (k + 0.5), bottom)
    return _normalise(pos)


def _normalise(pos: Mapping[Any, Any]) -> dict[str, tuple[float, float]]:
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    sx = max(max(xs) - min(xs), 1e-9) / 2
    sy = max(max(ys) - min(ys), 1e-9) / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round((float(p[0]) - cx) / sx, 4), round((float(p[1]) - cy) / sy, 4))
            for n, p in pos.items()}


def edge_width(weight: int) -> int:
    """Line width (pixels) of an edge of ``weight`` shared events (``plot.js``: ``edgeWidth``).

    >>> [edge_width(w) for w in (1, 2, 4, 100)]
    [1, 3, 4, 6]
    """
    # floor(x + 0.5) rounds halves up, as JavaScript's Math.round does.
    return int(min(6, 1 + math.floor(1.5 * math.log2(max(weight, 1)) + 0.5)))


def node_size(n_events: int, max_events: int) -> float:
    """Marker size of a node (``plot.js``: ``nodeSize``).

    >>> node_size(1, 1), node_size(1, 4)
    (32.0, 20.0)
    """
    return round(8 + 24 * math.sqrt(n_events / max(max_events, 1)), 1)


def network_figure(tl: Timeline, start: date | str | None = None, end: date | str | None = None,
                   *, labels: int = 15) -> go.Figure:
    """The actor network: nodes sized by events, coloured by type, edges by shared events.

    Parameters
    ----------
    tl : Timeline
        A built timeline.
    start, end : date or ISO str, optional
        Restrict to events overlapping this inclusive span (positions stay those
        of the whole graph, so slices can be compared).
    labels : int
        Name labels drawn for this many most active actors (all names are in the hover).

    Returns
    -------
    plotly.graph_objects.Figure
        Edge line traces (one per width), a trace of invisible markers at edge
        midpoints whose hover lists the events behind the edge, and one node
        trace per actor type (``customdata`` = actor id).

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import Event
    >>> from timeline.pipeline import Timeline
    >>> ev = Event("e1", date(2025, 2, 18), date(2025, 2, 18), "day", "exact", "occurred",
    ...            "CONSULT", "US-Russia talks in Riyadh", actors=("usa", "rus"))
    >>> fig = network_figure(Timeline(records=[ev]))
    >>> sorted(x for t in fig.data if t.meta["role"] == "node" for x in t.customdata)
    ['rus', 'usa']
    """
    from timeline import graph as graph_mod

    G = tl.graph
    pos = network_layout(G)
    s = _as_date(start)
    e = _as_date(end)
    H = G if s is None and e is None else graph_mod.slice_graph(G, s, e)
    v = _view(tl)
    by_id = {ev.event_id: i for i, ev in enumerate(v.events)}
    esc = _esc
    traces: list[Any] = []
    widths: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    mx, my, mtext = [], [], []
    for a, b, d in sorted(H.edges(data=True), key=lambda x: (x[0], x[1])):
        if a not in pos or b not in pos:
            continue
        w = int(d.get("weight", 1))
        xs, ys = widths[edge_width(w)]
        xs.extend([pos[a][0], pos[b][0], None])
        ys.extend([pos[a][1], pos[b][1], None])
        mx.append((pos[a][0] + pos[b][0]) / 2)
        my.append((pos[a][1] + pos[b][1]) / 2)
        eids = [x for x in str(d.get("event_ids", "")).split("; ") if x]
        lines = [f"<b>{esc(cut(H.nodes[a].get('name', a), 40))} — "
                 f"{esc(cut(H.nodes[b].get('name', b), 40))}</b>",
                 f"{w} shared event{'' if w == 1 else 's'}"]
        for eid in eids[:8]:
            if eid in by_id:
                ev = v.events[by_id[eid]]
                lines.append(esc(f"{date_label(*_span(ev), ev.granularity, ev.certainty)}: "
                                 f"{cut(ev.title, 60)}"))
        if len(eids) > 8:
            lines.append(f"… and {len(eids) - 8} more")
        mtext.append("<br>".join(lines))
    for w in sorted(widths):
        xs, ys = widths[w]
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"width": w, "color": "rgba(90,100,115,0.45)"},
                                 meta={"role": "edge", "width": w}))
    traces.append(go.Scatter(x=mx, y=my, mode="markers", hovertext=mtext,
                             hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
                             marker={"size": 9, "color": "rgba(0,0,0,0)"},
                             meta={"role": "edge-hover"}))
    nodes = sorted(H.nodes(data=True), key=lambda x: x[0])
    max_n = max((int(d.get("n_events", 1)) for _, d in nodes), default=1)
    labelled = {n for n, _ in sorted(nodes, key=lambda x: (-int(x[1].get("n_events", 1)),
                                                           x[0]))[:labels]}
    by_type: dict[str, list] = defaultdict(list)
    for n, d in nodes:
        if n in pos:
            by_type[str(d.get("type") or "")].append((n, d))
    type_order = list(style()["actor_types"])
    for t in sorted(by_type, key=lambda t: (type_order.index(t) if t in type_order else 99, t)):
        st = actor_type_style(t)
        items = by_type[t]
        hover = []
        for n, d in items:
            ne = int(d.get("n_events", 1))
            span = " – ".join(x for x in (d.get("first_date"), d.get("last_date")) if x)
            hover.append("<br>".join([
                f"<b>{esc(cut(d.get('name', n), 60))}</b>",
                esc(" · ".join(x for x in (st["label"], d.get("country") or "") if x)),
                f"{ne} event{'' if ne == 1 else 's'}" + (f" ({esc(span)})" if span else ""),
            ]))
        traces.append(go.Scatter(
            x=[pos[n][0] for n, _ in items], y=[pos[n][1] for n, _ in items],
            mode="markers+text", customdata=[n for n, _ in items], name=esc(st["label"]),
            text=[esc(cut(d.get("name", n), 20)) if n in labelled else "" for n, d in items],
            textposition="top center", textfont={"size": 11, "color": "#333"},
            marker={"size": [node_size(int(d.get("n_events", 1)), max_n) for _, d in items],
                    "color": st["color"], "line": {"color": "white", "width": 1.5}},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": "node", "actor_type": t},
        ))
    title = "Actor network"
    if s or e:
        title += f" · {s.isoformat() if s else '…'} to {e.isoformat() if e else '…'}"
    fig = go.Figure(data=traces)
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 14}},
        height=520, margin={"l": 10, "r": 10, "t": 40, "b": 10}, plot_bgcolor="white",
        hovermode="closest", hoverlabel={"bgcolor": "white", "align": "left"},
        legend={"title": {"text": "Actor type"}, "itemsizing": "constant", "orientation": "h",
                "x": 0, "y": 0, "yanchor": "top"},
        xaxis={"visible": False, "range": [-1.25, 1.25]},
        yaxis={"visible": False, "range": [-1.15, 1.2]},
        uirevision="network",
    )
    return fig


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- the HTML page ----------------------------------------------------------------
def _json_for_script(obj: object) -> str:
    """JSON safe inside ``<script type="application/json">``: ``</script>`` cannot end it.

    >>> _json_for_script({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_data(tl: Timeline, lanes: LaneKind = "actor", *, max_lanes: int = MAX_LANES,
              title: str | None = None) -> dict[str, Any]:
    """Everything the HTML page embeds, as JSON-ready data (see ``plot.js``).

    Keys: ``meta``, ``events`` (compact: ``s``/``e`` dates, ``a`` actor and
    ``p`` participant indices, ``m`` up to five ``[article index, sentence,
    date as written]`` mentions), ``actors`` (with network positions ``x``/``y``),
    ``articles`` (``u`` = http(s) link or null), ``types``, ``actorTypes`` and
    ``timeline`` (the figure of :func:`timeline_figure` without hover text).

    Examples
    --------
    >>> from timeline.pipeline import Timeline
    >>> page_data(Timeline(records=[]))["meta"]["n_events"]
    0
    """
    import plotly.io as pio

    v = _view(tl)
    labels, actor_of, lanes_of = _lanes(v, lanes, max_lanes)
    fig = _timeline_figure(v, labels, actor_of, lanes_of, lanes, hover=False, gl=None,
                           height=None)
    G = tl.graph
    pos = network_layout(G)
    art_ids = sorted({m.article_id for ev in v.events for m in ev.mentions} | set(v.articles))
    art_index = {a: i for i, a in enumerate(art_ids)}
    articles = []
    for aid in art_ids:
        a = v.articles.get(aid)
        articles.append({
            "id": aid, "ti": (a.title if a is not None and a.title else aid),
            "u": safe_url(a.url) if a is not None else None,
            "p": a.published.isoformat() if a is not None and a.published else None,
            "src": (a.source or "") if a is not None else "",
        })
    n_events = Counter(a for p in v.participants for a in p)
    for ev in v.events:
        for a in set(ev.actors) - set(_participants(ev)):
            n_events[a] += 0
    actors = []
    for aid in v.actor_ids:
        rec = tl.actor_records.get(aid)
        x, y = pos.get(aid, (None, None))
        actors.append({"id": aid, "n": v.names[aid], "t": (rec.type if rec else "") or "",
                       "c": (rec.country if rec else "") or "", "x": x, "y": y,
                       "ne": n_events.get(aid, 0)})
    events = []
    ai = v.actor_index
    for i, ev in enumerate(v.events):
        s, e = _span(ev)
        ms = sorted(ev.mentions, key=_mention_key)
        # The same sentence reported twice by one article is shown once.
        seen: set[tuple[str, str]] = set()
        shown = []
        for m in ms:
            if (m.article_id, m.sentence) not in seen:
                seen.add((m.article_id, m.sentence))
                shown.append(m)
        events.append({
            "id": ev.event_id, "s": s.isoformat() if s else None,
            "e": e.isoformat() if e else None, "g": ev.granularity or "", "c": ev.certainty,
            "inf": v.inferred[i], "st": ev.status, "t": ev.event_type, "ti": ev.title,
            "a": [ai[a] for a in dict.fromkeys(ev.actors)],
            "p": [ai[a] for a in v.participants[i]], "l": list(ev.locations),
            "na": len({m.article_id for m in ms}), "nm": len(ms),
            "lab": date_label(s, e, ev.granularity, ev.certainty), "dt": _first_date_text(ev),
            "m": [[art_index[m.article_id], cut(m.sentence, SENTENCE_CHARS), m.date_text or ""]
                  for m in shown[:HTML_MENTIONS]],
            "nu": len(shown),
        })
    types = sorted({ev.event_type for ev in v.events})
    dated = [_span(ev) for ev in v.events if ev.date_start]
    span = ""
    if dated:
        span = f"{_day(min(s for s, _ in dated))} – {_day(max(e for _, e in dated))}"
    return {
        "meta": {"title": title or "Timeline", "n_events": len(v.events),
                 "n_dated": len(dated), "n_articles": len(tl.article_records),
                 "first": min(s for s, _ in dated).isoformat() if dated else None,
                 "last": max(e for _, e in dated).isoformat() if dated else None,
                 "n_errors": len(tl.errors), "n_actors": len(v.actor_ids), "span": span,
                 "lanes": lanes, "lane_labels": labels,
                 "lane_actors": [ai[a] if a is not None else None for a in actor_of],
                 "gl": bool(fig.layout.meta["gl"])},
        "events": events, "actors": actors, "articles": articles,
        "types": {t: type_style(t) for t in types},
        "actorTypes": {**style()["actor_types"], "": style()["other_actor_type"]},
        "timeline": json.loads(pio.to_json(fig, validate=False)),
    }


def html_page(tl: Timeline, plotlyjs: Literal["inline", "cdn"] = "inline",
              lanes: LaneKind = "actor", *, title: str | None = None,
              max_lanes: int = MAX_LANES) -> str:
    """The HTML page of :func:`write_html` as a string.

    Examples
    --------
    >>> from timeline.pipeline import Timeline
    >>> page = html_page(Timeline(records=[]), plotlyjs="cdn")
    >>> "cdn.plot.ly" in page and page.startswith("<!DOCTYPE html>")
    True
    """
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    if plotlyjs not in ("inline", "cdn"):
        raise ValueError(f"plotlyjs must be 'inline' or 'cdn', not {plotlyjs!r}")
    data = page_data(tl, lanes, max_lanes=max_lanes, title=title)
    cdn = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
    if plotlyjs == "inline":
        lib = f"<script>{get_plotlyjs()}</script>"
        script_src = ""
    else:
        lib = f'<script src="{cdn}" charset="utf-8"></script>'
        script_src = " https://cdn.plot.ly"
    # The policy forbids every request but the (opt-in) CDN script: no fonts,
    # images or fetches, and no injected remote content.  'unsafe-eval' is for
    # WebGL traces (regl compiles its draw calls with new Function).
    csp = (f"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'{script_src}; "
           "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
           "connect-src 'none'; worker-src blob:; base-uri 'none'; form-action 'none'")
    page_title = html.escape(data["meta"]["title"])
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{page_title}</title>\n<style>{_asset('plot.css')}</style>\n"
        f"{lib}\n</head>\n<body>\n{_asset('plot.html')}\n"
        f"<script type=\"application/json\" id=\"timeline-data\">{_json_for_script(data)}"
        "</script>\n"
        f"<script>{_asset('plot.js')}</script>\n</body>\n</html>\n"
    )


def write_html(tl: Timeline, path: str | os.PathLike[str],
               plotlyjs: Literal["inline", "cdn"] = "inline", lanes: LaneKind = "actor", *,
               title: str | None = None, max_lanes: int = MAX_LANES) -> Path:
    """Write the interactive page: timeline, network, events table and actor menu.

    Parameters
    ----------
    tl : Timeline
        A built timeline.
    path : path
        Output file (written atomically; parent folders are created).
    plotlyjs : {"inline", "cdn"}
        ``inline`` embeds plotly.js (about 4.8 MB, works offline); ``cdn``
        loads it from cdn.plot.ly (small file, needs the network).
    lanes : {"actor", "type", "location", "article"}
        Lanes of the timeline.
    title : str, optional
        Page title.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timeline.pipeline import Timeline
    >>> p = write_html(Timeline(records=[]), pathlib.Path(tempfile.mkdtemp()) / "t.html", "cdn")
    >>> p.stat().st_size < 200_000
    True
    """
    page = html_page(tl, plotlyjs, lanes, title=title, max_lanes=max_lanes)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- static image -----------------------------------------------------------------
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary: ``$BROWSER_PATH``, then the usual names on PATH.

    >>> find_chromium() is None or Path(find_chromium()).exists()
    True
    """
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for name in _BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_png(tl: Timeline, path: str | os.PathLike[str], lanes: LaneKind = "actor", *,
              width: int = 1400, height: int | None = None, scale: float = 1.0,
              start: date | str | None = None, end: date | str | None = None) -> Path:
    """Write a PNG of the timeline figure (kaleido, else Chromium's ``--screenshot``).

    ``start``/``end`` set the visible span (default: all dated events).
    Needs a Chromium or Chrome binary (``$BROWSER_PATH`` or on PATH); kaleido
    (>= 1) drives it, no browser is downloaded.  Without kaleido the page is
    screenshotted by Chromium directly.

    Raises
    ------
    RuntimeError
        When no Chromium/Chrome is installed, or rendering fails.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timeline.pipeline import Timeline
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.png"
    >>> write_png(Timeline(records=[]), p).suffix  # doctest: +SKIP
    '.png'
    """
    browser = find_chromium()
    if browser is None:
        raise RuntimeError(
            "write_png needs Chromium or Chrome to render the figure, and none was found "
            "(looked at $BROWSER_PATH and for " + ", ".join(_BROWSERS) + " on PATH); install "
            "one (Debian: apt-get install chromium) or set BROWSER_PATH to its binary"
        )
    fig = timeline_figure(tl, lanes, gl=False, start=start, end=end)
    # A static image has no use for the range slider and zoom buttons.
    fig.update_xaxes(rangeslider_visible=False, rangeselector_visible=False)
    fig.update_layout(width=width, margin_t=30)
    before = (fig.layout.meta or {}).get("n_before_view", 0)
    if before and start is None:
        fig.add_annotation(text=f"← {before} earlier event{'s' if before > 1 else ''} not shown",
                           xref="paper", yref="paper", x=0, y=1, yanchor="bottom",
                           showarrow=False, font={"size": 12, "color": "#5f6b7a"})
    if height:
        fig.update_layout(height=height)
    h = int(fig.layout.height or 500)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return _chromium_screenshot(fig, out, browser, width, h)
    # kaleido >= 1 (choreographer) finds the browser through BROWSER_PATH.
    saved = os.environ.get("BROWSER_PATH")
    os.environ["BROWSER_PATH"] = browser
    try:
        fig.write_image(str(out), format="png", width=width, height=h, scale=scale)
    except Exception as exc:  # kaleido/choreographer errors are many and unexported
        try:
            return _chromium_screenshot(fig, out, browser, width, h)
        except RuntimeError as exc2:
            raise RuntimeError(f"could not render {out} with kaleido ({exc}) nor with "
                               f"Chromium ({exc2})") from exc
    finally:
        if saved is None:
            os.environ.pop("BROWSER_PATH", None)
        else:
            os.environ["BROWSER_PATH"] = saved
    return out


def _chromium_screenshot(fig: go.Figure, out: Path, browser: str, width: int,
                         height: int) -> Path:
    with tempfile.TemporaryDirectory(prefix="timeline-png-") as tmp:
        page = Path(tmp) / "figure.html"
        fig.write_html(page, include_plotlyjs=True, full_html=True,
                       config={"staticPlot": True, "displayModeBar": False})
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={tmp}/profile", f"--window-size={width},{height + 20}",
               "--virtual-time-budget=10000", f"--screenshot={out.resolve()}",
               page.resolve().as_uri()]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"{browser} failed to screenshot the figure: {exc}") from exc
        if not out.exists():
            raise RuntimeError(f"{browser} wrote no screenshot (exit {res.returncode}): "
                               f"{res.stderr.strip()[-300:]}")
    return out


# -- notebook summary ---------------------------------------------------------------
def summary_html(tl: Timeline, *, rows: int = 5) -> str:
    """A short HTML summary of a timeline (its Jupyter representation).

    Examples
    --------
    >>> from timeline.pipeline import Timeline
    >>> "0 events" in summary_html(Timeline(records=[]))
    True
    """
    esc = html.escape
    v = _view(tl)
    dated = [_span(ev) for ev in v.events if ev.date_start]
    span = (f", {_day(min(s for s, _ in dated))} – {_day(max(e for _, e in dated))}"
            if dated else "")
    head = (f"<b>Timeline</b>: {len(v.events)} events ({len(dated)} dated{span}) from "
            f"{len(tl.article_records)} articles, {len(v.actor_ids)} actors"
            + (f", {len(tl.errors)} unreadable inputs" if tl.errors else ""))
    body = "".join(
        f"<tr><td>{esc(date_label(*_span(ev), ev.granularity, ev.certainty))}</td>"
        f"<td>{esc(cut(ev.title, 70))}</td><td>{esc(type_style(ev.event_type)['label'])}</td>"
        f"<td>{esc(cut(', '.join(v.names.get(a, a) for a in ev.actors), 50))}</td>"
        f"<td>{len({m.article_id for m in ev.mentions})}</td></tr>"
        for ev in v.events[:rows]
    )
    table = ("<table><thead><tr><th>date</th><th>title</th><th>type</th><th>actors</th>"
             f"<th>sources</th></tr></thead><tbody>{body}</tbody></table>") if body else ""
    more = (f"<p>… {len(v.events) - rows} more: <code>.events</code>, <code>.figure()</code>, "
            "<code>.network_figure()</code>, <code>.to_html(path)</code></p>"
            if len(v.events) > rows else "")
    return f"<div class=\"timeline-summary\"><p>{head}</p>{table}{more}</div>"


def lane_events(fig: go.Figure) -> dict[int, int]:
    """Number of marker points per event index of a timeline figure (for tests/checks).

    >>> from timeline.pipeline import Timeline
    >>> lane_events(timeline_figure(Timeline(records=[])))
    {}
    """
    out: Counter[int] = Counter()
    for tr in fig.data:
        if (tr.meta or {}).get("role") == "marker":
            out.update(int(i) for i in tr.customdata)
    return dict(out)


__all__ = [
    "GL_THRESHOLD", "LANE_KINDS", "MAX_LANES", "actor_type_style", "cut", "date_label",
    "edge_width", "find_chromium", "html_page", "lane_events", "network_figure",
    "network_layout", "node_size", "page_data", "safe_url", "style", "summary_html",
    "timeline_figure", "type_style", "write_html", "write_png",
]
