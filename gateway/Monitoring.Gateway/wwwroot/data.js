// Reading the gateway: the periodic refresh, the rankings, and live events merged into the page's state.
import { api, ApiError } from './api.js';
import { isActive } from './dom.js';
import { enumText, t } from './i18n.js';
import { announce, FEED_LIMIT, INCIDENT_LIMIT, isAdmin, PROJECTS_REFRESH_MS, scheduleRender, state, TREND_POINTS, views } from './state.js';
import { mergeIncident } from './views/incidents.js';
import { incidentTitle } from './words.js';

export async function refreshSession() {
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
export function refresh() {
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
    const [active, recent, incidents] = await Promise.all([
      api('/api/v1/disruptions?limit=2000').then(r => r.disruptions ?? []),
      api(`/api/v1/disruptions?include_closed=true&limit=${FEED_LIMIT}`).then(r => r.disruptions ?? []),
      api(`/api/v1/incidents?include_closed=true&limit=${INCIDENT_LIMIT}`).then(r => r.incidents ?? []),
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
    const known = state.incidents;
    state.incidents = new Map(incidents.map(i => [i.id, { ...i, members: known.get(i.id)?.members, timeline: known.get(i.id)?.timeline }]));
    for (const [id, i] of known) if ((state.liveIncidentAt.get(id) ?? 0) >= startedAt && (i.version ?? 0) > (state.incidents.get(id)?.version ?? -1)) state.incidents.set(id, i);
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
  views.all();
  refreshRankings();
}

/** Rankings are secondary and slower: fetched after the page is drawn, and a failure never marks the page unreachable. */
async function refreshRankings() {
  if (Date.now() - state.projectsAt < PROJECTS_REFRESH_MS || !(state.topologyVersion > 0)) return;
  state.projectsAt = Date.now();
  try {
    state.projects = (await api('/api/v1/project-rankings', { method: 'POST', body: {} })).appraisals ?? [];
    views.projects();
  } catch (error) {
    state.projectsAt = 0;
    console.warn('project rankings failed', error);
  }
}

function setReachable(reachable) {
  if (state.reachable !== reachable) announce(t(reachable ? 'gatewayBack' : 'gatewayGone'));
  state.reachable = reachable;
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

export function onEvent(name, event) {
  if (event.disruption) {
    const d = event.disruption;
    const isNew = !state.feed.has(d.id) || state.feed.get(d.id).opened_at !== d.opened_at;
    mergeFeed(d);
    if (isActive(d)) state.active.set(d.id, d);
    else state.active.delete(d.id);
    if (isNew && isActive(d)) announce(`${enumText('SEVERITY', d.severity)}: ${d.subject_name || d.subject_id} — ${enumText('KIND', d.kind)}`);
    scheduleRender(['feed', 'network', 'overview']);
  } else if (event.incident) {
    const i = event.incident;
    const isNew = !state.incidents.has(i.id);
    if (!mergeIncident(i)) return;
    if (isNew && isActive(i)) announce(`${enumText('SEVERITY', i.severity)}: ${incidentTitle(i)}`);
    scheduleRender(['incidents']);
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
