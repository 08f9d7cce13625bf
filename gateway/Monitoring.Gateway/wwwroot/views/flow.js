// The flow view: material from left (extraction) to right (consumption) laid out by d3-sankey, band widths by
// the square root of each lane's capacity (so a 15 t/d lane is still visible beside a 2,800 t/d one). A lane that
// closes a loop (material going back upstream, as recycling does) cannot be drawn by a Sankey layout: it is left out
// of this view and counted in the note under it (the map shows it).
import { svg } from '../charts.js';
import { element } from '../dom.js';
import { t } from '../i18n.js';
import { labelPx, laneLabel, nodeLabel, stageOf } from './network.js';
import { zoomable } from './zoom.js';

const STAGE_RANK = { EXTRACTION: 0, PROCESSING: 1, LOGISTICS: 2, MANUFACTURING: 3, CONSUMPTION: 4, RECYCLING: 5 };

/**
 * Lanes that close a loop, found by a depth-first walk from the sources (nodes nothing flows into), following
 * lanes towards later stages first: what is dropped is what runs back upstream, so the rest is a DAG.
 */
function acyclic(nodes, lanes, stageOf) {
  const outbound = new Map(nodes.map(n => [n.id, []]));
  const inbound = new Map(nodes.map(n => [n.id, 0]));
  const rank = new Map(nodes.map(n => [n.id, STAGE_RANK[stageOf(n)] ?? 9]));
  for (const lane of lanes) {
    outbound.get(lane.from_node_id).push(lane);
    inbound.set(lane.to_node_id, inbound.get(lane.to_node_id) + 1);
  }
  for (const list of outbound.values()) list.sort((a, b) => rank.get(b.to_node_id) - rank.get(a.to_node_id));
  const mark = new Map();
  const dropped = new Set();
  const visit = id => {
    mark.set(id, 'open');
    for (const lane of outbound.get(id)) {
      const next = mark.get(lane.to_node_id);
      if (next === 'open') dropped.add(lane.id);
      else if (!next) visit(lane.to_node_id);
    }
    mark.set(id, 'done');
  };
  const starts = [...nodes].sort((a, b) => (inbound.get(a.id) > 0) - (inbound.get(b.id) > 0) || rank.get(a.id) - rank.get(b.id));
  for (const n of starts) if (!mark.has(n.id)) visit(n.id);
  return { kept: lanes.filter(l => !dropped.has(l.id)), dropped: dropped.size };
}

export function drawFlow(container, { nodes, lanes, status, highlight, label, key }) {
  const d3 = window.d3;
  const width = Math.max(320, container.clientWidth);
  const height = Math.max(300, container.clientHeight);
  const { kept, dropped } = acyclic(nodes, lanes, stageOf);
  if (kept.length === 0) {
    container.replaceChildren(element('p', { class: 'muted', text: t('noLanes') }));
    return { dropped, zoom() {}, focus() {}, transform: () => ({ k: 1 }) };
  }
  // Sites with no lane of this commodity have no flow to draw: the map shows them.
  const linked = new Set(lanes.flatMap(l => [l.from_node_id, l.to_node_id]));
  const unrouted = nodes.filter(n => !linked.has(n.id)).length;
  const graph = {
    nodes: nodes.filter(n => linked.has(n.id)).map(n => ({ id: n.id, spec: n })),
    links: kept.map(l => ({ source: l.from_node_id, target: l.to_node_id, value: Math.sqrt(Math.max(1, l.capacity_tpd ?? 1)), spec: l })),
  };
  const columns = new Map();
  const layout = d3.sankey().nodeId(d => d.id).nodeAlign(d3.sankeyJustify).nodeWidth(10).nodePadding(4)
    .extent([[4, 8], [width - 4, height - 8]]);
  // Padding from the busiest column, so even the tallest column fits its panel.
  const probe = layout({ nodes: graph.nodes.map(n => ({ ...n })), links: graph.links.map(l => ({ ...l })) });
  for (const n of probe.nodes) columns.set(n.layer, (columns.get(n.layer) ?? 0) + 1);
  const tallest = Math.max(1, ...columns.values());
  layout.nodePadding(Math.max(1, Math.min(12, (height * 0.45) / tallest)));
  const { nodes: placed, links: placedLinks } = layout(graph);
  const lastLayer = Math.max(0, ...placed.map(n => n.layer));

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: `network-chart flow${highlight.size ? ' highlighting' : ''}`, role: 'group', 'aria-label': label });
  const viewport = svg('g', { class: 'viewport' });
  chart.append(viewport);
  const link = d3.sankeyLinkHorizontal();
  for (const l of placedLinks) {
    const laneStatus = status.get(l.spec.id) ?? 'OPERATIONAL';
    const label = laneLabel(l.spec, laneStatus);
    viewport.append(svg('g', { class: `lane ${laneStatus}${highlight.has(l.spec.id) ? ' hl' : ''}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-lane': l.spec.id }, [
      svg('title', {}, [document.createTextNode(label)]),
      svg('path', { d: link(l), class: 'lane-band', 'stroke-width': Math.max(1.5, l.width) }),
    ]));
  }
  const labels = svg('g', { class: 'labels' });
  const named = [];
  for (const n of placed) {
    const nodeStatus = status.get(n.id) ?? 'OPERATIONAL';
    const label = nodeLabel(n.spec, nodeStatus);
    const h = Math.max(2, n.y1 - n.y0);
    const lit = highlight.has(n.id);
    viewport.append(svg('g', { class: `node ${nodeStatus}${lit ? ' hl' : ''}`, tabindex: 0, role: 'button', 'aria-label': label, 'data-node': n.id }, [
      svg('title', {}, [document.createTextNode(label)]),
      svg('rect', { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: h, rx: 2 }),
    ]));
    const right = n.layer < lastLayer;
    const text = svg('text', { 'text-anchor': right ? 'start' : 'end', class: `node-label ${nodeStatus}${lit ? ' hl' : ''}`, 'aria-hidden': 'true' });
    labels.append(text);
    named.push({ n, text, right, always: nodeStatus !== 'OPERATIONAL' || lit, room: h + layout.nodePadding() });
  }
  viewport.append(labels);
  // Column spacing: a label gets the room to the next column, more as the drawing zooms in.
  const px = labelPx(width);
  const gap = lastLayer > 0 ? (width - 8) / (lastLayer + 1) : width / 2;
  const fit = k => {
    for (const { n, text, right, always, room } of named) {
      const shown = always || room * k >= px - 1;
      text.style.display = shown ? '' : 'none';
      if (!shown) continue;
      const chars = Math.max(8, Math.floor((gap * k - 16) / (px * 0.57)));
      const name = n.spec.name.length > chars ? `${n.spec.name.slice(0, chars - 1)}…` : n.spec.name;
      if (text.textContent !== name) text.textContent = name;
      text.setAttribute('x', right ? n.x1 + 4 / k : n.x0 - 4 / k);
      text.setAttribute('y', (n.y0 + n.y1) / 2 + px / 3 / k);
      text.setAttribute('font-size', px / k);
      text.style.strokeWidth = `${3 / k}px`;
    }
  };
  container.replaceChildren(chart);
  let pending = false;
  const zoom = zoomable(chart, viewport, width, height, `${key}|${width}x${height}`, () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fit(zoom.transform().k); });
  });
  fit(zoom.transform().k);
  return { dropped, unrouted, ...zoom };
}
