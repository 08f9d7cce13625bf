// The operations dashboard: overview, network, live disruptions, gaps, feeds, candidate projects and
// stress tests, over the gateway's JSON API and live event stream. Plain modules, no network access
// beyond the gateway.
import { api, ApiError, connectEvents, currentKey, setKey } from './api.js';
import { bar, sparkline, svg } from './charts.js';
import {
  currentLanguage, enumText, formatAge, formatDateTime, formatFixed, formatNumber, formatPercent, formatSigned, formatTime,
  onLanguageChange, setLanguage, t, translatePage,
} from './i18n.js';

const REFRESH_MS = 5000;
const PROJECTS_REFRESH_MS = 60000;
const FEED_STALE_S = 60;
const FEED_LIMIT = 60;
const GAPS_SHOWN = 10;
const TREND_POINTS = 240;
const FLOW_COLUMN_WIDTH = 250;
const FLOW_LABEL_WIDTH = 195;
const STAGE_ORDER = ['EXTRACTION', 'PROCESSING', 'LOGISTICS', 'MANUFACTURING', 'RECYCLING', 'CONSUMPTION'];

const state = {
  session: { authenticated: false, name: '', role: '' },
  overview: null,
  topology: null,
  topologyVersion: -1,
  active: new Map(), // disruption id → disruption (open or acknowledged)
  feed: new Map(), // disruption id → latest version seen (active or recently closed), for the live list
  indicators: new Map(), // commodity → indicators
  trends: new Map(), // commodity → [{at, value}]
  projects: [],
  projectsAt: 0,
  commodity: localStorage.getItem('monitoring.commodity') || 'cu',
  view: 'flow',
  lastUpdated: null,
  reachable: true,
  stream: 'connecting',
  stressChosen: [],
  stressResult: null,
  liveAt: new Map(), // disruption id → when a live event about it last arrived
  clockOffset: 0,
  authProblem: '',
  signInError: '',
};

const $ = selector => document.querySelector(selector);
const PREFIXES = ['SEVERITY_', 'OPERATIONAL_STATUS_', 'DISRUPTION_STATE_', 'DISRUPTION_KIND_', 'SUBJECT_TYPE_', 'STAGE_', 'GAP_KIND_', 'EVENT_TYPE_', 'METRIC_'];

/** "SEVERITY_CRITICAL" → "CRITICAL" (the API's enum names without their type prefix). */
function bare(value) {
  const text = String(value ?? '');
  const prefix = PREFIXES.find(p => text.startsWith(p));
  return prefix ? text.slice(prefix.length) : text;
}

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * Re-renders a container without losing the keyboard focus: the focused element (a node, a lane, a
 * card, a disruption, or a button inside one) is found again by its data attribute and focused.
 */
function keepFocus(container, render) {
  const active = document.activeElement;
  let selector = null;
  if (active && active !== document.body && container.contains(active)) {
    const holder = active.closest('[data-node], [data-lane], [data-commodity], [data-id]');
    const attribute = holder && ['data-node', 'data-lane', 'data-commodity', 'data-id'].find(a => holder.hasAttribute(a));
    if (attribute) {
      selector = `[${attribute}="${CSS.escape(holder.getAttribute(attribute))}"]`;
      if (active !== holder) selector += active.classList.length > 0 ? ` .${CSS.escape(active.classList[0])}` : ` ${active.tagName.toLowerCase()}`;
    }
  }
  render();
  if (selector) container.querySelector(selector)?.focus({ preventScroll: true });
}

function cell(text, className) {
  return element('td', { class: className, text });
}

function badge(group, value) {
  const key = bare(value);
  return element('span', { class: `badge ${key}`, text: enumText(group, value) });
}

const severityOf = d => bare(d.severity);
const stateOf = d => bare(d.state);
const isActive = d => ['OPEN', 'ACKNOWLEDGED'].includes(stateOf(d));
const isAdmin = () => state.session.role === 'admin';

// Data ------------------------------------------------------------------------------------------------

async function refreshSession() {
  try {
    state.session = await api('/api/v1/session');
  } catch {
    state.session = { authenticated: false, name: '', role: '' };
  }
  // The Orleans dashboard (/orleans) cannot send the key: an admin's browser gets a session cookie for it.
  try {
    await api('/api/v1/session', { method: isAdmin() ? 'POST' : 'DELETE' });
  } catch {
    // Without the cookie only the Orleans dashboard link fails; the page itself works with the key.
  }
}

let refreshing = null;
let refreshAgain = false;

/** One refresh at a time; a request for another while one runs makes it run once more afterwards. */
function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      await refreshOnce();
    } while (refreshAgain);
  })().finally(() => { refreshing = null; });
  return refreshing;
}

/**
 * Reads the server's state. Live events that arrive while it runs win over what it read (they are
 * newer); everything else is replaced by the server's view, so a disruption that closed while the
 * stream was down, or ids reused after a gateway restart, never linger on the page.
 */
