"""timeline.plot without a browser: labels, figures, the page's data and escaping."""

from __future__ import annotations

import json
import re
from datetime import date

import plotly.graph_objects as go
import pytest
from _plot_data import (
    PAYLOADS,
    SENTENCES,
    hostile_timeline,
    synthetic_timeline,
    ukraine_timeline,
)

from timeline import plot
from timeline.models import Event
from timeline.pipeline import Timeline

D = date


@pytest.fixture(scope="module")
def tl() -> Timeline:
    return ukraine_timeline()


@pytest.fixture(scope="module")
def fig(tl: Timeline) -> go.Figure:
    return plot.timeline_figure(tl)


def _index(tl: Timeline, event_id: str) -> int:
    return [e.event_id for e in sorted(tl.records, key=plot._sort_key)].index(event_id)


def _traces(fig: go.Figure, role: str, **meta: object) -> list:
    return [t for t in fig.data if (t.meta or {}).get("role") == role
            and all((t.meta or {}).get(k) == v for k, v in meta.items())]


def _points(fig: go.Figure, role: str, i: int) -> list[tuple]:
    out = []
    for t in _traces(fig, role):
        out += [(x, y, t) for x, y, c in zip(t.x, t.y, t.customdata, strict=True) if c == i]
    return out


# -- human date labels ---------------------------------------------------------------
@pytest.mark.parametrize("start, end, granularity, certainty, expected", [
    # one day, and day ranges within a month, a year, across years
    (D(2025, 2, 17), None, "day", "exact", "17 Feb 2025"),
    (D(2025, 2, 14), D(2025, 2, 16), "day", "exact", "14–16 Feb 2025"),
    (D(2025, 2, 28), D(2025, 3, 2), "day", "exact", "28 Feb – 2 Mar 2025"),
    (D(2024, 12, 30), D(2025, 1, 2), "day", "exact", "30 Dec 2024 – 2 Jan 2025"),
    # coarser granularities name the period, not its first day
    (D(2025, 2, 10), D(2025, 2, 16), "week", "exact", "week of 10 Feb 2025"),
    (D(2025, 2, 1), D(2025, 2, 28), "month", "exact", "Feb 2025"),
    (D(2025, 2, 1), D(2025, 4, 30), "month", "exact", "Feb – Apr 2025"),
    (D(2024, 11, 1), D(2025, 1, 31), "month", "exact", "Nov 2024 – Jan 2025"),
    (D(2025, 1, 1), D(2025, 3, 31), "quarter", "exact", "Q1 2025"),
    (D(2025, 1, 1), D(2025, 6, 30), "quarter", "exact", "Q1 2025 – Q2 2025"),
    (D(2022, 1, 1), D(2022, 12, 31), "year", "exact", "2022"),
    (D(2020, 1, 1), D(2022, 12, 31), "year", "exact", "2020–2022"),
    (D(1990, 1, 1), D(1999, 12, 31), "decade", "exact", "1990s"),
    (D(2001, 1, 1), D(2100, 12, 31), "century", "exact", "21st century"),
    (D(1901, 1, 1), D(2000, 12, 31), "century", "exact", "20th century"),
    (D(1001, 1, 1), D(1100, 12, 31), "century", "exact", "11th century"),
    # uncertainty is shown, whatever the granularity
    (D(2022, 1, 1), D(2022, 12, 31), "year", "approximate", "c. 2022"),
    (D(2025, 2, 19), D(2025, 2, 28), "day", "approximate", "c. 19–28 Feb 2025"),
    # missing pieces
    (None, None, None, "unresolved", "undated"),
    (D(2025, 2, 17), None, None, "exact", "17 Feb 2025"),
])
def test_date_label(start, end, granularity, certainty, expected):
    assert plot.date_label(start, end, granularity, certainty) == expected


