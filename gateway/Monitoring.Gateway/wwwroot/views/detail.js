// The detail dialog of a node or lane: facts, metrics with recent points or shipments, disruptions with evidence and history.
import { api } from '../api.js';
import { sparkline } from '../charts.js';
import { $, badge, cell, element, severityOf, stateOf } from '../dom.js';
import { commodityName, countryName, enumText, formatDateTime, formatNumber, t } from '../i18n.js';
import { subjectName } from '../state.js';
import { quantityText } from '../words.js';
import { actions, reasonLine } from './disruptions.js';
import { addStressSubject } from './stress.js';

let detailSubject = null;
let detailOpener = null;

export async function openDetail(type, id) {
  detailSubject = { type, id };
  // What to focus again when the dialog closes: the opener itself may have been redrawn meanwhile.
  const opener = document.activeElement?.closest?.('[data-node], [data-lane], [data-id]');
  detailOpener = opener ? ['data-node', 'data-lane', 'data-id'].map(a => opener.hasAttribute(a) ? `[${a}="${CSS.escape(opener.getAttribute(a))}"]` : null).find(Boolean) : null;
  const dialog = $('#detail');
  $('#detail-title').textContent = subjectName(id);
  $('#detail-body').replaceChildren(element('p', { class: 'muted', text: t('loading') }));
  if (!dialog.open) dialog.showModal();
  await renderDetail();
}

async function renderDetail() {
  if (!detailSubject) return;
  const { type, id } = detailSubject;
  let data;
  try {
    data = await api(`/api/v1/${type === 'node' ? 'nodes' : 'lanes'}/${encodeURIComponent(id)}`);
  } catch (error) {
    if (detailSubject?.id === id) $('#detail-body').replaceChildren(element('p', { class: 'error', text: error.message }));
    return;
  }
  // Another subject was opened (or the dialog closed) while this one loaded.
  if (detailSubject?.id !== id || detailSubject?.type !== type) return;
  const spec = type === 'node' ? data.node : data.lane;
  $('#detail-title').textContent = `${spec?.name ?? id}`;
  const facts = type === 'node'
    ? [[t('status'), badge('STATUS', data.status)], [t('country'), countryName(spec.country)], [t('operator'), spec.operator || t('empty')],
      [t('capacity'), (spec.commodities ?? []).map(c => `${commodityName(c.commodity)} · ${enumText('STAGE', c.stage)} · ${formatNumber(c.capacity_tpd ?? 0, 0)}`).join('; ')]]
    : [[t('status'), badge('STATUS', data.status)], [t('from'), subjectName(spec.from_node_id)], [t('to'), subjectName(spec.to_node_id)],
      [t('commodity'), `${commodityName(spec.commodity)} · ${enumText('MODE', spec.mode)}`],
      [t('baselineTransit'), formatNumber(spec.baseline_transit_h ?? 0, 0)], [t('meanTransit'), data.mean_transit_h ? formatNumber(data.mean_transit_h, 1) : t('empty')],
      [t('capacity'), formatNumber(spec.capacity_tpd ?? 0, 0)]];
  const body = [
    element('dl', { class: 'facts' }, ...facts.map(([k, v]) => element('div', {}, element('dt', { text: k }), element('dd', {}, v)))),
  ];
  if (type === 'node') {
    body.push(element('h3', { text: t('metrics') }), element('table', { class: 'metrics' },
      element('thead', {}, element('tr', {}, ...[t('metrics'), t('latest'), t('average'), t('recent')].map(h => element('th', { scope: 'col', text: h })))),
      element('tbody', {}, ...(data.metrics ?? []).map(m => element('tr', { 'data-metric': m.metric, 'data-commodity': m.commodity ?? '' },
        cell(`${enumText('METRIC', m.metric)}${m.commodity ? ` · ${commodityName(m.commodity)}` : ''}`), cell(formatNumber(m.latest ?? 0, 1), 'num'), cell(formatNumber(m.ewma ?? 0, 1), 'num'),
        element('td', {}, sparkline((m.points ?? []).map(p => ({ at: p.at, value: p.value })), { label: `${enumText('METRIC', m.metric)} ${t('recent')}` })))))));
  } else {
    body.push(element('h3', { text: t('shipments') }), element('ul', { class: 'plain' }, ...(data.shipments ?? []).map(s =>
      element('li', { text: `${s.shipment_id} · ${formatNumber(s.quantity_t ?? 0, 0)} t · ${t('eta')} ${formatDateTime(s.eta)}` }))));
  }
  body.push(element('h3', { text: t('disruptions') }));
  const disruptions = data.disruptions ?? [];
  if (disruptions.length === 0) body.push(element('p', { class: 'muted', text: t('noDisruptions') }));
  for (const d of disruptions) {
    body.push(element('article', { class: `disruption ${severityOf(d)}`, 'data-id': d.id },
      element('div', { class: 'feed-line' }, badge('SEVERITY', d.severity), element('strong', { text: enumText('KIND', d.kind) }),
        element('span', { class: `state ${stateOf(d)}`, text: enumText('STATE', d.state) }), element('span', { class: 'muted small', text: `${t('opened')} ${formatDateTime(d.opened_at)}` })),
      element('p', {}, ...reasonLine(d)),
      d.provider_message ? element('p', { class: 'muted' }, `${t('operatorMessage')}: `, element('q', { text: d.provider_message })) : '',
      element('details', {}, element('summary', { text: t('evidence') }), element('ul', { class: 'plain' }, ...(d.evidence ?? []).map(e =>
        element('li', { text: `${enumText('PHASE', e.phase)} · ${formatDateTime(e.observed_at)} · ${quantityText(e.quantity)}: ${formatNumber(e.value ?? 0, 2)} / ${formatNumber(e.threshold ?? 0, 2)}` })))),
      element('details', {}, element('summary', { text: t('history') }), element('ul', { class: 'plain' }, ...(d.history ?? []).map(h =>
        element('li', { text: [formatDateTime(h.at), enumText('STATE', h.state), enumText('SEVERITY', h.severity), ...(h.actor === 'system' ? [] : [h.actor, h.reason])].join(' · ') })))),
      actions(d, () => renderDetail())));
  }
  body.push(element('button', { type: 'button', text: t('addToStress'), onclick: () => { addStressSubject(id); $('#detail').close(); document.getElementById('stress-title').scrollIntoView(); } }));
  $('#detail-body').replaceChildren(...body);
}

/** The dialog closed: focus goes back to what opened it. */
export function detailClosed() {
  detailSubject = null;
  if (detailOpener) document.querySelector(detailOpener)?.focus();
  detailOpener = null;
}

/** Redraws the open dialog, if any (after a language change). */
export function refreshDetail() {
  if (detailSubject) renderDetail();
}
