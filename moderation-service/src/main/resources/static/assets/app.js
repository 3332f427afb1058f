// Sherpa moderation dashboard. Plain JavaScript, no build step, no other hosts.
// Comment text is untrusted: it only ever reaches the page as text nodes (textContent), never as HTML.
'use strict';

(function () {
  const REASONS = {
    DUPLICATE: 'Same text as an earlier comment by this author',
    NEAR_DUPLICATE: 'Same or nearly the same text as other authors\u2019 comments (a campaign)',
    LINK: 'Contains links',
    URL_SHORTENER: 'Uses a link shortener that hides where it leads',
    CONTACT_INFO: 'Contains contact details (e-mail address or phone number)',
    SELF_PROMOTION: 'Promotes the author\u2019s own site or business',
    SPAM_MODEL: 'Reads like spam to the model',
    TOXICITY: 'May be abusive',
    BANNED_WORD: 'Uses a word this site bans',
    SUSPECT_WORD: 'Uses a word this site watches',
    NEWCOMER: 'The author\u2019s first comment on this site',
    FLOOD: 'The author posted many comments in a short time',
    PREMODERATION: 'This site reviews such comments before publishing them',
    SIGNAL_ERROR: 'A check failed, so the comment was held to be safe'
  };
  const SCORE_NAMES = {
    spam: 'spam', selfPromotion: 'self-promotion', duplicate: 'duplicate',
    toxicity: 'toxicity', contactInfo: 'contact info'
  };

  const state = {
    me: null,
    csrf: null,
    items: new Map(),       // id -> item
    nextCursor: null,
    current: null,          // id of the focused card
    selected: new Set(),
    source: null,
    reconnectDelay: 1000,
    hadError: false,
    auditCursor: null
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---- HTTP ----

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers[state.csrf.headerName] = state.csrf.token;
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 401) {
      window.location.assign('/login');
      throw new Error('Signed out');
    }
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
      let message = (data && (data.detail || data.title)) || ('HTTP ' + response.status);
      if (data && Array.isArray(data.errors) && data.errors.length) {
        message += ': ' + data.errors.map((e) => e.field + ' ' + e.message).join('; ');
      }
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function toast(message, bad) {
    const t = $('toast');
    t.textContent = message;
    t.className = bad ? 'toast bad' : 'toast';
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.textContent = ''; }, 6000);
  }

  // ---- formatting ----

  function waited(seconds) {
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
    return Math.floor(seconds / 86400) + ' d ' + Math.floor((seconds % 86400) / 3600) + ' h';
  }

  function since(iso) {
    return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  /** The text as text nodes, each reason's span wrapped in a <mark> numbered like the reasons list. */
  function highlighted(text, reasons) {
    const spans = [];
    reasons.forEach((r, i) => {
      if (r.start !== null && r.start !== undefined && r.end > r.start && r.start < text.length) {
        spans.push({ start: r.start, end: Math.min(r.end, text.length), n: i + 1, code: r.code });
      }
    });
    const cuts = new Set([0, text.length]);
    spans.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
    const points = Array.from(cuts).sort((a, b) => a - b);
    const p = el('p', { class: 'text' });
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i];
      const to = points[i + 1];
      const piece = text.substring(from, to);
      const covering = spans.filter((s) => s.start <= from && s.end >= to);
      if (covering.length === 0) {
        p.append(document.createTextNode(piece));
      } else {
        const mark = el('mark', {
          class: 'reason-' + covering[0].code.toLowerCase(),
          title: covering.map((s) => REASONS[s.code] || s.code).join('; '),
          'data-code': covering.map((s) => s.code).join(' ')
        }, piece);
        p.append(mark, el('sup', { class: 'ref', 'aria-hidden': 'true' }, '[' + covering.map((s) => s.n).join(',') + ']'));
      }
    }
    return p;
  }

  // ---- the queue ----

  function filters() {
    return { site: $('filter-site').value, reason: $('filter-reason').value };
  }

  function matchesFilters(item) {
    const f = filters();
    if (f.site && item.siteId !== f.site) return false;
    if (f.reason && !item.reasons.some((r) => r.code === f.reason)) return false;
    return true;
  }

  async function loadQueue(more) {
    const f = filters();
    const params = new URLSearchParams({ status: 'HELD' });
    if (f.site) params.set('site', f.site);
    if (f.reason) params.set('reason', f.reason);
    if (more && state.nextCursor) params.set('cursor', state.nextCursor);
    const page = await api('GET', '/api/v1/queue?' + params);
    if (!more) {
      state.items.clear();
      state.selected.clear();
      $('queue').replaceChildren();
    }
    for (const item of page.items) addCard(item, false);
    state.nextCursor = page.nextCursor;
    $('load-more').hidden = !page.nextCursor;
    if (!more || !state.current || !state.items.has(state.current)) {
      focusCard(state.items.size ? state.items.keys().next().value : null, false);
    }
    updateSummary();
  }

  function addCard(item, live) {
    if (state.items.has(item.id)) return;
    state.items.set(item.id, item);
    const card = renderCard(item);
    if (live) {
      // keep oldest first: insert before the first card that arrived later
      const later = Array.from($('queue').children)
        .find((c) => Date.parse(state.items.get(c.dataset.id).receivedAt) > Date.parse(item.receivedAt));
      $('queue').insertBefore(card, later || null);
      card.classList.add('fresh');
    } else {
      $('queue').append(card);
    }
  }

  function removeCard(id) {
    const card = cardOf(id);
    if (!card) return;
    const next = card.nextElementSibling || card.previousElementSibling;
    state.items.delete(id);
    state.selected.delete(id);
    card.remove();
    if (state.current === id) focusCard(next ? next.dataset.id : null, false);
    updateSummary();
  }

  function cardOf(id) {
    return Array.from($('queue').children).find((c) => c.dataset.id === id) || null;
  }

  function renderCard(item) {
    const a = item.author;
    const select = el('input', { type: 'checkbox', class: 'select', 'aria-label': 'Select comment by ' + a.name });
    select.addEventListener('change', () => toggleSelect(item.id, select.checked));

    const header = el('header', { class: 'card-head' },
      select,
      el('strong', { class: 'author' }, a.name),
      a.firstComment ? el('span', { class: 'badge' }, 'First comment') : null,
      el('span', { class: 'history', title: 'This author on ' + item.siteId },
        '\u2713 ' + a.approved + ' approved \u00b7 ' + a.held + ' held \u00b7 \u2717 ' + a.rejected + ' rejected'),
      el('span', { class: 'site' }, 'site ' + item.siteId),
      el('span', { class: 'waited', 'data-received': item.receivedAt }, 'waiting ' + waited(since(item.receivedAt))));

    const url = item.postUrl ? safeUrl(item.postUrl) : null;
    const postLabel = item.postTitle || ('post ' + item.postId);
    const post = el('p', { class: 'post' }, 'on ',
      url ? el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, postLabel) : el('span', null, postLabel));

    const reasons = el('ol', { class: 'reasons' });
    item.reasons.forEach((r) => {
      reasons.append(el('li', { 'data-code': r.code },
        el('strong', null, REASONS[r.code] || r.code),
        ' (' + r.severity.toLowerCase() + ')',
        r.message ? el('span', { class: 'detail' }, ' \u2014 ' + r.message) : null));
    });

    const scores = el('ul', { class: 'scores', 'aria-label': 'Scores' });
    Object.entries(item.scores || {}).forEach(([k, v]) => {
      const meter = el('meter', { min: 0, max: 1, low: 0.3, high: 0.7, optimum: 0, value: v, 'aria-hidden': 'true' });
      scores.append(el('li', null, (SCORE_NAMES[k] || k) + ' ' + Math.round(v * 100) + '% ', meter));
    });

    let recent = null;
    if (a.recent && a.recent.length) {
      recent = el('details', { class: 'recent' }, el('summary', null, 'Latest comments by ' + a.name));
      const list = el('ul');
      a.recent.forEach((c) => list.append(el('li', null, el('span', { class: 'decision' }, c.decision.toLowerCase()), ' ', c.excerpt)));
      recent.append(list);
    }

    const note = el('input', { class: 'note', type: 'text', maxlength: 2000, placeholder: 'Note (optional)', 'aria-label': 'Note for this decision' });
    const actions = el('div', { class: 'actions' },
      note,
      el('button', { type: 'button', class: 'approve', onclick: () => act(item.id, 'APPROVED') }, '\u2713 Approve'),
      el('button', { type: 'button', class: 'reject', onclick: () => act(item.id, 'REJECTED') }, '\u2717 Reject'),
      el('button', { type: 'button', class: 'reject-author', onclick: () => rejectAuthor(item) }, 'Reject all held from ' + a.name));

    const card = el('article', { class: 'card', 'data-id': item.id, tabindex: '-1', 'aria-label': 'Comment by ' + a.name },
      header, post, highlighted(item.text, item.reasons), reasons, scores, recent, actions);
    card.addEventListener('click', (e) => {
      if (!(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLButtonElement)) focusCard(item.id, false);
    });
    return card;
  }

  function focusCard(id, scroll) {
    if (state.current) {
      const old = cardOf(state.current);
      if (old) old.classList.remove('current');
    }
    state.current = id;
    const card = id ? cardOf(id) : null;
    if (card) {
      card.classList.add('current');
      if (scroll) {
        card.focus({ preventScroll: true });
        card.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  function move(step) {
    const cards = Array.from($('queue').children);
    if (!cards.length) return;
    const at = cards.findIndex((c) => c.dataset.id === state.current);
    const next = Math.max(0, Math.min(cards.length - 1, at + step));
    focusCard(cards[at < 0 ? 0 : next].dataset.id, true);
  }

  function toggleSelect(id, on) {
    if (on) state.selected.add(id); else state.selected.delete(id);
    const card = cardOf(id);
    if (card) {
      card.classList.toggle('selected', on);
      card.querySelector('input.select').checked = on;
    }
    updateSummary();
  }

  function updateSummary() {
    const n = state.selected.size;
    $('selected-count').textContent = n + ' selected';
    $('bulk-approve').disabled = n === 0;
    $('bulk-reject').disabled = n === 0;
    $('select-all').checked = n > 0 && n === state.items.size;
    const shown = state.items.size;
    $('queue-summary').textContent = shown + (state.nextCursor ? '+' : '') + ' held comment' + (shown === 1 ? '' : 's') + ', oldest first';
    $('queue-empty').hidden = shown > 0;
  }

  async function act(id, decision) {
    const item = state.items.get(id);
    if (!item) return false;
    const card = cardOf(id);
    const note = card ? card.querySelector('input.note').value : '';
    if (card) card.classList.add('busy');
    try {
      await api('POST', '/api/v1/comments/' + encodeURIComponent(id) + '/decision', { decision, note: note || null });
      removeCard(id);
      toast((decision === 'APPROVED' ? 'Approved' : 'Rejected') + ' the comment by ' + item.author.name);
      return true;
    } catch (e) {
      if (card) card.classList.remove('busy');
      if (e.status === 409 || e.status === 404) removeCard(id);
      toast('Could not decide the comment by ' + item.author.name + ': ' + e.message, true);
      return false;
    }
  }

  async function bulk(decision) {
    const ids = Array.from(state.selected);
    let done = 0;
    for (const id of ids) {
      if (await act(id, decision)) done++;
    }
    toast((decision === 'APPROVED' ? 'Approved ' : 'Rejected ') + done + ' of ' + ids.length + ' selected comments');
  }

  async function rejectAuthor(item) {
    if (!window.confirm('Reject every held comment by ' + item.author.name + ' on ' + item.siteId + '?')) return;
    const card = cardOf(item.id);
    const note = card ? card.querySelector('input.note').value : '';
    try {
      const result = await api('POST', '/api/v1/queue/authors/' + encodeURIComponent(item.author.id) +
        '/reject?site=' + encodeURIComponent(item.siteId), { note: note || null });
      result.rejected.forEach(removeCard);
      toast('Rejected ' + result.rejected.length + ' held comments by ' + item.author.name);
    } catch (e) {
      toast('Could not reject the comments by ' + item.author.name + ': ' + e.message, true);
    }
  }

  // ---- live: Server-Sent Events, reconnecting by themselves ----

  function connect() {
    if (state.source) state.source.close();
    const source = new EventSource('/api/v1/queue/stream');
    state.source = source;
    source.onopen = () => {
      setLive(true);
      state.reconnectDelay = 1000;
      if (state.hadError) {
        // changes made while we were away: start again from the first page
        state.hadError = false;
        loadQueue(false).catch((e) => toast(e.message, true));
      }
    };
    source.addEventListener('ENTERED', (e) => {
      const event = JSON.parse(e.data);
      if (event.item && matchesFilters(event.item) && (!state.nextCursor || isOlderThanLast(event.item))) {
        addCard(event.item, true);
        if (!state.current) focusCard(event.item.id, false);
        updateSummary();
      }
    });
    source.addEventListener('LEFT', (e) => removeCard(JSON.parse(e.data).commentId));
    source.onerror = () => {
      setLive(false);
      state.hadError = true;
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (the server answered with an error): if the session ended, api() goes to
        // the sign-in page; otherwise try again ourselves, backing off
        api('GET', '/api/v1/me').catch(() => {});
        setTimeout(connect, state.reconnectDelay);
        state.reconnectDelay = Math.min(state.reconnectDelay * 2, 30000);
      }
    };
  }

  function isOlderThanLast(item) {
    const cards = $('queue').children;
    if (!cards.length) return true;
    const last = state.items.get(cards[cards.length - 1].dataset.id);
    return Date.parse(item.receivedAt) <= Date.parse(last.receivedAt);
  }

  function setLive(on) {
    const live = $('live');
    live.textContent = on ? '\u25cf Live: new held comments appear by themselves' : '\u25cb Connection lost, reconnecting\u2026';
    live.className = on ? 'live on' : 'live off';
    live.dataset.state = on ? 'live' : 'reconnecting';
  }

  // ---- keyboard ----

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (typing) {
      if (e.key === 'Escape') target.blur();
      return;
    }
    if (e.key === '?') {
      e.preventDefault();
      toggleHelp();
      return;
    }
    if ($('view-queue').hidden) return;
    switch (e.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'a': if (state.current) act(state.current, 'APPROVED'); break;
      case 'r': if (state.current) act(state.current, 'REJECTED'); break;
      case 'x': if (state.current) toggleSelect(state.current, !state.selected.has(state.current)); break;
      default: return;
    }
    e.preventDefault();
  }

  function toggleHelp() {
    const help = $('help');
    if (help.open) help.close(); else help.showModal();
  }

  // ---- overview ----

  const SERIES_STYLE = {
    APPROVED: { color: '#1b7f3b', dash: [], label: 'approved (solid line, \u25cf)', marker: 'circle' },
    HELD: { color: '#a86200', dash: [6, 4], label: 'held (dashed line, \u25a0)', marker: 'square' },
    REJECTED: { color: '#b3261e', dash: [2, 3], label: 'rejected (dotted line, \u25b2)', marker: 'triangle' }
  };

  async function loadOverview() {
    const data = await api('GET', '/api/v1/overview?minutes=30');
    drawChart(data.decisionsPerMinute);
    fillTable('queues', data.queues.map((q) => [q.site, String(q.depth), q.depth ? waited(q.oldestAgeSeconds) : '\u2014']));
    fillTable('overrides', data.overrides.map((o) => [o.site, o.from.toLowerCase(), o.to.toLowerCase(), String(o.count)]));
    fillTable('totals', data.decisions.map((d) => [d.site, d.decision.toLowerCase(), d.source.toLowerCase(), String(d.count)]));
  }

  function fillTable(id, rows) {
    const body = $(id).querySelector('tbody');
    body.replaceChildren(...rows.map((cells) => el('tr', null, ...cells.map((c) => el('td', null, c)))));
    if (!rows.length) body.append(el('tr', null, el('td', { colspan: 4 }, 'None yet')));
  }

  function drawChart(series) {
    const canvas = $('rate-chart');
    const width = Math.min(800, canvas.parentElement.clientWidth || 800);
    canvas.width = width;
    const ctx = canvas.getContext('2d');
    const h = canvas.height;
    const pad = { l: 40, r: 10, t: 10, b: 30 };
    ctx.clearRect(0, 0, width, h);
    const outcomes = Object.keys(SERIES_STYLE);
    const n = series.minutes.length;
    const max = Math.max(1, ...outcomes.flatMap((o) => series[o] || []));
    const x = (i) => pad.l + (n <= 1 ? 0 : (i * (width - pad.l - pad.r)) / (n - 1));
    const y = (v) => h - pad.b - (v * (h - pad.t - pad.b)) / max;
    ctx.strokeStyle = '#888';
    ctx.fillStyle = '#333';
    ctx.font = '12px sans-serif';
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(pad.l, pad.t);
    ctx.lineTo(pad.l, h - pad.b);
    ctx.lineTo(width - pad.r, h - pad.b);
    ctx.stroke();
    ctx.fillText(String(max), 4, pad.t + 10);
    ctx.fillText('0', 4, h - pad.b);
    const label = (iso) => new Date(iso).toTimeString().substring(0, 5);
    ctx.fillText(label(series.minutes[0]), pad.l, h - 8);
    ctx.fillText(label(series.minutes[n - 1]), width - pad.r - 34, h - 8);
    for (const o of outcomes) {
      const s = SERIES_STYLE[o];
      const values = series[o] || [];
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dash);
      ctx.beginPath();
      values.forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
      ctx.stroke();
      ctx.setLineDash([]);
      values.forEach((v, i) => {
        if (!v) return;
        const cx = x(i);
        const cy = y(v);
        ctx.beginPath();
        if (s.marker === 'circle') ctx.arc(cx, cy, 3.5, 0, 2 * Math.PI);
        else if (s.marker === 'square') ctx.rect(cx - 3.5, cy - 3.5, 7, 7);
        else { ctx.moveTo(cx, cy - 4); ctx.lineTo(cx + 4, cy + 3.5); ctx.lineTo(cx - 4, cy + 3.5); ctx.closePath(); }
        ctx.fill();
      });
    }
    const legend = $('rate-legend');
    legend.replaceChildren(...outcomes.map((o) => {
      const total = (series[o] || []).reduce((a, b) => a + b, 0);
      const last = (series[o] || []).slice(-1)[0] || 0;
      return el('span', { class: 'legend-' + o.toLowerCase(), 'data-outcome': o },
        SERIES_STYLE[o].label + ': ' + last + ' this minute, ' + total + ' in 30 min');
    }));
  }

  // ---- audit ----

  async function loadAudit(more) {
    const params = new URLSearchParams({ limit: '50' });
    if (more && state.auditCursor) params.set('cursor', state.auditCursor);
    const page = await api('GET', '/api/v1/audit?' + params);
    const body = $('audit').querySelector('tbody');
    if (!more) body.replaceChildren();
    for (const e of page.items) {
      body.append(el('tr', { 'data-comment': e.commentId },
        el('td', null, el('time', { datetime: e.at }, new Date(e.at).toLocaleString())),
        el('td', null, e.moderator),
        el('td', null, e.siteId),
        el('td', null, e.authorName ? el('strong', null, e.authorName + ': ') : null, e.excerpt || e.commentId),
        el('td', null, e.from.toLowerCase() + ' \u2192 ' + e.to.toLowerCase()),
        el('td', null, e.note || '')));
    }
    if (!more && !page.items.length) body.append(el('tr', null, el('td', { colspan: 6 }, 'No decisions yet')));
    state.auditCursor = page.nextCursor;
    $('audit-more').hidden = !page.nextCursor;
  }

  // ---- admin ----

  async function loadModerators() {
    const list = await api('GET', '/api/v1/moderators');
    const body = $('moderators').querySelector('tbody');
    body.replaceChildren(...list.map((m) => {
      const sites = el('input', { value: m.sites.join(', '), 'aria-label': 'Sites of ' + m.username });
      const admin = el('input', { type: 'checkbox', 'aria-label': m.username + ' is admin' });
      admin.checked = m.admin;
      const disabled = el('input', { type: 'checkbox', 'aria-label': m.username + ' is disabled' });
      disabled.checked = m.disabled;
      const password = el('input', { type: 'password', minlength: 8, 'aria-label': 'New password for ' + m.username });
      const save = el('button', { type: 'button' }, 'Save');
      save.addEventListener('click', async () => {
        const change = {
          sites: sites.value.split(',').map((s) => s.trim()).filter(Boolean),
          admin: admin.checked,
          disabled: disabled.checked
        };
        if (password.value) change.password = password.value;
        try {
          await api('PATCH', '/api/v1/moderators/' + encodeURIComponent(m.username), change);
          toast('Saved ' + m.username);
          await loadModerators();
        } catch (e) {
          toast('Could not save ' + m.username + ': ' + e.message, true);
        }
      });
      return el('tr', { 'data-username': m.username },
        el('td', null, m.username), el('td', null, sites), el('td', null, admin),
        el('td', null, disabled, m.disabled ? ' (disabled)' : ''), el('td', null, password), el('td', null, save));
    }));
  }

  async function createModerator(e) {
    e.preventDefault();
    const form = e.target;
    const body = {
      username: form.username.value.trim(),
      password: form.password.value,
      sites: form.sites.value.split(',').map((s) => s.trim()).filter(Boolean),
      admin: form.admin.checked
    };
    try {
      await api('POST', '/api/v1/moderators', body);
      toast('Created ' + body.username);
      form.reset();
      await loadModerators();
    } catch (err) {
      toast('Could not create ' + body.username + ': ' + err.message, true);
    }
  }

  // ---- start ----

  function view() {
    const path = window.location.pathname;
    if (path === '/overview') return 'overview';
    if (path === '/audit') return 'audit';
    if (path === '/admin') return 'admin';
    return 'queue';
  }

  async function start() {
    state.me = await api('GET', '/api/v1/me');
    state.csrf = state.me.csrf || null;
    $('me').textContent = state.me.username + (state.me.admin ? ' (admin)' : '');
    $('logout-csrf').value = state.csrf ? state.csrf.token : '';
    $('nav-admin').hidden = !state.me.admin;
    const current = view();
    document.querySelectorAll('nav a').forEach((a) => {
      if (a.dataset.view === current) a.setAttribute('aria-current', 'page');
    });
    $('view-' + current).hidden = false;
    document.addEventListener('keydown', onKey);
    $('close-help').addEventListener('click', () => $('help').close());
    $('show-help').addEventListener('click', toggleHelp);

    if (current === 'queue') {
      const site = $('filter-site');
      state.me.sites.forEach((s) => site.append(el('option', { value: s }, s)));
      const reason = $('filter-reason');
      Object.entries(REASONS).forEach(([code, words]) => reason.append(el('option', { value: code }, words)));
      site.addEventListener('change', () => loadQueue(false).catch((e) => toast(e.message, true)));
      reason.addEventListener('change', () => loadQueue(false).catch((e) => toast(e.message, true)));
      $('select-all').addEventListener('change', (e) => {
        Array.from(state.items.keys()).forEach((id) => toggleSelect(id, e.target.checked));
      });
      $('bulk-approve').addEventListener('click', () => bulk('APPROVED'));
      $('bulk-reject').addEventListener('click', () => bulk('REJECTED'));
      $('load-more').addEventListener('click', () => loadQueue(true).catch((e) => toast(e.message, true)));
      await loadQueue(false);
      connect();
      setInterval(() => {
        document.querySelectorAll('.waited').forEach((w) => { w.textContent = 'waiting ' + waited(since(w.dataset.received)); });
      }, 15000);
    } else {
      $('live').hidden = true;
    }
    if (current === 'overview') {
      await loadOverview();
      setInterval(() => loadOverview().catch(() => {}), 10000);
    }
    if (current === 'audit') {
      $('audit-more').addEventListener('click', () => loadAudit(true).catch((e) => toast(e.message, true)));
      await loadAudit(false);
    }
    if (current === 'admin') {
      $('new-moderator').addEventListener('submit', createModerator);
      await loadModerators();
    }
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', () => {
    start().catch((e) => toast('The dashboard could not start: ' + e.message, true));
  });
})();