async function refreshOnce() {
  const startedAt = Date.now();
  try {
    const overview = await api('/api/v1/overview');
    const [active, recent] = await Promise.all([
      api('/api/v1/disruptions?limit=2000').then(r => r.disruptions ?? []),
      api(`/api/v1/disruptions?include_closed=true&limit=${FEED_LIMIT}`).then(r => r.disruptions ?? []),
    ]);
    if ((overview.topology_version ?? 0) !== state.topologyVersion) {
      state.topology = (await api('/api/v1/topology')).topology ?? {};
      state.topologyVersion = overview.topology_version ?? 0;
      state.projectsAt = 0;
    }
    const codes = (overview.commodities ?? []).map(c => c.code);
    const indicators = await Promise.all(codes.map(code => api(`/api/v1/commodities/${encodeURIComponent(code)}/indicators`).then(r => r.indicators, () => null)));

    state.overview = overview;
    state.clockOffset = overview.generated_at ? Date.parse(overview.generated_at) - Date.now() : 0;
    const liveSince = id => (state.liveAt.get(id) ?? 0) >= startedAt;
    const feed = new Map();
    for (const d of [...recent, ...active]) feed.set(d.id, d);
    for (const [id, d] of state.feed) if (liveSince(id)) feed.set(id, d);
    state.feed = feed;
    const activeNow = new Map(active.map(d => [d.id, d]));
    for (const [id, d] of state.feed) {
      if (!liveSince(id)) continue;
      if (isActive(d)) activeNow.set(id, d);
      else activeNow.delete(id);
    }
    state.active = activeNow;
    codes.forEach((code, i) => {
      if (!indicators[i]) return;
      state.indicators.set(code, indicators[i]);
      const serverTrend = indicators[i].trend ?? [];
      if (serverTrend.length > 0) state.trends.set(code, serverTrend.slice(-TREND_POINTS));
    });
    if (!codes.includes(state.commodity) && codes.length > 0) state.commodity = codes[0];
    state.lastUpdated = overview.generated_at ?? new Date().toISOString();
    setReachable(true);
    state.authProblem = '';
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      state.authProblem = error.status === 401 ? 'signInRequired' : 'keyNotAllowed';
    } else {
      setReachable(false);
    }
    console.warn('refresh failed', error);
  }
  renderAll();
  refreshRankings();
}

/** Rankings are secondary and slower: fetched after the page is drawn, and a failure never marks the page unreachable. */
async function refreshRankings() {
  if (Date.now() - state.projectsAt < PROJECTS_REFRESH_MS || !(state.topologyVersion > 0)) return;
  state.projectsAt = Date.now();
  try {
    state.projects = (await api('/api/v1/project-rankings', { method: 'POST', body: {} })).appraisals ?? [];
    renderProjects();
  } catch (error) {
    state.projectsAt = 0;
    console.warn('project rankings failed', error);
  }
}

function setReachable(reachable) {
  if (state.reachable !== reachable) announce(t(reachable ? 'gatewayBack' : 'gatewayGone'));
  state.reachable = reachable;
}

/** The server's clock, so feed ages are right even on a wall PC whose clock is off. */
function serverNow() {
  return Date.now() + (state.clockOffset ?? 0);
}

/** A new incarnation of an id (counters restart with the state) replaces the old; otherwise the newer version wins. */
function mergeFeed(d) {
  const known = state.feed.get(d.id);
  if (known && known.opened_at === d.opened_at && (known.version ?? 0) > (d.version ?? 0)) return;
  state.feed.set(d.id, d);
  state.liveAt.set(d.id, Date.now());
  if (state.feed.size > FEED_LIMIT) {
    const oldestClosed = [...state.feed.values()].filter(x => !isActive(x)).sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at))[0];
    if (oldestClosed) {
      state.feed.delete(oldestClosed.id);
      state.liveAt.delete(oldestClosed.id);
    }
  }
}

function onEvent(name, event) {
  if (event.disruption) {
    const d = event.disruption;
    const isNew = !state.feed.has(d.id) || state.feed.get(d.id).opened_at !== d.opened_at;
    mergeFeed(d);
    if (isActive(d)) state.active.set(d.id, d);
    else state.active.delete(d.id);
    if (isNew && isActive(d)) announce(`${enumText('SEVERITY', d.severity)}: ${d.subject_name || d.subject_id} — ${enumText('KIND', d.kind)}`);
    scheduleRender(['feed', 'network', 'overview']);
  } else if (event.indicators) {
    const i = event.indicators;
    const known = state.indicators.get(i.commodity);
    state.indicators.set(i.commodity, { ...known, ...i, nodes: known?.nodes ?? [], gaps: known?.gaps ?? [], trend: known?.trend ?? [] });
    const trend = state.trends.get(i.commodity) ?? [];
    trend.push({ at: i.computed_at ?? event.occurred_at, value: i.score?.value ?? 0 });
    state.trends.set(i.commodity, trend.slice(-TREND_POINTS));
    scheduleRender(['overview']);
  } else if (name === 'topology_changed') {
    refresh();
  }
}

/** Bursts of events are drawn once per frame. */
const pendingRenders = new Set();
function scheduleRender(parts) {
  const first = pendingRenders.size === 0;
  for (const part of parts) pendingRenders.add(part);
  if (!first) return;
  requestAnimationFrame(() => {
    if (pendingRenders.has('feed')) renderFeed();
    if (pendingRenders.has('network')) renderNetwork();
    if (pendingRenders.has('overview')) renderOverview();
    pendingRenders.clear();
  });
}

