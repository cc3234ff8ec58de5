-- The page of `nsh lab report --html`: one self-contained
-- file, inline CSS and JS, nothing fetched.  classreport.lua fills in
-- @@TITLE@@, @@BODY@@ (the tables) and @@CASTS@@ (the recordings, each in a
-- <script type="application/json"> holding the .cast file as a string).
--
-- The player is a small terminal emulator (text, cursor moves, erasing,
-- scroll regions, SGR colours) fed with the recording's "o" events on
-- their own timing; markers are chapters to jump to.  With #selftest in
-- the URL the page plays the first recording at once, very fast, and
-- writes what it rendered into #selftest (the tests read it back).
return [==[<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em 2em; color: #1d2330; background: #fafbfc; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
code { font-family: ui-monospace, monospace; }
.summary { color: #445; margin: 0 0 .5em; }
.legend { color: #556; font-size: .9em; }
table { border-collapse: collapse; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
th, td { border: 1px solid #dde1e6; padding: 3px 8px; text-align: center; white-space: nowrap; }
thead th { background: #eef1f5; font-weight: 600; }
th.student, tfoot th { text-align: left; font-weight: 500; }
tfoot td, tfoot th { background: #f4f6f8; color: #334; font-size: .92em; }
td.c { min-width: 5.5em; }
.c.pass, .c.earlier { background: #e3f6e8; color: #146c2e; }
.c.earlier { background: #eef8f0; }
.c.fail { background: #fde6e6; color: #a1191b; }
.c.skip { background: #fff5d6; color: #7a5a00; }
.c.tried { background: #fff0e0; color: #8a4b00; }
.c.none { color: #99a; }
span.c { padding: 0 .4em; border-radius: 3px; }
.h { color: #8a5a00; font-size: .85em; }
.t { color: #667; font-size: .85em; }
.bar { display: inline-block; height: .8em; background: #d9534f; border-radius: 2px; }
#struggles td:nth-child(2) { text-align: left; }
button.play { cursor: pointer; border: 1px solid #8aa; background: #f2f8f8; border-radius: 4px; padding: 1px 8px; }
#player { margin-top: 1.5em; }
#player-bar { margin: .3em 0; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
#player-title { font-weight: 600; }
#screen { background: #11151c; color: #d8dee9; font: 13px/1.25 ui-monospace, "DejaVu Sans Mono", monospace;
  padding: 8px 10px; margin: 0; overflow: auto; max-height: 36em; border-radius: 6px; white-space: pre; }
#markers button { font-size: .85em; margin: 2px; border: 1px solid #ccd; background: #fff; border-radius: 10px; cursor: pointer; }
#markers button.passed { border-color: #4a9; }
#markers button.hint { border-color: #c93; }
#markers button.predict { border-color: #69c; }
#progress { width: 14em; }
label.open { color: #556; font-size: .9em; margin-left: 1em; }
.cur { background: #d8dee9; color: #11151c; }
</style>
</head>
<body>
@@BODY@@
<section id="player">
<h2>Recording</h2>
<div id="player-bar"><span id="player-title">Choose a recording (&#9654; play in the tables).</span>
<button id="pp" disabled>pause</button>
<label>speed <select id="speed"><option>0.5</option><option selected>1</option><option>2</option><option>4</option><option>16</option></select></label>
<progress id="progress" value="0" max="1"></progress> <span id="clock"></span>
<label class="open">or open a .cast file <input type="file" id="open-file" accept=".cast,application/x-asciicast"></label></div>
<div id="markers"></div>
<pre id="screen"></pre>
<div id="selftest" hidden></div>
</section>
@@CASTS@@
<script>
'use strict';
// ---- a small terminal emulator ----
var PALETTE = ['#2e3440','#e06c75','#98c379','#e5c07b','#61afef','#c678dd','#56b6c2','#d8dee9',
  '#5c6370','#ff7b86','#b5e890','#ffd787','#7cc4ff','#e2a3ff','#7fdbe6','#ffffff'];
function color256(n) {
  if (n < 16) return PALETTE[n];
  if (n >= 232) { var g = 8 + (n - 232) * 10; return 'rgb(' + g + ',' + g + ',' + g + ')'; }
  n -= 16; var s = [0, 95, 135, 175, 215, 255];
  return 'rgb(' + s[Math.floor(n / 36)] + ',' + s[Math.floor(n / 6) % 6] + ',' + s[n % 6] + ')';
}
function Term(cols, rows) { this.cols = cols; this.rows = rows; this.reset(); }
Term.prototype.reset = function () {
  this.grid = []; for (var y = 0; y < this.rows; y++) this.grid.push(this.blankRow());
  this.x = 0; this.y = 0; this.wrapNext = false; this.style = {}; this.top = 0; this.bottom = this.rows - 1;
  this.state = 0; this.params = ''; this.saved = [0, 0]; this.dirty = true;
};
// the recording's terminal changed size ("r" event, "COLSxROWS")
Term.prototype.resize = function (spec) {
  var m = /^(\d+)x(\d+)$/.exec(spec);
  if (!m) return;
  var cols = Math.min(+m[1], 300), rows = Math.min(+m[2], 200), y;
  for (y = 0; y < this.grid.length; y++) {
    while (this.grid[y].length < cols) this.grid[y].push([' ', null]);
    this.grid[y].length = cols;
  }
  this.cols = cols;
  while (this.grid.length > rows) { this.grid.shift(); this.y = Math.max(0, this.y - 1); }
  while (this.grid.length < rows) this.grid.push(this.blankRow());
  this.rows = rows; this.top = 0; this.bottom = rows - 1; this.clamp();
};
Term.prototype.blankRow = function () { var r = []; for (var x = 0; x < this.cols; x++) r.push([' ', null]); return r; };
Term.prototype.scrollUp = function (n) {
  for (var i = 0; i < n; i++) { this.grid.splice(this.top, 1); this.grid.splice(this.bottom, 0, this.blankRow()); }
};
Term.prototype.scrollDown = function (n) {
  for (var i = 0; i < n; i++) { this.grid.splice(this.bottom, 1); this.grid.splice(this.top, 0, this.blankRow()); }
};
Term.prototype.lf = function () { if (this.y === this.bottom) this.scrollUp(1); else if (this.y < this.rows - 1) this.y++; };
Term.prototype.put = function (ch) {
  if (this.wrapNext) { this.x = 0; this.lf(); this.wrapNext = false; }
  this.grid[this.y][this.x] = [ch, this.styleKey()];
  if (this.x === this.cols - 1) this.wrapNext = true; else this.x++;
};
Term.prototype.styleKey = function () {
  var s = this.style, fg = s.fg, bg = s.bg, css = '';
  if (s.inverse) { var t = fg || '#d8dee9'; fg = bg || '#11151c'; bg = t; }
  if (fg) css += 'color:' + fg + ';';
  if (bg) css += 'background:' + bg + ';';
  if (s.bold) css += 'font-weight:bold;';
  if (s.dim) css += 'opacity:.7;';
  if (s.underline) css += 'text-decoration:underline;';
  return css || null;
};
Term.prototype.clamp = function () {
  this.x = Math.max(0, Math.min(this.cols - 1, this.x)); this.y = Math.max(0, Math.min(this.rows - 1, this.y));
  this.wrapNext = false;
};
Term.prototype.erase = function (y, x0, x1) { for (var x = x0; x < x1; x++) this.grid[y][x] = [' ', null]; };
Term.prototype.sgr = function (ps) {
  if (ps.length === 0) ps = [0];
  for (var i = 0; i < ps.length; i++) {
    var p = ps[i] || 0;
    if (p === 0) this.style = {};
    else if (p === 1) this.style.bold = true;
    else if (p === 2) this.style.dim = true;
    else if (p === 4) this.style.underline = true;
    else if (p === 7) this.style.inverse = true;
    else if (p === 22) { this.style.bold = false; this.style.dim = false; }
    else if (p === 24) this.style.underline = false;
    else if (p === 27) this.style.inverse = false;
    else if (p >= 30 && p <= 37) this.style.fg = PALETTE[p - 30];
    else if (p >= 90 && p <= 97) this.style.fg = PALETTE[p - 90 + 8];
    else if (p >= 40 && p <= 47) this.style.bg = PALETTE[p - 40];
    else if (p >= 100 && p <= 107) this.style.bg = PALETTE[p - 100 + 8];
    else if (p === 39) delete this.style.fg;
    else if (p === 49) delete this.style.bg;
    else if ((p === 38 || p === 48) && ps[i + 1] === 5) { this.style[p === 38 ? 'fg' : 'bg'] = color256(ps[i + 2] || 0); i += 2; }
    else if ((p === 38 || p === 48) && ps[i + 1] === 2) {
      this.style[p === 38 ? 'fg' : 'bg'] = 'rgb(' + (ps[i + 2] || 0) + ',' + (ps[i + 3] || 0) + ',' + (ps[i + 4] || 0) + ')'; i += 4;
    }
  }
};
Term.prototype.csi = function (final, raw) {
  var priv = raw.charAt(0) === '?' || raw.charAt(0) === '>';
  var ps = (priv ? raw.slice(1) : raw).split(';').map(function (v) { return v === '' ? undefined : parseInt(v, 10); });
  var n = ps[0] || 1, y, x;
  if (priv) { if ((final === 'h' || final === 'l') && (ps[0] === 1049 || ps[0] === 47)) { this.reset(); } return; }
  switch (final) {
  case 'A': this.y -= n; this.clamp(); break;
  case 'B': case 'e': this.y += n; this.clamp(); break;
  case 'C': case 'a': this.x += n; this.clamp(); break;
  case 'D': this.x -= n; this.clamp(); break;
  case 'E': this.y += n; this.x = 0; this.clamp(); break;
  case 'F': this.y -= n; this.x = 0; this.clamp(); break;
  case 'G': case '`': this.x = n - 1; this.clamp(); break;
  case 'd': this.y = n - 1; this.clamp(); break;
  case 'H': case 'f': this.y = (ps[0] || 1) - 1; this.x = (ps[1] || 1) - 1; this.clamp(); break;
  case 'J':
    if (!ps[0]) { this.erase(this.y, this.x, this.cols); for (y = this.y + 1; y < this.rows; y++) this.erase(y, 0, this.cols); }
    else if (ps[0] === 1) { this.erase(this.y, 0, this.x + 1); for (y = 0; y < this.y; y++) this.erase(y, 0, this.cols); }
    else { for (y = 0; y < this.rows; y++) this.erase(y, 0, this.cols); }
    break;
  case 'K':
    if (!ps[0]) this.erase(this.y, this.x, this.cols);
    else if (ps[0] === 1) this.erase(this.y, 0, this.x + 1);
    else this.erase(this.y, 0, this.cols);
    break;
  case 'X': this.erase(this.y, this.x, Math.min(this.cols, this.x + n)); break;
  case 'P': for (x = 0; x < n; x++) { this.grid[this.y].splice(this.x, 1); this.grid[this.y].push([' ', null]); } break;
  case '@': for (x = 0; x < n; x++) { this.grid[this.y].splice(this.x, 0, [' ', null]); this.grid[this.y].length = this.cols; } break;
  case 'L': if (this.y >= this.top && this.y <= this.bottom) { var t0 = this.top; this.top = this.y; this.scrollDown(n); this.top = t0; } break;
  case 'M': if (this.y >= this.top && this.y <= this.bottom) { var t1 = this.top; this.top = this.y; this.scrollUp(n); this.top = t1; } break;
  case 'S': this.scrollUp(n); break;
  case 'T': this.scrollDown(n); break;
  case 'r': this.top = (ps[0] || 1) - 1; this.bottom = (ps[1] || this.rows) - 1;
    if (this.top >= this.bottom || this.bottom >= this.rows) { this.top = 0; this.bottom = this.rows - 1; }
    this.x = 0; this.y = 0; break;
  case 's': this.saved = [this.x, this.y]; break;
  case 'u': this.x = this.saved[0]; this.y = this.saved[1]; this.clamp(); break;
  case 'm': this.sgr(ps.map(function (v) { return v === undefined ? 0 : v; })); break;
  }
};
// state: 0 text, 1 ESC, 2 CSI, 3 OSC/DCS string, 4 ESC inside a string, 5 one byte to skip
Term.prototype.write = function (s) {
  for (var i = 0; i < s.length; i++) {
    var c = s.charAt(i), code = s.charCodeAt(i);
    if (this.state === 0) {
      if (code === 27) { this.state = 1; }
      else if (c === '\r') { this.x = 0; this.wrapNext = false; }
      else if (c === '\n' || code === 11 || code === 12) { this.lf(); this.wrapNext = false; }
      else if (code === 8) { if (this.x > 0) this.x--; this.wrapNext = false; }
      else if (c === '\t') { this.x = Math.min(this.cols - 1, (Math.floor(this.x / 8) + 1) * 8); }
      else if (code >= 32 && code !== 127) { this.put(c); }
    } else if (this.state === 1) {
      if (c === '[') { this.state = 2; this.params = ''; }
      else if (c === ']' || c === 'P' || c === '_' || c === '^') { this.state = 3; }
      else if (c === '(' || c === ')' || c === '#' || c === '*' || c === '+') { this.state = 5; }
      else {
        if (c === '7') this.saved = [this.x, this.y];
        else if (c === '8') { this.x = this.saved[0]; this.y = this.saved[1]; this.clamp(); }
        else if (c === 'M') { if (this.y === this.top) this.scrollDown(1); else if (this.y > 0) this.y--; }
        else if (c === 'D') this.lf();
        else if (c === 'E') { this.x = 0; this.lf(); }
        else if (c === 'c') this.reset();
        this.state = 0;
      }
    } else if (this.state === 2) {
      if (code >= 0x40 && code <= 0x7e) { this.csi(c, this.params); this.state = 0; }
      else this.params += c;
    } else if (this.state === 3) {
      if (code === 7) this.state = 0; else if (code === 27) this.state = 4;
    } else if (this.state === 4) {
      this.state = c === '\\' ? 0 : 3;
    } else {
      this.state = 0;
    }
  }
  this.dirty = true;
};
Term.prototype.html = function (cursor) {
  var out = [], last = this.rows - 1;
  while (last > 0 && last !== this.y && this.grid[last].every(function (c) { return c[0] === ' ' && !c[1]; })) last--;
  for (var y = 0; y <= last; y++) {
    var row = this.grid[y], line = '', run = '', style = undefined;
    for (var x = 0; x < this.cols; x++) {
      var cell = row[x], st = cell[1];
      if (cursor && x === this.x && y === this.y) st = (st || '') + '|cur';
      if (st !== style) {
        if (run) line += wrap(run, style);
        run = ''; style = st;
      }
      run += cell[0];
    }
    if (run) line += wrap(style ? run : run.replace(/ +$/, ''), style);
    out.push(line);
  }
  return out.join('\n');
};
function escHtml(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function wrap(text, style) {
  if (!style) return escHtml(text);
  var cur = style.indexOf('|cur') >= 0, css = style.replace('|cur', '');
  return '<span' + (cur ? ' class="cur"' : '') + (css ? ' style="' + css + '"' : '') + '>' + escHtml(text) + '</span>';
}

// ---- recordings ----
function parseCast(text) {
  var lines = text.split('\n'), header = null, events = [];
  for (var i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    var v;
    try { v = JSON.parse(lines[i]); } catch (e) { if (i === lines.length - 1) break; throw new Error('line ' + (i + 1) + ': ' + e.message); }
    if (!header) { if (v.version !== 2) throw new Error('not asciicast v2'); header = v; }
    else events.push(v);
  }
  if (!header) throw new Error('no header');
  return { width: header.width, height: header.height, title: header.title || '', events: events };
}
var opened = {}; // recordings opened from a file, by ':' + name
function loadCast(id) {
  if (id.charAt(0) === ':') return parseCast(opened[id]);
  return parseCast(JSON.parse(document.getElementById(id).textContent));
}

var player = { cast: null, term: null, i: 0, timer: null, playing: false, frames: 0, idle: 2, onend: null };
function fmtTime(t) { t = Math.floor(t); return Math.floor(t / 60) + ':' + ('0' + (t % 60)).slice(-2); }
function render() {
  var p = player;
  document.getElementById('screen').innerHTML = p.term.html(true);
  p.frames++;
  var total = p.cast.events.length ? p.cast.events[p.cast.events.length - 1][0] : 0;
  var now = p.i > 0 ? p.cast.events[p.i - 1][0] : 0;
  document.getElementById('progress').value = total ? now / total : 1;
  document.getElementById('clock').textContent = fmtTime(now) + ' / ' + fmtTime(total);
}
function speed() { return player.speedOverride || parseFloat(document.getElementById('speed').value) || 1; }
function step() {
  var p = player, ev = p.cast.events;
  p.timer = null;
  if (!p.playing) return;
  // everything due at the same time in one frame
  var t = p.i < ev.length ? ev[p.i][0] : 0;
  while (p.i < ev.length && ev[p.i][0] <= t + 0.0005) {
    if (ev[p.i][1] === 'o') p.term.write(ev[p.i][2]);
    else if (ev[p.i][1] === 'r') p.term.resize(ev[p.i][2]);
    p.i++;
  }
  render();
  if (p.i >= ev.length) { p.playing = false; document.getElementById('pp').textContent = 'replay'; if (p.onend) p.onend(); return; }
  var gap = Math.min(ev[p.i][0] - ev[p.i - 1][0], p.idle);
  p.timer = setTimeout(step, Math.max(0, gap * 1000 / speed()));
}
function seek(index) {
  var p = player, ev = p.cast.events;
  if (p.timer) clearTimeout(p.timer);
  p.term = new Term(Math.min(p.cast.width, 300), Math.min(p.cast.height, 200));
  for (var k = 0; k < index && k < ev.length; k++) {
    if (ev[k][1] === 'o') p.term.write(ev[k][2]);
    else if (ev[k][1] === 'r') p.term.resize(ev[k][2]);
  }
  p.i = Math.min(index, ev.length);
  render();
  if (p.playing) p.timer = setTimeout(step, 0);
}
function open(id, title) {
  var p = player;
  if (p.timer) clearTimeout(p.timer);
  p.cast = loadCast(id);
  p.term = new Term(Math.min(p.cast.width, 300), Math.min(p.cast.height, 200));
  p.i = 0; p.playing = true;
  document.getElementById('player-title').textContent = title || p.cast.title;
  var pp = document.getElementById('pp'); pp.disabled = false; pp.textContent = 'pause';
  var box = document.getElementById('markers'); box.innerHTML = '';
  p.cast.events.forEach(function (e, k) {
    if (e[1] !== 'm') return;
    var b = document.createElement('button');
    b.textContent = e[2];
    b.className = /^step \d+ passed/.test(e[2]) ? 'passed' : /^hint/.test(e[2]) ? 'hint' : /^prediction/.test(e[2]) ? 'predict' : '';
    b.onclick = function () { seek(k + 1); };
    box.appendChild(b);
  });
  render();
  p.timer = setTimeout(step, 0);
}
document.getElementById('pp').onclick = function () {
  var p = player;
  if (!p.cast) return;
  if (p.i >= p.cast.events.length) { p.playing = true; this.textContent = 'pause'; seek(0); return; }
  p.playing = !p.playing;
  this.textContent = p.playing ? 'pause' : 'play';
  if (p.playing && !p.timer) p.timer = setTimeout(step, 0);
};
Array.prototype.forEach.call(document.querySelectorAll('button.play'), function (b) {
  b.onclick = function () { open(b.getAttribute('data-cast'), b.getAttribute('data-title')); document.getElementById('player').scrollIntoView(); };
});

// a recording that is not embedded (too large, or another one): read from
// a file the teacher picks, never fetched
document.getElementById('open-file').onchange = function () {
  var f = this.files && this.files[0];
  if (!f) return;
  var reader = new FileReader();
  reader.onload = function () {
    var id = ':' + f.name;
    opened[id] = String(reader.result);
    try { open(id, f.name); } catch (e) { document.getElementById('player-title').textContent = f.name + ': ' + e.message; }
  };
  reader.readAsText(f);
};

// ---- #selftest: play the first recording fast, say what was rendered ----
if (location.hash === '#selftest') {
  var out = document.getElementById('selftest');
  var first = document.querySelector('button.play');
  try {
    if (!first) throw new Error('no embedded recording');
    player.speedOverride = 1000; player.idle = 0.01;
    var expected = loadCast(first.getAttribute('data-cast'));
    var markers = expected.events.filter(function (e) { return e[1] === 'm'; }).length;
    player.onend = function () {
      var text = player.term.grid.map(function (r) { return r.map(function (c) { return c[0]; }).join('').replace(/ +$/, ''); }).join('\n');
      out.setAttribute('data-status', 'ok');
      out.setAttribute('data-frames', String(player.frames));
      out.setAttribute('data-events', String(player.i));
      out.setAttribute('data-markers', String(document.querySelectorAll('#markers button').length));
      out.setAttribute('data-expected-markers', String(markers));
      out.setAttribute('data-cells', String(document.querySelectorAll('table.class-table td.c').length));
      out.textContent = text; // read by the tests; the screen above shows it too
      document.title = 'selftest ok';
    };
    open(first.getAttribute('data-cast'), first.getAttribute('data-title'));
  } catch (e) {
    out.setAttribute('data-status', 'error');
    out.textContent = 'selftest error: ' + e.message;
    out.hidden = false;
  }
} else {
  var firstPlay = document.querySelector('button.play');
  if (firstPlay) { open(firstPlay.getAttribute('data-cast'), firstPlay.getAttribute('data-title')); player.playing = false; document.getElementById('pp').textContent = 'play'; }
}
</script>
</body>
</html>
]==]