@pytest.mark.parametrize("text, n, expected", [
    ("short", 10, "short"),
    ("Macron hosts European leaders in Paris", 20, "Macron hosts Europe…"),
    ("  spaced\n  out  ", 20, "spaced out"),  # whitespace collapsed (hover lines)
    (None, 5, ""),
])
def test_cut(text, n, expected):
    assert plot.cut(text, n) == expected
    assert len(plot.cut(text, n)) <= n


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("http://example.org", "http://example.org"),
    ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    # script, data and relative links never become links
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//evil.example/x", None),
    ("https://example.org/\"onmouseover=alert(1)", None),
    (None, None),
])
def test_safe_url(url, expected):
    assert plot.safe_url(url) == expected


# -- the timeline figure --------------------------------------------------------------
def test_every_dated_event_is_drawn_once_per_actor_lane(tl, fig):
    counts = plot.lane_events(fig)
    order = sorted(tl.records, key=plot._sort_key)
    for i, ev in enumerate(order):
        if ev.date_start is None:
            assert i not in counts, "an undated event cannot be placed on the time axis"
        else:
            assert counts[i] == max(len(ev.actors), 1), ev.event_id
    assert fig.layout.meta["n_dated"] == len(counts) == 9


@pytest.mark.parametrize("event_id, bar, opacity, symbol", [
    # a one-day event is a marker only: no zero-width bar
    ("paris", None, 0.95, "circle"),
    # a week and a quarter are solid bars from start to end + 1 day
    ("munich", ("2025-02-10", "2025-02-17"), 0.95, "circle"),
    ("aid", ("2025-01-01", "2025-04-01"), 0.95, "circle"),
    # approximate dates: faded marker on a dotted bar
    ("invasion", ("2022-01-01", "2023-01-01"), 0.45, "circle"),
    # a date computed from a guessed publication date is shown as uncertain
    ("accuse", None, 0.45, "circle"),
    # planned events are hollow
    ("planned", ("2025-02-19", "2025-03-01"), 0.75, "circle-open"),
])
def test_marks_encode_date_shape_and_certainty(tl, fig, event_id, bar, opacity, symbol):
    i = _index(tl, event_id)
    bars = _points(fig, "bar", i)
    if bar is None:
        assert bars == []
    else:
        assert {x for x, _, _ in bars if x is not None} == set(bar)
        dotted = opacity < 0.9
        assert {t.line.dash for _, _, t in bars} == {"dot" if dotted else "solid"}
    for t in _traces(fig, "marker"):
        for k, c in enumerate(t.customdata):
            if c == i:
                assert t.marker.symbol == symbol
                op = t.marker.opacity[k] if isinstance(t.marker.opacity, tuple) else t.marker.opacity
                assert op == pytest.approx(opacity)


@pytest.mark.parametrize("event_id, centre", [
    ("paris", "2025-02-17 12:00"),     # noon: the middle of the day
    ("munich", "2025-02-13 12:00"),    # middle of 10..16 Feb
    ("invasion", "2022-07-02 12:00"),  # middle of 2022
])
def test_marker_at_centre_of_range(tl, fig, event_id, centre):
    xs = {x for x, _, _ in _points(fig, "marker", _index(tl, event_id))}
    assert xs == {centre}


def test_same_day_events_in_one_lane_do_not_overlap(tl, fig):
    macron = list(fig.layout.yaxis.ticktext).index("Emmanuel Macron")
    ys = sorted(y for i in (_index(tl, "paris"), _index(tl, "call"))
                for _, y, _ in _points(fig, "marker", i) if round(y) == macron)
    assert len(ys) == 2 and ys[1] - ys[0] >= 0.15