/** Says something to screen readers once (the lists themselves are not live regions: they redraw). */
function announce(text) {
  const region = $('#announcer');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

// Header ----------------------------------------------------------------------------------------------

function renderHeader() {
  document.title = `${t('title')} · Monitoring`;
  $('#topology-name').textContent = state.overview?.topology_name ?? '';
  const select = $('#commodity');
  const commodities = state.overview?.commodities ?? [];
  if (select.options.length !== commodities.length || [...select.options].some((o, i) => o.value !== commodities[i]?.code)) {
    select.replaceChildren(...commodities.map(c => element('option', { value: c.code, text: `${c.code} · ${c.name}` })));
  }
  select.value = state.commodity;

  const stream = $('#stream-status');
  stream.dataset.state = state.stream;
  stream.textContent = t({ live: 'streamLive', down: 'streamDown', unauthorized: 'streamUnauthorized' }[state.stream] ?? 'streamConnecting');

  const data = $('#data-status');
  data.textContent = !state.reachable
    ? t('staleData', { time: state.lastUpdated ? formatTime(state.lastUpdated) : t('never') })
    : state.lastUpdated ? t('updatedAt', { time: formatTime(state.lastUpdated) }) : t('loading');
  data.classList.toggle('warning-text', !state.reachable);
  document.querySelector('main').classList.toggle('stale', !state.reachable);

  const s = state.session;
  $('#session-text').textContent = s.authenticated && s.name !== 'anonymous'
    ? t('signedInAs', { name: s.name, role: t(`role_${s.role}`) })
    : s.authenticated ? t('anonymousViewer') : t('notSignedIn');
  const problem = state.signInError || state.authProblem;
  $('#sign-in-error').textContent = problem ? t(problem) : '';
  $('#sign-in').hidden = Boolean(currentKey()) && !state.authProblem;
  $('#sign-out').hidden = !currentKey();
  $('#admin-hint').hidden = isAdmin();
  $('#orleans-link').hidden = !isAdmin();
  for (const button of document.querySelectorAll('button.lang')) button.setAttribute('aria-pressed', String(button.dataset.lang === currentLanguage()));
  for (const button of document.querySelectorAll('button.view')) button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
}

// Overview --------------------------------------------------------------------------------------------

function renderOverview() {
  const container = $('#overview-cards');
  keepFocus(container, () => renderCards(container));
}

function renderCards(container) {
  const commodities = state.overview?.commodities ?? [];
  container.replaceChildren(...commodities.map(c => {
    const indicators = state.indicators.get(c.code);
    const score = indicators?.score ?? {};
    const counts = { CRITICAL: 0, WARNING: 0, INFO: 0 };
    for (const d of state.active.values()) if ((d.commodities ?? []).includes(c.code)) counts[severityOf(d)] = (counts[severityOf(d)] ?? 0) + 1;
    const components = [
      ['availability', score.availability], ['diversification', score.diversification], ['survivability', score.survivability],
      ['circularity', score.circularity], ['feedHealth', score.feed_health],
    ];
    const trend = state.trends.get(c.code) ?? [];
    return element('article', {
      class: `card${c.code === state.commodity ? ' selected' : ''}`, 'data-commodity': c.code, tabindex: 0, role: 'button',
      'aria-pressed': String(c.code === state.commodity), onclick: () => selectCommodity(c.code),
      onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectCommodity(c.code); } },
    },
      element('h3', {}, element('span', { class: 'code', text: c.code }), ` ${c.name}`),
      element('div', { class: 'score-row' },
        element('div', {},
          element('div', { class: 'muted small', text: t('score') }),
          element('div', { class: 'score', 'data-score': c.code, text: indicators ? formatFixed(score.value, 1) : t('empty') })),
        element('div', { class: 'trend' }, element('div', { class: 'muted small', text: t('trend') }),
          sparkline(trend, { width: 150, height: 40, label: `${t('trend')} ${c.code}`, className: 'sparkline trend-line' }))),
      element('dl', { class: 'components' }, ...components.map(([key, value]) => element('div', { class: 'component' },
        element('dt', { text: t(key) }), element('dd', {}, bar(value, `${t(key)} ${formatFixed(value ?? 0, 2)}`), element('span', { class: 'num', text: formatFixed(value ?? 0, 2) }))))),
      element('p', { class: 'counts' },
        element('span', { class: 'muted', text: `${t('activeDisruptions')}: ` }),
        ...['CRITICAL', 'WARNING', 'INFO'].map(s => element('span', { class: `badge ${s}`, title: enumText('SEVERITY', s), text: `${enumText('SEVERITY', s)} ${formatNumber(counts[s], 0)}` }))),
      element('p', { class: 'muted small', text: `${t('nodes')} ${formatNumber(c.node_count ?? 0, 0)} · ${t('lanes')} ${formatNumber(c.lane_count ?? 0, 0)}` }));
  }));
}

function selectCommodity(code) {
  state.commodity = code;
  localStorage.setItem('monitoring.commodity', code);
  renderAll();
}

// Network ---------------------------------------------------------------------------------------------

