/*
 * PAR Ledger's read-only page: rankings, a unit's journey and history, and the audit trail, read from the public
 * GraphQL API only (the same answers and read rules as every other client). Plain DOM, no framework: every text from
 * the ledger goes in through textContent, never as markup.
 */
(function () {
  'use strict';
  const LEVELS = ['PROVINCE', 'MINISTRY', 'DEPARTMENT', 'DISTRICT', 'COMMUNE'];
  const AUTH_KEY = 'parledger.authorization';
  const LANG_KEY = 'parledger.language';
  const FIRST_YEAR = 2012;
  let lang = localStorage.getItem(LANG_KEY) || (navigator.language || 'vi').startsWith('en') && 'en' || 'vi';
  let chart = null;
  let rendering = 0;

  // ---- text ----------------------------------------------------------------------------------------------------
  function t(key, values) {
    const labels = window.PAR_LABELS[lang];
    let text = key.split('.').reduce((o, k) => (o == null ? o : o[k]), labels);
    if (text == null) text = key;
    Object.entries(values || {}).forEach(([k, v]) => { text = text.replace('{' + k + '}', v); });
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-label]').forEach(e => e.setAttribute('aria-label', t(e.dataset.i18nLabel)));
    const button = document.getElementById('language');
    button.textContent = t('otherLanguage');
    button.lang = lang === 'vi' ? 'en' : 'vi';
  }

  /** A decimal given as text (as the ledger sent it), rounded half up to two places as published: "87.42". */
  function twoPlaces(value) {
    if (value == null || value === '') return '';
    let [whole, fraction = ''] = String(value).split('.');
    const negative = whole.startsWith('-');
    if (negative) whole = whole.slice(1);
    fraction = (fraction + '000').slice(0, 3);
    let cents = BigInt(whole + fraction.slice(0, 2));
    if (Number(fraction[2]) >= 5) cents += 1n;
    const digits = cents.toString().padStart(3, '0');
    const text = digits.slice(0, -2) + '.' + digits.slice(-2);
    return (negative && cents !== 0n ? '-' : '') + text;
  }

  /** As people read numbers in the page's language: 87,42 in Vietnamese, 87.42 in English. */
  function shown(text) {
    return lang === 'vi' ? text.replace('.', ',') : text;
  }

  function decimal(value) {
    return shown(twoPlaces(value));
  }

  function signed(value) {
    const text = twoPlaces(value);
    return text === '' ? '' : (text.startsWith('-') ? '−' + shown(text.slice(1)) : '+' + shown(text));
  }

  // ---- GraphQL -------------------------------------------------------------------------------------------------
  class LedgerError extends Error {
    constructor(code, message, partial) {
      super(message);
      this.code = code;
      this.partial = partial;
    }
  }

  // A busy node turns a reader away for a moment and says when to come back: at the door (503, or 429 when one address
  // asks too much at once, with Retry-After), or in GraphQL's shape when a reader without credentials did not get a
  // turn to be answered (UNAVAILABLE with retryAfterSeconds). The page waits and asks again, twice at most in all,
  // rather than show an error. A longer wait (too many wrong passwords) is shown as it is.
  const comesBackSoon = seconds => seconds > 0 && seconds <= 5;
  const waitSeconds = seconds => new Promise(resolve => setTimeout(resolve, seconds * 1000));

  async function graphql(query, variables, authorization) {
    const headers = { Accept: 'application/json' };
    const auth = authorization === undefined ? sessionStorage.getItem(AUTH_KEY) : authorization;
    if (auth) headers.Authorization = auth;
    // Queries go as GET, so that the browser keeps each anonymous answer with its ETag and asks again with If-None-Match:
    // an unchanged ranking comes back 304, without its body (a signed-in person's answers are kept by no cache). A document too long for a URL goes as POST (the server takes
    // 8 KB of request line and headers together, a bearer token among them; the page's fixed documents take at most
    // 1.2 KB encoded, a unit's history over many years more).
    const url = 'graphql?' + new URLSearchParams(variables ? { query, variables: JSON.stringify(variables) } : { query });
    for (let attempt = 0; ; attempt++) {
      const mayWait = attempt < 2;
      const response = url.length <= 4000 ? await fetch(url, { headers })
        : await fetch('graphql', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ query, variables }) });
      const retryAfter = Number(response.headers.get('Retry-After'));
      if ((response.status === 503 || response.status === 429) && mayWait && comesBackSoon(retryAfter)) {
        await waitSeconds(retryAfter);
        continue;
      }
      if (response.status === 401) throw new LedgerError('UNAUTHENTICATED', t('wrongCredentials'));
      // Fractions are kept as the ledger wrote them (text), so that rounding is exact: 87.425 rounds to 87.43.
      const body = JSON.parse(await response.text(), (key, value, context) =>
        typeof value === 'number' && !Number.isInteger(value) && context && context.source ? context.source : value);
      if (body.errors && body.errors.length && !body.data) {
        const e = body.errors[0];
        const code = (e.extensions && e.extensions.code) || 'ERROR';
        const seconds = e.extensions && Number(e.extensions.retryAfterSeconds);
        if (code === 'UNAVAILABLE' && mayWait && comesBackSoon(seconds)) {
          await waitSeconds(seconds);
          continue;
        }
        throw new LedgerError(code, e.message);
      }
      // Refused before GraphQL ran (too many wrong passwords from this address, a full server): the HTTP refusal's shape.
      if (!body.errors && !body.data && body.code) throw new LedgerError(body.code, body.message);
      return body;
    }
  }

  /** The data of an answer; the first error is raised unless the caller accepts partial answers. */
  async function data(query, variables, partial) {
    const body = await graphql(query, variables);
    if (body.errors && body.errors.length && !partial) {
      const e = body.errors[0];
      throw new LedgerError((e.extensions && e.extensions.code) || 'ERROR', e.message);
    }
    return body.data;
  }

  // ---- DOM -----------------------------------------------------------------------------------------------------
  function el(tag, attributes, ...children) {
    const e = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => {
      if (v == null || v === false) return;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach(c => { if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c))); });
    return e;
  }

  function status(text, error) {
    const s = document.getElementById('status');
    s.textContent = text || '';
    s.classList.toggle('error', !!error);
  }

  function fail(error) {
    status(t('error', { code: error.code || 'ERROR', message: error.message }), true);
  }

  function table(caption, head, rows, label) {
    return el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label || caption },
      el('table', {}, caption ? el('caption', {}, caption) : null,
        el('thead', {}, el('tr', {}, head.map(h => el('th', { scope: 'col', class: h.num ? 'num' : null, title: h.title }, h.text || h)))),
        el('tbody', {}, rows)));
  }

  function field(label, control) {
    return el('label', {}, label, control);
  }

  function select(name, options, value) {
    return el('select', { name }, options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
  }

  function route() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query] = hash.split('?');
    return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
  }

  function go(path, params) {
    const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v != null && v !== '')).toString();
    location.hash = '#/' + path + (query ? '?' + query : '');
  }

  function download(name, content, base64, type) {
    const bytes = base64 ? Uint8Array.from(atob(content), c => c.charCodeAt(0)) : new TextEncoder().encode(content);
    saveBlob(new Blob([bytes], { type }), name);
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function downloads(name, fetchContent) {
    const button = (format, type) => el('button', { type: 'button', onclick: async () => {
      try {
        download(name + (format === 'CSV' ? '.csv' : '.xlsx'), await fetchContent(format), format === 'XLSX', type);
      } catch (e) { fail(e); }
    } }, t('download') + ' ' + t(format.toLowerCase()));
    return el('p', { class: 'downloads' }, button('CSV', 'text/csv;charset=utf-8'), ' ',
      button('XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
  }

  // ---- rankings ------------------------------------------------------------------------------------------------
  const RANKING = `query($year: Int!, $level: Level!, $stage: ScoreStage, $within: ID, $region: String, $filtered: Boolean!) {
    all: rankings(year: $year, level: $level, stage: $stage, within: $within) {
      entries @skip(if: $filtered) { ...entry }
      regions: entries @include(if: $filtered) { region } }
    only: rankings(year: $year, level: $level, stage: $stage, within: $within, region: $region) @include(if: $filtered) {
      entries { ...entry } } }
    fragment entry on RankingEntry { rank regionRank unitCode unitName region index points classification stale
      published { decision }
      fields { code title rank index } change { previousYear rankChange indexChange basis previousWithin } }`;

  async function rankings(params) {
    const level = LEVELS.includes(params.get('level')) ? params.get('level') : 'PROVINCE';
    const within = params.get('within') || null;
    const stage = ['FINAL', 'APPRAISED', 'SELF_ASSESSED'].includes(params.get('stage')) ? params.get('stage') : 'FINAL';
    const region = params.get('region') || null;
    const rounds = (await data(`query($level: Level, $within: ID) { publishedRounds(level: $level, within: $within) {
      year decision decidedOn units } }`, { level, within })).publishedRounds;
    const years = [...new Set(rounds.map(r => r.year))];
    let year = Number(params.get('year')) || years[0] || new Date().getFullYear() - 1;
    const answer = await data(RANKING, { year, level, stage, within, region, filtered: !!region });
    const entries = region ? answer.only.entries : answer.all.entries;
    const regions = [...new Set((region ? answer.all.regions : entries).map(e => e.region).filter(Boolean))].sort();
    const round = rounds.find(r => r.year === year);

    const form = el('form', { class: 'filters', role: 'search', onsubmit: e => {
      e.preventDefault();
      const f = new FormData(e.target);
      go('rankings', { year: f.get('year'), level: f.get('level'), stage: f.get('stage'), within: f.get('within').trim(), region: f.get('region') });
    } },
      field(t('year'), el('input', { name: 'year', type: 'number', min: 2000, max: 2100, value: year, list: 'published-years', inputmode: 'numeric' })),
      el('datalist', { id: 'published-years' }, years.map(y => el('option', { value: y }))),
      field(t('level'), select('level', LEVELS.map(l => [l, t('levels.' + l)]), level)),
      field(t('stage'), select('stage', ['FINAL', 'APPRAISED', 'SELF_ASSESSED'].map(s => [s, t('rankingStages.' + s)]), stage)),
      field(t('within'), el('input', { name: 'within', value: within || '', size: 6, maxlength: 64 })),
      field(t('region'), select('region', [['', t('allRegions')], ...regions.map(r => [r, r])], region || '')),
      el('button', { type: 'submit' }, t('show')));

    const fieldCodes = [];
    entries.forEach(e => e.fields.forEach(f => { if (!fieldCodes.some(c => c.code === f.code)) fieldCodes.push(f); }));
    const head = [{ text: t('rank'), num: true }];
    if (region) head.push({ text: t('regionRank'), num: true });
    head.push(t('unit'), { text: t('index'), num: true }, t('band'));
    fieldCodes.forEach(f => head.push({ text: t('field', { code: f.code }), num: true, title: f.title }));
    head.push(t('change'));
    const rows = entries.map(e => {
      const cells = [el('td', { class: 'num' }, e.rank)];
      if (region) cells.push(el('td', { class: 'num' }, e.regionRank));
      cells.push(el('th', { scope: 'row' }, el('a', { href: '#/unit/' + encodeURIComponent(e.unitCode) + '/' + year }, e.unitName)),
        el('td', { class: 'num', 'data-value': twoPlaces(e.index) }, decimal(e.index)),
        el('td', {}, e.classification ? el('span', { class: 'band' }, e.classification) : ''));
      fieldCodes.forEach(f => {
        const standing = e.fields.find(s => s.code === f.code);
        cells.push(el('td', { class: 'num', title: standing ? decimal(standing.index) + ' %' : null }, standing ? standing.rank : ''));
      });
      cells.push(el('td', { class: 'change' }, arrow(e.change)));
      return el('tr', { 'data-unit': e.unitCode }, cells);
    });
    const title = t('rankingTitle', { year, level: t('levels.' + level) }) + (within ? t('rankingWithin', { within }) : '');
    const caption = [round && stage === 'FINAL' ? t('published', { decision: round.decision }) : null,
      t('rankedUnits', { n: entries.length })].filter(Boolean).join(' · ');
    return [el('h1', {}, title), form,
      entries.length ? table(caption, head, rows, title) : el('p', {}, t('noEntries')),
      entries.length ? downloads('par-index-' + year + '-' + level.toLowerCase() + (within ? '-' + within : ''),
        async format => (await data(`query($year: Int!, $level: Level!, $stage: ScoreStage, $within: ID, $format: ExportFormat!) {
          rankingExport(year: $year, level: $level, stage: $stage, within: $within, format: $format) }`,
          { year, level, stage, within, format })).rankingExport) : null,
      rounds.length ? el('h2', {}, t('publishedRounds')) : null,
      rounds.length ? el('ul', { class: 'rounds' }, rounds.map(r => el('li', {},
        el('a', { href: '#/rankings?' + new URLSearchParams(Object.entries({ year: r.year, level, within: within || '' })
          .filter(([, v]) => v !== '')) }, String(r.year)), ' · ', r.decision, ' · ', t('rankedUnits', { n: r.units })))) : null];
  }

  function arrow(change) {
    if (!change) return '';
    const points = signed(change.indexChange);
    if (change.rankChange == null) {
      return el('span', { class: 'same' }, points + (change.basis === 'PREDECESSORS' ? ' (' + t('merged') + ')' : ''));
    }
    const n = Math.abs(change.rankChange);
    const [symbol, css, label] = change.rankChange > 0 ? ['▲', 'up', t('up', { n })]
      : change.rankChange < 0 ? ['▼', 'down', t('down', { n })] : ['▬', 'same', t('same')];
    return el('span', { class: css }, el('span', { 'aria-hidden': 'true' }, symbol + ' '), label, ' · ', points);
  }

  /** A button per evidence file: fetched with the reader's credentials (a plain link would go without them). */
  function fileButtons(files) {
    if (!files || !files.length) return null;
    return el('span', { class: 'files' }, files.map(f => el('button', { type: 'button', class: 'file', onclick: async () => {
      try {
        const headers = {};
        const auth = sessionStorage.getItem(AUTH_KEY);
        if (auth) headers.Authorization = auth;
        const response = await fetch(f.url.replace(/^\//, ''), { headers });
        if (!response.ok) {
          const refusal = await response.json().catch(() => ({}));
          throw new LedgerError(refusal.code || String(response.status), refusal.message || response.statusText);
        }
        saveBlob(await response.blob(), f.name);
      } catch (e) { fail(e); }
    } }, '📎 ', f.name)));
  }

  // ---- a unit: journey and history -----------------------------------------------------------------------------
  const JOURNEY = `query($unit: ID!, $year: Int!) {
    unit(code: $unit) { code name level predecessors { code name effectiveOn decision } }
    journey(unit: $unit, year: $year) { steps { stage at provisional points attainableMaximum index pointsChange indexChange
      changes { kind criterion from to reason at actor { userId role } files { name url } } } } }`;

  async function unitView(code, year) {
    const answer = await data(JOURNEY, { unit: code, year });
    const unit = answer.unit;
    const name = unit ? unit.name : code;
    const parts = [el('h1', {}, t('journeyTitle', { unit: name, year })),
      el('form', { class: 'filters', onsubmit: e => {
        e.preventDefault();
        go('unit/' + encodeURIComponent(code) + '/' + new FormData(e.target).get('year'));
      } }, field(t('year'), el('input', { name: 'year', type: 'number', min: 2000, max: 2100, value: year, inputmode: 'numeric' })),
        el('button', { type: 'submit' }, t('show')))];
    const journey = answer.journey;
    if (!journey) {
      parts.push(el('p', {}, t('noJourney', { year })));
    } else {
      const steps = journey.steps;
      const label = t('chartLabel');
      const canvas = el('canvas', { id: 'journey-chart', role: 'img', 'aria-label': label + ': ' + steps.map(s =>
        t('stages.' + s.stage) + ' ' + decimal(s.points)).join(', ') });
      parts.push(el('div', { class: 'chart' }, canvas));
      parts.push(table(label, [t('station'), t('at'), { text: t('points'), num: true }, { text: t('maximum'), num: true },
        { text: t('index'), num: true }, { text: t('pointsChange'), num: true }, { text: t('indexChange'), num: true }],
        steps.map(s => el('tr', { 'data-stage': s.stage }, el('th', { scope: 'row' }, t('stages.' + s.stage),
          s.provisional ? el('span', { class: 'provisional' }, ' ' + t('provisional')) : null),
          el('td', {}, when(s.at)), el('td', { class: 'num', 'data-value': twoPlaces(s.points) }, decimal(s.points)),
          el('td', { class: 'num' }, decimal(s.attainableMaximum)), el('td', { class: 'num' }, decimal(s.index)),
          el('td', { class: 'num' }, signed(s.pointsChange)), el('td', { class: 'num' }, signed(s.indexChange))))));
      const changes = steps.flatMap(s => s.changes.map(c => el('tr', {}, el('td', {}, t('stages.' + s.stage)),
        el('td', {}, c.criterion || ''), el('td', {}, c.kind), el('td', { class: 'num' }, c.from == null ? '' : decimal(c.from)),
        el('td', { class: 'num' }, decimal(c.to)), el('td', {}, c.actor ? c.actor.userId + ' (' + c.actor.role + ')' : ''),
        el('td', {}, c.reason || '', fileButtons(c.files)), el('td', {}, when(c.at)))));
      parts.push(el('h2', {}, t('changes')));
      parts.push(table(null, [t('station'), t('leaf'), t('what'), { text: t('from'), num: true }, { text: t('to'), num: true },
        t('by'), t('reason'), t('at')], changes, t('changes')));
      parts.push(downloads('journey-' + code + '-' + year, async format => (await data(
        'query($unit: ID!, $year: Int!, $format: ExportFormat!) { journeyExport(unit: $unit, year: $year, format: $format) }',
        { unit: code, year, format })).journeyExport));
      requestAnimationFrame(() => drawJourney(canvas, steps));
    }
    parts.push(el('h2', {}, t('history')), el('p', { class: 'muted' }, t('historyNote')));
    if (unit && unit.predecessors.length) {
      parts.push(table(t('predecessors'), [t('unit'), t('effectiveOn'), t('decision')], unit.predecessors.map(p =>
        el('tr', {}, el('th', { scope: 'row' }, el('a', { href: '#/unit/' + encodeURIComponent(p.code) + '/' + year }, p.name)),
          el('td', {}, p.effectiveOn || ''), el('td', {}, p.decision || '')))));
    }
    parts.push(await history(unit ? [unit.code, ...unit.predecessors.map(p => p.code)] : [code], year));
    return parts;
  }

  /** The published results of the unit and its predecessors, year by year: one request, an alias per unit-year. */
  async function history(codes, year) {
    const last = Math.max(new Date().getFullYear(), year);
    const variables = {};
    const fields = [];
    codes.slice(0, 6).forEach((code, u) => {
      variables['u' + u] = code;
      for (let y = FIRST_YEAR; y <= last; y++) {
        fields.push(`a${u}_${y}: assessment(unit: $u${u}, year: ${y}) { year unitCode unitName published { index rank rankedUnits decision } }`);
      }
    });
    const declared = Object.keys(variables).map(v => '$' + v + ': ID!').join(', ');
    const answer = await data('query(' + declared + ') { ' + fields.join(' ') + ' }', variables, true);
    const rows = Object.values(answer || {}).filter(a => a && a.published)
      .sort((a, b) => b.year - a.year || a.unitCode.localeCompare(b.unitCode))
      .map(a => el('tr', {}, el('td', {}, a.year),
        el('th', { scope: 'row' }, el('a', { href: '#/unit/' + encodeURIComponent(a.unitCode) + '/' + a.year }, a.unitName)),
        el('td', { class: 'num' }, decimal(a.published.index)), el('td', { class: 'num' }, a.published.rank + '/' + a.published.rankedUnits),
        el('td', {}, a.published.decision)));
    return rows.length ? table(t('history'), [t('year'), t('unit'), { text: t('index'), num: true }, { text: t('rank'), num: true },
      t('decision')], rows) : el('p', {}, t('noHistory'));
  }

  function when(instant) {
    return instant ? instant.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '';
  }

  function drawJourney(canvas, steps) {
    if (chart) chart.destroy();
    if (!window.Chart) return;
    const style = getComputedStyle(document.documentElement);
    chart = new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: steps.map(s => t('stages.' + s.stage) + (s.provisional ? ' *' : '')),
        datasets: [{
          label: t('points'), data: steps.map(s => Number(s.points)),
          backgroundColor: steps.map(s => s.provisional ? '#9cc3ea' : style.getPropertyValue('--accent').trim() || '#0b5cad')
        }, {
          type: 'line', label: t('maximum'), data: steps.map(s => Number(s.attainableMaximum)),
          borderColor: '#4a5360', borderDash: [6, 4], pointRadius: 0, fill: false
        }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  // ---- audit trail ---------------------------------------------------------------------------------------------
  const AUDIT = `query($unit: ID, $year: Int, $criterion: String, $actor: String, $from: DateTime, $to: DateTime, $after: String) {
    auditTrail(unit: $unit, year: $year, criterion: $criterion, actor: $actor, from: $from, to: $to, first: 100, after: $after) {
      edges { node { recordedAt kind unitCode year criterion oldValue newValue reason evidence actor { userId role scope } actorName
        files { name url } } }
      pageInfo { hasNextPage endCursor } } }`;

  async function auditView(params) {
    const filters = {};
    ['unit', 'year', 'criterion', 'actor', 'from', 'to'].forEach(k => { if (params.get(k)) filters[k] = params.get(k); });
    const form = el('form', { class: 'filters', role: 'search', onsubmit: e => {
      e.preventDefault();
      const f = new FormData(e.target);
      go('audit', Object.fromEntries(['unit', 'year', 'criterion', 'actor', 'from', 'to'].map(k => [k, String(f.get(k) || '').trim()])));
    } },
      field(t('unit'), el('input', { name: 'unit', value: filters.unit || '', size: 8, maxlength: 64 })),
      field(t('year'), el('input', { name: 'year', type: 'number', min: 2000, max: 2100, value: filters.year || '', inputmode: 'numeric' })),
      field(t('criterion'), el('input', { name: 'criterion', value: filters.criterion || '', size: 8, maxlength: 64 })),
      field(t('actor'), el('input', { name: 'actor', value: filters.actor || '', size: 12, maxlength: 200 })),
      field(t('fromTime'), el('input', { name: 'from', value: filters.from || '', placeholder: '2025-01-01T00:00:00Z', size: 20 })),
      field(t('toTime'), el('input', { name: 'to', value: filters.to || '', placeholder: '2026-01-01T00:00:00Z', size: 20 })),
      el('button', { type: 'submit' }, t('show')));
    const parts = [el('h1', {}, t('auditTitle')), form];
    if (!sessionStorage.getItem(AUTH_KEY)) {
      parts.push(el('p', {}, t('signInForAudit')));
      return parts;
    }
    const tbody = el('tbody');
    const more = el('button', { type: 'button', hidden: true }, t('more'));
    const variables = { ...filters, year: filters.year ? Number(filters.year) : null, after: null };
    async function page() {
      const answer = (await data(AUDIT, variables)).auditTrail;
      answer.edges.forEach(({ node: n }) => tbody.append(el('tr', {}, el('td', {}, when(n.recordedAt)), el('td', {}, n.kind),
        el('td', {}, n.unitCode || ''), el('td', {}, n.year == null ? '' : n.year), el('td', {}, n.criterion || ''),
        el('td', {}, n.oldValue || ''), el('td', {}, n.newValue || ''), el('td', {}, n.reason || ''), el('td', {}, n.evidence || '', fileButtons(n.files)),
        el('td', {}, n.actor ? n.actor.userId + ' (' + n.actor.role + (n.actor.scope ? ':' + n.actor.scope : '') + ')' : ''))));
      variables.after = answer.pageInfo.endCursor;
      more.hidden = !answer.pageInfo.hasNextPage;
      return answer.edges.length;
    }
    more.addEventListener('click', () => page().catch(fail));
    const count = await page();
    parts.push(count ? el('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': t('auditTitle') },
      el('table', {}, el('thead', {}, el('tr', {}, [t('recordedAt'), t('kind'), t('unit'), t('year'), t('criterion'),
        t('oldValue'), t('newValue'), t('reason'), t('evidence'), t('by')].map(h => el('th', { scope: 'col' }, h)))), tbody))
      : el('p', {}, t('noAudit')), more);
    return parts;
  }

  // ---- sign-in -------------------------------------------------------------------------------------------------
  function showSignedIn() {
    const auth = sessionStorage.getItem(AUTH_KEY);
    const who = sessionStorage.getItem(AUTH_KEY + '.user');
    document.getElementById('sign-in').hidden = !!auth;
    document.getElementById('signed-in').hidden = !auth;
    document.getElementById('who').textContent = auth ? t('signedInAs', { who }) : '';
  }

  async function signIn(event) {
    event.preventDefault();
    const user = document.getElementById('user').value.trim();
    const password = document.getElementById('password').value;
    // A built-in account signs in with its password (HTTP Basic); with the installation's identity provider, the user is
    // left empty and the token is pasted as the password (a bearer JWT).
    const bytes = new TextEncoder().encode(user + ':' + password);
    const authorization = user === '' ? 'Bearer ' + password.trim() : 'Basic ' + btoa(String.fromCharCode(...bytes));
    try {
      await graphql('{ publishedRounds(level: PROVINCE) { year } }', {}, authorization);
      sessionStorage.setItem(AUTH_KEY, authorization);
      sessionStorage.setItem(AUTH_KEY + '.user', user || t('token'));
      document.getElementById('password').value = '';
      showSignedIn();
      render();
    } catch (e) {
      fail(e);
    }
  }

  // ---- the views -----------------------------------------------------------------------------------------------
  async function render() {
    const mine = ++rendering;
    const { parts, params } = route();
    const view = document.getElementById('view');
    status(t('loading'));
    document.querySelectorAll('nav a').forEach(a => a.removeAttribute('aria-current'));
    const current = parts[0] === 'audit' ? 'a[href="#/audit"]' : parts[0] === 'unit' ? null : 'a[href="#/"]';
    if (current) document.querySelector('nav ' + current).setAttribute('aria-current', 'page');
    try {
      let content;
      if (parts[0] === 'unit' && parts[1]) content = await unitView(parts[1], Number(parts[2]) || new Date().getFullYear() - 1);
      else if (parts[0] === 'audit') content = await auditView(params);
      else content = await rankings(params);
      if (mine !== rendering) return;
      if (chart && !content.some(c => c && c.querySelector && c.querySelector('canvas'))) { chart.destroy(); chart = null; }
      view.replaceChildren(...content.filter(Boolean));
      document.title = (view.querySelector('h1') || {}).textContent + ' · PAR Ledger';
      status(t('loaded'));
    } catch (e) {
      if (mine !== rendering) return;
      view.replaceChildren();
      fail(e);
    }
    // Which view is shown, and how many renders there were: what the page's tests wait for (and time).
    performance.mark('parledger-ready');
    view.dataset.ready = location.hash || '#/';
    view.dataset.renders = String(mine);
  }

  document.addEventListener('DOMContentLoaded', () => {
    applyLanguage();
    showSignedIn();
    document.getElementById('language').addEventListener('click', () => {
      lang = lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem(LANG_KEY, lang);
      applyLanguage();
      showSignedIn();
      render();
    });
    document.getElementById('sign-in').addEventListener('submit', signIn);
    document.getElementById('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(AUTH_KEY);
      sessionStorage.removeItem(AUTH_KEY + '.user');
      showSignedIn();
      render();
    });
    window.addEventListener('hashchange', () => {
      render().then(() => document.getElementById('main').focus({ preventScroll: true }));
    });
    render();
  });
})();
