"""The HTML page in a real browser: headless Debian Chromium driven by Playwright, offline.

Every request that is not a ``file:`` URL is blocked and recorded; a test fails
if the page attempted one (the CDN test expects exactly the CDN).  Each group
of checks shares one page load (a self-contained page costs 1-3 s to load).
Screenshots go to ``$TIMELINE_ARTIFACTS`` (or a pytest temporary folder) and
their paths are printed (``pytest -s`` shows them).

Skipped with a reason when /usr/bin/chromium (or ``$TIMELINE_CHROMIUM``) or the
``playwright`` package is missing.  Never run ``playwright install``: the
system Chromium is used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _corpora import SHARED
from _plot_data import SENTENCES, hostile_timeline, synthetic_timeline, ukraine_timeline

from timeline import plot

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium; "
                "or set TIMELINE_CHROMIUM)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="browser tests need the playwright package (pip install "
                                      "playwright; the system Chromium is used, no download)")


@dataclass
class Loaded:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("TIMELINE_ARTIFACTS")
    out = Path(env) if env else tmp_path_factory.mktemp("browser-artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


def load(browser: Any, path: Path, *, wait: bool = True) -> Loaded:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    got = Loaded(page)
    page.on("console", lambda m: got.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: got.errors.append(f"uncaught: {e}"))

    def on_dialog(d: Any) -> None:
        got.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            got.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    if wait:
        page.wait_for_function("window.timelineApp !== undefined")
        page.evaluate("window.timelineApp.ready")
    return got


def shot(got: Loaded, artifacts: Path, name: str) -> Path:
    out = artifacts / name
    got.page.evaluate("window.scrollTo(0, 0)")  # the header is sticky
    got.page.screenshot(path=str(out), full_page=True)
    print(f"screenshot: {out}")
    return out


# JavaScript helpers evaluated in the page ------------------------------------------
MARKERS = """() => {
  const gd = document.getElementById('timeline');
  let points = 0; const events = new Set();
  for (const tr of gd._fullData) {
    if (!tr.meta || tr.meta.role !== 'marker' || tr.visible !== true) continue;
    points += tr.x.length; tr.customdata.forEach(c => events.add(c));
  }
  const svg = gd.querySelectorAll('.cartesianlayer .scatterlayer .trace .points path').length;
  return {points, events: events.size, svg, gl: !!gd.layout.meta.gl};
}"""
NODES = """() => {
  const gd = document.getElementById('network');
  const ids = [];
  for (const tr of gd._fullData) if (tr.meta && tr.meta.role === 'node')
    tr.customdata.forEach(c => ids.push(JSON.parse(document.getElementById('timeline-data').textContent).actors[c].id));
  return ids.sort();
}"""
POINT_XY = """(eventId) => {
  const gd = document.getElementById('timeline');
  const k = gd.layout.meta.event_ids.indexOf(eventId);
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  for (const tr of gd._fullData) {
    if (!tr.meta || tr.meta.role !== 'marker') continue;
    const j = tr.customdata.indexOf(k);
    if (j >= 0) return [box.left + xa.d2p(tr.x[j]), box.top + ya.d2p(tr.y[j])];
  }
  return null;
}"""


def reset(got: Loaded) -> None:
    got.page.click("#reset")
    got.page.wait_for_timeout(150)


def visible_rows(got: Loaded) -> int:
    return got.page.evaluate("document.querySelectorAll('#events-table tbody tr').length")


def assert_clean(got: Loaded, allowed_requests: tuple[str, ...] = ()) -> None:
    assert got.errors == [], f"console errors: {got.errors}"
    assert [u for u in got.requests if not u.startswith(allowed_requests)] == [], \
        f"network requests attempted: {got.requests}"
    assert got.dialogs == []


# -- the Ukraine diplomacy page ---------------------------------------------------------
@pytest.fixture(scope="module")
def seed_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    path = plot.write_html(ukraine_timeline(), tmp_path_factory.mktemp("seed") / "timeline.html",
                           title="Ukraine diplomacy, February 2025")
    got = load(browser, path)
    yield got
    got.page.close()


def test_renders_every_event_offline(seed_page, artifacts):
    got = seed_page
    m = got.page.evaluate(MARKERS)
    tl = ukraine_timeline()
    dated = [e for e in tl.records if e.date_start]
    assert m["events"] == len(dated) == 9
    # one marker per event and actor lane (one lane for an event without actors)
    assert m["points"] == sum(max(len(e.actors), 1) for e in dated)
    assert m["svg"] == m["points"] and not m["gl"]
    assert visible_rows(got) == 10  # the undated event is in the table
    assert sorted(got.page.evaluate(NODES)) == sorted(tl.graph.nodes)
    assert got.page.inner_text("#summary").startswith("10 events (9 dated")
    # the c. 2022 invasion is left of the initial view, and the page says so
    assert "1 earlier event is to the left" in got.page.inner_text("#view-note")
    shot(got, artifacts, "seed-timeline.png")
    assert_clean(got)


def test_hover_shows_evidence_sentence(seed_page, artifacts):
    got = seed_page
    reset(got)
    got.page.evaluate("Plotly.relayout('timeline', {'xaxis.range': ['2025-02-08', '2025-03-03']})")
    got.page.wait_for_timeout(200)
    x, y = got.page.evaluate(POINT_XY, "riyadh")
    got.page.mouse.move(x, y)
    got.page.wait_for_selector("#timeline .hoverlayer .hovertext", timeout=3000)
    text = got.page.text_content("#timeline .hoverlayer")
    assert "US and Russian officials hold talks in Riyadh" in text
    # the first report (by publication date, then article) gives the date as written
    assert "18 Feb 2025 · written “Tuesday”" in text
    assert "Marco Rubio and Sergei Lavrov met in Riyadh" in " ".join(text.split())
    assert "2 sources" in text
    shot(got, artifacts, "seed-hover.png")
    # the details panel shows every sentence, with a real link to the article
    details = got.page.inner_text("#details-body")
    assert SENTENCES["riyadh"] in details
    links = got.page.eval_on_selector_all("#details-body a", "as => as.map(a => a.href)")
    assert "https://example.com/2025/02/18/riyadh" in links
    assert all(u.startswith("https://") for u in links)
    assert_clean(got)


def test_actor_menu_filters_timeline_network_and_table(seed_page):
    got = seed_page
    reset(got)
    before = got.page.evaluate(MARKERS)
    got.page.select_option("#actor-menu", label="Sergei Lavrov (1)")
    got.page.wait_for_timeout(200)
    after = got.page.evaluate(MARKERS)
    assert after["events"] == 1 and after["points"] < before["points"]
    assert visible_rows(got) == 1
    assert "Riyadh" in got.page.inner_text("#events-table tbody")
    assert got.page.evaluate(NODES) == ["lavrov", "rubio"]
    assert "actor: Sergei Lavrov" in got.page.inner_text("#status")
    reset(got)
    assert got.page.evaluate(MARKERS) == before and visible_rows(got) == 10
    assert_clean(got)


def test_clicking_a_node_or_lane_follows_that_actor(seed_page):
    got = seed_page
    reset(got)
    got.page.evaluate("document.getElementById('network').scrollIntoView()")
    xy = got.page.evaluate("""() => {
      const gd = document.getElementById('network'), box = gd.querySelector('.nsewdrag').getBoundingClientRect();
      const D = JSON.parse(document.getElementById('timeline-data').textContent);
      for (const tr of gd._fullData) { if (!tr.meta || tr.meta.role !== 'node') continue;
        const j = tr.customdata.findIndex(c => D.actors[c].id === 'macron');
        if (j >= 0) return [box.left + gd._fullLayout.xaxis.d2p(tr.x[j]), box.top + gd._fullLayout.yaxis.d2p(tr.y[j])]; }
    }""")
    got.page.mouse.click(*xy)
    got.page.wait_for_timeout(250)
    assert got.page.evaluate("document.getElementById('actor-menu').selectedOptions[0].text") \
        == "Emmanuel Macron (2)"
    assert visible_rows(got) == 2
    assert got.page.evaluate(MARKERS)["events"] == 2
    reset(got)
    # so does clicking an actor's lane name
    got.page.evaluate("window.scrollTo(0, 0)")
    got.page.locator("#timeline .ytick text", has_text="Sergei Lavrov").click()
    got.page.wait_for_timeout(250)
    assert got.page.inner_text("#status") == "Filtered by actor: Sergei Lavrov"
    assert visible_rows(got) == 1
    reset(got)
    assert_clean(got)


def test_date_range_restricts_network_and_table(seed_page):
    got = seed_page
    reset(got)
    got.page.evaluate("Plotly.relayout('timeline', {'xaxis.range': ['2025-02-17 00:00', '2025-02-18 23:00']})")
    got.page.wait_for_timeout(250)
    # the Q1 aid package overlaps; the Munich week, the invasion, the undated event do not
    assert got.page.evaluate(NODES) == sorted(
        ["eu", "lavrov", "macron", "rubio", "scholz", "starmer", "trump", "ukr"])
    assert visible_rows(got) == 5  # paris, call, riyadh, aid, spending
    assert "2025-02-17 to 2025-02-18" in got.page.inner_text("#status")
    # the actor filter and the span combine
    got.page.select_option("#actor-menu", label="Emmanuel Macron (2)")
    got.page.wait_for_timeout(200)
    assert visible_rows(got) == 2
    assert got.page.evaluate(NODES) == ["macron", "scholz", "starmer", "trump"]
    # autorange ("all") lifts the span
    got.page.evaluate("Plotly.relayout('timeline', {'xaxis.autorange': true})")
    got.page.wait_for_timeout(200)
    assert got.page.inner_text("#status") == "Filtered by actor: Emmanuel Macron"
    reset(got)
    assert_clean(got)


def test_table_sorts_and_filters(seed_page):
    got = seed_page
    reset(got)
    first = "document.querySelector('#events-table tbody tr td:nth-child(2)').textContent"
    assert got.page.evaluate(first) == "Russia invades Ukraine"  # by date
    got.page.click("#events-table th[data-key=date] button")
    assert got.page.evaluate(first) == "EU discusses new sanctions on Russia"  # undated last
    got.page.click("#events-table th[data-key=sources] button")
    got.page.click("#events-table th[data-key=sources] button")  # descending
    assert got.page.evaluate("document.querySelector('#events-table tbody tr td:nth-child(5)').textContent") == "2"
    got.page.fill("#table-filter", "riyadh")
    got.page.wait_for_timeout(100)
    assert visible_rows(got) == 1
    got.page.fill("#table-filter", "")
    got.page.click("#events-table tbody tr:nth-child(1)")
    assert got.page.inner_text("#details-body h3")
    reset(got)
    assert_clean(got)


# -- the development set ---------------------------------------------------------------
def test_dev_set_page(browser, artifacts, tmp_path):
    seeds, dev = SHARED / "seeds", SHARED / "corpora" / "news-dev" / "articles"
    if not (seeds.is_dir() and dev.is_dir()):
        pytest.skip(f"development set not found under {SHARED}")
    import timeline

    tl = timeline.build([seeds, dev], published="2025-02-18")
    path = plot.write_html(tl, tmp_path / "timeline.html", title="news-dev")
    assert plot.write_html(tl, tmp_path / "cdn.html", "cdn").stat().st_size < 200_000
    got = load(browser, path)
    m = got.page.evaluate(MARKERS)
    dated = [e for e in tl.records if e.date_start]
    assert m["events"] == len(dated) and m["points"] == m["svg"]
    assert visible_rows(got) == min(len(tl.records), 500)
    assert set(got.page.evaluate(NODES)) == set(tl.graph.nodes)
    # hover one event and find its evidence sentence in the card
    ev = next(e for e in dated if e.mentions and e.actors)
    got.page.evaluate("([a, b]) => Plotly.relayout('timeline', {'xaxis.range': [a, b]})",
                      [str(ev.date_start), str(ev.date_end)])
    got.page.wait_for_timeout(200)
    x, y = got.page.evaluate(POINT_XY, ev.event_id)
    got.page.mouse.move(x, y)
    got.page.wait_for_selector("#timeline .hoverlayer .hovertext", timeout=3000)
    words = " ".join(got.page.text_content("#timeline .hoverlayer").split())
    first = sorted(ev.mentions, key=plot._mention_key)[0].sentence.split()[:6]
    assert " ".join(first) in words
    reset(got)
    shot(got, artifacts, "news-dev-timeline.png")
    assert_clean(got)
    got.page.close()


# -- WebGL past the threshold, and the CDN variant offline -------------------------------
def test_webgl_page(browser, artifacts, tmp_path):
    tl = synthetic_timeline(plot.GL_THRESHOLD, n_actors=60)
    got = load(browser, plot.write_html(tl, tmp_path / "big.html"))
    m = got.page.evaluate(MARKERS)
    assert m["gl"] and m["svg"] == 0
    assert m["events"] == len(tl.records)
    # the 40 most active actors have a lane; the others share one
    assert m["points"] == sum(plot.lane_events(plot.timeline_figure(tl, hover=False)).values())
    assert visible_rows(got) == 500 and "of 2000 matching events" in got.page.inner_text("#table-count")
    got.page.click("#table-more")
    assert visible_rows(got) == 1000
    got.page.select_option("#actor-menu", index=1)  # the most active actor
    got.page.wait_for_timeout(300)
    after = got.page.evaluate(MARKERS)
    assert 0 < after["events"] < m["events"]
    assert got.page.evaluate("window.timelineApp.matchingRows()") == after["events"]
    shot(got, artifacts, "webgl-timeline.png")
    assert_clean(got)
    got.page.close()


def test_cdn_page_offline_degrades_to_the_table(browser, tmp_path):
    got = load(browser, plot.write_html(ukraine_timeline(), tmp_path / "cdn.html", "cdn"))
    assert got.requests and all(u.startswith("https://cdn.plot.ly/") for u in got.requests)
    assert got.page.is_visible("#no-plotly")
    assert visible_rows(got) == 10
    got.page.select_option("#actor-menu", label="Sergei Lavrov (1)")
    assert visible_rows(got) == 1
    assert [e for e in got.errors if "cdn.plot.ly" not in e and "ERR_FAILED" not in e] == []
    got.page.close()


# -- injection (issue 5.2) ----------------------------------------------------------------
def test_injected_markup_never_runs(browser, artifacts, tmp_path):
    tl = hostile_timeline()
    got = load(browser, plot.write_html(tl, tmp_path / "hostile.html", title="<script>alert(1)</script>"))
    page = got.page
    assert page.evaluate(MARKERS)["events"] == len(tl.records)
    # hover every marker, open every event's details, every network hover, every actor
    ids = [e.event_id for e in sorted(tl.records, key=plot._sort_key)]
    for eid in ids:
        xy = page.evaluate(POINT_XY, eid)
        page.mouse.move(*xy)
        page.wait_for_timeout(60)
    for k in range(len(ids)):
        page.click(f"#events-table tbody tr:nth-child({k + 1})")
    page.evaluate("""() => { const gd = document.getElementById('network');
      gd._fullData.forEach((tr, c) => { for (let j = 0; j < tr.x.length; j++) if (tr.x[j] !== null)
        Plotly.Fx.hover(gd, [{curveNumber: c, pointNumber: j}]); }); }""")
    n_actors = page.evaluate("document.querySelectorAll('#actor-menu option').length")
    for k in range(1, n_actors):
        page.select_option("#actor-menu", index=k)
    page.fill("#table-filter", "<script>")
    page.wait_for_timeout(200)
    shot(got, artifacts, "hostile.png")
    assert got.dialogs == [], f"a dialog opened: {got.dialogs}"
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, svg script').length") == 0
    assert page.evaluate("""Array.from(document.querySelectorAll('a[href], [*|href]'))
        .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
        .filter(h => !/^https?:/i.test(h) && h !== '' && !h.startsWith('#'))""") == []
    # the payloads are shown as text, also in Plotly's SVG labels (no entity left)
    assert "<script>window.__pwned=1;alert(1)</script>" in page.inner_text("#events-table")
    ticks = page.evaluate("Array.from(document.querySelectorAll('#timeline .ytick text')).map(t => t.textContent)")
    assert 'Actor <a href="javascript:w…' in ticks and not any("&quot;" in t for t in ticks)
    assert page.title() == "<script>alert(1)</script>"
    assert_clean(got)
    page.close()


def test_chromium_screenshot_fallback(tmp_path):
    # write_png's fallback when kaleido is unavailable: Chromium's own --screenshot
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    fig = plot.timeline_figure(ukraine_timeline(), gl=False)
    out = plot._chromium_screenshot(fig, tmp_path / "t.png", CHROMIUM, 1000, 600)
    assert out.read_bytes()[:4] == b"\x89PNG"
