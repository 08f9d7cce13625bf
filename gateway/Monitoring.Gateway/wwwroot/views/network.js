// The network of the chosen commodity, by flow (d3-sankey: flow.js) or on a map (d3-geo over Natural Earth
// coastlines: map.js), coloured by status, with the highlighted incident's nodes and lanes standing out.
// Both fit their panel and zoom and pan (d3-zoom: wheel, drag, the + − Fit buttons).
import { $, bare, element, keepFocus, severityOf } from '../dom.js';
import { commodityName, countryName, currentLanguage, enumText, t } from '../i18n.js';
import { state } from '../state.js';
import { openDetail } from './detail.js';
import { drawFlow } from './flow.js';
import { highlightedSubjects } from './incidents.js';
import { drawMap } from './map.js';

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

export function stageOf(node) {
  const role = (node.commodities ?? []).find(c => c.commodity === state.commodity);
  return bare(role?.stage ?? '');
}

/** Label size on screen, px: larger on a wide panel and on the wall screen. */
export function labelPx(width) {
  return state.wall ? 18 : width >= 1600 ? 14 : 12;
}

/** What a screen reader and a hover read for a node or a lane. */
export function nodeLabel(node, status) {
  return `${node.name} (${countryName(node.country)}, ${enumText('STAGE', stageOf(node))}) — ${enumText('STATUS', status)}`;
}

export function laneLabel(lane, status) {
  return `${lane.name} (${enumText('MODE', lane.mode)}, ${commodityName(lane.commodity)}) — ${enumText('STATUS', status)}`;
}

let networkSignature = '';
let current = null;

export function renderNetwork() {
  const container = $('#network');
  const { nodes, lanes } = commodityNetwork();
  const status = statusBySubject();
  const highlight = highlightedSubjects();
  // Redrawn only when something it shows changed: the commodity, the view, the topology, the language, a status, the highlight or the size.
  const signature = [state.commodity, state.view, state.topologyVersion, currentLanguage(), nodes.length, container.clientWidth, state.highlight, highlight.size,
    ...[...status].filter(([id]) => id).sort(([a], [b]) => a.localeCompare(b)).map(([id, value]) => `${id}=${value}`)].join('|');
  if (signature === networkSignature && container.firstChild) return;
  networkSignature = signature;
  drawLegend();
  if (nodes.length === 0 || !window.d3) {
    container.replaceChildren(element('p', { class: 'muted', text: t('loading') }));
    return;
  }
  const label = `${t('network')}: ${commodityName(state.commodity)} (${t(state.view === 'map' ? 'mapView' : 'flowView')})`;
  keepFocus(container, () => {
    const draw = state.view === 'map' ? drawMap : drawFlow;
    current = draw(container, { nodes, lanes, status, highlight, label, key: `${state.view}|${state.commodity}`, redraw });
  });
  $('#network-note').textContent = state.view === 'map' ? t('mapAttribution') : [
    current?.dropped > 0 ? t('returnFlows', { n: current.dropped }) : '',
    current?.unrouted > 0 ? t('unroutedSites', { n: current.unrouted }) : '',
  ].filter(Boolean).join(' ');
}

/** Draws again even if nothing it shows changed (the coastlines arrived). */
function redraw() {
  networkSignature = '';
  renderNetwork();
}

/** The + − Fit buttons. */
export function zoomNetwork(how) {
  current?.zoom(how);
}

function drawLegend() {
  $('#legend').replaceChildren(...['OPERATIONAL', 'DEGRADED', 'DISRUPTED', 'UNKNOWN'].map(s =>
    element('li', {}, element('span', { class: `swatch ${s}`, 'aria-hidden': 'true' }), enumText('STATUS', s))));
}

export function onNetworkActivate(event) {
  const target = event.target.closest('[data-node], [data-lane], [data-cluster]');
  if (!target) return;
  if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  if (target.dataset.cluster) current?.openCluster(target.dataset.cluster);
  else if (target.dataset.node) openDetail('node', target.dataset.node);
  else openDetail('lane', target.dataset.lane);
}

// The drawing follows the panel's width (a window resized, a phone turned).
new ResizeObserver(() => renderNetwork()).observe(document.getElementById('network'));
