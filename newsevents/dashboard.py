"""A self-contained HTML dashboard of the warehouse: one file, no network, no charting library.

`build_dashboard(warehouse, out)` opens the warehouse read-only, reads the marts (`warehouse/marts/*.sql`),
and writes one HTML page with the data embedded as JSON in a `<script type="application/json">` block and
small vanilla-JS charts drawn as SVG. Every string that comes from an article (titles, actors, evidence,
publishers, URLs) reaches the page only through that JSON block (with `<`, `>` and `&` escaped as \\u003c,
\\u003e, \\u0026, so no `</script>` can close it) and is put into the DOM with `textContent`; links are made
only from http(s) URLs. A Content-Security-Policy allows only the page's own two scripts and stylesheet (by
hash) and no network at all, so even a mistake in escaping could not run injected script.

Sections: events over time by type, a map of event places (SVG scatter on lon/lat with a graticule), top
actors and actor pairs, canonical events with evidence and source links, articles per publisher, and the
data-quality trend over runs. Script errors are written into `#errors` (tests assert it stays empty)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import duckdb

from warehouse.store import MARTS_DIR, connect_readonly

TOP_N = 15
MAX_EVENT_ROWS = 500
MAX_ARTICLE_ROWS = 300


# --- data -------------------------------------------------------------------------------------------------

def _ensure_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A warehouse written before a mart existed lacks its view; define it as a TEMP view on this read-only
    connection (allowed: temp objects live outside the database file). Returns the names so defined."""
    existing = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    added = []
    for sql_file in sorted(MARTS_DIR.glob("*.sql")):
        text = sql_file.read_text(encoding="utf-8")
        match = re.search(r"CREATE OR REPLACE VIEW (\w+)", text)
        if match and match.group(1) not in existing:
            con.execute(text.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", 1))
            added.append(match.group(1))
    return added


def _clean(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    columns = [d[0] for d in rel.description]
    return [{c: _clean(v) for c, v in zip(columns, row)} for row in rel.fetchall()]


def _timeline(con: duckdb.DuckDBPyConnection) -> dict:
    """Events per time bin and type. The bin (day, week or month) follows the span of the dated events; a
    month bin also counts events known only to the month. Year-precision and undated events are counted
    aside, never placed on a made-up day."""
    lo, hi = con.sql("SELECT min(event_date), max(event_date) FROM events "
                     "WHERE event_date IS NOT NULL AND date_precision IN ('day', 'month')").fetchall()[0]
    total = con.sql("SELECT count(*) FROM events").fetchall()[0][0]
    if lo is None:
        return {"granularity": "month", "bins": [], "types": [], "placed": 0, "total": total}
    span = (hi - lo).days
    granularity = "day" if span <= 92 else "week" if span <= 2 * 366 else "month"
    precisions = ["day", "month"] if granularity == "month" else ["day"]
    step = {"day": "INTERVAL 1 DAY", "week": "INTERVAL 7 DAY", "month": "INTERVAL 1 MONTH"}[granularity]
    bins = _rows(con, f"""
        SELECT CAST(date_trunc('{granularity}', event_date) AS DATE) AS start,
               CAST(date_trunc('{granularity}', event_date) + {step} AS DATE) AS "end",
               event_type, quad_class, count(*) AS events, count(DISTINCT canonical_event_id) AS distinct_events
        FROM events
        WHERE event_date IS NOT NULL AND date_precision IN (SELECT unnest(?))
        GROUP BY ALL ORDER BY start, event_type""", [precisions])
    types = [r["event_type"] for r in _rows(con, """
        SELECT event_type, count(*) AS n FROM events WHERE event_date IS NOT NULL AND date_precision IN (SELECT unnest(?))
        GROUP BY 1 ORDER BY n DESC, event_type""", [precisions])]
    return {"granularity": granularity, "bins": bins, "types": types, "placed": sum(b["events"] for b in bins),
            "total": total}


def collect(con: duckdb.DuckDBPyConnection) -> dict:
    """Everything the page shows, as JSON-ready lists of dicts (read from the marts where one exists)."""
    _ensure_marts(con)
    one = lambda sql: con.sql(sql).fetchall()[0][0]  # noqa: E731
    summary = {
        "articles": one("SELECT count(*) FROM articles"),
        "publishers": one("SELECT count(DISTINCT publisher) FROM articles"),
        "events": one("SELECT count(*) FROM events"),
        "canonical_events": one("SELECT count(*) FROM canonical_events"),
        "places": one("SELECT count(*) FROM places"),
        "runs": one("SELECT count(*) FROM runs"),
        "rejects": one("SELECT count(*) FROM rejects"),
    }
    last = _rows(con, "SELECT run_id, status, started_at FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1")
    summary["last_run"] = last[0] if last else None

    canonical = _rows(con, f"""
        SELECT canonical_event_id, event_type, quad_class, actor1, actor2, event_date, date_precision, location,
               country_iso3, killed, injured, troops, n_articles, n_publishers, evidence, confidence, mention_kind,
               best_url
        FROM canonical_events
        ORDER BY n_articles DESC, n_publishers DESC, event_date DESC NULLS LAST, canonical_event_id
        LIMIT {MAX_EVENT_ROWS}""")
    sources: dict[str, list] = {}
    for r in _rows(con, """
            SELECT e.canonical_event_id, a.article_id, a.publisher, a.title, a.url, a.published_date
            FROM events e JOIN articles a USING (article_id)
            GROUP BY ALL ORDER BY a.published_date NULLS LAST, a.publisher, a.article_id"""):
        sources.setdefault(r.pop("canonical_event_id"), []).append(r)
    for c in canonical:
        c["sources"] = sources.get(c["canonical_event_id"], [])

    return {
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "summary": summary,
        "timeline": _timeline(con),
        "places": _rows(con, "SELECT * FROM places ORDER BY events DESC, location"),
        "top_actors": _rows(con, f"""
            SELECT actor, mode(country) AS country, count(*) AS events,
                   count(DISTINCT canonical_event_id) AS distinct_events
            FROM (SELECT actor1 AS actor, actor1_country AS country, canonical_event_id FROM events WHERE actor1 IS NOT NULL
                  UNION ALL
                  SELECT actor2, actor2_country, canonical_event_id FROM events WHERE actor2 IS NOT NULL)
            GROUP BY actor ORDER BY events DESC, distinct_events DESC, actor LIMIT {TOP_N}"""),
        "actor_pairs": _rows(con, f"""
            SELECT * FROM actor_pairs
            ORDER BY events DESC, distinct_events DESC, actor1, actor2 LIMIT {TOP_N}"""),
        "canonical_events": canonical,
        "canonical_total": summary["canonical_events"],
        "publishers": _rows(con, """
            SELECT publisher, CAST(sum(articles) AS BIGINT) AS articles, count(published_date) AS days,
                   min(published_date) AS first_date, max(published_date) AS last_date
            FROM articles_per_publisher_daily GROUP BY publisher ORDER BY articles DESC, publisher NULLS LAST"""),
        "articles": _rows(con, f"""
            SELECT article_id, publisher, published_date, title, url, word_count
            FROM articles ORDER BY published_date DESC NULLS LAST, publisher, article_id LIMIT {MAX_ARTICLE_ROWS}"""),
        "runs": _rows(con, """
            SELECT run_id, started_at, status, files_seen, articles, events, rejects, checks, checks_passed,
                   pass_rate_pct
            FROM run_quality ORDER BY started_at, run_id"""),
        "rejects_per_run": _rows(con, "SELECT * FROM rejects_per_run ORDER BY started_at DESC, run_id DESC, rejects DESC"),
        "failed_checks": _rows(con, """
            SELECT d.table_name, d.column_name, d.check_name, d.severity, d.failed_rows, d.total_rows
            FROM dq_results d
            WHERE NOT d.passed AND d.run_id = (SELECT run_id FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1)
            ORDER BY d.severity, d.table_name, d.column_name"""),
    }


# --- page -------------------------------------------------------------------------------------------------

def _json_for_script(data: dict) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' can end the block or open a
    comment (they become \\u003c, \\u003e, \\u0026, which JSON.parse turns back into the characters)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render(data: dict) -> str:
    csp = (f"default-src 'none'; script-src {_sha256(_ERRORS_JS)} {_sha256(_APP_JS)}; style-src {_sha256(_CSS)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return (_PAGE.replace("%CSP%", csp)
            .replace("%CSS%", _CSS)
            .replace("%ERRORS_JS%", _ERRORS_JS)
            .replace("%APP_JS%", _APP_JS)
            .replace("%DATA%", _json_for_script(data)))


def build_dashboard(warehouse_path: Path, out: Path) -> Path:
    """Read the warehouse (read-only) and write the dashboard to `out`; returns its path. Raises
    FileNotFoundError when there is no warehouse and warehouse.store.WarehouseBusy while a run writes it."""
    con = connect_readonly(Path(warehouse_path))
    try:
        data = collect(con)
    finally:
        con.close()
    data["warehouse"] = str(warehouse_path)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(render(data), encoding="utf-8")
    os.replace(tmp, out)
    return out


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%CSP%">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsevents dashboard</title>
<style>%CSS%</style>
</head>
<body>
<ul id="errors" hidden></ul>
<script>%ERRORS_JS%</script>
<header>
  <h1>newsevents</h1>
  <p id="meta" class="muted"></p>
  <div id="cards" class="cards"></div>
</header>
<main>
  <section id="timeline"><h2>Events over time, by type</h2><p class="note"></p><div class="chart"></div><div class="legend"></div></section>
  <section id="map"><h2>Where: event places</h2><p class="note"></p><div class="chart"></div><div class="table"></div></section>
  <div class="two">
    <section id="actors"><h2>Top actors</h2><p class="note"></p><div class="chart"></div></section>
    <section id="pairs"><h2>Top actor pairs</h2><p class="note"></p><div class="chart"></div><div class="legend"></div></section>
  </div>
  <section id="events"><h2>Canonical events</h2><p class="note"></p>
    <input id="filter" type="search" placeholder="Filter: actor, type, place, words of the evidence..." aria-label="filter events">
    <div class="table"></div></section>
  <section id="publishers"><h2>Articles per publisher</h2><p class="note"></p><div class="chart"></div><div class="table"></div></section>
  <section id="quality"><h2>Data quality over runs</h2><p class="note"></p><div class="chart"></div><div class="table"></div></section>
</main>
<footer class="muted">Generated by <code>newsevents dashboard</code>. Self-contained: no network access needed.</footer>
<script type="application/json" id="dashboard-data">%DATA%</script>
<script>%APP_JS%</script>
</body>
</html>
"""

_CSS = """
:root { --ink:#1d2430; --muted:#667085; --line:#e3e7ee; --bg:#f6f7fb; --card:#fff; --accent:#2f6fdf; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif; color:var(--ink); background:var(--bg); }
header, main, footer { max-width:1320px; margin:0 auto; padding:0 20px; }
header { padding-top:18px; }
h1 { margin:0; font-size:24px; }
h2 { margin:0 0 4px; font-size:17px; }
.muted, .note { color:var(--muted); }
.note { margin:0 0 8px; font-size:12.5px; }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; margin:14px 0; }
.two { display:grid; grid-template-columns:1fr 1fr; gap:14px; }
.two section { margin:0; }
@media (max-width: 900px) { .two { grid-template-columns:1fr; } }
.cards { display:flex; flex-wrap:wrap; gap:10px; margin:12px 0 4px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:8px 14px; min-width:120px; }
.card b { display:block; font-size:22px; }
.card span { color:var(--muted); font-size:12px; }
svg { display:block; width:100%; height:auto; }
svg.hbars { max-width:720px; }
.maps { display:grid; grid-template-columns:1.6fr 1fr; gap:12px; align-items:start; }
.maps figure { margin:0; }
svg text { font-size:11px; fill:#3b4452; }
svg .axis line, svg .axis path { stroke:#c5ccd8; }
svg .grid { stroke:#eef1f5; }
svg .graticule { stroke:#d9e1ec; fill:none; }
svg .frame { fill:#f3f7fc; stroke:#c5ccd8; }
svg .label { font-size:11.5px; fill:#1d2430; }
svg .value { font-size:10.5px; fill:#3b4452; }
svg rect.bar:hover, svg circle.place:hover { opacity:.75; }
.legend { display:flex; flex-wrap:wrap; gap:4px 14px; margin-top:6px; font-size:12px; }
.legend i { display:inline-block; width:11px; height:11px; border-radius:2px; margin-right:5px; vertical-align:-1px; }
.sw0{background:#2f6fdf}.sw1{background:#e8743b}.sw2{background:#19a979}.sw3{background:#ed4a7b}.sw4{background:#945ecf}
.sw5{background:#13a4b4}.sw6{background:#d4b500}.sw7{background:#6c8893}.sw8{background:#a35e33}.sw9{background:#7fb800}
.sw10{background:#c94cbe}.sw11{background:#3a4a8c}.q1{background:#2e9e5b}.q2{background:#7dbb42}.q3{background:#f0a030}.q4{background:#d9453d}
.tablewrap { max-height:560px; overflow:auto; border:1px solid var(--line); border-radius:8px; margin-top:8px; }
table { border-collapse:collapse; width:100%; font-size:12.5px; }
th, td { text-align:left; vertical-align:top; padding:5px 8px; border-bottom:1px solid var(--line); }
th { position:sticky; top:0; background:#f0f3f8; font-weight:600; z-index:1; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
td.evidence { min-width:300px; max-width:480px; color:#374151; }
td.sources { min-width:220px; max-width:340px; }
td.sources a, td a { color:var(--accent); text-decoration:none; }
td.sources a:hover { text-decoration:underline; }
td.sources div + div { margin-top:3px; }
.badge { display:inline-block; padding:1px 6px; border-radius:9px; color:#fff; font-size:11px; white-space:nowrap; }
.status-failed { color:#c0392b; font-weight:600; }
.status-succeeded { color:#1e8e4e; }
#filter { width:100%; max-width:520px; padding:6px 9px; border:1px solid #c5ccd8; border-radius:7px; font:inherit; }
#errors { background:#fde8e8; color:#8a1c1c; border:1px solid #f5b5b5; margin:0; padding:8px 30px; }
.empty { color:var(--muted); font-style:italic; padding:10px 0; }
footer { padding:10px 20px 30px; font-size:12px; }
"""

# Installed first, before any other script: every uncaught error or rejected promise is written into #errors.
_ERRORS_JS = """
(function () {
  function report(text) {
    var box = document.getElementById('errors');
    var li = document.createElement('li');
    li.textContent = text;
    box.appendChild(li);
    box.hidden = false;
  }
  window.__reportError = report;
  window.onerror = function (msg, src, line, col) { report(String(msg) + ' (line ' + line + ':' + col + ')'); };
  window.addEventListener('unhandledrejection', function (e) { report('unhandled rejection: ' + String(e.reason)); });
})();
"""

_APP_JS = r"""
(function () {
'use strict';
var DATA = JSON.parse(document.getElementById('dashboard-data').textContent);
var SVGNS = 'http://www.w3.org/2000/svg';
var NPAL = 12;
var TYPE_COLORS = ['#2f6fdf','#e8743b','#19a979','#ed4a7b','#945ecf','#13a4b4','#d4b500','#6c8893','#a35e33','#7fb800','#c94cbe','#3a4a8c'];
var QUAD_COLORS = {1:'#2e9e5b', 2:'#7dbb42', 3:'#f0a030', 4:'#d9453d'};
var QUAD_NAMES = {1:'verbal cooperation', 2:'material cooperation', 3:'verbal conflict', 4:'material conflict'};

// --- DOM helpers: text always goes in through textContent, attributes through setAttribute --------------
function el(tag, attrs, text) {
  var n = document.createElement(tag);
  if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, String(attrs[k]));
  if (text !== undefined && text !== null) n.textContent = String(text);
  return n;
}
function svgEl(tag, attrs, text) {
  var n = document.createElementNS(SVGNS, tag);
  if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, String(attrs[k]));
  if (text !== undefined && text !== null) n.textContent = String(text);
  return n;
}
function tip(node, text) { node.appendChild(svgEl('title', null, text)); return node; }
function svgRoot(w, h, label) { return svgEl('svg', {viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet'}); }
function part(id, sel) { return document.querySelector('#' + id + ' ' + sel); }
function note(id, text) { part(id, '.note').textContent = text; }
function empty(id, text) { part(id, '.chart').appendChild(el('p', {'class': 'empty'}, text)); }
function fmt(n) { return (n === null || n === undefined) ? '' : Number(n).toLocaleString('en-US'); }
function safeUrl(u) { return (typeof u === 'string' && /^https?:\/\/[^\s]+$/i.test(u)) ? u : null; }
function link(url, text) {
  var u = safeUrl(url);
  if (!u) return el('span', null, text);
  return el('a', {href: u, target: '_blank', rel: 'noopener noreferrer'}, text);
}
function short(s, n) { s = String(s === null || s === undefined ? '' : s); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
function table(headers, rows, numeric) {
  var wrap = el('div', {'class': 'tablewrap'});
  var t = el('table'); var thead = el('thead'); var tr = el('tr');
  headers.forEach(function (h, i) { tr.appendChild(el('th', numeric && numeric[i] ? {'class': 'num'} : null, h)); });
  thead.appendChild(tr); t.appendChild(thead);
  var tbody = el('tbody');
  rows.forEach(function (cells) {
    var r = el('tr');
    cells.forEach(function (c, i) {
      var td = el('td', numeric && numeric[i] ? {'class': 'num'} : null);
      if (c instanceof Node) td.appendChild(c); else td.textContent = (c === null || c === undefined) ? '' : String(c);
      r.appendChild(td);
    });
    tbody.appendChild(r);
  });
  t.appendChild(tbody); wrap.appendChild(t);
  return wrap;
}
function niceMax(v) {
  if (v <= 0) return 1;
  var p = Math.pow(10, Math.floor(Math.log10(v))), m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
function yTicks(max) {
  var step = niceMax(max / 4); var out = [];
  for (var v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}
function utc(s) { var p = s.split('-'); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
function iso(t) { return new Date(t).toISOString().slice(0, 10); }

// --- header ------------------------------------------------------------------------------------------------
function renderHeader() {
  var s = DATA.summary;
  var meta = 'Warehouse ' + DATA.warehouse + ' \u00b7 generated ' + DATA.generated_at;
  if (s.last_run) meta += ' \u00b7 last run ' + s.last_run.run_id + ' (' + s.last_run.status + ')';
  document.getElementById('meta').textContent = meta;
  var cards = document.getElementById('cards');
  [['articles', 'articles'], ['publishers', 'publishers'], ['events', 'event reports'],
   ['canonical_events', 'canonical events'], ['places', 'places'], ['runs', 'runs'], ['rejects', 'rejected rows']]
    .forEach(function (c) {
      var d = el('div', {'class': 'card', 'data-metric': c[0]});
      d.appendChild(el('b', null, fmt(s[c[0]])));
      d.appendChild(el('span', null, c[1]));
      cards.appendChild(d);
    });
}

// --- events over time: stacked bars on a time axis ---------------------------------------------------------
function renderTimeline() {
  var T = DATA.timeline;
  var left = T.total - T.placed;
  note('timeline', 'Event reports per ' + T.granularity + ' of the event date (not the publication date), stacked by event type. ' +
       fmt(T.placed) + ' of ' + fmt(T.total) + ' reports placed' +
       (left ? '; ' + fmt(left) + ' undated or dated only to the ' + (T.granularity === 'month' ? 'year' : 'month or year') + ' are left out.' : '.'));
  if (!T.bins.length) { empty('timeline', 'No dated events yet.'); return; }
  var W = 1000, H = 300, m = {l: 44, r: 14, t: 12, b: 34};
  var iw = W - m.l - m.r, ih = H - m.t - m.b;
  var t0 = utc(T.bins[0].start), t1 = t0;
  var stacks = {};
  T.bins.forEach(function (b) {
    t1 = Math.max(t1, utc(b.end));
    var k = b.start; (stacks[k] = stacks[k] || {start: b.start, end: b.end, items: []}).items.push(b);
  });
  var pad = (t1 - t0) * 0.01 || 86400000; t0 -= pad; t1 += pad;
  var maxStack = 0;
  Object.keys(stacks).forEach(function (k) {
    var tot = 0; stacks[k].items.forEach(function (b) { tot += b.events; }); maxStack = Math.max(maxStack, tot);
  });
  var ymax = niceMax(maxStack);
  var x = function (t) { return m.l + (t - t0) / (t1 - t0) * iw; };
  var y = function (v) { return m.t + ih - v / ymax * ih; };
  var svg = svgRoot(W, H, 'events over time by type');
  var g = svgEl('g', {'class': 'axis'});
  yTicks(ymax).forEach(function (v) {
    svg.appendChild(svgEl('line', {'class': 'grid', x1: m.l, x2: W - m.r, y1: y(v), y2: y(v)}));
    g.appendChild(svgEl('text', {x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end'}, fmt(v)));
  });
  g.appendChild(svgEl('line', {x1: m.l, x2: W - m.r, y1: y(0), y2: y(0)}));
  // time ticks: the coarsest calendar step that gives at most ~10 ticks
  var days = (t1 - t0) / 86400000;
  var stepMonths = days > 3650 ? 24 : days > 1460 ? 12 : days > 730 ? 6 : days > 365 ? 3 : days > 120 ? 1 : 0;
  var ticks = [];
  if (stepMonths) {
    var d = new Date(t0); var yv = d.getUTCFullYear(), mv = Math.floor(d.getUTCMonth() / stepMonths) * stepMonths;
    for (var c = Date.UTC(yv, mv, 1); c <= t1; mv += stepMonths, c = Date.UTC(yv, mv, 1)) if (c >= t0) ticks.push(c);
  } else {
    var stepDays = days > 60 ? 14 : days > 21 ? 7 : days > 10 ? 2 : 1;
    var start = Math.ceil(t0 / 86400000) * 86400000;
    for (var c2 = start; c2 <= t1; c2 += stepDays * 86400000) ticks.push(c2);
  }
  ticks.forEach(function (t) {
    var lbl = stepMonths >= 12 ? iso(t).slice(0, 4) : stepMonths ? iso(t).slice(0, 7) : iso(t).slice(5);
    g.appendChild(svgEl('line', {x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 5}));
    g.appendChild(svgEl('text', {x: x(t), y: y(0) + 18, 'text-anchor': 'middle'}, lbl));
  });
  svg.appendChild(g);
  var typeIndex = {}; T.types.forEach(function (t, i) { typeIndex[t] = i; });
  Object.keys(stacks).sort().forEach(function (k) {
    var s = stacks[k], x0 = x(utc(s.start)), x1 = x(utc(s.end));
    var bw = Math.max(3, x1 - x0 - 1), base = 0;
    s.items.sort(function (a, b) { return typeIndex[a.event_type] - typeIndex[b.event_type]; });
    s.items.forEach(function (b) {
      var r = svgEl('rect', {'class': 'bar', x: x0, y: y(base + b.events), width: bw, height: Math.max(0.5, y(base) - y(base + b.events)),
        fill: TYPE_COLORS[typeIndex[b.event_type] % NPAL], 'data-bin': b.start, 'data-type': b.event_type, 'data-events': b.events});
      tip(r, b.start + ' (' + DATA.timeline.granularity + ') \u2014 ' + b.event_type + ': ' + b.events + ' report(s), ' + b.distinct_events + ' canonical event(s)');
      svg.appendChild(r);
      base += b.events;
    });
  });
  part('timeline', '.chart').appendChild(svg);
  var legend = part('timeline', '.legend');
  T.types.forEach(function (t, i) {
    var s = el('span', {'data-type': t}); s.appendChild(el('i', {'class': 'sw' + (i % NPAL)})); s.appendChild(document.createTextNode(t));
    legend.appendChild(s);
  });
}

// --- map: equirectangular scatter with a graticule ---------------------------------------------------------
function drawMap(P, maxEv, W, H, minSpan, label, mapId) {
  // equirectangular, x scaled by cos(mid latitude); extent: the points plus a margin, at least minSpan
  // degrees of latitude, widened to fill the frame
  var m = 34, ml = 58;
  var lons = P.map(function (p) { return p.longitude; }), lats = P.map(function (p) { return p.latitude; });
  var lo0 = Math.min.apply(null, lons), lo1 = Math.max.apply(null, lons), la0 = Math.min.apply(null, lats), la1 = Math.max.apply(null, lats);
  var k = Math.max(0.2, Math.cos((la0 + la1) / 2 * Math.PI / 180)), fw = W - ml - m, fh = H - 2 * m;
  var spanLa = Math.max(minSpan, (la1 - la0) * 1.3), spanLo = Math.max(spanLa * fw / fh / k, (lo1 - lo0) * 1.3);
  spanLa = Math.max(spanLa, spanLo * k * fh / fw);
  var cLo = (lo0 + lo1) / 2, cLa = (la0 + la1) / 2;
  var ext = {w: cLo - spanLo / 2, e: cLo + spanLo / 2, s: cLa - spanLa / 2, n: cLa + spanLa / 2};
  var px = function (lon) { return ml + (lon - ext.w) / (ext.e - ext.w) * fw; };
  var py = function (lat) { return m + (ext.n - lat) / (ext.n - ext.s) * fh; };
  var svg = svgRoot(W, H, label);
  svg.setAttribute('data-map', mapId);
  svg.appendChild(svgEl('rect', {'class': 'frame', x: ml, y: m, width: fw, height: fh}));
  var step = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45].filter(function (st) { return spanLo / st <= 9; })[0] || 60;
  var deg = function (v, pos, neg) { return Math.abs(+v.toFixed(2)) + '\u00b0' + (v < 0 ? neg : pos); };
  var grat = svgEl('g', {'class': 'graticule-lines'});
  for (var lo = Math.ceil(ext.w / step) * step; lo <= ext.e; lo += step) {
    grat.appendChild(svgEl('line', {'class': 'graticule', x1: px(lo), x2: px(lo), y1: m, y2: H - m, 'data-lon': +lo.toFixed(2)}));
    grat.appendChild(svgEl('text', {x: px(lo), y: H - m + 14, 'text-anchor': 'middle'}, deg(lo, 'E', 'W')));
  }
  for (var la = Math.ceil(ext.s / step) * step; la <= ext.n; la += step) {
    grat.appendChild(svgEl('line', {'class': 'graticule', x1: ml, x2: W - m, y1: py(la), y2: py(la), 'data-lat': +la.toFixed(2)}));
    grat.appendChild(svgEl('text', {x: ml - 5, y: py(la) + 4, 'text-anchor': 'end'}, deg(la, 'N', 'S')));
  }
  svg.appendChild(grat);
  var rad = function (n) { return 4 + 12 * Math.sqrt(n / maxEv); };
  var dots = svgEl('g'), labels = svgEl('g'), placed = [];
  P.forEach(function (p) { var cx = px(p.longitude), cy = py(p.latitude), r = rad(p.events);
    placed.push({x0: cx - r, x1: cx + r, y0: cy - r, y1: cy + r}); });
  P.slice().sort(function (a, b) { return b.events - a.events; }).forEach(function (p) {
    var cx = px(p.longitude), cy = py(p.latitude), r = rad(p.events);
    var c = svgEl('circle', {'class': 'place', cx: cx, cy: cy, r: r, fill: p.killed ? '#d9453d' : '#2f6fdf', 'fill-opacity': 0.5,
      stroke: p.killed ? '#a12a23' : '#1d4fa8', 'stroke-width': 1, 'data-location': p.location, 'data-events': p.events,
      'data-lat': p.latitude, 'data-lon': p.longitude, 'data-killed': p.killed === null ? '' : p.killed});
    tip(c, p.location + (p.country_iso3 ? ' (' + p.country_iso3 + ')' : '') + ': ' + p.events + ' report(s), ' + p.distinct_events +
      ' canonical event(s)' + (p.killed ? ', ' + p.killed + ' killed' : '') + ' \u2014 ' + p.latitude.toFixed(3) + ', ' + p.longitude.toFixed(3));
    dots.insertBefore(c, dots.firstChild);  // busiest drawn first, so smaller circles stay on top
    // a label where it overlaps no circle and no earlier (busier) label: right, left, above, below
    var w = 6.6 * p.location.length + 4, h = 13;
    var spots = [[cx + r + 3, cy + 4, 'start'], [cx - r - 3, cy + 4, 'end'], [cx, cy - r - 4, 'middle'], [cx, cy + r + 13, 'middle']];
    for (var i = 0; i < spots.length; i++) {
      var sp = spots[i], bx = sp[2] === 'start' ? sp[0] : sp[2] === 'end' ? sp[0] - w : sp[0] - w / 2, by = sp[1] - 10;
      var box = {x0: bx, x1: bx + w, y0: by, y1: by + h};
      if (box.x0 < 0 || box.x1 > W || box.y0 < 0 || box.y1 > H) continue;
      var clash = placed.some(function (q) { return !(box.x1 < q.x0 || box.x0 > q.x1 || box.y1 < q.y0 || box.y0 > q.y1); });
      if (!clash) { placed.push(box); labels.appendChild(svgEl('text', {'class': 'label', x: sp[0], y: sp[1], 'text-anchor': sp[2]}, p.location)); break; }
    }
  });
  svg.appendChild(dots); svg.appendChild(labels);
  return {svg: svg, spanLo: spanLo};
}

function renderMap() {
  var all = DATA.places, P = all.filter(function (p) { return p.latitude !== null && p.longitude !== null; });
  note('map', 'Places named in events (' + P.length + ' of ' + all.length + ' have coordinates). Circle area: event reports; ' +
       'red: people killed there. Equirectangular projection, graticule in degrees; hover a circle for details.');
  if (!P.length) { empty('map', 'No places with coordinates yet.'); }
  else {
    var maxEv = Math.max.apply(null, P.map(function (p) { return p.events; }));
    // the busiest place's neighbourhood (within 1.5 degrees) gets a zoomed panel when the overview squeezes it
    var top = P[0], near = P.filter(function (p) { return Math.abs(p.latitude - top.latitude) <= 1.5 && Math.abs(p.longitude - top.longitude) <= 1.5; });
    var overview = drawMap(P, maxEv, 820, 540, 8, 'map of event places', 'overview');
    var grid = el('div', {'class': near.length > 1 && near.length < P.length && overview.spanLo > 12 ? 'maps' : ''});
    grid.appendChild(overview.svg);
    if (grid.getAttribute('class') === 'maps') {
      var zoom = drawMap(near, maxEv, 520, 540, 1.2, 'zoom on the places around ' + top.location, 'zoom');
      var fig = el('figure'); fig.appendChild(zoom.svg);
      fig.appendChild(el('figcaption', {'class': 'note'}, 'Zoom: ' + near.length + ' places within 1.5\u00b0 of ' + top.location + '.'));
      grid.appendChild(fig);
    }
    part('map', '.chart').appendChild(grid);
  }
  if (all.length) {
    part('map', '.table').appendChild(table(['place', 'country', 'lat', 'lon', 'reports', 'canonical events', 'killed', 'first', 'last'],
      all.map(function (p) {
        return [p.location, p.country_iso3, p.latitude === null ? '' : p.latitude.toFixed(3), p.longitude === null ? '' : p.longitude.toFixed(3),
                fmt(p.events), fmt(p.distinct_events), fmt(p.killed), p.first_event_date, p.last_event_date];
      }), [0, 0, 1, 1, 1, 1, 1, 0, 0]));
  }
}

// --- horizontal bar chart (actors, pairs, publishers) --------------------------------------------------------
function hbars(rows, opts) {
  var W = 600, bh = 22, gap = 5, lw = opts.labelWidth || 210, m = {t: 4, r: 46, b: 4};
  var H = m.t + m.b + rows.length * (bh + gap);
  var max = Math.max.apply(null, rows.map(opts.value)) || 1;
  var svg = svgRoot(W, H, opts.label);
  svg.setAttribute('class', 'hbars');
  rows.forEach(function (r, i) {
    var yy = m.t + i * (bh + gap), v = opts.value(r), w = Math.max(1, v / max * (W - lw - m.r));
    svg.appendChild(svgEl('text', {x: lw - 8, y: yy + bh / 2 + 4, 'text-anchor': 'end'}, short(opts.name(r), Math.floor(lw / 6.3))));
    var rect = svgEl('rect', Object.assign({'class': 'bar', x: lw, y: yy, width: w, height: bh, rx: 3, fill: opts.color(r)}, opts.data(r)));
    tip(rect, opts.tip(r));
    svg.appendChild(rect);
    svg.appendChild(svgEl('text', {'class': 'value', x: lw + w + 5, y: yy + bh / 2 + 4}, fmt(v)));
  });
  return svg;
}

function renderActors() {
  var A = DATA.top_actors;
  note('actors', 'Actors (as actor1 or actor2) by event reports; top ' + A.length + '.');
  if (!A.length) { empty('actors', 'No actors yet.'); return; }
  part('actors', '.chart').appendChild(hbars(A, {label: 'top actors', value: function (r) { return r.events; },
    name: function (r) { return r.actor + (r.country ? ' (' + r.country + ')' : ''); }, color: function () { return '#2f6fdf'; },
    data: function (r) { return {'data-actor': r.actor, 'data-events': r.events}; },
    tip: function (r) { return r.actor + ': ' + r.events + ' report(s), ' + r.distinct_events + ' canonical event(s)'; }}));
}

function renderPairs() {
  var P = DATA.actor_pairs;
  note('pairs', 'Directed pairs (actor1 \u2192 actor2) by event reports; colour: mean quad class. Top ' + P.length + '.');
  if (!P.length) { empty('pairs', 'No events with two actors yet.'); return; }
  part('pairs', '.chart').appendChild(hbars(P, {label: 'top actor pairs', labelWidth: 300, value: function (r) { return r.events; },
    name: function (r) { return r.actor1 + ' \u2192 ' + r.actor2; },
    color: function (r) { return QUAD_COLORS[Math.min(4, Math.max(1, Math.round(r.mean_quad_class)))]; },
    data: function (r) { return {'data-actor1': r.actor1, 'data-actor2': r.actor2, 'data-events': r.events, 'data-event-types': r.event_types}; },
    tip: function (r) { return r.actor1 + ' \u2192 ' + r.actor2 + ': ' + r.events + ' report(s), ' + r.distinct_events + ' canonical event(s); ' +
      r.event_types + '; mean quad class ' + r.mean_quad_class + (r.first_event_date ? '; ' + r.first_event_date + ' .. ' + r.last_event_date : ''); }}));
  var legend = part('pairs', '.legend');
  [1, 2, 3, 4].forEach(function (q) {
    var s = el('span'); s.appendChild(el('i', {'class': 'q' + q})); s.appendChild(document.createTextNode(q + ' ' + QUAD_NAMES[q])); legend.appendChild(s);
  });
}

// --- canonical events table ------------------------------------------------------------------------------------
function renderEvents() {
  var E = DATA.canonical_events;
  note('events', 'One row per real-world event with its best report\u2019s evidence sentence and every article that reported it. ' +
       (DATA.canonical_total > E.length ? 'Showing ' + E.length + ' of ' + fmt(DATA.canonical_total) + ' (most reported first).' : fmt(E.length) + ' canonical events, most reported first.'));
  if (!E.length) { part('events', '.table').appendChild(el('p', {'class': 'empty'}, 'No events yet.')); return; }
  var rows = E.map(function (e) {
    var when = e.event_date ? e.event_date + (e.date_precision !== 'day' ? ' (' + e.date_precision + ')' : '') : 'undated';
    var type = el('span');
    type.appendChild(el('span', {'class': 'badge q' + e.quad_class, title: QUAD_NAMES[e.quad_class]}, 'Q' + e.quad_class));
    type.appendChild(document.createTextNode(' ' + e.event_type + (e.mention_kind !== 'current' ? ' \u00b7 ' + e.mention_kind : '')));
    var who = (e.actor1 || '?') + (e.actor2 ? ' \u2192 ' + e.actor2 : '');
    var where = e.location ? e.location + (e.country_iso3 ? ' (' + e.country_iso3 + ')' : '') : '';
    var toll = [e.killed !== null ? e.killed + ' killed' : '', e.injured !== null ? e.injured + ' injured' : '', e.troops !== null ? e.troops + ' troops' : '']
      .filter(Boolean).join(', ');
    var srcBox = el('div');
    e.sources.forEach(function (s) {
      var line = el('div');
      line.appendChild(link(s.url, s.title || '(untitled)'));
      line.appendChild(el('span', {'class': 'muted'}, ' \u2014 ' + (s.publisher || 'unknown publisher') + (s.published_date ? ', ' + s.published_date : '')));
      srcBox.appendChild(line);
    });
    srcBox.setAttribute('class', 'sources');
    return [when, type, who, where, toll, e.n_articles + ' / ' + e.n_publishers, '\u201c' + e.evidence + '\u201d', srcBox];
  });
  var wrap = table(['event date', 'type', 'actors', 'place', 'toll', 'articles / publishers', 'evidence', 'sources'], rows, [0, 0, 0, 0, 0, 1, 0, 0]);
  var trs = wrap.querySelectorAll('tbody tr');
  trs.forEach(function (tr, i) {
    tr.setAttribute('data-canonical-event-id', E[i].canonical_event_id);
    tr.setAttribute('data-n-articles', E[i].n_articles);
    tr.children[6].setAttribute('class', 'evidence');
    tr.children[7].setAttribute('class', 'sources');
  });
  part('events', '.table').appendChild(wrap);
  var filter = document.getElementById('filter');
  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    trs.forEach(function (tr) { tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0; });
  });
}

// --- publishers ----------------------------------------------------------------------------------------------
function renderPublishers() {
  var P = DATA.publishers;
  note('publishers', 'Articles loaded per publisher (all days), then the latest articles with links to the source.');
  if (!P.length) { empty('publishers', 'No articles yet.'); return; }
  part('publishers', '.chart').appendChild(hbars(P, {label: 'articles per publisher', value: function (r) { return r.articles; },
    name: function (r) { return r.publisher || '(unknown publisher)'; }, color: function () { return '#19a979'; },
    data: function (r) { return {'data-publisher': r.publisher || '', 'data-articles': r.articles}; },
    tip: function (r) { return (r.publisher || '(unknown publisher)') + ': ' + r.articles + ' article(s) on ' + r.days + ' day(s)' +
      (r.first_date ? ', ' + r.first_date + ' .. ' + r.last_date : ''); }}));
  part('publishers', '.table').appendChild(table(['published', 'publisher', 'title', 'words'],
    DATA.articles.map(function (a) { return [a.published_date || '', a.publisher || '', link(a.url, a.title || '(untitled)'), fmt(a.word_count)]; }),
    [0, 0, 0, 1]));
  part('publishers', '.table').querySelectorAll('tbody tr').forEach(function (tr, i) { tr.setAttribute('data-article-id', DATA.articles[i].article_id); });
}

// --- data quality trend --------------------------------------------------------------------------------------
function renderQuality() {
  var R = DATA.runs;
  note('quality', 'Share of data-quality checks passed per run (dq_results; errors quarantine rows, warnings are only counted).');
  if (!R.length) { empty('quality', 'No runs yet.'); return; }
  var W = 1000, H = 240, m = {l: 44, r: 14, t: 16, b: 40};
  var iw = W - m.l - m.r, ih = H - m.t - m.b, slot = iw / R.length, bw = Math.min(60, slot * 0.7);
  var y = function (v) { return m.t + ih - v / 100 * ih; };
  var svg = svgRoot(W, H, 'data quality pass rate per run');
  [0, 25, 50, 75, 100].forEach(function (v) {
    svg.appendChild(svgEl('line', {'class': 'grid', x1: m.l, x2: W - m.r, y1: y(v), y2: y(v)}));
    svg.appendChild(svgEl('text', {x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end'}, v + '%'));
  });
  var pts = [];
  R.forEach(function (r, i) {
    var cx = m.l + slot * (i + 0.5), v = r.pass_rate_pct === null ? 0 : r.pass_rate_pct;
    var rect = svgEl('rect', {'class': 'bar', x: cx - bw / 2, y: y(v), width: bw, height: Math.max(0.5, y(0) - y(v)), rx: 2,
      fill: r.status === 'failed' ? '#d9453d' : r.status === 'running' ? '#c5ccd8' : '#19a979', 'data-run': r.run_id,
      'data-pass-rate': r.pass_rate_pct === null ? '' : r.pass_rate_pct, 'data-status': r.status});
    tip(rect, r.run_id + ' (' + r.status + ', ' + r.started_at + '): ' + (r.pass_rate_pct === null ? 'no checks' :
      r.checks_passed + '/' + r.checks + ' checks passed (' + r.pass_rate_pct + '%)') + '; ' + r.articles + ' articles, ' + r.events + ' events, ' + r.rejects + ' rejects');
    svg.appendChild(rect);
    if (r.pass_rate_pct !== null) {
      pts.push(cx + ',' + y(v));
      svg.appendChild(svgEl('text', {'class': 'value', x: cx, y: y(v) - 4, 'text-anchor': 'middle'}, r.pass_rate_pct + '%'));
    }
    if (R.length <= 14 || i % Math.ceil(R.length / 14) === 0)
      svg.appendChild(svgEl('text', {x: cx, y: H - m.b + 16, 'text-anchor': 'middle'}, String(r.started_at || r.run_id).slice(0, 16)));
  });
  if (pts.length > 1) svg.appendChild(svgEl('polyline', {points: pts.join(' '), fill: 'none', stroke: '#1d2430', 'stroke-width': 1.5, 'data-series': 'pass_rate'}));
  part('quality', '.chart').appendChild(svg);
  var box = part('quality', '.table');
  box.appendChild(el('h3', null, 'Runs'));
  box.appendChild(table(['run', 'started', 'status', 'files', 'articles', 'events', 'rejects', 'checks passed', 'pass rate'],
    R.slice().reverse().map(function (r) {
      var st = el('span', {'class': 'status-' + r.status}, r.status);
      return [r.run_id, r.started_at, st, fmt(r.files_seen), fmt(r.articles), fmt(r.events), fmt(r.rejects),
              r.checks_passed + ' / ' + r.checks, r.pass_rate_pct === null ? '' : r.pass_rate_pct + '%'];
    }), [0, 0, 0, 1, 1, 1, 1, 1, 1]));
  box.appendChild(el('h3', null, 'Checks that failed in the latest run'));
  if (DATA.failed_checks.length) box.appendChild(table(['table', 'column', 'check', 'severity', 'failed rows'],
    DATA.failed_checks.map(function (d) { return [d.table_name, d.column_name || '', d.check_name, d.severity, d.failed_rows + ' / ' + d.total_rows]; }),
    [0, 0, 0, 0, 1]));
  else box.appendChild(el('p', {'class': 'empty'}, 'None.'));
  box.appendChild(el('h3', null, 'Rejects per run'));
  if (DATA.rejects_per_run.length) box.appendChild(table(['run', 'stage', 'table', 'check', 'rejects', 'inputs'],
    DATA.rejects_per_run.map(function (j) { return [j.run_id, j.stage, j.table_name || '(file)', j.check_name, fmt(j.rejects), fmt(j.inputs)]; }),
    [0, 0, 0, 0, 1, 1]));
  else box.appendChild(el('p', {'class': 'empty'}, 'No rejected rows or files.'));
}

[renderHeader, renderTimeline, renderMap, renderActors, renderPairs, renderEvents, renderPublishers, renderQuality].forEach(function (f) {
  try { f(); } catch (e) { window.__reportError(f.name + ': ' + (e && e.stack ? e.stack : e)); }
});
document.body.setAttribute('data-ready', '1');
document.body.dataset.xss = String(window.__xss);
})();
"""
