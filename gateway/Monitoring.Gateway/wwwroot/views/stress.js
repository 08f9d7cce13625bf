// The stress test: nodes and lanes down for some days, and what that costs each commodity downstream.
import { api } from '../api.js';
import { $, cell, element, keepFocus } from '../dom.js';
import { enumText, formatFixed, formatNumber, formatPercent, t } from '../i18n.js';
import { state } from '../state.js';

function subjectIndex() {
  const topology = state.topology ?? {};
  return {
    nodes: new Map((topology.nodes ?? []).map(n => [n.id, n])),
    lanes: new Map((topology.lanes ?? []).map(l => [l.id, l])),
  };
}

export function renderStress() {
  const { nodes, lanes } = subjectIndex();
  const list = $('#subject-ids');
  if (list.options.length !== nodes.size + lanes.size) {
    list.replaceChildren(...[...nodes.values()].map(n => element('option', { value: n.id, text: n.name })),
      ...[...lanes.values()].map(l => element('option', { value: l.id, text: l.name })));
  }
  keepFocus($('#stress-chosen'), () => $('#stress-chosen').replaceChildren(...state.stressChosen.map(id => element('li', { class: 'chip', 'data-id': id },
    element('span', { text: nodes.get(id)?.name ?? lanes.get(id)?.name ?? id }),
    element('button', { type: 'button', class: 'remove', 'aria-label': `${t('remove')} ${id}`, text: '×', onclick: () => { state.stressChosen = state.stressChosen.filter(x => x !== id); renderStress(); } })))));

  const results = $('#stress-results');
  const result = state.stressResult;
  if (!result) {
    results.replaceChildren();
    return;
  }
  results.replaceChildren(...(result.commodities ?? []).map(c => element('article', { class: 'stress-commodity', 'data-commodity': c.commodity },
    element('h3', { text: `${c.commodity}: ${t('scoreBefore')} ${formatFixed(c.score_before ?? 0, 1)} → ${t('scoreDuring')} ${formatFixed(c.score_during ?? 0, 1)}` }),
    element('table', { class: 'stress-stages' },
      element('thead', {}, element('tr', {}, ...[t('stage'), t('capacity'), t('capacityLost'), t('availableDuring')].map((h, i) => element('th', { scope: 'col', class: i ? 'num' : undefined, text: h })))),
      element('tbody', {}, ...(c.stages ?? []).map(s => element('tr', {},
        cell(enumText('STAGE', s.stage)), cell(formatNumber(s.capacity_tpd ?? 0, 0), 'num'), cell(formatNumber(s.lost_tpd ?? 0, 1), 'num'),
        cell(formatPercent(s.available_ratio_during ?? 0), 'num'))))),
    (c.downstream ?? []).length === 0
      ? element('p', { class: 'muted', text: t('noDownstream') })
      : element('table', { class: 'stress-downstream' },
        element('caption', { text: t('downstream') }),
        element('thead', {}, element('tr', {}, ...[t('subject'), t('startsDay'), t('shortfall'), t('inventory'), t('runsOut'), t('shortTonnes')].map((h, i) => element('th', { scope: 'col', class: i ? 'num' : undefined, text: h })))),
        element('tbody', {}, ...(c.downstream ?? []).map(d => element('tr', {},
          cell(d.name || d.node_id), cell(formatNumber(d.shortfall_starts_day ?? 0, 1), 'num'), cell(formatNumber(d.shortfall_tpd ?? 0, 1), 'num'),
          cell(formatNumber(d.inventory_t ?? 0, 0), 'num'), cell(d.runs_out_day === undefined ? t('lasts') : formatNumber(d.runs_out_day, 1), 'num'),
          cell(formatNumber(d.short_t ?? 0, 0), 'num'))))))));
}

/** Adds a node or lane id to the stress test; false (with the reason shown) when it is not one. */
export function addStressSubject(id) {
  const { nodes, lanes } = subjectIndex();
  const value = id.trim();
  if (!value) return false;
  if (!nodes.has(value) && !lanes.has(value)) {
    $('#stress-error').textContent = t('unknownSubject', { id: value });
    return false;
  }
  $('#stress-error').textContent = '';
  if (!state.stressChosen.includes(value)) state.stressChosen.push(value);
  $('#stress-subject').value = '';
  renderStress();
  return true;
}

export async function runStress(event) {
  event.preventDefault();
  if ($('#stress-subject').value.trim() && !addStressSubject($('#stress-subject').value)) return;
  const { nodes } = subjectIndex();
  const button = $('#stress-run');
  button.disabled = true;
  button.textContent = t('running');
  try {
    state.stressResult = await api('/api/v1/stress-tests', {
      method: 'POST',
      body: {
        node_ids: state.stressChosen.filter(id => nodes.has(id)),
        lane_ids: state.stressChosen.filter(id => !nodes.has(id)),
        days: Number($('#stress-days').value),
      },
    });
    $('#stress-error').textContent = '';
  } catch (error) {
    state.stressResult = null;
    $('#stress-error').textContent = error.message;
  } finally {
    button.disabled = false;
    button.textContent = t('run');
  }
  renderStress();
}
