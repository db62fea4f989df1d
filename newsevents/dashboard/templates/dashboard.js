// The dashboard's script: fills the Vega-Lite charts from the pre-aggregated cubes, keeps the filters in one
// state object (mirrored in the URL's #fragment), and re-sums the cubes when a filter changes. Every string
// from an article reaches the DOM through textContent or a Vega text mark, never as markup; links are made only
// from http(s) URLs.
(function () {
'use strict';
var DATA = JSON.parse(document.getElementById('dashboard-data').textContent);
var SPECS = JSON.parse(document.getElementById('dashboard-specs').textContent);
var QUAD_NAMES = {1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict'};
var GRAN = DATA.granularity;
var MAX_TABLE_ROWS = 300;
var REGIONS = [['World', [-170, -56, 190, 76]], ['Europe', [-25, 34, 45, 71]], ['Middle East', [25, 12, 63, 42]],
  ['Caucasus', [37.5, 37.5, 51, 44]], ['Africa', [-20, -36, 53, 38]], ['Asia', [60, -10, 150, 55]],
  ['Americas', [-170, -56, -30, 72]]];

// --- helpers -------------------------------------------------------------------------------------------------
function el(tag, attrs, text) {
  var n = document.createElement(tag);
  if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, String(attrs[k]));
  if (text !== undefined && text !== null) n.textContent = String(text);
  return n;
}
function $(id) { return document.getElementById(id); }
function part(id, sel) { return document.querySelector('#' + id + ' ' + sel); }
function note(id, text) { part(id, '.note').textContent = text; }
function fmt(n) { return (n === null || n === undefined) ? '' : Number(n).toLocaleString('en-US'); }
function quadLabel(q) { return q ? q + ' ' + QUAD_NAMES[q] : 'unknown'; }
function safeUrl(u) { return (typeof u === 'string' && /^https?:\/\/[^\s]+$/i.test(u)) ? u : null; }
function link(url, text) {
  var u = safeUrl(url);
  return u ? el('a', {href: u, target: '_blank', rel: 'noopener noreferrer'}, text) : el('span', null, text);
}
function objects(t) {  // a column-wise table (text columns dictionary-encoded) -> row objects
  var cols = t.data.map(function (c) {
    return Array.isArray(c) ? c : c.codes.map(function (k) { return k === null ? null : c.dict[k]; });
  });
  var out = new Array(t.length);
  for (var i = 0; i < t.length; i++) {
    var o = {};
    for (var j = 0; j < cols.length; j++) o[t.columns[j]] = cols[j][i];
    out[i] = o;
  }
  return out;
}
function table(headers, rows, numeric) {
  var wrap = el('div', {'class': 'tablewrap'}), t = el('table'), thead = el('thead'), tr = el('tr');
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
function addDays(iso, n) {
  var p = iso.split('-'), d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2] + n));
  return d.toISOString().slice(0, 10);
}
function binEnd(bin) {  // first day after the bin
  if (GRAN === 'day') return addDays(bin, 1);
  if (GRAN === 'week') return addDays(bin, 7);
  var p = bin.split('-'), d = new Date(Date.UTC(+p[0], +p[1], 1));
  return d.toISOString().slice(0, 10);
}
function sumBy(rows, key, fields) {  // group rows by key(row), summing fields; returns {key: {fields..., rows: n}}
  var out = {};
  rows.forEach(function (r) {
    var k = key(r); if (k === null || k === undefined) return;
    var g = out[k] || (out[k] = {key: k});
    fields.forEach(function (f) { g[f] = (g[f] || 0) + (r[f] || 0); });
  });
  return out;
}
function values(o) { return Object.keys(o).map(function (k) { return o[k]; }); }

// --- data ----------------------------------------------------------------------------------------------------
var CUBE = objects(DATA.cube), PCUBE = objects(DATA.place_cube), ACUBE = objects(DATA.actor_cube);
var PLACES = DATA.places, EVENTS = DATA.events;
var ALL_BINS = Object.keys(sumBy(CUBE, function (r) { return r.bin; }, [])).sort();
var TYPE_QUAD = {};
CUBE.forEach(function (r) { if (r.type && !TYPE_QUAD[r.type]) TYPE_QUAD[r.type] = r.quad; });
var FILTERS = ['from', 'to', 'quad', 'type', 'country', 'actor', 'place', 'q'];
var state = {};
FILTERS.forEach(function (k) { state[k] = ''; });

