// SPDX-License-Identifier: ISC
// shelltrail's HTML report: draws the rows of the data block.  Every
// value from the logs reaches the page through textContent, never as
// markup, and the page's policy runs no script but this one.
'use strict';
(function () {
  var ROWS = JSON.parse(document.getElementById('st-data').textContent);
  var CUT = 400;        // characters of a cell shown before "show all"
  var PAGE = 500;       // timeline rows drawn at a time
  var OPEN = 2000;      // rows drawn in open stories, the rest on demand
  var LANES = 30;       // clients with a lane of their own in the chart
  var SEV = ['informational', 'low', 'medium', 'high', 'critical'];
  var FILTERS = [['host', 'host'], ['client_ip', 'client'],
    ['script', 'script'], ['severity', 'severity'], ['tool', 'tool']];
  var state = { text: '' };
  var app = document.getElementById('st-app');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function bytes(s) { return new TextEncoder().encode(s).length; }
  function rank(s) { return SEV.indexOf(s); }
  function isExec(r) { return /^Process Execution/.test(r.timestamp_desc || ''); }

  // A long cell cut, with its size and a button that shows it whole.
  function cell(cls, s) {
    var e = el('span', cls), shown, b, n = CUT;
    s = s || '';
    if (s.length <= CUT) { e.textContent = s; return e; }
    if (/[\ud800-\udbff]/.test(s.charAt(n - 1))) n--;
    shown = add(e, el('span', null, s.slice(0, n) + '\u2026 '));
    b = add(e, el('button', 'st-more', 'show all ' +
      bytes(s).toLocaleString('en') + ' bytes'));
    b.type = 'button';
    b.addEventListener('click', function () { shown.textContent = s; b.remove(); });
    return e;
  }
  function badge(cls, text) { return el('span', 'st-badge ' + cls, text); }
  function severity(r) { return badge('sev-' + r.severity, r.severity); }
  function time(ms) { return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z'; }
  function ms(r) { return r.timestamp / 1000; }

  function distinct(rows, key) {
    var seen = new Map();
    rows.forEach(function (r) { if (r[key] !== undefined) seen.set(String(r[key]), 1); });
    return Array.from(seen.keys()).sort();
  }
  function groupBy(rows, keyOf) {
    var m = new Map();
    rows.forEach(function (r) {
      var k = keyOf(r);
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(r);
    });
    return m;
  }

  // A row passes when it meets every filter; severity is "at least".
  function passes(r) {
    var i, k;
    for (i = 0; i < FILTERS.length; i++) {
      k = FILTERS[i][0];
      if (!state[k]) continue;
      if (k === 'severity' ? rank(r.severity) < rank(state[k]) : String(r[k]) !== state[k])
        return false;
    }
    return !state.text || [r.argv, r.uri, r.message, r.target].join('\n')
      .toLowerCase().indexOf(state.text) >= 0;
  }
  // A request or tree is shown whole when any of its rows passes, so
  // that a filter never tears a process from its parent.
  function shownRows() {
    var keep = new Map();
    ROWS.forEach(function (r) { if (passes(r)) keep.set(r.group, 1); });
    return ROWS.filter(function (r) { return keep.has(r.group); });
  }

  function filters() {
    var bar = el('div', 'st-filters'), lab, sel, inp;
    FILTERS.forEach(function (f) {
      var values = f[0] === 'severity' ? SEV.slice().reverse()
        .filter(function (s) { return distinct(ROWS, 'severity').indexOf(s) >= 0; })
        : distinct(ROWS, f[0]);
      lab = add(bar, el('label', null, f[1] + ' '));
      sel = add(lab, el('select'));
      sel.name = f[0];
      add(sel, el('option', null, 'all')).value = '';
      values.forEach(function (v) {
        add(sel, el('option', null, f[0] === 'severity' && v !== 'critical'
          ? v + ' or worse' : v)).value = v;
      });
      sel.value = state[f[0]] || '';
      sel.addEventListener('change', function (ev) { state[f[0]] = ev.target.value; draw(); });
    });
    lab = add(bar, el('label', null, 'text '));
    inp = add(lab, el('input'));
    inp.type = 'search';
    inp.name = 'text';
    inp.value = state.text;
    inp.addEventListener('input', function (ev) { state.text = ev.target.value.toLowerCase(); draw(); });
    return bar;
  }

  function summary(rows) {
    var p = el('p', 'st-summary'), execs = rows.filter(isExec);
    [[distinct(rows, 'host').length, 'hosts'],
     [distinct(rows, 'client_ip').length, 'clients'],
     [execs.length, 'execs'],
     [execs.filter(function (r) { return r.confidence === 'high'; }).length, 'tied with high confidence'],
     [distinct(rows, 'session').length, 'sessions'],
     [rows.filter(function (r) { return r.note; }).length, 'notes about the logs']]
      .forEach(function (x) { add(p, el('span', null, x[0] + ' ' + x[1])); });
    return p;
  }

  // The chart: one lane per client, its requests as bars and the execs
  // tied to it as dots, over the time the shown rows span.
  function chart(rows) {
    var NS = 'http://www.w3.org/2000/svg', W = 1000, L = 170, LH = 22, TOP = 10;
    var lanes = new Map(), count = new Map(), reqs = new Map(), t0 = Infinity, t1 = -Infinity;
    var svg, i, h, x, y, clients;
    function svgEl(tag, attrs, title) {
      var e = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (title) add(e, document.createElementNS(NS, 'title')).textContent = title;
      return e;
    }
    function who(r) { return r.client_ip || 'no client tied'; }
    rows.forEach(function (r) {
      if (r.note || r.timestamp === undefined) return;
      count.set(who(r), (count.get(who(r)) || 0) + 1);
      t0 = Math.min(t0, ms(r)); t1 = Math.max(t1, ms(r));
      if (r.method && r.web_source && r.request_datetime) {
        reqs.set(r.web_source, r);
        t0 = Math.min(t0, Date.parse(r.request_datetime));
      }
    });
    clients = Array.from(count.keys()).sort(function (a, b) { return count.get(b) - count.get(a); });
    clients.forEach(function (c, k) { lanes.set(c, Math.min(k, LANES)); });
    if (!clients.length) return el('p', 'st-muted', 'Nothing to chart.');
    if (t1 <= t0) t1 = t0 + 1000;
    h = TOP + LH * Math.min(clients.length, LANES + 1) + 30;
    svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + h, class: 'st-chart', role: 'img' });
    add(svg, document.createElementNS(NS, 'title')).textContent = 'Requests and execs per client over time';
    x = function (t) { return (L + (W - L - 10) * (t - t0) / (t1 - t0)).toFixed(1); };
    y = function (c) { return TOP + LH * lanes.get(c); };
    for (i = 0; i < Math.min(clients.length, LANES + 1); i++) {
      add(svg, svgEl('line', { x1: L, x2: W - 10, y1: TOP + LH * i + LH / 2, y2: TOP + LH * i + LH / 2, class: 'st-lane' }));
      add(svg, svgEl('text', { x: 4, y: TOP + LH * i + LH / 2 + 4 })).textContent =
        i < LANES ? clients[i].slice(0, 26) : (clients.length - LANES) + ' other clients';
    }
    for (i = 0; i <= 4; i++)
      add(svg, svgEl('text', { x: x(t0 + (t1 - t0) * i / 4), y: h - 8, 'text-anchor': i ? (i === 4 ? 'end' : 'middle') : 'start' }))
        .textContent = time(t0 + (t1 - t0) * i / 4);
    reqs.forEach(function (r) {
      add(svg, svgEl('rect', { x: x(Date.parse(r.request_datetime)), y: y(who(r)) + 3, width: 3, height: LH - 6, class: 'st-req' },
        r.request_datetime + ' ' + r.method + ' ' + (r.uri || '').slice(0, 200)));
    });
    rows.forEach(function (r) {
      if (!isExec(r)) return;
      add(svg, svgEl('circle', { cx: x(ms(r)), cy: y(who(r)) + LH / 2, r: 3.5, class: 'st-exec sev-' + (r.severity || 'none') },
        r.datetime + ' ' + (r.argv || '').slice(0, 200)));
    });
    return svg;
  }

  function node(r) {
    var li = el('li', 'st-node');
    add(li, cell('st-cmd', r.argv || r.comm || r.exe));
    if (r.severity) add(li, severity(r));
    (r.tags || '').split(',').filter(Boolean).forEach(function (t) { add(li, badge('st-tag', t)); });
    if (r.sigma_title) add(li, badge('sev-' + (r.sigma_level || 'low'), 'Sigma: ' + r.sigma_title));
    if (r.running) add(li, badge('st-running', 'still running: ' + r.running));
    add(li, el('div', 'st-pid', 'pid ' + r.pid + ' · ' + (r.user || r.uid) + ' · ' +
      (r.exe || '?') + ' · ' + r.datetime + (r.success === 'no' ? ' · failed' : '')));
    return li;
  }
  function activity(r) {
    var li = el('li', 'st-activity');
    add(li, el('span', null, r.timestamp_desc + ' '));
    add(li, cell('st-cmd', r.target || r.message));
    add(li, el('span', 'st-muted', ' ' + r.datetime));
    return li;
  }
  // The processes of one request or tree, each under its parent; an
  // exec in place (the same pid) under what it replaced.
  function tree(rows) {
    var ul = el('ul', 'st-tree'), byPid = new Map();
    function under(p) {
      if (!p) return ul;
      if (!p.kids) p.kids = add(p.li, el('ul'));
      return p.kids;
    }
    rows.filter(isExec).forEach(function (r) {
      var li = node(r);
      add(under(byPid.get(r.pid) || byPid.get(r.ppid)), li);
      byPid.set(r.pid, { li: li });
    });
    rows.filter(function (r) { return !isExec(r) && !r.note; }).forEach(function (r) {
      add(under(byPid.get(r.pid)), activity(r));
    });
    return ul;
  }
  // seen: what the story's earlier requests said, not said again.
  function request(rows, seen) {
    var div = el('div', 'st-request'), r = rows.find(function (x) { return x.method; }) || rows[0];
    var line = add(div, el('div', 'st-reqline'));
    var op = rows.find(function (x) { return x.operator_command; });
    if (r.method) {
      add(line, el('span', null, '[' + (r.match || '') + ', ' + (r.confidence || '') + '] ' +
        (r.client_ip || 'no client named') + ' ' + r.method + ' '));
      add(line, cell('st-cmd', r.uri));
      add(line, el('span', null, ' \u2192 ' + (r.status || '?') + ' at ' + r.request_datetime));
    } else {
      div.classList.add('st-untied');
      add(line, el('span', null, r.match === 'ambiguous'
        ? 'The evidence cannot decide which request ran this: no client is named.'
        : 'No request tied.'));
    }
    if (r.match_reason) add(div, el('div', 'st-reason', r.match_reason));
    ['script', 'user_agent'].forEach(function (k) {
      if (r[k] && seen[k] !== r[k])
        add(div, el('div', 'st-muted', k.replace('_', ' ') + ' ' + r[k]));
      seen[k] = r[k];
    });
    if (op) {
      add(div, el('div', 'st-operator', r.match === 'hunt' ? 'the request carried: '
        : 'operator ran: ')).appendChild(cell('st-cmd', op.operator_command));
      if (op.operator_cwd) add(div, el('div', 'st-muted', 'in ' + op.operator_cwd));
    }
    add(div, tree(rows));
    return div;
  }

  function storyTitle(key, rows) {
    var r = rows[0], execs = rows.filter(isExec), worst = '';
    var reqs = distinct(rows, 'web_source').length, tool = distinct(rows, 'tool');
    rows.forEach(function (x) { if (rank(x.severity) > rank(worst)) worst = x.severity; });
    if (key.charAt(0) === 'h')
      return 'From the access logs alone: ' + r.client_ip + ' to ' + r.script + ' · ' +
        rows.length + ' suspect request' + (rows.length === 1 ? '' : 's') +
        ' · ' + rows[0].datetime + ' to ' + rows[rows.length - 1].datetime +
        ' · ' + (rows.some(function (x) { return x.confidence === 'high'; }) ? 'high' : 'medium');
    return (key.charAt(0) === 's' ? 'Session ' + r.session + ' · ' + (r.client_ip || 'no client')
      : 'Web-originated tree, ' + (r.client_ip ? 'client ' + r.client_ip : 'no client named')) +
      (tool.length ? ' · tool ' + tool.join(', ') : '') + ' · ' + execs.length + ' exec' +
      (execs.length === 1 ? '' : 's') + ', ' + reqs + ' request' + (reqs === 1 ? '' : 's') +
      ' · ' + (rows[0].datetime || '') + ' to ' + (rows[rows.length - 1].datetime || '') +
      (worst ? ' · worst ' + worst : '');
  }
  function story(key, rows, open) {
    var d = el('details', 'st-story'), built = false, seen = {};
    add(d, el('summary', null, storyTitle(key, rows)));
    function build() {
      if (built) return;
      built = true;
      groupBy(rows, function (r) { return r.web_source || 'g' + r.group; })
        .forEach(function (rs) { add(d, request(rs, seen)); });
    }
    d.addEventListener('toggle', function () { if (d.open) build(); });
    if (open) { d.open = true; build(); }
    return d;
  }
  function hosts(rows) {
    var div = el('section', 'st-hosts'), opened = 0;
    groupBy(rows, function (r) { return r.host || ''; }).forEach(function (hr, host) {
      var notes = hr.filter(function (r) { return r.note; });
      add(div, el('h2', null, 'Host ' + (host || '(unnamed)')));
      groupBy(hr.filter(function (r) { return !r.note && r.web; }), function (r) {
        // A hunt's requests (no audit log): one story per client and script.
        if (r.match === 'hunt') return 'h' + r.client_ip + '\n' + r.script;
        return r.session !== undefined ? 's' + r.session : 'g' + r.group;
      }).forEach(function (sr, key) {
        add(div, story(key, sr, opened + sr.length <= OPEN));
        opened += sr.length;
      });
      if (notes.length) {
        add(div, el('h3', null, 'About the logs'));
        var ul = add(div, el('ul'));
        notes.forEach(function (r) { add(ul, el('li', 'st-cell', r.timestamp_desc + ': ' + r.message)); });
      }
    });
    return div;
  }

  function timeline(rows) {
    var t = el('table', 'st-timeline'), head = add(add(t, el('thead')), el('tr'));
    var body = add(t, el('tbody')), wrap = el('section'), shown = 0, more;
    var many = distinct(rows, 'host').length > 1;
    var cols = ['time', 'host', 'what', 'client', 'tie', 'command or target', 'user', 'severity', 'tags'];
    cols.forEach(function (c) { if (many || c !== 'host') add(head, el('th', null, c)); });
    function page() {
      rows.slice(shown, shown + PAGE).forEach(function (r) {
        var tr = add(body, el('tr', 'st-row'));
        [r.datetime, many ? r.host : null, r.timestamp_desc, r.client_ip,
         r.match ? r.match + ', ' + r.confidence : '',
         r.argv || r.target || r.message, r.user, r.severity, r.tags]
          .forEach(function (v, i) {
            if (i === 1 && !many) return;
            add(tr, el('td', i === 5 ? 'st-wide' : 'st-nw')).appendChild(cell('st-cell', v));
          });
      });
      shown = Math.min(rows.length, shown + PAGE);
      more.hidden = shown >= rows.length;
      more.textContent = 'show ' + Math.min(PAGE, rows.length - shown) + ' more of ' + (rows.length - shown);
    }
    add(wrap, el('h2', null, 'Timeline'));
    add(wrap, t);
    more = add(wrap, el('button', 'st-more'));
    more.type = 'button';
    more.addEventListener('click', page);
    page();
    return wrap;
  }

  // The filters live in the address's fragment too (#severity=high&
  // client=...), so that a link or a bookmark shows the same view.
  function fromHash() {
    var q = new URLSearchParams(location.hash.slice(1));
    FILTERS.forEach(function (f) { if (q.get(f[1])) state[f[0]] = q.get(f[1]); });
    state.text = (q.get('text') || '').toLowerCase();
  }
  function toHash() {
    var q = new URLSearchParams();
    FILTERS.concat([['text', 'text']]).forEach(function (f) { if (state[f[0]]) q.set(f[1], state[f[0]]); });
    history.replaceState(null, '', q.toString() ? '#' + q.toString() : location.pathname);
  }

  var body = el('div');
  function draw() {
    var rows = shownRows();
    toHash();
    body.textContent = '';
    add(body, summary(rows));
    add(body, el('h2', null, 'Requests and execs per client'));
    add(add(body, el('p', 'st-legend')), el('span', 'st-key-req', '\u258e request')).after(
      el('span', 'st-key-exec', '\u25cf exec (coloured by severity)'));
    add(body, chart(rows));
    add(body, hosts(rows));
    add(body, timeline(rows.filter(passes)));
    document.body.setAttribute('data-shown', rows.length);
  }
  try {
    fromHash();
    add(app, filters());
    add(app, body);
    draw();
    document.body.setAttribute('data-rendered', ROWS.length);
  } catch (e) {
    add(app, el('p', 'st-error', 'The report could not be drawn: ' + e));
    document.body.setAttribute('data-error', String(e));
  }
})();
