// The operations dashboard: overview, incidents, network, live disruptions, gaps, feeds, candidate projects and
// stress tests, over the gateway's JSON API and live event stream. Plain modules, no network access
// beyond the gateway. This module wires the views (views/) to the page's state (state.js, data.js).
import { connectEvents, currentKey, setKey } from './api.js';
import { onEvent, refresh, refreshSession } from './data.js';
import { $ } from './dom.js';
import { onLanguageChange, setLanguage, t, translatePage } from './i18n.js';
import { announce, REFRESH_MS, state, views, WALL_ROTATE_S } from './state.js';
import { detailClosed, refreshDetail } from './views/detail.js';
import { catchUpFeed, onFilterChange, renderFeed } from './views/disruptions.js';
import { incidentClosed, openIncident, renderIncident } from './views/incident.js';
import { renderIncidents } from './views/incidents.js';
import { renderHeader } from './views/header.js';
import { onNetworkActivate, renderNetwork, zoomNetwork } from './views/network.js';
import { renderOverview, selectCommodity } from './views/overview.js';
import { addStressSubject, renderStress, runStress } from './views/stress.js';
import { refreshSourcing, renderSourcing } from './views/sourcing.js';
import { renderFeeds, renderGaps, renderProjects } from './views/tables.js';

function renderAll() {
  renderHeader();
  renderOverview();
  renderIncidents();
  renderNetwork();
  renderFeed();
  renderGaps();
  renderFeeds();
  renderProjects();
  renderStress();
  renderSourcing();
  refreshSourcing();
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
  for (const button of document.querySelectorAll('button.zoom')) button.addEventListener('click', () => zoomNetwork(button.dataset.zoom));
  for (const select of document.querySelectorAll('#feed-filters select')) select.addEventListener('change', onFilterChange);
  $('#network').addEventListener('click', onNetworkActivate);
  $('#network').addEventListener('keydown', onNetworkActivate);
  $('#detail-close').addEventListener('click', () => $('#detail').close());
  $('#incident-close').addEventListener('click', () => $('#incident').close());
  $('#incident').addEventListener('close', () => {
    incidentClosed();
    renderIncidents();
    const url = new URL(location.href);
    if (url.searchParams.has('incident')) {
      url.searchParams.delete('incident');
      history.replaceState(null, '', url);
    }
  });
  $('#detail').addEventListener('close', () => {
    detailClosed();
    catchUpFeed();
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
    refreshDetail();
    renderIncident();
  });
}

/**
 * Wall mode (?wall=1) for the operations center's big screen: no controls, larger type, and the commodities
 * shown in turn, every WALL_ROTATE_S seconds or ?rotate=<s> (a highlighted incident holds its commodity).
 */
function startWall() {
  document.body.classList.add('wall');
  document.documentElement.classList.add('wall');
  const seconds = Math.max(2, Number(new URLSearchParams(location.search).get('rotate')) || WALL_ROTATE_S);
  setInterval(() => {
    const codes = (state.overview?.commodities ?? []).map(c => c.code);
    if (codes.length < 2 || state.highlight) return;
    state.commodity = codes[(codes.indexOf(state.commodity) + 1) % codes.length];
    renderAll();
  }, seconds * 1000);
}

translatePage();
wire();
if (state.wall) startWall();
await refreshSession();
startEvents();
loop();
// A link to an incident (an alert's, for example) opens it.
const linked = new URL(location.href).searchParams.get('incident');
if (linked) openIncident(linked);

Object.assign(views, { all: renderAll, feed: renderFeed, incidents: renderIncidents, network: renderNetwork, overview: renderOverview, projects: renderProjects });