function placeName(i) { var p = PLACES[+i]; return p ? p.location + (p.country ? ' (' + p.country + ')' : '') : String(i); }

// a cube row passes the filters, except those named in `skip`
function passes(r, skip) {
  skip = skip || {};
  if (!skip.date && (state.from || state.to)) {
    if (!r.bin) return false;
    if (state.from && binEnd(r.bin) <= state.from) return false;
    if (state.to && r.bin > state.to) return false;
  }
  if (!skip.quad && state.quad && String(r.quad) !== state.quad) return false;
  if (!skip.type && state.type && r.type !== state.type) return false;
  if (!skip.country && state.country && r.country !== state.country) return false;
  return true;
}
// the cube that can answer the actor or place filter (actor first; the charts cannot combine both). Only the
// busiest actors have a cube: another actor (picked in the table) filters the table, not the charts.
var CUBE_ACTORS = {};
DATA.actors.forEach(function (a) { CUBE_ACTORS[a] = true; });
function chartActor() { return state.actor && CUBE_ACTORS[state.actor] ? state.actor : ''; }
function sourceCube(skip) {
  skip = skip || {};
  if (chartActor() && !skip.actor) return ACUBE.filter(function (r) { return r.actor === state.actor; });
  if (state.place !== '' && !skip.place) return PCUBE.filter(function (r) { return String(r.place) === state.place; });
  return CUBE;
}

// --- state <-> controls and URL --------------------------------------------------------------------------
// A hand-edited or truncated link ('#actor=%', '#q=100%') must not stop the page: decodeURIComponent throws
// URIError on a malformed escape, so the escapes that are well formed are decoded and the rest kept as typed.
function decodePart(s) {
  try { return decodeURIComponent(s); } catch (e) {
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, function (run) {
      try { return decodeURIComponent(run); } catch (e2) { return run; }
    });
  }
}
function readHash() {
  var h = location.hash.replace(/^#/, '');
  h.split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i <= 0) return;
    var k = decodePart(kv.slice(0, i)), v = decodePart(kv.slice(i + 1));
    if (FILTERS.indexOf(k) >= 0) state[k] = v;
  });
}
function writeHash() {
  var parts = FILTERS.filter(function (k) { return state[k] !== ''; }).map(function (k) {
    return encodeURIComponent(k) + '=' + encodeURIComponent(state[k]);
  });
  try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); }
  catch (e) { /* some file:// contexts refuse; the filters still work */ }
}
function fillSelect(id, options) {
  var s = $(id);
  options.forEach(function (o) { s.appendChild(el('option', {value: o[0]}, o[1])); });
}
function syncControls() {
  $('f-from').value = state.from; $('f-to').value = state.to; $('f-q').value = state.q;
  [['f-quad', 'quad'], ['f-type', 'type'], ['f-country', 'country'], ['f-actor', 'actor']].forEach(function (p) {
    var s = $(p[0]);
    if (state[p[1]] && !Array.prototype.some.call(s.options, function (o) { return o.value === state[p[1]]; }))
      s.appendChild(el('option', {value: state[p[1]]}, state[p[1]]));
    s.value = state[p[1]];
  });
  var chips = $('chips'); chips.textContent = '';
  var names = {from: 'from', to: 'to', quad: 'quad class', type: 'type', country: 'country', actor: 'actor',
               place: 'place', q: 'words'};
  FILTERS.forEach(function (k) {
    if (state[k] === '') return;
    var v = k === 'place' ? placeName(state[k]) : k === 'quad' ? quadLabel(+state[k]) : state[k];
    var chip = el('span', {'class': 'chip', 'data-filter': k}, names[k] + ': ' + v);
    var x = el('button', {type: 'button', 'aria-label': 'remove filter ' + names[k]}, '\u00d7');
    x.addEventListener('click', function () { set(k, ''); });
    chip.appendChild(x); chips.appendChild(chip);
  });
}
function set(key, value) {
  state[key] = value === null || value === undefined ? '' : String(value);
  update();
}
function toggle(key, value) { set(key, state[key] === String(value) ? '' : value); }
function initControls() {
  fillSelect('f-quad', [1, 2, 3, 4].map(function (q) { return [String(q), quadLabel(q)]; }));
  fillSelect('f-type', values(sumBy(CUBE, function (r) { return r.type; }, ['events']))
    .sort(function (a, b) { return b.events - a.events || (a.key < b.key ? -1 : 1); })
    .map(function (g) { return [g.key, g.key + ' (' + fmt(g.events) + ')']; }));
  fillSelect('f-country', values(sumBy(CUBE, function (r) { return r.country; }, ['events']))
    .sort(function (a, b) { return b.events - a.events || (a.key < b.key ? -1 : 1); })
    .map(function (g) { return [g.key, g.key + ' (' + fmt(g.events) + ')']; }));
  fillSelect('f-actor', DATA.actors.map(function (a) { return [a, a]; }));
  [['f-from', 'from'], ['f-to', 'to'], ['f-quad', 'quad'], ['f-type', 'type'], ['f-country', 'country'],
   ['f-actor', 'actor']].forEach(function (p) {
    $(p[0]).addEventListener('change', function () { set(p[1], $(p[0]).value); });
  });
  var timer = null;
  $('f-q').addEventListener('input', function () {
    clearTimeout(timer); timer = setTimeout(function () { set('q', $('f-q').value.trim()); }, 150);
  });
  $('f-clear').addEventListener('click', function () { FILTERS.forEach(function (k) { state[k] = ''; }); update(); });
}