@pytest.mark.parametrize("spans, rows", [
    # one after the other: all on the lane's centre line
    ([("2025-02-01", "2025-02-03"), ("2025-02-04", "2025-02-04"), ("2025-02-05", "2025-02-09")],
     [0.0, 0.0, 0.0]),
    # a bar overlapping another goes to the next sub-row; a later one reuses the first
    ([("2025-02-01", "2025-02-10"), ("2025-02-05", "2025-02-06"), ("2025-02-11", "2025-02-11")],
     [0.0, 0.22, 0.0]),
    # six events on one day: five sub-rows, then the one free soonest is reused
    ([("2025-02-01", "2025-02-01")] * 6, [0.0, 0.22, -0.22, 0.4, -0.4, 0.0]),
])
def test_overlapping_events_in_a_lane_use_sub_rows(spans, rows):
    f = plot.timeline_figure(_days(*spans))
    ys = {}
    for t in _traces(f, "marker"):
        ys.update(dict(zip(t.customdata, t.y, strict=True)))
    assert [ys[k] for k in range(len(spans))] == pytest.approx(rows)


def test_colour_by_type_with_legend(fig):
    legend = [t for t in fig.data if t.showlegend is not False and (t.meta or {}).get("role") == "marker"]
    names = [t.name for t in legend]
    assert names == ["Consult / meet", "Cooperate", "Aid", "Accuse", "Assault"]
    colours = {t.meta["event_type"]: t.marker.color for t in _traces(fig, "marker")}
    assert colours["CONSULT"] == plot.style()["event_types"]["CONSULT"]["color"]
    assert len(set(colours.values())) == len(colours)
    keys = [t.name for t in _traces(fig, "key")]
    assert "planned" in keys and "approximate / inferred" in keys


def test_range_slider_zoom_and_padded_range(fig):
    assert fig.layout.xaxis.rangeslider.visible
    assert fig.layout.yaxis.fixedrange  # zoom is on time only
    lo, hi = fig.layout.xaxis.range
    # the invasion (c. 2022) would squeeze 2025 into a sliver: the view starts in 2025
    assert "2024-12-01" < lo < "2025-01-01" and hi > "2025-03-31"
    assert fig.layout.meta["n_before_view"] == 1


def _days(*starts_ends: tuple[str, str]) -> Timeline:
    return Timeline(records=[
        Event(f"e{k}", D.fromisoformat(s), D.fromisoformat(e), "day", "exact", "occurred",
              "CONSULT", f"event {k}", actors=("a",))
        for k, (s, e) in enumerate(starts_ends)])


@pytest.mark.parametrize("spans, view_start, left_out", [
    # evenly spread: everything in view
    ([("2025-01-01", "2025-01-01"), ("2025-06-01", "2025-06-01"), ("2025-12-01", "2025-12-01")],
     "2024-12", 0),
    # one old outlier among four: left out of the initial view
    ([("2015-03-01", "2015-03-01")] + [(f"2025-02-1{k}", f"2025-02-1{k}") for k in range(4)],
     "2025-02", 1),
    # too few events to leave any out
    ([("2015-03-01", "2015-03-01"), ("2025-02-10", "2025-02-10"), ("2025-02-11", "2025-02-11")],
     "2014-", 0),
    # at most a fifth are left out: two old ones among ten stay out, three among ten do not
    ([("2010-01-01", "2010-01-01"), ("2011-01-01", "2011-01-01")]
     + [(f"2025-02-1{k}", f"2025-02-1{k}") for k in range(8)], "2025-02", 2),
    ([("2010-01-01", "2010-01-01"), ("2011-01-01", "2011-01-01"), ("2012-01-01", "2012-01-01")]
     + [(f"2025-02-1{k}", f"2025-02-1{k}") for k in range(7)], "2009-", 0),
])
def test_initial_view_leaves_out_a_few_old_outliers(spans, view_start, left_out):
    f = plot.timeline_figure(_days(*spans))
    assert f.layout.xaxis.range[0].startswith(view_start)
    assert f.layout.meta["n_before_view"] == left_out
    assert len(plot.lane_events(f)) == len(spans)  # nothing is filtered out


def test_start_end_set_the_visible_span_only(tl):
    f = plot.timeline_figure(tl, start="2025-02-01", end=D(2025, 2, 28))
    assert tuple(f.layout.xaxis.range) == ("2025-02-01", "2025-03-01")
    assert len(plot.lane_events(f)) == 9


