/**
 * The report's viewer: plain browser JavaScript, inlined in the page as it stands here (no build
 * step, no framework, no network). It inflates the embedded data (`run-data.ts` writes it), then
 * draws each run's timeline and concurrency chart on canvases: zoom with the wheel or the buttons,
 * pan by dragging, click an invocation or an init phase for its details and log lines. Zoomed out,
 * each pixel column of a lane shows the most severe thing in it (crash > error > timeout >
 * invocation), so a million invocations draw as fast as a thousand.
 *
 * `window.lambdaSimReport` exposes what the browser tests read (lanes, decoded counts, where an
 * invocation is drawn). Kept as a string (not a serialised function) so no compiler or bundler can
 * change what reaches the browser; it avoids template literals so it can live in one.
 */
export const viewerScript = String.raw`(function () {
'use strict';
var COLORS = { idle: '#e3e8ee', init: '#8e44ad', warm: '#3b7dd8', provisioned: '#17a398', error: '#d32f2f', timeout: '#f57c00', crash: '#7b1010',
  throttle: '#d81b60', retry: '#ffa000', reset: '#111111', reclaim: '#6b7480', text: '#1d2330', muted: '#5f6b7a', grid: '#eef0f3', select: '#ff9900' };
/** Cell codes, by severity: a zoomed-out pixel shows the highest. */
var CELL_COLORS = [null, COLORS.warm, COLORS.provisioned, COLORS.timeout, COLORS.error, COLORS.crash];
var STATUS = ['success', 'error', 'timeout', 'crash'];
var GUTTER = 150, AXIS = 20, TRACK = 14;
var api = { ready: false, runs: [], error: null };
window.lambdaSimReport = api;

function bytesOfBase64(text) {
  var bin = atob(text), n = bin.length, out = new Uint8Array(n);
  for (var i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function inflate(bytes) {
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
}
function Reader(bytes, at) { this.b = bytes; this.p = at; }
Reader.prototype.varint = function () {
  var b = this.b, v = 0, mul = 1, x;
  do { x = b[this.p++]; v += (x & 127) * mul; mul *= 128; } while (x >= 128);
  return v;
};
Reader.prototype.byte = function () { return this.b[this.p++]; };

/** First index in a sorted array whose value is > t. */
function upperBound(a, t, lo, hi) {
  lo = lo || 0; hi = hi === undefined ? a.length : hi;
  while (lo < hi) { var mid = (lo + hi) >>> 1; if (a[mid] <= t) lo = mid + 1; else hi = mid; }
  return lo;
}
/** First index in a sorted array whose value is >= t. */
function lowerBound(a, t, lo, hi) {
  lo = lo || 0; hi = hi === undefined ? a.length : hi;
  while (lo < hi) { var mid = (lo + hi) >>> 1; if (a[mid] < t) lo = mid + 1; else hi = mid; }
  return lo;
}
function fmtCount(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
function fmtDuration(us) {
  if (us < 0) return '−' + fmtDuration(-us);
  var ms = us / 1000;
  if (ms === 0) return '0';
  if (ms < 1) return ms.toFixed(3) + ' ms';
  if (ms < 1000) return (Math.round(ms * 100) / 100) + ' ms';
  var s = ms / 1000;
  if (s < 120) return (Math.round(s * 100) / 100) + ' s';
  var m = s / 60;
  if (m < 120) return (Math.round(m * 10) / 10) + ' min';
  return (Math.round(m / 6) / 10) + ' h';
}
/** An axis label: time since the start, as precise as the step between labels needs. */
function fmtTick(us, step) {
  if (us < 0) return '−' + fmtTick(-us, step).slice(1);
  if (step < 1000) return '+' + (us / 1000).toFixed(step < 10 ? 3 : step < 100 ? 2 : 1) + ' ms';
  var totalS = us / 1e6, h = Math.floor(totalS / 3600), m = Math.floor((totalS % 3600) / 60), s = totalS % 60;
  var decimals = step >= 1e6 ? 0 : step >= 1e5 ? 1 : step >= 1e4 ? 2 : 3;
  var sec = s.toFixed(decimals);
  if (s < 10) sec = '0' + sec;
  if (h === 0 && m === 0 && step < 1e6) return '+' + (Math.round(totalS * 1000) / 1000).toFixed(decimals) + ' s';
  return '+' + (h > 0 ? h + ':' + (m < 10 ? '0' : '') + m : String(m)) + ':' + sec;
}
function clockOf(run, us) { return new Date(run.meta.startMs + us / 1000).toISOString().slice(11, 23); }
function el(tag, attrs, text) {
  var e = document.createElement(tag);
  if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

function decodeRun(meta, bytes, base) {
  var lanes = meta.lanes, total = 0, i, j;
  for (i = 0; i < lanes.length; i++) total += lanes[i].count;
  var run = { meta: meta, total: total, start: new Float64Array(total), end: new Float64Array(total), admit: new Float64Array(total),
    flags: new Uint8Array(total), qual: new Uint16Array(total), billed: new Float64Array(total), mem: new Uint16Array(total),
    maxMem: new Uint16Array(total), errType: new Uint16Array(total), laneOf: new Int32Array(total), laneStart: new Int32Array(lanes.length + 1) };
  var r = new Reader(bytes, base + meta.sections.invocations[0]), k = 0;
  for (i = 0; i < lanes.length; i++) {
    run.laneStart[i] = k;
    var previousEnd = lanes[i].createdUs;
    for (j = 0; j < lanes[i].count; j++) {
      var s = previousEnd + r.varint(), d = r.varint(), lead = r.varint(), f = r.byte();
      run.start[k] = s; run.end[k] = s + d; run.admit[k] = s - lead; run.flags[k] = f;
      run.qual[k] = r.varint(); run.billed[k] = r.varint(); run.mem[k] = r.varint(); run.maxMem[k] = r.varint();
      if ((f & 3) !== 0) run.errType[k] = r.varint();
      run.laneOf[k] = i;
      previousEnd = s + d;
      k++;
    }
  }
  run.laneStart[lanes.length] = k;
  run.throttles = decodeMarks(bytes, base + meta.sections.throttles[0], meta.sections.throttles[1], function (rd, m) { m.fn = rd.varint(); m.qual = rd.varint(); m.reason = rd.varint(); });
  run.retries = decodeMarks(bytes, base + meta.sections.retries[0], meta.sections.retries[1], function (rd, m) { m.fn = rd.varint(); m.reason = rd.byte(); m.after = rd.varint(); });
  // Concurrency: admissions and completions, sorted, for the whole account and per function.
  run.concurrency = [concurrencyOf(run, -1)];
  for (i = 0; i < meta.functions.length; i++) run.concurrency.push(concurrencyOf(run, i));
  run.logs = new Map();
  meta.logs.invocations.forEach(function (entry) { run.logs.set(entry[0], { requestId: entry[1], lines: entry[2] }); });
  run.laneLogs = new Map();
  meta.logs.lanes.forEach(function (entry) { run.laneLogs.set(entry[0], entry[1]); });
  return run;
}
function decodeMarks(bytes, at, length, more) {
  var rd = new Reader(bytes, at), end = at + length, times = [], rest = [], t = 0;
  while (rd.p < end) { t += rd.varint(); var m = {}; more(rd, m); times.push(t); rest.push(m); }
  return { t: Float64Array.from(times), info: rest };
}
function concurrencyOf(run, fn) {
  var n = 0, i, lanes = run.meta.lanes;
  for (i = 0; i < run.total; i++) if (fn < 0 || lanes[run.laneOf[i]].fn === fn) n++;
  var admits = new Float64Array(n), ends = new Float64Array(n), k = 0;
  for (i = 0; i < run.total; i++) if (fn < 0 || lanes[run.laneOf[i]].fn === fn) { admits[k] = run.admit[i]; ends[k] = run.end[i]; k++; }
  admits.sort(); ends.sort();
  return { admits: admits, ends: ends };
}
/** The highest concurrency in each of width columns of [t0, t1). */
function concurrencyColumns(c, t0, t1, width) {
  var out = new Float64Array(width), A = c.admits, E = c.ends;
  var ia = upperBound(A, t0), ie = upperBound(E, t0), current = ia - ie, dt = (t1 - t0) / width;
  for (var px = 0; px < width; px++) {
    var columnEnd = t0 + (px + 1) * dt, high = current;
    for (;;) {
      var na = ia < A.length ? A[ia] : Infinity, ne = ie < E.length ? E[ie] : Infinity;
      if (Math.min(na, ne) >= columnEnd) break;
      if (ne <= na) { current--; ie++; } else { current++; ia++; if (current > high) high = current; }
    }
    out[px] = high;
  }
  return out;
}

function busyEnd(run) {
  var last = 0, i, meta = run.meta;
  for (i = 0; i < run.total; i++) if (run.end[i] > last) last = run.end[i];
  meta.lanes.forEach(function (L) { L.init.forEach(function (p) { if (p[1] > last) last = p[1]; }); });
  if (run.throttles.t.length > 0) last = Math.max(last, run.throttles.t[run.throttles.t.length - 1]);
  if (run.retries.t.length > 0) last = Math.max(last, run.retries.t[run.retries.t.length - 1]);
  if (last === 0) last = meta.endUs;
  return Math.max(1000, Math.min(meta.endUs, last * 1.04));
}
function Viewer(section, run) {
  var self = this;
  this.section = section; this.run = run; this.meta = run.meta;
  // First view: the busy part of the run (a run that idles to its reclaims has most of its time empty).
  this.t0 = 0; this.t1 = busyEnd(run);
  this.selected = -1;
  this.canvas = section.querySelector('canvas.lanes');
  this.chart = section.querySelector('canvas.chart');
  this.details = section.querySelector('.details');
  this.rangeLabel = section.querySelector('.timeline .range');
  this.limitsLabel = section.querySelector('.concurrency .limits');
  this.select = section.querySelector('.fn-select');
  this.select.appendChild(el('option', { value: '-1' }, 'all functions'));
  this.meta.functions.forEach(function (name, i) { self.select.appendChild(el('option', { value: String(i) }, name)); });
  this.select.addEventListener('change', function () { self.drawChart(); });
  var lanes = this.meta.lanes.length;
  // Up to 1,000 lanes get whole pixels each; beyond, the lanes share 6,000 pixel rows (a canvas
  // can be at most 32,767 pixels high), each row showing the most severe of its lanes.
  this.laneH = lanes <= 40 ? 16 : lanes <= 120 ? 8 : lanes <= 1000 ? Math.min(6, Math.floor(6000 / lanes)) : 6000 / lanes;
  this.cells = new Uint8Array(0);
  section.dataset.lanes = String(lanes);
  section.dataset.invocations = String(run.total);
  section.dataset.throttles = String(run.throttles.t.length);
  section.dataset.retries = String(run.retries.t.length);
  section.querySelector('.toolbar').addEventListener('click', function (e) {
    var act = e.target && e.target.getAttribute && e.target.getAttribute('data-act');
    if (act === 'zoom-in') self.zoom(0.5, 0.5);
    else if (act === 'zoom-out') self.zoom(2, 0.5);
    else if (act === 'reset') { self.t0 = 0; self.t1 = Math.max(1000, self.meta.endUs); self.draw(); }
    else if (act === 'busy') { self.t0 = 0; self.t1 = busyEnd(self.run); self.draw(); }
  });
  this.canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var f = self.fractionAt(e.offsetX);
    self.zoom(e.deltaY > 0 ? 1.25 : 0.8, f);
  }, { passive: false });
  var drag = null;
  this.canvas.addEventListener('mousedown', function (e) { drag = { x: e.clientX, t0: self.t0, t1: self.t1, moved: false }; });
  window.addEventListener('mousemove', function (e) {
    if (drag === null) return;
    var dx = e.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    var span = drag.t1 - drag.t0, dt = -dx / self.plotWidth() * span;
    self.t0 = drag.t0 + dt; self.t1 = drag.t1 + dt;
    self.draw();
  });
  window.addEventListener('mouseup', function (e) {
    if (drag === null) return;
    var wasDrag = drag.moved;
    drag = null;
    if (!wasDrag && e.target === self.canvas) self.clickAt(e.offsetX, e.offsetY);
  });
  this.resize();
  window.addEventListener('resize', function () { self.resize(); });
}
Viewer.prototype.plotWidth = function () { return Math.max(50, this.width - GUTTER - 8); };
Viewer.prototype.fractionAt = function (x) { return Math.min(1, Math.max(0, (x - GUTTER) / this.plotWidth())); };
Viewer.prototype.xOf = function (t) { return GUTTER + (t - this.t0) / (this.t1 - this.t0) * this.plotWidth(); };
Viewer.prototype.tOf = function (x) { return this.t0 + (x - GUTTER) / this.plotWidth() * (this.t1 - this.t0); };
Viewer.prototype.laneTop = function (lane) { return AXIS + 2 * TRACK + 4 + lane * this.laneH; };
Viewer.prototype.zoom = function (factor, fraction) {
  var span = this.t1 - this.t0, next = Math.max(50, span * factor), at = this.t0 + span * fraction;
  this.t0 = at - next * fraction; this.t1 = this.t0 + next;
  this.draw();
};
Viewer.prototype.resize = function () {
  this.width = Math.max(400, this.canvas.parentElement.clientWidth);
  this.height = this.laneTop(this.meta.lanes.length) + 6;
  var ratio = window.devicePixelRatio || 1;
  this.ratio = ratio;
  this.canvas.width = Math.round(this.width * ratio); this.canvas.height = Math.round(this.height * ratio);
  this.canvas.style.height = this.height + 'px';
  this.chart.width = Math.round(this.width * ratio); this.chart.height = Math.round(170 * ratio);
  this.chart.style.height = '170px';
  if (this.cells.length < this.width) this.cells = new Uint8Array(this.width);
  this.draw();
};
Viewer.prototype.draw = function () {
  this.rangeLabel.textContent = fmtDuration(this.t1 - this.t0) + ' shown, from ' + (this.t0 < 0 ? fmtDuration(this.t0) : '+' + fmtDuration(this.t0)) + ' (' + clockOf(this.run, this.t0) + ')';
  this.drawLanes();
  this.drawChart();
};
Viewer.prototype.drawAxis = function (ctx, top, bottom) {
  var span = this.t1 - this.t0, target = span / Math.max(2, this.plotWidth() / 110), step = 1;
  var steps = [1, 2, 5];
  for (var p = 1; step < target; p *= 10) for (var s = 0; s < 3 && step < target; s++) step = steps[s] * p;
  ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (var t = Math.ceil(this.t0 / step) * step; t <= this.t1; t += step) {
    var x = Math.round(this.xOf(t)) + 0.5;
    ctx.fillStyle = COLORS.grid; ctx.fillRect(x, top, 1, bottom - top);
    ctx.fillStyle = COLORS.muted;
    if (x > GUTTER + 24) ctx.fillText(fmtTick(t, step), x, 4);
  }
};
Viewer.prototype.drawLanes = function () {
  var ctx = this.canvas.getContext('2d'), run = this.run, meta = this.meta, W = this.width, H = this.height, self = this;
  ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
  ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, W, H);
  ctx.save();
  ctx.beginPath(); ctx.rect(GUTTER, 0, W - GUTTER, H); ctx.clip();
  this.drawAxis(ctx, AXIS, H);
  this.drawMarks(ctx, run.throttles.t, AXIS + 2, COLORS.throttle);
  this.drawMarks(ctx, run.retries.t, AXIS + 2 + TRACK, COLORS.retry);
  var laneH = this.laneH, inner = Math.max(1, laneH - (laneH >= 6 ? 2 : 0)), endUs = meta.endUs;
  var yOf = laneH >= 1 ? function (lane) { return self.laneTop(lane); } : function (lane) { return Math.floor(self.laneTop(lane)); };
  var x0 = GUTTER, pw = this.plotWidth(), cells = this.cells;
  for (var lane = 0; lane < meta.lanes.length; lane++) {
    var L = meta.lanes[lane], y = yOf(lane) + Math.max(0, laneH - inner) / 2;
    var lifeEnd = L.reclaimedUs >= 0 ? L.reclaimedUs : endUs;
    if (lifeEnd < this.t0 || L.createdUs > this.t1) continue;
    var a = this.xOf(L.createdUs), b = this.xOf(lifeEnd);
    ctx.fillStyle = COLORS.idle; ctx.fillRect(a, y + inner * 0.3, Math.max(1, b - a), Math.max(1, inner * 0.4));
    // Invocations: wide ones as bars, narrow ones into pixel cells.
    var from = run.laneStart[lane], to = run.laneStart[lane + 1];
    var k = lowerBound(run.end, this.t0, from, to), lo = W, hi = -1;
    for (; k < to && run.start[k] <= this.t1; k++) {
      var xs = this.xOf(run.start[k]), xe = this.xOf(run.end[k]), f = run.flags[k], st = f & 3;
      var code = st === 3 ? 5 : st === 1 ? 4 : st === 2 ? 3 : (f & 8) ? 2 : 1;
      if (xe - xs >= 2) {
        ctx.fillStyle = CELL_COLORS[code]; ctx.fillRect(xs, y, xe - xs - 0.5, inner);
      } else {
        var c0 = Math.max(0, Math.floor(xs)), c1 = Math.min(W - 1, Math.floor(xe));
        for (var c = c0; c <= c1; c++) if (cells[c] < code) cells[c] = code;
        if (c0 < lo) lo = c0; if (c1 > hi) hi = c1;
      }
    }
    for (var px = lo; px <= hi; ) {
      var v = cells[px];
      if (v === 0) { px++; continue; }
      var runEnd = px;
      while (runEnd + 1 <= hi && cells[runEnd + 1] === v) runEnd++;
      ctx.fillStyle = CELL_COLORS[v]; ctx.fillRect(px, y, runEnd - px + 1, inner);
      for (var q = px; q <= runEnd; q++) cells[q] = 0;
      px = runEnd + 1;
    }
    // Init phases, resets, reclaim.
    for (var i = 0; i < L.init.length; i++) {
      var ph = L.init[i], ia = this.xOf(ph[0]), ib = this.xOf(ph[1] < 0 ? endUs : ph[1]);
      ctx.fillStyle = ph[2] === 1 || ph[2] === 2 ? COLORS.error : COLORS.init;
      ctx.fillRect(ia, y, Math.max(2, ib - ia), inner);
    }
    ctx.fillStyle = COLORS.reset;
    for (i = 0; i < L.resets.length; i++) ctx.fillRect(Math.round(this.xOf(L.resets[i][0])) - 1, y - 1, 2, inner + 2);
    if (L.reclaimedUs >= 0) {
      ctx.fillStyle = COLORS.reclaim;
      var rx = Math.round(b);
      ctx.fillRect(rx - 1, y, 2, inner);
      if (laneH >= 10 && b > x0 && b < x0 + pw - 60) { ctx.font = '9px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle'; ctx.fillText('reclaimed (' + L.reclaimReason + ')', rx + 4, y + inner / 2); }
    }
  }
  if (this.selected >= 0) {
    var sel = this.selected, sy = this.laneTop(run.laneOf[sel]);
    var sx = this.xOf(run.start[sel]), sw = Math.max(3, this.xOf(run.end[sel]) - sx);
    ctx.strokeStyle = COLORS.select; ctx.lineWidth = 2; ctx.strokeRect(sx - 1, sy, sw + 2, laneH);
  }
  ctx.restore();
  // The gutter: track and lane labels.
  ctx.fillStyle = '#f7f8fa'; ctx.fillRect(0, 0, GUTTER - 4, H);
  ctx.fillStyle = COLORS.text; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
  ctx.fillText('throttles (' + fmtCount(run.throttles.t.length) + ')', 6, AXIS + 2 + TRACK / 2);
  ctx.fillText('async retries (' + fmtCount(run.retries.t.length) + ')', 6, AXIS + 2 + TRACK * 1.5);
  var previousFn = -1;
  for (var ln = 0; ln < meta.lanes.length; ln++) {
    var LL = meta.lanes[ln], ty = this.laneTop(ln);
    if (LL.fn !== previousFn) {
      ctx.fillStyle = '#c9d1db'; ctx.fillRect(0, ty, W, 1);
      previousFn = LL.fn;
      if (laneH < 10) { ctx.fillStyle = COLORS.text; ctx.fillText(meta.functions[LL.fn], 6, ty + 7); }
    }
    if (laneH >= 10) {
      ctx.fillStyle = COLORS.text;
      var label = meta.functions[LL.fn] + ':' + LL.version + ' ' + LL.id.slice(0, 6) + (LL.provisionedFor ? ' (PC)' : '');
      ctx.fillText(label.length > 24 ? label.slice(0, 23) + '…' : label, 6, ty + laneH / 2);
    }
  }
};
Viewer.prototype.drawMarks = function (ctx, times, top, color) {
  var from = lowerBound(times, this.t0), to = upperBound(times, this.t1), W = this.width, cells = new Uint32Array(W);
  for (var k = from; k < to; k++) { var x = Math.floor(this.xOf(times[k])); if (x >= 0 && x < W) cells[x]++; }
  ctx.fillStyle = color;
  for (var px = 0; px < W; px++) {
    var n = cells[px];
    if (n === 0) continue;
    var h = Math.min(TRACK - 2, 4 + Math.log2(n) * 2);
    ctx.fillRect(px, top + TRACK - 1 - h, 1.5, h);
  }
};
Viewer.prototype.stepAt = function (steps, t) {
  var value = -1;
  for (var i = 0; i < steps.length && steps[i][0] <= t; i++) value = steps[i][1];
  return value;
};
Viewer.prototype.provisionedAt = function (fn, t) {
  var byQualifier = {}, steps = this.meta.provisioned[fn] || [], total = 0;
  for (var i = 0; i < steps.length && steps[i][0] <= t; i++) byQualifier[steps[i][1]] = steps[i][2];
  for (var q in byQualifier) total += byQualifier[q];
  return total;
};
Viewer.prototype.drawChart = function () {
  var ctx = this.chart.getContext('2d'), W = this.width, H = 170, top = 14, bottom = H - 18, fn = Number(this.select.value), self = this;
  ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
  ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, W, H);
  var pw = Math.floor(this.plotWidth()), columns = concurrencyColumns(this.run.concurrency[fn + 1], this.t0, this.t1, pw), high = 0, i;
  for (i = 0; i < pw; i++) if (columns[i] > high) high = columns[i];
  var limits = [];
  if (fn < 0) limits.push({ name: 'account limit', color: '#c62828', at: function () { return self.meta.accountLimit; } });
  else {
    limits.push({ name: 'reserved', color: '#c62828', at: function (t) { return self.stepAt(self.meta.reserved[fn] || [], t); } });
    limits.push({ name: 'provisioned', color: '#17a398', at: function (t) { return self.provisionedAt(fn, t); } });
  }
  var scaleTop = Math.max(1, high), notes = [];
  limits.forEach(function (l) {
    var most = -1;
    for (var px = 0; px < pw; px += Math.max(1, Math.floor(pw / 200))) most = Math.max(most, l.at(self.tOf(GUTTER + px)));
    most = Math.max(most, l.at(self.t1));
    l.most = most;
    // A limit far above the traffic is named, not drawn: the traffic would be a flat line.
    if (most > 0 && most <= Math.max(4, high * 4)) scaleTop = Math.max(scaleTop, most);
  });
  scaleTop = Math.ceil(scaleTop * 1.1);
  limits.forEach(function (l) {
    // A reservation of 0 matters (the function cannot run); no provisioned concurrency does not.
    if (l.most > 0 || (l.most === 0 && l.name === 'reserved')) notes.push(l.name + ' ' + fmtCount(l.most) + (l.most > scaleTop ? ' (above the chart)' : ''));
  });
  var y = function (v) { return bottom - v / scaleTop * (bottom - top); };
  ctx.save(); ctx.beginPath(); ctx.rect(GUTTER, 0, W - GUTTER, H); ctx.clip();
  ctx.fillStyle = '#b9d0f0';
  for (i = 0; i < pw; i++) if (columns[i] > 0) ctx.fillRect(GUTTER + i, y(columns[i]), 1, bottom - y(columns[i]));
  limits.forEach(function (l) {
    if (l.most <= 0) return;
    ctx.strokeStyle = l.color; ctx.lineWidth = 1.5; ctx.setLineDash([5, 3]); ctx.beginPath();
    var started = false;
    for (var px = 0; px <= pw; px++) {
      var v = l.at(self.tOf(GUTTER + px));
      if (v < 0 || v > scaleTop) { started = false; continue; }
      if (!started) { ctx.moveTo(GUTTER + px, y(v)); started = true; } else ctx.lineTo(GUTTER + px, y(v));
    }
    ctx.stroke(); ctx.setLineDash([]);
  });
  ctx.restore();
  ctx.fillStyle = COLORS.muted; ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  ctx.fillText(String(scaleTop), GUTTER - 8, top); ctx.fillText('0', GUTTER - 8, bottom);
  ctx.fillStyle = '#c9d1db'; ctx.fillRect(GUTTER, bottom, pw, 1);
  ctx.textAlign = 'left'; ctx.fillStyle = COLORS.text; ctx.font = '11px system-ui, sans-serif';
  ctx.fillText('peak shown: ' + fmtCount(high), 6, top + 10);
  this.limitsLabel.textContent = notes.join(' · ');
  this.section.dataset.peakConcurrency = String(high);
};
Viewer.prototype.clickAt = function (x, y) {
  var run = this.run, meta = this.meta;
  if (x < GUTTER) return;
  if (y >= AXIS + 2 && y < AXIS + 2 + 2 * TRACK) { this.showMarks(y < AXIS + 2 + TRACK ? 'throttles' : 'retries', x); return; }
  var lane = Math.floor((y - this.laneTop(0)) / this.laneH);
  if (lane < 0 || lane >= meta.lanes.length) return;
  var t = this.tOf(x), tolerance = 3 * (this.t1 - this.t0) / this.plotWidth();
  var from = run.laneStart[lane], to = run.laneStart[lane + 1], best = -1, bestDistance = Infinity;
  var k = lowerBound(run.end, t - tolerance, from, to);
  for (; k < to && run.start[k] <= t + tolerance; k++) {
    // Outside: the distance to its edge; inside (several may share a pixel): to its centre, below any outside.
    var d = t < run.start[k] ? tolerance + run.start[k] - t : t > run.end[k] ? tolerance + t - run.end[k] : Math.abs(t - (run.start[k] + run.end[k]) / 2) / 1e9;
    if (d < bestDistance) { bestDistance = d; best = k; }
  }
  if (best >= 0) { this.showInvocation(best); return; }
  var L = meta.lanes[lane];
  for (var i = 0; i < L.init.length; i++) {
    var ph = L.init[i];
    if (t >= ph[0] - tolerance && t <= (ph[1] < 0 ? meta.endUs : ph[1]) + tolerance) { this.showInit(lane, i); return; }
  }
};
/** The throttles or retries within a few pixels of x, counted by function and reason. */
Viewer.prototype.showMarks = function (which, x) {
  var run = this.run, meta = this.meta, marks = run[which], slack = 3 * (this.t1 - this.t0) / this.plotWidth(), t = this.tOf(x);
  var from = lowerBound(marks.t, t - slack), to = upperBound(marks.t, t + slack), groups = new Map(), keys = [];
  for (var k = from; k < to; k++) {
    var m = marks.info[k], key;
    if (which === 'throttles') key = meta.functions[m.fn] + (meta.qualifiers[m.qual] ? ':' + meta.qualifiers[m.qual] : '') + ' — ' + meta.throttleReasons[m.reason];
    else key = meta.functions[m.fn] + ' — after a ' + (m.reason === 1 ? 'throttle' : 'function error') + ', retried ' + fmtDuration(m.after) + ' later';
    if (!groups.has(key)) { groups.set(key, 0); keys.push(key); }
    groups.set(key, groups.get(key) + 1);
  }
  var box = this.details;
  box.textContent = '';
  box.appendChild(el('h4', null, fmtCount(to - from) + (which === 'throttles' ? ' throttle(s)' : ' async retry(ies)') + ' from ' + clockOf(run, t - slack) + ' to ' + clockOf(run, t + slack)));
  var list = el('ul', { 'data-testid': which });
  keys.forEach(function (key) { list.appendChild(el('li', null, fmtCount(groups.get(key)) + ' × ' + key)); });
  box.appendChild(list);
};
Viewer.prototype.logBlock = function (lines) {
  var pre = el('div', { 'class': 'log', 'data-testid': 'log-lines' }), run = this.run;
  lines.forEach(function (line) {
    var row = el('div');
    row.appendChild(el('span', { 'class': 't' }, clockOf(run, line[0]) + '  '));
    row.appendChild(document.createTextNode(line[1]));
    pre.appendChild(row);
  });
  return pre;
};
Viewer.prototype.droppedNote = function () {
  var logs = this.meta.logs;
  return logs.dropped > 0
    ? 'No lines kept for this one: the log store keeps the most recent lines (logRetention), and ' + fmtCount(logs.dropped) + ' older lines were dropped.'
    : 'No log lines were kept for it.';
};
Viewer.prototype.showInvocation = function (k) {
  var run = this.run, meta = this.meta, L = meta.lanes[run.laneOf[k]], f = run.flags[k], status = STATUS[f & 3], logs = run.logs.get(k);
  this.selected = k;
  this.drawLanes();
  var box = this.details;
  box.textContent = '';
  box.appendChild(el('h4', null, 'Invocation of ' + meta.functions[L.fn] + ':' + L.version + (status !== 'success' ? ' — ' + status : '')));
  var dl = el('dl', { 'data-testid': 'invocation' });
  var add = function (name, value) { dl.appendChild(el('dt', null, name)); dl.appendChild(el('dd', null, value)); };
  if (logs) add('request id', logs.requestId);
  add('invoked as', meta.qualifiers[run.qual[k]] ? meta.functions[L.fn] + ':' + meta.qualifiers[run.qual[k]] : meta.functions[L.fn] + ' (unqualified)');
  add('environment', L.id + (L.provisionedFor ? ' (provisioned for ' + L.provisionedFor + ')' : ''));
  add('status', status + (run.errType[k] ? ' (' + meta.errorTypes[run.errType[k]] + ')' : ''));
  add('start', clockOf(run, run.start[k]) + ' (+' + fmtDuration(run.start[k]) + ')');
  add('duration', fmtDuration(run.end[k] - run.start[k]) + ', billed ' + run.billed[k] + ' ms');
  add('memory', run.maxMem[k] + ' of ' + run.mem[k] + ' MB used');
  add('cold start', (f & 4) ? 'yes (init ' + fmtDuration(run.start[k] - run.admit[k]) + ' before it)' : 'no');
  if (f & 8) add('provisioned', 'ran on a provisioned-concurrency environment');
  if (f & 16) add('spillover', 'provisioned concurrency was all busy: on-demand ran it');
  box.appendChild(dl);
  if (logs) box.appendChild(this.logBlock(logs.lines));
  else box.appendChild(el('p', { 'class': 'note', 'data-testid': 'no-log-lines' }, this.droppedNote()));
};
Viewer.prototype.showInit = function (lane, index) {
  var meta = this.meta, L = meta.lanes[lane], ph = L.init[index], box = this.details, lines = this.run.laneLogs.get(lane);
  box.textContent = '';
  box.appendChild(el('h4', null, 'Init phase of ' + meta.functions[L.fn] + ':' + L.version + ' in ' + L.id));
  var dl = el('dl', { 'data-testid': 'init' });
  dl.appendChild(el('dt', null, 'start')); dl.appendChild(el('dd', null, clockOf(this.run, ph[0])));
  dl.appendChild(el('dt', null, 'duration')); dl.appendChild(el('dd', null, ph[1] < 0 ? 'still running' : fmtDuration(ph[1] - ph[0])));
  dl.appendChild(el('dt', null, 'status')); dl.appendChild(el('dd', null, ['success', 'error', 'timeout', 'running'][ph[2]]));
  box.appendChild(dl);
  if (lines) box.appendChild(this.logBlock(lines));
  else box.appendChild(el('p', { 'class': 'note' }, this.droppedNote()));
};
/** Where invocation k is drawn, in the page's viewport coordinates (scrolled into view first). */
Viewer.prototype.pointOf = function (k) {
  var run = this.run, lane = run.laneOf[k], t = (run.start[k] + run.end[k]) / 2;
  // Zoomed in until it is at least 40 pixels wide, centred.
  var span = Math.min(this.t1 - this.t0, Math.max(50, (run.end[k] - run.start[k]) * this.plotWidth() / 40));
  this.t0 = t - span / 2; this.t1 = t + span / 2;
  this.draw();
  var scroller = this.canvas.parentElement;
  scroller.scrollTop = Math.max(0, this.laneTop(lane) - 40);
  this.canvas.scrollIntoView({ block: 'nearest' });
  var rect = this.canvas.getBoundingClientRect();
  return { x: rect.left + this.xOf(t), y: rect.top + this.laneTop(lane) + this.laneH / 2 };
};

/** Where a lane's init phase is drawn (zoomed to it, as pointOf does for an invocation). */
Viewer.prototype.pointOfInit = function (lane, index) {
  var ph = this.meta.lanes[lane].init[index], end = ph[1] < 0 ? this.meta.endUs : ph[1], t = (ph[0] + end) / 2;
  var span = Math.max(50, (end - ph[0]) * this.plotWidth() / 40);
  this.t0 = t - span / 2; this.t1 = t + span / 2;
  this.draw();
  this.canvas.parentElement.scrollTop = Math.max(0, this.laneTop(lane) - 40);
  this.canvas.scrollIntoView({ block: 'nearest' });
  var rect = this.canvas.getBoundingClientRect();
  return { x: rect.left + this.xOf(t), y: rect.top + this.laneTop(lane) + this.laneH / 2 };
};

function start() {
  var node = document.getElementById('report-data');
  inflate(bytesOfBase64(node.textContent.trim())).then(function (bytes) {
    var jsonLength = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] * 16777216);
    var metas = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength)));
    var base = 4 + jsonLength, sections = document.querySelectorAll('section.run'), viewers = [];
    metas.forEach(function (meta, i) {
      var run = decodeRun(meta, bytes, base);
      var entry = { lanes: meta.lanes.length, invocations: run.total, throttles: run.throttles.t.length, retries: run.retries.t.length, viewer: null, run: run };
      api.runs.push(entry);
      viewers.push(function () { if (entry.viewer === null) entry.viewer = new Viewer(sections[i], run); return entry.viewer; });
    });
    api.viewer = function (i) { return viewers[i](); };
    api.pointOf = function (i, k) { return viewers[i]().pointOf(k); };
    api.pointOfInit = function (i, lane, index) { return viewers[i]().pointOfInit(lane, index); };
    api.logsOf = function (i, k) { var l = api.runs[i].run.logs.get(k); return l ? l.lines.length : 0; };
    api.withLogs = function (i) { return Array.from(api.runs[i].run.logs.keys()); };
    var tabs = document.querySelectorAll('.tabs button');
    Array.prototype.forEach.call(tabs, function (tab) {
      tab.addEventListener('click', function () {
        var n = Number(tab.getAttribute('data-tab'));
        Array.prototype.forEach.call(tabs, function (t) { t.classList.toggle('active', t === tab); });
        Array.prototype.forEach.call(sections, function (s, j) { s.hidden = j !== n; });
        viewers[n]();
      });
    });
    if (viewers.length > 0) viewers[0]();
    api.ready = true;
    document.body.dataset.ready = 'true';
  }).catch(function (error) {
    api.error = String(error && error.stack || error);
    document.body.dataset.ready = 'error';
    var p = el('p', { 'class': 'note' }, 'The report could not be read: ' + api.error);
    document.querySelector('main').prepend(p);
    throw error;
  });
}
start();
})();
`
