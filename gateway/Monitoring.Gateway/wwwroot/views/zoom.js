// Zoom and pan for the network drawings (d3-zoom): Ctrl + wheel or two fingers zoom, dragging pans, and the
// panel's + − Fit buttons; a plain wheel or one finger scrolls the page as everywhere else. The transform is
// kept per drawing (view and commodity), so a redraw after a live change leaves the operator where they were.

const kept = new Map();

export function zoomable(chart, viewport, width, height, key, onZoom = () => {}) {
  const d3 = window.d3;
  const behaviour = d3.zoom().scaleExtent([1, 12]).translateExtent([[0, 0], [width, height]])
    .filter(event => event.type === 'wheel' ? event.ctrlKey || event.metaKey
      : event.type.startsWith('touch') ? (event.touches?.length ?? 0) > 1
      : !event.button)
    .on('zoom', event => {
      viewport.setAttribute('transform', event.transform.toString());
      kept.set(key, event.transform);
      onZoom(event.transform);
    });
  const selection = d3.select(chart).call(behaviour);
  // d3-zoom turns off the browser's own touch gestures; the page must still scroll under one finger.
  chart.style.touchAction = 'pan-x pan-y';
  const previous = kept.get(key);
  if (previous) selection.call(behaviour.transform, previous);
  return {
    zoom(how) {
      if (how === 'in') selection.transition().duration(200).call(behaviour.scaleBy, 1.6);
      else if (how === 'out') selection.transition().duration(200).call(behaviour.scaleBy, 1 / 1.6);
      else selection.transition().duration(200).call(behaviour.transform, d3.zoomIdentity);
    },
    /** Zooms to a point (x, y in drawing units) at scale k. */
    focus(x, y, k) {
      selection.transition().duration(300).call(behaviour.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-x, -y));
    },
    transform: () => d3.zoomTransform(chart),
  };
}