def test_hover_card(tl, fig):
    i = _index(tl, "paris")
    t = next(t for t in _traces(fig, "marker") if i in t.customdata)
    card = t.hovertext[list(t.customdata).index(i)]
    text = card.replace("<br>", " ")
    for part in ("<b>Macron hosts European leaders in Paris</b>",
                 "17 Feb 2025 · written “on Monday”",
                 "Actors: Emmanuel Macron, Keir Starmer, Olaf Scholz", "Location: Paris",
                 "2 sources, 2 mentions", SENTENCES["paris"][:60],
                 "— Macron convenes European leaders"):
        assert part in text
    assert max(len(line) for line in card.split("<br>")) <= 90  # wrapped, cut
    assert t.hovertemplate == "%{hovertext}<extra></extra>"


@pytest.mark.parametrize("event_id, expected", [
    ("munich", "week of 10 Feb 2025 · written “Last week”"),
    ("invasion", "c. 2022 · written “three years ago”"),
    ("accuse", "15 Feb 2025 · written “on Saturday” · inferred"),
    ("planned", "c. 19–28 Feb 2025 · written “later this month” · planned"),
])
def test_hover_card_dates(tl, event_id, expected):
    v = plot._view(tl)
    assert plot._hover_card(v, _index(tl, event_id)).split("<br>")[1] == expected


def test_long_title_is_cut(tl):
    long = Event("long", D(2025, 2, 1), D(2025, 2, 1), "day", "exact", "occurred", "CONSULT",
                 "A " + "very " * 40 + "long title", actors=("x",))
    card = plot._hover_card(plot._view(Timeline(records=[long])), 0)
    assert card.split("<br>")[0].endswith("…</b>") and len(card.split("<br>")[0]) <= 90


@pytest.mark.parametrize("lanes, expected", [
    ("type", ["Consult / meet", "Cooperate", "Aid", "Accuse", "Assault"]),
    ("location", ["Kyiv", "Munich", "Paris", "Riyadh", "Saudi Arabia", "Ukraine",
                  "(no location)"]),
    ("article", ["Macron convenes European le…", "A week in Munich", "US and Russian officials me…",
                 "kyiv-undated"]),
])
def test_other_lane_kinds(tl, lanes, expected):
    f = plot.timeline_figure(tl, lanes)
    assert list(f.layout.yaxis.ticktext) == expected
    assert len(plot.lane_events(f)) == 9


def test_unknown_lane_kind_is_refused(tl):
    with pytest.raises(ValueError, match="lanes must be one of"):
        plot.timeline_figure(tl, "colour")


def test_many_actors_share_an_overflow_lane():
    big = synthetic_timeline(400, n_actors=120)
    f = plot.timeline_figure(big, max_lanes=10)
    labels = list(f.layout.yaxis.ticktext)
    assert len(labels) == 11 and labels[-1] == "(other actors)"
    assert len(plot.lane_events(f)) == 400  # nobody is dropped


def test_webgl_past_threshold():
    big = synthetic_timeline(plot.GL_THRESHOLD + 100, n_actors=50)
    f = plot.timeline_figure(big, hover=False)
    assert {t.type for t in _traces(f, "marker")} == {"scattergl"}
    assert f.layout.meta["gl"]
    assert {t.type for t in _traces(plot.timeline_figure(ukraine_timeline()), "marker")} == {"scatter"}


def test_empty_timeline():
    f = plot.timeline_figure(Timeline(records=[]))
    assert plot.lane_events(f) == {} and f.layout.meta["n_events"] == 0
    assert plot.network_figure(Timeline(records=[])).data[-1].meta["role"] == "edge-hover"


def test_figure_is_deterministic(tl):
    assert plot.timeline_figure(tl).to_json() == plot.timeline_figure(ukraine_timeline()).to_json()


