/* timeline.html: the timeline, actor network, events table and actor menu, linked.
 *
 * All data comes from the JSON block #timeline-data (written by timeline.plot).
 * Text from articles only ever reaches the DOM through textContent, or through
 * Plotly hover/label strings after esc() (Plotly draws those as SVG text).
 * Links are set only for http(s) URLs.  No network request is made.
 */
(function () {
  "use strict";
  var T0 = 0, timings = { start: Math.round(performance.now()) };
  function mark(name) { timings[name] = Math.round(performance.now() - T0); }
  var D = JSON.parse(document.getElementById("timeline-data").textContent);
  var EV = D.events, AC = D.actors, AR = D.articles, META = D.meta;
  var N = EV.length;
  mark("parsed");
  var state = { actor: -1, start: null, end: null, text: "", key: "date", dir: 1,
                limit: 500, selected: -1 };
  var PAGE = 500;
  var hasPlotly = typeof window.Plotly !== "undefined";
  var CONFIG = { responsive: true, displaylogo: false,
                 modeBarButtonsToRemove: ["lasso2d", "select2d"],
                 toImageButtonOptions: { format: "png", filename: "timeline" } };

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function esc(s) {
    // Plotly decodes &amp; &lt; &gt; back to text (and leaves &quot; as it is).
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function cut(s, n) {
    s = String(s === undefined || s === null ? "" : s).replace(/\s+/g, " ").trim();
    return s.length > n ? s.slice(0, n - 1).replace(/\s+$/, "") + "\u2026" : s;
  }
  function wrap(s, w) {
    var words = String(s).split(/\s+/), lines = [], line = "";
    for (var i = 0; i < words.length; i++) {
      if (!words[i]) continue;
      if (line && line.length + 1 + words[i].length > w) { lines.push(line); line = words[i]; }
      else line = line ? line + " " + words[i] : words[i];
    }
    if (line) lines.push(line);
    return lines;
  }
  function safeUrl(u) {
    if (typeof u !== "string") return null;
    try {
      var p = new URL(u);
      return (p.protocol === "http:" || p.protocol === "https:") ? p.href : null;
    } catch (e) { return null; }
  }
  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }
  function typeStyle(t) { return D.types[t] || { label: t, color: "#444444" }; }
  function actorType(t) { return D.actorTypes[t] || D.actorTypes[""]; }
  function names(idx) { return idx.map(function (i) { return AC[i].n; }).join(", "); }
  function articleTitle(k) { return AR[k] ? AR[k].ti : ""; }

  // -- filters ---------------------------------------------------------------
  function involves(ev, a) { return ev.a.indexOf(a) >= 0 || ev.p.indexOf(a) >= 0; }
  function inWindow(ev) {
    if (state.start === null && state.end === null) return true;
    if (!ev.s) return false;
    return (state.end === null || ev.s <= state.end) && (state.start === null || ev.e >= state.start);
  }
  function actorMask() {
    if (state.actor < 0) return null;
    var m = new Uint8Array(N);
    for (var i = 0; i < N; i++) if (involves(EV[i], state.actor)) m[i] = 1;
    return m;
  }
  function textMatch(ev, q) {
    if (!q) return true;
    var hay = (ev.ti + " " + typeStyle(ev.t).label + " " + names(ev.a) + " " + ev.l.join(" ") +
               " " + ev.lab + " " + ev.dt).toLowerCase();
    return hay.indexOf(q) >= 0;
  }

  // -- hover cards (timeline.plot._hover_card builds the same in Python) -----------
  var cards = [];
  function card(i) {
    if (cards[i] !== undefined) return cards[i];
    var ev = EV[i], lines = ["<b>" + esc(cut(ev.ti, 80)) + "</b>"];
    var when = ev.lab;
    if (ev.dt) when += " \u00b7 written \u201c" + cut(ev.dt, 40) + "\u201d";
    if (ev.inf) when += " \u00b7 inferred";
    if (ev.st === "planned") when += " \u00b7 planned";
    lines.push(esc(when));
    if (ev.a.length) lines.push(esc("Actors: " + cut(names(ev.a), 90)));
    if (ev.l.length) lines.push(esc("Location: " + cut(ev.l.join(", "), 60)));
    lines.push(esc(typeStyle(ev.t).label + " \u00b7 " + plural(ev.na, "source") + ", " +
                   plural(ev.nm, "mention")));
    if (ev.m.length) {
      var m = ev.m[0];
      wrap("\u201c" + cut(m[1], 280) + "\u201d", 70).forEach(function (l) { lines.push(esc(l)); });
      lines.push(esc("\u2014 " + cut(articleTitle(m[0]), 70)));
    }
    cards[i] = lines.join("<br>");
    return cards[i];
  }

  // -- timeline ----------------------------------------------------------------
  var TL = D.timeline, ORIG = TL.data, gd = $("timeline");
  var INITIAL_RANGE = (TL.layout.xaxis.range || []).slice(), resetting = false;
  ORIG.forEach(function (tr) {
    if (tr.meta && tr.meta.role === "marker") tr.hovertext = tr.customdata.map(card);
  });
  mark("cards");
  var TRACE_ARRAYS = ["x", "y", "customdata", "hovertext"];
  var MARKER_ARRAYS = ["opacity", "size", "symbol", "color"];
  function filterTrace(tr, mask) {
    if (!mask || !tr.customdata) return tr;
    var cd = tr.customdata, keep = [], k;
    for (k = 0; k < cd.length; k++) if (mask[cd[k]]) keep.push(k);
    var out = Object.assign({}, tr);
    var pick = function (arr) { return keep.map(function (j) { return arr[j]; }); };
    TRACE_ARRAYS.forEach(function (key) { if (Array.isArray(tr[key])) out[key] = pick(tr[key]); });
    if (tr.marker) {
      out.marker = Object.assign({}, tr.marker);
      MARKER_ARRAYS.forEach(function (key) {
        if (Array.isArray(tr.marker[key])) out.marker[key] = pick(tr.marker[key]);
      });
    }
    return out;
  }
  function drawTimeline() {
    var mask = actorMask();
    var data = ORIG.map(function (tr) { return filterTrace(tr, mask); });
    return Plotly.react(gd, data, gd.layout || TL.layout, CONFIG);
  }

  // -- network -----------------------------------------------------------------
  var net = $("network");
  function edgeWidth(w) { return Math.min(6, 1 + Math.round(1.5 * Math.log2(Math.max(w, 1)))); }
  function nodeSize(n, mx) { return 8 + 24 * Math.sqrt(n / Math.max(mx, 1)); }
  function networkTraces() {
    var mask = actorMask(), count = new Map(), edges = new Map(), i, j, k;
    for (i = 0; i < N; i++) {
      var ev = EV[i];
      if ((mask && !mask[i]) || !inWindow(ev)) continue;
      var p = ev.p;
      for (j = 0; j < p.length; j++) count.set(p[j], (count.get(p[j]) || 0) + 1);
      for (j = 0; j < p.length; j++) {
        for (k = j + 1; k < p.length; k++) {
          var a = Math.min(p[j], p[k]), b = Math.max(p[j], p[k]), key = a * 1048576 + b;
          var list = edges.get(key);
          if (!list) { list = []; edges.set(key, list); }
          list.push(i);
        }
      }
    }
    var traces = [], byWidth = new Map(), mx = [], my = [], mt = [];
    edges.forEach(function (list, key) {
      var a = Math.floor(key / 1048576), b = key % 1048576, A = AC[a], B = AC[b];
      if (A.x === null || B.x === null) return;
      var w = edgeWidth(list.length), seg = byWidth.get(w);
      if (!seg) { seg = { x: [], y: [] }; byWidth.set(w, seg); }
      seg.x.push(A.x, B.x, null); seg.y.push(A.y, B.y, null);
      mx.push((A.x + B.x) / 2); my.push((A.y + B.y) / 2);
      var lines = ["<b>" + esc(cut(A.n, 40)) + " \u2014 " + esc(cut(B.n, 40)) + "</b>",
                   esc(plural(list.length, "shared event"))];
      list.slice(0, 8).forEach(function (ei) {
        lines.push(esc(EV[ei].lab + ": " + cut(EV[ei].ti, 60)));
      });
      if (list.length > 8) lines.push("\u2026 and " + (list.length - 8) + " more");
      mt.push(lines.join("<br>"));
    });
    Array.from(byWidth.keys()).sort(function (x, y) { return x - y; }).forEach(function (w) {
      var seg = byWidth.get(w);
      traces.push({ type: "scatter", mode: "lines", x: seg.x, y: seg.y, hoverinfo: "skip",
                    showlegend: false, line: { width: w, color: "rgba(90,100,115,0.45)" },
                    meta: { role: "edge", width: w } });
    });
    traces.push({ type: "scatter", mode: "markers", x: mx, y: my, hovertext: mt,
                  hovertemplate: "%{hovertext}<extra></extra>", showlegend: false,
                  marker: { size: 9, color: "rgba(0,0,0,0)" }, meta: { role: "edge-hover" } });
    var ids = Array.from(count.keys()).filter(function (a) { return AC[a].x !== null; });
    var maxN = 1;
    ids.forEach(function (a) { maxN = Math.max(maxN, count.get(a)); });
    var labelled = new Set(ids.slice().sort(function (a, b) {
      return count.get(b) - count.get(a) || (AC[a].id < AC[b].id ? -1 : 1);
    }).slice(0, 15));
    if (state.actor >= 0) labelled.add(state.actor);
    var types = Object.keys(D.actorTypes);
    var groups = new Map();
    ids.sort(function (a, b) { return a - b; }).forEach(function (a) {
      var t = D.actorTypes[AC[a].t] ? AC[a].t : "";
      if (!groups.has(t)) groups.set(t, []);
      groups.get(t).push(a);
    });
    Array.from(groups.keys()).sort(function (x, y) {
      return (types.indexOf(x) + 100) % 100 - (types.indexOf(y) + 100) % 100;
    }).forEach(function (t) {
      var items = groups.get(t), st = actorType(t);
      traces.push({
        type: "scatter", mode: "markers+text", name: esc(st.label),
        x: items.map(function (a) { return AC[a].x; }),
        y: items.map(function (a) { return AC[a].y; }),
        customdata: items,
        text: items.map(function (a) { return labelled.has(a) ? esc(cut(AC[a].n, 20)) : ""; }),
        textposition: "top center", textfont: { size: 11, color: "#333" },
        marker: { size: items.map(function (a) { return nodeSize(count.get(a), maxN); }),
                  color: st.color,
                  line: { color: items.map(function (a) { return a === state.actor ? "#111" : "white"; }),
                          width: items.map(function (a) { return a === state.actor ? 3 : 1.5; }) } },
        hovertext: items.map(function (a) {
          var A = AC[a];
          return "<b>" + esc(cut(A.n, 60)) + "</b><br>" +
            esc([st.label, A.c].filter(Boolean).join(" \u00b7 ")) + "<br>" +
            esc(plural(count.get(a), "event")) + (state.start || state.end ? " in this span" : "") +
            "<br><i>click to follow this actor</i>";
        }),
        hovertemplate: "%{hovertext}<extra></extra>", meta: { role: "node", actor_type: t }
      });
    });
    return traces;
  }
  function networkTitle() {
    var t = "Actor network";
    if (state.actor >= 0) t += " \u00b7 " + cut(AC[state.actor].n, 40);
    if (state.start || state.end) t += " \u00b7 " + (state.start || "\u2026") + " to " + (state.end || "\u2026");
    return esc(t);
  }
  function drawNetwork() {
    var layout = {
      title: { text: networkTitle(), x: 0.01, font: { size: 14 } }, height: 520,
      margin: { l: 10, r: 10, t: 40, b: 10 }, plot_bgcolor: "white", hovermode: "closest",
      hoverlabel: { bgcolor: "white", align: "left" },
      legend: { title: { text: "Actor type" }, itemsizing: "constant", orientation: "h",
                x: 0, y: 0, yanchor: "top" },
      xaxis: { visible: false, range: [-1.25, 1.25] }, yaxis: { visible: false, range: [-1.15, 1.2] },
      uirevision: "network"
    };
    return Plotly.react(net, networkTraces(), layout, CONFIG);
  }

  // -- details panel -------------------------------------------------------------
  function showDetails(i) {
    var ev = EV[i], body = $("details-body");
    body.replaceChildren();
    body.appendChild(el("h3", ev.ti));
    var dl = el("dl");
    function row(k, v) { if (v === "" || v === null || v === undefined) return; dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
    row("Date", ev.lab + (ev.inf ? " (inferred)" : ""));
    row("As written", ev.dt);
    row("Type", typeStyle(ev.t).label);
    row("Status", ev.st);
    row("Certainty", ev.c);
    row("Actors", names(ev.a));
    row("Location", ev.l.join(", "));
    row("Sources", plural(ev.na, "article") + ", " + plural(ev.nm, "mention"));
    body.appendChild(dl);
    ev.m.forEach(function (m) {
      body.appendChild(el("blockquote", m[1]));
      var src = el("p", "", "source"), art = AR[m[0]] || {}, url = safeUrl(art.u);
      src.appendChild(document.createTextNode("\u2014 "));
      var link = el(url ? "a" : "span", art.ti || art.id || "");
      if (url) { link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer"; }
      src.appendChild(link);
      var extra = [art.src, art.p, m[2] ? "\u201c" + m[2] + "\u201d" : ""].filter(Boolean).join(" \u00b7 ");
      if (extra) src.appendChild(document.createTextNode(" \u00b7 " + extra));
      body.appendChild(src);
    });
    if (ev.nu > ev.m.length) body.appendChild(el("p", plural(ev.nu - ev.m.length, "more sentence") + " in mentions.csv", "hint"));
  }

  // -- table -------------------------------------------------------------------
  var tbody = document.querySelector("#events-table tbody");
  var SORT = {
    date: function (i) { return EV[i].s || "~"; },
    title: function (i) { return EV[i].ti.toLowerCase(); },
    type: function (i) { return typeStyle(EV[i].t).label.toLowerCase(); },
    actors: function (i) { return names(EV[i].a).toLowerCase(); },
    sources: function (i) { return EV[i].na; }
  };
  function tableRows() {
    var mask = actorMask(), q = state.text.trim().toLowerCase(), out = [];
    for (var i = 0; i < N; i++) {
      if (mask && !mask[i]) continue;
      if (!inWindow(EV[i]) || !textMatch(EV[i], q)) continue;
      out.push(i);
    }
    var f = SORT[state.key], dir = state.dir;
    var keys = new Map(out.map(function (i) { return [i, f(i)]; }));
    out.sort(function (a, b) {
      var x = keys.get(a), y = keys.get(b);
      return (x < y ? -1 : x > y ? 1 : a - b) * dir;
    });
    return out;
  }
  function drawTable() {
    var rows = tableRows(), frag = document.createDocumentFragment();
    rows.slice(0, state.limit).forEach(function (i) {
      var ev = EV[i], tr = document.createElement("tr"), st = typeStyle(ev.t);
      tr.dataset.i = i;
      if (i === state.selected) tr.className = "selected";
      var d = el("td", ev.lab); d.title = ev.lab; if (ev.c !== "exact" || ev.inf) d.className = "faded"; tr.appendChild(d);
      var t = el("td", cut(ev.ti, 120)); t.title = ev.ti; tr.appendChild(t);
      var ty = el("td"), dot = el("span", null, ev.st === "planned" ? "dot open" : "dot");
      dot.style.background = st.color; dot.style.borderColor = st.color;
      ty.appendChild(dot); ty.appendChild(document.createTextNode(st.label)); tr.appendChild(ty);
      var a = el("td", names(ev.a)); a.title = names(ev.a); tr.appendChild(a);
      tr.appendChild(el("td", String(ev.na)));
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
    var shown = Math.min(rows.length, state.limit);
    $("table-count").textContent = "Showing " + shown + " of " + plural(rows.length, "matching event") +
      (rows.length !== N ? " (" + N + " in all)" : "");
    var more = $("table-more");
    more.hidden = rows.length <= state.limit;
    more.textContent = "Show " + Math.min(PAGE, rows.length - state.limit) + " more";
  }

  // -- wiring ------------------------------------------------------------------
  function status() {
    var parts = [];
    if (state.actor >= 0) parts.push("actor: " + AC[state.actor].n);
    if (state.start || state.end) parts.push((state.start || "\u2026") + " to " + (state.end || "\u2026"));
    $("status").textContent = parts.length ? "Filtered by " + parts.join(", ") : "";
  }
  function redraw(what) {
    status();
    drawTable();
    if (!hasPlotly) return;
    if (what.timeline) drawTimeline();
    drawNetwork();
  }
  function setActor(a) {
    a = Number(a);
    state.actor = (a >= 0 && a < AC.length) ? a : -1;
    $("actor-menu").value = String(state.actor);
    state.limit = PAGE;
    redraw({ timeline: true });
  }
  function setWindow(start, end) {
    state.start = start ? String(start).slice(0, 10) : null;
    state.end = end ? String(end).slice(0, 10) : null;
    // A view that shows every dated event is no filter (undated events stay listed).
    if (META.first && (state.start === null || state.start <= META.first) &&
        (state.end === null || state.end >= META.last)) state.start = state.end = null;
    state.limit = PAGE;
    redraw({ timeline: false });
  }

  $("page-title").textContent = META.title;
  document.title = META.title;
  $("summary").textContent = plural(META.n_events, "event") + " (" + META.n_dated + " dated" +
    (META.span ? ", " + META.span : "") + ") from " + plural(META.n_articles, "article") + ", " +
    plural(META.n_actors, "actor") + (META.n_errors ? ", " + plural(META.n_errors, "unreadable input") : "") +
    (META.n_dated < META.n_events ? " \u00b7 undated events are in the table only" : "");
  var before = (TL.layout.meta || {}).n_before_view || 0;
  if (before) {
    $("view-note").hidden = false;
    $("view-note").textContent = "Showing the busiest span: " + plural(before, "earlier event") +
      " " + (before === 1 ? "is" : "are") + " to the left (drag the range slider below the chart, or click \u201call\u201d).";
  }
  var menu = $("actor-menu");
  AC.map(function (a, i) { return i; }).sort(function (x, y) {
    return AC[y].ne - AC[x].ne || (AC[x].n.toLowerCase() < AC[y].n.toLowerCase() ? -1 : 1);
  }).forEach(function (i) {
    var o = el("option", cut(AC[i].n, 50) + " (" + AC[i].ne + ")");
    o.value = String(i);
    menu.appendChild(o);
  });
  menu.addEventListener("change", function () { setActor(menu.value); });
  $("reset").addEventListener("click", function () {
    state.text = ""; $("table-filter").value = "";
    state.actor = -1; menu.value = "-1";
    state.start = state.end = null;
    // Back to the initial view, which is no date filter even when it is the
    // "busiest span" (the relayout handler ignores this one).
    if (hasPlotly) {
      resetting = true;
      Promise.resolve(Plotly.relayout(gd, { "xaxis.range": INITIAL_RANGE.slice() }))
        .then(function () { resetting = false; }, function () { resetting = false; });
    }
    state.start = state.end = null;
    redraw({ timeline: true });
  });
  $("table-filter").addEventListener("input", function (e) {
    state.text = e.target.value; state.limit = PAGE; drawTable();
  });
  document.querySelectorAll("#events-table th").forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.dataset.key;
      state.dir = state.key === key ? -state.dir : 1;
      state.key = key;
      document.querySelectorAll("#events-table th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      drawTable();
    });
  });
  tbody.addEventListener("click", function (e) {
    var tr = e.target.closest("tr");
    if (!tr) return;
    state.selected = Number(tr.dataset.i);
    tbody.querySelectorAll("tr.selected").forEach(function (r) { r.className = ""; });
    tr.className = "selected";
    showDetails(state.selected);
  });
  $("table-more").addEventListener("click", function () { state.limit += PAGE; drawTable(); });

  var ready;
  if (!hasPlotly) {
    $("no-plotly").hidden = false;
    drawTable();
    ready = Promise.resolve();
  } else {
    drawTable();
    mark("table");
    ready = Plotly.newPlot(gd, ORIG, TL.layout, CONFIG).then(function () {
      mark("timeline");
      return drawNetwork();
    }).then(function () {
      mark("network");
      gd.on("plotly_hover", function (d) {
        var p = d.points && d.points[0];
        if (p && p.data.meta && p.data.meta.role === "marker") showDetails(p.customdata);
      });
      gd.on("plotly_click", function (d) {
        var p = d.points && d.points[0];
        if (p && p.data.meta && p.data.meta.role === "marker") { state.selected = p.customdata; showDetails(p.customdata); }
      });
      gd.on("plotly_relayout", function (r) {
        if (resetting) return;
        if (r["xaxis.autorange"]) { setWindow(null, null); return; }
        var r0 = r["xaxis.range[0]"], r1 = r["xaxis.range[1]"];
        if (r["xaxis.range"]) { r0 = r["xaxis.range"][0]; r1 = r["xaxis.range"][1]; }
        if (r0 !== undefined && r1 !== undefined) setWindow(r0, r1);
      });
      // Lane names: clicking an actor's lane follows that actor.
      gd.addEventListener("click", function (e) {
        var tick = e.target.closest && e.target.closest(".ytick");
        if (!tick || !tick.__data__) return;
        var lane = Math.round(tick.__data__.x), a = META.lane_actors[lane];
        if (a !== null && a !== undefined) setActor(state.actor === a ? -1 : a);
      });
      net.on("plotly_click", function (d) {
        var p = d.points && d.points[0];
        if (p && p.data.meta && p.data.meta.role === "node") setActor(state.actor === p.customdata ? -1 : p.customdata);
      });
    });
  }
  // For scripts and tests driving the page.
  window.timelineApp = {
    ready: ready, state: state, timings: timings, setActor: setActor, setWindow: setWindow,
    tableRows: function () { return tbody.rows.length; },
    matchingRows: function () { return tableRows().length; }
  };
})();
