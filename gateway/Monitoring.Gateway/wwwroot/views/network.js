// The network of the chosen commodity, by flow (left to right) or on a map, coloured by status.
import { svg } from '../charts.js';
import { $, bare, element, keepFocus, severityOf } from '../dom.js';
import { currentLanguage, enumText, t } from '../i18n.js';
import { FLOW_COLUMN_WIDTH, FLOW_LABEL_WIDTH, STAGE_ORDER, state } from '../state.js';
import { openDetail } from './detail.js';

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

export function renderNetwork() {
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

export function onNetworkActivate(event) {
  const target = event.target.closest('[data-node], [data-lane]');
  if (!target) return;
  if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  if (target.dataset.node) openDetail('node', target.dataset.node);
  else openDetail('lane', target.dataset.lane);
}
