// The map view: nodes at their coordinates over Natural Earth coastlines (world-atlas, served by the gateway,
// drawn with d3-geo). Nodes closer than a finger's width on screen are drawn as one cluster with a count;
// choosing it zooms in until they separate. Disrupted and highlighted nodes are always labelled; lanes are
// great-circle arcs, faint unless degraded, disrupted or highlighted.
import { svg } from '../charts.js';
import { t } from '../i18n.js';
import { labelPx, laneLabel, nodeLabel } from './network.js';
import { zoomable } from './zoom.js';

const CLUSTER_PX = 16;
const RANK = { DISRUPTED: 3, DEGRADED: 2, UNKNOWN: 1, OPERATIONAL: 0 };
let land = null;
let landLoading = null;

/** The coastlines, fetched once from the gateway (lib/countries-50m.json). */
function loadLand(redraw) {
  if (land || landLoading) return;
  landLoading = fetch('lib/countries-50m.json')
    .then(r => r.json())
    .then(world => {
      land = window.topojson.feature(world, world.objects.countries);
      redraw();
    })
    .catch(error => console.warn('coastlines', error))
    .finally(() => { landLoading = null; });
}

export function drawMap(container, { nodes, lanes, status, highlight }) {
  const d3 = window.d3;
  const width = Math.max(320, container.clientWidth);
  const height = Math.max(300, container.clientHeight);
  const located = nodes.filter(n => Number.isFinite(n.lat) && Number.isFinite(n.lon));
  const projection = d3.geoNaturalEarth1().fitExtent([[24, 24], [width - 24, height - 24]],
    { type: 'MultiPoint', coordinates: located.map(n => [n.lon, n.lat]) });
  const path = d3.geoPath(projection);
  const at = new Map(located.map(n => [n.id, projection([n.lon, n.lat])]));

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: `network-chart map${highlight.size ? ' highlighting' : ''}`, role: 'group' });
  const viewport = svg('g', { class: 'viewport' });
  chart.append(viewport);
  const base = svg('g', { class: 'basemap', 'aria-hidden': 'true' });
  viewport.append(base);
  const drawLand = () => {
    if (!land) return;
    base.replaceChildren(svg('path', { d: path({ type: 'Sphere' }), class: 'ocean' }), svg('path', { d: path(d3.geoGraticule10()), class: 'graticule' }),
      svg('path', { d: path(land), class: 'land' }));
  };
  drawLand();
  loadLand(drawLand);

  const laneLayer = svg('g', { class: 'lanes' });
  for (const lane of lanes) {
    const laneStatus = status.get(lane.id) ?? 'OPERATIONAL';
    const from = located.find(n => n.id === lane.from_node_id);
    const to = located.find(n => n.id === lane.to_node_id);
    if (!from || !to) continue;
    const label = laneLabel(lane, laneStatus);
    laneLayer.append(svg('g', { class: `lane ${laneStatus}${highlight.has(lane.id) ? ' hl' : ''}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-lane': lane.id }, [
      svg('title', {}, [document.createTextNode(label)]),
      svg('path', { d: path({ type: 'LineString', coordinates: [[from.lon, from.lat], [to.lon, to.lat]] }), class: 'lane-line' }),
    ]));
  }
  viewport.append(laneLayer);
  const nodeLayer = svg('g', { class: 'nodes' });
  viewport.append(nodeLayer);

  const px = labelPx(width);
  let clusters = new Map();
  const drawNodes = k => {
    clusters = cluster(located, at, status, highlight, k);
    nodeLayer.replaceChildren(...[...clusters.values()].map(c => c.members.length === 1
      ? single(c.members[0], at.get(c.members[0].id), status, highlight, k, px)
      : group(c, status, highlight, k, px)));
  };
  let scale = 1;
  let pending = false;
  const zoom = zoomable(chart, viewport, width, height, transform => {
    if (transform.k === scale || pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; scale = zoom.transform().k; drawNodes(scale); });
  });
  drawNodes(1);
  container.replaceChildren(chart);
  return {
    ...zoom,
    dropped: 0,
    openCluster(key) {
      const c = clusters.get(key);
      if (c) zoom.focus(c.x, c.y, Math.min(12, scale * 3));
    },
  };
}

/** Greedy clustering in screen pixels at zoom k: the worst-status nodes first, so they anchor their clusters. */
function cluster(nodes, at, status, highlight, k) {
  const order = [...nodes].sort((a, b) => (RANK[status.get(b.id)] ?? 0) - (RANK[status.get(a.id)] ?? 0) || (highlight.has(b.id) - highlight.has(a.id)));
  const clusters = [];
  for (const n of order) {
    const [x, y] = at.get(n.id);
    const near = clusters.find(c => Math.hypot((c.x - x) * k, (c.y - y) * k) < CLUSTER_PX);
    if (near) near.members.push(n);
    else clusters.push({ key: n.id, x, y, members: [n] });
  }
  return new Map(clusters.map(c => [c.key, c]));
}

function single(node, [x, y], status, highlight, k, px) {
  const nodeStatus = status.get(node.id) ?? 'OPERATIONAL';
  const lit = highlight.has(node.id);
  const label = nodeLabel(node, nodeStatus);
  const children = [svg('title', {}, [document.createTextNode(label)]), svg('circle', { cx: x, cy: y, r: 6 / k })];
  if (nodeStatus !== 'OPERATIONAL' || lit || k >= 4) {
    children.push(svg('text', { x: x + 9 / k, y: y + px / 3 / k, 'font-size': px / k, 'stroke-width': 3 / k, class: 'node-label', 'aria-hidden': 'true' }, [document.createTextNode(node.name)]));
  }
  return svg('g', { class: `node ${nodeStatus}${lit ? ' hl' : ''}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-node': node.id }, children);
}

function group(c, status, highlight, k, px) {
  const worst = c.members.map(n => status.get(n.id) ?? 'OPERATIONAL').sort((a, b) => (RANK[b] ?? 0) - (RANK[a] ?? 0))[0];
  const lit = c.members.some(n => highlight.has(n.id));
  const names = c.members.map(n => n.name);
  const label = t('clusterOf', { n: names.length, names: names.join(', ') });
  const children = [svg('title', {}, [document.createTextNode(label)]), svg('circle', { cx: c.x, cy: c.y, r: 10 / k }),
    svg('text', { x: c.x, y: c.y, dy: '0.35em', 'text-anchor': 'middle', 'font-size': 11 / k, class: 'count', 'aria-hidden': 'true' }, [document.createTextNode(String(names.length))])];
  // A cluster holding something disrupted says so by name.
  const flagged = c.members.find(n => (status.get(n.id) ?? 'OPERATIONAL') !== 'OPERATIONAL' || highlight.has(n.id));
  if (flagged) children.push(svg('text', { x: c.x + 13 / k, y: c.y + px / 3 / k, 'font-size': px / k, 'stroke-width': 3 / k, class: 'node-label', 'aria-hidden': 'true' }, [document.createTextNode(flagged.name)]));
  return svg('g', { class: `node cluster ${worst}${lit ? ' hl' : ''}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-cluster': c.key }, children);
}