// --- charts --------------------------------------------------------------------------------------------------
var views = {};
var EMBED_OPTS = {actions: false, renderer: 'svg', ast: true, defaultStyle: false, logLevel: 1 /* vega.Error */,
                  tooltip: {disableDefaultStyle: true}};
function embed(name, target) {
  return vegaEmbed(target, SPECS[name], EMBED_OPTS).then(function (res) { views[name] = res.view; return res.view; });
}
function setData(name, source, rows) {
  var v = views[name];
  if (!v) return Promise.resolve();
  return v.data(source, rows).runAsync();
}
function datumOf(item) { return item && item.datum ? item.datum : null; }

function timelineRows() {
  var g = {};
  sourceCube().forEach(function (r) {
    if (!r.bin || !passes(r, {date: true})) return;
    var k = r.bin + '|' + r.quad;
    var o = g[k] || (g[k] = {start: r.bin, end: binEnd(r.bin), bin_from: r.bin, bin_to: addDays(binEnd(r.bin), -1),
                             quad: r.quad, quad_label: quadLabel(r.quad), events: 0, reports: 0});
    o.events += r.events; o.reports += r.reports;
  });
  // every bin of the warehouse keeps its place on the axis (a zero row), so a filtered timeline stays in context
  ALL_BINS.forEach(function (b) {
    if (!g[b + '|0']) g[b + '|0'] = {start: b, end: binEnd(b), bin_from: b, bin_to: addDays(binEnd(b), -1), quad: 0,
                                      quad_label: quadLabel(1), events: 0, reports: 0};
  });
  return values(g).map(function (o) {
    o.faded = !!((state.from && o.bin_to < state.from) || (state.to && o.bin_from > state.to));
    return o;
  });
}
function barRows(rows, key, selected, top, extra) {
  var groups = values(sumBy(rows, key, ['events', 'reports']));
  groups.sort(function (a, b) { return b.events - a.events || (a.key < b.key ? -1 : 1); });
  return groups.slice(0, top).map(function (g, i) {
    var o = {value: g.events, rank: i, detail: fmt(g.reports) + ' reports',
             faded: selected !== '' && String(g.key) !== selected};
    extra(o, g);
    return o;
  });
}
function mapRows() {
  var g = {};
  PCUBE.forEach(function (r) {
    if (!passes(r)) return;
    var o = g[r.place] || (g[r.place] = {place: r.place, reports: 0, events: 0, byQuad: {}});
    o.reports += r.reports; o.events += r.events;
    o.byQuad[r.quad] = (o.byQuad[r.quad] || 0) + r.reports;
  });
  var out = values(g).filter(function (o) { var p = PLACES[o.place]; return p && p.latitude !== null && p.longitude !== null; })
    .map(function (o) {
      var p = PLACES[o.place], quads = Object.keys(o.byQuad).sort(function (a, b) { return o.byQuad[b] - o.byQuad[a] || a - b; });
      return {place: o.place, location: p.location, country: p.country, latitude: p.latitude, longitude: p.longitude,
              reports: o.reports, events: o.events, quad: +quads[0], quad_label: quadLabel(+quads[0]),
              quads: quads.map(function (q) { return 'Q' + q + ': ' + fmt(o.byQuad[q]); }).join(', '),
              selected: String(o.place) === state.place, label: ''};
    });
  out.sort(function (a, b) { return b.reports - a.reports; });
  return out;
}
// names for the busiest places whose label overlaps no circle or label already placed (at the current zoom)
function labelPlaces(rows) {
  var v = views.map;
  if (!v) return rows;
  var W = v.width(), H = v.height(), s = v.signal('map_scale'), cx = v.signal('map_cx'), cy = mercY(v.signal('map_cy'));
  var boxes = [], maxR = Math.max.apply(null, rows.map(function (r) { return r.reports; }).concat([1]));
  rows.forEach(function (r) {
    var x = W / 2 + s * (r.longitude - cx) * Math.PI / 180, y = H / 2 - s * (mercY(r.latitude) - cy);
    var rad = Math.sqrt((30 + 1370 * r.reports / maxR) / Math.PI);
    r.label = '';
    boxes.push([x - rad, y - rad, x + rad, y + rad, r]);
  });
  var placed = 0, taken = [];
  rows.forEach(function (r, i) {
    if (placed >= 25 && !r.selected) return;
    var b = boxes[i], w = 6.4 * r.location.length, box = [b[2] + 2, b[1] - 12, b[2] + 4 + w, b[1] + 2];
    if (box[0] < 0 || box[2] > W || box[1] < 0 || box[3] > H) return;
    var clash = function (q) { return !(box[2] < q[0] || box[0] > q[2] || box[3] < q[1] || box[1] > q[3]); };
    if (!r.selected && (taken.some(clash) || boxes.some(function (q) { return q[4] !== r && clash(q); }))) return;
    r.label = r.location; taken.push(box); placed++;
  });
  return rows;
}
var relabelTimer = null;
function relabel() {
  clearTimeout(relabelTimer);
  relabelTimer = setTimeout(function () { if (views.map) views.map.data('map_places', labelPlaces(mapRows())).runAsync(); }, 120);
}
function countryCounts() {
  return values(sumBy(sourceCube({place: true}).filter(function (r) { return passes(r, {country: true}); }),
                      function (r) { return r.country; }, ['events']))
    .map(function (g) { return {country: g.key, events: g.events}; });
}