function statusBySubject() {
  const rank = { OPERATIONAL: 0, UNKNOWN: 1, DEGRADED: 2, DISRUPTED: 3 };
  const status = new Map();
  for (const d of state.active.values()) {
    // The network shows one commodity: a disruption of another commodity at the same node does not colour it.
    if (!(d.commodities ?? []).includes(state.commodity)) continue;
    const severity = severityOf(d);
    const implied = bare(d.kind) === 'FEED_SILENT' ? 'UNKNOWN'
      : severity === 'CRITICAL' ? 'DISRUPTED' : severity === 'WARNING' ? 'DEGRADED' : 'OPERATIONAL';
    if ((rank[implied] ?? 0) > (rank[status.get(d.subject_id)] ?? 0)) status.set(d.subject_id, implied);
  }
  return status;
}

function commodityNetwork() {
  const topology = state.topology ?? {};
  const code = state.commodity;
  const nodes = (topology.nodes ?? []).filter(n => (n.commodities ?? []).some(c => c.commodity === code));
  const ids = new Set(nodes.map(n => n.id));
  const lanes = (topology.lanes ?? []).filter(l => l.commodity === code && ids.has(l.from_node_id) && ids.has(l.to_node_id));
  return { nodes, lanes };
}

function stageOf(node) {
  const role = (node.commodities ?? []).find(c => c.commodity === state.commodity);
  return String(role?.stage ?? '').replace('STAGE_', '');
}

/** Longest path from a source, so material flows left to right; a cycle is cut where it closes. */
function layers(nodes, lanes) {
  const inbound = new Map(nodes.map(n => [n.id, []]));
  for (const lane of lanes) inbound.get(lane.to_node_id).push(lane.from_node_id);
  const depth = new Map();
  const visiting = new Set();
  const visit = id => {
    if (depth.has(id)) return depth.get(id);
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...inbound.get(id).map(visit)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const n of nodes) visit(n.id);
  return depth;
}

let networkSignature = '';

function renderNetwork() {
  const container = $('#network');
  const { nodes, lanes } = commodityNetwork();
  const status = statusBySubject();
  // Redrawn only when something it shows changed: the commodity, the view, the topology, the language or a status.
  const signature = [state.commodity, state.view, state.topologyVersion, currentLanguage(), nodes.length,
    ...[...status].filter(([id]) => id).sort(([a], [b]) => a.localeCompare(b)).map(([id, value]) => `${id}=${value}`)].join('|');
  if (signature === networkSignature && container.firstChild) return;
  networkSignature = signature;
  keepFocus(container, () => drawNetwork(container, nodes, lanes, status));
}