# -- network ------------------------------------------------------------------------
def _nodes(fig: go.Figure) -> dict[str, tuple]:
    out = {}
    for t in _traces(fig, "node"):
        for k, n in enumerate(t.customdata):
            out[n] = (t.x[k], t.y[k], t.marker.size[k], t.marker.color, t.meta["actor_type"])
    return out


def test_network_nodes_sizes_colours(tl):
    f = plot.network_figure(tl)
    nodes = _nodes(f)
    assert set(nodes) == set(tl.graph.nodes)
    # Russia (3 events) is bigger than Lavrov (1)
    assert nodes["rus"][2] > nodes["lavrov"][2]
    assert nodes["rus"][3] == plot.style()["actor_types"]["country"]["color"]
    assert nodes["macron"][4] == "person" and nodes["eu"][4] == "organisation"


def test_network_edges_and_hover(tl):
    f = plot.network_figure(tl)
    hover = _traces(f, "edge-hover")[0]
    assert len(hover.x) == tl.graph.number_of_edges()
    texts = [h for h in hover.hovertext if "Emmanuel Macron — Keir Starmer" in h]
    assert texts and "17 Feb 2025: Macron hosts European leaders in Paris" in texts[0]
    # the Riyadh talks count only their participants (Rubio and Lavrov), not the countries
    assert not any("Marco Rubio — United States" in h for h in hover.hovertext)
    assert all(t.line.width == t.meta["width"] for t in _traces(f, "edge"))


def test_network_slice_keeps_positions(tl):
    full = _nodes(plot.network_figure(tl))
    part = _nodes(plot.network_figure(tl, "2025-02-17", "2025-02-18"))
    # the Q1 aid package overlaps the span; the Munich week (10-16 Feb) does not
    assert set(part) == {"macron", "starmer", "scholz", "trump", "rubio", "lavrov", "eu", "ukr"}
    assert all(part[n][:2] == full[n][:2] for n in part)
    assert "2025-02-17 to 2025-02-18" in plot.network_figure(tl, "2025-02-17", "2025-02-18").layout.title.text


def test_network_layout_deterministic_and_bounded(tl):
    a = plot.network_layout(tl.graph)
    assert a == plot.network_layout(ukraine_timeline().graph)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in a.values())


@pytest.mark.parametrize("weight, width", [(1, 1), (2, 3), (4, 4), (8, 6), (1000, 6)])
def test_edge_width(weight, width):
    assert plot.edge_width(weight) == width