function renderCharts() {
  var src = sourceCube();
  var both = chartActor() && state.place !== '';
  var other = state.actor && !chartActor();
  note('timeline', 'Canonical events (one per real-world event) per ' + GRAN + ' of the event date, stacked by quad class. ' +
       'Click a bar to filter to its ' + GRAN + '. ' + fmt(DATA.summary.undated) + ' canonical events have no day' +
       (GRAN === 'month' ? ' or month' : '') + ' and are counted aside.' +
       (both ? ' With both an actor and a place chosen, the charts follow the actor; the table follows both.' : '') +
       (other ? ' The charts follow the ' + DATA.actors.length + ' busiest actors only; the table follows ' +
                state.actor + '.' : ''));
  setData('timeline', 'timeline', timelineRows());
  setData('types', 'types', barRows(src.filter(function (r) { return passes(r, {type: true}); }),
    function (r) { return r.type; }, state.type, 40, function (o, g) {
      o.type = g.key; o.quad = TYPE_QUAD[g.key]; o.quad_label = quadLabel(TYPE_QUAD[g.key]); }));
  setData('countries', 'countries', barRows(src.filter(function (r) { return passes(r, {country: true}); }),
    function (r) { return r.country; }, state.country, 20, function (o, g) { o.country = g.key; }));
  setData('actors', 'actors', barRows(ACUBE.filter(function (r) { return passes(r); }),
    function (r) { return r.actor; }, state.actor, 25, function (o, g) { o.actor = g.key; }));
  var places = mapRows();
  note('map', fmt(DATA.summary.places_with_coordinates) + ' of ' + fmt(DATA.summary.places) +
       ' places have coordinates; the ' + fmt(PLACES.length) + ' busiest can show here, ' + fmt(places.length) +
       ' match the filters. Circle area: reports; colour: the place\u2019s main quad class; countries shaded by ' +
       'canonical events. Click a circle or a country to filter; buttons or Ctrl + wheel to zoom, drag to pan.' +
       (state.actor ? ' The map does not follow the actor filter.' : ''));
  if (views.map) {
    views.map.data('country_counts', countryCounts()).data('map_places', labelPlaces(places)).runAsync();
  }
  document.body.setAttribute('data-map-places', String(places.length));
}