function drawNetwork(container, nodes, lanes, status) {
  const positions = new Map();
  let width = 600;
  let height = 300;
  if (nodes.length === 0) {
    // nothing to lay out yet
  } else if (state.view === 'map') {
    const lats = nodes.map(n => n.lat ?? 0);
    const lons = nodes.map(n => n.lon ?? 0);
    const [minLon, maxLon] = [Math.min(...lons) - 8, Math.max(...lons) + 8];
    const [minLat, maxLat] = [Math.min(...lats) - 6, Math.max(...lats) + 6];
    width = 1000;
    height = Math.max(300, Math.round(width * (maxLat - minLat) / Math.max(1, maxLon - minLon)));
    for (const n of nodes) positions.set(n.id, [((n.lon ?? 0) - minLon) / (maxLon - minLon) * width, (maxLat - (n.lat ?? 0)) / (maxLat - minLat) * height]);
  } else {
    const depth = layers(nodes, lanes);
    const columns = new Map();
    for (const n of nodes) {
      const d = depth.get(n.id) ?? 0;
      if (!columns.has(d)) columns.set(d, []);
      columns.get(d).push(n);
    }
    const columnWidth = FLOW_COLUMN_WIDTH;
    const rowHeight = 24;
    const tallest = Math.max(1, ...[...columns.values()].map(c => c.length));
    width = Math.max(600, columns.size * columnWidth);
    height = tallest * rowHeight + 40;
    for (const [d, column] of columns) {
      column.sort((a, b) => STAGE_ORDER.indexOf(stageOf(a)) - STAGE_ORDER.indexOf(stageOf(b)) || a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
      const offset = (height - column.length * rowHeight) / 2;
      column.forEach((n, i) => positions.set(n.id, [20 + d * columnWidth, offset + i * rowHeight + rowHeight / 2]));
    }
  }

  if (nodes.length === 0) {
    container.replaceChildren(element('p', { class: 'muted', text: t('loading') }));
    return;
  }
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'network-chart', role: 'group', 'aria-label': t('network') });
  if (state.view === 'map') {
    for (let i = 1; i < 6; i++) {
      chart.append(svg('line', { x1: (width * i) / 6, y1: 0, x2: (width * i) / 6, y2: height, class: 'graticule' }));
      chart.append(svg('line', { x1: 0, y1: (height * i) / 6, x2: width, y2: (height * i) / 6, class: 'graticule' }));
    }
  }
  for (const lane of lanes) {
    const [x1, y1] = positions.get(lane.from_node_id);
    const [x2, y2] = positions.get(lane.to_node_id);
    const laneStatus = status.get(lane.id) ?? 'OPERATIONAL';
    // In the flow view a lane leaves from the end of its origin's label, so it never crosses the text.
    const start = state.view === 'map' ? x1 : x1 + FLOW_LABEL_WIDTH;
    const mid = (start + x2) / 2;
    const path = state.view === 'map' ? `M${x1},${y1} L${x2},${y2}` : `M${start},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 7},${y2}`;
    const label = `${lane.name || lane.id} — ${enumText('STATUS', laneStatus)}`;
    chart.append(svg('g', { class: `lane ${laneStatus}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-lane': lane.id }, [
      svg('title', {}, [document.createTextNode(label)]),
      svg('path', { d: path, class: 'lane-hit' }),
      svg('path', { d: path, class: 'lane-line' }),
    ]));
  }
  for (const node of nodes) {
    const [x, y] = positions.get(node.id);
    const nodeStatus = status.get(node.id) ?? 'OPERATIONAL';
    const label = `${node.name} (${node.country}, ${enumText('STAGE', stageOf(node))}) — ${enumText('STATUS', nodeStatus)}`;
    const children = [svg('title', {}, [document.createTextNode(label)]), svg('circle', { cx: x, cy: y, r: 6 })];
    if (state.view === 'flow') {
      const name = node.name.length > 25 ? `${node.name.slice(0, 24)}…` : node.name;
      children.push(svg('text', { x: x + 10, y: y + 4 }, [document.createTextNode(`${name} · ${node.country}`)]));
    }
    chart.append(svg('g', { class: `node ${nodeStatus}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-node': node.id }, children));
  }
  container.replaceChildren(chart);
  drawLegend();
}

function drawLegend() {
  $('#legend').replaceChildren(...['OPERATIONAL', 'DEGRADED', 'DISRUPTED', 'UNKNOWN'].map(s =>
    element('li', {}, element('span', { class: `swatch ${s}`, 'aria-hidden': 'true' }), enumText('STATUS', s))));
}

function onNetworkActivate(event) {
  const target = event.target.closest('[data-node], [data-lane]');
  if (!target) return;
  if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  if (target.dataset.node) openDetail('node', target.dataset.node);
  else openDetail('lane', target.dataset.lane);
}

// Live disruptions ------------------------------------------------------------------------------------

function renderFeed() {
  const list = $('#live-feed');
  keepFocus(list, () => drawFeed(list));
}

let feedDeferred = false;

function drawFeed(list) {
  // While an operator writes a note the list stays as it is (a redraw would eat the typing); it catches up when the form closes.
  if (list.querySelector('form.action-form')) {
    feedDeferred = true;
    return;
  }
  feedDeferred = false;
  const items = [...state.feed.values()].sort((a, b) => Date.parse(b.updated_at ?? 0) - Date.parse(a.updated_at ?? 0));
  if (items.length === 0) {
    list.replaceChildren(element('li', { class: 'muted', text: t('noEvents') }));
    return;
  }
  list.replaceChildren(...items.map(d => element('li', { class: `feed-item ${severityOf(d)}`, 'data-id': d.id, 'data-subject': d.subject_id, 'data-state': stateOf(d) },
    element('div', { class: 'feed-line' },
      badge('SEVERITY', d.severity),
      element('button', { type: 'button', class: 'link', onclick: () => openDetail(String(d.subject_type).endsWith('LANE') ? 'lane' : 'node', d.subject_id), text: d.subject_name || d.subject_id }),
      element('span', { class: 'kind', text: enumText('KIND', d.kind) }),
      element('span', { class: `state ${stateOf(d)}`, text: enumText('STATE', d.state) }),
      element('time', { datetime: d.updated_at, class: 'muted small', text: formatTime(d.updated_at) })),
    element('p', { class: 'summary', text: d.summary ?? '' }),
    actions(d))));
}

/**
 * Acknowledge / resolve controls of an active disruption, for admins; a note is required. `done` runs
 * when the form closes (submitted or cancelled), so its container can catch up.
 */
function actions(d, done = () => { if (feedDeferred) renderFeed(); }) {
  if (!isAdmin() || !isActive(d)) return null;
  const wrapper = element('div', { class: 'actions' });
  const showForm = action => {
    const note = element('textarea', { rows: 2, required: true, 'aria-label': t('note'), placeholder: t('note'), class: 'note' });
    const actor = element('input', { type: 'text', 'aria-label': t('yourName'), placeholder: t('yourName'), class: 'actor', value: localStorage.getItem('monitoring.actor') ?? '' });
    const error = element('p', { class: 'error', role: 'alert' });
    const form = element('form', {
      class: 'action-form', 'data-action': action,
      onsubmit: async e => {
        e.preventDefault();
        if (!note.value.trim()) { error.textContent = t('note'); note.focus(); return; }
        localStorage.setItem('monitoring.actor', actor.value.trim());
        try {
          const result = await api(`/api/v1/disruptions/${encodeURIComponent(d.id)}:${action}`, { method: 'POST', body: { note: note.value.trim(), actor: actor.value.trim() } });
          form.remove();
          if (result?.disruption) onEvent('action', { disruption: result.disruption });
          done();
        } catch (err) {
          error.textContent = t('actionFailed', { error: err.message });
        }
      },
    }, actor, note, element('button', { type: 'submit', text: t(action === 'acknowledge' ? 'acknowledge' : 'resolve') }),
    element('button', { type: 'button', text: t('cancel'), onclick: () => { form.replaceWith(buttons()); done(); } }), error);
    wrapper.replaceChildren(form);
    note.focus();
  };
  const buttons = () => {
    const row = element('div', { class: 'action-buttons' },
      stateOf(d) === 'OPEN' ? element('button', { type: 'button', class: 'acknowledge', text: t('acknowledge'), onclick: () => showForm('acknowledge') }) : null,
      element('button', { type: 'button', class: 'resolve', text: t('resolve'), onclick: () => showForm('resolve') }));
    return row;
  };
  wrapper.append(buttons());
  return wrapper;
}

// Gaps, feeds, projects -------------------------------------------------------------------------------

function fill(tableId, rows) {
  $(`#${tableId} tbody`).replaceChildren(...rows.map(cells => element('tr', {}, ...cells)));
}

function renderGaps() {
  const indicators = state.indicators.get(state.commodity);
  fill('gaps', (indicators?.gaps ?? []).slice(0, GAPS_SHOWN).map(g => [
    cell(state.commodity), cell(enumText('GAP', g.kind)), cell(g.stage ? enumText('STAGE', g.stage) : t('empty')), cell(g.subject || t('empty')),
    cell(formatNumber(g.lost_volume_t ?? 0, 0), 'num'), cell(g.description),
  ]));
}

function renderFeeds() {
  fill('feeds', (state.overview?.feeds ?? []).map(f => {
    const age = f.last_batch_at ? (serverNow() - Date.parse(f.last_batch_at)) / 1000 : Infinity;
    const fresh = age <= FEED_STALE_S;
    return [
      cell(f.feed_id), cell(formatAge(f.last_batch_at, serverNow())), cell(formatNumber(f.observations_accepted ?? 0, 0), 'num'),
      cell(formatNumber(f.observations_rejected ?? 0, 0), 'num'),
      element('td', {}, element('span', { class: `badge ${fresh ? 'OPERATIONAL' : 'WARNING'}`, text: t(fresh ? 'fresh' : 'stale') })),
    ];
  }));
}

function renderProjects() {
  fill('projects', state.projects.map(a => [
    cell(formatNumber(a.rank_by_score ?? 0, 0), 'num'), cell(a.candidate?.name ?? ''), cell(a.candidate?.commodity ?? ''),
    cell(a.candidate?.country ? `${enumText('STAGE', a.stage)} · ${a.candidate.country}` : enumText('STAGE', a.stage)), cell(formatSigned(a.score_gain ?? 0, 2), 'num'),
    cell(formatSigned(a.hhi_delta ?? 0, 0), 'num'), cell(formatNumber(a.lost_tonnes_avoided_per_musd ?? 0, 2), 'num'),
    cell(formatNumber(a.rank_by_cost_effectiveness ?? 0, 0), 'num'),
  ]));
}

// Stress test -----------------------------------------------------------------------------------------

function subjectIndex() {
  const topology = state.topology ?? {};
  return {
    nodes: new Map((topology.nodes ?? []).map(n => [n.id, n])),
    lanes: new Map((topology.lanes ?? []).map(l => [l.id, l])),
  };
}

function renderStress() {
  const { nodes, lanes } = subjectIndex();
  const list = $('#subject-ids');
  if (list.options.length !== nodes.size + lanes.size) {
    list.replaceChildren(...[...nodes.values()].map(n => element('option', { value: n.id, text: n.name })),
      ...[...lanes.values()].map(l => element('option', { value: l.id, text: l.name })));
  }
  keepFocus($('#stress-chosen'), () => $('#stress-chosen').replaceChildren(...state.stressChosen.map(id => element('li', { class: 'chip', 'data-id': id },
    element('span', { text: nodes.get(id)?.name ?? lanes.get(id)?.name ?? id }),
    element('button', { type: 'button', class: 'remove', 'aria-label': `${t('remove')} ${id}`, text: '×', onclick: () => { state.stressChosen = state.stressChosen.filter(x => x !== id); renderStress(); } })))));

  const results = $('#stress-results');
  const result = state.stressResult;
  if (!result) {
    results.replaceChildren();
    return;
  }
  results.replaceChildren(...(result.commodities ?? []).map(c => element('article', { class: 'stress-commodity', 'data-commodity': c.commodity },
    element('h3', { text: `${c.commodity}: ${t('scoreBefore')} ${formatFixed(c.score_before ?? 0, 1)} → ${t('scoreDuring')} ${formatFixed(c.score_during ?? 0, 1)}` }),
    element('table', { class: 'stress-stages' },
      element('thead', {}, element('tr', {}, ...[t('stage'), t('capacity'), t('capacityLost'), t('availableDuring')].map((h, i) => element('th', { scope: 'col', class: i ? 'num' : undefined, text: h })))),
      element('tbody', {}, ...(c.stages ?? []).map(s => element('tr', {},
        cell(enumText('STAGE', s.stage)), cell(formatNumber(s.capacity_tpd ?? 0, 0), 'num'), cell(formatNumber(s.lost_tpd ?? 0, 1), 'num'),
        cell(formatPercent(s.available_ratio_during ?? 0), 'num'))))),
    (c.downstream ?? []).length === 0
      ? element('p', { class: 'muted', text: t('noDownstream') })
      : element('table', { class: 'stress-downstream' },
        element('caption', { text: t('downstream') }),
        element('thead', {}, element('tr', {}, ...[t('subject'), t('startsDay'), t('shortfall'), t('inventory'), t('runsOut'), t('shortTonnes')].map((h, i) => element('th', { scope: 'col', class: i ? 'num' : undefined, text: h })))),
        element('tbody', {}, ...(c.downstream ?? []).map(d => element('tr', {},
          cell(d.name || d.node_id), cell(formatNumber(d.shortfall_starts_day ?? 0, 1), 'num'), cell(formatNumber(d.shortfall_tpd ?? 0, 1), 'num'),
          cell(formatNumber(d.inventory_t ?? 0, 0), 'num'), cell(d.runs_out_day === undefined ? t('lasts') : formatNumber(d.runs_out_day, 1), 'num'),
          cell(formatNumber(d.short_t ?? 0, 0), 'num'))))))));
}

/** Adds a node or lane id to the stress test; false (with the reason shown) when it is not one. */
function addStressSubject(id) {
  const { nodes, lanes } = subjectIndex();
  const value = id.trim();
  if (!value) return false;
  if (!nodes.has(value) && !lanes.has(value)) {
    $('#stress-error').textContent = t('unknownSubject', { id: value });
    return false;
  }
  $('#stress-error').textContent = '';
  if (!state.stressChosen.includes(value)) state.stressChosen.push(value);
  $('#stress-subject').value = '';
  renderStress();
  return true;
}

async function runStress(event) {
  event.preventDefault();
  if ($('#stress-subject').value.trim() && !addStressSubject($('#stress-subject').value)) return;
  const { nodes } = subjectIndex();
  const button = $('#stress-run');
  button.disabled = true;
  button.textContent = t('running');
  try {
    state.stressResult = await api('/api/v1/stress-tests', {
      method: 'POST',
      body: {
        node_ids: state.stressChosen.filter(id => nodes.has(id)),
        lane_ids: state.stressChosen.filter(id => !nodes.has(id)),
        days: Number($('#stress-days').value),
      },
    });
    $('#stress-error').textContent = '';
  } catch (error) {
    state.stressResult = null;
    $('#stress-error').textContent = error.message;
  } finally {
    button.disabled = false;
    button.textContent = t('run');
  }
  renderStress();
}

// Detail ----------------------------------------------------------------------------------------------

let detailSubject = null;
let detailOpener = null;

async function openDetail(type, id) {
  detailSubject = { type, id };
  // What to focus again when the dialog closes: the opener itself may have been redrawn meanwhile.
  const opener = document.activeElement?.closest?.('[data-node], [data-lane], [data-id]');
  detailOpener = opener ? ['data-node', 'data-lane', 'data-id'].map(a => opener.hasAttribute(a) ? `[${a}="${CSS.escape(opener.getAttribute(a))}"]` : null).find(Boolean) : null;
  const dialog = $('#detail');
  $('#detail-title').textContent = id;
  $('#detail-body').replaceChildren(element('p', { class: 'muted', text: t('loading') }));
  if (!dialog.open) dialog.showModal();
  await renderDetail();
}

async function renderDetail() {
  if (!detailSubject) return;
  const { type, id } = detailSubject;
  let data;
  try {
    data = await api(`/api/v1/${type === 'node' ? 'nodes' : 'lanes'}/${encodeURIComponent(id)}`);
  } catch (error) {
    if (detailSubject?.id === id) $('#detail-body').replaceChildren(element('p', { class: 'error', text: error.message }));
    return;
  }
  // Another subject was opened (or the dialog closed) while this one loaded.
  if (detailSubject?.id !== id || detailSubject?.type !== type) return;
  const spec = type === 'node' ? data.node : data.lane;
  $('#detail-title').textContent = `${spec?.name ?? id}`;
  const facts = type === 'node'
    ? [[t('status'), badge('STATUS', data.status)], [t('country'), spec.country], [t('operator'), spec.operator || t('empty')],
      [t('capacity'), (spec.commodities ?? []).map(c => `${c.commodity} · ${enumText('STAGE', c.stage)} · ${formatNumber(c.capacity_tpd ?? 0, 0)}`).join('; ')]]
    : [[t('status'), badge('STATUS', data.status)], [t('from'), spec.from_node_id], [t('to'), spec.to_node_id],
      [t('baselineTransit'), formatNumber(spec.baseline_transit_h ?? 0, 0)], [t('meanTransit'), data.mean_transit_h ? formatNumber(data.mean_transit_h, 1) : t('empty')],
      [t('capacity'), formatNumber(spec.capacity_tpd ?? 0, 0)]];
  const body = [
    element('p', { class: 'muted small', text: id }),
    element('dl', { class: 'facts' }, ...facts.map(([k, v]) => element('div', {}, element('dt', { text: k }), element('dd', {}, v)))),
  ];
  if (type === 'node') {
    body.push(element('h3', { text: t('metrics') }), element('table', { class: 'metrics' },
      element('thead', {}, element('tr', {}, ...[t('metrics'), t('latest'), t('average'), t('recent')].map(h => element('th', { scope: 'col', text: h })))),
      element('tbody', {}, ...(data.metrics ?? []).map(m => element('tr', { 'data-metric': m.metric, 'data-commodity': m.commodity ?? '' },
        cell(`${enumText('METRIC', m.metric)}${m.commodity ? ` · ${m.commodity}` : ''}`), cell(formatNumber(m.latest ?? 0, 1), 'num'), cell(formatNumber(m.ewma ?? 0, 1), 'num'),
        element('td', {}, sparkline((m.points ?? []).map(p => ({ at: p.at, value: p.value })), { label: `${enumText('METRIC', m.metric)} ${t('recent')}` })))))));
  } else {
    body.push(element('h3', { text: t('shipments') }), element('ul', { class: 'plain' }, ...(data.shipments ?? []).map(s =>
      element('li', { text: `${s.shipment_id} · ${formatNumber(s.quantity_t ?? 0, 0)} t · ${t('eta')} ${formatDateTime(s.eta)}` }))));
  }
  body.push(element('h3', { text: t('disruptions') }));
  const disruptions = data.disruptions ?? [];
  if (disruptions.length === 0) body.push(element('p', { class: 'muted', text: t('noDisruptions') }));
  for (const d of disruptions) {
    body.push(element('article', { class: `disruption ${severityOf(d)}`, 'data-id': d.id },
      element('div', { class: 'feed-line' }, badge('SEVERITY', d.severity), element('strong', { text: enumText('KIND', d.kind) }),
        element('span', { class: `state ${stateOf(d)}`, text: enumText('STATE', d.state) }), element('span', { class: 'muted small', text: `${t('opened')} ${formatDateTime(d.opened_at)}` })),
      element('p', { text: d.summary ?? '' }),
      element('details', {}, element('summary', { text: t('evidence') }), element('ul', { class: 'plain' }, ...(d.evidence ?? []).map(e =>
        element('li', { text: `${enumText('PHASE', e.phase)} · ${formatDateTime(e.observed_at)} · ${e.quantity} ${formatNumber(e.value ?? 0, 2)} / ${formatNumber(e.threshold ?? 0, 2)}${e.note ? ` · ${e.note}` : ''}` })))),
      element('details', {}, element('summary', { text: t('history') }), element('ul', { class: 'plain' }, ...(d.history ?? []).map(h =>
        element('li', { text: `${formatDateTime(h.at)} · ${enumText('STATE', h.state)} · ${enumText('SEVERITY', h.severity)} · ${h.actor} · ${h.reason}` })))),
      actions(d, () => renderDetail())));
  }
  body.push(element('button', { type: 'button', text: t('addToStress'), onclick: () => { addStressSubject(id); $('#detail').close(); document.getElementById('stress-title').scrollIntoView(); } }));
  $('#detail-body').replaceChildren(...body);
}

// Wiring ----------------------------------------------------------------------------------------------

function renderAll() {
  renderHeader();
  renderOverview();
  renderNetwork();
  renderFeed();
  renderGaps();
  renderFeeds();
  renderProjects();
  renderStress();
}

let events = null;

function startEvents() {
  events?.stop();
  events = connectEvents({
    onEvent,
    onState: (value) => {
      if (state.stream !== value && (value === 'live' || state.stream === 'live')) announce(t(value === 'live' ? 'streamLive' : 'streamDown'));
      state.stream = value;
      if (value === 'unauthorized') state.authProblem = currentKey() ? 'keyNotAllowed' : 'signInRequired';
      renderHeader();
    },
    onOpen: () => refresh(),
  });
}

async function loop() {
  try {
    await refresh();
  } catch (error) {
    console.error('refresh loop', error);
  } finally {
    setTimeout(loop, REFRESH_MS);
  }
}

function wire() {
  $('#commodity').addEventListener('change', e => selectCommodity(e.target.value));
  for (const button of document.querySelectorAll('button.lang')) button.addEventListener('click', () => setLanguage(button.dataset.lang));
  for (const button of document.querySelectorAll('button.view')) button.addEventListener('click', () => { state.view = button.dataset.view; renderNetwork(); renderHeader(); });
  $('#network').addEventListener('click', onNetworkActivate);
  $('#network').addEventListener('keydown', onNetworkActivate);
  $('#detail-close').addEventListener('click', () => $('#detail').close());
  $('#detail').addEventListener('close', () => {
    detailSubject = null;
    if (detailOpener) document.querySelector(detailOpener)?.focus();
    detailOpener = null;
    if (feedDeferred) renderFeed();
  });
  $('#stress-add').addEventListener('click', () => addStressSubject($('#stress-subject').value));
  $('#stress-subject').addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); addStressSubject(e.target.value); } });
  $('#stress-form').addEventListener('submit', runStress);
  $('#sign-in').addEventListener('submit', async e => {
    e.preventDefault();
    const key = $('#api-key').value.trim();
    if (!key) return;
    setKey(key);
    $('#api-key').value = '';
    await refreshSession();
    if (!state.session.authenticated || state.session.name === 'anonymous') {
      setKey('');
      await refreshSession();
      state.signInError = 'badKey';
      renderHeader();
      return;
    }
    state.signInError = '';
    state.authProblem = '';
    startEvents();
    refresh();
  });
  $('#sign-out').addEventListener('click', async () => {
    setKey('');
    state.signInError = '';
    await refreshSession();
    startEvents();
    refresh();
  });
  onLanguageChange(() => {
    translatePage();
    renderAll();
    if (detailSubject) renderDetail();
  });
}

translatePage();
wire();
await refreshSession();
startEvents();
loop();
