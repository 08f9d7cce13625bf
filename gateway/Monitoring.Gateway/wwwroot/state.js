// What the page knows (from the API and the live stream) and which views redraw when it changes.
import { $ } from './dom.js';

export const REFRESH_MS = 5000;
export const PROJECTS_REFRESH_MS = 60000;
export const FEED_STALE_S = 60;
export const FEED_LIMIT = 60;
export const INCIDENT_LIMIT = 100;
export const GAPS_SHOWN = 10;
export const TREND_POINTS = 240;
export const WALL_ROTATE_S = 20;

export const state = {
  session: { authenticated: false, name: '', role: '' },
  overview: null,
  topology: null,
  topologyVersion: -1,
  active: new Map(), // disruption id → disruption (open or acknowledged)
  feed: new Map(), // disruption id → latest version seen (active or recently closed), for the live list
  incidents: new Map(), // incident id → latest version seen (active or recently closed)
  liveIncidentAt: new Map(), // incident id → when a live event about it last arrived
  indicators: new Map(), // commodity → indicators
  trends: new Map(), // commodity → [{at, value}]
  projects: [],
  projectsAt: 0,
  commodity: localStorage.getItem('monitoring.commodity') || 'cu',
  view: new URLSearchParams(location.search).get('view') === 'map' ? 'map' : 'flow',
  lastUpdated: null,
  reachable: true,
  stream: 'connecting',
  stressChosen: [],
  sourcing: null, // the selected commodity's sourcing (views/sourcing.js)
  highlight: null, // id of the incident whose subjects the network highlights
  feedFilter: { commodity: 'selected', severity: '', state: 'all' },
  wall: new URLSearchParams(location.search).get('wall') === '1',
  stressResult: null,
  liveAt: new Map(), // disruption id → when a live event about it last arrived
  clockOffset: 0,
  authProblem: '',
  signInError: '',
};

export const isAdmin = () => state.session.role === 'admin';

let index = { version: null, nodes: new Map(), lanes: new Map() };

/** The topology's nodes and lanes by id, built once per topology version. */
export function subjects() {
  if (index.version !== state.topologyVersion) {
    const topology = state.topology ?? {};
    index = {
      version: state.topologyVersion,
      nodes: new Map((topology.nodes ?? []).map(n => [n.id, n])),
      lanes: new Map((topology.lanes ?? []).map(l => [l.id, l])),
    };
  }
  return index;
}

/** Whether an id is one of the topology's lanes (otherwise a node). */
export const isLane = id => subjects().lanes.has(id);

/** A node's or lane's name (the id while the topology loads). */
export const subjectName = id => subjects().nodes.get(id)?.name ?? subjects().lanes.get(id)?.name ?? id;

/** The server's clock, so feed ages are right even on a wall PC whose clock is off. */
export function serverNow() {
  return Date.now() + (state.clockOffset ?? 0);
}

/** The views' draw functions, registered by app.js (views import state, not one another's wiring). */
export const views = {};

/** Bursts of events are drawn once per frame. */
const pendingRenders = new Set();
export function scheduleRender(parts) {
  const first = pendingRenders.size === 0;
  for (const part of parts) pendingRenders.add(part);
  if (!first) return;
  requestAnimationFrame(() => {
    if (pendingRenders.has('feed')) views.feed();
    if (pendingRenders.has('incidents')) views.incidents();
    if (pendingRenders.has('incidents') && !pendingRenders.has('overview')) views.overview();
    if (pendingRenders.has('network')) views.network();
    if (pendingRenders.has('overview')) views.overview();
    pendingRenders.clear();
  });
}

/** Says something to screen readers once (the lists themselves are not live regions: they redraw). */
export function announce(text) {
  const region = $('#announcer');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}