# -- the page ---------------------------------------------------------------------
def _data_block(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def page(tl: Timeline) -> str:
    return plot.html_page(tl)


def test_page_is_self_contained(page):
    from plotly.offline import get_plotlyjs

    assert get_plotlyjs()[:2000] in page
    head = page.split("<body>")[0]
    # no external resource of any kind
    assert not re.search(r"<(link|img|iframe)\b", page.split('<script type="application/json"')[0].split("<script>")[0])
    assert not re.search(r'src="https?:', page)
    assert "default-src 'none'" in head and "connect-src 'none'" in head
    assert page.count("<script") == 3  # plotly.js, data, app


def test_cdn_page_is_small_and_names_the_cdn(tl):
    from plotly.offline import get_plotlyjs_version

    cdn = plot.html_page(tl, "cdn")
    assert f'src="https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"' in cdn
    assert len(cdn.encode()) < 200_000
    with pytest.raises(ValueError, match="plotlyjs must be"):
        plot.html_page(tl, "local")  # type: ignore[arg-type]


def test_page_data(tl, page):
    data = _data_block(page)
    assert data["meta"]["n_events"] == len(data["events"]) == 10
    assert data["meta"]["n_dated"] == 9
    paris = data["events"][_index(tl, "paris")]
    assert paris["lab"] == "17 Feb 2025" and paris["dt"] == "on Monday"
    assert [data["actors"][a]["n"] for a in paris["a"]] == ["Emmanuel Macron", "Keir Starmer",
                                                             "Olaf Scholz"]
    art = data["articles"][paris["m"][0][0]]
    assert art["u"] == "https://example.org/world/macron-paris-summit"
    assert paris["m"][0][1] == SENTENCES["paris"]
    # positions of every network node
    assert all(a["x"] is not None for a in data["actors"] if a["id"] in tl.graph)
    # the timeline figure is the Python one, without hover text (built in the browser)
    assert data["timeline"]["layout"]["meta"]["event_ids"][0] == "invasion"
    assert not any("hovertext" in t for t in data["timeline"]["data"])


def test_page_shows_a_repeated_sentence_once(tl):
    from dataclasses import replace

    ev = next(e for e in tl.records if e.event_id == "call")
    twice = replace(ev, mentions=ev.mentions + (replace(ev.mentions[0], mention_id="again",
                                                          char_start=90),))
    data = plot.page_data(Timeline(records=[twice]))
    assert data["events"][0]["nm"] == 2 and data["events"][0]["nu"] == 1
    assert len(data["events"][0]["m"]) == 1


def test_hostile_text_cannot_break_out_of_the_data_block():
    page = plot.html_page(hostile_timeline())
    data_block = page.split('<script type="application/json" id="timeline-data">')[1].split("</script>")[0]
    for bad in ("<", ">", "&"):
        assert bad not in data_block
    data = _data_block(page)
    titles = {e["ti"] for e in data["events"]}
    assert titles == {f"Title {p}" for p in PAYLOADS}  # text kept, only encoded
    assert all(a["u"] is None or a["u"].startswith("https://") for a in data["articles"])
    # the only markup from data in the figure is escaped (Plotly decodes entities to text)
    for t in data["timeline"]["data"]:
        for s in [t.get("name") or ""]:
            assert "<script" not in s and "<img" not in s
    ticks = data["timeline"]["layout"]["yaxis"]["ticktext"]
    assert any("&lt;script&gt;" in x for x in ticks) and not any("<script" in x for x in ticks)


def test_hostile_text_is_escaped_in_figures():
    t = hostile_timeline()
    for f in (plot.timeline_figure(t), plot.network_figure(t)):
        shown = f.to_plotly_json()
        for tr in shown["data"]:
            tr.pop("meta", None)  # ids, never rendered
        shown["layout"].pop("meta", None)
        blob = json.dumps(shown, default=str)
        for tag in ("<script", "<img", "<svg", "<a href", "</script"):
            assert tag not in blob.lower()
    assert "<script" not in plot.summary_html(t)


def test_write_html_atomic_and_idempotent(tl, tmp_path):
    out = plot.write_html(tl, tmp_path / "sub" / "timeline.html")
    assert out == tmp_path / "sub" / "timeline.html"
    first = out.read_bytes()
    plot.write_html(tl, out)
    assert out.read_bytes() == first
    assert [p.name for p in out.parent.iterdir()] == ["timeline.html"]  # no temp file left
    assert out.stat().st_mode & 0o044  # readable by others, like any file written (umask)


def test_summary_html(tl):
    s = plot.summary_html(tl)
    assert "10 events (9 dated, 1 Jan 2022 – 31 Mar 2025) from 4 articles, 13 actors" in s
    assert s.count("<tr>") == 6 and "5 more" in s


# -- static image ---------------------------------------------------------------------
def test_png_without_browser_is_a_clear_error(tl, tmp_path, monkeypatch):
    monkeypatch.setattr(plot, "find_chromium", lambda: None)
    with pytest.raises(RuntimeError, match="needs Chromium or Chrome.*apt-get install chromium"):
        plot.write_png(tl, tmp_path / "t.png")
    assert not (tmp_path / "t.png").exists()


@pytest.mark.skipif(plot.find_chromium() is None, reason="no Chromium/Chrome installed")
def test_png(tl, tmp_path):
    out = plot.write_png(tl, tmp_path / "t.png", width=900, start="2025-02-01", end="2025-03-01")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width == 900 and len(data) > 10_000
