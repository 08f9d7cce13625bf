// The map view: nodes at their coordinates over Natural Earth coastlines (world-atlas, served by the gateway,
// drawn with d3-geo). Nodes closer than a finger's width on screen are drawn as one cluster with a count;
// choosing it zooms in until they separate. Disrupted and highlighted nodes are always labelled; lanes are
// great-circle arcs, faint unless degraded, disrupted or highlighted.
import { svg } from '../charts.js';
import { t } from '../i18n.js';
import { labelPx, laneLabel, nodeLabel } from './network.js';
import { zoomable } from './zoom.js';

const CLUSTER_PX = 16;
/** Sites at the same place are set this far apart (drawing units), so the deepest zoom parts them. */
const SAME_PLACE_OFFSET = 1.6;
const RANK = { DISRUPTED: 3, DEGRADED: 2, UNKNOWN: 1, OPERATIONAL: 0 };
let land = null;
let landLoading = null;
const landPaths = new Map(); // "width×height|extent" → the coastlines' path, projected once per size

/** The coastlines, fetched once from the gateway (lib/countries-50m.json); the drawing is redone when they arrive. */
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

/** Where each node is drawn: its projected position, sites at the same place spread on a small circle. */
function positions(located, projection) {
  const at = new Map();
  const byPlace = new Map();
  for (const n of located) {
    const [x, y] = projection([n.lon, n.lat]);
    const place = `${Math.round(x * 2)},${Math.round(y * 2)}`;
    if (!byPlace.has(place)) byPlace.set(place, []);
    byPlace.get(place).push({ n, x, y });
  }
  for (const group of byPlace.values()) {
    group.forEach(({ n, x, y }, i) => {
      const angle = (2 * Math.PI * i) / group.length;
      const r = group.length > 1 ? SAME_PLACE_OFFSET : 0;
      at.set(n.id, [x + r * Math.cos(angle), y + r * Math.sin(angle)]);
    });
  }
  return at;
}

export function drawMap(container, { nodes, lanes, status, highlight, label, key, redraw }) {
  const d3 = window.d3;
  const width = Math.max(320, container.clientWidth);
  const height = Math.max(300, container.clientHeight);
  const located = nodes.filter(n => Number.isFinite(n.lat) && Number.isFinite(n.lon));
  // Fitted to the nodes with a margin of a few degrees, so one node (or several at one place) still gives a map.
  const lons = located.map(n => n.lon);
  const lats = located.map(n => n.lat);
  const extent = located.length === 0 ? [[-180, -60], [180, 75]]
    : [[Math.min(...lons) - 4, Math.max(-85, Math.min(...lats) - 4)], [Math.max(...lons) + 4, Math.min(85, Math.max(...lats) + 4)]];
  const projection = d3.geoNaturalEarth1().fitExtent([[24, 24], [width - 24, height - 24]],
    { type: 'MultiPoint', coordinates: [...located.map(n => [n.lon, n.lat]), ...extent] });
  const path = d3.geoPath(projection);
  const at = positions(located, projection);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: `network-chart map${highlight.size ? ' highlighting' : ''}`, role: 'group', 'aria-label': label });
  const viewport = svg('g', { class: 'viewport' });
  chart.append(viewport);
  const base = svg('g', { class: 'basemap', 'aria-hidden': 'true' });
  viewport.append(base);
  if (land) {
    const cacheKey = `${width}×${height}|${extent.flat().join(',')}`;
    if (!landPaths.has(cacheKey)) {
      landPaths.clear();
      landPaths.set(cacheKey, { ocean: path({ type: 'Sphere' }), graticule: path(d3.geoGraticule10()), land: path(land) });
    }
    const paths = landPaths.get(cacheKey);
    base.replaceChildren(svg('path', { d: paths.ocean, class: 'ocean' }), svg('path', { d: paths.graticule, class: 'graticule' }), svg('path', { d: paths.land, class: 'land' }));
  } else {
    loadLand(redraw);
  }

  const laneLayer = svg('g', { class: 'lanes' });
  for (const lane of lanes) {
    const laneStatus = status.get(lane.id) ?? 'OPERATIONAL';
    const from = located.find(n => n.id === lane.from_node_id);
    const to = located.find(n => n.id === lane.to_node_id);
    if (!from || !to) continue;
    const name = laneLabel(lane, laneStatus);
    const d = path({ type: 'LineString', coordinates: [[from.lon, from.lat], [to.lon, to.lat]] });
    laneLayer.append(svg('g', { class: `lane ${laneStatus}${highlight.has(lane.id) ? ' hl' : ''}`, tabindex: 0, role: 'button', 'aria-label': name, 'data-lane': lane.id }, [
      svg('title', {}, [document.createTextNode(name)]),
      svg('path', { d, class: 'lane-hit' }),
      svg('path', { d, class: 'lane-line' }),
    ]));
  }
  viewport.append(laneLayer);
  const nodeLayer = svg('g', { class: 'nodes' });
  viewport.append(nodeLayer);

  const px = labelPx(width);
  let clusters = new Map();
  const drawNodes = k => {
    // The keyboard focus stays on the mark of the node (or cluster) it was on, or on what that cluster became.
    const focused = nodeLayer.contains(document.activeElement) ? (document.activeElement.dataset.node ?? document.activeElement.dataset.cluster) : null;
    clusters = cluster(located, at, status, highlight, k);
    nodeLayer.replaceChildren(...[...clusters.values()].map(c => c.members.length === 1
      ? single(c.members[0], at.get(c.members[0].id), status, highlight, k, px)
      : group(c, status, highlight, k, px)));
    if (focused) nodeLayer.querySelector(`[data-node="${CSS.escape(focused)}"], [data-cluster="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  };
  let scale = 1;
  let pending = false;
  const zoom = zoomable(chart, viewport, width, height, `${key}|${width}x${height}`, transform => {
    if (transform.k === scale || pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; scale = zoom.transform().k; drawNodes(scale); });
  });
  scale = zoom.transform().k;
  drawNodes(scale);
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