// --- map zoom and pan ------------------------------------------------------------------------------------
function mercY(lat) { return Math.log(Math.tan(Math.PI / 4 + Math.max(-85, Math.min(85, lat)) * Math.PI / 360)); }
function invMercY(y) { return (2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180 / Math.PI; }
function fitBox(box) {
  var v = views.map; if (!v) return;
  var W = v.width() || 800, H = v.height() || 460;
  var dx = Math.max(box[2] - box[0], 0.5) * Math.PI / 180, dy = Math.max(mercY(box[3]) - mercY(box[1]), 0.01);
  var scale = 0.92 * Math.min(W / dx, H / dy);
  v.signal('map_scale', scale).signal('map_cx', (box[0] + box[2]) / 2)
   .signal('map_cy', invMercY((mercY(box[1]) + mercY(box[3])) / 2)).runAsync();
}
function fitPlaces() {
  var P = mapRows();
  if (!P.length) { fitBox(REGIONS[0][1]); return; }
  var lon = P.map(function (p) { return p.longitude; }), lat = P.map(function (p) { return p.latitude; });
  var box = [Math.min.apply(null, lon), Math.min.apply(null, lat), Math.max.apply(null, lon), Math.max.apply(null, lat)];
  var padX = Math.max(2, (box[2] - box[0]) * 0.12), padY = Math.max(1.5, (box[3] - box[1]) * 0.12);
  fitBox([box[0] - padX, box[1] - padY, box[2] + padX, box[3] + padY]);
}
function zoomBy(f) {
  var v = views.map; if (!v) return;
  v.signal('map_scale', Math.max(60, Math.min(60000, v.signal('map_scale') * f))).runAsync();
}
var dragged = false;
function initMapControls(container) {
  var bar = $('map-regions');
  [['Fit places', fitPlaces]].concat(REGIONS.map(function (r) { return [r[0], function () { fitBox(r[1]); }]; }))
    .concat([['+', function () { zoomBy(1.6); }], ['\u2212', function () { zoomBy(1 / 1.6); }]])
    .forEach(function (b) {
      var btn = el('button', {type: 'button', 'data-region': b[0]}, b[0]);
      btn.addEventListener('click', b[1]); bar.appendChild(btn);
    });
  container.addEventListener('wheel', function (e) {  // Ctrl (or a pinch) zooms; a plain wheel scrolls the page
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault(); zoomBy(Math.exp(-e.deltaY * 0.004));
  }, {passive: false});
  var start = null;
  container.addEventListener('pointerdown', function (e) {
    var v = views.map; if (!v) return;
    start = {x: e.clientX, y: e.clientY, cx: v.signal('map_cx'), cy: v.signal('map_cy'), s: v.signal('map_scale')};
    dragged = false;
  });
  window.addEventListener('pointermove', function (e) {
    if (!start) return;
    var dx = e.clientX - start.x, dy = e.clientY - start.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    dragged = true;
    var cy = invMercY(mercY(start.cy) + dy / start.s);
    views.map.signal('map_cx', start.cx - dx / start.s * 180 / Math.PI).signal('map_cy', cy).runAsync();
  });
  window.addEventListener('pointerup', function () { start = null; });
}

// --- canonical events table ---------------------------------------------------------------------------------
function eventPasses(e) {
  if (state.from && (!e.event_date || e.event_date < state.from)) return false;
  if (state.to && (!e.event_date || e.event_date > state.to)) return false;
  if (state.quad && String(e.quad) !== state.quad) return false;
  if (state.type && e.type !== state.type) return false;
  if (state.country && e.country !== state.country) return false;
  if (state.actor && e.actor1 !== state.actor && e.actor2 !== state.actor) return false;
  if (state.place !== '') {
    var p = PLACES[+state.place];
    if (!p || e.location !== p.location || e.country !== p.country) return false;
  }
  if (state.q) {
    var text = [e.type, e.actor1, e.actor2, e.location, e.country, e.evidence].concat(
      e.sources.map(function (s) { return (s.title || '') + ' ' + (s.publisher || ''); })).join(' ').toLowerCase();
    if (text.indexOf(state.q.toLowerCase()) < 0) return false;
  }
  return true;
}
function pick(key, value, text) {  // a cell that filters on click
  var b = el('button', {type: 'button', 'class': 'pick', 'data-pick': key}, text);
  b.addEventListener('click', function () { toggle(key, value); });
  return b;
}
function renderTable() {
  var box = part('events', '.table'); box.textContent = '';
  var rows = EVENTS.filter(eventPasses);
  var cube = 0;
  sourceCube().forEach(function (r) { if (passes(r)) cube += r.events; });
  var exact = !state.q && !(state.actor && state.place !== '') && !(state.actor && !chartActor());
  var head = fmt(rows.length) + ' of the ' + fmt(EVENTS.length) + ' most-reported canonical events carried by this page match';
  if (exact) head += ' (' + fmt(cube) + ' in the whole warehouse' + (state.from || state.to ? ', dated by ' + GRAN : '') + ')';
  note('events', head + '. Each row: the best report\u2019s evidence sentence and every article that reported the event; ' +
       'click an actor, a place or a type to filter.' + (rows.length > MAX_TABLE_ROWS ? ' First ' + MAX_TABLE_ROWS + ' shown.' : ''));
  document.body.setAttribute('data-table-rows', String(rows.length));
  if (!rows.length) { box.appendChild(el('p', {'class': 'empty'}, EVENTS.length ? 'No event matches the filters.' : 'No events yet.')); return; }
  var placeIdx = {};
  PLACES.forEach(function (p, i) { placeIdx[p.location + '|' + p.country] = i; });
  var cells = rows.slice(0, MAX_TABLE_ROWS).map(function (e) {
    var when = e.event_date ? e.event_date + (e.date_precision !== 'day' ? ' (' + e.date_precision + ')' : '') : 'undated';
    var type = el('span');
    type.appendChild(el('span', {'class': 'badge q' + e.quad, title: QUAD_NAMES[e.quad] || ''}, 'Q' + e.quad));
    type.appendChild(document.createTextNode(' '));
    type.appendChild(pick('type', e.type, e.type));
    if (e.mention_kind && e.mention_kind !== 'current') type.appendChild(document.createTextNode(' \u00b7 ' + e.mention_kind));
    var who = el('span');
    if (e.actor1) who.appendChild(pick('actor', e.actor1, e.actor1)); else who.appendChild(document.createTextNode('?'));
    if (e.actor2) { who.appendChild(document.createTextNode(' \u2192 ')); who.appendChild(pick('actor', e.actor2, e.actor2)); }
    var where = el('span');
    if (e.location) {
      var pi = placeIdx[e.location + '|' + e.country];
      var label = e.location + (e.country ? ' (' + e.country + ')' : '');
      where.appendChild(pi === undefined ? document.createTextNode(label) : pick('place', pi, label));
    }
    var toll = [e.killed !== null ? e.killed + ' killed' : '', e.injured !== null ? e.injured + ' injured' : '',
                e.troops !== null ? e.troops + ' troops' : ''].filter(Boolean).join(', ');
    var src = el('div');
    e.sources.forEach(function (s) {
      var line = el('div');
      line.appendChild(link(s.url, s.title || '(untitled)'));
      line.appendChild(el('span', {'class': 'muted'}, ' \u2014 ' + (s.publisher || 'unknown publisher') +
                                                      (s.published_date ? ', ' + s.published_date : '')));
      src.appendChild(line);
    });
    return [when, type, who, where, toll, e.n_articles + ' / ' + e.n_publishers, '\u201c' + e.evidence + '\u201d', src];
  });
  var wrap = table(['event date', 'type', 'actors', 'place', 'toll', 'articles / publishers', 'evidence', 'sources'],
                   cells, [0, 0, 0, 0, 0, 1, 0, 0]);
  wrap.querySelectorAll('tbody tr').forEach(function (tr, i) {
    tr.setAttribute('data-canonical-event-id', rows[i].id);
    tr.setAttribute('data-n-articles', rows[i].n_articles);
    tr.children[6].setAttribute('class', 'evidence');
    tr.children[7].setAttribute('class', 'sources');
  });
  box.appendChild(wrap);
}

// --- header and data quality -------------------------------------------------------------------------------
function renderHeader() {
  var s = DATA.summary, last = DATA.runs.length ? DATA.runs[DATA.runs.length - 1] : null;
  var meta = 'Warehouse ' + DATA.warehouse + ' \u00b7 generated ' + DATA.generated_at;
  if (last) meta += ' \u00b7 last run ' + last.run_id + ' (' + last.status + ')';
  $('meta').textContent = meta;
  [['articles', 'articles'], ['publishers', 'publishers'], ['events', 'event reports'],
   ['canonical_events', 'canonical events'], ['places', 'places'], ['runs', 'runs']].forEach(function (c) {
    var d = el('div', {'class': 'card', 'data-metric': c[0]});
    d.appendChild(el('b', null, fmt(s[c[0]]))); d.appendChild(el('span', null, c[1]));
    $('cards').appendChild(d);
  });
}
var selectedRun = '';
function renderRun() {
  var R = DATA.runs, run = R.filter(function (r) { return r.run_id === selectedRun; })[0];
  $('run-select').value = selectedRun;
  setData('runs', 'runs', R.map(function (r) {
    var o = Object.assign({}, r); o.label = String(r.started_at || r.run_id).slice(0, 16); o.faded = r.run_id !== selectedRun;
    return o;
  }));
  var cards = $('run-cards'); cards.textContent = '';
  var warn = $('warnings'); warn.textContent = '';
  if (!run) return;
  [['status', run.status], ['files seen', run.files_seen], ['loaded', run.files_loaded], ['duplicate', run.files_duplicate],
   ['rejected', run.files_rejected], ['articles', run.articles], ['events', run.events], ['rejected rows', run.rejects],
   ['checks passed', run.checks ? run.checks_passed + ' / ' + run.checks : 'none']].forEach(function (c) {
    var d = el('div', {'class': 'card', 'data-run-metric': c[0]});
    d.appendChild(el('b', c[0] === 'status' ? {'class': 'status-' + run.status} : null, typeof c[1] === 'number' ? fmt(c[1]) : c[1]));
    d.appendChild(el('span', null, c[0])); cards.appendChild(d);
  });
  var rej = DATA.rejects_per_run.filter(function (j) { return j.run_id === selectedRun; });
  setData('rejects', 'rejects', rej.map(function (j, i) {
    return {rank: i, check: j.stage + ' \u00b7 ' + (j.table_name || 'file') + ' \u00b7 ' + j.check_name, value: j.rejects,
            detail: fmt(j.inputs) + ' input(s)', faded: false};
  }));
  $('rejects-chart').hidden = !rej.length;
  $('rejects-empty').hidden = !!rej.length;
  var fc = DATA.failed_checks.filter(function (d) { return d.run_id === selectedRun; });
  if (fc.length) warn.appendChild(table(['severity', 'table', 'column', 'check', 'failed rows'], fc.map(function (d) {
    return [d.severity, d.table_name, d.column_name || '', d.check_name, fmt(d.failed_rows) + ' / ' + fmt(d.total_rows)];
  }), [0, 0, 0, 0, 1]));
  else warn.appendChild(el('p', {'class': 'empty'}, 'Every check passed.'));
}
function initQuality() {
  var R = DATA.runs;
  note('quality', R.length ? 'Files per run (runs table, latest ' + R.length + '); click a bar or pick a run for its ' +
       'rejected rows by check (rejects_per_run) and failed checks (dq_results: errors quarantine rows, warnings are recorded).'
       : 'No runs yet.');
  fillSelect('run-select', R.slice().reverse().map(function (r) { return [r.run_id, r.run_id + ' (' + r.status + ')']; }));
  selectedRun = R.length ? R[R.length - 1].run_id : '';
  $('run-select').addEventListener('change', function () { selectedRun = $('run-select').value; renderRun(); });
}

// --- wiring --------------------------------------------------------------------------------------------------
function update() {
  syncControls(); writeHash(); renderCharts(); renderTable();
}
function onClick(name, handler) {
  var v = views[name]; if (!v) return;
  v.addEventListener('click', function (event, item) { var d = datumOf(item); if (d) handler(d); });
}

function main() {
  renderHeader(); initControls(); initQuality(); readHash();
  note('types', 'Canonical events by type (colour: quad class); click a bar to filter.');
  note('actors', 'Top ' + DATA.actors.length + ' actors (as actor1 or actor2) by canonical events; click to filter. ' +
       'Follows the date, type, quad class and country filters.');
  note('countries', 'Canonical events by the country of the event\u2019s place; click to filter.');
  note('publishers', 'Articles loaded per publisher (all runs; not filtered).');
  var names = ['timeline', 'map', 'types', 'actors', 'countries', 'publishers', 'runs', 'rejects'];
  var targets = {timeline: part('timeline', '.chart'), map: part('map', '.chart'), types: part('types', '.chart'),
                 actors: part('actors', '.chart'), countries: part('countries', '.chart'),
                 publishers: part('publishers', '.chart'), runs: $('runs-chart'), rejects: $('rejects-chart')};
  return Promise.all(names.map(function (n) { return embed(n, targets[n]); })).then(function () {
    setData('publishers', 'publishers', DATA.publishers.map(function (p, i) {
      return {publisher: p.publisher || '(unknown publisher)', value: p.articles, rank: i,
              detail: p.days + ' day(s)' + (p.first_date ? ', ' + p.first_date + ' .. ' + p.last_date : ''), faded: false};
    }));
    onClick('timeline', function (d) {  // (start and end are parsed into dates by Vega-Lite; bin_* stay text)
      if (!d.bin_from) return;
      if (state.from === d.bin_from && state.to === d.bin_to) { state.from = ''; state.to = ''; }
      else { state.from = d.bin_from; state.to = d.bin_to; }
      update();
    });
    onClick('types', function (d) { if (d.type) toggle('type', d.type); });
    onClick('countries', function (d) { if (d.country) toggle('country', d.country); });
    onClick('actors', function (d) { if (d.actor) toggle('actor', d.actor); });
    onClick('runs', function (d) { if (d.run_id) { selectedRun = d.run_id; renderRun(); } });
    onClick('map', function (d) {
      if (dragged) return;
      if (d.place !== undefined && d.location) toggle('place', d.place);
      else if (d.properties && d.properties.iso3) toggle('country', d.properties.iso3);
    });
    initMapControls(targets.map);
    ['map_scale', 'map_cx', 'map_cy'].forEach(function (sig) { views.map.addSignalListener(sig, relabel); });
    update(); renderRun();
    fitPlaces();
    return Promise.all(names.map(function (n) { return views[n].runAsync(); }));
  });
}

main().catch(function (e) { window.__reportError('dashboard: ' + (e && e.stack ? e.stack : e)); }).then(function () {
  document.body.setAttribute('data-ready', '1');
  document.body.dataset.xss = String(window.__xss);
});
})();
