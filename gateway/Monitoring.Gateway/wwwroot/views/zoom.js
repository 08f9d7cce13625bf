// Zoom and pan for the network drawings (d3-zoom): wheel and drag, and the panel's + − Fit buttons.

export function zoomable(chart, viewport, width, height, onZoom = () => {}) {
  const d3 = window.d3;
  const behaviour = d3.zoom().scaleExtent([1, 12]).translateExtent([[0, 0], [width, height]])
    .on('zoom', event => {
      viewport.setAttribute('transform', event.transform.toString());
      onZoom(event.transform);
    });
  const selection = d3.select(chart).call(behaviour);
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
