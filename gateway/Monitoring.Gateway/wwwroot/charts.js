// Small SVG charts: sparklines and component bars. No library, no network.

const SVG = 'http://www.w3.org/2000/svg';

export function svg(name, attributes = {}, children = []) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  for (const child of children) element.append(child);
  return element;
}

/**
 * A sparkline of [{at, value}] (oldest first), scaled to its own range. With one point it draws a flat
 * line; with none, nothing but its frame. `label` is read by screen readers.
 */
export function sparkline(points, { width = 160, height = 36, label = '', className = 'sparkline' } = {}) {
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: className, role: 'img', 'aria-label': label });
  if (points.length === 0) return chart;
  // Readings can arrive out of order (a provider resending older ones): draw them in time order.
  points = [...points].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  const times = points.map(p => new Date(p.at).getTime());
  const values = points.map(p => Number(p.value ?? 0));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const v0 = Math.min(...values);
  const v1 = Math.max(...values);
  const pad = 3;
  const x = t => (t1 === t0 ? width - pad : pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = v => (v1 === v0 ? height / 2 : height - pad - ((v - v0) / (v1 - v0)) * (height - 2 * pad));
  const coordinates = points.length === 1
    ? [[pad, y(values[0])], [width - pad, y(values[0])]]
    : times.map((t, i) => [x(t), y(values[i])]);
  chart.append(svg('polyline', { points: coordinates.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' '), fill: 'none', 'stroke-width': 2 }));
  const [lx, ly] = coordinates[coordinates.length - 1];
  chart.append(svg('circle', { cx: lx.toFixed(1), cy: ly.toFixed(1), r: 2.5 }));
  return chart;
}

/** A horizontal bar for a ratio in [0, 1]. */
export function bar(ratio, label) {
  const value = Math.max(0, Math.min(1, Number(ratio ?? 0)));
  const chart = svg('svg', { viewBox: '0 0 100 8', preserveAspectRatio: 'none', class: 'bar', role: 'img', 'aria-label': label });
  chart.append(svg('rect', { x: 0, y: 0, width: 100, height: 8, class: 'bar-track' }));
  chart.append(svg('rect', { x: 0, y: 0, width: (value * 100).toFixed(1), height: 8, class: value < 0.4 ? 'bar-fill low' : value < 0.7 ? 'bar-fill mid' : 'bar-fill' }));
  return chart;
}
